/*
 * xenpv/atomic.h - atomic counters: atomic_t (32 bits) and atomic64_t.
 *
 * Every operation is one locked instruction (64 bits: a lock cmpxchg8b
 * loop), so it is atomic against irq handlers on this vCPU, other vCPUs
 * and other domains sharing the memory, and is a full barrier.  Nothing
 * changes with SMP.  The compiler's own __atomic builtins on 8-byte
 * objects also link: the kernel provides the __atomic_*_8 helpers that
 * libgcc leaves to libatomic.
 */
#ifndef XENPV_ATOMIC_H
#define XENPV_ATOMIC_H

#include <stdint.h>

typedef struct { volatile int counter; } atomic_t;
typedef struct { volatile int64_t counter; } atomic64_t;

#define ATOMIC_INIT(i)   { (i) }
#define ATOMIC64_INIT(i) { (i) }

static inline int atomic_read(const atomic_t *v) { return v->counter; }
static inline void atomic_set(atomic_t *v, int i) { v->counter = i; }
/* The value after the operation. */
static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}
static inline int atomic_sub_return(int i, atomic_t *v) { return atomic_add_return(-i, v); }
/* The value before the operation. */
static inline int atomic_fetch_add(int i, atomic_t *v)
{
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
}
static inline void atomic_add(int i, atomic_t *v) { (void)atomic_add_return(i, v); }
static inline void atomic_sub(int i, atomic_t *v) { (void)atomic_add_return(-i, v); }
static inline void atomic_inc(atomic_t *v) { atomic_add(1, v); }
static inline void atomic_dec(atomic_t *v) { atomic_sub(1, v); }
static inline int atomic_inc_return(atomic_t *v) { return atomic_add_return(1, v); }
static inline int atomic_dec_return(atomic_t *v) { return atomic_add_return(-1, v); }
/* 1 if the counter reached 0 (the last reference went). */
static inline int atomic_dec_and_test(atomic_t *v) { return atomic_dec_return(v) == 0; }
static inline int atomic_xchg(atomic_t *v, int new)
{
	return __atomic_exchange_n(&v->counter, new, __ATOMIC_SEQ_CST);
}
/* Store new if the counter holds old; returns what it held. */
static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	__atomic_compare_exchange_n(&v->counter, &old, new, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

/* 64 bits: lock cmpxchg8b, which stores new if *p holds old and returns
 * what *p held (a read is a compare that stores the value seen). */
static inline int64_t xenpv_cmpxchg64(volatile int64_t *p, int64_t old, int64_t new)
{
	int64_t prev;

	__asm__ __volatile__("lock; cmpxchg8b %1"
			     : "=A"(prev), "+m"(*p)
			     : "b"((uint32_t)new), "c"((uint32_t)((uint64_t)new >> 32)), "0"(old)
			     : "memory", "cc");
	return prev;
}

static inline int64_t atomic64_read(const atomic64_t *v)
{
	return xenpv_cmpxchg64((volatile int64_t *)&v->counter, 0, 0);
}
static inline int64_t atomic64_cmpxchg(atomic64_t *v, int64_t old, int64_t new)
{
	return xenpv_cmpxchg64(&v->counter, old, new);
}
static inline int64_t atomic64_xchg(atomic64_t *v, int64_t new)
{
	int64_t old = v->counter, seen;

	while ((seen = xenpv_cmpxchg64(&v->counter, old, new)) != old)
		old = seen;
	return old;
}
static inline void atomic64_set(atomic64_t *v, int64_t i) { (void)atomic64_xchg(v, i); }
static inline int64_t atomic64_fetch_add(int64_t i, atomic64_t *v)
{
	int64_t old = v->counter, seen;

	while ((seen = xenpv_cmpxchg64(&v->counter, old, old + i)) != old)
		old = seen;
	return old;
}
static inline int64_t atomic64_add_return(int64_t i, atomic64_t *v) { return atomic64_fetch_add(i, v) + i; }
static inline int64_t atomic64_sub_return(int64_t i, atomic64_t *v) { return atomic64_add_return(-i, v); }
static inline void atomic64_add(int64_t i, atomic64_t *v) { (void)atomic64_fetch_add(i, v); }
static inline void atomic64_sub(int64_t i, atomic64_t *v) { (void)atomic64_fetch_add(-i, v); }
static inline void atomic64_inc(atomic64_t *v) { atomic64_add(1, v); }
static inline void atomic64_dec(atomic64_t *v) { atomic64_sub(1, v); }
static inline int atomic64_dec_and_test(atomic64_t *v) { return atomic64_sub_return(1, v) == 0; }

#endif
