/*
 * xenpv-crt0.o: the start of a user program (i386, ring 3).  The kernel
 * enters _start with the stack Linux gives a static program: argc, then
 * argv[0..argc-1], a NULL, then envp's NULL terminator.  _start calls
 * main(argc, argv) and ends the program with its result.
 *
 * Also here, weak (a program's own definitions win): memcpy, memmove,
 * memset and memcmp, which GCC may call even in freestanding code (a
 * struct copy, a large initialiser), and a program has no libc.
 */

/* XENPV_SYS_exit in <xenpv/user.h> (a C header: not includable here). */
#define SYS_EXIT 2

	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* the outermost frame: backtraces stop here */
	popl	%esi			/* argc */
	movl	%esp, %edi		/* argv */
	andl	$-16, %esp		/* the i386 ABI: 16-byte aligned at a call */
	subl	$8, %esp
	pushl	%edi
	pushl	%esi
	call	main
	movl	%eax, %ebx
	movl	$SYS_EXIT, %eax
	int	$0x80
	ud2				/* exit does not return */
	.size	_start, . - _start

/* Take (p, q, n) from the stack: p and q into the given registers (esi
 * and edi, which the caller keeps, are pushed first), n into ecx. */
.macro ARGS3 p, q
	pushl	%edi
	pushl	%esi
	movl	12(%esp), \p
	movl	16(%esp), \q
	movl	20(%esp), %ecx
.endm
.macro RET3
	popl	%esi
	popl	%edi
	ret
.endm

/* void *memmove(void *dst, const void *src, size_t n), and memcpy: it
 * copies backwards when dst lies above src, so that an overlap is read
 * before it is written. */
	.weak	memmove
	.type	memmove, @function
	.weak	memcpy
	.type	memcpy, @function
memmove:
memcpy:
	ARGS3	%edi, %esi
	movl	%edi, %eax
	cmpl	%esi, %edi
	jbe	1f
	leal	-1(%esi,%ecx), %esi
	leal	-1(%edi,%ecx), %edi
	std
	rep movsb
	cld				/* the ABI: the direction flag is clear */
	RET3
1:	rep movsb
	RET3
	.size	memmove, . - memmove
	.size	memcpy, . - memcpy

/* void *memset(void *dst, int c, size_t n) */
	.weak	memset
	.type	memset, @function
memset:
	pushl	%edi
	movl	8(%esp), %edi
	movl	12(%esp), %eax
	movl	16(%esp), %ecx
	movl	%edi, %edx
	rep stosb
	movl	%edx, %eax
	popl	%edi
	ret
	.size	memset, . - memset

/* int memcmp(const void *a, const void *b, size_t n): the difference of
 * the first unequal bytes, as unsigned chars. */
	.weak	memcmp
	.type	memcmp, @function
memcmp:
	ARGS3	%esi, %edi
	xorl	%eax, %eax		/* sets ZF: n == 0 compares equal */
	repe cmpsb
	je	1f
	movzbl	-1(%esi), %eax
	movzbl	-1(%edi), %ecx
	subl	%ecx, %eax
1:	RET3
	.size	memcmp, . - memcmp

	.section .note.GNU-stack, "", @progbits
