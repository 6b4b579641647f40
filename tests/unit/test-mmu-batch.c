/*
 * The mmu_update batching bookkeeping (kernel/xen/mmu_batch.c) with a
 * fake flush: full batches, order kept across flushes, errors kept until
 * the next explicit flush.
 */
#include <stdint.h>
#include "unit-tap.h"
#include "../../kernel/xen/mmu_batch.h"

static unsigned int sizes[16], nflush;
static uint64_t seen[4096];
static unsigned int nseen;
static int fail_at = -1;

static int fake_flush(struct mmu_batch_req *req, unsigned int n)
{
	unsigned int i;

	sizes[nflush] = n;
	for (i = 0; i < n; i++)
		seen[nseen++] = req[i].val;
	return (int)nflush++ == fail_at ? -22 : 0;
}

static struct mmu_batch_req reqs[MMU_BATCH_MAX];
static struct mmu_batch b = { .req = reqs, .flush = fake_flush };

int main(void)
{
	unsigned int i, in_order = 1;

	for (i = 0; i < 1100; i++)
		mmu_batch_queue(&b, i * 8, i);
	UNIT_OK(nflush == 2 && sizes[0] == 512 && sizes[1] == 512, "full batches go out at 512 requests");
	UNIT_OK(mmu_batch_flush(&b) == 0 && nflush == 3 && sizes[2] == 76, "flush sends the rest (76)");
	for (i = 0; i < 1100; i++)
		if (seen[i] != i)
			in_order = 0;
	UNIT_OK(in_order && nseen == 1100, "every request reaches the flush once, in order");
	UNIT_OK(b.calls == 3 && b.updates == 1100, "calls and updates are counted (%lu, %lu)", b.calls, b.updates);
	UNIT_OK(mmu_batch_flush(&b) == 0 && nflush == 3, "an empty flush makes no call");

	fail_at = 3;                  /* the automatic flush of a full batch fails */
	for (i = 0; i < 513; i++)
		mmu_batch_queue(&b, 0, i);
	UNIT_OK(mmu_batch_flush(&b) == -22, "an automatic flush's error reaches the next flush");
	mmu_batch_queue(&b, 0, 1);
	UNIT_OK(mmu_batch_flush(&b) == 0, "... once: the flush after that is clean");

	nflush = 0;
	b.limit = 1;                  /* the unbatched baseline: one request a call */
	for (i = 0; i < 5; i++)
		mmu_batch_queue(&b, 0, i);
	mmu_batch_flush(&b);
	UNIT_OK(nflush == 5 && sizes[0] == 1 && sizes[4] == 1, "a limit of 1 sends each request alone");
	nflush = 0;
	b.limit = 100000;             /* beyond the array: capped */
	for (i = 0; i < 600; i++)
		mmu_batch_queue(&b, 0, i);
	mmu_batch_flush(&b);
	UNIT_OK(nflush == 2 && sizes[0] == 512, "a limit above 512 is capped at 512");
	return UNIT_DONE();
}
