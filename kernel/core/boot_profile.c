/*
 * The boot profile: boot is cut into phases, each ended by boot_phase()
 * with its name; for each, the PV-clock time since the previous mark
 * (the first runs from the kernel's first instruction), the hypercalls
 * the boot vCPU made and the console writes.  Marking costs a TSC read
 * and two counter reads, no hypercall and no output: the figures print
 * once, at the end (boot_profile_print), so that printing them changes
 * nothing they measure.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>
#include <kernel/processor.h>

#define MAX_PHASES 40

struct phase {
	const char *prefix, *name;
	uint64_t tsc;
	unsigned long hypercalls, console_writes;
};

static struct phase phases[MAX_PHASES];
static unsigned int nr_phases, dropped;
static int sealed;

static unsigned long hypercalls_now(void)
{
	return pv_ops.platform.hypercall_count ? pv_ops.platform.hypercall_count() : 0;
}

void boot_phase_of(const char *prefix, const char *name)
{
	struct phase *p;

	if (sealed)
		return;
	if (nr_phases == MAX_PHASES) {
		dropped++;
		return;
	}
	p = &phases[nr_phases++];
	p->prefix = prefix;
	p->name = name;
	p->tsc = rdtsc();
	p->hypercalls = hypercalls_now();
	p->console_writes = console_write_count();
}

void boot_profile_seal(void)
{
	sealed = 1;
}

void boot_profile_print(void)
{
	struct phase prev = { .tsc = boot_info.entry_tsc };
	static int printed;
	unsigned int i;
	char key[80];

	if (printed++)
		return;
	for (i = 0; i < nr_phases; i++) {
		const struct phase *p = &phases[i];

		snprintf(key, sizeof(key), "phase_%s%s_ns", p->prefix, p->name);
		xenpv_stat(key, pv_ops.time.tsc_to_ns(p->tsc - prev.tsc));
		snprintf(key, sizeof(key), "phase_%s%s_hypercalls", p->prefix, p->name);
		xenpv_stat(key, p->hypercalls - prev.hypercalls);
		snprintf(key, sizeof(key), "phase_%s%s_console_writes", p->prefix, p->name);
		xenpv_stat(key, p->console_writes - prev.console_writes);
		prev = *p;
	}
	if (dropped)
		pr_warn("boot profile: %u phases past the first %d not recorded\n", dropped, MAX_PHASES);
}
