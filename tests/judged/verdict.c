/*
 * Kernels that end badly on purpose, one per VERDICT value, so that
 * verdict.sh beside this file can check, as dom0 and as a domU,
 * that xenpv-run calls each the failure it is.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <kernel/paravirt.h>

#define VERDICT_PANIC 1
#define VERDICT_HANG  2
#define VERDICT_EXIT3 3
#define VERDICT_FAULT 4
#define VERDICT_SILENT 5

static void __attribute__((noinline, noreturn)) deliberate_panic(void)
{
	panic("deliberate panic from the verdict test kernel");
}

static int verdict_init(void)
{
	printk("verdict kernel %d starting\n", VERDICT);
	switch (VERDICT) {
	case VERDICT_PANIC:
		deliberate_panic();
	case VERDICT_HANG:
		for (;;)
			asm volatile("pause");
	case VERDICT_EXIT3:
		xenpv_exit(3);
	case VERDICT_FAULT:
		/* An invalid opcode at ring 1. */
		asm volatile("ud2");
		break;
	case VERDICT_SILENT:
		/* A clean shutdown that never says how the kernel fared. */
		pv_ops.platform.shutdown(0);
	}
	return 0;
}
XENPV_MODULE(verdict, verdict_init, NULL);
