/*
 * Secondary vCPUs under Xen: a boot context of their own for
 * VCPUOP_initialise (GDT, stacks, callbacks, trap table, the kernel's
 * pagetables), VCPUOP_up/down/is_up, and IPIs, which are event channels
 * bound to one vCPU (EVTCHNOP_bind_ipi).
 */
#include <xenpv/kernel.h>
#include <xen/vcpu.h>
#include <xenpv/events.h>
#include <kernel/smp.h>
#include <kernel/desc.h>
#include "hypercall.h"
#include "backend.h"

void hypervisor_callback(void), failsafe_callback(void);

static int ipi_irq[NR_CPUS][NR_IPIS];

/* Where Xen allows it, each vCPU's vcpu_info lives here, 64-byte
 * aligned so that none crosses a page. */
struct vcpu_info *xen_vcpu_info[NR_CPUS];
static struct vcpu_info vcpu_area[NR_CPUS] __attribute__((aligned(64)));

/* For vCPU 0 itself, or a vCPU not yet up (Xen's rule).  Xen copies
 * the old contents over and marks every event pending once. */
int xen_vcpu_place(unsigned int cpu)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = virt_to_mfn(&vcpu_area[cpu]),
		.offset = (uint32_t)((unsigned long)&vcpu_area[cpu] & ~PAGE_MASK),
	};
	unsigned long flags = local_irq_save();
	int rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, &r);

	if (rc == 0)
		xen_vcpu_info[cpu] = &vcpu_area[cpu];
	local_irq_restore(flags);
	if (rc)
		printk(KERN_INFO "xen: vCPU %u keeps its vcpu_info in shared_info (VCPUOP_register_vcpu_info: %d)\n",
		       cpu, rc);
	return rc;
}
static const char *const ipi_name[NR_IPIS] = { "ipi-reschedule", "ipi-call" };

/* Xen numbers a domain's vCPUs from 0; VCPUOP_is_up fails past the last. */
unsigned int xen_possible_cpus(unsigned int max)
{
	unsigned int n;

	for (n = 0; n < max; n++)
		if (HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) < 0)
			break;
	return n ? n : 1;
}

int xen_boot_cpu(unsigned int cpu, uint64_t *gdt, unsigned int entries,
		 unsigned long sp0, unsigned long esp, void (*entry)(void))
{
	vcpu_guest_context_t *ctx;
	unsigned long frame = xen_gdt_frame(gdt);
	int rc;

	if (!frame)
		return -EINVAL;
	if (xen_batches_alloc(cpu))
		return -ENOMEM;
	xen_vcpu_place(cpu);            /* while it is down, as Xen requires */
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->flags = VGCF_IN_KERNEL;
	ctx->user_regs.cs = FLAT_KERNEL_CS;
	ctx->user_regs.ds = ctx->user_regs.es = FLAT_KERNEL_DS;
	ctx->user_regs.ss = FLAT_KERNEL_SS;
	ctx->user_regs.eip = (unsigned long)entry;
	ctx->user_regs.esp = esp;
	ctx->user_regs.eflags = 0x2;        /* events stay masked in vcpu_info */
	xen_copy_trap_table(ctx->trap_ctxt);
	ctx->gdt_frames[0] = frame;
	ctx->gdt_ents = entries;
	ctx->kernel_ss = FLAT_KERNEL_SS;
	ctx->kernel_sp = sp0;
	ctx->event_callback_cs = FLAT_KERNEL_CS;
	ctx->event_callback_eip = (unsigned long)hypervisor_callback;
	ctx->failsafe_callback_cs = FLAT_KERNEL_CS;
	ctx->failsafe_callback_eip = (unsigned long)failsafe_callback;
	ctx->ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn(init_mm.l3));
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, cpu, ctx);
	kfree(ctx);
	if (rc) {
		printk(KERN_ERR "xen: VCPUOP_initialise of vCPU %u refused: %d\n", cpu, rc);
		return rc;
	}
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
	if (rc)
		printk(KERN_ERR "xen: VCPUOP_up of vCPU %u refused: %d\n", cpu, rc);
	return rc;
}

static irqreturn_t ipi_interrupt(int irq, void *dev_id, struct pt_regs *regs)
{
	(void)irq;
	(void)regs;
	smp_ipi_interrupt((enum ipi_vector)(uintptr_t)dev_id);
	return IRQ_HANDLED;
}

/* On vCPU cpu itself: its timer (vCPU 0's is set up by init_IRQ) and
 * its IPIs.  Ports stay bound while a vCPU is down, so this runs once. */
int xen_init_cpu(unsigned int cpu)
{
	unsigned int v;

	if (cpu)
		xen_timer_init();
	for (v = 0; v < NR_IPIS; v++) {
		int irq = xen_bind_ipi(cpu, ipi_interrupt, ipi_name[v], (void *)(uintptr_t)v);

		if (irq < 0) {
			printk(KERN_ERR "xen: cannot bind %s for vCPU %u: %d\n", ipi_name[v], cpu, irq);
			return irq;
		}
		ipi_irq[cpu][v] = irq;
	}
	return 0;
}

void xen_send_ipi(unsigned int cpu, enum ipi_vector v)
{
	if (cpu < NR_CPUS && v < NR_IPIS)
		notify_remote_via_irq((unsigned int)ipi_irq[cpu][v]);
}

/* Events masked; no timer may wake a vCPU that is down.  VCPUOP_down
 * returns when VCPUOP_up starts the vCPU again. */
void xen_play_dead(void)
{
	unsigned int cpu = smp_processor_id();

	HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, cpu, NULL);
	if (HYPERVISOR_vcpu_op(VCPUOP_down, cpu, NULL))
		panic("xen: vCPU %u cannot go down", cpu);
}

int xen_wake_cpu(unsigned int cpu)
{
	return HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
}

int xen_cpu_is_up(unsigned int cpu)
{
	return HYPERVISOR_vcpu_op(VCPUOP_is_up, cpu, NULL);
}
