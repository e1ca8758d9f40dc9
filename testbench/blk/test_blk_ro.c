/* SPDX-License-Identifier: MIT */
/*
 * test_blk_ro.c - virtio-blk built read-only (vio_top BLK_READ_ONLY=1):
 * VIRTIO_BLK_F_RO offered (5.2.3), reads, GET_ID and FLUSH work, and every
 * request that would change the medium (OUT, WRITE_ZEROES, DISCARD) gets
 * IOERR and changes nothing (5.2.6.2). Every run: random memory latency
 * and back-pressure, protocol checkers, DMA memory no-access except the
 * rings and the posted buffers.
 */
#include <string.h>

#include "tb_blk.h"

static struct sim_rng rng_of(struct tb_vq *t)
{
	return sim_rng(t->e->sim, "test");
}

/* What reads_body saw. */
struct reads_res {
	struct tb_vq t;	     /* the harness; the body gets &res->t */
	uint64_t negotiated; /* features negotiated */
	uint64_t capacity;   /* capacity, sectors */
	unsigned zero_reads; /* in-range reads OK and all zeros (of 6) */
	uint8_t past_end;    /* status of a read one sector past the end */
	bool id_right;	     /* GET_ID OK and BLK_ID with its NUL */
	uint8_t flush;	     /* status of a FLUSH */
};

/* RO offered and accepted; reads of the (zeroed) medium, GET_ID and FLUSH
 * are OK. */
static void reads_body(struct tb_vq *t)
{
	struct reads_res *res = tb_container_of(t, struct reads_res, t);
	struct sim_rng rng = rng_of(t);
	struct blk_req *r;
	unsigned zeros = 0;

	if (blk_init(t))
		return;
	res->negotiated = t->vm->vdev.features;
	res->capacity = blk_capacity(t);
	for (unsigned i = 0; i < 6; i++) {
		uint32_t n = (uint32_t)sim_rng_range(&rng, 1, 16);
		uint64_t s = sim_rng_range(&rng, 0, BLK_SECTORS - n);

		r = blk_new(BLK_T_IN, i ? s : BLK_SECTORS - 1, 0,
			    (i ? n : 1) * BLK_SECTOR);
		zeros += blk_do(t, &rng, r, BLK_RANDOM, 6) == BLK_S_OK &&
			 blk_all_equal(r->in, 0, r->in_len);
		blk_free(t, r);
	}
	res->zero_reads = zeros;
	r = blk_new(BLK_T_IN, BLK_SECTORS, 0, BLK_SECTOR);
	res->past_end = blk_do(t, &rng, r, BLK_RANDOM, 3);
	blk_free(t, r);
	r = blk_new(BLK_T_GET_ID, 0, 0, BLK_ID_BYTES);
	res->id_right = blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_OK &&
			!memcmp(r->in, BLK_ID, strlen(BLK_ID) + 1);
	blk_free(t, r);
	r = blk_new(BLK_T_FLUSH, 0, 0, 0);
	res->flush = blk_do(t, &rng, r, BLK_RANDOM, 2);
	blk_free(t, r);
}

START_TEST(test_blk_ro_feature_offered_and_reads_work)
{
	struct reads_res r = { 0 };

	blk_run(&r.t, _i, reads_body);
	ck_assert(r.negotiated & (1ull << BLK_F_RO));
	ck_assert_uint_eq(r.capacity, BLK_SECTORS);
	ck_assert_uint_eq(r.zero_reads, 6);
	ck_assert_uint_eq(r.past_end, BLK_S_IOERR);
	ck_assert_uint_eq(r.id_right, 1);
	ck_assert_uint_eq(r.flush, BLK_S_OK);
	tb_vq_done(&r.t);
}
END_TEST

/* What writes_body saw. */
struct writes_res {
	struct tb_vq t;	       /* the harness; the body gets &res->t */
	unsigned ioerr;	       /* IOERR, the OUTs with zeros back (of 11) */
	uint8_t discard_unmap; /* status of a DISCARD with unmap */
	bool still_zero;       /* the written sectors read OK and all zeros */
};

/* OUT, WRITE_ZEROES and DISCARD get IOERR (a DISCARD with the unmap flag
 * UNSUPP first, 5.2.6.2), with used.len covering the writable part; the
 * medium still reads zeros where the writes pointed. */
static void writes_body(struct tb_vq *t)
{
	struct writes_res *res = tb_container_of(t, struct writes_res, t);
	struct sim_rng rng = rng_of(t);
	struct blk_req *r;
	unsigned ioerr = 0;

	if (blk_init(t))
		return;
	for (unsigned i = 0; i < 8; i++) {
		uint32_t n = (uint32_t)sim_rng_range(&rng, 1, 8);
		uint64_t s = sim_rng_range(&rng, 0, 64 - n);

		r = blk_new(BLK_T_OUT, s, n * BLK_SECTOR, i & 1 ? 5 : 0);
		for (uint32_t k = 0; k < r->out_len; k++)
			r->out[k] = (uint8_t)(sim_rng_u64(&rng) | 1);
		ioerr += blk_do(t, &rng, r, BLK_RANDOM, 5) == BLK_S_IOERR &&
			 blk_all_equal(r->in, 0, r->in_len);
		blk_free(t, r);
	}
	r = blk_new_dwz(BLK_T_WRITE_ZEROES, 0, 64, 0, 1);
	ioerr += blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_IOERR;
	blk_free(t, r);
	r = blk_new_dwz(BLK_T_WRITE_ZEROES, 0, 64, BLK_DWZ_UNMAP, 1);
	ioerr += blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_IOERR;
	blk_free(t, r);
	r = blk_new_dwz(BLK_T_DISCARD, 0, 64, 0, 1);
	ioerr += blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_IOERR;
	blk_free(t, r);
	res->ioerr = ioerr;
	r = blk_new_dwz(BLK_T_DISCARD, 0, 64, BLK_DWZ_UNMAP, 1);
	res->discard_unmap = blk_do(t, &rng, r, BLK_RANDOM, 4);
	blk_free(t, r);
	/* nothing was written */
	r = blk_new(BLK_T_IN, 0, 0, 64 * BLK_SECTOR);
	res->still_zero = blk_do(t, &rng, r, BLK_RANDOM, 6) == BLK_S_OK &&
			  blk_all_equal(r->in, 0, r->in_len);
	blk_free(t, r);
}

START_TEST(test_blk_ro_writes_get_ioerr_and_change_nothing)
{
	struct writes_res r = { 0 };

	blk_run(&r.t, _i, writes_body);
	ck_assert_uint_eq(r.ioerr, 11);
	ck_assert_uint_eq(r.discard_unmap, BLK_S_UNSUPP);
	ck_assert_uint_eq(r.still_zero, 1);
	tb_vq_done(&r.t);
}
END_TEST

static void test_blk_ro_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_blk_ro_feature_offered_and_reads_work, 60);
	tb_add_seeded(r, test_blk_ro_writes_get_ioerr_and_change_nothing, 60);
}

TB_TESTS(test_blk_ro_register)
