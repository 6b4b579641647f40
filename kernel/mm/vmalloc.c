/*
 * The vmalloc area: virtually contiguous memory built from single pages,
 * each area with an unmapped guard page below it (so a kernel stack that
 * overflows faults instead of running into its neighbour).  First fit
 * over a bitmap of the area's pages; three more bitmaps mark each area's
 * first and last page and the pages vm_reserve handed out.  The page
 * behind a vmalloc address is read back from its PTE
 * (pv_ops.mmu.kernel_pfn), so that the bookkeeping of the 16MB area is
 * 2KB, not the 24KB a pfn and a length per page took.  Each 2MB of the
 * area gets its L1 when an area there is first claimed
 * (pv_ops.mmu.alloc_kernel_tables): a domain pays for the tables it
 * uses.  vm_reserve hands out address space alone (guard included,
 * nothing mapped) for machine frames the caller maps itself: grant table
 * frames and foreign grants need an L1 to exist but no page of ours
 * behind it.
 */
#include <xenpv/kernel.h>
#include <xenpv/bitops.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include <xenpv/spinlock.h>

#define VM_PAGES (MM_VMALLOC_SIZE >> PAGE_SHIFT)

static DECLARE_BITMAP(vm_used, VM_PAGES);     /* guard pages included */
static DECLARE_BITMAP(vm_head, VM_PAGES);     /* an area's first page */
static DECLARE_BITMAP(vm_tail, VM_PAGES);     /* an area's last page */
static DECLARE_BITMAP(vm_reserved, VM_PAGES); /* vm_reserve's: nothing of ours */

/* The four bitmaps, and hooking the area's L1s. */
static DEFINE_SPINLOCK(vm_lock);

static unsigned long vm_addr(unsigned long i)
{
	return mm_layout.vmalloc_start + i * PAGE_SIZE;
}

/* Release pages [first - 1, first + n) (the guard below included). */
static void release(unsigned long first, unsigned long n)
{
	unsigned long flags;

	spin_lock_irqsave(&vm_lock, flags);
	bitmap_clear(vm_used, first - 1, n + 1);
	bitmap_clear(vm_reserved, first, n);
	__clear_bit(first + n - 1, vm_tail);
	spin_unlock_irqrestore(&vm_lock, flags);
}

/* Unmap and free the pages of ours in [first, first + n). */
static void unmap_area(unsigned long first, unsigned long n)
{
	unsigned long i, pfn;

	for (i = first; i < first + n; i++) {
		if (test_bit(i, vm_reserved))
			continue;
		pfn = pv_ops.mmu.kernel_pfn(vm_addr(i));
		if (pfn == INVALID_P2M_ENTRY)
			continue;
		pv_ops.mmu.set_kernel_pte(vm_addr(i), 0, 0);
		free_pages(__va(pfn << PAGE_SHIFT));
	}
}

/* The pages size needs (*n of them), after a guard page, with their L1s:
 * the index of the first, or VM_PAGES. */
static unsigned long claim(size_t size, unsigned long *n, int reserved)
{
	unsigned long flags, first;

	*n = PAGE_ALIGN(size) >> PAGE_SHIFT;
	if (*n == 0 || *n >= VM_PAGES)
		return VM_PAGES;
	spin_lock_irqsave(&vm_lock, flags);
	first = bitmap_find_free_run(vm_used, VM_PAGES, *n + 1);
	/* Its L1s under the lock: one vCPU hooks a table at a time. */
	if (first < VM_PAGES && pv_ops.mmu.alloc_kernel_tables(vm_addr(first + 1), *n * PAGE_SIZE))
		first = VM_PAGES;
	if (first < VM_PAGES) {
		bitmap_set(vm_used, first++, *n + 1);
		if (reserved)
			bitmap_set(vm_reserved, first, *n);
		__set_bit(first + *n - 1, vm_tail);
	}
	spin_unlock_irqrestore(&vm_lock, flags);
	return first;
}

/* The area is its owner's once its head is set. */
static void *publish(unsigned long first)
{
	set_bit(first, vm_head);
	return (void *)vm_addr(first);
}

void *vmalloc(size_t size)
{
	unsigned long n, first = claim(size, &n, 0), i;

	if (first == VM_PAGES)
		return NULL;
	for (i = first; i < first + n; i++) {
		void *page = alloc_page();

		if (!page || pv_ops.mmu.set_kernel_pte(vm_addr(i), __pa(page) >> PAGE_SHIFT, PAGE_KERNEL)) {
			if (page)
				free_pages(page);
			unmap_area(first, i - first);
			release(first, n);
			return NULL;
		}
	}
	return publish(first);
}

void *vm_reserve(size_t size)
{
	unsigned long n, first = claim(size, &n, 1);

	return first == VM_PAGES ? NULL : publish(first);
}

int vfree(void *addr)
{
	unsigned long va = (unsigned long)addr, i, n;

	if (!addr)
		return 0;
	i = (va - mm_layout.vmalloc_start) >> PAGE_SHIFT;
	if (va < mm_layout.vmalloc_start || va >= mm_layout.vmalloc_end ||
	    (va & ~PAGE_MASK) || !test_and_clear_bit(i, vm_head)) {
		printk(KERN_ERR "vfree: %p is not a vmalloc area%s\n", addr,
		       va >= mm_layout.vmalloc_start && va < mm_layout.vmalloc_end &&
		       !(va & ~PAGE_MASK) && !test_bit(i, vm_used) ? " (double free?)" : "");
		return -EINVAL;
	}
	n = find_next_bit(vm_tail, VM_PAGES, i) - i + 1;
	unmap_area(i, n);
	release(i, n);
	return 0;
}

unsigned long vmalloc_to_pfn(const void *vaddr)
{
	unsigned long va = (unsigned long)vaddr, i;

	if (va < mm_layout.vmalloc_start || va >= mm_layout.vmalloc_end)
		return INVALID_P2M_ENTRY;
	i = (va - mm_layout.vmalloc_start) >> PAGE_SHIFT;
	/* Freed space is clear in vm_used, a guard page unmapped, reserved
	 * space has no page of ours. */
	if (!test_bit(i, vm_used) || test_bit(i, vm_reserved))
		return INVALID_P2M_ENTRY;
	return pv_ops.mmu.kernel_pfn(va & PAGE_MASK);
}

void *alloc_stack(void)
{
	char *base = vmalloc(KERNEL_STACK_SIZE);

	return base ? base + KERNEL_STACK_SIZE : NULL;
}

int free_stack(void *top)
{
	return vfree((char *)top - KERNEL_STACK_SIZE);
}
