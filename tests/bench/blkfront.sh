#!/bin/bash
# Block I/O benchmark: samples/blkfront-bench.xen as a domU against
# Linux's xen-blkback, a sequential write (and flush) then read of 32 MiB
# in 2 MiB calls, four ways in one dom0 boot: requests of 4 KiB and of
# 128 KiB, each with the driver's features (16 requests in flight,
# indirect segments, persistent grants) and as a baseline without them
# (one request at a time, at most 11 pages: 44 KiB, a grant per page per
# request).  QEMU counts instructions, so the guests' own times repeat
# run after run (dom0's blkback runs under the same clock).  A
# measurement, not a test.
#
#   tests/bench/blkfront.sh       (make bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup samples/blkfront-bench.xen 1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
base='blkfront.max_inflight=1 blkfront.indirect=0 blkfront.persistent=0'
# Guest names, as xenpv-run gives them, and their columns.
names=(blkfront-bench blkfront-bench-2 blkfront-bench-3 blkfront-bench-4)
labels=("4K features" "4K baseline" "128K features" "128K baseline")
if ! bash "$run" --domu --icount --batch "$out/batch" --timeout 600 \
	--xl-config "$top/samples/blkfront/tests/blkfront.xl" --dom0-script "$top/samples/blkfront/tests/blkfront-bench.dom0.sh" \
	--guest-args "blkfront-bench=blkfront.max_segments=1" \
	--guest-args "blkfront-bench-2=blkfront.max_segments=1 $base" \
	--guest-args "blkfront-bench-4=$base" \
	"$kernel" "$kernel" "$kernel" "$kernel" >"$out/console" 2>&1; then
	cat "$out/console" "$out"/batch/*.domu >&2
	echo "bench: the blkfront-bench boots failed" >&2
	exit 1
fi
for n in "${names[@]}"; do
	sed -n 's/^xenpv-stat: \(blk_[a-z0-9_]*\)=\([0-9]*\)$/\1 \2/p' "$out/batch/$n.domu" >"$out/$n"
	grep -a '^blkfront-bench: ' "$out/batch/$n.domu" | sed "s/^/# $n: /"
done

# x100 figures print with two decimals.
cell() {
	local v
	v=$(median "$1" "$2")
	case $2 in
	*_x100|*_per_100_requests) [ "$v" = - ] || v=$(printf '%d.%02d' $((v / 100)) $((v % 100))) ;;
	esac
	printf ' %14s' "$v"
}
printf '%-34s' "32 MiB, sequential"
for l in "${labels[@]}"; do printf ' %14s' "$l"; done
echo
for phase in write read; do
	for key in kib_per_s requests kib_per_request_x100 inflight_avg_x100 inflight_max \
		notifies_per_100_requests irqs_per_100_requests hypercalls_per_100_requests \
		grants_per_100_requests; do
		label=${key%_x100}
		label=${label/_per_100_requests/_per_request}
		printf '%-34s' "blk_${phase}_$label"
		for n in "${names[@]}"; do cell "$n" "blk_${phase}_$key"; done
		echo
	done
done
