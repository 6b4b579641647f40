#!/bin/bash
# A spinlock taken twice on one vCPU, by a timer function while its task
# holds it (spinlock-twice.c beside this), is a deadlock: the kernel
# panics naming the lock, the irq handler that wants it and the task
# that holds it, where each took or wanted it, as dom0 and as a domU
# (the latter's record from make check's batch), and never spins silent.
. "$(dirname "$0")/../host/lib.sh"
require_boot --domu
tap_plan 8

check() {   # check ROLE
	tap_ok $((rc != 3)) "$1: the kernel panics (exit 3), no timeout"
	contains '^spinlock shared_lock (0x[0-9a-f]*): wanted by an irq handler on vCPU [0-9] at take_it_too+0x'
	tap_ok $? "$1: the report names the lock and the irq handler that wants it"
	contains '^Kernel panic: spinlock shared_lock (0x[0-9a-f]*) taken twice on one vCPU, a deadlock: held by task boot since spinlock_twice_init+0x'
	tap_ok $? "$1: the panic names the deadlock, the holding task and where it took the lock"
	! contains '^spinlock-twice: '
	tap_ok $? "$1: neither the handler nor the task went on"
}

run_kernel spinlock-twice --dom0
check dom0
load_record "$XENPV_TESTS/guest/domu" spinlock-twice
check domU
[ $tap_failed = 0 ]
