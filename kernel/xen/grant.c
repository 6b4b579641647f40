/*
 * Grant tables, v1: the shared table of grant entries through which we
 * let other domains map our pages.  Xen owns the frames; setup_table
 * gives their machine frame numbers and we map them, writable, into
 * address space reserved once in the vmalloc area for the most frames the
 * table can reach (virtually contiguous, so ref -> entry is an index, and
 * sized at run time from query_size, which the fixed fixmap slots are not).
 *
 * Set up on first use: a kernel without drivers pays nothing at boot.  It
 * starts with one frame (Xen's own first one) and grows a frame at a time
 * when the free references run out.  Free references are a stack threaded
 * through a per-ref array (one page per 1024 refs, added as the table
 * grows), so grant and end are O(1) whatever the table's size.
 */
#include <xenpv/kernel.h>
#include <xenpv/spinlock.h>
#include <xenpv/grant.h>
#include <xenpv/events.h>
#include <kernel/mm.h>
#include "hypercall.h"
#include "backend.h"

#define GNT_MAX_FRAMES 256              /* our cap, whatever Xen allows */
#define REFS_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define LIST_PER_PAGE  (PAGE_SIZE / sizeof(uint32_t))
#define REF_END   0xffffffffU           /* bottom of the free stack */
#define REF_INUSE 0xfffffffeU           /* granted */

static struct grant_entry_v1 *gnt_table;
static unsigned int nr_frames, max_frames;
static uint32_t *gnt_list[GNT_MAX_FRAMES * REFS_PER_FRAME / LIST_PER_PAGE];
static uint32_t free_head = REF_END;
static int gnt_state;                   /* 0 not set up, 1 ready, < 0 failed */
static xen_pfn_t gnt_frames[GNT_MAX_FRAMES];

static uint32_t *slot(uint32_t ref)
{
	return &gnt_list[ref / LIST_PER_PAGE][ref % LIST_PER_PAGE];
}

int gnttab_status_to_errno(int status)
{
	switch (status) {
	case GNTST_okay:                return 0;
	case GNTST_bad_domain:          return -ESRCH;
	case GNTST_bad_gntref:
	case GNTST_bad_handle:
	case GNTST_bad_page:
	case GNTST_bad_copy_arg:        return -EINVAL;
	case GNTST_bad_virt_addr:
	case GNTST_bad_dev_addr:        return -EFAULT;
	case GNTST_no_device_space:
	case GNTST_no_space:            return -ENOSPC;
	case GNTST_permission_denied:   return -EPERM;
	case GNTST_address_too_big:     return -E2BIG;
	case GNTST_eagain:              return -EAGAIN;
	default:                        return -EIO;
	}
}

/* Grow the table to want frames and push their new references; events off. */
static int grow(unsigned int want)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = want };
	unsigned int i, lo = nr_frames * REFS_PER_FRAME, hi = want * REFS_PER_FRAME;
	uint32_t ref;
	int rc;

	for (i = lo / LIST_PER_PAGE; i < (hi + LIST_PER_PAGE - 1) / LIST_PER_PAGE; i++)
		if (!gnt_list[i] && !(gnt_list[i] = alloc_page()))
			return -ENOMEM;
	set_xen_guest_handle(setup.frame_list, gnt_frames);
	rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
	if (!rc)
		rc = gnttab_status_to_errno(setup.status);
	if (rc) {
		printk(KERN_ERR "grant: setup_table of %u frames failed (%d)\n", want, rc);
		return rc;
	}
	for (i = nr_frames; i < want; i++) {
		rc = xen_map_machine_page((unsigned long)gnt_table + i * PAGE_SIZE,
					  (uint64_t)gnt_frames[i] << PAGE_SHIFT, 1);
		if (rc) {
			printk(KERN_ERR "grant: mapping frame %u (mfn %#lx) failed (%d)\n",
			       i, (unsigned long)gnt_frames[i], rc);
			return rc;
		}
	}
	/* Highest first, so that the lowest new reference is handed out next. */
	if (lo < GNTTAB_NR_RESERVED_ENTRIES)
		lo = GNTTAB_NR_RESERVED_ENTRIES;
	for (ref = hi; ref-- > lo;) {
		*slot(ref) = free_head;
		free_head = ref;
	}
	nr_frames = want;
	return 0;
}

/* Events off. */
static int setup(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	int rc;

	if (gnt_state)
		return gnt_state < 0 ? gnt_state : 0;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
	if (!rc)
		rc = gnttab_status_to_errno(q.status);
	if (!rc && q.max_nr_frames == 0)
		rc = -ENODEV;
	if (!rc) {
		max_frames = q.max_nr_frames < GNT_MAX_FRAMES ? q.max_nr_frames : GNT_MAX_FRAMES;
		gnt_table = vm_reserve(max_frames * PAGE_SIZE);
		rc = gnt_table ? grow(q.nr_frames > 1 ? q.nr_frames : 1) : -ENOMEM;
	}
	if (rc)
		printk(KERN_ERR "grant: no grant table (%d)\n", rc);
	else
		pr_info("grant: table of %u frames (at most %u) at %p\n",
			nr_frames, max_frames, (void *)gnt_table);
	gnt_state = rc ? rc : 1;
	return rc;
}

/* The table, its growth and the free-reference stack. */
static DEFINE_SPINLOCK(gnt_lock);

static unsigned long gnt_lock_irqsave(void)
{
	unsigned long flags;

	spin_lock_irqsave(&gnt_lock, flags);
	return flags;
}

int gnttab_init(void)
{
	unsigned long flags = gnt_lock_irqsave();
	int rc = setup();

	spin_unlock_irqrestore(&gnt_lock, flags);
	return rc;
}

unsigned int gnttab_nr_frames(void)
{
	return nr_frames;
}

unsigned int gnttab_max_frames(void)
{
	return max_frames;
}

int gnttab_grant_foreign_access(domid_t domid, unsigned long mfn, int readonly)
{
	unsigned long flags = gnt_lock_irqsave();
	struct grant_entry_v1 *e;
	uint32_t ref;
	int rc = setup();

	if (!rc && mfn == INVALID_P2M_ENTRY)
		rc = -EINVAL;
	if (!rc && free_head == REF_END)
		rc = nr_frames < max_frames ? grow(nr_frames + 1) : -ENOSPC;
	if (rc) {
		spin_unlock_irqrestore(&gnt_lock, flags);
		return rc;
	}
	ref = free_head;
	free_head = *slot(ref);
	*slot(ref) = REF_INUSE;
	e = &gnt_table[ref];
	e->domid = domid;
	e->frame = mfn;
	/* Xen may use the entry as soon as flags say so: they go last (x86
	 * keeps stores in order; the barrier keeps the compiler from moving
	 * them). */
	barrier();
	*(volatile uint16_t *)&e->flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
	spin_unlock_irqrestore(&gnt_lock, flags);
	return (int)ref;
}

/* A reference that is granted now; gnt_lock held. */
static int granted(grant_ref_t ref)
{
	return gnt_state > 0 && ref >= GNTTAB_NR_RESERVED_ENTRIES &&
	       ref < nr_frames * REFS_PER_FRAME && *slot(ref) == REF_INUSE;
}

int gnttab_end_foreign_access(grant_ref_t ref)
{
	unsigned long flags = gnt_lock_irqsave();
	uint16_t *pflags, old;

	if (!granted(ref)) {
		spin_unlock_irqrestore(&gnt_lock, flags);
		printk(KERN_ERR "grant: end of ref %u, which is not granted\n", ref);
		return -EINVAL;
	}
	/* Clear the flags only if Xen has not marked the entry in use in the
	 * meantime: the cmpxchg fails and we look again. */
	pflags = &gnt_table[ref].flags;
	old = *(volatile uint16_t *)pflags;
	do {
		if (old & (GTF_reading | GTF_writing)) {
			domid_t dom = gnt_table[ref].domid;

			spin_unlock_irqrestore(&gnt_lock, flags);
			printk(KERN_WARNING "grant: ref %u is still mapped by domain %u "
			       "(flags %#x): not ended\n", ref, dom, old);
			return -EBUSY;
		}
	} while (!__atomic_compare_exchange_n(pflags, &old, 0, 0, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	*slot(ref) = free_head;
	free_head = ref;
	spin_unlock_irqrestore(&gnt_lock, flags);
	return 0;
}

int gnttab_query_flags(grant_ref_t ref)
{
	unsigned long flags = gnt_lock_irqsave();
	int rc = granted(ref) ? *(volatile uint16_t *)&gnt_table[ref].flags : -EINVAL;

	spin_unlock_irqrestore(&gnt_lock, flags);
	return rc;
}

/*
 * Xen tells no domain its id directly (xenstore's "domid" does, later):
 * a port allocated for DOMID_SELF records the remote end as our real id,
 * which EVTCHNOP_status reports back.
 */
int xenpv_domid(void)
{
	static int domid = -1;
	struct evtchn_status st = { .dom = DOMID_SELF };
	unsigned int port;
	int rc;

	if (domid >= 0)
		return domid;
	rc = evtchn_alloc_unbound(DOMID_SELF, &port);
	if (rc)
		return rc;
	st.port = port;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	evtchn_close(port);
	if (rc)
		return rc;
	if (st.status != EVTCHNSTAT_unbound)
		return -EPROTO;
	domid = st.u.unbound.dom;
	return domid;
}
