/*
 * A kernel that oopses on purpose, a few calls deep, so that
 * oops.sh beside it can check the report: the exception, the registers,
 * the faulting address and a backtrace naming these functions.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>

/* Every level keeps its own frame: no inlining, no cloning, a use of
 * each result (no tail calls), a pointer the compiler cannot see, and
 * external linkage (gcc's i386 port gives a static leaf function its own
 * calling convention and no frame pointer, which would hide its caller). */
#define OOPS_FRAME __attribute__((noinline, noclone))
static volatile int *volatile bad_pointer = (volatile int *)0xbad0;

int oops_write_bad_pointer(volatile int *p);
int oops_middle(volatile int *p);

int OOPS_FRAME oops_write_bad_pointer(volatile int *p)
{
	*p = 0x5a5a;
	return *p;
}

int OOPS_FRAME oops_middle(volatile int *p)
{
	return oops_write_bad_pointer(p) + 1;
}

static int oops_init(void)
{
	printk("oops kernel: writing through a bad pointer\n");
	return oops_middle(bad_pointer) == 0;
}
XENPV_MODULE(oops, oops_init, NULL);
