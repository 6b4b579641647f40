/*
 * A burst of console output: 1 MiB of numbered lines, some longer than
 * the domU console ring (2 KiB), written as fast as printk goes.  The
 * kernel checks that printk waited for the backend instead of dropping
 * anything; console-burst.sh beside it checks that every byte arrived,
 * in order, in dom0's console log (domU) or on Xen's console (dom0).
 *
 * Line i is "burst <i, 6 digits> " followed by line_len(i) copies of
 * the letter 'a' + i % 26: the checker recomputes it from i alone.
 */
#include "../guest/guest-test.h"

#define BURST_BYTES (1024 * 1024)
#define LONG_LINE 3000          /* longer than the ring */

static unsigned int line_len(unsigned int i)
{
	return i % 64 == 63 ? LONG_LINE : 40 + i % 37;
}

static int burst_init(void)
{
	char chunk[256];
	unsigned long long dropped_before = xen_console_stats.dropped;
	unsigned long waits_before = xen_console_stats.waits;
	unsigned long bytes = 0, lines = 0;
	uint64_t t0 = xenpv_clock_ns(), t1;

	tap_plan(2);
	while (bytes < BURST_BYTES) {
		unsigned int len = line_len(lines), done = 0;
		char c = (char)('a' + lines % 26);

		bytes += (unsigned long)printk("burst %06lu ", lines);
		/* printk formats at most 511 bytes: long lines go in pieces. */
		memset(chunk, c, sizeof(chunk));
		while (done < len) {
			unsigned int n = len - done < sizeof(chunk) - 1 ? len - done : sizeof(chunk) - 1;

			chunk[n] = '\0';
			bytes += (unsigned long)printk("%s", chunk);
			chunk[n] = c;
			done += n;
		}
		bytes += (unsigned long)printk("\n");
		lines++;
	}
	t1 = xenpv_clock_ns();
	printk("console-burst: lines=%lu bytes=%lu\n", lines, bytes);
	is(xen_console_stats.dropped - dropped_before, 0, "no console byte was dropped in a %lu-byte burst", bytes);
	if (xen_start_info->flags & SIF_INITDOMAIN)
		ok(1, "dom0: console_io writes synchronously (no ring to wait on)");
	else
		ok(xen_console_stats.waits > waits_before,
		   "domU: printk waited for xenconsoled when the ring was full (%lu waits)",
		   xen_console_stats.waits - waits_before);
	xenpv_stat("console_burst_bytes", bytes);
	xenpv_stat("console_burst_ns", t1 - t0);
	xenpv_stat("console_ring_waits", xen_console_stats.waits - waits_before);
	return tap_done();
}
XENPV_MODULE(console_burst, burst_init, NULL);
