/* SPDX-License-Identifier: MIT */
/*
 * virtio_rng.c - the entropy device driver of the driver model.
 */
#include "virtio_rng.h"

#include <errno.h>
#include <stdlib.h>

#include "virtio_ring.h"

/* One read: a device-writable buffer in DMA memory. */
struct virtrng_req {
	uint64_t dma;	/* the buffer */
	uint32_t len;	/* its size */
	uint32_t got;	/* used.len: bytes the device wrote */
	bool done;	/* the device returned it */
	bool abandoned; /* its reader timed out: the callback frees it */
};

/* Per device (vdev->priv). */
struct virtrng_info {
	struct virtio_drv_stats stats; /* ops: reads; bytes_in */
	struct virtqueue *vq;	       /* requestq */
	sim_event_t *have_data;	       /* a request came back */
};

static void virtrng_free_req(struct virtio_device *vdev,
			     struct virtrng_req *req)
{
	virtio_dma_free(vdev, req->dma);
	free(req);
}

/* The used-buffer callback (interrupt context): collect the filled
 * buffers and wake the readers. */
static void virtrng_recv_done(struct virtqueue *vq)
{
	struct virtrng_info *vi = vq->vdev->priv;
	struct virtrng_req *req;
	uint32_t len;

	while ((req = virtqueue_get_buf(vq, &len))) {
		req->got = len;
		req->done = true;
		if (req->abandoned)
			virtrng_free_req(vq->vdev, req);
	}
	sim_event_notify(vi->have_data);
}

/* virtrng_read() once the bus let the caller in. */
static int virtrng_do_read(struct virtio_device *vdev, struct virtrng_info *vi,
			   void *buf, uint32_t len, uint32_t *got,
			   uint64_t timeout)
{
	uint64_t deadline = virtio_drv_deadline(vdev, timeout);
	struct virtrng_req *req;
	struct scatterlist sg;
	int err;

	if (!len)
		return -EINVAL;
	if (len > VIRTRNG_MAX_READ)
		len = VIRTRNG_MAX_READ;
	req = calloc(1, sizeof(*req));
	if (!req || virtio_dma_alloc(vdev, len, &req->dma)) {
		free(req);
		return -ENOMEM;
	}
	req->len = len;
	sg_init_one(&sg, req->dma, len);
	/* a full queue empties as readers get their bytes */
	while ((err = virtqueue_add_inbuf(vi->vq, &sg, 1, req)) == -ENOSPC) {
		err = virtio_drv_wait(vdev, vi->have_data, deadline);
		if (err)
			break;
	}
	if (err) {
		virtrng_free_req(vdev, req);
		vi->stats.errors++;
		return err;
	}
	virtqueue_kick(vi->vq);
	while (!req->done &&
	       !(err = virtio_drv_wait(vdev, vi->have_data, deadline)))
		;
	if (!req->done) {
		/* timed out, or the device goes: it still owns the buffer,
		 * which the callback or remove frees */
		req->abandoned = true;
		vi->stats.errors++;
		return err;
	}
	mem_read(vdev->hw->mem, req->dma, buf, req->got);
	*got = req->got;
	vi->stats.ops++;
	vi->stats.bytes_in += req->got;
	virtrng_free_req(vdev, req);
	return 0;
}

int virtrng_read(struct virtio_device *vdev, void *buf, uint32_t len,
		 uint32_t *got, uint64_t timeout)
{
	int err;

	*got = 0;
	err = virtio_drv_enter(vdev, &virtio_rng_driver);
	if (err)
		return err;
	err = virtrng_do_read(vdev, vdev->priv, buf, len, got, timeout);
	virtio_drv_leave(vdev);
	return err;
}

static int virtrng_probe(struct virtio_device *vdev)
{
	struct virtrng_info *vi = calloc(1, sizeof(*vi));
	int err;

	if (!vi)
		return -ENOMEM;
	/* the callback may run as soon as the queue exists (Linux sets
	 * vdev->priv first too) */
	vi->have_data = sim_event(vdev->hw->sim, "virtio_rng.have_data");
	vdev->priv = vi;
	/* 5.4.2: the one queue, filled on demand */
	err = virtio_find_single_vq(vdev, virtrng_recv_done, "input", &vi->vq);
	if (err) {
		vdev->priv = NULL;
		free(vi);
		return err;
	}
	vdev->drv_stats = &vi->stats;
	return 0;
}

/* Buffers the device never returned, after a reset or at the end. */
static void virtrng_free_unused(struct virtio_device *vdev)
{
	struct virtrng_info *vi = vdev->priv;
	struct virtrng_req *req;

	while ((req = virtqueue_detach_unused_buf(vi->vq)))
		virtrng_free_req(vdev, req);
}

static void virtrng_remove(struct virtio_device *vdev)
{
	/* no more interrupts or DMA, then take the buffers back */
	virtio_reset_device(vdev);
	virtrng_free_unused(vdev);
	virtio_del_vqs(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

static void virtrng_release(struct virtio_device *vdev)
{
	virtrng_free_unused(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

static const struct virtio_device_id virtrng_id_table[] = {
	{ VIRTIO_ID_RNG, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

struct virtio_driver virtio_rng_driver = {
	.name = "virtio_rng",
	.id_table = virtrng_id_table,
	.probe = virtrng_probe,
	.remove = virtrng_remove,
	.release = virtrng_release,
};
