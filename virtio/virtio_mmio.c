/* SPDX-License-Identifier: MIT */
/*
 * virtio_mmio.c - the virtio-mmio transport of the driver model.
 */
#include "virtio_mmio.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_bus.h"
#include "virtio_mmio_regs.h"
#include "virtio_ring.h"

#define VM_REG_COUNT \
	(sizeof(virtio_mmio_reg_table) / sizeof(virtio_mmio_reg_table[0]))

struct virtio_mmio_device *to_virtio_mmio(struct virtio_device *vdev)
{
	return (struct virtio_mmio_device *)vdev; /* vdev is the first field */
}

static const struct virtio_mmio_reg_info *vm_reg_info(unsigned offset)
{
	size_t i;

	for (i = 0; i < VM_REG_COUNT; i++)
		if (virtio_mmio_reg_table[i].offset == offset)
			return &virtio_mmio_reg_table[i];
	return NULL;
}

/* Driver rules on a register access below the configuration space (M11). */
static void vm_check_access(struct virtio_mmio_device *vm, unsigned offset,
			    bool write)
{
	const struct virtio_mmio_reg_info *r = vm_reg_info(offset);
	struct virtio_device *vdev = &vm->vdev;

	if (!r) {
		virtio_driver_bug(
			vdev,
			"%s: %s of offset 0x%03x: no such register (4.2.2)",
			vdev->name, write ? "write" : "read", offset);
		return;
	}
	if ((vm->version == 2 && !r->modern) ||
	    (vm->version == 1 && !r->legacy))
		virtio_driver_bug(vdev, "%s: %s of %s, which version %u lacks",
				  vdev->name, write ? "write" : "read", r->name,
				  vm->version);
	else if (write && !r->writable)
		virtio_driver_bug(
			vdev, "%s: write to read-only register %s (4.2.2.2)",
			vdev->name, r->name);
	else if (!write && !r->readable)
		virtio_driver_bug(
			vdev, "%s: read of write-only register %s (4.2.2.2)",
			vdev->name, r->name);
}

static const char *vm_reg_name(unsigned offset)
{
	const struct virtio_mmio_reg_info *r = vm_reg_info(offset);

	return r ? r->name : offset >= VIRTIO_MMIO_CONFIG ? "CONFIG" : "?";
}

int virtio_mmio_raw_read(struct virtio_mmio_device *vm, unsigned offset,
			 uint32_t *val)
{
	struct virtio_hw *hw = vm->vdev.hw;

	return hw->read32(hw->ctx, vm->base + offset, val);
}

int virtio_mmio_raw_write(struct virtio_mmio_device *vm, unsigned offset,
			  uint32_t val, unsigned strb)
{
	struct virtio_hw *hw = vm->vdev.hw;

	return hw->write32(hw->ctx, vm->base + offset, val, strb);
}

uint32_t virtio_mmio_read(struct virtio_mmio_device *vm, unsigned offset)
{
	uint32_t v = 0;
	int r;

	if (offset < VIRTIO_MMIO_CONFIG)
		vm_check_access(vm, offset, false);
	r = virtio_mmio_raw_read(vm, offset, &v);
	if (r)
		sim_report(vm->vdev.hw->sim, SIM_ERROR, "virtio.bus",
			   "%s: read of %s (0x%03x) failed: %s", vm->vdev.name,
			   vm_reg_name(offset), offset,
			   r > 0 ? axi_resp_name((unsigned)r) : "timeout");
	return v;
}

static void vm_write_strb(struct virtio_mmio_device *vm, unsigned offset,
			  uint32_t val, unsigned strb)
{
	int r;

	if (offset < VIRTIO_MMIO_CONFIG)
		vm_check_access(vm, offset, true);
	r = virtio_mmio_raw_write(vm, offset, val, strb);
	if (r)
		sim_report(vm->vdev.hw->sim, SIM_ERROR, "virtio.bus",
			   "%s: write of 0x%08x to %s (0x%03x) failed: %s",
			   vm->vdev.name, val, vm_reg_name(offset), offset,
			   r > 0 ? axi_resp_name((unsigned)r) : "timeout");
}

void virtio_mmio_write(struct virtio_mmio_device *vm, unsigned offset,
		       uint32_t val)
{
	vm_write_strb(vm, offset, val, 0xf);
}

/* ---------------------------------------------------- config operations */

static void vm_get(struct virtio_device *vdev, unsigned offset, void *buf,
		   unsigned len)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	unsigned base = VIRTIO_MMIO_CONFIG + offset;
	uint8_t *p = buf;
	uint32_t w;
	unsigned i;

	if (vm->version == 1) {
		/* legacy: byte by byte, guest-endian (Linux vm_get) */
		for (i = 0; i < len; i++)
			p[i] = (uint8_t)(virtio_mmio_read(vm, base + i) >>
					 (8 * ((base + i) & 3)));
		return;
	}
	/* 4.2.2.2: 8-bit fields with 8-bit accesses, 16-bit aligned, 32 and
	 * 64-bit with aligned 32-bit accesses */
	switch (len) {
	case 1:
		w = virtio_mmio_read(vm, base);
		p[0] = (uint8_t)(w >> (8 * (base & 3)));
		return;
	case 2:
		if (base & 1)
			break;
		w = virtio_mmio_read(vm, base) >> (8 * (base & 2));
		memcpy(p, &w, 2);
		return;
	case 4:
	case 8:
		if (base & 3)
			break;
		for (i = 0; i < len; i += 4) {
			w = virtio_mmio_read(vm, base + i);
			memcpy(p + i, &w, 4);
		}
		return;
	default: break;
	}
	virtio_driver_bug(
		vdev,
		"%s: configuration read of %u bytes at offset %u: not a 1, 2, 4 or 8-byte aligned field (4.2.2.2)",
		vdev->name, len, offset);
}

static void vm_set(struct virtio_device *vdev, unsigned offset, const void *buf,
		   unsigned len)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	unsigned base = VIRTIO_MMIO_CONFIG + offset;
	const uint8_t *p = buf;
	uint32_t w = 0;
	unsigned i, lane = base & 3;

	if (vm->version == 1) {
		for (i = 0; i < len; i++)
			vm_write_strb(vm, base + i,
				      (uint32_t)p[i] << (8 * ((base + i) & 3)),
				      1u << ((base + i) & 3));
		return;
	}
	switch (len) {
	case 1:
		vm_write_strb(vm, base, (uint32_t)p[0] << (8 * lane),
			      1u << lane);
		return;
	case 2:
		if (base & 1)
			break;
		memcpy(&w, p, 2);
		vm_write_strb(vm, base, w << (8 * lane), 3u << lane);
		return;
	case 4:
	case 8:
		if (base & 3)
			break;
		for (i = 0; i < len; i += 4) {
			memcpy(&w, p + i, 4);
			virtio_mmio_write(vm, base + i, w);
		}
		return;
	default: break;
	}
	virtio_driver_bug(
		vdev,
		"%s: configuration write of %u bytes at offset %u: not a 1, 2, 4 or 8-byte aligned field (4.2.2.2)",
		vdev->name, len, offset);
}

static uint32_t vm_generation(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);

	if (vm->version == 1)
		return 0; /* legacy devices have no generation */
	return virtio_mmio_read(vm, VIRTIO_MMIO_CONFIG_GENERATION);
}

static uint8_t vm_get_status(struct virtio_device *vdev)
{
	return (uint8_t)virtio_mmio_read(to_virtio_mmio(vdev),
					 VIRTIO_MMIO_STATUS);
}

static void vm_set_status(struct virtio_device *vdev, uint8_t status)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	uint8_t old = vdev->status & ~VIRTIO_CONFIG_S_NEEDS_RESET;

	/* 2.1.1: the driver never clears a status bit; 0 is a reset, which
	 * goes through vm_reset() */
	if (status == 0)
		virtio_driver_bug(vdev,
				  "%s: status 0 through set_status: use reset",
				  vdev->name);
	else if ((status & old) != old)
		virtio_driver_bug(
			vdev, "%s: status 0x%02x clears bits of 0x%02x (2.1.1)",
			vdev->name, status, old);
	virtio_mmio_write(vm, VIRTIO_MMIO_STATUS, status);
	vdev->status = status;
}

static int vm_reset(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	unsigned limit = vdev->hw->poll_limit ? vdev->hw->poll_limit : 10000;
	unsigned i;

	virtio_mmio_write(vm, VIRTIO_MMIO_STATUS, 0);
	vdev->status = 0;
	vdev->features_read = false;
	vm->ready_queues = 0;
	/* Linux's vm_reset and U-Boot stop here: the device must make the
	 * next access wait until the reset is done (S1) */
	if (!vdev->hw->reset_poll)
		return 0;
	/* 2.4.1: the reset is complete when status reads 0 */
	for (i = 0; i < limit; i++)
		if (virtio_mmio_read(vm, VIRTIO_MMIO_STATUS) == 0)
			return 0;
	sim_report(vdev->hw->sim, SIM_ERROR, "virtio.reset",
		   "%s: status still not 0 after %u reads following a reset",
		   vdev->name, limit);
	return -ETIMEDOUT;
}

static uint64_t vm_get_features(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	uint64_t f;

	virtio_mmio_write(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)virtio_mmio_read(vm, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	virtio_mmio_write(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f |= virtio_mmio_read(vm, VIRTIO_MMIO_DEVICE_FEATURES);
	return f;
}

static int vm_finalize_features(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);

	/* like Linux: a version 2 device is driven as a 1.x device only. It
	 * must offer VERSION_1 (6.2); one that does not is faulty, while a
	 * driver that leaves an offered VERSION_1 out breaks 6.1 */
	if (vm->version == 2 && !virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		if (!(vdev->offered & (1ull << VIRTIO_F_VERSION_1)))
			sim_report(
				vdev->hw->sim, SIM_ERROR, "virtio.device",
				"%s: version 2 device does not offer VERSION_1 (6.2): features 0x%016" PRIx64,
				vdev->name, vdev->offered);
		else
			virtio_driver_bug(
				vdev,
				"%s: version 2 devices must be driven with VERSION_1 (6.1)",
				vdev->name);
		return -EINVAL;
	}
	virtio_mmio_write(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	virtio_mmio_write(vm, VIRTIO_MMIO_DRIVER_FEATURES,
			  (uint32_t)(vdev->features >> 32));
	virtio_mmio_write(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	virtio_mmio_write(vm, VIRTIO_MMIO_DRIVER_FEATURES,
			  (uint32_t)vdev->features);
	return 0;
}

static const char *vm_bus_name(struct virtio_device *vdev)
{
	(void)vdev;
	return "virtio-mmio";
}

static int vm_find_vqs(struct virtio_device *vdev, unsigned nvqs,
		       struct virtqueue *vqs[], vq_callback_t *callbacks[],
		       const char *const names[]);
static void vm_del_vqs(struct virtio_device *vdev);

static const struct virtio_config_ops virtio_mmio_config_ops = {
	.get = vm_get,
	.set = vm_set,
	.generation = vm_generation,
	.get_status = vm_get_status,
	.set_status = vm_set_status,
	.reset = vm_reset,
	.get_features = vm_get_features,
	.finalize_features = vm_finalize_features,
	.bus_name = vm_bus_name,
	.find_vqs = vm_find_vqs,
	.del_vqs = vm_del_vqs,
};

/* ---------------------------------------------------------------- probe */

int virtio_mmio_probe(struct virtio_hw *hw, uint64_t base,
		      struct virtio_mmio_device **out)
{
	struct virtio_mmio_device *vm = calloc(1, sizeof(*vm));
	uint32_t magic = 0, version = 0, id = 0;

	*out = NULL;
	if (!vm)
		return -ENOMEM;
	vm->base = base;
	vm->vdev.hw = hw;
	vm->vdev.config = &virtio_mmio_config_ops;
	snprintf(vm->vdev.name, sizeof(vm->vdev.name), "mmio@0x%" PRIx64, base);

	/* 4.2.3.1.1: magic and version first, then the device ID */
	virtio_mmio_raw_read(vm, VIRTIO_MMIO_MAGIC_VALUE, &magic);
	if (magic != VIRTIO_MMIO_MAGIC) {
		sim_report(
			hw->sim, SIM_WARNING, "virtio.probe",
			"%s: wrong magic value 0x%08x (expected 0x%08x): no device",
			vm->vdev.name, magic, VIRTIO_MMIO_MAGIC);
		free(vm);
		return -ENODEV;
	}
	virtio_mmio_raw_read(vm, VIRTIO_MMIO_VERSION, &version);
	if (version < 1 || version > 2) {
		sim_report(hw->sim, SIM_WARNING, "virtio.probe",
			   "%s: version %u not supported (1 or 2)",
			   vm->vdev.name, version);
		free(vm);
		return -ENXIO;
	}
	vm->version = version;
	vm->vdev.legacy = version == 1;
	virtio_mmio_raw_read(vm, VIRTIO_MMIO_DEVICE_ID, &id);
	if (id == 0) {
		/* a placeholder: no device, and no error (4.2.3.1.1) */
		free(vm);
		return -ENODEV;
	}
	vm->vdev.id.device = id;
	vm->vdev.id.vendor = virtio_mmio_read(vm, VIRTIO_MMIO_VENDOR_ID);
	if (version == 1)
		virtio_mmio_write(vm, VIRTIO_MMIO_GUEST_PAGE_SIZE,
				  VIRTIO_MMIO_PAGE_SIZE);
	*out = vm;
	return 0;
}

void virtio_mmio_remove(struct virtio_mmio_device *vm)
{
	unsigned q;

	if (!vm)
		return;
	vm_reset(&vm->vdev);
	/* after the reset the device no longer uses the rings */
	for (q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		vring_del_virtqueue(vm->vqs[q]);
	free(vm);
}

/* --------------------------------------------------------------- queues */

static void vm_select(struct virtio_mmio_device *vm, unsigned index)
{
	virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_SEL, index);
}

unsigned virtio_mmio_queue_num_max(struct virtio_mmio_device *vm,
				   unsigned index)
{
	unsigned n;

	vm_select(vm, index);
	n = virtio_mmio_read(vm, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (index < VIRTIO_MMIO_MAX_QUEUES)
		vm->queue_num_max[index] = (uint16_t)(n > 0xffff ? 0 : n);
	return n;
}

/* Program queue index (selected, its size checked by the caller) with num
 * entries at the given ring addresses (version 2: each area; legacy: desc
 * page aligned, avail and used at their legacy places): 0, -ENOENT (in
 * use), -EINVAL. */
static int vm_program_queue(struct virtio_mmio_device *vm, unsigned index,
			    unsigned num, uint64_t desc, uint64_t avail,
			    uint64_t used)
{
	struct virtio_device *vdev = &vm->vdev;

	vm_select(vm, index);
	/* the queue must not be in use already */
	if (virtio_mmio_read(vm, vm->version == 1 ? VIRTIO_MMIO_QUEUE_PFN
						  : VIRTIO_MMIO_QUEUE_READY))
		return -ENOENT;
	virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_NUM, num);
	if (vm->version == 1) {
		/* 2.7.2 legacy layout: desc | avail | pad | used, one block */
		uint64_t want_avail = desc + 16ull * num;
		uint64_t want_used = (want_avail + 6 + 2ull * num +
				      VIRTIO_MMIO_PAGE_SIZE - 1) &
				     ~(uint64_t)(VIRTIO_MMIO_PAGE_SIZE - 1);

		if ((desc & (VIRTIO_MMIO_PAGE_SIZE - 1)) ||
		    avail != want_avail || used != want_used ||
		    (desc / VIRTIO_MMIO_PAGE_SIZE) >> 32) {
			virtio_driver_bug(
				vdev,
				"%s: legacy queue %u: rings at 0x%" PRIx64
				"/0x%" PRIx64 "/0x%" PRIx64
				" are not the legacy layout (2.7.2)",
				vdev->name, index, desc, avail, used);
			return -EINVAL;
		}
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_ALIGN,
				  VIRTIO_MMIO_PAGE_SIZE);
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_PFN,
				  (uint32_t)(desc / VIRTIO_MMIO_PAGE_SIZE));
	} else {
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_DESC_LOW,
				  (uint32_t)desc);
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_DESC_HIGH,
				  (uint32_t)(desc >> 32));
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_AVAIL_LOW,
				  (uint32_t)avail);
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_AVAIL_HIGH,
				  (uint32_t)(avail >> 32));
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_USED_LOW,
				  (uint32_t)used);
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_USED_HIGH,
				  (uint32_t)(used >> 32));
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	vm->ready_queues |= 1ull << index;
	return 0;
}

/* Stop queue index: QueueReady 0 read back (version 2), or QueuePFN 0. */
static int vm_stop_queue(struct virtio_mmio_device *vm, unsigned index)
{
	if (index >= VIRTIO_MMIO_MAX_QUEUES)
		return -ENOENT;
	vm_select(vm, index);
	vm->ready_queues &= ~(1ull << index);
	if (vm->version == 1) {
		virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_PFN, 0);
		return 0;
	}
	virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_READY, 0);
	/* 4.2.2.2: read it back to make sure the device stopped */
	if (virtio_mmio_read(vm, VIRTIO_MMIO_QUEUE_READY)) {
		sim_report(vm->vdev.hw->sim, SIM_ERROR, "virtio.queue",
			   "%s: queue %u still ready after writing 0",
			   vm->vdev.name, index);
		return -EBUSY;
	}
	return 0;
}

int virtio_mmio_reset_queue(struct virtio_mmio_device *vm, unsigned index)
{
	struct virtio_device *vdev = &vm->vdev;
	unsigned limit = vdev->hw->poll_limit ? vdev->hw->poll_limit : 10000;
	unsigned i;

	if (!virtio_has_feature(vdev, VIRTIO_F_RING_RESET))
		virtio_driver_bug(
			vdev, "%s: queue reset without RING_RESET negotiated",
			vdev->name);
	vm_select(vm, index);
	virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_RESET, 1);
	/* 4.2.2.2: complete only once QueueReset reads back 0 */
	for (i = 0; i < limit; i++) {
		if (virtio_mmio_read(vm, VIRTIO_MMIO_QUEUE_RESET) == 0) {
			vm->ready_queues &= ~(1ull << index);
			return 0;
		}
	}
	sim_report(vdev->hw->sim, SIM_ERROR, "virtio.queue",
		   "%s: queue %u reset not complete after %u reads", vdev->name,
		   index, limit);
	return -ETIMEDOUT;
}

void virtio_mmio_notify(struct virtio_mmio_device *vm, unsigned index,
			uint16_t next_avail)
{
	struct virtio_device *vdev = &vm->vdev;
	uint32_t v = index;

	/* 3.1.1: no notification before DRIVER_OK */
	if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK))
		virtio_driver_bug(
			vdev, "%s: notification of queue %u before DRIVER_OK",
			vdev->name, index);
	if (virtio_has_feature(vdev, VIRTIO_F_NOTIFICATION_DATA))
		v |= (uint32_t)next_avail << 16;
	virtio_mmio_write(vm, VIRTIO_MMIO_QUEUE_NOTIFY, v);
}

uint32_t virtio_mmio_interrupt(struct virtio_mmio_device *vm)
{
	uint32_t st = virtio_mmio_read(vm, VIRTIO_MMIO_INTERRUPT_STATUS);
	unsigned q;

	st &= VIRTIO_MMIO_INTERRUPT_STATUS_VRING |
	      VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG; /* ignore undefined bits */
	if (!st)
		return 0;
	virtio_mmio_write(vm, VIRTIO_MMIO_INTERRUPT_ACK, st);
	vm->interrupts++;
	if (st & VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG) {
		vm->config_interrupts++;
		if (vm->vdev.config_changed)
			vm->vdev.config_changed(&vm->vdev);
	}
	if ((st & VIRTIO_MMIO_INTERRUPT_STATUS_VRING) && vm->vq_callback)
		for (q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
			if (vm->ready_queues & (1ull << q))
				vm->vq_callback(vm, q);
	return st;
}

/* ------------------------------------------------------------ virtqueues */

void virtio_mmio_vq_notify(struct virtqueue *vq)
{
	/* 4.2.3.3: with NOTIFICATION_DATA, the next avail index too */
	virtio_mmio_notify(to_virtio_mmio(vq->vdev), vq->index,
			   vq->avail_idx_shadow);
}

void virtio_mmio_vring_callback(struct virtio_mmio_device *vm, unsigned index)
{
	if (index < VIRTIO_MMIO_MAX_QUEUES && vm->vqs[index])
		vring_interrupt(vm->vqs[index]);
}

int virtio_mmio_setup_vq(struct virtio_mmio_device *vm, unsigned index,
			 unsigned num, struct dma_pool *pool,
			 void (*callback)(struct virtqueue *), const char *name,
			 struct virtqueue **out)
{
	struct vring_placement legacy = { .mode = VRING_PLACE_LEGACY,
					  .align = VIRTIO_MMIO_PAGE_SIZE };
	struct virtqueue *vq;
	unsigned num_max;
	int ret;

	*out = NULL;
	if (index >= VIRTIO_MMIO_MAX_QUEUES || vm->vqs[index])
		return -ENOENT;
	num_max = virtio_mmio_queue_num_max(vm, index);
	if (!num_max)
		return -ENOENT;
	if (!num)
		num = num_max;
	if (num > num_max || (num & (num - 1))) {
		virtio_driver_bug(
			&vm->vdev,
			"%s: queue %u size %u: must be a power of 2 and at most QueueNumMax %u (2.7, 4.2.2.2)",
			vm->vdev.name, index, num, num_max);
		return -EINVAL;
	}
	/* Linux's vm_setup_vq: the rings first, then the registers */
	vq = vring_create_virtqueue(&vm->vdev, index, num, pool,
				    vm->place[index]   ? vm->place[index]
				    : vm->version == 1 ? &legacy
						       : NULL,
				    virtio_mmio_vq_notify, callback, name);
	if (!vq)
		return -ENOMEM;
	ret = vm_program_queue(vm, index, num, virtqueue_get_desc_addr(vq),
			       virtqueue_get_avail_addr(vq),
			       virtqueue_get_used_addr(vq));
	if (ret) {
		vring_del_virtqueue(vq);
		return ret;
	}
	vm->vqs[index] = vq;
	if (!vm->vq_callback)
		vm->vq_callback = virtio_mmio_vring_callback;
	*out = vq;
	return 0;
}

int virtio_mmio_del_vq(struct virtio_mmio_device *vm, unsigned index)
{
	int ret;

	if (index >= VIRTIO_MMIO_MAX_QUEUES || !vm->vqs[index])
		return -ENOENT;
	ret = vm_stop_queue(vm, index);
	vring_del_virtqueue(vm->vqs[index]);
	vm->vqs[index] = NULL;
	return ret;
}

/* Linux's vm_find_vqs: queue indices in order for the named queues, each
 * QueueNumMax entries, rings from the hardware's DMA pool. */
static int vm_find_vqs(struct virtio_device *vdev, unsigned nvqs,
		       struct virtqueue *vqs[], vq_callback_t *callbacks[],
		       const char *const names[])
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	unsigned i, queue_idx = 0;
	int err;

	if (!vdev->hw->pool) {
		virtio_driver_bug(vdev,
				  "%s: find_vqs without a DMA pool in the hw",
				  vdev->name);
		return -EINVAL;
	}
	for (i = 0; i < nvqs; i++) {
		vqs[i] = NULL;
		if (!names[i])
			continue;
		err = virtio_mmio_setup_vq(vm, queue_idx++, 0, vdev->hw->pool,
					   callbacks ? callbacks[i] : NULL,
					   names[i], &vqs[i]);
		if (err) {
			vm_del_vqs(vdev);
			while (i--)
				vqs[i] = NULL;
			return err;
		}
	}
	return 0;
}

static void vm_del_vqs(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	unsigned q;

	for (q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		if (vm->vqs[q])
			virtio_mmio_del_vq(vm, q);
}

/* ------------------------------------------------ platform registration */

/* The interrupt service thread: a level interrupt, so whatever the
 * handler leaves pending keeps the line high and is served next. */
static void vm_irq_thread(void *arg)
{
	struct virtio_mmio_device *vm = arg;
	struct virtio_hw *hw = vm->vdev.hw;

	while (!vm->irq_stop) {
		if (hw->wait_irq(hw->ctx, VIRTIO_MMIO_IRQ_POLL) || vm->irq_stop)
			continue;
		if (!virtio_mmio_interrupt(vm))
			vm->irq_none++;
		sim_wait_cycles(hw->sim, VIRTIO_MMIO_IRQ_SETTLE);
	}
}

static void vm_stop_irq_thread(struct virtio_mmio_device *vm)
{
	if (!vm->irq_thread)
		return;
	vm->irq_stop = true;
	sim_thread_join(vm->vdev.hw->sim, vm->irq_thread, 0);
	vm->irq_thread = NULL;
}

/* vdev->release: free the model without touching the device. */
static void vm_release(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_virtio_mmio(vdev);
	unsigned q;

	for (q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		vring_del_virtqueue(vm->vqs[q]);
	free(vm);
}

int virtio_mmio_register(struct virtio_bus *bus, struct virtio_hw *hw,
			 uint64_t base, struct virtio_mmio_device **out)
{
	struct virtio_mmio_device *vm;
	char name[64];
	int err;

	*out = NULL;
	if (!hw->wait_irq)
		return -EINVAL;
	err = virtio_mmio_probe(hw, base, &vm);
	if (err)
		return err;
	vm->vdev.release = vm_release;
	/* Linux requests the interrupt before the driver can use it */
	snprintf(name, sizeof(name), "%s.irq", vm->vdev.name);
	vm->irq_thread = sim_spawn(hw->sim, name, vm_irq_thread, vm, 0);
	if (!vm->irq_thread) {
		free(vm);
		return -ENOMEM;
	}
	err = register_virtio_device(bus, &vm->vdev);
	if (err) {
		vm_stop_irq_thread(vm);
		vm_release(&vm->vdev);
		return err;
	}
	*out = vm;
	return 0;
}

void virtio_mmio_unregister(struct virtio_mmio_device *vm)
{
	if (!vm)
		return;
	unregister_virtio_device(&vm->vdev);
	vm_stop_irq_thread(vm);
	vm_release(&vm->vdev);
}

void virtio_mmio_stop(struct virtio_mmio_device *vm)
{
	if (vm)
		vm->irq_stop = true;
}
