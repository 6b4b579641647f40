/*
 * Between the xenstore ring transport (xenstore_ring.c) and the
 * operations on top of it (xenstore.c).
 */
#ifndef KERNEL_XEN_XENSTORE_H
#define KERNEL_XEN_XENSTORE_H

#include <stddef.h>
#include <stdint.h>

struct xs_part {
	const void *data;
	size_t len;
};

/* One request and its reply: the reply's length, with *reply its
 * kmalloc'd payload (NUL added), or -errno (xenstored's error,
 * -ETIMEDOUT, -ENODEV).  path only names the request in messages. */
int xs_talk(uint32_t type, uint32_t tx, const struct xs_part *parts, unsigned int n,
	    char **reply, const char *path);

/* A watch event from the ring: "path\0token\0", kmalloc'd. */
struct xs_event {
	struct xs_event *next;
	char *body;
	unsigned int len;
};
/* Sleep until a watch event has arrived and take it (the watch task). */
struct xs_event *xs_next_event(void);
/* 1 in the watch task (where watch callbacks run), for callers that
 * must not wait for a callback there: it would wait for itself. */
int xs_in_watch_task(void);

#endif
