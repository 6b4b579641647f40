/*
 * The start object: Xen's ELF notes, the entry point, the hypercall page
 * and the boot stack.  Linked first into every kernel image.
 *
 * Xen loads the image at VIRT_BASE (link address == load address, so
 * PADDR_OFFSET == VIRT_BASE), builds PAE pagetables mapping it plus
 * start_info, the P2M list, the pagetables themselves and a stack, and
 * enters _start in ring 1 with %esi = start_info.
 */
#include <xen/elfnote.h>

#define KERNEL_VIRT_BASE 0xC0000000

/* One Xen note: namesz, descsz, type, "Xen\0", descriptor padded to 4.
 * GAS strips the quotes from a macro argument, hence two flavours. */
.macro XEN_NOTE_BEGIN type
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 4
	.long 2f - 1f
	.long \type
	.asciz "Xen"
	.balign 4
1:
.endm
.macro XEN_NOTE_END
2:	.balign 4
	.popsection
.endm
.macro XEN_NOTE_STR type, value
	XEN_NOTE_BEGIN \type
	.asciz "\value"
	XEN_NOTE_END
.endm
.macro XEN_NOTE_LONG type, value
	XEN_NOTE_BEGIN \type
	.long \value
	XEN_NOTE_END
.endm

	XEN_NOTE_STR  XEN_ELFNOTE_GUEST_OS,       "xenpv"
	XEN_NOTE_STR  XEN_ELFNOTE_GUEST_VERSION,  "0.1"
	XEN_NOTE_STR  XEN_ELFNOTE_XEN_VERSION,    "xen-3.0"
	XEN_NOTE_LONG XEN_ELFNOTE_VIRT_BASE,      KERNEL_VIRT_BASE
	XEN_NOTE_LONG XEN_ELFNOTE_PADDR_OFFSET,   KERNEL_VIRT_BASE
	XEN_NOTE_LONG XEN_ELFNOTE_ENTRY,          _start
	XEN_NOTE_LONG XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page
	XEN_NOTE_STR  XEN_ELFNOTE_PAE_MODE,       "yes"
	XEN_NOTE_STR  XEN_ELFNOTE_FEATURES,       "!writable_page_tables|pae_pgdir_above_4gb"
	XEN_NOTE_STR  XEN_ELFNOTE_LOADER,         "generic"
	/* Load the ELF symbol and string tables right after the image, so
	 * that an oops can name functions (kernel/xen/symtab.c). */
	XEN_NOTE_STR  XEN_ELFNOTE_BSD_SYMTAB,     "yes"

	.section .text.head, "ax"
	.globl _start
	.type _start, @function
_start:
	cld
	/* The boot_ns clock starts here: Xen's time scale is applied later. */
	rdtsc
	movl %eax, xen_entry_tsc
	movl %edx, xen_entry_tsc + 4
	/* Xen's boot stack is left here for good: its page is given back. */
	movl %esp, xen_entry_esp
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp            /* terminates backtraces */
	pushl %esi
	call xen_start_kernel
	/* xen_start_kernel does not return; if it ever does, stop hard. */
1:	ud2
	jmp 1b
	.size _start, . - _start

	/* Xen writes one 32-byte stub per hypercall into this page. */
	.section .text.hypercall, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0

	.section .data
	.balign 8
	.globl xen_entry_tsc
xen_entry_tsc:
	.quad 0

	/* The guard page is unmapped at mm_init: an overflow faults. */
	.section .bss.stack, "aw", @nobits
	.balign 4096
	.globl boot_stack_guard, boot_stack, boot_stack_top
boot_stack_guard:
	.skip 4096
boot_stack:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
