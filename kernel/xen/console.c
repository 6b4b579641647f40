/*
 * The Xen console.  dom0 writes through HYPERVISOR_console_io (the
 * hypervisor's own serial console).  A domU writes into the console ring
 * Xen's toolstack set up (start_info->console.domU) and kicks its event
 * channel; xenconsoled copies the bytes out.
 *
 * A full ring means waiting for xenconsoled, never dropping: the vCPU
 * sleeps in SCHEDOP_poll on the console's port, which xenconsoled
 * signals when it has taken bytes.  A backend that takes nothing for
 * 5 s (xenpv.console_stall_ms=N on the command line) is declared
 * stalled: output is then counted and dropped (a kernel that cannot
 * print must still finish), and the count is reported on the console as
 * soon as the ring moves again.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include <xenpv/events.h>
#include <xen/io/console.h>
#include "hypercall.h"
#include "backend.h"

#define CONSOLE_STALL_MS  5000
#define CONSOLE_POLL_NS   (20ULL * 1000 * 1000)
/* Before shared_info is mapped there is no clock: bound by tries. */
#define CONSOLE_EARLY_TRIES 100000

static struct xencons_interface *ring;
static evtchn_port_t ring_port;
static uint64_t stall_ns;
static unsigned int stall_ms = CONSOLE_STALL_MS;
XENPV_PARAM(xenpv, console_stall_ms, uint, &stall_ms, 1, 3600000,
	    "how long a domU's console may take nothing before output is dropped");
static int stalled;
static unsigned long long dropped;
struct xen_console_stats xen_console_stats;

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

static size_t ring_room(void)
{
	XENCONS_RING_IDX cons = ring->out_cons, prod = ring->out_prod;

	barrier();
	return sizeof(ring->out) - (prod - cons);
}

/*
 * Sleep until xenconsoled has moved out_cons past 'cons' or the wait has
 * lasted stall_ns.  Returns 0 on progress, -ETIMEDOUT if not.
 * Clearing the port before looking again closes the race with a
 * notification that arrives in between.
 */
static int wait_for_backend(XENCONS_RING_IDX cons)
{
	struct sched_poll poll = { .nr_ports = 1 };
	uint64_t start = 0, now;
	unsigned long tries = 0;
	int clock = HYPERVISOR_shared_info != NULL;

	set_xen_guest_handle(poll.ports, &ring_port);
	if (!stall_ns) {
		stall_ns = (uint64_t)stall_ms * 1000 * 1000;
	}
	if (clock)
		start = xen_clock_ns();
	xen_console_stats.waits++;
	for (;;) {
		if (clock)
			clear_evtchn(ring_port);
		if (ring->out_cons != cons)
			return 0;
		notify_remote_via_evtchn(ring_port);
		if (clock) {
			now = xen_clock_ns();
			if (now - start >= stall_ns)
				return -ETIMEDOUT;
			poll.timeout = now + CONSOLE_POLL_NS;
			HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
		} else {
			if (++tries >= CONSOLE_EARLY_TRIES)
				return -ETIMEDOUT;
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		}
	}
}

static void ring_put(const char *buf, size_t len)
{
	XENCONS_RING_IDX prod = ring->out_prod;

	while (len--)
		ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = *buf++;
	/* The bytes must be visible before the producer index. */
	barrier();
	ring->out_prod = prod;
}

static void ring_write(const char *buf, size_t len)
{
	if (stalled) {
		if (ring_room() == 0) {
			dropped += len;
			xen_console_stats.dropped += len;
			return;
		}
		/* The backend is back: say what it missed, then go on. */
		stalled = 0;
		{
			char note[96];
			int n = snprintf(note, sizeof(note),
					 "\nxenpv: console: %llu bytes dropped while the backend was stalled\n",
					 dropped);

			dropped = 0;
			ring_write(note, (size_t)n);
		}
	}
	while (len) {
		size_t room = ring_room(), n = len < room ? len : room;

		if (room == 0) {
			if (wait_for_backend(ring->out_cons)) {
				stalled = 1;
				dropped += len;
				xen_console_stats.dropped += len;
				return;
			}
			continue;
		}
		ring_put(buf, n);
		buf += n;
		len -= n;
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

/*
 * Before the domain goes away, let xenconsoled take what is in the ring:
 * the toolstack tears the ring down with the domain, and the last lines
 * (the verdict among them) would be lost.  Bounded like any other wait.
 */
void xen_console_flush(void)
{
	if (!ring || stalled)
		return;
	while (ring->out_cons != ring->out_prod)
		if (wait_for_backend(ring->out_cons))
			return;
}
