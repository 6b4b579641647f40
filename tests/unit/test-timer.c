/*
 * Timers (kernel/core/timer.c) over a fake clock and a fake one-shot
 * timer: deadlines run in order, the earliest is what is programmed,
 * cancel removes, an interrupt that comes early re-arms the same
 * deadline, a function may add a timer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "unit-tap.h"
#include <kernel/paravirt.h>
#include <kernel/irq.h>

struct paravirt_ops pv_ops;
static uint64_t now, programmed;
static unsigned int nprogram;
static unsigned long flag = X86_EFLAGS_IF;
static char order[16];
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

int in_irq(void) { return 0; }
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
	return UNIT_DONE();
}
