/*
 * Stack backtraces along the frame-pointer chain (the kernel is built
 * with -fno-omit-frame-pointer): each frame holds the caller's ebp, then
 * the return address.  Every read is probed, so a corrupt chain ends the
 * trace instead of faulting inside an oops.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>
#include <kernel/traps.h>
#include <kernel/irq.h>

#define MAX_FRAMES 32
#define MAX_STEPS 4096

extern char _text[], _etext[];

static void print_frame(unsigned long addr, int is_return)
{
	char sym[128];

	printk(KERN_EMERG " [<%08lx>] %s\n", addr, symbol_format(sym, sizeof(sym), addr, is_return));
}

/* Recursion repeats one frame: it is printed once with its count, so
 * that the trace still reaches where the recursion began. */
static void repeated(unsigned int times)
{
	if (times)
		printk(KERN_EMERG "  ... %u more times\n", times);
}

static void walk_frames(unsigned long ebp)
{
	unsigned int n = 0, steps, repeats = 0;
	uint32_t last = 0;

	for (steps = 0; n < MAX_FRAMES && ebp && steps < MAX_STEPS; steps++) {
		uint32_t next, ret;

		if ((ebp & 3) || probe_read_u32((void *)ebp, &next) ||
		    probe_read_u32((void *)(ebp + 4), &ret) || ret == 0)
			break;
		if (ret == last) {
			repeats++;
		} else {
			repeated(repeats);
			repeats = 0;
			print_frame(ret, 1);
			n++;
			last = ret;
		}
		/* Stacks grow down: callers' frames lie above, except where a
		 * handler's IRQ stack links back to the interrupted stack. */
		if (next <= ebp && !irq_stack_leaves(ebp, next))
			break;
		ebp = next;
	}
	repeated(repeats);
}

void show_backtrace(unsigned long eip, unsigned long ebp, int eip_is_return)
{
	printk(KERN_EMERG "Call Trace:\n");
	print_frame(eip, eip_is_return);
	walk_frames(ebp);
}

static int in_text(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}

/* Whether the instruction that ends right before addr is a call: e8
 * rel32, or ff /2 through a register or memory (no, 8- or 32-bit
 * displacement, with or without SIB). */
static int follows_call(unsigned long addr)
{
	uint32_t lo, hi;
	uint8_t b[8];               /* b[8 - k]: the byte k before addr */
	unsigned int i;

	if (!in_text(addr) || addr - 8 < (unsigned long)_text ||
	    probe_read_u32((void *)(addr - 8), &lo) || probe_read_u32((void *)(addr - 4), &hi))
		return 0;
	for (i = 0; i < 4; i++) {
		b[i] = (uint8_t)(lo >> (8 * i));
		b[4 + i] = (uint8_t)(hi >> (8 * i));
	}
	return b[3] == 0xe8 ||
	       (b[6] == 0xff && ((b[7] & 0xf8) == 0xd0 || ((b[7] & 0xf8) == 0x10 && (b[7] & 7) != 4 && (b[7] & 7) != 5))) ||
	       (b[5] == 0xff && ((b[6] & 0xf8) == 0x50 || b[6] == 0x14)) ||
	       (b[4] == 0xff && b[5] == 0x54) ||
	       (b[2] == 0xff && ((b[3] & 0xf8) == 0x90 || b[3] == 0x15)) ||
	       (b[1] == 0xff && b[2] == 0x94);
}

/*
 * A fault's trace.  Where the faulting code has no frame of its own (a
 * jump or call to a bad address, a leaf before its push %ebp or after
 * its pop %ebp), ebp is still the caller's and the chain would skip the
 * caller: its return address is the word at the faulting esp.
 */
void show_fault_backtrace(unsigned long eip, unsigned long esp, unsigned long ebp)
{
	uint32_t ret;

	printk(KERN_EMERG "Call Trace:\n");
	print_frame(eip, 0);
	if (!probe_read_u32((void *)esp, &ret) && follows_call(ret))
		print_frame(ret, 1);
	walk_frames(ebp);
}
