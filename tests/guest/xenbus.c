/*
 * The xenbus driver model and shared rings against Linux's real
 * xen-blkback.  As a domU with a disk (tests/host/xenbus.sh gives it
 * xvda, 8 MiB, a pattern in its first sectors): a "vbd" driver is
 * probed for device/vbd/51712, follows blkback through InitWait, sets
 * up a one-page blkif ring in one transaction, reaches Connected, reads
 * the disk's size, reads eight sectors in one burst (one notification
 * each way), writes one for dom0 to verify, closes, and reconnects with
 * a four-page ring for 64 reads in one push; fake devices that dom0's
 * script gives us (device/xpvtest/N, with a "backend" in our own data/
 * whose state the test writes) check failing probes, otherend_changed
 * and the bounded wait.  As dom0 (no xenstore in that bench):
 * registration gives -ENODEV and probes nothing.  In both roles: a ring
 * granted to ourselves, mapped back, refused (-EBUSY) while mapped.
 * The role is start_info's SIF_INITDOMAIN; both run PLAN tests.
 */
#include "guest-test.h"
#include <xenpv/xenbus.h>
#include <xenpv/events.h>
#include <xenpv/grant.h>
#include <xenpv/mm.h>
#include <xenpv/task.h>
#include <xenpv/time.h>
#include <kernel/task.h>
#include <xenpv/blkif.h>
#include <xenpv/reqid.h>
#include <xen/io/protocols.h>

#define PLAN 39
#define VBD_ID "51712"                  /* xvda */
#define BURST 8
#define WRITE_SECTOR 9

/* What the drivers saw. */
static struct {
	unsigned int probes;
	struct xenbus_device *dev;
	const char *probe_task;
	enum xenbus_state changes[16];
	unsigned int nchanges;
	int cb_in_irq;
	const char *cb_task;
	unsigned int removes;
} vbd;

static struct {
	unsigned int probes, removes, changes;
	char probed[64];                /* ids in probe order */
	struct xenbus_device *dev;      /* the one bound */
	enum xenbus_state last;
	int cb_wait;                    /* xenbus_wait_otherend from the callback */
	const char *cb_task;
} fake;

static unsigned int never_probed;
static struct xenbus_ring ring;

static int vbd_probe(struct xenbus_device *dev)
{
	vbd.probes++;
	vbd.dev = dev;
	vbd.probe_task = task_name(task_current());
	return 0;
}

static void vbd_changed(struct xenbus_device *dev, enum xenbus_state s)
{
	(void)dev;
	if (vbd.nchanges < ARRAY_SIZE(vbd.changes))
		vbd.changes[vbd.nchanges++] = s;
	vbd.cb_in_irq |= in_irq();
	vbd.cb_task = task_name(task_current());
}

static void vbd_remove(struct xenbus_device *dev)
{
	(void)dev;
	vbd.removes++;
}

static struct xenbus_driver vbd_driver = {
	.name = "xenbus-test-vbd", .type = "vbd",
	.probe = vbd_probe, .otherend_changed = vbd_changed, .remove = vbd_remove,
};

/* Probe fails for id 1, binds the rest. */
static int fake_probe(struct xenbus_device *dev)
{
	size_t n = strlen(fake.probed);

	fake.probes++;
	snprintf(fake.probed + n, sizeof(fake.probed) - n, "%s%s", n ? "," : "", dev->id);
	if (strcmp(dev->id, "1") == 0)
		return -EIO;
	fake.dev = dev;
	return 0;
}

static void fake_changed(struct xenbus_device *dev, enum xenbus_state s)
{
	fake.changes++;
	fake.last = s;
	fake.cb_task = task_name(task_current());
	fake.cb_wait = xenbus_wait_otherend(dev, XenbusStateConnected, 10);
}

static void fake_remove(struct xenbus_device *dev)
{
	(void)dev;
	fake.removes++;
}

static struct xenbus_driver fake_driver = {
	.name = "xpvtest-drv", .type = "xpvtest",
	.probe = fake_probe, .otherend_changed = fake_changed, .remove = fake_remove,
};

static int none_probe(struct xenbus_device *dev)
{
	(void)dev;
	never_probed++;
	return 0;
}

static struct xenbus_driver vif_driver = { .name = "xenbus-test-vif", .type = "vif", .probe = none_probe };
static struct xenbus_driver vbd_again = { .name = "second-vbd", .type = "vbd", .probe = none_probe };
static struct xenbus_driver no_probe = { .name = "no-probe", .type = "vbd" };

static int port_closed(unsigned int port)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_closed;
}

/* Both roles: a two-page ring granted to ourselves and mapped back, so
 * that ring_free meets a page still in use. */
static void check_self_ring(void)
{
	struct xenbus_device self = { .nodename = "device/self/0", .otherend_id = (unsigned int)xenpv_domid() };
	struct gnttab_mapping m = { .domid = (domid_t)self.otherend_id };
	struct xenbus_ring ring;
	unsigned int port;
	int err, busy;

	err = xenbus_ring_setup(&self, &ring, 1, NULL, NULL);
	ok(err == 0 && ring.nr_granted == 2 && ring.refs[0] >= GNTTAB_NR_RESERVED_ENTRIES &&
	   ring.evtchn && ring.irq == -1 && XENBUS_RING_SIZE(&ring) == 8192 &&
	   ((unsigned long)ring.sring & 4095) == 0,
	   "a two-page ring: 2 grants (ref %u), an unbound port %u, 8 KiB page-aligned (%d)",
	   err ? 0 : ring.refs[0], err ? 0 : ring.evtchn, err);
	if (err) {
		ok(0, "(no ring)");
		ok(0, "(no ring)");
		return;
	}
	m.ref = ring.refs[1];
	m.addr = gnttab_alloc_vaddr(1);
	err = gnttab_map_refs(&m, 1);
	port = ring.evtchn;
	busy = xenbus_ring_free(&ring);
	ok(err == 0 && busy == -EBUSY && ring.sring && ring.nr_granted == 2 && port_closed(port),
	   "while we map page 1 ourselves ring_free says -EBUSY (%d) and keeps the pages; the port is closed", busy);
	gnttab_unmap_refs(&m, 1);
	gnttab_free_vaddr(m.addr, 1);
	err = xenbus_ring_free(&ring);
	ok(err == 0 && !ring.sring && ring.nr_granted == 0 && gnttab_query_flags(m.ref) < 0,
	   "after the unmap ring_free ends both grants and frees the pages (%d)", err);
}

static void check_common(void)
{
	is(xenbus_register_driver(&no_probe), -EINVAL, "a driver without probe is refused (-EINVAL)");
	ok(strcmp(xenbus_strstate(XenbusStateInitWait), "InitWait") == 0 &&
	   strcmp(xenbus_strstate(XenbusStateClosed), "Closed") == 0 &&
	   strcmp(xenbus_strstate((enum xenbus_state)42), "invalid") == 0,
	   "xenbus_strstate names Xen's states (and not others)");
	check_self_ring();
}

/* dom0 has no blkback: the test is both ends of a ring in one domain,
 * the "backend" bound to the ring's port from here (a loopback), to
 * count what notification suppression saves. */
DEFINE_RING_TYPES(xbt, uint32_t, uint32_t);

static volatile unsigned int front_irqs, back_irqs;

static irqreturn_t front_irq(int irq, void *dev_id, struct pt_regs *regs)
{
	(void)irq, (void)dev_id, (void)regs;
	front_irqs++;
	return IRQ_HANDLED;
}

static irqreturn_t back_irq(int irq, void *dev_id, struct pt_regs *regs)
{
	(void)irq, (void)dev_id, (void)regs;
	back_irqs++;
	return IRQ_HANDLED;
}

/* One burst of n: front pushes, back answers each (as blkback does,
 * one push per response), front takes them.  Returns the good
 * responses; *nf, *nb the notifications each side sent. */
static unsigned int loop_burst(struct xbt_front_ring *f, struct xbt_back_ring *b, int birq,
			       unsigned int n, unsigned int *nf, unsigned int *nb)
{
	unsigned int i, good = 0;
	int notify, more;

	*nf = *nb = 0;
	for (i = 0; i < n; i++)
		*RING_GET_REQUEST(f, f->req_prod_pvt++) = i;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(f, notify);
	if (notify)
		*nf += xenbus_ring_notify(&ring) == 0;
	do {
		while (b->req_cons != b->sring->req_prod) {
			uint32_t req = *RING_GET_REQUEST(b, b->req_cons++);

			*RING_GET_RESPONSE(b, b->rsp_prod_pvt++) = req * 10;
			RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(b, notify);
			if (notify)
				*nb += notify_remote_via_irq((unsigned int)birq) == 0;
		}
		RING_FINAL_CHECK_FOR_REQUESTS(b, more);
	} while (more);
	do {
		while (f->rsp_cons != f->sring->rsp_prod)
			good += *RING_GET_RESPONSE(f, f->rsp_cons++) == good * 10;
		RING_FINAL_CHECK_FOR_RESPONSES(f, more);
	} while (more);
	return good;
}

static void check_loopback_ring(void)
{
	struct xenbus_device self = { .nodename = "device/loop/0", .otherend_id = (unsigned int)xenpv_domid() };
	struct xbt_front_ring f;
	struct xbt_back_ring b;
	unsigned int nf, nb, good, port;
	int birq = -1, err;

	err = xenbus_ring_setup(&self, &ring, 0, front_irq, &f);
	if (!err) {
		SHARED_RING_INIT((struct xbt_sring *)ring.sring);
		FRONT_RING_INIT(&f, (struct xbt_sring *)ring.sring, XENBUS_RING_SIZE(&ring));
		BACK_RING_INIT(&b, (struct xbt_sring *)ring.sring, XENBUS_RING_SIZE(&ring));
		birq = bind_interdomain_evtchn_to_irqhandler(self.otherend_id, ring.evtchn, back_irq, "xbt-back", &b);
	}
	ok(err == 0 && birq >= 0 && RING_SIZE(&f) == 512,
	   "dom0: a ring with an irq (%d), a 512-entry xbt ring on it, our own \"backend\" bound to its port (irq %d)",
	   ring.irq, birq);
	if (err || birq < 0) {
		tap_skip(3, "no loopback ring (%d, %d)", err, birq);
		return;
	}
	back_irqs = front_irqs = 0;     /* the fresh binding's own event has come */
	good = loop_burst(&f, &b, birq, 16, &nf, &nb);
	ok(good == 16 && nf == 1 && back_irqs == 1,
	   "dom0: 16 requests pushed at once cost one notification to the backend (%u sent, %u taken)",
	   nf, back_irqs);
	ok(nb == 1 && front_irqs == 1,
	   "dom0: 16 responses, pushed one by one, cost one notification back (%u sent, %u taken): %u good",
	   nb, front_irqs, good);
	back_irqs = front_irqs = 0;
	good = loop_burst(&f, &b, birq, 5, &nf, &nb);
	unbind_from_irqhandler((unsigned int)birq, &b);
	port = ring.evtchn;
	err = xenbus_ring_free(&ring);
	ok(good == 5 && nf == 1 && nb == 1 && back_irqs == 1 && front_irqs == 1 && err == 0 && port_closed(port),
	   "dom0: a second burst: again one each way (the final checks re-armed both); ring_free (%d)", err);
}

/* The largest ring, granted to ourselves; xenstore is not there to
 * write it to. */
static void check_max_ring(void)
{
	struct xenbus_device self = { .nodename = "device/self/1", .otherend_id = (unsigned int)xenpv_domid() };
	unsigned int i, granted = 0;
	int err = xenbus_ring_setup(&self, &ring, XENBUS_RING_MAX_ORDER, NULL, NULL);

	for (i = 0; !err && i < ring.nr_granted; i++)
		granted += gnttab_query_flags(ring.refs[i]) == GTF_permit_access;
	ok(err == 0 && granted == 16 && XENBUS_RING_SIZE(&ring) == 65536,
	   "dom0: an order-%d ring: 16 pages (64 KiB), each granted (%u) (%d)", XENBUS_RING_MAX_ORDER, granted, err);
	is(xenbus_ring_write(&self, XENSTORE_TX_NONE, &ring), -ENODEV,
	   "dom0: writing it to xenstore gives -ENODEV");
	is(xenbus_ring_free(&ring), 0, "dom0: ... and it is freed");
	is(xenbus_ring_setup(NULL, &ring, 0, NULL, NULL), -EINVAL, "dom0: ring_setup without a device is refused");
}

/* dom0 here has no xenstore: nothing to enumerate. */
static void dom0_tests(void)
{
	uint64_t t0 = xenpv_clock_ns(), dt;
	int err = xenbus_register_driver(&vbd_driver);
	unsigned long v = 7;

	dt = xenpv_clock_ns() - t0;
	is(err, -ENODEV, "dom0: registering a vbd driver gives -ENODEV (no xenstore)");
	/* "At once": far below the 5 s a xenstore wait would take (a loaded
	 * host stretches any run; no timing goal here). */
	ok(dt < 1000 * NSEC_PER_MSEC, "dom0: ... at once (%llu us)", (unsigned long long)(dt / NSEC_PER_USEC));
	is(vbd.probes, 0, "dom0: ... and its probe never ran");
	is(xenbus_register_driver(&fake_driver), -ENODEV, "dom0: so does any other type");
	is(xenbus_register_driver(&vbd_driver), -ENODEV, "dom0: registering again: still -ENODEV (nothing was kept)");
	xenbus_unregister_driver(&vbd_driver);
	is(vbd.removes, 0, "dom0: unregistering a driver never registered removes nothing");
	is(xenbus_read_ulong(XENSTORE_TX_NONE, "device/vbd/" VBD_ID, "backend-id", &v), -ENODEV,
	   "dom0: xenbus_read_ulong gives xenstore's -ENODEV");
	is(v, 7, "dom0: ... and leaves the value alone");
	is(xenbus_read_unsigned("device/vbd/" VBD_ID, "feature-x", 42), 42,
	   "dom0: xenbus_read_unsigned gives the default");
	is(xenbus_printf(XENSTORE_TX_NONE, "device/vbd/" VBD_ID, "state", "%d", 1), -ENODEV,
	   "dom0: xenbus_printf gives -ENODEV");
	{
		struct xenbus_device d = { .nodename = "device/x/0", .state = XenbusStateInitialising };

		is(xenbus_switch_state(&d, XENSTORE_TX_NONE, XenbusStateInitialised), -ENODEV,
		   "dom0: switch_state gives -ENODEV ...");
		is(d.state, XenbusStateInitialising, "dom0: ... and leaves dev->state alone");
		d.otherend = "/x";
		d.otherend_state = XenbusStateInitialising;
		t0 = xenpv_clock_ns();
		err = xenbus_wait_otherend(&d, XenbusStateConnected, 100);
		dt = xenpv_clock_ns() - t0;
		ok(err == -ETIMEDOUT && dt >= 100 * NSEC_PER_MSEC && dt < 4000 * NSEC_PER_MSEC,
		   "dom0: a wait nothing can end times out after the 100 ms asked (%d, %llu ms)",
		   err, (unsigned long long)(dt / NSEC_PER_MSEC));
		d.otherend_state = XenbusStateClosed;
		is(xenbus_wait_otherend(&d, XenbusStateConnected, 50), -ETIMEDOUT,
		   "dom0: a backend Closed from the start may reconnect: a wait for Connected runs to its timeout");
		is(xenbus_wait_otherend(&d, XenbusStateClosed, 100), 0,
		   "dom0: waiting for the state it is in returns 0 at once");
	}
	{
		struct xenbus_device d = { .nodename = "device/x/0" };
		struct xenbus_ring r;

		is(xenbus_ring_setup(&d, &r, XENBUS_RING_MAX_ORDER + 1, NULL, NULL), -EINVAL,
		   "dom0: a ring over order %d is refused", XENBUS_RING_MAX_ORDER);
		is(xenbus_ring_notify(&(struct xenbus_ring){ .evtchn = 0 }), -EINVAL,
		   "dom0: notifying a ring without a port is refused");
	}
	ok(!xenstore_available() && task_current()->next == task_current(),
	   "dom0: no xenstore, and no xenstore task was started (the boot task runs alone)");
	is(never_probed, 0, "dom0: no probe of any driver ran");
	is(xenbus_register_driver(&vif_driver), -ENODEV, "dom0: a vif driver too gets -ENODEV");
	is(xenbus_register_driver(&(struct xenbus_driver){ .type = "a/b", .probe = none_probe }), -EINVAL,
	   "dom0: a type with a '/' is refused (-EINVAL) before anything else");
	ok(xenbus_read(XENSTORE_TX_NONE, NULL, "x", &(char *){ NULL }) == -EINVAL,
	   "dom0: xenbus_read without a directory is refused (-EINVAL)");
	is(xenbus_ring_free(NULL), -EINVAL, "dom0: ring_free(NULL) is refused");
	is(vbd.nchanges, 0, "dom0: no otherend_changed callback ever ran");
	is(fake.probes, 0, "dom0: nor any fake device's probe");
	is(xenbus_printf(XENSTORE_TX_NONE, "d", "n", "%300s", ""), -E2BIG,
	   "dom0: a value over 255 bytes gives -E2BIG before any I/O");
	check_max_ring();
	check_loopback_ring();
}


/* --- domU --- */

static unsigned int domid;

static unsigned long disk_sectors(void)
{
	const char *mb = xenpv_cmdline_get("xenbus_test.disk_mb", NULL);

	return (mb && strtoul(mb, NULL, 10) ? strtoul(mb, NULL, 10) : 8) * 2048;
}

static int fake_write(const char *node, const char *value)
{
	return xenstore_write(XENSTORE_TX_NONE, node, value);
}

/* Three fake devices: dom0's script (tests/host/xenbus.dom0.sh, run
 * phase) makes device/xpvtest/{1,2,3} ours (a domU may not create
 * under device/), 1 and 2 with a "backend" in our own data/, whose state
 * the test writes; 3 without one.  It says so in data/xpvtest-ready. */
static int make_fake_devices(void)
{
	uint64_t end = xenpv_clock_ns() + 10000 * NSEC_PER_MSEC;
	char *v = NULL;
	int err;

	err = fake_write("data/xpvtest-back/1/state", "1");
	if (!err)
		err = fake_write("data/xpvtest-back/2/state", "1");
	while (!err && xenstore_read(XENSTORE_TX_NONE, "data/xpvtest-ready", &v) < 0) {
		if (xenpv_clock_ns() >= end)
			return -ETIMEDOUT;
		msleep(20);
	}
	kfree(v);
	return err;
}

static int write_back_state(const char *state)
{
	return fake_write("data/xpvtest-back/2/state", state);
}

static int closer(void *arg)
{
	(void)arg;
	msleep(50);
	return write_back_state("6");
}

static void check_fake_devices(void)
{
	struct task *t;
	unsigned int before;
	uint64_t t0, dt;
	unsigned long st = 0;
	int err, n;

	err = make_fake_devices();
	n = xenbus_register_driver(&fake_driver);
	ok(err == 0 && n == 1, "domU: 3 fake devices device/xpvtest/{1,2,3} (%d): %d bound (1 fails its probe, 3 has no backend)",
	   err, n);
	is_str(fake.probed, "1,2", "domU: probe ran for 1 then 2 (the failure did not stop it), never for 3");
	err = write_back_state("2");
	ok(err == 0 && fake.dev && xenbus_wait_otherend(fake.dev, XenbusStateInitWait, 2000) == 0,
	   "domU: its backend writes InitWait: xenbus_wait_otherend returns");
	ok(fake.changes == 1 && fake.last == XenbusStateInitWait && fake.cb_task &&
	   strcmp(fake.cb_task, "xenstore") == 0,
	   "domU: otherend_changed ran once, with InitWait, in the xenstore task (%u calls, task %s)",
	   fake.changes, fake.cb_task ? fake.cb_task : "-");
	is(fake.cb_wait, -EINVAL, "domU: a wait from inside the callback is refused (-EINVAL): it would wait for itself");
	write_back_state("2");
	write_back_state("4");
	err = xenbus_wait_otherend(fake.dev, XenbusStateConnected, 2000);
	ok(err == 0 && fake.changes == 2 && fake.last == XenbusStateConnected,
	   "domU: InitWait rewritten, then Connected: one more call, the rewrite is no change (%u calls)", fake.changes);
	t = task_create(closer, NULL, &(struct task_opts){ .name = "closer" });
	t0 = xenpv_clock_ns();
	err = xenbus_wait_otherend(fake.dev, XenbusStateReconfigured, 2000);
	dt = xenpv_clock_ns() - t0;
	if (t)
		task_join(t, NULL);
	ok(err == -ECONNRESET,
	   "domU: the backend closes during a wait for Reconfigured: -ECONNRESET after %llu ms",
	   (unsigned long long)(dt / NSEC_PER_MSEC));
	t0 = xenpv_clock_ns();
	err = xenbus_wait_otherend(fake.dev, XenbusStateClosing, 200);
	dt = xenpv_clock_ns() - t0;
	ok(err == -ETIMEDOUT && dt >= 200 * NSEC_PER_MSEC && dt < 4000 * NSEC_PER_MSEC,
	   "domU: a wait for Closing on a Closed backend times out after the 200 ms asked (%d, %llu ms)",
	   err, (unsigned long long)(dt / NSEC_PER_MSEC));
	xenbus_unregister_driver(&fake_driver);
	err = xenbus_read_ulong(XENSTORE_TX_NONE, "device/xpvtest/2", "state", &st);
	ok(fake.removes == 1 && err == 0 && st == XenbusStateClosed,
	   "domU: unregister: remove ran for the bound device only (%u), which is now Closed (%lu)", fake.removes, st);
	before = fake.changes;
	write_back_state("4");
	xenbus_read_ulong(XENSTORE_TX_NONE, "data/xpvtest-back/2", "state", &st);
	msleep(50);
	is(fake.changes, before, "domU: after unregister a backend change reaches no driver");
	xenstore_rm(XENSTORE_TX_NONE, "data/xpvtest-back");
	xenstore_rm(XENSTORE_TX_NONE, "data/xpvtest-ready");
}


static volatile unsigned int ring_irqs;

static irqreturn_t ring_irq(int irq, void *dev_id, struct pt_regs *regs)
{
	(void)irq, (void)dev_id, (void)regs;
	ring_irqs++;                    /* the test polls the ring itself */
	return IRQ_HANDLED;
}

static struct blkif_front_ring front;
REQID_DEFINE(ids, 64);
static void *data[BURST + 1];
static int data_ref[BURST + 1];

/* Queue one single-segment request for sector into data page i. */
static void queue_req(unsigned int i, uint8_t op, uint64_t sector)
{
	struct blkif_request *req = RING_GET_REQUEST(&front, front.req_prod_pvt);

	req->operation = op;
	req->nr_segments = 1;
	req->handle = (blkif_vdev_t)strtoul(VBD_ID, NULL, 10);
	req->id = (uint64_t)reqid_get(&ids, (void *)(uintptr_t)(100 + i));
	req->sector_number = sector;
	req->seg[0].gref = (grant_ref_t)data_ref[i];
	req->seg[0].first_sect = 0;
	req->seg[0].last_sect = 0;      /* one 512-byte sector */
	front.req_prod_pvt++;
}

/* Push what is queued: how many notifications that cost (0 or 1). */
static unsigned int push(void)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
	if (notify)
		xenbus_ring_notify(&ring);
	return notify ? 1 : 0;
}

/* Responses go through <xenpv/blkif.h>: ids from a reqid table, each
 * retired once, responses copied once, then the final check. */
struct rsp_count {
	unsigned int good;              /* OKAY, in the order sent */
	uintptr_t next;                 /* the cookie expected next */
};

static void rsp_done(void *cookie, const struct blkif_response *rsp, void *arg)
{
	struct rsp_count *c = arg;

	if (rsp->status == BLKIF_RSP_OKAY && (uintptr_t)cookie == c->next)
		c->good++;
	else
		diag("response id %llu (cookie %lu) status %d", (unsigned long long)rsp->id,
		     (unsigned long)(uintptr_t)cookie, rsp->status);
	c->next++;
}

/* Poll for n responses (blkback notifies only for the first of a
 * burst: rsp_event stays where it was until we consume), then take
 * them all; *more: what the final check left (nothing, if re-armed). */
static int take_responses(unsigned int n, uintptr_t first, int *more)
{
	uint64_t end = xenpv_clock_ns() + 5000 * NSEC_PER_MSEC;
	struct rsp_count c = { .next = first };
	struct blkif_fault fault;
	int done;

	while (front.sring->rsp_prod - front.rsp_cons < n && xenpv_clock_ns() < end)
		msleep(1);
	done = blkif_take_responses(&front, &ids, rsp_done, &c, &fault);
	if (done < 0)
		diag("blkif_take_responses: bad %s %llu at slot %u", fault.what,
		     (unsigned long long)fault.value, fault.index);
	*more = RING_HAS_UNCONSUMED_RESPONSES(&front) || ids.in_flight;
	return done == (int)n ? (int)c.good : -1;
}

static int pattern_ok(unsigned int sector)
{
	char want[32];
	int n = snprintf(want, sizeof(want), "xenpv-xvda sector %u\n", sector);

	return memcmp(data[sector], want, (size_t)n) == 0;
}

/* ring-ref(s), event-channel, protocol and Initialised in one
 * transaction, redone while it races (-EAGAIN). */
static int connect_ring(struct xenbus_device *dev, unsigned int *tries)
{
	xenstore_tx_t tx;
	int err, end;

	*tries = 0;
	do {
		(*tries)++;
		err = xenstore_transaction_start(&tx);
		if (err)
			break;
		err = xenbus_ring_write(dev, tx, &ring);
		if (!err)
			err = xenbus_printf(tx, dev->nodename, "protocol", "%s", XEN_IO_PROTO_ABI_X86_32);
		if (!err)
			err = xenbus_switch_state(dev, tx, XenbusStateInitialised);
		end = xenstore_transaction_end(tx, err != 0);
		if (!err)
			err = end;
	} while (err == -EAGAIN && *tries < 10);
	return err;
}

/* Closing, Closed, blkback following each time. */
static int close_vbd(struct xenbus_device *dev, enum xenbus_state to)
{
	int err = xenbus_switch_state(dev, XENSTORE_TX_NONE, to);

	return err ? err : xenbus_wait_otherend(dev, to, 5000);
}

/* The second connection: a four-page ring, 64 reads in one push (a
 * one-page blkif ring holds 32), eight to a page: request k reads disk
 * sector k % 16 into slot k % 8 of page k / 8. */
#define BIG_BURST 64
static void check_multipage(struct xenbus_device *dev, unsigned long max_order)
{
	unsigned int order = max_order < 2 ? (unsigned int)max_order : 2;
	unsigned int i, tries, notifies, irqs, good = 0, ended = 0, port;
	void *pages[BIG_BURST / 8];
	int refs[BIG_BURST / 8], err, more = 1, n;
	uint64_t t0 = xenpv_clock_ns();

	err = xenbus_switch_state(dev, XENSTORE_TX_NONE, XenbusStateInitialising);
	if (!err)
		err = xenbus_wait_otherend(dev, XenbusStateInitWait, 5000);
	is(err, 0, "domU: back to Initialising: blkback prepares for a reconnect (InitWait again)");
	err = xenbus_ring_setup(dev, &ring, order, ring_irq, &ring);
	if (!err) {
		SHARED_RING_INIT((struct blkif_sring *)ring.sring);
		FRONT_RING_INIT(&front, (struct blkif_sring *)ring.sring, XENBUS_RING_SIZE(&ring));
		reqid_init(&ids);
		err = connect_ring(dev, &tries);
	}
	if (!err)
		err = xenbus_wait_otherend(dev, XenbusStateConnected, 5000);
	ok(err == 0 && ring.nr_granted == 1u << order &&
	   xenbus_read_unsigned(dev->nodename, "ring-page-order", 99) == order &&
	   xenbus_read_unsigned(dev->nodename, "ring-ref3", 0) == ring.refs[3] &&
	   xenbus_read_unsigned(dev->nodename, "ring-ref", 0) == 0 && RING_SIZE(&front) == 128,
	   "domU: a %u-page ring (ring-page-order, ring-ref0..%u, the old ring-ref gone): %u entries, Connected in %llu ms (%d)",
	   1u << order, (1u << order) - 1, RING_SIZE(&front),
	   (unsigned long long)((xenpv_clock_ns() - t0) / NSEC_PER_MSEC), err);
	if (err) {
		tap_skip(2, "no second connection");
		return;
	}
	for (i = 0; i < BIG_BURST / 8; i++) {
		pages[i] = alloc_page();
		refs[i] = pages[i] ? gnttab_grant_foreign_access(0, virt_to_mfn(pages[i]), 0) : -ENOMEM;
		if (refs[i] < 0)
			tap_bail_out("no data page %u (%d)", i, refs[i]);
		memset(pages[i], 0xee, 4096);
	}
	ring_irqs = 0;
	for (i = 0; i < BIG_BURST; i++) {
		struct blkif_request *req = RING_GET_REQUEST(&front, front.req_prod_pvt);

		req->operation = BLKIF_OP_READ;
		req->nr_segments = 1;
		req->handle = (blkif_vdev_t)strtoul(VBD_ID, NULL, 10);
		req->id = (uint64_t)reqid_get(&ids, (void *)(uintptr_t)(1000 + i));
		req->sector_number = i % 16;
		req->seg[0].gref = (grant_ref_t)refs[i / 8];
		req->seg[0].first_sect = req->seg[0].last_sect = (uint8_t)(i % 8);
		front.req_prod_pvt++;
	}
	notifies = push();
	n = take_responses(BIG_BURST, 1000, &more);
	good = n > 0 ? (unsigned int)n : 0;
	irqs = ring_irqs;
	for (i = 0; i < BIG_BURST; i++) {
		char want[48];
		int len = i % 16 == WRITE_SECTOR ?        /* what the first connection wrote */
			snprintf(want, sizeof(want), "xenpv-domU-%u wrote sector %u\n", domid, WRITE_SECTOR) :
			snprintf(want, sizeof(want), "xenpv-xvda sector %u\n", i % 16);

		good += memcmp((char *)pages[i / 8] + (i % 8) * 512, want, (size_t)len) == 0;
	}
	ok(good == 2 * BIG_BURST && notifies == 1 && irqs == 1 && !more,
	   "domU: %u reads in one push, 8 to a page: all OK, with dom0's pattern and our write (%u of %u), %u notification each way (%u back)",
	   BIG_BURST, good, 2 * BIG_BURST, notifies, irqs);
	for (i = 0; i < BIG_BURST / 8; i++) {
		ended += gnttab_end_foreign_access((grant_ref_t)refs[i]) == 0;
		free_pages(pages[i]);
	}
	port = ring.evtchn;
	err = close_vbd(dev, XenbusStateClosing);
	if (!err)
		err = close_vbd(dev, XenbusStateClosed);
	if (!err)
		err = xenbus_ring_free(&ring);
	ok(err == 0 && ended == BIG_BURST / 8 && port_closed(port),
	   "domU: closed again; the %u data grants and the %u ring grants end without -EBUSY (%d)",
	   ended, 1u << order, err);
}

static void check_vbd(void)
{
	struct xenbus_device *dev;
	char want[96], *v = NULL;
	unsigned long indirect = 0, order = 0, sectors = 0, ssize = 0, st = 0;
	uint64_t t_probe, t_conn, t_close;
	unsigned int i, tries = 0, notifies, irqs, ended = 0;
	int n, err, err2, more = 1, good;

	t_probe = xenpv_clock_ns();
	n = xenbus_register_driver(&vbd_driver);
	dev = vbd.dev;
	ok(n == 1 && vbd.probes == 1 && dev && strcmp(dev->nodename, "device/vbd/" VBD_ID) == 0 &&
	   strcmp(dev->id, VBD_ID) == 0 && vbd.probe_task && strcmp(vbd.probe_task, "boot") == 0,
	   "domU: a vbd driver: probe ran once, for %s, in the registering task (%s)",
	   dev ? dev->nodename : "-", vbd.probe_task ? vbd.probe_task : "-");
	if (!dev) {
		tap_bail_out("no vbd device: run with the disk tests/host/xenbus.sh gives (--xl-config)");
		return;
	}
	snprintf(want, sizeof(want), "/local/domain/0/backend/vbd/%u/" VBD_ID, domid);
	ok(strcmp(dev->otherend, want) == 0 && dev->otherend_id == 0,
	   "domU: its backend is %s in domain %u", dev->otherend, dev->otherend_id);
	is(xenbus_register_driver(&vbd_again), -EBUSY, "domU: a second vbd driver is refused (-EBUSY)");
	err = xenbus_wait_otherend(dev, XenbusStateInitWait, 10000);
	is(err, 0, "domU: blkback reaches InitWait (%llu ms after registering)",
	   (unsigned long long)((xenpv_clock_ns() - t_probe) / NSEC_PER_MSEC));
	err = xenbus_read_ulong(XENSTORE_TX_NONE, dev->otherend, "feature-max-indirect-segments", &indirect);
	err2 = xenbus_read_ulong(XENSTORE_TX_NONE, dev->otherend, "max-ring-page-order", &order);
	ok(err == 0 && err2 == 0 && indirect > 0 && xenbus_read_unsigned(dev->otherend, "no-such-feature", 77) == 77,
	   "domU: blkback's probe wrote feature-max-indirect-segments=%lu, max-ring-page-order=%lu (absent ones read as the default)",
	   indirect, order);
	ok(xenbus_read_ulong(XENSTORE_TX_NONE, dev->otherend, "mode", &st) == -EINVAL &&
	   xenbus_read_ulong(XENSTORE_TX_NONE, dev->otherend, "no-such-node", &st) == -ENOENT,
	   "domU: read_ulong of \"mode\" (not a number) gives -EINVAL, of a missing node -ENOENT");

	err = xenbus_ring_setup(dev, &ring, 0, ring_irq, &ring);
	ok(err == 0 && ring.nr_granted == 1 && ring.irq >= 0 &&
	   gnttab_query_flags(ring.refs[0]) == GTF_permit_access,
	   "domU: a one-page ring granted to domain 0 (ref %u), port %u bound to irq %d", ring.refs[0],
	   ring.evtchn, ring.irq);
	if (err)
		tap_bail_out("no ring (%d)", err);
	SHARED_RING_INIT((struct blkif_sring *)ring.sring);
	FRONT_RING_INIT(&front, (struct blkif_sring *)ring.sring, XENBUS_RING_SIZE(&ring));
	reqid_init(&ids);
	err = connect_ring(dev, &tries);
	err2 = xenbus_read(XENSTORE_TX_NONE, dev->nodename, "protocol", &v);
	ok(err == 0 && xenbus_read_unsigned(dev->nodename, "ring-ref", 0) == ring.refs[0] &&
	   xenbus_read_unsigned(dev->nodename, "event-channel", 0) == ring.evtchn &&
	   xenbus_read_unsigned(dev->nodename, "state", 0) == XenbusStateInitialised &&
	   err2 > 0 && strcmp(v, "x86_32-abi") == 0,
	   "domU: ring-ref, event-channel, protocol=%s and state Initialised in one transaction (%d tries)",
	   err2 > 0 ? v : "-", tries);
	kfree(v);
	err = xenbus_wait_otherend(dev, XenbusStateConnected, 20000);
	t_conn = xenpv_clock_ns();
	is(err, 0, "domU: blkback is Connected (%llu ms after probe)",
	   (unsigned long long)((t_conn - t_probe) / NSEC_PER_MSEC));
	xenpv_stat("xenbus_probe_to_connected_ms", (t_conn - t_probe) / NSEC_PER_MSEC);
	xenbus_read_ulong(XENSTORE_TX_NONE, dev->otherend, "sectors", &sectors);
	xenbus_read_ulong(XENSTORE_TX_NONE, dev->otherend, "sector-size", &ssize);
	ok(ssize >= 512 && (ssize & (ssize - 1)) == 0 && sectors * ssize == disk_sectors() * 512,
	   "domU: sector-size %lu (a power of two >= 512), %lu sectors: the %lu MiB disk given",
	   ssize, sectors, disk_sectors() / 2048);
	ok(vbd.nchanges >= 1 && vbd.changes[vbd.nchanges - 1] == XenbusStateConnected && !vbd.cb_in_irq &&
	   vbd.cb_task && strcmp(vbd.cb_task, "xenstore") == 0,
	   "domU: otherend_changed followed it (%u calls, the last %s) in the xenstore task",
	   vbd.nchanges, xenbus_strstate(vbd.nchanges ? vbd.changes[vbd.nchanges - 1] : 0));

	/* A burst of reads, sectors 0..7, and one write of sector 9. */
	for (i = 0; i <= BURST; i++) {
		data[i] = alloc_page();
		data_ref[i] = data[i] ? gnttab_grant_foreign_access(0, virt_to_mfn(data[i]), i == BURST) : -ENOMEM;
		if (data_ref[i] < 0)
			tap_bail_out("no data page %u (%d)", i, data_ref[i]);
		memset(data[i], 0xee, 4096);
	}
	ring_irqs = 0;
	for (i = 0; i < BURST; i++)
		queue_req(i, BLKIF_OP_READ, i);
	notifies = push();
	good = take_responses(BURST, 100, &more);
	irqs = ring_irqs;
	ok(good == BURST && notifies == 1 && irqs == 1 && !more,
	   "domU: %d reads in one push: %d OK responses (blkif_take_responses, each id retired once), %u notification to blkback, %u back",
	   BURST, good, notifies, irqs);
	for (i = 0, good = 0; i < BURST; i++)
		good += pattern_ok(i);
	is(good, BURST, "domU: each sector starts with the pattern dom0 wrote (\"xenpv-xvda sector N\")");
	snprintf(data[BURST], 4096, "xenpv-domU-%u wrote sector %u\n", domid, WRITE_SECTOR);
	ring_irqs = 0;
	queue_req(BURST, BLKIF_OP_WRITE, WRITE_SECTOR);
	notifies = push();
	good = take_responses(1, 100 + BURST, &more);
	irqs = ring_irqs;
	/* blkback may still be in its final check from the burst, then it
	 * takes the write without a notification: at most one, not one. */
	ok(good == 1 && notifies <= 1 && irqs <= 1 && !more,
	   "domU: a write of sector %u: OK, at most one notification each way again (%u, %u): both ends re-armed",
	   WRITE_SECTOR, notifies, irqs);
	for (i = 0; i <= BURST; i++) {
		ended += gnttab_end_foreign_access((grant_ref_t)data_ref[i]) == 0;
		free_pages(data[i]);
	}
	is(ended, BURST + 1, "domU: all %u data grants end at once: blkback unmapped them before responding",
	   BURST + 1);

	/* Close: we lead, blkback follows. */
	t_close = xenpv_clock_ns();
	is(close_vbd(dev, XenbusStateClosing), 0, "domU: Closing, and blkback follows to Closing");
	is(close_vbd(dev, XenbusStateClosed), 0, "domU: Closed, and blkback follows to Closed (%llu ms for the close)",
	   (unsigned long long)((xenpv_clock_ns() - t_close) / NSEC_PER_MSEC));
	i = ring.evtchn;
	err = xenbus_ring_free(&ring);
	ok(err == 0 && !ring.sring && port_closed(i),
	   "domU: ring_free: the ring's grant ends (no -EBUSY: blkback unmapped it), port %u closed (%d)", i, err);
	check_multipage(dev, order);
	xenbus_unregister_driver(&vbd_driver);
	ok(vbd.removes == 1 && xenbus_read_unsigned("device/vbd/" VBD_ID, "state", 0) == XenbusStateClosed,
	   "domU: unregister: remove ran once; our state stays Closed");
}

static void domu_tests(void)
{
	domid = (unsigned int)xenpv_domid();
	check_fake_devices();
	ok(xenbus_register_driver(&vif_driver) == 0 && never_probed == 0,
	   "domU: a vif driver (the domain has no vif) binds nothing and its probe never runs");
	xenbus_unregister_driver(&vif_driver);
	check_vbd();
}

static int test_xenbus(void)
{
	tap_plan(PLAN);
	check_common();
	if (xen_start_info->flags & SIF_INITDOMAIN)
		dom0_tests();
	else
		domu_tests();
	return tap_done();
}
XENPV_MODULE(test_xenbus, test_xenbus, NULL);
