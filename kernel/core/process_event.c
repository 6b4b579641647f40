/*
 * Event channels a driver hands to a program: the port is bound to a
 * handler that counts and wakes the program, which waits on it and
 * notifies the other end by handle (sys_event_wait, sys_event_notify).
 */
#include <xenpv/kernel.h>
#include <xenpv/events.h>
#include <kernel/process.h>
#include <kernel/paravirt.h>
#include <kernel/task.h>

static irqreturn_t event_handler(int irq, void *dev_id, struct pt_regs *regs)
{
	struct process_event *ev = dev_id;

	(void)irq;
	(void)regs;
	__atomic_fetch_add(&ev->count, 1, __ATOMIC_SEQ_CST);    /* the program may take them on another vCPU */
	if (ev->owner->waiting)
		task_wake(ev->owner->task);
	return IRQ_HANDLED;
}

int process_bind_event(struct process *p, unsigned int port)
{
	unsigned int h;
	int irq;

	if (!p)
		return -EINVAL;
	for (h = 0; h < PROCESS_MAX_EVENTS && p->ev[h].bound; h++)
		;
	if (h == PROCESS_MAX_EVENTS)
		return -ENOSPC;
	p->ev[h].owner = p;
	p->ev[h].port = port;
	p->ev[h].count = 0;
	irq = bind_evtchn_to_irqhandler(port, event_handler, p->name, &p->ev[h]);
	if (irq < 0)
		return irq;
	p->ev[h].irq = (unsigned int)irq;
	p->ev[h].bound = 1;
	return (int)h;
}

static struct process_event *handle_event(int handle)
{
	struct process *p = process_current();

	if (!p || handle < 0 || handle >= PROCESS_MAX_EVENTS || !p->ev[handle].bound)
		return NULL;
	return &p->ev[handle];
}

long process_event_wait(int handle)
{
	struct process_event *ev = handle_event(handle);
	unsigned long flags, n;

	if (!ev)
		return -EBADF;
	flags = local_irq_save();
	while (!ev->count) {
		ev->owner->waiting = 1;
		task_sleep();
		ev->owner->waiting = 0;
	}
	n = __atomic_exchange_n(&ev->count, 0, __ATOMIC_SEQ_CST);
	local_irq_restore(flags);
	return (long)n;
}

long process_event_notify(int handle)
{
	struct process_event *ev = handle_event(handle);

	if (!ev)
		return -EBADF;
	return notify_remote_via_evtchn(ev->port);
}
