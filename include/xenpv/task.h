/*
 * xenpv/task.h - kernel tasks: threads of kernel code, each on its own
 * kernel stack (with a guard page), switched cooperatively in round
 * robin order, on any online vCPU unless pinned (task_set_cpus): a task
 * runs until it yields, sleeps or exits, and then may resume on another.  A task may have its own TLS slots and LDT; a context
 * switch hands them (and the stack exceptions from user mode arrive on)
 * to the hypervisor at once.  A module's tasks run in the kernel's
 * address space; user programs (<xenpv/process.h>) run on tasks of
 * their own in address spaces of their own.
 *
 * The code that boots the kernel and runs module init is the "boot"
 * task; it may create, yield to and join others, but not exit.
 */
#ifndef XENPV_TASK_H
#define XENPV_TASK_H

#include <stdint.h>

struct task;

#define TASK_TLS_SLOTS 3

/* Everything optional: a zeroed (or NULL) task_opts gives a task with
 * empty TLS slots and no LDT. */
struct task_opts {
	const char *name;
	struct {
		uint32_t base, limit;   /* bytes, inclusive; limit 0: slot empty */
	} tls[TASK_TLS_SLOTS];
	const uint64_t *ldt;            /* descriptors, copied to the task's own LDT */
	unsigned int ldt_entries;       /* 0: no LDT; at most 512 (a page) */
	unsigned long cpus;             /* vCPUs it may run on, bit n vCPU n; 0: any */
};

/* A runnable task that will run fn(arg); its return value is the task's
 * result, as if passed to task_exit.  NULL when memory runs out or opts
 * ask for too much. */
struct task *task_create(int (*fn)(void *arg), void *arg, const struct task_opts *opts);
/* Let the next runnable task run; returns when this one's turn comes. */
/* yield and task_join may sleep: from irq context (a handler, a timer
 * function) they are refused with a report naming the caller, yield
 * returning at once and task_join giving -EDEADLK. */
void yield(void);
/* End the current task with result (the boot task cannot exit). */
void task_exit(int result) __attribute__((noreturn));
/* Wait until t has ended, store its result, free it.  0; -EFAULT if a
 * fault in user mode that nothing caught killed it (the result is then
 * the exception's vector, X86_TRAP_*; the console has a line naming the
 * task, the fault and the address); -EINVAL for the current task or one
 * that another task is joining. */
int task_join(struct task *t, int *result);
struct task *task_current(void);
const char *task_name(const struct task *t);
/*
 * Pinning: t runs only on the vCPUs in mask (bit n: vCPU n; 0: any)
 * from its next switch on; the current task moves at once (it yields).
 * 0, or -EINVAL when mask names no online vCPU (nothing changes).
 * task_cpu: the vCPU t runs on or last ran on.
 */
int task_set_cpus(struct task *t, unsigned long mask);
unsigned int task_cpu(const struct task *t);

#endif
