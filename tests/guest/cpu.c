/*
 * The CPU side of the paravirt seam on real Xen: GDT, LDT and TLS entries
 * written through update_descriptor and used through selectors; the
 * descriptors Xen refuses; the CPUID mask; TLB flushes and cr3 loads.
 */
#include "guest-test.h"
#include <xenpv/user.h>
#include <kernel/desc.h>
#include <kernel/traps.h>

#define SLOT_DATA   GDT_ENTRY_FREE_MIN
#define SLOT_REFUSE (GDT_ENTRY_FREE_MIN + 1)

static void load_fs(uint16_t sel)
{
	asm volatile("movw %w0, %%fs" : : "r"(sel));
}

static void read_fs_at(void *arg) { (void)read_fs((uint32_t)(uintptr_t)arg); }

/* A ring-3 data segment of 8 bytes over *base. */
static uint64_t small_data(const void *base)
{
	return pack_descriptor((uint32_t)(uintptr_t)base, 7,
			       DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW, DESC_FLAG_DB);
}

static void check_gdt(void)
{
	static uint32_t cell[2] = { 0x600dcafe, 0x12345678 };
	uint64_t d = small_data(cell);
	struct fault_info fi = { 0 };

	is(gdt_write(SLOT_DATA, d), 0, "a data segment is written into the GDT");
	is_hex(gdt_read(SLOT_DATA), d, "... and reads back as written");
	load_fs(GDT_SEL(SLOT_DATA, 3));
	is_hex(read_fs(4), 0x12345678, "a load through its selector reads from its base");
	/* QEMU's TCG does not check data segment limits. */
	fi.vector = ~0u;
	if (ok(!catch_fault(read_fs_at, (void *)8, &fi) || fi.vector == X86_TRAP_GP,
	       "an access beyond the limit raises #GP, or reads on where the CPU ignores limits") &&
	    fi.vector != X86_TRAP_GP)
		diag("this CPU (an emulator) does not check segment limits");
	load_fs(0);
	ok(gdt_write(0, d) != 0 && gdt_write(GDT_ENTRY_TLS_MIN, d) != 0 &&
	   gdt_write(GDT_ENTRIES, d) != 0,
	   "the null slot, TLS slots and slots beyond the GDT are not writable");
	is_hex(gdt_read(GDT_ENTRY_USER_CS) >> 40 & 0xff, DESC_P | DESC_DPL(3) | DESC_S | DESC_CODE_XR,
	       "the user code segment is a present DPL 3 code segment");
}

/* Descriptors Xen must refuse: the call fails, the entry is unchanged and
 * the kernel goes on. */
static void check_refused(void)
{
	uint64_t before, dpl0, tss, code64, gate;
	int rc;

	is(gdt_write(SLOT_REFUSE, 0), 0, "a null descriptor is accepted");
	before = gdt_read(SLOT_REFUSE);
	tss = pack_descriptor(0x1000, 0x67, DESC_P | DESC_TSS32, 0);
	code64 = pack_descriptor(0, 0xfffff, DESC_P | DESC_DPL(1) | DESC_S | DESC_CODE_XR, DESC_FLAG_G | DESC_FLAG_L);
	gate = pack_call_gate(0xe008, 0x1000, 3);   /* into Xen's own ring-0 code */
	ok(gdt_write(SLOT_REFUSE, tss) != 0, "a TSS descriptor is refused");
	ok(gdt_write(SLOT_REFUSE, code64) != 0, "a 64-bit code segment is refused");
	ok(gdt_write(SLOT_REFUSE, gate) != 0, "a call gate into Xen's code selector is refused");
	is_hex(gdt_read(SLOT_REFUSE), before, "refused writes leave the entry unchanged");

	/* Xen does not refuse a DPL 0 code segment: it raises the DPL to
	 * the guest kernel's ring.  Either way no ring-0 segment appears. */
	dpl0 = pack_descriptor(0, 0xfffff, DESC_P | DESC_DPL(0) | DESC_S | DESC_CODE_XR, DESC_FLAG_G | DESC_FLAG_DB);
	rc = gdt_write(SLOT_REFUSE, dpl0);
	diag("DPL 0 code segment: update_descriptor returned %d, entry now %#llx (DPL %u)", rc,
	     (unsigned long long)gdt_read(SLOT_REFUSE), desc_dpl(gdt_read(SLOT_REFUSE)));
	ok(rc != 0 || desc_dpl(gdt_read(SLOT_REFUSE)) != 0, "a DPL 0 code segment never lands as DPL 0");
	gdt_write(SLOT_REFUSE, 0);
}

static void check_ldt(void)
{
	static uint32_t cell[2] = { 0x1d71d7, 0xfeedf00d };
	uint64_t d = small_data(cell);

	is(ldt_write(3, d), 0, "an LDT entry is written (the LDT is loaded with MMUEXT_SET_LDT)");
	is_hex(ldt_read(3), d, "... and reads back as written");
	load_fs(LDT_SEL(3, 3));
	is_hex(read_fs(4), 0xfeedf00d, "a load through an LDT selector reads from its base");
	load_fs(0);
	ok(ldt_write(4, pack_descriptor(0x1000, 0x67, DESC_P | DESC_TSS32, 0)) != 0,
	   "a TSS descriptor is refused in the LDT too");
}

static void check_tls(void)
{
	static uint32_t a[2] = { 0xaaaa0001, 0xaaaa0002 }, c[2] = { 0xcccc0001, 0xcccc0002 };
	uint16_t gs;

	is(tls_set(0, (uint32_t)(uintptr_t)a, 7), 0, "TLS slot 0 is set");
	is(tls_set(2, (uint32_t)(uintptr_t)c, 7), 0, "TLS slot 2 is set");
	is_hex(gdt_read(GDT_ENTRY_TLS_MIN), small_data(a), "TLS slot 0 is GDT entry %d", GDT_ENTRY_TLS_MIN);
	tls_load_gs(0);
	asm volatile("movw %%gs, %w0" : "=r"(gs));
	is_hex(gs, tls_selector(0), "%%gs holds the TLS selector");
	is_hex(read_gs(4), 0xaaaa0002, "a %%gs-relative load reads slot 0's base");
	tls_load_gs(2);
	is_hex(read_gs(0), 0xcccc0001, "after switching %%gs, slot 2's base");
	is(tls_set(GDT_TLS_ENTRIES, 0, 0), -EINVAL, "there are %d TLS slots", GDT_TLS_ENTRIES);
	asm volatile("movw %w0, %%gs" : : "r"(0));
}

/* Bits the mask must hide: leaf, register (0 eax .. 3 edx), bits. */
static const struct { uint32_t leaf; unsigned int reg; uint32_t bits; const char *what; } hidden[] = {
	{ 1, 3, 1U << 9, "APIC" },
	{ 1, 3, 1U << 22, "ACPI" },
	{ 1, 3, 1U << 12, "MTRR" },
	{ 1, 3, (1U << 7) | (1U << 14), "MCE/MCA" },
	{ 1, 3, 1U << 21, "DS" },
	{ 1, 2, 1U << 21, "x2APIC" },
	{ 1, 2, 1U << 3, "MONITOR/MWAIT" },
	{ 1, 2, 1U << 24, "TSC-deadline" },
	{ 1, 2, 1U << 17, "PCID" },
	{ 1, 2, 1U << 5, "VMX" },
	{ 1, 2, 1U << 15, "PDCM (perf capabilities)" },
	{ 7, 1, 1U << 10, "INVPCID" },
	{ 0x80000001, 2, 1U << 2, "SVM" },
	{ 0xa, 0, ~0U, "architectural PMU (leaf 0xa)" },
};

static void check_cpuid(void)
{
	uint32_t max, r[4], raw[4], dummy;
	unsigned int i, leaked = 0, raw_set = 0;

	pv_ops.cpu.cpuid(0, 0, &max, &dummy, &dummy, &dummy);
	for (i = 0; i < ARRAY_SIZE(hidden); i++) {
		if (hidden[i].leaf < 0x80000000 && hidden[i].leaf > max)
			continue;
		pv_ops.cpu.cpuid(hidden[i].leaf, 0, &r[0], &r[1], &r[2], &r[3]);
		xen_cpuid_raw(hidden[i].leaf, 0, &raw[0], &raw[1], &raw[2], &raw[3]);
		if (r[hidden[i].reg] & hidden[i].bits) {
			diag("%s still visible through pv_ops.cpu.cpuid", hidden[i].what);
			leaked++;
		}
		if (raw[hidden[i].reg] & hidden[i].bits) {
			diag("Xen's CPUID shows %s: the mask hides it", hidden[i].what);
			raw_set++;
		}
	}
	is(leaked, 0, "the CPUID op hides APIC, ACPI, MTRR, MCE, x2APIC, MWAIT, PCID, VMX/SVM, PMU...");
	diag("Xen's own CPUID shows %u of the masked features on this CPU", raw_set);
	pv_ops.cpu.cpuid(1, 0, &r[0], &r[1], &r[2], &r[3]);
	ok(r[3] & (1U << 0), "the FPU bit survives the mask");
}

/* Two pages with different contents; "a" is remapped onto b's frame. */
static uint32_t page_a[1024] __attribute__((aligned(4096)));
static uint32_t page_b[1024] __attribute__((aligned(4096)));

static void check_tlb(void)
{
	unsigned long va = (unsigned long)page_a;
	volatile uint32_t *pa = page_a;
	uint64_t old, remap;
	unsigned long mfn_b = virt_to_mfn(page_b);
	const uint64_t *pte = xen_kernel_pte(va);

	if (!ok(pte != NULL, "the PTE of a .bss page is found by walking the pagetables")) {
		tap_skip(5, "no PTE");
		return;
	}
	page_a[0] = 0xaaaaaaaa;
	page_b[0] = 0xbbbbbbbb;
	old = *pte;
	(void)*pa;  /* the old translation is in the TLB now */
	remap = (old & ~0x000ffffffffff000ULL) | ((uint64_t)mfn_b << PAGE_SHIFT);
	is(HYPERVISOR_update_va_mapping(va, remap, UVMF_NONE), 0, "the page is remapped without a flush");
	diag("before the flush the page reads %#x", *pa);
	pv_ops.mmu.flush_tlb_one(va);
	is_hex(*pa, 0xbbbbbbbb, "after flush_tlb_one it shows the new frame");
	HYPERVISOR_update_va_mapping(va, old, UVMF_NONE);
	pv_ops.mmu.flush_tlb();
	is_hex(*pa, 0xaaaaaaaa, "after flush_tlb the old frame is back");
	/* mm_switch panics if Xen refuses MMUEXT_NEW_BASEPTR. */
	mm_switch(current_mm());
	ok(current_mm() == &init_mm, "reloading cr3 with MMUEXT_NEW_BASEPTR keeps init_mm current");
	is_hex(*pa, 0xaaaaaaaa, "... and memory reads the same after it");
}

/*
 * A round trip through ring 3: the user code makes a system call, pushes
 * the result and executes ud2; catch_fault brings us back.  Both traps
 * arrive on the stack handed to Xen with load_sp0 (not the boot stack
 * we run on), where the ring-3 frame can be read afterwards.
 */
#define _PAGE_USER 0x004ULL
static uint8_t user_code[4096] __attribute__((aligned(4096)));
static uint32_t user_stack[1024] __attribute__((aligned(4096)));
static uint32_t ring_stack[2048] __attribute__((aligned(4096)));

static const uint8_t user_blob[] = {
	0x31, 0xc0,             /* xor %eax, %eax: system call 0 */
	0xcd, 0x80,             /* int $0x80 */
	0x50,                   /* push %eax */
	0x0f, 0x0b,             /* ud2 */
};
#define USER_UD2_OFFSET 5

/* .bss is NX: the code page must also become executable. */
static int map_user(void *va, int exec)
{
	const uint64_t *pte = xen_kernel_pte((unsigned long)va);
	uint64_t val;

	if (!pte)
		return -1;
	val = *pte | _PAGE_USER;
	if (exec)
		val &= ~_PAGE_NX;
	return HYPERVISOR_update_va_mapping((unsigned long)va, val, UVMF_INVLPG | UVMF_LOCAL);
}

static void enter_user(void *arg)
{
	asm volatile("pushl %0; pushl %1; pushl $0x202; pushl %2; pushl %3; iret"
		     : : "i"(USER_DS), "r"(&user_stack[1024]), "i"(USER_CS), "r"(user_code)
		     : "memory");
}

static void check_user_mode(void)
{
	extern char boot_stack_top[];
	struct fault_info fi = { 0 };
	int caught;

	memcpy(user_code, user_blob, sizeof(user_blob));
	if (!ok(map_user(user_code, 1) == 0 && map_user(user_stack, 0) == 0,
		"a code and a stack page are made user-accessible")) {
		tap_skip(5, "no user pages");
		return;
	}
	is(pv_ops.cpu.load_sp0((unsigned long)&ring_stack[2048]), 0,
	   "stack_switch takes a separate ring-change stack");
	caught = catch_fault(enter_user, NULL, &fi);
	if (!ok(caught && fi.vector == X86_TRAP_UD && fi.eip == (unsigned long)user_code + USER_UD2_OFFSET,
		"ring 3 runs until its ud2, which is caught"))
		diag("caught=%d vector=%u eip=%#lx error=%#lx address=%#lx", caught, fi.vector,
		     fi.eip, fi.error_code, fi.address);
	is_hex(user_stack[1023], XENPV_ABI_VERSION, "int 0x80 (DPL 3) from ring 3 returned the system call's result");
	ok(ring_stack[2047] == USER_DS && ring_stack[2046] == (uint32_t)(uintptr_t)&user_stack[1023] &&
	   (ring_stack[2044] & 0xffff) == USER_CS,   /* Xen keeps the saved upcall mask above */
	   "the exception frame from ring 3 is on the load_sp0 stack (ss %#x esp %#x cs %#x)",
	   ring_stack[2047], ring_stack[2046], ring_stack[2044]);
	is(pv_ops.cpu.load_sp0((unsigned long)boot_stack_top), 0, "stack_switch takes the boot stack back");
}

static int test_cpu(void)
{
	tap_plan(37);
	check_gdt();
	check_refused();
	check_ldt();
	check_tls();
	check_cpuid();
	check_tlb();
	check_user_mode();
	return tap_done();
}
XENPV_MODULE(test_cpu, test_cpu, NULL);
