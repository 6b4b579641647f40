/*
 * The kernel's GDT and LDT.  Built here in ordinary memory, then handed
 * to the backend, which makes the pages the CPU's (under Xen: read-only,
 * validated); after that every change goes through a paravirt op.
 */
#include <xenpv/kernel.h>
#include <kernel/desc.h>
#include <kernel/paravirt.h>

/* A page each: the hypervisor takes whole frames. */
static uint64_t gdt[512] __attribute__((aligned(4096), section(".bss.page_aligned")));
static uint64_t ldt[LDT_ENTRIES] __attribute__((aligned(4096), section(".bss.page_aligned")));
static uint64_t tls[GDT_TLS_ENTRIES];
static int ldt_loaded;

void desc_init(void)
{
	/* Flat user segments: paging, not segment limits, keeps user code
	 * out of the kernel and of Xen's hole (Xen accepts flat 4 GiB). */
	gdt[GDT_ENTRY_USER_CS] = pack_descriptor(0, 0xfffff, DESC_P | DESC_DPL(3) | DESC_S | DESC_CODE_XR,
						 DESC_FLAG_G | DESC_FLAG_DB);
	gdt[GDT_ENTRY_USER_DS] = pack_descriptor(0, 0xfffff, DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW,
						 DESC_FLAG_G | DESC_FLAG_DB);
	if (pv_ops.cpu.load_gdt(gdt, GDT_ENTRIES))
		panic("the hypervisor refused the GDT");
}

int gdt_write(unsigned int idx, uint64_t desc)
{
	/* Slot 0 is the null descriptor; TLS slots go through tls_set. */
	if (idx == 0 || idx >= GDT_ENTRIES ||
	    (idx >= GDT_ENTRY_TLS_MIN && idx <= GDT_ENTRY_TLS_MAX))
		return -1;
	return pv_ops.cpu.write_gdt_entry(gdt, idx, desc);
}

uint64_t gdt_read(unsigned int idx)
{
	return idx < GDT_ENTRIES ? gdt[idx] : 0;
}

int ldt_write(unsigned int idx, uint64_t desc)
{
	if (idx >= LDT_ENTRIES)
		return -1;
	if (!ldt_loaded) {
		/* set_ldt takes the page over: write before, never after. */
		if (pv_ops.cpu.set_ldt(ldt, LDT_ENTRIES))
			return -1;
		ldt_loaded = 1;
	}
	return pv_ops.cpu.write_ldt_entry(ldt, idx, desc);
}

uint64_t ldt_read(unsigned int idx)
{
	return idx < LDT_ENTRIES ? ldt[idx] : 0;
}

int tls_set(unsigned int n, uint32_t base, uint32_t limit)
{
	uint8_t flags = DESC_FLAG_DB;
	uint64_t old;
	int rc;

	if (n >= GDT_TLS_ENTRIES)
		return -1;
	if (limit > 0xfffff) {
		flags |= DESC_FLAG_G;
		limit >>= 12;
	}
	old = tls[n];
	tls[n] = pack_descriptor(base, limit, DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW, flags);
	rc = pv_ops.cpu.load_tls(gdt, tls);
	if (rc)
		tls[n] = old;
	return rc;
}

uint16_t tls_selector(unsigned int n)
{
	return GDT_SEL(GDT_ENTRY_TLS_MIN + n, 3);
}

void tls_load_gs(unsigned int n)
{
	asm volatile("movw %w0, %%gs" : : "r"(tls_selector(n)));
}
