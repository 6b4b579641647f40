/*
 * switch_to(prev_esp, next_esp): the register half of a context switch.
 * The callee-saved registers go on the old stack, under the return
 * address (the eip to resume at), and its esp into *prev_esp; the new
 * stack holds the same layout (task_create builds one for a new task).
 */
	.text
	.globl switch_to
	.type switch_to, @function
switch_to:
	movl 4(%esp), %eax          /* prev_esp */
	movl 8(%esp), %edx          /* next_esp */
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)
	movl %edx, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size switch_to, . - switch_to

	.section .note.GNU-stack, "", @progbits
