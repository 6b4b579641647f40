/*
 * A program that does one wrong thing, named by argv[1], and must be
 * killed for it (tests/guest/user.c checks how).  Nothing here catches
 * anything: if the fault did not kill it, it exits 99.
 */
#include <xenpv/user.h>

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static unsigned long hex(const char *s)
{
	unsigned long v = 0;

	for (; *s; s++)
		v = v * 16 + (unsigned long)(*s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10);
	return v;
}

static volatile unsigned char data_code[16] = { 0xc3 };    /* ret, in RW+NX data */
static volatile uint32_t tls_word = 0x7e57;
static int zero;
/* For "read-target"/"write-target": the kernel test writes an address
 * here (its own pagetable's, which the program cannot know) before the
 * program runs. */
volatile uint32_t target;

static uint32_t read_fs0(void)
{
	uint32_t v;

	__asm__ volatile("movl %%fs:0, %0" : "=r"(v));
	return v;
}

/* %fs loaded with TLS slot 0 over tls_word; its selector. */
static long fs_on_tls(void)
{
	long sel = sys_set_tls(0, (const void *)&tls_word, 4);

	if (sel < 0)
		sys_exit(97);
	__asm__ volatile("movw %w0, %%fs" : : "r"(sel));
	return sel;
}

/* %fs names TLS slot 0, which is then emptied: yielding (to a
 * companion) and using %fs again must end the program. */
static void tls_cleared(void)
{
	long sel = fs_on_tls();
	unsigned int i;

	if (read_fs0() != 0x7e57 || sys_set_tls(0, 0, 0) != sel)
		sys_exit(96);
	for (i = 0; i < 2000; i++) {
		sys_yield();
		(void)read_fs0();
	}
}

/* %fs names TLS slot 0 and the program spins on it without a system
 * call; the kernel test empties the slot under it from a timer. */
static void tls_spin(void)
{
	unsigned long i;

	fs_on_tls();
	for (i = 0; i < 400000000UL; i++)
		(void)read_fs0();
}

/* Named so that the kill report can show it. */
void do_fault(const char *what, const char *arg);
__attribute__((noinline)) void do_fault(const char *what, const char *arg)
{
	volatile unsigned char stack_code[16] = { 0xc3 };
	volatile uint32_t *p;

	if (streq(what, "null-read"))
		(void)*(volatile uint32_t *)0;
	else if (streq(what, "null-write"))
		*(volatile uint32_t *)0 = 1;
	else if (streq(what, "read") || streq(what, "write")) {
		p = (volatile uint32_t *)hex(arg);
		if (what[0] == 'r')
			(void)*p;
		else
			*p = 0x12345678;
	} else if (streq(what, "read-target"))
		(void)*(volatile uint32_t *)target;
	else if (streq(what, "write-target"))
		*(volatile uint32_t *)target = 0;
	else if (streq(what, "text-write"))
		*(volatile unsigned char *)do_fault = 0xcc;
	else if (streq(what, "exec-data"))
		((void (*)(void))data_code)();
	else if (streq(what, "exec-stack"))
		((void (*)(void))stack_code)();
	else if (streq(what, "stack-guard")) {
		/* Below the lowest stack page: the guard. */
		p = (volatile uint32_t *)hex(arg);
		*p = 1;
	} else if (streq(what, "ud2"))
		__asm__ volatile("ud2");
	else if (streq(what, "div0"))
		__asm__ volatile("divl %0" : : "r"(zero), "a"(1), "d"(0));
	else if (streq(what, "int3"))
		__asm__ volatile("int3");
	else if (streq(what, "cli"))
		__asm__ volatile("cli");
	else if (streq(what, "hlt"))
		__asm__ volatile("hlt");
	else if (streq(what, "cr3"))
		__asm__ volatile("movl %0, %%cr3" : : "r"(0));
	else if (streq(what, "bad-ds"))
		__asm__ volatile("movw %w0, %%ds" : : "r"(0xe021));    /* the kernel's DS */
	else if (streq(what, "ds-tls") || streq(what, "ss-tls")) {
		/* A flat segment in TLS slot 1 loaded into %ds (or %ss), then
		 * the slot emptied by the same system call whose return must
		 * reload it: RESTORE_ALL's pop (or the iret) faults. */
		long sel = sys_set_tls(1, 0, 0xbffff000);

		if (sel < 0)
			sys_exit(97);
		if (what[0] == 'd')
			__asm__ volatile("movw %w0, %%ds\n int $0x80"
					 : : "r"(sel), "a"(XENPV_SYS_set_tls), "b"(1), "c"(0), "d"(0) : "memory");
		else
			__asm__ volatile("movw %w0, %%ss\n int $0x80"
					 : : "r"(sel), "a"(XENPV_SYS_set_tls), "b"(1), "c"(0), "d"(0) : "memory");
	} else if (streq(what, "tls-yield"))
		tls_cleared();
	else if (streq(what, "tls-spin"))
		tls_spin();
	else if (streq(what, "iret-ring1"))
		/* An iret whose frame names the kernel's ring-1 code segment. */
		__asm__ volatile("pushl $0x202\n pushl $0xe019\n pushl $0\n iret");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 98;
	do_fault(argv[1], argc > 2 ? argv[2] : "0");
	sys_print("fault: survived ");
	sys_print(argv[1]);
	sys_print("\n");
	return 99;
}
