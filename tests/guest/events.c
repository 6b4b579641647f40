/*
 * Events on real Xen: the timer VIRQ and one-shot deadlines, handlers on
 * the IRQ stack, the virtual interrupt flag holding events back and
 * delivering them on enable, per-port masks, a port signalled to itself,
 * the irq bookkeeping, msleep and the failsafe callback.
 */
#include "guest-test.h"
#include <xenpv/smp.h>
#include <xenpv/irq.h>
#include <xenpv/events.h>
#include <xenpv/time.h>
#include <xenpv/mm.h>
#include <kernel/traps.h>
#include <kernel/desc.h>

struct probe {
	volatile unsigned int hits;
	volatile unsigned long sp;
	volatile int in_irq;
	volatile int irq;
	volatile uint64_t when;
};

static irqreturn_t probe_handler(int irq, void *dev_id, struct pt_regs *regs)
{
	struct probe *p = dev_id;
	unsigned long sp;

	asm volatile("movl %%esp, %0" : "=r"(sp));
	p->sp = sp;
	p->in_irq = in_irq();
	p->irq = irq;
	p->when = xenpv_clock_ns();
	p->hits++;
	return IRQ_HANDLED;
}

static int sp_on_irq_stack(unsigned long sp)
{
	unsigned long top = (unsigned long)irq_stack_top(0);

	return top && sp < top && sp >= top - KERNEL_STACK_SIZE;
}

static void timer_fn(void *arg)
{
	struct probe *p = arg;
	unsigned long sp;

	asm volatile("movl %%esp, %0" : "=r"(sp));
	p->sp = sp;
	p->in_irq = in_irq();
	p->when = xenpv_clock_ns();
	p->hits++;
}

static void check_timer(void)
{
	struct xenpv_timer t;
	struct probe p = { 0 };
	unsigned long before_irqs = xenpv_timer_irqs();
	uint64_t start = xenpv_clock_ns();
	const uint64_t delay = 5 * NSEC_PER_MSEC;

	ok(!irqs_disabled(), "events are enabled after boot");
	xenpv_timer_add(&t, delay, timer_fn, &p);
	while (!p.hits)
		safe_halt();
	is(p.hits, 1, "a one-shot timer fires once after blocking (SCHEDOP_block)");
	ok(p.when - start >= delay, "... no earlier than asked (%llu ns for %llu)",
	   (unsigned long long)(p.when - start), (unsigned long long)delay);
	xenpv_stat("timer_5ms_ns", p.when - start);
	ok(sp_on_irq_stack(p.sp), "... its function runs on the IRQ stack (sp %#lx, top %p)",
	   p.sp, irq_stack_top(0));
	ok(p.in_irq, "... in irq context");
	ok(xenpv_timer_irqs() > before_irqs, "... through a VIRQ_TIMER interrupt");
	ok(!in_irq(), "back outside irq context afterwards");

	p.hits = 0;
	xenpv_timer_add(&t, 50 * NSEC_PER_MSEC, timer_fn, &p);
	is(xenpv_timer_cancel(&t), 1, "a pending timer can be cancelled");
	msleep(60);
	is(p.hits, 0, "... and then never runs");
}

static void check_msleep(void)
{
	uint64_t start = xenpv_clock_ns(), took;

	msleep(10);
	took = xenpv_clock_ns() - start;
	ok(took >= 10 * NSEC_PER_MSEC, "msleep(10) takes at least 10 ms of PV clock (%llu ns)",
	   (unsigned long long)took);
	xenpv_stat("msleep10_ns", took);
}

/*
 * The upcall's critical region, entered by hand: the interrupted frame
 * (returning to label 1 with events on), then, where the region had
 * pushed it, the saved eax, then the frame of a nested upcall taken at
 * nested_eip.  The nested entry must fold itself into the outer one:
 * process the pending event, restore eax, return to label 1 once.
 */
extern char xen_crit_start[], xen_crit_iret[];
unsigned long enter_nested(void *nested_eip, int eax_saved);
asm(".text\n"
    "enter_nested:\n"
    "  pushl %ebp\n"
    "  movl %esp, %ebp\n"
    "  movl 8(%ebp), %ecx\n"
    "  pushfl\n"
    "  orl $0x200, (%esp)\n"            /* the outer context had events on */
    "  pushl $0xe019\n"
    "  pushl $1f\n"
    "  movl $0x5a5a5a5a, %eax\n"       /* the interrupted eax ... */
    "  cmpl $0, 12(%ebp)\n"
    "  je 2f\n"
    "  pushl %eax\n"                    /* ... saved by the region, */
    "  movl $0xdeadbeef, %eax\n"       /* which uses eax for shared_info */
    "2: pushfl\n"
    "  pushl $0xe019\n"
    "  pushl %ecx\n"
    "  jmp hypervisor_callback\n"
    "1: popl %ebp\n"
    "  ret\n");

static void check_critical_region(struct probe *p, unsigned int port)
{
	static const struct { const char *where; int eax_saved; } cases[] = {
		{ "after the unmask (eax saved)", 1 }, { "at the iret", 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long restarts = xen_upcall_restarts, eax;
		unsigned int hits = p->hits;

		local_irq_disable();        /* as Xen delivers an upcall */
		notify_remote_via_evtchn(port);
		eax = enter_nested(cases[i].eax_saved ? xen_crit_start : xen_crit_iret,
				   cases[i].eax_saved);
		ok(xen_upcall_restarts == restarts + 1 && p->hits == hits + 1 && eax == 0x5a5a5a5a &&
		   !irqs_disabled(),
		   "an upcall nested %s folds into the outer one (restarts +%lu, hits +%u, eax %#lx)",
		   cases[i].where, xen_upcall_restarts - restarts, p->hits - hits, eax);
	}
}

/* A port bound to itself: alloc_unbound for DOMID_SELF, then the local
 * end of it through bind_interdomain; a send on one fires the other. */
static void check_self_port(void)
{
	struct probe p = { 0 };
	unsigned int port = 0;
	unsigned long delivered = evtchn_events_delivered();
	unsigned long flags;
	int irq, local;

	if (!ok(evtchn_alloc_unbound(DOMID_SELF_ID, &port) == 0, "EVTCHNOP_alloc_unbound for ourselves")) {
		tap_skip(19, "no port");
		return;
	}
	irq = bind_interdomain_evtchn_to_irqhandler(DOMID_SELF_ID, port, probe_handler, "selfport", &p);
	if (!ok(irq >= 0, "its other end binds to an irq (%d)", irq)) {
		tap_skip(18, "no irq");
		return;
	}
	local = irq_to_evtchn((unsigned int)irq);
	is_str(irq_name((unsigned int)irq), "selfport", "request_irq recorded the name");
	/* Xen marks the new local end pending in case the unbound end lost a
	 * notification; the unmask in request_irq delivered it already. */
	is(p.hits, 1, "the notification bind_interdomain raises is delivered on request_irq");
	p.hits = 0;

	notify_remote_via_evtchn(port);
	is(p.hits, 1, "a send on the unbound end runs the handler at once");
	is(p.irq, irq, "... with its irq");
	ok(sp_on_irq_stack(p.sp), "... on the IRQ stack");
	ok(evtchn_events_delivered() > delivered, "... counted as a delivered event");

	/* The virtual interrupt flag. */
	flags = xenpv_irq_save();
	notify_remote_via_evtchn(port);
	ok(p.hits == 1 && xen_vcpu()->evtchn_upcall_pending,
	   "with events disabled the event waits, upcall pending (hits %u)", p.hits);
	xenpv_irq_restore(flags);
	is(p.hits, 2, "enabling events delivers it at once");

	/* The per-port mask. */
	mask_evtchn((unsigned int)local);
	notify_remote_via_evtchn(port);
	ok(p.hits == 2 && evtchn_is_pending((unsigned int)local),
	   "a masked port stays pending, undelivered (hits %u)", p.hits);
	unmask_evtchn((unsigned int)local);
	is(p.hits, 3, "unmasking it delivers it at once");

	check_critical_region(&p, port);

	irq_ctx_exit(0);
	ok(irq_stack_top(0) == NULL, "irq_ctx_exit frees the IRQ stack");
	notify_remote_via_evtchn(port);
	ok(p.hits == 6 && !sp_on_irq_stack(p.sp), "without one, handlers run on the interrupted stack (hits %u)",
	   p.hits);
	is(irq_ctx_init(0), 0, "irq_ctx_init allocates it again");
	notify_remote_via_evtchn(port);
	ok(p.hits == 7 && sp_on_irq_stack(p.sp), "... and handlers are back on it");
	/* Each vCPU's timer and its two IPIs, and this irq. */
	is(fixup_irqs(), (int)(3 * num_online_cpus() + 1),
	   "fixup_irqs finds every vCPU's timer and IPIs, and this irq, still bound where they were");
	unbind_from_irqhandler((unsigned int)irq, &p);
	ok(irq_name((unsigned int)irq) == NULL && irq_to_evtchn((unsigned int)irq) < 0,
	   "unbinding frees the irq and the port");
	evtchn_close(port);
}

static irqreturn_t other_handler(int irq, void *dev_id, struct pt_regs *regs)
{
	return IRQ_NONE;
}

static void check_bookkeeping(void)
{
	struct probe p = { 0 };
	unsigned int port = 0;
	int irq;

	is(irq_canonicalize(2), 9, "irq_canonicalize: the cascade irq 2 is irq 9");
	is(irq_canonicalize(5), 5, "irq_canonicalize: other irqs are themselves");
	is(request_irq(NR_IRQS - 1, probe_handler, 0, "nothing", &p), -EINVAL,
	   "request_irq of an irq nobody bound fails");

	evtchn_alloc_unbound(DOMID_SELF_ID, &port);
	irq = bind_evtchn_to_irqhandler(port, probe_handler, "first", &p);
	ok(irq >= 0, "bind_evtchn_to_irqhandler binds an existing port");
	is(request_irq((unsigned int)irq, other_handler, 0, "second", NULL), -16,
	   "a second request_irq of the same irq is refused (-EBUSY)");
	is(free_irq((unsigned int)irq, NULL), -EINVAL, "free_irq with another dev_id is refused");
	is(free_irq((unsigned int)irq, &p), 0, "free_irq with its dev_id succeeds");
	is(request_irq((unsigned int)irq, other_handler, 0, "second", NULL), 0,
	   "after free_irq the irq can be requested again");
	is_str(irq_name((unsigned int)irq), "second", "... under its new name");
	unbind_from_irqhandler((unsigned int)irq, NULL);
}

/*
 * The failsafe callback, entered by hand with the frame Xen builds after
 * failing to reload a segment register (ds, es, fs, gs above eip, cs,
 * eflags): this checks our handler, not that Xen takes this path.  Here %fs holds a not-present selector; the callback must zero
 * it, report, and return to the eip in the frame.
 */
#define SLOT_FS_NP (GDT_ENTRY_FREE_MIN + 9)
void failsafe_callback(void);

static void check_failsafe(void)
{
	unsigned long before = xen_failsafe_count;
	uint32_t fs = 0xffff;

	gdt_write(SLOT_FS_NP, pack_descriptor(0, 0xfffff, DESC_DPL(1) | DESC_S | DESC_DATA_RW,
					      DESC_FLAG_G | DESC_FLAG_DB));
	asm volatile("pushfl\n"
		     "pushl %[cs]\n"
		     "pushl $1f\n"
		     "pushl %%gs\n"
		     "pushl %[bad]\n"
		     "pushl %%es\n"
		     "pushl %%ds\n"
		     "jmp failsafe_callback\n"
		     "1: movl %%fs, %[fs]\n"
		     : [fs] "=r"(fs)
		     : [cs] "i"(KERNEL_CS), [bad] "i"(GDT_SEL(SLOT_FS_NP, 1))
		     : "memory", "cc");
	is(xen_failsafe_count, before + 1, "the failsafe callback reports a bad %%fs in its frame");
	is_hex(fs, 0, "... returns with %%fs zeroed, to the eip of the frame");
}

static int test_events(void)
{
	tap_plan(41);
	check_timer();
	check_msleep();
	check_self_port();
	check_bookkeeping();
	check_failsafe();
	xenpv_stat("events_delivered", evtchn_events_delivered());
	xenpv_stat("event_upcalls", evtchn_upcalls());
	xenpv_stat("timer_irqs", xenpv_timer_irqs());
	xenpv_stat("upcall_restarts", xen_upcall_restarts);
	return tap_done();
}
XENPV_MODULE(test_events, test_events, NULL);
