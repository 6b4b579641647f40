/*
 * In-guest checks of the boot path: what Xen handed over and what the
 * foundation built from it, in either role.  xenpv-run says how it booted
 * the kernel on the command line: "xenpv.role=dom0|domU" and the memory
 * it gave it, "xenpv.mem=<N>M".  What holds in one role only (the
 * initial-domain flag, console_io, the console ring) branches on the role.
 */
#include "guest-test.h"
#include <xen/io/console.h>

extern char _text[], _end[];

static int booted_as_domu(void)
{
	size_t len;
	const char *role = xenpv_cmdline_get("xenpv.role", &len);

	return role && len == 4 && strncmp(role, "domU", 4) == 0;
}

static unsigned long expected_pages(void)
{
	size_t len;
	const char *mem = xenpv_cmdline_get("xenpv.mem", &len);
	char *end;
	unsigned long mib;

	if (!mem || !len)
		return 0;
	mib = strtoul(mem, &end, 10);
	return (end < mem + len && (*end == 'M' || *end == 'm')) ? mib * 256 : 0;
}

static void check_start_info(void)
{
	const start_info_t *si = xen_start_info;
	unsigned long want = expected_pages();
	domid_t self = DOMID_SELF;
	long reservation;

	is_str((const char *)si->magic, "xen-3.0-x86_32p", "start_info magic names a 32-bit PAE PV guest");
	if (booted_as_domu())
		ok(!(si->flags & SIF_INITDOMAIN), "domU: Xen says this is not the initial domain");
	else
		ok(si->flags & SIF_INITDOMAIN, "dom0: booted as the initial domain");
	ok(want != 0, "xenpv-run passed xenpv.mem on the command line");
	is(si->nr_pages, want, "nr_pages (%lu) matches the memory xenpv-run asked for", si->nr_pages);
	reservation = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
	is(reservation, (long)si->nr_pages, "Xen's current reservation matches nr_pages");
	ok(si->pt_base >= (unsigned long)_end && si->nr_pt_frames > 0,
	   "bootstrap pagetables (%lu frames) lie beyond the image", si->nr_pt_frames);
	is(boot_info.nr_pages, si->nr_pages, "boot_info carries nr_pages to the core");
}

static void check_hypercall_page(void)
{
	const unsigned char *page = (const unsigned char *)hypercall_page;
	unsigned int i, good = 0;

	for (i = 0; i < 4096 / 32; i++) {
		const unsigned char *stub = page + i * 32;
		unsigned int at = (i == __HYPERVISOR_iret) ? 1 : 0;
		uint32_t nr;

		/* mov $nr, %eax (iret's stub pushes %eax first). */
		memcpy(&nr, stub + at + 1, sizeof(nr));
		if (stub[at] == 0xb8 && nr == i)
			good++;
	}
	is(good, 4096 / 32, "Xen filled all %u hypercall stubs", 4096 / 32);
}

/* dom0 prints through console_io; a domU through the ring in start_info. */
static void check_console(void)
{
	static const char line[] = "# console_io write from the boot test\n";
	const start_info_t *si = xen_start_info;
	unsigned long before = xen_hypercall_count[__HYPERVISOR_console_io];
	int rc = HYPERVISOR_console_io(CONSOLEIO_write, sizeof(line) - 1, line);

	if (booted_as_domu()) {
		unsigned long pfn = mfn_to_pfn(si->console.domU.mfn);
		struct xencons_interface *ring = pfn == INVALID_P2M_ENTRY ? NULL : __va(pfn << PAGE_SHIFT);
		XENCONS_RING_IDX prod = ring ? ring->out_prod : 0;

		ok(ring && si->console.domU.evtchn, "domU: the console ring (mfn %#lx, port %u) is ours",
		   (unsigned long)si->console.domU.mfn, si->console.domU.evtchn);
		is(rc, -EPERM, "domU: Xen refuses console_io from a guest (got %d)", rc);
		ok(printk("# printk reaches the console\n") > 0 && ring && ring->out_prod - prod >= 28,
		   "domU: printk's bytes went into the console ring");
	} else {
		ok(before > 0, "dom0: console_io went through the hypercall page (%lu calls)", before);
		is(rc, 0, "dom0: Xen accepted a console write");
		ok(printk("# printk reaches the console\n") > 0, "printk wrote its message");
	}
}

static void check_layout(void)
{
	struct xen_machphys_mapping m2p;
	unsigned long si_pfn = __pa(xen_start_info) >> PAGE_SHIFT;

	ok(xen_hole_start > (unsigned long)_end && (xen_hole_start & (PAGE_SIZE - 1)) == 0,
	   "the hypervisor hole (%#lx) starts page-aligned above the kernel", xen_hole_start);
	ok(HYPERVISOR_memory_op(XENMEM_machphys_mapping, &m2p) == 0 && m2p.v_start == xen_hole_start,
	   "the M2P table starts at the hole");
	is(mfn_to_pfn(pfn_to_mfn(si_pfn)), si_pfn, "start_info's frame survives a P2M/M2P round trip");
	is_hex(mfn_to_pfn(m2p.max_mfn + 1), INVALID_P2M_ENTRY, "a frame beyond the M2P is reported, not read");
}

static void check_clock(void)
{
	uint64_t a = xenpv_clock_ns(), b;
	volatile unsigned int spin;

	for (spin = 0; spin < 100000; spin++)
		;
	b = xenpv_clock_ns();
	ok(a > 0 && b > a, "the PV clock advances (%llu ns over a busy loop)",
	   (unsigned long long)(b - a));
}

static int test_boot(void)
{
	tap_plan(16);
	check_start_info();
	check_hypercall_page();
	check_console();
	check_layout();
	check_clock();
	return tap_done();
}
XENPV_MODULE(test_boot, test_boot, NULL);
