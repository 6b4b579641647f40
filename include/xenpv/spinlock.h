/*
 * xenpv/spinlock.h - spinlocks, with irqsave variants for data an irq
 * handler shares with tasks.
 *
 * Ticket locks: vCPUs take a lock in the order they asked for it, so
 * none starves under contention.  A vCPU that finds the lock held by
 * another spins; one that finds it held by itself (the same task twice,
 * an irq handler taking a lock its task holds without
 * spin_lock_irqsave, a task that slept holding it and came back on the
 * same vCPU) can never get it, and the kernel panics naming the lock,
 * who wants it, who holds it and since where.  A lock held by another
 * vCPU for longer than xenpv.spin_timeout_ms (5000) is reported the
 * same way, with the holder's vCPU: a hang becomes a readable panic.
 * Unlocking a lock nobody holds panics too.
 *
 * The rules for callers: never sleep holding a spinlock, and take one
 * an irq handler takes with spin_lock_irqsave.
 */
#ifndef XENPV_SPINLOCK_H
#define XENPV_SPINLOCK_H

#include <stdint.h>
#include <xenpv/irq.h>

typedef struct spinlock {
	/* head: the ticket being served; tail: the next one handed out. */
	volatile uint16_t head, tail;
	const char *name;               /* for the report */
	const void *owner;              /* the holding task (NULL: an irq handler) ... */
	unsigned long owner_ip;         /* ... where it took the lock ... */
	unsigned int owner_cpu;         /* ... and on which vCPU, plus one */
} spinlock_t;

#define SPINLOCK_INIT(name) { 0, 0, name, 0, 0, 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = SPINLOCK_INIT(#x)

void spin_lock_init(spinlock_t *lock, const char *name);
void spin_lock(spinlock_t *lock);
/* 1 and taken, or 0 (held already, by anyone: never a report). */
int spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
static inline int spin_is_locked(const spinlock_t *lock) { return lock->head != lock->tail; }

/* Events masked (through pv_ops, <xenpv/irq.h>) while the lock is held;
 * restore gives back the state flags saved. */
#define spin_lock_irqsave(lock, flags) \
	do { (flags) = xenpv_irq_save(); spin_lock(lock); } while (0)
static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	xenpv_irq_restore(flags);
}
/* For callers that know events are enabled: unlock enables them. */
static inline void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	spin_lock(lock);
}
static inline void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
	local_irq_enable();
}

#endif
