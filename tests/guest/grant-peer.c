/*
 * A grant between two of our domUs, running at the same time in one dom0
 * (tests/host/grant-peer.sh): the granter shares a page with the mapper
 * and publishes the reference in xenstore, readable by the mapper only;
 * the mapper maps it, checks and changes the content, unmaps and says so
 * in xenstore; the granter sees the change and ends access, which must
 * succeed now that nothing maps the page.  dom0 tells each its peer's
 * domid (data/peer), as a toolstack would.  Built twice: PEER_GRANTER
 * (grant-granter.xen) and PEER_MAPPER (grant-mapper.xen).
 */
#include "guest-test.h"
#include <xenpv/grant.h>
#include <xenpv/mm.h>
#include <xenpv/time.h>
#include <xenpv/xenstore.h>

#define WAIT_MS 20000
#define GRANTED 0xa5u
#define CHANGED 0x5au

/* The number at path, waiting for it to appear (and be readable). */
static long read_number(const char *path)
{
	uint64_t deadline = xenpv_clock_ns() + (uint64_t)WAIT_MS * NSEC_PER_MSEC;
	char *v;
	long n;

	while (xenpv_clock_ns() < deadline) {
		if (xenstore_read(XENSTORE_TX_NONE, path, &v) >= 0) {
			n = (long)strtoul(v, NULL, 10);
			kfree(v);
			return n;
		}
		msleep(20);
	}
	diag("no %s after %u ms", path, WAIT_MS);
	return -1;
}

/* Publish value at path (under our home), readable by peer alone. */
static int publish(const char *path, unsigned long value, unsigned int self, unsigned int peer)
{
	const struct xenstore_perm perms[] = {
		{ self, XENSTORE_PERM_NONE }, { peer, XENSTORE_PERM_READ },
	};
	int rc = xenstore_printf(XENSTORE_TX_NONE, path, "%lu", value);

	return rc ? rc : xenstore_set_perms(XENSTORE_TX_NONE, path, perms, 2);
}

static unsigned int count_bytes(const uint8_t *p, uint8_t want)
{
	unsigned int i, n = 0;

	for (i = 0; i < PAGE_SIZE; i++)
		n += p[i] == want;
	return n;
}

#ifdef PEER_GRANTER
static int peer_init(void)
{
	int self = xenpv_domid(), ref;
	long peer;
	char path[64];
	uint8_t *page;

	tap_plan(6);
	peer = read_number("data/peer");
	if (!ok(peer > 0 && peer != self, "dom0 names the mapper's domid (%ld; we are %d)", peer, self))
		tap_bail_out("no peer");
	page = alloc_page();
	memset(page, GRANTED, PAGE_SIZE);
	ref = gnttab_grant_foreign_access((domid_t)peer, virt_to_mfn(page), 0);
	ok(ref >= 0, "granted our page to domain %ld read-write (ref %d)", peer, ref);
	is(publish("data/gref", (unsigned long)ref, (unsigned int)self, (unsigned int)peer), 0,
	   "published the reference, readable by the mapper alone");
	snprintf(path, sizeof(path), "/local/domain/%ld/data/done", peer);
	is(read_number(path), 1, "the mapper says it mapped, changed and unmapped the page");
	is(count_bytes(page, CHANGED), PAGE_SIZE, "every byte of our page is what the mapper wrote");
	is(gnttab_end_foreign_access((grant_ref_t)ref), 0, "access ends: nothing maps the page any more");
	return tap_done();
}
XENPV_MODULE(grant_granter, peer_init, NULL);
#endif

#ifdef PEER_MAPPER
static int peer_init(void)
{
	int self = xenpv_domid();
	long peer, ref;
	char path[64];
	struct gnttab_mapping map = { 0 };
	uint8_t *p;

	tap_plan(6);
	peer = read_number("data/peer");
	if (!ok(peer > 0 && peer != self, "dom0 names the granter's domid (%ld; we are %d)", peer, self))
		tap_bail_out("no peer");
	snprintf(path, sizeof(path), "/local/domain/%ld/data/gref", peer);
	ref = read_number(path);
	ok(ref >= 8, "read the granter's reference from its xenstore node (%ld)", ref);
	map.addr = gnttab_alloc_vaddr(1);
	map.domid = (domid_t)peer;
	map.ref = (grant_ref_t)ref;
	is(gnttab_map_refs(&map, 1), 0, "mapped domain %ld's grant %ld", peer, ref);
	p = map.addr;
	is(map.error == 0 ? count_bytes(p, GRANTED) : 0, PAGE_SIZE, "the page holds what the granter wrote");
	if (map.error == 0)
		memset(p, CHANGED, PAGE_SIZE);
	ok(gnttab_unmap_refs(&map, 1) == 0 && gnttab_free_vaddr(map.addr, 1) == 0,
	   "changed it, unmapped it, gave the address space back");
	is(publish("data/done", 1, (unsigned int)self, (unsigned int)peer), 0, "told the granter");
	return tap_done();
}
XENPV_MODULE(grant_mapper, peer_init, NULL);
#endif
