/* SPDX-License-Identifier: MIT */
/*
 * axil_master.h - AXI4-Lite master bus-functional model.
 *
 * Threads call the blocking axil_master_read()/axil_master_write(); a
 * method on the clock drives the channels. Reads and writes run in two
 * independent pipelines, several requests may be outstanding, AW and W of a
 * write start independently after their own random idle time, and
 * BREADY/RREADY stall at random, all drawn from the run's seed.
 */
#ifndef AXIL_MASTER_H
#define AXIL_MASTER_H

#include <stdint.h>

#include "sim.h"
#include "vport.h"

/** Deliberate protocol faults, for testing protocol checkers. */
enum axil_master_fault {
	AXIL_MASTER_FAULT_NONE,
	/* Both hold the next write's W back until its AW is taken, then
	 * offer a second AW the slave cannot take yet (it waits for W) and: */
	AXIL_MASTER_FAULT_AW_VALID_DROP,  /* drop its AWVALID unaccepted */
	AXIL_MASTER_FAULT_AW_ADDR_CHANGE, /* change its AWADDR, then drop it */
};

/** Options; zero-initialise and set what you need. */
struct axil_master_cfg {
	const char *name;	  /* instance name (default "axil") */
	unsigned idle_permille;	  /* chance per cycle of delaying a request */
	unsigned stall_permille;  /* chance per cycle of BREADY/RREADY low */
	unsigned timeout;	  /* cycles before a request is reported as
				 * unanswered (0 = 10000) */
	unsigned max_outstanding; /* per direction (0 = 4) */
};

struct axil_master;

/** Create the model and register its method on clk; rst_n may be NULL. */
struct axil_master *axil_master_create(sim_t *sim, sim_clock_t *clk,
				       const struct axil_if *bus,
				       const struct vport *rst_n,
				       const struct axil_master_cfg *cfg);
/** Free the model (its method must not run afterwards: destroy the kernel
 *  first or together). */
void axil_master_destroy(struct axil_master *m);

/** Write data with byte strobes at addr (thread only): the response code
 *  (AXI_OKAY...AXI_DECERR), -ETIMEDOUT (reported as axil.timeout), or
 *  -EPERM outside a thread (reported as axil.thread). */
int axil_master_write(struct axil_master *m, uint64_t addr, uint32_t data,
		      unsigned strb);
/** Read addr into *data (thread only): the response code or -ETIMEDOUT. */
int axil_master_read(struct axil_master *m, uint64_t addr, uint32_t *data);
/** The live options: changes apply from the next cycle. */
struct axil_master_cfg *axil_master_cfg(struct axil_master *m);
/** Commit a protocol fault on the next write. */
void axil_master_inject(struct axil_master *m, enum axil_master_fault f);

/** Counters. */
struct axil_master_stats {
	uint64_t reads, writes; /* completed */
	uint64_t errors;	/* responses other than OKAY */
	uint64_t timeouts;	/* requests never answered */
};
void axil_master_stats(const struct axil_master *m,
		       struct axil_master_stats *out);

#endif /* AXIL_MASTER_H */
