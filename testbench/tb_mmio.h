/* SPDX-License-Identifier: MIT */
/*
 * tb_mmio.h - harness of the register-block suites: an environment on
 * tb_vio_mmio, the driver model's transport probed on it, a sequence run
 * in a thread, and room for what it read.
 */
#ifndef TB_MMIO_H
#define TB_MMIO_H

#include <stdint.h>

#include "tb.h"
#include "tb_env.h"
#include "vio_mmio_tb.h"
#include "virtio_mmio.h"

/** One test run. */
struct tb_mmio {
	struct tb_env *e;		 /* environment */
	struct virtio_hw hw;		 /* the model's way to the DUT */
	struct virtio_mmio_device *vm;	 /* the probed transport */
	int probe;			 /* virtio_mmio_probe() result */
	uint32_t v[32];			 /* values read, per test */
	int r[16];			 /* return codes, per test */
	void (*body)(struct tb_mmio *t); /* the sequence */
	unsigned config_changed;	 /* config_changed callbacks */
};

/** Build the environment for seed iteration i, probe, run fn in a thread.
 *  expect: a message id the test provokes on purpose, or NULL. */
void tb_mmio_run(int i, struct tb_mmio *t, void (*fn)(struct tb_mmio *t),
		 const char *expect);
/** Assert a clean run and a successful probe, then free everything. */
void tb_mmio_done(struct tb_mmio *t);

/** In the sequence: 32-bit register read (0xdeadbeef if it failed). */
uint32_t tb_mmio_rd(struct tb_mmio *t, unsigned off);
/** Register read returning the AXI response. */
int tb_mmio_raw_rd(struct tb_mmio *t, unsigned off, uint32_t *v);
/** Register write with all strobes: the AXI response. */
int tb_mmio_wr(struct tb_mmio *t, unsigned off, uint32_t v);
/** Pulse test-control events (CTRL_EV_*). */
void tb_mmio_event(struct tb_mmio *t, uint32_t ev);
/** Reset and bring the device to DRIVER_OK with the given features, in
 *  Linux's order: 0, or the virtio_features_ok() error. */
int tb_mmio_init(struct tb_mmio *t, uint64_t features);

#endif /* TB_MMIO_H */
