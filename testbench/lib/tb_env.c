/* SPDX-License-Identifier: MIT */
/*
 * tb_env.c - a DUT under test with its bus-functional models.
 */
#include "tb_env.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

/* The program's defaults (tb_env_set_output()). */
static struct tb_env_output tb_env_out;

/* Every environment not yet destroyed: a test that fails (a failing Check
 * assertion ends the process with _exit(), after the runner's hook calls
 * tb_env_close_all_outputs()) or runs out of time leaves its environment
 * behind; its trace and coverage are written all the same. */
static struct tb_env *tb_env_live;
static volatile sig_atomic_t tb_env_deadline_hit;
static double tb_env_deadline_s;

static void tb_env_alarm(int sig)
{
	(void)sig;
	tb_env_deadline_hit = 1;
}

void tb_env_set_deadline(double seconds)
{
	struct itimerval it = { 0 };
	struct sigaction sa = { 0 };

	tb_env_deadline_hit = 0;
	tb_env_deadline_s = seconds;
	sa.sa_handler = tb_env_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	it.it_value.tv_sec = (time_t)seconds;
	it.it_value.tv_usec =
		(suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
	if (seconds > 0 && !it.it_value.tv_sec && !it.it_value.tv_usec)
		it.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
}

bool tb_env_out_of_time(void)
{
	return tb_env_deadline_hit != 0;
}

/* Write what the environment owes its files: coverage, then the trace
 * closed (an FST file is readable only once closed). Once. */
static void tb_env_close_outputs(struct tb_env *e)
{
	const char *cov = e->out.coverage_dir;

	if (e->outputs_closed || !e->dut)
		return;
	e->outputs_closed = true;
	if (cov && *cov && vdut_coverage_supported()) {
		static int written; /* files written by this process */
		char path[512];

		/* a test that builds several environments (a fuzz campaign:
		 * one per case) writes one file each */
		if (written++)
			snprintf(path, sizeof(path), "%s/%s.%d-%d.dat", cov,
				 e->name, (int)getpid(), written);
		else
			snprintf(path, sizeof(path), "%s/%s.%d.dat", cov,
				 e->name, (int)getpid());
		vdut_coverage_write(e->dut, path);
	}
	if (e->tracing) {
		vdut_trace_close(e->dut);
		e->tracing = false;
	}
}

void tb_env_close_all_outputs(void)
{
	for (struct tb_env *e = tb_env_live; e; e = e->next_live)
		tb_env_close_outputs(e);
}

static void tb_env_link(struct tb_env *e)
{
	static bool registered;

	if (!registered && !atexit(tb_env_close_all_outputs))
		registered = true;
	e->next_live = tb_env_live;
	tb_env_live = e;
}

static void tb_env_unlink(struct tb_env *e)
{
	for (struct tb_env **p = &tb_env_live; *p; p = &(*p)->next_live)
		if (*p == e) {
			*p = e->next_live;
			return;
		}
}

void tb_env_set_output(const struct tb_env_output *o)
{
	tb_env_out = *o;
}

static int tb_env_num(const char *name, uint64_t *v)
{
	const char *s = getenv(name);

	*v = 0;
	if (s && *s && sim_parse_seed(s, v)) {
		fprintf(stderr,
			"%s=%s is not a number: use a decimal or 0x-prefixed "
			"hex cycle count\n",
			name, s);
		return -1;
	}
	return 0;
}

int tb_env_output_from_environment(struct tb_env_output *o)
{
	const char *w = getenv("WAVES");

	memset(o, 0, sizeof(*o));
	if (w && *w && strcmp(w, "0") && strcmp(w, "1")) {
		fprintf(stderr, "WAVES=%s: use WAVES=1 (traces) or WAVES=0\n",
			w);
		return -1;
	}
	o->waves = w && !strcmp(w, "1");
	o->waves_dir = getenv("WAVES_DIR");
	o->coverage_dir = getenv("COVERAGE_DIR");
	if (tb_env_num("WAVES_START", &o->waves_start) ||
	    tb_env_num("WAVES_STOP", &o->waves_stop))
		return -1;
	if (o->waves_stop && o->waves_start > o->waves_stop) {
		fprintf(stderr,
			"WAVES_START=%llu is after WAVES_STOP=%llu: the trace "
			"would be empty\n",
			(unsigned long long)o->waves_start,
			(unsigned long long)o->waves_stop);
		return -1;
	}
	return 0;
}

int tb_env_setup_from_environment(void)
{
	struct tb_env_output o;

	if (tb_env_output_from_environment(&o))
		return -1;
	tb_env_set_output(&o);
	return 0;
}

static void tb_env_open_trace(struct tb_env *e)
{
	static int opened; /* traces opened by this process (one test) */
	const char *dir = e->out.waves_dir;
	char path[512];

	if (!vdut_trace_supported()) {
		fprintf(stderr,
			"%s: WAVES=1 but this binary has no tracing: use 'make waves TEST=%s'\n",
			e->name, e->name);
		return;
	}
	if (!dir || !*dir)
		dir = "build/waves";
	mkdir(dir, 0777);
	/* a test that builds several environments gets one trace each */
	if (opened++)
		snprintf(path, sizeof(path), "%s/%s-%d.fst", dir, e->name,
			 opened);
	else
		snprintf(path, sizeof(path), "%s/%s.fst", dir, e->name);
	if (vdut_trace_open(e->dut, path)) {
		fprintf(stderr, "%s: cannot open trace %s\n", e->name, path);
		return;
	}
	sim_trace_window(e->sim, e->out.waves_start, e->out.waves_stop);
	sim_trace_enable(e->sim, true);
	e->tracing = true;
	printf("%s: writing %s\n", e->name, path);
}

struct tb_env *tb_env_create(const struct tb_env_cfg *cfg)
{
	struct tb_env *e = calloc(1, sizeof(*e));
	struct sim_config sc = { 0 };
	struct axil_master_cfg ac = cfg->axil;
	struct axi_mem_cfg mc = cfg->mem;
	bool irq_failed = false;

	if (!e)
		return NULL;
	tb_env_link(e);
	e->out = cfg->out ? *cfg->out : tb_env_out;
	e->name = strdup(cfg->name ? cfg->name : "tb");
	sc.name = e->name;
	sc.seed = cfg->seed;
	sc.has_seed = true;
	sc.quiet = cfg->quiet;
	e->sim = sim_create(&sc);
	e->dut = vdut_create();
	if (!e->sim || !e->dut) {
		tb_env_destroy(e);
		return NULL;
	}
	e->p = vdut_ports(e->dut);
	e->clk = sim_clock(e->sim, "clk", TB_CLK_PERIOD);
	sim_clock_attach(e->clk, e->p->clk.p, &vdut_model_ops, e->dut);
	vport_drive(e->sim, &e->p->rst_n, 0);

	if (cfg->random) {
		/* Enough stalls and latency to reach every corner of the
		 * handshakes, not so many that runs crawl. */
		if (!ac.idle_permille)
			ac.idle_permille = 300;
		if (!ac.stall_permille)
			ac.stall_permille = 300;
		if (!mc.rd_lat_max)
			mc.rd_lat_max = 12;
		if (!mc.wr_lat_max)
			mc.wr_lat_max = 12;
		if (!mc.ar_stall)
			mc.ar_stall = 250;
		if (!mc.aw_stall)
			mc.aw_stall = 250;
		if (!mc.w_stall)
			mc.w_stall = 250;
		if (!mc.r_idle)
			mc.r_idle = 250;
		if (!mc.b_idle)
			mc.b_idle = 250;
		mc.reorder = true;
	}
	if (!ac.name)
		ac.name = "s_axil";
	if (!mc.name)
		mc.name = "m_axi";
	e->mem = mem_create(e->sim, "dma_mem");
	e->axil = axil_master_create(e->sim, e->clk, &e->p->s_axil,
				     &e->p->rst_n, &ac);
	e->axim = axi_mem_create(e->sim, e->clk, &e->p->m_axi, &e->p->rst_n,
				 e->mem, &mc);
	/* every line of the interrupt port: the bits its storage holds (a
	 * line the design does not drive stays low) */
	e->nirq = e->p->irq.p ? 8u * e->p->irq.bytes : 1;
	if (e->nirq > TB_ENV_MAX_IRQ)
		e->nirq = TB_ENV_MAX_IRQ;
	for (unsigned i = 0; i < e->nirq; i++) {
		char name[16];

		snprintf(name, sizeof(name), "irq%u", i);
		e->irqs[i] = irq_mon_create(e->sim, e->clk, &e->p->irq, i,
					    i ? name : "irq");
		if (!e->irqs[i])
			irq_failed = true;
	}
	e->irq = irq_failed ? NULL : e->irqs[0];
	e->stack_size = cfg->stack_size;
	if (!cfg->no_checkers) {
		struct axi_check_cfg kc = { .name = "s_axil",
					    .hang_cycles = cfg->hang_cycles };

		e->axil_chk = axil_check_create(e->sim, e->clk, &e->p->s_axil,
						&e->p->rst_n, &kc);
		kc.name = "m_axi";
		e->axi_chk = axi_check_create(e->sim, e->clk, &e->p->m_axi,
					      &e->p->rst_n, &kc);
	}
	if (!e->mem || !e->axil || !e->axim || !e->irq ||
	    (!cfg->no_checkers && (!e->axil_chk || !e->axi_chk))) {
		tb_env_destroy(e);
		return NULL;
	}
	if (e->out.waves)
		tb_env_open_trace(e);
	return e;
}

void tb_env_destroy(struct tb_env *e)
{
	if (!e)
		return;
	tb_env_unlink(e);
	if (e->dut) {
		tb_env_close_outputs(e);
		vdut_destroy(e->dut);
	}
	axi_check_destroy(e->axi_chk);
	axil_check_destroy(e->axil_chk);
	for (unsigned i = 0; i < TB_ENV_MAX_IRQ; i++)
		irq_mon_destroy(e->irqs[i]);
	axi_mem_destroy(e->axim);
	axil_master_destroy(e->axil);
	mem_destroy(e->mem);
	sim_destroy(e->sim);
	free(e->name);
	free(e);
}

void tb_env_reset(struct tb_env *e, unsigned cycles)
{
	vport_drive(e->sim, &e->p->rst_n, 0);
	sim_wait_cycles(e->sim, cycles ? cycles : 1);
	vport_drive(e->sim, &e->p->rst_n, 1);
	sim_wait_cycles(e->sim, 1);
}

static void tb_env_main(void *arg)
{
	struct tb_env_body *b = arg;

	tb_env_reset(b->e, 8);
	b->body(b->arg);
}

enum sim_run_result tb_env_run(struct tb_env *e, sim_thread_fn body, void *arg,
			       uint64_t max_cycles)
{
	struct tb_env_body b = { e, body, arg };
	enum sim_run_result r = SIM_RUN_TIMEOUT;
	uint64_t done = 0;

	sim_spawn(e->sim, "main", tb_env_main, &b, e->stack_size);
	/* In slices, so that a test about to be killed for its time limit
	 * stops first, reports it and keeps its trace (tb_env_set_deadline) */
	while (done < max_cycles && !tb_env_out_of_time()) {
		uint64_t n = max_cycles - done < 65536 ? max_cycles - done
						       : 65536;

		r = sim_run_until_idle(e->sim, n);
		if (r != SIM_RUN_TIMEOUT)
			return r;
		done += n;
	}
	if (tb_env_out_of_time()) {
		sim_report(
			e->sim, SIM_ERROR, "tb.time_limit",
			"%s: stopped at cycle %llu: %.0f s of the test's time "
			"limit spent (its trace and coverage are written; "
			"CK_TIMEOUT_MULTIPLIER=n gives it n times longer)",
			e->name, (unsigned long long)sim_cycles(e->sim),
			tb_env_deadline_s);
		return SIM_RUN_STOPPED;
	}
	if (r == SIM_RUN_TIMEOUT)
		sim_report(e->sim, SIM_ERROR, "tb.timeout",
			   "%s: the test did not finish within %llu cycles",
			   e->name, (unsigned long long)max_cycles);
	return r;
}

static int tb_env_hw_read32(void *ctx, uint64_t addr, uint32_t *val)
{
	struct tb_env *e = ctx;

	return axil_master_read(e->axil, addr, val);
}

static int tb_env_hw_write32(void *ctx, uint64_t addr, uint32_t val,
			     unsigned strb)
{
	struct tb_env *e = ctx;

	return axil_master_write(e->axil, addr, val, strb);
}

static int tb_env_hw_wait_irq(void *ctx, uint64_t timeout)
{
	struct tb_env *e = ctx;

	return irq_mon_wait(e->irq, timeout);
}

int tb_env_blk_resize(struct tb_env *e, uint64_t sectors)
{
	const struct vdut_ports *p = e->p;

	if (!p->blk_resize_valid.p || !p->blk_resize_sectors.p)
		return -ENODEV;
	vport_drive(e->sim, &p->blk_resize_sectors, sectors);
	vport_drive(e->sim, &p->blk_resize_valid, 1);
	sim_wait_cycles(e->sim, 1);
	vport_drive(e->sim, &p->blk_resize_valid, 0);
	sim_wait_cycles(e->sim, 1);
	return 0;
}

void tb_env_virtio_hw(struct tb_env *e, struct virtio_hw *hw)
{
	memset(hw, 0, sizeof(*hw));
	hw->sim = e->sim;
	hw->ctx = e;
	hw->read32 = tb_env_hw_read32;
	hw->write32 = tb_env_hw_write32;
	hw->wait_irq = tb_env_hw_wait_irq;
	hw->mem = e->mem;
}
