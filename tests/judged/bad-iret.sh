#!/bin/bash
# Xen's own return to the kernel faults (HYPERVISOR_iret to a not-present
# code segment).  Xen 4.17 reflects that as #NP at the target; older Xen
# entered the failsafe callback.  Either way the kernel must say what
# happened, naming the target, and stop: never hang or die silently.
. "$(dirname "$0")/../host/lib.sh"
require_boot
tap_plan 3

run_kernel bad-iret
tap_ok $((rc != 3)) "a kernel whose return from Xen faults exits 3"
target=$(printf '%s\n' "$out" | sed -n 's/^bad-iret kernel: iret through Xen to \([0-9a-f]*\):0x\([0-9a-f]*\),.*/\1 \2/p')
set -- $target
if contains '^Xen failsafe callback'; then
	contains "^Xen failsafe callback: returning to 0*$2 cs $1 "
	tap_ok $? "the failsafe callback reports the eip and cs of the frame ($target)"
	contains 'xenpv-run: FAIL: kernel panicked: failsafe callback: the return to [0-9a-f]* faulted'
	tap_ok $? "it panics, and xenpv-run reports that"
else
	tap_diag "this Xen reflects the faulting iret as an exception"
	contains "^EIP: $1:\[<0*$2>\]"
	tap_ok $? "the oops shows the cs:eip Xen could not return to ($target)"
	contains 'xenpv-run: FAIL: kernel panicked: unhandled segment not present at failsafe_target'
	tap_ok $? "it is reported as a segment-not-present oops at the target"
fi

[ $tap_failed = 0 ]
