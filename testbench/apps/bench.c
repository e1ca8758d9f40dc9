/* SPDX-License-Identifier: MIT */
/*
 * bench.c - `make bench`: thread-switch cost and simulation speed.
 *
 *   1. one thread-switch round trip: sim_ctx_switch vs glibc swapcontext;
 *   2. the kernel alone: a thread that waits one cycle per cycle;
 *   3. simulated cycles per second of the fixture DUT doing one long DMA
 *      copy, (a) driven by a bare eval loop with an inline, always-ready
 *      memory responder and no kernel, (b) through the kernel with every
 *      bus model and both protocol checkers attached (memory latency 0, no
 *      stalls) - the same DUT work per cycle, so the ratio is the cost of
 *      the kernel and the models.
 *
 * Options: --cycles N (default 2000000), --repeat N (best of N, default 3).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

#include "sim_ctx.h"
#include "tb_env.h"
#include "tb_fixture.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------ thread switch */

static struct sim_ctx b_main, b_co;
static ucontext_t u_main, u_co;

static void co_entry(void *arg)
{
	(void)arg;
	for (;;)
		sim_ctx_switch(&b_co, &b_main);
}

static void uco_entry(void)
{
	for (;;)
		swapcontext(&u_co, &u_main);
}

static double bench_ctx(long n)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	double t0;
	long i;

	sim_ctx_make(&b_co, stack, sizeof(stack), co_entry, NULL);
	t0 = now_s();
	for (i = 0; i < n; i++)
		sim_ctx_switch(&b_main, &b_co);
	return (now_s() - t0) / (double)n;
}

static double bench_swapcontext(long n)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	double t0;
	long i;

	getcontext(&u_co);
	u_co.uc_stack.ss_sp = stack;
	u_co.uc_stack.ss_size = sizeof(stack);
	u_co.uc_link = NULL;
	makecontext(&u_co, uco_entry, 0);
	t0 = now_s();
	for (i = 0; i < n; i++)
		swapcontext(&u_main, &u_co);
	return (now_s() - t0) / (double)n;
}

static void tick_thread(void *arg)
{
	sim_t *sim = arg;

	for (;;)
		sim_wait_cycles(sim, 1);
}

static double bench_kernel_thread(uint64_t cycles)
{
	struct sim_config cfg = { .name = "bench",
				  .has_seed = true,
				  .quiet = true };
	sim_t *sim = sim_create(&cfg);
	double t0, dt;

	sim_clock(sim, "clk", 10000);
	sim_spawn(sim, "tick", tick_thread, sim, 0);
	t0 = now_s();
	sim_run(sim, cycles);
	dt = now_s() - t0;
	sim_destroy(sim);
	return dt / (double)cycles;
}

/* ------------------------------------------------------------- bare loop */

#define COPY_LEN (64u << 20) /* long enough to outlast any measurement */

struct bare {
	struct vdut *d;
	const struct vdut_ports *p;
	unsigned rd_bursts[64]; /* beats of accepted read bursts (FIFO) */
	unsigned rd_head, rd_len, rd_beat;
	unsigned b_pending; /* write bursts complete, B not yet given */
	uint64_t beats;	    /* R beats handed over */
};

static inline void set1(const struct vport *v, uint8_t x)
{
	*(uint8_t *)v->p = x;
}

static void bare_cycle(struct bare *b)
{
	const struct axi_if *m = &b->p->m_axi;
	bool r_hs = vport_bit(&m->rvalid) && vport_bit(&m->rready);
	bool ar_hs = vport_bit(&m->arvalid); /* arready is 1 */
	bool w_last = vport_bit(&m->wvalid) && vport_bit(&m->wlast);
	bool b_hs = vport_bit(&m->bvalid) && vport_bit(&m->bready);

	set1(&b->p->clk, 1);
	vdut_eval(b->d);
	/* an always-ready memory that answers on the next cycle */
	b->beats += r_hs;
	if (r_hs && ++b->rd_beat == b->rd_bursts[b->rd_head]) {
		b->rd_head = (b->rd_head + 1) % 64;
		b->rd_len--;
		b->rd_beat = 0;
	}
	if (ar_hs) {
		b->rd_bursts[(b->rd_head + b->rd_len) % 64] =
			(unsigned)vport_get(&m->arlen) + 1;
		b->rd_len++;
	}
	b->b_pending += w_last;
	b->b_pending -= b_hs;
	set1(&m->rvalid, b->rd_len != 0);
	set1(&m->rlast,
	     b->rd_len && b->rd_beat + 1 == b->rd_bursts[b->rd_head]);
	set1(&m->bvalid, b->b_pending != 0);
	set1(&b->p->clk, 0);
	vdut_eval(b->d);
}

/* A register write through the bare pins. */
static void bare_write(struct bare *b, uint32_t addr, uint32_t data)
{
	const struct axil_if *s = &b->p->s_axil;
	int i;

	*(uint16_t *)s->awaddr.p = (uint16_t)addr;
	*(uint32_t *)s->wdata.p = data;
	*(uint8_t *)s->wstrb.p = 0xf;
	set1(&s->awvalid, 1);
	set1(&s->wvalid, 1);
	set1(&s->bready, 1);
	for (i = 0; i < 20 && !vport_bit(&s->bvalid); i++) {
		bool aw = vport_bit(&s->awready), w = vport_bit(&s->wready);

		bare_cycle(b);
		if (aw)
			set1(&s->awvalid, 0);
		if (w)
			set1(&s->wvalid, 0);
	}
	bare_cycle(b);
	set1(&s->awvalid, 0);
	set1(&s->wvalid, 0);
}

static uint64_t bare_beats; /* R beats of the last busy bare run */

static double bench_bare(uint64_t cycles, bool busy)
{
	struct bare b = { 0 };
	const struct axi_if *m;
	double t0, dt;
	uint64_t i;

	b.d = vdut_create();
	if (!b.d)
		exit(1);
	b.p = vdut_ports(b.d);
	m = &b.p->m_axi;
	set1(&b.p->rst_n, 0);
	for (i = 0; i < 8; i++)
		bare_cycle(&b);
	set1(&b.p->rst_n, 1);
	set1(&m->arready, 1);
	set1(&m->awready, 1);
	set1(&m->wready, 1);
	if (busy) {
		bare_write(&b, FIX_DMA_SRC_LO, 0x100000);
		bare_write(&b, FIX_DMA_DST_LO, 0x10000000);
		bare_write(&b, FIX_DMA_LEN, COPY_LEN);
		bare_write(&b, FIX_DMA_CTRL,
			   FIX_CTRL_START | FIX_CTRL_BURST(16) |
				   FIX_CTRL_OUTST(4));
	}
	t0 = now_s();
	for (i = 0; i < cycles; i++)
		bare_cycle(&b);
	dt = now_s() - t0;
	if (busy)
		bare_beats = b.beats;
	vdut_destroy(b.d);
	return (double)cycles / dt;
}

/* ------------------------------------------------------ kernel + BFMs */

struct kb {
	struct tb_env *e;
	bool busy;
};

static void kernel_body(void *arg)
{
	struct kb *k = arg;
	struct axil_master *a = k->e->axil;

	if (!k->busy)
		return;
	axil_master_write(a, FIX_DMA_SRC_LO, 0x100000, 0xf);
	axil_master_write(a, FIX_DMA_DST_LO, 0x10000000, 0xf);
	axil_master_write(a, FIX_DMA_LEN, COPY_LEN, 0xf);
	axil_master_write(
		a, FIX_DMA_CTRL,
		FIX_CTRL_START | FIX_CTRL_BURST(16) | FIX_CTRL_OUTST(4), 0xf);
}

static double bench_kernel(uint64_t cycles, bool busy, uint64_t *beats)
{
	struct tb_env_cfg cfg = { .name = "bench", .seed = 1, .quiet = true };
	struct kb k = { tb_env_create(&cfg), busy };
	struct axi_mem_stats ms;
	double t0, dt;

	if (!k.e)
		exit(1);
	tb_env_run(k.e, kernel_body, &k, 1000); /* reset and program */
	t0 = now_s();
	sim_run(k.e->sim, cycles);
	dt = now_s() - t0;
	axi_mem_stats(k.e->axim, &ms);
	*beats = ms.r;
	if (sim_first_error(k.e->sim)) {
		fprintf(stderr, "bench: %s\n", sim_first_error(k.e->sim));
		exit(1);
	}
	tb_env_destroy(k.e);
	return (double)cycles / dt;
}

static double best_rate(double (*f)(uint64_t, bool), uint64_t c, bool busy,
			int rep)
{
	double best = 0;
	int i;

	for (i = 0; i < rep; i++) {
		double r = f(c, busy);

		if (r > best)
			best = r;
	}
	return best;
}

static uint64_t parse_arg(const char *opt, const char *v, uint64_t lo)
{
	uint64_t x;

	if (!v || sim_parse_seed(v, &x) || x < lo) {
		fprintf(stderr, "bench: %s needs a number >= %llu\n", opt,
			(unsigned long long)lo);
		exit(2);
	}
	return x;
}

int main(int argc, char **argv)
{
	uint64_t cycles = 2000000, beats = 0;
	int rep = 3, i;
	double ours = 1e9, glibc = 1e9, kt = 1e9;
	double bare_idle, bare_busy, k_idle = 0, k_busy = 0;

	/* WAVES=1, WAVES_DIR, WAVES_START/STOP, COVERAGE_DIR */
	if (tb_env_setup_from_environment())
		return 2;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cycles") && i + 1 < argc) {
			cycles = parse_arg("--cycles", argv[++i], 1000);
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			rep = (int)parse_arg("--repeat", argv[++i], 1);
		} else {
			fprintf(stderr,
				"bench: unknown option '%s'; use --cycles N (>= 1000) and --repeat N (>= 1)\n",
				argv[i]);
			return 2;
		}
	}

	for (i = 0; i < rep; i++) {
		double a = bench_ctx(10000000), g = bench_swapcontext(2000000);
		double t = bench_kernel_thread(2000000);

		ours = a < ours ? a : ours;
		glibc = g < glibc ? g : glibc;
		kt = t < kt ? t : kt;
	}
	printf("Thread switch (round trip, best of %d)\n", rep);
	printf("  sim_ctx_switch          %8.1f ns\n", ours * 1e9);
	printf("  glibc swapcontext       %8.1f ns   (%.1fx ours)\n",
	       glibc * 1e9, glibc / ours);
	printf("  kernel: thread waking every cycle  %6.1f ns per cycle\n",
	       kt * 1e9);

	bare_idle = best_rate(bench_bare, cycles, false, rep);
	bare_busy = best_rate(bench_bare, cycles, true, rep);
	for (i = 0; i < rep; i++) {
		double r = bench_kernel(cycles, false, &beats);

		k_idle = r > k_idle ? r : k_idle;
		r = bench_kernel(cycles, true, &beats);
		k_busy = r > k_busy ? r : k_busy;
	}
	printf("\nFixture DUT (%s), %llu cycles, best of %d\n", vdut_top_name(),
	       (unsigned long long)cycles, rep);
	printf("  %-44s %12s %10s\n", "", "cycles/s", "vs bare");
	printf("  %-44s %12.0f %10s\n", "bare eval loop, DUT idle", bare_idle,
	       "1.00x");
	printf("  %-44s %12.0f %9.2fx\n", "kernel + BFMs + checkers, DUT idle",
	       k_idle, bare_idle / k_idle);
	printf("  %-44s %12.0f %10s\n",
	       "bare eval loop, DMA copy (inline memory)", bare_busy, "1.00x");
	printf("  %-44s %12.0f %9.2fx\n", "kernel + BFMs + checkers, DMA copy",
	       k_busy, bare_busy / k_busy);
	printf("  (read beats per cycle: bare %.2f, through the models %.2f)\n",
	       (double)bare_beats / (double)cycles,
	       (double)beats / (double)cycles);
	return 0;
}
