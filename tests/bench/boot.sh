#!/bin/bash
# Boot benchmark: boots the sample kernel under Xen several times with the
# default mmu_update batching and with the unbatched baseline
# (xenpv.mmu_batch=1), and prints the kernels' xenpv-stat figures side by
# side (medians).  A measurement, not a test: it never fails on numbers.
#
#   tests/bench/boot.sh [RUNS]        (make bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup samples/sample.xen "${1:-}"

collect batched
collect baseline xenpv.mmu_batch=1

printf '%-26s %16s %16s\n' "xenpv-stat ($runs runs, median)" "batched" "baseline (1/call)"
for key in $(awk '$1 !~ /^phase_/ { print $1 }' "$out/batched" | awk '!seen[$0]++'); do
	printf '%-26s %16s %16s\n' "$key" "$(median batched "$key")" "$(median baseline "$key")"
done
for label in batched baseline; do
	calls=$(median $label boot_mmu_update_calls)
	updates=$(median $label boot_pte_updates)
	eval "per_$label=\$(awk -v u=$updates -v c=$calls 'BEGIN { printf \"%.1f\", c ? u / c : 0 }')"
done
printf '%-26s %16s %16s\n' "updates per mmu_update" "$per_batched" "$per_baseline"
