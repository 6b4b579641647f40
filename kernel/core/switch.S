/*
 * switch_to(prev, next_esp): the register half of a context switch.
 * The callee-saved registers go on the old stack, under the return
 * address (the eip to resume at), and its esp into prev->esp (the
 * task's first field); the new stack holds the same layout (task_create
 * builds one for a new task).  It returns, on the new stack, the task
 * this vCPU switched away from: the resumed task learns which one it
 * must let go of (task_finish_switch).
 */
	.text
	.globl switch_to
	.type switch_to, @function
switch_to:
	movl 4(%esp), %eax          /* prev, whose esp is at offset 0 */
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
	ret                         /* %eax: prev */
	.size switch_to, . - switch_to

/* A new task's first switch_to returns here, its stack holding
 * task_start's (never used) return address and argument. */
	.globl task_entry
	.type task_entry, @function
task_entry:
	pushl %eax
	call task_finish_switch
	addl $4, %esp
	jmp task_start
	.size task_entry, . - task_entry

	.section .note.GNU-stack, "", @progbits
