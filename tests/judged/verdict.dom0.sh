# dom0 script (xenpv-run --dom0-script) for tests/judged/verdict.sh:
# the second boot kernel of the batch fails dom0's check after it ran,
# the third never starts because dom0's preparation fails, the fourth
# because its created step fails; the first says what its created step
# sees (its domain, paused) and finds itself among the --dom0-file files.
case $NAME:$1 in
boot:created)
	[ -f /guests/files/verdict.dom0.sh ] &&
		echo "created: domain $DOMID $(xenstore-read /local/domain/$DOMID/name) $(xl list $DOMID | awk 'NR == 2 { print $5 }')" ;;
boot-2:verify) echo "the disk's checksum is wrong"; exit 1 ;;
boot-3:prepare) echo "no disk to give it"; exit 1 ;;
boot-4:created) echo "no device nodes for it"; exit 1 ;;
esac
exit 0
