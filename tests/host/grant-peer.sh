#!/bin/bash
# A grant between two of our domUs, at the same time in one dom0: one
# grants a page and publishes the reference in xenstore, the other maps
# it, checks and changes it, unmaps; the first sees the change and ends
# access (tests/guest/grant-peer.c).  Both are domUs by nature: as dom0 a
# kernel maps its own grant instead (tests/guest/grant.c).
. "$(dirname "$0")/lib.sh"
require_boot --domu
tap_plan 5

dir=$(mktemp -d "${TMPDIR:-/tmp}/grant-peer.XXXXXX")
trap 'rm -rf "$dir"' EXIT
run_batch "$dir" --together --timeout 60 --dom0-script "$(dirname "$0")/grant-peer.dom0.sh" -- \
	grant-granter grant-mapper
load_record "$dir" grant-mapper
tap_ok $rc "the mapper maps the granter's page, changes it and unmaps it"
contains '^ok 3 - mapped domain [0-9]*.s grant'; tap_ok $? "the map went through Xen"
load_record "$dir" grant-granter
tap_ok $rc "the granter sees the change and ends access"
contains '^ok 6 - access ends'; tap_ok $? "access ended only after the mapper unmapped"
contains '^(dom0) xenpv-dom0: guest grant-mapper: start'
tap_ok $? "both ran at the same time (the granter's record shows the mapper starting)"

[ $tap_failed = 0 ]
