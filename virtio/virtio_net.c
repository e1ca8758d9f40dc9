/* SPDX-License-Identifier: MIT */
/*
 * virtio_net.c - the network device driver of the driver model.
 */
#include "virtio_net.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_mmio_regs.h"
#include "virtio_ring.h"

/* 5.1.6: the header is 12 bytes with VERSION_1 or MRG_RXBUF; a legacy
 * device without MRG_RXBUF has no num_buffers, 10 bytes */
#define VIRTNET_HDR_LEN 12u
#define VIRTNET_HDR_LEN_LEGACY 10u
/* A receive buffer: the header and the longest frame (Linux's small
 * buffers, used without MRG_RXBUF and guest offloads). */
#define VIRTNET_RX_BUF(vi) ((vi)->hdr_len + VIRTNET_MAX_FRAME)

_Static_assert(sizeof(struct virtio_net_hdr) == VIRTNET_HDR_LEN,
	       "virtio_net_hdr is 12 bytes (5.1.6)");
_Static_assert(offsetof(struct virtio_net_hdr, num_buffers) ==
		       VIRTNET_HDR_LEN_LEGACY,
	       "num_buffers is the last field, left out without it (5.1.6)");

/* A frame buffer in DMA memory: header, then the frame. */
struct virtnet_buf {
	uint64_t dma;		  /* the buffer */
	uint32_t len;		  /* tx: frame bytes; rx: used.len */
	struct virtnet_buf *next; /* received list */
};

/* Per device (vdev->priv). */
struct virtnet_info {
	struct virtio_drv_stats stats; /* ops: frames sent and read */
	struct virtqueue *rvq, *svq;   /* receiveq1, transmitq1 */
	uint32_t hdr_len;	       /* header bytes in front of a frame */
	bool any_header_sg;	       /* header and frame may share a
					* descriptor (VERSION_1 or
					* ANY_LAYOUT) */
	uint8_t mac[6];		       /* address */
	uint16_t status;	       /* config status (link) */
	sim_event_t *rx_event;	       /* a frame arrived */
	sim_event_t *tx_event;	       /* a transmit buffer came back */
	struct virtnet_buf *rx_head;   /* received, in arrival order */
	struct virtnet_buf **rx_tail;  /* where the next one goes */
	unsigned rx_pending;	       /* frames on the list */
};

static struct virtnet_info *virtnet_info(struct virtio_device *vdev)
{
	return virtio_drv_bound(vdev, &virtio_net_driver) ? vdev->priv : NULL;
}

static void virtnet_free_buf(struct virtio_device *vdev, struct virtnet_buf *b)
{
	virtio_dma_free(vdev, b->dma);
	free(b);
}

/* ------------------------------------------------------------- callbacks */

/* Receive interrupt (Linux's skb_recv_done and the poll behind it): move
 * every used receive buffer to the list and wake the reader. */
static void virtnet_recv_done(struct virtqueue *rvq)
{
	struct virtnet_info *vi = rvq->vdev->priv;
	struct virtnet_buf *b;
	uint32_t len;

	while ((b = virtqueue_get_buf(rvq, &len))) {
		b->len = len;
		b->next = NULL;
		*vi->rx_tail = b;
		vi->rx_tail = &b->next;
		vi->rx_pending++;
	}
	sim_event_notify(vi->rx_event);
}

/* Transmit interrupt (skb_xmit_done and free_old_xmit): the device is done
 * with these frames. */
static void virtnet_xmit_done(struct virtqueue *svq)
{
	struct virtnet_info *vi = svq->vdev->priv;
	struct virtnet_buf *b;

	while ((b = virtqueue_get_buf(svq, NULL))) {
		vi->stats.ops++;
		vi->stats.bytes_out += b->len;
		virtnet_free_buf(svq->vdev, b);
	}
	sim_event_notify(vi->tx_event);
}

/* -------------------------------------------------------- receive buffers */

/* Post a receive buffer: one device-writable descriptor (5.1.6.3). */
static int virtnet_add_recvbuf(struct virtnet_info *vi, struct virtnet_buf *b)
{
	struct scatterlist sg;

	sg_init_one(&sg, b->dma, VIRTNET_RX_BUF(vi));
	return virtqueue_add_inbuf(vi->rvq, &sg, 1, b);
}

/* Fill the receive queue (Linux's try_fill_recv): 0, or -ENOMEM when not
 * one buffer could be posted. */
static int virtnet_fill_recv(struct virtio_device *vdev,
			     struct virtnet_info *vi)
{
	unsigned added = 0;

	while (virtqueue_num_free(vi->rvq)) {
		struct virtnet_buf *b = calloc(1, sizeof(*b));

		if (!b || virtio_dma_alloc(vdev, VIRTNET_RX_BUF(vi), &b->dma)) {
			free(b);
			break;
		}
		if (virtnet_add_recvbuf(vi, b)) {
			virtnet_free_buf(vdev, b);
			break;
		}
		added++;
	}
	return added ? 0 : -ENOMEM;
}

/* ------------------------------------------------------------- data path */

/* virtnet_send() once the bus let the caller in. */
static int virtnet_xmit(struct virtio_device *vdev, struct virtnet_info *vi,
			const void *frame, uint32_t len)
{
	static const struct virtio_net_hdr hdr; /* no offloads: all zero */
	uint64_t deadline = virtio_drv_deadline(vdev, 0);
	struct virtnet_buf *b;
	struct scatterlist sg[2];
	unsigned nsg;
	int err;

	if (!len || len > VIRTNET_MAX_FRAME)
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b || virtio_dma_alloc(vdev, vi->hdr_len + len, &b->dma)) {
		free(b);
		return -ENOMEM;
	}
	b->len = len;
	/* the header says nothing is offloaded */
	mem_write(vdev->hw->mem, b->dma, &hdr, vi->hdr_len);
	mem_write(vdev->hw->mem, b->dma + vi->hdr_len, frame, len);
	/* 5.1.6.2: header and frame in one descriptor when any layout goes
	 * (VERSION_1 implies it); a legacy device without ANY_LAYOUT may
	 * rely on the header having a descriptor of its own (2.7.4.3), as
	 * Linux's xmit_skb gives it without any_header_sg */
	if (vi->any_header_sg) {
		sg_init_one(&sg[0], b->dma, vi->hdr_len + len);
		nsg = 1;
	} else {
		sg_init_table(sg, 2);
		sg_set_buf(&sg[0], b->dma, vi->hdr_len);
		sg_set_buf(&sg[1], b->dma + vi->hdr_len, len);
		nsg = 2;
	}
	/* a full ring drains as the device sends (Linux stops the queue) */
	while ((err = virtqueue_add_outbuf(vi->svq, sg, nsg, b)) == -ENOSPC) {
		err = virtio_drv_wait(vdev, vi->tx_event, deadline);
		if (err)
			break;
	}
	if (err) {
		virtnet_free_buf(vdev, b);
		vi->stats.errors++;
		return err;
	}
	virtqueue_kick(vi->svq);
	return 0;
}

int virtnet_send(struct virtio_device *vdev, const void *frame, uint32_t len)
{
	int err = virtio_drv_enter(vdev, &virtio_net_driver);

	if (err)
		return err;
	err = virtnet_xmit(vdev, vdev->priv, frame, len);
	virtio_drv_leave(vdev);
	return err;
}

/* 5.1.6.4: what a device writes into a receive header when nothing was
 * negotiated beyond VERSION_1; num_buffers is there only in a 12-byte
 * header. */
static void virtnet_check_hdr(struct virtio_device *vdev,
			      struct virtnet_info *vi,
			      const struct virtio_net_hdr *h)
{
	bool num_ok = vi->hdr_len < VIRTNET_HDR_LEN ||
		      virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF) ||
		      h->num_buffers == 1;

	if (h->flags || h->gso_type != VIRTIO_NET_HDR_GSO_NONE || !num_ok)
		sim_report(
			vdev->hw->sim, SIM_ERROR, "virtio.device",
			"%s: receive header flags 0x%02x, gso_type %u, num_buffers %u: want 0, NONE and 1 without offloads or MRG_RXBUF (5.1.6.4)",
			vdev->name, h->flags, h->gso_type,
			vi->hdr_len < VIRTNET_HDR_LEN ? 1u : h->num_buffers);
}

/* Give a receive buffer back to the device, or free it when it cannot
 * be posted. */
static void virtnet_repost(struct virtio_device *vdev, struct virtnet_info *vi,
			   struct virtnet_buf *b)
{
	if (virtnet_add_recvbuf(vi, b))
		virtnet_free_buf(vdev, b);
	else
		virtqueue_kick(vi->rvq);
}

/* virtnet_recv() once the bus let the caller in. */
static int virtnet_receive(struct virtio_device *vdev, struct virtnet_info *vi,
			   void *buf, uint32_t cap, uint32_t *len,
			   uint64_t timeout)
{
	uint64_t deadline = virtio_drv_deadline(vdev, timeout);
	struct virtio_net_hdr hdr = { 0 };
	struct virtnet_buf *b;
	uint32_t flen;
	int err = 0;

	for (;;) {
		while (!vi->rx_head &&
		       !(err = virtio_drv_wait(vdev, vi->rx_event, deadline)))
			;
		b = vi->rx_head;
		if (!b)
			return err;
		vi->rx_head = b->next;
		if (!vi->rx_head)
			vi->rx_tail = &vi->rx_head;
		vi->rx_pending--;
		if (b->len >= vi->hdr_len)
			break;
		/* Linux: "rx error: len too short", the frame is dropped */
		vi->stats.errors++;
		virtnet_repost(vdev, vi, b);
	}
	mem_read(vdev->hw->mem, b->dma, &hdr, vi->hdr_len);
	virtnet_check_hdr(vdev, vi, &hdr);
	flen = b->len - vi->hdr_len;
	err = flen > cap ? -EMSGSIZE : 0;
	mem_read(vdev->hw->mem, b->dma + vi->hdr_len, buf,
		 flen < cap ? flen : cap);
	*len = flen;
	vi->stats.ops++;
	vi->stats.bytes_in += flen;
	/* the buffer goes back to the device */
	virtnet_repost(vdev, vi, b);
	return err;
}

int virtnet_recv(struct virtio_device *vdev, void *buf, uint32_t cap,
		 uint32_t *len, uint64_t timeout)
{
	int err;

	*len = 0;
	err = virtio_drv_enter(vdev, &virtio_net_driver);
	if (err)
		return err;
	err = virtnet_receive(vdev, vdev->priv, buf, cap, len, timeout);
	virtio_drv_leave(vdev);
	return err;
}

void virtnet_mac(struct virtio_device *vdev, uint8_t mac[6])
{
	struct virtnet_info *vi = virtnet_info(vdev);

	if (vi)
		memcpy(mac, vi->mac, 6);
	else
		memset(mac, 0, 6);
}

bool virtnet_link_up(struct virtio_device *vdev)
{
	struct virtnet_info *vi = virtnet_info(vdev);

	return vi && (vi->status & VIRTIO_NET_S_LINK_UP);
}

unsigned virtnet_rx_pending(struct virtio_device *vdev)
{
	struct virtnet_info *vi = virtnet_info(vdev);

	return vi ? vi->rx_pending : 0;
}

/* ------------------------------------------------------- probe / remove */

static void virtnet_read_status(struct virtio_device *vdev,
				struct virtnet_info *vi)
{
	/* 5.1.4: without VIRTIO_NET_F_STATUS the link is assumed up */
	vi->status = virtio_has_feature(vdev, VIRTIO_NET_F_STATUS)
			     ? virtio_cread16(vdev, VIRTIO_NET_CFG_STATUS)
			     : VIRTIO_NET_S_LINK_UP;
}

static int virtnet_probe(struct virtio_device *vdev)
{
	static const char *const names[] = { "input.0", "output.0" };
	vq_callback_t *callbacks[] = { virtnet_recv_done, virtnet_xmit_done };
	struct virtnet_info *vi = calloc(1, sizeof(*vi));
	struct virtqueue *vqs[2];
	int err;

	if (!vi)
		return -ENOMEM;
	vi->rx_tail = &vi->rx_head;
	/* Linux's virtnet_probe: the header size and layout from the
	 * negotiated features */
	if (virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF) ||
	    virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
		vi->hdr_len = VIRTNET_HDR_LEN;
	else
		vi->hdr_len = VIRTNET_HDR_LEN_LEGACY;
	vi->any_header_sg = virtio_has_feature(vdev, VIRTIO_F_ANY_LAYOUT) ||
			    virtio_has_feature(vdev, VIRTIO_F_VERSION_1);
	/* 5.1.5: the address from the config space, else a random one */
	if (virtio_has_feature(vdev, VIRTIO_NET_F_MAC)) {
		virtio_cread_bytes(vdev, VIRTIO_NET_CFG_MAC, vi->mac, 6);
	} else {
		struct sim_rng r = sim_rng(vdev->hw->sim, vdev->name);
		uint64_t x = sim_rng_u64(&r);

		memcpy(vi->mac, &x, 6);
		vi->mac[0] = (uint8_t)((vi->mac[0] & 0xfe) | 0x02);
	}
	virtnet_read_status(vdev, vi);
	/* a callback may run while the second queue is being set up (Linux
	 * sets vdev->priv first too) */
	vi->rx_event = sim_event(vdev->hw->sim, "virtio_net.rx");
	vi->tx_event = sim_event(vdev->hw->sim, "virtio_net.tx");
	vdev->priv = vi;
	/* 5.1.2: receiveq1 and transmitq1 */
	err = virtio_find_vqs(vdev, 2, vqs, callbacks, names);
	if (err)
		goto err_vqs;
	vi->rvq = vqs[VIRTIO_NET_VQ_RX];
	vi->svq = vqs[VIRTIO_NET_VQ_TX];
	vdev->drv_stats = &vi->stats;
	/* 5.1.5: fill the receive queue; notify only after DRIVER_OK */
	err = virtnet_fill_recv(vdev, vi);
	if (err)
		goto err_fill;
	virtio_device_ready(vdev);
	virtqueue_kick(vi->rvq);
	return 0;

err_fill:
	virtio_reset_device(vdev);
	virtio_del_vqs(vdev);
err_vqs:
	vdev->priv = NULL;
	free(vi);
	return err;
}

/* Every buffer the driver still holds or the device never used. */
static void virtnet_free_bufs(struct virtio_device *vdev)
{
	struct virtnet_info *vi = vdev->priv;
	struct virtnet_buf *b;

	while ((b = virtqueue_detach_unused_buf(vi->rvq)))
		virtnet_free_buf(vdev, b);
	while ((b = virtqueue_detach_unused_buf(vi->svq)))
		virtnet_free_buf(vdev, b);
	while ((b = vi->rx_head)) {
		vi->rx_head = b->next;
		virtnet_free_buf(vdev, b);
	}
	vi->rx_tail = &vi->rx_head;
	vi->rx_pending = 0;
}

static void virtnet_remove(struct virtio_device *vdev)
{
	/* Linux's remove_vq_common: reset, free the buffers, delete queues */
	virtio_reset_device(vdev);
	virtnet_free_bufs(vdev);
	virtio_del_vqs(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

static void virtnet_release(struct virtio_device *vdev)
{
	virtnet_free_bufs(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

/* The link status may have changed (Linux's virtnet_config_changed_work). */
static void virtnet_config_changed(struct virtio_device *vdev)
{
	virtnet_read_status(vdev, vdev->priv);
}

static const struct virtio_device_id virtnet_id_table[] = {
	{ VIRTIO_ID_NET, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static const unsigned virtnet_features[] = {
	VIRTIO_NET_F_MAC,
	VIRTIO_NET_F_STATUS,
};

struct virtio_driver virtio_net_driver = {
	.name = "virtio_net",
	.id_table = virtnet_id_table,
	.feature_table = virtnet_features,
	.feature_table_size = sizeof(virtnet_features) / sizeof(unsigned),
	.probe = virtnet_probe,
	.remove = virtnet_remove,
	.config_changed = virtnet_config_changed,
	.release = virtnet_release,
};
