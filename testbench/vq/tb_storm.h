/* SPDX-License-Identifier: MIT */
/*
 * tb_storm.h - the reset storm (CONFORMANCE R3, with S1, S2 and M7) on the
 * ring-engine harness (tb_vq.h), for any device behind vio_top: device
 * resets and QueueResets at random cycles of the device's traffic, on fast
 * and slow memory. The storm runs the iterations, picks each reset and the
 * cycle it hits, and checks what every reset must do; the device's storm
 * (test_reset_storm.c, test_blk_storm.c, test_console_storm.c,
 * test_rng_storm.c) says what its traffic is, what must come back and what
 * a reset may take (struct tb_storm_ops).
 *
 * One iteration: the memory timing (the run's random one, or slow memory
 * with latency 50..100 one iteration in four); a batch of 1..max_k units of
 * traffic; a wait until a random cycle of their way through the device
 * (anywhere in it; in the middle of the data, after a random number of
 * bytes moved; a few cycles after a write into a used ring; or right after
 * every device write was answered once the m-th unit's used element is
 * out, when the device may go quiet); then a device reset, a QueueReset of
 * one queue, or a QueueReset, a marker, another batch and a device reset at
 * a random cycle of it (the sequence that once wedged the device); last,
 * the marker: traffic resumes after every reset.
 *
 * A device reset is Linux's (vm_reset): Status = 0 and straight on, no
 * polling; the register block holds the next access until the reset is
 * done (S1), so a reset that never completes shows up as that access
 * timing out (tb_storm_assert()).
 *
 * The queues are the harness's: receiveq (TB_VQ_RX) and transmitq
 * (TB_VQ_TX), or with t->nq = 1 the one request queue. The used elements
 * of queue 0, one a unit of traffic, mark the moments the device publishes
 * its work. A failed check is reported (id "tb.check", as tb_vq_check) and
 * sets st->stop: the run ends there.
 */
#ifndef TB_STORM_H
#define TB_STORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tb_vq.h"

#define TB_STORM_SLOW_LAT 50 /* slow iterations: memory latency 50..100 */

struct tb_storm;

/** A batch of traffic, as the wait for a random cycle of it needs it. */
struct tb_storm_batch {
	unsigned k;    /* units (frames, requests, buffers) posted */
	uint64_t span; /* cycles they take through the device on the run's
			* memory (three times as many on slow memory) */
	uint64_t data; /* bytes of data they move over the DMA port */
};

/** The device's part of a storm. The callbacks that return bool return
 *  false after a failed check (reported, st->stop set). */
struct tb_storm_ops {
	unsigned iters; /* iterations, each with at least one reset */
	unsigned max_k; /* units of traffic in a batch, at most */
	bool data_wait; /* the wait may stop in the middle of the data */

	/* set the device up, also after each device reset: 0 or a negative
	 * errno (reported). NULL: tb_vq_init */
	int (*init)(struct tb_vq *t);
	/* optional: once the device is set up, before the first iteration */
	bool (*setup)(struct tb_storm *st);
	/* post a batch of b->k units; fill in b->span and b->data */
	bool (*traffic)(struct tb_storm *st, struct tb_storm_batch *b);
	/* a device reset: the device's accounting around
	 * tb_storm_device_reset() and tb_storm_setup_again() */
	bool (*device_reset)(struct tb_storm *st);
	/* a QueueReset of queue q: the device's accounting around
	 * tb_storm_queue_reset() and tb_storm_new_ring() */
	bool (*queue_reset)(struct tb_storm *st, unsigned q);
	/* traffic resumes after a reset: a marker unit comes back, and with
	 * it everything posted before it is settled */
	bool (*marker)(struct tb_storm *st);
	/* a used element of queue q came back with used.len len: check it
	 * and take its unit (token) back */
	bool (*take)(struct tb_storm *st, unsigned q, void *token,
		     uint32_t len);
	/* optional: name the unit of a used element (token) in a report */
	void (*describe)(struct tb_storm *st, void *token, char *buf,
			 size_t size);
	/* optional: bytes the device has written so far into the buffers
	 * posted on queue q; none may land after its QueueReset (M7) */
	uint64_t (*buf_bytes)(struct tb_storm *st, unsigned q);
	/* optional: every bus access of the device, for its own books */
	void (*tap)(struct tb_storm *st, const struct mem_access *a);
	/* optional: after a run that did not stop, the device's last checks,
	 * still in the simulation */
	void (*finish)(struct tb_storm *st);
};

/** A storm and its harness; the device's storm embeds it. */
struct tb_storm {
	struct tb_vq t;			/* the harness (t.nq = 1: one queue) */
	struct sim_rng rng;		/* the storm's choices, from the seed */
	const struct tb_storm_ops *ops; /* the device's part */
	struct axi_mem_cfg mem_fast;	/* the run's memory timing */
	uint64_t used_writes;		/* device writes into a used ring */
	uint64_t used_elems; /* of those, holding the first byte of a used
			      * element of queue 0 */
	char what[64];	     /* the reset in hand, in messages */

	/* the counts the test checks */
	unsigned iterations;		   /* that ran to their marker */
	unsigned slow_iterations;	   /* on slow memory */
	unsigned resets_device;		   /* device resets, all */
	unsigned resets_queue[2];	   /* QueueResets, by queue */
	unsigned resets_queue_then_device; /* a QueueReset, traffic, then a
					    * device reset */
	bool stop;			   /* a check failed: the run ends */
};

/** Stop the run after a failed check (reported): false. */
bool tb_storm_fail(struct tb_storm *st);
/** Check cond in the sequence; when it fails, report it and stop the run
 *  (false). */
#define tb_storm_check(st, cond, ...) \
	(tb_vq_check(&(st)->t, cond, __VA_ARGS__) ? true : tb_storm_fail(st))

/** Run storm st of seed iteration i on the device (ops), within 200 M
 *  cycles: a tap that counts the device's writes into the used rings and
 *  the used elements of queue 0 among them; rings of 64 entries, set up
 *  with ops->init; ops->setup; the iterations (R3), until ops->iters ran or
 *  a check failed, every reset followed by the marker (ops->marker); unless
 *  the run stopped, a check that every iteration ran and ops->finish. */
void tb_storm_test(int i, struct tb_storm *st, const struct tb_storm_ops *ops);
/** Print the summary line of the run: name, seed, resets of each kind,
 *  iterations (on slow memory), then the device's counts (fmt, ...). */
void tb_storm_summary(const struct tb_storm *st, const char *name,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** After the run, in the test: no simulation error (a reset that wedged the
 *  device shows up as an access that timed out), the storm did not stop,
 *  made 100 resets or more, of every kind (R3), some on slow memory. */
void tb_storm_assert(const struct tb_storm *st);
/** Resets made so far: device resets and QueueResets. */
unsigned tb_storm_resets(const struct tb_storm *st);

/** Take every used element ring q has published so far (ops->take). */
bool tb_storm_reap(struct tb_storm *st, unsigned q);
/** A device reset as Linux makes it: Status = 0 and straight on; the next
 *  access completes and reads Status 0 (S1); then for 200..1500 cycles no
 *  DMA, the interrupt line low and InterruptStatus 0 (S2); what the rings
 *  published before the reset is taken (tb_storm_reap). The rings keep
 *  their unused buffers for the caller. */
bool tb_storm_device_reset(struct tb_storm *st);
/** After a device reset and the rings' buffers taken back: set the device
 *  up again (ops->init) with a random feature set (all, without EVENT_IDX,
 *  without INDIRECT_DESC) and rings of random sizes. */
bool tb_storm_setup_again(struct tb_storm *st);
/** A QueueReset of queue q: it completes, and the next access completes
 *  with QueueReset and QueueReady 0 (S1, M7); what the old ring published
 *  before is taken (tb_storm_reap); for 100..1000 cycles after, nothing
 *  more is published on it and no byte lands in its buffers (ops->buf_bytes)
 *  (M7). The old ring, with its unused buffers for the caller; NULL after a
 *  failed check. */
struct virtqueue *tb_storm_queue_reset(struct tb_storm *st, unsigned q);
/** After a QueueReset of queue q and its buffers taken back: a new ring of
 *  a random size (M7: the queue takes a new size and new addresses). */
bool tb_storm_new_ring(struct tb_storm *st, unsigned q);

/** The register access after a reset completes (S1) and reads 0: Status
 *  after a device reset (q < 0), QueueReset and QueueReady of queue q after
 *  its QueueReset (M7). False when not (reported; what names the reset). */
bool tb_storm_reset_done(struct tb_vq *t, int q, const char *what);
/** Replace the ring of queue q by one of 16, 64 or 256 entries (drawn from
 *  rng) after its QueueReset: the buffers left on the old ring are dropped,
 *  their tokens stay with the caller. False when the new ring cannot be set
 *  up (reported; what names the reset). */
bool tb_storm_ring_replace(struct tb_vq *t, struct sim_rng *rng, unsigned q,
			   const char *what);

/** Ring descriptors a buffer of n pieces takes in vq (1 with indirect
 *  tables). */
unsigned tb_storm_descs(const struct virtqueue *vq, unsigned n);
/** Run the interrupt handler if the line is high: true when it ran. */
bool tb_storm_interrupt(struct tb_storm *st);
/** Let the simulation run a little (64 cycles), waking on an interrupt. */
void tb_storm_idle(struct tb_storm *st);
/** A transmit buffer (struct tb_frame) came back: nothing written, used.len
 *  0 (2.7.8.2, Q7); freed. */
bool tb_storm_take_tx(struct tb_storm *st, struct tb_frame *f, uint32_t len);

#endif /* TB_STORM_H */
