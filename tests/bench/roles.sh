#!/bin/bash
# Roles benchmark: the sample kernel booted as dom0 and as a domU under
# xl (the domU runs share one dom0 boot), its boot figures side by side
# (medians), and what one more domU costs the batch in wall-clock time
# (create to destroy, as dom0 measures it).  QEMU counts instructions, so
# the kernels' own times repeat.  A measurement, not a test.
#
#   tests/bench/roles.sh [RUNS]       (make bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup samples/sample.xen "${1:-}"

collect dom0
collect_domu domU

printf '%-26s %16s %16s\n' "xenpv-stat ($runs runs, median)" "dom0 (64 MiB)" "domU (32 MiB)"
for key in boot_ns boot_mmu_update_calls boot_pte_updates mem_pagetable_pages boot_user_l2_added \
	mem_free_pages guest_wall_ms; do
	printf '%-26s %16s %16s\n' "$key" "$(median dom0 "$key")" "$(median domU "$key")"
done
