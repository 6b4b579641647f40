/*
 * xenpv/xenbus.h - the xenbus driver model for PV frontends: a driver
 * registers for a device type ("vbd", "vif", a vendor's own), is probed
 * for each device/<type>/<id> in our xenstore home, follows the
 * backend's state through xenbus and switches its own along
 * enum xenbus_state (<xen/io/xenbus.h>); plus what a driver needs
 * around Xen's shared-ring macros (<xen/io/ring.h>, included here with
 * the barriers it asks for): ring pages granted to the backend and an
 * event channel it binds to.
 *
 * Enumeration runs once, inside xenbus_register_driver, in the calling
 * task (module init, typically): probe runs there for each device in
 * directory order.  A probe that fails, or a device without a readable
 * "backend"/"backend-id", is reported on the console with the device's
 * path and the driver's name, and the other devices go on.  Devices that
 * appear later are not seen (no hotplug).  Without xenstore (dom0 here)
 * registration fails with -ENODEV, registers nothing and never probes.
 *
 * Backend state changes reach the driver's otherend_changed in the
 * "xenstore" task (<xenpv/xenstore.h>), only after probe returned 0,
 * once per change seen (a watch may coalesce quick changes: the driver
 * gets the state as read, as in Linux).  A callback must not wait for
 * the backend (xenbus_wait_otherend gives it -EINVAL): it would wait for
 * itself.  Nor may it unregister its driver.  Every call returns a
 * negative errno on failure.
 */
#ifndef XENPV_XENBUS_H
#define XENPV_XENBUS_H

#include <stdint.h>
#include <xenpv/errno.h>
#include <xenpv/irq.h>
#include <xenpv/xenstore.h>
#include <xen/xen.h>
#include <xen/grant_table.h>
#include <xen/io/xenbus.h>

/* io/ring.h leaves the barriers to its includer.  x86 keeps stores in
 * order and loads in order: only store-then-load needs a real fence. */
#ifndef xen_mb
#define xen_mb()  __asm__ __volatile__("lock; addl $0,0(%%esp)" ::: "memory", "cc")
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#endif
#include <xen/io/ring.h>

struct xenbus_driver;
struct xenbus_wait;

struct xenbus_device {
	const char *nodename;           /* ours: "device/vbd/51712" (relative to home) */
	const char *type;               /* "vbd" */
	const char *id;                 /* "51712" */
	const char *otherend;           /* the backend's absolute path */
	unsigned int otherend_id;       /* the backend's domain */
	enum xenbus_state state;        /* ours, as last switched */
	enum xenbus_state otherend_state;       /* the backend's, as last read */
	struct xenbus_driver *driver;
	void *priv;                     /* the driver's */
	/* Private. */
	struct xenstore_watch watch;
	enum xenbus_state told;         /* what otherend_changed was last given */
	int bound;                      /* probe returned 0 */
	int in_callback;
	struct xenbus_wait *waiters;
	struct xenbus_device *next;
};

struct xenbus_driver {
	const char *name;               /* for messages */
	const char *type;               /* the device/<type> it drives; one driver each */
	/* 0 binds the device; an error is reported and the device skipped. */
	int (*probe)(struct xenbus_device *dev);
	/* The backend's state changed (optional). */
	void (*otherend_changed)(struct xenbus_device *dev, enum xenbus_state backend_state);
	/* At unregister, for each bound device (optional): free what probe
	 * set up.  Our state is then switched to Closed unless it is. */
	void (*remove)(struct xenbus_device *dev);
	/* Private. */
	struct xenbus_device *devices;
	struct xenbus_driver *next;
};

/* Register and enumerate: the number of devices bound (0: none of that
 * type), -EBUSY if the type has a driver, -ENODEV without xenstore. */
int xenbus_register_driver(struct xenbus_driver *drv);
/* Remove every bound device (watch gone, remove(), freed); not from a
 * watch callback (refused, with a message). */
void xenbus_unregister_driver(struct xenbus_driver *drv);

/* Values under a directory (dev->nodename or dev->otherend), as in
 * Linux's xenbus_read/xenbus_printf.  read: the length, *value
 * kmalloc'd.  read_ulong: -ENOENT if missing, -EINVAL (reported) if the
 * value is not a number.  read_unsigned: def if missing or bad, for
 * optional features. */
int xenbus_read(xenstore_tx_t tx, const char *dir, const char *node, char **value);
int xenbus_read_ulong(xenstore_tx_t tx, const char *dir, const char *node, unsigned long *val);
unsigned long xenbus_read_unsigned(const char *dir, const char *node, unsigned long def);
int xenbus_printf(xenstore_tx_t tx, const char *dir, const char *node, const char *fmt, ...)
	XENPV_PRINTF(4, 5);

/* Write our "state" (in tx if not XENSTORE_TX_NONE; dev->state follows
 * the write, the caller's commit makes it true). */
int xenbus_switch_state(struct xenbus_device *dev, xenstore_tx_t tx, enum xenbus_state state);
/* Sleep until the backend's state is want: 0; -ETIMEDOUT after
 * timeout_ms (reported with the state seen); -ECONNRESET if it goes to
 * Closing, Closed or Unknown (its node gone) after having been open,
 * while want is none of those (one closed from the start may reconnect:
 * that wait runs on); -EINVAL in the xenstore task (from any watch
 * callback): the state arrives through that task. */
int xenbus_wait_otherend(struct xenbus_device *dev, enum xenbus_state want, unsigned int timeout_ms);
const char *xenbus_strstate(enum xenbus_state state);
/* A frontend's close: Closing, the backend following within timeout_ms,
 * then Closed, the backend following too (unless its state is gone);
 * each step taken whatever the one before gave: 0, or the first -errno. */
int xenbus_close(struct xenbus_device *dev, unsigned int timeout_ms);

/*
 * A shared ring: 2^order zeroed pages (contiguous, page-aligned, for
 * SHARED_RING_INIT/FRONT_RING_INIT with size XENBUS_RING_SIZE(ring)),
 * each granted to the backend, and a port allocated unbound for it,
 * bound to handler (NULL: no irq, the driver polls the port).
 *
 *     err = xenbus_ring_setup(dev, &ring, 0, my_irq, me);
 *     SHARED_RING_INIT((struct blkif_sring *)ring.sring);
 *     FRONT_RING_INIT(&front, (struct blkif_sring *)ring.sring, XENBUS_RING_SIZE(&ring));
 *     ... xenbus_ring_write(dev, tx, &ring) in the transaction that
 *     switches to Initialised ...
 *     RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
 *     if (notify)
 *             xenbus_ring_notify(&ring);
 */
#define XENBUS_RING_MAX_ORDER 4         /* 16 pages, as Linux's frontends */
#define XENBUS_RING_SIZE(r) (4096u << (r)->order)

struct xenbus_ring {
	void *sring;
	unsigned int order;
	grant_ref_t refs[1u << XENBUS_RING_MAX_ORDER];
	unsigned int nr_granted;        /* refs[0..nr_granted) are live */
	unsigned int evtchn;            /* our port, 0: none */
	int irq;                        /* bound irq, or -1 */
	void *dev_id;
};

int xenbus_ring_setup(struct xenbus_device *dev, struct xenbus_ring *ring, unsigned int order,
		      irq_handler_t handler, void *dev_id);
/* Order 0: "ring-ref"; more: "ring-page-order" and "ring-ref0".. ; and
 * "event-channel", under our nodename.  The other form's node, left by
 * an earlier connection, is removed. */
int xenbus_ring_write(struct xenbus_device *dev, xenstore_tx_t tx, const struct xenbus_ring *ring);
int xenbus_ring_notify(const struct xenbus_ring *ring);
/* Close the port, end the grants, free the pages.  -EBUSY (reported)
 * while the backend still maps a page: the pages are kept, call again
 * after it has unmapped (once it is Closed). */
int xenbus_ring_free(struct xenbus_ring *ring);

#endif
