/*
 * A kernel that makes Xen's own return to it fault: HYPERVISOR_iret to a
 * code segment that is not present.  Old Xen entered the failsafe
 * callback here; Xen 4.17 reflects the fault to the guest as #NP at the
 * target instead.  bad-iret.sh beside it checks that either way the
 * kernel reports it readably (a failsafe report, or an oops) and stops.
 */
#include "../guest/guest-test.h"
#include <kernel/desc.h>

#define SLOT_CS_NP (GDT_ENTRY_FREE_MIN + 10)

void failsafe_target(void);
asm(".text\nfailsafe_target:\n  ud2\n");

static int failsafe_init(void)
{
	if (gdt_write(SLOT_CS_NP, pack_descriptor(0, 0xfffff, DESC_DPL(1) | DESC_S | DESC_CODE_XR,
						  DESC_FLAG_G | DESC_FLAG_DB)))
		return 1;
	printk("bad-iret kernel: iret through Xen to %04x:%p, a not-present segment\n",
	       GDT_SEL(SLOT_CS_NP, 1), (void *)failsafe_target);
	/* The iret stub pushes eax itself: the frame is eax, eip, cs, eflags. */
	asm volatile("pushfl\n"
		     "pushl %0\n"
		     "pushl $failsafe_target\n"
		     "jmp hypercall_page + (" __HC_XSTR(__HYPERVISOR_iret) " * 32)\n"
		     : : "i"(GDT_SEL(SLOT_CS_NP, 1)) : "memory");
	return 1;
}
XENPV_MODULE(bad_iret, failsafe_init, NULL);
