/*
 * The xenbus driver model (<xenpv/xenbus.h>): drivers by device type,
 * enumeration of device/<type>/<id> at registration, a watch on each
 * backend's state whose callback (in the xenstore task) records the
 * state, wakes waiters and tells the driver, and the bounded wait for a
 * backend state.  Values and rings are in xenbus_ring.c.
 */
#include <xenpv/kernel.h>
#include <xenpv/spinlock.h>
#include <xenpv/mm.h>
#include <xenpv/task.h>
#include <xenpv/time.h>
#include <xenpv/xenbus.h>
#include <kernel/paravirt.h>
#include <kernel/task.h>
#include <kernel/irq.h>
#include <kernel/boot.h>
#include "xenstore.h"

struct xenbus_wait {
	struct task *task;
	struct xenbus_wait *next;
};

/* Each device's backend state as last read and its waiters. */
static DEFINE_SPINLOCK(xenbus_lock);

static struct xenbus_driver *drivers;

static const char *const state_names[] = {
	"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
	"Closing", "Closed", "Reconfiguring", "Reconfigured",
};

const char *xenbus_strstate(enum xenbus_state state)
{
	return (unsigned int)state < ARRAY_SIZE(state_names) ? state_names[state] : "invalid";
}

static void wake_waiters(struct xenbus_device *dev)
{
	struct xenbus_wait *w;

	for (w = dev->waiters; w; w = w->next)
		task_wake(w->task);
}

static enum xenbus_state read_state(const char *dir)
{
	unsigned long v;

	if (xenbus_read_ulong(XENSTORE_TX_NONE, dir, "state", &v) || v > XenbusStateReconfigured)
		return XenbusStateUnknown;      /* gone, or nonsense: as Linux reads it */
	return (enum xenbus_state)v;
}

/* In the xenstore task: <otherend>/state was written (or removed). */
static void otherend_watch(struct xenstore_watch *w, const char *path)
{
	struct xenbus_device *dev = w->data;
	enum xenbus_state s;
	unsigned long flags;

	(void)path;
	dev->in_callback = 1;           /* unregister waits for it */
	s = read_state(dev->otherend);
	spin_lock_irqsave(&xenbus_lock, flags);
	dev->otherend_state = s;
	wake_waiters(dev);
	spin_unlock_irqrestore(&xenbus_lock, flags);
	if (dev->bound && s != dev->told && dev->driver->otherend_changed) {
		dev->told = s;
		dev->driver->otherend_changed(dev, s);
	}
	dev->in_callback = 0;
}

static void wake_task(void *arg)
{
	task_wake(arg);
}

static int closed(enum xenbus_state s)
{
	return s == XenbusStateClosing || s == XenbusStateClosed || s == XenbusStateUnknown;
}

int xenbus_wait_otherend(struct xenbus_device *dev, enum xenbus_state want, unsigned int timeout_ms)
{
	struct xenbus_wait w = { .task = task_current() }, **p;
	uint64_t deadline = xenpv_clock_ns() + (uint64_t)timeout_ms * NSEC_PER_MSEC;
	struct xenpv_timer t;
	enum xenbus_state s;
	unsigned long flags;
	int err, was_open;

	if (might_sleep("xenbus_wait_otherend"))
		return -EDEADLK;
	if (!dev || xs_in_watch_task())
		return -EINVAL;
	spin_lock_irqsave(&xenbus_lock, flags);
	was_open = !closed(dev->otherend_state);
	w.next = dev->waiters;
	dev->waiters = &w;
	xenpv_timer_add(&t, (uint64_t)timeout_ms * NSEC_PER_MSEC, wake_task, w.task);
	for (;;) {
		s = dev->otherend_state;
		if (s == want) {
			err = 0;
			break;
		}
		/* Closed from the start it may yet reconnect: only a
		 * close after being open ends the wait early. */
		was_open |= !closed(s);
		if (!closed(want) && closed(s) && was_open) {
			err = -ECONNRESET;
			break;
		}
		if (xenpv_clock_ns() >= deadline) {
			err = -ETIMEDOUT;
			break;
		}
		spin_unlock(&xenbus_lock);
		task_sleep();           /* a wake-up meanwhile is not lost */
		spin_lock(&xenbus_lock);
	}
	spin_unlock(&xenbus_lock);
	xenpv_timer_cancel(&t);
	spin_lock(&xenbus_lock);
	for (p = &dev->waiters; *p != &w; p = &(*p)->next)
		;
	*p = w.next;
	spin_unlock_irqrestore(&xenbus_lock, flags);
	if (err)
		printk(KERN_ERR "xenbus: %s: waited for backend %s to be %s: %s (it is %s)\n",
		       dev->nodename, dev->otherend ? dev->otherend : "?", xenbus_strstate(want),
		       err == -ETIMEDOUT ? "timed out" : "it closed", xenbus_strstate(s));
	return err;
}

int xenbus_switch_state(struct xenbus_device *dev, xenstore_tx_t tx, enum xenbus_state state)
{
	int err = xenbus_printf(tx, dev->nodename, "state", "%d", (int)state);

	if (err)
		printk(KERN_ERR "xenbus: %s: cannot switch to %s (%d)\n", dev->nodename,
		       xenbus_strstate(state), err);
	else
		dev->state = state;
	return err;
}

int xenbus_close(struct xenbus_device *dev, unsigned int timeout_ms)
{
	int err = xenbus_switch_state(dev, XENSTORE_TX_NONE, XenbusStateClosing), err2;

	if (!err)
		err = xenbus_wait_otherend(dev, XenbusStateClosing, timeout_ms);
	err2 = xenbus_switch_state(dev, XENSTORE_TX_NONE, XenbusStateClosed);
	if (!err2 && dev->otherend_state != XenbusStateUnknown)
		err2 = xenbus_wait_otherend(dev, XenbusStateClosed, timeout_ms);
	return err ? err : err2;
}

static void free_device(struct xenbus_device *dev)
{
	kfree((void *)dev->watch.path);
	kfree((void *)dev->otherend);
	kfree(dev);
}

/* After this no callback runs for dev, nor is one still running. */
static void unwatch_device(struct xenbus_device *dev)
{
	xenstore_unwatch(&dev->watch);
	dev->bound = 0;
	while (dev->in_callback)
		yield();
}

/* Read one device's details, watch its backend, probe it: 1 if bound. */
static int probe_one(struct xenbus_driver *drv, const char *id)
{
	size_t ilen = strlen(id), tlen = strlen(drv->type);
	/* The strings live after the struct: nodename, token, watch path. */
	struct xenbus_device *dev = kzalloc(sizeof(*dev) + 3 * (tlen + ilen + 16));
	char *nodename, *token, *otherend = NULL;
	unsigned long backend_id;
	int err;

	if (!dev) {
		printk(KERN_ERR "xenbus: driver %s: out of memory for device/%s/%s\n", drv->name, drv->type, id);
		return 0;
	}
	nodename = (char *)(dev + 1);
	snprintf(nodename, tlen + ilen + 16, "device/%s/%s", drv->type, id);
	token = nodename + strlen(nodename) + 1;
	snprintf(token, tlen + ilen + 16, "xenbus:%s", nodename);
	dev->nodename = nodename;
	dev->type = drv->type;
	dev->id = nodename + 8 + tlen;
	dev->driver = drv;
	err = xenbus_read(XENSTORE_TX_NONE, nodename, "backend", &otherend);
	if (err >= 0 && !(err > 0 && otherend[0] == '/'))
		err = -EINVAL;          /* the backend path must be absolute */
	if (err >= 0)
		err = xenbus_read_ulong(XENSTORE_TX_NONE, nodename, "backend-id", &backend_id);
	if (err < 0) {
		printk(KERN_ERR "xenbus: driver %s: %s has no usable backend/backend-id (%d): skipped\n",
		       drv->name, nodename, err);
		kfree(otherend);
		kfree(dev);
		return 0;
	}
	dev->otherend = otherend;
	dev->otherend_id = (unsigned int)backend_id;
	dev->state = read_state(nodename);
	dev->otherend_state = read_state(otherend);
	/* Watched before probe, so that probe may wait for the backend. */
	dev->watch.path = kmalloc(strlen(otherend) + 7);
	if (!dev->watch.path) {
		free_device(dev);
		return 0;
	}
	snprintf((char *)dev->watch.path, strlen(otherend) + 7, "%s/state", otherend);
	dev->watch.token = token;
	dev->watch.fn = otherend_watch;
	dev->watch.data = dev;
	err = xenstore_watch(&dev->watch);
	if (err) {
		printk(KERN_ERR "xenbus: driver %s: %s: cannot watch %s (%d): skipped\n",
		       drv->name, nodename, dev->watch.path, err);
		free_device(dev);
		return 0;
	}
	err = drv->probe(dev);
	if (err) {
		printk(KERN_ERR "xenbus: driver %s: probe of %s failed (%d); the other devices go on\n",
		       drv->name, nodename, err);
		unwatch_device(dev);
		free_device(dev);
		return 0;
	}
	dev->told = dev->otherend_state;
	dev->bound = 1;
	dev->next = drv->devices;
	drv->devices = dev;
	return 1;
}

int xenbus_register_driver(struct xenbus_driver *drv)
{
	struct xenbus_driver *d;
	char path[64], **ids = NULL;
	int i, n, bound = 0;

	if (!drv || !drv->type || !*drv->type || strlen(drv->type) > 32 || strchr(drv->type, '/') ||
	    !drv->probe)
		return -EINVAL;
	if (!drv->name)
		drv->name = drv->type;
	if (!xenstore_available())
		return -ENODEV;         /* dom0 here: no bus, nothing probed */
	for (d = drivers; d; d = d->next)
		if (d == drv || strcmp(d->type, drv->type) == 0)
			return -EBUSY;
	snprintf(path, sizeof(path), "device/%s", drv->type);
	n = xenstore_directory(XENSTORE_TX_NONE, path, &ids);
	if (n == -ENOENT)
		n = 0;                  /* no device of that type */
	if (n < 0) {
		printk(KERN_ERR "xenbus: driver %s: cannot list %s (%d)\n", drv->name, path, n);
		return n;
	}
	drv->devices = NULL;
	drv->next = drivers;
	drivers = drv;
	for (i = 0; i < n; i++)
		bound += probe_one(drv, ids[i]);
	if (ids)
		kfree(ids);
	printk(KERN_INFO "xenbus: driver %s: %d of %d %s device(s) bound\n", drv->name, bound, n, drv->type);
	boot_phase_of("xenbus_probe_", drv->type);
	return bound;
}

void xenbus_unregister_driver(struct xenbus_driver *drv)
{
	struct xenbus_driver **p;
	struct xenbus_device *dev;

	if (xs_in_watch_task()) {
		/* The callback running now would return into a freed device. */
		printk(KERN_ERR "xenbus: driver %s: unregister from a xenbus callback refused\n",
		       drv ? drv->name : "?");
		return;
	}
	for (p = &drivers; *p && *p != drv; p = &(*p)->next)
		;
	if (!drv || !*p)
		return;
	*p = drv->next;
	while ((dev = drv->devices)) {
		drv->devices = dev->next;
		unwatch_device(dev);
		if (drv->remove)
			drv->remove(dev);
		if (dev->state != XenbusStateClosed)
			xenbus_switch_state(dev, XENSTORE_TX_NONE, XenbusStateClosed);
		free_device(dev);
	}
}
