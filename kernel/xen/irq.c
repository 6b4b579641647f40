/*
 * The virtual interrupt flag.  A PV guest cannot touch EFLAGS.IF; Xen
 * instead holds back event upcalls while vcpu_info->evtchn_upcall_mask is
 * set.  On unmask an event may already be pending: a cheap hypercall makes
 * Xen deliver it at once.
 */
#include <xenpv/kernel.h>
#include "hypercall.h"
#include "backend.h"

/* Any hypercall returns through Xen's event check: the cheapest one. */
void xen_force_evtchn_callback(void)
{
	HYPERVISOR_xen_version(0, NULL);
}

static void unmask_events(void)
{
	struct vcpu_info *v = xen_vcpu();

	v->evtchn_upcall_mask = 0;
	barrier();  /* unmask, then check for what arrived while masked */
	if (v->evtchn_upcall_pending)
		xen_force_evtchn_callback();
}

unsigned long xen_save_fl(void)
{
	return xen_vcpu()->evtchn_upcall_mask ? 0 : X86_EFLAGS_IF;
}

void xen_restore_fl(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		unmask_events();
	else
		xen_vcpu()->evtchn_upcall_mask = 1;
	barrier();
}

void xen_irq_disable(void)
{
	xen_vcpu()->evtchn_upcall_mask = 1;
	barrier();
}

void xen_irq_enable(void)
{
	unmask_events();
}

/* SCHEDOP_block unmasks events as it blocks, closing the window between
 * a caller's "nothing pending" check and sleeping; Xen returns once an
 * event is pending and delivers it on the way back. */
void xen_safe_halt(void)
{
	HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* With events masked nothing could wake a blocked vCPU: yield instead
 * (Xen runs another vCPU on this physical CPU if one is waiting). */
void xen_halt(void)
{
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}
