/*
 * Wait queues and completions (<xenpv/wait.h>, <xenpv/completion.h>) on
 * the scheduler's block/wake primitive: a waiter tests its condition
 * with events masked and only then blocks (task_sleep), so a wake_up
 * from an irq handler either comes before the test or finds it blocked.
 */
#include <xenpv/kernel.h>
#include <xenpv/completion.h>
#include <xenpv/task.h>
#include <xenpv/barrier.h>
#include <kernel/boot.h>
#include <kernel/task.h>

void init_waitqueue_head(wait_queue_head_t *wq)
{
	spin_lock_init(&wq->lock, "wait_queue");
	INIT_LIST_HEAD(&wq->waiters);
}

int wait_prepare(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
	if (in_irq()) {
		char at[96];

		printk(KERN_ERR "wait: refused in irq context, at %s: an irq handler cannot sleep\n",
		       symbol_format(at, sizeof(at), (unsigned long)__builtin_return_address(0), 1));
		return -EPERM;
	}
	w->flags = xenpv_irq_save();
	w->task = task_current();
	w->timed_out = 0;
	spin_lock(&wq->lock);
	list_add_tail(&w->entry, &wq->waiters);
	spin_unlock(&wq->lock);
	return 0;
}

static void wait_timeout(void *arg)
{
	struct wait_queue_entry *w = arg;

	w->timed_out = 1;
	task_wake(w->task);
}

void wait_sleep(struct wait_queue_entry *w, uint64_t deadline_ns)
{
	struct xenpv_timer timer;
	uint64_t now = xenpv_clock_ns();

	if (!deadline_ns) {
		task_sleep();
		return;
	}
	if (now >= deadline_ns) {
		w->timed_out = 1;
		return;
	}
	xenpv_timer_add(&timer, deadline_ns - now, wait_timeout, w);
	task_sleep();
	xenpv_timer_cancel(&timer);
}

void wait_finish(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
	spin_lock(&wq->lock);
	list_del(&w->entry);
	spin_unlock(&wq->lock);
	xenpv_irq_restore(w->flags);
}

int wake_up(wait_queue_head_t *wq)
{
	struct wait_queue_entry *w;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry(w, &wq->waiters, entry) {
		task_wake(w->task);
		n++;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	return n;
}

/* done at this value: completed for good (complete_all). */
#define DONE_ALL 0xffffffffU

void init_completion(struct completion *c)
{
	c->done = 0;
	init_waitqueue_head(&c->wait);
}

void reinit_completion(struct completion *c)
{
	c->done = 0;
}

static void add_done(struct completion *c, int all)
{
	unsigned long flags;

	spin_lock_irqsave(&c->wait.lock, flags);
	if (all)
		c->done = DONE_ALL;
	else if (c->done != DONE_ALL)
		c->done++;
	spin_unlock_irqrestore(&c->wait.lock, flags);
	wake_up(&c->wait);
}

void complete(struct completion *c)
{
	add_done(c, 0);
}

void complete_all(struct completion *c)
{
	add_done(c, 1);
}

/* Take one completion if there is one: the test and the take at once. */
static int take_done(struct completion *c)
{
	int taken = 0;

	spin_lock(&c->wait.lock);       /* events masked: a waiter's condition */
	if (c->done) {
		if (c->done != DONE_ALL)
			c->done--;
		taken = 1;
	}
	spin_unlock(&c->wait.lock);
	return taken;
}

int wait_for_completion_timeout(struct completion *c, unsigned int timeout_ms)
{
	return wait_event_timeout(c->wait, take_done(c), timeout_ms);
}

int wait_for_completion(struct completion *c)
{
	return wait_for_completion_timeout(c, 0);
}

int completion_done(const struct completion *c)
{
	return READ_ONCE(c->done) != 0;
}
