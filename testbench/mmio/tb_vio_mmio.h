/* SPDX-License-Identifier: MIT */
/*
 * tb_vio_mmio.h - harness of the register-block suites: an environment on
 * the DUT, the driver model's transport probed on it and a sequence run in
 * a thread. A test keeps what its sequence read in its own struct around
 * struct tb_mmio (see tb_container_of).
 *
 * Two kinds of test use it. Contract tests (test_mmio.c,
 * test_mmio_legacy.c) see the DUT from the bus alone: what they need to
 * know of it (device type, features, queues) they read from its registers
 * into struct tb_mmio_dut before the sequence starts, so they pass on any
 * virtio-mmio design under the DUT contract (docs/dut.md). White-box tests
 * (test_mmio_wb.c, test_mmio_legacy_wb.c) also drive and watch the
 * test-control block of tb_vio_mmio (tb_vio_mmio_dut.h) and expect its
 * parameters.
 */
#ifndef TB_VIO_MMIO_H
#define TB_VIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "dma_pool.h"
#include "tb.h"
#include "tb_env.h"
#include "tb_vio_mmio_dut.h"
#include "virtio_mmio.h"
#include "virtio_ring.h"

/** How register accesses reach the block. */
enum tb_mmio_bus {
	TB_MMIO_BUS_AUTO,     /* by seed iteration: odd ones pipelined */
	TB_MMIO_BUS_BLOCKING, /* each access waited for, as it is made */
	/* posted writes (a read waits for the writes before it), up to 4
	 * accesses in flight per direction, BREADY and RREADY stalled at
	 * random, and a second thread keeping reads of the ID registers in
	 * flight alongside the sequence (each value checked) */
	TB_MMIO_BUS_PIPELINED,
};

/* Ring and buffer memory of the harness's pool. */
#define TB_MMIO_POOL_BASE 0x40000000ull
#define TB_MMIO_POOL_SIZE 0x01000000ull

/* Queues tb_mmio_dut records (the transport's limit). */
#define TB_MMIO_MAX_QUEUES VIRTIO_MMIO_MAX_QUEUES

/** The DUT as its registers describe it, read before the sequence. */
struct tb_mmio_dut {
	uint32_t version;    /* Version */
	uint32_t device_id;  /* DeviceID */
	uint32_t vendor_id;  /* VendorID */
	uint64_t features;   /* DeviceFeatures, both words */
	unsigned num_queues; /* queues before the first QueueNumMax 0 */
	uint32_t queue_num_max[TB_MMIO_MAX_QUEUES]; /* QueueNumMax of each */
};

/** One test run. */
struct tb_mmio {
	struct tb_env *e;		 /* environment */
	struct virtio_hw hw;		 /* the model's way to the DUT */
	struct virtio_mmio_device *vm;	 /* the probed transport */
	int probe;			 /* virtio_mmio_probe() result */
	struct tb_mmio_dut dut;		 /* the DUT, read from its registers */
	struct dma_pool *pool;		 /* ring and buffer memory */
	void (*body)(struct tb_mmio *t); /* the sequence */
	unsigned config_changed;	 /* config_changed callbacks */
	enum tb_mmio_bus bus;		 /* set before tb_mmio_run() to force
					  * a mode; resolved by it */
	bool traffic_stop;		 /* pipelined: end the ID reads */
	unsigned traffic_reads;		 /* pipelined: ID reads made */
};

/** Build the environment for seed iteration i, probe, run fn in a thread
 *  (and, pipelined, the ID reads beside it; see enum tb_mmio_bus).
 *  expect: a message id the test provokes on purpose, or NULL. */
void tb_mmio_run(int i, struct tb_mmio *t, void (*fn)(struct tb_mmio *t),
		 const char *expect);
/** Assert a clean run and a successful probe, then free everything. */
void tb_mmio_done(struct tb_mmio *t);

/** In the sequence: 32-bit register read (0xdeadbeef if it failed). */
uint32_t tb_mmio_rd(struct tb_mmio *t, unsigned off);
/** Register read returning the AXI response. */
int tb_mmio_raw_rd(struct tb_mmio *t, unsigned off, uint32_t *v);
/** Register write with all strobes: the AXI response (0 once queued when
 *  pipelined: the write is posted). */
int tb_mmio_wr(struct tb_mmio *t, unsigned off, uint32_t v);
/** Register write that returns once answered, in every mode. */
int tb_mmio_wr_sync(struct tb_mmio *t, unsigned off, uint32_t v);
/** Wait until every access made so far is answered (posted writes too):
 *  before looking at the IRQ line after a write, say. 0 or -ETIMEDOUT. */
int tb_mmio_sync(struct tb_mmio *t);
/** Pulse test-control events (CTRL_EV_*); returns once they happened. */
void tb_mmio_event(struct tb_mmio *t, uint32_t ev);
/** Reset and bring the device to DRIVER_OK with the given features, in
 *  Linux's order: 0, or the virtio_features_ok() error. */
int tb_mmio_init(struct tb_mmio *t, uint64_t features);
/** Reset (polling), set ACKNOWLEDGE | DRIVER, write driver features f and
 *  set FEATURES_OK, by raw register writes: the Status read back (11:
 *  accepted, 3: refused). */
uint32_t tb_mmio_try_features(struct tb_mmio *t, uint64_t f);
/** Set up queue index with num entries through the transport's one path
 *  (virtio_mmio_setup_vq): rings at place (NULL: from the harness's pool).
 *  The setup_vq result. */
int tb_mmio_setup_vq(struct tb_mmio *t, unsigned index, unsigned num,
		     const struct vring_placement *place);
/** want entries for queue index, or its QueueNumMax if that is smaller
 *  (rounded down to a power of 2). */
unsigned tb_mmio_queue_size(const struct tb_mmio *t, unsigned index,
			    unsigned want);
/** Rings of queue index at base: desc, avail 0x1000 and used 0x2000 past
 *  it (version 2), or the legacy layout from base (version 1). */
struct vring_placement tb_mmio_rings_at(struct tb_mmio *t, unsigned num,
					uint64_t base);

#endif /* TB_VIO_MMIO_H */
