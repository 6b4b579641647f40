/*
 * The vmalloc area: virtually contiguous memory built from single pages,
 * each area with an unmapped guard page below it (so a kernel stack that
 * overflows faults instead of running into its neighbour).  A first-fit
 * bitmap of the area's pages; the pfn of every mapped page is kept so
 * that vfree can give it back.  Each 2MB of the area gets its L1 when an
 * area there is first claimed (pv_ops.mmu.alloc_kernel_tables): a domain
 * pays for the tables it uses.
 * vm_reserve hands out address space alone (guard included, nothing
 * mapped) for machine frames the caller maps itself: grant table frames
 * and foreign grants need an L1 to exist but no page of ours behind it.
 */
#include <xenpv/kernel.h>
#include <xenpv/bitops.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include <xenpv/spinlock.h>

#define VM_PAGES (MM_VMALLOC_SIZE >> PAGE_SHIFT)

static DECLARE_BITMAP(vm_used, VM_PAGES);   /* guard pages included */
static uint16_t vm_len[VM_PAGES];           /* pages, at an area's first page */
static uint32_t vm_pfn[VM_PAGES];
#define VM_NO_PAGE 0xffffffffU              /* vm_pfn of a reserved page */

/* vm_used; each area's vm_pfn and vm_len entries are its owner's. */
static DEFINE_SPINLOCK(vm_lock);

static void mark(unsigned long first, unsigned long n, int on)
{
	unsigned long flags;

	spin_lock_irqsave(&vm_lock, flags);
	if (on)
		bitmap_set(vm_used, first, n);
	else
		bitmap_clear(vm_used, first, n);
	spin_unlock_irqrestore(&vm_lock, flags);
}

static unsigned long vm_addr(unsigned long i)
{
	return mm_layout.vmalloc_start + i * PAGE_SIZE;
}

static void unmap_area(unsigned long first, unsigned long n)
{
	unsigned long i;

	for (i = first; i < first + n; i++) {
		if (vm_pfn[i] == VM_NO_PAGE)
			continue;
		pv_ops.mmu.set_kernel_pte(vm_addr(i), 0, 0);
		free_pages(__va((unsigned long)vm_pfn[i] << PAGE_SHIFT));
	}
}

/* n pages of address space after a guard page; the index of the first. */
static unsigned long claim(unsigned long n)
{
	unsigned long flags, first;

	spin_lock_irqsave(&vm_lock, flags);
	first = bitmap_find_free_run(vm_used, VM_PAGES, n + 1);
	/* Its L1s under the lock: one vCPU hooks a table at a time. */
	if (first < VM_PAGES && pv_ops.mmu.alloc_kernel_tables(vm_addr(first + 1), n * PAGE_SIZE))
		first = VM_PAGES;
	if (first < VM_PAGES) {
		bitmap_set(vm_used, first, n + 1);
		vm_pfn[first] = VM_NO_PAGE;     /* the guard: for vmalloc_to_pfn */
	}
	spin_unlock_irqrestore(&vm_lock, flags);
	return first == VM_PAGES ? VM_PAGES : first + 1;
}

/* Claim the pages size needs (*n of them): the first, or VM_PAGES. */
static unsigned long claim_size(size_t size, unsigned long *n)
{
	*n = PAGE_ALIGN(size) >> PAGE_SHIFT;
	if (*n == 0 || *n >= VM_PAGES)
		return VM_PAGES;
	return claim(*n);
}

void *vmalloc(size_t size)
{
	unsigned long n, first = claim_size(size, &n), i;

	if (first == VM_PAGES)
		return NULL;
	for (i = first; i < first + n; i++) {
		void *page = alloc_page();

		if (!page || pv_ops.mmu.set_kernel_pte(vm_addr(i), __pa(page) >> PAGE_SHIFT, PAGE_KERNEL)) {
			if (page)
				free_pages(page);
			unmap_area(first, i - first);
			mark(first - 1, n + 1, 0);
			return NULL;
		}
		vm_pfn[i] = __pa(page) >> PAGE_SHIFT;
	}
	vm_len[first] = n;
	return (void *)vm_addr(first);
}

void *vm_reserve(size_t size)
{
	unsigned long n, first = claim_size(size, &n), i;

	if (first == VM_PAGES)
		return NULL;
	for (i = first; i < first + n; i++)
		vm_pfn[i] = VM_NO_PAGE;
	vm_len[first] = n;
	return (void *)vm_addr(first);
}

int vfree(void *addr)
{
	unsigned long va = (unsigned long)addr, i, n;

	if (!addr)
		return 0;
	i = (va - mm_layout.vmalloc_start) >> PAGE_SHIFT;
	if (va < mm_layout.vmalloc_start || va >= mm_layout.vmalloc_end ||
	    (va & ~PAGE_MASK) || vm_len[i] == 0) {
		printk(KERN_ERR "vfree: %p is not a vmalloc area%s\n", addr,
		       va >= mm_layout.vmalloc_start && va < mm_layout.vmalloc_end &&
		       !(va & ~PAGE_MASK) && !test_bit(i, vm_used) ? " (double free?)" : "");
		return -EINVAL;
	}
	n = vm_len[i];
	vm_len[i] = 0;
	unmap_area(i, n);
	mark(i - 1, n + 1, 0);
	return 0;
}

unsigned long vmalloc_to_pfn(const void *vaddr)
{
	unsigned long va = (unsigned long)vaddr, i;

	if (va < mm_layout.vmalloc_start || va >= mm_layout.vmalloc_end)
		return INVALID_P2M_ENTRY;
	i = (va - mm_layout.vmalloc_start) >> PAGE_SHIFT;
	/* Guard pages and freed space are clear in vm_used, reserved space
	 * has no page of ours. */
	if (!test_bit(i, vm_used) || vm_pfn[i] == VM_NO_PAGE)
		return INVALID_P2M_ENTRY;
	return vm_pfn[i];
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
