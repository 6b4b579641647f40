#!/bin/bash
# xenpv-embed-program wraps a user program for a kernel image: a good
# program is embedded byte for byte behind a descriptor that, once
# linked, leads to its name, bytes and size; anything but an i386
# executable, and a bad name, is refused with a message and no output
# file.  And a program built with the user flags (tests/user/hello.elf)
# has the layout the kernel loads: no segment both W and X, no PT_INTERP,
# no dynamic section, its symbols kept.
. "$(dirname "$0")/../host/lib.sh"

builddir=$(dirname "$XENPV_TESTS")
embed="$builddir/sdk/xenpv-embed-program"
hello=$XENPV_TESTS/user/hello.elf
work=$(mktemp -d "${TMPDIR:-/tmp}/xenpv-embed.XXXXXX")
trap 'rm -rf "$work"' EXIT
tap_plan 15

size=$(($(wc -c <"$hello")))
out=$(bash "$embed" "$hello" "$work/hello.prog.o" 2>&1)
tap_ok $? "tests/user/hello.elf embeds"
[ -z "$out" ] || tap_diag "$out"

readelf -h "$work/hello.prog.o" 2>/dev/null | grep -q 'Class:.*ELF32' &&
	readelf -h "$work/hello.prog.o" | grep -q 'Type:.*REL' &&
	readelf -h "$work/hello.prog.o" | grep -q 'Machine:.*80386'
tap_ok $? "the output is an i386 object file"

syms=$(nm "$work/hello.prog.o" 2>&1)
printf '%s\n' "$syms" | grep -q ' R xenpv_program_hello$'
rc=$?
tap_ok $rc "nm shows the descriptor xenpv_program_hello, global and read-only"
[ $rc = 0 ] || tap_diag "$syms"
# Name, Type, Address, Off, Size, ES, Flg, Lk, Inf, Al
sect=$(readelf -SW "$work/hello.prog.o" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".xenpv.programs" { print $5, $7, $NF }')
[ "$sect" = "00000c A 4" ]
tap_ok $? "it is one 12-byte struct xenpv_program in .xenpv.programs, read-only, 4-byte aligned ($sect)"

objcopy -O binary -j .rodata.xenpv_program_hello "$work/hello.prog.o" "$work/image" 2>/dev/null &&
	cmp -s "$work/image" "$hello"
tap_ok $? "the object holds the program's $size bytes as they are"
align=$(readelf -SW "$work/hello.prog.o" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".rodata.xenpv_program_hello" { print $NF }')
[ "$align" = 4 ]
tap_ok $? "the bytes are 4-byte aligned ($align)"

# Linked, the descriptor's pointers lead to the name and the bytes: read
# the memory behind an address from the file, through its segment.
$CC -m32 -nostdlib -static -no-pie -Wl,-e,xenpv_program_hello -Wl,--build-id=none \
	-o "$work/linked" "$work/hello.prog.o" >"$work/link.log" 2>&1
peek() {   # peek ADDRESS COUNT: COUNT bytes of the linked file at ADDRESS
	local type off vaddr filesz rest
	while read -r type off vaddr _ filesz rest; do
		[ "$type" = LOAD ] && [ $(($1)) -ge $((vaddr)) ] && [ $(($1)) -lt $((vaddr + filesz)) ] || continue
		tail -c +$(($1 - vaddr + off + 1)) "$work/linked" | head -c "$2"
		return
	done < <(readelf -lW "$work/linked")
}
desc=$(nm "$work/linked" 2>/dev/null | awk '$3 == "xenpv_program_hello" { print $1 }')
read -r name_ptr image_ptr image_size < <(peek $((16#${desc:-0})) 12 | od -An -tu4)
[ "$(peek "${name_ptr:-0}" 6 | od -An -c | tr -s ' ')" = " h e l l o \\0" ] &&
	[ "${image_size:-}" = "$size" ] &&
	peek "${image_ptr:-0}" "$size" | cmp -s - "$hello"
tap_ok $? "linked, it leads to the name \"hello\", the file's size and its bytes"
[ -n "$desc" ] || tap_diag "$(cat "$work/link.log")"

out=$(bash "$embed" --name my-helper_2 "$hello" "$work/named.o" 2>&1) &&
	nm "$work/named.o" | grep -q ' R xenpv_program_my-helper_2$'
tap_ok $? "--name my-helper_2 names it so"

# refused WHAT OUTPUT-NAME EXPECTED-MESSAGE ARGS...: exit 1, the message,
# no output (a stale one from an earlier run removed too).
refused() {
	local what=$1 output=$work/$2 msg=$3 rc
	shift 3
	echo stale >"$output"
	out=$(bash "$embed" "$@" "$output" 2>&1)
	rc=$?
	[ $rc = 1 ] && printf '%s\n' "$out" | grep -q -- "$msg" && [ ! -e "$output" ] &&
		[ -z "$(find "$work" -name "${output##*/}.*")" ]
	tap_ok $? "$what is refused: exit 1, '$msg', no output file"
	tap_diag "exit $rc: $out"   # the message, for the log
}
printf 'int x;\n' >"$work/notelf.c"
refused "a file that is not ELF" notelf.o "not an ELF file" "$work/notelf.c"
head -c 10 "$hello" >"$work/short.elf"
refused "an ELF file cut short in its header" short.o "an ELF file cut short" "$work/short.elf"
printf 'int main(void) { return 0; }\n' >"$work/x64.c"
$CC -m64 -c -o "$work/x64.elf" "$work/x64.c" 2>/dev/null
refused "an x86-64 ELF file" x64.o "64-bit ELF" "$work/x64.elf"
$CC -m32 -c -o "$work/obj.elf" "$work/x64.c" 2>/dev/null
refused "an i386 object file (not linked)" obj.o "object file" "$work/obj.elf"
refused "a name with a space" badname.o "program name 'a b'" --name 'a b' "$hello"
cp "$hello" "$work/dot.name.elf"
refused "a file name that is no program name, without --name" dotname.o "program name 'dot.name'" "$work/dot.name.elf"

# The program as the kernel loads it.  A segment's flags are the fields
# between its sizes and its alignment ("R E", "RW").
phdrs=$(readelf -lW "$hello" 2>&1)
flags() { printf '%s\n' "$phdrs" | awk -v t="$1" '$1 == t { f = ""; for (i = 7; i < NF; i++) f = f $i; print f }'; }
layout_ok() {
	[ -n "$(flags LOAD)" ] || return 1
	! flags LOAD | grep -q 'W.*E\|E.*W' || { tap_diag "a LOAD segment is W and X"; return 1; }
	! flags GNU_STACK | grep -q E || { tap_diag "the stack is executable"; return 1; }
	! printf '%s\n' "$phdrs" | grep -q '^ *\(INTERP\|DYNAMIC\) ' || { tap_diag "PT_INTERP or PT_DYNAMIC"; return 1; }
	readelf -d "$hello" 2>&1 | grep -q 'no dynamic section' || return 1
	nm "$hello" | grep -q ' T main$' && nm "$hello" | grep -q ' T _start$' || { tap_diag "symbols missing"; return 1; }
	entry=$(readelf -hW "$hello" | awk '/Entry point/ { print $NF }')
	[ $((entry)) = $((16#$(nm "$hello" | awk '$3 == "_start" { print $1 }'))) ] || { tap_diag "entry $entry is not _start"; return 1; }
}
layout_ok
rc=$?
tap_ok $rc "hello.elf: no W+X segment, no PT_INTERP or dynamic section, symbols kept, entry _start"
[ $rc = 0 ] || tap_diag "$phdrs"
[ $tap_failed = 0 ]
