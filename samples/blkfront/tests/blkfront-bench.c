/*
 * blkfront-bench: a sequential write, then a sequential read, of
 * blkfront_bench.mb MiB (32) from sector 0 of the first vbd, in calls of
 * 2 MiB, each phase's figures printed as xenpv-stat lines (the SDK's
 * tests/bench/blkfront.sh runs it four ways and prints them side by
 * side).  The size of the requests on the ring, and how many are in
 * flight, are the driver's (blkfront.max_segments, blkfront.max_inflight
 * and the other options in blkfront.h).  The write phase ends with a
 * flush, counted in it.  What is read back is checked (each sector
 * starts with its own number), outside the timed calls.
 *
 * It overwrites the disk: give it a scratch one.  Without a usable vbd
 * its init fails, saying why.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/mm.h>
#include <xenpv/param.h>
#include <xenpv/time.h>

#include "blkfront.h"

#define CALL (2u << 20)                 /* bytes a call */

static unsigned long mb = 32;
XENPV_PARAM(blkfront_bench, mb, ulong, &mb, 2, 4096, "MiB written and read from sector 0");

/* What one phase cost: time and the driver's and Xen's counters. */
struct phase {
	uint64_t ns;
	unsigned long hypercalls;
	struct blkfront_info a, b;
};

static unsigned long per100(unsigned long n, unsigned long requests)
{
	return requests ? n * 100 / requests : 0;
}

static void report(const char *what, const struct phase *p, uint64_t bytes)
{
	unsigned long req = p->b.requests - p->a.requests;
	char key[64];

#define STAT(name, v) (snprintf(key, sizeof(key), "blk_%s_%s", what, name), xenpv_stat(key, v))
	STAT("kib_per_s", p->ns ? bytes * (NSEC_PER_SEC / 1024) / p->ns : 0);
	STAT("requests", req);
	STAT("kib_per_request_x100", per100((unsigned long)(bytes / 1024), req));
	STAT("inflight_avg_x100", per100(p->b.inflight_sum - p->a.inflight_sum, req));
	STAT("inflight_max", p->b.max_inflight);
	STAT("notifies_per_100_requests", per100(p->b.notifies - p->a.notifies, req));
	STAT("irqs_per_100_requests", per100(p->b.irqs - p->a.irqs, req));
	STAT("hypercalls_per_100_requests", per100(p->hypercalls, req));
	STAT("grants_per_100_requests", per100(p->b.grants - p->a.grants, req));
#undef STAT
}

/* Each 512 bytes: its sector number, then a byte of it repeated. */
static void fill(unsigned char *buf, uint64_t sector)
{
	unsigned int i;

	for (i = 0; i < CALL / 512; i++, buf += 512) {
		memset(buf, (int)((sector + i) & 0xff), 512);
		memcpy(buf, &(uint64_t){ sector + i }, sizeof(uint64_t));
	}
}

static unsigned int bad_sectors(const unsigned char *buf, uint64_t sector)
{
	unsigned int i, bad = 0;
	uint64_t n;

	for (i = 0; i < CALL / 512; i++, buf += 512) {
		memcpy(&n, buf, sizeof(n));
		bad += n != sector + i || buf[511] != (unsigned char)((sector + i) & 0xff);
	}
	return bad;
}

/* One phase: the whole range in calls of CALL bytes (the write's last
 * one followed by a flush), only the driver's calls timed and counted.
 * 0 or the first error; *bad counts sectors read back wrong. */
static int run(struct phase *t, struct blkfront *d, int write, unsigned char *buf, uint64_t sectors,
	       unsigned int *bad)
{
	unsigned long hc;
	uint64_t s, ns;
	int err = 0;

	memset(t, 0, sizeof(*t));
	blkfront_get_info(d, &t->a);
	for (s = 0; s < sectors && !err; s += CALL / 512) {
		if (write)
			fill(buf, s);
		ns = xenpv_clock_ns();
		hc = xenpv_hypercalls();
		if (write) {
			err = blkfront_write(d, s, CALL / 512, buf);
			if (!err && s + CALL / 512 >= sectors)
				err = blkfront_flush(d);
		} else {
			err = blkfront_read(d, s, CALL / 512, buf);
		}
		t->hypercalls += xenpv_hypercalls() - hc;
		t->ns += xenpv_clock_ns() - ns;
		if (!write && !err)
			*bad += bad_sectors(buf, s);
	}
	blkfront_get_info(d, &t->b);
	return err;
}

static int blkfront_bench_init(void)
{
	struct blkfront *d = blkfront_get(0);
	uint64_t sectors;
	struct phase w, r;
	unsigned char *buf;
	unsigned int bad = 0;
	int err;

	sectors = (uint64_t)mb * 2048;
	if (!d || blkfront_error(d) || blkfront_sector_size(d) != 512 || blkfront_capacity(d) < sectors) {
		printk(KERN_ERR "blkfront-bench: no usable vbd of %lu MiB in 512-byte sectors (%s: status %d, %s)\n",
		       mb, blkfront_name(d), blkfront_status(), blkfront_fault(d) ?: "no fault");
		return -ENODEV;
	}
	buf = vmalloc(CALL);
	if (!buf)
		return -ENOMEM;
	err = run(&w, d, 1, buf, sectors, &bad);
	if (!err)
		err = run(&r, d, 0, buf, sectors, &bad);
	vfree(buf);
	if (err || bad) {
		printk(KERN_ERR "blkfront-bench: %s: %s (%d), %u sector(s) read back wrong\n", blkfront_name(d),
		       err ? "a transfer failed" : "transfers done", err, bad);
		return err ? err : -EIO;
	}
	printk(KERN_INFO "blkfront-bench: %s: %lu MiB written and read back, requests of up to %u pages, "
	       "%u in flight, persistent grants %s\n", blkfront_name(d), mb, w.b.segs, w.b.slots,
	       w.b.persistent ? "yes" : "no");
	report("write", &w, sectors * 512);
	report("read", &r, sectors * 512);
	return 0;
}
XENPV_MODULE(blkfront_bench, blkfront_bench_init, NULL);
