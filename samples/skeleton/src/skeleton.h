/*
 * skeleton.h - the skeleton driver's interface to other modules.
 *
 * The skeleton is the frontend half of a split driver: it drives
 * device/skeleton/0, which a backend in dom0 serves (backend/
 * skeleton-back.c; the wire protocol is skeleton-proto.h).  Its one
 * operation sends a few bytes to the backend and returns the backend's
 * answer: here, the bytes reversed.  A real driver puts its device's
 * operations here; other modules and the test module call them.
 *
 * Every call returns 0 (or a length) or a negative errno: -ENODEV
 * without a device, -EIO once the device closed after a fault (the
 * console and skeleton_fault() say which), -EINVAL for bad arguments.
 */
#ifndef SKELETON_H
#define SKELETON_H

#include <stddef.h>

#include "skeleton-proto.h"

/* What the driver's init found: 1 device 0 connected; 0 a domU without
 * the device (no backend set it up); -ENODEV no xenstore (dom0: no bus
 * at all); -EIO the device closed after a fault. */
int skeleton_status(void);

/* Non-zero while the device is connected. */
int skeleton_ready(void);

/* Send op with len (1..SKELETON_MAX_DATA) bytes of in and wait for the
 * backend's answer: its length, its data copied to out (room for
 * SKELETON_MAX_DATA bytes); -EOPNOTSUPP if the backend refused op. */
int skeleton_call(unsigned int op, const void *in, size_t len, void *out);

/* SKELETON_OP_REVERSE: out gets in's len bytes in reverse order; 0. */
int skeleton_reverse(const void *in, size_t len, void *out);

/* Why the device closed, or NULL while it is usable. */
const char *skeleton_fault(void);

struct skeleton_stats {
	unsigned long requests;         /* put on the ring */
	unsigned long notifications;    /* of those, how many had to notify */
	unsigned long irqs;             /* the backend's notifications */
};

/* The counters since the device connected. */
void skeleton_get_stats(struct skeleton_stats *stats);

#endif
