# Debian packaging: `dpkg-buildpackage -us -uc -b' in an unpacked tarball
# (or the git tree) builds the xenpv-sdk package.
EXTRA_DIST += \
	debian/changelog \
	debian/control \
	debian/copyright \
	debian/xenpv-sdk.lintian-overrides \
	debian/xenpv-sdk.install \
	debian/libxenpvback0.install \
	debian/libxenpvback0.symbols \
	debian/libxenpvback-dev.install \
	debian/rules \
	debian/source/format \
	debian/tests/control \
	debian/tests/build-sample \
	debian/apt-repo.sh

# make deb: the package built from the release tarball, as a packager
# would (in deb-build/), and a local apt repository holding it (apt/), so
# that apt installs it by name:
#     echo "deb [trusted=yes] file:$PWD/apt ./" | sudo tee /etc/apt/sources.list.d/xenpv-sdk.list
#     sudo apt update && sudo apt install xenpv-sdk
deb: dist
	rm -rf deb-build apt && $(MKDIR_P) deb-build
	tar -C deb-build -xzf $(distdir).tar.gz
	cd deb-build/$(distdir) && DEB_BUILD_OPTIONS=parallel=2 dpkg-buildpackage -us -uc -b
	$(SHELL) $(srcdir)/debian/apt-repo.sh apt deb-build/*.deb
clean-local: clean-deb
clean-deb:
	rm -rf deb-build apt
.PHONY: deb clean-deb
