# dom0 script (xenpv-run --dom0-script) for the skeleton's test kernel as
# a domU, beside its backend skeleton-back (given with --dom0-file, so on
# PATH); busybox sh, NAME set (and DOMID but in verify).
#   created: skeleton-back create: device/skeleton/0 and the backend's
#            directory exist before the guest looks for devices.  A
#            guest named *-2 is told (data/skeleton-mode) to expect a
#            backend that answers with a bad id.  For one named *-3,
#            dom0 makes device 1 instead and plays its frontend, badly,
#            while the domain is still paused: the backend must refuse
#            each bad value, go Closed and exit 1; the guest is told it
#            has no device 0.
#   run:     skeleton-back serve (--bad-id for *-2), its output and exit
#            status kept
#   verify:  the backend exited 0 and served exactly the requests the
#            frontend says it sent; skeleton-back destroy removes the
#            nodes, as the toolstack would
out=/run/skeleton-back.$NAME
mode=
case $NAME in *-2) mode=bad-id ;; *-3) mode=no-device ;; esac

# refused WHAT NODE VALUE MESSAGE: with the frontend's NODE at VALUE,
# serve fails naming it, and leaves our state Closed.
refused() {
	local fe=/local/domain/$DOMID/device/skeleton/1 be=/local/domain/0/backend/skeleton/$DOMID/1 rc
	xenstore-write $fe/$2 "$3" $fe/state 3 || return 1
	skeleton-back serve --timeout 10 "$DOMID" 1 >$out.refused 2>&1
	rc=$?
	sed 's/^/  /' $out.refused
	[ $rc = 1 ] && grep -q "$4" $out.refused && [ "$(xenstore-read $be/state)" = 6 ] ||
		{ echo "$1: the backend did not refuse it (exit $rc, our state $(xenstore-read $be/state))"; return 1; }
	echo "$1: refused, Closed, exit 1"
}

case $1 in
created)
	echo "$DOMID" >$out.domid
	if [ "$mode" = no-device ]; then
		skeleton-back create "$DOMID" 1 &&
		xenstore-write /local/domain/$DOMID/device/skeleton/1/event-channel 1 &&
		refused "a ring-ref that is not a number" ring-ref banana "ring-ref is 'banana', not a number" &&
		refused "a ring-ref the domain never granted" ring-ref 4000 "cannot map the frontend's ring-ref 4000" &&
		skeleton-back destroy "$DOMID" 1 || exit 1
	else
		skeleton-back create "$DOMID" || exit 1
	fi
	[ -z "$mode" ] || xenstore-write "/local/domain/$DOMID/data/skeleton-mode" $mode || exit 1
	;;
run)
	[ "$mode" = no-device ] && exit 0
	[ "$mode" = bad-id ] && bad=--bad-id
	skeleton-back serve --timeout 60 $bad "$DOMID" >$out.log 2>&1
	echo $? >$out.rc
	;;
verify)
	[ "$mode" = no-device ] && exit 0
	cat $out.log 2>/dev/null
	skeleton-back destroy "$(cat $out.domid)" || exit 1
	rc=$(cat $out.rc 2>/dev/null)
	[ "$rc" = 0 ] || { echo "the backend failed (exit ${rc:-none: still running when the domain went})"; exit 1; }
	served=$(sed -n 's/^skeleton-back: domain [0-9]*: served \([0-9]*\) requests.*/\1/p' $out.log)
	sent=$(sed -n 's|^skeleton: device/[^ ]*: closed after \([0-9]*\) requests.*|\1|p' \
		"/var/log/xen/console/guest-$NAME.log")
	[ -n "$served" ] && [ "$served" = "$sent" ] ||
		{ echo "the backend served ${served:-no} requests, the frontend says it sent ${sent:-none}"; exit 1; }
	echo "the backend served the $served requests the frontend sent, and exited 0"
	;;
esac
exit 0
