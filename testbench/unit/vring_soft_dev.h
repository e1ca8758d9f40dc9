/* SPDX-License-Identifier: MIT */
/*
 * vring_soft_dev.h - a software virtio device for unit tests: it serves
 * one split virtqueue in a struct mem the way a correct device does, with
 * bus accesses only (mem_bus_read/mem_bus_write), so the memory's
 * permission checks and taps see everything it does. It walks the avail
 * ring, plain chains and indirect tables (2.7.5), reads the readable part,
 * fills the writable part with a known pattern, writes the used element
 * and then used->idx, and decides whether to interrupt from used_event or
 * avail->flags (2.7.7.2). Knobs make it misbehave once, so tests can prove
 * the driver model's checks fire.
 *
 * Malformed rings (table E) stop it: error is set with the reason.
 */
#ifndef VRING_SOFT_DEV_H
#define VRING_SOFT_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"

struct virtqueue;

/* Readable bytes of a buffer kept in out[] for the test to compare. */
#define VRING_SOFT_CAPTURE 65536u

/** One misbehaviour, applied to the first buffer of the next pass. */
enum vring_soft_bad {
	VRING_SOFT_GOOD,
	VRING_SOFT_BAD_USED_ID,	       /* used.id = bad_id */
	VRING_SOFT_BAD_USED_LEN,       /* used.len = writable bytes + 1 */
	VRING_SOFT_BAD_WRITE_READABLE, /* write a byte into a readable piece */
	VRING_SOFT_BAD_IDX_JUMP,       /* used->idx num further than right */
	VRING_SOFT_BAD_WRITE_OUTSIDE,  /* write a byte at bad_addr */
	VRING_SOFT_BAD_IDX_FIRST,      /* used->idx before the element */
	VRING_SOFT_BAD_AVAIL_PEEK,     /* learn avail->idx without reading it
					* on the bus (a device that guesses) */
};

/** The device. Fields marked "knob" may be changed between passes. */
struct vring_soft_dev {
	struct mem *mem;	    /* DMA memory */
	unsigned num;		    /* queue size */
	uint64_t desc, avail, used; /* ring addresses */
	bool event_idx;		    /* VIRTIO_RING_F_EVENT_IDX negotiated */
	bool indirect;		    /* VIRTIO_RING_F_INDIRECT_DESC negotiated */

	bool no_notify;		 /* knob: used.flags = NO_NOTIFY (2.7.10) */
	bool set_avail_event;	 /* knob: with EVENT_IDX, avail_event = the next
			       * avail index after each pass (2.7.10) */
	uint32_t write_limit;	 /* knob: bytes written per buffer at most */
	bool reverse;		 /* knob: complete a pass in reverse order */
	enum vring_soft_bad bad; /* knob: one misbehaviour, then GOOD */
	uint32_t bad_id;	 /* for VRING_SOFT_BAD_USED_ID */
	uint64_t bad_addr;	 /* for VRING_SOFT_BAD_WRITE_OUTSIDE */

	uint16_t last_avail_idx; /* next avail entry to take */
	uint16_t used_idx;	 /* next used entry to write */
	int flags_written;	 /* used.flags last written, -1: never */

	uint64_t completed;  /* buffers used */
	uint64_t interrupts; /* used-buffer notifications sent */
	uint64_t suppressed; /* passes that completed without one */
	bool irq;	     /* a notification was sent (the test clears) */
	bool error;	     /* a malformed ring stopped the device */
	char why[256];	     /* what was malformed */

	/* the last buffer taken, in avail order */
	uint16_t head;	    /* its head */
	unsigned ndescs;    /* descriptors walked, table entries included */
	bool via_indirect;  /* it went through an indirect table */
	uint64_t out_total; /* readable bytes */
	uint64_t in_total;  /* writable bytes */
	uint8_t *out;	    /* the first VRING_SOFT_CAPTURE readable bytes */
};

/** Serve the rings at desc/avail/used of num entries in mem. */
void vring_soft_dev_init(struct vring_soft_dev *d, struct mem *mem,
			 unsigned num, uint64_t desc, uint64_t avail,
			 uint64_t used, bool event_idx, bool indirect);
/** vring_soft_dev_init() with a virtqueue's rings and features. */
void vring_soft_dev_attach(struct vring_soft_dev *d,
			   const struct virtqueue *vq);
/** Free what the device allocated. */
void vring_soft_dev_free(struct vring_soft_dev *d);
/** Serve up to max available buffers (0: all): returns how many were
 *  used. Writes used.flags first, whatever is available. */
unsigned vring_soft_dev_process(struct vring_soft_dev *d, unsigned max);
/** The byte the device writes at offset off of head's writable part. */
uint8_t vring_soft_dev_pattern(uint16_t head, uint64_t off);

#endif /* VRING_SOFT_DEV_H */
