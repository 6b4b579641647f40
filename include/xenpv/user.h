/*
 * xenpv/user.h - the program side of user programs: system call numbers
 * and wrappers for static i386 programs that a xenpv kernel runs in
 * ring 3 (<xenpv/process.h> is the kernel side).
 *
 * A program is built -m32 -static -nostdlib -ffreestanding, linked with
 * the SDK's crt (which calls main(argc, argv) and exits with its
 * result), and embedded into the kernel image (see sdk/README).  It
 * must not include kernel headers: this one needs only <stdint.h>.
 *
 * System calls go through int 0x80: the number in eax, arguments in
 * ebx, ecx, edx, esi, edi, the result in eax.  Every call returns a
 * value >= 0 or -errno (<xenpv/errno.h> has the values): -EFAULT for a
 * pointer the program may not use, -ENOSYS for an unknown number,
 * -EINVAL for a bad argument.
 */
#ifndef XENPV_USER_H
#define XENPV_USER_H

#include <stdint.h>

enum xenpv_syscall {
	XENPV_SYS_version = 0,          /* the kernel's ABI version */
	XENPV_SYS_write = 1,            /* (buf, len): to the console; bytes written */
	XENPV_SYS_exit = 2,             /* (code): ends the program */
	XENPV_SYS_getpid = 3,
	XENPV_SYS_yield = 4,            /* let other programs and tasks run */
	XENPV_SYS_nanosleep = 5,        /* (ns low, ns high) */
	XENPV_SYS_brk = 6,              /* (addr): the new break; 0 asks for it */
	XENPV_SYS_event_wait = 7,       /* (handle): events since the last wait, >= 1 */
	XENPV_SYS_event_notify = 8,     /* (handle): signal the other end */
	XENPV_SYS_clock_ns = 9,         /* (uint64_t *): monotonic nanoseconds */
	XENPV_SYS_set_tls = 10,         /* (slot, base, size): the selector */
	XENPV_NR_SYSCALLS
};

/* What XENPV_SYS_version returns: 0x00MMmm. */
#define XENPV_ABI_VERSION 0x000200

/* The most a single write puts on the console. */
#define XENPV_WRITE_MAX 4096

/* One wrapper per arity; the kernel preserves every register but eax. */
#define XENPV_SYSCALL_ASM "int $0x80"

static inline long xenpv_syscall0(long nr)
{
	long r;

	__asm__ volatile(XENPV_SYSCALL_ASM : "=a"(r) : "a"(nr) : "memory");
	return r;
}

static inline long xenpv_syscall1(long nr, long a)
{
	long r;

	__asm__ volatile(XENPV_SYSCALL_ASM : "=a"(r) : "a"(nr), "b"(a) : "memory");
	return r;
}

static inline long xenpv_syscall2(long nr, long a, long b)
{
	long r;

	__asm__ volatile(XENPV_SYSCALL_ASM : "=a"(r) : "a"(nr), "b"(a), "c"(b) : "memory");
	return r;
}

static inline long xenpv_syscall3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile(XENPV_SYSCALL_ASM : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static inline long xenpv_syscall5(long nr, long a, long b, long c, long d, long e)
{
	long r;

	__asm__ volatile(XENPV_SYSCALL_ASM : "=a"(r)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e) : "memory");
	return r;
}

static inline long sys_write(const void *buf, unsigned long len)
{
	return xenpv_syscall2(XENPV_SYS_write, (long)buf, (long)len);
}

static inline __attribute__((noreturn)) void sys_exit(int code)
{
	xenpv_syscall1(XENPV_SYS_exit, code);
	__builtin_unreachable();
}

static inline long sys_getpid(void)
{
	return xenpv_syscall0(XENPV_SYS_getpid);
}

static inline long sys_yield(void)
{
	return xenpv_syscall0(XENPV_SYS_yield);
}

static inline long sys_nanosleep(uint64_t ns)
{
	return xenpv_syscall2(XENPV_SYS_nanosleep, (long)(uint32_t)ns, (long)(uint32_t)(ns >> 32));
}

/* The new break, or -errno (the break unchanged). */
static inline long sys_brk(void *addr)
{
	return xenpv_syscall1(XENPV_SYS_brk, (long)addr);
}

/* Block until the event channel the kernel bound for this program as
 * handle fired; how many times it fired since the last wait. */
static inline long sys_event_wait(int handle)
{
	return xenpv_syscall1(XENPV_SYS_event_wait, handle);
}

static inline long sys_event_notify(int handle)
{
	return xenpv_syscall1(XENPV_SYS_event_notify, handle);
}

static inline long sys_clock_ns(uint64_t *ns)
{
	return xenpv_syscall1(XENPV_SYS_clock_ns, (long)ns);
}

static inline long sys_print(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return sys_write(s, n);
}

/* TLS slot 0..2 becomes a data segment of size bytes at base (inside
 * the program's half; size 0 empties it); the selector to load into
 * %fs or %gs.  A selector whose slot is emptied while loaded is a bad
 * segment: the program is killed, on its way back to user mode (%ds,
 * %es, %ss) or at its next use of it (%fs, %gs, which Xen reloads as
 * null). */
static inline long sys_set_tls(unsigned int slot, const void *base, unsigned long size)
{
	return xenpv_syscall3(XENPV_SYS_set_tls, (long)slot, (long)base, (long)size);
}

/* The program's entry, called by the crt. */
int main(int argc, char **argv);

#endif
