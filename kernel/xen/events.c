/*
 * Event channels: ports bound to irqs, the upcall that dispatches them,
 * per-port masking, and the public binding API of <xenpv/events.h>.
 */
#include <xenpv/kernel.h>
#include <xenpv/events.h>
#include <xenpv/bitops.h>
#include <kernel/traps.h>
#include <kernel/boot.h>
#include <kernel/irq.h>
#include <kernel/process.h>
#include <kernel/smp.h>
#include <xenpv/spinlock.h>
#include "hypercall.h"
#include "backend.h"
#include "evtchn_scan.h"


_Static_assert(DOMID_SELF_ID == DOMID_SELF, "xenpv/events.h: DOMID_SELF_ID is Xen's DOMID_SELF");

/* The tables below change under events_lock; the upcall only reads
 * evtchn_to_irq (one aligned word: a read sees the old or the new). */
static DEFINE_SPINLOCK(events_lock);
static int16_t evtchn_to_irq[EVTCHN_PORTS];
static int16_t irq_to_port[NR_IRQS];
/* Bindings of each irq so far, and where the search for a free irq
 * starts: numbers go round robin, so that a freed one comes back only
 * after the others, and a stale unbind meets its owner check. */
static uint16_t irq_gen[NR_IRQS];
static unsigned int irq_cursor;
/* Which vCPU Xen notifies for each port (Xen binds new ports to vCPU 0,
 * an IPI or a per-vCPU VIRQ to its own), as a number and as each vCPU's
 * set for the scan; an irq that belongs to one vCPU cannot move. */
static uint8_t evtchn_cpu[EVTCHN_PORTS];
static uint32_t cpu_ports[NR_CPUS][EVTCHN_WORDS];
static uint8_t irq_percpu[NR_IRQS];
static unsigned int scan_cursor[NR_CPUS];
static unsigned long upcalls[NR_CPUS], delivered[NR_CPUS];

static volatile unsigned long *pending_words(void)
{
	return HYPERVISOR_shared_info->evtchn_pending;
}

static volatile unsigned long *mask_words(void)
{
	return HYPERVISOR_shared_info->evtchn_mask;
}

void mask_evtchn(unsigned int port)
{
	if (port < EVTCHN_PORTS)
		set_bit(port, mask_words());
}

/* Xen's rule for unmasking by hand: clear the mask, then if the port is
 * pending raise what Xen would have raised (selector bit, upcall
 * pending) and, with events enabled, have Xen deliver at once.  Inside
 * an upcall the dispatch loop sees upcall_pending and picks it up.  A
 * port another vCPU handles is unmasked by Xen, which notifies that one. */
void unmask_evtchn(unsigned int port)
{
	struct vcpu_info *v = xen_vcpu();

	if (port >= EVTCHN_PORTS)
		return;
	if (evtchn_cpu[port] != smp_processor_id()) {
		struct evtchn_unmask u = { .port = port };

		HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
		return;
	}
	clear_bit(port, mask_words());
	if (test_bit(port, pending_words()) &&
	    !test_and_set_bit(port / BITS_PER_LONG, &v->evtchn_pending_sel)) {
		v->evtchn_upcall_pending = 1;
		if (!v->evtchn_upcall_mask)
			xen_force_evtchn_callback();
	}
}

void clear_evtchn(unsigned int port)
{
	if (port < EVTCHN_PORTS)
		clear_bit(port, pending_words());
}

int evtchn_is_pending(unsigned int port)
{
	return port < EVTCHN_PORTS && test_bit(port, pending_words());
}

static void dispatch(unsigned int port, void *arg)
{
	struct pt_regs *regs = arg;
	int irq = evtchn_to_irq[port];

	delivered[smp_processor_id()]++;
	if (irq < 0)
		return;             /* nobody bound it: dropped */
	regs->vector = ~(uint32_t)irq;
	do_IRQ(regs);
}

/* From hypervisor_callback (entry.S), with events masked by Xen; it
 * unmasks them itself, in its critical region. */
void xen_evtchn_do_upcall(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu_info *v = xen_vcpu();

	upcalls[cpu]++;
	do {
		uint32_t sel;

		v->evtchn_upcall_pending = 0;
		sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		/* 32-bit words either way (unit-tested on the host as uint32_t). */
		evtchn_scan(sel, (volatile uint32_t *)pending_words(), (volatile uint32_t *)mask_words(),
			    cpu_ports[cpu], &scan_cursor[cpu], dispatch, regs);
	} while (v->evtchn_upcall_pending);
	/* The end of a program's time slice takes effect here. */
	if (user_mode(regs))
		return_to_user(regs);
}

static unsigned long sum(const unsigned long *per_cpu)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++)
		n += per_cpu[i];
	return n;
}

unsigned long evtchn_upcalls(void) { return sum(upcalls); }
unsigned long evtchn_events_delivered(void) { return sum(delivered); }

/* Xen notifies cpu for port from now on; events_lock held. */
static void set_port_cpu(unsigned int port, unsigned int cpu)
{
	__clear_bit(port, (unsigned long *)cpu_ports[evtchn_cpu[port]]);
	evtchn_cpu[port] = (uint8_t)cpu;
	__set_bit(port, (unsigned long *)cpu_ports[cpu]);
}

/* Port <-> irq. */
static int irq_for_port(unsigned int port, int percpu_on)
{
	unsigned long flags;
	unsigned int i, irq;
	int rc = -ENOSPC;

	if (port >= EVTCHN_PORTS)
		return -EINVAL;
	spin_lock_irqsave(&events_lock, flags);
	if (evtchn_to_irq[port] >= 0) {
		rc = -EBUSY;
		goto out;
	}
	for (i = 0; i < NR_IRQS; i++) {
		irq = (irq_cursor + i) % NR_IRQS;
		if (irq_to_port[irq] < 0) {
			irq_to_port[irq] = (int16_t)port;
			evtchn_to_irq[port] = (int16_t)irq;
			irq_gen[irq]++;
			irq_cursor = irq + 1;
			irq_percpu[irq] = percpu_on >= 0;
			/* Xen notifies vCPU 0 for a new port, or the vCPU an
			 * IPI or a per-vCPU VIRQ was bound for. */
			set_port_cpu(port, percpu_on >= 0 ? (unsigned int)percpu_on : 0);
			rc = (int)irq;
			break;
		}
	}
out:
	spin_unlock_irqrestore(&events_lock, flags);
	return rc;
}

static void release_irq(unsigned int irq)
{
	unsigned long flags;
	int port;

	spin_lock_irqsave(&events_lock, flags);
	port = irq_to_port[irq];
	if (port >= 0)
		evtchn_to_irq[port] = -1;
	irq_to_port[irq] = -1;
	irq_percpu[irq] = 0;
	spin_unlock_irqrestore(&events_lock, flags);
}

int irq_to_evtchn(unsigned int irq)
{
	return irq < NR_IRQS && irq_to_port[irq] >= 0 ? irq_to_port[irq] : -EINVAL;
}

int evtchn_close(unsigned int port)
{
	struct evtchn_close c = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

/* Map port to a new irq and request it; on failure close the port.
 * percpu_on: the vCPU an IPI or per-vCPU VIRQ belongs to, or -1. */
static int bind_port(unsigned int port, int percpu_on, irq_handler_t handler, const char *name,
		     void *dev_id)
{
	int irq, err;

	mask_evtchn(port);          /* request_irq unmasks it */
	irq = irq_for_port(port, percpu_on);
	if (irq < 0) {
		evtchn_close(port);
		return irq;
	}
	err = request_irq((unsigned int)irq, handler, 0, name, dev_id);
	if (err) {
		release_irq((unsigned int)irq);
		evtchn_close(port);
		return err;
	}
	return irq;
}

/* percpu_on as for bind_port: the vCPU a per-vCPU VIRQ belongs to. */
static int bind_virq(unsigned int virq, unsigned int cpu, int percpu_on, irq_handler_t handler,
		     const char *name, void *dev_id)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = cpu };
	int err = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

	return err ? err : bind_port(b.port, percpu_on, handler, name, dev_id);
}

int bind_virq_to_irqhandler(unsigned int virq, irq_handler_t handler,
			    const char *name, void *dev_id)
{
	return bind_virq(virq, 0, -1, handler, name, dev_id);
}

/* A VIRQ of one vCPU (VIRQ_TIMER): delivered there only, never moved. */
int xen_bind_virq_cpu(unsigned int virq, unsigned int cpu, irq_handler_t handler, const char *name)
{
	return bind_virq(virq, cpu, (int)cpu, handler, name, NULL);
}

int xen_bind_ipi(unsigned int cpu, irq_handler_t handler, const char *name, void *dev_id)
{
	struct evtchn_bind_ipi b = { .vcpu = cpu };
	int err = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b);

	return err ? err : bind_port(b.port, (int)cpu, handler, name, dev_id);
}

int bind_evtchn_to_irqhandler(unsigned int port, irq_handler_t handler,
			      const char *name, void *dev_id)
{
	return bind_port(port, -1, handler, name, dev_id);
}

int bind_interdomain_evtchn_to_irqhandler(unsigned int remote_dom, unsigned int remote_port,
					  irq_handler_t handler, const char *name, void *dev_id)
{
	struct evtchn_bind_interdomain b = {
		.remote_dom = (domid_t)remote_dom, .remote_port = remote_port,
	};
	int err = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);

	return err ? err : bind_port(b.local_port, -1, handler, name, dev_id);
}

/* Only the owner (the dev_id it was bound with) may unbind: a stale
 * second unbind of a number that was freed, or bound again since, is
 * refused, and the new binding's port stays open. */
void unbind_from_irqhandler(unsigned int irq, void *dev_id)
{
	int port = irq_to_evtchn(irq);
	char sym[96];

	if (port < 0 || free_irq(irq, dev_id)) {
		symbol_format(sym, sizeof(sym), (unsigned long)__builtin_return_address(0), 1);
		if (port < 0)
			printk(KERN_ERR "unbind_from_irqhandler(irq %u, dev_id %p) from %s: refused, "
			       "the irq is not bound (unbound twice?)\n", irq, dev_id, sym);
		else
			printk(KERN_ERR "unbind_from_irqhandler(irq %u, dev_id %p) from %s: refused, "
			       "binding %u of irq %u (port %d) belongs to dev_id %p (a stale unbind?)\n",
			       irq, dev_id, sym, irq_gen[irq], irq, port, irq_dev_id(irq));
		return;
	}
	evtchn_close((unsigned int)port);
	clear_evtchn((unsigned int)port);
	release_irq(irq);
}

int evtchn_alloc_unbound(unsigned int remote_dom, unsigned int *port)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = (domid_t)remote_dom };
	int err = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);

	if (!err)
		*port = a.port;
	return err;
}

int notify_remote_via_evtchn(unsigned int port)
{
	struct evtchn_send s = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

int notify_remote_via_irq(unsigned int irq)
{
	int port = irq_to_evtchn(irq);

	return port < 0 ? port : notify_remote_via_evtchn((unsigned int)port);
}

/* pv_ops.irq per-irq operations. */
void xen_mask_irq(unsigned int irq)
{
	int port = irq_to_evtchn(irq);

	if (port >= 0)
		mask_evtchn((unsigned int)port);
}

int xen_unmask_irq(unsigned int irq)
{
	int port = irq_to_evtchn(irq);

	if (port < 0)
		return port;
	unmask_evtchn((unsigned int)port);
	return 0;
}

/* Check Xen still has the port bound, to the vCPU we think. */
int xen_rebind_irq(unsigned int irq)
{
	struct evtchn_status st = { .dom = DOMID_SELF };
	int port = irq_to_evtchn(irq), rc;

	if (port < 0)
		return port;
	st.port = (evtchn_port_t)port;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	if (rc)
		return rc;
	return st.status == EVTCHNSTAT_closed || st.vcpu != evtchn_cpu[port] ? -ENOTCONN : 0;
}

/* Masked across the move, so that it is delivered on one vCPU or the
 * other; unmasked again (by Xen, for another vCPU), which raises it
 * there if it came meanwhile. */
int xen_set_irq_cpu(unsigned int irq, unsigned int cpu)
{
	int port = irq_to_evtchn(irq), masked, rc;
	struct evtchn_bind_vcpu b;
	unsigned long flags;

	if (port < 0)
		return port;
	if (cpu >= NR_CPUS || irq_percpu[irq])
		return -EINVAL;
	b.port = (evtchn_port_t)port;
	b.vcpu = cpu;
	masked = test_and_set_bit((unsigned int)port, mask_words());
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &b);
	if (rc == 0) {
		spin_lock_irqsave(&events_lock, flags);
		set_port_cpu((unsigned int)port, cpu);
		spin_unlock_irqrestore(&events_lock, flags);
	}
	if (!masked)
		unmask_evtchn((unsigned int)port);
	return rc;
}

int xen_irq_cpu(unsigned int irq)
{
	int port = irq_to_evtchn(irq);

	return port < 0 ? port : evtchn_cpu[port];
}

int xen_irq_is_percpu(unsigned int irq)
{
	return irq < NR_IRQS && irq_percpu[irq];
}

void xen_init_IRQ(void)
{
	unsigned int i;

	for (i = 0; i < EVTCHN_PORTS; i++) {
		evtchn_to_irq[i] = -1;
		mask_evtchn(i);     /* until someone binds and requests it */
		__set_bit(i, (unsigned long *)cpu_ports[0]);
	}
	for (i = 0; i < NR_IRQS; i++)
		irq_to_port[i] = -1;
	for (i = 0; i < NR_CPUS; i++)
		xen_vcpu_info[i] = &HYPERVISOR_shared_info->vcpu_info[i];
	xen_vcpu_place(0);
	xen_register_callbacks();
	xen_timer_init();
}
