/* SPDX-License-Identifier: MIT */
/*
 * test_console_storm.c - the reset storm on virtio-console (CONFORMANCE
 * R3, with S1, S2 and M7): device resets and QueueResets of either queue
 * at random cycles of the looped-back byte stream (rtl/vio_console.v, port
 * 0: receiveq queue 0, transmitq queue 1), on fast and slow memory.
 *
 * The storm itself (tb_storm.h) makes the resets and checks what each must
 * do: after every reset the next register access completes; after a
 * device reset there is no DMA until the queues are set up again, the
 * interrupt line is low and InterruptStatus reads 0 (S2); nothing is
 * published on a ring after its QueueReset (M7). Here: a marker buffer
 * sent after every reset comes back whole.
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

#include "tb_storm.h"
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
#define STORM_POISON 0xee  /* receive buffers before the device writes */

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
	struct tb_storm st; /* the storm, with the harness */

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
};

static struct storm *storm_of(struct tb_storm *st)
{
	return tb_container_of(st, struct storm, st);
}

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
			return tb_storm_check(
				&s->st, false,
				"after receive queue reset %u the stream goes "
				"on (offset %llu) with bytes that are none of "
				"those in flight at the reset: they look like "
				"%s",
				s->st.resets_queue[TB_VQ_RX],
				(unsigned long long)(s->rx_base + s->ri), what);
		}
		d++;
		if (++k == s->b[i].len) {
			i++;
			k = 0;
		}
	}
	s->hole.open = false;
	if (!tb_storm_check(
		    &s->st, d <= s->hole.room,
		    "receive queue reset %u lost %llu bytes, more than "
		    "the %llu the old ring's unused receive buffers hold",
		    s->st.resets_queue[TB_VQ_RX], (unsigned long long)d,
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
		if (!tb_storm_check(&s->st, s->bi < s->nb,
				    "%zu bytes came back beyond every byte "
				    "sent (the first 0x%02x)",
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
			return tb_storm_check(
				&s->st, false,
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
static bool storm_receive(struct storm *s, struct tb_frame *f, uint32_t len)
{
	struct tb_vq *t = &s->st.t;
	uint8_t *b = malloc(f->len);
	bool ok;

	mem_read(t->e->mem, f->addr, b, f->len);
	ok = tb_storm_check(
		&s->st, len <= f->len,
		"a receive buffer of %u bytes came back with used.len "
		"%u",
		f->len, len);
	if (ok && len == 0) {
		s->rx_empty++;
		ok = tb_storm_check(&s->st, s->empty_ok,
				    "a receive buffer came back empty with no "
				    "transmit queue reset before it");
	}
	for (uint32_t k = len; ok && k < f->len; k++)
		ok = tb_storm_check(
			&s->st, b[k] == STORM_POISON,
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

/* A random size: mostly small, some up to max. */
static uint32_t storm_size(struct storm *s, uint32_t max)
{
	unsigned k = (unsigned)sim_rng_range(&s->st.rng, 0, 9);

	if (k < 3)
		return (uint32_t)sim_rng_range(&s->st.rng, 1, 16);
	if (k < 7)
		return (uint32_t)sim_rng_range(&s->st.rng, 1, max / 6);
	return (uint32_t)sim_rng_range(&s->st.rng, max / 6, max);
}

static unsigned storm_pieces(struct storm *s, uint32_t len)
{
	return (unsigned)sim_rng_range(&s->st.rng, 1,
				       len < STORM_PIECES ? len : STORM_PIECES);
}

/* Post n receive buffers of random sizes, and more until they hold room
 * bytes, as far as the ring has room. */
static bool storm_post_rx(struct storm *s, unsigned n, uint64_t room)
{
	struct tb_vq *t = &s->st.t;
	uint64_t posted = 0;

	while (n || posted < room) {
		uint32_t len = storm_size(s, STORM_RX_MAX);
		unsigned p = storm_pieces(s, len);

		if (virtqueue_num_free(t->vq[TB_VQ_RX]) <
		    tb_storm_descs(t->vq[TB_VQ_RX], p))
			break; /* the ring is full of buffers already */
		if (!tb_storm_check(&s->st,
				    tb_vq_post_rx(t, &s->st.rng, len, p) == 0,
				    "a receive buffer could not be posted"))
			return false;
		n -= n > 0;
		posted += len;
	}
	return true;
}

/* A used element of queue q came back: a receive buffer, whose bytes join
 * the stream, or a transmit buffer done with. */
static bool storm_take(struct tb_storm *st, unsigned q, void *token,
		       uint32_t len)
{
	if (q == TB_VQ_TX)
		return tb_storm_take_tx(st, token, len);
	return storm_receive(storm_of(st), token, len);
}

/* One round of the driver's work: the interrupt, the receive buffers that
 * came back, the transmit buffers, fresh receive buffers. */
static bool storm_service(struct storm *s)
{
	struct tb_vq *t = &s->st.t;

	tb_storm_interrupt(&s->st);
	if (tb_storm_reap(&s->st, TB_VQ_RX) &&
	    tb_storm_reap(&s->st, TB_VQ_TX) &&
	    t->vq[TB_VQ_RX]->outstanding < STORM_RX_KEEP)
		storm_post_rx(s, STORM_RX_KEEP - t->vq[TB_VQ_RX]->outstanding,
			      0);
	return !s->st.stop;
}

/* Transmit len bytes of buffer g_next in random pieces. */
static bool storm_send(struct storm *s, uint32_t len, bool marker)
{
	struct tb_vq *t = &s->st.t;
	unsigned n = storm_pieces(s, len);
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
	struct scatterlist sg[STORM_PIECES];
	struct tb_frame *f;
	uint8_t *bytes;
	int r;

	/* a full transmit ring empties as the stream goes through */
	while (virtqueue_num_free(t->vq[TB_VQ_TX]) <
	       tb_storm_descs(t->vq[TB_VQ_TX], n)) {
		if (!storm_service(s))
			return false;
		if (virtqueue_num_free(t->vq[TB_VQ_TX]) >=
		    tb_storm_descs(t->vq[TB_VQ_TX], n))
			break;
		if (!tb_storm_check(
			    &s->st, sim_clock_cycles(t->e->clk) < end,
			    "the transmit ring had no room for buffer %u "
			    "within %u cycles",
			    s->g_next, STORM_WAIT))
			return false;
		tb_storm_idle(&s->st);
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
	tb_vq_split(t, &s->st.rng, f->addr, len, n, sg);
	r = virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, n, f);
	if (!tb_storm_check(&s->st, r == 0,
			    "transmit buffer %u could not be added: %d",
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
		tb_vq_free_frame(&s->st.t, f);
	}
	return bytes;
}

/* -------------------------------------------------------------- resets */

/* A reset is made now: count the transmit buffers not all back (after
 * taking what the device has already published). */
static bool storm_in_flight(struct storm *s)
{
	unsigned n;

	if (!tb_storm_reap(&s->st, TB_VQ_RX))
		return false;
	n = s->nb - s->bi;
	s->bufs_in_flight += n;
	s->resets_in_flight += n > 0;
	return true;
}

static bool storm_device_reset(struct tb_storm *st)
{
	struct storm *s = storm_of(st);
	struct tb_vq *t = &st->t;

	if (!storm_in_flight(s) || !tb_storm_device_reset(st))
		return false;
	/* what was published before the reset is good, and the stream ends
	 * there: a prefix of what was sent */
	if (!storm_align(s, true))
		return false;
	while (s->bi < s->nb)
		storm_close_buf(s);
	storm_detach_all(s, t->vq[TB_VQ_RX], false);
	storm_detach_all(s, t->vq[TB_VQ_TX], false);
	if (!tb_storm_setup_again(st))
		return false;
	/* a new stream */
	s->nb = s->bi = s->bk = 0;
	s->nrx = s->ri = 0;
	s->rx_base = 0;
	s->hole.open = false;
	s->empty_ok = false;
	return true;
}

static bool storm_queue_reset(struct tb_storm *st, unsigned q)
{
	struct storm *s = storm_of(st);
	struct virtqueue *old;
	uint64_t room;

	if (!storm_in_flight(s))
		return false;
	old = tb_storm_queue_reset(st, q);
	if (!old)
		return false;
	room = storm_detach_all(s, old, q == TB_VQ_TX);
	if (q == TB_VQ_RX)
		s->hole = (struct storm_hole){ .open = true,
					       .at = s->rx_base + s->nrx,
					       .end = s->nb,
					       .room = room };
	else
		s->empty_ok = true;
	return tb_storm_new_ring(st, q);
}

/* ---------------------------------------------------------------- storm */

/* k transmit buffers of random sizes, and receive buffers before them:
 * a few, or (half the time) room for every byte. On the way through the
 * device: 400 cycles a buffer, and half a cycle a byte. */
static bool storm_buffers(struct tb_storm *st, struct tb_storm_batch *b)
{
	struct storm *s = storm_of(st);
	uint32_t lens[STORM_MAX_K];

	for (unsigned i = 0; i < b->k; i++) {
		lens[i] = storm_size(s, STORM_TX_MAX);
		b->data += lens[i];
	}
	b->span = 400ull * b->k + b->data / 2;
	if (!storm_post_rx(s, (unsigned)sim_rng_range(&st->rng, 1, 4),
			   sim_rng_chance(&st->rng, 500) ? b->data : 0))
		return false;
	for (unsigned i = 0; i < b->k; i++)
		if (!storm_send(s, lens[i], false))
			return false;
	return true;
}

/* Traffic resumes after a reset: a marker buffer always comes back whole,
 * and with it everything sent before is settled. */
static bool storm_marker(struct tb_storm *st)
{
	struct storm *s = storm_of(st);
	struct tb_vq *t = &st->t;
	unsigned m = s->nb;
	uint64_t end, got;

	if (!storm_send(s,
			(uint32_t)sim_rng_range(&s->st.rng, STORM_LOOK,
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
		if (!tb_storm_check(
			    &s->st, sim_clock_cycles(t->e->clk) < end,
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
		tb_storm_idle(&s->st);
	}
	s->empty_ok = false;
	return true;
}

/* After a run that did not stop: every byte transmitted came back or was
 * lost to a reset. */
static void storm_count_bytes(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	tb_storm_check(
		st, s->markers_back == s->markers_sent,
		"only %u of %u markers came back whole after their resets",
		s->markers_back, s->markers_sent);
	tb_storm_check(
		st, s->bufs_whole + s->bufs_cut + s->bufs_lost == s->bufs_sent,
		"%u transmit buffers were sent, but %u came back whole, "
		"%u in part and %u not at all",
		s->bufs_sent, s->bufs_whole, s->bufs_cut, s->bufs_lost);
	tb_storm_check(
		st, s->bufs_cut + s->bufs_lost <= s->bufs_in_flight,
		"%u transmit buffers came back in part or not at all, but "
		"only %u were in flight at a reset",
		s->bufs_cut + s->bufs_lost, s->bufs_in_flight);
	tb_storm_check(st, s->bytes_back + s->bytes_lost == s->bytes_sent,
		       "%llu bytes were sent, but %llu came back and %llu were "
		       "lost",
		       (unsigned long long)s->bytes_sent,
		       (unsigned long long)s->bytes_back,
		       (unsigned long long)s->bytes_lost);
	/* the receive buffer taken for a dropped buffer's bytes */
	tb_storm_check(
		st, s->rx_empty <= s->bufs_dropped,
		"%u receive buffers came back empty, but only %u transmit "
		"buffers were dropped",
		s->rx_empty, s->bufs_dropped);
}

static const struct tb_storm_ops storm_ops = {
	.iters = STORM_ITERS,
	.max_k = STORM_MAX_K,
	.traffic = storm_buffers,
	.device_reset = storm_device_reset,
	.queue_reset = storm_queue_reset,
	.marker = storm_marker,
	.take = storm_take,
	.finish = storm_count_bytes,
};

START_TEST(test_r3_console_reset_storm_device_and_queue_resets_during_stream)
{
	struct storm s = { 0 };

	tb_storm_test(_i, &s.st, &storm_ops);
	free(s.b);
	free(s.rx);
	tb_storm_summary(&s.st, "console storm",
			 "%u resets with bytes in flight, transmit buffers "
			 "sent %u (markers %u), back whole %u, in part %u, "
			 "lost %u (dropped whole %u), bytes sent %llu, back "
			 "%llu, lost %llu (receive queue resets that took "
			 "bytes %u), empty receive buffers %u",
			 s.resets_in_flight, s.bufs_sent, s.markers_sent,
			 s.bufs_whole, s.bufs_cut, s.bufs_lost, s.bufs_dropped,
			 (unsigned long long)s.bytes_sent,
			 (unsigned long long)s.bytes_back,
			 (unsigned long long)s.bytes_lost, s.holes, s.rx_empty);
	tb_storm_assert(&s.st);
	ck_assert_msg(s.resets_in_flight > 0 && s.bufs_cut + s.bufs_lost > 0,
		      "no reset hit bytes in flight (%u resets found some, "
		      "%u buffers cut, %u lost)",
		      s.resets_in_flight, s.bufs_cut, s.bufs_lost);
	tb_vq_done(&s.st.t);
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
