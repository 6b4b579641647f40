#!/bin/bash
# tests/guest/xenbus.xen as a domU with a disk: Linux's xen-blkback in
# dom0 serves xvda from an 8 MiB file (tests/host/xenbus.xl,
# tests/host/xenbus.dom0.sh); the kernel's own TAP checks the xenbus
# handshake, the ring and its I/O; this checks what shows around it:
# the reports of failed probes, and dom0's look at the disk afterwards.
# (As dom0 the same kernel is a plain test, tests/guest/xenbus.xen.)
. "$(dirname "$0")/lib.sh"
require_boot --domu
tap_plan 7
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/xenbus.XXXXXX")
trap 'rm -rf "$dir"' EXIT

run_batch "$dir" --timeout 90 --xl-config "$here/xenbus.xl" --dom0-script "$here/xenbus.dom0.sh" \
	-- xenbus -- xenbus_test.disk_mb=8
load_record "$dir" xenbus
tap_ok $rc "domU: the xenbus kernel passes against blkback (exit $rc)"
contains 'dom0 script: xvda: 8 MiB at /run/xvda.img'; tap_ok $? "dom0 prepared the disk before xl create"
contains '^xenbus: driver xpvtest-drv: probe of device/xpvtest/1 failed (-5); the other devices go on$'
tap_ok $? "a failing probe is reported with the device's path and the driver's name"
contains '^xenbus: driver xpvtest-drv: device/xpvtest/3 has no usable backend/backend-id (-2): skipped$'
tap_ok $? "a device without a backend is reported and skipped"
contains 'xen-blkback: backend/vbd/[0-9]*/51712: using 1 queues, protocol 2 (x86_32-abi)' &&
	contains 'xen-blkback: backend/vbd/[0-9]*/51712: prepare for reconnect'
tap_ok $? "dom0's blkback took the ring as x86_32-abi, and prepared for the reconnect"
ms=$(printf '%s\n' "$out" | sed -n 's/^xenpv-stat: xenbus_probe_to_connected_ms=\([0-9]*\)$/\1/p')
[ -n "$ms" ]; tap_ok $? "the kernel reports the time from probe to Connected (${ms:-none} ms)"
contains 'dom0 script: sector 9: xenpv-domU-[0-9]* wrote sector 9$'
tap_ok $? "after the domain is gone, dom0 finds the domU's write in sector 9 of the image"
[ $tap_failed = 0 ]
