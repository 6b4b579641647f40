/*
 * xenpv/completion.h - completions: "this has happened", signalled once
 * (or for good) by a task or an irq handler and waited for by tasks.
 *
 * Each complete() lets one wait_for_completion() return, whether it came
 * before or after the wait; complete_all() lets every wait return from
 * then on.  Built on <xenpv/wait.h>, with its rules: waiting in irq
 * context is refused with -EPERM.  complete() may come from any vCPU.
 */
#ifndef XENPV_COMPLETION_H
#define XENPV_COMPLETION_H

#include <xenpv/wait.h>

struct completion {
	unsigned int done;              /* completions not yet waited for */
	wait_queue_head_t wait;
};

#define COMPLETION_INITIALIZER(name) { 0, WAIT_QUEUE_HEAD_INIT((name).wait) }
#define DECLARE_COMPLETION(name) struct completion name = COMPLETION_INITIALIZER(name)
void init_completion(struct completion *c);
/* Make c uncompleted again (no waiter may be waiting). */
void reinit_completion(struct completion *c);

void complete(struct completion *c);
void complete_all(struct completion *c);
/* 0 once completed; -ETIMEDOUT after timeout_ms (0: no timeout);
 * -EPERM in irq context. */
int wait_for_completion(struct completion *c);
int wait_for_completion_timeout(struct completion *c, unsigned int timeout_ms);
/* 1 if a wait would return at once, without waiting or taking it. */
int completion_done(const struct completion *c);

#endif
