/*
 * Kernel L1s on demand, so that boot does no work and holds no page for
 * memory or address space nobody uses.  The direct map past what boot
 * mapped (pagetable.c): the page allocator asks for pfns when it runs
 * short (pv_ops.mmu.map_direct), and each 2MB slot gets its L1 then,
 * from the page pagetable.c reserved for it.  The vmalloc area: an L1
 * from the page allocator when an area is first claimed in a 2MB
 * (pv_ops.mmu.alloc_kernel_tables).  Each is filled while still
 * writable, made read-only, and hooked into the kernel L2 of init_mm
 * and of every other address space (pgd.c).
 */
#include <xenpv/kernel.h>
#include "hypercall.h"
#include "backend.h"
#include "mmu_batch.h"

/* Slots of the direct map: it ends below the vmalloc area. */
#define MAX_DIRECT_SLOTS ((0x100000000ULL - PAGE_OFFSET) >> L2_SHIFT)

static uint32_t table_pfn[MAX_DIRECT_SLOTS];   /* 0: none reserved */

/* Its own batch: the caller (the page allocator, under its lock) may
 * have interrupted code with updates queued in this vCPU's.  A new L1 is
 * written in place, so the queue holds little: its protection and one
 * hook per pinned address space (it flushes when full). */
static struct mmu_batch direct_batch;
static struct mmu_batch_req direct_reqs[64];

void xen_direct_map_reserve(unsigned long slot, unsigned long pfn)
{
	if (slot < MAX_DIRECT_SLOTS)
		table_pfn[slot] = (uint32_t)pfn;
}

/* Page pfn becomes slot's L1, holding pfns [first, end) of the direct
 * map (none for the vmalloc area): filled while writable, made
 * read-only, hooked into every kernel L2; b is flushed. */
static int install_table(struct mmu_batch *b, unsigned long slot, unsigned long pfn,
			 unsigned long first, unsigned long end)
{
	pte_t *l1 = __va(pfn << PAGE_SHIFT);

	memset(l1, 0, PAGE_SIZE);
	for (; first < end; first++)
		l1[first % PTRS_PER_TABLE] = xen_make_pte(first, kernel_page_prot(first));
	mmu_batch_queue(b, virt_to_machine(xen_kernel_pte((unsigned long)l1)) | MMU_NORMAL_PT_UPDATE,
			xen_make_pte(pfn, PAGE_KERNEL_RO));
	return xen_pgd_install_kernel_table(b, slot, xen_make_pte(pfn, PAGE_TABLE));
}

/* A new L1 for slot mapping pfns [first, end) of it. */
static int new_table(unsigned long slot, unsigned long first, unsigned long end)
{
	unsigned long pfn = table_pfn[slot];

	if (!pfn)
		return -ENOMEM;
	table_pfn[slot] = 0;
	return install_table(&direct_batch, slot, pfn, first, end);
}

/* The caller (vmalloc.c, under its lock) keeps two vCPUs from hooking
 * a table at one slot. */
int xen_alloc_kernel_tables(unsigned long va, unsigned long len)
{
	struct mmu_batch_req req[8];
	struct mmu_batch b = { .req = req, .limit = ARRAY_SIZE(req), .flush = xen_mmu_update_flush };
	unsigned long slot = xen_slot_of(va);
	void *page;
	int rc = 0;

	if (!len || va < mm_layout.vmalloc_start || va + len > mm_layout.vmalloc_end || va + len < va)
		return -EINVAL;
	for (; !rc && slot <= xen_slot_of(va + len - 1); slot++)
		if (!(xen_kernel_l2[slot] & _PAGE_PRESENT))
			rc = (page = alloc_page()) ? install_table(&b, slot, __pa(page) >> PAGE_SHIFT, 0, 0) : -ENOMEM;
	return rc;
}

int xen_map_direct(unsigned long first, unsigned long count)
{
	unsigned long end = first + count, slot, lo, hi, pfn;
	pte_t *pte;
	int rc;

	if (end > mm_layout.direct_pages || end < first)
		return -EINVAL;
	direct_batch.flush = xen_mmu_update_flush;
	direct_batch.req = direct_reqs;
	direct_batch.limit = ARRAY_SIZE(direct_reqs);
	for (lo = first; lo < end; lo = hi) {
		slot = lo / PTRS_PER_TABLE;
		hi = (slot + 1) * PTRS_PER_TABLE;
		if (hi > end)
			hi = end;
		if (!(xen_kernel_l2[slot] & _PAGE_PRESENT)) {
			rc = new_table(slot, lo, hi);
			if (rc)
				return rc;
			continue;
		}
		for (pfn = lo; pfn < hi; pfn++) {
			pte = xen_kernel_pte(PAGE_OFFSET + pfn * PAGE_SIZE);
			mmu_batch_queue(&direct_batch, virt_to_machine(pte) | MMU_NORMAL_PT_UPDATE,
					xen_make_pte(pfn, kernel_page_prot(pfn)));
		}
	}
	/* A not-present entry is never cached: no TLB flush. */
	return mmu_batch_flush(&direct_batch);
}
