/* SPDX-License-Identifier: MIT */
/*
 * test_mmio.c - the virtio-mmio register block (version 2) against
 * CONFORMANCE.md sections S and M, driven by the driver model's transport
 * under random AXI4-Lite back-pressure with the protocol checker on.
 * Test names cite the conformance ID they check.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tb_vio_mmio.h"
#include "virtio_mmio_regs.h"

#define OFFERED                                                        \
	(TB_DEV_FEATURES | (1ull << VIRTIO_F_INDIRECT_DESC) |          \
	 (1ull << VIRTIO_F_EVENT_IDX) | (1ull << VIRTIO_F_VERSION_1) | \
	 (1ull << VIRTIO_F_ACCESS_PLATFORM) |                          \
	 (1ull << VIRTIO_F_ORDER_PLATFORM) | (1ull << VIRTIO_F_RING_RESET))

/* -------------------------------------------------------------- M: map */

static void m1_body(struct tb_mmio *t)
{
	t->v[0] = tb_mmio_rd(t, VIRTIO_MMIO_MAGIC_VALUE);
	t->v[1] = tb_mmio_rd(t, VIRTIO_MMIO_VERSION);
	t->v[2] = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_ID);
	t->v[3] = tb_mmio_rd(t, VIRTIO_MMIO_VENDOR_ID);
}

START_TEST(test_m1_magic_version_and_ids)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m1_body, NULL);
	ck_assert_uint_eq(t.v[0], VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(t.v[1], VIRTIO_MMIO_VERSION_MODERN);
	ck_assert_uint_eq(t.v[2], TB_DEVICE_ID);
	ck_assert_uint_eq(t.v[3], TB_VENDOR_ID);
	ck_assert_uint_eq(t.vm->version, 2);
	tb_mmio_done(&t);
}
END_TEST

static void features_body(struct tb_mmio *t)
{
	unsigned sel;

	for (sel = 0; sel < 4; sel++) {
		tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, sel);
		t->v[sel] = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	}
}

START_TEST(test_m2_device_features_word_select)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, features_body, NULL);
	ck_assert_uint_eq(t.v[0], (uint32_t)OFFERED);
	ck_assert_uint_eq(t.v[1], (uint32_t)(OFFERED >> 32));
	ck_assert_uint_eq(t.v[2], 0);
	ck_assert_uint_eq(t.v[3], 0);
	tb_mmio_done(&t);
}
END_TEST

START_TEST(test_s10_version_1_offered)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, features_body, NULL);
	ck_assert_uint_eq(t.v[1] & 1, 1); /* bit 32 */
	tb_mmio_done(&t);
}
END_TEST

START_TEST(test_s8_no_reserved_or_transport_unsupported_bits)
{
	struct tb_mmio t = { 0 };
	uint64_t f;
	/* device-type bits 0..23 and 50..63; the transport bits defined for
	 * virtio-mmio; never SR_IOV, NOTIF_CONFIG_DATA, ADMIN_VQ (PCI only) */
	uint64_t allowed =
		0xffffffull | (0x3fffull << 50) |
		(1ull << VIRTIO_F_INDIRECT_DESC) |
		(1ull << VIRTIO_F_EVENT_IDX) | (1ull << VIRTIO_F_VERSION_1) |
		(1ull << VIRTIO_F_ACCESS_PLATFORM) |
		(1ull << VIRTIO_F_RING_PACKED) | (1ull << VIRTIO_F_IN_ORDER) |
		(1ull << VIRTIO_F_ORDER_PLATFORM) |
		(1ull << VIRTIO_F_NOTIFICATION_DATA) |
		(1ull << VIRTIO_F_RING_RESET);

	tb_mmio_run(_i, &t, features_body, NULL);
	f = t.v[0] | (uint64_t)t.v[1] << 32;
	ck_assert_uint_eq(f & ~allowed, 0);
	ck_assert_uint_eq(f & (1ull << VIRTIO_F_SR_IOV), 0);
	ck_assert_uint_eq(f & (1ull << VIRTIO_F_NOTIF_CONFIG_DATA), 0);
	ck_assert_uint_eq(f & (1ull << VIRTIO_F_ADMIN_VQ), 0);
	ck_assert_uint_eq(t.v[2] | t.v[3], 0); /* selectors 2 and 3 */
	/* hardware: ACCESS_PLATFORM and ORDER_PLATFORM */
	ck_assert(f & (1ull << VIRTIO_F_ACCESS_PLATFORM));
	ck_assert(f & (1ull << VIRTIO_F_ORDER_PLATFORM));
	tb_mmio_done(&t);
}
END_TEST

START_TEST(test_s7_offered_features_carry_their_dependencies)
{
	/* bit -> bit it needs: the fixture's device dependency, and the
	 * transport's (2.2.2: never offer a feature without its needs) */
	static const unsigned deps[][2] = { { 5, 0 } };
	struct tb_mmio t = { 0 };
	uint64_t f;
	unsigned i;

	tb_mmio_run(_i, &t, features_body, NULL);
	f = t.v[0] | (uint64_t)t.v[1] << 32;
	for (i = 0; i < sizeof(deps) / sizeof(deps[0]); i++)
		if (f & (1ull << deps[i][0]))
			ck_assert_msg(f & (1ull << deps[i][1]),
				      "bit %u offered without bit %u",
				      deps[i][0], deps[i][1]);
	tb_mmio_done(&t);
}
END_TEST

static void shm_body(struct tb_mmio *t)
{
	unsigned sel, k = 0;

	for (sel = 0; sel < 3; sel++) {
		tb_mmio_wr(t, VIRTIO_MMIO_SHM_SEL, sel * 7);
		t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_SHM_LEN_LOW);
		t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_SHM_LEN_HIGH);
		t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_SHM_BASE_LOW);
		t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_SHM_BASE_HIGH);
	}
}

START_TEST(test_m8_shm_registers_read_all_ones)
{
	struct tb_mmio t = { 0 };
	int k;

	tb_mmio_run(_i, &t, shm_body, NULL);
	for (k = 0; k < 12; k++)
		ck_assert_uint_eq(t.v[k], 0xffffffffu);
	tb_mmio_done(&t);
}
END_TEST

/* --------------------------------------------------- S: status, reset */

static void s5_body(struct tb_mmio *t)
{
	struct virtio_device *vdev = &t->vm->vdev;

	virtio_reset_device(vdev);
	t->v[0] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	t->v[1] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	t->v[2] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_get_features(vdev);
	vdev->features = 1ull << VIRTIO_F_VERSION_1;
	t->r[0] = virtio_features_ok(vdev);
	t->v[3] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_device_ready(vdev);
	t->v[4] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	t->v[5] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

START_TEST(test_s5_status_reads_back_each_step)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s5_body, NULL);
	ck_assert_uint_eq(t.v[0], 0);
	ck_assert_uint_eq(t.v[1], 1);
	ck_assert_uint_eq(t.v[2], 3);
	ck_assert_int_eq(t.r[0], 0);
	ck_assert_uint_eq(t.v[3], 11);
	ck_assert_uint_eq(t.v[4], 15);
	ck_assert_uint_eq(t.v[5], 0x8f); /* FAILED is stored */
	tb_mmio_done(&t);
}
END_TEST

/* S1: Linux's vm_reset and U-Boot write Status = 0 and go straight on.
 * With the fake engine slow to drain, the next accesses (U-Boot's probe
 * selects the high feature word and reads it) must wait for the reset and
 * then act on the reset device: none is lost, none sees old state. */
static void s1_body(struct tb_mmio *t)
{
	sim_t *sim = t->e->sim;
	uint64_t c0;

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_wr(t, CTRL_IDLE_DELAY, 40); /* the fake engine drains slowly */
	t->v[0] = tb_mmio_rd(t, CTRL_RESETS);
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	c0 = sim_cycles(sim);
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	t->v[1] = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES); /* VERSION_1 */
	t->v[2] = (uint32_t)(sim_cycles(sim) - c0);
	t->v[3] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	t->v[4] = tb_mmio_rd(t, CTRL_RESETS);
	/* a reset while Status already reads 0 still completes */
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 0);
	t->v[5] = tb_mmio_rd(t, CTRL_RESETS);
	/* the driver model: Linux's way (no poll), then the polling one */
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	t->r[0] = virtio_reset_device(&t->vm->vdev);
	t->v[6] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	t->hw.reset_poll = true;
	t->r[1] = virtio_reset_device(&t->vm->vdev);
	t->v[7] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	t->v[8] = tb_mmio_rd(t, CTRL_RESETS);
}

START_TEST(test_s1_access_after_status_zero_waits_for_the_reset)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s1_body, NULL);
	ck_assert_msg(
		t.v[1] & 1,
		"DeviceFeatures[63:32] right after Status = 0 reads 0x%x: "
		"the DeviceFeaturesSel write was lost (no VERSION_1)",
		t.v[1]);
	ck_assert_msg(t.v[2] >= 40,
		      "the accesses after Status = 0 took %u cycles: they did "
		      "not wait for the 40-cycle drain",
		      t.v[2]);
	ck_assert_uint_eq(t.v[3], 0);
	ck_assert_uint_eq(t.v[4], t.v[0] + 1);
	ck_assert_uint_eq(t.v[5], t.v[0] + 2);
	ck_assert_int_eq(t.r[0], 0);
	ck_assert_uint_eq(t.v[6], 0);
	ck_assert_int_eq(t.r[1], 0);
	ck_assert_uint_eq(t.v[7], 0);
	ck_assert_uint_eq(t.v[8], t.v[0] + 6); /* and two inits */
	tb_mmio_done(&t);
}
END_TEST

static void s3_body(struct tb_mmio *t)
{
	struct virtio_mmio_device *vm = t->vm;
	unsigned q, k = 0;

	tb_mmio_init(t, (1ull << VIRTIO_F_VERSION_1) |
				(1ull << VIRTIO_F_RING_RESET));
	for (q = 0; q < TB_NUM_QUEUES; q++)
		virtio_mmio_setup_queue(vm, q, 256, 0x10000 * (q + 1),
					0x10000 * (q + 1) + 0x1000,
					0x10000 * (q + 1) + 0x2000);
	tb_mmio_event(t, CTRL_EV_USED_IRQ | CTRL_EV_CFG_CHANGE);
	t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS); /* 3 */
	virtio_reset_device(&vm->vdev);
	t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	for (q = 0; q < TB_NUM_QUEUES; q++) {
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
		t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
		t->v[k++] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	}
	t->v[k++] = irq_mon_level(t->e->irq);
}

START_TEST(test_s3_reset_clears_interrupts_and_every_queue)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s3_body, NULL);
	ck_assert_uint_eq(t.v[0], 3);
	ck_assert_uint_eq(t.v[1], 0);
	ck_assert_uint_eq(t.v[2] | t.v[3] | t.v[4] | t.v[5], 0);
	ck_assert_uint_eq(t.v[6], 0); /* irq low */
	tb_mmio_done(&t);
}
END_TEST

static void s2_body(struct tb_mmio *t)
{
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_event(t, CTRL_EV_USED_IRQ);
	t->v[0] = irq_mon_wait(t->e->irq, 100) == 0;
	virtio_reset_device(&t->vm->vdev);
	tb_mmio_sync(t); /* the Status write, posted when pipelined */
	sim_wait_cycles(t->e->sim, 2);
	t->v[1] = irq_mon_level(t->e->irq);
	t->v[2] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	/* a used-buffer event after the reset, before re-initialisation,
	 * must not raise a notification (2.4.1) */
	tb_mmio_event(t, CTRL_EV_USED_IRQ);
	sim_wait_cycles(t->e->sim, 20);
	t->v[3] = (uint32_t)irq_mon_edges(t->e->irq);
}

START_TEST(test_s2_no_notification_after_reset)
{
	struct tb_mmio t = { 0 };
	struct axi_check_stats st;

	tb_mmio_run(_i, &t, s2_body, NULL);
	ck_assert_uint_eq(t.v[0], 1);
	ck_assert_uint_eq(t.v[1], 0);
	ck_assert_uint_eq(t.v[2], 0);
	ck_assert_uint_eq(t.v[3], 1); /* only the one before the reset */
	axi_check_stats(t.e->axi_chk, &st);
	ck_assert_uint_eq(st.ar + st.aw, 0); /* no DMA at all */
	tb_mmio_done(&t);
}
END_TEST

static void s6_body(struct tb_mmio *t)
{
	/* before DRIVER_OK: the bit, but no notification */
	virtio_reset_device(&t->vm->vdev);
	virtio_add_status(&t->vm->vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	tb_mmio_event(t, CTRL_EV_NEEDS_RESET);
	t->v[0] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	t->v[1] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	/* after DRIVER_OK: the bit and a configuration-change interrupt */
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_event(t, CTRL_EV_NEEDS_RESET);
	t->v[2] = irq_mon_wait(t->e->irq, 100) == 0;
	t->v[3] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	t->v[4] = virtio_mmio_interrupt(t->vm);
	/* the driver setting status cannot clear the device's bit */
	t->v[5] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

START_TEST(test_s6_needs_reset_sets_bit_and_config_interrupt)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s6_body, NULL);
	ck_assert_uint_eq(t.v[0], 0x41);
	ck_assert_uint_eq(t.v[1], 0);
	ck_assert_uint_eq(t.v[2], 1);
	ck_assert_uint_eq(t.v[3], 0x4f);
	ck_assert_uint_eq(t.v[4], VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	ck_assert_uint_eq(t.config_changed, 1);
	ck_assert_uint_eq(t.v[5] & 0x40, 0x40);
	tb_mmio_done(&t);
}
END_TEST

/* Set FEATURES_OK by raw writes with the given driver features and return
 * the status read back. */
static uint32_t try_features(struct tb_mmio *t, uint64_t f)
{
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 0);
	while (tb_mmio_rd(t, VIRTIO_MMIO_STATUS))
		;
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 3);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 11);
	return tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

static void s9_body(struct tb_mmio *t)
{
	uint64_t v1 = 1ull << VIRTIO_F_VERSION_1;

	t->v[0] = try_features(t, v1);			 /* minimal */
	t->v[1] = try_features(t, OFFERED);		 /* everything */
	t->v[2] = try_features(t, v1 | 1 | (1ull << 5)); /* dependency met */
	t->v[3] = try_features(t, v1 | (1ull << 1));	 /* not offered */
	t->v[4] = try_features(t, 1);			 /* no VERSION_1 */
	t->v[5] = try_features(t, v1 | (1ull << 5));	 /* 5 without 0 */
	t->v[6] = try_features(t, v1 | (1ull << 63));	 /* high unoffered */
	/* accepted features reach the device side */
	try_features(t, v1 | (1ull << VIRTIO_F_EVENT_IDX));
	t->v[7] = tb_mmio_rd(t, CTRL_DRV_FEAT_LO);
	t->v[8] = tb_mmio_rd(t, CTRL_DRV_FEAT_HI);
}

START_TEST(test_s9_features_ok_only_for_valid_subsets)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s9_body, NULL);
	ck_assert_uint_eq(t.v[0], 11);
	ck_assert_uint_eq(t.v[1], 11);
	ck_assert_uint_eq(t.v[2], 11);
	ck_assert_uint_eq(t.v[3], 3);
	ck_assert_uint_eq(t.v[4], 3);
	ck_assert_uint_eq(t.v[5], 3);
	ck_assert_uint_eq(t.v[6], 3);
	ck_assert_uint_eq(t.v[7], 1u << VIRTIO_F_EVENT_IDX);
	ck_assert_uint_eq(t.v[8], 1);
	tb_mmio_done(&t);
}
END_TEST

static void fill_config(struct tb_mmio *t)
{
	unsigned i;

	for (i = 0; i < TB_CFG_SIZE; i += 4)
		tb_mmio_wr(t, CTRL_CFG_RAM + i,
			   0x03020100u +
				   0x04040404u * (i / 4)); /* byte i = i */
}

static void s11_body(struct tb_mmio *t)
{
	struct virtio_device *vdev = &t->vm->vdev;

	fill_config(t);
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	t->v[0] = virtio_cread32(vdev, 8);
	t->v[1] = virtio_cread8(vdev, 13);
}

START_TEST(test_s11_config_readable_before_features_ok)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s11_body, NULL);
	ck_assert_uint_eq(t.v[0], 0x0b0a0908);
	ck_assert_uint_eq(t.v[1], 13);
	tb_mmio_done(&t);
}
END_TEST

static void s12_body(struct tb_mmio *t)
{
	struct virtio_device *vdev = &t->vm->vdev;
	uint32_t g0, g1, g2, lo, hi;
	uint64_t v;

	fill_config(t);
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	/* stable: the generation does not move without a change */
	g0 = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG_GENERATION);
	lo = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG + 16);
	hi = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG + 20);
	g1 = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG_GENERATION);
	t->v[0] = g0 == g1;
	/* a change between the two halves of a 64-bit field */
	lo = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG + 16);
	tb_mmio_wr(t, CTRL_CFG_RAM + 16, 0xaaaaaaaa);
	tb_mmio_wr(t, CTRL_CFG_RAM + 20, 0xbbbbbbbb);
	tb_mmio_event(t, CTRL_EV_CFG_CHANGE);
	hi = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG + 20);
	g2 = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG_GENERATION);
	t->v[1] = g2 != g1;
	t->v[2] = lo;
	t->v[3] = hi;
	/* the model's generation loop returns a consistent value */
	v = virtio_cread64(vdev, 16);
	t->v[4] = (uint32_t)v;
	t->v[5] = (uint32_t)(v >> 32);
	virtio_mmio_interrupt(t->vm);
}

START_TEST(test_s12_generation_changes_with_the_config)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s12_body, NULL);
	ck_assert_uint_eq(t.v[0], 1);
	ck_assert_uint_eq(t.v[1], 1);
	ck_assert_uint_eq(t.v[2], 0x13121110); /* the torn read */
	ck_assert_uint_eq(t.v[3], 0xbbbbbbbb);
	ck_assert_uint_eq(t.v[4], 0xaaaaaaaa);
	ck_assert_uint_eq(t.v[5], 0xbbbbbbbb);
	tb_mmio_done(&t);
}
END_TEST

static void s13_body(struct tb_mmio *t)
{
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	t->v[0] = irq_mon_level(t->e->irq);
	tb_mmio_event(t, CTRL_EV_CFG_CHANGE);
	t->v[1] = irq_mon_wait(t->e->irq, 100) == 0;
	t->v[2] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	t->v[3] = virtio_mmio_interrupt(t->vm);
	tb_mmio_sync(t); /* its InterruptACK write, posted when pipelined */
	sim_wait_cycles(t->e->sim, 2);
	t->v[4] = irq_mon_level(t->e->irq);
}

START_TEST(test_s13_config_change_raises_an_interrupt)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s13_body, NULL);
	ck_assert_uint_eq(t.v[0], 0);
	ck_assert_uint_eq(t.v[1], 1);
	ck_assert_uint_eq(t.v[2], VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	ck_assert_uint_eq(t.v[3], VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	ck_assert_uint_eq(t.config_changed, 1);
	ck_assert_uint_eq(t.v[4], 0);
	tb_mmio_done(&t);
}
END_TEST

static void s14_body(struct tb_mmio *t)
{
	struct virtio_device *vdev = &t->vm->vdev;

	virtio_reset_device(vdev);
	/* out of order: DRIVER before ACKNOWLEDGE */
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	/* accepting a feature that was not offered */
	virtio_get_features(vdev);
	vdev->features = (1ull << VIRTIO_F_VERSION_1) | (1ull << 1);
	t->r[0] = virtio_features_ok(vdev); /* and the device refuses */
	/* clearing a status bit */
	vdev->config->set_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	/* DRIVER_OK before FEATURES_OK */
	virtio_reset_device(vdev);
	virtio_add_status(vdev,
			  VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	virtio_device_ready(vdev);
	/* a notification before DRIVER_OK */
	virtio_reset_device(vdev);
	virtio_mmio_notify(t->vm, 0, 0);
	/* status after FAILED without a reset */
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
}

START_TEST(test_s14_driver_model_reports_its_own_rule_breaks)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, s14_body, "virtio.driver");
	ck_assert_int_eq(t.r[0], -ENODEV);
	/* order, unoffered feature, clearing, DRIVER_OK early, notify early,
	 * after FAILED: six rule breaks, each reported */
	ck_assert_uint_eq(sim_report_count_id(t.e->sim, "virtio.driver"), 6);
	tb_mmio_done(&t);
}
END_TEST

/* ------------------------------------------------------ M: interrupts */

static void m3_body(struct tb_mmio *t)
{
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_event(t, CTRL_EV_USED_IRQ);
	tb_mmio_event(t, CTRL_EV_CFG_CHANGE);
	t->v[0] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	t->v[1] = irq_mon_level(t->e->irq);
	tb_mmio_wr(t, VIRTIO_MMIO_INTERRUPT_ACK,
		   VIRTIO_MMIO_INTERRUPT_STATUS_VRING);
	t->v[2] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	sim_wait_cycles(t->e->sim, 2);
	t->v[3] = irq_mon_level(t->e->irq);
	/* a bit for an event that did not happen stays 0, whatever is
	 * acknowledged */
	tb_mmio_wr(t, VIRTIO_MMIO_INTERRUPT_ACK, 0xfffffffc);
	t->v[4] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	tb_mmio_wr(t, VIRTIO_MMIO_INTERRUPT_ACK,
		   VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	t->v[5] = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	sim_wait_cycles(t->e->sim, 2);
	t->v[6] = irq_mon_level(t->e->irq);
}

START_TEST(test_m3_interrupt_bits_persist_until_ack)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m3_body, NULL);
	ck_assert_uint_eq(t.v[0], 3);
	ck_assert_uint_eq(t.v[1], 1);
	ck_assert_uint_eq(t.v[2], 2);
	ck_assert_uint_eq(t.v[3], 1);
	ck_assert_uint_eq(t.v[4], 2);
	ck_assert_uint_eq(t.v[5], 0);
	ck_assert_uint_eq(t.v[6], 0);
	tb_mmio_done(&t);
}
END_TEST

/* ----------------------------------------------------------- M: queues */

static void m5_body(struct tb_mmio *t)
{
	unsigned q;

	for (q = 0; q < 4; q++)
		t->v[q] = virtio_mmio_queue_num_max(t->vm, q);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0xffff);
	t->v[4] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_NUM_MAX);
	t->r[0] = virtio_mmio_setup_queue(t->vm, TB_NUM_QUEUES, 16, 0x1000,
					  0x2000, 0x3000);
}

START_TEST(test_m5_queue_num_max_zero_past_the_last_queue)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m5_body, NULL);
	ck_assert_uint_eq(t.v[0], TB_QUEUE_SIZE_MAX);
	ck_assert_uint_eq(t.v[1], TB_QUEUE_SIZE_MAX);
	ck_assert_uint_eq(t.v[2], 0);
	ck_assert_uint_eq(t.v[3], 0);
	ck_assert_uint_eq(t.v[4], 0);
	ck_assert_int_eq(t.r[0], -ENOENT);
	tb_mmio_done(&t);
}
END_TEST

static void q_view(struct tb_mmio *t, unsigned q, uint32_t *out)
{
	tb_mmio_wr(t, CTRL_Q_SEL, q);
	out[0] = tb_mmio_rd(t, CTRL_Q_SIZE);
	out[1] = tb_mmio_rd(t, CTRL_Q_DESC_LO);
	out[2] = tb_mmio_rd(t, CTRL_Q_DESC_HI);
	out[3] = tb_mmio_rd(t, CTRL_Q_AVAIL_LO);
	out[4] = tb_mmio_rd(t, CTRL_Q_AVAIL_HI);
	out[5] = tb_mmio_rd(t, CTRL_Q_USED_LO);
	out[6] = tb_mmio_rd(t, CTRL_Q_USED_HI);
}

static void m6_body(struct tb_mmio *t)
{
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	/* rings above 4 GiB, each part at its minimum alignment (Q1) */
	t->r[0] = virtio_mmio_setup_queue(t->vm, 1, 64, 0x123400000010ull,
					  0x123400001002ull, 0x123400002004ull);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	t->v[0] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	q_view(t, 1, &t->v[1]); /* v[1..7] */
	t->v[8] = tb_mmio_rd(t, CTRL_STATE);
	t->r[1] = virtio_mmio_del_queue(t->vm, 1);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	t->v[9] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	/* a size that is not a power of two: the queue refuses to start */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 48);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	t->v[10] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 2048); /* above the maximum */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	t->v[11] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

START_TEST(test_m6_queue_ready_reads_back_and_exports_the_queue)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m6_body, NULL);
	ck_assert_int_eq(t.r[0], 0);
	ck_assert_uint_eq(t.v[0], 1);
	ck_assert_uint_eq(t.v[1], 64);
	ck_assert_uint_eq(t.v[2], 0x00000010);
	ck_assert_uint_eq(t.v[3], 0x1234);
	ck_assert_uint_eq(t.v[4], 0x00001002);
	ck_assert_uint_eq(t.v[5], 0x1234);
	ck_assert_uint_eq(t.v[6], 0x00002004);
	ck_assert_uint_eq(t.v[7], 0x1234);
	ck_assert_uint_eq((t.v[8] >> 1) & 1, 1); /* q_ready[1] exported */
	ck_assert_int_eq(t.r[1], 0);
	ck_assert_uint_eq(t.v[9], 0);
	ck_assert_uint_eq(t.v[10], 0);
	ck_assert_uint_eq(t.v[11], 0);
	tb_mmio_done(&t);
}
END_TEST

static void m7_body(struct tb_mmio *t)
{
	struct virtio_mmio_device *vm = t->vm;
	unsigned polls = 0;

	tb_mmio_init(t, (1ull << VIRTIO_F_VERSION_1) |
				(1ull << VIRTIO_F_RING_RESET));
	virtio_mmio_setup_queue(vm, 0, 256, 0x10000, 0x11000, 0x12000);
	virtio_mmio_setup_queue(vm, 1, 256, 0x20000, 0x21000, 0x22000);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	t->v[0] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET); /* 0 after enable */
	/* reset queue 0 alone; the fake engine takes 30 cycles */
	tb_mmio_wr(t, CTRL_IDLE_DELAY, 30);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_RESET, 1);
	t->v[1] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET); /* ongoing: 1 */
	t->v[2] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	while (tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET) && ++polls < 1000)
		;
	t->v[3] = polls;
	t->v[4] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	t->v[5] =
		tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY); /* the other one runs */
	/* re-enable queue 0 with another size and other addresses */
	t->r[0] = virtio_mmio_setup_queue(vm, 0, 64, 0x30000, 0x31000, 0x32000);
	q_view(t, 0, &t->v[6]); /* v[6..12] */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	t->v[13] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	/* and through the model */
	t->r[1] = virtio_mmio_reset_queue(vm, 1);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	t->v[14] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

START_TEST(test_m7_queue_reset_resets_one_queue_alone)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m7_body, NULL);
	ck_assert_uint_eq(t.v[0], 0);
	ck_assert_uint_eq(t.v[1], 1);
	ck_assert_uint_eq(t.v[2], 0);
	ck_assert_uint_gt(t.v[3], 0);
	ck_assert_uint_lt(t.v[3], 1000);
	ck_assert_uint_eq(t.v[4], 0);
	ck_assert_uint_eq(t.v[5], 1);
	ck_assert_int_eq(t.r[0], 0);
	ck_assert_uint_eq(t.v[6], 64);
	ck_assert_uint_eq(t.v[7], 0x30000);
	ck_assert_uint_eq(t.v[9], 0x31000);
	ck_assert_uint_eq(t.v[11], 0x32000);
	ck_assert_uint_eq(t.v[13], 0);
	ck_assert_int_eq(t.r[1], 0);
	ck_assert_uint_eq(t.v[14], 0);
	tb_mmio_done(&t);
}
END_TEST

static void m9_body(struct tb_mmio *t)
{
	struct virtio_device *vdev = &t->vm->vdev;
	unsigned i, bad = 0;
	uint8_t want[TB_CFG_SIZE];

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	/* write every byte with 8-bit accesses, then read with all widths */
	for (i = 0; i < TB_CFG_SIZE; i++) {
		want[i] = (uint8_t)(0xa0 ^ i * 7);
		virtio_cwrite8(vdev, i, want[i]);
	}
	for (i = 0; i < TB_CFG_SIZE; i++)
		bad += virtio_cread8(vdev, i) != want[i];
	for (i = 0; i < TB_CFG_SIZE; i += 2)
		bad += virtio_cread16(vdev, i) !=
		       (uint16_t)(want[i] | want[i + 1] << 8);
	for (i = 0; i < TB_CFG_SIZE; i += 4) {
		uint32_t w;

		memcpy(&w, want + i, 4);
		bad += virtio_cread32(vdev, i) != w;
	}
	/* 16-bit writes land on the right bytes only */
	virtio_cwrite16(vdev, 6, 0x1234);
	bad += virtio_cread32(vdev, 4) !=
	       (uint32_t)(want[4] | want[5] << 8 | 0x12340000u);
	t->v[0] = bad;
	/* the device function saw the same bytes */
	t->v[1] = tb_mmio_rd(t, CTRL_CFG_RAM + 4);
}

START_TEST(test_m9_config_accepts_8_16_and_32_bit_accesses)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m9_body, NULL);
	ck_assert_uint_eq(t.v[0], 0);
	ck_assert_uint_eq(t.v[1] >> 16, 0x1234);
	tb_mmio_done(&t);
}
END_TEST

static void m10_body(struct tb_mmio *t)
{
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_setup_queue(t->vm, 1, 16, 0x1000, 0x2000, 0x3000);
	t->v[0] = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	virtio_mmio_notify(t->vm, 1, 0);
	t->v[1] = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	t->v[2] = tb_mmio_rd(t, CTRL_NOTIFY_QUEUE);
	/* the NOTIFICATION_DATA form: avail index and wrap in 31:16 */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0x80050001u);
	t->v[3] = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	t->v[4] = tb_mmio_rd(t, CTRL_NOTIFY_DATA);
	/* Q11: spurious ones are harmless: a queue not ready, no queue */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 7);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0xffff);
	t->v[5] = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	t->v[6] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

START_TEST(test_m10_notify_carries_the_queue_and_its_data)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m10_body, NULL);
	ck_assert_uint_eq(t.v[1], t.v[0] + 1);
	ck_assert_uint_eq(t.v[2], 1);
	ck_assert_uint_eq(t.v[3], t.v[0] + 2);
	ck_assert_uint_eq(t.v[4], 0x80050001u);
	ck_assert_uint_eq(t.v[5], t.v[0] + 2);
	ck_assert_uint_eq(t.v[6], 15); /* no error state */
	tb_mmio_done(&t);
}
END_TEST

START_TEST(test_m4_no_notification_reaches_a_queue_that_is_not_ready)
{
	/* register side of M4: a QueueNotify for a queue with QueueReady 0
	 * never reaches the ring engine (no q_notify pulse) */
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m10_body, NULL);
	ck_assert_uint_eq(t.v[5], t.v[3]);
	tb_mmio_done(&t);
}
END_TEST

static void m11_body(struct tb_mmio *t)
{
	struct virtio_mmio_device *vm = t->vm;

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_write(vm, VIRTIO_MMIO_MAGIC_VALUE, 1); /* read-only */
	virtio_mmio_read(vm, VIRTIO_MMIO_QUEUE_SEL);	   /* write-only */
	virtio_mmio_read(vm, VIRTIO_MMIO_QUEUE_PFN);	   /* legacy only */
	virtio_mmio_read(vm, 0x0f0);			   /* no register */
	t->r[0] = virtio_mmio_setup_queue(vm, 0, 4096, 0x1000, 0x2000,
					  0x3000); /* above QueueNumMax */
	t->r[1] = virtio_mmio_setup_queue(vm, 0, 24, 0x1000, 0x2000,
					  0x3000); /* not a power of 2 */
}

START_TEST(test_m11_driver_model_checks_its_register_accesses)
{
	struct tb_mmio t = { 0 };

	tb_mmio_run(_i, &t, m11_body, "virtio.driver");
	ck_assert_int_eq(t.r[0], -EINVAL);
	ck_assert_int_eq(t.r[1], -EINVAL);
	ck_assert_uint_eq(sim_report_count_id(t.e->sim, "virtio.driver"), 6);
	tb_mmio_done(&t);
}
END_TEST

/* -------------------------------------------------------------- misuse */

static void misuse_body(struct tb_mmio *t)
{
	int k = 0;

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_setup_queue(t->vm, 0, 32, 0x4000, 0x5000, 0x6000);
	/* wrong width, unaligned, read-only, unknown: OKAY, no change */
	t->r[k++] = axil_master_write(t->e->axil, VIRTIO_MMIO_STATUS, 0, 0x1);
	t->r[k++] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_STATUS + 1, 0, 0x2);
	t->r[k++] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_MAGIC_VALUE, 0, 0xf);
	t->r[k++] = axil_master_write(t->e->axil, VIRTIO_MMIO_QUEUE_NUM_MAX, 1,
				      0xf);
	t->r[k++] = axil_master_write(t->e->axil, 0x0f0, 0x5555, 0xf);
	t->r[k++] = axil_master_write(t->e->axil, 0x0e8, 0x5555, 0xf);
	t->r[k++] = axil_master_write(t->e->axil, VIRTIO_MMIO_QUEUE_PFN, 9,
				      0xf); /* legacy-only in version 2 */
	/* queue registers while the queue is ready: ignored */
	t->r[k++] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_QUEUE_NUM, 8, 0xf);
	t->r[k++] = axil_master_write(t->e->axil, VIRTIO_MMIO_QUEUE_DESC_LOW,
				      0x9000, 0xf);
	/* reads of write-only and unknown offsets return 0 */
	t->r[k++] = tb_mmio_raw_rd(t, VIRTIO_MMIO_QUEUE_SEL, &t->v[0]);
	t->r[k++] = tb_mmio_raw_rd(t, VIRTIO_MMIO_DRIVER_FEATURES, &t->v[1]);
	t->r[k++] = tb_mmio_raw_rd(t, 0x0f0, &t->v[2]);
	t->r[k++] = tb_mmio_raw_rd(t, VIRTIO_MMIO_GUEST_PAGE_SIZE, &t->v[3]);
	t->r[k++] = tb_mmio_raw_rd(t, VIRTIO_MMIO_STATUS + 2, &t->v[4]);
	t->r[k++] =
		tb_mmio_raw_rd(t, VIRTIO_MMIO_CONFIG + TB_CFG_SIZE, &t->v[5]);
	/* nothing moved */
	t->v[6] = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	t->v[7] = tb_mmio_rd(t, VIRTIO_MMIO_MAGIC_VALUE);
	q_view(t, 0, &t->v[8]); /* v[8..14] */
}

START_TEST(test_misuse_gets_okay_and_changes_nothing)
{
	struct tb_mmio t = { 0 };
	int k;

	tb_mmio_run(_i, &t, misuse_body, NULL);
	for (k = 0; k < 15; k++)
		ck_assert_msg(t.r[k] == AXI_OKAY, "access %d: response %d", k,
			      t.r[k]);
	for (k = 0; k < 6; k++)
		ck_assert_msg(t.v[k] == 0, "read %d returned 0x%x", k, t.v[k]);
	ck_assert_uint_eq(t.v[6], 15);
	ck_assert_uint_eq(t.v[7], VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(t.v[8], 32);
	ck_assert_uint_eq(t.v[9], 0x4000);
	tb_mmio_done(&t);
}
END_TEST

static void test_mmio_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_m1_magic_version_and_ids, 0);
	tb_add_seeded(r, test_m2_device_features_word_select, 0);
	tb_add_seeded(r, test_m3_interrupt_bits_persist_until_ack, 0);
	tb_add_seeded(r,
		      test_m4_no_notification_reaches_a_queue_that_is_not_ready,
		      0);
	tb_add_seeded(r, test_m5_queue_num_max_zero_past_the_last_queue, 0);
	tb_add_seeded(r, test_m6_queue_ready_reads_back_and_exports_the_queue,
		      0);
	tb_add_seeded(r, test_m7_queue_reset_resets_one_queue_alone, 0);
	tb_add_seeded(r, test_m8_shm_registers_read_all_ones, 0);
	tb_add_seeded(r, test_m9_config_accepts_8_16_and_32_bit_accesses, 0);
	tb_add_seeded(r, test_m10_notify_carries_the_queue_and_its_data, 0);
	tb_add_seeded(r, test_m11_driver_model_checks_its_register_accesses, 0);
	tb_add_seeded(r, test_misuse_gets_okay_and_changes_nothing, 0);
	tb_add_seeded(r, test_s1_access_after_status_zero_waits_for_the_reset,
		      0);
	tb_add_seeded(r, test_s2_no_notification_after_reset, 0);
	tb_add_seeded(r, test_s3_reset_clears_interrupts_and_every_queue, 0);
	tb_add_seeded(r, test_s5_status_reads_back_each_step, 0);
	tb_add_seeded(r, test_s6_needs_reset_sets_bit_and_config_interrupt, 0);
	tb_add_seeded(r, test_s7_offered_features_carry_their_dependencies, 0);
	tb_add_seeded(r, test_s8_no_reserved_or_transport_unsupported_bits, 0);
	tb_add_seeded(r, test_s9_features_ok_only_for_valid_subsets, 0);
	tb_add_seeded(r, test_s10_version_1_offered, 0);
	tb_add_seeded(r, test_s11_config_readable_before_features_ok, 0);
	tb_add_seeded(r, test_s12_generation_changes_with_the_config, 0);
	tb_add_seeded(r, test_s13_config_change_raises_an_interrupt, 0);
	tb_add_seeded(r, test_s14_driver_model_reports_its_own_rule_breaks, 0);
}

TB_TESTS(test_mmio_register)
