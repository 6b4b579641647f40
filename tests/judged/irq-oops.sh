#!/bin/bash
# An event handler that faults gives an oops naming the handler and its
# irq, with a backtrace from the IRQ stack through do_IRQ and the upcall.
. "$(dirname "$0")/../host/lib.sh"
require_boot
tap_plan 5

run_kernel irq-oops
tap_ok $((rc != 3)) "a kernel whose irq handler oopses exits 3"
contains '^in the handler of irq [0-9]* (faulty), on the IRQ stack'; tap_ok $? "the oops names the irq and its handler's name"
contains '^EIP is at irq_oops_handler+0x'; tap_ok $? "the faulting eip is in the handler"
contains "${frame}do_IRQ+0x" && contains "${frame}xen_evtchn_do_upcall+0x"
tap_ok $? "the backtrace runs through do_IRQ and the upcall"
contains 'xenpv-run: FAIL: kernel panicked: unhandled page fault at irq_oops_handler+'
tap_ok $? "xenpv-run reports the oops as a failure naming the handler"

[ $tap_failed = 0 ]
