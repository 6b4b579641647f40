/* Minimal TAP output for host-side unit tests. */
#ifndef TESTS_UNIT_TAP_H
#define TESTS_UNIT_TAP_H

#include <stdio.h>

static int unit_n, unit_failed;

#define UNIT_OK(cond, ...) do { \
	int ok_ = !!(cond); \
	unit_n++; \
	if (!ok_) unit_failed++; \
	printf("%sok %d - ", ok_ ? "" : "not ", unit_n); \
	printf(__VA_ARGS__); \
	printf("\n"); \
} while (0)

#define UNIT_DONE() (printf("1..%d\n", unit_n), unit_failed ? 1 : 0)

#endif
