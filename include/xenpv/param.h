/*
 * xenpv/param.h - typed, checked kernel command line parameters.
 *
 *     static unsigned long depth = 8;
 *     XENPV_PARAM(mydrv, depth, ulong, &depth, 1, 64, "requests in flight");
 *
 * reads "mydrv.depth=N" from the command line into depth, once at boot
 * before any module's init.  A value that does not parse or is out of
 * range is reported (the option, the value, what is accepted) and the
 * variable keeps its initial value, the default; so is a bare
 * "mydrv.depth" without "=".  An option "mydrv.NAME" that no parameter
 * of mydrv declares is reported as unknown, as is an unknown "xenpv.*".
 *
 * Types, with the variable each needs:
 *   ulong  unsigned long *  decimal or 0x hex, min..max
 *   uint   unsigned int *   the same, min..max (at most UINT_MAX)
 *   bool   unsigned int *   0/1, n/y, no/yes, off/on (stored as 0 or 1)
 *   str    char[]           up to max - 1 bytes, NUL-terminated (min unused)
 */
#ifndef XENPV_PARAM_H
#define XENPV_PARAM_H

enum xenpv_param_type {
	XENPV_PARAM_ulong,
	XENPV_PARAM_uint,
	XENPV_PARAM_bool,
	XENPV_PARAM_str,
};

struct xenpv_param {
	const char *module;         /* the prefix before the dot; NULL: none */
	const char *name;
	enum xenpv_param_type type;
	void *var;
	unsigned long min, max;
	const char *desc;
};

/* A variable of the wrong type for the parameter's type is a compile
 * error (void initialises no pointer). */
#define XENPV_PARAM_VAR_(pvar, ctype) \
	__builtin_choose_expr(__builtin_types_compatible_p(__typeof__(pvar), ctype), (pvar), (void)0)
#define XENPV_PARAM_VAR_ulong(pvar) XENPV_PARAM_VAR_(pvar, unsigned long *)
#define XENPV_PARAM_VAR_uint(pvar) XENPV_PARAM_VAR_(pvar, unsigned int *)
#define XENPV_PARAM_VAR_bool(pvar) XENPV_PARAM_VAR_(pvar, unsigned int *)
#define XENPV_PARAM_VAR_str(pvar) XENPV_PARAM_VAR_(&(pvar)[0], char *)

/* The descriptor, in the ".xenpv.params" linker section. */
#define XENPV_PARAM_DESC_(id, mod, pname, ptype, pvar, lo, hi, description) \
	static const struct xenpv_param id \
	__attribute__((used, section(".xenpv.params"), aligned(4))) = { \
		.module = (mod), .name = (pname), .type = XENPV_PARAM_##ptype, \
		.var = XENPV_PARAM_VAR_##ptype(pvar), .min = (lo), .max = (hi), \
		.desc = (description), \
	}

#define XENPV_PARAM(modname, pname, ptype, pvar, lo, hi, description) \
	XENPV_PARAM_DESC_(__xenpv_param_##modname##_##pname, #modname, #pname, \
			  ptype, pvar, lo, hi, description)

#endif
