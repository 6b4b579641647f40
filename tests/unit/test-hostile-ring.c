/*
 * The block frontend's response path (kernel/lib/blkif_rsp.c) against a
 * backend that writes anything: random producer indices (behind, ahead,
 * far beyond the ring), ids (in flight, answered before, never issued,
 * huge) and statuses, for a million rounds.  Built with AddressSanitizer
 * and UBSan: a read outside the ring or the id table aborts the test.
 * Checked each round: every request completes at most once, only
 * requests in flight complete, the count returned is what done saw, a
 * lie is refused with -EPROTO, and an honest backend is never refused.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <xenpv/blkif.h>
#include "unit-tap.h"

#define ROUNDS 1000000
#define NR_IDS 32                       /* the ring holds 32 requests */

REQID_DEFINE(ids, NR_IDS);
static union { blkif_sring_t s; unsigned char page[4096]; } shared;
static blkif_front_ring_t ring;
static int outstanding[NR_IDS];         /* the test's own view: 1 while in flight */
static unsigned long completions, double_done, stray_done, miscount;
static unsigned long refused, refused_honest;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static void done(void *cookie, const struct blkif_response *rsp, void *arg)
{
	long slot = (long)(uintptr_t)cookie - 1;
	int *seen = arg;

	(*seen)++;
	if (slot < 0 || slot >= NR_IDS || (uint64_t)slot != rsp->id)
		stray_done++;
	else if (!outstanding[slot])
		double_done++;
	else
		outstanding[slot] = 0;
	completions++;
}

static void reset(void)
{
	memset(&shared, 0, sizeof(shared));
	SHARED_RING_INIT(&shared.s);
	FRONT_RING_INIT(&ring, &shared.s, sizeof(shared));
	reqid_init(&ids);
	memset(outstanding, 0, sizeof(outstanding));
}

/* The frontend issues up to k requests. */
static void issue(unsigned int k)
{
	while (k-- && !RING_FULL(&ring)) {
		int id = reqid_get(&ids, NULL);

		if (id < 0)
			break;
		ids.cookie[id] = (void *)(uintptr_t)(id + 1);
		RING_GET_REQUEST(&ring, ring.req_prod_pvt)->id = (uint64_t)id;
		ring.req_prod_pvt++;
		outstanding[id] = 1;
	}
	shared.s.req_prod = ring.req_prod_pvt;
}

/* The backend answers: honestly (1) or not (0). */
static void answer(int honest)
{
	unsigned int i, n = 0, ids_out[NR_IDS];
	RING_IDX prod = shared.s.rsp_prod;

	for (i = 0; i < NR_IDS; i++)
		if (outstanding[i])
			ids_out[n++] = i;
	if (honest) {
		unsigned int k = n ? rnd() % (n + 1) : 0;

		for (i = 0; i < k; i++) {
			struct blkif_response *r = RING_GET_RESPONSE(&ring, prod + i);
			unsigned int pick = rnd() % (n - i), t = ids_out[pick];

			ids_out[pick] = ids_out[n - i - 1];
			ids_out[n - i - 1] = t;
			r->id = t;
			r->status = (int16_t)((int)(rnd() % 3) - 2);
		}
		shared.s.rsp_prod = prod + k;
		return;
	}
	for (i = 0; i < NR_IDS; i++) {
		struct blkif_response *r = RING_GET_RESPONSE(&ring, prod + i);

		switch (rnd() % 4) {
		case 0: r->id = n ? ids_out[rnd() % n] : rnd(); break;
		case 1: r->id = rnd() % NR_IDS; break;
		case 2: r->id = ((uint64_t)rnd() << 32) | rnd(); break;
		default: r->id = rnd() % (NR_IDS * 2); break;
		}
		r->status = (rnd() % 4) ? (int16_t)((int)(rnd() % 3) - 2) : (int16_t)rnd();
	}
	switch (rnd() % 4) {
	case 0: shared.s.rsp_prod = prod + rnd() % (NR_IDS + 1); break;
	case 1: shared.s.rsp_prod = prod + rnd(); break;
	case 2: shared.s.rsp_prod = prod - 1 - rnd() % 8; break;
	default: shared.s.rsp_prod = rnd(); break;
	}
}

int main(void)
{
	unsigned long round, honest_rounds = 0;
	struct blkif_fault fault;

	reset();
	for (round = 0; round < ROUNDS; round++) {
		int honest = rnd() % 2, seen = 0, rc;
		unsigned int before = ids.in_flight;

		issue(rnd() % 8);
		before = ids.in_flight;
		answer(honest);
		honest_rounds += honest;
		rc = blkif_take_responses(&ring, &ids, done, &seen, &fault);
		if (rc < 0) {
			refused++;
			if (honest)
				refused_honest++;
			if (rc != -EPROTO || !fault.what)
				miscount++;
			reset();                /* the driver closes the device */
			continue;
		}
		if ((unsigned int)rc != (unsigned int)seen || (unsigned int)rc > before ||
		    ids.in_flight != before - (unsigned int)rc)
			miscount++;
	}
	UNIT_OK(stray_done == 0, "only requests in flight completed, each with its own id (%lu strays)", stray_done);
	UNIT_OK(double_done == 0, "no request completed twice (%lu)", double_done);
	UNIT_OK(miscount == 0, "the count returned is what done saw and what left the id table (%lu off)", miscount);
	UNIT_OK(refused_honest == 0, "an honest backend was never refused (%lu rounds honest)", honest_rounds);
	UNIT_OK(refused > ROUNDS / 4, "lies were refused with -EPROTO and a reason (%lu of %lu rounds)", refused, (unsigned long)ROUNDS);
	UNIT_OK(completions > ROUNDS / 4, "requests completed all along (%lu)", completions);
	return UNIT_DONE();
}
