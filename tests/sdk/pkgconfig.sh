#!/bin/bash
# xenpv-sdk.pc is how vendors' builds find the SDK: its variables name the
# files make install puts in place, its flags build freestanding i386
# code, and a kernel and a user program link from nothing but what it
# gives (pointed at this build tree instead of the install paths).
. "$(dirname "$0")/../host/lib.sh"
: "${XENPV_PC_EXPECT:?run through make check}"

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$(dirname "$XENPV_TESTS")
work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-pc.XXXXXX")
trap 'rm -rf "$work"' EXIT
tap_plan 12

if ! command -v "${PKG_CONFIG:-pkg-config}" >/dev/null; then
	echo "Bail out! pkg-config is not installed (apt install pkg-config)"
	exit 1
fi
pc() { PKG_CONFIG_PATH="$builddir/sdk" PKG_CONFIG_LIBDIR=/nonexistent "${PKG_CONFIG:-pkg-config}" "$@" xenpv-sdk; }

# XENPV_PC_EXPECT: "version xenpvlibdir bindir files-installed-in-xenpvlibdir..."
set -- $XENPV_PC_EXPECT
version=$1 libdir=$2 bindir=$3
shift 3
installed=" "
for f; do installed="$installed${f##*/} "; done

out=$(pc --modversion 2>&1)
tap_ok $? "pkg-config reads xenpv-sdk.pc"
[ "$out" = "$version" ]; tap_ok $? "its version ($out) is the package's ($version)"
[ "$(pc --variable=xenpvlibdir)" = "$libdir" ]
tap_ok $? "xenpvlibdir is where make install puts the kernel ($libdir)"
ldscript=$(pc --variable=ldscript) startobj=$(pc --variable=startobj)
[ "${ldscript%/*}" = "$libdir" ] && [ "${startobj%/*}" = "$libdir" ] &&
	case $installed in *" ${ldscript##*/} "*) true ;; *) false ;; esac &&
	case $installed in *" ${startobj##*/} "*) true ;; *) false ;; esac
tap_ok $? "ldscript and startobj name installed files ($ldscript, $startobj)"
[ "$(pc --variable=bindir)" = "$bindir" ]; tap_ok $? "bindir is where xenpv-run goes ($bindir)"
crt0=$(pc --variable=crt0) embed=$(pc --variable=embed_program)
[ "${crt0%/*}" = "$libdir" ] && case $installed in *" ${crt0##*/} "*) true ;; *) false ;; esac &&
	[ "$embed" = "$bindir/xenpv-embed-program" ]
tap_ok $? "crt0 and embed_program name installed files ($crt0, $embed)"

cflags=$(pc --cflags) libs=$(pc --libs)
missing=
for flag in -m32 -ffreestanding -fno-pie -fno-stack-protector -D__XEN_INTERFACE_VERSION__; do
	case " $cflags " in *" $flag"[\ =]*) ;; *) missing="$missing $flag" ;; esac
done
[ -z "$missing" ]; tap_ok $? "Cflags build freestanding 32-bit guest code"
[ -z "$missing" ] || tap_diag "Cflags: $cflags" "missing:$missing"
case " $libs " in *" -m32 "*"-L$libdir "*"-lxenpv "*"-lgcc "*) rc=0 ;; *) rc=1 ;; esac
tap_ok $rc "Libs link 32-bit, the kernel archive, then libgcc"
[ $rc = 0 ] || tap_diag "Libs: $libs"

# Link the sample driver into a kernel the way the README says a vendor
# does, with the paths pointed at this tree (the linker script is a
# source file, so in a VPATH build it is not beside the built objects).
over=(--define-variable=includedir="$srcdir/include" --define-variable=xenpvlibdir="$builddir/kernel")
cflags=$(pc "${over[@]}" --cflags) libs=$(pc "${over[@]}" --libs)
startobj=$(pc "${over[@]}" --variable=startobj)
# shellcheck disable=SC2086
out=$(cd "$work" && $CC $cflags -c "$srcdir/samples/skeleton/src/skeleton.c" -o skeleton.o 2>&1 &&
	$CC -Wl,-T,"$srcdir/kernel/xenpv.lds" -o skeleton.xen skeleton.o "$startobj" $libs 2>&1)
tap_ok $? "a kernel links from the pkg-config flags alone"
[ -z "$out" ] || tap_diag "$out"
# The user flags: freestanding i386 without the kernel's instrumentation,
# a static link on the crt; a program builds from them alone.
ucflags=$(pc --variable=user_cflags) uldflags=$(pc --variable=user_ldflags)
missing=
for flag in -I"$(pc --variable=includedir)" -m32 -ffreestanding -fno-pie -fno-stack-protector; do
	case " $ucflags " in *" $flag "*) ;; *) missing="$missing $flag" ;; esac
done
for flag in -m32 -static -nostdlib -no-pie "$crt0"; do
	case " $uldflags " in *" $flag "*) ;; *) missing="$missing $flag" ;; esac
done
case " $ucflags " in *-finstrument-functions*) missing="$missing (no -finstrument-functions)" ;; esac
[ -z "$missing" ]; tap_ok $? "user_cflags and user_ldflags build a static program on the crt"
[ -z "$missing" ] || tap_diag "user_cflags: $ucflags" "user_ldflags: $uldflags" "missing:$missing"
uover=(--define-variable=includedir="$srcdir/include" --define-variable=crt0="$builddir/sdk/user/xenpv-crt0.o")
# shellcheck disable=SC2046
out=$(cd "$work" && $CC $(pc "${uover[@]}" --variable=user_cflags) -c "$srcdir/tests/user/hello.c" -o hello.o 2>&1 &&
	$CC $(pc "${uover[@]}" --variable=user_ldflags) -o hello.elf hello.o $(pc --variable=user_libs) 2>&1)
rc=$?
[ $rc = 0 ] && readelf -h "$work/hello.elf" | grep -q 'Type:.*EXEC'
tap_ok $? "a user program links from the pkg-config variables alone"
[ -z "$out" ] || tap_diag "$out"
notes=$(readelf -h -n "$work/skeleton.xen" 2>/dev/null)
# The XEN_VERSION note reads "xen-3.0".
printf '%s\n' "$notes" | grep -q 'Class:.*ELF32' &&
	printf '%s\n' "$notes" | grep -q 'notes found in: \.note\.Xen' &&
	printf '%s\n' "$notes" | grep -q '78 65 6e 2d 33 2e 30 00'
tap_ok $? "it is a 32-bit ELF image with Xen's ELF notes"
[ $tap_failed = 0 ]
