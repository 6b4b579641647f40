/*
 * Per-CPU state the hypervisor must be told about: the descriptor tables
 * and the stack exceptions from user mode arrive on.  Runs once, right
 * after the trap table is loaded (so that a mistake here oopses cleanly).
 */
#include <xenpv/kernel.h>
#include <kernel/desc.h>
#include <kernel/paravirt.h>

extern char boot_stack_top[];

void cpu_init(void)
{
	desc_init();
	if (pv_ops.cpu.load_sp0((unsigned long)boot_stack_top))
		panic("the hypervisor refused the kernel stack");
}
