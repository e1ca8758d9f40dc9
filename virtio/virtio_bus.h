/* SPDX-License-Identifier: MIT */
/*
 * virtio_bus.h - the virtio bus of the driver model, shaped like Linux's
 * drivers/virtio/virtio.c: drivers with an ID table and a feature table,
 * devices numbered virtio0, virtio1, ... (the lowest free number, as
 * Linux's IDA), matching in both registration orders, the probe sequence
 * of virtio_dev_probe, removal, configuration-change delivery, and the
 * sysfs attributes of a virtio device in Linux's formats.
 *
 * Probe (virtio_dev_probe): the device was reset and acknowledged when it
 * was registered; the bus sets DRIVER, reads the device features, keeps
 * those in the driver's table plus the transport features the model
 * implements (VIRTIO_TRANSPORT_FEATURES), writes them, sets FEATURES_OK
 * and reads it back (2.2.2, 3.1.1), calls driver->probe, and sets
 * DRIVER_OK unless the driver did. A failure (the device refusing the
 * features, the transport refusing them, driver->probe's error) leaves the
 * device unbound with FAILED added to its status, as Linux does; a later
 * probe of it resets it first (3.1.1: reset after FAILED).
 *
 * Remove (virtio_dev_remove): the device is marked as going away, so new
 * calls into its driver fail with -ENODEV and the callers waiting in one
 * are woken and fail the same way (virtio_drv_enter, virtio_drv_wait);
 * once the last caller has left, configuration changes stop reaching the
 * driver (the bus waits for one in progress), driver->remove resets the
 * device and deletes its queues, and the bus checks the device reads
 * status 0. unregister_virtio_driver() then acknowledges the device again
 * (Linux), so another driver can bind; unregister_virtio_device() leaves
 * it at status 0. Either waits for a probe of the device running in
 * another thread to finish before removing its driver.
 *
 * Every call that touches a device runs in a simulation thread (register
 * access waits for the bus, and other threads run meanwhile); the bus
 * itself is plain C, so unit tests can drive it over a transport that
 * does not wait.
 */
#ifndef VIRTIO_BUS_H
#define VIRTIO_BUS_H

#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "virtio.h"
#include "virtio_ids.h"

/* Matches any device or vendor ID in a struct virtio_device_id. */
#define VIRTIO_DEV_ANY_ID 0xffffffffu

/* Feature bits 28..41 belong to the transport and the ring (6). */
#define VIRTIO_TRANSPORT_F_START 28
#define VIRTIO_TRANSPORT_F_END 42
/* The ones the model's transport and split ring implement, kept whenever
 * the device offers them (Linux's vring_transport_features()):
 * INDIRECT_DESC, EVENT_IDX, VERSION_1, ACCESS_PLATFORM, ORDER_PLATFORM,
 * NOTIFICATION_DATA, RING_RESET. Not IN_ORDER (the ring expects a used
 * element for every buffer) nor RING_PACKED (no packed ring). */
#define VIRTIO_TRANSPORT_FEATURES                                    \
	((1ull << 28) | (1ull << 29) | (1ull << 32) | (1ull << 33) | \
	 (1ull << 36) | (1ull << 38) | (1ull << 40))

/* Default timeout of the drivers' blocking calls, in cycles. */
#define VIRTIO_DRV_TIMEOUT 2000000ull

/** One entry of a driver's ID table; the table ends with { 0, 0 }. */
struct virtio_device_id {
	uint32_t device; /* device ID, or VIRTIO_DEV_ANY_ID */
	uint32_t vendor; /* vendor ID, or VIRTIO_DEV_ANY_ID */
};

/** A virtio driver (Linux's struct virtio_driver). */
struct virtio_driver {
	const char *name;			 /* "virtio_net", ... */
	const struct virtio_device_id *id_table; /* devices it serves */
	const unsigned *feature_table; /* device feature bits it knows */
	unsigned feature_table_size;   /* entries of feature_table */
	/* a device was found: 0 or a negative errno */
	int (*probe)(struct virtio_device *vdev);
	/* the device goes: reset it, detach and free buffers, del_vqs */
	void (*remove)(struct virtio_device *vdev);
	/* optional: the device's configuration changed (interrupt context:
	 * the device's interrupt service thread) */
	void (*config_changed)(struct virtio_device *vdev);
	/* optional, the model's own: free what probe allocated without
	 * touching the device (virtio_bus_destroy after the run) */
	void (*release)(struct virtio_device *vdev);
	struct virtio_bus *bus; /* set while registered */
};

/** Counters every device driver keeps (virtio_drv_stats()). */
struct virtio_drv_stats {
	uint64_t ops;	    /* operations completed */
	uint64_t bytes_out; /* payload bytes given to the device */
	uint64_t bytes_in;  /* payload bytes received from the device */
	uint64_t errors;    /* operations failed (device status, timeout) */
};

/** A bus on kernel sim (for reports); NULL when out of memory. */
struct virtio_bus *virtio_bus_create(sim_t *sim);
/** Free the bus without touching any device (also after the run): drivers
 *  release what they hold (their release op), transports free their
 *  device models (vdev->release), drivers are left unregistered. */
void virtio_bus_destroy(struct virtio_bus *bus);

/** Register a driver and probe every unbound device it matches, in
 *  registration order: 0, -EBUSY (already registered), -EINVAL. */
int register_virtio_driver(struct virtio_bus *bus, struct virtio_driver *drv);
/** Unregister the driver (no device binds to it any more), then remove it
 *  from every device it is bound to (each is then acknowledged again,
 *  unbound). In a thread when a device is bound or being probed. */
void unregister_virtio_driver(struct virtio_driver *drv);
/** Number the device (virtioN, the lowest free N), reset it, acknowledge
 *  it and probe it with the first matching driver that accepts it: 0 (also
 *  when no driver binds), -EBUSY (registered already), -EINVAL, or the
 *  reset's error. */
int register_virtio_device(struct virtio_bus *bus, struct virtio_device *vdev);
/** Remove the device's driver (callers in it get -ENODEV; status 0
 *  afterwards) and take the device off the bus; its number becomes free.
 *  In a thread when a driver is bound or being probed. */
void unregister_virtio_device(struct virtio_device *vdev);
/** The transport saw a configuration change (Linux's
 *  virtio_config_changed): the driver's config_changed runs, or, while
 *  changes are held back (during probe and remove), runs once they are
 *  let through. register_virtio_device() installs it as
 *  vdev->config_changed when that is NULL. */
void virtio_config_changed(struct virtio_device *vdev);

/** True when id_table has an entry matching vdev (Linux's
 *  virtio_id_match). */
bool virtio_dev_match(const struct virtio_device *vdev,
		      const struct virtio_device_id *id_table);

/** Create the device's virtqueues through its transport: queue i gets
 *  callbacks[i] (NULL: interrupts suppressed) and names[i] (NULL: no
 *  queue, vqs[i] NULL): 0 or a negative errno (then none is left). */
int virtio_find_vqs(struct virtio_device *vdev, unsigned nvqs,
		    struct virtqueue *vqs[], vq_callback_t *callbacks[],
		    const char *const names[]);
/** One virtqueue (queue 0): 0 with *vq set, or a negative errno. */
int virtio_find_single_vq(struct virtio_device *vdev, vq_callback_t *callback,
			  const char *name, struct virtqueue **vq);
/** Stop and free every virtqueue of the device. */
void virtio_del_vqs(struct virtio_device *vdev);

/** Attribute attr of the device into buf, as Linux's sysfs shows it:
 *  "device" "0x%04x\n", "vendor" "0x%04x\n", "status" "0x%08x\n" (read
 *  from the device), "modalias" "virtio:d%08Xv%08X\n", "features" one
 *  '0'/'1' per negotiated bit 0..63 and "\n": 0, -ENOENT (no such
 *  attribute) or -ENOSPC (buf shorter than the text and its NUL). */
int virtio_dev_attr(struct virtio_device *vdev, const char *attr, char *buf,
		    size_t len);

/** Device i of the bus in registration order, or NULL past the end. */
struct virtio_device *virtio_bus_device(struct virtio_bus *bus, unsigned i);
/** Devices registered. */
unsigned virtio_bus_num_devices(const struct virtio_bus *bus);

/** The bound driver's counters (all zero while unbound). */
const struct virtio_drv_stats *virtio_drv_stats(struct virtio_device *vdev);

/** DMA memory for a driver buffer of size bytes from vdev->hw->pool,
 *  64-byte aligned (Linux's dma_alloc_coherent): 0 with *addr set, or
 *  -ENOMEM. */
int virtio_dma_alloc(struct virtio_device *vdev, uint64_t size, uint64_t *addr);
/** Give back a virtio_dma_alloc() buffer (0: nothing). */
void virtio_dma_free(struct virtio_device *vdev, uint64_t addr);

/** A driver's blocking call starts (every one that touches the device or
 *  waits): 0 when vdev is bound to drv and not going away, and the bus
 *  then waits for virtio_drv_leave() before removing the driver; else
 *  -ENODEV. */
int virtio_drv_enter(struct virtio_device *vdev,
		     const struct virtio_driver *drv);
/** The blocking call that virtio_drv_enter() let in returns. */
void virtio_drv_leave(struct virtio_device *vdev);
/** True when vdev is bound to drv and open for calls (its driver data is
 *  complete): for a driver's non-blocking getters. */
bool virtio_drv_bound(const struct virtio_device *vdev,
		      const struct virtio_driver *drv);
/** For the drivers' blocking calls: the cycle timeout cycles from now
 *  (0: VIRTIO_DRV_TIMEOUT). */
uint64_t virtio_drv_deadline(struct virtio_device *vdev, uint64_t timeout);
/** In a thread, between virtio_drv_enter() and virtio_drv_leave(): wait
 *  for ev until the deadline: 0 when notified, -ETIMEDOUT at or past it,
 *  -ENODEV (at once, or when woken) once the device is going away. */
int virtio_drv_wait(struct virtio_device *vdev, sim_event_t *ev,
		    uint64_t deadline);

#endif /* VIRTIO_BUS_H */
