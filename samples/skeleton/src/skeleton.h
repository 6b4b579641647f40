/*
 * skeleton.h - the skeleton driver's interface to other modules.
 *
 * The sample "device" is a byte FIFO in memory the driver owns: writers
 * queue bytes, readers take them out in order, and a full FIFO refuses
 * (and counts) what does not fit rather than overwriting.  A real driver
 * would put its device's operations here; other modules and the test
 * module call them.
 */
#ifndef SKELETON_H
#define SKELETON_H

#include <stddef.h>

/* Capacity of the FIFO in bytes. */
#define SKELETON_FIFO_SIZE 256

struct skeleton_stats {
	unsigned long bytes_in;     /* bytes accepted by skeleton_write() */
	unsigned long bytes_out;    /* bytes handed out by skeleton_read() */
	unsigned long dropped;      /* bytes refused because the FIFO was full */
	size_t high_water;          /* the most bytes ever queued at once */
};

/* Non-zero once the driver's init has run and its self-test passed. */
int skeleton_ready(void);

/* Queue up to len bytes; returns how many fit (the rest count as dropped). */
size_t skeleton_write(const void *buf, size_t len);

/* Take up to len bytes, oldest first; returns how many were copied. */
size_t skeleton_read(void *buf, size_t len);

/* Bytes queued and not yet read. */
size_t skeleton_pending(void);

/* A snapshot of the counters since init. */
void skeleton_get_stats(struct skeleton_stats *stats);

#endif
