/*
 * Parameters declared with XENPV_PARAM (<xenpv/param.h>), placed in the
 * .xenpv.params section: read from the command line once at boot, each
 * value checked, and every word that claims to be one of ours but is
 * not reported.  A bad value never stops the boot: the default stays.
 */
#include <xenpv/kernel.h>
#include <xenpv/param.h>
#include <kernel/boot.h>

extern const struct xenpv_param __params_start[], __params_end[];

#define for_each_param(p) for (p = __params_start; p < __params_end; p++)

static unsigned int reports;

unsigned int params_reports(void)
{
	return reports;
}

/* "module.name", or "name" for a parameter without a prefix. */
static const char *full_name(const struct xenpv_param *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", p->module ? p->module : "", p->module ? "." : "", p->name);
	return buf;
}

static void accepted(const struct xenpv_param *p, char *buf, size_t size)
{
	switch (p->type) {
	case XENPV_PARAM_ulong:
	case XENPV_PARAM_uint:
		snprintf(buf, size, "a number from %lu to %lu", p->min, p->max);
		break;
	case XENPV_PARAM_bool:
		snprintf(buf, size, "0 or 1, n or y, no or yes, off or on");
		break;
	case XENPV_PARAM_str:
		snprintf(buf, size, "a value of at most %lu bytes", p->max ? p->max - 1 : 0);
		break;
	}
}

static int parse_bool(const char *s, size_t len, unsigned int *v)
{
	static const char *const words[] = { "0", "1", "n", "y", "no", "yes", "off", "on" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == len && strncmp(s, words[i], len) == 0) {
			*v = i & 1;
			return 0;
		}
	return -EINVAL;
}

/* Store the value, or -EINVAL leaving the variable as it was. */
static int set(const struct xenpv_param *p, const char *s, size_t len)
{
	unsigned long v;

	switch (p->type) {
	case XENPV_PARAM_ulong:
	case XENPV_PARAM_uint:
		if (cmdline_parse_ulong(s, len, &v) || v < p->min || v > p->max)
			return -EINVAL;
		if (p->type == XENPV_PARAM_ulong)
			*(unsigned long *)p->var = v;
		else
			*(unsigned int *)p->var = (unsigned int)v;
		return 0;
	case XENPV_PARAM_bool:
		return parse_bool(s, len, (unsigned int *)p->var);
	case XENPV_PARAM_str:
		if (len >= p->max)
			return -EINVAL;
		memcpy(p->var, s, len);
		((char *)p->var)[len] = '\0';
		return 0;
	}
	return -EINVAL;
}

static void report_bad(const struct xenpv_param *p, const char *name, const char *val, size_t len)
{
	char want[64], kept[48];

	accepted(p, want, sizeof(want));
	if (p->type == XENPV_PARAM_ulong)
		snprintf(kept, sizeof(kept), "%lu", *(unsigned long *)p->var);
	else if (p->type == XENPV_PARAM_str)
		snprintf(kept, sizeof(kept), "\"%s\"", (char *)p->var);
	else
		snprintf(kept, sizeof(kept), "%u", *(unsigned int *)p->var);
	reports++;
	if (val[-1] != '=')
		printk(KERN_ERR "xenpv: option %s needs a value, %s (%s): ignored, keeping %s\n",
		       name, want, p->desc, kept);
	else
		printk(KERN_ERR "xenpv: option %s=%.*s is not %s (%s): ignored, keeping %s\n",
		       name, (int)len, val, want, p->desc, kept);
}

static const char *find(const char *s, size_t n, char c)
{
	for (; n; s++, n--)
		if (*s == c)
			return s;
	return NULL;
}

/* A word "prefix.rest" whose prefix is xenpv or a prefix of declared
 * parameters, but which names none of them. */
static void check_word(const char *word, size_t wlen)
{
	const struct xenpv_param *p;
	const char *dot = find(word, wlen, '.'), *eq = find(word, wlen, '=');
	size_t nlen = eq ? (size_t)(eq - word) : wlen, plen;
	char known[160] = "", full[64];
	int ours;

	if (!dot || dot > word + nlen)
		return;
	plen = (size_t)(dot - word);
	ours = plen == 5 && strncmp(word, "xenpv", 5) == 0;
	for_each_param(p) {
		if (!p->module || strlen(p->module) != plen || strncmp(p->module, word, plen) != 0)
			continue;
		full_name(p, full, sizeof(full));
		if (strlen(full) == nlen && strncmp(full, word, nlen) == 0)
			return;
		ours = 1;
		if (strlen(known) + strlen(p->name) + 3 < sizeof(known))
			snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
				 known[0] ? ", " : "", p->name);
	}
	if (!ours)
		return;
	reports++;
	printk(KERN_ERR "xenpv: unknown option %.*s: ignored (%.*s.* options: %s)\n",
	       (int)wlen, word, (int)plen, word, known[0] ? known : "none");
}

void params_parse(void)
{
	const struct xenpv_param *p;
	const char *cmdline = xenpv_cmdline(), *word, *val;
	size_t len;
	char name[64];

	/* Xen copies at most cmdline_size - 1 bytes and a NUL. */
	if (boot_info.cmdline_size && strnlen(cmdline, boot_info.cmdline_size) >= boot_info.cmdline_size - 1) {
		reports++;
		printk(KERN_ERR "xenpv: the command line fills all %lu bytes Xen passes: "
		       "anything after \"...%s\" was cut off\n", boot_info.cmdline_size - 1,
		       cmdline + boot_info.cmdline_size - 21);
	}
	for_each_param(p) {
		full_name(p, name, sizeof(name));
		val = xenpv_cmdline_get(name, &len);
		if (val && (val[-1] != '=' || set(p, val, len)))
			report_bad(p, name, val, len);
	}
	while ((word = cmdline_next_word(&cmdline, &len)))
		check_word(word, len);
}
