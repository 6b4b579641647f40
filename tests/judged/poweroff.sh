#!/bin/bash
# A dom0 that powers off is recognised at once: Xen halts the machine,
# which never ends QEMU by itself, and xenpv-run must not wait for its
# timeout.  (A FAIL line once and QEMU's noise left out: verdict.sh.)
. "$(dirname "$0")/../host/lib.sh"
require_boot
tap_plan 2

start=$SECONDS
run_kernel poweroff --timeout 60
tap_ok $rc "a dom0 that powers off after 'xenpv-exit: 0' passes"
[ $((SECONDS - start)) -lt 30 ]
tap_ok $? "and is recognised at once, not at the timeout ($((SECONDS - start)) s of 60)"
[ $tap_failed = 0 ]
