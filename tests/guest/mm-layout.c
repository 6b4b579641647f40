/*
 * The kernel's pagetables as built at boot, checked from inside the
 * guest: every frame round-trips through the P2M and M2P, the direct map
 * is mapped as far as the page allocator has grown it, the kernel maps nothing outside its areas and
 * nothing at or above the hypervisor hole, every pagetable page is
 * read-only, and the protections fault where they should.
 */
#include "guest-test.h"
#include <kernel/traps.h>

extern char _text[], _etext[], _erodata[], boot_stack_guard[];

static void check_frames(void)
{
	unsigned long pfn, nr = xen_start_info->nr_pages, bad = 0;

	for (pfn = 0; pfn < nr; pfn++)
		if (mfn_to_pfn(pfn_to_mfn(pfn)) != pfn)
			bad++;
	is(bad, 0, "all %lu pages survive a P2M/M2P round trip", nr);
	is_hex(mfn_to_pfn(xen_start_info->shared_info >> PAGE_SHIFT), INVALID_P2M_ENTRY,
	       "shared_info's frame (Xen's, not ours) is reported as foreign");
	ok(machine_to_virt(virt_to_machine(&bad)) == (void *)&bad,
	   "virt_to_machine and machine_to_virt are inverse");
	ok(machine_to_virt((uint64_t)xen_start_info->shared_info) == NULL,
	   "machine_to_virt of a foreign frame gives NULL");
}

/* I/O frames and the far end of the M2P: looked up without a crash. */
static void check_m2p(void)
{
	static const unsigned long io[] = { 0xa0, 0xfec00, 0xfee00, 0xfffff };
	struct xen_machphys_mapping m;
	unsigned long bad = 0, pfn;
	unsigned int i;
	uint32_t v;

	for (i = 0; i < ARRAY_SIZE(io); i++)
		if (mfn_to_pfn(io[i]) != INVALID_P2M_ENTRY)
			bad++;
	is(bad, 0, "I/O frames are not ours, and looking them up does not crash");
	if (HYPERVISOR_memory_op(XENMEM_machphys_mapping, &m))
		tap_bail_out("XENMEM_machphys_mapping failed");
	pfn = mfn_to_pfn(m.max_mfn);
	ok(pfn == INVALID_P2M_ENTRY || pfn < xen_start_info->nr_pages,
	   "the last M2P entry (mfn %#lx) can be looked up", m.max_mfn);
	ok(probe_read_u32((void *)m.v_start, &v) == 0 && probe_write_u32((void *)m.v_start, v) == -1,
	   "the M2P is read-only");
}

static int in_kernel_area(unsigned long va)
{
	const struct mm_layout *l = &mm_layout;

	return (va >= PAGE_OFFSET && va < l->direct_end) ||
	       (va >= l->vmalloc_start && va < l->vmalloc_end) ||
	       (va >= l->fixmap_start && va < l->fixmap_end);
}

static int writable_in_direct_map(const void *table)
{
	pte_t *pte = xen_kernel_pte((unsigned long)table);

	return !pte || (*pte & _PAGE_RW);
}

/* Walk init_mm's tables below the hole. */
static void check_walk(void)
{
	unsigned long mapped_end = PAGE_OFFSET + page_alloc_mapped_end() * PAGE_SIZE;
	unsigned long hole_slot = (mm_layout.hole_start - PAGE_OFFSET) >> L2_SHIFT;
	unsigned long slot, i, stray = 0, wrong = 0, rw_tables = 0, user = 0, ours_above = 0;
	unsigned int j, missing = 0;

	/* The domU builder leaves L3 slots 0-2 empty; the kernel fills them. */
	for (j = 0; j < 4; j++)
		if (!init_mm.l2[j] || !(init_mm.l3[j] & _PAGE_PRESENT))
			missing++;
	if (!is(missing, 0, "init_mm has an L2 in each of the four L3 slots"))
		tap_bail_out("init_mm lacks an L2: the walk below would read through NULL");
	for (j = 0; j < 3; j++)
		for (i = 0; i < PTRS_PER_TABLE; i++)
			if (init_mm.l2[j][i] & _PAGE_PRESENT)
				user++;
	is(user, 0, "the user half of init_mm maps nothing (page 0 included)");
	rw_tables += writable_in_direct_map(init_mm.l3);
	for (j = 0; j < 4; j++)
		rw_tables += writable_in_direct_map(init_mm.l2[j]);
	for (slot = 0; slot < hole_slot; slot++) {
		pte_t *l1;

		if (!(xen_kernel_l2[slot] & _PAGE_PRESENT))
			continue;
		l1 = xen_table_va(xen_kernel_l2[slot]);
		rw_tables += writable_in_direct_map(l1);
		for (i = 0; i < PTRS_PER_TABLE; i++) {
			unsigned long va = PAGE_OFFSET + (slot * PTRS_PER_TABLE + i) * PAGE_SIZE;
			unsigned long pfn = va >= mm_layout.direct_end ? 0 : __pa(va) >> PAGE_SHIFT;

			if (!(l1[i] & _PAGE_PRESENT))
				continue;
			if (!in_kernel_area(va))
				stray++;
			else if (va < mm_layout.direct_end &&
				 (l1[i] & PTE_FRAME_MASK) >> PAGE_SHIFT != pfn_to_mfn(pfn))
				wrong++;
		}
	}
	is(stray, 0, "no page is mapped outside the direct map, vmalloc area and fixmap");
	is(wrong, 0, "every direct-map entry maps pfn N at PAGE_OFFSET + N pages");
	is(rw_tables, 0, "every pagetable page is read-only in the direct map");
	for (slot = hole_slot; slot < PTRS_PER_TABLE; slot++)
		if ((xen_kernel_l2[slot] & _PAGE_PRESENT) &&
		    mfn_to_pfn((xen_kernel_l2[slot] & PTE_FRAME_MASK) >> PAGE_SHIFT) != INVALID_P2M_ENTRY)
			ours_above++;
	is(ours_above, 0, "no L2 entry at or above the hole points to a table of ours");
	ok(mm_layout.fixmap_end <= mm_layout.hole_start && xen_kernel_pte(mm_layout.hole_start) == NULL,
	   "the fixmap ends below the hole, and the kernel's walker refuses the hole");
	ok(pv_ops.mmu.set_kernel_pte(mm_layout.hole_start, 0, PAGE_KERNEL) != 0,
	   "mapping a page in the hole is refused");
	ok(xen_kernel_pte(mapped_end - PAGE_SIZE) &&
	   (*xen_kernel_pte(mapped_end - PAGE_SIZE) & _PAGE_PRESENT),
	   "the direct map is mapped up to where the page allocator has grown it (%#lx)",
	   mapped_end - PAGE_SIZE);
	ok(mapped_end == mm_layout.direct_end || !xen_kernel_pte(mapped_end) ||
	   !(*xen_kernel_pte(mapped_end) & _PAGE_PRESENT),
	   "and no further: the rest is mapped on demand (mm-alloc)");
	is(mm_layout.direct_pages, xen_start_info->nr_pages, "the direct map covers all nr_pages");
	ok(*(volatile uint32_t *)(mapped_end - 4) == *(volatile uint32_t *)(mapped_end - 4),
	   "the last mapped page can be read");
	ok((uintptr_t)HYPERVISOR_shared_info == fix_to_virt(FIX_SHARED_INFO),
	   "shared_info lives in the fixmap (%p)", (void *)HYPERVISOR_shared_info);
	ok(set_fixmap(FIX_TEST, xen_start_info->shared_info, 0) == 0 &&
	   /* (the event masks: fields Xen leaves alone while we run) */
	   memcmp(((struct shared_info *)fix_to_virt(FIX_TEST))->evtchn_mask,
		  HYPERVISOR_shared_info->evtchn_mask, sizeof(HYPERVISOR_shared_info->evtchn_mask)) == 0 &&
	   probe_write_u32((void *)fix_to_virt(FIX_TEST), 0) == -1,
	   "set_fixmap maps a machine page (shared_info again, read-only) at a slot");
}

static void call(void *fn) { ((void (*)(void))fn)(); }
static void read_at(void *p) { (void)*(volatile uint32_t *)p; }

static void expect_pf(void (*fn)(void *), void *arg, unsigned long err, const char *what)
{
	struct fault_info fi = { 0 };
	int caught = catch_fault(fn, arg, &fi);

	if (!ok(caught && fi.vector == X86_TRAP_PF && fi.error_code == err,
		"%s faults (#PF, error code %#lx)", what, err))
		diag("caught=%d vector=%u error=%#lx address=%#lx", caught, fi.vector,
		     fi.error_code, fi.address);
}

static void check_protections(void)
{
	uint32_t v;
	unsigned char *heap = kmalloc(64), *top;
	pte_t *pte = xen_kernel_pte((unsigned long)_text);

	ok(pte_nx_mask == _PAGE_NX, "the CPU has NX and the kernel uses it");
	ok(probe_read_u32(init_mm.l3, &v) == 0 && probe_write_u32(init_mm.l3, v) == -1,
	   "writing the L3 through the direct map faults");
	ok(probe_read_u32(xen_kernel_l2, &v) == 0 && probe_write_u32(xen_kernel_l2, v) == -1,
	   "writing the kernel L2 through the direct map faults");
	ok(probe_read_u32(_text, &v) == 0 && probe_write_u32(_text, v) == -1, "writing kernel text faults");
	ok(probe_write_u32(_etext, 0) == -1, "writing rodata faults");
	ok(pte && !(*pte & _PAGE_NX), "kernel text is executable");
	heap[0] = 0xc3;         /* ret */
	expect_pf(call, heap, 0x11, "executing from the heap");
	kfree(heap);
	expect_pf(read_at, NULL, 0x0, "a NULL dereference");
	ok(probe_read_u32(boot_stack_guard, &v) == -1 &&
	   probe_read_u32(boot_stack_guard + PAGE_SIZE - 4, &v) == -1,
	   "the boot stack's guard page is unmapped");
	top = alloc_stack();
	ok(top && probe_write_u32(top - 4, 1) == 0 && probe_write_u32(top - KERNEL_STACK_SIZE, 1) == 0,
	   "an allocated stack is mapped and writable");
	expect_pf(read_at, top - KERNEL_STACK_SIZE - 4, 0x0, "touching an allocated stack's guard page");
	is(free_stack(top), 0, "the stack is freed");

	top = alloc_page();
	ok(top && set_page_prot(top, PAGE_KERNEL_RO) == 0 && probe_write_u32(top, 1) == -1 &&
	   set_page_prot(top, PAGE_KERNEL) == 0 && probe_write_u32(top, 1) == 0,
	   "set_page_prot makes a page read-only and writable again");
	free_pages(top);
}

static int test_mm_layout(void)
{
	tap_plan(34);
	check_frames();
	check_m2p();
	check_walk();
	check_protections();
	return tap_done();
}
XENPV_MODULE(test_mm_layout, test_mm_layout, NULL);
