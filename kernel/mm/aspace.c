/*
 * Address spaces: an L3 and four L2s from the page allocator, which the
 * backend fills (the kernel half shared with init_mm), protects and pins.
 * Destroying one unpins it and only then frees its pages, the user
 * pages and tables (uspace.c) first.
 */
#include <xenpv/kernel.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include <kernel/smp.h>

struct mm_struct init_mm;
static struct mm_struct *active_mm[NR_CPUS];  /* NULL: init_mm */

struct mm_struct *current_mm(void)
{
	struct mm_struct *mm = active_mm[smp_processor_id()];

	return mm ? mm : &init_mm;
}

static void free_tables(struct mm_struct *mm)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (mm->l2[i])
			free_pages(mm->l2[i]);
	if (mm->l3)
		free_pages(mm->l3);
	memset(mm, 0, sizeof(*mm));
}

int mm_create(struct mm_struct *mm)
{
	unsigned int i;
	int rc;

	memset(mm, 0, sizeof(*mm));
	mm->l3 = alloc_page();
	for (i = 0; i < 4; i++)
		mm->l2[i] = alloc_page();
	if (!mm->l3 || !mm->l2[0] || !mm->l2[1] || !mm->l2[2] || !mm->l2[3]) {
		free_tables(mm);
		return -ENOMEM;
	}
	memset(mm->l3, 0, PAGE_SIZE);
	for (i = 0; i < 4; i++)
		memset(mm->l2[i], 0, PAGE_SIZE);
	rc = pv_ops.mmu.pgd_prepare(mm);
	if (rc) {
		free_tables(mm);
		return rc;
	}
	mm->pinned = 1;
	return 0;
}

/* Events masked: the vCPU cannot change under it.  mm->cpus says which
 * vCPUs may hold its user mappings in their TLBs (loading another
 * address space flushes them). */
void mm_switch(struct mm_struct *mm)
{
	unsigned int cpu = smp_processor_id();
	struct mm_struct *old = current_mm();

	pv_ops.mmu.write_cr3(mm);
	__atomic_fetch_and(&old->cpus, ~(1UL << cpu), __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&mm->cpus, 1UL << cpu, __ATOMIC_SEQ_CST);
	active_mm[cpu] = mm;
}

int mm_destroy(struct mm_struct *mm)
{
	int rc;

	if (mm == &init_mm || !mm->pinned)
		return -EINVAL;
	if (mm == current_mm() || mm->cpus)
		return -EBUSY;          /* loaded here or on another vCPU */
	rc = pv_ops.mmu.pgd_release(mm);
	if (rc)
		return rc;              /* leak the tables rather than reuse them */
	uspace_release(mm);
	free_tables(mm);
	return 0;
}
