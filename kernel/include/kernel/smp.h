/*
 * SMP internals (kernel/core/smp.c; the public API is <xenpv/smp.h>).
 * Per-CPU data is an array of NR_CPUS in the file that owns it, indexed
 * by smp_processor_id().
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <xenpv/smp.h>
#include <kernel/paravirt.h>

#define NR_CPUS XENPV_NR_CPUS

/* IPIs: one event channel per vCPU and kind. */
enum ipi_vector { IPI_RESCHEDULE, IPI_CALL_FUNCTION, NR_IPIS };

/* start_kernel, after init_IRQ: bring up the other vCPUs. */
void smp_init(void);
/* The backend's IPI handler. */
void smp_ipi_interrupt(enum ipi_vector v);
/* Wake vCPU cpu if it is halted (the scheduler, timers). */
void smp_send_reschedule(unsigned int cpu);
/* A CPU's first code and its idle loop (kernel/core/smp.c, task.c). */
void __attribute__((noreturn)) cpu_idle_loop(void);
/*
 * One step of a wait for another vCPU (a call's end, a switch away from
 * a task, a timer function's return): a pause, and every 64 steps the
 * physical CPU back to Xen, since the vCPU waited for may be waiting
 * for it (two vCPUs of ours on one physical CPU).
 */
static inline void smp_wait_step(unsigned int *steps)
{
	__asm__ __volatile__("pause" ::: "memory");
	if ((++*steps & 63) == 0 && pv_ops.irq.halt)
		pv_ops.irq.halt();
}

/* Set while a vCPU is being taken down (its idle loop stops it). */
int cpu_dying(unsigned int cpu);
/* Where a going vCPU's irqs and timers move: the first online vCPU that
 * stays, or -ENODEV. */
int cpu_fallback(void);
void cpu_play_dead(void);

#endif
