#!/bin/bash
# build-sample.sh - build the installed sample driver project as a vendor
# would: copy it, optionally rename it and add a second module, then
# autoreconf, configure --with-xen, make, make check, and check the result.
#
# Usage: build-sample.sh [--name NAME] [--add-module NAME] [--require-boot]
#                        [--distcheck] [--keep] SAMPLE-DIR
#
# --require-boot (the default when XENPV_REQUIRE_BOOT=1) also asserts that
# the test kernel booted under Xen and that make run boots the kernel.
# The SDK must be findable: installed in /usr, or PKG_CONFIG_PATH,
# ACLOCAL_PATH and PATH pointing into its prefix.  Ends with
# "N passed, N failed"; exits non-zero on any failure.
set -u
PROG=build-sample
. "$(dirname "$0")/lib.sh"

name=skeleton module= require_boot=0 distcheck=0 keep=0
[ "${XENPV_REQUIRE_BOOT:-0}" = 1 ] && require_boot=1
while [ $# -gt 0 ]; do
	case $1 in
	--name) name=${2:?--name needs a name}; shift 2 ;;
	--add-module) module=${2:?--add-module needs a name}; shift 2 ;;
	--require-boot) require_boot=1; shift ;;
	--distcheck) distcheck=1; shift ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "$PROG: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# = 1 ] || { echo "$PROG: give the sample directory (try --help)" >&2; exit 2; }
sample=$(cd "$1" 2>/dev/null && pwd) || { echo "$PROG: no directory '$1'" >&2; exit 2; }
for n in "$name" "$module"; do
	case $n in *[!a-z0-9_]*|[0-9_]*) echo "$PROG: '$n' is not a lower-case C identifier" >&2; exit 2 ;; esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-sample.XXXXXX")
say "building $sample in $work"
sample_flow "$sample" "$work" "$name" "$module" "$require_boot" "$distcheck"
if summary && [ $keep = 0 ]; then
	rm -rf "$work"
else
	say "kept $work"
	[ "$failed" = 0 ]
fi
