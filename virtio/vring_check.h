/* SPDX-License-Identifier: MIT */
/*
 * vring_check.h - the checker of a split virtqueue, apart from the driver
 * (virtio_ring.c). The driver calls the hooks below where a Linux driver
 * touches the rings; the checker keeps its own books (struct vring_check,
 * private to vring_check.c, one per queue behind vq->check) and watches
 * the device through a tap on the memory. It reads the driver's public
 * fields of struct virtqueue (ring addresses, label, last_used_idx,
 * avail_idx_shadow, outstanding, has_indirect, broken) and writes only
 * vq->broken, from the tap, when the device breaks the queue.
 *
 * What it checks:
 *   - "virtio.device": a used.len larger than the chain's writable bytes
 *     (2.7.8.2), the used index moving by more than the buffers
 *     outstanding (or backwards), the used index written before the used
 *     elements it publishes, a head completed before the device read an
 *     avail index that made it available (2.7.13); the first two break
 *     the queue (as Linux's BAD_RING);
 *   - "mem.perm" (raised by the memory): the permissions it paints (2.7.5.1,
 *     Q4): descriptor table and avail ring device-readable, used ring
 *     device-writable, each posted buffer readable or writable as its
 *     descriptor says, indirect tables readable, and reclaimed buffers no
 *     access. Overlapping buffers (on any queue of the same memory) keep the
 *     union of the permissions of the ones still outstanding;
 *   - "virtio.driver": the driver rules of 2.7.4.2, 2.7.5.2, 2.7.5.3.1 and
 *     3.3.1 (Q13) on every chain the driver adds and every avail index it
 *     writes. Tests that write rings raw (testbench/vq/vring_raw.h) ask for
 *     the same judgement with vring_check_chain() and
 *     vring_check_avail_idx().
 *
 * Order of the calls for one buffer: vring_check_add() once its
 * descriptors (and table) are written, vring_check_avail_idx() before
 * avail->idx is written, vring_check_used_idx() on each used->idx read,
 * vring_check_used() on its used element, vring_check_detach() when it is
 * back with the driver (used or not).
 */
#ifndef VRING_CHECK_H
#define VRING_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio_ring.h"

/** Report a rule the device broke, with the queue's label and index. */
#define vring_device_bug(vq, fmt, ...)                              \
	sim_report((vq)->vdev->hw->sim, SIM_ERROR, "virtio.device", \
		   "%s: queue %u: " fmt, (vq)->label, (vq)->index,  \
		   __VA_ARGS__)
/** Report a driver rule broken (Q13), with the queue's label and index. */
#define vring_driver_bug(vq, fmt, ...)                              \
	sim_report((vq)->vdev->hw->sim, SIM_ERROR, "virtio.driver", \
		   "%s: queue %u: " fmt, (vq)->label, (vq)->index,  \
		   __VA_ARGS__)

/** Start checking vq, whose rings are placed and zeroed: name its regions
 *  "<label>.desc" and so on, open the rings to the device (Q4) and tap the
 *  memory; sets vq->check. 0 or -ENOMEM. */
int vring_check_create(struct virtqueue *vq);
/** Stop checking vq: buffers still outstanding and the rings become
 *  no-access, the tap goes; vq->check is freed and cleared. */
void vring_check_destroy(struct virtqueue *vq);

/** The driver wrote the chain at head and is about to make it available:
 *  walk it as the device will (vring_check_chain), open its buffers and
 *  table to the device, and remember its writable bytes and its place in
 *  avail order. 0 or -ENOMEM (nothing remembered then). */
int vring_check_add(struct virtqueue *vq, unsigned head);
/** avail->idx is about to be written with idx: a decrease (2.7.6.1) or a
 *  step of more than the queue size (2.7) is reported. */
void vring_check_avail_idx(struct virtqueue *vq, uint16_t idx);
/** The driver took its last avail entry back after a reset (Linux's
 *  detach_unused_buf: avail->idx goes back by one, allowed then). */
void vring_check_avail_retract(struct virtqueue *vq);

/** The driver read used->idx = idx: false, reported, when it is further
 *  past last_used_idx than the buffers outstanding (2.7.8). */
bool vring_check_used_idx(struct virtqueue *vq, uint16_t idx);
/** The driver takes the used element (id, len) at last_used_idx, id an
 *  outstanding head: false, reported, when len exceeds the writable bytes
 *  (2.7.8.2); a head the device could not yet know of is reported
 *  (2.7.13) but accepted. */
bool vring_check_used(struct virtqueue *vq, unsigned id, uint32_t len);
/** head's buffer is back with the driver (used or detached): its buffers
 *  and table become no-access unless another outstanding buffer covers
 *  them. */
void vring_check_detach(struct virtqueue *vq, unsigned head);

/** Walk the chain at head of vq's descriptor table as a device would
 *  (2.7.5) and report the first driver rule it breaks (Q13): false then.
 *  vring_check_add() does it on every chain the driver adds; tests call it
 *  on chains they wrote raw. */
bool vring_check_chain(struct virtqueue *vq, unsigned head);

#endif /* VRING_CHECK_H */
