/*
 * The page-frame allocator: the buddy core over the direct map, with
 * index = pfn, so that every block is pseudo-physically contiguous.  The
 * pages the backend keeps (the bootstrap region, boot pagetables) stay
 * reserved, except the runs of them it says boot is done with; the state
 * bytes take the first free pages.
 *
 * Boot maps only the start of the direct map: Xen checks every present
 * entry of a pagetable (a few microseconds each under emulation), so
 * mapping all of RAM made boot time grow with it.  The allocator maps
 * the rest GROW_PAGES at a time when it runs short (grow), so that boot
 * work follows what is used; nr_free_pages counts the unmapped pages too.
 *
 * Each block's head also records who took it (alloc_pages, a kmalloc
 * slab, a large kmalloc), so that a free through the wrong allocator is
 * refused: free_pages of a live slab would hand its page out again under
 * live objects.  A freed slab keeps its mark while its page stays free,
 * so that kfree can tell a double free from a foreign pointer.
 */
#include <xenpv/kernel.h>
#include <kernel/mm.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>
#include <xenpv/spinlock.h>
#include "buddy.h"

_Static_assert(BUDDY_MAX_ORDER == MAX_ORDER && BUDDY_PAGE_SHIFT == PAGE_SHIFT,
	       "the buddy core and <xenpv/mm.h> agree");

/* One L1's worth: each growth is one mmu_update of whole tables. */
#define GROW_PAGES 512UL

static struct buddy buddy;
static uint8_t *owner;                  /* enum page_owner, by pfn */
static unsigned long mapped_end;        /* direct map present below */
static unsigned long usable_end;        /* pfns the allocator may map */
static unsigned long grows;
static unsigned long state_pages;       /* the two bytes per pfn */

/* Map pfns up to the next GROW_PAGES boundary past mapped_end (at least
 * up to need); the number of pages mapped, 0 when none are left or
 * Xen refused (reported once: the allocator then stops growing). */
static unsigned long map_more(unsigned long need)
{
	unsigned long first = mapped_end, end;
	int rc;

	end = (need > first ? need : first + 1);
	end = (end + GROW_PAGES - 1) / GROW_PAGES * GROW_PAGES;
	if (end > usable_end)
		end = usable_end;
	if (first >= end)
		return 0;
	rc = pv_ops.mmu.map_direct(first, end - first);
	if (rc) {
		pr_err("mm: mapping pfns %#lx-%#lx failed (%d): %lu pages left unused\n",
		       first, end - 1, rc, usable_end - first);
		usable_end = first;
		return 0;
	}
	mapped_end = end;
	grows++;
	return end - first;
}

void page_alloc_init(const struct mm_free_range *free)
{
	/* A buddy state byte and an owner byte per pfn. */
	unsigned long end_pfn = free->end_pfn;
	unsigned long first_free = free->start_pfn + (2 * end_pfn + PAGE_SIZE - 1) / PAGE_SIZE;
	uint8_t *state = __va(free->start_pfn << PAGE_SHIFT);
	unsigned int i;

	if (first_free >= end_pfn)
		panic("mm: no pages left for the page allocator");
	usable_end = end_pfn;
	mapped_end = free->mapped_end;
	if (mapped_end < first_free && !map_more(first_free))
		panic("mm: cannot map the page allocator's state");
	grows = 0;
	owner = state + end_pfn;
	memset(owner, PAGE_OWNER_NONE, end_pfn);
	buddy_init(&buddy, __va(0), end_pfn, state);
	buddy_add_free(&buddy, first_free, mapped_end - first_free);
	for (i = 0; i < free->nr_extra; i++)
		buddy_add_free(&buddy, free->extra[i].pfn, free->extra[i].count);
	state_pages = first_free - free->start_pfn;
}

unsigned long page_alloc_state_pages(void)
{
	return state_pages;
}

/* Under page_lock: a block of 2^order pages, mapping more of the direct
 * map while there is more. */
static void *take(unsigned int order)
{
	unsigned long first;
	void *p;

	while (!(p = buddy_alloc(&buddy, order))) {
		first = mapped_end;
		if (!map_more(0))
			break;
		buddy_add_free(&buddy, first, mapped_end - first);
	}
	return p;
}

static unsigned long pfn_of(const void *addr)
{
	return ((unsigned long)addr - PAGE_OFFSET) >> PAGE_SHIFT;
}

/* The buddy and the owner bytes; irq handlers allocate too. */
static DEFINE_SPINLOCK(page_lock);

void *alloc_pages_for(unsigned int order, enum page_owner who)
{
	unsigned long flags;
	void *p;

	spin_lock_irqsave(&page_lock, flags);
	p = take(order);

	if (p) {
		/* No stale mark of a freed slab inside a live block. */
		memset(owner + pfn_of(p), PAGE_OWNER_NONE, 1UL << order);
		owner[pfn_of(p)] = (uint8_t)who;
	}
	spin_unlock_irqrestore(&page_lock, flags);
	return p;
}

void *alloc_pages(unsigned int order)
{
	return alloc_pages_for(order, PAGE_OWNER_PAGES);
}

void *alloc_page(void)
{
	return alloc_pages_for(0, PAGE_OWNER_PAGES);
}

enum page_owner page_owner(const void *addr)
{
	if ((unsigned long)addr < PAGE_OFFSET || pfn_of(addr) >= buddy.nr)
		return PAGE_OWNER_NONE;
	return (enum page_owner)owner[pfn_of(addr)];
}

static const char *owner_name(enum page_owner who)
{
	switch (who) {
	case PAGE_OWNER_PAGES:
		return "a block of alloc_pages";
	case PAGE_OWNER_SLAB:
		return "a live kmalloc slab (kfree its objects)";
	case PAGE_OWNER_KMALLOC:
		return "a large kmalloc object (kfree it)";
	default:
		return "not an allocated block";
	}
}

int free_pages_for(void *addr, enum page_owner who, const void *caller)
{
	enum page_owner was;
	unsigned long flags;
	char sym[96];
	int rc;

	spin_lock_irqsave(&page_lock, flags);
	was = page_owner(addr);
	if (page_is_allocated(addr, NULL) && was != who) {
		spin_unlock_irqrestore(&page_lock, flags);
		printk(KERN_ERR "mm: free of page %p from %s refused: it is %s\n", addr,
		       symbol_format(sym, sizeof(sym), (unsigned long)caller, 1), owner_name(was));
		return -EINVAL;
	}
	rc = buddy_free(&buddy, addr);
	if (rc == BUDDY_OK)
		owner[pfn_of(addr)] = who == PAGE_OWNER_SLAB ? PAGE_OWNER_FREED_SLAB : PAGE_OWNER_NONE;
	spin_unlock_irqrestore(&page_lock, flags);
	if (rc == BUDDY_OK)
		return 0;
	symbol_format(sym, sizeof(sym), (unsigned long)caller, 1);
	switch (rc) {
	case BUDDY_DOUBLE:
		printk(KERN_ERR "mm: double free of page %p from %s\n", addr, sym);
		break;
	case BUDDY_NOT_ALLOCATED:
		printk(KERN_ERR "mm: free of page %p from %s, which is not an allocated block\n", addr, sym);
		break;
	default:
		printk(KERN_ERR "mm: free of %p from %s, which is not a page of the page allocator\n", addr, sym);
		break;
	}
	return -EINVAL;
}

int free_pages(void *addr)
{
	return free_pages_for(addr, PAGE_OWNER_PAGES, __builtin_return_address(0));
}

int page_is_allocated(const void *addr, unsigned int *order)
{
	return buddy_allocated(&buddy, addr, order);
}

unsigned long nr_free_pages(void)
{
	return buddy.nr_free + (usable_end - mapped_end);
}

unsigned long page_alloc_mapped_end(void)
{
	return mapped_end;
}

unsigned long page_alloc_grows(void)
{
	return grows;
}
