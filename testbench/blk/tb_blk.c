/* SPDX-License-Identifier: MIT */
/*
 * tb_blk.c - harness of the virtio-blk suites.
 */
#include "tb_blk.h"

#include <stdlib.h>
#include <string.h>

#define BLK_POISON 0xee /* writable parts before the device writes */

void blk_run(struct tb_vq *t, int i, void (*fn)(struct tb_vq *t))
{
	tb_vq_cfg(i, t);
	tb_vq_run(t, fn, NULL);
	tb_env_assert_clean(t->e);
}

int blk_init(struct tb_vq *t)
{
	t->nq = 1;
	return tb_vq_init(t);
}

struct blk_req *blk_new(uint32_t type, uint64_t sector, uint32_t out_len,
			uint32_t in_len)
{
	struct blk_req *r = calloc(1, sizeof(*r));

	r->type = type;
	r->sector = sector;
	r->hdr_len = 16;
	r->out_len = out_len;
	r->in_len = in_len;
	r->want = -1;
	if (out_len)
		r->out = calloc(1, out_len);
	r->in = calloc(1, in_len ? in_len : 1);
	return r;
}

struct blk_req *blk_new_dwz(uint32_t type, uint64_t sector, uint32_t num,
			    uint32_t flags, unsigned nseg)
{
	struct blk_req *r = blk_new(type, 0, 16 * nseg, 0);

	for (unsigned s = 0; s < nseg; s++) {
		memcpy(r->out + 16 * s, &sector, 8);
		memcpy(r->out + 16 * s + 8, &num, 4);
		memcpy(r->out + 16 * s + 12, &flags, 4);
	}
	return r;
}

void blk_free(struct tb_vq *t, struct blk_req *r)
{
	if (r->addr)
		dma_pool_free(t->pool, r->addr);
	free(r->out);
	free(r->expect);
	free(r->in);
	free(r);
}

static uint32_t blk_rd_bytes(const struct blk_req *r)
{
	return r->hdr_len + r->out_len;
}

static uint32_t blk_wr_bytes(const struct blk_req *r)
{
	return r->no_status ? 0 : r->in_len + 1;
}

unsigned blk_descs(const struct blk_req *r, enum blk_shape shape, unsigned max)
{
	switch (shape) {
	case BLK_QEMU:
	case BLK_TWO: return 4;
	case BLK_RANDOM: return 2 * max;
	default: return blk_rd_bytes(r) + blk_wr_bytes(r);
	}
}

/* Pieces of a part of len bytes for a shape. */
static unsigned blk_pieces(struct sim_rng *rng, enum blk_shape shape,
			   uint32_t len, unsigned max)
{
	if (!len)
		return 0;
	if (shape == BLK_BYTES)
		return len;
	if (shape == BLK_TWO)
		return 1;
	return (unsigned)sim_rng_range(rng, 1, len < max ? len : max);
}

int blk_post(struct tb_vq *t, struct sim_rng *rng, struct blk_req *r,
	     enum blk_shape shape, unsigned max)
{
	uint32_t rd = blk_rd_bytes(r), wr = blk_wr_bytes(r);
	uint8_t hdr[16] = { 0 };
	struct scatterlist *sg_r, *sg_w, *sgs[2];
	unsigned nr, nw, ns = 0, nin = 0;
	int err;

	r->addr = tb_vq_alloc(t, rd + wr, 8);
	if (!r->addr)
		return -1;
	memcpy(hdr, &r->type, 4);
	memcpy(hdr + 8, &r->sector, 8);
	if (r->hdr_len)
		mem_write(t->e->mem, r->addr, hdr, r->hdr_len);
	if (r->out_len)
		mem_write(t->e->mem, r->addr + r->hdr_len, r->out, r->out_len);
	mem_fill(t->e->mem, r->addr + rd, BLK_POISON, wr);

	if (shape == BLK_QEMU) {
		nr = (r->hdr_len ? 1 : 0) + (r->out_len ? 1 : 0);
		nw = (r->in_len ? 1 : 0) + (r->no_status ? 0 : 1);
	} else {
		nr = blk_pieces(rng, shape, rd, max);
		nw = blk_pieces(rng, shape, wr, max);
	}
	sg_r = calloc(nr + 1, sizeof(*sg_r));
	sg_w = calloc(nw + 1, sizeof(*sg_w));
	if (shape == BLK_QEMU) {
		unsigned i = 0;

		sg_init_table(sg_r, nr);
		if (r->hdr_len)
			sg_set_buf(&sg_r[i++], r->addr, r->hdr_len);
		if (r->out_len)
			sg_set_buf(&sg_r[i++], r->addr + r->hdr_len,
				   r->out_len);
		i = 0;
		sg_init_table(sg_w, nw);
		if (r->in_len)
			sg_set_buf(&sg_w[i++], r->addr + rd, r->in_len);
		if (!r->no_status)
			sg_set_buf(&sg_w[i++], r->addr + rd + r->in_len, 1);
	} else {
		if (nr)
			tb_vq_split(t, rng, r->addr, rd, nr, sg_r);
		if (nw)
			tb_vq_split(t, rng, r->addr + rd, wr, nw, sg_w);
	}
	if (nr)
		sgs[ns++] = sg_r;
	if (nw) {
		sgs[ns++] = sg_w;
		nin = 1;
	}
	err = virtqueue_add_sgs(t->vq[0], sgs, ns - nin, nin, r);
	free(sg_r);
	free(sg_w);
	if (err) {
		tb_vq_fail(t, "adding a type %u request failed: %d", r->type,
			   err);
		return err;
	}
	if (!t->no_kick)
		virtqueue_kick(t->vq[0]);
	return 0;
}

struct blk_req *blk_wait(struct tb_vq *t)
{
	struct blk_req *r;
	uint32_t len = 0, rd;

	r = (struct blk_req *)(void *)tb_vq_wait_buf(t, t->vq[0], &len,
						     BLK_TIMEOUT);
	if (!tb_vq_check(t, r, "no request came back within %u cycles",
			 BLK_TIMEOUT))
		return NULL;
	rd = blk_rd_bytes(r);
	r->done = true;
	r->used = len;
	if (r->in_len)
		mem_read(t->e->mem, r->addr + rd, r->in, r->in_len);
	r->status = 0xff;
	if (!r->no_status)
		mem_read(t->e->mem, r->addr + rd + r->in_len, &r->status, 1);
	tb_vq_check(t, len == blk_wr_bytes(r),
		    "type %u sector %llu: used.len %u, want %u", r->type,
		    (unsigned long long)r->sector, len, blk_wr_bytes(r));
	if (r->want >= 0)
		tb_vq_check(
			t, r->status == r->want,
			"type %u sector %llu (%u+%u bytes): status %u, want %d",
			r->type, (unsigned long long)r->sector, r->out_len,
			r->in_len, r->status, r->want);
	if (r->expect)
		for (uint32_t k = 0; k < r->in_len; k++)
			if (!tb_vq_check(
				    t, r->in[k] == r->expect[k],
				    "type %u sector %llu: byte %u is 0x%02x, want 0x%02x",
				    r->type, (unsigned long long)r->sector, k,
				    r->in[k], r->expect[k]))
				break;
	return r;
}

uint8_t blk_do(struct tb_vq *t, struct sim_rng *rng, struct blk_req *r,
	       enum blk_shape shape, unsigned max)
{
	struct blk_req *got;

	if (blk_post(t, rng, r, shape, max))
		return 0xff;
	got = blk_wait(t);
	if (!tb_vq_check(t, got == r, "another request came back"))
		return 0xff;
	return r->status;
}

void blk_expect_zeros(struct blk_req *r)
{
	r->expect = calloc(1, r->in_len ? r->in_len : 1);
}

void blk_expect(struct blk_req *r, const uint8_t *src)
{
	r->expect = malloc(r->in_len ? r->in_len : 1);
	memcpy(r->expect, src, r->in_len);
}

uint8_t blk_read(struct tb_vq *t, struct sim_rng *rng, uint64_t sector,
		 uint32_t n, uint8_t *buf)
{
	struct blk_req *r = blk_new(BLK_T_IN, sector, 0, n * BLK_SECTOR);
	uint8_t st = blk_do(t, rng, r, BLK_QEMU, 0);

	if (buf)
		memcpy(buf, r->in, r->in_len);
	blk_free(t, r);
	return st;
}

uint8_t blk_write(struct tb_vq *t, struct sim_rng *rng, uint64_t sector,
		  uint32_t n, const uint8_t *buf)
{
	struct blk_req *r = blk_new(BLK_T_OUT, sector, n * BLK_SECTOR, 0);
	uint8_t st;

	memcpy(r->out, buf, r->out_len);
	st = blk_do(t, rng, r, BLK_QEMU, 0);
	blk_free(t, r);
	return st;
}

void blk_random_bytes(struct sim_rng *rng, uint8_t *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		b[k] = (uint8_t)sim_rng_u64(rng);
}

bool blk_all_equal(const uint8_t *b, uint8_t v, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		if (b[k] != v)
			return false;
	return true;
}

uint64_t blk_capacity(struct tb_vq *t)
{
	return virtio_cread64(&t->vm->vdev, BLK_CFG_CAPACITY);
}
