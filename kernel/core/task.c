/*
 * Kernel tasks: cooperative round robin over one ring of tasks that
 * every vCPU picks from (rq_lock).  A context switch saves what the
 * outgoing task may have changed (segment selectors, TLS slots, LDT,
 * address space), gives the hypervisor the incoming task's inside one
 * lazy CPU section, so that it costs one hypercall, and then switches
 * stacks (switch.S).  A task whose vCPU is still switching away from it
 * (on_cpu) is taken by no other until the switch is over.
 */
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <xenpv/spinlock.h>
#include <xenpv/barrier.h>
#include <kernel/task.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include <kernel/traps.h>
#include <kernel/irq.h>
#include <kernel/boot.h>
#include <kernel/smp.h>

extern char boot_stack[], boot_stack_top[];
void task_entry(void);

/* How long no task may run before the console says so, and again. */
#define IDLE_WARN_NS (10ULL * 1000 * 1000 * 1000)

/* The ring (next links, from the boot task, which never leaves it),
 * every task's state, on_cpu, cpus and wake_pending, the idle mask and
 * the round-robin cursors are rq_lock's. */
static DEFINE_SPINLOCK(rq_lock);
static struct task boot_task = { .name = "boot", .on_cpu = 1 };
static struct task *current_of[NR_CPUS] = { &boot_task };
static struct task *idle_of[NR_CPUS];
static struct task *cursor[NR_CPUS];    /* where each vCPU's next search starts */
static unsigned long idle_cpus;         /* halted until there is work */

#define current (current_of[smp_processor_id()])

void task_init(void)
{
	boot_task.sp0 = (unsigned long)boot_stack_top;
	boot_task.mm = current_mm();
	boot_task.next = &boot_task;
	stack_check_set(boot_task.sp0, boot_stack_top - boot_stack);
	if (!task_idle_create(0))
		panic("task_init: no memory for vCPU 0's idle task");
}

/* A new vCPU's first code runs on its idle task's stack. */
void task_enter_idle(unsigned int cpu)
{
	idle_of[cpu]->on_cpu = cpu + 1;
	current_of[cpu] = idle_of[cpu];
	stack_check_set(idle_of[cpu]->sp0, KERNEL_STACK_SIZE);
}

struct task *task_current(void)
{
	return current;
}

const char *task_name(const struct task *t)
{
	return t->name;
}

#define SAVE_SEG(seg) ({ uint16_t v_; asm volatile("movw %%" seg ", %w0" : "=r"(v_)); v_; })
/* A selector whose descriptor went away loads as the null selector. */
#define LOAD_SEG(seg, sel) \
	asm volatile("1: movw %w0, %%" seg "\n" \
		     "2:\n" \
		     ".pushsection .text.fixup, \"ax\"\n" \
		     "3: pushl $0\n" \
		     "   popl %%" seg "\n" \
		     "   jmp 2b\n" \
		     ".popsection\n" \
		     _ASM_EXTABLE(1b, 3b) : : "r"(sel))

/* The hypervisor's half of the switch, one lazy CPU section. */
static void switch_cpu_state(struct task *prev, struct task *next)
{
	int rc = 0;

	prev->fs = SAVE_SEG("fs");
	prev->gs = SAVE_SEG("gs");
	tls_save(prev->tls);
	prev->ldt = ldt_current(&prev->ldt_entries);
	prev->mm = current_mm();
	/* The old selectors may name TLS or LDT entries about to change;
	 * the hypervisor must not reload them in between. */
	LOAD_SEG("fs", 0);
	LOAD_SEG("gs", 0);

	pv_ops.cpu.start_context_switch();
	if (next->mm != prev->mm)
		mm_switch(next->mm);
	rc |= tls_load(next->tls);
	rc |= ldt_load(next->ldt, next->ldt_entries);
	rc |= pv_ops.cpu.load_sp0(next->sp0);
	pv_ops.cpu.set_ts();            /* lazy FPU: the next FPU use traps */
	rc |= pv_ops.cpu.end_context_switch();
	if (rc)
		panic("context switch from task %s to %s failed", prev->name, next->name);
}

static int may_run_on(const struct task *t, unsigned int cpu)
{
	return !t->cpus || (t->cpus >> cpu) & 1;
}

/* The next runnable task for cpu after its cursor, round robin; rq_lock
 * held.  A dying vCPU takes none. */
static struct task *pick_next(unsigned int cpu)
{
	struct task *start = cursor[cpu] ? cursor[cpu] : &boot_task, *t = start;

	if (cpu_dying(cpu))
		return NULL;
	do {
		t = t->next;
		if (t->state == TASK_RUNNABLE && !t->on_cpu && may_run_on(t, cpu))
			return t;
	} while (t != start);
	return NULL;
}

void task_kick_cpu(unsigned int cpu)
{
	if (cpu != smp_processor_id() && cpu_online(cpu))
		smp_send_reschedule(cpu);
}

/* t just became runnable: wake the vCPU parked on it, or one halted
 * vCPU it may run on; rq_lock held. */
static void kick_for(const struct task *t)
{
	unsigned long idle = idle_cpus & (t->cpus ? t->cpus : ~0UL);

	if (t->on_cpu) {
		task_kick_cpu(t->on_cpu - 1);
		return;
	}
	idle &= ~(1UL << smp_processor_id());
	if (idle)
		task_kick_cpu((unsigned int)__builtin_ctzl(idle));
}

/* Halt this vCPU until an event; rq_lock held on entry and exit, events
 * masked. */
static void halt_here(unsigned int cpu)
{
	idle_cpus |= 1UL << cpu;
	spin_unlock(&rq_lock);
	pv_ops.irq.safe_halt();
	pv_ops.irq.irq_disable();
	spin_lock(&rq_lock);
	idle_cpus &= ~(1UL << cpu);
}

/* On the new stack: the vCPU has left prev, which others may now take
 * (or free, once it is dead). */
void __attribute__((used)) task_finish_switch(struct task *prev)
{
	barrier();              /* prev->esp is saved before it is let go */
	prev->on_cpu = 0;
	if (prev->state == TASK_RUNNABLE && !prev->is_idle) {
		spin_lock(&rq_lock);
		kick_for(prev);
		spin_unlock(&rq_lock);
	}
}

static void schedule(void)
{
	unsigned long flags = local_irq_save();
	unsigned int cpu = smp_processor_id();
	struct task *prev = current, *next;
	uint64_t since = 0, warn = 0;

	spin_lock(&rq_lock);
	for (;;) {
		next = pick_next(cpu);
		if (next)
			break;
		if (prev->state == TASK_RUNNABLE && may_run_on(prev, cpu) && !cpu_dying(cpu)) {
			spin_unlock(&rq_lock);
			local_irq_restore(flags);
			return;
		}
		/* prev waits for a task or an event, and nothing else can
		 * run: halt in place until something can, saying so if that
		 * takes long (a deadlock ends as a timeout with a reason on
		 * the console).  A dead task, one that may not run here and a
		 * dying vCPU go to the idle task instead. */
		if (prev->state != TASK_BLOCKED || prev->is_idle || !may_run_on(prev, cpu) ||
		    cpu_dying(cpu)) {
			next = idle_of[cpu];
			if (!next)
				panic("vCPU %u has nothing to run and no idle task (task %s %s)", cpu,
				      prev->name, prev->state == TASK_DEAD ? "exited" : "may not run here");
			break;
		}
		if (!since) {
			since = pv_ops.time.clock_ns();
			warn = since + IDLE_WARN_NS;
		}
		halt_here(cpu);
		if (pv_ops.time.clock_ns() >= warn) {
			printk(KERN_WARNING "schedule: no task has been able to run for %llu s (task %s waits)\n",
			       (unsigned long long)div_u64(warn - since, NSEC_PER_SEC), prev->name);
			warn += IDLE_WARN_NS;
		}
	}
	if (next == prev) {             /* parked and woken: carry on */
		spin_unlock(&rq_lock);
		local_irq_restore(flags);
		return;
	}
	next->on_cpu = cpu + 1;
	next->cpu = cpu;
	if (!next->is_idle)
		cursor[cpu] = next;
	spin_unlock(&rq_lock);
	switch_cpu_state(prev, next);
	current_of[cpu] = next;
	stack_check_set(next->sp0, next == &boot_task ? (unsigned long)(boot_stack_top - boot_stack) : KERNEL_STACK_SIZE);
	task_finish_switch(switch_to(prev, next->esp));
	/* prev runs again, maybe on another vCPU: current is prev. */
	LOAD_SEG("fs", current->fs);
	LOAD_SEG("gs", current->gs);
	local_irq_restore(flags);
}

void yield(void)
{
	if (might_sleep("yield"))
		return;
	schedule();
}

/* The caller has masked events and found nothing to do; a wake-up from
 * an irq handler or another vCPU then cannot be lost: one that came
 * since the caller's check is kept in wake_pending. */
void task_sleep(void)
{
	struct task *me = current;

	spin_lock(&rq_lock);
	if (me->wake_pending) {
		me->wake_pending = 0;
		spin_unlock(&rq_lock);
		return;
	}
	me->state = TASK_BLOCKED;
	spin_unlock(&rq_lock);
	while (me->state == TASK_BLOCKED)
		schedule();     /* halts the vCPU while nobody can run */
	me->wake_pending = 0;
}

/* rq_lock held. */
static void wake_locked(struct task *t)
{
	if (t->state == TASK_BLOCKED) {
		t->state = TASK_RUNNABLE;
		kick_for(t);
	} else if (t->state == TASK_RUNNABLE) {
		t->wake_pending = 1;
	}
}

void task_wake(struct task *t)
{
	unsigned long flags;

	if (!t)
		return;
	spin_lock_irqsave(&rq_lock, flags);
	wake_locked(t);
	spin_unlock_irqrestore(&rq_lock, flags);
}

static void __noreturn end_task(struct task *t, int result)
{
	local_irq_save();               /* the next task restores its own */
	spin_lock(&rq_lock);
	t->result = result;
	t->state = TASK_DEAD;
	if (t->joiner)
		wake_locked(t->joiner);
	spin_unlock(&rq_lock);
	schedule();
	panic("task %s ran after it exited", t->name);
}

void task_exit(int result)
{
	if (current == &boot_task)
		panic("the boot task cannot exit");
	end_task(current, result);
}

int task_killable(void)
{
	return current != &boot_task && !current->is_idle;
}

void task_kill(unsigned int vector)
{
	current->killed = 1;
	end_task(current, (int)vector);
}

/* Where a new task's first switch_to returns to (through task_entry). */
void __attribute__((used)) task_start(struct task *t)
{
	pv_ops.irq.irq_enable();
	task_exit(t->fn(t->arg));
}

int task_set_cpus(struct task *t, unsigned long mask)
{
	unsigned long flags;
	int move;

	if (!t || (mask && !(mask & cpu_online_mask())))
		return -EINVAL;
	spin_lock_irqsave(&rq_lock, flags);
	t->cpus = mask;
	move = t == current && !may_run_on(t, smp_processor_id());
	if (t->state == TASK_RUNNABLE && !t->on_cpu)
		kick_for(t);
	spin_unlock_irqrestore(&rq_lock, flags);
	if (move && !in_irq())
		schedule();             /* leaves this vCPU */
	return 0;
}

unsigned int task_cpu(const struct task *t)
{
	return t->cpu;
}

unsigned int task_pinned_to(unsigned int cpu, const char **name)
{
	unsigned long flags;
	unsigned int n = 0;
	struct task *t = &boot_task;

	spin_lock_irqsave(&rq_lock, flags);
	do {
		if (t->state != TASK_DEAD && t->cpus && !(t->cpus & cpu_online_mask() & ~(1UL << cpu))) {
			*name = t->name;
			n++;
		}
		t = t->next;
	} while (t != &boot_task);
	spin_unlock_irqrestore(&rq_lock, flags);
	return n;
}

static int idle_main(void *arg)
{
	(void)arg;
	cpu_idle_loop();
}

void task_idle(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long flags = local_irq_save();

	spin_lock(&rq_lock);
	if (!pick_next(cpu) && !cpu_dying(cpu))
		halt_here(cpu);
	spin_unlock(&rq_lock);
	local_irq_restore(flags);
	schedule();
}

static void free_task(struct task *t)
{
	if (t->ldt_page) {
		if (set_page_prot(t->ldt_page, PAGE_KERNEL) == 0)
			free_pages(t->ldt_page);
		else            /* leak it rather than reuse it */
			printk(KERN_ERR "task %s: its LDT page %p stays read-only\n", t->name, t->ldt_page);
	}
	if (t->stack_top)
		free_stack(t->stack_top);
	kfree(t);
}

static int set_own_ldt(struct task *t, const uint64_t *ldt, unsigned int entries)
{
	t->ldt_page = alloc_page();
	if (!t->ldt_page)
		return -ENOMEM;
	memset(t->ldt_page, 0, PAGE_SIZE);
	memcpy(t->ldt_page, ldt, entries * sizeof(uint64_t));
	/* Read-only from now on, so that loading it costs no extra call. */
	if (set_page_prot(t->ldt_page, PAGE_KERNEL_RO)) {
		free_pages(t->ldt_page);
		t->ldt_page = NULL;
		return -EINVAL;
	}
	t->ldt = t->ldt_page;
	t->ldt_entries = entries;
	return 0;
}

/* The stack switch_to expects: callee-saved registers (zero: ebp ends
 * backtraces), then task_entry and task_start's return address and
 * argument. */
static void build_stack(struct task *t)
{
	uint32_t *sp = (uint32_t *)((char *)t->stack_top - TASK_SP0_RESERVE);

	*--sp = (uint32_t)(uintptr_t)t;
	*--sp = 0;                      /* task_start never returns */
	*--sp = (uint32_t)(uintptr_t)task_entry;
	*--sp = 0;                      /* ebp */
	*--sp = 0;                      /* ebx */
	*--sp = 0;                      /* esi */
	*--sp = 0;                      /* edi */
	t->esp = (uint32_t)(uintptr_t)sp;
}

/* A runnable task with its stack, ready for its first switch, in no
 * ring yet; NULL when memory runs out. */
static struct task *new_task(const char *name, struct mm_struct *mm, int (*fn)(void *arg), void *arg,
			     unsigned long cpus, unsigned int cpu)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->stack_top = alloc_stack();
	if (!t->stack_top) {
		free_task(t);
		return NULL;
	}
	t->name = name;
	t->mm = mm;
	t->fn = fn;
	t->arg = arg;
	t->sp0 = (unsigned long)t->stack_top;
	t->cpus = cpus;
	t->cpu = cpu;
	build_stack(t);
	t->state = TASK_RUNNABLE;
	return t;
}

struct task *task_create_in(struct mm_struct *mm, int (*fn)(void *arg), void *arg,
			    const struct task_opts *opts)
{
	static const struct task_opts none;
	struct task *t, *last;
	unsigned long flags;
	unsigned int i;

	if (!opts)
		opts = &none;
	if (!fn || opts->ldt_entries > LDT_ENTRIES || (opts->ldt_entries && !opts->ldt) ||
	    (opts->cpus && !(opts->cpus & cpu_online_mask())))
		return NULL;
	t = new_task(opts->name ? opts->name : "task", mm ? mm : &init_mm, fn, arg, opts->cpus,
		     smp_processor_id());
	if (!t)
		return NULL;
	if (opts->ldt_entries && set_own_ldt(t, opts->ldt, opts->ldt_entries)) {
		free_task(t);
		return NULL;
	}
	for (i = 0; i < TASK_TLS_SLOTS && i < GDT_TLS_ENTRIES; i++)
		if (opts->tls[i].limit)
			t->tls[i] = tls_descriptor(opts->tls[i].base, opts->tls[i].limit);
	t->module = module_current();
	/* Last in the round: just before the boot task. */
	spin_lock_irqsave(&rq_lock, flags);
	for (last = &boot_task; last->next != &boot_task; last = last->next)
		;
	t->next = &boot_task;
	last->next = t;
	kick_for(t);
	spin_unlock_irqrestore(&rq_lock, flags);
	return t;
}

/* Never in the ring: only its own vCPU runs it. */
struct task *task_idle_create(unsigned int cpu)
{
	if (cpu >= NR_CPUS)
		return NULL;
	if (!idle_of[cpu]) {
		idle_of[cpu] = new_task("idle", &init_mm, idle_main, NULL, 1UL << cpu, cpu);
		if (idle_of[cpu])
			idle_of[cpu]->is_idle = 1;
	}
	return idle_of[cpu];
}

struct task *task_create(int (*fn)(void *arg), void *arg, const struct task_opts *opts)
{
	return task_create_in(NULL, fn, arg, opts);
}

int task_join(struct task *t, int *result)
{
	struct task *p;
	unsigned long flags;
	unsigned int i, steps = 0;
	int rc;

	if (might_sleep("task_join"))
		return -EDEADLK;
	if (!t || t == current || t == &boot_task || t->is_idle || (t->joiner && t->joiner != current))
		return -EINVAL;
	flags = local_irq_save();
	t->joiner = current;
	while (t->state != TASK_DEAD)
		task_sleep();           /* end_task wakes us under rq_lock */
	/* Its vCPU may still be on its stack, switching away. */
	while (t->on_cpu)
		smp_wait_step(&steps);
	spin_lock(&rq_lock);
	for (p = &boot_task; p->next != t; p = p->next)
		;
	p->next = t->next;
	for (i = 0; i < NR_CPUS; i++)
		if (cursor[i] == t)
			cursor[i] = p;
	spin_unlock(&rq_lock);
	local_irq_restore(flags);
	if (result)
		*result = t->result;
	rc = t->killed ? -EFAULT : 0;
	free_task(t);
	return rc;
}
