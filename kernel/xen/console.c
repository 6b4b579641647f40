/*
 * The Xen console.  dom0 writes through HYPERVISOR_console_io (the
 * hypervisor's own serial console).  A domU writes into the console ring
 * Xen's toolstack set up (start_info->console.domU) and kicks its event
 * channel; xenconsoled copies the bytes out.
 */
#include <xenpv/kernel.h>
#include <xenpv/events.h>
#include <xen/io/console.h>
#include "hypercall.h"
#include "backend.h"

static struct xencons_interface *ring;
static evtchn_port_t ring_port;

void xen_console_init(void)
{
	unsigned long pfn;

	if (xen_initial_domain())
		return;
	pfn = mfn_to_pfn(xen_start_info->console.domU.mfn);
	if (pfn == INVALID_P2M_ENTRY)
		return;     /* no ring: fall back to console_io (debug builds) */
	/* The toolstack places the ring inside the bootstrap mapping. */
	ring = __va(pfn << PAGE_SHIFT);
	ring_port = xen_start_info->console.domU.evtchn;
}

static void ring_write(const char *buf, size_t len)
{
	while (len) {
		XENCONS_RING_IDX cons = ring->out_cons, prod = ring->out_prod;
		size_t room;

		barrier();
		room = sizeof(ring->out) - (prod - cons);
		if (room == 0) {
			/* Let the backend drain the ring. */
			notify_remote_via_evtchn(ring_port);
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		while (room && len) {
			ring->out[MASK_XENCONS_IDX(prod, ring->out)] = *buf++;
			prod++;
			room--;
			len--;
		}
		/* The bytes must be visible before the producer index. */
		barrier();
		ring->out_prod = prod;
		notify_remote_via_evtchn(ring_port);
	}
}

void xen_console_write(const char *buf, size_t len)
{
	if (ring)
		ring_write(buf, len);
	else
		HYPERVISOR_console_io(CONSOLEIO_write, (int)len, buf);
}
