/*
 * Kernels that fault on purpose, one per FAULT value, for
 * fault.sh beside it: a stack overflow (in module init, in a timer
 * callback, in a task; and in code built without the entry check, in
 * init and in a task, which only Xen's dump reports), a jump to a bad address (a kmalloc'd buffer, the
 * hypervisor hole) and a leaf function that faults after its pop %ebp.
 * Each report must name the fault and who called.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/mm.h>
#include <xenpv/task.h>
#include <xenpv/time.h>

#define FAULT_SO_INIT   1
#define FAULT_SO_TIMER  2
#define FAULT_SO_TASK   3
#define FAULT_JUMP_HEAP 4
#define FAULT_JUMP_HOLE 5
#define FAULT_LEAF_POP  6
#define FAULT_SO_UNCHECKED 7
#define FAULT_SO_UNCHECKED_TASK 8

/* Never reached: the recursion has no end the compiler can see. */
static volatile int stop_at = -1;

static int __attribute__((noinline)) overflow_deeper(int depth)
{
	volatile char pad[64];

	pad[0] = (char)depth;
	if (depth == stop_at)
		return 0;
	return overflow_deeper(depth + 1) + pad[0];
}

/* Built without the entry check, as kernel code is: the recursion runs
 * into the guard page below its stack, where Xen cannot push the
 * exception frame and kills the domain. */
static int __attribute__((noipa, no_instrument_function)) overflow_unchecked(int depth)
{
	volatile char pad[64];

	pad[0] = (char)depth;
	if (depth == stop_at)
		return 0;
	return overflow_unchecked(depth + 1) + pad[0];
}

static void overflow_in_timer(void *arg)
{
	overflow_deeper(0);
}

static int overflow_task(void *arg)
{
	return overflow_deeper(0);
}

static int overflow_unchecked_task(void *arg)
{
	return overflow_unchecked(0);
}

/* Calls fn, which jumps away: its return address is all that names us. */
static void __attribute__((noinline)) jump_to(unsigned long addr)
{
	((void (*)(void))addr)();
	asm volatile("");           /* not a tail call: the return address stays */
}

/* A leaf that has dropped its frame when it faults: the frame-pointer
 * chain then starts at its caller's caller. */
void leaf_after_pop(void);
asm(".text\n"
    ".globl leaf_after_pop\n"
    ".type leaf_after_pop, @function\n"
    "leaf_after_pop:\n"
    "  pushl %ebp\n"
    "  movl %esp, %ebp\n"
    "  popl %ebp\n"
    "  movl 0, %eax\n"
    "  ret\n"
    ".size leaf_after_pop, . - leaf_after_pop\n");

static void __attribute__((noinline)) call_leaf(void)
{
	leaf_after_pop();
	asm volatile("");
}

/* fn in a task of its own, on its own (vmalloc'd) stack, till it ends. */
static void run_task(const char *name, int (*fn)(void *))
{
	struct task_opts opts = { .name = name };
	int result;

	task_join(task_create(fn, NULL, &opts), &result);
}

static int faults_init(void)
{
	static struct xenpv_timer timer;
	uint8_t *buf;

	printk("faults kernel %d starting\n", FAULT);
	switch (FAULT) {
	case FAULT_SO_INIT:
		overflow_deeper(0);
		break;
	case FAULT_SO_TIMER:
		xenpv_timer_add(&timer, 1000000, overflow_in_timer, NULL);
		msleep(100);
		break;
	case FAULT_SO_TASK:
		run_task("deep", overflow_task);
		break;
	case FAULT_JUMP_HEAP:
		buf = kmalloc(64);
		memset(buf, 0x90, 64);      /* nops, should it run at all */
		buf[62] = 0x0f;             /* ...then ud2 */
		buf[63] = 0x0b;
		jump_to((unsigned long)buf);
		break;
	case FAULT_JUMP_HOLE:
		jump_to(0xff000000UL);
		break;
	case FAULT_LEAF_POP:
		call_leaf();
		break;
	case FAULT_SO_UNCHECKED:
		overflow_unchecked(0);
		break;
	case FAULT_SO_UNCHECKED_TASK:
		run_task("unchecked", overflow_unchecked_task);
		break;
	}
	printk("faults kernel %d: still running\n", FAULT);
	return 1;
}
XENPV_MODULE(faults, faults_init, NULL);
