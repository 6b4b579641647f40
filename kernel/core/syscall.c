/*
 * System calls through the int 0x80 gate (numbers in <xenpv/user.h>).
 * Every user pointer is checked against the user half and copied under
 * an exception fixup, so a bad one gives -EFAULT and nothing else.
 */
#include <xenpv/kernel.h>
#include <xenpv/user.h>
#include <xenpv/time.h>
#include <xenpv/task.h>
#include <kernel/process.h>
#include <kernel/paravirt.h>
#include <kernel/task.h>
#include <kernel/traps.h>
#include <kernel/desc.h>
#include <kernel/boot.h>

typedef long (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

#define SYSCALL(name) \
	static long syscall_##name(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e)
#define UNUSED_ARGS(...) (void)a, (void)b, (void)c, (void)d, (void)e

static int user_range_ok(uint32_t ptr, uint32_t len)
{
	return ptr < USER_TOP && len <= USER_TOP - ptr;
}

SYSCALL(version)
{
	UNUSED_ARGS();
	return XENPV_ABI_VERSION;
}

SYSCALL(write)
{
	char buf[256];
	uint32_t done = 0;

	UNUSED_ARGS();
	if (b > XENPV_WRITE_MAX)
		return -EINVAL;
	if (!user_range_ok(a, b))
		return -EFAULT;
	while (done < b) {
		uint32_t n = b - done < sizeof(buf) ? b - done : sizeof(buf);

		if (copy_from_user(buf, (const void *)(uintptr_t)(a + done), n))
			return done ? (long)done : -EFAULT;
		console_write_raw(buf, n);
		done += n;
	}
	return (long)done;
}

SYSCALL(exit)
{
	UNUSED_ARGS();
	process_exit((int)a);
}

SYSCALL(getpid)
{
	UNUSED_ARGS();
	return process_pid(process_current());
}

SYSCALL(yield)
{
	UNUSED_ARGS();
	yield();
	return 0;
}

static void wake_task(void *arg)
{
	task_wake(arg);
}

/* Sleep this task only: others run meanwhile (xenpv_sleep_ns would halt
 * the vCPU). */
SYSCALL(nanosleep)
{
	uint64_t ns = a | (uint64_t)b << 32, deadline = xenpv_clock_ns() + ns;
	struct xenpv_timer t;
	unsigned long flags;

	UNUSED_ARGS();
	if (ns > 3600 * NSEC_PER_SEC)
		return -EINVAL;
	flags = local_irq_save();
	while (xenpv_clock_ns() < deadline) {
		xenpv_timer_add(&t, deadline - xenpv_clock_ns(), wake_task, task_current());
		task_sleep();
		xenpv_timer_cancel(&t);
	}
	local_irq_restore(flags);
	return 0;
}

/* Grow or shrink the break a page at a time; a failure leaves it as it was. */
SYSCALL(brk)
{
	struct process *p = process_current();
	unsigned long want, va;

	UNUSED_ARGS();
	if (a == 0)
		return (long)p->brk;
	/* Checked before rounding up, which could wrap to 0. */
	if (a < p->brk_start || a > p->brk_limit)
		return -ENOMEM;
	want = PAGE_ALIGN((unsigned long)a);
	for (va = p->brk; va < want; va += PAGE_SIZE) {
		if (!uspace_map_new(&p->mm, va, UMAP_WRITE)) {
			uspace_flush(&p->mm);
			while (va > p->brk)
				uspace_unmap(&p->mm, va -= PAGE_SIZE);
			return -ENOMEM;
		}
	}
	if (uspace_flush(&p->mm))
		return -ENOMEM;
	for (va = p->brk; va > want; va -= PAGE_SIZE)
		uspace_unmap(&p->mm, va - PAGE_SIZE);
	p->brk = want;
	return (long)a;
}

SYSCALL(event_wait)
{
	UNUSED_ARGS();
	return process_event_wait((int)a);
}

SYSCALL(event_notify)
{
	UNUSED_ARGS();
	return process_event_notify((int)a);
}

SYSCALL(clock_ns)
{
	uint64_t now = xenpv_clock_ns();

	UNUSED_ARGS();
	if (!user_range_ok(a, sizeof(now)) ||
	    copy_to_user((void *)(uintptr_t)a, &now, sizeof(now)))
		return -EFAULT;
	return 0;
}

SYSCALL(set_tls)
{
	int rc;

	UNUSED_ARGS();
	if (a >= GDT_TLS_ENTRIES)
		return -EINVAL;
	if (c && !user_range_ok(b, c))
		return -EFAULT;
	rc = tls_write(a, c ? tls_descriptor(b, c - 1) : 0);
	return rc ? rc : tls_selector(a);
}

static const syscall_fn syscall_table[XENPV_NR_SYSCALLS] = {
	[XENPV_SYS_version] = syscall_version,
	[XENPV_SYS_write] = syscall_write,
	[XENPV_SYS_exit] = syscall_exit,
	[XENPV_SYS_getpid] = syscall_getpid,
	[XENPV_SYS_yield] = syscall_yield,
	[XENPV_SYS_nanosleep] = syscall_nanosleep,
	[XENPV_SYS_brk] = syscall_brk,
	[XENPV_SYS_event_wait] = syscall_event_wait,
	[XENPV_SYS_event_notify] = syscall_event_notify,
	[XENPV_SYS_clock_ns] = syscall_clock_ns,
	[XENPV_SYS_set_tls] = syscall_set_tls,
};

/* Calls other than version need a program: a kernel task's int 0x80
 * (the tests' ring-3 code without a process) gets -ENOSYS. */
void do_syscall(struct pt_regs *regs)
{
	uint32_t nr = regs->eax;

	if (nr >= ARRAY_SIZE(syscall_table) || !syscall_table[nr] ||
	    (nr != XENPV_SYS_version && !process_current())) {
		regs->eax = (uint32_t)-ENOSYS;
		return;
	}
	regs->eax = (uint32_t)syscall_table[nr](regs->ebx, regs->ecx, regs->edx,
						regs->esi, regs->edi);
	if (user_mode(regs))
		return_to_user(regs);
}
