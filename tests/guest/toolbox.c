/*
 * The driver writer's toolbox on real Xen: spinlocks (irqsave masks
 * events), 32- and 64-bit atomics (also the compiler's 8-byte builtins)
 * against a timer that interrupts them, lists, bitops at their edges,
 * wait queues woken from an event channel's handler and from a timer,
 * completions, waits refused in irq context, and __pa/virt_to_phys of
 * kmalloc'd and vmalloc'd memory.
 */
#include "guest-test.h"
#include <xenpv/smp.h>
#include <xenpv/atomic.h>
#include <xenpv/barrier.h>
#include <xenpv/bitops.h>
#include <xenpv/completion.h>
#include <xenpv/events.h>
#include <xenpv/list.h>
#include <xenpv/mm.h>
#include <xenpv/spinlock.h>
#include <xenpv/task.h>
#include <xenpv/time.h>
#include <xenpv/wait.h>

static DEFINE_SPINLOCK(lock);

static irqreturn_t count_handler(int irq, void *dev, struct pt_regs *regs)
{
	++*(unsigned int *)dev;
	return IRQ_HANDLED;
}

static void test_spinlocks(unsigned int port, unsigned int *hits)
{
	unsigned long outer, inner;
	unsigned int before;

	spin_lock(&lock);
	ok(spin_is_locked(&lock) && !spin_trylock(&lock), "a held spinlock: trylock fails, no report");
	spin_unlock(&lock);
	ok(!spin_is_locked(&lock) && spin_trylock(&lock), "unlocked, trylock takes it");
	spin_unlock(&lock);

	spin_lock_irqsave(&lock, outer);
	before = *hits;
	notify_remote_via_evtchn(port);
	ok(irqs_disabled() && *hits == before, "spin_lock_irqsave masks events: the event waits");
	spin_unlock_irqrestore(&lock, outer);
	ok(!irqs_disabled() && *hits == before + 1, "spin_unlock_irqrestore unmasks: it is delivered");

	local_irq_disable();
	spin_lock_irqsave(&lock, inner);
	spin_unlock_irqrestore(&lock, inner);
	ok(irqs_disabled(), "irqrestore gives back a masked state it saved");
	local_irq_enable();
	spin_lock_irq(&lock);
	ok(irqs_disabled(), "spin_lock_irq masks");
	spin_unlock_irq(&lock);
	ok(!irqs_disabled(), "spin_unlock_irq unmasks");
}

/* A timer that fires every 500 us while a task counts, adding to the
 * same counters from irq context; how many fires came amid the loop. */
#define FIRES 10
static atomic_t a32;
static atomic64_t a64;
static struct xenpv_timer pulse;
static volatile unsigned int fires, amid;
static volatile unsigned long loops, loops_seen;

static void pulse_fn(void *arg)
{
	atomic_add(1000, &a32);
	atomic64_add(1LL << 32, &a64);          /* a carry into the high half */
	amid += loops != loops_seen;
	loops_seen = loops;
	if (++fires < FIRES)
		xenpv_timer_add(&pulse, 500 * NSEC_PER_USEC, pulse_fn, NULL);
}

static void test_atomics(void)
{
	uint64_t u = 0xfffffffeULL, want;
	atomic_t x = ATOMIC_INIT(5);
	atomic64_t y = ATOMIC64_INIT(-1);

	ok(atomic_dec_return(&x) == 4 && atomic_fetch_add(3, &x) == 4 && atomic_read(&x) == 7 &&
	   atomic_cmpxchg(&x, 7, 1) == 7 && atomic_cmpxchg(&x, 7, 2) == 1 && atomic_xchg(&x, 1) == 1 &&
	   atomic_dec_and_test(&x), "atomic_t: dec, fetch_add, cmpxchg (hit and miss), xchg, dec_and_test");
	atomic64_inc(&y);
	ok(atomic64_read(&y) == 0 && atomic64_add_return(0x100000000LL, &y) == 0x100000000LL &&
	   atomic64_sub_return(1, &y) == 0xffffffffLL && atomic64_cmpxchg(&y, 0xffffffffLL, -5) == 0xffffffffLL &&
	   atomic64_xchg(&y, 7) == -5 && atomic64_fetch_add(-7, &y) == 7 && atomic64_read(&y) == 0,
	   "atomic64_t: carries and borrows across the halves, cmpxchg, xchg");

	/* The compiler's own 8-byte builtins: __atomic_*_8 in the kernel. */
	ok(__atomic_add_fetch(&u, 3, __ATOMIC_SEQ_CST) == 0x100000001ULL &&
	   __atomic_fetch_sub(&u, 2, __ATOMIC_SEQ_CST) == 0x100000001ULL &&
	   __atomic_load_n(&u, __ATOMIC_SEQ_CST) == 0xffffffffULL,
	   "__atomic_add_fetch/fetch_sub/load on a uint64_t link and carry");
	want = 0xffffffffULL;
	ok(__atomic_compare_exchange_n(&u, &want, 0x123456789ULL, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) &&
	   !__atomic_compare_exchange_n(&u, &want, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) &&
	   want == 0x123456789ULL && __atomic_exchange_n(&u, 5, __ATOMIC_SEQ_CST) == 0x123456789ULL &&
	   __atomic_or_fetch(&u, 0x100000000ULL, __ATOMIC_SEQ_CST) == 0x100000005ULL,
	   "__atomic_compare_exchange (hit, then miss giving the value), exchange, or_fetch");
	__atomic_store_n(&u, 0xaaaaaaaa55555555ULL, __ATOMIC_SEQ_CST);
	ok(__atomic_fetch_xor(&u, ~0ULL, __ATOMIC_SEQ_CST) == 0xaaaaaaaa55555555ULL &&
	   __atomic_and_fetch(&u, 0xffff0000ffff0000ULL, __ATOMIC_SEQ_CST) == 0x55550000aaaa0000ULL,
	   "__atomic_store, fetch_xor, and_fetch");

	xenpv_timer_add(&pulse, 500 * NSEC_PER_USEC, pulse_fn, NULL);
	while (READ_ONCE(fires) < FIRES) {
		atomic_inc(&a32);
		atomic64_inc(&a64);
		loops++;
	}
	ok(amid > 1, "the timer fired amid the increments %u times of %u (%lu increments)", amid, fires, loops);
	ok(atomic_read(&a32) == (int)(loops + 1000 * FIRES), "atomic_t: no update lost to the timer (%d)",
	   atomic_read(&a32));
	ok(atomic64_read(&a64) == (int64_t)(loops + ((uint64_t)FIRES << 32)),
	   "atomic64_t: no update lost to the timer (%#llx)", (unsigned long long)atomic64_read(&a64));
}

struct item {
	int v;
	struct list_head node;
};

/* The values along head, as digits (at most 8). */
static unsigned int list_digits(struct list_head *head)
{
	struct item *it;
	unsigned int d = 0;

	list_for_each_entry(it, head, node)
		d = d * 10 + (unsigned int)it->v;
	return d;
}

static void test_lists(void)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct item it[5], *pos, *n;
	int i, count = 0;

	ok(list_empty(&a) && !list_is_singular(&a), "a new list is empty");
	for (i = 0; i < 5; i++)
		it[i].v = i + 1;
	list_add_tail(&it[1].node, &a);
	ok(list_is_singular(&a), "one entry: singular");
	list_add_tail(&it[2].node, &a);
	list_add(&it[0].node, &a);
	is(list_digits(&a), 123, "list_add at the front, list_add_tail at the back");
	list_del(&it[1].node);
	ok(list_digits(&a) == 13 && it[1].node.next == LIST_POISON1, "list_del unlinks and poisons");
	list_add_tail(&it[3].node, &b);
	list_add_tail(&it[4].node, &b);
	list_move_tail(&it[0].node, &b);
	ok(list_digits(&a) == 3 && list_digits(&b) == 451, "list_move_tail moves between lists");
	list_splice_init(&b, &a);
	ok(list_digits(&a) == 4513 && list_empty(&b), "list_splice_init puts b at a's front, b empty");
	ok(list_first_entry(&a, struct item, node) == &it[3] && list_last_entry(&a, struct item, node) == &it[2],
	   "first and last entry");
	list_for_each_entry_safe(pos, n, &a, node) {
		if (pos->v != 5)
			list_del_init(&pos->node);
		count++;
	}
	ok(count == 4 && list_is_singular(&a) && list_empty(&it[3].node),
	   "the safe walk visits all while deleting; list_del_init leaves the entry empty");
}

static void test_bitops(void)
{
	DECLARE_BITMAP(map, 70) = { 0 };
	unsigned long full[2] = { ~0UL, ~0UL }, bit, seen = 0;

	ok(sizeof(map) == 3 * sizeof(unsigned long) && BITS_PER_LONG == 32, "70 bits take 3 longs of 32");
	is(find_first_bit(map, 70), 70, "an empty map: find_first_bit gives size");
	set_bit(0, map);
	__set_bit(31, map);
	set_bit(32, map);
	__set_bit(69, map);
	ok(map[0] == 0x80000001UL && map[1] == 1 && map[2] == 0x20, "bits 0, 31, 32, 69 in their words");
	ok(find_next_bit(map, 70, 1) == 31 && find_next_bit(map, 70, 32) == 32 &&
	   find_next_bit(map, 70, 33) == 69 && find_next_bit(map, 70, 70) == 70 &&
	   find_next_bit(map, 69, 33) == 69 && find_next_bit(map, 70, 1000) == 70,
	   "find_next_bit across words, at the last bit, beyond size");
	for_each_set_bit(bit, map, 70)
		seen = seen * 100 + bit;
	is(seen, 313269, "for_each_set_bit visits 0, 31, 32, 69");
	is(find_first_zero_bit(full, 64), 64, "a full map: find_first_zero_bit gives size");
	full[1] = ~BIT(7);
	ok(find_first_zero_bit(full, 64) == 39 && find_next_zero_bit(full, 39, 0) == 39,
	   "the first clear bit in the second word; size bounds it");
	ok(test_and_set_bit(5, map) == 0 && test_and_set_bit(5, map) == 1 &&
	   test_and_clear_bit(5, map) == 1 && test_and_clear_bit(5, map) == 0 && !test_bit(5, map),
	   "test_and_set/test_and_clear give the old bit");
	change_bit(69, map);
	clear_bit(0, map);
	__clear_bit(31, map);
	ok(!test_bit(69, map) && !test_bit(0, map) && !test_bit(31, map) && test_bit(32, map),
	   "change_bit, clear_bit, __clear_bit");
	ok(__ffs(0x80000000UL) == 31 && __fls(1) == 0 && ffs(0) == 0 && ffs(8) == 4 &&
	   fls(0) == 0 && fls(0x80000000U) == 32 && hweight_long(0xf0f0UL) == 8,
	   "__ffs, __fls, ffs, fls, hweight at their edges");

	memset(map, 0, sizeof(map));
	bitmap_set(map, 30, 4);
	ok(map[0] == 0xc0000000UL && map[1] == 3, "bitmap_set across a word boundary");
	ok(bitmap_find_free_run(map, 70, 30) == 0 && bitmap_find_free_run(map, 70, 31) == 34 &&
	   bitmap_find_free_run(map, 70, 36) == 34 && bitmap_find_free_run(map, 70, 37) == 70 &&
	   bitmap_find_free_run(map, 70, 71) == 70, "bitmap_find_free_run: first fit, ending at size, none");
	bitmap_clear(map, 31, 2);
	ok(map[0] == 0x40000000UL && map[1] == 2, "bitmap_clear across a word boundary");
}

/* Wait queues: woken by an event channel's handler, by a timer; refused
 * in irq context. */
static DECLARE_WAIT_QUEUE_HEAD(wq);
static volatile int ready, woken_by_irq, irq_wait_rc, irq_comp_rc;
static DECLARE_COMPLETION(done);

static irqreturn_t wake_handler(int irq, void *dev, struct pt_regs *regs)
{
	ready = 1;
	woken_by_irq = in_irq() ? wake_up(&wq) : -1;
	return IRQ_HANDLED;
}

static int waiter(void *arg)
{
	return wait_event(wq, ready);
}

static void wake_fn(void *arg)
{
	ready = 1;
	wake_up(&wq);
}

static void refuse_fn(void *arg)
{
	irq_wait_rc = wait_event(wq, 0);
	irq_comp_rc = wait_for_completion(&done);
	complete(&done);        /* from irq context: fine */
}

static int completer(void *arg)
{
	complete(arg);
	return 0;
}

static unsigned int count_hits;

static void test_waits(unsigned int port, int irq)
{
	struct xenpv_timer t;
	struct task *w;
	uint64_t t0;
	int rc = -1, r;

	ready = 0;
	/* On this vCPU: it runs from our yield until it sleeps. */
	w = task_create(waiter, NULL, &(struct task_opts){ .name = "waiter", .cpus = 1UL << smp_processor_id() });
	yield();                        /* it runs until it sleeps */
	ok(w && !ready, "a task sleeps in wait_event");
	free_irq((unsigned int)irq, &count_hits);
	request_irq((unsigned int)irq, wake_handler, 0, "toolbox-wake", &count_hits);
	notify_remote_via_evtchn(port);
	ok(task_join(w, &rc) == 0 && rc == 0, "an event channel's handler wakes it: wait_event gives 0");
	is(woken_by_irq, 1, "... wake_up in the handler found one waiter");

	ready = 0;
	t0 = xenpv_clock_ns();
	xenpv_timer_add(&t, 5 * NSEC_PER_MSEC, wake_fn, NULL);
	r = wait_event_timeout(wq, ready, 2000);
	ok(r == 0 && ready && xenpv_clock_ns() - t0 >= 5 * NSEC_PER_MSEC,
	   "the boot task waits; a timer function wakes it (%d)", r);
	t0 = xenpv_clock_ns();
	r = wait_event_timeout(wq, 0, 20);
	ok(r == -ETIMEDOUT && xenpv_clock_ns() - t0 >= 20 * NSEC_PER_MSEC, "a condition never true: -ETIMEDOUT after 20 ms (%d)", r);
	ok(list_empty(&wq.waiters) && !irqs_disabled(), "the queue is empty after, events enabled again");

	xenpv_timer_add(&t, NSEC_PER_MSEC, refuse_fn, NULL);
	r = wait_for_completion_timeout(&done, 2000);
	is(irq_wait_rc, -EPERM, "wait_event in a timer function is refused, -EPERM");
	is(irq_comp_rc, -EPERM, "... so is wait_for_completion");
	ok(r == 0 && !completion_done(&done), "complete() from irq context ends the task's wait, and is taken");

	complete(&done);
	ok(completion_done(&done) && wait_for_completion(&done) == 0 && !completion_done(&done),
	   "a completion before the wait: the wait returns at once");
	w = task_create(completer, &done, NULL);
	ok(wait_for_completion(&done) == 0 && task_join(w, NULL) == 0, "a task completes what another waits for");
	is(wait_for_completion_timeout(&done, 10), -ETIMEDOUT, "nothing completed: -ETIMEDOUT");
	complete_all(&done);
	ok(wait_for_completion(&done) == 0 && wait_for_completion(&done) == 0 && completion_done(&done),
	   "complete_all: every wait returns from then on");
	reinit_completion(&done);
	ok(!completion_done(&done), "reinit_completion makes it pending again");
}

static void test_phys(void)
{
	char *k = kmalloc(100), *v = vmalloc(2 * PAGE_SIZE);
	unsigned long pk = k ? virt_to_phys(k) : 0, pv;

	if (!ok(k && v, "kmalloc and vmalloc memory")) {
		tap_skip(5, "no memory");
		return;
	}
	ok(pk == __pa(k) && phys_to_virt(pk) == k && pfn_to_mfn(pk >> PAGE_SHIFT) == virt_to_mfn(k),
	   "kmalloc'd: virt_to_phys is __pa, phys_to_virt undoes it, its pfn is virt_to_mfn's frame");
	pv = virt_to_phys(v + PAGE_SIZE + 5);
	v[PAGE_SIZE + 5] = 0x5a;
	ok(pv != INVALID_PHYS_ADDR && (pv & ~PAGE_MASK) == 5 && *(char *)phys_to_virt(pv) == 0x5a,
	   "vmalloc'd: virt_to_phys gives the page behind it (through the direct map, the same byte)");
	ok(virt_to_phys(v - 1) == INVALID_PHYS_ADDR, "its guard page has no physical address");
	vfree(v);
	ok(virt_to_phys(v) == INVALID_PHYS_ADDR && virt_to_phys((void *)0x1000) == INVALID_PHYS_ADDR,
	   "neither has freed vmalloc space nor a user address");
	ok(phys_to_virt(0xffff0000UL) == NULL, "phys_to_virt of memory we do not have: NULL");
	kfree(k);
}

/* <xenpv/math64.h>: the divl pair against values worked out by hand
 * (volatile: not folded at compile time). */
static void test_math64(void)
{
	volatile uint64_t max = ~0ULL, big = 0x123456789abcdefULL, ns = 5 * NSEC_PER_SEC + 7;
	uint32_t rem = 0;

	ok(div_u64_rem(max, 10, &rem) == 1844674407370955161ULL && rem == 5,
	   "div_u64_rem: 2^64-1 / 10 = 1844674407370955161 rem 5");
	ok(div_u64_rem(big, 0xfffffffbU, &rem) == 0x1234567ULL && rem == 0x8f5c28f2U,
	   "div_u64_rem: 0x123456789abcdef / 0xfffffffb = 0x1234567 rem 0x8f5c28f2");
	ok(div_u64(ns, NSEC_PER_SEC) == 5 && div_u64(7, 9) == 0, "div_u64: 5 s, and 7 / 9 = 0");
}

static int test_toolbox(void)
{
	unsigned int port = 0;
	int irq = -1;

	tap_plan(59);
	/* The waits' checks count who slept when: one vCPU's order. */
	task_set_cpus(task_current(), 1UL << smp_processor_id());
	if (evtchn_alloc_unbound(DOMID_SELF_ID, &port) == 0)
		irq = bind_interdomain_evtchn_to_irqhandler(DOMID_SELF_ID, port, count_handler, "toolbox", &count_hits);
	if (irq < 0)
		tap_bail_out("no event channel to ourselves");
	count_hits = 0;
	test_spinlocks(port, &count_hits);
	test_atomics();
	test_lists();
	test_bitops();
	test_waits(port, irq);
	test_phys();
	test_math64();
	unbind_from_irqhandler((unsigned int)irq, &count_hits);
	task_set_cpus(task_current(), 0);
	return tap_done();
}
XENPV_MODULE(test_toolbox, test_toolbox, NULL);
