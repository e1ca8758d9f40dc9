/* SPDX-License-Identifier: MIT */
/*
 * test_reset_storm.c - the reset storm (CONFORMANCE R3, with S1, S2 and M7):
 * device resets and queue resets at random cycles of virtio-net loopback
 * traffic, and the sequence that once wedged the device, replayed.
 *
 * The storm itself (tb_storm.h) makes the resets and checks what each must
 * do: after every reset the next register access completes; after a
 * device reset there is no DMA until the queues are set up again, the
 * interrupt line is low and InterruptStatus reads 0 (S2); nothing is
 * published on a ring after its QueueReset (M7). Here: traffic resumes and
 * a marker frame sent after every reset always comes back. Every frame
 * that comes back is intact, in order and comes back once.
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

#include "tb_storm.h"
#include "virtio_mmio_regs.h"

#define STORM_ITERS 400 /* iterations per seed: >= 1 reset each */
#define STORM_MAX_K 8	/* frames in flight per iteration, at most */
#define STORM_MIN_LEN (TB_VQ_NET_HDR + 8) /* 8 payload bytes name a frame */
#define STORM_MAX_LEN 1526u		  /* 1514 + the 12-byte header */
#define STORM_RX_LEN 2048u		  /* receive buffers: any frame fits */
#define STORM_WAIT 400000		  /* cycles to wait for one frame */

/* A frame sent since the last device reset (indexed by sequence number). */
struct storm_frame {
	uint32_t len;  /* bytes, header included */
	bool lossable; /* in flight at a reset: may be missing */
};

struct storm {
	struct tb_storm st;	/* the storm, with the harness */
	struct storm_frame *fr; /* frames of this epoch, by sequence */
	unsigned fr_cap;
	uint32_t next_rx; /* lowest sequence neither received nor lost */
	uint64_t scratch; /* DMA memory for the expected pattern */

	/* the counts the test checks */
	unsigned frames_sent;
	unsigned frames_received;
	unsigned frames_lost;	       /* missing, each in flight at a reset */
	unsigned frames_dropped_empty; /* of those, cut short by a stop: their
					   * receive buffer came back empty */
	unsigned frames_in_flight_at_resets;
	unsigned markers_sent;
	unsigned markers_received;
};

static struct storm *storm_of(struct tb_storm *st)
{
	return tb_container_of(st, struct storm, st);
}

/* ---------------------------------------------------------------- frames */

static bool storm_post_rx(struct storm *s)
{
	struct tb_vq *t = &s->st.t;
	unsigned n = (unsigned)sim_rng_range(&s->st.rng, 1, 4);

	if (virtqueue_num_free(t->vq[TB_VQ_RX]) <
	    tb_storm_descs(t->vq[TB_VQ_RX], n))
		return true; /* the ring is full of buffers already */
	return tb_storm_check(
		&s->st, tb_vq_post_rx(t, &s->st.rng, STORM_RX_LEN, n) == 0,
		"a receive buffer could not be posted");
}

/* Receive buffers for every frame in flight and `more` besides. */
static bool storm_fill_rx(struct storm *s, unsigned more)
{
	struct tb_vq *t = &s->st.t;
	unsigned want = t->seq_tx - s->next_rx + more;

	while (!s->st.stop && t->vq[TB_VQ_RX]->outstanding < want &&
	       virtqueue_num_free(t->vq[TB_VQ_RX]) >= 4)
		storm_post_rx(s);
	return !s->st.stop;
}

/* One round of the driver's work: the interrupt, the receive buffers that
 * came back, the transmit buffers, fresh receive buffers. */
static bool storm_service(struct storm *s)
{
	tb_storm_interrupt(&s->st);
	return tb_storm_reap(&s->st, TB_VQ_RX) &&
	       tb_storm_reap(&s->st, TB_VQ_TX) && storm_fill_rx(s, 0);
}

static bool storm_send(struct storm *s)
{
	struct tb_vq *t = &s->st.t;
	uint32_t len = (uint32_t)sim_rng_range(&s->st.rng, STORM_MIN_LEN,
					       STORM_MAX_LEN);
	unsigned n = (unsigned)sim_rng_range(&s->st.rng, 1, 6);
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;

	if (t->seq_tx >= s->fr_cap) {
		s->fr_cap = s->fr_cap ? 2 * s->fr_cap : 256;
		s->fr = realloc(s->fr, s->fr_cap * sizeof(*s->fr));
	}
	/* a full transmit ring empties as the frames in it go through */
	while (virtqueue_num_free(t->vq[TB_VQ_TX]) <
	       tb_storm_descs(t->vq[TB_VQ_TX], n)) {
		if (!storm_service(s))
			return false;
		if (virtqueue_num_free(t->vq[TB_VQ_TX]) >=
		    tb_storm_descs(t->vq[TB_VQ_TX], n))
			break;
		if (!tb_storm_check(&s->st, sim_clock_cycles(t->e->clk) < end,
				    "the transmit ring had no room for frame "
				    "%u within %u cycles",
				    t->seq_tx, STORM_WAIT))
			return false;
		tb_storm_idle(&s->st);
	}
	s->fr[t->seq_tx] = (struct storm_frame){ .len = len };
	if (!tb_storm_check(&s->st, tb_vq_send(t, &s->st.rng, len, n) == 0,
			    "frame %u could not be sent", t->seq_tx))
		return false;
	s->frames_sent++;
	return true;
}

/* Does the frame at addr carry the payload of frame seq? (quiet) */
static bool storm_payload_is(struct storm *s, uint64_t addr, uint32_t len,
			     uint32_t seq)
{
	struct tb_vq *t = &s->st.t;
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
static bool storm_receive(struct storm *s, struct tb_frame *f, uint32_t len)
{
	struct tb_vq *t = &s->st.t;
	uint32_t seq;
	bool ok;

	if (len == 0) {
		/* a frame whose transmit read a stop cut short is dropped:
		 * its receive buffer comes back empty. Frames keep their
		 * order, so it is the next one still expected. */
		tb_vq_free_frame(t, f);
		if (!tb_storm_check(&s->st,
				    s->next_rx < t->seq_tx &&
					    s->fr[s->next_rx].lossable,
				    "a receive buffer came back empty though "
				    "frame %u was not in flight at a reset",
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
	if (!tb_storm_check(&s->st, seq < t->seq_tx,
			    "a frame of %u bytes came back that is none of "
			    "the frames %u..%u still expected (lost without a "
			    "reset, duplicated, out of order or corrupt)",
			    len, s->next_rx, t->seq_tx - 1)) {
		tb_vq_free_frame(t, f);
		return false;
	}
	s->frames_lost += seq - s->next_rx;
	ok = tb_vq_check_frame(t, f->addr, len, seq);
	tb_vq_free_frame(t, f);
	s->next_rx = seq + 1;
	s->frames_received++;
	return ok ? true : tb_storm_fail(&s->st);
}

/* A used element of queue q came back: a frame received, or a transmit
 * buffer done with. */
static bool storm_take(struct tb_storm *st, unsigned q, void *token,
		       uint32_t len)
{
	if (q == TB_VQ_TX)
		return tb_storm_take_tx(st, token, len);
	return storm_receive(storm_of(st), token, len);
}

/* Frame seq was in flight where a reset hit: it may be missing. */
static void storm_mark(struct storm *s, uint32_t seq)
{
	if (seq >= s->next_rx && seq < s->st.t.seq_tx && !s->fr[seq].lossable) {
		s->fr[seq].lossable = true;
		s->frames_in_flight_at_resets++;
	}
}

/* Frames from the next one expected up to (not including) `to`. */
static void storm_mark_upto(struct storm *s, uint32_t to)
{
	for (uint32_t seq = s->next_rx; seq < to && seq < s->st.t.seq_tx; seq++)
		storm_mark(s, seq);
}

/* Receive until frame `seq` has come back. */
static bool storm_recv_until(struct storm *s, uint32_t seq, const char *what)
{
	struct tb_vq *t = &s->st.t;
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
		if (!tb_storm_check(&s->st, sim_clock_cycles(t->e->clk) < end,
				    "%s (frame %u) did not come back within %u "
				    "cycles",
				    what, seq, STORM_WAIT))
			return false;
		tb_storm_idle(&s->st);
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
		tb_vq_free_frame(&s->st.t, f);
	}
}

/* -------------------------------------------------------------- resets */

static bool storm_device_reset(struct tb_storm *st)
{
	struct storm *s = storm_of(st);
	struct tb_vq *t = &st->t;

	storm_mark_upto(s, t->seq_tx); /* everything in flight */
	/* frames published before the reset are still good */
	if (!tb_storm_device_reset(st))
		return false;
	/* the rest went with the rings (each was in flight at the reset) */
	s->frames_lost += t->seq_tx - s->next_rx;
	storm_detach_all(s, t->vq[TB_VQ_RX], false);
	storm_detach_all(s, t->vq[TB_VQ_TX], false);
	if (!tb_storm_setup_again(st))
		return false;
	/* tb_vq_init() numbers frames from 0 again */
	s->next_rx = 0;
	return true;
}

static bool storm_queue_reset(struct tb_storm *st, unsigned q)
{
	struct storm *s = storm_of(st);
	struct virtqueue *old;

	/* every frame in flight may be missing (see the header) */
	if (q == TB_VQ_RX)
		storm_mark_upto(s, st->t.seq_tx);
	old = tb_storm_queue_reset(st, q);
	if (!old)
		return false;
	/* a frame whose transmit buffer never came back may be missing (it
	 * was read in part, or not at all); the others were read whole and
	 * must come back */
	storm_detach_all(s, old, q == TB_VQ_TX);
	return tb_storm_new_ring(st, q);
}

/* ---------------------------------------------------------------- storm */

/* k frames, and receive buffers for them: on the way through the device,
 * 400 cycles each. */
static bool storm_frames(struct tb_storm *st, struct tb_storm_batch *b)
{
	struct storm *s = storm_of(st);

	b->span = 400ull * b->k;
	if (!storm_fill_rx(s, b->k))
		return false;
	for (unsigned i = 0; i < b->k; i++)
		if (!storm_send(s))
			return false;
	return true;
}

/* Traffic resumes after a reset: a marker frame always comes back. */
static bool storm_marker(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	if (!storm_fill_rx(s, 1) || !storm_send(s))
		return false;
	s->markers_sent++;
	if (!storm_recv_until(s, st->t.seq_tx - 1,
			      "the marker frame after a reset"))
		return false;
	s->markers_received++;
	return true;
}

/* Once the device is set up: the scratch buffer of storm_payload_is(). */
static bool storm_scratch(struct tb_storm *st)
{
	storm_of(st)->scratch = tb_vq_alloc(&st->t, STORM_MAX_LEN, 16);
	return true;
}

/* After a run that did not stop: every frame came back or was lost to a
 * reset. */
static void storm_count_frames(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	tb_storm_check(
		st, s->markers_received == s->markers_sent,
		"only %u of %u marker frames came back after their resets",
		s->markers_received, s->markers_sent);
	tb_storm_check(st,
		       s->frames_received + s->frames_lost == s->frames_sent,
		       "%u frames were sent, but %u came back and %u were lost",
		       s->frames_sent, s->frames_received, s->frames_lost);
	tb_storm_check(st, s->frames_lost <= s->frames_in_flight_at_resets,
		       "%u frames were lost, but only %u were in flight at a "
		       "reset",
		       s->frames_lost, s->frames_in_flight_at_resets);
	tb_storm_check(st, s->frames_in_flight_at_resets > 0,
		       "no reset ever hit a frame in flight");
}

static const struct tb_storm_ops storm_ops = {
	.iters = STORM_ITERS,
	.max_k = STORM_MAX_K,
	.setup = storm_scratch,
	.traffic = storm_frames,
	.device_reset = storm_device_reset,
	.queue_reset = storm_queue_reset,
	.marker = storm_marker,
	.take = storm_take,
	.finish = storm_count_frames,
};

START_TEST(test_r3_reset_storm_device_and_queue_resets_during_traffic)
{
	struct storm s = { 0 };

	tb_storm_test(_i, &s.st, &storm_ops);
	free(s.fr);
	tb_storm_summary(&s.st, "storm",
			 "frames sent %u, back %u, lost %u (in flight at "
			 "resets %u)",
			 s.frames_sent, s.frames_received, s.frames_lost,
			 s.frames_in_flight_at_resets);
	tb_storm_assert(&s.st);
	ck_assert_msg(s.frames_received > s.frames_lost,
		      "%u frames came back and %u were lost", s.frames_received,
		      s.frames_lost);
	tb_vq_done(&s.st.t);
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
