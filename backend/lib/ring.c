/*
 * A back ring whose entry size is the driver's, over the frontend's
 * pages: the layout of <xen/io/ring.h>'s DEFINE_RING_TYPES (four indices,
 * 64 bytes of header, then the entries) and its protocol, including
 * notification suppression on both sides.  Every index the frontend
 * writes is checked before it is used, and every request is copied out
 * of the shared page before anyone looks at it.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "internal.h"

#define RING_HEADER 64          /* offsetof(struct X_sring, ring) */

enum { REQ_PROD, REQ_EVENT, RSP_PROD, RSP_EVENT };

static uint32_t *idx(const struct xpvb_ring *r, int which)
{
	return (uint32_t *)(r->sring + 4 * which);
}

static uint32_t load(const struct xpvb_ring *r, int which)
{
	return __atomic_load_n(idx(r, which), __ATOMIC_ACQUIRE);
}

static void store(struct xpvb_ring *r, int which, uint32_t v)
{
	__atomic_store_n(idx(r, which), v, __ATOMIC_RELEASE);
}

static unsigned char *slot(const struct xpvb_ring *r, uint32_t i)
{
	return r->sring + RING_HEADER + (size_t)(i & (r->size - 1)) * r->entry_size;
}

int xpvb_ring_init(struct xpvb_ring *r, void *pages, size_t bytes, size_t entry_size,
		   size_t request_size, size_t response_size)
{
	size_t n;

	if (!entry_size || request_size > entry_size || response_size > entry_size ||
	    !request_size || !response_size || bytes < RING_HEADER + entry_size)
		return -EINVAL;
	n = (bytes - RING_HEADER) / entry_size;
	while (n & (n - 1))
		n &= n - 1;             /* round down to a power of two, as __RD32 */
	*r = (struct xpvb_ring){
		.sring = pages, .size = (unsigned int)n, .entry_size = entry_size,
		.request_size = request_size, .response_size = response_size,
	};
	return 0;
}

/* RING_PUSH_RESPONSES_AND_CHECK_NOTIFY: tell the frontend only if it
 * asked (rsp_event) for a response we just pushed. */
static int push(struct xpvb_ring *r)
{
	uint32_t old = load(r, RSP_PROD), new = r->rsp_prod_pvt;

	store(r, RSP_PROD, new);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return (uint32_t)(new - load(r, RSP_EVENT)) < (uint32_t)(new - old);
}

int xpvb_ring_serve(struct xpvb_ring *r, xpvb_ring_fn *fn, void *arg, void *reqbuf,
		    unsigned int budget, int *notify, int *more, uint32_t *prod_seen)
{
	uint32_t prod;
	int n = 0, rc;

	*notify = *more = 0;
	for (;;) {
		prod = load(r, REQ_PROD);
		*prod_seen = prod;
		/* RING_REQUEST_PROD_OVERFLOW: more outstanding than the ring holds
		 * (an index moved back shows up here too, as a huge distance). */
		if ((uint32_t)(prod - r->rsp_prod_pvt) > r->size)
			return -EPROTO;
		while (r->req_cons != prod) {
			if ((unsigned int)n == budget) {
				*notify |= push(r);
				*more = 1;
				return n;
			}
			memcpy(reqbuf, slot(r, r->req_cons), r->request_size);
			__atomic_signal_fence(__ATOMIC_SEQ_CST);   /* the copy, then the slot's reuse */
			r->req_cons++;
			memset(slot(r, r->rsp_prod_pvt), 0, r->response_size);
			rc = fn(arg, reqbuf, slot(r, r->rsp_prod_pvt));
			if (rc < 0)
				return rc;
			r->rsp_prod_pvt++;
			n++;
		}
		*notify |= push(r);
		/* RING_FINAL_CHECK_FOR_REQUESTS: ask for an event for the next
		 * request, then look once more, so that none is missed. */
		store(r, REQ_EVENT, r->req_cons + 1);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (load(r, REQ_PROD) == r->req_cons)
			return n;
	}
}
