/*
 * libxenpvback's insides.  The device logic (device.c) reaches xenstore,
 * the grant device and the event channel device only through struct
 * xpvb_env, so that tests/unit can run it against a fake xenstore; xen.c
 * is the real one, on libxenstore, libxengnttab and libxenevtchn.
 */
#ifndef XPVB_INTERNAL_H
#define XPVB_INTERNAL_H

#include <stdint.h>
#include <xenpvback/xenpvback.h>

#define XPVB_PAGE_SIZE 4096u
#define XPVB_PATH_MAX 160

/* protocol.c: pure logic, host-tested. */
enum xpvb_action {
	XPVB_NOTHING,
	XPVB_CONNECT,           /* map, bind, Connected */
	XPVB_CLOSING,           /* disconnect, Closing */
	XPVB_CLOSED,            /* disconnect, Closed */
	XPVB_REOPEN,            /* the frontend starts again: InitWait */
	XPVB_BAD_STATE,         /* not a XenbusState: a fault */
};
enum xpvb_action xpvb_handshake(int backend_state, long frontend_state);
int xpvb_parse_ulong(const char *s, unsigned long max, unsigned long *value);
const char *xpvb_state_name(long state);

/* ring.c: a back ring of any entry size over the shared pages. */
struct xpvb_ring {
	unsigned char *sring;
	unsigned int size;              /* entries, a power of two */
	size_t entry_size, request_size, response_size;
	uint32_t req_cons, rsp_prod_pvt;
};
int xpvb_ring_init(struct xpvb_ring *r, void *pages, size_t bytes, size_t entry_size,
		   size_t request_size, size_t response_size);
typedef int xpvb_ring_fn(void *arg, const void *req, void *rsp);
/* Every published request, copied to reqbuf and handed to fn with its
 * response slot; responses pushed.  At most budget requests: returns
 * how many were handled, *more set when some wait still.  -EPROTO for
 * indices a frontend cannot have made (*prod tells which), fn's error. */
int xpvb_ring_serve(struct xpvb_ring *r, xpvb_ring_fn *fn, void *arg, void *reqbuf,
		    unsigned int budget, int *notify, int *more, uint32_t *prod);

/* The outside world. */
struct xpvb_env {
	char *(*read)(void *h, const char *path);               /* malloc'd; NULL, errno set */
	int (*write)(void *h, const char *path, const char *value);
	int (*watch)(void *h, const char *path, const char *token);
	int (*unwatch)(void *h, const char *path, const char *token);
	char **(*list)(void *h, const char *path, unsigned int *n);   /* one malloc'd block */
	int (*domain_alive)(void *h, unsigned int domid);
	void *(*map)(void *h, unsigned int domid, unsigned int n, const uint32_t *refs, int writable);
	int (*unmap)(void *h, void *addr, unsigned int n);
	int (*bind)(void *h, unsigned int domid, unsigned int remote_port);   /* local port */
	int (*unbind)(void *h, unsigned int port);
	int (*notify)(void *h, unsigned int port);
};

struct xpvb_type {
	const struct xpvb_driver *drv;
	char path[64];                  /* backend/<type> */
	struct xpvb_type *next;
};

struct xpvb_mapping {
	void *addr;
	unsigned int n;
	struct xpvb_mapping *next;
};

struct xpvb_device {
	struct xpvb *xb;
	const struct xpvb_driver *drv;
	struct xpvb_device *next;
	unsigned int domid, devid;
	char be[XPVB_PATH_MAX], fe[XPVB_PATH_MAX], fe_state[XPVB_PATH_MAX + 8];
	int state;                      /* ours, a XenbusState */
	int connected, watching, more;
	int driver_err;                 /* the driver's error from the last round */
	void *ring_pages;
	unsigned int ring_pages_n;
	struct xpvb_ring ring;
	void *reqbuf;
	int port;                       /* local, bound to the frontend's; -1 none */
	struct xpvb_mapping *maps;
	void *priv;
};

struct xpvb {
	const struct xpvb_env *env;
	void *h;
	xpvb_log_fn *log;
	void *log_arg;
	struct xpvb_type *types;
	struct xpvb_device *devices;
	struct xpvb_counts counts;
};

/* device.c */
char *xpvb_read_node(struct xpvb *xb, const char *dir, const char *node);   /* malloc'd */
void xpvb_log(struct xpvb *xb, enum xpvb_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int xpvb_device_add(struct xpvb *xb, const struct xpvb_driver *drv, unsigned int domid,
		    unsigned int devid, struct xpvb_device **out);
void xpvb_device_changed(struct xpvb_device *dev);
void xpvb_device_event(struct xpvb_device *dev);
void xpvb_device_remove(struct xpvb_device *dev, int say_closed);
struct xpvb_device *xpvb_device_by_token(struct xpvb *xb, const char *token);
struct xpvb_device *xpvb_device_by_port(struct xpvb *xb, int port);
/* scan.c: the toolstack's directories against the devices known */
void xpvb_scan(struct xpvb *xb, const struct xpvb_type *t);
void xpvb_reap(struct xpvb *xb);        /* devices of domains that died */
int xpvb_add_type(struct xpvb *xb, const struct xpvb_driver *drv);
void xpvb_remove_all(struct xpvb *xb);

#endif
