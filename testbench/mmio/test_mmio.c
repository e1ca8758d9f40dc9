/* SPDX-License-Identifier: MIT */
/*
 * test_mmio.c - contract tests of a virtio-mmio device (version 2) against
 * CONFORMANCE.md sections S and M, driven by the driver model's transport
 * under random AXI4-Lite back-pressure with the protocol checker on. They
 * see the DUT from the bus alone (what they need to know of it, the harness
 * reads from its registers: struct tb_mmio_dut), so any design under the
 * DUT contract passes them: the `mmio` suite runs them on the register
 * block's test bench, `mmio_top` on the whole device (vio_top). Test names
 * cite the conformance ID they check; test_mmio_wb.c has the white-box
 * tests that need tb_vio_mmio's test-control block.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_vio_mmio.h"
#include "virtio_mmio_regs.h"

/* -------------------------------------------------------------- M: map */

/* What m1 read. */
struct m1_res {
	struct tb_mmio t;   /* the harness; the body gets &res->t */
	uint32_t magic;	    /* MagicValue */
	uint32_t version;   /* Version */
	uint32_t device_id; /* DeviceID */
	uint32_t vendor_id; /* VendorID */
};

static void m1_body(struct tb_mmio *t)
{
	struct m1_res *r = tb_container_of(t, struct m1_res, t);

	r->magic = tb_mmio_rd(t, VIRTIO_MMIO_MAGIC_VALUE);
	r->version = tb_mmio_rd(t, VIRTIO_MMIO_VERSION);
	r->device_id = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_ID);
	r->vendor_id = tb_mmio_rd(t, VIRTIO_MMIO_VENDOR_ID);
}

START_TEST(test_m1_magic_version_and_ids)
{
	struct m1_res r = { 0 };

	tb_mmio_run(_i, &r.t, m1_body, NULL);
	ck_assert_uint_eq(r.magic, VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(r.version, VIRTIO_MMIO_VERSION_MODERN);
	ck_assert_uint_ne(r.device_id, 0); /* 0: a placeholder, no device */
	/* the same values every time they are read */
	ck_assert_uint_eq(r.device_id, r.t.dut.device_id);
	ck_assert_uint_eq(r.vendor_id, r.t.dut.vendor_id);
	ck_assert_uint_eq(r.t.vm->version, 2);
	tb_mmio_done(&r.t);
}
END_TEST

/* What features_body read: DeviceFeatures for each DeviceFeaturesSel, the
 * high word first. */
struct features_res {
	struct tb_mmio t;	    /* the harness; the body gets &res->t */
	uint32_t features_hi;	    /* selector 1: feature bits 63:32 */
	uint32_t features_lo;	    /* selector 0: feature bits 31:0 */
	uint32_t features_sel2;	    /* selector 2: past the 64 defined bits */
	uint32_t features_sel3;	    /* selector 3: likewise */
	uint32_t features_hi_again; /* selector 1 once more */
	uint64_t model_features;    /* virtio_get_features() */
};

/* DeviceFeatures with DeviceFeaturesSel = sel. */
static uint32_t device_features(struct tb_mmio *t, unsigned sel)
{
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, sel);
	return tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
}

static void features_body(struct tb_mmio *t)
{
	struct features_res *r = tb_container_of(t, struct features_res, t);

	r->features_hi = device_features(t, 1);
	r->features_lo = device_features(t, 0);
	r->features_sel2 = device_features(t, 2);
	r->features_sel3 = device_features(t, 3);
	r->features_hi_again = device_features(t, 1);
	r->model_features = virtio_get_features(&t->vm->vdev);
}

/* The offered features, as features_body read them. */
static uint64_t features_of(const struct features_res *r)
{
	return r->features_lo | (uint64_t)r->features_hi << 32;
}

START_TEST(test_m2_device_features_word_select)
{
	struct features_res r = { 0 };

	tb_mmio_run(_i, &r.t, features_body, NULL);
	/* each selector shows its own word, whatever came before */
	ck_assert_uint_eq(features_of(&r), r.t.dut.features);
	ck_assert_uint_eq(r.features_hi_again, r.features_hi);
	ck_assert_uint_eq(r.features_sel2, 0);
	ck_assert_uint_eq(r.features_sel3, 0);
	/* and the model's view is the same */
	ck_assert_uint_eq(r.model_features, r.t.dut.features);
	tb_mmio_done(&r.t);
}
END_TEST

START_TEST(test_s10_version_1_offered)
{
	struct features_res r = { 0 };

	tb_mmio_run(_i, &r.t, features_body, NULL);
	ck_assert_uint_eq(r.features_hi & 1, 1); /* bit 32 */
	tb_mmio_done(&r.t);
}
END_TEST

START_TEST(test_s8_no_reserved_or_transport_unsupported_bits)
{
	struct features_res r = { 0 };
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

	tb_mmio_run(_i, &r.t, features_body, NULL);
	f = features_of(&r);
	ck_assert_uint_eq(f & ~allowed, 0);
	ck_assert_uint_eq(f & (1ull << VIRTIO_F_SR_IOV), 0);
	ck_assert_uint_eq(f & (1ull << VIRTIO_F_NOTIF_CONFIG_DATA), 0);
	ck_assert_uint_eq(f & (1ull << VIRTIO_F_ADMIN_VQ), 0);
	ck_assert_uint_eq(r.features_sel2 | r.features_sel3, 0);
	/* hardware: ACCESS_PLATFORM and ORDER_PLATFORM */
	ck_assert(f & (1ull << VIRTIO_F_ACCESS_PLATFORM));
	ck_assert(f & (1ull << VIRTIO_F_ORDER_PLATFORM));
	tb_mmio_done(&r.t);
}
END_TEST

/* 2.2.2: a device offers no feature without the features it depends on.
 * Per device type (DeviceID), bit -> bits of which at least one must be
 * offered with it: virtio-net's rules of 5.1.3.1 (the other device types
 * of the project have none among their defined bits). */
struct feature_dep {
	uint32_t device_id; /* device type */
	unsigned bit;	    /* the feature */
	uint64_t needs;	    /* one of these must be offered with it */
};

#define NET_F(b) (1ull << (b))
static const struct feature_dep feature_deps[] = {
	{ 1, 7, NET_F(1) },		  /* GUEST_TSO4: GUEST_CSUM */
	{ 1, 8, NET_F(1) },		  /* GUEST_TSO6: GUEST_CSUM */
	{ 1, 9, NET_F(7) | NET_F(8) },	  /* GUEST_ECN: GUEST_TSO4 or 6 */
	{ 1, 10, NET_F(1) },		  /* GUEST_UFO: GUEST_CSUM */
	{ 1, 11, NET_F(0) },		  /* HOST_TSO4: CSUM */
	{ 1, 12, NET_F(0) },		  /* HOST_TSO6: CSUM */
	{ 1, 13, NET_F(11) | NET_F(12) }, /* HOST_ECN: HOST_TSO4 or 6 */
	{ 1, 14, NET_F(0) },		  /* HOST_UFO: CSUM */
	{ 1, 18, NET_F(17) },		  /* CTRL_RX: CTRL_VQ */
	{ 1, 19, NET_F(17) },		  /* CTRL_VLAN: CTRL_VQ */
	{ 1, 21, NET_F(17) },		  /* GUEST_ANNOUNCE: CTRL_VQ */
	{ 1, 22, NET_F(17) },		  /* MQ: CTRL_VQ */
	{ 1, 23, NET_F(17) },		  /* CTRL_MAC_ADDR: CTRL_VQ */
};

START_TEST(test_s7_offered_features_carry_their_dependencies)
{
	struct features_res r = { 0 };
	uint64_t f;
	unsigned i;

	tb_mmio_run(_i, &r.t, features_body, NULL);
	f = features_of(&r);
	for (i = 0; i < sizeof(feature_deps) / sizeof(feature_deps[0]); i++) {
		const struct feature_dep *d = &feature_deps[i];

		if (d->device_id == r.t.dut.device_id && (f >> d->bit & 1))
			ck_assert_msg(f & d->needs,
				      "bit %u offered without any of 0x%llx",
				      d->bit, (unsigned long long)d->needs);
	}
	tb_mmio_done(&r.t);
}
END_TEST

/* SHMLen and SHMBase for one SHMSel. */
struct shm_regs {
	uint32_t len_lo;  /* SHMLenLow */
	uint32_t len_hi;  /* SHMLenHigh */
	uint32_t base_lo; /* SHMBaseLow */
	uint32_t base_hi; /* SHMBaseHigh */
};

/* What shm_body read. */
struct shm_res {
	struct tb_mmio t;	/* the harness; the body gets &res->t */
	struct shm_regs shm[3]; /* shm[i]: with SHMSel = 7 * i */
};

static void shm_body(struct tb_mmio *t)
{
	struct shm_res *r = tb_container_of(t, struct shm_res, t);
	unsigned sel;

	for (sel = 0; sel < 3; sel++) {
		tb_mmio_wr(t, VIRTIO_MMIO_SHM_SEL, sel * 7);
		r->shm[sel].len_lo = tb_mmio_rd(t, VIRTIO_MMIO_SHM_LEN_LOW);
		r->shm[sel].len_hi = tb_mmio_rd(t, VIRTIO_MMIO_SHM_LEN_HIGH);
		r->shm[sel].base_lo = tb_mmio_rd(t, VIRTIO_MMIO_SHM_BASE_LOW);
		r->shm[sel].base_hi = tb_mmio_rd(t, VIRTIO_MMIO_SHM_BASE_HIGH);
	}
}

START_TEST(test_m8_shm_registers_read_all_ones)
{
	struct shm_res r = { 0 };
	int k;

	tb_mmio_run(_i, &r.t, shm_body, NULL);
	for (k = 0; k < 3; k++) {
		ck_assert_uint_eq(r.shm[k].len_lo, 0xffffffffu);
		ck_assert_uint_eq(r.shm[k].len_hi, 0xffffffffu);
		ck_assert_uint_eq(r.shm[k].base_lo, 0xffffffffu);
		ck_assert_uint_eq(r.shm[k].base_hi, 0xffffffffu);
	}
	tb_mmio_done(&r.t);
}
END_TEST

/* --------------------------------------------------- S: status, reset */

/* What s5 read: Status after each step of the initialisation. */
struct s5_res {
	struct tb_mmio t;	     /* the harness; the body gets &res->t */
	uint32_t status_after_reset; /* after the reset */
	uint32_t status_acknowledge; /* after ACKNOWLEDGE */
	uint32_t status_driver;	     /* after DRIVER */
	int features_ok;	     /* virtio_features_ok() */
	uint32_t status_features_ok; /* after FEATURES_OK */
	uint32_t status_driver_ok;   /* after DRIVER_OK */
	uint32_t status_failed;	     /* after FAILED */
};

static void s5_body(struct tb_mmio *t)
{
	struct s5_res *r = tb_container_of(t, struct s5_res, t);
	struct virtio_device *vdev = &t->vm->vdev;

	virtio_reset_device(vdev);
	r->status_after_reset = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	r->status_acknowledge = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	r->status_driver = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_get_features(vdev);
	vdev->features = 1ull << VIRTIO_F_VERSION_1;
	r->features_ok = virtio_features_ok(vdev);
	r->status_features_ok = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_device_ready(vdev);
	r->status_driver_ok = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	r->status_failed = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

START_TEST(test_s5_status_reads_back_each_step)
{
	struct s5_res r = { 0 };

	tb_mmio_run(_i, &r.t, s5_body, NULL);
	ck_assert_uint_eq(r.status_after_reset, 0);
	ck_assert_uint_eq(r.status_acknowledge, 1);
	ck_assert_uint_eq(r.status_driver, 3);
	ck_assert_int_eq(r.features_ok, 0);
	ck_assert_uint_eq(r.status_features_ok, 11);
	ck_assert_uint_eq(r.status_driver_ok, 15);
	ck_assert_uint_eq(r.status_failed, 0x8f); /* FAILED is stored */
	tb_mmio_done(&r.t);
}
END_TEST

/* What s3 read: every queue set up, then a device reset. */
struct s3_res {
	struct tb_mmio t;	       /* the harness; the body gets &res->t */
	int setup[TB_MMIO_MAX_QUEUES]; /* tb_mmio_setup_vq() of each */
	uint32_t ready_before[TB_MMIO_MAX_QUEUES]; /* QueueReady before it */
	uint32_t isr_after_reset;		  /* InterruptStatus after it */
	uint32_t queue_ready[TB_MMIO_MAX_QUEUES]; /* QueueReady of each */
	uint32_t queue_reset[TB_MMIO_MAX_QUEUES]; /* QueueReset of each */
	bool irq_level;				  /* the line at the end */
};

static void s3_body(struct tb_mmio *t)
{
	struct s3_res *r = tb_container_of(t, struct s3_res, t);
	unsigned q;

	tb_mmio_init(t,
		     (1ull << VIRTIO_F_VERSION_1) |
			     (t->dut.features & (1ull << VIRTIO_F_RING_RESET)));
	for (q = 0; q < t->dut.num_queues; q++) {
		unsigned num = t->dut.queue_num_max[q] < 256
				       ? t->dut.queue_num_max[q]
				       : 256;
		struct vring_placement p =
			tb_mmio_rings_at(t, num, 0x10000ull * (q + 1));

		r->setup[q] = tb_mmio_setup_vq(t, q, num, &p);
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
		r->ready_before[q] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	}
	virtio_reset_device(&t->vm->vdev);
	r->isr_after_reset = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	for (q = 0; q < t->dut.num_queues; q++) {
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
		r->queue_ready[q] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
		r->queue_reset[q] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	}
	r->irq_level = irq_mon_level(t->e->irq);
}

START_TEST(test_s3_reset_stops_every_queue)
{
	struct s3_res r = { 0 };
	unsigned q;

	tb_mmio_run(_i, &r.t, s3_body, NULL);
	ck_assert_uint_gt(r.t.dut.num_queues, 0);
	for (q = 0; q < r.t.dut.num_queues; q++) {
		ck_assert_int_eq(r.setup[q], 0);
		ck_assert_uint_eq(r.ready_before[q], 1);
		ck_assert_msg(
			r.queue_ready[q] == 0 && r.queue_reset[q] == 0,
			"queue %u after the reset: QueueReady %u, QueueReset %u",
			q, r.queue_ready[q], r.queue_reset[q]);
	}
	ck_assert_uint_eq(r.isr_after_reset, 0);
	ck_assert_uint_eq(r.irq_level, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What s9 read: Status after setting FEATURES_OK with each set of driver
 * features (11: accepted, 3: refused). */
struct s9_res {
	struct tb_mmio t;	      /* the harness; the body gets &res->t */
	uint32_t status_minimal;      /* VERSION_1 alone */
	uint32_t status_everything;   /* everything offered */
	unsigned low_not_offered;     /* a device-type bit it does not offer */
	uint32_t status_not_offered;  /* with that bit */
	uint32_t status_no_version_1; /* without VERSION_1 */
	uint32_t status_high_not_offered; /* with bit 63, not offered */
};

static void s9_body(struct tb_mmio *t)
{
	struct s9_res *r = tb_container_of(t, struct s9_res, t);
	uint64_t v1 = 1ull << VIRTIO_F_VERSION_1;
	unsigned b = 0;

	while (b < 24 && (t->dut.features >> b & 1))
		b++;
	r->low_not_offered = b;
	r->status_minimal = tb_mmio_try_features(t, v1);
	r->status_everything = tb_mmio_try_features(t, t->dut.features);
	r->status_not_offered = tb_mmio_try_features(t, v1 | 1ull << b);
	r->status_no_version_1 = tb_mmio_try_features(t, t->dut.features & ~v1);
	r->status_high_not_offered = tb_mmio_try_features(t, v1 | 1ull << 63);
}

START_TEST(test_s9_features_ok_only_for_valid_subsets)
{
	struct s9_res r = { 0 };

	tb_mmio_run(_i, &r.t, s9_body, NULL);
	ck_assert_uint_eq(r.status_minimal, 11);
	ck_assert_uint_eq(r.status_everything, 11);
	ck_assert_uint_lt(r.low_not_offered, 24); /* a bit to try */
	ck_assert_uint_eq(r.status_not_offered, 3);
	ck_assert_uint_eq(r.status_no_version_1, 3);
	ck_assert_uint_eq(r.t.dut.features >> 63, 0);
	ck_assert_uint_eq(r.status_high_not_offered, 3);
	tb_mmio_done(&r.t);
}
END_TEST

/* What s14 got back. */
struct s14_res {
	struct tb_mmio t; /* the harness; the body gets &res->t */
	int features_ok;  /* virtio_features_ok() with an unoffered feature */
};

static void s14_body(struct tb_mmio *t)
{
	struct s14_res *r = tb_container_of(t, struct s14_res, t);
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
	r->features_ok = virtio_features_ok(vdev); /* and the device refuses */
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
	struct s14_res r = { 0 };

	tb_mmio_run(_i, &r.t, s14_body, "virtio.driver");
	ck_assert_int_eq(r.features_ok, -ENODEV);
	/* order, unoffered feature, clearing, DRIVER_OK early, notify early,
	 * after FAILED: six rule breaks, each reported */
	ck_assert_uint_eq(sim_report_count_id(r.t.e->sim, "virtio.driver"), 6);
	tb_mmio_done(&r.t);
}
END_TEST

/* ----------------------------------------------------------- M: queues */

/* What m5 read of QueueNumMax past the queues the harness found. */
struct m5_res {
	struct tb_mmio t; /* the harness; the body gets &res->t */
	uint32_t num_max_again[TB_MMIO_MAX_QUEUES]; /* re-read, backwards */
	uint32_t num_max_past[2];      /* the two queues past the last */
	uint32_t num_max_sel_ffff;     /* with QueueSel 0xffff */
	uint32_t num_max_sel_all_ones; /* with QueueSel 0xffffffff */
	int setup_past_last;	       /* tb_mmio_setup_vq() past the last */
};

static void m5_body(struct tb_mmio *t)
{
	struct m5_res *r = tb_container_of(t, struct m5_res, t);
	unsigned n = t->dut.num_queues, q;

	r->num_max_past[0] = virtio_mmio_queue_num_max(t->vm, n);
	r->num_max_past[1] = virtio_mmio_queue_num_max(t->vm, n + 1);
	for (q = n; q-- > 0;)
		r->num_max_again[q] = virtio_mmio_queue_num_max(t->vm, q);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0xffff);
	r->num_max_sel_ffff = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_NUM_MAX);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0xffffffff);
	r->num_max_sel_all_ones = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_NUM_MAX);
	r->setup_past_last = tb_mmio_setup_vq(t, n, 16, NULL);
}

START_TEST(test_m5_queue_num_max_zero_past_the_last_queue)
{
	struct m5_res r = { 0 };
	unsigned q;

	tb_mmio_run(_i, &r.t, m5_body, NULL);
	ck_assert_uint_gt(r.t.dut.num_queues, 0);
	for (q = 0; q < r.t.dut.num_queues; q++) {
		ck_assert_uint_le(r.t.dut.queue_num_max[q], 32768);
		ck_assert_uint_eq(r.num_max_again[q], r.t.dut.queue_num_max[q]);
	}
	ck_assert_uint_eq(r.num_max_past[0], 0);
	ck_assert_uint_eq(r.num_max_past[1], 0);
	ck_assert_uint_eq(r.num_max_sel_ffff, 0);
	ck_assert_uint_eq(r.num_max_sel_all_ones, 0);
	ck_assert_int_eq(r.setup_past_last, -ENOENT);
	tb_mmio_done(&r.t);
}
END_TEST

/* A queue size the block must refuse as too big: the next power of 2 past
 * QueueNumMax. */
static uint32_t too_big(uint32_t num_max)
{
	uint32_t n = 1;

	while (n <= num_max)
		n <<= 1;
	return n;
}

/* What m6 read of the last queue. */
struct m6_res {
	struct tb_mmio t;	  /* the harness; the body gets &res->t */
	unsigned q;		  /* the queue */
	int setup;		  /* tb_mmio_setup_vq(), rings above 4 GiB */
	uint32_t queue_ready;	  /* QueueReady then */
	int del;		  /* virtio_mmio_del_vq() */
	uint32_t ready_after_del; /* QueueReady after it */
	uint32_t ready_not_pow2;  /* QueueReady after writing 1, QueueNum 48 */
	uint32_t ready_too_big;	  /* likewise past QueueNumMax */
};

static void m6_body(struct tb_mmio *t)
{
	struct m6_res *r = tb_container_of(t, struct m6_res, t);
	/* rings above 4 GiB, each part at its minimum alignment (Q1) */
	struct vring_placement p = { .mode = VRING_PLACE_ADDR,
				     .desc = 0x123400000010ull,
				     .avail = 0x123400001002ull,
				     .used = 0x123400002004ull };
	unsigned q = t->dut.num_queues - 1;
	uint32_t max;

	if (!t->dut.num_queues)
		return; /* the test fails on it */
	max = t->dut.queue_num_max[q];
	r->q = q;
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	r->setup = tb_mmio_setup_vq(t, q, tb_mmio_queue_size(t, q, 64), &p);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
	r->queue_ready = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	r->del = virtio_mmio_del_vq(t->vm, q);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
	r->ready_after_del = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	/* a size that is not a power of two: the queue refuses to start */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 48);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	r->ready_not_pow2 = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, too_big(max));
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	r->ready_too_big = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

START_TEST(test_m6_queue_ready_reads_back_and_refuses_a_bad_size)
{
	struct m6_res r = { 0 };

	tb_mmio_run(_i, &r.t, m6_body, NULL);
	ck_assert_uint_gt(r.t.dut.num_queues, 0);
	ck_assert_int_eq(r.setup, 0);
	ck_assert_uint_eq(r.queue_ready, 1);
	ck_assert_int_eq(r.del, 0);
	ck_assert_uint_eq(r.ready_after_del, 0);
	ck_assert_uint_eq(r.ready_not_pow2, 0);
	ck_assert_uint_eq(r.ready_too_big, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What m7 read: queue 0 reset alone and set up again, the last queue reset
 * by the model. */
struct m7_res {
	struct tb_mmio t;	     /* the harness; the body gets &res->t */
	bool offered;		     /* RING_RESET offered */
	unsigned other;		     /* the other queue (the last one) */
	uint32_t reset_after_enable; /* QueueReset of queue 0 once enabled */
	uint32_t reset_polls;	    /* QueueReset reads until 0 (1000: never) */
	uint32_t ready_after_reset; /* QueueReady once it read 0 */
	uint32_t other_ready;	    /* QueueReady of the other queue then */
	int del;		    /* virtio_mmio_del_vq() of queue 0 */
	int setup_again;	    /* tb_mmio_setup_vq() of queue 0 */
	uint32_t reset_after_setup; /* QueueReset of queue 0 then */
	uint32_t ready_after_setup; /* QueueReady of queue 0 then */
	int model_reset;	    /* virtio_mmio_reset_queue(), other queue */
	uint32_t other_ready_after; /* its QueueReady after it */
	uint32_t first_ready_after; /* QueueReady of queue 0 then */
};

static void m7_body(struct tb_mmio *t)
{
	struct m7_res *r = tb_container_of(t, struct m7_res, t);
	struct virtio_mmio_device *vm = t->vm;
	unsigned other = t->dut.num_queues - 1, polls = 0;
	/* 16 entries, or fewer where QueueNumMax is smaller */
	unsigned n0 = tb_mmio_queue_size(t, 0, 16);
	unsigned n1 = tb_mmio_queue_size(t, other, 16);
	struct vring_placement p0 = tb_mmio_rings_at(t, n0, 0x10000);
	struct vring_placement p1 = tb_mmio_rings_at(t, n1, 0x20000);
	struct vring_placement p2 = tb_mmio_rings_at(t, n0, 0x30000);

	r->offered = t->dut.features >> VIRTIO_F_RING_RESET & 1;
	if (!r->offered || t->dut.num_queues < 2)
		return;
	r->other = other;
	tb_mmio_init(t, (1ull << VIRTIO_F_VERSION_1) |
				(1ull << VIRTIO_F_RING_RESET));
	tb_mmio_setup_vq(t, 0, n0, &p0);
	tb_mmio_setup_vq(t, other, n1, &p1);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	r->reset_after_enable = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	/* reset queue 0 alone (4.2.2.2: done once QueueReset reads 0) */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_RESET, 1);
	while (tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET) && ++polls < 1000)
		;
	r->reset_polls = polls;
	r->ready_after_reset = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, other);
	r->other_ready = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	/* set up again, with other rings */
	r->del = virtio_mmio_del_vq(vm, 0);
	r->setup_again = tb_mmio_setup_vq(t, 0, n0, &p2);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	r->reset_after_setup = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	r->ready_after_setup = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	/* and the other queue through the model */
	r->model_reset = virtio_mmio_reset_queue(vm, other);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, other);
	r->other_ready_after = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	r->first_ready_after = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

START_TEST(test_m7_queue_reset_resets_one_queue_alone)
{
	struct m7_res r = { 0 };

	tb_mmio_run(_i, &r.t, m7_body, NULL);
	if (!r.offered || !r.other) {
		/* M7 applies to a device that offers RING_RESET and has a
		 * second queue to watch */
		printf("%s: RING_RESET %s, %u queue(s): M7 does not apply\n",
		       r.t.e->name, r.offered ? "offered" : "not offered",
		       r.t.dut.num_queues);
		tb_mmio_done(&r.t);
		return;
	}
	ck_assert_uint_eq(r.reset_after_enable, 0);
	ck_assert_uint_lt(r.reset_polls, 1000);
	ck_assert_uint_eq(r.ready_after_reset, 0);
	ck_assert_uint_eq(r.other_ready, 1); /* the other one runs */
	ck_assert_int_eq(r.del, 0);
	ck_assert_int_eq(r.setup_again, 0);
	ck_assert_uint_eq(r.reset_after_setup, 0);
	ck_assert_uint_eq(r.ready_after_setup, 1);
	ck_assert_int_eq(r.model_reset, 0);
	ck_assert_uint_eq(r.other_ready_after, 0);
	ck_assert_uint_eq(r.first_ready_after, 1);
	tb_mmio_done(&r.t);
}
END_TEST

/* What m11 got back from the model. */
struct m11_res {
	struct tb_mmio t;   /* the harness; the body gets &res->t */
	int setup_too_big;  /* tb_mmio_setup_vq() above QueueNumMax */
	int setup_not_pow2; /* ... with a size not a power of 2 */
};

static void m11_body(struct tb_mmio *t)
{
	struct m11_res *r = tb_container_of(t, struct m11_res, t);
	struct virtio_mmio_device *vm = t->vm;

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_write(vm, VIRTIO_MMIO_MAGIC_VALUE, 1); /* read-only */
	virtio_mmio_read(vm, VIRTIO_MMIO_QUEUE_SEL);	   /* write-only */
	virtio_mmio_read(vm, VIRTIO_MMIO_QUEUE_PFN);	   /* legacy only */
	virtio_mmio_read(vm, 0x0f0);			   /* no register */
	r->setup_too_big =
		tb_mmio_setup_vq(t, 0, too_big(t->dut.queue_num_max[0]), NULL);
	r->setup_not_pow2 = tb_mmio_setup_vq(t, 0, 24, NULL);
}

START_TEST(test_m11_driver_model_checks_its_register_accesses)
{
	struct m11_res r = { 0 };

	tb_mmio_run(_i, &r.t, m11_body, "virtio.driver");
	ck_assert_int_eq(r.setup_too_big, -EINVAL);
	ck_assert_int_eq(r.setup_not_pow2, -EINVAL);
	ck_assert_uint_eq(sim_report_count_id(r.t.e->sim, "virtio.driver"), 6);
	tb_mmio_done(&r.t);
}
END_TEST

/* -------------------------------------------------------------- misuse */

/* What misuse_body got back, accesses in the order it makes them. */
struct misuse_res {
	struct tb_mmio t;	/* the harness; the body gets &res->t */
	int write_resp[9];	/* AXI response of each write */
	int read_resp[6];	/* AXI response of each read */
	uint32_t read_value[6]; /* what each read returned */
	uint32_t status;	/* Status afterwards */
	uint32_t magic;		/* MagicValue afterwards */
	uint32_t queue_ready;	/* QueueReady of queue 0 afterwards */
};

static void misuse_body(struct tb_mmio *t)
{
	struct misuse_res *r = tb_container_of(t, struct misuse_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_setup_vq(t, 0, 0, NULL);
	/* wrong width, unaligned, read-only, unknown: OKAY, no change */
	r->write_resp[0] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_STATUS, 0, 0x1);
	r->write_resp[1] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_STATUS + 1, 0, 0x2);
	r->write_resp[2] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_MAGIC_VALUE, 0, 0xf);
	r->write_resp[3] = axil_master_write(t->e->axil,
					     VIRTIO_MMIO_QUEUE_NUM_MAX, 1, 0xf);
	r->write_resp[4] = axil_master_write(t->e->axil, 0x0f0, 0x5555, 0xf);
	r->write_resp[5] = axil_master_write(t->e->axil, 0x0e8, 0x5555, 0xf);
	r->write_resp[6] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_QUEUE_PFN, 9,
				  0xf); /* legacy-only in version 2 */
	/* queue registers while the queue is ready: ignored */
	r->write_resp[7] =
		axil_master_write(t->e->axil, VIRTIO_MMIO_QUEUE_NUM, 8, 0xf);
	r->write_resp[8] = axil_master_write(
		t->e->axil, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x9000, 0xf);
	/* reads of write-only and unknown offsets return 0 */
	r->read_resp[0] =
		tb_mmio_raw_rd(t, VIRTIO_MMIO_QUEUE_SEL, &r->read_value[0]);
	r->read_resp[1] = tb_mmio_raw_rd(t, VIRTIO_MMIO_DRIVER_FEATURES,
					 &r->read_value[1]);
	r->read_resp[2] = tb_mmio_raw_rd(t, 0x0f0, &r->read_value[2]);
	r->read_resp[3] = tb_mmio_raw_rd(t, VIRTIO_MMIO_GUEST_PAGE_SIZE,
					 &r->read_value[3]);
	r->read_resp[4] =
		tb_mmio_raw_rd(t, VIRTIO_MMIO_STATUS + 2, &r->read_value[4]);
	/* past any device type's configuration space */
	r->read_resp[5] = tb_mmio_raw_rd(t, VIRTIO_MMIO_CONFIG + 0x800,
					 &r->read_value[5]);
	/* nothing moved */
	r->status = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	r->magic = tb_mmio_rd(t, VIRTIO_MMIO_MAGIC_VALUE);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	r->queue_ready = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

START_TEST(test_misuse_gets_okay_and_changes_nothing)
{
	struct misuse_res r = { 0 };
	int k;

	tb_mmio_run(_i, &r.t, misuse_body, NULL);
	for (k = 0; k < 9; k++)
		ck_assert_msg(r.write_resp[k] == AXI_OKAY,
			      "write %d: response %d", k, r.write_resp[k]);
	for (k = 0; k < 6; k++)
		ck_assert_msg(r.read_resp[k] == AXI_OKAY,
			      "read %d: response %d", k, r.read_resp[k]);
	for (k = 0; k < 6; k++)
		ck_assert_msg(r.read_value[k] == 0, "read %d returned 0x%x", k,
			      r.read_value[k]);
	ck_assert_uint_eq(r.status, 15);
	ck_assert_uint_eq(r.magic, VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(r.queue_ready, 1);
	tb_mmio_done(&r.t);
}
END_TEST

static void test_mmio_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_m1_magic_version_and_ids, 0);
	tb_add_seeded(r, test_m2_device_features_word_select, 0);
	tb_add_seeded(r, test_m5_queue_num_max_zero_past_the_last_queue, 0);
	tb_add_seeded(r, test_m6_queue_ready_reads_back_and_refuses_a_bad_size,
		      0);
	tb_add_seeded(r, test_m7_queue_reset_resets_one_queue_alone, 0);
	tb_add_seeded(r, test_m8_shm_registers_read_all_ones, 0);
	tb_add_seeded(r, test_m11_driver_model_checks_its_register_accesses, 0);
	tb_add_seeded(r, test_misuse_gets_okay_and_changes_nothing, 0);
	tb_add_seeded(r, test_s3_reset_stops_every_queue, 0);
	tb_add_seeded(r, test_s5_status_reads_back_each_step, 0);
	tb_add_seeded(r, test_s7_offered_features_carry_their_dependencies, 0);
	tb_add_seeded(r, test_s8_no_reserved_or_transport_unsupported_bits, 0);
	tb_add_seeded(r, test_s9_features_ok_only_for_valid_subsets, 0);
	tb_add_seeded(r, test_s10_version_1_offered, 0);
	tb_add_seeded(r, test_s14_driver_model_reports_its_own_rule_breaks, 0);
}

TB_TESTS(test_mmio_register)
