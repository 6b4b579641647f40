/*
 * Exceptions, as the core kernel sees them: the saved register frame, the
 * dispatcher, exception fixups and fault catching.
 */
#ifndef KERNEL_TRAPS_H
#define KERNEL_TRAPS_H

#include <stdint.h>

/* What the entry stubs (kernel/core/entry.S, with <kernel/entry.h>) save,
 * lowest address first. */
struct pt_regs {
	uint32_t ebx, ecx, edx, esi, edi, ebp, eax;
	uint32_t ds, es, fs, gs;
	uint32_t vector, error_code;
	/* The frame Xen builds, as the CPU would: */
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;           /* only when coming from ring 3 */
};

static inline int user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* The stack pointer at the moment of the exception. */
static inline uint32_t regs_sp(const struct pt_regs *regs)
{
	return user_mode(regs) ? regs->esp : (uint32_t)(uintptr_t)&regs->esp;
}

enum {
	X86_TRAP_DE = 0, X86_TRAP_DB, X86_TRAP_NMI, X86_TRAP_BP, X86_TRAP_OF,
	X86_TRAP_BR, X86_TRAP_UD, X86_TRAP_NM, X86_TRAP_DF, X86_TRAP_OLD_MF,
	X86_TRAP_TS, X86_TRAP_NP, X86_TRAP_SS, X86_TRAP_GP, X86_TRAP_PF,
	X86_TRAP_SPURIOUS, X86_TRAP_MF, X86_TRAP_AC, X86_TRAP_MC, X86_TRAP_XF,
	X86_NR_EXCEPTIONS,
	SYSCALL_VECTOR = 0x80,
};

#define X86_EFLAGS_TF 0x100UL

/* One gate of the kernel's exception table, before the backend turns it
 * into what the hypervisor wants (Xen: trap_info). */
struct trap_gate {
	uint8_t vector;
	uint8_t dpl;                /* who may raise it with INT n */
	uint8_t events_off;         /* mask events on entry (interrupt gate) */
	void (*handler)(void);
};

const char *trap_name(unsigned int vector);
void traps_init(void);
void do_trap(struct pt_regs *regs);
void show_regs(const struct pt_regs *regs);
/* From the failsafe callback: a user-mode return whose selector seg
 * Xen could not load (NULL: whose iret faulted) kills the task that
 * set it, or panics in the boot task. */
void kill_user_segment(uint32_t eip, const char *seg) __attribute__((noreturn));
/* Set once an oops has printed its report, so panic() stays short. */
extern int oops_in_progress;
/* Set by panic(): the console stops waiting for a stuck vCPU. */
extern int panic_in_progress;

/* int 0x80: number in eax, arguments in ebx, ecx, edx, esi, edi; the
 * result (or -errno) goes back in eax.  kernel/core/syscall.c */
void do_syscall(struct pt_regs *regs);

/* Exception fixups: a faulting instruction listed in __ex_table resumes
 * at its fixup address instead of oopsing. */
struct exception_table_entry {
	unsigned long insn, fixup;
};

#define _ASM_EXTABLE(from, to) \
	".pushsection __ex_table, \"a\"\n" \
	".balign 4\n" \
	".long " #from ", " #to "\n" \
	".popsection\n"

unsigned long search_exception_table(unsigned long addr);

/* What a caught fault looked like. */
struct fault_info {
	unsigned int vector;
	unsigned long error_code;
	unsigned long eip;
	unsigned long address;      /* cr2, for page faults */
};

/*
 * Run fn(arg); if it takes an exception in the kernel, or in user mode
 * that fn entered, abandon it, fill *info and return 1 instead of
 * oopsing.  Returns 0 when fn returned.  For tests and probing code; nests.
 */
int catch_fault(void (*fn)(void *), void *arg, struct fault_info *info);

/* Read or write 32 bits at a possibly bad address: 0, or -1 if it faults. */
int probe_read_u32(const void *addr, uint32_t *val);
int probe_write_u32(void *addr, uint32_t val);

/* Copy n bytes where either side may fault; return the number of bytes
 * NOT copied (0 on success).  copy_from_user zeroes the uncopied tail of
 * dst.  kernel/core/uaccess.c */
unsigned long copy_from_user(void *dst, const void *src, unsigned long n);
unsigned long copy_to_user(void *dst, const void *src, unsigned long n);

#endif
