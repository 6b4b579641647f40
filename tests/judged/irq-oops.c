/*
 * A kernel whose event handler faults, so that irq-oops.sh beside it can
 * check the oops names the handler and its irq, and backtraces from the
 * IRQ stack through the upcall into the code it interrupted.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/events.h>

#define OOPS_FRAME __attribute__((noinline, noclone))
static volatile int *volatile bad_pointer = (volatile int *)0xbad4;

irqreturn_t irq_oops_handler(int irq, void *dev_id, struct pt_regs *regs);
int irq_oops_notify(unsigned int port);

irqreturn_t OOPS_FRAME irq_oops_handler(int irq, void *dev_id, struct pt_regs *regs)
{
	*bad_pointer = irq;
	return *bad_pointer ? IRQ_HANDLED : IRQ_NONE;
}

int OOPS_FRAME irq_oops_notify(unsigned int port)
{
	return notify_remote_via_evtchn(port) + 1;
}

static int irq_oops_init(void)
{
	unsigned int port;
	int irq;

	if (evtchn_alloc_unbound(DOMID_SELF_ID, &port))
		return 1;
	/* Binding raises the first notification itself; send one more in
	 * case a later Xen stops doing that. */
	irq = bind_interdomain_evtchn_to_irqhandler(DOMID_SELF_ID, port, irq_oops_handler,
						    "faulty", NULL);
	if (irq < 0)
		return 1;
	printk("irq-oops kernel: signalling a port whose handler faults\n");
	return irq_oops_notify(port) == 0;
}
XENPV_MODULE(irq_oops, irq_oops_init, NULL);
