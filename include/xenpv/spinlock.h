/*
 * xenpv/spinlock.h - spinlocks, with irqsave variants for data an irq
 * handler shares with tasks.
 *
 * One vCPU today: tasks switch only where they yield or sleep, so a lock
 * found taken can only be released by code that cannot run until this
 * one stops waiting: taking it is a deadlock, and the kernel panics
 * naming the lock, who holds it and where they took it (e.g. the same
 * task twice, an irq handler taking a lock its task holds without
 * spin_lock_irqsave, a task that slept holding it).  Unlocking a lock
 * nobody holds panics too.  With SMP, spin_lock spins while another vCPU
 * holds the lock and keeps the report for the holder on this vCPU; the
 * rules for callers do not change: never sleep holding a spinlock, and
 * take one an irq handler takes with spin_lock_irqsave.
 */
#ifndef XENPV_SPINLOCK_H
#define XENPV_SPINLOCK_H

#include <xenpv/irq.h>

typedef struct spinlock {
	volatile unsigned int locked;
	const char *name;               /* for the report */
	const void *owner;              /* the holding task ... */
	unsigned long owner_ip;         /* ... and where it took the lock */
} spinlock_t;

#define SPINLOCK_INIT(name) { 0, name, 0, 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = SPINLOCK_INIT(#x)

void spin_lock_init(spinlock_t *lock, const char *name);
void spin_lock(spinlock_t *lock);
/* 1 and taken, or 0 (held already, by anyone: never a report). */
int spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
static inline int spin_is_locked(const spinlock_t *lock) { return lock->locked != 0; }

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
