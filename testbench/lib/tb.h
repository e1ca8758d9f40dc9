/* SPDX-License-Identifier: MIT */
/*
 * tb.h - the test runner shared by every test binary.
 *
 * Each test file has a registration function that adds its Check tests
 * with tb_add() (deterministic) or tb_add_seeded() (run once per seed),
 * named by TB_TESTS() at the end of the file. The runner makes one run of
 * each test per seed ("test", "test.1", "test.2", ...), each in its own
 * process with its own log file, and reports a one-line summary, a JUnit
 * XML file and, for each failure, its message, seed, log and the command
 * that replays it.
 *
 * Environment: TEST='glob ...' (tests or single runs), SEED=n (base seed),
 * SEEDS=n (seeds per seeded test, default 3), WAVES=1 (traces, where the
 * binary supports them), TB_RESULTS=dir (logs, junit.xml, summary.txt),
 * TB_REPLAY (the replay command's prefix), TB_VERBOSE=1, TB_DEADLINE=s
 * (stop a run's simulation after s seconds; default: just before its time
 * limit, so that it fails with its trace and coverage written).
 */
#ifndef TB_H
#define TB_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tb_registry;

/** A test file's registration function. */
typedef void (*tb_register_fn)(struct tb_registry *r);

/** Add a test that runs once; timeout_s 0 = the default (60 s). */
void tb_add(struct tb_registry *r, const TTest *t, unsigned timeout_s);
/** Add a test that runs once per seed; it reads its seed with tb_seed(_i). */
void tb_add_seeded(struct tb_registry *r, const TTest *t, unsigned timeout_s);

/** The seed of loop iteration i of a seeded test. */
uint64_t tb_seed(int i);
/** The name of the running test. */
const char *tb_test_name(void);
/** A name for what iteration i of the running test writes (traces):
 *  the test name, with ".<i>" appended for i > 0. */
const char *tb_run_name(int i);

/** The struct of type `type` whose member `member` is at ptr: a test keeps
 *  its results in its own struct that embeds the harness (struct tb_vq,
 *  struct tb_mmio, ...), and its body, given the harness, finds them:
 *  struct cfg_res *r = tb_container_of(t, struct cfg_res, t); failures
 *  then name the field (r.capacity == 2047, BLK_SECTORS == 2048). */
#define tb_container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/** Run the registered tests (or, with list, print them); returns the
 *  process exit status: 0 all passed, 1 a run failed, 2 bad usage, 3 no
 *  test matches TEST=. */
int tb_main(const char *binary, const tb_register_fn *fns, int nfns, bool list);

/** Add a test file's registration function to the binary it is linked
 *  into (called before main by TB_TESTS). */
void tb_register_file(tb_register_fn fn);

/** Put at the end of a test file, after its registration function: the
 *  binary the file is linked into runs its tests. A suite is its test
 *  files (the Makefile's suite_tests_<suite>), no hand-written main: the
 *  runner's main() (lib/tb_main.c) runs every file linked in, in link
 *  order, under the binary's name. */
#define TB_TESTS(fn)                                             \
	__attribute__((constructor)) static void fn##_auto(void) \
	{                                                        \
		tb_register_file(fn);                            \
	}

#endif /* TB_H */
