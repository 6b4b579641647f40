/*
 * Text addresses to "function+0xoff/0xsize", from the ELF symbol table
 * the backend found at boot (boot_info.symtab).  Read lazily and checked
 * against its size on every use, since an oops may be caused by the very
 * memory corruption that damaged it.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>

/* The few ELF32 pieces we read. */
struct elf32_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_shdr {
	uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};

struct elf32_sym {
	uint32_t name, value, size;
	unsigned char info, other;
	uint16_t shndx;
};

#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define STT_NOTYPE 0
#define STT_FUNC 2
#define SHN_UNDEF 0

extern char _text[], _etext[];

struct symtab {
	const struct elf32_sym *syms;
	unsigned long nsyms;
	const char *strs;
	unsigned long strsize;
};

/* Section i, if its contents lie inside the blob. */
static const struct elf32_shdr *section(const struct elf32_ehdr *eh, unsigned int i)
{
	const char *base = (const char *)eh;
	const struct elf32_shdr *sh;

	if (i >= eh->shnum || eh->shentsize != sizeof(*sh) ||
	    eh->shoff + (i + 1) * sizeof(*sh) > boot_info.symtab_size)
		return NULL;
	sh = (const struct elf32_shdr *)(base + eh->shoff) + i;
	if (sh->offset > boot_info.symtab_size || sh->size > boot_info.symtab_size - sh->offset)
		return NULL;
	return sh;
}

static int find_symtab(struct symtab *t)
{
	const struct elf32_ehdr *eh = boot_info.symtab;
	const struct elf32_shdr *sh, *str;
	unsigned int i;

	if (!eh || boot_info.symtab_size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) != 0 ||
	    eh->ident[4] != 1 /* ELFCLASS32 */)
		return -1;
	for (i = 1; i < eh->shnum; i++) {
		sh = section(eh, i);
		if (!sh || sh->type != SHT_SYMTAB)
			continue;
		str = section(eh, sh->link);
		if (!str || str->type != SHT_STRTAB || str->size == 0)
			return -1;
		t->syms = (const struct elf32_sym *)((const char *)eh + sh->offset);
		t->nsyms = sh->size / sizeof(struct elf32_sym);
		t->strs = (const char *)eh + str->offset;
		t->strsize = str->size;
		return 0;
	}
	return -1;
}

static int is_text_symbol(const struct elf32_sym *s)
{
	unsigned int type = s->info & 0xf;

	return (type == STT_FUNC || type == STT_NOTYPE) && s->shndx != SHN_UNDEF &&
	       s->name != 0 && s->value >= (unsigned long)_text && s->value < (unsigned long)_etext;
}

const char *symbol_format(char *buf, size_t len, unsigned long addr, int is_return)
{
	struct symtab t;
	const struct elf32_sym *best = NULL;
	unsigned long i, next = (unsigned long)_etext, size;

	snprintf(buf, len, "%08lx", addr);
	/* The call that a return address follows may end its function (a
	 * noreturn call): look up the call, print the return address. */
	addr -= is_return ? 1 : 0;
	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext || find_symtab(&t))
		return buf;
	for (i = 0; i < t.nsyms; i++) {
		const struct elf32_sym *s = &t.syms[i];

		if (!is_text_symbol(s) || s->name >= t.strsize)
			continue;
		if (s->value <= addr && (!best || s->value > best->value))
			best = s;
		else if (s->value > addr && s->value < next)
			next = s->value;
	}
	if (!best)
		return buf;
	/* Assembly labels have no size: they run to the next symbol. */
	size = best->size ? best->size : next - best->value;
	snprintf(buf, len, "%.*s+0x%lx/0x%lx", (int)strnlen(t.strs + best->name, t.strsize - best->name),
		 t.strs + best->name, addr - best->value + (is_return ? 1 : 0), size);
	return buf;
}
