/*
 * argv[2] (decimal) system calls of the kind argv[1] names, "getpid" or
 * "yield", for the benchmark figures of tests/guest/user.c; or "sleep":
 * one nanosleep of argv[2] milliseconds.
 */
#include <xenpv/user.h>

int main(int argc, char **argv)
{
	unsigned int n = 0, i;
	const char *s = argc > 2 ? argv[2] : "0";
	int yield = argc > 1 && argv[1][0] == 'y';

	for (; *s; s++)
		n = n * 10 + (unsigned int)(*s - '0');
	if (argc > 1 && argv[1][0] == 's')
		return (int)sys_nanosleep((uint64_t)n * 1000000);
	for (i = 0; i < n; i++)
		if (yield)
			sys_yield();
		else
			sys_getpid();
	return 0;
}
