/*
 * Interrupt internals shared by the core irq layer and the backend:
 * the public API is <xenpv/irq.h>, <xenpv/events.h>, <xenpv/time.h>.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <xenpv/irq.h>
#include <xenpv/time.h>

/* The backend's timer interrupt handler calls this (kernel/core/timer.c). */
void timer_interrupt(void);

#endif
