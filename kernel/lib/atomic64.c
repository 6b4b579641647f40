/*
 * The 8-byte __atomic helpers GCC calls on i386 instead of inlining them
 * (libatomic's, which a freestanding link lacks), on lock cmpxchg8b.
 * Every one is sequentially consistent whatever model it is asked for.
 * Named through asm labels: GCC knows the builtins' own prototypes.
 */
#include <stdint.h>
#include <xenpv/atomic.h>

#define HELPER(name) __asm__("__atomic_" #name "_8")

uint64_t atomic_load_8(const volatile void *p, int model) HELPER(load);
void atomic_store_8(volatile void *p, uint64_t v, int model) HELPER(store);
uint64_t atomic_exchange_8(volatile void *p, uint64_t v, int model) HELPER(exchange);
_Bool atomic_compare_exchange_8(volatile void *p, void *expected, uint64_t desired,
				int success, int failure) HELPER(compare_exchange);

uint64_t atomic_load_8(const volatile void *p, int model)
{
	return (uint64_t)xenpv_cmpxchg64((volatile int64_t *)p, 0, 0);
}

uint64_t atomic_exchange_8(volatile void *p, uint64_t v, int model)
{
	return (uint64_t)atomic64_xchg((atomic64_t *)p, (int64_t)v);
}

void atomic_store_8(volatile void *p, uint64_t v, int model)
{
	(void)atomic_exchange_8(p, v, model);
}

_Bool atomic_compare_exchange_8(volatile void *p, void *expected, uint64_t desired,
				int success, int failure)
{
	int64_t want = *(int64_t *)expected;
	int64_t seen = xenpv_cmpxchg64(p, want, (int64_t)desired);

	*(int64_t *)expected = seen;
	return seen == want;
}

/* fetch_OP returns the old value, OP_fetch the new one. */
#define FETCH_OP(op, expr)                                                      \
	uint64_t atomic_fetch_##op##_8(volatile void *p, uint64_t v, int m) HELPER(fetch_##op); \
	uint64_t atomic_##op##_fetch_8(volatile void *p, uint64_t v, int m) HELPER(op##_fetch); \
	uint64_t atomic_fetch_##op##_8(volatile void *p, uint64_t v, int m)     \
	{                                                                       \
		volatile int64_t *q = p;                                        \
		uint64_t old = (uint64_t)*q, seen;                              \
									        \
		while ((seen = (uint64_t)xenpv_cmpxchg64(q, (int64_t)old, (int64_t)(expr))) != old) \
			old = seen;                                             \
		return old;                                                     \
	}                                                                       \
	uint64_t atomic_##op##_fetch_8(volatile void *p, uint64_t v, int m)     \
	{                                                                       \
		uint64_t old = atomic_fetch_##op##_8(p, v, m);                  \
									        \
		(void)old;                                                      \
		return (expr);                                                  \
	}

FETCH_OP(add, old + v)
FETCH_OP(sub, old - v)
FETCH_OP(and, old & v)
FETCH_OP(or, old | v)
FETCH_OP(xor, old ^ v)
FETCH_OP(nand, ~(old & v))
