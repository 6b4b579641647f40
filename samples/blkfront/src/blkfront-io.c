/*
 * blkfront's ring I/O (see blkfront.h): a transfer is cut into requests
 * of up to dev->segs pages (an indirect request past 11), as many on the
 * ring at once as there are slots.  Without persistent grants each page
 * is granted for its request and the grant ended when the response
 * comes; with them, pages stay granted until the device closes.
 * Responses are taken only through blkif_take_responses
 * (<xenpv/blkif.h>): each one copied once, its id retired once in the
 * reqid table, its status checked; anything impossible closes the device.
 */
#include <xenpv/grant.h>
#include <xenpv/irq.h>
#include <xenpv/mm.h>
#include <xenpv/task.h>
#include <xenpv/time.h>

#include "blkfront-int.h"

#define PAGE 4096u

/* The indirect request must fit a ring entry, and one descriptor page
 * must hold a request's segments. */
_Static_assert(sizeof(struct blkif_request_indirect) <= sizeof(struct blkif_request),
	       "an indirect request fits a ring entry");
_Static_assert(BLKFRONT_MAX_SEGMENTS * sizeof(struct blkif_request_segment) <= PAGE,
	       "one indirect page holds a request's segments");

irqreturn_t blkfront_irq(int irq, void *dev_id, struct pt_regs *regs)
{
	struct blkfront *dev = dev_id;

	(void)irq, (void)regs;
	dev->kicked = 1;                /* the waiting caller takes the responses */
	dev->st.irqs++;
	wake_up(&dev->kick_wq);         /* on whichever vCPU it waits */
	return IRQ_HANDLED;
}

/* Grant p to the backend, unless it is already (persistent grants). */
static int grant(struct blkfront *dev, struct blkfront_page *p, int readonly)
{
	int ref;

	if (p->live)
		return 0;
	ref = gnttab_grant_foreign_access((domid_t)dev->xdev->otherend_id, virt_to_mfn(p->va),
					  readonly && !dev->st.persistent);
	if (ref < 0)
		return ref;
	p->ref = (grant_ref_t)ref;
	p->live = 1;
	dev->st.grants++;
	return 0;
}

/* End a page's grant: 0, or 1 if the backend still maps it (it stays). */
static unsigned int ungrant(struct blkfront_page *p)
{
	if (!p->live)
		return 0;
	if (gnttab_end_foreign_access(p->ref) < 0)
		return 1;
	p->live = 0;
	return 0;
}

/* End a slot's grants: how many the backend still maps. */
static unsigned int end_slot(struct blkfront_slot *s)
{
	unsigned int i, kept = ungrant(&s->ind);

	for (i = 0; i < s->npages; i++)
		kept += ungrant(&s->page[i]);
	return kept;
}

static int slot_granted(const struct blkfront_slot *s)
{
	unsigned int i;

	for (i = 0; i < s->npages; i++)
		if (s->page[i].live)
			return 1;
	return s->ind.live;
}

unsigned int blkfront_end_grants(struct blkfront *dev)
{
	unsigned int i, kept = 0;

	for (i = 0; i < BLKFRONT_MAX_INFLIGHT; i++)
		kept += end_slot(&dev->slot[i]);
	return kept;
}

struct io {
	struct blkfront *dev;
	int err;                        /* the first failed request's */
};

/* From blkif_take_responses, for each good response. */
static void io_done(void *cookie, const struct blkif_response *rsp, void *arg)
{
	struct blkfront_slot *s = cookie;
	struct io *io = arg;
	unsigned int i;

	s->busy = 0;
	if (!io->dev->st.persistent && end_slot(s)) {
		blkfront_fail(io->dev, "backend still maps a page of request %u after answering it",
			      (unsigned int)(s - io->dev->slot));
		return;
	}
	if (rsp->status != BLKIF_RSP_OKAY) {
		if (!io->err)
			io->err = rsp->status == BLKIF_RSP_EOPNOTSUPP ? -EOPNOTSUPP : -EIO;
		printk(KERN_ERR "blkfront: %s: the backend failed a request (op %u, sector %llu): status %d\n",
		       io->dev->xdev->nodename, s->op, (unsigned long long)s->sector, rsp->status);
		return;
	}
	for (i = 0; s->op == BLKIF_OP_READ && i * PAGE < s->len; i++)
		memcpy(s->buf + i * PAGE, s->page[i].va, s->len - i * PAGE < PAGE ? s->len - i * PAGE : PAGE);
}

/* Wait for the ring's irq (or the deadline), then take what came: 0 if
 * some requests completed, -EIO if the device closed. */
static int wait_responses(struct io *io, uint64_t deadline)
{
	struct blkfront *dev = io->dev;
	struct blkif_fault fault;
	int n;

	for (;;) {
		dev->kicked = 0;
		n = blkif_take_responses(&dev->front, &dev->ids, io_done, io, &fault);
		if (n < 0)
			blkfront_fail(dev, "backend's %s %llu at ring index %u is impossible", fault.what,
				      (unsigned long long)fault.value, fault.index);
		if (dev->err)
			return -EIO;
		if (n > 0)
			return 0;
		if (xenpv_clock_ns() >= deadline) {
			blkfront_fail(dev, "no response from the backend in %u ms", TIMEOUT_MS);
			return -EIO;
		}
		yield();                /* the xenstore task, if it has work */
		/* Until the ring's irq, or 10 ms; a wait queue, since the irq
		 * may come on another vCPU than this task's. */
		wait_event_timeout(dev->kick_wq, dev->kicked, 10);
	}
}

/* Fill a request's segments: len bytes in whole sectors from page 0. */
static void segments(struct blkif_request_segment *seg, const struct blkfront_slot *s, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		size_t b = s->len - i * PAGE < PAGE ? s->len - i * PAGE : PAGE;

		seg[i].gref = s->page[i].ref;
		seg[i].first_sect = 0;
		seg[i].last_sect = (uint8_t)(b / 512 - 1);
	}
}

/* Put one request on the ring: len bytes at buf, up to dev->segs pages
 * (none for a flush).  0, or -errno (nothing queued). */
static int queue(struct blkfront *dev, uint8_t op, uint64_t sector, unsigned char *buf, size_t len)
{
	struct blkif_request *req;
	struct blkfront_slot *s = NULL;
	unsigned int i, n = (unsigned int)((len + PAGE - 1) / PAGE);
	int err, id;

	for (i = 0; i < dev->nslots && !s; i++)
		if (!dev->slot[i].busy && (dev->st.persistent || !slot_granted(&dev->slot[i])))
			s = &dev->slot[i];
	if (!s)
		return -EBUSY;
	s->op = op;
	s->buf = buf;
	s->len = len;
	s->sector = sector;
	for (i = 0, err = 0; i < n && !err; i++) {
		if (op == BLKIF_OP_WRITE)
			memcpy(s->page[i].va, buf + i * PAGE, len - i * PAGE < PAGE ? len - i * PAGE : PAGE);
		err = grant(dev, &s->page[i], op == BLKIF_OP_WRITE);
	}
	if (!err && n > DIRECT_SEGS) {
		segments(s->ind.va, s, n);
		err = grant(dev, &s->ind, 1);
	}
	id = err ? err : reqid_get(&dev->ids, s);
	if (id < 0) {
		if (!dev->st.persistent)
			end_slot(s);
		return id;
	}
	s->busy = 1;
	req = RING_GET_REQUEST(&dev->front, dev->front.req_prod_pvt);
	if (n > DIRECT_SEGS) {
		struct blkif_request_indirect *ind = (struct blkif_request_indirect *)req;

		ind->operation = BLKIF_OP_INDIRECT;
		ind->indirect_op = op;
		ind->nr_segments = (uint16_t)n;
		ind->id = (uint64_t)id;
		ind->sector_number = sector;
		ind->handle = dev->handle;
		ind->indirect_grefs[0] = s->ind.ref;
		dev->st.indirect++;
	} else {
		req->operation = op;
		req->nr_segments = (uint8_t)n;
		req->handle = dev->handle;
		req->id = (uint64_t)id;
		req->sector_number = sector;
		segments(req->seg, s, n);
	}
	dev->front.req_prod_pvt++;
	dev->st.requests++;
	dev->st.segments += n;
	dev->st.inflight_sum += dev->ids.in_flight;
	if (dev->ids.in_flight > dev->st.max_inflight)
		dev->st.max_inflight = dev->ids.in_flight;
	return 0;
}

static void push(struct blkfront *dev)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&dev->front, notify);
	if (notify) {
		xenbus_ring_notify(&dev->ring);
		dev->st.notifies++;
	}
}

/* A transfer of len bytes (a multiple of 512) at sector (512-byte
 * units), or one flush (len 0): as many requests in flight as fit. */
static int transfer(struct blkfront *dev, uint8_t op, uint64_t sector, unsigned char *buf, size_t len)
{
	struct io io = { .dev = dev };
	uint64_t deadline = xenpv_clock_ns() + TIMEOUT_MS * NSEC_PER_MSEC;
	int queued, err, flush = op == BLKIF_OP_FLUSH_DISKCACHE;

	while ((len || flush || dev->ids.in_flight) && !dev->err) {
		for (queued = 0; (len || flush) && !io.err; queued++) {
			size_t n = len < dev->segs * PAGE ? len : dev->segs * PAGE;

			if (RING_FULL(&dev->front) || (err = queue(dev, op, sector, buf, n)) == -EBUSY)
				break;
			if (err) {
				io.err = err;
				break;
			}
			sector += n / 512;
			buf += n;
			len -= n;
			flush = 0;
		}
		if (io.err)
			len = 0;        /* what is in flight still completes */
		if (queued)
			push(dev);
		if (dev->ids.in_flight && wait_responses(&io, deadline) == 0)
			deadline = xenpv_clock_ns() + TIMEOUT_MS * NSEC_PER_MSEC;
	}
	if (dev->err && dev->ring_live)
		blkfront_disconnect(dev);       /* closed during this transfer */
	return dev->err ? -EIO : io.err;
}

static int check(struct blkfront *dev, uint64_t sector, unsigned int count, const void *buf)
{
	if (!dev)
		return -ENODEV;
	if (dev->err)
		return -EIO;
	if (!buf || sector > blkfront_capacity(dev) || count > blkfront_capacity(dev) - sector)
		return -EINVAL;
	return 0;
}

int blkfront_read(struct blkfront *dev, uint64_t sector, unsigned int count, void *buf)
{
	int err = check(dev, sector, count, buf);

	if (err || !count)
		return err;
	err = transfer(dev, BLKIF_OP_READ, sector * (dev->ssize / 512), buf, (size_t)count * dev->ssize);
	if (!err)
		dev->st.bytes_read += (uint64_t)count * dev->ssize;
	return err;
}

int blkfront_write(struct blkfront *dev, uint64_t sector, unsigned int count, const void *buf)
{
	int err = check(dev, sector, count, buf);

	if (err || !count)
		return err;
	if (blkfront_readonly(dev))
		return -EROFS;
	/* Only written from: the pages are the driver's own. */
	err = transfer(dev, BLKIF_OP_WRITE, sector * (dev->ssize / 512), (unsigned char *)buf,
		       (size_t)count * dev->ssize);
	if (!err)
		dev->st.bytes_written += (uint64_t)count * dev->ssize;
	return err;
}

int blkfront_flush(struct blkfront *dev)
{
	if (!dev)
		return -ENODEV;
	if (dev->err)
		return -EIO;
	if (!dev->st.flush)
		return -EOPNOTSUPP;
	return transfer(dev, BLKIF_OP_FLUSH_DISKCACHE, 0, NULL, 0);
}
