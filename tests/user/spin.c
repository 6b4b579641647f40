/*
 * Spins without a system call, counting in spin_count, until the count
 * reaches argv[1] (decimal): only preemption lets anything else run.
 */
#include <xenpv/user.h>

volatile uint32_t spin_count = 1;       /* .data: the kernel test reads it */

int main(int argc, char **argv)
{
	uint32_t limit = 0;
	const char *s = argc > 1 ? argv[1] : "1000000";

	for (; *s; s++)
		limit = limit * 10 + (uint32_t)(*s - '0');
	while (spin_count < limit)
		spin_count++;
	return 0;
}
