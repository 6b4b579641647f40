/*
 * The kernel's exception table in Xen's format: trap_info entries whose
 * flags carry the gate's DPL (bits 0-1) and "mask events on entry"
 * (bit 2), loaded with set_trap_table.  cr2 comes from vcpu_info.
 */
#include <xenpv/kernel.h>
#include <kernel/traps.h>
#include "hypercall.h"
#include "backend.h"

#define TI_EVENTS_OFF 4

static trap_info_t table[256 + 1];

int xen_load_trap_table(const struct trap_gate *gates, unsigned int n)
{
	unsigned int i;

	if (n >= ARRAY_SIZE(table))
		return -1;
	for (i = 0; i < n; i++) {
		table[i].vector = gates[i].vector;
		table[i].flags = (gates[i].dpl & 3) | (gates[i].events_off ? TI_EVENTS_OFF : 0);
		table[i].cs = FLAT_KERNEL_CS;
		table[i].address = (unsigned long)gates[i].handler;
	}
	memset(&table[n], 0, sizeof(table[n]));  /* address 0 ends the table */
	return HYPERVISOR_set_trap_table(table);
}

/* A vCPU's boot context holds its trap table indexed by vector. */
void xen_copy_trap_table(struct trap_info *by_vector)
{
	const trap_info_t *t;

	for (t = table; t->address; t++)
		by_vector[t->vector] = *t;
}

unsigned long xen_read_cr2(void)
{
	return xen_vcpu()->arch.cr2;
}
