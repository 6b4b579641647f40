/*
 * Exception entry points, in the form Xen bounces exceptions to a PV
 * guest: the CPU-style frame (eip, cs, eflags, and esp/ss from ring 3),
 * with an error code for the vectors that have one.  Each stub makes the
 * frame uniform (a zero error code where the CPU has none, then the
 * vector) and the common path saves the rest as struct pt_regs.
 */
#define KERNEL_DS 0xe021

	.text

.macro TRAP_NOERR name, vector
	.globl \name
	.type \name, @function
\name:
	pushl $0
	pushl $\vector
	jmp trap_common
	.size \name, . - \name
.endm

.macro TRAP_ERR name, vector
	.globl \name
	.type \name, @function
\name:
	pushl $\vector
	jmp trap_common
	.size \name, . - \name
.endm

	TRAP_NOERR divide_error,          0
	TRAP_NOERR debug,                 1
	TRAP_NOERR int3,                  3
	TRAP_NOERR overflow,              4
	TRAP_NOERR bounds,                5
	TRAP_NOERR invalid_op,            6
	TRAP_NOERR device_not_available,  7
	TRAP_NOERR coprocessor_overrun,   9
	TRAP_ERR   invalid_tss,          10
	TRAP_ERR   segment_not_present,  11
	TRAP_ERR   stack_segment,        12
	TRAP_ERR   general_protection,   13
	TRAP_ERR   page_fault,           14
	TRAP_NOERR spurious_trap,        15
	TRAP_NOERR coprocessor_error,    16
	TRAP_ERR   alignment_check,      17
	TRAP_NOERR machine_check,        18
	TRAP_NOERR simd_error,           19
	TRAP_NOERR system_call,        0x80

	.type trap_common, @function
trap_common:
	pushl %gs
	pushl %fs
	pushl %es
	pushl %ds
	pushl %eax
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %edx
	pushl %ecx
	pushl %ebx
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	/* A frame pointer for backtraces through the exception. */
	movl %esp, %eax
	pushl 52(%esp)              /* the interrupted eip ... */
	pushl %ebp                  /* ... and ebp, as a call would leave them */
	movl %esp, %ebp
	pushl %eax
	call do_trap
	addl $12, %esp
	popl %ebx
	popl %ecx
	popl %edx
	popl %esi
	popl %edi
	popl %ebp
	popl %eax
	popl %ds
	popl %es
	popl %fs
	popl %gs
	addl $8, %esp               /* vector, error code */
	iret
	.size trap_common, . - trap_common

	.section .note.GNU-stack, "", @progbits
