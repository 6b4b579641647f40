/*
 * The smallest user program: one line on the console, exit status 7 (a
 * value no accident gives), for test kernels that embed a program.
 */
#include <xenpv/user.h>

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sys_print("hello from user mode\n");
	return 7;
}
