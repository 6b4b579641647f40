#!/bin/bash
# As a domU under xl, xenpv-run turns every way a kernel can end into the
# right exit status and a reason that names what happened, as it does for
# dom0 (verdicts.sh): a pass, a non-zero exit status, a panic, a fault, a
# hang, a kernel that never gives a verdict, one that xl refuses to
# start, and dom0's own checks (a dom0 script) failing before, between
# create and unpause, or after a kernel.  All of them run in one dom0 boot.
. "$(dirname "$0")/lib.sh"
require_boot --domu
tap_plan 28

dir=$(mktemp -d "${TMPDIR:-/tmp}/verdicts-domu.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# An ELF image without Xen's notes: xl's domain builder finds no loader.
objcopy --remove-section='.note*' "$XENPV_TESTS/guest/boot.xen" "$dir/no-notes.xen"

run_batch "$dir" --timeout 6 --dom0-script "$(dirname "$0")/verdicts.dom0.sh" \
	--dom0-file "$(dirname "$0")/verdicts.dom0.sh" -- \
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
