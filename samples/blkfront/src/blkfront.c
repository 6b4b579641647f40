/*
 * blkfront: a PV block frontend for "vbd" devices (see blkfront.h).
 * This file is the xenbus side: each device is connected in its probe
 * (which runs in the registering task, module init), following the
 * backend through InitWait to Connected; every value the backend writes
 * is checked before use.  The ring's I/O is in blkfront-io.c.
 */
#include <xenpv/mm.h>
#include <xenpv/module.h>
#include <xenpv/param.h>
#include <xenpv/grant.h>
#include <xen/io/protocols.h>

#include "blkfront-int.h"

/* The kernel command line's blkfront.* options (XENPV_PARAM below). */
static struct blkfront_options {
	unsigned long max_inflight;     /* blkfront.max_inflight=1..16 */
	unsigned long indirect;         /* blkfront.indirect=0|1 */
	unsigned long persistent;       /* blkfront.persistent=0|1 */
	unsigned long max_segments;     /* blkfront.max_segments=1..32: pages a request */
} blkfront_opts = {
	.max_inflight = BLKFRONT_MAX_INFLIGHT, .indirect = 1, .persistent = 1,
	.max_segments = BLKFRONT_MAX_SEGMENTS,
};
static struct blkfront *devs[BLKFRONT_MAX_DEVICES];
static unsigned int ndevs;
static int status = -ENODEV;

void blkfront_fail(struct blkfront *dev, const char *fmt, ...)
{
	va_list ap;

	if (dev->err)
		return;                 /* the first fault is the one reported */
	va_start(ap, fmt);
	vsnprintf(dev->fault, sizeof(dev->fault), fmt, ap);
	va_end(ap);
	dev->err = -EIO;
	printk(KERN_ERR "blkfront: %s: %s: closing\n", dev->xdev->nodename, dev->fault);
}

/* ring-ref(s), event-channel, protocol, feature-persistent and Initialised: in one
 * transaction (xenstore_transact). */
static int write_ring(xenstore_tx_t tx, void *arg)
{
	struct blkfront *dev = arg;
	struct xenbus_device *x = dev->xdev;
	int err;

	err = xenbus_ring_write(x, tx, &dev->ring);
	if (!err)
		err = xenbus_printf(tx, x->nodename, "protocol", "%s", XEN_IO_PROTO_ABI_X86_32);
	if (!err)       /* ours; used only if the backend's says so too */
		err = xenbus_printf(tx, x->nodename, "feature-persistent", "%lu", blkfront_opts.persistent);
	if (!err)
		err = xenbus_switch_state(x, tx, XenbusStateInitialised);
	return err;
}

/* The backend's values, once it is Connected: sectors, sector-size,
 * info, features (blkback writes feature-persistent only then).  Each
 * bad one closes the device, named. */
static int read_disk(struct blkfront *dev)
{
	const char *be = dev->xdev->otherend;
	unsigned long sectors, ssize;
	int err;

	err = xenbus_read_ulong(XENSTORE_TX_NONE, be, "sector-size", &ssize);
	if (err) {
		blkfront_fail(dev, "backend's sector-size unreadable (%d)", err);
		return -EIO;
	}
	if (ssize < 512 || (ssize & (ssize - 1))) {
		blkfront_fail(dev, "backend's sector-size %lu is not a power of two >= 512", ssize);
		return -EIO;
	}
	if (ssize > 4096) {
		blkfront_fail(dev, "backend's sector-size %lu is larger than a page", ssize);
		return -EIO;
	}
	err = xenbus_read_ulong(XENSTORE_TX_NONE, be, "sectors", &sectors);
	if (err) {
		blkfront_fail(dev, "backend's sectors unreadable (%d)", err);
		return -EIO;
	}
	if (sectors < ssize / 512) {
		blkfront_fail(dev, "backend's sectors %lu is less than one %lu-byte sector", sectors, ssize);
		return -EIO;
	}
	dev->sectors = sectors;
	dev->ssize = (unsigned int)ssize;
	dev->vdisk_info = (unsigned int)xenbus_read_unsigned(be, "info", 0);
	dev->st.flush = xenbus_read_unsigned(be, "feature-flush-cache", 0) != 0;
	dev->st.max_indirect = (unsigned int)xenbus_read_unsigned(be, "feature-max-indirect-segments", 0);
	dev->st.persistent = blkfront_opts.persistent && xenbus_read_unsigned(be, "feature-persistent", 0);
	dev->segs = DIRECT_SEGS;
	if (blkfront_opts.indirect && dev->st.max_indirect > DIRECT_SEGS)
		dev->segs = dev->st.max_indirect < BLKFRONT_MAX_SEGMENTS ?
			dev->st.max_indirect : BLKFRONT_MAX_SEGMENTS;
	if (dev->segs > blkfront_opts.max_segments)
		dev->segs = (unsigned int)blkfront_opts.max_segments;
	dev->st.segs = dev->segs;
	return 0;
}

/* Slots: the pages each request may use (and an indirect page when
 * requests go past 11); ids: one per slot. */
static int alloc_slots(struct blkfront *dev)
{
	struct blkfront_slot *s;
	unsigned int i, j;

	dev->nslots = RING_SIZE(&dev->front);
	if (dev->nslots > blkfront_opts.max_inflight)
		dev->nslots = (unsigned int)blkfront_opts.max_inflight;
	dev->st.slots = dev->nslots;
	dev->ids.size = dev->nslots;
	dev->ids.next = dev->ids_next;
	dev->ids.cookie = dev->ids_cookie;
	reqid_init(&dev->ids);
	for (i = 0, s = dev->slot; i < dev->nslots; i++, s++) {
		for (j = 0; j < dev->segs; j++, s->npages++)
			if (!(s->page[j].va = alloc_page()))
				return -ENOMEM;
		if (dev->segs > DIRECT_SEGS && !(s->ind.va = alloc_page()))
			return -ENOMEM;
	}
	return 0;
}

/* Free the slots' pages that are no longer granted. */
static void free_slots(struct blkfront *dev)
{
	struct blkfront_page *p;
	unsigned int i, j;

	for (i = 0; i < BLKFRONT_MAX_INFLIGHT; i++) {
		for (j = 0; j <= BLKFRONT_MAX_SEGMENTS; j++) {
			p = j < BLKFRONT_MAX_SEGMENTS ? &dev->slot[i].page[j] : &dev->slot[i].ind;
			if (p->va && !p->live) {
				free_pages(p->va);
				p->va = NULL;
			}
		}
	}
}

static int connect(struct blkfront *dev)
{
	struct xenbus_device *x = dev->xdev;
	unsigned long max_order;
	int err;

	dev->handle = (blkif_vdev_t)strtoul(x->id, NULL, 10);
	err = xenbus_wait_otherend(x, XenbusStateInitWait, TIMEOUT_MS);
	if (err)
		return err;
	max_order = xenbus_read_unsigned(x->otherend, "max-ring-page-order", 0);
	dev->st.max_ring_order = (unsigned int)(max_order > 255 ? 255 : max_order);
	dev->st.ring_order = max_order < XENBUS_RING_MAX_ORDER ? (unsigned int)max_order : XENBUS_RING_MAX_ORDER;
	err = xenbus_ring_setup(x, &dev->ring, dev->st.ring_order, blkfront_irq, dev);
	if (err)
		return err;
	dev->ring_live = 1;
	SHARED_RING_INIT((struct blkif_sring *)dev->ring.sring);
	FRONT_RING_INIT(&dev->front, (struct blkif_sring *)dev->ring.sring, XENBUS_RING_SIZE(&dev->ring));
	dev->st.ring_size = RING_SIZE(&dev->front);
	err = xenstore_transact(write_ring, dev);
	if (!err)
		err = xenbus_wait_otherend(x, XenbusStateConnected, TIMEOUT_MS);
	if (err)
		return err;
	if (blkfront_connect_hook)
		blkfront_connect_hook(x->nodename);
	if (read_disk(dev))
		return -EIO;
	err = alloc_slots(dev);
	if (!err)
		err = xenbus_switch_state(x, XENSTORE_TX_NONE, XenbusStateConnected);
	if (err)
		return err;
	printk(KERN_INFO "blkfront: %s: %llu sectors of %u bytes%s, a %u-page ring (%u requests), "
	       "%u in flight of %u pages%s, persistent grants %s, flush %s\n",
	       x->nodename, (unsigned long long)(dev->sectors / (dev->ssize / 512)), dev->ssize,
	       dev->vdisk_info & VDISK_READONLY ? " (read-only)" : "", 1u << dev->st.ring_order,
	       dev->st.ring_size, dev->nslots, dev->segs, dev->segs > DIRECT_SEGS ? " (indirect)" : "",
	       dev->st.persistent ? "yes" : "no", dev->st.flush ? "yes" : "no");
	return 0;
}

/* Closing, then Closed, the backend following each (bounded waits);
 * then the grants and the ring, unless the backend still maps them. */
void blkfront_disconnect(struct blkfront *dev)
{
	struct xenbus_device *x = dev->xdev;
	unsigned int busy;

	if (!dev->ring_live)
		return;
	xenbus_close(x, 5000);          /* a backend that does not follow is reported */
	busy = blkfront_end_grants(dev);
	if (xenbus_ring_free(&dev->ring) == 0)
		dev->ring_live = 0;
	if (busy || dev->ring_live)
		printk(KERN_ERR "blkfront: %s: the backend still maps %u data page(s)%s: they are kept\n",
		       x->nodename, busy, dev->ring_live ? " and the ring" : "");
	free_slots(dev);
}

static int blkfront_probe(struct xenbus_device *x)
{
	struct blkfront *dev;
	int err;

	if (ndevs == BLKFRONT_MAX_DEVICES)
		return -ENOSPC;
	dev = kzalloc(sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->xdev = x;
	init_waitqueue_head(&dev->kick_wq);
	x->priv = dev;
	devs[ndevs++] = dev;
	err = connect(dev);
	if (err && !dev->err)
		blkfront_fail(dev, "cannot connect to %s (%d)", x->otherend, err);
	if (dev->err)
		blkfront_disconnect(dev);       /* kept, closed: calls give -EIO */
	return 0;
}

/* In the xenstore task: no waiting here; remove() tidies up. */
static void blkfront_changed(struct xenbus_device *x, enum xenbus_state s)
{
	struct blkfront *dev = x->priv;

	if (dev && x->state == XenbusStateConnected &&
	    (s == XenbusStateClosing || s == XenbusStateClosed || s == XenbusStateUnknown))
		blkfront_fail(dev, "backend went %s", xenbus_strstate(s));
}

static void blkfront_remove(struct xenbus_device *x)
{
	struct blkfront *dev = x->priv;
	unsigned int i;

	if (!dev)
		return;
	blkfront_disconnect(dev);
	for (i = 0; i < ndevs; i++)
		if (devs[i] == dev)
			devs[i] = NULL;
	if (!dev->ring_live)
		kfree(dev);             /* else the backend may write it yet */
	x->priv = NULL;
}

static struct xenbus_driver blkfront_driver = {
	.name = "blkfront", .type = "vbd",
	.probe = blkfront_probe, .otherend_changed = blkfront_changed, .remove = blkfront_remove,
};

/* blkfront.* on the kernel command line (blkfront.h), set at boot; a
 * bad value is reported and the default kept. */
XENPV_PARAM(blkfront, max_inflight, ulong, &blkfront_opts.max_inflight, 1, BLKFRONT_MAX_INFLIGHT,
	    "requests in flight at most");
XENPV_PARAM(blkfront, indirect, ulong, &blkfront_opts.indirect, 0, 1,
	    "use the backend's indirect segments");
XENPV_PARAM(blkfront, persistent, ulong, &blkfront_opts.persistent, 0, 1,
	    "offer persistent grants");
XENPV_PARAM(blkfront, max_segments, ulong, &blkfront_opts.max_segments, 1, BLKFRONT_MAX_SEGMENTS,
	    "pages per request at most");

static int blkfront_init(void)
{
	status = xenbus_register_driver(&blkfront_driver);
	if (status == -ENODEV)
		printk(KERN_INFO "blkfront: no xenstore (dom0 here): no vbd devices\n");
	else if (status < 0)
		printk(KERN_ERR "blkfront: cannot register for vbd devices (%d)\n", status);
	else
		status = (int)ndevs;
	return 0;               /* no disk is not a failure of the kernel */
}

/* Close each device while its backend's state is still watched (after
 * unregister's unwatch no wait could see the backend follow). */
static void blkfront_exit(void)
{
	unsigned int i;

	for (i = 0; i < ndevs; i++)
		if (devs[i])
			blkfront_disconnect(devs[i]);
	if (status >= 0)
		xenbus_unregister_driver(&blkfront_driver);
	ndevs = 0;
}
XENPV_MODULE(blkfront, blkfront_init, blkfront_exit);

int blkfront_status(void)
{
	return status;
}

struct blkfront *blkfront_get(unsigned int i)
{
	return i < ndevs ? devs[i] : NULL;
}

const char *blkfront_name(const struct blkfront *dev)
{
	return dev ? dev->xdev->nodename : "(none)";
}

uint64_t blkfront_capacity(const struct blkfront *dev)
{
	return dev && !dev->err ? dev->sectors / (dev->ssize / 512) : 0;
}

unsigned int blkfront_sector_size(const struct blkfront *dev)
{
	return dev && !dev->err ? dev->ssize : 0;
}

int blkfront_readonly(const struct blkfront *dev)
{
	return dev && (dev->vdisk_info & VDISK_READONLY);
}

int blkfront_error(const struct blkfront *dev)
{
	return dev ? dev->err : -ENODEV;
}

const char *blkfront_fault(const struct blkfront *dev)
{
	return dev && dev->err ? dev->fault : NULL;
}

int blkfront_get_info(const struct blkfront *dev, struct blkfront_info *info)
{
	if (!dev || !info)
		return -ENODEV;
	*info = dev->st;
	return 0;
}
