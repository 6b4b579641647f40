#!/bin/bash
# libxenpvback as vendors get it: the shared library exports exactly the
# versioned API of its header (nothing internal leaks), under the soname
# its packages are named for; the header stands alone in C and C++; a
# program links against the library and gets -errno for bad arguments;
# the man page names every function and renders cleanly.  Boots nothing.
. "$(dirname "$0")/../host/lib.sh"

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$(dirname "$XENPV_TESTS")
lib=$builddir/backend/.libs/libxenpvback.so.0
header=$srcdir/backend/include/xenpvback/xenpvback.h
page=$srcdir/backend/xenpvback.3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tap_plan 7
if [ ! -f "$lib" ]; then
	echo "Bail out! $lib is not built (configure found no Xen libraries?)"
	exit 1
fi

# The API: every xpvb_ function the header declares.
grep -oE '\bxpvb_[a-z_]+\(' "$header" | tr -d '(' | grep -v '_fn$' | sort -u >"$work/declared"
nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sed 's/@.*//' | sort -u >"$work/exported"
cmp -s "$work/declared" "$work/exported"
tap_ok $? "the library exports the $(wc -l <"$work/declared") functions the header declares, and nothing else"
tap_diag "$(diff "$work/declared" "$work/exported")"

nm -D --defined-only --with-symbol-versions "$lib" | awk '$2 == "T"' | grep -v '@@XENPVBACK_0$' >"$work/unversioned"
[ ! -s "$work/unversioned" ]
tap_ok $? "each is versioned XENPVBACK_0"

objdump -p "$lib" | grep -q 'SONAME *libxenpvback\.so\.0$'
tap_ok $? "the soname is libxenpvback.so.0 (the libxenpvback0 package)"

printf '#include <xenpvback/xenpvback.h>\nint main(void) { return 0; }\n' >"$work/alone.c"
${CC:-cc} -std=c99 -Wall -Wextra -Werror -I"$srcdir/backend/include" -c "$work/alone.c" -o "$work/alone.o" &&
	g++ -Wall -Wextra -Werror -I"$srcdir/backend/include" -x c++ -c "$work/alone.c" -o "$work/alone-cxx.o" 2>/dev/null ||
	{ ! command -v g++ >/dev/null && ${CC:-cc} -std=c99 -Wall -Werror -I"$srcdir/backend/include" -c "$work/alone.c" -o "$work/alone.o"; }
tap_ok $? "the header stands alone (C99, and C++ where g++ is)"

cat >"$work/bad.c" <<'C'
#include <errno.h>
#include <stdio.h>
#include <xenpvback/xenpvback.h>
int main(void)
{
	struct xpvb_driver d = { .type = "x" };
	int a = xpvb_register(NULL, &d), b = xpvb_open(NULL);

	printf("%d %d\n", a, b);
	return !(a == -EINVAL && b == -EINVAL);
}
C
${CC:-cc} -I"$srcdir/backend/include" -o "$work/bad" "$work/bad.c" -L"$(dirname "$lib")" -lxenpvback &&
	got=$(LD_LIBRARY_PATH=$(dirname "$lib") "$work/bad")
tap_ok $? "a program links against it; bad arguments give -EINVAL (${got:-did not run})"

missing=
for f in $(cat "$work/declared"); do
	grep -q "$f" "$page" || missing="$missing $f"
done
[ -z "$missing" ]
tap_ok $? "xenpvback(3) names every function${missing:+ (not:$missing)}"

tap_man_renders "$page" "xenpvback(3)"
[ $tap_failed = 0 ]
