#!/bin/bash
# xenpv-build-dom0's own logic, with apt faked on PATH: a current cache is
# reused without a download, and each way it cannot build (bad option, a
# missing tool, apt that knows no Debian kernel, a failing download) stops
# with a message that names what to fix and leaves the cache alone.  Then
# the real dom0 that tools/setup built: a second run costs nothing.
. "$(dirname "$0")/lib.sh"
tap_plan 10

script=$XENPV_TESTS/../sdk/xenpv-build-dom0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Fakes: apt-cache knows a kernel (FAKE_KERNEL) and gives every package
# version 1.0; apt-get download fails as it does without a network.
mkdir -p "$work/bin"
cat >"$work/bin/apt-cache" <<'FAKE'
#!/bin/sh
case $1 in
policy) shift; for p; do printf '%s:\n  Installed: (none)\n  Candidate: 1.0\n' "$p"; done ;;
depends)
	case $* in
	*linux-image-amd64*) [ -n "$FAKE_KERNEL" ] && printf 'linux-image-amd64\n  Depends: %s\n' "$FAKE_KERNEL" ;;
	*) printf 'xen-utils-4.17\n  Depends: libc6\nlibc6\nlibxenmisc4.17\n' ;;
	esac ;;
esac
exit 0
FAKE
cat >"$work/bin/apt-get" <<'FAKE'
#!/bin/sh
echo "E: Failed to fetch http://deb.example/pool/linux-image.deb  Could not resolve host" >&2
exit 100
FAKE
chmod +x "$work/bin/apt-cache" "$work/bin/apt-get"
fakepath="$work/bin:$PATH"

try bash "$script" --frobnicate
[ $rc = 2 ] && contains "unknown option '--frobnicate'"
tap_ok $? "an unknown option is a usage error"
try bash "$script" --cache-dir "$work/cache" --print-path
[ "$out" = "$work/cache" ]
tap_ok $? "--print-path prints the cache directory"

try env PATH="$fakepath" FAKE_KERNEL= bash "$script" --cache-dir "$work/cache"
[ $rc != 0 ] && contains "apt knows no package linux-image-amd64" && contains "apt-get update"
tap_ok $? "when apt knows no Debian kernel it says which package and how to refresh the lists"

# A cache whose versions are current is reused; apt-get is never called.
mkdir -p "$work/cache"
echo kernel >"$work/cache/vmlinux"
echo initramfs >"$work/cache/dom0.cpio"
echo stale >"$work/cache/versions"
try env PATH="$fakepath" FAKE_KERNEL=linux-image-9.9-amd64 bash "$script" --cache-dir "$work/cache"
[ $rc != 0 ] && contains "'apt-get download' failed" && contains "Could not resolve host"
tap_ok $? "a failing download is reported with apt's own message"
[ "$(cat "$work/cache/vmlinux")" = kernel ] && [ "$(cat "$work/cache/versions")" = stale ]
tap_ok $? "a failed build leaves the cache as it was"

versions="xenpv-build-dom0=$(grep -v '^VERSION=' "$script" | sha256sum | cut -c1-16)"
for p in linux-image-9.9-amd64 xen-utils-4.17 xen-utils-common xenstore-utils busybox-static bash \
	util-linux libgcc-s1 libc6 libxenmisc4.17; do
	versions="$versions"$'\n'"$p=1.0"
done
printf '%s' "$versions" >"$work/cache/versions"
try env PATH="$fakepath" FAKE_KERNEL=linux-image-9.9-amd64 bash "$script" --cache-dir "$work/cache"
[ $rc = 0 ] && [ "$(printf '%s\n' "$out" | tail -n1)" = "$work/cache" ] && contains "using the cached dom0"
tap_ok $? "a cache built from the current package versions is reused without a download"
sed -i 's/^libc6=1.0$/libc6=0.9/' "$work/cache/versions"
try env PATH="$fakepath" FAKE_KERNEL=linux-image-9.9-amd64 bash "$script" --cache-dir "$work/cache"
[ $rc != 0 ] && contains "downloading"
tap_ok $? "a package update makes it rebuild"

# A missing tool is named with the package to install.
mkdir -p "$work/min"
for tool in apt-get apt-cache dpkg-deb xz readelf grep sed cat mktemp tail rm; do
	src=$(PATH="$fakepath" command -v "$tool") && ln -sf "$src" "$work/min/$tool"
done
try env PATH="$work/min" "$BASH" "$script" --cache-dir "$work/empty"
[ $rc != 0 ] && contains "missing tools; install them with: apt install cpio"
tap_ok $? "a missing cpio is named with the package to install"

# The real dom0, when there is one (tools/setup builds it): a second run
# only compares package versions.
real=$(bash "$script" --print-path)
if [ -s "$real/vmlinux" ] && [ -s "$real/dom0.cpio" ]; then
	before=$(stat -c '%Y %s' "$real/vmlinux" "$real/dom0.cpio")
	start=$(date +%s%N)
	try bash "$script"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ $rc = 0 ] && contains "using the cached dom0"
	tap_ok $? "the cached dom0 is reused (in $ms ms)"
	# No timing limit (a loaded machine is slow, not wrong): what must
	# not happen is a download or a rebuild.
	! contains "downloading" && [ "$(stat -c '%Y %s' "$real/vmlinux" "$real/dom0.cpio")" = "$before" ]
	tap_ok $? "without a rebuild or a download (the cached files untouched)"
elif [ "${XENPV_REQUIRE_BOOT:-0}" = 1 ]; then
	tap_ok 1 "no dom0 in $real: tools/setup (xenpv-build-dom0) should have built one"
	tap_ok 1 "(XENPV_REQUIRE_BOOT=1)"
else
	echo "ok 9 # SKIP no dom0 built yet (run xenpv-build-dom0)"
	echo "ok 10 # SKIP no dom0 built yet"
fi

[ $tap_failed = 0 ]
