# libxenpvback: the backend half of a split driver, a host (dom0) shared
# library on Xen's libxenstore, libxengnttab and libxenevtchn, built with
# libtool.  Only the API of <xenpvback/xenpvback.h> is exported
# (libxenpvback.map, versioned XENPVBACK_0).
#
# -version-info CURRENT:REVISION:AGE, by libtool's rules: a release that
# changes the code but no interface bumps REVISION; one that adds to the
# interface bumps CURRENT and AGE and zeroes REVISION; one that removes
# or changes an interface bumps CURRENT, zeroes REVISION and AGE (and the
# soname, libxenpvback.so.CURRENT-AGE, changes with it: a new package).
XENPVBACK_VERSION_INFO = 0:0:0

if XENPV_BACKEND_ENABLED
lib_LTLIBRARIES = backend/libxenpvback.la
# Arch-dependent (it names libdir): beside the library, not in datadir.
xenpvbackpcdir = $(libdir)/pkgconfig
xenpvbackpc_DATA = backend/libxenpvback.pc
xenpvbackincludedir = $(includedir)/xenpvback
xenpvbackinclude_HEADERS = backend/include/xenpvback/xenpvback.h
dist_man3_MANS = backend/xenpvback.3
endif
backend_libxenpvback_la_SOURCES = backend/lib/internal.h backend/lib/protocol.c backend/lib/ring.c \
	backend/lib/device.c backend/lib/api.c backend/lib/scan.c backend/lib/xen.c
backend_libxenpvback_la_CPPFLAGS = -I$(top_srcdir)/backend/include
# Host code: hardened as a Debian library is (debian/rules turns the
# policy's flags off for the guest code only).
backend_libxenpvback_la_CFLAGS = $(HOST_CFLAGS) -std=gnu11 -fstack-protector-strong \
	 -D_FORTIFY_SOURCE=2 $(XENPV_BACKEND_CFLAGS)
backend_libxenpvback_la_LDFLAGS = -version-info $(XENPVBACK_VERSION_INFO) -no-undefined \
	-Wl,--version-script=$(top_srcdir)/backend/libxenpvback.map -Wl,-z,relro -Wl,-z,now
backend_libxenpvback_la_LIBADD = $(XENPV_BACKEND_LIBS)
EXTRA_DIST += backend/libxenpvback.map backend/libxenpvback.pc.in

# Its logic on a fake xenstore, grant device and event channel device.
check_PROGRAMS += tests/unit/test-xenpvback
tests_unit_test_xenpvback_SOURCES = tests/unit/test-xenpvback.c backend/lib/internal.h \
	backend/lib/protocol.c backend/lib/ring.c backend/lib/device.c backend/lib/api.c \
	backend/lib/scan.c tests/unit/unit-tap.h
tests_unit_test_xenpvback_CPPFLAGS = -I$(top_srcdir)/backend/include $(XEN_CPPFLAGS)
tests_unit_test_xenpvback_CFLAGS = $(HOST_CFLAGS) -fsanitize=address,undefined
tests_unit_test_xenpvback_LINK = $(HOST_LINK) -fsanitize=address,undefined
tests_unit_test_xenpvback_LDADD =
TESTS += tests/unit/test-xenpvback
