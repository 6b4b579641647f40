/*
 * The task structure and what the context switch keeps per task
 * (kernel/core/task.c; the public API is <xenpv/task.h>).
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <stdint.h>
#include <xenpv/task.h>
#include <kernel/desc.h>

struct mm_struct;
struct process;

enum task_state { TASK_RUNNABLE, TASK_BLOCKED, TASK_DEAD };

struct task {
	uint32_t esp;                   /* first: switch_to saves it here */
	enum task_state state;
	const char *name;
	int (*fn)(void *arg);
	void *arg;
	int result;
	void *stack_top;                /* NULL: the boot stack, not ours to free */
	unsigned long sp0;              /* where exceptions from user mode arrive */
	struct mm_struct *mm;
	uint64_t tls[GDT_TLS_ENTRIES];
	uint64_t *ldt;                  /* loaded LDT (NULL: none) ... */
	unsigned int ldt_entries;
	uint64_t *ldt_page;             /* ... and the task's own, freed by join */
	uint16_t fs, gs;
	struct task *next;              /* the round-robin ring (not idle tasks) */
	struct task *joiner;
	/* The scheduler's, under its lock: the vCPU (plus one) running the
	 * task or switching away from it (0: on none, its stack free to
	 * take or to free), the vCPUs it may run on (0: any), a wake-up
	 * that came before the sleep it ends, and whether it is a vCPU's
	 * idle task. */
	volatile unsigned int on_cpu;
	unsigned long cpus;
	int wake_pending;
	int is_idle;
	unsigned int cpu;               /* where it runs or last ran */
	const char *module;             /* whose code created it (NULL: core code) */
	int killed;                     /* by a fault in user mode; result: the vector */
	struct process *process;        /* the user program it runs, or NULL */
};

/* The top of a task's stack is left for the frames of exceptions from
 * user mode (sp0); the task's own frames start below. */
#define TASK_SP0_RESERVE 2048

/* task_create, the task to run in mm (NULL: the kernel's), which the
 * caller keeps alive: in-kernel code only, as nothing public builds
 * an address space (<xenpv/task.h>). */
struct task *task_create_in(struct mm_struct *mm, int (*fn)(void *arg), void *arg,
			    const struct task_opts *opts);
/* start_kernel, after cpu_init: the boot code becomes the boot task. */
void task_init(void);
/* Block the current task until task_wake (from a task, an irq handler
 * or another vCPU); call it with events masked, after checking the
 * condition, and check again after: a wake-up that came since the check
 * (wake_pending) ends the sleep at once.  When no other task can run
 * the vCPU halts until an event meanwhile. */
void task_sleep(void);
void task_wake(struct task *t);
/* A fault in user mode that nothing caught ends the current task, unless
 * it is the boot task (task_killable): task_join then returns -EFAULT
 * with the exception's vector as the result. */
int task_killable(void);
void task_kill(unsigned int vector) __attribute__((noreturn));
/* Save callee-saved registers, esp and the return address on the
 * current stack and prev->esp; resume the task whose esp is next_esp,
 * which gets the task this vCPU left (kernel/core/switch.S). */
struct task *switch_to(struct task *prev, uint32_t next_esp);
/* switch.S's task_entry calls these: let the previous task go, then
 * run a new task's function. */
void task_finish_switch(struct task *prev);
void task_start(struct task *t) __attribute__((noreturn));
/* vCPU cpu's idle task, on a stack of its own (NULL: no memory); its
 * first code is cpu_idle_loop.  smp.c starts a new vCPU on it. */
struct task *task_idle_create(unsigned int cpu);
/* On a new vCPU, first: its idle task is the current task. */
void task_enter_idle(unsigned int cpu);
/* Run the idle task of this vCPU until there is work (kernel/core/task.c). */
void task_idle(void);
/* Tasks pinned to cpu alone (cpu_down refuses those), one named. */
unsigned int task_pinned_to(unsigned int cpu, const char **name);
/* Make vCPU cpu look for work if it waits for some (the reschedule IPI). */
void task_kick_cpu(unsigned int cpu);

#endif
