/*
 * Pending-bitmap walk (see evtchn_scan.h), fair by round robin.
 */
#include "evtchn_scan.h"

unsigned int evtchn_scan(uint32_t sel, volatile uint32_t *pending,
			 const volatile uint32_t *mask, const volatile uint32_t *mine,
			 unsigned int *cursor, void (*fn)(unsigned int port, void *arg), void *arg)
{
	unsigned int start = *cursor % EVTCHN_PORTS;
	unsigned int start_w = start / EVTCHN_WORD_BITS, start_b = start % EVTCHN_WORD_BITS;
	unsigned int k, visited = 0;

	/* k == EVTCHN_WORDS revisits the first word for the bits below start. */
	for (k = 0; k <= EVTCHN_WORDS; k++) {
		unsigned int w = (start_w + k) % EVTCHN_WORDS;
		uint32_t bits;

		if (!(sel & (1u << w)))
			continue;
		bits = pending[w] & ~mask[w];
		if (mine)
			bits &= mine[w];
		if (k == 0)
			bits &= ~0u << start_b;
		else if (k == EVTCHN_WORDS)
			bits &= (1u << start_b) - 1;
		while (bits) {
			unsigned int b = (unsigned int)__builtin_ctz(bits);
			unsigned int port = w * EVTCHN_WORD_BITS + b;

			bits &= bits - 1;
			/* Only the one who clears it handles it: a port that just
			 * moved to another vCPU may be in two snapshots. */
			if (!(__atomic_fetch_and(&pending[w], ~(1u << b), __ATOMIC_SEQ_CST) & (1u << b)))
				continue;
			*cursor = (port + 1) % EVTCHN_PORTS;
			visited++;
			fn(port, arg);
		}
	}
	return visited;
}
