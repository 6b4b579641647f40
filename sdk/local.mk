# Host-side tools (the runner and the PV32 hypervisor builder) and what a
# vendor's project needs to find the SDK: pkg-config data (arch-independent:
# the guest is i386 whatever the host), the autoconf macro, man pages and
# the installed README.
bin_SCRIPTS += sdk/xenpv-run sdk/xenpv-build-xen sdk/xenpv-build-dom0
dist_man1_MANS = sdk/xenpv-run.1 sdk/xenpv-build-xen.1 sdk/xenpv-build-dom0.1
# The /init of the dom0 that xenpv-run --domu boots, and its lean block
# hotplug script (they run there, not here).
pkgdata_SCRIPTS = sdk/xenpv-dom0-init sdk/xenpv-dom0-block
pkgconfigdir = $(datadir)/pkgconfig
pkgconfig_DATA = sdk/xenpv-sdk.pc
aclocaldir = $(datadir)/aclocal
dist_aclocal_DATA = sdk/xenpv.m4
dist_doc_DATA = sdk/README
EXTRA_DIST += sdk/xenpv-run.in sdk/xenpv-build-xen.in sdk/xenpv-build-dom0.in \
	sdk/xenpv-dom0-init.in sdk/xenpv-dom0-block.in sdk/xenpv-sdk.pc.in

# User programs: the crt every program starts from (installed beside the
# kernel's start object), and the helper that embeds a program into a
# kernel image (xenpv-embed-program(1)).
xenpvlib_DATA += sdk/user/xenpv-crt0.o
sdk/user/xenpv-crt0.o: $(top_srcdir)/sdk/user/crt0.S
	$(AM_V_CPPAS)$(MKDIR_P) sdk/user && \
	$(CCAS) $(XENPV_USER_CFLAGS) $(CCASFLAGS) -c -o $@ $(top_srcdir)/sdk/user/crt0.S
CLEANFILES += sdk/user/xenpv-crt0.o
bin_SCRIPTS += sdk/xenpv-embed-program
dist_man1_MANS += sdk/xenpv-embed-program.1
EXTRA_DIST += sdk/user/crt0.S sdk/xenpv-embed-program.in
