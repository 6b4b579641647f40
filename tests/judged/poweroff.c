/*
 * A dom0 that powers off (SHUTDOWN_poweroff) after its verdict, as a
 * vendor's kernel may, rather than the reboot xenpv_exit uses: Xen
 * halts the machine, and poweroff.sh beside it checks that xenpv-run
 * sees the end at once rather than at its timeout.
 */
#include "../guest/guest-test.h"

static int poweroff_init(void)
{
	printk("xenpv-exit: 0\n");
	for (;;)
		HYPERVISOR_shutdown(SHUTDOWN_poweroff);
	return 0;
}
XENPV_MODULE(poweroff, poweroff_init, NULL);
