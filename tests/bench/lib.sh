# Helpers for the benchmarks: boot a kernel several times and take the
# median of each xenpv-stat figure.  Sourced, not run; the caller sets
# runs, run (xenpv-run), kernel and out (a scratch directory).

# collect LABEL ARGS...: one "key value" line per stat per run, in $out/LABEL
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
