/* SPDX-License-Identifier: MIT */
/*
 * test_console_storm.c - the reset storm on virtio-console (CONFORMANCE
 * R3, with S1, S2 and M7): device resets and QueueResets of either queue
 * at random cycles of the looped-back byte stream (rtl/vio_console.v, port
 * 0: receiveq queue 0, transmitq queue 1), on fast and slow memory.
 *
 * A device reset is Linux's (vm_reset): Status = 0 and straight on, no
 * polling; the register block holds the next access until the reset is
 * done (S1), so a reset that never completes shows up as that access
 * timing out. After every reset the next register access completes; after
 * a device reset there is no DMA until the queues are set up again, the
 * interrupt line is low and InterruptStatus reads 0 (S2); nothing is
 * published on a ring after its QueueReset (M7); a marker buffer sent after
 * every reset comes back whole.
 *
 * Byte k of transmit buffer g is storm_byte(g, k): the first byte names
 * the buffer, the others are a hash of (g, k), none is 0 (a zero is
 * padding). The bytes received are the bytes transmitted, each once and in
 * order, but for what a stop may take (docs/device-function.md, "When a
 * chain stops under you"), and nothing else:
 *
 * - a device reset resets the function and drops its FIFO: the stream
 *   since the previous device reset ends in a prefix of what was sent (the
 *   buffer cut comes back as its first bytes);
 * - a QueueReset of the transmit queue: a buffer whose read a stop cut
 *   short is dropped whole (its bytes are still in the FIFO when the cut is
 *   flagged), one not read at all never enters it, one read whole passes
 *   whole. So a buffer the old ring did not give back comes back whole or
 *   not at all; one it gave back, whole. The receive buffer taken for a
 *   dropped buffer's bytes may come back empty, before the marker;
 * - a QueueReset of the receive queue loses the bytes handed to the old
 *   ring's receive buffers that were never used, and the rest of the FIFO
 *   goes on into the new ring: one run of bytes may be missing, exactly
 *   where the bytes of the old ring's used buffers end, no longer than the
 *   old ring's unused receive buffers hold, within what was sent before
 *   the reset (a buffer it cuts comes back as a head and a tail).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define STORM_ITERS 350	   /* iterations per seed: >= 1 reset each */
#define STORM_MAX_K 8	   /* transmit buffers per iteration, at most */
#define STORM_TX_MAX 4096u /* vio_console BUF_BYTES: carried whole */
#define STORM_RX_MAX 6000u /* largest receive buffer posted */
#define STORM_RX_KEEP 3	   /* receive buffers kept posted, at least */
#define STORM_PIECES 4u	   /* most pieces of a buffer */
#define STORM_LOOK \
	16u		   /* bytes that tell where the stream goes on after
			   * a receive queue reset (a marker has as many) */
#define STORM_MARK_MAX 64u /* longest marker buffer */
#define STORM_WAIT 400000  /* cycles to wait for progress */
#define STORM_SLOW_LAT 50  /* slow iterations: memory latency 50+ */
#define STORM_POISON 0xee  /* receive buffers before the device writes */

enum storm_action {
	STORM_DEVICE,		  /* device reset */
	STORM_QRESET_RX,	  /* QueueReset of the receive queue */
	STORM_QRESET_TX,	  /* QueueReset of the transmit queue */
	STORM_QRESET_THEN_DEVICE, /* a QueueReset, traffic, a device reset */
	STORM_ACTIONS
};

/* A transmit buffer sent since the last device reset. */
struct storm_buf {
	uint32_t g;	  /* its number in the run: names its bytes */
	uint32_t len;	  /* bytes */
	uint32_t got;	  /* of them received */
	bool marker;	  /* sent after a reset: comes back whole */
	bool all_or_none; /* on the old ring at a transmit queue reset and
			   * not given back: whole or not at all */
};

/* Where a QueueReset of the receive queue may have taken a run of bytes. */
struct storm_hole {
	bool open;     /* the aligner has not passed it yet */
	uint64_t at;   /* received-stream offset: the old ring's used
			* buffers end here */
	unsigned end;  /* buffers sent before the reset: the run ends in
			* them */
	uint64_t room; /* bytes the old ring's unused receive buffers hold */
};

struct storm {
	struct tb_vq t; /* first: the body gets &t */
	struct sim_rng rng;
	struct axi_mem_cfg mem_fast; /* the run's memory timing */
	uint64_t used_writes;	     /* DUT writes into a used ring (tap) */
	uint64_t rx_elems;	     /* of those, receive used elements */

	/* the stream since the last device reset */
	struct storm_buf *b; /* transmit buffers, in the order sent */
	unsigned nb, cap_b;
	unsigned bi; /* the aligner: the buffer ... */
	uint32_t bk; /* ... and its byte expected next */
	uint8_t *rx; /* bytes received, not yet aligned */
	size_t nrx, ri, cap_rx;
	uint64_t rx_base; /* received-stream offset of rx[0] */
	struct storm_hole hole;
	bool empty_ok;	 /* a receive buffer may come back empty (a
			     * transmit queue reset's marker is not back) */
	uint32_t g_next; /* the next transmit buffer's number */

	/* the counts the test checks */
	unsigned iterations;
	unsigned slow_iterations;
	unsigned resets_device;	  /* device resets, all */
	unsigned resets_rx_queue; /* QueueReset of the receive queue */
	unsigned resets_tx_queue; /* QueueReset of the transmit queue */
	unsigned resets_queue_then_device; /* of those, followed by a device
					    * reset */
	unsigned resets_in_flight; /* resets that found bytes in flight */
	unsigned bufs_in_flight;   /* transmit buffers in flight at resets */
	unsigned bufs_sent;
	unsigned bufs_whole;   /* came back whole */
	unsigned bufs_cut;     /* came back in part */
	unsigned bufs_lost;    /* not at all */
	unsigned bufs_dropped; /* of those, dropped whole after a transmit
				* queue reset */
	unsigned markers_sent;
	unsigned markers_back;
	unsigned rx_empty; /* receive buffers back empty */
	unsigned holes;	   /* receive queue resets that took bytes */
	uint64_t bytes_sent;
	uint64_t bytes_back;
	uint64_t bytes_lost;
	bool stop; /* a check failed: the run ends */
};

static struct storm *storm_of(struct tb_vq *t)
{
	return (struct storm *)t;
}

static bool storm_fail(struct storm *s)
{
	s->stop = true;
	return false;
}

#define storm_check(s, cond, ...) \
	(tb_vq_check(&(s)->t, cond, __VA_ARGS__) ? true : storm_fail(s))

/* Byte k of transmit buffer g: the first names the buffer (g mod 255, plus
 * 1), the others are a hash of (g, k); never 0, so a zero is padding. */
static uint8_t storm_byte(uint32_t g, uint32_t k)
{
	uint32_t x = g * 2654435761u ^ (k + 1) * 2246822519u;

	if (k == 0)
		return (uint8_t)(g % 255 + 1);
	x ^= x >> 15;
	x *= 2246822507u;
	x ^= x >> 13;
	return (uint8_t)(x % 255 + 1);
}

/* Tap: count the device's writes into the current used rings, and the
 * receive used elements among them (a write that holds an element's first
 * byte): the moments around which the publisher's next write starts. */
static void storm_tap(void *ctx, const struct mem_access *a)
{
	struct storm *s = ctx;

	if (!a->write)
		return;
	for (unsigned q = 0; q < 2; q++) {
		struct virtqueue *vq = s->t.vm->vqs[q];
		uint64_t ring, first;

		if (!vq || a->addr < vq->used ||
		    a->addr >= vq->used + vring_used_bytes(vq->num))
			continue;
		s->used_writes++;
		ring = vq->used + 4; /* used->ring[0] (2.7.8) */
		if (q != TB_VQ_RX || a->addr + a->len <= ring)
			continue;
		first = a->addr <= ring ? ring
					: ring + (a->addr - ring + 7) / 8 * 8;
		if (first < a->addr + a->len && first < ring + 8ull * vq->num)
			s->rx_elems++;
	}
}

/* ------------------------------------------------------------ the stream */

/* The aligner leaves buffer bi: count how it came back. */
static void storm_close_buf(struct storm *s)
{
	struct storm_buf *b = &s->b[s->bi];

	if (b->got == b->len) {
		s->bufs_whole++;
		s->markers_back += b->marker;
	} else if (b->got) {
		s->bufs_cut++;
	} else {
		s->bufs_lost++;
		s->bufs_dropped += b->all_or_none;
	}
	s->bytes_lost += b->len - b->got;
	s->bi++;
	s->bk = 0;
}

/* Do the next n received bytes continue the stream at buffer i, byte k? */
static bool storm_stream_at(const struct storm *s, unsigned i, uint32_t k,
			    size_t n)
{
	for (size_t j = 0; j < n; j++) {
		if (i >= s->nb || s->rx[s->ri + j] != storm_byte(s->b[i].g, k))
			return false;
		if (++k == s->b[i].len) {
			i++;
			k = 0;
		}
	}
	return true;
}

/* For a report: what the received bytes at ri look like. */
static void storm_whence(const struct storm *s, char *out, size_t size)
{
	size_t n = s->nrx - s->ri < 8 ? s->nrx - s->ri : 8;

	for (unsigned i = 0; i < s->nb; i++)
		for (uint32_t k = 0; k < s->b[i].len; k++)
			if (storm_stream_at(s, i, k, n)) {
				snprintf(out, size,
					 "byte %u of buffer %u (%u bytes)", k,
					 s->b[i].g, s->b[i].len);
				return;
			}
	snprintf(out, size, "%s",
		 s->rx[s->ri] ? "no byte sent since the last device reset"
			      : "padding (no byte sent is 0)");
}

/* The aligner is where the old ring's used buffers end after a receive
 * queue reset: find where the stream goes on, within what was sent before
 * the reset; the bytes in between are lost. */
static bool storm_pass_hole(struct storm *s)
{
	size_t n = s->nrx - s->ri < STORM_LOOK ? s->nrx - s->ri : STORM_LOOK;
	unsigned i = s->bi;
	uint32_t k = s->bk;
	uint64_t d = 0;
	char what[96];

	while (!storm_stream_at(s, i, k, n)) {
		if (i >= s->hole.end) {
			storm_whence(s, what, sizeof(what));
			return storm_check(
				s, false,
				"after receive queue reset %u the stream goes "
				"on (offset %llu) with bytes that are none of "
				"those in flight at the reset: they look like "
				"%s",
				s->resets_rx_queue,
				(unsigned long long)(s->rx_base + s->ri), what);
		}
		d++;
		if (++k == s->b[i].len) {
			i++;
			k = 0;
		}
	}
	s->hole.open = false;
	if (!storm_check(s, d <= s->hole.room,
			 "receive queue reset %u lost %llu bytes, more than "
			 "the %llu the old ring's unused receive buffers hold",
			 s->resets_rx_queue, (unsigned long long)d,
			 (unsigned long long)s->hole.room))
		return false;
	s->holes += d > 0;
	while (s->bi != i || s->bk != k)
		if (++s->bk == s->b[s->bi].len)
			storm_close_buf(s);
	return true;
}

/* Match the bytes received against the bytes sent, as far as they go;
 * final: nothing more comes (a device reset), the stream may end here. */
static bool storm_align(struct storm *s, bool final)
{
	char what[96];

	while (s->ri < s->nrx) {
		struct storm_buf *b;

		if (s->hole.open && s->rx_base + s->ri == s->hole.at) {
			if (s->nrx - s->ri < STORM_LOOK && !final)
				break; /* wait for the bytes that tell */
			if (!storm_pass_hole(s))
				return false;
			continue;
		}
		if (!storm_check(s, s->bi < s->nb,
				 "%zu bytes came back beyond every byte sent "
				 "(the first 0x%02x)",
				 s->nrx - s->ri, s->rx[s->ri]))
			return false;
		b = &s->b[s->bi];
		if (s->bk == 0 && b->all_or_none &&
		    s->rx[s->ri] != storm_byte(b->g, 0)) {
			storm_close_buf(s); /* dropped whole */
			continue;
		}
		if (s->rx[s->ri] != storm_byte(b->g, s->bk)) {
			storm_whence(s, what, sizeof(what));
			return storm_check(
				s, false,
				"stream byte %llu is 0x%02x, want byte %u of "
				"buffer %u (%u bytes, 0x%02x): it looks like "
				"%s (lost without a reset, duplicated, out of "
				"order or corrupt)",
				(unsigned long long)(s->rx_base + s->ri),
				s->rx[s->ri], s->bk, b->g, b->len,
				storm_byte(b->g, s->bk), what);
		}
		s->ri++;
		s->bytes_back++;
		b->got++;
		if (++s->bk == b->len)
			storm_close_buf(s);
	}
	if (s->ri == s->nrx) {
		s->rx_base += s->nrx;
		s->nrx = s->ri = 0;
	}
	return true;
}

/* A receive buffer came back with used.len len: bytes past len untouched,
 * empty only after a transmit queue reset; its bytes join the stream. */
static bool storm_take(struct storm *s, struct tb_frame *f, uint32_t len)
{
	struct tb_vq *t = &s->t;
	uint8_t *b = malloc(f->len);
	bool ok;

	mem_read(t->e->mem, f->addr, b, f->len);
	ok = storm_check(s, len <= f->len,
			 "a receive buffer of %u bytes came back with used.len "
			 "%u",
			 f->len, len);
	if (ok && len == 0) {
		s->rx_empty++;
		ok = storm_check(s, s->empty_ok,
				 "a receive buffer came back empty with no "
				 "transmit queue reset before it");
	}
	for (uint32_t k = len; ok && k < f->len; k++)
		ok = storm_check(s, b[k] == STORM_POISON,
				 "receive buffer: byte %u past used.len %u was "
				 "written (0x%02x)",
				 k, len, b[k]);
	if (ok) {
		if (s->nrx + len > s->cap_rx) {
			s->cap_rx = 2 * (s->nrx + len);
			s->rx = realloc(s->rx, s->cap_rx);
		}
		memcpy(s->rx + s->nrx, b, len);
		s->nrx += len;
	}
	free(b);
	tb_vq_free_frame(t, f);
	return ok && storm_align(s, false);
}

/* ------------------------------------------------------------- buffers */

static unsigned storm_descs(const struct virtqueue *vq, unsigned pieces)
{
	if (vq->has_indirect && vq->indirect != VRING_INDIRECT_NEVER)
		return 1;
	return pieces;
}

/* A random size: mostly small, some up to max. */
static uint32_t storm_size(struct storm *s, uint32_t max)
{
	unsigned k = (unsigned)sim_rng_range(&s->rng, 0, 9);

	if (k < 3)
		return (uint32_t)sim_rng_range(&s->rng, 1, 16);
	if (k < 7)
		return (uint32_t)sim_rng_range(&s->rng, 1, max / 6);
	return (uint32_t)sim_rng_range(&s->rng, max / 6, max);
}

static unsigned storm_pieces(struct storm *s, uint32_t len)
{
	return (unsigned)sim_rng_range(&s->rng, 1,
				       len < STORM_PIECES ? len : STORM_PIECES);
}

/* Post n receive buffers of random sizes, and more until they hold room
 * bytes, as far as the ring has room. */
static bool storm_post_rx(struct storm *s, unsigned n, uint64_t room)
{
	struct tb_vq *t = &s->t;
	uint64_t posted = 0;

	while (n || posted < room) {
		uint32_t len = storm_size(s, STORM_RX_MAX);
		unsigned p = storm_pieces(s, len);

		if (virtqueue_num_free(t->vq[TB_VQ_RX]) <
		    storm_descs(t->vq[TB_VQ_RX], p))
			break; /* the ring is full of buffers already */
		if (!storm_check(s, tb_vq_post_rx(t, &s->rng, len, p) == 0,
				 "a receive buffer could not be posted"))
			return false;
		n -= n > 0;
		posted += len;
	}
	return true;
}

/* Take back the transmit buffers the device has finished with (2.7.8.2:
 * nothing written, used.len 0). */
static bool storm_reap_tx(struct storm *s, struct virtqueue *vq)
{
	struct tb_frame *f;
	uint32_t len;

	while ((f = virtqueue_get_buf(vq, &len))) {
		tb_vq_free_frame(&s->t, f);
		if (!storm_check(s, len == 0,
				 "a transmit buffer came back with used.len "
				 "%u instead of 0",
				 len))
			return false;
	}
	return true;
}

/* Take the receive buffers vq has used so far. */
static bool storm_take_all(struct storm *s, struct virtqueue *vq)
{
	struct tb_frame *f;
	uint32_t len;

	while (!s->stop && (f = virtqueue_get_buf(vq, &len)))
		storm_take(s, f, len);
	return !s->stop;
}

/* One round of the driver's work: the interrupt, the receive buffers that
 * came back, the transmit buffers, fresh receive buffers. */
static bool storm_service(struct storm *s)
{
	struct tb_vq *t = &s->t;

	if (irq_mon_level(t->e->irq)) {
		virtio_mmio_interrupt(t->vm);
		t->irqs++;
	}
	if (storm_take_all(s, t->vq[TB_VQ_RX]) &&
	    storm_reap_tx(s, t->vq[TB_VQ_TX]) &&
	    t->vq[TB_VQ_RX]->outstanding < STORM_RX_KEEP)
		storm_post_rx(s, STORM_RX_KEEP - t->vq[TB_VQ_RX]->outstanding,
			      0);
	return !s->stop;
}

/* Let the simulation run a little, waking up on an interrupt. */
static void storm_idle(struct storm *s)
{
	if (!irq_mon_level(s->t.e->irq))
		s->t.hw.wait_irq(s->t.hw.ctx, 64);
}

/* Transmit len bytes of buffer g_next in random pieces. */
static bool storm_send(struct storm *s, uint32_t len, bool marker)
{
	struct tb_vq *t = &s->t;
	unsigned n = storm_pieces(s, len);
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
	struct scatterlist sg[STORM_PIECES];
	struct tb_frame *f;
	uint8_t *bytes;
	int r;

	/* a full transmit ring empties as the stream goes through */
	while (virtqueue_num_free(t->vq[TB_VQ_TX]) <
	       storm_descs(t->vq[TB_VQ_TX], n)) {
		if (!storm_service(s))
			return false;
		if (virtqueue_num_free(t->vq[TB_VQ_TX]) >=
		    storm_descs(t->vq[TB_VQ_TX], n))
			break;
		if (!storm_check(s, sim_clock_cycles(t->e->clk) < end,
				 "the transmit ring had no room for buffer %u "
				 "within %u cycles",
				 s->g_next, STORM_WAIT))
			return false;
		storm_idle(s);
	}
	if (s->nb == s->cap_b) {
		s->cap_b = s->cap_b ? 2 * s->cap_b : 256;
		s->b = realloc(s->b, s->cap_b * sizeof(*s->b));
	}
	f = calloc(1, sizeof(*f));
	f->len = len;
	f->seq = s->nb;
	f->addr = tb_vq_alloc(t, len, 1);
	bytes = malloc(len);
	for (uint32_t k = 0; k < len; k++)
		bytes[k] = storm_byte(s->g_next, k);
	mem_write(t->e->mem, f->addr, bytes, len);
	free(bytes);
	tb_vq_split(t, &s->rng, f->addr, len, n, sg);
	r = virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, n, f);
	if (!storm_check(s, r == 0, "transmit buffer %u could not be added: %d",
			 s->g_next, r)) {
		tb_vq_free_frame(t, f);
		return false;
	}
	s->b[s->nb++] = (struct storm_buf){ .g = s->g_next++,
					    .len = len,
					    .marker = marker };
	s->bufs_sent++;
	s->bytes_sent += len;
	virtqueue_kick(t->vq[TB_VQ_TX]);
	return true;
}

/* Every buffer still posted on vq goes back to the pool; a transmit
 * buffer's bytes (mark) then come back whole or not at all. */
static uint64_t storm_detach_all(struct storm *s, struct virtqueue *vq,
				 bool mark)
{
	struct tb_frame *f;
	uint64_t bytes = 0;

	while ((f = virtqueue_detach_unused_buf(vq))) {
		if (mark && f->seq >= s->bi && f->seq < s->nb)
			s->b[f->seq].all_or_none = true;
		bytes += f->len;
		tb_vq_free_frame(&s->t, f);
	}
	return bytes;
}

/* -------------------------------------------------------------- resets */

/* A reset is made now: count the transmit buffers not all back (after
 * taking what the device has already published). */
static bool storm_in_flight(struct storm *s)
{
	unsigned n;

	if (!storm_take_all(s, s->t.vq[TB_VQ_RX]))
		return false;
	n = s->nb - s->bi;
	s->bufs_in_flight += n;
	s->resets_in_flight += n > 0;
	return true;
}

/* The access after a reset completes (S1): Status reads 0 after a device
 * reset; after a queue reset, QueueReset and QueueReady of that queue read
 * 0 (M7). */
static bool storm_access_completes(struct storm *s, int q, const char *what)
{
	struct virtio_mmio_device *vm = s->t.vm;
	uint32_t v = ~0u, rdy = ~0u;
	int r;

	if (q < 0) {
		r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_STATUS, &v);
		rdy = 0;
	} else {
		r = virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_SEL,
					  (uint32_t)q, 0xf);
		if (r == AXI_OKAY)
			r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_RESET,
						 &v);
		if (r == AXI_OKAY)
			r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_READY,
						 &rdy);
	}
	if (!storm_check(s, r == AXI_OKAY,
			 "the register access after %s did not complete "
			 "(%d): the reset wedged",
			 what, r))
		return false;
	return storm_check(s, v == 0 && rdy == 0,
			   "after %s the device reads %s 0x%x (ready %u), "
			   "not 0",
			   what, q < 0 ? "Status" : "QueueReset", v, rdy);
}

static bool storm_device_reset(struct storm *s)
{
	struct tb_vq *t = &s->t;
	static const uint64_t features[] = {
		0, /* everything offered */
		~(1ull << VIRTIO_RING_F_EVENT_IDX),
		~(1ull << VIRTIO_RING_F_INDIRECT_DESC),
	};
	static const unsigned sizes[] = { 16, 64, 256 };
	uint32_t isr = ~0u;
	uint64_t dma0, dma1;

	if (!storm_in_flight(s))
		return false;
	s->resets_device++;
	/* Linux's vm_reset: write 0 and go on, no poll */
	virtio_reset_device(&t->vm->vdev);
	if (!storm_access_completes(s, -1, "a device reset"))
		return false;
	/* S2: from the reset's completion until the queues are set up again
	 * the device touches no memory and sends no interrupt */
	dma0 = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 200, 1500));
	dma1 = tb_vq_dma_count(t);
	if (!storm_check(s, dma1 == dma0,
			 "the device made %llu DMA transactions after device "
			 "reset %u completed",
			 (unsigned long long)(dma1 - dma0), s->resets_device))
		return false;
	if (!storm_check(s, !irq_mon_level(t->e->irq),
			 "the interrupt line is high after device reset %u",
			 s->resets_device))
		return false;
	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &isr);
	if (!storm_check(s, isr == 0,
			 "InterruptStatus reads 0x%x after device reset %u",
			 isr, s->resets_device))
		return false;
	/* what was published before the reset is good, and the stream ends
	 * there: a prefix of what was sent */
	if (!storm_take_all(s, t->vq[TB_VQ_RX]) ||
	    !storm_reap_tx(s, t->vq[TB_VQ_TX]) || !storm_align(s, true))
		return false;
	while (s->bi < s->nb)
		storm_close_buf(s);
	storm_detach_all(s, t->vq[TB_VQ_RX], false);
	storm_detach_all(s, t->vq[TB_VQ_TX], false);
	t->features = features[sim_rng_range(&s->rng, 0, 2)];
	t->num[TB_VQ_RX] = sizes[sim_rng_range(&s->rng, 0, 2)];
	t->num[TB_VQ_TX] = sizes[sim_rng_range(&s->rng, 0, 2)];
	if (!storm_check(s, tb_vq_init(t) == 0,
			 "the device could not be set up again after device "
			 "reset %u",
			 s->resets_device))
		return false;
	/* a new stream */
	s->nb = s->bi = s->bk = 0;
	s->nrx = s->ri = 0;
	s->rx_base = 0;
	s->hole.open = false;
	s->empty_ok = false;
	return true;
}

static bool storm_queue_reset(struct storm *s, unsigned q)
{
	struct tb_vq *t = &s->t;
	struct virtio_mmio_device *vm = t->vm;
	static const unsigned sizes[] = { 16, 64, 256 };
	const char *what = q == TB_VQ_RX ? "a receive queue reset"
					 : "a transmit queue reset";
	struct virtqueue *old;
	uint64_t room;
	uint32_t len;

	if (!storm_in_flight(s))
		return false;
	if (q == TB_VQ_RX)
		s->resets_rx_queue++;
	else
		s->resets_tx_queue++;
	if (!storm_check(s, virtio_mmio_reset_queue(vm, q) == 0,
			 "%s did not complete", what))
		return false;
	if (!storm_access_completes(s, (int)q, what))
		return false;
	old = vm->vqs[q];
	/* what was published before the reset is good */
	if (q == TB_VQ_RX ? !storm_take_all(s, old) : !storm_reap_tx(s, old))
		return false;
	/* M7: nothing is published on the old ring any more */
	sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 100, 1000));
	if (!storm_check(s, !virtqueue_get_buf(old, &len),
			 "a used element appeared on the old ring after %s",
			 what))
		return false;
	room = storm_detach_all(s, old, q == TB_VQ_TX);
	if (q == TB_VQ_RX)
		s->hole = (struct storm_hole){ .open = true,
					       .at = s->rx_base + s->nrx,
					       .end = s->nb,
					       .room = room };
	else
		s->empty_ok = true;
	vring_del_virtqueue(old);
	vm->vqs[q] = NULL;
	t->num[q] = sizes[sim_rng_range(&s->rng, 0, 2)];
	return storm_check(s,
			   virtio_mmio_setup_vq(vm, q, t->num[q], t->pool, NULL,
						q == TB_VQ_RX ? "rx" : "tx",
						&t->vq[q]) == 0,
			   "the queue could not be set up again after %s",
			   what);
}

/* ---------------------------------------------------------------- storm */

/* Memory timing of one iteration: the run's random one, or slow. */
static void storm_memory(struct storm *s)
{
	struct axi_mem_cfg *mc = axi_mem_cfg(s->t.e->axim);

	if (sim_rng_chance(&s->rng, 250)) {
		s->slow_iterations++;
		mc->rd_lat_min = STORM_SLOW_LAT;
		mc->rd_lat_max = (unsigned)sim_rng_range(
			&s->rng, STORM_SLOW_LAT, 2 * STORM_SLOW_LAT);
		mc->wr_lat_min = STORM_SLOW_LAT;
		mc->wr_lat_max = (unsigned)sim_rng_range(
			&s->rng, STORM_SLOW_LAT, 2 * STORM_SLOW_LAT);
	} else {
		mc->rd_lat_min = s->mem_fast.rd_lat_min;
		mc->rd_lat_max = s->mem_fast.rd_lat_max;
		mc->wr_lat_min = s->mem_fast.wr_lat_min;
		mc->wr_lat_max = s->mem_fast.wr_lat_max;
	}
}

/* Wait until a random cycle of the way of k buffers (bytes in all)
 * through the device: anywhere in it; a few cycles after a write into a
 * used ring; or just after the device's writes were all answered once a
 * given receive element is out, the cycles in which the publisher starts
 * the used index write that may be its last before the device goes
 * quiet. */
static void storm_wait_random_cycle(struct storm *s, unsigned k, uint64_t bytes)
{
	struct tb_vq *t = &s->t;
	bool slow = axi_mem_cfg(t->e->axim)->rd_lat_min >= STORM_SLOW_LAT;
	uint64_t span = (k * 400 + bytes / 2) * (slow ? 3 : 1);
	uint64_t end = sim_clock_cycles(t->e->clk) + 2 * span;
	unsigned mode = (unsigned)sim_rng_range(&s->rng, 0, 9);

	if (mode < 2) {
		/* anywhere in the traffic */
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, span));
	} else if (mode < 4) {
		/* a little after the device wrote a used ring */
		uint64_t target =
			s->used_writes + sim_rng_range(&s->rng, 1, 2 * k);

		while (s->used_writes < target &&
		       sim_clock_cycles(t->e->clk) < end)
			sim_wait_cycles(t->e->sim, 1);
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, 48));
	} else {
		/* right after every write of the device was answered, once
		 * the m-th receive element is written: the moment the device
		 * publishes it, and may then go quiet */
		uint64_t elems = s->rx_elems + sim_rng_range(&s->rng, 1, k);
		struct axi_mem_stats st;

		while (sim_clock_cycles(t->e->clk) < end) {
			sim_wait_cycles(t->e->sim, 1);
			axi_mem_stats(t->e->axim, &st);
			if (s->rx_elems >= elems && st.b == st.aw)
				break;
		}
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, 3));
	}
}

/* k transmit buffers of random sizes, and receive buffers before them:
 * a few, or (half the time) room for every byte. The bytes sent. */
static uint64_t storm_traffic(struct storm *s, unsigned k)
{
	uint32_t lens[STORM_MAX_K];
	uint64_t bytes = 0;

	for (unsigned i = 0; i < k; i++) {
		lens[i] = storm_size(s, STORM_TX_MAX);
		bytes += lens[i];
	}
	if (!storm_post_rx(s, (unsigned)sim_rng_range(&s->rng, 1, 4),
			   sim_rng_chance(&s->rng, 500) ? bytes : 0))
		return 0;
	for (unsigned i = 0; i < k; i++)
		if (!storm_send(s, lens[i], false))
			return 0;
	return bytes;
}

/* Traffic resumes after a reset: a marker buffer always comes back whole,
 * and with it everything sent before is settled. */
static bool storm_marker(struct storm *s)
{
	struct tb_vq *t = &s->t;
	unsigned m = s->nb;
	uint64_t end, got;

	if (!storm_send(s,
			(uint32_t)sim_rng_range(&s->rng, STORM_LOOK,
						STORM_MARK_MAX),
			true))
		return false;
	s->markers_sent++;
	end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
	got = s->bytes_back;
	while (s->bi <= m) {
		if (!storm_service(s))
			return false;
		if (s->bi > m)
			break;
		if (s->bytes_back != got) { /* progress: a new deadline */
			got = s->bytes_back;
			end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
		}
		if (!storm_check(s, sim_clock_cycles(t->e->clk) < end,
				 "the marker (buffer %u) after a reset did not "
				 "come back within %u cycles: the stream stands "
				 "at byte %u of buffer %u with %zu bytes "
				 "received beyond (receive queue reset pending "
				 "at offset %llu: %s), %u receive and %u "
				 "transmit buffers posted",
				 s->b[m].g, STORM_WAIT, s->bk, s->b[s->bi].g,
				 s->nrx - s->ri, (unsigned long long)s->hole.at,
				 s->hole.open ? "yes" : "no",
				 t->vq[TB_VQ_RX]->outstanding,
				 t->vq[TB_VQ_TX]->outstanding))
			return false;
		storm_idle(s);
	}
	s->empty_ok = false;
	return true;
}

static void storm_body(struct tb_vq *t)
{
	struct storm *s = storm_of(t);

	s->rng = sim_rng(t->e->sim, "storm");
	s->mem_fast = *axi_mem_cfg(t->e->axim);
	t->num[TB_VQ_RX] = t->num[TB_VQ_TX] = 64;
	if (tb_vq_init(t))
		return;
	mem_tap_add(t->e->mem, storm_tap, s);
	for (unsigned it = 0; it < STORM_ITERS && !s->stop; it++) {
		enum storm_action a = (enum storm_action)sim_rng_range(
			&s->rng, 0, STORM_ACTIONS - 1);
		unsigned k = (unsigned)sim_rng_range(&s->rng, 1, STORM_MAX_K);
		uint64_t bytes;

		storm_memory(s);
		bytes = storm_traffic(s, k);
		if (s->stop)
			break;
		storm_wait_random_cycle(s, k, bytes);
		switch (a) {
		case STORM_DEVICE: storm_device_reset(s); break;
		case STORM_QRESET_RX:
		case STORM_QRESET_TX:
			storm_queue_reset(s, a == STORM_QRESET_RX ? TB_VQ_RX
								  : TB_VQ_TX);
			break;
		default:
			/* a queue reset, traffic on the new ring, later a
			 * device reset at a random cycle */
			s->resets_queue_then_device++;
			if (!storm_queue_reset(s, (unsigned)sim_rng_range(
							  &s->rng, 0, 1)) ||
			    !storm_marker(s))
				break;
			k = (unsigned)sim_rng_range(&s->rng, 1, STORM_MAX_K);
			bytes = storm_traffic(s, k);
			if (s->stop)
				break;
			storm_wait_random_cycle(s, k, bytes);
			storm_device_reset(s);
			break;
		}
		if (s->stop || !storm_marker(s))
			break;
		storm_reap_tx(s, t->vq[TB_VQ_TX]);
		s->iterations++;
	}
	mem_tap_remove(t->e->mem, storm_tap, s);
	if (s->stop)
		return;
	tb_vq_check(t, s->iterations == STORM_ITERS,
		    "only %u of %u iterations ran", s->iterations, STORM_ITERS);
	tb_vq_check(t, s->markers_back == s->markers_sent,
		    "only %u of %u markers came back whole after their resets",
		    s->markers_back, s->markers_sent);
	tb_vq_check(t,
		    s->bufs_whole + s->bufs_cut + s->bufs_lost == s->bufs_sent,
		    "%u transmit buffers were sent, but %u came back whole, "
		    "%u in part and %u not at all",
		    s->bufs_sent, s->bufs_whole, s->bufs_cut, s->bufs_lost);
	tb_vq_check(t, s->bufs_cut + s->bufs_lost <= s->bufs_in_flight,
		    "%u transmit buffers came back in part or not at all, but "
		    "only %u were in flight at a reset",
		    s->bufs_cut + s->bufs_lost, s->bufs_in_flight);
	tb_vq_check(t, s->bytes_back + s->bytes_lost == s->bytes_sent,
		    "%llu bytes were sent, but %llu came back and %llu were "
		    "lost",
		    (unsigned long long)s->bytes_sent,
		    (unsigned long long)s->bytes_back,
		    (unsigned long long)s->bytes_lost);
	/* the receive buffer taken for a dropped buffer's bytes */
	tb_vq_check(t, s->rx_empty <= s->bufs_dropped,
		    "%u receive buffers came back empty, but only %u transmit "
		    "buffers were dropped",
		    s->rx_empty, s->bufs_dropped);
}

START_TEST(test_r3_console_reset_storm_device_and_queue_resets_during_stream)
{
	struct storm s = { 0 };
	unsigned resets;

	tb_vq_cfg(_i, &s.t);
	s.t.max_cycles = 200000000;
	tb_vq_run(&s.t, storm_body, NULL);
	free(s.b);
	free(s.rx);
	tb_env_assert_clean(s.t.e); /* a wedge: the access timed out */
	resets = s.resets_device + s.resets_rx_queue + s.resets_tx_queue;
	printf("console storm: seed 0x%llx: %u resets (device %u, receive "
	       "queue %u, transmit queue %u, queue then device %u; %u with "
	       "bytes in flight), %u iterations (%u on slow memory), "
	       "transmit buffers sent %u (markers %u), back whole %u, in "
	       "part %u, lost %u (dropped whole %u), bytes sent %llu, back "
	       "%llu, lost %llu (receive queue resets that took bytes %u), "
	       "empty receive buffers %u\n",
	       (unsigned long long)tb_seed(_i), resets, s.resets_device,
	       s.resets_rx_queue, s.resets_tx_queue, s.resets_queue_then_device,
	       s.resets_in_flight, s.iterations, s.slow_iterations, s.bufs_sent,
	       s.markers_sent, s.bufs_whole, s.bufs_cut, s.bufs_lost,
	       s.bufs_dropped, (unsigned long long)s.bytes_sent,
	       (unsigned long long)s.bytes_back,
	       (unsigned long long)s.bytes_lost, s.holes, s.rx_empty);
	fflush(stdout);
	ck_assert_msg(!s.stop, "the storm stopped in iteration %u of %u",
		      s.iterations, STORM_ITERS);
	ck_assert_msg(resets >= 100, "the storm made %u resets, fewer than 100",
		      resets);
	ck_assert_msg(s.resets_device > 0 && s.resets_rx_queue > 0 &&
			      s.resets_tx_queue > 0 &&
			      s.resets_queue_then_device > 0,
		      "not every kind of reset ran: %u device, %u receive "
		      "queue, %u transmit queue, %u queue then device",
		      s.resets_device, s.resets_rx_queue, s.resets_tx_queue,
		      s.resets_queue_then_device);
	ck_assert_msg(s.slow_iterations > 0, "no iteration ran on slow memory");
	ck_assert_msg(s.resets_in_flight > 0 && s.bufs_cut + s.bufs_lost > 0,
		      "no reset hit bytes in flight (%u resets found some, "
		      "%u buffers cut, %u lost)",
		      s.resets_in_flight, s.bufs_cut, s.bufs_lost);
	tb_vq_done(&s.t);
}
END_TEST

static void test_console_storm_register(struct tb_registry *r)
{
	tb_add_seeded(
		r,
		test_r3_console_reset_storm_device_and_queue_resets_during_stream,
		120);
}

TB_TESTS(test_console_storm_register)
