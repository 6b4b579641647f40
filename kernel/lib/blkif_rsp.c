/*
 * The block frontend's response path (<xenpv/blkif.h>).  Pure logic over
 * the shared ring, so that tests/unit/test-hostile-ring.c can drive it
 * with a backend that writes anything.
 */
#include <xenpv/blkif.h>

static int fail(struct blkif_fault *fault, const char *what, uint64_t value, RING_IDX index)
{
	fault->what = what;
	fault->value = value;
	fault->index = index;
	return -EPROTO;
}

int blkif_take_responses(blkif_front_ring_t *ring, struct reqid_table *ids,
			 blkif_done_fn done, void *arg, struct blkif_fault *fault)
{
	int completed = 0, more;

	do {
		RING_IDX prod = ring->sring->rsp_prod, i;
		int n;

		xen_rmb();              /* the index before the responses */
		n = ring_responses_ready(prod, ring->rsp_cons, ids->in_flight);
		if (n < 0)
			return fail(fault, "response count", (uint64_t)(prod - ring->rsp_cons),
				    ring->rsp_cons);
		for (i = ring->rsp_cons; i != prod; i++) {
			struct blkif_response rsp;
			void *cookie;

			memcpy(&rsp, RING_GET_RESPONSE(ring, i), sizeof(rsp));
			ring->rsp_cons = i + 1;
			if (reqid_put(ids, rsp.id, &cookie))
				return fail(fault, "response id", rsp.id, i);
			if (rsp.status != BLKIF_RSP_OKAY && rsp.status != BLKIF_RSP_ERROR &&
			    rsp.status != BLKIF_RSP_EOPNOTSUPP)
				return fail(fault, "status", (uint64_t)(int64_t)rsp.status, i);
			done(cookie, &rsp, arg);
			completed++;
		}
		RING_FINAL_CHECK_FOR_RESPONSES(ring, more);
	} while (more);
	return completed;
}
