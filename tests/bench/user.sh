#!/bin/bash
# User program benchmark: boots the user program test kernel (tests/guest/
# user.xen) with lazy CPU mode (a switch between two programs' address
# spaces batched into one multicall) and with the unbatched baseline
# (xenpv.lazy_cpu=0), and prints the system call round trip and the
# program-to-program switch side by side (medians).  A measurement, not
# a test: it never fails on numbers.
#
#   tests/bench/user.sh [RUNS]        (make bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_setup tests/guest/user.xen "${1:-}"

collect batched user.bench_only=1
collect baseline user.bench_only=1 xenpv.lazy_cpu=0

printf '%-30s %16s %16s\n' "xenpv-stat ($runs runs, median)" "batched" "xenpv.lazy_cpu=0"
for key in user_syscall_ns user_switch_ns user_switch_hypercalls_x100; do
	printf '%-30s %16s %16s\n' "$key" "$(median batched "$key")" "$(median baseline "$key")"
done
