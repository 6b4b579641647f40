#!/bin/bash
# Context switch benchmark: boots the task test kernel (tests/guest/
# tasks.xen) with lazy CPU mode (the switch batched into one multicall)
# and with the unbatched baseline (xenpv.lazy_cpu=0), and prints its
# hypercalls and nanoseconds per switch side by side (medians).  A
# measurement, not a test: it never fails on numbers.
#
#   tests/bench/switch.sh [RUNS]      (make bench)
set -euo pipefail
runs=${1:-3}
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${XENPV_BUILDDIR:-$top}
run=$build/sdk/xenpv-run
kernel=$build/tests/guest/tasks.xen
[ -f "$kernel" ] || { echo "bench: $kernel not built (make tests/guest/tasks.xen)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
. "$top/tests/bench/lib.sh"

collect batched
collect baseline xenpv.lazy_cpu=0

printf '%-26s %16s %16s\n' "xenpv-stat ($runs runs, median)" "batched" "xenpv.lazy_cpu=0"
for key in context_switch_hypercalls context_switch_ns; do
	printf '%-26s %16s %16s\n' "$key" "$(median batched "$key")" "$(median baseline "$key")"
done
