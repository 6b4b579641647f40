/*
 * xenpv/module.h - register a driver module with the kernel.
 *
 *     static int mydrv_init(void) { ...; return 0; }
 *     static void mydrv_exit(void) { ... }
 *     XENPV_MODULE(mydrv, mydrv_init, mydrv_exit);
 *
 * The macro places a descriptor in the ".xenpv.modules" linker section.
 * After core initialisation the kernel calls every module's init in link
 * order; a non-zero return is reported with the module's name and makes the
 * kernel's exit status non-zero.  At shutdown the exit functions of the
 * modules whose init succeeded run in reverse order.  exit may be NULL.
 */
#ifndef XENPV_MODULE_H
#define XENPV_MODULE_H

struct xenpv_module {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
};

#define XENPV_MODULE(modname, initfn, exitfn) \
	static const struct xenpv_module __xenpv_module_##modname \
	__attribute__((used, section(".xenpv.modules"), aligned(4))) = { \
		.name = #modname, .init = (initfn), .exit = (exitfn), \
	}

#endif
