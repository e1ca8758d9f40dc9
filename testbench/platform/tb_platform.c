/* SPDX-License-Identifier: MIT */
/*
 * tb_platform.c - harness of the platform suite and the demonstration.
 */
#include "tb_platform.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static struct virtio_driver *const tb_platform_drivers[] = {
	&virtio_net_driver,
	&virtio_blk_driver,
	&virtio_console_driver,
	&virtio_rng_driver,
};
#define TB_PLATFORM_NDRV \
	(sizeof(tb_platform_drivers) / sizeof(tb_platform_drivers[0]))

/* ------------------------------------------------------ per-slot hw */

static int tb_platform_hw_read32(void *ctx, uint64_t addr, uint32_t *val)
{
	struct tb_platform_slot *s = ctx;

	return axil_master_read(s->p->e->axil, addr, val);
}

static int tb_platform_hw_write32(void *ctx, uint64_t addr, uint32_t val,
				  unsigned strb)
{
	struct tb_platform_slot *s = ctx;

	return axil_master_write(s->p->e->axil, addr, val, strb);
}

/* The slot's own interrupt line: irq bit s->index. */
static int tb_platform_hw_wait_irq(void *ctx, uint64_t timeout)
{
	struct tb_platform_slot *s = ctx;

	return irq_mon_wait(s->irq, timeout);
}

struct tb_platform *tb_platform_create(const struct tb_env_cfg *cfg)
{
	struct tb_platform *p = calloc(1, sizeof(*p));
	unsigned i;

	if (!p)
		return NULL;
	p->e = tb_env_create(cfg);
	if (!p->e) {
		free(p);
		return NULL;
	}
	/* Q4: the devices may touch only what the driver model allows */
	mem_set_default_perm(p->e->mem, MEM_NONE);
	p->pool = dma_pool_create(p->e->mem, TB_PLATFORM_POOL_BASE,
				  TB_PLATFORM_POOL_SIZE);
	p->bus = virtio_bus_create(p->e->sim);
	for (i = 0; i < TB_PLATFORM_SLOTS; i++) {
		struct tb_platform_slot *s = &p->slot[i];
		s->p = p;
		s->index = i;
		s->base = TB_PLATFORM_BASE + TB_PLATFORM_STRIDE * i;
		s->irq = i < p->e->nirq ? p->e->irqs[i] : NULL;
		s->hw = (struct virtio_hw){ .sim = p->e->sim,
					    .ctx = s,
					    .read32 = tb_platform_hw_read32,
					    .write32 = tb_platform_hw_write32,
					    .wait_irq = tb_platform_hw_wait_irq,
					    .mem = p->e->mem,
					    .pool = p->pool };
		if (!s->irq) {
			tb_platform_destroy(p);
			return NULL;
		}
	}
	if (!p->pool || !p->bus) {
		tb_platform_destroy(p);
		return NULL;
	}
	return p;
}

void tb_platform_destroy(struct tb_platform *p)
{
	unsigned i;

	if (!p)
		return;
	/* frees the drivers' data and the device models, no DUT access */
	virtio_bus_destroy(p->bus);
	for (i = 0; i < TB_PLATFORM_SLOTS; i++)
		p->slot[i].vm = NULL;
	dma_pool_destroy(p->pool);
	tb_env_destroy(p->e);
	free(p);
}

/* ------------------------------------------------------------ probing */

static int tb_platform_register_devices(struct tb_platform *p)
{
	int ret = 0;
	unsigned i;

	for (i = 0; i < TB_PLATFORM_SLOTS; i++) {
		struct tb_platform_slot *s = &p->slot[i];

		if (s->vm)
			continue;
		s->probe_err =
			virtio_mmio_register(p->bus, &s->hw, s->base, &s->vm);
		/* a placeholder is no device, and no error (4.2.3.1.1) */
		if (s->probe_err && s->probe_err != -ENODEV && !ret)
			ret = s->probe_err;
	}
	return ret;
}

static int tb_platform_register_drivers(struct tb_platform *p)
{
	int ret = 0;
	unsigned i;

	for (i = 0; i < TB_PLATFORM_NDRV; i++) {
		int r = register_virtio_driver(p->bus, tb_platform_drivers[i]);

		if (r && !ret)
			ret = r;
	}
	return ret;
}

int tb_platform_probe(struct tb_platform *p)
{
	int r1, r2;

	if (p->devices_first) {
		r1 = tb_platform_register_devices(p);
		r2 = tb_platform_register_drivers(p);
	} else {
		r2 = tb_platform_register_drivers(p);
		r1 = tb_platform_register_devices(p);
	}
	return r1 ? r1 : r2;
}

void tb_platform_unregister(struct tb_platform *p, unsigned slot)
{
	if (slot >= TB_PLATFORM_SLOTS)
		return;
	virtio_mmio_unregister(p->slot[slot].vm);
	p->slot[slot].vm = NULL;
}

void tb_platform_remove(struct tb_platform *p)
{
	unsigned i;

	for (i = 0; i < TB_PLATFORM_SLOTS; i++)
		tb_platform_unregister(p, i);
}

struct virtio_device *tb_platform_vdev(struct tb_platform *p, unsigned slot)
{
	return slot < TB_PLATFORM_SLOTS && p->slot[slot].vm
		       ? &p->slot[slot].vm->vdev
		       : NULL;
}

/* -------------------------------------------------------------- run */

static void tb_platform_main(void *arg)
{
	struct tb_platform *p = arg;
	unsigned i;
	int r;

	if (!p->no_probe) {
		r = tb_platform_probe(p);
		if (r)
			tb_platform_fail(p, "platform probe: %d", r);
	}
	if (p->body)
		p->body(p, p->arg);
	/* the run ends when every thread has returned */
	for (i = 0; i < TB_PLATFORM_SLOTS; i++)
		virtio_mmio_stop(p->slot[i].vm);
}

enum sim_run_result tb_platform_run(struct tb_platform *p,
				    void (*body)(struct tb_platform *p,
						 void *arg),
				    void *arg, uint64_t max_cycles)
{
	p->body = body;
	p->arg = arg;
	return tb_env_run(p->e, tb_platform_main, p,
			  max_cycles ? max_cycles : 50000000);
}

/* ---------------------------------------------------------- helpers */

/* An attribute without its newline ("?" when it cannot be read). */
static const char *tb_platform_attr(struct virtio_device *vdev,
				    const char *attr, char *buf, size_t len)
{
	size_t n;

	if (virtio_dev_attr(vdev, attr, buf, len))
		return "?";
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

void tb_platform_list(struct tb_platform *p, FILE *out)
{
	char dev[16], ven[16], st[16], mod[40], feat[80];
	unsigned i, n = virtio_bus_num_devices(p->bus);

	for (i = 0; i < n; i++) {
		struct virtio_device *vdev = virtio_bus_device(p->bus, i);
		struct virtio_mmio_device *vm = to_virtio_mmio(vdev);

		fprintf(out, "%-8s %-8s %s@0x%08" PRIx64 " v%u  driver %s\n",
			vdev->name, virtio_id_name(vdev->id.device),
			vdev->config->bus_name(vdev), vm->base, vm->version,
			vdev->driver ? vdev->driver->name : "(none)");
		fprintf(out,
			"         device %s  vendor %s  status %s  modalias %s\n",
			tb_platform_attr(vdev, "device", dev, sizeof(dev)),
			tb_platform_attr(vdev, "vendor", ven, sizeof(ven)),
			tb_platform_attr(vdev, "status", st, sizeof(st)),
			tb_platform_attr(vdev, "modalias", mod, sizeof(mod)));
		fprintf(out, "         features %s\n",
			tb_platform_attr(vdev, "features", feat, sizeof(feat)));
	}
	for (i = 0; i < TB_PLATFORM_SLOTS; i++)
		if (!p->slot[i].vm)
			fprintf(out,
				"slot %u   virtio-mmio@0x%08" PRIx64 "  %s\n",
				i, p->slot[i].base,
				p->slot[i].probe_err == -ENODEV
					? "no device (placeholder)"
					: "not registered");
}

int tb_platform_blk_resize(struct tb_platform *p, uint64_t sectors)
{
	return tb_env_blk_resize(p->e, sectors);
}

uint64_t tb_platform_dma_count(struct tb_platform *p)
{
	struct axi_mem_stats s;

	axi_mem_stats(p->e->axim, &s);
	return s.ar + s.aw;
}

int tb_platform_read(struct tb_platform *p, uint64_t addr, uint32_t *val)
{
	return axil_master_read(p->e->axil, addr, val);
}
