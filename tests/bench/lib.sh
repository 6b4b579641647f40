# Helpers for the benchmarks: boot a kernel several times and take the
# median of each xenpv-stat figure.  QEMU counts instructions (--icount),
# so the guest's own timings repeat run after run.  Sourced, not run.

# bench_setup KERNEL [RUNS]: KERNEL relative to the build tree; sets
# runs, run (xenpv-run), kernel and out (a scratch directory).
bench_setup() {
	local top build
	runs=${2:-3}
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	build=${XENPV_BUILDDIR:-$top}
	run=$build/sdk/xenpv-run
	kernel=$build/$1
	[ -f "$kernel" ] || { echo "bench: $kernel not built (run make $1)" >&2; exit 1; }
	run_opts=()
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
}

# collect LABEL ARGS...: one "key value" line per stat per run, in $out/LABEL;
# ARGS go on the kernel's command line, the array run_opts to xenpv-run.
collect() {
	local label=$1 i
	shift
	for i in $(seq "$runs"); do
		if ! bash "$run" --dom0 --icount "${run_opts[@]}" "$kernel" -- "$@" >"$out/console" 2>&1; then
			cat "$out/console" >&2
			echo "bench: the $label boot failed" >&2
			exit 1
		fi
		sed -n 's/^xenpv-stat: \([a-z0-9_]*\)=\([0-9]*\)$/\1 \2/p' "$out/console" >>"$out/$label"
	done
}

# collect_domu LABEL ARGS...: the same, the kernel booted $runs times as
# domUs in one dom0; adds each guest's create-to-destroy wall time.
collect_domu() {
	local label=$1 i kernels=() rec
	shift
	for i in $(seq "$runs"); do kernels+=("$kernel"); done
	if ! bash "$run" --domu --icount --batch "$out/batch" "${kernels[@]}" -- "$@" >"$out/console" 2>&1; then
		cat "$out/console" "$out"/batch/*.domu >&2
		echo "bench: the $label boots failed" >&2
		exit 1
	fi
	for rec in "$out"/batch/*.domu; do
		sed -n -e 's/^xenpv-stat: \([a-z0-9_]*\)=\([0-9]*\)$/\1 \2/p' \
			-e 's/^(dom0) xenpv-dom0: guest [^ ]*: end .* wall_ms=\([0-9]*\) .*/guest_wall_ms \1/p' \
			"$rec" >>"$out/$label"
	done
}

median() {  # median LABEL KEY
	awk -v k="$2" '$1 == k { print $2 }' "$out/$1" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
