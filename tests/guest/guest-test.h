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

#endif
