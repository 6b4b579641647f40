/*
 * The backend side of grants: map pages other domains granted us at
 * kernel addresses (GNTMAP_host_map, so Xen writes the PTE itself) and
 * unmap them, batched, GNT_BATCH operations per hypercall.  The addresses
 * come from the vmalloc area with nothing behind them: Xen needs the L1
 * to exist, and no page of ours is displaced.
 */
#include <xenpv/kernel.h>
#include <xenpv/grant.h>
#include <kernel/mm.h>
#include "hypercall.h"
#include "backend.h"

#define GNT_BATCH 16

void *gnttab_alloc_vaddr(unsigned int pages)
{
	return pages ? vm_reserve((size_t)pages * PAGE_SIZE) : NULL;
}

int gnttab_free_vaddr(void *addr, unsigned int pages)
{
	unsigned long va = (unsigned long)addr, i;

	/* A page still mapped would stay Xen's grant mapping under the next
	 * vmalloc there: refuse instead. */
	for (i = 0; i < pages; i++) {
		pte_t *pte = xen_kernel_pte(va + i * PAGE_SIZE);

		if (pte && (*pte & _PAGE_PRESENT)) {
			printk(KERN_ERR "grant: %#lx is still mapped: address space not freed\n",
			       va + i * PAGE_SIZE);
			return -EBUSY;
		}
	}
	return vfree(addr);
}

static int bad_addr(const void *addr)
{
	unsigned long va = (unsigned long)addr;

	return !va || (va & ~PAGE_MASK) || va < mm_layout.vmalloc_start ||
	       va >= mm_layout.vmalloc_end;
}

static void report(const char *what, const struct gnttab_mapping *m)
{
	printk(KERN_ERR "grant: %s ref %u of domain %u at %p failed (%d)\n",
	       what, m->ref, m->domid, m->addr, m->error);
}

/* An entry's outcome: the call's error, else its own status (reported,
 * and kept in *first if it is the first); on success its new handle. */
static void settle(const char *what, struct gnttab_mapping *m, int rc, int16_t status,
		   grant_handle_t handle, int *first)
{
	m->error = rc ? rc : gnttab_status_to_errno(status);
	if (m->error) {
		report(what, m);
		*first = *first ? *first : m->error;
	} else {
		m->handle = handle;
	}
}

int gnttab_map_refs(struct gnttab_mapping *maps, unsigned int count)
{
	struct gnttab_map_grant_ref op[GNT_BATCH];
	struct gnttab_mapping *batch[GNT_BATCH];
	unsigned int i = 0, n, k;
	int first = 0, rc;

	while (i < count) {
		for (n = 0; i < count && n < GNT_BATCH; i++) {
			struct gnttab_mapping *m = &maps[i];

			m->handle = GNTTAB_NO_HANDLE;
			if (bad_addr(m->addr)) {
				settle("mapping", m, -EINVAL, 0, GNTTAB_NO_HANDLE, &first);
				continue;
			}
			op[n] = (struct gnttab_map_grant_ref) {
				.host_addr = (unsigned long)m->addr,
				.flags = GNTMAP_host_map | (m->readonly ? GNTMAP_readonly : 0),
				.ref = m->ref,
				.dom = m->domid,
			};
			batch[n++] = m;
		}
		if (!n)
			continue;
		rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, op, n);
		for (k = 0; k < n; k++)
			settle("mapping", batch[k], rc, op[k].status, op[k].handle, &first);
	}
	return first;
}

int gnttab_unmap_refs(struct gnttab_mapping *maps, unsigned int count)
{
	struct gnttab_unmap_grant_ref op[GNT_BATCH];
	struct gnttab_mapping *batch[GNT_BATCH];
	unsigned int i = 0, n, k;
	int first = 0, rc;

	while (i < count) {
		for (n = 0; i < count && n < GNT_BATCH; i++) {
			struct gnttab_mapping *m = &maps[i];

			if (m->handle == GNTTAB_NO_HANDLE)
				continue;       /* never mapped, or unmapped already */
			op[n] = (struct gnttab_unmap_grant_ref) {
				.host_addr = (unsigned long)m->addr,
				.handle = m->handle,
			};
			batch[n++] = m;
		}
		if (!n)
			continue;
		rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, op, n);
		for (k = 0; k < n; k++)
			settle("unmapping", batch[k], rc, op[k].status, GNTTAB_NO_HANDLE, &first);
	}
	return first;
}
