#!/bin/bash
# xenpv-run's vCPU options, without a boot: bad counts for --cpus,
# XENPV_CPUS and --guest-cpus are usage errors that say what is wanted,
# and good ones reach a fake QEMU as -smp and Xen's dom0_max_vcpus, and
# the per-run archive as /guests/NAME.vcpus (which dom0's init turns into
# the guest's "vcpus = N"); with one vCPU the arguments are as before.
# --guest-mem likewise: refused when bad, else the guest's line of
# /guests/list (dom0's init makes it "memory = MB") and QEMU's -m.
. "$(dirname "$0")/lib.sh"
unset XENPV_CPUS XENPV_PCPUS
# (--domu packs the guests with cpio, and this unpacks them)
command -v cpio >/dev/null || { echo "1..0 # SKIP no cpio (apt install cpio)"; exit 0; }
tap_plan 30

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A fake QEMU keeps its arguments, and with --domu the initrd (the cached
# dom0.cpio, then the per-run archive), and exits at once: xenpv-run then
# finds no verdict, which is not what is tested here.
cat >"$work/qemu" <<'FAKE'
#!/bin/sh
printf '%s\n' "$@" >"$FAKE_DIR/args"
while [ $# -gt 0 ]; do
	[ "$1" = -initrd ] && case $2 in *earlyprintk=xen,*) cp "${2##*,}" "$FAKE_DIR/initrd" ;; esac
	shift
done
exit 0
FAKE
chmod +x "$work/qemu"
echo xen >"$work/xen"
mkdir "$work/dom0"
echo vmlinux >"$work/dom0/vmlinux"
echo dom0 >"$work/dom0/dom0.cpio"
printf '\177ELF\001 not a real kernel\n' >"$work/a.xen"
cp "$work/a.xen" "$work/b.xen"
export FAKE_DIR=$work/fake

# fake [xenpv-run options...]: run xenpv-run on the fakes; $out, $rc as
# try's, $args QEMU's arguments (one a line), $guests the per-run
# archive's /guests unpacked (empty for dom0).
fake() {
	rm -rf "$FAKE_DIR" && mkdir -p "$FAKE_DIR/guests"
	try $XENPV_RUN --xen "$work/xen" --qemu "$work/qemu" --dom0-dir "$work/dom0" --timeout 5 "$@"
	# (each run's own work directory made alike, for comparing runs)
	args=$(sed 's/xenpv-run\.[A-Za-z0-9]*/xenpv-run.XXXXXX/g' "$FAKE_DIR/args" 2>/dev/null)
	guests=$FAKE_DIR/guests
	[ ! -f "$FAKE_DIR/initrd" ] ||
		tail -c +$(($(wc -c <"$work/dom0/dom0.cpio") + 1)) "$FAKE_DIR/initrd" |
		(cd "$FAKE_DIR" && cpio -i -d --quiet 'guests/*')
	[ -z "$args" ] || tap_diag "QEMU's arguments: $(printf '%s\n' "$args" | tr '\n' ' ')"
}
# A whole argument of QEMU's, or a word of Xen's command line (-append).
has_arg() { printf '%s\n' "$args" | grep -qxF -- "$1"; }
xen_has() { printf '%s\n' "$args" | grep -A1 -x -- -append | tail -n1 | tr ' ' '\n' | grep -qxF -- "$1"; }
refused() {   # refused WHAT MESSAGE: exit 2, MESSAGE, and QEMU never ran
	[ $rc = 2 ] && contains "$2" && [ ! -f "$FAKE_DIR/args" ]
	tap_ok $? "$1 is a usage error: $2"
}

for bad in 0 9 x ''; do
	fake --cpus "$bad" "$work/a.xen"
	refused "--cpus '$bad'" "--cpus wants a vCPU count from 1 to 8, not '$bad'"
done
fake --cpus=12 "$work/a.xen"
refused "--cpus=12" "--cpus wants a vCPU count from 1 to 8, not '12'"
fake "$work/a.xen" --cpus
refused "a bare --cpus" "--cpus needs a vCPU count"
XENPV_CPUS=two fake "$work/a.xen"
refused "XENPV_CPUS=two" "XENPV_CPUS wants a vCPU count from 1 to 8, not 'two'"
# A guest's own vCPUs or memory: a bad count, a guest not in the batch,
# no batch at all.
while read -r opt good want; do
	fake --domu --batch "$work/out" "$opt" a=0 "$work/a.xen"
	refused "$opt a=0" "$opt wants $want for 'a', not '0'"
	fake --domu --batch "$work/out" "$opt" "nosuch=$good" "$work/a.xen" "$work/b.xen"
	refused "$opt for a guest not in the batch" "$opt for 'nosuch', but the guests are: a b"
	fake --domu "$opt" "a=$good" "$work/a.xen"
	refused "$opt without --batch" "$opt goes with --domu --batch"
done <<'OPTS'
--guest-cpus 2 a vCPU count from 1 to 8
--guest-mem 4 a positive whole number of MiB
OPTS

# dom0: N CPUs and N vCPUs for dom0; one is as it always was.
fake --cpus 2 "$work/a.xen"
has_arg -smp && printf '%s\n' "$args" | grep -A1 -x -- -smp | tail -n1 | grep -qx 2 && xen_has dom0_max_vcpus=2
tap_ok $? "dom0 --cpus 2: QEMU -smp 2, Xen dom0_max_vcpus=2"
xen_has xsave=0 && xen_has bootscrub=true && printf '%s\n' "$args" | grep -A1 -x -- -accel | tail -n1 | grep -qx tcg,thread=single
tap_ok $? "dom0 --cpus 2: Xen saves FPU state with FXSAVE and scrubs memory at boot; one TCG thread for both CPUs"
contains "^# xenpv-run: booting .*a.xen as dom0 under .* with 2 vCPUs (timeout 5s)$"
tap_ok $? "dom0 --cpus 2: the booting line says 2 vCPUs"
XENPV_CPUS=3 fake "$work/a.xen"
printf '%s\n' "$args" | grep -A1 -x -- -smp | tail -n1 | grep -qx 3 && xen_has dom0_max_vcpus=3
tap_ok $? "dom0 XENPV_CPUS=3: QEMU -smp 3, Xen dom0_max_vcpus=3"
fake "$work/a.xen"
one=$args
fake --cpus=1 "$work/a.xen"
[ -n "$args" ] && [ "$args" = "$one" ] && ! has_arg -smp && ! printf '%s\n' "$args" | grep -q dom0_max_vcpus &&
	! contains 'vCPU'
tap_ok $? "dom0 --cpus=1: the arguments and booting line of no --cpus, no -smp, no dom0_max_vcpus"

# domU: N CPUs for Xen (or --pcpus), dom0 kept to one vCPU, the guest's
# count in the archive.
fake --domu --cpus 2 "$work/a.xen"
printf '%s\n' "$args" | grep -A1 -x -- -smp | tail -n1 | grep -qx 2 && xen_has dom0_max_vcpus=1 && xen_has xsave=0 &&
	printf '%s\n' "$args" | grep -A1 -x -- -cpu | tail -n1 | grep -q -- ',-monitor$'
tap_ok $? "domU --cpus 2: QEMU -smp 2 without MONITOR, Xen dom0_max_vcpus=1 and xsave=0"
fake --domu --cpus 2 --pcpus 1 "$work/a.xen"
! has_arg -smp && ! xen_has dom0_max_vcpus=1
tap_ok $? "domU --cpus 2 --pcpus 1: Xen shares one CPU among the guest's vCPUs and dom0"
fake --domu --pcpus 0 "$work/a.xen"
refused "--pcpus 0" "--pcpus wants a CPU count from 1 to 8, not '0'"
fake --domu --cpus 2 "$work/a.xen"
[ "$(cat "$guests/a.vcpus" 2>/dev/null)" = 2 ] && [ -f "$guests/a.xen" ]
tap_ok $? "domU --cpus 2: /guests/a.vcpus says 2"
contains "^# xenpv-run: booting .*a.xen as a domU under xl with 2 vCPUs, in a dom0 of "
tap_ok $? "domU --cpus 2: the booting line says 2 vCPUs"
fake --domu "$work/a.xen"
one=$args
[ -f "$guests/a.xen" ] && [ ! -e "$guests/a.vcpus" ]
tap_ok $? "domU without --cpus: no /guests/a.vcpus"
fake --domu --cpus 1 "$work/a.xen"
[ -n "$args" ] && [ "$args" = "$one" ] && ! has_arg -smp && ! printf '%s\n' "$args" | grep -q dom0_max_vcpus &&
	[ ! -e "$guests/a.vcpus" ] && ! contains 'vCPU'
tap_ok $? "domU --cpus 1: the arguments of no --cpus, no -smp, no dom0_max_vcpus, no .vcpus file"

# A batch: the guest asked for gets its count, QEMU the largest.
fake --domu --batch "$work/out" --guest-cpus b=3 "$work/a.xen" "$work/b.xen"
printf '%s\n' "$args" | grep -A1 -x -- -smp | tail -n1 | grep -qx 3 && xen_has dom0_max_vcpus=1 &&
	[ ! -e "$guests/a.vcpus" ] && [ "$(cat "$guests/b.vcpus" 2>/dev/null)" = 3 ]
tap_ok $? "batch --guest-cpus b=3: b has 3 vCPUs, a one, QEMU -smp 3"
contains "^# xenpv-run: booting 2 kernels as domUs under xl with 1 vCPU each (b 3), in one dom0"
tap_ok $? "batch --guest-cpus b=3: the booting line says so"
fake --domu --batch "$work/out" --cpus 4 --guest-cpus=a=2 "$work/a.xen" "$work/b.xen"
printf '%s\n' "$args" | grep -A1 -x -- -smp | tail -n1 | grep -qx 4 &&
	[ "$(cat "$guests/a.vcpus" 2>/dev/null)" = 2 ] && [ "$(cat "$guests/b.vcpus" 2>/dev/null)" = 4 ]
tap_ok $? "batch --cpus 4 --guest-cpus=a=2: a has 2, b 4, QEMU -smp 4"

# Memory per guest.
fake --domu --batch "$work/out" --mem 16 --guest-mem a=4 "$work/a.xen" "$work/b.xen"
grep -q '^a 4 .* xenpv.mem=4M' "$guests/list" && grep -q '^b 16 .* xenpv.mem=16M' "$guests/list"
tap_ok $? "batch --mem 16 --guest-mem a=4: a gets 4 MiB, b 16"
fake --domu --batch "$work/out" --guest-mem=b=700 "$work/a.xen" "$work/b.xen"
printf '%s
' "$args" | grep -A1 -x -- -m | tail -n1 | grep -qx $((192 + 700 + 160))
tap_ok $? "batch --guest-mem=b=700: QEMU's memory holds dom0 and the largest guest"
[ $tap_failed = 0 ]
