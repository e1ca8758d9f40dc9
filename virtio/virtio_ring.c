/* SPDX-License-Identifier: MIT */
/*
 * virtio_ring.c - the split virtqueue of the driver model, after Linux's
 * drivers/virtio/virtio_ring.c (the _split functions).
 *
 * In this file: little-endian ring access; the buffer coverage map behind
 * the memory permissions; scatterlists and ring placement; creation and
 * deletion; adding buffers and the driver-rule checker; kicks; used
 * buffers and callback control; the device-side checks fed by a tap on
 * the memory.
 */
#include "virtio_ring.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Region names of a queue, indices into vq->rname. */
enum {
	VRN_DESC,     /* descriptor table: device-readable */
	VRN_AVAIL,    /* avail ring: device-readable */
	VRN_USED,     /* used ring: device-writable */
	VRN_IDLE,     /* reclaimed buffers, deleted rings: no access */
	VRN_BUF_R,    /* posted device-readable buffers */
	VRN_BUF_W,    /* posted device-writable buffers */
	VRN_BUF_RW,   /* both, where buffers overlap */
	VRN_INDIRECT, /* indirect tables: device-readable */
	VRN_COUNT
};

/* What the model wrote in one ring descriptor, and the free-list link
 * (Linux's vring_desc_extra). */
struct vring_desc_extra {
	uint64_t addr;	/* buffer address */
	uint32_t len;	/* buffer length */
	uint16_t flags; /* descriptor flags */
	uint16_t next;	/* next in the chain or in the free list */
	uint32_t mark;	/* vq->check_gen when the checker last passed */
};

/* One piece of a posted buffer. */
struct vring_piece {
	uint64_t addr; /* first byte */
	uint32_t len;  /* bytes */
	bool write;    /* device-writable */
};

/* Per head of an outstanding buffer (Linux's vring_desc_state_split, with
 * what the checks need). */
struct vring_desc_state {
	void *data;		    /* token; NULL: not the head of a buffer */
	uint64_t indir;		    /* indirect table address, 0: none */
	uint32_t indir_len;	    /* its bytes */
	uint16_t ndescs;	    /* ring descriptors of the chain */
	uint64_t in_bytes;	    /* device-writable bytes: used.len bound */
	uint64_t avail_seq;	    /* its place in avail order, 64-bit */
	struct vring_piece *pieces; /* the buffer, in chain order */
	unsigned npieces;	    /* entries of pieces */
};

/* One descriptor as it sits in memory (2.7.5). */
struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

#define vq_sim(vq) ((vq)->vdev->hw->sim)
/* A rule the device broke, with the queue's name and index. */
#define vring_device_bug(vq, fmt, ...)                             \
	sim_report(vq_sim(vq), SIM_ERROR, "virtio.device",         \
		   "%s: queue %u: " fmt, (vq)->label, (vq)->index, \
		   __VA_ARGS__)
/* A rule the model itself was asked to break (Q13). */
#define vring_driver_bug(vq, fmt, ...)                             \
	sim_report(vq_sim(vq), SIM_ERROR, "virtio.driver",         \
		   "%s: queue %u: " fmt, (vq)->label, (vq)->index, \
		   __VA_ARGS__)

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

static void vring_desc_read(const struct virtqueue *vq, uint64_t at,
			    struct vring_desc *d)
{
	uint8_t b[VRING_DESC_SIZE];
	unsigned i;

	mem_read(vq->mem, at, b, sizeof(b));
	d->addr = 0;
	for (i = 0; i < 8; i++)
		d->addr |= (uint64_t)b[i] << (8 * i);
	d->len = (uint32_t)b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 |
		 (uint32_t)b[11] << 24;
	d->flags = (uint16_t)(b[12] | b[13] << 8);
	d->next = (uint16_t)(b[14] | b[15] << 8);
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

/* ------------------------------------------------ buffer coverage map */

/*
 * Which bytes of a memory outstanding buffers cover, and how: a sorted
 * array of disjoint segments with the number of device-readable (nr) and
 * device-writable (nw) pieces over each byte. Adjacent segments with the
 * same counts are merged, so contiguous buffers cost one segment. The
 * permission of a covered byte is the union of its pieces' (Q4); a byte
 * no piece covers any more becomes no-access. One map per memory, shared
 * by every queue on it, so buffers of different queues may overlap too.
 */
struct vring_cov_seg {
	uint64_t base; /* first byte */
	uint64_t last; /* last byte (inclusive) */
	uint32_t nr;   /* device-readable pieces over it */
	uint32_t nw;   /* device-writable pieces over it */
};

struct vring_cov {
	struct mem *mem;	   /* the memory */
	unsigned refs;		   /* queues using the map */
	struct vring_cov_seg *seg; /* sorted segments, counts non-zero */
	unsigned n, cap;	   /* used, allocated */
	struct vring_cov_seg *tmp; /* scratch for an update */
	unsigned tmp_cap;	   /* its size */
	struct vring_cov *next;	   /* next map (another memory) */
};

static struct vring_cov *vring_covs; /* every map, one per memory */

static struct vring_cov *vring_cov_get(struct mem *m)
{
	struct vring_cov *c;

	for (c = vring_covs; c; c = c->next) {
		if (c->mem == m) {
			c->refs++;
			return c;
		}
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->mem = m;
	c->refs = 1;
	c->next = vring_covs;
	vring_covs = c;
	return c;
}

static void vring_cov_put(struct vring_cov *c)
{
	struct vring_cov **p;

	if (!c || --c->refs)
		return;
	for (p = &vring_covs; *p; p = &(*p)->next) {
		if (*p == c) {
			*p = c->next;
			break;
		}
	}
	free(c->seg);
	free(c->tmp);
	free(c);
}

static int vring_cov_reserve(struct vring_cov_seg **a, unsigned *cap,
			     unsigned need)
{
	struct vring_cov_seg *p;
	unsigned n = *cap ? *cap : 16;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*a, n * sizeof(*p));
	if (!p)
		return -ENOMEM;
	*a = p;
	*cap = n;
	return 0;
}

/* Index of the first segment whose last byte (by_last) or base is above
 * addr: the segments are disjoint, so sorted by either. */
static unsigned vring_cov_above(const struct vring_cov *c, uint64_t addr,
				bool by_last)
{
	unsigned lo = 0, hi = c->n;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		uint64_t key = by_last ? c->seg[mid].last : c->seg[mid].base;

		if (key <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static enum mem_perm vring_cov_perm(const struct vring_cov_seg *s)
{
	return (enum mem_perm)((s->nr ? MEM_R : 0) | (s->nw ? MEM_W : 0));
}

static bool vring_cov_same(const struct vring_cov_seg *a,
			   const struct vring_cov_seg *b)
{
	return a->last + 1 == b->base && a->nr == b->nr && a->nw == b->nw;
}

/*
 * Add dr readable and dw writable pieces (each -1, 0 or +1) over
 * [base, base + len), then paint the permissions of that range into the
 * memory, naming each run after its permission with names[perm].
 */
static void vring_cov_update(struct vring_cov *c, uint64_t base, uint64_t len,
			     int dr, int dw, const char *const names[4])
{
	uint64_t last, p;
	unsigned lo, hi, rlo, rhi, k, nt = 0, in0, in1, nout;
	bool covered = false;

	if (!c || !len || base + (len - 1) < base)
		return;
	last = base + (len - 1);
	/* seg[lo, hi) overlap the range; seg[rlo, rhi) adds the neighbours,
	 * so that equal counts merge across the range's ends */
	lo = base ? vring_cov_above(c, base - 1, true) : 0;
	hi = vring_cov_above(c, last, false);
	rlo = lo > 0 ? lo - 1 : lo;
	rhi = hi < c->n ? hi + 1 : hi;
	if (vring_cov_reserve(&c->tmp, &c->tmp_cap, 2 * (hi - lo) + 5))
		return;
	if (rlo < lo)
		c->tmp[nt++] = c->seg[rlo];
	if (lo < hi && c->seg[lo].base < base) {
		c->tmp[nt] = c->seg[lo];
		c->tmp[nt++].last = base - 1;
	}
	in0 = nt;
	p = base;
	for (k = lo; k < hi && !covered; k++) {
		const struct vring_cov_seg *s = &c->seg[k];
		uint64_t from = s->base > p ? s->base : p;
		uint64_t to = s->last < last ? s->last : last;

		if (s->base > p)
			c->tmp[nt++] =
				(struct vring_cov_seg){ p, s->base - 1, 0, 0 };
		c->tmp[nt++] = (struct vring_cov_seg){ from, to, s->nr, s->nw };
		covered = to == last;
		p = to + 1;
	}
	if (!covered)
		c->tmp[nt++] = (struct vring_cov_seg){ p, last, 0, 0 };
	in1 = nt;
	if (lo < hi && c->seg[hi - 1].last > last) {
		c->tmp[nt] = c->seg[hi - 1];
		c->tmp[nt++].base = last + 1;
	}
	if (hi < rhi)
		c->tmp[nt++] = c->seg[hi];

	/* apply the change, then paint each run of one permission */
	for (k = in0; k < in1; k++) {
		struct vring_cov_seg *s = &c->tmp[k];

		s->nr = dr < 0 && !s->nr ? 0 : (uint32_t)((int64_t)s->nr + dr);
		s->nw = dw < 0 && !s->nw ? 0 : (uint32_t)((int64_t)s->nw + dw);
	}
	for (k = in0; k < in1;) {
		enum mem_perm perm = vring_cov_perm(&c->tmp[k]);
		uint64_t from = c->tmp[k].base;

		while (k + 1 < in1 && vring_cov_perm(&c->tmp[k + 1]) == perm)
			k++;
		mem_region_set(c->mem, from, c->tmp[k].last - from + 1, perm,
			       names[perm]);
		k++;
	}

	/* keep the covered segments, merged, in place of seg[rlo, rhi) */
	nout = 0;
	for (k = 0; k < nt; k++) {
		struct vring_cov_seg *s = &c->tmp[k];

		if (!s->nr && !s->nw)
			continue;
		if (nout && vring_cov_same(&c->tmp[nout - 1], s))
			c->tmp[nout - 1].last = s->last;
		else
			c->tmp[nout++] = *s;
	}
	if (vring_cov_reserve(&c->seg, &c->cap, c->n - (rhi - rlo) + nout))
		return;
	memmove(&c->seg[rlo + nout], &c->seg[rhi],
		(c->n - rhi) * sizeof(*c->seg));
	memcpy(&c->seg[rlo], c->tmp, nout * sizeof(*c->seg));
	c->n = c->n - (rhi - rlo) + nout;
}

/* Add (+1) or remove (-1) the pieces and the indirect table of a head. */
static void vring_cov_buffer(struct virtqueue *vq,
			     const struct vring_desc_state *st, int sign)
{
	const char *bufs[4] = { vq->rname[VRN_IDLE], vq->rname[VRN_BUF_R],
				vq->rname[VRN_BUF_W], vq->rname[VRN_BUF_RW] };
	const char *table[4] = { vq->rname[VRN_IDLE], vq->rname[VRN_INDIRECT],
				 vq->rname[VRN_BUF_W], vq->rname[VRN_BUF_RW] };
	unsigned k;

	for (k = 0; k < st->npieces; k++) {
		const struct vring_piece *pc = &st->pieces[k];

		vring_cov_update(vq->cov, pc->addr, pc->len,
				 pc->write ? 0 : sign, pc->write ? sign : 0,
				 bufs);
	}
	if (st->indir)
		vring_cov_update(vq->cov, st->indir, st->indir_len, sign, 0,
				 table);
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

static void vring_tap(void *ctx, const struct mem_access *a);

static void vring_name_regions(struct virtqueue *vq)
{
	static const char *const suffix[VRN_COUNT] = { "desc",	 "avail",
						       "used",	 "idle",
						       "buf-r",	 "buf-w",
						       "buf-rw", "indirect" };
	unsigned i;

	for (i = 0; i < VRN_COUNT; i++)
		snprintf(vq->rname[i], sizeof(vq->rname[i]), "%s.%s", vq->label,
			 suffix[i]);
}

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
	vring_name_regions(vq);
	vq->desc_extra = calloc(num, sizeof(*vq->desc_extra));
	vq->desc_state = calloc(num, sizeof(*vq->desc_state));
	vq->used_written = calloc(num, 1);
	vq->cov = vring_cov_get(vq->mem);
	if (!vq->desc_extra || !vq->desc_state || !vq->used_written ||
	    !vq->cov || vring_place(vq, place))
		goto err_free;
	if (mem_tap_add(vq->mem, vring_tap, vq))
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
	/* Q4 (2.7.5.1): the device reads the driver's parts, writes its own */
	mem_region_set(vq->mem, vq->desc, vring_desc_bytes(num), MEM_R,
		       vq->rname[VRN_DESC]);
	mem_region_set(vq->mem, vq->avail, vring_avail_bytes(num), MEM_R,
		       vq->rname[VRN_AVAIL]);
	mem_region_set(vq->mem, vq->used, vring_used_bytes(num), MEM_W,
		       vq->rname[VRN_USED]);

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
	vring_cov_put(vq->cov);
	free(vq->used_written);
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
	mem_tap_remove(vq->mem, vring_tap, vq);
	for (i = 0; i < vq->num; i++) {
		struct vring_desc_state *st = &vq->desc_state[i];

		if (!st->data)
			continue;
		vring_cov_buffer(vq, st, -1);
		if (st->indir)
			dma_pool_free(vq->pool, st->indir);
		free(st->pieces);
	}
	mem_region_set(vq->mem, vq->desc, vring_desc_bytes(vq->num), MEM_NONE,
		       vq->rname[VRN_IDLE]);
	mem_region_set(vq->mem, vq->avail, vring_avail_bytes(vq->num), MEM_NONE,
		       vq->rname[VRN_IDLE]);
	mem_region_set(vq->mem, vq->used, vring_used_bytes(vq->num), MEM_NONE,
		       vq->rname[VRN_IDLE]);
	vring_free_rings(vq);
	vring_cov_put(vq->cov);
	free(vq->used_written);
	free(vq->desc_state);
	free(vq->desc_extra);
	free(vq);
}

/* ------------------------------------------------- driver-rule checker */

/* Walk the indirect table of n entries at table, from entry 0 (2.7.5.3):
 * false after reporting the first rule it breaks. */
static bool vring_check_table(struct virtqueue *vq, unsigned head,
			      uint64_t table, unsigned n, bool *wrote,
			      uint64_t *total, unsigned *count)
{
	uint8_t *seen = calloc(n, 1);
	unsigned j = 0;
	bool ok = false;
	struct vring_desc e;
	uint64_t at;

	if (!seen)
		return false;
	for (;;) {
		at = table + (uint64_t)VRING_DESC_SIZE * j;
		if (seen[j]++) {
			vring_driver_bug(
				vq,
				"head %u: indirect table at 0x%llx comes back to entry %u at 0x%llx: a loop (2.7.5.2)",
				head, (ull)table, j, (ull)at);
			break;
		}
		vring_desc_read(vq, at, &e);
		if (e.flags & VRING_DESC_F_INDIRECT) {
			vring_driver_bug(
				vq,
				"head %u: entry %u at 0x%llx of an indirect table is INDIRECT too (2.7.5.3.1)",
				head, j, (ull)at);
			break;
		}
		if (!(e.flags & VRING_DESC_F_WRITE) && *wrote) {
			vring_driver_bug(
				vq,
				"head %u: device-readable indirect entry %u at 0x%llx after a device-writable one (2.7.4.2)",
				head, j, (ull)at);
			break;
		}
		*wrote |= e.flags & VRING_DESC_F_WRITE;
		*total += e.len;
		(*count)++;
		if (!(e.flags & VRING_DESC_F_NEXT)) {
			ok = true;
			break;
		}
		j = e.next;
		if (j >= n) {
			vring_driver_bug(
				vq,
				"head %u: indirect entry at 0x%llx chains to %u, past the table's %u entries (2.7.5.3)",
				head, (ull)at, j, n);
			break;
		}
	}
	free(seen);
	return ok;
}

/* Walk the chain at head as a device would (2.7.5) and report the first
 * driver rule it breaks (Q13). */
static void vring_check_chain(struct virtqueue *vq, unsigned head)
{
	uint64_t total = 0, at;
	unsigned i = head, count = 0;
	bool wrote = false;
	struct vring_desc d;

	/* a new mark for this walk: a descriptor seen twice is a loop */
	if (++vq->check_gen == 0) {
		for (i = 0; i < vq->num; i++)
			vq->desc_extra[i].mark = 0;
		vq->check_gen = 1;
		i = head;
	}
	for (;;) {
		at = vq->desc + (uint64_t)VRING_DESC_SIZE * i;
		if (vq->desc_extra[i].mark == vq->check_gen) {
			vring_driver_bug(
				vq,
				"chain from head %u comes back to descriptor %u at 0x%llx: a loop (2.7.5.2)",
				head, i, (ull)at);
			return;
		}
		vq->desc_extra[i].mark = vq->check_gen;
		vring_desc_read(vq, at, &d);
		if (d.flags & VRING_DESC_F_INDIRECT)
			break;
		if (!(d.flags & VRING_DESC_F_WRITE) && wrote) {
			vring_driver_bug(
				vq,
				"head %u: device-readable descriptor %u at 0x%llx after a device-writable one (2.7.4.2)",
				head, i, (ull)at);
			return;
		}
		wrote |= d.flags & VRING_DESC_F_WRITE;
		total += d.len;
		count++;
		if (!(d.flags & VRING_DESC_F_NEXT))
			goto done;
		i = d.next;
		if (i >= vq->num) {
			vring_driver_bug(
				vq,
				"head %u: descriptor at 0x%llx chains to %u, past the queue size %u (2.7.5)",
				head, (ull)at, i, vq->num);
			return;
		}
	}

	/* an indirect descriptor ends the chain (2.7.5.3) */
	if (!vq->has_indirect) {
		vring_driver_bug(
			vq,
			"head %u: descriptor %u at 0x%llx is INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated (2.7.5.3.1)",
			head, i, (ull)at);
		return;
	}
	if (d.flags & VRING_DESC_F_NEXT) {
		vring_driver_bug(
			vq,
			"head %u: descriptor %u at 0x%llx has both INDIRECT and NEXT (2.7.5.3.1)",
			head, i, (ull)at);
		return;
	}
	if (d.len == 0 || d.len % VRING_DESC_SIZE) {
		vring_driver_bug(
			vq,
			"head %u: indirect table at 0x%llx of %u bytes: not a non-zero multiple of 16 (2.7.5.3)",
			head, (ull)d.addr, d.len);
		return;
	}
	if (!vring_check_table(vq, head, d.addr, d.len / VRING_DESC_SIZE,
			       &wrote, &total, &count))
		return;
	if (count > vq->num) {
		vring_driver_bug(
			vq,
			"head %u: chain of %u descriptors, longer than the queue size %u (2.7.5.3.1)",
			head, count, vq->num);
		return;
	}
done:
	if (total >> 32)
		vring_driver_bug(
			vq,
			"head %u: chain of %llu bytes: must be below 2^32 (2.7.5.2)",
			head, (ull)total);
}

/* -------------------------------------------------------- adding buffers */

static bool vring_use_indirect(const struct virtqueue *vq, unsigned total)
{
	if (!vq->pool || !vq->num_free)
		return false;
	switch (vq->indirect) {
	case VRING_INDIRECT_FORCE: return true;
	case VRING_INDIRECT_AUTO: return vq->has_indirect && total > 1;
	default: return false;
	}
}

/* Slots of the n entries of an indirect table, in chain order: entry 0
 * first (2.7.5.3), the rest shuffled when the test asks for it (Q6). */
static void vring_table_order(struct virtqueue *vq, unsigned n, uint16_t *slot)
{
	unsigned k;

	for (k = 0; k < n; k++)
		slot[k] = (uint16_t)k;
	if (!vq->test.shuffle_indirect || n < 3)
		return;
	if (vq->shuffle_seeded != vq->test.shuffle_indirect) {
		vq->shuffle_rng = sim_rng_seed(vq->test.shuffle_indirect,
					       "vring.shuffle");
		vq->shuffle_seeded = vq->test.shuffle_indirect;
	}
	for (k = n - 1; k > 1; k--) {
		unsigned j = (unsigned)sim_rng_range(&vq->shuffle_rng, 1, k);
		uint16_t t = slot[k];

		slot[k] = slot[j];
		slot[j] = t;
	}
}

/* Write the indirect table of n pieces at table; -ENOMEM. */
static int vring_write_table(struct virtqueue *vq, uint64_t table,
			     const struct vring_piece *pc, unsigned n)
{
	uint16_t *slot = malloc(n * sizeof(*slot));
	unsigned k;

	if (!slot)
		return -ENOMEM;
	vring_table_order(vq, n, slot);
	for (k = 0; k < n; k++) {
		struct vring_desc d = {
			.addr = pc[k].addr,
			.len = pc[k].len,
			.flags = pc[k].write ? VRING_DESC_F_WRITE : 0,
		};

		if (k + 1 < n) {
			d.flags |= VRING_DESC_F_NEXT;
			d.next = slot[k + 1];
		}
		if (k == 0 && vq->test.bad_nested_indirect)
			d.flags |= VRING_DESC_F_INDIRECT;
		if (k + 1 == n && vq->test.bad_loop) {
			d.flags |= VRING_DESC_F_NEXT;
			d.next = slot[0];
		}
		vring_desc_write(
			vq, table + (uint64_t)VRING_DESC_SIZE * slot[k], &d);
	}
	free(slot);
	return 0;
}

/* Write avail->idx from the shadow; it never goes back (2.7.6.1). */
static void vring_publish_avail_idx(struct virtqueue *vq)
{
	if ((int16_t)(vq->avail_idx_shadow - vq->avail_idx_written) < 0)
		vring_driver_bug(
			vq,
			"avail->idx from %u back to %u: it must never decrease (2.7.6.1)",
			vq->avail_idx_written, vq->avail_idx_shadow);
	vring_wr16(vq, vq->avail + VRING_AVAIL_IDX, vq->avail_idx_shadow);
	vq->avail_idx_written = vq->avail_idx_shadow;
}

/* Put the total pieces of pc (out readable ones first) on the ring as one
 * buffer; pc is kept on success and freed otherwise. */
static int virtqueue_add_split(struct virtqueue *vq, struct vring_piece *pc,
			       unsigned total, bool has_out, void *data)
{
	struct vring_desc_state *st;
	unsigned nplain = total, ntable = 0, descs_used, k, i, prev, head;
	uint64_t table = 0, in_bytes = 0, bytes = 0;
	bool indirect;

	if (vq->broken) {
		free(pc);
		return -EIO;
	}
	if (!total || !data) {
		vring_driver_bug(
			vq,
			"add of %u pieces with token %p: needs at least one piece and a non-NULL token",
			total, data);
		free(pc);
		return -EINVAL;
	}
	for (k = 0; k < total; k++)
		bytes += pc[k].len;
	if ((total > vq->num || bytes >> 32) && !vq->test.bad_oversize) {
		/* 2.7.5.2, 2.7.5.3.1: refused; the knob builds it instead */
		vring_driver_bug(
			vq,
			"add of %u pieces, %llu bytes: a chain must be at most the queue size %u and below 2^32 bytes (2.7.5.2, 2.7.5.3.1)",
			total, (ull)bytes, vq->num);
		free(pc);
		return -EINVAL;
	}
	if (vq->test.bad_write_first) {
		/* TEST ONLY: writable pieces first (breaks 2.7.4.2) */
		struct vring_piece *w = malloc(total * sizeof(*w));
		unsigned n = 0;

		if (w) {
			for (k = 0; k < total; k++)
				if (pc[k].write)
					w[n++] = pc[k];
			for (k = 0; k < total; k++)
				if (!pc[k].write)
					w[n++] = pc[k];
			memcpy(pc, w, total * sizeof(*w));
			free(w);
		}
	}

	indirect = vring_use_indirect(vq, total);
	if (indirect) {
		/* Q5: the test may ask for plain descriptors first */
		nplain = vq->test.plain_before_indirect < total
				 ? vq->test.plain_before_indirect
				 : total - 1;
		ntable = total - nplain;
		/* like Linux: no table memory, no indirect */
		if (dma_pool_alloc(vq->pool, (uint64_t)VRING_DESC_SIZE * ntable,
				   VRING_DESC_ALIGN, &table)) {
			indirect = false;
			nplain = total;
			ntable = 0;
		}
	}
	descs_used = nplain + (indirect ? 1 : 0);
	if (vq->num_free < descs_used) {
		/* Linux, "for historical reasons": notify when the buffer
		 * has a device-readable part, so the device drains the ring */
		if (has_out && vq->notify) {
			vq->stats.notifications++;
			vq->notify(vq);
		}
		if (indirect)
			dma_pool_free(vq->pool, table);
		vq->stats.enospc++;
		free(pc);
		return -ENOSPC;
	}

	/* descriptors first (2.7.13 step 1) ... */
	if (indirect && vring_write_table(vq, table, pc + nplain, ntable)) {
		dma_pool_free(vq->pool, table);
		free(pc);
		return -ENOMEM;
	}
	head = vq->free_head;
	i = prev = head;
	for (k = 0; k < descs_used; k++) {
		struct vring_desc_extra *x = &vq->desc_extra[i];
		bool last = k + 1 == descs_used;

		if (k < nplain) {
			x->addr = pc[k].addr;
			x->len = pc[k].len;
			x->flags = pc[k].write ? VRING_DESC_F_WRITE : 0;
		} else {
			x->addr = table;
			x->len = VRING_DESC_SIZE * ntable;
			x->flags = VRING_DESC_F_INDIRECT;
			if (vq->test.indirect_write_flag)
				x->flags |= VRING_DESC_F_WRITE;
			if (vq->test.bad_indirect_next)
				x->flags |= VRING_DESC_F_NEXT;
		}
		if (!last)
			x->flags |= VRING_DESC_F_NEXT;
		vring_desc_write(vq, vq->desc + (uint64_t)VRING_DESC_SIZE * i,
				 &(struct vring_desc){ x->addr, x->len,
						       x->flags, x->next });
		prev = i;
		i = x->next;
	}
	if (vq->test.bad_loop && !indirect) {
		/* TEST ONLY: the last descriptor chains back to the head */
		struct vring_desc_extra *x = &vq->desc_extra[prev];

		vring_desc_write(
			vq, vq->desc + (uint64_t)VRING_DESC_SIZE * prev,
			&(struct vring_desc){ x->addr, x->len,
					      x->flags | VRING_DESC_F_NEXT,
					      (uint16_t)head });
	}
	vq->free_head = (uint16_t)i;
	vq->num_free -= descs_used;
	vring_check_chain(vq, head);
	vq->test.bad_loop = false;
	vq->test.bad_indirect_next = false;
	vq->test.bad_nested_indirect = false;
	vq->test.bad_write_first = false;
	vq->test.bad_oversize = false;

	for (k = 0; k < total; k++)
		if (pc[k].write)
			in_bytes += pc[k].len;
	st = &vq->desc_state[head];
	*st = (struct vring_desc_state){
		.data = data,
		.indir = indirect ? table : 0,
		.indir_len = VRING_DESC_SIZE * ntable,
		.ndescs = (uint16_t)descs_used,
		.in_bytes = in_bytes,
		.avail_seq = vq->avail_total,
		.pieces = pc,
		.npieces = total,
	};
	/* Q4: the device may now read or write the buffer (2.7.5.1) */
	vring_cov_buffer(vq, st, +1);

	/* ... then the avail ring entry, then avail->idx (2.7.13 steps 2-5;
	 * Linux has a write barrier before the index) */
	vring_wr16(vq,
		   vq->avail + VRING_AVAIL_RING +
			   2ull * (vq->avail_idx_shadow & (vq->num - 1)),
		   (uint16_t)head);
	vq->avail_idx_shadow++;
	vring_publish_avail_idx(vq);
	vq->avail_total++;
	vq->num_added++;
	vq->outstanding++;
	vq->stats.added++;
	if (indirect)
		vq->stats.indirect++;
	/* Linux: kick before num_added wraps, or kick_prepare's window
	 * (old, new] would be wrong */
	if (vq->num_added == 0xffff)
		virtqueue_kick(vq);
	return 0;
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

/* Read used->idx and check it against what is outstanding (2.7.8.2):
 * false, with the queue broken, when it moved too far or went back. */
static bool vring_used_idx(struct virtqueue *vq, uint16_t *idx)
{
	uint16_t ahead;

	*idx = vring_rd16(vq, vq->used + VRING_USED_IDX);
	if (vq->broken)
		return false;
	ahead = (uint16_t)(*idx - vq->last_used_idx);
	if (ahead > vq->outstanding) {
		vring_device_bug(
			vq,
			"used->idx at 0x%llx is %u, %u past the %u consumed, with only %u buffers outstanding (2.7.8)",
			(ull)(vq->used + VRING_USED_IDX), *idx, ahead,
			vq->last_used_idx, vq->outstanding);
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

/* Return head's descriptors to the free list, drop its permissions and
 * its table (Linux's detach_buf_split). */
static void vring_detach_buf(struct virtqueue *vq, unsigned head)
{
	struct vring_desc_state *st = &vq->desc_state[head];
	unsigned i = head, k;

	vring_cov_buffer(vq, st, -1);
	if (st->indir)
		dma_pool_free(vq->pool, st->indir);
	for (k = 1; k < st->ndescs; k++)
		i = vq->desc_extra[i].next;
	vq->desc_extra[i].next = vq->free_head;
	vq->free_head = (uint16_t)head;
	vq->num_free += st->ndescs;
	free(st->pieces);
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
	if (l > st->in_bytes) {
		vring_device_bug(
			vq,
			"used ring index %u (slot %u at 0x%llx): len %u exceeds the %llu device-writable bytes of head %u (2.7.8.2)",
			vq->last_used_idx, slot, (ull)at, l, (ull)st->in_bytes,
			id);
		vq->broken = true;
		return NULL;
	}
	if (st->avail_seq >= vq->avail_seen)
		vring_device_bug(
			vq,
			"used ring index %u (slot %u at 0x%llx): head %u completed, but the device never read an avail->idx at 0x%llx that made it available (avail ring index %u) (2.7.13)",
			vq->last_used_idx, slot, (ull)at, id,
			(ull)(vq->avail + VRING_AVAIL_IDX),
			(unsigned)(uint16_t)st->avail_seq);
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
		vq->avail_total--;
		if (vq->avail_seen > vq->avail_total)
			vq->avail_seen = vq->avail_total;
		vring_wr16(vq, vq->avail + VRING_AVAIL_IDX,
			   vq->avail_idx_shadow);
		vq->avail_idx_written = vq->avail_idx_shadow;
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

void virtqueue_test_set_avail_idx(struct virtqueue *vq, uint16_t value)
{
	uint16_t step = (uint16_t)(value - vq->avail_idx_written);

	if ((int16_t)step < 0)
		vring_driver_bug(
			vq,
			"avail->idx at 0x%llx from %u back to %u: it must never decrease (2.7.6.1)",
			(ull)(vq->avail + VRING_AVAIL_IDX),
			vq->avail_idx_written, value);
	else if (step > vq->num)
		vring_driver_bug(
			vq,
			"avail->idx at 0x%llx from %u to %u: %u entries at once, more than the queue size %u (2.7)",
			(ull)(vq->avail + VRING_AVAIL_IDX),
			vq->avail_idx_written, value, step, vq->num);
	vring_wr16(vq, vq->avail + VRING_AVAIL_IDX, value);
	vq->avail_idx_written = value;
}

/* ------------------------------------------- device checks (the tap) */

/* used->idx was written by the device: every element it publishes must
 * have been written first (2.7.8.2, 2.7.13; Q12), and it may not run past
 * what is outstanding. */
static void vring_tap_used_idx(struct virtqueue *vq, uint16_t idx)
{
	uint16_t old = vq->tap_used_idx, first = 0, k, n;
	uint16_t ahead = (uint16_t)(idx - vq->last_used_idx);
	uint16_t was = (uint16_t)(old - vq->last_used_idx);
	unsigned missing = 0;

	if (idx == old)
		return;
	vq->tap_used_idx = idx;
	if (vq->broken)
		return;
	if (ahead > vq->outstanding || ahead < was) {
		vring_device_bug(
			vq,
			"used->idx at 0x%llx written %u (was %u): %s the %u consumed, with %u buffers outstanding (2.7.8)",
			(ull)(vq->used + VRING_USED_IDX), idx, old,
			ahead < was ? "went back towards" : "too far past",
			vq->last_used_idx, vq->outstanding);
		vq->broken = true;
		return;
	}
	n = (uint16_t)(idx - old);
	for (k = 0; k < n; k++) {
		unsigned slot = (uint16_t)(old + k) & (vq->num - 1);

		if (vq->used_written[slot] != 0xff && !missing++)
			first = (uint16_t)(old + k);
		/* published: the next lap must be written afresh (a write
		 * that comes later counts for that lap) */
		vq->used_written[slot] = 0;
	}
	if (missing) {
		unsigned slot = first & (vq->num - 1);

		vring_device_bug(
			vq,
			"used->idx written %u (was %u) before the used element at ring index %u (slot %u at 0x%llx) was written, %u of %u elements missing (2.7.8.2, 2.7.13)",
			idx, old, first, slot,
			(ull)(vq->used + VRING_USED_RING +
			      (uint64_t)VRING_USED_ELEM_SIZE * slot),
			missing, n);
	}
}

static void vring_tap_used(struct virtqueue *vq, const struct mem_access *a)
{
	uint64_t end = vq->used + vring_avail_event_off(vq->num); /* excl. */
	uint64_t from = a->addr > vq->used ? a->addr : vq->used;
	uint64_t to = a->addr + a->len < end ? a->addr + a->len : end;
	bool idx = false;
	uint64_t p;

	for (p = from; p < to; p++) {
		uint64_t off = p - vq->used;

		if (a->strb && !a->strb[p - a->addr])
			continue;
		if (off == VRING_USED_IDX || off == VRING_USED_IDX + 1) {
			idx = true;
		} else if (off >= VRING_USED_RING) {
			off -= VRING_USED_RING;
			vq->used_written[off / VRING_USED_ELEM_SIZE] |=
				(uint8_t)(1u << (off % VRING_USED_ELEM_SIZE));
		}
	}
	/* the memory already holds the write: read the whole index back */
	if (idx)
		vring_tap_used_idx(vq,
				   vring_rd16(vq, vq->used + VRING_USED_IDX));
}

/* The device read avail->idx: every entry published up to that value is
 * now one it may use (2.7.13). */
static void vring_tap_avail(struct virtqueue *vq, const struct mem_access *a)
{
	uint64_t off = vq->avail + VRING_AVAIL_IDX - a->addr;
	uint16_t v = (uint16_t)(a->data[off] | a->data[off + 1] << 8);
	uint16_t behind = (uint16_t)(vq->avail_idx_shadow - v);
	uint64_t seen;

	if (behind > vq->num || behind > vq->avail_total)
		return; /* not a value the model wrote lately */
	seen = vq->avail_total - behind;
	if (seen > vq->avail_seen)
		vq->avail_seen = seen;
}

static void vring_tap(void *ctx, const struct mem_access *a)
{
	struct virtqueue *vq = ctx;
	uint64_t last;

	/* an access that failed or was refused changed and showed nothing */
	if (!a->len || a->resp != AXI_OKAY || a->violation)
		return;
	last = a->addr + (a->len - 1);
	if (last < a->addr)
		return;
	if (a->write) {
		if (a->addr < vq->used + vring_avail_event_off(vq->num) &&
		    last >= vq->used)
			vring_tap_used(vq, a);
	} else if (a->addr <= vq->avail + VRING_AVAIL_IDX &&
		   last >= vq->avail + VRING_AVAIL_IDX + 1) {
		vring_tap_avail(vq, a);
	}
}
