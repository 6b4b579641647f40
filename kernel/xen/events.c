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
#include "hypercall.h"
#include "backend.h"
#include "evtchn_scan.h"


_Static_assert(DOMID_SELF_ID == DOMID_SELF, "xenpv/events.h: DOMID_SELF_ID is Xen's DOMID_SELF");

static int16_t evtchn_to_irq[EVTCHN_PORTS];
static int16_t irq_to_port[NR_IRQS];
/* Bindings of each irq so far, and where the search for a free irq
 * starts: numbers go round robin, so that a freed one comes back only
 * after the others, and a stale unbind meets its owner check. */
static uint16_t irq_gen[NR_IRQS];
static unsigned int irq_cursor;
static unsigned int scan_cursor;
static unsigned long upcalls, delivered;

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
 * an upcall the dispatch loop sees upcall_pending and picks it up. */
void unmask_evtchn(unsigned int port)
{
	struct vcpu_info *v = xen_vcpu();

	if (port >= EVTCHN_PORTS)
		return;
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

	delivered++;
	if (irq < 0)
		return;             /* nobody bound it: dropped */
	regs->vector = ~(uint32_t)irq;
	do_IRQ(regs);
}

/* From hypervisor_callback (entry.S), with events masked by Xen; it
 * unmasks them itself, in its critical region. */
void xen_evtchn_do_upcall(struct pt_regs *regs)
{
	struct vcpu_info *v = xen_vcpu();

	upcalls++;
	do {
		uint32_t sel;

		v->evtchn_upcall_pending = 0;
		sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		/* 32-bit words either way (unit-tested on the host as uint32_t). */
		evtchn_scan(sel, (volatile uint32_t *)pending_words(), (volatile uint32_t *)mask_words(),
			    &scan_cursor, dispatch, regs);
	} while (v->evtchn_upcall_pending);
	/* The end of a program's time slice takes effect here. */
	if (user_mode(regs))
		return_to_user(regs);
}

unsigned long evtchn_upcalls(void) { return upcalls; }
unsigned long evtchn_events_delivered(void) { return delivered; }

/* Port <-> irq. */
static int irq_for_port(unsigned int port)
{
	unsigned int i, irq;

	if (port >= EVTCHN_PORTS)
		return -EINVAL;
	if (evtchn_to_irq[port] >= 0)
		return -EBUSY;
	for (i = 0; i < NR_IRQS; i++) {
		irq = (irq_cursor + i) % NR_IRQS;
		if (irq_to_port[irq] < 0) {
			irq_to_port[irq] = (int16_t)port;
			evtchn_to_irq[port] = (int16_t)irq;
			irq_gen[irq]++;
			irq_cursor = irq + 1;
			return (int)irq;
		}
	}
	return -ENOSPC;
}

static void release_irq(unsigned int irq)
{
	int port = irq_to_port[irq];

	if (port >= 0)
		evtchn_to_irq[port] = -1;
	irq_to_port[irq] = -1;
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

/* Map port to a new irq and request it; on failure close the port. */
static int bind_port(unsigned int port, irq_handler_t handler, const char *name, void *dev_id)
{
	int irq, err;

	mask_evtchn(port);          /* request_irq unmasks it */
	irq = irq_for_port(port);
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

int bind_virq_to_irqhandler(unsigned int virq, irq_handler_t handler,
			    const char *name, void *dev_id)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
	int err = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

	return err ? err : bind_port(b.port, handler, name, dev_id);
}

int bind_evtchn_to_irqhandler(unsigned int port, irq_handler_t handler,
			      const char *name, void *dev_id)
{
	return bind_port(port, handler, name, dev_id);
}

int bind_interdomain_evtchn_to_irqhandler(unsigned int remote_dom, unsigned int remote_port,
					  irq_handler_t handler, const char *name, void *dev_id)
{
	struct evtchn_bind_interdomain b = {
		.remote_dom = (domid_t)remote_dom, .remote_port = remote_port,
	};
	int err = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);

	return err ? err : bind_port(b.local_port, handler, name, dev_id);
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

/* One vCPU: nothing to move; check Xen still has the port bound to it. */
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
	return st.status == EVTCHNSTAT_closed || st.vcpu != 0 ? -ENOTCONN : 0;
}

void xen_init_IRQ(void)
{
	unsigned int i;

	for (i = 0; i < EVTCHN_PORTS; i++) {
		evtchn_to_irq[i] = -1;
		mask_evtchn(i);     /* until someone binds and requests it */
	}
	for (i = 0; i < NR_IRQS; i++)
		irq_to_port[i] = -1;
	xen_register_callbacks();
	xen_timer_init();
}
