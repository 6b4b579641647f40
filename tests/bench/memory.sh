#!/bin/bash
# Memory benchmark: where the sample kernel's pages go at boot, as a domU
# of 4 MiB (the smallest PV domain Xen's toolstack builds), 8 and 32 MiB,
# from the kernel's memory table (xenpv-stat mem_<use>_pages); with
# XENPV_BENCH_BASELINE=DIR, the free pages of that build's kernel beside
# (an older kernel prints boot_free_frames, and may not boot at 4 MiB at
# all: then its column says how it ended).  All guests run in one dom0.
# Page counts do not depend on timing: one run each.  A measurement, not
# a test: it fails only when this build's kernel does not boot.
#
#   tests/bench/memory.sh             (make bench [XENPV_BENCH_BASELINE=DIR])
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup samples/sample.xen 1
base=${XENPV_BENCH_BASELINE:-}
[ -z "$base" ] || [ -f "$base/samples/sample.xen" ] ||
	{ echo "bench: XENPV_BENCH_BASELINE=$base holds no samples/sample.xen (build it there)" >&2; exit 1; }
mems="4 8 32"

builds=after
[ -z "$base" ] || builds="before after"
kernels=() mem_opts=()
for mib in $mems; do
	for b in $builds; do
		if [ $b = after ]; then cp "$kernel" "$out/$b-${mib}m.xen"; else cp "$base/samples/sample.xen" "$out/$b-${mib}m.xen"; fi
		kernels+=("$out/$b-${mib}m.xen")
		mem_opts+=(--guest-mem "$b-${mib}m=$mib")
	done
done
# The batch fails when a guest does: each record says which.
bash "$run" --domu --icount --batch "$out/batch" "${mem_opts[@]}" "${kernels[@]}" >"$out/console" 2>&1 || :
for mib in $mems; do
	rec=$out/batch/after-${mib}m.domu
	if ! grep -q '^# xenpv-run: exit-status 0$' "$rec" 2>/dev/null; then
		cat "$out/console" "$rec" >&2 || :
		echo "bench: this build's sample kernel failed as a $mib MiB domU" >&2
		exit 1
	fi
done

stat() {  # stat BUILD MIB KEY: the value, or how the boot ended
	local rec=$out/batch/$1-${2}m.domu v
	v=$(sed -n "s/^xenpv-stat: $3=\(-\{0,1\}[0-9]*\)$/\1/p" "$rec" 2>/dev/null | tail -n1)
	if [ -n "$v" ]; then echo "$v"
	elif grep -q '^Kernel panic' "$rec" 2>/dev/null; then echo panic
	else echo -
	fi
}

echo "Memory at boot: samples/sample.xen as a domU (pages of 4 KiB; the kernel's memory table)"
printf '%-34s' "use"
for mib in $mems; do printf ' %16s' "$mib MiB"; done
echo
for use in total bootstrap_region image module p2m ring builder_pagetable builder_other \
	pagetable pagetable_reserved allocator beyond_direct_map free reclaimed unaccounted; do
	printf '%-34s' "$use"
	for mib in $mems; do printf ' %16s' "$(stat after "$mib" "mem_${use}_pages")"; done
	echo
done
echo "(total = image + ... + free + unaccounted; reclaimed: the free pages that were Xen's"
echo " bootstrap region, given back; bootstrap_region: the pages the builder mapped for us)"
if [ -n "$base" ]; then
	echo
	printf '%-34s' "free pages, before -> after"
	for mib in $mems; do
		v=$(stat before "$mib" mem_free_pages)
		case $v in *[0-9]) ;; *) v=$(stat before "$mib" boot_free_frames) ;; esac
		printf ' %16s' "$v -> $(stat after "$mib" mem_free_pages)"
	done
	echo
	for mib in $mems; do
		grep -m1 '^Kernel panic' "$out/batch/before-${mib}m.domu" 2>/dev/null | sed "s/^/before, $mib MiB: /" || :
	done
fi
echo
