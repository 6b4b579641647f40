/*
 * xenpv/bitops.h - bit operations on bitmaps of unsigned longs (32 bits
 * here), in Linux's shape: bit nr of addr, lowest first.
 *
 * set_bit, clear_bit, change_bit and the test_and_* forms are one locked
 * instruction: atomic against irq handlers, other vCPUs and other domains
 * (Xen's shared event bitmaps), and full barriers.  The __ forms are not
 * atomic: for bitmaps only one context touches at a time (a lock held,
 * events masked).  Nothing changes with SMP.  The find_* functions read
 * the map without locking: the caller keeps it still.
 */
#ifndef XENPV_BITOPS_H
#define XENPV_BITOPS_H

#define BITS_PER_LONG        (8 * (int)sizeof(unsigned long))
#define BIT(nr)              (1UL << (nr))
#define BIT_WORD(nr)         ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)         (1UL << ((nr) % BITS_PER_LONG))
#define BITS_TO_LONGS(nbits) (((nbits) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, nbits) unsigned long name[BITS_TO_LONGS(nbits)]

static inline void set_bit(unsigned int nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST);
}
static inline void clear_bit(unsigned int nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST);
}
static inline void change_bit(unsigned int nr, volatile unsigned long *addr)
{
	__atomic_fetch_xor(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST);
}
/* The bit's old value, 0 or 1. */
static inline int test_and_set_bit(unsigned int nr, volatile unsigned long *addr)
{
	return (__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST) & BIT_MASK(nr)) != 0;
}
static inline int test_and_clear_bit(unsigned int nr, volatile unsigned long *addr)
{
	return (__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST) & BIT_MASK(nr)) != 0;
}

static inline void __set_bit(unsigned int nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}
static inline void __clear_bit(unsigned int nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}
static inline int test_bit(unsigned int nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

/* Lowest set bit of a non-zero word; __fls: the highest. */
static inline unsigned int __ffs(unsigned long word) { return (unsigned int)__builtin_ctzl(word); }
static inline unsigned int __fls(unsigned long word)
{
	return (unsigned int)(BITS_PER_LONG - 1 - __builtin_clzl(word));
}
/* 1-based, 0 for no bit set (as POSIX ffs). */
static inline int ffs(int x) { return __builtin_ffs(x); }
static inline int fls(unsigned int x) { return x ? 32 - __builtin_clz(x) : 0; }
static inline unsigned int hweight_long(unsigned long w) { return (unsigned int)__builtin_popcountl(w); }

/* The first set (or clear) bit at or after offset, below size; size when
 * there is none (offset >= size included). */
unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size, unsigned long offset);
static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}
static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

/* Set or clear bits start .. start + n - 1 (not atomic). */
void bitmap_set(unsigned long *map, unsigned long start, unsigned long n);
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long n);
/* The first run of n clear bits below size, or size. */
unsigned long bitmap_find_free_run(const unsigned long *map, unsigned long size, unsigned long n);

#define for_each_set_bit(bit, addr, size)                      \
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

#endif
