/*
 * xenpv/printk.h - kernel console output.
 *
 * printk() writes to the Xen console (the hypervisor console as dom0, the PV
 * console ring as a domU).  A message may start with a log level marker;
 * messages above the console log level (the "loglevel=" boot option,
 * default 7) are not shown.
 */
#ifndef XENPV_PRINTK_H
#define XENPV_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"

#define XENPV_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

int printk(const char *fmt, ...) XENPV_PRINTF(1, 2);
int vprintk(const char *fmt, va_list ap);

/* Freestanding formatting: %d %i %u %x %X %o %c %s %p %%, flags "-+ #0",
 * width and precision (also "*"), and the hh h l ll z t j length modifiers. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) XENPV_PRINTF(3, 4);

#define pr_err(...)    printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...)   printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...)   printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...)  printk(KERN_DEBUG __VA_ARGS__)

#endif
