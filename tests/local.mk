# make check: host unit tests of pure logic, in-guest TAP tests booted on
# real Xen through xenpv-run, and host scripts that check xenpv-run's
# verdicts.  Everything speaks TAP to Automake's tap-driver.sh.
#
# Two tests run at a time (CHECK_JOBS; make check CHECK_JOBS=1 for one):
# a QEMU emulates one CPU on one host core, and the 2-core machines this
# runs on would otherwise sit half idle.
CHECK_JOBS = 2
xenpv_check_tests = check-TESTS
$(xenpv_check_tests): AM_MAKEFLAGS += -j$(CHECK_JOBS)
TAP_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .xen .domu .sh
LOG_DRIVER = $(TAP_DRIVER)
SH_LOG_DRIVER = $(TAP_DRIVER)
SH_LOG_COMPILER = $(SHELL)
XEN_LOG_DRIVER = $(TAP_DRIVER)
XEN_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/host/run-dom0.sh
# Each test says its role itself, whatever XENPV_ROLE the caller has.
# Every boot has CHECK_CPUS vCPUs (dom0's, and each domU's): the whole
# suite runs on an SMP kernel; the smp-one test checks one vCPU.  Every
# domU batch's Xen has one CPU (XENPV_PCPUS, --pcpus 1), which its
# guests' vCPUs and dom0 share: with two, dom0's xenstored now and then
# left a guest's request unread for seconds under make check's load (a
# blkfront-test's first guest failed so in a CI distcheck).
# smp.sh's batch, which needs no xenstore of its own, asks for two.
CHECK_CPUS = 2
AM_TESTS_ENVIRONMENT = \
	XENPV_RUN='$(SHELL) $(abs_top_builddir)/sdk/xenpv-run'; \
	XENPV_TESTS='$(abs_top_builddir)/tests'; \
	XENPV_ROLE=dom0; \
	XENPV_CPUS=$(CHECK_CPUS); \
	XENPV_PCPUS=1; \
	export XENPV_RUN XENPV_TESTS XENPV_ROLE XENPV_CPUS XENPV_PCPUS;

# Host unit tests.
check_PROGRAMS += tests/unit/test-vsnprintf
tests_unit_test_vsnprintf_SOURCES = tests/unit/test-vsnprintf.c kernel/lib/vsnprintf.c tests/unit/unit-tap.h
tests_unit_test_vsnprintf_CPPFLAGS = -I$(top_srcdir)/include -Dvsnprintf=xenpv_vsnprintf -Dsnprintf=xenpv_snprintf
tests_unit_test_vsnprintf_CFLAGS = $(HOST_CFLAGS) -Wno-format
tests_unit_test_vsnprintf_LINK = $(HOST_LINK)
tests_unit_test_vsnprintf_LDADD =
TESTS += tests/unit/test-vsnprintf

check_PROGRAMS += tests/unit/test-buddy tests/unit/test-mmu-batch
tests_unit_test_buddy_SOURCES = tests/unit/test-buddy.c kernel/mm/buddy.c kernel/mm/buddy.h tests/unit/unit-tap.h
tests_unit_test_buddy_CPPFLAGS =
tests_unit_test_buddy_CFLAGS = $(HOST_CFLAGS)
tests_unit_test_buddy_LINK = $(HOST_LINK)
tests_unit_test_buddy_LDADD =
tests_unit_test_mmu_batch_SOURCES = tests/unit/test-mmu-batch.c kernel/xen/mmu_batch.c kernel/xen/mmu_batch.h tests/unit/unit-tap.h
tests_unit_test_mmu_batch_CPPFLAGS =
tests_unit_test_mmu_batch_CFLAGS = $(HOST_CFLAGS)
tests_unit_test_mmu_batch_LINK = $(HOST_LINK)
tests_unit_test_mmu_batch_LDADD =
TESTS += tests/unit/test-buddy tests/unit/test-mmu-batch

check_PROGRAMS += tests/unit/test-multicall
tests_unit_test_multicall_SOURCES = tests/unit/test-multicall.c kernel/xen/multicall_batch.c kernel/xen/multicall_batch.h tests/unit/unit-tap.h
tests_unit_test_multicall_CPPFLAGS =
tests_unit_test_multicall_CFLAGS = $(HOST_CFLAGS)
tests_unit_test_multicall_LINK = $(HOST_LINK)
tests_unit_test_multicall_LDADD =
TESTS += tests/unit/test-multicall


check_PROGRAMS += tests/unit/test-evtchn-scan
tests_unit_test_evtchn_scan_SOURCES = tests/unit/test-evtchn-scan.c kernel/xen/evtchn_scan.c kernel/xen/evtchn_scan.h tests/unit/unit-tap.h
tests_unit_test_evtchn_scan_CPPFLAGS =
tests_unit_test_evtchn_scan_CFLAGS = $(HOST_CFLAGS)
tests_unit_test_evtchn_scan_LINK = $(HOST_LINK)
tests_unit_test_evtchn_scan_LDADD =
TESTS += tests/unit/test-evtchn-scan

# The block frontend's response path against a hostile backend, a
# million rounds under AddressSanitizer and UBSan.
check_PROGRAMS += tests/unit/test-hostile-ring
tests_unit_test_hostile_ring_SOURCES = tests/unit/test-hostile-ring.c kernel/lib/blkif_rsp.c \
	kernel/lib/reqid.c tests/unit/unit-tap.h
tests_unit_test_hostile_ring_CPPFLAGS = -I$(top_srcdir)/include $(XEN_CPPFLAGS)
tests_unit_test_hostile_ring_CFLAGS = $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all
tests_unit_test_hostile_ring_LINK = $(HOST_LINK) -fsanitize=address,undefined
tests_unit_test_hostile_ring_LDADD =
TESTS += tests/unit/test-hostile-ring

check_PROGRAMS += tests/unit/test-timer
tests_unit_test_timer_SOURCES = tests/unit/test-timer.c kernel/core/timer.c tests/unit/unit-tap.h
tests_unit_test_timer_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/kernel/include
tests_unit_test_timer_CFLAGS = $(HOST_CFLAGS)
tests_unit_test_timer_LINK = $(HOST_LINK)
tests_unit_test_timer_LDADD =
TESTS += tests/unit/test-timer

check_PROGRAMS += tests/unit/test-elf
tests_unit_test_elf_SOURCES = tests/unit/test-elf.c kernel/core/elf.c tests/unit/unit-tap.h
tests_unit_test_elf_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/kernel/include
tests_unit_test_elf_CFLAGS = $(HOST_CFLAGS) -Wno-unused-parameter
tests_unit_test_elf_LINK = $(HOST_LINK)
tests_unit_test_elf_LDADD =
TESTS += tests/unit/test-elf

# In-guest tests: each is a kernel image whose modules print TAP.
GUEST_TESTS = tests/guest/boot.xen tests/guest/traps.xen tests/guest/cpu.xen \
	tests/guest/mm-layout.xen tests/guest/mm-alloc.xen tests/guest/tasks.xen \
	tests/guest/multicall.xen tests/guest/events.xen tests/guest/grant.xen \
	tests/guest/xenstore.xen
check_PROGRAMS += $(GUEST_TESTS)
TESTS += $(GUEST_TESTS)
tests_guest_boot_xen_SOURCES = tests/guest/boot.c tests/guest/guest-test.h
tests_guest_traps_xen_SOURCES = tests/guest/traps.c
tests_guest_mm_layout_xen_SOURCES = tests/guest/mm-layout.c
tests_guest_mm_alloc_xen_SOURCES = tests/guest/mm-alloc.c
tests_guest_cpu_xen_SOURCES = tests/guest/cpu.c
tests_guest_tasks_xen_SOURCES = tests/guest/tasks.c
tests_guest_multicall_xen_SOURCES = tests/guest/multicall.c
tests_guest_events_xen_SOURCES = tests/guest/events.c
tests_guest_grant_xen_SOURCES = tests/guest/grant.c
tests_guest_xenstore_xen_SOURCES = tests/guest/xenstore.c

# The same kernels (and the sample's test) as domUs under xl.  One dom0
# boot runs them all, one after another, and leaves a record for each,
# tests/guest/domu/NAME.domu, which its TAP test replays: the domU's
# console with Xen's and dom0's lines, and the verdict.  The batch runs on
# every make check as the prerequisite of the replays, which come first
# in TESTS (Makefile.am): make starts it in one job slot at once and runs
# the other tests in the other slot meanwhile (make skips past a test
# whose prerequisite is still being made), so that two QEMUs run at a
# time, never more, and no slot sits waiting for the batch.
# (Spelled out: Automake takes no pattern substitution in TESTS.)
DOMU_TESTS = tests/guest/domu/boot.domu tests/guest/domu/traps.domu \
	tests/guest/domu/cpu.domu tests/guest/domu/mm-layout.domu \
	tests/guest/domu/mm-alloc.domu tests/guest/domu/tasks.domu \
	tests/guest/domu/multicall.domu tests/guest/domu/events.domu \
	tests/guest/domu/grant.domu \
	tests/guest/domu/xenstore.domu \
	tests/guest/domu/skeleton-test.domu tests/guest/domu/skeleton-test-2.domu \
	tests/guest/domu/skeleton-test-3.domu tests/guest/domu/skeleton-test-4.domu
# The sample's test kernel runs four times with its backend (on
# libxenpvback, the library beside it in dom0), through the sample's dom0
# script (tests/host/domu-batch.dom0.sh starts it): a good backend; one
# that answers with a bad id; one daemon serving the guest's device 0
# and a device 1 whose frontend dom0 plays badly (refused, closed, the
# guest served on); and no device at all.  The kernels judged by a script in tests/judged/ run here too
# (DOMU_KERNELS += below); the script reads the record.
DOMU_KERNELS = $(GUEST_TESTS) samples/skeleton-test.xen samples/skeleton-test.xen \
	samples/skeleton-test.xen samples/skeleton-test.xen
DOMU_OPTS = --cpus $(CHECK_CPUS) --pcpus 1 --dom0-file samples/skeleton-back \
	--dom0-file backend/.libs/libxenpvback.so.0 --dom0-file $(srcdir)/samples/skeleton/tests/skeleton.dom0.sh \
	--dom0-script $(srcdir)/tests/host/domu-batch.dom0.sh
DOMU_LOG_DRIVER = $(TAP_DRIVER)
DOMU_LOG_COMPILER = $(SHELL) $(top_builddir)/sdk/xenpv-run --replay
$(DOMU_TESTS): tests/guest/domu/.batch
tests/guest/domu/.batch: $(DOMU_KERNELS) samples/skeleton-back backend/libxenpvback.la sdk/xenpv-run sdk/xenpv-dom0-init FORCE
	@rm -rf tests/guest/domu && $(MKDIR_P) tests/guest/domu
	@# Empty records first: the test harness looks for a test in the
	@# build tree only if it exists there, else in $(srcdir).
	@touch $(DOMU_TESTS)
	@echo "  DOMU     $(DOMU_KERNELS) (tests/guest/domu/batch.log)"
	@# Its status is each replay's to report.
	@$(SHELL) sdk/xenpv-run --tap --domu --batch tests/guest/domu $(DOMU_OPTS) $(DOMU_KERNELS) \
		</dev/null >tests/guest/domu/batch.log 2>&1 || :
	@touch $@
FORCE:
.PHONY: FORCE
clean-local: clean-domu
clean-domu:
	rm -rf tests/guest/domu
.PHONY: clean-domu

# The smallest domain: Xen's toolstack builds no PV domain below 4 MiB
# (its initial mapping is 4 MiB).  The memory tests and the sample's run
# there too, as dom0 (dom0_mem=4M) and as domUs: a test kernel named
# NAME-<N>m boots with N MiB as dom0 (tests/host/run-dom0.sh), and the
# batch gives it as much with --guest-mem.
GUEST_TESTS += tests/guest/mm-alloc-4m.xen tests/guest/mm-layout-4m.xen
tests_guest_mm_alloc_4m_xen_SOURCES = tests/guest/mm-alloc.c
tests_guest_mm_layout_4m_xen_SOURCES = tests/guest/mm-layout.c
check_PROGRAMS += samples/skeleton-test-4m.xen
TESTS += samples/skeleton-test-4m.xen
samples_skeleton_test_4m_xen_SOURCES = $(samples_skeleton_test_xen_SOURCES)
samples_skeleton_test_4m_xen_CPPFLAGS = $(samples_skeleton_test_xen_CPPFLAGS)
samples_skeleton_test_4m_xen_LDADD = $(samples_skeleton_test_xen_LDADD)
DOMU_KERNELS += samples/skeleton-test-4m.xen
DOMU_TESTS += tests/guest/domu/mm-alloc-4m.domu tests/guest/domu/mm-layout-4m.domu \
	tests/guest/domu/skeleton-test-4m.domu
DOMU_OPTS += --guest-mem mm-alloc-4m=4 --guest-mem mm-layout-4m=4 --guest-mem skeleton-test-4m=4

# The xenbus driver model: as dom0 here (no xenstore: -ENODEV, and a
# ring looped back in one domain); as a domU it needs a disk from dom0,
# so tests/host/xenbus.sh runs it with its own options, not in the batch.
check_PROGRAMS += tests/guest/xenbus.xen
tests_guest_xenbus_xen_SOURCES = tests/guest/xenbus.c
TESTS += tests/guest/xenbus.xen tests/host/xenbus.sh
dist_check_SCRIPTS += tests/host/xenbus.sh
EXTRA_DIST += tests/host/xenbus.dom0.sh tests/host/xenbus.xl

# The blkfront sample as a domU with a disk, a good backend and a bad one
# (samples/blkfront-test.xen, its xl lines and dom0 script in
# samples/blkfront/tests/; as dom0 it is in TESTS from samples/local.mk).
TESTS += tests/host/blkfront.sh
dist_check_SCRIPTS += tests/host/blkfront.sh

# Kernels judged by a script: tests/judged/NAME.c (or NAME-*.c) builds
# NAME.xen (or NAME-*.xen), which NAME.sh beside it boots as dom0 and
# judges, with its domU record from the batch above where it has one
# (then NAME.log waits for the batch); NAME.dom0.sh, if any, is its dom0
# script.  Most end badly on purpose: xenpv-run must call each the
# failure it is, with a report that says what happened.
#
# verdict: a panic, a hang, an exit status, a fault, no verdict, as dom0
# and (its own batch, with verdict.dom0.sh) as domUs.
check_PROGRAMS += tests/judged/verdict-panic.xen tests/judged/verdict-hang.xen \
	tests/judged/verdict-exit3.xen tests/judged/verdict-fault.xen tests/judged/verdict-silent.xen
tests_judged_verdict_panic_xen_SOURCES = tests/judged/verdict.c
tests_judged_verdict_panic_xen_CPPFLAGS = $(AM_CPPFLAGS) -DVERDICT=VERDICT_PANIC
tests_judged_verdict_hang_xen_SOURCES = tests/judged/verdict.c
tests_judged_verdict_hang_xen_CPPFLAGS = $(AM_CPPFLAGS) -DVERDICT=VERDICT_HANG
tests_judged_verdict_exit3_xen_SOURCES = tests/judged/verdict.c
tests_judged_verdict_exit3_xen_CPPFLAGS = $(AM_CPPFLAGS) -DVERDICT=VERDICT_EXIT3
tests_judged_verdict_fault_xen_SOURCES = tests/judged/verdict.c
tests_judged_verdict_fault_xen_CPPFLAGS = $(AM_CPPFLAGS) -DVERDICT=VERDICT_FAULT
tests_judged_verdict_silent_xen_SOURCES = tests/judged/verdict.c
tests_judged_verdict_silent_xen_CPPFLAGS = $(AM_CPPFLAGS) -DVERDICT=VERDICT_SILENT
TESTS += tests/judged/verdict.sh
dist_check_SCRIPTS += tests/judged/verdict.sh
EXTRA_DIST += tests/judged/verdict.dom0.sh

# oops, irq-oops, bad-iret: an oops's report (from module code, from an
# irq handler, from a return through Xen that faults); mc-fatal: a
# must-not-fail multicall entry refused by Xen.  As dom0.
check_PROGRAMS += tests/judged/oops.xen tests/judged/irq-oops.xen tests/judged/bad-iret.xen \
	tests/judged/mc-fatal.xen
tests_judged_oops_xen_SOURCES = tests/judged/oops.c
tests_judged_irq_oops_xen_SOURCES = tests/judged/irq-oops.c
tests_judged_bad_iret_xen_SOURCES = tests/judged/bad-iret.c
tests_judged_mc_fatal_xen_SOURCES = tests/judged/mc-fatal.c
TESTS += tests/judged/oops.sh tests/judged/irq-oops.sh tests/judged/bad-iret.sh tests/judged/mc-fatal.sh
dist_check_SCRIPTS += tests/judged/oops.sh tests/judged/irq-oops.sh tests/judged/bad-iret.sh \
	tests/judged/mc-fatal.sh

# console-burst: 1 MiB of console output arrives whole in both roles;
# console-stall: as a domU beside a frozen xenconsoled (its dom0 script,
# started by the batch's), printk gives up after 0.5 s and says so.
check_PROGRAMS += tests/judged/console-burst.xen tests/judged/console-stall.xen
tests_judged_console_burst_xen_SOURCES = tests/judged/console-burst.c
tests_judged_console_stall_xen_SOURCES = tests/judged/console-stall.c
DOMU_KERNELS += tests/judged/console-burst.xen tests/judged/console-stall.xen
DOMU_OPTS += --dom0-file $(srcdir)/tests/judged/console-stall.dom0.sh \
	--guest-args console-stall=xenpv.console_stall_ms=500
tests/judged/console-burst.log tests/judged/console-stall.log: tests/guest/domu/.batch
TESTS += tests/judged/console-burst.sh tests/judged/console-stall.sh
dist_check_SCRIPTS += tests/judged/console-burst.sh tests/judged/console-stall.sh
EXTRA_DIST += tests/judged/console-stall.dom0.sh

# Host scripts of the runner and the builders, and a grant between two
# domUs at once.
EXTRA_DIST += tests/host/grant-peer.dom0.sh tests/host/domu-batch.dom0.sh
check_PROGRAMS += tests/guest/grant-granter.xen tests/guest/grant-mapper.xen
tests_guest_grant_granter_xen_SOURCES = tests/guest/grant-peer.c
tests_guest_grant_granter_xen_CPPFLAGS = $(AM_CPPFLAGS) -DPEER_GRANTER
tests_guest_grant_mapper_xen_SOURCES = tests/guest/grant-peer.c
tests_guest_grant_mapper_xen_CPPFLAGS = $(AM_CPPFLAGS) -DPEER_MAPPER
dist_check_SCRIPTS += tests/host/lib.sh tests/host/build-xen.sh tests/host/build-dom0.sh \
	tests/host/grant-peer.sh
TESTS += tests/host/build-dom0.sh tests/host/grant-peer.sh tests/host/build-xen.sh

# The core kernel, one empty module on the archive: held to 64 KiB and
# to linking none of the optional subsystems by tests/host/size.sh, and
# sized by make bench.
check_PROGRAMS += tests/size/core.xen
tests_size_core_xen_SOURCES = tests/size/core.c
TESTS += tests/host/size.sh
dist_check_SCRIPTS += tests/host/size.sh

# Benchmarks print measurements beside a baseline; they are not tests.
# The profile's baseline is another build tree (an earlier commit's):
# make bench XENPV_BENCH_BASELINE=DIR.
EXTRA_DIST += tests/bench/boot.sh tests/bench/switch.sh tests/bench/roles.sh tests/bench/lib.sh \
	tests/bench/blkfront.sh tests/bench/profile.sh tests/bench/memory.sh
bench: samples/sample.xen tests/guest/tasks.xen samples/blkfront-bench.xen sdk/xenpv-run sdk/xenpv-dom0-init \
	samples/blkfront.xen tests/size/core.xen
	XENPV_BUILDDIR='$(abs_top_builddir)' XENPV_BENCH_BASELINE='$(XENPV_BENCH_BASELINE)' \
	  XENPV_BENCH_LINK='$(CC) $(XENPV_GUEST_LDFLAGS) -Wl,-T,' XENPV_BENCH_LIBS='$(XENPV_GUEST_LIBS)' \
	  $(SHELL) $(top_srcdir)/tests/bench/profile.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' XENPV_BENCH_BASELINE='$(XENPV_BENCH_BASELINE)' \
	  $(SHELL) $(top_srcdir)/tests/bench/memory.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/boot.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/switch.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/roles.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/blkfront.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/timers.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/user.sh
	XENPV_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/smp.sh
.PHONY: bench

# Misuse refused and reported (free_pages of kmalloc memory, a double
# kfree, a stale unbind, a re-added timer, sleeping from irq context) and
# timers at scale, in one kernel, in both roles.
GUEST_TESTS += tests/guest/misuse.xen
tests_guest_misuse_xen_SOURCES = tests/guest/misuse.c
DOMU_TESTS += tests/guest/domu/misuse.domu
EXTRA_DIST += tests/bench/timers.sh
bench: tests/guest/misuse.xen

# The driver writer's toolbox (spinlocks, atomics, barriers, bitops,
# lists, wait queues, completions, __pa/virt_to_phys) in both roles; a
# spinlock taken twice on one vCPU (a timer function wanting what its
# task holds) reported as the deadlock it is, as dom0 and, from the
# batch, as a domU (tests/judged/spinlock-twice.sh); and no public struct
# a caller fills with a field of a type nothing public makes
# (tests/sdk/opaque.sh).
GUEST_TESTS += tests/guest/toolbox.xen
tests_guest_toolbox_xen_SOURCES = tests/guest/toolbox.c
DOMU_TESTS += tests/guest/domu/toolbox.domu
check_PROGRAMS += tests/judged/spinlock-twice.xen
tests_judged_spinlock_twice_xen_SOURCES = tests/judged/spinlock-twice.c
DOMU_KERNELS += tests/judged/spinlock-twice.xen
tests/judged/spinlock-twice.log: tests/guest/domu/.batch
TESTS += tests/judged/spinlock-twice.sh tests/sdk/opaque.sh
dist_check_SCRIPTS += tests/judged/spinlock-twice.sh tests/sdk/opaque.sh
# A lock another vCPU holds for ever: reported after xenpv.spin_timeout_ms.
check_PROGRAMS += tests/judged/spinlock-held.xen
tests_judged_spinlock_held_xen_SOURCES = tests/judged/spinlock-held.c
DOMU_KERNELS += tests/judged/spinlock-held.xen
DOMU_OPTS += --guest-args spinlock-held=xenpv.spin_timeout_ms=300
tests/judged/spinlock-held.log: tests/guest/domu/.batch
TESTS += tests/judged/spinlock-held.sh
dist_check_SCRIPTS += tests/judged/spinlock-held.sh

# fault: faults always end in a readable report, as dom0 and, from the
# batch, as domUs: stack overflows in module init, a timer callback and
# a task, caught by the entry check; stack overflows in code built
# without it (in init, on the boot stack, and in a task, on a vmalloc'd
# stack), which Xen's dump and xenpv-run's symbols report; jumps to bad
# addresses; a leaf that faults after dropping its frame; user-mode
# faults that kill only their task (fault-user.c).
FAULT_KERNELS = tests/judged/fault-so-init.xen tests/judged/fault-so-timer.xen \
	tests/judged/fault-so-task.xen tests/judged/fault-so-unchecked.xen \
	tests/judged/fault-so-unchecked-task.xen tests/judged/fault-jump-heap.xen \
	tests/judged/fault-jump-hole.xen tests/judged/fault-leaf-pop.xen tests/judged/fault-user.xen
check_PROGRAMS += $(FAULT_KERNELS)
tests_judged_fault_so_init_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_so_init_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_SO_INIT
tests_judged_fault_so_timer_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_so_timer_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_SO_TIMER
tests_judged_fault_so_task_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_so_task_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_SO_TASK
tests_judged_fault_so_unchecked_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_so_unchecked_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_SO_UNCHECKED
tests_judged_fault_so_unchecked_task_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_so_unchecked_task_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_SO_UNCHECKED_TASK
tests_judged_fault_jump_heap_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_jump_heap_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_JUMP_HEAP
tests_judged_fault_jump_hole_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_jump_hole_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_JUMP_HOLE
tests_judged_fault_leaf_pop_xen_SOURCES = tests/judged/fault.c
tests_judged_fault_leaf_pop_xen_CPPFLAGS = $(AM_CPPFLAGS) -DFAULT=FAULT_LEAF_POP
tests_judged_fault_user_xen_SOURCES = tests/judged/fault-user.c
DOMU_KERNELS += $(FAULT_KERNELS)
tests/judged/fault.log: tests/guest/domu/.batch
dist_check_SCRIPTS += tests/judged/fault.sh

# Command line options and module parameters (<xenpv/param.h>): the
# options kernel gets the arguments in tests/guest/options.args, as dom0
# through tests/host/run-dom0.sh and as a domU through --guest-args (with
# loglevel=abc before them); tests/host/options.sh reads both consoles
# for the reports, and for the verdict and TAP that no loglevel hides.
# A test kernel's arguments: tests/guest/NAME.args beside its source.
AM_TESTS_ENVIRONMENT += XENPV_SRCDIR='$(abs_top_srcdir)'; export XENPV_SRCDIR;
GUEST_TESTS += tests/guest/options.xen
tests_guest_options_xen_SOURCES = tests/guest/options.c
DOMU_TESTS += tests/guest/domu/options.domu
DOMU_OPTS += --guest-args "options=loglevel=abc $$(cat $(srcdir)/tests/guest/options.args)"
tests/host/options.log: tests/guest/options.log tests/guest/domu/.batch
TESTS += tests/host/options.sh
dist_check_SCRIPTS += tests/host/options.sh tests/host/run-dom0.sh
EXTRA_DIST += tests/guest/options.args

# poweroff: a dom0 that powers off ends the run at once.
check_PROGRAMS += tests/judged/poweroff.xen
tests_judged_poweroff_xen_SOURCES = tests/judged/poweroff.c
TESTS += tests/judged/poweroff.sh
dist_check_SCRIPTS += tests/judged/poweroff.sh

# One error convention: Xen's errno values in <xenpv/errno.h>, every
# promised -ENAME defined, no bare -1 behind a public header.
TESTS += tests/sdk/errno.sh
dist_check_SCRIPTS += tests/sdk/errno.sh

# User programs for test kernels: tests/user/NAME.c, a static i386 ELF
# built with the user flags and the in-tree crt (as the .pc gives them to
# vendors), embedded by the in-tree xenpv-embed-program as
# tests/user/NAME.prog.o, which a test kernel links before the kernel:
#   check_PROGRAMS += tests/user/NAME.elf
#   tests_user_NAME_elf_SOURCES = tests/user/NAME.c
#   tests_user_NAME_elf_CFLAGS = $(user_cflags)
#   tests_user_NAME_elf_LDFLAGS = $(user_ldflags)
#   tests_user_NAME_elf_LDADD = $(user_ldadd)
#   tests_guest_foo_xen_LDADD = tests/user/NAME.prog.o $(LDADD)
# (a per-target CFLAGS also gives the program a link rule of its own: the
# kernel's linker script and objects are not for it).
user_cflags = -I$(top_srcdir)/include $(XENPV_USER_CFLAGS) -O2 -g -std=gnu11 \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes
user_ldflags = $(XENPV_USER_LDFLAGS)
user_ldadd = sdk/user/xenpv-crt0.o $(XENPV_GUEST_LIBS)
user_embed = $(SHELL) sdk/xenpv-embed-program
# (A suffix rule takes no prerequisites of its own: a changed helper
# reruns tests/sdk/embed.sh, but remakes the objects only after a clean.)
SUFFIXES = .elf .prog.o
.elf.prog.o:
	$(AM_V_GEN)$(user_embed) $< $@
CLEANFILES += tests/user/*.prog.o

# hello: prints "hello from user mode", exits 7.
check_PROGRAMS += tests/user/hello.elf
tests_user_hello_elf_SOURCES = tests/user/hello.c
tests_user_hello_elf_CFLAGS = $(user_cflags)
tests_user_hello_elf_LDFLAGS = $(user_ldflags)
tests_user_hello_elf_LDADD = $(user_ldadd)

# xenpv-embed-program: a good program embedded byte for byte, bad input
# refused, and the user flags' layout (tests/sdk/embed.sh).
TESTS += tests/sdk/embed.sh
dist_check_SCRIPTS += tests/sdk/embed.sh
tests/sdk/embed.log: tests/user/hello.elf tests/user/hello.prog.o sdk/xenpv-embed-program \
	sdk/user/xenpv-crt0.o

# The crt on the build host (tests/sdk/crt0.sh): Linux runs a static
# i386 program from the same initial stack as xenpv, so the probe checks
# main's arguments, the stack and the crt's memory functions there.  Its
# reference loops must not become calls of the functions under test.
check_PROGRAMS += tests/sdk/crt0-probe.elf
tests_sdk_crt0_probe_elf_SOURCES = tests/sdk/crt0-probe.c
tests_sdk_crt0_probe_elf_CFLAGS = $(user_cflags) -fno-tree-loop-distribute-patterns
tests_sdk_crt0_probe_elf_LDFLAGS = $(user_ldflags)
tests_sdk_crt0_probe_elf_LDADD = $(user_ldadd)
TESTS += tests/sdk/crt0.sh
dist_check_SCRIPTS += tests/sdk/crt0.sh
tests/sdk/crt0.log: tests/sdk/crt0-probe.elf sdk/user/xenpv-crt0.o
AM_TESTS_ENVIRONMENT += XENPV_USER_CFLAGS='$(XENPV_USER_CFLAGS)'; export XENPV_USER_CFLAGS;

# User programs in ring 3 (tests/guest/user.c, the programs in
# tests/user/): loading and bad images, system calls, faults that kill
# only the program, isolation, preemption, a driver's event channel, a
# fuzzer and every page back after 1,000 runs, in both roles; make bench
# reads its figures (tests/bench/user.sh).
USER_TEST_ELFS = tests/user/fault.elf tests/user/spin.elf tests/user/syscalls.elf \
	tests/user/own.elf tests/user/echo.elf tests/user/fuzz.elf tests/user/loop.elf
check_PROGRAMS += $(USER_TEST_ELFS)
tests_user_fault_elf_SOURCES = tests/user/fault.c
tests_user_fault_elf_CFLAGS = $(user_cflags)
tests_user_fault_elf_LDFLAGS = $(user_ldflags)
tests_user_fault_elf_LDADD = $(user_ldadd)
tests_user_spin_elf_SOURCES = tests/user/spin.c
tests_user_spin_elf_CFLAGS = $(user_cflags)
tests_user_spin_elf_LDFLAGS = $(user_ldflags)
tests_user_spin_elf_LDADD = $(user_ldadd)
tests_user_syscalls_elf_SOURCES = tests/user/syscalls.c
tests_user_syscalls_elf_CFLAGS = $(user_cflags)
tests_user_syscalls_elf_LDFLAGS = $(user_ldflags)
tests_user_syscalls_elf_LDADD = $(user_ldadd)
tests_user_own_elf_SOURCES = tests/user/own.c
tests_user_own_elf_CFLAGS = $(user_cflags)
tests_user_own_elf_LDFLAGS = $(user_ldflags)
tests_user_own_elf_LDADD = $(user_ldadd)
tests_user_echo_elf_SOURCES = tests/user/echo.c
tests_user_echo_elf_CFLAGS = $(user_cflags)
tests_user_echo_elf_LDFLAGS = $(user_ldflags)
tests_user_echo_elf_LDADD = $(user_ldadd)
tests_user_fuzz_elf_SOURCES = tests/user/fuzz.c
tests_user_fuzz_elf_CFLAGS = $(user_cflags)
tests_user_fuzz_elf_LDFLAGS = $(user_ldflags)
tests_user_fuzz_elf_LDADD = $(user_ldadd)
tests_user_loop_elf_SOURCES = tests/user/loop.c
tests_user_loop_elf_CFLAGS = $(user_cflags)
tests_user_loop_elf_LDFLAGS = $(user_ldflags)
tests_user_loop_elf_LDADD = $(user_ldadd)
GUEST_TESTS += tests/guest/user.xen
tests_guest_user_xen_SOURCES = tests/guest/user.c
tests_guest_user_xen_LDADD = tests/user/hello.prog.o $(USER_TEST_ELFS:.elf=.prog.o) $(LDADD)
DOMU_TESTS += tests/guest/domu/user.domu
EXTRA_DIST += tests/bench/user.sh
bench: tests/guest/user.xen

# SMP: bring-up, 100,000 cross-vCPU calls, lock torture, TLB shootdown,
# scheduling and pinning, event channels moved and a vCPU taken down
# and back, in both roles with CHECK_CPUS vCPUs; smp-one, the same
# source with one vCPU (dom0: xenpv.maxcpus=1 in smp-one.args; domU: a
# domain of one vCPU).  Its figures for make bench: tests/bench/smp.sh.
# The domU run of smp.xen is tests/host/smp.sh's own batch, with Xen on
# two CPUs (the main batch's guests share one: see xenpv-run's --pcpus).
GUEST_TESTS += tests/guest/smp-one.xen
check_PROGRAMS += tests/guest/smp.xen
TESTS += tests/guest/smp.xen tests/host/smp.sh
dist_check_SCRIPTS += tests/host/smp.sh
tests_guest_smp_xen_SOURCES = tests/guest/smp.c
tests_guest_smp_xen_LDADD = tests/user/hello.prog.o $(LDADD)
tests_guest_smp_one_xen_SOURCES = tests/guest/smp.c
tests_guest_smp_one_xen_LDADD = tests/user/hello.prog.o $(LDADD)
DOMU_TESTS += tests/guest/domu/smp-one.domu
DOMU_OPTS += --guest-cpus smp-one=1 --guest-args "smp-one=smp.min_cpus=1"
EXTRA_DIST += tests/bench/smp.sh tests/guest/smp-one.args
bench: tests/guest/smp.xen
