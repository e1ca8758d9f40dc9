/* SPDX-License-Identifier: MIT */
/*
 * sim_ctx.c - context switch in a few instructions per architecture
 * (x86-64 System V and AArch64); other architectures fail to compile with a
 * message rather than fall back to a slow switch.
 */
#include "sim_ctx.h"

#include <stdint.h>
#include <stdlib.h>

#if defined(__x86_64__)

/*
 * Frame saved on a suspended stack, from the stack pointer up:
 *   mxcsr (4 bytes) and x87 control word (4 bytes), r15, r14, r13, r12,
 *   rbx, rbp, return address.
 * A new context starts in sim_ctx_boot with r12 = arg and r13 = entry.
 */
__asm__(".text\n"
	".globl sim_ctx_switch\n"
	".type sim_ctx_switch,@function\n"
	"sim_ctx_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	movq %rsp, (%rdi)\n"
	"	movq (%rsi), %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size sim_ctx_switch, .-sim_ctx_switch\n"
	".type sim_ctx_boot,@function\n"
	"sim_ctx_boot:\n"
	"	movq %r12, %rdi\n"
	"	callq *%r13\n"
	"	ud2\n" /* entry must never return */
	".size sim_ctx_boot, .-sim_ctx_boot\n");

void sim_ctx_boot(void);

void sim_ctx_make(struct sim_ctx *ctx, void *stack, size_t size,
		  void (*entry)(void *), void *arg)
{
	/* After the final ret the stack pointer must be 16-byte aligned (the
	 * return address sits just below the aligned top), so that the call in
	 * sim_ctx_boot enters entry() with rsp = 8 (mod 16) as the ABI
	 * expects. */
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)top;

	*--sp = (uint64_t)(uintptr_t)sim_ctx_boot; /* return address */
	*--sp = 0;				   /* rbp */
	*--sp = 0;				   /* rbx */
	*--sp = (uint64_t)(uintptr_t)arg;	   /* r12 */
	*--sp = (uint64_t)(uintptr_t)entry;	   /* r13 */
	*--sp = 0;				   /* r14 */
	*--sp = 0;				   /* r15 */
	*--sp = 0x0000037f00001f80ull; /* x87 CW 0x37f, MXCSR 0x1f80 */
	ctx->sp = sp;
}

#elif defined(__aarch64__)

/*
 * Frame: x19..x30 (x30 = return address), d8..d15, FPCR: 21 slots of 8
 * bytes rounded to 176 bytes. A new context starts in sim_ctx_boot with
 * x19 = arg and x20 = entry.
 */
__asm__(".text\n"
	".globl sim_ctx_switch\n"
	".type sim_ctx_switch,%function\n"
	"sim_ctx_switch:\n"
	"	sub sp, sp, #176\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mrs x10, fpcr\n"
	"	str x10, [sp, #160]\n"
	"	mov x9, sp\n"
	"	str x9, [x0]\n"
	"	ldr x9, [x1]\n"
	"	mov sp, x9\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	ldr x10, [sp, #160]\n"
	"	msr fpcr, x10\n"
	"	add sp, sp, #176\n"
	"	ret\n"
	".size sim_ctx_switch, .-sim_ctx_switch\n"
	".type sim_ctx_boot,%function\n"
	"sim_ctx_boot:\n"
	"	mov x0, x19\n"
	"	blr x20\n"
	"	brk #0\n"
	".size sim_ctx_boot, .-sim_ctx_boot\n");

void sim_ctx_boot(void);

void sim_ctx_make(struct sim_ctx *ctx, void *stack, size_t size,
		  void (*entry)(void *), void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)(top - 176);
	int i;

	for (i = 0; i < 22; i++)
		sp[i] = 0;
	sp[0] = (uint64_t)(uintptr_t)arg;	    /* x19 */
	sp[1] = (uint64_t)(uintptr_t)entry;	    /* x20 */
	sp[11] = (uint64_t)(uintptr_t)sim_ctx_boot; /* x30 */
	ctx->sp = sp;
}

#else
#error "sim_ctx: add a context switch for this architecture (x86-64 and AArch64 are supported)"
#endif
