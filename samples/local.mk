# The sample driver, built in-tree with the in-tree SDK.  The same sources
# are what vendors copy: samples/skeleton is installed as a standalone
# project that builds against the installed SDK (see its README).
SKELETON_DRIVER = samples/skeleton/src/skeleton.c samples/skeleton/src/skeleton.h \
	samples/skeleton/src/skeleton-proto.h

noinst_PROGRAMS += samples/sample.xen
samples_sample_xen_SOURCES = $(SKELETON_DRIVER)
samples_sample_xen_LDADD = samples/skeleton-ping.prog.o $(LDADD)

# The driver's user program, which both kernels carry: built with the
# user flags and the in-tree crt, embedded by the .elf.prog.o rule
# (tests/local.mk) under its file's name, "skeleton-ping".
noinst_PROGRAMS += samples/skeleton-ping.elf
samples_skeleton_ping_elf_SOURCES = samples/skeleton/user/skeleton-ping.c
samples_skeleton_ping_elf_CFLAGS = $(user_cflags)
samples_skeleton_ping_elf_LDFLAGS = $(user_ldflags)
samples_skeleton_ping_elf_LDADD = $(user_ldadd)
CLEANFILES += samples/skeleton-ping.prog.o

# The sample's own TAP tests, booted by make check here as well.
check_PROGRAMS += samples/skeleton-test.xen
TESTS += samples/skeleton-test.xen
samples_skeleton_test_xen_SOURCES = $(SKELETON_DRIVER) samples/skeleton/tests/skeleton-test.c
samples_skeleton_test_xen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/samples/skeleton/src
samples_skeleton_test_xen_LDADD = samples/skeleton-ping.prog.o $(LDADD)

# Its backend, a dom0 program (host code), from the same sources; make
# check's domU batch ships it to dom0 (tests/local.mk).
noinst_PROGRAMS += samples/skeleton-back
samples_skeleton_back_SOURCES = samples/skeleton/backend/skeleton-back.c samples/skeleton/src/skeleton-proto.h
samples_skeleton_back_CPPFLAGS = -I$(top_srcdir)/samples/skeleton/src -I$(top_srcdir)/backend/include
samples_skeleton_back_CFLAGS = $(HOST_CFLAGS) $(XENPV_BACKEND_CFLAGS)
# On the shared library: a real program (-no-install: no libtool wrapper
# script), which dom0 runs with the library beside it in /guests/files.
samples_skeleton_back_LDFLAGS = -no-install
samples_skeleton_back_LDADD = backend/libxenpvback.la $(XENPV_BACKEND_LIBS)

# Installed (and distributed) as $(pkgdatadir)/samples/skeleton.
sampledatadir = $(pkgdatadir)
nobase_dist_sampledata_DATA = \
	samples/skeleton/README \
	samples/skeleton/configure.ac \
	samples/skeleton/Makefile.am \
	samples/skeleton/m4/README \
	samples/skeleton/src/skeleton.c \
	samples/skeleton/src/skeleton.h \
	samples/skeleton/src/skeleton-proto.h \
	samples/skeleton/user/skeleton-ping.c \
	samples/skeleton/backend/skeleton-back.c \
	samples/skeleton/tests/skeleton-test.c \
	samples/skeleton/tests/skeleton.dom0.sh

# The block frontend sample (samples/blkfront): the driver in a kernel
# of its own, and its test kernel, booted by make check as dom0 (no
# xenstore: registration gives -ENODEV) and by tests/host/blkfront.sh as
# a domU with a disk, twice (a good backend, a bad sector-size).
BLKFRONT_DRIVER = samples/blkfront/src/blkfront.c samples/blkfront/src/blkfront-io.c \
	samples/blkfront/src/blkfront.h samples/blkfront/src/blkfront-int.h

noinst_PROGRAMS += samples/blkfront.xen
samples_blkfront_xen_SOURCES = $(BLKFRONT_DRIVER)

check_PROGRAMS += samples/blkfront-test.xen
TESTS += samples/blkfront-test.xen
samples_blkfront_test_xen_SOURCES = $(BLKFRONT_DRIVER) samples/blkfront/tests/blkfront-test.c
samples_blkfront_test_xen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/samples/blkfront/src

# Its benchmark kernel, booted by make bench (tests/bench/blkfront.sh).
noinst_PROGRAMS += samples/blkfront-bench.xen
samples_blkfront_bench_xen_SOURCES = $(BLKFRONT_DRIVER) samples/blkfront/tests/blkfront-bench.c
samples_blkfront_bench_xen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/samples/blkfront/src

nobase_dist_sampledata_DATA += \
	samples/blkfront/README \
	samples/blkfront/configure.ac \
	samples/blkfront/Makefile.am \
	samples/blkfront/m4/README \
	samples/blkfront/src/blkfront.c \
	samples/blkfront/src/blkfront-io.c \
	samples/blkfront/src/blkfront.h \
	samples/blkfront/src/blkfront-int.h \
	samples/blkfront/tests/blkfront-test.c \
	samples/blkfront/tests/blkfront-bench.c \
	samples/blkfront/tests/blkfront.xl \
	samples/blkfront/tests/blkfront.dom0.sh \
	samples/blkfront/tests/blkfront-bench.dom0.sh

# Boot the sample kernel under Xen and show its console: as dom0, or as
# a domU under xl.
boot: samples/sample.xen sdk/xenpv-run
	$(SHELL) sdk/xenpv-run --dom0 samples/sample.xen
boot-domu: samples/sample.xen sdk/xenpv-run sdk/xenpv-dom0-init
	$(SHELL) sdk/xenpv-run --domu samples/sample.xen
.PHONY: boot boot-domu
