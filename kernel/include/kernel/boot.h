/*
 * What the backend hands to the core kernel at boot, and the core's entry.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct boot_info {
	const char *cmdline;
	unsigned long cmdline_size; /* the bytes Xen can pass, its NUL included */
	unsigned long nr_pages;     /* pseudo-physical pages we own */
	int initial_domain;         /* booted as dom0 */
	uint64_t entry_tsc;         /* TSC at the first instruction we ran */
	/* An ELF header whose section headers list only a symbol table and
	 * its strings, all within symtab_size bytes; NULL when none. */
	const void *symtab;
	unsigned long symtab_size;
};

extern struct boot_info boot_info;

void start_kernel(void) __attribute__((noreturn));

/* kernel/core/boot_profile.c: end the boot phase called prefix+name
 * (module_<name>: a module's init; xenbus_probe_<type>: a driver's
 * devices probed), for the profile that boot_profile_print gives as
 * xenpv-stat lines once boot is over (a second call prints nothing).
 * Marks after boot_profile_seal (the modules are up) are not phases and
 * are ignored.  prefix and name must outlive the call. */
void boot_phase_of(const char *prefix, const char *name);
static inline void boot_phase(const char *name) { boot_phase_of("", name); }
void boot_profile_seal(void);
void boot_profile_print(void);

/* kernel/core/module.c */
int modules_init(void);
void modules_exit(void);
/* The name of the module whose init or exit is running (phase: "init" or
 * "exit"), or NULL in core code. */
const char *module_running(const char **phase);
struct xenpv_timer;
/* The module the running code belongs to (NULL: core code): a timer
 * callback's or a task's is the one that was running when the timer was
 * added or the task created. */
const char *module_current(void);
/* "module M, in init" (or "in exit", "in timer callback", "in task T"). */
const char *module_context(char *buf, size_t len);
/* kernel/core/timer.c runs each callback through this, for the above. */
void module_run_timer(struct xenpv_timer *t);

/* kernel/core/stackcheck.c: the stack module code now runs on (top,
 * size in bytes), for the overflow check of instrumented functions. */
void stack_check_set(unsigned long top, unsigned long size);

/* kernel/core/symbols.c: "name+0xoff/0xsize" for a text address, or
 * the bare address when no symbol covers it.  A return address
 * (is_return) is attributed to the function of the call before it.
 * Returns buf. */
const char *symbol_format(char *buf, size_t len, unsigned long addr, int is_return);
/* kernel/core/backtrace.c: the frame-pointer chain from (eip, ebp), one
 * "[<address>] symbol" line per frame; eip is a faulting instruction, or
 * a return address (eip_is_return). */
void show_backtrace(unsigned long eip, unsigned long ebp, int eip_is_return);
/* The same for a fault at (eip, esp, ebp): a return address at esp
 * (faulting code with no frame of its own) is the first caller. */
void show_fault_backtrace(unsigned long eip, unsigned long esp, unsigned long ebp);

/* kernel/core/printk.c: bytes to the console as they are (a protocol
 * line after bytes that did not end a line starts on a new one). */
void console_write_raw(const char *buf, size_t len);
/* printk for what xenpv-run and TAP read (the verdict, results, stats):
 * protocol, which no loglevel hides. */
int printk_protocol(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk_protocol(const char *fmt, va_list ap);
/* How many writes printk has made to the console backend so far. */
unsigned long console_write_count(void);

/* kernel/core/cmdline.c: the next word at *p (advanced past it), its
 * length in *len; NULL at the end. */
const char *cmdline_next_word(const char **p, size_t *len);
/* A whole number in s[0..len): decimal or 0x hex, no sign, no suffix;
 * -EINVAL if it is not one, -ERANGE past ULONG_MAX. */
int cmdline_parse_ulong(const char *s, size_t len, unsigned long *val);

/* kernel/core/param.c: set every XENPV_PARAM from the command line and
 * report bad values, unknown options and a truncated line; run once,
 * early, before anything reads a parameter. */
void params_parse(void);
/* How many such reports it printed. */
unsigned int params_reports(void);

#endif
