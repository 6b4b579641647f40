# The vendor flow's steps and checks, shared by build-sample.sh (a sample
# built against an installed SDK) and vendor-flow.sh (the whole flow from
# the .deb).  Sourced, not run.

passed=0 failed=0

say() { echo "${PROG:-vendor}: $*"; }
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check DESCRIPTION COMMAND...: a named assertion; returns COMMAND's status.
check() {
	local what=$1
	shift
	if "$@"; then
		pass "$what"
		return 0
	fi
	fail "$what"
	return 1
}
summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# step LOG COMMAND...: run a build step with its output kept in LOG; on
# failure show the end of it.
step() {
	local log=$1
	shift
	if "$@" >"$log" 2>&1; then return 0; fi
	echo "--- last lines of $log ($*) ---"
	tail -n 30 "$log"
	return 1
}

# expect_fail LOG PATTERN COMMAND...: COMMAND fails and says PATTERN.
expect_fail() {
	local log=$1 pattern=$2
	shift 2
	if "$@" >"$log" 2>&1; then
		echo "--- expected a failure, it succeeded: $* ---"
		return 1
	fi
	grep -q -e "$pattern" "$log" && return 0
	echo "--- expected '$pattern' in the output of $*: ---"
	tail -n 15 "$log"
	return 1
}

# in_order FILE LINE-REGEX... : the lines appear in FILE in this order.
in_order() {
	local file=$1 at=0 n
	shift
	for re; do
		n=$(awk -v re="$re" -v after="$at" 'NR > after && $0 ~ re { print NR; exit }' "$file")
		[ -n "$n" ] || { echo "--- no line matching '$re' after line $at of $file ---"; return 1; }
		at=$n
	done
}

# The sample's README tells a vendor to rename the driver this way (both
# halves, the protocol and the device type with them).
rename_sample() {
	local name=$1 upper
	upper=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')
	mv src/skeleton.c "src/$name.c"
	mv src/skeleton.h "src/$name.h"
	mv src/skeleton-proto.h "src/$name-proto.h"
	mv user/skeleton-ping.c "user/$name-ping.c"
	mv backend/skeleton-back.c "backend/$name-back.c"
	mv tests/skeleton-test.c "tests/$name-test.c"
	mv tests/skeleton.dom0.sh "tests/$name.dom0.sh"
	sed -i "s/skeleton/$name/g; s/SKELETON/$upper/g" \
		configure.ac Makefile.am "src/$name.c" "src/$name.h" "src/$name-proto.h" \
		"user/$name-ping.c" "backend/$name-back.c" "tests/$name-test.c" "tests/$name.dom0.sh"
}

# Add a second module, as the sample's README says: a source file that
# registers with XENPV_MODULE, listed after the driver in DRIVER_SOURCES
# so that its init runs after the driver's.  It uses the driver's API:
# without a device (dom0) it says so; with one it fails its init unless
# the backend reverses a message.
add_module() {
	local drv=$1 mod=$2
	cat >"src/$mod.c" <<EOC
#include <xenpv/kernel.h>
#include <xenpv/module.h>

#include "$drv.h"

static int ${mod}_init(void)
{
	char back[2];

	if (${drv}_status() == -ENODEV) {
		pr_info("$mod: no $drv device here\n");
		return 0;
	}
	if (${drv}_reverse("hi", 2, back) != 0 || back[0] != 'i' || back[1] != 'h') {
		pr_err("$mod: $drv did not reverse a message\n");
		return -1;
	}
	pr_info("$mod: $drv reversed a message\n");
	return 0;
}

XENPV_MODULE($mod, ${mod}_init, NULL);
EOC
	sed -i "s|^\(DRIVER_SOURCES = .*\)$|\1 src/$mod.c|" Makefile.am
	grep -q "^DRIVER_SOURCES = .* src/$mod.c$" Makefile.am
}

# Add the README's second user program, taken from its "Add a user
# program" section as it stands: the C file (the first indented block),
# the noinst_PROGRAMS line inside `if XENPV_ENABLED' after the sample's
# own program's, the other lines at the end of Makefile.am, the
# driver's name for "skeleton".
add_program() {
	local drv=$1 section lines
	section=$(awk '/^Add a user program$/ { on = 1 } /^Without Autotools$/ { on = 0 } on' README)
	printf '%s\n' "$section" | awk '/^    #include/ { on = 1 } on { print substr($0, 5) } on && /^    }$/ { exit }' >user/helper.c
	lines=$(printf '%s\n' "$section" | awk 'done && /^    [a-zA-Z]/ { print substr($0, 5) } /^    }$/ { done = 1 }' |
		sed "s/skeleton/$drv/g")
	printf '%s\n' "$lines" | grep -q '^noinst_PROGRAMS += user/helper.elf$' || return 1
	grep -q "^noinst_PROGRAMS = user/$drv-ping.elf$" Makefile.am || return 1
	sed -i "/^noinst_PROGRAMS = user\/$drv-ping.elf$/a noinst_PROGRAMS += user/helper.elf" Makefile.am
	printf '%s\n' "$lines" | grep -v '^noinst_PROGRAMS' >>Makefile.am
	grep -q '^int main' user/helper.c && grep -q '^noinst_PROGRAMS += user/helper.elf$' Makefile.am &&
		grep -q "^${drv}_xen_LDADD += user/helper.prog.o" Makefile.am
}

# sample_flow SAMPLE WORK DRIVER-NAME SECOND-MODULE REQUIRE-BOOT DISTCHECK
# Copy SAMPLE into WORK/DRIVER-NAME, rename it (unless the name is
# skeleton), add SECOND-MODULE (unless empty), then build, test and boot
# it as a vendor would; REQUIRE-BOOT=1 asserts a real Xen boot,
# DISTCHECK=1 also runs the project's make distcheck.
sample_flow() {
	local sample=$1 work=$2 drv=$3 mod=$4 require_boot=$5 distcheck=$6
	local dir=$work/$drv logs=$work/logs kernel console testlog
	mkdir -p "$logs"
	rm -rf "$dir"
	cp -R "$sample" "$dir" || { fail "copy the sample from $sample"; return; }
	cd "$dir" || return
	if [ "$drv" != skeleton ]; then
		check "rename the sample to '$drv' as its README says" rename_sample "$drv"
	fi
	if [ -n "$mod" ]; then
		check "add a second module '$mod' as the README says" add_module "$drv" "$mod"
	fi
	check "add a user program 'helper' as the README says" add_program "$drv"
	check "autoreconf -fi" step "$logs/autoreconf.log" autoreconf -fi || return
	check "xenpv.m4 was copied into the project's m4/" test -f m4/xenpv.m4
	check "./configure --with-xen" step "$logs/configure.log" ./configure --with-xen || return
	check "make" step "$logs/make.log" make || return
	kernel=$drv.xen
	check "make links the kernel $kernel, a 32-bit ELF image" \
		sh -c "od -An -tx1 -N5 '$kernel' | tr -d ' \n' | grep -qx 7f454c4601"
	check "make embeds user/helper.elf, an i386 executable, in $kernel (xenpv_program_helper)" \
		sh -c "od -An -tx1 -j16 -N4 user/helper.elf | tr -d ' \n' | grep -qx 02000300 &&
			nm '$kernel' | grep -q ' xenpv_program_helper$'"
	check "make embeds the sample's own program, user/$drv-ping.elf, in $kernel (xenpv_program_$drv-ping)" \
		sh -c "od -An -tx1 -j16 -N4 user/$drv-ping.elf | tr -d ' \n' | grep -qx 02000300 &&
			nm '$kernel' | grep -q ' xenpv_program_$drv-ping$'"
	check "make builds the backend backend/$drv-back, a 64-bit program on libxenpvback and Xen's libraries" \
		sh -c "od -An -tx1 -N5 'backend/$drv-back' | tr -d ' \n' | grep -qx 7f454c4602 &&
			ldd 'backend/$drv-back' | grep -q 'libxenpvback.so.0 => /' && ldd 'backend/$drv-back' | grep -q libxengnttab"
	check "make check" step "$logs/make-check.log" make check
	testlog=tests/$drv-test.log
	check "the test kernel's TAP plan ran with no failures" \
		sh -c "grep -q '^1\.\.[1-9]' '$testlog' && grep -q '^ok ' '$testlog' && ! grep -q '^not ok' '$testlog'"
	if [ "$require_boot" = 1 ]; then
		check "the test kernel booted under Xen ('(XEN) Xen version' in $testlog)" \
			grep -q '^(XEN) Xen version' "$testlog"
		check "no test was skipped" sh -c "! grep -q '# SKIP' '$testlog'"
		check "XENPV_ROLE=domU make check" step "$logs/make-check-domu.log" env XENPV_ROLE=domU make check
		check "the test kernel booted as a domU under xl, its log holding Xen's, dom0's and its own lines" \
			sh -c "grep -q '^(XEN) Xen version' '$testlog' && grep -q '^(dom0) xenpv-dom0: guest $drv-test: start' '$testlog' &&
				grep -q '^xenpv: kernel booting on Xen (domU)' '$testlog' && ! grep -q '^not ok\|# SKIP' '$testlog'"
		check "the domU's device/$drv/0 was served by the backend $drv-back, built by make, which exited 0; $drv-ping's 4 round trips went to it" in_order "$testlog" \
			"^[(]dom0[)] xenpv-dom0: guest $drv-test: dom0 script: $drv-back: domain [0-9]*: created " \
			"^$drv: device/$drv/0: connected to backend domain 0" \
			"^$drv-ping: pid [0-9]* in ring 3: 4 round trips to the backend through the driver$" \
			"^$drv: $drv-ping [(]pid [0-9]*[)] exited 0: 4 notifications answered, 4 after a round trip to the backend, 0 after a failed one$" \
			${mod:+"^$mod: $drv reversed a message"} \
			"^$drv: device/$drv/0: closed after [0-9]* requests" \
			"^[(]dom0[)] xenpv-dom0: guest $drv-test: dom0 script: the backend served the [0-9]* requests the frontend sent"
		console=$logs/run.log
		check "make run boots $kernel to a clean exit" step "$console" make run
		check "the modules' inits ran in link order (as dom0: no device), $drv-ping told so and answered" in_order "$console" \
			"^$drv: no xenstore [(]dom0 here[)]: no $drv device" \
			"^$drv-ping: pid [0-9]* in ring 3: 4 rounds, no device: the driver answers alone$" \
			"^$drv-ping: 4/4: answered$" \
			"^$drv: $drv-ping [(]pid [0-9]*[)] exited 0: 4 notifications answered, 0 after a round trip to the backend, 0 after a failed one [(]no device[)]$" \
			${mod:+"^$mod: no $drv device here"} '^xenpv-exit: 0$'
	fi
	step "$logs/install.log" make install DESTDIR="$work/root" &&
		test -f "$work/root/usr/local/lib/$drv/$kernel"
	check "make install puts the kernel in PREFIX/lib/$drv/" test $? = 0
	if [ "$distcheck" = 1 ]; then
		check "the project's make distcheck" step "$logs/distcheck.log" make distcheck
	fi
	cd - >/dev/null || return
}

# blkfront_flow SAMPLE WORK REQUIRE-BOOT: the installed block frontend
# sample as a vendor builds it (unchanged): make, make check (as dom0:
# the driver finds no xenstore), and with REQUIRE-BOOT=1 make check-disk
# (as a domU against dom0's blkback, dom0 checking the disk afterwards)
# and the benchmark kernel built.
blkfront_flow() {
	local sample=$1 work=$2 require_boot=$3 dir=$2/blkfront logs=$2/logs testlog
	mkdir -p "$logs"
	rm -rf "$dir"
	cp -R "$sample" "$dir" || { fail "copy the blkfront sample from $sample"; return; }
	cd "$dir" || return
	check "blkfront: autoreconf -fi && ./configure --with-xen" \
		step "$logs/blkfront-configure.log" sh -c 'autoreconf -fi && ./configure --with-xen' || return
	check "blkfront: make links blkfront.xen" step "$logs/blkfront-make.log" make || return
	check "blkfront: make check" step "$logs/blkfront-check.log" make check
	testlog=tests/blkfront-test.log
	check "blkfront: as dom0 the test finds no xenstore and says so, nothing failing" \
		sh -c "grep -q '^ok .* registration gave -ENODEV' '$testlog' && ! grep -q '^not ok' '$testlog'"
	if [ "$require_boot" = 1 ]; then
		check "blkfront: make check-disk (a domU against dom0's blkback)" \
			step "$logs/blkfront-check-disk.log" make check-disk
		check "blkfront: the disk was written, re-read and verified by dom0 after the domain was gone" \
			sh -c "grep -q '^ok .* all [0-9]* written sectors' '$logs/blkfront-check-disk.log' &&
				grep -q 'dom0 script: sectors [0-9-]*: exactly the domU.s pattern' '$logs/blkfront-check-disk.log' &&
				! grep -q '^not ok' '$logs/blkfront-check-disk.log'"
	fi
	check "blkfront: the benchmark kernel builds (make tests/blkfront-bench.xen)" \
		step "$logs/blkfront-bench-build.log" make tests/blkfront-bench.xen
	cd - >/dev/null || return
}
