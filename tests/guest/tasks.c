/*
 * Kernel tasks and the context switch on real Xen.  Two tasks ping-pong
 * with yield(): "ping" runs in its own address space (a page mapped at
 * USER_VA there only), each has its own TLS slot 0 and LDT entry 3 over
 * its own data and reads them through %gs and %fs after every switch, and
 * each takes a trap from ring 3 that must land on its own stack (esp0).
 * Every switch is measured with xen_hypercall_count: one multicall when
 * batched, more in the unbatched baseline (xen_mc.no_lazy, as with the
 * boot option xenpv.lazy_cpu=0).
 */
#include "guest-test.h"
#include <xenpv/task.h>
#include <xenpv/smp.h>
#include <kernel/task.h>
#include <kernel/desc.h>
#include <kernel/traps.h>
#include <kernel/processor.h>
#include "../../kernel/xen/multicall_batch.h"
#include "../../kernel/xen/mmu_batch.h"

#define ROUNDS     20
#define USER_VA    0x00400000UL
#define USER_MAGIC 0x05e1f00dU

struct side {
	const char *name;
	uint32_t tls_cell[2], ldt_cell[2];
	int own_mm;
	struct task *task;
	unsigned int bad_tls, bad_ldt, bad_sel, bad_mm, esp0_ok;
	uintptr_t sp, stack_top;
};

/* What the switches of one ping-pong cost. */
struct cost {
	unsigned int switches;
	unsigned long min_calls, max_calls, min_mc, max_mc;
	uint64_t tsc;
};
static struct cost cost;

/* Set by a task right before it switches away, read by the next one. */
static unsigned long mark_total, mark_mc;
static uint64_t mark_tsc;

static void set_mark(void)
{
	mark_total = xenpv_hypercalls();
	mark_mc = xen_hypercall_count[__HYPERVISOR_multicall];
	mark_tsc = rdtsc();
}

static void measure(void)
{
	uint64_t now = rdtsc();
	unsigned long calls = xenpv_hypercalls() - mark_total;
	unsigned long mc = xen_hypercall_count[__HYPERVISOR_multicall] - mark_mc;

	cost.tsc += now - mark_tsc;
	if (cost.switches++ == 0) {
		cost.min_calls = cost.max_calls = calls;
		cost.min_mc = cost.max_mc = mc;
	}
	cost.min_calls = calls < cost.min_calls ? calls : cost.min_calls;
	cost.max_calls = calls > cost.max_calls ? calls : cost.max_calls;
	cost.min_mc = mc < cost.min_mc ? mc : cost.min_mc;
	cost.max_mc = mc > cost.max_mc ? mc : cost.max_mc;
}

/* Ring 3: a ud2 on a user page; its trap frame lands at esp0. */
static uint8_t user_code[4096] __attribute__((aligned(4096)));
static uint32_t user_stack[1024] __attribute__((aligned(4096)));

static int make_user(void *va, int exec)
{
	const uint64_t *pte = xen_kernel_pte((unsigned long)va);
	uint64_t val;

	if (!pte)
		return -1;
	val = (*pte | _PAGE_USER) & ~(exec ? _PAGE_NX : 0);
	return HYPERVISOR_update_va_mapping((unsigned long)va, val, UVMF_INVLPG | UVMF_LOCAL);
}

static void enter_user(void *arg)
{
	asm volatile("pushl %0; pushl %1; pushl $0x202; pushl %2; pushl %3; iret"
		     : : "i"(USER_DS), "r"(&user_stack[1024]), "i"(USER_CS), "r"(user_code)
		     : "memory");
}

static int esp0_is_my_stack(const struct task *me)
{
	const uint32_t *top = me->stack_top;
	struct fault_info fi = { 0 };

	if (!catch_fault(enter_user, NULL, &fi) || fi.vector != X86_TRAP_UD)
		return 0;
	return top[-1] == USER_DS && top[-2] == (uint32_t)(uintptr_t)&user_stack[1024] &&
	       (top[-4] & 0xffff) == USER_CS;
}

static void check_round(struct side *s)
{
	uint16_t fs, gs;
	uint32_t v;
	int seen;

	asm volatile("movw %%fs, %w0; movw %%gs, %w1" : "=r"(fs), "=r"(gs));
	if (fs != LDT_SEL(3, 3) || gs != tls_selector(0))
		s->bad_sel++;
	if (read_gs(4) != s->tls_cell[1])
		s->bad_tls++;
	if (read_fs(4) != s->ldt_cell[1])
		s->bad_ldt++;
	seen = probe_read_u32((void *)USER_VA, &v) == 0 && v == USER_MAGIC;
	if (seen != s->own_mm)
		s->bad_mm++;
}

static int side_main(void *arg)
{
	struct side *s = arg;
	struct task *me = task_current();
	unsigned int i;
	char here;

	/* Events stay masked: no upcall adds a hypercall to a switch. */
	local_irq_save();
	s->sp = (uintptr_t)&here;
	s->stack_top = (uintptr_t)me->stack_top;
	tls_load_gs(0);
	asm volatile("movw %w0, %%fs" : : "r"(LDT_SEL(3, 3)));
	for (i = 0; i < ROUNDS; i++) {
		set_mark();
		yield();
		measure();
		check_round(s);
		if (i == ROUNDS / 2)
			s->esp0_ok = esp0_is_my_stack(me);
	}
	set_mark();                     /* the partner measures our exit */
	return (int)i;
}

static struct side ping = { .name = "ping", .tls_cell = { 0x11110000, 0x11110001 },
			    .ldt_cell = { 0x1d700000, 0x1d700001 }, .own_mm = 1 };
static struct side pong = { .name = "pong", .tls_cell = { 0x22220000, 0x22220001 },
			    .ldt_cell = { 0x2d700000, 0x2d700001 } };
static struct mm_struct ping_mm;

static uint64_t small_data(const void *base)
{
	return pack_descriptor((uint32_t)(uintptr_t)base, 7,
			       DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW, DESC_FLAG_DB);
}

static struct task *start_side(struct side *s)
{
	uint64_t ldt[4] = { 0 };
	/* Both on the boot task's vCPU: a ping-pong of switches, not two
	 * tasks running side by side on two vCPUs. */
	struct task_opts o = { .name = s->name, .ldt = ldt, .ldt_entries = 4,
			       .cpus = 1UL << smp_processor_id() };

	ldt[3] = small_data(s->ldt_cell);
	o.tls[0].base = (uint32_t)(uintptr_t)s->tls_cell;
	o.tls[0].limit = 7;
	memset(&s->bad_tls, 0, sizeof(*s) - offsetof(struct side, bad_tls));
	return s->task = task_create_in(s->own_mm ? &ping_mm : NULL, side_main, s, &o);
}

/* The page at USER_VA, through an L1 hooked into ping_mm's first L2. */
static pte_t *user_l1;
static uint32_t *user_page;

static int map_user_va(void)
{
	user_page = alloc_page();
	user_l1 = alloc_page();
	if (!user_page || !user_l1)
		return -1;
	user_page[0] = USER_MAGIC;
	memset(user_l1, 0, PAGE_SIZE);
	user_l1[(USER_VA >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1)] =
		xen_make_pte(__pa(user_page) >> PAGE_SHIFT, PAGE_KERNEL);
	if (set_page_prot(user_l1, PAGE_KERNEL_RO))
		return -1;
	xen_queue_pte(&ping_mm.l2[0][USER_VA >> L2_SHIFT],
		      xen_make_pte(__pa(user_l1) >> PAGE_SHIFT, PAGE_TABLE));
	return mmu_batch_flush(&xen_mmu_batch);
}

static int unmap_user_va(void)
{
	xen_queue_pte(&ping_mm.l2[0][USER_VA >> L2_SHIFT], 0);
	if (mmu_batch_flush(&xen_mmu_batch) || set_page_prot(user_l1, PAGE_KERNEL))
		return -1;
	free_pages(user_l1);
	free_pages(user_page);
	return 0;
}

/* One ping-pong, its checks; what its switches cost in cost. */
static void run_pair(const char *mode)
{
	int rp = -1, rq = -1;

	memset(&cost, 0, sizeof(cost));
	if (!ok(start_side(&ping) && start_side(&pong), "%s: two tasks are created", mode)) {
		tap_skip(6, "no tasks");
		return;
	}
	ok(task_join(ping.task, &rp) == 0 && task_join(pong.task, &rq) == 0 &&
	   rp == ROUNDS && rq == ROUNDS, "%s: both run %d rounds of yield() and are joined", mode, ROUNDS);
	ok(ping.bad_tls + pong.bad_tls + ping.bad_sel + pong.bad_sel == 0,
	   "%s: after every switch %%gs (TLS slot 0) reads each task's own data", mode);
	ok(ping.bad_ldt + pong.bad_ldt == 0, "%s: ... and %%fs (LDT entry 3) each task's own LDT", mode);
	ok(ping.bad_mm + pong.bad_mm == 0, "%s: USER_VA is mapped in ping's address space only", mode);
	ok(ping.sp < ping.stack_top && ping.sp > ping.stack_top - KERNEL_STACK_SIZE &&
	   pong.sp < pong.stack_top && pong.sp > pong.stack_top - KERNEL_STACK_SIZE &&
	   ping.stack_top != pong.stack_top, "%s: each task runs on its own stack (%#lx, %#lx)",
	   mode, (unsigned long)ping.stack_top, (unsigned long)pong.stack_top);
	ok(ping.esp0_ok && pong.esp0_ok, "%s: a trap from ring 3 lands at the top of the running task's stack", mode);
	diag("%s: %u switches, %lu..%lu hypercalls each (%lu..%lu multicalls)", mode, cost.switches,
	     cost.min_calls, cost.max_calls, cost.min_mc, cost.max_mc);
}

static unsigned long switch_ns(void)
{
	return cost.switches ? (unsigned long)(pv_ops.time.tsc_to_ns(cost.tsc) / cost.switches) : 0;
}

/* Both tasks' exit switches are measured too: 2 * ROUNDS in all. */
static int cost_is(unsigned long calls)
{
	return cost.switches == 2 * ROUNDS && cost.min_calls == calls && cost.max_calls == calls;
}

static int exit_with(void *arg)
{
	task_exit((int)(uintptr_t)arg);
}

static int test_tasks(void)
{
	int batching = !xen_mc.no_lazy;
	unsigned long calls;
	struct task *bad;
	uint64_t ldt[1] = { 0 };
	struct task_opts too_big = { .ldt = ldt, .ldt_entries = LDT_ENTRIES + 1 };
	int result = -1;

	tap_plan(24);
	task_set_cpus(task_current(), 1UL << smp_processor_id());
	if (!ok(mm_create(&ping_mm) == 0 && map_user_va() == 0, "ping's address space, with a page at USER_VA"))
		tap_bail_out("no address space");
	if (!make_user(user_code, 1) && !make_user(user_stack, 0))
		user_code[0] = 0x0f, user_code[1] = 0x0b;  /* ud2 */

	run_pair(batching ? "batched" : "unbatched (xenpv.lazy_cpu=0)");
	if (batching)
		ok(cost_is(1) && cost.min_mc == 1 && cost.max_mc == 1,
		   "a context switch costs exactly one hypercall, a multicall");
	else
		ok(cost_is(cost.max_calls) && cost.max_calls > 1,
		   "unbatched, a context switch costs more than one hypercall (%lu)", cost.max_calls);
	xenpv_stat("context_switch_hypercalls", cost.max_calls);
	xenpv_stat("context_switch_ns", switch_ns());

	xen_mc_set_lazy(0);
	run_pair("unbatched");
	xen_mc_set_lazy(batching);
	ok(cost_is(cost.max_calls) && cost.max_calls > 1,
	   "unbatched, a context switch costs %lu hypercalls", cost.max_calls);
	xenpv_stat("context_switch_hypercalls_unbatched", cost.max_calls);
	xenpv_stat("context_switch_ns_unbatched", switch_ns());

	bad = task_create(exit_with, (void *)7, NULL);
	ok(bad && task_join(bad, &result) == 0 && result == 7, "a task with no options ends through task_exit(7)");

	is_str(task_name(task_current()), "boot", "the boot task runs again after the joins");
	ok(current_mm() == &init_mm, "... in the kernel's address space");
	is(task_join(task_current(), NULL), -EINVAL, "a task cannot join itself");
	bad = task_create(side_main, NULL, &too_big);
	ok(bad == NULL, "an LDT bigger than a page is refused");
	calls = xenpv_hypercalls();
	yield();
	is(xenpv_hypercalls() - calls, 0, "yield with no other task returns at once, no hypercall");
	ok(unmap_user_va() == 0 && mm_destroy(&ping_mm) == 0, "ping's address space is torn down");
	task_set_cpus(task_current(), 0);
	return tap_done();
}
XENPV_MODULE(test_tasks, test_tasks, NULL);
