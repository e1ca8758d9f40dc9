/* SPDX-License-Identifier: MIT */
/*
 * tb_vio_mmio.c - harness of the register-block suites.
 */
#include "tb_vio_mmio.h"

#include <stdio.h>
#include <stdlib.h>

#include "virtio_mmio_regs.h"

uint32_t tb_mmio_rd(struct tb_mmio *t, unsigned off)
{
	uint32_t v = 0xdeadbeef;

	axil_master_read(t->e->axil, off, &v);
	return v;
}

int tb_mmio_raw_rd(struct tb_mmio *t, unsigned off, uint32_t *v)
{
	return axil_master_read(t->e->axil, off, v);
}

int tb_mmio_wr(struct tb_mmio *t, unsigned off, uint32_t v)
{
	return axil_master_write(t->e->axil, off, v, 0xf);
}

int tb_mmio_wr_sync(struct tb_mmio *t, unsigned off, uint32_t v)
{
	struct axil_req *req;
	int r = axil_master_write_start(t->e->axil, off, v, 0xf, &req);

	return r ? r : axil_master_wait(t->e->axil, req, NULL);
}

int tb_mmio_sync(struct tb_mmio *t)
{
	return axil_master_drain(t->e->axil);
}

void tb_mmio_event(struct tb_mmio *t, uint32_t ev)
{
	/* the tests watch the effects on the IRQ line, off the bus */
	tb_mmio_wr_sync(t, CTRL_EVENT, ev);
}

static void tb_mmio_config_changed(struct virtio_device *vdev)
{
	struct tb_mmio *t = vdev->priv;

	t->config_changed++;
}

/* Pipelined: bursts of 1 to 4 reads of registers that never change, kept
 * in flight beside the sequence, each value checked against what they read
 * before it, until traffic_stop. */
static void tb_mmio_traffic(void *arg)
{
	struct tb_mmio *t = arg;
	const struct {
		unsigned off;
		uint32_t want;
	} regs[] = {
		{ VIRTIO_MMIO_MAGIC_VALUE, VIRTIO_MMIO_MAGIC },
		{ VIRTIO_MMIO_DEVICE_ID, t->dut.device_id },
		{ VIRTIO_MMIO_VENDOR_ID, t->dut.vendor_id },
	};
	struct sim_rng rng = sim_rng(t->e->sim, "tb_mmio.traffic");
	struct axil_req *req[4];
	unsigned idx[4], n, k;

	while (!t->traffic_stop) {
		n = (unsigned)sim_rng_range(&rng, 1, 4);
		for (k = 0; k < n; k++) {
			idx[k] = (unsigned)sim_rng_range(&rng, 0, 2);
			if (axil_master_read_start(t->e->axil, regs[idx[k]].off,
						   &req[k]))
				return;
		}
		for (k = 0; k < n; k++) {
			uint32_t d = 0xdeadbeef;
			int r = axil_master_wait(t->e->axil, req[k], &d);

			if (r != AXI_OKAY || d != regs[idx[k]].want)
				sim_report(
					t->e->sim, SIM_ERROR, "tb.mmio_traffic",
					"%s: read of 0x%03x beside the test returned 0x%08x (response %d), expected 0x%08x",
					t->e->name, regs[idx[k]].off, d, r,
					regs[idx[k]].want);
		}
		t->traffic_reads += n;
		sim_wait_cycles(t->e->sim, sim_rng_range(&rng, 1, 32));
	}
}

/* What the contract tests know of the DUT: its registers, read once. */
static void tb_mmio_read_dut(struct tb_mmio *t)
{
	struct tb_mmio_dut *d = &t->dut;
	unsigned q;

	d->version = tb_mmio_rd(t, VIRTIO_MMIO_VERSION);
	d->device_id = tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_ID);
	d->vendor_id = tb_mmio_rd(t, VIRTIO_MMIO_VENDOR_ID);
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	d->features = (uint64_t)tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES)
		      << 32;
	tb_mmio_wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	d->features |= tb_mmio_rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
	for (q = 0; q < TB_MMIO_MAX_QUEUES; q++) {
		tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
		d->queue_num_max[q] = tb_mmio_rd(t, VIRTIO_MMIO_QUEUE_NUM_MAX);
		if (!d->queue_num_max[q])
			break;
	}
	d->num_queues = q;
	tb_mmio_wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
}

static void tb_mmio_body(void *arg)
{
	struct tb_mmio *t = arg;
	sim_thread_t *traffic = NULL;

	tb_mmio_read_dut(t);
	if (t->bus == TB_MMIO_BUS_PIPELINED)
		traffic = sim_spawn(t->e->sim, "mmio_traffic", tb_mmio_traffic,
				    t, 0);
	tb_env_virtio_hw(t->e, &t->hw);
	t->probe = virtio_mmio_probe(&t->hw, 0, &t->vm);
	if (t->probe == 0) {
		t->vm->vdev.priv = t;
		t->vm->vdev.config_changed = tb_mmio_config_changed;
	}
	t->body(t);
	if (traffic) {
		t->traffic_stop = true;
		sim_thread_join(t->e->sim, traffic, 0);
		tb_mmio_sync(t); /* the last posted writes */
	}
}

void tb_mmio_run(int i, struct tb_mmio *t, void (*fn)(struct tb_mmio *t),
		 const char *expect)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(i),
				  .seed = tb_seed(i),
				  .random = true };

	if (t->bus == TB_MMIO_BUS_AUTO)
		t->bus = i & 1 ? TB_MMIO_BUS_PIPELINED : TB_MMIO_BUS_BLOCKING;
	if (t->bus == TB_MMIO_BUS_PIPELINED) {
		cfg.axil.posted_writes = true;
		cfg.axil.max_outstanding = 4;
		cfg.axil.idle_permille = 100;
		cfg.axil.stall_permille = 500;
	}
	t->e = tb_env_create(&cfg);
	ck_assert_ptr_nonnull(t->e);
	t->pool = dma_pool_create(t->e->mem, TB_MMIO_POOL_BASE,
				  TB_MMIO_POOL_SIZE);
	ck_assert_ptr_nonnull(t->pool);
	if (t->bus == TB_MMIO_BUS_PIPELINED)
		printf("%s: register accesses pipelined (posted writes, 4 in flight, BREADY/RREADY stalls)\n",
		       t->e->name);
	if (expect)
		sim_report_expect(t->e->sim, expect);
	t->body = fn;
	tb_env_run(t->e, tb_mmio_body, t, 500000);
}

void tb_mmio_done(struct tb_mmio *t)
{
	tb_env_assert_clean(t->e);
	ck_assert_int_eq(t->probe, 0);
	/* not virtio_mmio_remove(): the kernel no longer runs */
	for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		if (t->vm->vqs[q])
			vring_del_virtqueue(t->vm->vqs[q]);
	free(t->vm);
	dma_pool_destroy(t->pool);
	tb_env_destroy(t->e);
}

int tb_mmio_init(struct tb_mmio *t, uint64_t features)
{
	struct virtio_device *vdev = &t->vm->vdev;
	int r;

	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	virtio_get_features(vdev);
	vdev->features = features;
	r = virtio_features_ok(vdev);
	if (r)
		return r;
	virtio_device_ready(vdev);
	return 0;
}

int tb_mmio_setup_vq(struct tb_mmio *t, unsigned index, unsigned num,
		     const struct vring_placement *place)
{
	struct virtqueue *vq;
	int r;

	if (index >= VIRTIO_MMIO_MAX_QUEUES)
		return virtio_mmio_setup_vq(t->vm, index, num, t->pool, NULL,
					    "vq", &vq);
	t->vm->place[index] = place;
	r = virtio_mmio_setup_vq(t->vm, index, num, t->pool, NULL, "vq", &vq);
	t->vm->place[index] = NULL;
	return r;
}

struct vring_placement tb_mmio_rings_at(struct tb_mmio *t, unsigned num,
					uint64_t base)
{
	struct vring_placement p = { .mode = VRING_PLACE_ADDR,
				     .desc = base,
				     .avail = base + 0x1000,
				     .used = base + 0x2000 };

	if (t->vm->version == 1)
		return vring_legacy_placement(num, base, VIRTIO_MMIO_PAGE_SIZE);
	return p;
}

uint32_t tb_mmio_try_features(struct tb_mmio *t, uint64_t f)
{
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 0);
	while (tb_mmio_rd(t, VIRTIO_MMIO_STATUS))
		;
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 3);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	tb_mmio_wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	tb_mmio_wr(t, VIRTIO_MMIO_STATUS, 11);
	return tb_mmio_rd(t, VIRTIO_MMIO_STATUS);
}

unsigned tb_mmio_queue_size(const struct tb_mmio *t, unsigned index,
			    unsigned want)
{
	uint32_t max = index < TB_MMIO_MAX_QUEUES ? t->dut.queue_num_max[index]
						  : 0;

	while (want > max && want > 1)
		want >>= 1;
	return want;
}
