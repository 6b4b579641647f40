/*
 * What the backend hands to the core kernel at boot, and the core's entry.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdint.h>

struct boot_info {
	const char *cmdline;
	unsigned long nr_pages;     /* pseudo-physical pages we own */
	int initial_domain;         /* booted as dom0 */
	uint64_t entry_tsc;         /* TSC at the first instruction we ran */
};

extern struct boot_info boot_info;

void start_kernel(void) __attribute__((noreturn));

/* kernel/core/module.c */
int modules_init(void);
void modules_exit(void);

/* kernel/core/printk.c */
void printk_set_loglevel(int level);
void console_write_raw(const char *buf, size_t len);

#endif
