/*
 * TAP tests of the blkfront driver, run inside a booted kernel after the
 * driver's init has connected the disks.
 *
 * As a domU with a disk (tests/host/blkfront.sh in the SDK's tree gives
 * xvda, 8 MiB, with a dom0 script): it reads the pattern dom0 wrote
 * (sectors 0-63: "xenpv-blkfront disk sector N"), writes its own
 * ("blkfront sector NNNNNNNN" then dots, per 512 bytes) from sector
 * 4096 on in pieces of 1 sector, 8 sectors, one page, the largest
 * direct request (11 pages), the largest indirect one (32 pages) and a
 * transfer of many requests, flushes, reads it all back, and prints
 * xenpv-stat figures; dom0 checks the image after the domain is gone.
 * What the driver negotiated is checked against the blkfront.* options
 * on the command line (blkfront.h): by default indirect segments and
 * persistent grants, both of which Linux's blkback offers.  The dom0 script says what to expect
 * in data/blkfront-mode: "good", or "bad-sector-size" ("bad-sectors")
 * when it rewrote the backend's sector-size to 7 (sectors to 0; the
 * driver's connect hook below waits for that word) and the driver must
 * have refused the disk.  Without a disk it
 * says so and skips; as dom0 (no xenstore) the driver found no bus.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/tap.h>
#include <xenpv/mm.h>
#include <xenpv/time.h>
#include <xenpv/xenstore.h>

#include "blkfront.h"

#define DOM0_SECTORS 64                 /* dom0's pattern */
#define W0 4096u                        /* our writes start here */
#define MULTI 4096u                     /* the many-request piece: 2 MiB */
static const unsigned int pieces[] = { 1, 8, 8, 88, 256, MULTI, 37 };
#define WRITTEN (1 + 8 + 8 + 88 + 256 + MULTI + 37)

static char mode[32] = "plain";         /* no dom0 script said otherwise */

/* Called by the driver once the backend is Connected, before it reads
 * the backend's values: wait for dom0's word (it writes it at once, or
 * after it rewrote the backend's values: blkback's connection is
 * complete by then, so nothing overwrites them). */
void blkfront_connect_hook(const char *nodename)
{
	uint64_t end = xenpv_clock_ns() + 20000 * NSEC_PER_MSEC;
	char *v = NULL;
	int n;

	while ((n = xenstore_read(XENSTORE_TX_NONE, "data/blkfront-mode", &v)) < 0 &&
	       xenpv_clock_ns() < end)
		msleep(20);
	if (n > 0)
		snprintf(mode, sizeof(mode), "%s", v);
	kfree(v);
	printk(KERN_INFO "blkfront-test: %s: mode %s\n", nodename, mode);
}

/* Our pattern for the 512 bytes of disk sector s. */
static void fill(unsigned char *p, unsigned int s)
{
	int n = snprintf((char *)p, 512, "blkfront sector %08u", s);

	memset(p + n, '.', 511 - (size_t)n);
	p[511] = '\n';
}

/* What sector s holds once we are done: ours, else dom0's or zeros
 * (on a disk of unknown content, "plain" mode: anything). */
static int sector_ok(const unsigned char *p, unsigned int s)
{
	unsigned char want[512];
	unsigned int i;
	int n;

	if (s >= W0 && s < W0 + WRITTEN) {
		fill(want, s);
		return memcmp(p, want, 512) == 0;
	}
	if (strcmp(mode, "plain") == 0)
		return 1;
	if (s < DOM0_SECTORS) {
		n = snprintf((char *)want, sizeof(want), "xenpv-blkfront disk sector %u\n", s);
		return memcmp(p, want, (size_t)n) == 0;
	}
	for (i = 0; i < 512; i++)
		if (p[i])
			return 0;
	return 1;
}

static unsigned int bad_sectors(const unsigned char *buf, unsigned int first, unsigned int n)
{
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += !sector_ok(buf + (size_t)i * 512, first + i);
	return bad;
}

static unsigned int kib_per_s(uint64_t bytes, uint64_t ns)
{
	return ns ? (unsigned int)(bytes * (NSEC_PER_SEC / 1024) / ns) : 0;
}

/* The blkfront.* option name as the driver reads it, or its default. */
static unsigned long option(const char *name, unsigned long dflt)
{
	xenpv_cmdline_ulong(name, 0, ~0ul, &dflt);
	return dflt;
}

/* What the driver should have negotiated with blkback (which offers
 * feature-persistent and 256 indirect segments), given the options. */
static void check_features(const struct blkfront_info *a)
{
	unsigned int segs = option("blkfront.indirect", 1) && a->max_indirect > 11 ?
		(a->max_indirect < BLKFRONT_MAX_SEGMENTS ? a->max_indirect : BLKFRONT_MAX_SEGMENTS) : 11;
	unsigned long slots = option("blkfront.max_inflight", BLKFRONT_MAX_INFLIGHT);

	if (segs > option("blkfront.max_segments", BLKFRONT_MAX_SEGMENTS))
		segs = (unsigned int)option("blkfront.max_segments", BLKFRONT_MAX_SEGMENTS);
	ok(a->segs == segs, "requests carry up to %u pages (backend's feature-max-indirect-segments %u, "
	   "options: want %u)", a->segs, a->max_indirect, segs);
	ok(a->persistent == option("blkfront.persistent", 1),
	   "persistent grants %s, as the options ask (blkback offers them)", a->persistent ? "in use" : "off");
	ok(a->slots == (slots < a->ring_size ? slots : a->ring_size),
	   "up to %u requests in flight (ring %u, blkfront.max_inflight %lu)", a->slots, a->ring_size, slots);
}

static void good_tests(struct blkfront *d)
{
	unsigned long mb = strtoul(xenpv_cmdline_get("blkfront_test.disk_mb", NULL) ?: "8", NULL, 10);
	unsigned char *buf = vmalloc((size_t)MULTI * 512 + 4096), *back = vmalloc((size_t)(WRITTEN + 2) * 512);
	struct blkfront_info a, b;
	unsigned int i, s, bad, req, ss = blkfront_sector_size(d);
	uint64_t t, cap = blkfront_capacity(d), tw = 0, tr;
	int err, all = 0;

	if (!buf || !back)
		tap_bail_out("no memory for the buffers");
	blkfront_get_info(d, &a);
	ok(cap == mb * 2048 && ss == 512, "%s: %llu sectors of %u bytes: the %lu MiB disk given",
	   blkfront_name(d), (unsigned long long)cap, ss, mb);
	ok(a.ring_order >= 1 && a.ring_order == (a.max_ring_order < 4 ? a.max_ring_order : 4),
	   "a %u-page ring (%u requests): the backend's max-ring-page-order %u, at most 4",
	   1u << a.ring_order, a.ring_size, a.max_ring_order);
	diag("backend: feature-flush-cache %u, feature-max-indirect-segments %u; persistent grants %u",
	     a.flush, a.max_indirect, a.persistent);
	check_features(&a);

	err = blkfront_read(d, 0, DOM0_SECTORS, buf);
	bad = err ? DOM0_SECTORS : bad_sectors(buf, 0, DOM0_SECTORS);
	ok(err == 0 && bad == 0, "sectors 0-%u in one read: dom0's pattern (%d, %u bad)", DOM0_SECTORS - 1, err, bad);

	/* Our pattern, in pieces of each size, contiguous from W0. */
	for (i = 0, s = W0; i < ARRAY_SIZE(pieces); s += pieces[i++]) {
		unsigned char *src = buf + (i == 1);      /* the second from an odd address */
		unsigned int k;

		for (k = 0; k < pieces[i]; k++)
			fill(src + (size_t)k * 512, s + k);
		blkfront_get_info(d, &a);
		t = xenpv_clock_ns();
		err = blkfront_write(d, s, pieces[i], src);
		t = xenpv_clock_ns() - t;
		blkfront_get_info(d, &b);
		all |= err;
		/* A closed device has no segments: no request, not a trap. */
		req = a.segs ? (pieces[i] + a.segs * 8 - 1) / (a.segs * 8) : 0;
		if (pieces[i] == MULTI) {
			tw = t;
			ok(err == 0 && b.requests - a.requests == req &&
			   b.max_inflight == (req < b.slots ? req : b.slots),
			   "write of %u sectors: %lu requests, up to %lu in flight (%d)", MULTI,
			   b.requests - a.requests, b.max_inflight, err);
		} else {
			ok(err == 0 && b.requests - a.requests == req &&
			   b.segments - a.segments == (pieces[i] + 7) / 8 &&
			   b.indirect - a.indirect == (a.segs > 11 && pieces[i] > 88 ? req : 0),
			   "write of %u sector(s)%s at %u: %lu request(s), %lu segment(s), %lu indirect (%d)",
			   pieces[i], i == 1 ? " from an odd address" : i == 2 ? " (a page)" : "", s,
			   b.requests - a.requests, b.segments - a.segments, b.indirect - a.indirect, err);
		}
	}
	err = blkfront_flush(d);
	if (a.flush)
		is(err, 0, "flush: the backend's cache written out");
	else
		is(err, -EOPNOTSUPP, "flush: the backend offers no feature-flush-cache: -EOPNOTSUPP");

	/* Back, piece by piece into an odd address, then in one read. */
	for (i = 0, s = W0, bad = 0; i < ARRAY_SIZE(pieces); s += pieces[i++]) {
		err = blkfront_read(d, s, pieces[i], buf + 3);
		bad += err ? pieces[i] : bad_sectors(buf + 3, s, pieces[i]);
	}
	ok(bad == 0, "each piece read back alone is what was written (%u bad sectors)", bad);
	err = blkfront_read(d, W0 - 1, WRITTEN + 2, back);
	bad = err ? WRITTEN : bad_sectors(back, W0 - 1, WRITTEN + 2);
	ok(err == 0 && bad == 0, "all %u written sectors (and one each side) in one read (%d, %u bad)",
	   WRITTEN, err, bad);

	/* The whole disk, 2 MiB a call. */
	blkfront_get_info(d, &a);
	t = xenpv_clock_ns();
	for (s = 0, bad = 0, err = 0; s < cap && !err; s += MULTI) {
		unsigned int n = cap - s < MULTI ? (unsigned int)(cap - s) : MULTI;

		err = blkfront_read(d, s, n, buf);
		bad += err ? n : bad_sectors(buf, s, n);
	}
	tr = xenpv_clock_ns() - t;
	blkfront_get_info(d, &b);
	ok(err == 0 && bad == 0, "the whole disk read back: dom0's pattern, ours, zeros elsewhere (%d, %u bad)", err, bad);
	if (b.persistent)
		ok(b.grants <= b.slots * (b.segs + (b.segs > 11)) && b.grants * 4 < b.segments,
		   "persistent grants: %lu grant entries for %lu segments (each page granted once)",
		   b.grants, b.segments);
	else
		ok(b.grants == b.segments + b.indirect,
		   "grants per request: %lu grant entries for %lu segments and %lu indirect pages",
		   b.grants, b.segments, b.indirect);
	xenpv_stat("blkfront_read_kib_per_s", kib_per_s(b.bytes_read - a.bytes_read, tr));
	xenpv_stat("blkfront_write_kib_per_s", kib_per_s((uint64_t)MULTI * 512, tw));
	xenpv_stat("blkfront_notifies_per_100_requests", b.requests ? b.notifies * 100 / b.requests : 0);
	xenpv_stat("blkfront_irqs_per_100_requests", b.requests ? b.irqs * 100 / b.requests : 0);
	xenpv_stat("blkfront_max_inflight", b.max_inflight);

	is(blkfront_read(d, cap, 1, buf), -EINVAL, "a read at the capacity is refused (-EINVAL)");
	is(blkfront_write(d, cap - 1, 2, buf), -EINVAL, "a write running past the end is refused (-EINVAL)");
	is(blkfront_read(d, 0, 1, NULL), -EINVAL, "a read without a buffer is refused (-EINVAL)");
	ok(blkfront_read(d, 0, 0, buf) == 0 && blkfront_error(d) == 0 && !all,
	   "a read of 0 sectors does nothing; the device is still open");
	vfree(buf);
	vfree(back);
}

static void bad_tests(struct blkfront *d, const char *node, const char *fault)
{
	static unsigned char buf[512];
	struct blkfront_info info;
	uint64_t t = xenpv_clock_ns();
	int r = blkfront_read(d, 0, 1, buf), w = blkfront_write(d, 0, 1, buf), f = blkfront_flush(d);

	t = xenpv_clock_ns() - t;
	is(blkfront_error(d), -EIO, "%s: the device is closed", blkfront_name(d));
	ok(blkfront_fault(d) && strstr(blkfront_fault(d), fault),
	   "... because the backend's %s is bad: \"%s\"", node, blkfront_fault(d) ?: "-");
	/* At once: far below the 30 s a request may wait. */
	ok(r == -EIO && w == -EIO && f == -EIO && t < 1000 * NSEC_PER_MSEC,
	   "read, write and flush give -EIO at once (%d, %d, %d; %llu us)", r, w, f,
	   (unsigned long long)(t / NSEC_PER_USEC));
	blkfront_get_info(d, &info);
	ok(blkfront_capacity(d) == 0 && blkfront_sector_size(d) == 0 && info.requests == 0,
	   "no capacity, no sector size, and no request ever went to the backend (%lu)", info.requests);
}

static int blkfront_test_init(void)
{
	int st = blkfront_status();
	struct blkfront *d = blkfront_get(0);

	if (!xenstore_available()) {
		tap_plan(4);
		is(st, -ENODEV, "dom0 (no xenstore): the driver's xenbus registration gave -ENODEV");
		ok(d == NULL, "... and it has no device");
		ok(blkfront_read(NULL, 0, 1, &st) == -ENODEV && blkfront_write(NULL, 0, 1, &st) == -ENODEV &&
		   blkfront_flush(NULL) == -ENODEV, "read, write and flush without a device give -ENODEV");
		is(blkfront_error(NULL), -ENODEV, "blkfront_error(NULL) is -ENODEV");
		return tap_done();
	}
	if (st <= 0 || !d) {
		printk(KERN_ERR "blkfront-test: no vbd device (status %d): give the domain a disk "
		       "(xenpv-run --domu --xl-config, see README)\n", st);
		tap_plan(1);
		tap_skip(1, "no vbd device: nothing to test");
		return tap_done();
	}
	if (strcmp(mode, "bad-sector-size") == 0) {
		tap_plan(4);
		bad_tests(d, "sector-size", "backend's sector-size 7 is not a power of two >= 512");
	} else if (strcmp(mode, "bad-sectors") == 0) {
		tap_plan(4);
		bad_tests(d, "sectors", "backend's sectors 0 is less than one 512-byte sector");
	} else {
		tap_plan(22);
		good_tests(d);
	}
	return tap_done();
}
XENPV_MODULE(blkfront_test, blkfront_test_init, NULL);
