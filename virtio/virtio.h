/* SPDX-License-Identifier: MIT */
/*
 * virtio.h - the driver model's device core, shaped like Linux's
 * <linux/virtio.h> and <linux/virtio_config.h>: a virtio_device with
 * transport operations, status and feature helpers, and configuration
 * access with the generation loop.
 *
 * The model checks the driver rules on itself (CONFORMANCE S14, M11): a
 * call that would break one is reported as "virtio.driver" with what was
 * asked and why it is wrong. Tests that must break a rule on purpose use
 * the transport's raw register access instead.
 */
#ifndef VIRTIO_H
#define VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"
#include "sim.h"

/* Configuration fields, ring entries and device headers are read and
 * written as host integers and structs, with no byte swapping: virtio 1.x
 * lays them out little-endian (1.4: le16, le32, le64), and the model's
 * legacy devices are little-endian guests too. So the model builds on
 * little-endian hosts only, rather than convert every access. */
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the virtio driver model needs a little-endian host"
#endif

/* Device status bits (spec 2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1u
#define VIRTIO_CONFIG_S_DRIVER 2u
#define VIRTIO_CONFIG_S_DRIVER_OK 4u
#define VIRTIO_CONFIG_S_FEATURES_OK 8u
#define VIRTIO_CONFIG_S_NEEDS_RESET 0x40u
#define VIRTIO_CONFIG_S_FAILED 0x80u

struct dma_pool;
struct virtio_bus;
struct virtio_device;
struct virtio_driver;
struct virtio_drv_stats;
struct virtqueue;

/**
 * How the model reaches a device: 32-bit register access, DMA memory and
 * the interrupt line. The co-simulation implements it over the AXI4-Lite
 * master, the AXI4 memory and the IRQ monitor; anything else can too.
 */
struct virtio_hw {
	sim_t *sim; /* reports and time */
	void *ctx;  /* argument of the callbacks */
	/* read 32 bits at a byte address: the AXI response (0 = OKAY) or a
	 * negative errno */
	int (*read32)(void *ctx, uint64_t addr, uint32_t *val);
	/* write with byte strobes (bit i = byte lane i) */
	int (*write32)(void *ctx, uint64_t addr, uint32_t val, unsigned strb);
	/* wait until the interrupt line is high: 0, or -ETIMEDOUT */
	int (*wait_irq)(void *ctx, uint64_t timeout);
	struct mem *mem;     /* DMA memory the device reads and writes */
	unsigned poll_limit; /* register reads before a poll gives up
			      * (0 = 10000) */
	/* device reset: false (default) does what Linux's vm_reset and
	 * U-Boot do: write Status = 0 and go straight on, never poll (the
	 * device must hold the next access until the reset is done, S1);
	 * true polls until Status reads 0 (2.4.1, the spec's variant) */
	bool reset_poll;
	/* DMA memory for rings and driver buffers, like Linux's DMA API
	 * (virtio_find_vqs and the device drivers allocate from it) */
	struct dma_pool *pool;
};

/** A virtqueue's used-buffer callback (Linux's vq_callback_t). */
typedef void vq_callback_t(struct virtqueue *);

/** Transport operations, as Linux's struct virtio_config_ops. */
struct virtio_config_ops {
	/* read / write len bytes of the configuration space at offset */
	void (*get)(struct virtio_device *vdev, unsigned offset, void *buf,
		    unsigned len);
	void (*set)(struct virtio_device *vdev, unsigned offset,
		    const void *buf, unsigned len);
	uint32_t (*generation)(struct virtio_device *vdev);
	uint8_t (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, uint8_t status);
	/* reset and wait until the device reads back status 0 */
	int (*reset)(struct virtio_device *vdev);
	uint64_t (*get_features)(struct virtio_device *vdev);
	/* write vdev->features to the device */
	int (*finalize_features)(struct virtio_device *vdev);
	const char *(*bus_name)(struct virtio_device *vdev);
	/* create nvqs virtqueues (names[i] NULL: vqs[i] NULL, no queue
	 * index used) with their callbacks; 0 or a negative errno, and
	 * then none is left */
	int (*find_vqs)(struct virtio_device *vdev, unsigned nvqs,
			struct virtqueue *vqs[], vq_callback_t *callbacks[],
			const char *const names[]);
	/* stop and free every virtqueue find_vqs made */
	void (*del_vqs)(struct virtio_device *vdev);
};

/** Where a device is in its binding to a driver (the bus's). */
enum virtio_dev_state {
	VIRTIO_DEV_UNBOUND,  /* no driver */
	VIRTIO_DEV_PROBING,  /* the bus runs the probe with vdev->driver */
	VIRTIO_DEV_BOUND,    /* probe succeeded: the driver's calls are open */
	VIRTIO_DEV_REMOVING, /* going away: new calls refused, waiters woken,
			      * driver->remove once the last caller left */
};

/** A virtio device as its driver sees it. */
struct virtio_device {
	char name[24]; /* "virtio0", ... */
	struct {
		uint32_t device, vendor; /* from the transport */
	} id;
	const struct virtio_config_ops *config; /* transport */
	uint64_t features;			/* negotiated */
	struct virtio_hw *hw;			/* hardware access */
	void (*config_changed)(struct virtio_device *vdev); /* driver's */
	void *priv;					    /* driver's data */
	bool legacy; /* legacy transport: no
					       * FEATURES_OK step (L3) */
	/* the driver's own record for its rule checks */
	uint8_t status;	    /* last status written */
	uint64_t offered;   /* device features read */
	bool features_read; /* get_features was called */

	/* --- the bus (virtio_bus.h), as Linux's device model */
	int index;		      /* N of virtioN (set when registered) */
	struct virtio_driver *driver; /* bound driver, or NULL */
	struct virtio_bus *bus;	      /* bus registered on, or NULL */
	bool config_enabled;	      /* config changes reach the driver */
	bool config_change_pending;   /* one came while they did not */
	unsigned config_busy;	      /* driver config_changed calls running */
	struct virtio_drv_stats *drv_stats; /* the bound driver's counters */
	enum virtio_dev_state state;	    /* binding */
	unsigned drv_calls; /* callers inside the driver (virtio_drv_enter) */
	sim_event_t *gone;  /* notified when removal starts */
	/* the transport's: free the device model without touching the
	 * device (virtio_bus_destroy after the run); NULL: nothing to free */
	void (*release)(struct virtio_device *vdev);
};

/** Report a driver-rule violation the model was asked to commit. */
#define virtio_driver_bug(vdev, ...) \
	sim_report((vdev)->hw->sim, SIM_ERROR, "virtio.driver", __VA_ARGS__)

/** True when feature bit fbit was negotiated. */
static inline bool virtio_has_feature(const struct virtio_device *vdev,
				      unsigned fbit)
{
	return fbit < 64 && (vdev->features >> fbit) & 1;
}

/** Status helpers (Linux names): add bits to the status; checks S14. */
void virtio_add_status(struct virtio_device *vdev, uint8_t status);
/** Reset the device (status 0 and wait for it). */
int virtio_reset_device(struct virtio_device *vdev);
/** Read the device's features and keep them for the rule checks. */
uint64_t virtio_get_features(struct virtio_device *vdev);
/** Write vdev->features, set FEATURES_OK and read it back (2.2.2): 0, the
 *  transport's finalize_features error (virtio-mmio: -EINVAL for a
 *  version 2 device without VERSION_1), or -ENODEV when the device did not
 *  accept the features. */
int virtio_features_ok(struct virtio_device *vdev);
/** Set DRIVER_OK. */
void virtio_device_ready(struct virtio_device *vdev);

/** Read a configuration field of len bytes (1, 2, 4 or 8), retried until
 *  ConfigGeneration is the same before and after (2.5.1). */
void virtio_cread(struct virtio_device *vdev, unsigned offset, void *buf,
		  unsigned len);
uint8_t virtio_cread8(struct virtio_device *vdev, unsigned offset);
uint16_t virtio_cread16(struct virtio_device *vdev, unsigned offset);
uint32_t virtio_cread32(struct virtio_device *vdev, unsigned offset);
uint64_t virtio_cread64(struct virtio_device *vdev, unsigned offset);
/** Read len bytes of a byte array (a MAC address, ...) one byte at a time,
 *  retried until ConfigGeneration is stable (Linux's virtio_cread_bytes). */
void virtio_cread_bytes(struct virtio_device *vdev, unsigned offset, void *buf,
			unsigned len);
/** Write a configuration field of len bytes (1, 2 or 4; 8 as two 4s). */
void virtio_cwrite(struct virtio_device *vdev, unsigned offset, const void *buf,
		   unsigned len);
void virtio_cwrite8(struct virtio_device *vdev, unsigned offset, uint8_t v);
void virtio_cwrite16(struct virtio_device *vdev, unsigned offset, uint16_t v);
void virtio_cwrite32(struct virtio_device *vdev, unsigned offset, uint32_t v);

/** Name of a device ID of Linux's include/uapi/linux/virtio_ids.h
 *  ("net", "block", "console", "rng", ...) or "unknown". */
const char *virtio_id_name(uint32_t id);

#endif /* VIRTIO_H */
