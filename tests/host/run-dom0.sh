#!/bin/sh
# make check's runner of an in-guest test as dom0 (XEN_LOG_COMPILER):
# xenpv-run --dom0 --tap KERNEL, with the kernel arguments from
# tests/guest/NAME.args beside the test's source when there is one (one
# line of options; the domU batch gets the same through --guest-args).
kernel=$1
args=${XENPV_SRCDIR:?run through make check}/tests/guest/$(basename "$kernel" .xen).args
if [ -f "$args" ]; then
	# shellcheck disable=SC2046
	exec $XENPV_RUN --dom0 --tap "$kernel" -- $(cat "$args")
fi
exec $XENPV_RUN --dom0 --tap "$kernel"
