/* SPDX-License-Identifier: MIT */
/*
 * axi_check.h - passive AXI4 and AXI4-Lite protocol checkers.
 *
 * One checker watches one interface. It runs as a kernel method on the
 * interface clock, so it sees every port as the DUT samples it at the rising
 * edge, and reports each rule broken with sim_report(SIM_ERROR) under a fixed
 * message id (below). The message names the instance, the channel, the rule,
 * the cycle (sim_cycles()) and the values involved. Master-side and
 * slave-side rules are checked alike.
 *
 * A port whose p is NULL is absent: an absent payload field is not checked
 * (nor used: ID 0, LEN 0, SIZE the bus width, BURST INCR); an absent VALID
 * means the channel is never used, an absent READY is taken as always 1, an
 * absent reset as never asserted. The bus and reset descriptors are copied
 * at create (they may be temporaries); the storage they point to must
 * outlive the checker.
 */
#ifndef AXI_CHECK_H
#define AXI_CHECK_H

#include <stdint.h>

#include "sim.h"
#include "vport.h"

/* Message ids, one per rule (ARM IHI 0022 section in brackets). */
#define AXI_CHECK_VALID_DROP "axi.valid_drop"	      /* A3.2.1 */
#define AXI_CHECK_PAYLOAD_CHANGE "axi.payload_change" /* A3.2.1 */
#define AXI_CHECK_WLAST "axi.wlast"		      /* A3.2.2 */
#define AXI_CHECK_RLAST "axi.rlast"		      /* A3.2.2 */
#define AXI_CHECK_4K "axi.4k"			      /* A3.4.1 */
#define AXI_CHECK_BURST_LEN "axi.burst_len"	      /* A3.4.1 */
#define AXI_CHECK_BURST_SIZE "axi.burst_size"	      /* A3.4.1 */
#define AXI_CHECK_BURST_TYPE "axi.burst_type"	      /* A3.4.1 */
#define AXI_CHECK_RESP_NO_REQ "axi.resp_no_req"	      /* A3.3.1, A5 */
#define AXI_CHECK_HANG "axi.hang"		      /* liveness */
#define AXI_CHECK_RESET_VALID "axi.reset_valid"	      /* A3.1.2 */
#define AXI_CHECK_OVERFLOW "axi.overflow"	      /* SIM_WARNING */

/** Creation options; zero-initialise and set what you need. */
struct axi_check_cfg {
	const char *name;	  /* instance name in messages ("axi") */
	unsigned hang_cycles;	  /* cycles before a hang report; 0 = 10000 */
	unsigned max_outstanding; /* bookkeeping slots per direction; 0 = 256 */
};

/** Handshakes seen per channel and rule violations reported. */
struct axi_check_stats {
	uint64_t ar;	     /* AR handshakes */
	uint64_t r;	     /* R handshakes (beats) */
	uint64_t aw;	     /* AW handshakes */
	uint64_t w;	     /* W handshakes (beats) */
	uint64_t b;	     /* B handshakes */
	uint64_t violations; /* SIM_ERROR reports (not the overflow warning) */
};

/** The same counters for an AXI4-Lite checker. */
struct axil_check_stats {
	uint64_t ar;	     /* AR handshakes */
	uint64_t r;	     /* R handshakes */
	uint64_t aw;	     /* AW handshakes */
	uint64_t w;	     /* W handshakes */
	uint64_t b;	     /* B handshakes */
	uint64_t violations; /* SIM_ERROR reports (not the overflow warning) */
};

struct axi_check;
struct axil_check;

/** Create an AXI4 checker and register its method on clk (none if clk is
 *  NULL); cfg may be NULL. NULL with errno EINVAL or ENOMEM on failure. */
struct axi_check *axi_check_create(sim_t *sim, sim_clock_t *clk,
				   const struct axi_if *bus,
				   const struct vport *rst_n,
				   const struct axi_check_cfg *cfg);
/** Disable the method and free the checker; call before sim_destroy(). */
void axi_check_destroy(struct axi_check *c);
/** Check one rising edge (the method body; unit tests call it directly). */
void axi_check_sample(struct axi_check *c);
/** Copy the handshake and violation counters to *out. */
void axi_check_stats(const struct axi_check *c, struct axi_check_stats *out);

/** Create an AXI4-Lite checker, as axi_check_create(). */
struct axil_check *axil_check_create(sim_t *sim, sim_clock_t *clk,
				     const struct axil_if *bus,
				     const struct vport *rst_n,
				     const struct axi_check_cfg *cfg);
/** Disable the method and free the checker; call before sim_destroy(). */
void axil_check_destroy(struct axil_check *c);
/** Check one rising edge (the method body; unit tests call it directly). */
void axil_check_sample(struct axil_check *c);
/** Copy the handshake and violation counters to *out. */
void axil_check_stats(const struct axil_check *c, struct axil_check_stats *out);

#endif /* AXI_CHECK_H */
