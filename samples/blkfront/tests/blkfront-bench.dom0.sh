# dom0 script (xenpv-run --dom0-script) for blkfront-bench.xen: a scratch
# disk for each guest, the file behind blkfront.xl
# (32 MiB, sparse, in dom0's tmpfs; the bench overwrites all of it).
case $1 in
prepare)
	rm -f /run/xvda.img
	dd if=/dev/zero of=/run/xvda.img bs=1M count=0 seek=32 2>/dev/null || exit 1
	echo "xvda: a 32 MiB scratch disk"
	;;
esac
exit 0
