/*
 * The xenstore transport: the ring page and event channel Xen's
 * toolstack put in start_info (a domU's; dom0 here has none).  Requests
 * go into req[], replies and watch events come back in rsp[].
 *
 * Only the event handler reads rsp[]: it reassembles each message, hands
 * a reply to the request with its req_id (on the caller's stack) and
 * queues a watch event for the watch task, then wakes every waiter.
 * Callers sleep (task_sleep: other tasks run, or the vCPU blocks) until
 * their reply is there or their deadline passes, so a silent xenstored
 * costs a timeout, never a hang.  Connecting is lazy, on the first call:
 * boot pays nothing.
 */
#include <xenpv/kernel.h>
#include <xenpv/spinlock.h>
#include <xenpv/param.h>
#include <xenpv/events.h>
#include <xenpv/irq.h>
#include <xenpv/mm.h>
#include <xenpv/time.h>
#include <xenpv/xenstore.h>
#include <kernel/task.h>
#include <xen/io/xs_wire.h>
#include <kernel/boot.h>
#include "hypercall.h"
#include "backend.h"
#include "xenstore.h"

#define XS_TIMEOUT_MS 5000

struct xs_req {
	uint32_t id;
	int done;
	struct xsd_sockmsg hdr;         /* the reply's */
	char *body;
	struct xs_req *next;
};

struct xs_waiter {
	struct task *task;
	struct xs_waiter *next;
};

static struct xenstore_domain_interface *intf;
static evtchn_port_t port;
static int state;                       /* 0 not yet, 1 connected, -errno */
static unsigned int timeout_ms = XS_TIMEOUT_MS;
XENPV_PARAM(xenpv, xenstore_timeout_ms, uint, &timeout_ms, 1, 3600000,
	    "how long a xenstore call waits for xenstored");
/* Everything below, and the event handler's reading of rsp[], is
 * xs_lock's (taken with events masked); a waiter drops it only to sleep. */
static DEFINE_SPINLOCK(xs_lock);
static uint32_t next_id = 1;
static int writing;                     /* a task is mid-message in req[] */
static struct xs_req *pending;
static struct xs_waiter *waiters;
static struct xs_event *events, **events_tail = &events;

/* The message being read from rsp[]. */
static struct xsd_sockmsg in_hdr;
static unsigned int in_got;             /* bytes of header + body so far */
static char *in_body;

static const char *const type_names[XS_TYPE_COUNT] = {
	[XS_DIRECTORY] = "directory", [XS_READ] = "read", [XS_GET_PERMS] = "get_perms",
	[XS_WATCH] = "watch", [XS_UNWATCH] = "unwatch",
	[XS_TRANSACTION_START] = "transaction_start", [XS_TRANSACTION_END] = "transaction_end",
	[XS_WRITE] = "write", [XS_MKDIR] = "mkdir", [XS_RM] = "rm", [XS_SET_PERMS] = "set_perms",
};

static const char *type_name(uint32_t type)
{
	return type < XS_TYPE_COUNT && type_names[type] ? type_names[type] : "request";
}

static void wake_all(void)
{
	struct xs_waiter *w;

	for (w = waiters; w; w = w->next)
		task_wake(w->task);
}

static void deliver(void)
{
	struct xs_req **r;
	struct xs_event *ev;

	if (in_body)
		in_body[in_hdr.len] = '\0';
	if (in_hdr.type == XS_WATCH_EVENT) {
		ev = kmalloc(sizeof(*ev));
		if (!ev || !in_body) {
			printk(KERN_ERR "xenstore: out of memory: a watch event is lost\n");
			kfree(ev);
			kfree(in_body);
			return;
		}
		ev->body = in_body;
		ev->len = in_hdr.len;
		ev->next = NULL;
		*events_tail = ev;
		events_tail = &ev->next;
		return;
	}
	for (r = &pending; *r; r = &(*r)->next)
		if ((*r)->id == in_hdr.req_id) {
			struct xs_req *req = *r;

			*r = req->next;
			req->hdr = in_hdr;
			req->body = in_body;    /* NULL: out of memory */
			req->done = 1;
			return;
		}
	printk(KERN_WARNING "xenstore: dropped a reply (%s, id %u) nobody waits for: it timed out\n",
	       type_name(in_hdr.type), in_hdr.req_id);
	kfree(in_body);
}

/* Take what rsp[] holds; a message may arrive in several pieces. */
static void read_ring(void)
{
	int took = 0;

	for (;;) {
		XENSTORE_RING_IDX cons = intf->rsp_cons, prod = intf->rsp_prod;
		unsigned int n, off = MASK_XENSTORE_IDX(cons);

		barrier();              /* the indices before the bytes */
		if (prod - cons > XENSTORE_RING_SIZE) {
			printk(KERN_ERR "xenstore: bad response ring indices %u/%u\n", cons, prod);
			return;
		}
		if (prod == cons)
			break;
		n = prod - cons;
		if (n > XENSTORE_RING_SIZE - off)
			n = XENSTORE_RING_SIZE - off;
		if (in_got < sizeof(in_hdr)) {
			if (n > sizeof(in_hdr) - in_got)
				n = sizeof(in_hdr) - in_got;
			memcpy((char *)&in_hdr + in_got, intf->rsp + off, n);
		} else {
			if (n > sizeof(in_hdr) + in_hdr.len - in_got)
				n = sizeof(in_hdr) + in_hdr.len - in_got;
			if (in_body)
				memcpy(in_body + in_got - sizeof(in_hdr), intf->rsp + off, n);
		}
		in_got += n;
		barrier();              /* the bytes before giving them back */
		intf->rsp_cons = cons + n;
		took = 1;
		if (in_got == sizeof(in_hdr)) {
			if (in_hdr.len > XENSTORE_PAYLOAD_MAX)
				printk(KERN_ERR "xenstore: a %u-byte message (over the %u limit)\n",
				       in_hdr.len, XENSTORE_PAYLOAD_MAX);
			else
				in_body = kmalloc(in_hdr.len + 1);
		}
		if (in_got >= sizeof(in_hdr) && in_got == sizeof(in_hdr) + in_hdr.len) {
			deliver();
			in_body = NULL;
			in_got = 0;
		}
	}
	if (took)
		notify_remote_via_evtchn(port);     /* rsp[] has room again */
}

static irqreturn_t xs_interrupt(int irq, void *dev_id, struct pt_regs *regs)
{
	(void)irq, (void)dev_id, (void)regs;
	spin_lock(&xs_lock);
	read_ring();
	wake_all();             /* repliees, the watch task, writers */
	spin_unlock(&xs_lock);
	return IRQ_HANDLED;
}

static int xs_connect_once(void)
{
	unsigned long pfn = INVALID_P2M_ENTRY;
	int irq;

	if (state)
		return state > 0 ? 0 : state;
	if (!xen_initial_domain() && xen_start_info->store_mfn)
		pfn = mfn_to_pfn(xen_start_info->store_mfn);
	if (pfn == INVALID_P2M_ENTRY) {
		printk(KERN_INFO "xenstore: no store ring in start_info (%s): xenstore calls fail with -ENODEV\n",
		       xen_initial_domain() ? "dom0, no xenstored to talk to" : "domU");
		return state = -ENODEV;
	}
	/* The toolstack places the ring inside the bootstrap mapping. */
	intf = __va(pfn << PAGE_SHIFT);
	port = xen_start_info->store_evtchn;
	irq = bind_evtchn_to_irqhandler(port, xs_interrupt, "xenstore", NULL);
	if (irq < 0) {
		printk(KERN_ERR "xenstore: cannot bind event channel %u (%d): xenstore calls fail with -ENODEV\n",
		       port, irq);
		return state = -ENODEV;
	}
	state = 1;
	boot_phase("xenstore_connect");
	return 0;
}

/* Two vCPUs' first calls connect once. */
static int xs_connect(void)
{
	static DEFINE_SPINLOCK(connect_lock);
	unsigned long flags;
	int rc;

	if (state)
		return state > 0 ? 0 : state;
	spin_lock_irqsave(&connect_lock, flags);
	rc = xs_connect_once();
	spin_unlock_irqrestore(&connect_lock, flags);
	return rc;
}

int xenstore_available(void)
{
	return xs_connect() == 0;
}

unsigned int xenstore_set_timeout_ms(unsigned int ms)
{
	unsigned int old = timeout_ms;

	timeout_ms = ms;
	return old;
}

static void wake_task(void *arg)
{
	task_wake(arg);
}

/* Sleep until cond(arg) or the deadline (0: none): 0 or -ETIMEDOUT.
 * cond runs under xs_lock, which the caller holds (events masked). */
static int xs_wait_locked(int (*cond)(void *), void *arg, uint64_t deadline)
{
	struct xs_waiter w = { .task = task_current() }, **p;
	struct xenpv_timer t;
	uint64_t now = xenpv_clock_ns();
	int err = 0;

	w.next = waiters;
	waiters = &w;
	if (deadline)
		xenpv_timer_add(&t, deadline > now ? deadline - now : 0, wake_task, w.task);
	while (!cond(arg)) {
		if (deadline && xenpv_clock_ns() >= deadline) {
			err = -ETIMEDOUT;
			break;
		}
		spin_unlock(&xs_lock);
		task_sleep();           /* a wake-up meanwhile is not lost */
		spin_lock(&xs_lock);
	}
	if (deadline) {
		spin_unlock(&xs_lock);  /* cancel may wait for wake_task */
		xenpv_timer_cancel(&t);
		spin_lock(&xs_lock);
	}
	for (p = &waiters; *p != &w; p = &(*p)->next)
		;
	*p = w.next;
	return err;
}

static int xs_wait(int (*cond)(void *), void *arg, uint64_t deadline)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&xs_lock, flags);
	err = xs_wait_locked(cond, arg, deadline);
	spin_unlock_irqrestore(&xs_lock, flags);
	return err;
}

static int req_room(void *arg)
{
	(void)arg;
	return intf->req_prod - intf->req_cons < XENSTORE_RING_SIZE;
}

/* Becomes the one writer if there is none (under xs_lock). */
static int claim_writer(void *arg)
{
	(void)arg;
	if (writing)
		return 0;
	writing = 1;
	return 1;
}

static int req_done(void *arg)
{
	return ((struct xs_req *)arg)->done;
}

static int ring_write(const void *data, size_t len, uint64_t deadline)
{
	const char *p = data;

	while (len) {
		XENSTORE_RING_IDX cons = intf->req_cons, prod = intf->req_prod;
		size_t n, off = MASK_XENSTORE_IDX(prod);

		barrier();
		if (prod - cons > XENSTORE_RING_SIZE)
			return -EIO;
		if (prod - cons == XENSTORE_RING_SIZE) {
			notify_remote_via_evtchn(port);
			if (xs_wait(req_room, NULL, deadline))
				return -ETIMEDOUT;
			continue;
		}
		n = XENSTORE_RING_SIZE - (prod - cons);
		if (n > XENSTORE_RING_SIZE - off)
			n = XENSTORE_RING_SIZE - off;
		if (n > len)
			n = len;
		memcpy(intf->req + off, p, n);
		barrier();              /* the bytes before the index */
		intf->req_prod = prod + (XENSTORE_RING_IDX)n;
		p += n;
		len -= n;
	}
	return 0;
}

static int xs_errno(const char *s)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (strcmp(s, xsd_errors[i].errstring) == 0)
			return -xsd_errors[i].errnum;
	printk(KERN_WARNING "xenstore: unknown error \"%s\" from xenstored, taken as EIO\n", s);
	return -EIO;
}

int xs_talk(uint32_t type, uint32_t tx, const struct xs_part *parts, unsigned int n,
	    char **reply, const char *path)
{
	struct xs_req req = { 0 };
	int linked = 0;
	struct xsd_sockmsg hdr = { .type = type, .tx_id = tx };
	unsigned long flags;
	uint64_t deadline;
	unsigned int i;
	int err;

	for (i = 0; i < n; i++)
		hdr.len += parts[i].len;
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	err = xs_connect();
	if (err)
		return err;
	if (in_irq()) {
		printk(KERN_ERR "xenstore: %s %s from an irq handler: it would sleep\n", type_name(type), path);
		return -EINVAL;
	}
	deadline = xenpv_clock_ns() + (uint64_t)timeout_ms * NSEC_PER_MSEC;

	/* One message at a time in req[]: a long one may wait for room. */
	spin_lock_irqsave(&xs_lock, flags);
	err = xs_wait_locked(claim_writer, NULL, deadline);
	if (!err) {
		hdr.req_id = req.id = next_id++;
		req.next = pending;
		pending = &req;
		linked = 1;
	}
	spin_unlock_irqrestore(&xs_lock, flags);
	if (!err) {
		err = ring_write(&hdr, sizeof(hdr), deadline);
		for (i = 0; i < n && !err; i++)
			err = ring_write(parts[i].data, parts[i].len, deadline);
		notify_remote_via_evtchn(port);
		if (err) {
			/* Part of a message is in req[]: xenstored would
			 * read what follows as its rest. */
			printk(KERN_ERR "xenstore: %s %s left half-written in the ring (%d): "
			       "xenstore calls fail with -EIO from now on\n", type_name(type), path, err);
			state = -EIO;
		}
		spin_lock_irqsave(&xs_lock, flags);
		writing = 0;
		wake_all();
		spin_unlock_irqrestore(&xs_lock, flags);
		if (!err)
			err = xs_wait(req_done, &req, deadline);
	}

	spin_lock_irqsave(&xs_lock, flags);
	if (!req.done && linked) {
		struct xs_req **r;

		for (r = &pending; *r != &req; r = &(*r)->next)
			;
		*r = req.next;
	}
	spin_unlock_irqrestore(&xs_lock, flags);
	if (!req.done) {
		/* Whether xenstored ever took the request tells its side
		 * from ours. */
		printk(KERN_ERR "xenstore: %s %s: %s after %u ms (%s)\n", type_name(type), path,
		       err == -ETIMEDOUT ? "no answer from xenstored" : "the ring is broken", timeout_ms,
		       intf->req_cons == intf->req_prod ? "it read the request" : "the request is still unread");
		return err ? err : -EIO;
	}
	if (!req.body)
		return -ENOMEM;
	if (req.hdr.type == XS_ERROR) {
		err = xs_errno(req.body);
		kfree(req.body);
		return err;
	}
	if (req.hdr.type != type) {
		printk(KERN_ERR "xenstore: %s %s: a reply of type %u\n", type_name(type), path, req.hdr.type);
		kfree(req.body);
		return -EPROTO;
	}
	if (reply)
		*reply = req.body;
	else
		kfree(req.body);
	return (int)req.hdr.len;
}

static int have_event(void *arg)
{
	(void)arg;
	return events != NULL;
}

struct xs_event *xs_next_event(void)
{
	struct xs_event *ev;
	unsigned long flags;

	spin_lock_irqsave(&xs_lock, flags);
	xs_wait_locked(have_event, NULL, 0);
	ev = events;
	events = ev->next;
	if (!events)
		events_tail = &events;
	spin_unlock_irqrestore(&xs_lock, flags);
	return ev;
}
