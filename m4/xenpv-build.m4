# Checks used by xenpv-sdk's own configure script.

# XENPV_GUEST_TOOLCHAIN
# ---------------------
# The guest is freestanding i386 built by the host compiler with -m32.
# Checks that $CC can compile and link such code and sets XENPV_GUEST_CFLAGS,
# XENPV_GUEST_LDFLAGS and XENPV_GUEST_LIBS, and for user programs (ring 3,
# static, on the SDK's crt) XENPV_USER_CFLAGS and XENPV_USER_LDFLAGS.
AC_DEFUN([XENPV_GUEST_TOOLCHAIN], [
xenpv_i386_cflags="-m32 -march=i686 -ffreestanding -fno-pie -fno-pic -fno-stack-protector -nostdlib -mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-omit-frame-pointer -fcf-protection=none"
XENPV_GUEST_CFLAGS="$xenpv_i386_cflags -fno-builtin -fno-strict-aliasing"
XENPV_GUEST_LDFLAGS="-m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments"
# ld's default static layout at 0x08048000, text apart from read-only
# and writable data (-z separate-code: no segment both W and X), no
# PT_INTERP, no build-id note; symbols kept, for the kernel's fault
# reports.
XENPV_USER_CFLAGS=$xenpv_i386_cflags
XENPV_USER_LDFLAGS="-m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,separate-code"
AC_SUBST([XENPV_USER_CFLAGS])
AC_SUBST([XENPV_USER_LDFLAGS])
AC_CACHE_CHECK([whether $CC builds freestanding i386 code], [xenpv_cv_guest_cc], [
  xenpv_save_CFLAGS=$CFLAGS
  CFLAGS="$XENPV_GUEST_CFLAGS"
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <stdint.h>
#include <stdarg.h>
#ifndef __i386__
#error not i386
#endif]], [[uint64_t x = 1; return (int)x;]])],
    [xenpv_cv_guest_cc=yes], [xenpv_cv_guest_cc=no])
  CFLAGS=$xenpv_save_CFLAGS])
AS_IF([test "$xenpv_cv_guest_cc" != yes],
  [AC_MSG_ERROR([$CC cannot compile freestanding 32-bit code with -m32.
On Debian and Ubuntu: apt install gcc-multilib])])
AC_CACHE_CHECK([for the 32-bit libgcc], [xenpv_cv_guest_libgcc], [
  xenpv_cv_guest_libgcc=`$CC -m32 -print-libgcc-file-name 2>/dev/null`
  AS_IF([test -n "$xenpv_cv_guest_libgcc" && test -f "$xenpv_cv_guest_libgcc"], [],
        [xenpv_cv_guest_libgcc=no])])
AS_IF([test "$xenpv_cv_guest_libgcc" = no],
  [AC_MSG_ERROR([no 32-bit libgcc.a for $CC -m32 (needed for 64-bit arithmetic in guest code).
On Debian and Ubuntu: apt install gcc-multilib])])
XENPV_GUEST_LIBS="-lgcc"
AC_SUBST([XENPV_GUEST_CFLAGS])
# Module code only: each function it defines (not the SDK's inline
# helpers) first calls the kernel's stack overflow check.
XENPV_MODULE_CFLAGS="-finstrument-functions -finstrument-functions-exclude-file-list=include/xenpv/,include/kernel/"
AC_SUBST([XENPV_MODULE_CFLAGS])
AC_SUBST([XENPV_GUEST_LDFLAGS])
AC_SUBST([XENPV_GUEST_LIBS])
])

# XENPV_XEN_HEADERS
# -----------------
# --with-xen[=DIR]: where the Xen public headers (xen/xen.h) are.  DIR may be
# an include directory or a prefix holding include/xen/xen.h.  Sets
# XEN_CPPFLAGS and xenpv_xen_incdir.
AC_DEFUN([XENPV_XEN_HEADERS], [
AC_ARG_WITH([xen],
  [AS_HELP_STRING([--with-xen@<:@=DIR@:>@],
    [use the Xen public headers (xen/xen.h) from DIR or DIR/include
     @<:@default: the compiler's include path, /usr/include@:>@])],
  [], [with_xen=yes])
AS_CASE([$with_xen],
  [no], [AC_MSG_ERROR([xenpv-sdk builds a Xen guest and cannot be built --without-xen.])],
  [yes|""], [xenpv_xen_candidates="/usr/include /usr/local/include"],
  [/*], [xenpv_xen_candidates="$with_xen $with_xen/include"],
  [AC_MSG_ERROR([--with-xen=$with_xen: give an absolute directory (for example --with-xen=/usr/include), or just --with-xen])])
AC_MSG_CHECKING([for the Xen public headers])
xenpv_xen_incdir=
for xenpv_dir in $xenpv_xen_candidates; do
  AS_IF([test -f "$xenpv_dir/xen/xen.h" && test -f "$xenpv_dir/xen/arch-x86/xen-x86_32.h"],
        [xenpv_xen_incdir=$xenpv_dir; break])
done
AS_IF([test -z "$xenpv_xen_incdir"], [
  AC_MSG_RESULT([no])
  AS_IF([test "$with_xen" = yes],
    [AC_MSG_ERROR([the Xen public headers (xen/xen.h) were not found.
They come with Xen's development package: on Debian and Ubuntu, apt install libxen-dev.
If they are installed elsewhere, point at them with --with-xen=DIR.])],
    [AC_MSG_ERROR([--with-xen=$with_xen: no xen/xen.h and xen/arch-x86/xen-x86_32.h below $with_xen or $with_xen/include.
On Debian and Ubuntu the headers come with: apt install libxen-dev])])])
AC_MSG_RESULT([$xenpv_xen_incdir])
XEN_CPPFLAGS="-D__XEN_INTERFACE_VERSION__=0x00040e00"
AS_IF([test "$xenpv_xen_incdir" != /usr/include], [XEN_CPPFLAGS="-I$xenpv_xen_incdir $XEN_CPPFLAGS"])
AC_CACHE_CHECK([whether the Xen headers compile for a 32-bit PV guest], [xenpv_cv_xen_headers], [
  xenpv_save_CFLAGS=$CFLAGS; xenpv_save_CPPFLAGS=$CPPFLAGS
  CFLAGS="$XENPV_GUEST_CFLAGS"; CPPFLAGS="$XEN_CPPFLAGS"
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <stdint.h>
#include <xen/xen.h>
#include <xen/version.h>]], [[start_info_t si; (void)si; return XENVER_platform_parameters;]])],
    [xenpv_cv_xen_headers=yes], [xenpv_cv_xen_headers=no])
  CFLAGS=$xenpv_save_CFLAGS; CPPFLAGS=$xenpv_save_CPPFLAGS])
AS_IF([test "$xenpv_cv_xen_headers" != yes],
  [AC_MSG_ERROR([the Xen headers in $xenpv_xen_incdir do not compile for a 32-bit guest (see config.log).
xenpv-sdk needs Xen 4.x public headers: apt install libxen-dev])])
AC_SUBST([XEN_CPPFLAGS])
AC_SUBST([xenpv_xen_incdir])
])

# XENPV_XEN_HYPERVISOR
# --------------------
# --with-xen-hypervisor=PATH: the PV32-capable Xen that xenpv-run boots
# kernels under during `make check'.  Default: looked up at run time
# (XENPV_XEN, then the cache filled by xenpv-build-xen).
AC_DEFUN([XENPV_XEN_HYPERVISOR], [
AC_ARG_WITH([xen-hypervisor],
  [AS_HELP_STRING([--with-xen-hypervisor=PATH],
    [Xen hypervisor image (built with CONFIG_PV32) that tests boot under
     @<:@default: XENPV_XEN or the xenpv-build-xen cache, at run time@:>@])],
  [], [with_xen_hypervisor=])
AS_CASE([$with_xen_hypervisor],
  [""|no|yes], [XEN_HYPERVISOR=],
  [/*], [AS_IF([test -f "$with_xen_hypervisor"], [XEN_HYPERVISOR=$with_xen_hypervisor],
          [AC_MSG_ERROR([--with-xen-hypervisor=$with_xen_hypervisor: no such file.
Build a PV32-capable Xen with sdk/xenpv-build-xen and pass the path it prints.])])],
  [AC_MSG_ERROR([--with-xen-hypervisor needs an absolute path, not '$with_xen_hypervisor'])])
AC_SUBST([XEN_HYPERVISOR])
])
