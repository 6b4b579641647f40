#!/bin/bash
# xenpv-run turns every way a kernel can end into the right exit status and
# a readable reason: a pass, a non-zero exit status, a panic, a CPU fault
# Xen catches, a hang; and it rejects bad usage up front.
. "$(dirname "$0")/lib.sh"
require_boot
tap_plan 22

run_kernel boot
tap_ok $((rc != 0)) "a passing kernel exits 0"
contains '^(XEN) Xen version'; tap_ok $? "the console includes Xen's own boot lines"
contains '^xenpv: kernel booting on Xen'; tap_ok $? "the kernel's console output arrives"
contains '^xenpv-stat: boot_ns=[1-9][0-9]*$'; tap_ok $? "the kernel reports boot_ns"
contains 'Hardware Dom0 shutdown'; tap_ok $? "the kernel shut down cleanly through Xen"

run_kernel verdict-panic
tap_ok $((rc != 3)) "a panicking kernel exits 3"
contains '^Kernel panic: deliberate panic'; tap_ok $? "the panic message is shown"
contains 'xenpv-run: FAIL: kernel panicked: deliberate panic.* (in module verdict (init))$'; tap_ok $? "xenpv-run names the panic and the module as the reason"

run_kernel verdict-exit3
tap_ok $((rc != 1)) "a kernel that exits with status 3 fails with exit 1"
contains 'FAIL: kernel exit status 3'; tap_ok $? "xenpv-run reports the kernel's exit status"

run_kernel verdict-fault
tap_ok $((rc == 0 || rc == 2 || rc == 4 || rc == 77)) "a kernel that faults fails (exit $rc)"
contains 'FAIL: kernel \(crashed\|panicked\).*in module verdict (init)'; tap_ok $? "xenpv-run reports the crash and the faulting module"

run_kernel verdict-hang --timeout 6
tap_ok $((rc != 4)) "a hanging kernel fails with exit 4 after the timeout"
contains 'FAIL: timed out after 6s'; tap_ok $? "xenpv-run reports the timeout"

out=$($XENPV_RUN 2>&1); rc=$?
tap_ok $((rc != 2)) "no kernel given is a usage error"
out=$($XENPV_RUN --timeout soon "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
tap_ok $((rc != 2)) "a bad --timeout is a usage error"
out=$($XENPV_RUN --domu --batch "${TMPDIR:-/tmp}/no-such-batch.$$" --guest-args 'other=x=1' \
	"$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 2 ] && contains "guest-args for 'other', but the guests are: boot"
tap_ok $? "--guest-args for a guest the batch does not have is a usage error naming the guests"
out=$($XENPV_RUN --domu --guest-args 'boot=x=1' "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 2 ] && contains 'guest-args goes with --domu --batch'
tap_ok $? "--guest-args without --batch is a usage error"
out=$($XENPV_RUN --domu --dom0-file /nonexistent/back "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 2 ] && contains "no dom0 file '/nonexistent/back'"
tap_ok $? "a missing --dom0-file is a usage error that names it"
out=$($XENPV_RUN --dom0 --dom0-file "$0" "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 2 ] && contains "dom0-file goes with --domu"
tap_ok $? "--dom0-file without --domu is a usage error"
out=$($XENPV_RUN --domu --dom0-file "$0" --dom0-file "$(dirname "$0")/../host/${0##*/}" "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 2 ] && contains "two dom0 files named"
tap_ok $? "two --dom0-file of the same name are a usage error"
out=$(XENPV_XEN=/nonexistent/xen XENPV_REQUIRE_BOOT=0 $XENPV_RUN --tap "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 0 ] && contains '^1\.\.0 # SKIP no PV32-capable Xen.*xenpv-build-xen'
tap_ok $? "without a PV32 Xen a TAP run is a skip that says how to get one"

[ $tap_failed = 0 ]
