/*
 * Pagetable updates.  Xen owns validation of every PTE a PV guest writes,
 * so changes go through hypercalls; so do TLB flushes and cr3 loads.
 */
#include <xenpv/kernel.h>
#include "hypercall.h"
#include "backend.h"

#define PTE_MFN_MASK 0x000ffffffffff000ULL

int xen_map_machine_page(unsigned long va, uint64_t maddr, int writable)
{
	uint64_t pte = (maddr & ~(uint64_t)(PAGE_SIZE - 1)) | _PAGE_PRESENT |
		       _PAGE_ACCESSED | _PAGE_DIRTY;

	if (writable)
		pte |= _PAGE_RW;
	return HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG | UVMF_LOCAL);
}

/* The pagetable base: Xen has no cheap way to read cr3 back, so keep it. */
static unsigned long cr3_shadow;

unsigned long xen_read_cr3(void)
{
	if (!cr3_shadow)
		cr3_shadow = __pa(xen_start_info->pt_base);
	return cr3_shadow;
}

int xen_write_cr3(unsigned long cr3)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_NEW_BASEPTR,
		.arg1.mfn = pfn_to_mfn(cr3 >> PAGE_SHIFT),
	};
	int rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	if (rc == 0)
		cr3_shadow = cr3;
	return rc;
}

void xen_flush_tlb(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void xen_flush_tlb_one(unsigned long va)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va };

	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Our pagetables are readable (Xen maps them read-only): walk the PAE
 * levels through the direct map.  NULL when va is not mapped. */
const uint64_t *xen_lookup_pte(unsigned long va)
{
	const uint64_t *table = __va(xen_read_cr3());
	unsigned int shift;

	for (shift = 30; shift > 12; shift -= 9) {
		uint64_t e = table[(va >> shift) & (shift == 30 ? 3 : 511)];
		unsigned long pfn;

		if (!(e & _PAGE_PRESENT))
			return NULL;
		pfn = mfn_to_pfn((unsigned long)((e & PTE_MFN_MASK) >> PAGE_SHIFT));
		if (pfn == INVALID_P2M_ENTRY)
			return NULL;
		table = __va(pfn << PAGE_SHIFT);
	}
	return &table[(va >> 12) & 511];
}

/* Before Xen takes a page as a descriptor table, no writable mapping of
 * it may remain.  Keeps the PTE's other bits. */
int xen_make_page_ro(void *va)
{
	const uint64_t *pte = xen_lookup_pte((unsigned long)va);

	if (!pte)
		return -1;
	return HYPERVISOR_update_va_mapping((unsigned long)va, *pte & ~_PAGE_RW,
					    UVMF_INVLPG | UVMF_LOCAL);
}
