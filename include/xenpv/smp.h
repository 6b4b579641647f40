/*
 * xenpv/smp.h - the vCPUs: which one runs this code, which are online,
 * running a function on another, and taking one down and back up.
 *
 * The kernel brings up every vCPU Xen gave the domain at boot, before
 * module init (xenpv.maxcpus=N caps the number).  Kernel code is never
 * preempted, but a task may move to another vCPU whenever it yields or
 * sleeps: smp_processor_id() is only stable while events are masked or
 * the task is pinned (task_set_cpus, <xenpv/task.h>).
 */
#ifndef XENPV_SMP_H
#define XENPV_SMP_H

#define XENPV_NR_CPUS 8

/* Each vCPU's GDT has a ring-3 data descriptor whose limit is the
 * vCPU's number; LSL reads it without loading it (0 before the GDT). */
#define XENPV_CPU_SELECTOR 0x6b

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline unsigned int smp_processor_id(void)
{
	unsigned int id = 0;

#ifdef __i386__
	__asm__ __volatile__("lsl %1, %0" : "+r"(id) : "r"((uint32_t)XENPV_CPU_SELECTOR) : "cc");
#endif  /* host unit tests of kernel files: one CPU, 0 */
	return id;
}

/* Online vCPUs: a count and a mask (bit n: vCPU n). */
unsigned int num_online_cpus(void);
unsigned long cpu_online_mask(void);
static inline int cpu_online(unsigned int cpu)
{
	return cpu < XENPV_NR_CPUS && (cpu_online_mask() >> cpu) & 1;
}
/* vCPUs the domain has (online or not). */
unsigned int num_possible_cpus(void);

typedef void (*smp_call_func_t)(void *info);
/*
 * Run fn(info) on vCPU cpu, in irq context (events masked, on that
 * vCPU's IRQ stack), through an IPI; on this vCPU it is called directly.
 * With wait, return once fn has returned; without, once it is queued
 * (the caller keeps info alive until fn has run).  While it waits the
 * caller runs what other vCPUs ask of it, so two vCPUs calling each
 * other never deadlock.  0, -EINVAL (no such vCPU, or fn NULL),
 * -ENODEV (offline), -ENOMEM (no memory for an unwaited call).
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t fn, void *info, int wait);
/* fn(info) on every online vCPU, this one too; waits when wait is set. */
int on_each_cpu(smp_call_func_t fn, void *info, int wait);

/*
 * CPU hot-unplug.  cpu_down moves vCPU cpu's event channels (their
 * handlers, fixup_irqs) and timers to the other online vCPUs, lets its
 * tasks run elsewhere and stops it (VCPUOP_down); cpu_up starts it
 * again.  Both wait until it is done; from a task only.  0; -EINVAL (no
 * such vCPU, or vCPU 0), -EBUSY (the last online vCPU, or a task pinned
 * to it alone: named on the console), -EALREADY (already down / up),
 * -EDEADLK from irq context.
 */
int cpu_down(unsigned int cpu);
int cpu_up(unsigned int cpu);

/* Counters for tests and benchmarks: IPIs sent and received by this
 * kernel since boot, spinlock acquisitions that had to wait. */
unsigned long smp_ipis_sent(void);
unsigned long smp_ipis_received(void);
unsigned long spin_contended(void);

#endif /* __ASSEMBLER__ */
#endif
