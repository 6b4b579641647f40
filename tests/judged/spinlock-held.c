/*
 * A spinlock held for ever on another vCPU: a task pinned to vCPU 1
 * takes it and spins without letting go, and the boot task on vCPU 0
 * wants it.  Spinning is right while the holder may yet unlock, but not
 * for ever: past xenpv.spin_timeout_ms the kernel must panic naming the
 * lock, the holder, its vCPU and where it took the lock, rather than
 * hang silently.  spinlock-held.sh beside it checks the report in both
 * roles (2 vCPUs; with one the kernel says it cannot run).
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/smp.h>
#include <xenpv/spinlock.h>
#include <xenpv/task.h>

static DEFINE_SPINLOCK(stuck_lock);
static volatile int held;

static int __attribute__((noreturn)) hold_for_ever(void *arg)
{
	(void)arg;
	spin_lock(&stuck_lock);
	held = 1;
	for (;;)
		asm volatile("pause" ::: "memory");
}

static int spinlock_held_init(void)
{
	if (num_online_cpus() < 2) {
		printk("spinlock-held: needs two vCPUs, has %u\n", num_online_cpus());
		return 1;
	}
	task_set_cpus(task_current(), 1UL << 0);
	if (!task_create(hold_for_ever, NULL, &(struct task_opts){ .name = "hog", .cpus = 1UL << 1 }))
		return 1;
	while (!held)
		yield();
	spin_lock(&stuck_lock);
	printk("spinlock-held: took a lock another vCPU never lets go\n");
	return 1;
}
XENPV_MODULE(spinlock_held, spinlock_held_init, NULL);
