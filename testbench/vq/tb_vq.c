/* SPDX-License-Identifier: MIT */
/*
 * tb_vq.c - harness of the ring-engine suite.
 */
#include "tb_vq.h"

#include "virtio_mmio_regs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void tb_vq_cfg(int i, struct tb_vq *t)
{
	t->cfg = (struct tb_env_cfg){ .name = tb_run_name(i),
				      .seed = tb_seed(i),
				      .random = true };
}

static void tb_vq_body(void *arg)
{
	struct tb_vq *t = arg;

	tb_env_virtio_hw(t->e, &t->hw);
	if (virtio_mmio_probe(&t->hw, 0, &t->vm)) {
		tb_vq_fail(t, "probe failed");
		return;
	}
	t->vm->vdev.priv = t;
	t->body(t);
}

void tb_vq_run(struct tb_vq *t, void (*fn)(struct tb_vq *t), const char *expect)
{
	if (!t->cfg.name)
		tb_vq_cfg(0, t);
	t->e = tb_env_create(&t->cfg);
	ck_assert_ptr_nonnull(t->e);
	if (expect)
		sim_report_expect(t->e->sim, expect);
	/* Q4: the device may touch only what the model allows */
	mem_set_default_perm(t->e->mem, MEM_NONE);
	t->pool = dma_pool_create(t->e->mem, TB_VQ_POOL_BASE, TB_VQ_POOL_SIZE);
	ck_assert_ptr_nonnull(t->pool);
	t->body = fn;
	tb_env_run(t->e, tb_vq_body, t,
		   t->max_cycles ? t->max_cycles : 20000000);
}

void tb_vq_done(struct tb_vq *t)
{
	tb_env_assert_clean(t->e);
	/* not virtio_mmio_remove(): the kernel no longer runs */
	if (t->vm) {
		for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
			if (t->vm->vqs[q])
				vring_del_virtqueue(t->vm->vqs[q]);
		free(t->vm);
	}
	dma_pool_destroy(t->pool);
	tb_env_destroy(t->e);
}

static void tb_vq_noop_cb(struct virtqueue *vq)
{
	(void)vq;
}

int tb_vq_init(struct tb_vq *t)
{
	struct virtio_device *vdev = &t->vm->vdev;
	int r;

	for (unsigned q = 0; q < 2; q++)
		if (t->vm->vqs[q]) {
			virtio_reset_device(vdev);
			virtio_mmio_del_vq(t->vm, q);
		}
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	vdev->features = virtio_get_features(vdev);
	if (t->features)
		vdev->features &= t->features;
	r = virtio_features_ok(vdev);
	if (r) {
		tb_vq_fail(t, "features 0x%llx refused",
			   (unsigned long long)vdev->features);
		return r;
	}
	for (unsigned q = 0; q < (t->nq ? t->nq : 2u); q++) {
		const char *name = t->nq == 1	   ? "requestq"
				   : q == TB_VQ_RX ? "rx"
						   : "tx";

		r = virtio_mmio_setup_vq(t->vm, q, t->num[q] ? t->num[q] : 256,
					 t->pool, tb_vq_noop_cb, name,
					 &t->vq[q]);
		if (r) {
			tb_vq_fail(t, "queue %u set-up: %d", q, r);
			return r;
		}
	}
	if (!t->no_driver_ok)
		virtio_device_ready(vdev);
	t->seq_tx = t->seq_rx = 0;
	/* 5.1.6: without VERSION_1 (a legacy device) and MRG_RXBUF the header
	 * has no num_buffers */
	t->hdr = t->vm->version == 1 ? 10 : TB_VQ_NET_HDR;
	return 0;
}

uint64_t tb_vq_alloc(struct tb_vq *t, uint64_t len, uint64_t align)
{
	uint64_t a = 0;

	if (dma_pool_alloc(t->pool, len ? len : 1, align, &a)) {
		tb_vq_fail(t, "out of DMA memory for %llu bytes",
			   (unsigned long long)len);
		return 0;
	}
	return a;
}

static uint8_t tb_vq_pattern(uint32_t seq, uint32_t k)
{
	uint32_t x = seq * 2654435761u + k * 40503u;

	return (uint8_t)(x ^ (x >> 13) ^ (x >> 24));
}

/* The net header size of the negotiated device (12 until set up). */
static unsigned tb_vq_hdr(const struct tb_vq *t)
{
	return t->hdr ? t->hdr : TB_VQ_NET_HDR;
}

void tb_vq_fill_frame(struct tb_vq *t, uint64_t addr, uint32_t len,
		      uint32_t seq)
{
	uint8_t *b = malloc(len);

	for (uint32_t k = 0; k < len; k++)
		b[k] = k < tb_vq_hdr(t) ? 0xa5 : tb_vq_pattern(seq, k);
	mem_write(t->e->mem, addr, b, len);
	free(b);
}

bool tb_vq_check_frame(struct tb_vq *t, uint64_t addr, uint32_t len,
		       uint32_t seq)
{
	uint8_t *b = malloc(len);
	bool ok = true;

	mem_read(t->e->mem, addr, b, len);
	for (uint32_t k = 0; k < len && ok; k++) {
		/* 5.1.6.4: flags 0, gso NONE, num_buffers (offset 10, not in a
		 * legacy header) 1 */
		uint8_t want = k < tb_vq_hdr(t) ? (k == 10 ? 1 : 0)
						: tb_vq_pattern(seq, k);

		ok = tb_vq_check(
			t, b[k] == want,
			"frame %u byte %u at 0x%llx: 0x%02x, want 0x%02x", seq,
			k, (unsigned long long)(addr + k), b[k], want);
	}
	free(b);
	return ok;
}

void tb_vq_split(struct tb_vq *t, struct sim_rng *rng, uint64_t addr,
		 uint32_t len, unsigned n, struct scatterlist *sg)
{
	uint32_t left = len;

	(void)t;
	sg_init_table(sg, n);
	for (unsigned i = 0; i < n; i++) {
		/* leave at least one byte for each later piece */
		uint32_t max = left - (n - 1 - i);
		uint32_t piece =
			i == n - 1 ? left
				   : (uint32_t)sim_rng_range(rng, 1,
							     max < 1 ? 1 : max);

		if (i < n - 1 && sim_rng_chance(rng, 500))
			piece = (uint32_t)sim_rng_range(rng, 1,
							max < 8 ? max : 8);
		sg_set_buf(&sg[i], addr, piece);
		addr += piece;
		left -= piece;
	}
}

static struct tb_frame *tb_vq_frame_new(struct tb_vq *t, uint32_t len)
{
	struct tb_frame *f = calloc(1, sizeof(*f));

	f->len = len;
	f->addr = tb_vq_alloc(t, len, 1);
	return f;
}

void tb_vq_free_frame(struct tb_vq *t, struct tb_frame *f)
{
	if (f->addr)
		dma_pool_free(t->pool, f->addr);
	free(f);
}

int tb_vq_post_rx(struct tb_vq *t, struct sim_rng *rng, uint32_t len,
		  unsigned n)
{
	struct tb_frame *f = tb_vq_frame_new(t, len);
	struct scatterlist *sg = calloc(n, sizeof(*sg));
	int r;

	mem_fill(t->e->mem, f->addr, 0xee, len); /* poison */
	tb_vq_split(t, rng, f->addr, len, n, sg);
	r = virtqueue_add_inbuf(t->vq[TB_VQ_RX], sg, n, f);
	free(sg);
	if (r) {
		tb_vq_free_frame(t, f);
		return r;
	}
	if (!t->no_kick)
		virtqueue_kick(t->vq[TB_VQ_RX]);
	return 0;
}

int tb_vq_send(struct tb_vq *t, struct sim_rng *rng, uint32_t len, unsigned n)
{
	struct tb_frame *f = tb_vq_frame_new(t, len);
	struct scatterlist *sg = calloc(n, sizeof(*sg));
	int r;

	f->seq = t->seq_tx;
	tb_vq_fill_frame(t, f->addr, len, f->seq);
	tb_vq_split(t, rng, f->addr, len, n, sg);
	r = virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, n, f);
	free(sg);
	if (r) {
		tb_vq_free_frame(t, f);
		return r;
	}
	t->seq_tx++;
	if (!t->no_kick)
		virtqueue_kick(t->vq[TB_VQ_TX]);
	return 0;
}

struct tb_frame *tb_vq_wait_buf(struct tb_vq *t, struct virtqueue *vq,
				uint32_t *len, uint64_t timeout)
{
	uint64_t end = sim_clock_cycles(t->e->clk) + timeout;

	for (;;) {
		struct tb_frame *f = virtqueue_get_buf(vq, len);

		if (f || virtqueue_is_broken(vq))
			return f;
		if (sim_clock_cycles(t->e->clk) >= end)
			return NULL;
		if (irq_mon_level(t->e->irq)) {
			virtio_mmio_interrupt(t->vm);
			t->irqs++;
		} else {
			/* interrupts may be off: poll now and then */
			t->hw.wait_irq(t->hw.ctx, 64);
		}
	}
}

bool tb_vq_recv_one(struct tb_vq *t, uint64_t timeout)
{
	struct tb_frame *f;
	uint32_t len;
	bool ok;

	f = tb_vq_wait_buf(t, t->vq[TB_VQ_RX], &len, timeout);
	if (!tb_vq_check(t, f, "frame %u did not come back within %llu cycles",
			 t->seq_rx, (unsigned long long)timeout))
		return false;
	/* the oldest outstanding frame is the one expected (order kept) */
	ok = tb_vq_check(t, len <= f->len, "rx used.len %u > buffer %u", len,
			 f->len);
	if (ok)
		ok = tb_vq_check_frame(t, f->addr, len, t->seq_rx);
	t->rx_len = len;
	t->seq_rx++;
	tb_vq_free_frame(t, f);
	/* and its transmit buffer is back too (Q7: used.len 0 for tx) */
	while ((f = virtqueue_get_buf(t->vq[TB_VQ_TX], &len))) {
		ok &= tb_vq_check(t, len == 0, "tx used.len %u, want 0", len);
		tb_vq_free_frame(t, f);
	}
	return ok;
}

/* Descriptors a buffer of up to n pieces may take in vq's ring. */
static unsigned tb_vq_descs(const struct virtqueue *vq, unsigned n)
{
	if (vq->has_indirect && vq->indirect != VRING_INDIRECT_NEVER)
		return 1 + vq->test.plain_before_indirect;
	return n;
}

unsigned tb_vq_loop(struct tb_vq *t, struct sim_rng *rng, unsigned n,
		    uint32_t min, uint32_t max, unsigned max_pieces,
		    unsigned window)
{
	unsigned sent = 0, good = 0;
	uint32_t *lens = calloc(n, sizeof(*lens));

	while (good < n) {
		while (sent < n && sent - good < window &&
		       virtqueue_num_free(t->vq[TB_VQ_TX]) >=
			       tb_vq_descs(t->vq[TB_VQ_TX], max_pieces) &&
		       virtqueue_num_free(t->vq[TB_VQ_RX]) >=
			       tb_vq_descs(t->vq[TB_VQ_RX], max_pieces)) {
			uint32_t len = (uint32_t)sim_rng_range(rng, min, max);
			unsigned ptx = (unsigned)sim_rng_range(
				rng, 1, len < max_pieces ? len : max_pieces);
			unsigned prx = (unsigned)sim_rng_range(
				rng, 1, len < max_pieces ? len : max_pieces);

			lens[sent] = len;
			if (tb_vq_post_rx(t, rng, len, prx) ||
			    tb_vq_send(t, rng, len, ptx)) {
				tb_vq_fail(t, "could not post frame %u", sent);
				free(lens);
				return good;
			}
			sent++;
		}
		if (!tb_vq_recv_one(t, 200000))
			break;
		if (!tb_vq_check(t, t->rx_len == lens[good],
				 "frame %u: rx used.len %u, sent %u", good,
				 t->rx_len, lens[good]))
			break;
		good++;
	}
	free(lens);
	return good;
}

uint32_t tb_vq_status(struct tb_vq *t)
{
	uint32_t v = 0;

	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_STATUS, &v);
	return v;
}

int tb_vq_ring_replace(struct tb_vq *t, unsigned q, unsigned num)
{
	struct virtio_mmio_device *vm = t->vm;
	struct virtqueue *old = vm->vqs[q];
	struct tb_frame *f;
	uint32_t len;
	int r;

	if (old) {
		while ((f = virtqueue_get_buf(old, &len)))
			tb_vq_free_frame(t, f);
		while ((f = virtqueue_detach_unused_buf(old)))
			tb_vq_free_frame(t, f);
		vring_del_virtqueue(old);
		vm->vqs[q] = NULL;
	}
	r = virtio_mmio_setup_vq(vm, q, num, t->pool, NULL,
				 q == TB_VQ_RX ? "rx" : "tx", &t->vq[q]);
	if (r)
		tb_vq_fail(t, "queue %u: a new ring of %u entries: %d", q, num,
			   r);
	return r;
}

void tb_vq_raw_desc(struct tb_vq *t, uint64_t at, uint64_t addr, uint32_t len,
		    uint16_t flags, uint16_t next)
{
	uint8_t d[16];

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
	mem_write(t->e->mem, at, d, 16);
}

uint64_t tb_vq_dma_count(struct tb_vq *t)
{
	struct axi_mem_stats s;

	axi_mem_stats(t->e->axim, &s);
	return s.ar + s.aw;
}
