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

/* Registers of version 2 that version 1 lacks. */
static const unsigned l1_absent[] = {
	VIRTIO_MMIO_QUEUE_READY,      VIRTIO_MMIO_QUEUE_DESC_LOW,
	VIRTIO_MMIO_QUEUE_DESC_HIGH,  VIRTIO_MMIO_QUEUE_AVAIL_LOW,
	VIRTIO_MMIO_QUEUE_AVAIL_HIGH, VIRTIO_MMIO_QUEUE_USED_LOW,
	VIRTIO_MMIO_QUEUE_USED_HIGH,  VIRTIO_MMIO_CONFIG_GENERATION,
};

#define L1_ABSENT (sizeof(l1_absent) / sizeof(l1_absent[0]))

/* What l1 read. */
struct l1_res {
	struct tb_mmio t;	    /* the harness; the body gets &res->t */
	uint32_t version;	    /* Version */
	uint32_t absent[L1_ABSENT]; /* each of l1_absent, after a write */
	uint32_t pfn;		    /* QueuePFN of queue 0 after writing it */
	uint32_t pfn_other;	    /* QueuePFN of queue 1 then */
	uint32_t pfn_stopped;	    /* QueuePFN of queue 0 after writing 0 */
	uint32_t queue0_ready;	    /* queue 0 ready at the ring engine then */
};

static void l1_body(struct tb_mmio *t)
{
	struct l1_res *r = tb_container_of(t, struct l1_res, t);
	unsigned i;

	r->version = tb_mmio_rd(t, VIRTIO_MMIO_VERSION);
	/* registers version 1 lacks read 0 and ignore writes */
	for (i = 0; i < L1_ABSENT; i++) {
		tb_mmio_wr(t, l1_absent[i], 0x1234);
		r->absent[i] = tb_mmio_rd(t, l1_absent[i]);
	}
	/* QueuePFN is read/write and per queue */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 16);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_ALIGN, 4096);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_PFN, 0x123);
	r->pfn = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	r->pfn_other = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_PFN, 0); /* 0 stops the queue */
	r->pfn_stopped = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	r->queue0_ready = tb_mmio_rd(t, CTRL_STATE) & 1; /* queue 0 ready bit */
}

START_TEST(test_l1_legacy_registers_exist_and_v2_ones_do_not)
{
	struct l1_res r = { 0 };
	unsigned k;

	tb_mmio_run(_i, &r.t, l1_body, NULL);
	ck_assert_uint_eq(r.version, VIRTIO_MMIO_VERSION_LEGACY);
	ck_assert_uint_eq(r.t.vm->version, 1);
	for (k = 0; k < L1_ABSENT; k++)
		ck_assert_msg(r.absent[k] == 0,
			      "absent register 0x%03x read 0x%x", l1_absent[k],
			      r.absent[k]);
	ck_assert_uint_eq(r.pfn, 0x123);
	ck_assert_uint_eq(r.pfn_other, 0);
	ck_assert_uint_eq(r.pfn_stopped, 0);
	ck_assert_uint_eq(r.queue0_ready, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What l2 read: queue 1 set up the legacy way, queue 0 by raw writes with
 * QueueAlign 64, then QueuePFN after a reset. */
struct l2_res {
	struct tb_mmio t; /* the harness; the body gets &res->t */
	int setup;	  /* virtio_mmio_setup_queue() of queue 1 */
	/* what the ring engine is given for queue 1 */
	uint32_t q1_size;     /* queue size */
	uint32_t q1_desc_lo;  /* descriptor table address, 31:0 */
	uint32_t q1_avail_lo; /* driver area address, 31:0 */
	uint32_t q1_used_lo;  /* device area address, 31:0 */
	uint32_t q1_ready;    /* CTRL_STATE bit 1 */
	/* and for queue 0 */
	uint32_t q0_avail_lo;			 /* driver area address, 31:0 */
	uint32_t q0_used_lo;			 /* device area address, 31:0 */
	uint32_t pfn_after_reset[TB_NUM_QUEUES]; /* QueuePFN of each queue */
	int setup_not_legacy; /* virtio_mmio_setup_queue(), another layout */
};

static void l2_body(struct tb_mmio *t)
{
	struct l2_res *r = tb_container_of(t, struct l2_res, t);
	struct virtio_mmio_device *vm = t->vm;
	uint64_t desc = 0x200000, avail = desc + 16 * 256;
	uint64_t used = (avail + 6 + 2 * 256 + 4095) & ~4095ull;
	unsigned i;

	tb_mmio_init(t, 0); /* legacy: no FEATURES_OK (L3) */
	r->setup = virtio_mmio_setup_queue(vm, 1, 256, desc, avail, used);
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
	/* reset zeroes every QueuePFN (L2) */
	virtio_reset_device(&vm->vdev);
	for (i = 0; i < TB_NUM_QUEUES; i++) {
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, i);
		r->pfn_after_reset[i] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	}
	/* and a layout that is not the legacy one is refused by the model */
	sim_report_expect(t->e->sim, "virtio.driver");
	r->setup_not_legacy =
		virtio_mmio_setup_queue(vm, 1, 256, desc, avail + 8, used);
}

START_TEST(test_l2_legacy_layout_from_the_pfn_and_reset_zeroes_it)
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
	ck_assert_uint_eq(r.pfn_after_reset[0], 0);
	ck_assert_uint_eq(r.pfn_after_reset[1], 0);
	ck_assert_int_eq(r.setup_not_legacy, -EINVAL);
	ck_assert_uint_eq(sim_report_count_id(r.t.e->sim, "virtio.driver"), 1);
	tb_mmio_done(&r.t);
}
END_TEST

/* What l3 read. */
struct l3_res {
	struct tb_mmio t;	  /* the harness; the body gets &res->t */
	uint32_t features_lo;	  /* DeviceFeatures, DeviceFeaturesSel 0 */
	uint32_t features_hi;	  /* DeviceFeatures, DeviceFeaturesSel 1 */
	uint32_t device_word_0;	  /* config bytes 0..3 at the device function */
	uint32_t cfg8_3;	  /* virtio_cread8() of byte 3 */
	int init;		  /* tb_mmio_init() */
	uint32_t status;	  /* Status then */
	uint32_t drv_features_lo; /* driver features at the device, 31:0 */
};

static void l3_body(struct tb_mmio *t)
{
	struct l3_res *r = tb_container_of(t, struct l3_res, t);
	struct virtio_device *vdev = &t->vm->vdev;

	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	r->features_lo = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	r->features_hi = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	/* config is writable before negotiation */
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_cwrite8(vdev, 3, 0x5a);
	r->device_word_0 = tb_mmio_rd(t, CTRL_CFG_RAM);
	r->cfg8_3 = virtio_cread8(vdev, 3);
	/* the legacy flow: no FEATURES_OK, straight to DRIVER_OK */
	r->init = tb_mmio_init(
		t,
		1ull << VIRTIO_F_ANY_LAYOUT); /* legacy: no FEATURES_OK (L3) */
	r->status = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	r->drv_features_lo = tb_mmio_rd(t, CTRL_DRV_FEAT_LO);
}

START_TEST(test_l3_any_layout_offered_and_no_features_ok_step)
{
	struct l3_res r = { 0 };

	tb_mmio_run(_i, &r.t, l3_body, NULL);
	ck_assert(r.features_lo & (1u << VIRTIO_F_ANY_LAYOUT));
	ck_assert_uint_eq(r.features_hi & 1, 0); /* no VERSION_1 */
	ck_assert_uint_eq(r.device_word_0 >> 24, 0x5a);
	ck_assert_uint_eq(r.cfg8_3, 0x5a);
	ck_assert_int_eq(r.init, 0);
	ck_assert_uint_eq(r.status, 7); /* ACK | DRIVER | DRIVER_OK */
	ck_assert_uint_eq(r.drv_features_lo, 1u << VIRTIO_F_ANY_LAYOUT);
	tb_mmio_done(&r.t);
}
END_TEST

/* What legacy_m1 read. */
struct legacy_m1_res {
	struct tb_mmio t;   /* the harness; the body gets &res->t */
	uint32_t magic;	    /* MagicValue */
	uint32_t device_id; /* DeviceID */
};

static void legacy_m1_body(struct tb_mmio *t)
{
	struct legacy_m1_res *r = tb_container_of(t, struct legacy_m1_res, t);

	r->magic = tb_mmio_rd(t, VIRTIO_MMIO_MAGIC_VALUE);
	r->device_id = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_ID);
}

START_TEST(test_m1_legacy_magic_and_device_id)
{
	struct legacy_m1_res r = { 0 };

	tb_mmio_run(_i, &r.t, legacy_m1_body, NULL);
	ck_assert_uint_eq(r.magic, VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(r.device_id, TB_DEVICE_ID);
	tb_mmio_done(&r.t);
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
