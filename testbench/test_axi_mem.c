/* SPDX-License-Identifier: MIT */
/*
 * test_axi_mem.c - the AXI4 slave memory model under the fixture's DMA
 * copier: random bursts, latency, back-pressure, reordering, error
 * windows, permissions, taps; plus the IRQ monitor.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tb.h"
#include "tb_env.h"

struct dma {
	struct tb_env *e;
	uint64_t src, dst;     /* addresses */
	uint32_t len;	       /* bytes */
	unsigned burst, outst; /* DMA_CTRL fields */
	uint32_t status;       /* DMA_STATUS after the copy */
	uint64_t cycles;       /* start to DONE */
	int bad;	       /* failed register accesses */
};

static void wr(struct dma *d, uint32_t reg, uint32_t v)
{
	d->bad += axil_master_write(d->e->axil, reg, v, 0xf) != AXI_OKAY;
}

/* In a thread: program a copy, wait for the interrupt, read the status. */
static void dma_copy(struct dma *d)
{
	uint64_t t0;

	wr(d, FIX_IRQ_EN, 1);
	wr(d, FIX_DMA_SRC_LO, (uint32_t)d->src);
	wr(d, FIX_DMA_SRC_HI, (uint32_t)(d->src >> 32));
	wr(d, FIX_DMA_DST_LO, (uint32_t)d->dst);
	wr(d, FIX_DMA_DST_HI, (uint32_t)(d->dst >> 32));
	wr(d, FIX_DMA_LEN, d->len);
	t0 = sim_cycles(d->e->sim);
	wr(d, FIX_DMA_CTRL,
	   FIX_CTRL_START | FIX_CTRL_BURST(d->burst) |
		   FIX_CTRL_OUTST(d->outst));
	if (irq_mon_wait(d->e->irq, 200000) < 0) {
		sim_report(d->e->sim, SIM_ERROR, "test.dma",
			   "copy of %u bytes 0x%llx -> 0x%llx: no interrupt",
			   d->len, (unsigned long long)d->src,
			   (unsigned long long)d->dst);
		return;
	}
	d->cycles = sim_cycles(d->e->sim) - t0;
	d->bad += axil_master_read(d->e->axil, FIX_DMA_STATUS, &d->status) !=
		  AXI_OKAY;
	/* acknowledge: DONE and ERROR are write-one-to-clear */
	wr(d, FIX_DMA_STATUS, FIX_STATUS_DONE | FIX_STATUS_ERROR);
}

struct random_copies {
	struct dma d;
	unsigned copies;   /* done */
	unsigned mismatch; /* copies whose destination or guards differ */
};

static void fill_random(struct sim_rng *r, uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)sim_rng_u64(r);
}

static void random_copies_body(void *arg)
{
	struct random_copies *t = arg;
	struct dma *d = &t->d;
	struct sim_rng rng = sim_rng(d->e->sim, "test.copies");
	unsigned bus = d->e->p->m_axi.wdata.bytes;
	unsigned k;

	for (k = 0; k < 6; k++) {
		uint32_t len = (uint32_t)sim_rng_range(&rng, 1, 1024) * bus;
		uint8_t *src = malloc(len), *out = malloc(len + 64);
		uint8_t guard[32];
		uint64_t hi = sim_rng_chance(&rng, 500) ? 0x1234500000000ull
							: 0;

		d->src = hi + sim_rng_range(&rng, 0, 0xfffff) * bus;
		d->dst = 0x40000000ull + hi +
			 sim_rng_range(&rng, 0, 0xfffff) * bus;
		d->len = len;
		d->burst = (unsigned)sim_rng_range(&rng, 1, 256);
		d->outst = (unsigned)sim_rng_range(&rng, 1, 8);
		fill_random(&rng, src, len);
		fill_random(&rng, guard, sizeof(guard));
		mem_write(d->e->mem, d->src, src, len);
		mem_write(d->e->mem, d->dst - 32, guard, 32);
		mem_write(d->e->mem, d->dst + len, guard, 32);
		dma_copy(d);
		mem_read(d->e->mem, d->dst - 32, out, len + 64);
		if (d->status != FIX_STATUS_DONE || memcmp(out, guard, 32) ||
		    memcmp(out + 32, src, len) ||
		    memcmp(out + 32 + len, guard, 32)) {
			sim_report(
				d->e->sim, SIM_ERROR, "test.dma",
				"copy %u: %u bytes 0x%llx -> 0x%llx (burst %u, %u reads in flight): status 0x%x or data differ",
				k, len, (unsigned long long)d->src,
				(unsigned long long)d->dst, d->burst, d->outst,
				d->status);
			t->mismatch++;
		}
		t->copies++;
		free(src);
		free(out);
	}
}

START_TEST(test_axi_mem_random_copies_under_stalls_and_reordering)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true };
	struct random_copies t = { { tb_env_create(&cfg) } };
	struct axi_mem_stats ms;
	struct axi_check_stats cs;

	ck_assert_ptr_nonnull(t.d.e);
	tb_env_run(t.d.e, random_copies_body, &t, 2000000);
	tb_env_assert_clean(t.d.e);
	ck_assert_uint_eq(t.copies, 6);
	ck_assert_uint_eq(t.mismatch, 0);
	ck_assert_int_eq(t.d.bad, 0);
	axi_mem_stats(t.d.e->axim, &ms);
	axi_check_stats(t.d.e->axi_chk, &cs);
	/* model and checker agree on the traffic */
	ck_assert_uint_eq(ms.r, cs.r);
	ck_assert_uint_eq(ms.w, cs.w);
	ck_assert_uint_eq(ms.ar, cs.ar);
	ck_assert_uint_eq(ms.b, cs.b);
	ck_assert_uint_eq(ms.rd_bytes, ms.wr_bytes);
	ck_assert_uint_eq(irq_mon_edges(t.d.e->irq), 6);
	tb_env_destroy(t.d.e);
}
END_TEST

static void one_copy_body(void *arg)
{
	dma_copy(arg);
}

/* Cycles for one copy of `beats` bus beats with the memory's read latency
 * fixed at lat. */
static uint64_t copy_cycles(int i, unsigned lat, uint32_t beats)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(i),
				  .seed = tb_seed(i),
				  .mem = { .rd_lat_min = lat,
					   .rd_lat_max = lat } };
	struct dma d = { tb_env_create(&cfg) };
	uint64_t c;

	ck_assert_ptr_nonnull(d.e);
	d.src = 0x1000;
	d.dst = 0x80000;
	d.len = beats * d.e->p->m_axi.wdata.bytes;
	d.burst = 16;
	d.outst = 4;
	tb_env_run(d.e, one_copy_body, &d, 100000);
	tb_env_assert_clean(d.e);
	ck_assert_uint_eq(d.status, FIX_STATUS_DONE);
	c = d.cycles;
	tb_env_destroy(d.e);
	return c;
}

START_TEST(test_axi_mem_read_latency_delays_the_first_beat)
{
	uint64_t fast = copy_cycles(_i, 0, 1);
	uint64_t slow = copy_cycles(_i, 40, 1);

	/* a single-beat copy waits exactly the extra latency */
	ck_assert_uint_eq(slow - fast, 40);
}
END_TEST

START_TEST(test_axi_mem_full_throughput_without_stalls)
{
	uint64_t beats = 8192;
	uint64_t c = copy_cycles(_i, 0, beats);

	/* one beat per cycle on R and W at once, minus burst turnarounds:
	 * at least 90 % of the bus */
	ck_assert_uint_le(c, beats * 100 / 90);
}
END_TEST

struct errcopy {
	struct dma d;
	uint8_t before[512], after[512]; /* destination around the copy */
};

static void errcopy_body(void *arg)
{
	struct errcopy *t = arg;

	mem_read(t->d.e->mem, t->d.dst, t->before, sizeof(t->before));
	dma_copy(&t->d);
	mem_read(t->d.e->mem, t->d.dst, t->after, sizeof(t->after));
}

static void error_window_case(int i, uint64_t base, enum mem_perm dirs,
			      enum axi_resp resp, bool dst_unchanged)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(i),
				  .seed = tb_seed(i),
				  .random = true };
	struct errcopy t = { { tb_env_create(&cfg) } };
	struct axi_mem_stats ms;

	ck_assert_ptr_nonnull(t.d.e);
	t.d.src = 0x10000;
	t.d.dst = 0x20000;
	t.d.len = 256;
	t.d.burst = 4;
	t.d.outst = 2;
	mem_fill(t.d.e->mem, t.d.src, 0x5a, 256);
	mem_fill(t.d.e->mem, t.d.dst, 0xa5, 256);
	ck_assert_int_eq(mem_error_add(t.d.e->mem, base, 64, dirs, resp), 0);
	tb_env_run(t.d.e, errcopy_body, &t, 200000);
	tb_env_assert_clean(t.d.e);
	ck_assert_uint_eq(t.d.status, FIX_STATUS_DONE | FIX_STATUS_ERROR);
	axi_mem_stats(t.d.e->axim, &ms);
	ck_assert_uint_ge(ms.errors, 1);
	if (dst_unchanged) /* the window's bytes were not written */
		ck_assert_mem_eq(t.after + (base - t.d.dst),
				 t.before + (base - t.d.dst), 64);
	tb_env_destroy(t.d.e);
}

START_TEST(test_axi_mem_error_window_slverr_on_read)
{
	error_window_case(_i, 0x10040, MEM_R, AXI_SLVERR, false);
}
END_TEST

START_TEST(test_axi_mem_error_window_decerr_on_write_writes_nothing)
{
	error_window_case(_i, 0x20080, MEM_W, AXI_DECERR, true);
}
END_TEST

struct tapcount {
	uint64_t reads, writes, bytes_w, lo, hi;
};

static void tap(void *ctx, const struct mem_access *a)
{
	struct tapcount *t = ctx;

	if (a->write) {
		t->writes++;
		t->bytes_w += a->len;
	} else {
		t->reads++;
	}
	if (a->addr < t->lo)
		t->lo = a->addr;
	if (a->addr + a->len > t->hi)
		t->hi = a->addr + a->len;
}

START_TEST(test_axi_mem_permissions_and_taps)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true };
	struct errcopy t = { { tb_env_create(&cfg) } };
	struct tapcount tc = { .lo = UINT64_MAX };
	unsigned bus;

	ck_assert_ptr_nonnull(t.d.e);
	t.d.src = 0x10000;
	t.d.dst = 0x20000;
	t.d.len = 512;
	t.d.burst = 8;
	t.d.outst = 2;
	mem_set_default_perm(t.d.e->mem, MEM_NONE);
	mem_region_set(t.d.e->mem, 0x10000, 512, MEM_R, "source");
	/* the destination's second half is read-only: writes there are
	 * violations, reported and not performed */
	mem_region_set(t.d.e->mem, 0x20000, 256, MEM_W, "dest");
	mem_region_set(t.d.e->mem, 0x20100, 256, MEM_R, "dest-ro");
	mem_fill(t.d.e->mem, 0x20100, 0xee, 256);
	mem_tap_add(t.d.e->mem, tap, &tc);
	sim_report_expect(t.d.e->sim, "mem.perm");
	tb_env_run(t.d.e, errcopy_body, &t, 200000);
	tb_env_assert_clean(t.d.e);
	bus = t.d.e->p->m_axi.wdata.bytes;
	/* one violation per beat into the read-only half */
	ck_assert_uint_eq(mem_violations(t.d.e->mem), 256 / bus);
	ck_assert_uint_eq(sim_report_count_id(t.d.e->sim, "mem.perm"),
			  256 / bus);
	ck_assert_uint_eq(t.after[255], 0);    /* written: source is fill 0 */
	ck_assert_uint_eq(t.after[256], 0xee); /* protected */
	ck_assert_uint_eq(tc.reads, 512 / bus);
	ck_assert_uint_eq(tc.writes, 512 / bus);
	ck_assert_uint_eq(tc.lo, 0x10000);
	ck_assert_uint_eq(tc.hi, 0x20200);
	tb_env_destroy(t.d.e);
}
END_TEST

START_TEST(test_axi_mem_beat_addresses_for_every_burst_type)
{
	/* INCR, unaligned start: the first beat keeps its offset */
	ck_assert_uint_eq(axi_mem_beat_addr(0x1003, 3, 4, AXI_INCR, 0), 0x1003);
	ck_assert_uint_eq(axi_mem_beat_addr(0x1003, 3, 4, AXI_INCR, 1), 0x1008);
	ck_assert_uint_eq(axi_mem_beat_addr(0x1003, 3, 4, AXI_INCR, 3), 0x1018);
	/* FIXED stays */
	ck_assert_uint_eq(axi_mem_beat_addr(0x2000, 2, 8, AXI_FIXED, 7),
			  0x2000);
	/* WRAP of 4 x 8 bytes from 0x1010: 0x1010 0x1018 0x1000 0x1008 */
	ck_assert_uint_eq(axi_mem_beat_addr(0x1010, 3, 4, AXI_WRAP, 1), 0x1018);
	ck_assert_uint_eq(axi_mem_beat_addr(0x1010, 3, 4, AXI_WRAP, 2), 0x1000);
	ck_assert_uint_eq(axi_mem_beat_addr(0x1010, 3, 4, AXI_WRAP, 3), 0x1008);
	/* WRAP of 16 x 4 bytes from 0x3c */
	ck_assert_uint_eq(axi_mem_beat_addr(0x3c, 2, 16, AXI_WRAP, 1), 0x00);
	/* above 4 GiB */
	ck_assert_uint_eq(axi_mem_beat_addr(0x100000ff8ull, 3, 2, AXI_INCR, 1),
			  0x100001000ull);
}
END_TEST

struct irqt {
	struct dma d;
	uint64_t edges_after_copy;
	bool level_after_copy, level_after_ack;
	uint64_t edges_disabled;
};

static void irq_body(void *arg)
{
	struct irqt *t = arg;

	t->d.src = 0x1000;
	t->d.dst = 0x2000;
	t->d.len = 64;
	t->d.burst = 4;
	t->d.outst = 1;
	dma_copy(&t->d); /* enables, waits, acknowledges */
	t->edges_after_copy = irq_mon_edges(t->d.e->irq);
	sim_wait_cycles(t->d.e->sim, 2);
	t->level_after_ack = irq_mon_level(t->d.e->irq);
	/* with IRQ_EN clear a copy raises no interrupt */
	axil_master_write(t->d.e->axil, FIX_IRQ_EN, 0, 0xf);
	axil_master_write(t->d.e->axil, FIX_DMA_CTRL, FIX_CTRL_START, 0xf);
	sim_wait_cycles(t->d.e->sim, 500);
	t->edges_disabled = irq_mon_edges(t->d.e->irq) - t->edges_after_copy;
	axil_master_write(t->d.e->axil, FIX_IRQ_EN, 1, 0xf);
	t->level_after_copy = irq_mon_wait(t->d.e->irq, 10) == 0;
}

START_TEST(test_irq_monitor_sees_levels_and_edges)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true };
	struct irqt t = { { tb_env_create(&cfg) } };

	ck_assert_ptr_nonnull(t.d.e);
	tb_env_run(t.d.e, irq_body, &t, 100000);
	tb_env_assert_clean(t.d.e);
	ck_assert_uint_eq(t.edges_after_copy, 1);
	ck_assert(!t.level_after_ack);
	ck_assert_uint_eq(t.edges_disabled, 0);
	/* DONE was pending: enabling raises the line again */
	ck_assert(t.level_after_copy);
	ck_assert_uint_eq(irq_mon_edges(t.d.e->irq), 2);
	ck_assert_uint_ge(irq_mon_high_cycles(t.d.e->irq), 2);
	/* the monitor's event fired once per rising edge */
	ck_assert_uint_eq(sim_event_count(irq_mon_event(t.d.e->irq)), 2);
	tb_env_destroy(t.d.e);
}
END_TEST

void test_axi_mem_register(struct tb_registry *r)
{
	tb_add(r, test_axi_mem_beat_addresses_for_every_burst_type, 0);
	tb_add_seeded(r, test_axi_mem_random_copies_under_stalls_and_reordering,
		      0);
	tb_add(r, test_axi_mem_read_latency_delays_the_first_beat, 0);
	tb_add(r, test_axi_mem_full_throughput_without_stalls, 0);
	tb_add_seeded(r, test_axi_mem_error_window_slverr_on_read, 0);
	tb_add_seeded(
		r, test_axi_mem_error_window_decerr_on_write_writes_nothing, 0);
	tb_add_seeded(r, test_axi_mem_permissions_and_taps, 0);
	tb_add_seeded(r, test_irq_monitor_sees_levels_and_edges, 0);
}
