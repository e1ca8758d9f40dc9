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
	ck_assert_uint_eq(r.device_id, TB_DEVICE_ID);
	ck_assert_uint_eq(r.vendor_id, TB_VENDOR_ID);
	ck_assert_uint_eq(r.t.vm->version, 2);
	tb_mmio_done(&r.t);
}
END_TEST

/* What features_body read: DeviceFeatures for each DeviceFeaturesSel. */
struct features_res {
	struct tb_mmio t;	/* the harness; the body gets &res->t */
	uint32_t features_lo;	/* selector 0: feature bits 31:0 */
	uint32_t features_hi;	/* selector 1: feature bits 63:32 */
	uint32_t features_sel2; /* selector 2: past the 64 defined bits */
	uint32_t features_sel3; /* selector 3: likewise */
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

	r->features_lo = device_features(t, 0);
	r->features_hi = device_features(t, 1);
	r->features_sel2 = device_features(t, 2);
	r->features_sel3 = device_features(t, 3);
}

START_TEST(test_m2_device_features_word_select)
{
	struct features_res r = { 0 };

	tb_mmio_run(_i, &r.t, features_body, NULL);
	ck_assert_uint_eq(r.features_lo, (uint32_t)OFFERED);
	ck_assert_uint_eq(r.features_hi, (uint32_t)(OFFERED >> 32));
	ck_assert_uint_eq(r.features_sel2, 0);
	ck_assert_uint_eq(r.features_sel3, 0);
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
	f = r.features_lo | (uint64_t)r.features_hi << 32;
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

START_TEST(test_s7_offered_features_carry_their_dependencies)
{
	/* bit -> bit it needs: the fixture's device dependency, and the
	 * transport's (2.2.2: never offer a feature without its needs) */
	static const unsigned deps[][2] = { { 5, 0 } };
	struct features_res r = { 0 };
	uint64_t f;
	unsigned i;

	tb_mmio_run(_i, &r.t, features_body, NULL);
	f = r.features_lo | (uint64_t)r.features_hi << 32;
	for (i = 0; i < sizeof(deps) / sizeof(deps[0]); i++)
		if (f & (1ull << deps[i][0]))
			ck_assert_msg(f & (1ull << deps[i][1]),
				      "bit %u offered without bit %u",
				      deps[i][0], deps[i][1]);
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

/* What s1 read. */
struct s1_res {
	struct tb_mmio t;	      /* the harness; the body gets &res->t */
	uint32_t resets_before;	      /* completed resets before Status = 0 */
	uint32_t features_hi;	      /* DeviceFeatures[63:32] right after */
	uint32_t reset_cycles;	      /* cycles from Status = 0 to that read */
	uint32_t status_after_reset;  /* Status then */
	uint32_t resets_after;	      /* completed resets then */
	uint32_t resets_after_again;  /* after Status = 0 while it reads 0 */
	int linux_reset;	      /* virtio_reset_device(), Linux's way */
	uint32_t status_linux_reset;  /* Status after it */
	int polled_reset;	      /* virtio_reset_device(), polling */
	uint32_t status_polled_reset; /* Status after it */
	uint32_t resets_at_end;	      /* completed resets at the end */
};

/* S1: Linux's vm_reset and U-Boot write Status = 0 and go straight on.
 * With the fake engine slow to drain, the next accesses (U-Boot's probe
 * selects the high feature word and reads it) must wait for the reset and
 * then act on the reset device: none is lost, none sees old state. */
static void s1_body(struct tb_mmio *t)
{
	struct s1_res *r = tb_container_of(t, struct s1_res, t);
	sim_t *sim = t->e->sim;
	uint64_t c0;

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_wr(t, CTRL_IDLE_DELAY, 40); /* the fake engine drains slowly */
	r->resets_before = tb_mmio_rd(t, CTRL_RESETS);
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	c0 = sim_cycles(sim);
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	r->features_hi = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	r->reset_cycles = (uint32_t)(sim_cycles(sim) - c0);
	r->status_after_reset = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	r->resets_after = tb_mmio_rd(t, CTRL_RESETS);
	/* a reset while Status already reads 0 still completes */
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 0);
	r->resets_after_again = tb_mmio_rd(t, CTRL_RESETS);
	/* the driver model: Linux's way (no poll), then the polling one */
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	r->linux_reset = virtio_reset_device(&t->vm->vdev);
	r->status_linux_reset = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	t->hw.reset_poll = true;
	r->polled_reset = virtio_reset_device(&t->vm->vdev);
	r->status_polled_reset = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	r->resets_at_end = tb_mmio_rd(t, CTRL_RESETS);
}

START_TEST(test_s1_access_after_status_zero_waits_for_the_reset)
{
	struct s1_res r = { 0 };

	tb_mmio_run(_i, &r.t, s1_body, NULL);
	ck_assert_msg(
		r.features_hi & 1,
		"DeviceFeatures[63:32] right after Status = 0 reads 0x%x: "
		"the DeviceFeaturesSel write was lost (no VERSION_1)",
		r.features_hi);
	ck_assert_msg(r.reset_cycles >= 40,
		      "the accesses after Status = 0 took %u cycles: they did "
		      "not wait for the 40-cycle drain",
		      r.reset_cycles);
	ck_assert_uint_eq(r.status_after_reset, 0);
	ck_assert_uint_eq(r.resets_after, r.resets_before + 1);
	ck_assert_uint_eq(r.resets_after_again, r.resets_before + 2);
	ck_assert_int_eq(r.linux_reset, 0);
	ck_assert_uint_eq(r.status_linux_reset, 0);
	ck_assert_int_eq(r.polled_reset, 0);
	ck_assert_uint_eq(r.status_polled_reset, 0);
	ck_assert_uint_eq(r.resets_at_end,
			  r.resets_before + 6); /* and two inits */
	tb_mmio_done(&r.t);
}
END_TEST

/* What s3 read. */
struct s3_res {
	struct tb_mmio t;	   /* the harness; the body gets &res->t */
	uint32_t isr_before_reset; /* InterruptStatus after both events */
	uint32_t isr_after_reset;  /* InterruptStatus after the reset */
	uint32_t queue_ready[TB_NUM_QUEUES]; /* QueueReady of each, after it */
	uint32_t queue_reset[TB_NUM_QUEUES]; /* QueueReset of each, after it */
	bool irq_level;			     /* the interrupt line at the end */
};

static void s3_body(struct tb_mmio *t)
{
	struct s3_res *r = tb_container_of(t, struct s3_res, t);
	struct virtio_mmio_device *vm = t->vm;
	unsigned q;

	tb_mmio_init(t, (1ull << VIRTIO_F_VERSION_1) |
				(1ull << VIRTIO_F_RING_RESET));
	for (q = 0; q < TB_NUM_QUEUES; q++)
		virtio_mmio_setup_queue(vm, q, 256, 0x10000 * (q + 1),
					0x10000 * (q + 1) + 0x1000,
					0x10000 * (q + 1) + 0x2000);
	tb_mmio_event(t, CTRL_EV_USED_IRQ | CTRL_EV_CFG_CHANGE);
	r->isr_before_reset = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	virtio_reset_device(&vm->vdev);
	r->isr_after_reset = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	for (q = 0; q < TB_NUM_QUEUES; q++) {
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
		r->queue_ready[q] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
		r->queue_reset[q] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	}
	r->irq_level = irq_mon_level(t->e->irq);
}

START_TEST(test_s3_reset_clears_interrupts_and_every_queue)
{
	struct s3_res r = { 0 };

	tb_mmio_run(_i, &r.t, s3_body, NULL);
	ck_assert_uint_eq(r.isr_before_reset, 3);
	ck_assert_uint_eq(r.isr_after_reset, 0);
	ck_assert_uint_eq(r.queue_ready[0] | r.queue_reset[0] |
				  r.queue_ready[1] | r.queue_reset[1],
			  0);
	ck_assert_uint_eq(r.irq_level, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What s2 saw. */
struct s2_res {
	struct tb_mmio t;	  /* the harness; the body gets &res->t */
	bool irq_raised;	  /* the used-buffer event raised the line */
	bool irq_after_reset;	  /* the interrupt line after the reset */
	uint32_t isr_after_reset; /* InterruptStatus then */
	uint32_t irq_edges;	  /* rising edges of the line, in all */
};

static void s2_body(struct tb_mmio *t)
{
	struct s2_res *r = tb_container_of(t, struct s2_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_event(t, CTRL_EV_USED_IRQ);
	r->irq_raised = irq_mon_wait(t->e->irq, 100) == 0;
	virtio_reset_device(&t->vm->vdev);
	tb_mmio_sync(t); /* the Status write, posted when pipelined */
	sim_wait_cycles(t->e->sim, 2);
	r->irq_after_reset = irq_mon_level(t->e->irq);
	r->isr_after_reset = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	/* a used-buffer event after the reset, before re-initialisation,
	 * must not raise a notification (2.4.1) */
	tb_mmio_event(t, CTRL_EV_USED_IRQ);
	sim_wait_cycles(t->e->sim, 20);
	r->irq_edges = (uint32_t)irq_mon_edges(t->e->irq);
}

START_TEST(test_s2_no_notification_after_reset)
{
	struct s2_res r = { 0 };
	struct axi_check_stats st;

	tb_mmio_run(_i, &r.t, s2_body, NULL);
	ck_assert_uint_eq(r.irq_raised, 1);
	ck_assert_uint_eq(r.irq_after_reset, 0);
	ck_assert_uint_eq(r.isr_after_reset, 0);
	ck_assert_uint_eq(r.irq_edges, 1); /* only the one before the reset */
	axi_check_stats(r.t.e->axi_chk, &st);
	ck_assert_uint_eq(st.ar + st.aw, 0); /* no DMA at all */
	tb_mmio_done(&r.t);
}
END_TEST

/* What s6 read: DEVICE_NEEDS_RESET signalled before DRIVER_OK, then after
 * it. */
struct s6_res {
	struct tb_mmio t; /* the harness; the body gets &res->t */
	uint32_t status_before_driver_ok; /* Status */
	uint32_t isr_before_driver_ok;	  /* InterruptStatus */
	bool irq_raised;		  /* the second one raised the line */
	uint32_t status_after_driver_ok;  /* Status then */
	uint32_t handled;		  /* virtio_mmio_interrupt() */
	uint32_t status_after_handler;	  /* Status after it */
};

static void s6_body(struct tb_mmio *t)
{
	struct s6_res *r = tb_container_of(t, struct s6_res, t);

	/* before DRIVER_OK: the bit, but no notification */
	virtio_reset_device(&t->vm->vdev);
	virtio_add_status(&t->vm->vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	tb_mmio_event(t, CTRL_EV_NEEDS_RESET);
	r->status_before_driver_ok = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	r->isr_before_driver_ok = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	/* after DRIVER_OK: the bit and a configuration-change interrupt */
	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_event(t, CTRL_EV_NEEDS_RESET);
	r->irq_raised = irq_mon_wait(t->e->irq, 100) == 0;
	r->status_after_driver_ok = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	r->handled = virtio_mmio_interrupt(t->vm);
	/* the driver setting status cannot clear the device's bit */
	r->status_after_handler = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

START_TEST(test_s6_needs_reset_sets_bit_and_config_interrupt)
{
	struct s6_res r = { 0 };

	tb_mmio_run(_i, &r.t, s6_body, NULL);
	ck_assert_uint_eq(r.status_before_driver_ok, 0x41);
	ck_assert_uint_eq(r.isr_before_driver_ok, 0);
	ck_assert_uint_eq(r.irq_raised, 1);
	ck_assert_uint_eq(r.status_after_driver_ok, 0x4f);
	ck_assert_uint_eq(r.handled, VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	ck_assert_uint_eq(r.t.config_changed, 1);
	ck_assert_uint_eq(r.status_after_handler & 0x40, 0x40);
	tb_mmio_done(&r.t);
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

/* What s9 read: Status after setting FEATURES_OK with each set of driver
 * features, then the features the device function was given. */
struct s9_res {
	struct tb_mmio t;	      /* the harness; the body gets &res->t */
	uint32_t status_minimal;      /* VERSION_1 alone */
	uint32_t status_everything;   /* everything offered */
	uint32_t status_dep_met;      /* bit 5 with bit 0, which it needs */
	uint32_t status_not_offered;  /* with bit 1, not offered */
	uint32_t status_no_version_1; /* without VERSION_1 */
	uint32_t status_dep_missing;  /* bit 5 without bit 0 */
	uint32_t status_high_not_offered; /* with bit 63, not offered */
	uint32_t drv_features_lo; /* driver features at the device, 31:0 */
	uint32_t drv_features_hi; /* driver features at the device, 63:32 */
};

static void s9_body(struct tb_mmio *t)
{
	struct s9_res *r = tb_container_of(t, struct s9_res, t);
	uint64_t v1 = 1ull << VIRTIO_F_VERSION_1;

	r->status_minimal = try_features(t, v1);
	r->status_everything = try_features(t, OFFERED);
	r->status_dep_met = try_features(t, v1 | 1 | (1ull << 5));
	r->status_not_offered = try_features(t, v1 | (1ull << 1));
	r->status_no_version_1 = try_features(t, 1);
	r->status_dep_missing = try_features(t, v1 | (1ull << 5));
	r->status_high_not_offered = try_features(t, v1 | (1ull << 63));
	/* accepted features reach the device side */
	try_features(t, v1 | (1ull << VIRTIO_F_EVENT_IDX));
	r->drv_features_lo = tb_mmio_rd(t, CTRL_DRV_FEAT_LO);
	r->drv_features_hi = tb_mmio_rd(t, CTRL_DRV_FEAT_HI);
}

START_TEST(test_s9_features_ok_only_for_valid_subsets)
{
	struct s9_res r = { 0 };

	tb_mmio_run(_i, &r.t, s9_body, NULL);
	ck_assert_uint_eq(r.status_minimal, 11);
	ck_assert_uint_eq(r.status_everything, 11);
	ck_assert_uint_eq(r.status_dep_met, 11);
	ck_assert_uint_eq(r.status_not_offered, 3);
	ck_assert_uint_eq(r.status_no_version_1, 3);
	ck_assert_uint_eq(r.status_dep_missing, 3);
	ck_assert_uint_eq(r.status_high_not_offered, 3);
	ck_assert_uint_eq(r.drv_features_lo, 1u << VIRTIO_F_EVENT_IDX);
	ck_assert_uint_eq(r.drv_features_hi, 1);
	tb_mmio_done(&r.t);
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

/* What s11 read from the configuration space before FEATURES_OK. */
struct s11_res {
	struct tb_mmio t; /* the harness; the body gets &res->t */
	uint32_t cfg32_8; /* the 32-bit field at offset 8 */
	uint32_t cfg8_13; /* the byte at offset 13 */
};

static void s11_body(struct tb_mmio *t)
{
	struct s11_res *r = tb_container_of(t, struct s11_res, t);
	struct virtio_device *vdev = &t->vm->vdev;

	fill_config(t);
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	r->cfg32_8 = virtio_cread32(vdev, 8);
	r->cfg8_13 = virtio_cread8(vdev, 13);
}

START_TEST(test_s11_config_readable_before_features_ok)
{
	struct s11_res r = { 0 };

	tb_mmio_run(_i, &r.t, s11_body, NULL);
	ck_assert_uint_eq(r.cfg32_8, 0x0b0a0908);
	ck_assert_uint_eq(r.cfg8_13, 13);
	tb_mmio_done(&r.t);
}
END_TEST

/* What s12 read of ConfigGeneration and of the 64-bit field at offset 16. */
struct s12_res {
	struct tb_mmio t;	 /* the harness; the body gets &res->t */
	bool generation_stable;	 /* unchanged across reads, no change made */
	bool generation_changed; /* changed across a change */
	uint32_t torn_lo;	 /* low half, read before the change */
	uint32_t torn_hi;	 /* high half, read after it */
	uint32_t cread64_lo;	 /* virtio_cread64(), low half */
	uint32_t cread64_hi;	 /* virtio_cread64(), high half */
};

static void s12_body(struct tb_mmio *t)
{
	struct s12_res *r = tb_container_of(t, struct s12_res, t);
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
	r->generation_stable = g0 == g1;
	/* a change between the two halves of a 64-bit field */
	lo = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG + 16);
	tb_mmio_wr(t, CTRL_CFG_RAM + 16, 0xaaaaaaaa);
	tb_mmio_wr(t, CTRL_CFG_RAM + 20, 0xbbbbbbbb);
	tb_mmio_event(t, CTRL_EV_CFG_CHANGE);
	hi = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG + 20);
	g2 = tb_mmio_rd(t, VIRTIO_MMIO_CONFIG_GENERATION);
	r->generation_changed = g2 != g1;
	r->torn_lo = lo;
	r->torn_hi = hi;
	/* the model's generation loop returns a consistent value */
	v = virtio_cread64(vdev, 16);
	r->cread64_lo = (uint32_t)v;
	r->cread64_hi = (uint32_t)(v >> 32);
	virtio_mmio_interrupt(t->vm);
}

START_TEST(test_s12_generation_changes_with_the_config)
{
	struct s12_res r = { 0 };

	tb_mmio_run(_i, &r.t, s12_body, NULL);
	ck_assert_uint_eq(r.generation_stable, 1);
	ck_assert_uint_eq(r.generation_changed, 1);
	ck_assert_uint_eq(r.torn_lo, 0x13121110); /* the torn read */
	ck_assert_uint_eq(r.torn_hi, 0xbbbbbbbb);
	ck_assert_uint_eq(r.cread64_lo, 0xaaaaaaaa);
	ck_assert_uint_eq(r.cread64_hi, 0xbbbbbbbb);
	tb_mmio_done(&r.t);
}
END_TEST

/* What s13 saw around a configuration change. */
struct s13_res {
	struct tb_mmio t;   /* the harness; the body gets &res->t */
	bool irq_before;    /* the interrupt line before the change */
	bool irq_raised;    /* the change raised it */
	uint32_t isr;	    /* InterruptStatus then */
	uint32_t handled;   /* what virtio_mmio_interrupt() found */
	bool irq_after_ack; /* the line after its InterruptACK */
};

static void s13_body(struct tb_mmio *t)
{
	struct s13_res *r = tb_container_of(t, struct s13_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	r->irq_before = irq_mon_level(t->e->irq);
	tb_mmio_event(t, CTRL_EV_CFG_CHANGE);
	r->irq_raised = irq_mon_wait(t->e->irq, 100) == 0;
	r->isr = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	r->handled = virtio_mmio_interrupt(t->vm);
	tb_mmio_sync(t); /* its InterruptACK write, posted when pipelined */
	sim_wait_cycles(t->e->sim, 2);
	r->irq_after_ack = irq_mon_level(t->e->irq);
}

START_TEST(test_s13_config_change_raises_an_interrupt)
{
	struct s13_res r = { 0 };

	tb_mmio_run(_i, &r.t, s13_body, NULL);
	ck_assert_uint_eq(r.irq_before, 0);
	ck_assert_uint_eq(r.irq_raised, 1);
	ck_assert_uint_eq(r.isr, VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	ck_assert_uint_eq(r.handled, VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	ck_assert_uint_eq(r.t.config_changed, 1);
	ck_assert_uint_eq(r.irq_after_ack, 0);
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

/* ------------------------------------------------------ M: interrupts */

/* What m3 read as the two interrupt bits were acknowledged one by one. */
struct m3_res {
	struct tb_mmio t;	   /* the harness; the body gets &res->t */
	uint32_t isr;		   /* InterruptStatus after both events */
	bool irq;		   /* the interrupt line then */
	uint32_t isr_vring_acked;  /* InterruptStatus after acking bit 0 */
	bool irq_vring_acked;	   /* the line then */
	uint32_t isr_unset_acked;  /* after acking bits 31:2, never set */
	uint32_t isr_config_acked; /* after acking bit 1 as well */
	bool irq_config_acked;	   /* the line then */
};

static void m3_body(struct tb_mmio *t)
{
	struct m3_res *r = tb_container_of(t, struct m3_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_event(t, CTRL_EV_USED_IRQ);
	tb_mmio_event(t, CTRL_EV_CFG_CHANGE);
	r->isr = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	r->irq = irq_mon_level(t->e->irq);
	tb_mmio_wr(t, VIRTIO_MMIO_INTERRUPT_ACK,
		   VIRTIO_MMIO_INTERRUPT_STATUS_VRING);
	r->isr_vring_acked = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	sim_wait_cycles(t->e->sim, 2);
	r->irq_vring_acked = irq_mon_level(t->e->irq);
	/* a bit for an event that did not happen stays 0, whatever is
	 * acknowledged */
	tb_mmio_wr(t, VIRTIO_MMIO_INTERRUPT_ACK, 0xfffffffc);
	r->isr_unset_acked = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	tb_mmio_wr(t, VIRTIO_MMIO_INTERRUPT_ACK,
		   VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	r->isr_config_acked = tb_mmio_rd(t, VIRTIO_MMIO_INTERRUPT_STATUS);
	sim_wait_cycles(t->e->sim, 2);
	r->irq_config_acked = irq_mon_level(t->e->irq);
}

START_TEST(test_m3_interrupt_bits_persist_until_ack)
{
	struct m3_res r = { 0 };

	tb_mmio_run(_i, &r.t, m3_body, NULL);
	ck_assert_uint_eq(r.isr, 3);
	ck_assert_uint_eq(r.irq, 1);
	ck_assert_uint_eq(r.isr_vring_acked, 2);
	ck_assert_uint_eq(r.irq_vring_acked, 1);
	ck_assert_uint_eq(r.isr_unset_acked, 2);
	ck_assert_uint_eq(r.isr_config_acked, 0);
	ck_assert_uint_eq(r.irq_config_acked, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* ----------------------------------------------------------- M: queues */

/* What m5 read of QueueNumMax. */
struct m5_res {
	struct tb_mmio t;	   /* the harness; the body gets &res->t */
	uint32_t queue_num_max[4]; /* queues 0 to 3, through the model */
	uint32_t num_max_sel_ffff; /* with QueueSel 0xffff */
	int setup_past_last; /* virtio_mmio_setup_queue(), queue TB_NUM_QUEUES */
};

static void m5_body(struct tb_mmio *t)
{
	struct m5_res *r = tb_container_of(t, struct m5_res, t);
	unsigned q;

	for (q = 0; q < 4; q++)
		r->queue_num_max[q] = virtio_mmio_queue_num_max(t->vm, q);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0xffff);
	r->num_max_sel_ffff = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_NUM_MAX);
	r->setup_past_last = virtio_mmio_setup_queue(t->vm, TB_NUM_QUEUES, 16,
						     0x1000, 0x2000, 0x3000);
}

START_TEST(test_m5_queue_num_max_zero_past_the_last_queue)
{
	struct m5_res r = { 0 };

	tb_mmio_run(_i, &r.t, m5_body, NULL);
	ck_assert_uint_eq(r.queue_num_max[0], TB_QUEUE_SIZE_MAX);
	ck_assert_uint_eq(r.queue_num_max[1], TB_QUEUE_SIZE_MAX);
	ck_assert_uint_eq(r.queue_num_max[2], 0);
	ck_assert_uint_eq(r.queue_num_max[3], 0);
	ck_assert_uint_eq(r.num_max_sel_ffff, 0);
	ck_assert_int_eq(r.setup_past_last, -ENOENT);
	tb_mmio_done(&r.t);
}
END_TEST

/* What the block exports to the ring engine for one queue, as the
 * test-control block shows it. */
struct q_export {
	uint32_t size;	   /* queue size */
	uint32_t desc_lo;  /* descriptor table address, 31:0 */
	uint32_t desc_hi;  /* descriptor table address, 63:32 */
	uint32_t avail_lo; /* driver area address, 31:0 */
	uint32_t avail_hi; /* driver area address, 63:32 */
	uint32_t used_lo;  /* device area address, 31:0 */
	uint32_t used_hi;  /* device area address, 63:32 */
};

static void q_view(struct tb_mmio *t, unsigned q, struct q_export *out)
{
	tb_mmio_wr(t, CTRL_Q_SEL, q);
	out->size = tb_mmio_rd(t, CTRL_Q_SIZE);
	out->desc_lo = tb_mmio_rd(t, CTRL_Q_DESC_LO);
	out->desc_hi = tb_mmio_rd(t, CTRL_Q_DESC_HI);
	out->avail_lo = tb_mmio_rd(t, CTRL_Q_AVAIL_LO);
	out->avail_hi = tb_mmio_rd(t, CTRL_Q_AVAIL_HI);
	out->used_lo = tb_mmio_rd(t, CTRL_Q_USED_LO);
	out->used_hi = tb_mmio_rd(t, CTRL_Q_USED_HI);
}

/* What m6 read of queue 1. */
struct m6_res {
	struct tb_mmio t;	  /* the harness; the body gets &res->t */
	int setup;		  /* virtio_mmio_setup_queue() */
	uint32_t queue_ready;	  /* QueueReady then */
	struct q_export exported; /* what the ring engine is given then */
	uint32_t ctrl_state;	  /* CTRL_STATE: bit 1 is q_ready[1] */
	int del;		  /* virtio_mmio_del_queue() */
	uint32_t ready_after_del; /* QueueReady after it */
	uint32_t ready_num_48;	  /* QueueReady after writing 1, QueueNum 48 */
	uint32_t ready_num_2048;  /* likewise with QueueNum 2048 */
};

static void m6_body(struct tb_mmio *t)
{
	struct m6_res *r = tb_container_of(t, struct m6_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	/* rings above 4 GiB, each part at its minimum alignment (Q1) */
	r->setup = virtio_mmio_setup_queue(t->vm, 1, 64, 0x123400000010ull,
					   0x123400001002ull,
					   0x123400002004ull);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	r->queue_ready = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	q_view(t, 1, &r->exported);
	r->ctrl_state = tb_mmio_rd(t, CTRL_STATE);
	r->del = virtio_mmio_del_queue(t->vm, 1);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	r->ready_after_del = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	/* a size that is not a power of two: the queue refuses to start */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 48);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	r->ready_num_48 = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 2048); /* above the maximum */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	r->ready_num_2048 = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

START_TEST(test_m6_queue_ready_reads_back_and_exports_the_queue)
{
	struct m6_res r = { 0 };

	tb_mmio_run(_i, &r.t, m6_body, NULL);
	ck_assert_int_eq(r.setup, 0);
	ck_assert_uint_eq(r.queue_ready, 1);
	ck_assert_uint_eq(r.exported.size, 64);
	ck_assert_uint_eq(r.exported.desc_lo, 0x00000010);
	ck_assert_uint_eq(r.exported.desc_hi, 0x1234);
	ck_assert_uint_eq(r.exported.avail_lo, 0x00001002);
	ck_assert_uint_eq(r.exported.avail_hi, 0x1234);
	ck_assert_uint_eq(r.exported.used_lo, 0x00002004);
	ck_assert_uint_eq(r.exported.used_hi, 0x1234);
	ck_assert_uint_eq((r.ctrl_state >> 1) & 1, 1); /* q_ready[1] exported */
	ck_assert_int_eq(r.del, 0);
	ck_assert_uint_eq(r.ready_after_del, 0);
	ck_assert_uint_eq(r.ready_num_48, 0);
	ck_assert_uint_eq(r.ready_num_2048, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What m7 read: queue 0 reset alone, re-enabled; queue 1 reset by the
 * model. */
struct m7_res {
	struct tb_mmio t;	     /* the harness; the body gets &res->t */
	uint32_t reset_after_enable; /* QueueReset of queue 0 once enabled */
	uint32_t reset_ongoing;	     /* QueueReset right after writing 1 */
	uint32_t ready_ongoing;	     /* QueueReady then */
	uint32_t reset_polls;	    /* QueueReset reads until 0 (1000: never) */
	uint32_t ready_after_reset; /* QueueReady once it read 0 */
	uint32_t other_ready;	    /* QueueReady of queue 1 then */
	int setup_again;	    /* virtio_mmio_setup_queue() of queue 0 */
	struct q_export exported;   /* what the ring engine is given then */
	uint32_t reset_after_setup; /* QueueReset of queue 0 then */
	int model_reset;	    /* virtio_mmio_reset_queue() of queue 1 */
	uint32_t other_ready_after; /* QueueReady of queue 1 after it */
};

static void m7_body(struct tb_mmio *t)
{
	struct m7_res *r = tb_container_of(t, struct m7_res, t);
	struct virtio_mmio_device *vm = t->vm;
	unsigned polls = 0;

	tb_mmio_init(t, (1ull << VIRTIO_F_VERSION_1) |
				(1ull << VIRTIO_F_RING_RESET));
	virtio_mmio_setup_queue(vm, 0, 256, 0x10000, 0x11000, 0x12000);
	virtio_mmio_setup_queue(vm, 1, 256, 0x20000, 0x21000, 0x22000);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	r->reset_after_enable = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	/* reset queue 0 alone; the fake engine takes 30 cycles */
	tb_mmio_wr(t, CTRL_IDLE_DELAY, 30);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_RESET, 1);
	r->reset_ongoing = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	r->ready_ongoing = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	while (tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET) && ++polls < 1000)
		;
	r->reset_polls = polls;
	r->ready_after_reset = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	r->other_ready = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	/* re-enable queue 0 with another size and other addresses */
	r->setup_again =
		virtio_mmio_setup_queue(vm, 0, 64, 0x30000, 0x31000, 0x32000);
	q_view(t, 0, &r->exported);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	r->reset_after_setup = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	/* and through the model */
	r->model_reset = virtio_mmio_reset_queue(vm, 1);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	r->other_ready_after = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

START_TEST(test_m7_queue_reset_resets_one_queue_alone)
{
	struct m7_res r = { 0 };

	tb_mmio_run(_i, &r.t, m7_body, NULL);
	ck_assert_uint_eq(r.reset_after_enable, 0);
	ck_assert_uint_eq(r.reset_ongoing, 1);
	ck_assert_uint_eq(r.ready_ongoing, 0);
	ck_assert_uint_gt(r.reset_polls, 0);
	ck_assert_uint_lt(r.reset_polls, 1000);
	ck_assert_uint_eq(r.ready_after_reset, 0);
	ck_assert_uint_eq(r.other_ready, 1); /* the other one runs */
	ck_assert_int_eq(r.setup_again, 0);
	ck_assert_uint_eq(r.exported.size, 64);
	ck_assert_uint_eq(r.exported.desc_lo, 0x30000);
	ck_assert_uint_eq(r.exported.avail_lo, 0x31000);
	ck_assert_uint_eq(r.exported.used_lo, 0x32000);
	ck_assert_uint_eq(r.reset_after_setup, 0);
	ck_assert_int_eq(r.model_reset, 0);
	ck_assert_uint_eq(r.other_ready_after, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What m9 found in the configuration space. */
struct m9_res {
	struct tb_mmio t;	/* the harness; the body gets &res->t */
	uint32_t mismatches;	/* reads that differ from what was written */
	uint32_t device_word_4; /* bytes 4..7 at the device function */
};

static void m9_body(struct tb_mmio *t)
{
	struct m9_res *r = tb_container_of(t, struct m9_res, t);
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
	r->mismatches = bad;
	/* the device function saw the same bytes */
	r->device_word_4 = tb_mmio_rd(t, CTRL_CFG_RAM + 4);
}

START_TEST(test_m9_config_accepts_8_16_and_32_bit_accesses)
{
	struct m9_res r = { 0 };

	tb_mmio_run(_i, &r.t, m9_body, NULL);
	ck_assert_uint_eq(r.mismatches, 0);
	ck_assert_uint_eq(r.device_word_4 >> 16, 0x1234);
	tb_mmio_done(&r.t);
}
END_TEST

/* What m10_body read of the notifications that reached the ring engine. */
struct notify_res {
	struct tb_mmio t;	   /* the harness; the body gets &res->t */
	uint32_t count_before;	   /* q_notify pulses before any notification */
	uint32_t count_after_one;  /* after the model notified queue 1 */
	uint32_t queue;		   /* the queue of the last pulse then */
	uint32_t count_after_data; /* after the NOTIFICATION_DATA form */
	uint32_t data;		   /* notify_data then */
	/* after notifications of a queue not ready, an absent queue and
	 * queue 0xffff */
	uint32_t count_after_spurious;
	uint32_t status; /* Status at the end */
};

static void m10_body(struct tb_mmio *t)
{
	struct notify_res *r = tb_container_of(t, struct notify_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_setup_queue(t->vm, 1, 16, 0x1000, 0x2000, 0x3000);
	r->count_before = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	virtio_mmio_notify(t->vm, 1, 0);
	r->count_after_one = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	r->queue = tb_mmio_rd(t, CTRL_NOTIFY_QUEUE);
	/* the NOTIFICATION_DATA form: avail index and wrap in 31:16 */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0x80050001u);
	r->count_after_data = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	r->data = tb_mmio_rd(t, CTRL_NOTIFY_DATA);
	/* Q11: spurious ones are harmless: a queue not ready, no queue */
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 7);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0xffff);
	r->count_after_spurious = tb_mmio_rd(t, CTRL_NOTIFY_COUNT);
	r->status = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

START_TEST(test_m10_notify_carries_the_queue_and_its_data)
{
	struct notify_res r = { 0 };

	tb_mmio_run(_i, &r.t, m10_body, NULL);
	ck_assert_uint_eq(r.count_after_one, r.count_before + 1);
	ck_assert_uint_eq(r.queue, 1);
	ck_assert_uint_eq(r.count_after_data, r.count_before + 2);
	ck_assert_uint_eq(r.data, 0x80050001u);
	ck_assert_uint_eq(r.count_after_spurious, r.count_before + 2);
	ck_assert_uint_eq(r.status, 15); /* no error state */
	tb_mmio_done(&r.t);
}
END_TEST

START_TEST(test_m4_no_notification_reaches_a_queue_that_is_not_ready)
{
	/* register side of M4: a QueueNotify for a queue with QueueReady 0
	 * never reaches the ring engine (no q_notify pulse) */
	struct notify_res r = { 0 };

	tb_mmio_run(_i, &r.t, m10_body, NULL);
	ck_assert_uint_eq(r.count_after_spurious, r.count_after_data);
	tb_mmio_done(&r.t);
}
END_TEST

/* What m11 got back from the model. */
struct m11_res {
	struct tb_mmio t;   /* the harness; the body gets &res->t */
	int setup_too_big;  /* virtio_mmio_setup_queue() above QueueNumMax */
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
		virtio_mmio_setup_queue(vm, 0, 4096, 0x1000, 0x2000, 0x3000);
	r->setup_not_pow2 =
		virtio_mmio_setup_queue(vm, 0, 24, 0x1000, 0x2000, 0x3000);
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
	struct tb_mmio t;	  /* the harness; the body gets &res->t */
	int write_resp[9];	  /* AXI response of each write */
	int read_resp[6];	  /* AXI response of each read */
	uint32_t read_value[6];	  /* what each read returned */
	uint32_t status;	  /* Status afterwards */
	uint32_t magic;		  /* MagicValue afterwards */
	struct q_export exported; /* what the ring engine has of queue 0 */
};

static void misuse_body(struct tb_mmio *t)
{
	struct misuse_res *r = tb_container_of(t, struct misuse_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_setup_queue(t->vm, 0, 32, 0x4000, 0x5000, 0x6000);
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
	r->read_resp[5] = tb_mmio_raw_rd(t, VIRTIO_MMIO_CONFIG + TB_CFG_SIZE,
					 &r->read_value[5]);
	/* nothing moved */
	r->status = tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
	r->magic = tb_mmio_rd(t, VIRTIO_MMIO_MAGIC_VALUE);
	q_view(t, 0, &r->exported);
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
	ck_assert_uint_eq(r.exported.size, 32);
	ck_assert_uint_eq(r.exported.desc_lo, 0x4000);
	tb_mmio_done(&r.t);
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
