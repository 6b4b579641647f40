/*
 * skeleton: the frontend half of a sample split driver (see skeleton.h,
 * and skeleton-proto.h for the wire protocol).
 *
 * At init it registers a xenbus driver for SKELETON_DEVICE_TYPE; probe
 * (in the registering task) connects device 0: the backend's InitWait,
 * a ring of up to 2 pages (as the backend offers) granted to it and an
 * event channel, both written with Initialised in one transaction, the
 * backend's Connected.  A
 * request goes on the ring and the caller waits for its response.
 * Everything the backend hands back is checked (ring indices, ids,
 * lengths, status): anything impossible closes the device with one
 * line, "skeleton: NODE: FAULT: closing".  Module exit closes it
 * (Closing, Closed, the backend following) and ends the grant only once
 * the backend has unmapped the ring.  At the end of init the driver runs
 * its user program, skeleton-ping (see skeleton_ping below).  Copy the
 * project, rename it (see README) and make the ring carry your device's
 * operations.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/wait.h>
#include <xenpv/xenbus.h>
#include <xenpv/reqid.h>
#include <xenpv/task.h>
#include <xenpv/time.h>
#include <xenpv/events.h>
#include <xenpv/param.h>

#include "skeleton.h"

#define TIMEOUT_MS 10000                /* for each backend state, and each response */

static struct skeleton {
	struct xenbus_device *xdev;
	struct xenbus_ring ring;
	skeleton_front_ring_t front;
	int ring_live;                  /* set up (and maybe mapped by the backend) */
	int err;                        /* 0 while usable, -EIO once closed */
	char fault[120];
	volatile unsigned int kicked;   /* the ring's irq came ... */
	wait_queue_head_t kick_wq;      /* ... which wakes the caller waiting here */
	struct skeleton_stats st;
} dev = { .kick_wq = WAIT_QUEUE_HEAD_INIT(dev.kick_wq) };
static int status = -ENODEV;
static int registered;
REQID_DEFINE(ids, 8);

static void fail(const char *fmt, ...) XENPV_PRINTF(1, 2);
static void fail(const char *fmt, ...)
{
	va_list ap;

	if (dev.err)
		return;                 /* the first fault is the one reported */
	va_start(ap, fmt);
	vsnprintf(dev.fault, sizeof(dev.fault), fmt, ap);
	va_end(ap);
	dev.err = -EIO;
	status = -EIO;
	pr_err("skeleton: %s: %s: closing\n", dev.xdev->nodename, dev.fault);
}

static irqreturn_t skeleton_irq(int irq, void *dev_id, struct pt_regs *regs)
{
	(void)irq, (void)dev_id, (void)regs;
	dev.kicked = 1;                 /* the waiting caller takes the response */
	dev.st.irqs++;
	wake_up(&dev.kick_wq);          /* on whichever vCPU it waits */
	return IRQ_HANDLED;
}

/* ring-ref, event-channel and Initialised: in one transaction. */
static int write_ring(xenstore_tx_t tx, void *arg)
{
	int err = xenbus_ring_write(dev.xdev, tx, &dev.ring);

	(void)arg;
	return err ? err : xenbus_switch_state(dev.xdev, tx, XenbusStateInitialised);
}

static int connect(void)
{
	struct xenbus_device *x = dev.xdev;
	unsigned long order;
	int err;

	err = xenbus_wait_otherend(x, XenbusStateInitWait, TIMEOUT_MS);
	/* As many ring pages as the backend takes, up to ours. */
	order = xenbus_read_unsigned(x->otherend, "max-ring-page-order", 0);
	if (order > SKELETON_RING_ORDER)
		order = SKELETON_RING_ORDER;
	if (!err)
		err = xenbus_ring_setup(x, &dev.ring, (unsigned int)order, skeleton_irq, &dev);
	if (err)
		return err;
	dev.ring_live = 1;
	SHARED_RING_INIT((struct skeleton_sring *)dev.ring.sring);
	FRONT_RING_INIT(&dev.front, (struct skeleton_sring *)dev.ring.sring, XENBUS_RING_SIZE(&dev.ring));
	reqid_init(&ids);
	err = xenstore_transact(write_ring, NULL);
	if (!err)
		err = xenbus_wait_otherend(x, XenbusStateConnected, TIMEOUT_MS);
	if (!err)
		err = xenbus_switch_state(x, XENSTORE_TX_NONE, XenbusStateConnected);
	if (err)
		return err;
	pr_info("skeleton: %s: connected to backend domain %u, a %u-request ring\n",
		x->nodename, x->otherend_id, RING_SIZE(&dev.front));
	return 0;
}

/* Closing, then Closed, the backend following each (bounded waits);
 * then the ring, unless the backend still maps it (then it is kept:
 * freeing it would hand the backend a page we reuse). */
static void disconnect(void)
{
	struct xenbus_device *x = dev.xdev;

	if (!dev.ring_live)
		return;
	xenbus_close(x, 5000);          /* a backend that does not follow is reported */
	if (xenbus_ring_free(&dev.ring) == 0)
		dev.ring_live = 0;
	if (dev.ring_live)
		pr_err("skeleton: %s: the backend still maps the ring: it is kept\n", x->nodename);
	else
		pr_info("skeleton: %s: closed after %lu requests\n", x->nodename, dev.st.requests);
}

static int skeleton_probe(struct xenbus_device *x)
{
	int err;

	if (strcmp(x->id, "0") != 0 || dev.xdev)
		return -ENODEV;         /* reported by xenbus: we drive device 0 only */
	dev.xdev = x;
	err = connect();
	if (err && !dev.err)
		fail("cannot connect to %s (%d)", x->otherend, err);
	if (dev.err)
		disconnect();           /* kept, closed: calls give -EIO */
	else
		status = 1;
	return 0;
}

/* In the xenstore task: no waiting here; module exit tidies up. */
static void skeleton_changed(struct xenbus_device *x, enum xenbus_state s)
{
	if (x->state == XenbusStateConnected &&
	    (s == XenbusStateClosing || s == XenbusStateClosed || s == XenbusStateUnknown))
		fail("backend went %s", xenbus_strstate(s));
}

static struct xenbus_driver skeleton_driver = {
	.name = "skeleton", .type = SKELETON_DEVICE_TYPE,
	.probe = skeleton_probe, .otherend_changed = skeleton_changed,
};

/* Sleep until the ring's irq, or 10 ms.  A wait queue, not safe_halt:
 * the irq may come on another vCPU than the one this task runs on. */
static void wait_kick(void)
{
	yield();                        /* the xenstore task, if it has work */
	wait_event_timeout(dev.kick_wq, dev.kicked, 10);
}

/* The response to our one request in flight, copied once and checked:
 * its length and data in out, or -errno. */
static int take_response(void *out)
{
	uint64_t deadline = xenpv_clock_ns() + TIMEOUT_MS * NSEC_PER_MSEC;
	struct skeleton_response rsp;
	RING_IDX prod;
	void *cookie;
	int n, more;

	for (;;) {
		dev.kicked = 0;
		prod = dev.front.sring->rsp_prod;
		xen_rmb();              /* the responses after the index that covers them */
		n = ring_responses_ready(prod, dev.front.rsp_cons, ids.in_flight);
		if (n < 0) {
			fail("backend's rsp_prod %u is impossible (rsp_cons %u, %u in flight)",
			     prod, dev.front.rsp_cons, ids.in_flight);
			return -EIO;
		}
		if (n > 0)
			break;
		RING_FINAL_CHECK_FOR_RESPONSES(&dev.front, more);
		if (more)
			continue;
		if (dev.err)
			return -EIO;
		if (xenpv_clock_ns() >= deadline) {
			fail("no response from the backend in %u ms", TIMEOUT_MS);
			return -EIO;
		}
		wait_kick();
	}
	rsp = *RING_GET_RESPONSE(&dev.front, dev.front.rsp_cons);
	dev.front.rsp_cons++;
	if (reqid_put(&ids, rsp.id, &cookie)) {
		fail("backend answered id %u, which is not in flight", rsp.id);
		return -EIO;
	}
	if (rsp.len > SKELETON_MAX_DATA) {
		fail("backend's response of %u bytes is over %u", rsp.len, SKELETON_MAX_DATA);
		return -EIO;
	}
	switch (rsp.status) {
	case SKELETON_STATUS_OK:
		memcpy(out, rsp.data, rsp.len);
		return rsp.len;
	case SKELETON_STATUS_BADOP:
		return -EOPNOTSUPP;
	case SKELETON_STATUS_BADLEN:
		return -EINVAL;
	}
	fail("backend's status %d is none of the protocol's", rsp.status);
	return -EIO;
}

int skeleton_call(unsigned int op, const void *in, size_t len, void *out)
{
	struct skeleton_request *req;
	int id, notify;

	if (dev.err)
		return -EIO;
	if (status != 1)
		return -ENODEV;
	if (!in || !out || len == 0 || len > SKELETON_MAX_DATA || op > 0xff)
		return -EINVAL;
	id = reqid_get(&ids, NULL);
	if (id < 0)
		return id;
	req = RING_GET_REQUEST(&dev.front, dev.front.req_prod_pvt);
	req->id = (uint16_t)id;
	req->op = (uint8_t)op;
	req->len = (uint8_t)len;
	memcpy(req->data, in, len);
	dev.front.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&dev.front, notify);
	if (notify) {
		xenbus_ring_notify(&dev.ring);
		dev.st.notifications++;
	}
	dev.st.requests++;
	return take_response(out);
}

int skeleton_reverse(const void *in, size_t len, void *out)
{
	int n = skeleton_call(SKELETON_OP_REVERSE, in, len, out);

	if (n >= 0 && (size_t)n != len) {
		fail("backend reversed %u bytes into %d", (unsigned int)len, n);
		return -EIO;
	}
	return n < 0 ? n : 0;
}

int skeleton_status(void)
{
	return status;
}

int skeleton_ready(void)
{
	return status == 1;
}

const char *skeleton_fault(void)
{
	return dev.err ? dev.fault : NULL;
}

void skeleton_get_stats(struct skeleton_stats *st)
{
	*st = dev.st;
}

/*
 * The user program (user/skeleton-ping.c).  Its event channel is a
 * loopback pair: our end bound to ping_irq, the other given to the
 * program as handle 0.  A handler may not sleep and a round trip does,
 * so the handler only counts and wakes a task of ours, ping_serve,
 * which answers; the caller of skeleton_ping waits for the program.
 */
static struct {
	wait_queue_head_t wq;           /* ping_serve sleeps here */
	volatile unsigned long asked;   /* the program's notifications */
	volatile int armed;             /* count from now on */
	volatile int stop;              /* the program has ended */
	int busy, irq;
} ping = { .wq = WAIT_QUEUE_HEAD_INIT(ping.wq) };
static unsigned int ping_rounds = SKELETON_PING_ROUNDS;
static struct skeleton_ping_report ping_init_report;
static int ping_init_ran;
XENPV_PARAM(skeleton, ping, uint, &ping_rounds, 0, SKELETON_PING_MAX,
	    "round trips of the skeleton-ping program at init (0: it does not run)");

static irqreturn_t ping_irq(int irq, void *dev_id, struct pt_regs *regs)
{
	(void)irq, (void)dev_id, (void)regs;
	if (ping.armed) {               /* not the bind's own event (<xenpv/events.h>) */
		ping.asked++;
		wake_up(&ping.wq);
	}
	return IRQ_HANDLED;
}

/* One answer: after a request to the backend, if there is a device. */
static void ping_answer(struct skeleton_ping_report *r)
{
	char msg[SKELETON_MAX_DATA], back[SKELETON_MAX_DATA];
	int len, i, err = 0;

	if (r->device) {
		len = snprintf(msg, sizeof(msg), "ping %lu", r->answered + 1);
		err = skeleton_reverse(msg, (size_t)len, back);
		for (i = 0; !err && i < len; i++)
			if (back[i] != msg[len - 1 - i]) {
				fail("backend's answer to '%s' is not its bytes reversed", msg);
				err = -EIO;
			}
		if (err) {
			r->failed++;
			if (!r->err)
				r->err = err;
		} else {
			r->round_trips++;
		}
	}
	r->answered++;
	notify_remote_via_irq((unsigned int)ping.irq);
}

/* Answer each notification, until the program has ended and every one
 * it sent is answered. */
static int ping_serve(void *arg)
{
	struct skeleton_ping_report *r = arg;
	int rc;

	for (;;) {
		rc = wait_event(ping.wq, ping.asked != r->answered || ping.stop);
		if (rc)
			return rc;
		if (ping.asked == r->answered)
			return 0;
		ping_answer(r);
	}
}

int skeleton_ping(unsigned int rounds, struct skeleton_ping_report *r)
{
	const struct xenpv_program *prog = program_find("skeleton-ping");
	char n[12];
	const char *argv[] = { "skeleton-ping", n, NULL, NULL };
	struct process *p;
	struct task *server;
	unsigned int port;
	int rc, h;

	memset(r, 0, sizeof(*r));
	r->rounds = rounds;
	if (!prog)
		return -ENOENT;
	if (rounds == 0 || rounds > SKELETON_PING_MAX)
		return -EINVAL;
	if (ping.busy)
		return -EBUSY;
	ping.busy = 1;
	ping.asked = 0;
	ping.armed = ping.stop = 0;
	r->device = skeleton_ready();
	snprintf(n, sizeof(n), "%u", rounds);
	if (!r->device)
		argv[2] = "no-device";
	rc = evtchn_alloc_unbound(DOMID_SELF_ID, &port);
	if (rc)
		goto out;
	ping.irq = bind_interdomain_evtchn_to_irqhandler(DOMID_SELF_ID, port, ping_irq,
							"skeleton-ping", &ping);
	if (ping.irq < 0) {
		rc = ping.irq;
		evtchn_close(port);
		goto out;
	}
	/* The bind's own event: handled by now if events are on (ignored,
	 * not armed), dropped if they are not. */
	clear_evtchn((unsigned int)irq_to_evtchn(ping.irq));
	ping.armed = 1;
	/* The server first: a program with no one to answer it would wait
	 * for good. */
	server = task_create(ping_serve, r, &(struct task_opts){ .name = "skeleton-ping-server" });
	rc = server ? process_spawn_program(prog, &(struct process_opts){ .argv = argv }, &p) : -ENOMEM;
	if (rc == 0) {
		r->pid = process_pid(p);
		h = process_bind_event(p, port);
		if (h < 0) {
			rc = h;         /* the program finds no handle 0: it exits 3 */
			evtchn_close(port);
		}
		h = process_wait(p, &r->status);
		if (!rc)
			rc = h;
		if (!rc && (r->status.killed || r->status.code != 0))
			rc = -EIO;
	} else {
		evtchn_close(port);     /* no program to close its end */
	}
	if (server) {
		ping.stop = 1;
		wake_up(&ping.wq);
		task_join(server, NULL);
	}
	r->asked = ping.asked;
	unbind_from_irqhandler((unsigned int)ping.irq, &ping);
out:
	ping.busy = 0;
	return rc;
}

const struct skeleton_ping_report *skeleton_ping_at_init(void)
{
	return ping_init_ran ? &ping_init_report : NULL;
}

/* The run at init: one line on how it went.  Round trips that failed
 * are the device's fault, which the console names already; a program
 * that failed fails the init. */
static int ping_at_init(void)
{
	struct skeleton_ping_report *r = &ping_init_report;
	char how[24];
	int rc;

	if (!ping_rounds)
		return 0;
	rc = skeleton_ping(ping_rounds, r);
	if (rc == -ENOENT) {
		pr_info("skeleton: this kernel carries no skeleton-ping program: not run\n");
		return 0;
	}
	ping_init_ran = 1;
	if (!r->pid) {
		pr_err("skeleton: skeleton-ping not started (%d)\n", rc);
		return rc;
	}
	if (r->status.killed)
		snprintf(how, sizeof(how), "was killed");
	else
		snprintf(how, sizeof(how), "exited %d", r->status.code);
#define PING_LINE "skeleton: skeleton-ping (pid %u) %s: %lu notifications answered, " \
	"%lu after a round trip to the backend, %lu after a failed one%s\n"
	printk(rc ? KERN_ERR PING_LINE : KERN_INFO PING_LINE, r->pid, how, r->answered,
	       r->round_trips, r->failed, r->device ? "" : " (no device)");
#undef PING_LINE
	return rc;
}

static int skeleton_init(void)
{
	int n = xenbus_register_driver(&skeleton_driver);

	if (n == -ENODEV) {
		pr_info("skeleton: no xenstore (dom0 here): no %s device\n", SKELETON_DEVICE_TYPE);
		return ping_at_init();  /* no device is not a failure of the kernel */
	}
	if (n < 0) {
		pr_err("skeleton: cannot register for %s devices (%d)\n", SKELETON_DEVICE_TYPE, n);
		status = n;
		return n;
	}
	registered = 1;
	if (!dev.xdev) {
		status = 0;
		pr_info("skeleton: no device/%s/0: no backend set one up for this domain (see README)\n",
			SKELETON_DEVICE_TYPE);
	}
	return ping_at_init();
}

/* Close the device while the backend's state is still watched (after
 * unregister's unwatch no wait could see the backend follow). */
static void skeleton_exit(void)
{
	if (dev.xdev)
		disconnect();
	if (registered)
		xenbus_unregister_driver(&skeleton_driver);
}

XENPV_MODULE(skeleton, skeleton_init, skeleton_exit);
