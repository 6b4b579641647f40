# dom0 script (xenpv-run --dom0-script) for blkfront-test.xen as a domU,
# with blkfront.xl's disk; busybox sh, NAME (and DOMID in run) set.
#   prepare: an 8 MiB image, sectors 0-63 starting "xenpv-blkfront disk
#            sector N", zeros elsewhere; md5s of what must not change.
#   run:     tells the test what to expect in data/blkfront-mode: "good";
#            or, for a guest named *-2 (*-3), waits until blkback is
#            Connected (its values written), rewrites the backend's
#            sector-size to 7 (sectors to 0) and says "bad-sector-size"
#            ("bad-sectors"); the test kernel waits for the word before
#            the driver reads the backend's values.
#   verify:  after the domain is gone: sectors 4096-8589 hold exactly the
#            test's pattern, the rest is as prepared (for *-2 and *-3:
#            nothing changed at all).
img=/run/xvda.img
mb=8            # blkfront.xl's disk; the test's blkfront_test.disk_mb
w0=4096
n=4494          # the sectors the test writes from w0
# sum FIRST [COUNT]: the md5 of COUNT sectors (or all) from FIRST.  Whole
# streams, not dd bs=512: each fork and syscall is dear under emulation.
sum() {
	tail -c +$(($1 * 512 + 1)) $img | if [ -n "${2:-}" ]; then head -c $(($2 * 512)); else cat; fi |
		md5sum | cut -d' ' -f1
}
# The test's pattern for sectors $1..$1+$2-1: "blkfront sector %08u",
# dots up to byte 511, a newline.
pattern() {
	awk -v a="$1" -v n="$2" 'BEGIN {
		pad = ""; for (i = 24; i < 511; i++) pad = pad ".";
		for (s = a; s < a + n; s++) printf "blkfront sector %08d%s\n", s, pad }'
}
case $1 in
prepare)
	# Sectors 0-63 in one go: each starts with its line, NUL-padded to
	# 512 bytes; the rest a hole (zeros).
	awk 'BEGIN { for (i = 0; i < 64; i++) {
		l = sprintf("xenpv-blkfront disk sector %u\n", i)
		printf "%s", l; for (j = length(l); j < 512; j++) printf "%c", 0 } }' >$img &&
		dd of=$img bs=512 seek=$((mb * 2048)) count=0 2>/dev/null || exit 1
	# Every guest gets the same image: its sums, and the test's pattern,
	# are made once a dom0 boot.
	[ -f /run/blkfront.sums ] || echo "$(sum 0) $(sum 0 $w0) $(sum $((w0 + n)))" >/run/blkfront.sums || exit 1
	echo "xvda: $mb MiB at $img, sectors 0-63 patterned (md5 $(cut -d' ' -f1 /run/blkfront.sums))"
	;;
run)
	d=/local/domain/$DOMID
	be=/local/domain/0/backend/vbd/$DOMID/51712
	case $NAME in
	*-2|*-3)
		case $NAME in
		*-2) node=sector-size value=7 ;;
		*) node=sectors value=0 ;;
		esac
		i=0
		while [ "$(xenstore-read $be/state 2>/dev/null)" != 4 ]; do
			i=$((i + 1))
			[ $i -lt 600 ] || { echo "blkback never reached Connected"; exit 1; }
			usleep 50000
		done
		xenstore-write $be/$node $value && xenstore-write $d/data/blkfront-mode bad-$node || exit 1
		echo "blkback Connected: its $node rewritten to $(xenstore-read $be/$node)"
		;;
	*)
		xenstore-write $d/data/blkfront-mode good || exit 1
		echo "mode good"
		;;
	esac
	;;
verify)
	set -- $(cat /run/blkfront.sums)
	case $NAME in
	*-2|*-3)
		[ "$(sum 0)" = "$1" ] || { echo "the image changed"; exit 1; }
		echo "the image is unchanged (md5 $1)"
		;;
	*)
		[ "$(sum 0 $w0)" = "$2" ] && [ "$(sum $((w0 + n)))" = "$3" ] ||
			{ echo "sectors outside $w0-$((w0 + n - 1)) changed"; exit 1; }
		[ -f /run/blkfront.expect ] || pattern $w0 $n >/run/blkfront.expect || exit 1
		tail -c +$((w0 * 512 + 1)) $img | head -c $((n * 512)) | cmp - /run/blkfront.expect ||
			{ echo "sectors $w0-$((w0 + n - 1)) are not what the domU wrote"; exit 1; }
		echo "sectors $w0-$((w0 + n - 1)): exactly the domU's pattern (md5 $(sum $w0 $n)); the rest as prepared"
		;;
	esac
	;;
esac
exit 0
