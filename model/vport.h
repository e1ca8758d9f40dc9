/* SPDX-License-Identifier: MIT */
/*
 * vport.h - typed views of the DUT's ports for the bus-functional models.
 *
 * A port is the address of the Verilated model's storage for one top-level
 * signal plus its size in bytes. Verilator stores a signal of up to 8 bits
 * in 1 byte, up to 16 in 2, up to 32 in 4, up to 64 in 8, and wider ones as
 * arrays of 32-bit words, least significant word first; on a little-endian
 * host all of these are the signal's little-endian bytes, so one accessor
 * serves every width. Inputs are written with vport_drive*(), which defers
 * the write to the kernel's update phase (see sim.h).
 */
#ifndef VPORT_H
#define VPORT_H

#include <stdint.h>
#include <string.h>

#include "sim.h"

/** One top-level signal. */
struct vport {
	void *p;	/* Verilated storage (NULL: the DUT lacks the port) */
	uint16_t bytes; /* storage size in bytes */
};

/** Read a port of at most 8 bytes. */
static inline uint64_t vport_get(const struct vport *v)
{
	switch (v->bytes) {
	case 1: return *(const uint8_t *)v->p;
	case 2: return *(const uint16_t *)v->p;
	case 4: return *(const uint32_t *)v->p;
	default: return *(const uint64_t *)v->p;
	}
}

/** Read a one-byte port (valid, ready, last, ...). */
static inline unsigned vport_bit(const struct vport *v)
{
	return *(const uint8_t *)v->p;
}

/** Copy a port's bytes (any width) into dst. */
static inline void vport_get_bytes(const struct vport *v, void *dst)
{
	memcpy(dst, v->p, v->bytes);
}

/** Drive a port of at most 8 bytes after the current phase. */
static inline void vport_drive(sim_t *sim, const struct vport *v, uint64_t x)
{
	sim_drive(sim, v->p, x, v->bytes);
}

/** Drive a port of any width from its little-endian bytes. */
static inline void vport_drive_bytes(sim_t *sim, const struct vport *v,
				     const void *src)
{
	sim_drive_bytes(sim, v->p, src, v->bytes);
}

/** AXI4-Lite: the names are the signal names without the prefix. */
struct axil_if {
	struct vport awaddr, awprot, awvalid, awready;
	struct vport wdata, wstrb, wvalid, wready;
	struct vport bresp, bvalid, bready;
	struct vport araddr, arprot, arvalid, arready;
	struct vport rdata, rresp, rvalid, rready;
};

/** AXI4 (no QoS, region or user signals). */
struct axi_if {
	struct vport awid, awaddr, awlen, awsize, awburst, awlock, awcache,
		awprot, awvalid, awready;
	struct vport wdata, wstrb, wlast, wvalid, wready;
	struct vport bid, bresp, bvalid, bready;
	struct vport arid, araddr, arlen, arsize, arburst, arlock, arcache,
		arprot, arvalid, arready;
	struct vport rid, rdata, rresp, rlast, rvalid, rready;
};

/** AXI response codes. */
enum axi_resp { AXI_OKAY = 0, AXI_EXOKAY = 1, AXI_SLVERR = 2, AXI_DECERR = 3 };
/** AXI burst types. */
enum axi_burst { AXI_FIXED = 0, AXI_INCR = 1, AXI_WRAP = 2 };

/** Name of a response code ("OKAY", "SLVERR", ...). */
static inline const char *axi_resp_name(unsigned r)
{
	static const char *const n[] = { "OKAY", "EXOKAY", "SLVERR", "DECERR" };
	return n[r & 3];
}

#endif /* VPORT_H */
