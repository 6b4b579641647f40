/*
 * A device's accessors, its xenstore values, and the data pages its
 * frontend grants (mapped in batches, tracked so that none outlives the
 * device).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

unsigned int xpvb_device_domid(const struct xpvb_device *dev) { return dev->domid; }
unsigned int xpvb_device_id(const struct xpvb_device *dev) { return dev->devid; }
const char *xpvb_device_frontend(const struct xpvb_device *dev) { return dev->fe; }
const char *xpvb_device_backend(const struct xpvb_device *dev) { return dev->be; }
void *xpvb_driver_data(const struct xpvb_device *dev) { return dev->drv->data; }
void *xpvb_device_priv(const struct xpvb_device *dev) { return dev->priv; }
void xpvb_device_set_priv(struct xpvb_device *dev, void *priv) { dev->priv = priv; }
unsigned int xpvb_device_ring_size(const struct xpvb_device *dev) { return dev->connected ? dev->ring.size : 0; }

int xpvb_device_read_ulong(struct xpvb_device *dev, const char *node, unsigned long max,
			   unsigned long *value)
{
	char *s;
	int rc;

	if (!node || !*node || strchr(node, '/'))
		return -EINVAL;
	s = xpvb_read_node(dev->xb, dev->fe, node);
	if (!s)
		return errno == ENOENT ? -ENOENT : -(errno ? errno : EIO);
	rc = xpvb_parse_ulong(s, max, value);
	free(s);
	return rc;
}

int xpvb_device_write(struct xpvb_device *dev, const char *node, const char *value)
{
	char path[XPVB_PATH_MAX + 40];

	if (!node || !*node || strchr(node, '/') || !value)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/%s", dev->be, node);
	if (dev->xb->env->write(dev->xb->h, path, value) < 0) {
		int err = errno ? errno : EIO;

		xpvb_log(dev->xb, XPVB_LOG_ERROR, "cannot write %s: %s", path, strerror(err));
		return -err;
	}
	return 0;
}

int xpvb_map(struct xpvb_device *dev, const uint32_t *refs, unsigned int n, int writable, void **addr)
{
	struct xpvb_mapping *m;
	void *a;

	if (!refs || !addr || n == 0 || n > XPVB_MAX_MAP || !dev->connected)
		return -EINVAL;
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	a = dev->xb->env->map(dev->xb->h, dev->domid, n, refs, writable);
	if (!a) {
		int err = errno ? errno : EIO;

		free(m);
		return -err;
	}
	*m = (struct xpvb_mapping){ .addr = a, .n = n, .next = dev->maps };
	dev->maps = m;
	dev->xb->counts.mapped_pages += n;
	*addr = a;
	return 0;
}

int xpvb_unmap(struct xpvb_device *dev, void *addr, unsigned int n)
{
	struct xpvb_mapping **p, *m;
	int rc = 0;

	for (p = &dev->maps; (m = *p); p = &m->next)
		if (m->addr == addr)
			break;
	if (!m || m->n != n)
		return -EINVAL;         /* not a mapping of this device, or not all of it */
	if (dev->xb->env->unmap(dev->xb->h, addr, n) < 0) {
		rc = -(errno ? errno : EIO);
		xpvb_log(dev->xb, XPVB_LOG_ERROR, "%s: cannot unmap %u data pages: %s", dev->be, n,
			 strerror(-rc));
	}
	*p = m->next;
	dev->xb->counts.mapped_pages -= n;
	free(m);
	return rc;
}

void xpvb_set_log(struct xpvb *xb, xpvb_log_fn *fn, void *arg)
{
	xb->log = fn;
	xb->log_arg = arg;
}

void xpvb_get_counts(const struct xpvb *xb, struct xpvb_counts *counts)
{
	*counts = xb->counts;
}
