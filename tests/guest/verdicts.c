/*
 * Kernels that end badly on purpose, one per VERDICT value, so that
 * tests/host/verdicts.sh can check that xenpv-run calls each a failure.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>

#define VERDICT_PANIC 1
#define VERDICT_HANG  2
#define VERDICT_EXIT3 3
#define VERDICT_FAULT 4

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
	}
	return 0;
}
XENPV_MODULE(verdict, verdict_init, NULL);
