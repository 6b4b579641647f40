# The vendor's side of the SDK, tested end to end.
#
# make installcheck (also run by make distcheck): build the installed
# sample project against this installation of the SDK.
#
# make vendor-flow (root, run by CI): build the Debian package from the
# dist tarball, install it with apt, build the installed sample renamed
# and with a second module, boot it under Xen, and check configure's
# messages when the SDK or the Xen headers are missing.
EXTRA_DIST += tests/vendor/lib.sh tests/vendor/build-sample.sh tests/vendor/vendor-flow.sh

installcheck-local:
	PKG_CONFIG_PATH='$(pkgconfigdir):$(xenpvbackpcdir)' ACLOCAL_PATH='$(aclocaldir)' \
	PATH='$(bindir)':"$$PATH" LD_LIBRARY_PATH='$(libdir)' \
	$(SHELL) $(srcdir)/tests/vendor/build-sample.sh '$(pkgdatadir)/samples/skeleton'

vendor-flow: dist
	$(SHELL) $(srcdir)/tests/vendor/vendor-flow.sh $(DIST_ARCHIVES)
.PHONY: vendor-flow
