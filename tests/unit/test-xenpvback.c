/*
 * libxenpvback's device logic against a fake xenstore, grant device and
 * event channel device: the handshake table, the parsing of frontend
 * values, the ring (requests in, responses out, notification
 * suppression, indices out of range), and whole device lives, good and
 * misbehaving, with every mapping and port given back.  The real test is
 * the skeleton's backend against a real domU (make check).
 */
#define __XEN_TOOLS__ 1                 /* the current Xen interface */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xenbus.h>
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#include <xen/io/ring.h>
#include "../../backend/lib/internal.h"
#include "unit-tap.h"

struct t_req { uint32_t id, value; };
struct t_rsp { uint32_t id; int32_t value; };
DEFINE_RING_TYPES(t, struct t_req, struct t_rsp);

/* ---- the fake ---------------------------------------------------------- */
#define MAX_NODES 64
static struct { char path[200], value[64]; } nodes[MAX_NODES];
static int nr_watches, nr_maps, nr_binds, notifies, alive = 1;
static char pages[4][4096];     /* what refs 10..13 grant */

static int find(const char *path)
{
	int i;

	for (i = 0; i < MAX_NODES; i++)
		if (nodes[i].path[0] && strcmp(nodes[i].path, path) == 0)
			return i;
	return -1;
}

static void set(const char *path, const char *value)
{
	int i = find(path);

	for (int j = 0; i < 0 && j < MAX_NODES; j++)
		if (!nodes[j].path[0])
			i = j;
	snprintf(nodes[i].path, sizeof(nodes[i].path), "%s", path);
	snprintf(nodes[i].value, sizeof(nodes[i].value), "%s", value);
}

static const char *get(const char *path)
{
	int i = find(path);

	return i < 0 ? NULL : nodes[i].value;
}

static char *f_read(void *h, const char *path)
{
	const char *v = get(path);

	(void)h;
	if (!v) {
		errno = ENOENT;
		return NULL;
	}
	return strdup(v);
}

static int f_write(void *h, const char *path, const char *value) { (void)h; set(path, value); return 0; }
static int f_watch(void *h, const char *p, const char *t) { (void)h; (void)p; (void)t; nr_watches++; return 0; }
static int f_unwatch(void *h, const char *p, const char *t) { (void)h; (void)p; (void)t; nr_watches--; return 0; }
static char **f_list(void *h, const char *path, unsigned int *n) { (void)h; (void)path; *n = 0; return NULL; }
static int f_alive(void *h, unsigned int domid) { (void)h; (void)domid; return alive; }

static void *f_map(void *h, unsigned int domid, unsigned int n, const uint32_t *refs, int writable)
{
	(void)h; (void)domid; (void)writable;
	/* Refs 10..13, in order, are granted; anything else is not ours. */
	for (unsigned int i = 0; i < n; i++)
		if (refs[i] != 10 + i || n > 4) {
			errno = EPERM;
			return NULL;
		}
	nr_maps += n;
	return pages;
}

static int f_unmap(void *h, void *addr, unsigned int n) { (void)h; (void)addr; nr_maps -= n; return 0; }

static int f_bind(void *h, unsigned int domid, unsigned int port)
{
	(void)h; (void)domid;
	if (port != 7)
		return -EINVAL;
	nr_binds++;
	return 40;
}

static int f_unbind(void *h, unsigned int port) { (void)h; (void)port; nr_binds--; return 0; }
static int f_notify(void *h, unsigned int port) { (void)h; (void)port; notifies++; return 0; }

static const struct xpvb_env fake = {
	.read = f_read, .write = f_write, .watch = f_watch, .unwatch = f_unwatch, .list = f_list,
	.domain_alive = f_alive, .map = f_map, .unmap = f_unmap, .bind = f_bind, .unbind = f_unbind,
	.notify = f_notify,
};

static char last_log[512];
static void logger(void *arg, enum xpvb_log_level level, const char *msg)
{
	(void)arg; (void)level;
	snprintf(last_log, sizeof(last_log), "%s", msg);
}

/* The driver: answers value + 1; a value of 666 is a frontend's fault,
 * which the driver closes itself; 667 one it only returns.  A frontend
 * with a "refuse" node is refused at connect, by the driver itself. */
static int connects, disconnects;
static int d_connect(struct xpvb_device *dev)
{
	unsigned long v;

	connects++;
	if (xpvb_device_read_ulong(dev, "refuse", 1, &v) == 0)
		return xpvb_device_fail(dev, -EINVAL, "refused: the frontend asked to be");
	return 0;
}
static void d_disconnect(struct xpvb_device *dev) { (void)dev; disconnects++; }
static int d_request(struct xpvb_device *dev, const void *r, void *s)
{
	const struct t_req *req = r;
	struct t_rsp *rsp = s;

	if (req->value == 666)
		return xpvb_device_fail(dev, -EINVAL, "request %u has the value 666", req->id);
	if (req->value == 667)
		return -EPROTO;
	rsp->id = req->id;
	rsp->value = (int32_t)req->value + 1;
	return 0;
}

static const struct xpvb_driver drv = {
	.type = "test", XPVB_RING_SIZES(t), .max_ring_order = 2,
	.connect = d_connect, .request = d_request, .disconnect = d_disconnect,
};

#define FE "/local/domain/5/device/test/0"
#define BE "backend/test/5/0"

static int be_state(void)
{
	const char *s = get(BE "/state");

	return s ? atoi(s) : -1;
}

static struct xpvb xb = { .env = &fake, .log = logger };
static t_front_ring_t front;

/* A fresh device whose frontend has published refs and port. */
static struct xpvb_device *fresh(const char *order, const char *ref0)
{
	struct xpvb_device *dev = NULL;

	memset(nodes, 0, sizeof(nodes));
	memset(pages, 0, sizeof(pages));
	set(BE "/frontend", FE);
	set(BE "/frontend-id", "5");
	set(FE "/state", "1");
	xpvb_device_add(&xb, &drv, 5, 0, &dev);
	SHARED_RING_INIT((struct t_sring *)pages);
	FRONT_RING_INIT(&front, (struct t_sring *)pages, order ? 4096 << atoi(order) : 4096);
	if (order) {
		char node[64], ref[8];

		set(FE "/ring-page-order", order);
		for (int i = 0; i < 1 << atoi(order); i++) {
			snprintf(node, sizeof(node), FE "/ring-ref%d", i);
			snprintf(ref, sizeof(ref), "%d", i == 0 && ref0 ? atoi(ref0) : 10 + i);
			set(node, ref);
		}
	} else {
		set(FE "/ring-ref", ref0 ? ref0 : "10");
	}
	set(FE "/event-channel", "7");
	return dev;
}

static void send(uint32_t id, uint32_t value)
{
	struct t_req *r = RING_GET_REQUEST(&front, front.req_prod_pvt);
	int notify;

	r->id = id;
	r->value = value;
	front.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
	(void)notify;
}

static void test_handshake(void)
{
	static const struct {
		int backend;
		long frontend;
		enum xpvb_action want;
		const char *what;
	} cases[] = {
		{ XenbusStateInitWait, XenbusStateInitialised, XPVB_CONNECT, "InitWait + frontend Initialised: connect" },
		{ XenbusStateInitWait, XenbusStateConnected, XPVB_CONNECT,
		  "InitWait + frontend Connected (Initialised skipped): connect" },
		{ XenbusStateConnected, XenbusStateConnected, XPVB_NOTHING, "Connected + Connected: nothing (no second mapping)" },
		{ XenbusStateInitWait, XenbusStateInitialising, XPVB_NOTHING, "InitWait + Initialising: wait" },
		{ XenbusStateConnected, XenbusStateClosing, XPVB_CLOSING, "Connected + Closing: close" },
		{ XenbusStateClosing, XenbusStateClosing, XPVB_NOTHING, "Closing + Closing: nothing" },
		{ XenbusStateConnected, XenbusStateClosed, XPVB_CLOSED, "Connected + Closed (Closing skipped): closed" },
		{ XenbusStateClosed, XenbusStateInitialising, XPVB_REOPEN,
		  "Closed + Initialising: the frontend starts again, InitWait" },
		{ XenbusStateInitWait, 42, XPVB_BAD_STATE, "a state above the XenbusStates is a fault" },
		{ XenbusStateInitWait, -1, XPVB_BAD_STATE, "a negative state is a fault" },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		UNIT_OK(xpvb_handshake(cases[i].backend, cases[i].frontend) == cases[i].want, "%s", cases[i].what);
}

static void test_parse(void)
{
	unsigned long v = 99;

	UNIT_OK(xpvb_parse_ulong("4000", 5000, &v) == 0 && v == 4000, "4000 parses");
	UNIT_OK(xpvb_parse_ulong("banana", 5000, &v) == -EINVAL && xpvb_parse_ulong("", 5, &v) == -EINVAL &&
		xpvb_parse_ulong("-1", 5, &v) == -EINVAL && xpvb_parse_ulong(" 1", 5, &v) == -EINVAL &&
		xpvb_parse_ulong("1x", 5, &v) == -EINVAL && xpvb_parse_ulong("6", 5, &v) == -EINVAL &&
		xpvb_parse_ulong("99999999999999999999999", ~0UL, &v) == -EINVAL,
		"not numbers, signs, spaces, trailing bytes, over the limit and overflow refused");
}

static void test_ring(void)
{
	struct xpvb_ring r;

	UNIT_OK(xpvb_ring_init(&r, pages, 4096, sizeof(union t_sring_entry), sizeof(struct t_req),
			       sizeof(struct t_rsp)) == 0 && r.size == __CONST_RING_SIZE(t, 4096),
		"a page holds the entries ring.h says (%u)", r.size);
	UNIT_OK(xpvb_ring_init(&r, pages, 4096 * 4, sizeof(union t_sring_entry), sizeof(struct t_req),
			       sizeof(struct t_rsp)) == 0 && r.size == __CONST_RING_SIZE(t, 4096 * 4),
		"four pages: %u entries", r.size);
	UNIT_OK(xpvb_ring_init(&r, pages, 4096, 4, 8, 8) == -EINVAL && xpvb_ring_init(&r, pages, 64, 8, 8, 8) == -EINVAL,
		"an entry smaller than its request, or no room for one entry, refused");
}

static void test_device_life(void)
{
	struct xpvb_device *dev = fresh(NULL, NULL);
	struct xpvb_counts c;
	int got = 1;

	UNIT_OK(dev && be_state() == XenbusStateInitWait && get(BE "/max-ring-page-order") &&
		strcmp(get(BE "/max-ring-page-order"), "2") == 0 && nr_watches == 1,
		"a new device: InitWait, max-ring-page-order 2 offered, the frontend's state watched");
	xpvb_device_changed(dev);
	UNIT_OK(be_state() == XenbusStateInitWait && nr_maps == 0, "frontend Initialising: still InitWait");
	set(FE "/state", "3");
	xpvb_device_changed(dev);
	UNIT_OK(be_state() == XenbusStateConnected && nr_maps == 1 && nr_binds == 1 && connects == 1 &&
		xpvb_device_ring_size(dev) == RING_SIZE(&front),
		"frontend Initialised: one page mapped, the port bound, the driver connected, Connected");
	for (uint32_t i = 0; i < 3; i++)
		send(i, 100 * i);
	notifies = 0;
	xpvb_device_event(dev);
	for (uint32_t i = 0; i < 3; i++) {
		struct t_rsp *rsp = RING_GET_RESPONSE(&front, front.rsp_cons);

		got &= rsp->id == i && rsp->value == (int32_t)(100 * i + 1);
		front.rsp_cons++;
	}
	UNIT_OK(got && front.sring->rsp_prod == 3 && notifies == 1,
		"three requests, three responses in order, one notification");
	/* The frontend is not waiting (rsp_event behind): no notification. */
	front.sring->rsp_event = front.rsp_cons + 100;
	send(3, 1);
	xpvb_device_event(dev);
	UNIT_OK(front.sring->rsp_prod == 4 && notifies == 1, "a frontend that did not ask is not notified");
	UNIT_OK(front.sring->req_event == 5, "and the next request will raise an event (req_event %u)",
		front.sring->req_event);
	set(FE "/state", "5");
	xpvb_device_changed(dev);
	UNIT_OK(be_state() == XenbusStateClosing && nr_maps == 0 && nr_binds == 0 && disconnects == 1,
		"frontend Closing: unmapped, unbound, the driver told, Closing");
	set(FE "/state", "6");
	xpvb_device_changed(dev);
	UNIT_OK(be_state() == XenbusStateClosed, "frontend Closed: Closed");
	set(FE "/state", "1");
	xpvb_device_changed(dev);
	UNIT_OK(be_state() == XenbusStateInitWait, "frontend Initialising again: InitWait again");
	xpvb_device_remove(dev, 1);
	xpvb_get_counts(&xb, &c);
	UNIT_OK(c.devices == 0 && c.mapped_pages == 0 && c.bound_ports == 0 && c.connected == 0 && c.requests == 4 &&
		nr_watches == 0, "removed: nothing mapped, bound or watched; 4 requests counted");
}

/* A misbehaving frontend gets its device closed, logged, and nothing kept. */
static void bad(const char *what, const char *expect, struct xpvb_device *dev, void (*poke)(struct xpvb_device *))
{
	struct xpvb_counts c;
	unsigned int faults = xb.counts.faults;

	last_log[0] = 0;
	poke(dev);
	xpvb_get_counts(&xb, &c);
	UNIT_OK(be_state() == XenbusStateClosed && c.mapped_pages == 0 && c.bound_ports == 0 &&
		c.faults == faults + 1 && strstr(last_log, expect),
		"%s: Closed, nothing mapped or bound, logged (\"%s\")", what, last_log);
	xpvb_device_remove(dev, 1);
}

static void go_initialised(struct xpvb_device *dev) { set(FE "/state", "3"); xpvb_device_changed(dev); }
static void overflow(struct xpvb_device *dev)
{
	go_initialised(dev);
	front.sring->req_prod = 1000;   /* more than a ring ahead */
	xpvb_device_event(dev);
}
static void backwards(struct xpvb_device *dev)
{
	go_initialised(dev);
	send(1, 1);
	xpvb_device_event(dev);
	front.sring->req_prod = 0;      /* behind what we answered */
	xpvb_device_event(dev);
}
static void refused_request(struct xpvb_device *dev)
{
	go_initialised(dev);
	send(1, 666);
	xpvb_device_event(dev);
}
static void returned_error(struct xpvb_device *dev)
{
	go_initialised(dev);
	send(1, 667);
	xpvb_device_event(dev);
}
static void refused_connect(struct xpvb_device *dev) { set(FE "/refuse", "1"); go_initialised(dev); }
static void bad_state(struct xpvb_device *dev) { set(FE "/state", "banana"); xpvb_device_changed(dev); }

static void test_misbehaving(void)
{
	struct xpvb_device *dev;

	dev = fresh(NULL, "banana");
	bad("ring-ref 'banana'", "ring-ref is not a grant reference", dev, go_initialised);
	dev = fresh(NULL, "4000");
	bad("a ring-ref it did not grant", "cannot map its ring (ring-ref 4000", dev, go_initialised);
	dev = fresh("1", "4000");
	bad("two ring pages, the first not granted", "cannot map its ring (ring-ref0 4000, 2 pages", dev, go_initialised);
	dev = fresh("3", NULL);
	bad("ring-page-order 3, over the 2 offered", "ring-page-order is not a number up to the 2", dev, go_initialised);
	dev = fresh(NULL, NULL);
	set(FE "/event-channel", "8");
	bad("an event channel that is not its", "cannot bind its event-channel 8", dev, go_initialised);
	dev = fresh(NULL, NULL);
	set(FE "/event-channel", "-3");
	bad("event-channel -3", "event-channel is not a port number", dev, go_initialised);
	dev = fresh(NULL, NULL);
	bad("req_prod more than a ring ahead", "req_prod 1000 is more than a ring", dev, overflow);
	dev = fresh(NULL, NULL);
	bad("req_prod moved back", "req_prod 0 is more than a ring", dev, backwards);
	dev = fresh(NULL, NULL);
	bad("a request the driver refuses", "request 1 has the value 666", dev, refused_request);
	dev = fresh(NULL, NULL);
	bad("a request the driver only returns -EPROTO for", "the driver refused a request (Protocol error)", dev,
	    returned_error);
	dev = fresh(NULL, NULL);
	bad("a connect the driver refuses itself", "refused: the frontend asked to be", dev, refused_connect);
	dev = fresh(NULL, NULL);
	bad("a state that is not a number", "its state is 'banana'", dev, bad_state);

	dev = fresh("2", NULL);
	go_initialised(dev);
	UNIT_OK(be_state() == XenbusStateConnected && nr_maps == 4 && xpvb_device_ring_size(dev) == RING_SIZE(&front),
		"ring-page-order 2: four pages mapped, a ring of %u", xpvb_device_ring_size(dev));
	alive = 0;
	xpvb_reap(&xb);
	alive = 1;
	UNIT_OK(xb.devices == NULL && nr_maps == 0 && nr_binds == 0 && nr_watches == 0,
		"its domain dies: the device goes, nothing kept");
}

static void test_bad_toolstack(void)
{
	struct xpvb_device *dev = NULL;

	memset(nodes, 0, sizeof(nodes));
	set(BE "/frontend", "/local/domain/6/device/test/0");
	set(BE "/frontend-id", "5");
	UNIT_OK(xpvb_device_add(&xb, &drv, 5, 0, &dev) == -EINVAL && !xb.devices && strstr(last_log, "is not under"),
		"a backend directory whose frontend is another domain's is refused");
	set(BE "/frontend", FE);
	set(BE "/frontend-id", "6");
	UNIT_OK(xpvb_device_add(&xb, &drv, 5, 0, &dev) == -EINVAL && !xb.devices, "so is one whose frontend-id differs");
	{
		struct xpvb_driver d2 = drv;

		d2.entry_size = 4;
		UNIT_OK(xpvb_add_type(&xb, &d2) == -EINVAL, "a driver whose entry is smaller than its request is refused");
		d2 = drv;
		d2.type = "a/b";
		UNIT_OK(xpvb_add_type(&xb, &d2) == -EINVAL, "so is a type with a slash");
		UNIT_OK(xpvb_add_type(&xb, &drv) == 0 && xpvb_add_type(&xb, &drv) == -EEXIST,
			"a type registers once; twice is -EEXIST");
		xpvb_remove_all(&xb);
		UNIT_OK(nr_watches == 0 && !xb.types, "all removed, no watch left");
	}
}

int main(void)
{
	test_handshake();
	test_parse();
	test_ring();
	test_device_life();
	test_misbehaving();
	test_bad_toolstack();
	return UNIT_DONE();
}
