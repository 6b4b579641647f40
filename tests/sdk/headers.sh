#!/bin/bash
# The installed headers are what vendors build against: every header in
# include/xenpv/ is on the install list, says what it is for in a leading
# comment, and compiles on its own (twice over: include guards) with the
# guest's flags in C99 and C11.
. "$(dirname "$0")/../host/lib.sh"
: "${XENPV_PUBLIC_HEADERS:?run through make check}"

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-headers.XXXXXX")
trap 'rm -rf "$work"' EXIT

in_tree=$(cd "$srcdir" && ls include/xenpv/*.h | sort)
installed=$(printf '%s\n' $XENPV_PUBLIC_HEADERS | sort)
set -- $in_tree
tap_plan $(($# * 3 + 1))

[ "$in_tree" = "$installed" ]
tap_ok $? "every header in include/xenpv/ is installed (xenpvinclude_HEADERS)"
[ "$in_tree" = "$installed" ] || tap_diag "in the tree:" $in_tree "installed:" $installed

for header; do
	name=${header#include/}
	sed -n '1{/^\/\*/!q1};2{/^ \* ./!q1;q0}' "$srcdir/$header"
	tap_ok $? "$name opens with a comment saying what it is for"
	for std in c99 gnu11; do
		printf '#include <%s>\n#include <%s>\n' "$name" "$name" >"$work/t.c"
		# shellcheck disable=SC2086
		out=$($CC $XENPV_GUEST_CFLAGS $XEN_CPPFLAGS -I"$srcdir/include" -std=$std \
			-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
			-fsyntax-only "$work/t.c" 2>&1)
		tap_ok $? "$name compiles on its own (-std=$std)"
		[ -z "$out" ] || tap_diag "$out"
	done
done
[ $tap_failed = 0 ]
