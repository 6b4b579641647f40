/*
 * Command line parameters (<xenpv/param.h>): good values of every type
 * are set, bad ones (unparsable, out of range, bare, too long) leave the
 * default, and the kernel's own xenpv.* options are checked the same
 * way.  Its arguments are in options.args (and, as a domU, the batch's
 * --guest-args); tests/host/options.sh reads the reports it printed.
 */
#include "guest-test.h"
#include <xenpv/param.h>
#include <xenpv/xenstore.h>
#include "../../kernel/xen/mmu_batch.h"
#include "../../kernel/xen/multicall_batch.h"

static unsigned long count = 5, neg = 6, huge = 7, hex;
static unsigned int ratio = 10, flag, off = 1, bare = 3;
static char name[16] = "none", longer[8] = "dflt";

XENPV_PARAM(options, count, ulong, &count, 1, 100, "a good number");
XENPV_PARAM(options, neg, ulong, &neg, 0, 100, "a negative number");
XENPV_PARAM(options, huge, ulong, &huge, 0, ~0ul, "past ULONG_MAX");
XENPV_PARAM(options, hex, ulong, &hex, 0, 255, "in hex");
XENPV_PARAM(options, ratio, uint, &ratio, 0, 100, "out of range");
XENPV_PARAM(options, flag, bool, &flag, 0, 1, "a good yes");
XENPV_PARAM(options, off, bool, &off, 0, 1, "not a boolean");
XENPV_PARAM(options, bare, uint, &bare, 0, 9, "given without a value");
XENPV_PARAM(options, name, str, name, 0, sizeof(name), "a string");
XENPV_PARAM(options, longer, str, longer, 0, sizeof(longer), "too long a string");

/* What options.args gives: each bad value is reported, and counted. */
#define BAD_OPTIONS 13

static int test_options(void)
{
	unsigned int timeout = xenstore_set_timeout_ms(1);

	xenstore_set_timeout_ms(timeout);
	tap_plan(16);
	tap_is(count, 42, "options.count=42 set an unsigned long");
	tap_is(hex, 31, "options.hex=0x1f read as hex");
	tap_is(flag, 1, "options.flag=yes set a bool");
	tap_is_str(name, "hello", "options.name=hello set a string");
	tap_is(neg, 6, "options.neg=-1 refused: the default stays");
	tap_is(huge, 7, "options.huge past ULONG_MAX refused: the default stays");
	tap_is(ratio, 10, "options.ratio=250 out of 0..100 refused: the default stays");
	tap_is(off, 1, "options.off=banana refused: the default stays");
	tap_is(bare, 3, "a bare options.bare refused: the default stays");
	tap_is_str(longer, "dflt", "options.longer over its 7 bytes refused: the default stays");
	tap_is(xen_mmu_batch.limit, MMU_BATCH_MAX, "xenpv.mmu_batch=-1 refused: %u updates a call",
	       MMU_BATCH_MAX);
	tap_is(xen_mc.no_lazy, 0, "xenpv.lazy_cpu=banana refused: lazy CPU mode stays on");
	tap_is(timeout, 5000, "a bare xenpv.xenstore_timeout_ms refused: 5000 ms stays");
	tap_is(strlen(xenpv_cmdline()), boot_info.cmdline_size - 1,
	       "the long command line arrived cut to the %lu bytes Xen passes", boot_info.cmdline_size - 1);
	ok(params_reports() >= BAD_OPTIONS, "%u reports for the %u bad options, the unknown ones "
	   "and the truncation", params_reports(), BAD_OPTIONS);
	ok(xenpv_cmdline_get("options.count", NULL) != NULL, "the command line still holds the options");
	return tap_done();
}
XENPV_MODULE(options, test_options, NULL);
