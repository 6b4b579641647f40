/*
 * xenpv/wait.h - wait queues: a task sleeps until a condition holds, and
 * whoever makes it hold (another task, an irq handler: an event channel's,
 * a timer function) calls wake_up.
 *
 * wait_event(wq, cond) returns 0 once cond is true, sleeping (other tasks
 * run, or the vCPU halts) until a wake_up on wq.  cond is evaluated with
 * events masked, so a wake-up from an irq handler cannot slip in between
 * the test and the sleep: keep it a plain test of memory.  Waiting in irq
 * context (a handler, a timer function) is refused with -EPERM and a
 * console line, never sleeps.  The waker may be on another vCPU: the
 * queue's lock orders wakers and waiters, a wake-up that comes between
 * the test and the sleep is kept for the sleep, and cond must read what
 * the waker wrote before wake_up.
 */
#ifndef XENPV_WAIT_H
#define XENPV_WAIT_H

#include <stdint.h>
#include <xenpv/errno.h>
#include <xenpv/list.h>
#include <xenpv/spinlock.h>
#include <xenpv/time.h>

struct task;

struct wait_queue_head {
	spinlock_t lock;
	struct list_head waiters;
};
typedef struct wait_queue_head wait_queue_head_t;

#define WAIT_QUEUE_HEAD_INIT(name) { SPINLOCK_INIT(#name), LIST_HEAD_INIT((name).waiters) }
#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = WAIT_QUEUE_HEAD_INIT(name)
void init_waitqueue_head(wait_queue_head_t *wq);

/* One waiting task, on its stack while it waits. */
struct wait_queue_entry {
	struct list_head entry;
	struct task *task;
	unsigned long flags;            /* the event mask to restore */
	int timed_out;
};

/* Wake every task waiting on wq (each then tests its condition again).
 * From tasks and irq handlers alike; the number of tasks waiting. */
int wake_up(wait_queue_head_t *wq);

/* wait_event's steps: queue the current task with events masked (or
 * -EPERM in irq context), sleep until woken or timed out, dequeue and
 * restore the events.  deadline_ns: absolute xenpv_clock_ns(), 0 for none. */
int wait_prepare(wait_queue_head_t *wq, struct wait_queue_entry *w);
void wait_sleep(struct wait_queue_entry *w, uint64_t deadline_ns);
void wait_finish(wait_queue_head_t *wq, struct wait_queue_entry *w);

#define wait_event(wq, cond) wait_event_timeout(wq, cond, 0)
/* 0 once cond is true; -ETIMEDOUT when it is still false timeout_ms on
 * (0: no timeout); -EPERM in irq context. */
#define wait_event_timeout(wq, cond, timeout_ms) ({                                 \
	struct wait_queue_entry __w;                                                \
	uint64_t __ms = (timeout_ms);                                               \
	uint64_t __end = __ms ? xenpv_clock_ns() + __ms * 1000000ULL : 0;           \
	int __rc = wait_prepare(&(wq), &__w);                                       \
	while (!__rc && !(cond)) {                                                  \
		if (__w.timed_out)                                                  \
			__rc = -ETIMEDOUT;                                          \
		else                                                                \
			wait_sleep(&__w, __end);                                    \
	}                                                                           \
	if (__rc != -EPERM)                                                         \
		wait_finish(&(wq), &__w);                                           \
	__rc; })

#endif
