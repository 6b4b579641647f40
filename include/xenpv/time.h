/*
 * xenpv/time.h - time and timers for modules.  Timers fire from the
 * timer interrupt (Xen's VIRQ_TIMER with a one-shot deadline), so their
 * functions run in irq context: short, no sleeping.
 */
#ifndef XENPV_TIME_H
#define XENPV_TIME_H

#include <stdint.h>

struct timer_base;

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

/* Nanoseconds of Xen system time, monotonic, from the PV clock
 * (<xenpv/kernel.h> includes this header for it). */
uint64_t xenpv_clock_ns(void);

/* A timer: storage belongs to the caller until it fires or is cancelled.
 * It needs no initialisation before its first add: the kernel knows its
 * pending timers by a tag in pending, not by pending being non-zero. */
struct xenpv_timer {
	uint64_t expires;           /* absolute, xenpv_clock_ns() time */
	void (*fn)(void *arg);
	void *arg;
	/* kernel/core/timer.c's heap links; equal deadlines run in order of
	 * adding (seq). */
	struct xenpv_timer *child, *sibling, *prev;
	struct timer_base *base;    /* the vCPU's heap it is (or was last) in */
	uint32_t seq;
	int pending;
	const char *module;         /* whose code added it (kernel's) */
};

/* Run fn(arg) once, delay_ns from now, in irq context on this vCPU
 * (each vCPU has its own timers; cpu_down moves a vCPU's to another).
 * Adding a pending timer re-arms it: it runs once, at the new deadline.
 * O(1); expiry and cancel O(log n) amortized. */
void xenpv_timer_add(struct xenpv_timer *t, uint64_t delay_ns,
		     void (*fn)(void *arg), void *arg);
/* 1 if it was pending (and now never runs), 0 if it had run already.
 * If its function is running on another vCPU, cancel waits for it to
 * return, so the caller may free the timer and its argument after. */
int xenpv_timer_cancel(struct xenpv_timer *t);

/* Block the vCPU (events enabled) for at least ms / ns.  From irq
 * context (a handler, a timer function) refused: a report naming the
 * caller, and an immediate return. */
void msleep(unsigned int ms);
void xenpv_sleep_ns(uint64_t ns);

/* Timer interrupts taken since boot. */
unsigned long xenpv_timer_irqs(void);

#endif
