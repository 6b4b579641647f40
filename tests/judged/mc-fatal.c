/*
 * A kernel whose context switch Xen refuses on purpose: the task's
 * address space is an ordinary writable page, not a pinned L3, so the
 * batched MMUEXT_NEW_BASEPTR fails and, being an op that must not fail,
 * panics with a report naming it.  mc-fatal.sh beside it checks that.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/smp.h>
#include <xenpv/task.h>
#include <kernel/mm.h>
#include <kernel/task.h>

static struct mm_struct bogus;

static int never_runs(void *arg)
{
	printk("mc-fatal: the task ran in an address space Xen never took\n");
	return 0;
}

static int mc_fatal_init(void)
{
	/* Pinned here: the yield below must be the switch that fails (on
	 * another vCPU it could come after this init has returned). */
	struct task_opts opts = { .name = "bogus-mm", .cpus = 1UL << smp_processor_id() };

	bogus.l3 = alloc_page();
	memset(bogus.l3, 0, PAGE_SIZE);
	if (!task_create_in(&bogus, never_runs, NULL, &opts))
		return 1;
	printk("mc-fatal: switching to a task whose L3 is not a pagetable\n");
	yield();
	return 1;
}
XENPV_MODULE(mc_fatal, mc_fatal_init, NULL);
