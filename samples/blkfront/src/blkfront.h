/*
 * blkfront: a PV block frontend (Xen's blkif protocol) for other modules.
 *
 * At init the driver registers for "vbd" devices and connects each one
 * to its backend (Linux's xen-blkback, typically): protocol x86_32-abi,
 * a ring of up to 2^max-ring-page-order pages (at most
 * XENBUS_RING_MAX_ORDER), the disk's size and sector size.  Everything
 * the backend hands over is checked; a bad value, a response that cannot
 * be true or a backend that stops answering closes that device, with a
 * console line naming the fault, and every later call on it returns
 * -EIO at once.
 *
 * Transfers are synchronous for the caller, who may pass any buffer:
 * the data go through the driver's own pages (the backend never sees the
 * caller's memory), BLKFRONT_MAX_INFLIGHT requests on the ring at once.
 * A request carries 11 pages, or up to BLKFRONT_MAX_SEGMENTS through an
 * indirect descriptor page when the backend offers
 * feature-max-indirect-segments.  When both sides offer
 * feature-persistent, each page is granted once, on its first use, and
 * the backend keeps it mapped until the device closes; otherwise each
 * page is granted for its request only.  Kernel command-line options, for a
 * baseline or a backend that mishandles a feature:
 *     blkfront.max_inflight=1..16  requests in flight at most (16)
 *     blkfront.max_segments=1..32  pages a request carries at most (32)
 *     blkfront.indirect=0          no indirect segments
 *     blkfront.persistent=0        no persistent grants
 * One caller at a time (no locking: one vCPU, cooperative tasks; do not
 * call from irq handlers or xenbus callbacks).  Sectors are the device's
 * (blkfront_sector_size bytes).  Errors are negative errno values.
 */
#ifndef BLKFRONT_H
#define BLKFRONT_H

#include <stddef.h>
#include <stdint.h>

#define BLKFRONT_MAX_DEVICES 4
#define BLKFRONT_MAX_INFLIGHT 16
/* Pages one request carries with indirect segments (128 KiB; without
 * them, 11): Linux's blkfront default too. */
#define BLKFRONT_MAX_SEGMENTS 32

struct blkfront;

/* Devices connected at init: how many were found (connected or closed
 * with a fault), -ENODEV without xenstore (dom0 here), or -errno. */
int blkfront_status(void);
/* Device i in xenstore's order, or NULL. */
struct blkfront *blkfront_get(unsigned int i);

const char *blkfront_name(const struct blkfront *dev);   /* "device/vbd/51712" */
uint64_t blkfront_capacity(const struct blkfront *dev);  /* in sectors; 0 if closed */
unsigned int blkfront_sector_size(const struct blkfront *dev);
int blkfront_readonly(const struct blkfront *dev);
/* 0 while usable; -EIO once closed (with the reason), -ENODEV for NULL. */
int blkfront_error(const struct blkfront *dev);
const char *blkfront_fault(const struct blkfront *dev);  /* why it closed, or NULL */

/* count sectors from sector: 0, or -EINVAL (outside the disk, no
 * buffer), -EROFS (write to a read-only disk), -EIO (the backend
 * failed a request: the device stays open; or the device is closed),
 * -ENODEV (no device). */
int blkfront_read(struct blkfront *dev, uint64_t sector, unsigned int count, void *buf);
int blkfront_write(struct blkfront *dev, uint64_t sector, unsigned int count, const void *buf);
/* Write the backend's cache to the disk: 0, or -EOPNOTSUPP if the
 * backend offers no feature-flush-cache, -EIO, -ENODEV. */
int blkfront_flush(struct blkfront *dev);

/* What the backend offered at connection, and what it took so far. */
struct blkfront_info {
	unsigned int ring_order;        /* used: pages = 1 << ring_order */
	unsigned int max_ring_order;    /* offered (max-ring-page-order) */
	unsigned int ring_size;         /* requests the ring holds */
	unsigned int flush;             /* feature-flush-cache */
	unsigned int max_indirect;      /* feature-max-indirect-segments offered */
	unsigned int segs;              /* used: pages a request carries (11: direct) */
	unsigned int persistent;        /* persistent grants in use (both sides offer them) */
	unsigned int slots;             /* requests in flight at most */
	unsigned long requests, indirect, segments, notifies, irqs, max_inflight;
	unsigned long inflight_sum;     /* requests in flight once each was queued, summed */
	unsigned long grants;           /* grant entries made (once each with persistent) */
	uint64_t bytes_read, bytes_written;
};
int blkfront_get_info(const struct blkfront *dev, struct blkfront_info *info);

/*
 * A seam for test kernels: if a module defines blkfront_connect_hook,
 * the driver calls it once the backend is Connected and before it reads
 * the backend's values (tests/blkfront-test.c lets dom0 play a bad
 * backend there).  Drivers copied from this sample can drop it.
 */
void blkfront_connect_hook(const char *nodename) __attribute__((weak));

#endif
