/*
 * One device's life, from the backend's side: InitWait when the
 * toolstack's directory appears; Connected once the frontend has
 * published its ring and event channel and both are mapped and bound;
 * Closing and Closed as the frontend goes; gone with its directory or
 * its domain.  Any fault of the frontend's closes this device alone.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xenbus.h>
#include "internal.h"

#define RING_BUDGET 256         /* requests per device per round: others get a turn */

void xpvb_log(struct xpvb *xb, enum xpvb_log_level level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (xb->log)
		xb->log(xb->log_arg, level, msg);
	else
		fprintf(stderr, "xenpvback: %s\n", msg);
}

char *xpvb_read_node(struct xpvb *xb, const char *dir, const char *node)
{
	char path[XPVB_PATH_MAX + 40];

	snprintf(path, sizeof(path), "%s/%s", dir, node);
	return xb->env->read(xb->h, path);
}

static int write_state(struct xpvb_device *dev, int state)
{
	char v[4];
	int rc;

	snprintf(v, sizeof(v), "%d", state);
	rc = xpvb_device_write(dev, "state", v);
	if (rc == 0)
		dev->state = state;
	return rc;
}

static void unmap_all(struct xpvb_device *dev)
{
	struct xpvb *xb = dev->xb;

	while (dev->maps)
		xpvb_unmap(dev, dev->maps->addr, dev->maps->n);
	if (dev->ring_pages) {
		if (xb->env->unmap(xb->h, dev->ring_pages, dev->ring_pages_n) < 0)
			xpvb_log(xb, XPVB_LOG_ERROR, "%s: cannot unmap the ring: %s", dev->be, strerror(errno));
		xb->counts.mapped_pages -= dev->ring_pages_n;
		dev->ring_pages = NULL;
	}
}

/* Back to nothing mapped and nothing bound; the driver is told first. */
static void disconnect(struct xpvb_device *dev)
{
	struct xpvb *xb = dev->xb;

	if (dev->connected) {
		if (dev->drv->disconnect)
			dev->drv->disconnect(dev);
		dev->connected = 0;
		xb->counts.connected--;
	}
	unmap_all(dev);
	if (dev->port >= 0) {
		if (xb->env->unbind(xb->h, (unsigned int)dev->port) < 0)
			xpvb_log(xb, XPVB_LOG_ERROR, "%s: cannot unbind port %d: %s", dev->be, dev->port,
				 strerror(errno));
		xb->counts.bound_ports--;
		dev->port = -1;
	}
	free(dev->reqbuf);
	dev->reqbuf = NULL;
	dev->more = 0;
}

int xpvb_device_fail(struct xpvb_device *dev, int err, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	xpvb_log(dev->xb, XPVB_LOG_ERROR, "domain %u device %s/%u: %s: closing the device", dev->domid,
		 dev->drv->type, dev->devid, msg);
	dev->xb->counts.faults++;
	disconnect(dev);
	write_state(dev, XenbusStateClosed);
	return err < 0 ? err : -EPROTO;
}

/* The frontend's ring references: ring-ref, or with ring-page-order N
 * (when we offered it) ring-ref0 .. ring-ref(2^N - 1). */
static int read_refs(struct xpvb_device *dev, uint32_t *refs, unsigned int *n)
{
	unsigned long order = 0, v;
	char node[24];
	unsigned int i;
	int rc;

	if (dev->drv->max_ring_order) {
		rc = xpvb_device_read_ulong(dev, "ring-page-order", dev->drv->max_ring_order, &order);
		if (rc == -EINVAL)
			return xpvb_device_fail(dev, rc, "ring-page-order is not a number up to the %u we offered",
						dev->drv->max_ring_order);
		if (rc)
			order = 0;      /* a one-page frontend */
	}
	*n = 1u << order;
	for (i = 0; i < *n; i++) {
		if (order)
			snprintf(node, sizeof(node), "ring-ref%u", i);
		else
			snprintf(node, sizeof(node), "ring-ref");
		rc = xpvb_device_read_ulong(dev, node, UINT32_MAX, &v);
		if (rc)
			return xpvb_device_fail(dev, rc, "%s is %s", node,
						rc == -ENOENT ? "missing" : "not a grant reference");
		refs[i] = (uint32_t)v;
	}
	return 0;
}

static int connect(struct xpvb_device *dev)
{
	struct xpvb *xb = dev->xb;
	const struct xpvb_driver *drv = dev->drv;
	uint32_t refs[1u << XPVB_MAX_RING_ORDER];
	unsigned long evtchn;
	unsigned int n = 0;
	int rc, port;

	if ((rc = read_refs(dev, refs, &n)))
		return rc;
	rc = xpvb_device_read_ulong(dev, "event-channel", UINT32_MAX, &evtchn);
	if (rc)
		return xpvb_device_fail(dev, rc, "event-channel is %s",
					rc == -ENOENT ? "missing" : "not a port number");
	dev->ring_pages = xb->env->map(xb->h, dev->domid, n, refs, 1);
	if (!dev->ring_pages)
		return xpvb_device_fail(dev, -errno, "cannot map its ring (ring-ref%s %u, %u page%s): %s",
					n > 1 ? "0" : "", refs[0], n, n > 1 ? "s" : "", strerror(errno));
	dev->ring_pages_n = n;
	xb->counts.mapped_pages += n;
	dev->reqbuf = malloc(drv->request_size);
	if (!dev->reqbuf)
		return xpvb_device_fail(dev, -ENOMEM, "no memory for a request");
	xpvb_ring_init(&dev->ring, dev->ring_pages, (size_t)n * XPVB_PAGE_SIZE, drv->entry_size,
		       drv->request_size, drv->response_size);
	port = xb->env->bind(xb->h, dev->domid, (unsigned int)evtchn);
	if (port < 0)
		return xpvb_device_fail(dev, port, "cannot bind its event-channel %lu: %s", evtchn,
					strerror(-port));
	dev->port = port;
	xb->counts.bound_ports++;
	if (drv->connect) {
		unsigned int faults = xb->counts.faults;

		rc = drv->connect(dev);
		if (rc < 0)     /* unless the driver closed it itself, with its reason */
			return xb->counts.faults != faults ? rc :
				xpvb_device_fail(dev, rc, "the driver refused to connect (%s)", strerror(-rc));
	}
	dev->connected = 1;
	xb->counts.connected++;
	if ((rc = write_state(dev, XenbusStateConnected)))
		return xpvb_device_fail(dev, rc, "cannot write our state Connected");
	xpvb_log(xb, XPVB_LOG_INFO, "domain %u device %s/%u: connected: %u ring page%s, %u requests, event-channel %lu",
		 dev->domid, drv->type, dev->devid, n, n > 1 ? "s" : "", dev->ring.size, evtchn);
	/* Requests sent before we bound the port raised no event of ours. */
	xpvb_device_event(dev);
	return 0;
}

void xpvb_device_changed(struct xpvb_device *dev)
{
	char *s = xpvb_read_node(dev->xb, dev->fe, "state");
	unsigned long st;

	if (!s) {
		if (!dev->xb->env->domain_alive(dev->xb->h, dev->domid))
			return;         /* xpvb_reap takes it */
		disconnect(dev);        /* the frontend's directory went */
		write_state(dev, XenbusStateClosed);
		return;
	}
	if (xpvb_parse_ulong(s, 255, &st)) {
		xpvb_device_fail(dev, -EINVAL, "its state is '%.16s', not a number", s);
		free(s);
		return;
	}
	free(s);
	switch (xpvb_handshake(dev->state, (long)st)) {
	case XPVB_NOTHING:
		break;
	case XPVB_CONNECT:
		connect(dev);
		break;
	case XPVB_CLOSING:
		disconnect(dev);
		write_state(dev, XenbusStateClosing);
		break;
	case XPVB_CLOSED:
		disconnect(dev);
		write_state(dev, XenbusStateClosed);
		break;
	case XPVB_REOPEN:
		write_state(dev, XenbusStateInitWait);
		break;
	case XPVB_BAD_STATE:
		xpvb_device_fail(dev, -EINVAL, "its state %lu is not a XenbusState", st);
		break;
	}
}

static int one_request(void *arg, const void *req, void *rsp)
{
	struct xpvb_device *dev = arg;
	int rc = dev->drv->request(dev, req, rsp);

	if (rc == 0)
		dev->xb->counts.requests++;
	else
		dev->driver_err = rc;
	return rc;
}

void xpvb_device_event(struct xpvb_device *dev)
{
	struct xpvb *xb = dev->xb;
	int n, notify, more;
	uint32_t prod;

	unsigned int faults = xb->counts.faults;

	if (!dev->connected)
		return;
	dev->driver_err = 0;
	n = xpvb_ring_serve(&dev->ring, one_request, dev, dev->reqbuf, RING_BUDGET, &notify, &more, &prod);
	if (n < 0) {
		if (xb->counts.faults != faults)
			return;         /* the driver closed it itself, with its reason */
		if (dev->driver_err)
			xpvb_device_fail(dev, n, "the driver refused a request (%s)", strerror(-n));
		else
			xpvb_device_fail(dev, n, "its req_prod %u is more than a ring (%u) past our responses (%u)",
					 prod, dev->ring.size, dev->ring.rsp_prod_pvt);
		return;
	}
	dev->more = more;
	if (notify) {
		if (xb->env->notify(xb->h, (unsigned int)dev->port) < 0)
			xpvb_device_fail(dev, -errno, "cannot notify port %d: %s", dev->port, strerror(errno));
		else
			xb->counts.notifications++;
	}
}

int xpvb_device_add(struct xpvb *xb, const struct xpvb_driver *drv, unsigned int domid,
		    unsigned int devid, struct xpvb_device **out)
{
	struct xpvb_device *dev = calloc(1, sizeof(*dev));
	char *fe, *id, prefix[40];
	unsigned long fe_domid;
	int rc;

	if (!dev)
		return -ENOMEM;
	*dev = (struct xpvb_device){ .xb = xb, .drv = drv, .domid = domid, .devid = devid, .port = -1,
				     .state = XenbusStateInitialising };
	snprintf(dev->be, sizeof(dev->be), "backend/%s/%u/%u", drv->type, domid, devid);
	fe = xpvb_read_node(dev->xb, dev->be, "frontend");
	id = xpvb_read_node(dev->xb, dev->be, "frontend-id");
	snprintf(prefix, sizeof(prefix), "/local/domain/%u/", domid);
	rc = -EINVAL;
	if (!fe || !id)
		xpvb_log(xb, XPVB_LOG_ERROR, "%s: no frontend or frontend-id (the toolstack writes them)", dev->be);
	else if (xpvb_parse_ulong(id, 0x7fef, &fe_domid) || fe_domid != domid)
		xpvb_log(xb, XPVB_LOG_ERROR, "%s: frontend-id '%.16s' is not domain %u", dev->be, id, domid);
	else if (strncmp(fe, prefix, strlen(prefix)) || strlen(fe) >= sizeof(dev->fe))
		xpvb_log(xb, XPVB_LOG_ERROR, "%s: frontend '%.80s' is not under %s", dev->be, fe, prefix);
	else
		rc = 0;
	if (rc == 0) {
		strcpy(dev->fe, fe);
		snprintf(dev->fe_state, sizeof(dev->fe_state), "%s/state", dev->fe);
	}
	free(fe);
	free(id);
	if (rc) {
		free(dev);
		return rc;
	}
	dev->next = xb->devices;
	xb->devices = dev;
	xb->counts.devices++;
	if (drv->max_ring_order) {
		snprintf(prefix, sizeof(prefix), "%u", drv->max_ring_order);
		xpvb_device_write(dev, "max-ring-page-order", prefix);
	}
	if ((rc = write_state(dev, XenbusStateInitWait)) == 0) {
		/* The watch fires once at once: our first look at the frontend. */
		if (xb->env->watch(xb->h, dev->fe_state, dev->be) == 0)
			dev->watching = 1;
		else
			rc = -errno;
	}
	if (rc)
		xpvb_log(xb, XPVB_LOG_ERROR, "%s: cannot start (%s)", dev->be, strerror(-rc));
	if (out)
		*out = dev;
	return rc;
}

void xpvb_device_remove(struct xpvb_device *dev, int say_closed)
{
	struct xpvb *xb = dev->xb;
	struct xpvb_device **p;

	disconnect(dev);
	if (say_closed && dev->state != XenbusStateClosed)
		write_state(dev, XenbusStateClosed);
	if (dev->watching)
		xb->env->unwatch(xb->h, dev->fe_state, dev->be);
	for (p = &xb->devices; *p; p = &(*p)->next)
		if (*p == dev) {
			*p = dev->next;
			break;
		}
	xb->counts.devices--;
	xb->counts.removed++;
	free(dev);
}

struct xpvb_device *xpvb_device_by_token(struct xpvb *xb, const char *token)
{
	struct xpvb_device *d;

	for (d = xb->devices; d; d = d->next)
		if (strcmp(d->be, token) == 0)
			return d;
	return NULL;
}

struct xpvb_device *xpvb_device_by_port(struct xpvb *xb, int port)
{
	struct xpvb_device *d;

	for (d = xb->devices; d; d = d->next)
		if (d->port == port)
			return d;
	return NULL;
}
