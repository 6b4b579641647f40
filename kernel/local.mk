# The kernel: a static archive of everything but the start object, the
# start object itself and the linker script, installed for vendors under
# $(prefix)/lib/xenpv-sdk/i386 (not the multiarch libdir: these are i386
# guest objects whatever the host).
xenpvlibdir = $(prefix)/lib/xenpv-sdk/i386
xenpvlib_LIBRARIES = kernel/libxenpv.a
xenpvlib_DATA = kernel/xenpv-start.o kernel/xenpv.lds
# The kernel's own code is not instrumented: only modules call the stack
# overflow check (kernel/core/stackcheck.c).
kernel_libxenpv_a_CFLAGS = $(GUEST_CFLAGS)

kernel_libxenpv_a_SOURCES = \
	kernel/include/kernel/boot.h \
	kernel/include/kernel/mm.h \
	kernel/include/kernel/paravirt.h \
	kernel/include/kernel/processor.h \
	kernel/include/kernel/traps.h \
	kernel/include/kernel/entry.h \
	kernel/include/kernel/desc.h \
	kernel/include/kernel/task.h \
	kernel/include/kernel/smp.h \
	kernel/include/kernel/irq.h \
	kernel/include/kernel/elf.h \
	kernel/include/kernel/process.h \
	kernel/core/main.c \
	kernel/core/boot_profile.c \
	kernel/core/backtrace.c \
	kernel/core/cmdline.c \
	kernel/core/cpu.c \
	kernel/core/desc.c \
	kernel/core/irq.c \
	kernel/core/module.c \
	kernel/core/panic.c \
	kernel/core/param.c \
	kernel/core/printk.c \
	kernel/core/symbols.c \
	kernel/core/syscall.c \
	kernel/core/elf.c \
	kernel/core/process.c \
	kernel/core/process_event.c \
	kernel/core/preempt.c \
	kernel/core/switch.S \
	kernel/core/entry.S \
	kernel/core/stackcheck.c \
	kernel/core/smp.c \
	kernel/core/task.c \
	kernel/core/tap.c \
	kernel/core/timer.c \
	kernel/core/traps.c \
	kernel/core/uaccess.c \
	kernel/core/wait.c \
	kernel/lib/string.c \
	kernel/lib/reqid.c \
	kernel/lib/blkif_rsp.c \
	kernel/lib/atomic64.c \
	kernel/lib/bitmap.c \
	kernel/lib/spinlock.c \
	kernel/mm/buddy.h \
	kernel/mm/buddy.c \
	kernel/mm/init.c \
	kernel/mm/page_alloc.c \
	kernel/mm/kmalloc.c \
	kernel/mm/vmalloc.c \
	kernel/mm/aspace.c \
	kernel/mm/uspace.c \
	kernel/mm/phys.c \
	kernel/lib/vsnprintf.c \
	kernel/xen/hypercall.h \
	kernel/xen/backend.h \
	kernel/xen/enlighten.c \
	kernel/xen/bootstrap.c \
	kernel/xen/callbacks.c \
	kernel/xen/console.c \
	kernel/xen/cpu.c \
	kernel/xen/desc.c \
	kernel/xen/events.c \
	kernel/xen/smp.c \
	kernel/xen/grant.c \
	kernel/xen/grant_map.c \
	kernel/xen/evtchn_scan.h \
	kernel/xen/evtchn_scan.c \
	kernel/xen/irq.c \
	kernel/xen/mmu.c \
	kernel/xen/mmu_batch.h \
	kernel/xen/mmu_batch.c \
	kernel/xen/multicall_batch.h \
	kernel/xen/multicall_batch.c \
	kernel/xen/multicall.c \
	kernel/xen/pagetable.c \
	kernel/xen/direct_map.c \
	kernel/xen/pgd.c \
	kernel/xen/p2m.c \
	kernel/xen/symtab.c \
	kernel/xen/time.c \
	kernel/xen/traps.c \
	kernel/xen/xenstore.h \
	kernel/xen/xenstore.c \
	kernel/xen/xenstore_ring.c \
	kernel/xen/xenbus.c \
	kernel/xen/xenbus_ring.c \
	kernel/xen/entry.S

kernel/xenpv-start.o: $(top_srcdir)/kernel/xen/head.S
	$(AM_V_CCAS)$(CCAS) $(AM_CPPFLAGS) $(AM_CCASFLAGS) $(CCASFLAGS) -c -o $@ $(top_srcdir)/kernel/xen/head.S

CLEANFILES += kernel/xenpv-start.o
EXTRA_DIST += kernel/xen/head.S kernel/xenpv.lds

xenpvincludedir = $(includedir)/xenpv
xenpvinclude_HEADERS = \
	include/xenpv/atomic.h \
	include/xenpv/barrier.h \
	include/xenpv/bitops.h \
	include/xenpv/blkif.h \
	include/xenpv/completion.h \
	include/xenpv/errno.h \
	include/xenpv/events.h \
	include/xenpv/grant.h \
	include/xenpv/irq.h \
	include/xenpv/kernel.h \
	include/xenpv/list.h \
	include/xenpv/math64.h \
	include/xenpv/mm.h \
	include/xenpv/module.h \
	include/xenpv/param.h \
	include/xenpv/printk.h \
	include/xenpv/process.h \
	include/xenpv/reqid.h \
	include/xenpv/smp.h \
	include/xenpv/spinlock.h \
	include/xenpv/tap.h \
	include/xenpv/task.h \
	include/xenpv/time.h \
	include/xenpv/user.h \
	include/xenpv/wait.h \
	include/xenpv/xenbus.h \
	include/xenpv/xenstore.h
