#!/bin/bash
# tests/guest/smp.xen as a domU with 2 vCPUs, in a batch of its own whose
# Xen has two CPUs (--pcpus 2), so that the guest's vCPUs run side by side
# as dom0's do in the dom0 run; the kernel's own TAP is the result.  (The
# main batch runs on one CPU, where the same test takes four times as
# long: every call is a switch of Xen's.)
. "$(dirname "$0")/lib.sh"
require_boot --domu
dir=$(mktemp -d "${TMPDIR:-/tmp}/smp.XXXXXX")
trap 'rm -rf "$dir"' EXIT
$XENPV_RUN --domu --batch "$dir" --cpus 2 --pcpus 2 "$(kernel_path smp)" >"$dir/batch.log" 2>&1
[ -f "$dir/smp.domu" ] || { echo "Bail out! the batch left no record of smp:"; sed 's/^/# /' "$dir/batch.log"; exit 1; }
exec $XENPV_RUN --replay "$dir/smp.domu"
