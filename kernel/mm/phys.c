/*
 * Checked pseudo-physical translations (<xenpv/mm.h>): the direct map by
 * arithmetic within its bounds, the vmalloc area through its page list.
 */
#include <xenpv/kernel.h>
#include <kernel/mm.h>

unsigned long virt_to_phys(const void *vaddr)
{
	unsigned long va = (unsigned long)vaddr, pfn;

	if (va >= PAGE_OFFSET && va < mm_layout.direct_end)
		return __pa(va);
	pfn = vmalloc_to_pfn(vaddr);
	if (pfn == INVALID_P2M_ENTRY)
		return INVALID_PHYS_ADDR;
	return (pfn << PAGE_SHIFT) | (va & ~PAGE_MASK);
}

void *phys_to_virt(unsigned long paddr)
{
	if ((paddr >> PAGE_SHIFT) >= mm_layout.direct_pages)
		return NULL;
	return __va(paddr);
}
