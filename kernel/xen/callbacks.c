/*
 * The callbacks Xen enters the kernel through besides exceptions: the
 * event upcall (hypervisor_callback) and the failsafe callback, taken
 * when Xen cannot return to us because a segment reload or the final
 * iret faults (entry.S has both).
 */
#include <xenpv/kernel.h>
#include <kernel/traps.h>
#include <kernel/process.h>
#include "hypercall.h"
#include "backend.h"

void hypervisor_callback(void), failsafe_callback(void);

unsigned long xen_failsafe_count;

static void register_callback(uint16_t type, void (*fn)(void))
{
	struct callback_register cb = {
		.type = type,
		.address = { .cs = FLAT_KERNEL_CS, .eip = (unsigned long)fn },
	};

	if (HYPERVISOR_callback_op(CALLBACKOP_register, &cb))
		panic("Xen refused callback type %u", type);
}

void xen_register_callbacks(void)
{
	register_callback(CALLBACKTYPE_event, hypervisor_callback);
	register_callback(CALLBACKTYPE_failsafe, failsafe_callback);
}

/*
 * From failsafe_callback: f[0] the saved eax, f[1..4] ds, es, fs, gs as
 * Xen pushed them, then eip, cs, eflags (and esp, ss to ring 3).  bad has
 * bit n set when selector n would not load and entry.S zeroed it.  A
 * return to user mode kills the task (kill_user_segment).  The kernel's
 * own: recover by returning with it null, after saying so; no bad
 * selector means the iret itself faulted: nothing to retry, so panic.
 */
void xen_failsafe(uint32_t *f, unsigned int bad)
{
	static const char *const seg[4] = { "ds", "es", "fs", "gs" };
	int user = (f[6] & 3) == 3;
	unsigned int i;

	xen_failsafe_count++;
	printk(KERN_ERR "Xen failsafe callback: returning to %08x cs %04x eflags %08x%s\n",
	       f[5], f[6] & 0xffff, f[7], user ? " (user mode)" : "");
	/* User mode set what failed: it dies, the kernel goes on. */
	if (user) {
		for (i = 0; i < 4 && !(bad & (1u << i)); i++)
			;
		kill_user_segment(f[5], i < 4 ? seg[i] : NULL);
	}
	if (bad) {
		for (i = 0; i < 4; i++)
			if (bad & (1u << i))
				printk(KERN_ERR "  bad %%%s selector: zeroed\n", seg[i]);
		/* The kernel never loads %fs or %gs for itself: a bad one
		 * here is the interrupted program's, which dies on its way
		 * back to user mode (process_segment_lost). */
		if (bad & 4)
			process_segment_lost("fs");
		if (bad & 8)
			process_segment_lost("gs");
		/* The kernel itself needs flat data segments. */
		if (!user) {
			if (bad & 1)
				f[1] = FLAT_KERNEL_DS;
			if (bad & 2)
				f[2] = FLAT_KERNEL_DS;
		}
		return;
	}
	printk(KERN_EMERG "  ds %04x es %04x fs %04x gs %04x", f[1] & 0xffff, f[2] & 0xffff,
	       f[3] & 0xffff, f[4] & 0xffff);
	if (user)
		printk(KERN_EMERG " esp %08x ss %04x", f[8], f[9] & 0xffff);
	printk(KERN_EMERG "\n");
	panic("failsafe callback: the return to %08x faulted and cannot be retried", f[5]);
}
