/*
 * xenpv/grant.h - Xen grant tables (v1) for split drivers: share a page of
 * ours with another domain (frontend), or map a page another domain
 * granted us (backend).  Types and flags are Xen's own, from
 * <xen/grant_table.h>.  Every call returns a negative errno on failure.
 *
 * The table is set up on first use (or by gnttab_init) with one frame and
 * grows a frame at a time, up to Xen's limit, when references run out.
 */
#ifndef XENPV_GRANT_H
#define XENPV_GRANT_H

#include <stdint.h>
#include <xenpv/errno.h>
#include <xen/xen.h>
#include <xen/grant_table.h>

/* Set up the table now rather than on first use; 0 or -errno. */
int gnttab_init(void);

/* Let domid map the machine frame mfn (read-only if readonly): a grant
 * reference (>= GNTTAB_NR_RESERVED_ENTRIES), or -ENOSPC once the table is
 * at Xen's maximum and full, -EINVAL for INVALID_P2M_ENTRY, or -errno. */
int gnttab_grant_foreign_access(domid_t domid, unsigned long mfn, int readonly);

/* Revoke a grant and free its reference, only if the other domain has it
 * mapped by no one: -EBUSY (reported on the console, the grant left as it
 * is) while it is, so retry after the other side unmapped.  -EINVAL for a
 * reference that is not granted. */
int gnttab_end_foreign_access(grant_ref_t ref);

/* The grant entry's flags (GTF_*), or -EINVAL; for checks and debugging. */
int gnttab_query_flags(grant_ref_t ref);

/* Table size in frames: now, and the most it may grow to. */
unsigned int gnttab_nr_frames(void);
unsigned int gnttab_max_frames(void);

/*
 * Backends: map other domains' grants at kernel addresses.  Reserve
 * address space first (gnttab_alloc_vaddr: n pages, nothing behind them),
 * fill one struct gnttab_mapping per page and map a batch of them.  Each
 * entry gets its own error; an entry is mapped while its handle is not
 * GNTTAB_NO_HANDLE, and only mapped entries are unmapped (so unmapping a
 * batch that partly failed, or twice, is safe).
 */
#define GNTTAB_NO_HANDLE ((grant_handle_t)~0U)

struct gnttab_mapping {
	/* In. */
	void *addr;                     /* page-aligned, from gnttab_alloc_vaddr */
	domid_t domid;                  /* the granting domain */
	grant_ref_t ref;
	int readonly;
	/* Out. */
	grant_handle_t handle;          /* GNTTAB_NO_HANDLE unless mapped */
	int error;                      /* of the last map or unmap: 0 or -errno */
};

void *gnttab_alloc_vaddr(unsigned int pages);
/* -EBUSY (reported) while one of its pages is still mapped. */
int gnttab_free_vaddr(void *addr, unsigned int pages);

/* Map (unmap) count entries in batches: 0 if all succeeded, else the
 * first entry's -errno (every failed entry is reported on the console). */
int gnttab_map_refs(struct gnttab_mapping *maps, unsigned int count);
int gnttab_unmap_refs(struct gnttab_mapping *maps, unsigned int count);

/* Our own domain id (dom0 is 0), e.g. to grant a page to ourselves. */
int xenpv_domid(void);

#endif
