# Run in dom0 beside tests/guest/console-stall.xen: freeze the console
# backend for 2.5 s, once the guest has had a moment to start printing.
pid=$(cat /run/xenconsoled.pid)
sleep 0.5
kill -STOP "$pid" && echo "xenconsoled stopped"
sleep 2.5
kill -CONT "$pid" && echo "xenconsoled resumed"
