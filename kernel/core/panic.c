/*
 * panic: the one way out when the kernel cannot go on.  The banner is
 * what xenpv-run looks for; SHUTDOWN_crash tells Xen it was not clean.
 */
#include <xenpv/kernel.h>
#include <kernel/paravirt.h>
#include <kernel/boot.h>
#include <kernel/traps.h>

int oops_in_progress;

static int panicking;

void __noreturn panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (pv_ops.irq.irq_disable)
		pv_ops.irq.irq_disable();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (panicking++) {
		/* A panic while panicking: say so once, and stop. */
		printk(KERN_EMERG "Kernel panic (nested): %s\n", msg);
	} else {
		const char *phase, *module = module_running(&phase);

		printk(KERN_EMERG "Kernel panic: %s\n", msg);
		if (module)
			printk(KERN_EMERG "xenpv: in module %s (%s)\n", module, phase);
		if (!oops_in_progress)
			show_backtrace((unsigned long)__builtin_return_address(0),
				       *(unsigned long *)__builtin_frame_address(0), 1);
		printk(KERN_EMERG "xenpv: shutting down with SHUTDOWN_crash\n");
	}
	if (pv_ops.platform.shutdown)
		pv_ops.platform.shutdown(1);
	for (;;)
		asm volatile("ud2");
}
