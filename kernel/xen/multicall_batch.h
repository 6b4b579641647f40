/*
 * Multicall batching: hypercalls queue as multicall entries, with room
 * for arguments Xen reads through a pointer (an mmuext_op, ...), and go
 * to the flush callback (Xen: one multicall hypercall) together.  Pure
 * bookkeeping, like mmu_batch, so that tests/unit can drive it with a
 * fake flush.
 *
 * Outside a lazy section mc_issue() flushes at once; inside one
 * (mc_lazy_enter .. mc_lazy_leave, which nest) entries wait for the
 * outermost leave.  After every flush each entry's result is checked: a
 * failure goes to the report callback with the entry's name, and the
 * first one is kept for the caller of the next explicit flush.
 */
#ifndef KERNEL_XEN_MULTICALL_H
#define KERNEL_XEN_MULTICALL_H

#include <stddef.h>

#define MC_BATCH_MAX  32
#define MC_ARGS_SPACE 512            /* bytes of pointed-to arguments */

/* The layout of Xen's multicall_entry_t for this guest. */
struct mc_entry {
	unsigned long op, result;
	unsigned long args[6];
};

#define MC_FATAL 1                   /* the report callback must not return */

struct mc_failure {
	const char *what;                /* the entry's name; NULL: none failed */
	unsigned long op;
	long result;
	unsigned int index, count;       /* entry index in a flush of count */
	unsigned int flags;
};

struct mc_batch {
	struct mc_entry entry[MC_BATCH_MAX];
	const char *what[MC_BATCH_MAX];
	unsigned char flags[MC_BATCH_MAX];
	unsigned char args[MC_ARGS_SPACE] __attribute__((aligned(8)));
	unsigned int n, args_used;
	unsigned int lazy;               /* lazy-section depth */
	int no_lazy;                     /* baseline: lazy sections do not batch */
	/* Run n entries, filling their results; 0, or the error of the call
	 * itself (the results are then unknown). */
	int (*flush)(struct mc_entry *e, unsigned int n);
	/* Told of every failure; may be NULL. */
	void (*report)(const struct mc_failure *f);
	unsigned long calls, entries;    /* flushes made, entries flushed */
	struct mc_failure failure;       /* the first since the last mc_flush */
};

/* Queue hypercall op, named what for reports, with argsz bytes of
 * argument space (*args, stable until the flush; 0 for none).  Full
 * batches and exhausted argument space flush first.  NULL only if argsz
 * exceeds MC_ARGS_SPACE. */
struct mc_entry *mc_queue(struct mc_batch *b, unsigned long op, const char *what,
			  unsigned int flags, size_t argsz, void **args);
/* Outside a lazy section: flush and return mc_flush's result; inside: 0. */
int mc_issue(struct mc_batch *b);
/* Send what is queued; return (and forget) the first failure's result
 * since the previous call, 0 if none. */
int mc_flush(struct mc_batch *b);
void mc_lazy_enter(struct mc_batch *b);
/* Leaving the outermost section flushes: its result, else 0. */
int mc_lazy_leave(struct mc_batch *b);

#endif
