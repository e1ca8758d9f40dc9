/* SPDX-License-Identifier: MIT */
/*
 * test_vq_malformed.c - CONFORMANCE table E and S6: malformed rings make
 * the device set DEVICE_NEEDS_RESET, raise the configuration interrupt,
 * stop all DMA and touch nothing outside the rings and the buffers the
 * driver made available; after a reset it works again. The legal rows
 * (INDIRECT with NEXT, zero-length descriptors) must just work.
 *
 * Malformed chains and the legal odd shapes are written straight into the
 * rings by the raw ring writer (vring_raw.h; the driver model builds
 * neither), with their buffers made device-readable so that only the ring
 * walk itself is judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define NR 0x40u /* VIRTIO_CONFIG_S_NEEDS_RESET */

/* One raw descriptor (2.7.5) at entry i of a table. */
static void raw_desc(struct tb_vq *t, uint64_t table, unsigned i, uint64_t addr,
		     uint32_t len, uint16_t flags, uint16_t next)
{
	vring_raw_desc(t->e->mem, table + 16ull * i, addr, len, flags, next);
}

/* A device-readable buffer of len bytes, outside the model's books. */
static uint64_t raw_buf(struct tb_vq *t, uint32_t len)
{
	uint64_t a = tb_vq_alloc(t, len, 16);

	mem_fill(t->e->mem, a, 0x5a, len);
	mem_region_set(t->e->mem, a, len, MEM_R, "raw buffer");
	return a;
}

/* Put head in the transmit queue's next avail entry, move avail->idx by
 * step (1; more: entries never written) and notify (2.7.13: entry first,
 * then the index). The queue stays the driver's: its checks report a
 * device that uses the chain. */
static void raw_publish(struct tb_vq *t, uint16_t head, uint16_t step)
{
	struct vring_raw r;
	uint16_t idx0;

	vring_raw_init(&r, t->e->mem, t->vq[TB_VQ_TX]);
	idx0 = r.avail_idx;
	vring_raw_add(&r, head);
	vring_raw_publish(&r, (uint16_t)(idx0 + step));
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_NOTIFY, TB_VQ_TX, 0xf);
}

struct bad_case {
	uint64_t features_off; /* features not to negotiate */
	void (*build)(struct tb_vq *t, struct virtqueue *vq);
};

static const struct bad_case *cur_case;

struct bad_res {
	struct tb_vq t;		     /* the harness */
	unsigned warm_frames;	     /* good frames back before the case */
	uint32_t status;	     /* Status after the malformed chain */
	uint32_t isr;		     /* InterruptStatus then */
	bool irq_high;		     /* the interrupt line then */
	uint64_t dma_after;	     /* DMA transactions in 3000 cycles */
	unsigned frames_after_reset; /* good frames back after a reset */
};

static void bad_body(struct tb_vq *t)
{
	struct bad_res *r = tb_container_of(t, struct bad_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	uint64_t dma0;
	unsigned i;

	t->features = ~cur_case->features_off;
	if (tb_vq_init(t))
		return;
	/* a good frame first: the engine is warm */
	r->warm_frames = tb_vq_loop(t, &rng, 2, TB_VQ_NET_HDR, 200, 2, 2);
	tb_vq_post_rx(t, &rng, 2048, 1);
	cur_case->build(t, t->vq[TB_VQ_TX]);
	for (i = 0; i < 2000 && !(tb_vq_status(t) & NR); i++)
		sim_wait_cycles(t->e->sim, 10);
	r->status = tb_vq_status(t);
	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &r->isr);
	sim_wait_cycles(t->e->sim, 20);
	r->irq_high = irq_mon_level(t->e->irq);
	/* no DMA from here on (drain a few cycles for what was in flight) */
	sim_wait_cycles(t->e->sim, 50);
	dma0 = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, 3000);
	r->dma_after = tb_vq_dma_count(t) - dma0;
	/* a reset brings it back (drop the broken queue's books first) */
	mem_error_clear(t->e->mem);
	t->features = 0;
	if (tb_vq_init(t))
		return;
	r->frames_after_reset =
		tb_vq_loop(t, &rng, 4, TB_VQ_NET_HDR, 600, 3, 4);
}

static void run_bad(int i, const struct bad_case *c)
{
	struct bad_res r = { 0 };

	cur_case = c;
	tb_vq_cfg(i, &r.t);
	tb_vq_run(&r.t, bad_body, NULL);
	ck_assert_uint_eq(r.warm_frames, 2);
	ck_assert_msg(r.status & NR, "status 0x%x: NEEDS_RESET not set",
		      r.status);
	ck_assert_msg(r.isr & 2, "InterruptStatus 0x%x: no config change",
		      r.isr);
	ck_assert(r.irq_high);
	ck_assert_msg(r.dma_after == 0,
		      "%llu DMA transactions after NEEDS_RESET",
		      (unsigned long long)r.dma_after);
	ck_assert_uint_eq(r.frames_after_reset, 4);
	tb_vq_done(&r.t);
}

/* ---------------------------------------------------------------- cases */

static void b_avail_too_far(struct tb_vq *t, struct virtqueue *vq)
{
	raw_desc(t, vq->desc, 0, raw_buf(t, 64), 64, 0, 0);
	raw_publish(t, 0, (uint16_t)(vq->num + 1));
}

static void b_head_out_of_range(struct tb_vq *t, struct virtqueue *vq)
{
	raw_publish(t, (uint16_t)vq->num, 1);
}

static void b_next_out_of_range(struct tb_vq *t, struct virtqueue *vq)
{
	raw_desc(t, vq->desc, 0, raw_buf(t, 64), 64, VRING_DESC_F_NEXT,
		 (uint16_t)vq->num);
	raw_publish(t, 0, 1);
}

static void b_loop(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t b = raw_buf(t, 64);

	raw_desc(t, vq->desc, 0, b, 32, VRING_DESC_F_NEXT, 1);
	raw_desc(t, vq->desc, 1, b + 32, 32, VRING_DESC_F_NEXT, 0);
	raw_publish(t, 0, 1);
}

static void indirect(struct tb_vq *t, struct virtqueue *vq, uint64_t table,
		     uint32_t len)
{
	raw_desc(t, vq->desc, 0, table, len, VRING_DESC_F_INDIRECT, 0);
	raw_publish(t, 0, 1);
}

static uint64_t raw_table(struct tb_vq *t, unsigned n)
{
	uint64_t a = tb_vq_alloc(t, 16ull * n, 16);

	mem_region_set(t->e->mem, a, 16ull * n, MEM_R, "raw table");
	return a;
}

static void b_indirect_len_zero(struct tb_vq *t, struct virtqueue *vq)
{
	indirect(t, vq, raw_table(t, 2), 0);
}

static void b_indirect_len_not_16(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t tb = raw_table(t, 2);

	raw_desc(t, tb, 0, raw_buf(t, 64), 64, 0, 0);
	indirect(t, vq, tb, 24);
}

static void b_indirect_nested(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t tb = raw_table(t, 1), tb2 = raw_table(t, 1);

	raw_desc(t, tb2, 0, raw_buf(t, 64), 64, 0, 0);
	raw_desc(t, tb, 0, tb2, 16, VRING_DESC_F_INDIRECT, 0);
	indirect(t, vq, tb, 16);
}

static void b_indirect_next_out_of_range(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t tb = raw_table(t, 2), b = raw_buf(t, 64);

	raw_desc(t, tb, 0, b, 32, VRING_DESC_F_NEXT, 2);
	raw_desc(t, tb, 1, b + 32, 32, 0, 0);
	indirect(t, vq, tb, 32);
}

static void b_indirect_loop(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t tb = raw_table(t, 2), b = raw_buf(t, 64);

	raw_desc(t, tb, 0, b, 32, VRING_DESC_F_NEXT, 1);
	raw_desc(t, tb, 1, b + 32, 32, VRING_DESC_F_NEXT, 0);
	indirect(t, vq, tb, 32);
}

static void b_indirect_not_negotiated(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t tb = raw_table(t, 1);

	raw_desc(t, tb, 0, raw_buf(t, 64), 64, 0, 0);
	indirect(t, vq, tb, 16);
}

static void b_readable_after_writable(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t w = tb_vq_alloc(t, 64, 16);

	mem_region_set(t->e->mem, w, 64, MEM_W, "raw writable");
	raw_desc(t, vq->desc, 0, w, 64, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT,
		 1);
	raw_desc(t, vq->desc, 1, raw_buf(t, 64), 64, 0, 0);
	raw_publish(t, 0, 1);
}

static void b_dma_error_on_buffer(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t b = raw_buf(t, 256);

	mem_error_add(t->e->mem, b + 128, 8, MEM_R, AXI_SLVERR);
	raw_desc(t, vq->desc, 0, b, 256, 0, 0);
	raw_publish(t, 0, 1);
}

static void b_dma_error_on_ring(struct tb_vq *t, struct virtqueue *vq)
{
	raw_desc(t, vq->desc, 0, raw_buf(t, 64), 64, 0, 0);
	mem_error_add(t->e->mem, vq->desc, 16, MEM_R, AXI_DECERR);
	raw_publish(t, 0, 1);
}

/* An indirect table claiming 0xfffffff0 bytes whose entry 0 chains to
 * itself: the chain is bounded by the queue size, not the table length
 * (2.7.5.3.1), so the walker stops within size + 1 reads. */
static void b_indirect_huge_self_loop(struct tb_vq *t, struct virtqueue *vq)
{
	uint64_t tb = raw_table(t, 1);

	raw_desc(t, tb, 0, raw_buf(t, 64), 64, VRING_DESC_F_NEXT, 0);
	indirect(t, vq, tb, 0xfffffff0u);
}

/* A legal-looking indirect table one buffer longer than the queue size:
 * ring and indirect parts together must not exceed it (2.7.4.2). */
static void b_indirect_longer_than_queue(struct tb_vq *t, struct virtqueue *vq)
{
	unsigned n = vq->num + 1, i;
	uint64_t tb = raw_table(t, n), b = raw_buf(t, n);

	for (i = 0; i < n; i++)
		raw_desc(t, tb, i, b + i, 1, i + 1 < n ? VRING_DESC_F_NEXT : 0,
			 (uint16_t)(i + 1));
	indirect(t, vq, tb, 16 * n);
}

/* Plain descriptors in the ring, then an indirect table: the ring part
 * and the indirect part together are one buffer longer than the queue
 * size (2.7.4.2, 2.7.5.3.1), though each alone fits. */
static void ring_and_indirect(struct tb_vq *t, struct virtqueue *vq,
			      unsigned extra, uint64_t *lo, uint64_t *hi)
{
	unsigned p = vq->num / 2 ? vq->num / 2 : 1, n = vq->num - p + extra;
	uint64_t tb = raw_table(t, n), b = raw_buf(t, vq->num + extra);
	unsigned i;

	for (i = 0; i < p; i++)
		raw_desc(t, vq->desc, i, b + i, 1, VRING_DESC_F_NEXT,
			 (uint16_t)(i + 1));
	raw_desc(t, vq->desc, p, tb, 16 * n, VRING_DESC_F_INDIRECT, 0);
	for (i = 0; i < n; i++)
		raw_desc(t, tb, i, b + p + i, 1,
			 i + 1 < n ? VRING_DESC_F_NEXT : 0, (uint16_t)(i + 1));
	if (lo) { /* the table's bytes, before the walker sees it */
		*lo = tb;
		*hi = tb + 16ull * n;
	}
	raw_publish(t, 0, 1);
}

static void b_ring_and_indirect_longer_than_queue(struct tb_vq *t,
						  struct virtqueue *vq)
{
	ring_and_indirect(t, vq, 1, NULL, NULL);
}

/* A buffer whose address + length passes 2^64: the device must not wrap
 * to address 0 (table E). */
static void b_address_wrap(struct tb_vq *t, struct virtqueue *vq)
{
	raw_desc(t, vq->desc, 0, 0xffffffffffffffc0ull, 128, 0, 0);
	raw_publish(t, 0, 1);
}

/* The same for an indirect table. */
static void b_indirect_table_wrap(struct tb_vq *t, struct virtqueue *vq)
{
	indirect(t, vq, 0xfffffffffffffff0ull, 32);
}

#define BAD_TEST(name, off, fn)                                   \
	START_TEST(name)                                          \
	{                                                         \
		static const struct bad_case c = { (off), (fn) }; \
		run_bad(_i, &c);                                  \
	}                                                         \
	END_TEST

#define F_IND (1ull << VIRTIO_RING_F_INDIRECT_DESC)

BAD_TEST(test_e_avail_idx_more_than_size_ahead, 0, b_avail_too_far)
BAD_TEST(test_e_head_index_out_of_range, 0, b_head_out_of_range)
BAD_TEST(test_e_next_index_out_of_range, 0, b_next_out_of_range)
BAD_TEST(test_e_descriptor_loop, 0, b_loop)
BAD_TEST(test_e_indirect_table_length_zero, 0, b_indirect_len_zero)
BAD_TEST(test_e_indirect_table_length_not_multiple_of_16, 0,
	 b_indirect_len_not_16)
BAD_TEST(test_e_indirect_inside_indirect_table, 0, b_indirect_nested)
BAD_TEST(test_e_indirect_next_out_of_range, 0, b_indirect_next_out_of_range)
BAD_TEST(test_e_indirect_table_loop, 0, b_indirect_loop)
BAD_TEST(test_e_indirect_without_feature, F_IND, b_indirect_not_negotiated)
BAD_TEST(test_e_readable_after_writable, 0, b_readable_after_writable)
BAD_TEST(test_e_dma_error_on_buffer_read, 0, b_dma_error_on_buffer)
BAD_TEST(test_e_dma_error_on_descriptor_read, 0, b_dma_error_on_ring)
BAD_TEST(test_e_indirect_table_of_4g_looping_on_itself_bounded_by_queue_size, 0,
	 b_indirect_huge_self_loop)
BAD_TEST(test_e_indirect_chain_longer_than_queue_size, 0,
	 b_indirect_longer_than_queue)
BAD_TEST(test_e_ring_and_indirect_parts_together_longer_than_queue_size, 0,
	 b_ring_and_indirect_longer_than_queue)
BAD_TEST(test_e_buffer_address_plus_length_past_2_64, 0, b_address_wrap)
BAD_TEST(test_e_indirect_table_address_plus_length_past_2_64, 0,
	 b_indirect_table_wrap)

/* Table E, chains bounded by the queue size: however long the chain
 * claims to be, the walker finds it too long within the queue size's
 * worth of descriptor reads. A tap counts the bytes read from the
 * descriptor table and the indirect table between the notify and
 * NEEDS_RESET; the bound is the indirect descriptor in the ring, the size
 * buffer descriptors a legal chain may have and the one past them
 * (size + 2 descriptors of 16 bytes). Three shapes, on queues of 2, 16 and
 * 256: a loop through every ring slot, a 4 GiB indirect table whose entry
 * 0 chains to itself, ring and indirect parts together one too long. */
enum bound_shape { BOUND_RING_LOOP, BOUND_HUGE_TABLE, BOUND_RING_AND_TABLE };

struct bound_tap {
	uint64_t lo[2], hi[2]; /* descriptor table, indirect table */
	uint64_t bytes;	       /* read from them */
};

static void bound_tap_fn(void *ctx, const struct mem_access *a)
{
	struct bound_tap *b = ctx;

	for (unsigned k = 0; k < 2; k++)
		if (!a->write && a->addr < b->hi[k] &&
		    a->addr + a->len > b->lo[k])
			b->bytes += a->len;
}

struct bound_res {
	struct tb_vq t;	       /* the harness */
	unsigned cases;	       /* shapes x sizes run */
	unsigned needs_reset;  /* of those, ending in NEEDS_RESET */
	unsigned within;       /* ... within size + 2 descriptor reads */
	uint64_t worst_over;   /* descriptors read past size + 2 (max) */
	char worst[96];	       /* the case that read the most */
	unsigned frames_after; /* good frames back after the last reset */
};

static void bound_body(struct tb_vq *t)
{
	struct bound_res *r = tb_container_of(t, struct bound_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	static const unsigned sizes[] = { 2, 16, 256 };
	static const char *const shape_name[] = { "ring loop",
						  "4 GiB table looping",
						  "ring and table" };

	for (unsigned k = 0; k < 3 * 3; k++) {
		enum bound_shape sh = (enum bound_shape)(k % 3);
		unsigned num = sizes[k / 3], i;
		struct bound_tap tap = { { 0 } };
		struct virtqueue *vq;
		uint64_t tb = 0, reads;

		mem_error_clear(t->e->mem);
		t->features = 0;
		t->num[TB_VQ_TX] = num;
		if (tb_vq_init(t))
			return;
		vq = t->vq[TB_VQ_TX];
		tap.lo[0] = vq->desc;
		tap.hi[0] = vq->desc + 16ull * num;
		if (sh == BOUND_RING_LOOP) {
			uint64_t b = raw_buf(t, num);

			for (i = 0; i < num; i++)
				raw_desc(t, vq->desc, i, b + i, 1,
					 VRING_DESC_F_NEXT,
					 (uint16_t)((i + 1) % num));
		} else if (sh == BOUND_HUGE_TABLE) {
			tb = raw_table(t, 1);
			raw_desc(t, tb, 0, raw_buf(t, 64), 64,
				 VRING_DESC_F_NEXT, 0);
			tap.lo[1] = tb;
			tap.hi[1] = tb + 16;
		}
		mem_tap_add(t->e->mem, bound_tap_fn, &tap);
		if (sh == BOUND_RING_AND_TABLE)
			ring_and_indirect(t, vq, 1, &tap.lo[1], &tap.hi[1]);
		else if (sh == BOUND_HUGE_TABLE)
			indirect(t, vq, tb, 0xfffffff0u);
		else
			raw_publish(t, 0, 1);
		for (i = 0; i < 4000 && !(tb_vq_status(t) & NR); i++)
			sim_wait_cycles(t->e->sim, 10);
		sim_wait_cycles(t->e->sim, 200); /* reads under way land */
		mem_tap_remove(t->e->mem, bound_tap_fn, &tap);
		r->cases++;
		if (!(tb_vq_status(t) & NR))
			continue;
		r->needs_reset++;
		reads = (tap.bytes + 15) / 16;
		if (reads <= num + 2) {
			r->within++;
		} else if (reads - (num + 2) > r->worst_over) {
			r->worst_over = reads - (num + 2);
			snprintf(r->worst, sizeof(r->worst),
				 "%s, queue size %u: %llu descriptors read",
				 shape_name[sh], num,
				 (unsigned long long)reads);
		}
		printf("chain bound: %s, queue size %u: %llu descriptors "
		       "read\n",
		       shape_name[sh], num, (unsigned long long)reads);
	}
	mem_error_clear(t->e->mem);
	t->features = 0;
	t->num[TB_VQ_TX] = 0;
	if (tb_vq_init(t))
		return;
	r->frames_after = tb_vq_loop(t, &rng, 4, TB_VQ_NET_HDR, 600, 3, 4);
}

START_TEST(test_e_chain_bound_found_within_queue_size_descriptor_reads)
{
	struct bound_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, bound_body, NULL);
	fflush(stdout);
	ck_assert_uint_eq(r.cases, 9);
	ck_assert_msg(r.needs_reset == r.cases,
		      "only %u of %u over-long chains gave NEEDS_RESET",
		      r.needs_reset, r.cases);
	ck_assert_msg(r.within == r.cases,
		      "%u of %u over-long chains read more than queue size + 2 "
		      "descriptors; worst: %s",
		      r.cases - r.within, r.cases, r.worst);
	ck_assert_uint_eq(r.frames_after, 4);
	tb_vq_done(&r.t);
}
END_TEST

/* Table E, "no further DMA", checked on the request channels: under slow
 * memory (latency 60 to 100 cycles), with frames moving in both
 * directions, a malformed chain behind them makes the device set
 * NEEDS_RESET. A method watches ARVALID and AWVALID every cycle: no new
 * read or write request may start after the cycle NEEDS_RESET shows (the
 * configuration interrupt rises with it); bursts requested before it may
 * finish. */
struct req_watch {
	const struct vdut_ports *p;
	sim_clock_t *clk;
	bool ar, aw, irq;   /* last cycle's ARVALID, AWVALID, irq */
	uint64_t irq_at;    /* cycle irq first rose (0: not yet) */
	uint64_t last_new;  /* last cycle a request started */
	uint64_t new_after; /* requests started after irq_at */
};

static void req_watch_method(void *ctx)
{
	struct req_watch *w = ctx;
	uint64_t c = sim_clock_cycles(w->clk);
	bool ar = vport_bit(&w->p->m_axi.arvalid);
	bool aw = vport_bit(&w->p->m_axi.awvalid);
	bool irq = vport_bit(&w->p->irq);

	if ((ar && !w->ar) || (aw && !w->aw)) {
		w->last_new = c;
		if (w->irq_at && c > w->irq_at)
			w->new_after++;
	}
	if (irq && !w->irq && !w->irq_at)
		w->irq_at = c;
	w->ar = ar;
	w->aw = aw;
	w->irq = irq;
}

static struct req_watch *cur_watch;
#define STOP_ROUNDS 6

struct stop_res {
	struct tb_vq t;		     /* the harness */
	unsigned needs_reset_rounds; /* rounds that ended in NEEDS_RESET */
	unsigned irq_rounds;	     /* ... with a configuration interrupt */
};

static void stop_round(struct tb_vq *t, struct sim_rng *rng)
{
	struct stop_res *r = tb_container_of(t, struct stop_res, t);
	struct vring_raw raw;
	struct virtqueue *vq;
	unsigned n = 6, i;
	uint64_t bufs, wbuf;
	uint16_t fl = VRING_AVAIL_F_NO_INTERRUPT;

	/* no used-buffer interrupts: the line rises only with NEEDS_RESET */
	t->features = ~(1ull << VIRTIO_RING_F_EVENT_IDX);
	mem_error_clear(t->e->mem);
	if (tb_vq_init(t))
		return;
	cur_watch->irq_at = 0;
	virtqueue_disable_cb(t->vq[TB_VQ_RX]);
	vq = t->vq[TB_VQ_TX];
	/* its chains are written raw: the driver's used-ring checks stand
	 * aside */
	vring_raw_take(&raw, t->e->mem, vq);
	mem_write(t->e->mem, vq->avail, &fl, 2);
	for (i = 0; i < n; i++)
		tb_vq_post_rx(t, rng, 2048, 1);
	/* five good frames, then one whose second descriptor is readable
	 * after a writable one: the walker finds it while frames still move */
	bufs = raw_buf(t, 2000 * n);
	wbuf = tb_vq_alloc(t, 64, 16);
	mem_region_set(t->e->mem, wbuf, 64, MEM_W, "raw writable");
	for (i = 0; i < n; i++) {
		if (i + 1 < n) {
			raw_desc(t, vq->desc, i, bufs + 2000ull * i,
				 (uint32_t)sim_rng_range(rng, 1000, 2000), 0,
				 0);
		} else {
			raw_desc(t, vq->desc, i, wbuf, 64,
				 VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, n);
			raw_desc(t, vq->desc, n, bufs, 64, 0, 0);
		}
		vring_raw_add(&raw, (uint16_t)i);
	}
	vring_raw_publish(&raw, raw.avail_idx);
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_NOTIFY, TB_VQ_TX, 0xf);
	for (i = 0; i < 4000 && !(tb_vq_status(t) & NR); i++)
		sim_wait_cycles(t->e->sim, 10);
	r->needs_reset_rounds += !!(tb_vq_status(t) & NR);
	r->irq_rounds += cur_watch->irq_at != 0;
	sim_wait_cycles(t->e->sim, 4000);
}

static void stop_body(struct tb_vq *t)
{
	struct sim_rng rng = sim_rng(t->e->sim, "test");

	cur_watch->p = t->e->p;
	cur_watch->clk = t->e->clk;
	sim_method(t->e->clk, "request watch", req_watch_method, cur_watch);
	for (unsigned k = 0; k < STOP_ROUNDS; k++)
		stop_round(t, &rng);
}

START_TEST(test_e_no_new_bus_request_after_needs_reset_under_slow_memory)
{
	struct stop_res r = { 0 };
	struct req_watch w = { 0 };

	tb_vq_cfg(_i, &r.t);
	r.t.cfg.mem.rd_lat_min = r.t.cfg.mem.wr_lat_min = 60;
	r.t.cfg.mem.rd_lat_max = r.t.cfg.mem.wr_lat_max = 100;
	r.t.num[TB_VQ_TX] = 16;
	cur_watch = &w;
	tb_vq_run(&r.t, stop_body, NULL);
	ck_assert_msg(r.needs_reset_rounds == STOP_ROUNDS &&
			      r.irq_rounds == STOP_ROUNDS,
		      "%u of %u malformed chains gave NEEDS_RESET, %u a "
		      "configuration interrupt",
		      r.needs_reset_rounds, STOP_ROUNDS, r.irq_rounds);
	ck_assert_msg(w.new_after == 0,
		      "%llu bus requests started after NEEDS_RESET showed at "
		      "cycle %llu (the last at cycle %llu)",
		      (unsigned long long)w.new_after,
		      (unsigned long long)w.irq_at,
		      (unsigned long long)w.last_new);
	tb_vq_done(&r.t);
}
END_TEST

/* 3.1.1: DRIVER_OK without FEATURES_OK on a version-2 device. The device
 * refuses it (reads back clear) and serves nothing, as nothing was
 * negotiated; after a proper initialisation it works. */
struct no_features_ok_res {
	struct tb_vq t;		   /* the harness */
	uint32_t status;	   /* Status after the DRIVER_OK write */
	uint64_t dma_unnegotiated; /* DMA transactions after notifying */
	unsigned frames_after;	   /* frames back after a proper start */
};

static void no_features_ok_body(struct tb_vq *t)
{
	struct no_features_ok_res *r =
		tb_container_of(t, struct no_features_ok_res, t);
	struct virtio_mmio_device *vm = t->vm;
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	uint64_t dma0;

	t->no_driver_ok = true;
	if (tb_vq_init(t))
		return;
	t->no_kick = true;
	tb_vq_post_rx(t, &rng, 300, 1);
	tb_vq_send(t, &rng, 300, 1);
	/* start again from a reset, skipping FEATURES_OK */
	virtio_mmio_raw_write(vm, VIRTIO_MMIO_STATUS, 0, 0xf);
	virtio_mmio_raw_write(vm, VIRTIO_MMIO_STATUS, 1, 0xf);
	virtio_mmio_raw_write(vm, VIRTIO_MMIO_STATUS, 3, 0xf);
	virtio_mmio_raw_write(vm, VIRTIO_MMIO_STATUS, 7, 0xf);
	r->status = tb_vq_status(t);
	dma0 = tb_vq_dma_count(t);
	for (unsigned q = 0; q < 2; q++)
		virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_NOTIFY, q, 0xf);
	sim_wait_cycles(t->e->sim, 3000);
	r->dma_unnegotiated = tb_vq_dma_count(t) - dma0;
	t->no_kick = false;
	t->no_driver_ok = false;
	if (tb_vq_init(t))
		return;
	r->frames_after = tb_vq_loop(t, &rng, 3, TB_VQ_NET_HDR, 600, 2, 2);
}

START_TEST(test_s9_driver_ok_without_features_ok_is_refused)
{
	struct no_features_ok_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, no_features_ok_body, NULL);
	ck_assert_msg(r.status == 3,
		      "Status reads 0x%x after ACK, DRIVER, DRIVER_OK without "
		      "FEATURES_OK: want 0x03 (DRIVER_OK refused)",
		      r.status);
	ck_assert_msg(r.dma_unnegotiated == 0,
		      "%llu DMA transactions with nothing negotiated",
		      (unsigned long long)r.dma_unnegotiated);
	ck_assert_uint_eq(r.frames_after, 3);
	tb_vq_done(&r.t);
}
END_TEST

/* ---------------------------------------------------------- legal rows */

struct legal_res {
	struct tb_vq t;	 /* the harness */
	unsigned frames; /* frames back intact */
	uint32_t status; /* Status afterwards */
};

static void legal_body(struct tb_vq *t)
{
	struct legal_res *r = tb_container_of(t, struct legal_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	/* every transmit buffer through a table whose descriptor has NEXT
	 * too; the checker reports that rule (2.7.5.3.1) on each */
	struct tb_vq_shape shape[2] = { [TB_VQ_TX] = {
						.force = true,
						.ind_flags = VRING_DESC_F_NEXT,
						.check = true,
					} };

	if (tb_vq_init(t))
		return;
	r->frames = tb_vq_raw_loop(t, &rng, 6, TB_VQ_NET_HDR, 300, 3, 1, shape);
	r->status = tb_vq_status(t);
}

START_TEST(test_e_indirect_with_next_is_legal_next_ignored)
{
	struct legal_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	/* the checker reports the rule (2.7.5.3.1) broken on purpose */
	tb_vq_run(&r.t, legal_body, "virtio.driver");
	ck_assert_uint_eq(r.frames, 6);
	ck_assert_uint_eq(r.status & NR, 0);
	ck_assert_uint_eq(sim_report_count_id(r.t.e->sim, "virtio.driver"), 6);
	tb_vq_done(&r.t);
}
END_TEST

/* Q5: WRITE on a descriptor that points to an indirect table is ignored;
 * zero-length descriptors are accepted (table E, legal rows). */
struct odd_res {
	struct tb_vq t;		     /* the harness */
	unsigned indirect_frames;    /* frames back through WRITE-flagged
				      * indirect descriptors */
	unsigned empty_piece_frames; /* frames back through buffers with
				      * zero-length pieces */
	uint32_t status;	     /* Status afterwards */
};

static void odd_body(struct tb_vq *t)
{
	struct odd_res *r = tb_container_of(t, struct odd_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	/* every transmit buffer through a table whose descriptor has WRITE */
	struct tb_vq_shape shape[2] = {
		[TB_VQ_TX] = { .force = true, .ind_flags = VRING_DESC_F_WRITE }
	};

	if (tb_vq_init(t))
		return;
	r->indirect_frames =
		tb_vq_raw_loop(t, &rng, 8, TB_VQ_NET_HDR, 300, 3, 2, shape);
	/* frames whose buffers have empty pieces on both queues, from the
	 * driver on fresh queues */
	if (tb_vq_init(t))
		return;
	for (unsigned n = 0; n < 6; n++) {
		struct scatterlist sg[4];
		struct tb_frame *rx = calloc(1, sizeof(*rx));
		struct tb_frame *tx = calloc(1, sizeof(*tx));
		uint32_t len = (uint32_t)sim_rng_range(&rng, 20, 400);
		uint32_t cut = (uint32_t)sim_rng_range(&rng, 1, len - 1);

		rx->len = tx->len = len;
		rx->addr = tb_vq_alloc(t, len, 1);
		tx->addr = tb_vq_alloc(t, len, 1);
		tx->seq = t->seq_tx++;
		tb_vq_fill_frame(t, tx->addr, len, tx->seq);
		sg_init_table(sg, 4);
		sg_set_buf(&sg[0], rx->addr, 0);
		sg_set_buf(&sg[1], rx->addr, cut);
		sg_set_buf(&sg[2], rx->addr + cut, 0);
		sg_set_buf(&sg[3], rx->addr + cut, len - cut);
		virtqueue_add_inbuf(t->vq[TB_VQ_RX], sg, 4, rx);
		virtqueue_kick(t->vq[TB_VQ_RX]);
		sg_init_table(sg, 3);
		sg_set_buf(&sg[0], tx->addr, cut);
		sg_set_buf(&sg[1], tx->addr + cut, 0);
		sg_set_buf(&sg[2], tx->addr + cut, len - cut);
		virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, 3, tx);
		virtqueue_kick(t->vq[TB_VQ_TX]);
		r->empty_piece_frames += tb_vq_recv_one(t, 400000);
	}
	r->status = tb_vq_status(t);
}

START_TEST(test_q5_write_flag_on_indirect_ignored_and_zero_length_descriptors)
{
	struct odd_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, odd_body, NULL);
	ck_assert_uint_eq(r.indirect_frames, 8);
	ck_assert_uint_eq(r.empty_piece_frames, 6);
	ck_assert_uint_eq(r.status & NR, 0);
	tb_vq_done(&r.t);
}
END_TEST

static void test_vq_malformed_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_e_avail_idx_more_than_size_ahead, 60);
	tb_add_seeded(r, test_e_head_index_out_of_range, 60);
	tb_add_seeded(r, test_e_next_index_out_of_range, 60);
	tb_add_seeded(r, test_e_descriptor_loop, 60);
	tb_add_seeded(r, test_e_indirect_table_length_zero, 60);
	tb_add_seeded(r, test_e_indirect_table_length_not_multiple_of_16, 60);
	tb_add_seeded(r, test_e_indirect_inside_indirect_table, 60);
	tb_add_seeded(r, test_e_indirect_next_out_of_range, 60);
	tb_add_seeded(r, test_e_indirect_table_loop, 60);
	tb_add_seeded(r, test_e_indirect_without_feature, 60);
	tb_add_seeded(r, test_e_readable_after_writable, 60);
	tb_add_seeded(r, test_e_dma_error_on_buffer_read, 60);
	tb_add_seeded(r, test_e_dma_error_on_descriptor_read, 60);
	tb_add_seeded(
		r,
		test_e_indirect_table_of_4g_looping_on_itself_bounded_by_queue_size,
		60);
	tb_add_seeded(r, test_e_indirect_chain_longer_than_queue_size, 60);
	tb_add_seeded(
		r,
		test_e_ring_and_indirect_parts_together_longer_than_queue_size,
		60);
	tb_add_seeded(
		r, test_e_chain_bound_found_within_queue_size_descriptor_reads,
		60);
	tb_add_seeded(r, test_e_buffer_address_plus_length_past_2_64, 60);
	tb_add_seeded(r, test_e_indirect_table_address_plus_length_past_2_64,
		      60);
	tb_add_seeded(r, test_s9_driver_ok_without_features_ok_is_refused, 60);
	tb_add_seeded(
		r,
		test_e_no_new_bus_request_after_needs_reset_under_slow_memory,
		60);
	tb_add_seeded(r, test_e_indirect_with_next_is_legal_next_ignored, 60);
	tb_add_seeded(
		r,
		test_q5_write_flag_on_indirect_ignored_and_zero_length_descriptors,
		60);
}

TB_TESTS(test_vq_malformed_register)
