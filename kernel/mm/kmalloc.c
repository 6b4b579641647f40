/*
 * kmalloc: objects of up to 2048 bytes come from slabs, one page per
 * slab with a header and a bitmap of objects in use; bigger requests take
 * whole pages from the page allocator.  kfree checks that a pointer is an
 * object a slab handed out and is in use, so that double and foreign
 * frees are reported instead of corrupting anything.
 */
#include <xenpv/kernel.h>
#include <xenpv/bitops.h>
#include <kernel/mm.h>
#include <kernel/paravirt.h>
#include <xenpv/spinlock.h>

#define SLAB_MAGIC   0x51ab51abU
#define MIN_SHIFT    3                  /* 8 bytes */
#define MAX_SHIFT    11                 /* 2048 bytes */
#define NR_CLASSES   (MAX_SHIFT - MIN_SHIFT + 1)
#define MAX_OBJECTS  (PAGE_SIZE >> MIN_SHIFT)

struct slab {
	uint32_t magic;
	uint16_t size, capacity, nfree;
	struct slab *next;                 /* in its class's partial list */
	DECLARE_BITMAP(used, MAX_OBJECTS);
};

#define SLAB_OFFSET ((sizeof(struct slab) + 7) & ~7UL)

static struct slab *partial[NR_CLASSES];
/* The partial lists and every slab's bitmap; nests outside page_lock. */
static DEFINE_SPINLOCK(kmalloc_lock);

static unsigned int size_class(size_t size)
{
	unsigned int c = 0;

	while ((1UL << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

static char *object(struct slab *s, unsigned int i)
{
	return (char *)s + SLAB_OFFSET + (size_t)i * s->size;
}

static struct slab *new_slab(unsigned int c)
{
	struct slab *s = alloc_pages_for(0, PAGE_OWNER_SLAB);

	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->magic = SLAB_MAGIC;
	s->size = 1U << (c + MIN_SHIFT);
	s->capacity = s->nfree = (PAGE_SIZE - SLAB_OFFSET) / s->size;
	s->next = partial[c];
	partial[c] = s;
	return s;
}

static void unlink_slab(unsigned int c, struct slab *s)
{
	struct slab **pp = &partial[c];

	while (*pp && *pp != s)
		pp = &(*pp)->next;
	if (*pp)
		*pp = s->next;
}

static unsigned int page_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *kmalloc(size_t size)
{
	unsigned long flags;
	unsigned int c, i;
	struct slab *s;
	void *p = NULL;

	if (size == 0)
		return NULL;
	if (size > (1UL << MAX_SHIFT))
		return size > (PAGE_SIZE << MAX_ORDER) ? NULL :
			alloc_pages_for(page_order(size), PAGE_OWNER_KMALLOC);
	c = size_class(size);
	spin_lock_irqsave(&kmalloc_lock, flags);
	s = partial[c] ? partial[c] : new_slab(c);
	if (s) {
		i = find_first_zero_bit(s->used, s->capacity);
		__set_bit(i, s->used);
		if (--s->nfree == 0)
			unlink_slab(c, s);
		p = object(s, i);
	}
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* The slab p's object lies in, or NULL if p is no slab object. */
static struct slab *slab_of(void *p, unsigned int *index)
{
	struct slab *s = (struct slab *)((unsigned long)p & PAGE_MASK);
	unsigned long off;

	if ((unsigned long)p < PAGE_OFFSET || (unsigned long)p >= mm_layout.direct_end ||
	    page_owner(s) != PAGE_OWNER_SLAB || s->magic != SLAB_MAGIC)
		return NULL;
	off = (unsigned long)p - (unsigned long)s;
	if (off < SLAB_OFFSET || (off - SLAB_OFFSET) % s->size ||
	    (off - SLAB_OFFSET) / s->size >= s->capacity)
		return NULL;
	*index = (off - SLAB_OFFSET) / s->size;
	return s;
}

int kfree(void *p)
{
	unsigned long flags;
	unsigned int i;
	struct slab *s;
	int rc = 0;

	if (!p)
		return 0;
	if (((unsigned long)p & ~PAGE_MASK) == 0) {
		enum page_owner who = page_owner(p);

		/* A large object; a slab's own page is never handed out. */
		if (who == PAGE_OWNER_KMALLOC || !page_is_allocated(p, NULL))
			return free_pages_for(p, PAGE_OWNER_KMALLOC, __builtin_return_address(0));
		printk(KERN_ERR "kfree: %p was not allocated by kmalloc\n", p);
		return -EINVAL;
	}
	spin_lock_irqsave(&kmalloc_lock, flags);
	s = slab_of(p, &i);
	if (!s && page_owner((void *)((unsigned long)p & PAGE_MASK)) == PAGE_OWNER_FREED_SLAB) {
		/* Its slab emptied and went back to the page allocator. */
		printk(KERN_ERR "kfree: double free of %p (its slab is free already)\n", p);
		rc = -EINVAL;
	} else if (!s) {
		printk(KERN_ERR "kfree: %p was not allocated by kmalloc\n", p);
		rc = -EINVAL;
	} else if (!test_bit(i, s->used)) {
		printk(KERN_ERR "kfree: double free of %p\n", p);
		rc = -EINVAL;
	} else {
		unsigned int c = size_class(s->size);

		__clear_bit(i, s->used);
		if (s->nfree++ == 0) {
			s->next = partial[c];
			partial[c] = s;
		}
		if (s->nfree == s->capacity) {  /* empty: back to the page allocator */
			unlink_slab(c, s);
			s->magic = 0;
			free_pages_for(s, PAGE_OWNER_SLAB, __builtin_return_address(0));
		}
	}
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	return rc;
}
