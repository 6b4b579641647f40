/*
 * The buddy core: blocks of 2^order pages over one contiguous range of
 * pages, with one byte of state per page.  Pure logic (no printk, no
 * pv_ops) so that tests/unit can run it against a fake memory range.
 */
#ifndef KERNEL_MM_BUDDY_H
#define KERNEL_MM_BUDDY_H

#include <stddef.h>
#include <stdint.h>

#define BUDDY_PAGE_SHIFT 12
#define BUDDY_MAX_ORDER 10

/* A free block's first bytes link it into its order's list. */
struct buddy_free {
	struct buddy_free *next, *prev;
};

struct buddy {
	char *mem;                 /* address of page 0 */
	unsigned long nr;          /* pages 0..nr-1 */
	uint8_t *state;            /* nr bytes: BUDDY_FREE/BUDDY_HEAD | order */
	struct buddy_free *free[BUDDY_MAX_ORDER + 1];
	unsigned long nr_free;     /* free pages */
};

/* The outcome of buddy_free(). */
enum {
	BUDDY_OK = 0,
	BUDDY_FOREIGN = -1,        /* not a page of this range */
	BUDDY_DOUBLE = -2,         /* lies in a free block: a double free */
	BUDDY_NOT_ALLOCATED = -3,  /* not the start of an allocation */
};

/* Every page starts reserved; buddy_add_free() hands pages over. */
void buddy_init(struct buddy *b, void *mem, unsigned long nr, uint8_t *state);
void buddy_add_free(struct buddy *b, unsigned long first, unsigned long count);
void *buddy_alloc(struct buddy *b, unsigned int order);
int buddy_free(struct buddy *b, void *p);
/* 1 and the order if p starts an allocated block, else 0. */
int buddy_allocated(const struct buddy *b, const void *p, unsigned int *order);

#endif
