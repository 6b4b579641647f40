#!/bin/bash
# samples/blkfront-test.xen as a domU with a disk, four times in one batch:
# blkfront-test against Linux's xen-blkback with the driver's defaults
# (indirect segments, persistent grants, 16 requests in flight: its TAP
# checks what was negotiated, reads, writes of each request size, flush,
# re-reads), dom0's verify finding exactly the test's bytes in the image
# after the domain is gone; blkfront-test-2 with the backend's
# sector-size rewritten to 7 by dom0 once blkback has connected: the
# driver must refuse the disk, saying why, and write nothing;
# blkfront-test-3 the same with the backend's sectors set to 0;
# blkfront-test-4 the good test again with none of the features (one
# request at a time, 11 pages, a grant per page per request).  xl lines
# and dom0 script: samples/blkfront/tests/.
. "$(dirname "$0")/lib.sh"
require_boot --domu
tap_plan 17
here=$(cd "$(dirname "$0")" && pwd)
sample=$here/../../samples/blkfront/tests
kernel=$XENPV_TESTS/../samples/blkfront-test.xen
dir=$(mktemp -d "${TMPDIR:-/tmp}/blkfront.XXXXXX")
trap 'rm -rf "$dir"' EXIT
baseline='blkfront.max_inflight=1 blkfront.indirect=0 blkfront.persistent=0'

run_batch "$dir" --timeout 120 --xl-config "$sample/blkfront.xl" --dom0-script "$sample/blkfront.dom0.sh" \
	--guest-args "blkfront-test-4=$baseline" \
	-- "$kernel" "$kernel" "$kernel" "$kernel" -- blkfront_test.disk_mb=8
load_record "$dir" blkfront-test
tap_ok $rc "blkfront-test: the driver passes its tests against blkback, and dom0's verify (exit $rc)"
contains 'dom0 script: xvda: 8 MiB at /run/xvda.img, sectors 0-63 patterned'
tap_ok $? "dom0 prepared the 8 MiB disk before xl create"
contains '^blkfront: device/vbd/51712: 16384 sectors of 512 bytes, a [0-9]*-page ring .*, 16 in flight of 32 pages (indirect), persistent grants yes' &&
	contains 'xen-blkback: backend/vbd/[0-9]*/51712: using 1 queues, protocol 2 (x86_32-abi) persistent grants'
tap_ok $? "the driver connected a multi-page ring, indirect segments and persistent grants; blkback took x86_32-abi with persistent grants"
contains '^ok [0-9]* - write of 4096 sectors: 16 requests, up to 16 in flight'
tap_ok $? "a large write went as 16 indirect requests of 32 pages, all in flight at once"
contains 'dom0 script: sectors 4096-8589: exactly the domU.s pattern (md5 [0-9a-f]*); the rest as prepared$'
tap_ok $? "after the domain is gone, dom0 finds exactly the test's bytes in sectors 4096-8589, the rest unchanged"
for k in read_kib_per_s write_kib_per_s notifies_per_100_requests; do
	v=$(printf '%s\n' "$out" | sed -n "s/^xenpv-stat: blkfront_$k=\([0-9]*\)$/\1/p")
	[ -n "$v" ] || break
	tap_diag "blkfront_$k=$v"
done
[ -n "$v" ]; tap_ok $? "the test reports its figures (xenpv-stat: blkfront_read_kib_per_s etc.)"

load_record "$dir" blkfront-test-2
tap_ok $rc "blkfront-test-2: the test passes against the bad backend, and dom0's verify (exit $rc)"
contains 'dom0 script: blkback Connected: its sector-size rewritten to 7$'
tap_ok $? "dom0 rewrote the backend's sector-size once blkback had connected"
contains "^blkfront: device/vbd/51712: backend's sector-size 7 is not a power of two >= 512: closing$"
tap_ok $? "the driver refused it, naming the fault, and closed the device"
contains 'dom0 script: the image is unchanged (md5 [0-9a-f]*)$'
tap_ok $? "... and nothing was written to the disk"

load_record "$dir" blkfront-test-3
tap_ok $rc "blkfront-test-3: the test passes against a backend whose sectors dom0 set to 0 (exit $rc)"
contains 'dom0 script: blkback Connected: its sectors rewritten to 0$' &&
	contains "^blkfront: device/vbd/51712: backend's sectors 0 is less than one 512-byte sector: closing$"
tap_ok $? "the driver refused that too, naming the fault"
contains 'dom0 script: the image is unchanged (md5 [0-9a-f]*)$'
tap_ok $? "... and nothing was written to the disk"
load_record "$dir" blkfront-test-4
tap_ok $rc "blkfront-test-4 ($baseline): the same tests pass, and dom0's verify (exit $rc)"
contains '^blkfront: device/vbd/51712: .*, 1 in flight of 11 pages, persistent grants no'
tap_ok $? "the driver used none of the features it was told not to"
contains '^ok [0-9]* - write of 4096 sectors: 47 requests, up to 1 in flight' &&
	contains '^ok [0-9]* - grants per request: '
tap_ok $? "a large write went one 11-page request at a time, each page granted for its request"
contains 'dom0 script: sectors 4096-8589: exactly the domU.s pattern'
tap_ok $? "dom0 finds exactly the test's bytes again"
[ $tap_failed = 0 ]
