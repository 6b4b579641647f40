#!/bin/bash
# Options are checked, and never hide the protocol: the consoles of the
# options kernel (tests/guest/options.c, arguments in options.args) as
# dom0 (loglevel=3) and as a domU of the batch (loglevel=abc) show a
# report for every bad value, bare option, unknown option and the cut
# command line, naming what is accepted, and still their TAP lines and
# verdict.  Reads the logs make check left; boots nothing itself.
. "$(dirname "$0")/lib.sh"
require_boot
require_boot --domu

tap_plan 21
for role in dom0 domU; do
	if [ $role = dom0 ]; then
		out=$(cat "$XENPV_TESTS/guest/options.log" 2>&1)
		tap_diag "--- options.xen as dom0 ---" "$out"
	else
		load_record "$XENPV_TESTS/guest/domu" options
	fi
	contains '^xenpv-exit: 0$' && contains '^ok 1 - options.count=42' && contains '^1\.\.16$'
	tap_ok $? "$role: the verdict and the TAP lines are there"
	contains 'option xenpv\.mmu_batch=-1 is not a number from 1 to 512 (pagetable updates per mmu_update call): ignored, keeping 512'
	tap_ok $? "$role: xenpv.mmu_batch=-1 reported with the range and the default kept"
	contains 'option xenpv\.console_stall_ms=99999999 is not a number from 1 to 3600000 .*keeping 5000'
	tap_ok $? "$role: xenpv.console_stall_ms=99999999 reported as out of range"
	contains 'option xenpv\.lazy_cpu=banana is not 0 or 1, n or y, no or yes, off or on (.*keeping 1'
	tap_ok $? "$role: xenpv.lazy_cpu=banana reported with what a bool accepts"
	contains 'option xenpv\.xenstore_timeout_ms needs a value, a number from 1 to 3600000 .*keeping 5000'
	tap_ok $? "$role: a bare xenpv.xenstore_timeout_ms reported"
	contains 'option options\.longer=toolongvalue is not a value of at most 7 bytes .*keeping "dflt"'
	tap_ok $? "$role: a module's string parameter too long reported"
	contains 'unknown option xenpv\.nosuch=1: ignored (xenpv\.\* options: .*mmu_batch'
	tap_ok $? "$role: an unknown xenpv.* option reported, with the known ones"
	contains 'unknown option options\.nosuch: ignored (options\.\* options: .*count)'
	tap_ok $? "$role: an unknown option of a module with parameters reported"
	contains 'the command line fills all 1023 bytes Xen passes: anything after "\.\.\.x*" was cut off'
	tap_ok $? "$role: the cut command line reported"
done
contains 'option loglevel=abc is not a number from 0 to 7'
tap_ok $? "domU: loglevel=abc reported"
contains '^xenpv: command line: .*\.\.\.$' && contains '^xenpv-stat: boot_mmu_update_calls='
tap_ok $? "domU: the echo of the long command line, cut by printk, still ends its line"
out=$(cat "$XENPV_TESTS/guest/options.log" 2>&1)
! contains '^xenpv: kernel booting'
tap_ok $? "dom0: loglevel=3 hid the info lines (and nothing of the protocol)"
[ $tap_failed = 0 ]
