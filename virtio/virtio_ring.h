/* SPDX-License-Identifier: MIT */
/*
 * virtio_ring.h - the split virtqueue of the driver model, behaving like
 * Linux's drivers/virtio/virtio_ring.c (split variant): a free-descriptor
 * list, indirect tables, kick suppression with and without EVENT_IDX,
 * callbacks enabled, disabled and delayed, 16-bit free-running indices.
 *
 * The rings live in the device's DMA memory (vdev->hw->mem) and every ring
 * access goes through it (backdoor mem_read/mem_write): what the device
 * writes is always read back from memory, never from a private copy.
 *
 * The driver never breaks a driver rule: it refuses a chain longer than
 * the queue or of 2^32 bytes or more, and uses indirect tables only when
 * negotiated. Like Linux it breaks the queue ("virtio.device", BAD_RING)
 * on a used id out of range or not the head of an outstanding buffer.
 * Everything else the device does to the rings is judged by the checker
 * (vring_check.h: used lengths and indices, ordering, memory permissions,
 * and the driver rules on every chain added), kept apart behind vq->check
 * and called from the places a Linux driver touches the rings. Malformed
 * rings and shapes this driver does not make are written by the tests'
 * raw ring writer (testbench/vq/vring_raw.h).
 *
 * Ordering: the model is single-threaded and has no memory barriers, but it
 * writes in the order Linux does (descriptors, then the avail ring entry,
 * then avail->idx; used_event after consuming), so a device model that
 * samples memory between any two writes sees what a real device could.
 */
#ifndef VIRTIO_RING_H
#define VIRTIO_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "dma_pool.h"
#include "virtio.h"

/* Ring feature bits (6), Linux names. */
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29

/* Descriptor flags (2.7.5). */
#define VRING_DESC_F_NEXT 1u
#define VRING_DESC_F_WRITE 2u
#define VRING_DESC_F_INDIRECT 4u
/* used.flags: the device asks for no notifications (2.7.7). */
#define VRING_USED_F_NO_NOTIFY 1u
/* avail.flags: the driver asks for no interrupts (2.7.7). */
#define VRING_AVAIL_F_NO_INTERRUPT 1u

/* Largest split queue (2.7). */
#define VRING_MAX_SIZE 32768u
/* Minimum alignments of the three parts (2.7, Q1). */
#define VRING_DESC_ALIGN 16u
#define VRING_AVAIL_ALIGN 2u
#define VRING_USED_ALIGN 4u

/* Byte offsets inside the rings (2.7.5, 2.7.6, 2.7.8). */
#define VRING_DESC_SIZE 16u  /* addr le64, len le32, flags le16, next le16 */
#define VRING_AVAIL_FLAGS 0u /* le16 */
#define VRING_AVAIL_IDX 2u   /* le16 */
#define VRING_AVAIL_RING 4u  /* le16 ring[num], then used_event */
#define VRING_USED_FLAGS 0u  /* le16 */
#define VRING_USED_IDX 2u    /* le16 */
#define VRING_USED_RING 4u /* {le32 id, le32 len} ring[num], then avail_event */
#define VRING_USED_ELEM_SIZE 8u

/** One descriptor (2.7.5), as Linux's struct vring_desc; in memory it is
 *  VRING_DESC_SIZE bytes, little-endian. */
struct vring_desc {
	uint64_t addr;	/* buffer (or indirect table) address */
	uint32_t len;	/* its bytes */
	uint16_t flags; /* VRING_DESC_F_* */
	uint16_t next;	/* next descriptor, with VRING_DESC_F_NEXT */
};

/** Bytes of the descriptor table, avail ring and used ring of num entries
 *  (including used_event and avail_event). */
static inline uint64_t vring_desc_bytes(unsigned num)
{
	return (uint64_t)VRING_DESC_SIZE * num;
}
static inline uint64_t vring_avail_bytes(unsigned num)
{
	return 6 + 2ull * num;
}
static inline uint64_t vring_used_bytes(unsigned num)
{
	return 6 + (uint64_t)VRING_USED_ELEM_SIZE * num;
}

/** Offset of used_event in the avail ring, and of avail_event in the used
 *  ring (2.7.10). */
static inline uint64_t vring_used_event_off(unsigned num)
{
	return VRING_AVAIL_RING + 2ull * num;
}
static inline uint64_t vring_avail_event_off(unsigned num)
{
	return VRING_USED_RING + (uint64_t)VRING_USED_ELEM_SIZE * num;
}

/** EVENT_IDX (2.7.10): true when moving an index from old to new_idx
 *  crosses event_idx, i.e. a notification is due. */
static inline bool vring_need_event(uint16_t event_idx, uint16_t new_idx,
				    uint16_t old)
{
	return (uint16_t)(new_idx - event_idx - 1) < (uint16_t)(new_idx - old);
}

/* ----------------------------------------------------------- scatterlists */

/** One piece of a buffer in DMA memory, as Linux's struct scatterlist. */
struct scatterlist {
	uint64_t addr; /* bus address of the first byte */
	uint32_t len;  /* bytes */
	bool end;      /* last entry of its list (sg_init_table) */
};

/** Clear nents entries and mark the last one as the end. */
void sg_init_table(struct scatterlist *sgl, unsigned nents);
/** A one-entry list for [addr, addr + len). */
void sg_init_one(struct scatterlist *sg, uint64_t addr, uint32_t len);
/** Set an entry's address and length (keeps its end mark). */
void sg_set_buf(struct scatterlist *sg, uint64_t addr, uint32_t len);
/** The entry after sg, or NULL when sg is the last. */
struct scatterlist *sg_next(struct scatterlist *sg);

/* -------------------------------------------------------------- placement */

/** Where vring_create_virtqueue() puts the rings. */
struct vring_placement {
	enum vring_place_mode {
		/* desc, avail and used at the given addresses; the caller
		 * owns that memory */
		VRING_PLACE_ADDR,
		/* one block from the pool in the legacy layout (2.7.2):
		 * desc | avail | pad | used, used aligned to align */
		VRING_PLACE_LEGACY,
	} mode;
	uint64_t desc, avail, used; /* VRING_PLACE_ADDR */
	uint64_t align;		    /* VRING_PLACE_LEGACY (a power of 2) */
};

/** Bytes of a legacy block of num entries whose used ring is aligned to
 *  align (Linux's vring_size()). */
uint64_t vring_legacy_size(unsigned num, uint64_t align);
/** VRING_PLACE_ADDR placement of a legacy block of num entries at base
 *  (2.7.2; virtio-mmio version 1 with align 4096). */
struct vring_placement vring_legacy_placement(unsigned num, uint64_t base,
					      uint64_t align);

/* -------------------------------------------------------------- virtqueue */

/** When the model uses an indirect table (2.7.5.3). */
enum vring_indirect_mode {
	VRING_INDIRECT_AUTO,  /* Linux: negotiated and more than one sg */
	VRING_INDIRECT_FORCE, /* every buffer, even of one sg, when
			       * negotiated */
	VRING_INDIRECT_NEVER, /* never */
};

/** Counters, for tests and benches. */
struct vring_stats {
	uint64_t added;		/* buffers made available */
	uint64_t indirect;	/* of which through an indirect table */
	uint64_t completed;	/* buffers returned by get_buf */
	uint64_t detached;	/* returned by detach_unused_buf */
	uint64_t notifications; /* notify callbacks made */
	uint64_t suppressed;	/* kicks the device suppressed (2.7.7) */
	uint64_t callbacks;	/* callbacks run by vring_interrupt */
	uint64_t spurious;	/* vring_interrupt with no used buffer */
	uint64_t enospc;	/* adds refused for lack of descriptors */
};

struct vring_desc_extra;
struct vring_desc_state;
struct vring_check;

/** A split virtqueue (Linux's struct virtqueue + struct vring_virtqueue). */
struct virtqueue {
	/* --- as Linux's struct virtqueue */
	struct virtio_device *vdev;		/* its device */
	unsigned index;				/* queue index */
	unsigned num_free;			/* free descriptors */
	void (*callback)(struct virtqueue *vq); /* used-buffer callback */
	void (*notify)(struct virtqueue *vq);	/* tell the device */
	char name[32];				/* the driver's name */
	char label[64]; /* "<device>.<name>", in messages */
	void *priv;	/* the driver's data */

	/* --- the split ring */
	unsigned num;		 /* entries, a power of 2 */
	uint64_t desc;		 /* descriptor table address */
	uint64_t avail;		 /* avail ring address */
	uint64_t used;		 /* used ring address */
	struct mem *mem;	 /* DMA memory (vdev->hw->mem) */
	struct dma_pool *pool;	 /* indirect tables, and the rings if owned */
	uint64_t ring_blocks[3]; /* pool allocations to free (0: none) */

	bool event;	      /* EVENT_IDX negotiated */
	bool event_triggered; /* an interrupt came since enable (a hint) */
	bool broken;	      /* the device made a mess: stop */
	enum vring_indirect_mode indirect; /* indirect table policy */
	bool has_indirect;		   /* INDIRECT_DESC negotiated */

	uint16_t free_head;	     /* first free descriptor */
	uint16_t num_added;	     /* added since the last kick_prepare */
	uint16_t last_used_idx;	     /* used entries consumed */
	uint16_t avail_flags_shadow; /* avail.flags as last written */
	uint16_t avail_idx_shadow;   /* avail.idx as last written */
	unsigned outstanding;	     /* heads made available, not returned */
	struct vring_desc_extra *desc_extra; /* per descriptor: what was
					      * written, free-list link */
	struct vring_desc_state *desc_state; /* per head: token, table,
					      * descriptors */
	struct vring_stats stats;	     /* counters */

	struct vring_check *check; /* the checker's books (vring_check.c) */
};

/** Create a split virtqueue of num entries (a power of 2, at most 32768)
 *  for queue index of vdev, rings zeroed in vdev->hw->mem; place NULL:
 *  desc, avail and used allocated from pool at their minimum alignments
 *  (Q1). notify tells the device, callback runs on used buffers (NULL:
 *  interrupts suppressed). NULL on a bad argument (reported) or no memory. */
struct virtqueue *vring_create_virtqueue(struct virtio_device *vdev,
					 unsigned index, unsigned num,
					 struct dma_pool *pool,
					 const struct vring_placement *place,
					 void (*notify)(struct virtqueue *),
					 void (*callback)(struct virtqueue *),
					 const char *name);
/** Free the queue: outstanding buffers are dropped (the checker makes them
 *  and the rings no-access) and owned ring memory is freed. */
void vring_del_virtqueue(struct virtqueue *vq);

/** Expose out_sgs device-readable lists then in_sgs device-writable lists
 *  (each ending at its end mark) as one buffer with token data (non-NULL):
 *  0, -ENOSPC (not enough free descriptors), -EIO (broken), -EINVAL. */
int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[],
		      unsigned out_sgs, unsigned in_sgs, void *data);
/** Expose num entries of sg as one device-readable buffer. */
int virtqueue_add_outbuf(struct virtqueue *vq, struct scatterlist *sg,
			 unsigned num, void *data);
/** Expose num entries of sg as one device-writable buffer. */
int virtqueue_add_inbuf(struct virtqueue *vq, struct scatterlist *sg,
			unsigned num, void *data);

/** Whether the device wants a notification for what was added since the
 *  last call (2.7.7.2; with EVENT_IDX: vring_need_event on avail_event). */
bool virtqueue_kick_prepare(struct virtqueue *vq);
/** Call the notify callback; false (and no call) when broken. */
bool virtqueue_notify(struct virtqueue *vq);
/** kick_prepare, then notify if needed: false only when broken. */
bool virtqueue_kick(struct virtqueue *vq);

/** The next used buffer's token and *len (bytes written), or NULL when
 *  none is used or the queue is broken. Checks the device's used entry. */
void *virtqueue_get_buf(struct virtqueue *vq, uint32_t *len);
/** Ask the device for no more callbacks (a hint: they may still come). */
void virtqueue_disable_cb(struct virtqueue *vq);
/** Enable callbacks: false when buffers are already pending (poll them). */
bool virtqueue_enable_cb(struct virtqueue *vq);
/** Enable callbacks; returns the opaque value virtqueue_poll() takes. */
unsigned virtqueue_enable_cb_prepare(struct virtqueue *vq);
/** True when buffers were used since virtqueue_enable_cb_prepare() gave
 *  last_used_idx. */
bool virtqueue_poll(struct virtqueue *vq, unsigned last_used_idx);
/** Enable callbacks after about 3/4 of the outstanding buffers (with
 *  EVENT_IDX; else at once): false when that many are already used. */
bool virtqueue_enable_cb_delayed(struct virtqueue *vq);
/** Take back a buffer the device has not used (after a reset): its token,
 *  or NULL when none is left. Decrements avail->idx, as Linux does. */
void *virtqueue_detach_unused_buf(struct virtqueue *vq);
/** Queue size. */
unsigned virtqueue_get_vring_size(const struct virtqueue *vq);
/** Free descriptors. */
unsigned virtqueue_num_free(const struct virtqueue *vq);
/** True once a device error stopped the queue. */
bool virtqueue_is_broken(const struct virtqueue *vq);
/** Ring addresses, for the transport. */
uint64_t virtqueue_get_desc_addr(const struct virtqueue *vq);
uint64_t virtqueue_get_avail_addr(const struct virtqueue *vq);
uint64_t virtqueue_get_used_addr(const struct virtqueue *vq);
/** The interrupt handler of one queue: runs the callback when buffers are
 *  used and returns true (handled); false for a spurious interrupt. A
 *  broken queue returns true without a callback, as Linux. */
bool vring_interrupt(struct virtqueue *vq);

#endif /* VIRTIO_RING_H */
