/* SPDX-License-Identifier: MIT */
/*
 * test_blk.c - virtio-blk (DeviceID 2, virtio 1.2 section 5.2) on the ring
 * engine: the RAM disk of rtl/vio_blk.v behind vio_top (1 MiB, 2048
 * sectors). Scenarios after QEMU's tests/qtest/virtio-blk-test.c (basic,
 * indirect, resize, idx) and the device rules of CONFORMANCE D, Q3, Q7, Q9
 * and S13; random requests are checked against a C shadow of the disk.
 * Every run: random memory latency and back-pressure, protocol checkers,
 * DMA memory no-access except the rings and the posted buffers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_blk.h"
#include "virtio_mmio_regs.h"

static struct sim_rng rng_of(struct tb_vq *t)
{
	return sim_rng(t->e->sim, "test");
}

static uint32_t blk_generation(struct tb_vq *t)
{
	uint32_t v = 0;

	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_CONFIG_GENERATION, &v);
	return v;
}

static uint32_t blk_isr(struct tb_vq *t)
{
	uint32_t v = 0;

	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &v);
	return v;
}

/* The device's blk_resize_* inputs: one pulse. */
static void blk_resize(struct tb_vq *t, uint64_t sectors)
{
	tb_vq_check(t, tb_env_blk_resize(t->e, sectors) == 0,
		    "the DUT has no blk_resize_valid / blk_resize_sectors");
}

/* Used index as the device last wrote it. */
static uint16_t blk_used_idx(struct tb_vq *t)
{
	uint16_t u = 0;

	mem_read(t->e->mem, t->vq[0]->used + VRING_USED_IDX, &u, 2);
	return u;
}

/* ------------------------------------------------------------ basics */

/* What config_body read from the configuration space. */
struct cfg_res {
	struct tb_vq t;		      /* the harness; the body gets &res->t */
	uint64_t offered;	      /* features the device offers */
	uint64_t capacity;	      /* capacity, sectors */
	uint32_t max_discard_sectors; /* max_discard_sectors */
	uint32_t max_discard_seg;     /* max_discard_seg */
	uint32_t discard_align;	      /* discard_sector_alignment */
	uint32_t max_wz_sectors;      /* max_write_zeroes_sectors */
	uint32_t max_wz_seg;	      /* max_write_zeroes_seg */
	uint8_t wz_may_unmap;	      /* write_zeroes_may_unmap */
	uint32_t other_words;	      /* every other word, ORed */
	uint32_t unmap_padding;	      /* bytes 57..59, ORed */
};

/* 5.2.3, 5.2.4: features, and every configuration field. */
static void config_body(struct tb_vq *t)
{
	struct cfg_res *res = tb_container_of(t, struct cfg_res, t);
	struct virtio_device *vdev = &t->vm->vdev;

	if (blk_init(t))
		return;
	res->offered = vdev->offered;
	res->capacity = blk_capacity(t);
	res->max_discard_sectors =
		virtio_cread32(vdev, BLK_CFG_MAX_DISCARD_SECTORS);
	res->max_discard_seg = virtio_cread32(vdev, BLK_CFG_MAX_DISCARD_SEG);
	res->discard_align = virtio_cread32(vdev, BLK_CFG_DISCARD_ALIGN);
	res->max_wz_sectors = virtio_cread32(vdev, BLK_CFG_MAX_WZ_SECTORS);
	res->max_wz_seg = virtio_cread32(vdev, BLK_CFG_MAX_WZ_SEG);
	res->wz_may_unmap = virtio_cread8(vdev, BLK_CFG_WZ_MAY_UNMAP);
	/* every other byte of the 64 reads 0 */
	for (unsigned o = 8; o < BLK_CFG_SIZE; o += 4)
		if (o < BLK_CFG_MAX_DISCARD_SECTORS || o > BLK_CFG_WZ_MAY_UNMAP)
			res->other_words |= virtio_cread32(vdev, o);
	res->unmap_padding = virtio_cread8(vdev, BLK_CFG_WZ_MAY_UNMAP + 1) |
			     virtio_cread16(vdev, BLK_CFG_WZ_MAY_UNMAP + 2);
}

START_TEST(test_blk_config_space_and_features)
{
	struct cfg_res r = { 0 };

	blk_run(&r.t, _i, config_body);
	ck_assert(r.offered & (1ull << BLK_F_FLUSH));
	ck_assert(r.offered & (1ull << BLK_F_DISCARD));
	ck_assert(r.offered & (1ull << BLK_F_WRITE_ZEROES));
	ck_assert(!(r.offered & (1ull << BLK_F_RO)));
	ck_assert_uint_eq(r.capacity, BLK_SECTORS);
	ck_assert_uint_eq(r.max_discard_sectors, BLK_SECTORS);
	ck_assert_uint_eq(r.max_discard_seg, 1);
	ck_assert_uint_eq(r.discard_align, 1);
	ck_assert_uint_eq(r.max_wz_sectors, BLK_SECTORS);
	ck_assert_uint_eq(r.max_wz_seg, 1);
	ck_assert_uint_eq(r.wz_may_unmap, 0);
	ck_assert_uint_eq(r.other_words, 0);
	ck_assert_uint_eq(r.unmap_padding, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* What basic_body saw. */
struct basic_res {
	struct tb_vq t;		/* the harness; the body gets &res->t */
	uint64_t capacity;	/* capacity, sectors */
	uint32_t write_used;	/* used.len of the first write */
	uint32_t read_used;	/* used.len of the first read */
	uint32_t two_read_used; /* used.len of the 2-descriptor read */
	uint64_t completed;	/* requests that came back */
	uint64_t indirect;	/* of which through an indirect table */
};

/* QEMU "basic": capacity; "TEST" written and read back in the 3-descriptor
 * layout; WRITE_ZEROES then zeros read back; DISCARD; the 2-descriptor
 * layout (528 readable + 1 status, 16 + 513 writable). Plain descriptors,
 * as QEMU's test (no indirect, no EVENT_IDX). */
static void basic_body(struct tb_vq *t)
{
	struct basic_res *res = tb_container_of(t, struct basic_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t sec[BLK_SECTOR] = "TEST", zero[BLK_SECTOR] = { 0 };
	struct blk_req *r;

	t->features = ~((1ull << VIRTIO_RING_F_INDIRECT_DESC) |
			(1ull << VIRTIO_RING_F_EVENT_IDX));
	if (blk_init(t))
		return;
	res->capacity = blk_capacity(t);
	/* write "TEST" at sector 0, read it back */
	r = blk_new(BLK_T_OUT, 0, BLK_SECTOR, 0);
	memcpy(r->out, sec, BLK_SECTOR);
	r->want = BLK_S_OK;
	blk_do(t, &rng, r, BLK_QEMU, 0);
	res->write_used = r->used;
	blk_free(t, r);
	r = blk_new(BLK_T_IN, 0, 0, BLK_SECTOR);
	r->want = BLK_S_OK;
	blk_expect(r, sec);
	blk_do(t, &rng, r, BLK_QEMU, 0);
	res->read_used = r->used;
	blk_free(t, r);
	/* write zeroes over it: reads back zeros */
	r = blk_new_dwz(BLK_T_WRITE_ZEROES, 0, 1, 0, 1);
	r->want = BLK_S_OK;
	blk_do(t, &rng, r, BLK_QEMU, 0);
	blk_free(t, r);
	r = blk_new(BLK_T_IN, 0, 0, BLK_SECTOR);
	r->want = BLK_S_OK;
	blk_expect(r, zero);
	blk_do(t, &rng, r, BLK_QEMU, 0);
	blk_free(t, r);
	/* discard: OK */
	r = blk_new_dwz(BLK_T_DISCARD, 0, 1, 0, 1);
	r->want = BLK_S_OK;
	blk_do(t, &rng, r, BLK_QEMU, 0);
	blk_free(t, r);
	/* 2-descriptor layout: write sector 1 as 528 readable bytes and the
	 * status; read it as 16 readable and 513 writable (data + status) */
	r = blk_new(BLK_T_OUT, 1, BLK_SECTOR, 0);
	memcpy(r->out, sec, BLK_SECTOR);
	r->want = BLK_S_OK;
	blk_do(t, &rng, r, BLK_TWO, 0);
	blk_free(t, r);
	r = blk_new(BLK_T_IN, 1, 0, BLK_SECTOR);
	r->want = BLK_S_OK;
	blk_expect(r, sec);
	blk_do(t, &rng, r, BLK_TWO, 0);
	res->two_read_used = r->used;
	blk_free(t, r);
	res->completed = t->vq[0]->stats.completed;
	res->indirect = t->vq[0]->stats.indirect;
}

START_TEST(test_blk_basic_write_read_zeroes_discard_and_layouts)
{
	struct basic_res r = { 0 };

	blk_run(&r.t, _i, basic_body);
	ck_assert_uint_eq(r.capacity, BLK_SECTORS);
	ck_assert_uint_eq(r.write_used, 1);
	ck_assert_uint_eq(r.read_used, BLK_SECTOR + 1);
	ck_assert_uint_eq(r.two_read_used, BLK_SECTOR + 1);
	ck_assert_uint_eq(r.completed, 7);
	ck_assert_uint_eq(r.indirect, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* What indirect_body counted. */
struct indirect_res {
	struct tb_vq t;	    /* the harness; the body gets &res->t */
	uint64_t indirect;  /* requests through an indirect table */
	uint64_t completed; /* requests that came back */
};

/* QEMU "indirect": the same write and read, every request through an
 * indirect table (2.7.5.3), in both layouts. */
static void indirect_body(struct tb_vq *t)
{
	struct indirect_res *res = tb_container_of(t, struct indirect_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t sec[BLK_SECTOR] = "TEST";
	struct blk_req *r;

	if (blk_init(t))
		return;
	if (!tb_vq_check(t, t->vq[0]->has_indirect, "INDIRECT_DESC missing"))
		return;
	t->vq[0]->indirect = VRING_INDIRECT_FORCE;
	for (unsigned shape = BLK_QEMU; shape <= BLK_TWO; shape++) {
		uint64_t s = 10 + shape;

		r = blk_new(BLK_T_OUT, s, BLK_SECTOR, 0);
		memcpy(r->out, sec, BLK_SECTOR);
		r->want = BLK_S_OK;
		blk_do(t, &rng, r, shape, 0);
		blk_free(t, r);
		r = blk_new(BLK_T_IN, s, 0, BLK_SECTOR);
		r->want = BLK_S_OK;
		blk_expect(r, sec);
		blk_do(t, &rng, r, shape, 0);
		blk_free(t, r);
	}
	res->indirect = t->vq[0]->stats.indirect;
	res->completed = t->vq[0]->stats.completed;
}

START_TEST(test_blk_indirect_table_write_and_read)
{
	struct indirect_res r = { 0 };

	blk_run(&r.t, _i, indirect_body);
	ck_assert_uint_eq(r.completed, 4);
	ck_assert_uint_eq(r.indirect, 4);
	tb_vq_done(&r.t);
}
END_TEST

/* ---------------------------------------------------------- resize, S13 */

/* What resize_body saw. */
struct resize_res {
	struct tb_vq t;		    /* the harness; the body gets &res->t */
	uint64_t capacity;	    /* capacity at start, sectors */
	bool irq_before;	    /* IRQ level before the resize */
	bool irq_raised;	    /* IRQ rose after the resize to half */
	uint32_t isr;		    /* InterruptStatus then */
	bool generation_moved;	    /* ConfigGeneration changed */
	uint64_t halved;	    /* capacity then */
	uint64_t config_irqs;	    /* configuration changes handled then */
	bool irq_after;		    /* IRQ level after handling it */
	uint8_t last_read;	    /* status of a read of the last sector */
	uint8_t past_read;	    /* status of a read one past it */
	bool clamp_irq;		    /* IRQ rose after a resize past the disk */
	uint64_t clamped;	    /* capacity then */
	uint64_t clamp_config_irqs; /* configuration changes handled then */
	uint64_t shrunk;	    /* capacity after a resize to 7 */
	uint64_t after_reset;	    /* capacity after rst_n */
	bool finished;		    /* the sequence ran to its end */
};

/* QEMU "resize" / "config": a capacity change raises the configuration
 * interrupt (InterruptStatus bit 1, IRQ), moves ConfigGeneration, and the
 * new capacity bounds requests; a size past the RAM disk is clamped; rst_n
 * restores the full capacity and the disk keeps its content. */
static void resize_body(struct tb_vq *t)
{
	struct resize_res *res = tb_container_of(t, struct resize_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t sec[BLK_SECTOR];
	uint32_t g0;

	blk_random_bytes(&rng, sec, sizeof(sec));
	if (blk_init(t))
		return;
	res->capacity = blk_capacity(t);
	tb_vq_check(t, blk_write(t, &rng, 1023, 1, sec) == BLK_S_OK,
		    "write before the resize failed");
	sim_wait_cycles(t->e->sim, 2000); /* the used interrupt, if any */
	virtio_mmio_interrupt(t->vm);
	res->irq_before = irq_mon_level(t->e->irq);
	g0 = blk_generation(t);
	blk_resize(t, BLK_SECTORS / 2);
	res->irq_raised = irq_mon_wait(t->e->irq, 200) == 0;
	res->isr = blk_isr(t);
	res->generation_moved = blk_generation(t) != g0;
	res->halved = blk_capacity(t);
	virtio_mmio_interrupt(t->vm);
	res->config_irqs = t->vm->config_interrupts;
	sim_wait_cycles(t->e->sim, 4);
	res->irq_after = irq_mon_level(t->e->irq);
	/* the last sector is 1023 now */
	res->last_read = blk_read(t, &rng, 1023, 1, NULL);
	res->past_read = blk_read(t, &rng, 1024, 1, NULL);
	/* larger than the disk: clamped, another interrupt */
	blk_resize(t, 1ull << 40);
	res->clamp_irq = irq_mon_wait(t->e->irq, 200) == 0;
	res->clamped = blk_capacity(t);
	virtio_mmio_interrupt(t->vm);
	res->clamp_config_irqs = t->vm->config_interrupts;
	/* shrink again, then rst_n: full capacity, content kept */
	blk_resize(t, 7);
	res->shrunk = blk_capacity(t);
	tb_env_reset(t->e, 8);
	if (blk_init(t))
		return;
	res->after_reset = blk_capacity(t);
	{
		struct blk_req *r = blk_new(BLK_T_IN, 1023, 0, BLK_SECTOR);

		r->want = BLK_S_OK;
		blk_expect(r, sec);
		blk_do(t, &rng, r, BLK_QEMU, 0);
		blk_free(t, r);
	}
	res->finished = true;
}

START_TEST(test_s13_blk_resize_raises_config_interrupt_and_bounds_requests)
{
	struct resize_res r = { 0 };

	blk_run(&r.t, _i, resize_body);
	ck_assert_uint_eq(r.capacity, BLK_SECTORS);
	ck_assert_uint_eq(r.irq_before, 0);
	ck_assert_uint_eq(r.irq_raised, 1);
	ck_assert_uint_eq(r.isr, VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG);
	ck_assert_uint_eq(r.generation_moved, 1);
	ck_assert_uint_eq(r.halved, BLK_SECTORS / 2);
	ck_assert_uint_eq(r.config_irqs, 1);
	ck_assert_uint_eq(r.irq_after, 0);
	ck_assert_uint_eq(r.last_read, BLK_S_OK);
	ck_assert_uint_eq(r.past_read, BLK_S_IOERR);
	ck_assert_uint_eq(r.clamp_irq, 1);
	ck_assert_uint_eq(r.clamped, BLK_SECTORS);
	ck_assert_uint_eq(r.clamp_config_irqs, 2);
	ck_assert_uint_eq(r.shrunk, 7);
	ck_assert_uint_eq(r.after_reset, BLK_SECTORS);
	ck_assert_uint_eq(r.finished, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* ----------------------------------------------------------- EVENT_IDX */

/* What idx_body saw. */
struct idx_res {
	struct tb_vq t;	   /* the harness; the body gets &res->t */
	bool irq_first;	   /* IRQ level after the first request was handled */
	uint16_t used_idx; /* used index after the second request */
	bool irq_second;   /* IRQ level after the second */
	bool irq_third;	   /* IRQ rose for the third */
	uint32_t isr;	   /* InterruptStatus then */
	bool write_first;  /* the write came back first */
	bool read_second;  /* the read came back after it */
};

/* QEMU "idx" (Q9): used_event = 2 after the first request: the second
 * completes without an interrupt, the third raises one, and both come
 * back, the read with the data of the second. */
static void idx_body(struct tb_vq *t)
{
	struct idx_res *res = tb_container_of(t, struct idx_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t sec[BLK_SECTOR] = "TEST";
	struct virtqueue *vq;
	struct blk_req *w, *rd, *got;
	uint16_t ev = 2;

	if (blk_init(t))
		return;
	vq = t->vq[0];
	if (!tb_vq_check(t, vq->event, "EVENT_IDX not negotiated"))
		return;
	tb_vq_check(t, blk_write(t, &rng, 0, 1, sec) == BLK_S_OK,
		    "first write failed");
	sim_wait_cycles(t->e->sim, 2000);
	virtio_mmio_interrupt(t->vm);
	res->irq_first = irq_mon_level(t->e->irq);
	/* notify after the third request only */
	mem_write(t->e->mem, vq->avail + vring_used_event_off(vq->num), &ev, 2);
	w = blk_new(BLK_T_OUT, 1, BLK_SECTOR, 0);
	memcpy(w->out, sec, BLK_SECTOR);
	w->want = BLK_S_OK;
	if (blk_post(t, &rng, w, BLK_QEMU, 0))
		return;
	for (unsigned n = 0; n < 20000 && blk_used_idx(t) != 2; n++)
		sim_wait_cycles(t->e->sim, 1);
	res->used_idx = blk_used_idx(t);
	sim_wait_cycles(t->e->sim, 500);
	res->irq_second = irq_mon_level(t->e->irq);
	rd = blk_new(BLK_T_IN, 1, 0, BLK_SECTOR);
	rd->want = BLK_S_OK;
	blk_expect(rd, sec);
	if (blk_post(t, &rng, rd, BLK_QEMU, 0))
		return;
	res->irq_third = irq_mon_wait(t->e->irq, BLK_TIMEOUT) == 0;
	res->isr = blk_isr(t);
	got = blk_wait(t);
	res->write_first = got == w;
	got = blk_wait(t);
	res->read_second = got == rd;
	blk_free(t, w);
	blk_free(t, rd);
}

START_TEST(test_q9_blk_event_idx_no_interrupt_for_second_request)
{
	struct idx_res r = { 0 };

	blk_run(&r.t, _i, idx_body);
	ck_assert_uint_eq(r.irq_first, 0);
	ck_assert_uint_eq(r.used_idx, 2);
	ck_assert_uint_eq(r.irq_second, 0); /* no interrupt for the second */
	ck_assert_uint_eq(r.irq_third, 1);  /* one for the third */
	ck_assert_uint_eq(r.isr, VIRTIO_MMIO_INTERRUPT_STATUS_VRING);
	ck_assert_uint_eq(r.write_first, 1);
	ck_assert_uint_eq(r.read_second, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* ------------------------------------------------------ request types */

/* What get_id_body saw. */
struct id_res {
	struct tb_vq t;	      /* the harness; the body gets &res->t */
	uint32_t used_len[5]; /* used.len per data length of lens[] */
};

/* GET_ID: 20 bytes, the id first character first and NUL padded; a larger
 * data part gets the id then zeros; a smaller one the first bytes. */
static void get_id_body(struct tb_vq *t)
{
	struct id_res *res = tb_container_of(t, struct id_res, t);
	static const uint32_t lens[] = { BLK_ID_BYTES, 64, 8, 1, 600 };
	struct sim_rng rng = rng_of(t);

	if (blk_init(t))
		return;
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct blk_req *r = blk_new(BLK_T_GET_ID, 0, 0, lens[i]);

		r->want = BLK_S_OK;
		blk_expect_zeros(r);
		memcpy(r->expect, BLK_ID,
		       lens[i] < strlen(BLK_ID) ? lens[i] : strlen(BLK_ID));
		blk_do(t, &rng, r, i & 1 ? BLK_RANDOM : BLK_QEMU, 6);
		res->used_len[i] = r->used;
		blk_free(t, r);
	}
}

START_TEST(test_blk_get_id_20_bytes_nul_padded)
{
	struct id_res r = { 0 };

	blk_run(&r.t, _i, get_id_body);
	ck_assert_uint_eq(r.used_len[0], BLK_ID_BYTES + 1);
	ck_assert_uint_eq(r.used_len[1], 65);
	ck_assert_uint_eq(r.used_len[2], 9);
	ck_assert_uint_eq(r.used_len[3], 2);
	ck_assert_uint_eq(r.used_len[4], 601);
	tb_vq_done(&r.t);
}
END_TEST

/* What types_body saw. */
struct types_res {
	struct tb_vq t;	      /* the harness; the body gets &res->t */
	bool flush_ok;	      /* FLUSH OK */
	bool padded_flush_ok; /* FLUSH with 7 writable bytes OK */
	unsigned unsupp;      /* unknown types UNSUPP (of 10) */
};

/* FLUSH: OK (zeros before the status when the writable part is larger);
 * types the device does not know (including the legacy SCSI, FLUSH_OUT,
 * GET_LIFETIME, SECURE_ERASE and the legacy barrier bit): UNSUPP. */
static void types_body(struct tb_vq *t)
{
	struct types_res *res = tb_container_of(t, struct types_res, t);
	static const uint32_t unknown[] = { 2,		 3,	     5,	 10,
					    14,		 15,	     16, 255,
					    0x80000000u, 0xffffffffu };
	struct sim_rng rng = rng_of(t);
	struct blk_req *r;

	if (blk_init(t))
		return;
	r = blk_new(BLK_T_FLUSH, 0, 0, 0);
	r->want = BLK_S_OK;
	res->flush_ok = blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_OK;
	blk_free(t, r);
	r = blk_new(BLK_T_FLUSH, 12345, 0, 7);
	r->want = BLK_S_OK;
	blk_expect_zeros(r);
	res->padded_flush_ok = blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_OK;
	blk_free(t, r);
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		r = blk_new(unknown[i], 0, i & 1 ? 32 : 0, i & 2 ? 512 : 0);
		r->want = BLK_S_UNSUPP;
		blk_expect_zeros(r);
		res->unsupp += blk_do(t, &rng, r, BLK_RANDOM, 3) ==
			       BLK_S_UNSUPP;
		blk_free(t, r);
	}
}

START_TEST(test_blk_flush_ok_and_unknown_types_unsupp)
{
	struct types_res r = { 0 };

	blk_run(&r.t, _i, types_body);
	ck_assert_uint_eq(r.flush_ok, 1);
	ck_assert_uint_eq(r.padded_flush_ok, 1);
	ck_assert_uint_eq(r.unsupp, 10);
	tb_vq_done(&r.t);
}
END_TEST

/* What range_body saw. */
struct range_res {
	struct tb_vq t;	       /* the harness; the body gets &res->t */
	unsigned right_status; /* requests with the status wanted */
	bool unchanged;	       /* the disk read back as it was filled */
};

/* Ranges: the last sector is fine, one past it, a range that ends past
 * it, and one whose end overflows 64 bits are IOERR; the IOERR read gets
 * zeros; the IOERR writes change nothing. */
static void range_body(struct tb_vq *t)
{
	struct range_res *res = tb_container_of(t, struct range_res, t);
	static const struct {
		uint64_t sector;
		uint32_t n;
		int want;
	} cases[] = {
		{ BLK_SECTORS - 1, 1, BLK_S_OK },
		{ BLK_SECTORS - 8, 8, BLK_S_OK },
		{ BLK_SECTORS, 1, BLK_S_IOERR },
		{ BLK_SECTORS - 1, 2, BLK_S_IOERR },
		{ BLK_SECTORS, 0, BLK_S_OK }, /* no data at the end: fine */
		{ BLK_SECTORS + 1, 0, BLK_S_IOERR },
		{ ~0ull, 1, BLK_S_IOERR },
		{ ~0ull - 1, 4, BLK_S_IOERR },
		{ 1ull << 32, 1, BLK_S_IOERR },
		{ 0, BLK_SECTORS, BLK_S_OK },
	};
	struct sim_rng rng = rng_of(t);
	uint8_t *shadow = calloc(1, BLK_DISK), *buf = malloc(BLK_DISK);
	unsigned ok = 0;

	if (blk_init(t))
		goto out;
	blk_random_bytes(&rng, shadow, BLK_DISK);
	/* fill the whole disk */
	for (unsigned s = 0; s < BLK_SECTORS; s += 128)
		if (blk_write(t, &rng, s, 128, shadow + s * BLK_SECTOR) !=
		    BLK_S_OK)
			goto out;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t len = cases[i].n * BLK_SECTOR;
		struct blk_req *r = blk_new(BLK_T_IN, cases[i].sector, 0, len);

		r->want = cases[i].want;
		if (cases[i].want == BLK_S_OK)
			blk_expect(r, shadow + cases[i].sector * BLK_SECTOR);
		else
			blk_expect_zeros(r);
		ok += blk_do(t, &rng, r, BLK_RANDOM, 4) == cases[i].want;
		blk_free(t, r);
		if (cases[i].want == BLK_S_OK || len > 64 * BLK_SECTOR)
			continue;
		/* the same range written (new data), then zeroed */
		r = blk_new(BLK_T_OUT, cases[i].sector, len, 0);
		blk_random_bytes(&rng, r->out, len);
		r->want = BLK_S_IOERR;
		ok += blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_IOERR;
		blk_free(t, r);
		r = blk_new_dwz(i & 1 ? BLK_T_DISCARD : BLK_T_WRITE_ZEROES,
				cases[i].sector, cases[i].n ? cases[i].n : 1, 0,
				1);
		r->want = BLK_S_IOERR;
		ok += blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_IOERR;
		blk_free(t, r);
	}
	/* nothing changed */
	for (unsigned s = 0; s < BLK_SECTORS; s += 256)
		if (blk_read(t, &rng, s, 256, buf + s * BLK_SECTOR) != BLK_S_OK)
			goto out;
	res->unchanged = memcmp(buf, shadow, BLK_DISK) == 0;
	res->right_status = ok;
out:
	free(shadow);
	free(buf);
}

START_TEST(test_blk_out_of_range_is_ioerr_and_last_sector_is_fine)
{
	struct range_res r = { 0 };

	blk_run(&r.t, _i, range_body);
	ck_assert_uint_eq(r.right_status, 10 + 6 * 2);
	ck_assert_uint_eq(r.unchanged, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* What length_body saw. */
struct length_res {
	struct tb_vq t; /* the harness; the body gets &res->t */
	unsigned ioerr; /* requests IOERR (of 12) */
	bool unchanged; /* the sectors read back as written before */
};

/* Data lengths that are not a multiple of 512: IOERR, zeros before the
 * status of a read, no change to the disk from a write. */
static void length_body(struct tb_vq *t)
{
	struct length_res *res = tb_container_of(t, struct length_res, t);
	static const uint32_t lens[] = { 1, 100, 511, 513, 1000, 4095 };
	struct sim_rng rng = rng_of(t);
	uint8_t before[8 * BLK_SECTOR], after[8 * BLK_SECTOR];
	unsigned ok = 0;

	if (blk_init(t))
		return;
	blk_random_bytes(&rng, before, sizeof(before));
	if (blk_write(t, &rng, 100, 8, before) != BLK_S_OK)
		return;
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct blk_req *r = blk_new(BLK_T_IN, 100, 0, lens[i]);

		r->want = BLK_S_IOERR;
		blk_expect_zeros(r);
		ok += blk_do(t, &rng, r, BLK_RANDOM, 5) == BLK_S_IOERR;
		blk_free(t, r);
		r = blk_new(BLK_T_OUT, 100, lens[i], 0);
		blk_random_bytes(&rng, r->out, lens[i]);
		r->want = BLK_S_IOERR;
		ok += blk_do(t, &rng, r, BLK_RANDOM, 5) == BLK_S_IOERR;
		blk_free(t, r);
	}
	if (blk_read(t, &rng, 100, 8, after) != BLK_S_OK)
		return;
	res->ioerr = ok;
	res->unchanged = memcmp(before, after, sizeof(after)) == 0;
}

START_TEST(test_blk_length_not_multiple_of_512_is_ioerr)
{
	struct length_res r = { 0 };

	blk_run(&r.t, _i, length_body);
	ck_assert_uint_eq(r.ioerr, 12);
	ck_assert_uint_eq(r.unchanged, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* What short_body saw. */
struct short_res {
	struct tb_vq t;	     /* the harness; the body gets &res->t */
	unsigned ioerr;	     /* short headers IOERR (of 5) */
	bool no_status_back; /* the write without a status byte came back */
	bool still_zero;     /* its sector reads zeros */
};

/* A header shorter than 16 bytes (or none): IOERR; a chain without a
 * writable byte cannot carry a status: used.len 0 and no disk change. */
static void short_body(struct tb_vq *t)
{
	struct short_res *res = tb_container_of(t, struct short_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t sec[BLK_SECTOR], got[BLK_SECTOR];
	struct blk_req *r;
	unsigned ok = 0;

	if (blk_init(t))
		return;
	for (uint32_t h = 0; h < 16; h += 5) {
		r = blk_new(BLK_T_FLUSH, 0, 0, 3);
		r->hdr_len = h;
		r->want = BLK_S_IOERR;
		blk_expect_zeros(r);
		ok += blk_do(t, &rng, r, BLK_RANDOM, 3) == BLK_S_IOERR;
		blk_free(t, r);
	}
	r = blk_new(BLK_T_IN, 0, 0, 0);
	r->hdr_len = 15;
	r->want = BLK_S_IOERR;
	ok += blk_do(t, &rng, r, BLK_BYTES, 0) == BLK_S_IOERR;
	blk_free(t, r);
	/* a write without a status byte: completed, used.len 0 (checked by
	 * blk_wait), the sector stays zero */
	blk_random_bytes(&rng, sec, sizeof(sec));
	r = blk_new(BLK_T_OUT, 5, BLK_SECTOR, 0);
	memcpy(r->out, sec, BLK_SECTOR);
	r->no_status = true;
	blk_do(t, &rng, r, BLK_QEMU, 0);
	res->no_status_back = r->done;
	blk_free(t, r);
	if (blk_read(t, &rng, 5, 1, got) != BLK_S_OK)
		return;
	memset(sec, 0, sizeof(sec));
	res->still_zero = memcmp(got, sec, sizeof(got)) == 0;
	res->ioerr = ok;
}

START_TEST(test_blk_short_header_ioerr_and_no_status_chain_used_len_0)
{
	struct short_res r = { 0 };

	blk_run(&r.t, _i, short_body);
	ck_assert_uint_eq(r.ioerr, 5);
	ck_assert_uint_eq(r.no_status_back, 1);
	ck_assert_uint_eq(r.still_zero, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* What dwz_body saw. */
struct dwz_res {
	struct tb_vq t;		/* the harness; the body gets &res->t */
	unsigned right_status;	/* requests with the status wanted (of 13) */
	bool refused_unchanged; /* sectors as written after the refused ones */
	bool zeroed_right;	/* then: zeroed ranges zero, the rest kept */
};

/* DISCARD and WRITE_ZEROES (5.2.6.2): one segment zeros its sectors and
 * nothing else; unmap on DISCARD, a reserved flag bit, zero or two
 * segments, or a partial segment: UNSUPP and no change; WRITE_ZEROES with
 * unmap is fine. */
static void dwz_body(struct tb_vq *t)
{
	struct dwz_res *res = tb_container_of(t, struct dwz_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t *shadow = malloc(64 * BLK_SECTOR),
		*got = malloc(64 * BLK_SECTOR);
	struct blk_req *r;
	unsigned ok = 0;

	if (blk_init(t))
		goto out;
	blk_random_bytes(&rng, shadow, 64 * BLK_SECTOR);
	if (blk_write(t, &rng, 200, 64, shadow) != BLK_S_OK)
		goto out;
	/* refused shapes and flags: nothing changes */
	for (unsigned i = 0; i < 2; i++) {
		uint32_t type = i ? BLK_T_WRITE_ZEROES : BLK_T_DISCARD;

		r = blk_new_dwz(type, 200, 4, 0, 2);
		r->want = BLK_S_UNSUPP;
		ok += blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_UNSUPP;
		blk_free(t, r);
		r = blk_new_dwz(type, 200, 4, 0, 0);
		r->want = BLK_S_UNSUPP;
		ok += blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_UNSUPP;
		blk_free(t, r);
		r = blk_new_dwz(type, 200, 4, 0, 1);
		r->out_len = 12; /* part of a segment */
		r->want = BLK_S_UNSUPP;
		ok += blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_UNSUPP;
		blk_free(t, r);
		r = blk_new_dwz(type, 200, 4, 1u << (1 + i * 30), 1);
		r->want = BLK_S_UNSUPP;
		ok += blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_UNSUPP;
		blk_free(t, r);
	}
	r = blk_new_dwz(BLK_T_DISCARD, 200, 4, BLK_DWZ_UNMAP, 1);
	r->want = BLK_S_UNSUPP;
	ok += blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_UNSUPP;
	blk_free(t, r);
	if (blk_read(t, &rng, 200, 64, got) != BLK_S_OK)
		goto out;
	res->refused_unchanged = memcmp(got, shadow, 64 * BLK_SECTOR) == 0;
	/* accepted: discard 3 at 203, write zeroes 5 at 210 with unmap and
	 * 1 at 230 without; a segment of 0 sectors */
	r = blk_new_dwz(BLK_T_DISCARD, 203, 3, 0, 1);
	r->want = BLK_S_OK;
	ok += blk_do(t, &rng, r, BLK_RANDOM, 8) == BLK_S_OK;
	blk_free(t, r);
	r = blk_new_dwz(BLK_T_WRITE_ZEROES, 210, 5, BLK_DWZ_UNMAP, 1);
	r->want = BLK_S_OK;
	ok += blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_OK;
	blk_free(t, r);
	r = blk_new_dwz(BLK_T_WRITE_ZEROES, 230, 1, 0, 1);
	r->want = BLK_S_OK;
	ok += blk_do(t, &rng, r, BLK_BYTES, 0) == BLK_S_OK;
	blk_free(t, r);
	r = blk_new_dwz(BLK_T_WRITE_ZEROES, 240, 0, 0, 1);
	r->want = BLK_S_OK;
	ok += blk_do(t, &rng, r, BLK_QEMU, 0) == BLK_S_OK;
	blk_free(t, r);
	memset(shadow + 3 * BLK_SECTOR, 0, 3 * BLK_SECTOR);
	memset(shadow + 10 * BLK_SECTOR, 0, 5 * BLK_SECTOR);
	memset(shadow + 30 * BLK_SECTOR, 0, 1 * BLK_SECTOR);
	if (blk_read(t, &rng, 200, 64, got) != BLK_S_OK)
		goto out;
	res->zeroed_right = memcmp(got, shadow, 64 * BLK_SECTOR) == 0;
	res->right_status = ok;
out:
	free(shadow);
	free(got);
}

START_TEST(test_blk_discard_and_write_zeroes_segments_and_flags)
{
	struct dwz_res r = { 0 };

	blk_run(&r.t, _i, dwz_body);
	ck_assert_uint_eq(r.right_status, 13);
	ck_assert_uint_eq(r.refused_unchanged, 1);
	ck_assert_uint_eq(r.zeroed_right, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* ------------------------------------------------------------ Q3, Q7 */

/* Q3: random requests of every type over a few sectors, each part split
 * into random pieces (down to 1-byte descriptors), plain or through an
 * indirect table, up to four in flight; reads checked against a C shadow
 * of the disk taken when they were posted (the device serves them in
 * order). */
#define Q3_REQS 80
#define Q3_WINDOW 96 /* sectors */
static struct blk_req *q3_make(struct tb_vq *t, struct sim_rng *rng,
			       uint8_t *shadow)
{
	unsigned kind = (unsigned)sim_rng_range(rng, 0, 99);
	uint32_t n = (uint32_t)sim_rng_range(rng, 1, 8);
	uint64_t s;
	struct blk_req *r;

	(void)t;
	if (sim_rng_chance(rng, 100))
		n = (uint32_t)sim_rng_range(rng, 9, 32);
	/* a small window, so requests overlap often */
	s = sim_rng_range(rng, 0, Q3_WINDOW - n);
	if (kind < 40) {
		r = blk_new(BLK_T_OUT, s, n * BLK_SECTOR, 0);
		blk_random_bytes(rng, r->out, r->out_len);
		memcpy(shadow + s * BLK_SECTOR, r->out, r->out_len);
	} else if (kind < 80) {
		r = blk_new(BLK_T_IN, s, 0, n * BLK_SECTOR);
		blk_expect(r, shadow + s * BLK_SECTOR);
	} else if (kind < 90) {
		r = blk_new_dwz(kind & 1 ? BLK_T_DISCARD : BLK_T_WRITE_ZEROES,
				s, n, 0, 1);
		memset(shadow + s * BLK_SECTOR, 0, n * BLK_SECTOR);
	} else if (kind < 95) {
		r = blk_new(BLK_T_GET_ID, 0, 0, BLK_ID_BYTES);
		blk_expect_zeros(r);
		memcpy(r->expect, BLK_ID, strlen(BLK_ID));
	} else {
		r = blk_new(BLK_T_FLUSH, 0, 0, 0);
	}
	r->want = BLK_S_OK;
	return r;
}

/* What q3_body counted. */
struct q3_res {
	struct tb_vq t; /* the harness; the body gets &res->t */
	unsigned back;	/* requests that came back, in order */
	unsigned bytes; /* data bytes posted */
};

static void q3_body(struct tb_vq *t)
{
	struct q3_res *res = tb_container_of(t, struct q3_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t *shadow = calloc(1, BLK_DISK);
	struct blk_req *fly[4];
	unsigned posted = 0, back = 0, head = 0, bytes = 0;

	if (blk_init(t))
		goto out;
	while (back < Q3_REQS) {
		while (posted < Q3_REQS && posted - back < 4) {
			struct blk_req *r = q3_make(t, &rng, shadow);
			enum blk_shape shape = BLK_RANDOM;
			unsigned max = (unsigned)sim_rng_range(&rng, 1, 16);

			/* a tenth with every byte of the header and the
			 * status (and GET_ID data) in its own descriptor */
			if (r->out_len + r->in_len <= 32 &&
			    sim_rng_chance(&rng, 300))
				shape = BLK_BYTES;
			t->vq[0]->indirect = sim_rng_chance(&rng, 500)
						     ? VRING_INDIRECT_NEVER
						     : VRING_INDIRECT_AUTO;
			if (virtqueue_num_free(t->vq[0]) <
			    blk_descs(r, shape, max)) {
				blk_free(t, r);
				break;
			}
			bytes += r->out_len + r->in_len;
			if (blk_post(t, &rng, r, shape, max)) {
				blk_free(t, r);
				goto out;
			}
			fly[(head + posted - back) % 4] = r;
			posted++;
		}
		{
			struct blk_req *r = blk_wait(t);

			if (!r ||
			    !tb_vq_check(t, r == fly[head],
					 "request %u came back out of order",
					 back))
				goto out;
			blk_free(t, r);
			head = (head + 1) % 4;
			back++;
		}
	}
	res->back = back;
	res->bytes = bytes;
out:
	free(shadow);
}

START_TEST(test_q3_blk_requests_split_down_to_1_byte_pieces)
{
	struct q3_res r = { 0 };

	blk_run(&r.t, _i, q3_body);
	ck_assert_uint_eq(r.back, Q3_REQS);
	ck_assert_uint_gt(r.bytes, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* What q7_body saw. */
struct q7_res {
	struct tb_vq t;	  /* the harness; the body gets &res->t */
	bool used_ok[11]; /* used.len right per case; [10]: no writable part */
};

/* Q7: used.len = every byte written = the whole writable part: a 512-byte
 * read 513, a write 1, a 4 KiB read 4097, GET_ID 21, an IOERR read of 511
 * bytes 512, a FLUSH with 7 extra bytes 8, no writable part 0. */
static void q7_body(struct tb_vq *t)
{
	struct q7_res *res = tb_container_of(t, struct q7_res, t);
	static const struct {
		uint32_t type, out, in;
		uint32_t used;
	} cases[] = {
		{ BLK_T_IN, 0, 512, 513 },	  { BLK_T_OUT, 512, 0, 1 },
		{ BLK_T_IN, 0, 4096, 4097 },	  { BLK_T_OUT, 4096, 0, 1 },
		{ BLK_T_GET_ID, 0, 20, 21 },	  { BLK_T_IN, 0, 511, 512 },
		{ BLK_T_FLUSH, 0, 7, 8 },	  { BLK_T_OUT, 1024, 3, 4 },
		{ BLK_T_WRITE_ZEROES, 16, 0, 1 }, { 77, 0, 0, 1 },
	};
	struct sim_rng rng = rng_of(t);

	if (blk_init(t))
		return;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct blk_req *r =
			blk_new(cases[i].type, 3, cases[i].out, cases[i].in);

		if (cases[i].type == BLK_T_WRITE_ZEROES) {
			uint32_t one = 1;

			memcpy(r->out + 8, &one, 4);
		}
		blk_do(t, &rng, r, i & 1 ? BLK_RANDOM : BLK_QEMU, 5);
		res->used_ok[i] = r->used == cases[i].used;
		blk_free(t, r);
	}
	/* no writable part */
	{
		struct blk_req *r = blk_new(BLK_T_IN, 0, 0, 0);

		r->no_status = true;
		blk_do(t, &rng, r, BLK_QEMU, 0);
		res->used_ok[10] = r->done && r->used == 0;
		blk_free(t, r);
	}
}

START_TEST(test_q7_blk_used_len_counts_data_and_status)
{
	struct q7_res r = { 0 };

	blk_run(&r.t, _i, q7_body);
	for (unsigned i = 0; i <= 10; i++)
		ck_assert_msg(r.used_ok[i] == 1, "case %u: wrong used.len", i);
	tb_vq_done(&r.t);
}
END_TEST

/* ------------------------------------------------------ reset, speed */

/* What reset_body saw. */
struct reset_res {
	struct tb_vq t;		  /* the harness; the body gets &res->t */
	uint16_t used_at_reset;	  /* used index at the reset */
	uint64_t dma_after_reset; /* AXI transactions after Status read 0 */
	bool irq_after_reset;	  /* IRQ level then */
	bool disk_kept;		  /* sectors 0..63 as written before */
	bool new_write_ok;	  /* a new write reads back */
	unsigned foreign_bytes;	  /* cut writes' bytes neither old nor new */
};

/* A device reset in the middle of traffic: no DMA once Status reads 0;
 * after re-initialisation the disk still holds what completed writes put
 * there, writes cut short left only their own bytes, and new requests
 * work. */
#define OLD_BYTE 0x5a /* what the traffic overwrites */
static void reset_body(struct tb_vq *t)
{
	struct reset_res *res = tb_container_of(t, struct reset_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t *a = malloc(64 * BLK_SECTOR), *got = malloc(64 * BLK_SECTOR);
	struct blk_req *fly[24];
	uint64_t dma0;

	blk_random_bytes(&rng, a, 64 * BLK_SECTOR);
	if (blk_init(t))
		goto out;
	for (unsigned s = 0; s < 64; s += 8)
		if (blk_write(t, &rng, s, 8, a + s * BLK_SECTOR) != BLK_S_OK)
			goto out;
	/* the sectors the traffic writes hold OLD_BYTE before it */
	memset(got, OLD_BYTE, 8 * BLK_SECTOR);
	for (unsigned i = 0; i < 24; i += 2)
		if (blk_write(t, &rng, 1024 + 8 * i, 8, got) != BLK_S_OK)
			goto out;
	/* traffic elsewhere: writes and reads of 4 KiB */
	for (unsigned i = 0; i < 24; i++) {
		fly[i] = blk_new(i & 1 ? BLK_T_IN : BLK_T_OUT, 1024 + 8 * i,
				 i & 1 ? 0 : 4096, i & 1 ? 4096 : 0);
		if (fly[i]->out)
			blk_random_bytes(&rng, fly[i]->out, 4096);
		if (blk_post(t, &rng, fly[i], BLK_RANDOM, 4)) {
			for (unsigned j = 0; j <= i; j++)
				blk_free(t, fly[j]);
			goto out;
		}
	}
	/* reset after a random number of them completed, at a random
	 * point of the next: how long the traffic takes depends on the bus
	 * width and the memory, not what the test is about */
	{
		uint16_t target =
			(uint16_t)(8 + 12 + sim_rng_range(&rng, 0, 20));

		for (unsigned w = 0; w < 100000 && (uint16_t)(blk_used_idx(t) -
							      target) >= 0x8000;
		     w++)
			sim_wait_cycles(t->e->sim, 8);
		sim_wait_cycles(t->e->sim, sim_rng_range(&rng, 0, 120));
	}
	res->used_at_reset = blk_used_idx(t);
	if (virtio_reset_device(&t->vm->vdev))
		goto free_fly;
	/* Linux does not poll: its next access completes once the reset
	 * has (S1); from then on nothing may move */
	if (t->vm->vdev.config->get_status(&t->vm->vdev) != 0)
		goto free_fly;
	dma0 = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, 4000);
	res->dma_after_reset = tb_vq_dma_count(t) - dma0;
	res->irq_after_reset = irq_mon_level(t->e->irq);
	if (blk_init(t))
		goto free_fly;
	/* the old buffers went with the old rings */
	if (blk_read(t, &rng, 0, 64, got) != BLK_S_OK)
		goto free_fly;
	res->disk_kept = memcmp(got, a, 64 * BLK_SECTOR) == 0;
	/* a write cut short by the reset leaves each byte old or new: the
	 * padding the engine replaced its remaining data with never reaches
	 * the disk */
	for (unsigned i = 0; i < 24; i += 2) {
		if (blk_read(t, &rng, 1024 + 8 * i, 8, got) != BLK_S_OK)
			goto free_fly;
		for (unsigned k = 0; k < 8 * BLK_SECTOR; k++)
			res->foreign_bytes += got[k] != OLD_BYTE &&
					      got[k] != fly[i]->out[k];
	}
	blk_random_bytes(&rng, a, 16 * BLK_SECTOR);
	if (blk_write(t, &rng, 1024, 16, a) != BLK_S_OK ||
	    blk_read(t, &rng, 1024, 16, got) != BLK_S_OK)
		goto free_fly;
	res->new_write_ok = memcmp(got, a, 16 * BLK_SECTOR) == 0;
free_fly:
	for (unsigned i = 0; i < 24; i++)
		blk_free(t, fly[i]);
out:
	free(a);
	free(got);
}

START_TEST(test_blk_device_reset_mid_traffic_keeps_the_disk)
{
	struct reset_res r = { 0 };

	blk_run(&r.t, _i, reset_body);
	/* 8 writes of a, 12 of OLD_BYTE, then 24 in flight: some were still
	 * pending at the reset */
	ck_assert_uint_lt(r.used_at_reset, 8 + 12 + 24);
	ck_assert_uint_eq(r.dma_after_reset, 0);
	ck_assert_uint_eq(r.irq_after_reset, 0);
	ck_assert_uint_eq(r.disk_kept, 1);
	ck_assert_uint_eq(r.new_write_ok, 1);
	ck_assert_uint_eq(r.foreign_bytes, 0); /* no byte neither old nor new */
	tb_vq_done(&r.t);
}
END_TEST

/* Streaming: without memory latency or back-pressure a 4 KiB write and a
 * 4 KiB read each take about one cycle per beat plus a fixed cost (kick to
 * used index in memory). */
static uint64_t speed_one(struct tb_vq *t, struct sim_rng *rng,
			  struct blk_req *r)
{
	uint16_t u = blk_used_idx(t);
	uint64_t c0 = sim_clock_cycles(t->e->clk), c;
	struct blk_req *got;

	if (blk_post(t, rng, r, BLK_QEMU, 0))
		return 0;
	while (blk_used_idx(t) == u)
		sim_wait_cycles(t->e->sim, 1);
	c = sim_clock_cycles(t->e->clk) - c0;
	got = blk_wait(t);
	tb_vq_check(t, got == r && r->status == BLK_S_OK, "request failed");
	return c;
}

/* What speed_body measured. */
struct speed_res {
	struct tb_vq t;	       /* the harness; the body gets &res->t */
	uint64_t write_cycles; /* kick to used index of the 4 KiB write */
	uint64_t read_cycles;  /* of the 4 KiB read */
};

static void speed_body(struct tb_vq *t)
{
	struct speed_res *res = tb_container_of(t, struct speed_res, t);
	struct sim_rng rng = rng_of(t);
	struct blk_req *r;

	if (blk_init(t))
		return;
	for (unsigned i = 0; i < 2; i++) { /* second round: warm */
		r = blk_new(BLK_T_OUT, 64, 4096, 0);
		blk_random_bytes(&rng, r->out, 4096);
		res->write_cycles = speed_one(t, &rng, r);
		blk_free(t, r);
		r = blk_new(BLK_T_IN, 64, 0, 4096);
		res->read_cycles = speed_one(t, &rng, r);
		blk_free(t, r);
	}
	sim_report(t->e->sim, SIM_INFO, "blk.speed",
		   "4 KiB write %llu cycles, 4 KiB read %llu cycles",
		   (unsigned long long)res->write_cycles,
		   (unsigned long long)res->read_cycles);
}

START_TEST(test_blk_4k_read_and_write_stream_one_beat_per_cycle)
{
	struct speed_res r = { 0 };
	unsigned beats;

	tb_vq_cfg(0, &r.t);
	r.t.cfg.random = false;
	tb_vq_run(&r.t, speed_body, NULL);
	tb_env_assert_clean(r.t.e);
	/* 4 KiB is 512 beats at 64 bits; 256 at 128 */
	beats = 4096 / 8;
	ck_assert_uint_gt(r.write_cycles, 4096 / 32);
	ck_assert_uint_lt(r.write_cycles, beats + 400);
	ck_assert_uint_gt(r.read_cycles, 4096 / 32);
	ck_assert_uint_lt(r.read_cycles, beats + 400);
	tb_vq_done(&r.t);
}
END_TEST

/* Requests overlap: the RAM disk reads the next request's header while it
 * still writes the data of the one before (docs/device-function.md, in
 * order: reads go to the newest chain, writes to the oldest). A tap orders
 * the bus accesses: for every request but the first, the header read comes
 * before the last data write of the request before it. */
#define OVL_REQS 8
#define OVL_BYTES 16384 /* longer than a walk and a header read */

struct ovl_tap {
	const struct blk_req *req[OVL_REQS];
	unsigned n;		   /* accesses seen */
	unsigned hdr_at[OVL_REQS]; /* access that read the header (0: none) */
	unsigned last_wr_at[OVL_REQS]; /* last write into the data */
};

static void ovl_tap_fn(void *ctx, const struct mem_access *a)
{
	struct ovl_tap *o = ctx;

	o->n++;
	for (unsigned i = 0; i < OVL_REQS; i++) {
		uint64_t h, d;

		if (!o->req[i] || !o->req[i]->addr)
			continue; /* not posted yet */
		h = o->req[i]->addr;
		d = h + 16;
		if (!a->write && a->addr <= h && h < a->addr + a->len &&
		    !o->hdr_at[i])
			o->hdr_at[i] = o->n;
		if (a->write && a->addr < d + OVL_BYTES && d < a->addr + a->len)
			o->last_wr_at[i] = o->n;
	}
}

struct ovl_res {
	struct tb_vq t;
	unsigned done;	     /* requests back, status OK, data right */
	unsigned overlapped; /* requests whose header read came early */
	unsigned latency;    /* the memory's read latency */
};

static void ovl_body(struct tb_vq *t)
{
	struct ovl_res *res = tb_container_of(t, struct ovl_res, t);
	struct sim_rng rng = rng_of(t);
	struct ovl_tap tap = { { 0 } };
	struct blk_req *r[OVL_REQS];
	uint8_t *a = malloc(OVL_REQS * OVL_BYTES);

	if (!a || blk_init(t))
		goto out;
	blk_random_bytes(&rng, a, OVL_REQS * OVL_BYTES);
	for (unsigned i = 0; i < OVL_REQS; i++)
		if (blk_write(t, &rng, 32 * i, 32, a + OVL_BYTES * i) !=
		    BLK_S_OK)
			goto out;
	mem_tap_add(t->e->mem, ovl_tap_fn, &tap);
	for (unsigned i = 0; i < OVL_REQS; i++) {
		r[i] = blk_new(BLK_T_IN, 32 * i, 0, OVL_BYTES);
		blk_expect(r[i], a + OVL_BYTES * i);
		r[i]->want = BLK_S_OK;
		tap.req[i] = r[i]; /* its address is set before it is posted */
		if (blk_post(t, &rng, r[i], BLK_QEMU, 0)) {
			mem_tap_remove(t->e->mem, ovl_tap_fn, &tap);
			for (unsigned j = 0; j <= i; j++)
				blk_free(t, r[j]);
			goto out;
		}
	}
	for (unsigned i = 0; i < OVL_REQS; i++) {
		struct blk_req *got = blk_wait(t);

		res->done += got && got == r[i] && got->status == BLK_S_OK &&
			     memcmp(got->in, a + OVL_BYTES * i, OVL_BYTES) == 0;
	}
	mem_tap_remove(t->e->mem, ovl_tap_fn, &tap);
	for (unsigned i = 1; i < OVL_REQS; i++)
		res->overlapped += tap.hdr_at[i] != 0 &&
				   tap.hdr_at[i] < tap.last_wr_at[i - 1];
	for (unsigned i = 0; i < OVL_REQS; i++)
		blk_free(t, r[i]);
out:
	free(a);
}

START_TEST(test_blk_next_header_read_while_the_previous_data_is_written)
{
	struct ovl_res r = { 0 };
	static const unsigned lat[] = { 0, 8, 24, 48 };

	tb_vq_cfg(_i, &r.t);
	r.t.cfg.random = false; /* the latency is the test's */
	r.latency = lat[(unsigned)_i % 4];
	r.t.cfg.mem.rd_lat_min = r.t.cfg.mem.rd_lat_max = r.latency;
	r.t.cfg.mem.wr_lat_min = r.t.cfg.mem.wr_lat_max = r.latency;
	tb_vq_run(&r.t, ovl_body, NULL);
	tb_env_assert_clean(r.t.e);
	printf("read latency %u: %u of %u header reads before the previous "
	       "request's last data write\n",
	       r.latency, r.overlapped, OVL_REQS - 1);
	fflush(stdout);
	ck_assert_uint_eq(r.done, OVL_REQS);
	ck_assert_uint_eq(r.overlapped, OVL_REQS - 1);
	tb_vq_done(&r.t);
}
END_TEST

static void test_blk_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_blk_config_space_and_features, 60);
	tb_add_seeded(r, test_blk_basic_write_read_zeroes_discard_and_layouts,
		      60);
	tb_add_seeded(r, test_blk_indirect_table_write_and_read, 60);
	tb_add_seeded(
		r,
		test_s13_blk_resize_raises_config_interrupt_and_bounds_requests,
		60);
	tb_add_seeded(r, test_q9_blk_event_idx_no_interrupt_for_second_request,
		      60);
	tb_add_seeded(r, test_blk_get_id_20_bytes_nul_padded, 60);
	tb_add_seeded(r, test_blk_flush_ok_and_unknown_types_unsupp, 60);
	tb_add_seeded(r, test_blk_out_of_range_is_ioerr_and_last_sector_is_fine,
		      120);
	tb_add_seeded(r, test_blk_length_not_multiple_of_512_is_ioerr, 60);
	tb_add_seeded(
		r, test_blk_short_header_ioerr_and_no_status_chain_used_len_0,
		60);
	tb_add_seeded(r, test_blk_discard_and_write_zeroes_segments_and_flags,
		      60);
	tb_add_seeded(r, test_q3_blk_requests_split_down_to_1_byte_pieces, 120);
	tb_add_seeded(r, test_q7_blk_used_len_counts_data_and_status, 60);
	tb_add_seeded(r, test_blk_device_reset_mid_traffic_keeps_the_disk, 60);
	tb_add(r, test_blk_4k_read_and_write_stream_one_beat_per_cycle, 60);
	tb_add_seeded(
		r, test_blk_next_header_read_while_the_previous_data_is_written,
		60);
}

TB_TESTS(test_blk_register)
