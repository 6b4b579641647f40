# dom0 script (xenpv-run --dom0-script) for console-stall.xen (console-stall.sh):
# beside the guest, freeze the console backend for 2.5 s, once the guest
# has had a moment to start printing.
[ "$1" = run ] || exit 0
pid=$(cat /run/xenconsoled.pid)
sleep 0.5
kill -STOP "$pid" && echo "xenconsoled stopped"
sleep 2.5
kill -CONT "$pid" && echo "xenconsoled resumed"
