/*
 * User programs on real Xen: loading (and refusing bad images), the
 * system calls, faults that kill only the program with no test safety
 * net armed, isolation, preemption of spinning programs, an event
 * channel between a program and a driver, a fuzzing program, and
 * every page back after 1,000 runs.  The programs are in tests/user/.
 */
#include "guest-test.h"
#include <xenpv/smp.h>
#include <xenpv/process.h>
#include <xenpv/events.h>
#include <xenpv/time.h>
#include <xenpv/mm.h>
#include <xenpv/param.h>
#include <kernel/process.h>
#include <kernel/elf.h>
#include <kernel/traps.h>
#include <kernel/desc.h>
#include <kernel/task.h>
#include <xen/platform.h>

static const struct xenpv_program *need(const char *name)
{
	const struct xenpv_program *prog = program_find(name);

	if (!prog)
		tap_bail_out("program %s is not embedded", name);
	return prog;
}

/* Run a program to its end. */
static int run(const char *name, const char *const *argv, struct process_status *st)
{
	struct process *p;
	int rc = process_spawn_program(need(name), &(struct process_opts){ .argv = argv }, &p);

	if (rc)
		return rc;
	return process_wait(p, st);
}

static void check_basics(void)
{
	static const char *const args[] = { "syscalls", "a", "b", NULL };
	struct process_status st = { 0 };
	int rc;

	/* (Each run comes before the ok() whose message reads its status:
	 * the order of a call's arguments is unspecified.) */
	ok(program_find("hello") && !program_find("no-such-program") && !program_find(NULL),
	   "program_find finds embedded programs by name, and only them");
	rc = run("hello", NULL, &st);
	ok(rc == 0 && !st.killed && st.code == 7,
	   "hello runs in ring 3 and exits with 7 (code %d, killed %d)", st.code, st.killed);
	rc = run("syscalls", args, &st);
	ok(rc == 0 && !st.killed && st.code == 0,
	   "every system call check of the program passes (%d failed, killed %d)", st.code, st.killed);
}

/* A copy of hello, changed by mutate, must be refused whole. */
static void refuse(const char *what, void (*mutate)(unsigned char *img, unsigned long *size))
{
	const struct xenpv_program *hello = need("hello");
	unsigned long size = hello->size, before;
	unsigned char *img = kmalloc(hello->size);
	struct process *p = (struct process *)1;
	int rc;

	if (!img) {
		ok(0, "a copy of hello for the bad-ELF case %s", what);
		return;
	}
	memcpy(img, hello->image, size);
	mutate(img, &size);
	before = nr_free_pages();
	rc = process_spawn(what, img, size, NULL, &p);
	ok(rc == -ENOEXEC && p == NULL && nr_free_pages() == before,
	   "an image with %s is refused with -ENOEXEC, nothing kept (rc %d)", what, rc);
	kfree(img);
}

static struct elf32_phdr *load_phdr(unsigned char *img, unsigned int nth)
{
	struct elf32_ehdr *h = (struct elf32_ehdr *)img;
	struct elf32_phdr *ph = (struct elf32_phdr *)(img + h->phoff);
	unsigned int i;

	for (i = 0; i < h->phnum; i++)
		if (ph[i].type == ELF_PT_LOAD && nth-- == 0)
			return &ph[i];
	return NULL;
}

static void m_truncated(unsigned char *img, unsigned long *size) { *size = 40; }
static void m_truncated_seg(unsigned char *img, unsigned long *size) { *size = load_phdr(img, 1)->offset + 8; }
static void m_class(unsigned char *img, unsigned long *size) { img[4] = 2; }
static void m_machine(unsigned char *img, unsigned long *size) { ((struct elf32_ehdr *)img)->machine = 62; }
static void m_type(unsigned char *img, unsigned long *size) { ((struct elf32_ehdr *)img)->type = 3; }
static void m_kernel(unsigned char *img, unsigned long *size)
{
	load_phdr(img, 0)->vaddr = 0xbffff000;  /* its memsz runs into 0xC0000000 */
	load_phdr(img, 0)->memsz = 0x2000;
}
static void m_page0(unsigned char *img, unsigned long *size) { load_phdr(img, 0)->vaddr = 0; }
static void m_overlap(unsigned char *img, unsigned long *size)
{
	load_phdr(img, 1)->vaddr = load_phdr(img, 0)->vaddr + 0x10;
	load_phdr(img, 1)->offset = load_phdr(img, 0)->offset + 0x10;
}
static void m_wx(unsigned char *img, unsigned long *size) { load_phdr(img, 1)->flags |= ELF_PF_W; }
static void m_entry(unsigned char *img, unsigned long *size) { ((struct elf32_ehdr *)img)->entry = 0x10; }

static void check_bad_images(void)
{
	refuse("a truncated header", m_truncated);
	refuse("a segment beyond the end of the file", m_truncated_seg);
	refuse("the wrong class (64-bit)", m_class);
	refuse("the wrong machine (x86-64)", m_machine);
	refuse("the wrong type (ET_DYN)", m_type);
	refuse("a segment reaching the kernel half", m_kernel);
	refuse("a segment at page 0", m_page0);
	refuse("overlapping segments", m_overlap);
	refuse("a writable and executable segment", m_wx);
	refuse("an entry outside the text", m_entry);
}

#define NO_ADDR (~0UL)

struct fault_case {
	const char *what;
	const char *arg;
	unsigned int vector;
	unsigned long addr;         /* the page fault's address; ~0: not checked */
	int needs_nx;
};

static void check_faults(void)
{
	static char stack_below[16];
	const struct xenpv_program *fault = need("fault");
	uint32_t do_fault = elf_symbol_addr(fault->image, fault->size, "do_fault");
	const struct fault_case cases[] = {
		{ "null-read", NULL, X86_TRAP_PF, 0, 0 },
		{ "null-write", NULL, X86_TRAP_PF, 0, 0 },
		{ "read", "c0000000", X86_TRAP_PF, 0xc0000000, 0 },
		{ "write", "c0100000", X86_TRAP_PF, 0xc0100000, 0 },
		{ "read", "ffff0000", X86_TRAP_PF, 0xffff0000, 0 },     /* Xen's hole */
		{ "text-write", NULL, X86_TRAP_PF, do_fault, 0 },
		{ "exec-data", NULL, X86_TRAP_PF, NO_ADDR, 1 },
		{ "exec-stack", NULL, X86_TRAP_PF, NO_ADDR, 1 },
		{ "stack-guard", stack_below, X86_TRAP_PF, PROCESS_STACK_TOP - PROCESS_STACK_PAGES * PAGE_SIZE - 4, 0 },
		{ "ud2", NULL, X86_TRAP_UD, NO_ADDR, 0 },
		{ "div0", NULL, X86_TRAP_DE, NO_ADDR, 0 },
		{ "int3", NULL, X86_TRAP_BP, NO_ADDR, 0 },
		{ "cli", NULL, X86_TRAP_GP, NO_ADDR, 0 },
		{ "hlt", NULL, X86_TRAP_GP, NO_ADDR, 0 },
		{ "cr3", NULL, X86_TRAP_GP, NO_ADDR, 0 },
		{ "bad-ds", NULL, X86_TRAP_GP, NO_ADDR, 0 },
		{ "iret-ring1", NULL, X86_TRAP_GP, NO_ADDR, 0 },
		{ "ds-tls", NULL, PROCESS_FAULT_SEGMENT, NO_ADDR, 0 },
		{ "ss-tls", NULL, PROCESS_FAULT_SEGMENT, NO_ADDR, 0 },
	};
	unsigned int i;

	snprintf(stack_below, sizeof(stack_below), "%lx",
		 PROCESS_STACK_TOP - PROCESS_STACK_PAGES * PAGE_SIZE - 4);
	ok(do_fault != 0, "the fault program has symbols (do_fault at %08x)", do_fault);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct fault_case *c = &cases[i];
		const char *argv[] = { "fault", c->what, c->arg, NULL };
		struct process_status st = { 0 };
		int rc;

		if (c->needs_nx && !pte_nx_mask) {
			tap_skip(1, "%s: this CPU has no NX", c->what);
			continue;
		}
		rc = run("fault", argv, &st);
		ok(rc == 0 && st.killed && st.code == -1 && st.vector == c->vector &&
		   (c->addr == NO_ADDR || st.address == c->addr),
		   "%s%s%s kills the program alone: %s (vector %u, address %08lx, eip %08lx)",
		   c->what, c->arg ? " " : "", c->arg ? c->arg : "",
		   st.vector == PROCESS_FAULT_SEGMENT ? "bad segment" : trap_name(st.vector),
		   st.vector, st.address, st.eip);
	}
}

/*
 * A program's %fs names a TLS slot it then empties.  The selector stays
 * loaded; Xen reloads %fs when it next bounces an exception or event
 * from ring 3 (compat_create_bounce_frame) and loads null when that
 * fails, so the program's next use of %fs faults and kills it.  Its
 * companion, yielding to it all along, must not notice.
 */
static void check_tls_cleared(void)
{
	static const char *const tls[] = { "fault", "tls-yield", NULL };
	static const char *const companion[] = { "loop", "yield", "3000", NULL };
	struct process *p, *q;
	struct process_status st = { 0 }, cst = { 0 };
	int rc;

	rc = process_spawn_program(need("fault"), &(struct process_opts){ .argv = tls }, &p);
	rc |= process_spawn_program(need("loop"), &(struct process_opts){ .argv = companion }, &q);
	if (rc == 0)
		rc = process_wait(p, &st) | process_wait(q, &cst);
	/* A null %fs faults as #GP on hardware; QEMU's TCG reads it as
	 * base 0, a #PF at address 0.  Or Xen finds the bad selector first
	 * when it switches the vCPU back in (its failsafe callback), which
	 * with several vCPUs on several physical CPUs it may. */
	ok(rc == 0 && st.killed && (st.vector == X86_TRAP_GP || (st.vector == X86_TRAP_PF && st.address == 0) ||
				    st.vector == PROCESS_FAULT_SEGMENT) &&
	   !cst.killed && cst.code == 0,
	   "a %%fs whose TLS slot was emptied kills that program at its next use (%s), its companion goes on",
	   st.vector == PROCESS_FAULT_SEGMENT ? "bad segment, at Xen's reload" : trap_name(st.vector));
}

/*
 * Xen's failsafe callback, for real.  A program spins on a %fs that
 * names TLS slot 0; a timer interrupting it empties the slot (as a
 * driver changing a descriptor under a program would) and then makes
 * Xen save and restore this vCPU's state: as a domU by giving dom0 the
 * CPU (a console line for xenconsoled, then SCHEDOP_yield), as dom0
 * alone by a platform op that Xen finishes on a tasklet (which syncs
 * our state away from the CPU).  Resuming us, Xen reloads the segments, cannot
 * load %fs and enters the failsafe callback; the program dies with
 * PROCESS_FAULT_SEGMENT on its way back to ring 3.
 */
static struct process *fs_victim;
static struct xenpv_timer fs_timer;
static volatile int fs_nudge_rc = 1;

static void nudge_xen(void)
{
	struct xen_platform_op op = { .cmd = XENPF_core_parking,
				      .interface_version = XENPF_INTERFACE_VERSION };

	if (!xen_initial_domain()) {
		/* xenconsoled has work now; yielding lets dom0 run. */
		printk(KERN_INFO "user test: TLS slot 0 emptied under the program; dom0 runs now\n");
		pv_ops.irq.halt();
		fs_nudge_rc = 0;
		return;
	}
	op.u.core_parking.type = XEN_CORE_PARKING_SET;
	op.u.core_parking.idle_nums = 0;
	fs_nudge_rc = _hypercall1(int, platform_op, &op);       /* this test's only use */
}

static void fs_tick(void *arg)
{
	if (process_current() != fs_victim) {   /* not interrupting it yet */
		xenpv_timer_add(&fs_timer, NSEC_PER_MSEC, fs_tick, NULL);
		return;
	}
	tls_write(0, 0);
	nudge_xen();
}

/* Keeps another vCPU of ours busy: with Xen's other physical CPUs
 * taken, dom0 runs where our yielding vCPU was, and Xen switches that
 * vCPU out and back in for real. */
static volatile int fs_busy;

static int busy_main(void *arg)
{
	(void)arg;
	while (fs_busy)
		asm volatile("pause" ::: "memory");
	return 0;
}

static void check_failsafe(void)
{
	static const char *const argv[] = { "fault", "tls-spin", NULL };
	unsigned long failsafes = xen_failsafe_count, here = 1UL << smp_processor_id();
	struct process_status st = { 0 };
	struct task *busy[XENPV_NR_CPUS] = { 0 };
	unsigned int cpu;
	int rc;

	/* The program, the boot task and the timer that empties the TLS
	 * slot share this vCPU: a slot is a vCPU's own GDT entry. */
	task_set_cpus(task_current(), here);
	fs_busy = 1;
	for (cpu = 0; cpu < XENPV_NR_CPUS && !xen_initial_domain(); cpu++)
		if (cpu_online(cpu) && !(here >> cpu & 1))
			busy[cpu] = task_create(busy_main, NULL,
						&(struct task_opts){ .name = "busy", .cpus = 1UL << cpu });
	rc = process_spawn_program(need("fault"), &(struct process_opts){ .argv = argv, .cpus = here },
				   &fs_victim);
	if (rc == 0) {
		xenpv_timer_add(&fs_timer, 20 * NSEC_PER_MSEC, fs_tick, NULL);
		rc = process_wait(fs_victim, &st);
		xenpv_timer_cancel(&fs_timer);
	}
	fs_busy = 0;
	for (cpu = 0; cpu < XENPV_NR_CPUS; cpu++)
		if (busy[cpu])
			task_join(busy[cpu], NULL);
	task_set_cpus(task_current(), 0);
	ok(rc == 0 && st.killed && st.vector == PROCESS_FAULT_SEGMENT && xen_failsafe_count > failsafes,
	   "a %%fs emptied under a running program: Xen's failsafe callback finds it when it restores the vCPU, "
	   "the program dies (%s, vector %u, %lu failsafe callbacks, nudge %d)",
	   st.vector == PROCESS_FAULT_SEGMENT ? "bad segment" : trap_name(st.vector), st.vector,
	   xen_failsafe_count - failsafes, fs_nudge_rc);
}

/* A program reading or writing its own L1 (at the kernel's address of
 * it, the only one there is) is killed. */
static void check_pagetable_access(const char *how)
{
	const struct xenpv_program *fault = need("fault");
	const char *argv[] = { "fault", how, NULL };
	uint32_t va = elf_symbol_addr(fault->image, fault->size, "target");
	struct process *p;
	struct process_status st = { 0 };
	unsigned long l1 = 0;
	uint32_t *word;

	if (!va || process_spawn_program(fault, &(struct process_opts){ .argv = argv }, &p)) {
		ok(0, "the fault program for %s", how);
		return;
	}
	l1 = (unsigned long)pv_ops.mmu.pte_page(*mm_l2_entry(&p->mm, 0x08048000));
	word = (uint32_t *)((char *)uspace_page(&p->mm, va) + (va & ~PAGE_MASK));
	*word = (uint32_t)l1;
	ok(process_wait(p, &st) == 0 && l1 && st.killed && st.vector == X86_TRAP_PF && st.address == l1,
	   "%s of the program's own pagetable (%08lx) kills it", how, l1);
}

/* Its own L1, mapped writable at a user address: Xen must refuse. */
static void check_pagetables_protected(void)
{
	struct process *p;
	void *l1;
	int rc;

	check_pagetable_access("read-target");
	check_pagetable_access("write-target");

	if (process_spawn_program(need("hello"), NULL, &p)) {
		ok(0, "a process for the pagetable check");
		return;
	}
	l1 = pv_ops.mmu.pte_page(*mm_l2_entry(&p->mm, 0x08048000));
	rc = l1 ? uspace_map(&p->mm, 0x40000000, l1, UMAP_WRITE) : -1;
	if (rc == 0)
		rc = uspace_flush(&p->mm);
	ok(l1 && rc != 0, "mapping a program's own pagetable writable into it is refused by Xen (%d)", rc);
	if (l1 && rc != 0)
		p->mm.user_pages--;     /* counted by uspace_map, never written */
	process_wait(p, NULL);
}

static void check_isolation(void)
{
	static const char *const a[] = { "own", "first-program", NULL };
	static const char *const b[] = { "own", "second-one", NULL };
	struct process *pa, *pb;
	struct process_status sa = { 0 }, sb = { 0 };
	int rc;

	if (process_spawn_program(need("own"), &(struct process_opts){ .argv = a }, &pa) ||
	    process_spawn_program(need("own"), &(struct process_opts){ .argv = b }, &pb)) {
		ok(0, "two programs at the same addresses");
		return;
	}
	ok(uspace_page(&pa->mm, 0x08048000) && uspace_page(&pa->mm, 0x08048000) != uspace_page(&pb->mm, 0x08048000),
	   "two programs at the same virtual address have their own pages");
	rc = process_wait(pa, &sa) | process_wait(pb, &sb);
	ok(rc == 0 && !sa.killed && !sb.killed && sa.code == 0 && sb.code == 0,
	   "interleaved 100 times, each program sees only its own data and stack (codes %d, %d)",
	   sa.code, sb.code);
}

/*
 * Preemption: two spinners and a timer "driver" all make progress.  The
 * timer reads the counters through the kernel's direct map of their
 * pages, taken before they run (a freed page stays mapped there, so a
 * late tick reads stale data, never unmapped memory; once either has
 * ended the ticks stop judging).
 */
#define SPIN_LIMIT 100000000
static volatile uint32_t *spin_word[2];
static struct xenpv_timer driver_timer;
static volatile unsigned long driver_ticks, both_running, both_midway;
static volatile int spin_over;

static void driver_tick(void *arg)
{
	static uint32_t last[2];
	uint32_t now[2] = { *spin_word[0], *spin_word[1] };

	driver_ticks++;
	if (spin_over || now[0] >= SPIN_LIMIT || now[1] >= SPIN_LIMIT) {
		spin_over = 1;
		return;
	}
	/* Both started and neither finished: without preemption the first
	 * would finish before the second began. */
	if (now[0] > 1 && now[1] > 1)
		both_midway++;
	/* Both advanced since the last tick (a slice ended in between). */
	if (now[0] > last[0] && now[1] > last[1] && last[0] > 1 && last[1] > 1)
		both_running++;
	last[0] = now[0];
	last[1] = now[1];
	xenpv_timer_add(&driver_timer, 5 * NSEC_PER_MSEC, driver_tick, NULL);
}

static void check_preemption(void)
{
	static const char *const argv[] = { "spin", "100000000", NULL };  /* SPIN_LIMIT */
	const struct xenpv_program *spin = need("spin");
	unsigned long preempted = process_preemptions();
	uint32_t va = elf_symbol_addr(spin->image, spin->size, "spin_count");
	struct process *sp[2];
	struct process_status st[2];
	unsigned int i;
	int rc0, rc1;

	if (!va || process_spawn_program(spin, &(struct process_opts){ .argv = argv }, &sp[0]) ||
	    process_spawn_program(spin, &(struct process_opts){ .argv = argv }, &sp[1])) {
		ok(0, "two spinning programs");
		return;
	}
	for (i = 0; i < 2; i++)
		spin_word[i] = (uint32_t *)((char *)uspace_page(&sp[i]->mm, va) + (va & ~PAGE_MASK));
	xenpv_timer_add(&driver_timer, 5 * NSEC_PER_MSEC, driver_tick, NULL);
	rc0 = process_wait(sp[0], &st[0]);
	spin_over = 1;
	rc1 = process_wait(sp[1], &st[1]);
	xenpv_timer_cancel(&driver_timer);
	ok(rc0 == 0 && rc1 == 0 && st[0].code == 0 && st[1].code == 0,
	   "two programs spinning without system calls both finish");
	ok(driver_ticks > 3, "a timer-driven driver ran meanwhile (%lu ticks)", driver_ticks);
	ok(both_midway > 0, "both programs were half-way at once (at %lu ticks; both advanced between two ticks %lu times)",
	   both_midway, both_running);
	ok(process_preemptions() > preempted, "their time slices ended in preemption (%lu)",
	   process_preemptions() - preempted);
}

/* A program asleep lets others run: while one sleeps 1 s in nanosleep,
 * another's 1,000 getpids (34-59 ms under TCG here, far less than the
 * sleep even when Xen shares one CPU with dom0) run to their end.  The sleeper's state
 * is read the moment the worker is reaped, not at a fixed time: a sleep
 * that halted the vCPU would hold the worker back until the sleep ended,
 * and the sleeper would be dead by then. */
static void check_sleep_lets_others_run(void)
{
	static const char *const sleeper[] = { "loop", "sleep", "1000", NULL };
	static const char *const worker[] = { "loop", "getpid", "1000", NULL };
	struct process_status ss = { 0 }, ws = { 0 };
	struct process *sleeper_p, *worker_p;
	int rc, sleeper_blocked = 0;
	uint64_t t0 = xenpv_clock_ns(), worker_ns = 0;

	rc = process_spawn_program(need("loop"), &(struct process_opts){ .argv = sleeper }, &sleeper_p);
	rc |= process_spawn_program(need("loop"), &(struct process_opts){ .argv = worker }, &worker_p);
	if (rc == 0) {
		rc = process_wait(worker_p, &ws);
		worker_ns = xenpv_clock_ns() - t0;
		sleeper_blocked = sleeper_p->task->state == TASK_BLOCKED;
		rc |= process_wait(sleeper_p, &ss);
	}
	ok(rc == 0 && ss.code == 0 && ws.code == 0 && sleeper_blocked,
	   "while one program sleeps 1 s, another runs its 1,000 system calls to the end "
	   "(sleeper still blocked %d; the worker took %llu ms)", sleeper_blocked,
	   (unsigned long long)(worker_ns / NSEC_PER_MSEC));
}

/* A driver's end of a loopback channel answers every notification. */
static volatile unsigned long pings;
static int driver_irq = -1;

static irqreturn_t driver_event(int irq, void *dev_id, struct pt_regs *regs)
{
	if (!*(volatile int *)dev_id)
		return IRQ_HANDLED;     /* the event binding delivers at once */
	pings++;
	notify_remote_via_irq((unsigned int)irq);
	return IRQ_HANDLED;
}

static void check_events(void)
{
	static const char *const argv[] = { "echo", "50", NULL };
	static volatile int armed;
	unsigned int port;
	struct process *p;
	struct process_status st;
	int h, rc;

	rc = evtchn_alloc_unbound(DOMID_SELF_ID, &port);
	if (rc == 0)
		driver_irq = bind_interdomain_evtchn_to_irqhandler(DOMID_SELF_ID, port, driver_event,
								  "user-driver", (void *)&armed);
	if (rc || driver_irq < 0 || process_spawn_program(need("echo"), &(struct process_opts){ .argv = argv }, &p)) {
		ok(0, "a loopback event channel and the echo program (%d, %d)", rc, driver_irq);
		return;
	}
	h = process_bind_event(p, port);
	ok(h == 0, "the driver gives its channel to the program as handle 0 (%d)", h);
	armed = 1;
	rc = process_wait(p, &st);
	ok(rc == 0 && !st.killed && st.code == 0 && pings == 50,
	   "the program and the driver exchanged 50 events each way (code %d, %lu pings)", st.code, pings);
	unbind_from_irqhandler((unsigned int)driver_irq, (void *)&armed);
}

static void check_fuzz(void)
{
	static const char *const argv[] = { "fuzz", "100000", "12345", NULL };
	static const char *const args[] = { "syscalls", "a", "b", NULL };
	unsigned long before = nr_free_pages();
	struct process_status st = { 0 };
	int rc;

	rc = run("fuzz", argv, &st);
	ok(rc == 0 && !st.killed && st.code == 0,
	   "100,000 random system calls came back (code %d, killed %d)", st.code, st.killed);
	ok(nr_free_pages() == before, "and gave back every page (%ld)", (long)(nr_free_pages() - before));
	rc = run("syscalls", args, &st);
	ok(rc == 0 && st.code == 0, "afterwards the system call checks still pass");
}

static void check_accounting(void)
{
	static const char *const fault[] = { "fault", "null-write", NULL };
	unsigned long before = nr_free_pages();
	struct process_status st;
	unsigned int i, bad = 0;

	for (i = 0; i < 1000; i++)
		if (run(i % 10 ? "hello" : "fault", i % 10 ? NULL : fault, &st) || st.killed != !(i % 10))
			bad++;
	ok(bad == 0 && nr_free_pages() == before,
	   "1,000 runs (100 of them killed) give back every page (%u failed, %ld pages)",
	   bad, (long)(nr_free_pages() - before));
}

/*
 * Figures for make bench (tests/bench/user.sh): a run with n calls less
 * a run with none, so that loading and ending the programs cancel out.
 */
struct cost {
	uint64_t ns;
	unsigned long hypercalls;
};

static int run_loops(const char *kind, const char *n, unsigned int copies, struct cost *c)
{
	const char *argv[] = { "loop", kind, n, NULL };
	struct process *p[2];
	unsigned long hc = xenpv_hypercalls();
	uint64_t t0 = xenpv_clock_ns();
	unsigned int i;
	int rc = 0;

	for (i = 0; i < copies; i++)
		rc |= process_spawn_program(need("loop"), &(struct process_opts){ .argv = argv }, &p[i]);
	for (i = 0; i < copies && rc == 0; i++)
		rc |= process_wait(p[i], NULL);
	c->ns = xenpv_clock_ns() - t0;
	c->hypercalls = xenpv_hypercalls() - hc;
	return rc;
}

static void bench(void)
{
	struct cost none, some;
	int rc;

	rc = run_loops("getpid", "0", 1, &none) | run_loops("getpid", "100000", 1, &some);
	if (rc == 0)
		xenpv_stat("user_syscall_ns", (some.ns - none.ns) / 100000);
	/* Two programs yielding to each other: every yield is a switch
	 * between their address spaces. */
	rc |= run_loops("yield", "0", 2, &none) | run_loops("yield", "10000", 2, &some);
	if (rc == 0) {
		xenpv_stat("user_switch_ns", (some.ns - none.ns) / 20000);
		xenpv_stat("user_switch_hypercalls_x100", (some.hypercalls - none.hypercalls) * 100 / 20000);
	}
	ok(rc == 0, "the benchmark's programs ran (user_syscall_ns, user_switch_*)");
}

/* make bench boots this kernel with user.bench_only=1: the figures alone. */
static unsigned int bench_only;
XENPV_PARAM(user, bench_only, bool, &bench_only, 0, 1, "run only the benchmark");

static int user_init(void)
{
	if (bench_only) {
		tap_plan(1);
		bench();
		return tap_done();
	}
	tap_plan(52);
	check_basics();
	check_bad_images();
	check_faults();
	check_tls_cleared();
	check_failsafe();
	check_pagetables_protected();
	check_isolation();
	check_preemption();
	check_sleep_lets_others_run();
	check_events();
	check_fuzz();
	check_accounting();
	bench();
	return tap_done();
}

XENPV_MODULE(user, user_init, NULL);
