#!/bin/sh
# make check's runner of an in-guest test as dom0 (XEN_LOG_COMPILER):
# xenpv-run --dom0 --tap KERNEL, with the kernel arguments from
# tests/guest/NAME.args beside the test's source when there is one (one
# line of options; the domU batch gets the same through --guest-args).
# A kernel named NAME-<N>m.xen (mm-alloc-4m.xen) boots with N MiB (the
# domU batch gives it the same with --guest-mem).
kernel=$1
name=$(basename "$kernel" .xen)
args=${XENPV_SRCDIR:?run through make check}/tests/guest/$name.args
mem=$(expr "$name" : '.*-\([1-9][0-9]*\)m$')
set -- --dom0 --tap ${mem:+--mem "$mem"} "$kernel"
if [ -f "$args" ]; then
	# shellcheck disable=SC2046
	exec $XENPV_RUN "$@" -- $(cat "$args")
fi
exec $XENPV_RUN "$@"
