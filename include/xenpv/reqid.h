/*
 * xenpv/reqid.h - request ids for a split driver's frontend.
 *
 * A frontend tags each request it puts on a shared ring with an id and
 * finds the request again from the id the backend echoes in the
 * response.  The backend is another domain: an id it returns may be out
 * of range, never issued, or already answered, by mistake or on
 * purpose.  reqid_put accepts each id in flight exactly once and refuses
 * everything else, so a driver never indexes past its table nor
 * completes a request twice.
 *
 *     REQID_DEFINE(ids, 64);              // at file scope
 *     reqid_init(&ids);
 *     int id = reqid_get(&ids, req);      // -ENOSPC when 64 are in flight
 *     ...
 *     void *req;
 *     if (reqid_put(&ids, rsp.id, &req))  // -ERANGE or -EALREADY
 *             ... the backend misbehaves: close the device ...
 *
 * No locking: call with the driver's own lock held (or events masked).
 */
#ifndef XENPV_REQID_H
#define XENPV_REQID_H

#include <stdint.h>
#include <xenpv/errno.h>

struct reqid_table {
	unsigned int size;              /* ids are 0 .. size - 1, size <= 65535 */
	unsigned int in_flight;
	unsigned int free_head;
	uint16_t *next;                 /* size entries: the free list, or REQID_BUSY */
	void **cookie;                  /* size entries: what each id in flight stands for */
};

#define REQID_BUSY 0xffffu

#define REQID_DEFINE(name, n) \
	static uint16_t name##_next[n]; \
	static void *name##_cookie[n]; \
	static struct reqid_table name = { \
		.size = (n), .next = name##_next, .cookie = name##_cookie, \
	}

/* Every id free (also: after a device was closed and reset). */
void reqid_init(struct reqid_table *t);
/* A free id now standing for cookie, or -ENOSPC. */
int reqid_get(struct reqid_table *t, void *cookie);
/* Retire id: 0 and its cookie; -ERANGE for an id beyond the table,
 * -EALREADY for one not in flight (never issued, or answered before). */
int reqid_put(struct reqid_table *t, uint64_t id, void **cookie);

/*
 * How many responses a ring holds for us: rsp_prod (read once, before
 * the responses: a snapshot) less rsp_cons.  A backend cannot answer
 * more requests than are in flight: -EPROTO when rsp_prod claims so
 * (or lies behind rsp_cons), since reading that far would take slots
 * the backend never filled.
 */
int ring_responses_ready(uint32_t rsp_prod, uint32_t rsp_cons, unsigned int in_flight);

#endif
