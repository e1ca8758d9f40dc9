/* SPDX-License-Identifier: MIT */
/*
 * test_vq.c - the split-virtqueue ring engine with the virtio-net loopback
 * device function (CONFORMANCE Q, S2, S4, M4, M7; table E for chains of
 * 2^32 bytes or more; device rules D/net).
 * Every run: random memory latency and back-pressure, protocol checkers,
 * DMA memory no-access except the rings and posted buffers (Q4).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"
#include "vring_check.h"

#define LONG 400000 /* cycles to wait for one frame */

static struct sim_rng rng_of(struct tb_vq *t)
{
	return sim_rng(t->e->sim, "test");
}

/* ------------------------------------------------------------ net basics */

struct loopback_res {
	struct tb_vq t;	 /* the harness; the body gets &res->t */
	unsigned intact; /* frames that came back intact, in order */
};

static void loopback_body(struct tb_vq *t)
{
	struct loopback_res *r = tb_container_of(t, struct loopback_res, t);
	struct sim_rng rng = rng_of(t);

	if (tb_vq_init(t))
		return;
	r->intact =
		tb_vq_loop(t, &rng, 150, TB_VQ_NET_HDR + 1, 1514 + 12, 4, 8);
}

START_TEST(test_net_loopback_frames_intact_and_in_order)
{
	struct loopback_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, loopback_body, NULL);
	ck_assert_uint_eq(r.intact, 150);
	tb_vq_done(&r.t);
}
END_TEST

struct config_res {
	struct tb_vq t;	   /* the harness; the body gets &res->t */
	uint8_t mac[6];	   /* config space bytes 0..5 */
	uint16_t status;   /* config space status (5.1.4) */
	uint64_t features; /* negotiated */
};

static void config_body(struct tb_vq *t)
{
	struct config_res *r = tb_container_of(t, struct config_res, t);
	struct virtio_device *vdev = &t->vm->vdev;

	if (tb_vq_init(t))
		return;
	for (unsigned i = 0; i < 6; i++)
		r->mac[i] = virtio_cread8(vdev, i);
	r->status = virtio_cread16(vdev, 6);
	r->features = vdev->features;
}

START_TEST(test_net_config_mac_and_link_up)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct config_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, config_body, NULL);
	for (unsigned i = 0; i < 6; i++)
		ck_assert_uint_eq(r.mac[i], mac[i]);
	ck_assert_uint_eq(r.status, 1); /* VIRTIO_NET_S_LINK_UP */
	ck_assert(r.features & (1ull << TB_VQ_F_NET_MAC));
	ck_assert(r.features & (1ull << TB_VQ_F_NET_STATUS));
	tb_vq_done(&r.t);
}
END_TEST

/* ------------------------------------------------------------------ Q */

struct split_res {
	struct tb_vq t;	 /* the harness; the body gets &res->t */
	unsigned intact; /* frames that came back intact, in order */
};

static void split_body(struct tb_vq *t)
{
	struct split_res *r = tb_container_of(t, struct split_res, t);
	struct sim_rng rng = rng_of(t);

	t->features = ~(1ull << VIRTIO_RING_F_INDIRECT_DESC); /* plain */
	if (tb_vq_init(t))
		return;
	/* short frames in up to 16 pieces: many 1-byte descriptors */
	r->intact = tb_vq_loop(t, &rng, 120, TB_VQ_NET_HDR, 80, 16, 4);
}

START_TEST(test_q3_frames_split_down_to_1_byte_pieces)
{
	struct split_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, split_body, NULL);
	ck_assert_uint_eq(r.intact, 120);
	tb_vq_done(&r.t);
}
END_TEST

struct used_len_res {
	struct tb_vq t;	      /* the harness; the body gets &res->t */
	uint32_t rx_used_len; /* used.len of the receive buffer */
	uint32_t tx_used_len; /* used.len of the transmit buffer */
};

static void used_len_body(struct tb_vq *t)
{
	struct used_len_res *r = tb_container_of(t, struct used_len_res, t);
	struct sim_rng rng = rng_of(t);
	struct tb_frame *f;
	uint8_t tail[64];
	uint32_t len;

	if (tb_vq_init(t))
		return;
	/* a 2048-byte receive buffer for a 100-byte frame */
	tb_vq_post_rx(t, &rng, 2048, 3);
	tb_vq_send(t, &rng, 100, 2);
	f = tb_vq_wait_buf(t, t->vq[TB_VQ_RX], &len, LONG);
	if (!tb_vq_check(t, f, "no receive completion"))
		return;
	r->rx_used_len = len;
	tb_vq_check_frame(t, f->addr, 100, 0);
	/* Q7/Q4: nothing past the bytes written */
	mem_read(t->e->mem, f->addr + 100, tail, sizeof(tail));
	for (unsigned i = 0; i < sizeof(tail); i++)
		tb_vq_check(t, tail[i] == 0xee,
			    "byte %u past the frame written", 100 + i);
	tb_vq_free_frame(t, f);
	f = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG);
	if (tb_vq_check(t, f, "no transmit completion")) {
		r->tx_used_len = len;
		tb_vq_free_frame(t, f);
	}
}

START_TEST(test_q7_used_len_counts_only_bytes_written)
{
	struct used_len_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, used_len_body, NULL);
	ck_assert_uint_eq(r.rx_used_len, 100); /* the frame */
	ck_assert_uint_eq(r.tx_used_len, 0);   /* nothing written */
	tb_vq_done(&r.t);
}
END_TEST

/* Q1: each part at its minimum alignment (and not more), pages apart,
 * above 4 GiB. */
static int setup_vq_at(struct tb_vq *t, unsigned q, unsigned num, uint64_t base)
{
	struct vring_placement p = { .mode = VRING_PLACE_ADDR };
	int r;

	p.desc = base + 16 + 32;      /* 16-aligned, not 32 */
	p.avail = base + 0x10000 + 2; /* 2-aligned, not 4 */
	p.used = base + 0x20000 + 4;  /* 4-aligned, not 8 */
	t->vm->place[q] = &p;
	r = virtio_mmio_setup_vq(t->vm, q, num, t->pool, NULL, q ? "tx" : "rx",
				 &t->vq[q]);
	t->vm->place[q] = NULL;
	return r;
}

struct align_res {
	struct tb_vq t;	 /* the harness; the body gets &res->t */
	unsigned intact; /* frames that came back intact, in order */
};

static void align_body(struct tb_vq *t)
{
	struct align_res *res = tb_container_of(t, struct align_res, t);
	struct virtio_device *vdev = &t->vm->vdev;
	struct sim_rng rng = rng_of(t);
	uint64_t base = tb_vq_alloc(t, 0x100000, 0x10000);
	unsigned q;
	int r;

	/* set up as tb_vq_init() does, with our own placement */
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	vdev->features = virtio_get_features(vdev);
	if (virtio_features_ok(vdev))
		return;
	for (q = 0; q < 2; q++) {
		r = setup_vq_at(t, q, 64, base + q * 0x40000);
		if (!tb_vq_check(t, r == 0, "queue %u: %d", q, r))
			return;
	}
	virtio_device_ready(vdev);
	res->intact = tb_vq_loop(t, &rng, 40, TB_VQ_NET_HDR, 600, 3, 4);
}

START_TEST(test_q1_rings_at_minimum_alignment_above_4g)
{
	struct align_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, align_body, NULL);
	ck_assert_uint_eq(r.intact, 40);
	tb_vq_done(&r.t);
}
END_TEST

struct sizes_res {
	struct tb_vq t;	 /* the harness; the body gets &res->t */
	unsigned intact; /* frames that came back intact, all sizes */
};

static void sizes_body(struct tb_vq *t)
{
	struct sizes_res *r = tb_container_of(t, struct sizes_res, t);
	struct sim_rng rng = rng_of(t);
	unsigned k = 0;

	for (unsigned num = 1; num <= VRING_MAX_SIZE; num <<= 1) {
		t->num[0] = t->num[1] = num;
		if (tb_vq_init(t))
			return;
		/* a chain is at most the queue size long, indirect tables
		 * included (2.7.5.3.1) */
		k += tb_vq_loop(t, &rng, 6, TB_VQ_NET_HDR, 300,
				num < 3 ? num : 3, num < 4 ? 1 : 4);
	}
	r->intact = k;
}

START_TEST(test_q2_queue_sizes_1_to_32768)
{
	struct sizes_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, sizes_body, NULL);
	ck_assert_uint_eq(r.intact, 16 * 6);
	tb_vq_done(&r.t);
}
END_TEST

struct wrap_res {
	struct tb_vq t;	       /* the harness; the body gets &res->t */
	unsigned intact;       /* frames that came back intact, in order */
	uint64_t rx_completed; /* receive buffers the driver took back */
};

static void wrap_body(struct tb_vq *t)
{
	struct wrap_res *r = tb_container_of(t, struct wrap_res, t);
	struct sim_rng rng = rng_of(t);

	t->num[0] = t->num[1] = 64;
	if (tb_vq_init(t))
		return;
	/* more than 65536 completions on each queue: 16-bit indices wrap */
	r->intact = tb_vq_loop(t, &rng, 66000, TB_VQ_NET_HDR, 40, 2, 48);
	r->rx_completed = t->vq[TB_VQ_RX]->stats.completed;
}

START_TEST(test_q2_indices_wrap_after_65536_completions)
{
	struct wrap_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	/* a fast memory: this test is about counting, not timing */
	r.t.cfg.random = false;
	r.t.max_cycles = 200000000;
	tb_vq_run(&r.t, wrap_body, NULL);
	ck_assert_uint_eq(r.intact, 66000);
	ck_assert_uint_gt(r.rx_completed, 65536);
	tb_vq_done(&r.t);
}
END_TEST

/* Q5, Q6: legal shapes the driver model does not make, written on both
 * queues by the raw ring writer. */
struct shapes_res {
	struct tb_vq t;		  /* the harness; the body gets &res->t */
	unsigned intact_mixed;	  /* frames intact, plain then indirect */
	unsigned intact_shuffled; /* frames intact, shuffled tables */
	uint64_t tx_indirect;	  /* transmit buffers through a table */
};

static void shapes_body(struct tb_vq *t)
{
	struct shapes_res *r = tb_container_of(t, struct shapes_res, t);
	struct sim_rng rng = rng_of(t);
	/* Q5: two plain descriptors, then the indirect one (rx: one) */
	struct tb_vq_shape mixed[2] = {
		[TB_VQ_RX] = { .plain = 1 }, [TB_VQ_TX] = { .plain = 2 }
	};
	/* Q6: indirect tables whose next fields jump around */
	struct tb_vq_shape shuffled[2] = {
		[TB_VQ_RX] = { .shuffle = true }, [TB_VQ_TX] = { .shuffle = true }
	};

	if (tb_vq_init(t))
		return;
	r->intact_mixed = tb_vq_raw_loop(t, &rng, 30, 40, 400, 6, 4, mixed);
	if (tb_vq_init(t))
		return;
	r->intact_shuffled =
		tb_vq_raw_loop(t, &rng, 30, 40, 400, 8, 4, shuffled);
	r->tx_indirect = mixed[TB_VQ_TX].indirect + shuffled[TB_VQ_TX].indirect;
}

START_TEST(test_q5_q6_plain_then_indirect_and_shuffled_tables)
{
	struct shapes_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, shapes_body, NULL);
	ck_assert_uint_eq(r.intact_mixed, 30);
	ck_assert_uint_eq(r.intact_shuffled, 30);
	ck_assert_uint_gt(r.tx_indirect, 20); /* most went through a table */
	tb_vq_done(&r.t);
}
END_TEST

/* Q8: without EVENT_IDX, avail.flags NO_INTERRUPT means no interrupt. */
struct no_irq_res {
	struct tb_vq t;	      /* the harness; the body gets &res->t */
	uint64_t edges_off;   /* interrupt edges when interrupts went off */
	unsigned intact_off;  /* frames intact with interrupts off */
	uint64_t edges_after; /* interrupt edges after those frames */
	unsigned intact_on;   /* frames intact with interrupts on again */
	uint64_t edges_on;    /* interrupt edges after that frame */
};

static void no_irq_body(struct tb_vq *t)
{
	struct no_irq_res *r = tb_container_of(t, struct no_irq_res, t);
	struct sim_rng rng = rng_of(t);

	t->features = ~(1ull << VIRTIO_RING_F_EVENT_IDX);
	if (tb_vq_init(t))
		return;
	virtqueue_disable_cb(t->vq[TB_VQ_RX]);
	virtqueue_disable_cb(t->vq[TB_VQ_TX]);
	r->edges_off = irq_mon_edges(t->e->irq);
	r->intact_off = tb_vq_loop(t, &rng, 20, TB_VQ_NET_HDR, 200, 2, 4);
	r->edges_after = irq_mon_edges(t->e->irq);
	/* flags back to 0: the next completion interrupts */
	virtqueue_enable_cb(t->vq[TB_VQ_RX]);
	r->intact_on = tb_vq_loop(t, &rng, 1, TB_VQ_NET_HDR, 200, 2, 4);
	/* the decision follows the used index write: give it time */
	t->hw.wait_irq(t->hw.ctx, 2000);
	r->edges_on = irq_mon_edges(t->e->irq);
}

START_TEST(test_q8_avail_no_interrupt_suppresses_interrupts)
{
	struct no_irq_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, no_irq_body, NULL);
	ck_assert_uint_eq(r.intact_off, 20);
	ck_assert_uint_eq(r.edges_after, r.edges_off); /* no interrupt at all */
	ck_assert_uint_eq(r.intact_on, 1);
	ck_assert_uint_gt(r.edges_on, r.edges_after);
	tb_vq_done(&r.t);
}
END_TEST

/* Q9: with EVENT_IDX, an interrupt exactly when used idx passes used_event
 * (receive queue; the transmit queue's used_event is kept out of reach). */
struct event_idx_res {
	struct tb_vq t;	       /* the harness; the body gets &res->t */
	uint32_t irq_level[8]; /* interrupt line once frame n was used */
};

static void event_idx_body(struct tb_vq *t)
{
	struct event_idx_res *r = tb_container_of(t, struct event_idx_res, t);
	struct sim_rng rng = rng_of(t);
	struct virtqueue *rx, *tx;
	const unsigned k = 3;

	if (tb_vq_init(t))
		return;
	rx = t->vq[TB_VQ_RX];
	tx = t->vq[TB_VQ_TX];
	if (!tb_vq_check(t, rx->event, "EVENT_IDX not negotiated"))
		return;
	for (unsigned n = 0; n < 8; n++) {
		uint16_t far = 0x8000, ev = (uint16_t)k;
		uint32_t st;

		/* used_event lives after the avail ring (2.7.10) */
		mem_write(t->e->mem, rx->avail + vring_used_event_off(rx->num),
			  &ev, 2);
		mem_write(t->e->mem, tx->avail + vring_used_event_off(tx->num),
			  &far, 2);
		tb_vq_post_rx(t, &rng, 64, 1);
		tb_vq_send(t, &rng, 64, 1);
		/* poll used->idx without taking interrupts */
		for (unsigned w = 0; w < 5000; w++) {
			uint16_t u;

			mem_read(t->e->mem, rx->used + VRING_USED_IDX, &u, 2);
			if (u == (uint16_t)(n + 1))
				break;
			sim_wait_cycles(t->e->sim, 20);
		}
		sim_wait_cycles(t->e->sim, 200);
		st = irq_mon_level(t->e->irq);
		/* new = n + 1, old = n: notify iff new - ev - 1 < 1 */
		r->irq_level[n] = st;
		if (st)
			t->hw.write32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_ACK, 3,
				      0xf);
		tb_vq_recv_one(t, LONG);
	}
}

START_TEST(test_q9_event_idx_interrupts_exactly_when_used_event_crossed)
{
	struct event_idx_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, event_idx_body, NULL);
	for (unsigned n = 0; n < 8; n++)
		ck_assert_msg(r.irq_level[n] == (n == 3), "frame %u: irq %llu",
			      n, (unsigned long long)r.irq_level[n]);
	tb_vq_done(&r.t);
}
END_TEST

/* Q10: the device keeps avail_event at the next entry it will read once it
 * runs out of work; used.flags stays 0 with EVENT_IDX. */
struct avail_event_res {
	struct tb_vq t;		/* the harness; the body gets &res->t */
	uint64_t tx_suppressed; /* transmit kicks the device suppressed */
};

static void avail_event_body(struct tb_vq *t)
{
	struct avail_event_res *r =
		tb_container_of(t, struct avail_event_res, t);
	struct sim_rng rng = rng_of(t);

	if (tb_vq_init(t))
		return;
	for (unsigned round = 0; round < 3; round++) {
		unsigned n = (unsigned)sim_rng_range(&rng, 1, 5);

		tb_vq_loop(t, &rng, n, TB_VQ_NET_HDR, 300, 2, 8);
		sim_wait_cycles(t->e->sim, 500);
		for (unsigned q = 0; q < 2; q++) {
			struct virtqueue *vq = t->vq[q];
			uint16_t ev, flags;

			mem_read(t->e->mem,
				 vq->used + vring_avail_event_off(vq->num), &ev,
				 2);
			mem_read(t->e->mem, vq->used + VRING_USED_FLAGS, &flags,
				 2);
			/* the transmit queue, which the device polls whenever
			 * idle, asks for the next entry; the receive queue is
			 * polled only when a frame waits, so its avail_event
			 * may lag (no notification needed while it still has
			 * the queue marked pending), never lead */
			if (q == TB_VQ_TX)
				tb_vq_check(t, ev == vq->avail_idx_shadow,
					    "tx: avail_event %u, avail idx %u",
					    ev, vq->avail_idx_shadow);
			else
				tb_vq_check(
					t,
					(uint16_t)(vq->avail_idx_shadow - ev) <=
						vq->num,
					"rx: avail_event %u ahead of avail idx %u",
					ev, vq->avail_idx_shadow);
			tb_vq_check(t, flags == 0, "queue %u: used.flags %u", q,
				    flags);
		}
	}
	r->tx_suppressed = t->vq[TB_VQ_TX]->stats.suppressed;
}

START_TEST(test_q10_avail_event_names_next_entry_and_used_flags_zero)
{
	struct avail_event_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, avail_event_body, NULL);
	tb_vq_done(&r.t);
}
END_TEST

/* Q11: notifications with nothing new, for a queue that does not exist or
 * is not ready, change nothing. */
struct spurious_res {
	struct tb_vq t;		 /* the harness; the body gets &res->t */
	uint32_t status_idle;	 /* Status after notifications, nothing new */
	unsigned intact_first;	 /* frames intact after them */
	unsigned intact_second;	 /* frames intact after more of them */
	uint32_t status_traffic; /* Status after that */
};

static void spurious_body(struct tb_vq *t)
{
	struct spurious_res *r = tb_container_of(t, struct spurious_res, t);
	struct sim_rng rng = rng_of(t);
	struct virtio_mmio_device *vm = t->vm;

	if (tb_vq_init(t))
		return;
	for (unsigned i = 0; i < 4; i++) {
		virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_NOTIFY, i, 0xf);
		virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_NOTIFY, 0xffff,
				      0xf);
	}
	sim_wait_cycles(t->e->sim, 500);
	r->status_idle = tb_vq_status(t);
	r->intact_first = tb_vq_loop(t, &rng, 10, TB_VQ_NET_HDR, 300, 2, 4);
	for (unsigned i = 0; i < 4; i++)
		virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_NOTIFY, i & 1, 0xf);
	r->intact_second = tb_vq_loop(t, &rng, 10, TB_VQ_NET_HDR, 300, 2, 4);
	r->status_traffic = tb_vq_status(t);
}

START_TEST(test_q11_spurious_notifications_are_harmless)
{
	struct spurious_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, spurious_body, NULL);
	ck_assert_uint_eq(r.intact_first, 10);
	ck_assert_uint_eq(r.intact_second, 10);
	ck_assert_uint_eq(r.status_idle & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	ck_assert_uint_eq(r.status_traffic & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* Q12: slow, reordering memory; the model's tap checks that used->idx is
 * never written before the elements (and data) it publishes. */
struct order_res {
	struct tb_vq t;	 /* the harness; the body gets &res->t */
	unsigned intact; /* frames that came back intact, in order */
};

static void order_body(struct tb_vq *t)
{
	struct order_res *r = tb_container_of(t, struct order_res, t);
	struct sim_rng rng = rng_of(t);

	if (tb_vq_init(t))
		return;
	r->intact = tb_vq_loop(t, &rng, 60, TB_VQ_NET_HDR, 1500, 4, 8);
}

START_TEST(test_q12_used_idx_never_before_its_elements_under_reordering)
{
	struct order_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	r.t.cfg.mem.reorder = true;
	r.t.cfg.mem.rd_lat_min = 0;
	r.t.cfg.mem.rd_lat_max = 40;
	r.t.cfg.mem.wr_lat_min = 0;
	r.t.cfg.mem.wr_lat_max = 60;
	r.t.cfg.mem.b_idle = 300;
	tb_vq_run(&r.t, order_body, NULL);
	ck_assert_uint_eq(r.intact, 60);
	tb_vq_done(&r.t);
}
END_TEST

/* Chains with more segments than the engine queues at once (SEGS = 16):
 * the rest is fetched by a second walk. Plain and indirect, both ways. */
struct long_chain_res {
	struct tb_vq t;		  /* the harness; the body gets &res->t */
	unsigned intact_plain;	  /* frames intact, plain chains */
	unsigned intact_indirect; /* frames intact, indirect allowed */
};

static void long_chain_body(struct tb_vq *t)
{
	struct long_chain_res *r = tb_container_of(t, struct long_chain_res, t);
	struct sim_rng rng = rng_of(t);

	t->features = ~(1ull << VIRTIO_RING_F_INDIRECT_DESC);
	if (tb_vq_init(t))
		return;
	r->intact_plain = tb_vq_loop(t, &rng, 12, 200, 1526, 60, 2);
	t->features = 0;
	if (tb_vq_init(t))
		return;
	r->intact_indirect = tb_vq_loop(t, &rng, 12, 200, 1526, 100, 2);
}

START_TEST(test_q3_chains_longer_than_the_segment_queue)
{
	struct long_chain_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, long_chain_body, NULL);
	ck_assert_uint_eq(r.intact_plain, 12);
	ck_assert_uint_eq(r.intact_indirect, 12);
	tb_vq_done(&r.t);
}
END_TEST

/* ------------------------------------------------- S2, S4, M4, M7 */

static void notify_raw(struct tb_vq *t, unsigned q)
{
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_NOTIFY, q, 0xf);
}

static uint16_t used_idx(struct tb_vq *t, unsigned q)
{
	uint16_t u;

	mem_read(t->e->mem, t->vq[q]->used + VRING_USED_IDX, &u, 2);
	return u;
}

/* S4: buffers made available (and notified) before DRIVER_OK stay
 * untouched; after DRIVER_OK they complete. */
struct s4_res {
	struct tb_vq t;	     /* the harness; the body gets &res->t */
	uint64_t dma_early;  /* DMA transactions before DRIVER_OK */
	unsigned used_early; /* used idx of both queues before DRIVER_OK */
	uint64_t irq_early;  /* interrupt edges before DRIVER_OK */
	bool intact_after;   /* the frame then came back intact */
};

static void s4_body(struct tb_vq *t)
{
	struct s4_res *r = tb_container_of(t, struct s4_res, t);
	struct sim_rng rng = rng_of(t);
	uint64_t dma0;

	t->no_driver_ok = true;
	if (tb_vq_init(t))
		return;
	t->no_kick = true;
	tb_vq_post_rx(t, &rng, 300, 1);
	tb_vq_send(t, &rng, 300, 2);
	dma0 = tb_vq_dma_count(t);
	notify_raw(t, TB_VQ_RX); /* the model would refuse (3.1.1) */
	notify_raw(t, TB_VQ_TX);
	sim_wait_cycles(t->e->sim, 3000);
	r->dma_early = tb_vq_dma_count(t) - dma0;
	r->used_early = used_idx(t, TB_VQ_RX) + used_idx(t, TB_VQ_TX);
	r->irq_early = irq_mon_edges(t->e->irq);
	t->no_kick = false;
	virtio_device_ready(&t->vm->vdev);
	virtqueue_kick(t->vq[TB_VQ_RX]);
	virtqueue_kick(t->vq[TB_VQ_TX]);
	r->intact_after = tb_vq_recv_one(t, LONG);
}

START_TEST(test_s4_no_buffer_used_before_driver_ok)
{
	struct s4_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, s4_body, NULL);
	ck_assert_uint_eq(r.dma_early, 0); /* no DMA at all */
	ck_assert_uint_eq(r.used_early, 0);
	ck_assert_uint_eq(r.irq_early, 0);
	ck_assert_uint_eq(r.intact_after, 1); /* then it works */
	tb_vq_done(&r.t);
}
END_TEST

/* S2: a reset in the middle of traffic; once Status reads 0, no DMA, no
 * interrupt; then the device works again. */
struct s2_res {
	struct tb_vq t;	       /* the harness; the body gets &res->t */
	uint16_t rx_used;      /* receive used idx just before the reset */
	uint64_t dma_after;    /* DMA transactions once Status read 0 */
	bool irq_after;	       /* interrupt line then */
	uint32_t isr_after;    /* InterruptStatus then */
	unsigned intact_again; /* frames intact after setting up again */
};

static void s2_body(struct tb_vq *t)
{
	struct s2_res *r = tb_container_of(t, struct s2_res, t);
	struct sim_rng rng = rng_of(t);
	uint32_t isr = 1;
	uint64_t dma0;

	if (tb_vq_init(t))
		return;
	for (unsigned i = 0; i < 24; i++) {
		tb_vq_post_rx(t, &rng, 1500, 2);
		tb_vq_send(t, &rng, 1500, 3);
	}
	sim_wait_cycles(t->e->sim, (unsigned)sim_rng_range(&rng, 300, 3000));
	r->rx_used = used_idx(t, TB_VQ_RX);
	if (virtio_reset_device(&t->vm->vdev))
		return;
	/* Linux does not poll: its next access completes once the reset
	 * has (S1); from then on nothing may move */
	if (t->vm->vdev.config->get_status(&t->vm->vdev) != 0)
		return;
	dma0 = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, 4000);
	r->dma_after = tb_vq_dma_count(t) - dma0;
	r->irq_after = irq_mon_level(t->e->irq);
	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &isr);
	r->isr_after = isr;
	/* the model's books of the old rings go with tb_vq_init() */
	if (tb_vq_init(t))
		return;
	r->intact_again = tb_vq_loop(t, &rng, 5, TB_VQ_NET_HDR, 1500, 3, 4);
}

START_TEST(test_s2_reset_during_traffic_then_no_dma)
{
	struct s2_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, s2_body, NULL);
	ck_assert_uint_eq(r.dma_after, 0);
	ck_assert_uint_eq(r.irq_after, 0);
	ck_assert_uint_eq(r.isr_after, 0);
	ck_assert_uint_eq(r.intact_again, 5);
	tb_vq_done(&r.t);
}
END_TEST

static void queue_ready(struct tb_vq *t, unsigned q, uint32_t v)
{
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_SEL, q, 0xf);
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_READY, v, 0xf);
}

/* M4: a queue whose QueueReady is 0 is never read; writing 0 in the middle
 * of traffic stops DMA. */
struct m4_res {
	struct tb_vq t;		/* the harness; the body gets &res->t */
	uint64_t dma_not_ready; /* DMA after a notification, queue not ready */
	uint64_t dma_stopped;	/* DMA once both queues were stopped */
	uint64_t rx_used_stop;	/* receive used idx once stopped */
	uint64_t rx_used_moved; /* how far it moved after that */
};

static void m4_body(struct tb_vq *t)
{
	struct m4_res *r = tb_container_of(t, struct m4_res, t);
	struct sim_rng rng = rng_of(t);
	uint64_t dma0;

	if (tb_vq_init(t))
		return;
	queue_ready(t, TB_VQ_TX, 0);
	t->no_kick = true;
	tb_vq_post_rx(t, &rng, 300, 1);
	tb_vq_send(t, &rng, 300, 1);
	dma0 = tb_vq_dma_count(t);
	notify_raw(t, TB_VQ_TX);
	sim_wait_cycles(t->e->sim, 3000);
	r->dma_not_ready = tb_vq_dma_count(t) - dma0;
	/* again with traffic: both queues stopped while frames flow */
	t->no_kick = false;
	if (tb_vq_init(t))
		return;
	for (unsigned i = 0; i < 24; i++) {
		tb_vq_post_rx(t, &rng, 1500, 2);
		tb_vq_send(t, &rng, 1500, 3);
	}
	sim_wait_cycles(t->e->sim, (unsigned)sim_rng_range(&rng, 300, 2000));
	queue_ready(t, TB_VQ_TX, 0);
	queue_ready(t, TB_VQ_RX, 0);
	/* what was in flight drains (a started command finishes) */
	sim_wait_cycles(t->e->sim, 600);
	dma0 = tb_vq_dma_count(t);
	r->rx_used_stop = used_idx(t, TB_VQ_RX);
	sim_wait_cycles(t->e->sim, 4000);
	r->dma_stopped = tb_vq_dma_count(t) - dma0;
	r->rx_used_moved = used_idx(t, TB_VQ_RX) - r->rx_used_stop;
}

START_TEST(test_m4_no_dma_for_a_queue_that_is_not_ready)
{
	struct m4_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, m4_body, NULL);
	ck_assert_uint_eq(r.dma_not_ready, 0);
	ck_assert_uint_eq(r.dma_stopped, 0);
	ck_assert_uint_eq(r.rx_used_moved, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* M7: reset the transmit queue while the device holds frames that wait for
 * receive buffers and more wait in the ring; the receive queue keeps its
 * state (the held frames still arrive), the transmit queue comes back with
 * another size. */
#define M7_FRAMES 12 /* sent; 4 come back before the reset */
struct m7_res {
	struct tb_vq t;		/* the harness; the body gets &res->t */
	unsigned intact_before; /* frames intact before the reset */
	int reset;		/* virtio_mmio_reset_queue() of tx */
	uint32_t queue_reset;	/* QueueReset read back after it */
	uint32_t queue_ready;	/* QueueReady read back after it */
	int setup;		/* setting up the new transmit ring */
	unsigned held;		/* frames the device held (transmit used) */
	unsigned held_intact;	/* of those, back intact afterwards */
	unsigned intact_new;	/* frames intact over the new ring */
};

static void m7_body(struct tb_vq *t)
{
	struct m7_res *r = tb_container_of(t, struct m7_res, t);
	struct sim_rng rng = rng_of(t);
	struct virtio_mmio_device *vm = t->vm;
	struct tb_frame *f;
	uint32_t v, len;

	t->num[0] = t->num[1] = 64;
	if (tb_vq_init(t))
		return;
	for (unsigned i = 0; i < 4; i++)
		tb_vq_post_rx(t, &rng, 400, 1);
	for (unsigned i = 0; i < M7_FRAMES; i++)
		tb_vq_send(t, &rng, 400, 2);
	for (unsigned i = 0; i < 4; i++)
		r->intact_before += tb_vq_recv_one(t, LONG);
	/* frames 4.. wait in the device for receive buffers, as many as it
	 * holds: their transmit buffers come back; once none has come back
	 * for a while (nothing is being read), the rest stay queued */
	for (unsigned quiet = 0; quiet < 2000; quiet++) {
		sim_wait_cycles(t->e->sim, 1);
		while ((f = virtqueue_get_buf(vm->vqs[TB_VQ_TX], &len))) {
			tb_vq_free_frame(t, f);
			quiet = 0;
		}
	}
	r->reset = virtio_mmio_reset_queue(vm, TB_VQ_TX);
	virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_SEL, TB_VQ_TX, 0xf);
	virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_RESET, &v);
	r->queue_reset = v;
	virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_READY, &v);
	r->queue_ready = v;
	while ((f = virtqueue_get_buf(vm->vqs[TB_VQ_TX], &len)))
		tb_vq_free_frame(t, f);
	/* every transmit buffer used but frames 0..3's is held */
	r->held = (uint16_t)(used_idx(t, TB_VQ_TX) - 4);
	/* the driver forgets the old ring and sets up a new one */
	vring_del_virtqueue(vm->vqs[TB_VQ_TX]);
	vm->vqs[TB_VQ_TX] = NULL;
	r->setup = virtio_mmio_setup_vq(vm, TB_VQ_TX, 16, t->pool, NULL, "tx",
					&t->vq[TB_VQ_TX]);
	if (r->setup)
		return;
	/* the held frames arrive on the receive queue, which kept running */
	for (unsigned i = 0; i < r->held; i++) {
		tb_vq_post_rx(t, &rng, 400, 1);
		r->held_intact += tb_vq_recv_one(t, LONG);
	}
	t->seq_tx = 4 + r->held; /* the rest went with the old ring */
	r->intact_new = tb_vq_loop(t, &rng, 20, TB_VQ_NET_HDR, 400, 2, 4);
}

START_TEST(test_m7_queue_reset_while_the_other_queue_runs)
{
	struct m7_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, m7_body, NULL);
	ck_assert_uint_eq(r.intact_before, 4);
	ck_assert_int_eq(r.reset, 0);
	ck_assert_uint_eq(r.queue_reset, 0); /* reads 0 when done */
	ck_assert_uint_eq(r.queue_ready, 0); /* and QueueReady too */
	ck_assert_int_eq(r.setup, 0);
	ck_assert_msg(r.held >= 1 && r.held < M7_FRAMES - 4,
		      "the device held %u frames at the reset, want 1 to %u "
		      "(it reads ahead into its frame buffers)",
		      r.held, M7_FRAMES - 5);
	ck_assert_uint_eq(r.held_intact, r.held);
	ck_assert_uint_eq(r.intact_new, 20);
	tb_vq_done(&r.t);
}
END_TEST

/* M7: reset the receive queue at a random point of a frame's way through
 * the device: before its receive chain is walked, while the chain waits
 * walked for the transmit read to finish, while it is written, or after.
 * The reset always completes; the frame arrives at most once, intact, on
 * the old ring before the reset or on the new one after it (a frame being
 * written when the queue stopped may be lost); the next frame always
 * arrives. Nothing is published on the old ring after the reset. */
#define M7_RX_LEN 1500
#define M7_MARK_LEN 700
static bool m7_take(struct tb_vq *t, struct virtqueue *vq, uint32_t seq_a,
		    unsigned *which)
{
	struct tb_frame *f;
	uint32_t len;
	bool ok;

	f = tb_vq_wait_buf(t, vq, &len, LONG);
	if (!tb_vq_check(t, f, "frame %u: nothing on the receive queue", seq_a))
		return false;
	/* the length tells the frame apart from the marker after it */
	ok = tb_vq_check(t, len == M7_RX_LEN || len == M7_MARK_LEN,
			 "rx used.len %u, want %u or %u", len, M7_RX_LEN,
			 M7_MARK_LEN);
	*which = len == M7_RX_LEN ? 0 : 1;
	if (ok)
		ok = tb_vq_check_frame(t, f->addr, len, seq_a + *which);
	tb_vq_free_frame(t, f);
	return ok;
}

struct m7_rx_res {
	struct tb_vq t;	     /* the harness; the body gets &res->t */
	uint64_t before;     /* frames delivered before the reset */
	uint64_t after;	     /* frames delivered on the new ring */
	uint64_t lost;	     /* frames lost to the reset */
	uint64_t iterations; /* resets done, marker frame back */
};

static void m7_rx_body(struct tb_vq *t)
{
	struct m7_rx_res *r = tb_container_of(t, struct m7_rx_res, t);
	struct sim_rng rng = rng_of(t);
	struct virtio_mmio_device *vm = t->vm;
	struct tb_frame *f;
	uint32_t len, v;

	t->num[0] = t->num[1] = 64;
	if (tb_vq_init(t))
		return;
	for (unsigned it = 0; it < 24; it++) {
		uint32_t seq = t->seq_tx;
		uint64_t delay = sim_rng_range(&rng, 0, 1200);
		struct virtqueue *old;
		unsigned which;
		bool before = false;

		tb_vq_post_rx(t, &rng, 1600,
			      (unsigned)sim_rng_range(&rng, 1, 3));
		tb_vq_send(t, &rng, M7_RX_LEN,
			   (unsigned)sim_rng_range(&rng, 1, 3));
		sim_wait_cycles(t->e->sim, delay);
		if (!tb_vq_check(t, virtio_mmio_reset_queue(vm, TB_VQ_RX) == 0,
				 "iteration %u: receive queue reset failed",
				 it))
			return;
		virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_SEL, TB_VQ_RX, 0xf);
		virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_RESET, &v);
		if (!tb_vq_check(t, v == 0, "iteration %u: QueueReset %u", it,
				 v))
			return;
		old = vm->vqs[TB_VQ_RX];
		/* delivered before the reset? */
		if ((f = virtqueue_get_buf(old, &len))) {
			before = true;
			if (!tb_vq_check(t, len == M7_RX_LEN,
					 "old ring: len %u", len) ||
			    !tb_vq_check_frame(t, f->addr, len, seq))
				return;
			tb_vq_free_frame(t, f);
		}
		/* nothing is published on the old ring any more */
		sim_wait_cycles(t->e->sim, 2000);
		if (!tb_vq_check(t, !virtqueue_get_buf(old, &len),
				 "iteration %u: used element after the reset",
				 it))
			return;
		while ((f = virtqueue_detach_unused_buf(old)))
			tb_vq_free_frame(t, f);
		vring_del_virtqueue(old);
		vm->vqs[TB_VQ_RX] = NULL;
		if (virtio_mmio_setup_vq(vm, TB_VQ_RX, 64, t->pool, NULL, "rx",
					 &t->vq[TB_VQ_RX]))
			return;
		/* then a marker frame, which always arrives */
		tb_vq_post_rx(t, &rng, 1600, 1);
		tb_vq_post_rx(t, &rng, 1600, 1);
		tb_vq_send(t, &rng, M7_MARK_LEN, 1);
		which = 0; /* frame A taken: the marker comes next */
		if (!before) {
			if (!m7_take(t, t->vq[TB_VQ_RX], seq, &which))
				return;
			if (which)
				r->lost++; /* the marker came first */
			else
				r->after++;
		} else {
			r->before++;
		}
		if (!which && !m7_take(t, t->vq[TB_VQ_RX], seq, &which))
			return;
		if (!tb_vq_check(t, which == 1, "iteration %u: marker missing",
				 it))
			return;
		/* a receive buffer left over stays posted (only a reset queue
		 * gives its buffers back) */
		while ((f = virtqueue_get_buf(t->vq[TB_VQ_TX], &len)))
			tb_vq_free_frame(t, f);
		t->seq_rx = t->seq_tx;
		r->iterations++;
	}
}

START_TEST(test_m7_receive_queue_reset_at_any_point_of_a_frame)
{
	struct m7_rx_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, m7_rx_body, NULL);
	ck_assert_uint_eq(r.iterations, 24);
	ck_assert_uint_eq(r.before + r.after + r.lost, 24);
	/* some resets come after the delivery, some hit the frame on its way */
	ck_assert_uint_gt(r.before, 0);
	ck_assert_uint_gt(r.after + r.lost, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* M7 with the transmit queue: a QueueReset while a frame is being read
 * (slow memory, so the read takes hundreds of cycles) turns the rest of
 * the read into padding. The device function must learn it and drop the
 * frame: the receive buffer then comes back with used length 0 or not at
 * all, never with the padding presented as a frame. A marker frame after
 * each reset always arrives intact. */
#define M7_CUT_ITERS 24 /* resets at least */
#define M7_CUT_MAX 240	/* and on until 3 reads were cut, at most */

/* The sweep: a reset at each cycle of the M7_SWEEP cycles that end just
 * after the frame's transmit buffer comes back (its used element written,
 * then used->idx). */
#define M7_SWEEP 150
#define M7_SWEEP_FRAME 256 /* bytes: short, as writes are slow */

/* What the body counted. */
struct cut_res {
	struct tb_vq t;	   /* the harness; the body gets &res->t */
	bool sweep;	   /* reset moments swept (M7_SWEEP), not random */
	uint64_t whole;	   /* frames read whole before the reset */
	uint64_t cut;	   /* reads cut short: receive used.len 0 */
	uint64_t unopened; /* frames whose receive buffer stayed unopened */
	bool finished;	   /* the sequence ran to its end */
	unsigned resets;   /* transmit queue resets done */
};

static void m7_tx_cut_body(struct tb_vq *t)
{
	struct cut_res *r = tb_container_of(t, struct cut_res, t);
	struct sim_rng rng = rng_of(t);
	struct virtio_mmio_device *vm = t->vm;
	uint64_t c0, whole, used_at = 0;
	unsigned pieces;

	t->num[0] = t->num[1] = 64;
	if (tb_vq_init(t))
		return;
	/* how long a whole frame takes from the kick to its transmit buffer
	 * coming back: its read is the last part of that */
	/* in 6 to 12 pieces, or in half the runs 17 to 24 (the same for
	 * the whole run, so the calibration holds): the engine queues a few
	 * read commands ahead of its DMA, and only what is not handed over
	 * yet can be cut short; past the walker's 16 segments the chain's
	 * rest is walked a second time, which the reset may stop too */
	pieces = 1;
	if (!r->sweep)
		pieces = sim_rng_range(&rng, 0, 1)
				 ? (unsigned)sim_rng_range(&rng, 17, 24)
				 : (unsigned)sim_rng_range(&rng, 6, 12);
	tb_vq_post_rx(t, &rng, 4200, 1);
	c0 = sim_cycles(t->e->sim);
	tb_vq_send(t, &rng, r->sweep ? M7_SWEEP_FRAME : 2000, pieces);
	if (r->sweep) {
		/* the sweep's window ends just after the transmit used->idx
		 * moves (its element was written before it) */
		uint16_t idx0 = used_idx(t, TB_VQ_TX);

		do
			sim_wait_cycles(t->e->sim, 1);
		while (used_idx(t, TB_VQ_TX) == idx0 &&
		       sim_cycles(t->e->sim) - c0 < LONG);
		used_at = sim_cycles(t->e->sim) - c0;
	}
	if (!tb_vq_check(t, tb_vq_recv_one(t, LONG), "calibration frame lost"))
		return;
	whole = r->sweep ? used_at + 5 : sim_cycles(t->e->sim) - c0;
	for (unsigned it = 0;
	     r->sweep ? it < M7_SWEEP
		      : it < M7_CUT_MAX && (it < M7_CUT_ITERS || r->cut < 3);
	     it++) {
		r->resets = it + 1;
		struct tb_frame *f;
		uint32_t len, seq = t->seq_tx;

		tb_vq_post_rx(t, &rng, 4200, 1);
		tb_vq_send(t, &rng, r->sweep ? M7_SWEEP_FRAME : 2000, pieces);
		sim_wait_cycles(t->e->sim,
				r->sweep ? whole - M7_SWEEP + it
					 : sim_rng_range(&rng, whole / 3,
							 whole));
		if (!tb_vq_check(t, virtio_mmio_reset_queue(vm, TB_VQ_TX) == 0,
				 "iteration %u: transmit queue reset failed",
				 it))
			return;
		if (tb_vq_ring_replace(t, TB_VQ_TX, 64))
			return;
		/* the frame, if it came back, is whole; a cut one has len 0 */
		sim_wait_cycles(t->e->sim, r->sweep ? 1500 : 3000);
		f = virtqueue_get_buf(t->vq[TB_VQ_RX], &len);
		if (f && len == 0) {
			r->cut++; /* cut short: dropped */
			tb_vq_free_frame(t, f);
		} else if (f) {
			if (!tb_vq_check(
				    t,
				    len == (r->sweep ? M7_SWEEP_FRAME : 2000),
				    "iteration %u: receive used.len %u after "
				    "a transmit queue reset: want the frame's "
				    "or 0",
				    it, len) ||
			    !tb_vq_check_frame(t, f->addr, len, seq))
				return;
			r->whole++; /* read whole before the reset */
			tb_vq_free_frame(t, f);
		} else {
			r->unopened++; /* the buffer stays posted */
		}
		/* the marker always arrives, intact */
		tb_vq_post_rx(t, &rng, 4200, 1);
		t->seq_rx = t->seq_tx = seq + 1;
		tb_vq_send(t, &rng, 700, 1);
		if (!tb_vq_check(t, tb_vq_recv_one(t, LONG),
				 "iteration %u: marker frame after the transmit "
				 "queue reset did not arrive intact",
				 it))
			return;
	}
	r->finished = true;
}

START_TEST(test_m7_transmit_queue_reset_mid_frame_never_delivers_padding)
{
	struct cut_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	r.t.cfg.mem.rd_lat_min = 60; /* a 2000-byte read takes 300+ cycles */
	r.t.cfg.mem.rd_lat_max = 90;
	tb_vq_run(&r.t, m7_tx_cut_body, NULL);
	ck_assert_msg(r.finished, "the run stopped early (see the report)");
	ck_assert_msg(
		r.cut > 0,
		"no transmit read was cut short in %u resets (whole %llu, "
		"never opened %llu): the test missed its case",
		r.resets, (unsigned long long)r.whole,
		(unsigned long long)r.unopened);
	tb_vq_done(&r.t);
}
END_TEST

/* M7: a QueueReset that comes while the transmit buffer's used element is
 * being written. The write may go on, but the reset completes only after
 * its response: once QueueReset reads 0 the driver owns the ring memory
 * again (the model makes it no-access), so a late used-ring write is a
 * memory-permission error. Resets swept cycle by cycle over the frame's
 * last M7_SWEEP cycles. */
START_TEST(test_m7_transmit_queue_reset_waits_for_the_used_element_write)
{
	struct cut_res r = { .sweep = true };

	/* no random register-bus stalls or read latency: each step moves the
	 * reset by one cycle against the frame */
	tb_vq_cfg(_i, &r.t);
	r.t.cfg.random = false;
	r.t.cfg.mem.rd_lat_min = 60;
	r.t.cfg.mem.rd_lat_max = 60;
	/* but W beats slow to be taken (seeded): a used-element write still
	 * on its way when the reset is asked for lands well after it */
	r.t.cfg.mem.w_stall = 900;
	tb_vq_run(&r.t, m7_tx_cut_body, NULL);
	ck_assert_msg(r.finished, "the run stopped early (see the report)");
	ck_assert_uint_eq(r.resets, M7_SWEEP);
	tb_vq_done(&r.t);
}
END_TEST

/* M7 with a walked chain in line: the loopback, holding a frame, names the
 * receive queue first and the transmit queue after it, so the engine walks
 * a receive chain and the next transmit chain behind it. A receive queue
 * reset then drops the receive chain; the transmit chain behind it must not
 * be handed over in its place (the loopback would take it as a receive
 * chain: its transmit buffer would come back unread, the frame lost). Every
 * transmit buffer that comes back was read whole; frames written into the
 * old ring but not yet published when it stopped are gone with it; every
 * frame that arrives, on the old ring or the new one, arrives once and
 * intact. */
#define M7_LINE_FRAMES 3

static unsigned m7_line_collect(struct tb_vq *t, struct virtqueue *vq,
				uint32_t seq0, bool *seen)
{
	struct tb_frame *f;
	uint32_t len;
	unsigned n = 0;

	while ((f = virtqueue_get_buf(vq, &len))) {
		/* the length tells the frame (600 + 100 * k bytes) */
		uint32_t k = (len - 600) / 100;

		if (len >= 600 && (len - 600) % 100 == 0 &&
		    k < M7_LINE_FRAMES && !seen[k] &&
		    tb_vq_check_frame(t, f->addr, len, seq0 + k)) {
			seen[k] = true;
			n++;
		} else {
			tb_vq_fail(t,
				   "receive buffer of %u bytes: not one of "
				   "frames %u..%u, or a second copy",
				   len, seq0, seq0 + M7_LINE_FRAMES - 1);
		}
		tb_vq_free_frame(t, f);
	}
	return n;
}

/* Device reads of an iteration, to tell a transmit buffer read whole from
 * one given back unread. */
#define M7_LINE_READS 4096
static struct {
	uint64_t addr, len;
} m7_reads[M7_LINE_READS];
static unsigned m7_nreads;

static void m7_line_tap(void *ctx, const struct mem_access *a)
{
	(void)ctx;
	if (!a->write && a->resp == AXI_OKAY && m7_nreads < M7_LINE_READS) {
		m7_reads[m7_nreads].addr = a->addr;
		m7_reads[m7_nreads++].len = a->len;
	}
}

/* Bytes of [addr, addr + len) the device read in this iteration. */
static uint64_t m7_line_read_bytes(uint64_t addr, uint64_t len)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < m7_nreads; i++) {
		uint64_t lo = m7_reads[i].addr > addr ? m7_reads[i].addr : addr;
		uint64_t e = m7_reads[i].addr + m7_reads[i].len;
		uint64_t hi = e < addr + len ? e : addr + len;

		n += hi > lo ? hi - lo : 0;
	}
	return n;
}

struct m7_line_res {
	struct tb_vq t;	     /* the harness; the body gets &res->t */
	uint64_t lost;	     /* frames gone with an old ring */
	uint64_t iterations; /* iterations completed */
};

static void m7_line_body(struct tb_vq *t)
{
	struct m7_line_res *r = tb_container_of(t, struct m7_line_res, t);
	struct sim_rng rng = rng_of(t);
	struct virtio_mmio_device *vm = t->vm;

	t->num[0] = t->num[1] = 64;
	if (tb_vq_init(t))
		return;
	mem_tap_add(t->e->mem, m7_line_tap, NULL);
	for (unsigned it = 0; it < 40; it++) {
		bool seen[M7_LINE_FRAMES] = { false };
		uint32_t seq0 = t->seq_tx, len;
		unsigned got, k;
		struct tb_frame *f;

		m7_nreads = 0;
		tb_vq_post_rx(t, &rng, 1000, 1);
		for (k = 0; k < M7_LINE_FRAMES; k++)
			tb_vq_send(t, &rng, 600 + 100 * k,
				   (unsigned)sim_rng_range(&rng, 1, 2));
		sim_wait_cycles(t->e->sim, sim_rng_range(&rng, 100, 900));
		if (!tb_vq_check(t, virtio_mmio_reset_queue(vm, TB_VQ_RX) == 0,
				 "iteration %u: receive queue reset failed",
				 it))
			return;
		got = m7_line_collect(t, vm->vqs[TB_VQ_RX], seq0, seen);
		if (tb_vq_ring_replace(t, TB_VQ_RX, 64))
			return;
		for (k = 0; k < M7_LINE_FRAMES; k++)
			tb_vq_post_rx(t, &rng, 1000, 1);
		/* every transmit buffer comes back; then the frames settle */
		for (k = 0; k < M7_LINE_FRAMES; k++) {
			f = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG);
			if (!tb_vq_check(t, f,
					 "iteration %u: transmit buffer "
					 "%u did not come back",
					 it, k))
				return;
			/* sent means read: a transmit chain given back unread
			 * was taken for something else */
			len = (uint32_t)m7_line_read_bytes(f->addr, f->len);
			if (!tb_vq_check(t, len == f->len,
					 "iteration %u: frame %u's transmit "
					 "buffer came back with %u of its %u "
					 "bytes read",
					 it, f->seq, len, f->len))
				return;
			tb_vq_free_frame(t, f);
		}
		sim_wait_cycles(t->e->sim, 3000);
		got += m7_line_collect(t, t->vq[TB_VQ_RX], seq0, seen);
		/* frames written into the old ring but not yet published when
		 * it stopped are gone with it */
		r->lost += M7_LINE_FRAMES - got;
		/* receive buffers left over go with the next reset */
		t->seq_rx = t->seq_tx;
		r->iterations++;
	}
}

START_TEST(test_m7_receive_queue_reset_never_hands_over_the_chain_behind)
{
	struct m7_line_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, m7_line_body, NULL);
	ck_assert_msg(r.iterations == 40, "%llu of 40 iterations completed",
		      (unsigned long long)r.iterations);
	tb_vq_done(&r.t);
}
END_TEST

/* net: frames the loopback cannot carry are dropped, and the chains still
 * complete: a transmit chain shorter than the header, one longer than the
 * frame buffer (65 descriptors, 2 GiB over one area, the shape of QEMU's
 * large_tx test, never read), a receive buffer too small for the frame. */
struct drops_res {
	struct tb_vq t;	   /* the harness; the body gets &res->t */
	bool long_done;	   /* the 65-descriptor chain back, used.len 0 */
	uint16_t rx_used;  /* receive used idx after the two drops */
	bool fit_intact;   /* the next frame intact in the posted buffer */
	bool too_big_len0; /* a buffer too small back with used.len 0 */
	bool last_intact;  /* the frame after that intact */
};

static void drops_body(struct tb_vq *t)
{
	struct drops_res *r = tb_container_of(t, struct drops_res, t);
	struct sim_rng rng = rng_of(t);
	struct scatterlist sg[65];
	struct tb_frame *f;
	uint64_t big;
	uint32_t len = 1;

	if (tb_vq_init(t))
		return;
	tb_vq_post_rx(t, &rng, 2048, 1);
	tb_vq_send(t, &rng, 8, 1); /* seq 0: a runt */
	f = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG);
	if (!tb_vq_check(t, f && len == 0, "runt: no tx completion"))
		return;
	tb_vq_free_frame(t, f);
	big = tb_vq_alloc(t, 32u << 20, 4096);
	sg_init_table(sg, 65);
	for (unsigned i = 0; i < 65; i++)
		sg_set_buf(&sg[i], big, 32u << 20);
	t->vq[TB_VQ_TX]->indirect = VRING_INDIRECT_NEVER;
	virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, 65, &len);
	virtqueue_kick(t->vq[TB_VQ_TX]);
	len = 1;
	r->long_done = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG) ==
			       (void *)&len &&
		       len == 0;
	t->vq[TB_VQ_TX]->indirect = VRING_INDIRECT_AUTO;
	r->rx_used = used_idx(t, TB_VQ_RX); /* nothing received so far */
	/* seq 1 fits the 2048-byte buffer still posted */
	tb_vq_send(t, &rng, 1000, 2);
	t->seq_rx = 1;
	r->fit_intact = tb_vq_recv_one(t, LONG);
	/* seq 2 is too big for a 100-byte buffer: used.len 0 */
	tb_vq_post_rx(t, &rng, 100, 1);
	tb_vq_send(t, &rng, 500, 1);
	f = tb_vq_wait_buf(t, t->vq[TB_VQ_RX], &len, LONG);
	r->too_big_len0 = f && len == 0;
	if (f)
		tb_vq_free_frame(t, f);
	/* seq 3 goes through */
	tb_vq_post_rx(t, &rng, 600, 1);
	tb_vq_send(t, &rng, 500, 1);
	t->seq_rx = 3;
	r->last_intact = tb_vq_recv_one(t, LONG);
	dma_pool_free(t->pool, big);
}

START_TEST(test_net_frames_it_cannot_carry_are_dropped_and_chains_complete)
{
	struct drops_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, drops_body, NULL);
	ck_assert_uint_eq(r.long_done, 1);
	ck_assert_uint_eq(r.rx_used, 0);
	ck_assert_uint_eq(r.fit_intact, 1);
	ck_assert_uint_eq(r.too_big_len0, 1);
	ck_assert_uint_eq(r.last_intact, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* 2.7.8: used elements go to the used ring in the order chains complete,
 * not the order they were made available. The loopback completes a runt
 * (a transmit chain shorter than the header, never read) as soon as it
 * takes it, while the 2000-byte frame before it (1 to 4 pieces) may
 * still be read from slow memory: whether it is depends on whether the
 * runt's walk reaches the memory before the frame's last read does (every
 * round at 64 bits; a third to a half of them at 128 and 256, where the
 * frame moves faster), so of OOO_ROUNDS rounds at least one must have the
 * runt's element first on the transmit used ring (an engine that completes
 * in order never has); in every round the
 * frame comes back whole and both elements are used. With EVENT_IDX
 * negotiated and without it, the driver model checks every interrupt and
 * used index against the elements (Q8, Q9, Q12). */
#define OOO_ROUNDS 16
struct ooo_res {
	struct tb_vq t;	      /* the harness; the body gets &res->t */
	unsigned rounds;      /* rounds run */
	unsigned runt_first;  /* rounds whose runt came back first */
	unsigned frame_whole; /* rounds whose frame came back whole */
};

static void ooo_body(struct tb_vq *t)
{
	struct ooo_res *r = tb_container_of(t, struct ooo_res, t);
	struct sim_rng rng = rng_of(t);
	struct axi_mem_cfg *mc = axi_mem_cfg(t->e->axim);

	for (unsigned k = 0; k < OOO_ROUNDS; k++) {
		struct tb_frame *f;
		uint32_t len, frame_seq;

		t->features = k & 1 ? ~(1ull << VIRTIO_RING_F_EVENT_IDX) : 0;
		if (tb_vq_init(t))
			return;
		mc->rd_lat_min = mc->rd_lat_max = 60;
		tb_vq_post_rx(t, &rng, 2048, 1);
		frame_seq = t->seq_tx;
		tb_vq_send(t, &rng, 2000, 1 + k % 4);
		tb_vq_send(t, &rng, (uint32_t)sim_rng_range(&rng, 1, 11), 1);
		f = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG);
		if (!tb_vq_check(t, f, "no transmit buffer came back"))
			return;
		r->runt_first += f->seq == frame_seq + 1 && len == 0;
		tb_vq_free_frame(t, f);
		/* the frame: back on the receive queue, its transmit buffer
		 * on the transmit queue */
		t->seq_rx = frame_seq;
		r->frame_whole += tb_vq_recv_one(t, LONG);
		/* the two queues' used indices move independently: the frame's
		 * transmit element may land after its receive element */
		if (used_idx(t, TB_VQ_TX) != 2) {
			f = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG);
			if (f)
				tb_vq_free_frame(t, f);
		}
		if (!tb_vq_check(t, used_idx(t, TB_VQ_TX) == 2,
				 "transmit used idx %u after both, want 2",
				 used_idx(t, TB_VQ_TX)))
			return;
		mc->rd_lat_min = mc->rd_lat_max = 0;
		r->rounds++;
	}
}

START_TEST(test_q7_used_elements_in_completion_order_runt_before_frame)
{
	struct ooo_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	r.t.cfg.random = false; /* the latency is the test's */
	tb_vq_run(&r.t, ooo_body, NULL);
	printf("the runt's used element first in %u of %u rounds\n",
	       r.runt_first, r.rounds);
	fflush(stdout);
	ck_assert_uint_eq(r.rounds, OOO_ROUNDS);
	ck_assert_msg(r.runt_first >= 1,
		      "the runt's used element came first in %u of %u rounds",
		      r.runt_first, OOO_ROUNDS);
	ck_assert_uint_eq(r.frame_whole, OOO_ROUNDS);
	tb_vq_done(&r.t);
}
END_TEST

/* net: QEMU's basic rx/tx test (tests/qtest/virtio-net-test.c) on the
 * loopback: a 64-byte receive buffer in one descriptor, posted first, then
 * one 64-byte frame in one descriptor whose payload starts with "TEST" and
 * whose header the driver filled with non-zero junk. The frame comes back
 * byte for byte behind a fresh header (5.1.6.4: flags 0, gso NONE, every
 * other field 0, num_buffers 1), used.len 64 on receive and 0 on transmit,
 * each token back on its queue, and the device interrupts. */
#define BASIC_LEN 64u
struct basic_res {
	struct tb_vq t;	      /* the harness; the body gets &res->t */
	int add_rx, add_tx;   /* virtqueue_add_inbuf(), _outbuf() */
	bool tx_token;	      /* the transmit token came back */
	uint32_t tx_used_len; /* its used.len */
	bool rx_token;	      /* the receive token came back */
	uint32_t rx_used_len; /* its used.len */
	struct {
		uint8_t flags, gso_type;
		uint16_t hdr_len, gso_size, csum_start, csum_offset;
		uint16_t num_buffers;
	} hdr;		    /* the receive header, field by field */
	unsigned intact_to; /* first byte not as sent (BASIC_LEN: none) */
	uint64_t irqs;	    /* interrupt edges by the frame's return */
	bool says_test;	    /* the payload starts with "TEST" */
};

static void basic_body(struct tb_vq *t)
{
	struct basic_res *r = tb_container_of(t, struct basic_res, t);
	struct tb_frame rx = { 0 }, tx = { 0 }, *f;
	uint8_t sent[BASIC_LEN], got[BASIC_LEN];
	struct scatterlist sg;
	uint64_t edges;
	uint32_t len = ~0u;
	unsigned last;

	if (tb_vq_init(t))
		return;
	edges = irq_mon_edges(t->e->irq);
	rx.len = tx.len = BASIC_LEN;
	rx.addr = tb_vq_alloc(t, BASIC_LEN, 16);
	tx.addr = tb_vq_alloc(t, BASIC_LEN, 16);
	mem_fill(t->e->mem, rx.addr, 0xee, BASIC_LEN);
	sg_init_one(&sg, rx.addr, BASIC_LEN);
	r->add_rx = virtqueue_add_inbuf(t->vq[TB_VQ_RX], &sg, 1, &rx);
	virtqueue_kick(t->vq[TB_VQ_RX]);
	for (unsigned k = 0; k < BASIC_LEN; k++)
		sent[k] = (uint8_t)(k < TB_VQ_NET_HDR ? 0x80 + k : k * 7 + 3);
	memcpy(sent + TB_VQ_NET_HDR, "TEST", 4);
	mem_write(t->e->mem, tx.addr, sent, BASIC_LEN);
	sg_init_one(&sg, tx.addr, BASIC_LEN);
	r->add_tx = virtqueue_add_outbuf(t->vq[TB_VQ_TX], &sg, 1, &tx);
	virtqueue_kick(t->vq[TB_VQ_TX]);

	f = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG);
	r->tx_token = f == &tx;
	r->tx_used_len = len;
	/* The receive buffer, seen used before the driver takes it: its
	 * used_event (EVENT_IDX) or flags still ask for an interrupt, so one
	 * follows the used index (2.7.7.2) unless the transmit one is still
	 * up. Taking the buffer first would let the device, which reads
	 * used_event after writing the index, rightly send none. */
	last = virtqueue_enable_cb_prepare(t->vq[TB_VQ_RX]);
	for (unsigned k = 0;
	     k < LONG / 20 && !virtqueue_poll(t->vq[TB_VQ_RX], last); k++)
		sim_wait_cycles(t->e->sim, 20);
	for (unsigned k = 0; k < 100 && irq_mon_edges(t->e->irq) == edges; k++)
		sim_wait_cycles(t->e->sim, 20);
	r->irqs = irq_mon_edges(t->e->irq) - edges;
	len = ~0u;
	f = tb_vq_wait_buf(t, t->vq[TB_VQ_RX], &len, LONG);
	r->rx_token = f == &rx;
	r->rx_used_len = len;
	mem_read(t->e->mem, rx.addr, got, BASIC_LEN);
	/* the header, field by field (5.1.6) */
	r->hdr.flags = got[0];
	r->hdr.gso_type = got[1];
	r->hdr.hdr_len = got[2] | got[3] << 8;
	r->hdr.gso_size = got[4] | got[5] << 8;
	r->hdr.csum_start = got[6] | got[7] << 8;
	r->hdr.csum_offset = got[8] | got[9] << 8;
	r->hdr.num_buffers = got[10] | got[11] << 8;
	/* and the frame, byte by byte */
	r->intact_to = BASIC_LEN;
	for (unsigned k = TB_VQ_NET_HDR; k < BASIC_LEN; k++)
		if (got[k] != sent[k]) {
			tb_vq_fail(t, "byte %u: 0x%02x, sent 0x%02x", k, got[k],
				   sent[k]);
			r->intact_to = k;
			break;
		}
	r->says_test = !memcmp(got + TB_VQ_NET_HDR, "TEST", 4);
	dma_pool_free(t->pool, rx.addr);
	dma_pool_free(t->pool, tx.addr);
}

START_TEST(test_net_one_frame_out_and_back_in_single_descriptors_qemu_basic)
{
	struct basic_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, basic_body, NULL);
	ck_assert_int_eq(r.add_rx, 0);
	ck_assert_int_eq(r.add_tx, 0);
	ck_assert_uint_eq(r.tx_token, 1);
	ck_assert_uint_eq(r.tx_used_len, 0); /* nothing written into it */
	ck_assert_uint_eq(r.rx_token, 1);
	ck_assert_uint_eq(r.rx_used_len, BASIC_LEN); /* the whole frame */
	ck_assert_uint_eq(r.hdr.flags, 0);
	ck_assert_uint_eq(r.hdr.gso_type, 0); /* VIRTIO_NET_HDR_GSO_NONE */
	ck_assert_uint_eq(r.hdr.hdr_len, 0);
	ck_assert_uint_eq(r.hdr.gso_size, 0);
	ck_assert_uint_eq(r.hdr.csum_start, 0);
	ck_assert_uint_eq(r.hdr.csum_offset, 0);
	ck_assert_uint_eq(r.hdr.num_buffers, 1); /* no MRG_RXBUF */
	ck_assert_uint_eq(r.intact_to, BASIC_LEN);
	ck_assert_uint_eq(r.says_test, 1);
	ck_assert_uint_gt(r.irqs, 0); /* used-buffer interrupt */
	tb_vq_done(&r.t);
}
END_TEST

/* Chains of 2^32 bytes or more (2.7.5.2: the driver must not make them;
 * Q13) are malformed input: the device answers with DEVICE_NEEDS_RESET and
 * the configuration interrupt (2.1.2, table E), reads and writes none of
 * their data, delivers nothing, makes no DMA afterwards, and works again
 * after a reset. The byte totals it keeps are 32 bits wide: a sum that
 * wrapped around would look like a short chain (a 100-byte frame, a
 * 2048-byte receive buffer), and the limit is on the readable and writable
 * parts together. QEMU's large_tx test (65 descriptors of UINT_MAX / 64
 * bytes over one area) is the first shape; with one byte less in total the
 * chain is legal and just completes. Buffers past the pool have an area of
 * their own (the memory is sparse: nothing is allocated for them). */
#define BIG_DESC_LEN (UINT32_MAX / 64) /* QEMU large_tx/uint_max */
#define BIG_AREA 0x1000000000ull       /* 64 GiB: a 4 GiB buffer of its own */

enum big_shape {
	BIG_QEMU_PLAIN, /* 65 x UINT_MAX/64 in the ring */
	BIG_QEMU_TABLE, /* the same in one indirect table */
	BIG_WRAP_SHORT, /* plain + table, 2^32 + 100 bytes */
	BIG_RX,		/* writable, 2^32 + 2048 bytes */
	BIG_RX_MIXED,	/* 2^31 readable + 2^31 + 2048 writable, in a table */
	BIG_LEGAL_2_32_M1, /* 65 descriptors, 2^32 - 1 bytes: legal */
};

struct big_watch {
	uint64_t base[2], len[2]; /* the chain's data areas */
	unsigned n;
	uint64_t rd, wr; /* bus accesses to them */
};

static void big_tap(void *ctx, const struct mem_access *a)
{
	struct big_watch *w = ctx;

	for (unsigned i = 0; i < w->n; i++)
		if (a->addr < w->base[i] + w->len[i] &&
		    w->base[i] < a->addr + a->len) {
			if (a->write)
				w->wr++;
			else
				w->rd++;
		}
}

static enum big_shape cur_big;

/* A chain of 2^32 bytes or more, which the driver refuses: written raw. */
struct big_raw {
	struct vring_raw r;	       /* the queue taken over */
	unsigned q;		       /* its index */
	struct vring_raw_piece pc[65]; /* the pieces, opened to the device */
	unsigned n;
	uint64_t table;	    /* its indirect table, 0: none */
	uint16_t used_idx0; /* used->idx when it was made available */
};

/* Open or close (MEM_NONE) the raw chain's buffers and table. */
static void big_raw_open(struct tb_vq *t, const struct big_raw *b, bool open)
{
	for (unsigned i = 0; i < b->n; i++)
		if (b->pc[i].len)
			mem_region_set(t->e->mem, b->pc[i].addr, b->pc[i].len,
				       !open		? MEM_NONE
				       : b->pc[i].write ? MEM_W
							: MEM_R,
				       "raw buffer");
	if (b->table)
		mem_region_set(t->e->mem, b->table, VRING_DESC_SIZE * b->n,
			       open ? MEM_R : MEM_NONE, "raw table");
}

/* Write the malformed chain of sg[0..n-1] raw into queue q, the first
 * nplain pieces in ring descriptors, the others in an indirect table
 * (nplain < n); the first `readable` pieces are device-readable. The
 * checker judges it as it would the driver's (one "virtio.driver"
 * report, 2.7.5.2); then it is made available. */
static void big_post_raw(struct tb_vq *t, struct big_raw *b, unsigned q,
			 const struct scatterlist *sg, unsigned n,
			 unsigned nplain, unsigned readable)
{
	struct virtqueue *vq = t->vq[q];
	struct vring_raw_shape shape = { .nplain = nplain };
	unsigned head = vq->free_head;

	b->q = q;
	b->n = n;
	for (unsigned i = 0; i < n; i++)
		b->pc[i] = (struct vring_raw_piece){ sg[i].addr, sg[i].len,
						     i >= readable };
	if (nplain < n)
		b->table = shape.table =
			tb_vq_alloc(t, VRING_DESC_SIZE * (n - nplain), 16);
	big_raw_open(t, b, true);
	vring_raw_take(&b->r, t->e->mem, vq);
	vring_raw_chain(t->e->mem, vq, head, b->pc, n, &shape);
	vring_check_chain(vq, head);
	vring_raw_add(&b->r, (uint16_t)head);
	vring_raw_publish(&b->r, b->r.avail_idx);
	b->used_idx0 = used_idx(t, q);
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_NOTIFY, q, 0xf);
}

/* Make the chain of cur_big available (and kick): 0 or the add error;
 * *buf: the DMA buffer allocated for it. The legal chain goes through the
 * driver, the others through big_post_raw(). */
static int big_post(struct tb_vq *t, struct big_watch *w, void *token,
		    uint64_t *buf, struct big_raw *b)
{
	bool rx = cur_big == BIG_RX || cur_big == BIG_RX_MIXED;
	unsigned q = rx ? TB_VQ_RX : TB_VQ_TX;
	struct virtqueue *vq = t->vq[q];
	struct scatterlist sg[65];
	unsigned n = 65;
	uint64_t a;
	int r;

	switch (cur_big) {
	case BIG_WRAP_SHORT:
		/* a real 100-byte frame first: read alone, it would pass */
		a = tb_vq_alloc(t, 101, 16);
		tb_vq_fill_frame(t, a, 101, t->seq_tx);
		n = 3;
		sg_init_table(sg, n);
		sg_set_buf(&sg[0], a, 100);
		sg_set_buf(&sg[1], BIG_AREA, UINT32_MAX);
		sg_set_buf(&sg[2], a + 100, 1);
		*w = (struct big_watch){ { a, BIG_AREA },
					 { 101, UINT32_MAX },
					 2 };
		break;
	case BIG_RX:
		/* wrapped, 2048 bytes: room for the frame sent */
		a = tb_vq_alloc(t, 0x801, 16);
		mem_fill(t->e->mem, a, 0xee, 0x801);
		n = 2;
		sg_init_table(sg, n);
		sg_set_buf(&sg[0], BIG_AREA, UINT32_MAX);
		sg_set_buf(&sg[1], a, 0x801);
		*w = (struct big_watch){ { a, BIG_AREA },
					 { 0x801, UINT32_MAX },
					 2 };
		break;
	case BIG_RX_MIXED:
		/* each part below 2^32, their sum not: the writable part, 2^31 +
		 * 2048 bytes, has room for the frame sent */
		a = tb_vq_alloc(t, 0x801, 16);
		mem_fill(t->e->mem, a, 0xee, 0x801);
		n = 3;
		sg_init_table(sg, n);
		sg_set_buf(&sg[0], BIG_AREA, 0x80000000u);
		sg_set_buf(&sg[1], BIG_AREA + 0x80000000u, 0x7fffffffu);
		sg_set_buf(&sg[2], a, 0x801);
		*w = (struct big_watch){ { a, BIG_AREA },
					 { 0x801, UINT32_MAX },
					 2 };
		break;
	default:
		a = tb_vq_alloc(t, BIG_DESC_LEN, 4096);
		sg_init_table(sg, n);
		for (unsigned i = 0; i < n; i++)
			sg_set_buf(&sg[i], a, BIG_DESC_LEN);
		if (cur_big == BIG_LEGAL_2_32_M1)
			sg[64].len = UINT32_MAX - 64 * BIG_DESC_LEN;
		*w = (struct big_watch){ { a }, { BIG_DESC_LEN }, 1 };
		break;
	}
	if (!a)
		return -ENOMEM;
	*buf = a;
	switch (cur_big) {
	case BIG_LEGAL_2_32_M1:
		vq->indirect = VRING_INDIRECT_NEVER;
		r = virtqueue_add_outbuf(vq, sg, n, token);
		vq->indirect = VRING_INDIRECT_AUTO;
		if (!r)
			virtqueue_kick(vq);
		return r;
	case BIG_QEMU_PLAIN: big_post_raw(t, b, q, sg, n, n, n); break;
	case BIG_QEMU_TABLE: big_post_raw(t, b, q, sg, n, 0, n); break;
	case BIG_WRAP_SHORT: big_post_raw(t, b, q, sg, n, 1, n); break;
	case BIG_RX: big_post_raw(t, b, q, sg, n, n, 0); break;
	default: big_post_raw(t, b, q, sg, n, 0, 1); break;
	}
	return 0;
}

struct big_res {
	struct tb_vq t;	       /* the harness; the body gets &res->t */
	int post;	       /* big_post(): 0 or the add error */
	uint64_t buf;	       /* the DMA buffer of the chain */
	unsigned intact_warm;  /* warm-up frames intact */
	uint16_t rx_used_warm; /* receive used idx after them */
	uint64_t data_reads;   /* bus reads of the chain's data */
	uint64_t data_writes;  /* bus writes of the chain's data */
	unsigned intact_end;   /* frames intact at the end */
	uint32_t status;       /* Status after the chain (or the next frame) */
	/* a legal chain (2^32 - 1 bytes) */
	bool token_back;      /* its token came back */
	uint32_t tx_used_len; /* its used.len */
	uint16_t rx_used;     /* receive used idx after it */
	bool next_intact;     /* the next frame intact */
	/* a chain of 2^32 bytes or more */
	uint32_t isr;	       /* InterruptStatus once NEEDS_RESET */
	bool irq_level;	       /* interrupt line then */
	uint64_t dma_after;    /* DMA once what was in flight finished */
	uint64_t delivered;    /* receive used idx moved by since warm-up */
	bool rx_empty;	       /* no receive buffer came back */
	bool chain_held;       /* the chain itself never completed */
	uint32_t status_reset; /* Status after a reset and more frames */
};

static void big_body(struct tb_vq *t)
{
	struct big_res *r = tb_container_of(t, struct big_res, t);
	struct sim_rng rng = rng_of(t);
	struct big_watch w = { 0 };
	struct big_raw b = { 0 };
	uint64_t dma0;
	uint32_t len = 1, isr = 0;
	unsigned i;
	bool rx = cur_big == BIG_RX || cur_big == BIG_RX_MIXED;
	int token;

	if (tb_vq_init(t))
		return;
	/* a few good frames first: the engine is warm */
	r->intact_warm = tb_vq_loop(t, &rng, 2, TB_VQ_NET_HDR, 300, 2, 2);
	r->rx_used_warm = used_idx(t, TB_VQ_RX);
	/* the last transmit buffers may come back after their frames */
	while (t->vq[TB_VQ_TX]->outstanding) {
		struct tb_frame *f =
			tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len, LONG);

		if (!tb_vq_check(t, f, "warm-up transmit buffer not back"))
			return;
		tb_vq_free_frame(t, f);
	}
	if (!rx)
		tb_vq_post_rx(t, &rng, 2048, 1); /* poisoned */
	mem_tap_add(t->e->mem, big_tap, &w);
	r->post = big_post(t, &w, &token, &r->buf, &b);
	if (r->post)
		return;
	if (rx)
		tb_vq_send(t, &rng, 1000, 1);
	if (cur_big == BIG_LEGAL_2_32_M1) {
		/* too long for the loopback: dropped unread, used.len 0 */
		r->token_back = tb_vq_wait_buf(t, t->vq[TB_VQ_TX], &len,
					       LONG) == (void *)&token;
		r->tx_used_len = len;
		r->rx_used = used_idx(t, TB_VQ_RX);
		/* the next frame takes the receive buffer posted */
		tb_vq_send(t, &rng, 1000, 2);
		r->next_intact = tb_vq_recv_one(t, LONG);
		r->status = tb_vq_status(t);
		r->data_reads = w.rd;
		r->data_writes = w.wr;
		mem_tap_remove(t->e->mem, big_tap, &w);
		r->intact_end =
			tb_vq_loop(t, &rng, 4, TB_VQ_NET_HDR, 1526, 3, 4);
		dma_pool_free(t->pool, r->buf);
		return;
	}
	for (i = 0;
	     i < 20000 && !(tb_vq_status(t) & VIRTIO_CONFIG_S_NEEDS_RESET); i++)
		sim_wait_cycles(t->e->sim, 10);
	r->status = tb_vq_status(t);
	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &isr);
	r->isr = isr;
	sim_wait_cycles(t->e->sim, 20);
	r->irq_level = irq_mon_level(t->e->irq);
	/* no DMA from here on, once what was in flight has finished (a
	 * frame already being read finishes inside its buffer) */
	for (i = 0, dma0 = ~0ull; i < 100 && dma0 != tb_vq_dma_count(t); i++) {
		dma0 = tb_vq_dma_count(t);
		sim_wait_cycles(t->e->sim, 200);
	}
	dma0 = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, 3000);
	r->dma_after = tb_vq_dma_count(t) - dma0;
	/* nothing delivered, no byte of the chain's data touched */
	r->delivered = used_idx(t, TB_VQ_RX) - r->rx_used_warm;
	r->rx_empty = !virtqueue_get_buf(t->vq[TB_VQ_RX], &len);
	/* the malformed chain itself is never completed */
	r->chain_held = used_idx(t, b.q) == b.used_idx0;
	r->data_reads = w.rd;
	r->data_writes = w.wr;
	mem_tap_remove(t->e->mem, big_tap, &w);
	/* a reset brings it back (the broken chain goes with the rings) */
	if (tb_vq_init(t))
		return;
	big_raw_open(t, &b, false);
	if (b.table)
		dma_pool_free(t->pool, b.table);
	dma_pool_free(t->pool, r->buf);
	r->intact_end = tb_vq_loop(t, &rng, 4, TB_VQ_NET_HDR, 1526, 3, 4);
	r->status_reset = tb_vq_status(t);
}

static void run_big(int i, enum big_shape shape)
{
	struct big_res r = { 0 };

	cur_big = shape;
	tb_vq_cfg(i, &r.t);
	tb_vq_run(&r.t, big_body,
		  shape == BIG_LEGAL_2_32_M1 ? NULL : "virtio.driver");
	ck_assert_int_eq(r.post, 0);
	ck_assert_uint_eq(r.intact_warm, 2);
	ck_assert_msg(r.data_reads == 0 && r.data_writes == 0,
		      "%llu reads, %llu writes of the chain's data",
		      (unsigned long long)r.data_reads,
		      (unsigned long long)r.data_writes);
	ck_assert_uint_eq(r.intact_end, 4);
	if (shape == BIG_LEGAL_2_32_M1) {
		ck_assert_uint_eq(r.token_back, 1);  /* completed, */
		ck_assert_uint_eq(r.tx_used_len, 0); /* used.len 0 */
		/* nothing received */
		ck_assert_uint_eq(r.rx_used, r.rx_used_warm);
		ck_assert_uint_eq(r.next_intact, 1);
		ck_assert_uint_eq(r.status & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
		ck_assert_uint_eq(
			sim_report_count_id(r.t.e->sim, "virtio.driver"), 0);
	} else {
		/* the checker reported the driver rule the chain breaks */
		ck_assert_uint_eq(
			sim_report_count_id(r.t.e->sim, "virtio.driver"), 1);
		ck_assert_msg(r.status & VIRTIO_CONFIG_S_NEEDS_RESET,
			      "status 0x%llx: NEEDS_RESET not set",
			      (unsigned long long)r.status);
		ck_assert_msg(r.isr & VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG,
			      "InterruptStatus 0x%llx: no config change",
			      (unsigned long long)r.isr);
		ck_assert_uint_eq(r.irq_level, 1);
		ck_assert_msg(r.dma_after == 0,
			      "%llu DMA transactions after NEEDS_RESET",
			      (unsigned long long)r.dma_after);
		ck_assert_uint_eq(r.delivered, 0); /* no frame delivered */
		ck_assert_uint_eq(r.rx_empty, 1);
		ck_assert_uint_eq(r.chain_held, 1);
		ck_assert_uint_eq(r.status_reset & VIRTIO_CONFIG_S_NEEDS_RESET,
				  0);
	}
	tb_vq_done(&r.t);
}

START_TEST(test_e_chain_of_2_32_bytes_or_more_qemu_large_tx_needs_reset)
{
	run_big(_i, BIG_QEMU_PLAIN);
}
END_TEST

START_TEST(test_e_chain_of_2_32_bytes_or_more_in_indirect_table_needs_reset)
{
	run_big(_i, BIG_QEMU_TABLE);
}
END_TEST

START_TEST(test_e_chain_total_wrapping_to_a_short_frame_needs_reset)
{
	run_big(_i, BIG_WRAP_SHORT);
}
END_TEST

START_TEST(test_e_receive_chain_of_2_32_bytes_or_more_needs_reset)
{
	run_big(_i, BIG_RX);
}
END_TEST

START_TEST(test_e_readable_and_writable_parts_of_2_32_bytes_or_more_needs_reset)
{
	run_big(_i, BIG_RX_MIXED);
}
END_TEST

START_TEST(test_net_chain_of_2_32_minus_1_bytes_dropped_unread_and_completes)
{
	run_big(_i, BIG_LEGAL_2_32_M1);
}
END_TEST

static void test_vq_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_net_loopback_frames_intact_and_in_order, 120);
	tb_add_seeded(r, test_net_config_mac_and_link_up, 60);
	tb_add_seeded(
		r,
		test_net_one_frame_out_and_back_in_single_descriptors_qemu_basic,
		60);
	tb_add_seeded(
		r,
		test_net_chain_of_2_32_minus_1_bytes_dropped_unread_and_completes,
		60);
	tb_add_seeded(
		r, test_e_chain_of_2_32_bytes_or_more_qemu_large_tx_needs_reset,
		60);
	tb_add_seeded(
		r,
		test_e_chain_of_2_32_bytes_or_more_in_indirect_table_needs_reset,
		60);
	tb_add_seeded(r,
		      test_e_chain_total_wrapping_to_a_short_frame_needs_reset,
		      60);
	tb_add_seeded(r, test_e_receive_chain_of_2_32_bytes_or_more_needs_reset,
		      60);
	tb_add_seeded(
		r,
		test_e_readable_and_writable_parts_of_2_32_bytes_or_more_needs_reset,
		60);
	tb_add_seeded(
		r,
		test_net_frames_it_cannot_carry_are_dropped_and_chains_complete,
		60);
	tb_add_seeded(
		r, test_q7_used_elements_in_completion_order_runt_before_frame,
		60);
	tb_add_seeded(r, test_q1_rings_at_minimum_alignment_above_4g, 60);
	tb_add_seeded(r, test_q2_queue_sizes_1_to_32768, 120);
	tb_add(r, test_q2_indices_wrap_after_65536_completions, 600);
	tb_add_seeded(r, test_q3_frames_split_down_to_1_byte_pieces, 60);
	tb_add_seeded(r, test_q3_chains_longer_than_the_segment_queue, 60);
	tb_add_seeded(r, test_q5_q6_plain_then_indirect_and_shuffled_tables,
		      60);
	tb_add_seeded(r, test_q7_used_len_counts_only_bytes_written, 60);
	tb_add_seeded(r, test_q8_avail_no_interrupt_suppresses_interrupts, 60);
	tb_add_seeded(
		r, test_q9_event_idx_interrupts_exactly_when_used_event_crossed,
		60);
	tb_add_seeded(r,
		      test_q10_avail_event_names_next_entry_and_used_flags_zero,
		      60);
	tb_add_seeded(r, test_q11_spurious_notifications_are_harmless, 60);
	tb_add_seeded(
		r, test_q12_used_idx_never_before_its_elements_under_reordering,
		120);
	tb_add_seeded(r, test_s2_reset_during_traffic_then_no_dma, 60);
	tb_add_seeded(r, test_s4_no_buffer_used_before_driver_ok, 60);
	tb_add_seeded(r, test_m4_no_dma_for_a_queue_that_is_not_ready, 60);
	tb_add_seeded(r, test_m7_queue_reset_while_the_other_queue_runs, 60);
	tb_add_seeded(
		r,
		test_m7_transmit_queue_reset_mid_frame_never_delivers_padding,
		120);
	tb_add_seeded(
		r,
		test_m7_transmit_queue_reset_waits_for_the_used_element_write,
		120);
	tb_add_seeded(
		r,
		test_m7_receive_queue_reset_never_hands_over_the_chain_behind,
		120);
	tb_add_seeded(r, test_m7_receive_queue_reset_at_any_point_of_a_frame,
		      120);
}

TB_TESTS(test_vq_register)
