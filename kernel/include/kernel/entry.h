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
	movl %esp, %eax
	pushl 52(%esp)              /* the interrupted eip ... */
	pushl %ebp                  /* ... and ebp, as a call would leave them */
	movl %esp, %ebp
	pushl %eax
	call \handler
	addl $12, %esp
.endm

.macro RESTORE_ALL
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
.endm

#endif
