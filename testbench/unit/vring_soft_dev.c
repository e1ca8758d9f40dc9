/* SPDX-License-Identifier: MIT */
/*
 * vring_soft_dev.c - the software virtio device of the unit tests.
 */
#include "vring_soft_dev.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_ring.h"

#define SOFT_CHUNK 64u /* bytes per bus access to buffer data */

/* One piece of a buffer, as the device found it. */
struct soft_piece {
	uint64_t addr;
	uint32_t len;
	bool write;
};

/* One buffer taken from the avail ring. */
struct soft_item {
	uint16_t head;	      /* chain head */
	struct soft_piece *p; /* pieces in chain order */
	unsigned np, cap;     /* used, allocated */
	uint64_t in_total;    /* writable bytes */
};

static uint16_t soft_rd16(struct vring_soft_dev *d, uint64_t addr)
{
	uint8_t b[2];

	mem_bus_read(d->mem, addr, b, 2, 0);
	return (uint16_t)(b[0] | b[1] << 8);
}

static void soft_wr16(struct vring_soft_dev *d, uint64_t addr, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	mem_bus_write(d->mem, addr, b, NULL, 2, 0);
}

static void soft_desc(struct vring_soft_dev *d, uint64_t at,
		      struct soft_piece *p, uint16_t *flags, uint16_t *next)
{
	uint8_t b[VRING_DESC_SIZE];
	unsigned i;

	mem_bus_read(d->mem, at, b, sizeof(b), 0);
	p->addr = 0;
	for (i = 0; i < 8; i++)
		p->addr |= (uint64_t)b[i] << (8 * i);
	p->len = (uint32_t)b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 |
		 (uint32_t)b[11] << 24;
	*flags = (uint16_t)(b[12] | b[13] << 8);
	*next = (uint16_t)(b[14] | b[15] << 8);
	p->write = *flags & VRING_DESC_F_WRITE;
}

static bool soft_fail(struct vring_soft_dev *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool soft_fail(struct vring_soft_dev *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
	d->error = true;
	return false;
}

static bool soft_push(struct vring_soft_dev *d, struct soft_item *it,
		      const struct soft_piece *p)
{
	if (!p->write && it->in_total)
		return soft_fail(d,
				 "head %u: readable piece after a writable one",
				 it->head);
	if (it->np == it->cap) {
		unsigned cap = it->cap ? it->cap * 2 : 8;
		struct soft_piece *n = realloc(it->p, cap * sizeof(*n));

		if (!n)
			return soft_fail(d, "out of host memory");
		it->p = n;
		it->cap = cap;
	}
	it->p[it->np++] = *p;
	if (p->write)
		it->in_total += p->len;
	return true;
}

/* Walk an indirect table (2.7.5.3): entry 0 first, then next. */
static bool soft_table(struct vring_soft_dev *d, struct soft_item *it,
		       const struct soft_piece *t)
{
	unsigned n = t->len / VRING_DESC_SIZE, j = 0, seen = 0;

	if (!d->indirect)
		return soft_fail(d, "head %u: INDIRECT not negotiated",
				 it->head);
	if (!t->len || t->len % VRING_DESC_SIZE)
		return soft_fail(d, "head %u: indirect table of %u bytes",
				 it->head, t->len);
	d->via_indirect = true;
	for (;;) {
		struct soft_piece p;
		uint16_t flags, next;

		if (++seen > n)
			return soft_fail(d, "head %u: loop in indirect table",
					 it->head);
		soft_desc(d, t->addr + (uint64_t)VRING_DESC_SIZE * j, &p,
			  &flags, &next);
		d->ndescs++;
		if (flags & VRING_DESC_F_INDIRECT)
			return soft_fail(d, "head %u: nested indirect table",
					 it->head);
		if (!soft_push(d, it, &p))
			return false;
		if (!(flags & VRING_DESC_F_NEXT))
			return true;
		j = next;
		if (j >= n)
			return soft_fail(d, "head %u: table next %u of %u",
					 it->head, j, n);
	}
}

/* Walk the chain at head (2.7.5): plain descriptors, possibly ending with
 * one indirect descriptor whose WRITE and NEXT are ignored (Q5). */
static bool soft_walk(struct vring_soft_dev *d, struct soft_item *it)
{
	unsigned i = it->head, seen = 0;

	d->ndescs = 0;
	d->via_indirect = false;
	if (i >= d->num)
		return soft_fail(d, "head %u out of range", i);
	for (;;) {
		struct soft_piece p;
		uint16_t flags, next;

		if (++seen > d->num)
			return soft_fail(d, "head %u: loop", it->head);
		soft_desc(d, d->desc + (uint64_t)VRING_DESC_SIZE * i, &p,
			  &flags, &next);
		if (flags & VRING_DESC_F_INDIRECT)
			return soft_table(d, it, &p);
		d->ndescs++;
		if (!soft_push(d, it, &p))
			return false;
		if (!(flags & VRING_DESC_F_NEXT))
			return true;
		i = next;
		if (i >= d->num)
			return soft_fail(d, "head %u: next %u out of range",
					 it->head, i);
	}
}

/* Read the readable part, keeping the first bytes in d->out. */
static void soft_read(struct vring_soft_dev *d, const struct soft_item *it)
{
	uint8_t buf[SOFT_CHUNK];
	unsigned k;

	d->out_total = 0;
	for (k = 0; k < it->np; k++) {
		const struct soft_piece *p = &it->p[k];
		uint32_t off, n;

		if (p->write)
			continue;
		for (off = 0; off < p->len; off += n) {
			n = p->len - off < SOFT_CHUNK ? p->len - off
						      : SOFT_CHUNK;
			mem_bus_read(d->mem, p->addr + off, buf, n, 0);
			if (d->out_total + n <= VRING_SOFT_CAPTURE)
				memcpy(d->out + d->out_total, buf, n);
			else if (d->out_total < VRING_SOFT_CAPTURE)
				memcpy(d->out + d->out_total, buf,
				       VRING_SOFT_CAPTURE - d->out_total);
			d->out_total += n;
		}
	}
}

/* Fill the writable part with the pattern, at most write_limit bytes:
 * returns the bytes written (used.len, 2.7.8.2). */
static uint32_t soft_write(struct vring_soft_dev *d, const struct soft_item *it)
{
	uint8_t buf[SOFT_CHUNK];
	uint64_t done = 0;
	unsigned k;

	for (k = 0; k < it->np && done < d->write_limit; k++) {
		const struct soft_piece *p = &it->p[k];
		uint32_t off, n, i;

		if (!p->write)
			continue;
		for (off = 0; off < p->len && done < d->write_limit; off += n) {
			n = p->len - off < SOFT_CHUNK ? p->len - off
						      : SOFT_CHUNK;
			if (n > d->write_limit - done)
				n = (uint32_t)(d->write_limit - done);
			for (i = 0; i < n; i++)
				buf[i] = vring_soft_dev_pattern(it->head,
								done + i);
			mem_bus_write(d->mem, p->addr + off, buf, NULL, n, 0);
			done += n;
		}
	}
	return (uint32_t)done;
}

/* Return one buffer: data, used element, then used->idx (2.7.8.2). */
static void soft_complete(struct vring_soft_dev *d, const struct soft_item *it)
{
	enum vring_soft_bad bad = d->bad;
	uint64_t at =
		d->used + VRING_USED_RING +
		(uint64_t)VRING_USED_ELEM_SIZE * (d->used_idx & (d->num - 1));
	uint32_t len = soft_write(d, it), id = it->head;
	uint16_t idx = (uint16_t)(d->used_idx + 1);
	uint8_t e[VRING_USED_ELEM_SIZE], poke = 0xee;
	unsigned k;

	if (bad != VRING_SOFT_BAD_AVAIL_PEEK)
		d->bad = VRING_SOFT_GOOD; /* one buffer only */
	switch (bad) {
	case VRING_SOFT_BAD_USED_ID: id = d->bad_id; break;
	case VRING_SOFT_BAD_USED_LEN: len = (uint32_t)it->in_total + 1; break;
	case VRING_SOFT_BAD_WRITE_READABLE:
		for (k = 0; k < it->np; k++) {
			if (!it->p[k].write && it->p[k].len) {
				mem_bus_write(d->mem, it->p[k].addr, &poke,
					      NULL, 1, 0);
				break;
			}
		}
		break;
	case VRING_SOFT_BAD_IDX_JUMP: idx = (uint16_t)(idx + d->num); break;
	case VRING_SOFT_BAD_WRITE_OUTSIDE:
		mem_bus_write(d->mem, d->bad_addr, &poke, NULL, 1, 0);
		break;
	default: break;
	}
	for (k = 0; k < 4; k++) {
		e[k] = (uint8_t)(id >> (8 * k));
		e[4 + k] = (uint8_t)(len >> (8 * k));
	}
	if (bad == VRING_SOFT_BAD_IDX_FIRST)
		soft_wr16(d, d->used + VRING_USED_IDX, idx);
	mem_bus_write(d->mem, at, e, NULL, sizeof(e), 0);
	if (bad != VRING_SOFT_BAD_IDX_FIRST)
		soft_wr16(d, d->used + VRING_USED_IDX, idx);
	d->used_idx++;
	d->completed++;
}

void vring_soft_dev_init(struct vring_soft_dev *d, struct mem *mem,
			 unsigned num, uint64_t desc, uint64_t avail,
			 uint64_t used, bool event_idx, bool indirect)
{
	memset(d, 0, sizeof(*d));
	d->mem = mem;
	d->num = num;
	d->desc = desc;
	d->avail = avail;
	d->used = used;
	d->event_idx = event_idx;
	d->indirect = indirect;
	d->write_limit = UINT32_MAX;
	d->flags_written = -1;
	d->out = calloc(1, VRING_SOFT_CAPTURE);
}

void vring_soft_dev_attach(struct vring_soft_dev *d, const struct virtqueue *vq)
{
	vring_soft_dev_init(
		d, vq->mem, vq->num, virtqueue_get_desc_addr(vq),
		virtqueue_get_avail_addr(vq), virtqueue_get_used_addr(vq),
		virtio_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX),
		virtio_has_feature(vq->vdev, VIRTIO_RING_F_INDIRECT_DESC));
}

void vring_soft_dev_free(struct vring_soft_dev *d)
{
	free(d->out);
	d->out = NULL;
}

uint8_t vring_soft_dev_pattern(uint16_t head, uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 8) + head + 1);
}

unsigned vring_soft_dev_process(struct vring_soft_dev *d, unsigned max)
{
	struct soft_item *items;
	uint16_t avail_idx, old_used = d->used_idx, n, k;
	bool fire;
	/* 2.7.10.2: with EVENT_IDX the device keeps used.flags 0 */
	int flags = d->no_notify && !d->event_idx ? VRING_USED_F_NO_NOTIFY : 0;

	if (d->error)
		return 0;
	if (flags != d->flags_written) {
		soft_wr16(d, d->used + VRING_USED_FLAGS, (uint16_t)flags);
		d->flags_written = flags;
	}
	if (d->bad == VRING_SOFT_BAD_AVAIL_PEEK) {
		uint8_t b[2];

		mem_read(d->mem, d->avail + VRING_AVAIL_IDX, b, 2);
		avail_idx = (uint16_t)(b[0] | b[1] << 8);
	} else {
		avail_idx = soft_rd16(d, d->avail + VRING_AVAIL_IDX);
	}
	n = (uint16_t)(avail_idx - d->last_avail_idx);
	if (n > d->num) {
		soft_fail(d, "avail idx %u is %u past %u: more than the queue",
			  avail_idx, n, d->last_avail_idx);
		return 0;
	}
	if (max && n > max)
		n = (uint16_t)max;
	items = calloc(n ? n : 1, sizeof(*items));
	if (!items) {
		soft_fail(d, "out of host memory");
		return 0;
	}
	/* take every buffer of the pass: head, chain, readable data */
	for (k = 0; k < n && !d->error; k++) {
		uint16_t slot = (uint16_t)(d->last_avail_idx + k) &
				(d->num - 1);

		items[k].head =
			soft_rd16(d, d->avail + VRING_AVAIL_RING + 2ull * slot);
		d->head = items[k].head;
		if (soft_walk(d, &items[k])) {
			soft_read(d, &items[k]);
			d->in_total = items[k].in_total;
		}
	}
	if (!d->error) {
		d->last_avail_idx = (uint16_t)(d->last_avail_idx + n);
		for (k = 0; k < n; k++)
			soft_complete(d, &items[d->reverse ? n - 1 - k : k]);
		if (d->event_idx && d->set_avail_event)
			soft_wr16(d, d->used + vring_avail_event_off(d->num),
				  d->last_avail_idx);
	}
	if (d->bad == VRING_SOFT_BAD_AVAIL_PEEK)
		d->bad = VRING_SOFT_GOOD;
	for (k = 0; k < n; k++)
		free(items[k].p);
	free(items);
	if (d->error || !n)
		return 0;

	/* used-buffer notification (2.7.7.2) */
	if (d->event_idx)
		fire = vring_need_event(
			soft_rd16(d, d->avail + vring_used_event_off(d->num)),
			d->used_idx, old_used);
	else
		fire = !(soft_rd16(d, d->avail + VRING_AVAIL_FLAGS) &
			 VRING_AVAIL_F_NO_INTERRUPT);
	if (fire) {
		d->interrupts++;
		d->irq = true;
	} else {
		d->suppressed++;
	}
	return n;
}
