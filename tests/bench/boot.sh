#!/bin/bash
# Boot benchmark: boots the sample kernel under Xen several times with the
# default mmu_update batching and with the unbatched baseline
# (xenpv.mmu_batch=1), and prints the kernels' xenpv-stat figures side by
# side (medians).  A measurement, not a test: it never fails on numbers.
#
#   tests/bench/boot.sh [RUNS]        (make bench)
set -euo pipefail
runs=${1:-3}
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${XENPV_BUILDDIR:-$top}
run=$build/sdk/xenpv-run
kernel=$build/samples/sample.xen
[ -f "$kernel" ] || { echo "bench: $kernel not built (run make first)" >&2; exit 1; }

# collect LABEL ARGS...: one "key value" line per stat per run, in $out/LABEL
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
collect() {
	local label=$1 i
	shift
	for i in $(seq "$runs"); do
		if ! bash "$run" "$kernel" -- "$@" >"$out/console" 2>&1; then
			cat "$out/console" >&2
			echo "bench: the $label boot failed" >&2
			exit 1
		fi
		sed -n 's/^xenpv-stat: \([a-z_]*\)=\([0-9]*\)$/\1 \2/p' "$out/console" >>"$out/$label"
	done
}

median() {  # median LABEL KEY
	awk -v k="$2" '$1 == k { print $2 }' "$out/$1" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}

collect batched
collect baseline xenpv.mmu_batch=1

printf '%-26s %16s %16s\n' "xenpv-stat ($runs runs, median)" "batched" "baseline (1/call)"
for key in $(awk '{ print $1 }' "$out/batched" | awk '!seen[$0]++'); do
	printf '%-26s %16s %16s\n' "$key" "$(median batched "$key")" "$(median baseline "$key")"
done
for label in batched baseline; do
	calls=$(median $label boot_mmu_update_calls)
	updates=$(median $label boot_pte_updates)
	eval "per_$label=\$(awk -v u=$updates -v c=$calls 'BEGIN { printf \"%.1f\", c ? u / c : 0 }')"
done
printf '%-26s %16s %16s\n' "updates per mmu_update" "$per_batched" "$per_baseline"
