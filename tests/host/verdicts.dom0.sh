# dom0 script (xenpv-run --dom0-script) for tests/host/verdicts-domu.sh:
# the second boot kernel of the batch fails dom0's check after it ran,
# the third never starts because dom0's preparation fails.
case $NAME:$1 in
boot-2:verify) echo "the disk's checksum is wrong"; exit 1 ;;
boot-3:prepare) echo "no disk to give it"; exit 1 ;;
esac
exit 0
