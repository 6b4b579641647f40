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

# Skip the whole script when no kernel can be booted, as xenpv-run --tap
# would; under XENPV_REQUIRE_BOOT=1 that is a failure.
require_boot() {
	local why
	if ! why=$($XENPV_RUN --check 2>&1); then
		if [ "${XENPV_REQUIRE_BOOT:-0}" = 1 ]; then
			echo "Bail out! $why"
			exit 1
		fi
		echo "1..0 # SKIP $why"
		exit 0
	fi
}

# run_kernel NAME [xenpv-run options...]: boot tests/guest/NAME.xen, keep its
# output in $out and its exit status in $rc.
run_kernel() {
	local name=$1
	shift
	out=$($XENPV_RUN "$@" "$XENPV_TESTS/guest/$name.xen" 2>&1)
	rc=$?
	tap_diag "--- $name.xen (exit $rc) ---" "$out"
}

contains() { printf '%s\n' "$out" | grep -aq -e "$1"; }
