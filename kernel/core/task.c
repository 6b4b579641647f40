/*
 * Kernel tasks: cooperative round robin over a ring of tasks, one of
 * them running.  A context switch saves what the outgoing task may have
 * changed (segment selectors, TLS slots, LDT, address space), gives the
 * hypervisor the incoming task's inside one lazy CPU section, so that
 * it costs one hypercall, and then switches stacks (switch.S).
 */
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <kernel/task.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include <kernel/traps.h>
#include <kernel/irq.h>
#include <kernel/boot.h>

extern char boot_stack[], boot_stack_top[];

/* How long no task may run before the console says so, and again. */
#define IDLE_WARN_NS (10ULL * 1000 * 1000 * 1000)

static struct task boot_task = { .name = "boot" };
static struct task *current = &boot_task;

void task_init(void)
{
	boot_task.sp0 = (unsigned long)boot_stack_top;
	boot_task.mm = current_mm();
	boot_task.next = &boot_task;
	stack_check_set(boot_task.sp0, boot_stack_top - boot_stack);
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

static struct task *pick_next(void)
{
	struct task *t;

	for (t = current->next; t != current; t = t->next)
		if (t->state == TASK_RUNNABLE)
			return t;
	return NULL;
}

/*
 * Nothing can run, and prev (current) may not go on: it waits for a task
 * or for an event (a reply, a timer) whose irq handler wakes one.  Halt
 * the vCPU until one of them is runnable, saying so on the console if
 * that takes long: a true deadlock then ends as a timeout with a reason
 * on the console, not as silence.  Events masked on entry and exit.
 */
static struct task *idle_until_runnable(struct task *prev)
{
	uint64_t since = pv_ops.time.clock_ns(), warn = since + IDLE_WARN_NS;
	struct task *next;

	while (!(next = pick_next()) && prev->state != TASK_RUNNABLE) {
		pv_ops.irq.safe_halt();
		pv_ops.irq.irq_disable();
		if (pv_ops.time.clock_ns() >= warn) {
			printk(KERN_WARNING "schedule: no task has been able to run for %llu s (task %s waits)\n",
			       (unsigned long long)((warn - since) / 1000000000ULL), prev->name);
			warn += IDLE_WARN_NS;
		}
	}
	return next;
}

static void schedule(void)
{
	unsigned long flags = local_irq_save();
	struct task *prev = current, *next = pick_next();

	if (!next && prev->state != TASK_RUNNABLE)
		next = idle_until_runnable(prev);
	if (!next) {
		local_irq_restore(flags);
		return;
	}
	switch_cpu_state(prev, next);
	current = next;
	stack_check_set(next->sp0, next == &boot_task ? (unsigned long)(boot_stack_top - boot_stack) : KERNEL_STACK_SIZE);
	switch_to(&prev->esp, next->esp);
	/* prev runs again: current is prev. */
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
 * an irq handler then cannot slip in between its check and the block. */
void task_sleep(void)
{
	current->state = TASK_BLOCKED;
	while (current->state == TASK_BLOCKED)
		schedule();     /* halts the vCPU while nobody can run */
}

void task_wake(struct task *t)
{
	if (t && t->state == TASK_BLOCKED)
		t->state = TASK_RUNNABLE;
}

static void __noreturn end_task(struct task *t, int result)
{
	local_irq_save();               /* the next task restores its own */
	t->result = result;
	t->state = TASK_DEAD;
	if (t->joiner)
		t->joiner->state = TASK_RUNNABLE;
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
	return current != &boot_task;
}

void task_kill(unsigned int vector)
{
	current->killed = 1;
	end_task(current, (int)vector);
}

/* Where a new task's first switch_to returns to. */
static void __attribute__((used)) task_start(struct task *t)
{
	pv_ops.irq.irq_enable();
	task_exit(t->fn(t->arg));
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
 * backtraces), then task_start's return address and argument. */
static void build_stack(struct task *t)
{
	uint32_t *sp = (uint32_t *)((char *)t->stack_top - TASK_SP0_RESERVE);

	*--sp = (uint32_t)(uintptr_t)t;
	*--sp = 0;                      /* task_start never returns */
	*--sp = (uint32_t)(uintptr_t)task_start;
	*--sp = 0;                      /* ebp */
	*--sp = 0;                      /* ebx */
	*--sp = 0;                      /* esi */
	*--sp = 0;                      /* edi */
	t->esp = (uint32_t)(uintptr_t)sp;
}

struct task *task_create_in(struct mm_struct *mm, int (*fn)(void *arg), void *arg,
			    const struct task_opts *opts)
{
	static const struct task_opts none;
	struct task *t, *last;
	unsigned int i;

	if (!opts)
		opts = &none;
	if (!fn || opts->ldt_entries > LDT_ENTRIES || (opts->ldt_entries && !opts->ldt))
		return NULL;
	t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->stack_top = alloc_stack();
	if (!t->stack_top || (opts->ldt_entries && set_own_ldt(t, opts->ldt, opts->ldt_entries))) {
		free_task(t);
		return NULL;
	}
	for (i = 0; i < TASK_TLS_SLOTS && i < GDT_TLS_ENTRIES; i++)
		if (opts->tls[i].limit)
			t->tls[i] = tls_descriptor(opts->tls[i].base, opts->tls[i].limit);
	t->name = opts->name ? opts->name : "task";
	t->module = module_current();
	t->mm = mm ? mm : &init_mm;
	t->fn = fn;
	t->arg = arg;
	t->sp0 = (unsigned long)t->stack_top;
	build_stack(t);
	t->state = TASK_RUNNABLE;
	/* Last in the round: just before the current task. */
	for (last = current; last->next != current; last = last->next)
		;
	t->next = current;
	last->next = t;
	return t;
}

struct task *task_create(int (*fn)(void *arg), void *arg, const struct task_opts *opts)
{
	return task_create_in(NULL, fn, arg, opts);
}

int task_join(struct task *t, int *result)
{
	struct task *p;
	int rc;

	if (might_sleep("task_join"))
		return -EDEADLK;
	if (!t || t == current || t == &boot_task || (t->joiner && t->joiner != current))
		return -EINVAL;
	t->joiner = current;
	while (t->state != TASK_DEAD) {
		current->state = TASK_BLOCKED;
		schedule();
	}
	for (p = current; p->next != t; p = p->next)
		;
	p->next = t->next;
	if (result)
		*result = t->result;
	rc = t->killed ? -EFAULT : 0;
	free_task(t);
	return rc;
}
