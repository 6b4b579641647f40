/*
 * Spinlocks (<xenpv/spinlock.h>).  One vCPU: a lock found held is a
 * deadlock, reported with its holder instead of spinning for ever.
 */
#include <xenpv/kernel.h>
#include <xenpv/spinlock.h>
#include <xenpv/task.h>
#include <kernel/boot.h>

void spin_lock_init(spinlock_t *lock, const char *name)
{
	*lock = (spinlock_t)SPINLOCK_INIT(name);
}

static int try_take(spinlock_t *lock, unsigned long ip)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return 0;
	lock->owner = in_irq() ? NULL : task_current();    /* NULL: an irq handler */
	lock->owner_ip = ip;
	return 1;
}

static const char *who(const void *task)
{
	static char buf[48];

	if (!task)
		return "an irq handler";
	snprintf(buf, sizeof(buf), "task %s", task_name(task));
	return buf;
}

void spin_lock(spinlock_t *lock)
{
	unsigned long ip = (unsigned long)__builtin_return_address(0);
	char at[96], by[96];

	if (try_take(lock, ip))
		return;
	symbol_format(at, sizeof(at), ip, 1);
	symbol_format(by, sizeof(by), lock->owner_ip, 1);
	/* Who wants it, then (the panic line) who holds it. */
	printk(KERN_EMERG "spinlock %s (%p): wanted by %s at %s\n", lock->name ? lock->name : "?",
	       (void *)lock, who(in_irq() ? NULL : task_current()), at);
	panic("spinlock %s (%p) taken twice on one vCPU, a deadlock: held by %s since %s",
	      lock->name ? lock->name : "?", (void *)lock, who(lock->owner), by);
}

int spin_trylock(spinlock_t *lock)
{
	return try_take(lock, (unsigned long)__builtin_return_address(0));
}

void spin_unlock(spinlock_t *lock)
{
	char at[96];

	if (!lock->locked)
		panic("spinlock %s (%p) unlocked at %s, but nobody holds it",
		      lock->name ? lock->name : "?", (void *)lock,
		      symbol_format(at, sizeof(at), (unsigned long)__builtin_return_address(0), 1));
	lock->owner = NULL;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}
