/*
 * Segment descriptors: the kernel's GDT layout, the LDT and the TLS slots.
 *
 * Kernel code and data keep using the hypervisor's flat selectors
 * (KERNEL_CS/KERNEL_DS, in Xen's reserved part of the GDT); the kernel's
 * own GDT holds the user segments, three TLS slots and slots for drivers.
 */
#ifndef KERNEL_DESC_H
#define KERNEL_DESC_H

#include <stdint.h>

/* Xen's FLAT_KERNEL_CS/DS (ring 1); valid whatever GDT is loaded. */
#define KERNEL_CS 0xe019
#define KERNEL_DS 0xe021

/* GDT layout, in entries (as Linux i386 numbers them). */
#define GDT_ENTRY_TLS_MIN   6
#define GDT_TLS_ENTRIES     3
#define GDT_ENTRY_TLS_MAX   (GDT_ENTRY_TLS_MIN + GDT_TLS_ENTRIES - 1)
#define GDT_ENTRY_CPU       13      /* limit: the vCPU's number (kernel/smp.h) */
#define GDT_ENTRY_USER_CS   14
#define GDT_ENTRY_USER_DS   15
#define GDT_ENTRY_FREE_MIN  16      /* 16..GDT_ENTRIES-1: for drivers, tests */
#define GDT_ENTRIES         32
#define LDT_ENTRIES         512     /* one page */

#define SEL_LDT  4                  /* table indicator */
#define GDT_SEL(idx, rpl) ((uint16_t)(((idx) << 3) | (rpl)))
#define LDT_SEL(idx, rpl) ((uint16_t)(((idx) << 3) | SEL_LDT | (rpl)))
#define USER_CS GDT_SEL(GDT_ENTRY_USER_CS, 3)
#define USER_DS GDT_SEL(GDT_ENTRY_USER_DS, 3)

/* The access byte (bits 40-47) and flags nibble (bits 52-55). */
#define DESC_P          0x80
#define DESC_DPL(d)     (((d) & 3) << 5)
#define DESC_S          0x10        /* code or data, not a system segment */
#define DESC_CODE_XR    0x0a        /* execute/read */
#define DESC_DATA_RW    0x02        /* read/write, expand-up */
#define DESC_CALL_GATE  0x0c        /* system types (S clear) */
#define DESC_TSS32      0x09
#define DESC_FLAG_G     0x8         /* limit in pages */
#define DESC_FLAG_DB    0x4         /* 32-bit */
#define DESC_FLAG_L     0x2         /* 64-bit code */

static inline uint64_t pack_descriptor(uint32_t base, uint32_t limit,
				       uint8_t access, uint8_t flags)
{
	uint32_t lo = (limit & 0xffff) | (base << 16);
	uint32_t hi = ((base >> 16) & 0xff) | ((uint32_t)access << 8) |
		      (limit & 0xf0000) | ((uint32_t)(flags & 0xf) << 20) |
		      (base & 0xff000000);

	return ((uint64_t)hi << 32) | lo;
}

/* A call gate to selector:offset, callable from ring dpl. */
static inline uint64_t pack_call_gate(uint16_t sel, uint32_t offset, int dpl)
{
	uint32_t lo = (offset & 0xffff) | ((uint32_t)sel << 16);
	uint32_t hi = (offset & 0xffff0000) | ((uint32_t)(DESC_P | DESC_DPL(dpl) | DESC_CALL_GATE) << 8);

	return ((uint64_t)hi << 32) | lo;
}

static inline unsigned int desc_dpl(uint64_t desc)
{
	return (unsigned int)(desc >> 45) & 3;
}

/* Build and load the GDT, hand over the kernel stack (kernel/core/cpu.c). */
void cpu_init(void);
void desc_init(void);
/* vCPU cpu's own GDT (not loaded: its boot context names it), or NULL. */
uint64_t *desc_init_cpu(unsigned int cpu);

/* Write or read one entry (a write changes every vCPU's GDT, a read
 * this vCPU's); writes return 0, or non-zero when the index is not the
 * kernel's to change or the hypervisor refuses the descriptor (the
 * entry then keeps its old value). */
int gdt_write(unsigned int idx, uint64_t desc);
uint64_t gdt_read(unsigned int idx);
/* The kernel's LDT: a write also makes it the loaded LDT. */
int ldt_write(unsigned int idx, uint64_t desc);
uint64_t ldt_read(unsigned int idx);
/* Load another LDT (a read-only page of entries descriptors; NULL, 0:
 * none) unless it is loaded already; which one is loaded. */
int ldt_load(uint64_t *table, unsigned int entries);
uint64_t *ldt_current(unsigned int *entries);

/* Thread-local storage: TLS slot n (0..GDT_TLS_ENTRIES-1) becomes a
 * ring-3 data segment of base and limit (bytes, inclusive); tls_load_gs
 * loads its selector into %gs. */
int tls_set(unsigned int n, uint32_t base, uint32_t limit);
/* Slot n's descriptor as given (0: empty); -EINVAL for no such slot. */
int tls_write(unsigned int n, uint64_t desc);
uint64_t tls_descriptor(uint32_t base, uint32_t limit);
/* All the slots at once, as a context switch saves and restores them. */
void tls_save(uint64_t *out);
int tls_load(const uint64_t *in);
uint16_t tls_selector(unsigned int n);
void tls_load_gs(unsigned int n);

#endif
