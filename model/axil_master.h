/* SPDX-License-Identifier: MIT */
/*
 * axil_master.h - AXI4-Lite master bus-functional model.
 *
 * Threads call the blocking axil_master_read()/axil_master_write(), or keep
 * several accesses in flight from one thread with the non-blocking
 * axil_master_read_start()/axil_master_write_start() and
 * axil_master_wait(); a method on the clock drives the channels. Reads and
 * writes run in two independent pipelines, several requests may be
 * outstanding, AW and W of a write start independently after their own
 * random idle time, and BREADY/RREADY stall at random, each on its own
 * draw, all from the run's seed.
 *
 * Ordering:
 * - Reads complete in the order they were started, and so do writes (one
 *   AXI ID): the n-th R (B) answers the n-th read (write).
 * - Reads and writes are independent: a read started while a write started
 *   with axil_master_write_start() is in flight may reach the slave first.
 *   Wait for the write when the read must see it.
 * - Posted writes (cfg.posted_writes): axil_master_write() returns once the
 *   write is queued. A read started afterwards, from any thread, waits
 *   until every posted write queued before it got its B (or timed out),
 *   as a CPU orders Device-memory accesses to one peripheral; posted
 *   writes are never held back by reads. A non-OKAY B of a posted write is
 *   counted in stats.errors and reported as axil.resp.
 */
#ifndef AXIL_MASTER_H
#define AXIL_MASTER_H

#include <stdbool.h>
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
	unsigned stall_permille;  /* chance per cycle of BREADY low, and
				 * (drawn apart) of RREADY low */
	unsigned timeout;	  /* cycles before a request is reported as
				 * unanswered (0 = 10000) */
	unsigned max_outstanding; /* per direction (0 = 4) */
	bool posted_writes;	  /* axil_master_write() returns once queued
				 * (see Ordering above) */
};

struct axil_master;
/** A request started with axil_master_read_start() or
 *  axil_master_write_start(); the caller owns it until axil_master_wait(). */
struct axil_req;

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
 *  -EPERM outside a thread (reported as axil.thread). With posted_writes:
 *  0 once queued (waiting while max_outstanding writes are in flight). */
int axil_master_write(struct axil_master *m, uint64_t addr, uint32_t data,
		      unsigned strb);
/** Read addr into *data (thread only): the response code or -ETIMEDOUT;
 *  waits for earlier posted writes first. */
int axil_master_read(struct axil_master *m, uint64_t addr, uint32_t *data);

/** Queue a read of addr without waiting for it (thread only; blocks while
 *  max_outstanding reads are in flight, and behind earlier posted writes):
 *  0 and *req, -EPERM outside a thread, -ENOMEM. */
int axil_master_read_start(struct axil_master *m, uint64_t addr,
			   struct axil_req **req);
/** Queue a write without waiting for it (thread only; blocks while
 *  max_outstanding writes are in flight): 0 and *req, -EPERM, -ENOMEM. */
int axil_master_write_start(struct axil_master *m, uint64_t addr, uint32_t data,
			    unsigned strb, struct axil_req **req);
/** Wait for req and release it (call once per request): the response code
 *  (and the read data in *data, which may be NULL), -ETIMEDOUT (reported
 *  as axil.timeout), -ECONNRESET (reset), or -EPERM outside a thread. */
int axil_master_wait(struct axil_master *m, struct axil_req *req,
		     uint32_t *data);
/** Wait until no request is in flight (thread only): 0, -ETIMEDOUT when
 *  requests timed out and are still unanswered, or -EPERM. */
int axil_master_drain(struct axil_master *m);

/** The live options: changes apply from the next cycle. */
struct axil_master_cfg *axil_master_cfg(struct axil_master *m);
/** Commit a protocol fault on the next write. */
void axil_master_inject(struct axil_master *m, enum axil_master_fault f);

/** Counters. */
struct axil_master_stats {
	uint64_t reads, writes;	       /* completed */
	uint64_t errors;	       /* responses other than OKAY */
	uint64_t timeouts;	       /* requests never answered */
	unsigned max_reads_in_flight;  /* most reads started and not yet */
	unsigned max_writes_in_flight; /* answered at once (queued or sent) */
	unsigned max_reads_at_slave;   /* most reads (writes) the slave had */
	unsigned max_writes_at_slave;  /* taken (AR; AW and W) and not yet
					* answered at once */
	uint64_t r_stall_cycles;       /* cycles with RVALID high, RREADY low */
	uint64_t b_stall_cycles;       /* cycles with BVALID high, BREADY low */
	uint64_t split_stall_cycles;   /* RVALID and BVALID high, exactly one
				      * of RREADY and BREADY low */
};
void axil_master_stats(const struct axil_master *m,
		       struct axil_master_stats *out);

#endif /* AXIL_MASTER_H */
