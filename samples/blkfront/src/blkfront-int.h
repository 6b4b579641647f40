/*
 * blkfront's private state, shared by blkfront.c (xenbus: connect,
 * checks, close) and blkfront-io.c (the ring: requests and responses).
 */
#ifndef BLKFRONT_INT_H
#define BLKFRONT_INT_H

#include <xenpv/kernel.h>
#include <xenpv/xenbus.h>
#include <xenpv/blkif.h>
#include <xenpv/reqid.h>

#include "blkfront.h"

#define SEGS BLKIF_MAX_SEGMENTS_PER_REQUEST     /* 11 pages a request */
#define TIMEOUT_MS 30000                        /* for one response, and each state */

/* One request on the ring: its pages (the driver's own, allocated at
 * connection), granted while the request is in flight. */
struct blkfront_slot {
	void *pages[SEGS];
	grant_ref_t refs[SEGS];
	unsigned int granted;           /* refs[0..granted) are live */
	int busy;                       /* on the ring (its id in flight) */
	uint8_t op;
	unsigned char *buf;             /* a read's destination */
	size_t len;
	uint64_t sector;                /* in 512-byte units, for messages */
};

struct blkfront {
	struct xenbus_device *xdev;
	int err;                        /* 0 while usable, -EIO once closed */
	char fault[160];                /* why it closed */
	int ring_live;                  /* ring set up (and maybe mapped) */
	uint64_t sectors;               /* the backend's, in 512-byte units */
	unsigned int ssize;             /* sector-size */
	unsigned int vdisk_info;        /* "info": VDISK_* */
	struct xenbus_ring ring;
	blkif_front_ring_t front;
	struct reqid_table ids;
	uint16_t ids_next[BLKFRONT_MAX_INFLIGHT];
	void *ids_cookie[BLKFRONT_MAX_INFLIGHT];
	unsigned int nslots;            /* slots usable: min(ring size, MAX_INFLIGHT) */
	struct blkfront_slot slot[BLKFRONT_MAX_INFLIGHT];
	volatile unsigned int kicked;   /* the ring's irq came */
	struct blkfront_info st;
};

/* Close dev (once), reporting why on the console: "blkfront: NODE: WHY: closing". */
void blkfront_fail(struct blkfront *dev, const char *fmt, ...) XENPV_PRINTF(2, 3);
/* Tell the backend (Closing, Closed), then free the ring and the pages
 * it no longer maps; not from a xenbus callback (it waits). */
void blkfront_disconnect(struct blkfront *dev);
/* The ring's irq handler. */
irqreturn_t blkfront_irq(int irq, void *dev_id, struct pt_regs *regs);
/* End the grants of requests still in flight (after the backend closed):
 * how many could not end (still mapped). */
unsigned int blkfront_end_inflight(struct blkfront *dev);

#endif
