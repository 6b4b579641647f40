#!/bin/bash
# xenpv-run turns every way a kernel can end into the right exit status
# and a readable reason, as dom0 and as a domU under xl (the verdict-*
# kernels of verdict.c): a pass, a non-zero exit status, a panic (with
# its backtrace), a CPU fault, a hang (its FAIL line once, QEMU's noise
# left out), a kernel that never gives a verdict; as a domU also one that
# xl refuses to start, and dom0's own checks (verdict.dom0.sh) failing
# before, between create and unpause, or after a kernel, all in one dom0
# boot.  It rejects bad usage up front, and a replayed failure says so
# once.
. "$(dirname "$0")/../host/lib.sh"
require_boot
require_boot --domu
tap_plan 56

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
contains "${frame}deliberate_panic+0x[0-9a-f]*/0x[0-9a-f]*\$" && contains "${frame}verdict_init+0x"
tap_ok $? "panic prints a backtrace naming its callers"
contains 'Hardware Dom0 crashed'; tap_ok $? "the panic ends in SHUTDOWN_crash, which Xen reports"

run_kernel verdict-exit3
tap_ok $((rc != 1)) "a kernel that exits with status 3 fails with exit 1"
contains 'FAIL: kernel exit status 3'; tap_ok $? "xenpv-run reports the kernel's exit status"

run_kernel verdict-fault
tap_ok $((rc == 0 || rc == 2 || rc == 4 || rc == 77)) "a kernel that faults fails (exit $rc)"
contains 'FAIL: kernel \(crashed\|panicked\).*in module verdict (init)'; tap_ok $? "xenpv-run reports the crash and the faulting module"

run_kernel verdict-hang --timeout 6
tap_ok $((rc != 4)) "a hanging kernel fails with exit 4 after the timeout"
contains 'FAIL: timed out after 6s'; tap_ok $? "xenpv-run reports the timeout"
contains '^verdict kernel 2 starting'; tap_ok $? "what the hanging kernel printed arrives"
[ "$(printf '%s\n' "$out" | grep -c 'FAIL: ')" = 1 ]
tap_ok $? "its FAIL line comes once"
! contains 'terminating on signal'
tap_ok $? "QEMU's 'terminating on signal' stays out of the output"

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
out=$($XENPV_RUN --domu --dom0-file "$0" --dom0-file "$(dirname "$0")/../judged/${0##*/}" "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 2 ] && contains "two dom0 files named"
tap_ok $? "two --dom0-file of the same name are a usage error"
out=$(XENPV_XEN=/nonexistent/xen XENPV_REQUIRE_BOOT=0 $XENPV_RUN --tap "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 0 ] && contains '^1\.\.0 # SKIP no PV32-capable Xen.*xenpv-build-xen'
tap_ok $? "without a PV32 Xen a TAP run is a skip that says how to get one"

rec=$(mktemp "${TMPDIR:-/tmp}/xenpv-record.XXXXXX")
printf 'xenpv-exit: 3\n# xenpv-run: FAIL: kernel exit status 3\n# xenpv-run: exit-status 1\n' >"$rec"
try $XENPV_RUN --replay "$rec"
rm -f "$rec"
[ "$rc" = 1 ] && [ "$(printf '%s\n' "$out" | grep -c 'FAIL: ')" = 1 ]
tap_ok $? "a replayed failure exits 1 with its FAIL line once"

# ---- as domUs, in one dom0 boot ----
dir=$(mktemp -d "${TMPDIR:-/tmp}/verdict.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# An ELF image without Xen's notes: xl's domain builder finds no loader.
objcopy --remove-section='.note*' "$XENPV_TESTS/guest/boot.xen" "$dir/no-notes.xen"

run_batch "$dir" --timeout 6 --dom0-script "$(dirname "$0")/verdict.dom0.sh" \
	--dom0-file "$(dirname "$0")/verdict.dom0.sh" -- \
	boot verdict-panic verdict-exit3 verdict-fault verdict-silent verdict-hang "$dir/no-notes.xen" \
	boot boot boot
tap_ok $((batch_rc != 5)) "the batch exits with its kernels' highest status (5 here; got $batch_rc)"
printf '%s\n' "$batch_out" | grep -q '^# xenpv-run: verdict-panic: FAIL: kernel panicked'
tap_ok $? "the batch names each kernel with its verdict"

load_record "$dir" boot
tap_ok $rc "a passing domU exits 0"
contains '^(XEN) Xen version'; tap_ok $? "its record has Xen's boot lines, as Xen marks them"
contains '^(dom0) .*Linux version'; tap_ok $? "and Linux dom0's, marked (dom0)"
contains '^xenpv: kernel booting on Xen (domU)'; tap_ok $? "and the domU's own console, unmarked"
contains '^(dom0) xenpv-dom0: guest boot: dom0 script: created: domain [1-9][0-9]* boot --p---$'
tap_ok $? "the dom0 script's created step runs with DOMID set, the domain paused, a --dom0-file beside it"

load_record "$dir" verdict-panic
tap_ok $((rc != 3)) "a panicking domU exits 3"
contains 'FAIL: kernel panicked: deliberate panic.* (in module verdict (init))$'; tap_ok $? "the reason names the panic and the module"
contains '^(dom0) xenpv-dom0: guest verdict-panic: end crash'; tap_ok $? "Xen's toolstack saw the domain crash"

load_record "$dir" verdict-exit3
tap_ok $((rc != 1)) "a domU that exits with status 3 fails with exit 1"
contains 'FAIL: kernel exit status 3$'; tap_ok $? "the reason gives the status"

load_record "$dir" verdict-fault
tap_ok $((rc != 3)) "a faulting domU exits 3"
contains 'FAIL: kernel \(crashed\|panicked\).*in module verdict (init)'; tap_ok $? "the reason names the fault's module"

load_record "$dir" verdict-silent
tap_ok $((rc != 5)) "a domU that shuts down without a verdict exits 5"
contains "FAIL: no verdict: the kernel never printed 'xenpv-exit: STATUS'"; tap_ok $? "the reason says no verdict came"

load_record "$dir" verdict-hang
tap_ok $((rc != 4)) "a hanging domU exits 4 after its timeout, measured in wall-clock time"
contains 'FAIL: timed out after 6s with no verdict'; tap_ok $? "the reason says it timed out"

load_record "$dir" no-notes
tap_ok $((rc != 5)) "a kernel xl refuses to build exits 5"
contains 'FAIL: the kernel never started: xl create refused it:'; tap_ok $? "the reason quotes xl's refusal"

load_record "$dir" boot-2
tap_ok $((rc != 1)) "a passing domU whose dom0 check fails afterwards exits 1"
contains "FAIL: dom0's check after the domain failed" && contains "dom0 script: the disk's checksum is wrong"
tap_ok $? "the reason says so, and the check's own words are in the record"

load_record "$dir" boot-3
tap_ok $((rc != 5)) "a domU whose dom0 preparation fails never starts (exit 5)"
contains "FAIL: the kernel never started: the dom0 script's prepare step failed" && contains "dom0 script: no disk to give it"
tap_ok $? "the reason says so, with the script's words"

load_record "$dir" boot-4
tap_ok $((rc != 5)) "a domU whose dom0 created step fails never starts (exit 5)"
contains "FAIL: the kernel never started: the dom0 script's created step failed" && contains "dom0 script: no device nodes for it"
tap_ok $? "the reason says so, with the script's words"
contains '^(dom0) xenpv-dom0: guest boot-4: end created-failed' && ! contains '^xenpv: kernel booting'
tap_ok $? "and the domain was destroyed before its kernel ran"

out=$(XENPV_DOM0=/nonexistent XENPV_REQUIRE_BOOT=0 $XENPV_RUN --tap --domu "$XENPV_TESTS/guest/boot.xen" 2>&1); rc=$?
[ $rc = 0 ] && contains '^1\.\.0 # SKIP no dom0 for the domU bench.*xenpv-build-dom0'
tap_ok $? "without a dom0 a TAP run is a skip that says how to get one"

[ $tap_failed = 0 ]
