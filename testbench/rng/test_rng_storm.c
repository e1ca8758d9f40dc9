/* SPDX-License-Identifier: MIT */
/*
 * test_rng_storm.c - the reset storm on virtio-rng (CONFORMANCE R3, with
 * S1, S2 and M7): device resets and QueueResets of the request queue at
 * random cycles of random requests (rtl/vio_rng.v), on fast and slow
 * memory.
 *
 * A device reset is Linux's (vm_reset): Status = 0 and straight on, no
 * polling; the register block holds the next access until the reset is
 * done (S1), so a reset that never completes shows up as that access
 * timing out. After every reset the next register access completes; after
 * a device reset there is no DMA until the queue is set up again, the
 * interrupt line is low and InterruptStatus reads 0 (S2); after a
 * QueueReset nothing is published on the old ring and no byte is written
 * into its buffers (M7); a marker request made after every reset
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

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define STORM_ITERS 350	     /* iterations per seed: >= 1 reset each */
#define STORM_MAX_K 8	     /* requests per iteration, at most */
#define STORM_MAX_LEN 8192u  /* largest request */
#define STORM_PIECES 4u	     /* most pieces of a request */
#define STORM_RNG_MAX 65536u /* vio_rng MAX_BYTES */
#define STORM_WAIT 400000    /* cycles to wait for a request */
#define STORM_SLOW_LAT 50    /* slow iterations: memory latency 50+ */
#define STORM_POISON 0xee    /* buffers before the device writes */
#define STORM_LIVE 512	     /* requests posted at once, at most */

enum storm_action {
	STORM_DEVICE,		  /* device reset */
	STORM_QRESET,		  /* QueueReset of the request queue */
	STORM_QRESET_THEN_DEVICE, /* a QueueReset, requests, a device reset */
	STORM_ACTIONS
};

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
	struct tb_vq t; /* first: the body gets &t */
	struct sim_rng rng;
	struct axi_mem_cfg mem_fast;	    /* the run's memory timing */
	uint64_t used_writes;		    /* DUT writes into the used ring */
	uint64_t elems;			    /* of those, used elements */
	struct storm_req *live[STORM_LIVE]; /* requests posted, for the tap */
	unsigned nlive;
	uint64_t buf_bytes;   /* bytes written into posted buffers (tap) */
	uint64_t stray_bytes; /* ... outside them and the used ring */
	uint64_t stray_addr;  /* the first of those */
	struct storm_word *words;
	size_t nwords, cap_words;
	uint32_t n_next; /* the next request's number */

	/* the counts the test checks */
	unsigned iterations;
	unsigned slow_iterations;
	unsigned resets_device;		   /* device resets, all */
	unsigned resets_queue;		   /* QueueResets */
	unsigned resets_queue_then_device; /* of those, followed by a device
					    * reset */
	unsigned resets_in_flight; /* resets that found requests in flight */
	unsigned reqs_in_flight;   /* requests in flight at resets */
	unsigned reqs_sent;
	unsigned reqs_back;
	unsigned reqs_lost; /* never came back */
	unsigned reqs_cut;  /* of those, written in part */
	unsigned markers_sent;
	unsigned markers_back;
	uint64_t bytes_back; /* random bytes received */
	bool stop;	     /* a check failed: the run ends */
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

static unsigned storm_resets(const struct storm *s)
{
	return s->resets_device + s->resets_queue;
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
 * those written anywhere else but the used ring; count the writes into the
 * used ring and the used elements among them (a write that holds an
 * element's first byte): the moments around which the publisher's next
 * write starts. A beat may hold bytes of the used ring and of a buffer
 * next to it (its strobes tell), so each byte counts apart. */
static void storm_tap(void *ctx, const struct mem_access *a)
{
	struct storm *s = ctx;
	struct virtqueue *vq = s->t.vm->vqs[0];
	uint64_t used = vq ? vq->used : 0;
	uint64_t used_end = vq ? used + vring_used_bytes(vq->num) : 0;
	uint64_t lo = UINT64_MAX, hi = 0, ring, first;
	struct storm_req *r = NULL;

	if (!a->write || a->violation)
		return;
	for (uint32_t i = 0; i < a->len; i++) {
		uint64_t addr = a->addr + i;

		if (!storm_strobed(a, i))
			continue;
		if (addr >= used && addr < used_end) {
			lo = addr < lo ? addr : lo;
			hi = addr + 1;
			continue;
		}
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
	if (lo >= hi)
		return;
	s->used_writes++;
	ring = used + 4; /* used->ring[0] (2.7.8) */
	if (hi <= ring)
		return;
	first = lo <= ring ? ring : ring + (lo - ring + 7) / 8 * 8;
	if (first < hi && first < ring + 8ull * vq->num)
		s->elems++;
}

/* ------------------------------------------------------------ requests */

static void storm_forget(struct storm *s, struct storm_req *r)
{
	for (unsigned i = 0; i < s->nlive; i++)
		if (s->live[i] == r) {
			s->live[i] = s->live[--s->nlive];
			break;
		}
	dma_pool_free(s->t.pool, r->addr);
	free(r->wr);
	free(r);
}

static unsigned storm_descs(const struct virtqueue *vq, unsigned pieces)
{
	if (vq->has_indirect && vq->indirect != VRING_INDIRECT_NEVER)
		return 1;
	return pieces;
}

/* A used request: the buffer's size, every byte of it written by the
 * device and none past it, random bytes; its words join the run's. */
static bool storm_take(struct storm *s, struct storm_req *r, uint32_t len)
{
	uint32_t want = r->len < STORM_RNG_MAX ? r->len : STORM_RNG_MAX;
	uint32_t wrote = 0, zeros = 0, k;
	uint8_t *b;
	bool ok;

	for (k = 0; k < len && k < r->len; k++)
		wrote += r->wr[k];
	ok = storm_check(s, len == want,
			 "request %u of %u bytes came back with used.len %u, "
			 "not its size %u",
			 r->n, r->len, len, want) &&
	     storm_check(s, wrote == len,
			 "request %u came back with used.len %u, but the "
			 "device wrote only %u of those bytes",
			 r->n, len, wrote) &&
	     storm_check(s, r->written == wrote,
			 "request %u: the device wrote %u bytes past used.len "
			 "%u",
			 r->n, r->written - wrote, len);
	if (!ok) {
		storm_forget(s, r);
		return false;
	}
	b = malloc(r->len);
	mem_read(s->t.e->mem, r->addr, b, r->len);
	for (k = 0; k < len; k++)
		zeros += b[k] == 0;
	/* a random byte is 0 one time in 256 */
	ok = storm_check(s, zeros <= 8 + len / 64,
			 "request %u: %u of its %u bytes are 0 (padding?)",
			 r->n, zeros, len);
	for (k = len; ok && k < r->len; k++)
		ok = storm_check(s, b[k] == STORM_POISON,
				 "request %u: byte %u past used.len %u changed",
				 r->n, k, len);
	/* words at multiples of 8: the generator's 64-bit outputs */
	for (k = 0; ok && k + 8 <= len; k += 8) {
		if (s->nwords == s->cap_words) {
			s->cap_words = s->cap_words ? 2 * s->cap_words : 65536;
			s->words = realloc(s->words,
					   s->cap_words * sizeof(*s->words));
		}
		s->words[s->nwords].req = r->n;
		s->words[s->nwords].resets = storm_resets(s);
		memcpy(&s->words[s->nwords++].w, b + k, 8);
	}
	free(b);
	s->reqs_back++;
	s->bytes_back += len;
	storm_forget(s, r);
	return ok;
}

/* Take the requests vq has used so far. */
static bool storm_take_all(struct storm *s, struct virtqueue *vq)
{
	struct storm_req *r;
	uint32_t len;

	while (!s->stop && (r = virtqueue_get_buf(vq, &len)))
		storm_take(s, r, len);
	return !s->stop;
}

/* Let the simulation run a little, taking the interrupt, and the requests
 * used so far. */
static bool storm_service(struct storm *s)
{
	struct tb_vq *t = &s->t;

	if (irq_mon_level(t->e->irq)) {
		virtio_mmio_interrupt(t->vm);
		t->irqs++;
	} else {
		t->hw.wait_irq(t->hw.ctx, 64);
	}
	return storm_take_all(s, t->vq[0]);
}

/* Post one request of len bytes in random pieces (waiting for room in the
 * ring): its number, or -1 after a report. */
static int64_t storm_post(struct storm *s, uint32_t len)
{
	struct tb_vq *t = &s->t;
	unsigned n = (unsigned)sim_rng_range(
		&s->rng, 1, len < STORM_PIECES ? len : STORM_PIECES);
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;
	struct scatterlist sg[STORM_PIECES];
	struct storm_req *r;
	int e;

	while (virtqueue_num_free(t->vq[0]) < storm_descs(t->vq[0], n) ||
	       s->nlive == STORM_LIVE) {
		if (!storm_check(s, sim_clock_cycles(t->e->clk) < end,
				 "the ring had no room for request %u within "
				 "%u cycles",
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
	tb_vq_split(t, &s->rng, r->addr, len, n, sg);
	e = virtqueue_add_inbuf(t->vq[0], sg, n, r);
	if (!storm_check(s, e == 0, "request %u could not be added: %d", r->n,
			 e)) {
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

/* A reset is made now: count the requests not yet back (after taking what
 * the device has already published). */
static bool storm_in_flight(struct storm *s)
{
	if (!storm_take_all(s, s->t.vq[0]))
		return false;
	s->reqs_in_flight += s->nlive;
	s->resets_in_flight += s->nlive > 0;
	return true;
}

/* The access after a reset completes (S1): Status reads 0 after a device
 * reset; after a queue reset, QueueReset and QueueReady read 0 (M7). */
static bool storm_access_completes(struct storm *s, bool device,
				   const char *what)
{
	struct virtio_mmio_device *vm = s->t.vm;
	uint32_t v = ~0u, rdy = 0;
	int r;

	if (device) {
		r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_STATUS, &v);
	} else {
		r = virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_SEL, 0, 0xf);
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
			   what, device ? "Status" : "QueueReset", v, rdy);
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
	if (!storm_access_completes(s, true, "a device reset"))
		return false;
	/* S2: from the reset's completion until the queue is set up again
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
	/* what was published before the reset is good; the rest is lost */
	if (!storm_take_all(s, t->vq[0]))
		return false;
	storm_detach_all(s, t->vq[0]);
	t->features = features[sim_rng_range(&s->rng, 0, 2)];
	t->num[0] = sizes[sim_rng_range(&s->rng, 0, 2)];
	return storm_check(s, tb_vq_init(t) == 0,
			   "the device could not be set up again after device "
			   "reset %u",
			   s->resets_device);
}

static bool storm_queue_reset(struct storm *s)
{
	struct tb_vq *t = &s->t;
	struct virtio_mmio_device *vm = t->vm;
	static const unsigned sizes[] = { 16, 64, 256 };
	struct virtqueue *old;
	uint64_t written;
	uint32_t len;

	if (!storm_in_flight(s))
		return false;
	s->resets_queue++;
	if (!storm_check(s, virtio_mmio_reset_queue(vm, 0) == 0,
			 "QueueReset %u did not complete", s->resets_queue) ||
	    !storm_access_completes(s, false, "a queue reset"))
		return false;
	old = vm->vqs[0];
	/* what was published before the reset is good */
	if (!storm_take_all(s, old))
		return false;
	/* M7: nothing is published on the old ring, nothing written into its
	 * buffers any more */
	written = s->buf_bytes;
	sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 100, 1000));
	if (!storm_check(s, !virtqueue_get_buf(old, &len),
			 "a used element appeared on the old ring after "
			 "QueueReset %u",
			 s->resets_queue) ||
	    !storm_check(s, s->buf_bytes == written,
			 "the device wrote %llu bytes into the old ring's "
			 "buffers after QueueReset %u completed",
			 (unsigned long long)(s->buf_bytes - written),
			 s->resets_queue))
		return false;
	storm_detach_all(s, old);
	vring_del_virtqueue(old);
	vm->vqs[0] = NULL;
	t->num[0] = sizes[sim_rng_range(&s->rng, 0, 2)];
	return storm_check(s,
			   virtio_mmio_setup_vq(vm, 0, t->num[0], t->pool, NULL,
						"requestq", &t->vq[0]) == 0,
			   "the queue could not be set up again after "
			   "QueueReset %u",
			   s->resets_queue);
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

/* Wait until a random cycle of the way of k requests (bytes in all)
 * through the device: anywhere in it; a few cycles after a write into the
 * used ring; or just after the device's writes were all answered once a
 * given used element is out, the cycles in which the publisher starts the
 * used index write that may be its last before the device goes quiet. */
static void storm_wait_random_cycle(struct storm *s, unsigned k, uint64_t bytes)
{
	struct tb_vq *t = &s->t;
	bool slow = axi_mem_cfg(t->e->axim)->rd_lat_min >= STORM_SLOW_LAT;
	uint64_t span = (k * 300 + bytes / 4) * (slow ? 3 : 1);
	uint64_t end = sim_clock_cycles(t->e->clk) + 2 * span;
	unsigned mode = (unsigned)sim_rng_range(&s->rng, 0, 9);

	if (mode < 2) {
		/* anywhere in the traffic */
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, span));
	} else if (mode < 4) {
		/* a little after the device wrote the used ring */
		uint64_t target =
			s->used_writes + sim_rng_range(&s->rng, 1, 2 * k);

		while (s->used_writes < target &&
		       sim_clock_cycles(t->e->clk) < end)
			sim_wait_cycles(t->e->sim, 1);
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, 48));
	} else {
		/* right after every write of the device was answered, once
		 * the m-th used element is written: the moment the device
		 * publishes it, and may then go quiet */
		uint64_t m = sim_rng_chance(&s->rng, 500)
				     ? k
				     : sim_rng_range(&s->rng, 1, k);
		uint64_t elems = s->elems + m;
		struct axi_mem_stats st;

		while (sim_clock_cycles(t->e->clk) < end) {
			sim_wait_cycles(t->e->sim, 1);
			axi_mem_stats(t->e->axim, &st);
			if (s->elems >= elems && st.b == st.aw)
				break;
		}
		sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 0, 3));
	}
}

/* A random request size: mostly small, some up to STORM_MAX_LEN. */
static uint32_t storm_size(struct storm *s)
{
	unsigned k = (unsigned)sim_rng_range(&s->rng, 0, 9);

	if (k < 3)
		return (uint32_t)sim_rng_range(&s->rng, 1, 16);
	if (k < 7)
		return (uint32_t)sim_rng_range(&s->rng, 1, 512);
	return (uint32_t)sim_rng_range(&s->rng, 512, STORM_MAX_LEN);
}

/* k requests of random sizes: the bytes asked for. */
static uint64_t storm_traffic(struct storm *s, unsigned k)
{
	uint64_t bytes = 0;

	for (unsigned i = 0; i < k && !s->stop; i++) {
		uint32_t len = storm_size(s);

		if (storm_post(s, len) >= 0)
			bytes += len;
	}
	return bytes;
}

/* Requests resume after a reset: a marker request always comes back, and
 * with it every request made before (one chain at a time, in order). */
static bool storm_marker(struct storm *s)
{
	struct tb_vq *t = &s->t;
	int64_t m = storm_post(s, (uint32_t)sim_rng_range(&s->rng, 8, 64));
	uint64_t end = sim_clock_cycles(t->e->clk) + STORM_WAIT;

	if (m < 0)
		return false;
	s->markers_sent++;
	while (s->nlive) {
		if (!storm_check(s, sim_clock_cycles(t->e->clk) < end,
				 "the marker (request %lld) after reset %u did "
				 "not come back within %u cycles (%u requests "
				 "posted)",
				 (long long)m, storm_resets(s), STORM_WAIT,
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

		if (!storm_check(s, a->w != b->w,
				 "the random word 0x%016llx came in request %u "
				 "(after %u resets) and again in request %u "
				 "(after %u resets)",
				 (unsigned long long)a->w, a->req, a->resets,
				 b->req, b->resets))
			return;
	}
}

static void storm_body(struct tb_vq *t)
{
	struct storm *s = storm_of(t);

	s->rng = sim_rng(t->e->sim, "storm");
	s->mem_fast = *axi_mem_cfg(t->e->axim);
	t->nq = 1;
	t->num[0] = 64;
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
		case STORM_QRESET: storm_queue_reset(s); break;
		default:
			/* a queue reset, requests on the new ring, later a
			 * device reset at a random cycle */
			s->resets_queue_then_device++;
			if (!storm_queue_reset(s) || !storm_marker(s))
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
		s->iterations++;
	}
	mem_tap_remove(t->e->mem, storm_tap, s);
	if (s->stop)
		return;
	storm_no_repeats(s);
	tb_vq_check(t, s->iterations == STORM_ITERS,
		    "only %u of %u iterations ran", s->iterations, STORM_ITERS);
	tb_vq_check(t, s->markers_back == s->markers_sent,
		    "only %u of %u markers came back after their resets",
		    s->markers_back, s->markers_sent);
	tb_vq_check(t, s->reqs_back + s->reqs_lost == s->reqs_sent,
		    "%u requests were made, but %u came back and %u were lost",
		    s->reqs_sent, s->reqs_back, s->reqs_lost);
	tb_vq_check(t, s->reqs_lost <= s->reqs_in_flight,
		    "%u requests were lost, but only %u were in flight at a "
		    "reset",
		    s->reqs_lost, s->reqs_in_flight);
	tb_vq_check(t, s->stray_bytes == 0,
		    "the device wrote %llu bytes outside the used ring and "
		    "the posted buffers, the first at 0x%llx",
		    (unsigned long long)s->stray_bytes,
		    (unsigned long long)s->stray_addr);
}

START_TEST(test_r3_rng_reset_storm_device_and_queue_resets_during_requests)
{
	struct storm s = { 0 };
	unsigned resets;

	tb_vq_cfg(_i, &s.t);
	s.t.max_cycles = 200000000;
	tb_vq_run(&s.t, storm_body, NULL);
	free(s.words);
	tb_env_assert_clean(s.t.e); /* a wedge: the access timed out */
	resets = storm_resets(&s);
	printf("rng storm: seed 0x%llx: %u resets (device %u, queue %u, queue "
	       "then device %u; %u with requests in flight), %u iterations "
	       "(%u on slow memory), requests made %u (markers %u), back %u, "
	       "lost %u (written in part %u), random bytes back %llu, words "
	       "checked for repeats %zu\n",
	       (unsigned long long)tb_seed(_i), resets, s.resets_device,
	       s.resets_queue, s.resets_queue_then_device, s.resets_in_flight,
	       s.iterations, s.slow_iterations, s.reqs_sent, s.markers_sent,
	       s.reqs_back, s.reqs_lost, s.reqs_cut,
	       (unsigned long long)s.bytes_back, s.nwords);
	fflush(stdout);
	for (unsigned i = 0; i < s.nlive; i++) {
		free(s.live[i]->wr);
		free(s.live[i]);
	}
	ck_assert_msg(!s.stop, "the storm stopped in iteration %u of %u",
		      s.iterations, STORM_ITERS);
	ck_assert_msg(resets >= 100, "the storm made %u resets, fewer than 100",
		      resets);
	ck_assert_msg(s.resets_device > 0 && s.resets_queue > 0 &&
			      s.resets_queue_then_device > 0,
		      "not every kind of reset ran: %u device, %u queue, %u "
		      "queue then device",
		      s.resets_device, s.resets_queue,
		      s.resets_queue_then_device);
	ck_assert_msg(s.slow_iterations > 0, "no iteration ran on slow memory");
	ck_assert_msg(s.resets_in_flight > 0 && s.reqs_cut > 0,
		      "no reset hit a request in flight (%u resets found "
		      "some, %u requests written in part)",
		      s.resets_in_flight, s.reqs_cut);
	tb_vq_done(&s.t);
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
