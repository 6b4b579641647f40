/*
 * xenpv/irq.h - interrupts for modules, in the shape of the old
 * include/asm-i386/irq.h: numbered irqs, request_irq/free_irq, do_IRQ,
 * per-CPU IRQ stacks.  Under Xen an irq is an event channel the backend
 * bound (see <xenpv/events.h>); handlers run on the CPU's IRQ stack with
 * events masked.
 */
#ifndef XENPV_IRQ_H
#define XENPV_IRQ_H

#include <stdint.h>

#define NR_IRQS 64

struct pt_regs;

typedef int irqreturn_t;
#define IRQ_NONE    0
#define IRQ_HANDLED 1

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id, struct pt_regs *regs);

/* i386 legacy: the cascade irq 2 is irq 9; others are themselves. */
static inline int irq_canonicalize(int irq)
{
	return irq == 2 ? 9 : irq;
}

/* Attach handler to a bound irq and unmask it.  0, or -EINVAL for an irq
 * nobody bound, -EBUSY if it already has a handler.  flags: none yet. */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
/* Mask irq and detach the handler registered with dev_id. */
int free_irq(unsigned int irq, void *dev_id);
/* Mask/unmask one irq (its event channel) without detaching. */
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);
/* Times irq's handler ran; the name given to request_irq. */
unsigned long irq_count(unsigned int irq);
const char *irq_name(unsigned int irq);

/* Dispatch one irq, ~regs->vector (as Linux's orig_eax), on the IRQ stack.
 * The event upcall calls it per pending port.  Returns 1 if handled. */
unsigned int do_IRQ(struct pt_regs *regs);

/* Boot: IRQ stack, then the backend's interrupt set-up (pv_ops.irq.init_IRQ:
 * under Xen the callbacks and the event channel -> irq map), then events
 * on.  native_init_IRQ is the native (8259/APIC) variant; under Xen it
 * panics, saying so. */
void init_IRQ(void);
void native_init_IRQ(void);

/* Per-CPU IRQ stacks: allocate/free cpu's; irq_stack_top gives its top
 * (NULL if none), so code can tell whether it runs on it. */
int irq_ctx_init(unsigned int cpu);  /* 0, -EINVAL (cpu), -ENOMEM */
void irq_ctx_exit(unsigned int cpu);
void *irq_stack_top(unsigned int cpu);
/* Non-zero inside an irq handler. */
int in_irq(void);

/* After a CPU change (hotplug; cpu_down calls it on the vCPU going
 * away): move every requested irq delivered on a vCPU that is offline or
 * going down to the first that stays, then check each binding.  Returns
 * how many are bound, or -ENOTCONN if one no longer is (-errno from Xen
 * if it refuses a move). */
int fixup_irqs(void);
/* Deliver irq (an event channel bound to it) on vCPU cpu from now on
 * (EVTCHNOP_bind_vcpu): 0; -EINVAL for no handler, an offline vCPU, or
 * an irq that belongs to one vCPU (its timer, its IPIs).  irq_get_cpu:
 * the vCPU it is delivered on, or -errno. */
int irq_set_affinity(unsigned int irq, unsigned int cpu);
int irq_get_cpu(unsigned int irq);

/* The virtual interrupt flag (events delivered or held back). */
void local_irq_disable(void);
void local_irq_enable(void);
int irqs_disabled(void);
unsigned long xenpv_irq_save(void);
void xenpv_irq_restore(unsigned long flags);
/* Wait for an event with events enabled (returns with them enabled). */
void safe_halt(void);

#endif
