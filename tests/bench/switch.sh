#!/bin/bash
# Context switch benchmark: boots the task test kernel (tests/guest/
# tasks.xen) with lazy CPU mode (the switch batched into one multicall)
# and with the unbatched baseline (xenpv.lazy_cpu=0), and prints its
# hypercalls and nanoseconds per switch side by side (medians).  A
# measurement, not a test: it never fails on numbers.
#
#   tests/bench/switch.sh [RUNS]      (make bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup tests/guest/tasks.xen "${1:-}"

collect batched
collect baseline xenpv.lazy_cpu=0

printf '%-26s %16s %16s\n' "xenpv-stat ($runs runs, median)" "batched" "xenpv.lazy_cpu=0"
for key in context_switch_hypercalls context_switch_ns; do
	printf '%-26s %16s %16s\n' "$key" "$(median batched "$key")" "$(median baseline "$key")"
done
