/* SPDX-License-Identifier: MIT */
/*
 * tb_storm.c - the reset storm on the ring-engine harness.
 */
#include "tb_storm.h"

#include "virtio_mmio_regs.h"

#include <stdarg.h>
#include <stdio.h>

/* Ring sizes after a reset (QueueSizeMax is 256 or more). */
static const unsigned tb_storm_sizes[] = { 16, 64, 256 };

/* Queues of the harness: receiveq and transmitq, or the request queue. */
static unsigned tb_storm_queues(const struct tb_storm *st)
{
	return st->t.nq ? st->t.nq : 2;
}

/* Queue q in messages. */
static const char *tb_storm_qname(const struct tb_storm *st, unsigned q)
{
	if (st->t.nq == 1)
		return "request queue";
	return q == TB_VQ_RX ? "receive queue" : "transmit queue";
}

bool tb_storm_fail(struct tb_storm *st)
{
	st->stop = true;
	return false;
}

unsigned tb_storm_resets(const struct tb_storm *st)
{
	return st->resets_device + st->resets_queue[0] + st->resets_queue[1];
}

/* Set the device up: the device's way, or tb_vq_init. */
static int tb_storm_init(struct tb_storm *st)
{
	return st->ops->init ? st->ops->init(&st->t) : tb_vq_init(&st->t);
}

/* ------------------------------------------------------------ the run */

/* Tap: count the device's writes into the used rings, and those that hold
 * the first byte of a used element of queue 0: the moments around which
 * the publisher's next write starts. A beat may hold bytes of a used ring
 * and of a buffer next to it, so only the bytes its strobes write count.
 * Then the device's own tap. */
static void tb_storm_tap(void *ctx, const struct mem_access *a)
{
	struct tb_storm *st = ctx;
	const uint64_t el = VRING_USED_ELEM_SIZE;

	if (!a->write || a->violation)
		return;
	for (unsigned q = 0; q < tb_storm_queues(st); q++) {
		struct virtqueue *vq = st->t.vm->vqs[q];
		uint64_t lo = UINT64_MAX, hi = 0, ring, first, from, to;

		if (!vq)
			continue;
		/* the access's bytes in the used ring, those written */
		from = a->addr > vq->used ? a->addr : vq->used;
		to = a->addr + a->len;
		if (to > vq->used + vring_used_bytes(vq->num))
			to = vq->used + vring_used_bytes(vq->num);
		for (uint64_t addr = from; addr < to; addr++) {
			if (!a->strb || a->strb[addr - a->addr]) {
				lo = addr < lo ? addr : lo;
				hi = addr + 1;
			}
		}
		if (lo >= hi)
			continue;
		st->used_writes++;
		ring = vq->used + VRING_USED_RING;
		if (q != 0 || hi <= ring)
			continue;
		/* the first element start at or after the write's first byte */
		first = lo <= ring ? ring
				   : ring + (lo - ring + el - 1) / el * el;
		if (first < hi && first < ring + el * vq->num)
			st->used_elems++;
	}
	if (st->ops->tap)
		st->ops->tap(st, a);
}

void tb_storm_summary(const struct tb_storm *st, const char *name,
		      const char *fmt, ...)
{
	va_list ap;

	printf("%s: seed 0x%llx: %u resets (device %u", name,
	       (unsigned long long)st->t.cfg.seed, tb_storm_resets(st),
	       st->resets_device);
	for (unsigned q = 0; q < tb_storm_queues(st); q++)
		printf(", %s %u", tb_storm_qname(st, q), st->resets_queue[q]);
	printf(", queue then device %u), %u iterations (%u on slow memory), ",
	       st->resets_queue_then_device, st->iterations,
	       st->slow_iterations);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void tb_storm_assert(const struct tb_storm *st)
{
	const struct tb_storm_ops *ops = st->ops;
	unsigned resets = tb_storm_resets(st);
	bool every = st->resets_device > 0 && st->resets_queue_then_device > 0;
	char kinds[128];
	int n;

	tb_env_assert_clean(st->t.e); /* a wedge: the access timed out */
	n = snprintf(kinds, sizeof(kinds), "%u device", st->resets_device);
	for (unsigned q = 0; q < tb_storm_queues(st); q++) {
		every = every && st->resets_queue[q] > 0;
		n += snprintf(kinds + n, sizeof(kinds) - (size_t)n, ", %u %s",
			      st->resets_queue[q], tb_storm_qname(st, q));
	}
	ck_assert_msg(!st->stop, "the storm stopped in iteration %u of %u",
		      st->iterations, ops->iters);
	ck_assert_msg(resets >= 100, "the storm made %u resets, fewer than 100",
		      resets);
	ck_assert_msg(every,
		      "not every kind of reset ran: %s, %u queue then device",
		      kinds, st->resets_queue_then_device);
	ck_assert_msg(st->slow_iterations > 0,
		      "no iteration ran on slow memory");
}

/* Memory timing of one iteration: the run's random one, or slow. */
static void tb_storm_memory(struct tb_storm *st)
{
	struct axi_mem_cfg *mc = axi_mem_cfg(st->t.e->axim);

	if (sim_rng_chance(&st->rng, 250)) {
		st->slow_iterations++;
		mc->rd_lat_min = TB_STORM_SLOW_LAT;
		mc->rd_lat_max = (unsigned)sim_rng_range(
			&st->rng, TB_STORM_SLOW_LAT, 2 * TB_STORM_SLOW_LAT);
		mc->wr_lat_min = TB_STORM_SLOW_LAT;
		mc->wr_lat_max = (unsigned)sim_rng_range(
			&st->rng, TB_STORM_SLOW_LAT, 2 * TB_STORM_SLOW_LAT);
	} else {
		mc->rd_lat_min = st->mem_fast.rd_lat_min;
		mc->rd_lat_max = st->mem_fast.rd_lat_max;
		mc->wr_lat_min = st->mem_fast.wr_lat_min;
		mc->wr_lat_max = st->mem_fast.wr_lat_max;
	}
}

/* Bytes the device has moved over its DMA port. */
static uint64_t tb_storm_dma_bytes(struct tb_storm *st)
{
	struct axi_mem_stats ms;

	axi_mem_stats(st->t.e->axim, &ms);
	return ms.rd_bytes + ms.wr_bytes;
}

/* Wait until a random cycle of batch b's way through the device: anywhere
 * in it; in the middle of its data, after a random number of bytes moved
 * (ops->data_wait); a few cycles after a write into a used ring; or just
 * after the device's writes were all answered once the m-th unit's used
 * element is out (m = k one time in two), the cycles in which the
 * publisher starts the used index write that may be its last before the
 * device goes quiet. */
static void tb_storm_wait_random_cycle(struct tb_storm *st,
				       const struct tb_storm_batch *b)
{
	struct tb_vq *t = &st->t;
	bool slow = axi_mem_cfg(t->e->axim)->rd_lat_min >= TB_STORM_SLOW_LAT;
	uint64_t span = b->span * (slow ? 3 : 1);
	uint64_t end = sim_clock_cycles(t->e->clk) + 2 * span;
	unsigned mode = (unsigned)sim_rng_range(&st->rng, 0, 9);

	if (!st->ops->data_wait && mode >= 2)
		mode += 2; /* its share goes to the modes after it */
	if (mode < 2) {
		/* anywhere in the traffic */
		sim_wait_cycles(t->e->sim, sim_rng_range(&st->rng, 0, span));
	} else if (mode < 4) {
		/* in the middle of the data */
		uint64_t bytes = tb_storm_dma_bytes(st) +
				 sim_rng_range(&st->rng, 0, b->data);

		while (tb_storm_dma_bytes(st) < bytes &&
		       sim_clock_cycles(t->e->clk) < end)
			sim_wait_cycles(t->e->sim, 1);
		sim_wait_cycles(t->e->sim, sim_rng_range(&st->rng, 0, 8));
	} else if (mode < 6) {
		/* a little after the device wrote a used ring */
		uint64_t target =
			st->used_writes + sim_rng_range(&st->rng, 1, 2 * b->k);

		while (st->used_writes < target &&
		       sim_clock_cycles(t->e->clk) < end)
			sim_wait_cycles(t->e->sim, 1);
		sim_wait_cycles(t->e->sim, sim_rng_range(&st->rng, 0, 48));
	} else {
		/* right after every write of the device was answered, once
		 * the m-th unit's used element is written: the moment the
		 * device publishes it, and may then go quiet */
		uint64_t m = sim_rng_chance(&st->rng, 500)
				     ? b->k
				     : sim_rng_range(&st->rng, 1, b->k);
		uint64_t elems = st->used_elems + m;
		struct axi_mem_stats ms;

		while (sim_clock_cycles(t->e->clk) < end) {
			sim_wait_cycles(t->e->sim, 1);
			axi_mem_stats(t->e->axim, &ms);
			if (st->used_elems >= elems && ms.b == ms.aw)
				break;
		}
		sim_wait_cycles(t->e->sim, sim_rng_range(&st->rng, 0, 3));
	}
}

/* A batch of k units, and the wait for a random cycle of it. */
static bool tb_storm_batch(struct tb_storm *st, unsigned k)
{
	struct tb_storm_batch b = { .k = k };

	if (!st->ops->traffic(st, &b))
		return false;
	tb_storm_wait_random_cycle(st, &b);
	return true;
}

/* The iterations. */
static void tb_storm_run(struct tb_storm *st)
{
	const struct tb_storm_ops *ops = st->ops;
	unsigned queues = tb_storm_queues(st);

	for (unsigned it = 0; it < ops->iters && !st->stop; it++) {
		/* 0: a device reset; 1..queues: a QueueReset of queue a - 1;
		 * queues + 1: a QueueReset, then a device reset */
		unsigned a = (unsigned)sim_rng_range(&st->rng, 0, queues + 1);
		unsigned k = (unsigned)sim_rng_range(&st->rng, 1, ops->max_k);
		unsigned q;

		tb_storm_memory(st);
		if (!tb_storm_batch(st, k))
			break;
		if (a == 0) {
			ops->device_reset(st);
		} else if (a <= queues) {
			ops->queue_reset(st, a - 1);
		} else {
			/* the sequence that once wedged the device: a
			 * QueueReset, traffic on the new ring, later a device
			 * reset at a random cycle of it */
			st->resets_queue_then_device++;
			q = queues > 1 ? (unsigned)sim_rng_range(&st->rng, 0,
								 queues - 1)
				       : 0;
			if (ops->queue_reset(st, q) && ops->marker(st) &&
			    tb_storm_batch(st,
					   (unsigned)sim_rng_range(&st->rng, 1,
								   ops->max_k)))
				ops->device_reset(st);
		}
		if (st->stop || !ops->marker(st))
			break;
		/* what the marker's traffic left (transmit buffers) */
		for (q = 0; q < queues && !st->stop; q++)
			tb_storm_reap(st, q);
		if (st->stop)
			break;
		st->iterations++;
	}
}

/* The body of every storm: set-up, the iterations, the device's last
 * word. */
static void tb_storm_body(struct tb_vq *t)
{
	struct tb_storm *st = tb_container_of(t, struct tb_storm, t);
	const struct tb_storm_ops *ops = st->ops;

	st->rng = sim_rng(t->e->sim, "storm");
	st->mem_fast = *axi_mem_cfg(t->e->axim);
	mem_tap_add(t->e->mem, tb_storm_tap, st);
	t->num[0] = t->num[1] = 64;
	if (tb_storm_init(st))
		tb_storm_fail(st);
	if (!st->stop && ops->setup)
		ops->setup(st);
	tb_storm_run(st);
	mem_tap_remove(t->e->mem, tb_storm_tap, st);
	if (st->stop)
		return;
	tb_vq_check(t, st->iterations == ops->iters,
		    "only %u of %u iterations ran", st->iterations, ops->iters);
	if (ops->finish)
		ops->finish(st);
}

void tb_storm_test(int i, struct tb_storm *st, const struct tb_storm_ops *ops)
{
	tb_vq_cfg(i, &st->t);
	st->t.max_cycles = 200000000;
	st->ops = ops;
	tb_vq_run(&st->t, tb_storm_body, NULL);
}

/* -------------------------------------------------------------- resets */

bool tb_storm_reap(struct tb_storm *st, unsigned q)
{
	void *token;
	uint32_t len;

	while (!st->stop && (token = virtqueue_get_buf(st->t.vq[q], &len)))
		st->ops->take(st, q, token, len);
	return !st->stop;
}

bool tb_storm_reset_done(struct tb_vq *t, int q, const char *what)
{
	struct virtio_mmio_device *vm = t->vm;
	uint32_t v = ~0u, ready = 0;
	int r;

	if (q < 0) {
		r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_STATUS, &v);
	} else {
		r = virtio_mmio_raw_write(vm, VIRTIO_MMIO_QUEUE_SEL,
					  (uint32_t)q, 0xf);
		if (r == AXI_OKAY)
			r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_RESET,
						 &v);
		if (r == AXI_OKAY)
			r = virtio_mmio_raw_read(vm, VIRTIO_MMIO_QUEUE_READY,
						 &ready);
	}
	if (!tb_vq_check(t, r == AXI_OKAY,
			 "the register access after %s did not complete "
			 "(%d): the reset wedged",
			 what, r))
		return false;
	if (q < 0)
		return tb_vq_check(t, v == 0,
				   "after %s the device reads Status 0x%x, "
				   "not 0",
				   what, v);
	return tb_vq_check(t, v == 0 && ready == 0,
			   "after %s the device reads QueueReset 0x%x and "
			   "QueueReady %u, want 0 and 0",
			   what, v, ready);
}

bool tb_storm_device_reset(struct tb_storm *st)
{
	struct tb_vq *t = &st->t;
	uint32_t isr = ~0u;
	uint64_t dma;

	snprintf(st->what, sizeof(st->what), "device reset %u",
		 ++st->resets_device);
	/* Linux's vm_reset: write 0 and go on, no poll */
	virtio_reset_device(&t->vm->vdev);
	if (!tb_storm_reset_done(t, -1, st->what))
		return tb_storm_fail(st);
	/* S2: from the reset's completion until the queues are set up again
	 * the device touches no memory and sends no interrupt */
	dma = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, sim_rng_range(&st->rng, 200, 1500));
	if (!tb_storm_check(st, tb_vq_dma_count(t) == dma,
			    "the device made %llu DMA transactions after %s "
			    "completed",
			    (unsigned long long)(tb_vq_dma_count(t) - dma),
			    st->what) ||
	    !tb_storm_check(st, !irq_mon_level(t->e->irq),
			    "the interrupt line is high after %s", st->what))
		return false;
	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &isr);
	if (!tb_storm_check(st, isr == 0, "InterruptStatus reads 0x%x after %s",
			    isr, st->what))
		return false;
	/* what was published before the reset is good */
	for (unsigned q = 0; q < tb_storm_queues(st); q++)
		if (!tb_storm_reap(st, q))
			return false;
	return true;
}

bool tb_storm_setup_again(struct tb_storm *st)
{
	static const uint64_t features[] = {
		0, /* everything offered */
		~(1ull << VIRTIO_RING_F_EVENT_IDX),
		~(1ull << VIRTIO_RING_F_INDIRECT_DESC),
	};
	struct tb_vq *t = &st->t;

	t->features = features[sim_rng_range(&st->rng, 0, 2)];
	for (unsigned q = 0; q < tb_storm_queues(st); q++)
		t->num[q] = tb_storm_sizes[sim_rng_range(&st->rng, 0, 2)];
	return tb_storm_check(st, tb_storm_init(st) == 0,
			      "the device could not be set up again after %s",
			      st->what);
}

struct virtqueue *tb_storm_queue_reset(struct tb_storm *st, unsigned q)
{
	const struct tb_storm_ops *ops = st->ops;
	struct tb_vq *t = &st->t;
	struct virtqueue *old = t->vq[q];
	uint64_t written = 0;
	char unit[96] = "";
	uint32_t len = 0;
	void *late;

	snprintf(st->what, sizeof(st->what), "QueueReset %u of the %s",
		 ++st->resets_queue[q], tb_storm_qname(st, q));
	if (!tb_storm_check(st, virtio_mmio_reset_queue(t->vm, q) == 0,
			    "%s did not complete", st->what))
		return NULL;
	if (!tb_storm_reset_done(t, (int)q, st->what)) {
		tb_storm_fail(st);
		return NULL;
	}
	/* what was published before the reset is good */
	if (!tb_storm_reap(st, q))
		return NULL;
	/* M7: the queue forgot its state; nothing more is published on the
	 * old ring, nothing written into its buffers */
	if (ops->buf_bytes)
		written = ops->buf_bytes(st, q);
	sim_wait_cycles(t->e->sim, sim_rng_range(&st->rng, 100, 1000));
	late = virtqueue_get_buf(old, &len);
	if (late && ops->describe)
		ops->describe(st, late, unit, sizeof(unit));
	if (!tb_storm_check(st, !late,
			    "a used element (%s%sused.len %u) appeared on the "
			    "old ring after %s",
			    unit, *unit ? ", " : "", len, st->what))
		return NULL;
	if (ops->buf_bytes &&
	    !tb_storm_check(
		    st, ops->buf_bytes(st, q) == written,
		    "the device wrote %llu bytes into the old ring's "
		    "buffers after %s completed",
		    (unsigned long long)(ops->buf_bytes(st, q) - written),
		    st->what))
		return NULL;
	return old;
}

bool tb_storm_ring_replace(struct tb_vq *t, struct sim_rng *rng, unsigned q,
			   const char *what)
{
	struct virtio_mmio_device *vm = t->vm;
	unsigned num = tb_storm_sizes[sim_rng_range(rng, 0, 2)];
	char name[sizeof(vm->vqs[q]->name)];
	int r;

	while (virtqueue_detach_unused_buf(vm->vqs[q]))
		;
	snprintf(name, sizeof(name), "%s", vm->vqs[q]->name);
	vring_del_virtqueue(vm->vqs[q]);
	vm->vqs[q] = NULL;
	t->num[q] = num;
	r = virtio_mmio_setup_vq(vm, q, num, t->pool, NULL, name, &t->vq[q]);
	return tb_vq_check(t, r == 0,
			   "queue %u (%s) could not be set up again with %u "
			   "entries after %s: %d",
			   q, name, num, what, r);
}

bool tb_storm_new_ring(struct tb_storm *st, unsigned q)
{
	return tb_storm_ring_replace(&st->t, &st->rng, q, st->what) ||
	       tb_storm_fail(st);
}

/* ------------------------------------------------------------ helpers */

unsigned tb_storm_descs(const struct virtqueue *vq, unsigned n)
{
	if (vq->has_indirect && vq->indirect != VRING_INDIRECT_NEVER)
		return 1;
	return n;
}

bool tb_storm_interrupt(struct tb_storm *st)
{
	struct tb_vq *t = &st->t;

	if (!irq_mon_level(t->e->irq))
		return false;
	virtio_mmio_interrupt(t->vm);
	t->irqs++;
	return true;
}

void tb_storm_idle(struct tb_storm *st)
{
	if (!irq_mon_level(st->t.e->irq))
		st->t.hw.wait_irq(st->t.hw.ctx, 64);
}

bool tb_storm_take_tx(struct tb_storm *st, struct tb_frame *f, uint32_t len)
{
	tb_vq_free_frame(&st->t, f);
	return tb_storm_check(st, len == 0,
			      "a transmit buffer came back with used.len %u "
			      "instead of 0",
			      len);
}
