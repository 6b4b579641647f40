/*
 * The process structure and the pieces of user-program support that
 * the trap code, the scheduler and the system calls share
 * (kernel/core/process*.c, syscall.c; the public API is
 * <xenpv/process.h>).
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdint.h>
#include <xenpv/process.h>
#include <kernel/mm.h>

/* The user half's layout: program segments from 0x1000 (ELF), the
 * break above the highest one, the stack below PROCESS_STACK_TOP with
 * an unmapped guard page under it. */
#define PROCESS_STACK_TOP       (USER_TOP - PAGE_SIZE)
#define PROCESS_STACK_PAGES     16
#define PROCESS_STACK_MAX_PAGES 256
#define PROCESS_HEAP_MAX        (64UL << 20)
#define PROCESS_MAX_ARGS        32

struct task;

struct process_event {
	int bound;                      /* 0: the handle is free */
	unsigned int irq;
	unsigned int port;
	volatile unsigned long count;   /* events since the last wait */
	struct process *owner;
};

struct process {
	char name[32];
	unsigned int pid;
	struct task *task;
	struct mm_struct mm;
	const void *image;              /* the ELF file, for symbols */
	unsigned long image_size;
	uint32_t entry, user_sp;
	unsigned long brk_start, brk, brk_limit, stack_bottom;
	unsigned long cpus;             /* process_opts.cpus */
	struct process_event ev[PROCESS_MAX_EVENTS];
	int waiting;                    /* blocked in sys_event_wait */
	const char *lost_segment;       /* process_segment_lost's, or NULL */
	struct process_status status;
};

/* Processes not yet waited for: the slice timer runs while any exist. */
extern unsigned int process_live;

/* sys_exit: end the current program with code. */
void process_exit(int code) __attribute__((noreturn));
/* A fault in user mode ends the current program: one console line
 * (name, pid, what, eip and the program's symbol there), the status
 * recorded for process_wait. */
void process_kill(unsigned int vector, uint32_t eip, unsigned long address,
		  const char *what) __attribute__((noreturn));

/* Preemption (kernel/core/preempt.c): the slice timer, started at a
 * spawn, and the checks on every return to user mode (the end of an
 * event upcall or a system call that came from ring 3): the end of its
 * slice yields. */
struct pt_regs;
void process_slice_start(void);
void return_to_user(struct pt_regs *regs);
/* Xen's failsafe callback found the current program's %fs or %gs (seg)
 * bad while the kernel ran on its behalf: loaded as null, and the
 * program dies at its next return to user mode. */
void process_segment_lost(const char *seg);

/* kernel/core/process_event.c: the system calls on event handles. */
long process_event_wait(int handle);
long process_event_notify(int handle);

/* A vector for process_status: a segment Xen could not load on the way
 * back to ring 3 (its failsafe callback). */
#define PROCESS_FAULT_SEGMENT 256

#endif
