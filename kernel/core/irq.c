/*
 * The irq layer of old i386 Linux over the paravirt seam: numbered irqs
 * with one handler each, do_IRQ running handlers on a per-CPU IRQ stack,
 * init_IRQ through pv_ops.irq.  Which event source an irq is (under Xen,
 * an event channel) is the backend's business: it masks and unmasks.
 */
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <kernel/paravirt.h>
#include <kernel/traps.h>
#include <kernel/boot.h>
#include <kernel/irq.h>

#define NR_CPUS 1


struct irq_desc {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	unsigned long count;
};

static struct irq_desc irq_desc[NR_IRQS];
static void *irq_stack[NR_CPUS];        /* tops, from alloc_stack() */
static int irq_nesting;
static int current_irq = -1;           /* innermost handler running */

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	struct irq_desc *d;
	unsigned long fl;

	(void)flags;
	if (irq >= NR_IRQS || !handler)
		return -EINVAL;
	d = &irq_desc[irq];
	fl = local_irq_save();
	if (d->handler) {
		local_irq_restore(fl);
		return -EBUSY;
	}
	d->handler = handler;
	d->dev_id = dev_id;
	d->name = name;
	d->count = 0;
	local_irq_restore(fl);
	/* Unmask last: the handler must be in place when the first event
	 * arrives; an irq nobody bound cannot be requested. */
	if (pv_ops.irq.unmask_irq(irq)) {
		d->handler = NULL;
		return -EINVAL;
	}
	return 0;
}

int free_irq(unsigned int irq, void *dev_id)
{
	unsigned long fl;

	if (irq >= NR_IRQS || !irq_desc[irq].handler || irq_desc[irq].dev_id != dev_id)
		return -EINVAL;
	pv_ops.irq.mask_irq(irq);
	fl = local_irq_save();
	irq_desc[irq].handler = NULL;
	irq_desc[irq].dev_id = NULL;
	local_irq_restore(fl);
	return 0;
}

void disable_irq(unsigned int irq)
{
	if (irq < NR_IRQS)
		pv_ops.irq.mask_irq(irq);
}

void enable_irq(unsigned int irq)
{
	if (irq < NR_IRQS && irq_desc[irq].handler)
		pv_ops.irq.unmask_irq(irq);
}

unsigned long irq_count(unsigned int irq)
{
	return irq < NR_IRQS ? irq_desc[irq].count : 0;
}

void *irq_dev_id(unsigned int irq)
{
	return irq < NR_IRQS && irq_desc[irq].handler ? irq_desc[irq].dev_id : NULL;
}

const char *irq_name(unsigned int irq)
{
	return irq < NR_IRQS && irq_desc[irq].handler ? irq_desc[irq].name : NULL;
}

int in_irq(void)
{
	return irq_nesting > 0;
}

int irq_refuse_sleep(const char *what, const void *caller)
{
	char sym[96];

	if (!in_irq())
		return 0;
	printk(KERN_ERR "BUG: %s() called from irq context (the handler of irq %d (%s)) by %s: "
	       "refused, it may sleep\n", what, current_irq,
	       irq_desc[current_irq].name ? irq_desc[current_irq].name : "?",
	       symbol_format(sym, sizeof(sym), (unsigned long)caller, 1));
	return -EDEADLK;
}

void show_irq_context(void)
{
	if (current_irq >= 0)
		printk(KERN_EMERG "in the handler of irq %d (%s), on the IRQ stack\n",
		       current_irq, irq_desc[current_irq].name ? irq_desc[current_irq].name : "?");
}

/* call_on_stack(fn, arg, top) (<kernel/irq.h>): fn(arg) with esp at top,
 * then back.  The frame pointer chain runs on into the interrupted stack,
 * so an oops in a handler still backtraces to what it interrupted. */
asm(".text\n"
    ".globl call_on_stack\n"
    "call_on_stack:\n"
    "  pushl %ebp\n"
    "  movl %esp, %ebp\n"
    "  movl 16(%ebp), %esp\n"
    "  pushl 12(%ebp)\n"
    "  call *8(%ebp)\n"
    "  movl %ebp, %esp\n"
    "  popl %ebp\n"
    "  ret\n");

struct irq_call {
	unsigned int irq;
	struct irq_desc *desc;
	struct pt_regs *regs;
	irqreturn_t ret;
};

static void run_handler(void *p)
{
	struct irq_call *c = p;

	c->ret = c->desc->handler((int)c->irq, c->desc->dev_id, c->regs);
}

static int on_stack(void *top, unsigned long sp)
{
	unsigned long t = (unsigned long)top;

	return sp <= t && sp > t - KERNEL_STACK_SIZE;
}

int irq_stack_leaves(unsigned long from, unsigned long to)
{
	return irq_stack[0] && on_stack(irq_stack[0], from) && !on_stack(irq_stack[0], to);
}

unsigned int do_IRQ(struct pt_regs *regs)
{
	struct irq_call c = { .irq = ~regs->vector, .regs = regs, .ret = IRQ_NONE };
	unsigned long sp;
	int prev_irq;

	if (c.irq >= NR_IRQS || !irq_desc[c.irq].handler)
		return 0;
	c.desc = &irq_desc[c.irq];
	c.desc->count++;
	irq_nesting++;
	prev_irq = current_irq;
	current_irq = (int)c.irq;
	asm volatile("movl %%esp, %0" : "=r"(sp));
	/* A nested irq is already on the IRQ stack: stay there. */
	if (!irq_stack[0] || on_stack(irq_stack[0], sp))
		run_handler(&c);
	else
		call_on_stack(run_handler, &c, irq_stack[0]);
	current_irq = prev_irq;
	irq_nesting--;
	return c.ret == IRQ_HANDLED;
}

int irq_ctx_init(unsigned int cpu)
{
	if (cpu >= NR_CPUS)
		return -EINVAL;
	if (!irq_stack[cpu])
		irq_stack[cpu] = alloc_stack();
	return irq_stack[cpu] ? 0 : -ENOMEM;
}

void irq_ctx_exit(unsigned int cpu)
{
	if (cpu < NR_CPUS && irq_stack[cpu]) {
		free_stack(irq_stack[cpu]);
		irq_stack[cpu] = NULL;
	}
}

void *irq_stack_top(unsigned int cpu)
{
	return cpu < NR_CPUS ? irq_stack[cpu] : NULL;
}

int fixup_irqs(void)
{
	unsigned int irq;
	int bound = 0;

	for (irq = 0; irq < NR_IRQS; irq++) {
		int rc;

		if (!irq_desc[irq].handler)
			continue;
		rc = pv_ops.irq.rebind_irq(irq);
		if (rc)
			return rc;
		bound++;
	}
	return bound;
}

void native_init_IRQ(void)
{
	panic("native_init_IRQ: the 8259/APIC set-up of native hardware; "
	      "this kernel runs on %s, whose init_IRQ is pv_ops.irq.init_IRQ", pv_ops.name);
}

void init_IRQ(void)
{
	if (irq_ctx_init(0))
		panic("init_IRQ: no memory for the IRQ stack");
	pv_ops.irq.init_IRQ();
	pv_ops.irq.irq_enable();
}

void local_irq_disable(void) { pv_ops.irq.irq_disable(); }
void local_irq_enable(void) { pv_ops.irq.irq_enable(); }
int irqs_disabled(void) { return !(pv_ops.irq.save_fl() & X86_EFLAGS_IF); }
unsigned long xenpv_irq_save(void) { return local_irq_save(); }
void xenpv_irq_restore(unsigned long flags) { local_irq_restore(flags); }
void safe_halt(void) { pv_ops.irq.safe_halt(); }
