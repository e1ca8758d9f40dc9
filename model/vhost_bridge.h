/* SPDX-License-Identifier: MIT */
/*
 * vhost_bridge.h - a vhost-user back-end served by a virtio-mmio device in
 * the simulation: the front-end (Linux's virtio_uml in User-Mode Linux)
 * talks vhost-user on a UNIX socket, and every message becomes the
 * device's own register accesses through the AXI4-Lite master, so the
 * RTL sees what a virtio-mmio driver would do (docs/linux.md).
 *
 *   message                       register accesses
 *   GET_FEATURES                  DeviceFeaturesSel 0/1, DeviceFeatures
 *   SET_FEATURES                  Status 0 (when not 0), ACKNOWLEDGE,
 *                                 DRIVER, DriverFeatures, FEATURES_OK,
 *                                 Status read back (refused: NACK)
 *   GET_CONFIG                    ConfigGeneration, config, generation
 *                                 again (retried until they agree)
 *   SET_CONFIG                    config writes
 *   SET_VRING_NUM / ADDR / BASE   QueueSel, QueueNumMax, QueueNum,
 *                                 QueueDesc/Driver/Device (base must be 0)
 *   SET_VRING_ENABLE 1            QueueReady 1; DRIVER_OK once every queue
 *                                 the device has is ready (or at the first
 *                                 kick or other message)
 *   SET_VRING_ENABLE 0            Status 0 once every enabled queue is off
 *   kick (eventfd)                QueueNotify
 *   irq line                      InterruptStatus, InterruptACK, then a
 *                                 call (8 bytes on the call fd) per queue
 *                                 with new used entries, and the
 *                                 config-change message on the back-end
 *                                 channel (VIRTIO_MMIO_INT_CONFIG)
 *
 * What the bridge offers: the device's features less ACCESS_PLATFORM,
 * NOTIFICATION_DATA and RING_RESET (the bridge carries no IOTLB, no
 * notification data, no queue reset), plus bit 30 (PROTOCOL_FEATURES),
 * stripped again before DriverFeatures; protocol features REPLY_ACK,
 * BACKEND_REQ and CONFIG. The front-end's memory (SET_MEM_TABLE) backs the
 * simulated memory at its guest addresses, read-write; everything else
 * stays as the caller set it (the Linux run makes it no-access, so a DMA
 * outside Linux's memory is reported).
 *
 * Threads: vhost_bridge_service() runs in a simulation thread (register
 * accesses wait for the bus); it never blocks on the front-end.
 */
#ifndef VHOST_BRIDGE_H
#define VHOST_BRIDGE_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "axil_master.h"
#include "irq_mon.h"
#include "mem.h"
#include "sim.h"

#define VHOST_BRIDGE_MAX_QUEUES 8

/** Options. */
struct vhost_bridge_cfg {
	const char *name;	  /* "net", "blk", ... (reports, summary) */
	const char *path;	  /* socket path (replaced if present) */
	sim_t *sim;		  /* kernel */
	struct axil_master *axil; /* the device's register port */
	uint64_t base;		  /* its register window */
	struct irq_mon *irq;	  /* its interrupt line */
	struct mem *mem;	  /* the DMA memory the front-end backs */
	uint32_t input_queues;	  /* rings whose chains wait for input from
				   * outside (net and console receive):
				   * their pending chains are not work */
};

/** Counters. */
struct vhost_bridge_stats {
	uint64_t messages;	  /* vhost-user messages handled */
	uint64_t kicks;		  /* QueueNotify writes */
	uint64_t irqs;		  /* interrupts serviced */
	uint64_t calls;		  /* calls sent to the front-end */
	uint64_t config_changes;  /* config-change messages sent */
	uint64_t used;		  /* used elements the device published */
	uint64_t resets;	  /* device resets (Status = 0) */
	uint64_t nacks;		  /* requests refused */
	uint64_t connects;	  /* front-end connections */
	uint64_t driver_features; /* last features written (without bit 30) */
};

struct vhost_bridge;

/** Listen on cfg->path: the bridge, or NULL with a message (reported). */
struct vhost_bridge *vhost_bridge_create(const struct vhost_bridge_cfg *cfg);
/** Close every fd, unback the memory, free. */
void vhost_bridge_destroy(struct vhost_bridge *b);

/** Add the fds the bridge waits on (listening socket or connection, kick
 *  fds) to pfd (at most max): the number added. */
int vhost_bridge_pollfds(const struct vhost_bridge *b, struct pollfd *pfd,
			 int max);
/** In a thread: handle what is ready (a connection, messages, kicks, the
 *  interrupt) without waiting for the front-end: the number of things
 *  done (0 when nothing was ready). */
int vhost_bridge_service(struct vhost_bridge *b);
/** True while the device has work: a ring (outside cfg.input_queues) has
 *  chains available that are not used yet. The caller keeps simulating
 *  while it is so, even without bus activity (a blk DISCARD zeroes its
 *  RAM without DMA). */
bool vhost_bridge_busy(const struct vhost_bridge *b);
/** True while the front-end is connected. */
bool vhost_bridge_connected(const struct vhost_bridge *b);
/** Counters. */
void vhost_bridge_stats(struct vhost_bridge *b, struct vhost_bridge_stats *out);

/** Print the bridge's state and every ready ring's indices (avail and
 *  used idx, flags, the event indices): what to look at when Linux waits. */
void vhost_bridge_dump(const struct vhost_bridge *b, FILE *out);

/** Features never offered to the front-end: ACCESS_PLATFORM (33),
 *  NOTIFICATION_DATA (38), RING_RESET (40), and bit 30 of the device. */
#define VHOST_BRIDGE_HIDDEN_FEATURES \
	((1ull << 33) | (1ull << 38) | (1ull << 40) | (1ull << 30))

#endif /* VHOST_BRIDGE_H */
