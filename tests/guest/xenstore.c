/*
 * The xenstore client on real Xen.  As a domU under xl (dom0 runs
 * Debian's xenstored): our own keys, our home's data/ subtree, errors
 * (ENOENT, EACCES), permissions, a committed and an aborted
 * transaction, a watch whose callback runs in the watch task, and a
 * timeout provoked by masking the store's event channel.  As dom0 (no
 * xenstored in that bench): every call fails at once with -ENODEV.
 * Both roles run the same number of tests; each says its role.
 */
#include "guest-test.h"
#include <xenpv/xenstore.h>
#include <xenpv/events.h>
#include <xenpv/task.h>
#include <xenpv/time.h>
#include <xenpv/irq.h>
#include <xenpv/mm.h>
#include <kernel/task.h>

#define PLAN 26
#define HOME "data/xs-test"

static int booted_as_domu(void)
{
	size_t len;
	const char *role = xenpv_cmdline_get("xenpv.role", &len);

	return role && len == 4 && strncmp(role, "domU", 4) == 0;
}

/* What the watch callback saw. */
static struct {
	volatile unsigned int fired;
	char path[128];
	int in_irq;
	const char *task;
	char value[16];                 /* read by the callback itself */
} seen;

static void watch_fn(struct xenstore_watch *w, const char *path)
{
	(void)w;
	char *v = NULL;

	snprintf(seen.path, sizeof(seen.path), "%s", path);
	seen.in_irq = in_irq();
	seen.task = task_name(task_current());
	/* A callback may sleep in xenstore calls of its own. */
	if (xenstore_read(XENSTORE_TX_NONE, path, &v) >= 0)
		snprintf(seen.value, sizeof(seen.value), "%s", v);
	else
		snprintf(seen.value, sizeof(seen.value), "(none)");
	kfree(v);
	seen.fired++;
}

/* The callback runs in the watch task: let it run. */
static int wait_fired(unsigned int want, unsigned int ms)
{
	uint64_t end = xenpv_clock_ns() + ms * NSEC_PER_MSEC;

	while (seen.fired < want && xenpv_clock_ns() < end) {
		yield();
		if (seen.fired < want)
			msleep(1);
	}
	return seen.fired >= want;
}

/* Read path and compare it with want; the value is freed. */
static int read_is(xenstore_tx_t tx, const char *path, const char *want)
{
	char *v = NULL;
	int len = xenstore_read(tx, path, &v), same;

	if (len < 0)
		return len;
	same = strcmp(v, want) == 0 && (size_t)len == strlen(want);
	kfree(v);
	return same ? 0 : -EPROTO;
}

static unsigned int domid;
static char abs_key[64];

static void check_own_keys(void)
{
	char *v = NULL, path[64];
	int len;

	ok(xenstore_available(), "domU: the store ring is in start_info (mfn %#lx, port %u)",
	   (unsigned long)xen_start_info->store_mfn, xen_start_info->store_evtchn);
	len = xenstore_read(XENSTORE_TX_NONE, "domid", &v);
	domid = len > 0 ? (unsigned int)strtoul(v, NULL, 10) : 0;
	ok(len > 0 && domid > 0, "domU: read \"domid\" (relative to our home): %s", len > 0 ? v : "-");
	kfree(v);
	snprintf(path, sizeof(path), "/local/domain/%u/domid", domid);
	snprintf(abs_key, sizeof(abs_key), "/local/domain/%u/" HOME "/watched", domid);
	len = xenstore_read(XENSTORE_TX_NONE, path, &v);
	ok(len > 0 && strtoul(v, NULL, 10) == domid, "domU: the same through the absolute %s", path);
	kfree(v);
	v = NULL;
	len = xenstore_read(XENSTORE_TX_NONE, "name", &v);
	ok(len > 0 && strncmp(v, "xenstore", 8) == 0, "domU: our name is the image's: %s", len > 0 ? v : "-");
	kfree(v);
}

static void check_nodes(void)
{
	char **list = NULL;
	int n;

	xenstore_rm(XENSTORE_TX_NONE, HOME);
	is(xenstore_write(XENSTORE_TX_NONE, HOME "/key", "hello"), 0, "domU: write " HOME "/key");
	is(read_is(XENSTORE_TX_NONE, HOME "/key", "hello"), 0, "domU: ... reads back \"hello\"");
	is(xenstore_read(XENSTORE_TX_NONE, HOME "/missing", &(char *){ NULL }),
	   -ENOENT, "domU: a missing key gives -ENOENT");
	is(xenstore_write(XENSTORE_TX_NONE, "/local/domain/0/x", "no"), -EACCES,
	   "domU: writing /local/domain/0/x (not ours) gives -EACCES");
	ok(xenstore_mkdir(XENSTORE_TX_NONE, HOME "/dir") == 0 &&
	   xenstore_write(XENSTORE_TX_NONE, HOME "/dir/a", "1") == 0 &&
	   xenstore_printf(XENSTORE_TX_NONE, HOME "/dir/b", "%d", 2) == 0,
	   "domU: mkdir " HOME "/dir, then dir/a and dir/b (xenstore_printf)");
	list = NULL;
	n = xenstore_directory(XENSTORE_TX_NONE, HOME "/dir", &list);
	ok(n == 2 && list[2] == NULL &&
	   ((strcmp(list[0], "a") == 0 && strcmp(list[1], "b") == 0) ||
	    (strcmp(list[0], "b") == 0 && strcmp(list[1], "a") == 0)),
	   "domU: the directory lists a and b (%d children)", n);
	if (n >= 0)
		kfree(list);
}

/* Bigger than either 1 KiB ring: the request waits for room, the
 * reply comes in pieces.  (xenstored's default quota for a domU's
 * value is 2048 bytes.) */
static void check_big_value(void)
{
	static char big[2001];
	unsigned int i;
	int w, r;

	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)('a' + i % 26);
	w = xenstore_write(XENSTORE_TX_NONE, HOME "/big", big);
	r = read_is(XENSTORE_TX_NONE, HOME "/big", big);
	ok(w == 0 && r == 0, "domU: a %u-byte value (two rings' worth) is written (%d) and read back (%d)",
	   (unsigned int)sizeof(big) - 1, w, r);
}

/* Over xenstored's quota, and over the protocol's 4096-byte limit. */
static void check_too_big(void)
{
	static char huge[5001];
	int quota, proto;

	memset(huge, 'z', sizeof(huge) - 1);
	proto = xenstore_write(XENSTORE_TX_NONE, HOME "/huge", huge);
	huge[3000] = '\0';
	quota = xenstore_write(XENSTORE_TX_NONE, HOME "/huge", huge);
	ok(proto == -E2BIG && quota == -ENOSPC,
	   "domU: 5000 bytes give -E2BIG (%d, never sent), 3000 bytes -ENOSPC from xenstored's quota (%d)",
	   proto, quota);
}

static void check_perms(void)
{
	struct xenstore_perm *p = NULL;
	struct xenstore_perm set[2] = {
		{ .domid = domid, .perm = XENSTORE_PERM_NONE },
		{ .domid = 0, .perm = XENSTORE_PERM_READ },
	};
	int n = xenstore_get_perms(XENSTORE_TX_NONE, HOME "/key", &p);

	ok(n >= 1 && p[0].domid == domid, "domU: get_perms: we own our key (owner %d, %d entries)",
	   n >= 1 ? (int)p[0].domid : -1, n);
	if (n >= 0)
		kfree(p);
	p = NULL;
	n = xenstore_set_perms(XENSTORE_TX_NONE, HOME "/key", set, 2);
	if (n == 0)
		n = xenstore_get_perms(XENSTORE_TX_NONE, HOME "/key", &p);
	ok(n == 2 && p[0].domid == domid && p[0].perm == XENSTORE_PERM_NONE &&
	   p[1].domid == 0 && p[1].perm == XENSTORE_PERM_READ,
	   "domU: set_perms n%u,r0 reads back from get_perms (%d)", domid, n);
	if (n > 0)
		kfree(p);
}

static void check_transactions(void)
{
	xenstore_tx_t tx;
	int err, tries = 0, hidden = 0;

	/* The retry loop every caller writes: -EAGAIN means start again. */
	do {
		tries++;
		err = xenstore_transaction_start(&tx);
		if (err)
			break;
		err = xenstore_write(tx, HOME "/tx/a", "1");
		if (!err)
			err = xenstore_write(tx, HOME "/tx/b", "2");
		if (!err)
			hidden = xenstore_read(XENSTORE_TX_NONE, HOME "/tx/a", &(char *){ NULL }) == -ENOENT;
		err = xenstore_transaction_end(tx, err != 0);
	} while (err == -EAGAIN && tries < 10);
	ok(err == 0 && hidden, "domU: a transaction commits (%d tries); outside it its writes were unseen until then",
	   tries);
	ok(read_is(XENSTORE_TX_NONE, HOME "/tx/a", "1") == 0 && read_is(XENSTORE_TX_NONE, HOME "/tx/b", "2") == 0,
	   "domU: ... and both its writes are there after the commit");
	err = xenstore_transaction_start(&tx);
	if (!err)
		err = xenstore_write(tx, HOME "/tx/c", "3");
	ok(err == 0 && xenstore_transaction_end(tx, 1) == 0 &&
	   read_is(XENSTORE_TX_NONE, HOME "/tx/c", "3") == -ENOENT,
	   "domU: an aborted transaction leaves nothing behind");
}

static void check_watch(void)
{
	struct xenstore_watch w = { .path = abs_key, .token = "xs-test", .fn = watch_fn };
	unsigned int before;

	seen.fired = 0;
	ok(xenstore_watch(&w) == 0 && wait_fired(1, 2000),
	   "domU: a watch on %s registers and fires once at once, as xenstored does", abs_key);
	before = seen.fired;
	seen.path[0] = '\0';
	ok(xenstore_write(XENSTORE_TX_NONE, abs_key, "x") == 0 && wait_fired(before + 1, 2000) &&
	   strcmp(seen.path, abs_key) == 0 && strcmp(seen.value, "x") == 0,
	   "domU: writing the key fires it (path %s; the callback read \"%s\")", seen.path, seen.value);
	ok(!seen.in_irq && seen.task && strcmp(seen.task, "xenstore") == 0,
	   "domU: the callback ran in task context (task %s), not in an irq handler", seen.task ? seen.task : "?");
	is(xenstore_unwatch(&w), 0, "domU: unwatch");
	before = seen.fired;
	xenstore_write(XENSTORE_TX_NONE, abs_key, "y");
	read_is(XENSTORE_TX_NONE, abs_key, "y");       /* a round trip after the write */
	wait_fired(before + 1, 100);
	is(seen.fired, before, "domU: after unwatch a write fires no callback");
}

/* With the store's port masked xenstored's answer never reaches us. */
static void check_timeout(void)
{
	unsigned int old = xenstore_set_timeout_ms(200);
	uint64_t t0 = xenpv_clock_ns(), dt;
	char *v = NULL;
	int err;

	mask_evtchn(xen_start_info->store_evtchn);
	err = xenstore_read(XENSTORE_TX_NONE, "domid", &v);
	dt = xenpv_clock_ns() - t0;
	unmask_evtchn(xen_start_info->store_evtchn);
	xenstore_set_timeout_ms(old);
	ok(err == -ETIMEDOUT && dt >= 200 * NSEC_PER_MSEC && dt < 4000 * NSEC_PER_MSEC,
	   "domU: an unanswered read gives -ETIMEDOUT after the 200 ms asked (%llu ms)",
	   (unsigned long long)(dt / NSEC_PER_MSEC));
	ok(read_is(XENSTORE_TX_NONE, HOME "/tx/a", "1") == 0,
	   "domU: the late reply is dropped and the next read works");
}

static void check_speed_and_cleanup(void)
{
	const unsigned int rounds = 50;
	unsigned int i, good = 0;
	uint64_t t0 = xenpv_clock_ns();

	for (i = 0; i < rounds; i++)
		good += read_is(XENSTORE_TX_NONE, HOME "/tx/a", "1") == 0;
	xenpv_stat("xenstore_read_ns", (xenpv_clock_ns() - t0) / rounds);
	is(good, rounds, "domU: %u reads in a row (%llu us each)", rounds,
	   (unsigned long long)((xenpv_clock_ns() - t0) / rounds / NSEC_PER_USEC));
	ok(xenstore_rm(XENSTORE_TX_NONE, HOME) == 0 &&
	   xenstore_read(XENSTORE_TX_NONE, HOME "/key", &(char *){ NULL }) == -ENOENT,
	   "domU: rm " HOME " removes the subtree");
}

static void domu_tests(void)
{
	check_own_keys();
	check_nodes();
	check_big_value();
	check_too_big();
	check_perms();
	check_transactions();
	check_watch();
	check_timeout();
	check_speed_and_cleanup();
}

/* dom0: no xenstored in this bench.  Every entry point says -ENODEV,
 * at once. */
static void dom0_tests(void)
{
	struct xenstore_watch w = { .path = "x", .token = "t", .fn = watch_fn };
	struct xenstore_perm perm = { 0, XENSTORE_PERM_READ }, *pp = NULL;
	char *v = (char *)"untouched", **list = NULL;
	xenstore_tx_t tx = 0;
	unsigned int i, good = 0;
	uint64_t t0, dt;

	ok(!xen_start_info->store_mfn && !xenstore_available(), "dom0: start_info has no store ring");
	is(xenstore_read(XENSTORE_TX_NONE, "domid", &v), -ENODEV, "dom0: read gives -ENODEV");
	is_str(v, "untouched", "dom0: ... and leaves *value alone");
	is(xenstore_read(XENSTORE_TX_NONE, "/local/domain/0/domid", &v), -ENODEV, "dom0: absolute read too");
	is(xenstore_write(XENSTORE_TX_NONE, HOME "/key", "hello"), -ENODEV, "dom0: write gives -ENODEV");
	is(xenstore_printf(XENSTORE_TX_NONE, HOME "/key", "%d", 1), -ENODEV, "dom0: printf gives -ENODEV");
	is(xenstore_mkdir(XENSTORE_TX_NONE, HOME), -ENODEV, "dom0: mkdir gives -ENODEV");
	is(xenstore_rm(XENSTORE_TX_NONE, HOME), -ENODEV, "dom0: rm gives -ENODEV");
	is(xenstore_directory(XENSTORE_TX_NONE, "/", &list), -ENODEV, "dom0: directory gives -ENODEV");
	ok(list == NULL, "dom0: ... and returns no list");
	is(xenstore_get_perms(XENSTORE_TX_NONE, "/", &pp), -ENODEV, "dom0: get_perms gives -ENODEV");
	is(xenstore_set_perms(XENSTORE_TX_NONE, "/", &perm, 1), -ENODEV, "dom0: set_perms gives -ENODEV");
	is(xenstore_transaction_start(&tx), -ENODEV, "dom0: transaction_start gives -ENODEV");
	is(tx, 0, "dom0: ... and no transaction id");
	is(xenstore_transaction_end(1, 0), -ENODEV, "dom0: transaction_end gives -ENODEV");
	is(xenstore_transaction_end(1, 1), -ENODEV, "dom0: ... aborting too");
	is(xenstore_watch(&w), -ENODEV, "dom0: watch gives -ENODEV");
	is(xenstore_unwatch(&w), -ENOENT, "dom0: unwatch of a watch never registered gives -ENOENT");
	is(xenstore_read(XENSTORE_TX_NONE, "", &v), -EINVAL, "dom0: an empty path is refused (-EINVAL) first");
	is(xenstore_printf(XENSTORE_TX_NONE, "k", "%300s", ""), -E2BIG,
	   "dom0: printf of a value over 255 bytes gives -E2BIG (before any I/O)");
	{
		static char huge[5001];

		memset(huge, 'z', sizeof(huge) - 1);
		is(xenstore_write(XENSTORE_TX_NONE, "k", huge), -E2BIG,
		   "dom0: a 5000-byte value gives -E2BIG (over the protocol's 4096, before any I/O)");
	}
	is(xenstore_set_timeout_ms(100), 5000, "dom0: the default timeout is 5000 ms");
	is(xenstore_read(XENSTORE_TX_NONE, "domid", &v), -ENODEV, "dom0: with a short timeout still -ENODEV");
	xenstore_set_timeout_ms(5000);
	/* Timed apart from the TAP lines, which cost more than the calls. */
	t0 = xenpv_clock_ns();
	for (i = 0; i < 10; i++)
		good += xenstore_read(XENSTORE_TX_NONE, "domid", &v) == -ENODEV &&
			 xenstore_write(XENSTORE_TX_NONE, "k", "v") == -ENODEV &&
			 xenstore_directory(XENSTORE_TX_NONE, "/", &list) == -ENODEV &&
			 xenstore_transaction_start(&tx) == -ENODEV &&
			 xenstore_watch(&w) == -ENODEV;
	dt = xenpv_clock_ns() - t0;
	ok(good == 10 && dt < 1000 * NSEC_PER_MSEC, "dom0: 50 more calls all failed in %llu us: nothing waited",
	   (unsigned long long)(dt / NSEC_PER_USEC));
	seen.fired = 0;
	wait_fired(1, 20);
	is(seen.fired, 0, "dom0: no watch callback ever ran");
	ok(task_current()->next == task_current(),
	   "dom0: no xenstore task was started (the boot task runs alone)");
}

static int test_xenstore(void)
{
	tap_plan(PLAN);
	if (booted_as_domu())
		domu_tests();
	else
		dom0_tests();
	return tap_done();
}
XENPV_MODULE(test_xenstore, test_xenstore, NULL);
