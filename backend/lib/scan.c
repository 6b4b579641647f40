/*
 * What the toolstack has made against what we know: a device per
 * backend/<type>/<domid>/<devid>; gone when its directory or its domain
 * is.  Driven by the watches (xen.c), and by tests/unit with a fake.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static int known(struct xpvb *xb, const struct xpvb_driver *drv, unsigned int domid, unsigned int devid)
{
	struct xpvb_device *d;

	for (d = xb->devices; d; d = d->next)
		if (d->drv == drv && d->domid == domid && d->devid == devid)
			return 1;
	return 0;
}

/* A device whose directory went: the toolstack removed it. */
static void drop_vanished(struct xpvb *xb, const struct xpvb_type *t)
{
	struct xpvb_device *d, *next;
	char *s;

	for (d = xb->devices; d; d = next) {
		next = d->next;
		if (d->drv != t->drv)
			continue;
		s = xpvb_read_node(xb, d->be, "frontend");
		if (s) {
			free(s);
			continue;
		}
		xpvb_log(xb, XPVB_LOG_INFO, "domain %u device %s/%u: removed by the toolstack", d->domid,
			 t->drv->type, d->devid);
		xpvb_device_remove(d, 0);
	}
}

void xpvb_scan(struct xpvb *xb, const struct xpvb_type *t)
{
	char **domids, **devids, path[XPVB_PATH_MAX];
	unsigned int nd, nv, i, j;
	unsigned long domid, devid;

	drop_vanished(xb, t);
	domids = xb->env->list(xb->h, t->path, &nd);
	for (i = 0; domids && i < nd; i++) {
		if (xpvb_parse_ulong(domids[i], 0x7fef, &domid) || domid == 0)
			continue;       /* not a guest's: not ours to serve */
		snprintf(path, sizeof(path), "%s/%lu", t->path, domid);
		devids = xb->env->list(xb->h, path, &nv);
		for (j = 0; devids && j < nv; j++)
			if (!xpvb_parse_ulong(devids[j], 0xffffffffUL, &devid) &&
			    !known(xb, t->drv, (unsigned int)domid, (unsigned int)devid))
				xpvb_device_add(xb, t->drv, (unsigned int)domid, (unsigned int)devid, NULL);
		free(devids);
	}
	free(domids);
}

void xpvb_reap(struct xpvb *xb)
{
	struct xpvb_device *d, *next;

	for (d = xb->devices; d; d = next) {
		next = d->next;
		if (xb->env->domain_alive(xb->h, d->domid))
			continue;
		xpvb_log(xb, XPVB_LOG_INFO, "domain %u device %s/%u: the domain is gone", d->domid,
			 d->drv->type, d->devid);
		xpvb_device_remove(d, 1);
	}
}

int xpvb_add_type(struct xpvb *xb, const struct xpvb_driver *drv)
{
	struct xpvb_type *t;
	struct xpvb_ring probe;

	if (!drv || !drv->type || !*drv->type || strlen(drv->type) > 32 || strchr(drv->type, '/') ||
	    !drv->request || drv->max_ring_order > XPVB_MAX_RING_ORDER ||
	    xpvb_ring_init(&probe, NULL, XPVB_PAGE_SIZE, drv->entry_size, drv->request_size,
			   drv->response_size))
		return -EINVAL;
	for (t = xb->types; t; t = t->next)
		if (t->drv == drv || strcmp(t->drv->type, drv->type) == 0)
			return -EEXIST;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->drv = drv;
	snprintf(t->path, sizeof(t->path), "backend/%s", drv->type);
	if (xb->env->watch(xb->h, t->path, t->path) < 0) {
		int err = errno ? errno : EIO;

		free(t);
		return -err;
	}
	t->next = xb->types;
	xb->types = t;
	return 0;
}

void xpvb_remove_all(struct xpvb *xb)
{
	struct xpvb_type *t;

	while (xb->devices)
		xpvb_device_remove(xb->devices, 1);
	while ((t = xb->types)) {
		xb->env->unwatch(xb->h, t->path, t->path);
		xb->types = t->next;
		free(t);
	}
}
