/*
 * A console backend that stops: console-stall.sh beside it has dom0
 * freeze xenconsoled (SIGSTOP) for a few seconds while this kernel
 * prints, with xenpv.console_stall_ms set short.  printk must wait for
 * the backend, give up after the stall time instead of hanging, count
 * what it then drops, and say so once the backend is back; the kernel
 * reaches its verdict all the same.  As dom0 (no ring) nothing stalls.
 */
#include "../guest/guest-test.h"

#define PRINT_FOR_NS (4500ULL * 1000 * 1000)

static int stall_init(void)
{
	unsigned long long dropped_before = xen_console_stats.dropped;
	uint64_t start = xenpv_clock_ns();
	unsigned long lines = 0;

	tap_plan(1);
	while (xenpv_clock_ns() - start < PRINT_FOR_NS)
		printk("stall %06lu the backend may not be listening; printk must not hang\n", lines++);
	if (xen_start_info->flags & SIF_INITDOMAIN)
		is(xen_console_stats.dropped - dropped_before, 0,
		   "dom0: console_io never drops (%lu lines)", lines);
	else
		ok(xen_console_stats.dropped > dropped_before,
		   "domU: with xenconsoled stopped, printk gave up waiting and counted %llu bytes dropped (%lu lines)",
		   xen_console_stats.dropped - dropped_before, lines);
	xenpv_stat("console_dropped_bytes", xen_console_stats.dropped - dropped_before);
	return tap_done();
}
XENPV_MODULE(console_stall, stall_init, NULL);
