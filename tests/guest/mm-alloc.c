/*
 * The allocators on real Xen: the direct map grown on demand (to the
 * last page, with the right protections, seen by an address space made
 * before it grew), the page allocator exhausted, emptied and
 * filled again (nothing leaks, blocks coalesce), contiguous blocks,
 * kmalloc from 1 byte to several pages, double and foreign frees
 * refused, vmalloc, and 100 address spaces created, pinned, switched to
 * and away from, unpinned and freed without losing a frame.
 */
#include "guest-test.h"
#include <kernel/traps.h>

extern char _end[];

/* Allocate order-`order` blocks until none is left, chained through
 * their first word; returns how many. */
static unsigned long exhaust(unsigned int order, void **chain)
{
	unsigned long n = 0;
	void *p;

	*chain = NULL;
	while ((p = alloc_pages(order)) != NULL) {
		*(void **)p = *chain;
		*chain = p;
		n++;
	}
	return n;
}

static unsigned long release(void *chain)
{
	unsigned long bad = 0;

	while (chain) {
		void *next = *(void **)chain;

		bad += free_pages(chain) != 0;
		chain = next;
	}
	return bad;
}

/* Boot maps the start of the direct map; taking every page maps the
 * rest, a 2MB L1 at a time, into init_mm and every pinned address space. */
static void check_growth(void)
{
	unsigned long boot_end = page_alloc_mapped_end(), grows0 = page_alloc_grows();
	unsigned long free0 = nr_free_pages(), last = mm_layout.direct_end - PAGE_SIZE;
	const pte_t *pte;
	struct mm_struct mm;
	int made, seen = 0;
	uint32_t v;
	void *chain;

	ok(boot_end <= mm_layout.direct_pages && free0 > 0,
	   "boot mapped %lu of %lu pages; %lu are free, counting the unmapped",
	   boot_end, mm_layout.direct_pages, free0);
	made = mm_create(&mm);
	is(made, 0, "an address space made before the direct map grows");
	exhaust(0, &chain);
	is(page_alloc_mapped_end(), mm_layout.direct_pages,
	   "taking every page maps the direct map to its last page (%lu growths)",
	   page_alloc_grows() - grows0);
	ok(boot_end == mm_layout.direct_pages || page_alloc_grows() > grows0,
	   "it grew on demand");
	pte = xen_kernel_pte(last);
	ok(pte && (*pte & _PAGE_PRESENT) && (*pte & _PAGE_RW) && (*pte & _PAGE_NX) == pte_nx_mask &&
	   !(*xen_kernel_pte((unsigned long)pte & PAGE_MASK) & _PAGE_RW),
	   "the last page is mapped RW%s, its L1 read-only", pte_nx_mask ? "+NX" : "");
	if (made == 0) {
		unsigned long flags = local_irq_save();

		mm_switch(&mm);
		seen = probe_read_u32((void *)last, &v) == 0;
		mm_switch(&init_mm);
		local_irq_restore(flags);
	}
	ok(seen, "the address space made before sees the new pages too");
	release(chain);
	ok(made != 0 || mm_destroy(&mm) == 0, "that address space is freed");
	is(nr_free_pages(), free0, "every page is free again, the unmapped ones now mapped");
}

/* The largest order a block can be had in now: an order-10 block needs
 * 1024 free pages on a 1024-page boundary, which a 4 MiB domain has not. */
static unsigned int largest_order(void)
{
	unsigned int order = MAX_ORDER;
	void *p;

	while (order > 0 && !(p = alloc_pages(order)))
		order--;
	if (order > 0)
		free_pages(p);
	return order;
}

/* What the domain builder put in its bootstrap region and we still use,
 * found from start_info (not from the kernel's own accounting). */
static int kept_by_builder(unsigned long pfn)
{
	const start_info_t *si = xen_start_info;
	unsigned long image_end = (unsigned long)_end, p2m = __pa(si->mfn_list) >> PAGE_SHIFT;
	unsigned long pt = __pa(si->pt_base) >> PAGE_SHIFT;

	if (boot_info.symtab)
		image_end = (unsigned long)boot_info.symtab + boot_info.symtab_size;
	return pfn < (__pa(image_end) + PAGE_SIZE - 1) >> PAGE_SHIFT ||
	       (pfn >= p2m && pfn <= (__pa(si->mfn_list) + si->nr_pages * 4 - 1) >> PAGE_SHIFT) ||
	       (pfn >= pt && pfn < pt + si->nr_pt_frames) ||
	       (!xen_initial_domain() && (pfn == mfn_to_pfn(si->store_mfn) ||
					  pfn == mfn_to_pfn(si->console.domU.mfn)));
}

/* Pages of allocated blocks below pfn end (all pages the allocator has,
 * when it is exhausted). */
static unsigned long allocated_below(unsigned long end)
{
	unsigned long pfn = 0, n = 0, len;
	unsigned int order;

	while (pfn < end) {
		len = page_is_allocated(__va(pfn << PAGE_SHIFT), &order) ? 1UL << order : 0;
		n += len < end - pfn ? len : end - pfn;
		pfn += len ? len : 1;
	}
	return n;
}

/* Every page the allocator hands out is RW (+NX) in the direct map and
 * none is still the builder's; in the bootstrap region the allocator
 * has exactly the pages the memory table says were given back. */
static void check_handed_out(void *chain)
{
	unsigned long bad_prot = 0, kept = 0, from_region, pfn;
	const pte_t *pte;

	for (; chain; chain = *(void **)chain) {
		pfn = __pa(chain) >> PAGE_SHIFT;
		pte = xen_kernel_pte((unsigned long)chain);
		if (!pte || (*pte & (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)) != (_PAGE_PRESENT | _PAGE_RW | pte_nx_mask))
			bad_prot++;
		kept += kept_by_builder(pfn);
	}
	from_region = allocated_below(mm_boot_table.boot_region_pages);
	is(bad_prot, 0, "every page handed out is mapped RW%s in the direct map", pte_nx_mask ? "+NX" : "");
	is(kept, 0, "none is the image, the P2M, a ring or a boot pagetable");
	ok(mm_boot_table.reclaimed > 0 && from_region == mm_boot_table.reclaimed,
	   "the allocator has the %lu pages of Xen's bootstrap region given back (%lu)",
	   mm_boot_table.reclaimed, from_region);
}

static void check_pages(void)
{
	unsigned long free0 = nr_free_pages(), big0, big1, n;
	unsigned int top = largest_order();
	void *chain;
	char *block;

	big0 = exhaust(top, &chain);
	is(release(chain), 0, "every order-%u block frees cleanly%s", top,
	   top < MAX_ORDER ? " (the largest here: order 10 needs 1024 free, aligned pages)" : "");
	n = exhaust(0, &chain);
	is(n, free0, "exhausting memory hands out every free page (%lu)", n);
	ok(alloc_page() == NULL && alloc_pages(3) == NULL && kmalloc(16) == NULL,
	   "an exhausted allocator returns NULL (pages and kmalloc)");
	check_handed_out(chain);
	is(release(chain), 0, "every page frees cleanly");
	is(nr_free_pages(), free0, "all pages are free again");
	big1 = exhaust(top, &chain);
	release(chain);
	ok(big0 > 0 && big1 == big0, "coalescing rebuilds every order-%u block (%lu, %lu)",
	   top, big0, big1);
	is(exhaust(0, &chain), free0, "memory can be exhausted again");
	release(chain);

	block = alloc_pages(4);
	ok(block && ((__pa(block) >> PAGE_SHIFT) & 15) == 0, "an order-4 block is 16 aligned pages");
	memset(block, 0x5a, 16 * PAGE_SIZE);
	ok(virt_to_machine(block + 15 * PAGE_SIZE) >> PAGE_SHIFT ==
	   pfn_to_mfn((__pa(block) >> PAGE_SHIFT) + 15), "... pseudo-physically contiguous, all mapped");
	is(free_pages(block + PAGE_SIZE), -EINVAL, "freeing a page inside an allocated block is refused");
	is(free_pages(block), 0, "the block frees");
	is(free_pages(block), -EINVAL, "freeing it again is refused (double free)");
	is(free_pages((void *)check_pages), -EINVAL, "freeing kernel text is refused");
	is(nr_free_pages(), free0, "no page leaked");
}

static void check_kmalloc(void)
{
	static const size_t sizes[] = { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65,
		100, 128, 129, 255, 256, 257, 511, 512, 513, 1000, 1024, 1025, 2047, 2048, 2049,
		4095, 4096, 4097, 8192, 12288, 3 * 4096 + 1, 5 * 4096 };
	unsigned long free0 = nr_free_pages(), bad = 0;
	unsigned char *p[ARRAY_SIZE(sizes)][3];
	unsigned int i, k;
	void *chain = NULL, *q;
	unsigned long n = 0;
	int local;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (k = 0; k < 3; k++) {
			p[i][k] = kmalloc(sizes[i]);
			if (!p[i][k]) {
				bad++;
				continue;
			}
			memset(p[i][k], (int)(i * 3 + k), sizes[i]);
		}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (k = 0; k < 3; k++)
			if (p[i][k] && (p[i][k][0] != (unsigned char)(i * 3 + k) ||
					p[i][k][sizes[i] - 1] != (unsigned char)(i * 3 + k)))
				bad++;
	is(bad, 0, "kmalloc of 1 byte to 5 pages: every object is ours alone");
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (k = 0; k < 3; k++)
			bad += kfree(p[i][k]) != 0;
	is(bad, 0, "every object frees");
	is(nr_free_pages(), free0, "kmalloc gave back every page");
	ok(kmalloc(0) == NULL && kfree(NULL) == 0, "kmalloc(0) is NULL and kfree(NULL) a no-op");

	q = kmalloc(24);
	is(kfree(q), 0, "a small object frees");
	q = kmalloc(24);                /* keep its slab alive */
	p[0][0] = kmalloc(24);
	is(kfree(p[0][0]), 0, "... and another");
	is(kfree(p[0][0]), -EINVAL, "a double kfree is reported");
	is(kfree((char *)q + 4), -EINVAL, "kfree of a pointer inside an object is refused");
	is(kfree(&local), -EINVAL, "kfree of a stack address is refused");
	is(kfree((void *)((unsigned long)q & PAGE_MASK)), -EINVAL, "kfree of a slab's own page is refused");
	kfree(q);
	q = kmalloc(3 * PAGE_SIZE);
	is(kfree(q), 0, "a large object frees");
	is(kfree(q), -EINVAL, "a double kfree of a large object is reported");

	while ((q = kmalloc(2048)) != NULL) {
		*(void **)q = chain;
		chain = q;
		n++;
	}
	ok(n > 0, "kmalloc runs out with NULL (%lu objects)", n);
	while (chain) {
		q = *(void **)chain;
		kfree(chain);
		chain = q;
	}
	is(nr_free_pages(), free0, "nothing leaked");
}

static void check_vmalloc(void)
{
	unsigned long free0 = nr_free_pages();
	char *a = vmalloc(10 * PAGE_SIZE), *b = vmalloc(1);

	ok(a && b && (unsigned long)a >= mm_layout.vmalloc_start && (unsigned long)b < mm_layout.vmalloc_end,
	   "vmalloc areas lie in the vmalloc area");
	if (a)
		memset(a, 1, 10 * PAGE_SIZE);
	is(vfree(a), 0, "vfree works");
	is(vfree(a), -EINVAL, "a double vfree is reported");
	is(vfree(b), 0, "and another");
	is(nr_free_pages(), free0, "vmalloc gave back every page");
}

static void check_address_spaces(void)
{
	unsigned long free0 = nr_free_pages();
	unsigned int i, created = 0, switched = 0, freed = 0;
	static const char marker[] = "kernel half";
	struct mm_struct mm;

	for (i = 0; i < 100; i++) {
		if (mm_create(&mm) != 0)
			continue;
		created++;
		mm_switch(&mm);
		/* Still running: the kernel half is there; its data too. */
		if (current_mm() == &mm && strcmp(marker, "kernel half") == 0 &&
		    mm_destroy(&mm) == -EBUSY)
			switched++;
		mm_switch(&init_mm);
		if (mm_destroy(&mm) == 0)
			freed++;
	}
	is(created, 100, "100 address spaces created and pinned");
	is(switched, 100, "each switched to, with the kernel half mapped (and not freeable while in use)");
	is(freed, 100, "each switched away from, unpinned and freed");
	is(nr_free_pages(), free0, "no frame leaked (%lu free)", nr_free_pages());
	ok(current_mm() == &init_mm, "back in init_mm");
	flush_tlb();
	flush_tlb_one((unsigned long)&mm);
	ok(1, "TLB flush and INVLPG through mmuext_op");
}

/* The memory table (mm_init's, before anything was allocated). */
static void check_table(void)
{
	const struct mm_boot_table *t = &mm_boot_table;
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < NR_MEM_USES; i++)
		sum += t->pages[i];
	is(t->total, xen_start_info->nr_pages, "the memory table starts from Xen's nr_pages (%lu)", t->total);
	ok(sum == t->total && t->unaccounted == 0, "its uses add up to it (%lu)", sum);
	is(t->pages[MEM_BUILDER_OTHER], 0, "every page the builder placed is one the kernel knows");
	ok(t->pages[MEM_FREE] >= t->reclaimed && t->boot_region_pages <= t->total,
	   "the bootstrap region's %lu pages given back are among the %lu free",
	   t->reclaimed, t->pages[MEM_FREE]);
}

static int test_mm_alloc(void)
{
	tap_plan(54);
	check_table();
	check_growth();
	check_pages();
	check_kmalloc();
	check_vmalloc();
	check_address_spaces();
	return tap_done();
}
XENPV_MODULE(test_mm_alloc, test_mm_alloc, NULL);
