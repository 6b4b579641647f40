/*
 * Exceptions raised on purpose reach the kernel's handlers through Xen
 * with the right vector and error code; fixups and catch_fault() recover.
 */
#include "guest-test.h"
#include <xenpv/user.h>
#include <kernel/traps.h>
#include <kernel/desc.h>

/* Free GDT slots for the segment-load faults. */
#define SLOT_SS_NP (GDT_ENTRY_FREE_MIN + 6)
#define SLOT_FS_NP (GDT_ENTRY_FREE_MIN + 7)

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
static void raise_db_icebp(void *arg) { asm volatile(".byte 0xf1"); }
/* EFLAGS.TF: #DB after the next instruction (catch_fault clears TF). */
static void raise_db_tf(void *arg)
{
	asm volatile("pushfl; orl $0x100, (%%esp); popfl; nop" ::: "cc", "memory");
}
static void raise_br(void *arg)
{
	static const int32_t bounds[2] = { 0, 10 };

	asm volatile("boundl %0, %1" : : "r"(20), "m"(bounds));
}
static void load_ss(void *arg) { asm volatile("movw %w0, %%ss" : : "r"((uint32_t)(uintptr_t)arg)); }
static void load_fs(void *arg) { asm volatile("movw %w0, %%fs" : : "r"((uint32_t)(uintptr_t)arg)); }
static void fpu_insn(void *arg) { asm volatile("fninit"); }
/* 1.0 / 0.0 with the x87 zero-divide exception unmasked; fwait reports it. */
static void raise_mf(void *arg)
{
	static const uint16_t cw = 0x037f & ~0x4;

	asm volatile("fninit; fldcw %0; fldz; fld1; fdiv %%st(1), %%st; fwait" : : "m"(cw));
}
/* The same with SSE: divss with MXCSR.ZM cleared. */
static void raise_xm(void *arg)
{
	static const uint32_t mxcsr = 0x1f80 & ~0x200, one = 0x3f800000;

	asm volatile("ldmxcsr %1; xorps %%xmm0, %%xmm0; movss %2, %%xmm1; divss %%xmm0, %%xmm1;"
		     "stmxcsr %0" : "=m"(*(uint32_t *)arg) : "m"(mxcsr), "m"(one));
}
static void restore_fpu_state(void)
{
	static const uint32_t mxcsr = 0x1f80;

	asm volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
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

/* Two pages; the second is unmapped while the copies run into it. */
static char copy_pages[2][4096] __attribute__((aligned(4096)));

static void check_copies(void)
{
	static const char src[8] = "abcdefg";
	char dst[8];
	char *hole = copy_pages[1];
	uint64_t pte = *xen_kernel_pte((unsigned long)hole);

	is(copy_from_user(dst, src, sizeof(src)), 0, "copy_from_user of good memory copies everything");
	is_str(dst, "abcdefg", "... and the bytes arrive");
	is(copy_from_user(dst, (void *)0x10, sizeof(dst)), 8, "copy_from_user of NULL+0x10 copies nothing");
	HYPERVISOR_update_va_mapping((unsigned long)hole, 0, UVMF_INVLPG | UVMF_LOCAL);
	memcpy(hole - 4, "wxyz", 4);
	is(copy_from_user(dst, hole - 4, 8), 4, "copy_from_user across into an unmapped page stops at it");
	ok(memcmp(dst, "wxyz\0\0\0\0", 8) == 0, "... with what it read, and zeroes for the rest");
	is(copy_to_user(hole - 2, src, 8), 6, "copy_to_user across into an unmapped page stops at it");
	ok(memcmp(hole - 2, "ab", 2) == 0, "... after writing what fits");
	HYPERVISOR_update_va_mapping((unsigned long)hole, pte, UVMF_INVLPG | UVMF_LOCAL);
}

static int test_traps(void)
{
	struct fault_info fi = { 0 };
	uint32_t v = 0xdeadbeef;
	long ret;

	tap_plan(35);
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

	/* QEMU's TCG has no INT1: icebp is #UD there.  Either is handled. */
	fi.vector = ~0u;
	if (ok(catch_fault(raise_db_icebp, NULL, &fi) &&
	       (fi.vector == X86_TRAP_DB || fi.vector == X86_TRAP_UD),
	       "icebp (int1) is delivered as #1 (debug), or #6 where the CPU lacks INT1 (got #%u)",
	       fi.vector) && fi.vector == X86_TRAP_UD)
		diag("this CPU (an emulator) has no INT1");
	expect(raise_db_tf, NULL, X86_TRAP_DB, -1, "a single step with EFLAGS.TF");
	expect(raise_br, NULL, X86_TRAP_BR, -1, "bound with an index out of range");

	/* Segment loads of not-present descriptors: the error code is the
	 * selector without its RPL. */
	gdt_write(SLOT_SS_NP, pack_descriptor(0, 0xfffff, DESC_DPL(1) | DESC_S | DESC_DATA_RW, DESC_FLAG_G | DESC_FLAG_DB));
	gdt_write(SLOT_FS_NP, pack_descriptor(0, 0xfffff, DESC_DPL(3) | DESC_S | DESC_DATA_RW, DESC_FLAG_G | DESC_FLAG_DB));
	expect(load_ss, (void *)(uintptr_t)GDT_SEL(SLOT_SS_NP, 1), X86_TRAP_SS, GDT_SEL(SLOT_SS_NP, 0),
	       "loading %ss with a not-present segment");
	expect(load_fs, (void *)(uintptr_t)GDT_SEL(SLOT_FS_NP, 3), X86_TRAP_NP, GDT_SEL(SLOT_FS_NP, 0),
	       "loading %fs with a not-present segment");

	/* Lazy FPU: with CR0.TS set the first FPU instruction raises #NM. */
	pv_ops.cpu.set_ts();
	expect(fpu_insn, NULL, X86_TRAP_NM, -1, "fninit with CR0.TS set");
	pv_ops.cpu.set_ts();
	pv_ops.cpu.clts();
	is(catch_fault(fpu_insn, NULL, &fi), 0, "after clts the FPU is usable again");
	expect(raise_mf, NULL, X86_TRAP_MF, -1, "fwait after an unmasked x87 divide by zero");
	restore_fpu_state();
	{
		uint32_t mxcsr = 0;

		/* TCG notes SIMD exceptions in MXCSR but does not raise #XM. */
		int caught = catch_fault(raise_xm, &mxcsr, &fi);

		if (ok((caught && fi.vector == X86_TRAP_XF) || (!caught && (mxcsr & 0x4)),
		       "divss by zero with MXCSR.ZM clear raises #19, or at least sets MXCSR.ZE "
		       "where the CPU does not deliver SIMD exceptions (caught %d, #%u, mxcsr %#x)",
		       caught, caught ? fi.vector : 0, mxcsr) && !caught)
			diag("this CPU (an emulator) flags SIMD exceptions without raising #XM");
		restore_fpu_state();
	}

	check_copies();

	asm volatile("int $0x80" : "=a"(ret) : "a"(0) : "memory");
	is_hex(ret, XENPV_ABI_VERSION, "int 0x80 reaches the system call table");
	asm volatile("int $0x80" : "=a"(ret) : "a"(9999) : "memory");
	is(ret, -38, "an unknown system call number returns -ENOSYS");
	return tap_done();
}
XENPV_MODULE(test_traps, test_traps, NULL);
