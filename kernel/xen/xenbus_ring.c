/*
 * xenbus values (a node under a device's or backend's directory) and
 * shared rings (<xenpv/xenbus.h>): pages granted to the backend and an
 * unbound event channel for it, written to xenstore the way Linux's
 * backends read them (ring-ref / ring-page-order + ring-ref%u,
 * event-channel), and taken apart again only once the backend has let
 * go of the pages.
 */
#include <stdarg.h>
#include <xenpv/kernel.h>
#include <xenpv/events.h>
#include <xenpv/grant.h>
#include <xenpv/mm.h>
#include <xenpv/xenbus.h>

#define XENBUS_PATH_MAX 256

static int join(char *buf, const char *dir, const char *node)
{
	int n = snprintf(buf, XENBUS_PATH_MAX, "%s/%s", dir, node);

	return n < 0 || n >= XENBUS_PATH_MAX ? -E2BIG : 0;
}

int xenbus_read(xenstore_tx_t tx, const char *dir, const char *node, char **value)
{
	char path[XENBUS_PATH_MAX];
	int err;

	if (!dir || !node)
		return -EINVAL;
	err = join(path, dir, node);
	return err ? err : xenstore_read(tx, path, value);
}

int xenbus_read_ulong(xenstore_tx_t tx, const char *dir, const char *node, unsigned long *val)
{
	char *v = NULL, *end;
	unsigned long n;
	int len = xenbus_read(tx, dir, node, &v);

	if (len < 0)
		return len;
	n = strtoul(v, &end, 10);
	if (len == 0 || *end) {
		printk(KERN_ERR "xenbus: %s/%s: \"%s\" is not a number\n", dir, node, v);
		kfree(v);
		return -EINVAL;
	}
	kfree(v);
	*val = n;
	return 0;
}

unsigned long xenbus_read_unsigned(const char *dir, const char *node, unsigned long def)
{
	unsigned long v;

	return xenbus_read_ulong(XENSTORE_TX_NONE, dir, node, &v) ? def : v;
}

int xenbus_printf(xenstore_tx_t tx, const char *dir, const char *node, const char *fmt, ...)
{
	char path[XENBUS_PATH_MAX];
	va_list ap;
	int rc;

	if (!dir || !node || join(path, dir, node))
		return -EINVAL;
	va_start(ap, fmt);
	rc = xenstore_vprintf(tx, path, fmt, ap);
	va_end(ap);
	return rc;
}

int xenbus_ring_setup(struct xenbus_device *dev, struct xenbus_ring *ring, unsigned int order,
		      irq_handler_t handler, void *dev_id)
{
	unsigned int i, pages = 1u << order;
	int ref, err;

	if (!dev || !ring || order > XENBUS_RING_MAX_ORDER)
		return -EINVAL;
	memset(ring, 0, sizeof(*ring));
	ring->irq = -1;
	ring->order = order;
	/* Contiguous in the direct map: the ring macros index one array. */
	ring->sring = alloc_pages(order);
	if (!ring->sring)
		return -ENOMEM;
	memset(ring->sring, 0, XENBUS_RING_SIZE(ring));
	for (i = 0; i < pages; i++) {
		ref = gnttab_grant_foreign_access((domid_t)dev->otherend_id,
						  virt_to_mfn((char *)ring->sring + i * 4096), 0);
		if (ref < 0) {
			err = ref;
			goto fail;
		}
		ring->refs[i] = (grant_ref_t)ref;
		ring->nr_granted = i + 1;
	}
	err = evtchn_alloc_unbound(dev->otherend_id, &ring->evtchn);
	if (err) {
		ring->evtchn = 0;
		goto fail;
	}
	if (handler) {
		ring->irq = bind_evtchn_to_irqhandler(ring->evtchn, handler, dev->nodename, dev_id);
		if (ring->irq < 0) {
			err = ring->irq;
			ring->irq = -1;
			goto fail;
		}
		ring->dev_id = dev_id;
	}
	return 0;
fail:
	printk(KERN_ERR "xenbus: %s: ring setup failed (%d)\n", dev->nodename, err);
	xenbus_ring_free(ring);
	return err;
}

int xenbus_ring_write(struct xenbus_device *dev, xenstore_tx_t tx, const struct xenbus_ring *ring)
{
	char path[XENBUS_PATH_MAX];
	unsigned int i;
	int err = 0;

	if (!dev || !ring || !ring->sring || ring->nr_granted != 1u << ring->order)
		return -EINVAL;
	/* A reconnect may change the ring's size: the other form goes, or
	 * the backend could read a stale one. */
	err = join(path, dev->nodename, ring->order ? "ring-ref" : "ring-page-order");
	if (!err)
		err = xenstore_rm(tx, path);
	if (err && err != -ENOENT)
		return err;
	if (ring->order == 0) {
		err = xenbus_printf(tx, dev->nodename, "ring-ref", "%u", ring->refs[0]);
	} else {
		err = xenbus_printf(tx, dev->nodename, "ring-page-order", "%u", ring->order);
		for (i = 0; !err && i < ring->nr_granted; i++) {
			char node[16];

			snprintf(node, sizeof(node), "ring-ref%u", i);
			err = xenbus_printf(tx, dev->nodename, node, "%u", ring->refs[i]);
		}
	}
	if (!err)
		err = xenbus_printf(tx, dev->nodename, "event-channel", "%u", ring->evtchn);
	return err;
}

int xenbus_ring_notify(const struct xenbus_ring *ring)
{
	return ring->evtchn ? notify_remote_via_evtchn(ring->evtchn) : -EINVAL;
}

int xenbus_ring_free(struct xenbus_ring *ring)
{
	int err;

	if (!ring)
		return -EINVAL;
	if (ring->irq >= 0) {
		unbind_from_irqhandler((unsigned int)ring->irq, ring->dev_id);  /* closes the port */
		ring->irq = -1;
		ring->evtchn = 0;
	} else if (ring->evtchn) {
		evtchn_close(ring->evtchn);
		ring->evtchn = 0;
	}
	/* From the last: a later call resumes where this one stopped. */
	while (ring->nr_granted) {
		err = gnttab_end_foreign_access(ring->refs[ring->nr_granted - 1]);
		if (err) {
			printk(KERN_ERR "xenbus: ring page %u (ref %u) still in use by the backend (%d): kept\n",
			       ring->nr_granted - 1, ring->refs[ring->nr_granted - 1], err);
			return err;
		}
		ring->nr_granted--;
	}
	if (ring->sring) {
		free_pages(ring->sring);
		ring->sring = NULL;
	}
	return 0;
}
