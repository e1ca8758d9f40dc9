/* SPDX-License-Identifier: MIT */
/*
 * tb_main.c - the runner of every test binary: Check underneath, one run per
 * test and seed, name filters, a log file per run, a JUnit XML report, a
 * one-line summary when green and, for each failure, its message, seed, log
 * and a complete replay command.
 */
#include "tb.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

#define TB_DEFAULT_TIMEOUT 60
#define TB_DEFAULT_SEEDS 3
#define TB_MAX_FILTERS 32
#define TB_LOG_TAIL 12 /* lines of a failing run's log printed */

/* One run: a test with one seed. */
struct tb_entry {
	const TTest *t;
	unsigned timeout_s;
	int iter;      /* loop index: the seed is tb_seed(iter) */
	bool seeded;   /* registered with tb_add_seeded() */
	char run[160]; /* test name, ".<iter>" for iter > 0 */
	/* result */
	enum test_result rtype;
	char *msg;	/* failure message with file:line, or NULL */
	double seconds; /* wall-clock time of the run */
};

struct tb_registry {
	const char *filters[TB_MAX_FILTERS]; /* TEST= globs; none: all */
	int nfilters;
	int nseeds;
	struct tb_entry *e;
	int n, cap;
	int tests; /* tests (not runs) added */
};

static uint64_t tb_base_seed;
static const struct tb_entry *tb_cur; /* the run in progress */
static const char *tb_log_dir;	      /* TB_RESULTS, or NULL */
static bool tb_forking;

static bool tb_match(const struct tb_registry *r, const char *name)
{
	if (!r->nfilters)
		return true;
	for (int i = 0; i < r->nfilters; i++)
		if (!fnmatch(r->filters[i], name, 0))
			return true;
	return false;
}

static void tb_add_common(struct tb_registry *r, const TTest *t,
			  unsigned timeout_s, int iterations, bool seeded)
{
	int added = 0;

	for (int i = 0; i < iterations; i++) {
		struct tb_entry *e;
		char run[sizeof(e->run)];

		if (i == 0)
			snprintf(run, sizeof(run), "%s", t->name);
		else
			snprintf(run, sizeof(run), "%s.%d", t->name, i);
		/* a glob picks a test (every seed) or one run of it */
		if (!tb_match(r, t->name) && !tb_match(r, run))
			continue;
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 64;
			r->e = realloc(r->e, (size_t)r->cap * sizeof(*r->e));
			if (!r->e) {
				fprintf(stderr, "tb: out of memory\n");
				exit(2);
			}
		}
		e = &r->e[r->n++];
		memset(e, 0, sizeof(*e));
		e->t = t;
		e->timeout_s = timeout_s ? timeout_s : TB_DEFAULT_TIMEOUT;
		e->iter = i;
		e->seeded = seeded;
		memcpy(e->run, run, sizeof(run));
		added = 1;
	}
	r->tests += added;
}

void tb_add(struct tb_registry *r, const TTest *t, unsigned timeout_s)
{
	tb_add_common(r, t, timeout_s, 1, false);
}

void tb_add_seeded(struct tb_registry *r, const TTest *t, unsigned timeout_s)
{
	tb_add_common(r, t, timeout_s, r->nseeds, true);
}

static uint64_t tb_mix(uint64_t x)
{
	/* splitmix64 finaliser */
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

uint64_t tb_seed(int i)
{
	return i == 0 ? tb_base_seed : tb_mix(tb_base_seed + (uint64_t)i);
}

const char *tb_test_name(void)
{
	return tb_cur ? tb_cur->t->name : "test";
}

const char *tb_run_name(int i)
{
	static char buf[256];

	if (i == 0)
		return tb_test_name();
	snprintf(buf, sizeof(buf), "%s.%d", tb_test_name(), i);
	return buf;
}

static int tb_env_int(const char *name, int def, int lo, int hi)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr,
			"tb: %s=%s is not valid: use an integer in %d..%d\n",
			name, s, lo, hi);
		exit(2);
	}
	return (int)v;
}

static uint64_t tb_random_seed(void)
{
	struct timespec ts;
	uint64_t x = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f) {
		if (fread(&x, sizeof(x), 1, f) != 1)
			x = 0;
		fclose(f);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return tb_mix(x ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32)) &
	       0xffffffffull; /* short seeds are easier to type */
}

static double tb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --------------------------------------------------------- per-run set-up */

/* The environment's deadline (lib/tb_env.c), when the binary has one. */
void tb_env_set_deadline(double seconds) __attribute__((weak));

static void tb_log_path(char *buf, size_t n, const struct tb_entry *e)
{
	snprintf(buf, n, "%s/%s.log", tb_log_dir, e->run);
}

/* In the run's own process (Check forks one per run), before the test. */
static void tb_setup(void)
{
	const struct tb_entry *e = tb_cur;
	const char *mult = getenv("CK_TIMEOUT_MULTIPLIER");
	double limit = e->timeout_s * (mult && atof(mult) > 0 ? atof(mult) : 1);

	if (tb_log_dir && tb_forking) { /* CK_FORK=no: all on the terminal */
		char path[512];

		tb_log_path(path, sizeof(path), e);
		fflush(stdout);
		fflush(stderr);
		if (freopen(path, "w", stdout)) {
			dup2(fileno(stdout), fileno(stderr));
			setvbuf(stdout, NULL, _IOLBF, 0);
		}
	}
	printf("%s: seed 0x%llx, time limit %.0f s\n", e->run,
	       (unsigned long long)tb_seed(e->iter), limit);
	/* Stop the simulation a little before Check kills the process, so
	 * that the test fails with its trace and coverage written
	 * (TB_DEADLINE=s: after s seconds instead). */
	if (tb_env_set_deadline && tb_forking) {
		const char *dl = getenv("TB_DEADLINE");

		tb_env_set_deadline(dl && atof(dl) > 0 ? atof(dl)
				    : limit > 2	       ? limit * 0.9
						       : limit * 0.5);
	}
}

/* The environment's outputs (lib/tb_env.c), when the binary has one. */
void tb_env_close_all_outputs(void) __attribute__((weak));

/* A failing Check assertion ends the run's process with _exit(): no exit
 * handler runs, and an FST trace that is not closed cannot be read. The
 * test binaries are linked with --wrap=_ck_assert_failed, so every failing
 * assertion passes here first and the environments left behind write their
 * trace and coverage. */
void __real__ck_assert_failed(const char *file, int line, const char *expr,
			      const char *msg, ...) __attribute__((noreturn));
void __wrap__ck_assert_failed(const char *file, int line, const char *expr,
			      const char *msg, ...) __attribute__((noreturn));

void __wrap__ck_assert_failed(const char *file, int line, const char *expr,
			      const char *msg, ...)
{
	char buf[4096];

	if (tb_env_close_all_outputs)
		tb_env_close_all_outputs();
	if (!msg)
		__real__ck_assert_failed(file, line, expr, NULL);
	va_list ap;
	va_start(ap, msg);
	vsnprintf(buf, sizeof(buf), msg, ap);
	va_end(ap);
	__real__ck_assert_failed(file, line, expr, "%s", buf, NULL);
}

/* ------------------------------------------------------------ reporting */

static void tb_xml_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			/* XML 1.0 has no other control characters */
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
				fputc('?', f);
			else
				fputc(c, f);
		}
	}
}

/* The command that replays one run (the Makefile gives its prefix, with the
 * suite and the DUT: TB_REPLAY). */
static void tb_replay(char *buf, size_t n, const char *binary,
		      const struct tb_registry *r, const struct tb_entry *e)
{
	const char *prefix = getenv("TB_REPLAY");
	char seeds[32] = "";

	/* iteration i needs at least i + 1 seeds; more are harmless */
	if (r->nseeds != TB_DEFAULT_SEEDS || e->iter >= TB_DEFAULT_SEEDS)
		snprintf(seeds, sizeof(seeds), " SEEDS=%d", r->nseeds);
	if (prefix && *prefix)
		snprintf(buf, n, "%s TEST=%s SEED=0x%llx%s", prefix, e->run,
			 (unsigned long long)tb_base_seed, seeds);
	else
		snprintf(buf, n, "TEST=%s SEED=0x%llx%s %s", e->run,
			 (unsigned long long)tb_base_seed, seeds, binary);
}

static void tb_print_log_tail(const struct tb_entry *e)
{
	char path[512], line[512];
	char tail[TB_LOG_TAIL][sizeof(line)];
	int n = 0;
	FILE *f;

	tb_log_path(path, sizeof(path), e);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		memcpy(tail[n % TB_LOG_TAIL], line, sizeof(line));
		n++;
	}
	fclose(f);
	printf("      log:    %s%s\n", path,
	       n > TB_LOG_TAIL ? " (its last lines:)" : "");
	for (int i = n > TB_LOG_TAIL ? n - TB_LOG_TAIL : 0; i < n; i++) {
		const char *l = tail[i % TB_LOG_TAIL];

		printf("      | %s%s", l, strchr(l, '\n') ? "" : "\n");
	}
}

static void tb_append_result(const struct tb_entry *e)
{
	char path[512];
	FILE *f;

	tb_log_path(path, sizeof(path), e);
	f = fopen(path, "a");
	if (!f)
		return;
	if (e->rtype == CK_PASS)
		fprintf(f, "%s: PASS (%.2f s)\n", e->run, e->seconds);
	else
		fprintf(f, "%s: FAIL (%.2f s): %s\n", e->run, e->seconds,
			e->msg ? e->msg : "");
	fclose(f);
}

static void tb_write_junit(const char *binary, const struct tb_registry *r,
			   int failures, int errors, double total)
{
	char path[512], stamp[32], host[128] = "localhost";
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;

	snprintf(path, sizeof(path), "%s/junit.xml", tb_log_dir);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "tb: cannot write %s: %s\n", path,
			strerror(errno));
		return;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	gethostname(host, sizeof(host) - 1);
	fprintf(f, "<testsuite name=\"");
	tb_xml_text(f, binary);
	fprintf(f,
		"\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\" "
		"time=\"%.3f\" timestamp=\"%s\" hostname=\"",
		r->n, failures, errors, total, stamp);
	tb_xml_text(f, host);
	fprintf(f,
		"\">\n  <properties>\n"
		"    <property name=\"seed\" value=\"0x%llx\"/>\n"
		"    <property name=\"seeds\" value=\"%d\"/>\n",
		(unsigned long long)tb_base_seed, r->nseeds);
	if (getenv("DUT_PARAMS") && *getenv("DUT_PARAMS")) {
		fprintf(f, "    <property name=\"dut_params\" value=\"");
		tb_xml_text(f, getenv("DUT_PARAMS"));
		fprintf(f, "\"/>\n");
	}
	fprintf(f, "  </properties>\n");
	for (int i = 0; i < r->n; i++) {
		const struct tb_entry *e = &r->e[i];
		char replay[1024];

		fprintf(f, "  <testcase classname=\"");
		tb_xml_text(f, binary);
		fprintf(f, "\" name=\"");
		tb_xml_text(f, e->run);
		fprintf(f, "\" time=\"%.3f\"", e->seconds);
		if (e->rtype == CK_PASS) {
			fprintf(f, "/>\n");
			continue;
		}
		tb_replay(replay, sizeof(replay), binary, r, e);
		fprintf(f, ">\n    <%s message=\"",
			e->rtype == CK_FAILURE ? "failure" : "error");
		tb_xml_text(f, e->msg);
		fprintf(f, "\" type=\"%s\">",
			e->rtype == CK_FAILURE ? "assertion" : "error");
		tb_xml_text(f, e->msg);
		fprintf(f, "\nseed: 0x%llx\nreplay: ",
			(unsigned long long)tb_seed(e->iter));
		tb_xml_text(f, replay);
		fprintf(f, "</%s>\n",
			e->rtype == CK_FAILURE ? "failure" : "error");
		/* the run's log, for a CI page that shows nothing else */
		tb_log_path(path, sizeof(path), e);
		FILE *log = fopen(path, "r");
		if (log) {
			char buf[4096];
			size_t got;
			long size;

			fseek(log, 0, SEEK_END);
			size = ftell(log);
			/* the last 64 KiB at most */
			fseek(log, size > 65536 ? size - 65536 : 0, SEEK_SET);
			fprintf(f, "    <system-out>");
			while ((got = fread(buf, 1, sizeof(buf) - 1, log))) {
				buf[got] = 0;
				tb_xml_text(f, buf);
			}
			fprintf(f, "</system-out>\n");
			fclose(log);
		}
		fprintf(f, "  </testcase>\n");
	}
	fprintf(f, "</testsuite>\n");
	fclose(f);
}

/* --------------------------------------------------------------- runner */

static void tb_run_one(const char *binary, struct tb_entry *e)
{
	Suite *s = suite_create(binary);
	TCase *tc = tcase_create(e->run);
	TestResult **res;
	SRunner *sr;
	double t0;

	tcase_set_timeout(tc, e->timeout_s);
	tcase_add_checked_fixture(tc, tb_setup, NULL);
	tcase_add_loop_test(tc, e->t, e->iter, e->iter + 1);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	tb_forking = srunner_fork_status(sr) != CK_NOFORK;
	tb_cur = e;
	t0 = tb_now();
	srunner_run_all(sr, CK_SILENT);
	e->seconds = tb_now() - t0;
	res = srunner_results(sr);
	e->rtype = CK_ERROR;
	if (srunner_ntests_run(sr) >= 1 && res) {
		e->rtype = tr_rtype(res[0]);
		if (e->rtype != CK_PASS) {
			const char *m = tr_msg(res[0]);
			size_t n = strlen(tr_lfile(res[0]) ? tr_lfile(res[0])
							   : "") +
				   strlen(m ? m : "") + 32;

			e->msg = malloc(n);
			if (e->msg)
				snprintf(e->msg, n, "%s:%d: %s",
					 tr_lfile(res[0]) ? tr_lfile(res[0])
							  : "?",
					 tr_lno(res[0]), m ? m : "");
		}
	} else {
		e->msg = strdup("the run gave no result");
	}
	free(res);
	srunner_free(sr);
	tb_cur = NULL;
}

static void tb_list(const char *binary, const struct tb_registry *r)
{
	for (int i = 0; i < r->n; i++)
		if (r->e[i].iter == 0)
			printf("%-16s %s%s\n", binary, r->e[i].t->name,
			       r->e[i].seeded ? "" : " (one run)");
}

int tb_main(const char *binary, const tb_register_fn *fns, int nfns, bool list)
{
	struct tb_registry reg = { 0 };
	const char *seed_env = getenv("SEED");
	const char *verbose = getenv("TB_VERBOSE");
	char *filter_copy = NULL;
	int failures = 0, errors = 0, i;
	double t0;

	if (seed_env && *seed_env) {
		if (sim_parse_seed(seed_env, &tb_base_seed)) {
			fprintf(stderr,
				"tb: SEED=%s is not valid: use a decimal or 0x-prefixed hex number\n",
				seed_env);
			return 2;
		}
	} else {
		tb_base_seed = tb_random_seed();
	}
	/* TEST= holds one glob or several, separated by spaces or commas */
	if (getenv("TEST") && *getenv("TEST")) {
		char *save = NULL;

		filter_copy = strdup(getenv("TEST"));
		for (char *tok = strtok_r(filter_copy, " ,", &save); tok;
		     tok = strtok_r(NULL, " ,", &save)) {
			if (reg.nfilters == TB_MAX_FILTERS) {
				fprintf(stderr,
					"tb: TEST= holds more than %d globs\n",
					TB_MAX_FILTERS);
				return 2;
			}
			reg.filters[reg.nfilters++] = tok;
		}
	}
	reg.nseeds = tb_env_int("SEEDS", TB_DEFAULT_SEEDS, 1, 1000);
	for (i = 0; i < nfns; i++)
		fns[i](&reg);
	if (list) {
		tb_list(binary, &reg);
		return 0;
	}
	if (!reg.n) {
		printf("%s: no test matches TEST=%s (list them with: %s --list, "
		       "or make list)\n",
		       binary, getenv("TEST") ? getenv("TEST") : "", binary);
		return 3;
	}
	/* the name of this run in reports: the suite, or a configuration of
	 * it (make regress: vq-wide) */
	if (getenv("TB_NAME") && *getenv("TB_NAME"))
		binary = getenv("TB_NAME");
	tb_log_dir = getenv("TB_RESULTS");
	if (tb_log_dir && !*tb_log_dir)
		tb_log_dir = NULL;
	if (tb_log_dir && mkdir(tb_log_dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "tb: cannot create TB_RESULTS=%s: %s\n",
			tb_log_dir, strerror(errno));
		return 2;
	}
	fflush(stdout);

	t0 = tb_now();
	for (i = 0; i < reg.n; i++) {
		struct tb_entry *e = &reg.e[i];

		fflush(stdout);
		tb_run_one(binary, e);
		if (tb_log_dir)
			tb_append_result(e);
		if (e->rtype == CK_PASS) {
			if (verbose && *verbose && strcmp(verbose, "0"))
				printf("  ok    %s (%.2f s)\n", e->run,
				       e->seconds);
			continue;
		}
		if (e->rtype == CK_FAILURE)
			failures++;
		else
			errors++;

		char replay[1024];

		tb_replay(replay, sizeof(replay), binary, &reg, e);
		printf("FAIL  %s: %s (seed 0x%llx, %.2f s)\n      %s\n", binary,
		       e->run, (unsigned long long)tb_seed(e->iter), e->seconds,
		       e->msg ? e->msg : "");
		if (tb_log_dir)
			tb_print_log_tail(e);
		printf("      replay: %s\n", replay);
		printf("      trace:  the same with WAVES=1 (build/waves/%s.fst)\n",
		       e->run);
		fflush(stdout);
	}

	double total = tb_now() - t0;
	char line[256];

	snprintf(line, sizeof(line),
		 "%s  %-16s %3d tests %4d runs  %d seeds, base 0x%llx  %6.1f s",
		 failures + errors ? "FAIL" : "PASS", binary, reg.tests, reg.n,
		 reg.nseeds, (unsigned long long)tb_base_seed, total);
	printf("%s%s", getenv("TB_PROGRESS") ? getenv("TB_PROGRESS") : "",
	       line);
	if (failures + errors)
		printf("  %d failed", failures + errors);
	printf("\n");
	if (tb_log_dir) {
		char path[512];
		FILE *f;

		tb_write_junit(binary, &reg, failures, errors, total);
		snprintf(path, sizeof(path), "%s/summary.txt", tb_log_dir);
		f = fopen(path, "w");
		if (f) {
			fprintf(f, "%s", line);
			if (failures + errors)
				fprintf(f, "  %d failed", failures + errors);
			fprintf(f, "\n");
			fclose(f);
		}
	}
	for (i = 0; i < reg.n; i++)
		free(reg.e[i].msg);
	free(reg.e);
	free(filter_copy);
	return failures + errors ? 1 : 0;
}

/* The registration functions of the test files linked in (TB_TESTS). */
#define TB_MAX_FILES 64
static tb_register_fn tb_files[TB_MAX_FILES];
static int tb_nfiles;

void tb_register_file(tb_register_fn fn)
{
	if (tb_nfiles == TB_MAX_FILES) {
		fprintf(stderr, "tb: more than %d test files in one binary\n",
			TB_MAX_FILES);
		exit(2);
	}
	tb_files[tb_nfiles++] = fn;
}

/* The environment's options (lib/tb_env.c), when the binary has one: the
 * unit binary does not. */
int tb_env_setup_from_environment(void) __attribute__((weak));

static void tb_usage(const char *name)
{
	printf("usage: %s [--list]\n"
	       "Runs the tests linked into this binary, each once per seed.\n"
	       "  --list   print every test with its binary, run nothing\n"
	       "Environment: TEST='glob ...' (tests or runs, e.g. test_x or "
	       "test_x.2), SEED=n, SEEDS=n,\n"
	       "WAVES=1, WAVES_START=c, WAVES_STOP=c, TB_RESULTS=dir (a log "
	       "per run and junit.xml),\n"
	       "TB_VERBOSE=1 (a line per passing run), TB_DEADLINE=s (stop each "
	       "run's simulation\n"
	       "after s seconds; default: just before its time limit), "
	       "CK_FORK=no (debugger).\n",
	       name);
}

/* A suite binary: its name is the suite's (build/vl/<dut>/<suite>,
 * build/bin/unit). */
int main(int argc, char **argv)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	bool list = false;

	name = name ? name + 1 : argc > 0 ? argv[0] : "tb";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list")) {
			list = true;
		} else if (!strcmp(argv[i], "--help")) {
			tb_usage(name);
			return 0;
		} else {
			fprintf(stderr,
				"%s: unknown argument '%s'; try --help\n", name,
				argv[i]);
			return 2;
		}
	}
	if (!list && tb_env_setup_from_environment &&
	    tb_env_setup_from_environment())
		return 2;
	return tb_main(name, tb_files, tb_nfiles, list);
}
