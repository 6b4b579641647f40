/*
 * A freestanding vsnprintf: C99 semantics for the conversions the kernel
 * uses (no floating point, no %n).  Built for the guest and, unchanged,
 * for the host-side unit test that compares it with the C library.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <xenpv/math64.h>
#include <xenpv/printk.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

enum { F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_ALT = 8, F_ZERO = 16, F_UPPER = 32 };

struct spec {
	int flags, width, prec;   /* prec < 0: not given */
};

/* Render an unsigned magnitude with sign/prefix, precision and padding. */
static void put_number(struct out *o, unsigned long long v, unsigned base,
		       int negative, const struct spec *s)
{
	const char *digits = (s->flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, zeros, total;
	const char *prefix = "";
	int prefix_len;
	uint32_t digit;

	while (v) {
		v = div_u64_rem(v, base, &digit);
		tmp[n++] = digits[digit];
	}
	if (n == 0 && s->prec != 0)
		tmp[n++] = '0';
	if (negative)
		prefix = "-";
	else if (s->flags & F_PLUS)
		prefix = "+";
	else if (s->flags & F_SPACE)
		prefix = " ";
	if ((s->flags & F_ALT) && base == 16 && !(n == 1 && tmp[0] == '0') && n)
		prefix = (s->flags & F_UPPER) ? "0X" : "0x";
	prefix_len = (int)__builtin_strlen(prefix);
	zeros = s->prec > n ? s->prec - n : 0;
	if ((s->flags & F_ALT) && base == 8 && zeros == 0 && (n == 0 || tmp[n - 1] != '0'))
		zeros = 1;
	total = prefix_len + zeros + n;
	if (s->prec < 0 && (s->flags & F_ZERO) && !(s->flags & F_LEFT) && s->width > total) {
		zeros += s->width - total;
		total = s->width;
	}
	if (!(s->flags & F_LEFT))
		pad(o, ' ', s->width - total);
	while (*prefix)
		put(o, *prefix++);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (s->flags & F_LEFT)
		pad(o, ' ', s->width - total);
}

static void put_string(struct out *o, const char *str, const struct spec *s)
{
	int n = 0;

	if (!str)
		str = "(null)";
	while ((s->prec < 0 || n < s->prec) && str[n])
		n++;
	if (!(s->flags & F_LEFT))
		pad(o, ' ', s->width - n);
	for (int i = 0; i < n; i++)
		put(o, str[i]);
	if (s->flags & F_LEFT)
		pad(o, ' ', s->width - n);
}

static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
	s->flags = 0;
	s->width = 0;
	s->prec = -1;
	for (;; f++) {
		if (*f == '-') s->flags |= F_LEFT;
		else if (*f == '+') s->flags |= F_PLUS;
		else if (*f == ' ') s->flags |= F_SPACE;
		else if (*f == '#') s->flags |= F_ALT;
		else if (*f == '0') s->flags |= F_ZERO;
		else break;
	}
	if (*f == '*') {
		s->width = va_arg(*ap, int);
		if (s->width < 0) {
			s->flags |= F_LEFT;
			s->width = -s->width;
		}
		f++;
	} else {
		while (*f >= '0' && *f <= '9')
			s->width = s->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		f++;
		s->prec = 0;
		if (*f == '*') {
			s->prec = va_arg(*ap, int);
			if (s->prec < 0)
				s->prec = -1;
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				s->prec = s->prec * 10 + (*f++ - '0');
		}
	}
	return f;
}

/* Length modifiers, as the size of the argument in bytes (0: int). */
static const char *parse_length(const char *f, int *size, int *is_char, int *is_short)
{
	*size = 0;
	*is_char = *is_short = 0;
	switch (*f) {
	case 'h':
		if (f[1] == 'h') { *is_char = 1; return f + 2; }
		*is_short = 1;
		return f + 1;
	case 'l':
		if (f[1] == 'l') { *size = sizeof(long long); return f + 2; }
		*size = sizeof(long);
		return f + 1;
	case 'z': *size = sizeof(size_t); return f + 1;
	case 't': *size = sizeof(ptrdiff_t); return f + 1;
	case 'j': *size = sizeof(intmax_t); return f + 1;
	default: return f;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		struct spec s;
		int lsize, is_char, is_short;
		unsigned long long u;
		long long v;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &s, &ap);
		fmt = parse_length(fmt, &lsize, &is_char, &is_short);
		switch (*fmt) {
		case 'd': case 'i':
			if (lsize == sizeof(long long)) v = va_arg(ap, long long);
			else if (lsize == sizeof(long)) v = va_arg(ap, long);
			else v = va_arg(ap, int);
			if (is_char) v = (signed char)v;
			if (is_short) v = (short)v;
			u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
			put_number(&o, u, 10, v < 0, &s);
			break;
		case 'u': case 'x': case 'X': case 'o':
			if (lsize == sizeof(long long)) u = va_arg(ap, unsigned long long);
			else if (lsize == sizeof(long)) u = va_arg(ap, unsigned long);
			else u = va_arg(ap, unsigned int);
			if (is_char) u = (unsigned char)u;
			if (is_short) u = (unsigned short)u;
			s.flags &= ~(F_PLUS | F_SPACE);
			if (*fmt == 'X') s.flags |= F_UPPER;
			put_number(&o, u, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, 0, &s);
			break;
		case 'p':
			/* Fixed width, so addresses line up in reports. */
			s.flags = (s.flags & F_LEFT) | F_ALT | F_ZERO;
			s.prec = -1;
			if (s.width == 0)
				s.width = 2 + 2 * (int)sizeof(void *);
			put_number(&o, (uintptr_t)va_arg(ap, void *), 16, 0, &s);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!(s.flags & F_LEFT)) pad(&o, ' ', s.width - 1);
			put(&o, c);
			if (s.flags & F_LEFT) pad(&o, ' ', s.width - 1);
			break;
		}
		case 's':
			put_string(&o, va_arg(ap, const char *), &s);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			/* Unknown conversion: show it rather than guess. */
			put(&o, '%');
			if (*fmt) put(&o, *fmt);
			break;
		}
		if (*fmt)
			fmt++;
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
