/*
 * Boot-time pagetables.  Xen's initial PAE tables (start_info pt_base)
 * become init_mm's: we keep every mapping Xen made, change only
 * protections, and add L1 tables where none exist: for the start of the
 * direct map (up to BOOT_MAP_PAGES past the bootstrap region, to the end
 * of an L1) and the fixmap.  The rest of the direct map is mapped when
 * the page allocator needs it, from a page per L1 reserved here, and the
 * vmalloc area gets its L1s as it is used (direct_map.c): Xen checks
 * every entry of a table it is handed (a few microseconds for each
 * present one under emulation, some 100 for an empty table), and that
 * was most of what boot cost when all of RAM was mapped up front.
 *
 * New tables come from the padding after what the builder placed
 * (bootstrap.c), then, if that runs out, from pages the new tables have
 * just mapped; the padding left over goes to the page allocator.  Each
 * table is filled while still writable, made read-only, then hooked in;
 * all of it in order through the mmu_update batch.
 */
#include <xenpv/kernel.h>
#include "hypercall.h"
#include "backend.h"
#include "mmu_batch.h"

static unsigned long bootstrap_end;   /* first pfn Xen did not map */
static unsigned long early_next;      /* next pfn for a new table */
static unsigned long early_limit;     /* early_next must stay below */
static unsigned long hooked_end;      /* direct map live up to this pfn */
static unsigned long boot_map_end;    /* boot maps the direct map below */

/* Pages mapped at boot past Xen's region: the allocator's first needs. */
#define BOOT_MAP_PAGES 256
static unsigned long tables_made;
static unsigned long tables_reserved; /* for direct_map.c */
static unsigned long user_l2_made;    /* L3 slots the builder left empty */

/* One table at a time: finding each entry's L1 anew costs an M2P lookup. */
static unsigned long find_bootstrap_end(void)
{
	unsigned long slot, i;
	const pte_t *l1;

	for (slot = 0; slot < PTRS_PER_TABLE; slot++) {
		l1 = xen_kernel_pte(PAGE_OFFSET + slot * L2_SIZE);
		if (!l1)
			break;
		for (i = 0; i < PTRS_PER_TABLE; i++)
			if (!(l1[i] & _PAGE_PRESENT))
				return slot * PTRS_PER_TABLE + i;
	}
	return slot * PTRS_PER_TABLE;
}

/* A mapped page of ours that nothing else uses. */
static unsigned long early_take_pfn(void)
{
	if (early_next >= early_limit) {
		/* Let the tables queued so far map more pages. */
		if (mmu_batch_flush(&xen_mmu_batch))
			panic("xen: building the direct map failed");
		if (early_limit < hooked_end)
			early_limit = hooked_end;
		if (early_next < bootstrap_end)
			early_next = bootstrap_end;
		if (early_next >= early_limit)
			panic("xen: no memory left for boot pagetables");
	}
	return early_next++;
}

/* A zeroed page for a pagetable, queued to become read-only. */
static pte_t *early_alloc_table(void)
{
	unsigned long pfn = early_take_pfn();
	pte_t *table;

	tables_made++;
	table = __va(pfn << PAGE_SHIFT);
	memset(table, 0, PAGE_SIZE);
	xen_queue_pte(xen_kernel_pte((unsigned long)table), xen_make_pte(pfn, PAGE_KERNEL_RO));
	return table;
}

static void hook_table(unsigned long slot, pte_t *table)
{
	xen_queue_pte(&xen_kernel_l2[slot], virt_to_machine(table) | PAGE_TABLE);
}

/*
 * The setup-time set_pte: Xen maps its own tables read-only, and an
 * attempt to make one writable again would fail the whole batch, so a
 * read-only page stays read-only; other changes (NX, A/D, unmapping) go
 * through.  A mapping Xen made keeps its frame: the template is kept.
 */
static void set_pte_init(pte_t *ptep, pte_t val)
{
	pte_t old = *ptep;

	if ((old & _PAGE_PRESENT) && (val & _PAGE_PRESENT)) {
		val = (old & PTE_FRAME_MASK) | (val & ~PTE_FRAME_MASK);
		if (!(old & _PAGE_RW))
			val &= ~_PAGE_RW;
	}
	if (val != old)
		xen_queue_pte(ptep, val);
}

/* Before traps: find the bootstrap region, set up the fixmap, map shared_info. */
void xen_mm_early_init(void)
{
	start_info_t *si = xen_start_info;
	pte_t *fixmap;
	init_mm.l3 = (pte_t *)si->pt_base;
	xen_kernel_l2 = machine_to_virt(init_mm.l3[3] & PTE_FRAME_MASK);
	bootstrap_end = find_bootstrap_end();
	early_next = xen_bootstrap_init();    /* past what the builder placed */
	early_limit = bootstrap_end;

	fixmap = early_alloc_table();
	hook_table(xen_slot_of(mm_layout.fixmap_start), fixmap);
	if (mmu_batch_flush(&xen_mmu_batch))
		panic("xen: cannot hook the fixmap's table");
	if (xen_map_machine_page(fix_to_virt(FIX_SHARED_INFO), si->shared_info, 1))
		panic("cannot map shared_info (machine address %#lx)", si->shared_info);
	HYPERVISOR_shared_info = (struct shared_info *)fix_to_virt(FIX_SHARED_INFO);
}

/* The direct-map entries of L1 slot: written in place into a new table,
 * through set_pte_init into one of Xen's. */
static void fill_direct_map(unsigned long slot, pte_t *l1, int xens)
{
	unsigned long i, pfn;

	for (i = 0; i < PTRS_PER_TABLE; i++) {
		pfn = slot * PTRS_PER_TABLE + i;
		if (pfn >= boot_map_end)
			break;
		if (xens)
			set_pte_init(&l1[i], xen_make_pte(pfn, kernel_page_prot(pfn)));
		else
			l1[i] = xen_make_pte(pfn, kernel_page_prot(pfn));
	}
}

void xen_pagetable_init(struct mm_free_range *free)
{
	unsigned long slot, nslots = (mm_layout.direct_pages + PTRS_PER_TABLE - 1) / PTRS_PER_TABLE;
	unsigned int i;

	/* To the end of an L1, so that growth maps whole tables. */
	boot_map_end = (bootstrap_end + BOOT_MAP_PAGES + PTRS_PER_TABLE - 1) / PTRS_PER_TABLE * PTRS_PER_TABLE;
	if (boot_map_end > mm_layout.direct_pages)
		boot_map_end = mm_layout.direct_pages;

	/* Xen's dom0 builder gives every L3 slot an L2; the toolstack's
	 * domU builder only the ones its mappings need (slot 3).  Give the
	 * empty user slots an empty L2 each, so that init_mm looks the same
	 * whoever built it. */
	if (!(init_mm.l3[3] & _PAGE_PRESENT))
		panic("xen: the boot pagetables have no kernel L2 (L3 slot 3 is empty)");
	for (i = 0; i < 4; i++) {
		if (!(init_mm.l3[i] & _PAGE_PRESENT)) {
			pte_t *l2 = early_alloc_table();

			xen_queue_pte(&init_mm.l3[i], (virt_to_machine(l2) & PTE_FRAME_MASK) | _PAGE_PRESENT);
			user_l2_made++;
		}
	}
	/* Now, not with the rest: set_pte_init below must read the new
	 * tables as read-only, or it would queue them writable again. */
	if (user_l2_made && mmu_batch_flush(&xen_mmu_batch))
		panic("xen: cannot give the boot L3 its missing L2 tables");
	for (i = 0; i < 4; i++)
		init_mm.l2[i] = xen_table_va(init_mm.l3[i]);
	init_mm.pinned = 1;

	/* Xen's tables first, so that set_pte_init reads what Xen wrote. */
	for (slot = 0; slot < nslots; slot++)
		if (xen_kernel_l2[slot] & _PAGE_PRESENT)
			fill_direct_map(slot, xen_table_va(xen_kernel_l2[slot]), 1);
	hooked_end = bootstrap_end;
	for (slot = 0; slot < nslots; slot++) {
		if (xen_kernel_l2[slot] & _PAGE_PRESENT)
			continue;
		if (slot * PTRS_PER_TABLE < boot_map_end) {
			pte_t *l1 = early_alloc_table();

			fill_direct_map(slot, l1, 0);
			hook_table(slot, l1);
		} else {
			xen_direct_map_reserve(slot, early_take_pfn());
			tables_reserved++;
			continue;
		}
		hooked_end = (slot + 1) * PTRS_PER_TABLE;
		if (hooked_end > boot_map_end)
			hooked_end = boot_map_end;
	}
	if (mmu_batch_flush(&xen_mmu_batch))
		panic("xen: building the kernel pagetables failed");
	xen_flush_tlb();

	/* The padding left over, and what else boot is done with. */
	free->start_pfn = early_next;
	free->mapped_end = boot_map_end;
	free->end_pfn = mm_layout.direct_pages;
	free->boot_region_end = bootstrap_end;
	free->pages[MEM_PAGETABLES] = tables_made;
	free->pages[MEM_PAGETABLES_RESERVED] = tables_reserved;
	xen_bootstrap_account(free);
	xenpv_stat("boot_mmu_update_calls", xen_mmu_batch.calls);
	xenpv_stat("boot_pte_updates", xen_mmu_batch.updates);
	xenpv_stat("boot_user_l2_added", user_l2_made);
}
