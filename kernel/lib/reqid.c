/*
 * Request ids and the response count check (<xenpv/reqid.h>): pure logic,
 * driven by a hostile backend in tests/unit/test-hostile-ring.c.
 */
#include <xenpv/reqid.h>

#define REQID_END 0xfffeu               /* bottom of the free list */

void reqid_init(struct reqid_table *t)
{
	unsigned int i;

	for (i = 0; i < t->size; i++) {
		t->next[i] = (uint16_t)(i + 1 < t->size ? i + 1 : REQID_END);
		t->cookie[i] = 0;
	}
	t->free_head = t->size ? 0 : REQID_END;
	t->in_flight = 0;
}

int reqid_get(struct reqid_table *t, void *cookie)
{
	unsigned int id = t->free_head;

	if (id == REQID_END)
		return -ENOSPC;
	t->free_head = t->next[id];
	t->next[id] = REQID_BUSY;
	t->cookie[id] = cookie;
	t->in_flight++;
	return (int)id;
}

int reqid_put(struct reqid_table *t, uint64_t id, void **cookie)
{
	if (id >= t->size)
		return -ERANGE;
	if (t->next[id] != REQID_BUSY)
		return -EALREADY;
	*cookie = t->cookie[id];
	t->cookie[id] = 0;
	t->next[id] = (uint16_t)t->free_head;
	t->free_head = (unsigned int)id;
	t->in_flight--;
	return 0;
}

int ring_responses_ready(uint32_t rsp_prod, uint32_t rsp_cons, unsigned int in_flight)
{
	uint32_t n = rsp_prod - rsp_cons;       /* ring indices wrap */

	return n > in_flight ? -EPROTO : (int)n;
}
