# dom0 script (xenpv-run --dom0-script) for the skeleton's test kernel as
# a domU, beside its backend skeleton-back (given with --dom0-file, so on
# PATH); busybox sh, NAME set (and DOMID but in verify).
#   created: skeleton-back create: device/skeleton/0 and the backend's
#            directory exist before the guest looks for devices; a guest
#            named *-2 is told (data/skeleton-mode) to expect a backend
#            that answers with a bad id
#   run:     skeleton-back serve (--bad-id for *-2), its output and exit
#            status kept
#   verify:  the backend exited 0 and served exactly the requests the
#            frontend says it sent; skeleton-back destroy removes the
#            nodes, as the toolstack would
out=/run/skeleton-back.$NAME
case $NAME in *-2) bad=--bad-id ;; *) bad= ;; esac
case $1 in
created)
	echo "$DOMID" >$out.domid
	skeleton-back create "$DOMID" || exit 1
	[ -z "$bad" ] || xenstore-write "/local/domain/$DOMID/data/skeleton-mode" bad-id || exit 1
	;;
run)
	skeleton-back serve --timeout 60 $bad "$DOMID" >$out.log 2>&1
	echo $? >$out.rc
	;;
verify)
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
