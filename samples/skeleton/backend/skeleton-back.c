/*
 * skeleton-back: the backend half of the skeleton split driver, a dom0
 * program: the toolstack's part on Xen's libxenstore, the backend on
 * libxenpvback (see src/skeleton-proto.h for the protocol).
 *
 *   skeleton-back create DOMID [DEVID]
 *       what a toolstack does for a device type xl does not know: the
 *       frontend's directory /local/domain/DOMID/device/skeleton/DEVID
 *       (backend, backend-id, state; owned by the domain, dom0 may read)
 *       and ours, /local/domain/0/backend/skeleton/DOMID/DEVID
 *       (frontend, frontend-id, state; the domain may read), written in
 *       one transaction.  Run it after 'xl create -p', before unpause:
 *       the guest's xenbus looks for devices once, at registration.
 *   skeleton-back serve [--timeout SEC] [--bad-id] [--devices N]
 *       the backend, on libxenpvback (xenpvback(3)): every skeleton
 *       device the toolstack makes is served (the handshake, the ring
 *       and the event channel are the library's; this file answers
 *       requests), each device's end logged as "skeleton-back: domain D
 *       device N: served K requests".  A misbehaving frontend gets its
 *       device closed and logged; the others are served on.  Exits once
 *       N devices (default 1) have come and gone, with a summary line.
 *       --bad-id answers the first request with a wrong id (to test
 *       the frontend's checks).
 *   skeleton-back destroy DOMID [DEVID]
 *       the toolstack's part once the domain is gone: both directories
 *       removed (the frontend's may be gone already).
 *
 * Exit status: 0 done; 1 a failure of the daemon itself, or not done
 * within --timeout (default 60 s); 2 usage.
 */
#define __XEN_TOOLS__ 1                 /* the current Xen interface */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xenstore.h>
#include <xen/io/xenbus.h>
#include <xenpvback/xenpvback.h>

/* io/ring.h's barriers: x86-64 orders loads and stores among themselves,
 * only a store then a load needs a fence. */
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#include "skeleton-proto.h"

#define PROG "skeleton-back"

/* ---- create, destroy: the toolstack's part, on libxenstore ------------- */

struct back {
	struct xs_handle *xs;
	unsigned int domid, devid;
	char fe[96], be[96];            /* the frontend's directory and ours */
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

/* ---- serve: the device logic, on libxenpvback ------------------------- */

static int bad_id;                      /* --bad-id, until used */

struct served {                         /* a connected device's own */
	unsigned long requests;
};

static int dev_connect(struct xpvb_device *dev)
{
	struct served *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	xpvb_device_set_priv(dev, s);
	return 0;
}

static void dev_disconnect(struct xpvb_device *dev)
{
	struct served *s = xpvb_device_priv(dev);

	printf(PROG ": domain %u device %u: served %lu requests\n", xpvb_device_domid(dev),
	       xpvb_device_id(dev), s ? s->requests : 0);
	free(s);
	xpvb_device_set_priv(dev, NULL);
}

static int dev_request(struct xpvb_device *dev, const void *r, void *p)
{
	const struct skeleton_request *req = r;
	struct skeleton_response *rsp = p;
	struct served *s = xpvb_device_priv(dev);
	unsigned int i;

	rsp->id = req->id;
	if (bad_id) {
		rsp->id ^= 0x5a5a;      /* an id the frontend never issued */
		bad_id = 0;
	}
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
	s->requests++;
	return 0;
}

static const struct xpvb_driver skeleton_driver = {
	.type = SKELETON_DEVICE_TYPE,
	XPVB_RING_SIZES(skeleton),
	.max_ring_order = SKELETON_RING_ORDER,
	.connect = dev_connect,
	.request = dev_request,
	.disconnect = dev_disconnect,
};

static void log_line(void *arg, enum xpvb_log_level level, const char *msg)
{
	(void)arg;
	fprintf(level == XPVB_LOG_ERROR ? stderr : stdout, PROG ": %s\n", msg);
}

/* Every skeleton device, until `devices' of them have come and gone. */
static int serve(unsigned int devices, int timeout_s)
{
	time_t deadline = time(NULL) + timeout_s;
	struct xpvb_counts c;
	struct xpvb *xb;
	int rc;

	if ((rc = xpvb_open(&xb)) < 0) {
		fprintf(stderr, PROG ": %s\n", strerror(-rc));
		return -1;
	}
	xpvb_set_log(xb, log_line, NULL);
	if ((rc = xpvb_register(xb, &skeleton_driver)) < 0)
		fprintf(stderr, PROG ": cannot serve %s devices: %s\n", SKELETON_DEVICE_TYPE, strerror(-rc));
	for (xpvb_get_counts(xb, &c); rc >= 0 && c.removed < devices; xpvb_get_counts(xb, &c)) {
		if (time(NULL) >= deadline) {
			fprintf(stderr, PROG ": %u of %u devices gone within %d s\n", c.removed, devices, timeout_s);
			rc = -ETIMEDOUT;
			break;
		}
		rc = xpvb_run(xb, 1000);
		if (rc < 0)
			fprintf(stderr, PROG ": %s\n", strerror(-rc));
	}
	xpvb_get_counts(xb, &c);
	printf(PROG ": served %lu requests (%lu notifications) on %u devices, %u closed for faults; "
	       "%u pages mapped, %u ports bound\n", c.requests, c.notifications, c.removed, c.faults,
	       c.mapped_pages, c.bound_ports);
	xpvb_close(xb);
	return rc < 0 ? -1 : 0;
}

static int usage(const char *why)
{
	fprintf(stderr, PROG ": %s\nUsage: " PROG " create DOMID [DEVID]\n"
		"       " PROG " serve [--timeout SEC] [--bad-id] [--devices N]\n"
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
	struct back b = { .devid = 0 };
	unsigned int timeout_s = 60, devices = 1;
	const char *cmd = argc > 1 ? argv[1] : "";
	int i = 2, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(cmd, "create") && strcmp(cmd, "serve") && strcmp(cmd, "destroy"))
		return usage("give 'create', 'serve' or 'destroy'");
	if (!strcmp(cmd, "serve")) {
		for (; i < argc; i++) {
			if (!strcmp(argv[i], "--bad-id"))
				bad_id = 1;
			else if (!strcmp(argv[i], "--timeout") && i + 1 < argc &&
				 !parse(argv[i + 1], 86400, &timeout_s) && timeout_s > 0)
				i++;
			else if (!strcmp(argv[i], "--devices") && i + 1 < argc &&
				 !parse(argv[i + 1], 1000, &devices) && devices > 0)
				i++;
			else
				return usage("serve takes --timeout (1 to 86400 seconds), --devices (1 to 1000) "
					     "and --bad-id");
		}
		return serve(devices, (int)timeout_s) ? 1 : 0;
	}
	if (i >= argc || argc - i > 2 || parse(argv[i], 0x7fef, &b.domid) || b.domid == 0 ||
	    (argc - i == 2 && parse(argv[i + 1], 0xffff, &b.devid)))
		return usage("give the guest's domain id (1 to 32751) and, optionally, a device id");
	snprintf(b.fe, sizeof(b.fe), "/local/domain/%u/device/%s/%u", b.domid, SKELETON_DEVICE_TYPE, b.devid);
	snprintf(b.be, sizeof(b.be), "/local/domain/0/backend/%s/%u/%u", SKELETON_DEVICE_TYPE, b.domid, b.devid);
	b.xs = xs_open(0);
	if (!b.xs) {
		fault(&b, "cannot open xenstore: %s", strerror(errno));
		return 1;
	}
	rc = !strcmp(cmd, "create") ? create(&b) : destroy(&b);
	xs_close(b.xs);                 /* returns nothing */
	return rc ? 1 : 0;
}
