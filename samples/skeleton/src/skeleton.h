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
#include <xenpv/process.h>

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

/*
 * The driver's user program, skeleton-ping (user/skeleton-ping.c),
 * talks to the driver over a loopback event channel: for each of its
 * notifications the driver sends one request to the backend and, once
 * the response is in, notifies it back.  Without a device the program
 * is told so (its argv) and the driver answers at once, sending nothing.
 * The driver's init runs it once, with skeleton.ping=N rounds (0: not
 * at all) on the kernel's command line.
 */
#define SKELETON_PING_ROUNDS 4          /* at init, unless skeleton.ping says */
#define SKELETON_PING_MAX 1000          /* rounds the program takes */

struct skeleton_ping_report {
	unsigned int rounds;            /* asked of the program (its argv) */
	int device;                     /* 1: the answers went to the backend */
	unsigned int pid;               /* 0: it never started */
	struct process_status status;   /* how it ended, once it started */
	unsigned long asked;            /* its notifications the driver took */
	unsigned long answered;         /* the driver's notifications back */
	unsigned long round_trips;      /* answers after a good round trip */
	unsigned long failed;           /* answers after a failed one */
	int err;                        /* the first failure's -errno, or 0 */
};

/* Run skeleton-ping for rounds round trips and wait for its end, from a
 * task (it sleeps).  0 when the program exited 0 (the report says what
 * each round did); -EIO when it exited otherwise or was killed; -ENOENT
 * when this kernel does not carry the program; -EINVAL for rounds 0 or
 * over SKELETON_PING_MAX; -EBUSY while another run is on; else why it
 * could not start. */
int skeleton_ping(unsigned int rounds, struct skeleton_ping_report *r);

/* The report of the run at init, or NULL when none ran. */
const struct skeleton_ping_report *skeleton_ping_at_init(void);

#endif
