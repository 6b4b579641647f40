/*
 * The kernel's GDTs and LDT.  Built here in ordinary memory, then handed
 * to the backend, which makes the pages the CPU's (under Xen: read-only,
 * validated); after that every change goes through a paravirt op.
 * Each vCPU has a GDT of its own (its TLS slots are its running task's,
 * and the GDT_ENTRY_CPU descriptor holds its number); the other entries
 * are the same in all.
 */
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <xenpv/spinlock.h>
#include <kernel/desc.h>
#include <kernel/paravirt.h>
#include <kernel/smp.h>

/* A page each: the hypervisor takes whole frames.  vCPU 0's is static,
 * the others' come from the page allocator at bring-up. */
static uint64_t boot_gdt[512] __attribute__((aligned(4096), section(".bss.page_aligned")));
static uint64_t ldt[LDT_ENTRIES] __attribute__((aligned(4096), section(".bss.page_aligned")));
static uint64_t *gdt_of[NR_CPUS] = { boot_gdt };
static uint64_t tls[NR_CPUS][GDT_TLS_ENTRIES];
static uint64_t *cur_ldt[NR_CPUS];      /* the loaded LDT, NULL for none */
static unsigned int cur_ldt_entries[NR_CPUS];
/* Orders gdt_write's copies against a new vCPU's GDT being copied. */
static DEFINE_SPINLOCK(gdt_lock);

#define THIS smp_processor_id()

static void fill_gdt(uint64_t *gdt, unsigned int cpu)
{
	/* Flat user segments: paging, not segment limits, keeps user code
	 * out of the kernel and of Xen's hole (Xen accepts flat 4 GiB). */
	gdt[GDT_ENTRY_USER_CS] = pack_descriptor(0, 0xfffff, DESC_P | DESC_DPL(3) | DESC_S | DESC_CODE_XR,
						 DESC_FLAG_G | DESC_FLAG_DB);
	gdt[GDT_ENTRY_USER_DS] = pack_descriptor(0, 0xfffff, DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW,
						 DESC_FLAG_G | DESC_FLAG_DB);
	/* smp_processor_id() reads this limit with LSL. */
	gdt[GDT_ENTRY_CPU] = pack_descriptor(0, cpu, DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW, 0);
}

_Static_assert(GDT_SEL(GDT_ENTRY_CPU, 3) == XENPV_CPU_SELECTOR, "xenpv/smp.h names the CPU entry");

void desc_init(void)
{
	fill_gdt(boot_gdt, 0);
	if (pv_ops.cpu.load_gdt(boot_gdt, GDT_ENTRIES))
		panic("the hypervisor refused the GDT");
}

uint64_t *desc_init_cpu(unsigned int cpu)
{
	unsigned long flags;
	uint64_t *gdt;

	if (cpu == 0 || cpu >= NR_CPUS)
		return NULL;
	if (gdt_of[cpu])
		return gdt_of[cpu];     /* a vCPU brought up again keeps its own */
	gdt = alloc_page();
	if (!gdt)
		return NULL;
	spin_lock_irqsave(&gdt_lock, flags);
	memcpy(gdt, boot_gdt, PAGE_SIZE);       /* drivers' entries too */
	memset(&gdt[GDT_ENTRY_TLS_MIN], 0, GDT_TLS_ENTRIES * sizeof(uint64_t));
	fill_gdt(gdt, cpu);
	gdt_of[cpu] = gdt;
	spin_unlock_irqrestore(&gdt_lock, flags);
	return gdt;
}

int gdt_write(unsigned int idx, uint64_t desc)
{
	unsigned long flags;
	unsigned int cpu;
	int rc = 0;

	/* Slot 0 is the null descriptor; TLS slots go through tls_set. */
	if (idx == 0 || idx >= GDT_ENTRIES || idx == GDT_ENTRY_CPU ||
	    (idx >= GDT_ENTRY_TLS_MIN && idx <= GDT_ENTRY_TLS_MAX))
		return -1;
	/* The same entry in every vCPU's GDT: vCPU 0's first, whose refusal
	 * leaves them all unchanged. */
	spin_lock_irqsave(&gdt_lock, flags);
	for (cpu = 0; cpu < NR_CPUS && rc == 0; cpu++)
		if (gdt_of[cpu])
			rc = pv_ops.cpu.write_gdt_entry(gdt_of[cpu], idx, desc);
	spin_unlock_irqrestore(&gdt_lock, flags);
	return rc;
}

uint64_t gdt_read(unsigned int idx)
{
	return idx < GDT_ENTRIES ? gdt_of[THIS][idx] : 0;
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
	unsigned int cpu = THIS;

	if (table == cur_ldt[cpu] && entries == cur_ldt_entries[cpu])
		return 0;
	if (pv_ops.cpu.set_ldt(table, entries))
		return -1;
	cur_ldt[cpu] = entries ? table : NULL;
	cur_ldt_entries[cpu] = entries;
	return 0;
}

uint64_t *ldt_current(unsigned int *entries)
{
	*entries = cur_ldt_entries[THIS];
	return cur_ldt[THIS];
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

	unsigned int cpu = THIS;

	if (n >= GDT_TLS_ENTRIES)
		return -EINVAL;
	old = tls[cpu][n];
	tls[cpu][n] = desc;
	rc = pv_ops.cpu.load_tls(gdt_of[cpu], tls[cpu]);
	if (rc)
		tls[cpu][n] = old;
	return rc;
}

int tls_set(unsigned int n, uint32_t base, uint32_t limit)
{
	return tls_write(n, tls_descriptor(base, limit));
}

void tls_save(uint64_t *out)
{
	memcpy(out, tls[THIS], sizeof(tls[0]));
}

int tls_load(const uint64_t *in)
{
	unsigned int cpu = THIS;

	memcpy(tls[cpu], in, sizeof(tls[0]));
	return pv_ops.cpu.load_tls(gdt_of[cpu], tls[cpu]);
}

uint16_t tls_selector(unsigned int n)
{
	return GDT_SEL(GDT_ENTRY_TLS_MIN + n, 3);
}

void tls_load_gs(unsigned int n)
{
	asm volatile("movw %w0, %%gs" : : "r"(tls_selector(n)));
}
