/*
 * Multicall bookkeeping (see multicall_batch.h).  Results are checked entry by
 * entry after each flush, automatic ones included, so that no failure
 * goes unseen even when the caller only checks at the end.
 */
#include "multicall_batch.h"

static void fail(struct mc_batch *b, const struct mc_failure *f)
{
	if (!b->failure.what)
		b->failure = *f;
	if (b->report)
		b->report(f);
}

static void send(struct mc_batch *b)
{
	struct mc_failure f = { .count = b->n };
	unsigned int i;
	int rc;

	if (b->n == 0)
		return;
	rc = b->flush(b->entry, b->n);
	b->calls++;
	b->entries += b->n;
	if (rc) {
		f.what = "multicall";
		f.op = ~0UL;
		f.result = rc;
		f.index = b->n;
		fail(b, &f);
	} else {
		for (i = 0; i < b->n; i++) {
			if (b->entry[i].result == 0)
				continue;
			f.what = b->what[i];
			f.op = b->entry[i].op;
			f.result = (long)b->entry[i].result;
			f.index = i;
			f.flags = b->flags[i];
			fail(b, &f);
		}
	}
	b->n = 0;
	b->args_used = 0;
}

struct mc_entry *mc_queue(struct mc_batch *b, unsigned long op, const char *what,
			  unsigned int flags, size_t argsz, void **args)
{
	struct mc_entry *e;

	argsz = (argsz + 7) & ~(size_t)7;
	if (argsz > MC_ARGS_SPACE)
		return NULL;
	if (b->n == MC_BATCH_MAX || b->args_used + argsz > MC_ARGS_SPACE)
		send(b);
	e = &b->entry[b->n];
	e->op = op;
	e->result = 0;
	b->what[b->n] = what;
	b->flags[b->n] = (unsigned char)flags;
	b->n++;
	if (args)
		*args = argsz ? &b->args[b->args_used] : NULL;
	b->args_used += (unsigned int)argsz;
	return e;
}

int mc_flush(struct mc_batch *b)
{
	int rc;

	send(b);
	rc = b->failure.what ? (int)b->failure.result : 0;
	b->failure.what = NULL;
	return rc;
}

int mc_issue(struct mc_batch *b)
{
	return b->lazy ? 0 : mc_flush(b);
}

void mc_lazy_enter(struct mc_batch *b)
{
	if (!b->no_lazy)
		b->lazy++;
}

int mc_lazy_leave(struct mc_batch *b)
{
	if (b->lazy == 0 || --b->lazy > 0)
		return 0;
	return mc_flush(b);
}
