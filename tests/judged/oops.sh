#!/bin/bash
# An unexpected exception in the kernel gives an oops: the exception's
# name and error code, the registers, the faulting address resolved to
# function+0xoff/0xsize from the symbol table Xen loaded
# (XEN_ELFNOTE_BSD_SYMTAB), a backtrace one frame per line naming the
# functions that led there, and then SHUTDOWN_crash, which xenpv-run
# reports as a failure (exit 3).  (A panic's backtrace: verdict.sh.)
. "$(dirname "$0")/../host/lib.sh"
require_boot
tap_plan 9

run_kernel oops
tap_ok $((rc != 3)) "an oopsing kernel exits 3"
contains '^Oops: page fault (vector 14), error code 0x2'; tap_ok $? "the oops names the exception and its error code"
contains '^faulting address: 0000bad0 (not present, write'; tap_ok $? "the page fault reports the address"
contains '^EAX: [0-9a-f]\{8\} EBX: '; tap_ok $? "the registers are dumped"
contains '^EIP is at oops_write_bad_pointer+0x[0-9a-f]*/0x[0-9a-f]*$'; tap_ok $? "the faulting eip is resolved to function+off/size"
contains "${frame}oops_write_bad_pointer+0x[0-9a-f]*/0x[0-9a-f]*\$"; tap_ok $? "the backtrace starts in the faulting function"
contains "${frame}oops_middle+0x[0-9a-f]*/0x[0-9a-f]*\$" && contains "${frame}oops_init+0x" &&
	contains "${frame}modules_init+0x"
tap_ok $? "the backtrace names each caller, one frame per line"
contains 'SHUTDOWN_crash'; tap_ok $? "the kernel shuts down with SHUTDOWN_crash"
contains 'xenpv-run: FAIL: kernel panicked: unhandled page fault at oops_write_bad_pointer+'
tap_ok $? "xenpv-run reports the oops as a failure"

[ $tap_failed = 0 ]
