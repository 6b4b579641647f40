/*
 * Exception entry points, owned by the trap code (traps.c: do_trap), in
 * the form Xen bounces exceptions to a PV guest: the CPU-style frame
 * (eip, cs, eflags, and esp/ss from ring 3), with an error code for the
 * vectors that have one.  Each stub makes the frame uniform (a zero
 * error code where the CPU has none, then the vector) and trap_common
 * saves the rest as struct pt_regs (<kernel/entry.h>).
 */
#include <kernel/entry.h>

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
	SAVE_ALL_AND_CALL do_trap
	RESTORE_ALL
	USER_IRET
	.size trap_common, . - trap_common

/*
 * RESTORE_ALL's and USER_IRET's fixups: a selector or iret frame that
 * faulted on the way out.  The fault's own exception returned here with
 * esp where it was; load the kernel's data segments and hand
 * user_return_failed the interrupted frame (eip, cs, ...) and what
 * failed.  It kills the program (or panics if the frame was the
 * kernel's).
 */
	.globl bad_user_ds, bad_user_es, bad_user_iret
	.type bad_user_ds, @function
bad_user_ds:                        /* frame: over ds, es, fs, gs, vector, error code */
	pushl $0
	pushl $24
	jmp 1f
bad_user_es:                        /* over es, fs, gs, vector, error code */
	pushl $1
	pushl $20
	jmp 1f
bad_user_iret:                      /* esp is at the frame */
	pushl $2
	pushl $0
1:	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	popl %ecx                   /* the frame's offset, from above what */
	leal 4(%esp,%ecx), %eax
	pushl %eax
	call user_return_failed
	ud2
	.size bad_user_ds, . - bad_user_ds

