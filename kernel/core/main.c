/*
 * start_kernel: generic initialisation once the backend has set up the
 * paravirt ops, then the modules, then a clean end.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>
#include <kernel/processor.h>
#include <kernel/traps.h>
#include <kernel/mm.h>
#include <kernel/desc.h>
#include <kernel/task.h>
#include <kernel/irq.h>
#include <kernel/smp.h>

struct boot_info boot_info;
struct paravirt_ops pv_ops;

/* Added by xenpv-run for tests to check (they read the command line);
 * declared so that they count as known. */
static char role[8], mem[16];
XENPV_PARAM(xenpv, role, str, role, 0, sizeof(role), "how xenpv-run booted the kernel: dom0 or domU");
XENPV_PARAM(xenpv, mem, str, mem, 0, sizeof(mem), "the memory xenpv-run gave the kernel, as NM");

void __noreturn start_kernel(void)
{
	int failed;

	pr_info("xenpv: kernel booting on %s (%s), %lu pages\n", pv_ops.name,
		boot_info.initial_domain ? "dom0" : "domU", boot_info.nr_pages);
	pr_info("xenpv: command line: %s\n", boot_info.cmdline);
	boot_phase("banner");

	traps_init();
	boot_phase("traps");
	mm_init();      /* its phases: pagetables, page_alloc */
	cpu_init();     /* GDT, TLS, kernel stack: after the trap table */
	boot_phase("cpu");
	task_init();
	boot_phase("tasks");
	init_IRQ();     /* IRQ stack, event callbacks, timer; events on */
	boot_phase("irq");
	smp_init();     /* the other vCPUs, before any module runs */
	boot_phase("smp");

	xenpv_stat("boot_ns", pv_ops.time.tsc_to_ns(rdtsc() - boot_info.entry_tsc));
	/* Of which other domains ran (dom0, when a domU shares its CPU). */
	xenpv_stat("boot_steal_ns", pv_ops.time.steal_ns());

	failed = modules_init();
	boot_profile_seal();
	xenpv_exit(failed ? 1 : 0);
}

void __noreturn xenpv_exit(int status)
{
	mm_boot_table_print();
	boot_profile_print();
	modules_exit();
	printk_protocol("xenpv-exit: %d\n", status);
	pv_ops.platform.shutdown(0);
}

void xenpv_stat(const char *key, unsigned long long value)
{
	printk_protocol("xenpv-stat: %s=%llu\n", key, value);
}

uint64_t xenpv_clock_ns(void)
{
	return pv_ops.time.clock_ns();
}
