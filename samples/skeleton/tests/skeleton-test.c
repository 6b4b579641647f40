/*
 * TAP tests of the skeleton driver, run inside a booted kernel.  This
 * module is linked after the driver, so the driver's init has run by the
 * time this one's does; the kernel's exit status carries the verdict.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/tap.h>

#include "skeleton.h"

/* A recognisable byte for position i of a test stream. */
static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + 3);
}

static void test_round_trip(void)
{
	char buf[8] = "";

	is(skeleton_write("hello", 5), 5, "a short write is accepted whole");
	is(skeleton_pending(), 5, "five bytes are pending");
	is(skeleton_read(buf, 3), 3, "a partial read takes three bytes");
	buf[3] = '\0';
	is_str(buf, "hel", "bytes come out in the order they went in");
	is(skeleton_read(buf, sizeof(buf)), 2, "the next read takes only what is left");
	is(skeleton_read(buf, sizeof(buf)), 0, "an empty FIFO reads nothing");
}

/* Move a stream through the FIFO in uneven chunks, so that both indexes
 * wrap around the end of the buffer many times. */
static void test_wrap_around(void)
{
	size_t total = SKELETON_FIFO_SIZE * 5 + 17, sent = 0, got = 0, bad = 0;
	unsigned char chunk[61], out[45];

	while (got < total) {
		size_t i, n = total - sent < sizeof(chunk) ? total - sent : sizeof(chunk);

		for (i = 0; i < n; i++)
			chunk[i] = pattern(sent + i);
		sent += skeleton_write(chunk, n);
		n = skeleton_read(out, sizeof(out));
		for (i = 0; i < n; i++)
			bad += out[i] != pattern(got + i);
		got += n;
		if (n == 0 && sent == total)
			break;
	}
	is(got, total, "a %u-byte stream went through a %u-byte FIFO",
	   (unsigned int)total, (unsigned int)SKELETON_FIFO_SIZE);
	is(bad, 0, "every byte survived the wrap-around");
}

static void test_full(void)
{
	unsigned char big[SKELETON_FIFO_SIZE + 10];
	struct skeleton_stats before, after;

	memset(big, 0x5a, sizeof(big));
	skeleton_get_stats(&before);
	is(skeleton_write(big, 10), 10, "ten bytes queued");
	is(skeleton_write(big, sizeof(big)), SKELETON_FIFO_SIZE - 10,
	   "a write into a part-full FIFO takes only the free space");
	is(skeleton_write(big, 1), 0, "a full FIFO refuses more");
	skeleton_get_stats(&after);
	is(after.dropped - before.dropped, sizeof(big) - (SKELETON_FIFO_SIZE - 10) + 1,
	   "refused bytes are counted as dropped");
	is(after.high_water, SKELETON_FIFO_SIZE, "high water reached the capacity");
	is(skeleton_read(big, sizeof(big)), SKELETON_FIFO_SIZE, "a full FIFO drains in one read");
}

static int skeleton_test_init(void)
{
	struct skeleton_stats st;

	tap_plan(16);
	if (!ok(skeleton_ready(), "the driver initialised before its tests"))
		tap_bail_out("skeleton driver not ready: its init failed or ran after the tests");
	test_round_trip();
	test_wrap_around();
	test_full();
	skeleton_get_stats(&st);
	is(st.bytes_in, st.bytes_out, "all that went in came out (%lu bytes)", st.bytes_in);
	return tap_done();
}
XENPV_MODULE(skeleton_test, skeleton_test_init, NULL);
