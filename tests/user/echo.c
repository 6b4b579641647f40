/*
 * Talks to a kernel driver over the event channel the driver bound for
 * it as handle 0: argv[1] times, notify the driver and wait for its
 * answer.  Exit 0 when every wait saw at least one event.
 */
#include <xenpv/user.h>

int main(int argc, char **argv)
{
	unsigned int n = 0, i;
	const char *s = argc > 1 ? argv[1] : "10";

	for (; *s; s++)
		n = n * 10 + (unsigned int)(*s - '0');
	for (i = 0; i < n; i++) {
		if (sys_event_notify(0) != 0)
			return 1;
		if (sys_event_wait(0) < 1)
			return 2;
	}
	return 0;
}
