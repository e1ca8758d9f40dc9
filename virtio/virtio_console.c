/* SPDX-License-Identifier: MIT */
/*
 * virtio_console.c - the console device driver of the driver model.
 */
#include "virtio_console.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_ring.h"

/* A buffer in DMA memory (Linux's struct port_buffer). */
struct port_buffer {
	uint64_t dma;		  /* the bytes */
	uint32_t len;		  /* rx: used.len; tx: bytes to send */
	uint32_t offset;	  /* rx: bytes already read */
	bool done;		  /* tx: the device used it */
	bool abandoned;		  /* tx: its writer timed out */
	struct port_buffer *next; /* rx: the list of received buffers */
};

/* Per device (vdev->priv): port 0. */
struct virtcons_info {
	struct virtio_drv_stats stats;	  /* ops: writes and reads */
	struct virtqueue *in_vq, *out_vq; /* receiveq0, transmitq0 */
	uint16_t cols, rows;		  /* console size */
	sim_event_t *in_event;		  /* bytes arrived */
	sim_event_t *out_event;		  /* a transmit buffer came back */
	struct port_buffer *inbuf;	  /* received, oldest first */
	struct port_buffer **in_tail;	  /* where the next one goes */
	uint64_t in_pending;		  /* bytes on the list */
};

static struct virtcons_info *virtcons_of(struct virtio_device *vdev)
{
	return virtio_drv_bound(vdev, &virtio_console_driver) ? vdev->priv
							      : NULL;
}

static void free_buf(struct virtio_device *vdev, struct port_buffer *b)
{
	virtio_dma_free(vdev, b->dma);
	free(b);
}

static struct port_buffer *alloc_buf(struct virtio_device *vdev, uint32_t size)
{
	struct port_buffer *b = calloc(1, sizeof(*b));

	if (!b || virtio_dma_alloc(vdev, size, &b->dma)) {
		free(b);
		return NULL;
	}
	return b;
}

/* ------------------------------------------------------------- callbacks */

/* Receive interrupt (Linux's in_intr): queue what came, wake the reader. */
static void in_intr(struct virtqueue *vq)
{
	struct virtcons_info *vi = vq->vdev->priv;
	struct port_buffer *b;
	uint32_t len;

	while ((b = virtqueue_get_buf(vq, &len))) {
		b->len = len;
		b->offset = 0;
		b->next = NULL;
		*vi->in_tail = b;
		vi->in_tail = &b->next;
		vi->in_pending += len;
	}
	sim_event_notify(vi->in_event);
}

/* Transmit interrupt (out_intr): the device used these bytes. */
static void out_intr(struct virtqueue *vq)
{
	struct virtcons_info *vi = vq->vdev->priv;
	struct port_buffer *b;

	while ((b = virtqueue_get_buf(vq, NULL))) {
		b->done = true;
		if (b->abandoned)
			free_buf(vq->vdev, b);
	}
	sim_event_notify(vi->out_event);
}

/* Post a receive buffer of VIRTCONS_BUF_SIZE bytes (add_inbuf). */
static int add_inbuf(struct virtcons_info *vi, struct port_buffer *b)
{
	struct scatterlist sg;

	sg_init_one(&sg, b->dma, VIRTCONS_BUF_SIZE);
	return virtqueue_add_inbuf(vi->in_vq, &sg, 1, b);
}

/* Fill the receive queue (fill_queue): 0, or -ENOMEM when nothing could
 * be posted. */
static int fill_queue(struct virtio_device *vdev, struct virtcons_info *vi)
{
	unsigned added = 0;
	struct port_buffer *b;

	while (virtqueue_num_free(vi->in_vq) &&
	       (b = alloc_buf(vdev, VIRTCONS_BUF_SIZE))) {
		if (add_inbuf(vi, b)) {
			free_buf(vdev, b);
			break;
		}
		added++;
	}
	return added ? 0 : -ENOMEM;
}

/* ------------------------------------------------------------- data path */

/* One transmit buffer, waited for (Linux's __send_to_port). */
static int send_buf(struct virtio_device *vdev, struct virtcons_info *vi,
		    const uint8_t *p, uint32_t len)
{
	uint64_t deadline = virtio_drv_deadline(vdev, 0);
	struct port_buffer *b = alloc_buf(vdev, len);
	struct scatterlist sg;
	int err;

	if (!b)
		return -ENOMEM;
	b->len = len;
	mem_write(vdev->hw->mem, b->dma, p, len);
	sg_init_one(&sg, b->dma, len);
	while ((err = virtqueue_add_outbuf(vi->out_vq, &sg, 1, b)) == -ENOSPC) {
		err = virtio_drv_wait(vdev, vi->out_event, deadline);
		if (err)
			break;
	}
	if (err) {
		free_buf(vdev, b);
		return err;
	}
	virtqueue_kick(vi->out_vq);
	while (!b->done &&
	       !(err = virtio_drv_wait(vdev, vi->out_event, deadline)))
		;
	if (!b->done) {
		/* timed out, or the device goes: it still owns the buffer,
		 * which the callback or remove frees */
		b->abandoned = true;
		return err;
	}
	free_buf(vdev, b);
	return 0;
}

int virtcons_write(struct virtio_device *vdev, const void *buf, uint32_t len)
{
	struct virtcons_info *vi;
	const uint8_t *p = buf;
	int err = virtio_drv_enter(vdev, &virtio_console_driver);

	if (err)
		return err;
	vi = vdev->priv;
	while (len && !err) {
		uint32_t n = len < VIRTCONS_BUF_SIZE ? len : VIRTCONS_BUF_SIZE;

		err = send_buf(vdev, vi, p, n);
		if (!err) {
			vi->stats.bytes_out += n;
			p += n;
			len -= n;
		}
	}
	if (err)
		vi->stats.errors++;
	else
		vi->stats.ops++;
	virtio_drv_leave(vdev);
	return err;
}

/* virtcons_read() once the bus let the caller in. */
static int virtcons_do_read(struct virtio_device *vdev,
			    struct virtcons_info *vi, uint8_t *p, uint32_t cap,
			    uint32_t *len, uint64_t timeout)
{
	uint64_t deadline = virtio_drv_deadline(vdev, timeout);
	uint32_t got = 0;
	int err = 0;

	if (!cap)
		return -EINVAL;
	while (!vi->in_pending &&
	       !(err = virtio_drv_wait(vdev, vi->in_event, deadline)))
		;
	if (!vi->in_pending)
		return err;
	/* the bytes in order, across buffers; empty ones go back */
	while (vi->inbuf && got < cap) {
		struct port_buffer *b = vi->inbuf;
		uint32_t n = b->len - b->offset;

		if (n > cap - got)
			n = cap - got;
		mem_read(vdev->hw->mem, b->dma + b->offset, p + got, n);
		b->offset += n;
		got += n;
		vi->in_pending -= n;
		if (b->offset < b->len)
			break;
		vi->inbuf = b->next;
		if (!vi->inbuf)
			vi->in_tail = &vi->inbuf;
		if (add_inbuf(vi, b))
			free_buf(vdev, b);
	}
	virtqueue_kick(vi->in_vq);
	*len = got;
	vi->stats.ops++;
	vi->stats.bytes_in += got;
	return 0;
}

int virtcons_read(struct virtio_device *vdev, void *buf, uint32_t cap,
		  uint32_t *len, uint64_t timeout)
{
	int err;

	*len = 0;
	err = virtio_drv_enter(vdev, &virtio_console_driver);
	if (err)
		return err;
	err = virtcons_do_read(vdev, vdev->priv, buf, cap, len, timeout);
	virtio_drv_leave(vdev);
	return err;
}

void virtcons_size(struct virtio_device *vdev, uint16_t *cols, uint16_t *rows)
{
	struct virtcons_info *vi = virtcons_of(vdev);

	*cols = vi ? vi->cols : 0;
	*rows = vi ? vi->rows : 0;
}

int virtcons_emerg_write(struct virtio_device *vdev, uint8_t c)
{
	int err = virtio_drv_enter(vdev, &virtio_console_driver);

	if (err)
		return err;
	if (virtio_has_feature(vdev, VIRTIO_CONSOLE_F_EMERG_WRITE))
		virtio_cwrite32(vdev, VIRTIO_CONSOLE_CFG_EMERG_WR, c);
	else
		err = -EOPNOTSUPP;
	virtio_drv_leave(vdev);
	return err;
}

uint64_t virtcons_rx_pending(struct virtio_device *vdev)
{
	struct virtcons_info *vi = virtcons_of(vdev);

	return vi ? vi->in_pending : 0;
}

/* ------------------------------------------------------- probe / remove */

/* 5.3.4: cols and rows are valid with VIRTIO_CONSOLE_F_SIZE. */
static void virtcons_read_size(struct virtio_device *vdev,
			       struct virtcons_info *vi)
{
	if (!virtio_has_feature(vdev, VIRTIO_CONSOLE_F_SIZE))
		return;
	vi->cols = virtio_cread16(vdev, VIRTIO_CONSOLE_CFG_COLS);
	vi->rows = virtio_cread16(vdev, VIRTIO_CONSOLE_CFG_ROWS);
}

static int virtcons_probe(struct virtio_device *vdev)
{
	static const char *const names[] = { "input", "output" };
	vq_callback_t *callbacks[] = { in_intr, out_intr };
	struct virtcons_info *vi = calloc(1, sizeof(*vi));
	struct virtqueue *vqs[2];
	int err;

	if (!vi)
		return -ENOMEM;
	vi->in_tail = &vi->inbuf;
	/* a callback may run while the second queue is being set up (Linux
	 * sets vdev->priv first too) */
	vi->in_event = sim_event(vdev->hw->sim, "virtio_console.in");
	vi->out_event = sim_event(vdev->hw->sim, "virtio_console.out");
	vdev->priv = vi;
	/* 5.3.2: port 0's queues (no MULTIPORT: no control queues) */
	err = virtio_find_vqs(vdev, 2, vqs, callbacks, names);
	if (err) {
		vdev->priv = NULL;
		free(vi);
		return err;
	}
	vi->in_vq = vqs[VIRTIO_CONSOLE_VQ_RX];
	vi->out_vq = vqs[VIRTIO_CONSOLE_VQ_TX];
	vdev->drv_stats = &vi->stats;
	virtcons_read_size(vdev, vi);
	/* 5.3.5: receive buffers first; notify once DRIVER_OK is set */
	err = fill_queue(vdev, vi);
	if (err) {
		virtio_reset_device(vdev);
		virtio_del_vqs(vdev);
		vdev->priv = NULL;
		free(vi);
		return err;
	}
	virtio_device_ready(vdev);
	virtqueue_kick(vi->in_vq);
	return 0;
}

static void virtcons_free_bufs(struct virtio_device *vdev)
{
	struct virtcons_info *vi = vdev->priv;
	struct port_buffer *b;

	while ((b = virtqueue_detach_unused_buf(vi->in_vq)))
		free_buf(vdev, b);
	while ((b = virtqueue_detach_unused_buf(vi->out_vq)))
		free_buf(vdev, b);
	while ((b = vi->inbuf)) {
		vi->inbuf = b->next;
		free_buf(vdev, b);
	}
	vi->in_tail = &vi->inbuf;
	vi->in_pending = 0;
}

static void virtcons_remove(struct virtio_device *vdev)
{
	virtio_reset_device(vdev);
	virtcons_free_bufs(vdev);
	virtio_del_vqs(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

static void virtcons_release(struct virtio_device *vdev)
{
	virtcons_free_bufs(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

/* The console was resized (config_intr without MULTIPORT). */
static void virtcons_config_changed(struct virtio_device *vdev)
{
	virtcons_read_size(vdev, vdev->priv);
}

static const struct virtio_device_id virtcons_id_table[] = {
	{ VIRTIO_ID_CONSOLE, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static const unsigned virtcons_features[] = {
	VIRTIO_CONSOLE_F_SIZE,
	VIRTIO_CONSOLE_F_EMERG_WRITE,
};

struct virtio_driver virtio_console_driver = {
	.name = "virtio_console",
	.id_table = virtcons_id_table,
	.feature_table = virtcons_features,
	.feature_table_size = sizeof(virtcons_features) / sizeof(unsigned),
	.probe = virtcons_probe,
	.remove = virtcons_remove,
	.config_changed = virtcons_config_changed,
	.release = virtcons_release,
};
