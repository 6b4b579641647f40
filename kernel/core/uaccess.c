/*
 * Copies to or from memory that may not be mapped: rep movsb under an
 * exception fixup.  A fault leaves the count of bytes not yet copied in
 * ecx, and the fixup simply resumes after the copy with it.
 */
#include <xenpv/kernel.h>
#include <kernel/traps.h>

static unsigned long copy_with_fixup(void *dst, const void *src, unsigned long n)
{
	asm volatile("1: rep movsb\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+c"(n), "+D"(dst), "+S"(src) : : "memory");
	return n;
}

unsigned long copy_from_user(void *dst, const void *src, unsigned long n)
{
	unsigned long left = copy_with_fixup(dst, src, n);

	/* Like Linux: what could not be read reads as zeroes. */
	memset((char *)dst + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void *dst, const void *src, unsigned long n)
{
	return copy_with_fixup(dst, src, n);
}
