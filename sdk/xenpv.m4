# xenpv.m4 - Autoconf support for projects that build Xen PV kernels with
# the xenpv-sdk.  Installed in $(datadir)/aclocal; `autoreconf -fi' copies
# it into a project's macro directory, so that the project's tarball
# carries it.
#
# serial 3

# XENPV_CHECK_SDK([MIN-VERSION])
# ------------------------------
# Adds --with-xen[=DIR] to configure and finds what building a xenpv kernel
# takes: the xenpv-sdk (through pkg-config), the Xen public headers
# (xen/xen.h, from libxen-dev, or DIR or DIR/include) and a compiler that
# links freestanding 32-bit code.
#
#   --with-xen[=DIR]  these are required: configure stops, saying what to
#                     install, when one is missing
#   --without-xen     the kernel is not built
#   (neither)         the kernel is built when everything is found
#
# Sets and substitutes:
#   XENPV_CFLAGS    guest compiler flags (-m32 -ffreestanding -fno-pie ...,
#                   the SDK's and the Xen headers' include paths)
#   XENPV_LIBS      guest link flags and the kernel archive (-lxenpv -lgcc)
#   XENPV_LIBDIR    the SDK's i386 kernel objects
#   XENPV_LDSCRIPT  the linker script a kernel image is laid out by
#   XENPV_STARTOBJ  the start object (Xen entry point and ELF notes)
#   XENPV_RUN       xenpv-run, which boots a kernel under Xen in QEMU
#   XENPV_USER_CFLAGS, XENPV_USER_LDFLAGS, XENPV_USER_LIBS
#                   a user program's compiler flags, link flags (the
#                   SDK's crt among them) and libraries (libgcc)
#   XENPV_EMBED_PROGRAM  xenpv-embed-program, which wraps a user program
#                   in an object for the kernel image
# and the Automake conditional XENPV_ENABLED.  A kernel image links as
#   $(CC) -Wl,-T,$(XENPV_LDSCRIPT) -o IMAGE MODULE-OBJECTS... \
#         $(XENPV_STARTOBJ) $(XENPV_LIBS)
# and its modules' init functions run in link order.  A user program
# links as
#   $(CC) $(XENPV_USER_LDFLAGS) -o PROG.elf OBJECTS... $(XENPV_USER_LIBS)
# and `$(XENPV_EMBED_PROGRAM) PROG.elf PROG.prog.o' makes the object that
# goes among the kernel's.
AC_DEFUN([XENPV_CHECK_SDK], [dnl
m4_ifndef([PKG_CHECK_MODULES],
  [m4_fatal([XENPV_CHECK_SDK needs pkg.m4 from pkg-config: apt install pkg-config, then run autoreconf -fi again])])dnl
AC_REQUIRE([AC_PROG_CC])dnl
AC_REQUIRE([PKG_PROG_PKG_CONFIG])dnl
AC_ARG_WITH([xen],
  [AS_HELP_STRING([--with-xen@<:@=DIR@:>@],
    [build the Xen PV kernel with the xenpv-sdk; DIR (or DIR/include)
     holds the Xen public headers xen/xen.h @<:@default: build it if the SDK
     and the Xen headers are found@:>@])],
  [], [with_xen=check])
xenpv_enabled=no
xenpv_xen_incdirs=
AS_CASE([$with_xen],
  [no], [],
  [yes|check], [],
  [/*], [xenpv_xen_incdirs="$with_xen $with_xen/include"],
  [AC_MSG_ERROR([--with-xen=$with_xen: give an absolute directory that holds xen/xen.h (or DIR/include does), or just --with-xen for the system's Xen headers])])

AS_IF([test "x$with_xen" != xno && test -z "$PKG_CONFIG"],
  [AS_IF([test "x$with_xen" = xcheck],
    [AC_MSG_NOTICE([pkg-config is missing: the Xen PV kernel will not be built]); with_xen=no],
    [AC_MSG_ERROR([--with-xen needs pkg-config to find the xenpv-sdk: apt install pkg-config])])])
AS_IF([test "x$with_xen" != xno], [
  PKG_CHECK_MODULES([XENPV], [xenpv-sdk m4_ifval([$1], [>= $1])],
    [xenpv_enabled=yes],
    [AS_IF([test "x$with_xen" = xcheck],
      [AC_MSG_NOTICE([the xenpv-sdk was not found: the Xen PV kernel will not be built (--with-xen makes this an error)])],
      [AC_MSG_ERROR([--with-xen: pkg-config cannot find the xenpv-sdk m4_ifval([$1], [$1 or newer ])($XENPV_PKG_ERRORS).
Install the xenpv-sdk package (apt install ./xenpv-sdk_VERSION_ARCH.deb).
For an SDK installed under another prefix, set PKG_CONFIG_PATH=PREFIX/share/pkgconfig.])])])
])

AS_IF([test $xenpv_enabled = yes], [
  PKG_CHECK_VAR([XENPV_LIBDIR], [xenpv-sdk], [xenpvlibdir])
  PKG_CHECK_VAR([XENPV_LDSCRIPT], [xenpv-sdk], [ldscript])
  PKG_CHECK_VAR([XENPV_STARTOBJ], [xenpv-sdk], [startobj])
  PKG_CHECK_VAR([XENPV_BINDIR], [xenpv-sdk], [bindir])
  PKG_CHECK_VAR([XENPV_CRT0], [xenpv-sdk], [crt0])
  PKG_CHECK_VAR([XENPV_USER_CFLAGS], [xenpv-sdk], [user_cflags])
  PKG_CHECK_VAR([XENPV_USER_LDFLAGS], [xenpv-sdk], [user_ldflags])
  PKG_CHECK_VAR([XENPV_USER_LIBS], [xenpv-sdk], [user_libs])
  PKG_CHECK_VAR([XENPV_EMBED_PROGRAM], [xenpv-sdk], [embed_program])
  for xenpv_file in "$XENPV_LIBDIR/libxenpv.a" "$XENPV_LDSCRIPT" "$XENPV_STARTOBJ" \
      "$XENPV_CRT0" "$XENPV_EMBED_PROGRAM"; do
    AS_IF([test -n "$xenpv_file" && test -f "$xenpv_file"], [],
      [AC_MSG_ERROR([the xenpv-sdk is incomplete: ${xenpv_file:-a file its xenpv-sdk.pc should name} is missing (reinstall the xenpv-sdk package)])])
  done

  # The Xen public headers: the system's, or those under --with-xen=DIR.
  AS_IF([test -n "$xenpv_xen_incdirs"], [
    xenpv_xen_incdir=
    for xenpv_dir in $xenpv_xen_incdirs; do
      AS_IF([test -f "$xenpv_dir/xen/xen.h"], [xenpv_xen_incdir=$xenpv_dir; break])
    done
    AS_IF([test -n "$xenpv_xen_incdir"],
      [XENPV_CFLAGS="-I$xenpv_xen_incdir $XENPV_CFLAGS"],
      [AC_MSG_ERROR([--with-xen=$with_xen: there is no xen/xen.h in $with_xen or $with_xen/include.
The Xen public headers come with libxen-dev: apt install libxen-dev (then --with-xen alone finds them)])])])

  xenpv_save_CFLAGS=$CFLAGS
  xenpv_save_LDFLAGS=$LDFLAGS; xenpv_save_LIBS=$LIBS
  CFLAGS=$XENPV_CFLAGS
  AC_CACHE_CHECK([whether the Xen headers are usable for a 32-bit PV guest], [xenpv_cv_xen_headers], [
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <stdint.h>
#include <xen/xen.h>]], [[start_info_t si; (void)si;]])],
      [xenpv_cv_xen_headers=yes], [xenpv_cv_xen_headers=no])])
  LDFLAGS="-Wl,-T,$XENPV_LDSCRIPT"; LIBS="$XENPV_STARTOBJ $XENPV_LIBS"
  AS_IF([test $xenpv_cv_xen_headers = yes], [
    AC_CACHE_CHECK([whether a xenpv kernel links], [xenpv_cv_kernel_links], [
      AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <xenpv/module.h>
static int conftest_init(void) { return 0; }
XENPV_MODULE(conftest, conftest_init, 0);]], [])],
        [xenpv_cv_kernel_links=yes], [xenpv_cv_kernel_links=no])])])
  CFLAGS=$xenpv_save_CFLAGS
  LDFLAGS=$xenpv_save_LDFLAGS; LIBS=$xenpv_save_LIBS

  AS_IF([test $xenpv_cv_xen_headers != yes], [
    xenpv_why="the Xen public headers (xen/xen.h) are missing or do not compile for a 32-bit guest (see config.log).
They come with libxen-dev: apt install libxen-dev, or point --with-xen=DIR at them."
    xenpv_enabled=no
  ], [test $xenpv_cv_kernel_links != yes], [
    xenpv_why="$CC cannot link a 32-bit xenpv kernel (see config.log).
The 32-bit libgcc comes with gcc-multilib: apt install gcc-multilib"
    xenpv_enabled=no
  ])
  AS_IF([test $xenpv_enabled = no],
    [AS_IF([test "x$with_xen" = xcheck],
      [AC_MSG_WARN([the Xen PV kernel will not be built: $xenpv_why])],
      [AC_MSG_ERROR([$xenpv_why])])])

  AC_PATH_PROG([XENPV_RUN], [xenpv-run], [], [$XENPV_BINDIR$PATH_SEPARATOR$PATH])
  AS_IF([test $xenpv_enabled = yes && test -z "$XENPV_RUN"],
    [AC_MSG_ERROR([the xenpv-sdk is incomplete: xenpv-run is not in $XENPV_BINDIR or on PATH (reinstall the xenpv-sdk package)])])
])
AM_CONDITIONAL([XENPV_ENABLED], [test $xenpv_enabled = yes])
AC_MSG_CHECKING([whether to build the Xen PV kernel])
AC_MSG_RESULT([$xenpv_enabled])
])

# XENPV_CHECK_BACKEND
# -------------------
# Finds what a split driver's backend half takes: a dom0 program (built
# for the host, not the guest) on Xen's libxenstore, libxengnttab and
# libxenevtchn, through their pkg-config modules (libxen-dev ships them).
# Follows --with-xen as XENPV_CHECK_SDK does (call it after that one):
# required with --with-xen (configure stops, saying what to install),
# built when found without it, not with --without-xen.
#
# Sets and substitutes XENPV_BACKEND_CFLAGS and XENPV_BACKEND_LIBS, and
# the Automake conditional XENPV_BACKEND_ENABLED.  A backend links as
#   $(CC) $(XENPV_BACKEND_CFLAGS) -o PROGRAM SOURCES... $(XENPV_BACKEND_LIBS)
AC_DEFUN([XENPV_CHECK_BACKEND], [dnl
AC_REQUIRE([PKG_PROG_PKG_CONFIG])dnl
xenpv_backend=no
AS_IF([test "x$with_xen" != xno], [
  PKG_CHECK_MODULES([XENPV_BACKEND], [xenstore xengnttab xenevtchn],
    [xenpv_backend=yes],
    [AS_IF([test "x$with_xen" = xcheck],
      [AC_MSG_NOTICE([Xen's libxenstore, libxengnttab or libxenevtchn was not found: the backend will not be built])],
      [AC_MSG_ERROR([--with-xen: the backend needs Xen's libxenstore, libxengnttab and libxenevtchn ($XENPV_BACKEND_PKG_ERRORS).
They come with libxen-dev: apt install libxen-dev])])])
])
AM_CONDITIONAL([XENPV_BACKEND_ENABLED], [test $xenpv_backend = yes])
AC_MSG_CHECKING([whether to build the dom0 backend])
AC_MSG_RESULT([$xenpv_backend])
])

# XENPV_CHECK_BACKEND_LIB
# -----------------------
# libxenpvback, the backend half of a split driver as a library
# (xenpvback(3); the libxenpvback-dev package), for a backend built by
# XENPV_CHECK_BACKEND: call it after that one.  Required where the
# backend is built (configure stops, saying what to install).
#
# Sets and substitutes XENPVBACK_CFLAGS and XENPVBACK_LIBS, and
# XENPVBACK_DOM0_FILES: the shared library as xenpv-run --dom0-file
# takes it, so that dom0 runs the backend beside it.  A backend links as
#   $(CC) $(XENPVBACK_CFLAGS) -o PROGRAM SOURCES... $(XENPVBACK_LIBS)
AC_DEFUN([XENPV_CHECK_BACKEND_LIB], [dnl
AC_REQUIRE([XENPV_CHECK_BACKEND])dnl
XENPVBACK_DOM0_FILES=
AS_IF([test "x$xenpv_backend" = xyes], [
  PKG_CHECK_MODULES([XENPVBACK], [libxenpvback], [],
    [AC_MSG_ERROR([the backend needs libxenpvback ($XENPVBACK_PKG_ERRORS).
It comes with libxenpvback-dev: apt install libxenpvback-dev])])
  XENPVBACK_DOM0_FILES="`$PKG_CONFIG --variable=libdir libxenpvback`/libxenpvback.so.0"
  AS_IF([test -f "$XENPVBACK_DOM0_FILES"], [],
    [AC_MSG_ERROR([libxenpvback's pkg-config data names $XENPVBACK_DOM0_FILES, which is not there: reinstall libxenpvback0])])
])
AC_SUBST([XENPVBACK_DOM0_FILES])
])
