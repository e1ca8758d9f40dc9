/* SPDX-License-Identifier: MIT */
/*
 * tb_vq.c - harness of the ring-engine suite.
 */
#include "tb_vq.h"

#include "virtio_mmio_regs.h"
#include "vring_check.h"

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

/* Let the device work a while: take an interrupt that is up, or wait for
 * one (interrupts may be off: at most 64 cycles, then poll again). */
static void tb_vq_idle(struct tb_vq *t)
{
	if (irq_mon_level(t->e->irq)) {
		virtio_mmio_interrupt(t->vm);
		t->irqs++;
	} else {
		t->hw.wait_irq(t->hw.ctx, 64);
	}
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
		tb_vq_idle(t);
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
		return 1;
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

uint64_t tb_vq_dma_count(struct tb_vq *t)
{
	struct axi_mem_stats s;

	axi_mem_stats(t->e->axim, &s);
	return s.ar + s.aw;
}

/* ------------------------------------------------ frames on raw rings */

/* A buffer of tb_vq_raw_loop() in flight. */
struct tb_vq_raw_buf {
	struct tb_frame *f; /* the frame; NULL: the slot is free */
	uint64_t table;	    /* its indirect table, 0: none */
	uint32_t table_len; /* the table's bytes */
};

/* One queue of tb_vq_raw_loop(): its writer and a window of slots, slot k
 * owning ring descriptors k * span to k * span + span - 1. */
struct tb_vq_raw_q {
	struct vring_raw r;	   /* the raw writer */
	struct tb_vq_shape *shape; /* how its chains look */
	struct tb_vq_raw_buf *buf; /* per slot */
	unsigned slots, span;	   /* slots, ring descriptors per slot */
	bool write;		   /* buffers device-writable (receive) */
};

static int tb_vq_raw_slot(const struct tb_vq_raw_q *q)
{
	for (unsigned k = 0; k < q->slots; k++)
		if (!q->buf[k].f)
			return (int)k;
	return -1;
}

static bool tb_vq_raw_busy(const struct tb_vq_raw_q *q)
{
	for (unsigned k = 0; k < q->slots; k++)
		if (q->buf[k].f)
			return true;
	return false;
}

/* Make frame f available on q in slot k, in pieces as the shape says, and
 * notify queue index qi. */
static void tb_vq_raw_post(struct tb_vq *t, struct sim_rng *rng,
			   struct tb_vq_raw_q *q, unsigned qi, unsigned k,
			   struct tb_frame *f, unsigned n)
{
	struct tb_vq_raw_buf *b = &q->buf[k];
	struct scatterlist *sg = calloc(n, sizeof(*sg));
	struct vring_raw_piece *pc = calloc(n, sizeof(*pc));
	uint16_t *order = calloc(n, sizeof(*order));
	struct vring_raw_shape shape = { .nplain = n,
					 .ind_flags = q->shape->ind_flags };
	unsigned head = k * q->span;

	tb_vq_split(t, rng, f->addr, f->len, n, sg);
	for (unsigned i = 0; i < n; i++)
		pc[i] = (struct vring_raw_piece){ sg[i].addr, sg[i].len,
						  q->write };
	*b = (struct tb_vq_raw_buf){ .f = f };
	if (q->r.vq->has_indirect && (n > 1 || q->shape->force)) {
		shape.nplain = q->shape->plain < n ? q->shape->plain : n - 1;
		b->table_len = VRING_DESC_SIZE * (n - shape.nplain);
		b->table = shape.table = tb_vq_alloc(t, b->table_len, 16);
		mem_region_set(t->e->mem, b->table, b->table_len, MEM_R,
			       "raw table");
		if (q->shape->shuffle) {
			vring_raw_shuffle(rng, order, n - shape.nplain);
			shape.order = order;
		}
		q->shape->indirect++;
	}
	mem_region_set(t->e->mem, f->addr, f->len, q->write ? MEM_W : MEM_R,
		       "raw buffer");
	vring_raw_chain(t->e->mem, q->r.vq, head, pc, n, &shape);
	if (q->shape->check)
		vring_check_chain(q->r.vq, head);
	vring_raw_add(&q->r, (uint16_t)head);
	vring_raw_publish(&q->r, q->r.avail_idx);
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_NOTIFY, qi, 0xf);
	free(order);
	free(pc);
	free(sg);
}

/* The slot of used element id on q, or -1 (reported) when id is not the
 * head of a buffer in flight. */
static int tb_vq_raw_back(struct tb_vq *t, const struct tb_vq_raw_q *q,
			  uint32_t id)
{
	unsigned k = id / q->span;

	if (tb_vq_check(t, id % q->span == 0 && k < q->slots && q->buf[k].f,
			"%s used id %u: not the head of a raw buffer in flight",
			q->write ? "rx" : "tx", id))
		return (int)k;
	return -1;
}

/* Close slot k of q to the device and free its frame and table. */
static void tb_vq_raw_free(struct tb_vq *t, struct tb_vq_raw_q *q, unsigned k)
{
	struct tb_vq_raw_buf *b = &q->buf[k];

	mem_region_set(t->e->mem, b->f->addr, b->f->len, MEM_NONE, "raw idle");
	if (b->table) {
		mem_region_set(t->e->mem, b->table, b->table_len, MEM_NONE,
			       "raw idle");
		dma_pool_free(t->pool, b->table);
	}
	tb_vq_free_frame(t, b->f);
	*b = (struct tb_vq_raw_buf){ 0 };
}

/* Take back the transmit buffers used so far (Q7: used.len 0). */
static bool tb_vq_raw_reap_tx(struct tb_vq *t, struct tb_vq_raw_q *q)
{
	uint32_t id, len;
	bool ok = true;
	int k;

	while (vring_raw_used(&q->r, &id, &len)) {
		ok &= tb_vq_check(t, len == 0, "tx used.len %u, want 0", len);
		k = tb_vq_raw_back(t, q, id);
		if (k < 0)
			return false;
		tb_vq_raw_free(t, q, (unsigned)k);
	}
	return ok;
}

/* Receive the next frame on q and check it against the frames sent, in
 * order: true when it arrived intact. */
static bool tb_vq_raw_recv(struct tb_vq *t, struct tb_vq_raw_q *q)
{
	uint64_t end = sim_clock_cycles(t->e->clk) + 200000;
	uint32_t id, len;
	struct tb_frame *f;
	bool ok;
	int k;

	while (!vring_raw_used(&q->r, &id, &len)) {
		if (!tb_vq_check(t, sim_clock_cycles(t->e->clk) < end,
				 "frame %u did not come back within 200000 "
				 "cycles",
				 t->seq_rx))
			return false;
		tb_vq_idle(t);
	}
	k = tb_vq_raw_back(t, q, id);
	if (k < 0)
		return false;
	f = q->buf[k].f;
	ok = tb_vq_check(t, len == f->len, "frame %u: rx used.len %u, sent %u",
			 t->seq_rx, len, f->len) &&
	     tb_vq_check_frame(t, f->addr, len, t->seq_rx);
	t->seq_rx++;
	tb_vq_raw_free(t, q, (unsigned)k);
	return ok;
}

unsigned tb_vq_raw_loop(struct tb_vq *t, struct sim_rng *rng, unsigned n,
			uint32_t min, uint32_t max, unsigned max_pieces,
			unsigned window, struct tb_vq_shape shape[2])
{
	struct tb_vq_raw_q q[2];
	unsigned sent = 0, good = 0, i;
	bool fits = true;

	for (i = 0; i < 2; i++) {
		q[i] = (struct tb_vq_raw_q){ .shape = &shape[i],
					     .slots = 2 * window,
					     .span = max_pieces,
					     .write = i == TB_VQ_RX };
		vring_raw_take(&q[i].r, t->e->mem, t->vq[i]);
		q[i].buf = calloc(q[i].slots, sizeof(*q[i].buf));
		fits &= q[i].slots * q[i].span <= t->vq[i]->num;
	}
	if (!tb_vq_check(t, fits,
			 "%u slots of %u descriptors do not fit the queues",
			 2 * window, max_pieces))
		goto out;
	while (good < n) {
		int kr = -1, kt = -1;

		while (sent < n && sent - good < window &&
		       (kr = tb_vq_raw_slot(&q[TB_VQ_RX])) >= 0 &&
		       (kt = tb_vq_raw_slot(&q[TB_VQ_TX])) >= 0) {
			uint32_t len = (uint32_t)sim_rng_range(rng, min, max);
			unsigned most = len < max_pieces ? len : max_pieces;
			struct tb_frame *rx = tb_vq_frame_new(t, len);
			struct tb_frame *tx = tb_vq_frame_new(t, len);

			mem_fill(t->e->mem, rx->addr, 0xee, len); /* poison */
			tb_vq_raw_post(t, rng, &q[TB_VQ_RX], TB_VQ_RX,
				       (unsigned)kr, rx,
				       (unsigned)sim_rng_range(rng, 1, most));
			tx->seq = t->seq_tx++;
			tb_vq_fill_frame(t, tx->addr, len, tx->seq);
			tb_vq_raw_post(t, rng, &q[TB_VQ_TX], TB_VQ_TX,
				       (unsigned)kt, tx,
				       (unsigned)sim_rng_range(rng, 1, most));
			sent++;
		}
		if (!tb_vq_raw_recv(t, &q[TB_VQ_RX]) ||
		    !tb_vq_raw_reap_tx(t, &q[TB_VQ_TX]))
			break;
		good++;
	}
	/* the last transmit buffers come back after their frames */
	for (i = 0; good == n && i < 1000 && tb_vq_raw_busy(&q[TB_VQ_TX]);
	     i++) {
		tb_vq_idle(t);
		tb_vq_raw_reap_tx(t, &q[TB_VQ_TX]);
	}
out:
	for (i = 0; i < 2; i++) {
		for (unsigned k = 0; k < q[i].slots; k++)
			if (q[i].buf && q[i].buf[k].f)
				tb_vq_raw_free(t, &q[i], k);
		free(q[i].buf);
	}
	return good;
}
