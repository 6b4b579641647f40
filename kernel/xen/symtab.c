/*
 * Where Xen put our symbol table.  With XEN_ELFNOTE_BSD_SYMTAB "yes"
 * (head.S), Xen's loader (libelf elf_load_bsdsyms) copies the ELF symbol
 * and string tables right after the image: at the end of the last
 * segment rounded up to 4 bytes, a 32-bit size, then an ELF header whose
 * three section headers (null, SYMTAB, STRTAB) have sh_offset relative
 * to that header.  The size counts from the header to the strings' end.
 * Xen reserves the space: start_info and the rest come after it.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>
#include "backend.h"

extern char _end[];

void xen_find_symtab(unsigned long limit)
{
	unsigned long at = ((unsigned long)_end + 3) & ~3UL;
	const uint32_t *size = (const uint32_t *)at;
	const unsigned char *ehdr = (const unsigned char *)(size + 1);

	/* Nothing there when a loader ignored the note: start_info or the
	 * pagetables would be, and they do not start with an ELF magic. */
	if ((unsigned long)(size + 1) >= limit || memcmp(ehdr, "\177ELF", 4) != 0 ||
	    at + 4 + *size > limit)
		return;
	boot_info.symtab = ehdr;
	boot_info.symtab_size = *size;
}
