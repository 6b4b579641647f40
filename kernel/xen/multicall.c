/*
 * The multicall batch of this (only) vCPU and lazy CPU mode.  Pv ops
 * that a context switch makes (cr3, TLS, LDT, esp0, TS) queue here; one
 * outside a lazy section goes out at once, a batch of one as the direct
 * hypercall (no multicall wrapped around a single op).  Between
 * start_context_switch and end_context_switch they wait and go to Xen in
 * one multicall.  xenpv.lazy_cpu=0 turns the sections off: the
 * unbatched baseline.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include "hypercall.h"
#include "backend.h"
#include "multicall_batch.h"

_Static_assert(sizeof(struct mc_entry) == sizeof(multicall_entry_t),
	       "a batch entry is a multicall_entry_t");

static int xen_mc_flush(struct mc_entry *e, unsigned int n)
{
	if (n == 1) {
		e->result = (unsigned long)xen_single_call(e->op, e->args);
		return 0;
	}
	return HYPERVISOR_multicall((multicall_entry_t *)e, n);
}

static void xen_mc_report(const struct mc_failure *f)
{
	printk(KERN_ERR "xen: %s (hypercall %ld, entry %u of %u in a batch) failed: %ld\n",
	       f->what, (long)f->op, f->index + 1, f->count, f->result);
	if (f->flags & MC_FATAL)
		panic("xen: %s failed (%ld)", f->what, f->result);
}

/* The boot vCPU's batch is in the image; another's (some 1.7KB) is
 * allocated when it first comes up (xen_batches_alloc). */
static struct mc_batch boot_mc;
struct mc_batch *xen_mc_batches[NR_CPUS];

/* Events stay masked from queue to issue, so that an upcall cannot flush
 * (or add to) a half-built entry. */
unsigned long xen_mc_begin(void)
{
	return local_irq_save();
}

int xen_mc_end(unsigned long flags)
{
	int rc = mc_issue(&xen_mc);

	local_irq_restore(flags);
	return rc;
}

struct mc_entry *xen_mc_call(unsigned long op, const char *what, unsigned int flags)
{
	return mc_queue(&xen_mc, op, what, flags, 0, NULL);
}

/* One mmuext_op in the batch's argument space; the caller fills in the
 * arguments other than cmd. */
struct mmuext_op *xen_mc_mmuext(unsigned int cmd, const char *what, unsigned int flags)
{
	struct mmuext_op *op;
	struct mc_entry *e = mc_queue(&xen_mc, __HYPERVISOR_mmuext_op, what, flags,
				      sizeof(*op), (void **)&op);

	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	e->args[0] = (unsigned long)op;
	e->args[1] = 1;
	e->args[2] = 0;                 /* no success count */
	e->args[3] = DOMID_SELF;
	return op;
}

void xen_start_context_switch(void)
{
	mc_lazy_enter(&xen_mc);
}

int xen_end_context_switch(void)
{
	return mc_lazy_leave(&xen_mc);
}

static unsigned int lazy_cpu = 1;
XENPV_PARAM(xenpv, lazy_cpu, bool, &lazy_cpu, 0, 1,
	    "batch a context switch's hypercalls in lazy CPU mode; 0 is the benchmark's baseline");

void xen_mc_set_lazy(int on)
{
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++)
		if (xen_mc_batches[i])
			xen_mc_batches[i]->no_lazy = !on;
}

/* First thing at boot: the batches live in bss, not in the image. */
void xen_batches_init(void)
{
	unsigned int i;

	boot_mc.flush = xen_mc_flush;
	boot_mc.report = xen_mc_report;
	xen_mc_batches[0] = &boot_mc;
	for (i = 0; i < NR_CPUS; i++) {
		xen_mmu_batches[i].flush = xen_mmu_update_flush;
		xen_mmu_batches[i].limit = MMU_BATCH_MAX;   /* xenpv.mmu_batch may lower it */
	}
	xen_mmu_batch_alloc(0);
}

int xen_batches_alloc(unsigned int cpu)
{
	struct mc_batch *mc = xen_mc_batches[cpu];

	if (!mc && (mc = kzalloc(sizeof(*mc))) != NULL) {
		mc->flush = xen_mc_flush;
		mc->report = xen_mc_report;
		mc->no_lazy = boot_mc.no_lazy;
		xen_mc_batches[cpu] = mc;
	}
	return mc ? xen_mmu_batch_alloc(cpu) : -ENOMEM;
}

void xen_lazy_init(void)
{
	unsigned int i;

	xen_mc_set_lazy(lazy_cpu);
	for (i = 1; i < NR_CPUS; i++)
		xen_mmu_batches[i].limit = xen_mmu_batches[0].limit;
}
