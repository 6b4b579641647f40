/*
 * Exception dispatch: a fault with a fixup or an armed catch_fault()
 * resumes; anything else is an oops, which panics.
 */
#include <xenpv/kernel.h>
#include <kernel/paravirt.h>
#include <kernel/traps.h>
#include <kernel/smp.h>
#include <kernel/boot.h>
#include <kernel/irq.h>
#include <kernel/task.h>
#include <kernel/process.h>

void divide_error(void), debug(void), int3(void), overflow(void), bounds(void),
	invalid_op(void), device_not_available(void), coprocessor_overrun(void),
	invalid_tss(void), segment_not_present(void), stack_segment(void),
	general_protection(void), page_fault(void), spurious_trap(void),
	coprocessor_error(void), alignment_check(void), machine_check(void),
	simd_error(void), system_call(void);

/* #PF masks events on entry so that an event handler's own fault cannot
 * overwrite cr2 before we read it.  #BP, #OF and int 0x80 may be raised
 * with INT n from any ring. */
static const struct trap_gate trap_table[] = {
	{ X86_TRAP_DE, 0, 0, divide_error },
	{ X86_TRAP_DB, 0, 0, debug },
	{ X86_TRAP_BP, 3, 0, int3 },
	{ X86_TRAP_OF, 3, 0, overflow },
	{ X86_TRAP_BR, 0, 0, bounds },
	{ X86_TRAP_UD, 0, 0, invalid_op },
	{ X86_TRAP_NM, 0, 0, device_not_available },
	{ X86_TRAP_OLD_MF, 0, 0, coprocessor_overrun },
	{ X86_TRAP_TS, 0, 0, invalid_tss },
	{ X86_TRAP_NP, 0, 0, segment_not_present },
	{ X86_TRAP_SS, 0, 0, stack_segment },
	{ X86_TRAP_GP, 0, 0, general_protection },
	{ X86_TRAP_PF, 0, 1, page_fault },
	{ X86_TRAP_SPURIOUS, 0, 0, spurious_trap },
	{ X86_TRAP_MF, 0, 0, coprocessor_error },
	{ X86_TRAP_AC, 0, 0, alignment_check },
	{ X86_TRAP_MC, 0, 0, machine_check },
	{ X86_TRAP_XF, 0, 0, simd_error },
	{ SYSCALL_VECTOR, 3, 0, system_call },
};

static const char *const names[X86_NR_EXCEPTIONS] = {
	"divide error", "debug", "NMI", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment", "general protection fault", "page fault",
	"spurious interrupt", "coprocessor error", "alignment check",
	"machine check", "SIMD floating-point exception",
};

const char *trap_name(unsigned int vector)
{
	if (vector < X86_NR_EXCEPTIONS)
		return names[vector];
	return vector == SYSCALL_VECTOR ? "system call" : "unknown vector";
}

void traps_init(void)
{
	if (pv_ops.cpu.load_trap_table(trap_table, ARRAY_SIZE(trap_table)))
		panic("the hypervisor refused the trap table");
}

/* Exception fixups. */
extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

unsigned long search_exception_table(unsigned long addr)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == addr)
			return e->fixup;
	return 0;
}

/* The instruction at local label 1 may fault: its fixup sets the error
 * operand to -1 and resumes at label 2, right after it. */
#define FAULT_SETS_ERR(err) \
	"2:\n" \
	".pushsection .text.fixup, \"ax\"\n" \
	"3: movl $-1, " err "\n" \
	"   jmp 2b\n" \
	".popsection\n" \
	_ASM_EXTABLE(1b, 3b)

int probe_read_u32(const void *addr, uint32_t *val)
{
	int err = 0;
	uint32_t v = 0;

	asm volatile("1: movl (%2), %1\n" FAULT_SETS_ERR("%0")
		     : "+r"(err), "+r"(v) : "r"(addr) : "memory");
	*val = v;
	return err;
}

int probe_write_u32(void *addr, uint32_t val)
{
	int err = 0;

	asm volatile("1: movl %2, (%1)\n" FAULT_SETS_ERR("%0")
		     : "+r"(err) : "r"(addr), "r"(val) : "memory");
	return err;
}

/* catch_fault(): a minimal setjmp/longjmp around fn. */
struct catch_ctx {
	uint32_t ebx, esi, edi, ebp, esp, eip;
	struct fault_info *info;
	struct catch_ctx *prev;
};

/* Each vCPU's innermost catch_fault (fn must not yield: a fault on
 * another vCPU must not land here). */
static struct catch_ctx *catch_of[NR_CPUS];
#define current_catch (catch_of[smp_processor_id()])

int catch_setjmp(struct catch_ctx *c) __attribute__((returns_twice));
void catch_longjmp(struct catch_ctx *c) __attribute__((noreturn));
asm(".text\n"
    ".globl catch_setjmp\n"
    "catch_setjmp:\n"
    "  movl 4(%esp), %eax\n"
    "  movl %ebx, 0(%eax)\n"
    "  movl %esi, 4(%eax)\n"
    "  movl %edi, 8(%eax)\n"
    "  movl %ebp, 12(%eax)\n"
    "  leal 4(%esp), %ecx\n"     /* esp after our return */
    "  movl %ecx, 16(%eax)\n"
    "  movl (%esp), %ecx\n"
    "  movl %ecx, 20(%eax)\n"
    "  xorl %eax, %eax\n"
    "  ret\n"
    ".globl catch_longjmp\n"
    "catch_longjmp:\n"
    "  movl 4(%esp), %eax\n"
    "  movl 0(%eax), %ebx\n"
    "  movl 4(%eax), %esi\n"
    "  movl 8(%eax), %edi\n"
    "  movl 12(%eax), %ebp\n"
    "  movl 16(%eax), %esp\n"
    "  movl 20(%eax), %ecx\n"
    "  movl $1, %eax\n"
    "  jmp *%ecx\n");

static void __attribute__((noreturn, used)) catch_resume(void)
{
	struct catch_ctx *c = current_catch;

	current_catch = c->prev;
	catch_longjmp(c);
}

int catch_fault(void (*fn)(void *), void *arg, struct fault_info *info)
{
	struct catch_ctx c;

	c.info = info;
	c.prev = current_catch;
	if (catch_setjmp(&c))
		return 1;
	current_catch = &c;
	fn(arg);
	current_catch = c.prev;
	return 0;
}

void show_regs(const struct pt_regs *regs)
{
	char sym[128];

	printk(KERN_EMERG "EIP: %04x:[<%08x>] EFLAGS: %08x\n",
	       regs->cs & 0xffff, regs->eip, regs->eflags);
	printk(KERN_EMERG "EIP is at %s\n", symbol_format(sym, sizeof(sym), regs->eip, 0));
	printk(KERN_EMERG "EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n",
	       regs->eax, regs->ebx, regs->ecx, regs->edx);
	printk(KERN_EMERG "ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n",
	       regs->esi, regs->edi, regs->ebp, regs_sp(regs));
	printk(KERN_EMERG "DS: %04x ES: %04x FS: %04x GS: %04x SS: %04x\n",
	       regs->ds & 0xffff, regs->es & 0xffff, regs->fs & 0xffff,
	       regs->gs & 0xffff, user_mode(regs) ? regs->ss & 0xffff : 0xe021);
}

/* What user mode did ends the current task only (a program, or a kernel
 * task that entered ring 3): one line, then the next task runs; the
 * caller's frame is abandoned with the task's stack. */
static void __noreturn kill_current(unsigned int vector, uint32_t eip, unsigned long address,
				    const char *what)
{
	if (process_current())
		process_kill(vector, eip, address, what);
	printk(KERN_ERR "task %s killed: %s at eip %08x in user mode\n",
	       task_name(task_current()), what, eip);
	task_kill(vector);
}

static void __noreturn kill_task(const struct pt_regs *regs, unsigned long address)
{
	char what[80];

	if (regs->vector == X86_TRAP_PF)
		snprintf(what, sizeof(what), "%s (%s %08lx)", trap_name(regs->vector),
			 regs->error_code & 16 ? "fetch at" : regs->error_code & 2 ? "write to" : "read of", address);
	else
		snprintf(what, sizeof(what), "%s", trap_name(regs->vector));
	kill_current(regs->vector, regs->eip, address, what);
}

/* The failsafe callback found a user-mode return that Xen could not
 * complete: the program (or task) that set it up dies. */
void kill_user_segment(uint32_t eip, const char *seg)
{
	char what[64];

	if (seg)
		snprintf(what, sizeof(what), "bad %%%s selector on the return to user mode", seg);
	else
		snprintf(what, sizeof(what), "a bad iret frame on the return to user mode");
	if (!process_current() && !task_killable())
		panic("%s at eip %08x, in the boot task", what, eip);
	kill_current(PROCESS_FAULT_SEGMENT, eip, 0, what);
}

/* From entry.S's fixups: frame is the iret frame RESTORE_ALL was
 * returning through when %ds, %es or the iret itself faulted. */
void __attribute__((used, noreturn)) user_return_failed(const uint32_t *frame, unsigned int what);
void user_return_failed(const uint32_t *frame, unsigned int what)
{
	static const char *const segs[] = { "ds", "es" };

	if ((frame[1] & 3) != 3)
		panic("the return to %08x (cs %04x) faulted on its %s", frame[0], frame[1] & 0xffff,
		      what < 2 ? segs[what] : "iret");
	kill_user_segment(frame[0], what < 2 ? segs[what] : NULL);
}

void do_trap(struct pt_regs *regs)
{
	unsigned long fixup, address = 0;
	char sym[128];

	if (regs->vector == X86_TRAP_PF)
		address = pv_ops.cpu.read_cr2();

	if (regs->vector == SYSCALL_VECTOR) {
		do_syscall(regs);
		goto out;
	}
	if (!user_mode(regs)) {
		fixup = search_exception_table(regs->eip);
		if (fixup) {
			regs->eip = fixup;
			goto out;
		}
	}
	if (current_catch) {
		struct fault_info *info = current_catch->info;

		info->vector = regs->vector;
		info->error_code = regs->error_code;
		info->eip = regs->eip;
		info->address = address;
		if (user_mode(regs)) {
			/* Leave user mode for good: back to the catcher's
			 * stack and ring, abandoning this frame. */
			pv_ops.irq.restore_fl(regs->eflags & X86_EFLAGS_IF);
			catch_resume();
		}
		regs->eip = (uint32_t)(uintptr_t)catch_resume;
		regs->eflags &= ~X86_EFLAGS_TF;   /* stop single-stepping */
		goto out;
	}

	if (user_mode(regs) && task_killable())
		kill_task(regs, address);

	printk(KERN_EMERG "Oops: %s (vector %u), error code %#x%s\n",
	       trap_name(regs->vector), regs->vector, regs->error_code,
	       user_mode(regs) ? " in user mode" : "");
	if (regs->vector == X86_TRAP_PF)
		printk(KERN_EMERG "faulting address: %08lx (%s, %s, %s)\n", address,
		       regs->error_code & 1 ? "protection violation" : "not present",
		       regs->error_code & 2 ? "write" : "read",
		       regs->error_code & 16 ? "instruction fetch" : "data");
	show_irq_context();
	show_regs(regs);
	if (user_mode(regs))
		show_backtrace(regs->eip, regs->ebp, 0);
	else
		show_fault_backtrace(regs->eip, regs_sp(regs), regs->ebp);
	oops_in_progress = 1;       /* the trace is out: panic need not repeat it */
	panic("unhandled %s at %s", trap_name(regs->vector),
	      symbol_format(sym, sizeof(sym), regs->eip, 0));
out:
	/* A gate that masked events on entry does not unmask them on iret. */
	pv_ops.irq.restore_fl(regs->eflags & X86_EFLAGS_IF);
}
