/*
 * The PV clock: Xen publishes, per vCPU, a system time stamp, the TSC
 * value it was taken at and a scale.  Time now is the stamp plus the
 * scaled TSC delta, read under the version counter (odd while Xen
 * updates the record).
 */
#include <xenpv/kernel.h>
#include <kernel/processor.h>
#include <xenpv/events.h>
#include <kernel/irq.h>
#include "hypercall.h"
#include "backend.h"

/* delta * mul_frac / 2^32, after the power-of-two shift. */
static uint64_t scale_delta(uint64_t delta, uint32_t mul_frac, int8_t shift)
{
	uint64_t lo, hi;

	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	lo = (delta & 0xffffffffULL) * mul_frac;
	hi = (delta >> 32) * mul_frac;
	return hi + (lo >> 32);
}

struct time_snapshot {
	uint64_t system_time, tsc_timestamp;
	uint32_t mul_frac;
	int8_t shift;
};

static void read_time_info(struct time_snapshot *s)
{
	volatile struct vcpu_time_info *t = &xen_vcpu()->time;
	uint32_t version;

	do {
		version = t->version;
		barrier();
		s->system_time = t->system_time;
		s->tsc_timestamp = t->tsc_timestamp;
		s->mul_frac = t->tsc_to_system_mul;
		s->shift = t->tsc_shift;
		barrier();
	} while ((version & 1) || version != t->version);
}

uint64_t xen_clock_ns(void)
{
	struct time_snapshot s;

	read_time_info(&s);
	return s.system_time + scale_delta(rdtsc() - s.tsc_timestamp, s.mul_frac, s.shift);
}

uint64_t xen_tsc_to_ns(uint64_t tsc_delta)
{
	struct time_snapshot s;

	read_time_info(&s);
	return scale_delta(tsc_delta, s.mul_frac, s.shift);
}

/* Flags 0: a deadline already past fires at once rather than failing. */
/* Time this vCPU was runnable but not running (another domain, dom0
 * as a rule, had the physical CPU): what wall-clock figures include
 * that the kernel did not spend.  0 if Xen will not say. */
uint64_t xen_steal_ns(void)
{
	struct vcpu_runstate_info info;

	if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, smp_processor_id(), &info))
		return 0;
	return info.time[RUNSTATE_runnable];
}

int xen_set_timer(uint64_t abs_ns)
{
	struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = abs_ns, .flags = 0 };

	/* Xen takes a one-shot timer from the vCPU it is for only. */
	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, smp_processor_id(), &t);
}

static irqreturn_t timer_virq(int irq, void *dev_id, struct pt_regs *regs)
{
	timer_interrupt();
	return IRQ_HANDLED;
}

/* Xen starts PV vCPUs with a periodic tick; only our deadlines should
 * raise VIRQ_TIMER, which is the calling vCPU's own. */
void xen_timer_init(void)
{
	unsigned int cpu = smp_processor_id();
	int irq;

	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);
	irq = xen_bind_virq_cpu(VIRQ_TIMER, cpu, timer_virq, "timer");
	if (irq < 0)
		panic("cannot bind VIRQ_TIMER of vCPU %u: %d", cpu, irq);
}
