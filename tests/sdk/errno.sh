#!/bin/bash
# One error convention (<xenpv/errno.h>): every public function that can
# fail returns -errno.  Checked here without booting: Xen's own errno
# values (<xen/errno.h>, what hypercalls return) all have the same name
# and number in <xenpv/errno.h>; every -ENAME the public headers and the
# guides promise is defined there; and no function a public header
# declares returns a bare -1 in the kernel's sources.
. "$(dirname "$0")/../host/lib.sh"
: "${CC:?run through make check}"

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-errno.XXXXXX")
trap 'rm -rf "$work"' EXIT
tap_plan 3

# Xen's table, through its own X-macro, against ours.
{
	echo '#include <xenpv/errno.h>'
	# shellcheck disable=SC2086
	printf '#define XEN_ERRNO(name, value) name value\n#include <xen/errno.h>\n' |
		$CC $XEN_CPPFLAGS -E -P -x c - 2>/dev/null |
		awk 'NF == 2 && $1 ~ /^E[A-Z0-9]+$/ {
			printf "#ifndef %s\n#error %s is not defined\n#elif %s != %s\n#error %s is not %s\n#endif\n",
			       $1, $1, $1, $2, $1, $2 }'
} >"$work/xen.c"
# shellcheck disable=SC2086
out=$($CC $XENPV_GUEST_CFLAGS -I"$srcdir/include" -fsyntax-only "$work/xen.c" 2>&1) &&
	[ "$(grep -c '^#ifndef' "$work/xen.c")" -ge 40 ]
tap_ok $? "every Xen errno value ($(grep -c '^#ifndef' "$work/xen.c") of them) is in <xenpv/errno.h>, with Xen's number"
[ -z "$out" ] || tap_diag "$out"

# What the documentation promises.
names=$(cd "$srcdir" && grep -oh -- '-E[A-Z0-9]\{3,\}\b' include/xenpv/*.h README.md sdk/README docs/*.md |
	sort -u | sed 's/^-//' | grep -vx ENAME)
{
	echo '#include <xenpv/errno.h>'
	for n in $names; do printf '#ifndef %s\n#error %s is promised but not defined\n#endif\n' "$n" "$n"; done
} >"$work/doc.c"
# shellcheck disable=SC2086
out=$($CC $XENPV_GUEST_CFLAGS -I"$srcdir/include" -fsyntax-only "$work/doc.c" 2>&1)
tap_ok $? "every -ENAME the headers and guides promise is defined ($(echo $names | wc -w) names)"
[ -z "$out" ] || tap_diag "$out"

# The functions behind the public headers: no "return -1" (nor "? x : -1").
funcs=$(cd "$srcdir" && sed -n 's/^[a-z][a-z0-9_ *]*[ *]\([a-z_][a-z0-9_]*\)(.*/\1/p' include/xenpv/*.h | sort -u)
bad=$(cd "$srcdir" && find kernel -name '*.c' -exec awk -v funcs="$funcs" '
	BEGIN { n = split(funcs, l); for (i = 1; i <= n; i++) pub[l[i]] = 1 }
	/^[a-z]/ && !/;/ && match($0, /[a-z_][a-z0-9_]*\(/) {
		f = substr($0, RSTART, RLENGTH - 1)
		body = (f in pub) ? f : ""; next
	}
	/^}/ { body = "" }
	body != "" && /return[^;]*[^0-9A-Za-z_]-1;/ { print FILENAME ":" FNR ": " body ": " $0 }
' {} +)
[ -z "$bad" ]
tap_ok $? "no public function returns a bare -1 ($(echo $funcs | wc -w) functions)"
[ -z "$bad" ] || tap_diag "$bad"
[ $tap_failed = 0 ]
