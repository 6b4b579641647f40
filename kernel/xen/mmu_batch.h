/*
 * Batched pagetable writes: requests queue up to MMU_BATCH_MAX and go to
 * the flush callback (Xen: one mmu_update hypercall) in order.  Pure
 * bookkeeping, so that tests/unit can check it with a fake flush.
 */
#ifndef KERNEL_XEN_MMU_BATCH_H
#define KERNEL_XEN_MMU_BATCH_H

#include <stdint.h>

#define MMU_BATCH_MAX 512

struct mmu_batch_req {
	uint64_t ptr, val;            /* the layout of Xen's mmu_update_t */
};

struct mmu_batch {
	struct mmu_batch_req *req;    /* room for MMU_BATCH_MAX, or limit if set */
	unsigned int n;
	unsigned int limit;           /* requests per call; 0 means MMU_BATCH_MAX */
	/* Apply n requests; 0 or a negative error. */
	int (*flush)(struct mmu_batch_req *req, unsigned int n);
	unsigned long calls, updates; /* flushes made, requests flushed */
	int error;                    /* first error since the last explicit flush */
};

/* Queue *ptr = val (ptr: the PTE's machine address); flushes when full. */
void mmu_batch_queue(struct mmu_batch *b, uint64_t ptr, uint64_t val);
/* Send what is queued; returns (and clears) the first error since the
 * previous call, 0 if none. */
int mmu_batch_flush(struct mmu_batch *b);

#endif
