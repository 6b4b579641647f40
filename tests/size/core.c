/*
 * The core kernel: the SDK's archive with one module that does nothing,
 * so that what links is what every kernel carries (start, Xen setup,
 * pagetables, allocators, traps, tasks, irqs and timers, SMP, the
 * console).  tests/host/size.sh holds it to 64 KiB of text and data and
 * checks that none of xenbus, xenstore, the grant tables or the block
 * frontend came along; make bench prints its size.  Never booted by
 * itself: every other kernel of make check boots the same archive.
 */
#include <stddef.h>
#include <xenpv/module.h>

static int core_init(void)
{
	return 0;
}

XENPV_MODULE(core, core_init, NULL);
