/*
 * CPU operations a PV guest cannot do itself: CPUID as Xen's policy sees
 * it, minus what the kernel must not use under Xen; the kernel stack for
 * ring changes; CR0.TS for lazy FPU switching.
 */
#include <xenpv/kernel.h>
#include "hypercall.h"
#include "backend.h"
#include "multicall_batch.h"

/* Xen's own CPUID view: the forced-emulation prefix makes Xen trap and
 * emulate the CPUID that follows, applying the domain's policy. */
void xen_cpuid_raw(uint32_t leaf, uint32_t subleaf, uint32_t *a,
		   uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("ud2a; .ascii \"xen\"; cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "0"(leaf), "2"(subleaf));
}

/*
 * Hidden from the kernel, bit for bit (docs/ARCHITECTURE.md has the list):
 * the hypervisor owns interrupt controllers (APIC, x2APIC, TSC-deadline),
 * firmware and power interfaces (ACPI, thermal monitors, EST, MONITOR/
 * MWAIT), memory typing (MTRR), machine checks (MCE/MCA), the PMU and
 * debug stores (PDCM, DS, PEBS, PT), virtualisation (VMX, SMX, SVM), and
 * the TLB tagging (PCID, INVPCID) that Xen manages for its own flushes.
 */
struct cpuid_mask {
	uint32_t leaf;
	uint8_t reg;                /* 0 eax, 1 ebx, 2 ecx, 3 edx */
	uint32_t hide;
};

#define BIT(n) (1U << (n))
enum { EAX, EBX, ECX, EDX };

static const struct cpuid_mask cpuid_masks[] = {
	/* MCE, APIC, MTRR, MCA, DS, ACPI, TM, PBE */
	{ 1, EDX, BIT(7) | BIT(9) | BIT(12) | BIT(14) | BIT(21) | BIT(22) | BIT(29) | BIT(31) },
	/* DTES64, MONITOR, DS-CPL, VMX, SMX, EST, TM2, PDCM, PCID, DCA,
	 * x2APIC, TSC-deadline */
	{ 1, ECX, BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) |
		  BIT(15) | BIT(17) | BIT(18) | BIT(21) | BIT(24) },
	/* (subleaf 0) INVPCID, RDT monitoring, RDT allocation, Intel PT */
	{ 7, EBX, BIT(10) | BIT(12) | BIT(15) | BIT(25) },
	/* (subleaf 0) WAITPKG (user-mode MWAIT) */
	{ 7, ECX, BIT(5) },
	/* SVM, extended APIC space, IBS, core/NB/LLC perf counters, MONITORX */
	{ 0x80000001, ECX, BIT(2) | BIT(3) | BIT(10) | BIT(23) | BIT(24) | BIT(28) | BIT(29) },
};

/* Whole leaves that only describe hidden features: MONITOR/MWAIT,
 * thermal and power management, the architectural PMU. */
static const uint32_t cpuid_hidden_leaves[] = { 5, 6, 0xa };

void xen_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a, uint32_t *b,
	       uint32_t *c, uint32_t *d)
{
	uint32_t *regs[4] = { a, b, c, d };
	unsigned int i;

	xen_cpuid_raw(leaf, subleaf, a, b, c, d);
	for (i = 0; i < ARRAY_SIZE(cpuid_hidden_leaves); i++)
		if (leaf == cpuid_hidden_leaves[i])
			*a = *b = *c = *d = 0;
	if (leaf == 7 && subleaf != 0)
		return;
	for (i = 0; i < ARRAY_SIZE(cpuid_masks); i++)
		if (cpuid_masks[i].leaf == leaf)
			*regs[cpuid_masks[i].reg] &= ~cpuid_masks[i].hide;
}

/* These three queue on the multicall batch, so that a context switch
 * sends them with the rest (multicall.c). */
int xen_load_sp0(unsigned long sp0)
{
	unsigned long flags = xen_mc_begin();
	struct mc_entry *e = xen_mc_call(__HYPERVISOR_stack_switch, "stack_switch", 0);

	e->args[0] = FLAT_KERNEL_SS;
	e->args[1] = sp0;
	return xen_mc_end(flags);
}

/* No error to return: a refused TS change panics in the report. */
static void fpu_taskswitch(int set)
{
	unsigned long flags = xen_mc_begin();

	xen_mc_call(__HYPERVISOR_fpu_taskswitch, "fpu_taskswitch", MC_FATAL)->args[0] = (unsigned long)set;
	xen_mc_end(flags);
}

void xen_set_ts(void)
{
	fpu_taskswitch(1);
}

void xen_clts(void)
{
	fpu_taskswitch(0);
}
