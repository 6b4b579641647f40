/*
 * Descriptor tables under Xen.  The GDT and LDT pages must be mapped
 * read-only before Xen takes them; after that an entry changes only
 * through update_descriptor, which validates it and returns an error for
 * a descriptor a guest may not have (a TSS, a 64-bit code segment, a
 * gate into Xen's own code).  Kernel code keeps Xen's flat selectors,
 * which live in the reserved entries from FIRST_RESERVED_GDT_ENTRY up.
 */
#include <xenpv/kernel.h>
#include <kernel/desc.h>
#include "hypercall.h"
#include "backend.h"

/* Before Xen takes a page as a descriptor table, no writable mapping of
 * it may remain. */
static int make_page_ro(void *va)
{
	return xen_set_kernel_pte((unsigned long)va, __pa(va) >> PAGE_SHIFT, PAGE_KERNEL_RO);
}

int xen_load_gdt(uint64_t *gdt, unsigned int entries)
{
	unsigned long frames[1];

	/* One page, well below Xen's part of the GDT. */
	if (entries > PAGE_SIZE / 8 || entries > FIRST_RESERVED_GDT_ENTRY)
		return -1;
	if (make_page_ro(gdt))
		return -1;
	frames[0] = pfn_to_mfn(__pa(gdt) >> PAGE_SHIFT);
	return HYPERVISOR_set_gdt(frames, entries);
}

int xen_write_desc(uint64_t *table, unsigned int idx, uint64_t desc)
{
	return HYPERVISOR_update_descriptor(virt_to_machine(&table[idx]), desc);
}

int xen_set_ldt(uint64_t *ldt, unsigned int entries)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1.linear_addr = (unsigned long)ldt,
		.arg2.nr_ents = entries,
	};

	if (entries > PAGE_SIZE / 8 || make_page_ro(ldt))
		return -1;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* The three TLS slots in one multicall, as a context switch would. */
int xen_load_tls(uint64_t *gdt, const uint64_t *tls)
{
	multicall_entry_t mc[GDT_TLS_ENTRIES];
	unsigned int i;

	for (i = 0; i < GDT_TLS_ENTRIES; i++) {
		uint64_t ma = virt_to_machine(&gdt[GDT_ENTRY_TLS_MIN + i]);

		mc[i].op = __HYPERVISOR_update_descriptor;
		mc[i].args[0] = (unsigned long)ma;
		mc[i].args[1] = (unsigned long)(ma >> 32);
		mc[i].args[2] = (unsigned long)tls[i];
		mc[i].args[3] = (unsigned long)(tls[i] >> 32);
	}
	if (HYPERVISOR_multicall(mc, GDT_TLS_ENTRIES))
		return -1;
	for (i = 0; i < GDT_TLS_ENTRIES; i++)
		if (mc[i].result)
			return (int)mc[i].result;
	return 0;
}
