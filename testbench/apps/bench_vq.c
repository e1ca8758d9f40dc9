/* SPDX-License-Identifier: MIT */
/*
 * bench_vq.c - figures of the ring engine on the virtio-net loopback
 * (vio_top), printed as a table (make bench; docs/bench.md):
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
 * The memory answers after a fixed latency (0 or 32 cycles) with no stalls,
 * so the figures are the engine's own. The driver posts everything before
 * the first notification and only watches used->idx, so its own speed does
 * not count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dma_pool.h"
#include "tb_env.h"
#include "virtio_mmio.h"
#include "virtio_mmio_regs.h"
#include "virtio_ring.h"

#define POOL 0x100000000ull
#define RX 0
#define TX 1

struct run {
	struct tb_env *e;
	unsigned lat;	     /* memory latency, cycles */
	unsigned frames;     /* frames in the stream */
	uint32_t len;	     /* bytes per frame, header included */
	uint64_t cycles;     /* notification to the last receive used idx */
	uint64_t r_beats;    /* R beats in that time */
	uint64_t w_beats;    /* W beats */
	uint64_t first_data; /* cycles from notify to the first data beat */
	uint64_t notify_at;  /* cycle of the notification */
	int err;
};

static void tap(void *ctx, const struct mem_access *a)
{
	struct run *r = ctx;

	/* the data read DMA is arbiter port 0: AXI ID 0 */
	if (!a->write && a->id == 0 && !r->first_data)
		r->first_data = sim_clock_cycles(r->e->clk) - r->notify_at;
}

static uint16_t used_idx(struct tb_env *e, struct virtqueue *vq)
{
	uint16_t u;

	mem_read(e->mem, vq->used + VRING_USED_IDX, &u, 2);
	return u;
}

static void body(void *arg)
{
	struct run *r = arg;
	struct tb_env *e = r->e;
	struct virtio_hw hw;
	struct virtio_mmio_device *vm;
	struct virtqueue *vq[2];
	struct dma_pool *pool = dma_pool_create(e->mem, POOL, 1ull << 30);
	struct axi_mem_stats s0, s1;
	unsigned num = 256, q, i;

	tb_env_virtio_hw(e, &hw);
	if (virtio_mmio_probe(&hw, 0, &vm)) {
		r->err = 1;
		return;
	}
	virtio_reset_device(&vm->vdev);
	virtio_add_status(&vm->vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(&vm->vdev, VIRTIO_CONFIG_S_DRIVER);
	vm->vdev.features = virtio_get_features(&vm->vdev);
	if (virtio_features_ok(&vm->vdev)) {
		r->err = 2;
		return;
	}
	for (q = 0; q < 2; q++)
		if (virtio_mmio_setup_vq(vm, q, num, pool, NULL,
					 q ? "tx" : "rx", &vq[q])) {
			r->err = 3;
			return;
		}
	virtio_device_ready(&vm->vdev);
	/* every frame posted before the first notification */
	for (i = 0; i < r->frames; i++) {
		struct scatterlist sg;
		uint64_t rx, tx;

		dma_pool_alloc(pool, r->len, 64, &rx);
		dma_pool_alloc(pool, r->len, 64, &tx);
		sg_init_one(&sg, rx, r->len);
		virtqueue_add_inbuf(vq[RX], &sg, 1, (void *)(uintptr_t)(i + 1));
		sg_init_one(&sg, tx, r->len);
		mem_fill(e->mem, tx, (uint8_t)i, r->len);
		virtqueue_add_outbuf(vq[TX], &sg, 1,
				     (void *)(uintptr_t)(i + 1));
	}
	virtqueue_kick(vq[RX]);
	axi_mem_stats(e->axim, &s0);
	r->notify_at = sim_clock_cycles(e->clk);
	virtqueue_kick(vq[TX]);
	while (used_idx(e, vq[RX]) != (uint16_t)r->frames)
		sim_wait_cycles(e->sim, 1);
	r->cycles = sim_clock_cycles(e->clk) - r->notify_at;
	axi_mem_stats(e->axim, &s1);
	r->r_beats = s1.r - s0.r;
	r->w_beats = s1.w - s0.w;
	virtio_mmio_remove(vm);
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
	tb_env_run(r->e, body, r, 50000000);
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

int main(int argc, char **argv)
{
	static const uint32_t lens[] = { 64, 1500, 4096 };
	static const unsigned lats[] = { 0, 32 };
	unsigned bpb = 0;

	/* WAVES=1, WAVES_DIR, WAVES_START/STOP, COVERAGE_DIR */
	if (tb_env_setup_from_environment())
		return 2;

	if (argc > 1) {
		fprintf(stderr, "bench_vq: no options (got '%s')\n", argv[1]);
		return 2;
	}
	printf("Ring engine, virtio-net loopback (%s), frames posted at once\n",
	       vdut_top_name());
	printf("  %-7s %-6s %7s %10s %12s %14s %8s\n", "latency", "frame",
	       "frames", "cyc/frame", "bound/frame", "efficiency/dir",
	       "1st data");
	for (unsigned l = 0; l < 2; l++) {
		for (unsigned k = 0; k < 3; k++) {
			struct run r = { .lat = lats[l],
					 .len = lens[k],
					 .frames = lens[k] > 2000 ? 60 : 200 };
			double per, bound, eff;

			if (measure(&r))
				return 1;
			if (!bpb) {
				struct tb_env_cfg c = { .name = "w",
							.quiet = true };
				struct tb_env *e = tb_env_create(&c);

				bpb = e->p->m_axi.wdata.bytes;
				tb_env_destroy(e);
			}
			per = (double)r.cycles / r.frames;
			bound = (double)(r.r_beats > r.w_beats ? r.r_beats
							       : r.w_beats) /
				r.frames;
			eff = (double)r.len * r.frames /
			      ((double)r.cycles * bpb);
			printf("  %-7u %-6u %7u %10.1f %12.1f %13.1f%% %8llu\n",
			       r.lat, r.len, r.frames, per, bound, eff * 100,
			       (unsigned long long)r.first_data);
		}
	}
	printf("  (efficiency/dir: frame bytes / (cycles x %u bytes per beat);\n"
	       "   1st data: cycles from the notification to the first data "
	       "beat)\n",
	       bpb);
	return 0;
}
