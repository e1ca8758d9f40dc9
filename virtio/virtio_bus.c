/* SPDX-License-Identifier: MIT */
/*
 * virtio_bus.c - the virtio bus of the driver model.
 */
#include "virtio_bus.h"

#include "dma_pool.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** The bus: devices and drivers in registration order. */
struct virtio_bus {
	sim_t *sim;		     /* reports */
	struct virtio_device **devs; /* registered devices */
	unsigned ndevs, cap_devs;    /* used, allocated */
	struct virtio_driver **drvs; /* registered drivers */
	unsigned ndrvs, cap_drvs;    /* used, allocated */
};

static int vbus_grow(void ***arr, unsigned n, unsigned *cap)
{
	void **p;
	unsigned c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 8;
	p = realloc(*arr, c * sizeof(*p));
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = c;
	return 0;
}

/* Remove entry i of arr (n entries), keeping the order. */
static void vbus_del(void **arr, unsigned *n, unsigned i)
{
	memmove(&arr[i], &arr[i + 1], (*n - i - 1) * sizeof(*arr));
	(*n)--;
}

struct virtio_bus *virtio_bus_create(sim_t *sim)
{
	struct virtio_bus *bus = calloc(1, sizeof(*bus));

	if (bus)
		bus->sim = sim;
	return bus;
}

void virtio_bus_destroy(struct virtio_bus *bus)
{
	unsigned i;

	if (!bus)
		return;
	for (i = 0; i < bus->ndevs; i++) {
		struct virtio_device *vdev = bus->devs[i];

		if (vdev->driver && vdev->driver->release)
			vdev->driver->release(vdev);
		vdev->driver = NULL;
		vdev->drv_stats = NULL;
		vdev->bus = NULL;
		if (vdev->release)
			vdev->release(vdev);
	}
	for (i = 0; i < bus->ndrvs; i++)
		bus->drvs[i]->bus = NULL;
	free(bus->devs);
	free(bus->drvs);
	free(bus);
}

/* ------------------------------------------------------------- matching */

bool virtio_dev_match(const struct virtio_device *vdev,
		      const struct virtio_device_id *id)
{
	for (; id && id->device; id++) {
		if (id->device != vdev->id.device &&
		    id->device != VIRTIO_DEV_ANY_ID)
			continue;
		if (id->vendor == VIRTIO_DEV_ANY_ID ||
		    id->vendor == vdev->id.vendor)
			return true;
	}
	return false;
}

/* -------------------------------------------------- configuration change */

static void vbus_config_call(struct virtio_device *vdev)
{
	struct virtio_driver *drv = vdev->driver;

	if (!vdev->config_enabled) {
		vdev->config_change_pending = true;
		return;
	}
	if (drv && drv->config_changed) {
		vdev->config_busy++;
		drv->config_changed(vdev);
		vdev->config_busy--;
	}
}

void virtio_config_changed(struct virtio_device *vdev)
{
	vbus_config_call(vdev);
}

static void vbus_config_enable(struct virtio_device *vdev)
{
	vdev->config_enabled = true;
	if (vdev->config_change_pending) {
		vdev->config_change_pending = false;
		vbus_config_call(vdev);
	}
}

/* Hold configuration changes back and wait until a driver callback that
 * is running (in the interrupt thread, waiting for a register read) has
 * returned: after this the driver sees none (Linux's
 * virtio_config_disable under config_lock). */
static void vbus_config_disable(struct virtio_device *vdev)
{
	vdev->config_enabled = false;
	while (vdev->config_busy)
		sim_wait_cycles(vdev->hw->sim, 1);
}

/* ------------------------------------------------------- probe / remove */

/* Linux's virtio_dev_probe. */
static int vbus_probe(struct virtio_device *vdev, struct virtio_driver *drv)
{
	uint64_t device_features, driver_features = 0;
	unsigned i;
	int err;

	vdev->driver = drv; /* claimed: no other thread probes it now */
	/* 3.1.1: after FAILED, reset before anything else */
	if (vdev->status & VIRTIO_CONFIG_S_FAILED) {
		err = virtio_reset_device(vdev);
		if (err)
			goto err;
		virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	}
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	device_features = virtio_get_features(vdev);
	for (i = 0; i < drv->feature_table_size; i++) {
		unsigned f = drv->feature_table[i];

		if (f >= 64) {
			virtio_driver_bug(
				vdev,
				"%s: driver %s lists feature bit %u, past bit 63",
				vdev->name, drv->name, f);
			continue;
		}
		driver_features |= 1ull << f;
	}
	/* 2.2.1: accept only what both sides know; the transport features
	 * whenever the device offers them */
	vdev->features = (driver_features & device_features) |
			 (device_features & VIRTIO_TRANSPORT_FEATURES);
	err = virtio_features_ok(vdev);
	if (err) {
		sim_report(vdev->hw->sim, SIM_WARNING, "virtio.bus",
			   "%s: device refuses features 0x%016" PRIx64
			   " (FEATURES_OK reads back clear)",
			   vdev->name, vdev->features);
		goto err;
	}
	err = drv->probe(vdev);
	if (err) {
		sim_report(vdev->hw->sim, SIM_WARNING, "virtio.bus",
			   "%s: probe with driver %s failed: %d (%s)",
			   vdev->name, drv->name, err, strerror(-err));
		goto err;
	}
	/* if probe did not, the bus sets DRIVER_OK */
	if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK))
		virtio_device_ready(vdev);
	vbus_config_enable(vdev);
	return 0;

err:
	vdev->driver = NULL;
	vdev->drv_stats = NULL;
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	return err;
}

/* Linux's virtio_dev_remove, without the re-acknowledgement. */
static void vbus_remove(struct virtio_device *vdev)
{
	struct virtio_driver *drv = vdev->driver;
	uint8_t st;

	vbus_config_disable(vdev);
	vdev->config_change_pending = false;
	drv->remove(vdev);
	/* the driver must have reset the device */
	st = vdev->config->get_status(vdev);
	if (st) {
		virtio_driver_bug(
			vdev,
			"%s: driver %s left the device at status 0x%02x after remove: it must reset it",
			vdev->name, drv->name, st);
		virtio_reset_device(vdev);
	}
	vdev->driver = NULL;
	vdev->drv_stats = NULL;
}

/* Try the registered drivers on an unbound device, in order. */
static void vbus_attach_device(struct virtio_bus *bus,
			       struct virtio_device *vdev)
{
	unsigned i;

	for (i = 0; i < bus->ndrvs && !vdev->driver; i++)
		if (virtio_dev_match(vdev, bus->drvs[i]->id_table))
			vbus_probe(vdev, bus->drvs[i]);
}

/* --------------------------------------------------------- registration */

int register_virtio_driver(struct virtio_bus *bus, struct virtio_driver *drv)
{
	unsigned i;

	if (!bus || !drv || !drv->id_table || !drv->probe || !drv->remove ||
	    (drv->feature_table_size && !drv->feature_table))
		return -EINVAL;
	if (drv->bus)
		return -EBUSY;
	if (vbus_grow((void ***)&bus->drvs, bus->ndrvs, &bus->cap_drvs))
		return -ENOMEM;
	bus->drvs[bus->ndrvs++] = drv;
	drv->bus = bus;
	/* driver_attach: every unbound device it matches; a probe waits on
	 * the bus, so the list is read afresh each step */
	for (i = 0; i < bus->ndevs; i++) {
		struct virtio_device *vdev = bus->devs[i];

		if (!vdev->driver &&
		    (vdev->status & VIRTIO_CONFIG_S_ACKNOWLEDGE) &&
		    virtio_dev_match(vdev, drv->id_table))
			vbus_probe(vdev, drv);
	}
	return 0;
}

void unregister_virtio_driver(struct virtio_driver *drv)
{
	struct virtio_bus *bus = drv ? drv->bus : NULL;
	unsigned i;

	if (!bus)
		return;
	for (i = 0; i < bus->ndevs; i++) {
		struct virtio_device *vdev = bus->devs[i];

		if (vdev->driver != drv)
			continue;
		vbus_remove(vdev);
		/* Linux: the device is acknowledged again, ready for the
		 * next driver */
		virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	}
	for (i = 0; i < bus->ndrvs; i++)
		if (bus->drvs[i] == drv) {
			vbus_del((void **)bus->drvs, &bus->ndrvs, i);
			break;
		}
	drv->bus = NULL;
}

/* The lowest number no registered device has (Linux's ida_alloc). */
static int vbus_index(const struct virtio_bus *bus)
{
	int n;
	unsigned i;

	for (n = 0;; n++) {
		for (i = 0; i < bus->ndevs; i++)
			if (bus->devs[i]->index == n)
				break;
		if (i == bus->ndevs)
			return n;
	}
}

int register_virtio_device(struct virtio_bus *bus, struct virtio_device *vdev)
{
	int err;

	if (!bus || !vdev || !vdev->config || !vdev->hw)
		return -EINVAL;
	if (vdev->bus)
		return -EBUSY;
	if (vbus_grow((void ***)&bus->devs, bus->ndevs, &bus->cap_devs))
		return -ENOMEM;
	vdev->driver = NULL;
	vdev->drv_stats = NULL;
	vdev->config_enabled = false;
	vdev->config_change_pending = false;
	if (!vdev->config_changed)
		vdev->config_changed = virtio_config_changed;
	vdev->index = vbus_index(bus);
	snprintf(vdev->name, sizeof(vdev->name), "virtio%d", vdev->index);
	vdev->bus = bus;
	bus->devs[bus->ndevs++] = vdev; /* holds the number */
	/* Linux: always reset first, in case something left it dirty, and
	 * acknowledge that the device was seen (3.1.1 steps 1 and 2); a
	 * driver registered meanwhile leaves it alone until then */
	err = virtio_reset_device(vdev);
	if (err) {
		unregister_virtio_device(vdev);
		return err;
	}
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vbus_attach_device(bus, vdev);
	return 0;
}

void unregister_virtio_device(struct virtio_device *vdev)
{
	struct virtio_bus *bus = vdev ? vdev->bus : NULL;
	unsigned i;

	if (!bus)
		return;
	if (vdev->driver)
		vbus_remove(vdev);
	for (i = 0; i < bus->ndevs; i++)
		if (bus->devs[i] == vdev) {
			vbus_del((void **)bus->devs, &bus->ndevs, i);
			break;
		}
	vdev->bus = NULL;
}

/* ---------------------------------------------------------------- queues */

int virtio_find_vqs(struct virtio_device *vdev, unsigned nvqs,
		    struct virtqueue *vqs[], vq_callback_t *callbacks[],
		    const char *const names[])
{
	if (!vdev->config->find_vqs)
		return -ENOSYS;
	return vdev->config->find_vqs(vdev, nvqs, vqs, callbacks, names);
}

int virtio_find_single_vq(struct virtio_device *vdev, vq_callback_t *callback,
			  const char *name, struct virtqueue **vq)
{
	vq_callback_t *callbacks[] = { callback };
	const char *names[] = { name };

	return virtio_find_vqs(vdev, 1, vq, callbacks, names);
}

void virtio_del_vqs(struct virtio_device *vdev)
{
	if (vdev->config->del_vqs)
		vdev->config->del_vqs(vdev);
}

/* ------------------------------------------------------------ attributes */

int virtio_dev_attr(struct virtio_device *vdev, const char *attr, char *buf,
		    size_t len)
{
	int n;

	if (!strcmp(attr, "device"))
		n = snprintf(buf, len, "0x%04x\n", vdev->id.device);
	else if (!strcmp(attr, "vendor"))
		n = snprintf(buf, len, "0x%04x\n", vdev->id.vendor);
	else if (!strcmp(attr, "status"))
		n = snprintf(buf, len, "0x%08x\n",
			     vdev->config->get_status(vdev));
	else if (!strcmp(attr, "modalias"))
		n = snprintf(buf, len, "virtio:d%08Xv%08X\n", vdev->id.device,
			     vdev->id.vendor);
	else if (!strcmp(attr, "features")) {
		/* a bit string, bit 0 first, as long as the features field */
		if (len < 66)
			return -ENOSPC;
		for (n = 0; n < 64; n++)
			buf[n] = (vdev->features >> n) & 1 ? '1' : '0';
		buf[n++] = '\n';
		buf[n] = '\0';
	} else
		return -ENOENT;
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

struct virtio_device *virtio_bus_device(struct virtio_bus *bus, unsigned i)
{
	return bus && i < bus->ndevs ? bus->devs[i] : NULL;
}

unsigned virtio_bus_num_devices(const struct virtio_bus *bus)
{
	return bus ? bus->ndevs : 0;
}

/* -------------------------------------------------------- driver helpers */

const struct virtio_drv_stats *virtio_drv_stats(struct virtio_device *vdev)
{
	static const struct virtio_drv_stats none;

	return vdev && vdev->driver && vdev->drv_stats ? vdev->drv_stats
						       : &none;
}

int virtio_dma_alloc(struct virtio_device *vdev, uint64_t size, uint64_t *addr)
{
	/* whole 64-byte blocks leave the pool no small gaps to scan */
	uint64_t n = size ? (size + 63) & ~63ull : 64;

	if (!vdev->hw->pool)
		return -ENOMEM;
	return dma_pool_alloc(vdev->hw->pool, n, 64, addr) ? -ENOMEM : 0;
}

void virtio_dma_free(struct virtio_device *vdev, uint64_t addr)
{
	if (addr)
		dma_pool_free(vdev->hw->pool, addr);
}

uint64_t virtio_drv_deadline(struct virtio_device *vdev, uint64_t timeout)
{
	return sim_cycles(vdev->hw->sim) +
	       (timeout ? timeout : VIRTIO_DRV_TIMEOUT);
}

int virtio_drv_wait(struct virtio_device *vdev, sim_event_t *ev,
		    uint64_t deadline)
{
	uint64_t now = sim_cycles(vdev->hw->sim);

	if (now >= deadline)
		return -ETIMEDOUT;
	return sim_wait_event(vdev->hw->sim, ev, deadline - now) ? -ETIMEDOUT
								 : 0;
}
