/*
 * Typed hypercall wrappers.  Only kernel/xen/ includes this file: the rest
 * of the kernel reaches Xen through pv_ops.
 *
 * A 32-bit PV guest calls the 32-byte stub for hypercall N at
 * hypercall_page + N * 32, which Xen fills in at domain build time.
 * Arguments go in ebx, ecx, edx, esi, edi; the result comes back in eax.
 * The hypercall may read or write guest memory, hence the "memory" clobber.
 */
#ifndef KERNEL_XEN_HYPERCALL_H
#define KERNEL_XEN_HYPERCALL_H

#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/memory.h>
#include <xen/event_channel.h>
#include <xen/callback.h>
#include <xen/vcpu.h>
#include <xen/grant_table.h>
#include <kernel/smp.h>

extern char hypercall_page[4096];

/* Calls made through each stub, for xenpv-stat lines and tests, each
 * vCPU its own (xen_hypercall_count is this vCPU's row): a figure taken
 * around an operation counts only the vCPU that ran it. */
extern unsigned long xen_hypercall_counts[NR_CPUS][64];
#define xen_hypercall_count (xen_hypercall_counts[smp_processor_id()])

#define __HC_STR(x) #x
#define __HC_XSTR(x) __HC_STR(x)
#define __HC_CALL(name) \
	"call hypercall_page + (" __HC_XSTR(__HYPERVISOR_##name) " * 32)"
#define __HC_COUNT(name) (xen_hypercall_count[__HYPERVISOR_##name]++)

#define _hypercall0(type, name) ({ \
	long __res; \
	__HC_COUNT(name); \
	asm volatile(__HC_CALL(name) : "=a"(__res) : : "memory"); \
	(type)__res; })

#define _hypercall1(type, name, a1) ({ \
	long __res, __i1; \
	__HC_COUNT(name); \
	asm volatile(__HC_CALL(name) : "=a"(__res), "=b"(__i1) \
		     : "1"((long)(a1)) : "memory"); \
	(type)__res; })

#define _hypercall2(type, name, a1, a2) ({ \
	long __res, __i1, __i2; \
	__HC_COUNT(name); \
	asm volatile(__HC_CALL(name) : "=a"(__res), "=b"(__i1), "=c"(__i2) \
		     : "1"((long)(a1)), "2"((long)(a2)) : "memory"); \
	(type)__res; })

#define _hypercall3(type, name, a1, a2, a3) ({ \
	long __res, __i1, __i2, __i3; \
	__HC_COUNT(name); \
	asm volatile(__HC_CALL(name) \
		     : "=a"(__res), "=b"(__i1), "=c"(__i2), "=d"(__i3) \
		     : "1"((long)(a1)), "2"((long)(a2)), "3"((long)(a3)) \
		     : "memory"); \
	(type)__res; })

#define _hypercall4(type, name, a1, a2, a3, a4) ({ \
	long __res, __i1, __i2, __i3, __i4; \
	__HC_COUNT(name); \
	asm volatile(__HC_CALL(name) \
		     : "=a"(__res), "=b"(__i1), "=c"(__i2), "=d"(__i3), \
		       "=S"(__i4) \
		     : "1"((long)(a1)), "2"((long)(a2)), "3"((long)(a3)), \
		       "4"((long)(a4)) \
		     : "memory"); \
	(type)__res; })

#define _hypercall5(type, name, a1, a2, a3, a4, a5) ({ \
	long __res, __i1, __i2, __i3, __i4, __i5; \
	__HC_COUNT(name); \
	asm volatile(__HC_CALL(name) \
		     : "=a"(__res), "=b"(__i1), "=c"(__i2), "=d"(__i3), \
		       "=S"(__i4), "=D"(__i5) \
		     : "1"((long)(a1)), "2"((long)(a2)), "3"((long)(a3)), \
		       "4"((long)(a4)), "5"((long)(a5)) \
		     : "memory"); \
	(type)__res; })

/* A hypercall chosen at run time (a one-entry multicall batch, issued
 * directly): number op, the first five of args[]. */
static inline long xen_single_call(unsigned long op, const unsigned long *args)
{
	unsigned long entry = (unsigned long)hypercall_page + (op & 63) * 32;
	long __res, __i1, __i2, __i3, __i4, __i5;

	xen_hypercall_count[op & 63]++;
	asm volatile("call *%[entry]"
		     : "=a"(__res), "=b"(__i1), "=c"(__i2), "=d"(__i3),
		       "=S"(__i4), "=D"(__i5)
		     : "1"(args[0]), "2"(args[1]), "3"(args[2]), "4"(args[3]),
		       "5"(args[4]), [entry] "m"(entry)
		     : "memory");
	return __res;
}

static inline int HYPERVISOR_set_trap_table(const trap_info_t *table)
{
	return _hypercall1(int, set_trap_table, table);
}

/* frames[] are machine frame numbers of the (read-only) GDT pages. */
static inline int HYPERVISOR_set_gdt(const unsigned long *frames, unsigned int entries)
{
	return _hypercall2(int, set_gdt, frames, entries);
}

/* The entry's machine address and the 64-bit descriptor, each passed as
 * two 32-bit halves. */
static inline int HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return _hypercall4(int, update_descriptor,
			   (unsigned long)maddr, (unsigned long)(maddr >> 32),
			   (unsigned long)desc, (unsigned long)(desc >> 32));
}

/* The ring-1 stack Xen switches to on an exception from ring 3. */
static inline int HYPERVISOR_stack_switch(unsigned long ss, unsigned long esp)
{
	return _hypercall2(int, stack_switch, ss, esp);
}

/* Set (1) or clear (0) the virtual CR0.TS. */
static inline int HYPERVISOR_fpu_taskswitch(int set)
{
	return _hypercall1(int, fpu_taskswitch, set);
}

static inline int HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
	return _hypercall3(int, console_io, cmd, count, buf);
}

static inline int HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _hypercall2(int, sched_op, cmd, arg);
}

static inline int HYPERVISOR_xen_version(int cmd, void *arg)
{
	return _hypercall2(int, xen_version, cmd, arg);
}

static inline int HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return _hypercall2(int, memory_op, cmd, arg);
}

static inline int HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return _hypercall2(int, event_channel_op, cmd, arg);
}

static inline int HYPERVISOR_callback_op(int cmd, const void *arg)
{
	return _hypercall2(int, callback_op, cmd, arg);
}

static inline int HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return _hypercall3(int, vcpu_op, cmd, vcpu, arg);
}

/* The PTE is 64 bits under PAE: passed as two 32-bit halves. */
static inline int HYPERVISOR_update_va_mapping(unsigned long va,
					       uint64_t pte, unsigned long flags)
{
	return _hypercall4(int, update_va_mapping, va,
			   (unsigned long)pte, (unsigned long)(pte >> 32), flags);
}

static inline int HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count,
					unsigned int *done, domid_t dom)
{
	return _hypercall4(int, mmu_update, req, count, done, dom);
}

static inline int HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned int count,
				       unsigned int *done, domid_t dom)
{
	return _hypercall4(int, mmuext_op, op, count, done, dom);
}

/* uop: an array of count GNTTABOP_cmd structures, each with its status. */
static inline int HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
	return _hypercall3(int, grant_table_op, cmd, uop, count);
}

static inline int HYPERVISOR_multicall(multicall_entry_t *calls, unsigned int n)
{
	return _hypercall2(int, multicall, calls, n);
}

static inline int HYPERVISOR_shutdown(unsigned int reason)
{
	struct sched_shutdown arg = { .reason = reason };

	return HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
}

#endif
