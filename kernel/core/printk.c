/*
 * printk: format into a buffer, drop messages above the console log
 * level, write the rest through the platform console.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>
#include <xenpv/smp.h>
#include <kernel/traps.h>

#define DEFAULT_MESSAGE_LEVEL 4     /* KERN_WARNING for unmarked text */

/* Messages of this level and more urgent (lower) are shown: 7, all. */
static unsigned int console_loglevel = 7;
XENPV_PARAM_DESC_(loglevel_param, NULL, "loglevel", uint, &console_loglevel, 0, 7,
		  "show messages of this level and more urgent");

/* The last byte written was not a newline (a program's write, a
 * message in pieces): a protocol line starts a line of its own. */
static int mid_line;

/*
 * One vCPU writes at a time, so that lines never interleave.  Not a
 * spinlock: the vCPU that holds it may print again (an oops inside a
 * write, an irq handler that interrupted one) and gets through; and one
 * that waits more than CONSOLE_WAIT_NS (the holder stuck or dead) writes
 * anyway: a panic's report must come out.  Events are masked inside.
 */
#define CONSOLE_WAIT_NS 200000000ULL
static int console_owner = -1;

static int console_enter(void)
{
	int me = (int)smp_processor_id(), none = -1;
	uint64_t end = 0;

	if (__atomic_load_n(&console_owner, __ATOMIC_ACQUIRE) == me)
		return 0;               /* nested: the outer call unlocks */
	while (!__atomic_compare_exchange_n(&console_owner, &none, me, 0, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		none = -1;
		asm volatile("pause" ::: "memory");
		if (!pv_ops.time.clock_ns)
			continue;
		if (!end)
			end = pv_ops.time.clock_ns() + CONSOLE_WAIT_NS;
		else if (pv_ops.time.clock_ns() > end)
			return 0;
	}
	return 1;
}

static void console_leave(int owned)
{
	if (owned)
		__atomic_store_n(&console_owner, -1, __ATOMIC_RELEASE);
}

static unsigned long console_writes;

unsigned long console_write_count(void)
{
	return console_writes;
}

static void write_console(const char *buf, size_t len)
{
	if (pv_ops.platform.console_write && len) {
		console_writes++;
		pv_ops.platform.console_write(buf, len);
		mid_line = buf[len - 1] != '\n';
	}
}

/* buf as one piece, an event handler's or another vCPU's output kept
 * out; a protocol line starts on a line of its own. */
static void console_put(const char *buf, size_t len, int own_line)
{
	unsigned long flags = 0;
	int owned;

	if (pv_ops.irq.save_fl)
		flags = local_irq_save();
	owned = console_enter();
	if (own_line && mid_line)
		write_console("\n", 1);
	write_console(buf, len);
	console_leave(owned);
	if (pv_ops.irq.save_fl)
		local_irq_restore(flags);
}

void console_write_raw(const char *buf, size_t len)
{
	console_put(buf, len, 0);
}

static int emit(int level, const char *fmt, va_list ap)
{
	char buf[512];
	int n;
	size_t len;

	if (level > (int)console_loglevel)
		return 0;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	len = n < 0 ? 0 : (size_t)n;
	if (len >= sizeof(buf)) {
		len = sizeof(buf) - 1;
		/* Cut, but a line stays a line: the next starts on its own. */
		if (fmt[0] && fmt[strlen(fmt) - 1] == '\n')
			memcpy(buf + len - 4, "...\n", 4);
	}
	console_put(buf, len, level < 0);
	return (int)len;
}

int vprintk(const char *fmt, va_list ap)
{
	int level = DEFAULT_MESSAGE_LEVEL;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	return emit(level, fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int vprintk_protocol(const char *fmt, va_list ap)
{
	return emit(-1, fmt, ap);
}

int printk_protocol(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk_protocol(fmt, ap);
	va_end(ap);
	return n;
}
