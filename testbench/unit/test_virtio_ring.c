/* SPDX-License-Identifier: MIT */
/*
 * test_virtio_ring_unit.c - the split virtqueue of the driver model and
 * its DMA pool, against the software device of vring_soft_dev.c (no
 * simulation time needed): message framing, ring full, indirect tables,
 * index wrap, queue sizes, notification suppression, detach, permissions,
 * the checker's device-rule checks (each firing once on its misbehaviour)
 * and driver-rule checks; then the virtio-mmio queue set-up on a fake
 * register file. Shapes the driver does not make (Q5, Q6) and chains that
 * break a driver rule (Q13) are written by the raw ring writer
 * (vring_raw.h).
 *
 * Every fixture makes the memory's default permission MEM_NONE, so any
 * device access outside what the model opened is a "mem.perm" error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dma_pool.h"
#include "tb.h"
#include "virtio_mmio.h"
#include "virtio_mmio_regs.h"
#include "virtio_ring.h"
#include "vring_check.h"
#include "vring_raw.h"
#include "vring_soft_dev.h"

#define RT_RING_BASE 0x100000000ull /* rings and tables: above 4 GiB (Q1) */
#define RT_BUF_BASE 0x200000000ull  /* test buffers */
#define RT_POOL_SIZE (64ull << 20)

/* An assertion for hot loops: Check records nothing unless it fails. */
#define rt_check(c)                                         \
	do {                                                \
		if (!(c))                                   \
			ck_assert_msg(0, "failed: %s", #c); \
	} while (0)

/* A queue, its memory and the software device serving it. */
struct rt {
	sim_t *sim;
	struct mem *mem;
	struct virtio_hw hw;
	struct virtio_device vdev;
	struct dma_pool *pool; /* rings and indirect tables */
	struct dma_pool *bufs; /* buffers */
	struct virtqueue *vq;
	struct vring_soft_dev dev;
	unsigned notifies;  /* notify callbacks */
	unsigned callbacks; /* used-buffer callbacks */
	uint64_t last_out;  /* pieces of the last rt_post_inout() */
	uint64_t last_in;
};

static void rt_notify(struct virtqueue *vq)
{
	((struct rt *)vq->priv)->notifies++;
}

static void rt_callback(struct virtqueue *vq)
{
	((struct rt *)vq->priv)->callbacks++;
}

/* Set up the memory, the pools and the device model (no queue yet). */
static void rt_setup(struct rt *t, uint64_t features, uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	t->sim = sim_create(&(struct sim_config){ .name = "vring",
						  .seed = seed,
						  .has_seed = true,
						  .quiet = true });
	t->mem = mem_create(t->sim, "dma");
	ck_assert_ptr_nonnull(t->mem);
	mem_set_default_perm(t->mem, MEM_NONE);
	t->hw = (struct virtio_hw){ .sim = t->sim, .mem = t->mem };
	snprintf(t->vdev.name, sizeof(t->vdev.name), "vdev0");
	t->vdev.hw = &t->hw;
	t->vdev.features = features | 1ull << VIRTIO_F_VERSION_1;
	t->pool = dma_pool_create(t->mem, RT_RING_BASE, RT_POOL_SIZE);
	t->bufs = dma_pool_create(t->mem, RT_BUF_BASE, RT_POOL_SIZE);
	ck_assert_ptr_nonnull(t->pool);
	ck_assert_ptr_nonnull(t->bufs);
}

/* A queue of num entries served by the software device. */
static void rt_init(struct rt *t, uint64_t features, unsigned num, bool cb)
{
	rt_setup(t, features, 1);
	t->vq = vring_create_virtqueue(&t->vdev, 0, num, t->pool, NULL,
				       rt_notify, cb ? rt_callback : NULL,
				       "rq");
	ck_assert_ptr_nonnull(t->vq);
	t->vq->priv = t;
	vring_soft_dev_attach(&t->dev, t->vq);
}

static void rt_fini(struct rt *t)
{
	vring_del_virtqueue(t->vq);
	vring_soft_dev_free(&t->dev);
	dma_pool_destroy(t->pool);
	dma_pool_destroy(t->bufs);
	mem_destroy(t->mem);
	sim_destroy(t->sim);
}

static unsigned rt_errors(const struct rt *t)
{
	return sim_report_count(t->sim, SIM_ERROR);
}

/* Byte i of a buffer filled from seed. */
static uint8_t rt_seed_byte(unsigned seed, uint32_t i)
{
	return (uint8_t)(seed * 31 + i * 13 + 5);
}

/* A buffer of len bytes from the buffer pool, filled with bytes from seed
 * (backdoor: the driver's own writes). */
static uint64_t rt_buf(struct rt *t, uint32_t len, unsigned seed)
{
	uint8_t chunk[256];
	uint64_t a;
	uint32_t i, n;

	/* a multiple of the alignment: the pool keeps no gaps to skip */
	rt_check(dma_pool_alloc(t->bufs, len ? (len + 7ull) & ~7ull : 8, 8,
				&a) == 0);
	for (i = 0; i < len; i += n) {
		n = len - i < sizeof(chunk) ? len - i : sizeof(chunk);
		for (uint32_t k = 0; k < n; k++)
			chunk[k] = rt_seed_byte(seed, i + k);
		mem_write(t->mem, a + i, chunk, n);
	}
	return a;
}

static uint8_t rt_byte(struct rt *t, uint64_t addr)
{
	uint8_t v;

	mem_read(t->mem, addr, &v, 1);
	return v;
}

static uint16_t rt_rd16(struct rt *t, uint64_t addr)
{
	uint8_t b[2];

	mem_read(t->mem, addr, b, 2);
	return (uint16_t)(b[0] | b[1] << 8);
}

static void rt_wr16(struct rt *t, uint64_t addr, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	mem_write(t->mem, addr, b, 2);
}

/* Descriptor i of the ring: flags and len. */
static uint16_t rt_desc_flags(struct rt *t, unsigned i)
{
	return rt_rd16(t, t->vq->desc + 16ull * i + 12);
}

/* Post one readable buffer of len bytes; returns its address. */
static uint64_t rt_post_out(struct rt *t, uint32_t len, void *token)
{
	struct scatterlist sg;
	uint64_t a = rt_buf(t, len, 1);

	sg_init_one(&sg, a, len);
	rt_check(virtqueue_add_outbuf(t->vq, &sg, 1, token) == 0);
	return a;
}

/* Post a buffer of one readable and one writable piece. */
static void rt_post_inout(struct rt *t, uint32_t out, uint32_t in, void *token)
{
	struct scatterlist o, i, *sgs[2] = { &o, &i };

	t->last_out = rt_buf(t, out, 2);
	t->last_in = rt_buf(t, in, 3);
	sg_init_one(&o, t->last_out, out);
	sg_init_one(&i, t->last_in, in);
	ck_assert_int_eq(virtqueue_add_sgs(t->vq, sgs, 1, 1, token), 0);
}

/* ------------------------------------------------------------ dma_pool */

START_TEST(test_dma_pool_first_fit_alignment_and_coalescing)
{
	struct dma_pool *p = dma_pool_create(NULL, 0x1000, 0x1000);
	uint64_t a, b, c;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(dma_pool_alloc(p, 16, 1, &a), 0);
	ck_assert_uint_eq(a, 0x1000);
	ck_assert_int_eq(dma_pool_alloc(p, 100, 64, &b), 0);
	ck_assert_uint_eq(b, 0x1040);
	ck_assert_uint_eq(dma_pool_free_blocks(p), 2); /* hole 0x1010-0x103f */
	/* first fit: a small block goes into the lowest hole */
	ck_assert_int_eq(dma_pool_alloc(p, 8, 8, &c), 0);
	ck_assert_uint_eq(c, 0x1010);
	ck_assert_uint_eq(dma_pool_size_of(p, b), 100);
	ck_assert_uint_eq(dma_pool_allocations(p), 3);
	/* no room for a page-aligned block: the only one, 0x1000, is used */
	ck_assert_int_eq(dma_pool_alloc(p, 1, 0x1000, &c), -ENOMEM);
	ck_assert_int_eq(dma_pool_alloc(p, 0, 1, &c), -EINVAL);
	ck_assert_int_eq(dma_pool_alloc(p, 1, 3, &c), -EINVAL);
	ck_assert_int_eq(dma_pool_free(p, 0x1011), -EINVAL);
	ck_assert_int_eq(dma_pool_free(p, 0x1010), 0);
	ck_assert_int_eq(dma_pool_free(p, 0x1010), -EINVAL); /* twice */
	ck_assert_int_eq(dma_pool_free(p, a), 0);
	ck_assert_int_eq(dma_pool_free(p, b), 0);
	/* everything coalesced back into one block */
	ck_assert_uint_eq(dma_pool_free_blocks(p), 1);
	ck_assert_uint_eq(dma_pool_free_bytes(p), 0x1000);
	ck_assert_int_eq(dma_pool_alloc(p, 0x1000, 0x1000, &a), 0);
	ck_assert_uint_eq(a, 0x1000);
	ck_assert_int_eq(dma_pool_alloc(p, 1, 1, &c), -ENOMEM);
	dma_pool_destroy(p);
	ck_assert_ptr_null(dma_pool_create(NULL, 1, 0));
	ck_assert_ptr_null(dma_pool_create(NULL, UINT64_MAX, 2));
}
END_TEST

START_TEST(test_dma_pool_random_blocks_never_overlap)
{
	uint64_t seed = tb_seed(_i);
	struct sim_rng rng = sim_rng_seed(seed, "dma_pool");
	struct dma_pool *p = dma_pool_create(NULL, 0x10000, 1 << 20);
	enum { N = 512 };
	static uint64_t addr[N], size[N];
	unsigned i, k, live = 0;

	printf("%s: seed 0x%llx\n", tb_test_name(), (unsigned long long)seed);
	memset(size, 0, sizeof(size));
	for (k = 0; k < 20000; k++) {
		i = (unsigned)sim_rng_range(&rng, 0, N - 1);
		if (size[i]) {
			ck_assert_int_eq(dma_pool_free(p, addr[i]), 0);
			size[i] = 0;
			live--;
		} else {
			uint64_t sz = sim_rng_range(&rng, 1, 3000);
			uint64_t al = 1ull << sim_rng_range(&rng, 0, 12);
			unsigned j, clash = N;

			if (dma_pool_alloc(p, sz, al, &addr[i]))
				continue;
			ck_assert_uint_eq(addr[i] & (al - 1), 0);
			ck_assert(addr[i] >= 0x10000 &&
				  addr[i] + sz <= 0x10000 + (1 << 20));
			for (j = 0; j < N && clash == N; j++)
				if (size[j] && addr[j] < addr[i] + sz &&
				    addr[i] < addr[j] + size[j])
					clash = j;
			ck_assert_msg(clash == N, "op %u: block %u overlaps %u",
				      k, i, clash);
			size[i] = sz;
			live++;
		}
	}
	ck_assert_uint_eq(dma_pool_allocations(p), live);
	for (i = 0; i < N; i++)
		if (size[i])
			ck_assert_int_eq(dma_pool_free(p, addr[i]), 0);
	ck_assert_uint_eq(dma_pool_free_blocks(p), 1);
	ck_assert_uint_eq(dma_pool_free_bytes(p), 1 << 20);
	dma_pool_destroy(p);
}
END_TEST

/* ------------------------------------------------------------- framing */

/* Post a message of nout pieces (sizes from sz) and nin writable pieces,
 * let the device take it and check both directions byte by byte. */
static void rt_roundtrip(struct rt *t, const uint32_t *out_len, unsigned nout,
			 const uint32_t *in_len, unsigned nin, bool indirect)
{
	struct scatterlist sg[40], *sgs[40];
	uint64_t addr[40], msg = 0, in_total = 0, off;
	uint8_t expect[8192];
	static int token;
	unsigned k, free0 = virtqueue_num_free(t->vq);
	uint32_t len = 0;

	ck_assert_uint_le(nout + nin, 40);
	for (k = 0; k < nout + nin; k++) {
		uint32_t l = k < nout ? out_len[k] : in_len[k - nout];

		addr[k] = rt_buf(t, l, k);
		/* a gap after each piece: nothing contiguous by accident */
		rt_buf(t, 8, 0);
		sg_init_one(&sg[k], addr[k], l);
		sgs[k] = &sg[k];
		if (k < nout) {
			for (off = 0; off < l; off++)
				expect[msg + off] = rt_byte(t, addr[k] + off);
			msg += l;
		} else {
			in_total += l;
		}
	}
	ck_assert_int_eq(virtqueue_add_sgs(t->vq, sgs, nout, nin, &token), 0);
	/* one descriptor for the table */
	ck_assert_uint_eq(virtqueue_num_free(t->vq),
			  free0 - (indirect ? 1 : nout + nin));
	/* the pieces are now open to the device, as their direction says */
	for (k = 0; k < nout + nin; k++)
		ck_assert_int_eq(mem_perm_at(t->mem, addr[k], NULL),
				 k < nout ? MEM_R : MEM_W);
	ck_assert_uint_eq(vring_soft_dev_process(&t->dev, 0), 1);
	ck_assert(!t->dev.error);
	ck_assert_int_eq(t->dev.via_indirect, indirect);
	ck_assert_uint_eq(t->dev.ndescs, nout + nin);
	ck_assert_uint_eq(t->dev.out_total, msg);
	ck_assert_mem_eq(t->dev.out, expect, msg);
	ck_assert_ptr_eq(virtqueue_get_buf(t->vq, &len), &token);
	ck_assert_uint_eq(len, in_total); /* Q7: every writable byte */
	/* the device's bytes landed in order across the writable pieces */
	off = 0;
	for (k = nout; k < nout + nin; k++) {
		uint32_t i;

		for (i = 0; i < in_len[k - nout]; i++, off++)
			ck_assert_uint_eq(rt_byte(t, addr[k] + i),
					  vring_soft_dev_pattern(t->dev.head,
								 off));
	}
	ck_assert_uint_eq(virtqueue_num_free(t->vq), free0);
	for (k = 0; k < nout + nin; k++)
		ck_assert_int_eq(mem_perm_at(t->mem, addr[k], NULL), MEM_NONE);
}

START_TEST(test_q3_message_split_into_1_to_n_pieces_down_to_1_byte)
{
	static const uint32_t sizes[] = { 1, 7, 512, 1, 3, 64, 1, 100 };
	uint32_t out[16], in[16];
	int pass;

	for (pass = 0; pass < 2; pass++) {
		struct rt t;
		unsigned n, m, k;

		/* pass 0: plain chains; pass 1: indirect tables */
		rt_init(&t, pass ? 1ull << VIRTIO_RING_F_INDIRECT_DESC : 0, 64,
			false);
		for (n = 1; n <= 12; n++) {
			for (m = 0; m <= 3; m++) {
				for (k = 0; k < n; k++)
					out[k] = 1; /* 1-byte pieces */
				for (k = 0; k < m; k++)
					in[k] = 1;
				rt_roundtrip(&t, out, n, in, m,
					     pass && n + m > 1);
				for (k = 0; k < n; k++)
					out[k] = sizes[(k + n) % 8];
				for (k = 0; k < m; k++)
					in[k] = sizes[(k + m + 3) % 8];
				rt_roundtrip(&t, out, n, in, m,
					     pass && n + m > 1);
			}
		}
		ck_assert_uint_eq(t.vq->stats.completed, 12 * 4 * 2);
		ck_assert_uint_eq(rt_errors(&t), 0);
		rt_fini(&t);
	}
}
END_TEST

START_TEST(test_ring_full_returns_enospc_and_recovers)
{
	struct rt t;
	struct scatterlist sg[3];
	static int tok[16];
	unsigned k;
	uint32_t len;

	rt_init(&t, 0, 8, false);
	for (k = 0; k < 8; k++)
		rt_post_out(&t, 16, &tok[k]);
	ck_assert_uint_eq(virtqueue_num_free(t.vq), 0);
	sg_init_one(&sg[0], rt_buf(&t, 16, 0), 16);
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, sg, 1, &tok[8]), -ENOSPC);
	/* like Linux: a full ring with a readable part notifies */
	ck_assert_uint_eq(t.notifies, 1);
	ck_assert_int_eq(virtqueue_add_inbuf(t.vq, sg, 1, &tok[8]), -ENOSPC);
	ck_assert_uint_eq(t.notifies, 1);
	ck_assert_uint_eq(t.vq->stats.enospc, 2);

	ck_assert_uint_eq(vring_soft_dev_process(&t.dev, 1), 1);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok[0]);
	ck_assert_ptr_null(virtqueue_get_buf(t.vq, &len));
	ck_assert_uint_eq(virtqueue_num_free(t.vq), 1);
	/* two pieces need two descriptors: still full */
	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], rt_buf(&t, 4, 0), 4);
	sg_set_buf(&sg[1], rt_buf(&t, 4, 0), 4);
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, sg, 2, &tok[9]), -ENOSPC);
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, sg, 1, &tok[9]), 0);
	ck_assert_uint_eq(vring_soft_dev_process(&t.dev, 0), 8);
	for (k = 1; k < 8; k++)
		ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok[k]);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok[9]);
	ck_assert_uint_eq(virtqueue_num_free(t.vq), 8);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

/* ------------------------------------------------------------ indirect */

START_TEST(test_q5_indirect_auto_force_never)
{
	struct rt t;
	struct scatterlist sg[3];
	static int tok;
	uint64_t pool_free;
	unsigned head;
	uint32_t len;

	rt_init(&t, 1ull << VIRTIO_RING_F_INDIRECT_DESC, 16, false);
	pool_free = dma_pool_free_bytes(t.pool);

	/* AUTO, one piece: a plain descriptor */
	head = t.vq->free_head;
	rt_post_out(&t, 8, &tok);
	ck_assert_uint_eq(virtqueue_num_free(t.vq), 15);
	ck_assert_uint_eq(rt_desc_flags(&t, head), 0);
	vring_soft_dev_process(&t.dev, 0);
	ck_assert(!t.dev.via_indirect);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);

	/* AUTO, three pieces: one descriptor to a 48-byte table */
	sg_init_table(sg, 3);
	sg_set_buf(&sg[0], rt_buf(&t, 8, 0), 8);
	sg_set_buf(&sg[1], rt_buf(&t, 8, 1), 8);
	sg_set_buf(&sg[2], rt_buf(&t, 8, 2), 8);
	head = t.vq->free_head;
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, sg, 3, &tok), 0);
	ck_assert_uint_eq(virtqueue_num_free(t.vq), 15);
	ck_assert_uint_eq(rt_desc_flags(&t, head), VRING_DESC_F_INDIRECT);
	ck_assert_uint_eq(dma_pool_free_bytes(t.pool), pool_free - 48);
	{
		uint8_t b[8];
		uint64_t table = 0;
		unsigned i;

		mem_read(t.mem, t.vq->desc + 16ull * head, b, 8);
		for (i = 0; i < 8; i++)
			table |= (uint64_t)b[i] << (8 * i);
		ck_assert_int_eq(mem_perm_at(t.mem, table, NULL), MEM_R);
		vring_soft_dev_process(&t.dev, 0);
		ck_assert(t.dev.via_indirect);
		ck_assert_uint_eq(t.dev.ndescs, 3);
		ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);
		/* the table went back to the pool and to no access */
		ck_assert_int_eq(mem_perm_at(t.mem, table, NULL), MEM_NONE);
		ck_assert_uint_eq(dma_pool_free_bytes(t.pool), pool_free);
	}

	/* FORCE, one piece: a one-entry table */
	t.vq->indirect = VRING_INDIRECT_FORCE;
	head = t.vq->free_head;
	rt_post_out(&t, 8, &tok);
	ck_assert_uint_eq(rt_desc_flags(&t, head), VRING_DESC_F_INDIRECT);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->desc + 16ull * head + 8), 16);
	vring_soft_dev_process(&t.dev, 0);
	ck_assert(t.dev.via_indirect);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);

	/* NEVER, three pieces: three descriptors */
	t.vq->indirect = VRING_INDIRECT_NEVER;
	head = t.vq->free_head;
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, sg, 3, &tok), 0);
	ck_assert_uint_eq(virtqueue_num_free(t.vq), 13);
	ck_assert_uint_eq(rt_desc_flags(&t, head), VRING_DESC_F_NEXT);
	vring_soft_dev_process(&t.dev, 0);
	ck_assert(!t.dev.via_indirect);
	ck_assert_uint_eq(t.dev.ndescs, 3);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);

	ck_assert_uint_eq(t.vq->stats.indirect, 2);
	ck_assert_uint_eq(dma_pool_allocations(t.pool), 3); /* the rings */
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

/* A raw chain through the device (the queue taken over by the raw ring
 * writer): nout readable pieces of out_len[] bytes, then nin writable ones
 * of in_len[], the first nplain in ring descriptors from descriptor 0 and
 * the others in an indirect table (in shuffled order when shuffle is
 * non-NULL, Q6). Checks what the device read and wrote and its used
 * element; *table: the table's address (0: none). */
static void rt_raw_roundtrip(struct rt *t, struct vring_raw *raw,
			     const uint32_t *out_len, unsigned nout,
			     const uint32_t *in_len, unsigned nin,
			     unsigned nplain, struct sim_rng *shuffle,
			     uint64_t *table)
{
	struct vring_raw_piece pc[40];
	uint16_t order[40];
	struct vring_raw_shape shape = { .nplain = nplain };
	uint64_t msg = 0, in_total = 0, off;
	uint8_t expect[8192];
	unsigned k, n = nout + nin;
	uint32_t id, len;

	ck_assert_uint_le(n, 40);
	for (k = 0; k < n; k++) {
		uint32_t l = k < nout ? out_len[k] : in_len[k - nout];

		pc[k] = (struct vring_raw_piece){ rt_buf(t, l, k), l,
						  k >= nout };
		rt_buf(t, 8, 0); /* a gap: nothing contiguous by accident */
		if (l)
			mem_region_set(t->mem, pc[k].addr, l,
				       pc[k].write ? MEM_W : MEM_R,
				       "raw buffer");
		if (k < nout) {
			for (off = 0; off < l; off++)
				expect[msg + off] =
					rt_byte(t, pc[k].addr + off);
			msg += l;
		} else {
			in_total += l;
		}
	}
	*table = 0;
	if (nplain < n) {
		rt_check(dma_pool_alloc(t->pool, 16ull * (n - nplain), 16,
					table) == 0);
		mem_region_set(t->mem, *table, 16ull * (n - nplain), MEM_R,
			       "raw table");
		shape.table = *table;
		if (shuffle) {
			vring_raw_shuffle(shuffle, order, n - nplain);
			shape.order = order;
		}
	}
	vring_raw_chain(t->mem, t->vq, 0, pc, n, &shape);
	vring_raw_add(raw, 0);
	vring_raw_publish(raw, raw->avail_idx);
	ck_assert_uint_eq(vring_soft_dev_process(&t->dev, 0), 1);
	ck_assert_msg(!t->dev.error, "device: %s", t->dev.why);
	ck_assert_int_eq(t->dev.via_indirect, nplain < n);
	ck_assert_uint_eq(t->dev.ndescs, n);
	ck_assert_uint_eq(t->dev.out_total, msg);
	ck_assert_mem_eq(t->dev.out, expect, msg);
	ck_assert(vring_raw_used(raw, &id, &len));
	ck_assert_uint_eq(id, 0);
	ck_assert_uint_eq(len, in_total); /* Q7: every writable byte */
	/* the device's bytes landed in order across the writable pieces */
	off = 0;
	for (k = nout; k < n; k++) {
		for (uint32_t i = 0; i < pc[k].len; i++, off++)
			ck_assert_uint_eq(rt_byte(t, pc[k].addr + i),
					  vring_soft_dev_pattern(0, off));
		if (pc[k].len)
			mem_region_set(t->mem, pc[k].addr, pc[k].len, MEM_NONE,
				       "raw idle");
	}
}

/* Q5 (2.7.5.3.2): plain descriptors, then one indirect descriptor. The
 * driver model never makes this shape; the raw ring writer does. */
START_TEST(test_q5_plain_descriptors_then_one_indirect)
{
	static const uint32_t out[] = { 3, 5 }, in[] = { 7, 1, 9 };
	struct vring_raw raw;
	struct rt t;
	uint64_t table;
	unsigned chains = 0;

	rt_init(&t, 1ull << VIRTIO_RING_F_INDIRECT_DESC, 16, false);
	vring_raw_take(&raw, t.mem, t.vq);
	/* two plain readable descriptors, then the indirect one */
	rt_raw_roundtrip(&t, &raw, out, 2, in, 3, 2, NULL, &table);
	ck_assert_uint_eq(rt_desc_flags(&t, 0), VRING_DESC_F_NEXT);
	ck_assert_uint_eq(rt_desc_flags(&t, 1), VRING_DESC_F_NEXT);
	ck_assert_uint_eq(rt_desc_flags(&t, 2), VRING_DESC_F_INDIRECT);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->desc + 16ull * 2 + 8), 48);
	ck_assert_uint_eq(t.dev.out_total, 8);
	chains += t.dev.via_indirect;
	/* all but one piece plain: one stays in the table */
	rt_raw_roundtrip(&t, &raw, out, 2, in, 3, 4, NULL, &table);
	chains += t.dev.via_indirect;
	ck_assert_uint_eq(chains, 2);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q6_indirect_table_in_shuffled_order)
{
	uint64_t seed = tb_seed(_i);
	struct sim_rng rng = sim_rng_seed(seed, "vring.shuffle");
	uint32_t out[10], in[6];
	struct vring_raw raw;
	struct rt t;
	unsigned k, in_order = 0;
	uint64_t table = 0;

	printf("%s: seed 0x%llx\n", tb_test_name(), (unsigned long long)seed);
	rt_init(&t, 1ull << VIRTIO_RING_F_INDIRECT_DESC, 16, false);
	vring_raw_take(&raw, t.mem, t.vq);
	for (k = 0; k < 10; k++)
		out[k] = k + 1;
	for (k = 0; k < 6; k++)
		in[k] = 2 * k + 1;
	rt_raw_roundtrip(&t, &raw, out, 10, in, 6, 0, &rng, &table);
	/* the table of that buffer: entry 0 holds piece 0, next is not
	 * simply k + 1 all the way (15! orders, one of them sequential) */
	ck_assert_uint_eq(rt_rd16(&t, table + 8), 1); /* len of piece 0 */
	for (k = 0; k < 15; k++)
		in_order += rt_rd16(&t, table + 16ull * k + 14) == k + 1;
	ck_assert_uint_lt(in_order, 15);
	/* and a few more, with a table per buffer of more than one piece */
	for (k = 0; k < 20; k++)
		rt_raw_roundtrip(&t, &raw, out, 1 + k % 10, in, k % 6,
				 k > 0 ? 0 : 1, &rng, &table);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

/* ---------------------------------------------------- indices and sizes */

/* A buffer in flight in the random test. */
struct rt_flight {
	bool busy;	   /* outstanding */
	uint16_t head;	   /* its chain head */
	uint64_t in_bytes; /* writable bytes */
	uint64_t in_addr;  /* the first writable piece */
	uint64_t addrs[8]; /* every piece, to free */
	unsigned n;
};

START_TEST(test_q2_index_wrap_with_random_buffers)
{
	uint64_t seed = tb_seed(_i);
	struct sim_rng rng = sim_rng_seed(seed, "vring_wrap");
	unsigned num = 1u << sim_rng_range(&rng, 0, 7);
	uint64_t features = 0;
	struct rt_flight *fl;
	struct rt t;
	uint64_t target = 70000;

	printf("%s: seed 0x%llx, queue size %u\n", tb_test_name(),
	       (unsigned long long)seed, num);
	if (sim_rng_chance(&rng, 500))
		features |= 1ull << VIRTIO_RING_F_INDIRECT_DESC;
	if (sim_rng_chance(&rng, 500))
		features |= 1ull << VIRTIO_RING_F_EVENT_IDX;
	rt_init(&t, features, num, true);
	fl = calloc(num, sizeof(*fl));
	ck_assert_ptr_nonnull(fl);
	while (t.vq->stats.completed < target) {
		unsigned adds = (unsigned)sim_rng_range(&rng, 1, num), k;
		struct rt_flight *f;
		uint32_t len;

		for (k = 0; k < adds; k++) {
			struct scatterlist sg[8], *sgs[8];
			/* at most the queue size (2.7.5.3.1) */
			unsigned max = num < 4 ? num : 4;
			unsigned nout = (unsigned)sim_rng_range(&rng, 0, max);
			unsigned nin = (unsigned)sim_rng_range(
				&rng, nout ? 0 : 1,
				max - nout < 3 ? max - nout : 3);
			unsigned slot, j;
			int ret;

			for (slot = 0; slot < num && fl[slot].busy; slot++)
				;
			if (slot == num)
				break;
			f = &fl[slot];
			f->in_bytes = 0;
			for (j = 0; j < nout + nin; j++) {
				uint32_t l =
					(uint32_t)sim_rng_range(&rng, 1, 64);

				f->addrs[j] = rt_buf(&t, l, j);
				sg_init_one(&sg[j], f->addrs[j], l);
				sgs[j] = &sg[j];
				if (j == nout)
					f->in_addr = f->addrs[j];
				if (j >= nout)
					f->in_bytes += l;
			}
			f->n = nout + nin;
			f->head = t.vq->free_head;
			ret = virtqueue_add_sgs(t.vq, sgs, nout, nin, f);
			if (ret == -ENOSPC) {
				for (j = 0; j < f->n; j++)
					dma_pool_free(t.bufs, f->addrs[j]);
				break;
			}
			rt_check(ret == 0);
			f->busy = true;
		}
		virtqueue_kick(t.vq);
		t.dev.reverse = sim_rng_chance(&rng, 300);
		vring_soft_dev_process(&t.dev,
				       (unsigned)sim_rng_range(&rng, 0, num));
		if (t.dev.error)
			ck_abort_msg("device: %s", t.dev.why);
		if (t.dev.irq) {
			t.dev.irq = false;
			vring_interrupt(t.vq);
		}
		while ((f = virtqueue_get_buf(t.vq, &len))) {
			unsigned j;

			rt_check(f->busy);
			rt_check(len == f->in_bytes);
			/* the first byte the device wrote, for this head */
			rt_check(!f->in_bytes ||
				 rt_byte(&t, f->in_addr) ==
					 vring_soft_dev_pattern(f->head, 0));
			for (j = 0; j < f->n; j++)
				dma_pool_free(t.bufs, f->addrs[j]);
			f->busy = false;
		}
		if (sim_rng_chance(&rng, 100))
			virtqueue_enable_cb_delayed(t.vq);
		else if (sim_rng_chance(&rng, 100))
			virtqueue_disable_cb(t.vq);
		else if (sim_rng_chance(&rng, 200))
			virtqueue_enable_cb(t.vq);
	}
	/* 16-bit indices went round at least once, and agree */
	ck_assert_uint_gt(t.vq->stats.completed, 65536);
	ck_assert_uint_eq(t.vq->last_used_idx, (uint16_t)t.vq->stats.completed);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->used + VRING_USED_IDX),
			  (uint16_t)t.dev.completed);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_IDX),
			  (uint16_t)t.vq->stats.added);
	ck_assert_uint_eq(t.vq->stats.added - t.vq->stats.completed,
			  t.vq->outstanding);
	ck_assert_uint_eq(rt_errors(&t), 0);
	free(fl);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q2_queue_sizes_1_and_32768)
{
	static const unsigned bad[] = { 0, 3, 65536 };
	struct rt t;
	uint64_t area;
	unsigned k, round;
	uint32_t len;

	/* size 1: one buffer at a time, past the 16-bit wrap */
	rt_init(&t, 1ull << VIRTIO_RING_F_EVENT_IDX, 1, false);
	area = rt_buf(&t, 4, 0);
	for (k = 0; k < 66000; k++) {
		struct scatterlist sg;

		sg_init_one(&sg, area, 4);
		rt_check(virtqueue_add_outbuf(t.vq, &sg, 1, &t) == 0);
		if (k == 0)
			rt_check(virtqueue_add_outbuf(t.vq, &sg, 1, &t) ==
				 -ENOSPC);
		rt_check(vring_soft_dev_process(&t.dev, 0) == 1);
		rt_check(virtqueue_get_buf(t.vq, &len) == &t);
	}
	ck_assert_uint_eq(t.vq->last_used_idx, (uint16_t)66000);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);

	/* size 32768: fill it three times over (> 65536 completions) */
	rt_init(&t, 0, VRING_MAX_SIZE, false);
	area = rt_buf(&t, VRING_MAX_SIZE, 0);
	for (round = 0; round < 3; round++) {
		for (k = 0; k < VRING_MAX_SIZE; k++) {
			struct scatterlist sg;

			sg_init_one(&sg, area + k, 1);
			rt_check(virtqueue_add_outbuf(
					 t.vq, &sg, 1,
					 (void *)(uintptr_t)(k + 1)) == 0);
		}
		ck_assert_uint_eq(virtqueue_num_free(t.vq), 0);
		ck_assert_int_eq(mem_perm_at(t.mem, area + 12345, NULL), MEM_R);
		ck_assert_uint_eq(vring_soft_dev_process(&t.dev, 0),
				  VRING_MAX_SIZE);
		for (k = 0; k < VRING_MAX_SIZE; k++)
			rt_check(virtqueue_get_buf(t.vq, &len) ==
				 (void *)(uintptr_t)(k + 1));
		ck_assert_uint_eq(virtqueue_num_free(t.vq), VRING_MAX_SIZE);
		ck_assert_int_eq(mem_perm_at(t.mem, area + 12345, NULL),
				 MEM_NONE);
	}
	ck_assert_uint_eq(t.vq->stats.completed, 3 * VRING_MAX_SIZE);
	ck_assert_uint_eq(rt_errors(&t), 0);

	/* sizes that are not powers of 2 up to 32768 are refused */
	sim_report_expect(t.sim, "virtio.driver");
	for (k = 0; k < 3; k++)
		ck_assert_ptr_null(vring_create_virtqueue(
			&t.vdev, 1, bad[k], t.pool, NULL, NULL, NULL, "bad"));
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.driver"), 3);
	rt_fini(&t);
}
END_TEST

/* ------------------------------------------------ notification control */

START_TEST(test_q9_event_idx_kick_suppression)
{
	struct rt t;
	static int tok;
	uint64_t avail_event;

	rt_init(&t, 1ull << VIRTIO_RING_F_EVENT_IDX, 16, false);
	avail_event = t.vq->used + vring_avail_event_off(16);
	t.dev.set_avail_event = true;
	/* avail_event 0: adding entry 0 needs a kick */
	rt_post_out(&t, 4, &tok);
	ck_assert(virtqueue_kick_prepare(t.vq));
	/* entry 1 does not: the device did not ask */
	rt_post_out(&t, 4, &tok);
	ck_assert(!virtqueue_kick_prepare(t.vq));
	ck_assert_uint_eq(t.vq->stats.suppressed, 1);
	/* the device takes both and asks for entry 2 */
	vring_soft_dev_process(&t.dev, 0);
	ck_assert_uint_eq(rt_rd16(&t, avail_event), 2);
	rt_post_out(&t, 4, &tok);
	ck_assert(virtqueue_kick(t.vq));
	ck_assert_uint_eq(t.notifies, 1);
	/* two more at once (entries 3, 4): avail_event 2 is behind them */
	rt_post_out(&t, 4, &tok);
	rt_post_out(&t, 4, &tok);
	ck_assert(!virtqueue_kick_prepare(t.vq));
	/* EVENT_IDX ignores used.flags (2.7.10) */
	rt_wr16(&t, t.vq->used + VRING_USED_FLAGS, VRING_USED_F_NO_NOTIFY);
	vring_soft_dev_process(&t.dev, 0);
	ck_assert_uint_eq(rt_rd16(&t, avail_event), 5);
	rt_post_out(&t, 4, &tok);
	rt_post_out(&t, 4, &tok);
	rt_post_out(&t, 4, &tok);
	ck_assert(virtqueue_kick_prepare(t.vq)); /* 5 is among 5..7 */
	ck_assert_uint_eq(t.vq->stats.suppressed, 2);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

/* Complete buffers one by one; return after which one (1-based) the
 * device first interrupted, 0 for none. */
static unsigned rt_first_irq(struct rt *t, unsigned n)
{
	unsigned k;

	t->dev.irq = false;
	for (k = 1; k <= n; k++) {
		ck_assert_uint_eq(vring_soft_dev_process(&t->dev, 1), 1);
		if (t->dev.irq)
			return k;
	}
	return 0;
}

START_TEST(test_q9_event_idx_enable_cb_delayed)
{
	struct rt t;
	struct scatterlist sg;
	static int tok;
	uint64_t used_event;
	unsigned k;
	uint32_t len;

	rt_init(&t, 1ull << VIRTIO_RING_F_EVENT_IDX, 8, true);
	used_event = t.vq->avail + vring_used_event_off(8);
	/* disable_cb with EVENT_IDX: flags stay 0 (2.7.7.1) */
	virtqueue_disable_cb(t.vq);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_FLAGS), 0);
	for (k = 0; k < 8; k++)
		rt_post_out(&t, 4, &tok);
	/* 3/4 of 8 outstanding: used_event = 6, so the 7th interrupts */
	ck_assert(virtqueue_enable_cb_delayed(t.vq));
	ck_assert_uint_eq(rt_rd16(&t, used_event), 6);
	ck_assert_uint_eq(rt_first_irq(&t, 8), 7);
	ck_assert(vring_interrupt(t.vq));
	ck_assert_uint_eq(t.callbacks, 1);
	ck_assert_uint_eq(vring_soft_dev_process(&t.dev, 0), 1);
	for (k = 0; k < 8; k++)
		ck_assert_ptr_nonnull(virtqueue_get_buf(t.vq, &len));
	/* consuming with callbacks on moves used_event along */
	ck_assert_uint_eq(rt_rd16(&t, used_event), 8);

	/* the same across the wrap: last used at 65530 */
	sg_init_one(&sg, rt_buf(&t, 4, 0), 4);
	while (t.vq->last_used_idx != 65530) {
		if (virtqueue_add_outbuf(t.vq, &sg, 1, &tok) ||
		    vring_soft_dev_process(&t.dev, 0) != 1 ||
		    !virtqueue_get_buf(t.vq, &len))
			break;
	}
	ck_assert_uint_eq(t.vq->last_used_idx, 65530);
	for (k = 0; k < 8; k++)
		rt_post_out(&t, 4, &tok);
	ck_assert(virtqueue_enable_cb_delayed(t.vq));
	ck_assert_uint_eq(rt_rd16(&t, used_event), 0); /* 65536 */
	ck_assert_uint_eq(rt_first_irq(&t, 8), 7);
	/* too many used already: enable_cb_delayed says so */
	ck_assert(!virtqueue_enable_cb_delayed(t.vq));
	while (virtqueue_get_buf(t.vq, &len))
		;
	ck_assert(virtqueue_enable_cb(t.vq));
	ck_assert_uint_eq(rt_rd16(&t, used_event), t.vq->last_used_idx);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q8_no_notify_and_no_interrupt_flags)
{
	struct rt t;
	static int tok;
	uint32_t len;

	/* no callback: avail.flags = NO_INTERRUPT from the start */
	rt_init(&t, 0, 8, false);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_FLAGS),
			  VRING_AVAIL_F_NO_INTERRUPT);
	rt_fini(&t);

	rt_init(&t, 0, 8, true);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_FLAGS), 0);
	/* the device asks for no notifications (used.flags = 1) */
	t.dev.no_notify = true;
	vring_soft_dev_process(&t.dev, 0);
	rt_post_out(&t, 4, &tok);
	ck_assert(!virtqueue_kick_prepare(t.vq));
	t.dev.no_notify = false;
	vring_soft_dev_process(&t.dev, 0);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);
	rt_post_out(&t, 4, &tok);
	ck_assert(virtqueue_kick(t.vq));
	ck_assert_uint_eq(t.notifies, 1);

	/* the driver asks for no interrupts: the device sends none */
	virtqueue_disable_cb(t.vq);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_FLAGS),
			  VRING_AVAIL_F_NO_INTERRUPT);
	t.dev.irq = false;
	vring_soft_dev_process(&t.dev, 0);
	ck_assert(!t.dev.irq);
	ck_assert_uint_eq(t.dev.suppressed, 1);
	/* enable_cb sees the pending buffer and says so */
	ck_assert(!virtqueue_enable_cb(t.vq));
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_FLAGS), 0);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);
	ck_assert(virtqueue_enable_cb(t.vq));
	rt_post_out(&t, 4, &tok);
	vring_soft_dev_process(&t.dev, 0);
	ck_assert(t.dev.irq);
	ck_assert(vring_interrupt(t.vq));
	ck_assert_uint_eq(t.callbacks, 1);
	ck_assert_uint_eq(t.vq->stats.callbacks, 1);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);
	/* nothing used now: a spurious interrupt runs no callback */
	ck_assert(!vring_interrupt(t.vq));
	ck_assert_uint_eq(t.callbacks, 1);
	ck_assert_uint_eq(t.vq->stats.spurious, 1);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

START_TEST(test_detach_unused_buf_returns_every_token)
{
	struct rt t;
	static int tok[5];
	bool seen[5] = { false };
	struct scatterlist sg[2];
	uint64_t a = 0;
	unsigned k;
	void *p;

	rt_init(&t, 1ull << VIRTIO_RING_F_INDIRECT_DESC, 8, false);
	for (k = 0; k < 5; k++) {
		if (k % 2) {
			a = rt_post_out(&t, 8, &tok[k]);
		} else {
			sg_init_table(sg, 2);
			sg_set_buf(&sg[0], rt_buf(&t, 8, 0), 8);
			sg_set_buf(&sg[1], rt_buf(&t, 8, 0), 8);
			ck_assert_int_eq(
				virtqueue_add_inbuf(t.vq, sg, 2, &tok[k]), 0);
		}
	}
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_IDX), 5);
	ck_assert_int_eq(mem_perm_at(t.mem, a, NULL), MEM_R);
	while ((p = virtqueue_detach_unused_buf(t.vq))) {
		k = (unsigned)((int *)p - tok);
		ck_assert_uint_lt(k, 5);
		ck_assert(!seen[k]);
		seen[k] = true;
	}
	for (k = 0; k < 5; k++)
		ck_assert(seen[k]);
	ck_assert_uint_eq(t.vq->stats.detached, 5);
	ck_assert_uint_eq(virtqueue_num_free(t.vq), 8);
	ck_assert_uint_eq(rt_rd16(&t, t.vq->avail + VRING_AVAIL_IDX), 0);
	ck_assert_int_eq(mem_perm_at(t.mem, a, NULL), MEM_NONE);
	ck_assert_uint_eq(dma_pool_allocations(t.pool), 3);
	ck_assert_uint_eq(rt_errors(&t), 0);
	rt_fini(&t);
}
END_TEST

/* --------------------------------------------------------- permissions */

START_TEST(test_q4_permissions_follow_buffers_and_overlaps)
{
	struct rt t;
	struct scatterlist sg[65];
	static int tok[4];
	const char *name;
	uint64_t area, b;
	unsigned k;
	uint32_t len;

	rt_init(&t, 0, 128, false);
	ck_assert_int_eq(mem_perm_at(t.mem, t.vq->desc, &name), MEM_R);
	ck_assert_str_eq(name, "vdev0.rq.desc");
	ck_assert_int_eq(mem_perm_at(t.mem, t.vq->avail + 5, NULL), MEM_R);
	ck_assert_int_eq(mem_perm_at(t.mem, t.vq->used + 100, &name), MEM_W);
	ck_assert_str_eq(name, "vdev0.rq.used");

	/* 65 descriptors over one area, and a second buffer over it too */
	area = rt_buf(&t, 32, 0);
	sg_init_table(sg, 65);
	for (k = 0; k < 65; k++)
		sg_set_buf(&sg[k], area, 32);
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, sg, 65, &tok[0]), 0);
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, sg, 1, &tok[1]), 0);
	ck_assert_int_eq(mem_perm_at(t.mem, area + 31, &name), MEM_R);
	ck_assert_str_eq(name, "vdev0.rq.buf-r");
	/* a writable buffer over its second half: that half is both */
	sg_init_one(&sg[0], area + 16, 16);
	ck_assert_int_eq(virtqueue_add_inbuf(t.vq, sg, 1, &tok[2]), 0);
	ck_assert_int_eq(mem_perm_at(t.mem, area + 15, NULL), MEM_R);
	ck_assert_int_eq(mem_perm_at(t.mem, area + 16, NULL), MEM_RW);

	/* the device reads 65 + 1 times and writes the half: all legal */
	ck_assert_uint_eq(vring_soft_dev_process(&t.dev, 1), 1);
	ck_assert_uint_eq(t.dev.out_total, 65 * 32);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok[0]);
	/* the second readable buffer still covers the area */
	ck_assert_int_eq(mem_perm_at(t.mem, area, NULL), MEM_R);
	ck_assert_int_eq(mem_perm_at(t.mem, area + 20, NULL), MEM_RW);
	vring_soft_dev_process(&t.dev, 1);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok[1]);
	ck_assert_int_eq(mem_perm_at(t.mem, area, &name), MEM_NONE);
	ck_assert_str_eq(name, "vdev0.rq.idle");
	ck_assert_int_eq(mem_perm_at(t.mem, area + 20, NULL), MEM_W);
	vring_soft_dev_process(&t.dev, 1);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok[2]);
	ck_assert_uint_eq(len, 16);
	ck_assert_int_eq(mem_perm_at(t.mem, area + 20, NULL), MEM_NONE);

	/* a buffer of another queue on the same memory over the same bytes
	 * keeps its permission when this queue's buffer is reclaimed */
	{
		struct virtqueue *q2 = vring_create_virtqueue(
			&t.vdev, 1, 4, t.pool, NULL, NULL, NULL, "q2");

		ck_assert_ptr_nonnull(q2);
		b = rt_post_out(&t, 8, &tok[3]);
		sg_init_one(&sg[0], b, 8);
		ck_assert_int_eq(virtqueue_add_inbuf(q2, sg, 1, &tok[3]), 0);
		ck_assert_int_eq(mem_perm_at(t.mem, b, NULL), MEM_RW);
		vring_soft_dev_process(&t.dev, 0);
		ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok[3]);
		ck_assert_int_eq(mem_perm_at(t.mem, b, NULL), MEM_W);
		ck_assert_ptr_eq(virtqueue_detach_unused_buf(q2), &tok[3]);
		ck_assert_int_eq(mem_perm_at(t.mem, b, NULL), MEM_NONE);
		vring_del_virtqueue(q2);
	}
	ck_assert_uint_eq(rt_errors(&t), 0);
	ck_assert_uint_eq(mem_violations(t.mem), 0);
	rt_fini(&t);
}
END_TEST

START_TEST(test_placement_legacy_and_explicit_addresses)
{
	struct vring_placement p = vring_legacy_placement(256, 0x10000, 4096);
	struct vring_placement legacy = { .mode = VRING_PLACE_LEGACY,
					  .align = 4096 };
	struct rt t;
	struct virtqueue *vq;
	static int tok;
	uint32_t len;

	/* 2.7.2: 4096 + 518 bytes, padded to 8192, then 6 + 2048 */
	ck_assert_uint_eq(vring_legacy_size(256, 4096), 8192 + 2054);
	ck_assert_uint_eq(p.desc, 0x10000);
	ck_assert_uint_eq(p.avail, 0x11000);
	ck_assert_uint_eq(p.used, 0x12000);

	rt_setup(&t, 0, 1);
	vq = vring_create_virtqueue(&t.vdev, 0, 256, t.pool, &legacy, NULL,
				    NULL, "legacy");
	ck_assert_ptr_nonnull(vq);
	ck_assert_uint_eq(vq->desc % 4096, 0);
	ck_assert_uint_eq(vq->avail, vq->desc + 4096);
	ck_assert_uint_eq(vq->used, vq->desc + 8192);
	vring_del_virtqueue(vq);
	ck_assert_uint_eq(dma_pool_allocations(t.pool), 0);

	/* Q1: each part at its minimum alignment, apart, above 4 GiB */
	p = (struct vring_placement){ .mode = VRING_PLACE_ADDR,
				      .desc = 0x300000010ull,
				      .avail = 0x300100002ull,
				      .used = 0x300200004ull };
	t.vq = vring_create_virtqueue(&t.vdev, 0, 4, t.pool, &p, NULL, NULL,
				      "q1");
	ck_assert_ptr_nonnull(t.vq);
	vring_soft_dev_attach(&t.dev, t.vq);
	rt_post_inout(&t, 3, 5, &tok);
	ck_assert_uint_eq(vring_soft_dev_process(&t.dev, 0), 1);
	ck_assert_ptr_eq(virtqueue_get_buf(t.vq, &len), &tok);
	ck_assert_uint_eq(len, 5);
	ck_assert_uint_eq(rt_errors(&t), 0);

	/* a misaligned part is refused */
	sim_report_expect(t.sim, "virtio.driver");
	p.avail++;
	ck_assert_ptr_null(vring_create_virtqueue(&t.vdev, 1, 4, t.pool, &p,
						  NULL, NULL, "bad"));
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.driver"), 1);
	rt_fini(&t);
}
END_TEST

/* ------------------------------------------------- device-rule checks */

/* One buffer (4 readable, 8 writable bytes) through the device and back. */
static void rt_good_round(struct rt *t)
{
	static int tok;
	uint32_t len;

	rt_post_inout(t, 4, 8, &tok);
	ck_assert_uint_eq(vring_soft_dev_process(&t->dev, 0), 1);
	ck_assert_ptr_eq(virtqueue_get_buf(t->vq, &len), &tok);
	ck_assert_uint_eq(len, 8);
}

/* A queue with one good round trip done (no report), then a buffer
 * posted for the misbehaving pass. */
static void rt_bad_setup(struct rt *t)
{
	static int tok;

	rt_init(t, 0, 8, false);
	rt_good_round(t);
	ck_assert_uint_eq(rt_errors(t), 0);
	rt_post_inout(t, 4, 8, &tok);
}

/* The device takes the buffer misbehaving as bad, which the test expects
 * to be reported as id; then the driver asks for the buffer back: its
 * token, or NULL. */
static void *rt_misbehave(struct rt *t, enum vring_soft_bad bad, const char *id)
{
	uint32_t len;

	sim_report_expect(t->sim, id);
	t->dev.bad = bad;
	ck_assert_uint_eq(vring_soft_dev_process(&t->dev, 0), 1);
	return virtqueue_get_buf(t->vq, &len);
}

/* Exactly one report, of the expected id (so counted as a warning), and
 * nothing else; the queue broken or not as said. */
static void rt_assert_one(struct rt *t, const char *id, bool broken)
{
	ck_assert_uint_eq(sim_report_count_id(t->sim, id), 1);
	ck_assert_uint_eq(sim_report_count(t->sim, SIM_WARNING), 1);
	ck_assert_uint_eq(rt_errors(t), 0);
	ck_assert_int_eq(virtqueue_is_broken(t->vq), broken);
}

START_TEST(test_q7_used_id_out_of_range_breaks_the_queue)
{
	struct rt t;

	rt_bad_setup(&t);
	t.dev.bad_id = 8;
	ck_assert_ptr_null(
		rt_misbehave(&t, VRING_SOFT_BAD_USED_ID, "virtio.device"));
	ck_assert_ptr_null(virtqueue_get_buf(t.vq, NULL));
	rt_assert_one(&t, "virtio.device", true);
	/* a broken queue takes nothing and notifies nothing */
	ck_assert_int_eq(virtqueue_add_outbuf(t.vq, &(struct scatterlist){ 0 },
					      1, &t),
			 -EIO);
	ck_assert(!virtqueue_kick(t.vq));
	ck_assert_uint_eq(t.notifies, 0);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q7_used_id_not_outstanding_breaks_the_queue)
{
	struct rt t;

	rt_bad_setup(&t);
	t.dev.bad_id = t.vq->free_head; /* a free descriptor */
	ck_assert_ptr_null(
		rt_misbehave(&t, VRING_SOFT_BAD_USED_ID, "virtio.device"));
	rt_assert_one(&t, "virtio.device", true);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q7_used_len_past_writable_bytes_breaks_the_queue)
{
	struct rt t;

	rt_bad_setup(&t);
	ck_assert_ptr_null(
		rt_misbehave(&t, VRING_SOFT_BAD_USED_LEN, "virtio.device"));
	rt_assert_one(&t, "virtio.device", true);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q12_used_idx_jump_breaks_the_queue)
{
	struct rt t;

	rt_bad_setup(&t);
	ck_assert_ptr_null(
		rt_misbehave(&t, VRING_SOFT_BAD_IDX_JUMP, "virtio.device"));
	ck_assert(!virtqueue_poll(t.vq, t.vq->last_used_idx));
	ck_assert(vring_interrupt(t.vq)); /* handled, no callback */
	rt_assert_one(&t, "virtio.device", true);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q12_used_idx_before_its_element_is_reported)
{
	struct rt t;

	rt_bad_setup(&t);
	/* the element did arrive after all: the buffer is fine */
	ck_assert_ptr_nonnull(
		rt_misbehave(&t, VRING_SOFT_BAD_IDX_FIRST, "virtio.device"));
	rt_assert_one(&t, "virtio.device", false);
	rt_good_round(&t);
	rt_assert_one(&t, "virtio.device", false);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q12_head_used_before_avail_idx_read_is_reported)
{
	struct rt t;

	rt_bad_setup(&t);
	ck_assert_ptr_nonnull(
		rt_misbehave(&t, VRING_SOFT_BAD_AVAIL_PEEK, "virtio.device"));
	rt_assert_one(&t, "virtio.device", false);
	/* a device that reads the index again is fine */
	rt_good_round(&t);
	rt_assert_one(&t, "virtio.device", false);
	rt_fini(&t);
}
END_TEST

START_TEST(test_q4_device_write_into_readable_buffer_is_refused)
{
	struct rt t;

	rt_bad_setup(&t);
	ck_assert_ptr_nonnull(
		rt_misbehave(&t, VRING_SOFT_BAD_WRITE_READABLE, "mem.perm"));
	rt_assert_one(&t, "mem.perm", false);
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.device"), 0);
	/* the write was refused: the byte is what the driver put there */
	ck_assert_uint_eq(rt_byte(&t, t.last_out), rt_seed_byte(2, 0));
	rt_fini(&t);
}
END_TEST

START_TEST(test_q4_device_write_outside_any_buffer_is_refused)
{
	struct rt t;

	rt_bad_setup(&t);
	t.dev.bad_addr = rt_buf(&t, 16, 0); /* never posted */
	ck_assert_ptr_nonnull(
		rt_misbehave(&t, VRING_SOFT_BAD_WRITE_OUTSIDE, "mem.perm"));
	rt_assert_one(&t, "mem.perm", false);
	ck_assert_uint_eq(rt_byte(&t, t.dev.bad_addr), rt_seed_byte(0, 0));
	rt_fini(&t);
}
END_TEST

/* -------------------------------------------------- driver-rule checks */

enum rt_rule {
	RULE_LOOP,
	RULE_LOOP_IN_TABLE,
	RULE_INDIRECT_NEXT,
	RULE_NESTED_INDIRECT,
	RULE_WRITE_FIRST,
	RULE_INDIRECT_NOT_NEGOTIATED,
	RULE_TOTAL_2_32,
	RULE_TOTAL_2_32_BUILT,
	RULE_LONGER_THAN_QUEUE,
	RULE_LONGER_THAN_QUEUE_BUILT,
	RULE_AVAIL_IDX_BACK,
	RULE_AVAIL_IDX_TOO_FAR,
	RULE_COUNT
};

/* Write the chain that breaks rule raw from descriptor 0, over the 8-byte
 * pieces at a (two readable, one writable; nine readable for the chain
 * longer than the queue), and have the checker walk it: false when it
 * reported a rule. */
static bool rt_raw_rule(struct rt *t, enum rt_rule rule, uint64_t a)
{
	struct vring_raw_piece pc[9];
	struct vring_raw_shape shape = { .nplain = 0 };
	unsigned n = 3, k;
	uint64_t table;

	for (k = 0; k < 9; k++)
		pc[k] = (struct vring_raw_piece){ a + 8 * k, 8, k == 2 };
	switch (rule) {
	case RULE_LOOP: shape.nplain = n; break;
	case RULE_INDIRECT_NEXT: shape.ind_flags = VRING_DESC_F_NEXT; break;
	case RULE_WRITE_FIRST:
		pc[0].write = true; /* the writable piece first */
		pc[2].write = false;
		break;
	case RULE_TOTAL_2_32_BUILT:
		/* exactly 2^32 bytes, readable */
		n = 2;
		pc[0].len = pc[1].len = 0x80000000u;
		pc[2].write = false;
		break;
	case RULE_LONGER_THAN_QUEUE_BUILT:
		/* 9 pieces in one table on a queue of 8 */
		n = 9;
		pc[2].write = false;
		break;
	default: break;
	}
	rt_check(dma_pool_alloc(t->pool, 16ull * n, 16, &table) == 0);
	shape.table = table;
	vring_raw_chain(t->mem, t->vq, 0, pc, n, &shape);
	/* the last descriptor chains back to the first */
	if (rule == RULE_LOOP)
		vring_raw_desc(t->mem, t->vq->desc + 16ull * (n - 1),
			       pc[n - 1].addr, 8,
			       VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
	if (rule == RULE_LOOP_IN_TABLE)
		vring_raw_desc(t->mem, table + 16ull * (n - 1), pc[n - 1].addr,
			       8, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
	/* INDIRECT set inside the table */
	if (rule == RULE_NESTED_INDIRECT)
		vring_raw_desc(t->mem, table, pc[0].addr, 8,
			       VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT, 1);
	return vring_check_chain(t->vq, 0);
}

/* Q13: the checker reports each driver rule broken, once. The driver
 * refuses the chains it must not make; the others are written raw (the
 * driver model makes none of them) and judged by the checker as it judges
 * every chain the driver adds, then the driver's next buffer is clean. */
START_TEST(test_q13_each_driver_rule_reported_once)
{
	enum rt_rule rule;

	for (rule = 0; rule < RULE_COUNT; rule++) {
		/* out list sg[0..1], in list sg[2], a long list sg[3..11] */
		struct scatterlist sg[12], *sgs[2] = { &sg[0], &sg[2] };
		static int tok;
		struct rt t;
		uint64_t a;
		unsigned k;
		bool raw = false;

		rt_init(&t,
			rule == RULE_INDIRECT_NOT_NEGOTIATED
				? 0
				: 1ull << VIRTIO_RING_F_INDIRECT_DESC,
			8, false);
		sim_report_expect(t.sim, "virtio.driver");
		a = rt_buf(&t, 96, 0);
		sg_init_table(&sg[0], 2);
		sg_init_table(&sg[2], 1);
		sg_init_table(&sg[3], 9);
		for (k = 0; k < 12; k++)
			sg_set_buf(&sg[k], a + 8 * k, 8);
		if (rule == RULE_TOTAL_2_32) {
			/* exactly 2^32 bytes: refused */
			sg_set_buf(&sg[0], a, 0x80000000u);
			sg_set_buf(&sg[1], a, 0x80000000u);
			ck_assert_int_eq(virtqueue_add_sgs(t.vq, sgs, 1, 0,
							   &tok),
					 -EINVAL);
		} else if (rule == RULE_LONGER_THAN_QUEUE) {
			/* 9 pieces on a queue of 8: refused */
			ck_assert_int_eq(virtqueue_add_outbuf(t.vq, &sg[3], 9,
							      &tok),
					 -EINVAL);
			ck_assert_uint_eq(virtqueue_num_free(t.vq), 8);
		} else if (rule == RULE_AVAIL_IDX_BACK) {
			rt_post_out(&t, 4, &tok);
			vring_check_avail_idx(t.vq, 0);
			rt_wr16(&t, t.vq->avail + VRING_AVAIL_IDX, 0);
		} else if (rule == RULE_AVAIL_IDX_TOO_FAR) {
			vring_check_avail_idx(t.vq, 9);
			rt_wr16(&t, t.vq->avail + VRING_AVAIL_IDX, 9);
		} else {
			raw = true;
			ck_assert_msg(!rt_raw_rule(&t, rule, a),
				      "rule %d: the checker passed the chain",
				      rule);
		}
		ck_assert_msg(sim_report_count_id(t.sim, "virtio.driver") == 1,
			      "rule %d: %u reports", rule,
			      sim_report_count_id(t.sim, "virtio.driver"));
		ck_assert_uint_eq(sim_report_count(t.sim, SIM_WARNING), 1);
		ck_assert_uint_eq(rt_errors(&t), 0);
		/* the checker judges the next chain afresh */
		if (raw && rule != RULE_INDIRECT_NOT_NEGOTIATED) {
			sg_set_buf(&sg[0], a, 8);
			sg_set_buf(&sg[1], a + 8, 8);
			ck_assert_int_eq(
				virtqueue_add_sgs(t.vq, sgs, 1, 1, &tok), 0);
			ck_assert_uint_eq(
				sim_report_count_id(t.sim, "virtio.driver"), 1);
		}
		rt_fini(&t);
	}
}
END_TEST

/* ------------------------------------------------------ virtio-mmio */

/* A fake virtio-mmio register file with two queues of 64 entries. */
struct fake_mmio {
	unsigned version;
	uint32_t sel, status, isr, ack;
	uint32_t q[2][0x30]; /* per queue: registers 0x34..0xa4 by offset/4 */
	unsigned notifies;
	uint32_t last_notify;
};

static uint32_t *fake_qreg(struct fake_mmio *f, unsigned off)
{
	return f->sel < 2 ? &f->q[f->sel][off / 4] : NULL;
}

static int fake_mmio_read(void *ctx, uint64_t addr, uint32_t *val)
{
	struct fake_mmio *f = ctx;
	unsigned off = (unsigned)(addr & 0xfff);
	uint32_t *r;

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE: *val = VIRTIO_MMIO_MAGIC; break;
	case VIRTIO_MMIO_VERSION: *val = f->version; break;
	case VIRTIO_MMIO_DEVICE_ID: *val = 2; break;
	case VIRTIO_MMIO_QUEUE_NUM_MAX: *val = f->sel < 2 ? 64 : 0; break;
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_PFN:
		r = fake_qreg(f, off);
		*val = r ? *r : 0;
		break;
	case VIRTIO_MMIO_STATUS: *val = f->status; break;
	case VIRTIO_MMIO_INTERRUPT_STATUS: *val = f->isr; break;
	default: *val = 0; break;
	}
	return 0;
}

static int fake_mmio_write(void *ctx, uint64_t addr, uint32_t val,
			   unsigned strb)
{
	struct fake_mmio *f = ctx;
	unsigned off = (unsigned)(addr & 0xfff);
	uint32_t *r;

	(void)strb;
	if (off == VIRTIO_MMIO_QUEUE_SEL) {
		f->sel = val;
	} else if (off == VIRTIO_MMIO_STATUS) {
		f->status = val;
	} else if (off == VIRTIO_MMIO_QUEUE_NOTIFY) {
		f->notifies++;
		f->last_notify = val;
	} else if (off == VIRTIO_MMIO_INTERRUPT_ACK) {
		f->ack = val;
		f->isr &= ~val;
	} else if (off >= VIRTIO_MMIO_QUEUE_NUM &&
		   off <= VIRTIO_MMIO_QUEUE_USED_HIGH &&
		   (r = fake_qreg(f, off))) {
		*r = val;
	}
	return 0;
}

START_TEST(test_virtio_mmio_setup_vq_programs_and_routes_the_queue)
{
	unsigned version;

	for (version = 1; version <= 2; version++) {
		struct fake_mmio f = { .version = version };
		struct virtio_mmio_device *vm;
		struct virtqueue *vq;
		struct rt t;
		static int tok;
		uint32_t len;

		rt_setup(&t, 0, 1);
		t.hw.ctx = &f;
		t.hw.read32 = fake_mmio_read;
		t.hw.write32 = fake_mmio_write;
		ck_assert_int_eq(virtio_mmio_probe(&t.hw, 0x10000000, &vm), 0);
		vm->vdev.status =
			VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK;
		ck_assert_int_eq(virtio_mmio_setup_vq(vm, 1, 0, t.pool,
						      rt_callback, "rq", &vq),
				 0);
		vq->priv = &t;
		ck_assert_ptr_eq(vm->vqs[1], vq);
		ck_assert_uint_eq(virtqueue_get_vring_size(vq), 64);
		ck_assert_uint_eq(f.q[1][VIRTIO_MMIO_QUEUE_NUM / 4], 64);
		if (version == 2) {
			ck_assert_uint_eq(
				f.q[1][VIRTIO_MMIO_QUEUE_DESC_LOW / 4],
				(uint32_t)vq->desc);
			ck_assert_uint_eq(
				f.q[1][VIRTIO_MMIO_QUEUE_DESC_HIGH / 4],
				vq->desc >> 32);
			ck_assert_uint_eq(
				f.q[1][VIRTIO_MMIO_QUEUE_AVAIL_LOW / 4],
				(uint32_t)vq->avail);
			ck_assert_uint_eq(
				f.q[1][VIRTIO_MMIO_QUEUE_USED_HIGH / 4],
				vq->used >> 32);
			ck_assert_uint_eq(f.q[1][VIRTIO_MMIO_QUEUE_READY / 4],
					  1);
		} else {
			/* 2.7.2: one page-aligned block at PFN * 4096 */
			ck_assert_uint_eq(
				(uint64_t)f.q[1][VIRTIO_MMIO_QUEUE_PFN / 4] *
					4096,
				vq->desc);
			ck_assert_uint_eq(f.q[1][VIRTIO_MMIO_QUEUE_ALIGN / 4],
					  4096);
			ck_assert_uint_eq(vq->used % 4096, 0);
		}
		/* a queue that is in use or does not exist */
		ck_assert_int_eq(virtio_mmio_setup_vq(vm, 1, 0, t.pool, NULL,
						      "again", &vq),
				 -ENOENT);
		ck_assert_int_eq(virtio_mmio_setup_vq(vm, 2, 0, t.pool, NULL,
						      "none", &vq),
				 -ENOENT);
		vq = vm->vqs[1];

		/* kick: QueueNotify carries the queue index */
		vring_soft_dev_attach(&t.dev, vq);
		t.vq = vq;
		rt_post_inout(&t, 4, 4, &tok);
		ck_assert(virtqueue_kick(vq));
		ck_assert_uint_eq(f.notifies, 1);
		ck_assert_uint_eq(f.last_notify, 1);
		/* the device's interrupt reaches the callback through the
		 * transport's handler */
		vring_soft_dev_process(&t.dev, 1);
		ck_assert(t.dev.irq);
		f.isr = VIRTIO_MMIO_INTERRUPT_STATUS_VRING;
		ck_assert_uint_eq(virtio_mmio_interrupt(vm), 1);
		ck_assert_uint_eq(f.ack, 1);
		ck_assert_uint_eq(t.callbacks, 1);
		ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), &tok);

		ck_assert_int_eq(virtio_mmio_del_vq(vm, 1), 0);
		ck_assert_ptr_null(vm->vqs[1]);
		t.vq = NULL;
		ck_assert_uint_eq(dma_pool_allocations(t.pool), 0);
		if (version == 2)
			ck_assert_uint_eq(f.q[1][VIRTIO_MMIO_QUEUE_READY / 4],
					  0);
		else
			ck_assert_uint_eq(f.q[1][VIRTIO_MMIO_QUEUE_PFN / 4], 0);
		ck_assert_uint_eq(rt_errors(&t), 0);
		virtio_mmio_remove(vm);
		rt_fini(&t);
	}
}
END_TEST

static void test_virtio_ring_unit_register(struct tb_registry *r)
{
	tb_add(r, test_dma_pool_first_fit_alignment_and_coalescing, 0);
	tb_add_seeded(r, test_dma_pool_random_blocks_never_overlap, 0);
	tb_add(r, test_q3_message_split_into_1_to_n_pieces_down_to_1_byte, 0);
	tb_add(r, test_ring_full_returns_enospc_and_recovers, 0);
	tb_add(r, test_q5_indirect_auto_force_never, 0);
	tb_add(r, test_q5_plain_descriptors_then_one_indirect, 0);
	tb_add_seeded(r, test_q6_indirect_table_in_shuffled_order, 0);
	tb_add_seeded(r, test_q2_index_wrap_with_random_buffers, 0);
	tb_add(r, test_q2_queue_sizes_1_and_32768, 0);
	tb_add(r, test_q9_event_idx_kick_suppression, 0);
	tb_add(r, test_q9_event_idx_enable_cb_delayed, 0);
	tb_add(r, test_q8_no_notify_and_no_interrupt_flags, 0);
	tb_add(r, test_detach_unused_buf_returns_every_token, 0);
	tb_add(r, test_q4_permissions_follow_buffers_and_overlaps, 0);
	tb_add(r, test_placement_legacy_and_explicit_addresses, 0);
	tb_add(r, test_q7_used_id_out_of_range_breaks_the_queue, 0);
	tb_add(r, test_q7_used_id_not_outstanding_breaks_the_queue, 0);
	tb_add(r, test_q7_used_len_past_writable_bytes_breaks_the_queue, 0);
	tb_add(r, test_q12_used_idx_jump_breaks_the_queue, 0);
	tb_add(r, test_q12_used_idx_before_its_element_is_reported, 0);
	tb_add(r, test_q12_head_used_before_avail_idx_read_is_reported, 0);
	tb_add(r, test_q4_device_write_into_readable_buffer_is_refused, 0);
	tb_add(r, test_q4_device_write_outside_any_buffer_is_refused, 0);
	tb_add(r, test_q13_each_driver_rule_reported_once, 0);
	tb_add(r, test_virtio_mmio_setup_vq_programs_and_routes_the_queue, 0);
}

TB_TESTS(test_virtio_ring_unit_register)
