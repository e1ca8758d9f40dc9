/* SPDX-License-Identifier: MIT */
/*
 * virtio_mmio.h - the virtio-mmio transport of the driver model, behaving
 * like Linux's drivers/virtio/virtio_mmio.c: probe, reset, status, 64-bit
 * feature negotiation, configuration access, queue set-up and tear-down
 * for version 2 and legacy, notifications, the interrupt handler, queue
 * reset; find_vqs/del_vqs for the bus (virtio_bus.h), and the platform
 * registration with its interrupt service thread. Register offsets come
 * from the generated virtio_mmio_regs.h.
 *
 * Driver rules (M11) are checked on every access the model makes: aligned
 * 32-bit access below 0x100, no write to a read-only register, no read of
 * a write-only one, no register the version lacks, queue registers left
 * alone while the queue is ready, QueueNum <= QueueNumMax. The raw access
 * functions skip the checks, for tests that break the rules on purpose.
 */
#ifndef VIRTIO_MMIO_H
#define VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio.h"

struct dma_pool;
struct virtio_bus;
struct virtqueue;
struct vring_placement;

#define VIRTIO_MMIO_MAX_QUEUES 64
#define VIRTIO_MMIO_PAGE_SIZE 4096u /* legacy GuestPageSize written */
/* Interrupt service thread: the longest wait for the line before it looks
 * at its stop flag, and the cycles it lets pass after a handler run for
 * the acknowledgement to reach the line (an interrupt controller's end of
 * interrupt), in cycles. */
#define VIRTIO_MMIO_IRQ_POLL 1000u
#define VIRTIO_MMIO_IRQ_SETTLE 4u

/** A virtio-mmio device. */
struct virtio_mmio_device {
	struct virtio_device vdev; /* the device (first: container_of) */
	uint64_t base;		   /* register window */
	unsigned version;	   /* 1 (legacy) or 2 */
	uint64_t ready_queues;	   /* queues the model has enabled */
	uint16_t queue_num_max[VIRTIO_MMIO_MAX_QUEUES]; /* as read */
	void (*vq_callback)(struct virtio_mmio_device *vm, unsigned index);
	/* called for each ready queue on a used-buffer interrupt */
	uint64_t interrupts;	    /* handler runs that found a cause */
	uint64_t config_interrupts; /* configuration-change causes */
	/* virtqueues made by virtio_mmio_setup_vq(), by queue index */
	struct virtqueue *vqs[VIRTIO_MMIO_MAX_QUEUES];
	/* where virtio_mmio_setup_vq() puts the rings of each queue (NULL:
	 * from its pool); the platform's DMA placement, which tests set to
	 * put rings at chosen addresses (above 4 GiB, minimum alignments,
	 * a layout the transport must refuse) */
	const struct vring_placement *place[VIRTIO_MMIO_MAX_QUEUES];
	/* the interrupt service thread of virtio_mmio_register() */
	sim_thread_t *irq_thread; /* NULL: none */
	bool irq_stop;		  /* asks it to return */
	uint64_t irq_none; /* its handler runs that found no cause (Linux's
			    * IRQ_NONE: the line was not this device's) */
};

/** Probe the device at base (4.2.3.1.1): 0 with *out set; -ENODEV for a
 *  wrong magic value (with a message naming it) or DeviceID 0 (silently,
 *  a placeholder); -ENXIO for a version outside 1..2. */
int virtio_mmio_probe(struct virtio_hw *hw, uint64_t base,
		      struct virtio_mmio_device **out);
/** Reset the device and free the model. */
void virtio_mmio_remove(struct virtio_mmio_device *vm);
/** The transport of a virtio_device made by virtio_mmio_probe(). */
struct virtio_mmio_device *to_virtio_mmio(struct virtio_device *vdev);

/** Linux's virtio_mmio platform probe (vm_probe): probe the window at
 *  base, start the device's interrupt service thread (it waits on
 *  hw->wait_irq and runs virtio_mmio_interrupt()), and
 *  register_virtio_device() on bus, which binds a driver. 0 with *out set;
 *  -ENODEV silently for a placeholder (DeviceID 0); the probe's other
 *  errors; -EINVAL without hw->wait_irq. In a thread. */
int virtio_mmio_register(struct virtio_bus *bus, struct virtio_hw *hw,
			 uint64_t base, struct virtio_mmio_device **out);
/** Linux's vm_remove: unregister_virtio_device() (callers in the driver
 *  return -ENODEV, then the driver resets the device and deletes its
 *  queues), stop and join the interrupt service thread, free the model.
 *  In a thread. */
void virtio_mmio_unregister(struct virtio_mmio_device *vm);
/** Ask the interrupt service thread to return at its next wake-up (at
 *  most VIRTIO_MMIO_IRQ_POLL cycles), leaving the device registered: for
 *  the end of a run, which ends when every thread has returned. */
void virtio_mmio_stop(struct virtio_mmio_device *vm);

/** QueueNumMax of queue index (0: no such queue). */
unsigned virtio_mmio_queue_num_max(struct virtio_mmio_device *vm,
				   unsigned index);
/** Reset one queue (RING_RESET, M7): 0, or -ETIMEDOUT. */
int virtio_mmio_reset_queue(struct virtio_mmio_device *vm, unsigned index);
/** Available-buffer notification (4.2.3.3): the queue index, and with
 *  NOTIFICATION_DATA the next avail index and wrap counter in 31:16. */
void virtio_mmio_notify(struct virtio_mmio_device *vm, unsigned index,
			uint16_t next_avail);
/** The interrupt handler: read InterruptStatus, acknowledge it, run the
 *  callbacks. Returns the causes found (0: not this device). */
uint32_t virtio_mmio_interrupt(struct virtio_mmio_device *vm);

/** Linux's vm_setup_vq, the one way a queue is set up: create a split
 *  virtqueue for queue index (num entries; 0: QueueNumMax) with its rings
 *  where vm->place[index] says (NULL: from pool; version 1: one legacy
 *  block, used ring aligned to VIRTIO_MMIO_PAGE_SIZE), then program the
 *  registers (version 2: QueueNum, the three ring addresses, QueueReady;
 *  legacy: QueueNum, QueueAlign, QueuePFN; refused with -EINVAL, reported
 *  as a driver bug, when the size is not a power of 2 of at most
 *  QueueNumMax or a legacy queue's rings are not the legacy layout),
 *  notify through QueueNotify and route its interrupts to vring_interrupt()
 *  (vq_callback is set to virtio_mmio_vring_callback when NULL): 0 with
 *  *out set, -ENOENT (no such queue, or in use), -EINVAL, -ENOMEM. */
int virtio_mmio_setup_vq(struct virtio_mmio_device *vm, unsigned index,
			 unsigned num, struct dma_pool *pool,
			 void (*callback)(struct virtqueue *), const char *name,
			 struct virtqueue **out);
/** Linux's vm_del_vq: stop queue index (QueueReady 0 read back, or
 *  QueuePFN 0) and free its virtqueue. */
int virtio_mmio_del_vq(struct virtio_mmio_device *vm, unsigned index);
/** The notify callback of the virtqueues virtio_mmio_setup_vq() makes:
 *  virtio_mmio_notify() with the queue's index and next avail index. */
void virtio_mmio_vq_notify(struct virtqueue *vq);
/** A vq_callback handing a used-buffer interrupt of queue index to
 *  vring_interrupt() of its virtqueue (none: nothing happens). */
void virtio_mmio_vring_callback(struct virtio_mmio_device *vm, unsigned index);

/** Register access with the driver-rule checks (M11); bus errors are
 *  reported as virtio.bus. */
uint32_t virtio_mmio_read(struct virtio_mmio_device *vm, unsigned offset);
void virtio_mmio_write(struct virtio_mmio_device *vm, unsigned offset,
		       uint32_t val);

/** Unchecked register access at base + offset, for tests that break the
 *  rules on purpose: the AXI response, or a negative errno. */
int virtio_mmio_raw_read(struct virtio_mmio_device *vm, unsigned offset,
			 uint32_t *val);
int virtio_mmio_raw_write(struct virtio_mmio_device *vm, unsigned offset,
			  uint32_t val, unsigned strb);

#endif /* VIRTIO_MMIO_H */
