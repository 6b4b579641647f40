/*
 * In-tree guest tests may look behind the public API: they include the
 * backend's headers to check what Xen handed over.
 */
#ifndef TESTS_GUEST_TEST_H
#define TESTS_GUEST_TEST_H

#include <xenpv/kernel.h>
#include <xenpv/module.h>
#include <xenpv/tap.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>
#include "../../kernel/xen/hypercall.h"
#include "../../kernel/xen/backend.h"

/* 32 bits at offset off of the segment in %fs or %gs. */
static inline uint32_t read_fs(uint32_t off)
{
	uint32_t v;

	asm volatile("movl %%fs:(%1), %0" : "=r"(v) : "r"(off));
	return v;
}

static inline uint32_t read_gs(uint32_t off)
{
	uint32_t v;

	asm volatile("movl %%gs:(%1), %0" : "=r"(v) : "r"(off));
	return v;
}

#endif
