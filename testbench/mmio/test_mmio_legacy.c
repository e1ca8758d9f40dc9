/* SPDX-License-Identifier: MIT */
/*
 * test_mmio_legacy.c - the register block built as a legacy virtio-mmio
 * device (LEGACY=1) against CONFORMANCE.md section L, driven by the driver
 * model's legacy path.
 */
#include <errno.h>
#include <stdlib.h>

#include "tb_vio_mmio.h"
#include "virtio_mmio_regs.h"

static void l1_body(struct tb_mmio *t)
{
	unsigned k = 0;
	static const unsigned absent[] = {
		VIRTIO_MMIO_QUEUE_READY,      VIRTIO_MMIO_QUEUE_DESC_LOW,
		VIRTIO_MMIO_QUEUE_DESC_HIGH,  VIRTIO_MMIO_QUEUE_AVAIL_LOW,
		VIRTIO_MMIO_QUEUE_AVAIL_HIGH, VIRTIO_MMIO_QUEUE_USED_LOW,
		VIRTIO_MMIO_QUEUE_USED_HIGH,  VIRTIO_MMIO_CONFIG_GENERATION,
	};
	unsigned i;

	t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_VERSION);
	/* registers version 1 lacks read 0 and ignore writes */
	for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		tb_mmio_wr(t, absent[i], 0x1234);
		t->v[k++] = tb_mmio_rd(t, absent[i]);
	}
	/* QueuePFN is read/write and per queue */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 16);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_ALIGN, 4096);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_PFN, 0x123);
	t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_PFN, 0); /* 0 stops the queue */
	t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	t->v[k++] = tb_mmio_rd(t, CTRL_STATE) & 1; /* queue 0 ready bit */
}

START_TEST(test_l1_legacy_registers_exist_and_v2_ones_do_not)
{
	struct tb_mmio t = { 0 };
	int k;

	tb_mmio_run(_i, &t, l1_body, NULL);
	ck_assert_uint_eq(t.v[0], VIRTIO_MMIO_VERSION_LEGACY);
	ck_assert_uint_eq(t.vm->version, 1);
	for (k = 1; k <= 8; k++)
		ck_assert_msg(t.v[k] == 0, "absent register %d read 0x%x", k,
			      t.v[k]);
	ck_assert_uint_eq(t.v[9], 0x123);
	ck_assert_uint_eq(t.v[10], 0);
	ck_assert_uint_eq(t.v[11], 0);
	ck_assert_uint_eq(t.v[12], 0);
	tb_mmio_done(&t);
}
END_TEST

static void l2_body(struct tb_mmio *t)
{
	struct virtio_mmio_device *vm = t->vm;
	uint64_t desc = 0x200000, avail = desc + 16 * 256;
	uint64_t used = (avail + 6 + 2 * 256 + 4095) & ~4095ull;
	unsigned i;

	t->r[7] = tb_mmio_init(t, 0); /* legacy: no FEATURES_OK (L3) */
	t->r[0] = virtio_mmio_setup_queue(vm, 1, 256, desc, avail, used);
	tb_mmio_wr(t, CTRL_Q_SEL, 1);
	t->v[0] = tb_mmio_rd(t, CTRL_Q_SIZE);
	t->v[1] = tb_mmio_rd(t, CTRL_Q_DESC_LO);
	t->v[2] = tb_mmio_rd(t, CTRL_Q_AVAIL_LO);
	t->v[3] = tb_mmio_rd(t, CTRL_Q_USED_LO);
	t->v[4] = (tb_mmio_rd(t, CTRL_STATE) >> 1) & 1; /* queue 1 ready */
	/* a smaller QueueAlign moves the used ring (raw, per queue) */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 16);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_ALIGN, 64);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_PFN, 0x300); /* desc at 0x300000 */
	tb_mmio_wr(t, CTRL_Q_SEL, 0);
	t->v[5] = tb_mmio_rd(t, CTRL_Q_AVAIL_LO);
	t->v[6] = tb_mmio_rd(t, CTRL_Q_USED_LO);
	/* reset zeroes every QueuePFN (L2) */
	virtio_reset_device(&vm->vdev);
	for (i = 0; i < TB_NUM_QUEUES; i++) {
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, i);
		t->v[7 + i] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	}
	/* and a layout that is not the legacy one is refused by the model */
	sim_report_expect(t->e->sim, "virtio.driver");
	t->r[1] = virtio_mmio_setup_queue(vm, 1, 256, desc, avail + 8, used);
}

START_TEST(test_l2_legacy_layout_from_the_pfn_and_reset_zeroes_it)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, l2_body, NULL);
	ck_assert_int_eq(t.r[0], 0);
	ck_assert_uint_eq(t.v[0], 256);
	ck_assert_uint_eq(t.v[1], 0x200000);
	ck_assert_uint_eq(t.v[2], 0x200000 + 16 * 256);
	ck_assert_uint_eq(t.v[3], 0x202000); /* 0x201000 + 518 up to 4 KiB */
	ck_assert_uint_eq(t.v[4], 1);
	ck_assert_uint_eq(t.v[5], 0x300000 + 16 * 16);
	ck_assert_uint_eq(t.v[6], 0x300140); /* 0x300100 + 38 up to 64 */
	ck_assert_uint_eq(t.v[7], 0);
	ck_assert_uint_eq(t.v[8], 0);
	ck_assert_int_eq(t.r[1], -EINVAL);
	ck_assert_uint_eq(sim_report_count_id(t.e->sim, "virtio.driver"), 1);
	tb_mmio_done(&t);
}
END_TEST

static void l3_body(struct tb_mmio *t)
{
	struct virtio_device *vdev = &t->vm->vdev;
	unsigned sel;

	for (sel = 0; sel < 2; sel++) {
		tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, sel);
		t->v[sel] = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	}
	/* config is writable before negotiation */
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_cwrite8(vdev, 3, 0x5a);
	t->v[2] = tb_mmio_rd(t, CTRL_CFG_RAM);
	t->v[3] = virtio_cread8(vdev, 3);
	/* the legacy flow: no FEATURES_OK, straight to DRIVER_OK */
	t->r[7] = tb_mmio_init(
		t,
		1ull << VIRTIO_F_ANY_LAYOUT); /* legacy: no FEATURES_OK (L3) */
	t->v[4] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	t->v[5] = tb_mmio_rd(t, CTRL_DRV_FEAT_LO);
}

START_TEST(test_l3_any_layout_offered_and_no_features_ok_step)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, l3_body, NULL);
	ck_assert(t.v[0] & (1u << VIRTIO_F_ANY_LAYOUT));
	ck_assert_uint_eq(t.v[1] & 1, 0); /* no VERSION_1 */
	ck_assert_uint_eq(t.v[2] >> 24, 0x5a);
	ck_assert_uint_eq(t.v[3], 0x5a);
	ck_assert_int_eq(t.r[7], 0);
	ck_assert_uint_eq(t.v[4], 7); /* ACK | DRIVER | DRIVER_OK */
	ck_assert_uint_eq(t.v[5], 1u << VIRTIO_F_ANY_LAYOUT);
	tb_mmio_done(&t);
}
END_TEST

static void legacy_m1_body(struct tb_mmio *t)
{
	t->v[0] = tb_mmio_rd(t, VIRTIO_MMIO_MAGIC_VALUE);
	t->v[1] = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_ID);
}

START_TEST(test_m1_legacy_magic_and_device_id)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, legacy_m1_body, NULL);
	ck_assert_uint_eq(t.v[0], VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(t.v[1], TB_DEVICE_ID);
	tb_mmio_done(&t);
}
END_TEST

static void test_mmio_legacy_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_m1_legacy_magic_and_device_id, 0);
	tb_add_seeded(r, test_l1_legacy_registers_exist_and_v2_ones_do_not, 0);
	tb_add_seeded(r, test_l2_legacy_layout_from_the_pfn_and_reset_zeroes_it,
		      0);
	tb_add_seeded(r, test_l3_any_layout_offered_and_no_features_ok_step, 0);
}

TB_TESTS(test_mmio_legacy_register)
