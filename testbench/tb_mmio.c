/* SPDX-License-Identifier: MIT */
/*
 * tb_mmio.c - harness of the register-block suites.
 */
#include "tb_mmio.h"

#include <stdlib.h>

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

void tb_mmio_event(struct tb_mmio *t, uint32_t ev)
{
	tb_mmio_wr(t, CTRL_EVENT, ev);
}

static void tb_mmio_config_changed(struct virtio_device *vdev)
{
	struct tb_mmio *t = vdev->priv;

	t->config_changed++;
}

static void tb_mmio_body(void *arg)
{
	struct tb_mmio *t = arg;

	tb_env_virtio_hw(t->e, &t->hw);
	t->probe = virtio_mmio_probe(&t->hw, 0, &t->vm);
	if (t->probe == 0) {
		t->vm->vdev.priv = t;
		t->vm->vdev.config_changed = tb_mmio_config_changed;
	}
	t->body(t);
}

void tb_mmio_run(int i, struct tb_mmio *t, void (*fn)(struct tb_mmio *t),
		 const char *expect)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(i),
				  .seed = tb_seed(i),
				  .random = true };

	t->e = tb_env_create(&cfg);
	ck_assert_ptr_nonnull(t->e);
	if (expect)
		sim_report_expect(t->e->sim, expect);
	t->body = fn;
	tb_env_run(t->e, tb_mmio_body, t, 500000);
}

void tb_mmio_done(struct tb_mmio *t)
{
	tb_env_assert_clean(t->e);
	ck_assert_int_eq(t->probe, 0);
	free(t->vm); /* not virtio_mmio_remove(): the kernel no longer runs */
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
