/*
 * xenpv/kernel.h - what every module may use from the core kernel.
 */
#ifndef XENPV_KERNEL_H
#define XENPV_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <xenpv/errno.h>
#include <xenpv/math64.h>
#include <xenpv/printk.h>
#include <xenpv/time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define __noreturn __attribute__((noreturn))

/* Print a report (message, where it came from, a backtrace where available)
 * and stop the domain with SHUTDOWN_crash.  Never returns. */
void panic(const char *fmt, ...) XENPV_PRINTF(1, 2) __noreturn;

#define BUG_ON(cond) do { \
	if (__builtin_expect(!!(cond), 0)) \
		panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
} while (0)

/* End the kernel: run the modules' exit functions, print the verdict line
 * "xenpv-exit: STATUS" that xenpv-run reads, and shut the domain down
 * cleanly.  Status 0 means success. */
void xenpv_exit(int status) __noreturn;

/* The kernel command line Xen handed over, and one option from it:
 * "name=value" gives value, a bare "name" gives "", absence gives NULL.
 * The value runs to the next space; copy it before use. */
const char *xenpv_cmdline(void);
const char *xenpv_cmdline_get(const char *name, size_t *len);
/* A numeric option "name=N" (decimal, or 0x hex) with min <= N <= max:
 * 1 and *val set; 0 when absent (*val untouched); -EINVAL when it is not
 * such a number, after a console line naming it ("ignored"). */
int xenpv_cmdline_ulong(const char *name, unsigned long min, unsigned long max, unsigned long *val);

/* Hypercalls this vCPU made since boot, of every kind (a multicall
 * counts once): what an operation costs, for xenpv-stat figures. */
unsigned long xenpv_hypercalls(void);

/* xenpv_clock_ns(), nanoseconds of Xen system time, is time.h's. */

/* Print "xenpv-stat: KEY=VALUE", the line benchmarks collect. */
void xenpv_stat(const char *key, unsigned long long value);

/* Minimal string functions. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *s, const char *sub);
unsigned long strtoul(const char *s, char **end, int base);

#endif
