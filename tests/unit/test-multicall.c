/*
 * The multicall bookkeeping (kernel/xen/multicall_batch.c) with a fake flush:
 * batch and argument-space boundaries, pointed-to arguments intact at
 * the flush, per-entry failures reported with their names, nested lazy
 * sections, and the unbatched baseline.
 */
#include <string.h>
#include "unit-tap.h"
#include "../../kernel/xen/multicall_batch.h"

static unsigned int sizes[64], nflush;
static unsigned long seen_op[256], seen_arg[256];
static unsigned int nseen;
static long fail_op = -1, fail_result;
static int call_error;

/* Records each entry; an entry's args[0] may point at a word to read. */
static int fake_flush(struct mc_entry *e, unsigned int n)
{
	unsigned int i;

	sizes[nflush++] = n;
	if (call_error)
		return call_error;
	for (i = 0; i < n; i++) {
		seen_op[nseen] = e[i].op;
		seen_arg[nseen++] = e[i].args[1] ? *(unsigned long *)e[i].args[0] : e[i].args[0];
		if ((long)e[i].op == fail_op)
			e[i].result = (unsigned long)fail_result;
	}
	return 0;
}

static struct mc_failure reports[8];
static unsigned int nreports;

static void fake_report(const struct mc_failure *f)
{
	if (nreports < 8)
		reports[nreports] = *f;
	nreports++;
}

static struct mc_batch b = { .flush = fake_flush, .report = fake_report };

static void reset(void)
{
	nflush = nseen = nreports = 0;
	fail_op = -1;
	call_error = 0;
}

static void queue_plain(unsigned long op, unsigned long arg)
{
	struct mc_entry *e = mc_queue(&b, op, "plain", 0, 0, NULL);

	e->args[0] = arg;
	e->args[1] = 0;
}

/* An entry whose argument lives in the batch's argument space. */
static int queue_pointed(unsigned long op, unsigned long val, size_t size)
{
	void *space;
	struct mc_entry *e = mc_queue(&b, op, "pointed", 0, size, &space);

	if (!e)
		return -1;
	memcpy(space, &val, sizeof(val));
	e->args[0] = (unsigned long)space;
	e->args[1] = 1;
	return 0;
}

static void boundaries(void)
{
	unsigned int i, in_order = 1;

	reset();
	for (i = 0; i < MC_BATCH_MAX + 3; i++) {
		queue_plain(i, i);
		mc_issue(&b);
	}
	UNIT_OK(nflush == MC_BATCH_MAX + 3 && sizes[0] == 1, "outside a lazy section each issue flushes at once");
	UNIT_OK(mc_flush(&b) == 0 && nflush == MC_BATCH_MAX + 3, "an empty flush makes no call");

	reset();
	mc_lazy_enter(&b);
	for (i = 0; i < 2 * MC_BATCH_MAX + 5; i++) {
		queue_plain(i, i);
		mc_issue(&b);
	}
	UNIT_OK(nflush == 2 && sizes[0] == MC_BATCH_MAX && sizes[1] == MC_BATCH_MAX,
		"in a lazy section issue waits; full batches go out at %d entries", MC_BATCH_MAX);
	UNIT_OK(mc_lazy_leave(&b) == 0 && nflush == 3 && sizes[2] == 5, "leaving the section flushes the rest (5)");
	for (i = 0; i < nseen; i++)
		if (seen_op[i] != i || seen_arg[i] != i)
			in_order = 0;
	UNIT_OK(in_order && nseen == 2 * MC_BATCH_MAX + 5, "every entry reaches the flush once, in order");
}

static void argument_space(void)
{
	unsigned int i, intact = 1;

	reset();
	mc_lazy_enter(&b);
	for (i = 0; i < 5; i++)
		queue_pointed(100 + i, 0x1000 + i, 200);
	UNIT_OK(nflush == 2 && sizes[0] == 2 && sizes[1] == 2,
		"argument space (%d bytes) running out flushes early: 2 entries of 200 bytes a call", MC_ARGS_SPACE);
	mc_lazy_leave(&b);
	for (i = 0; i < 5; i++)
		if (seen_arg[i] != 0x1000 + i)
			intact = 0;
	UNIT_OK(nflush == 3 && intact, "each pointed-to argument is intact when its entry is flushed");
	UNIT_OK(queue_pointed(1, 1, MC_ARGS_SPACE + 1) == -1 && b.n == 0,
		"an argument bigger than the whole space is refused");
	UNIT_OK(queue_pointed(1, 1, MC_ARGS_SPACE) == 0 && mc_flush(&b) == 0,
		"an argument of exactly the whole space fits");
	reset();
	mc_lazy_enter(&b);
	for (i = 0; i < 3; i++)
		queue_pointed(1, i, 5);             /* rounded up to 8 */
	UNIT_OK(b.args_used == 24, "argument space is handed out in 8-byte units");
	mc_lazy_leave(&b);
}

static void failures(void)
{
	reset();
	fail_op = 7;
	fail_result = -22;
	mc_lazy_enter(&b);
	queue_plain(6, 0);
	mc_queue(&b, 7, "update_descriptor", MC_FATAL, 0, NULL)->args[1] = 0;
	queue_plain(8, 0);
	UNIT_OK(mc_issue(&b) == 0 && nflush == 0, "inside a section issue reports nothing yet");
	UNIT_OK(mc_lazy_leave(&b) == -22, "the section's end returns the failing entry's result");
	UNIT_OK(nreports == 1 && strcmp(reports[0].what, "update_descriptor") == 0 &&
		reports[0].op == 7 && reports[0].index == 1 && reports[0].count == 3 &&
		reports[0].result == -22 && reports[0].flags == MC_FATAL,
		"the failure is reported with its name, op, index (1 of 3), result and flags");
	UNIT_OK(nseen == 3, "the other entries ran");
	UNIT_OK(mc_flush(&b) == 0, "a failure is returned once");

	reset();
	fail_op = 7;
	fail_result = -1;
	for (int i = 0; i < MC_BATCH_MAX; i++)
		queue_plain(i == 3 ? 7 : 1, 0);
	queue_plain(2, 0);                           /* forces the automatic flush */
	fail_op = 8;
	fail_result = -2;
	queue_plain(8, 0);
	UNIT_OK(nflush == 1 && nreports == 1 && reports[0].index == 3, "an automatic flush reports its failure at once");
	UNIT_OK(mc_flush(&b) == -1 && nreports == 2 && reports[1].result == -2, "... and the first failure reaches the next explicit flush; later ones are reported too");

	reset();
	call_error = -14;
	queue_plain(1, 0);
	queue_plain(2, 0);
	UNIT_OK(mc_flush(&b) == -14 && nreports == 1 && strcmp(reports[0].what, "multicall") == 0 &&
		reports[0].count == 2, "a failure of the call itself is reported as the multicall's");
}

static void nesting(void)
{
	reset();
	mc_lazy_enter(&b);
	queue_plain(1, 0);
	mc_lazy_enter(&b);
	queue_plain(2, 0);
	UNIT_OK(mc_lazy_leave(&b) == 0 && nflush == 0, "leaving an inner section does not flush");
	queue_plain(3, 0);
	UNIT_OK(mc_issue(&b) == 0 && nflush == 0, "... nor does issue in the outer one");
	UNIT_OK(mc_lazy_leave(&b) == 0 && nflush == 1 && sizes[0] == 3, "the outermost leave sends all three in one call");
	UNIT_OK(mc_lazy_leave(&b) == 0 && b.lazy == 0, "an unbalanced leave is harmless");

	reset();
	b.no_lazy = 1;                               /* the unbatched baseline */
	mc_lazy_enter(&b);
	queue_plain(1, 0);
	mc_issue(&b);
	queue_plain(2, 0);
	mc_issue(&b);
	mc_lazy_leave(&b);
	UNIT_OK(nflush == 2 && sizes[0] == 1 && sizes[1] == 1, "with no_lazy a section issues each call on its own");
	b.no_lazy = 0;
	UNIT_OK(b.calls > 0 && b.entries >= b.calls, "calls and entries are counted (%lu, %lu)", b.calls, b.entries);
}

int main(void)
{
	boundaries();
	argument_space();
	failures();
	nesting();
	return UNIT_DONE();
}
