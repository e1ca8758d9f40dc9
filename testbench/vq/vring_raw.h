/* SPDX-License-Identifier: MIT */
/*
 * vring_raw.h - the tests' raw ring writer: descriptors, avail entries and
 * avail->idx written straight into a split virtqueue's memory (backdoor,
 * no checks), and used elements read back. It builds what the driver
 * model never builds: malformed rings (CONFORMANCE table E, and chains
 * that break a driver rule for the checker to judge, Q13) and the legal
 * shapes a device must accept that the driver does not make (plain
 * descriptors before an indirect one, Q5; indirect tables in shuffled
 * order, Q6; WRITE or NEXT on an indirect descriptor).
 *
 * A test that makes raw chains available takes the queue with
 * vring_raw_take(): the driver gives it up (vq->broken, so its used-ring
 * checks stand aside; the memory permissions still hold) and the test
 * reads the used ring with vring_raw_used(). A test whose one raw chain
 * must never be used may leave the queue to the driver (vring_raw_init()):
 * the checker's tap then still judges what the device writes to the used
 * ring. The test opens the buffers it posts to the device itself
 * (mem_region_set). Writing descriptors only, for vring_check_chain() to
 * judge, needs neither.
 *
 * Header only: the unit tests (no Verilator) and the vio_top suites both
 * use it.
 */
#ifndef VRING_RAW_H
#define VRING_RAW_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mem.h"
#include "sim.h"
#include "virtio_ring.h"

/** One piece of a raw chain. */
struct vring_raw_piece {
	uint64_t addr; /* first byte */
	uint32_t len;  /* bytes */
	bool write;    /* device-writable (VRING_DESC_F_WRITE) */
};

/** Where vring_raw_chain() puts the pieces. */
struct vring_raw_shape {
	unsigned nplain; /* pieces in ring descriptors; when fewer than all,
			  * the others go into an indirect table behind one
			  * more ring descriptor */
	uint64_t table;	 /* the indirect table's address */
	/* order[k]: the table entry of table piece k, order[0] = 0
	 * (2.7.5.3); NULL: in order */
	const uint16_t *order;
	uint16_t ind_flags; /* flags added to the indirect descriptor */
};

/** A queue whose avail ring the test writes. */
struct vring_raw {
	struct mem *mem;      /* the ring memory */
	struct virtqueue *vq; /* its rings and size */
	uint16_t avail_idx;   /* avail entries written */
	uint16_t used_idx;    /* used elements read */
};

/** Write one descriptor (2.7.5: le64 addr, le32 len, le16 flags, le16
 *  next) at byte address at. */
static inline void vring_raw_desc(struct mem *m, uint64_t at, uint64_t addr,
				  uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t d[VRING_DESC_SIZE];

	/* little-endian host (virtio.h) */
	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
	mem_write(m, at, d, sizeof(d));
}

/** Write the chain of the n pieces pc, in chain order, from ring
 *  descriptor head of vq (then head + 1, ... modulo the queue size), as
 *  shape says, with NEXT and next as a legal chain has them (a test breaks
 *  a rule by overwriting a descriptor afterwards). Returns the ring
 *  descriptors used. */
static inline unsigned
vring_raw_chain(struct mem *m, const struct virtqueue *vq, unsigned head,
		const struct vring_raw_piece *pc, unsigned n,
		const struct vring_raw_shape *shape)
{
	unsigned np = shape->nplain < n ? shape->nplain : n, k;
	unsigned nt = n - np, ring = np + (nt ? 1 : 0);

	for (k = 0; k < ring; k++) {
		uint16_t at = (uint16_t)((head + k) % vq->num);
		uint16_t next = (uint16_t)((head + k + 1) % vq->num);
		uint16_t fl = k + 1 < ring ? VRING_DESC_F_NEXT : 0;

		if (k < np)
			vring_raw_desc(m, vq->desc + VRING_DESC_SIZE * at,
				       pc[k].addr, pc[k].len,
				       fl | (pc[k].write ? VRING_DESC_F_WRITE
							 : 0),
				       k + 1 < ring ? next : 0);
		else
			vring_raw_desc(m, vq->desc + VRING_DESC_SIZE * at,
				       shape->table, VRING_DESC_SIZE * nt,
				       VRING_DESC_F_INDIRECT | shape->ind_flags,
				       0);
	}
	for (k = 0; k < nt; k++) {
		const struct vring_raw_piece *p = &pc[np + k];
		uint16_t at = shape->order ? shape->order[k] : (uint16_t)k;
		uint16_t next = k + 1 < nt ? shape->order ? shape->order[k + 1]
							  : (uint16_t)(k + 1)
					   : 0;

		vring_raw_desc(m, shape->table + VRING_DESC_SIZE * at, p->addr,
			       p->len,
			       (k + 1 < nt ? VRING_DESC_F_NEXT : 0) |
				       (p->write ? VRING_DESC_F_WRITE : 0),
			       next);
	}
	return ring;
}

/** Fill order[0..n-1] for a table in shuffled order (Q6): entry 0 first
 *  (2.7.5.3), the others in random entries. */
static inline void vring_raw_shuffle(struct sim_rng *rng, uint16_t *order,
				     unsigned n)
{
	unsigned k;

	for (k = 0; k < n; k++)
		order[k] = (uint16_t)k;
	for (k = n > 2 ? n - 1 : 0; k > 1; k--) {
		unsigned j = (unsigned)sim_rng_range(rng, 1, k);
		uint16_t x = order[k];

		order[k] = order[j];
		order[j] = x;
	}
}

/** Write vq's avail ring from the driver's avail and used indices on. */
static inline void vring_raw_init(struct vring_raw *r, struct mem *m,
				  struct virtqueue *vq)
{
	*r = (struct vring_raw){ .mem = m,
				 .vq = vq,
				 .avail_idx = vq->avail_idx_shadow,
				 .used_idx = vq->last_used_idx };
}

/** vring_raw_init(), the driver giving vq up (broken). */
static inline void vring_raw_take(struct vring_raw *r, struct mem *m,
				  struct virtqueue *vq)
{
	vq->broken = true;
	vring_raw_init(r, m, vq);
}

/** Put head in the next avail entry (not yet published). */
static inline void vring_raw_add(struct vring_raw *r, uint16_t head)
{
	uint16_t slot = r->avail_idx++ & (r->vq->num - 1);

	mem_write(r->mem, r->vq->avail + VRING_AVAIL_RING + 2ull * slot, &head,
		  2);
}

/** Write avail->idx = idx: r->avail_idx publishes the entries added
 *  (2.7.13: entries first, then the index); any other value is a test's
 *  malformed index. */
static inline void vring_raw_publish(struct vring_raw *r, uint16_t idx)
{
	mem_write(r->mem, r->vq->avail + VRING_AVAIL_IDX, &idx, 2);
}

/** The next used element the device wrote: true with *id and *len, false
 *  when used->idx has not moved past it. */
static inline bool vring_raw_used(struct vring_raw *r, uint32_t *id,
				  uint32_t *len)
{
	uint64_t at = r->vq->used + VRING_USED_RING +
		      (uint64_t)VRING_USED_ELEM_SIZE *
			      (r->used_idx & (r->vq->num - 1));
	uint16_t idx;

	mem_read(r->mem, r->vq->used + VRING_USED_IDX, &idx, 2);
	if (idx == r->used_idx)
		return false;
	mem_read(r->mem, at, id, 4);
	mem_read(r->mem, at + 4, len, 4);
	r->used_idx++;
	return true;
}

#endif /* VRING_RAW_H */
