/*
 * The buddy core (kernel/mm/buddy.c) against a fake memory range on the
 * host: exhaustion, coalescing back to the largest blocks, contiguous
 * multi-page blocks, and the refusal of double and foreign frees.
 */
#include <stdlib.h>
#include <string.h>
#include "unit-tap.h"
#include "../../kernel/mm/buddy.h"

#define NR 3000              /* not a power of two, on purpose */
#define PG 4096UL

static char *mem;
static uint8_t state[NR];
static void *got[NR];

int main(void)
{
	struct buddy b;
	unsigned long n, i, start = 37, biggest = 0;
	unsigned int order;
	char *p, *q;
	int overlap = 0;

	mem = aligned_alloc(PG, NR * PG);
	buddy_init(&b, mem, NR, state);
	buddy_add_free(&b, start, NR - start);
	UNIT_OK(b.nr_free == NR - start, "all %lu added pages are free", b.nr_free);

	for (n = 0; (got[n] = buddy_alloc(&b, 0)) != NULL; n++)
		memset(got[n], (int)n, PG);   /* the pages really are ours */
	UNIT_OK(n == NR - start && b.nr_free == 0, "exhaustion hands out every page once (%lu)", n);
	for (i = 0; i < n; i++)
		if (((char *)got[i] - mem) / PG < start)
			overlap++;
	UNIT_OK(overlap == 0, "no reserved page is handed out");
	UNIT_OK(buddy_alloc(&b, 0) == NULL, "an exhausted allocator returns NULL");
	for (i = 0; i < n; i++)
		buddy_free(&b, got[i]);
	UNIT_OK(b.nr_free == NR - start, "freeing everything returns every page");
	for (i = 0; i <= BUDDY_MAX_ORDER; i++)
		if (b.free[i])
			biggest = i;
	UNIT_OK(biggest == BUDDY_MAX_ORDER, "coalescing rebuilt order-%d blocks", BUDDY_MAX_ORDER);

	p = buddy_alloc(&b, 3);
	UNIT_OK(p && ((p - mem) / PG) % 8 == 0, "an order-3 block is 8 aligned pages");
	UNIT_OK(buddy_allocated(&b, p, &order) && order == 3, "its order is remembered");
	memset(p, 0xab, 8 * PG);
	q = buddy_alloc(&b, 3);
	UNIT_OK(q && (q + 8 * PG <= p || p + 8 * PG <= q), "two blocks do not overlap");
	UNIT_OK(buddy_free(&b, p + PG) == BUDDY_NOT_ALLOCATED, "freeing the inside of a block is refused");
	UNIT_OK(buddy_free(&b, p) == BUDDY_OK, "freeing the block works");
	UNIT_OK(buddy_free(&b, p) == BUDDY_DOUBLE, "a second free is reported as a double free");
	UNIT_OK(buddy_free(&b, mem + 2 * PG) == BUDDY_NOT_ALLOCATED, "a reserved page is not an allocation");
	UNIT_OK(buddy_free(&b, mem + NR * PG) == BUDDY_FOREIGN, "a page beyond the range is foreign");
	UNIT_OK(buddy_free(&b, p + 1) == BUDDY_FOREIGN, "an unaligned pointer is foreign");
	UNIT_OK(buddy_free(&b, q) == BUDDY_OK && b.nr_free == NR - start, "no page leaked");
	UNIT_OK(buddy_alloc(&b, BUDDY_MAX_ORDER + 1) == NULL, "an order above the maximum is refused");

	free(mem);
	return UNIT_DONE();
}
