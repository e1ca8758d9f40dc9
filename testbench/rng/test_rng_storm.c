/* SPDX-License-Identifier: MIT */
/*
 * test_rng_storm.c - the reset storm on virtio-rng (CONFORMANCE R3, with
 * S1, S2 and M7): device resets and QueueResets of the request queue at
 * random cycles of random requests (rtl/vio_rng.v), on fast and slow
 * memory.
 *
 * The storm itself (tb_storm.h) makes the resets and checks what each must
 * do: after every reset the next register access completes; after a
 * device reset there is no DMA until the queue is set up again, the
 * interrupt line is low and InterruptStatus reads 0 (S2); after a
 * QueueReset nothing is published on the old ring and no byte is written
 * into its buffers (M7). Here: a marker request made after every reset
 * completes.
 *
 * Every used element is checked against what the device wrote (a tap on
 * the memory's writes): its length is the buffer's size (vio_rng fills the
 * whole writable part, up to 64 KiB: at least 1 and at most the size,
 * 5.4.6), every byte up to it was written into that buffer since it was
 * posted and none past it, the bytes are not padding (few zeros), and no
 * 8-byte word of random bytes is seen twice in the run: the generator's
 * state survives a device reset, so no reset replays bytes. A request may
 * be missing only when a reset found it in flight.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_storm.h"
#include "virtio_mmio_regs.h"

#define STORM_ITERS 350	     /* iterations per seed: >= 1 reset each */
#define STORM_MAX_K 8	     /* requests per iteration, at most */
#define STORM_MAX_LEN 8192u  /* largest request */
#define STORM_PIECES 4u	     /* most pieces of a request */
#define STORM_RNG_MAX 65536u /* vio_rng MAX_BYTES */
#define STORM_WAIT 400000    /* cycles to wait for a request */
#define STORM_POISON 0xee    /* buffers before the device writes */
#define STORM_LIVE 512	     /* requests posted at once, at most */

/* A request posted and not yet back. */
struct storm_req {
	uint64_t addr;	  /* its buffer */
	uint32_t len;	  /* bytes */
	uint32_t n;	  /* its number in the run */
	uint32_t written; /* bytes of it the device wrote (tap) */
	uint8_t *wr;	  /* per byte: written */
};

/* An 8-byte word of random bytes received. */
struct storm_word {
	uint64_t w;
	uint32_t req;	 /* the request it came in */
	uint32_t resets; /* resets made before it came back */
};

struct storm {
	struct tb_storm st;		    /* the storm, with the harness */
	struct storm_req *live[STORM_LIVE]; /* requests posted, for the tap */
	unsigned nlive;
	uint64_t buf_bytes;   /* bytes written into posted buffers (tap) */
	uint64_t stray_bytes; /* ... outside them and the used ring */
	uint64_t stray_addr;  /* the first of those */
	struct storm_word *words;
	size_t nwords, cap_words;
	uint32_t n_next; /* the next request's number */

	/* the counts the test checks */
	unsigned resets_in_flight; /* resets that found requests in flight */
	unsigned reqs_in_flight;   /* requests in flight at resets */
	unsigned reqs_sent;
	unsigned reqs_back;
	unsigned reqs_lost; /* never came back */
	unsigned reqs_cut;  /* of those, written in part */
	unsigned markers_sent;
	unsigned markers_back;
	uint64_t bytes_back; /* random bytes received */
};

static struct storm *storm_of(struct tb_storm *st)
{
	return tb_container_of(st, struct storm, st);
}

/* The posted request whose buffer holds addr, or NULL. */
static struct storm_req *storm_req_at(struct storm *s, uint64_t addr)
{
	for (unsigned i = 0; i < s->nlive; i++)
		if (addr >= s->live[i]->addr &&
		    addr - s->live[i]->addr < s->live[i]->len)
			return s->live[i];
	return NULL;
}

/* Is byte i of access a written (its strobe set)? */
static bool storm_strobed(const struct mem_access *a, uint32_t i)
{
	return !a->strb || a->strb[i];
}

/* Tap: mark every byte the device writes into a posted buffer, and count
 * those written anywhere else but the used ring (whose writes the storm
 * counts). A beat may hold bytes of the used ring and of a buffer next to
 * it (its strobes tell), so each byte counts apart. */
static void storm_tap(struct tb_storm *st, const struct mem_access *a)
{
	struct storm *s = storm_of(st);
	struct virtqueue *vq = st->t.vm->vqs[0];
	uint64_t used = vq ? vq->used : 0;
	uint64_t used_end = vq ? used + vring_used_bytes(vq->num) : 0;
	struct storm_req *r = NULL;

	if (!a->write || a->violation)
		return;
	for (uint32_t i = 0; i < a->len; i++) {
		uint64_t addr = a->addr + i;

		if (!storm_strobed(a, i) || (addr >= used && addr < used_end))
			continue;
		if (!r || addr - r->addr >= r->len)
			r = storm_req_at(s, addr);
		if (!r) {
			if (!s->stray_bytes++)
				s->stray_addr = addr;
			continue;
		}
		s->buf_bytes++;
		if (!r->wr[addr - r->addr]) {
			r->wr[addr - r->addr] = 1;
			r->written++;
		}
	}
}

/* ------------------------------------------------------------ requests */

static void storm_forget(struct storm *s, struct storm_req *r)
{
	for (unsigned i = 0; i < s->nlive; i++)
		if (s->live[i] == r) {
			s->live[i] = s->live[--s->nlive];
			break;
		}
	dma_pool_free(s->st.t.pool, r->addr);
	free(r->wr);
	free(r);
}

/* A used request: the buffer's size, every byte of it written by the
 * device and none past it, random bytes; its words join the run's. */
static bool storm_take(struct tb_storm *st, unsigned q, void *token,
		       uint32_t len)
{
	struct storm *s = storm_of(st);
	struct storm_req *r = token;
	uint32_t want = r->len < STORM_RNG_MAX ? r->len : STORM_RNG_MAX;
	uint32_t wrote = 0, zeros = 0, k;
	uint8_t *b;
	bool ok;

	(void)q;
	for (k = 0; k < len && k < r->len; k++)
		wrote += r->wr[k];
	ok = tb_storm_check(
		     &s->st, len == want,
		     "request %u of %u bytes came back with used.len %u, "
		     "not its size %u",
		     r->n, r->len, len, want) &&
	     tb_storm_check(&s->st, wrote == len,
			    "request %u came back with used.len %u, but the "
			    "device wrote only %u of those bytes",
			    r->n, len, wrote) &&
	     tb_storm_check(
		     &s->st, r->written == wrote,
		     "request %u: the device wrote %u bytes past used.len "
		     "%u",
		     r->n, r->written - wrote, len);
	if (!ok) {
		storm_forget(s, r);
		return false;
	}
	b = malloc(r->len);
	mem_read(s->st.t.e->mem, r->addr, b, r->len);
	for (k = 0; k < len; k++)
		zeros += b[k] == 0;
	/* a random byte is 0 one time in 256 */
	ok = tb_storm_check(&s->st, zeros <= 8 + len / 64,
			    "request %u: %u of its %u bytes are 0 (padding?)",
			    r->n, zeros, len);
	for (k = len; ok && k < r->len; k++)
		ok = tb_storm_check(
			&s->st, b[k] == STORM_POISON,
			"request %u: byte %u past used.len %u changed", r->n, k,
			len);
	/* words at multiples of 8: the generator's 64-bit outputs */
	for (k = 0; ok && k + 8 <= len; k += 8) {
		if (s->nwords == s->cap_words) {
			s->cap_words = s->cap_words ? 2 * s->cap_words : 65536;
			s->words = realloc(s->words,
					   s->cap_words * sizeof(*s->words));
		}
		s->words[s->nwords].req = r->n;
		s->words[s->nwords].resets = tb_storm_resets(&s->st);
		memcpy(&s->words[s->nwords++].w, b + k, 8);
	}
	free(b);
	s->reqs_back++;
	s->bytes_back += len;
	storm_forget(s, r);
	return ok;
}

/* Let the simulation run a little, taking the interrupt, and the requests
 * used so far. */
static bool storm_service(struct storm *s)
{
	if (!tb_storm_interrupt(&s->st))
		tb_storm_idle(&s->st);
	return tb_storm_reap(&s->st, 0);
}

/* Post one request of len bytes in random pieces (waiting for room in the
 * ring): its number, or -1 after a report. */
static int64_t storm_post(struct storm *s, uint32_t len)
{
	struct tb_vq *t = &s->st.t;
	unsigned n = (unsigned)sim_rng_range(
		&s->st.rng, 1, len < STORM_PIECES ? len : STORM_PIECES);
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
	struct scatterlist sg[STORM_PIECES];
	struct storm_req *r;
	int e;

	while (virtqueue_num_free(t->vq[0]) < tb_storm_descs(t->vq[0], n) ||
	       s->nlive == STORM_LIVE) {
		if (!tb_storm_check(&s->st, sim_clock_cycles(t->e->clk) < end,
				    "the ring had no room for request %u "
				    "within %u cycles",
				    s->n_next, STORM_WAIT) ||
		    !storm_service(s))
			return -1;
	}
	r = calloc(1, sizeof(*r));
	r->len = len;
	r->n = s->n_next++;
	r->wr = calloc(len, 1);
	r->addr = tb_vq_alloc(t, len, 1);
	mem_fill(t->e->mem, r->addr, STORM_POISON, len);
	s->live[s->nlive++] = r;
	tb_vq_split(t, &s->st.rng, r->addr, len, n, sg);
	e = virtqueue_add_inbuf(t->vq[0], sg, n, r);
	if (!tb_storm_check(&s->st, e == 0, "request %u could not be added: %d",
			    r->n, e)) {
		storm_forget(s, r);
		return -1;
	}
	s->reqs_sent++;
	virtqueue_kick(t->vq[0]);
	return r->n;
}

/* Every request still posted goes back to the pool, lost; written in part
 * when the device had begun on it. */
static void storm_detach_all(struct storm *s, struct virtqueue *vq)
{
	struct storm_req *r;

	while ((r = virtqueue_detach_unused_buf(vq))) {
		s->reqs_lost++;
		s->reqs_cut += r->written > 0;
		storm_forget(s, r);
	}
}

/* -------------------------------------------------------------- resets */

/* Bytes the device has written into posted buffers (tap). */
static uint64_t storm_buf_bytes(struct tb_storm *st, unsigned q)
{
	(void)q;
	return storm_of(st)->buf_bytes;
}

/* A reset is made now: count the requests not yet back (after taking what
 * the device has already published). */
static bool storm_in_flight(struct storm *s)
{
	if (!tb_storm_reap(&s->st, 0))
		return false;
	s->reqs_in_flight += s->nlive;
	s->resets_in_flight += s->nlive > 0;
	return true;
}

static bool storm_device_reset(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	if (!storm_in_flight(s) || !tb_storm_device_reset(st))
		return false;
	/* the rest is lost */
	storm_detach_all(s, st->t.vq[0]);
	return tb_storm_setup_again(st);
}

static bool storm_queue_reset(struct tb_storm *st, unsigned q)
{
	struct storm *s = storm_of(st);
	struct virtqueue *old;

	if (!storm_in_flight(s))
		return false;
	old = tb_storm_queue_reset(st, q);
	if (!old)
		return false;
	storm_detach_all(s, old);
	return tb_storm_new_ring(st, q);
}

/* ---------------------------------------------------------------- storm */

/* A random request size: mostly small, some up to STORM_MAX_LEN. */
static uint32_t storm_size(struct storm *s)
{
	unsigned k = (unsigned)sim_rng_range(&s->st.rng, 0, 9);

	if (k < 3)
		return (uint32_t)sim_rng_range(&s->st.rng, 1, 16);
	if (k < 7)
		return (uint32_t)sim_rng_range(&s->st.rng, 1, 512);
	return (uint32_t)sim_rng_range(&s->st.rng, 512, STORM_MAX_LEN);
}

/* k requests of random sizes; on the way through the device, 300 cycles
 * a request and a quarter of a cycle a byte. */
static bool storm_requests(struct tb_storm *st, struct tb_storm_batch *b)
{
	struct storm *s = storm_of(st);

	for (unsigned i = 0; i < b->k && !st->stop; i++) {
		uint32_t len = storm_size(s);

		if (storm_post(s, len) >= 0)
			b->data += len;
	}
	b->span = 300ull * b->k + b->data / 4;
	return !st->stop;
}

/* Requests resume after a reset: a marker request always comes back, and
 * with it every request made before (one chain at a time, in order). */
static bool storm_marker(struct tb_storm *st)
{
	struct storm *s = storm_of(st);
	struct tb_vq *t = &st->t;
	int64_t m = storm_post(s, (uint32_t)sim_rng_range(&s->st.rng, 8, 64));
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;

	if (m < 0)
		return false;
	s->markers_sent++;
	while (s->nlive) {
		if (!tb_storm_check(
			    &s->st, sim_clock_cycles(t->e->clk) < end,
			    "the marker (request %lld) after reset %u did "
			    "not come back within %u cycles (%u requests "
			    "posted)",
			    (long long)m, tb_storm_resets(&s->st), STORM_WAIT,
			    s->nlive) ||
		    !storm_service(s))
			return false;
	}
	s->markers_back++;
	return true;
}

static int storm_word_cmp(const void *a, const void *b)
{
	const struct storm_word *x = a, *y = b;

	return x->w < y->w ? -1 : x->w > y->w;
}

/* No 8-byte word of random bytes came twice in the run. */
static void storm_no_repeats(struct storm *s)
{
	qsort(s->words, s->nwords, sizeof(*s->words), storm_word_cmp);
	for (size_t i = 1; i < s->nwords; i++) {
		const struct storm_word *a = &s->words[i - 1],
					*b = &s->words[i];

		if (!tb_storm_check(
			    &s->st, a->w != b->w,
			    "the random word 0x%016llx came in request %u "
			    "(after %u resets) and again in request %u "
			    "(after %u resets)",
			    (unsigned long long)a->w, a->req, a->resets, b->req,
			    b->resets))
			return;
	}
}

/* After a run that did not stop: every request came back or was lost to a
 * reset, no random word twice, no byte written astray. */
static void storm_count_requests(struct tb_storm *st)
{
	struct storm *s = storm_of(st);

	storm_no_repeats(s);
	tb_storm_check(st, s->markers_back == s->markers_sent,
		       "only %u of %u markers came back after their resets",
		       s->markers_back, s->markers_sent);
	tb_storm_check(
		st, s->reqs_back + s->reqs_lost == s->reqs_sent,
		"%u requests were made, but %u came back and %u were lost",
		s->reqs_sent, s->reqs_back, s->reqs_lost);
	tb_storm_check(st, s->reqs_lost <= s->reqs_in_flight,
		       "%u requests were lost, but only %u were in flight at a "
		       "reset",
		       s->reqs_lost, s->reqs_in_flight);
	tb_storm_check(st, s->stray_bytes == 0,
		       "the device wrote %llu bytes outside the used ring and "
		       "the posted buffers, the first at 0x%llx",
		       (unsigned long long)s->stray_bytes,
		       (unsigned long long)s->stray_addr);
}

static const struct tb_storm_ops storm_ops = {
	.iters = STORM_ITERS,
	.max_k = STORM_MAX_K,
	.traffic = storm_requests,
	.device_reset = storm_device_reset,
	.queue_reset = storm_queue_reset,
	.marker = storm_marker,
	.take = storm_take,
	.buf_bytes = storm_buf_bytes,
	.tap = storm_tap,
	.finish = storm_count_requests,
};

START_TEST(test_r3_rng_reset_storm_device_and_queue_resets_during_requests)
{
	struct storm s = { .st.t.nq = 1 }; /* the request queue alone */

	tb_storm_test(_i, &s.st, &storm_ops);
	free(s.words);
	tb_storm_summary(&s.st, "rng storm",
			 "%u resets with requests in flight, requests made %u "
			 "(markers %u), back %u, lost %u (written in part %u), "
			 "random bytes back %llu, words checked for repeats "
			 "%zu",
			 s.resets_in_flight, s.reqs_sent, s.markers_sent,
			 s.reqs_back, s.reqs_lost, s.reqs_cut,
			 (unsigned long long)s.bytes_back, s.nwords);
	for (unsigned i = 0; i < s.nlive; i++) {
		free(s.live[i]->wr);
		free(s.live[i]);
	}
	tb_storm_assert(&s.st);
	ck_assert_msg(s.resets_in_flight > 0 && s.reqs_cut > 0,
		      "no reset hit a request in flight (%u resets found "
		      "some, %u requests written in part)",
		      s.resets_in_flight, s.reqs_cut);
	tb_vq_done(&s.st.t);
}
END_TEST

static void test_rng_storm_register(struct tb_registry *r)
{
	tb_add_seeded(
		r,
		test_r3_rng_reset_storm_device_and_queue_resets_during_requests,
		120);
}

TB_TESTS(test_rng_storm_register)
