/*
 * xenpv/blkif.h - the response side of a PV block frontend's ring (Xen's
 * blkif protocol, <xen/io/blkif.h>), taken from a backend that may
 * misbehave.
 *
 * blkif_take_responses takes what the backend has put on the ring: it
 * reads rsp_prod once (a snapshot, before any response), refuses a
 * producer that claims more responses than requests in flight, copies
 * each response out of the shared page exactly once (the backend may
 * rewrite the slot meanwhile: nothing is read from it twice), retires
 * its id (<xenpv/reqid.h>), checks its status, and hands the copy and
 * the request's cookie to done.  Then the final check re-arms
 * rsp_event, so that the backend notifies for the next response, and
 * takes any that raced in: a burst costs one notification.
 *
 * Returns how many requests completed, or -EPROTO at the first response
 * that cannot be true, with *fault saying which and why; done has run
 * for the good ones before it.  The ring is then untrustworthy: close
 * the device.
 */
#ifndef XENPV_BLKIF_H
#define XENPV_BLKIF_H

#include <stddef.h>
#include <stdint.h>
#include <xenpv/kernel.h>               /* memcpy, for the ring macros */
#include <xenpv/reqid.h>
#include <xen/xen.h>
#include <xen/grant_table.h>

/* Barriers for Xen's ring macros (x86: loads and stores keep their order
 * among themselves; only a store followed by a load needs a fence). */
#ifndef xen_mb
#define xen_mb()  __sync_synchronize()
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#endif
#include <xen/io/blkif.h>

struct blkif_fault {
	const char *what;               /* "response count", "response id", "status" */
	uint64_t value;                 /* the bad count, id or status */
	RING_IDX index;                 /* the ring slot it came from */
};

typedef void (*blkif_done_fn)(void *cookie, const struct blkif_response *rsp, void *arg);

int blkif_take_responses(blkif_front_ring_t *ring, struct reqid_table *ids,
			 blkif_done_fn done, void *arg, struct blkif_fault *fault);

#endif
