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
 * "no-device" (dom0 made only device 1, to test the backend's checks
 * on it: the driver, which drives device 0, must find none).
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

static void test_dom0(void)
{
	unsigned char out[SKELETON_MAX_DATA];

	tap_plan(3);
	is(skeleton_status(), -ENODEV, "dom0 (no xenstore): the driver's xenbus registration gave -ENODEV");
	is(skeleton_reverse("x", 1, out), -ENODEV, "a request without a device gives -ENODEV");
	ok(!skeleton_ready() && !skeleton_fault(), "no device: not ready, and no fault reported");
}

static void test_bad_id(void)
{
	unsigned char out[SKELETON_MAX_DATA];
	const char *why;

	tap_plan(4);
	ok(skeleton_ready(), "device 0 connected to its backend");
	is(skeleton_reverse("abc", 3, out), -EIO, "a response with an id never issued fails the request with -EIO");
	why = skeleton_fault();
	ok(why && strstr(why, "not in flight"), "the fault names the bad id: %s", why ? why : "(none)");
	is(skeleton_reverse("abc", 3, out), -EIO, "the device stays closed: the next request gives -EIO at once");
}

static void test_no_device(void)
{
	unsigned char out[SKELETON_MAX_DATA];

	tap_plan(2);
	is(skeleton_status(), 0, "a domU without device/%s/0: the driver found no device", SKELETON_DEVICE_TYPE);
	is(skeleton_reverse("x", 1, out), -ENODEV, "a request without a device gives -ENODEV");
}

static void test_good(void)
{
	unsigned char in[SKELETON_MAX_DATA], out[SKELETON_MAX_DATA];
	struct skeleton_stats st0, st;
	unsigned int k, i, len, bad = 0, n = 0;

	tap_plan(10);
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
