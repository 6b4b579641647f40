/*
 * The page-frame allocator: the buddy core over the direct map, with
 * index = pfn, so that every block is pseudo-physically contiguous.  The
 * pages the backend keeps (the bootstrap region, boot pagetables) stay
 * reserved; the state bytes take the first free pages.
 */
#include <xenpv/kernel.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include "buddy.h"

_Static_assert(BUDDY_MAX_ORDER == MAX_ORDER && BUDDY_PAGE_SHIFT == PAGE_SHIFT,
	       "the buddy core and <xenpv/mm.h> agree");

static struct buddy buddy;

void page_alloc_init(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long state_pages = (end_pfn + PAGE_SIZE - 1) / PAGE_SIZE;

	if (start_pfn + state_pages >= end_pfn)
		panic("mm: no pages left for the page allocator");
	buddy_init(&buddy, __va(0), end_pfn, __va(start_pfn << PAGE_SHIFT));
	buddy_add_free(&buddy, start_pfn + state_pages, end_pfn - start_pfn - state_pages);
}

void *alloc_pages(unsigned int order)
{
	unsigned long flags = local_irq_save();
	void *p = buddy_alloc(&buddy, order);

	local_irq_restore(flags);
	return p;
}

void *alloc_page(void)
{
	return alloc_pages(0);
}

int free_pages(void *addr)
{
	unsigned long flags = local_irq_save();
	int rc = buddy_free(&buddy, addr);

	local_irq_restore(flags);
	switch (rc) {
	case BUDDY_OK:
		return 0;
	case BUDDY_DOUBLE:
		printk(KERN_ERR "mm: double free of page %p\n", addr);
		break;
	case BUDDY_NOT_ALLOCATED:
		printk(KERN_ERR "mm: free of page %p, which is not an allocated block\n", addr);
		break;
	default:
		printk(KERN_ERR "mm: free of %p, which is not a page of the page allocator\n", addr);
		break;
	}
	return -EINVAL;
}

int page_is_allocated(const void *addr, unsigned int *order)
{
	return buddy_allocated(&buddy, addr, order);
}

unsigned long nr_free_pages(void)
{
	return buddy.nr_free;
}
