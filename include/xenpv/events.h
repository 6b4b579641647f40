/*
 * xenpv/events.h - Xen event channels for modules.  Binding a VIRQ or a
 * port gives an irq (<xenpv/irq.h>) whose handler runs when the port
 * fires; the bind_*_to_irqhandler calls bind and request_irq in one.
 * Functions return a negative errno on failure.
 */
#ifndef XENPV_EVENTS_H
#define XENPV_EVENTS_H

#include <stdint.h>
#include <xenpv/irq.h>

#define DOMID_SELF_ID 0x7ff0u   /* Xen's DOMID_SELF */

/* Bind (and request) a virtual interrupt (a global one) on vCPU 0;
 * irq_set_affinity (<xenpv/irq.h>) moves it. */
int bind_virq_to_irqhandler(unsigned int virq, irq_handler_t handler,
			    const char *name, void *dev_id);
/* An existing local port. */
int bind_evtchn_to_irqhandler(unsigned int port, irq_handler_t handler,
			      const char *name, void *dev_id);
/* The local end of remote_dom's remote_port (EVTCHNOP_bind_interdomain).
 * Xen marks the new local port pending at once (the other side may have
 * signalled before we bound), so the handler runs once right after
 * binding, with maybe nothing to do: handlers must allow for that. */
int bind_interdomain_evtchn_to_irqhandler(unsigned int remote_dom, unsigned int remote_port,
					  irq_handler_t handler, const char *name, void *dev_id);
/* Free the handler, close the port, release the irq.  Only with the
 * dev_id it was bound with: a stale unbind (the irq unbound already, or
 * bound again since by someone else; irqs are handed out round robin)
 * is refused with a message naming the caller, the binding untouched. */
void unbind_from_irqhandler(unsigned int irq, void *dev_id);

/* A fresh port for remote_dom to bind to (EVTCHNOP_alloc_unbound). */
int evtchn_alloc_unbound(unsigned int remote_dom, unsigned int *port);
int evtchn_close(unsigned int port);
int irq_to_evtchn(unsigned int irq);

/* Signal the other end (EVTCHNOP_send). */
int notify_remote_via_evtchn(unsigned int port);
int notify_remote_via_irq(unsigned int irq);

/* Per-port mask: a masked port stays pending, undelivered, until unmask
 * (which delivers it at once if it is pending).  clear drops a pending
 * event. */
void mask_evtchn(unsigned int port);
void unmask_evtchn(unsigned int port);
void clear_evtchn(unsigned int port);
int evtchn_is_pending(unsigned int port);

/* Upcalls taken and ports dispatched since boot. */
unsigned long evtchn_upcalls(void);
unsigned long evtchn_events_delivered(void);

#endif
