/* SPDX-License-Identifier: MIT */
/*
 * test_reset_storm.c - the reset storm (CONFORMANCE R3, with S1, S2 and M7):
 * device resets and queue resets at random cycles of virtio-net loopback
 * traffic, and the sequence that once wedged the device, replayed.
 *
 * A device reset is Linux's (vm_reset): Status = 0 and straight on, no
 * polling; the register block holds the next access until the reset is
 * done (S1), so a reset that never completes shows up as that access
 * timing out. After every reset the next register access completes; after
 * a device reset there is no DMA until the queues are set up again, the
 * interrupt line is low and InterruptStatus reads 0 (S2); traffic resumes
 * and a marker frame sent afterwards always comes back. Every frame that
 * comes back is intact, in order and comes back once.
 *
 * A frame may be missing only when a reset hit it in flight: after a device
 * reset, any frame in flight; after a QueueReset of the transmit queue, a
 * frame whose transmit buffer did not come back (read in part: the loopback
 * drops it and returns its receive buffer empty; or not read at all); after
 * a QueueReset of the receive queue, any frame in flight (the storm is
 * lenient there; the exact rule, at most the frame being written into the
 * old ring, is test_m7_receive_queue_reset_never_hands_over_the_chain_behind
 * in the vq suite).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define STORM_ITERS 400 /* iterations per seed: >= 1 reset each */
#define STORM_MAX_K 8	/* frames in flight per iteration, at most */
#define STORM_MIN_LEN (TB_VQ_NET_HDR + 8) /* 8 payload bytes name a frame */
#define STORM_MAX_LEN 1526u		  /* 1514 + the 12-byte header */
#define STORM_RX_LEN 2048u		  /* receive buffers: any frame fits */
#define STORM_WAIT 400000		  /* cycles to wait for one frame */
#define STORM_SLOW_LAT 50 /* slow iterations: memory latency 50+ */

enum storm_action {
	STORM_DEVICE,		  /* device reset */
	STORM_QRESET_RX,	  /* QueueReset of the receive queue */
	STORM_QRESET_TX,	  /* QueueReset of the transmit queue */
	STORM_QRESET_THEN_DEVICE, /* a QueueReset, traffic, a device reset */
	STORM_ACTIONS
};

/* A frame sent since the last device reset (indexed by sequence number). */
struct storm_frame {
	uint32_t len;  /* bytes, header included */
	bool lossable; /* in flight at a reset: may be missing */
};

struct storm {
	struct tb_vq t; /* first: the body gets &t */
	struct sim_rng rng;
	struct storm_frame *fr; /* frames of this epoch, by sequence */
	unsigned fr_cap;
	uint32_t next_rx; /* lowest sequence neither received nor lost */
	uint64_t scratch; /* DMA memory for the expected pattern */
	struct axi_mem_cfg mem_fast; /* the run's memory timing */
	uint64_t used_writes;	     /* DUT writes into a used ring (tap) */
	uint64_t rx_elems;	     /* of those, receive used elements */

	/* the counts the test checks */
	unsigned iterations;
	unsigned resets_device;	  /* device resets, all */
	unsigned resets_rx_queue; /* QueueReset of the receive queue */
	unsigned resets_tx_queue; /* QueueReset of the transmit queue */
	unsigned resets_queue_then_device; /* of those, followed by a device
					    * reset */
	unsigned frames_sent;
	unsigned frames_received;
	unsigned frames_lost;	       /* missing, each in flight at a reset */
	unsigned frames_dropped_empty; /* of those, cut short by a stop: their
					   * receive buffer came back empty */
	unsigned frames_in_flight_at_resets;
	unsigned markers_sent;
	unsigned markers_received;
	unsigned slow_iterations;
	bool stop; /* a check failed: the run ends */
};

static struct storm *storm_of(struct tb_vq *t)
{
	return (struct storm *)t;
}

/* Tap: count the device's writes into the current used rings, and the
 * receive used elements among them (a write that holds an element's first
 * byte): the moments around which the publisher's next write starts. */
static void storm_tap(void *ctx, const struct mem_access *a)
{
	struct storm *s = ctx;

	if (!a->write)
		return;
	for (unsigned q = 0; q < 2; q++) {
		struct virtqueue *vq = s->t.vm->vqs[q];
		uint64_t ring, first;

		if (!vq || a->addr < vq->used ||
		    a->addr >= vq->used + vring_used_bytes(vq->num))
			continue;
		s->used_writes++;
		ring = vq->used + 4; /* used->ring[0] (2.7.8) */
		if (q != TB_VQ_RX || a->addr + a->len <= ring)
			continue;
		first = a->addr <= ring ? ring
					: ring + (a->addr - ring + 7) / 8 * 8;
		if (first < a->addr + a->len && first < ring + 8ull * vq->num)
			s->rx_elems++;
	}
}

static bool storm_fail(struct storm *s)
{
	s->stop = true;
	return false;
}

#define storm_check(s, cond, ...) \
	(tb_vq_check(&(s)->t, cond, __VA_ARGS__) ? true : storm_fail(s))

/* ---------------------------------------------------------------- frames */

static unsigned storm_descs(const struct virtqueue *vq, unsigned pieces)
{
	if (vq->has_indirect && vq->indirect != VRING_INDIRECT_NEVER)
		return 1;
	return pieces;
}

static bool storm_post_rx(struct storm *s)
{
	struct tb_vq *t = &s->t;
	unsigned n = (unsigned)sim_rng_range(&s->rng, 1, 4);

	if (virtqueue_num_free(t->vq[TB_VQ_RX]) <
	    storm_descs(t->vq[TB_VQ_RX], n))
		return true; /* the ring is full of buffers already */
	return storm_check(s, tb_vq_post_rx(t, &s->rng, STORM_RX_LEN, n) == 0,
			   "a receive buffer could not be posted");
}

/* Receive buffers for every frame in flight and `more` besides. */
static bool storm_fill_rx(struct storm *s, unsigned more)
{
	struct tb_vq *t = &s->t;
	unsigned want = t->seq_tx - s->next_rx + more;

	while (!s->stop && t->vq[TB_VQ_RX]->outstanding < want &&
	       virtqueue_num_free(t->vq[TB_VQ_RX]) >= 4)
		storm_post_rx(s);
	return !s->stop;
}

/* Take back the transmit buffers the device has finished with. */
static bool storm_reap_tx(struct storm *s, struct virtqueue *vq)
{
	struct tb_frame *f;
	uint32_t len;

	while ((f = virtqueue_get_buf(vq, &len))) {
		tb_vq_free_frame(&s->t, f);
		if (!storm_check(s, len == 0,
				 "a transmit buffer came back with used.len "
				 "%u instead of 0",
				 len))
			return false;
	}
	return true;
}

static bool storm_take(struct storm *s, struct tb_frame *f, uint32_t len);

/* One round of the driver's work: the interrupt, the receive buffers that
 * came back, the transmit buffers, fresh receive buffers. */
static bool storm_service(struct storm *s)
{
	struct tb_vq *t = &s->t;
	struct tb_frame *f;
	uint32_t len;

	if (irq_mon_level(t->e->irq)) {
		virtio_mmio_interrupt(t->vm);
		t->irqs++;
	}
	while (!s->stop && (f = virtqueue_get_buf(t->vq[TB_VQ_RX], &len)))
		storm_take(s, f, len);
	if (!s->stop)
		storm_reap_tx(s, t->vq[TB_VQ_TX]);
	if (!s->stop)
		storm_fill_rx(s, 0);
	return !s->stop;
}

/* Let the simulation run a little, waking up on an interrupt. */
static void storm_idle(struct storm *s)
{
	if (!irq_mon_level(s->t.e->irq))
		s->t.hw.wait_irq(s->t.hw.ctx, 64);
}

static bool storm_send(struct storm *s)
{
	struct tb_vq *t = &s->t;
	uint32_t len =
		(uint32_t)sim_rng_range(&s->rng, STORM_MIN_LEN, STORM_MAX_LEN);
	unsigned n = (unsigned)sim_rng_range(&s->rng, 1, 6);
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;

	if (t->seq_tx >= s->fr_cap) {
		s->fr_cap = s->fr_cap ? 2 * s->fr_cap : 256;
		s->fr = realloc(s->fr, s->fr_cap * sizeof(*s->fr));
	}
	/* a full transmit ring empties as the frames in it go through */
	while (virtqueue_num_free(t->vq[TB_VQ_TX]) <
	       storm_descs(t->vq[TB_VQ_TX], n)) {
		if (!storm_service(s))
			return false;
		if (virtqueue_num_free(t->vq[TB_VQ_TX]) >=
		    storm_descs(t->vq[TB_VQ_TX], n))
			break;
		if (!storm_check(s, sim_clock_cycles(t->e->clk) < end,
				 "the transmit ring had no room for frame %u "
				 "within %u cycles",
				 t->seq_tx, STORM_WAIT))
			return false;
		storm_idle(s);
	}
	s->fr[t->seq_tx] = (struct storm_frame){ .len = len };
	if (!storm_check(s, tb_vq_send(t, &s->rng, len, n) == 0,
			 "frame %u could not be sent", t->seq_tx))
		return false;
	s->frames_sent++;
	return true;
}

/* Does the frame at addr carry the payload of frame seq? (quiet) */
static bool storm_payload_is(struct storm *s, uint64_t addr, uint32_t len,
			     uint32_t seq)
{
	struct tb_vq *t = &s->t;
	uint8_t *a = malloc(len), *b = malloc(len);
	bool same;

	tb_vq_fill_frame(t, s->scratch, len, seq);
	mem_read(t->e->mem, addr, a, len);
	mem_read(t->e->mem, s->scratch, b, len);
	same = !memcmp(a + TB_VQ_NET_HDR, b + TB_VQ_NET_HDR,
		       len - TB_VQ_NET_HDR);
	free(a);
	free(b);
	return same;
}

/* A receive buffer came back with used.len len: it must hold the next
 * frame still expected, or a later one when every frame skipped was in
 * flight at a reset; intact, once. */
static bool storm_take(struct storm *s, struct tb_frame *f, uint32_t len)
{
	struct tb_vq *t = &s->t;
	uint32_t seq;
	bool ok;

	if (len == 0) {
		/* a frame whose transmit read a stop cut short is dropped:
		 * its receive buffer comes back empty. Frames keep their
		 * order, so it is the next one still expected. */
		tb_vq_free_frame(t, f);
		if (!storm_check(s,
				 s->next_rx < t->seq_tx &&
					 s->fr[s->next_rx].lossable,
				 "a receive buffer came back empty though frame "
				 "%u was not in flight at a reset",
				 s->next_rx))
			return false;
		s->frames_dropped_empty++;
		s->frames_lost++;
		s->next_rx++;
		return true;
	}
	for (seq = s->next_rx; seq < t->seq_tx; seq++) {
		if (s->fr[seq].len == len &&
		    storm_payload_is(s, f->addr, len, seq))
			break;
		if (!s->fr[seq].lossable) {
			seq = t->seq_tx; /* it may not be skipped */
			break;
		}
	}
	if (!storm_check(s, seq < t->seq_tx,
			 "a frame of %u bytes came back that is none of the "
			 "frames %u..%u still expected (lost without a reset, "
			 "duplicated, out of order or corrupt)",
			 len, s->next_rx, t->seq_tx - 1)) {
		tb_vq_free_frame(t, f);
		return false;
	}
	s->frames_lost += seq - s->next_rx;
	ok = tb_vq_check_frame(t, f->addr, len, seq);
	tb_vq_free_frame(t, f);
	s->next_rx = seq + 1;
	s->frames_received++;
	return ok ? true : storm_fail(s);
}

/* Frame seq was in flight where a reset hit: it may be missing. */
static void storm_mark(struct storm *s, uint32_t seq)
{
	if (seq >= s->next_rx && seq < s->t.seq_tx && !s->fr[seq].lossable) {
		s->fr[seq].lossable = true;
		s->frames_in_flight_at_resets++;
	}
}

/* Frames from the next one expected up to (not including) `to`. */
static void storm_mark_upto(struct storm *s, uint32_t to)
{
	for (uint32_t seq = s->next_rx; seq < to && seq < s->t.seq_tx; seq++)
		storm_mark(s, seq);
}

/* Receive until frame `seq` has come back. */
static bool storm_recv_until(struct storm *s, uint32_t seq, const char *what)
{
	struct tb_vq *t = &s->t;
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
	uint32_t got = s->next_rx;

	while (s->next_rx <= seq) {
		if (!storm_service(s))
			return false;
		if (s->next_rx > seq)
			break;
		if (s->next_rx != got) { /* progress: a new deadline */
			got = s->next_rx;
			end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
		}
		if (!storm_check(s, sim_clock_cycles(t->e->clk) < end,
				 "%s (frame %u) did not come back within %u "
				 "cycles",
				 what, seq, STORM_WAIT))
			return false;
		storm_idle(s);
	}
	return true;
}

/* Every buffer still posted on vq goes back to the pool; a transmit
 * buffer's frame (mark) may then be missing. */
static void storm_detach_all(struct storm *s, struct virtqueue *vq, bool mark)
{
	struct tb_frame *f;

	while ((f = virtqueue_detach_unused_buf(vq))) {
		if (mark)
			storm_mark(s, f->seq);
		tb_vq_free_frame(&s->t, f);
	}
}

/* -------------------------------------------------------------- resets */

/* The access after a reset completes (S1): Status reads 0 after a device
 * reset; after a queue reset, QueueReset and QueueReady of that queue read
 * 0 (M7). */
static bool storm_access_completes(struct storm *s, int q, const char *what)
{
	struct virtio_mmio_device *vm = s->t.vm;
	uint32_t v = ~0u, rdy = ~0u;
	int r;

	if (q < 0) {
		r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_STATUS, &v);
		rdy = 0;
	} else {
		r = virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_SEL,
					  (uint32_t)q, 0xf);
		if (r == AXI_OKAY)
			r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_RESET,
						 &v);
		if (r == AXI_OKAY)
			r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_READY,
						 &rdy);
	}
	if (!storm_check(s, r == AXI_OKAY,
			 "the register access after %s did not complete "
			 "(%d): the reset wedged",
			 what, r))
		return false;
	return storm_check(s, v == 0 && rdy == 0,
			   "after %s the device reads %s 0x%x (ready %u), "
			   "not 0",
			   what, q < 0 ? "Status" : "QueueReset", v, rdy);
}

static bool storm_device_reset(struct storm *s)
{
	struct tb_vq *t = &s->t;
	static const uint64_t features[] = {
		0, /* everything offered */
		~(1ull << VIRTIO_RING_F_EVENT_IDX),
		~(1ull << VIRTIO_RING_F_INDIRECT_DESC),
	};
	static const unsigned sizes[] = { 16, 64, 256 };
	uint32_t isr = ~0u, len;
	uint64_t dma0, dma1;
	struct tb_frame *f;

	storm_mark_upto(s, s->t.seq_tx); /* everything in flight */
	s->resets_device++;
	/* Linux's vm_reset: write 0 and go on, no poll */
	virtio_reset_device(&t->vm->vdev);
	if (!storm_access_completes(s, -1, "a device reset"))
		return false;
	/* S2: from the reset's completion until the queues are set up again
	 * the device touches no memory and sends no interrupt */
	dma0 = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 200, 1500));
	dma1 = tb_vq_dma_count(t);
	if (!storm_check(s, dma1 == dma0,
			 "the device made %llu DMA transactions after device "
			 "reset %u completed",
			 (unsigned long long)(dma1 - dma0), s->resets_device))
		return false;
	if (!storm_check(s, !irq_mon_level(t->e->irq),
			 "the interrupt line is high after device reset %u",
			 s->resets_device))
		return false;
	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &isr);
	if (!storm_check(s, isr == 0,
			 "InterruptStatus reads 0x%x after device reset %u",
			 isr, s->resets_device))
		return false;
	/* frames published before the reset are still good */
	while ((f = virtqueue_get_buf(t->vq[TB_VQ_RX], &len)))
		if (!storm_take(s, f, len))
			return false;
	if (!storm_reap_tx(s, t->vq[TB_VQ_TX]))
		return false;
	/* the rest went with the rings (each was in flight at the reset) */
	s->frames_lost += t->seq_tx - s->next_rx;
	storm_detach_all(s, t->vq[TB_VQ_RX], false);
	storm_detach_all(s, t->vq[TB_VQ_TX], false);
	t->features = features[sim_rng_range(&s->rng, 0, 2)];
	t->num[TB_VQ_RX] = sizes[sim_rng_range(&s->rng, 0, 2)];
	t->num[TB_VQ_TX] = sizes[sim_rng_range(&s->rng, 0, 2)];
	if (!storm_check(s, tb_vq_init(t) == 0,
			 "the device could not be set up again after device "
			 "reset %u",
			 s->resets_device))
		return false;
	/* tb_vq_init() numbers frames from 0 again */
	s->next_rx = 0;
	return true;
}

static bool storm_queue_reset(struct storm *s, unsigned q)
{
	struct tb_vq *t = &s->t;
	struct virtio_mmio_device *vm = t->vm;
	static const unsigned sizes[] = { 16, 64, 256 };
	const char *what = q == TB_VQ_RX ? "a receive queue reset"
					 : "a transmit queue reset";
	struct virtqueue *old;
	struct tb_frame *f;
	uint32_t len;

	if (q == TB_VQ_RX) {
		/* every frame in flight may be missing (see the header) */
		s->resets_rx_queue++;
		storm_mark_upto(s, s->t.seq_tx);
	} else {
		s->resets_tx_queue++;
	}
	if (!storm_check(s, virtio_mmio_reset_queue(vm, q) == 0,
			 "%s did not complete", what))
		return false;
	if (!storm_access_completes(s, (int)q, what))
		return false;
	old = vm->vqs[q];
	/* what was published before the reset is good */
	if (q == TB_VQ_RX) {
		while ((f = virtqueue_get_buf(old, &len)))
			if (!storm_take(s, f, len))
				return false;
	} else if (!storm_reap_tx(s, old)) {
		return false;
	}
	/* M7: nothing is published on the old ring any more */
	sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 100, 1000));
	if (!storm_check(s, !virtqueue_get_buf(old, &len),
			 "a used element appeared on the old ring after %s",
			 what))
		return false;
	/* a frame whose transmit buffer never came back may be missing (it
	 * was read in part, or not at all); the others were read whole and
	 * must come back */
	storm_detach_all(s, old, q == TB_VQ_TX);
	vring_del_virtqueue(old);
	vm->vqs[q] = NULL;
	t->num[q] = sizes[sim_rng_range(&s->rng, 0, 2)];
	return storm_check(s,
			   virtio_mmio_setup_vq(vm, q, t->num[q], t->pool, NULL,
						q == TB_VQ_RX ? "rx" : "tx",
						&t->vq[q]) == 0,
			   "the queue could not be set up again after %s",
			   what);
}

/* ---------------------------------------------------------------- storm */

/* Memory timing of one iteration: the run's random one, or slow. */
static void storm_memory(struct storm *s)
{
	struct axi_mem_cfg *mc = axi_mem_cfg(s->t.e->axim);

	if (sim_rng_chance(&s->rng, 250)) {
		s->slow_iterations++;
		mc->rd_lat_min = STORM_SLOW_LAT;
		mc->rd_lat_max = (unsigned)sim_rng_range(
			&s->rng, STORM_SLOW_LAT, 2 * STORM_SLOW_LAT);
		mc->wr_lat_min = STORM_SLOW_LAT;
		mc->wr_lat_max = (unsigned)sim_rng_range(
			&s->rng, STORM_SLOW_LAT, 2 * STORM_SLOW_LAT);
	} else {
		mc->rd_lat_min = s->mem_fast.rd_lat_min;
		mc->rd_lat_max = s->mem_fast.rd_lat_max;
		mc->wr_lat_min = s->mem_fast.wr_lat_min;
		mc->wr_lat_max = s->mem_fast.wr_lat_max;
	}
}

/* Wait until a random cycle of the k frames' way through the device:
 * anywhere in it; a few cycles after a write into a used ring; or just
 * after the device's writes were all answered once a given frame's receive
 * element is out, the cycles in which the publisher starts the used index
 * write that may be its last before the device goes quiet. */
static void storm_wait_random_cycle(struct storm *s, unsigned k)
{
	struct tb_vq *t = &s->t;
	bool slow = axi_mem_cfg(t->e->axim)->rd_lat_min >= STORM_SLOW_LAT;
	uint64_t span = (uint64_t)k * (slow ? 1200 : 400);
	uint64_t end = sim_clock_cycles(t->e->clk) + 2 * span;
	unsigned mode = (unsigned)sim_rng_range(&s->rng, 0, 9);

	if (mode < 2) {
		/* anywhere in the traffic */
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, span));
	} else if (mode < 4) {
		/* a little after the device wrote a used ring */
		uint64_t target =
			s->used_writes + sim_rng_range(&s->rng, 1, 2 * k);

		while (s->used_writes < target &&
		       sim_clock_cycles(t->e->clk) < end)
			sim_wait_cycles(t->e->sim, 1);
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, 48));
	} else {
		/* right after every write of the device was answered, once
		 * the m-th frame's receive element is written: the moment
		 * the device publishes that frame, and may then go quiet */
		uint64_t m = sim_rng_chance(&s->rng, 500)
				     ? k
				     : sim_rng_range(&s->rng, 1, k);
		uint64_t elems = s->rx_elems + m;
		struct axi_mem_stats st;

		while (sim_clock_cycles(t->e->clk) < end) {
			sim_wait_cycles(t->e->sim, 1);
			axi_mem_stats(t->e->axim, &st);
			if (s->rx_elems >= elems && st.b == st.aw)
				break;
		}
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, 3));
	}
}

static bool storm_traffic(struct storm *s, unsigned k)
{
	if (!storm_fill_rx(s, k))
		return false;
	for (unsigned i = 0; i < k; i++)
		if (!storm_send(s))
			return false;
	return true;
}

/* Traffic resumes after a reset: a marker frame always comes back. */
static bool storm_marker(struct storm *s)
{
	if (!storm_fill_rx(s, 1) || !storm_send(s))
		return false;
	s->markers_sent++;
	if (!storm_recv_until(s, s->t.seq_tx - 1,
			      "the marker frame after a reset"))
		return false;
	s->markers_received++;
	return true;
}

static void storm_body(struct tb_vq *t)
{
	struct storm *s = storm_of(t);

	s->rng = sim_rng(t->e->sim, "storm");
	s->mem_fast = *axi_mem_cfg(t->e->axim);
	t->num[TB_VQ_RX] = t->num[TB_VQ_TX] = 64;
	if (tb_vq_init(t))
		return;
	s->scratch = tb_vq_alloc(t, STORM_MAX_LEN, 16);
	mem_tap_add(t->e->mem, storm_tap, s);
	for (unsigned it = 0; it < STORM_ITERS && !s->stop; it++) {
		enum storm_action a = (enum storm_action)sim_rng_range(
			&s->rng, 0, STORM_ACTIONS - 1);
		unsigned k = (unsigned)sim_rng_range(&s->rng, 1, STORM_MAX_K);

		storm_memory(s);
		if (!storm_traffic(s, k))
			break;
		storm_wait_random_cycle(s, k);
		switch (a) {
		case STORM_DEVICE: storm_device_reset(s); break;
		case STORM_QRESET_RX:
		case STORM_QRESET_TX:
			storm_queue_reset(s, a == STORM_QRESET_RX ? TB_VQ_RX
								  : TB_VQ_TX);
			break;
		default:
			/* the wedge sequence: a queue reset, traffic on the
			 * new ring, later a device reset at a random cycle */
			s->resets_queue_then_device++;
			if (!storm_queue_reset(s, (unsigned)sim_rng_range(
							  &s->rng, 0, 1)) ||
			    !storm_marker(s))
				break;
			k = (unsigned)sim_rng_range(&s->rng, 1, STORM_MAX_K);
			if (!storm_traffic(s, k))
				break;
			storm_wait_random_cycle(s, k);
			storm_device_reset(s);
			break;
		}
		if (s->stop || !storm_marker(s))
			break;
		storm_reap_tx(s, t->vq[TB_VQ_TX]);
		s->iterations++;
	}
	mem_tap_remove(t->e->mem, storm_tap, s);
	if (s->stop)
		return;
	tb_vq_check(t, s->iterations == STORM_ITERS,
		    "only %u of %u iterations ran", s->iterations, STORM_ITERS);
	tb_vq_check(t, s->markers_received == s->markers_sent,
		    "only %u of %u marker frames came back after their resets",
		    s->markers_received, s->markers_sent);
	tb_vq_check(t, s->frames_received + s->frames_lost == s->frames_sent,
		    "%u frames were sent, but %u came back and %u were lost",
		    s->frames_sent, s->frames_received, s->frames_lost);
	tb_vq_check(t, s->frames_lost <= s->frames_in_flight_at_resets,
		    "%u frames were lost, but only %u were in flight at a "
		    "reset",
		    s->frames_lost, s->frames_in_flight_at_resets);
	tb_vq_check(t, s->frames_in_flight_at_resets > 0,
		    "no reset ever hit a frame in flight");
}

START_TEST(test_r3_reset_storm_device_and_queue_resets_during_traffic)
{
	struct storm s = { 0 };
	unsigned resets;

	tb_vq_cfg(_i, &s.t);
	s.t.max_cycles = 200000000;
	tb_vq_run(&s.t, storm_body, NULL);
	free(s.fr);
	tb_env_assert_clean(s.t.e); /* a wedge: the access timed out */
	resets = s.resets_device + s.resets_rx_queue + s.resets_tx_queue;
	printf("storm: seed 0x%llx: %u resets (device %u, receive queue %u, "
	       "transmit queue %u, queue then device %u), %u iterations (%u on "
	       "slow memory), frames sent %u, back %u, lost %u (in flight at "
	       "resets %u)\n",
	       (unsigned long long)tb_seed(_i), resets, s.resets_device,
	       s.resets_rx_queue, s.resets_tx_queue, s.resets_queue_then_device,
	       s.iterations, s.slow_iterations, s.frames_sent,
	       s.frames_received, s.frames_lost, s.frames_in_flight_at_resets);
	fflush(stdout);
	ck_assert_msg(!s.stop, "the storm stopped in iteration %u of %u",
		      s.iterations, STORM_ITERS);
	ck_assert_msg(resets >= 100, "the storm made %u resets, fewer than 100",
		      resets);
	ck_assert_msg(s.resets_device > 0 && s.resets_rx_queue > 0 &&
			      s.resets_tx_queue > 0 &&
			      s.resets_queue_then_device > 0,
		      "not every kind of reset ran: %u device, %u receive "
		      "queue, %u transmit queue, %u queue then device",
		      s.resets_device, s.resets_rx_queue, s.resets_tx_queue,
		      s.resets_queue_then_device);
	ck_assert_msg(s.slow_iterations > 0, "no iteration ran on slow memory");
	ck_assert_msg(s.frames_received > s.frames_lost,
		      "%u frames came back and %u were lost", s.frames_received,
		      s.frames_lost);
	tb_vq_done(&s.t);
}
END_TEST

/* ------------------------------------------------- the wedge, replayed */

/* The sequence that wedged the device (the outside campaign's, found again
 * by the storm): traffic on the loopback; a QueueReset of the receive
 * queue and a new ring; a frame through the new ring; a device reset that
 * completes in the very cycle the publisher offers a used-ring write to its
 * write DMA, when everything else is idle. The DMA took the write's data
 * beat but not its command (held off in that cycle), so it stayed busy
 * with no bus activity and the next Status = 0 never completed. The memory
 * has no random timing, so each step replays cycle for cycle; the device
 * reset is issued at every delay from 0 to QD_DELAYS - 1 cycles after the
 * frame is sent, for a short, a middling and a long frame, so that cycle is
 * hit however the engine's timing moves. Before the fix the 500-byte frame
 * at delay 88 wedged it: the transmit chain's used element offered in the
 * cycle of srst. Every reset completes, and the device comes back. */
#define QD_DELAYS 400

static const uint32_t qd_lens[] = { 100, 500, 1500 };
#define QD_RESETS (QD_DELAYS * (sizeof(qd_lens) / sizeof(qd_lens[0])))

struct qd_res {
	struct tb_vq t;	       /* the harness */
	uint64_t resets_done;  /* device resets that completed */
	uint64_t frames_after; /* frames back after the last reset */
};

static void qd_body(struct tb_vq *t)
{
	struct qd_res *res = tb_container_of(t, struct qd_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	struct virtio_mmio_device *vm = t->vm;
	struct tb_frame *f;

	t->num[TB_VQ_RX] = t->num[TB_VQ_TX] = 64;
	if (tb_vq_init(t))
		return;
	for (unsigned i = 0; i < QD_RESETS; i++) {
		uint32_t len = qd_lens[i / QD_DELAYS], v = ~0u;
		unsigned d = i % QD_DELAYS;
		int r;

		/* traffic */
		tb_vq_post_rx(t, &rng, STORM_RX_LEN, 1);
		tb_vq_send(t, &rng, len, 1);
		if (!tb_vq_recv_one(t, STORM_WAIT))
			return;
		/* a QueueReset of the receive queue, and a new ring */
		if (!tb_vq_check(t, virtio_mmio_reset_queue(vm, TB_VQ_RX) == 0,
				 "the receive queue reset before delay %u did "
				 "not complete",
				 d))
			return;
		while ((f = virtqueue_detach_unused_buf(vm->vqs[TB_VQ_RX])))
			tb_vq_free_frame(t, f);
		vring_del_virtqueue(vm->vqs[TB_VQ_RX]);
		vm->vqs[TB_VQ_RX] = NULL;
		if (!tb_vq_check(t,
				 virtio_mmio_setup_vq(vm, TB_VQ_RX, 64, t->pool,
						      NULL, "rx",
						      &t->vq[TB_VQ_RX]) == 0,
				 "the receive queue could not be set up again"))
			return;
		/* a frame through the new ring, and a device reset d cycles
		 * after it was sent */
		tb_vq_post_rx(t, &rng, STORM_RX_LEN, 1);
		tb_vq_send(t, &rng, len, 1);
		sim_wait_cycles(t->e->sim, d);
		virtio_reset_device(&vm->vdev);
		r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_STATUS, &v);
		if (!tb_vq_check(t, r == AXI_OKAY && v == 0,
				 "the device reset %u cycles after a %u-byte "
				 "frame did not complete: the Status read gave "
				 "%d, 0x%x",
				 d, len, r, v))
			return;
		res->resets_done++;
		for (unsigned q = 0; q < 2; q++)
			while ((f = virtqueue_detach_unused_buf(vm->vqs[q])))
				tb_vq_free_frame(t, f);
		if (!tb_vq_check(t, tb_vq_init(t) == 0,
				 "the device could not be set up again after "
				 "the reset %u cycles after a %u-byte frame",
				 d, len))
			return;
	}
	/* and it still carries frames */
	res->frames_after =
		tb_vq_loop(t, &rng, 4, STORM_MIN_LEN, STORM_MAX_LEN, 3, 4);
}

START_TEST(test_r3_queue_reset_then_device_reset_completes)
{
	struct qd_res r = { 0 };

	tb_vq_cfg(0, &r.t);
	r.t.cfg.random = false; /* exact timing: the sequence replays */
	r.t.max_cycles = 50000000;
	tb_vq_run(&r.t, qd_body, NULL);
	tb_env_assert_clean(r.t.e); /* a wedge: the access timed out */
	ck_assert_msg(r.resets_done == QD_RESETS,
		      "only %llu of %u device resets completed",
		      (unsigned long long)r.resets_done, (unsigned)QD_RESETS);
	ck_assert_msg(r.frames_after == 4,
		      "only %llu of 4 frames came back after the last reset",
		      (unsigned long long)r.frames_after);
	tb_vq_done(&r.t);
}
END_TEST

static void test_reset_storm_register(struct tb_registry *r)
{
	tb_add_seeded(
		r, test_r3_reset_storm_device_and_queue_resets_during_traffic,
		120);
	tb_add(r, test_r3_queue_reset_then_device_reset_completes, 120);
}

TB_TESTS(test_reset_storm_register)
