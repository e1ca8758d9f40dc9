/* SPDX-License-Identifier: MIT */
/*
 * sim_ctx.h - user-space context switch for the kernel's threads.
 *
 * A context is a saved stack pointer; switching saves the callee-saved
 * registers and the floating-point control words on the current stack,
 * stores the stack pointer and loads the other one. No system call is made
 * (glibc's swapcontext saves and restores the signal mask with one).
 */
#ifndef SIM_CTX_H
#define SIM_CTX_H

#include <stddef.h>

/** A suspended context: its saved stack pointer. */
struct sim_ctx {
	void *sp;
};

/** Prepare ctx to run entry(arg) on the stack [stack, stack + size). */
void sim_ctx_make(struct sim_ctx *ctx, void *stack, size_t size,
		  void (*entry)(void *), void *arg);
/** Save the running context in from and resume to. */
void sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to);

#endif /* SIM_CTX_H */
