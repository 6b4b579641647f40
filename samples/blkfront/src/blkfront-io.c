/*
 * blkfront's ring I/O (see blkfront.h): a transfer is cut into requests
 * of up to 11 pages, as many on the ring at once as there are slots;
 * each page is granted for its request and the grant ended when the
 * response comes.  Responses are taken only through
 * blkif_take_responses (<xenpv/blkif.h>): each one copied once, its id
 * retired once in the reqid table, its status checked; anything
 * impossible closes the device.
 */
#include <xenpv/grant.h>
#include <xenpv/irq.h>
#include <xenpv/mm.h>
#include <xenpv/task.h>
#include <xenpv/time.h>

#include "blkfront-int.h"

#define PAGE 4096u

irqreturn_t blkfront_irq(int irq, void *dev_id, struct pt_regs *regs)
{
	struct blkfront *dev = dev_id;

	(void)irq, (void)regs;
	dev->kicked = 1;                /* the waiting caller takes the responses */
	dev->st.irqs++;
	return IRQ_HANDLED;
}

/* End a slot's grants: those the backend still maps stay (and so does
 * the slot: never reused).  How many stayed. */
static unsigned int end_grants(struct blkfront_slot *s)
{
	unsigned int kept = 0;

	while (s->granted) {
		if (gnttab_end_foreign_access(s->refs[s->granted - 1]) < 0)
			kept = s->granted;
		if (kept)
			break;
		s->granted--;
	}
	return kept;
}

unsigned int blkfront_end_inflight(struct blkfront *dev)
{
	unsigned int i, kept = 0;

	for (i = 0; i < BLKFRONT_MAX_INFLIGHT; i++)
		kept += end_grants(&dev->slot[i]);
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
	if (end_grants(s)) {
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
		memcpy(s->buf + i * PAGE, s->pages[i], s->len - i * PAGE < PAGE ? s->len - i * PAGE : PAGE);
}

static void wake(void *arg)
{
	(void)arg;                      /* the timer's event ends safe_halt */
}

/* Wait for the ring's irq (or the deadline), then take what came: 0 if
 * some requests completed, -EIO if the device closed. */
static int wait_responses(struct io *io, uint64_t deadline)
{
	struct blkfront *dev = io->dev;
	struct blkif_fault fault;
	struct xenpv_timer t;
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
		xenpv_timer_add(&t, 10 * NSEC_PER_MSEC, wake, NULL);
		local_irq_disable();
		if (!dev->kicked)
			safe_halt();    /* until an event: the ring's, or the timer's */
		else
			local_irq_enable();
		xenpv_timer_cancel(&t);
	}
}

/* Put one request on the ring: nseg pages of len bytes at buf (none for
 * a flush).  0, or -errno (nothing queued). */
static int queue(struct blkfront *dev, uint8_t op, uint64_t sector, unsigned char *buf, size_t len)
{
	struct blkif_request *req;
	struct blkfront_slot *s = NULL;
	unsigned int i;
	int ref, id;

	for (i = 0; i < dev->nslots && !s; i++)
		if (!dev->slot[i].busy && !dev->slot[i].granted)
			s = &dev->slot[i];
	if (!s)
		return -EBUSY;
	s->op = op;
	s->buf = buf;
	s->len = len;
	s->sector = sector;
	for (i = 0; i * PAGE < len; i++) {
		size_t n = len - i * PAGE < PAGE ? len - i * PAGE : PAGE;

		if (op == BLKIF_OP_WRITE)
			memcpy(s->pages[i], buf + i * PAGE, n);
		ref = gnttab_grant_foreign_access((domid_t)dev->xdev->otherend_id, virt_to_mfn(s->pages[i]),
						  op == BLKIF_OP_WRITE);
		if (ref < 0) {
			end_grants(s);
			return ref;
		}
		s->refs[s->granted++] = (grant_ref_t)ref;
	}
	id = reqid_get(&dev->ids, s);
	if (id < 0) {
		end_grants(s);
		return id;
	}
	s->busy = 1;
	req = RING_GET_REQUEST(&dev->front, dev->front.req_prod_pvt);
	req->operation = op;
	req->nr_segments = (uint8_t)s->granted;
	req->handle = (blkif_vdev_t)strtoul(dev->xdev->id, NULL, 10);
	req->id = (uint64_t)id;
	req->sector_number = sector;
	for (i = 0; i < s->granted; i++) {
		size_t n = len - i * PAGE < PAGE ? len - i * PAGE : PAGE;

		req->seg[i].gref = s->refs[i];
		req->seg[i].first_sect = 0;
		req->seg[i].last_sect = (uint8_t)(n / 512 - 1);
	}
	dev->front.req_prod_pvt++;
	dev->st.requests++;
	dev->st.segments += s->granted;
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
			size_t n = len < SEGS * PAGE ? len : SEGS * PAGE;

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
