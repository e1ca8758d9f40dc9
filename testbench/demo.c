/* SPDX-License-Identifier: MIT */
/*
 * demo.c - `make run`: the co-simulation at work on the test fixture.
 *
 * Programs the fixture's DMA copier over AXI4-Lite to make a series of
 * copies of random sizes through the AXI4 memory model (random latency and
 * back-pressure), with both protocol checkers and the memory permissions
 * watching, verifies every byte, and prints what happened.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "tb_env.h"

struct demo {
	struct tb_env *e;
	unsigned copies;      /* to make */
	uint32_t max_size;    /* bytes, upper bound of a copy */
	unsigned done, bad;   /* copies made, copies that failed */
	uint64_t bytes;	      /* copied */
	uint64_t busy_cycles; /* from START to the interrupt, summed */
};

static const char usage[] =
	"usage: demo [options]\n"
	"  --copies N        DMA copies to make (1..100000, default 20)\n"
	"  --max-size BYTES  largest copy (8..16777216, default 65536)\n"
	"  --latency LO:HI   memory latency range in cycles (default 0:16)\n"
	"  --stall PERMILLE  chance of a stalled cycle on each channel (0..1000, default 200)\n"
	"  --seed N          run seed (default: SEED= or random)\n"
	"  --help            this text\n"
	"Environment: WAVES=1 writes build/waves/demo.fst (use 'make run WAVES=1').\n";

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "demo: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	exit(2);
}

static uint64_t num(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
	uint64_t v;

	if (sim_parse_seed(s, &v) || v < lo || v > hi) {
		char msg[160];

		snprintf(msg, sizeof(msg),
			 "%s '%%s' is not valid: use a number in %llu..%llu",
			 opt, (unsigned long long)lo, (unsigned long long)hi);
		die_usage(msg, s);
	}
	return v;
}

static int wr(struct demo *d, uint32_t reg, uint32_t v)
{
	return axil_master_write(d->e->axil, reg, v, 0xf);
}

static void demo_body(void *arg)
{
	struct demo *d = arg;
	struct sim_rng rng = sim_rng(d->e->sim, "demo");
	unsigned bus = d->e->p->m_axi.wdata.bytes;
	uint32_t id = 0;

	axil_master_read(d->e->axil, FIX_ID, &id);
	printf("demo: DUT %s, ID register 0x%08x, %u-bit DMA bus\n",
	       vdut_top_name(), id, bus * 8);
	wr(d, FIX_IRQ_EN, 1);
	for (d->done = 0; d->done < d->copies; d->done++) {
		uint32_t len =
			(uint32_t)sim_rng_range(&rng, 1, d->max_size / bus) *
			bus;
		uint64_t src =
			0x100000000ull + sim_rng_range(&rng, 0, 0xffff) * 4096;
		uint64_t dst = 0x200000000ull +
			       sim_rng_range(&rng, 0, 0xffff) * 4096 +
			       sim_rng_range(&rng, 0, 511) * bus;
		uint8_t *a = malloc(len), *b = malloc(len);
		uint32_t status = 0;
		uint64_t t0;
		uint32_t i;

		for (i = 0; i < len; i++)
			a[i] = (uint8_t)sim_rng_u64(&rng);
		mem_write(d->e->mem, src, a, len);
		/* the device may read the source and write the destination,
		 * nothing else */
		mem_region_set(d->e->mem, src, len, MEM_R, "source");
		mem_region_set(d->e->mem, dst, len, MEM_W, "destination");
		wr(d, FIX_DMA_SRC_LO, (uint32_t)src);
		wr(d, FIX_DMA_SRC_HI, (uint32_t)(src >> 32));
		wr(d, FIX_DMA_DST_LO, (uint32_t)dst);
		wr(d, FIX_DMA_DST_HI, (uint32_t)(dst >> 32));
		wr(d, FIX_DMA_LEN, len);
		t0 = sim_cycles(d->e->sim);
		wr(d, FIX_DMA_CTRL,
		   FIX_CTRL_START |
			   FIX_CTRL_BURST(sim_rng_range(&rng, 1, 256)) |
			   FIX_CTRL_OUTST(sim_rng_range(&rng, 1, 8)));
		if (irq_mon_wait(d->e->irq, 10000000) < 0) {
			sim_report(d->e->sim, SIM_ERROR, "demo.hang",
				   "copy %u never finished", d->done);
			break;
		}
		d->busy_cycles += sim_cycles(d->e->sim) - t0;
		axil_master_read(d->e->axil, FIX_DMA_STATUS, &status);
		wr(d, FIX_DMA_STATUS, FIX_STATUS_DONE | FIX_STATUS_ERROR);
		mem_read(d->e->mem, dst, b, len);
		if (status != FIX_STATUS_DONE || memcmp(a, b, len)) {
			d->bad++;
			sim_report(
				d->e->sim, SIM_ERROR, "demo.data",
				"copy %u of %u bytes 0x%llx -> 0x%llx: status 0x%x, data %s",
				d->done, len, (unsigned long long)src,
				(unsigned long long)dst, status,
				memcmp(a, b, len) ? "differ" : "match");
		}
		mem_region_clear(d->e->mem, src, len);
		mem_region_clear(d->e->mem, dst, len);
		d->bytes += len;
		free(a);
		free(b);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "copies", required_argument, NULL, 'c' },
		{ "max-size", required_argument, NULL, 's' },
		{ "latency", required_argument, NULL, 'l' },
		{ "stall", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tb_env_cfg cfg = { .name = "demo" };
	struct demo d = { .copies = 20, .max_size = 65536 };
	unsigned lat_lo = 0, lat_hi = 16, stall = 200;
	const char *seed = getenv("SEED");
	struct axi_mem_stats ms;
	struct axi_check_stats cs;
	struct axil_check_stats ls;
	struct axil_master_stats as;
	struct timespec t0, t1;
	double wall;
	uint64_t cycles;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			d.copies = (unsigned)num("--copies", optarg, 1, 100000);
			break;
		case 's':
			d.max_size = (uint32_t)num("--max-size", optarg, 8,
						   16u << 20);
			break;
		case 'l': {
			char lo[32] = "", *colon;

			snprintf(lo, sizeof(lo), "%s", optarg);
			colon = strchr(lo, ':');
			if (!colon)
				die_usage(
					"--latency '%s' is not valid: use LO:HI, e.g. 0:16",
					optarg);
			*colon = 0;
			lat_lo = (unsigned)num("--latency LO", lo, 0, 100000);
			lat_hi = (unsigned)num("--latency HI", colon + 1,
					       lat_lo, 100000);
			break;
		}
		case 'p':
			stall = (unsigned)num("--stall", optarg, 0, 1000);
			break;
		case 'S': seed = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			die_usage("unknown option '%s'",
				  argv[optind - 1] ? argv[optind - 1] : "?");
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	if (seed && *seed) {
		cfg.seed = num("--seed", seed, 0, UINT64_MAX);
	} else {
		srand((unsigned)time(NULL));
		cfg.seed = ((uint64_t)rand() << 16) ^ (uint64_t)rand();
	}
	cfg.axil.idle_permille = stall;
	cfg.axil.stall_permille = stall;
	cfg.mem = (struct axi_mem_cfg){ .rd_lat_min = lat_lo,
					.rd_lat_max = lat_hi,
					.wr_lat_min = lat_lo,
					.wr_lat_max = lat_hi,
					.ar_stall = stall,
					.aw_stall = stall,
					.w_stall = stall,
					.r_idle = stall,
					.b_idle = stall,
					.reorder = true };
	d.e = tb_env_create(&cfg);
	if (!d.e)
		return 1;
	mem_set_default_perm(d.e->mem, MEM_NONE);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	tb_env_run(d.e, demo_body, &d, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	cycles = sim_cycles(d.e->sim);

	axi_mem_stats(d.e->axim, &ms);
	axi_check_stats(d.e->axi_chk, &cs);
	axil_check_stats(d.e->axil_chk, &ls);
	axil_master_stats(d.e->axil, &as);
	printf("\n");
	printf("  copies            %u made, %u failed\n", d.done, d.bad);
	printf("  bytes copied      %llu\n", (unsigned long long)d.bytes);
	printf("  simulated cycles  %llu (%llu with the DMA busy)\n",
	       (unsigned long long)cycles, (unsigned long long)d.busy_cycles);
	printf("  bytes per cycle   %.2f while busy (bus: %u bytes per beat)\n",
	       d.busy_cycles ? (double)d.bytes / (double)d.busy_cycles : 0.0,
	       d.e->p->m_axi.wdata.bytes);
	printf("  AXI4 traffic      %llu AR, %llu R, %llu AW, %llu W, %llu B\n",
	       (unsigned long long)cs.ar, (unsigned long long)cs.r,
	       (unsigned long long)cs.aw, (unsigned long long)cs.w,
	       (unsigned long long)cs.b);
	printf("  AXI4-Lite         %llu writes, %llu reads\n",
	       (unsigned long long)as.writes, (unsigned long long)as.reads);
	printf("  interrupts        %llu\n",
	       (unsigned long long)irq_mon_edges(d.e->irq));
	printf("  protocol errors   %llu (AXI4) + %llu (AXI4-Lite), permission violations %llu\n",
	       (unsigned long long)cs.violations,
	       (unsigned long long)ls.violations,
	       (unsigned long long)mem_violations(d.e->mem));
	printf("  wall time         %.2f s, %.0f simulated cycles per second\n",
	       wall, (double)cycles / wall);
	sim_report_summary(d.e->sim);
	c = sim_first_error(d.e->sim) || d.bad ? 1 : 0;
	printf("demo: %s (replay with SEED=0x%llx)\n", c ? "FAILED" : "passed",
	       (unsigned long long)sim_seed(d.e->sim));
	tb_env_destroy(d.e);
	return c;
}
