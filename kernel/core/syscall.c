/*
 * System calls through the int 0x80 gate.  The table is small: it grows
 * with the features that user tasks need.
 */
#include <xenpv/kernel.h>
#include <kernel/traps.h>


typedef long (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

/* 0: the kernel's version, so a caller can probe that the gate works. */
static long sys_xenpv_version(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e)
{
	return 0x000100;
}

static const syscall_fn syscall_table[] = {
	sys_xenpv_version,
};

void do_syscall(struct pt_regs *regs)
{
	uint32_t nr = regs->eax;

	if (nr >= ARRAY_SIZE(syscall_table) || !syscall_table[nr]) {
		regs->eax = (uint32_t)-ENOSYS;
		return;
	}
	regs->eax = (uint32_t)syscall_table[nr](regs->ebx, regs->ecx, regs->edx,
						regs->esi, regs->edi);
}
