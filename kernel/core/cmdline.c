/*
 * The kernel command line: space-separated "name" or "name=value" words.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>

const char *xenpv_cmdline(void)
{
	return boot_info.cmdline ? boot_info.cmdline : "";
}

const char *xenpv_cmdline_get(const char *name, size_t *len)
{
	const char *p = xenpv_cmdline();
	size_t n = strlen(name);

	while (*p) {
		const char *word = p, *end;

		while (*p && *p != ' ')
			p++;
		end = p;
		while (*p == ' ')
			p++;
		if ((size_t)(end - word) < n || strncmp(word, name, n) != 0)
			continue;
		if (word + n == end) {
			if (len)
				*len = 0;
			return end;
		}
		if (word[n] == '=') {
			if (len)
				*len = (size_t)(end - word - n - 1);
			return word + n + 1;
		}
	}
	return NULL;
}

int xenpv_cmdline_ulong(const char *name, unsigned long min, unsigned long max, unsigned long *val)
{
	size_t len;
	const char *opt = xenpv_cmdline_get(name, &len);
	char *end;
	unsigned long v;

	if (!opt)
		return 0;
	v = strtoul(opt, &end, 0);
	if (len == 0 || end != opt + len || v < min || v > max) {
		printk(KERN_ERR "xenpv: option %s=%.*s is not a number from %lu to %lu: ignored\n",
		       name, (int)len, opt, min, max);
		return -EINVAL;
	}
	*val = v;
	return 1;
}
