/*
 * blkfront's private state, shared by blkfront.c (xenbus: connect,
 * checks, close) and blkfront-io.c (the ring: requests and responses).
 */
#ifndef BLKFRONT_INT_H
#define BLKFRONT_INT_H

#include <xenpv/kernel.h>
#include <xenpv/wait.h>
#include <xenpv/xenbus.h>
#include <xenpv/blkif.h>
#include <xenpv/reqid.h>

#include "blkfront.h"

#define DIRECT_SEGS BLKIF_MAX_SEGMENTS_PER_REQUEST  /* 11 pages in the request itself */
#define TIMEOUT_MS 30000                        /* for one response, and each state */

/* A page of a slot: the driver's own, granted to the backend for one
 * request, or from connection to close with persistent grants. */
struct blkfront_page {
	void *va;
	grant_ref_t ref;
	uint8_t live;                   /* ref is granted */
};

/* One request on the ring: its data pages and, for an indirect request,
 * the page of segment descriptors the request points to. */
struct blkfront_slot {
	struct blkfront_page page[BLKFRONT_MAX_SEGMENTS];
	struct blkfront_page ind;
	unsigned int npages;            /* page[0..npages) allocated */
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
	blkif_vdev_t handle;            /* the device id, in every request */
	struct xenbus_ring ring;
	blkif_front_ring_t front;
	struct reqid_table ids;
	uint16_t ids_next[BLKFRONT_MAX_INFLIGHT];
	void *ids_cookie[BLKFRONT_MAX_INFLIGHT];
	unsigned int nslots;            /* slots usable: ring size, MAX_INFLIGHT, blkfront.max_inflight */
	unsigned int segs;              /* pages a request may carry: 11, or indirect up to MAX_SEGMENTS */
	struct blkfront_slot slot[BLKFRONT_MAX_INFLIGHT];
	volatile unsigned int kicked;   /* the ring's irq came ... */
	wait_queue_head_t kick_wq;      /* ... which wakes the caller waiting here */
	struct blkfront_info st;
};

/* Close dev (once), reporting why on the console: "blkfront: NODE: WHY: closing". */
void blkfront_fail(struct blkfront *dev, const char *fmt, ...) XENPV_PRINTF(2, 3);
/* Tell the backend (Closing, Closed), then free the ring and the pages
 * it no longer maps; not from a xenbus callback (it waits). */
void blkfront_disconnect(struct blkfront *dev);
/* The ring's irq handler. */
irqreturn_t blkfront_irq(int irq, void *dev_id, struct pt_regs *regs);
/* End every grant of every slot (after the backend closed): how many
 * could not end (the backend still maps them: those pages stay). */
unsigned int blkfront_end_grants(struct blkfront *dev);

#endif
