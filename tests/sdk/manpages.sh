#!/bin/bash
# The installed man pages stay true to the scripts: every option that
# --help lists is documented in the script's man page, and the page renders
# without warnings.
. "$(dirname "$0")/../host/lib.sh"

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$(dirname "$XENPV_TESTS")
tools="xenpv-run xenpv-build-xen xenpv-build-dom0 xenpv-embed-program"
tap_plan 12

for tool in $tools; do
	page=$srcdir/sdk/$tool.1
	help=$(bash "$builddir/sdk/$tool" --help 2>&1)
	opts=$(printf '%s\n' "$help" | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | sed 's/^[ ,]*//' | sort -u)
	# The page's text with roff's escaped hyphens (\-) made plain.
	text=$(sed 's/\\-/-/g' "$page")
	missing=
	for opt in $opts; do
		printf '%s\n' "$text" | grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" || missing="$missing $opt"
	done
	[ -n "$opts" ] && [ -z "$missing" ]
	tap_ok $? "$tool.1 documents every option of $tool --help ($(echo $opts | wc -w) options)"
	[ -z "$missing" ] || tap_diag "not in $tool.1:$missing"

	grep -q "^\.TH $(echo "$tool" | tr a-z A-Z) 1 " "$page" &&
		grep -q '^\.SH NAME' "$page" && grep -q '^\.SH SYNOPSIS' "$page" &&
		grep -q "^$tool \\\\- " "$page"
	tap_ok $? "$tool.1 has a title, NAME (for whatis) and SYNOPSIS"

	tap_man_renders "$page" "$tool.1"
done
[ $tap_failed = 0 ]
