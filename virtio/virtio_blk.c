/* SPDX-License-Identifier: MIT */
/*
 * virtio_blk.c - the block device driver of the driver model.
 */
#include "virtio_blk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_ring.h"

#define VIRTBLK_HDR_LEN 16u	    /* struct virtio_blk_outhdr */
#define VIRTBLK_STATUS_POISON 0xffu /* no status the spec defines */

_Static_assert(sizeof(struct virtio_blk_outhdr) == VIRTBLK_HDR_LEN,
	       "virtio_blk_req header is 16 bytes (5.2.6)");
_Static_assert(sizeof(struct virtio_blk_discard_write_zeroes) == 16,
	       "discard/write-zeroes segment is 16 bytes (5.2.6)");

/* One request in DMA memory: header | data | status byte. */
struct virtblk_req {
	uint64_t dma;	   /* the block */
	uint32_t type;	   /* VIRTIO_BLK_T_* */
	uint32_t data_len; /* data bytes */
	bool data_in;	   /* the device writes the data */
	uint32_t used_len; /* used.len */
	bool done;	   /* the device returned it */
	bool abandoned;	   /* its caller timed out: the callback frees it */
};

/* Per device (vdev->priv). */
struct virtio_blk {
	struct virtio_drv_stats stats; /* ops: requests completed */
	struct virtqueue *vq;	       /* requestq1 */
	uint64_t capacity;	       /* sectors */
	uint32_t max_discard_sectors;  /* 0: no limit */
	uint32_t max_wzeroes_sectors;  /* 0: no limit */
	unsigned resizes;	       /* configuration changes handled */
	sim_event_t *done_event;       /* a request came back */
	sim_event_t *config_event;     /* a configuration change handled */
};

static struct virtio_blk *virtblk_of(struct virtio_device *vdev)
{
	return virtio_drv_bound(vdev, &virtio_blk_driver) ? vdev->priv : NULL;
}

static uint64_t virtblk_status_addr(const struct virtblk_req *req)
{
	return req->dma + VIRTBLK_HDR_LEN + req->data_len;
}

static void virtblk_free_req(struct virtio_device *vdev,
			     struct virtblk_req *req)
{
	virtio_dma_free(vdev, req->dma);
	free(req);
}

/* The request-queue callback (Linux's virtblk_done): mark what came back
 * and wake the waiters. */
static void virtblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vblk = vq->vdev->priv;
	struct virtblk_req *req;
	uint32_t len;

	while ((req = virtqueue_get_buf(vq, &len))) {
		req->used_len = len;
		req->done = true;
		if (req->abandoned)
			virtblk_free_req(vq->vdev, req);
	}
	sim_event_notify(vblk->done_event);
}

/* Map the status byte (5.2.6) to an errno, checking what the device
 * wrote. */
static int virtblk_result(struct virtio_device *vdev, struct virtblk_req *req)
{
	uint32_t writable = (req->data_in ? req->data_len : 0) + 1;
	uint8_t st;

	mem_read(vdev->hw->mem, virtblk_status_addr(req), &st, 1);
	if (st == VIRTIO_BLK_S_OK && req->used_len != writable)
		sim_report(
			vdev->hw->sim, SIM_ERROR, "virtio.device",
			"%s: request type %u: used.len %u, want %u: the whole writable part, status last (2.7.8.2, 5.2.6)",
			vdev->name, req->type, req->used_len, writable);
	switch (st) {
	case VIRTIO_BLK_S_OK: return 0;
	case VIRTIO_BLK_S_UNSUPP: return -EOPNOTSUPP;
	case VIRTIO_BLK_S_IOERR: return -EIO;
	default:
		sim_report(
			vdev->hw->sim, SIM_ERROR, "virtio.device",
			"%s: request type %u: status byte 0x%02x at 0x%" PRIx64
			" (used.len %u): not OK, IOERR or UNSUPP (5.2.6)",
			vdev->name, req->type, st, virtblk_status_addr(req),
			req->used_len);
		return -EIO;
	}
}

/* Build one request, queue it, wait for it: out (data_len bytes) is the
 * device-readable data, or in receives the device-writable data. */
static int virtblk_do_req(struct virtio_device *vdev, struct virtio_blk *vblk,
			  uint32_t type, uint64_t sector, const void *out,
			  void *in, uint32_t data_len)
{
	uint64_t deadline = virtio_drv_deadline(vdev, 0);
	struct virtio_blk_outhdr hdr = { .type = type, .sector = sector };
	struct scatterlist hsg, dsg, ssg, *sgs[3];
	uint8_t poison = VIRTBLK_STATUS_POISON;
	struct virtblk_req *req;
	unsigned nout = 0, nin = 0;
	int err;

	req = calloc(1, sizeof(*req));
	if (!req ||
	    virtio_dma_alloc(vdev, VIRTBLK_HDR_LEN + data_len + 1, &req->dma)) {
		free(req);
		return -ENOMEM;
	}
	req->type = type;
	req->data_len = data_len;
	req->data_in = in != NULL;
	mem_write(vdev->hw->mem, req->dma, &hdr, sizeof(hdr));
	if (out)
		mem_write(vdev->hw->mem, req->dma + VIRTBLK_HDR_LEN, out,
			  data_len);
	mem_write(vdev->hw->mem, virtblk_status_addr(req), &poison, 1);

	/* Linux's virtblk_add_req: header out, data, status in */
	sg_init_one(&hsg, req->dma, VIRTBLK_HDR_LEN);
	sgs[nout++] = &hsg;
	if (data_len) {
		sg_init_one(&dsg, req->dma + VIRTBLK_HDR_LEN, data_len);
		if (in)
			sgs[nout + nin++] = &dsg;
		else
			sgs[nout++] = &dsg;
	}
	sg_init_one(&ssg, virtblk_status_addr(req), 1);
	sgs[nout + nin++] = &ssg;
	/* a full queue drains as requests complete */
	while ((err = virtqueue_add_sgs(vblk->vq, sgs, nout, nin, req)) ==
	       -ENOSPC) {
		err = virtio_drv_wait(vdev, vblk->done_event, deadline);
		if (err)
			break;
	}
	if (err) {
		virtblk_free_req(vdev, req);
		vblk->stats.errors++;
		return err;
	}
	virtqueue_kick(vblk->vq);
	while (!req->done &&
	       !(err = virtio_drv_wait(vdev, vblk->done_event, deadline)))
		;
	if (!req->done) {
		/* timed out, or the device goes: it still owns the request,
		 * which the callback or remove frees */
		req->abandoned = true;
		vblk->stats.errors++;
		return err;
	}
	err = virtblk_result(vdev, req);
	if (!err && in)
		mem_read(vdev->hw->mem, req->dma + VIRTBLK_HDR_LEN, in,
			 data_len);
	if (err) {
		vblk->stats.errors++;
	} else {
		vblk->stats.ops++;
		if (type == VIRTIO_BLK_T_OUT)
			vblk->stats.bytes_out += data_len;
		else if (in)
			vblk->stats.bytes_in += data_len;
	}
	virtblk_free_req(vdev, req);
	return err;
}

/* One request, with the caller counted in by the bus (a removal waits for
 * it). */
static int virtblk_do(struct virtio_device *vdev, uint32_t type,
		      uint64_t sector, const void *out, void *in,
		      uint32_t data_len)
{
	int err = virtio_drv_enter(vdev, &virtio_blk_driver);

	if (err)
		return err;
	err = virtblk_do_req(vdev, vdev->priv, type, sector, out, in, data_len);
	virtio_drv_leave(vdev);
	return err;
}

/* ------------------------------------------------------------- requests */

uint64_t virtblk_capacity(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = virtblk_of(vdev);

	return vblk ? vblk->capacity : 0;
}

bool virtblk_read_only(struct virtio_device *vdev)
{
	return virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
}

int virtblk_read(struct virtio_device *vdev, uint64_t sector, void *buf,
		 uint32_t nsect)
{
	if (!nsect || nsect > UINT32_MAX / VIRTIO_BLK_SECTOR_SIZE)
		return -EINVAL;
	return virtblk_do(vdev, VIRTIO_BLK_T_IN, sector, NULL, buf,
			  nsect * VIRTIO_BLK_SECTOR_SIZE);
}

int virtblk_write(struct virtio_device *vdev, uint64_t sector, const void *buf,
		  uint32_t nsect)
{
	if (!nsect || nsect > UINT32_MAX / VIRTIO_BLK_SECTOR_SIZE)
		return -EINVAL;
	if (virtblk_of(vdev) && virtblk_read_only(vdev))
		return -EROFS;
	return virtblk_do(vdev, VIRTIO_BLK_T_OUT, sector, buf, NULL,
			  nsect * VIRTIO_BLK_SECTOR_SIZE);
}

int virtblk_flush(struct virtio_device *vdev)
{
	if (!virtblk_of(vdev))
		return -ENODEV;
	/* 5.2.5: without FLUSH the driver may assume a writethrough cache */
	if (!virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH))
		return 0;
	return virtblk_do(vdev, VIRTIO_BLK_T_FLUSH, 0, NULL, NULL, 0);
}

int virtblk_get_id(struct virtio_device *vdev, char id[21])
{
	int err;

	memset(id, 0, 21);
	err = virtblk_do(vdev, VIRTIO_BLK_T_GET_ID, 0, NULL, id,
			 VIRTIO_BLK_ID_BYTES);
	id[VIRTIO_BLK_ID_BYTES] = '\0';
	return err;
}

/* Discard or write zeroes: one segment per request, at most max sectors
 * each (0: no limit). */
static int virtblk_segments(struct virtio_device *vdev, uint32_t type,
			    unsigned fbit, uint32_t max, uint64_t sector,
			    uint32_t nsect)
{
	int err = 0;

	if (!virtblk_of(vdev))
		return -ENODEV;
	if (!nsect)
		return -EINVAL;
	if (!virtio_has_feature(vdev, fbit))
		return -EOPNOTSUPP;
	if (virtblk_read_only(vdev))
		return -EROFS;
	while (nsect && !err) {
		struct virtio_blk_discard_write_zeroes seg = {
			.sector = sector,
			.num_sectors = max && nsect > max ? max : nsect,
		};

		err = virtblk_do(vdev, type, 0, &seg, NULL, sizeof(seg));
		sector += seg.num_sectors;
		nsect -= seg.num_sectors;
	}
	return err;
}

int virtblk_write_zeroes(struct virtio_device *vdev, uint64_t sector,
			 uint32_t nsect)
{
	struct virtio_blk *vblk = virtblk_of(vdev);

	return virtblk_segments(vdev, VIRTIO_BLK_T_WRITE_ZEROES,
				VIRTIO_BLK_F_WRITE_ZEROES,
				vblk ? vblk->max_wzeroes_sectors : 0, sector,
				nsect);
}

int virtblk_discard(struct virtio_device *vdev, uint64_t sector, uint32_t nsect)
{
	struct virtio_blk *vblk = virtblk_of(vdev);

	return virtblk_segments(vdev, VIRTIO_BLK_T_DISCARD,
				VIRTIO_BLK_F_DISCARD,
				vblk ? vblk->max_discard_sectors : 0, sector,
				nsect);
}

unsigned virtblk_resizes(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = virtblk_of(vdev);

	return vblk ? vblk->resizes : 0;
}

int virtblk_wait_resize(struct virtio_device *vdev, unsigned seen,
			uint64_t timeout)
{
	uint64_t deadline = virtio_drv_deadline(vdev, timeout);
	struct virtio_blk *vblk;
	int err = virtio_drv_enter(vdev, &virtio_blk_driver);

	if (err)
		return err;
	vblk = vdev->priv;
	while (vblk->resizes <= seen &&
	       !(err = virtio_drv_wait(vdev, vblk->config_event, deadline)))
		;
	if (vblk->resizes > seen)
		err = 0;
	virtio_drv_leave(vdev);
	return err;
}

/* ------------------------------------------------------- probe / remove */

/* Linux's virtblk_config_changed and virtblk_update_capacity: a capacity
 * change is announced by a configuration-change notification (5.2.4). */
static void virtblk_config_changed(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = vdev->priv;

	vblk->capacity = virtio_cread64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	vblk->resizes++;
	sim_event_notify(vblk->config_event);
}

static int virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = calloc(1, sizeof(*vblk));
	int err;

	if (!vblk)
		return -ENOMEM;
	/* the callback may run as soon as the queue exists (Linux sets
	 * vdev->priv first too) */
	vblk->done_event = sim_event(vdev->hw->sim, "virtio_blk.done");
	vblk->config_event = sim_event(vdev->hw->sim, "virtio_blk.config");
	vdev->priv = vblk;
	/* 5.2.2: one request queue without VIRTIO_BLK_F_MQ */
	err = virtio_find_single_vq(vdev, virtblk_done, "requests", &vblk->vq);
	if (err) {
		vdev->priv = NULL;
		free(vblk);
		return err;
	}
	/* 5.2.5: the capacity, and the limits of the negotiated commands */
	vblk->capacity = virtio_cread64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_DISCARD))
		vblk->max_discard_sectors = virtio_cread32(
			vdev, VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS);
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_WRITE_ZEROES))
		vblk->max_wzeroes_sectors = virtio_cread32(
			vdev, VIRTIO_BLK_CFG_MAX_WZEROES_SECTORS);
	vdev->drv_stats = &vblk->stats;
	return 0;
}

static void virtblk_free_unused(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = vdev->priv;
	struct virtblk_req *req;

	while ((req = virtqueue_detach_unused_buf(vblk->vq)))
		virtblk_free_req(vdev, req);
}

static void virtblk_remove(struct virtio_device *vdev)
{
	/* stop all requests, then take back what the device never used */
	virtio_reset_device(vdev);
	virtblk_free_unused(vdev);
	virtio_del_vqs(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

static void virtblk_release(struct virtio_device *vdev)
{
	virtblk_free_unused(vdev);
	free(vdev->priv);
	vdev->priv = NULL;
}

static const struct virtio_device_id virtblk_id_table[] = {
	{ VIRTIO_ID_BLOCK, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static const unsigned virtblk_features[] = {
	VIRTIO_BLK_F_RO,
	VIRTIO_BLK_F_FLUSH,
	VIRTIO_BLK_F_DISCARD,
	VIRTIO_BLK_F_WRITE_ZEROES,
};

struct virtio_driver virtio_blk_driver = {
	.name = "virtio_blk",
	.id_table = virtblk_id_table,
	.feature_table = virtblk_features,
	.feature_table_size = sizeof(virtblk_features) / sizeof(unsigned),
	.probe = virtblk_probe,
	.remove = virtblk_remove,
	.config_changed = virtblk_config_changed,
	.release = virtblk_release,
};
