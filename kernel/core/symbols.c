/*
 * Text addresses to "function+0xoff/0xsize", from the ELF symbol table
 * the backend found at boot (boot_info.symtab).  Read lazily and checked
 * against its size on every use, since an oops may be caused by the very
 * memory corruption that damaged it.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>
#include <kernel/elf.h>

extern char _text[], _etext[];

static int is_function(const struct elf32_sym *s)
{
	return (s->info & 0xf) == ELF_STT_FUNC;
}

static int is_text_symbol(const struct elf32_sym *s)
{
	unsigned int type = s->info & 0xf;

	return (type == ELF_STT_FUNC || type == ELF_STT_NOTYPE) && s->shndx != ELF_SHN_UNDEF &&
	       s->name != 0 && s->value >= (unsigned long)_text && s->value < (unsigned long)_etext;
}

const char *symbol_format(char *buf, size_t len, unsigned long addr, int is_return)
{
	struct elf_symtab t;
	const struct elf32_sym *best = NULL;
	unsigned long i, next = (unsigned long)_etext, size;

	snprintf(buf, len, "%08lx", addr);
	/* The call that a return address follows may end its function (a
	 * noreturn call): look up the call, print the return address. */
	addr -= is_return ? 1 : 0;
	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext ||
	    elf_symtab(boot_info.symtab, boot_info.symtab_size, &t))
		return buf;
	for (i = 0; i < t.n; i++) {
		const struct elf32_sym *s = &t.sym[i];

		if (!is_text_symbol(s) || s->name >= t.names_size)
			continue;
		/* At one address a function beats a label (a section's start). */
		if (s->value <= addr && (!best || s->value > best->value ||
					 (s->value == best->value && is_function(s) && !is_function(best))))
			best = s;
		else if (s->value > addr && s->value < next)
			next = s->value;
	}
	if (!best)
		return buf;
	/* Assembly labels have no size: they run to the next symbol. */
	size = best->size ? best->size : next - best->value;
	snprintf(buf, len, "%.*s+0x%lx/0x%lx", (int)strnlen(t.names + best->name, t.names_size - best->name),
		 t.names + best->name, addr - best->value + (is_return ? 1 : 0), size);
	return buf;
}
