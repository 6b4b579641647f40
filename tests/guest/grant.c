/*
 * Grant tables on real Xen, the same checks in both roles: lazy set-up,
 * thousands of grants growing the table, the entries Xen reads, a grant
 * to ourselves mapped back through GNTTABOP_map_grant_ref (so that both
 * the frontend and the backend side run in one domain, dom0 or domU),
 * ending refused while mapped, bad input and exhaustion of Xen's maximum.
 */
#include "guest-test.h"
#include <xenpv/grant.h>
#include <xenpv/mm.h>

#define MANY 5000
#define REFS_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))

static domid_t self;
static unsigned long page_mfn;
static uint32_t *page;

static void check_setup(void)
{
	unsigned int nr, max;
	int id;

	is(gnttab_nr_frames(), 0, "no table before first use (set up lazily)");
	is(gnttab_init(), 0, "gnttab_init sets up the table");
	nr = gnttab_nr_frames();
	max = gnttab_max_frames();
	diag("grant table: %u frames, at most %u", nr, max);
	ok(nr >= 1 && nr <= 4 && max > nr, "the table starts small: %u of at most %u frames", nr, max);
	id = xenpv_domid();
	if (xen_initial_domain())
		is(id, 0, "dom0: our domain id is 0");
	else
		ok(id > 0 && id < (int)DOMID_FIRST_RESERVED, "domU: our domain id (%d) is a guest's", id);
	self = id < 0 ? 0 : (domid_t)id;
}

static void check_many(void)
{
	int *refs = vmalloc(MANY * sizeof(int));
	uint32_t *seen = vmalloc(gnttab_max_frames() * REFS_PER_FRAME / 8);
	unsigned int i, nr0 = gnttab_nr_frames(), good = 0, inrange = 0, uniq = 0, right = 0, ended = 0;
	uint64_t t0, t, grow_ns = 0, max_grow = 0, min_grow = ~0ULL;
	unsigned int grows = 0;

	if (!refs || !seen)
		tap_bail_out("no memory for the refs");
	memset(seen, 0, gnttab_max_frames() * REFS_PER_FRAME / 8);
	t0 = xenpv_clock_ns();
	for (i = 0; i < MANY; i++) {
		unsigned int before = gnttab_nr_frames();
		uint64_t s = xenpv_clock_ns();

		refs[i] = gnttab_grant_foreign_access(self, page_mfn, 0);
		if (gnttab_nr_frames() != before) {
			t = xenpv_clock_ns() - s;
			grow_ns += t;
			max_grow = t > max_grow ? t : max_grow;
			min_grow = t < min_grow ? t : min_grow;
			grows++;
		}
	}
	t = xenpv_clock_ns() - t0;
	for (i = 0; i < MANY; i++) {
		unsigned int r = (unsigned int)refs[i];

		if (refs[i] < 0)
			continue;
		good++;
		if (r < GNTTAB_NR_RESERVED_ENTRIES || r >= gnttab_nr_frames() * REFS_PER_FRAME)
			continue;
		inrange++;
		if (!(seen[r / 32] & (1U << (r % 32))))
			uniq++;
		seen[r / 32] |= 1U << (r % 32);
		if (gnttab_query_flags(r) == GTF_permit_access)
			right++;
	}
	is(good, MANY, "%u grants all give a reference", MANY);
	is(inrange, MANY, "... none reserved (< %u) nor past the table", GNTTAB_NR_RESERVED_ENTRIES);
	is(uniq, MANY, "... all distinct");
	is(right, MANY, "... each entry permits access, writable");
	ok(gnttab_nr_frames() > nr0, "the table grew from %u to %u frames", nr0, gnttab_nr_frames());
	diag("%u grants in %llu us; %u growths, each %llu ns on average (%llu-%llu)",
	     MANY, (unsigned long long)(t / 1000), grows,
	     (unsigned long long)(grows ? grow_ns / grows : 0),
	     (unsigned long long)(grows ? min_grow : 0), (unsigned long long)max_grow);
	xenpv_stat("grant_grow_ns", grows ? grow_ns / grows : 0);
	t0 = xenpv_clock_ns();
	for (i = 0; i < MANY; i++)
		ended += refs[i] >= 0 && gnttab_end_foreign_access(refs[i]) == 0;
	is(ended, MANY, "all %u grants end (none was mapped)", MANY);
	diag("%u ends in %llu us", MANY, (unsigned long long)((xenpv_clock_ns() - t0) / 1000));
	vfree(seen);
	vfree(refs);
}

static void check_entry(void)
{
	int ref = gnttab_grant_foreign_access(self, page_mfn, 1);
	int ref2 = gnttab_grant_foreign_access(7, page_mfn, 0);

	is_hex(gnttab_query_flags(ref), GTF_permit_access | GTF_readonly,
	       "a read-only grant's flags say GTF_readonly");
	is(gnttab_end_foreign_access(ref), 0, "an unmapped read-only grant ends");
	is(gnttab_query_flags(ref), -EINVAL, "... and is no longer granted");
	is(gnttab_end_foreign_access(ref), -EINVAL, "ending it again is refused with -EINVAL");
	is(gnttab_end_foreign_access(100000), -EINVAL, "an out-of-range ref is refused with -EINVAL");
	is(gnttab_end_foreign_access(3), -EINVAL, "a reserved ref is refused with -EINVAL");
	is(gnttab_grant_foreign_access(self, INVALID_P2M_ENTRY, 0), -EINVAL,
	   "granting an invalid frame is refused with -EINVAL");
	is_hex(gnttab_query_flags(ref2), GTF_permit_access,
	       "a grant made before the bad calls is intact");
	is(gnttab_end_foreign_access(ref2), 0, "... and ends");
}

static int map_one(struct gnttab_mapping *m, void *va, int ref, int readonly)
{
	*m = (struct gnttab_mapping) { .addr = va, .domid = self, .ref = ref, .readonly = readonly };
	return gnttab_map_refs(m, 1);
}

/* Both sides in one domain: we grant our page to ourselves and map it. */
static void check_self_map(void)
{
	volatile uint32_t *va = gnttab_alloc_vaddr(2);
	struct gnttab_mapping m[2];
	int ref = gnttab_grant_foreign_access(self, page_mfn, 0);
	int ro = gnttab_grant_foreign_access(self, page_mfn, 1);
	int rc;

	page[0] = 0x600dcafe;
	ok(va != NULL && ref >= 0 && ro >= 0, "address space reserved, pages granted to ourselves");
	is(map_one(&m[0], (void *)va, ref, 0), 0, "%s: our own grant maps (GNTTABOP_map_grant_ref)",
	   xen_initial_domain() ? "dom0" : "domU");
	ok(m[0].handle != GNTTAB_NO_HANDLE, "... with a handle");
	ok(gnttab_query_flags(ref) & GTF_writing, "... and Xen marks the entry GTF_writing");
	is_hex(va[0], 0x600dcafe, "the mapping shows the granted page");
	va[1] = 0xfeedf00d;
	is_hex(page[1], 0xfeedf00d, "a write through the mapping lands in the granted page");
	is(gnttab_end_foreign_access(ref), -EBUSY, "ending a mapped grant is refused with -EBUSY");
	is_hex(gnttab_query_flags(ref) & ~(GTF_reading | GTF_writing), GTF_permit_access,
	       "... and leaves the grant as it was");
	rc = map_one(&m[1], (char *)va + PAGE_SIZE, ro, 0);
	ok(rc < 0 && m[1].handle == GNTTAB_NO_HANDLE,
	   "mapping a read-only grant writable is refused (error %d)", rc);
	is(map_one(&m[1], (char *)va + PAGE_SIZE, ro, 1), 0, "mapping it read-only works");
	is_hex(va[1024], 0x600dcafe, "... and shows the page");
	is(gnttab_free_vaddr((void *)va, 2), -EBUSY, "mapped address space is not given back");
	is(gnttab_unmap_refs(m, 2), 0, "both unmap in one batch");
	ok(m[0].handle == GNTTAB_NO_HANDLE && m[1].handle == GNTTAB_NO_HANDLE,
	   "... and are no longer mapped");
	is(gnttab_unmap_refs(m, 2), 0, "unmapping them again does nothing");
	is(gnttab_end_foreign_access(ref), 0, "the unmapped grant now ends");
	is(gnttab_end_foreign_access(ro), 0, "... and so does the read-only one");
	rc = map_one(&m[0], (void *)va, ref, 0);
	ok(rc < 0, "an ended grant no longer maps (error %d)", rc);
	is(gnttab_free_vaddr((void *)va, 2), 0, "the address space is given back once unmapped");
}

/* Grant until Xen's maximum is reached, then give everything back. */
static void check_exhaustion(void)
{
	unsigned int max = gnttab_max_frames(), cap = max * REFS_PER_FRAME, n = 0, ended = 0, i;
	int *refs = vmalloc(cap * sizeof(int));
	uint64_t t0 = xenpv_clock_ns();
	int rc = 0, again;

	if (!refs)
		tap_bail_out("no memory for %u refs", cap);
	while (n < cap && (rc = gnttab_grant_foreign_access(self, page_mfn, 1)) >= 0)
		refs[n++] = rc;
	diag("%u grants fill %u frames in %llu us", n, gnttab_nr_frames(),
	     (unsigned long long)((xenpv_clock_ns() - t0) / 1000));
	is(rc, -ENOSPC, "past Xen's maximum, a grant gives -ENOSPC");
	is(n, cap - GNTTAB_NR_RESERVED_ENTRIES, "... after every non-reserved ref of %u frames", max);
	is(gnttab_nr_frames(), max, "the table is at its maximum");
	for (i = 0; i < n; i++)
		ended += gnttab_end_foreign_access(refs[i]) == 0;
	is(ended, n, "every one of them ends again");
	again = gnttab_grant_foreign_access(self, page_mfn, 0);
	ok(again >= GNTTAB_NR_RESERVED_ENTRIES, "a grant works again afterwards (ref %d)", again);
	is(gnttab_end_foreign_access(again), 0, "... and ends");
	vfree(refs);
}

static int test_grant(void)
{
	tap_plan(44);
	page = alloc_page();
	if (!page)
		tap_bail_out("no page to grant");
	page_mfn = virt_to_mfn(page);
	check_setup();
	check_many();
	check_entry();
	check_self_map();
	check_exhaustion();
	free_pages(page);
	return tap_done();
}
XENPV_MODULE(test_grant, test_grant, NULL);
