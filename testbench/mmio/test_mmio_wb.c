/* SPDX-License-Identifier: MIT */
/*
 * test_mmio_wb.c - white-box tests of the virtio-mmio register block
 * (version 2) on its test bench, tb_vio_mmio: they raise device events
 * (DEVICE_NEEDS_RESET, a used-buffer interrupt, a configuration change),
 * slow the fake ring engine down, and read what the block exports to the
 * ring engine and the device function, all through the test-control block
 * (tb_vio_mmio_dut.h), and they expect tb_vio_mmio's parameters. The
 * contract tests (test_mmio.c) need none of that. Test names cite the
 * conformance ID they check.
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

static void no_body(struct tb_mmio *t)
{
	(void)t;
}

START_TEST(test_m1_ids_features_and_queues_are_the_parameters)
{
	struct tb_mmio t = { 0 };
	unsigned q;

	tb_mmio_run(_i, &t, no_body, NULL);
	ck_assert_uint_eq(t.dut.device_id, TB_DEVICE_ID);
	ck_assert_uint_eq(t.dut.vendor_id, TB_VENDOR_ID);
	ck_assert_uint_eq(t.dut.features, OFFERED);
	ck_assert_uint_eq(t.dut.num_queues, TB_NUM_QUEUES);
	for (q = 0; q < TB_NUM_QUEUES; q++)
		ck_assert_uint_eq(t.dut.queue_num_max[q], TB_QUEUE_SIZE_MAX);
	tb_mmio_done(&t);
}
END_TEST

/* --------------------------------------------------- S: status, reset */

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
	for (q = 0; q < TB_NUM_QUEUES; q++) {
		struct vring_placement p =
			tb_mmio_rings_at(t, 256, 0x10000ull * (q + 1));

		tb_mmio_setup_vq(t, q, 256, &p);
	}
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

/* What s9 read: Status after setting FEATURES_OK with the block's device
 * dependency (DEV_FEATURE_DEPS: bit 5 needs bit 0) met and missing, then
 * the features the device function was given. */
struct s9_res {
	struct tb_mmio t;	     /* the harness; the body gets &res->t */
	uint32_t status_dep_met;     /* bit 5 with bit 0, which it needs */
	uint32_t status_dep_missing; /* bit 5 without bit 0 */
	uint32_t drv_features_lo;    /* driver features at the device, 31:0 */
	uint32_t drv_features_hi;    /* driver features at the device, 63:32 */
};

static void s9_body(struct tb_mmio *t)
{
	struct s9_res *r = tb_container_of(t, struct s9_res, t);
	uint64_t v1 = 1ull << VIRTIO_F_VERSION_1;

	r->status_dep_met = tb_mmio_try_features(t, v1 | 1 | (1ull << 5));
	r->status_dep_missing = tb_mmio_try_features(t, v1 | (1ull << 5));
	/* accepted features reach the device side */
	tb_mmio_try_features(t, v1 | (1ull << VIRTIO_F_EVENT_IDX));
	r->drv_features_lo = tb_mmio_rd(t, CTRL_DRV_FEAT_LO);
	r->drv_features_hi = tb_mmio_rd(t, CTRL_DRV_FEAT_HI);
}

START_TEST(test_s9_features_ok_refuses_a_missing_dependency)
{
	struct s9_res r = { 0 };

	tb_mmio_run(_i, &r.t, s9_body, NULL);
	ck_assert_uint_eq(r.status_dep_met, 11);
	ck_assert_uint_eq(r.status_dep_missing, 3);
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
	int setup;		  /* tb_mmio_setup_vq() */
	uint32_t queue_ready;	  /* QueueReady then */
	struct q_export exported; /* what the ring engine is given then */
	uint32_t ctrl_state;	  /* CTRL_STATE: bit 1 is q_ready[1] */
	int del;		  /* virtio_mmio_del_vq() */
	uint32_t state_after_del; /* CTRL_STATE after it */
};

static void m6_body(struct tb_mmio *t)
{
	struct m6_res *r = tb_container_of(t, struct m6_res, t);
	/* rings above 4 GiB, each part at its minimum alignment (Q1) */
	struct vring_placement p = { .mode = VRING_PLACE_ADDR,
				     .desc = 0x123400000010ull,
				     .avail = 0x123400001002ull,
				     .used = 0x123400002004ull };

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	r->setup = tb_mmio_setup_vq(t, 1, 64, &p);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 1);
	r->queue_ready = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	q_view(t, 1, &r->exported);
	r->ctrl_state = tb_mmio_rd(t, CTRL_STATE);
	r->del = virtio_mmio_del_vq(t->vm, 1);
	r->state_after_del = tb_mmio_rd(t, CTRL_STATE);
}

START_TEST(test_m6_queue_ready_exports_the_queue)
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
	ck_assert_uint_eq((r.state_after_del >> 1) & 1, 0);
	tb_mmio_done(&r.t);
}
END_TEST

/* What m7 read: queue 0 reset while the fake engine takes 30 cycles to
 * stop, then set up again elsewhere. */
struct m7_res {
	struct tb_mmio t;	  /* the harness; the body gets &res->t */
	uint32_t reset_ongoing;	  /* QueueReset right after writing 1 */
	uint32_t ready_ongoing;	  /* QueueReady then */
	uint32_t reset_polls;	  /* QueueReset reads until 0 (1000: never) */
	int setup_again;	  /* tb_mmio_setup_vq() of queue 0 */
	struct q_export exported; /* what the ring engine is given then */
};

static void m7_body(struct tb_mmio *t)
{
	struct m7_res *r = tb_container_of(t, struct m7_res, t);
	struct vring_placement p0 = tb_mmio_rings_at(t, 256, 0x10000);
	struct vring_placement p2 = tb_mmio_rings_at(t, 64, 0x30000);

	tb_mmio_init(t, (1ull << VIRTIO_F_VERSION_1) |
				(1ull << VIRTIO_F_RING_RESET));
	tb_mmio_setup_vq(t, 0, 256, &p0);
	tb_mmio_wr(t, CTRL_IDLE_DELAY, 30);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_RESET, 1);
	r->reset_ongoing = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET);
	r->ready_ongoing = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_READY);
	while (tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_RESET) && r->reset_polls < 1000)
		r->reset_polls++;
	virtio_mmio_del_vq(t->vm, 0);
	r->setup_again = tb_mmio_setup_vq(t, 0, 64, &p2);
	q_view(t, 0, &r->exported);
}

START_TEST(test_m7_queue_reset_waits_for_the_engine_and_exports_anew)
{
	struct m7_res r = { 0 };

	tb_mmio_run(_i, &r.t, m7_body, NULL);
	ck_assert_uint_eq(r.reset_ongoing, 1); /* the engine is still busy */
	ck_assert_uint_eq(r.ready_ongoing, 0);
	ck_assert_uint_gt(r.reset_polls, 0);
	ck_assert_uint_lt(r.reset_polls, 1000);
	ck_assert_int_eq(r.setup_again, 0);
	ck_assert_uint_eq(r.exported.size, 64);
	ck_assert_uint_eq(r.exported.desc_lo, 0x30000);
	ck_assert_uint_eq(r.exported.avail_lo, 0x31000);
	ck_assert_uint_eq(r.exported.used_lo, 0x32000);
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
	tb_mmio_setup_vq(t, 1, 16, NULL);
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

/* -------------------------------------------------------------- misuse */

/* What the ring engine has of queue 0 before and after writes to its
 * registers while it is ready (ignored, 4.2.2.2). */
struct misuse_res {
	struct tb_mmio t;	/* the harness; the body gets &res->t */
	struct q_export before; /* once set up */
	struct q_export after;	/* after the ignored writes */
};

static void misuse_body(struct tb_mmio *t)
{
	struct misuse_res *r = tb_container_of(t, struct misuse_res, t);

	tb_mmio_init(t, 1ull << VIRTIO_F_VERSION_1);
	tb_mmio_setup_vq(t, 0, 32, NULL);
	q_view(t, 0, &r->before);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_NUM, 8);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x9000);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0x9);
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_USED_LOW, 0x9000);
	q_view(t, 0, &r->after);
}

START_TEST(test_misuse_leaves_the_exported_queue_alone)
{
	struct misuse_res r = { 0 };

	tb_mmio_run(_i, &r.t, misuse_body, NULL);
	ck_assert_uint_eq(r.before.size, 32);
	ck_assert_mem_eq(&r.after, &r.before, sizeof(r.before));
	tb_mmio_done(&r.t);
}
END_TEST

static void test_mmio_wb_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_m1_ids_features_and_queues_are_the_parameters, 0);
	tb_add_seeded(r, test_m3_interrupt_bits_persist_until_ack, 0);
	tb_add_seeded(r,
		      test_m4_no_notification_reaches_a_queue_that_is_not_ready,
		      0);
	tb_add_seeded(r, test_m6_queue_ready_exports_the_queue, 0);
	tb_add_seeded(r,
		      test_m7_queue_reset_waits_for_the_engine_and_exports_anew,
		      0);
	tb_add_seeded(r, test_m9_config_accepts_8_16_and_32_bit_accesses, 0);
	tb_add_seeded(r, test_m10_notify_carries_the_queue_and_its_data, 0);
	tb_add_seeded(r, test_misuse_leaves_the_exported_queue_alone, 0);
	tb_add_seeded(r, test_s1_access_after_status_zero_waits_for_the_reset,
		      0);
	tb_add_seeded(r, test_s2_no_notification_after_reset, 0);
	tb_add_seeded(r, test_s3_reset_clears_interrupts_and_every_queue, 0);
	tb_add_seeded(r, test_s6_needs_reset_sets_bit_and_config_interrupt, 0);
	tb_add_seeded(r, test_s9_features_ok_refuses_a_missing_dependency, 0);
	tb_add_seeded(r, test_s11_config_readable_before_features_ok, 0);
	tb_add_seeded(r, test_s12_generation_changes_with_the_config, 0);
	tb_add_seeded(r, test_s13_config_change_raises_an_interrupt, 0);
}

TB_TESTS(test_mmio_wb_register)
