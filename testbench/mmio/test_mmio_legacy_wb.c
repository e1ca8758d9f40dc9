/* SPDX-License-Identifier: MIT */
/*
 * test_mmio_legacy_wb.c - white-box tests of the register block built as a
 * legacy device (tb_vio_mmio, LEGACY=1), CONFORMANCE.md section L: what it
 * exports to the ring engine and the device function, read through the
 * test-control block. The contract tests are in test_mmio_legacy.c.
 */
#include "tb_vio_mmio.h"
#include "virtio_mmio_regs.h"

/* What l2 read: queue 1 set up the legacy way, queue 0 by raw writes with
 * QueueAlign 64, each as the ring engine is given it. */
struct l2_res {
	struct tb_mmio t; /* the harness; the body gets &res->t */
	int setup;	  /* tb_mmio_setup_vq() of queue 1 */
	/* what the ring engine is given for queue 1 */
	uint32_t q1_size;     /* queue size */
	uint32_t q1_desc_lo;  /* descriptor table address, 31:0 */
	uint32_t q1_avail_lo; /* driver area address, 31:0 */
	uint32_t q1_used_lo;  /* device area address, 31:0 */
	uint32_t q1_ready;    /* CTRL_STATE bit 1 */
	/* and for queue 0 */
	uint32_t q0_avail_lo;	   /* driver area address, 31:0 */
	uint32_t q0_used_lo;	   /* device area address, 31:0 */
	uint32_t q0_ready_stopped; /* CTRL_STATE bit 0 after QueuePFN 0 */
};

static void l2_body(struct tb_mmio *t)
{
	struct l2_res *r = tb_container_of(t, struct l2_res, t);
	struct vring_placement p = tb_mmio_rings_at(t, 256, 0x200000);

	tb_mmio_init(t, 0); /* legacy: no FEATURES_OK (L3) */
	r->setup = tb_mmio_setup_vq(t, 1, 256, &p);
	tb_mmio_wr(t, CTRL_Q_SEL, 1);
	r->q1_size = tb_mmio_rd(t, CTRL_Q_SIZE);
	r->q1_desc_lo = tb_mmio_rd(t, CTRL_Q_DESC_LO);
	r->q1_avail_lo = tb_mmio_rd(t, CTRL_Q_AVAIL_LO);
	r->q1_used_lo = tb_mmio_rd(t, CTRL_Q_USED_LO);
	r->q1_ready = (tb_mmio_rd(t, CTRL_STATE) >> 1) & 1;
	/* a smaller QueueAlign moves the used ring (raw, per queue) */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 16);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_ALIGN, 64);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_PFN, 0x300); /* desc at 0x300000 */
	tb_mmio_wr(t, CTRL_Q_SEL, 0);
	r->q0_avail_lo = tb_mmio_rd(t, CTRL_Q_AVAIL_LO);
	r->q0_used_lo = tb_mmio_rd(t, CTRL_Q_USED_LO);
	/* QueuePFN 0 stops the queue at the ring engine */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_PFN, 0);
	r->q0_ready_stopped = tb_mmio_rd(t, CTRL_STATE) & 1;
}

START_TEST(test_l2_legacy_layout_exported_from_the_pfn_and_align)
{
	struct l2_res r = { 0 };

	tb_mmio_run(_i, &r.t, l2_body, NULL);
	ck_assert_int_eq(r.setup, 0);
	ck_assert_uint_eq(r.q1_size, 256);
	ck_assert_uint_eq(r.q1_desc_lo, 0x200000);
	ck_assert_uint_eq(r.q1_avail_lo, 0x200000 + 16 * 256);
	ck_assert_uint_eq(r.q1_used_lo,
			  0x202000); /* 0x201000 + 518 up to 4 KiB */
	ck_assert_uint_eq(r.q1_ready, 1);
	ck_assert_uint_eq(r.q0_avail_lo, 0x300000 + 16 * 16);
	ck_assert_uint_eq(r.q0_used_lo, 0x300140); /* 0x300100 + 38 up to 64 */
	ck_assert_uint_eq(r.q0_ready_stopped, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What l3 saw at the device side of the legacy flow. */
struct l3_res {
	struct tb_mmio t;	  /* the harness; the body gets &res->t */
	uint32_t device_word_0;	  /* config bytes 0..3 at the device function */
	uint32_t cfg8_3;	  /* virtio_cread8() of byte 3 */
	uint32_t drv_features_lo; /* driver features at the device, 31:0 */
};

static void l3_body(struct tb_mmio *t)
{
	struct l3_res *r = tb_container_of(t, struct l3_res, t);
	struct virtio_device *vdev = &t->vm->vdev;

	/* config is writable before negotiation */
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_cwrite8(vdev, 3, 0x5a);
	r->device_word_0 = tb_mmio_rd(t, CTRL_CFG_RAM);
	r->cfg8_3 = virtio_cread8(vdev, 3);
	/* the legacy flow: the features reach the device at DRIVER_OK */
	tb_mmio_init(t, 1ull << VIRTIO_F_ANY_LAYOUT);
	r->drv_features_lo = tb_mmio_rd(t, CTRL_DRV_FEAT_LO);
}

START_TEST(test_l3_config_and_features_reach_the_device_function)
{
	struct l3_res r = { 0 };

	tb_mmio_run(_i, &r.t, l3_body, NULL);
	ck_assert_uint_eq(r.device_word_0 >> 24, 0x5a);
	ck_assert_uint_eq(r.cfg8_3, 0x5a);
	ck_assert_uint_eq(r.drv_features_lo, 1u << VIRTIO_F_ANY_LAYOUT);
	tb_mmio_done(&r.t);
}
END_TEST

static void test_mmio_legacy_wb_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_l2_legacy_layout_exported_from_the_pfn_and_align,
		      0);
	tb_add_seeded(r, test_l3_config_and_features_reach_the_device_function,
		      0);
}

TB_TESTS(test_mmio_legacy_wb_register)
