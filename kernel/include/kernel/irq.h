/*
 * Interrupt internals shared by the core irq layer and the backend:
 * the public API is <xenpv/irq.h>, <xenpv/events.h>, <xenpv/time.h>.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <xenpv/irq.h>
#include <xenpv/time.h>

/* The backend's timer interrupt handler calls this (kernel/core/timer.c). */
void timer_interrupt(void);
/* CPU hot-unplug: vCPU from's timers into vCPU to's heap; then, on to,
 * timer_reprogram programs its earliest deadline. */
void timers_move(unsigned int from, unsigned int to);
void timer_reprogram(void);

/* At the top of anything that may sleep: in irq context it reports
 * what was called and by whom and gives -EDEADLK (the caller returns
 * it, or returns at once); else 0.  A sleep there would switch stacks
 * under the handler. */
int irq_refuse_sleep(const char *what, const void *caller);
#define might_sleep(what) irq_refuse_sleep(what, __builtin_return_address(0))

/* The dev_id irq's handler was requested with (NULL if none). */
void *irq_dev_id(unsigned int irq);

/* For an oops: which irq handler, if any, was running. */
void show_irq_context(void);
/* For backtraces: frame at from is on an IRQ stack, to is off it. */
int irq_stack_leaves(unsigned long from, unsigned long to);
/* fn(arg) with esp at top, then back (kernel/core/irq.c). */
void call_on_stack(void (*fn)(void *), void *arg, void *top);

#endif
