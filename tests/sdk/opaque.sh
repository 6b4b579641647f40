#!/bin/bash
# A vendor can fill every field of what they hand the kernel: no struct a
# public function takes as `const struct X *` (options, descriptions) has
# a field whose type only the kernel can make, one that the public
# headers declare but neither define nor hand out or take in any function
# (task_opts.mm once named an address space nothing public creates).
. "$(dirname "$0")/../host/lib.sh"

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
cd "$srcdir" || exit 1
headers=$(ls include/xenpv/*.h)

# Declared (struct NAME;) but neither defined nor in a prototype.
kernel_only=
for name in $(sed -n 's/^struct \([a-z_0-9]*\);.*/\1/p' $headers | sort -u); do
	grep -q "^struct $name {" $headers && continue
	grep -h "struct $name \*" $headers | grep -q '(' && continue
	kernel_only="$kernel_only $name"
done
# Structs handed in by const pointer, and the fields of each.
inputs=$(grep -h '(' $headers | grep -o 'const struct [a-z_0-9]* \*' | awk '{print $3}' | sort -u)

tap_plan $(($(printf '%s\n' $inputs | wc -l)))
for s in $inputs; do
	body=$(awk -v s="$s" '$0 ~ "^struct " s " {" {on = 1; next} on && /^};/ {exit} on' $headers)
	bad=
	for k in $kernel_only; do
		printf '%s\n' "$body" | grep -q "struct $k \*" && bad="$bad $k"
	done
	[ -z "$bad" ]
	tap_ok $? "struct $s (passed in by callers) has no field of a kernel-only type${bad:+:$bad}"
done
[ $tap_failed = 0 ]
