# dom0 script (xenpv-run --dom0-script) for tests/guest/xenbus.xen as a
# domU (tests/host/xenbus.sh).  prepare: its disk, an 8 MiB image whose
# sectors 0-15 start with "xenpv-xvda sector N".  run: fake devices
# device/xpvtest/{1,2,3} for the driver model's failure paths, given to
# the domU (which may not create under device/ itself), 1 and 2 with a
# backend in its own data/ (the guest plays that backend), 3 with none.
# verify: sector 9 holds what the domU wrote through blkback.
img=/run/xvda.img
case $1 in
prepare)
	dd of=$img bs=1M seek=8 count=0 2>/dev/null || exit 1   # a hole: zeros
	i=0
	while [ $i -lt 16 ]; do
		printf 'xenpv-xvda sector %u\n' $i | dd of=$img bs=512 seek=$i conv=notrunc 2>/dev/null || exit 1
		i=$((i + 1))
	done
	echo "xvda: 8 MiB at $img, sectors 0-15 patterned"
	;;
run)
	d=/local/domain/$DOMID
	set --
	for i in 1 2; do
		set -- "$@" $d/device/xpvtest/$i/backend $d/data/xpvtest-back/$i \
			$d/device/xpvtest/$i/backend-id $DOMID $d/device/xpvtest/$i/state 1
	done
	# xenstore-write is Xen's multi-call xenstore client: by this name
	# it is xenstore-chmod.
	ln -sf /usr/bin/xenstore-write /run/xenstore-chmod
	xenstore-write "$@" $d/device/xpvtest/3/state 1 &&
		/run/xenstore-chmod -r $d/device/xpvtest n$DOMID &&
		xenstore-write $d/data/xpvtest-ready 1 || exit 1
	echo "fake devices device/xpvtest/1-3 made for domain $DOMID"
	;;
verify)
	got=$(dd if=$img bs=512 skip=9 count=1 2>/dev/null | head -n 1 | tr -cd 'a-zA-Z0-9 -')
	case $got in
	"xenpv-domU-"*" wrote sector 9")
		echo "sector 9: $got" ;;
	*)
		echo "sector 9 is not what the domU wrote: '$got'"
		exit 1 ;;
	esac
	got=$(dd if=$img bs=512 skip=8 count=1 2>/dev/null | head -n 1)
	[ "$got" = "xenpv-xvda sector 8" ] || { echo "sector 8 changed: '$got'"; exit 1; }
	;;
esac
exit 0
