/*
 * The ELF checker for user programs.  A program is refused whole, before
 * anything is loaded, so a bad image never leaves half an address space.
 */
#include <stddef.h>
#include <xenpv/kernel.h>
#include <xenpv/errno.h>
#include <kernel/elf.h>

#define PAGE 4096u
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))

static int fits(unsigned long size, uint32_t off, uint32_t len)
{
	return off <= size && len <= size - off;
}

#define REFUSE(msg) do { *why = (msg); return -ENOEXEC; } while (0)

static int check_header(const struct elf32_ehdr *h, unsigned long size, const char **why)
{
	static const unsigned char magic[7] = { 0x7f, 'E', 'L', 'F', 1 /* 32-bit */, 1 /* LE */, 1 };
	unsigned int i;

	if (size < sizeof(*h))
		REFUSE("truncated: shorter than an ELF header");
	for (i = 0; i < sizeof(magic); i++)
		if (h->ident[i] != magic[i])
			REFUSE(i < 4 ? "not an ELF file" : i == 4 ? "not 32-bit ELF (wrong class)" :
			       i == 5 ? "not little-endian" : "unknown ELF version");
	if (h->machine != 3)
		REFUSE("not an i386 program (wrong machine)");
	if (h->type != 2)
		REFUSE("not an executable (ET_EXEC): link it -static -no-pie");
	if (h->phentsize != sizeof(struct elf32_phdr) || h->phnum == 0)
		REFUSE("no program headers");
	if (!fits(size, h->phoff, (uint32_t)h->phnum * sizeof(struct elf32_phdr)))
		REFUSE("truncated: program headers beyond the end of the file");
	return 0;
}

static int overlaps(const struct elf_image *img, const struct elf_segment *s)
{
	unsigned int i;

	for (i = 0; i < img->nsegs; i++) {
		const struct elf_segment *o = &img->seg[i];

		if (s->vaddr < o->vaddr + o->memsz && o->vaddr < s->vaddr + s->memsz)
			return 1;
	}
	return 0;
}

int elf_check(const void *image, unsigned long size, unsigned long user_max,
	      struct elf_image *out, const char **why)
{
	const struct elf32_ehdr *h = image;
	const struct elf32_phdr *ph;
	unsigned int i, entry_ok = 0;
	int rc;

	out->nsegs = 0;
	out->end = 0;
	rc = check_header(h, size, why);
	if (rc)
		return rc;
	ph = (const struct elf32_phdr *)((const unsigned char *)image + h->phoff);
	for (i = 0; i < h->phnum; i++) {
		struct elf_segment s;
		uint32_t end;

		if (ph[i].type != ELF_PT_LOAD || ph[i].memsz == 0)
			continue;       /* notes, GNU_STACK, ...: nothing to map */
		if (out->nsegs == ELF_MAX_SEGMENTS)
			REFUSE("too many loadable segments");
		if (ph[i].filesz > ph[i].memsz)
			REFUSE("a segment's file size exceeds its memory size");
		if (!fits(size, ph[i].offset, ph[i].filesz))
			REFUSE("truncated: a segment runs beyond the end of the file");
		if ((ph[i].flags & ELF_PF_W) && (ph[i].flags & ELF_PF_X))
			REFUSE("a segment is both writable and executable");
		if (ph[i].vaddr < ELF_USER_MIN || ph[i].memsz > user_max ||
		    ph[i].vaddr > user_max - ph[i].memsz)
			REFUSE("a segment lies outside the user half (0x1000 up to the kernel)");
		if ((ph[i].vaddr ^ ph[i].offset) & (PAGE - 1))
			REFUSE("a segment's address and file offset disagree within a page");
		end = ph[i].vaddr + ph[i].memsz;
		s.vaddr = PAGE_DOWN(ph[i].vaddr);
		s.skip = ph[i].vaddr - s.vaddr;
		s.memsz = ((end + PAGE - 1) & ~(PAGE - 1)) - s.vaddr;
		s.offset = ph[i].offset;
		s.filesz = ph[i].filesz;
		s.flags = ph[i].flags;
		if (overlaps(out, &s))
			REFUSE("two segments overlap");
		if (h->entry >= ph[i].vaddr && h->entry < end && (s.flags & ELF_PF_X))
			entry_ok = 1;
		out->seg[out->nsegs++] = s;
		if (s.vaddr + s.memsz > out->end)
			out->end = s.vaddr + s.memsz;
	}
	if (out->nsegs == 0)
		REFUSE("no loadable segment");
	if (!entry_ok)
		REFUSE("the entry point is not in an executable segment");
	out->entry = h->entry;
	return 0;
}

static const struct elf32_shdr *section(const void *image, unsigned long size, unsigned int i)
{
	const struct elf32_ehdr *h = image;

	if (h->shentsize != sizeof(struct elf32_shdr) || i >= h->shnum ||
	    !fits(size, h->shoff, (uint32_t)h->shnum * sizeof(struct elf32_shdr)))
		return NULL;
	return (const struct elf32_shdr *)((const unsigned char *)image + h->shoff) + i;
}

int elf_symtab(const void *image, unsigned long size, struct elf_symtab *t)
{
	const struct elf32_ehdr *h = image;
	const struct elf32_shdr *sh, *str;
	unsigned int i;

	if (size < sizeof(*h) || memcmp(h->ident, "\177ELF", 4) != 0 || h->ident[4] != 1)
		return -1;
	for (i = 1; i < h->shnum; i++) {
		sh = section(image, size, i);
		if (!sh || sh->type != ELF_SHT_SYMTAB)
			continue;
		str = section(image, size, sh->link);
		if (!str || str->type != ELF_SHT_STRTAB || !fits(size, sh->offset, sh->size) ||
		    !fits(size, str->offset, str->size) || str->size == 0 ||
		    ((const char *)image)[str->offset + str->size - 1] != '\0')
			return -1;
		t->sym = (const struct elf32_sym *)((const unsigned char *)image + sh->offset);
		t->n = sh->size / sizeof(*t->sym);
		t->names = (const char *)image + str->offset;
		t->names_size = str->size;
		return 0;
	}
	return -1;
}

const char *elf_symbol(const void *image, unsigned long size, uint32_t addr, uint32_t *offset)
{
	const struct elf32_sym *best = NULL;
	struct elf_symtab t;
	unsigned long i;

	if (elf_symtab(image, size, &t))
		return NULL;
	for (i = 0; i < t.n; i++) {
		const struct elf32_sym *s = &t.sym[i];

		if ((s->info & 0xf) != ELF_STT_FUNC || s->value > addr || s->name >= t.names_size)
			continue;
		if (addr - s->value >= (s->size ? s->size : 1))
			continue;
		if (!best || s->value > best->value)
			best = s;
	}
	if (!best)
		return NULL;
	*offset = addr - best->value;
	return t.names + best->name;
}

uint32_t elf_symbol_addr(const void *image, unsigned long size, const char *name)
{
	struct elf_symtab t;
	unsigned long i;

	if (elf_symtab(image, size, &t))
		return 0;
	for (i = 0; i < t.n; i++)
		if (t.sym[i].name < t.names_size && strcmp(t.names + t.sym[i].name, name) == 0)
			return t.sym[i].value;
	return 0;
}
