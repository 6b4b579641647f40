/*
 * The guest side of TAP: every result line is printed here and nowhere
 * else, so the protocol lives in one place; no loglevel hides it.
 */
#include <xenpv/kernel.h>
#include <xenpv/tap.h>
#include <kernel/boot.h>

static unsigned int planned, run, failed;

void tap_plan(unsigned int n)
{
	planned = n;
	printk_protocol("1..%u\n", n);
}

static int result(int pass, const char *fmt, va_list ap)
{
	char name[200];

	vsnprintf(name, sizeof(name), fmt, ap);
	run++;
	if (!pass)
		failed++;
	printk_protocol("%sok %u - %s\n", pass ? "" : "not ", run, name);
	return pass;
}

/* Print one result line, naming it from the caller's variadic format. */
#define RESULT(pass, fmt) ({ \
	va_list ap_; \
	int r_; \
	va_start(ap_, fmt); \
	r_ = result((pass), fmt, ap_); \
	va_end(ap_); \
	r_; })

int ok(int cond, const char *fmt, ...)
{
	return RESULT(cond != 0, fmt);
}

int tap_is(long long got, long long expected, const char *fmt, ...)
{
	int r = RESULT(got == expected, fmt);

	if (!r)
		printk_protocol("#   got: %lld\n#   expected: %lld\n", got, expected);
	return r;
}

int tap_is_hex(unsigned long long got, unsigned long long expected, const char *fmt, ...)
{
	int r = RESULT(got == expected, fmt);

	if (!r)
		printk_protocol("#   got: %#llx\n#   expected: %#llx\n", got, expected);
	return r;
}

int tap_is_str(const char *got, const char *expected, const char *fmt, ...)
{
	int r = RESULT(got && expected && strcmp(got, expected) == 0, fmt);

	if (!r)
		printk_protocol("#   got: \"%s\"\n#   expected: \"%s\"\n", got, expected);
	return r;
}

void tap_skip(unsigned int n, const char *fmt, ...)
{
	char reason[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	while (n--)
		printk_protocol("ok %u # SKIP %s\n", ++run, reason);
}

void diag(const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk_protocol("# %s\n", msg);
}

void __noreturn tap_bail_out(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk_protocol("Bail out! %s\n", msg);
	xenpv_exit(1);
}

unsigned int tap_failures(void)
{
	return failed;
}

int tap_done(void)
{
	if (run != planned) {
		diag("planned %u tests but ran %u", planned, run);
		return 1;
	}
	return failed ? 1 : 0;
}
