/*
 * TAP tests of the skeleton driver, run inside a booted kernel.  This
 * module is linked after the driver, so the driver's init (which
 * connects device 0 to its backend) has run by the time this one's
 * does; the kernel's exit status carries the verdict.
 *
 * As dom0 there is no xenstore: the driver found no bus.  As a domU the
 * backend (skeleton-back, started by tests/skeleton.dom0.sh) serves the
 * device; the dom0 script's word in data/skeleton-mode says what to
 * expect: nothing (a good backend), "bad-id" (one that answers with an
 * id never issued: the driver must close the device, naming it) or
 * "no-device" (dom0 made no device: the driver must find none).  (When
 * dom0 also plays a bad frontend of a device 1 against the same backend
 * daemon, the guest hears nothing of it: a good backend.)
 *
 * In every role the driver's init has run its user program,
 * skeleton-ping, already: its report is checked here, and the test
 * runs it once more with a count of its own.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/tap.h>
#include <xenpv/mm.h>
#include <xenpv/xenstore.h>

#include "skeleton.h"

/* Byte i of test message k: every length and value comes up. */
static unsigned char pattern(unsigned int k, unsigned int i)
{
	return (unsigned char)(k * 31 + i * 7 + 1);
}

static int reversed(const unsigned char *in, const unsigned char *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (out[i] != in[len - 1 - i])
			return 0;
	return 1;
}

/* The rounds of the test's own run of skeleton-ping: not the init's. */
#define OWN_ROUNDS 10

static const struct skeleton_ping_report *init_ping(void)
{
	const struct skeleton_ping_report *r = skeleton_ping_at_init();

	if (!r)
		tap_bail_out("the driver's init ran no skeleton-ping (skeleton.ping=0 given, or the program "
			     "is not linked into the test kernel: see README)");
	return r;
}

/* One run of skeleton-ping: it ran in ring 3 (it checks its %cs and
 * exits 2 if not) and exited 0; it and the driver exchanged its rounds
 * of events each way; each answer followed a round trip to the backend
 * (device) or the program was told there is no device and the driver
 * sent nothing.  3 checks. */
static void check_ping(const char *run, const struct skeleton_ping_report *r, int device)
{
	ok(r->pid && !r->status.killed && r->status.code == 0,
	   "%s: skeleton-ping ran in ring 3 and exited 0 (pid %u, code %d%s)", run, r->pid,
	   r->status.code, r->status.killed ? ", killed" : "");
	ok(r->rounds > 0 && r->asked == r->rounds && r->answered == r->rounds,
	   "%s: %u events each way between the program and the driver (%lu notifications, %lu answers)",
	   run, r->rounds, r->asked, r->answered);
	if (device)
		ok(r->device && r->round_trips == r->rounds && r->failed == 0,
		   "%s: each answer followed a round trip to the backend (%lu, %lu failed, first %d)",
		   run, r->round_trips, r->failed, r->err);
	else
		ok(!r->device && r->round_trips == 0 && r->failed == 0,
		   "%s: no device: the program was told so and the driver answered alone (%lu round trips)",
		   run, r->round_trips);
}

/* The init's run, a run of our own with another count (as many requests
 * on the ring as rounds, with a device) and counts refused.  8 checks. */
#define PING_TESTS 8
static void test_ping(int device)
{
	struct skeleton_ping_report r;
	struct skeleton_stats st0, st;
	int rc;

	check_ping("at init", init_ping(), device);
	skeleton_get_stats(&st0);
	rc = skeleton_ping(OWN_ROUNDS, &r);
	skeleton_get_stats(&st);
	if (rc)
		diag("skeleton_ping(%u): %d", OWN_ROUNDS, rc);
	check_ping("our run", &r, device);
	is(st.requests - st0.requests, device ? OWN_ROUNDS : 0, "our run of %u rounds put %s on the ring",
	   OWN_ROUNDS, device ? "as many requests" : "no request");
	ok(skeleton_ping(0, &r) == -EINVAL && skeleton_ping(SKELETON_PING_MAX + 1, &r) == -EINVAL,
	   "0 rounds and %u rounds are refused with -EINVAL", SKELETON_PING_MAX + 1);
}

static void test_dom0(void)
{
	unsigned char out[SKELETON_MAX_DATA];

	tap_plan(3 + PING_TESTS);
	is(skeleton_status(), -ENODEV, "dom0 (no xenstore): the driver's xenbus registration gave -ENODEV");
	is(skeleton_reverse("x", 1, out), -ENODEV, "a request without a device gives -ENODEV");
	ok(!skeleton_ready() && !skeleton_fault(), "no device: not ready, and no fault reported");
	test_ping(0);
}

/* The driver's init connected the device and ran skeleton-ping, whose
 * first round trip met the bad id. */
static void test_bad_id(void)
{
	const struct skeleton_ping_report *r = init_ping();
	unsigned char out[SKELETON_MAX_DATA];
	const char *why;

	tap_plan(5);
	ok(r->device, "device 0 was connected to its backend when the driver's init ran skeleton-ping");
	ok(r->pid && !r->status.killed && r->status.code == 0 && r->asked == r->rounds &&
	   r->answered == r->rounds, "the program still had its %u answers and exited 0 (code %d, %lu answers)",
	   r->rounds, r->status.code, r->answered);
	ok(r->round_trips == 0 && r->failed == r->rounds && r->err == -EIO,
	   "a response with an id never issued failed its first round trip with -EIO, and each later one "
	   "(%lu good, %lu failed, first %d)", r->round_trips, r->failed, r->err);
	why = skeleton_fault();
	ok(why && strstr(why, "not in flight"), "the fault names the bad id: %s", why ? why : "(none)");
	is(skeleton_reverse("abc", 3, out), -EIO, "the device stays closed: the next request gives -EIO at once");
}

static void test_no_device(void)
{
	unsigned char out[SKELETON_MAX_DATA];

	tap_plan(2 + PING_TESTS);
	is(skeleton_status(), 0, "a domU without device/%s/0: the driver found no device", SKELETON_DEVICE_TYPE);
	is(skeleton_reverse("x", 1, out), -ENODEV, "a request without a device gives -ENODEV");
	test_ping(0);
}

static void test_good(void)
{
	unsigned char in[SKELETON_MAX_DATA], out[SKELETON_MAX_DATA];
	struct skeleton_stats st0, st;
	unsigned int k, i, len, bad = 0, n = 0;

	tap_plan(10 + PING_TESTS);
	ok(skeleton_ready(), "device 0 connected to its backend");
	skeleton_get_stats(&st0);
	ok(skeleton_reverse("hello", 5, out) == 0 && memcmp(out, "olleh", 5) == 0,
	   "the backend answers 'hello' with 'olleh'");
	n++;
	for (i = 0; i < SKELETON_MAX_DATA; i++)
		in[i] = pattern(0, i);
	ok(skeleton_reverse(in, SKELETON_MAX_DATA, out) == 0 && reversed(in, out, SKELETON_MAX_DATA),
	   "a full %u-byte payload comes back reversed", SKELETON_MAX_DATA);
	n++;
	for (k = 1; k <= 100; k++, n++) {
		len = 1 + k % SKELETON_MAX_DATA;
		for (i = 0; i < len; i++)
			in[i] = pattern(k, i);
		bad += skeleton_reverse(in, len, out) != 0 || !reversed(in, out, len);
	}
	is(bad, 0, "100 requests of 1 to %u bytes, each answered with its own bytes reversed", SKELETON_MAX_DATA);
	ok(skeleton_reverse(in, 0, out) == -EINVAL && skeleton_reverse(in, SKELETON_MAX_DATA + 1, out) == -EINVAL,
	   "0 bytes and %u bytes are refused with -EINVAL", SKELETON_MAX_DATA + 1);
	is(skeleton_call(0x7f, "x", 1, out), -EOPNOTSUPP, "the backend refuses an unknown operation: -EOPNOTSUPP");
	n++;
	ok(skeleton_reverse("ok", 2, out) == 0 && memcmp(out, "ko", 2) == 0,
	   "the device works on after a refused operation");
	n++;
	skeleton_get_stats(&st);
	is(st.requests - st0.requests, n, "%u requests went on the ring (none for the refused lengths)", n);
	ok(st.notifications > st0.notifications && st.irqs > st0.irqs,
	   "notifications both ways (%lu sent, %lu received)", st.notifications - st0.notifications,
	   st.irqs - st0.irqs);
	ok(!skeleton_fault(), "no fault: %s", skeleton_fault() ? skeleton_fault() : "none");
	test_ping(1);
}

static int skeleton_test_init(void)
{
	char *mode = NULL;
	int st = skeleton_status();

	if (st == -ENODEV) {
		test_dom0();
		return tap_done();
	}
	if (xenstore_read(XENSTORE_TX_NONE, "data/skeleton-mode", &mode) < 0)
		mode = NULL;            /* no word from dom0: a good backend */
	if (mode && strcmp(mode, "no-device") == 0)
		test_no_device();
	else if (st == 0)
		tap_bail_out("no device/%s/0: boot the test with its backend (README: As a domU)",
			     SKELETON_DEVICE_TYPE);
	else if (mode && strcmp(mode, "bad-id") == 0)
		test_bad_id();
	else
		test_good();
	kfree(mode);
	return tap_done();
}
XENPV_MODULE(skeleton_test, skeleton_test_init, NULL);
