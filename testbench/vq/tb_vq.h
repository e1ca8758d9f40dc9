/* SPDX-License-Identifier: MIT */
/*
 * tb_vq.h - harness of the ring-engine suite: the net loopback device
 * (rtl/vio_top.v) under random memory latency and back-pressure, probed by
 * the driver model, with its receive and transmit virtqueues, DMA memory
 * that is no-access except what the model allows, and frame helpers.
 *
 * Failures inside the simulation are reported with id "tb.check" (never a
 * Check assertion in a thread); tb_vq_done() fails the test on any error.
 */
#ifndef TB_VQ_H
#define TB_VQ_H

#include <stdbool.h>
#include <stdint.h>

#include "dma_pool.h"
#include "tb.h"
#include "tb_env.h"
#include "virtio_mmio.h"
#include "virtio_ring.h"
#include "vring_raw.h"

#define TB_VQ_RX 0	  /* receiveq1 (5.1.2) */
#define TB_VQ_TX 1	  /* transmitq1 */
#define TB_VQ_NET_HDR 12u /* virtio_net_hdr with VERSION_1 (5.1.6) */
#define TB_VQ_POOL_BASE 0x100000000ull /* DMA memory above 4 GiB (Q1) */
#define TB_VQ_POOL_SIZE (256ull << 20)

/* Feature bits of the DUT (5.1.3 and 6). */
#define TB_VQ_F_NET_MAC 5
#define TB_VQ_F_NET_STATUS 16
#define TB_VQ_F_VERSION_1 32
#define TB_VQ_F_RING_RESET 40

/** A frame in flight: the buffer the model posted and what it holds. */
struct tb_frame {
	uint64_t addr; /* DMA buffer */
	uint32_t len;  /* bytes (header included) */
	uint32_t seq;  /* sequence number */
};

/** One test run. */
struct tb_vq {
	struct tb_env *e;	       /* environment */
	struct tb_env_cfg cfg;	       /* its options (set before the run) */
	struct virtio_hw hw;	       /* the model's way to the DUT */
	struct virtio_mmio_device *vm; /* the probed transport */
	struct dma_pool *pool;	       /* DMA memory */
	struct virtqueue *vq[2];       /* rx, tx (after tb_vq_init) */
	unsigned num[2];	       /* queue sizes wanted (0: 256) */
	unsigned nq;		       /* queues to set up (0: 2, rx and tx) */
	uint64_t features;	 /* to negotiate (0: everything offered) */
	uint32_t seq_tx, seq_rx; /* frames sent, frames received */
	unsigned hdr;		 /* virtio_net_hdr bytes (12; 10 legacy) */
	uint64_t irqs;		 /* interrupt handler runs */
	uint32_t rx_len;	 /* used.len of the last frame received */
	void (*body)(struct tb_vq *t); /* the sequence */
	uint64_t max_cycles;	       /* run limit (0: 20 M) */
	bool no_driver_ok;	       /* tb_vq_init stops before DRIVER_OK */
	bool no_kick;		       /* post and send without notifying */
};

/** Fill the defaults of t->cfg for seed iteration i (random bus models). */
void tb_vq_cfg(int i, struct tb_vq *t);
/** Build the environment (t->cfg, see tb_vq_cfg), probe, run fn in a
 *  thread. expect: a message id the test provokes on purpose, or NULL. */
void tb_vq_run(struct tb_vq *t, void (*fn)(struct tb_vq *t),
	       const char *expect);
/** Assert a clean run, then free everything. */
void tb_vq_done(struct tb_vq *t);

/** In the sequence: reset, negotiate t->features, set up both queues (sizes
 *  t->num), DRIVER_OK (unless t->no_driver_ok). 0, or a negative errno
 *  (reported). */
int tb_vq_init(struct tb_vq *t);
/** Report a failed check (id "tb.check") with the location. */
#define tb_vq_fail(t, ...) \
	sim_report((t)->e->sim, SIM_ERROR, "tb.check", __VA_ARGS__)
/** Check cond in the sequence; report and return false when it fails. */
#define tb_vq_check(t, cond, ...) \
	((cond) ? true : (tb_vq_fail(t, __VA_ARGS__), false))

/** Allocate len bytes of DMA memory (aligned to align): the address, or 0
 *  with a report. */
uint64_t tb_vq_alloc(struct tb_vq *t, uint64_t len, uint64_t align);
/** Fill a frame of len bytes (header included) at addr with the pattern of
 *  sequence number seq (the header is zero). */
void tb_vq_fill_frame(struct tb_vq *t, uint64_t addr, uint32_t len,
		      uint32_t seq);
/** Check the frame at addr against the pattern of seq and a receive header
 *  (flags 0, gso NONE, num_buffers 1): true when right, else reported. */
bool tb_vq_check_frame(struct tb_vq *t, uint64_t addr, uint32_t len,
		       uint32_t seq);
/** Split len bytes at addr into n pieces of random sizes (at least 1 byte
 *  each, n <= len) in sg[0..n-1]. */
void tb_vq_split(struct tb_vq *t, struct sim_rng *rng, uint64_t addr,
		 uint32_t len, unsigned n, struct scatterlist *sg);
/** Post a receive buffer of len bytes in n pieces: 0 or an add error. */
int tb_vq_post_rx(struct tb_vq *t, struct sim_rng *rng, uint32_t len,
		  unsigned n);
/** Send a frame of len bytes (header included) in n pieces, kick: 0 or an
 *  add error. */
int tb_vq_send(struct tb_vq *t, struct sim_rng *rng, uint32_t len, unsigned n);
/** Wait until vq returns a used buffer, taking interrupts meanwhile: its
 *  token (a struct tb_frame *) and *len, or NULL after timeout cycles. */
struct tb_frame *tb_vq_wait_buf(struct tb_vq *t, struct virtqueue *vq,
				uint32_t *len, uint64_t timeout);
/** Take back a transmit buffer and check a receive buffer against the
 *  frames sent, in order: true when the frame arrived intact. */
bool tb_vq_recv_one(struct tb_vq *t, uint64_t timeout);
/** Free a frame's buffer. */
void tb_vq_free_frame(struct tb_vq *t, struct tb_frame *f);
/** Loop n frames of random length (min..max bytes, header included) split
 *  into random pieces (1..max_pieces) through the device, keeping up to
 *  `window` in flight: the number that came back intact. */
unsigned tb_vq_loop(struct tb_vq *t, struct sim_rng *rng, unsigned n,
		    uint32_t min, uint32_t max, unsigned max_pieces,
		    unsigned window);
/** After a QueueReset of queue q (M7): give back every buffer still on the
 *  old ring, used or not (freed as frames), delete it and set up a new ring
 *  of num entries: 0, or a negative errno (reported). */
int tb_vq_ring_replace(struct tb_vq *t, unsigned q, unsigned num);

/** How tb_vq_raw_loop() lays out the chains of one queue. */
struct tb_vq_shape {
	unsigned plain;	    /* Q5: up to this many pieces in ring descriptors
			     * before the indirect one (one piece at least
			     * stays in the table) */
	bool force;	    /* an indirect table even for one piece */
	bool shuffle;	    /* Q6: table entries in random order */
	uint16_t ind_flags; /* flags added to the indirect descriptor (WRITE,
			     * NEXT: the device ignores them) */
	bool check;	    /* the checker walks each chain and reports the
			     * driver rules it breaks (vring_check_chain) */
	unsigned indirect;  /* out: chains built with an indirect table */
};
/** tb_vq_loop() with both queues taken over by the raw ring writer
 *  (vring_raw.h) and chains laid out as shape[TB_VQ_RX] and shape[TB_VQ_TX]
 *  say; a table is used when INDIRECT_DESC is negotiated and the buffer
 *  has more than one piece or shape->force. The number of frames that
 *  came back intact. The queues need tb_vq_init() before the driver uses
 *  them again. */
unsigned tb_vq_raw_loop(struct tb_vq *t, struct sim_rng *rng, unsigned n,
			uint32_t min, uint32_t max, unsigned max_pieces,
			unsigned window, struct tb_vq_shape shape[2]);
/** Read the device status register. */
uint32_t tb_vq_status(struct tb_vq *t);
/** Count of AXI4 transactions (reads + writes) the DUT has started. */
uint64_t tb_vq_dma_count(struct tb_vq *t);

#endif /* TB_VQ_H */
