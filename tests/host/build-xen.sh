#!/bin/bash
# xenpv-build-xen's own logic, with apt faked on PATH: it reuses a cached
# PV32 build, and each way it cannot build (bad option, missing tools, no
# deb-src line, a failing download) stops with a message that says what to
# do.  The real build is exercised by tools/setup on every CI run.
. "$(dirname "$0")/lib.sh"
tap_plan 9

script=$XENPV_TESTS/../sdk/xenpv-build-xen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Fakes: apt-cache knows the xen source or not; apt-get source fails.
mkdir -p "$work/bin"
cat >"$work/bin/apt-cache" <<'FAKE'
#!/bin/sh
[ -n "$FAKE_SRC_VERSION" ] && printf 'Package: xen\nVersion: %s\n' "$FAKE_SRC_VERSION"
exit 0
FAKE
cat >"$work/bin/apt-get" <<'FAKE'
#!/bin/sh
echo "E: Failed to fetch http://deb.example/xen.dsc  Could not resolve host" >&2
exit 100
FAKE
chmod +x "$work/bin/apt-cache" "$work/bin/apt-get"
fakepath="$work/bin:$PATH"

try bash "$script" --jobs many
[ $rc != 0 ] && contains "--jobs wants a positive number"
tap_ok $? "a bad --jobs is refused with a reason"
try bash "$script" --frobnicate
[ $rc = 2 ] && contains "unknown option '--frobnicate'"
tap_ok $? "an unknown option is a usage error"

# A cached PV32 build is reused without touching apt.
mkdir -p "$work/cache"
echo image >"$work/cache/xen"
echo CONFIG_PV32=y >"$work/cache/config"
try env PATH="$fakepath" bash "$script" --cache-dir "$work/cache"
[ $rc = 0 ] && [ "$(printf '%s\n' "$out" | tail -n1)" = "$work/cache/xen" ]
tap_ok $? "a cached PV32 build is reused and its path printed"
try bash "$script" --cache-dir "$work/cache" --print-path
[ "$out" = "$work/cache/xen" ]
tap_ok $? "--print-path prints where the image is"

# A cached image without CONFIG_PV32 is not trusted: a rebuild is needed.
echo '# CONFIG_PV32 is not set' >"$work/cache/config"
try env PATH="$fakepath" FAKE_SRC_VERSION= bash "$script" --cache-dir "$work/cache"
[ $rc != 0 ] && contains "apt knows no source package 'xen'" && contains "deb-src"
tap_ok $? "without a deb-src line it says how to add one"
contains "apt-get update"
tap_ok $? "... and to refresh the lists"

try env PATH="$fakepath" FAKE_SRC_VERSION=4.17.5-1 bash "$script" --cache-dir "$work/cache"
[ $rc != 0 ] && contains "'apt-get source xen' failed" && contains "Could not resolve host"
tap_ok $? "a failing download is reported with apt's own message"
[ "$(cat "$work/cache/xen")" = image ]
tap_ok $? "a failed build leaves the cache as it was"

# Missing build tools are named with the packages to install.
mkdir -p "$work/min"
for tool in apt-get apt-cache dpkg-source gcc make python3 flex grep sed cat nproc mktemp tail rm; do
	src=$(PATH="$fakepath" command -v "$tool") && ln -sf "$src" "$work/min/$tool"
done
try env PATH="$work/min" "$BASH" "$script" --cache-dir "$work/empty"
[ $rc != 0 ] && contains "missing tools; install them with: apt install bison"
tap_ok $? "a missing bison is named with the package to install"

[ $tap_failed = 0 ]
