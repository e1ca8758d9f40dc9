/* SPDX-License-Identifier: MIT */
/*
 * test_sim.c - unit tests of the kernel (no Verilator): a tiny C model of
 * a D flip-flop stands in for a DUT.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "tb.h"

#define PERIOD 10000 /* ps: 100 MHz */

static sim_t *new_sim(void)
{
	struct sim_config cfg = {
		.name = "t", .seed = 1, .has_seed = true, .quiet = true
	};
	sim_t *sim = sim_create(&cfg);

	ck_assert_ptr_nonnull(sim);
	return sim;
}

/* A flip-flop model: q <= d on the rising edge of clk. */
struct dff {
	uint8_t clk, d, q;  /* ports */
	uint8_t last_clk;   /* for edge detection */
	unsigned evals;	    /* eval calls */
	unsigned dumps;	    /* dump calls */
	uint64_t last_dump; /* time of the last dump */
};

static void dff_eval(void *ctx)
{
	struct dff *f = ctx;

	if (f->clk && !f->last_clk)
		f->q = f->d;
	f->last_clk = f->clk;
	f->evals++;
}

static void dff_dump(void *ctx, uint64_t t)
{
	struct dff *f = ctx;

	f->dumps++;
	f->last_dump = t;
}

static const struct sim_model_ops dff_ops = { dff_eval, dff_dump };

START_TEST(test_sim_clock_edges_and_time)
{
	sim_t *sim = new_sim();
	sim_clock_t *clk = sim_clock(sim, "clk", PERIOD);
	struct dff f = { 0 };

	sim_clock_attach(clk, &f.clk, &dff_ops, &f);
	ck_assert_int_eq(sim_run(sim, 5), SIM_RUN_DONE);
	ck_assert_uint_eq(sim_cycles(sim), 5);
	ck_assert_uint_eq(sim_clock_cycles(clk), 5);
	/* rising edges at k * period: the 5th at 50 ns */
	ck_assert_uint_eq(sim_time(sim), 5 * PERIOD);
	/* initial eval + 5 rising + 4 falling */
	ck_assert_uint_eq(f.evals, 10);
	ck_assert_uint_eq(f.clk, 1);
	sim_run(sim, 1);
	ck_assert_uint_eq(f.evals, 12);
	sim_destroy(sim);
}
END_TEST

struct counter {
	sim_t *sim;
	struct dff *f;
};

static void counter_method(void *ctx)
{
	struct counter *c = ctx;

	/* d <= q + 1: a counter through the model's flop */
	sim_drive(c->sim, &c->f->d, (uint8_t)(c->f->q + 1), 1);
}

START_TEST(test_sim_drive_applies_after_the_edge)
{
	sim_t *sim = new_sim();
	sim_clock_t *clk = sim_clock(sim, "clk", PERIOD);
	struct dff f = { 0 };
	struct counter c = { sim, &f };

	sim_clock_attach(clk, &f.clk, &dff_ops, &f);
	sim_method(clk, "counter", counter_method, &c);
	sim_run(sim, 1);
	/* the first edge sampled d = 0; the drive of 1 lands after it */
	ck_assert_uint_eq(f.q, 0);
	ck_assert_uint_eq(f.d, 1);
	/* method and flop are both registered: a loop through them takes
	 * two cycles per step, so q counts every other cycle */
	sim_run(sim, 9);
	ck_assert_uint_eq(f.q, 5);
	sim_destroy(sim);
}
END_TEST

/* Two methods that read the pin the other one drives. */
struct pingpong {
	sim_t *sim;
	uint8_t a, b;	   /* pins */
	uint8_t seen_a[8]; /* what the b-driver read, per cycle */
	uint8_t seen_b[8]; /* what the a-driver read, per cycle */
};

static void drive_a(void *ctx)
{
	struct pingpong *p = ctx;

	uint64_t n = sim_cycles(p->sim);

	if (n < 8)
		p->seen_b[n] = p->b;
	sim_drive(p->sim, &p->a, (uint8_t)(p->b + 1), 1);
}

static void drive_b(void *ctx)
{
	struct pingpong *p = ctx;

	uint64_t n = sim_cycles(p->sim);

	if (n < 8)
		p->seen_a[n] = p->a;
	sim_drive(p->sim, &p->b, (uint8_t)(p->a + 10), 1);
}

static void run_pingpong(struct pingpong *p, bool a_first)
{
	sim_t *sim = new_sim();
	sim_clock_t *clk = sim_clock(sim, "clk", PERIOD);

	memset(p, 0, sizeof(*p));
	p->sim = sim;
	if (a_first) {
		sim_method(clk, "a", drive_a, p);
		sim_method(clk, "b", drive_b, p);
	} else {
		sim_method(clk, "b", drive_b, p);
		sim_method(clk, "a", drive_a, p);
	}
	sim_run(sim, 8);
	sim_destroy(sim);
}

START_TEST(test_sim_method_order_does_not_change_results)
{
	struct pingpong x, y;

	run_pingpong(&x, true);
	run_pingpong(&y, false);
	ck_assert_mem_eq(x.seen_a, y.seen_a, 8);
	ck_assert_mem_eq(x.seen_b, y.seen_b, 8);
	ck_assert_uint_eq(x.a, y.a);
	ck_assert_uint_eq(x.b, y.b);
	/* each saw the other's value from the edge before (edges count
	 * from 1): edge 1: a=0 b=0; 2: a=1 b=10; 3: a=11 b=11;
	 * 4: a=12 b=21; 5: a=22 b=22 */
	ck_assert_uint_eq(x.seen_a[4], 12);
	ck_assert_uint_eq(x.seen_b[4], 21);
	ck_assert_uint_eq(x.seen_a[5], 22);
}
END_TEST

struct waiter {
	sim_t *sim;
	uint64_t woke[4];
	int n;
};

static void wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->woke[w->n++] = sim_cycles(w->sim);
	sim_wait_cycles(w->sim, 3);
	w->woke[w->n++] = sim_cycles(w->sim);
	sim_wait_cycles(w->sim, 1);
	w->woke[w->n++] = sim_cycles(w->sim);
}

START_TEST(test_sim_thread_waits_cycles)
{
	sim_t *sim = new_sim();
	struct waiter w = { sim };
	sim_thread_t *t;

	sim_clock(sim, "clk", PERIOD);
	t = sim_spawn(sim, "w", wait_thread, &w, 0);
	ck_assert_int_eq(sim_run_until_idle(sim, 100), SIM_RUN_DONE);
	ck_assert(sim_thread_finished(t));
	ck_assert_int_eq(w.n, 3);
	ck_assert_uint_eq(w.woke[0], 1); /* first thread phase: cycle 1 */
	ck_assert_uint_eq(w.woke[1], 4);
	ck_assert_uint_eq(w.woke[2], 5);
	sim_destroy(sim);
}
END_TEST

struct evtest {
	sim_t *sim;
	sim_event_t *ev[3];
	int results[8];
	uint64_t at[8];
	int n;
};

static void ev_waiter(void *arg)
{
	struct evtest *e = arg;

	e->results[e->n] = sim_wait_event(e->sim, e->ev[0], 0);
	e->at[e->n++] = sim_cycles(e->sim);
	e->results[e->n] = sim_wait_event(e->sim, e->ev[0], 5);
	e->at[e->n++] = sim_cycles(e->sim);
	e->results[e->n] = sim_wait_any(e->sim, e->ev, 3, 100);
	e->at[e->n++] = sim_cycles(e->sim);
}

static void ev_notifier(void *arg)
{
	struct evtest *e = arg;

	sim_wait_cycles(e->sim, 10);
	sim_event_notify(e->ev[0]);
	sim_wait_cycles(e->sim, 10); /* waiter times out meanwhile */
	sim_event_notify_cycles(e->ev[2], 4);
	sim_event_notify_cycles(e->ev[1], 7);
}

START_TEST(test_sim_event_notify_timeout_and_any)
{
	sim_t *sim = new_sim();
	struct evtest e = { sim };

	sim_clock(sim, "clk", PERIOD);
	e.ev[0] = sim_event(sim, "e0");
	e.ev[1] = sim_event(sim, "e1");
	e.ev[2] = sim_event(sim, "e2");
	sim_spawn(sim, "waiter", ev_waiter, &e, 0);
	sim_spawn(sim, "notifier", ev_notifier, &e, 0);
	ck_assert_int_eq(sim_run_until_idle(sim, 1000), SIM_RUN_DONE);
	ck_assert_int_eq(e.n, 3);
	ck_assert_int_eq(e.results[0], 0);
	ck_assert_uint_eq(e.at[0], 11);
	ck_assert_int_eq(e.results[1], -ETIMEDOUT);
	ck_assert_uint_eq(e.at[1], 16);
	/* e2 fires 4 cycles after cycle 21, before e1 */
	ck_assert_int_eq(e.results[2], 2);
	ck_assert_uint_eq(e.at[2], 25);
	/* idle at 25: e1's delayed notify (cycle 28) is still pending */
	ck_assert_uint_eq(sim_event_count(e.ev[1]), 0);
	sim_run(sim, 3);
	ck_assert_uint_eq(sim_event_count(e.ev[1]), 1);
	ck_assert_uint_eq(sim_event_count(e.ev[0]), 1);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_sim_event_cancel_and_run_until)
{
	sim_t *sim = new_sim();
	sim_event_t *a, *b;

	sim_clock(sim, "clk", PERIOD);
	a = sim_event(sim, "a");
	b = sim_event(sim, "b");
	sim_event_notify_cycles(a, 5);
	sim_event_cancel(a);
	sim_event_notify_cycles(b, 20);
	sim_event_notify_cycles(b, 30); /* replaces the first */
	ck_assert_int_eq(sim_run_until(sim, a, 50), SIM_RUN_TIMEOUT);
	ck_assert_uint_eq(sim_cycles(sim), 50);
	ck_assert_uint_eq(sim_event_count(a), 0);
	ck_assert_uint_eq(sim_event_count(b), 1);
	sim_event_notify_cycles(a, 7);
	ck_assert_int_eq(sim_run_until(sim, a, 0), SIM_RUN_DONE);
	ck_assert_uint_eq(sim_cycles(sim), 57);
	sim_destroy(sim);
}
END_TEST

static void err_thread(void *arg)
{
	sim_t *sim = arg;

	sim_wait_cycles(sim, 4);
	sim_report(sim, SIM_ERROR, "test.boom", "value %d is wrong", 42);
	sim_wait_cycles(sim, 1000);
}

START_TEST(test_sim_error_in_thread_stops_run_and_records_location)
{
	sim_t *sim = new_sim();
	const char *e;

	sim_clock(sim, "clk", PERIOD);
	sim_spawn(sim, "err", err_thread, sim, 0);
	ck_assert_int_eq(sim_run(sim, 100), SIM_RUN_STOPPED);
	ck_assert_uint_eq(sim_cycles(sim), 5);
	ck_assert_uint_eq(sim_report_count(sim, SIM_ERROR), 1);
	ck_assert_uint_eq(sim_report_count_id(sim, "test.boom"), 1);
	e = sim_first_error(sim);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(strstr(e, "test_sim.c:"));
	ck_assert_ptr_nonnull(strstr(e, "value 42 is wrong"));
	sim_destroy(sim);
}
END_TEST

static void fatal_thread(void *arg)
{
	sim_t *sim = arg;

	sim_report(sim, SIM_FATAL, "test.fatal", "cannot go on");
	abort(); /* never reached: the thread is suspended for good */
}

START_TEST(test_sim_fatal_suspends_only_the_thread)
{
	sim_t *sim = new_sim();

	sim_clock(sim, "clk", PERIOD);
	sim_spawn(sim, "fatal", fatal_thread, sim, 0);
	ck_assert_int_eq(sim_run(sim, 10), SIM_RUN_STOPPED);
	/* the kernel still runs; the dead thread no longer counts */
	ck_assert_int_eq(sim_run_until_idle(sim, 10), SIM_RUN_DONE);
	ck_assert_uint_eq(sim_report_count(sim, SIM_FATAL), 1);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_sim_expected_report_does_not_stop)
{
	sim_t *sim = new_sim();

	sim_clock(sim, "clk", PERIOD);
	sim_report_expect(sim, "test.expected");
	sim_report(sim, SIM_ERROR, "test.expected", "on purpose");
	ck_assert_int_eq(sim_run(sim, 10), SIM_RUN_DONE);
	ck_assert_uint_eq(sim_report_count(sim, SIM_ERROR), 0);
	ck_assert_uint_eq(sim_report_count_id(sim, "test.expected"), 1);
	ck_assert_ptr_null(sim_first_error(sim));
	sim_destroy(sim);
}
END_TEST

static void stuck_thread(void *arg)
{
	sim_t *sim = arg;
	sim_event_t *never = sim_event(sim, "never");

	sim_wait_event(sim, never, 0);
}

START_TEST(test_sim_watchdog_reports_blocked_threads)
{
	sim_t *sim = new_sim();

	sim_clock(sim, "clk", PERIOD);
	sim_watchdog(sim, 50);
	sim_spawn(sim, "stuck", stuck_thread, sim, 0);
	ck_assert_int_eq(sim_run_until_idle(sim, 1000), SIM_RUN_STOPPED);
	ck_assert_uint_eq(sim_report_count_id(sim, "sim.watchdog"), 1);
	ck_assert_uint_eq(sim_cycles(sim), 51);
	sim_destroy(sim);
}
END_TEST

static void stopper(void *arg)
{
	sim_t *sim = arg;

	sim_wait_cycles(sim, 7);
	sim_stop(sim);
	sim_wait_cycles(sim, 3);
}

START_TEST(test_sim_stop_ends_run_and_resumes)
{
	sim_t *sim = new_sim();

	sim_clock(sim, "clk", PERIOD);
	sim_spawn(sim, "stopper", stopper, sim, 0);
	ck_assert_int_eq(sim_run(sim, 100), SIM_RUN_STOPPED);
	ck_assert_uint_eq(sim_cycles(sim), 8);
	ck_assert_int_eq(sim_run_until_idle(sim, 100), SIM_RUN_DONE);
	ck_assert_uint_eq(sim_cycles(sim), 11);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_sim_wait_outside_thread_is_fatal)
{
	sim_t *sim = new_sim();

	sim_clock(sim, "clk", PERIOD);
	sim_wait_cycles(sim, 1);
	ck_assert_uint_eq(sim_report_count_id(sim, "sim.wait"), 1);
	ck_assert_int_eq(sim_run(sim, 1), SIM_RUN_DONE);
	sim_destroy(sim);
}
END_TEST

static void recurse(sim_t *sim, int depth)
{
	volatile char buf[1024];

	buf[0] = (char)depth;
	if (depth)
		recurse(sim, depth - 1);
	else
		sim_wait_cycles(sim, 1);
	(void)buf[0];
}

static void deep_thread(void *arg)
{
	recurse(arg, 100); /* about 100 KiB of stack */
}

struct many {
	sim_t *sim;
	int done;
};

static void many_thread(void *arg)
{
	struct many *m = arg;
	int i;

	for (i = 0; i < 10; i++)
		sim_wait_cycles(m->sim, 1 + (uint64_t)(i % 3));
	m->done++;
}

START_TEST(test_sim_many_threads_and_deep_stacks)
{
	sim_t *sim = new_sim();
	struct many m = { sim, 0 };
	int i;

	sim_clock(sim, "clk", PERIOD);
	sim_spawn(sim, "deep", deep_thread, sim, 0);
	for (i = 0; i < 500; i++)
		sim_spawn(sim, "many", many_thread, &m, 16 * 1024);
	ck_assert_int_eq(sim_run_until_idle(sim, 1000), SIM_RUN_DONE);
	ck_assert_int_eq(m.done, 500);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_sim_two_clocks_interleave)
{
	sim_t *sim = new_sim();
	sim_clock_t *fast = sim_clock(sim, "fast", 4000);
	sim_clock_t *slow = sim_clock(sim, "slow", 10000);

	ck_assert_ptr_eq(sim_default_clock(sim), fast);
	sim_run(sim, 10); /* 10 fast edges: 40 ns */
	ck_assert_uint_eq(sim_time(sim), 40000);
	/* at a tie the clock created first goes first: slow's 4th edge, also
	 * at 40 ns, comes next */
	ck_assert_uint_eq(sim_clock_cycles(slow), 3);
	sim_run(sim, 1);
	ck_assert_uint_eq(sim_clock_cycles(slow), 4);
	ck_assert_uint_eq(sim_time(sim), 44000);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_sim_trace_window_limits_dumps)
{
	sim_t *sim = new_sim();
	sim_clock_t *clk = sim_clock(sim, "clk", PERIOD);
	struct dff f = { 0 };

	sim_clock_attach(clk, &f.clk, &dff_ops, &f);
	sim_trace_window(sim, 10, 19);
	sim_trace_enable(sim, true);
	sim_run(sim, 40);
	/* dumped at rising edges 10..19 and the falling edges after 10..19 */
	ck_assert_uint_eq(f.dumps, 20);
	ck_assert_uint_eq(f.last_dump, 19 * PERIOD + PERIOD / 2);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_sim_seeded_streams_replay_and_are_independent)
{
	struct sim_rng a = sim_rng_seed(1234, "alpha");
	struct sim_rng a2 = sim_rng_seed(1234, "alpha");
	struct sim_rng b = sim_rng_seed(1234, "beta");
	struct sim_rng c = sim_rng_seed(1235, "alpha");
	uint64_t x;
	int i, hits = 0;

	for (i = 0; i < 100; i++) {
		x = sim_rng_u64(&a);
		ck_assert_uint_eq(x, sim_rng_u64(&a2));
		ck_assert_uint_ne(x, sim_rng_u64(&b));
		ck_assert_uint_ne(x, sim_rng_u64(&c));
	}
	for (i = 0; i < 10000; i++) {
		x = sim_rng_range(&a, 3, 9);
		ck_assert(x >= 3 && x <= 9);
		hits += sim_rng_chance(&a, 250);
	}
	ck_assert(hits > 2200 && hits < 2800);
	ck_assert(!sim_rng_chance(&a, 0));
	ck_assert(sim_rng_chance(&a, 1000));
}
END_TEST

START_TEST(test_sim_seed_parsing_and_env)
{
	uint64_t v;
	sim_t *sim;

	ck_assert_int_eq(sim_parse_seed("0x1f", &v), 0);
	ck_assert_uint_eq(v, 31);
	ck_assert_int_eq(sim_parse_seed("42", &v), 0);
	ck_assert_uint_eq(v, 42);
	ck_assert_int_eq(sim_parse_seed("010", &v), 0); /* decimal, not octal */
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(sim_parse_seed("09", &v), 0);
	ck_assert_uint_eq(v, 9);
	ck_assert_int_eq(sim_parse_seed(" 1", &v), -EINVAL);
	ck_assert_int_eq(sim_parse_seed("0x", &v), -EINVAL);
	ck_assert_int_eq(sim_parse_seed("12abc", &v), -EINVAL);
	ck_assert_int_eq(sim_parse_seed("", &v), -EINVAL);
	ck_assert_int_eq(sim_parse_seed("-3", &v), -EINVAL);
	setenv("SEED", "0x99", 1);
	sim = sim_create(&(struct sim_config){ .quiet = true });
	ck_assert_uint_eq(sim_seed(sim), 0x99);
	sim_destroy(sim);
	setenv("SEED", "nonsense", 1);
	ck_assert_ptr_null(sim_create(&(struct sim_config){ .quiet = true }));
	unsetenv("SEED");
}
END_TEST

/* A method on a fast clock wakes a thread every 5 of its cycles. */
struct two {
	sim_t *sim;
	sim_event_t *ev;
	unsigned n, woke;
};

static void two_method(void *ctx)
{
	struct two *w = ctx;

	if (++w->n % 5 == 0)
		sim_event_notify(w->ev);
}

static void two_thread(void *arg)
{
	struct two *w = arg;

	for (;;) {
		sim_wait_event(w->sim, w->ev, 0);
		w->woke++;
	}
}

START_TEST(test_sim_watchdog_counts_default_clock_with_two_clocks)
{
	sim_t *sim = new_sim();
	sim_clock_t *fast;
	struct two w = { sim };

	sim_clock(sim, "clk", 10);
	fast = sim_clock(sim, "fast", 2);
	w.ev = sim_event(sim, "tick");
	sim_method(fast, "tick", two_method, &w);
	sim_spawn(sim, "waiter", two_thread, &w, 0);
	sim_watchdog(sim, 50);
	ck_assert_int_eq(sim_run(sim, 500), SIM_RUN_DONE);
	ck_assert_uint_eq(sim_report_count_id(sim, "sim.watchdog"), 0);
	ck_assert_uint_gt(w.woke, 400);
	sim_destroy(sim);
}
END_TEST

struct longwait {
	sim_t *sim;
	sim_event_t *ev;
	int r;
	uint64_t at;
};

static void long_waiter(void *arg)
{
	struct longwait *l = arg;

	l->r = sim_wait_event(l->sim, l->ev, UINT64_MAX);
	l->at = sim_cycles(l->sim);
}

START_TEST(test_sim_huge_timeouts_do_not_wrap)
{
	sim_t *sim = new_sim();
	struct longwait l = { sim };

	sim_clock(sim, "clk", PERIOD);
	l.ev = sim_event(sim, "late");
	sim_spawn(sim, "waiter", long_waiter, &l, 0);
	sim_event_notify_cycles(l.ev, 20);
	ck_assert_int_eq(sim_run_until_idle(sim, 100), SIM_RUN_DONE);
	ck_assert_int_eq(l.r, 0);
	ck_assert_uint_eq(l.at, 20);
	sim_destroy(sim);
}
END_TEST

static void clockless(void *arg)
{
	sim_wait_cycles(arg, 3);
}

START_TEST(test_sim_wait_without_a_clock_is_reported)
{
	sim_t *sim = new_sim();
	sim_event_t *ev = sim_event(sim, "e");

	sim_spawn(sim, "early", clockless, sim, 0); /* before any clock */
	sim_event_notify_cycles(ev, 3);
	ck_assert_uint_eq(sim_report_count_id(sim, "sim.event"), 1);
	sim_clock(sim, "clk", PERIOD);
	/* the thread finds the clock made since: no crash, three cycles */
	ck_assert_int_eq(sim_run_until_idle(sim, 10), SIM_RUN_DONE);
	ck_assert_uint_eq(sim_cycles(sim), 4);
	sim_destroy(sim);
}
END_TEST

struct join {
	sim_t *sim;
	sim_thread_t *quick, *slow;
	int r, r_done;
	uint64_t at, at_done;
};

static void quick_thread(void *arg)
{
	(void)arg;
}

static void slow_thread(void *arg)
{
	struct join *j = arg;

	sim_wait_cycles(j->sim, 20);
}

static void joiner(void *arg)
{
	struct join *j = arg;

	sim_wait_cycles(j->sim, 5); /* quick has long finished */
	j->r = sim_thread_join(j->sim, j->quick, 100);
	j->at = sim_cycles(j->sim);
	/* the done event of a running thread fires when it returns */
	j->r_done = sim_wait_event(j->sim, sim_thread_done(j->slow), 100);
	j->at_done = sim_cycles(j->sim);
}

START_TEST(test_sim_join_returns_at_once_for_a_finished_thread)
{
	sim_t *sim = new_sim();
	struct join j = { sim };

	sim_clock(sim, "clk", PERIOD);
	j.quick = sim_spawn(sim, "quick", quick_thread, NULL, 0);
	j.slow = sim_spawn(sim, "slow", slow_thread, &j, 0);
	sim_spawn(sim, "joiner", joiner, &j, 0);
	ck_assert_str_eq(sim_thread_name(j.quick), "quick");
	ck_assert_ptr_nonnull(sim_event_name(sim_thread_done(j.slow)));
	ck_assert_int_eq(sim_run_until_idle(sim, 1000), SIM_RUN_DONE);
	ck_assert_int_eq(j.r, 0);
	ck_assert_uint_eq(j.at, 6);
	ck_assert_int_eq(j.r_done, 0);
	ck_assert_uint_eq(j.at_done, 21);
	ck_assert(sim_thread_finished(j.slow));
	sim_destroy(sim);
}
END_TEST

struct churn {
	sim_t *sim;
	sim_event_t *ev;
	unsigned done;
};

static void churn_waiter(void *arg)
{
	struct churn *c = arg;
	unsigned i;

	for (i = 0; i < 5000; i++)
		c->done += sim_wait_event(c->sim, c->ev, 1000000000) == 0;
}

static void churn_notifier(void *arg)
{
	struct churn *c = arg;
	unsigned i;

	for (i = 0; i < 5000; i++) {
		sim_wait_cycles(c->sim, 1);
		sim_event_notify(c->ev);
	}
}

START_TEST(test_sim_ended_timeouts_do_not_pile_up)
{
	sim_t *sim = new_sim();
	struct churn c = { sim };

	sim_clock(sim, "clk", PERIOD);
	c.ev = sim_event(sim, "ev");
	sim_spawn(sim, "waiter", churn_waiter, &c, 0);
	sim_spawn(sim, "notifier", churn_notifier, &c, 0);
	ck_assert_int_eq(sim_run_until_idle(sim, 10000), SIM_RUN_DONE);
	ck_assert_uint_eq(c.done, 5000);
	/* 5000 timeouts ended early; compaction keeps the heap small */
	ck_assert_uint_lt(sim_timer_count(sim), 2100);
	sim_destroy(sim);
}
END_TEST

static void test_sim_register(struct tb_registry *r)
{
	tb_add(r, test_sim_watchdog_counts_default_clock_with_two_clocks, 0);
	tb_add(r, test_sim_huge_timeouts_do_not_wrap, 0);
	tb_add(r, test_sim_wait_without_a_clock_is_reported, 0);
	tb_add(r, test_sim_join_returns_at_once_for_a_finished_thread, 0);
	tb_add(r, test_sim_ended_timeouts_do_not_pile_up, 0);
	tb_add(r, test_sim_clock_edges_and_time, 0);
	tb_add(r, test_sim_drive_applies_after_the_edge, 0);
	tb_add(r, test_sim_method_order_does_not_change_results, 0);
	tb_add(r, test_sim_thread_waits_cycles, 0);
	tb_add(r, test_sim_event_notify_timeout_and_any, 0);
	tb_add(r, test_sim_event_cancel_and_run_until, 0);
	tb_add(r, test_sim_error_in_thread_stops_run_and_records_location, 0);
	tb_add(r, test_sim_fatal_suspends_only_the_thread, 0);
	tb_add(r, test_sim_expected_report_does_not_stop, 0);
	tb_add(r, test_sim_watchdog_reports_blocked_threads, 0);
	tb_add(r, test_sim_stop_ends_run_and_resumes, 0);
	tb_add(r, test_sim_wait_outside_thread_is_fatal, 0);
	tb_add(r, test_sim_many_threads_and_deep_stacks, 0);
	tb_add(r, test_sim_two_clocks_interleave, 0);
	tb_add(r, test_sim_trace_window_limits_dumps, 0);
	tb_add(r, test_sim_seeded_streams_replay_and_are_independent, 0);
	tb_add(r, test_sim_seed_parsing_and_env, 0);
}

TB_TESTS(test_sim_register)
