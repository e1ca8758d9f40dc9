/* SPDX-License-Identifier: MIT */
/*
 * linux_main.c - `make linux`: boot the real Linux kernel (User-Mode Linux)
 * on the platform RTL and run the scenario script inside it; a per-device
 * summary at the end; exit status 0 only when every check passed and the
 * simulation reported no error. See docs/linux.md.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linux_run.h"
#include "sim.h"
#include "tb_env.h"

static const char usage[] =
	"usage: vio-linux --init SCRIPT --guest HELPER [options]\n"
	"  --init PATH       scenario script Linux runs as init (absolute path)\n"
	"  --guest PATH      guest helper binary (absolute path)\n"
	"  --workdir DIR     sockets and console.log (default build/linux)\n"
	"  --uml PATH        the kernel (default /usr/bin/linux.uml)\n"
	"  --scenario NAME   VIO_SCENARIO for the script: full or quick (default full)\n"
	"  --devices LIST    NAME@BASE:IRQ,... of the DUT (NAME net, blk or console;\n"
	"                    default " LINUX_RUN_DEVICES ")\n"
	"  --mem MIB         Linux's memory in MiB (64..4096, default 256)\n"
	"  --timeout S       wall-clock limit in seconds (1..86400, default 300)\n"
	"  --latency N       memory latency 0..N cycles (0..1000, default 0)\n"
	"  --seed N          run seed (default: SEED= or random)\n"
	"  --quiet           do not copy Linux's console to stdout\n"
	"  --help            this text\n"
	"Environment: WAVES=1 writes build/waves/linux.fst (platform view:\n"
	"waves/vio_platform.gtkw).\n";

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "vio-linux: %s '%s'\n%s", what, arg, usage);
	exit(2);
}

static unsigned num(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
	uint64_t v;
	char msg[96];

	if (sim_parse_seed(s, &v) || v < lo || v > hi) {
		snprintf(msg, sizeof(msg),
			 "%s: not a number in %llu..%llu:", opt,
			 (unsigned long long)lo, (unsigned long long)hi);
		die(msg, s);
	}
	return (unsigned)v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "init", required_argument, NULL, 'i' },
		{ "guest", required_argument, NULL, 'g' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "uml", required_argument, NULL, 'u' },
		{ "scenario", required_argument, NULL, 's' },
		{ "devices", required_argument, NULL, 'd' },
		{ "mem", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "latency", required_argument, NULL, 'l' },
		{ "seed", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct linux_run_cfg cfg = { .workdir = "build/linux", .echo = true };
	static struct linux_run_result res;
	const char *seed = getenv("SEED");
	int c, r;

	/* WAVES=1, WAVES_DIR, WAVES_START/STOP, COVERAGE_DIR */
	if (tb_env_setup_from_environment())
		return 2;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'i': cfg.init = optarg; break;
		case 'g': cfg.guest = optarg; break;
		case 'w': cfg.workdir = optarg; break;
		case 'u': cfg.uml = optarg; break;
		case 's':
			if (strcmp(optarg, "full") && strcmp(optarg, "quick"))
				die("--scenario: use full or quick, not",
				    optarg);
			cfg.scenario = optarg;
			break;
		case 'd': cfg.devices = optarg; break;
		case 'm': cfg.mem_mib = num("--mem", optarg, 64, 4096); break;
		case 't':
			cfg.timeout_s = num("--timeout", optarg, 1, 86400);
			break;
		case 'l':
			cfg.lat_max = num("--latency", optarg, 0, 1000);
			break;
		case 'S': seed = optarg; break;
		case 'q': cfg.echo = false; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc)
		die("unexpected argument", argv[optind]);
	if (!cfg.init || !cfg.guest || cfg.init[0] != '/' ||
	    cfg.guest[0] != '/')
		die("--init and --guest take absolute paths (Linux sees the "
		    "host's files at the same paths), got",
		    !cfg.init		 ? "(no --init)"
		    : !cfg.guest	 ? "(no --guest)"
		    : cfg.init[0] != '/' ? cfg.init
					 : cfg.guest);
	if (seed && *seed && sim_parse_seed(seed, &cfg.seed))
		die("--seed / SEED: not a number:", seed);
	else if (!seed || !*seed)
		cfg.seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull;
	printf("vio-linux: seed 0x%llx (replay: SEED=0x%llx make linux)\n",
	       (unsigned long long)cfg.seed, (unsigned long long)cfg.seed);
	r = linux_run(&cfg, &res);
	linux_run_summary(&res, stdout);
	printf("vio-linux: %s\n", r ? "FAIL" : "PASS");
	return r ? 1 : 0;
}
