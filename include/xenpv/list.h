/*
 * xenpv/list.h - circular doubly linked lists, in Linux's shape: a struct
 * list_head embedded in each entry, a head of the same type for the list.
 *
 * Nothing here locks: the caller keeps a list still while it changes or
 * walks it, with a spinlock (masking events keeps out only this vCPU's
 * irq handlers, not the other vCPUs).  A
 * deleted entry is poisoned, so that using it faults rather than corrupts.
 */
#ifndef XENPV_LIST_H
#define XENPV_LIST_H

#include <stddef.h>

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

struct list_head {
	struct list_head *next, *prev;
};

/* Addresses in the hypervisor hole: a fault, never a mapped page. */
#define LIST_POISON1 ((struct list_head *)0xfdead100)
#define LIST_POISON2 ((struct list_head *)0xfdead200)

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void __list_add(struct list_head *e, struct list_head *prev, struct list_head *next)
{
	next->prev = e;
	e->next = next;
	e->prev = prev;
	prev->next = e;
}
/* After head (a stack), or before it (a queue). */
static inline void list_add(struct list_head *e, struct list_head *head) { __list_add(e, head, head->next); }
static inline void list_add_tail(struct list_head *e, struct list_head *head) { __list_add(e, head->prev, head); }

static inline void __list_unlink(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
}
static inline void list_del(struct list_head *e)
{
	__list_unlink(e);
	e->next = LIST_POISON1;
	e->prev = LIST_POISON2;
}
/* Unlinked and empty again: list_empty(e) is then true. */
static inline void list_del_init(struct list_head *e)
{
	__list_unlink(e);
	INIT_LIST_HEAD(e);
}
static inline void list_move(struct list_head *e, struct list_head *head)
{
	__list_unlink(e);
	list_add(e, head);
}
static inline void list_move_tail(struct list_head *e, struct list_head *head)
{
	__list_unlink(e);
	list_add_tail(e, head);
}
static inline int list_empty(const struct list_head *head) { return head->next == head; }
static inline int list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}
/* Move list's entries to the front of head; list is empty after. */
static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (list_empty(list))
		return;
	list->next->prev = head;
	list->prev->next = head->next;
	head->next->prev = list->prev;
	head->next = list->next;
	INIT_LIST_HEAD(list);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)
#define list_for_each_entry(pos, head, member)                          \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member); \
	     &(pos)->member != (head); (pos) = list_next_entry(pos, member))
/* n keeps the next entry: pos may be deleted in the loop. */
#define list_for_each_entry_safe(pos, n, head, member)                  \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member), \
	     (n) = list_next_entry(pos, member);                         \
	     &(pos)->member != (head); (pos) = (n), (n) = list_next_entry(n, member))

#endif
