/* SPDX-License-Identifier: MIT */
/*
 * test_blk_storm.c - the reset storm of virtio-blk (CONFORMANCE R3, with
 * S1, S2 and M7): device resets and QueueResets of the request queue at
 * random cycles of random requests to the RAM disk, checked against a C
 * shadow of the disk; and a QueueReset swept across the data read of one
 * write.
 *
 * The storm itself (tb_storm.h) makes the resets and checks what each must
 * do: after every reset the next register access completes and reads 0
 * (Status, or QueueReset and QueueReady of the queue); after a device
 * reset there is no DMA until the queue is set up again, the interrupt
 * line is low and InterruptStatus reads 0 (S2); after a QueueReset nothing
 * more is published on the old ring (M7). Here: traffic resumes, a marker
 * write and its read back complete after every reset.
 *
 * Every request that comes back comes back once, with the whole writable
 * part as used.len (Q7) and status OK; a read returns what the shadow says
 * the disk holds. A request cut by a reset never comes back, and a write
 * cut by one may have reached the disk wholly, in part or not at all: the
 * shadow keeps, for each byte of the disk, the set of values it may hold,
 * which a cut write widens by its own byte and a completed write or read
 * narrows to one value again. Data written is never 0x00, so the zeros the
 * engine pads a cut read with (docs/device-function.md) cannot pass for
 * data anywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_blk.h"
#include "tb_storm.h"
#include "virtio_mmio_regs.h"

#define STORM_ITERS 400	  /* iterations per seed: >= 1 reset each */
#define STORM_MAX_K 8	  /* requests posted per iteration, at most */
#define STORM_WINDOW 128u /* sectors the requests address, from sector 0 */
#define STORM_WINDOW_BYTES (STORM_WINDOW * BLK_SECTOR)
#define STORM_WAIT 400000 /* cycles to wait for one request */

/* The values one byte of the disk may hold: a 256-bit set. */
struct storm_byte {
	uint64_t may[4];
};

struct storm {
	struct tb_storm st;	  /* the storm, with the harness */
	struct storm_byte *disk;  /* shadow of the window, per byte */
	struct blk_req **ring;	  /* requests posted on the current ring */
	unsigned nring, ring_cap; /* of them, and room */

	/* the counts the test checks */
	unsigned reqs_sent;	     /* requests posted */
	unsigned reqs_completed;     /* of them, came back and checked */
	unsigned reqs_cut;	     /* never came back: a reset took them */
	unsigned writes_cut;	     /* of those, writes: their bytes old or
				      * new */
	uint64_t open_bytes_checked; /* bytes with more than one allowed value
				      * that a read then checked */
	unsigned markers_sent;	     /* marker write and read pairs posted */
	unsigned markers_back;	     /* of them, the read returned the data */
};

static struct storm *storm_of(struct tb_storm *st)
{
	return tb_container_of(st, struct storm, st);
}

/* ----------------------------------------------------------- the shadow */

/* Random data bytes, never 0x00 (the engine's padding). */
static void storm_data(struct sim_rng *rng, uint8_t *b, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		b[k] = (uint8_t)sim_rng_range(rng, 1, 255);
}

static bool storm_may(const struct storm_byte *d, uint8_t v)
{
	return d->may[v >> 6] >> (v & 63) & 1;
}

static unsigned storm_nmay(const struct storm_byte *d)
{
	unsigned n = 0;

	for (unsigned w = 0; w < 4; w++)
		n += (unsigned)__builtin_popcountll(d->may[w]);
	return n;
}

/* The lowest value the byte may hold. */
static unsigned storm_first(const struct storm_byte *d)
{
	unsigned v = 0;

	while (v < 255 && !storm_may(d, (uint8_t)v))
		v++;
	return v;
}

/* The byte holds v and nothing else. */
static void storm_is(struct storm_byte *d, uint8_t v)
{
	memset(d->may, 0, sizeof(d->may));
	d->may[v >> 6] = 1ull << (v & 63);
}

/* A completed write: its bytes are on the disk. */
static void storm_wrote(struct storm *s, const struct blk_req *r)
{
	struct storm_byte *d = s->disk + r->sector * BLK_SECTOR;

	for (uint32_t k = 0; k < r->out_len; k++)
		storm_is(&d[k], r->out[k]);
}

/* A write cut by a reset: each of its bytes may or may not have landed. */
static void storm_cut_write(struct storm *s, const struct blk_req *r)
{
	struct storm_byte *d = s->disk + r->sector * BLK_SECTOR;

	for (uint32_t k = 0; k < r->out_len; k++)
		d[k].may[r->out[k] >> 6] |= 1ull << (r->out[k] & 63);
}

/* A completed read: each byte one the disk may hold there, and from now on
 * the only one. */
static bool storm_read_back(struct storm *s, const struct blk_req *r)
{
	uint64_t at = r->sector * BLK_SECTOR;
	struct storm_byte *d = s->disk + at;

	for (uint32_t k = 0; k < r->in_len; k++) {
		uint8_t v = r->in[k];
		unsigned n = storm_nmay(&d[k]);

		if (!tb_storm_check(
			    &s->st, storm_may(&d[k], v),
			    "a read of %u bytes at disk byte %llu returned "
			    "0x%02x at disk byte %llu%s; the disk may hold "
			    "only %u value(s) there, such as 0x%02x",
			    r->in_len, (unsigned long long)at, v,
			    (unsigned long long)(at + k),
			    v ? "" : " (the padding of a cut read)", n,
			    storm_first(&d[k])))
			return false;
		if (n > 1)
			s->open_bytes_checked++;
		storm_is(&d[k], v);
	}
	return true;
}

/* ------------------------------------------------------------- requests */

/* Remember a request posted on the current ring until the ring goes. */
static void storm_keep(struct storm *s, struct blk_req *r)
{
	if (s->nring == s->ring_cap) {
		s->ring_cap = s->ring_cap ? 2 * s->ring_cap : 64;
		s->ring = realloc(s->ring, s->ring_cap * sizeof(*s->ring));
	}
	s->ring[s->nring++] = r;
}

/* The ring went: every request posted on it that did not come back was cut
 * (a write's bytes become old or new), and all of them are freed. */
static void storm_forget_ring(struct storm *s)
{
	for (unsigned i = 0; i < s->nring; i++) {
		struct blk_req *r = s->ring[i];

		if (!r->done) {
			s->reqs_cut++;
			if (r->type == BLK_T_OUT) {
				s->writes_cut++;
				storm_cut_write(s, r);
			}
		}
		blk_free(&s->st.t, r);
	}
	s->nring = 0;
}

/* A request came back with used.len len: once, whole, OK, and for a read
 * or GET_ID the right data. */
static bool storm_take(struct tb_storm *st, unsigned q, void *token,
		       uint32_t len)
{
	/* 5.2.6: the serial, NUL padded to 20 bytes */
	static const char id[BLK_ID_BYTES] = BLK_ID;
	struct storm *s = storm_of(st);
	struct blk_req *r = token;
	struct tb_vq *t = &st->t;
	uint32_t rd = r->hdr_len + r->out_len;

	(void)q; /* the request queue */
	if (!tb_storm_check(&s->st, !r->done,
			    "a type %u request of sector %llu came back twice",
			    r->type, (unsigned long long)r->sector))
		return false;
	r->done = true;
	r->used = len;
	if (r->in_len)
		mem_read(t->e->mem, r->addr + rd, r->in, r->in_len);
	mem_read(t->e->mem, r->addr + rd + r->in_len, &r->status, 1);
	if (!tb_storm_check(
		    &s->st, len == r->in_len + 1 && r->status == BLK_S_OK,
		    "a type %u request of sector %llu (%u+%u data bytes) "
		    "came back with used.len %u and status %u, want %u "
		    "and %u (Q7, 5.2.6)",
		    r->type, (unsigned long long)r->sector, r->out_len,
		    r->in_len, len, r->status, r->in_len + 1, BLK_S_OK))
		return false;
	s->reqs_completed++;
	switch (r->type) {
	case BLK_T_OUT: storm_wrote(s, r); return true;
	case BLK_T_IN: return storm_read_back(s, r);
	case BLK_T_GET_ID:
		return tb_storm_check(&s->st, !memcmp(r->in, id, BLK_ID_BYTES),
				      "GET_ID returned \"%.20s\", want \"%s\" "
				      "NUL padded",
				      (const char *)r->in, BLK_ID);
	default: return true;
	}
}

/* One round of the driver's work: the interrupt, the requests back. */
static bool storm_service(struct storm *s)
{
	tb_storm_interrupt(&s->st);
	return tb_storm_reap(&s->st, 0);
}

/* Service until r came back (what names it in the failure). */
static bool storm_wait_for(struct storm *s, struct blk_req *r, const char *what)
{
	struct tb_vq *t = &s->st.t;
	unsigned back = s->reqs_completed;
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;

	while (storm_service(s) && !r->done) {
		if (s->reqs_completed != back) { /* progress: a new deadline */
			back = s->reqs_completed;
			end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
		}
		if (!tb_storm_check(
			    &s->st, sim_clock_cycles(t->e->clk) < end,
			    "%s (type %u, sector %llu) did not come back "
			    "within %u cycles",
			    what, r->type, (unsigned long long)r->sector,
			    STORM_WAIT))
			return false;
		tb_storm_idle(&s->st);
	}
	return !s->st.stop;
}

/* A random request: IN or OUT of 1..32 sectors in the window, now and then
 * FLUSH or GET_ID. */
static struct blk_req *storm_make(struct storm *s)
{
	unsigned kind = (unsigned)sim_rng_range(&s->st.rng, 0, 99);
	uint32_t n = (uint32_t)sim_rng_range(&s->st.rng, 1, 8);
	uint64_t sector;
	struct blk_req *r;

	if (sim_rng_chance(&s->st.rng, 100))
		n = (uint32_t)sim_rng_range(&s->st.rng, 9, 32);
	sector = sim_rng_range(&s->st.rng, 0, STORM_WINDOW - n);
	if (kind < 45) {
		r = blk_new(BLK_T_OUT, sector, n * BLK_SECTOR, 0);
		storm_data(&s->st.rng, r->out, r->out_len);
	} else if (kind < 90) {
		r = blk_new(BLK_T_IN, sector, 0, n * BLK_SECTOR);
	} else if (kind < 95) {
		r = blk_new(BLK_T_GET_ID, 0, 0, BLK_ID_BYTES);
	} else {
		r = blk_new(BLK_T_FLUSH, 0, 0, 0);
	}
	return r;
}

/* Post r in a random layout, waiting for room in the ring first. */
static bool storm_post(struct storm *s, struct blk_req *r)
{
	struct tb_vq *t = &s->st.t;
	struct virtqueue *vq = t->vq[0];
	unsigned pick = (unsigned)sim_rng_range(&s->st.rng, 0, 5);
	enum blk_shape shape = pick < 2	  ? BLK_QEMU
			       : pick < 3 ? BLK_TWO
					  : BLK_RANDOM;
	unsigned max = (unsigned)sim_rng_range(&s->st.rng, 1, 6), need;
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;

	vq->indirect = sim_rng_chance(&s->st.rng, 300) ? VRING_INDIRECT_NEVER
						       : VRING_INDIRECT_AUTO;
	need = tb_storm_descs(vq, blk_descs(r, shape, max));
	/* a full ring empties as the requests in it complete */
	while (virtqueue_num_free(vq) < need) {
		if (!storm_service(s) ||
		    !tb_storm_check(&s->st, sim_clock_cycles(t->e->clk) < end,
				    "the request ring had no room for %u "
				    "descriptors within %u cycles",
				    need, STORM_WAIT)) {
			blk_free(t, r);
			return false;
		}
		if (virtqueue_num_free(vq) < need)
			tb_storm_idle(&s->st);
	}
	if (blk_post(t, &s->st.rng, r, shape, max)) {
		blk_free(t, r);
		return tb_storm_fail(&s->st);
	}
	storm_keep(s, r);
	s->reqs_sent++;
	return true;
}

/* k random requests: their bytes, and on the way through the device a beat
 * of 8 bytes or more a cycle plus 200 cycles of ring work each. */
static bool storm_requests(struct tb_storm *st, struct tb_storm_batch *b)
{
	struct storm *s = storm_of(st);

	for (unsigned i = 0; i < b->k; i++) {
		struct blk_req *r = storm_make(s);

		b->data += r->hdr_len + r->out_len + r->in_len + 1;
		if (!storm_post(s, r))
			return false;
	}
	b->span = b->data / 8 + 200ull * b->k;
	return true;
}

/* Traffic resumes after a reset: a marker write of fresh data completes,
 * then its read back does and returns that data. */
static bool storm_marker(struct tb_storm *st)
{
	struct storm *s = storm_of(st);
	uint32_t n = (uint32_t)sim_rng_range(&s->st.rng, 1, 8);
	uint64_t sector = sim_rng_range(&s->st.rng, 0, STORM_WINDOW - n);
	struct blk_req *w = blk_new(BLK_T_OUT, sector, n * BLK_SECTOR, 0);
	struct blk_req *r = blk_new(BLK_T_IN, sector, 0, n * BLK_SECTOR);

	storm_data(&s->st.rng, w->out, w->out_len);
	s->markers_sent++;
	if (!storm_post(s, w)) {
		blk_free(&s->st.t, r);
		return false;
	}
	if (!storm_wait_for(s, w, "the marker write after a reset")) {
		blk_free(&s->st.t, r);
		return false;
	}
	if (!storm_post(s, r) ||
	    !storm_wait_for(s, r, "the marker read after a reset"))
		return false;
	if (!tb_storm_check(&s->st, !memcmp(r->in, w->out, w->out_len),
			    "the marker read of sectors %llu..%llu did not "
			    "return the marker write's data",
			    (unsigned long long)sector,
			    (unsigned long long)(sector + n - 1)))
		return false;
	s->markers_back++;
	return true;
}

/* -------------------------------------------------------------- resets */

/* Name the request of a used element in a report. */
static void storm_describe(struct tb_storm *st, void *token, char *buf,
			   size_t size)
{
	const struct blk_req *r = token;

	(void)st;
	snprintf(buf, size, "type %u, sector %llu", r->type,
		 (unsigned long long)r->sector);
}

static bool storm_device_reset(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	if (!tb_storm_device_reset(st))
		return false;
	/* the rest went with the ring */
	while (virtqueue_detach_unused_buf(st->t.vq[0]))
		;
	storm_forget_ring(s);
	return tb_storm_setup_again(st);
}

static bool storm_queue_reset(struct tb_storm *st, unsigned q)
{
	if (!tb_storm_queue_reset(st, q) || !tb_storm_new_ring(st, q))
		return false;
	storm_forget_ring(storm_of(st));
	return true;
}

/* ---------------------------------------------------------------- storm */

/* Once the device is set up: the window written with random data, the
 * shadow's first values. */
static bool storm_fill(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	s->disk = calloc(STORM_WINDOW_BYTES, sizeof(*s->disk));
	for (uint64_t sector = 0; sector < STORM_WINDOW; sector += 8) {
		struct blk_req *w =
			blk_new(BLK_T_OUT, sector, 8 * BLK_SECTOR, 0);

		storm_data(&st->rng, w->out, w->out_len);
		if (!storm_post(s, w) ||
		    !storm_wait_for(s, w, "a write filling the disk"))
			return false;
	}
	return true;
}

/* Read the whole window back: every byte one the shadow allows. */
static bool storm_final_read(struct storm *s)
{
	for (uint64_t sector = 0; sector < STORM_WINDOW; sector += 8) {
		struct blk_req *r =
			blk_new(BLK_T_IN, sector, 0, 8 * BLK_SECTOR);

		if (!storm_post(s, r) ||
		    !storm_wait_for(s, r, "the final read of the disk"))
			return false;
	}
	return true;
}

/* After a run that did not stop: the window read back, every request
 * back or cut. */
static void storm_count_requests(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	if (!storm_final_read(s))
		return;
	storm_forget_ring(s);
	tb_storm_check(st, s->markers_back == s->markers_sent,
		       "only %u of %u marker reads came back right after their "
		       "resets",
		       s->markers_back, s->markers_sent);
	tb_storm_check(
		st, s->reqs_completed + s->reqs_cut == s->reqs_sent,
		"%u requests were sent, but %u came back and %u were cut "
		"by resets",
		s->reqs_sent, s->reqs_completed, s->reqs_cut);
}

static const struct tb_storm_ops storm_ops = {
	.iters = STORM_ITERS,
	.max_k = STORM_MAX_K,
	.data_wait = true,
	.init = blk_init,
	.setup = storm_fill,
	.traffic = storm_requests,
	.device_reset = storm_device_reset,
	.queue_reset = storm_queue_reset,
	.marker = storm_marker,
	.take = storm_take,
	.describe = storm_describe,
	.finish = storm_count_requests,
};

START_TEST(test_r3_blk_reset_storm_device_and_queue_resets_during_requests)
{
	struct storm s = { 0 };

	tb_storm_test(_i, &s.st, &storm_ops);
	storm_forget_ring(&s);
	free(s.disk);
	free(s.ring);
	tb_storm_summary(&s.st, "blk storm",
			 "requests sent %u, completed %u, cut %u (writes %u), "
			 "%llu open bytes checked, markers %u/%u, %llu cycles",
			 s.reqs_sent, s.reqs_completed, s.reqs_cut,
			 s.writes_cut, (unsigned long long)s.open_bytes_checked,
			 s.markers_back, s.markers_sent,
			 (unsigned long long)sim_clock_cycles(s.st.t.e->clk));
	tb_storm_assert(&s.st);
	ck_assert_msg(s.reqs_cut > 0 && s.writes_cut > 0,
		      "no reset hit a write in flight (%u requests cut, %u "
		      "writes)",
		      s.reqs_cut, s.writes_cut);
	ck_assert_msg(s.open_bytes_checked > 0,
		      "no read checked a byte that a cut write may have "
		      "changed");
	tb_vq_done(&s.st.t);
}
END_TEST

/* ------------------------------------- a QueueReset across a write's data */

/* M7 with the rule of CONFORMANCE E that a stop never turns into wrong data
 * presented as good: a write of QR_SECTORS sectors over known data, and a
 * QueueReset of the request queue once the device has read a given number
 * of the write's data bytes, swept from none to all of them in QR_POINTS
 * steps (plus 0..4 cycles). Each time the reset completes (QueueReset and
 * QueueReady read 0), nothing is published on the old ring after it, and
 * once the queue is set up again (another size) the sectors hold, per
 * byte, the old data or the write's: never the zeros the engine pads the
 * rest of the cut read with (both are never 0x00). A write that came back
 * before the reset left all of its data. Some resets must catch the data
 * read under way and leave the disk part old, part new. */
#define QR_POINTS 96
#define QR_SECTOR 512 /* where the write goes */
#define QR_SECTORS 16u
#define QR_BYTES (QR_SECTORS * BLK_SECTOR)

/* What qr_body saw. */
struct qr_res {
	struct tb_vq t;	    /* the harness; the body gets &res->t */
	uint64_t data;	    /* the write's data in DMA memory (0: none yet) */
	uint64_t data_read; /* bytes of it the device has read (tap) */
	unsigned points;    /* resets done and checked */
	unsigned back;	    /* the write came back before its reset */
	unsigned mid_read;  /* the reset came with the data read in part */
	unsigned untouched; /* cut: every byte old */
	unsigned partly;    /* cut: some bytes old, some new */
	unsigned whole;	    /* cut: every byte new */
};

/* Tap: count the device's reads of the write's data. */
static void qr_tap(void *ctx, const struct mem_access *a)
{
	struct qr_res *res = ctx;
	uint64_t lo = a->addr > res->data ? a->addr : res->data;
	uint64_t hi = a->addr + a->len < res->data + QR_BYTES
			      ? a->addr + a->len
			      : res->data + QR_BYTES;

	if (!a->write && res->data && hi > lo)
		res->data_read += hi - lo;
}

/* Post the write of new[] with its data read held until the tap watches
 * it. */
static struct blk_req *qr_post(struct tb_vq *t, struct sim_rng *rng,
			       const uint8_t *new)
{
	struct qr_res *res = tb_container_of(t, struct qr_res, t);
	struct blk_req *w = blk_new(BLK_T_OUT, QR_SECTOR, QR_BYTES, 0);
	int err;

	memcpy(w->out, new, QR_BYTES);
	t->no_kick = true;
	err = blk_post(t, rng, w, BLK_RANDOM,
		       (unsigned)sim_rng_range(rng, 1, 8));
	t->no_kick = false;
	if (err) {
		blk_free(t, w);
		return NULL;
	}
	res->data = w->addr + w->hdr_len;
	res->data_read = 0;
	virtqueue_kick(t->vq[0]);
	return w;
}

/* The sectors after a reset that cut w: each byte old or new. */
static bool qr_check_disk(struct tb_vq *t, struct sim_rng *rng,
			  const uint8_t *old, const struct blk_req *w,
			  uint64_t read_at_reset)
{
	struct qr_res *res = tb_container_of(t, struct qr_res, t);
	uint8_t *got = malloc(QR_BYTES);
	uint32_t nnew = 0, k;
	bool ok = blk_read(t, rng, QR_SECTOR, QR_SECTORS, got) == BLK_S_OK;

	for (k = 0; ok && k < QR_BYTES; k++) {
		nnew += got[k] == w->out[k];
		ok = tb_vq_check(t, got[k] == w->out[k] || got[k] == old[k],
				 "after a QueueReset with %llu of %u data "
				 "bytes of a write read, disk byte %u of it "
				 "holds 0x%02x%s, neither the old 0x%02x nor "
				 "the written 0x%02x",
				 (unsigned long long)read_at_reset, QR_BYTES, k,
				 got[k],
				 got[k] ? "" : " (the padding of a cut read)",
				 old[k], w->out[k]);
	}
	free(got);
	if (!ok)
		return false;
	if (w->done)
		return tb_vq_check(t, nnew == QR_BYTES,
				   "a write that came back before a QueueReset "
				   "left only %u of its %u bytes",
				   nnew, QR_BYTES);
	res->untouched += nnew == 0;
	res->partly += nnew > 0 && nnew < QR_BYTES;
	res->whole += nnew == QR_BYTES;
	return true;
}

static void qr_body(struct tb_vq *t)
{
	struct qr_res *res = tb_container_of(t, struct qr_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	uint8_t *old = malloc(QR_BYTES), *new = malloc(QR_BYTES);

	mem_tap_add(t->e->mem, qr_tap, res);
	if (blk_init(t))
		goto out;
	for (unsigned p = 0; p < QR_POINTS; p++) {
		uint64_t cut = (uint64_t)p * QR_BYTES / (QR_POINTS - 1);
		uint64_t end = sim_clock_cycles(t->e->clk) + BLK_TIMEOUT, at;
		struct virtqueue *ring = t->vq[0];
		struct blk_req *w, *r;
		uint32_t len;
		bool ok;

		/* old and new data differ in every byte; neither is 0x00 */
		storm_data(&rng, old, QR_BYTES);
		for (uint32_t k = 0; k < QR_BYTES; k++)
			new[k] = (uint8_t)(1 + (old[k] - 1 +
						sim_rng_range(&rng, 1, 254)) %
						       255);
		if (!tb_vq_check(t,
				 blk_write(t, &rng, QR_SECTOR, QR_SECTORS,
					   old) == BLK_S_OK,
				 "the old data could not be written") ||
		    !(w = qr_post(t, &rng, new)))
			break;
		while (res->data_read < cut &&
		       sim_clock_cycles(t->e->clk) < end)
			sim_wait_cycles(t->e->sim, 1);
		sim_wait_cycles(t->e->sim, sim_rng_range(&rng, 0, 4));
		at = res->data_read;
		res->mid_read += at > 0 && at < QR_BYTES;
		ok = tb_vq_check(t, virtio_mmio_reset_queue(t->vm, 0) == 0,
				 "the QueueReset with %llu of %u data bytes "
				 "read did not complete",
				 (unsigned long long)at, QR_BYTES) &&
		     tb_storm_reset_done(t, 0, "a QueueReset");
		/* what was published before the reset, then nothing */
		r = ok ? virtqueue_get_buf(ring, &len) : NULL;
		if (r) {
			mem_read(t->e->mem, w->addr + w->hdr_len + QR_BYTES,
				 &w->status, 1);
			w->done = true;
			res->back++;
			ok = tb_vq_check(
				t, r == w && len == 1 && w->status == BLK_S_OK,
				"the write came back with used.len %u "
				"and status %u, want 1 and 0",
				len, w->status);
		}
		if (ok) {
			sim_wait_cycles(t->e->sim,
					sim_rng_range(&rng, 100, 1000));
			ok = tb_vq_check(t, !virtqueue_get_buf(ring, &len),
					 "the write was published on the old "
					 "ring after the QueueReset with %llu "
					 "of %u data bytes read",
					 (unsigned long long)at, QR_BYTES);
		}
		res->data = 0;
		ok = ok && tb_storm_ring_replace(t, &rng, 0, "a QueueReset") &&
		     qr_check_disk(t, &rng, old, w, at);
		blk_free(t, w);
		if (!ok)
			break;
		res->points++;
	}
out:
	mem_tap_remove(t->e->mem, qr_tap, res);
	free(old);
	free(new);
}

START_TEST(test_m7_blk_queue_reset_mid_request_leaves_each_byte_old_or_new)
{
	struct qr_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, qr_body, NULL);
	printf("blk queue reset across a write: seed 0x%llx: %u resets, %u "
	       "with the data read under way; the write came back %u, left "
	       "the disk untouched %u, partly written %u, wholly written "
	       "%u\n",
	       (unsigned long long)tb_seed(_i), r.points, r.mid_read, r.back,
	       r.untouched, r.partly, r.whole);
	fflush(stdout);
	tb_env_assert_clean(r.t.e);
	ck_assert_msg(r.points == QR_POINTS,
		      "only %u of %u resets were checked", r.points, QR_POINTS);
	ck_assert_msg(r.partly > 0,
		      "no QueueReset left the write part on the disk (%u with "
		      "the data read under way)",
		      r.mid_read);
	tb_vq_done(&r.t);
}
END_TEST

static void test_blk_storm_register(struct tb_registry *r)
{
	tb_add_seeded(
		r,
		test_r3_blk_reset_storm_device_and_queue_resets_during_requests,
		120);
	tb_add_seeded(
		r,
		test_m7_blk_queue_reset_mid_request_leaves_each_byte_old_or_new,
		60);
}

TB_TESTS(test_blk_storm_register)
