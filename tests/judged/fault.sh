#!/bin/bash
# Faults end in a readable report, as dom0 and as a domU (one batch):
# a stack overflow in module init, a timer callback or a task is caught
# while there is stack left and named with its function, module and
# context; one in code built without that check (on the boot stack, on a
# task's vmalloc'd stack) ends with Xen killing the domain, and
# xenpv-run reads Xen's dump with the image's symbols: a stack overflow,
# the function and the module; a jump to a bad address, and a leaf that faults after its
# pop %ebp, keep their caller in the backtrace; a fault in user mode
# kills only its task, and the kernel reaches a clean verdict.  The
# domU records come from make check's batch (tests/local.mk).
. "$(dirname "$0")/../host/lib.sh"
require_boot
require_boot --domu
tap_plan 58

kernels="fault-so-init fault-so-timer fault-so-task fault-so-unchecked fault-so-unchecked-task fault-jump-heap fault-jump-hole fault-leaf-pop fault-user"

# follows A B: the backtrace line right after function A's names function B.
follows() {
	printf '%s\n' "$out" | grep -a -A1 "${frame}$1+0x" | sed -n 2p | grep -q "${frame}$2+0x"
}

check() {   # check ROLE: judge $out and $rc of the kernel in $k
	local role=$1 so='^Kernel panic: stack overflow in overflow_deeper (module faults, in'
	case $k in
	fault-so-init)
		tap_ok $((rc != 3)) "$role: a stack overflow in module init is a panic (exit 3)"
		contains "$so init)\$"; tap_ok $? "$role: it names the function, the module and init"
		contains '^Stack overflow: overflow_deeper entered with [0-9]* bytes of stack left' &&
			contains "${frame}faults_init+0x"
		tap_ok $? "$role: the report has the stack left and a trace back to the init" ;;
	fault-so-timer)
		tap_ok $((rc != 3)) "$role: a stack overflow in a timer callback is a panic"
		contains "$so timer callback)\$"; tap_ok $? "$role: it names the function, the timer's module and the callback"
		contains "${frame}overflow_in_timer+0x"; tap_ok $? "$role: the trace reaches the callback" ;;
	fault-so-task)
		tap_ok $((rc != 3)) "$role: a stack overflow in a task is a panic"
		contains "$so task deep)\$"; tap_ok $? "$role: it names the function, the task's module and the task"
		contains "${frame}overflow_task+0x"; tap_ok $? "$role: the trace reaches the task's function" ;;
	fault-so-unchecked|fault-so-unchecked-task)
		if [ $k = fault-so-unchecked ]; then where='the guard page below the boot stack'
		else where='unmapped vmalloc space'
		fi
		tap_ok $((rc != 3)) "$role: $k: an overflow the entry check cannot see is a crash (exit 3)"
		! contains '^Kernel panic\|^Stack overflow: '
		tap_ok $? "$role: $k: no check ran: Xen's dump is all the kernel left"
		contains '^xenpv-run: Xen crashed the guest: EIP [0-9a-f]\{8\} = overflow_unchecked+0x[0-9a-f]*/0x[0-9a-f]* (module faults)$' &&
			contains "^xenpv-run: stack overflow in overflow_unchecked (module faults): ESP [0-9a-f]\\{8\\} is in $where"
		tap_ok $? "$role: $k: xenpv-run's report names a stack overflow ($where), the function and the module"
		contains 'xenpv-run: FAIL: kernel crashed: stack overflow in overflow_unchecked (module faults): Xen killed the domain$'
		tap_ok $? "$role: $k: and so does the verdict" ;;
	fault-jump-heap)
		tap_ok $((rc != 3)) "$role: executing a kmalloc'd buffer oopses"
		contains '^faulting address: [0-9a-f]* (protection violation, read, instruction fetch)\|^Oops: invalid opcode'
		tap_ok $? "$role: the oops names the fault"
		printf '%s\n' "$out" | grep -a -A2 '^Call Trace:' | sed -n 3p | grep -q "${frame}jump_to[.a-z0-9]*+0x"
		tap_ok $? "$role: the function that jumped is the first caller" ;;
	fault-jump-hole)
		tap_ok $((rc != 3)) "$role: a jump into the hypervisor hole oopses"
		contains '^faulting address: ff000000 (.*instruction fetch)'; tap_ok $? "$role: the oops names the fault and the address"
		printf '%s\n' "$out" | grep -a -A2 '^Call Trace:' | sed -n 3p | grep -q "${frame}jump_to[.a-z0-9]*+0x"
		tap_ok $? "$role: the function that jumped is the first caller" ;;
	fault-leaf-pop)
		tap_ok $((rc != 3)) "$role: a leaf's NULL read after its pop %ebp oopses"
		follows leaf_after_pop call_leaf && follows call_leaf faults_init
		tap_ok $? "$role: the trace keeps the leaf's caller, then its caller's" ;;
	fault-user)
		tap_ok $rc "$role: tasks killed by user-mode faults leave a kernel that passes"
		contains '^task user-ud killed: invalid opcode at eip [0-9a-f]\{8\} in user mode$'
		tap_ok $? "$role: a one-line report names the task, the fault and the address (ud2)"
		contains '^task user-null killed: page fault (read of 00000000) at eip [0-9a-f]\{8\} in user mode$'
		tap_ok $? "$role: and for a NULL read"
		! contains '^Oops\|^Kernel panic'; tap_ok $? "$role: no oops, no panic" ;;
	esac
}

for k in $kernels; do
	run_kernel $k --dom0 --timeout 30
	check dom0
done

for k in $kernels; do
	load_record "$XENPV_TESTS/guest/domu" $k
	check domU
done

[ $tap_failed = 0 ]
