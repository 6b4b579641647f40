# dom0 script of make check's domU batch (tests/local.mk): the skeleton
# sample's test kernels run beside its backend, through the sample's own
# dom0 script, and the console-stall kernel beside a frozen xenconsoled
# (the scripts given with --dom0-file); no other kernel needs one.
case $NAME in
skeleton-test|skeleton-test-[0-9]*) exec sh /guests/files/skeleton.dom0.sh "$@" ;;
console-stall) exec sh /guests/files/console-stall.dom0.sh "$@" ;;
esac
exit 0
