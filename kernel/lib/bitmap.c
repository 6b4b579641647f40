/*
 * Bitmap searches and ranges for <xenpv/bitops.h>: a word at a time,
 * the bits outside [offset, size) masked off.
 */
#include <xenpv/bitops.h>

/* invert: ~0 to look for clear bits, 0 for set ones. */
static unsigned long find_next(const unsigned long *addr, unsigned long size,
			       unsigned long offset, unsigned long invert)
{
	unsigned long w, bits;

	if (offset >= size)
		return size;
	w = BIT_WORD(offset);
	bits = (addr[w] ^ invert) & (~0UL << (offset % BITS_PER_LONG));
	while (!bits) {
		if (++w >= BITS_TO_LONGS(size))
			return size;
		bits = addr[w] ^ invert;
	}
	offset = w * BITS_PER_LONG + __ffs(bits);
	return offset < size ? offset : size;
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return find_next(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return find_next(addr, size, offset, ~0UL);
}

void bitmap_set(unsigned long *map, unsigned long start, unsigned long n)
{
	for (; n; n--, start++)
		__set_bit(start, map);
}

void bitmap_clear(unsigned long *map, unsigned long start, unsigned long n)
{
	for (; n; n--, start++)
		__clear_bit(start, map);
}

unsigned long bitmap_find_free_run(const unsigned long *map, unsigned long size, unsigned long n)
{
	unsigned long start = find_next_zero_bit(map, size, 0), end;

	while (n && start + n <= size) {
		end = find_next_bit(map, start + n, start);
		if (end == start + n)
			return start;
		start = find_next_zero_bit(map, size, end);
	}
	return size;
}
