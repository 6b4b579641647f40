/*
 * Xen entry: called by head.S with start_info, it installs the Xen
 * paravirt ops, finds the hypervisor hole, maps shared_info into the
 * fixmap and hands over to the generic start_kernel().
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>
#include "hypercall.h"
#include "backend.h"

start_info_t *xen_start_info;
struct shared_info *HYPERVISOR_shared_info;
unsigned long xen_hole_start;
unsigned long xen_hypercall_counts[NR_CPUS][64];

unsigned long xenpv_hypercalls(void)
{
	const unsigned long *row = xen_hypercall_count;
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < 64; i++)
		n += row[i];
	return n;
}
extern uint64_t xen_entry_tsc;

static void __noreturn xen_shutdown(int crash)
{
	unsigned int reason;

	/* As dom0, "poweroff" would leave the (emulated) machine halted
	 * forever; reboot ends it, and QEMU runs with -no-reboot. */
	if (crash)
		reason = SHUTDOWN_crash;
	else
		reason = xen_initial_domain() ? SHUTDOWN_reboot : SHUTDOWN_poweroff;
	xen_console_flush();
	for (;;)
		HYPERVISOR_shutdown(reason);
}

static const struct paravirt_ops xen_pv_ops = {
	.name = "Xen",
	.platform = {
		.console_write = xen_console_write,
		.shutdown = xen_shutdown,
		.hypercall_count = xenpv_hypercalls,
	},
	.time = {
		.clock_ns = xen_clock_ns,
		.tsc_to_ns = xen_tsc_to_ns,
		.set_timer = xen_set_timer,
		.steal_ns = xen_steal_ns,
	},
	.irq = {
		.save_fl = xen_save_fl,
		.restore_fl = xen_restore_fl,
		.irq_disable = xen_irq_disable,
		.irq_enable = xen_irq_enable,
		.safe_halt = xen_safe_halt,
		.halt = xen_halt,
		.init_IRQ = xen_init_IRQ,
		.mask_irq = xen_mask_irq,
		.unmask_irq = xen_unmask_irq,
		.rebind_irq = xen_rebind_irq,
		.set_irq_cpu = xen_set_irq_cpu,
		.irq_cpu = xen_irq_cpu,
		.irq_is_percpu = xen_irq_is_percpu,
	},
	.cpu = {
		.load_trap_table = xen_load_trap_table,
		.read_cr2 = xen_read_cr2,
		.cpuid = xen_cpuid,
		.load_gdt = xen_load_gdt,
		.write_gdt_entry = xen_write_desc,
		.set_ldt = xen_set_ldt,
		.write_ldt_entry = xen_write_desc,
		.load_tls = xen_load_tls,
		.load_sp0 = xen_load_sp0,
		.set_ts = xen_set_ts,
		.clts = xen_clts,
		.start_context_switch = xen_start_context_switch,
		.end_context_switch = xen_end_context_switch,
	},
	.mmu = {
		.map_machine_page = xen_map_machine_page,
		.pagetable_init = xen_pagetable_init,
		.map_direct = xen_map_direct,
		.alloc_kernel_tables = xen_alloc_kernel_tables,
		.set_kernel_pte = xen_set_kernel_pte,
		.kernel_pfn = xen_kernel_pfn,
		.flush_tlb = xen_flush_tlb,
		.flush_tlb_one = xen_flush_tlb_one,
		.pgd_prepare = xen_pgd_prepare,
		.pgd_release = xen_pgd_release,
		.write_cr3 = xen_write_cr3,
		.hook_user_table = xen_hook_user_table,
		.set_user_pte = xen_set_user_pte,
		.flush_user = xen_flush_user,
		.pte_page = xen_pte_page,
	},
	.smp = {
		.possible_cpus = xen_possible_cpus,
		.boot_cpu = xen_boot_cpu,
		.init_cpu = xen_init_cpu,
		.play_dead = xen_play_dead,
		.wake_cpu = xen_wake_cpu,
		.cpu_is_up = xen_cpu_is_up,
		.send_ipi = xen_send_ipi,
	},
};

static void xen_find_hole(void)
{
	xen_platform_parameters_t pp;

	if (HYPERVISOR_xen_version(XENVER_platform_parameters, &pp) == 0)
		xen_hole_start = pp.virt_start;
	else
		xen_hole_start = HYPERVISOR_VIRT_START;
}

void __noreturn xen_start_kernel(start_info_t *si)
{
	unsigned long si_va = (unsigned long)si;

	si = xen_start_info = xen_copy_start_info(si);
	pv_ops = xen_pv_ops;
	xen_batches_init();

	/* dom0 can print through console_io at once; the domU ring needs
	 * start_info and the P2M first. */
	xen_p2m_init();
	xen_console_init();

	if (strncmp(si->magic, "xen-3.0-x86_32p", sizeof(si->magic)) != 0)
		panic("start_info magic is \"%.32s\": this kernel needs a 32-bit PAE "
		      "PV domain (\"xen-3.0-x86_32p\")", si->magic);

	boot_info.cmdline = (const char *)si->cmd_line;
	boot_info.cmdline_size = sizeof(si->cmd_line);
	xen_find_hole();
	xen_find_symtab(si_va);     /* the builder placed start_info after it */
	mm_early_init(xen_hole_start, si->nr_pages);
	xen_mm_early_init();        /* the fixmap, with shared_info in it */
	/* Options steer the setup below; their reports print with events
	 * masked, which needs shared_info. */
	params_parse();
	xen_lazy_init();

	boot_info.nr_pages = si->nr_pages;
	boot_info.initial_domain = xen_initial_domain();
	boot_info.entry_tsc = xen_entry_tsc;
	boot_phase("xen_setup");

	start_kernel();
}
