/*
 * SMP: bringing up the vCPUs Xen gave the domain, cross-vCPU function
 * calls over IPIs, and CPU hot-unplug (<xenpv/smp.h>).  The backend's
 * half is pv_ops.smp (kernel/xen/smp.c).
 */
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <xenpv/param.h>
#include <xenpv/spinlock.h>
#include <xenpv/time.h>
#include <kernel/smp.h>
#include <kernel/desc.h>
#include <kernel/irq.h>
#include <kernel/paravirt.h>
#include <kernel/task.h>

/* How long a vCPU may take to come up or go down. */
#define CPU_WAIT_NS (5ULL * NSEC_PER_SEC)

static unsigned int maxcpus = NR_CPUS;
XENPV_PARAM(xenpv, maxcpus, uint, &maxcpus, 1, NR_CPUS,
	    "bring up at most this many of the domain's vCPUs");

static volatile unsigned long online = 1;       /* vCPU 0 runs start_kernel */
static volatile unsigned long dying;
static unsigned int possible = 1;
static unsigned long ipis_sent, ipis_received;
static DEFINE_SPINLOCK(hotplug_lock);   /* one cpu_down/cpu_up at a time */
static int hotplug_busy;

unsigned int num_online_cpus(void) { return (unsigned int)__builtin_popcountl(online); }
unsigned long cpu_online_mask(void) { return online; }
unsigned int num_possible_cpus(void) { return possible; }
int cpu_dying(unsigned int cpu) { return cpu < NR_CPUS && (dying >> cpu) & 1; }

int cpu_fallback(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu) && !cpu_dying(cpu))
			return (int)cpu;
	return -ENODEV;
}
unsigned long smp_ipis_sent(void) { return ipis_sent; }
unsigned long smp_ipis_received(void) { return ipis_received; }

/* ---- function calls ---------------------------------------------------- */

struct smp_call {
	smp_call_func_t fn;
	void *info;
	int wait;                       /* the caller spins on done; else kfree */
	volatile int done;
	struct smp_call *next;
};

/* Each vCPU's queue of calls; online changes under the queue's lock, so
 * a call is queued only to a vCPU that will run it. */
static struct call_queue {
	spinlock_t lock;
	struct smp_call *head, *tail;
} queues[NR_CPUS] = { [0 ... NR_CPUS - 1] = { .lock = SPINLOCK_INIT("smp_call_queue") } };

/* Events masked. */
static void run_calls(unsigned int cpu)
{
	struct call_queue *q = &queues[cpu];

	for (;;) {
		struct smp_call *c;

		spin_lock(&q->lock);
		c = q->head;
		if (c) {
			q->head = c->next;
			if (!q->head)
				q->tail = NULL;
		}
		spin_unlock(&q->lock);
		if (!c)
			return;
		c->fn(c->info);
		if (c->wait)
			__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
		else
			kfree(c);
	}
}

void smp_send_reschedule(unsigned int cpu)
{
	__atomic_fetch_add(&ipis_sent, 1, __ATOMIC_RELAXED);
	pv_ops.smp.send_ipi(cpu, IPI_RESCHEDULE);
}

void smp_ipi_interrupt(enum ipi_vector v)
{
	__atomic_fetch_add(&ipis_received, 1, __ATOMIC_RELAXED);
	if (v == IPI_CALL_FUNCTION)
		run_calls(smp_processor_id());
	/* IPI_RESCHEDULE: the event itself ended the vCPU's halt; its
	 * scheduler looks for work on the way back. */
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t fn, void *info, int wait)
{
	struct smp_call local = { .fn = fn, .info = info, .wait = 1 }, *c = &local;
	struct call_queue *q;
	unsigned long flags;
	unsigned int steps = 0;

	if (!fn || cpu >= NR_CPUS)
		return -EINVAL;
	flags = local_irq_save();
	if (cpu == smp_processor_id()) {
		fn(info);
		local_irq_restore(flags);
		return 0;
	}
	if (!wait) {
		c = kmalloc(sizeof(*c));
		if (!c) {
			local_irq_restore(flags);
			return -ENOMEM;
		}
		*c = (struct smp_call){ .fn = fn, .info = info };
	}
	q = &queues[cpu];
	spin_lock(&q->lock);
	if (!cpu_online(cpu)) {
		spin_unlock(&q->lock);
		local_irq_restore(flags);
		if (c != &local)
			kfree(c);
		return -ENODEV;
	}
	if (q->tail)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	spin_unlock(&q->lock);
	__atomic_fetch_add(&ipis_sent, 1, __ATOMIC_RELAXED);
	pv_ops.smp.send_ipi(cpu, IPI_CALL_FUNCTION);
	/* Serve our own queue meanwhile: cpu may be waiting for us. */
	while (wait && !__atomic_load_n(&local.done, __ATOMIC_ACQUIRE)) {
		run_calls(smp_processor_id());
		smp_wait_step(&steps);
	}
	local_irq_restore(flags);
	return 0;
}

int on_each_cpu(smp_call_func_t fn, void *info, int wait)
{
	unsigned int cpu;
	int rc = 0;

	if (!fn)
		return -EINVAL;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu) && cpu != smp_processor_id()) {
			int r = smp_call_function_single(cpu, fn, info, wait);

			if (r && r != -ENODEV && !rc)
				rc = r;
		}
	smp_call_function_single(smp_processor_id(), fn, info, 1);
	return rc;
}

/* ---- bring-up ---------------------------------------------------------- */

static void set_online(unsigned int cpu, int on)
{
	struct call_queue *q = &queues[cpu];
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	if (on)
		__atomic_fetch_or(&online, 1UL << cpu, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&online, ~(1UL << cpu), __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&q->lock, flags);
}

/* A new vCPU's first code, on its idle task's stack, events masked. */
static void __noreturn secondary_start(void)
{
	unsigned int cpu = smp_processor_id();

	task_enter_idle(cpu);
	if (pv_ops.smp.init_cpu(cpu))
		panic("vCPU %u: its timer or IPIs could not be set up", cpu);
	set_online(cpu, 1);
	pv_ops.irq.irq_enable();
	cpu_idle_loop();
}

/* Wait (from a task, events on, or at boot) until cond(cpu) holds. */
static int wait_for(int (*cond)(unsigned int), unsigned int cpu)
{
	uint64_t end = xenpv_clock_ns() + CPU_WAIT_NS;

	while (!cond(cpu)) {
		if (xenpv_clock_ns() > end)
			return -ETIMEDOUT;
		yield();                /* the other tasks here go on meanwhile */
		pv_ops.irq.halt();      /* and Xen gets the physical CPU */
		asm volatile("pause" ::: "memory");     /* an emulator's CPUs take turns here */
	}
	return 0;
}

static int is_online(unsigned int cpu) { return cpu_online(cpu); }
static int is_offline(unsigned int cpu) { return !cpu_online(cpu); }
static int is_stopped(unsigned int cpu) { return pv_ops.smp.cpu_is_up(cpu) == 0; }

static int bring_up(unsigned int cpu)
{
	uint64_t *gdt = desc_init_cpu(cpu);
	struct task *idle = task_idle_create(cpu);
	unsigned long esp;
	int rc;

	if (!gdt || !idle || irq_ctx_init(cpu))
		return -ENOMEM;
	/* Like a task's own frames: below the room left for user-mode
	 * exceptions at sp0. */
	esp = (idle->sp0 - TASK_SP0_RESERVE - 16) & ~15UL;
	rc = pv_ops.smp.boot_cpu(cpu, gdt, GDT_ENTRIES, idle->sp0, esp, (void (*)(void))secondary_start);
	if (rc)
		return rc;
	rc = wait_for(is_online, cpu);
	if (rc)
		printk(KERN_ERR "smp: vCPU %u was started but did not come online within 5 s\n", cpu);
	return rc;
}

void smp_init(void)
{
	uint64_t t0 = xenpv_clock_ns();
	unsigned int cpu, n = pv_ops.smp.possible_cpus(NR_CPUS);

	if (n > maxcpus) {
		pr_info("smp: %u vCPUs, xenpv.maxcpus=%u brings up %u\n", n, maxcpus, maxcpus);
		n = maxcpus;
	}
	possible = n;
	if (pv_ops.smp.init_cpu(0))
		panic("smp: vCPU 0's IPIs could not be set up");
	for (cpu = 1; cpu < n; cpu++) {
		int rc = bring_up(cpu);

		if (rc)
			printk(KERN_ERR "smp: vCPU %u stays down: %d\n", cpu, rc);
	}
	pr_info("smp: %u of %u vCPUs online\n", num_online_cpus(), n);
	xenpv_stat("smp_cpus_online", num_online_cpus());
	xenpv_stat("smp_bringup_ns", xenpv_clock_ns() - t0);
}

/* ---- hot-unplug -------------------------------------------------------- */

static void reprogram(void *arg)
{
	(void)arg;
	timer_reprogram();
}

/* On the vCPU going down, from its idle loop. */
void cpu_play_dead(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long flags = local_irq_save();
	int to;

	set_online(cpu, 0);             /* no call is queued to us any more */
	run_calls(cpu);
	if (fixup_irqs() < 0)
		printk(KERN_ERR "smp: vCPU %u: not every irq could move; they wait for it\n", cpu);
	to = cpu_fallback();
	if (to >= 0) {
		timers_move(cpu, (unsigned int)to);
		smp_call_function_single((unsigned int)to, reprogram, NULL, 1);
	}
	pv_ops.smp.play_dead();         /* returns when cpu_up starts us again */
	__atomic_fetch_and(&dying, ~(1UL << cpu), __ATOMIC_SEQ_CST);
	set_online(cpu, 1);
	local_irq_restore(flags);
}

/* cpu may go down or up (not vCPU 0, one the domain has), and no other
 * cpu_down/cpu_up runs: 0, and the caller ends with hotplug_end. */
static int hotplug_begin(unsigned int cpu)
{
	unsigned long flags;
	int busy;

	if (cpu == 0 || cpu >= possible)
		return -EINVAL;
	spin_lock_irqsave(&hotplug_lock, flags);
	busy = hotplug_busy;
	hotplug_busy = 1;
	spin_unlock_irqrestore(&hotplug_lock, flags);
	return busy ? -EBUSY : 0;
}

static void hotplug_end(void)
{
	hotplug_busy = 0;
}

int cpu_down(unsigned int cpu)
{
	const char *name = NULL;
	unsigned int pinned;
	int rc;

	if (might_sleep("cpu_down"))
		return -EDEADLK;
	rc = hotplug_begin(cpu);
	if (rc)
		return rc;
	rc = -EALREADY;
	if (!cpu_online(cpu))
		goto out;
	rc = -EBUSY;
	if (num_online_cpus() < 2)
		goto out;
	pinned = task_pinned_to(cpu, &name);
	if (pinned) {
		printk(KERN_ERR "cpu_down(%u): refused, %u task%s (%s) may run on no other vCPU\n",
		       cpu, pinned, pinned > 1 ? "s" : "", name);
		goto out;
	}
	/* The caller must not be what keeps the vCPU busy. */
	if (task_cpu(task_current()) == cpu)
		task_set_cpus(task_current(), cpu_online_mask() & ~(1UL << cpu));
	__atomic_fetch_or(&dying, 1UL << cpu, __ATOMIC_SEQ_CST);
	task_kick_cpu(cpu);
	rc = wait_for(is_offline, cpu);
	if (rc == 0)
		rc = wait_for(is_stopped, cpu);
	if (rc) {
		printk(KERN_ERR "cpu_down(%u): the vCPU did not stop within 5 s (a task that never yields?)\n", cpu);
		if (cpu_online(cpu))
			__atomic_fetch_and(&dying, ~(1UL << cpu), __ATOMIC_SEQ_CST);
	}
out:
	hotplug_end();
	return rc;
}

int cpu_up(unsigned int cpu)
{
	int rc;

	if (might_sleep("cpu_up"))
		return -EDEADLK;
	if ((rc = hotplug_begin(cpu)))
		return rc;
	if (cpu_online(cpu) || pv_ops.smp.cpu_is_up(cpu) > 0) {
		rc = -EALREADY;
		goto out;
	}
	rc = pv_ops.smp.wake_cpu(cpu);
	if (rc == 0)
		rc = wait_for(is_online, cpu);
	if (rc)
		printk(KERN_ERR "cpu_up(%u): the vCPU did not come back: %d\n", cpu, rc);
out:
	hotplug_end();
	return rc;
}

void cpu_idle_loop(void)
{
	for (;;) {
		if (cpu_dying(smp_processor_id()))
			cpu_play_dead();
		task_idle();
	}
}
