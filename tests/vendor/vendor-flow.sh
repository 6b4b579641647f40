#!/bin/bash
# vendor-flow.sh - the SDK's whole life, as a vendor meets it, as a test.
#
# Usage (as root, on Debian): vendor-flow.sh [--keep] TARBALL
#
# From TARBALL (make dist's output): build the Debian package, check it with
# lintian, install it with apt, check the installed layout against the
# installed README, then build the installed sample renamed and with a
# second module (autoreconf, configure --with-xen, make, make check, boot
# under Xen, make distcheck), build and test the installed blkfront sample
# (make check, make check-disk against blkback), and check that configure
# says what to install when the Xen headers or the SDK are missing.  The package is removed at
# the end.  Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
PROG=vendor-flow
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

keep=0
case ${1:-} in --keep) keep=1; shift ;; esac
if [ $# != 1 ] || [ ! -f "$1" ]; then
	echo "usage: $PROG [--keep] TARBALL (make dist's xenpv-sdk-VERSION.tar.gz)" >&2
	exit 2
fi
if [ "$(id -u)" != 0 ]; then
	echo "$PROG: installs a package with apt: run it as root" >&2
	exit 2
fi
for tool in dpkg-buildpackage lintian apt-get autoreconf; do
	command -v "$tool" >/dev/null || { echo "$PROG: $tool is missing (tools/setup installs what this needs)" >&2; exit 2; }
done
tarball=$(readlink -f "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-vendor-flow.XXXXXX")
logs=$work/logs
mkdir -p "$logs"
start=$SECONDS
installed=0
sources=/etc/apt/sources.list.d/xenpv-sdk-vendor-flow.list
cleanup() {
	if [ $installed = 1 ]; then
		apt-get remove -y -q xenpv-sdk libxenpvback-dev libxenpvback0 >"$logs/apt-remove.log" 2>&1
	fi
	rm -f "$sources"
}
trap cleanup EXIT
say "working in $work"

# 1. The package, built from the release tarball as a packager would.
tar -C "$work" -xzf "$tarball" || { fail "unpack $tarball"; summary; exit 1; }
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'xenpv-sdk-*')
version=${src##*/xenpv-sdk-}
cd "$src" || exit 1
check "dpkg-buildpackage -us -uc -b" step "$logs/dpkg-buildpackage.log" \
	env DEB_BUILD_OPTIONS="parallel=2" dpkg-buildpackage -us -uc -b
deb=$(ls "$work"/xenpv-sdk_*.deb 2>/dev/null | head -n1)
changes=$(ls "$work"/xenpv-sdk_*.changes 2>/dev/null | head -n1)
if [ -z "$deb" ] || [ -z "$changes" ]; then
	fail "the package build produced xenpv-sdk_*.deb and .changes"
	summary
	exit 1
fi
cd "$work" || exit 1
say "built $(basename "$deb") in $((SECONDS - start)) s"
check "the package's version is the source's ($version)" \
	test "$(dpkg-deb -f "$deb" Version)" = "$version"
check "the same build made libxenpvback0 (the shared library) and libxenpvback-dev" \
	sh -c "dpkg-deb -c '$work'/libxenpvback0_*.deb | grep -q 'libxenpvback.so.0.0.0' &&
		dpkg-deb -f '$work'/libxenpvback0_*.deb Multi-Arch | grep -qx same &&
		dpkg-deb -c '$work'/libxenpvback-dev_*.deb | grep -q 'pkgconfig/libxenpvback.pc' &&
		! dpkg-deb -c '$work'/libxenpvback-dev_*.deb | grep -q '[.]la$'"
check "the package build ran the host tests" \
	grep -q '^# PASS: *[1-9]' "$logs/dpkg-buildpackage.log"
check "lintian finds no errors" step "$logs/lintian.log" lintian --fail-on error --display-info "$changes"
say "lintian: $(grep -c '^W: ' "$logs/lintian.log") warnings, $(grep -c '^I: ' "$logs/lintian.log") notes"

# 2. Installed as a user would: from a local apt repository (one sources
# line), by name; and laid out as its README says.
check "the package goes into a local apt repository (debian/apt-repo.sh)" \
	step "$logs/apt-repo.log" sh "$here/../../debian/apt-repo.sh" "$work/apt" "$work"/*.deb &&
	check "the repository has Packages, Packages.gz and a Release listing both" \
		sh -c "grep -q '^Package: xenpv-sdk$' '$work/apt/Packages' && grep -q ' Packages.gz$' '$work/apt/Release'"
echo "deb [trusted=yes] file:$work/apt ./" >"$sources"
chmod 755 "$work"       # mktemp's 700 would keep apt's _apt user out
# Only that source is read again: no network, the other lists kept.
check "apt-get update reads the repository" step "$logs/apt-update.log" \
	apt-get update -o Dir::Etc::sourcelist="$sources" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
check "apt-get install xenpv-sdk, by name" step "$logs/apt-install.log" \
	env DEBIAN_FRONTEND=noninteractive apt-get install -y -q xenpv-sdk && installed=1
check "the installed package is the one just built" \
	test "$(dpkg-query -W -f '${Version}' xenpv-sdk 2>/dev/null)" = "$version"
check "it brought libxenpvback-dev and libxenpvback0: pkg-config and man find the library" \
	sh -c "test \"\$(dpkg-query -W -f '\${Version}' libxenpvback0)\" = '$version' &&
		pkg-config --modversion libxenpvback >/dev/null && man -w 3 xenpvback >/dev/null &&
		test -e \"\$(pkg-config --variable=libdir libxenpvback)/libxenpvback.so.0\""

# layout_matches README: each line "    PREFIX/path  what" of README's
# layout names a file, or a directory when it ends in "/"; the package
# installs exactly what they name.
layout_matches() {
	local documented path file ok=0
	documented=$(zcat -f "$1" | awk '/^    PREFIX\// { sub("PREFIX", "/usr", $1); print $1 }')
	[ -n "$documented" ] || { echo "--- no layout in $1 ---"; return 1; }
	for path in $documented; do
		[ -e "$path" ] || { echo "--- documented, not installed: $path ---"; ok=1; }
	done
	while read -r file; do
		# Lintian's overrides are packaging data, not part of the SDK.
		[ -f "$file" ] && [ "${file#/usr/share/lintian/}" = "$file" ] || continue
		for path in $documented; do
			case $file in "$path"|"${path%/}/"*) continue 2 ;; esac
		done
		echo "--- installed, not documented in $1: $file ---"
		ok=1
	done < <(dpkg -L xenpv-sdk)
	return $ok
}
check "the installed files are those the installed README lists" \
	layout_matches /usr/share/doc/xenpv-sdk/README
check "the installed files are those README.md lists" layout_matches "$src/README.md"
for tool in xenpv-run xenpv-build-xen xenpv-build-dom0 xenpv-embed-program; do
	check "$tool is on PATH and answers --help" sh -c "$tool --help | grep -q '^Usage: $tool'"
	check "man $tool finds its page" sh -c "man -w $tool >/dev/null"
done

# 3. The vendor's project: the installed sample renamed, with a second
# module, built, booted under Xen and distchecked.  (A pristine copy is
# kept for step 4.)
cp -R /usr/share/xenpv-sdk/samples/skeleton "$work/pristine-skeleton"
sample_flow /usr/share/xenpv-sdk/samples/skeleton "$work" acme acme_stats 1 1
say "sample built and tested after $((SECONDS - start)) s"
# The block frontend sample as installed, against a real blkback.
blkfront_flow /usr/share/xenpv-sdk/samples/blkfront "$work" 1
say "blkfront sample built and tested after $((SECONDS - start)) s"

# 4. What configure says when something is missing (the project above is
# configured, so its configure script exists).
cd "$work/acme" || exit 1
check "--with-xen=DIR without Xen headers there says to install libxen-dev" \
	expect_fail "$logs/no-xen-dir.log" 'apt install libxen-dev' ./configure --with-xen=/nonexistent
mkdir -p "$work/broken/xen"
echo '#error "not the Xen headers"' >"$work/broken/xen/xen.h"
check "--with-xen with unusable Xen headers says to install libxen-dev" \
	expect_fail "$logs/bad-xen-headers.log" 'apt install libxen-dev' \
	./configure --with-xen CPPFLAGS="-I$work/broken"
# gcc as it is without gcc-multilib: there is no 32-bit libgcc to link.
cat >"$work/cc-without-multilib" <<'EOC'
#!/bin/sh
for arg; do
	shift
	[ "$arg" = -lgcc ] && arg=-lgcc-not-installed
	set -- "$@" "$arg"
done
exec gcc "$@"
EOC
chmod +x "$work/cc-without-multilib"
check "--with-xen without a 32-bit libgcc says to install gcc-multilib" \
	expect_fail "$logs/no-multilib.log" 'apt install gcc-multilib' \
	./configure --with-xen CC="$work/cc-without-multilib"
check "--with-xen=relative/dir is refused with a reason" \
	expect_fail "$logs/relative-xen.log" 'give an absolute directory' ./configure --with-xen=include
check "--with-xen when pkg-config finds no SDK says to install xenpv-sdk" \
	expect_fail "$logs/no-sdk-path.log" 'Install the xenpv-sdk package' \
	env PKG_CONFIG_LIBDIR="$work/empty" PKG_CONFIG_PATH= ./configure --with-xen
without_option() {
	step "$logs/auto.log" env PKG_CONFIG_LIBDIR="$work/empty" PKG_CONFIG_PATH= ./configure &&
		grep -q 'whether to build the Xen PV kernel... no' "$logs/auto.log" &&
		make >"$logs/auto-make.log" 2>&1 && grep -q 'run ./configure --with-xen' "$logs/auto-make.log"
}
check "without --with-xen and without the SDK, configure goes on and make says how to enable it" without_option
check "apt-get remove xenpv-sdk" step "$logs/apt-remove.log" apt-get remove -y -q xenpv-sdk && installed=0
check "xenpv-run went with the package" sh -c '! command -v xenpv-run'
check "--with-xen with the package removed says to install xenpv-sdk" \
	expect_fail "$logs/no-sdk.log" 'Install the xenpv-sdk package' ./configure --with-xen
# A fresh copy of the sample (no xenpv.m4 in its m4/ yet) on a machine
# without the SDK: autoreconf itself says what to install.
check "autoreconf -fi in a fresh copy of the sample without the SDK says to install xenpv-sdk" \
	sh -c "cd '$work/pristine-skeleton' && ! autoreconf -fi >'$logs/no-sdk-autoreconf.log' 2>&1 &&
		grep -q 'install the xenpv-sdk package' '$logs/no-sdk-autoreconf.log' &&
		! grep -q 'does not appear in AM_CONDITIONAL' '$logs/no-sdk-autoreconf.log'"
cd / || exit 1

say "finished in $((SECONDS - start)) s"
if summary && [ $keep = 0 ]; then
	rm -rf "$work"
else
	say "kept $work (logs in $logs)"
	[ "$failed" = 0 ]
fi
