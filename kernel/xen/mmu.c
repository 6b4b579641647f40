/*
 * Pagetable updates.  Xen owns validation of every PTE a PV guest writes,
 * so changes go through hypercalls.
 */
#include <xenpv/kernel.h>
#include "hypercall.h"
#include "backend.h"

int xen_map_machine_page(unsigned long va, uint64_t maddr, int writable)
{
	uint64_t pte = (maddr & ~(uint64_t)(PAGE_SIZE - 1)) | _PAGE_PRESENT |
		       _PAGE_ACCESSED | _PAGE_DIRTY;

	if (writable)
		pte |= _PAGE_RW;
	return HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG | UVMF_LOCAL);
}
