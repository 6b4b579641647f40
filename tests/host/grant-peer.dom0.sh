# dom0 script (xenpv-run --dom0-script) for tests/host/grant-peer.sh: as a
# toolstack would, tell each of the two domUs its peer's domid.
[ "$1" = run ] || exit 0
case $NAME in
grant-granter) peer=grant-mapper ;;
grant-mapper) peer=grant-granter ;;
*) exit 0 ;;
esac
xenstore-write "/local/domain/$DOMID/data/peer" "$(xl domid $peer)" && echo "told $NAME its peer is $peer"
