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
#include "multicall_batch.h"

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
	frames[0] = virt_to_mfn(gdt);
	return HYPERVISOR_set_gdt(frames, entries);
}

unsigned long xen_gdt_frame(uint64_t *gdt)
{
	return make_page_ro(gdt) ? 0 : virt_to_mfn(gdt);
}

int xen_write_desc(uint64_t *table, unsigned int idx, uint64_t desc)
{
	return HYPERVISOR_update_descriptor(virt_to_machine(&table[idx]), desc);
}

/* entries 0: no LDT.  A page already read-only (a task's LDT, or one
 * loaded before) costs no hypercall, so a context switch can batch this. */
int xen_set_ldt(uint64_t *ldt, unsigned int entries)
{
	const pte_t *pte = entries ? xen_kernel_pte((unsigned long)ldt) : NULL;
	struct mmuext_op *op;
	unsigned long flags;

	if (entries > PAGE_SIZE / 8 || ((unsigned long)ldt & ~PAGE_MASK))
		return -1;
	if (entries && (!pte || ((*pte & _PAGE_RW) && make_page_ro(ldt))))
		return -1;
	flags = xen_mc_begin();
	op = xen_mc_mmuext(MMUEXT_SET_LDT, "mmuext_op SET_LDT", 0);
	op->arg1.linear_addr = entries ? (unsigned long)ldt : 0;
	op->arg2.nr_ents = entries;
	return xen_mc_end(flags);
}

/* The update_descriptor entry that writes desc at machine address ma. */
void xen_mc_update_descriptor(uint64_t ma, uint64_t desc, const char *what)
{
	struct mc_entry *e = xen_mc_call(__HYPERVISOR_update_descriptor, what, 0);

	e->args[0] = (unsigned long)ma;
	e->args[1] = (unsigned long)(ma >> 32);
	e->args[2] = (unsigned long)desc;
	e->args[3] = (unsigned long)(desc >> 32);
}

/* The three TLS slots in one batch (a context switch adds more to it). */
int xen_load_tls(uint64_t *gdt, const uint64_t *tls)
{
	static const char *const what[GDT_TLS_ENTRIES] = {
		"update_descriptor (TLS slot 0)", "update_descriptor (TLS slot 1)",
		"update_descriptor (TLS slot 2)",
	};
	unsigned long flags = xen_mc_begin();
	unsigned int i;

	for (i = 0; i < GDT_TLS_ENTRIES; i++)
		xen_mc_update_descriptor(virt_to_machine(&gdt[GDT_ENTRY_TLS_MIN + i]), tls[i], what[i]);
	return xen_mc_end(flags);
}
