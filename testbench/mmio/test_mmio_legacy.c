/* SPDX-License-Identifier: MIT */
/*
 * test_mmio_legacy.c - contract tests of a legacy virtio-mmio device
 * (version 1) against CONFORMANCE.md section L, driven by the driver
 * model's legacy path: from the bus alone, so any legacy design under the
 * DUT contract passes them (`mmio_legacy` on the register block's test
 * bench built with LEGACY=1, `mmio_legacy_top` on vio_top with LEGACY=1).
 * test_mmio_legacy_wb.c has the white-box ones.
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
	tb_mmio_done(&r.t);
}
END_TEST

/* What l2 read: the last queue set up the legacy way, then QueuePFN of
 * every queue after a reset. */
struct l2_res {
	struct tb_mmio t; /* the harness; the body gets &res->t */
	unsigned q;	  /* the queue */
	int setup;	  /* tb_mmio_setup_vq(), the legacy layout */
	uint32_t pfn;	  /* QueuePFN then */
	uint32_t pfn_after_reset[TB_MMIO_MAX_QUEUES]; /* QueuePFN of each */
	int setup_not_legacy; /* tb_mmio_setup_vq(), another layout */
};

static void l2_body(struct tb_mmio *t)
{
	struct l2_res *r = tb_container_of(t, struct l2_res, t);
	unsigned i, n;
	struct vring_placement p;

	if (!t->dut.num_queues)
		return; /* the test fails on it */
	r->q = t->dut.num_queues - 1;
	n = tb_mmio_queue_size(t, r->q, 16);
	p = tb_mmio_rings_at(t, n, 0x200000);
	tb_mmio_init(t, 0); /* legacy: no FEATURES_OK (L3) */
	r->setup = tb_mmio_setup_vq(t, r->q, n, &p);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, r->q);
	r->pfn = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	/* reset zeroes every QueuePFN (L2) */
	virtio_reset_device(&t->vm->vdev);
	for (i = 0; i < t->dut.num_queues; i++) {
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, i);
		r->pfn_after_reset[i] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_PFN);
	}
	virtio_mmio_del_vq(t->vm, r->q);
	/* and a layout that is not the legacy one is refused by the model */
	sim_report_expect(t->e->sim, "virtio.driver");
	p.avail += 8;
	r->setup_not_legacy = tb_mmio_setup_vq(t, r->q, n, &p);
}

START_TEST(test_l2_legacy_queue_from_the_pfn_and_reset_zeroes_it)
{
	struct l2_res r = { 0 };
	unsigned i;

	tb_mmio_run(_i, &r.t, l2_body, NULL);
	ck_assert_uint_gt(r.t.dut.num_queues, 0);
	ck_assert_int_eq(r.setup, 0);
	ck_assert_uint_eq(r.pfn, 0x200000 / VIRTIO_MMIO_PAGE_SIZE);
	for (i = 0; i < r.t.dut.num_queues; i++)
		ck_assert_uint_eq(r.pfn_after_reset[i], 0);
	ck_assert_int_eq(r.setup_not_legacy, -EINVAL);
	ck_assert_uint_eq(sim_report_count_id(r.t.e->sim, "virtio.driver"), 1);
	tb_mmio_done(&r.t);
}
END_TEST

/* What l3 read. */
struct l3_res {
	struct tb_mmio t;     /* the harness; the body gets &res->t */
	uint32_t features_lo; /* DeviceFeatures, DeviceFeaturesSel 0 */
	uint32_t features_hi; /* DeviceFeatures, DeviceFeaturesSel 1 */
	int init;	      /* tb_mmio_init() */
	uint32_t status;      /* Status then */
};

static void l3_body(struct tb_mmio *t)
{
	struct l3_res *r = tb_container_of(t, struct l3_res, t);

	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	r->features_lo = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	r->features_hi = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	/* the legacy flow: no FEATURES_OK, straight to DRIVER_OK */
	r->init = tb_mmio_init(
		t,
		1ull << VIRTIO_F_ANY_LAYOUT); /* legacy: no FEATURES_OK (L3) */
	r->status = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

START_TEST(test_l3_any_layout_offered_and_no_features_ok_step)
{
	struct l3_res r = { 0 };

	tb_mmio_run(_i, &r.t, l3_body, NULL);
	ck_assert(r.features_lo & (1u << VIRTIO_F_ANY_LAYOUT));
	ck_assert_uint_eq(r.features_hi & 1, 0); /* no VERSION_1 */
	ck_assert_int_eq(r.init, 0);
	ck_assert_uint_eq(r.status, 7); /* ACK | DRIVER | DRIVER_OK */
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
	ck_assert_uint_ne(r.device_id, 0);
	ck_assert_uint_eq(r.device_id, r.t.dut.device_id);
	tb_mmio_done(&r.t);
}
END_TEST

static void test_mmio_legacy_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_m1_legacy_magic_and_device_id, 0);
	tb_add_seeded(r, test_l1_legacy_registers_exist_and_v2_ones_do_not, 0);
	tb_add_seeded(r, test_l2_legacy_queue_from_the_pfn_and_reset_zeroes_it,
		      0);
	tb_add_seeded(r, test_l3_any_layout_offered_and_no_features_ok_step, 0);
}

TB_TESTS(test_mmio_legacy_register)
