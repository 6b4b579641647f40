/*
 * The pending-bitmap walk (kernel/xen/evtchn_scan.c): only pending,
 * unmasked ports in selected words; pending bits cleared as visited;
 * round-robin order from the cursor, wrapping, so that a port that fires
 * all the time cannot starve the others.
 */
#include <stdint.h>
#include <string.h>
#include "unit-tap.h"
#include "../../kernel/xen/evtchn_scan.h"

static uint32_t pending[EVTCHN_WORDS], mask[EVTCHN_WORDS];
static unsigned int seen[EVTCHN_PORTS], nseen;

static int reraise;

static void visit(unsigned int port, void *arg)
{
	(void)arg;
	seen[nseen++] = port;
	if (reraise && port == 0)
		pending[0] |= 1;
}

static void set(uint32_t *w, unsigned int port)
{
	w[port / 32] |= 1u << (port % 32);
}

static uint32_t sel_of(void)
{
	uint32_t sel = 0;
	unsigned int w;

	for (w = 0; w < EVTCHN_WORDS; w++)
		if (pending[w])
			sel |= 1u << w;
	return sel;
}

static void reset(void)
{
	memset(pending, 0, sizeof(pending));
	memset(mask, 0, sizeof(mask));
	nseen = 0;
}

int main(void)
{
	unsigned int cursor = 0, n;

	reset();
	set(pending, 3); set(pending, 40); set(pending, 1023); set(pending, 5);
	n = evtchn_scan(sel_of(), pending, mask, NULL, &cursor, visit, NULL);
	UNIT_OK(n == 4 && seen[0] == 3 && seen[1] == 5 && seen[2] == 40 && seen[3] == 1023,
		"from cursor 0: every pending port, in port order");
	UNIT_OK(sel_of() == 0, "visited ports are no longer pending");
	UNIT_OK(cursor == 0, "the cursor wraps after port 1023 (%u)", cursor);

	reset();
	set(pending, 7); set(pending, 8); set(mask, 7);
	n = evtchn_scan(sel_of(), pending, mask, NULL, &cursor, visit, NULL);
	UNIT_OK(n == 1 && seen[0] == 8, "a masked port is skipped");
	UNIT_OK(pending[0] == (1u << 7), "... and stays pending");

	reset();
	set(pending, 33);
	n = evtchn_scan(1u << 0, pending, mask, NULL, &cursor, visit, NULL);
	UNIT_OK(n == 0 && pending[1], "a word not named in the selector is not looked at");

	reset();
	cursor = 36;
	set(pending, 34); set(pending, 35); set(pending, 36); set(pending, 37); set(pending, 2);
	n = evtchn_scan(sel_of(), pending, mask, NULL, &cursor, visit, NULL);
	UNIT_OK(n == 5 && seen[0] == 36 && seen[1] == 37 && seen[2] == 2 && seen[3] == 34 && seen[4] == 35,
		"from cursor 36: 36, 37, then round to 2, 34, 35 (%u %u %u %u %u)",
		seen[0], seen[1], seen[2], seen[3], seen[4]);
	UNIT_OK(cursor == 36, "the cursor rests after the last port visited");

	/* Port 0's handler raises port 0 again every time; port 900 fired
	 * once.  The scan works from a snapshot of each word and moves on, so
	 * 900 is reached in the same scan and 0 is not re-run within it. */
	reset();
	cursor = 0;
	set(pending, 0); set(pending, 900);
	reraise = 1;
	n = evtchn_scan(sel_of(), pending, mask, NULL, &cursor, visit, NULL);
	reraise = 0;
	UNIT_OK(n == 2 && seen[0] == 0 && seen[1] == 900,
		"a port re-raised by its own handler does not starve port 900 (%u visits)", n);
	UNIT_OK(pending[0] == 1u, "... it waits, pending, for the next scan");

	reset();
	cursor = 5000;
	set(pending, 1);
	n = evtchn_scan(sel_of(), pending, mask, NULL, &cursor, visit, NULL);
	UNIT_OK(n == 1 && seen[0] == 1, "an out-of-range cursor is taken modulo the port count");

	/* Two vCPUs: each handles only the ports in its own set. */
	{
		uint32_t mine[EVTCHN_WORDS] = { 0 };

		reset();
		cursor = 0;
		set(pending, 3);
		set(pending, 4);
		set(pending, 70);
		set(mine, 4);
		set(mine, 70);
		n = evtchn_scan(sel_of(), pending, mask, mine, &cursor, visit, NULL);
		UNIT_OK(n == 2 && seen[0] == 4 && seen[1] == 70,
			"with a vCPU's own set only its ports are visited (%u visits)", n);
		UNIT_OK(pending[0] == 1u << 3, "... another vCPU's port stays pending for it");
	}
	return UNIT_DONE();
}
