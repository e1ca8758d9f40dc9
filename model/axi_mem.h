/* SPDX-License-Identifier: MIT */
/*
 * axi_mem.h - AXI4 slave memory bus-functional model for a DUT's DMA.
 *
 * Serves INCR, FIXED and WRAP bursts (narrow transfers and unaligned starts
 * included) from a struct mem, with byte strobes, several outstanding
 * transactions per direction, read and write latency drawn from a range,
 * random back-pressure on AR, AW and W and random gaps on R and B, optional
 * reordering of responses across IDs (never within one ID), and the memory's
 * error windows, permissions and taps. All randomness comes from the run's
 * seed. W beats may arrive before their AW (AXI4 allows it).
 */
#ifndef AXI_MEM_H
#define AXI_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"
#include "sim.h"
#include "vport.h"

/** Deliberate protocol faults, for testing protocol checkers. */
enum axi_mem_fault {
	AXI_MEM_FAULT_NONE,
	AXI_MEM_FAULT_SPURIOUS_R,  /* an R beat with no read outstanding */
	AXI_MEM_FAULT_RLAST_EARLY, /* RLAST on beat 0 of the next long burst */
	AXI_MEM_FAULT_SPURIOUS_B,  /* a B with no write outstanding */
	AXI_MEM_FAULT_NO_RRESP,	   /* accept reads, never answer them */
};

/** Options; zero-initialise and set what you need. The model keeps a copy
 *  that axi_mem_cfg() returns for changes during a run. */
struct axi_mem_cfg {
	const char *name;    /* instance name (default "axi_mem") */
	unsigned rd_lat_min; /* cycles from AR to the first R beat */
	unsigned rd_lat_max; /*   (uniform in [min, max]) */
	unsigned wr_lat_min; /* cycles from the last W beat to B */
	unsigned wr_lat_max;
	unsigned ar_stall;   /* permille: ARREADY low in a cycle */
	unsigned aw_stall;   /* permille: AWREADY low */
	unsigned w_stall;    /* permille: WREADY low */
	unsigned r_idle;     /* permille: no R beat offered */
	unsigned b_idle;     /* permille: no B offered */
	unsigned max_reads;  /* outstanding read bursts (0 = 16) */
	unsigned max_writes; /* outstanding write bursts (0 = 16) */
	bool reorder;	     /* answer across IDs out of order */
};

struct axi_mem;

/** Create the model on bus and register its method on clk; rst_n may be
 *  NULL. The data width comes from the size of the wdata port. */
struct axi_mem *axi_mem_create(sim_t *sim, sim_clock_t *clk,
			       const struct axi_if *bus,
			       const struct vport *rst_n, struct mem *mem,
			       const struct axi_mem_cfg *cfg);
/** Free the model. */
void axi_mem_destroy(struct axi_mem *m);
/** The live options: changes apply from the next cycle. */
struct axi_mem_cfg *axi_mem_cfg(struct axi_mem *m);
/** Commit a protocol fault (once). */
void axi_mem_inject(struct axi_mem *m, enum axi_mem_fault f);

/** Counters. */
struct axi_mem_stats {
	uint64_t ar, aw;   /* bursts accepted */
	uint64_t r, w, b;  /* beats / responses handed over */
	uint64_t rd_bytes; /* bytes read (lanes of R beats) */
	uint64_t wr_bytes; /* bytes written (strobed lanes) */
	uint64_t errors;   /* non-OKAY responses given */
};
void axi_mem_stats(const struct axi_mem *m, struct axi_mem_stats *out);

/** Address of beat `beat` of a burst (AXI A3.4.1); sizes larger than the
 *  bus are clamped and the reserved burst type is treated as INCR. */
uint64_t axi_mem_beat_addr(uint64_t start, unsigned size, unsigned beats,
			   unsigned burst, unsigned beat);

#endif /* AXI_MEM_H */
