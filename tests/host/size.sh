#!/bin/bash
# Pay as you go: the core kernel (tests/size/core.c, one empty module)
# stays within 64 KiB of text and data, and links none of xenbus,
# xenstore, the grant tables or the block frontend, which the sample
# kernel (a xenbus driver) and the blkfront kernel do link: the
# archive's granularity leaves out what no module uses.  Host-side: reads
# the linked images with size(1) and nm(1); boots nothing.
. "$(dirname "$0")/lib.sh"

SIZE=${SIZE:-size} NM=${NM:-nm}
core=$XENPV_TESTS/size/core.xen
build=$XENPV_TESTS/..
limit=65536

# text_data KERNEL: text + data, in bytes (size's Berkeley format)
text_data() { "$SIZE" "$1" | awk 'NR == 2 { print $1 + $2 }'; }
# subsystems KERNEL: which of the optional subsystems' symbols it holds
subsystems() {
	"$NM" "$1" | awk '$2 ~ /^[tTdDbBrR]$/ { print $3 }' |
		grep -oE '^(xenbus|xenstore|gnttab|blkfront)_' | sort -u | tr -d _ | paste -sd ' ' -
}

tap_plan 5
n=$(text_data "$core")
tap_diag "core.xen: $n bytes of text+data (limit $limit)" "$("$SIZE" "$core")"
[ -n "$n" ] && [ "$n" -le $limit ]
tap_ok $? "the core kernel is $n bytes of text+data, within 64 KiB"

got=$(subsystems "$core")
[ -z "$got" ]
tap_ok $? "the core kernel links none of xenbus, xenstore, grant tables, blkfront (${got:-none})"

got=$(subsystems "$build/samples/sample.xen")
[ "$got" = "gnttab xenbus xenstore" ]
tap_ok $? "the sample kernel (a xenbus driver) links xenbus, xenstore, grant tables and no blkfront (${got:-none})"

got=$(subsystems "$build/samples/blkfront.xen")
[ "$got" = "blkfront gnttab xenbus xenstore" ]
tap_ok $? "the blkfront kernel links the block frontend and what it uses (${got:-none})"

# The module list is what a kernel adds to the core: the sample's driver
# and its user program cost more than the core's empty module.
[ "$(text_data "$build/samples/sample.xen")" -gt "$n" ]
tap_ok $? "the sample kernel is larger than the core ($(text_data "$build/samples/sample.xen") > $n)"
[ $tap_failed = 0 ]
