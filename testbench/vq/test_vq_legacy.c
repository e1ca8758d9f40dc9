/* SPDX-License-Identifier: MIT */
/*
 * test_vq_legacy.c - the ring engine behind a legacy virtio-mmio device
 * (Version 1, virtio 1.2 section 4.2.4): the driver gives each queue one
 * page-aligned block through QueuePFN (desc, avail, then used at the next
 * QueueAlign boundary, 2.7.2), negotiates 32 feature bits without
 * VERSION_1, and the net header has no num_buffers (10 bytes, 5.1.6).
 * Every run: random memory latency and back-pressure, protocol checkers,
 * DMA memory no-access except the rings and posted buffers.
 */
#include "tb_vq.h"
#include "virtio_mmio_regs.h"
#include "virtio_ring.h"

#define LONG 400000 /* cycles to wait for one frame */

static struct sim_rng rng_of(struct tb_vq *t)
{
	return sim_rng(t->e->sim, "test");
}

/* Frames of every size up to a full Ethernet frame, split in up to four
 * pieces, come back intact and in order with a 10-byte header. */
struct legacy_loopback_res {
	struct tb_vq t;	   /* the harness; the body gets &res->t */
	unsigned version;  /* the transport's Version register */
	uint64_t features; /* negotiated */
	unsigned hdr;	   /* virtio_net_hdr bytes in use */
	bool used_placed;  /* used ring where 2.7.2 puts it */
	unsigned intact;   /* frames that came back intact, in order */
};

static void legacy_loopback_body(struct tb_vq *t)
{
	struct legacy_loopback_res *r =
		tb_container_of(t, struct legacy_loopback_res, t);
	struct sim_rng rng = rng_of(t);
	struct virtqueue *rx;

	if (tb_vq_init(t))
		return;
	rx = t->vq[TB_VQ_RX];
	r->version = t->vm->version;
	r->features = t->vm->vdev.features;
	r->hdr = t->hdr;
	/* 2.7.2: used ring at the first QueueAlign (4096) boundary after the
	 * avail ring, in the same block as the descriptors */
	r->used_placed = (rx->used & 4095) == 0 && rx->avail > rx->desc &&
			 rx->used > rx->avail && rx->used - rx->desc < 3 * 4096;
	r->intact = tb_vq_loop(t, &rng, 120, 10 + 1, 1514 + 10, 4, 8);
}

START_TEST(test_legacy_net_loopback_frames_intact_and_in_order)
{
	struct legacy_loopback_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, legacy_loopback_body, NULL);
	ck_assert_uint_eq(r.version, 1);
	ck_assert_uint_eq(r.features >> VIRTIO_F_VERSION_1 & 1, 0);
	ck_assert_uint_eq(r.hdr, 10);
	ck_assert_uint_eq(r.used_placed, 1);
	ck_assert_uint_eq(r.intact, 120);
	tb_vq_done(&r.t);
}
END_TEST

/* Indirect tables and EVENT_IDX are legacy features too (bits 28, 29):
 * frames in 1-byte pieces through indirect tables, then with indirect
 * descriptors forbidden, in rings of 16 entries that wrap many times. */
struct legacy_features_res {
	struct tb_vq t;	   /* the harness; the body gets &res->t */
	bool tx_indirect;  /* INDIRECT_DESC negotiated (transmit queue) */
	bool rx_event_idx; /* EVENT_IDX negotiated (receive queue) */
	unsigned intact;   /* frames that came back intact, both phases */
};

static void legacy_features_body(struct tb_vq *t)
{
	struct legacy_features_res *r =
		tb_container_of(t, struct legacy_features_res, t);
	struct sim_rng rng = rng_of(t);

	t->num[0] = t->num[1] = 16;
	if (tb_vq_init(t))
		return;
	r->tx_indirect = t->vq[TB_VQ_TX]->has_indirect;
	r->rx_event_idx = t->vq[TB_VQ_RX]->event;
	r->intact = tb_vq_loop(t, &rng, 60, 10, 80, 16, 4);
	t->vq[TB_VQ_TX]->indirect = VRING_INDIRECT_NEVER;
	t->vq[TB_VQ_RX]->indirect = VRING_INDIRECT_NEVER;
	r->intact += tb_vq_loop(t, &rng, 60, 10, 300, 3, 4);
}

START_TEST(test_legacy_indirect_and_event_idx_over_wrapping_rings)
{
	struct legacy_features_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, legacy_features_body, NULL);
	ck_assert_uint_eq(r.tx_indirect, 1);
	ck_assert_uint_eq(r.rx_event_idx, 1);
	ck_assert_uint_eq(r.intact, 120);
	tb_vq_done(&r.t);
}
END_TEST

static void test_vq_legacy_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_legacy_net_loopback_frames_intact_and_in_order,
		      120);
	tb_add_seeded(r, test_legacy_indirect_and_event_idx_over_wrapping_rings,
		      120);
}

TB_TESTS(test_vq_legacy_register)
