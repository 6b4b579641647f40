# dom0 script (xenpv-run --dom0-script) for the skeleton's test kernel as
# a domU, beside its backend skeleton-back (given with --dom0-file, so on
# PATH, with libxenpvback.so.0 beside it); busybox sh, NAME set, and
# DOMID but in the verify step.
#   created: skeleton-back create: device/skeleton/0 and the backend's
#            directory exist before the guest looks for devices; then the
#            daemon, skeleton-back serve (--bad-id for a guest named *-2,
#            which is told so in data/skeleton-mode), starts and serves
#            till the domain's devices are gone.  For *-3 dom0 also makes
#            device 1 and plays its frontend, badly, while the domain is
#            still paused: a ring-ref that is not a number, then
#            (starting again) one the domain never granted.  The daemon
#            must close that device each time, say why, and serve the
#            guest's device 0 on once the guest runs.  A guest named *-4
#            gets no device (it must find none).
#   verify:  the daemon exited 0, served exactly the requests the
#            frontend says it sent, and held no mapping or port at the
#            end; skeleton-back destroy removes the nodes, as the
#            toolstack would
out=/run/skeleton-back.$NAME
mode=
case $NAME in *-2) mode=bad-id ;; *-3) mode=bad-peer ;; *-4) mode=no-device ;; esac

# wait_state DEVID STATE: our state of device DEVID reaches STATE (10 s)
wait_state() {
	local be=/local/domain/0/backend/skeleton/$DOMID/$1 i=0
	while [ $i -lt 50 ]; do
		[ "$(xenstore-read $be/state 2>/dev/null)" = "$2" ] && return 0
		sleep 0.2
		i=$((i + 1))
	done
	echo "device $1: our state stayed $(xenstore-read $be/state 2>/dev/null), not $2"
	return 1
}

# refused WHAT NODE VALUE MESSAGE: dom0's frontend of device 1 publishes
# NODE=VALUE and goes Initialised; the daemon closes the device saying
# MESSAGE.  Then the frontend starts again (Initialising: InitWait).
refused() {
	local fe=/local/domain/$DOMID/device/skeleton/1
	xenstore-write $fe/$2 "$3" $fe/state 3 || return 1
	wait_state 1 6 || return 1
	grep -q "$4" $out.log || { echo "$1: the daemon did not say '$4'"; return 1; }
	echo "$1: refused, Closed, and said so"
	xenstore-write $fe/state 1 && wait_state 1 2
}

case $1 in
created)
	echo "$DOMID" >$out.domid
	rm -f $out.rc $out.log
	[ "$mode" = no-device ] && { xenstore-write "/local/domain/$DOMID/data/skeleton-mode" no-device; exit; }
	skeleton-back create "$DOMID" || exit 1
	bad= devices=1
	[ "$mode" = bad-id ] && { bad=--bad-id; xenstore-write "/local/domain/$DOMID/data/skeleton-mode" bad-id || exit 1; }
	if [ "$mode" = bad-peer ]; then
		devices=2
		skeleton-back create "$DOMID" 1 &&
		xenstore-write /local/domain/$DOMID/device/skeleton/1/event-channel 1 || exit 1
	fi
	# The daemon outlives this step: it serves the guest once unpaused,
	# and exits once the domain's devices are gone.
	(skeleton-back serve --timeout 120 --devices $devices $bad >$out.log 2>&1; echo $? >$out.rc) \
		</dev/null >/dev/null 2>&1 &
	[ "$mode" = bad-peer ] || exit 0
	wait_state 1 2 &&
	refused "a ring-ref that is not a number" ring-ref banana "device skeleton/1: ring-ref is not a grant reference: closing" &&
	refused "a ring-ref the domain never granted" ring-ref 4000 "device skeleton/1: cannot map its ring (ring-ref 4000" &&
	xenstore-write /local/domain/$DOMID/device/skeleton/1/state 6 || exit 1
	[ ! -f $out.rc ] || { echo "the daemon exited ($(cat $out.rc)) after the bad frontend"; exit 1; }
	echo "the daemon serves on, for the guest's device 0"
	;;
verify)
	[ "$mode" = no-device ] && exit 0
	domid=$(cat $out.domid)
	i=0
	while [ ! -f $out.rc ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
	cat $out.log 2>/dev/null
	skeleton-back destroy "$domid" || exit 1
	[ "$mode" != bad-peer ] || skeleton-back destroy "$domid" 1 || exit 1
	rc=$(cat $out.rc 2>/dev/null)
	[ "$rc" = 0 ] || { echo "the backend failed (exit ${rc:-none: still running 10 s after the domain went})"; exit 1; }
	served=$(sed -n "s/^skeleton-back: domain $domid device 0: served \([0-9]*\) requests.*/\1/p" $out.log)
	sent=$(sed -n 's|^skeleton: device/[^ ]*: closed after \([0-9]*\) requests.*|\1|p' \
		"/var/log/xen/console/guest-$NAME.log")
	[ -n "$served" ] && [ "$served" = "$sent" ] ||
		{ echo "the backend served ${served:-no} requests, the frontend says it sent ${sent:-none}"; exit 1; }
	grep -q "^skeleton-back: served .* 0 pages mapped, 0 ports bound$" $out.log ||
		{ echo "the daemon ended holding mappings or ports"; exit 1; }
	[ "$mode" != bad-peer ] || grep -q "^skeleton-back: served .* on 2 devices, 2 closed for faults;" $out.log ||
		{ echo "the daemon did not count dom0's two bad frontends as faults"; exit 1; }
	echo "the backend served the $served requests the frontend sent, held nothing at the end, and exited 0"
	;;
esac
exit 0
