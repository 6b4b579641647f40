/*
 * skeleton: a sample xenpv driver module.
 *
 * It allocates a small FIFO (see skeleton.h) from the kernel heap at init,
 * checks it with a self-test, and offers it to other modules.  Copy the project, rename
 * the module (see README) and make it drive your device.
 */
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <xenpv/module.h>

#include "skeleton.h"

/* The FIFO: 'count' bytes starting at 'head', wrapping at the end. */
static unsigned char *fifo;
static size_t head, count;
static struct skeleton_stats stats;
static int ready;

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

int skeleton_ready(void)
{
	return ready;
}

size_t skeleton_pending(void)
{
	return count;
}

size_t skeleton_write(const void *buf, size_t len)
{
	const unsigned char *src = buf;
	size_t n = min_size(len, SKELETON_FIFO_SIZE - count);
	size_t tail = (head + count) % SKELETON_FIFO_SIZE;
	/* The free space may wrap: copy up to the end, then from the start. */
	size_t first = min_size(n, SKELETON_FIFO_SIZE - tail);

	memcpy(fifo + tail, src, first);
	memcpy(fifo, src + first, n - first);
	count += n;
	stats.bytes_in += n;
	stats.dropped += len - n;
	if (count > stats.high_water)
		stats.high_water = count;
	return n;
}

size_t skeleton_read(void *buf, size_t len)
{
	unsigned char *dst = buf;
	size_t n = min_size(len, count);
	size_t first = min_size(n, SKELETON_FIFO_SIZE - head);

	memcpy(dst, fifo + head, first);
	memcpy(dst + first, fifo, n - first);
	head = (head + n) % SKELETON_FIFO_SIZE;
	count -= n;
	stats.bytes_out += n;
	return n;
}

void skeleton_get_stats(struct skeleton_stats *out)
{
	*out = stats;
}

/* Push a message through the FIFO and check it comes back intact, the way
 * a driver would check its device answers before offering it. */
static int skeleton_self_test(void)
{
	static const char probe[] = "skeleton self-test";
	char back[sizeof(probe)];

	if (skeleton_write(probe, sizeof(probe)) != sizeof(probe) ||
	    skeleton_read(back, sizeof(back)) != sizeof(back) ||
	    memcmp(probe, back, sizeof(probe)) != 0 || count != 0)
		return -1;
	/* Start users from clean counters. */
	memset(&stats, 0, sizeof(stats));
	return 0;
}

static int skeleton_init(void)
{
	head = count = 0;
	fifo = kmalloc(SKELETON_FIFO_SIZE);
	if (!fifo) {
		pr_err("skeleton: no memory for the %u-byte FIFO\n", (unsigned int)SKELETON_FIFO_SIZE);
		return -1;
	}
	if (skeleton_self_test()) {
		pr_err("skeleton: FIFO self-test failed\n");
		kfree(fifo);
		fifo = NULL;
		return -1;
	}
	ready = 1;
	pr_info("skeleton: ready, %u-byte FIFO\n", (unsigned int)SKELETON_FIFO_SIZE);
	return 0;
}

static void skeleton_exit(void)
{
	pr_info("skeleton: %lu bytes in, %lu out, %lu dropped, high water %u\n",
		stats.bytes_in, stats.bytes_out, stats.dropped,
		(unsigned int)stats.high_water);
	ready = 0;
	kfree(fifo);
	fifo = NULL;
}

XENPV_MODULE(skeleton, skeleton_init, skeleton_exit);
