/*
 * Memory bring-up: the kernel's virtual layout below the hypervisor hole,
 * the protection each page of the kernel image gets, and mm_init, which
 * has the backend build the pagetables and hands the pages left over to
 * the page allocator.
 */
#include <xenpv/kernel.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include <kernel/boot.h>

struct mm_layout mm_layout;
pte_t pte_nx_mask;

extern char _text[], _etext[], _erodata[], boot_stack_guard[];

#define CPUID_EXT_NX (1U << 20)    /* 0x80000001 EDX */

static int cpu_has_nx(void)
{
	uint32_t a, b, c, d;

	pv_ops.cpu.cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000001)
		return 0;
	pv_ops.cpu.cpuid(0x80000001, 0, &a, &b, &c, &d);
	return (d & CPUID_EXT_NX) != 0;
}

void mm_early_init(unsigned long hole_start, unsigned long nr_pages)
{
	struct mm_layout *l = &mm_layout;
	unsigned long max_direct;

	/* The hole starts on an L2 boundary: everything above is Xen's. */
	l->hole_start = hole_start & ~(L2_SIZE - 1);
	l->fixmap_end = l->hole_start;
	l->fixmap_start = l->fixmap_end - L2_SIZE;
	l->vmalloc_end = l->fixmap_start - MM_GAP;
	l->vmalloc_start = l->vmalloc_end - MM_VMALLOC_SIZE;
	max_direct = (l->vmalloc_start - MM_GAP - PAGE_OFFSET) >> PAGE_SHIFT;
	l->direct_pages = nr_pages < max_direct ? nr_pages : max_direct;
	l->direct_end = PAGE_OFFSET + l->direct_pages * PAGE_SIZE;
	pte_nx_mask = cpu_has_nx() ? _PAGE_NX : 0;
}

pte_t kernel_page_prot(unsigned long pfn)
{
	char *va = __va(pfn << PAGE_SHIFT);

	if (va >= _text && va < _etext)
		return PAGE_KERNEL_EXEC;
	if (va >= _etext && va < _erodata)
		return PAGE_KERNEL_RO;
	if (va == boot_stack_guard)
		return 0;
	return PAGE_KERNEL;
}

struct mm_boot_table mm_boot_table;

/* Where every page went, before anything is allocated. */
static void account(const struct mm_free_range *free)
{
	struct mm_boot_table *t = &mm_boot_table;
	unsigned long first_free, used = 0;
	unsigned int i;

	memcpy(t->pages, free->pages, sizeof(t->pages));
	t->pages[MEM_ALLOCATOR] = page_alloc_state_pages();
	t->pages[MEM_BEYOND_DIRECT_MAP] = boot_info.nr_pages - mm_layout.direct_pages;
	t->pages[MEM_FREE] = nr_free_pages();
	first_free = free->start_pfn + t->pages[MEM_ALLOCATOR];
	t->reclaimed = free->boot_region_end > first_free ? free->boot_region_end - first_free : 0;
	for (i = 0; i < free->nr_extra; i++)
		t->reclaimed += free->extra[i].count;
	for (i = 0; i < NR_MEM_USES; i++)
		used += t->pages[i];
	t->total = boot_info.nr_pages;
	t->boot_region_pages = free->boot_region_end;
	t->unaccounted = (long)(t->total - used);
	if (t->unaccounted)
		pr_warn("mm: the memory table misses %ld pages\n", t->unaccounted);
}

void mm_boot_table_print(void)
{
	/* v[]'s order: the uses in enum mem_use's */
	static const char names[] = "total\0bootstrap_region\0image\0module\0p2m\0ring\0"
				    "builder_pagetable\0builder_other\0pagetable\0pagetable_reserved\0allocator\0"
				    "beyond_direct_map\0free\0reclaimed\0unaccounted";
	const struct mm_boot_table *t = &mm_boot_table;
	long v[NR_MEM_USES + 4] = { (long)t->total, (long)t->boot_region_pages };
	const char *name = names;
	unsigned int i;

	if (!t->total)
		return;
	for (i = 0; i < NR_MEM_USES; i++)
		v[2 + i] = (long)t->pages[i];
	v[NR_MEM_USES + 2] = (long)t->reclaimed;
	v[NR_MEM_USES + 3] = t->unaccounted;
	for (i = 0; i < ARRAY_SIZE(v); i++, name += strlen(name) + 1)
		printk_protocol("xenpv-stat: mem_%s_pages=%ld\n", name, v[i]);
}

void mm_init(void)
{
	struct mm_free_range free = { 0 };
	const struct mm_layout *l = &mm_layout;

	pv_ops.mmu.pagetable_init(&free);
	boot_phase("pagetables");
	page_alloc_init(&free);
	account(&free);
	pr_info("mm: direct map %#lx-%#lx, vmalloc %#lx-%#lx, fixmap %#lx-%#lx, hole at %#lx, NX %s\n",
		PAGE_OFFSET, l->direct_end, l->vmalloc_start, l->vmalloc_end,
		l->fixmap_start, l->fixmap_end, l->hole_start, pte_nx_mask ? "on" : "off");
	if (l->direct_pages < boot_info.nr_pages)
		pr_warn("mm: only %lu of %lu pages fit below the hole\n",
			l->direct_pages, boot_info.nr_pages);
	boot_phase("page_alloc");
}

int set_page_prot(void *page, pte_t prot)
{
	unsigned long va = (unsigned long)page;

	if ((va & ~PAGE_MASK) || va < PAGE_OFFSET || va >= mm_layout.direct_end)
		return -EINVAL;
	return pv_ops.mmu.set_kernel_pte(va, __pa(va) >> PAGE_SHIFT, prot);
}

int set_fixmap(enum fixed_addresses idx, uint64_t maddr, int writable)
{
	if (idx >= NR_FIXMAP_SLOTS)
		return -EINVAL;
	return pv_ops.mmu.map_machine_page(fix_to_virt(idx), maddr, writable);
}

void flush_tlb(void)
{
	pv_ops.mmu.flush_tlb();
}

void flush_tlb_one(unsigned long va)
{
	pv_ops.mmu.flush_tlb_one(va);
}
