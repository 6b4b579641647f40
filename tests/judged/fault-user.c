/*
 * A fault in user mode that nothing caught kills only its task: two
 * tasks fault in ring 3 (ud2, a NULL read), a third yields all along and
 * ends normally, and the kernel goes on to a clean verdict.  The console
 * lines naming each killed task are checked by fault.sh beside it.
 */
#include "../guest/guest-test.h"
#include <xenpv/task.h>
#include <kernel/desc.h>
#include <kernel/traps.h>

#define UD2_AT   0
#define NULL_AT  16

static uint8_t user_code[4096] __attribute__((aligned(4096)));
static uint32_t user_stack[1024] __attribute__((aligned(4096)));
static const uint8_t user_blob[] = {
	[UD2_AT] = 0x0f, 0x0b,                          /* ud2 */
	[NULL_AT] = 0xa1, 0x00, 0x00, 0x00, 0x00,       /* movl 0, %eax */
	0x0f, 0x0b,
};

static int make_user(void *va, int exec)
{
	const uint64_t *pte = xen_kernel_pte((unsigned long)va);

	if (!pte)
		return -1;
	return HYPERVISOR_update_va_mapping((unsigned long)va,
					    (*pte | _PAGE_USER) & ~(exec ? _PAGE_NX : 0),
					    UVMF_INVLPG | UVMF_LOCAL);
}

/* Into ring 3 at user_code + offset, each task on its own part of the
 * user stack page; a fault there never comes back. */
static int run_user(void *arg)
{
	unsigned long offset = (unsigned long)arg;
	uint32_t *sp = &user_stack[offset ? 512 : 1024];

	asm volatile("pushl %0; pushl %1; pushl $0x202; pushl %2; pushl %3; iret"
		     : : "i"(USER_DS), "r"(sp), "i"(USER_CS), "r"(user_code + offset)
		     : "memory");
	return -1;
}

static volatile int survivor_rounds;

static int survivor(void *arg)
{
	int i;

	for (i = 0; i < 10; i++) {
		survivor_rounds++;
		yield();
	}
	return 42;
}

static int user_fault_init(void)
{
	static const struct task_opts ud_opts = { .name = "user-ud" }, null_opts = { .name = "user-null" },
		survivor_opts = { .name = "survivor" };
	struct task *ud, *null_read, *other;
	int result = 0;

	tap_plan(8);
	memcpy(user_code, user_blob, sizeof(user_blob));
	if (make_user(user_code, 1) || make_user(user_stack, 0))
		tap_bail_out("no user pages");
	other = task_create(survivor, NULL, &survivor_opts);
	ud = task_create(run_user, (void *)UD2_AT, &ud_opts);
	null_read = task_create(run_user, (void *)NULL_AT, &null_opts);
	if (!ok(other && ud && null_read, "three tasks created"))
		return tap_done();

	is(task_join(ud, &result), -EFAULT, "a task killed by ud2 in user mode joins with -EFAULT");
	is(result, X86_TRAP_UD, "and the invalid opcode's vector as its result");
	result = 0;
	is(task_join(null_read, &result), -EFAULT, "a task killed by a NULL read in user mode joins with -EFAULT");
	is(result, X86_TRAP_PF, "and the page fault's vector as its result");
	result = 0;
	is(task_join(other, &result), 0, "the other task ends normally");
	is(result, 42, "with its own result");
	is(survivor_rounds, 10, "after all its rounds: it ran on after the others died");
	return tap_done();
}
XENPV_MODULE(user_fault, user_fault_init, NULL);
