/*
 * Driver modules: descriptors placed by XENPV_MODULE() in the
 * .xenpv.modules section, between the linker symbols below.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/time.h>
#include <kernel/boot.h>
#include <kernel/task.h>
#include <kernel/smp.h>

extern const struct xenpv_module __modules_start[], __modules_end[];

#define MAX_MODULES 256

/* How far init got, in link order, and which inits failed, so that exit
 * unwinds exactly the modules that are up. */
static const struct xenpv_module *initialised_end;
static unsigned char init_failed[MAX_MODULES];

/* The module whose init or exit is running, for panic reports. */
static const struct xenpv_module *running;
static const char *running_phase;

const char *module_running(const char **phase)
{
	if (!running)
		return NULL;
	*phase = running_phase;
	return running->name;
}

static struct xenpv_timer *running_timer_of[NR_CPUS];
#define running_timer (running_timer_of[smp_processor_id()])

const char *module_current(void)
{
	if (running_timer)
		return running_timer->module;
	if (task_killable())            /* a task of its own */
		return task_current()->module;
	return running ? running->name : NULL;
}

const char *module_context(char *buf, size_t len)
{
	const char *m = module_current();
	struct task *t = task_current();

	snprintf(buf, len, "%s%s, in %s%s", m ? "module " : "core code", m ? m : "",
		 running_timer ? "timer callback" : task_killable() ? "task " : running ? running_phase : "boot",
		 !running_timer && task_killable() ? task_name(t) : "");
	return buf;
}

void module_run_timer(struct xenpv_timer *t)
{
	struct xenpv_timer *prev = running_timer;

	running_timer = t;
	t->fn(t->arg);
	running_timer = prev;
}

static int call_init(const struct xenpv_module *m)
{
	int rc;

	running = m;
	running_phase = "init";
	rc = m->init ? m->init() : 0;
	running = NULL;
	return rc;
}

static void call_exit(const struct xenpv_module *m)
{
	running = m;
	running_phase = "exit";
	m->exit();
	running = NULL;
}

int modules_init(void)
{
	const struct xenpv_module *m;
	int failures = 0;

	if (__modules_end - __modules_start > MAX_MODULES)
		panic("%d modules linked in; the kernel supports %d",
		      (int)(__modules_end - __modules_start), MAX_MODULES);
	for (m = __modules_start; m < __modules_end; m++) {
		int rc = call_init(m);
		size_t idx = (size_t)(m - __modules_start);

		if (rc) {
			pr_err("xenpv: module %s: init failed (%d)\n", m->name, rc);
			failures++;
		}
		init_failed[idx] = rc != 0;
		boot_phase_of("module_", m->name);
		initialised_end = m + 1;
	}
	return failures;
}

void modules_exit(void)
{
	const struct xenpv_module *m = initialised_end;

	initialised_end = NULL;     /* a second call (e.g. from exit) is a no-op */
	if (!m)
		return;
	while (m-- > __modules_start) {
		size_t idx = (size_t)(m - __modules_start);

		if (!init_failed[idx] && m->exit)
			call_exit(m);
	}
}
