/*
 * The multicall batch on real Xen: entries Xen rejects inside a batch are
 * reported with their names while the others take effect; a batch of one
 * is issued as the plain hypercall; lazy sections nest and send one
 * multicall at the outermost end.
 */
#include "guest-test.h"
#include <kernel/desc.h>
#include "../../kernel/xen/multicall_batch.h"

static struct mc_failure seen[4];
static unsigned int nseen;
static void (*real_report)(const struct mc_failure *f);

/* Records what the backend's report gets, then lets it print. */
static void spy_report(const struct mc_failure *f)
{
	if (nseen < ARRAY_SIZE(seen))
		seen[nseen] = *f;
	nseen++;
	real_report(f);
}

static uint64_t data_desc(uint32_t base)
{
	return pack_descriptor(base, 0xfff, DESC_P | DESC_DPL(3) | DESC_S | DESC_DATA_RW, DESC_FLAG_DB);
}

static void queue_desc(uint64_t *table, unsigned int idx, uint64_t desc, const char *what)
{
	xen_mc_update_descriptor(virt_to_machine(&table[idx]), desc, what);
}

static void check_rejected_entry(uint64_t *page)
{
	uint64_t tss = pack_descriptor(0x1000, 0x67, DESC_P | DESC_TSS32, 0);
	unsigned long flags, mc = xen_hypercall_count[__HYPERVISOR_multicall];
	unsigned long ud = xen_hypercall_count[__HYPERVISOR_update_descriptor];
	int rc;

	nseen = 0;
	flags = local_irq_save();
	pv_ops.cpu.start_context_switch();
	queue_desc(page, 1, data_desc(0x1000), "update_descriptor (test: entry 1)");
	queue_desc(page, 2, tss, "update_descriptor (test: a TSS)");
	queue_desc(page, 3, data_desc(0x3000), "update_descriptor (test: entry 3)");
	xen_mc_mmuext(MMUEXT_PIN_L1_TABLE, "mmuext_op PIN_L1_TABLE (test: bogus MFN)", 0)->arg1.mfn = 0x0ffffff0;
	rc = pv_ops.cpu.end_context_switch();
	local_irq_restore(flags);

	is(xen_hypercall_count[__HYPERVISOR_multicall] - mc, 1, "four entries went to Xen in one multicall");
	is(xen_hypercall_count[__HYPERVISOR_update_descriptor] - ud, 0, "... and no update_descriptor on its own");
	ok(rc < 0, "the section's end returns the first failure (%d)", rc);
	ok(nseen == 2 && seen[0].index == 1 && seen[0].count == 4 &&
	   strcmp(seen[0].what, "update_descriptor (test: a TSS)") == 0 &&
	   seen[0].op == __HYPERVISOR_update_descriptor,
	   "the TSS descriptor is reported as entry 2 of 4, by name and op");
	ok(nseen == 2 && seen[1].index == 3 && seen[1].op == __HYPERVISOR_mmuext_op &&
	   strcmp(seen[1].what, "mmuext_op PIN_L1_TABLE (test: bogus MFN)") == 0 && seen[1].result < 0,
	   "the mmuext_op with a bogus MFN is reported as entry 4 of 4 (%ld)", nseen == 2 ? seen[1].result : 0);
	is_hex(page[1], data_desc(0x1000), "the entry before the rejected one took effect");
	is_hex(page[2], 0, "the rejected entry left its slot unchanged");
	is_hex(page[3], data_desc(0x3000), "the entry after it took effect too");
}

static void check_single(uint64_t *page)
{
	uint64_t tss = pack_descriptor(0x1000, 0x67, DESC_P | DESC_TSS32, 0);
	unsigned long mc = xen_hypercall_count[__HYPERVISOR_multicall];
	unsigned long ud = xen_hypercall_count[__HYPERVISOR_update_descriptor];
	unsigned long flags;
	int rc;

	nseen = 0;
	flags = xen_mc_begin();
	queue_desc(page, 5, tss, "update_descriptor (test: a lone TSS)");
	rc = xen_mc_end(flags);
	ok(rc < 0 && nseen == 1 && seen[0].count == 1, "a lone rejected entry is reported and returned (%d)", rc);
	ok(xen_hypercall_count[__HYPERVISOR_multicall] == mc &&
	   xen_hypercall_count[__HYPERVISOR_update_descriptor] == ud + 1,
	   "a batch of one is the plain hypercall, not a multicall");
}

static void check_nesting(uint64_t *page)
{
	unsigned long flags, mc = xen_hypercall_count[__HYPERVISOR_multicall];
	int inner;

	nseen = 0;
	flags = local_irq_save();
	pv_ops.cpu.start_context_switch();
	queue_desc(page, 6, data_desc(0x6000), "update_descriptor (test: outer)");
	pv_ops.cpu.start_context_switch();
	queue_desc(page, 7, data_desc(0x7000), "update_descriptor (test: inner)");
	inner = pv_ops.cpu.end_context_switch();
	ok(inner == 0 && xen_hypercall_count[__HYPERVISOR_multicall] == mc && page[7] == 0,
	   "ending an inner section sends nothing");
	ok(pv_ops.cpu.end_context_switch() == 0 && xen_hypercall_count[__HYPERVISOR_multicall] == mc + 1 &&
	   page[6] == data_desc(0x6000) && page[7] == data_desc(0x7000),
	   "the outermost end sends both in one multicall");
	local_irq_restore(flags);
	is(nseen, 0, "nothing was reported");
}

static int test_multicall(void)
{
	uint64_t *page = alloc_page();

	tap_plan(15);
	if (!page)
		tap_bail_out("no page");
	memset(page, 0, PAGE_SIZE);
	/* update_descriptor takes a page with no writable mapping. */
	ok(set_page_prot(page, PAGE_KERNEL_RO) == 0, "a read-only page of descriptors");
	real_report = xen_mc.report;
	xen_mc.report = spy_report;
	check_rejected_entry(page);
	check_single(page);
	check_nesting(page);
	xen_mc.report = real_report;
	ok(set_page_prot(page, PAGE_KERNEL) == 0 && free_pages(page) == 0, "the page is writable again and freed");
	return tap_done();
}
XENPV_MODULE(test_multicall, test_multicall, NULL);
