#!/bin/bash
# samples/blkfront-test.xen as a domU with a disk, three times in one batch:
# blkfront-test against Linux's xen-blkback (its TAP checks reads, writes
# of each request size, flush, re-reads), dom0's verify finding exactly
# the test's bytes in the image after the domain is gone; blkfront-test-2
# with the backend's sector-size rewritten to 7 by dom0 once blkback has
# connected: the driver must refuse the disk, saying why, and write
# nothing; blkfront-test-3 the same with the backend's sectors set to 0.  xl lines and dom0 script: samples/blkfront/tests/.
. "$(dirname "$0")/lib.sh"
require_boot --domu
tap_plan 13
here=$(cd "$(dirname "$0")" && pwd)
sample=$here/../../samples/blkfront/tests
kernel=$XENPV_TESTS/../samples/blkfront-test.xen
dir=$(mktemp -d "${TMPDIR:-/tmp}/blkfront.XXXXXX")
trap 'rm -rf "$dir"' EXIT

run_batch "$dir" --timeout 120 --xl-config "$sample/blkfront.xl" --dom0-script "$sample/blkfront.dom0.sh" \
	-- "$kernel" "$kernel" "$kernel" -- blkfront_test.disk_mb=8
load_record "$dir" blkfront-test
tap_ok $rc "blkfront-test: the driver passes its tests against blkback, and dom0's verify (exit $rc)"
contains 'dom0 script: xvda: 8 MiB at /run/xvda.img, sectors 0-63 patterned'
tap_ok $? "dom0 prepared the 8 MiB disk before xl create"
contains '^blkfront: device/vbd/51712: 16384 sectors of 512 bytes, a [0-9]*-page ring' &&
	contains 'xen-blkback: backend/vbd/[0-9]*/51712: using 1 queues, protocol 2 (x86_32-abi)'
tap_ok $? "the driver connected a multi-page ring; blkback took it as x86_32-abi"
contains '^ok [0-9]* - write of 4096 sectors: 47 requests, up to [0-9]* in flight'
tap_ok $? "a large write went as 47 requests of up to 11 segments, several in flight"
contains 'dom0 script: sectors 4096-8333: exactly the domU.s pattern (md5 [0-9a-f]*); the rest as prepared$'
tap_ok $? "after the domain is gone, dom0 finds exactly the test's bytes in sectors 4096-8333, the rest unchanged"
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
[ $tap_failed = 0 ]
