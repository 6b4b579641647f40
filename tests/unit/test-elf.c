/*
 * The ELF checker for user programs (kernel/core/elf.c) on images built
 * here: a good one is described exactly (page-aligned spans, the offset
 * in the first page, file and memory sizes), and every bad field, every
 * overflow of offset + size or address + size, is refused with -ENOEXEC
 * and a reason.  Symbol lookups on a hand-made symbol table.
 */
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include "unit-tap.h"
#include <xenpv/errno.h>
#include <kernel/elf.h>

#define USER_MAX 0xbff00000UL

struct image {
	struct elf32_ehdr h;
	struct elf32_phdr ph[3];
	unsigned char body[0x3000];
};

/* Text at 0x08049000 (file 0x1000, 0x100 bytes, RX), data at 0x0804a010
 * (file 0x2010, 0x20 bytes, 0x1000 in memory: bss, RW), a GNU_STACK. */
static void good(struct image *im)
{
	static const unsigned char ident[8] = { 0x7f, 'E', 'L', 'F', 1, 1, 1, 0 };

	memset(im, 0, sizeof(*im));
	memcpy(im->h.ident, ident, sizeof(ident));
	im->h.type = 2;
	im->h.machine = 3;
	im->h.version = 1;
	im->h.entry = 0x08049010;
	im->h.phoff = offsetof(struct image, ph);
	im->h.phentsize = sizeof(struct elf32_phdr);
	im->h.phnum = 3;
	im->ph[0] = (struct elf32_phdr){ ELF_PT_LOAD, 0x1000, 0x08049000, 0, 0x100, 0x100, ELF_PF_R | ELF_PF_X, 0x1000 };
	im->ph[1] = (struct elf32_phdr){ ELF_PT_LOAD, 0x2010, 0x0804a010, 0, 0x20, 0x1000, ELF_PF_R | ELF_PF_W, 0x1000 };
	im->ph[2] = (struct elf32_phdr){ 0x6474e551, 0, 0, 0, 0, 0, ELF_PF_R | ELF_PF_W, 16 };
}

static int check(struct image *im, unsigned long size, const char **why)
{
	struct elf_image out;

	*why = NULL;
	return elf_check(im, size, USER_MAX, &out, why);
}

static void refused(const char *what, void (*mutate)(struct image *, unsigned long *))
{
	struct image *im = malloc(sizeof(*im));
	unsigned long size = sizeof(*im);
	const char *why;
	int rc;

	good(im);
	mutate(im, &size);
	rc = check(im, size, &why);
	UNIT_OK(rc == -ENOEXEC && why && *why, "%s is refused (%s)", what, why ? why : "no reason");
	free(im);
}

static void m_short(struct image *im, unsigned long *size) { *size = 20; }
static void m_magic(struct image *im, unsigned long *size) { im->h.ident[1] = 'X'; }
static void m_class(struct image *im, unsigned long *size) { im->h.ident[4] = 2; }
static void m_endian(struct image *im, unsigned long *size) { im->h.ident[5] = 2; }
static void m_machine(struct image *im, unsigned long *size) { im->h.machine = 62; }
static void m_dyn(struct image *im, unsigned long *size) { im->h.type = 3; }
static void m_phnum0(struct image *im, unsigned long *size) { im->h.phnum = 0; }
static void m_phoff(struct image *im, unsigned long *size) { im->h.phoff = 0xfffffff0; }
static void m_phnum_big(struct image *im, unsigned long *size) { im->h.phnum = 0xffff; }
static void m_filesz(struct image *im, unsigned long *size) { im->ph[0].filesz = 0x200; }
static void m_off_wrap(struct image *im, unsigned long *size) { im->ph[0].offset = 0xfffff000; im->ph[0].filesz = 0x2000; im->ph[0].memsz = 0x2000; }
static void m_past_end(struct image *im, unsigned long *size) { *size = 0x2020; }
static void m_wx(struct image *im, unsigned long *size) { im->ph[1].flags |= ELF_PF_X; }
static void m_low(struct image *im, unsigned long *size) { im->ph[0].vaddr = 0x0; im->ph[0].offset = 0; }
static void m_high(struct image *im, unsigned long *size) { im->ph[1].vaddr = USER_MAX - 0x10; im->ph[1].offset = 0x2ff0; }
static void m_va_wrap(struct image *im, unsigned long *size) { im->ph[1].memsz = 0xfffffff0; }
static void m_overlap(struct image *im, unsigned long *size) { im->ph[1].vaddr = 0x08049010; im->ph[1].offset = 0x2010; }
static void m_misaligned(struct image *im, unsigned long *size) { im->ph[1].vaddr = 0x0804a020; }
static void m_entry(struct image *im, unsigned long *size) { im->h.entry = 0x0804a010; }
static void m_noload(struct image *im, unsigned long *size) { im->ph[0].type = 4; im->ph[1].type = 4; }

/* A symbol table: .symtab (link 2) and .strtab after the body. */
struct symimage {
	struct image im;
	struct elf32_shdr sh[3];
	struct elf32_sym sym[3];
	char str[32];
};

int main(void)
{
	static struct symimage s;
	struct image *im = &s.im;
	struct elf_image out;
	const char *why = NULL, *name;
	uint32_t off = 0;

	good(im);
	UNIT_OK(elf_check(im, sizeof(*im), USER_MAX, &out, &why) == 0, "a good image passes (%s)", why ? why : "");
	UNIT_OK(out.nsegs == 2 && out.entry == 0x08049010, "two loadable segments (GNU_STACK skipped), the entry");
	UNIT_OK(out.seg[0].vaddr == 0x08049000 && out.seg[0].memsz == 0x1000 && out.seg[0].skip == 0 &&
		out.seg[0].filesz == 0x100 && out.seg[0].flags == (ELF_PF_R | ELF_PF_X), "text: one page, 0x100 file bytes, RX");
	UNIT_OK(out.seg[1].vaddr == 0x0804a000 && out.seg[1].memsz == 0x2000 && out.seg[1].skip == 0x10 &&
		out.seg[1].offset == 0x2010 && out.seg[1].filesz == 0x20, "data: starts 0x10 into its page, its bss spans two pages");
	UNIT_OK(out.end == 0x0804c000, "the break starts after the highest segment (%#x)", out.end);

	refused("a file shorter than the header", m_short);
	refused("a bad magic", m_magic);
	refused("ELFCLASS64", m_class);
	refused("big-endian", m_endian);
	refused("machine x86-64", m_machine);
	refused("ET_DYN", m_dyn);
	refused("no program headers", m_phnum0);
	refused("program headers past the end (offset overflow)", m_phoff);
	refused("65535 program headers", m_phnum_big);
	refused("filesz > memsz", m_filesz);
	refused("offset + filesz wrapping around", m_off_wrap);
	refused("a segment past the end of the file", m_past_end);
	refused("a writable and executable segment", m_wx);
	refused("a segment at page 0", m_low);
	refused("a segment reaching the kernel's part", m_high);
	refused("vaddr + memsz wrapping around", m_va_wrap);
	refused("overlapping segments", m_overlap);
	refused("address and offset disagreeing within a page", m_misaligned);
	refused("an entry in a data segment", m_entry);
	refused("no loadable segment", m_noload);

	/* Symbols: f at 0x08049010 (size 0x20), v (an object) at 0x0804a010. */
	good(im);
	im->h.shoff = offsetof(struct symimage, sh);
	im->h.shentsize = sizeof(struct elf32_shdr);
	im->h.shnum = 3;
	memcpy(s.str, "\0f\0v\0", 5);
	s.sym[1] = (struct elf32_sym){ 1, 0x08049010, 0x20, ELF_STT_FUNC, 0, 1 };
	s.sym[2] = (struct elf32_sym){ 3, 0x0804a010, 4, 1, 0, 2 };
	s.sh[1] = (struct elf32_shdr){ 0, ELF_SHT_SYMTAB, 0, 0, offsetof(struct symimage, sym), sizeof(s.sym), 2, 0, 4, sizeof(struct elf32_sym) };
	s.sh[2] = (struct elf32_shdr){ 0, 3, 0, 0, offsetof(struct symimage, str), sizeof(s.str), 0, 0, 1, 0 };
	name = elf_symbol(&s, sizeof(s), 0x08049018, &off);
	UNIT_OK(name && strcmp(name, "f") == 0 && off == 8, "an address inside f is f+0x8");
	UNIT_OK(elf_symbol(&s, sizeof(s), 0x08049030, &off) == NULL, "the first byte after f is no symbol");
	UNIT_OK(elf_symbol_addr(&s, sizeof(s), "v") == 0x0804a010 && elf_symbol_addr(&s, sizeof(s), "w") == 0,
		"v is found by name, w is not");
	s.sh[1].size = 0x7fffffff;
	UNIT_OK(elf_symbol(&s, sizeof(s), 0x08049018, &off) == NULL, "a symbol table running past the file is ignored");
	return UNIT_DONE();
}
