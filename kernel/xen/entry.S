/*
 * Xen's entry points into the kernel: the event upcall and the failsafe
 * callback, saving struct pt_regs with <kernel/entry.h>'s macros.  (The
 * exception stubs are the trap code's: kernel/core/entry.S.)
 */
#include <kernel/entry.h>

	.text

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
/* This vCPU's vcpu_info is xen_vcpu_info[cpu]; LSL on the CPU selector
 * gives cpu (<xenpv/smp.h>). */
#include <xenpv/smp.h>
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
	/* %ds is the interrupted context's again: address through %ss.
	 * The flags are free: iret restores the interrupted ones. */
	movl $XENPV_CPU_SELECTOR, %eax
	lsl %eax, %eax
	movl %ss:xen_vcpu_info(,%eax,4), %eax
	movb $0, %ss:VCPU_MASK(%eax)
	.globl xen_crit_start, xen_crit_iret
xen_crit_start:                     /* events may arrive from here on */
	testb $0xff, %ss:VCPU_PENDING(%eax)
	jnz 3f
	popl %eax
xen_crit_iret:
2:	USER_IRET
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
 * reflects to us as an exception instead (tests/judged/bad-iret.sh).
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
	cld
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
