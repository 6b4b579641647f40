/*
 * argv[1] random system calls (decimal; seeded by argv[2]) with random
 * numbers and arguments: plain random words, small numbers, and
 * pointers that are NULL, unmapped, in the kernel half, across the top
 * of the user half or into this program's own memory.  Calls that
 * would end or park the program are left out (exit; an event wait; a
 * sleep longer than 1 ms), a write writes nothing unless its pointer
 * is one that cannot be read (NULL's page, the kernel half), so that
 * the console sees no bytes of ours, and the break moves within 64 KiB
 * of its start (a random one could take 64 MiB each time).  Exit 0
 * after the last call: every call came back.
 */
#include <xenpv/user.h>

static uint32_t state;

static uint32_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

static uint32_t number(const char *s)
{
	uint32_t v = 0;

	for (; *s; s++)
		v = v * 10 + (uint32_t)(*s - '0');
	return v;
}

static char scratch[4096];

static uint32_t arg(void)
{
	switch (rnd() % 8) {
	case 0: return rnd();
	case 1: return rnd() % 16;
	case 2: return 0;
	case 3: return 0xc0000000u + (rnd() % 0x3f000000u);     /* kernel half */
	case 4: return 0xbffffff0u + (rnd() % 16);              /* across the top */
	case 5: return 0x1000u * (rnd() % 16);                  /* low, unmapped */
	case 6: return (uint32_t)(uintptr_t)scratch + rnd() % sizeof(scratch);
	default: return (uint32_t)-(int32_t)(rnd() % 8);        /* -1, -2, ... */
	}
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? number(argv[1]) : 100000, i;
	uint32_t base = (uint32_t)sys_brk(0);

	state = argc > 2 ? number(argv[2]) | 1 : 2463534242u;
	for (i = 0; i < n; i++) {
		uint32_t nr = rnd() % (XENPV_NR_SYSCALLS + 4) - 2, a = arg(), b = arg();

		if (nr == XENPV_SYS_exit || nr == XENPV_SYS_event_wait)
			continue;
		if (nr == XENPV_SYS_nanosleep)
			a %= 1000000, b = 0;
		if (nr == XENPV_SYS_write && a >= 0x1000 && a < 0xc0000000u)
			b = 0;
		if (nr == XENPV_SYS_brk && (rnd() & 1))
			a = 0;
		else if (nr == XENPV_SYS_brk && a - base < (64u << 20))
			a = base + a % 65536;
		xenpv_syscall5((long)nr, (long)a, (long)b, (long)arg(), (long)arg(), (long)arg());
	}
	return 0;
}
