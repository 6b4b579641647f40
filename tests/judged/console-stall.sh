#!/bin/bash
# A console backend that stops: dom0 (console-stall.dom0.sh) freezes
# xenconsoled for 2.5 s while the kernel (console-stall.c) prints; printk
# waits 0.5 s, then drops and counts, reports the loss once the ring
# moves again, and the kernel reaches its verdict.  As a domU only (dom0
# has no ring to stall); the record comes from make check's batch
# (tests/local.mk).
. "$(dirname "$0")/../host/lib.sh"
require_boot --domu
tap_plan 3

load_record "$XENPV_TESTS/guest/domu" console-stall
tap_ok $rc "domU: a kernel whose console backend stops still reaches its verdict"
contains '^(dom0) xenpv-dom0: guest console-stall: dom0 script: xenconsoled stopped'; tap_ok $? "domU: dom0 stopped xenconsoled"
# A loaded host may stall the backend more than once: each stall gets its
# line, and together they account for every byte dropped.
dropped=$(printf '%s\n' "$out" | sed -n 's/^xenpv-stat: console_dropped_bytes=\([0-9]*\)$/\1/p')
reported=$(printf '%s\n' "$out" | sed -n 's/^xenpv: console: \([0-9]*\) bytes dropped while the backend was stalled$/\1/p' |
	awk '{ n += $1 } END { print n + 0 }')
[ -n "$dropped" ] && [ "$dropped" -gt 0 ] && [ "$reported" = "$dropped" ]
tap_ok $? "domU: the console says how many bytes were dropped (${dropped:-none}; reported ${reported}), once the backend is back"

[ $tap_failed = 0 ]
