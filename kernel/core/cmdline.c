/*
 * The kernel command line: space-separated "name" or "name=value" words.
 */
#include <xenpv/kernel.h>
#include <kernel/boot.h>

const char *xenpv_cmdline(void)
{
	return boot_info.cmdline ? boot_info.cmdline : "";
}

const char *cmdline_next_word(const char **p, size_t *len)
{
	const char *word;

	while (**p == ' ')
		(*p)++;
	if (!**p)
		return NULL;
	word = *p;
	while (**p && **p != ' ')
		(*p)++;
	*len = (size_t)(*p - word);
	return word;
}

const char *xenpv_cmdline_get(const char *name, size_t *len)
{
	const char *p = xenpv_cmdline(), *word;
	size_t n = strlen(name), wlen;

	while ((word = cmdline_next_word(&p, &wlen))) {
		if (wlen < n || strncmp(word, name, n) != 0)
			continue;
		if (wlen == n) {
			if (len)
				*len = 0;
			return word + n;
		}
		if (word[n] == '=') {
			if (len)
				*len = wlen - n - 1;
			return word + n + 1;
		}
	}
	return NULL;
}

int cmdline_parse_ulong(const char *s, size_t len, unsigned long *val)
{
	unsigned long v = 0, base = 10;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		unsigned long d;

		if (s[i] >= '0' && s[i] <= '9')
			d = (unsigned long)(s[i] - '0');
		else if (base == 16 && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			d = (unsigned long)((s[i] | 0x20) - 'a' + 10);
		else
			return -EINVAL;     /* a sign, a suffix, a letter */
		if (v > (~0ul - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*val = v;
	return 0;
}

int xenpv_cmdline_ulong(const char *name, unsigned long min, unsigned long max, unsigned long *val)
{
	size_t len;
	const char *opt = xenpv_cmdline_get(name, &len);
	unsigned long v;

	if (!opt)
		return 0;
	if (cmdline_parse_ulong(opt, len, &v) || v < min || v > max) {
		printk(KERN_ERR "xenpv: option %s=%.*s is not a number from %lu to %lu: ignored\n",
		       name, (int)len, opt, min, max);
		return -EINVAL;
	}
	*val = v;
	return 1;
}
