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

/* The root is the earliest.  A node's children hang off child, linked
 * through sibling; prev is the parent for a first child, else the
 * previous sibling (NULL for the root). */
static struct xenpv_timer *root;
static uint32_t next_seq;
static unsigned long timer_irqs;

/* pending holds a tag of the timer's own address while it is in the
 * heap, so that an uninitialised timer (stack garbage) never passes for
 * a pending one; its links must agree too. */
static uint32_t tag(const struct xenpv_timer *t)
{
	return 0x71e40001u ^ (uint32_t)(uintptr_t)t;
}

static int in_heap(const struct xenpv_timer *t)
{
	return (uint32_t)t->pending == tag(t) &&
	       (t == root || (t->prev && (t->prev->child == t || t->prev->sibling == t)));
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

static void heap_remove(struct xenpv_timer *t)
{
	struct xenpv_timer *sub = merge_pairs(t->child);

	if (t == root) {
		root = sub;
		return;
	}
	if (t->prev->child == t)
		t->prev->child = t->sibling;
	else
		t->prev->sibling = t->sibling;
	if (t->sibling)
		t->sibling->prev = t->prev;
	if (sub)
		root = meld(root, sub);
}

static void program_next(void)
{
	if (root && pv_ops.time.set_timer(root->expires))
		panic("the hypervisor refused a timer deadline");
}

/* A pending timer is re-armed: taken out first, so it runs once, at
 * the new deadline. */
void xenpv_timer_add(struct xenpv_timer *t, uint64_t delay_ns,
		     void (*fn)(void *arg), void *arg)
{
	unsigned long flags = local_irq_save();

	if (in_heap(t))
		heap_remove(t);
	t->expires = pv_ops.time.clock_ns() + delay_ns;
	t->fn = fn;
	t->arg = arg;
	t->module = module_current();
	t->seq = next_seq++;
	t->child = t->sibling = t->prev = NULL;
	root = root ? meld(root, t) : t;
	t->pending = (int)tag(t);
	if (root == t)
		program_next();
	local_irq_restore(flags);
}

int xenpv_timer_cancel(struct xenpv_timer *t)
{
	unsigned long flags = local_irq_save();
	int was = in_heap(t);

	if (was)
		heap_remove(t);
	t->pending = 0;
	/* A stale deadline only costs one early interrupt: not reprogrammed. */
	local_irq_restore(flags);
	return was;
}

void timer_interrupt(void)
{
	uint64_t now = pv_ops.time.clock_ns();

	timer_irqs++;
	while (root) {
		struct xenpv_timer *t = root;

		/* The clock is read again only when the earliest looks
		 * unexpired: a read can cost a trap (an emulated TSC). */
		if (t->expires > now && t->expires > (now = pv_ops.time.clock_ns()))
			break;
		heap_remove(t);
		t->pending = 0;
		module_run_timer(t);
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
