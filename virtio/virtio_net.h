/* SPDX-License-Identifier: MIT */
/*
 * virtio_net.h - the network device driver of the driver model (virtio 1.2
 * section 5.1), in the spirit of Linux's drivers/net/virtio_net.c with
 * small receive buffers: receiveq1 and transmitq1, the MAC address and
 * link status from the configuration space, a virtio_net_hdr in front of
 * every frame (12 bytes with VERSION_1, 10 without num_buffers on a legacy
 * device, 5.1.6), no offloads.
 *
 * Receive buffers (one descriptor each, header and a full Ethernet frame)
 * fill the receive queue at probe and are posted again as frames are
 * read; used receive buffers wait in arrival order for virtnet_recv(). A
 * transmitted frame is copied to its own DMA buffer and given back by the
 * transmit callback once the device used it.
 *
 * The driver checks the receive header the device wrote (5.1.6.4): without
 * offloads negotiated flags and gso_type are 0, and without MRG_RXBUF
 * num_buffers is 1 (reported as "virtio.device").
 */
#ifndef VIRTIO_NET_H
#define VIRTIO_NET_H

#include <stdint.h>

#include "virtio_bus.h"

/* 5.1.2 virtqueues */
#define VIRTIO_NET_VQ_RX 0 /* receiveq1 */
#define VIRTIO_NET_VQ_TX 1 /* transmitq1 */

/* 5.1.3 feature bits (the ones this driver names) */
#define VIRTIO_NET_F_CSUM 0	  /* device handles partial checksums */
#define VIRTIO_NET_F_GUEST_CSUM 1 /* driver handles partial checksums */
#define VIRTIO_NET_F_MTU 3	  /* mtu in the config space */
#define VIRTIO_NET_F_MAC 5	  /* mac in the config space */
#define VIRTIO_NET_F_MRG_RXBUF 15 /* receive buffers may be merged */
#define VIRTIO_NET_F_STATUS 16	  /* status in the config space */
#define VIRTIO_NET_F_CTRL_VQ 17	  /* control channel */
#define VIRTIO_NET_F_MQ 22	  /* several queue pairs */

/* 5.1.4 configuration layout: struct virtio_net_config offsets */
#define VIRTIO_NET_CFG_MAC 0	   /* u8 mac[6] */
#define VIRTIO_NET_CFG_STATUS 6	   /* le16 status */
#define VIRTIO_NET_CFG_MAX_PAIRS 8 /* le16 max_virtqueue_pairs */
#define VIRTIO_NET_CFG_MTU 10	   /* le16 mtu */
#define VIRTIO_NET_S_LINK_UP 1u	   /* status bits */
#define VIRTIO_NET_S_ANNOUNCE 2u

/* 5.1.6 the header in front of every frame; 12 bytes with VERSION_1 or
 * MRG_RXBUF, else the first 10 (no num_buffers) */
struct virtio_net_hdr {
	uint8_t flags;	      /* VIRTIO_NET_HDR_F_* */
	uint8_t gso_type;     /* VIRTIO_NET_HDR_GSO_* */
	uint16_t hdr_len;     /* le16 */
	uint16_t gso_size;    /* le16 */
	uint16_t csum_start;  /* le16 */
	uint16_t csum_offset; /* le16 */
	uint16_t num_buffers; /* le16: buffers a received frame took */
};
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1u
#define VIRTIO_NET_HDR_F_DATA_VALID 2u
#define VIRTIO_NET_HDR_F_RSC_INFO 4u
#define VIRTIO_NET_HDR_GSO_NONE 0u

/* Longest frame: Ethernet header, VLAN tag and 1500 bytes of payload
 * (Linux's GOOD_PACKET_LEN); receive buffers hold the header and this. */
#define VIRTNET_MAX_FRAME 1518u

/** The driver: register it with register_virtio_driver(). */
extern struct virtio_driver virtio_net_driver;

/** Queue a frame of len bytes (1..VIRTNET_MAX_FRAME, without the header)
 *  for transmission and notify the device; waits (VIRTIO_DRV_TIMEOUT) only
 *  while the transmit queue is full. 0, -EINVAL, -ENODEV (not a bound net
 *  device, or it went away while the send waited), -ENOMEM, -ETIMEDOUT.
 *  In a thread. */
int virtnet_send(struct virtio_device *vdev, const void *frame, uint32_t len);
/** Wait for the next received frame (timeout in cycles, 0:
 *  VIRTIO_DRV_TIMEOUT) and copy it without the header into buf (cap
 *  bytes), its length into *len: 0, -EMSGSIZE (longer than cap: cut),
 *  -ENODEV (also when the device went away while the call waited),
 *  -ETIMEDOUT (no frame). In a thread. */
int virtnet_recv(struct virtio_device *vdev, void *buf, uint32_t cap,
		 uint32_t *len, uint64_t timeout);
/** The MAC address: from the configuration space with VIRTIO_NET_F_MAC,
 *  else a random locally administered one (as Linux). */
void virtnet_mac(struct virtio_device *vdev, uint8_t mac[6]);
/** The link is up: the status field with VIRTIO_NET_F_STATUS (re-read on a
 *  configuration change), else always. */
bool virtnet_link_up(struct virtio_device *vdev);
/** Frames received and not read yet. */
unsigned virtnet_rx_pending(struct virtio_device *vdev);

#endif /* VIRTIO_NET_H */
