/*
 * xenpv/xenstore.h - the xenstore client for PV drivers: read, write,
 * mkdir, rm, directory, permissions, transactions and watches, over the
 * store ring and event channel Xen's toolstack gave a domU.
 *
 * Every call returns 0 (or a count/length) on success and a negative
 * errno on failure: xenstored's own errors ("ENOENT", "EACCES", ...) as
 * -ENOENT, -EACCES, ...; -ETIMEDOUT when xenstored does not answer in
 * time (the console names the request and path); -ENODEV at once when
 * there is no store (dom0 without xenstored).  Calls sleep the calling
 * task until the reply comes, so they are for task context only (an irq
 * handler gets -EINVAL).  Paths are absolute ("/local/domain/3/name") or
 * relative to our home, /local/domain/<domid> ("name").
 *
 * Memory: what a call returns (a value, a list) is one kmalloc'd block
 * the caller frees with kfree (<xenpv/mm.h>).
 *
 *     char *name;
 *     int len = xenstore_read(XENSTORE_TX_NONE, "name", &name);
 *     if (len >= 0) { printk("I am %s\n", name); kfree(name); }
 */
#ifndef XENPV_XENSTORE_H
#define XENPV_XENSTORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <xenpv/printk.h>

typedef uint32_t xenstore_tx_t;
#define XENSTORE_TX_NONE ((xenstore_tx_t)0)

/* *value: the value, NUL-terminated (values may hold binary data: the
 * return value is its length without the NUL). */
int xenstore_read(xenstore_tx_t tx, const char *path, char **value);
/* A string value; creates missing parents. */
int xenstore_write(xenstore_tx_t tx, const char *path, const char *value);
/* The value formatted, up to 255 bytes (longer: -E2BIG). */
int xenstore_printf(xenstore_tx_t tx, const char *path, const char *fmt, ...)
	XENPV_PRINTF(3, 4);
int xenstore_vprintf(xenstore_tx_t tx, const char *path, const char *fmt, va_list ap)
	XENPV_PRINTF(3, 0);
int xenstore_mkdir(xenstore_tx_t tx, const char *path);
/* Removes the node and everything below it. */
int xenstore_rm(xenstore_tx_t tx, const char *path);
/* The children's names: returns their count n; *list is an array of n
 * strings and a NULL, all in one block (one kfree frees it all). */
int xenstore_directory(xenstore_tx_t tx, const char *path, char ***list);

/* Permissions: the first entry names the owner and what every domain
 * not listed may do; the others what one domain may do. */
#define XENSTORE_PERM_NONE  0
#define XENSTORE_PERM_READ  1
#define XENSTORE_PERM_WRITE 2
#define XENSTORE_PERM_BOTH  (XENSTORE_PERM_READ | XENSTORE_PERM_WRITE)
struct xenstore_perm {
	unsigned int domid;
	unsigned int perm;              /* XENSTORE_PERM_* */
};
/* Returns the count; *perms is kmalloc'd. */
int xenstore_get_perms(xenstore_tx_t tx, const char *path, struct xenstore_perm **perms);
int xenstore_set_perms(xenstore_tx_t tx, const char *path,
		       const struct xenstore_perm *perms, unsigned int n);

/*
 * Transactions: the calls above with tx see and change a snapshot that
 * end(tx, 0) commits atomically.  A commit that raced with another
 * writer fails with -EAGAIN: the caller redoes the whole transaction.
 *
 *     do {
 *             err = xenstore_transaction_start(&tx);
 *             if (err)
 *                     break;
 *             err = xenstore_write(tx, "data/a", "1");
 *             ... more ...
 *             err = xenstore_transaction_end(tx, err != 0);
 *     } while (err == -EAGAIN);
 *
 * end(tx, 1) aborts: nothing done in tx happens.
 */
int xenstore_transaction_start(xenstore_tx_t *tx);
int xenstore_transaction_end(xenstore_tx_t tx, int abort);
/* That loop: fn(tx, arg) in a transaction, committed if it returns 0
 * (else aborted, and its error returned), all redone while the commit
 * races (-EAGAIN, given up after 10 tries). */
int xenstore_transact(int (*fn)(xenstore_tx_t tx, void *arg), void *arg);

/*
 * Watches: fn(w, path) runs when path or anything below it changes
 * (path says which node), and once right after registering, as
 * xenstored fires every new watch.  Callbacks run one at a time in the
 * "xenstore" task, never in an irq handler: they may call xenstore
 * (and unregister their own watch).  A task that waits for a callback
 * must yield() so that the task runs.  The struct and the strings are
 * the caller's until xenstore_unwatch returns; the token must be unique
 * among our watches.  After unwatch no callback runs for w.
 */
struct xenstore_watch;
typedef void (*xenstore_watch_fn)(struct xenstore_watch *w, const char *path);
struct xenstore_watch {
	const char *path;
	const char *token;
	xenstore_watch_fn fn;
	void *data;                     /* the caller's */
	struct xenstore_watch *next;    /* private */
};
int xenstore_watch(struct xenstore_watch *w);
int xenstore_unwatch(struct xenstore_watch *w);

/* How long a call waits for xenstored (default 5000 ms, or the boot
 * option xenpv.xenstore_timeout_ms=N); returns the old value. */
unsigned int xenstore_set_timeout_ms(unsigned int ms);
/* 1 if the store ring is there (a domU with xenstored), 0 if not. */
int xenstore_available(void);

#endif
