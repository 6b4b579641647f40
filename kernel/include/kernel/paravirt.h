/*
 * The paravirt seam.  Core code calls these operations; a backend (today
 * only Xen, in kernel/xen/) provides them, installed at boot by one
 * structure assignment in xen_start_kernel().  Only the backend issues
 * hypercalls.
 *
 * Grouped as Linux split its paravirt_ops: platform (console, shutdown,
 * time), irq (the virtual interrupt flag), cpu and mmu.  Later features
 * add their operations to the matching group.
 */
#ifndef KERNEL_PARAVIRT_H
#define KERNEL_PARAVIRT_H

#include <stddef.h>
#include <stdint.h>

struct pv_platform_ops {
	/* Write raw bytes to the console. */
	void (*console_write)(const char *buf, size_t len);
	/* Stop the domain: 0 clean (poweroff, or reboot as dom0 so that the
	 * emulated machine ends), non-zero crash.  Must not return. */
	void (*shutdown)(int crash) __attribute__((noreturn));
	/* Hypercalls this vCPU has made so far (the boot profile's count). */
	unsigned long (*hypercall_count)(void);
};

struct pv_time_ops {
	/* Monotonic system time in nanoseconds. */
	uint64_t (*clock_ns)(void);
	/* Convert a TSC delta measured on this CPU to nanoseconds. */
	uint64_t (*tsc_to_ns)(uint64_t tsc_delta);
	/* One-shot timer interrupt at clock_ns() time abs_ns (at once if it
	 * has passed); a later call replaces the deadline. */
	int (*set_timer)(uint64_t abs_ns);
	/* Time this vCPU waited for a physical CPU while runnable. */
	uint64_t (*steal_ns)(void);
};

struct pv_irq_ops {
	/* The virtual interrupt flag: X86_EFLAGS_IF when events are enabled. */
	unsigned long (*save_fl)(void);
	void (*restore_fl)(unsigned long flags);
	void (*irq_disable)(void);
	void (*irq_enable)(void);
	/* Wait for an event with events enabled; returns with them enabled
	 * after it was delivered. */
	void (*safe_halt)(void);
	/* Give the CPU away briefly without enabling events. */
	void (*halt)(void);
	/* Set up interrupt delivery (Xen: callbacks, event channel -> irq
	 * map, the timer VIRQ); events stay masked. */
	void (*init_IRQ)(void);
	/* Per irq (a bound event channel): mask, unmask (0, or -1 if nothing
	 * is bound to irq), and check it is still bound (0 if so). */
	void (*mask_irq)(unsigned int irq);
	int (*unmask_irq)(unsigned int irq);
	int (*rebind_irq)(unsigned int irq);
	/* set_irq_cpu: deliver irq on vCPU cpu from now on (0; -EINVAL for
	 * an irq that belongs to one vCPU, an IPI or a per-vCPU VIRQ);
	 * irq_cpu: the vCPU it is delivered on, or -errno when unbound;
	 * irq_is_percpu: 1 for one that belongs to one vCPU. */
	int (*set_irq_cpu)(unsigned int irq, unsigned int cpu);
	int (*irq_cpu)(unsigned int irq);
	int (*irq_is_percpu)(unsigned int irq);
};

/*
 * Secondary vCPUs (kernel/core/smp.c drives them).  boot_cpu starts vCPU
 * cpu at entry() with esp, events masked, sp0 as the stack exceptions
 * from user mode arrive on, its own GDT (a page of entries descriptors,
 * which the backend makes read-only), the kernel's pagetables, trap
 * table and callbacks.  init_cpu runs on the new vCPU
 * first (its timer and IPIs).  play_dead stops the calling vCPU and
 * returns when wake_cpu starts it again.  send_ipi raises an IPI on cpu.
 */
enum ipi_vector;

struct pv_smp_ops {
	unsigned int (*possible_cpus)(unsigned int max);
	int (*boot_cpu)(unsigned int cpu, uint64_t *gdt, unsigned int entries,
			unsigned long sp0, unsigned long esp, void (*entry)(void));
	int (*init_cpu)(unsigned int cpu);
	void (*play_dead)(void);
	int (*wake_cpu)(unsigned int cpu);
	int (*cpu_is_up)(unsigned int cpu);
	void (*send_ipi)(unsigned int cpu, enum ipi_vector v);
};

struct trap_gate;

struct pv_cpu_ops {
	/* Install the exception table (struct trap_gate, kernel/traps.h). */
	int (*load_trap_table)(const struct trap_gate *gates, unsigned int n);
	/* The faulting address of the last page fault. */
	unsigned long (*read_cr2)(void);
	/* CPUID as the kernel may use it: features the hypervisor owns
	 * (APIC, MTRR, MCE, MWAIT, PMU, VMX, ...) read as absent. */
	void (*cpuid)(uint32_t leaf, uint32_t subleaf, uint32_t *eax,
		      uint32_t *ebx, uint32_t *ecx, uint32_t *edx);

	/*
	 * Descriptor tables.  The tables are core memory (kernel/core/desc.c);
	 * once loaded the backend owns their pages (Xen maps them read-only),
	 * so every later change goes through write_*_entry, which returns
	 * non-zero for a descriptor the hypervisor refuses.
	 */
	int (*load_gdt)(uint64_t *gdt, unsigned int entries);
	int (*write_gdt_entry)(uint64_t *gdt, unsigned int idx, uint64_t desc);
	int (*set_ldt)(uint64_t *ldt, unsigned int entries);
	int (*write_ldt_entry)(uint64_t *ldt, unsigned int idx, uint64_t desc);
	/* Write the GDT_TLS_ENTRIES thread-local slots from tls[], at once. */
	int (*load_tls)(uint64_t *gdt, const uint64_t *tls);
	/* The stack an exception from user mode starts on. */
	int (*load_sp0)(unsigned long sp0);
	/* CR0.TS, for lazy FPU switching: set_ts makes the next FPU/SSE
	 * instruction raise #NM; clts allows them again. */
	void (*set_ts)(void);
	void (*clts)(void);
	/*
	 * Lazy CPU mode: between these, the ops a context switch makes
	 * (write_cr3, load_tls, set_ldt, load_sp0, set_ts) may be deferred
	 * and sent together when the switch ends, so they return 0 and
	 * end_context_switch returns the first failure (the backend also
	 * reports it, naming the op).  Sections nest; events must stay
	 * masked throughout.
	 */
	void (*start_context_switch)(void);
	int (*end_context_switch)(void);
};

struct mm_free_range;
struct mm_struct;

struct pv_mmu_ops {
	/* Map a machine frame at a page-aligned kernel address. */
	int (*map_machine_page)(unsigned long va, uint64_t maddr, int writable);
	/* Build init_mm's tables (direct map, protections, the fixmap's L1)
	 * and say which pfns are left for the page allocator. */
	void (*pagetable_init)(struct mm_free_range *free);
	/* Map pfns [first, first + count) of the direct map (kernel data:
	 * RW+NX), in the L1s pagetable_init hooked for it; pages the page
	 * allocator has yet to hand out.  0 or a negative error. */
	int (*map_direct)(unsigned long first, unsigned long count);
	/* Give each 2MB of [va, va + len) in the vmalloc area an L1 if it
	 * has none (from the page allocator, when an area is claimed; the
	 * caller keeps two from running at once): 0, -ENOMEM, or -EINVAL
	 * outside the area. */
	int (*alloc_kernel_tables)(unsigned long va, unsigned long len);
	/* Map pfn at va with prot (a PTE's flag bits), or unmap (prot 0);
	 * va below the hole, in a range whose L1 exists (vmalloc, fixmap). */
	int (*set_kernel_pte)(unsigned long va, unsigned long pfn, uint64_t prot);
	/* The pfn of ours mapped at kernel address va, or INVALID_P2M_ENTRY
	 * (nothing mapped, or a frame not ours). */
	unsigned long (*kernel_pfn)(unsigned long va);
	/* Kernel mappings are shared by every vCPU: these flush them on all
	 * online vCPUs. */
	void (*flush_tlb)(void);
	void (*flush_tlb_one)(unsigned long va);
	/* Fill a new address space's zeroed tables, protect and pin them;
	 * release undoes that so the pages can be freed. */
	int (*pgd_prepare)(struct mm_struct *mm);
	int (*pgd_release)(struct mm_struct *mm);
	void (*write_cr3)(struct mm_struct *mm);
	/* User mappings of mm (kernel/mm/uspace.c).  hook_user_table makes
	 * the zeroed page l1 read-only and the table for va's 2MB;
	 * set_user_pte queues an entry of such a table (prot 0: none) and
	 * flush_user sends the queue (0, or the hypervisor's refusal) and
	 * drops stale TLB entries when mm is in use.  pte_page: the page an
	 * entry of any level maps, NULL when none or not ours. */
	int (*hook_user_table)(struct mm_struct *mm, unsigned long va, void *l1);
	void (*set_user_pte)(uint64_t *ptep, unsigned long pfn, uint64_t prot);
	int (*flush_user)(struct mm_struct *mm);
	void *(*pte_page)(uint64_t entry);
};

struct paravirt_ops {
	const char *name;
	struct pv_platform_ops platform;
	struct pv_time_ops time;
	struct pv_irq_ops irq;
	struct pv_cpu_ops cpu;
	struct pv_mmu_ops mmu;
	struct pv_smp_ops smp;
};

extern struct paravirt_ops pv_ops;

#define X86_EFLAGS_IF 0x200UL

static inline unsigned long local_irq_save(void)
{
	unsigned long flags = pv_ops.irq.save_fl();

	pv_ops.irq.irq_disable();
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	pv_ops.irq.restore_fl(flags);
}

#endif
