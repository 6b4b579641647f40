#!/bin/bash
# Each kernel function and variable is declared once, in the header that
# owns it: one translation unit that includes every header of the
# kernel (the public include/xenpv/, the core's kernel/include/kernel/,
# the backend's kernel/xen/) compiles under -Wredundant-decls.  The build
# itself uses the flag, but only sees the headers each file includes;
# two headers that no file includes together are caught here.
. "$(dirname "$0")/../host/lib.sh"

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-decls.XXXXXX")
trap 'rm -rf "$work"' EXIT
tap_plan 2

compile() {   # compile FILE: the guest's flags, every kernel include path
	# shellcheck disable=SC2086
	out=$($CC $XENPV_GUEST_CFLAGS $XEN_CPPFLAGS -I"$srcdir/include" -I"$srcdir/kernel/include" \
		-I"$srcdir/kernel/xen" -std=gnu11 -Wall -Wredundant-decls -Werror -fsyntax-only "$1" 2>&1)
}

# The compiler must see a twice-declared function, or a pass means nothing.
printf 'void twice(void);\nvoid twice(void);\n' >"$work/twice.c"
compile "$work/twice.c"
[ $? != 0 ] && printf '%s\n' "$out" | grep -q 'redundant redeclaration'
tap_ok $? "the compiler reports a function declared twice (-Wredundant-decls)"

# Assembly-only headers (macros for entry code) are no C.
for h in "$srcdir"/include/xenpv/*.h "$srcdir"/kernel/include/kernel/*.h "$srcdir"/kernel/xen/*.h; do
	grep -q '^\.macro' "$h" || echo "#include \"$h\""
done >"$work/all.c"
compile "$work/all.c"
tap_ok $? "every kernel header together declares nothing twice ($(wc -l <"$work/all.c") headers)"
[ -z "$out" ] || tap_diag "$out"
[ $tap_failed = 0 ]
