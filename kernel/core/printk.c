/*
 * printk: format into a buffer, drop messages above the console log
 * level, write the rest through the platform console.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>

#define DEFAULT_MESSAGE_LEVEL 4     /* KERN_WARNING for unmarked text */

/* Messages of this level and more urgent (lower) are shown: 7, all. */
static unsigned int console_loglevel = 7;
XENPV_PARAM_DESC_(loglevel_param, NULL, "loglevel", uint, &console_loglevel, 0, 7,
		  "show messages of this level and more urgent");

/* The last byte written was not a newline (a program's write, a
 * message in pieces): a protocol line starts a line of its own. */
static int mid_line;

void console_write_raw(const char *buf, size_t len)
{
	if (pv_ops.platform.console_write && len) {
		pv_ops.platform.console_write(buf, len);
		mid_line = buf[len - 1] != '\n';
	}
}

static int emit(int level, const char *fmt, va_list ap)
{
	char buf[512];
	int n;
	size_t len;
	unsigned long flags = 0;

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
	/* Keep one message's bytes together if an event handler prints. */
	if (pv_ops.irq.save_fl)
		flags = local_irq_save();
	if (level < 0 && mid_line)
		console_write_raw("\n", 1);
	console_write_raw(buf, len);
	if (pv_ops.irq.save_fl)
		local_irq_restore(flags);
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
