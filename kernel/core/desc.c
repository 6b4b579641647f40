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
static uint64_t *cur_ldt;           /* the loaded LDT, NULL for none */
static unsigned int cur_ldt_entries;

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
	/* set_ldt takes the page over: write before, never after. */
	if (ldt_load(ldt, LDT_ENTRIES))
		return -1;
	return pv_ops.cpu.write_ldt_entry(ldt, idx, desc);
}

int ldt_load(uint64_t *table, unsigned int entries)
{
	if (table == cur_ldt && entries == cur_ldt_entries)
		return 0;
	if (pv_ops.cpu.set_ldt(table, entries))
		return -1;
	cur_ldt = entries ? table : NULL;
	cur_ldt_entries = entries;
	return 0;
}

uint64_t *ldt_current(unsigned int *entries)
{
	*entries = cur_ldt_entries;
	return cur_ldt;
}

uint64_t ldt_read(unsigned int idx)
{
	return idx < LDT_ENTRIES ? ldt[idx] : 0;
}

uint64_t tls_descriptor(uint32_t base, uint32_t limit)
{
	uint8_t flags = DESC_FLAG_DB;

	if (limit > 0xfffff) {
		flags |= DESC_FLAG_G;
		limit >>= 12;
	}
	return pack_descriptor(base, limit, DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW, flags);
}

int tls_write(unsigned int n, uint64_t desc)
{
	uint64_t old;
	int rc;

	if (n >= GDT_TLS_ENTRIES)
		return -EINVAL;
	old = tls[n];
	tls[n] = desc;
	rc = pv_ops.cpu.load_tls(gdt, tls);
	if (rc)
		tls[n] = old;
	return rc;
}

int tls_set(unsigned int n, uint32_t base, uint32_t limit)
{
	return tls_write(n, tls_descriptor(base, limit));
}

void tls_save(uint64_t *out)
{
	memcpy(out, tls, sizeof(tls));
}

int tls_load(const uint64_t *in)
{
	memcpy(tls, in, sizeof(tls));
	return pv_ops.cpu.load_tls(gdt, tls);
}

uint16_t tls_selector(unsigned int n)
{
	return GDT_SEL(GDT_ENTRY_TLS_MIN + n, 3);
}

void tls_load_gs(unsigned int n)
{
	asm volatile("movw %w0, %%gs" : : "r"(tls_selector(n)));
}
