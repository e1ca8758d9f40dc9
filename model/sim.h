/* SPDX-License-Identifier: MIT */
/*
 * sim.h - a small SystemC-style discrete-event kernel in C11.
 *
 * Time is kept in picoseconds. Clocks produce rising and falling edges; on
 * every rising edge of a clock the kernel runs, in this order:
 *
 *   1. the clock's methods (stackless callbacks, per-cycle BFM logic): they
 *      see every signal as it was just before the edge;
 *   2. the model's rising edge (clock pin 1, eval): the DUT samples the same
 *      pre-edge values;
 *   3. timers that fall due, then every runnable thread (cooperative, own
 *      stack) until none is runnable.
 *
 * Writes to DUT inputs made with sim_drive*() during 1 and 3 are deferred and
 * applied together just before the falling edge (clock pin 0, eval). So what
 * a method reads never depends on the order methods run in, and in a
 * waveform every testbench-driven input changes at a falling edge.
 *
 * Errors: never call a Check assertion inside a simulation thread. Report
 * with SIM_ERROR (records file:line and stops the run), then assert from the
 * test body after sim_run*() returned.
 */
#ifndef SIM_H
#define SIM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim sim_t;
typedef struct sim_clock sim_clock_t;
typedef struct sim_method sim_method_t;
typedef struct sim_thread sim_thread_t;
typedef struct sim_event sim_event_t;

/** Callback of a method: runs on every rising edge of its clock. */
typedef void (*sim_method_fn)(void *ctx);
/** Body of a thread; the thread ends when it returns. */
typedef void (*sim_thread_fn)(void *arg);

/** The model a clock drives: eval() settles it, dump() records a trace. */
struct sim_model_ops {
	void (*eval)(void *ctx);
	void (*dump)(void *ctx, uint64_t time_ps);
};

/** Creation options; zero-initialise and set what you need. */
struct sim_config {
	const char *name; /* run name used in messages (default "sim") */
	uint64_t seed;	  /* used when has_seed; otherwise SEED= or random */
	bool has_seed;
	int verbosity; /* 0: warnings and up, 1: info, 2: debug */
	bool quiet;    /* do not print the seed banner */
};

/* ---------------------------------------------------------------- setup */

/** Create a kernel; prints "seed=0x... (replay with SEED=0x...)". */
sim_t *sim_create(const struct sim_config *cfg);
/** Destroy the kernel, its clocks, methods, threads (not unwound) and events. */
void sim_destroy(sim_t *sim);

/** Create a clock of period_ps (even, >= 2); the first one is the default. */
sim_clock_t *sim_clock(sim_t *sim, const char *name, uint64_t period_ps);
/** The default clock (the first created), or NULL. */
sim_clock_t *sim_default_clock(sim_t *sim);
/** Rising edges of clk so far. */
uint64_t sim_clock_cycles(const sim_clock_t *clk);
/** Let clk toggle *pin and call ops->eval(ctx) at each edge. */
void sim_clock_attach(sim_clock_t *clk, uint8_t *pin,
		      const struct sim_model_ops *ops, void *ctx);

/** Register a method on clk's rising edge; runs in registration order. */
sim_method_t *sim_method(sim_clock_t *clk, const char *name, sim_method_fn fn,
			 void *ctx);
/** Enable or disable a method (enabled at creation). */
void sim_method_enable(sim_method_t *m, bool on);

/** Start a thread; it first runs in the current thread phase when spawned
 *  by a thread or a method, else in the next one. 0 = default stack. */
sim_thread_t *sim_spawn(sim_t *sim, const char *name, sim_thread_fn fn,
			void *arg, size_t stack_size);
/** Event notified when the thread returns. */
sim_event_t *sim_thread_done(sim_thread_t *t);
/** True once the thread has returned (or was ended by SIM_FATAL). */
bool sim_thread_finished(const sim_thread_t *t);
/** In a thread: wait until t has finished (at once if it has): 0, or
 *  -ETIMEDOUT after timeout cycles (0 = forever). */
int sim_thread_join(sim_t *sim, sim_thread_t *t, uint64_t timeout);
/** The thread running now, or NULL outside threads. */
sim_thread_t *sim_current_thread(sim_t *sim);
/** A thread's name. */
const char *sim_thread_name(const sim_thread_t *t);

/* --------------------------------------------------------------- events */

/** Create a named event owned by sim. */
sim_event_t *sim_event(sim_t *sim, const char *name);
/** Wake every thread waiting on ev, in this same thread phase. */
void sim_event_notify(sim_event_t *ev);
/** Notify ev after n rising edges of the default clock (n >= 1); a later
 *  call replaces an earlier pending one. */
void sim_event_notify_cycles(sim_event_t *ev, uint64_t n);
/** Cancel a pending delayed notification. */
void sim_event_cancel(sim_event_t *ev);
/** Times ev has been notified. */
uint64_t sim_event_count(const sim_event_t *ev);
/** An event's name. */
const char *sim_event_name(const sim_event_t *ev);

/* ------------------------------------------------ waits (threads only) */

/** Suspend the calling thread for n rising edges of its clock (n >= 1).
 *  Waits too long to represent never end. A timer falling due and an event
 *  notified by a thread at the same edge: the timer wins (timers fire
 *  before threads run); notified by a method: the event wins. */
void sim_wait_cycles(sim_t *sim, uint64_t n);
/** Wait for ev; 0 when notified, -ETIMEDOUT after timeout cycles
 *  (timeout 0 = wait forever). */
int sim_wait_event(sim_t *sim, sim_event_t *ev, uint64_t timeout);
/** Wait for any of n events: index of the one notified, or -ETIMEDOUT. */
int sim_wait_any(sim_t *sim, sim_event_t *const *evs, int n, uint64_t timeout);

/* ---------------------------------------------------------- run control */

/** Result of a run call. */
enum sim_run_result {
	SIM_RUN_DONE = 0,    /* the condition was met */
	SIM_RUN_STOPPED = 1, /* sim_stop() or an error stopped the run */
	SIM_RUN_TIMEOUT = 2, /* the cycle bound was reached first */
};

/** Run n rising edges of the default clock. */
enum sim_run_result sim_run(sim_t *sim, uint64_t n);
/** Run until ev is notified, at most max_cycles (0 = no bound). */
enum sim_run_result sim_run_until(sim_t *sim, sim_event_t *ev,
				  uint64_t max_cycles);
/** Run until every thread has returned, at most max_cycles (0 = no bound). */
enum sim_run_result sim_run_until_idle(sim_t *sim, uint64_t max_cycles);
/** Stop the current run at the end of the current edge (a thread that calls
 *  it keeps running until it next waits). */
void sim_stop(sim_t *sim);
/** Report an error when no thread has resumed for n cycles while threads
 *  are alive (0 = off); the report names each blocked thread. */
void sim_watchdog(sim_t *sim, uint64_t n);
/** Timers pending (waits with timeouts, delayed notifications): for
 *  diagnostics. */
unsigned sim_timer_count(const sim_t *sim);
/** Current time in picoseconds. */
uint64_t sim_time(const sim_t *sim);
/** Rising edges of the default clock so far. */
uint64_t sim_cycles(const sim_t *sim);

/* ---------------------------------------------------- deferred driving */

/** Drive a DUT input of nbytes (1, 2, 4 or 8) after the current phase. */
void sim_drive(sim_t *sim, void *pin, uint64_t value, unsigned nbytes);
/** Drive nbytes (at most 32) from src after the current phase. */
void sim_drive_bytes(sim_t *sim, void *pin, const void *src, unsigned nbytes);

/* -------------------------------------------------------------- reports */

enum sim_severity { SIM_INFO, SIM_WARNING, SIM_ERROR, SIM_FATAL };

/** Report a message; SIM_ERROR and SIM_FATAL stop the run, and SIM_FATAL
 *  raised in a thread also suspends that thread for good. */
#define sim_report(sim, sev, id, ...) \
	sim_report_at((sim), (sev), (id), __FILE__, __LINE__, __VA_ARGS__)
void sim_report_at(sim_t *sim, enum sim_severity sev, const char *id,
		   const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/** Mark message id as expected: counted and printed, but it does not stop
 *  the run or count as an error (for tests that break rules on purpose). */
void sim_report_expect(sim_t *sim, const char *id);
/** Reports of severity sev so far (expected ones are not errors). */
unsigned sim_report_count(const sim_t *sim, enum sim_severity sev);
/** Reports of message id so far, whatever their severity. */
unsigned sim_report_count_id(const sim_t *sim, const char *id);
/** "file:line: id: message" of the first error, or NULL. */
const char *sim_first_error(const sim_t *sim);
/** Print counts per severity and per id. */
void sim_report_summary(const sim_t *sim);

/* ------------------------------------------------- seeds and randomness */

/** A xoshiro256** stream; derive it with sim_rng() or sim_rng_seed(). */
struct sim_rng {
	uint64_t s[4];
};

/** The run's seed. */
uint64_t sim_seed(const sim_t *sim);
/** A named stream derived from the run seed: adding a stream does not
 *  change the numbers any other stream draws. */
struct sim_rng sim_rng(const sim_t *sim, const char *name);
/** Seed a stream from a seed and a name. */
struct sim_rng sim_rng_seed(uint64_t seed, const char *name);
/** Next 64 random bits. */
uint64_t sim_rng_u64(struct sim_rng *r);
/** Uniform in [lo, hi] (inclusive). */
uint64_t sim_rng_range(struct sim_rng *r, uint64_t lo, uint64_t hi);
/** True with probability permille / 1000. */
bool sim_rng_chance(struct sim_rng *r, unsigned permille);
/** Parse SEED-style text (decimal or 0x hex); -EINVAL when malformed. */
int sim_parse_seed(const char *s, uint64_t *out);

/* ---------------------------------------------------------------- waves */

/** Record a trace: the kernel calls ops->dump after every eval whose rising
 *  edge count is within [start, stop] (stop 0 = no end). */
void sim_trace_window(sim_t *sim, uint64_t start, uint64_t stop);
/** Turn dumping on or off (the model must have a trace open). */
void sim_trace_enable(sim_t *sim, bool on);

#endif /* SIM_H */
