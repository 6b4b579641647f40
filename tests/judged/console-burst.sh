#!/bin/bash
# A 1 MiB burst of console output, lines longer than the domU ring among
# them, arrives complete and in order: as dom0 through console_io on
# Xen's console, and as a domU through the ring, xenconsoled and dom0's
# console log.  The kernel (console-burst.c beside this) checks that
# printk waited rather than dropped; this checks what arrived.
. "$(dirname "$0")/../host/lib.sh"
require_boot --domu
tap_plan 10

# Every "burst N ..." line in order from 0, each with its recomputable
# payload; prints "lines bad" ("bad" counts wrong or missing lines).
check_burst() {
	printf '%s\n' "$out" | awk '
	/^burst [0-9]+ / {
		n = $2 + 0
		len = (n % 64 == 63) ? 3000 : 40 + n % 37
		c = substr("abcdefghijklmnopqrstuvwxyz", n % 26 + 1, 1)
		want = sprintf("burst %06d ", n)
		for (i = 0; i < len; i++) want = want c
		if (n != next_n || $0 != want) bad++
		next_n = n + 1
	}
	/^console-burst: lines=/ { split($2, a, "="); total = a[2] + 0 }
	END { if (next_n != total) bad++; print next_n, bad + 0 }'
}

run_kernel console-burst --timeout 90
tap_ok $rc "dom0: the burst kernel passes"
read -r lines bad < <(check_burst)
[ "${bad:-none}" = 0 ]
tap_ok $? "dom0: all ${lines:-no} lines arrived in order and intact on Xen's console (${bad:-no count} bad)"
contains '^xenpv-stat: console_burst_bytes=10[0-9]\{5\}$'; tap_ok $? "dom0: over 1 MiB was written"

# As a domU it is part of make check's batch (tests/guest/domu/.batch).
load_record "$XENPV_TESTS/guest/domu" console-burst
dir=$(mktemp -d "${TMPDIR:-/tmp}/console-burst.XXXXXX")
trap 'rm -rf "$dir"' EXIT
tap_ok $rc "domU: the burst kernel passes"
read -r lines bad < <(check_burst)
[ "${bad:-none}" = 0 ]
tap_ok $? "domU: all ${lines:-no} lines arrived in order and intact (${bad:-no count} bad)"
contains '^xenpv-stat: console_burst_bytes=10[0-9]\{5\}$'; tap_ok $? "domU: over 1 MiB was written"
logged=$(printf '%s\n' "$out" | sed -n 's/.*guest console-burst: end poweroff .*console_log_bytes=\([0-9]*\) .*/\1/p')
[ -n "$logged" ] && [ "$logged" -gt 1048576 ]
tap_ok $? "domU: dom0's console log holds all of it (${logged:-no} bytes)"
contains '^ok 2 - domU: printk waited for xenconsoled'; tap_ok $? "domU: printk waited for the backend when the ring was full"

# A console that does not arrive whole is a failure, never a pass: here
# dom0's init (a copy of the real one) loses lines on their way out.
sed 's/print p held; used += length(held) + 1/if (NR % 5) print p held; used += length(held) + 1/' \
	"$(dirname "$XENPV_TESTS")/sdk/xenpv-dom0-init" >"$dir/lossy-init"
XENPV_DOM0_INIT=$dir/lossy-init run_batch "$dir" -- boot
load_record "$dir" boot
tap_ok $((rc != 5)) "a domU console that arrives incomplete fails (exit 5)"
contains 'FAIL: the console arrived incomplete: dom0 logged [0-9]* bytes, [0-9]* reached xenpv-run'
tap_ok $? "the reason says how much dom0 logged and how much arrived"

[ $tap_failed = 0 ]
