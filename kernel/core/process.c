/*
 * User programs: an ELF image checked whole (elf.c), loaded into a fresh
 * address space (uspace.c), run in ring 3 on a task of its own, waited
 * for by its creator.  A program ends by exit or by a fault, which kills
 * it alone (process_kill); either way its creator collects the status
 * and process_wait gives every page back.
 */
#include <xenpv/kernel.h>
#include <xenpv/smp.h>
#include <xenpv/process.h>
#include <xenpv/events.h>
#include <kernel/process.h>
#include <kernel/elf.h>
#include <kernel/mm.h>
#include <kernel/task.h>
#include <kernel/traps.h>
#include <kernel/desc.h>
#include <kernel/boot.h>
#include <kernel/paravirt.h>

extern const struct xenpv_program __programs_start[], __programs_end[];

const struct xenpv_program *program_find(const char *name)
{
	const struct xenpv_program *p;

	for (p = __programs_start; p < __programs_end; p++)
		if (name && strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

static unsigned int next_pid = 1;

unsigned int process_pid(const struct process *p)
{
	return p->pid;
}

struct process *process_current(void)
{
	return task_current()->process;
}

static int load_segment(struct process *p, const unsigned char *image, const struct elf_segment *s)
{
	unsigned int flags = (s->flags & ELF_PF_W ? UMAP_WRITE : 0) | (s->flags & ELF_PF_X ? UMAP_EXEC : 0);
	unsigned long off;

	for (off = 0; off < s->memsz; off += PAGE_SIZE) {
		unsigned char *page = uspace_map_new(&p->mm, s->vaddr + off, flags);
		unsigned long from, to;

		if (!page)
			return -ENOMEM;
		/* The file bytes [skip, skip + filesz) of the segment's span
		 * that fall in this page; the rest stays zero (bss). */
		from = off < s->skip ? s->skip : off;
		to = s->skip + s->filesz < off + PAGE_SIZE ? s->skip + s->filesz : off + PAGE_SIZE;
		if (from < to)
			memcpy(page + (from - off), image + s->offset + (from - s->skip), to - from);
	}
	return 0;
}

/*
 * The stack the crt expects at entry, Linux's: argc, argv[], NULL, an
 * empty envp (NULL); the strings above them, all in the top page.
 */
static int build_stack(struct process *p, const char *const *argv, unsigned int pages)
{
	unsigned long top = PROCESS_STACK_TOP, va;
	unsigned char *page = NULL;
	uint32_t *sp, uargv[PROCESS_MAX_ARGS];
	unsigned int i, argc = 0;
	unsigned long used = 0;

	for (va = top - (unsigned long)pages * PAGE_SIZE; va < top; va += PAGE_SIZE)
		if (!(page = uspace_map_new(&p->mm, va, UMAP_WRITE)))
			return -ENOMEM;
	/* page: the top one.  Strings first, from its end down. */
	for (argc = 0; argv[argc]; argc++) {
		size_t n = strlen(argv[argc]) + 1;

		if (argc == PROCESS_MAX_ARGS || used + n > PAGE_SIZE / 2)
			return -E2BIG;
		used += n;
		memcpy(page + PAGE_SIZE - used, argv[argc], n);
		uargv[argc] = (uint32_t)(top - used);
	}
	sp = (uint32_t *)(page + ((PAGE_SIZE - used) & ~15UL));
	sp -= argc + 3;                 /* argc, argv[argc] NULL, envp NULL */
	sp = (uint32_t *)((unsigned long)sp & ~15UL);
	sp[0] = argc;
	for (i = 0; i < argc; i++)
		sp[1 + i] = uargv[i];
	sp[1 + argc] = 0;
	sp[2 + argc] = 0;
	p->user_sp = top - PAGE_SIZE + ((unsigned char *)sp - page);
	p->stack_bottom = top - (unsigned long)pages * PAGE_SIZE;
	return 0;
}

/* Ring 3 at eip with esp, events on, every other register zero. */
static void __noreturn enter_user(uint32_t eip, uint32_t esp)
{
	pv_ops.irq.irq_enable();
	asm volatile("movw %w0, %%ds\n"
		     "movw %w0, %%es\n"
		     "pushl %0\n"       /* ss */
		     "pushl %1\n"       /* esp */
		     "pushl $0x202\n"   /* eflags: IF */
		     "pushl %2\n"       /* cs */
		     "pushl %3\n"       /* eip */
		     "xorl %%eax, %%eax\n"
		     "movw %%ax, %%fs\n"
		     "movw %%ax, %%gs\n"
		     "xorl %%ebx, %%ebx\n"
		     "xorl %%ecx, %%ecx\n"
		     "xorl %%edx, %%edx\n"
		     "xorl %%esi, %%esi\n"
		     "xorl %%edi, %%edi\n"
		     "xorl %%ebp, %%ebp\n"
		     "iret\n"
		     : : "r"((uint32_t)USER_DS), "r"(esp), "r"((uint32_t)USER_CS), "r"(eip)
		     : "memory");
	__builtin_unreachable();
}

static int process_main(void *arg)
{
	struct process *p = arg;

	/* Started on its creator's vCPU; from now on where it may run. */
	task_set_cpus(task_current(), p->cpus);
	enter_user(p->entry, p->user_sp);
}

static void free_process(struct process *p)
{
	unsigned int i;

	for (i = 0; i < PROCESS_MAX_EVENTS; i++)
		if (p->ev[i].bound)
			unbind_from_irqhandler(p->ev[i].irq, &p->ev[i]);
	if (p->mm.pinned && mm_destroy(&p->mm))
		printk(KERN_ERR "process %s: its address space could not be freed\n", p->name);
	kfree(p);
}

int process_spawn(const char *name, const void *image, unsigned long size,
		  const struct process_opts *opts, struct process **out)
{
	static const struct process_opts none;
	const char *default_argv[2] = { name, NULL };
	const char *why = NULL;
	struct elf_image img;
	struct task_opts topts = { 0 };
	struct process *p;
	unsigned int i, pages;
	int rc;

	if (!opts)
		opts = &none;
	if (!out || !name || !image)
		return -EINVAL;
	*out = NULL;
	pages = opts->stack_pages ? opts->stack_pages : PROCESS_STACK_PAGES;
	if (pages > PROCESS_STACK_MAX_PAGES)
		return -EINVAL;
	rc = elf_check(image, size, PROCESS_STACK_TOP - (PROCESS_STACK_MAX_PAGES + 1) * PAGE_SIZE,
		       &img, &why);
	if (rc) {
		printk(KERN_ERR "process %s: refused: %s\n", name, why);
		return rc;
	}
	p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->image = image;
	p->image_size = size;
	p->entry = img.entry;
	p->brk_start = p->brk = img.end;
	rc = mm_create(&p->mm);
	for (i = 0; rc == 0 && i < img.nsegs; i++)
		rc = load_segment(p, image, &img.seg[i]);
	if (rc == 0)
		rc = build_stack(p, opts->argv ? opts->argv : default_argv, pages);
	if (rc == 0)
		rc = uspace_flush(&p->mm);
	p->brk_limit = p->stack_bottom - PAGE_SIZE;    /* the guard page stays unmapped */
	if (p->brk_limit - p->brk_start > PROCESS_HEAP_MAX)
		p->brk_limit = p->brk_start + PROCESS_HEAP_MAX;
	topts.name = p->name;
	/* It first runs where its creator does, once the creator yields or
	 * sleeps (as promised: the creator may still give it events). */
	topts.cpus = 1UL << smp_processor_id();
	p->cpus = opts->cpus;
	if (rc == 0 && (p->cpus & ~cpu_online_mask()) == p->cpus && p->cpus)
		rc = -EINVAL;           /* no online vCPU in the mask */
	if (rc == 0 && !(p->task = task_create_in(&p->mm, process_main, p, &topts)))
		rc = -ENOMEM;
	if (rc) {
		printk(KERN_ERR "process %s: not started (%d)\n", name, rc);
		free_process(p);
		return rc;
	}
	p->pid = __atomic_fetch_add(&next_pid, 1, __ATOMIC_SEQ_CST);
	p->task->process = p;
	__atomic_fetch_add(&process_live, 1, __ATOMIC_SEQ_CST);
	process_slice_start();
	*out = p;
	return 0;
}

int process_spawn_program(const struct xenpv_program *prog, const struct process_opts *opts,
			  struct process **out)
{
	if (!prog)
		return -EINVAL;
	return process_spawn(prog->name, prog->image, prog->size, opts, out);
}

void process_exit(int code)
{
	struct process *p = process_current();

	p->status.code = code;
	task_exit(code);
}

/* The program's own symbol for addr, as " (sym+0xoff)", or "". */
static void user_symbol(const struct process *p, uint32_t addr, char *buf, size_t len)
{
	uint32_t off;
	const char *sym = elf_symbol(p->image, p->image_size, addr, &off);

	if (sym)
		snprintf(buf, len, " (%s+%#x)", sym, off);
	else
		buf[0] = '\0';
}

void process_kill(unsigned int vector, uint32_t eip, unsigned long address, const char *what)
{
	struct process *p = process_current();
	char sym[80];

	user_symbol(p, eip, sym, sizeof(sym));
	printk(KERN_ERR "program %s (pid %u) killed: %s at eip %08x%s\n",
	       p->name, p->pid, what, eip, sym);
	p->status.killed = 1;
	p->status.code = -1;
	p->status.vector = vector;
	p->status.eip = eip;
	p->status.address = address;
	task_kill(vector);
}

int process_wait(struct process *p, struct process_status *status)
{
	int rc;

	if (!p)
		return -EINVAL;
	rc = task_join(p->task, NULL);
	if (rc && rc != -EFAULT)
		return rc;
	__atomic_fetch_sub(&process_live, 1, __ATOMIC_SEQ_CST);
	if (status)
		*status = p->status;
	free_process(p);
	return 0;
}
