/*
 * The ELF32 subset the kernel reads: user programs (the checker that
 * turns an image into the list of segments to load) and symbol tables
 * (the kernel's own, for backtraces, and programs').  kernel/core/elf.c,
 * pure logic: unit-tested on the host.
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdint.h>

struct elf32_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct elf32_shdr {
	uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};

struct elf32_sym {
	uint32_t name, value, size;
	unsigned char info, other;
	uint16_t shndx;
};

#define ELF_PT_LOAD   1
#define ELF_PF_X      1
#define ELF_PF_W      2
#define ELF_PF_R      4
#define ELF_SHT_SYMTAB 2
#define ELF_SHT_STRTAB 3
#define ELF_STT_NOTYPE 0
#define ELF_STT_FUNC  2
#define ELF_SHN_UNDEF 0

/* What the checker allows: programs live in [ELF_USER_MIN, ELF_USER_MAX). */
#define ELF_USER_MIN 0x1000UL
#define ELF_MAX_SEGMENTS 8

struct elf_segment {
	uint32_t vaddr, memsz;          /* page-aligned start, bytes to page end */
	uint32_t offset, filesz;        /* file bytes copied to vaddr + skip */
	uint32_t skip;                  /* the segment's offset in its first page */
	uint32_t flags;                 /* ELF_PF_* */
};

struct elf_image {
	uint32_t entry;
	unsigned int nsegs;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	uint32_t end;                   /* page-aligned end of the highest segment */
};

/*
 * Check that image (size bytes) is a loadable program whose segments fit
 * in [ELF_USER_MIN, user_max) and fill *out; 0, or -ENOEXEC with *why
 * naming the reason.  Nothing is trusted: every offset and size is
 * checked against the file and for overflow.
 */
int elf_check(const void *image, unsigned long size, unsigned long user_max,
	      struct elf_image *out, const char **why);

/* An image's symbol table and its names, every offset checked against
 * size: 0, or -1 when it has none (or a damaged one). */
struct elf_symtab {
	const struct elf32_sym *sym;
	unsigned long n;
	const char *names;
	unsigned long names_size;       /* names[names_size - 1] is NUL */
};
int elf_symtab(const void *image, unsigned long size, struct elf_symtab *t);

/* The function symbol of image containing addr: its name and *offset,
 * or NULL (no symbol table, or no symbol there). */
const char *elf_symbol(const void *image, unsigned long size, uint32_t addr, uint32_t *offset);

/* The value of the symbol called name, or 0 (for tests and tools). */
uint32_t elf_symbol_addr(const void *image, unsigned long size, const char *name);

#endif
