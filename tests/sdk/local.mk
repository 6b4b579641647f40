# Host-side checks of what the SDK installs for vendors: the public
# headers, pkg-config data and man pages, and that the kernel's headers
# declare nothing twice (decls.sh).  None of them boots a kernel.
dist_check_SCRIPTS += tests/sdk/headers.sh tests/sdk/pkgconfig.sh tests/sdk/manpages.sh tests/sdk/decls.sh
TESTS += tests/sdk/headers.sh tests/sdk/pkgconfig.sh tests/sdk/manpages.sh tests/sdk/decls.sh
AM_TESTS_ENVIRONMENT += \
	CC='$(CC)'; PKG_CONFIG='$(PKG_CONFIG)'; \
	XENPV_GUEST_CFLAGS='$(XENPV_GUEST_CFLAGS)'; XEN_CPPFLAGS='$(XEN_CPPFLAGS)'; \
	XENPV_PUBLIC_HEADERS='$(xenpvinclude_HEADERS)'; \
	XENPV_PC_EXPECT='$(PACKAGE_VERSION) $(xenpvlibdir) $(bindir) $(xenpvlib_DATA)'; \
	export CC PKG_CONFIG XENPV_GUEST_CFLAGS XEN_CPPFLAGS XENPV_PUBLIC_HEADERS XENPV_PC_EXPECT;
# The pkg-config test links a kernel and a user program from the built objects.
tests/sdk/pkgconfig.log: kernel/libxenpv.a kernel/xenpv-start.o sdk/xenpv-sdk.pc sdk/user/xenpv-crt0.o
tests/sdk/manpages.log: sdk/xenpv-run sdk/xenpv-build-xen sdk/xenpv-build-dom0 sdk/xenpv-embed-program

# xenpv-run's vCPU options against a fake QEMU (tests/host/, but it boots
# nothing).
dist_check_SCRIPTS += tests/host/run-options.sh
TESTS += tests/host/run-options.sh
tests/host/run-options.log: sdk/xenpv-run sdk/xenpv-dom0-init

# libxenpvback's exports, soname, header and man page.
dist_check_SCRIPTS += tests/sdk/xenpvback.sh
TESTS += tests/sdk/xenpvback.sh
tests/sdk/xenpvback.log: backend/libxenpvback.la

# The tests a package build runs: those that need no hypervisor.  The
# in-guest .xen and .domu tests boot kernels, and so do the judges in
# tests/judged/ and the scripts in tests/host/, except these, which test
# the builders with apt faked and the runner with QEMU faked.
NOBOOT_HOST_TESTS = tests/host/build-xen.sh tests/host/build-dom0.sh tests/host/run-options.sh \
	tests/host/size.sh
check-host:
	@host_tests=; for t in $(TESTS); do \
	  case " $(NOBOOT_HOST_TESTS) " in *" $$t "*) host_tests="$$host_tests $$t"; continue ;; esac; \
	  case $$t in *.xen|*.domu|tests/host/*|tests/judged/*) ;; *) host_tests="$$host_tests $$t" ;; esac; \
	done; \
	echo "Tests that boot no kernel:$$host_tests"; \
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$$host_tests"
.PHONY: check-host
