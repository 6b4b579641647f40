/*
 * Two of these run at once at the same virtual addresses: each stores
 * its argv[1] in a global and on its stack, yields to the other many
 * times and checks that it still sees only its own values.  Exit 0 when
 * it did.
 */
#include <xenpv/user.h>

volatile char mine[64];

int main(int argc, char **argv)
{
	volatile char on_stack[64];
	unsigned int i, j;

	if (argc < 2)
		return 2;
	for (i = 0; i < sizeof(mine) - 1 && argv[1][i]; i++)
		mine[i] = on_stack[i] = argv[1][i];
	mine[i] = on_stack[i] = 0;
	for (j = 0; j < 100; j++) {
		sys_yield();
		for (i = 0; argv[1][i]; i++)
			if (mine[i] != argv[1][i] || on_stack[i] != argv[1][i])
				return 1;
	}
	return 0;
}
