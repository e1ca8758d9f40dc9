/* SPDX-License-Identifier: MIT */
/*
 * virtio_ring.c - the split virtqueue of the driver model, after Linux's
 * drivers/virtio/virtio_ring.c (the _split functions).
 *
 * In this file: little-endian ring access; scatterlists and ring
 * placement; creation and deletion; adding buffers; kicks; used buffers
 * and callback control. What the device does to the rings is judged by
 * the checker (vring_check.c), called through the vring_check_* hooks.
 */
#include "virtio_ring.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vring_check.h"

/* What the driver wrote in one ring descriptor, and the free-list link
 * (Linux's vring_desc_extra). */
struct vring_desc_extra {
	uint64_t addr;	/* buffer address */
	uint32_t len;	/* buffer length */
	uint16_t flags; /* descriptor flags */
	uint16_t next;	/* next in the chain or in the free list */
};

/* One piece of a buffer being added. */
struct vring_piece {
	uint64_t addr; /* first byte */
	uint32_t len;  /* bytes */
	bool write;    /* device-writable */
};

/* Per head of an outstanding buffer (Linux's vring_desc_state_split). */
struct vring_desc_state {
	void *data;	 /* token; NULL: not the head of a buffer */
	uint64_t indir;	 /* indirect table address, 0: none */
	uint16_t ndescs; /* ring descriptors of the chain */
};

typedef unsigned long long ull;

/* ------------------------------------------------------ ring memory */

static uint16_t vring_rd16(const struct virtqueue *vq, uint64_t addr)
{
	uint8_t b[2];

	mem_read(vq->mem, addr, b, sizeof(b));
	return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t vring_rd32(const struct virtqueue *vq, uint64_t addr)
{
	uint8_t b[4];

	mem_read(vq->mem, addr, b, sizeof(b));
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static void vring_wr16(struct virtqueue *vq, uint64_t addr, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	mem_write(vq->mem, addr, b, sizeof(b));
}

static void vring_desc_write(struct virtqueue *vq, uint64_t at,
			     const struct vring_desc *d)
{
	uint8_t b[VRING_DESC_SIZE];
	unsigned i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(d->addr >> (8 * i));
	for (i = 0; i < 4; i++)
		b[8 + i] = (uint8_t)(d->len >> (8 * i));
	b[12] = (uint8_t)d->flags;
	b[13] = (uint8_t)(d->flags >> 8);
	b[14] = (uint8_t)d->next;
	b[15] = (uint8_t)(d->next >> 8);
	mem_write(vq->mem, at, b, sizeof(b));
}

/* ------------------------------------------------ scatterlists, layout */

void sg_init_table(struct scatterlist *sgl, unsigned nents)
{
	memset(sgl, 0, nents * sizeof(*sgl));
	if (nents)
		sgl[nents - 1].end = true;
}

void sg_init_one(struct scatterlist *sg, uint64_t addr, uint32_t len)
{
	sg_init_table(sg, 1);
	sg_set_buf(sg, addr, len);
}

void sg_set_buf(struct scatterlist *sg, uint64_t addr, uint32_t len)
{
	sg->addr = addr;
	sg->len = len;
}

struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg->end ? NULL : sg + 1;
}

uint64_t vring_legacy_size(unsigned num, uint64_t align)
{
	uint64_t used = vring_desc_bytes(num) + vring_avail_bytes(num);

	used = (used + align - 1) & ~(align - 1);
	return used + vring_used_bytes(num);
}

struct vring_placement vring_legacy_placement(unsigned num, uint64_t base,
					      uint64_t align)
{
	struct vring_placement p = { .mode = VRING_PLACE_ADDR };

	/* 2.7.2: desc | avail | padding | used, used at the next align */
	p.desc = base;
	p.avail = base + vring_desc_bytes(num);
	p.used = (p.avail + vring_avail_bytes(num) + align - 1) & ~(align - 1);
	return p;
}

/* ------------------------------------------------------------ creation */

/* Allocate the rings from the pool (place NULL or VRING_PLACE_LEGACY) or
 * take the given addresses; 0 or a negative errno. */
static int vring_place(struct virtqueue *vq, const struct vring_placement *pl)
{
	unsigned num = vq->num;

	if (!pl) {
		/* Q1: each part apart, at its minimum alignment (2.7) */
		if (!vq->pool ||
		    dma_pool_alloc(vq->pool, vring_desc_bytes(num),
				   VRING_DESC_ALIGN, &vq->ring_blocks[0]) ||
		    dma_pool_alloc(vq->pool, vring_avail_bytes(num),
				   VRING_AVAIL_ALIGN, &vq->ring_blocks[1]) ||
		    dma_pool_alloc(vq->pool, vring_used_bytes(num),
				   VRING_USED_ALIGN, &vq->ring_blocks[2]))
			return -ENOMEM;
		vq->desc = vq->ring_blocks[0];
		vq->avail = vq->ring_blocks[1];
		vq->used = vq->ring_blocks[2];
		return 0;
	}
	if (pl->mode == VRING_PLACE_LEGACY) {
		struct vring_placement at;

		if (!pl->align || (pl->align & (pl->align - 1)) ||
		    pl->align < VRING_DESC_ALIGN) {
			vring_driver_bug(
				vq,
				"legacy ring alignment %llu: must be a power of 2 of at least 16 (2.7.2)",
				(ull)pl->align);
			return -EINVAL;
		}
		if (!vq->pool ||
		    dma_pool_alloc(vq->pool, vring_legacy_size(num, pl->align),
				   pl->align, &vq->ring_blocks[0]))
			return -ENOMEM;
		at = vring_legacy_placement(num, vq->ring_blocks[0], pl->align);
		vq->desc = at.desc;
		vq->avail = at.avail;
		vq->used = at.used;
		return 0;
	}
	if ((pl->desc % VRING_DESC_ALIGN) || (pl->avail % VRING_AVAIL_ALIGN) ||
	    (pl->used % VRING_USED_ALIGN)) {
		vring_driver_bug(
			vq,
			"rings at 0x%llx/0x%llx/0x%llx: desc, avail and used must be 16, 2 and 4-byte aligned (2.7.1)",
			(ull)pl->desc, (ull)pl->avail, (ull)pl->used);
		return -EINVAL;
	}
	vq->desc = pl->desc;
	vq->avail = pl->avail;
	vq->used = pl->used;
	return 0;
}

static void vring_free_rings(struct virtqueue *vq)
{
	unsigned i;

	for (i = 0; i < 3; i++)
		if (vq->ring_blocks[i])
			dma_pool_free(vq->pool, vq->ring_blocks[i]);
}

struct virtqueue *vring_create_virtqueue(struct virtio_device *vdev,
					 unsigned index, unsigned num,
					 struct dma_pool *pool,
					 const struct vring_placement *place,
					 void (*notify)(struct virtqueue *),
					 void (*callback)(struct virtqueue *),
					 const char *name)
{
	struct virtqueue *vq;
	unsigned i;

	if (!vdev || !vdev->hw || !vdev->hw->mem)
		return NULL;
	if (num == 0 || num > VRING_MAX_SIZE || (num & (num - 1))) {
		virtio_driver_bug(
			vdev,
			"%s: queue %u size %u: must be a power of 2 of at most 32768 (2.7)",
			vdev->name, index, num);
		return NULL;
	}
	vq = calloc(1, sizeof(*vq));
	if (!vq)
		return NULL;
	vq->vdev = vdev;
	vq->index = index;
	vq->num = num;
	vq->mem = vdev->hw->mem;
	vq->pool = pool;
	vq->notify = notify;
	vq->callback = callback;
	snprintf(vq->name, sizeof(vq->name), "%s", name ? name : "vq");
	snprintf(vq->label, sizeof(vq->label), "%s.%s", vdev->name, vq->name);
	vq->desc_extra = calloc(num, sizeof(*vq->desc_extra));
	vq->desc_state = calloc(num, sizeof(*vq->desc_state));
	if (!vq->desc_extra || !vq->desc_state || vring_place(vq, place))
		goto err_free;

	/* the free list: every descriptor, in order */
	for (i = 0; i + 1 < num; i++)
		vq->desc_extra[i].next = (uint16_t)(i + 1);
	vq->num_free = num;
	vq->event = virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX);
	vq->has_indirect =
		virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC);
	vq->indirect = VRING_INDIRECT_AUTO;

	/* zeroed rings: used.flags 0 as 2.7.10.1 requires */
	if (place && place->mode == VRING_PLACE_LEGACY)
		mem_fill(vq->mem, vq->desc, 0,
			 vring_legacy_size(num, place->align));
	mem_fill(vq->mem, vq->desc, 0, vring_desc_bytes(num));
	mem_fill(vq->mem, vq->avail, 0, vring_avail_bytes(num));
	mem_fill(vq->mem, vq->used, 0, vring_used_bytes(num));
	/* the checker opens the rings to the device and watches it */
	if (vring_check_create(vq))
		goto err_free;

	/* no callback: ask for no interrupts (Linux does the same) */
	if (!callback) {
		vq->avail_flags_shadow |= VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event)
			vring_wr16(vq, vq->avail + VRING_AVAIL_FLAGS,
				   vq->avail_flags_shadow);
	}
	return vq;

err_free:
	vring_free_rings(vq);
	free(vq->desc_state);
	free(vq->desc_extra);
	free(vq);
	return NULL;
}

void vring_del_virtqueue(struct virtqueue *vq)
{
	unsigned i;

	if (!vq)
		return;
	/* outstanding buffers and the rings become no-access */
	vring_check_destroy(vq);
	for (i = 0; i < vq->num; i++)
		if (vq->desc_state[i].data && vq->desc_state[i].indir)
			dma_pool_free(vq->pool, vq->desc_state[i].indir);
	vring_free_rings(vq);
	free(vq->desc_state);
	free(vq->desc_extra);
	free(vq);
}

/* -------------------------------------------------------- adding buffers */

static bool vring_use_indirect(const struct virtqueue *vq, unsigned total)
{
	if (!vq->pool || !vq->num_free || !vq->has_indirect)
		return false;
	switch (vq->indirect) {
	case VRING_INDIRECT_FORCE: return true;
	case VRING_INDIRECT_AUTO: return total > 1;
	default: return false;
	}
}

/* Write the indirect table of n pieces at table, entry k chaining to
 * k + 1 (2.7.5.3). */
static void vring_write_table(struct virtqueue *vq, uint64_t table,
			      const struct vring_piece *pc, unsigned n)
{
	unsigned k;

	for (k = 0; k < n; k++) {
		struct vring_desc d = {
			.addr = pc[k].addr,
			.len = pc[k].len,
			.flags = pc[k].write ? VRING_DESC_F_WRITE : 0,
		};

		if (k + 1 < n) {
			d.flags |= VRING_DESC_F_NEXT;
			d.next = (uint16_t)(k + 1);
		}
		vring_desc_write(vq, table + (uint64_t)VRING_DESC_SIZE * k, &d);
	}
}

/* Put the total pieces of pc (readable ones first) on the ring as one
 * buffer; pc is freed. */
static int virtqueue_add_split(struct virtqueue *vq, struct vring_piece *pc,
			       unsigned total, bool has_out, void *data)
{
	unsigned descs_used, k, i, head;
	uint64_t table = 0, bytes = 0;
	bool indirect;
	int err;

	if (vq->broken) {
		err = -EIO;
		goto out;
	}
	if (!total || !data) {
		vring_driver_bug(
			vq,
			"add of %u pieces with token %p: needs at least one piece and a non-NULL token",
			total, data);
		err = -EINVAL;
		goto out;
	}
	for (k = 0; k < total; k++)
		bytes += pc[k].len;
	if (total > vq->num || bytes >> 32) {
		/* 2.7.5.2, 2.7.5.3.1: such a chain is refused */
		vring_driver_bug(
			vq,
			"add of %u pieces, %llu bytes: a chain must be at most the queue size %u and below 2^32 bytes (2.7.5.2, 2.7.5.3.1)",
			total, (ull)bytes, vq->num);
		err = -EINVAL;
		goto out;
	}

	/* like Linux: no table memory, no indirect */
	indirect = vring_use_indirect(vq, total) &&
		   !dma_pool_alloc(vq->pool, (uint64_t)VRING_DESC_SIZE * total,
				   VRING_DESC_ALIGN, &table);
	descs_used = indirect ? 1 : total;
	if (vq->num_free < descs_used) {
		/* Linux, "for historical reasons": notify when the buffer
		 * has a device-readable part, so the device drains the ring */
		if (has_out && vq->notify) {
			vq->stats.notifications++;
			vq->notify(vq);
		}
		vq->stats.enospc++;
		err = -ENOSPC;
		goto out_table;
	}

	/* descriptors first (2.7.13 step 1) ... */
	if (indirect)
		vring_write_table(vq, table, pc, total);
	head = vq->free_head;
	i = head;
	for (k = 0; k < descs_used; k++) {
		struct vring_desc_extra *x = &vq->desc_extra[i];

		if (indirect) {
			x->addr = table;
			x->len = VRING_DESC_SIZE * total;
			x->flags = VRING_DESC_F_INDIRECT;
		} else {
			x->addr = pc[k].addr;
			x->len = pc[k].len;
			x->flags = pc[k].write ? VRING_DESC_F_WRITE : 0;
		}
		if (k + 1 < descs_used)
			x->flags |= VRING_DESC_F_NEXT;
		vring_desc_write(vq, vq->desc + (uint64_t)VRING_DESC_SIZE * i,
				 &(struct vring_desc){ x->addr, x->len,
						       x->flags, x->next });
		i = x->next;
	}
	/* ... which the checker walks as the device will, then opens the
	 * buffer to the device (Q13, Q4) */
	err = vring_check_add(vq, head);
	if (err)
		goto out_table;
	vq->free_head = (uint16_t)i;
	vq->num_free -= descs_used;
	vq->desc_state[head] = (struct vring_desc_state){
		.data = data,
		.indir = indirect ? table : 0,
		.ndescs = (uint16_t)descs_used,
	};

	/* ... then the avail ring entry, then avail->idx (2.7.13 steps 2-5;
	 * Linux has a write barrier before the index) */
	vring_wr16(vq,
		   vq->avail + VRING_AVAIL_RING +
			   2ull * (vq->avail_idx_shadow & (vq->num - 1)),
		   (uint16_t)head);
	vq->avail_idx_shadow++;
	vring_check_avail_idx(vq, vq->avail_idx_shadow);
	vring_wr16(vq, vq->avail + VRING_AVAIL_IDX, vq->avail_idx_shadow);
	vq->num_added++;
	vq->outstanding++;
	vq->stats.added++;
	if (indirect)
		vq->stats.indirect++;
	free(pc);
	/* Linux: kick before num_added wraps, or kick_prepare's window
	 * (old, new] would be wrong */
	if (vq->num_added == 0xffff)
		virtqueue_kick(vq);
	return 0;

out_table:
	if (indirect)
		dma_pool_free(vq->pool, table);
out:
	free(pc);
	return err;
}

int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[],
		      unsigned out_sgs, unsigned in_sgs, void *data)
{
	struct vring_piece *pc;
	struct scatterlist *sg;
	unsigned n, total = 0, k = 0;

	for (n = 0; n < out_sgs + in_sgs; n++)
		for (sg = sgs[n]; sg; sg = sg_next(sg))
			total++;
	pc = malloc((total ? total : 1) * sizeof(*pc));
	if (!pc)
		return -ENOMEM;
	for (n = 0; n < out_sgs + in_sgs; n++)
		for (sg = sgs[n]; sg; sg = sg_next(sg))
			pc[k++] = (struct vring_piece){ sg->addr, sg->len,
							n >= out_sgs };
	return virtqueue_add_split(vq, pc, total, out_sgs > 0, data);
}

/* One list of num entries, all readable or all writable. */
static int virtqueue_add_one(struct virtqueue *vq, struct scatterlist *sg,
			     unsigned num, bool write, void *data)
{
	struct vring_piece *pc = malloc((num ? num : 1) * sizeof(*pc));
	unsigned k;

	if (!pc)
		return -ENOMEM;
	for (k = 0; k < num; k++)
		pc[k] = (struct vring_piece){ sg[k].addr, sg[k].len, write };
	return virtqueue_add_split(vq, pc, num, !write, data);
}

int virtqueue_add_outbuf(struct virtqueue *vq, struct scatterlist *sg,
			 unsigned num, void *data)
{
	return virtqueue_add_one(vq, sg, num, false, data);
}

int virtqueue_add_inbuf(struct virtqueue *vq, struct scatterlist *sg,
			unsigned num, void *data)
{
	return virtqueue_add_one(vq, sg, num, true, data);
}

/* ------------------------------------------------------------- kicks */

bool virtqueue_kick_prepare(struct virtqueue *vq)
{
	uint16_t new_idx = vq->avail_idx_shadow;
	uint16_t old = (uint16_t)(new_idx - vq->num_added);
	bool needs;

	/* 2.7.13.4: avail->idx is already written; Linux has a full barrier
	 * here, before reading the device's suppression fields */
	if (vq->event)
		needs = vring_need_event(
			vring_rd16(vq,
				   vq->used + vring_avail_event_off(vq->num)),
			new_idx, old);
	else
		needs = !(vring_rd16(vq, vq->used + VRING_USED_FLAGS) &
			  VRING_USED_F_NO_NOTIFY);
	if (!needs && vq->num_added)
		vq->stats.suppressed++;
	vq->num_added = 0;
	return needs;
}

bool virtqueue_notify(struct virtqueue *vq)
{
	if (vq->broken)
		return false;
	vq->stats.notifications++;
	if (vq->notify)
		vq->notify(vq);
	return true;
}

bool virtqueue_kick(struct virtqueue *vq)
{
	if (virtqueue_kick_prepare(vq))
		return virtqueue_notify(vq);
	return true;
}

/* ---------------------------------------------- used buffers, callbacks */

/* Read used->idx and have the checker judge it (2.7.8.2): false, with the
 * queue broken, when it moved too far or went back. */
static bool vring_used_idx(struct virtqueue *vq, uint16_t *idx)
{
	*idx = vring_rd16(vq, vq->used + VRING_USED_IDX);
	if (vq->broken)
		return false;
	if (!vring_check_used_idx(vq, *idx)) {
		vq->broken = true;
		return false;
	}
	return true;
}

static bool vring_more_used(struct virtqueue *vq)
{
	uint16_t idx;

	return vring_used_idx(vq, &idx) && idx != vq->last_used_idx;
}

/* Return head's descriptors to the free list and free its table (Linux's
 * detach_buf_split); the checker closes the buffer to the device. */
static void vring_detach_buf(struct virtqueue *vq, unsigned head)
{
	struct vring_desc_state *st = &vq->desc_state[head];
	unsigned i = head, k;

	vring_check_detach(vq, head);
	if (st->indir)
		dma_pool_free(vq->pool, st->indir);
	for (k = 1; k < st->ndescs; k++)
		i = vq->desc_extra[i].next;
	vq->desc_extra[i].next = vq->free_head;
	vq->free_head = (uint16_t)head;
	vq->num_free += st->ndescs;
	memset(st, 0, sizeof(*st));
	vq->outstanding--;
}

void *virtqueue_get_buf(struct virtqueue *vq, uint32_t *len)
{
	unsigned slot;
	uint64_t at;
	uint32_t id, l;
	struct vring_desc_state *st;
	void *data;

	if (vq->broken || !vring_more_used(vq))
		return NULL;
	/* Linux has a read barrier here: the element after the index */
	slot = vq->last_used_idx & (vq->num - 1);
	at = vq->used + VRING_USED_RING + (uint64_t)VRING_USED_ELEM_SIZE * slot;
	id = vring_rd32(vq, at);
	l = vring_rd32(vq, at + 4);
	if (id >= vq->num) {
		vring_device_bug(
			vq,
			"used ring index %u (slot %u at 0x%llx): id %u is out of range, queue size %u (2.7.8)",
			vq->last_used_idx, slot, (ull)at, id, vq->num);
		vq->broken = true;
		return NULL;
	}
	st = &vq->desc_state[id];
	if (!st->data) {
		vring_device_bug(
			vq,
			"used ring index %u (slot %u at 0x%llx): id %u is not the head of an outstanding buffer (2.7.8)",
			vq->last_used_idx, slot, (ull)at, id);
		vq->broken = true;
		return NULL;
	}
	if (!vring_check_used(vq, id, l)) {
		vq->broken = true;
		return NULL;
	}
	data = st->data;
	vring_detach_buf(vq, id);
	vq->last_used_idx++;
	vq->stats.completed++;
	/* after the entry is consumed, move used_event along, unless
	 * callbacks are off (Linux: a store with a full barrier) */
	if (!(vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT))
		vring_wr16(vq, vq->avail + vring_used_event_off(vq->num),
			   vq->last_used_idx);
	if (len)
		*len = l;
	return data;
}

void virtqueue_disable_cb(struct virtqueue *vq)
{
	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT)
		return;
	vq->avail_flags_shadow |= VRING_AVAIL_F_NO_INTERRUPT;
	/* an interrupt already came: the device will not send another
	 * before used_event moves, no need to write (Linux) */
	if (vq->event_triggered)
		return;
	if (vq->event)
		/* as Linux: an event index the device is unlikely to cross
		 * soon (2.7.7 lets notifications be spurious) */
		vring_wr16(vq, vq->avail + vring_used_event_off(vq->num), 0);
	else
		vring_wr16(vq, vq->avail + VRING_AVAIL_FLAGS,
			   vq->avail_flags_shadow);
}

unsigned virtqueue_enable_cb_prepare(struct virtqueue *vq)
{
	vq->event_triggered = false;
	/* clear the flag and point used_event at the next entry: with or
	 * without EVENT_IDX one of them is what the device looks at
	 * (2.7.7.2) */
	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags_shadow &= (uint16_t)~VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event)
			vring_wr16(vq, vq->avail + VRING_AVAIL_FLAGS,
				   vq->avail_flags_shadow);
	}
	vring_wr16(vq, vq->avail + vring_used_event_off(vq->num),
		   vq->last_used_idx);
	return vq->last_used_idx;
}

bool virtqueue_poll(struct virtqueue *vq, unsigned last_used_idx)
{
	uint16_t idx;

	/* Linux has a full barrier here: used_event before used->idx */
	if (!vring_used_idx(vq, &idx))
		return false;
	return (uint16_t)last_used_idx != idx;
}

bool virtqueue_enable_cb(struct virtqueue *vq)
{
	unsigned last = virtqueue_enable_cb_prepare(vq);

	return !virtqueue_poll(vq, last);
}

bool virtqueue_enable_cb_delayed(struct virtqueue *vq)
{
	uint16_t bufs, idx;

	vq->event_triggered = false;
	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags_shadow &= (uint16_t)~VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event)
			vring_wr16(vq, vq->avail + VRING_AVAIL_FLAGS,
				   vq->avail_flags_shadow);
	}
	/* Linux: interrupt after 3/4 of what is outstanding is used */
	bufs = (uint16_t)((uint16_t)(vq->avail_idx_shadow - vq->last_used_idx) *
			  3 / 4);
	vring_wr16(vq, vq->avail + vring_used_event_off(vq->num),
		   (uint16_t)(vq->last_used_idx + bufs));
	if (!vring_used_idx(vq, &idx))
		return false;
	return (uint16_t)(idx - vq->last_used_idx) <= bufs;
}

void *virtqueue_detach_unused_buf(struct virtqueue *vq)
{
	unsigned i;
	void *data;

	for (i = 0; i < vq->num; i++) {
		if (!vq->desc_state[i].data)
			continue;
		data = vq->desc_state[i].data;
		vring_detach_buf(vq, i);
		/* as Linux: the queue is stopped, so the entry comes off the
		 * avail ring (the one exception to 2.7.6.1) */
		vq->avail_idx_shadow--;
		vring_wr16(vq, vq->avail + VRING_AVAIL_IDX,
			   vq->avail_idx_shadow);
		vring_check_avail_retract(vq);
		vq->stats.detached++;
		return data;
	}
	return NULL;
}

unsigned virtqueue_get_vring_size(const struct virtqueue *vq)
{
	return vq->num;
}

unsigned virtqueue_num_free(const struct virtqueue *vq)
{
	return vq->num_free;
}

bool virtqueue_is_broken(const struct virtqueue *vq)
{
	return vq->broken;
}

uint64_t virtqueue_get_desc_addr(const struct virtqueue *vq)
{
	return vq->desc;
}

uint64_t virtqueue_get_avail_addr(const struct virtqueue *vq)
{
	return vq->avail;
}

uint64_t virtqueue_get_used_addr(const struct virtqueue *vq)
{
	return vq->used;
}

bool vring_interrupt(struct virtqueue *vq)
{
	if (vq->broken)
		return true; /* Linux: handled, but no callback */
	if (!vring_more_used(vq)) {
		vq->stats.spurious++;
		return false;
	}
	/* a hint for disable_cb: the device has sent its event */
	if (vq->event)
		vq->event_triggered = true;
	if (vq->callback) {
		vq->stats.callbacks++;
		vq->callback(vq);
	}
	return true;
}
