/*
 * Exceptions raised on purpose reach the kernel's handlers through Xen
 * with the right vector and error code; fixups and catch_fault() recover.
 */
#include "guest-test.h"
#include <kernel/traps.h>

static void raise_ud(void *arg) { asm volatile("ud2"); }
static void raise_bp(void *arg) { asm volatile("int3"); }
static void raise_of(void *arg) { asm volatile("movl $0x7fffffff, %%eax; addl $1, %%eax; into" ::: "eax", "cc"); }
/* An LDT selector while no LDT is loaded: #GP with the selector as error code. */
static void raise_gp(void *arg) { asm volatile("movw $0x5, %%ax; movw %%ax, %%fs" ::: "eax"); }
static void raise_de(void *arg)
{
	volatile unsigned int zero = 0, one = 1;

	asm volatile("divl %2" : "+a"(one) : "d"(0), "rm"(zero));
}
static void raise_pf_read(void *arg) { (void)*(volatile uint32_t *)arg; }
static void raise_pf_write(void *arg) { *(volatile uint32_t *)arg = 1; }

static void expect(void (*fn)(void *), void *arg, unsigned int vector,
		   long error_code, const char *what)
{
	struct fault_info fi = { 0 };
	int caught = catch_fault(fn, arg, &fi);

	if (!ok(caught && fi.vector == vector, "%s raises #%u (%s)", what, vector, trap_name(vector)))
		diag("caught=%d vector=%u", caught, fi.vector);
	if (error_code >= 0)
		is_hex(fi.error_code, error_code, "%s: error code", what);
}

static int test_traps(void)
{
	struct fault_info fi = { 0 };
	uint32_t v = 0xdeadbeef;
	long ret;

	tap_plan(17);
	expect(raise_de, NULL, X86_TRAP_DE, -1, "divide by zero");
	expect(raise_ud, NULL, X86_TRAP_UD, -1, "ud2");
	expect(raise_bp, NULL, X86_TRAP_BP, -1, "int3");
	expect(raise_of, NULL, X86_TRAP_OF, -1, "into after overflow");
	expect(raise_gp, NULL, X86_TRAP_GP, 0x4, "loading a selector with no LDT");
	expect(raise_pf_read, (void *)0x10, X86_TRAP_PF, 0x0, "read of an unmapped page");
	expect(raise_pf_write, (void *)0x20, X86_TRAP_PF, 0x2, "write to an unmapped page");
	catch_fault(raise_pf_read, (void *)0x1234, &fi);
	is_hex(fi.address, 0x1234, "the page fault reports the faulting address");
	is(catch_fault(raise_pf_read, &v, &fi), 0, "a good read is not a fault");
	is(probe_read_u32((void *)0, &v), -1, "probe_read_u32 of NULL fails through its fixup");
	is(probe_read_u32(&fi.vector, &v), 0, "probe_read_u32 of good memory succeeds");
	is(v, X86_TRAP_PF, "... and reads the value");

	asm volatile("int $0x80" : "=a"(ret) : "a"(0) : "memory");
	is_hex(ret, 0x000100, "int 0x80 reaches the system call table");
	asm volatile("int $0x80" : "=a"(ret) : "a"(9999) : "memory");
	is(ret, -38, "an unknown system call number returns -ENOSYS");
	return tap_done();
}
XENPV_MODULE(test_traps, test_traps, NULL);
