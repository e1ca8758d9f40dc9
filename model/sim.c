/* SPDX-License-Identifier: MIT */
/*
 * sim.c - the SystemC-style kernel: clocks, methods, threads, events,
 * timers, run control, deferred driving, reports, seeds.
 */
#include "sim.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sim_ctx.h"

#define SIM_MAX_CLOCKS 8
#define SIM_DEFAULT_STACK (256u * 1024u)
#define SIM_REPORT_PRINT_LIMIT 10
#define SIM_MAX_DRIVE_BYTES 32

enum sim_thread_state {
	SIM_T_READY,   /* in the run queue */
	SIM_T_RUNNING, /* the current thread */
	SIM_T_WAITING, /* blocked on a timer and/or events */
	SIM_T_DONE,    /* returned */
	SIM_T_KILLED,  /* raised SIM_FATAL; never resumed */
};

struct sim_method {
	sim_method_fn fn; /* the callback */
	void *ctx;	  /* its argument */
	const char *name; /* for messages */
	bool enabled;	  /* skipped while false */
};

struct sim_clock {
	sim_t *sim;	    /* owner */
	char *name;	    /* for messages */
	uint64_t period;    /* ps */
	uint64_t next_pos;  /* time of the next rising edge to process */
	uint64_t next_time; /* time of the next edge of either kind */
	bool next_is_pos;   /* kind of that edge */
	uint64_t cycles;    /* rising edges processed */
	uint8_t *pin;	    /* model clock input, or NULL */
	const struct sim_model_ops *ops; /* model driven by this clock */
	void *ops_ctx;			 /* its context */
	bool model_started;		 /* initial eval done */
	struct sim_method **methods;	 /* in registration order */
	int nmethods, cap_methods;	 /* used and allocated */
};

struct sim_thread {
	sim_t *sim;	    /* owner */
	char *name;	    /* for messages */
	sim_thread_fn fn;   /* body */
	void *arg;	    /* its argument */
	struct sim_ctx ctx; /* saved context while not running */
	void *stack;	    /* mmap'ed stack including the guard page */
	size_t stack_len;   /* bytes mapped */
	sim_clock_t *clk;   /* clock that sim_wait_cycles() counts */
	enum sim_thread_state state;
	uint64_t wait_gen; /* bumped at every wake: stale wake-ups lose */
	int wake;	   /* index of the event that woke it, or -ETIMEDOUT */
	const char *waiting_on; /* what it waits for (watchdog message) */
	uint64_t waiting_since; /* cycle the wait began */
	sim_event_t *done;	/* notified when it returns */
};

struct sim_waiter {
	sim_thread_t *t; /* the waiting thread */
	uint64_t gen;	 /* its wait_gen when it registered */
	int index;	 /* position in its sim_wait_any() list */
};

struct sim_event {
	sim_t *sim;	      /* owner */
	char *name;	      /* for messages */
	uint64_t count;	      /* notifications so far */
	uint64_t pending_gen; /* generation of the pending delayed notify */
	bool pending;	      /* a delayed notify is scheduled */
	struct sim_waiter *waiters; /* threads waiting */
	int nwaiters, cap_waiters;  /* used and allocated */
};

enum sim_timer_kind { SIM_TIMER_THREAD, SIM_TIMER_EVENT };

struct sim_timer {
	uint64_t time; /* due time, ps */
	uint64_t seq;  /* creation order: equal times fire in order */
	uint64_t gen;  /* generation of the owner when scheduled */
	void *obj;     /* thread or event */
	enum sim_timer_kind kind;
};

struct sim_pending {
	void *pin;  /* destination */
	unsigned n; /* bytes */
	union {
		uint64_t v;			/* n <= 8 */
		uint8_t b[SIM_MAX_DRIVE_BYTES]; /* wider */
	} u;
};

struct sim_report_id {
	char *id;	/* message id */
	unsigned count; /* reports so far */
	bool expected;	/* demoted by sim_report_expect() */
};

struct sim {
	char *name;    /* run name */
	uint64_t seed; /* the run's seed */
	int verbosity; /* 0 warnings, 1 info, 2 debug */
	uint64_t time; /* now, ps */
	bool stop;     /* end the current run */
	bool running;  /* inside sim_run*() */

	sim_clock_t *clocks[SIM_MAX_CLOCKS]; /* all clocks */
	int nclocks;			     /* used */

	struct sim_pending *pend; /* deferred writes */
	int npend, cap_pend;	  /* used and allocated */

	sim_thread_t **threads;		   /* every thread ever spawned */
	int nthreads, cap_threads;	   /* used and allocated */
	sim_thread_t **runq;		   /* ring of runnable threads */
	int runq_head, runq_len, runq_cap; /* ring state */
	sim_thread_t *current;		   /* running thread or NULL */
	struct sim_ctx sched_ctx;	   /* the scheduler's context */
	int alive; /* threads spawned and not finished */

	struct sim_timer *timers; /* min-heap on (time, seq) */
	int ntimers, cap_timers;  /* used and allocated */
	uint64_t timer_seq;	  /* next seq */

	sim_event_t **events;	 /* owned events */
	int nevents, cap_events; /* used and allocated */

	uint64_t wd_cycles; /* watchdog limit, 0 = off */
	uint64_t wd_last;   /* cycle of the last thread resume */

	unsigned counts[SIM_FATAL + 1]; /* reports per severity */
	struct sim_report_id *ids;	/* reports per id */
	int nids, cap_ids;		/* used and allocated */
	char *first_error;		/* text of the first error */

	bool trace_on;	      /* dumping requested */
	uint64_t trace_start; /* first cycle dumped */
	uint64_t trace_stop;  /* last cycle dumped, 0 = no end */
};

/* ------------------------------------------------------------ helpers */

static void *sim_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "sim: out of memory (%zu bytes)\n", n);
		abort();
	}
	return q;
}

#define SIM_GROW(arr, n, cap)                                                 \
	do {                                                                  \
		if ((n) >= (cap)) {                                           \
			(cap) = (cap) ? 2 * (cap) : 16;                       \
			(arr) = sim_xrealloc((arr),                           \
					     (size_t)(cap) * sizeof(*(arr))); \
		}                                                             \
	} while (0)

static char *sim_xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *d = sim_xrealloc(NULL, n);

	memcpy(d, s ? s : "", n);
	return d;
}

/* ------------------------------------------------------------- random */

static uint64_t sim_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct sim_rng sim_rng_seed(uint64_t seed, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a of the name */
	struct sim_rng r;
	const char *p;
	int i;

	for (p = name ? name : ""; *p; p++)
		h = (h ^ (uint8_t)*p) * 0x100000001b3ull;
	h ^= seed * 0x9e3779b97f4a7c15ull;
	for (i = 0; i < 4; i++)
		r.s[i] = sim_splitmix(&h);
	return r;
}

static inline uint64_t sim_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t sim_rng_u64(struct sim_rng *r)
{
	/* xoshiro256** (Blackman and Vigna) */
	uint64_t *s = r->s;
	uint64_t res = sim_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = sim_rotl(s[3], 45);
	return res;
}

uint64_t sim_rng_range(struct sim_rng *r, uint64_t lo, uint64_t hi)
{
	uint64_t span, lim, x;

	if (hi <= lo)
		return lo;
	span = hi - lo + 1;
	if (span == 0) /* the whole 64-bit range */
		return sim_rng_u64(r);
	/* rejection sampling: no modulo bias */
	lim = UINT64_MAX - UINT64_MAX % span;
	do
		x = sim_rng_u64(r);
	while (x >= lim);
	return lo + x % span;
}

bool sim_rng_chance(struct sim_rng *r, unsigned permille)
{
	if (permille == 0)
		return false;
	if (permille >= 1000)
		return true;
	return sim_rng_u64(r) % 1000 < permille;
}

int sim_parse_seed(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	int base = 10;

	if (!s || !*s || *s < '0' || *s > '9')
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

uint64_t sim_seed(const sim_t *sim)
{
	return sim->seed;
}

struct sim_rng sim_rng(const sim_t *sim, const char *name)
{
	return sim_rng_seed(sim->seed, name);
}

/* ------------------------------------------------------------ reports */

static struct sim_report_id *sim_id_find(const sim_t *sim, const char *id)
{
	int i;

	for (i = 0; i < sim->nids; i++)
		if (strcmp(sim->ids[i].id, id) == 0)
			return &sim->ids[i];
	return NULL;
}

static struct sim_report_id *sim_id_get(sim_t *sim, const char *id)
{
	struct sim_report_id *r = sim_id_find(sim, id);

	if (r)
		return r;
	SIM_GROW(sim->ids, sim->nids, sim->cap_ids);
	r = &sim->ids[sim->nids++];
	r->id = sim_xstrdup(id);
	r->count = 0;
	r->expected = false;
	return r;
}

void sim_report_expect(sim_t *sim, const char *id)
{
	sim_id_get(sim, id)->expected = true;
}

static const char *const sim_sev_names[] = { "INFO", "WARNING", "ERROR",
					     "FATAL" };

static void sim_block(sim_t *sim);

void sim_report_at(sim_t *sim, enum sim_severity sev, const char *id,
		   const char *file, int line, const char *fmt, ...)
{
	struct sim_report_id *r = sim_id_get(sim, id ? id : "sim");
	const char *base = strrchr(file, '/');
	char msg[1024];
	bool fail = sev >= SIM_ERROR && !r->expected;
	bool show;
	va_list ap;

	base = base ? base + 1 : file;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	r->count++;
	if (r->expected && sev >= SIM_ERROR)
		sim->counts[SIM_WARNING]++;
	else
		sim->counts[sev]++;

	show = sev >= SIM_WARNING || sim->verbosity >= 1;
	if (show && r->count <= SIM_REPORT_PRINT_LIMIT) {
		FILE *f = sev >= SIM_WARNING ? stderr : stdout;

		fprintf(f, "%s: %s%s %s @ cycle %" PRIu64 ": %s [%s:%d]\n",
			sim->name,
			r->expected && sev >= SIM_ERROR ? "expected " : "",
			sim_sev_names[sev], r->id, sim_cycles(sim), msg, base,
			line);
		if (r->count == SIM_REPORT_PRINT_LIMIT)
			fprintf(f,
				"%s: further %s reports are counted, not printed\n",
				sim->name, r->id);
	}
	if (fail) {
		if (!sim->first_error) {
			char buf[1200];

			snprintf(buf, sizeof(buf),
				 "%s:%d: %s @ cycle %" PRIu64 ": %s", base,
				 line, r->id, sim_cycles(sim), msg);
			sim->first_error = sim_xstrdup(buf);
		}
		sim->stop = true;
		if (sev == SIM_FATAL && sim->current) {
			sim->current->state = SIM_T_KILLED;
			sim->alive--;
			sim_event_notify(sim->current->done); /* wake joiners */
			sim_block(sim); /* never resumed */
		}
	}
}

unsigned sim_report_count(const sim_t *sim, enum sim_severity sev)
{
	return sim->counts[sev];
}

unsigned sim_report_count_id(const sim_t *sim, const char *id)
{
	const struct sim_report_id *r = sim_id_find(sim, id);

	return r ? r->count : 0;
}

const char *sim_first_error(const sim_t *sim)
{
	return sim->first_error;
}

void sim_report_summary(const sim_t *sim)
{
	int i;

	printf("%s: reports: %u info, %u warning, %u error, %u fatal\n",
	       sim->name, sim->counts[SIM_INFO], sim->counts[SIM_WARNING],
	       sim->counts[SIM_ERROR], sim->counts[SIM_FATAL]);
	for (i = 0; i < sim->nids; i++)
		if (sim->ids[i].count)
			printf("%s:   %-24s %u%s\n", sim->name, sim->ids[i].id,
			       sim->ids[i].count,
			       sim->ids[i].expected ? " (expected)" : "");
}

/* ------------------------------------------------------------- create */

sim_t *sim_create(const struct sim_config *cfg)
{
	struct sim_config def = { 0 };
	sim_t *sim = calloc(1, sizeof(*sim));
	const char *env;

	if (!sim)
		return NULL;
	if (!cfg)
		cfg = &def;
	sim->name = sim_xstrdup(cfg->name ? cfg->name : "sim");
	sim->verbosity = cfg->verbosity;
	env = getenv("SEED");
	if (cfg->has_seed) {
		sim->seed = cfg->seed;
	} else if (env && *env) {
		if (sim_parse_seed(env, &sim->seed)) {
			fprintf(stderr,
				"%s: SEED=%s is not valid: use a decimal or 0x-prefixed hex number\n",
				sim->name, env);
			free(sim->name);
			free(sim);
			return NULL;
		}
	} else {
		FILE *f = fopen("/dev/urandom", "rb");

		if (!f || fread(&sim->seed, sizeof(sim->seed), 1, f) != 1)
			sim->seed = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull;
		if (f)
			fclose(f);
		sim->seed &= 0xffffffffull;
	}
	if (!cfg->quiet)
		printf("%s: seed=0x%" PRIx64 " (replay with SEED=0x%" PRIx64
		       ")\n",
		       sim->name, sim->seed, sim->seed);
	fflush(stdout); /* keep the banner ahead of the run's stderr reports */
	return sim;
}

static void sim_thread_free_stack(sim_thread_t *t)
{
	if (t->stack) {
		munmap(t->stack, t->stack_len);
		t->stack = NULL;
	}
}

void sim_destroy(sim_t *sim)
{
	int i;

	if (!sim)
		return;
	for (i = 0; i < sim->nclocks; i++) {
		int j;

		for (j = 0; j < sim->clocks[i]->nmethods; j++)
			free(sim->clocks[i]->methods[j]);
		free(sim->clocks[i]->name);
		free(sim->clocks[i]->methods);
		free(sim->clocks[i]);
	}
	for (i = 0; i < sim->nthreads; i++) {
		sim_thread_free_stack(sim->threads[i]);
		free(sim->threads[i]->name);
		free(sim->threads[i]);
	}
	for (i = 0; i < sim->nevents; i++) {
		free(sim->events[i]->name);
		free(sim->events[i]->waiters);
		free(sim->events[i]);
	}
	for (i = 0; i < sim->nids; i++)
		free(sim->ids[i].id);
	free(sim->ids);
	free(sim->events);
	free(sim->threads);
	free(sim->runq);
	free(sim->timers);
	free(sim->pend);
	free(sim->first_error);
	free(sim->name);
	free(sim);
}

/* ------------------------------------------------------------- clocks */

sim_clock_t *sim_clock(sim_t *sim, const char *name, uint64_t period_ps)
{
	sim_clock_t *c;

	if (sim->nclocks >= SIM_MAX_CLOCKS || period_ps < 2 || period_ps & 1) {
		sim_report(
			sim, SIM_ERROR, "sim.clock",
			"clock '%s': period %" PRIu64
			" ps must be even and at least 2, and at most %d clocks exist",
			name ? name : "?", period_ps, SIM_MAX_CLOCKS);
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->sim = sim;
	c->name = sim_xstrdup(name ? name : "clk");
	c->period = period_ps;
	/* Low from time 0; rising edges at k * period, k >= 1. */
	c->next_pos = sim->time + period_ps;
	c->next_time = c->next_pos;
	c->next_is_pos = true;
	sim->clocks[sim->nclocks++] = c;
	return c;
}

sim_clock_t *sim_default_clock(sim_t *sim)
{
	return sim->nclocks ? sim->clocks[0] : NULL;
}

uint64_t sim_clock_cycles(const sim_clock_t *clk)
{
	return clk->cycles;
}

void sim_clock_attach(sim_clock_t *clk, uint8_t *pin,
		      const struct sim_model_ops *ops, void *ctx)
{
	clk->pin = pin;
	clk->ops = ops;
	clk->ops_ctx = ctx;
	clk->model_started = false;
}

sim_method_t *sim_method(sim_clock_t *clk, const char *name, sim_method_fn fn,
			 void *ctx)
{
	struct sim_method *m = sim_xrealloc(NULL, sizeof(*m));

	m->fn = fn;
	m->ctx = ctx;
	m->name = name;
	m->enabled = true;
	SIM_GROW(clk->methods, clk->nmethods, clk->cap_methods);
	clk->methods[clk->nmethods++] = m;
	return m;
}

void sim_method_enable(sim_method_t *m, bool on)
{
	m->enabled = on;
}

/* ------------------------------------------------------------- timers */

static bool sim_timer_less(const struct sim_timer *a, const struct sim_timer *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static bool sim_timer_stale(const struct sim_timer *t)
{
	if (t->kind == SIM_TIMER_THREAD)
		return ((const sim_thread_t *)t->obj)->wait_gen != t->gen;
	return !((const sim_event_t *)t->obj)->pending ||
	       ((const sim_event_t *)t->obj)->pending_gen != t->gen;
}

static bool sim_timer_less(const struct sim_timer *a,
			   const struct sim_timer *b);

/* Drop timers whose wait already ended (cancelled lazily) and rebuild the
 * heap, so waits that end early do not pile up. */
static void sim_timer_compact(sim_t *sim)
{
	int i, k = 0;

	for (i = 0; i < sim->ntimers; i++)
		if (!sim_timer_stale(&sim->timers[i]))
			sim->timers[k++] = sim->timers[i];
	sim->ntimers = k;
	for (i = k / 2 - 1; i >= 0; i--) {
		int j = i;

		for (;;) {
			int c = 2 * j + 1;
			struct sim_timer tmp;

			if (c >= k)
				break;
			if (c + 1 < k && sim_timer_less(&sim->timers[c + 1],
							&sim->timers[c]))
				c++;
			if (!sim_timer_less(&sim->timers[c], &sim->timers[j]))
				break;
			tmp = sim->timers[j];
			sim->timers[j] = sim->timers[c];
			sim->timers[c] = tmp;
			j = c;
		}
	}
}

static void sim_timer_add(sim_t *sim, uint64_t time, enum sim_timer_kind kind,
			  void *obj, uint64_t gen)
{
	struct sim_timer t = { time, sim->timer_seq++, gen, obj, kind };
	int i;

	if (sim->ntimers >= 1024 && sim->ntimers == sim->cap_timers)
		sim_timer_compact(sim);

	SIM_GROW(sim->timers, sim->ntimers, sim->cap_timers);
	i = sim->ntimers++;
	while (i > 0) {
		int parent = (i - 1) / 2;

		if (!sim_timer_less(&t, &sim->timers[parent]))
			break;
		sim->timers[i] = sim->timers[parent];
		i = parent;
	}
	sim->timers[i] = t;
}

static struct sim_timer sim_timer_pop(sim_t *sim)
{
	struct sim_timer top = sim->timers[0];
	struct sim_timer last = sim->timers[--sim->ntimers];
	int i = 0, n = sim->ntimers;

	for (;;) {
		int c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n &&
		    sim_timer_less(&sim->timers[c + 1], &sim->timers[c]))
			c++;
		if (!sim_timer_less(&sim->timers[c], &last))
			break;
		sim->timers[i] = sim->timers[c];
		i = c;
	}
	if (n)
		sim->timers[i] = last;
	return top;
}

/* Time of the n-th rising edge of clk still to come (n >= 1). */
static uint64_t sim_clock_edge_after(const sim_clock_t *clk, uint64_t n)
{
	/* saturate: a wait too long to represent never ends */
	if (n - 1 > (UINT64_MAX - clk->next_pos) / clk->period)
		return UINT64_MAX;
	return clk->next_pos + (n - 1) * clk->period;
}

/* ------------------------------------------------------------ threads */

static void sim_runq_push(sim_t *sim, sim_thread_t *t)
{
	if (sim->runq_len == sim->runq_cap) {
		int cap = sim->runq_cap ? 2 * sim->runq_cap : 16;
		sim_thread_t **q = sim_xrealloc(NULL, (size_t)cap * sizeof(*q));
		int i;

		for (i = 0; i < sim->runq_len; i++)
			q[i] = sim->runq[(sim->runq_head + i) % sim->runq_cap];
		free(sim->runq);
		sim->runq = q;
		sim->runq_cap = cap;
		sim->runq_head = 0;
	}
	sim->runq[(sim->runq_head + sim->runq_len++) % sim->runq_cap] = t;
}

static sim_thread_t *sim_runq_pop(sim_t *sim)
{
	sim_thread_t *t;

	if (!sim->runq_len)
		return NULL;
	t = sim->runq[sim->runq_head];
	sim->runq_head = (sim->runq_head + 1) % sim->runq_cap;
	sim->runq_len--;
	return t;
}

/* Make a waiting thread runnable; later wake-ups of the same wait lose. */
static void sim_wake(sim_thread_t *t, int reason)
{
	if (t->state != SIM_T_WAITING)
		return;
	t->state = SIM_T_READY;
	t->wait_gen++;
	t->wake = reason;
	sim_runq_push(t->sim, t);
}

/* Give the processor back to the scheduler. */
static void sim_block(sim_t *sim)
{
	sim_thread_t *t = sim->current;

	sim_ctx_switch(&t->ctx, &sim->sched_ctx);
}

static void sim_thread_entry(void *arg)
{
	sim_thread_t *t = arg;
	sim_t *sim = t->sim;

	t->fn(t->arg);
	t->state = SIM_T_DONE;
	sim->alive--;
	sim_event_notify(t->done);
	sim_ctx_switch(&t->ctx, &sim->sched_ctx);
	abort(); /* a finished thread is never resumed */
}

sim_thread_t *sim_spawn(sim_t *sim, const char *name, sim_thread_fn fn,
			void *arg, size_t stack_size)
{
	long page = sysconf(_SC_PAGESIZE);
	sim_thread_t *t = calloc(1, sizeof(*t));
	char dname[160];

	if (!t)
		return NULL;
	if (!stack_size)
		stack_size = SIM_DEFAULT_STACK;
	stack_size = (stack_size + (size_t)page - 1) & ~((size_t)page - 1);
	t->stack_len = stack_size + (size_t)page;
	t->stack = mmap(NULL, t->stack_len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (t->stack == MAP_FAILED) {
		free(t);
		sim_report(sim, SIM_ERROR, "sim.spawn",
			   "thread '%s': cannot map a %zu-byte stack",
			   name ? name : "?", stack_size);
		return NULL;
	}
	/* Guard page below the stack: an overflow faults at once instead of
	 * corrupting the heap. */
	mprotect(t->stack, (size_t)page, PROT_NONE);
	t->sim = sim;
	t->name = sim_xstrdup(name ? name : "thread");
	t->fn = fn;
	t->arg = arg;
	t->clk = sim_default_clock(sim);
	snprintf(dname, sizeof(dname), "%s.done", t->name);
	t->done = sim_event(sim, dname);
	sim_ctx_make(&t->ctx, (char *)t->stack + page, stack_size,
		     sim_thread_entry, t);
	t->state = SIM_T_READY;
	SIM_GROW(sim->threads, sim->nthreads, sim->cap_threads);
	sim->threads[sim->nthreads++] = t;
	sim->alive++;
	sim_runq_push(sim, t);
	return t;
}

sim_event_t *sim_thread_done(sim_thread_t *t)
{
	return t->done;
}

bool sim_thread_finished(const sim_thread_t *t)
{
	return t->state == SIM_T_DONE || t->state == SIM_T_KILLED;
}

int sim_thread_join(sim_t *sim, sim_thread_t *t, uint64_t timeout)
{
	if (sim_thread_finished(t))
		return 0;
	return sim_wait_event(sim, t->done, timeout);
}

sim_thread_t *sim_current_thread(sim_t *sim)
{
	return sim->current;
}

const char *sim_thread_name(const sim_thread_t *t)
{
	return t->name;
}

/* Run every runnable thread until none is left. */
static void sim_run_threads(sim_t *sim)
{
	sim_thread_t *t;

	while ((t = sim_runq_pop(sim))) {
		t->state = SIM_T_RUNNING;
		sim->current = t;
		/* the watchdog counts rising edges of the default clock */
		sim->wd_last = sim->clocks[0]->cycles;
		sim_ctx_switch(&sim->sched_ctx, &t->ctx);
		sim->current = NULL;
		if (t->state == SIM_T_DONE)
			sim_thread_free_stack(t);
	}
}

/* Fire the timers due at or before now. */
static void sim_fire_timers(sim_t *sim)
{
	while (sim->ntimers && sim->timers[0].time <= sim->time) {
		struct sim_timer tm = sim_timer_pop(sim);

		if (tm.kind == SIM_TIMER_THREAD) {
			sim_thread_t *t = tm.obj;

			if (t->wait_gen == tm.gen)
				sim_wake(t, -ETIMEDOUT);
		} else {
			sim_event_t *ev = tm.obj;

			if (ev->pending && ev->pending_gen == tm.gen) {
				ev->pending = false;
				sim_event_notify(ev);
			}
		}
	}
}

/* -------------------------------------------------------------- events */

sim_event_t *sim_event(sim_t *sim, const char *name)
{
	sim_event_t *ev = calloc(1, sizeof(*ev));

	if (!ev)
		return NULL;
	ev->sim = sim;
	ev->name = sim_xstrdup(name ? name : "event");
	SIM_GROW(sim->events, sim->nevents, sim->cap_events);
	sim->events[sim->nevents++] = ev;
	return ev;
}

void sim_event_notify(sim_event_t *ev)
{
	int i, n = ev->nwaiters;

	ev->count++;
	ev->nwaiters = 0;
	for (i = 0; i < n; i++) {
		struct sim_waiter *w = &ev->waiters[i];

		if (w->t->wait_gen == w->gen)
			sim_wake(w->t, w->index);
	}
}

void sim_event_notify_cycles(sim_event_t *ev, uint64_t n)
{
	sim_t *sim = ev->sim;

	if (!sim->nclocks) {
		sim_report(
			sim, SIM_ERROR, "sim.event",
			"event '%s': a delayed notification needs a clock: create one with sim_clock()",
			ev->name);
		return;
	}
	ev->pending_gen++;
	ev->pending = true;
	sim_timer_add(sim, sim_clock_edge_after(sim->clocks[0], n ? n : 1),
		      SIM_TIMER_EVENT, ev, ev->pending_gen);
}

void sim_event_cancel(sim_event_t *ev)
{
	ev->pending_gen++;
	ev->pending = false;
}

uint64_t sim_event_count(const sim_event_t *ev)
{
	return ev->count;
}

const char *sim_event_name(const sim_event_t *ev)
{
	return ev->name;
}

static void sim_event_add_waiter(sim_event_t *ev, sim_thread_t *t, int index)
{
	if (ev->nwaiters == ev->cap_waiters && ev->nwaiters >= 16) {
		/* Drop registrations of waits that already ended (timeouts or
		 * another event of a sim_wait_any()). */
		int i, k = 0;

		for (i = 0; i < ev->nwaiters; i++)
			if (ev->waiters[i].t->wait_gen == ev->waiters[i].gen)
				ev->waiters[k++] = ev->waiters[i];
		ev->nwaiters = k;
	}
	SIM_GROW(ev->waiters, ev->nwaiters, ev->cap_waiters);
	ev->waiters[ev->nwaiters++] =
		(struct sim_waiter){ t, t->wait_gen, index };
}

/* --------------------------------------------------------------- waits */

static sim_thread_t *sim_need_thread(sim_t *sim, const char *what)
{
	if (!sim->current) {
		sim_report(
			sim, SIM_FATAL, "sim.wait",
			"%s called outside a thread (methods and the test body must not wait)",
			what);
		return NULL;
	}
	return sim->current;
}

/* The clock a thread's waits count: its own, else the default one. */
static sim_clock_t *sim_wait_clock(sim_t *sim, sim_thread_t *t)
{
	if (!t->clk)
		t->clk = sim_default_clock(sim);
	if (!t->clk)
		sim_report(
			sim, SIM_FATAL, "sim.wait",
			"thread '%s' waits but no clock exists: create one with sim_clock()",
			t->name);
	return t->clk;
}

static void sim_wait_begin(sim_thread_t *t, const char *what)
{
	t->state = SIM_T_WAITING;
	t->waiting_on = what;
	t->waiting_since = t->clk ? t->clk->cycles : 0;
}

void sim_wait_cycles(sim_t *sim, uint64_t n)
{
	sim_thread_t *t = sim_need_thread(sim, "sim_wait_cycles");

	if (!t || !sim_wait_clock(sim, t))
		return;
	sim_wait_begin(t, "cycles");
	sim_timer_add(sim, sim_clock_edge_after(t->clk, n ? n : 1),
		      SIM_TIMER_THREAD, t, t->wait_gen);
	sim_block(sim);
}

int sim_wait_any(sim_t *sim, sim_event_t *const *evs, int n, uint64_t timeout)
{
	sim_thread_t *t = sim_need_thread(sim, "sim_wait_any");
	int i;

	if (!t || (timeout && !sim_wait_clock(sim, t)))
		return -EINVAL;
	sim_wait_begin(t, n == 1 ? evs[0]->name : "several events");
	for (i = 0; i < n; i++)
		sim_event_add_waiter(evs[i], t, i);
	if (timeout)
		sim_timer_add(sim, sim_clock_edge_after(t->clk, timeout),
			      SIM_TIMER_THREAD, t, t->wait_gen);
	sim_block(sim);
	return t->wake;
}

int sim_wait_event(sim_t *sim, sim_event_t *ev, uint64_t timeout)
{
	int r = sim_wait_any(sim, &ev, 1, timeout);

	return r < 0 ? r : 0;
}

/* ---------------------------------------------------------- run control */

void sim_drive(sim_t *sim, void *pin, uint64_t value, unsigned nbytes)
{
	struct sim_pending *p;

	if (nbytes != 1 && nbytes != 2 && nbytes != 4 && nbytes != 8) {
		sim_report(
			sim, SIM_FATAL, "sim.drive",
			"drive of %u bytes: use 1, 2, 4 or 8 (sim_drive_bytes for wider ports)",
			nbytes);
		return;
	}

	SIM_GROW(sim->pend, sim->npend, sim->cap_pend);
	p = &sim->pend[sim->npend++];
	p->pin = pin;
	p->n = nbytes;
	p->u.v = value;
}

void sim_drive_bytes(sim_t *sim, void *pin, const void *src, unsigned nbytes)
{
	struct sim_pending *p;

	if (nbytes > SIM_MAX_DRIVE_BYTES) {
		sim_report(
			sim, SIM_FATAL, "sim.drive",
			"drive of %u bytes: ports wider than %d bytes are not supported",
			nbytes, SIM_MAX_DRIVE_BYTES);
		return;
	}
	SIM_GROW(sim->pend, sim->npend, sim->cap_pend);
	p = &sim->pend[sim->npend++];
	p->pin = pin;
	p->n = nbytes;
	memcpy(p->u.b, src, nbytes);
}

static void sim_flush(sim_t *sim)
{
	int i;

	for (i = 0; i < sim->npend; i++) {
		struct sim_pending *p = &sim->pend[i];

		switch (p->n) {
		case 1: *(uint8_t *)p->pin = (uint8_t)p->u.v; break;
		case 2: *(uint16_t *)p->pin = (uint16_t)p->u.v; break;
		case 4: *(uint32_t *)p->pin = (uint32_t)p->u.v; break;
		case 8: *(uint64_t *)p->pin = p->u.v; break;
		default: memcpy(p->pin, p->u.b, p->n); break;
		}
	}
	sim->npend = 0;
}

static inline void sim_model_eval(sim_t *sim, sim_clock_t *c)
{
	c->ops->eval(c->ops_ctx);
	if (sim->trace_on && c->ops->dump) {
		uint64_t cyc = sim->clocks[0]->cycles;

		if (cyc >= sim->trace_start &&
		    (!sim->trace_stop || cyc <= sim->trace_stop))
			c->ops->dump(c->ops_ctx, sim->time);
	}
}

static void sim_watchdog_check(sim_t *sim, uint64_t cycle)
{
	int i;

	if (!sim->alive || cycle - sim->wd_last < sim->wd_cycles)
		return;
	sim->wd_last = cycle;
	sim_report(sim, SIM_ERROR, "sim.watchdog",
		   "no thread has run for %" PRIu64 " cycles; %d alive",
		   sim->wd_cycles, sim->alive);
	for (i = 0; i < sim->nthreads; i++) {
		sim_thread_t *t = sim->threads[i];

		if (t->state == SIM_T_WAITING)
			fprintf(stderr,
				"%s:   thread '%s' waits on %s since cycle %" PRIu64
				"\n",
				sim->name, t->name, t->waiting_on,
				t->waiting_since);
	}
}

static void sim_posedge(sim_t *sim, sim_clock_t *c)
{
	int i;

	sim->time = c->next_pos;
	c->next_pos += c->period;
	c->next_time = sim->time + c->period / 2;
	c->next_is_pos = false;

	/* count the edge first: methods, the model and threads all report
	 * this edge as cycle N, the same N the waveform shows at N periods */
	c->cycles++;
	for (i = 0; i < c->nmethods; i++) {
		struct sim_method *m = c->methods[i];

		if (m->enabled)
			m->fn(m->ctx);
	}
	if (c->pin) {
		*c->pin = 1;
		sim_model_eval(sim, c);
	}
	if (sim->ntimers && sim->timers[0].time <= sim->time)
		sim_fire_timers(sim);
	if (sim->runq_len)
		sim_run_threads(sim);
	if (sim->npend)
		sim_flush(sim);
	if (sim->wd_cycles && c == sim->clocks[0])
		sim_watchdog_check(sim, c->cycles);
}

static void sim_negedge(sim_t *sim, sim_clock_t *c)
{
	sim->time = c->next_time;
	c->next_time = c->next_pos;
	c->next_is_pos = true;
	if (sim->npend)
		sim_flush(sim);
	if (c->pin) {
		*c->pin = 0;
		sim_model_eval(sim, c);
	}
}

/* Process the earliest pending edge of any clock. */
static void sim_step(sim_t *sim)
{
	sim_clock_t *c = sim->clocks[0];
	int i;

	for (i = 1; i < sim->nclocks; i++)
		if (sim->clocks[i]->next_time < c->next_time)
			c = sim->clocks[i];
	if (c->next_is_pos)
		sim_posedge(sim, c);
	else
		sim_negedge(sim, c);
}

static void sim_start_models(sim_t *sim)
{
	int i;

	for (i = 0; i < sim->nclocks; i++) {
		sim_clock_t *c = sim->clocks[i];

		if (c->pin && !c->model_started) {
			*c->pin = 0;
			sim_flush(sim);
			sim_model_eval(sim, c);
			c->model_started = true;
		}
	}
}

enum sim_cond { SIM_COND_CYCLES, SIM_COND_EVENT, SIM_COND_IDLE };

static enum sim_run_result sim_loop(sim_t *sim, enum sim_cond cond,
				    const sim_event_t *ev, uint64_t max)
{
	sim_clock_t *dclk = sim->clocks[0];
	uint64_t start, evcount = ev ? ev->count : 0;
	enum sim_run_result res;

	if (!sim->nclocks) {
		sim_report(
			sim, SIM_ERROR, "sim.run",
			"no clock: create one with sim_clock() before running");
		return SIM_RUN_STOPPED;
	}
	if (sim->current || sim->running) {
		sim_report(sim, SIM_FATAL, "sim.run",
			   "sim_run*() called from inside the simulation");
		return SIM_RUN_STOPPED;
	}
	sim->running = true;
	sim->stop = false;
	sim_start_models(sim);
	start = dclk->cycles;
	for (;;) {
		if (sim->stop) {
			res = SIM_RUN_STOPPED;
			break;
		}
		if (cond == SIM_COND_EVENT && ev->count != evcount) {
			res = SIM_RUN_DONE;
			break;
		}
		if (cond == SIM_COND_IDLE && sim->alive == 0) {
			res = SIM_RUN_DONE;
			break;
		}
		if (max && dclk->cycles - start >= max) {
			res = cond == SIM_COND_CYCLES ? SIM_RUN_DONE
						      : SIM_RUN_TIMEOUT;
			break;
		}
		if (sim->nclocks == 1) {
			/* the common case: one clock, whole cycles */
			if (dclk->next_is_pos)
				sim_posedge(sim, dclk);
			else
				sim_negedge(sim, dclk);
		} else {
			sim_step(sim);
		}
	}
	sim->running = false;
	return res;
}

enum sim_run_result sim_run(sim_t *sim, uint64_t n)
{
	if (!n)
		return SIM_RUN_DONE;
	return sim_loop(sim, SIM_COND_CYCLES, NULL, n);
}

enum sim_run_result sim_run_until(sim_t *sim, sim_event_t *ev,
				  uint64_t max_cycles)
{
	return sim_loop(sim, SIM_COND_EVENT, ev, max_cycles);
}

enum sim_run_result sim_run_until_idle(sim_t *sim, uint64_t max_cycles)
{
	return sim_loop(sim, SIM_COND_IDLE, NULL, max_cycles);
}

void sim_stop(sim_t *sim)
{
	sim->stop = true;
}

void sim_watchdog(sim_t *sim, uint64_t n)
{
	sim->wd_cycles = n;
	sim->wd_last = sim_cycles(sim);
}

unsigned sim_timer_count(const sim_t *sim)
{
	return (unsigned)sim->ntimers;
}

uint64_t sim_time(const sim_t *sim)
{
	return sim->time;
}

uint64_t sim_cycles(const sim_t *sim)
{
	return sim->nclocks ? sim->clocks[0]->cycles : 0;
}

void sim_trace_window(sim_t *sim, uint64_t start, uint64_t stop)
{
	sim->trace_start = start;
	sim->trace_stop = stop;
}

void sim_trace_enable(sim_t *sim, bool on)
{
	sim->trace_on = on;
}
