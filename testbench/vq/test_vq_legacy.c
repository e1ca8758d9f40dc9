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
static void legacy_loopback_body(struct tb_vq *t)
{
	struct sim_rng rng = rng_of(t);
	struct virtqueue *rx;

	if (tb_vq_init(t))
		return;
	rx = t->vq[TB_VQ_RX];
	t->v[1] = t->vm->version;
	t->v[2] = t->vm->vdev.features;
	t->v[3] = t->hdr;
	/* 2.7.2: used ring at the first QueueAlign (4096) boundary after the
	 * avail ring, in the same block as the descriptors */
	t->v[4] = (rx->used & 4095) == 0 && rx->avail > rx->desc &&
		  rx->used > rx->avail && rx->used - rx->desc < 3 * 4096;
	t->v[0] = tb_vq_loop(t, &rng, 120, 10 + 1, 1514 + 10, 4, 8);
}

START_TEST(test_legacy_net_loopback_frames_intact_and_in_order)
{
	struct tb_vq t = { 0 };

	tb_vq_cfg(_i, &t);
	tb_vq_run(&t, legacy_loopback_body, NULL);
	ck_assert_uint_eq(t.v[1], 1);
	ck_assert_uint_eq(t.v[2] >> VIRTIO_F_VERSION_1 & 1, 0);
	ck_assert_uint_eq(t.v[3], 10);
	ck_assert_uint_eq(t.v[4], 1);
	ck_assert_uint_eq(t.v[0], 120);
	tb_vq_done(&t);
}
END_TEST

/* Indirect tables and EVENT_IDX are legacy features too (bits 28, 29):
 * frames in 1-byte pieces through indirect tables, then with indirect
 * descriptors forbidden, in rings of 16 entries that wrap many times. */
static void legacy_features_body(struct tb_vq *t)
{
	struct sim_rng rng = rng_of(t);

	t->num[0] = t->num[1] = 16;
	if (tb_vq_init(t))
		return;
	t->v[1] = t->vq[TB_VQ_TX]->has_indirect;
	t->v[2] = t->vq[TB_VQ_RX]->event;
	t->v[0] = tb_vq_loop(t, &rng, 60, 10, 80, 16, 4);
	t->vq[TB_VQ_TX]->indirect = VRING_INDIRECT_NEVER;
	t->vq[TB_VQ_RX]->indirect = VRING_INDIRECT_NEVER;
	t->v[0] += tb_vq_loop(t, &rng, 60, 10, 300, 3, 4);
}

START_TEST(test_legacy_indirect_and_event_idx_over_wrapping_rings)
{
	struct tb_vq t = { 0 };

	tb_vq_cfg(_i, &t);
	tb_vq_run(&t, legacy_features_body, NULL);
	ck_assert_uint_eq(t.v[1], 1);
	ck_assert_uint_eq(t.v[2], 1);
	ck_assert_uint_eq(t.v[0], 120);
	tb_vq_done(&t);
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
