/*
 * State shared by the files of the Xen backend (kernel/xen/).
 */
#ifndef KERNEL_XEN_BACKEND_H
#define KERNEL_XEN_BACKEND_H

#include <stdint.h>
#include <xenpv/barrier.h>
#include <xen/xen.h>
#include <kernel/paravirt.h>
#include <kernel/mm.h>
#include <kernel/smp.h>
#include <xenpv/irq.h>
#include "multicall_batch.h"
#include "mmu_batch.h"

extern start_info_t *xen_start_info;
extern struct shared_info *HYPERVISOR_shared_info;
extern unsigned long xen_hole_start;   /* XENVER_platform_parameters */

/* Each vCPU's vcpu_info: its slot in shared_info (NR_CPUS is below
 * XEN_LEGACY_MAX_VCPUS) until xen_vcpu_place moves it into our own
 * memory (VCPUOP_register_vcpu_info); entry.S reads the table too, which
 * xen_init_IRQ fills before any upcall. */
_Static_assert(NR_CPUS <= XEN_LEGACY_MAX_VCPUS, "every vCPU has a vcpu_info in shared_info");
extern struct vcpu_info *xen_vcpu_info[NR_CPUS];
int xen_vcpu_place(unsigned int cpu);

static inline struct vcpu_info *xen_vcpu_of(unsigned int cpu)
{
	struct vcpu_info *v = xen_vcpu_info[cpu];

	return v ? v : &HYPERVISOR_shared_info->vcpu_info[cpu];
}

static inline struct vcpu_info *xen_vcpu(void)
{
	return xen_vcpu_of(smp_processor_id());
}

static inline int xen_initial_domain(void)
{
	return (xen_start_info->flags & SIF_INITDOMAIN) != 0;
}

/* head.S calls this with the start_info Xen built. */
void xen_start_kernel(start_info_t *si) __attribute__((noreturn));

/* Frame numbers (p2m.c; pfn_to_mfn and friends are in <xenpv/mm.h>). */
void xen_p2m_init(void);

/* Backend pieces, installed into pv_ops by enlighten.c. */
void xen_console_init(void);
void xen_console_write(const char *buf, size_t len);
void xen_console_flush(void);
/* The domU ring: how often printk waited for xenconsoled, bytes dropped
 * while it was stalled. */
struct xen_console_stats {
	unsigned long waits;
	unsigned long long dropped;
};
extern struct xen_console_stats xen_console_stats;
uint64_t xen_clock_ns(void);
uint64_t xen_tsc_to_ns(uint64_t tsc_delta);
unsigned long xen_save_fl(void);
void xen_restore_fl(unsigned long flags);
void xen_irq_disable(void);
void xen_irq_enable(void);
void xen_force_evtchn_callback(void);
void xen_safe_halt(void);
void xen_halt(void);
/* events.c, callbacks.c, time.c: interrupt delivery. */
void xen_init_IRQ(void);
void xen_mask_irq(unsigned int irq);
int xen_unmask_irq(unsigned int irq);
int xen_rebind_irq(unsigned int irq);
int xen_set_irq_cpu(unsigned int irq, unsigned int cpu);
int xen_irq_cpu(unsigned int irq);
int xen_irq_is_percpu(unsigned int irq);
/* Ports that belong to one vCPU: its VIRQ_TIMER, its IPIs. */
int xen_bind_virq_cpu(unsigned int virq, unsigned int cpu, irq_handler_t handler, const char *name);
int xen_bind_ipi(unsigned int cpu, irq_handler_t handler, const char *name, void *dev_id);
void xen_register_callbacks(void);
extern unsigned long xen_failsafe_count;
/* Nested upcalls folded into the one they interrupted (entry.S). */
extern unsigned long xen_upcall_restarts;
/* Called from entry.S. */
struct pt_regs;
void xen_evtchn_do_upcall(struct pt_regs *regs);
void xen_failsafe(uint32_t *frame, unsigned int bad);
/* The calling vCPU's timer VIRQ, its periodic tick stopped. */
void xen_timer_init(void);
int xen_set_timer(uint64_t abs_ns);
uint64_t xen_steal_ns(void);
struct trap_gate;
int xen_load_trap_table(const struct trap_gate *gates, unsigned int n);
/* The table last loaded, by vector, for a new vCPU's context. */
void xen_copy_trap_table(struct trap_info *by_vector);
unsigned long xen_read_cr2(void);
int xen_map_machine_page(unsigned long va, uint64_t maddr, int writable);
/* cpu.c: CPUID as Xen's policy reports it, and with our mask applied. */
void xen_cpuid_raw(uint32_t leaf, uint32_t subleaf, uint32_t *a,
		   uint32_t *b, uint32_t *c, uint32_t *d);
void xen_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a, uint32_t *b,
	       uint32_t *c, uint32_t *d);
int xen_load_sp0(unsigned long sp0);
void xen_set_ts(void);
void xen_clts(void);
/* symtab.c: where Xen loaded our ELF symbols (into boot_info): after
 * the image, below limit (where start_info was). */
void xen_find_symtab(unsigned long limit);
/* bootstrap.c: Xen's bootstrap region.  xen_copy_start_info keeps
 * start_info in the image (its page is given back); xen_bootstrap_init
 * (after the P2M and the symbols are found) records what the builder
 * placed and returns the first pfn past it; xen_bootstrap_account adds
 * the pages boot is done with as free runs, and the rest by reason. */
extern unsigned long xen_entry_esp;
start_info_t *xen_copy_start_info(start_info_t *si);
unsigned long xen_bootstrap_init(void);
void xen_bootstrap_account(struct mm_free_range *free);
/* desc.c: descriptor tables. */
int xen_load_gdt(uint64_t *gdt, unsigned int entries);
int xen_write_desc(uint64_t *table, unsigned int idx, uint64_t desc);
int xen_set_ldt(uint64_t *ldt, unsigned int entries);
/* A GDT page made read-only for Xen: its frame, or 0. */
unsigned long xen_gdt_frame(uint64_t *gdt);
int xen_load_tls(uint64_t *gdt, const uint64_t *tls);
/* Queue an update_descriptor of the entry at machine address ma. */
void xen_mc_update_descriptor(uint64_t ma, uint64_t desc, const char *what);
/* multicall.c: each vCPU's multicall batch (multicall_batch.h) and lazy
 * CPU mode; xen_mc is this vCPU's (events masked from xen_mc_begin to
 * xen_mc_end, so the vCPU cannot change under it).  Queue between
 * xen_mc_begin and xen_mc_end, which issues the batch unless a context
 * switch is being batched. */
struct mc_batch;
struct mc_entry;
struct mmuext_op;
extern struct mc_batch *xen_mc_batches[NR_CPUS];
#define xen_mc (*xen_mc_batches[smp_processor_id()])
/* Lazy CPU mode on every vCPU (benchmarks' baselines turn it off). */
void xen_mc_set_lazy(int on);
unsigned long xen_mc_begin(void);
int xen_mc_end(unsigned long flags);
struct mc_entry *xen_mc_call(unsigned long op, const char *what, unsigned int flags);
struct mmuext_op *xen_mc_mmuext(unsigned int cmd, const char *what, unsigned int flags);
void xen_start_context_switch(void);
int xen_end_context_switch(void);
void xen_lazy_init(void);
/* The batches' callbacks, before the first hypercall that batches; a
 * secondary vCPU's batches, before it first comes up: 0 or -ENOMEM. */
void xen_batches_init(void);
int xen_batches_alloc(unsigned int cpu);

/* Pagetables (pagetable.c at boot, mmu.c and pgd.c after). */
int xen_mmu_update_flush(struct mmu_batch_req *req, unsigned int n);
/* direct_map.c: the direct map past boot's, an L1 per slot on demand
 * from the pages pagetable.c reserves; the vmalloc area's L1s on demand
 * from the page allocator. */
int xen_map_direct(unsigned long first, unsigned long count);
int xen_alloc_kernel_tables(unsigned long va, unsigned long len);
void xen_direct_map_reserve(unsigned long slot, unsigned long pfn);
/* pgd.c: b's queue, then a new kernel L1 at slot in every kernel L2. */
int xen_pgd_install_kernel_table(struct mmu_batch *b, unsigned long slot, pte_t entry);
/* Each vCPU queues PTE updates in its own mmu_update batch (a queue and
 * its flush never sleep in between); xen_mmu_batch is this vCPU's. */
struct mmu_batch;
extern struct mmu_batch xen_mmu_batches[NR_CPUS];
/* Give vCPU cpu's batch its queue (the boot vCPU's is static): 0, -ENOMEM. */
int xen_mmu_batch_alloc(unsigned int cpu);
#define xen_mmu_batch (xen_mmu_batches[smp_processor_id()])
extern pte_t *xen_kernel_l2;         /* init_mm's L2 for 0xC0000000 up */
/* The kernel L2 slot (2MB) of a kernel address. */
static inline unsigned long xen_slot_of(unsigned long va)
{
	return (va - PAGE_OFFSET) >> L2_SHIFT;
}
void xen_mm_early_init(void);
void xen_pagetable_init(struct mm_free_range *free);
pte_t xen_make_pte(unsigned long pfn, pte_t prot);
pte_t *xen_table_va(pte_t entry);
pte_t *xen_kernel_pte(unsigned long va);
void xen_queue_pte(pte_t *ptep, pte_t val);
int xen_set_kernel_pte(unsigned long va, unsigned long pfn, pte_t prot);
unsigned long xen_kernel_pfn(unsigned long va);
void xen_flush_tlb(void);
void xen_flush_tlb_one(unsigned long va);
/* Flush the TLBs of the vCPUs in mask (every online one: kernel
 * mappings), through MMUEXT_TLB_FLUSH_MULTI / MMUEXT_INVLPG_MULTI. */
void xen_flush_tlb_mask(unsigned long mask);
/* smp.c: secondary vCPUs. */
unsigned int xen_possible_cpus(unsigned int max);
int xen_boot_cpu(unsigned int cpu, uint64_t *gdt, unsigned int entries,
		 unsigned long sp0, unsigned long esp, void (*entry)(void));
int xen_init_cpu(unsigned int cpu);
void xen_play_dead(void);
int xen_wake_cpu(unsigned int cpu);
int xen_cpu_is_up(unsigned int cpu);
void xen_send_ipi(unsigned int cpu, enum ipi_vector v);
int xen_pgd_prepare(struct mm_struct *mm);
int xen_pgd_release(struct mm_struct *mm);
void xen_write_cr3(struct mm_struct *mm);
int xen_hook_user_table(struct mm_struct *mm, unsigned long va, void *l1);
void xen_set_user_pte(pte_t *ptep, unsigned long pfn, uint64_t prot);
int xen_flush_user(struct mm_struct *mm);
void *xen_pte_page(uint64_t entry);

/* grant.c: a GNTST_* status as a negative errno (0 for GNTST_okay). */
int gnttab_status_to_errno(int status);

#endif
