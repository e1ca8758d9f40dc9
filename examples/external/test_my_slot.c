/* SPDX-License-Identifier: MIT */
/*
 * test_my_slot.c - this project's tests of its design, on vio's installed
 * environment and runner: the identity of an empty slot, writes that
 * change nothing, no interrupt on any line, under random back-pressure.
 */
#include <vio/tb.h>
#include <vio/tb_env.h>
#include <vio/virtio_mmio_regs.h>

/* What the body saw. */
struct slot {
	struct tb_env *e;
	uint32_t magic, version, device_id, vendor_id;
	uint32_t status;	/* Status after writing ACKNOWLEDGE */
	uint32_t queue_num_max; /* no queue */
	int bad_resp;		/* responses other than OKAY */
};

static void slot_body(void *arg) /* runs in a simulation thread */
{
	struct slot *s = arg;
	struct axil_master *m = s->e->axil;

	s->bad_resp |= axil_master_read(m, VIRTIO_MMIO_MAGIC_VALUE, &s->magic);
	s->bad_resp |= axil_master_read(m, VIRTIO_MMIO_VERSION, &s->version);
	s->bad_resp |=
		axil_master_read(m, VIRTIO_MMIO_DEVICE_ID, &s->device_id);
	s->bad_resp |=
		axil_master_read(m, VIRTIO_MMIO_VENDOR_ID, &s->vendor_id);
	s->bad_resp |= axil_master_write(m, VIRTIO_MMIO_STATUS,
					 VIRTIO_MMIO_STATUS_ACKNOWLEDGE, 0xf);
	s->bad_resp |= axil_master_read(m, VIRTIO_MMIO_STATUS, &s->status);
	s->bad_resp |= axil_master_read(m, VIRTIO_MMIO_QUEUE_NUM_MAX,
					&s->queue_num_max);
}

START_TEST(test_my_slot_is_an_empty_virtio_mmio_slot)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true };
	struct slot s = { tb_env_create(&cfg) };

	ck_assert_ptr_nonnull(s.e);
	ck_assert_int_eq(tb_env_run(s.e, slot_body, &s, 100000),
			 SIM_RUN_DONE);
	tb_env_assert_clean(s.e); /* protocol checkers, timeouts */
	ck_assert_int_eq(s.bad_resp, 0);
	ck_assert_uint_eq(s.magic, VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(s.version, VIRTIO_MMIO_VERSION_MODERN);
	ck_assert_uint_eq(s.device_id, 0); /* 4.2.3.1.1: no device */
	ck_assert_uint_ne(s.vendor_id, 0);
	ck_assert_uint_eq(s.status, 0); /* the write changed nothing */
	ck_assert_uint_eq(s.queue_num_max, 0);
	for (unsigned i = 0; i < s.e->nirq; i++)
		ck_assert_uint_eq(irq_mon_edges(s.e->irqs[i]), 0);
	tb_env_destroy(s.e);
}
END_TEST

static void my_slot_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_my_slot_is_an_empty_virtio_mmio_slot, 0);
}

TB_TESTS(my_slot_register)
