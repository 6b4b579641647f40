/*
 * The real world: xenstore, the grant device and the event channel
 * device, through Xen's libraries; and the daemon's loop, which turns
 * their file descriptors' readiness into scans, state changes and ring
 * service.
 */
#define __XEN_TOOLS__ 1
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>
#include "internal.h"

#define RELEASE_TOKEN "@releaseDomain"

struct handles {
	struct xs_handle *xs;
	xengnttab_handle *gt;
	xenevtchn_handle *xce;
};

static char *x_read(void *h, const char *path)
{
	unsigned int len;

	return xs_read(((struct handles *)h)->xs, XBT_NULL, path, &len);
}

static int x_write(void *h, const char *path, const char *value)
{
	return xs_write(((struct handles *)h)->xs, XBT_NULL, path, value, strlen(value)) ? 0 : -1;
}

static int x_watch(void *h, const char *path, const char *token)
{
	return xs_watch(((struct handles *)h)->xs, path, token) ? 0 : -1;
}

static int x_unwatch(void *h, const char *path, const char *token)
{
	return xs_unwatch(((struct handles *)h)->xs, path, token) ? 0 : -1;
}

static char **x_list(void *h, const char *path, unsigned int *n)
{
	return xs_directory(((struct handles *)h)->xs, XBT_NULL, path, n);
}

static int x_alive(void *h, unsigned int domid)
{
	return xs_is_domain_introduced(((struct handles *)h)->xs, domid);
}

static void *x_map(void *h, unsigned int domid, unsigned int n, const uint32_t *refs, int writable)
{
	return xengnttab_map_domain_grant_refs(((struct handles *)h)->gt, n, domid, (uint32_t *)refs,
					       PROT_READ | (writable ? PROT_WRITE : 0));
}

static int x_unmap(void *h, void *addr, unsigned int n)
{
	return xengnttab_unmap(((struct handles *)h)->gt, addr, n);
}

static int x_bind(void *h, unsigned int domid, unsigned int remote_port)
{
	int port = xenevtchn_bind_interdomain(((struct handles *)h)->xce, domid, remote_port);

	return port < 0 ? -(errno ? errno : EIO) : port;
}

static int x_unbind(void *h, unsigned int port)
{
	return xenevtchn_unbind(((struct handles *)h)->xce, port);
}

static int x_notify(void *h, unsigned int port)
{
	return xenevtchn_notify(((struct handles *)h)->xce, port);
}

static const struct xpvb_env xen_env = {
	.read = x_read, .write = x_write, .watch = x_watch, .unwatch = x_unwatch, .list = x_list,
	.domain_alive = x_alive, .map = x_map, .unmap = x_unmap, .bind = x_bind, .unbind = x_unbind,
	.notify = x_notify,
};

static void close_handles(struct handles *h)
{
	if (h->xce)
		xenevtchn_close(h->xce);
	if (h->gt)
		xengnttab_close(h->gt);
	if (h->xs)
		xs_close(h->xs);
	free(h);
}

int xpvb_open(struct xpvb **out)
{
	struct handles *h = calloc(1, sizeof(*h));
	struct xpvb *xb = calloc(1, sizeof(*xb));
	int err;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!h || !xb) {
		free(h);
		free(xb);
		return -ENOMEM;
	}
	h->xs = xs_open(0);
	h->gt = h->xs ? xengnttab_open(NULL, 0) : NULL;
	h->xce = h->gt ? xenevtchn_open(NULL, 0) : NULL;
	if (!h->xce || !xs_watch(h->xs, RELEASE_TOKEN, RELEASE_TOKEN)) {
		err = errno ? errno : EIO;
		xpvb_log(xb, XPVB_LOG_ERROR, "cannot open %s: %s",
			 !h->xs ? "xenstore" : !h->gt ? "the grant device" : !h->xce ? "the event channel device" :
			 "a watch on " RELEASE_TOKEN, strerror(err));
		close_handles(h);
		free(xb);
		return -err;
	}
	xb->env = &xen_env;
	xb->h = h;
	*out = xb;
	return 0;
}

void xpvb_close(struct xpvb *xb)
{
	if (!xb)
		return;
	xpvb_remove_all(xb);
	close_handles(xb->h);
	free(xb);
}

int xpvb_register(struct xpvb *xb, const struct xpvb_driver *drv)
{
	return xb ? xpvb_add_type(xb, drv) : -EINVAL;
}

int xpvb_fds(const struct xpvb *xb, int *fds, int n)
{
	const struct handles *h = xb->h;

	if (n > 0)
		fds[0] = xs_fileno(h->xs);
	if (n > 1)
		fds[1] = xenevtchn_fd(h->xce);
	return 2;
}

static void watch_fired(struct xpvb *xb, const char *token)
{
	struct xpvb_type *t;
	struct xpvb_device *d;

	if (strcmp(token, RELEASE_TOKEN) == 0) {
		xpvb_reap(xb);
		return;
	}
	for (t = xb->types; t; t = t->next)
		if (strcmp(token, t->path) == 0) {
			xpvb_scan(xb, t);
			return;
		}
	if ((d = xpvb_device_by_token(xb, token)))
		xpvb_device_changed(d);
}

int xpvb_run(struct xpvb *xb, int timeout_ms)
{
	struct handles *h = xb->h;
	struct pollfd fds[2];
	struct xpvb_device *d, *next;
	char **w;
	int handled = 0, port, busy = 0;

	for (d = xb->devices; d; d = d->next)
		busy |= d->more;
	fds[0] = (struct pollfd){ .fd = xs_fileno(h->xs), .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = xenevtchn_fd(h->xce), .events = POLLIN };
	if (poll(fds, 2, busy ? 0 : timeout_ms) < 0)
		return errno == EINTR ? 0 : -errno;
	if (fds[1].revents & POLLIN) {
		port = xenevtchn_pending(h->xce);
		if (port < 0)
			return -(errno ? errno : EIO);
		if (xenevtchn_unmask(h->xce, (evtchn_port_t)port) < 0)
			return -(errno ? errno : EIO);
		if ((d = xpvb_device_by_port(xb, port)))
			xpvb_device_event(d);
		handled++;
	}
	/* A burst that was cut short for the others' sake goes on. */
	for (d = xb->devices; d; d = next) {
		next = d->next;
		if (d->more)
			xpvb_device_event(d);
	}
	if (fds[0].revents & POLLIN) {
		while ((w = xs_check_watch(h->xs)) != NULL) {
			watch_fired(xb, w[XS_WATCH_TOKEN]);
			free(w);
			handled++;
		}
		if (errno != EAGAIN)
			return -(errno ? errno : EIO);
	}
	return handled;
}
