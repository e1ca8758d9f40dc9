/* SPDX-License-Identifier: MIT */
/*
 * axi_mem.c - AXI4 slave memory bus-functional model.
 */
#include "axi_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AXI_MEM_MAX_BUS 32 /* bytes: 256-bit data */
#define AXI_MEM_WFIFO 512  /* W beats buffered ahead of their AW */
#define AXI_MEM_SLOTS 64   /* outstanding bursts per direction, at most */

/* One accepted burst (read or write). */
struct am_burst {
	uint64_t addr;	   /* start address */
	uint64_t seq;	   /* acceptance order */
	uint64_t ready_at; /* cycle from which its response may be given */
	unsigned id;	   /* AXI ID */
	unsigned beats;	   /* len + 1 */
	unsigned size;	   /* log2 bytes per beat (clamped to the bus) */
	unsigned burst;	   /* FIXED, INCR, WRAP */
	unsigned beat;	   /* beats done so far */
	unsigned resp;	   /* write: worst response so far */
	bool active;	   /* slot in use */
};

/* A W beat waiting for its AW. */
struct axi_wbeat {
	uint8_t data[AXI_MEM_MAX_BUS]; /* lanes */
	uint32_t strb;		       /* one bit per lane */
};

struct axi_mem {
	sim_t *sim;		/* kernel */
	struct axi_if bus;	/* the interface */
	struct vport rst_n;	/* reset (p NULL: none) */
	struct mem *mem;	/* backing memory */
	struct axi_mem_cfg cfg; /* live options */
	struct sim_rng rng;	/* stalls, gaps, latencies */
	unsigned bus_bytes;	/* data width in bytes */
	unsigned bus_log2;	/* log2(bus_bytes) */
	uint64_t seq;		/* next burst sequence number */

	struct am_burst *rd;	/* read bursts, max_reads slots */
	unsigned nrd;		/* active read bursts */
	struct am_burst *cur_r; /* burst whose beats are being sent */
	struct am_burst *aw;	/* write bursts awaiting data or B */
	unsigned naw;		/* active write bursts */
	unsigned nwdone;	/* of those, with all data (awaiting B) */
	struct am_burst *wq[AXI_MEM_SLOTS]; /* bursts awaiting data, AW order */
	unsigned wq_head, wq_len;	    /* ring state */

	struct axi_wbeat *wfifo;  /* W beats not yet matched to an AW */
	unsigned wf_head, wf_len; /* ring state */

	/* values driven now */
	uint8_t arready, awready, wready, rvalid, bvalid;
	struct am_burst *cur_b; /* burst whose B is offered */

	enum axi_mem_fault fault; /* pending fault */
	bool fault_beat;	  /* the beat offered now is a fault beat */

	struct axi_mem_stats stats; /* counters */
};

static inline void am_drive1(struct axi_mem *m, const struct vport *p,
			     uint8_t *cur, uint8_t v)
{
	if (*cur != v) {
		*cur = v;
		vport_drive(m->sim, p, v);
	}
}

static unsigned am_latency(struct axi_mem *m, unsigned lo, unsigned hi)
{
	return (unsigned)sim_rng_range(&m->rng, lo, hi < lo ? lo : hi);
}

uint64_t axi_mem_beat_addr(uint64_t start, unsigned size, unsigned beats,
			   unsigned burst, unsigned beat)
{
	uint64_t n = 1ull << size;
	uint64_t aligned = start & ~(n - 1);

	if (beat == 0 || burst == AXI_FIXED)
		return start;
	if (burst == AXI_WRAP) {
		/* A3.4.1: wraps at the boundary of beats * size bytes */
		uint64_t total = n * beats;
		uint64_t lower = (start / total) * total;

		return lower + ((aligned - lower) + beat * n) % total;
	}
	return aligned + beat * n;
}

static struct am_burst *am_slot(struct am_burst *arr, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!arr[i].active)
			return &arr[i];
	return NULL;
}

static void am_accept(struct axi_mem *m, struct am_burst *b, bool write)
{
	const struct axi_if *x = &m->bus;
	unsigned size;

	memset(b, 0, sizeof(*b));
	b->active = true;
	b->seq = m->seq++;
	if (write) {
		b->addr = vport_get(&x->awaddr);
		b->id = x->awid.p ? (unsigned)vport_get(&x->awid) : 0;
		b->beats = (unsigned)vport_get(&x->awlen) + 1;
		size = (unsigned)vport_get(&x->awsize);
		b->burst = (unsigned)vport_get(&x->awburst);
	} else {
		b->addr = vport_get(&x->araddr);
		b->id = x->arid.p ? (unsigned)vport_get(&x->arid) : 0;
		b->beats = (unsigned)vport_get(&x->arlen) + 1;
		size = (unsigned)vport_get(&x->arsize);
		b->burst = (unsigned)vport_get(&x->arburst);
		b->ready_at =
			sim_cycles(m->sim) +
			am_latency(m, m->cfg.rd_lat_min, m->cfg.rd_lat_max);
	}
	/* the protocol checker reports illegal sizes and types; serve them */
	b->size = size > m->bus_log2 ? m->bus_log2 : size;
	if (b->burst > AXI_WRAP)
		b->burst = AXI_INCR;
}

/*
 * Pick the next burst to answer among slots that are ready: the oldest, or
 * with reordering any burst that is the oldest of its ID (AXI A5.3: order
 * is kept within an ID). For writes only bursts with all data qualify.
 */
static struct am_burst *am_pick(struct axi_mem *m, struct am_burst *arr,
				unsigned nactive, bool write)
{
	struct am_burst *act[AXI_MEM_SLOTS], *cand[AXI_MEM_SLOTS];
	uint64_t now = sim_cycles(m->sim);
	unsigned i, j, na = 0, n = 0;

	for (i = 0; i < AXI_MEM_SLOTS && na < nactive; i++)
		if (arr[i].active)
			act[na++] = &arr[i];
	for (i = 0; i < na; i++) {
		struct am_burst *b = act[i];
		bool oldest = true;

		if (b->ready_at > now || (write && b->beat < b->beats))
			continue;
		for (j = 0; j < na && oldest; j++)
			if (act[j]->id == b->id && act[j]->seq < b->seq)
				oldest = false;
		if (oldest)
			cand[n++] = b;
	}
	if (!n)
		return NULL;
	if (m->cfg.reorder)
		return cand[sim_rng_range(&m->rng, 0, n - 1)];
	/* in order: the oldest burst of all, once it is ready */
	for (i = 1, j = 0; i < na; i++)
		if (act[i]->seq < act[j]->seq)
			j = i;
	for (i = 0; i < n; i++)
		if (cand[i] == act[j])
			return cand[i];
	return NULL;
}

/* Offer beat cur_r->beat on R. */
static void am_offer_r(struct axi_mem *m)
{
	const struct axi_if *x = &m->bus;
	struct am_burst *b = m->cur_r;
	uint8_t data[AXI_MEM_MAX_BUS] = { 0 };
	uint64_t a = axi_mem_beat_addr(b->addr, b->size, b->beats, b->burst,
				       b->beat);
	uint64_t n = 1ull << b->size;
	unsigned lane = (unsigned)(a & (m->bus_bytes - 1));
	unsigned len = (unsigned)(n - (a & (n - 1)));
	enum axi_resp resp;
	bool last = b->beat + 1 == b->beats;

	resp = mem_bus_read(m->mem, a, data + lane, len, b->id);
	if (resp != AXI_OKAY)
		m->stats.errors++;
	m->stats.rd_bytes += len;
	if (m->fault == AXI_MEM_FAULT_RLAST_EARLY && b->beats > 1 &&
	    b->beat == 0) {
		last = true;
		m->fault = AXI_MEM_FAULT_NONE;
	}
	vport_drive_bytes(m->sim, &x->rdata, data);
	if (x->rid.p)
		vport_drive(m->sim, &x->rid, b->id);
	vport_drive(m->sim, &x->rresp, resp);
	vport_drive(m->sim, &x->rlast, last);
	am_drive1(m, &x->rvalid, &m->rvalid, 1);
}

static void am_r_channel(struct axi_mem *m)
{
	const struct axi_if *x = &m->bus;

	if (m->rvalid && vport_bit(&x->rready)) {
		m->stats.r++;
		if (m->fault_beat) {
			m->fault_beat = false;
		} else if (++m->cur_r->beat == m->cur_r->beats) {
			m->cur_r->active = false;
			m->nrd--;
			m->cur_r = NULL;
		}
		am_drive1(m, &x->rvalid, &m->rvalid, 0);
	}
	if (m->rvalid)
		return; /* a beat is offered: hold it (A3.2.1) */
	if (m->fault == AXI_MEM_FAULT_SPURIOUS_R && !m->nrd) {
		uint8_t zero[AXI_MEM_MAX_BUS] = { 0 };

		m->fault = AXI_MEM_FAULT_NONE;
		m->fault_beat = true;
		vport_drive_bytes(m->sim, &x->rdata, zero);
		if (x->rid.p)
			vport_drive(m->sim, &x->rid, 0);
		vport_drive(m->sim, &x->rresp, AXI_OKAY);
		vport_drive(m->sim, &x->rlast, 1);
		am_drive1(m, &x->rvalid, &m->rvalid, 1);
		return;
	}
	if (m->fault == AXI_MEM_FAULT_NO_RRESP)
		return;
	if (!m->cur_r && m->nrd)
		m->cur_r = am_pick(m, m->rd, m->nrd, false);
	if (m->cur_r && !sim_rng_chance(&m->rng, m->cfg.r_idle))
		am_offer_r(m);
}

/* Apply one W beat to write burst b. */
static void am_write_beat(struct axi_mem *m, struct am_burst *b,
			  const uint8_t *data, uint32_t strb)
{
	uint8_t sb[AXI_MEM_MAX_BUS];
	uint64_t a = axi_mem_beat_addr(b->addr, b->size, b->beats, b->burst,
				       b->beat);
	uint64_t n = 1ull << b->size;
	unsigned lane = (unsigned)(a & (m->bus_bytes - 1));
	unsigned len = (unsigned)(n - (a & (n - 1)));
	enum axi_resp resp;
	unsigned i;

	for (i = 0; i < len; i++) {
		sb[i] = (strb >> (lane + i)) & 1;
		m->stats.wr_bytes += sb[i];
	}
	resp = mem_bus_write(m->mem, a, data + lane, sb, len, b->id);
	if (resp != AXI_OKAY && b->resp == AXI_OKAY)
		b->resp = resp;
	if (++b->beat == b->beats) {
		m->nwdone++;
		b->ready_at =
			sim_cycles(m->sim) +
			am_latency(m, m->cfg.wr_lat_min, m->cfg.wr_lat_max);
	}
}

static void am_drain_wfifo(struct axi_mem *m)
{
	struct am_burst *b;

	/* W beats follow AW order (AXI4 has no WID) */
	while (m->wf_len && m->wq_len) {
		struct axi_wbeat *w = &m->wfifo[m->wf_head];

		b = m->wq[m->wq_head];
		am_write_beat(m, b, w->data, w->strb);
		if (b->beat == b->beats) {
			m->wq_head = (m->wq_head + 1) % AXI_MEM_SLOTS;
			m->wq_len--;
		}
		m->wf_head = (m->wf_head + 1) % AXI_MEM_WFIFO;
		m->wf_len--;
	}
}

static void am_w_channel(struct axi_mem *m)
{
	const struct axi_if *x = &m->bus;

	if (m->wready && vport_bit(&x->wvalid)) {
		struct axi_wbeat *w =
			&m->wfifo[(m->wf_head + m->wf_len) % AXI_MEM_WFIFO];
		uint64_t strb = vport_get(&x->wstrb);

		vport_get_bytes(&x->wdata, w->data);
		w->strb = (uint32_t)strb;
		m->wf_len++;
		m->stats.w++;
	}
	if (m->wf_len)
		am_drain_wfifo(m);
	am_drive1(m, &x->wready, &m->wready,
		  m->wf_len < AXI_MEM_WFIFO &&
			  !sim_rng_chance(&m->rng, m->cfg.w_stall));
}

static void am_b_channel(struct axi_mem *m)
{
	const struct axi_if *x = &m->bus;

	if (m->bvalid && vport_bit(&x->bready)) {
		m->stats.b++;
		if (m->cur_b) {
			m->cur_b->active = false;
			m->naw--;
			m->nwdone--;
			m->cur_b = NULL;
		}
		am_drive1(m, &x->bvalid, &m->bvalid, 0);
	}
	if (m->bvalid)
		return;
	if (m->fault == AXI_MEM_FAULT_SPURIOUS_B && !m->naw) {
		m->fault = AXI_MEM_FAULT_NONE;
		if (x->bid.p)
			vport_drive(m->sim, &x->bid, 0);
		vport_drive(m->sim, &x->bresp, AXI_OKAY);
		am_drive1(m, &x->bvalid, &m->bvalid, 1);
		return;
	}
	if (!m->nwdone || sim_rng_chance(&m->rng, m->cfg.b_idle))
		return;
	m->cur_b = am_pick(m, m->aw, m->naw, true);
	if (m->cur_b) {
		if (m->cur_b->resp != AXI_OKAY)
			m->stats.errors++;
		if (x->bid.p)
			vport_drive(m->sim, &x->bid, m->cur_b->id);
		vport_drive(m->sim, &x->bresp, m->cur_b->resp);
		am_drive1(m, &x->bvalid, &m->bvalid, 1);
	}
}

static void am_reset(struct axi_mem *m)
{
	const struct axi_if *x = &m->bus;
	unsigned i;

	for (i = 0; i < AXI_MEM_SLOTS; i++) {
		m->rd[i].active = false;
		m->aw[i].active = false;
	}
	m->nrd = m->naw = m->nwdone = 0;
	m->cur_r = m->cur_b = NULL;
	m->wf_len = 0;
	m->wq_len = 0;
	m->fault_beat = false;
	am_drive1(m, &x->arready, &m->arready, 0);
	am_drive1(m, &x->awready, &m->awready, 0);
	am_drive1(m, &x->wready, &m->wready, 0);
	am_drive1(m, &x->rvalid, &m->rvalid, 0);
	am_drive1(m, &x->bvalid, &m->bvalid, 0);
}

static void axi_mem_method(void *ctx)
{
	struct axi_mem *m = ctx;
	const struct axi_if *x = &m->bus;
	unsigned max_rd, max_wr;

	if (m->rst_n.p && !vport_bit(&m->rst_n)) {
		am_reset(m);
		return;
	}
	max_rd = m->cfg.max_reads < AXI_MEM_SLOTS ? m->cfg.max_reads
						  : AXI_MEM_SLOTS;
	max_wr = m->cfg.max_writes < AXI_MEM_SLOTS ? m->cfg.max_writes
						   : AXI_MEM_SLOTS;

	/* Address channels, sampled as the master drives them before the
	 * edge. */
	if (m->arready && vport_bit(&x->arvalid)) {
		am_accept(m, am_slot(m->rd, AXI_MEM_SLOTS), false);
		m->nrd++;
		m->stats.ar++;
	}
	if (m->awready && vport_bit(&x->awvalid)) {
		struct am_burst *b = am_slot(m->aw, AXI_MEM_SLOTS);

		am_accept(m, b, true);
		m->wq[(m->wq_head + m->wq_len++) % AXI_MEM_SLOTS] = b;
		m->naw++;
		m->stats.aw++;
	}
	am_w_channel(m);
	am_r_channel(m);
	am_b_channel(m);
	am_drive1(m, &x->arready, &m->arready,
		  m->nrd < max_rd && !sim_rng_chance(&m->rng, m->cfg.ar_stall));
	am_drive1(m, &x->awready, &m->awready,
		  m->naw < max_wr && !sim_rng_chance(&m->rng, m->cfg.aw_stall));
}

struct axi_mem *axi_mem_create(sim_t *sim, sim_clock_t *clk,
			       const struct axi_if *bus,
			       const struct vport *rst_n, struct mem *mem,
			       const struct axi_mem_cfg *cfg)
{
	struct axi_mem *m = calloc(1, sizeof(*m));
	char buf[96];

	if (!m)
		return NULL;
	m->sim = sim;
	m->bus = *bus;
	if (rst_n)
		m->rst_n = *rst_n;
	m->mem = mem;
	if (cfg)
		m->cfg = *cfg;
	if (!m->cfg.name)
		m->cfg.name = "axi_mem";
	if (!m->cfg.max_reads)
		m->cfg.max_reads = 16;
	if (!m->cfg.max_writes)
		m->cfg.max_writes = 16;
	m->bus_bytes = bus->wdata.bytes;
	if (m->bus_bytes < 1 || m->bus_bytes > AXI_MEM_MAX_BUS ||
	    (m->bus_bytes & (m->bus_bytes - 1))) {
		sim_report(
			sim, SIM_ERROR, "axi_mem.config",
			"%s: data width of %u bytes is not supported (1..%d, a power of two)",
			m->cfg.name, m->bus_bytes, AXI_MEM_MAX_BUS);
		free(m);
		return NULL;
	}
	while ((1u << m->bus_log2) < m->bus_bytes)
		m->bus_log2++;
	m->rd = calloc(AXI_MEM_SLOTS, sizeof(*m->rd));
	m->aw = calloc(AXI_MEM_SLOTS, sizeof(*m->aw));
	m->wfifo = calloc(AXI_MEM_WFIFO, sizeof(*m->wfifo));
	if (!m->rd || !m->aw || !m->wfifo) {
		axi_mem_destroy(m);
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%s.bfm", m->cfg.name);
	m->rng = sim_rng(sim, buf);
	vport_drive(sim, &bus->arready, 0);
	vport_drive(sim, &bus->awready, 0);
	vport_drive(sim, &bus->wready, 0);
	vport_drive(sim, &bus->rvalid, 0);
	vport_drive(sim, &bus->bvalid, 0);
	sim_method(clk, m->cfg.name, axi_mem_method, m);
	return m;
}

void axi_mem_destroy(struct axi_mem *m)
{
	if (!m)
		return;
	free(m->rd);
	free(m->aw);
	free(m->wfifo);
	free(m);
}

struct axi_mem_cfg *axi_mem_cfg(struct axi_mem *m)
{
	return &m->cfg;
}

void axi_mem_inject(struct axi_mem *m, enum axi_mem_fault f)
{
	m->fault = f;
}

void axi_mem_stats(const struct axi_mem *m, struct axi_mem_stats *out)
{
	*out = m->stats;
}
