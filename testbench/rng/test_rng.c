/* SPDX-License-Identifier: MIT */
/*
 * test_rng.c - virtio-rng (DeviceID 4, virtio 1.2 section 5.4) on the ring
 * engine: one request queue, no configuration space; every buffer gets at
 * least 1 and at most its size random bytes (CONFORMANCE D). Every run:
 * random memory latency and back-pressure, protocol checkers, DMA memory
 * no-access except the ring and the posted buffers.
 */
#include <stdlib.h>
#include <string.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define LONG 400000    /* cycles to wait for one buffer */
#define RNG_MAX 65536u /* vio_rng MAX_BYTES */
#define POISON 0xee

static struct sim_rng rng_of(struct tb_vq *t)
{
	return sim_rng(t->e->sim, "test");
}

static int rng_init(struct tb_vq *t)
{
	t->nq = 1;
	return tb_vq_init(t);
}

/* Post one buffer of len bytes in n pieces and wait for it; returns the
 * used length, or 0 after a failed check. The bytes go to out (len). */
static uint32_t rng_read(struct tb_vq *t, struct sim_rng *rng, uint32_t len,
			 unsigned n, uint8_t *out)
{
	struct tb_frame *f;
	uint32_t used;

	if (!tb_vq_check(t, tb_vq_post_rx(t, rng, len, n) == 0,
			 "posting %u bytes failed", len))
		return 0;
	f = tb_vq_wait_buf(t, t->vq[0], &used, LONG);
	if (!tb_vq_check(t, f, "a %u-byte buffer did not come back", len))
		return 0;
	if (out)
		mem_read(t->e->mem, f->addr, out, len);
	tb_vq_free_frame(t, f);
	return used;
}

/* 5.4.6: at least 1, at most the buffer's size: 1 byte, 4 KiB in one and
 * in five pieces, a chained 3000-byte buffer, and one larger than the
 * device writes at once (capped). Bytes past the used length stay as the
 * driver left them. */
struct sizes_res {
	struct tb_vq t;	       /* the harness */
	unsigned buffers_done; /* cases that ran to their end */
};

static void sizes_body(struct tb_vq *t)
{
	struct sizes_res *r = tb_container_of(t, struct sizes_res, t);
	static const struct {
		uint32_t len;
		unsigned n;
	} cases[] = { { 1, 1 },	   { 4096, 1 }, { 4096, 5 },
		      { 3000, 3 }, { 2, 2 },	{ RNG_MAX + 4000, 2 } };
	struct sim_rng rng = rng_of(t);

	if (rng_init(t))
		return;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t len = cases[i].len,
			 want = len < RNG_MAX ? len : RNG_MAX;
		uint8_t *b = malloc(len);
		uint32_t used = rng_read(t, &rng, len, cases[i].n, b),
			 poison = 0;

		for (uint32_t k = 0; k < want && k < used; k++)
			poison += b[k] == POISON;
		tb_vq_check(t, used >= 1 && used <= len,
			    "%u-byte buffer: used.len %u", len, used);
		tb_vq_check(t, used == want,
			    "%u-byte buffer: used.len %u, want %u", len, used,
			    want);
		/* random bytes hit the poison value 1 time in 256 */
		tb_vq_check(t, poison <= 8 + want / 64,
			    "%u-byte buffer: %u bytes still 0x%02x", len,
			    poison, POISON);
		for (uint32_t k = used; k < len; k++)
			if (!tb_vq_check(t, b[k] == POISON,
					 "byte %u past used.len %u written", k,
					 used))
				break;
		free(b);
		r->buffers_done++;
	}
}

START_TEST(test_rng_buffers_get_1_to_size_random_bytes)
{
	struct sizes_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, sizes_body, NULL);
	ck_assert_uint_eq(r.buffers_done, 6);
	tb_vq_done(&r.t);
}
END_TEST

/* 256 KiB in 4 KiB buffers: byte frequencies (chi-square, 255 degrees of
 * freedom: mean 255, deviation 22.6), the share of one bits, and no two
 * buffers alike. A stuck lane, a repeating state or a byte lane written
 * twice fails at once. */
#define STAT_BUFS 64
#define STAT_LEN 4096u
struct stats_res {
	struct tb_vq t;		   /* the harness */
	uint64_t chi_square;	   /* of the byte frequencies */
	uint64_t ones_per_million; /* one bits per million bits */
	uint64_t buffers_alike;	   /* pairs of buffers with equal first
				      * 64 bytes */
};

static void stats_body(struct tb_vq *t)
{
	struct stats_res *r = tb_container_of(t, struct stats_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t *all = malloc((size_t)STAT_BUFS * STAT_LEN);
	uint64_t hist[256] = { 0 }, ones = 0;
	double chi = 0, n = (double)STAT_BUFS * STAT_LEN, e = n / 256;

	if (rng_init(t)) {
		free(all);
		return;
	}
	for (unsigned i = 0; i < STAT_BUFS; i++)
		if (rng_read(t, &rng, STAT_LEN, 1,
			     all + (size_t)i * STAT_LEN) != STAT_LEN) {
			free(all);
			return;
		}
	for (size_t k = 0; k < (size_t)STAT_BUFS * STAT_LEN; k++) {
		hist[all[k]]++;
		ones += (uint64_t)__builtin_popcount(all[k]);
	}
	for (unsigned v = 0; v < 256; v++)
		chi += ((double)hist[v] - e) * ((double)hist[v] - e) / e;
	r->chi_square = (uint64_t)chi;
	/* deviation 0.35 per thousand here */
	r->ones_per_million = ones * 1000000 / ((uint64_t)n * 8);
	for (unsigned i = 0; i < STAT_BUFS; i++)
		for (unsigned j = i + 1; j < STAT_BUFS; j++)
			r->buffers_alike += !memcmp(all + (size_t)i * STAT_LEN,
						    all + (size_t)j * STAT_LEN,
						    64);
	free(all);
}

START_TEST(test_rng_bytes_are_uniform_and_never_repeat)
{
	struct stats_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, stats_body, NULL);
	ck_assert_uint_lt(r.chi_square, 400);	       /* 6 deviations */
	ck_assert_uint_gt(r.ones_per_million, 498000); /* 50 % +- 0.2 % */
	ck_assert_uint_lt(r.ones_per_million, 502000);
	ck_assert_uint_eq(r.buffers_alike, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* A device reset does not restart the generator: the bytes after it are
 * not the bytes before it. */
struct reset_res {
	struct tb_vq t;	   /* the harness */
	bool bytes_differ; /* the 64 bytes after the reset are new */
	bool finished;	   /* both reads were made */
};

static void reset_body(struct tb_vq *t)
{
	struct reset_res *r = tb_container_of(t, struct reset_res, t);
	struct sim_rng rng = rng_of(t);
	uint8_t a[64], b[64];

	if (rng_init(t) || rng_read(t, &rng, sizeof(a), 1, a) != sizeof(a))
		return;
	if (rng_init(t) || rng_read(t, &rng, sizeof(b), 1, b) != sizeof(b))
		return;
	r->bytes_differ = memcmp(a, b, sizeof(a)) != 0;
	r->finished = true;
}

START_TEST(test_rng_device_reset_does_not_replay_bytes)
{
	struct reset_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, reset_body, NULL);
	ck_assert_msg(r.finished,
		      "the sequence stopped early (see the report)");
	ck_assert_msg(r.bytes_differ,
		      "the bytes after a device reset repeat those before it");
	tb_vq_done(&r.t);
}
END_TEST

static void test_rng_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_rng_buffers_get_1_to_size_random_bytes, 120);
	tb_add_seeded(r, test_rng_bytes_are_uniform_and_never_repeat, 120);
	tb_add_seeded(r, test_rng_device_reset_does_not_replay_bytes, 60);
}

TB_TESTS(test_rng_register)
