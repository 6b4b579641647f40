# The sample driver, built in-tree with the in-tree SDK.  The same sources
# are what vendors copy: samples/skeleton is installed as a standalone
# project that builds against the installed SDK (see its README).
SKELETON_DRIVER = samples/skeleton/src/skeleton.c samples/skeleton/src/skeleton.h

noinst_PROGRAMS += samples/sample.xen
samples_sample_xen_SOURCES = $(SKELETON_DRIVER)

# The sample's own TAP tests, booted by make check here as well.
check_PROGRAMS += samples/skeleton-test.xen
TESTS += samples/skeleton-test.xen
samples_skeleton_test_xen_SOURCES = $(SKELETON_DRIVER) samples/skeleton/tests/skeleton-test.c
samples_skeleton_test_xen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/samples/skeleton/src

# Installed (and distributed) as $(pkgdatadir)/samples/skeleton.
sampledatadir = $(pkgdatadir)
nobase_dist_sampledata_DATA = \
	samples/skeleton/README \
	samples/skeleton/configure.ac \
	samples/skeleton/Makefile.am \
	samples/skeleton/m4/README \
	samples/skeleton/src/skeleton.c \
	samples/skeleton/src/skeleton.h \
	samples/skeleton/tests/skeleton-test.c

# Boot the sample kernel under Xen and show its console: as dom0, or as
# a domU under xl.
boot: samples/sample.xen sdk/xenpv-run
	$(SHELL) sdk/xenpv-run --dom0 samples/sample.xen
boot-domu: samples/sample.xen sdk/xenpv-run sdk/xenpv-dom0-init
	$(SHELL) sdk/xenpv-run --domu samples/sample.xen
.PHONY: boot boot-domu
