/*
 * skeleton-back: the backend half of the skeleton split driver, a dom0
 * program on Xen's libxenstore, libxengnttab and libxenevtchn (see
 * src/skeleton-proto.h for the protocol).
 *
 *   skeleton-back create DOMID [DEVID]
 *       what a toolstack does for a device type xl does not know: the
 *       frontend's directory /local/domain/DOMID/device/skeleton/DEVID
 *       (backend, backend-id, state; owned by the domain, dom0 may read)
 *       and ours, /local/domain/0/backend/skeleton/DOMID/DEVID
 *       (frontend, frontend-id, state; the domain may read), written in
 *       one transaction.  Run it after 'xl create -p', before unpause:
 *       the guest's xenbus looks for devices once, at registration.
 *   skeleton-back serve [--timeout SEC] [--bad-id] DOMID [DEVID]
 *       the backend: InitWait; once the frontend is Initialised, map its
 *       ring-ref, bind its event-channel, Connected; answer requests
 *       (notifications suppressed as io/ring.h provides); at its
 *       Closing unmap, unbind, Closing; at its Closed, Closed, and exit
 *       with "skeleton-back: domain D: served N requests".
 *       --bad-id answers the first request with a wrong id (to test
 *       the frontend's checks).
 *   skeleton-back destroy DOMID [DEVID]
 *       the toolstack's part once the domain is gone: both directories
 *       removed (the frontend's may be gone already).
 *
 * Every value the frontend writes is checked.  Exit status: 0 the
 * frontend closed cleanly; 1 a fault (named on stderr; our state goes
 * Closed), or nothing happened within --timeout (default 60 s); 2 usage.
 */
#define __XEN_TOOLS__ 1                 /* the current Xen interface */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>
#include <xen/io/xenbus.h>

/* io/ring.h's barriers: x86-64 orders loads and stores among themselves,
 * only a store then a load needs a fence. */
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#include "skeleton-proto.h"

#define PROG "skeleton-back"

struct back {
	struct xs_handle *xs;
	xengnttab_handle *gt;
	xenevtchn_handle *xce;
	unsigned int domid, devid;
	char fe[96], be[96];            /* the frontend's directory and ours */
	void *page;                     /* the ring, mapped */
	skeleton_back_ring_t ring;
	int port;                       /* ours, bound to the frontend's; -1 none */
	enum xenbus_state state;        /* ours */
	int bad_id;                     /* --bad-id, until used */
	unsigned long served, notified;
};

/* Report a fault and return -1. */
static int fault(const struct back *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fault(const struct back *b, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": domain %u: ", b->domid);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* dir/node = the formatted value: 0, or -1 with errno set. */
static int write_node(struct back *b, xs_transaction_t t, const char *dir, const char *node,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int write_node(struct back *b, xs_transaction_t t, const char *dir, const char *node,
		      const char *fmt, ...)
{
	char path[160], val[96];
	va_list ap;

	snprintf(path, sizeof(path), "%s/%s", dir, node);
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	return xs_write(b->xs, t, path, val, strlen(val)) ? 0 : -1;
}

/* dir/node as a number no greater than max: 0, or -1 (reported). */
static int read_number(struct back *b, const char *dir, const char *node, unsigned long max,
		       unsigned long *val)
{
	char path[160], *s, *end;
	unsigned int len;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, node);
	s = xs_read(b->xs, XBT_NULL, path, &len);
	if (!s)
		return fault(b, "cannot read %s: %s", path, strerror(errno));
	errno = 0;
	*val = strtoul(s, &end, 10);
	if (len == 0 || end != s + len || s[0] < '0' || s[0] > '9' || errno || *val > max)
		rc = fault(b, "%s is '%.20s', not a number up to %lu", path, s, max);
	free(s);
	return rc;
}

static int switch_state(struct back *b, enum xenbus_state s)
{
	if (write_node(b, XBT_NULL, b->be, "state", "%d", (int)s))
		return fault(b, "cannot write our state %d: %s", (int)s, strerror(errno));
	b->state = s;
	return 0;
}

/* The two directories, as the toolstack writes them, in transaction
 * t: 0, or -1 with errno set. */
static int create_nodes(struct back *b, xs_transaction_t t)
{
	struct xs_permissions fe_perms[2] = { { b->domid, XS_PERM_NONE }, { 0, XS_PERM_READ } };
	struct xs_permissions be_perms[2] = { { 0, XS_PERM_NONE }, { b->domid, XS_PERM_READ } };

	xs_rm(b->xs, t, b->fe);          /* what an earlier run left, if anything */
	xs_rm(b->xs, t, b->be);
	/* Permissions first: the nodes written below inherit them. */
	if (!xs_mkdir(b->xs, t, b->fe) || !xs_set_permissions(b->xs, t, b->fe, fe_perms, 2) ||
	    !xs_mkdir(b->xs, t, b->be) || !xs_set_permissions(b->xs, t, b->be, be_perms, 2))
		return -1;
	return write_node(b, t, b->fe, "backend", "%s", b->be) ||
	       write_node(b, t, b->fe, "backend-id", "0") ||
	       write_node(b, t, b->fe, "state", "%d", XenbusStateInitialising) ||
	       write_node(b, t, b->be, "frontend", "%s", b->fe) ||
	       write_node(b, t, b->be, "frontend-id", "%u", b->domid) ||
	       write_node(b, t, b->be, "state", "%d", XenbusStateInitialising) ? -1 : 0;
}

/* create_nodes in a transaction, redone while it races (EAGAIN). */
static int create(struct back *b)
{
	xs_transaction_t t;
	int tries, err, saved;

	for (tries = 0; tries < 10; tries++) {
		t = xs_transaction_start(b->xs);
		if (t == XBT_NULL)
			return fault(b, "cannot start a xenstore transaction: %s", strerror(errno));
		err = create_nodes(b, t);
		if (!err && xs_transaction_end(b->xs, t, false)) {
			printf(PROG ": domain %u: created %s and %s\n", b->domid, b->fe, b->be);
			return 0;
		}
		if (err) {
			saved = errno;
			xs_transaction_end(b->xs, t, true);
			errno = saved;
		}
		if (errno != EAGAIN)
			return fault(b, "cannot create %s and %s: %s", b->fe, b->be, strerror(errno));
	}
	return fault(b, "the xenstore transaction kept racing with others (EAGAIN)");
}

/* What xl does for the devices it knows when a domain goes. */
static int destroy(struct back *b)
{
	if (!xs_rm(b->xs, XBT_NULL, b->be) && errno != ENOENT)
		return fault(b, "cannot remove %s: %s", b->be, strerror(errno));
	if (!xs_rm(b->xs, XBT_NULL, b->fe) && errno != ENOENT)
		return fault(b, "cannot remove %s: %s", b->fe, strerror(errno));
	return 0;
}

/* Map the frontend's ring, bind its event channel, go Connected. */
static int connect(struct back *b)
{
	unsigned long ref, evtchn;

	if (read_number(b, b->fe, "ring-ref", UINT32_MAX, &ref) ||
	    read_number(b, b->fe, "event-channel", INT_MAX, &evtchn))
		return -1;
	b->page = xengnttab_map_grant_ref(b->gt, b->domid, (uint32_t)ref, PROT_READ | PROT_WRITE);
	if (!b->page)
		return fault(b, "cannot map the frontend's ring-ref %lu: %s", ref, strerror(errno));
	BACK_RING_INIT(&b->ring, (struct skeleton_sring *)b->page, 4096);
	b->port = xenevtchn_bind_interdomain(b->xce, b->domid, (evtchn_port_t)evtchn);
	if (b->port < 0)
		return fault(b, "cannot bind the frontend's event-channel %lu: %s", evtchn, strerror(errno));
	if (switch_state(b, XenbusStateConnected))
		return -1;
	printf(PROG ": domain %u: connected: ring-ref %lu (%u requests), event-channel %lu\n",
	       b->domid, ref, RING_SIZE(&b->ring), evtchn);
	return 0;
}

static int disconnect(struct back *b)
{
	int rc = 0;

	if (b->port >= 0 && xenevtchn_unbind(b->xce, (evtchn_port_t)b->port) < 0)
		rc = fault(b, "cannot unbind port %d: %s", b->port, strerror(errno));
	b->port = -1;
	if (b->page && xengnttab_unmap(b->gt, b->page, 1) < 0)
		rc = fault(b, "cannot unmap the ring: %s", strerror(errno));
	b->page = NULL;
	return rc;
}

static void answer(struct back *b, const struct skeleton_request *req, struct skeleton_response *rsp)
{
	unsigned int i;

	rsp->id = req->id;
	if (b->bad_id) {
		rsp->id ^= 0x5a5a;      /* an id the frontend never issued */
		b->bad_id = 0;
	}
	rsp->len = 0;
	if (req->len == 0 || req->len > SKELETON_MAX_DATA) {
		rsp->status = SKELETON_STATUS_BADLEN;
	} else if (req->op == SKELETON_OP_REVERSE) {
		for (i = 0; i < req->len; i++)
			rsp->data[i] = req->data[req->len - 1 - i];
		rsp->len = req->len;
		rsp->status = SKELETON_STATUS_OK;
	} else {
		rsp->status = SKELETON_STATUS_BADOP;
	}
}

/* Every request on the ring, each copied once before it is looked at;
 * one notification for a burst, none when the frontend is not waiting. */
static int serve_ring(struct back *b)
{
	struct skeleton_request req;
	RING_IDX prod;
	int notify, more;

	do {
		prod = b->ring.sring->req_prod;
		xen_rmb();              /* the requests after the index that covers them */
		if (RING_REQUEST_PROD_OVERFLOW(&b->ring, prod))
			return fault(b, "frontend's req_prod %u is more than a ring (%u) past our responses (%u)",
				     prod, RING_SIZE(&b->ring), b->ring.rsp_prod_pvt);
		while (b->ring.req_cons != prod) {
			RING_COPY_REQUEST(&b->ring, b->ring.req_cons, &req);
			b->ring.req_cons++;
			answer(b, &req, RING_GET_RESPONSE(&b->ring, b->ring.rsp_prod_pvt));
			b->ring.rsp_prod_pvt++;
			b->served++;
		}
		RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->ring, notify);
		if (notify) {
			if (xenevtchn_notify(b->xce, (evtchn_port_t)b->port) < 0)
				return fault(b, "cannot notify port %d: %s", b->port, strerror(errno));
			b->notified++;
		}
		RING_FINAL_CHECK_FOR_REQUESTS(&b->ring, more);
	} while (more);
	return 0;
}

/* Follow the frontend's state: 1 once it is Closed, 0 to go on, -1. */
static int frontend_changed(struct back *b)
{
	char path[160], *s;
	unsigned int len;
	long st;

	snprintf(path, sizeof(path), "%s/state", b->fe);
	s = xs_read(b->xs, XBT_NULL, path, &len);
	if (!s)
		return fault(b, "the frontend's %s is gone (%s): the domain went without closing",
			     path, strerror(errno));
	st = strtol(s, NULL, 10);
	free(s);
	switch (st) {
	case XenbusStateInitialised:
	case XenbusStateConnected:
		return b->state == XenbusStateInitWait ? connect(b) : 0;
	case XenbusStateClosing:
		if (b->state == XenbusStateClosing)
			return 0;
		return disconnect(b) || switch_state(b, XenbusStateClosing) ? -1 : 0;
	case XenbusStateClosed:
		return disconnect(b) || switch_state(b, XenbusStateClosed) ? -1 : 1;
	}
	return 0;
}

static int serve(struct back *b, int timeout_s)
{
	time_t deadline = time(NULL) + timeout_s;
	struct pollfd fds[2];
	char path[160], **w;
	int rc, port;

	b->gt = xengnttab_open(NULL, 0);
	b->xce = xenevtchn_open(NULL, 0);
	if (!b->gt || !b->xce)
		return fault(b, "cannot open %s: %s", b->gt ? "the event channel device" : "the grant device",
			     strerror(errno));
	if (switch_state(b, XenbusStateInitWait))
		return -1;
	/* The watch fires once at once: the first look at the state. */
	snprintf(path, sizeof(path), "%s/state", b->fe);
	rc = xs_watch(b->xs, path, "fe") ? 0 : fault(b, "cannot watch %s: %s", path, strerror(errno));
	fds[0] = (struct pollfd){ .fd = xs_fileno(b->xs), .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = xenevtchn_fd(b->xce), .events = POLLIN };
	while (rc == 0) {
		if (time(NULL) >= deadline) {
			rc = fault(b, "the frontend did not close within %d s (our state %s)", timeout_s,
				   b->state == XenbusStateConnected ? "Connected" : "not Connected");
			break;
		}
		if (poll(fds, 2, 1000) < 0 && errno != EINTR) {
			rc = fault(b, "poll: %s", strerror(errno));
			break;
		}
		if (fds[1].revents & POLLIN) {
			port = xenevtchn_pending(b->xce);
			if (port < 0 || xenevtchn_unmask(b->xce, (evtchn_port_t)port) < 0)
				rc = fault(b, "cannot take the pending event: %s", strerror(errno));
			else if (port == b->port)
				rc = serve_ring(b);
		}
		if (rc == 0 && (fds[0].revents & POLLIN)) {
			while ((w = xs_check_watch(b->xs)) != NULL)
				free(w);        /* one token: the frontend's state */
			rc = errno == EAGAIN ? frontend_changed(b) :
				fault(b, "cannot read a watch event: %s", strerror(errno));
		}
	}
	if (rc < 0) {
		disconnect(b);
		switch_state(b, XenbusStateClosed);
	}
	printf(PROG ": domain %u: served %lu requests (%lu notifications)\n", b->domid, b->served, b->notified);
	return rc < 0 ? -1 : 0;
}

static int usage(const char *why)
{
	fprintf(stderr, PROG ": %s\nUsage: " PROG " create DOMID [DEVID]\n"
		"       " PROG " serve [--timeout SEC] [--bad-id] DOMID [DEVID]\n"
		"       " PROG " destroy DOMID [DEVID]\n", why);
	return 2;
}

/* A whole number from argv, up to max: 0, or -1. */
static int parse(const char *s, unsigned long max, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || s[0] < '0' || s[0] > '9' || errno || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

int main(int argc, char **argv)
{
	struct back b = { .port = -1 };
	unsigned int timeout_s = 60;
	const char *cmd = argc > 1 ? argv[1] : "";
	int i = 2, rc;

	if (strcmp(cmd, "create") && strcmp(cmd, "serve") && strcmp(cmd, "destroy"))
		return usage("give 'create', 'serve' or 'destroy'");
	for (; i < argc && argv[i][0] == '-' && !strcmp(cmd, "serve"); i++) {
		if (!strcmp(argv[i], "--bad-id"))
			b.bad_id = 1;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc && !parse(argv[i + 1], 86400, &timeout_s) &&
			 timeout_s > 0)
			i++;
		else
			return usage("--timeout wants 1 to 86400 seconds; the only other option is --bad-id");
	}
	if (i >= argc || argc - i > 2 || parse(argv[i], 0x7fef, &b.domid) || b.domid == 0 ||
	    (argc - i == 2 && parse(argv[i + 1], 0xffff, &b.devid)))
		return usage("give the guest's domain id (1 to 32751) and, optionally, a device id");
	snprintf(b.fe, sizeof(b.fe), "/local/domain/%u/device/%s/%u", b.domid, SKELETON_DEVICE_TYPE, b.devid);
	snprintf(b.be, sizeof(b.be), "/local/domain/0/backend/%s/%u/%u", SKELETON_DEVICE_TYPE, b.domid, b.devid);
	setvbuf(stdout, NULL, _IOLBF, 0);
	b.xs = xs_open(0);
	if (!b.xs) {
		fault(&b, "cannot open xenstore: %s", strerror(errno));
		return 1;
	}
	if (!strcmp(cmd, "create"))
		rc = create(&b);
	else if (!strcmp(cmd, "destroy"))
		rc = destroy(&b);
	else
		rc = serve(&b, (int)timeout_s);
	if (b.xce && xenevtchn_close(b.xce) < 0)
		rc = fault(&b, "cannot close the event channel device: %s", strerror(errno));
	if (b.gt && xengnttab_close(b.gt) < 0)
		rc = fault(&b, "cannot close the grant device: %s", strerror(errno));
	xs_close(b.xs);                 /* returns nothing */
	return rc ? 1 : 0;
}
