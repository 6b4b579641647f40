/*
 * Timers (kernel/core/timer.c) over a fake clock and a fake one-shot
 * timer: deadlines run in order, the earliest is what is programmed,
 * cancel removes, an interrupt that comes early re-arms the same
 * deadline, a function may add a timer; re-adding a pending timer
 * re-arms it; equal deadlines run in order of adding; 100,000 timers
 * in random order (some cancelled, some re-armed) expire in order, in
 * O(log n) each.
 */
#include <string.h>
#include <time.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "unit-tap.h"
#include <kernel/paravirt.h>
#include <kernel/irq.h>
#include <xenpv/spinlock.h>

struct paravirt_ops pv_ops;
static uint64_t now, programmed;
static unsigned int nprogram;
static unsigned long flag = X86_EFLAGS_IF;
static char order[32];
static unsigned int norder;

static uint64_t fake_clock(void) { return now; }
static int fake_set_timer(uint64_t abs_ns) { programmed = abs_ns; nprogram++; return 0; }
static unsigned long fake_save_fl(void) { return flag; }
static void fake_restore_fl(unsigned long f) { flag = f; }
static void fake_disable(void) { flag = 0; }

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	exit(2);
}

/* One CPU, no contention: the heap's lock only has to balance. */
static int locks_held;
void spin_lock(spinlock_t *lock) { (void)lock; locks_held++; }
void spin_unlock(spinlock_t *lock) { (void)lock; locks_held--; }
unsigned long xenpv_irq_save(void) { unsigned long f = flag; flag = 0; return f; }
void xenpv_irq_restore(unsigned long f) { flag = f; }

int irq_refuse_sleep(const char *what, const void *caller)
{
	(void)what;
	(void)caller;
	return 0;
}

static void mark(void *arg);

/* A re-added pending timer runs once, at its new deadline; re-adding
 * to a later deadline, cancelling after a re-add. */
static void check_rearm(void)
{
	struct xenpv_timer x, y;
	unsigned int n0;

	memset(&x, 0xa5, sizeof(x));    /* garbage is no pending timer */
	now = 10000;
	xenpv_timer_add(&x, 500, mark, "x");
	xenpv_timer_add(&x, 100, mark, "x");
	UNIT_OK(programmed == 10100, "a re-add to an earlier deadline programs it (%llu)",
		(unsigned long long)programmed);
	xenpv_timer_add(&y, 300, mark, "y");
	xenpv_timer_add(&x, 600, mark, "x");
	n0 = norder;
	now = 10400;
	timer_interrupt();
	UNIT_OK(norder == n0 + 1 && order[n0] == 'y', "a re-add to a later deadline moves it past another");
	now = 11000;
	timer_interrupt();
	UNIT_OK(norder == n0 + 2 && order[n0 + 1] == 'x', "a re-armed timer runs once");
	timer_interrupt();
	UNIT_OK(norder == n0 + 2, "and never again");
	xenpv_timer_add(&x, 5, mark, "x");
	xenpv_timer_add(&x, 7, mark, "x");
	UNIT_OK(xenpv_timer_cancel(&x) == 1 && xenpv_timer_cancel(&x) == 0,
		"cancel after a re-add removes it once");
	now = 12000;
	timer_interrupt();
	UNIT_OK(norder == n0 + 2, "a cancelled re-armed timer never runs");
}

/* Equal deadlines: first added, first run. */
static void check_ties(void)
{
	static struct xenpv_timer t[8];
	static const char names[] = "01234567";
	unsigned int i, n0 = norder;
	int ok = 1;

	now = 20000;
	for (i = 0; i < 8; i++)
		xenpv_timer_add(&t[i], 50, mark, (void *)&names[i]);
	now = 20050;
	timer_interrupt();
	for (i = 0; i < 8; i++)
		ok &= norder == n0 + 8 && order[n0 + i] == names[i];
	UNIT_OK(ok, "equal deadlines run in the order they were added");
	norder = 0;
}

#define MANY 100000
static struct xenpv_timer many[MANY];
static uint64_t last_expired;
static unsigned long expired, out_of_order;
static unsigned char ran[MANY];

static void record(void *arg)
{
	struct xenpv_timer *t = arg;

	if (t->expires < last_expired)
		out_of_order++;
	last_expired = t->expires;
	ran[t - many]++;
	expired++;
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check_many(void)
{
	unsigned long i, cancelled = 0, twice = 0;
	double t0, t1, t2;

	srand(1);
	now = 1000000;
	t0 = seconds();
	for (i = 0; i < MANY; i++)
		xenpv_timer_add(&many[i], (uint64_t)rand() % 1000000, record, &many[i]);
	t1 = seconds();
	for (i = 0; i < MANY; i += 7)
		cancelled += xenpv_timer_cancel(&many[i]);
	for (i = 3; i < MANY; i += 11)
		if (i % 7) {            /* the ones still pending */
			xenpv_timer_add(&many[i], (uint64_t)rand() % 1000000, record, &many[i]);
			twice++;
		}
	/* Expire in steps, the way interrupts would come. */
	t2 = seconds();
	for (now = 1000000; now <= 2000000; now += 1000)
		timer_interrupt();
	t2 = seconds() - t2;
	UNIT_OK(out_of_order == 0, "100,000 timers expire in deadline order");
	for (i = 0; i < MANY; i++)
		if (ran[i] != (i % 7 ? 1 : 0))
			break;
	UNIT_OK(i == MANY && expired == MANY - cancelled,
		"each runs once, the cancelled ones never (%lu ran, %lu cancelled, %lu re-armed)",
		expired, cancelled, twice);
	UNIT_OK(xenpv_timer_cancel(&many[1]) == 0, "none is left pending");
	printf("# 100,000 timers: add %.0f ns each, expire %.0f ns each (host)\n",
	       (t1 - t0) * 1e9 / MANY, t2 * 1e9 / MANY);
}

const char *module_current(void) { return NULL; }
void module_run_timer(struct xenpv_timer *t) { t->fn(t->arg); }

static void mark(void *arg) { order[norder++] = *(const char *)arg; }

static struct xenpv_timer chained;
static void add_another(void *arg)
{
	mark(arg);
	xenpv_timer_add(&chained, 5, mark, "d");
}

int main(void)
{
	struct xenpv_timer a, b, c;

	pv_ops.time.clock_ns = fake_clock;
	pv_ops.time.set_timer = fake_set_timer;
	pv_ops.irq.save_fl = fake_save_fl;
	pv_ops.irq.restore_fl = fake_restore_fl;
	pv_ops.irq.irq_disable = fake_disable;

	now = 1000;
	xenpv_timer_add(&a, 300, mark, "a");
	UNIT_OK(programmed == 1300 && nprogram == 1, "the first timer programs its deadline");
	xenpv_timer_add(&b, 100, mark, "b");
	UNIT_OK(programmed == 1100 && nprogram == 2, "an earlier one reprograms");
	xenpv_timer_add(&c, 200, add_another, "c");
	UNIT_OK(nprogram == 2, "a later one does not");
	UNIT_OK(flag == X86_EFLAGS_IF, "events are enabled again after adding");

	now = 1099;
	timer_interrupt();
	UNIT_OK(norder == 0 && programmed == 1100, "an early interrupt runs nothing and re-arms the deadline");
	now = 1250;
	timer_interrupt();
	UNIT_OK(norder == 2 && order[0] == 'b' && order[1] == 'c', "expired timers run in deadline order");
	UNIT_OK(programmed == 1255, "a timer added by a timer function is programmed (%llu)",
		(unsigned long long)programmed);
	UNIT_OK(xenpv_timer_cancel(&a) == 1 && !a.pending, "cancel of a pending timer says so");
	now = 2000;
	timer_interrupt();
	UNIT_OK(norder == 3 && order[2] == 'd', "a cancelled timer never runs, the rest do");
	UNIT_OK(xenpv_timer_cancel(&b) == 0, "cancel of a timer that ran returns 0");
	UNIT_OK(xenpv_timer_irqs() == 3, "timer interrupts are counted");
	check_rearm();
	check_ties();
	check_many();
	UNIT_OK(locks_held == 0, "every lock of the heap was released (%d held)", locks_held);
	return UNIT_DONE();
}
