/*
 * The walk of Xen's 2-level pending bitmaps, kept free of Xen and the
 * kernel so that host unit tests can drive it (tests/unit/test-evtchn-scan.c).
 */
#ifndef KERNEL_XEN_EVTCHN_SCAN_H
#define KERNEL_XEN_EVTCHN_SCAN_H

#include <stdint.h>

/* 32-bit guest: 32 words of 32 bits, 1024 ports. */
#define EVTCHN_WORD_BITS 32
#define EVTCHN_WORDS     32
#define EVTCHN_PORTS     (EVTCHN_WORDS * EVTCHN_WORD_BITS)

/*
 * For every word named in sel, every port pending, not masked and (when
 * mine is not NULL) set in mine, the ports this vCPU handles: clear
 * its pending bit (atomically: Xen sets bits concurrently) and call
 * fn(port, arg).  The walk starts at *cursor and wraps round, and *cursor
 * ends after the last port visited (a port another vCPU cleared first
 * is skipped), so a busy port cannot starve the
 * ports above it.  Returns the number of ports visited.
 */
unsigned int evtchn_scan(uint32_t sel, volatile uint32_t *pending,
			 const volatile uint32_t *mask, const volatile uint32_t *mine,
			 unsigned int *cursor, void (*fn)(unsigned int port, void *arg), void *arg);

#endif
