/* SPDX-License-Identifier: MIT */
/*
 * vring_check.c - the checker of a split virtqueue (vring_check.h): the
 * buffer coverage map behind the memory permissions; creation and
 * deletion; the driver-rule walk of a chain; the hooks the driver calls;
 * the device-side checks fed by a tap on the memory.
 */
#include "vring_check.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Region names of a queue, indices into rname. */
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

/* One piece of a buffer, as the walk of its chain found it. */
struct vring_check_piece {
	uint64_t addr; /* first byte */
	uint32_t len;  /* bytes */
	bool write;    /* device-writable */
};

/* Per head of an outstanding buffer: what the checks need. */
struct vring_check_head {
	bool live;		      /* the driver added it, not yet back */
	struct vring_check_piece *pc; /* the buffer, in chain order */
	unsigned n;		      /* entries of pc */
	uint64_t table;		      /* indirect table address, 0: none */
	uint32_t table_len;	      /* its bytes */
	uint64_t in_bytes;  /* device-writable bytes: used.len bound */
	uint64_t avail_seq; /* its place in avail order, 64-bit */
};

/* The checker of one queue (vq->check). */
struct vring_check {
	struct vring_cov *cov;	       /* buffer coverage, shared per memory */
	char rname[VRN_COUNT][80];     /* region names "<label>.desc", ... */
	struct vring_check_head *head; /* per head */
	uint32_t *mark;		       /* per descriptor: the walk that last
					* passed it (a second pass: a loop) */
	uint32_t gen;		       /* walks so far */

	/* ordering (2.7.13), fed by the tap */
	uint64_t avail_total;	    /* avail entries ever published */
	uint64_t avail_seen;	    /* of those, how many the device could
				     * know from the avail->idx it read */
	uint16_t avail_idx_written; /* avail->idx last written to memory */
	uint16_t tap_used_idx;	    /* used->idx as the device last wrote it */
	uint8_t *used_written;	    /* per used slot: bytes written by the
				     * device since the slot was last
				     * published */
};

typedef unsigned long long ull;

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
static void vring_check_cover(struct virtqueue *vq,
			      const struct vring_check_head *h, int sign)
{
	struct vring_check *c = vq->check;
	const char *bufs[4] = { c->rname[VRN_IDLE], c->rname[VRN_BUF_R],
				c->rname[VRN_BUF_W], c->rname[VRN_BUF_RW] };
	const char *table[4] = { c->rname[VRN_IDLE], c->rname[VRN_INDIRECT],
				 c->rname[VRN_BUF_W], c->rname[VRN_BUF_RW] };
	unsigned k;

	for (k = 0; k < h->n; k++) {
		const struct vring_check_piece *pc = &h->pc[k];

		vring_cov_update(c->cov, pc->addr, pc->len,
				 pc->write ? 0 : sign, pc->write ? sign : 0,
				 bufs);
	}
	if (h->table)
		vring_cov_update(c->cov, h->table, h->table_len, sign, 0,
				 table);
}

/* Forget head's buffer: its permissions go, then its record. */
static void vring_check_forget(struct virtqueue *vq, struct vring_check_head *h)
{
	if (!h->live)
		return;
	vring_check_cover(vq, h, -1);
	free(h->pc);
	memset(h, 0, sizeof(*h));
}

/* ------------------------------------------------ creation, deletion */

static void vring_tap(void *ctx, const struct mem_access *a);

static void vring_check_name_regions(struct virtqueue *vq)
{
	static const char *const suffix[VRN_COUNT] = { "desc",	 "avail",
						       "used",	 "idle",
						       "buf-r",	 "buf-w",
						       "buf-rw", "indirect" };
	struct vring_check *c = vq->check;
	unsigned i;

	for (i = 0; i < VRN_COUNT; i++)
		snprintf(c->rname[i], sizeof(c->rname[i]), "%s.%s", vq->label,
			 suffix[i]);
}

static void vring_check_free(struct vring_check *c)
{
	vring_cov_put(c->cov);
	free(c->used_written);
	free(c->mark);
	free(c->head);
	free(c);
}

int vring_check_create(struct virtqueue *vq)
{
	struct vring_check *c = calloc(1, sizeof(*c));
	unsigned num = vq->num;

	if (!c)
		return -ENOMEM;
	c->head = calloc(num, sizeof(*c->head));
	c->mark = calloc(num, sizeof(*c->mark));
	c->used_written = calloc(num, 1);
	c->cov = vring_cov_get(vq->mem);
	if (!c->head || !c->mark || !c->used_written || !c->cov)
		goto err_free;
	vq->check = c;
	if (mem_tap_add(vq->mem, vring_tap, vq))
		goto err_clear;
	vring_check_name_regions(vq);
	/* Q4 (2.7.5.1): the device reads the driver's parts, writes its own */
	mem_region_set(vq->mem, vq->desc, vring_desc_bytes(num), MEM_R,
		       c->rname[VRN_DESC]);
	mem_region_set(vq->mem, vq->avail, vring_avail_bytes(num), MEM_R,
		       c->rname[VRN_AVAIL]);
	mem_region_set(vq->mem, vq->used, vring_used_bytes(num), MEM_W,
		       c->rname[VRN_USED]);
	return 0;

err_clear:
	vq->check = NULL;
err_free:
	vring_check_free(c);
	return -ENOMEM;
}

void vring_check_destroy(struct virtqueue *vq)
{
	struct vring_check *c = vq->check;
	unsigned i;

	if (!c)
		return;
	mem_tap_remove(vq->mem, vring_tap, vq);
	for (i = 0; i < vq->num; i++)
		vring_check_forget(vq, &c->head[i]);
	mem_region_set(vq->mem, vq->desc, vring_desc_bytes(vq->num), MEM_NONE,
		       c->rname[VRN_IDLE]);
	mem_region_set(vq->mem, vq->avail, vring_avail_bytes(vq->num), MEM_NONE,
		       c->rname[VRN_IDLE]);
	mem_region_set(vq->mem, vq->used, vring_used_bytes(vq->num), MEM_NONE,
		       c->rname[VRN_IDLE]);
	vring_check_free(c);
	vq->check = NULL;
}

/* ------------------------------------------------- driver-rule walk */

/* What a walk of one chain found (2.7.5). */
struct vring_walk {
	unsigned head;		      /* the chain's head */
	struct vring_check_piece *pc; /* its pieces, in chain order */
	unsigned n, cap;	      /* pieces found, allocated */
	bool nomem;		      /* a piece could not be kept */
	uint64_t table;		      /* indirect table address, 0: none */
	uint32_t table_len;	      /* its bytes */
	uint64_t total;		      /* bytes of every piece */
	uint64_t in_bytes;	      /* of the device-writable ones */
	unsigned count;		      /* descriptors, table entries included */
	bool wrote;		      /* a device-writable piece was seen */
};

/* Count the piece descriptor d describes and keep it. */
static void vring_walk_piece(struct vring_walk *w, const struct vring_desc *d)
{
	bool write = d->flags & VRING_DESC_F_WRITE;

	w->wrote |= write;
	w->total += d->len;
	if (write)
		w->in_bytes += d->len;
	w->count++;
	if (w->n == w->cap) {
		unsigned cap = w->cap ? 2 * w->cap : 4;
		struct vring_check_piece *p = realloc(w->pc, cap * sizeof(*p));

		if (!p) {
			w->nomem = true;
			return;
		}
		w->pc = p;
		w->cap = cap;
	}
	w->pc[w->n++] = (struct vring_check_piece){ d->addr, d->len, write };
}

/* Walk the indirect table of n entries at table, from entry 0 (2.7.5.3):
 * false after reporting the first rule it breaks. */
static bool vring_walk_table(struct virtqueue *vq, uint64_t table, unsigned n,
			     struct vring_walk *w)
{
	unsigned head = w->head;
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
		if (!(e.flags & VRING_DESC_F_WRITE) && w->wrote) {
			vring_driver_bug(
				vq,
				"head %u: device-readable indirect entry %u at 0x%llx after a device-writable one (2.7.4.2)",
				head, j, (ull)at);
			break;
		}
		vring_walk_piece(w, &e);
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

/* Walk the chain at head as a device would (2.7.5), keeping its pieces in
 * *w (freed by the caller): false after reporting the first driver rule it
 * breaks (Q13). */
static bool vring_walk(struct virtqueue *vq, unsigned head,
		       struct vring_walk *w)
{
	struct vring_check *c = vq->check;
	unsigned i = head;
	struct vring_desc d;
	uint64_t at;

	*w = (struct vring_walk){ .head = head };
	/* a new mark for this walk: a descriptor seen twice is a loop */
	if (++c->gen == 0) {
		memset(c->mark, 0, vq->num * sizeof(*c->mark));
		c->gen = 1;
	}
	for (;;) {
		at = vq->desc + (uint64_t)VRING_DESC_SIZE * i;
		if (c->mark[i] == c->gen) {
			vring_driver_bug(
				vq,
				"chain from head %u comes back to descriptor %u at 0x%llx: a loop (2.7.5.2)",
				head, i, (ull)at);
			return false;
		}
		c->mark[i] = c->gen;
		vring_desc_read(vq, at, &d);
		if (d.flags & VRING_DESC_F_INDIRECT)
			break;
		if (!(d.flags & VRING_DESC_F_WRITE) && w->wrote) {
			vring_driver_bug(
				vq,
				"head %u: device-readable descriptor %u at 0x%llx after a device-writable one (2.7.4.2)",
				head, i, (ull)at);
			return false;
		}
		vring_walk_piece(w, &d);
		if (!(d.flags & VRING_DESC_F_NEXT))
			goto done;
		i = d.next;
		if (i >= vq->num) {
			vring_driver_bug(
				vq,
				"head %u: descriptor at 0x%llx chains to %u, past the queue size %u (2.7.5)",
				head, (ull)at, i, vq->num);
			return false;
		}
	}

	/* an indirect descriptor ends the chain (2.7.5.3) */
	if (!vq->has_indirect) {
		vring_driver_bug(
			vq,
			"head %u: descriptor %u at 0x%llx is INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated (2.7.5.3.1)",
			head, i, (ull)at);
		return false;
	}
	if (d.flags & VRING_DESC_F_NEXT) {
		vring_driver_bug(
			vq,
			"head %u: descriptor %u at 0x%llx has both INDIRECT and NEXT (2.7.5.3.1)",
			head, i, (ull)at);
		return false;
	}
	if (d.len == 0 || d.len % VRING_DESC_SIZE) {
		vring_driver_bug(
			vq,
			"head %u: indirect table at 0x%llx of %u bytes: not a non-zero multiple of 16 (2.7.5.3)",
			head, (ull)d.addr, d.len);
		return false;
	}
	w->table = d.addr;
	w->table_len = d.len;
	if (!vring_walk_table(vq, d.addr, d.len / VRING_DESC_SIZE, w))
		return false;
	if (w->count > vq->num) {
		vring_driver_bug(
			vq,
			"head %u: chain of %u descriptors, longer than the queue size %u (2.7.5.3.1)",
			head, w->count, vq->num);
		return false;
	}
done:
	if (w->total >> 32) {
		vring_driver_bug(
			vq,
			"head %u: chain of %llu bytes: must be below 2^32 (2.7.5.2)",
			head, (ull)w->total);
		return false;
	}
	return true;
}

bool vring_check_chain(struct virtqueue *vq, unsigned head)
{
	struct vring_walk w;
	bool ok;

	if (head >= vq->num) {
		vring_driver_bug(vq, "head %u: past the queue size %u (2.7.6)",
				 head, vq->num);
		return false;
	}
	ok = vring_walk(vq, head, &w);
	free(w.pc);
	return ok;
}

/* ------------------------------------------------- the driver's hooks */

int vring_check_add(struct virtqueue *vq, unsigned head)
{
	struct vring_check *c = vq->check;
	struct vring_check_head *h = &c->head[head];
	struct vring_walk w;

	vring_walk(vq, head, &w);
	if (w.nomem) {
		free(w.pc);
		return -ENOMEM;
	}
	vring_check_forget(vq, h);
	*h = (struct vring_check_head){
		.live = true,
		.pc = w.pc,
		.n = w.n,
		.table = w.table,
		.table_len = w.table_len,
		.in_bytes = w.in_bytes,
		.avail_seq = c->avail_total++,
	};
	/* Q4: the device may now read or write the buffer (2.7.5.1) */
	vring_check_cover(vq, h, +1);
	return 0;
}

void vring_check_avail_idx(struct virtqueue *vq, uint16_t idx)
{
	struct vring_check *c = vq->check;
	uint16_t step = (uint16_t)(idx - c->avail_idx_written);

	if ((int16_t)step < 0)
		vring_driver_bug(
			vq,
			"avail->idx at 0x%llx from %u back to %u: it must never decrease (2.7.6.1)",
			(ull)(vq->avail + VRING_AVAIL_IDX),
			c->avail_idx_written, idx);
	else if (step > vq->num)
		vring_driver_bug(
			vq,
			"avail->idx at 0x%llx from %u to %u: %u entries at once, more than the queue size %u (2.7)",
			(ull)(vq->avail + VRING_AVAIL_IDX),
			c->avail_idx_written, idx, step, vq->num);
	c->avail_idx_written = idx;
}

void vring_check_avail_retract(struct virtqueue *vq)
{
	struct vring_check *c = vq->check;

	c->avail_total--;
	if (c->avail_seen > c->avail_total)
		c->avail_seen = c->avail_total;
	c->avail_idx_written--;
}

bool vring_check_used_idx(struct virtqueue *vq, uint16_t idx)
{
	uint16_t ahead = (uint16_t)(idx - vq->last_used_idx);

	if (ahead <= vq->outstanding)
		return true;
	vring_device_bug(
		vq,
		"used->idx at 0x%llx is %u, %u past the %u consumed, with only %u buffers outstanding (2.7.8)",
		(ull)(vq->used + VRING_USED_IDX), idx, ahead, vq->last_used_idx,
		vq->outstanding);
	return false;
}

bool vring_check_used(struct virtqueue *vq, unsigned id, uint32_t len)
{
	struct vring_check *c = vq->check;
	const struct vring_check_head *h = &c->head[id];
	unsigned slot = vq->last_used_idx & (vq->num - 1);
	uint64_t at = vq->used + VRING_USED_RING +
		      (uint64_t)VRING_USED_ELEM_SIZE * slot;

	if (len > h->in_bytes) {
		vring_device_bug(
			vq,
			"used ring index %u (slot %u at 0x%llx): len %u exceeds the %llu device-writable bytes of head %u (2.7.8.2)",
			vq->last_used_idx, slot, (ull)at, len, (ull)h->in_bytes,
			id);
		return false;
	}
	if (h->avail_seq >= c->avail_seen)
		vring_device_bug(
			vq,
			"used ring index %u (slot %u at 0x%llx): head %u completed, but the device never read an avail->idx at 0x%llx that made it available (avail ring index %u) (2.7.13)",
			vq->last_used_idx, slot, (ull)at, id,
			(ull)(vq->avail + VRING_AVAIL_IDX),
			(unsigned)(uint16_t)h->avail_seq);
	return true;
}

void vring_check_detach(struct virtqueue *vq, unsigned head)
{
	vring_check_forget(vq, &vq->check->head[head]);
}

/* ------------------------------------------- device checks (the tap) */

/* used->idx was written by the device: every element it publishes must
 * have been written first (2.7.8.2, 2.7.13; Q12), and it may not run past
 * what is outstanding. */
static void vring_tap_used_idx(struct virtqueue *vq, uint16_t idx)
{
	struct vring_check *c = vq->check;
	uint16_t old = c->tap_used_idx, first = 0, k, n;
	uint16_t ahead = (uint16_t)(idx - vq->last_used_idx);
	uint16_t was = (uint16_t)(old - vq->last_used_idx);
	unsigned missing = 0;

	if (idx == old)
		return;
	c->tap_used_idx = idx;
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

		if (c->used_written[slot] != 0xff && !missing++)
			first = (uint16_t)(old + k);
		/* published: the next lap must be written afresh (a write
		 * that comes later counts for that lap) */
		c->used_written[slot] = 0;
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
	struct vring_check *c = vq->check;
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
			c->used_written[off / VRING_USED_ELEM_SIZE] |=
				(uint8_t)(1u << (off % VRING_USED_ELEM_SIZE));
		}
	}
	/* the memory already holds the write: read the whole index back
	 * (little-endian, as the host: virtio.h) */
	if (idx) {
		uint16_t v;

		mem_read(vq->mem, vq->used + VRING_USED_IDX, &v, sizeof(v));
		vring_tap_used_idx(vq, v);
	}
}

/* The device read avail->idx: every entry published up to that value is
 * now one it may use (2.7.13). */
static void vring_tap_avail(struct virtqueue *vq, const struct mem_access *a)
{
	struct vring_check *c = vq->check;
	uint64_t off = vq->avail + VRING_AVAIL_IDX - a->addr;
	uint16_t v = (uint16_t)(a->data[off] | a->data[off + 1] << 8);
	uint16_t behind = (uint16_t)(vq->avail_idx_shadow - v);
	uint64_t seen;

	if (behind > vq->num || behind > c->avail_total)
		return; /* not a value the model wrote lately */
	seen = c->avail_total - behind;
	if (seen > c->avail_seen)
		c->avail_seen = seen;
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
