/*
 * Memory management inside the kernel: page sizes and PAE PTE bits, the
 * virtual layout below the hypervisor hole, and the pieces kernel/mm and
 * the backend share.  Modules use <xenpv/mm.h>.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <stdint.h>
#include <xenpv/mm.h>

#include <xenpv/errno.h>
#include <xenpv/list.h>

#define PAGE_MASK        (~(PAGE_SIZE - 1))
#define KERNEL_VIRT_BASE PAGE_OFFSET     /* PAGE_OFFSET, __pa, __va: <xenpv/mm.h> */
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* PAE: 512 eight-byte entries per table, 2MB per L2 entry, 4 L3 entries. */
#define PTRS_PER_TABLE 512
#define L2_SHIFT 21
#define L2_SIZE  (1UL << L2_SHIFT)
#define L3_SHIFT 30
typedef uint64_t pte_t;

#define _PAGE_PRESENT  0x001ULL
#define _PAGE_RW       0x002ULL
#define _PAGE_USER     0x004ULL
#define _PAGE_ACCESSED 0x020ULL
#define _PAGE_DIRTY    0x040ULL
#define _PAGE_NX       (1ULL << 63)
#define PTE_FRAME_MASK 0x000ffffffffff000ULL

/* Kernel page protections; NX is dropped when the CPU lacks it. */
#define PAGE_KERNEL      (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)
#define PAGE_KERNEL_RO   (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_KERNEL_EXEC (_PAGE_PRESENT | _PAGE_ACCESSED)
#define PAGE_TABLE       (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
extern pte_t pte_nx_mask;          /* _PAGE_NX, or 0 when the CPU lacks NX */

static inline pte_t pgprot(pte_t prot)
{
	return prot & ~(_PAGE_NX & ~pte_nx_mask);
}

/*
 * The kernel's virtual space, from PAGE_OFFSET up to the hypervisor hole
 * (see docs/ARCHITECTURE.md):
 *   direct map   PAGE_OFFSET + pfn * PAGE_SIZE for every pfn we own
 *   (gap)        unmapped, at least MM_GAP
 *   vmalloc      MM_VMALLOC_SIZE, each area with an unmapped guard page below
 *   (gap)        unmapped, MM_GAP
 *   fixmap       the last 2MB below the hole, slots counted down from the top
 *   hole         Xen's; never mapped, walked or allocated by the kernel
 */
#define MM_GAP          (8UL << 20)
#define MM_VMALLOC_SIZE (16UL << 20)

struct mm_layout {
	unsigned long hole_start;
	unsigned long direct_end;      /* end of the direct map */
	unsigned long direct_pages;    /* pfns the direct map covers */
	unsigned long vmalloc_start, vmalloc_end;
	unsigned long fixmap_start, fixmap_end;
};
extern struct mm_layout mm_layout;

/* Called by the backend once it knows the hole and the memory size:
 * lays out the kernel's virtual space and checks for NX. */
void mm_early_init(unsigned long hole_start, unsigned long nr_pages);
/* What the kernel's own image needs at pfn: text RO+X, rodata RO, the
 * boot stack's guard page 0 (unmapped), the rest PAGE_KERNEL. */
pte_t kernel_page_prot(unsigned long pfn);

enum fixed_addresses {
	FIX_SHARED_INFO,
	FIX_TEST,                       /* scratch slot for tests */
	NR_FIXMAP_SLOTS
};

/* Slot 0 sits one guard page below the top of the fixmap. */
static inline unsigned long fix_to_virt(enum fixed_addresses idx)
{
	return mm_layout.fixmap_end - (2 + (unsigned long)idx) * PAGE_SIZE;
}

/* Map a machine page (shared_info, a foreign or I/O frame) at a fixmap
 * slot; 0 or a negative error. */
int set_fixmap(enum fixed_addresses idx, uint64_t maddr, int writable);

/* The memory table: where the pages Xen gave went at boot, by use.  The
 * backend counts the builder's and its own pagetables; mm_init the
 * allocator's state, what lies past the direct map and the free pages. */
enum mem_use {
	MEM_IMAGE,              /* the kernel image and its symbols */
	MEM_MODULES,            /* boot modules (an initrd) */
	MEM_P2M,                /* the pfn-to-mfn list */
	MEM_RINGS,              /* the console and xenstore rings */
	MEM_BUILDER_PAGETABLES, /* the builder's, kept as init_mm's */
	MEM_BUILDER_OTHER,      /* placed by the builder, nothing we know */
	MEM_PAGETABLES,         /* the kernel's own */
	MEM_PAGETABLES_RESERVED, /* set aside: an L1 each for the rest of the direct map */
	MEM_ALLOCATOR,          /* the page allocator's state */
	MEM_BEYOND_DIRECT_MAP,  /* pages no mapping below the hole can hold */
	MEM_FREE,
	NR_MEM_USES
};

/* What the backend's pagetable setup leaves for the page allocator:
 * pfns [start_pfn, end_pfn), of which [start_pfn, mapped_end) are in the
 * direct map already; the rest is mapped on demand (map_direct).  Below
 * start_pfn, the extra runs are free too (pages of the bootstrap region
 * boot is done with, mapped RW+NX); the pfns from start_pfn up to
 * boot_region_end are the bootstrap region's padding. */
#define MM_MAX_EXTRA_RUNS 4
struct mm_free_range {
	unsigned long start_pfn, mapped_end, end_pfn;
	unsigned long boot_region_end;
	unsigned int nr_extra;
	struct { unsigned long pfn, count; } extra[MM_MAX_EXTRA_RUNS];
	unsigned long pages[NR_MEM_USES];   /* the backend's counts */
};
/* The table as mm_init took it, before the first allocation: total
 * (Xen's nr_pages) = the sum of pages[] + unaccounted (0 unless the
 * accounting is wrong); reclaimed: how many of the free pages were
 * Xen's bootstrap region (pfns below boot_region_pages). */
struct mm_boot_table {
	unsigned long pages[NR_MEM_USES];
	unsigned long total, reclaimed;
	unsigned long boot_region_pages;    /* what Xen mapped for us */
	long unaccounted;
};
extern struct mm_boot_table mm_boot_table;
/* The table as xenpv-stat mem_<use>_pages lines (xenpv_exit prints it
 * beside the boot profile, so that printing is not in boot time). */
void mm_boot_table_print(void);

/* kernel/mm/init.c: called by start_kernel after traps_init. */
void mm_init(void);

/* Change the direct-map protection of one page, e.g. to make a page that
 * will become a descriptor table or pagetable read-only (and writable
 * again before it is freed).  0 or a negative error. */
int set_page_prot(void *page, pte_t prot);

/* kernel/mm/page_alloc.c */
void page_alloc_init(const struct mm_free_range *free);
/* Pages the allocator's own state takes (two bytes per pfn). */
unsigned long page_alloc_state_pages(void);
/* The direct map is present below this pfn (it grows on demand). */
unsigned long page_alloc_mapped_end(void);
/* Times the allocator has mapped more of the direct map since boot. */
unsigned long page_alloc_grows(void);
int page_is_allocated(const void *addr, unsigned int *order);
/* Who took a block (recorded at its head page).  A freed slab's page
 * keeps PAGE_OWNER_FREED_SLAB until it is handed out again. */
enum page_owner {
	PAGE_OWNER_NONE, PAGE_OWNER_PAGES, PAGE_OWNER_SLAB, PAGE_OWNER_KMALLOC,
	PAGE_OWNER_FREED_SLAB,
};
void *alloc_pages_for(unsigned int order, enum page_owner who);
/* Refused (-EINVAL, reported with caller's symbol) unless addr heads a
 * block that who took. */
int free_pages_for(void *addr, enum page_owner who, const void *caller);
enum page_owner page_owner(const void *addr);

/* kernel/mm/vmalloc.c */
/* Address space in the vmalloc area with nothing mapped (L1s exist), for
 * machine or foreign frames the caller maps; vfree gives it back once the
 * caller has unmapped them.  NULL when the area is full. */
void *vm_reserve(size_t size);

/*
 * Address spaces (kernel/mm/aspace.c).  PAE: one L3 and four L2s; the
 * user L2s start empty, the kernel L2 is a per-space copy of init_mm's
 * (Xen lets a kernel L2 sit in only one L3), pointing at the same L1s.
 */
struct mm_struct {
	pte_t *l3;
	pte_t *l2[4];
	int pinned;
	unsigned long user_pages, user_tables;  /* what uspace.c mapped */
	volatile unsigned long cpus;            /* vCPUs that have it loaded */
	struct list_head pgd_link;              /* the backend's, while pinned */
};
extern struct mm_struct init_mm;

int mm_create(struct mm_struct *mm);
void mm_switch(struct mm_struct *mm);
int mm_destroy(struct mm_struct *mm);
struct mm_struct *current_mm(void);

/*
 * The user half, [PAGE_SIZE, USER_TOP) (kernel/mm/uspace.c).  uspace_map
 * maps page (any page of ours) at va in mm for ring 3: readable, plus
 * UMAP_WRITE / UMAP_EXEC (never both is the caller's rule); queued until
 * uspace_flush.  mm_destroy gives every mapped page back.
 */
#define USER_TOP   PAGE_OFFSET
/* mm's L2 entry for va (the table that maps its 2MB). */
static inline pte_t *mm_l2_entry(struct mm_struct *mm, unsigned long va)
{
	return &mm->l2[va >> L3_SHIFT][(va >> L2_SHIFT) & (PTRS_PER_TABLE - 1)];
}
#define UMAP_WRITE 1u
#define UMAP_EXEC  2u
int uspace_map(struct mm_struct *mm, unsigned long va, void *page, unsigned int flags);
/* A zeroed page of the allocator's mapped at va (queued), or NULL. */
void *uspace_map_new(struct mm_struct *mm, unsigned long va, unsigned int flags);
int uspace_flush(struct mm_struct *mm);
/* The page mapped at va (any address in it), or NULL. */
void *uspace_page(struct mm_struct *mm, unsigned long va);
/* Unmap and free the page at va (page-aligned). */
int uspace_unmap(struct mm_struct *mm, unsigned long va);
void uspace_release(struct mm_struct *mm);

#endif
