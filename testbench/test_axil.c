/* SPDX-License-Identifier: MIT */
/*
 * test_axil.c - the AXI4-Lite master model against the fixture's register
 * file, under random idle and back-pressure, with the protocol checker on.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "tb.h"
#include "tb_env.h"

static struct tb_env *env(int i, bool random)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(i),
				  .seed = tb_seed(i),
				  .random = random };
	struct tb_env *e = tb_env_create(&cfg);

	ck_assert_ptr_nonnull(e);
	return e;
}

struct scratch {
	struct tb_env *e;
	uint32_t model[FIX_NSCRATCH]; /* expected contents */
	uint32_t got[FIX_NSCRATCH];   /* read back */
	int bad_resp;		      /* responses other than OKAY */
	unsigned ops;		      /* accesses made */
};

static void scratch_body(void *arg)
{
	struct scratch *s = arg;
	struct sim_rng rng = sim_rng(s->e->sim, "test.scratch");
	unsigned i, k;

	for (k = 0; k < 300; k++) {
		unsigned reg =
			(unsigned)sim_rng_range(&rng, 0, FIX_NSCRATCH - 1);
		uint32_t v = (uint32_t)sim_rng_u64(&rng);
		unsigned strb = (unsigned)sim_rng_range(&rng, 0, 15);
		uint32_t mask = 0;
		int r;

		for (i = 0; i < 4; i++)
			if (strb & (1u << i))
				mask |= 0xffu << (8 * i);
		r = axil_master_write(s->e->axil, FIX_SCRATCH(reg), v, strb);
		s->bad_resp += r != AXI_OKAY;
		s->model[reg] = (s->model[reg] & ~mask) | (v & mask);
		s->ops++;
		if (sim_rng_chance(&rng, 300)) {
			uint32_t d;

			reg = (unsigned)sim_rng_range(&rng, 0,
						      FIX_NSCRATCH - 1);
			r = axil_master_read(s->e->axil, FIX_SCRATCH(reg), &d);
			s->bad_resp += r != AXI_OKAY;
			s->bad_resp += d != s->model[reg];
			s->ops++;
		}
	}
	for (i = 0; i < FIX_NSCRATCH; i++)
		s->bad_resp += axil_master_read(s->e->axil, FIX_SCRATCH(i),
						&s->got[i]) != AXI_OKAY;
}

START_TEST(test_axil_strobed_writes_read_back)
{
	struct scratch s = { env(_i, true) };
	struct axil_check_stats st;

	tb_env_run(s.e, scratch_body, &s, 200000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.bad_resp, 0);
	ck_assert_mem_eq(s.got, s.model, sizeof(s.model));
	/* the checker saw every handshake */
	axil_check_stats(s.e->axil_chk, &st);
	ck_assert_uint_ge(st.aw, 300);
	ck_assert_uint_eq(st.aw, st.w);
	ck_assert_uint_eq(st.aw, st.b);
	ck_assert_uint_eq(st.ar, st.r);
	tb_env_destroy(s.e);
}
END_TEST

struct resp {
	struct tb_env *e;
	int r_unmapped, w_unmapped, w_ro, r_ro, r_params;
	uint32_t d_unmapped, d_ro, d_params;
};

static void resp_body(void *arg)
{
	struct resp *s = arg;

	s->d_unmapped = 0xdeadbeef;
	s->r_unmapped = axil_master_read(s->e->axil, 0x800, &s->d_unmapped);
	s->w_unmapped = axil_master_write(s->e->axil, 0x804, 1, 0xf);
	s->w_ro = axil_master_write(s->e->axil, FIX_ID, 0x12345678, 0xf);
	s->r_ro = axil_master_read(s->e->axil, FIX_ID, &s->d_ro);
	s->r_params = axil_master_read(s->e->axil, FIX_PARAMS, &s->d_params);
}

START_TEST(test_axil_responses_decerr_and_read_only)
{
	struct resp s = { env(_i, true) };

	tb_env_run(s.e, resp_body, &s, 100000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.r_unmapped, AXI_DECERR);
	ck_assert_uint_eq(s.d_unmapped, 0);
	ck_assert_int_eq(s.w_unmapped, AXI_DECERR);
	ck_assert_int_eq(s.w_ro, AXI_OKAY);
	ck_assert_int_eq(s.r_ro, AXI_OKAY);
	ck_assert_uint_eq(s.d_ro, FIX_ID_VALUE);
	ck_assert_int_eq(s.r_params, AXI_OKAY);
	ck_assert_uint_eq(s.d_params & 0xff, s.e->p->m_axi.wdata.bytes);
	tb_env_destroy(s.e);
}
END_TEST

struct pipe {
	struct tb_env *e;
	int done[2];	 /* per thread: accesses that got OKAY */
	uint64_t cycles; /* for both threads to finish */
};

static void pipe_writer(void *arg)
{
	struct pipe *s = arg;
	int i;

	for (i = 0; i < 200; i++)
		s->done[0] += axil_master_write(s->e->axil, FIX_SCRATCH(i & 7),
						(uint32_t)i, 0xf) == AXI_OKAY;
}

static void pipe_reader(void *arg)
{
	struct pipe *s = arg;
	uint32_t d;
	int i;

	for (i = 0; i < 200; i++)
		s->done[1] += axil_master_read(s->e->axil, FIX_ID, &d) ==
				      AXI_OKAY &&
			      d == FIX_ID_VALUE;
}

static void pipe_body(void *arg)
{
	struct pipe *s = arg;
	sim_thread_t *w, *r;
	uint64_t t0 = sim_cycles(s->e->sim);

	w = sim_spawn(s->e->sim, "writer", pipe_writer, s, 0);
	r = sim_spawn(s->e->sim, "reader", pipe_reader, s, 0);
	sim_thread_join(s->e->sim, w, 0);
	sim_thread_join(s->e->sim, r, 0);
	s->cycles = sim_cycles(s->e->sim) - t0;
}

START_TEST(test_axil_reads_and_writes_from_two_threads)
{
	struct pipe s = { env(_i, false) };

	tb_env_run(s.e, pipe_body, &s, 100000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.done[0], 200);
	ck_assert_int_eq(s.done[1], 200);
	/* Blocking calls, no stalls: one access per thread every few cycles
	 * (issue, handshake, response, wake-up), reads and writes overlapped. */
	ck_assert_uint_le(s.cycles, 200 * 5);
	tb_env_destroy(s.e);
}
END_TEST

struct hang {
	struct tb_env *e;
	int r_arm, r_read;
	uint32_t d;
};

static void hang_body(void *arg)
{
	struct hang *s = arg;

	s->r_arm = axil_master_write(s->e->axil, FIX_FAULT,
				     FIX_FAULT_LITE_NO_RRESP, 0xf);
	s->r_read = axil_master_read(s->e->axil, FIX_SCRATCH(3), &s->d);
}

START_TEST(test_axil_timeout_names_the_unanswered_read)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true,
				  .hang_cycles = 100,
				  .axil = { .timeout = 300 } };
	struct hang s = { tb_env_create(&cfg) };

	ck_assert_ptr_nonnull(s.e);
	sim_report_expect(s.e->sim, "axil.timeout");
	sim_report_expect(s.e->sim, "axi.hang");
	tb_env_run(s.e, hang_body, &s, 10000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.r_arm, AXI_OKAY);
	ck_assert_int_eq(s.r_read, -ETIMEDOUT);
	ck_assert_uint_eq(sim_report_count_id(s.e->sim, "axil.timeout"), 1);
	/* the checker saw the stuck read before the master gave up */
	ck_assert_uint_ge(sim_report_count_id(s.e->sim, "axi.hang"), 1);
	tb_env_destroy(s.e);
}
END_TEST

/* ------------------------------------------ several accesses in flight */

#define PIPE_N 6     /* requests kept in flight by one thread */
#define PIPE_OPS 300 /* accesses per test */
#define UNMAPPED 0x800u

/* One request in flight and what it must return. */
struct inflight {
	struct axil_req *req;
	uint64_t addr;
	unsigned idx;  /* issue number */
	int want_resp; /* expected response */
	uint32_t want; /* expected read data */
	unsigned reg;  /* scratch register, or FIX_NSCRATCH for others */
};

/* The first mismatch, as a sentence for the failure message. */
struct mismatch {
	unsigned n;    /* mismatches */
	char msg[160]; /* the first one */
};

static void mismatch(struct mismatch *mm, const char *what,
		     const struct inflight *f, int resp, uint32_t got)
{
	if (!mm->n++)
		snprintf(
			mm->msg, sizeof(mm->msg),
			"%s %u at 0x%03llx: response %d data 0x%08x, expected response %d data 0x%08x",
			what, f->idx, (unsigned long long)f->addr, resp, got,
			f->want_resp, f->want);
}

static uint32_t strb_mask(unsigned strb)
{
	uint32_t mask = 0;
	unsigned i;

	for (i = 0; i < 4; i++)
		if (strb & (1u << i))
			mask |= 0xffu << (8 * i);
	return mask;
}

struct piped {
	struct tb_env *e;
	uint32_t model[FIX_NSCRATCH]; /* expected scratch contents */
	uint32_t got[FIX_NSCRATCH];   /* read back at the end */
	struct mismatch mm;	      /* responses or data not as expected */
	unsigned decerr;	      /* unmapped accesses made */
	int start_err, drain;	      /* failed starts; axil_master_drain() */
};

/* Fill the scratch registers with distinct values (blocking writes). */
static void piped_fill(struct piped *s, struct sim_rng *rng)
{
	unsigned i;

	for (i = 0; i < FIX_NSCRATCH; i++) {
		s->model[i] = (uint32_t)sim_rng_u64(rng) << 8 | i;
		s->start_err += axil_master_write(s->e->axil, FIX_SCRATCH(i),
						  s->model[i], 0xf) != AXI_OKAY;
	}
}

static void piped_read_back(struct piped *s)
{
	unsigned i;

	for (i = 0; i < FIX_NSCRATCH; i++)
		s->start_err += axil_master_read(s->e->axil, FIX_SCRATCH(i),
						 &s->got[i]) != AXI_OKAY;
}

/* Wait for the oldest read of a ring and check it. */
static void piped_reap_read(struct piped *s, struct inflight *f)
{
	uint32_t d = 0xdeadbeef;
	int resp = axil_master_wait(s->e->axil, f->req, &d);

	if (resp != f->want_resp || d != f->want)
		mismatch(&s->mm, "read", f, resp, d);
}

static void piped_reap_write(struct piped *s, struct inflight *f)
{
	int resp = axil_master_wait(s->e->axil, f->req, NULL);

	if (resp != f->want_resp)
		mismatch(&s->mm, "write", f, resp, 0);
}

/* A random read target: a scratch register, ID, or an unmapped offset. */
static void piped_pick_read(struct piped *s, struct sim_rng *rng,
			    struct inflight *f)
{
	unsigned pick = (unsigned)sim_rng_range(rng, 0, FIX_NSCRATCH + 1);

	f->want_resp = AXI_OKAY;
	f->reg = FIX_NSCRATCH;
	if (pick < FIX_NSCRATCH) {
		f->reg = pick;
		f->addr = FIX_SCRATCH(pick);
		f->want = s->model[pick];
	} else if (pick == FIX_NSCRATCH || !sim_rng_chance(rng, 300)) {
		f->addr = FIX_ID;
		f->want = FIX_ID_VALUE;
	} else {
		f->addr = UNMAPPED + 4 * (unsigned)sim_rng_range(rng, 0, 15);
		f->want = 0; /* DECERR reads return 0 */
		f->want_resp = AXI_DECERR;
		s->decerr++;
	}
}

static void reads_in_flight_body(void *arg)
{
	struct piped *s = arg;
	struct sim_rng rng = sim_rng(s->e->sim, "test.reads_in_flight");
	struct inflight ring[PIPE_N];
	unsigned k;

	piped_fill(s, &rng);
	for (k = 0; k < PIPE_OPS + PIPE_N; k++) {
		struct inflight *f = &ring[k % PIPE_N];

		if (k >= PIPE_N)
			piped_reap_read(s, f); /* the oldest */
		if (k >= PIPE_OPS)
			continue;
		f->idx = k;
		piped_pick_read(s, &rng, f);
		s->start_err += axil_master_read_start(s->e->axil, f->addr,
						       &f->req) != 0;
	}
}

START_TEST(test_axil_reads_in_flight_from_one_thread_return_in_order)
{
	struct tb_env_cfg cfg = {
		.name = tb_run_name(_i),
		.seed = tb_seed(_i),
		.random = true,
		.axil = { .idle_permille = 100,
			  .stall_permille = 500,
			  .max_outstanding = PIPE_N },
	};
	struct piped s = { tb_env_create(&cfg) };
	struct axil_master_stats ms;
	struct axil_check_stats st;

	ck_assert_ptr_nonnull(s.e);
	tb_env_run(s.e, reads_in_flight_body, &s, 200000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.start_err, 0);
	ck_assert_msg(s.mm.n == 0, "%u of %u reads wrong; first: %s", s.mm.n,
		      PIPE_OPS, s.mm.msg);
	axil_master_stats(s.e->axil, &ms);
	/* one thread really kept PIPE_N reads in flight, and RREADY stalled
	 * while responses were waiting */
	ck_assert_uint_eq(ms.max_reads_in_flight, PIPE_N);
	ck_assert_uint_gt(ms.r_stall_cycles, 0);
	ck_assert_uint_eq(ms.reads, PIPE_OPS);
	ck_assert_uint_eq(ms.errors, s.decerr);
	axil_check_stats(s.e->axil_chk, &st);
	ck_assert_uint_eq(st.ar, PIPE_OPS);
	ck_assert_uint_eq(st.r, PIPE_OPS);
	tb_env_destroy(s.e);
}
END_TEST

static void writes_in_flight_body(void *arg)
{
	struct piped *s = arg;
	struct sim_rng rng = sim_rng(s->e->sim, "test.writes_in_flight");
	struct inflight ring[PIPE_N];
	unsigned k;

	piped_fill(s, &rng);
	for (k = 0; k < PIPE_OPS + PIPE_N; k++) {
		struct inflight *f = &ring[k % PIPE_N];
		unsigned strb = (unsigned)sim_rng_range(&rng, 0, 15);
		uint32_t v = (uint32_t)sim_rng_u64(&rng);
		unsigned reg;

		if (k >= PIPE_N)
			piped_reap_write(s, f);
		if (k >= PIPE_OPS)
			continue;
		f->idx = k;
		f->want = v;
		f->want_resp = AXI_OKAY;
		if (sim_rng_chance(&rng, 100)) {
			/* unmapped: its DECERR must come back on its own B */
			f->addr = UNMAPPED +
				  4 * (unsigned)sim_rng_range(&rng, 0, 15);
			f->want_resp = AXI_DECERR;
			s->decerr++;
		} else {
			reg = (unsigned)sim_rng_range(&rng, 0,
						      FIX_NSCRATCH - 1);
			f->addr = FIX_SCRATCH(reg);
			s->model[reg] = (s->model[reg] & ~strb_mask(strb)) |
					(v & strb_mask(strb));
		}
		s->start_err += axil_master_write_start(s->e->axil, f->addr, v,
							strb, &f->req) != 0;
	}
	piped_read_back(s);
}

START_TEST(test_axil_writes_in_flight_from_one_thread_complete_in_order)
{
	struct tb_env_cfg cfg = {
		.name = tb_run_name(_i),
		.seed = tb_seed(_i),
		.random = true,
		.axil = { .idle_permille = 100,
			  .stall_permille = 500,
			  .max_outstanding = PIPE_N },
	};
	struct piped s = { tb_env_create(&cfg) };
	struct axil_master_stats ms;
	struct axil_check_stats st;

	ck_assert_ptr_nonnull(s.e);
	tb_env_run(s.e, writes_in_flight_body, &s, 200000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.start_err, 0);
	ck_assert_msg(s.mm.n == 0, "%u of %u writes wrong; first: %s", s.mm.n,
		      PIPE_OPS, s.mm.msg);
	ck_assert_mem_eq(s.got, s.model, sizeof(s.model));
	axil_master_stats(s.e->axil, &ms);
	/* PIPE_N in flight from one thread; the register file holds two (one
	 * answered with BREADY low, one in its holding registers) */
	ck_assert_uint_eq(ms.max_writes_in_flight, PIPE_N);
	ck_assert_uint_ge(ms.max_writes_at_slave, 2);
	ck_assert_uint_gt(ms.b_stall_cycles, 0);
	ck_assert_uint_eq(ms.errors, s.decerr);
	axil_check_stats(s.e->axil_chk, &st);
	ck_assert_uint_eq(st.aw, FIX_NSCRATCH + PIPE_OPS);
	ck_assert_uint_eq(st.b, st.aw);
	tb_env_destroy(s.e);
}
END_TEST

static void posted_body(void *arg)
{
	struct piped *s = arg;
	struct sim_rng rng = sim_rng(s->e->sim, "test.posted");
	unsigned k, reg = 0, reads = 0;

	for (k = 0; k < PIPE_OPS; k++) {
		struct inflight f = { .idx = k, .want_resp = AXI_OKAY };
		unsigned strb = sim_rng_chance(&rng, 500)
					? 0xf
					: (unsigned)sim_rng_range(&rng, 0, 15);
		uint32_t v = (uint32_t)sim_rng_u64(&rng), d = 0xdeadbeef;
		int resp;

		reg = (unsigned)sim_rng_range(&rng, 0, FIX_NSCRATCH - 1);
		s->model[reg] = (s->model[reg] & ~strb_mask(strb)) |
				(v & strb_mask(strb));
		/* returns at once: 0 */
		s->start_err += axil_master_write(s->e->axil, FIX_SCRATCH(reg),
						  v, strb) != 0;
		if (!sim_rng_chance(&rng, 300))
			continue;
		/* often the register just written: the read must not
		 * overtake the posted write */
		if (sim_rng_chance(&rng, 500))
			reg = (unsigned)sim_rng_range(&rng, 0,
						      FIX_NSCRATCH - 1);
		f.addr = FIX_SCRATCH(reg);
		f.want = s->model[reg];
		f.idx = reads++;
		resp = axil_master_read(s->e->axil, f.addr, &d);
		if (resp != AXI_OKAY || d != f.want)
			mismatch(&s->mm, "read", &f, resp, d);
	}
	s->drain = axil_master_drain(s->e->axil);
	piped_read_back(s);
}

START_TEST(test_axil_read_after_posted_writes_sees_the_written_value)
{
	struct tb_env_cfg cfg = {
		.name = tb_run_name(_i),
		.seed = tb_seed(_i),
		.random = true,
		.axil = { .idle_permille = 100,
			  .stall_permille = 500,
			  .max_outstanding = 4,
			  .posted_writes = true },
	};
	struct piped s = { tb_env_create(&cfg) };
	struct axil_master_stats ms;

	ck_assert_ptr_nonnull(s.e);
	tb_env_run(s.e, posted_body, &s, 200000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.start_err, 0);
	ck_assert_int_eq(s.drain, 0);
	ck_assert_msg(s.mm.n == 0,
		      "%u reads after posted writes wrong; first: %s", s.mm.n,
		      s.mm.msg);
	ck_assert_mem_eq(s.got, s.model, sizeof(s.model));
	axil_master_stats(s.e->axil, &ms);
	/* the writes returned while up to 4 of them were still unanswered */
	ck_assert_uint_eq(ms.max_writes_in_flight, 4);
	ck_assert_uint_ge(ms.max_writes_at_slave, 2);
	ck_assert_uint_eq(ms.writes, PIPE_OPS);
	ck_assert_uint_eq(ms.errors, 0);
	tb_env_destroy(s.e);
}
END_TEST

struct posted_err {
	struct tb_env *e;
	int w_ok, w_bad, r;
	uint32_t d;
};

static void posted_err_body(void *arg)
{
	struct posted_err *s = arg;

	s->w_ok = axil_master_write(s->e->axil, FIX_SCRATCH(2), 0x600d, 0xf);
	s->w_bad = axil_master_write(s->e->axil, UNMAPPED + 4, 0xbad, 0xf);
	s->r = axil_master_read(s->e->axil, FIX_SCRATCH(2), &s->d);
}

START_TEST(test_axil_posted_write_error_reported_when_its_b_arrives)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true,
				  .axil = { .posted_writes = true } };
	struct posted_err s = { tb_env_create(&cfg) };
	struct axil_master_stats ms;
	const char *err;

	/* expected by the test: counted, the run goes on */
	ck_assert_ptr_nonnull(s.e);
	sim_report_expect(s.e->sim, "axil.resp");
	tb_env_run(s.e, posted_err_body, &s, 10000);
	tb_env_assert_clean(s.e);
	ck_assert_int_eq(s.w_ok, 0);
	ck_assert_int_eq(s.w_bad, 0); /* queued: the error comes later */
	ck_assert_int_eq(s.r, AXI_OKAY);
	ck_assert_uint_eq(s.d, 0x600d);
	ck_assert_uint_eq(sim_report_count_id(s.e->sim, "axil.resp"), 1);
	axil_master_stats(s.e->axil, &ms);
	ck_assert_uint_eq(ms.errors, 1);
	tb_env_destroy(s.e);

	/* not expected: an error naming the write */
	cfg.name = "posted_write_error_unexpected";
	cfg.quiet = true;
	s = (struct posted_err){ tb_env_create(&cfg) };
	ck_assert_ptr_nonnull(s.e);
	tb_env_run(s.e, posted_err_body, &s, 10000);
	err = sim_first_error(s.e->sim);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_nonnull(strstr(err, "axil.resp"));
	ck_assert_ptr_nonnull(strstr(err, "posted write 0x00000bad to 0x804"));
	ck_assert_ptr_nonnull(strstr(err, "DECERR"));
	tb_env_destroy(s.e);
}
END_TEST

/* Reads and writes in flight together from one thread, plus posted
 * writes. A read targets a register no write in flight touches, and a
 * write one no read in flight reads, so every value is exact. */
struct mixed {
	struct piped p;
	struct inflight rd[4], wr[4]; /* rings */
	unsigned nrd, nwr;	      /* started */
	unsigned rd_pend[FIX_NSCRATCH + 1], wr_pend[FIX_NSCRATCH + 1];
};

static void mixed_body(void *arg)
{
	struct mixed *s = arg;
	struct piped *p = &s->p;
	struct sim_rng rng = sim_rng(p->e->sim, "test.mixed");
	unsigned k, reg, reaped_wr = 0, reaped_rd = 0;

	piped_fill(p, &rng);
	for (k = 0; k < 2 * PIPE_OPS; k++) {
		unsigned what = (unsigned)sim_rng_range(&rng, 0, 9);
		struct inflight *f;

		if (what < 4) { /* read */
			if (s->nrd - reaped_rd == 4) {
				f = &s->rd[reaped_rd++ % 4];
				piped_reap_read(p, f);
				s->rd_pend[f->reg]--;
			}
			f = &s->rd[s->nrd % 4];
			f->idx = s->nrd;
			do
				piped_pick_read(p, &rng, f);
			while (f->reg < FIX_NSCRATCH && s->wr_pend[f->reg]);
			s->rd_pend[f->reg]++;
			p->start_err += axil_master_read_start(p->e->axil,
							       f->addr,
							       &f->req) != 0;
			s->nrd++;
			continue;
		}
		do
			reg = (unsigned)sim_rng_range(&rng, 0,
						      FIX_NSCRATCH - 1);
		while (s->rd_pend[reg]);
		if (what < 8) { /* write, waited for later */
			uint32_t v = (uint32_t)sim_rng_u64(&rng);

			if (s->nwr - reaped_wr == 4) {
				f = &s->wr[reaped_wr++ % 4];
				piped_reap_write(p, f);
				s->wr_pend[f->reg]--;
			}
			f = &s->wr[s->nwr % 4];
			f->idx = s->nwr++;
			f->reg = reg;
			f->addr = FIX_SCRATCH(reg);
			f->want_resp = AXI_OKAY;
			f->want = v;
			s->wr_pend[reg]++;
			p->model[reg] = v;
			p->start_err += axil_master_write_start(p->e->axil,
								f->addr, v, 0xf,
								&f->req) != 0;
		} else { /* posted: later reads wait for it */
			p->model[reg] = (uint32_t)sim_rng_u64(&rng);
			p->start_err +=
				axil_master_write(p->e->axil, FIX_SCRATCH(reg),
						  p->model[reg], 0xf) != 0;
		}
	}
	while (reaped_rd < s->nrd)
		piped_reap_read(p, &s->rd[reaped_rd++ % 4]);
	while (reaped_wr < s->nwr)
		piped_reap_write(p, &s->wr[reaped_wr++ % 4]);
	p->drain = axil_master_drain(p->e->axil);
	piped_read_back(p);
}

START_TEST(test_axil_mixed_reads_and_writes_in_flight_stay_exact)
{
	struct tb_env_cfg cfg = {
		.name = tb_run_name(_i),
		.seed = tb_seed(_i),
		.random = true,
		.axil = { .idle_permille = 100,
			  .stall_permille = 500,
			  .max_outstanding = 4,
			  .posted_writes = true },
	};
	struct mixed s = { { tb_env_create(&cfg) } };
	struct axil_master_stats ms;
	struct axil_check_stats st;

	ck_assert_ptr_nonnull(s.p.e);
	tb_env_run(s.p.e, mixed_body, &s, 400000);
	tb_env_assert_clean(s.p.e);
	ck_assert_int_eq(s.p.start_err, 0);
	ck_assert_int_eq(s.p.drain, 0);
	ck_assert_msg(s.p.mm.n == 0, "%u accesses wrong; first: %s", s.p.mm.n,
		      s.p.mm.msg);
	ck_assert_mem_eq(s.p.got, s.p.model, sizeof(s.p.model));
	axil_master_stats(s.p.e->axil, &ms);
	ck_assert_uint_eq(ms.max_reads_in_flight, 4);
	ck_assert_uint_eq(ms.max_writes_in_flight, 4);
	ck_assert_uint_eq(ms.errors, s.p.decerr);
	/* BREADY and RREADY stalled apart while both had a response
	 * waiting */
	ck_assert_uint_gt(ms.split_stall_cycles, 0);
	axil_check_stats(s.p.e->axil_chk, &st);
	ck_assert_uint_eq(st.aw, st.b);
	ck_assert_uint_eq(st.ar, st.r);
	tb_env_destroy(s.p.e);
}
END_TEST

struct late {
	struct piped p;	   /* mismatches of the later reads */
	int r[3];	   /* waits that gave up */
	uint64_t timeouts; /* stats.timeouts when they gave up */
};

static void late_body(void *arg)
{
	struct late *s = arg;
	struct axil_master *a = s->p.e->axil;
	struct axil_master_stats ms;
	struct inflight f[3];
	struct axil_req *req[3];
	uint32_t d = 0;
	unsigned i;

	for (i = 0; i < 6; i++)
		s->p.start_err += axil_master_write(a, FIX_SCRATCH(i),
						    0x1111u * (i + 1),
						    0xf) != AXI_OKAY;
	/* RREADY held low: the reads are taken or queued, never answered in
	 * time; the callers give up, the youngest first */
	axil_master_cfg(a)->stall_permille = 1000;
	for (i = 0; i < 3; i++)
		s->p.start_err +=
			axil_master_read_start(a, FIX_SCRATCH(i), &req[i]) != 0;
	s->r[2] = axil_master_wait(a, req[2], &d);
	s->r[0] = axil_master_wait(a, req[0], &d);
	s->r[1] = axil_master_wait(a, req[1], &d);
	axil_master_stats(a, &ms);
	s->timeouts = ms.timeouts;
	/* the late answers complete the abandoned reads (the model frees
	 * them); the reads after them get their own data, not the late ones' */
	axil_master_cfg(a)->stall_permille = 300;
	for (i = 0; i < 3; i++) {
		f[i] = (struct inflight){ .addr = FIX_SCRATCH(3 + i),
					  .idx = i,
					  .want_resp = AXI_OKAY,
					  .want = 0x1111u * (4 + i) };
		s->p.start_err +=
			axil_master_read_start(a, f[i].addr, &f[i].req) != 0;
	}
	for (i = 0; i < 3; i++)
		piped_reap_read(&s->p, &f[i]);
	s->p.drain = axil_master_drain(a);
}

START_TEST(test_axil_late_answers_to_abandoned_reads_keep_later_reads_aligned)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true,
				  .hang_cycles = 2000,
				  .axil = { .timeout = 50 } };
	struct late s = { { tb_env_create(&cfg) } };
	struct axil_master_stats ms;

	ck_assert_ptr_nonnull(s.p.e);
	sim_report_expect(s.p.e->sim, "axil.timeout");
	tb_env_run(s.p.e, late_body, &s, 20000);
	tb_env_assert_clean(s.p.e);
	ck_assert_int_eq(s.p.start_err, 0);
	ck_assert_int_eq(s.r[0], -ETIMEDOUT);
	ck_assert_int_eq(s.r[1], -ETIMEDOUT);
	ck_assert_int_eq(s.r[2], -ETIMEDOUT);
	ck_assert_uint_eq(s.timeouts, 3);
	ck_assert_uint_eq(sim_report_count_id(s.p.e->sim, "axil.timeout"), 3);
	ck_assert_msg(s.p.mm.n == 0,
		      "%u reads after the late answers wrong; first: %s",
		      s.p.mm.n, s.p.mm.msg);
	ck_assert_int_eq(s.p.drain, 0);
	axil_master_stats(s.p.e->axil, &ms);
	ck_assert_uint_eq(ms.reads, 6); /* the late three completed too */
	tb_env_destroy(s.p.e);
}
END_TEST

START_TEST(test_vdut_binds_every_contract_port)
{
	struct tb_env *e = env(0, false);
	const struct vdut_ports *p = e->p;

	ck_assert_str_eq(vdut_top_name(), "tb_fixture");
	ck_assert_ptr_nonnull(p->m_axi.awlock.p);
	ck_assert_ptr_nonnull(p->m_axi.rid.p);
	ck_assert_uint_eq(p->m_axi.araddr.bytes, 8);
	ck_assert_uint_eq(p->s_axil.wdata.bytes, 4);
	ck_assert_uint_eq(p->m_axi.wstrb.bytes * 8, p->m_axi.wdata.bytes);
	ck_assert_uint_eq(p->rst_n.bytes, 1);
	tb_env_destroy(e);
}
END_TEST

void test_axil_register(struct tb_registry *r)
{
	tb_add(r, test_vdut_binds_every_contract_port, 0);
	tb_add_seeded(r, test_axil_strobed_writes_read_back, 0);
	tb_add_seeded(r, test_axil_responses_decerr_and_read_only, 0);
	tb_add_seeded(r, test_axil_reads_and_writes_from_two_threads, 0);
	tb_add_seeded(r, test_axil_timeout_names_the_unanswered_read, 0);
	tb_add_seeded(r,
		      test_axil_reads_in_flight_from_one_thread_return_in_order,
		      0);
	tb_add_seeded(
		r, test_axil_writes_in_flight_from_one_thread_complete_in_order,
		0);
	tb_add_seeded(r,
		      test_axil_read_after_posted_writes_sees_the_written_value,
		      0);
	tb_add_seeded(
		r, test_axil_posted_write_error_reported_when_its_b_arrives, 0);
	tb_add_seeded(r, test_axil_mixed_reads_and_writes_in_flight_stay_exact,
		      0);
	tb_add_seeded(
		r,
		test_axil_late_answers_to_abandoned_reads_keep_later_reads_aligned,
		0);
}
