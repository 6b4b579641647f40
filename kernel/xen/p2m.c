/*
 * Pseudo-physical <-> machine frame numbers.  The P2M is the list Xen
 * built for us (start_info->mfn_list); the M2P is Xen's read-only table in
 * the hypervisor hole.  Parts of the M2P that cover no RAM (I/O ranges)
 * may be unmapped, so entries are read with a fixup-protected load.
 */
#include <xenpv/kernel.h>
#include <kernel/traps.h>
#include "hypercall.h"
#include "backend.h"

static const unsigned long *p2m;
static unsigned long p2m_size;
static const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
static unsigned long m2p_entries = MACH2PHYS_NR_ENTRIES;

void xen_p2m_init(void)
{
	struct xen_machphys_mapping mapping;

	p2m = (const unsigned long *)xen_start_info->mfn_list;
	p2m_size = xen_start_info->nr_pages;
	/* A compat guest's M2P may start below the native 32-bit address. */
	if (HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mapping) == 0) {
		m2p = (const unsigned long *)mapping.v_start;
		m2p_entries = mapping.max_mfn + 1;
	}
}

unsigned long pfn_to_mfn(unsigned long pfn)
{
	return pfn < p2m_size ? p2m[pfn] : INVALID_P2M_ENTRY;
}

unsigned long mfn_to_pfn(unsigned long mfn)
{
	uint32_t pfn;

	if (mfn >= m2p_entries || probe_read_u32(&m2p[mfn], &pfn))
		return INVALID_P2M_ENTRY;
	/* The M2P also lists frames of other domains: only trust it when our
	 * own P2M maps the answer back to the same frame. */
	if (pfn >= p2m_size || p2m[pfn] != mfn)
		return INVALID_P2M_ENTRY;
	return pfn;
}

unsigned long virt_to_mfn(const void *vaddr)
{
	return pfn_to_mfn(__pa(vaddr) >> PAGE_SHIFT);
}

uint64_t virt_to_machine(const void *vaddr)
{
	return ((uint64_t)virt_to_mfn(vaddr) << PAGE_SHIFT) | ((unsigned long)vaddr & ~PAGE_MASK);
}

void *machine_to_virt(uint64_t maddr)
{
	unsigned long pfn = mfn_to_pfn((unsigned long)(maddr >> PAGE_SHIFT));

	if (pfn == INVALID_P2M_ENTRY || pfn >= mm_layout.direct_pages)
		return NULL;
	return (char *)__va(pfn << PAGE_SHIFT) + (maddr & ~PAGE_MASK);
}
