/*
 * Preemption of user programs.  Kernel code is never preempted: it runs
 * until it sleeps, yields or returns.  A program is: a timer marks the
 * end of each time slice while programs exist, and the next return to
 * ring 3 (from an event upcall or a system call) yields instead, so a
 * spinning program cannot starve other programs, tasks or timers.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include <xenpv/time.h>
#include <xenpv/task.h>
#include <kernel/process.h>
#include <kernel/task.h>
#include <kernel/traps.h>
#include <kernel/smp.h>

unsigned int process_live;

static unsigned int timeslice_ms = 10;
XENPV_PARAM(xenpv, timeslice_ms, uint, &timeslice_ms, 1, 1000,
	    "how long a user program runs before others get the CPU");

/* One slice timer, on whichever vCPU started it; the end of a slice is
 * every vCPU's, and the others hear of it by an IPI (a program spinning
 * in ring 3 there enters the kernel for nothing else). */
static struct xenpv_timer slice_timer;
static int slice_running;
static volatile int need_resched[NR_CPUS];
static unsigned long preemptions;

static void slice_end(void *arg)
{
	unsigned int cpu;

	(void)arg;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		need_resched[cpu] = 1;
		if (cpu != smp_processor_id())
			smp_send_reschedule(cpu);
	}
	if (process_live)
		xenpv_timer_add(&slice_timer, timeslice_ms * NSEC_PER_MSEC, slice_end, NULL);
	else
		__atomic_store_n(&slice_running, 0, __ATOMIC_SEQ_CST);
}

void process_slice_start(void)
{
	if (__atomic_exchange_n(&slice_running, 1, __ATOMIC_SEQ_CST))
		return;
	xenpv_timer_add(&slice_timer, timeslice_ms * NSEC_PER_MSEC, slice_end, NULL);
}

void process_segment_lost(const char *seg)
{
	struct process *p = process_current();

	if (p && !p->lost_segment)
		p->lost_segment = seg;
}

/* Events are masked here (the end of an upcall) or may be on (the end
 * of a system call): yield copes with both. */
void return_to_user(struct pt_regs *regs)
{
	struct process *p = process_current();
	char what[80];

	if (p && p->lost_segment) {
		snprintf(what, sizeof(what), "bad %%%s selector (Xen's failsafe callback) on the return to user mode",
			 p->lost_segment);
		process_kill(PROCESS_FAULT_SEGMENT, regs->eip, 0, what);
	}
	if (!p || !need_resched[smp_processor_id()])
		return;
	need_resched[smp_processor_id()] = 0;
	__atomic_fetch_add(&preemptions, 1, __ATOMIC_RELAXED);
	yield();
}

unsigned long process_preemptions(void)
{
	return preemptions;
}
