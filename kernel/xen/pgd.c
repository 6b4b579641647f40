/*
 * Address spaces on Xen.  A 32-bit PAE guest's L3 must hold a kernel L2
 * in slot 3 that no other L3 references (Xen writes its own hole mappings
 * into it), so each address space gets a copy of init_mm's kernel L2 up
 * to the hole, pointing at the same L1s.  The five tables are made
 * read-only, then Xen validates and pins the L3 (and through it the L2s);
 * after unpinning they become ordinary writable pages again.
 *
 * The kernel L2 gains an L1 when the direct map grows (direct_map.c):
 * xen_pgd_install_kernel_table writes it into init_mm's and every pinned
 * copy, under pgd_lock, which also covers a copy being made or dropped.
 */
#include <xenpv/kernel.h>
#include "hypercall.h"
#include "backend.h"
#include "mmu_batch.h"
#include "multicall_batch.h"
#include <xenpv/list.h>
#include <xenpv/spinlock.h>

/* Address spaces whose kernel L2 copies init_mm's (pinned ones). */
static LIST_HEAD(pinned_spaces);
static DEFINE_SPINLOCK(pgd_lock);

static int set_tables_prot(struct mm_struct *mm, pte_t prot)
{
	unsigned int i;
	int rc;

	xen_queue_pte(xen_kernel_pte((unsigned long)mm->l3),
		      xen_make_pte(__pa(mm->l3) >> PAGE_SHIFT, prot));
	for (i = 0; i < 4; i++)
		xen_queue_pte(xen_kernel_pte((unsigned long)mm->l2[i]),
			      xen_make_pte(__pa(mm->l2[i]) >> PAGE_SHIFT, prot));
	rc = mmu_batch_flush(&xen_mmu_batch);
	/* mmu_update leaves our TLB alone: drop the old protections. */
	xen_flush_tlb();
	return rc;
}

static int mmuext(unsigned int cmd, pte_t *table)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.mfn = virt_to_mfn(table);
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* mm's tables are zeroed, writable pages; fill, protect and pin them. */
int xen_pgd_prepare(struct mm_struct *mm)
{
	unsigned long kernel_slots = (mm_layout.hole_start - PAGE_OFFSET) >> L2_SHIFT;
	unsigned int i;
	int rc;

	unsigned long flags;

	/* PAE L3 entries: present and the frame, nothing else. */
	for (i = 0; i < 4; i++)
		mm->l3[i] = (virt_to_machine(mm->l2[i]) & PTE_FRAME_MASK) | _PAGE_PRESENT;
	/* From the copy until it is on the list, no kernel L1 may be added. */
	spin_lock_irqsave(&pgd_lock, flags);
	memcpy(mm->l2[3], xen_kernel_l2, kernel_slots * sizeof(pte_t));
	rc = set_tables_prot(mm, PAGE_KERNEL_RO);
	if (rc == 0)
		rc = mmuext(MMUEXT_PIN_L3_TABLE, mm->l3);
	if (rc == 0)
		list_add(&mm->pgd_link, &pinned_spaces);
	spin_unlock_irqrestore(&pgd_lock, flags);
	if (rc) {
		printk(KERN_ERR "xen: pinning the L3 at %p failed (%d)\n", mm->l3, rc);
		set_tables_prot(mm, PAGE_KERNEL);
	}
	return rc;
}

int xen_pgd_release(struct mm_struct *mm)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&pgd_lock, flags);
	rc = mmuext(MMUEXT_UNPIN_TABLE, mm->l3);
	if (rc == 0)
		list_del(&mm->pgd_link);
	spin_unlock_irqrestore(&pgd_lock, flags);
	if (rc) {
		printk(KERN_ERR "xen: unpinning the L3 at %p failed (%d)\n", mm->l3, rc);
		return rc;
	}
	return set_tables_prot(mm, PAGE_KERNEL);
}

/* Whatever b holds (the table made read-only), then entry at the kernel
 * L2's slot in init_mm and every pinned copy, in one flush. */
int xen_pgd_install_kernel_table(struct mmu_batch *b, unsigned long slot, pte_t entry)
{
	struct mm_struct *mm;
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&pgd_lock, flags);
	mmu_batch_queue(b, virt_to_machine(&xen_kernel_l2[slot]) | MMU_NORMAL_PT_UPDATE, entry);
	list_for_each_entry(mm, &pinned_spaces, pgd_link)
		mmu_batch_queue(b, virt_to_machine(&mm->l2[3][slot]) | MMU_NORMAL_PT_UPDATE, entry);
	rc = mmu_batch_flush(b);
	spin_unlock_irqrestore(&pgd_lock, flags);
	return rc;
}

/* Queued (multicall.c); a refusal panics in the multicall report. */
void xen_write_cr3(struct mm_struct *mm)
{
	unsigned long flags = xen_mc_begin();

	xen_mc_mmuext(MMUEXT_NEW_BASEPTR, "mmuext_op NEW_BASEPTR", MC_FATAL)->arg1.mfn =
		virt_to_mfn(mm->l3);
	xen_mc_end(flags);
}

/*
 * User mappings (kernel/mm/uspace.c decides, these write).  A user L1 is
 * hooked into a pinned L2, so both go through mmu_update, which Xen
 * validates: a frame that is a pagetable can never be mapped writable.
 */
int xen_hook_user_table(struct mm_struct *mm, unsigned long va, void *l1)
{
	int rc = set_page_prot(l1, PAGE_KERNEL_RO);

	if (rc)
		return rc;
	xen_queue_pte(mm_l2_entry(mm, va),
		      xen_make_pte(__pa(l1) >> PAGE_SHIFT, PAGE_TABLE | _PAGE_USER));
	return mmu_batch_flush(&xen_mmu_batch);
}

void xen_set_user_pte(pte_t *ptep, unsigned long pfn, uint64_t prot)
{
	xen_queue_pte(ptep, xen_make_pte(pfn, prot));
}

/* Send what set_user_pte queued; mm may be the one in use. */
int xen_flush_user(struct mm_struct *mm)
{
	int rc = mmu_batch_flush(&xen_mmu_batch);

	/* Only the vCPUs that have mm loaded can hold its entries. */
	xen_flush_tlb_mask(mm->cpus);
	return rc;
}

/* The direct-map address of what a pagetable entry maps, or NULL. */
void *xen_pte_page(uint64_t entry)
{
	if (!(entry & _PAGE_PRESENT))
		return NULL;
	return xen_table_va(entry);
}
