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
#include <kernel/smp.h>
#include <xenpv/spinlock.h>
#include <xenpv/barrier.h>


struct irq_desc {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	unsigned long count;
	volatile int running;           /* vCPUs in the handler now */
};

/* Handlers are set and cleared under irq_lock; do_IRQ reads them. */
static DEFINE_SPINLOCK(irq_lock);
static struct irq_desc irq_desc[NR_IRQS];
static void *irq_stack[NR_CPUS];        /* tops, from alloc_stack() */
static int irq_nesting[NR_CPUS];
static int current_irq[NR_CPUS] = { [0 ... NR_CPUS - 1] = -1 };  /* innermost handler running */

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	struct irq_desc *d;
	unsigned long fl;

	(void)flags;
	if (irq >= NR_IRQS || !handler)
		return -EINVAL;
	d = &irq_desc[irq];
	spin_lock_irqsave(&irq_lock, fl);
	if (d->handler) {
		spin_unlock_irqrestore(&irq_lock, fl);
		return -EBUSY;
	}
	d->dev_id = dev_id;
	d->name = name;
	d->count = 0;
	barrier();
	d->handler = handler;
	spin_unlock_irqrestore(&irq_lock, fl);
	/* Unmask last: the handler must be in place when the first event
	 * arrives; an irq nobody bound cannot be requested. */
	if (pv_ops.irq.unmask_irq(irq)) {
		d->handler = NULL;
		return -EINVAL;
	}
	return 0;
}

/* Masked, detached, and once no other vCPU runs the handler any more,
 * the caller may free what dev_id points to. */
int free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *d;
	unsigned long fl;
	unsigned int steps = 0;
	int self;

	if (irq >= NR_IRQS)
		return -EINVAL;
	d = &irq_desc[irq];
	spin_lock_irqsave(&irq_lock, fl);
	if (!d->handler || d->dev_id != dev_id) {
		spin_unlock_irqrestore(&irq_lock, fl);
		return -EINVAL;
	}
	pv_ops.irq.mask_irq(irq);
	d->handler = NULL;
	d->dev_id = NULL;
	spin_unlock_irqrestore(&irq_lock, fl);
	self = current_irq[smp_processor_id()] == (int)irq;    /* from its own handler */
	while (d->running > self)
		smp_wait_step(&steps);
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
	return irq_nesting[smp_processor_id()] > 0;
}

int irq_refuse_sleep(const char *what, const void *caller)
{
	int irq = current_irq[smp_processor_id()];
	char sym[96];

	if (!in_irq())
		return 0;
	printk(KERN_ERR "BUG: %s() called from irq context (the handler of irq %d (%s)) by %s: "
	       "refused, it may sleep\n", what, irq,
	       irq >= 0 && irq_desc[irq].name ? irq_desc[irq].name : "?",
	       symbol_format(sym, sizeof(sym), (unsigned long)caller, 1));
	return -EDEADLK;
}

void show_irq_context(void)
{
	int irq = current_irq[smp_processor_id()];

	if (irq >= 0)
		printk(KERN_EMERG "in the handler of irq %d (%s), on the IRQ stack of vCPU %u\n",
		       irq, irq_desc[irq].name ? irq_desc[irq].name : "?", smp_processor_id());
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
	irq_handler_t handler = c->desc->handler;   /* free_irq may clear it meanwhile */

	if (handler)
		c->ret = handler((int)c->irq, c->desc->dev_id, c->regs);
}

static int on_stack(void *top, unsigned long sp)
{
	unsigned long t = (unsigned long)top;

	return sp <= t && sp > t - KERNEL_STACK_SIZE;
}

int irq_stack_leaves(unsigned long from, unsigned long to)
{
	void *top = irq_stack[smp_processor_id()];

	return top && on_stack(top, from) && !on_stack(top, to);
}

unsigned int do_IRQ(struct pt_regs *regs)
{
	struct irq_call c = { .irq = ~regs->vector, .regs = regs, .ret = IRQ_NONE };
	unsigned int cpu = smp_processor_id();
	void *stack = irq_stack[cpu];
	unsigned long sp;
	int prev_irq;

	if (c.irq >= NR_IRQS || !irq_desc[c.irq].handler)
		return 0;
	c.desc = &irq_desc[c.irq];
	__atomic_fetch_add(&c.desc->running, 1, __ATOMIC_SEQ_CST);
	c.desc->count++;
	irq_nesting[cpu]++;
	prev_irq = current_irq[cpu];
	current_irq[cpu] = (int)c.irq;
	asm volatile("movl %%esp, %0" : "=r"(sp));
	/* A nested irq is already on the IRQ stack: stay there. */
	if (!stack || on_stack(stack, sp))
		run_handler(&c);
	else
		call_on_stack(run_handler, &c, stack);
	current_irq[cpu] = prev_irq;
	irq_nesting[cpu]--;
	__atomic_fetch_sub(&c.desc->running, 1, __ATOMIC_SEQ_CST);
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
		int rc, cpu;

		if (!irq_desc[irq].handler)
			continue;
		cpu = pv_ops.irq.irq_cpu(irq);
		if (cpu >= 0 && !pv_ops.irq.irq_is_percpu(irq) &&
		    (!cpu_online((unsigned int)cpu) || cpu_dying((unsigned int)cpu))) {
			int to = cpu_fallback();

			rc = to < 0 ? to : pv_ops.irq.set_irq_cpu(irq, (unsigned int)to);
			if (rc) {
				printk(KERN_ERR "fixup_irqs: irq %u (%s) stays on vCPU %d: %d\n", irq,
				       irq_desc[irq].name ? irq_desc[irq].name : "?", cpu, rc);
				return rc;
			}
		}
		rc = pv_ops.irq.rebind_irq(irq);
		if (rc)
			return rc;
		bound++;
	}
	return bound;
}

int irq_set_affinity(unsigned int irq, unsigned int cpu)
{
	if (irq >= NR_IRQS || !irq_desc[irq].handler || !cpu_online(cpu) || cpu_dying(cpu))
		return -EINVAL;
	return pv_ops.irq.set_irq_cpu(irq, cpu);
}

int irq_get_cpu(unsigned int irq)
{
	return irq < NR_IRQS ? pv_ops.irq.irq_cpu(irq) : -EINVAL;
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
