#!/bin/bash
# SMP benchmark: boots the SMP test kernel (tests/guest/smp.xen) with two
# vCPUs as dom0 and as a domU, measuring only (smp.bench=1), and prints
# a cross-vCPU call (an IPI there and back) beside a call to the same
# vCPU, and a spinlock handed between two vCPUs in turn beside one that
# nobody else wants (medians).  Under --icount QEMU emulates the two
# CPUs in turn on one thread, so the figures are instruction time, the
# same run after run.  A measurement, not a test: it never fails on
# numbers.
#
#   tests/bench/smp.sh [RUNS]        (make bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup tests/guest/smp.xen "${1:-}"
export XENPV_CPUS=2

collect dom0 smp.bench=1
collect_domu domu smp.bench=1

printf '%-30s %16s %16s\n' "xenpv-stat ($runs runs, median)" "dom0, 2 vCPUs" "domU, 2 vCPUs"
for key in smp_ipi_roundtrip_ns smp_call_local_ns smp_lock_handover_ns smp_lock_uncontended_ns; do
	printf '%-30s %16s %16s\n' "$key" "$(median dom0 "$key")" "$(median domu "$key")"
done
