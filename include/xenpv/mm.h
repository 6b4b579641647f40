/*
 * xenpv/mm.h - memory for modules: pages, small objects, stacks, and the
 * pseudo-physical <-> machine translation that Xen drivers need.
 *
 * Every allocator returns NULL when memory runs out.  Freeing something
 * twice, or something the allocator never handed out, is reported on the
 * console (naming the pointer) and refused with -EINVAL; it never
 * corrupts the allocator.
 */
#ifndef XENPV_MM_H
#define XENPV_MM_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define MAX_ORDER  10                   /* largest block: 2^10 pages, 4MB */

#include <xenpv/errno.h>

#define INVALID_P2M_ENTRY (~0UL)

/* 2^order contiguous pseudo-physical pages, page-aligned, in the direct map. */
void *alloc_pages(unsigned int order);
void *alloc_page(void);
/* Free a block alloc_pages handed out.  Anything else (a kmalloc slab or
 * large object, a page inside a block, a freed block) is refused with
 * -EINVAL and a message naming the caller. */
int free_pages(void *addr);
unsigned long nr_free_pages(void);

/* Small objects (8..2048 bytes from slabs), larger ones from whole pages. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
int kfree(void *p);                     /* kfree(NULL) is a no-op */

/* Virtually contiguous memory with an unmapped guard page below it. */
void *vmalloc(size_t size);
int vfree(void *addr);
#define KERNEL_STACK_SIZE (4 * PAGE_SIZE)
/* A kernel stack: returns its top (the initial stack pointer). */
void *alloc_stack(void);
int free_stack(void *top);

/* Pseudo-physical addresses.  The direct map starts at PAGE_OFFSET with
 * pseudo-physical 0: __pa and __va translate its addresses (pages,
 * kmalloc objects, static data) by arithmetic alone, nothing checked.
 * virt_to_phys checks, and covers vmalloc memory too, a page at a time
 * (contiguous only virtually): INVALID_PHYS_ADDR when none of our pages
 * is behind the address (a guard page, vm_reserve space, a foreign frame
 * mapped there).  phys_to_virt gives NULL beyond our memory. */
#define PAGE_OFFSET 0xC0000000UL
#define __pa(vaddr) ((unsigned long)(vaddr) - PAGE_OFFSET)
#define __va(paddr) ((void *)((unsigned long)(paddr) + PAGE_OFFSET))
#define INVALID_PHYS_ADDR (~0UL)
unsigned long virt_to_phys(const void *vaddr);
void *phys_to_virt(unsigned long paddr);
/* The pfn behind a vmalloc address, or INVALID_P2M_ENTRY. */
unsigned long vmalloc_to_pfn(const void *vaddr);

/* Frames.  A frame number that is not ours gives INVALID_P2M_ENTRY. */
unsigned long pfn_to_mfn(unsigned long pfn);
unsigned long mfn_to_pfn(unsigned long mfn);
/* The machine frame behind a direct-map address. */
unsigned long virt_to_mfn(const void *vaddr);
/* Direct-map addresses only; machine_to_virt gives NULL for a foreign frame. */
uint64_t virt_to_machine(const void *vaddr);
void *machine_to_virt(uint64_t maddr);

/* TLB maintenance for the current address space. */
void flush_tlb(void);
void flush_tlb_one(unsigned long va);

#endif
