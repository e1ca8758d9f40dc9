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

/* RO offered and accepted; reads of the (zeroed) medium, GET_ID and FLUSH
 * are OK. */
static void reads_body(struct tb_vq *t)
{
	struct sim_rng rng = rng_of(t);
	struct blk_req *r;

	if (blk_init(t))
		return;
	t->v[0] = t->vm->vdev.features;
	t->v[1] = blk_capacity(t);
	for (unsigned i = 0; i < 6; i++) {
		uint32_t n = (uint32_t)sim_rng_range(&rng, 1, 16);
		uint64_t s = sim_rng_range(&rng, 0, BLK_SECTORS - n);

		r = blk_new(BLK_T_IN, i ? s : BLK_SECTORS - 1, 0,
			    (i ? n : 1) * BLK_SECTOR);
		t->v[2] += blk_do(t, &rng, r, BLK_RANDOM, 6) == BLK_S_OK &&
			   blk_all_equal(r->in, 0, r->in_len);
		blk_free(t, r);
	}
	r = blk_new(BLK_T_IN, BLK_SECTORS, 0, BLK_SECTOR);
	t->v[3] = blk_do(t, &rng, r, BLK_RANDOM, 3);
	blk_free(t, r);
	r = blk_new(BLK_T_GET_ID, 0, 0, BLK_ID_BYTES);
	t->v[4] = blk_do(t, &rng, r, BLK_RANDOM, 4) == BLK_S_OK &&
		  !memcmp(r->in, BLK_ID, strlen(BLK_ID) + 1);
	blk_free(t, r);
	r = blk_new(BLK_T_FLUSH, 0, 0, 0);
	t->v[5] = blk_do(t, &rng, r, BLK_RANDOM, 2);
	blk_free(t, r);
}

START_TEST(test_blk_ro_feature_offered_and_reads_work)
{
	struct tb_vq t = { 0 };

	blk_run(&t, _i, reads_body);
	ck_assert(t.v[0] & (1ull << BLK_F_RO));
	ck_assert_uint_eq(t.v[1], BLK_SECTORS);
	ck_assert_uint_eq(t.v[2], 6);
	ck_assert_uint_eq(t.v[3], BLK_S_IOERR);
	ck_assert_uint_eq(t.v[4], 1);
	ck_assert_uint_eq(t.v[5], BLK_S_OK);
	tb_vq_done(&t);
}
END_TEST

/* OUT, WRITE_ZEROES and DISCARD get IOERR (a DISCARD with the unmap flag
 * UNSUPP first, 5.2.6.2), with used.len covering the writable part; the
 * medium still reads zeros where the writes pointed. */
static void writes_body(struct tb_vq *t)
{
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
	t->v[0] = ioerr;
	r = blk_new_dwz(BLK_T_DISCARD, 0, 64, BLK_DWZ_UNMAP, 1);
	t->v[1] = blk_do(t, &rng, r, BLK_RANDOM, 4);
	blk_free(t, r);
	/* nothing was written */
	r = blk_new(BLK_T_IN, 0, 0, 64 * BLK_SECTOR);
	t->v[2] = blk_do(t, &rng, r, BLK_RANDOM, 6) == BLK_S_OK &&
		  blk_all_equal(r->in, 0, r->in_len);
	blk_free(t, r);
}

START_TEST(test_blk_ro_writes_get_ioerr_and_change_nothing)
{
	struct tb_vq t = { 0 };

	blk_run(&t, _i, writes_body);
	ck_assert_uint_eq(t.v[0], 11);
	ck_assert_uint_eq(t.v[1], BLK_S_UNSUPP);
	ck_assert_uint_eq(t.v[2], 1);
	tb_vq_done(&t);
}
END_TEST

static void test_blk_ro_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_blk_ro_feature_offered_and_reads_work, 60);
	tb_add_seeded(r, test_blk_ro_writes_get_ioerr_and_change_nothing, 60);
}

TB_TESTS(test_blk_ro_register)
