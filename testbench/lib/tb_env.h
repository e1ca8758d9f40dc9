/* SPDX-License-Identifier: MIT */
/*
 * tb_env.h - a DUT under test with its bus-functional models: kernel and
 * clock, the Verilated DUT, an AXI4-Lite master on s_axil, an AXI4 slave
 * memory on m_axi, protocol checkers on both, and an IRQ monitor. Used by
 * the DUT tests, the benchmark and the demonstration.
 */
#ifndef TB_ENV_H
#define TB_ENV_H

#include <stdbool.h>
#include <stdint.h>

#include "axi_check.h"
#include "axi_mem.h"
#include "axil_master.h"
#include "irq_mon.h"
#include "mem.h"
#include "sim.h"
#include "vdut.h"
#include "virtio.h"

#define TB_CLK_PERIOD 10000 /* ps: 100 MHz */
#define TB_ENV_MAX_IRQ 32   /* interrupt lines watched at most */

/** Where an environment writes its trace and coverage. */
struct tb_env_output {
	bool waves;		  /* write <waves_dir>/<name>.fst */
	const char *waves_dir;	  /* NULL: build/waves */
	uint64_t waves_start;	  /* trace rising edges waves_start.. */
	uint64_t waves_stop;	  /*   ..waves_stop only (0: no bound) */
	const char *coverage_dir; /* <dir>/<name>.<pid>[-<n>].dat, or NULL */
};

/** The output of every environment whose cfg.out is NULL (default: no
 *  trace, no coverage). The runner sets it from the environment
 *  variables before any test runs; a program of its own may too. */
void tb_env_set_output(const struct tb_env_output *o);
/** Read WAVES, WAVES_DIR, WAVES_START, WAVES_STOP and COVERAGE_DIR into
 *  *o: 0, or -1 with a message saying what is wrong (a value that is not a
 *  number, WAVES other than 0 or 1, WAVES_START after WAVES_STOP). */
int tb_env_output_from_environment(struct tb_env_output *o);

/** Both of the above: the default output from the environment variables.
 *  0, or -1 (the message is printed). Suite binaries call it before their
 *  first test; a program that builds environments calls it first. */
int tb_env_setup_from_environment(void);

/** Options; zero-initialise and set what you need. */
struct tb_env_cfg {
	const char *name;     /* test name: names the trace file */
	uint64_t seed;	      /* run seed */
	bool random;	      /* random back-pressure and latency on every
			       * bus model (the amounts below win if set) */
	bool no_checkers;     /* leave the protocol checkers out */
	bool quiet;	      /* no seed banner */
	unsigned hang_cycles; /* checkers' hang limit (0 = their default) */
	size_t stack_size;    /* tb_env_run()'s thread stack (0: default) */
	struct axil_master_cfg axil;	 /* AXI4-Lite master options */
	struct axi_mem_cfg mem;		 /* AXI4 memory options */
	const struct tb_env_output *out; /* NULL: tb_env_set_output()'s */
};

/** A test sequence started by tb_env_run(). */
struct tb_env_body {
	struct tb_env *e;   /* environment */
	sim_thread_fn body; /* test sequence */
	void *arg;	    /* its argument */
};

/** The environment; every field may be used directly by tests. */
struct tb_env {
	sim_t *sim;		     /* kernel */
	sim_clock_t *clk;	     /* the DUT clock */
	struct vdut *dut;	     /* the Verilated DUT */
	const struct vdut_ports *p;  /* its ports */
	struct mem *mem;	     /* DMA memory */
	struct axil_master *axil;    /* register access */
	struct axi_mem *axim;	     /* the DUT's DMA slave */
	struct axil_check *axil_chk; /* checker on s_axil (or NULL) */
	struct axi_check *axi_chk;   /* checker on m_axi (or NULL) */
	struct irq_mon *irq;	     /* interrupt monitor on irq bit 0 */
	struct irq_mon *irqs[TB_ENV_MAX_IRQ]; /* one per line: irqs[0] = irq */
	unsigned nirq;		  /* lines: every bit the irq port holds */
	size_t stack_size;	  /* cfg.stack_size */
	char *name;		  /* copy of cfg->name */
	bool tracing;		  /* an FST trace is being written */
	struct tb_env_output out; /* where its trace and coverage go */
	bool outputs_closed;	  /* trace closed, coverage written */
	struct tb_env *next_live; /* environments not yet destroyed */
};

/** Stop every tb_env_run() after `seconds` of wall-clock time from now
 *  (SIGALRM), with a tb.time_limit error: the runner sets it a little
 *  under a test's time limit, so that a test that would be killed fails
 *  instead, with its trace and coverage written. */
void tb_env_set_deadline(double seconds);
/** Whether that deadline has passed. */
bool tb_env_out_of_time(void);
/** Close the trace and write the coverage of every environment not yet
 *  destroyed (a failing assertion calls it, and so does exit()). */
void tb_env_close_all_outputs(void);

/** Build everything; NULL with a message on failure. The trace is closed
 *  and coverage written when the environment is destroyed or, for one a
 *  failing test leaves behind, when the process exits. With out.waves it
 *  opens <waves_dir>/<name>.fst when the model has tracing. */
struct tb_env *tb_env_create(const struct tb_env_cfg *cfg);
/** Close the trace, write coverage (out.coverage_dir), free everything. */
void tb_env_destroy(struct tb_env *e);
/** In a thread: hold rst_n low for `cycles` rising edges, then release. */
void tb_env_reset(struct tb_env *e, unsigned cycles);
/** Spawn body(arg) after a 8-cycle reset, in a thread with cfg.stack_size
 *  bytes of stack, and run until every thread has returned, at most
 *  max_cycles. */
enum sim_run_result tb_env_run(struct tb_env *e, sim_thread_fn body, void *arg,
			       uint64_t max_cycles);

/** In a thread: pulse the blk medium port (blk_resize_valid for one
 *  cycle with blk_resize_sectors): 0, or -ENODEV when the DUT has none. */
int tb_env_blk_resize(struct tb_env *e, uint64_t sectors);

/** Fill hw so the driver model reaches the DUT through this environment:
 *  registers through the AXI4-Lite master, DMA memory, the IRQ monitor. */
void tb_env_virtio_hw(struct tb_env *e, struct virtio_hw *hw);

/** Fail the Check test when the run reported an error, with the seed. */
#define tb_env_assert_clean(e)                                \
	ck_assert_msg(sim_first_error((e)->sim) == NULL,      \
		      "simulation error (seed 0x%llx): %s",   \
		      (unsigned long long)sim_seed((e)->sim), \
		      sim_first_error((e)->sim))

#endif /* TB_ENV_H */
