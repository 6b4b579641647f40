/*
 * Batched pagetable writes (see mmu_batch.h).  An error from a flush
 * made by mmu_batch_queue is kept for the caller's next explicit flush, so
 * that a whole sequence is checked once.
 */
#include "mmu_batch.h"

static void send(struct mmu_batch *b)
{
	int rc;

	if (b->n == 0)
		return;
	rc = b->flush(b->req, b->n);
	b->calls++;
	b->updates += b->n;
	b->n = 0;
	if (rc && !b->error)
		b->error = rc;
}

int mmu_batch_flush(struct mmu_batch *b)
{
	int rc;

	send(b);
	rc = b->error;
	b->error = 0;
	return rc;
}

void mmu_batch_queue(struct mmu_batch *b, uint64_t ptr, uint64_t val)
{
	unsigned int limit = b->limit && b->limit < MMU_BATCH_MAX ? b->limit : MMU_BATCH_MAX;

	if (b->n >= limit)
		send(b);
	b->req[b->n].ptr = ptr;
	b->req[b->n].val = val;
	b->n++;
}
