/*
 * Stack backtraces along the frame-pointer chain (the kernel is built
 * with -fno-omit-frame-pointer): each frame holds the caller's ebp, then
 * the return address.  Every read is probed, so a corrupt chain ends the
 * trace instead of faulting inside an oops.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>
#include <kernel/traps.h>
#include <kernel/irq.h>

#define MAX_FRAMES 32

static void print_frame(unsigned long addr, int is_return)
{
	char sym[128];

	printk(KERN_EMERG " [<%08lx>] %s\n", addr, symbol_format(sym, sizeof(sym), addr, is_return));
}

void show_backtrace(unsigned long eip, unsigned long ebp, int eip_is_return)
{
	unsigned int n;

	printk(KERN_EMERG "Call Trace:\n");
	print_frame(eip, eip_is_return);
	for (n = 0; n < MAX_FRAMES && ebp; n++) {
		uint32_t next, ret;

		if ((ebp & 3) || probe_read_u32((void *)ebp, &next) ||
		    probe_read_u32((void *)(ebp + 4), &ret) || ret == 0)
			break;
		print_frame(ret, 1);
		/* Stacks grow down: callers' frames lie above, except where a
		 * handler's IRQ stack links back to the interrupted stack. */
		if (next <= ebp && !irq_stack_leaves(ebp, next))
			break;
		ebp = next;
	}
}
