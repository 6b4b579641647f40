/*
 * xenpv/errno.h - the error numbers of the public API.
 *
 * Every call that can fail returns 0 (or a count, or a handle) on success
 * and a negative errno on failure: -EINVAL, -ENOMEM, ...  The numbers are
 * Linux's (i386), so they read the same in a backend's logs.
 */
#ifndef XENPV_ERRNO_H
#define XENPV_ERRNO_H

#ifndef EPERM
#define EPERM      1
#define ENOENT     2
#define ESRCH      3
#define EIO        5
#define E2BIG      7
#define EAGAIN    11
#define ENOMEM    12
#define EACCES    13
#define EFAULT    14
#define EBUSY     16
#define EEXIST    17
#define ENODEV    19
#define EISDIR    21
#define EINVAL    22
#define ENOSPC    28
#define EROFS     30
#define ERANGE    34
#define EDEADLK   35
#define ENOSYS    38
#define ENOTEMPTY 39
#define ENODATA   61
#define EPROTO    71
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ECONNRESET 104
#define EISCONN   106
#define ETIMEDOUT 110
#define EALREADY  114
#endif

#endif
