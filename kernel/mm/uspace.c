/*
 * The user half of an address space: pages mapped for a program, each
 * 2MB with its own L1 taken on first use.  Every user mapping is made
 * here, so a program's pages are exactly what its tables map, and
 * uspace_release gives back all of them once the space is unpinned.
 */
#include <xenpv/kernel.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>

/* The L1 for va, hooked now if create; NULL when none (or no memory). */
static pte_t *user_table(struct mm_struct *mm, unsigned long va, int create)
{
	pte_t *l1 = pv_ops.mmu.pte_page(*mm_l2_entry(mm, va));

	if (l1 || !create)
		return l1;
	l1 = alloc_page();
	if (!l1)
		return NULL;
	memset(l1, 0, PAGE_SIZE);
	if (pv_ops.mmu.hook_user_table(mm, va, l1)) {
		/* Refused before Xen took it as a table: writable again. */
		if (set_page_prot(l1, PAGE_KERNEL) == 0)
			free_pages(l1);
		return NULL;
	}
	mm->user_tables++;
	return l1;
}

/* va's entry in its L1 (taken now if create), or NULL. */
static pte_t *user_pte(struct mm_struct *mm, unsigned long va, int create)
{
	pte_t *l1 = user_table(mm, va, create);

	return l1 ? &l1[(va >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1)] : NULL;
}

static pte_t user_prot(unsigned int flags)
{
	pte_t prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (flags & UMAP_WRITE)
		prot |= _PAGE_RW | _PAGE_DIRTY;
	if (!(flags & UMAP_EXEC))
		prot |= _PAGE_NX;
	return prot;
}

static int user_va_ok(unsigned long va)
{
	return va >= PAGE_SIZE && va < USER_TOP && !(va & ~PAGE_MASK);
}

int uspace_map(struct mm_struct *mm, unsigned long va, void *page, unsigned int flags)
{
	pte_t *ptep;

	if (!user_va_ok(va) || !mm->pinned)
		return -EINVAL;
	ptep = user_pte(mm, va, 1);
	if (!ptep)
		return -ENOMEM;
	if (*ptep & _PAGE_PRESENT)
		return -EEXIST;
	pv_ops.mmu.set_user_pte(ptep, __pa(page) >> PAGE_SHIFT, user_prot(flags));
	mm->user_pages++;
	return 0;
}

void *uspace_map_new(struct mm_struct *mm, unsigned long va, unsigned int flags)
{
	void *page = alloc_page();

	if (!page)
		return NULL;
	memset(page, 0, PAGE_SIZE);
	if (uspace_map(mm, va, page, flags)) {
		free_pages(page);
		return NULL;
	}
	return page;
}

int uspace_flush(struct mm_struct *mm)
{
	return pv_ops.mmu.flush_user(mm);
}

void *uspace_page(struct mm_struct *mm, unsigned long va)
{
	pte_t *ptep = user_va_ok(va & PAGE_MASK) ? user_pte(mm, va, 0) : NULL;

	return ptep ? pv_ops.mmu.pte_page(*ptep) : NULL;
}

int uspace_unmap(struct mm_struct *mm, unsigned long va)
{
	pte_t *ptep = user_va_ok(va) ? user_pte(mm, va, 0) : NULL;
	void *page = ptep ? pv_ops.mmu.pte_page(*ptep) : NULL;
	int rc;

	if (!page)
		return -EINVAL;
	pv_ops.mmu.set_user_pte(ptep, 0, 0);
	rc = uspace_flush(mm);
	if (rc)
		return rc;
	mm->user_pages--;
	return free_pages(page);
}

/* After the space is unpinned: its user pages and L1s are plain pages. */
void uspace_release(struct mm_struct *mm)
{
	unsigned long va;
	unsigned int i;

	for (va = 0; va < USER_TOP; va += L2_SIZE) {
		pte_t *l1 = pv_ops.mmu.pte_page(*mm_l2_entry(mm, va));

		if (!l1)
			continue;
		for (i = 0; i < PTRS_PER_TABLE; i++) {
			void *page = pv_ops.mmu.pte_page(l1[i]);

			if (page && free_pages(page) == 0)
				mm->user_pages--;
		}
		if (set_page_prot(l1, PAGE_KERNEL) == 0 && free_pages(l1) == 0)
			mm->user_tables--;
	}
	if (mm->user_pages || mm->user_tables)
		printk(KERN_ERR "uspace: %lu user pages and %lu tables could not be freed\n",
		       mm->user_pages, mm->user_tables);
}
