/* SPDX-License-Identifier: MIT */
/*
 * test_linux.c - Linux's own drivers on the RTL: User-Mode Linux boots
 * with net, blk and console attached through the vhost-user bridges and
 * runs the scenario (testbench/linux/init.sh, the quick sizes) with a
 * memory latency of 0 to 32 cycles per access; every
 * check the scenario reports must pass, the simulation must report no
 * error (protocol checkers, NEEDS_RESET, a DMA outside Linux's memory),
 * and every device must have moved data.
 *
 * Needs /usr/bin/linux.uml (make deps installs user-mode-linux); no root,
 * no network, no KVM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux_run.h"
#include "tb.h"

#ifndef LINUX_GUEST
#error "build with -DLINUX_GUEST=<path of vio-guest> (the Makefile does)"
#endif

/* The checks init.sh reports (quick and full alike). */
static const char *const expected[] = {
	"blk_probe",	   "blk_capacity", "blk_odirect_4k", "blk_odirect_64k",
	"blk_ext2",	   "blk_resize",   "console_probe",  "console_echo",
	"net_probe",	   "net_loopback", "net_counters",   "blk_reprobe",
	"console_reprobe", "net_reprobe",
};

/* The scenario's wall-clock limit, scaled like Check's own timeouts by
 * CK_TIMEOUT_MULTIPLIER (make coverage sets it: its model is slower). */
static unsigned test_linux_timeout_s(unsigned s)
{
	const char *m = getenv("CK_TIMEOUT_MULTIPLIER");
	double k = m && *m ? strtod(m, NULL) : 1.0;

	return k > 1.0 ? (unsigned)(s * k) : s;
}

START_TEST(test_linux_drivers_on_the_platform)
{
	static struct linux_run_result res;
	struct linux_run_cfg cfg = {
		.init = LINUX_INIT,
		.guest = LINUX_GUEST,
		.workdir = LINUX_WORKDIR,
		.scenario = "quick",
		.timeout_s = test_linux_timeout_s(150),
		.lat_max = 32, /* slow memory, random per access */
		.seed = tb_seed(0),
	};
	int r = linux_run(&cfg, &res);

	linux_run_summary(&res, stdout);
	ck_assert_msg(res.booted, "Linux did not reach the scenario: %s",
		      res.error);
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		const struct linux_run_check *c = NULL;

		for (unsigned k = 0; k < res.nchecks; k++)
			if (!strcmp(res.checks[k].name, expected[i]))
				c = &res.checks[k];
		ck_assert_msg(c, "the scenario never reported %s (%s)",
			      expected[i], res.error);
		ck_assert_msg(c->pass, "%s failed: %s", c->name, c->detail);
	}
	ck_assert_msg(r == 0, "%s", res.error);
	ck_assert_uint_eq(res.ndev, 3);
	for (unsigned i = 0; i < res.ndev; i++) {
		ck_assert_msg(res.dev[i].st.used > 0,
			      "%s: no used element in the whole run",
			      res.dev[i].name);
		ck_assert_msg(res.dev[i].st.resets > 0,
			      "%s: the re-probe did not reset the device",
			      res.dev[i].name);
	}
}
END_TEST

static void test_linux_register(struct tb_registry *r)
{
	tb_add(r, test_linux_drivers_on_the_platform, 180);
}

TB_TESTS(test_linux_register)
