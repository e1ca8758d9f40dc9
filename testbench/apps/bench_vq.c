/* SPDX-License-Identifier: MIT */
/*
 * bench_vq.c - figures of the ring engine and its device functions on
 * vio_top, printed as tables (make bench; docs/bench.md). The device the
 * model holds (its DeviceID) says which:
 *
 * virtio-net loopback (DEVICE_ID 1):
 *
 *   - bulk efficiency: frame bytes / (cycles x bytes per beat) for a
 *     stream of frames made available at once, all ring and descriptor
 *     traffic included, per direction (each frame is read once and written
 *     once);
 *   - cycles per frame beside the lower bound set by the busier AXI channel
 *     (its beats per frame, ring traffic included);
 *   - dependent memory round trips from a notification to the first data
 *     beat, for one frame on an idle device.
 *
 *   - with --sweep FILE, efficiency against frame size for memory latency
 *     0, 16, 32 and 64, written to FILE as gnuplot data (docs/bench.png).
 *
 * virtio-blk RAM disk (DEVICE_ID 2): 4 KiB reads and writes with 1, 4 and
 * 32 requests in flight (the driver tops the queue up as requests
 * complete): cycles per request, data efficiency and the busier channel's
 * load.
 *
 * virtio-console loopback (DEVICE_ID 3): a stream of 4 KiB transmit
 * buffers echoed into 4 KiB receive buffers: bytes per cycle.
 *
 * The memory answers after a fixed latency with no stalls, so the figures
 * are the engine's own. The net driver posts everything before the first
 * notification and only watches used->idx, so its own speed does not
 * count; the blk driver's top-ups are notifications on the AXI4-Lite port,
 * in parallel with the device's DMA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dma_pool.h"
#include "tb_env.h"
#include "virtio_ids.h"
#include "virtio_mmio.h"
#include "virtio_mmio_regs.h"
#include "virtio_ring.h"

#define POOL 0x100000000ull
#define RX 0
#define TX 1

enum kind { PROBE, NET, BLK_READ, BLK_WRITE, CONSOLE };

struct run {
	struct tb_env *e;
	enum kind kind;
	unsigned lat;	     /* memory latency, cycles */
	unsigned frames;     /* frames, requests or buffers in the stream */
	uint32_t len;	     /* bytes per frame (header included) or request */
	unsigned depth;	     /* blk: requests in flight */
	uint64_t cycles;     /* first notification to the last used idx */
	uint64_t r_beats;    /* R beats in that time */
	uint64_t w_beats;    /* W beats */
	uint64_t first_data; /* cycles from notify to the first data beat */
	uint64_t notify_at;  /* cycle of the notification */
	uint64_t bytes;	     /* payload moved (console: bytes echoed) */
	uint32_t device;     /* DeviceID of the model */
	struct virtio_hw hw; /* the driver's register access (kept by vm) */
	int err;
};

static void tap(void *ctx, const struct mem_access *a)
{
	struct run *r = ctx;

	/* the data read DMA is arbiter port 0: AXI ID 0 */
	if (!a->write && a->id == 0 && !r->first_data && r->notify_at)
		r->first_data = sim_clock_cycles(r->e->clk) - r->notify_at;
}

static uint16_t used_idx(struct tb_env *e, struct virtqueue *vq)
{
	uint16_t u;

	mem_read(e->mem, vq->used + VRING_USED_IDX, &u, 2);
	return u;
}

/* Reset, negotiate everything offered, set up nq queues of num entries. */
/* Probe the device; r->device is its DeviceID. */
static struct virtio_mmio_device *dev_probe(struct run *r)
{
	struct virtio_mmio_device *vm;

	tb_env_virtio_hw(r->e, &r->hw);
	if (virtio_mmio_probe(&r->hw, 0, &vm)) {
		r->err = 1;
		return NULL;
	}
	r->device = vm->vdev.id.device;
	return vm;
}

static struct virtio_mmio_device *dev_up(struct run *r, struct dma_pool *pool,
					 unsigned nq, unsigned num,
					 struct virtqueue **vq)
{
	struct virtio_mmio_device *vm = dev_probe(r);

	if (!vm)
		return NULL;
	virtio_reset_device(&vm->vdev);
	virtio_add_status(&vm->vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(&vm->vdev, VIRTIO_CONFIG_S_DRIVER);
	vm->vdev.features = virtio_get_features(&vm->vdev);
	if (virtio_features_ok(&vm->vdev)) {
		r->err = 2;
		return NULL;
	}
	for (unsigned q = 0; q < nq; q++)
		if (virtio_mmio_setup_vq(vm, q, num, pool, NULL, "q", &vq[q])) {
			r->err = 3;
			return NULL;
		}
	virtio_device_ready(&vm->vdev);
	return vm;
}

static void stats_begin(struct run *r, struct axi_mem_stats *s0)
{
	axi_mem_stats(r->e->axim, s0);
	r->notify_at = sim_clock_cycles(r->e->clk);
}

static void stats_end(struct run *r, const struct axi_mem_stats *s0)
{
	struct axi_mem_stats s1;

	r->cycles = sim_clock_cycles(r->e->clk) - r->notify_at;
	axi_mem_stats(r->e->axim, &s1);
	r->r_beats = s1.r - s0->r;
	r->w_beats = s1.w - s0->w;
}

/* Post r->frames receive and transmit buffers of r->len bytes (one
 * descriptor each, 64-byte aligned; transmit bytes from fill(i)), notify
 * the receive queue, then start the clock and notify the transmit queue. */
static void post_pairs(struct run *r, struct dma_pool *pool,
		       struct virtqueue **vq, uint8_t (*fill)(unsigned i),
		       struct axi_mem_stats *s0)
{
	for (unsigned i = 0; i < r->frames; i++) {
		struct scatterlist sg;
		uint64_t rx, tx;

		dma_pool_alloc(pool, r->len, 64, &rx);
		dma_pool_alloc(pool, r->len, 64, &tx);
		sg_init_one(&sg, rx, r->len);
		virtqueue_add_inbuf(vq[RX], &sg, 1, (void *)(uintptr_t)(i + 1));
		sg_init_one(&sg, tx, r->len);
		mem_fill(r->e->mem, tx, fill(i), r->len);
		virtqueue_add_outbuf(vq[TX], &sg, 1,
				     (void *)(uintptr_t)(i + 1));
	}
	virtqueue_kick(vq[RX]);
	stats_begin(r, s0);
	virtqueue_kick(vq[TX]);
}

static uint8_t fill_index(unsigned i)
{
	return (uint8_t)i;
}

static uint8_t fill_text(unsigned i)
{
	return (uint8_t)('a' + i % 26);
}

/* Net: every frame posted before the first notification. */
static void net_body(struct run *r, struct dma_pool *pool)
{
	struct tb_env *e = r->e;
	struct virtqueue *vq[2];
	struct virtio_mmio_device *vm = dev_up(r, pool, 2, 256, vq);
	struct axi_mem_stats s0;

	if (!vm)
		return;
	post_pairs(r, pool, vq, fill_index, &s0);
	while (used_idx(e, vq[RX]) != (uint16_t)r->frames)
		sim_wait_cycles(e->sim, 1);
	stats_end(r, &s0);
	r->bytes = (uint64_t)r->len * r->frames;
	virtio_mmio_remove(vm);
}

/* Blk: r->frames requests of r->len bytes, r->depth of them in flight; the
 * queue is topped up as requests complete (5.2.6: header, data, status). */
static void blk_body(struct run *r, struct dma_pool *pool)
{
	struct tb_env *e = r->e;
	struct virtqueue *vq;
	struct virtio_mmio_device *vm = dev_up(r, pool, 1, 64, &vq);
	struct axi_mem_stats s0;
	uint64_t base;
	unsigned sent = 0, done = 0, inflight = 0;
	bool write = r->kind == BLK_WRITE;
	uint32_t slot = 16 + r->len + 64;

	if (!vm)
		return;
	/* one slot per request in flight: header, data, status */
	dma_pool_alloc(pool, (uint64_t)slot * r->depth, 64, &base);
	stats_begin(r, &s0);
	while (done < r->frames) {
		bool added = false;

		while (inflight < r->depth && sent < r->frames) {
			uint64_t a = base + (uint64_t)slot * (sent % r->depth);
			uint64_t sector =
				(uint64_t)(sent % 64) * (r->len / 512);
			uint8_t hdr[16] = { 0 };
			struct scatterlist h, d, st, *sgs[3];
			uint32_t type = write ? 1 : 0; /* OUT / IN */

			memcpy(hdr, &type, 4);
			memcpy(hdr + 8, &sector, 8);
			mem_write(e->mem, a, hdr, 16);
			sg_init_one(&h, a, 16);
			sg_init_one(&d, a + 64, r->len);
			sg_init_one(&st, a + 64 + r->len, 1);
			sgs[0] = &h;
			sgs[1] = &d;
			sgs[2] = &st;
			if (virtqueue_add_sgs(vq, sgs, write ? 2 : 1,
					      write ? 1 : 2,
					      (void *)(uintptr_t)(sent + 1))) {
				r->err = 4;
				return;
			}
			sent++;
			inflight++;
			added = true;
		}
		if (added)
			virtqueue_kick(vq);
		while (virtqueue_get_buf(vq, NULL)) {
			done++;
			inflight--;
		}
		/* nothing more can be posted until a request completes */
		if (done < r->frames &&
		    (inflight == r->depth || sent == r->frames))
			sim_wait_cycles(e->sim, 1);
	}
	stats_end(r, &s0);
	r->bytes = (uint64_t)r->len * r->frames;
	virtio_mmio_remove(vm);
}

/* Console: r->frames transmit buffers of r->len bytes echoed into as many
 * receive buffers (receiveq 0, transmitq 1). */
static void console_body(struct run *r, struct dma_pool *pool)
{
	struct tb_env *e = r->e;
	struct virtqueue *vq[2];
	struct virtio_mmio_device *vm = dev_up(r, pool, 2, 256, vq);
	struct axi_mem_stats s0;
	uint64_t got = 0, want = (uint64_t)r->len * r->frames;
	uint32_t len;

	if (!vm)
		return;
	post_pairs(r, pool, vq, fill_text, &s0);
	while (got < want) {
		while (virtqueue_get_buf(vq[RX], &len))
			got += len;
		if (got < want)
			sim_wait_cycles(e->sim, 1);
	}
	stats_end(r, &s0);
	r->bytes = got;
	virtio_mmio_remove(vm);
}

static void body(void *arg)
{
	struct run *r = arg;
	struct dma_pool *pool = dma_pool_create(r->e->mem, POOL, 1ull << 30);

	switch (r->kind) {
	case PROBE: {
		struct virtio_mmio_device *vm = dev_probe(r);

		if (vm)
			virtio_mmio_remove(vm);
		break;
	}
	case NET: net_body(r, pool); break;
	case BLK_READ:
	case BLK_WRITE: blk_body(r, pool); break;
	case CONSOLE: console_body(r, pool); break;
	}
	dma_pool_destroy(pool);
}

static int measure(struct run *r)
{
	struct tb_env_cfg cfg = { .name = "bench_vq",
				  .seed = 1,
				  .quiet = true };

	cfg.mem.rd_lat_min = cfg.mem.rd_lat_max = r->lat;
	cfg.mem.wr_lat_min = cfg.mem.wr_lat_max = r->lat;
	cfg.mem.max_reads = cfg.mem.max_writes = 32;
	r->e = tb_env_create(&cfg);
	if (!r->e)
		return -1;
	mem_tap_add(r->e->mem, tap, r);
	tb_env_run(r->e, body, r, 200000000);
	if (sim_first_error(r->e->sim) || r->err) {
		fprintf(stderr, "bench_vq: run failed (%d): %s\n", r->err,
			sim_first_error(r->e->sim) ? sim_first_error(r->e->sim)
						   : "set-up");
		tb_env_destroy(r->e);
		return -1;
	}
	tb_env_destroy(r->e);
	return 0;
}

static double busier(const struct run *r)
{
	return (double)(r->r_beats > r->w_beats ? r->r_beats : r->w_beats);
}

static int net_table(unsigned bpb)
{
	static const uint32_t lens[] = { 64, 1500, 4096 };
	static const unsigned lats[] = { 0, 32 };

	printf("Ring engine, virtio-net loopback (%s), frames posted at once\n",
	       vdut_top_name());
	printf("  %-7s %-6s %7s %10s %12s %14s %8s\n", "latency", "frame",
	       "frames", "cyc/frame", "bound/frame", "efficiency/dir",
	       "1st data");
	for (unsigned l = 0; l < 2; l++) {
		for (unsigned k = 0; k < 3; k++) {
			struct run r = { .kind = NET,
					 .lat = lats[l],
					 .len = lens[k],
					 .frames = lens[k] > 2000 ? 60 : 200 };
			double per, eff;

			if (measure(&r))
				return 1;
			per = (double)r.cycles / r.frames;
			eff = (double)r.bytes / ((double)r.cycles * bpb);
			printf("  %-7u %-6u %7u %10.1f %12.1f %13.1f%% %8llu\n",
			       r.lat, r.len, r.frames, per,
			       busier(&r) / r.frames, eff * 100,
			       (unsigned long long)r.first_data);
		}
	}
	printf("  (efficiency/dir: frame bytes / (cycles x %u bytes per beat);\n"
	       "   1st data: cycles from the notification to the first data "
	       "beat)\n",
	       bpb);
	return 0;
}

/* Efficiency against frame size, one gnuplot data block per latency. */
static int net_sweep(const char *path, unsigned bpb)
{
	static const uint32_t lens[] = { 64,   128,  256,  512, 1024,
					 1500, 2048, 3072, 4096 };
	static const unsigned lats[] = { 0, 16, 32, 64 };
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f,
		"# %s, virtio-net loopback, %u-bit bus: efficiency per "
		"direction against frame size\n",
		vdut_top_name(), bpb * 8);
	for (unsigned l = 0; l < 4; l++) {
		fprintf(f,
			"%s\"%u cycles\"\n# frame efficiency%% "
			"cyc/frame bound/frame\n",
			l ? "\n\n" : "", lats[l]);
		for (unsigned k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
			struct run r = { .kind = NET,
					 .lat = lats[l],
					 .len = lens[k],
					 .frames = lens[k] > 2000 ? 60 : 120 };

			if (measure(&r)) {
				fclose(f);
				return 1;
			}
			fprintf(f, "%u %.2f %.1f %.1f\n", r.len,
				100.0 * r.bytes / ((double)r.cycles * bpb),
				(double)r.cycles / r.frames,
				busier(&r) / r.frames);
		}
	}
	if (fclose(f)) {
		perror(path);
		return 1;
	}
	printf("  (efficiency against frame size, latency 0/16/32/64: %s)\n",
	       path);
	return 0;
}

static int blk_table(unsigned bpb)
{
	static const unsigned depths[] = { 1, 4, 32 };
	static const unsigned lats[] = { 0, 32 };

	printf("virtio-blk RAM disk (%s), 4 KiB requests, queue topped up\n",
	       vdut_top_name());
	printf("  %-5s %-7s %8s %8s %9s %11s %11s\n", "op", "latency",
	       "in-flight", "requests", "cyc/req", "efficiency", "busier ch");
	for (unsigned op = 0; op < 2; op++)
		for (unsigned l = 0; l < 2; l++)
			for (unsigned d = 0; d < 3; d++) {
				struct run r = { .kind = op ? BLK_WRITE
							    : BLK_READ,
						 .lat = lats[l],
						 .len = 4096,
						 .depth = depths[d],
						 .frames = 96 };

				if (measure(&r))
					return 1;
				printf("  %-5s %-7u %8u %8u %9.1f %10.1f%% "
				       "%10.1f%%\n",
				       op ? "write" : "read", r.lat, r.depth,
				       r.frames, (double)r.cycles / r.frames,
				       100.0 * r.bytes /
					       ((double)r.cycles * bpb),
				       100.0 * busier(&r) / r.cycles);
			}
	printf("  (efficiency: data bytes / (cycles x %u bytes per beat); "
	       "busier ch: beats on the\n   busier AXI channel per cycle, "
	       "ring traffic included)\n",
	       bpb);
	return 0;
}

static int console_table(unsigned bpb)
{
	static const unsigned lats[] = { 0, 32 };

	printf("virtio-console loopback (%s), 4 KiB buffers echoed\n",
	       vdut_top_name());
	printf("  %-7s %8s %12s %11s\n", "latency", "buffers", "bytes/cycle",
	       "efficiency");
	for (unsigned l = 0; l < 2; l++) {
		struct run r = { .kind = CONSOLE,
				 .lat = lats[l],
				 .len = 4096,
				 .frames = 48 };

		if (measure(&r))
			return 1;
		printf("  %-7u %8u %12.2f %10.1f%%\n", r.lat, r.frames,
		       (double)r.bytes / r.cycles,
		       100.0 * r.bytes / ((double)r.cycles * bpb));
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *sweep = NULL;
	struct run probe = { .kind = PROBE };
	unsigned bpb;

	/* WAVES=1, WAVES_DIR, WAVES_START/STOP, COVERAGE_DIR */
	if (tb_env_setup_from_environment())
		return 2;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--sweep") && i + 1 < argc) {
			sweep = argv[++i];
		} else {
			fprintf(stderr,
				"bench_vq: unknown option '%s'\n"
				"usage: bench_vq [--sweep FILE]   (FILE: "
				"efficiency against frame size, net only)\n",
				argv[i]);
			return 2;
		}
	}
	/* which device: a run that only probes it */
	if (measure(&probe))
		return 1;
	{
		struct tb_env_cfg c = { .name = "bench_vq", .quiet = true };
		struct tb_env *e = tb_env_create(&c);

		if (!e)
			return 1;
		bpb = e->p->m_axi.wdata.bytes;
		tb_env_destroy(e);
	}
	switch (probe.device) {
	case VIRTIO_ID_NET:
		if (net_table(bpb))
			return 1;
		return sweep ? net_sweep(sweep, bpb) : 0;
	case VIRTIO_ID_BLOCK: return blk_table(bpb);
	case VIRTIO_ID_CONSOLE: return console_table(bpb);
	default:
		fprintf(stderr, "bench_vq: DeviceID %u has no bench\n",
			probe.device);
		return 1;
	}
}
