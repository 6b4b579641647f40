#!/bin/bash
# Timer benchmark: boots the misuse test kernel (tests/guest/misuse.xen)
# as dom0 with misuse.timers=100000: 100,000 timers added in random
# order with events held back, then expired by one interrupt, in order.
# Prints the add and expiry cost (medians) beside the sorted list the
# pairing heap replaced (dca065d: 54 s to add 100,000, events off all
# the while).  A measurement, not a test: it never fails on numbers.
#
#   tests/bench/timers.sh [RUNS]      (make bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup tests/guest/misuse.xen "${1:-}"

collect heap misuse.timers=100000

printf '%-26s %16s %22s\n' "xenpv-stat ($runs runs, median)" "pairing heap" "sorted list (dca065d)"
printf '%-26s %16s %22s\n' timers "$(median heap timers)" 100000
printf '%-26s %16s %22s\n' timer_add_total_us "$(median heap timer_add_total_us)" 54000000
printf '%-26s %16s %22s\n' timer_expire_total_us "$(median heap timer_expire_total_us)" -
for key in timer_add_ns timer_expire_ns; do
	printf '%-26s %16s %22s\n' "$key" "$(median heap "$key")" -
done
