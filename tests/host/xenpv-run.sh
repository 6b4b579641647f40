#!/bin/bash
# xenpv-run's own manners: a dom0 that powers off is recognised at once
# (Xen halts the machine, which never ends QEMU by itself); a failure's
# FAIL line reaches a reader of stdout and stderr together once, from a
# boot and from a replay; QEMU's "terminating on signal" when xenpv-run
# stops it stays out of the output.
. "$(dirname "$0")/lib.sh"
require_boot
tap_plan 6

start=$SECONDS
run_kernel poweroff --timeout 60
tap_ok $rc "a dom0 that powers off after 'xenpv-exit: 0' passes"
[ $((SECONDS - start)) -lt 30 ]
tap_ok $? "and is recognised at once, not at the timeout ($((SECONDS - start)) s of 60)"

run_kernel verdict-hang --timeout 3
tap_ok $((rc != 4)) "a hanging kernel times out (exit 4)"
[ "$(printf '%s\n' "$out" | grep -c 'FAIL: ')" = 1 ]
tap_ok $? "its FAIL line comes once"
! contains 'terminating on signal'
tap_ok $? "QEMU's 'terminating on signal' stays out of the output"

rec=$(mktemp "${TMPDIR:-/tmp}/xenpv-record.XXXXXX")
printf 'xenpv-exit: 3\n# xenpv-run: FAIL: kernel exit status 3\n# xenpv-run: exit-status 1\n' >"$rec"
try $XENPV_RUN --replay "$rec"
rm -f "$rec"
[ "$rc" = 1 ] && [ "$(printf '%s\n' "$out" | grep -c 'FAIL: ')" = 1 ]
tap_ok $? "a replayed failure exits 1 with its FAIL line once"
[ $tap_failed = 0 ]
