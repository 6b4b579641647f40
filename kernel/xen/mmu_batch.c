/*
 * Batched pagetable writes (see mmu_batch.h).  A failed flush keeps its
 * error so that the caller can check once after a whole sequence.
 */
#include "mmu_batch.h"

int mmu_batch_flush(struct mmu_batch *b)
{
	int rc;

	if (b->n == 0)
		return b->error;
	rc = b->flush(b->req, b->n);
	b->calls++;
	b->updates += b->n;
	b->n = 0;
	if (rc && !b->error)
		b->error = rc;
	return b->error;
}

void mmu_batch_queue(struct mmu_batch *b, uint64_t ptr, uint64_t val)
{
	if (b->n == MMU_BATCH_MAX)
		mmu_batch_flush(b);
	b->req[b->n].ptr = ptr;
	b->req[b->n].val = val;
	b->n++;
}
