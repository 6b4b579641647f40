#!/bin/bash
# The user programs' crt (sdk/user/crt0.S), on the build host: Linux
# starts a static i386 program with the stack the xenpv kernel builds,
# so tests/sdk/crt0-probe.elf, linked on the crt with the user flags,
# checks main's arguments, the stack and the crt's memory functions
# there.  The crt's end (xenpv's exit, number 2, which Linux would take
# for fork) is checked in its code instead.
. "$(dirname "$0")/../host/lib.sh"
: "${XENPV_USER_CFLAGS:?run through make check}"

builddir=$(dirname "$XENPV_TESTS")
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
probe=$XENPV_TESTS/sdk/crt0-probe.elf
crt0=$builddir/sdk/user/xenpv-crt0.o
work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-crt0.XXXXXX")
trap 'rm -rf "$work"' EXIT

out=$(exec -a probe "$probe" one two 2>&1)
rc=$?
if [ $rc = 126 ]; then
	echo "1..0 # SKIP this host runs no i386 programs: $out"
	exit 0
fi
# The probe's own plan and lines first, then these.
plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p')
echo "1..$((${plan:-0} + 4))"
printf '%s\n' "$out" | sed '/^1\.\./d'
tap_n=$(printf '%s\n' "$out" | grep -c '^\(not \)\{0,1\}ok ')
tap_failed=$(printf '%s\n' "$out" | grep -c '^not ok ')
[ $rc = 0 ] && [ -n "$plan" ] && [ "$tap_n" = "$plan" ]
tap_ok $? "the probe ran its ${plan:-?} checks and exited 0 (exit $rc)"

# _start ends with the exit call: main's result in ebx, 2 in eax,
# int 0x80, and a trap should it ever return.
tail=$(objdump -d --no-show-raw-insn "$crt0" |
	awk '/<_start>:/ { on = 1; next } on && /^$/ { exit } on { sub(/^[^\t]*\t/, ""); gsub(/ +/, " "); print }' |
	tail -n 4 | paste -sd '|')
[ "$tail" = 'mov %eax,%ebx|mov $0x2,%eax|int $0x80|ud2' ]
tap_ok $? "_start hands main's result to system call 2 and traps after it"
[ "$tail" = 'mov %eax,%ebx|mov $0x2,%eax|int $0x80|ud2' ] || tap_diag "the end of _start: $tail"

printf '#include <xenpv/user.h>\n_Static_assert(XENPV_SYS_exit == 2, "crt0.S calls 2");\n' >"$work/nr.c"
# shellcheck disable=SC2086
out=$($CC $XENPV_USER_CFLAGS -I"$srcdir/include" -fsyntax-only "$work/nr.c" 2>&1)
tap_ok $? "2 is XENPV_SYS_exit in <xenpv/user.h>"
[ -z "$out" ] || tap_diag "$out"

weak_ok() {
	local syms f
	syms=$(nm "$crt0") || return 1
	printf '%s\n' "$syms" | grep -q ' T _start$' || return 1
	for f in memcpy memmove memset memcmp; do
		printf '%s\n' "$syms" | grep -q " W $f$" || return 1
	done
}
weak_ok
tap_ok $? "_start is global; memcpy, memmove, memset and memcmp are weak (a program's own win)"
[ $tap_failed = 0 ]
