/*
 * xenpv/barrier.h - compiler and memory barriers, and READ_ONCE/WRITE_ONCE.
 *
 * x86 keeps loads in order with loads and stores with stores (TSO), so
 * rmb/wmb only stop the compiler; mb also orders a store before a later
 * load, the one reordering x86 does, with a locked instruction.  The
 * smp_* forms order accesses between this kernel's vCPUs the same way,
 * and the plain ones between us and other domains (shared rings, Xen's
 * shared info).
 */
#ifndef XENPV_BARRIER_H
#define XENPV_BARRIER_H

/* The compiler may not move memory accesses across it. */
#define barrier() __asm__ __volatile__("" ::: "memory")

/* Full barrier: every access before it is visible before any after it. */
#define mb()  __asm__ __volatile__("lock; addl $0,0(%%esp)" ::: "memory", "cc")
#define rmb() barrier()
#define wmb() barrier()

#define smp_mb()  mb()
#define smp_rmb() rmb()
#define smp_wmb() wmb()

/* One access, exactly once, of an object of 1, 2 or 4 bytes (a 64-bit
 * object needs <xenpv/atomic.h>'s atomic64_t to be read in one piece). */
#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif
