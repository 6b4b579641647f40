/*
 * xenpv/tap.h - Test Anything Protocol output from inside a guest.
 *
 * In-guest tests print TAP on the console; xenpv-run carries it to
 * Automake's tap-driver.sh.  A typical test module:
 *
 *     static int test_init(void)
 *     {
 *             tap_plan(2);
 *             ok(1 + 1 == 2, "arithmetic works");
 *             is(count_things(), 3, "three things");
 *             return tap_done();
 *     }
 *     XENPV_MODULE(test_things, test_init, NULL);
 *
 * tap_done() returns 0 when every planned test ran and passed, so the
 * kernel's exit status carries the verdict too.
 */
#ifndef XENPV_TAP_H
#define XENPV_TAP_H

#include <xenpv/printk.h>

void tap_plan(unsigned int n);
/* Each returns the condition, so callers can act on a failure. */
int ok(int cond, const char *fmt, ...) XENPV_PRINTF(2, 3);
int tap_is(long long got, long long expected, const char *fmt, ...) XENPV_PRINTF(3, 4);
int tap_is_hex(unsigned long long got, unsigned long long expected, const char *fmt, ...) XENPV_PRINTF(3, 4);
int tap_is_str(const char *got, const char *expected, const char *fmt, ...) XENPV_PRINTF(3, 4);
void tap_skip(unsigned int n, const char *fmt, ...) XENPV_PRINTF(2, 3);
void diag(const char *fmt, ...) XENPV_PRINTF(1, 2);
/* Print "Bail out! reason" and end the kernel with a failure. */
void tap_bail_out(const char *fmt, ...) XENPV_PRINTF(1, 2) __attribute__((noreturn));
/* Check the plan; 0 if all planned tests ran and passed, 1 otherwise. */
int tap_done(void);
unsigned int tap_failures(void);

#define is(got, expected, ...) tap_is((long long)(got), (long long)(expected), __VA_ARGS__)
#define is_hex(got, expected, ...) tap_is_hex((unsigned long long)(got), (unsigned long long)(expected), __VA_ARGS__)
#define is_str(got, expected, ...) tap_is_str((got), (expected), __VA_ARGS__)

#endif
