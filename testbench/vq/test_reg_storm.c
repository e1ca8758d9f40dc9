/* SPDX-License-Identifier: MIT */
/*
 * test_reg_storm.c - the register storm on the virtio-net loopback
 * (rtl/vio_top.v): random register accesses against a live device, then
 * recovery (CONFORMANCE "Register misuse", S1, S2, S3, M1, M2, M5, M8;
 * table E: no DMA after NEEDS_RESET).
 *
 * A round brings the device up with frames in flight, then makes a
 * thousand accesses at random offsets of the 4 KiB window (biased to the
 * real registers and to those that move state: Status, the queue
 * registers), with random values, byte strobes (0 and partial included)
 * and misaligned addresses, reads and writes mixed, and now and then a
 * plausible bring-up with random ring addresses, so that the engine runs
 * on garbage.
 * Every access is answered OKAY within the master's timeout; every read
 * whose value is known reads right. The device may end the storm in
 * NEEDS_RESET and then starts no DMA. DMA outside what the model allows is
 * expected during the storm (the rings point anywhere) and counted; the
 * model's books of the rings in flight are given up (broken, as Linux's
 * virtio_break_device), so its ring checks stay quiet. Recovery: a reset
 * stops all DMA and reads back 0 at once, a normal initialisation works,
 * frames loop back intact, Status reads 0x0f, and no DMA strays again.
 * In blocking mode no DMA may move between a reset's answer and the next
 * write that could start a queue (S1, S2).
 *
 * The misuse storm makes only accesses the device must ignore (read-only
 * registers written, unknown offsets, partial strobes and misaligned
 * addresses below 0x100, configuration offsets past its end, write-only
 * registers read) while frames flow: every misuse read returns 0, every
 * readable register reads what it read before, and every frame comes back
 * intact and in order.
 *
 * Both storms run with the blocking master (one access at a time; reads
 * are checked against the exact state, which the test tracks) and
 * pipelined (up to 8 accesses in flight, posted writes in some rounds,
 * RREADY/BREADY stalls changed per round; reads are checked against what
 * any order could give).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define RS_NQ 2		   /* queues of the net device: rx, tx */
#define RS_CFG_SIZE 64	   /* configuration bytes (rtl/vio_top.v) */
#define RS_WINDOW 0x1000u  /* the register window */
#define RS_TIMEOUT 4000	   /* cycles within which every access is answered */
#define RS_ROUNDS 40	   /* rounds of the random storm */
#define RS_ACCESSES 1000   /* random accesses per round, at least */
#define RS_MISUSE_ROUNDS 6 /* rounds of the misuse storm */
#define RS_MISUSE_ACCESSES 400 /* misuse accesses per round */
#define RS_MISUSE_FRAMES 60    /* frames flowing during each misuse round */
#define RS_FRAMES 6	       /* frames looped back after a recovery */
#define RS_MAX_LEN 1526u       /* 1514 + the 12-byte header */
#define RS_QUIET 2000	       /* cycles watched for DMA that must not come */
#define RS_MAX_PEND 8	       /* accesses in flight (pipelined) */
#define RS_LIVE                                                       \
	(VIRTIO_MMIO_STATUS_ACKNOWLEDGE | VIRTIO_MMIO_STATUS_DRIVER | \
	 VIRTIO_MMIO_STATUS_FEATURES_OK | VIRTIO_MMIO_STATUS_DRIVER_OK)

#define RS_NREGS \
	(sizeof(virtio_mmio_reg_table) / sizeof(virtio_mmio_reg_table[0]))

/* One register access. */
struct rs_acc {
	bool write;
	unsigned off;  /* byte offset in the window */
	uint32_t val;  /* write data */
	unsigned strb; /* write strobes */
};

/* What a read may return: one of v[0..n-1], or (n == 0) any value with
 * no bit outside mask. */
struct rs_want {
	uint32_t v[3];
	unsigned n;
	uint32_t mask;
	const char *why; /* the rule, for the message */
};

/* An access in flight (pipelined). */
struct rs_pend {
	struct axil_req *req;
	struct rs_acc a;
	uint64_t index; /* its number in the round */
};

/* What a storm did, for the report and the checks on it. */
struct rs_counts {
	unsigned rounds;	  /* rounds completed with their recovery */
	uint64_t accesses;	  /* accesses answered */
	uint64_t reads, writes;	  /* of those */
	uint64_t misaligned;	  /* below 0x100, not 32-bit aligned */
	uint64_t cfg_past;	  /* configuration offsets past its end */
	uint64_t strb_partial;	  /* writes with strobes 0x1..0xe */
	uint64_t strb_zero;	  /* writes with no strobe */
	uint64_t posted;	  /* writes posted (pipelined) */
	uint64_t status_writes;	  /* aligned full writes of Status */
	uint64_t resets;	  /* of those with bits 7:0 zero: resets */
	uint64_t bringups;	  /* plausible bring-ups inside storms */
	uint64_t reads_exact;	  /* reads checked against known values */
	uint64_t reads_bounded;	  /* reads checked against a bit mask */
	uint64_t dma_storm;	  /* DMA transactions during storms */
	uint64_t perm_storm;	  /* DMA accesses the model forbade */
	unsigned needs_reset_end; /* storms that ended in NEEDS_RESET */
	unsigned driver_ok_end;	  /* storms that ended with DRIVER_OK */
	uint64_t max_latency;	  /* cycles of the slowest access (blocking) */
	uint64_t max_reset_latency;   /* ... of the slowest Status = 0 write */
	uint64_t frames;	      /* frames looped back intact */
	uint64_t frames_during;	      /* misuse: of those, during the storms */
	uint64_t checks;	      /* checks made */
	uint64_t cycles;	      /* simulated cycles */
	struct axil_master_stats bus; /* the master's counters */
};

struct rs {
	struct tb_vq t;	  /* first: the body gets &t */
	bool pipelined;	  /* several accesses in flight */
	bool misuse;	  /* only accesses that must be ignored */
	const char *name; /* the test, for the report */
	struct sim_rng rng;

	/* what the device reads, learned once at the start */
	uint32_t feat[2];	       /* DeviceFeatures words 0 and 1 */
	uint32_t qmax;		       /* QueueNumMax of an existing queue */
	uint32_t gen;		       /* ConfigGeneration */
	uint32_t cfg[RS_CFG_SIZE / 4]; /* the configuration space */
	uint64_t hot[8];	       /* ring addresses of the last set-up */
	unsigned nhot;

	/* state tracked through the storm (blocking only) */
	unsigned dfsel;	  /* DeviceFeaturesSel: 0, 1, or 2 (any other) */
	bool qsel_exists; /* QueueSel names an existing queue */
	bool fresh; /* reset, and no Status, QueueReady or QueueReset write
		     * since: the reset state reads back exactly, and no DMA
		     * moves (S2) */
	uint64_t fresh_dma;   /* DMA transfers when the reset was answered */
	uint64_t fresh_cycle; /* ... and the cycle */

	/* accesses in flight (pipelined) */
	struct rs_pend pend[RS_MAX_PEND];
	unsigned npend, head;
	unsigned window; /* in flight at most, this round */
	bool posting;	 /* posted writes this round */

	unsigned round;
	uint64_t index; /* accesses issued in this round */
	struct rs_counts c;
	bool stop; /* a check failed: the run ends */
};

static struct rs *rs_of(struct tb_vq *t)
{
	return (struct rs *)t;
}

static bool rs_fail(struct rs *s)
{
	s->stop = true;
	return false;
}

/* Check cond in the sequence, counted; a failure ends the storm. */
#define rs_check(s, cond, ...) \
	((s)->c.checks++,      \
	 tb_vq_check(&(s)->t, cond, __VA_ARGS__) ? true : rs_fail(s))

static uint64_t rs_cycles(const struct rs *s)
{
	return sim_clock_cycles(s->t.e->clk);
}

/* ------------------------------------------------------------ registers */

/* The version 2 register at aligned offset off, or NULL. */
static const struct virtio_mmio_reg_info *rs_reg(unsigned off)
{
	for (size_t i = 0; i < RS_NREGS; i++)
		if (virtio_mmio_reg_table[i].offset == off &&
		    virtio_mmio_reg_table[i].modern)
			return &virtio_mmio_reg_table[i];
	return NULL;
}

/* Describe offset off for a message. */
static const char *rs_where(unsigned off, char *buf, size_t len)
{
	const struct virtio_mmio_reg_info *r = rs_reg(off & ~3u);

	if (off >= VIRTIO_MMIO_CONFIG) {
		unsigned k = off - VIRTIO_MMIO_CONFIG;

		snprintf(buf, len, "configuration byte %u (0x%03x)%s", k, off,
			 k < RS_CFG_SIZE ? "" : ", past its end");
	} else if (off & 3) {
		snprintf(buf, len, "0x%03x (misaligned, inside %s)", off,
			 r ? r->name : "no register");
	} else {
		snprintf(buf, len, "%s (0x%03x)", r ? r->name : "no register",
			 off);
	}
	return buf;
}

/* A random version 2 register offset below the configuration space whose
 * readable and writable flags are as asked (1 or 0; -1: either). */
static unsigned rs_pick_reg(struct sim_rng *g, int readable, int writable)
{
	unsigned offs[RS_NREGS], n = 0;

	for (size_t i = 0; i < RS_NREGS; i++) {
		const struct virtio_mmio_reg_info *r =
			&virtio_mmio_reg_table[i];

		if (!r->modern || r->offset >= VIRTIO_MMIO_CONFIG)
			continue;
		if ((readable >= 0 && r->readable != readable) ||
		    (writable >= 0 && r->writable != writable))
			continue;
		offs[n++] = r->offset;
	}
	return offs[sim_rng_range(g, 0, n - 1)];
}

/* A random aligned offset below 0x100 that names no version 2 register
 * (the gaps, and the legacy-only registers). */
static unsigned rs_pick_unknown(struct sim_rng *g)
{
	unsigned off;

	do
		off = 4u * (unsigned)sim_rng_range(g, 0, 63);
	while (rs_reg(off));
	return off;
}

/* The registers that move state, the storm's favourites. */
static const unsigned rs_hot_regs[] = {
	VIRTIO_MMIO_STATUS,
	VIRTIO_MMIO_STATUS,
	VIRTIO_MMIO_QUEUE_SEL,
	VIRTIO_MMIO_QUEUE_NUM,
	VIRTIO_MMIO_QUEUE_READY,
	VIRTIO_MMIO_QUEUE_RESET,
	VIRTIO_MMIO_QUEUE_NOTIFY,
	VIRTIO_MMIO_QUEUE_DESC_LOW,
	VIRTIO_MMIO_QUEUE_DESC_HIGH,
	VIRTIO_MMIO_QUEUE_AVAIL_LOW,
	VIRTIO_MMIO_QUEUE_AVAIL_HIGH,
	VIRTIO_MMIO_QUEUE_USED_LOW,
	VIRTIO_MMIO_QUEUE_USED_HIGH,
	VIRTIO_MMIO_INTERRUPT_ACK,
	VIRTIO_MMIO_DRIVER_FEATURES,
	VIRTIO_MMIO_DRIVER_FEATURES_SEL,
	VIRTIO_MMIO_DEVICE_FEATURES_SEL,
};

/* A value worth writing to the register at off (any alignment). */
static uint32_t rs_value(struct rs *s, unsigned off)
{
	static const uint32_t status[] = { 0x01, 0x03, 0x0b, 0x0f, 0x8b,
					   0x80, 0x40, 0x4f, 0x07, 0x04 };
	struct sim_rng *g = &s->rng;
	uint32_t any = (uint32_t)sim_rng_u64(g);
	unsigned p = (unsigned)sim_rng_range(g, 0, 99);

	switch (off & ~3u) {
	case VIRTIO_MMIO_STATUS:
		if (p < 20)
			return 0; /* a reset */
		if (p < 25)
			return any & 0xffffff00u; /* a reset too: 7:0 zero */
		if (p < 55)
			return any & 0xff;
		if (p < 85)
			return status[sim_rng_range(g, 0, 9)];
		return any;
	case VIRTIO_MMIO_QUEUE_SEL:
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (p < 70)
			return (uint32_t)sim_rng_range(g, 0, RS_NQ + 1);
		if (p < 85)
			return any & 0xffff;
		return any;
	case VIRTIO_MMIO_QUEUE_NUM:
		if (p < 60)
			return 1u << sim_rng_range(g, 0, 15);
		if (p < 70)
			return 0;
		if (p < 80)
			return 1u << sim_rng_range(g, 16, 31);
		return any;
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_RESET: return p < 80 ? p & 1 : any;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
	case VIRTIO_MMIO_QUEUE_USED_HIGH:
		if (p < 40)
			return (uint32_t)(TB_VQ_POOL_BASE >> 32);
		if (p < 70)
			return 0;
		if (p < 80)
			return 0xffffffffu;
		return any;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
	case VIRTIO_MMIO_QUEUE_USED_LOW:
		if (p < 40 && s->nhot)
			return (uint32_t)s
				       ->hot[sim_rng_range(g, 0, s->nhot - 1)] +
			       (p < 10 ? (uint32_t)sim_rng_range(g, 0, 64) : 0);
		if (p < 60)
			return any & ~0xfu;
		if (p < 70)
			return 0xfffffff0u + (any & 0xf);
		return any;
	case VIRTIO_MMIO_INTERRUPT_ACK:
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		return p < 70 ? (uint32_t)sim_rng_range(g, 0, 3) : any;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		return p < 50 ? s->feat[p & 1] & any : any;
	default: return p < 20 ? 0 : p < 30 ? 0xffffffffu : any;
	}
}

/* ------------------------------------------------------ what reads show */

/* What a read of off may return now. */
static struct rs_want rs_want(const struct rs *s, unsigned off)
{
	const struct virtio_mmio_reg_info *r;
	bool exact = !s->pipelined;
	struct rs_want w = { .n = 1 };

	if (off >= VIRTIO_MMIO_CONFIG) {
		unsigned k = off - VIRTIO_MMIO_CONFIG;

		if (k < RS_CFG_SIZE) {
			/* byte lanes of the word that holds it (M9) */
			w.v[0] = s->cfg[k / 4];
			w.why = "the configuration word read at the start";
		} else {
			w.why = "past the configuration space, reads 0";
		}
		return w;
	}
	if (off & 3) {
		w.why = "a misaligned read below 0x100 reads 0";
		return w;
	}
	r = rs_reg(off);
	if (!r) {
		w.why = "no version 2 register there, reads 0";
		return w;
	}
	if (!r->readable) {
		w.why = "a write-only register reads 0";
		return w;
	}
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		w.v[0] = VIRTIO_MMIO_MAGIC;
		w.why = "it never changes (M1)";
		break;
	case VIRTIO_MMIO_VERSION:
		w.v[0] = VIRTIO_MMIO_VERSION_MODERN;
		w.why = "it never changes (M1)";
		break;
	case VIRTIO_MMIO_DEVICE_ID:
		w.v[0] = s->t.vm->vdev.id.device;
		w.why = "it never changes";
		break;
	case VIRTIO_MMIO_VENDOR_ID:
		w.v[0] = s->t.vm->vdev.id.vendor;
		w.why = "it never changes";
		break;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (exact) {
			w.v[0] = s->dfsel < 2 ? s->feat[s->dfsel] : 0;
			w.why = "the word DeviceFeaturesSel picks (M2)";
		} else {
			w.n = 3;
			w.v[0] = s->feat[0];
			w.v[1] = s->feat[1];
			w.why = "feature word 0 or 1, or 0 (M2)";
		}
		break;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		if (exact) {
			w.v[0] = s->qsel_exists ? s->qmax : 0;
			w.why = "QueueNumMax of the selected queue, 0 past the last (M5)";
		} else {
			w.n = 2;
			w.v[1] = s->qmax;
			w.why = "QueueNumMax or 0 (M5)";
		}
		break;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		w.v[0] = 0xffffffffu;
		w.why = "there are no shared memory regions, all ones (M8)";
		break;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		w.v[0] = s->gen;
		w.why = "the net configuration never changes (S12)";
		break;
	case VIRTIO_MMIO_STATUS:
	case VIRTIO_MMIO_INTERRUPT_STATUS:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_RESET:
		if (exact && s->fresh) {
			w.why = "after a reset with no Status, QueueReady or QueueReset write since, it reads 0 (S1, S3)";
			break;
		}
		w.n = 0;
		w.mask = off == VIRTIO_MMIO_STATUS	       ? 0xffu
			 : off == VIRTIO_MMIO_INTERRUPT_STATUS ? 0x3u
							       : 0x1u;
		w.why = "no bit outside the register's";
		break;
	default:
		w.n = 0;
		w.mask = 0xffffffffu;
		w.why = "anything";
		break;
	}
	return w;
}

/* An aligned 32-bit write of Status that the register block performs. */
static bool rs_status_write(const struct rs_acc *a)
{
	return a->write && a->off == VIRTIO_MMIO_STATUS && a->strb == 0xf;
}

/* Follow what a performed write changes (blocking: in order). */
static void rs_track(struct rs *s, const struct rs_acc *a)
{
	if (!a->write || a->strb != 0xf || a->off >= VIRTIO_MMIO_CONFIG)
		return;
	switch (a->off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		s->dfsel = a->val < 2 ? a->val : 2;
		break;
	case VIRTIO_MMIO_QUEUE_SEL: s->qsel_exists = a->val < RS_NQ; break;
	case VIRTIO_MMIO_STATUS:
		if ((a->val & 0xff) == 0) {
			/* the reset: selectors back to 0 (4.2.2.1) */
			s->dfsel = 0;
			s->qsel_exists = true;
			s->fresh = true;
		} else {
			s->fresh = false;
		}
		break;
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_RESET: s->fresh = false; break;
	default: break;
	}
}

/* DMA transfers so far: bursts requested, beats and responses. */
static uint64_t rs_dma_moves(const struct rs *s)
{
	struct axi_mem_stats m;

	axi_mem_stats(s->t.e->axim, &m);
	return m.ar + m.aw + m.r + m.w + m.b;
}

/* Blocking: since a reset's write was answered and until the driver
 * writes Status, QueueReady or QueueReset, no DMA moves: the answer says
 * the device has stopped (S1, S2). */
static void rs_check_fresh(struct rs *s, uint64_t index)
{
	uint64_t moved;

	if (s->pipelined || !s->fresh)
		return;
	moved = rs_dma_moves(s) - s->fresh_dma;
	rs_check(
		s, moved == 0,
		"round %u access %" PRIu64 ": %" PRIu64
		" DMA transfers moved after the reset's write was answered (cycle %" PRIu64
		"), with no queue set up since (S1, S2)",
		s->round, index, moved, s->fresh_cycle);
}

/* Judge an answered access. */
static void rs_done(struct rs *s, const struct rs_acc *a, uint64_t index,
		    int resp, uint32_t data, const struct rs_want *w)
{
	char where[96];
	bool ok = false;

	rs_where(a->off, where, sizeof(where));
	if (!rs_check(
		    s, resp == AXI_OKAY,
		    "round %u access %" PRIu64
		    ": the %s of %s (data 0x%08x, strobes 0x%x) was answered %s, not OKAY",
		    s->round, index, a->write ? "write" : "read", where, a->val,
		    a->strb,
		    resp >= 0 ? axi_resp_name((unsigned)resp) : "never"))
		return;
	s->c.accesses++;
	if (a->write)
		return;
	if (w->n) {
		char want[48];
		int k = 0;

		for (unsigned i = 0; i < w->n; i++) {
			ok |= data == w->v[i];
			k += snprintf(want + k, sizeof(want) - (size_t)k,
				      "%s0x%08x",
				      i == 0	      ? ""
				      : i + 1 == w->n ? " or "
						      : ", ",
				      w->v[i]);
		}
		s->c.reads_exact++;
		rs_check(s, ok,
			 "round %u access %" PRIu64
			 ": %s read 0x%08x, want %s: %s",
			 s->round, index, where, data, want, w->why);
	} else {
		s->c.reads_bounded++;
		rs_check(s, !(data & ~w->mask),
			 "round %u access %" PRIu64
			 ": %s read 0x%08x, with bits outside 0x%08x set",
			 s->round, index, where, data, w->mask);
	}
	/* 3.1.1: DRIVER_OK without FEATURES_OK is refused */
	if (a->off == VIRTIO_MMIO_STATUS)
		rs_check(
			s,
			!(data & VIRTIO_MMIO_STATUS_DRIVER_OK) ||
				(data & VIRTIO_MMIO_STATUS_FEATURES_OK),
			"round %u access %" PRIu64
			": Status read 0x%02x, DRIVER_OK without FEATURES_OK, which the device refuses (3.1.1)",
			s->round, index, data);
}

/* ------------------------------------------------------------- issuing */

static void rs_count(struct rs *s, const struct rs_acc *a)
{
	if (a->off < VIRTIO_MMIO_CONFIG && (a->off & 3))
		s->c.misaligned++;
	if (a->off >= VIRTIO_MMIO_CONFIG + RS_CFG_SIZE)
		s->c.cfg_past++;
	if (!a->write) {
		s->c.reads++;
		return;
	}
	s->c.writes++;
	if (a->strb == 0)
		s->c.strb_zero++;
	else if (a->strb != 0xf)
		s->c.strb_partial++;
	if (rs_status_write(a)) {
		s->c.status_writes++;
		if ((a->val & 0xff) == 0)
			s->c.resets++;
	}
}

/* Wait for the oldest access in flight and judge it (pipelined). */
static void rs_complete_oldest(struct rs *s)
{
	struct rs_pend *p = &s->pend[s->head];
	struct rs_want w = rs_want(s, p->a.off);
	uint32_t data = 0;
	int resp;

	resp = axil_master_wait(s->t.e->axil, p->req, &data);
	s->head = (s->head + 1) % RS_MAX_PEND;
	s->npend--;
	if (!s->stop)
		rs_done(s, &p->a, p->index, resp, data, &w);
}

static void rs_drain(struct rs *s)
{
	while (s->npend)
		rs_complete_oldest(s);
}

static void rs_issue(struct rs *s, const struct rs_acc *a)
{
	struct axil_master *m = s->t.e->axil;
	uint64_t index = s->index++;
	uint32_t data = 0;
	int r;

	if (s->stop)
		return;
	rs_count(s, a);
	if (!s->pipelined) {
		struct rs_want w = rs_want(s, a->off);
		uint64_t c0 = rs_cycles(s), lat;

		rs_check_fresh(s, index);
		r = a->write ? axil_master_write(m, a->off, a->val, a->strb)
			     : axil_master_read(m, a->off, &data);
		lat = rs_cycles(s) - c0;
		if (lat > s->c.max_latency)
			s->c.max_latency = lat;
		if (rs_status_write(a) && !(a->val & 0xff) &&
		    lat > s->c.max_reset_latency)
			s->c.max_reset_latency = lat;
		rs_done(s, a, index, r, data, &w);
		rs_track(s, a);
		if (rs_status_write(a) && !(a->val & 0xff)) {
			s->fresh_dma = rs_dma_moves(s);
			s->fresh_cycle = rs_cycles(s);
		}
		return;
	}
	if (a->write && s->posting && sim_rng_chance(&s->rng, 500)) {
		/* posted: the master reports a bad or missing B itself */
		r = axil_master_write(m, a->off, a->val, a->strb);
		if (rs_check(s, r == 0,
			     "round %u access %" PRIu64
			     ": a posted write could not be queued (%d)",
			     s->round, index, r)) {
			s->c.posted++;
			s->c.accesses++;
		}
		return;
	}
	while (s->npend >= s->window)
		rs_complete_oldest(s);
	{
		struct rs_pend *p =
			&s->pend[(s->head + s->npend) % RS_MAX_PEND];

		r = a->write ? axil_master_write_start(m, a->off, a->val,
						       a->strb, &p->req)
			     : axil_master_read_start(m, a->off, &p->req);
		if (!rs_check(s, r == 0,
			      "round %u access %" PRIu64
			      ": the access could not be started (%d)",
			      s->round, index, r))
			return;
		p->a = *a;
		p->index = index;
		s->npend++;
	}
}

static void rs_write(struct rs *s, unsigned off, uint32_t val)
{
	struct rs_acc a = { .write = true, .off = off, .val = val, .strb = 0xf };

	rs_issue(s, &a);
}

/* A read through the master, outside the storm's books. */
static uint32_t rs_read(struct rs *s, unsigned off)
{
	uint32_t v = 0;
	int r = axil_master_read(s->t.e->axil, off, &v);

	rs_check(s, r == AXI_OKAY, "the read of 0x%03x was answered %d", off,
		 r);
	return v;
}

static void rs_wr(struct rs *s, unsigned off, uint32_t v)
{
	int r = axil_master_write(s->t.e->axil, off, v, 0xf);

	rs_check(s, r == AXI_OKAY || (r == 0 && s->posting),
		 "the write of 0x%08x to 0x%03x was answered %d", v, off, r);
}

/* ----------------------------------------------------- storm contents */

/* One random access of the random storm. */
static void rs_gen_random(struct rs *s, struct rs_acc *a)
{
	struct sim_rng *g = &s->rng;
	unsigned p = (unsigned)sim_rng_range(g, 0, 99);

	a->write = sim_rng_chance(g, 500);
	if (p < 20) /* anywhere in the window, any byte */
		a->off = (unsigned)sim_rng_range(g, 0, RS_WINDOW - 1);
	else if (p < 30) /* misaligned inside a register */
		a->off = rs_pick_reg(g, -1, -1) +
			 (unsigned)sim_rng_range(g, 1, 3);
	else if (p < 35) /* the configuration space, any byte */
		a->off = VIRTIO_MMIO_CONFIG +
			 (unsigned)sim_rng_range(g, 0, RS_CFG_SIZE - 1);
	else if (p < 65) /* a version 2 register */
		a->off = rs_pick_reg(g, -1, -1);
	else { /* a register that moves state, mostly written */
		a->off = rs_hot_regs[sim_rng_range(
			g, 0, sizeof(rs_hot_regs) / sizeof(rs_hot_regs[0]) - 1)];
		a->write = sim_rng_chance(g, 800);
	}
	a->val = rs_value(s, a->off);
	a->strb = sim_rng_chance(g, 750) ? 0xf
					 : (unsigned)sim_rng_range(g, 0, 0xe);
}

/* A ring address for a plausible bring-up: an old ring's, a random one
 * in the DMA pool, or anywhere. */
static uint64_t rs_ring_addr(struct rs *s)
{
	struct sim_rng *g = &s->rng;
	unsigned p = (unsigned)sim_rng_range(g, 0, 99);

	if (p < 40 && s->nhot)
		return s->hot[sim_rng_range(g, 0, s->nhot - 1)];
	if (p < 80)
		return TB_VQ_POOL_BASE +
		       (sim_rng_range(g, 0, TB_VQ_POOL_SIZE - 1) & ~0xfull);
	return sim_rng_u64(g) & ~0xfull;
}

/* A plausible bring-up of one queue with random rings, so that the engine
 * runs on whatever it finds there. */
static void rs_bringup(struct rs *s)
{
	struct sim_rng *g = &s->rng;
	unsigned q = (unsigned)sim_rng_range(g, 0, RS_NQ - 1);
	uint64_t desc = rs_ring_addr(s), avail = rs_ring_addr(s),
		 used = rs_ring_addr(s);

	s->c.bringups++;
	rs_write(s, VIRTIO_MMIO_STATUS, VIRTIO_MMIO_STATUS_ACKNOWLEDGE);
	rs_write(s, VIRTIO_MMIO_STATUS,
		 VIRTIO_MMIO_STATUS_ACKNOWLEDGE | VIRTIO_MMIO_STATUS_DRIVER);
	rs_write(s, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	/* VERSION_1 (bit 0 of word 1) and any offered others */
	rs_write(s, VIRTIO_MMIO_DRIVER_FEATURES,
		 s->feat[1] & ((uint32_t)sim_rng_u64(g) | 1));
	rs_write(s, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	rs_write(s, VIRTIO_MMIO_DRIVER_FEATURES,
		 s->feat[0] & (uint32_t)sim_rng_u64(g));
	rs_write(s, VIRTIO_MMIO_STATUS, 0x0b);
	rs_write(s, VIRTIO_MMIO_QUEUE_SEL, q);
	rs_write(s, VIRTIO_MMIO_QUEUE_READY, 0);
	rs_write(s, VIRTIO_MMIO_QUEUE_NUM, 1u << sim_rng_range(g, 0, 8));
	rs_write(s, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	rs_write(s, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	rs_write(s, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)avail);
	rs_write(s, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, (uint32_t)(avail >> 32));
	rs_write(s, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)used);
	rs_write(s, VIRTIO_MMIO_QUEUE_USED_HIGH, (uint32_t)(used >> 32));
	rs_write(s, VIRTIO_MMIO_QUEUE_READY, 1);
	rs_write(s, VIRTIO_MMIO_STATUS, RS_LIVE);
	rs_write(s, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/* Kinds of misuse. */
enum rs_misuse {
	RS_MU_READ_ONLY,  /* a write to a read-only register */
	RS_MU_UNKNOWN,	  /* an offset with no version 2 register */
	RS_MU_PARTIAL,	  /* a write of a register with partial strobes */
	RS_MU_MISALIGNED, /* an address inside a register, not at it */
	RS_MU_CFG_PAST,	  /* configuration offsets past its end */
	RS_MU_WRITE_ONLY, /* a read of a write-only register */
	RS_MU_KINDS
};

/* A value that would do harm if the device took it. */
static uint32_t rs_harmful(struct rs *s, unsigned off)
{
	switch (off & ~3u) {
	case VIRTIO_MMIO_STATUS: return sim_rng_chance(&s->rng, 700) ? 0 : 0x4f;
	case VIRTIO_MMIO_QUEUE_SEL:
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		return (uint32_t)sim_rng_range(&s->rng, 0, 1);
	case VIRTIO_MMIO_QUEUE_READY: return 0;
	case VIRTIO_MMIO_QUEUE_RESET: return 1;
	case VIRTIO_MMIO_INTERRUPT_ACK: return 3;
	default: return rs_value(s, off);
	}
}

/* One access of the misuse storm. */
static void rs_gen_misuse(struct rs *s, struct rs_acc *a)
{
	struct sim_rng *g = &s->rng;
	enum rs_misuse k = (enum rs_misuse)sim_rng_range(g, 0, RS_MU_KINDS - 1);

	a->write = sim_rng_chance(g, 500);
	a->strb = 0xf;
	switch (k) {
	case RS_MU_READ_ONLY:
		a->write = true;
		a->off = rs_pick_reg(g, 1, 0);
		a->strb = sim_rng_chance(g, 700)
				  ? 0xf
				  : (unsigned)sim_rng_range(g, 0, 0xe);
		break;
	case RS_MU_UNKNOWN:
		a->off = rs_pick_unknown(g);
		a->strb = (unsigned)sim_rng_range(g, 0, 0xf);
		break;
	case RS_MU_PARTIAL:
		a->write = true;
		a->off = rs_pick_reg(g, -1, 1);
		a->strb = (unsigned)sim_rng_range(g, 0, 0xe);
		break;
	case RS_MU_MISALIGNED:
		a->off = 4u * (unsigned)sim_rng_range(g, 0, 63) +
			 (unsigned)sim_rng_range(g, 1, 3);
		a->strb = (unsigned)sim_rng_range(g, 0, 0xf);
		break;
	case RS_MU_CFG_PAST:
		a->off = (unsigned)sim_rng_range(
			g, VIRTIO_MMIO_CONFIG + RS_CFG_SIZE, RS_WINDOW - 1);
		a->strb = (unsigned)sim_rng_range(g, 0, 0xf);
		break;
	default:
		a->write = false;
		a->off = rs_pick_reg(g, 0, 1);
		break;
	}
	a->val = rs_harmful(s, a->off);
}

/* -------------------------------------------------------------- rounds */

/* Per round: how many accesses may be in flight, posted writes or not,
 * and how often RREADY/BREADY and the master's requests stall. */
static void rs_round_bus(struct rs *s)
{
	static const unsigned stalls[] = { 0, 300, 700 };
	struct axil_master_cfg *mc = axil_master_cfg(s->t.e->axil);

	if (!s->pipelined)
		return;
	s->window = (unsigned)sim_rng_range(&s->rng, 2, RS_MAX_PEND);
	s->posting = s->round % 2 == 1;
	mc->posted_writes = s->posting;
	mc->stall_permille = stalls[s->round % 3];
	mc->idle_permille = sim_rng_chance(&s->rng, 500) ? 0 : 200;
}

/* Learn what the device reads (the storm checks against it). */
static void rs_learn(struct rs *s)
{
	for (unsigned w = 0; w < 2; w++) {
		rs_wr(s, VIRTIO_MMIO_DEVICE_FEATURES_SEL, w);
		s->feat[w] = rs_read(s, VIRTIO_MMIO_DEVICE_FEATURES);
	}
	rs_wr(s, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	s->dfsel = 0;
	rs_wr(s, VIRTIO_MMIO_QUEUE_SEL, 0);
	s->qmax = rs_read(s, VIRTIO_MMIO_QUEUE_NUM_MAX);
	s->qsel_exists = true;
	s->gen = rs_read(s, VIRTIO_MMIO_CONFIG_GENERATION);
	for (unsigned k = 0; k < RS_CFG_SIZE / 4; k++)
		s->cfg[k] = rs_read(s, VIRTIO_MMIO_CONFIG + 4 * k);
	rs_check(s, s->qmax > 0, "QueueNumMax of queue 0 reads 0");
	rs_check(s, s->t.vm->vdev.id.device == 1,
		 "DeviceID reads %u at probe: not the net device",
		 s->t.vm->vdev.id.device);
}

/* After a storm: no DMA if it ended in NEEDS_RESET (table E); a reset
 * that stops DMA and reads back at once (S1, S2, S3); then a normal
 * initialisation and frames that loop back intact. */
static void rs_recover(struct rs *s, uint64_t dma0, uint64_t perm0)
{
	struct tb_vq *t = &s->t;
	struct sim_rng rng = sim_rng(t->e->sim, "recovery");
	uint64_t d, v, m;
	uint32_t st;
	unsigned n;

	rs_drain(s);
	rs_check_fresh(s, s->index);
	rs_check(s, axil_master_drain(t->e->axil) == 0,
		 "round %u: accesses of the storm are still unanswered",
		 s->round);
	if (s->stop)
		return;
	st = rs_read(s, VIRTIO_MMIO_STATUS);
	if ((st & RS_LIVE) == RS_LIVE)
		s->c.driver_ok_end++;
	if (st & VIRTIO_MMIO_STATUS_NEEDS_RESET) {
		s->c.needs_reset_end++;
		sim_wait_cycles(t->e->sim, 200); /* what was in flight */
		d = tb_vq_dma_count(t);
		sim_wait_cycles(t->e->sim, RS_QUIET);
		d = tb_vq_dma_count(t) - d;
		rs_check(
			s, d == 0,
			"round %u: the storm left the device in NEEDS_RESET (Status 0x%02x), yet it started %" PRIu64
			" DMA transactions in the %u cycles after (table E)",
			s->round, st, d, RS_QUIET);
	}
	/* the reset, Linux's way: write 0 and go on (S1); once its write is
	 * answered (posted: once the next read is), no DMA moves (S2) */
	rs_wr(s, VIRTIO_MMIO_STATUS, 0);
	m = rs_dma_moves(s);
	st = rs_read(s, VIRTIO_MMIO_STATUS);
	if (s->posting)
		m = rs_dma_moves(s);
	rs_check(
		s, st == 0,
		"round %u: right after the recovery reset Status reads 0x%02x, not 0: the access after Status = 0 saw the state before the reset (S1)",
		s->round, st);
	st = rs_read(s, VIRTIO_MMIO_INTERRUPT_STATUS);
	rs_check(
		s, st == 0,
		"round %u: after the recovery reset InterruptStatus reads 0x%x, not 0 (S3)",
		s->round, st);
	d = tb_vq_dma_count(t);
	v = mem_violations(t->e->mem);
	s->c.dma_storm += d - dma0;
	s->c.perm_storm += v - perm0;
	sim_wait_cycles(t->e->sim, RS_QUIET / 2);
	m = rs_dma_moves(s) - m;
	rs_check(s, m == 0,
		 "round %u: after the recovery reset was answered, %" PRIu64
		 " DMA transfers moved with no queue set up (S1, S2)",
		 s->round, m);
	rs_check(
		s, !irq_mon_level(t->e->irq),
		"round %u: the interrupt line is high after the recovery reset (S3)",
		s->round);
	if (s->stop)
		return;
	/* a normal initialisation brings it back */
	if (!rs_check(s, tb_vq_init(t) == 0,
		      "round %u: the initialisation after the storm failed",
		      s->round))
		return;
	n = tb_vq_loop(t, &rng, RS_FRAMES, TB_VQ_NET_HDR + 1, RS_MAX_LEN, 4, 4);
	s->c.frames += n;
	rs_check(
		s, n == RS_FRAMES,
		"round %u: only %u of %u frames came back intact after the recovery",
		s->round, n, RS_FRAMES);
	st = tb_vq_status(t);
	rs_check(
		s, st == RS_LIVE,
		"round %u: after the recovery Status reads 0x%02x, not 0x%02x (ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK)",
		s->round, st, RS_LIVE);
	v = mem_violations(t->e->mem) - v;
	rs_check(s, v == 0,
		 "round %u: after the recovery reset the device made %" PRIu64
		 " DMA accesses outside the rings and buffers",
		 s->round, v);
}

/* Remember the rings of the last set-up (the storm points rings there),
 * then give them up: the model no longer judges what the device does to
 * them (Linux's virtio_break_device). */
static void rs_give_up_rings(struct rs *s)
{
	s->nhot = 0;
	for (unsigned q = 0; q < RS_NQ; q++) {
		struct virtqueue *vq = s->t.vq[q];

		if (!vq)
			continue;
		s->hot[s->nhot++] = vq->desc;
		s->hot[s->nhot++] = vq->avail;
		s->hot[s->nhot++] = vq->used;
		vq->broken = true;
	}
}

/* One round of the random storm. */
static void rs_round_random(struct rs *s)
{
	struct tb_vq *t = &s->t;
	struct sim_rng traffic = sim_rng(t->e->sim, "traffic");
	uint64_t dma0, perm0;
	unsigned k, n;

	rs_round_bus(s);
	perm0 = mem_violations(t->e->mem);
	if (!rs_check(s, tb_vq_init(t) == 0,
		      "round %u: the initialisation before the storm failed",
		      s->round))
		return;
	if (s->round == 0)
		rs_learn(s);
	n = tb_vq_loop(t, &traffic, 3, TB_VQ_NET_HDR + 1, RS_MAX_LEN, 4, 2);
	if (!rs_check(s, n == 3,
		      "round %u: only %u of 3 frames came back before the storm",
		      s->round, n))
		return;
	s->c.frames += n;
	/* frames in flight when the storm starts */
	k = (unsigned)sim_rng_range(&s->rng, 1, 8);
	for (unsigned i = 0; i < k; i++) {
		tb_vq_post_rx(t, &traffic, 2048, 2);
		tb_vq_send(t, &traffic,
			   (uint32_t)sim_rng_range(&traffic, TB_VQ_NET_HDR + 1,
						   RS_MAX_LEN),
			   3);
	}
	sim_wait_cycles(t->e->sim, sim_rng_range(&s->rng, 1, 400));
	rs_check(s, mem_violations(t->e->mem) == perm0,
		 "round %u: before the storm the device made %" PRIu64
		 " DMA accesses outside the rings and buffers",
		 s->round, mem_violations(t->e->mem) - perm0);
	rs_give_up_rings(s);
	/* the driver set QueueSel last (tb_vq_init), to an existing queue */
	s->qsel_exists = true;
	s->dfsel = 0;
	s->fresh = false;
	s->index = 0;
	dma0 = tb_vq_dma_count(t);
	perm0 = mem_violations(t->e->mem);
	while (s->index < RS_ACCESSES && !s->stop) {
		struct rs_acc a;

		if (sim_rng_chance(&s->rng, 20)) {
			/* and give the engine time to run on those rings */
			rs_bringup(s);
			sim_wait_cycles(t->e->sim,
					sim_rng_range(&s->rng, 1, 300));
			continue;
		}
		rs_gen_random(s, &a);
		rs_issue(s, &a);
	}
	rs_recover(s, dma0, perm0);
	if (!s->stop)
		s->c.rounds++;
}

/* ------------------------------------------------------- misuse rounds */

/* The readable registers, read after the storm exactly as before. */
struct rs_snap {
	unsigned n;
	const char *name[48];
	uint32_t v[48];
};

static void rs_snap_add(struct rs *s, struct rs_snap *sn, const char *name,
			unsigned off)
{
	sn->name[sn->n] = name;
	sn->v[sn->n++] = rs_read(s, off);
}

/* Read every readable register: first at the storm's selection (QueueSel
 * names no queue, DeviceFeaturesSel 1: a misuse write that changed a
 * selector shows), then queue by queue; the selection is left as the
 * storm's. InterruptStatus moves with the traffic and is left out. */
static void rs_snapshot(struct rs *s, struct rs_snap *sn)
{
	static const char *const qnames[RS_NQ + 1][3] = {
		{ "QUEUE_NUM_MAX of queue 0", "QUEUE_READY of queue 0",
		  "QUEUE_RESET of queue 0" },
		{ "QUEUE_NUM_MAX of queue 1", "QUEUE_READY of queue 1",
		  "QUEUE_RESET of queue 1" },
		{ "QUEUE_NUM_MAX of queue 2 (none)",
		  "QUEUE_READY of queue 2 (none)",
		  "QUEUE_RESET of queue 2 (none)" },
	};
	static const char *const cfgnames[RS_CFG_SIZE / 4] = {
		"CONFIG word 0",  "CONFIG word 1",  "CONFIG word 2",
		"CONFIG word 3",  "CONFIG word 4",  "CONFIG word 5",
		"CONFIG word 6",  "CONFIG word 7",  "CONFIG word 8",
		"CONFIG word 9",  "CONFIG word 10", "CONFIG word 11",
		"CONFIG word 12", "CONFIG word 13", "CONFIG word 14",
		"CONFIG word 15",
	};

	sn->n = 0;
	for (size_t i = 0; i < RS_NREGS; i++) {
		const struct virtio_mmio_reg_info *r =
			&virtio_mmio_reg_table[i];

		if (r->modern && r->readable &&
		    r->offset < VIRTIO_MMIO_CONFIG &&
		    r->offset != VIRTIO_MMIO_INTERRUPT_STATUS)
			rs_snap_add(s, sn, r->name, r->offset);
	}
	for (unsigned k = 0; k < RS_CFG_SIZE / 4; k++)
		rs_snap_add(s, sn, cfgnames[k], VIRTIO_MMIO_CONFIG + 4 * k);
	for (unsigned q = 0; q <= RS_NQ; q++) {
		rs_wr(s, VIRTIO_MMIO_QUEUE_SEL, q);
		rs_snap_add(s, sn, qnames[q][0], VIRTIO_MMIO_QUEUE_NUM_MAX);
		rs_snap_add(s, sn, qnames[q][1], VIRTIO_MMIO_QUEUE_READY);
		rs_snap_add(s, sn, qnames[q][2], VIRTIO_MMIO_QUEUE_RESET);
	}
	rs_wr(s, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	rs_snap_add(s, sn, "DEVICE_FEATURES word 0",
		    VIRTIO_MMIO_DEVICE_FEATURES);
	rs_wr(s, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	rs_wr(s, VIRTIO_MMIO_QUEUE_SEL, RS_NQ);
}

struct rs_traffic {
	struct rs *s;
	struct sim_rng rng;
	unsigned good; /* frames back intact */
};

static void rs_traffic_thread(void *arg)
{
	struct rs_traffic *tr = arg;

	tr->good = tb_vq_loop(&tr->s->t, &tr->rng, RS_MISUSE_FRAMES,
			      TB_VQ_NET_HDR + 1, RS_MAX_LEN, 4, 8);
}

/* One round of the misuse storm, with frames flowing all along. */
static void rs_round_misuse(struct rs *s)
{
	struct tb_vq *t = &s->t;
	struct rs_traffic tr = { s, sim_rng(t->e->sim, "traffic"), 0 };
	struct rs_snap before, after;
	sim_thread_t *th;
	uint32_t seq0;

	rs_round_bus(s);
	if (s->round == 0) {
		if (!rs_check(s, tb_vq_init(t) == 0,
			      "the initialisation before the storm failed"))
			return;
		rs_learn(s);
		/* the storm's selection (see rs_snapshot) */
		rs_wr(s, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
		rs_wr(s, VIRTIO_MMIO_QUEUE_SEL, RS_NQ);
	}
	rs_snapshot(s, &before);
	s->index = 0;
	th = sim_spawn(t->e->sim, "traffic", rs_traffic_thread, &tr, 0);
	sim_wait_cycles(t->e->sim, 50); /* the first frames are on their way */
	seq0 = t->seq_rx;
	/* at least RS_MISUSE_ACCESSES, and on until the last frame is back */
	while ((s->index < RS_MISUSE_ACCESSES || !sim_thread_finished(th)) &&
	       !s->stop) {
		struct rs_acc a;

		rs_gen_misuse(s, &a);
		rs_issue(s, &a);
	}
	rs_drain(s);
	s->c.frames_during += t->seq_rx - seq0;
	sim_thread_join(t->e->sim, th, 0);
	s->c.frames += tr.good;
	if (s->stop)
		return;
	rs_check(
		s, tr.good == RS_MISUSE_FRAMES,
		"round %u: only %u of %u frames came back intact and in order while the misuse storm ran",
		s->round, tr.good, RS_MISUSE_FRAMES);
	rs_snapshot(s, &after);
	for (unsigned i = 0; i < before.n && !s->stop; i++)
		rs_check(
			s, after.v[i] == before.v[i],
			"round %u: after the misuse storm %s reads 0x%08x; before it read 0x%08x",
			s->round, before.name[i], after.v[i], before.v[i]);
	if (!s->stop)
		s->c.rounds++;
}

/* ---------------------------------------------------------------- tests */

static void rs_body(struct tb_vq *t)
{
	struct rs *s = rs_of(t);
	unsigned rounds = s->misuse ? RS_MISUSE_ROUNDS : RS_ROUNDS;

	s->rng = sim_rng(t->e->sim, "storm");
	for (s->round = 0; s->round < rounds && !s->stop; s->round++) {
		if (s->misuse)
			rs_round_misuse(s);
		else
			rs_round_random(s);
	}
}

static void rs_report(const struct rs *s)
{
	const struct rs_counts *c = &s->c;

	printf("%s: seed 0x%" PRIx64 ": rounds %u, accesses %" PRIu64
	       " (reads %" PRIu64 ", writes %" PRIu64 ", posted %" PRIu64
	       "; misaligned %" PRIu64 ", config past its end %" PRIu64
	       ", partial strobes %" PRIu64 ", no strobe %" PRIu64
	       "), status writes %" PRIu64 ", resets %" PRIu64
	       ", bring-ups %" PRIu64 ", reads checked %" PRIu64
	       " (exact %" PRIu64 ", bounded %" PRIu64 "), checks %" PRIu64
	       ", storm DMA %" PRIu64 " (forbidden %" PRIu64
	       "), storms ending live %u, in NEEDS_RESET %u, max latency %" PRIu64
	       " cycles (reset %" PRIu64
	       "; blocking only), most in flight at the slave %u reads and %u writes, RREADY stalls %" PRIu64
	       " cycles, BREADY stalls %" PRIu64 " cycles, frames %" PRIu64
	       " (during misuse %" PRIu64 "), cycles %" PRIu64 "\n",
	       s->name, sim_seed(s->t.e->sim), c->rounds, c->accesses, c->reads,
	       c->writes, c->posted, c->misaligned, c->cfg_past,
	       c->strb_partial, c->strb_zero, c->status_writes, c->resets,
	       c->bringups, c->reads_exact + c->reads_bounded, c->reads_exact,
	       c->reads_bounded, c->checks, c->dma_storm, c->perm_storm,
	       c->driver_ok_end, c->needs_reset_end, c->max_latency,
	       c->max_reset_latency, c->bus.max_reads_at_slave,
	       c->bus.max_writes_at_slave, c->bus.r_stall_cycles,
	       c->bus.b_stall_cycles, c->frames, c->frames_during, c->cycles);
	fflush(stdout); /* a failed check ends the test's process */
}

static void rs_run(int i, const char *name, bool pipelined, bool misuse)
{
	struct rs s = { 0 };
	unsigned rounds = misuse ? RS_MISUSE_ROUNDS : RS_ROUNDS;

	tb_vq_cfg(i, &s.t);
	s.name = name;
	s.pipelined = pipelined;
	s.misuse = misuse;
	s.t.cfg.axil.timeout = RS_TIMEOUT;
	if (pipelined)
		s.t.cfg.axil.max_outstanding = RS_MAX_PEND;
	s.t.max_cycles = 50000000;
	/* random rings make the device read and write where the model
	 * forbids: counted, not an error (the recovery is checked apart) */
	tb_vq_run(&s.t, rs_body, misuse ? NULL : "mem.perm");
	s.c.cycles = sim_clock_cycles(s.t.e->clk);
	axil_master_stats(s.t.e->axil, &s.c.bus);
	rs_report(&s);
	tb_env_assert_clean(s.t.e);
	ck_assert_msg(s.c.rounds == rounds, "only %u of %u rounds completed",
		      s.c.rounds, rounds);
	if (misuse) {
		ck_assert_msg(s.c.accesses >= rounds * RS_MISUSE_ACCESSES,
			      "only %llu misuse accesses were answered",
			      (unsigned long long)s.c.accesses);
		ck_assert_msg(s.c.frames_during > 0,
			      "no frame came back while the misuse storm ran");
		ck_assert_msg(
			s.c.strb_partial > 0 && s.c.strb_zero > 0 &&
				s.c.misaligned > 0 && s.c.cfg_past > 0,
			"not every kind of misuse ran: %llu partial strobes, %llu without strobes, %llu misaligned, %llu past the configuration",
			(unsigned long long)s.c.strb_partial,
			(unsigned long long)s.c.strb_zero,
			(unsigned long long)s.c.misaligned,
			(unsigned long long)s.c.cfg_past);
	} else {
		ck_assert_msg(s.c.accesses >= rounds * RS_ACCESSES,
			      "only %llu storm accesses were answered",
			      (unsigned long long)s.c.accesses);
		ck_assert_msg(s.c.resets > 0,
			      "the storm never reset the device");
		ck_assert_msg(
			s.c.reads_exact > 0,
			"the storm checked no read against a known value");
	}
	tb_vq_done(&s.t);
}

START_TEST(test_reg_storm_random_accesses_always_answered_then_device_recovers)
{
	rs_run(_i, tb_test_name(), false, false);
}
END_TEST

START_TEST(
	test_reg_storm_random_accesses_pipelined_always_answered_then_device_recovers)
{
	rs_run(_i, tb_test_name(), true, false);
}
END_TEST

START_TEST(test_reg_storm_misuse_changes_nothing)
{
	rs_run(_i, tb_test_name(), false, true);
}
END_TEST

START_TEST(test_reg_storm_misuse_pipelined_changes_nothing)
{
	rs_run(_i, tb_test_name(), true, true);
}
END_TEST

static void test_reg_storm_register(struct tb_registry *r)
{
	tb_add_seeded(
		r,
		test_reg_storm_random_accesses_always_answered_then_device_recovers,
		120);
	tb_add_seeded(
		r,
		test_reg_storm_random_accesses_pipelined_always_answered_then_device_recovers,
		120);
	tb_add_seeded(r, test_reg_storm_misuse_changes_nothing, 120);
	tb_add_seeded(r, test_reg_storm_misuse_pipelined_changes_nothing, 120);
}

TB_TESTS(test_reg_storm_register)
