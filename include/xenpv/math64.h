/*
 * xenpv/math64.h - 64-bit by 32-bit division without libgcc: a 32-bit
 * kernel's C division of a uint64_t calls __udivdi3 and friends, some
 * 700 bytes of code; two divl instructions do what the kernel needs
 * (nanoseconds to seconds, printing numbers).
 */
#ifndef XENPV_MATH64_H
#define XENPV_MATH64_H

#include <stdint.h>

/* n / d, with n % d in *rem; d must not be 0. */
static inline uint64_t div_u64_rem(uint64_t n, uint32_t d, uint32_t *rem)
{
#if defined(__i386__)
	uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n, q_hi = hi / d, q_lo;

	/* hi % d < d, so the second quotient fits in 32 bits. */
	__asm__("divl %4" : "=a"(q_lo), "=d"(*rem) : "a"(lo), "d"(hi % d), "rm"(d));
	return (uint64_t)q_hi << 32 | q_lo;
#else
	*rem = (uint32_t)(n % d);
	return n / d;
#endif
}

static inline uint64_t div_u64(uint64_t n, uint32_t d)
{
	uint32_t rem;

	return div_u64_rem(n, d, &rem);
}

#endif
