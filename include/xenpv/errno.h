/*
 * xenpv/errno.h - the error numbers of the public API.
 *
 * One convention: every public function that can fail returns 0 (or a
 * count, a handle, an id) on success and a negative errno on failure:
 * -EINVAL, -ENOMEM, ...; never a bare -1, never a code of another
 * table (Xen's GNTST_* statuses, xenstore's error names are mapped).
 * The numbers are Linux's (i386), so they read the same in a backend's
 * logs; Xen's own (<xen/errno.h>) are the same numbers, all defined
 * here, so an error a hypercall returns is already a -errno.
 */
#ifndef XENPV_ERRNO_H
#define XENPV_ERRNO_H

#ifndef EPERM
#define EPERM            1      /* operation not permitted */
#define ENOENT           2      /* no such entry */
#define ESRCH            3      /* no such domain */
#define EINTR            4
#define EIO              5
#define ENXIO            6      /* no such device or address */
#define E2BIG            7      /* argument too long */
#define ENOEXEC          8
#define EBADF            9
#define ECHILD          10
#define EAGAIN          11      /* try again (a transaction to redo) */
#define EWOULDBLOCK     EAGAIN
#define ENOMEM          12
#define EACCES          13
#define EFAULT          14      /* bad address */
#define EBUSY           16      /* still in use (a grant still mapped) */
#define EEXIST          17
#define EXDEV           18
#define ENODEV          19      /* no such device (no xenstore as dom0) */
#define ENOTDIR         20
#define EISDIR          21
#define EINVAL          22
#define ENFILE          23
#define EMFILE          24
#define ENOTTY          25
#define EFBIG           27
#define ENOSPC          28      /* no room (a full table, a quota) */
#define ESPIPE          29
#define EROFS           30
#define EMLINK          31
#define EPIPE           32
#define EDOM            33
#define ERANGE          34
#define EDEADLK         35
#define EDEADLOCK       EDEADLK
#define ENAMETOOLONG    36
#define ENOLCK          37
#define ENOSYS          38      /* not implemented (here, or by Xen) */
#define ENOTEMPTY       39
#define ELOOP           40
#define ENODATA         61
#define ETIME           62
#define EPROTO          71      /* the other end broke the protocol */
#define EBADMSG         74
#define EOVERFLOW       75
#define EILSEQ          84
#define ERESTART        85
#define ENOTSOCK        88
#define EMSGSIZE        90
#define EOPNOTSUPP      95
#define ENOTSUP         EOPNOTSUPP
#define EADDRINUSE      98
#define EADDRNOTAVAIL   99
#define ENOBUFS        105
#define ECONNRESET     104      /* the other end closed */
#define EISCONN        106
#define ENOTCONN       107      /* not (or no longer) bound or connected */
#define ETIMEDOUT      110
#define ECONNREFUSED   111
#define EALREADY       114
#define EINPROGRESS    115
#define ECANCELED      125
#endif

#endif
