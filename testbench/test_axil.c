/* SPDX-License-Identifier: MIT */
/*
 * test_axil.c - the AXI4-Lite master model against the fixture's register
 * file, under random idle and back-pressure, with the protocol checker on.
 */
#include <errno.h>
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
}
