/* SPDX-License-Identifier: MIT */
/*
 * demo.c - `make run`: the virtio platform (rtl/vio_platform.v) booted the
 * way Linux boots a machine with virtio-mmio transports, then every device
 * driven at once.
 *
 * The driver model probes every slot on the virtio bus (the empty slot is
 * skipped quietly), lists the devices with their sysfs-like attributes and
 * the features each driver negotiated, then runs one thread per device:
 * net frames through the loopback, blk writes then read-back with a
 * checksum, console lines echoed, rng bytes. Memory latency and
 * back-pressure are random, both protocol checkers and the memory
 * permissions watch, every byte is checked, and a summary per device
 * follows.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tb_platform.h"
#include "virtio_ring.h"

struct demo;

/** One device's traffic thread and what it did. */
struct demo_dev {
	struct demo *d;
	unsigned slot;			 /* platform slot */
	const char *what;		 /* traffic, for the summary */
	void (*fn)(struct demo_dev *dd); /* the traffic */
	struct virtio_device *vdev;	 /* its device */
	uint64_t start, end;		 /* cycles of the traffic */
	uint64_t irqs;			 /* interrupt handler runs */
	unsigned bad;			 /* checks that failed */
	char detail[96];		 /* one line of results */
};

/* Digest of every top-level port, sampled once per cycle where the bus
 * models sample them (--port-digest): two builds whose digests match moved
 * every port the same way, cycle for cycle. */
struct digest {
	const struct vdut_ports *ports;
	sim_t *sim;
	uint64_t every; /* cycles per printed line */
	uint64_t h;	/* FNV-1a over every port's bytes, every cycle so far */
};

struct demo {
	struct tb_platform *p;
	unsigned frames;    /* net frames */
	unsigned blk_kib;   /* blk data written and read back */
	unsigned lines;	    /* console lines */
	unsigned rng_bytes; /* rng bytes */
	struct demo_dev dev[4];
};

static const char usage[] =
	"usage: demo [options]\n"
	"  --frames N        net frames through the loopback (0..100000, default 64)\n"
	"  --blk-kib N       KiB written to the blk RAM disk and read back (0..1024, default 256)\n"
	"  --lines N         console lines echoed (0..100000, default 32)\n"
	"  --rng-bytes N     random bytes read (0..16777216, default 16384)\n"
	"  --latency LO:HI   memory latency range in cycles (default 0:16)\n"
	"  --stall PERMILLE  chance of a stalled cycle on each channel (0..1000, default 100)\n"
	"  --seed N          run seed (default: SEED= or random)\n"
	"  --port-digest N   print a digest of every top-level port's values so\n"
	"                    far every N cycles and at the end (scripts/equiv.sh)\n"
	"  --help            this text\n"
	"Environment: WAVES=1 writes build/waves/demo.fst (use 'make run WAVES=1',\n"
	"and GTKWAVE=1 to open it in the platform view).\n";

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

		/* an option (--frames '12x') or a variable (SEED=12x) */
		snprintf(
			msg, sizeof(msg),
			opt[0] == '-'
				? "%s '%%s' is not valid: use a number in %llu..%llu"
				: "%s=%%s is not valid: use a number in %llu..%llu",
			opt, (unsigned long long)lo, (unsigned long long)hi);
		die_usage(msg, s);
	}
	return v;
}

#define demo_bad(dd, ...)                                               \
	do {                                                            \
		(dd)->bad++;                                            \
		sim_report((dd)->d->p->e->sim, SIM_ERROR, "demo.check", \
			   __VA_ARGS__);                                \
	} while (0)

/* 64-bit FNV-1a: the blk read-back checksum. */
static uint64_t fnv1a(const uint8_t *b, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

/* ---------------------------------------------------------------- traffic */

/* Frames of random length through the loopback, up to 8 in flight, each
 * checked against what was sent, in order. */
static void demo_net(struct demo_dev *dd)
{
	struct sim_rng rng = sim_rng(dd->d->p->e->sim, "demo.net");
	enum { WINDOW = 8 };
	static uint8_t tx[WINDOW][VIRTNET_MAX_FRAME], rx[VIRTNET_MAX_FRAME];
	uint32_t len[WINDOW];
	unsigned sent = 0, got = 0, n = dd->d->frames;

	while (got < n) {
		while (sent < n && sent - got < WINDOW) {
			unsigned k = sent % WINDOW;

			len[k] = (uint32_t)sim_rng_range(&rng, 60,
							 VIRTNET_MAX_FRAME);
			for (uint32_t i = 0; i < len[k]; i++)
				tx[k][i] = (uint8_t)sim_rng_u64(&rng);
			if (virtnet_send(dd->vdev, tx[k], len[k])) {
				demo_bad(dd, "net: frame %u not sent", sent);
				return;
			}
			sent++;
		}
		uint32_t l = 0;
		unsigned k = got % WINDOW;

		if (virtnet_recv(dd->vdev, rx, sizeof(rx), &l, 0)) {
			demo_bad(dd, "net: frame %u did not come back", got);
			return;
		}
		if (l != len[k] || memcmp(rx, tx[k], l))
			demo_bad(
				dd,
				"net: frame %u came back %s (%u bytes, sent %u)",
				got,
				l != len[k] ? "with another length" : "changed",
				l, len[k]);
		got++;
	}
	snprintf(dd->detail, sizeof(dd->detail),
		 "%u frames of 60..%u bytes looped back, all intact", got,
		 VIRTNET_MAX_FRAME);
}

/* Random data written in requests of 1..64 sectors, a flush, then read
 * back in requests of other sizes and compared by checksum and byte. */
static void demo_blk(struct demo_dev *dd)
{
	struct sim_rng rng = sim_rng(dd->d->p->e->sim, "demo.blk");
	uint32_t total = dd->d->blk_kib * 2u; /* sectors */
	uint64_t cap = virtblk_capacity(dd->vdev);
	uint8_t *data = malloc((size_t)total * 512 + 1);
	uint8_t *back = malloc((size_t)total * 512 + 1);
	uint64_t sum_w, sum_r;
	char id[21] = "";
	uint32_t s, n;

	if (total > cap)
		total = (uint32_t)cap;
	for (size_t i = 0; i < (size_t)total * 512; i++)
		data[i] = (uint8_t)sim_rng_u64(&rng);
	for (s = 0; s < total; s += n) {
		n = (uint32_t)sim_rng_range(&rng, 1, 64);
		n = n < total - s ? n : total - s;
		if (virtblk_write(dd->vdev, s, data + (size_t)s * 512, n)) {
			demo_bad(dd, "blk: write of %u sectors at %u failed", n,
				 s);
			goto out;
		}
	}
	if (virtblk_flush(dd->vdev))
		demo_bad(dd, "blk: flush failed");
	for (s = 0; s < total; s += n) {
		n = (uint32_t)sim_rng_range(&rng, 1, 64);
		n = n < total - s ? n : total - s;
		if (virtblk_read(dd->vdev, s, back + (size_t)s * 512, n)) {
			demo_bad(dd, "blk: read of %u sectors at %u failed", n,
				 s);
			goto out;
		}
	}
	sum_w = fnv1a(data, (size_t)total * 512, 0xcbf29ce484222325ull);
	sum_r = fnv1a(back, (size_t)total * 512, 0xcbf29ce484222325ull);
	if (sum_w != sum_r || memcmp(data, back, (size_t)total * 512))
		demo_bad(dd,
			 "blk: read-back checksum 0x%016" PRIx64
			 ", written 0x%016" PRIx64,
			 sum_r, sum_w);
	if (virtblk_get_id(dd->vdev, id))
		demo_bad(dd, "blk: GET_ID failed");
	snprintf(dd->detail, sizeof(dd->detail),
		 "%u KiB written, flushed, read back: checksum %016" PRIx64
		 " %s; id \"%s\"",
		 total / 2, sum_r, sum_w == sum_r ? "matches" : "DIFFERS", id);
out:
	free(data);
	free(back);
}

/* Lines written to port 0 and read back from the loopback in order. */
static void demo_console(struct demo_dev *dd)
{
	char line[80], back[80];
	uint16_t cols = 0, rows = 0;
	unsigned i;

	virtcons_size(dd->vdev, &cols, &rows);
	for (i = 0; i < dd->d->lines; i++) {
		uint32_t len = (uint32_t)snprintf(
			line, sizeof(line),
			"virtio console line %u of %u: hello from the driver model\n",
			i + 1, dd->d->lines);
		uint32_t have = 0;

		if (virtcons_write(dd->vdev, line, len)) {
			demo_bad(dd, "console: line %u not written", i + 1);
			return;
		}
		while (have < len) {
			uint32_t l = 0;

			if (virtcons_read(dd->vdev, back + have, len - have, &l,
					  0)) {
				demo_bad(dd,
					 "console: line %u did not come back",
					 i + 1);
				return;
			}
			have += l;
		}
		if (memcmp(line, back, len))
			demo_bad(dd, "console: line %u came back changed",
				 i + 1);
	}
	snprintf(dd->detail, sizeof(dd->detail),
		 "%u lines echoed by port 0 (console %ux%u)", i, cols, rows);
}

/* Buffers of random sizes filled by the device, with a byte histogram to
 * show the bytes are spread. */
static void demo_rng(struct demo_dev *dd)
{
	struct sim_rng rng = sim_rng(dd->d->p->e->sim, "demo.rng");
	static uint8_t buf[4096];
	uint64_t hist[256] = { 0 }, total = 0;
	double chi = 0, e;

	while (total < dd->d->rng_bytes) {
		uint64_t want = dd->d->rng_bytes - total;
		uint32_t len = (uint32_t)sim_rng_range(&rng, 1, sizeof(buf)),
			 got = 0;

		len = len < want ? len : (uint32_t)want;
		if (virtrng_read(dd->vdev, buf, len, &got, 0) || got < 1 ||
		    got > len) {
			demo_bad(dd, "rng: a %u-byte read gave %u bytes", len,
				 got);
			return;
		}
		for (uint32_t i = 0; i < got; i++)
			hist[buf[i]]++;
		total += got;
	}
	e = (double)total / 256;
	for (unsigned i = 0; i < 256 && total; i++)
		chi += ((double)hist[i] - e) * ((double)hist[i] - e) / e;
	snprintf(dd->detail, sizeof(dd->detail),
		 "%" PRIu64
		 " random bytes, chi-square %.0f (255 degrees of freedom)",
		 total, chi);
}

/* ------------------------------------------------------------------- run */

static void demo_dev_thread(void *arg)
{
	struct demo_dev *dd = arg;
	struct virtio_mmio_device *vm = to_virtio_mmio(dd->vdev);
	uint64_t irqs = vm->interrupts;

	dd->start = sim_cycles(dd->d->p->e->sim);
	dd->fn(dd);
	dd->end = sim_cycles(dd->d->p->e->sim);
	dd->irqs = vm->interrupts - irqs;
}

/* Feature names for the listing (virtio 6 and each device's section). */
static const char *demo_feature_name(uint32_t device, unsigned bit)
{
	static const struct {
		uint32_t device; /* 0: every device */
		unsigned bit;
		const char *name;
	} names[] = {
		{ 0, 28, "INDIRECT_DESC" }, { 0, 29, "EVENT_IDX" },
		{ 0, 32, "VERSION_1" },	    { 0, 33, "ACCESS_PLATFORM" },
		{ 0, 35, "IN_ORDER" },	    { 0, 36, "ORDER_PLATFORM" },
		{ 0, 40, "RING_RESET" },    { 1, 5, "MAC" },
		{ 1, 16, "STATUS" },	    { 2, 5, "RO" },
		{ 2, 9, "FLUSH" },	    { 2, 13, "DISCARD" },
		{ 2, 14, "WRITE_ZEROES" },  { 3, 0, "SIZE" },
		{ 3, 2, "EMERG_WRITE" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((names[i].device == 0 || names[i].device == device) &&
		    names[i].bit == bit)
			return names[i].name;
	return NULL;
}

static void demo_body(struct tb_platform *p, void *arg)
{
	struct demo *d = arg;
	sim_thread_t *th[4];
	unsigned i;

	printf("\nProbe: the virtio bus found\n");
	tb_platform_list(p, stdout);
	printf("\nNegotiated features\n");
	for (i = 0; i < 4; i++) {
		struct virtio_device *vdev =
			tb_platform_vdev(p, d->dev[i].slot);

		if (!vdev) {
			sim_report(p->e->sim, SIM_ERROR, "demo.check",
				   "slot %u has no device", d->dev[i].slot);
			return;
		}
		d->dev[i].vdev = vdev;
		printf("  %-8s %-8s", vdev->name,
		       virtio_id_name(vdev->id.device));
		for (unsigned b = 0; b < 64; b++) {
			const char *n = demo_feature_name(vdev->id.device, b);

			if (virtio_has_feature(vdev, b))
				printf(" %s", n ? n : "?");
			else if (n && (vdev->offered >> b & 1))
				printf(" (%s offered, not taken)", n);
		}
		printf("\n");
	}
	printf("\nTraffic: all four devices at once\n");
	for (i = 0; i < 4; i++)
		th[i] = sim_spawn(p->e->sim, d->dev[i].what, demo_dev_thread,
				  &d->dev[i], 0);
	for (i = 0; i < 4; i++)
		sim_thread_join(p->e->sim, th[i], 0);
}

/* struct vdut_ports is made of struct vport only: walked as an array. */
_Static_assert(sizeof(struct vdut_ports) % sizeof(struct vport) == 0,
	       "struct vdut_ports holds only struct vport members");

static void digest_method(void *ctx)
{
	struct digest *g = ctx;
	const struct vport *v = (const struct vport *)g->ports;
	size_t n = sizeof(*g->ports) / sizeof(*v);
	uint64_t cyc = sim_cycles(g->sim);

	for (size_t i = 0; i < n; i++) {
		const uint8_t *b = v[i].p;

		if (!b)
			continue;
		for (unsigned k = 0; k < v[i].bytes; k++)
			g->h = (g->h ^ b[k]) * 0x100000001b3ull;
	}
	if (cyc % g->every == 0)
		printf("demo: port digest at cycle %" PRIu64 ": %016" PRIx64
		       "\n",
		       cyc, g->h);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "frames", required_argument, NULL, 'f' },
		{ "blk-kib", required_argument, NULL, 'b' },
		{ "lines", required_argument, NULL, 'n' },
		{ "rng-bytes", required_argument, NULL, 'r' },
		{ "latency", required_argument, NULL, 'l' },
		{ "stall", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 'S' },
		{ "port-digest", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tb_env_cfg cfg = { .name = "demo" };
	struct demo d = {
		.frames = 64, .blk_kib = 256, .lines = 32, .rng_bytes = 16384,
		.dev = {
			{ .slot = TB_SLOT_NET, .what = "net", .fn = demo_net },
			{ .slot = TB_SLOT_BLK, .what = "blk", .fn = demo_blk },
			{ .slot = TB_SLOT_CONSOLE, .what = "console",
			  .fn = demo_console },
			{ .slot = TB_SLOT_RNG, .what = "rng", .fn = demo_rng },
		},
	};
	unsigned lat_lo = 0, lat_hi = 16, stall = 100, bad = 0;
	struct digest dg = { .h = 0xcbf29ce484222325ull };
	const char *seed = getenv("SEED");
	const char *seed_from = "SEED"; /* or --seed: named in an error */
	struct axi_check_stats cs;
	struct axil_check_stats ls;
	struct timespec t0, t1;
	double wall;
	uint64_t cycles;
	int c;

	/* WAVES=1, WAVES_DIR, WAVES_START/STOP, COVERAGE_DIR */
	if (tb_env_setup_from_environment())
		return 2;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			d.frames = (unsigned)num("--frames", optarg, 0, 100000);
			break;
		case 'b':
			d.blk_kib = (unsigned)num("--blk-kib", optarg, 0, 1024);
			break;
		case 'n':
			d.lines = (unsigned)num("--lines", optarg, 0, 100000);
			break;
		case 'r':
			d.rng_bytes = (unsigned)num("--rng-bytes", optarg, 0,
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
		case 'S':
			seed = optarg;
			seed_from = "--seed";
			break;
		case 'D':
			dg.every = num("--port-digest", optarg, 1, UINT64_MAX);
			break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			die_usage("unknown option '%s'",
				  argv[optind - 1] ? argv[optind - 1] : "?");
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	if (seed && *seed) {
		cfg.seed = num(seed_from, seed, 0, UINT64_MAX);
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
	d.p = tb_platform_create(&cfg);
	if (!d.p)
		return 1;
	for (unsigned i = 0; i < 4; i++)
		d.dev[i].d = &d;
	printf("demo: %s, %u slots from 0x%08llx, %u-bit DMA, memory latency %u..%u, stall %u/1000\n",
	       vdut_top_name(), TB_PLATFORM_SLOTS,
	       (unsigned long long)TB_PLATFORM_BASE,
	       d.p->e->p->m_axi.wdata.bytes * 8, lat_lo, lat_hi, stall);

	if (dg.every) {
		dg.ports = d.p->e->p;
		dg.sim = d.p->e->sim;
		sim_method(d.p->e->clk, "demo.port_digest", digest_method, &dg);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	tb_platform_run(d.p, demo_body, &d, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	cycles = sim_cycles(d.p->e->sim);

	for (unsigned i = 0; i < 4; i++) {
		struct demo_dev *dd = &d.dev[i];

		if (dd->detail[0])
			printf("  %-8s %s\n", dd->what, dd->detail);
		bad += dd->bad;
	}
	printf("\n  %-16s %8s %10s %10s %10s %10s %8s\n", "device", "ops",
	       "bytes out", "bytes in", "interrupts", "cycles", "B/cycle");
	for (unsigned i = 0; i < 4; i++) {
		struct demo_dev *dd = &d.dev[i];
		const struct virtio_drv_stats *st =
			dd->vdev ? virtio_drv_stats(dd->vdev) : NULL;
		uint64_t cyc = dd->end - dd->start;

		if (!st)
			continue;
		printf("  %-7s %-8s %8" PRIu64 " %10" PRIu64 " %10" PRIu64
		       " %10" PRIu64 " %10" PRIu64 " %8.2f\n",
		       dd->vdev->name, dd->what, st->ops, st->bytes_out,
		       st->bytes_in, dd->irqs, cyc,
		       cyc ? (double)(st->bytes_out + st->bytes_in) /
				       (double)cyc
			   : 0.0);
	}
	axi_check_stats(d.p->e->axi_chk, &cs);
	axil_check_stats(d.p->e->axil_chk, &ls);
	if (dg.every)
		printf("demo: port digest at the end (cycle %" PRIu64
		       "): %016" PRIx64 "\n",
		       cycles, dg.h);
	printf("\n  simulated cycles  %" PRIu64 " (%.1f us at 100 MHz)\n",
	       cycles, (double)cycles / 100.0);
	printf("  AXI4 DMA          %" PRIu64 " reads, %" PRIu64
	       " writes on the merged port\n",
	       cs.ar, cs.aw);
	printf("  protocol errors   %" PRIu64 " (AXI4) + %" PRIu64
	       " (AXI4-Lite), permission violations %" PRIu64 "\n",
	       cs.violations, ls.violations, mem_violations(d.p->e->mem));
	printf("  wall time         %.2f s, %.0f simulated cycles per second\n",
	       wall, (double)cycles / wall);
	sim_report_summary(d.p->e->sim);
	c = sim_first_error(d.p->e->sim) || bad ? 1 : 0;
	printf("demo: %s (replay with SEED=0x%llx)\n", c ? "FAILED" : "passed",
	       (unsigned long long)sim_seed(d.p->e->sim));
	tb_platform_destroy(d.p);
	return c;
}
