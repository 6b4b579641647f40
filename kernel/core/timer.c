/*
 * Timers: a pairing heap ordered by deadline (ties: the first added runs
 * first), intrusive in the caller's struct xenpv_timer, so nothing is
 * allocated.  Add is O(1), expiry and cancel O(log n) amortized.  The
 * earliest deadline is programmed into the backend's one-shot timer
 * (pv_ops.time.set_timer) and the timer interrupt runs what has
 * expired.  msleep blocks the vCPU in between.
 */
#include <xenpv/kernel.h>
#include <kernel/paravirt.h>
#include <kernel/irq.h>
#include <kernel/boot.h>
#include <kernel/smp.h>
#include <xenpv/spinlock.h>

/* The root is the earliest.  A node's children hang off child, linked
 * through sibling; prev is the parent for a first child, else the
 * previous sibling (NULL for the root). */
/* Each vCPU's heap; its lock guards the heap and every timer in it. */
struct timer_base {
	spinlock_t lock;
	struct xenpv_timer *root;
	struct xenpv_timer *running;    /* whose function runs now, on this vCPU */
	uint32_t next_seq;
};

static struct timer_base bases[NR_CPUS] = {
	[0 ... NR_CPUS - 1] = { .lock = SPINLOCK_INIT("timer_base") },
};
static unsigned long timer_irqs[NR_CPUS];


/* pending holds a tag of the timer's own address while it is in the
 * heap, so that an uninitialised timer (stack garbage) never passes for
 * a pending one; its links must agree too. */
static uint32_t tag(const struct xenpv_timer *t)
{
	return 0x71e40001u ^ (uint32_t)(uintptr_t)t;
}

static int in_heap(const struct timer_base *b, const struct xenpv_timer *t)
{
	return t->base == b && (uint32_t)t->pending == tag(t) &&
	       (t == b->root || (t->prev && (t->prev->child == t || t->prev->sibling == t)));
}

static int before(const struct xenpv_timer *a, const struct xenpv_timer *b)
{
	return a->expires < b->expires ||
	       (a->expires == b->expires && (int32_t)(a->seq - b->seq) < 0);
}

/* Two detached heaps into one: the later root becomes the first child. */
static struct xenpv_timer *meld(struct xenpv_timer *a, struct xenpv_timer *b)
{
	if (before(b, a)) {
		struct xenpv_timer *t = a;

		a = b;
		b = t;
	}
	b->prev = a;
	b->sibling = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	a->sibling = a->prev = NULL;
	return a;
}

/* A list of sibling heaps into one: meld pairs left to right, then the
 * pairs right to left.  Iterative: a list can be as long as the heap. */
static struct xenpv_timer *merge_pairs(struct xenpv_timer *first)
{
	struct xenpv_timer *pairs = NULL, *next, *a, *b;

	while (first) {
		a = first;
		b = a->sibling;
		next = b ? b->sibling : NULL;
		a->sibling = a->prev = NULL;
		if (b) {
			b->sibling = b->prev = NULL;
			a = meld(a, b);
		}
		a->sibling = pairs;     /* pushed: the last pair comes first */
		pairs = a;
		first = next;
	}
	if (!pairs)
		return NULL;
	a = pairs;
	pairs = a->sibling;
	a->sibling = NULL;
	while (pairs) {
		b = pairs;
		pairs = b->sibling;
		b->sibling = NULL;
		a = meld(a, b);
	}
	return a;
}

static void heap_remove(struct timer_base *b, struct xenpv_timer *t)
{
	struct xenpv_timer *sub = merge_pairs(t->child);

	if (t == b->root) {
		b->root = sub;
		return;
	}
	if (t->prev->child == t)
		t->prev->child = t->sibling;
	else
		t->prev->sibling = t->sibling;
	if (t->sibling)
		t->sibling->prev = t->prev;
	if (sub)
		b->root = meld(b->root, sub);
}

/* On b's own vCPU (Xen takes a one-shot deadline from that vCPU only). */
static void program_next(struct timer_base *b)
{
	if (b->root && pv_ops.time.set_timer(b->root->expires))
		panic("the hypervisor refused a timer deadline");
}

/* The base t is in, locked (a timer moves when another vCPU re-adds it);
 * NULL if it is in none.  Events masked. */
static struct timer_base *lock_base(struct xenpv_timer *t)
{
	for (;;) {
		struct timer_base *b = t->base;

		if ((uint32_t)t->pending != tag(t) || b < bases || b >= bases + NR_CPUS)
			return NULL;
		spin_lock(&b->lock);
		if (t->base == b)
			return b;
		spin_unlock(&b->lock);
	}
}

/* A pending timer is re-armed: taken out first, so it runs once, at
 * the new deadline. */
/* Out of the heap it is in, if any; its base locked by the caller. */
static int take_out(struct timer_base *b, struct xenpv_timer *t)
{
	int was = b && in_heap(b, t);

	if (was)
		heap_remove(b, t);
	t->pending = 0;
	return was;
}

void xenpv_timer_add(struct xenpv_timer *t, uint64_t delay_ns,
		     void (*fn)(void *arg), void *arg)
{
	unsigned long flags = local_irq_save();
	struct timer_base *b = &bases[smp_processor_id()], *old = lock_base(t);

	if (old) {
		take_out(old, t);
		spin_unlock(&old->lock);
	}
	spin_lock(&b->lock);
	t->expires = pv_ops.time.clock_ns() + delay_ns;
	t->fn = fn;
	t->arg = arg;
	t->module = module_current();
	t->seq = b->next_seq++;
	t->child = t->sibling = t->prev = NULL;
	t->base = b;
	b->root = b->root ? meld(b->root, t) : t;
	t->pending = (int)tag(t);
	if (b->root == t)
		program_next(b);
	spin_unlock(&b->lock);
	local_irq_restore(flags);
}

int xenpv_timer_cancel(struct xenpv_timer *t)
{
	unsigned long flags = local_irq_save();
	struct timer_base *b = lock_base(t), *mine = &bases[smp_processor_id()];
	int was = take_out(b, t);
	unsigned int i, steps = 0;

	/* A stale deadline only costs one early interrupt: not reprogrammed. */
	if (b)
		spin_unlock(&b->lock);
	/* Running on another vCPU: wait for it (on this one it is the
	 * caller itself, or what the caller interrupted). */
	for (i = 0; i < NR_CPUS; i++)
		while (&bases[i] != mine && bases[i].running == t)
			smp_wait_step(&steps);
	local_irq_restore(flags);
	return was;
}

void timer_interrupt(void)
{
	struct timer_base *b = &bases[smp_processor_id()];
	uint64_t now = pv_ops.time.clock_ns();

	timer_irqs[smp_processor_id()]++;
	spin_lock(&b->lock);
	while (b->root) {
		struct xenpv_timer *t = b->root;

		/* The clock is read again only when the earliest looks
		 * unexpired: a read can cost a trap (an emulated TSC). */
		if (t->expires > now && t->expires > (now = pv_ops.time.clock_ns()))
			break;
		heap_remove(b, t);
		t->pending = 0;
		b->running = t;
		spin_unlock(&b->lock);
		module_run_timer(t);
		spin_lock(&b->lock);
		b->running = NULL;
	}
	/* Also when the interrupt came a little before our clock reached the
	 * deadline: the same deadline again. */
	program_next(b);
	spin_unlock(&b->lock);
}

/* On a vCPU going down, events masked: every timer of its heap into
 * vCPU to's, which must program its deadline again (timer_reprogram). */
void timers_move(unsigned int from, unsigned int to)
{
	struct timer_base *src = &bases[from], *dst = &bases[to];
	struct timer_base *first = from < to ? src : dst, *second = from < to ? dst : src;

	spin_lock(&first->lock);
	spin_lock(&second->lock);
	while (src->root) {
		struct xenpv_timer *t = src->root;

		heap_remove(src, t);
		t->child = t->sibling = t->prev = NULL;
		t->base = dst;
		t->seq = dst->next_seq++;
		dst->root = dst->root ? meld(dst->root, t) : t;
	}
	spin_unlock(&second->lock);
	spin_unlock(&first->lock);
}

void timer_reprogram(void)
{
	struct timer_base *b = &bases[smp_processor_id()];
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	program_next(b);
	spin_unlock_irqrestore(&b->lock, flags);
}

unsigned long xenpv_timer_irqs(void)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++)
		n += timer_irqs[i];
	return n;
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

	if (irq_refuse_sleep("xenpv_sleep_ns", __builtin_return_address(0)))
		return;
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
	if (might_sleep("msleep"))
		return;
	xenpv_sleep_ns((uint64_t)ms * NSEC_PER_MSEC);
}
