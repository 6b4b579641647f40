/*
 * The system calls from the program's side: each check that fails
 * prints a line and counts; the exit code is the number of failures
 * (tests/guest/user.c expects 0).
 */
#include <xenpv/user.h>
#include <xenpv/errno.h>

static int failures;

static void check(int cond, const char *what)
{
	if (!cond) {
		sys_print("syscalls: FAILED: ");
		sys_print(what);
		sys_print("\n");
		failures++;
	}
}

int main(int argc, char **argv)
{
	uint64_t t0 = 0, t1 = 0;
	char *brk0, *brk1;
	unsigned long i;

	check(argc == 3 && argv[1][0] == 'a' && argv[2][0] == 'b' && argv[3] == 0,
	      "argc and argv as the kernel was given them");
	check(xenpv_syscall0(XENPV_SYS_version) == XENPV_ABI_VERSION, "version");
	check(sys_getpid() > 0, "getpid");
	check(xenpv_syscall0(XENPV_NR_SYSCALLS) == -ENOSYS, "an unknown number gives -ENOSYS");
	check(xenpv_syscall0(-1) == -ENOSYS, "number -1 gives -ENOSYS");
	check(sys_write("", 0) == 0, "an empty write");
	/* The kernel's next TAP line must still start a line of its own. */
	check(sys_write("syscalls: a write without its newline", 37) == 37, "a write returns its length");
	check(sys_write((void *)0, 4) == -EFAULT, "write from NULL gives -EFAULT");
	check(sys_write((void *)0xc0000000, 4) == -EFAULT, "write from the kernel half gives -EFAULT");
	check(sys_write((void *)0xbffffffe, 4) == -EFAULT, "write across the top of the user half gives -EFAULT");
	check(sys_write("x", XENPV_WRITE_MAX + 1) == -EINVAL, "an oversized write gives -EINVAL");
	check(sys_clock_ns((uint64_t *)0xc0100000) == -EFAULT, "clock into the kernel half gives -EFAULT");
	check(sys_clock_ns((uint64_t *)0x1000) == -EFAULT, "clock into an unmapped page gives -EFAULT");
	check(sys_clock_ns(&t0) == 0 && sys_nanosleep(2000000) == 0 && sys_clock_ns(&t1) == 0 &&
	      t1 - t0 >= 2000000, "nanosleep(2 ms) sleeps at least 2 ms");
	check(sys_nanosleep(~0ULL) == -EINVAL, "an absurd sleep gives -EINVAL");
	check(sys_yield() == 0, "yield");
	check(sys_event_wait(0) == -EBADF && sys_event_notify(7) == -EBADF && sys_event_wait(-1) == -EBADF,
	      "event calls on handles never given give -EBADF");

	brk0 = (char *)sys_brk(0);
	check((long)brk0 > 0 && ((unsigned long)brk0 & 4095) == 0, "brk(0) gives the page-aligned break");
	check(sys_brk(brk0 + 3 * 4096 + 1) == (long)(brk0 + 3 * 4096 + 1), "brk grows by 3 pages and a byte");
	for (i = 0; i < 4 * 4096 && brk0[i] == 0; i++)
		;
	check(i == 4 * 4096, "new break memory is zeroed");
	for (i = 0; i < 4 * 4096; i++)
		brk0[i] = (char)i;
	brk1 = (char *)sys_brk(0);
	check(brk1 == brk0 + 4 * 4096, "the break is kept page-aligned");
	check(sys_brk(brk0 + 4096) == (long)(brk0 + 4096) && brk0[4095] == (char)4095,
	      "brk shrinks, keeping what stays");
	check(sys_brk((void *)0x10) == -ENOMEM, "brk below the program gives -ENOMEM");
	check(sys_brk((void *)0xbff00000) == -ENOMEM, "brk into the stack gives -ENOMEM");
	check(sys_brk(0) == (long)(brk0 + 4096), "a refused brk leaves the break");
	check(sys_write((void *)(brk0 + 4096), 1) == -EFAULT, "memory above the break is gone");
	return failures;
}
