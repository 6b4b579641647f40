/*
 * The register frame's save and restore, for the assembly entry paths
 * (kernel/core/entry.S's exception stubs, kernel/xen/entry.S's event
 * upcall): they build struct pt_regs (<kernel/traps.h>) on top of the
 * frame Xen bounced to us (eip, cs, eflags; esp, ss from ring 3), the
 * error code and the vector.  Assembly only.
 */
#ifndef KERNEL_ENTRY_H
#define KERNEL_ENTRY_H

#define KERNEL_DS 0xe021        /* FLAT_RING1_DS, Xen's 32-bit PV kernel data */

/* Save the rest of struct pt_regs (above it: vector, error code and
 * Xen's frame), load the kernel data segments, and call \handler(regs)
 * with a frame pointer linking to the interrupted eip for backtraces. */
.macro SAVE_ALL_AND_CALL handler
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
	cld                         /* C's ABI; the string ops rely on it */
	movl %esp, %eax
	pushl 52(%esp)              /* the interrupted eip ... */
	pushl %ebp                  /* ... and ebp, as a call would leave them */
	movl %esp, %ebp
	pushl %eax
	call \handler
	addl $12, %esp
.endm

/*
 * %fs and %gs are saved for reports but not reloaded: the kernel never
 * changes them (a context switch saves and restores its own), so they
 * still hold what was interrupted.  (Xen itself reloads %fs whenever it
 * builds a bounce frame from ring 3, and loads null if that fails.)  A
 * %ds or %es (or, with USER_IRET, an iret frame) that no longer loads on
 * the way back to user mode ends in user_return_failed
 * (kernel/core/entry.S), which kills the program.
 */
.macro RESTORE_ALL
	popl %ebx
	popl %ecx
	popl %edx
	popl %esi
	popl %edi
	popl %ebp
	popl %eax
.Lpop_ds\@:
	popl %ds
.Lpop_es\@:
	popl %es
	addl $16, %esp              /* fs, gs, vector, error code */
	.pushsection __ex_table, "a"
	.balign 4
	.long .Lpop_ds\@, bad_user_ds
	.long .Lpop_es\@, bad_user_es
	.popsection
.endm

.macro USER_IRET
.Liret\@:
	iret
	.pushsection __ex_table, "a"
	.balign 4
	.long .Liret\@, bad_user_iret
	.popsection
.endm

#endif
