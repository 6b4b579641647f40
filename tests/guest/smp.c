/*
 * SMP, in both roles: every vCPU Xen gave comes up and runs code; 100,000
 * cross-vCPU calls in both directions at once, none lost; a ticket lock
 * under contention from every vCPU and their timers, the total exact;
 * a kernel mapping changed on one vCPU never read stale on another (TLB
 * shootdown); tasks, programs and timers on any vCPU and pinned; an
 * event channel moved between vCPUs; a vCPU taken down while events
 * bound to it keep coming and its timers are pending, then brought
 * back: no event and no timer lost.  smp.min_cpus says how many vCPUs
 * the runner gave (1: the one-vCPU answers of the same calls).
 * smp.bench=1 (make bench) measures only: an IPI round trip and a lock
 * hand-over.
 */
#include "guest-test.h"
#include <xenpv/smp.h>
#include <xenpv/spinlock.h>
#include <xenpv/task.h>
#include <xenpv/events.h>
#include <xenpv/irq.h>
#include <xenpv/time.h>
#include <xenpv/param.h>
#include <xenpv/mm.h>
#include <xenpv/process.h>
#include <kernel/mm.h>
#include <kernel/irq.h>
#include <kernel/smp.h>

static unsigned int min_cpus = 2, bench;
XENPV_PARAM(smp, min_cpus, uint, &min_cpus, 1, XENPV_NR_CPUS, "vCPUs the test expects at least");
XENPV_PARAM(smp, bench, bool, &bench, 0, 1, "only measure (make bench)");

#define STORM 50000             /* waited calls each way, at once */
#define ASYNC 10000             /* unwaited calls */
#define TORTURE 20000           /* lock rounds per vCPU */
#define HANDOVERS 2000
#define REMAPS 1000
#define EVENTS 4
#define ROUNDS 60

static unsigned int a_cpu, b_cpu;       /* this test's two vCPUs */

static uint64_t ns_since(uint64_t t0)
{
	return xenpv_clock_ns() - t0;
}

/* Wait (yielding) until *flag or ms pass: 1 if it came. */
static int wait_flag(volatile int *flag, unsigned int ms)
{
	uint64_t end = xenpv_clock_ns() + ms * NSEC_PER_MSEC;

	while (!*flag && xenpv_clock_ns() < end)
		yield();
	return *flag != 0;
}

static unsigned long pin(unsigned int cpu)
{
	return 1UL << cpu;
}

/* How long each part took, for the log. */
static void phase(const char *done)
{
	static uint64_t t0;
	uint64_t now = xenpv_clock_ns();

	if (done)
		diag("%s: %lu ms", done, (unsigned long)((now - t0) / NSEC_PER_MSEC));
	t0 = now;
}

/* ---- bring-up ---------------------------------------------------------- */

static volatile unsigned int ran_on[XENPV_NR_CPUS];
static volatile unsigned long irq_sp[XENPV_NR_CPUS];

static void record(void *arg)
{
	unsigned int cpu = smp_processor_id();
	unsigned long sp;

	(void)arg;
	asm volatile("movl %%esp, %0" : "=r"(sp));
	ran_on[cpu]++;
	irq_sp[cpu] = sp;
}

static void whoami(void *arg)
{
	*(unsigned int *)arg = smp_processor_id();
}

static int on_irq_stack(unsigned int cpu, unsigned long sp)
{
	unsigned long top = (unsigned long)irq_stack_top(cpu);

	return top && sp < top && sp > top - KERNEL_STACK_SIZE;
}

static void check_bringup(void)
{
	unsigned int cpu, all = 1, right = 1, stacks = 1, placed;

	is(num_online_cpus(), num_possible_cpus(), "every vCPU Xen gave the domain is online (%u)",
	   num_possible_cpus());
	ok(num_online_cpus() >= min_cpus, "at least %u vCPUs (%u)", min_cpus, num_online_cpus());
	is(on_each_cpu(record, NULL, 1), 0, "on_each_cpu waits for every vCPU");
	for (cpu = 0; cpu < XENPV_NR_CPUS; cpu++) {
		unsigned int got = ~0u;

		if (!cpu_online(cpu))
			continue;
		all &= ran_on[cpu] == 1;
		stacks &= on_irq_stack(cpu, irq_sp[cpu]) || cpu == smp_processor_id();
		right &= smp_call_function_single(cpu, whoami, &got, 1) == 0 && got == cpu;
	}
	ok(all, "... and each ran the function once");
	ok(right, "smp_call_function_single(N) runs on vCPU N: its LSL selector says N");
	ok(stacks, "another vCPU's call runs on that vCPU's own IRQ stack");
	for (cpu = 0, placed = 1; cpu < XENPV_NR_CPUS; cpu++)
		if (cpu_online(cpu))
			placed &= xen_vcpu_of(cpu) != &HYPERVISOR_shared_info->vcpu_info[cpu] &&
				  xen_vcpu_of(cpu)->time.system_time != 0;
	ok(placed, "each vCPU's vcpu_info is in the kernel's memory (VCPUOP_register_vcpu_info), "
	   "and Xen keeps its clock there");
	is(smp_call_function_single(XENPV_NR_CPUS, whoami, NULL, 1), -EINVAL, "no such vCPU: -EINVAL");
	is(smp_call_function_single(smp_processor_id(), NULL, NULL, 1), -EINVAL, "no function: -EINVAL");
}

/* ---- calls: the storm -------------------------------------------------- */

static volatile unsigned long calls_on[XENPV_NR_CPUS];
static volatile int storm_done;
static volatile long storm_err;

static void bump(void *arg)
{
	(void)arg;
	calls_on[smp_processor_id()]++;     /* only that vCPU, one call at a time */
}

static int storm_task(void *arg)
{
	unsigned int to = (unsigned int)(uintptr_t)arg, i;

	for (i = 0; i < STORM; i++) {
		int rc = smp_call_function_single(to, bump, NULL, 1);

		if (rc)
			storm_err = rc;
	}
	storm_done = 1;
	return 0;
}

/* n waited calls to cpu: an IPI there and back each, or (this vCPU)
 * the baseline without one. */
static unsigned long calls_ns(unsigned int cpu, unsigned int n)
{
	uint64_t t0 = xenpv_clock_ns();
	unsigned int i;

	for (i = 0; i < n; i++)
		smp_call_function_single(cpu, bump, NULL, 1);
	return (unsigned long)(ns_since(t0) / n);
}

/* The baseline of a hand-over: a lock nobody else wants. */
static DEFINE_SPINLOCK(lonely_lock);

static unsigned long uncontended_ns(unsigned int n)
{
	uint64_t t0 = xenpv_clock_ns();
	unsigned int i;

	for (i = 0; i < n; i++) {
		spin_lock(&lonely_lock);
		spin_unlock(&lonely_lock);
	}
	return (unsigned long)(ns_since(t0) / n);
}

static void check_calls(void)
{
	unsigned long a0 = calls_on[a_cpu], b0 = calls_on[b_cpu], recv0 = smp_ipis_received();
	unsigned long sent0 = smp_ipis_sent();
	struct task_opts o = { .name = "storm", .cpus = pin(b_cpu) };
	struct task *t = task_create(storm_task, (void *)(uintptr_t)a_cpu, &o);
	uint64_t t0 = xenpv_clock_ns();
	unsigned int i;
	long err = 0;

	/* b calls a while a calls b: each serves its queue as it waits. */
	for (i = 0; t && i < STORM; i++) {
		int rc = smp_call_function_single(b_cpu, bump, NULL, 1);

		if (rc)
			err = rc;
	}
	ok(t && wait_flag(&storm_done, 60000) && task_join(t, NULL) == 0,
	   "a task on vCPU %u calls vCPU %u %u times while the boot task calls back as often", b_cpu,
	   a_cpu, STORM);
	ok(!err && !storm_err && calls_on[b_cpu] - b0 == STORM && calls_on[a_cpu] - a0 == STORM,
	   "%u cross-vCPU calls, every one run exactly once (%lu and %lu)", 2 * STORM,
	   calls_on[b_cpu] - b0, calls_on[a_cpu] - a0);
	ok(smp_ipis_sent() - sent0 >= 2 * STORM && smp_ipis_received() > recv0,
	   "... each through an IPI (%lu sent, %lu received: one event may carry several calls)",
	   smp_ipis_sent() - sent0, smp_ipis_received() - recv0);
	diag("storm: %u calls in %lu ms", 2 * STORM, (unsigned long)(ns_since(t0) / 1000000));

	phase("storm");
	b0 = calls_on[b_cpu];
	for (i = 0, err = 0; i < ASYNC; i++)
		if (smp_call_function_single(b_cpu, bump, NULL, 0))
			err++;
	smp_call_function_single(b_cpu, whoami, &i, 1);   /* after those, in order */
	ok(!err && calls_on[b_cpu] - b0 == ASYNC, "%u unwaited calls, all run before a waited one after them (%lu)",
	   ASYNC, calls_on[b_cpu] - b0);
	phase("async");
}

/* ---- locks -------------------------------------------------------------- */

static DEFINE_SPINLOCK(torture_lock);
static volatile unsigned long torture_count, timer_adds;
static volatile int torture_left;

static void torture_timer(void *arg)
{
	struct xenpv_timer *t = arg;

	spin_lock(&torture_lock);           /* irq context: the tasks use irqsave */
	torture_count++;
	timer_adds++;
	spin_unlock(&torture_lock);
	if (torture_left)
		xenpv_timer_add(t, 200 * NSEC_PER_USEC, torture_timer, t);
}

static int torture_task(void *arg)
{
	struct xenpv_timer t;
	unsigned int i;

	(void)arg;
	xenpv_timer_add(&t, 0, torture_timer, &t);     /* on this vCPU */
	for (i = 0; i < TORTURE; i++) {
		unsigned long flags, v;

		spin_lock_irqsave(&torture_lock, flags);
		v = torture_count;              /* a read-modify-write a race would break */
		asm volatile("pause; pause" ::: "memory");
		torture_count = v + 1;
		spin_unlock_irqrestore(&torture_lock, flags);
	}
	__atomic_fetch_sub(&torture_left, 1, __ATOMIC_SEQ_CST);
	xenpv_timer_cancel(&t);
	return 0;
}

static DEFINE_SPINLOCK(handover_lock);
static volatile unsigned int turn, turns[2];

static int handover_task(void *arg)
{
	unsigned int me = (unsigned int)(uintptr_t)arg, i, steps = 0;

	for (i = 0; i < HANDOVERS; i++)
		for (;;) {
			int mine;

			spin_lock(&handover_lock);
			mine = turn == me;
			if (mine) {
				turn = !me;
				turns[me]++;
			}
			spin_unlock(&handover_lock);
			if (mine)
				break;
			smp_wait_step(&steps);     /* the other may share our CPU */
		}
	return 0;
}

static unsigned long handover_ns(void)
{
	struct task *t[2];
	uint64_t t0 = xenpv_clock_ns();
	unsigned int i;

	turn = 0;
	turns[0] = turns[1] = 0;
	for (i = 0; i < 2; i++)
		t[i] = task_create(handover_task, (void *)(uintptr_t)i,
				   &(struct task_opts){ .name = "handover", .cpus = pin(i ? b_cpu : a_cpu) });
	for (i = 0; i < 2; i++)
		if (t[i])
			task_join(t[i], NULL);
	return t[0] && t[1] && turns[0] == HANDOVERS && turns[1] == HANDOVERS ? (unsigned long)(ns_since(t0) / (2 * HANDOVERS)) : 0;
}

static void check_locks(void)
{
	struct task *t[XENPV_NR_CPUS] = { 0 };
	unsigned long contended0 = spin_contended();
	unsigned int cpu, n = 0, joined = 0;
	unsigned long ns;

	torture_count = timer_adds = 0;
	for (cpu = 0; cpu < XENPV_NR_CPUS; cpu++)
		if (cpu_online(cpu)) {
			torture_left++;
			t[cpu] = task_create(torture_task, NULL,
					     &(struct task_opts){ .name = "torture", .cpus = pin(cpu) });
			n++;
		}
	for (cpu = 0; cpu < XENPV_NR_CPUS; cpu++)
		if (t[cpu] && task_join(t[cpu], NULL) == 0)
			joined++;
	ok(joined == n && torture_count == n * TORTURE + timer_adds,
	   "a ticket lock: %u vCPUs' tasks (irqsave) and timers (in irq context) add %lu, expected %lu",
	   n, torture_count, n * TORTURE + timer_adds);
	diag("torture: %lu timer additions, %lu contended acquisitions", timer_adds,
	     spin_contended() - contended0);
	ns = handover_ns();
	ok(ns != 0, "a lock handed between vCPUs %u and %u %u times, in turn", a_cpu, b_cpu, 2 * HANDOVERS);
	xenpv_stat("smp_lock_handover_ns", ns);
}

/* ---- TLB shootdown ----------------------------------------------------- */

static uint32_t *frame[2];
static volatile uint32_t *remap_va;
static volatile unsigned int published, writing;
static volatile int reader_stop;
static volatile unsigned long stale, checked;

static uint32_t pattern(unsigned int g)
{
	return g & 1 ? 0xbbbbbbbb : 0xaaaaaaaa;
}

/* On the other vCPU: whenever no remap is under way, the page at
 * remap_va must be the frame of the generation published. */
static int reader_task(void *arg)
{
	unsigned int steps = 0;

	(void)arg;
	while (!reader_stop) {
		unsigned int g1 = published, w1 = writing, g2, w2;
		uint32_t v;

		barrier();
		v = *remap_va;
		barrier();
		w2 = writing;
		g2 = published;
		if (!w1 && !w2 && g1 == g2) {
			checked++;
			if (v != pattern(g1))
				stale++;
		}
		smp_wait_step(&steps);
	}
	return 0;
}

static int remap(unsigned int g, int shootdown)
{
	unsigned long pfn = __pa(frame[g & 1]) >> PAGE_SHIFT;
	int rc;

	writing = 1;
	barrier();
	if (shootdown)
		rc = pv_ops.mmu.set_kernel_pte((unsigned long)remap_va, pfn, PAGE_KERNEL);
	else            /* the baseline: this vCPU's TLB only */
		rc = HYPERVISOR_update_va_mapping((unsigned long)remap_va, xen_make_pte(pfn, PAGE_KERNEL),
						  UVMF_INVLPG | UVMF_LOCAL);
	barrier();
	published = g;
	barrier();
	writing = 0;
	return rc;
}

/* REMAPS remaps with the reader on vCPU b; stale reads it saw. */
static unsigned long remap_run(int shootdown, int *err)
{
	struct task *r;
	unsigned int g, i;

	published = 0;
	*err = remap(0, 1);
	stale = checked = 0;
	reader_stop = 0;
	r = task_create(reader_task, NULL, &(struct task_opts){ .name = "reader", .cpus = pin(b_cpu) });
	if (!r)
		return ~0UL;
	while (!checked)
		yield();
	for (g = 1; g <= REMAPS && !*err; g++) {
		*err = remap(g, shootdown);
		for (i = 0; i < 20; i++)
			asm volatile("pause" ::: "memory");     /* let it read */
	}
	reader_stop = 1;
	task_join(r, NULL);
	return stale;
}

static void check_shootdown(void)
{
	unsigned long s, base, k;
	int err = 0, err2 = 0;

	frame[0] = alloc_page();
	frame[1] = alloc_page();
	remap_va = vm_reserve(PAGE_SIZE);
	if (!ok(frame[0] && frame[1] && remap_va, "two frames and a kernel address to map them at")) {
		tap_skip(2, "no memory");
		return;
	}
	for (k = 0; k < PAGE_SIZE / 4; k++) {
		frame[0][k] = pattern(0);
		frame[1][k] = pattern(1);
	}
	s = remap_run(1, &err);
	ok(!err && s == 0 && checked > 0,
	   "%u remaps on vCPU %u: vCPU %u never read the old frame (%lu reads checked, %lu stale)", REMAPS,
	   a_cpu, b_cpu, checked, s);
	base = remap_run(0, &err2);
	diag("the baseline without the shootdown (UVMF_LOCAL): %lu of %lu reads on vCPU %u were stale", base,
	     checked, b_cpu);
	remap(0, 1);
	pv_ops.mmu.set_kernel_pte((unsigned long)remap_va, 0, 0);
	free_pages(frame[0]);
	free_pages(frame[1]);
	ok(!err2, "the baseline's remaps went through too");
}

/* ---- scheduling -------------------------------------------------------- */

static volatile unsigned long seen_cpus[4];

/* Yield until the four have been on every vCPU between them, or 5 s. */
static int wander_task(void *arg)
{
	unsigned int k = (unsigned int)(uintptr_t)arg;
	uint64_t end = xenpv_clock_ns() + 5 * NSEC_PER_SEC;

	while (xenpv_clock_ns() < end) {
		unsigned long all = 0;
		unsigned int i;

		seen_cpus[k] |= 1UL << smp_processor_id();
		for (i = 0; i < 4; i++)
			all |= seen_cpus[i];
		if (all == cpu_online_mask())
			break;
		yield();
	}
	return 0;
}

static volatile unsigned long pinned_seen;

static int pinned_task(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < 100; i++) {
		pinned_seen |= 1UL << smp_processor_id();
		yield();
	}
	return 0;
}

static volatile int timer_cpu = -1;

static void note_cpu(void *arg)
{
	(void)arg;
	timer_cpu = (int)smp_processor_id();
}

static int timer_task(void *arg)
{
	struct xenpv_timer t;

	(void)arg;
	xenpv_timer_add(&t, NSEC_PER_MSEC, note_cpu, NULL);
	while (timer_cpu < 0)
		yield();
	return 0;
}

static void check_scheduling(void)
{
	struct task *t[4];
	unsigned long all = 0;
	unsigned int k;
	int rc;
	struct process *p;
	struct process_status st = { 0 };

	for (k = 0; k < 4; k++)
		t[k] = task_create(wander_task, (void *)(uintptr_t)k, &(struct task_opts){ .name = "wander" });
	for (k = 0; k < 4; k++) {
		if (t[k])
			task_join(t[k], NULL);
		all |= seen_cpus[k];
	}
	is_hex(all, cpu_online_mask(), "four unpinned tasks that yield ran on every online vCPU");

	t[0] = task_create(pinned_task, NULL, &(struct task_opts){ .name = "pinned", .cpus = pin(b_cpu) });
	ok(t[0] && task_join(t[0], NULL) == 0 && pinned_seen == pin(b_cpu),
	   "a task pinned to vCPU %u ran there only (%#lx)", b_cpu, pinned_seen);
	rc = task_set_cpus(task_current(), pin(b_cpu));
	ok(rc == 0 && smp_processor_id() == b_cpu, "task_set_cpus moves the current task to vCPU %u at once",
	   b_cpu);
	rc = task_set_cpus(task_current(), pin(a_cpu));
	ok(rc == 0 && smp_processor_id() == a_cpu, "... and back to vCPU %u", a_cpu);
	is(task_set_cpus(task_current(), 1UL << (XENPV_NR_CPUS - 1) & ~cpu_online_mask()), -EINVAL,
	   "a mask of no online vCPU is refused");

	t[1] = task_create(timer_task, NULL, &(struct task_opts){ .name = "timer", .cpus = pin(b_cpu) });
	ok(t[1] && task_join(t[1], NULL) == 0 && timer_cpu == (int)b_cpu,
	   "a timer added on vCPU %u runs there (%d)", b_cpu, timer_cpu);

	rc = process_spawn_program(program_find("hello"), &(struct process_opts){ .cpus = pin(b_cpu) }, &p);
	ok(rc == 0 && process_wait(p, &st) == 0 && st.code == 7 && !st.killed,
	   "a user program pinned to vCPU %u runs in its own address space there and exits 7 (%d)", b_cpu,
	   rc ? rc : st.code);
}

/* ---- events and hot-unplug --------------------------------------------- */

static struct ev {
	unsigned int port;              /* the end we send on */
	int irq;                        /* the end bound here */
	volatile unsigned long count, on[XENPV_NR_CPUS];
} ev[EVENTS];

static irqreturn_t ev_handler(int irq, void *dev_id, struct pt_regs *regs)
{
	struct ev *e = dev_id;

	(void)irq, (void)regs;
	__atomic_fetch_add(&e->count, 1, __ATOMIC_SEQ_CST);
	e->on[smp_processor_id()]++;
	return IRQ_HANDLED;
}

static volatile int round_no, sender_stop, lost_round;

/* Round after round: notify every port, wait until each handler ran. */
static int sender_task(void *arg)
{
	unsigned long base[EVENTS];
	unsigned int k;

	(void)arg;
	for (k = 0; k < EVENTS; k++)
		base[k] = ev[k].count;
	while (!sender_stop) {
		uint64_t end;
		int all;

		round_no++;
		for (k = 0; k < EVENTS; k++)
			notify_remote_via_evtchn(ev[k].port);
		end = xenpv_clock_ns() + 2 * NSEC_PER_SEC;
		do {
			all = 1;
			for (k = 0; k < EVENTS; k++)
				all &= ev[k].count - base[k] >= (unsigned long)round_no;
			if (!all)
				yield();
		} while (!all && xenpv_clock_ns() < end);
		if (!all) {
			lost_round = round_no;
			break;
		}
		yield();                /* the boot task shares this vCPU */
	}
	return 0;
}

/* Let the sender do n more rounds (or stop on a lost one). */
static void rounds(int n)
{
	int target = round_no + n;

	while (round_no < target && !lost_round)
		yield();
}

static unsigned long hits_on(unsigned int cpu)
{
	unsigned long n = 0;
	unsigned int k;

	for (k = 0; k < EVENTS; k++)
		n += ev[k].on[cpu];
	return n;
}

static int all_on(int cpu)
{
	unsigned int k;

	for (k = 0; k < EVENTS; k++)
		if (irq_get_cpu((unsigned int)ev[k].irq) != cpu)
			return 0;
	return 1;
}

static int timer_irq(void)
{
	unsigned int i;

	for (i = 0; i < NR_IRQS; i++)
		if (irq_name(i) && strcmp(irq_name(i), "timer") == 0)
			return (int)i;
	return -1;
}

static volatile int hold_pinned;

static int hold_task(void *arg)
{
	(void)arg;
	while (hold_pinned)
		yield();
	return 0;
}

/* Timers vCPU b has pending when it goes down. */
static struct xenpv_timer late[3];
static volatile int late_cpu[3] = { -1, -1, -1 };
static volatile uint64_t late_at[3];

static void late_fire(void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	late_at[i] = xenpv_clock_ns();
	late_cpu[i] = (int)smp_processor_id();
}

static int late_task(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < 3; i++)
		xenpv_timer_add(&late[i], (1500 + 250 * i) * NSEC_PER_MSEC, late_fire, (void *)(uintptr_t)i);
	return 0;
}

static void check_hotplug(void)
{
	struct task *s, *h, *l;
	unsigned int k, bound = 0, moved = 1;
	unsigned long on_b_before, on_a_while, on_b_while, on_b_after;
	uint64_t down_at;
	int rc, ok_timers = 1, after = 0;

	for (k = 0; k < EVENTS; k++) {
		if (evtchn_alloc_unbound(DOMID_SELF_ID, &ev[k].port))
			break;
		ev[k].irq = bind_interdomain_evtchn_to_irqhandler(DOMID_SELF_ID, ev[k].port, ev_handler,
								 "smp-event", &ev[k]);
		if (ev[k].irq < 0)
			break;
		bound += irq_set_affinity((unsigned int)ev[k].irq, b_cpu) == 0;
	}
	ok(bound == EVENTS && all_on((int)b_cpu), "%u loopback event channels moved to vCPU %u", EVENTS, b_cpu);
	is(irq_set_affinity((unsigned int)timer_irq(), b_cpu), -EINVAL, "a vCPU's own timer irq cannot move");

	/* Refusals first. */
	is(cpu_down(0), -EINVAL, "cpu_down(0): vCPU 0 stays");
	is(cpu_down(XENPV_NR_CPUS), -EINVAL, "cpu_down of no such vCPU: -EINVAL");
	is(cpu_up(b_cpu), -EALREADY, "cpu_up of an online vCPU: -EALREADY");
	hold_pinned = 1;
	h = task_create(hold_task, NULL, &(struct task_opts){ .name = "holder", .cpus = pin(b_cpu) });
	is(cpu_down(b_cpu), -EBUSY, "cpu_down with a task pinned to that vCPU alone: -EBUSY (named)");
	hold_pinned = 0;
	if (h)
		task_join(h, NULL);

	l = task_create(late_task, NULL, &(struct task_opts){ .name = "late", .cpus = pin(b_cpu) });
	if (l)
		task_join(l, NULL);
	s = task_create(sender_task, NULL, &(struct task_opts){ .name = "sender", .cpus = pin(a_cpu) });
	if (s)
		rounds(ROUNDS / 3);
	on_b_before = hits_on(b_cpu);
	rc = cpu_down(b_cpu);
	down_at = xenpv_clock_ns();
	ok(rc == 0 && !cpu_online(b_cpu) && num_online_cpus() == num_possible_cpus() - 1,
	   "cpu_down(%u) while events bound to it keep coming (%d)", b_cpu, rc);
	ok(all_on((int)a_cpu), "fixup_irqs moved its event channels to vCPU %u", a_cpu);
	is(smp_call_function_single(b_cpu, whoami, NULL, 1), -ENODEV, "a call to a vCPU that is down: -ENODEV");
	is(cpu_down(b_cpu), -EALREADY, "cpu_down again: -EALREADY");
	on_b_while = hits_on(b_cpu);
	on_a_while = hits_on(a_cpu);
	if (s)
		rounds(ROUNDS / 3);
	ok(hits_on(b_cpu) == on_b_while && hits_on(a_cpu) > on_a_while,
	   "while it is down they come on vCPU %u (%lu), none on vCPU %u", a_cpu, hits_on(a_cpu) - on_a_while,
	   b_cpu);

	/* Its timers went to vCPU a with it. */
	for (k = 0; k < 3; k++) {
		uint64_t end = xenpv_clock_ns() + 5 * NSEC_PER_SEC;

		while (late_cpu[k] < 0 && xenpv_clock_ns() < end)
			yield();
		ok_timers &= late_cpu[k] >= 0 && (late_at[k] < down_at || late_cpu[k] == (int)a_cpu);
		after += late_at[k] > down_at;
	}
	ok(ok_timers && after > 0, "the timers it had pending all ran, %d of them after the down, on vCPU %u",
	   after, a_cpu);

	rc = cpu_up(b_cpu);
	ok(rc == 0 && cpu_online(b_cpu) && num_online_cpus() == num_possible_cpus(), "cpu_up(%u) brings it back (%d)",
	   b_cpu, rc);
	for (k = 0; k < EVENTS; k++)
		moved &= irq_set_affinity((unsigned int)ev[k].irq, b_cpu) == 0;
	on_b_after = hits_on(b_cpu);
	if (s)
		rounds(ROUNDS / 3);
	sender_stop = 1;
	if (s)
		task_join(s, NULL);
	ok(moved && hits_on(b_cpu) > on_b_after, "its events can move back, and come there again (%lu)",
	   hits_on(b_cpu) - on_b_after);
	ok(!lost_round && round_no >= ROUNDS && on_b_before > 0,
	   "%d rounds of %u events across the down and the up, none lost%s", round_no, EVENTS,
	   lost_round ? " (one never came)" : "");
	for (k = 0; k < EVENTS; k++)
		if (ev[k].irq >= 0)
			unbind_from_irqhandler((unsigned int)ev[k].irq, &ev[k]);
	is(fixup_irqs() >= 0, 1, "fixup_irqs finds every irq bound after all that");
}

/* ---- one vCPU ----------------------------------------------------------- */

static void check_one(void)
{
	unsigned int got = ~0u;

	is(smp_call_function_single(0, whoami, &got, 1), 0, "one vCPU: a call to itself runs at once");
	is(got, 0, "... on vCPU 0");
	is(smp_call_function_single(1, whoami, &got, 1), -ENODEV, "a call to vCPU 1: -ENODEV");
	is(cpu_down(1), -EINVAL, "cpu_down(1) of a domain of one vCPU: -EINVAL");
	is(task_set_cpus(task_current(), pin(1)), -EINVAL, "pinning to vCPU 1: -EINVAL");
}

static int test_smp(void)
{
	unsigned long ipi;

	a_cpu = smp_processor_id();
	b_cpu = a_cpu == 0 ? 1 : 0;
	if (bench) {
		tap_plan(1);
		if (!ok(num_online_cpus() >= 2, "two vCPUs to measure"))
			return tap_done();
		task_set_cpus(task_current(), pin(a_cpu));
		xenpv_stat("smp_ipi_roundtrip_ns", calls_ns(b_cpu, 2000));
		xenpv_stat("smp_call_local_ns", calls_ns(a_cpu, 2000));
		xenpv_stat("smp_lock_handover_ns", handover_ns());
		xenpv_stat("smp_lock_uncontended_ns", uncontended_ns(20000));
		return tap_done();
	}
	tap_plan(num_online_cpus() < 2 ? 14 : 42);
	/* The boot task stays on a: the checks name the vCPUs. */
	task_set_cpus(task_current(), pin(a_cpu));
	check_bringup();
	if (num_online_cpus() < 2) {
		check_one();
		task_set_cpus(task_current(), 0);
		return tap_done();
	}
	phase(NULL);
	check_calls();
	ipi = calls_ns(b_cpu, 1000);
	ok(ipi > 0, "an IPI round trip (a waited call) takes %lu ns", ipi);
	xenpv_stat("smp_ipi_roundtrip_ns", ipi);
	phase("calls");
	check_locks();
	phase("locks");
	check_shootdown();
	phase("TLB shootdown");
	check_scheduling();
	phase("scheduling");
	check_hotplug();
	phase("events and hot-unplug");
	task_set_cpus(task_current(), 0);
	return tap_done();
}
XENPV_MODULE(test_smp, test_smp, NULL);
