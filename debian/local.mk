# Debian packaging: `dpkg-buildpackage -us -uc -b' in an unpacked tarball
# (or the git tree) builds the xenpv-sdk package.
EXTRA_DIST += \
	debian/changelog \
	debian/control \
	debian/copyright \
	debian/xenpv-sdk.lintian-overrides \
	debian/rules \
	debian/source/format \
	debian/tests/control \
	debian/tests/build-sample
