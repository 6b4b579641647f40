/*
 * libxenpvback: the backend half of a Xen split driver, as a library for
 * dom0 (or driver domain) daemons.  A daemon registers a driver for one
 * device type; the library watches xenstore for the toolstack's
 * backend/<type>/<domid>/<devid> directories, follows each frontend's
 * XenbusState from the backend side, maps the frontend's ring (one page,
 * or 2^ring-page-order pages) and binds its event channel, and calls the
 * driver with each request, a private copy, and the response slot to
 * fill.  Responses are pushed with notification suppression.  A frontend
 * that misbehaves (a value that is not a number, a ring reference it did
 * not grant, ring indices out of range, a request the driver refuses)
 * gets its device closed and logged; the daemon and the other devices go
 * on.  See xenpvback(3).
 *
 * Every function that can fail returns 0 (or a count) on success and a
 * negative errno value on failure.
 */
#ifndef XENPVBACK_H
#define XENPVBACK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct xpvb;            /* a daemon's connection to xenstore, grants, events */
struct xpvb_device;     /* one frontend's device of a registered type */

/* The most ring pages a frontend may share (ring-page-order 0..4). */
#define XPVB_MAX_RING_ORDER 4

/* The three sizes of a ring declared with DEFINE_RING_TYPES(name, ...)
 * of <xen/io/ring.h>, for a struct xpvb_driver initialiser. */
#define XPVB_RING_SIZES(name)                                                   \
	.request_size = sizeof(((union name##_sring_entry *)0)->req),           \
	.response_size = sizeof(((union name##_sring_entry *)0)->rsp),          \
	.entry_size = sizeof(union name##_sring_entry)

struct xpvb_driver {
	const char *type;               /* xenstore device type, as "vbd" */
	size_t request_size, response_size, entry_size;   /* XPVB_RING_SIZES */
	/* Offered to the frontend as max-ring-page-order (0: one page,
	 * read from ring-ref; more: ring-page-order and ring-ref0..N-1). */
	unsigned int max_ring_order;
	/* The ring is mapped and the channel bound, the device about to go
	 * Connected: read the frontend's other values, set up.  Optional;
	 * -errno closes the device. */
	int (*connect)(struct xpvb_device *dev);
	/* One request (a copy of it, safe from the frontend) and the slot of
	 * its response to fill.  0 pushes the response; -errno says the
	 * frontend misbehaved: the device is closed, nothing pushed. */
	int (*request)(struct xpvb_device *dev, const void *req, void *rsp);
	/* The device leaves Connected (the frontend closes, its domain dies,
	 * the daemon exits, a fault): release what connect took.  Data pages
	 * still mapped through xpvb_map are unmapped after it.  Optional. */
	void (*disconnect)(struct xpvb_device *dev);
	void *data;                     /* the driver's own: xpvb_driver_data */
};

/* How a message reaches the daemon's log (default: stderr). */
enum xpvb_log_level { XPVB_LOG_ERROR, XPVB_LOG_INFO };
typedef void xpvb_log_fn(void *arg, enum xpvb_log_level level, const char *msg);

/* What is held now, and what happened: for a daemon's report and for
 * tests that no mapping or port outlives its device. */
struct xpvb_counts {
	unsigned int devices;           /* known: a backend directory seen */
	unsigned int connected;
	unsigned int mapped_pages;      /* rings and data pages, all devices */
	unsigned int bound_ports;
	unsigned long requests;         /* answered, all devices, ever */
	unsigned long notifications;    /* sent to frontends, ever */
	unsigned int faults;            /* devices closed for misbehaving, ever */
	unsigned int removed;           /* devices gone (directory or domain), ever */
};

/* Open xenstore, the grant device and the event channel device. */
int xpvb_open(struct xpvb **xb);
/* Tear down every device (disconnect, unmap, unbind, state Closed),
 * close the devices and free xb.  NULL is ignored. */
void xpvb_close(struct xpvb *xb);
void xpvb_set_log(struct xpvb *xb, xpvb_log_fn *fn, void *arg);

/* Serve drv's device type: devices already there are picked up by the
 * first xpvb_run.  drv must outlive xb.  -EINVAL (a bad type or sizes
 * that make no ring), -EEXIST (the type is served already). */
int xpvb_register(struct xpvb *xb, const struct xpvb_driver *drv);
/* Wait up to timeout_ms (-1: for ever) for xenstore or an event
 * channel, and handle what came: the number of events handled, or
 * -errno for a failure of the daemon itself (a device's failure closes
 * that device and is not returned). */
int xpvb_run(struct xpvb *xb, int timeout_ms);
/* The file descriptors xpvb_run polls, for a daemon's own loop: fills
 * up to n, returns how many there are. */
int xpvb_fds(const struct xpvb *xb, int *fds, int n);
void xpvb_get_counts(const struct xpvb *xb, struct xpvb_counts *counts);

/* A device. */
unsigned int xpvb_device_domid(const struct xpvb_device *dev);
unsigned int xpvb_device_id(const struct xpvb_device *dev);
const char *xpvb_device_frontend(const struct xpvb_device *dev);   /* its xenstore path */
const char *xpvb_device_backend(const struct xpvb_device *dev);
void *xpvb_driver_data(const struct xpvb_device *dev);
void *xpvb_device_priv(const struct xpvb_device *dev);
void xpvb_device_set_priv(struct xpvb_device *dev, void *priv);
unsigned int xpvb_device_ring_size(const struct xpvb_device *dev);  /* requests */
/* The frontend's node as a number no greater than max; -ENOENT when it
 * is not there, -EINVAL when it is not such a number. */
int xpvb_device_read_ulong(struct xpvb_device *dev, const char *node, unsigned long max,
			   unsigned long *value);
/* Our (the backend's) node. */
int xpvb_device_write(struct xpvb_device *dev, const char *node, const char *value);
/* Log a fault of the frontend's and close the device; returns err, so
 * that a callback can end with 'return xpvb_device_fail(...)'. */
int xpvb_device_fail(struct xpvb_device *dev, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Map n pages the frontend granted (refs), contiguously, read-only or
 * writable: *addr.  -EINVAL for n out of 1..XPVB_MAX_MAP, or the error
 * of a ref the domain did not grant us (nothing stays mapped then). */
#define XPVB_MAX_MAP 256
int xpvb_map(struct xpvb_device *dev, const uint32_t *refs, unsigned int n, int writable,
	     void **addr);
int xpvb_unmap(struct xpvb_device *dev, void *addr, unsigned int n);

#ifdef __cplusplus
}
#endif
#endif
