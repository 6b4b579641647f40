/*
 * Timers: a list sorted by deadline; the earliest is programmed into the
 * backend's one-shot timer (pv_ops.time.set_timer) and the timer
 * interrupt runs what has expired.  msleep blocks the vCPU in between.
 */
#include <xenpv/kernel.h>
#include <kernel/paravirt.h>
#include <kernel/irq.h>
#include <kernel/boot.h>

static struct xenpv_timer *timers;      /* earliest first */
static unsigned long timer_irqs;

static void program_next(void)
{
	if (timers && pv_ops.time.set_timer(timers->expires))
		panic("the hypervisor refused a timer deadline");
}

void xenpv_timer_add(struct xenpv_timer *t, uint64_t delay_ns,
		     void (*fn)(void *arg), void *arg)
{
	struct xenpv_timer **pos;
	unsigned long flags = local_irq_save();

	t->expires = pv_ops.time.clock_ns() + delay_ns;
	t->fn = fn;
	t->arg = arg;
	t->module = module_current();
	for (pos = &timers; *pos && (*pos)->expires <= t->expires; pos = &(*pos)->next)
		;
	t->next = *pos;
	*pos = t;
	t->pending = 1;
	if (timers == t)
		program_next();
	local_irq_restore(flags);
}

int xenpv_timer_cancel(struct xenpv_timer *t)
{
	struct xenpv_timer **pos;
	unsigned long flags = local_irq_save();
	int was = t->pending;

	for (pos = &timers; *pos; pos = &(*pos)->next)
		if (*pos == t) {
			*pos = t->next;
			break;
		}
	t->pending = 0;
	/* A stale deadline only costs one early interrupt: not reprogrammed. */
	local_irq_restore(flags);
	return was;
}

void timer_interrupt(void)
{
	uint64_t now = pv_ops.time.clock_ns();

	timer_irqs++;
	while (timers && timers->expires <= now) {
		struct xenpv_timer *t = timers;

		timers = t->next;
		t->pending = 0;
		module_run_timer(t);
		now = pv_ops.time.clock_ns();
	}
	/* Also when the interrupt came a little before our clock reached the
	 * deadline: the same deadline again. */
	program_next();
}

unsigned long xenpv_timer_irqs(void)
{
	return timer_irqs;
}

static void wake(void *arg)
{
	*(volatile int *)arg = 1;
}

void xenpv_sleep_ns(uint64_t ns)
{
	struct xenpv_timer t;
	volatile int done = 0;
	unsigned long flags;

	if (in_irq())
		panic("xenpv_sleep_ns/msleep called from an irq handler: it would never wake");
	xenpv_timer_add(&t, ns, wake, (void *)&done);
	/* Check and block with events masked, so the wake-up cannot slip in
	 * between: safe_halt enables them atomically with blocking. */
	flags = local_irq_save();
	while (!done) {
		pv_ops.irq.safe_halt();
		pv_ops.irq.irq_disable();
	}
	local_irq_restore(flags);
}

void msleep(unsigned int ms)
{
	xenpv_sleep_ns((uint64_t)ms * NSEC_PER_MSEC);
}
