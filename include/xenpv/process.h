/*
 * xenpv/process.h - user programs, the kernel side: load an embedded
 * static i386 ELF program into a fresh address space and run it in
 * ring 3, then wait for its end (<xenpv/user.h> is the program side).
 *
 * Each program runs on a kernel task of its own.  Programs are
 * preempted when their time slice (xenpv.timeslice_ms) ends; kernel
 * code never is: it runs until it sleeps, yields or returns to user
 * mode.  A fault in the program (a page fault, #GP, #UD, a privileged
 * instruction, a segment Xen cannot load on the way back to ring 3)
 * ends only that program, with one console line naming it, the fault,
 * the address and the program's symbol there.
 *
 * Functions return 0 (or a value >= 0) or -errno.
 */
#ifndef XENPV_PROCESS_H
#define XENPV_PROCESS_H

#include <stdint.h>

struct process;

/* A program embedded in the kernel image (xenpv-embed-program). */
struct xenpv_program {
	const char *name;
	const unsigned char *image;     /* the ELF file */
	unsigned long size;
};

/* The embedded program called name, or NULL. */
const struct xenpv_program *program_find(const char *name);

struct process_opts {
	/* argv[0..]: NULL-terminated; NULL gives { name, NULL }. */
	const char *const *argv;
	/* User stack in pages (0: 16), with an unmapped guard page below. */
	unsigned int stack_pages;
	/* vCPUs it may run on (bit n: vCPU n; 0: any), once it has started. */
	unsigned long cpus;
};

/*
 * Check image (the whole ELF file, size bytes), load it into a new
 * address space and make a process that will run it from the creator's
 * next sleep or yield (its first run is on the creator's vCPU; after
 * that it may move to any vCPU opts->cpus allows).  A bad image is
 * refused with a console line giving the reason and -ENOEXEC, nothing
 * loaded: a truncated file,
 * not ELF32 little-endian i386 ET_EXEC, a segment outside the user
 * half (below 0x1000 or reaching the kernel at 0xC0000000), segments
 * that overlap, a segment both writable and executable, an entry
 * outside the executable segments.  -ENOMEM when memory runs out
 * (everything taken so far given back); -EINVAL when opts->cpus names
 * no online vCPU.
 */
int process_spawn(const char *name, const void *image, unsigned long size,
		  const struct process_opts *opts, struct process **out);
/* process_spawn of an embedded program. */
int process_spawn_program(const struct xenpv_program *prog, const struct process_opts *opts,
			  struct process **out);

/* How a process ended. */
struct process_status {
	int killed;             /* 1: a fault ended it; 0: it called exit */
	int code;               /* exit's argument; -1 when killed */
	unsigned int vector;    /* killed: the exception (X86_TRAP_*, or 256 for
				 * a segment Xen could not load) */
	unsigned long eip;      /* killed: where */
	unsigned long address;  /* killed by a page fault: the address */
};

/* Wait until p has ended, fill *status, give back everything it held
 * (pages, pagetables, its task, its event bindings).  May sleep.  -EINVAL
 * for a process another task waits for. */
int process_wait(struct process *p, struct process_status *status);

unsigned int process_pid(const struct process *p);
/* The process the current task runs, or NULL for a kernel task. */
struct process *process_current(void);

/*
 * Give p an existing local event channel port as a handle (>= 0) that
 * it can wait on (sys_event_wait) and notify (sys_event_notify, which
 * signals the port's other end).  Binds the port: the caller must not
 * bind it itself.  The binding ends with the process.  -ENOSPC when p
 * has PROCESS_MAX_EVENTS handles.
 */
#define PROCESS_MAX_EVENTS 8
int process_bind_event(struct process *p, unsigned int port);

/* Time slices that ended in a switch to another task (xenpv.timeslice_ms). */
unsigned long process_preemptions(void);

#endif
