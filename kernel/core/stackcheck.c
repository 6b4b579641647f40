/*
 * Stack overflow checks for module code.  Modules are built with
 * -finstrument-functions, so every function they define calls
 * __cyg_profile_func_enter first.  A 32-bit PV guest has no stack switch
 * for faults in ring 1: an overflow into the guard page makes Xen push
 * the exception frame on the unmapped stack, fail, and kill the domain.
 * So the check fires while STACK_MARGIN bytes are still left, and the
 * report runs on a static stack of its own.
 */
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <xenpv/irq.h>
#include <kernel/boot.h>
#include <kernel/irq.h>
#include <kernel/paravirt.h>
#include <kernel/traps.h>
#include <kernel/smp.h>

/* More than the locals of any function before its hook runs, and the
 * hook's own frame. */
#define STACK_MARGIN 2048

/* The running task's stack: sp - floor < span is fine.  Until task_init
 * anything is. */
static unsigned long floor[NR_CPUS], span[NR_CPUS] = { [0 ... NR_CPUS - 1] = ~0UL };

static char emergency_stack[8192] __attribute__((aligned(16)));

struct overflow {
	void *fn;
	unsigned long sp, ebp, left;
};

void stack_check_set(unsigned long top, unsigned long size)
{
	unsigned int cpu = smp_processor_id();

	floor[cpu] = top - size + STACK_MARGIN;
	span[cpu] = size - STACK_MARGIN;
}

static void __noreturn report(void *arg)
{
	const struct overflow *o = arg;
	char sym[128], where[96];
	char *plus;

	symbol_format(sym, sizeof(sym), (unsigned long)o->fn, 0);
	plus = strchr(sym, '+');
	if (plus)
		*plus = '\0';
	printk(KERN_EMERG "Stack overflow: %s entered with %lu bytes of stack left, esp %08lx\n",
	       sym, o->left, o->sp);
	show_backtrace((unsigned long)o->fn, o->ebp, 0);
	oops_in_progress = 1;       /* the trace is out: panic need not repeat it */
	panic("stack overflow in %s (%s)", sym, module_context(where, sizeof(where)));
}

static int __attribute__((no_instrument_function)) in_margin(unsigned long sp, unsigned long top,
							      unsigned long size, unsigned long *left)
{
	*left = sp - (top - size);
	return sp <= top && *left < size && *left < STACK_MARGIN;
}

/* Off the fast path: below the floor, or on another stack (the IRQ
 * stack, where timer callbacks and irq handlers run, or one we do not
 * know, which we leave alone). */
static void __attribute__((noinline, no_instrument_function)) check_slow(void *fn, unsigned long sp,
									 unsigned long ebp)
{
	unsigned int cpu = smp_processor_id();
	unsigned long irq_top = (unsigned long)irq_stack_top(cpu);
	struct overflow o = { fn, sp, ebp, 0 };

	if (!in_margin(sp, floor[cpu] + span[cpu], span[cpu] + STACK_MARGIN, &o.left) &&
	    !(irq_top && in_margin(sp, irq_top, KERNEL_STACK_SIZE, &o.left)))
		return;
	pv_ops.irq.irq_disable();
	call_on_stack((void (*)(void *))report, &o, emergency_stack + sizeof(emergency_stack));
}

void __attribute__((no_instrument_function)) __cyg_profile_func_enter(void *fn, void *site)
{
	unsigned int cpu = smp_processor_id();
	unsigned long sp;

	asm volatile("movl %%esp, %0" : "=r"(sp));
	if (__builtin_expect(sp - floor[cpu] >= span[cpu], 0))
		check_slow(fn, sp, *(unsigned long *)__builtin_frame_address(0));
}

void __attribute__((no_instrument_function)) __cyg_profile_func_exit(void *fn, void *site)
{
}
