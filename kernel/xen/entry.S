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

	.type trap_common, @function
trap_common:
	SAVE_ALL_AND_CALL do_trap
	RESTORE_ALL
	iret
	.size trap_common, . - trap_common

/*
 * The event upcall.  Xen masked events on entry and saved EFLAGS.IF as
 * the interrupted mask; xen_evtchn_do_upcall dispatches pending ports
 * until none is left, events still masked.  The return then unmasks (if
 * the interrupted context had events on) and irets.
 *
 * The race between that unmask and the iret is closed as Linux i386 did,
 * with a critical region: from the unmask to the iret every register
 * but eax already holds its interrupted value and the stack holds the
 * interrupted frame (plus that eax until the popl).  An event pending at
 * the unmask is caught by the re-check of upcall_pending, which masks
 * again and goes round; one arriving later makes Xen start a nested
 * upcall whose frame (eip, cs, eflags: ring 1 to ring 1) lies on top.
 * The nested entry sees its eip in the region, drops its frame (and the
 * saved eax), and processes events for the outer frame instead: no
 * nesting, no lost event.
 */
/* vcpu_info[0] is at the start of shared_info. */
#define VCPU_PENDING 0
#define VCPU_MASK    1
#define EFLAGS_IF    0x200

	.globl hypervisor_callback
	.type hypervisor_callback, @function
hypervisor_callback:
	cmpl $xen_crit_start, (%esp)
	jb upcall_body
	cmpl $xen_crit_end, (%esp)
	jae upcall_body
	/* Nested in the critical region: undo what the region had done. */
	incl %ss:xen_upcall_restarts  /* ds is still the interrupted one's */
	cmpl $xen_crit_iret, (%esp)
	je 1f
	addl $12, %esp              /* the nested frame */
	popl %eax                   /* the interrupted eax, saved by the region */
	jmp upcall_body
1:	addl $12, %esp
upcall_body:
	pushl $0                    /* error code */
	pushl $-1                   /* vector: do_IRQ puts ~irq here */
	SAVE_ALL_AND_CALL xen_evtchn_do_upcall
	RESTORE_ALL
	testl $EFLAGS_IF, 8(%esp)   /* the interrupted context's mask */
	jz 2f
	pushl %eax
	/* %ds is the interrupted context's again: address through %ss. */
	movl %ss:HYPERVISOR_shared_info, %eax
	movb $0, %ss:VCPU_MASK(%eax)
	.globl xen_crit_start, xen_crit_iret
xen_crit_start:                     /* events may arrive from here on */
	testb $0xff, %ss:VCPU_PENDING(%eax)
	jnz 3f
	popl %eax
xen_crit_iret:
2:	iret
3:	movb $1, %ss:VCPU_MASK(%eax)    /* arrived before the unmask: go round */
	popl %eax
	jmp upcall_body
xen_crit_end:
	.size hypervisor_callback, . - hypervisor_callback

	.data
	.globl xen_upcall_restarts
xen_upcall_restarts:
	.long 0
	.text

/* Load %seg from off(%esp); if that faults, the fixup nulls the saved
 * selector, sets bit in eax and retries. */
.macro LOAD_SEG_OR_NULL off, seg, bit
.Lload\@:
	movw \off(%esp), %\seg
	.pushsection .text.fixup, "ax"
.Lfix\@:
	movl $0, \off(%esp)
	orl $\bit, %eax
	jmp .Lload\@
	.popsection
	.pushsection __ex_table, "a"
	.balign 4
	.long .Lload\@, .Lfix\@
	.popsection
.endm


/*
 * The failsafe callback: Xen could not load a saved segment register, or
 * its iret back to us faulted.  Above the usual frame it pushed ds, es,
 * fs, gs.  Load each; a selector that faults is replaced by null
 * (LOAD_SEG_OR_NULL).  xen_failsafe()
 * reports, fixes up kernel data segments, or panics if every selector
 * loaded (the iret itself was bad: nothing to retry).  Xen 4.17 takes
 * this path for segment reloads at context switch; a faulting iret it
 * reflects to us as an exception instead (tests/host/bad-iret.sh).
 */
	.globl failsafe_callback
	.type failsafe_callback, @function
failsafe_callback:
	pushl %eax
	xorl %eax, %eax
	LOAD_SEG_OR_NULL 4, ds, 1
	LOAD_SEG_OR_NULL 8, es, 2
	LOAD_SEG_OR_NULL 12, fs, 4
	LOAD_SEG_OR_NULL 16, gs, 8
	pushl %ecx
	pushl %edx
	movl $KERNEL_DS, %ecx       /* C needs flat segments meanwhile */
	movl %ecx, %ds
	movl %ecx, %es
	leal 8(%esp), %ecx
	pushl %eax                  /* bad selectors, one bit each */
	pushl %ecx                  /* the frame: saved eax, ds, es, fs, gs, eip, ... */
	call xen_failsafe
	addl $8, %esp
	popl %edx
	popl %ecx
	movw 4(%esp), %ds
	movw 8(%esp), %es
	movw 12(%esp), %fs
	movw 16(%esp), %gs
	popl %eax
	addl $16, %esp
	iret
	.size failsafe_callback, . - failsafe_callback

	.section .note.GNU-stack, "", @progbits
