/*
 * Ticket spinlocks (<xenpv/spinlock.h>).  A lock held on this vCPU can
 * never be released while we spin: that is a deadlock, reported with its
 * holder.  A lock another vCPU holds is spun on, giving the physical CPU
 * back to Xen now and then (the holder's vCPU may be waiting for it),
 * and reported if it stays held past xenpv.spin_timeout_ms.
 */
#include <xenpv/kernel.h>
#include <xenpv/spinlock.h>
#include <xenpv/param.h>
#include <xenpv/smp.h>
#include <xenpv/task.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>

/* Spins between two looks at the clock (and a yield to Xen). */
#define SPINS_PER_CHECK 512

static unsigned int spin_timeout_ms = 5000;
XENPV_PARAM(xenpv, spin_timeout_ms, uint, &spin_timeout_ms, 10, 600000,
	    "how long a spinlock may stay held by another vCPU before the kernel panics, naming the holder");

static unsigned long contended;

void spin_lock_init(spinlock_t *lock, const char *name)
{
	*lock = (spinlock_t)SPINLOCK_INIT(name);
}

static void set_owner(spinlock_t *lock, unsigned long ip)
{
	lock->owner = in_irq() ? NULL : task_current();    /* NULL: an irq handler */
	lock->owner_ip = ip;
	lock->owner_cpu = smp_processor_id() + 1;
}

static const char *who(const void *task, char *buf, size_t len)
{
	if (!task)
		return "an irq handler";
	snprintf(buf, len, "task %s", task_name(task));
	return buf;
}

static void __noreturn report(spinlock_t *lock, unsigned long ip, int same_cpu)
{
	char at[96], by[96], me[48], holder[48];
	unsigned int cpu = lock->owner_cpu;

	symbol_format(at, sizeof(at), ip, 1);
	symbol_format(by, sizeof(by), lock->owner_ip, 1);
	/* Who wants it, then (the panic line) who holds it. */
	printk(KERN_EMERG "spinlock %s (%p): wanted by %s on vCPU %u at %s\n", lock->name ? lock->name : "?",
	       (void *)lock, who(in_irq() ? NULL : task_current(), me, sizeof(me)), smp_processor_id(), at);
	if (same_cpu)
		panic("spinlock %s (%p) taken twice on one vCPU, a deadlock: held by %s since %s",
		      lock->name ? lock->name : "?", (void *)lock, who(lock->owner, holder, sizeof(holder)), by);
	panic("spinlock %s (%p) held for more than %u ms by %s on vCPU %d since %s",
	      lock->name ? lock->name : "?", (void *)lock, spin_timeout_ms,
	      who(lock->owner, holder, sizeof(holder)), (int)cpu - 1, by);
}

void spin_lock(spinlock_t *lock)
{
	unsigned long ip = (unsigned long)__builtin_return_address(0);
	uint16_t ticket = __atomic_fetch_add(&lock->tail, 1, __ATOMIC_ACQUIRE);
	uint64_t deadline = 0;
	unsigned int spins = 0;

	if (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) == ticket) {
		set_owner(lock, ip);
		return;
	}
	contended++;
	for (;;) {
		/* Ours or not, the holder's vCPU is in owner_cpu once it has
		 * the lock; ours means no spin can ever end. */
		if (lock->owner_cpu == smp_processor_id() + 1 && lock->head != ticket)
			report(lock, ip, 1);
		if (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) == ticket)
			break;
		asm volatile("pause" ::: "memory");
		if (++spins % SPINS_PER_CHECK)
			continue;
		if (!deadline)
			deadline = xenpv_clock_ns() + spin_timeout_ms * 1000000ULL;
		else if (xenpv_clock_ns() > deadline)
			report(lock, ip, 0);
		if (pv_ops.irq.halt)
			pv_ops.irq.halt();      /* the holder may be waiting for a CPU */
	}
	set_owner(lock, ip);
}

int spin_trylock(spinlock_t *lock)
{
	uint16_t head = lock->head;
	/* Take the next ticket only if it would be served at once. */
	uint32_t old = (uint32_t)head | ((uint32_t)head << 16);
	uint32_t new = (uint32_t)head | ((uint32_t)(uint16_t)(head + 1) << 16);

	_Static_assert(__builtin_offsetof(spinlock_t, tail) == 2, "head and tail share one word");
	if (!__atomic_compare_exchange_n((uint32_t *)(void *)lock, &old, new, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;
	set_owner(lock, (unsigned long)__builtin_return_address(0));
	return 1;
}

void spin_unlock(spinlock_t *lock)
{
	char at[96];

	if (!spin_is_locked(lock))
		panic("spinlock %s (%p) unlocked at %s, but nobody holds it",
		      lock->name ? lock->name : "?", (void *)lock,
		      symbol_format(at, sizeof(at), (unsigned long)__builtin_return_address(0), 1));
	lock->owner = NULL;
	lock->owner_cpu = 0;
	__atomic_store_n(&lock->head, (uint16_t)(lock->head + 1), __ATOMIC_RELEASE);
}

unsigned long spin_contended(void)
{
	return contended;
}
