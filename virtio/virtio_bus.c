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
		vdev->state = VIRTIO_DEV_UNBOUND;
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

/* In a thread: wait until no probe or removal of vdev runs (in another
 * thread); both end by themselves. */
static void vbus_wait_settled(struct virtio_device *vdev)
{
	while (vdev->state == VIRTIO_DEV_PROBING ||
	       vdev->state == VIRTIO_DEV_REMOVING)
		sim_wait_cycles(vdev->hw->sim, 1);
}

/* Linux's virtio_dev_probe. */
static int vbus_probe(struct virtio_device *vdev, struct virtio_driver *drv)
{
	uint64_t device_features, driver_features = 0;
	unsigned i;
	int err;

	/* claimed: no other thread probes it, no caller enters the driver,
	 * and an unregister waits until the probe has finished */
	vdev->driver = drv;
	vdev->state = VIRTIO_DEV_PROBING;
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
	if (err == -ENODEV)
		sim_report(vdev->hw->sim, SIM_WARNING, "virtio.bus",
			   "%s: device refuses features 0x%016" PRIx64
			   " (FEATURES_OK reads back clear)",
			   vdev->name, vdev->features);
	else if (err)
		sim_report(vdev->hw->sim, SIM_WARNING, "virtio.bus",
			   "%s: transport refuses features 0x%016" PRIx64
			   ": %d (%s)",
			   vdev->name, vdev->features, err, strerror(-err));
	if (err)
		goto err;
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
	vdev->state = VIRTIO_DEV_BOUND;
	vbus_config_enable(vdev);
	return 0;

err:
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	vdev->driver = NULL;
	vdev->drv_stats = NULL;
	vdev->state = VIRTIO_DEV_UNBOUND;
	return err;
}

/* Linux's virtio_dev_remove; ack: acknowledge the device again afterwards
 * (an unregistered driver; an unregistered device stays at status 0). */
static void vbus_remove(struct virtio_device *vdev, bool ack)
{
	struct virtio_driver *drv = vdev->driver;
	uint8_t st;

	/* new calls into the driver fail, the waiting ones are woken and
	 * fail (virtio_drv_wait), and remove frees what they use only once
	 * the last has left (Linux's rng wakes its readers in remove, blk
	 * drains the requests in flight) */
	vdev->state = VIRTIO_DEV_REMOVING;
	if (vdev->gone)
		sim_event_notify(vdev->gone);
	while (vdev->drv_calls)
		sim_wait_cycles(vdev->hw->sim, 1);
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
	if (ack)
		virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vdev->driver = NULL;
	vdev->drv_stats = NULL;
	vdev->state = VIRTIO_DEV_UNBOUND;
}

/* The index after vdev's in the device list, or i when vdev is gone: a
 * scan that waited goes on from where vdev is now. */
static unsigned vbus_dev_next(const struct virtio_bus *bus,
			      const struct virtio_device *vdev, unsigned i)
{
	unsigned k;

	for (k = 0; k < bus->ndevs; k++)
		if (bus->devs[k] == vdev)
			return k + 1;
	return i;
}

/* The same for a driver in the driver list. */
static unsigned vbus_drv_next(const struct virtio_bus *bus,
			      const struct virtio_driver *drv, unsigned i)
{
	unsigned k;

	for (k = 0; k < bus->ndrvs; k++)
		if (bus->drvs[k] == drv)
			return k + 1;
	return i;
}

static bool vbus_has_driver(const struct virtio_bus *bus,
			    const struct virtio_driver *drv)
{
	return vbus_drv_next(bus, drv, 0) != 0;
}

/* Try the registered drivers on an unbound device, in order; a probe
 * waits, so the list is looked up again after each. */
static void vbus_attach_device(struct virtio_bus *bus,
			       struct virtio_device *vdev)
{
	unsigned i = 0;

	while (i < bus->ndrvs && vdev->bus == bus &&
	       vdev->state == VIRTIO_DEV_UNBOUND) {
		struct virtio_driver *drv = bus->drvs[i];

		if (!virtio_dev_match(vdev, drv->id_table)) {
			i++;
			continue;
		}
		vbus_probe(vdev, drv);
		i = vbus_drv_next(bus, drv, i);
	}
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
	/* driver_attach: every unbound device it matches; a probe waits, so
	 * the scan goes on after the device it probed, wherever that is now,
	 * and stops if the driver was unregistered meanwhile */
	i = 0;
	while (i < bus->ndevs && vbus_has_driver(bus, drv)) {
		struct virtio_device *vdev = bus->devs[i];

		if (vdev->state != VIRTIO_DEV_UNBOUND ||
		    !(vdev->status & VIRTIO_CONFIG_S_ACKNOWLEDGE) ||
		    !virtio_dev_match(vdev, drv->id_table)) {
			i++;
			continue;
		}
		vbus_probe(vdev, drv);
		i = vbus_dev_next(bus, vdev, i);
	}
	return 0;
}

void unregister_virtio_driver(struct virtio_driver *drv)
{
	struct virtio_bus *bus = drv ? drv->bus : NULL;
	unsigned i;

	if (!bus)
		return;
	/* off the list first, so no device binds to it any more (Linux's
	 * bus_remove_driver) */
	for (i = 0; i < bus->ndrvs; i++)
		if (bus->drvs[i] == drv) {
			vbus_del((void **)bus->drvs, &bus->ndrvs, i);
			break;
		}
	/* every device it is bound to; each step waits (a probe or removal
	 * running elsewhere, or this removal), and another thread may
	 * unregister devices meanwhile, so the scan starts again after each */
restart:
	for (i = 0; i < bus->ndevs; i++) {
		struct virtio_device *vdev = bus->devs[i];

		if (vdev->driver != drv)
			continue;
		if (vdev->state == VIRTIO_DEV_BOUND)
			/* Linux: the device is acknowledged again, ready
			 * for the next driver */
			vbus_remove(vdev, true);
		else
			vbus_wait_settled(vdev);
		goto restart;
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
	vdev->state = VIRTIO_DEV_UNBOUND;
	vdev->drv_calls = 0;
	if (!vdev->gone)
		vdev->gone = sim_event(vdev->hw->sim, "virtio_bus.gone");
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
	/* a probe running in another thread finishes first (its driver's
	 * data exists only then), as does a removal already under way */
	for (;;) {
		vbus_wait_settled(vdev);
		if (vdev->bus != bus)
			return; /* another thread took it off meanwhile */
		if (vdev->state != VIRTIO_DEV_BOUND)
			break;
		vbus_remove(vdev, false);
	}
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

int virtio_drv_enter(struct virtio_device *vdev,
		     const struct virtio_driver *drv)
{
	if (!vdev || !vdev->bus || vdev->driver != drv ||
	    vdev->state != VIRTIO_DEV_BOUND)
		return -ENODEV;
	vdev->drv_calls++;
	return 0;
}

void virtio_drv_leave(struct virtio_device *vdev)
{
	if (vdev->drv_calls)
		vdev->drv_calls--;
}

bool virtio_drv_bound(const struct virtio_device *vdev,
		      const struct virtio_driver *drv)
{
	return vdev && vdev->driver == drv && vdev->state == VIRTIO_DEV_BOUND;
}

int virtio_drv_wait(struct virtio_device *vdev, sim_event_t *ev,
		    uint64_t deadline)
{
	sim_event_t *evs[2] = { ev, vdev->gone };
	uint64_t now = sim_cycles(vdev->hw->sim);
	int r;

	/* the device is going away: its removal waits for this caller */
	if (vdev->state == VIRTIO_DEV_REMOVING)
		return -ENODEV;
	if (now >= deadline)
		return -ETIMEDOUT;
	r = sim_wait_any(vdev->hw->sim, evs, vdev->gone ? 2 : 1,
			 deadline - now);
	if (vdev->state == VIRTIO_DEV_REMOVING)
		return -ENODEV;
	return r < 0 ? -ETIMEDOUT : 0;
}
