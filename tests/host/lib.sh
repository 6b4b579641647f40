# TAP helpers for host-side test scripts.  Sourced, not run.
# XENPV_RUN (the runner command) and XENPV_TESTS (the build's tests/
# directory) come from make check's environment.
: "${XENPV_RUN:?run through make check}"
: "${XENPV_TESTS:?run through make check}"

tap_n=0
tap_failed=0

tap_plan() { echo "1..$1"; }
tap_ok() {   # tap_ok CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}
tap_diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# tap_man_renders PAGE NAME: one TAP line, PAGE renders without a warning
# from man (skipped where man is not installed).
tap_man_renders() {
	local warnings
	if ! command -v man >/dev/null; then
		echo "ok $((tap_n += 1)) # SKIP man is not installed"
		return
	fi
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$1" 2>&1 >/dev/null)
	[ -z "$warnings" ]
	tap_ok $? "$2 renders without warnings"
	[ -z "$warnings" ] || tap_diag "$warnings"
}

# Skip the whole script when no kernel can be booted, as xenpv-run --tap
# would; under XENPV_REQUIRE_BOOT=1 that is a failure.  Options (--domu)
# go to xenpv-run --check.
require_boot() {
	local why
	if ! why=$($XENPV_RUN --check "$@" 2>&1); then
		if [ "${XENPV_REQUIRE_BOOT:-0}" = 1 ]; then
			echo "Bail out! $why"
			exit 1
		fi
		echo "1..0 # SKIP $why"
		exit 0
	fi
}

# kernel_path NAME: tests/judged/NAME.xen, a kernel judged by a script
# beside it, or else the in-guest test tests/guest/NAME.xen.
kernel_path() {
	if [ -f "$XENPV_TESTS/judged/$1.xen" ]; then echo "$XENPV_TESTS/judged/$1.xen"
	else echo "$XENPV_TESTS/guest/$1.xen"
	fi
}

# run_kernel NAME [xenpv-run options...] [-- KERNEL-ARGS...]: boot the
# kernel NAME (kernel_path) with those arguments,
# keep its output in $out and its exit status in $rc.
run_kernel() {
	local name=$1 opts=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
	out=$($XENPV_RUN "${opts[@]}" "$(kernel_path "$name")" "$@" 2>&1)
	rc=$?
	tap_diag "--- $name.xen (exit $rc) ---" "$out"
}

# run_batch DIR [xenpv-run options...] -- KERNEL... [-- KERNEL-ARGS...]:
# boot every KERNEL (a path, or a NAME for kernel_path) as a domU,
# all in one dom0 boot, leaving a record DIR/NAME.domu for each.
run_batch() {
	local dir=$1 opts=() k kernels=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		case $1 in */*) kernels+=("$1") ;; *) kernels+=("$(kernel_path "$1")") ;; esac
		shift
	done
	batch_out=$($XENPV_RUN --domu --batch "$dir" "${opts[@]}" "${kernels[@]}" "$@" 2>&1)
	batch_rc=$?
	tap_diag "--- batch of ${#kernels[@]} domUs (exit $batch_rc) ---" "$batch_out"
}

# load_record DIR NAME: a batch's record of NAME, replayed into $out and $rc.
load_record() {
	out=$($XENPV_RUN --replay "$1/$2.domu" 2>&1)
	rc=$?
	tap_diag "--- $2 as a domU (exit $rc) ---" "$out"
}

# try COMMAND...: run it, keeping its output in $out and its status in $rc.
try() { out=$("$@" 2>&1); rc=$?; tap_diag "\$ ${*##*/} -> $rc" "$out"; }

contains() { printf '%s\n' "$out" | grep -aq -e "$1"; }

# The start of a backtrace line, " [<c0101234>] function+0xoff/0xsize"
# (for the scripts that source this).
# shellcheck disable=SC2034
frame='^ \[<[0-9a-f]\{8\}>\] '
