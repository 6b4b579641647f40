#!/bin/bash
# A spinlock that a task on vCPU 1 holds for ever while the boot task on
# vCPU 0 wants it (spinlock-held.c beside this): the kernel spins for
# xenpv.spin_timeout_ms (300 here), then panics naming the lock, who
# wants it and the holder with its vCPU and where it took the lock, as
# dom0 and as a domU (the latter's record from make check's batch): a
# hang on another vCPU is reported, never silent.
. "$(dirname "$0")/../host/lib.sh"
require_boot --domu
tap_plan 8

check() {   # check ROLE
	tap_ok $((rc != 3)) "$1: the kernel panics (exit 3), no timeout"
	contains '^spinlock stuck_lock (0x[0-9a-f]*): wanted by task boot on vCPU 0 at spinlock_held_init+0x'
	tap_ok $? "$1: the report names the lock and the task that wants it, on vCPU 0"
	contains '^Kernel panic: spinlock stuck_lock (0x[0-9a-f]*) held for more than 300 ms by task hog on vCPU 1 since hold_for_ever+0x'
	tap_ok $? "$1: the panic names the holder, its vCPU and where it took the lock"
	! contains '^spinlock-held: '
	tap_ok $? "$1: the waiter never got the lock"
}

run_kernel spinlock-held --dom0 -- xenpv.spin_timeout_ms=300
check dom0
load_record "$XENPV_TESTS/guest/domu" spinlock-held
check domU
[ $tap_failed = 0 ]
