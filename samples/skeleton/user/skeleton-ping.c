/*
 * skeleton-ping: the skeleton driver's user program.  The driver
 * (src/skeleton.c, skeleton_ping) runs it in ring 3 with one event
 * channel, handle 0, whose other end is the driver's:
 *
 *     skeleton-ping ROUNDS [no-device]
 *
 * ROUNDS times (1 to 1000): notify the driver, wait for its answer and
 * print one line.  The driver answers each notification once, after one
 * request to the backend came back; "no-device" says there is no device
 * to ask (dom0, or a domU that was given none): the driver then answers
 * each notification at once.  An event carries no data, so a round trip
 * that failed is the driver's to report, not ours.
 *
 * Exit 0, or on a surprise a code that says which: 1 bad arguments,
 * 2 not running in ring 3, 3 a notification the kernel refused, 4 a wait
 * that did not see exactly the one answer asked for.
 */
#include <xenpv/user.h>

#define MAX_ROUNDS 1000

/* A line is built in line[] and written with one system call, so that
 * the kernel's lines never land inside it. */
static char line[160];
static unsigned int used;

static void put(const char *s)
{
	while (*s && used < sizeof(line) - 1)
		line[used++] = *s++;
}

static void put_int(long v)
{
	char digits[12];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	int i = sizeof(digits) - 1;

	digits[i] = '\0';
	do
		digits[--i] = (char)('0' + u % 10);
	while ((u /= 10) && i > 1);
	if (v < 0)
		digits[--i] = '-';
	put(&digits[i]);
}

static void say(void)
{
	line[used++] = '\n';
	sys_write(line, used);
	used = 0;
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* ROUNDS in decimal, 1 to MAX_ROUNDS; 0 for anything else. */
static unsigned int parse_rounds(const char *s)
{
	unsigned int n = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > MAX_ROUNDS)
			return 0;
		n = n * 10 + (unsigned int)(*s - '0');
	}
	return n <= MAX_ROUNDS ? n : 0;
}

int main(int argc, char **argv)
{
	unsigned int rounds = argc >= 2 ? parse_rounds(argv[1]) : 0, cs, i;
	int device = argc == 2;
	long n;

	if (!rounds || argc > 3 || (argc == 3 && !same(argv[2], "no-device"))) {
		sys_print("skeleton-ping: usage: skeleton-ping ROUNDS [no-device] (ROUNDS 1 to 1000)\n");
		return 1;
	}
	/* The driver's word that this runs in user mode: the privilege
	 * level of the code segment we run on. */
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	put("skeleton-ping: pid ");
	put_int(sys_getpid());
	put(" in ring ");
	put_int(cs & 3);
	if ((cs & 3) != 3) {
		put(": not user mode");
		say();
		return 2;
	}
	put(": ");
	put_int(rounds);
	put(device ? " round trips to the backend through the driver" :
		     " rounds, no device: the driver answers alone");
	say();
	for (i = 1; i <= rounds; i++) {
		n = sys_event_notify(0);
		if (n != 0) {
			put("skeleton-ping: the kernel refused notification ");
			put_int(i);
			put(" (");
			put_int(n);
			put(")");
			say();
			return 3;
		}
		n = sys_event_wait(0);
		put("skeleton-ping: ");
		put_int(i);
		put("/");
		put_int(rounds);
		if (n != 1) {
			put(": waited for one answer, got ");
			put_int(n);
			say();
			return 4;
		}
		put(": answered");
		say();
	}
	return 0;
}
