/* SPDX-License-Identifier: MIT */
/*
 * tb_main.c - Check runner with name filtering, seeds and replay hints.
 */
#include "tb.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

#define TB_DEFAULT_TIMEOUT 60
#define TB_DEFAULT_SEEDS 3

struct tb_registry {
	Suite *suite;
	const char *filter; /* TEST= glob, or NULL for all */
	int nseeds;
	int added;
};

static uint64_t tb_base_seed;

static int tb_add_common(struct tb_registry *r, const TTest *t,
			 unsigned timeout_s, int iterations)
{
	TCase *tc;

	if (r->filter && fnmatch(r->filter, t->name, 0) != 0)
		return 0;
	/* One TCase per test, named after it: tcase_name() is the test name. */
	tc = tcase_create(t->name);
	tcase_set_timeout(tc, timeout_s ? timeout_s : TB_DEFAULT_TIMEOUT);
	tcase_add_loop_test(tc, t, 0, iterations);
	suite_add_tcase(r->suite, tc);
	r->added++;
	return 1;
}

void tb_add(struct tb_registry *r, const TTest *t, unsigned timeout_s)
{
	tb_add_common(r, t, timeout_s, 1);
}

void tb_add_seeded(struct tb_registry *r, const TTest *t, unsigned timeout_s)
{
	tb_add_common(r, t, timeout_s, r->nseeds);
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
	return tcase_name();
}

const char *tb_run_name(int i)
{
	static char buf[256];

	if (i == 0)
		return tcase_name();
	snprintf(buf, sizeof(buf), "%s.%d", tcase_name(), i);
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

int tb_main(const char *binary, const tb_register_fn *fns, int nfns)
{
	struct tb_registry reg = { 0 };
	const char *seed_env = getenv("SEED");
	SRunner *sr;
	int failed, i;

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
	reg.filter = getenv("TEST");
	if (reg.filter && !*reg.filter)
		reg.filter = NULL;
	reg.nseeds = tb_env_int("SEEDS", TB_DEFAULT_SEEDS, 1, 1000);
	reg.suite = suite_create(binary);
	for (i = 0; i < nfns; i++)
		fns[i](&reg);

	printf("%s: base seed 0x%llx, %d seed(s) per seeded test:", binary,
	       (unsigned long long)tb_base_seed, reg.nseeds);
	for (i = 0; i < reg.nseeds && i < 8; i++)
		printf(" 0x%llx", (unsigned long long)tb_seed(i));
	printf("%s\n", reg.nseeds > 8 ? " ..." : "");
	if (!reg.added) {
		/* A filter that matches nothing in this binary is not an error:
		 * the Makefile runs every binary with the same TEST=. */
		printf("%s: no test matches TEST=%s\n", binary,
		       reg.filter ? reg.filter : "");
		srunner_free(srunner_create(reg.suite)); /* frees the suite */
		return 0;
	}
	fflush(stdout);

	sr = srunner_create(reg.suite);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	if (failed) {
		TestResult **res = srunner_failures(sr);
		const char *params = getenv("DUT_PARAMS");
		char seeds[32] = "";

		if (reg.nseeds != TB_DEFAULT_SEEDS)
			snprintf(seeds, sizeof(seeds), " SEEDS=%d", reg.nseeds);
		printf("%s: %d failure(s); replay with:\n", binary, failed);
		for (i = 0; i < failed; i++) {
			const char *name = tr_tcname(res[i]);

			if (i && !strcmp(name, tr_tcname(res[i - 1])))
				continue; /* several seeds of one test */
			if (!strcmp(binary, "unit"))
				printf("  make test-unit");
			else
				printf("  make test-suite SUITE=%s", binary);
			printf(" TEST=%s SEED=0x%llx%s", name,
			       (unsigned long long)tb_base_seed, seeds);
			if (params && *params)
				printf(" DUT_PARAMS='%s'", params);
			printf("\n");
		}
		free(res);
	}
	srunner_free(sr);
	return failed ? 1 : 0;
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

/* A suite binary: its name is the suite's (build/vl/<dut>/<suite>,
 * build/bin/unit). */
int main(int argc, char **argv)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;

	name = name ? name + 1 : argc > 0 ? argv[0] : "tb";
	if (tb_env_setup_from_environment && tb_env_setup_from_environment())
		return 2;
	return tb_main(name, tb_files, tb_nfiles);
}
