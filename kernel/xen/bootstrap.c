/*
 * Xen's bootstrap region: the first pfns, which the domain builder
 * (Xen's for dom0, libxenguest's for a domU) maps for us and fills, in
 * this order, with the kernel image and its symbol table, boot modules,
 * the P2M list, start_info, the xenstore and console rings (domU), the
 * boot pagetables and the boot stack, then pads to a 4MB boundary with
 * at least 512kB to spare (xen/include/public/xen.h).
 *
 * We keep what is still in use and give the rest back: start_info is
 * copied at entry and head.S leaves Xen's boot stack at once, so their
 * pages are free; the padding past the last element feeds the boot
 * pagetables first (pagetable.c) and then the page allocator.  A page
 * nothing here explains stays reserved and is counted apart
 * (mem_builder_other_pages), so that a builder placing something we do
 * not know of shows, rather than having it overwritten.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>
#include "backend.h"

extern char _end[];

static start_info_t start_info_copy;
static unsigned long start_info_pfn;
unsigned long xen_entry_esp;   /* head.S: %esp as Xen entered _start */

/* A pfn range and its use (MEM_FREE: boot is done with it). */
struct range {
	unsigned long first, end;
	enum mem_use what;
};
/* image, modules, P2M, two rings, pagetables, start_info, boot stack */
#define MAX_RANGES 8
static struct range ranges[MAX_RANGES];
static unsigned int nr_ranges;
static unsigned long builder_end;   /* past the last element placed */

start_info_t *xen_copy_start_info(start_info_t *si)
{
	start_info_copy = *si;
	start_info_pfn = __pa(si) >> PAGE_SHIFT;
	return &start_info_copy;
}

static unsigned long pfn_up(unsigned long va)
{
	return PAGE_ALIGN(__pa(va)) >> PAGE_SHIFT;
}

static void add(unsigned long first, unsigned long end, enum mem_use what)
{
	if (first >= end || end > xen_start_info->nr_pages || nr_ranges == MAX_RANGES)
		return;
	ranges[nr_ranges++] = (struct range){ first, end, what };
	if (end > builder_end)
		builder_end = end;
}

static void add_ring(unsigned long mfn)
{
	unsigned long pfn = mfn ? mfn_to_pfn(mfn) : INVALID_P2M_ENTRY;

	if (pfn != INVALID_P2M_ENTRY)
		add(pfn, pfn + 1, MEM_RINGS);
}

/* What each pfn below builder_end holds: the first range naming it
 * (what is kept is listed before what is free, so kept wins). */
static int element_of(unsigned long pfn)
{
	unsigned int i;

	for (i = 0; i < nr_ranges; i++)
		if (pfn >= ranges[i].first && pfn < ranges[i].end)
			return ranges[i].what;
	return -1;
}

unsigned long xen_bootstrap_init(void)
{
	const start_info_t *si = xen_start_info;
	unsigned long image_end = (unsigned long)_end, mod = si->mod_start;
	unsigned long stack = (xen_entry_esp - 1 - PAGE_OFFSET) >> PAGE_SHIFT;

	if (boot_info.symtab)
		image_end = (unsigned long)boot_info.symtab + boot_info.symtab_size;
	add(0, pfn_up(image_end), MEM_IMAGE);
	if (si->mod_len) {
		if (!(si->flags & SIF_MOD_START_PFN))
			mod = __pa(mod) >> PAGE_SHIFT;
		add(mod, mod + (PAGE_ALIGN(si->mod_len) >> PAGE_SHIFT), MEM_MODULES);
	}
	add(__pa(si->mfn_list) >> PAGE_SHIFT, pfn_up(si->mfn_list + si->nr_pages * sizeof(unsigned long)), MEM_P2M);
	if (!xen_initial_domain()) {
		add_ring(si->store_mfn);
		add_ring(si->console.domU.mfn);
	}
	add(__pa(si->pt_base) >> PAGE_SHIFT, (__pa(si->pt_base) >> PAGE_SHIFT) + si->nr_pt_frames, MEM_BUILDER_PAGETABLES);
	/* Free now: copied, and left at _start (%esp is the top of its page). */
	add(start_info_pfn, start_info_pfn + 1, MEM_FREE);
	if (xen_entry_esp > PAGE_OFFSET)
		add(stack, stack + 1, MEM_FREE);
	return builder_end;
}

/* pfn joins the last free run, or starts one; 0 when there is no room. */
static int add_free(struct mm_free_range *free, unsigned long pfn)
{
	unsigned int n = free->nr_extra;

	if (n && free->extra[n - 1].pfn + free->extra[n - 1].count == pfn) {
		free->extra[n - 1].count++;
		return 1;
	}
	if (n == MM_MAX_EXTRA_RUNS)
		return 0;
	free->extra[n].pfn = pfn;
	free->extra[n].count = 1;
	free->nr_extra++;
	return 1;
}

void xen_bootstrap_account(struct mm_free_range *free)
{
	unsigned long pfn;
	int what;

	for (pfn = 0; pfn < builder_end; pfn++) {
		what = element_of(pfn);
		if (what == MEM_FREE && add_free(free, pfn))
			continue;
		free->pages[what < 0 || what == MEM_FREE ? MEM_BUILDER_OTHER : what]++;
	}
}
