/* SPDX-License-Identifier: MIT */
/*
 * virtio_blk.h - the block device driver of the driver model (virtio 1.2
 * section 5.2), in the spirit of Linux's drivers/block/virtio_blk.c: one
 * request queue; read, write, flush, get-id, discard and write-zeroes
 * requests built as header | data | status (5.2.6); the capacity read at
 * probe and again on every configuration change.
 *
 * Each request takes a DMA block laid out as its three parts, so one chain
 * has a device-readable header, the data (readable for writes, writable
 * for reads) and a device-writable status byte. The caller waits for its
 * own request; the queue callback marks requests done and wakes the
 * waiters. The driver checks what the device returned: the status byte
 * written (the driver poisons it first) and, for a request that succeeded,
 * used.len equal to the whole writable part (2.7.8.2), both reported as
 * "virtio.device".
 *
 * As Linux's block layer, writes, discards and write-zeroes are refused
 * with -EROFS when the device is read-only; sector ranges are passed as
 * given (a range past the capacity is the device's to refuse: IOERR).
 */
#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H

#include <stdint.h>

#include "virtio_bus.h"

/* 5.2.2 virtqueues */
#define VIRTIO_BLK_VQ_REQUEST 0 /* requestq1 */

/* 5.2.3 feature bits */
#define VIRTIO_BLK_F_SIZE_MAX 1	     /* size_max: largest segment */
#define VIRTIO_BLK_F_SEG_MAX 2	     /* seg_max: segments per request */
#define VIRTIO_BLK_F_GEOMETRY 4	     /* geometry */
#define VIRTIO_BLK_F_RO 5	     /* read-only */
#define VIRTIO_BLK_F_BLK_SIZE 6	     /* blk_size */
#define VIRTIO_BLK_F_FLUSH 9	     /* cache flush command */
#define VIRTIO_BLK_F_TOPOLOGY 10     /* topology */
#define VIRTIO_BLK_F_CONFIG_WCE 11   /* writeback toggle */
#define VIRTIO_BLK_F_MQ 12	     /* several queues */
#define VIRTIO_BLK_F_DISCARD 13	     /* discard command */
#define VIRTIO_BLK_F_WRITE_ZEROES 14 /* write-zeroes command */

/* 5.2.4 configuration layout: struct virtio_blk_config offsets */
#define VIRTIO_BLK_CFG_CAPACITY 0	      /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX 8	      /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX 12	      /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE 20	      /* le32 */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 36 /* le32 */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG 40     /* le32 */
#define VIRTIO_BLK_CFG_MAX_WZEROES_SECTORS 48 /* le32 */
#define VIRTIO_BLK_CFG_MAX_WZEROES_SEG 52     /* le32 */
#define VIRTIO_BLK_CFG_WZEROES_MAY_UNMAP 56   /* u8 */

/* 5.2.6 requests */
#define VIRTIO_BLK_SECTOR_SIZE 512u
#define VIRTIO_BLK_T_IN 0u	      /* read */
#define VIRTIO_BLK_T_OUT 1u	      /* write */
#define VIRTIO_BLK_T_FLUSH 4u	      /* flush the cache */
#define VIRTIO_BLK_T_GET_ID 8u	      /* device ID string */
#define VIRTIO_BLK_T_DISCARD 11u      /* discard sectors */
#define VIRTIO_BLK_T_WRITE_ZEROES 13u /* zero sectors */
#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_IOERR 1u
#define VIRTIO_BLK_S_UNSUPP 2u
#define VIRTIO_BLK_ID_BYTES 20u /* GET_ID: NUL padded, not terminated */

/** The request header, device-readable (struct virtio_blk_req). */
struct virtio_blk_outhdr {
	uint32_t type;	   /* le32 VIRTIO_BLK_T_* */
	uint32_t reserved; /* le32, 0 */
	uint64_t sector;   /* le64, 512-byte units */
};

/** A discard or write-zeroes segment, the data of those requests. */
struct virtio_blk_discard_write_zeroes {
	uint64_t sector;      /* le64 */
	uint32_t num_sectors; /* le32 */
	uint32_t flags;	      /* le32: bit 0 unmap (write zeroes) */
};

/** The driver: register it with register_virtio_driver(). */
extern struct virtio_driver virtio_blk_driver;

/* Blocking calls, in a thread; each waits VIRTIO_DRV_TIMEOUT at most.
 * They return 0, -EIO (status IOERR, or a status the spec does not
 * define), -EOPNOTSUPP (UNSUPP, or the feature was not negotiated),
 * -EROFS, -EINVAL (no sectors), -ENODEV (not a bound blk device, or it
 * went away while the request waited), -ENOMEM or -ETIMEDOUT. */

/** Capacity in 512-byte sectors: read at probe, re-read on each
 *  configuration change. */
uint64_t virtblk_capacity(struct virtio_device *vdev);
/** Read nsect sectors from sector into buf. */
int virtblk_read(struct virtio_device *vdev, uint64_t sector, void *buf,
		 uint32_t nsect);
/** Write nsect sectors from buf at sector. */
int virtblk_write(struct virtio_device *vdev, uint64_t sector, const void *buf,
		  uint32_t nsect);
/** Flush the device's cache (without VIRTIO_BLK_F_FLUSH there is none to
 *  flush: 0 at once, as Linux sends nothing). */
int virtblk_flush(struct virtio_device *vdev);
/** The device's ID string: 20 bytes and a NUL in id[20]. */
int virtblk_get_id(struct virtio_device *vdev, char id[21]);
/** Zero nsect sectors from sector, split at max_write_zeroes_sectors. */
int virtblk_write_zeroes(struct virtio_device *vdev, uint64_t sector,
			 uint32_t nsect);
/** Discard nsect sectors from sector, split at max_discard_sectors. */
int virtblk_discard(struct virtio_device *vdev, uint64_t sector,
		    uint32_t nsect);
/** Configuration changes the driver has handled. */
unsigned virtblk_resizes(struct virtio_device *vdev);
/** Wait until more than seen configuration changes were handled (timeout
 *  0: VIRTIO_DRV_TIMEOUT): 0, -ENODEV or -ETIMEDOUT. */
int virtblk_wait_resize(struct virtio_device *vdev, unsigned seen,
			uint64_t timeout);
/** True when the device is read-only (VIRTIO_BLK_F_RO). */
bool virtblk_read_only(struct virtio_device *vdev);

#endif /* VIRTIO_BLK_H */
