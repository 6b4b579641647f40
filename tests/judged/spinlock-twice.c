/*
 * A kernel that deadlocks on purpose: its task holds a spinlock with
 * events enabled (spin_lock, not spin_lock_irqsave) and a timer function
 * takes the same lock.  On one vCPU the holder cannot run again until
 * the handler stops waiting, so the kernel must panic naming the lock,
 * the irq handler that wants it and the task that holds it, not spin in
 * silence.  spinlock-twice.sh beside it checks the report in both roles.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/spinlock.h>
#include <xenpv/time.h>

static DEFINE_SPINLOCK(shared_lock);
static struct xenpv_timer timer;

static void take_it_too(void *arg)
{
	spin_lock(&shared_lock);
	printk("spinlock-twice: the timer function took the lock its task holds\n");
	spin_unlock(&shared_lock);
}

static int spinlock_twice_init(void)
{
	spin_lock(&shared_lock);
	xenpv_timer_add(&timer, NSEC_PER_MSEC, take_it_too, NULL);
	msleep(100);            /* events enabled: the timer fires meanwhile */
	spin_unlock(&shared_lock);
	printk("spinlock-twice: no deadlock reported\n");
	return 1;
}
XENPV_MODULE(spinlock_twice, spinlock_twice_init, NULL);
