#!/bin/bash
# An op that must not fail, refused by Xen inside a batched context
# switch, is reported with its name and place in the batch, then panics
# (SHUTDOWN_crash, xenpv-run exit 3) instead of going on in a half-made
# switch.
. "$(dirname "$0")/../host/lib.sh"
require_boot
tap_plan 4

run_kernel mc-fatal
tap_ok $((rc != 3)) "a kernel whose context switch Xen refuses exits 3"
contains '^xen: mmuext_op NEW_BASEPTR (hypercall 26, entry 1 of [0-9]* in a batch) failed: -[0-9]*$'
tap_ok $? "the refused entry is reported by name, op and place in the batch"
contains 'mc-fatal: the task ran'; tap_ok $((!$?)) "the task never runs"
contains 'xenpv-run: FAIL: kernel panicked: xen: mmuext_op NEW_BASEPTR failed'
tap_ok $? "xenpv-run reports the panic, naming the op"

[ $tap_failed = 0 ]
