/*
 * The kernel's vsnprintf, built for the host (renamed xenpv_vsnprintf),
 * against the C library's on the same formats and arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include "unit-tap.h"

int xenpv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

static int ours(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = xenpv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define SAME(fmt, ...) do { \
	char a[128], b[128]; \
	int na = ours(a, sizeof(a), fmt, __VA_ARGS__); \
	int nb = snprintf(b, sizeof(b), fmt, __VA_ARGS__); \
	UNIT_OK(na == nb && strcmp(a, b) == 0, "%-12s -> \"%s\" (libc \"%s\")", fmt, a, b); \
} while (0)

int main(void)
{
	char small[8];
	int n;

	SAME("%d", 0);
	SAME("%d", -42);
	SAME("%d", INT_MIN);
	SAME("%i|%5d|%-5d|", 7, 7, 7);
	SAME("%05d|%+d|% d", -12, 3, 3);
	SAME("%u", UINT_MAX);
	SAME("%x|%X|%#x|%#X", 0xbeefu, 0xbeefu, 0xbeefu, 0u);
	SAME("%o|%#o|%#o", 8u, 8u, 0u);
	SAME("%08x|%-8x|", 0x1234u, 0x1234u);
	SAME("%.3d|%.0d|%5.3d", 5, 0, 5);
	SAME("%lld|%llu", LLONG_MIN, ULLONG_MAX);
	SAME("%llx|%#llx", 0x123456789abcdefULL, 1ULL << 63);
	SAME("%ld|%lu|%lx", LONG_MIN, ULONG_MAX, 0xfeedUL);
	SAME("%zu|%zx|%td|%jd", (size_t)12345, (size_t)255, (ptrdiff_t)-7, (intmax_t)-99);
	SAME("%hhd|%hhu|%hd|%hu", 300, 300, 70000, 70000);
	SAME("%s|%10s|%-10s|%.2s", "abc", "abc", "abc", "abc");
	SAME("%c%c|%3c|%-3c|", 'x', 'y', 'z', 'w');
	SAME("%*d|%-*d|%.*s", 6, 42, 6, 42, 3, "abcdef");
	SAME("100%%%s", "!");

	n = ours(small, sizeof(small), "%s", "truncated string");
	UNIT_OK(n == 16 && strcmp(small, "truncat") == 0,
		"truncation keeps a terminator and returns the full length (%d, \"%s\")", n, small);
	n = ours(NULL, 0, "%d", 12345);
	UNIT_OK(n == 5, "size 0 writes nothing and returns the length (%d)", n);
	n = ours(small, sizeof(small), "%s", (char *)NULL);
	UNIT_OK(strcmp(small, "(null)") == 0, "a NULL string prints (null)");
	n = ours(small, sizeof(small), "%p", (void *)0x1234);
	UNIT_OK(n == 2 + 2 * (int)sizeof(void *), "%%p has fixed width (%d)", n);

	return UNIT_DONE();
}
