/*
 * xenstore operations (<xenpv/xenstore.h>) over the ring transport of
 * xenstore_ring.c, and the watch task: watch events are queued by the
 * event handler and their callbacks run here, in task context, one at a
 * time, so that a callback may sleep in xenstore calls itself.
 */
#include <stdarg.h>
#include <xenpv/kernel.h>
#include <xenpv/mm.h>
#include <xenpv/task.h>
#include <xenpv/spinlock.h>
#include <xenpv/xenstore.h>
#include <xen/io/xs_wire.h>
#include "xenstore.h"

static struct task *watch_task;
/* The list, and the watch whose callback runs (unwatch waits for it),
 * are watch_lock's. */
static DEFINE_SPINLOCK(watch_lock);
static struct xenstore_watch *watches;
static struct xenstore_watch *running;

static struct xs_part str(const char *s)
{
	return (struct xs_part){ s, strlen(s) + 1 };
}

static int path_ok(const char *path)
{
	return path && *path;
}

int xenstore_read(xenstore_tx_t tx, const char *path, char **value)
{
	struct xs_part p;

	if (!path_ok(path) || !value)
		return -EINVAL;
	p = str(path);
	return xs_talk(XS_READ, tx, &p, 1, value, path);
}

int xenstore_write(xenstore_tx_t tx, const char *path, const char *value)
{
	struct xs_part p[2];
	int err;

	if (!path_ok(path) || !value)
		return -EINVAL;
	p[0] = str(path);
	p[1] = (struct xs_part){ value, strlen(value) };    /* no NUL: the value is the rest */
	err = xs_talk(XS_WRITE, tx, p, 2, NULL, path);
	return err < 0 ? err : 0;
}

int xenstore_vprintf(xenstore_tx_t tx, const char *path, const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0 || (size_t)n >= sizeof(buf))
		return -E2BIG;
	return xenstore_write(tx, path, buf);
}

int xenstore_printf(xenstore_tx_t tx, const char *path, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = xenstore_vprintf(tx, path, fmt, ap);
	va_end(ap);
	return rc;
}

static int path_op(uint32_t type, xenstore_tx_t tx, const char *path, char **reply)
{
	struct xs_part p;

	if (!path_ok(path))
		return -EINVAL;
	p = str(path);
	return xs_talk(type, tx, &p, 1, reply, path);
}

int xenstore_mkdir(xenstore_tx_t tx, const char *path)
{
	int err = path_op(XS_MKDIR, tx, path, NULL);

	return err < 0 ? err : 0;
}

int xenstore_rm(xenstore_tx_t tx, const char *path)
{
	int err = path_op(XS_RM, tx, path, NULL);

	return err < 0 ? err : 0;
}

/* A reply of NUL-terminated strings: how many, skipping a final empty one. */
static unsigned int count_strings(const char *s, unsigned int len)
{
	unsigned int i, n = 0;

	for (i = 0; i < len; i++)
		if (s[i] == '\0')
			n++;
	if (len && s[len - 1] != '\0')
		n++;                    /* an unterminated last one */
	return n;
}

int xenstore_directory(xenstore_tx_t tx, const char *path, char ***list)
{
	char *reply, **v, *s;
	unsigned int i, n;
	int len;

	if (!list)
		return -EINVAL;
	len = path_op(XS_DIRECTORY, tx, path, &reply);
	if (len < 0)
		return len;
	n = count_strings(reply, (unsigned int)len);
	/* The pointers, then a copy of the strings, in one block. */
	v = kmalloc((n + 1) * sizeof(char *) + (unsigned int)len + 1);
	if (!v) {
		kfree(reply);
		return -ENOMEM;
	}
	s = (char *)(v + n + 1);
	memcpy(s, reply, (unsigned int)len + 1);
	kfree(reply);
	for (i = 0; i < n; i++) {
		v[i] = s;
		s += strlen(s) + 1;
	}
	v[n] = NULL;
	*list = v;
	return (int)n;
}

static const char perm_chars[] = "nrwb";        /* by XENSTORE_PERM_* */

int xenstore_get_perms(xenstore_tx_t tx, const char *path, struct xenstore_perm **perms)
{
	struct xenstore_perm *v;
	char *reply, *s;
	unsigned int i, n;
	int len;

	if (!perms)
		return -EINVAL;
	len = path_op(XS_GET_PERMS, tx, path, &reply);
	if (len < 0)
		return len;
	n = count_strings(reply, (unsigned int)len);
	v = kmalloc((n ? n : 1) * sizeof(*v));
	if (!v) {
		kfree(reply);
		return -ENOMEM;
	}
	for (i = 0, s = reply; i < n; i++, s += strlen(s) + 1) {
		const char *c = strchr(perm_chars, *s);

		if (!*s || !c) {
			printk(KERN_ERR "xenstore: get_perms %s: bad permission \"%s\"\n", path, s);
			kfree(reply);
			kfree(v);
			return -EPROTO;
		}
		v[i].perm = (unsigned int)(c - perm_chars);
		v[i].domid = (unsigned int)strtoul(s + 1, NULL, 10);
	}
	kfree(reply);
	*perms = v;
	return (int)n;
}

int xenstore_set_perms(xenstore_tx_t tx, const char *path,
		       const struct xenstore_perm *perms, unsigned int n)
{
	struct xs_part p[2];
	char *buf, *s;
	unsigned int i;
	int err;

	if (!path_ok(path) || !perms || !n || n > 256)
		return -EINVAL;
	buf = kmalloc(n * 8);           /* "b32752\0" at most */
	if (!buf)
		return -ENOMEM;
	for (i = 0, s = buf; i < n; i++) {
		if (perms[i].perm > XENSTORE_PERM_BOTH || perms[i].domid > 0xffff) {
			kfree(buf);
			return -EINVAL;
		}
		s += snprintf(s, 8, "%c%u", perm_chars[perms[i].perm], perms[i].domid) + 1;
	}
	p[0] = str(path);
	p[1] = (struct xs_part){ buf, (size_t)(s - buf) };
	err = xs_talk(XS_SET_PERMS, tx, p, 2, NULL, path);
	kfree(buf);
	return err < 0 ? err : 0;
}

int xenstore_transaction_start(xenstore_tx_t *tx)
{
	struct xs_part p = { "", 1 };
	char *reply;
	int len;

	if (!tx)
		return -EINVAL;
	len = xs_talk(XS_TRANSACTION_START, XENSTORE_TX_NONE, &p, 1, &reply, "(transaction)");
	if (len < 0)
		return len;
	*tx = (xenstore_tx_t)strtoul(reply, NULL, 10);
	kfree(reply);
	return *tx ? 0 : -EPROTO;
}

int xenstore_transaction_end(xenstore_tx_t tx, int abort)
{
	struct xs_part p = { abort ? "F" : "T", 2 };
	int err;

	if (tx == XENSTORE_TX_NONE)
		return -EINVAL;
	err = xs_talk(XS_TRANSACTION_END, tx, &p, 1, NULL, "(transaction)");
	return err < 0 ? err : 0;
}

int xenstore_transact(int (*fn)(xenstore_tx_t tx, void *arg), void *arg)
{
	xenstore_tx_t tx;
	int err, end, tries = 0;

	do {
		err = xenstore_transaction_start(&tx);
		if (err)
			return err;
		err = fn(tx, arg);
		end = xenstore_transaction_end(tx, err != 0);
		if (!err)
			err = end;
	} while (err == -EAGAIN && ++tries < 10);
	return err;
}

/* The watch task: one event after the other, for ever. */
static int watch_main(void *arg)
{
	(void)arg;
	for (;;) {
		struct xs_event *ev = xs_next_event();
		const char *path = ev->body, *token;
		struct xenstore_watch *w;
		size_t plen = strnlen(path, ev->len);
		unsigned long flags;

		token = plen < ev->len ? path + plen + 1 : "";
		spin_lock_irqsave(&watch_lock, flags);
		for (w = watches; w; w = w->next)
			if (strcmp(w->token, token) == 0)
				break;
		running = w;
		spin_unlock_irqrestore(&watch_lock, flags);
		if (w)
			w->fn(w, path); /* unregistered meanwhile: dropped */
		running = NULL;
		kfree(ev->body);
		kfree(ev);
	}
	return 0;
}

int xs_in_watch_task(void)
{
	return watch_task && task_current() == watch_task;
}

/* 1 if w was listed. */
static int unlink_watch(struct xenstore_watch *w)
{
	struct xenstore_watch **p;
	unsigned long flags;
	int found = 0;

	spin_lock_irqsave(&watch_lock, flags);
	for (p = &watches; *p; p = &(*p)->next)
		if (*p == w) {
			*p = w->next;
			found = 1;
			break;
		}
	spin_unlock_irqrestore(&watch_lock, flags);
	return found;
}

int xenstore_watch(struct xenstore_watch *w)
{
	static const struct task_opts opts = { .name = "xenstore" };
	static DEFINE_SPINLOCK(task_lock);
	struct xenstore_watch *o;
	struct xs_part p[2];
	unsigned long flags;
	int err;

	if (!w || !path_ok(w->path) || !w->token || !w->fn)
		return -EINVAL;
	if (!xenstore_available())
		return -ENODEV;
	spin_lock_irqsave(&task_lock, flags);
	if (!watch_task)
		watch_task = task_create(watch_main, NULL, &opts);
	spin_unlock_irqrestore(&task_lock, flags);
	if (!watch_task)
		return -ENOMEM;
	spin_lock_irqsave(&watch_lock, flags);
	for (o = watches; o; o = o->next)
		if (o == w || strcmp(o->token, w->token) == 0) {
			spin_unlock_irqrestore(&watch_lock, flags);
			return -EEXIST;
		}
	/* Listed first: the event xenstored fires at once must find it. */
	w->next = watches;
	watches = w;
	spin_unlock_irqrestore(&watch_lock, flags);
	p[0] = str(w->path);
	p[1] = str(w->token);
	err = xs_talk(XS_WATCH, XENSTORE_TX_NONE, p, 2, NULL, w->path);
	if (err < 0) {
		unlink_watch(w);
		return err;
	}
	return 0;
}

int xenstore_unwatch(struct xenstore_watch *w)
{
	struct xs_part p[2];
	int err;

	if (!w || !unlink_watch(w))     /* no callback from now on ... */
		return -ENOENT;
	/* ... once one running on another vCPU has returned. */
	while (running == w && !xs_in_watch_task())
		yield();
	p[0] = str(w->path);
	p[1] = str(w->token);
	err = xs_talk(XS_UNWATCH, XENSTORE_TX_NONE, p, 2, NULL, w->path);
	return err < 0 ? err : 0;
}
