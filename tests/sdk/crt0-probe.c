/*
 * A user program run on the build host, not under xenpv: Linux starts a
 * static i386 program with the stack the xenpv kernel builds, so this
 * checks the SDK's crt (argc and argv, an aligned stack, the outermost
 * frame) and its memcpy/memmove/memset/memcmp.  It ends through Linux's
 * exit, never returning to the crt (whose exit call is xenpv's, not
 * Linux's), and prints one TAP line a check (tests/sdk/crt0.sh).
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int main(int argc, char **argv);

#define LINUX_EXIT 1
#define LINUX_WRITE 4

static long linux3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static int n, failed;

static void say(const char *s)
{
	size_t len = 0;

	while (s[len])
		len++;
	linux3(LINUX_WRITE, 1, (long)s, (long)len);
}

static void ok(int cond, const char *what)
{
	static char num[12];
	int i = sizeof(num) - 1, v = ++n;

	do
		num[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 0);
	say(cond ? "ok " : "not ok ");
	say(num + i);
	say(" - ");
	say(what);
	say("\n");
	failed += !cond;
}

static int same_str(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static uint32_t rnd_state = 12345;

static unsigned int rnd(unsigned int below)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % below;
}

#define BUF 512
static unsigned char a[BUF], b[BUF], ref[BUF];

static void fill(void)
{
	for (int i = 0; i < BUF; i++) {
		a[i] = (unsigned char)rnd(256);
		b[i] = ref[i] = a[i];
	}
}

static int same(const unsigned char *x, const unsigned char *y)
{
	for (int i = 0; i < BUF; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

/* Byte loops as the reference (built with -fno-tree-loop-distribute-patterns:
 * the compiler must not make them calls of the functions under test). */
static void ref_move(unsigned char *base, size_t dst, size_t src, size_t len)
{
	unsigned char tmp[BUF];

	for (size_t i = 0; i < len; i++)
		tmp[i] = base[src + i];
	for (size_t i = 0; i < len; i++)
		base[dst + i] = tmp[i];
}

static void check_memory(void)
{
	int cpy = 1, move = 1, set = 1, cmp = 1, ret = 1;

	for (int round = 0; round < 2000; round++) {
		size_t len = rnd(200), dst = rnd(BUF - 200), src = rnd(BUF - 200);

		fill();
		ref_move(ref, dst, src, len);
		ret &= memmove(b + dst, b + src, len) == b + dst;
		move &= same(b, ref);

		fill();
		ref_move(ref, dst, src, len);           /* ref is a copy of a */
		ret &= memcpy(b + dst, a + src, len) == b + dst;
		cpy &= same(b, ref);

		fill();
		for (size_t i = 0; i < len; i++)
			ref[dst + i] = (unsigned char)round;
		ret &= memset(b + dst, 0x100 | round, len) == b + dst;
		set &= same(b, ref);

		fill();
		if (len && rnd(4))
			b[dst + rnd(len)] ^= (unsigned char)(1 + rnd(255));
		size_t i = 0;
		while (i < len && a[dst + i] == b[dst + i])
			i++;
		cmp &= memcmp(a + dst, b + dst, len) == (i == len ? 0 : a[dst + i] - b[dst + i]);
	}
	ok(cpy, "memcpy copies exactly len bytes");
	ok(move, "memmove copies overlapping ranges both ways");
	ok(set, "memset stores (unsigned char)c, len times");
	ok(cmp, "memcmp: 0 when equal, else the first differing bytes' difference (unsigned)");
	ok(ret, "memcpy, memmove and memset return dst");
}

int main(int argc, char **argv)
{
	void **frame = __builtin_frame_address(0);

	say("1..8\n");
	ok(argc == 3 && same_str(argv[0], "probe") && same_str(argv[1], "one") &&
	   same_str(argv[2], "two") && argv[3] == NULL, "main gets argc and argv");
	/* With a frame pointer, ebp = the entry esp - 4: 16-byte alignment
	 * at the call leaves it 8 past a multiple of 16. */
	ok(((uintptr_t)frame & 15) == 8, "the stack is 16-byte aligned at the call of main");
	ok(frame[0] == NULL, "the crt's frame is the outermost (ebp 0)");
	check_memory();
	linux3(LINUX_EXIT, failed != 0, 0, 0);
	return 99;      /* not reached: the crt's exit is xenpv's */
}
