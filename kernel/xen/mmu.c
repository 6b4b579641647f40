/*
 * Pagetable updates.  Xen validates every PTE a PV guest writes, so
 * changes go through hypercalls: batches of mmu_update requests (by the
 * PTE's machine address), or update_va_mapping for a single entry of the
 * current address space.  TLB maintenance goes through mmuext_op.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include "hypercall.h"
#include "backend.h"
#include "mmu_batch.h"

_Static_assert(sizeof(struct mmu_batch_req) == sizeof(mmu_update_t),
	       "a batch request is an mmu_update_t");

pte_t *xen_kernel_l2;

int xen_mmu_update_flush(struct mmu_batch_req *req, unsigned int n)
{
	unsigned int done = 0;
	int rc = HYPERVISOR_mmu_update((mmu_update_t *)req, n, &done, DOMID_SELF);

	if (rc)
		printk(KERN_ERR "xen: mmu_update failed (%d) at request %u of %u: "
		       "ptr %#llx val %#llx\n", rc, done, n,
		       (unsigned long long)req[done].ptr, (unsigned long long)req[done].val);
	return rc;
}

/* xen_batches_init sets the flush and the limit.  The boot vCPU's queue
 * is in the image; another's (8KB) is allocated when it first comes up
 * (xen_boot_cpu), so that a domain pays for the vCPUs it runs. */
struct mmu_batch xen_mmu_batches[NR_CPUS];
static struct mmu_batch_req boot_reqs[MMU_BATCH_MAX];

int xen_mmu_batch_alloc(unsigned int cpu)
{
	if (!cpu)
		xen_mmu_batches[0].req = boot_reqs;
	else if (!xen_mmu_batches[cpu].req)
		xen_mmu_batches[cpu].req = alloc_pages(1);
	_Static_assert(sizeof(boot_reqs) == 2 * PAGE_SIZE, "an order-1 block holds a queue");
	return xen_mmu_batches[cpu].req ? 0 : -ENOMEM;
}
/* Benchmarks compare against smaller batches (1: unbatched); the other
 * vCPUs' batches copy vCPU 0's limit (xen_lazy_init). */
XENPV_PARAM(xenpv, mmu_batch, uint, &xen_mmu_batches[0].limit, 1, MMU_BATCH_MAX,
	    "pagetable updates per mmu_update call");

pte_t xen_make_pte(unsigned long pfn, pte_t prot)
{
	if (!(prot & _PAGE_PRESENT))
		return 0;
	return ((pte_t)pfn_to_mfn(pfn) << PAGE_SHIFT) | pgprot(prot);
}

/* The direct-map address of the table a pagetable entry points to. */
pte_t *xen_table_va(pte_t entry)
{
	return machine_to_virt(entry & PTE_FRAME_MASK);
}

/* The L1 entry of a kernel address below the hole, or NULL. */
pte_t *xen_kernel_pte(unsigned long va)
{
	pte_t l2e;

	if (va < PAGE_OFFSET || va >= mm_layout.hole_start)
		return NULL;
	l2e = xen_kernel_l2[xen_slot_of(va)];
	if (!(l2e & _PAGE_PRESENT))
		return NULL;
	return xen_table_va(l2e) + ((va >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1));
}

void xen_queue_pte(pte_t *ptep, pte_t val)
{
	mmu_batch_queue(&xen_mmu_batch, virt_to_machine(ptep) | MMU_NORMAL_PT_UPDATE, val);
}

/* Every online vCPU may hold a kernel mapping, and this one (a vCPU
 * coming up is not online yet). */
static unsigned long kernel_tlb_cpus(void)
{
	return cpu_online_mask() | 1UL << smp_processor_id();
}

/* One kernel PTE below the hole, in place, with every online vCPU's TLB
 * entry (UVMF_MULTI: the mask's address in the flags; one vCPU: local). */
static int update_kernel_pte(unsigned long va, pte_t pte)
{
	unsigned long flags = UVMF_INVLPG | UVMF_LOCAL;
	unsigned long mask = kernel_tlb_cpus();     /* 4-aligned, on our stack */

	if (!xen_kernel_pte(va))
		return -EINVAL;         /* no L1 there, or at/above the hole */
	if (mask & ~(1UL << smp_processor_id()))
		flags = UVMF_INVLPG | UVMF_MULTI | (unsigned long)&mask;
	return HYPERVISOR_update_va_mapping(va, pte, flags);
}

int xen_map_machine_page(unsigned long va, uint64_t maddr, int writable)
{
	return update_kernel_pte(va, (maddr & PTE_FRAME_MASK) |
				 pgprot(writable ? PAGE_KERNEL : PAGE_KERNEL_RO));
}

/* Map (prot present) or unmap one kernel page below the hole. */
int xen_set_kernel_pte(unsigned long va, unsigned long pfn, pte_t prot)
{
	return update_kernel_pte(va, xen_make_pte(pfn, prot));
}

unsigned long xen_kernel_pfn(unsigned long va)
{
	const pte_t *pte = xen_kernel_pte(va);

	if (!pte || !(*pte & _PAGE_PRESENT))
		return INVALID_P2M_ENTRY;
	return mfn_to_pfn((unsigned long)((*pte & PTE_FRAME_MASK) >> PAGE_SHIFT));
}

/* Only the vCPUs in mask: this one alone is the cheaper _LOCAL op. */
static void flush(unsigned int local_cmd, unsigned int multi_cmd, unsigned long va, unsigned long mask)
{
	struct mmuext_op op = { .cmd = local_cmd, .arg1.linear_addr = va };

	if (!mask)
		return;
	if (mask != 1UL << smp_processor_id()) {
		op.cmd = multi_cmd;
		set_xen_guest_handle(op.arg2.vcpumask, &mask);
	}
	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF))
		panic("xen: TLB flush (mmuext_op %u, vCPUs %#lx) refused", op.cmd, mask);
}

void xen_flush_tlb_mask(unsigned long mask)
{
	flush(MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_TLB_FLUSH_MULTI, 0, mask);
}

void xen_flush_tlb(void)
{
	xen_flush_tlb_mask(kernel_tlb_cpus());
}

void xen_flush_tlb_one(unsigned long va)
{
	flush(MMUEXT_INVLPG_LOCAL, MMUEXT_INVLPG_MULTI, va, kernel_tlb_cpus());
}

