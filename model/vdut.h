/* SPDX-License-Identifier: MIT */
/*
 * vdut.h - C view of a Verilated DUT (the project's only C++ file is the
 * implementation, model/vdut.cpp).
 *
 * The DUT is bound by port name through the DUT contract (docs/dut.md):
 * clk, rst_n, s_axil_* (AXI4-Lite slave), m_axi_* (AXI4 master), irq. The
 * Makefile verilates DUT_TOP with --prefix Vdut, so any design with these
 * port names builds in; a port the design lacks reads as absent (p = NULL)
 * and vdut_create() fails only when a required one is missing.
 */
#ifndef VDUT_H
#define VDUT_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"
#include "vport.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vdut;

/** Every port of the contract. */
struct vdut_ports {
	struct vport clk, rst_n, irq;
	struct axil_if s_axil;
	struct axi_if m_axi;
	/* optional medium events of a virtio-blk device (docs/dut.md) */
	struct vport blk_resize_valid, blk_resize_sectors;
};

/** Build the model; NULL (with a message naming the missing ports) when
 *  the DUT lacks a required port. */
struct vdut *vdut_create(void);
/** Run final blocks and free the model. */
void vdut_destroy(struct vdut *d);
/** Settle the model after its inputs changed. */
void vdut_eval(struct vdut *d);
/** The model's ports. */
const struct vdut_ports *vdut_ports(const struct vdut *d);
/** Name of the verilated top module. */
const char *vdut_top_name(void);

/** True when the model was built with tracing (WAVES builds). */
bool vdut_trace_supported(void);
/** Open an FST trace (time unit 1 ps); -ENOTSUP without tracing. */
int vdut_trace_open(struct vdut *d, const char *path);
/** Record the model's signals at time_ps. */
void vdut_trace_dump(struct vdut *d, uint64_t time_ps);
/** Flush and close the trace, if open. */
void vdut_trace_close(struct vdut *d);

/** True when the model was built with coverage (COVERAGE builds). */
bool vdut_coverage_supported(void);
/** Write the coverage database (verilator_coverage format). */
int vdut_coverage_write(struct vdut *d, const char *path);

/** eval/dump callbacks for sim_clock_attach(clk, ports->clk.p, ..., d). */
extern const struct sim_model_ops vdut_model_ops;

#ifdef __cplusplus
}
#endif

#endif /* VDUT_H */
