/*
 * Binary buddy allocator.  A free block of 2^k pages at page i has
 * state[i] = BUDDY_FREE | k and sits on free[k]; an allocated one has
 * BUDDY_HEAD | k; every other page is 0 (inside a block, or reserved).
 * Freeing merges with the buddy (i ^ 2^k) while it is free and of the
 * same order.
 */
#include <string.h>
#include "buddy.h"

#define BUDDY_FREE 0x80
#define BUDDY_HEAD 0x40
#define ORDER_MASK 0x1f

static struct buddy_free *page_at(const struct buddy *b, unsigned long i)
{
	return (struct buddy_free *)(b->mem + (i << BUDDY_PAGE_SHIFT));
}

static unsigned long index_of(const struct buddy *b, const void *p)
{
	return (unsigned long)((const char *)p - b->mem) >> BUDDY_PAGE_SHIFT;
}

static void list_push(struct buddy *b, unsigned long i, unsigned int order)
{
	struct buddy_free *f = page_at(b, i);

	f->prev = NULL;
	f->next = b->free[order];
	if (f->next)
		f->next->prev = f;
	b->free[order] = f;
	b->state[i] = BUDDY_FREE | order;
}

static void list_unlink(struct buddy *b, unsigned long i, unsigned int order)
{
	struct buddy_free *f = page_at(b, i);

	if (f->prev)
		f->prev->next = f->next;
	else
		b->free[order] = f->next;
	if (f->next)
		f->next->prev = f->prev;
	b->state[i] = 0;
}

static void free_block(struct buddy *b, unsigned long i, unsigned int order)
{
	b->nr_free += 1UL << order;
	while (order < BUDDY_MAX_ORDER) {
		unsigned long bud = i ^ (1UL << order);

		if (bud >= b->nr || b->state[bud] != (BUDDY_FREE | order))
			break;
		list_unlink(b, bud, order);
		if (bud < i)
			i = bud;
		order++;
	}
	list_push(b, i, order);
}

void buddy_init(struct buddy *b, void *mem, unsigned long nr, uint8_t *state)
{
	unsigned int k;

	b->mem = mem;
	b->nr = nr;
	b->state = state;
	b->nr_free = 0;
	for (k = 0; k <= BUDDY_MAX_ORDER; k++)
		b->free[k] = NULL;
	memset(state, 0, nr);
}

void buddy_add_free(struct buddy *b, unsigned long first, unsigned long count)
{
	unsigned long i = first, end = first + count;

	if (end > b->nr)
		end = b->nr;
	/* The largest aligned blocks that fit. */
	while (i < end) {
		unsigned int order = 0;

		while (order < BUDDY_MAX_ORDER && !(i & (1UL << order)) &&
		       i + (2UL << order) <= end)
			order++;
		free_block(b, i, order);
		i += 1UL << order;
	}
}

void *buddy_alloc(struct buddy *b, unsigned int order)
{
	unsigned int k;
	unsigned long i;

	if (order > BUDDY_MAX_ORDER)
		return NULL;
	for (k = order; k <= BUDDY_MAX_ORDER && !b->free[k]; k++)
		;
	if (k > BUDDY_MAX_ORDER)
		return NULL;
	i = index_of(b, b->free[k]);
	list_unlink(b, i, k);
	while (k > order) {         /* return the upper halves */
		k--;
		list_push(b, i + (1UL << k), k);
	}
	b->state[i] = BUDDY_HEAD | order;
	b->nr_free -= 1UL << order;
	return page_at(b, i);
}

/* Does page i lie inside a free block? */
static int in_free_block(const struct buddy *b, unsigned long i)
{
	unsigned int k;

	for (k = 0; k <= BUDDY_MAX_ORDER; k++) {
		unsigned long head = i & ~((1UL << k) - 1);
		uint8_t s = b->state[head];

		if ((s & BUDDY_FREE) && (s & ORDER_MASK) >= k)
			return 1;
	}
	return 0;
}

int buddy_free(struct buddy *b, void *p)
{
	unsigned long off = (unsigned long)((char *)p - b->mem), i;
	uint8_t s;

	if ((char *)p < b->mem || (off & ((1UL << BUDDY_PAGE_SHIFT) - 1)) ||
	    (off >> BUDDY_PAGE_SHIFT) >= b->nr)
		return BUDDY_FOREIGN;
	i = off >> BUDDY_PAGE_SHIFT;
	s = b->state[i];
	if (!(s & BUDDY_HEAD))
		return in_free_block(b, i) ? BUDDY_DOUBLE : BUDDY_NOT_ALLOCATED;
	b->state[i] = 0;
	free_block(b, i, s & ORDER_MASK);
	return BUDDY_OK;
}

int buddy_allocated(const struct buddy *b, const void *p, unsigned int *order)
{
	unsigned long off = (unsigned long)((const char *)p - b->mem);

	if ((const char *)p < b->mem || (off >> BUDDY_PAGE_SHIFT) >= b->nr)
		return 0;
	if (!(b->state[off >> BUDDY_PAGE_SHIFT] & BUDDY_HEAD))
		return 0;
	if (order)
		*order = b->state[off >> BUDDY_PAGE_SHIFT] & ORDER_MASK;
	return 1;
}
