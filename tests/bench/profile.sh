#!/bin/bash
# Boot profile benchmark: where the sample kernel's boot goes, phase by
# phase (PV-clock ns, hypercalls, console writes) as dom0 and as a domU
# at 64 MiB; boot_ns against the domain's memory (32, 64, 256 MiB and the
# most the direct map holds below Xen's hole); and the size of the core,
# sample and blkfront kernels.  With XENPV_BENCH_BASELINE=DIR (a build
# tree of an earlier commit, e.g. a git worktree built in place), its
# kernels are measured in the same run, by this tree's runner, beside
# these: as domUs the two alternate in one dom0 boot.  A measurement,
# not a test: it never fails on numbers.
#
#   tests/bench/profile.sh [RUNS]     (make bench [XENPV_BENCH_BASELINE=DIR])
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup samples/sample.xen "${1:-}"
build=$(dirname "$(dirname "$kernel")")
base=${XENPV_BENCH_BASELINE:-}
[ -z "$base" ] || [ -f "$base/samples/sample.xen" ] ||
	{ echo "bench: XENPV_BENCH_BASELINE=$base holds no samples/sample.xen (build it there)" >&2; exit 1; }

# The direct map ends 8 MiB below vmalloc (16 MiB), 8 MiB below the
# fixmap (2 MiB) under the hole at 0xF5800000: 0xF3600000 - 0xC0000000.
max_mib=822
mems="32 64 256 $max_mib"

cp "$kernel" "$out/after.xen"
builds=after
if [ -n "$base" ]; then
	cp "$base/samples/sample.xen" "$out/before.xen"
	builds="before after"
fi

# dom0: one boot per run, per build, per size.
for mib in $mems; do
	for b in $builds; do
		kernel=$out/$b.xen run_opts=(--mem "$mib")
		collect "dom0_${b}_$mib"
	done
done

# domU: each size one dom0 boot, the builds' guests alternating in it.
for mib in $mems; do
	kernels=()
	for i in $(seq "$runs"); do
		for b in $builds; do kernels+=("$out/$b.xen"); done
	done
	if ! bash "$run" --domu --icount --mem "$mib" --batch "$out/batch$mib" "${kernels[@]}" \
		>"$out/console" 2>&1; then
		cat "$out/console" "$out/batch$mib"/*.domu >&2
		echo "bench: the domU boots at $mib MiB failed" >&2
		exit 1
	fi
	for b in $builds; do
		for rec in "$out/batch$mib/$b".domu "$out/batch$mib/$b"-*.domu; do
			[ -f "$rec" ] || continue
			sed -n 's/^xenpv-stat: \([a-z0-9_]*\)=\([0-9]*\)$/\1 \2/p' "$rec" >>"$out/domU_${b}_$mib"
		done
	done
done

both() {  # both ROLE KEY MIB: "before -> after", or after alone
	local v
	if [ -n "$base" ]; then v="$(median_or_old "${1}_before_$3" "$2") -> "; else v=; fi
	echo "$v$(median_or_old "${1}_after_$3" "$2")"
}
median_or_old() {  # a key an older build printed under another name
	local v
	v=$(median "$1" "$2")
	[ "$v$2" != -mem_free_pages ] || v=$(median "$1" boot_free_frames)
	echo "$v"
}

echo "Boot profile of samples/sample.xen at 64 MiB ($runs runs, median; ns, hypercalls, console writes)"
printf '%-28s %12s %6s %6s %12s %6s %6s\n' phase "dom0 ns" hc cw "domU ns" hc cw
for name in $(sed -n 's/^phase_\(.*\)_ns .*/\1/p' "$out/domU_after_64" "$out/dom0_after_64" | awk '!seen[$0]++'); do
	printf '%-28s' "$name"
	for role in dom0 domU; do
		printf ' %12s %6s %6s' "$(median "${role}_after_64" "phase_${name}_ns")" \
			"$(median "${role}_after_64" "phase_${name}_hypercalls")" \
			"$(median "${role}_after_64" "phase_${name}_console_writes")"
	done
	echo
done
echo
label=${base:+"before -> after"}
echo "boot_ns by memory (${label:-this build}; steal: other domains' share of this build's domU boot_ns)"
printf '%-6s %26s %26s %14s %20s\n' MiB "dom0 boot_ns" "domU boot_ns" "domU steal_ns" "domU free frames"
for mib in $mems; do
	printf '%-6s %26s %26s %14s %20s\n' "$mib" "$(both dom0 boot_ns "$mib")" "$(both domU boot_ns "$mib")" \
		"$(median "domU_after_$mib" boot_steal_ns)" "$(both domU mem_free_pages "$mib")"
done
echo
printf '%-6s %26s %26s %26s\n' MiB "dom0 phase_pagetables_ns" "dom0 phase_page_alloc_ns" "dom0 boot_pte_updates"
for mib in $mems; do
	printf '%-6s %26s %26s %26s\n' "$mib" "$(both dom0 phase_pagetables_ns "$mib")" \
		"$(both dom0 phase_page_alloc_ns "$mib")" "$(both dom0 boot_pte_updates "$mib")"
done
echo

# Sizes.  An older tree has no core kernel: link this tree's empty
# module against its archive.
core_of() {
	local tree=$1
	if [ -f "$tree/tests/size/core.xen" ]; then echo "$tree/tests/size/core.xen"; return; fi
	[ -n "${XENPV_BENCH_LINK:-}" ] || return 1
	# shellcheck disable=SC2086
	$XENPV_BENCH_LINK"$tree/kernel/xenpv.lds" -o "$out/core-$2.xen" "$tree/kernel/xenpv-start.o" \
		"$build/tests/size/core.o" "$tree/kernel/libxenpv.a" ${XENPV_BENCH_LIBS:-} && echo "$out/core-$2.xen"
}
sizes() {  # sizes KERNEL: "text+data (text/data)"
	size "$1" | awk 'NR == 2 { printf "%d (%d/%d)", $1 + $2, $1, $2 }'
}
echo "size of the kernels, bytes of text+data (text/data); the core is held to 65536"
printf '%-24s %24s %24s\n' kernel "${base:+before}" "this build"
for k in core samples/sample.xen samples/blkfront.xen; do
	now= old=-
	if [ $k = core ]; then
		now=$(sizes "$(core_of "$build" after)")
		[ -z "$base" ] || old=$(sizes "$(core_of "$base" before)" 2>/dev/null || echo -)
	else
		now=$(sizes "$build/$k")
		[ -z "$base" ] || old=$(sizes "$base/$k")
	fi
	printf '%-24s %24s %24s\n' "$k" "${base:+$old}" "$now"
done
