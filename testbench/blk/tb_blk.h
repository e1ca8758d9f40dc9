/* SPDX-License-Identifier: MIT */
/*
 * tb_blk.h - harness of the virtio-blk suites (blk, blk_ro): the RAM disk
 * of rtl/vio_blk.v behind vio_top (DEVICE_ID=2, 1 MiB, 2048 sectors) on
 * the ring-engine harness (tb_vq.h) with its one request queue. A request
 * is header | readable data | writable data | status in one DMA buffer
 * (virtio 1.2 section 5.2.6), posted in a chosen descriptor layout and
 * checked when it comes back: used.len (Q7), status and data.
 *
 * As in tb_vq.h, failures inside the simulation are reported with id
 * "tb.check"; the test asserts after the run.
 */
#ifndef TB_BLK_H
#define TB_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tb_vq.h"

#define BLK_TIMEOUT 4000000 /* cycles to wait for one request (1 MiB reads) */

/* 5.2.6 request types and status values */
#define BLK_T_IN 0u
#define BLK_T_OUT 1u
#define BLK_T_FLUSH 4u
#define BLK_T_GET_ID 8u
#define BLK_T_DISCARD 11u
#define BLK_T_WRITE_ZEROES 13u
#define BLK_S_OK 0
#define BLK_S_IOERR 1
#define BLK_S_UNSUPP 2
#define BLK_DWZ_UNMAP 1u /* virtio_blk_discard_write_zeroes flags.unmap */

/* 5.2.3 feature bits */
#define BLK_F_RO 5
#define BLK_F_FLUSH 9
#define BLK_F_DISCARD 13
#define BLK_F_WRITE_ZEROES 14

/* 5.2.4 virtio_blk_config offsets */
#define BLK_CFG_CAPACITY 0
#define BLK_CFG_MAX_DISCARD_SECTORS 36
#define BLK_CFG_MAX_DISCARD_SEG 40
#define BLK_CFG_DISCARD_ALIGN 44
#define BLK_CFG_MAX_WZ_SECTORS 48
#define BLK_CFG_MAX_WZ_SEG 52
#define BLK_CFG_WZ_MAY_UNMAP 56
#define BLK_CFG_SIZE 64 /* vio_top CFG_SIZE */

/* 5.2.6 sectors and GET_ID; the disk of vio_top */
#define BLK_SECTOR 512u
#define BLK_SECTORS 2048u /* vio_top BLK_DISK_BYTES: 1 MiB */
#define BLK_DISK (BLK_SECTORS * BLK_SECTOR)
#define BLK_ID "vio-blk-ramdisk" /* vio_top BLK_ID */
#define BLK_ID_BYTES 20

/** How a request is laid out in descriptors. */
enum blk_shape {
	BLK_QEMU,   /* header | data | status: 3 descriptors (2 without data) */
	BLK_TWO,    /* all readable | all writable: 2 descriptors */
	BLK_RANDOM, /* each part in 1..max random pieces */
	BLK_BYTES,  /* every byte its own descriptor */
};

/** One request: header, readable data, writable data, status, in one DMA
 *  buffer in that order. */
struct blk_req {
	uint32_t type;
	uint64_t sector;
	uint32_t hdr_len; /* readable header bytes (16; fewer on purpose) */
	uint32_t out_len; /* readable data after the header */
	uint32_t in_len;  /* writable bytes before the status */
	bool no_status;	  /* no writable byte at all (in_len 0) */
	uint8_t *out;	  /* out_len bytes sent (NULL: zeros) */
	uint8_t *expect;  /* in_len bytes expected back (NULL: unchecked) */
	int want;	  /* expected status (-1: unchecked) */
	uint64_t addr;	  /* DMA buffer */
	uint8_t *in;	  /* in_len bytes read back */
	uint8_t status;	  /* status byte read back */
	uint32_t used;	  /* used.len */
	bool done;	  /* came back */
};

/** Run fn for seed iteration i (tb_vq_cfg, tb_vq_run, no message
 *  expected), then assert a clean environment (tb_env_assert_clean). */
void blk_run(struct tb_vq *t, int i, void (*fn)(struct tb_vq *t));
/** In the sequence: tb_vq_init with the request queue only. 0, or a
 *  negative errno (reported). */
int blk_init(struct tb_vq *t);
/** A request of type at sector with out_len readable and in_len writable
 *  data bytes (zeros), a 16-byte header, the status unchecked. */
struct blk_req *blk_new(uint32_t type, uint64_t sector, uint32_t out_len,
			uint32_t in_len);
/** A DISCARD or WRITE_ZEROES request with nseg segments, all {sector,
 *  num, flags}. */
struct blk_req *blk_new_dwz(uint32_t type, uint64_t sector, uint32_t num,
			    uint32_t flags, unsigned nseg);
/** Free a request and its DMA buffer. */
void blk_free(struct tb_vq *t, struct blk_req *r);
/** Descriptors the request takes in the ring at most in shape (max: the
 *  pieces of a part for BLK_RANDOM). */
unsigned blk_descs(const struct blk_req *r, enum blk_shape shape, unsigned max);
/** Write the request into DMA memory and make it available in shape (kick
 *  unless t->no_kick): 0, or the add error (reported). */
int blk_post(struct tb_vq *t, struct sim_rng *rng, struct blk_req *r,
	     enum blk_shape shape, unsigned max);
/** Wait for the next used buffer, read back its writable part and check
 *  used.len (the whole writable part, Q7), r->want, r->expect: the
 *  request, or NULL. */
struct blk_req *blk_wait(struct tb_vq *t);
/** Post one request, wait for it: its status (0xff when it did not come
 *  back or another one did). */
uint8_t blk_do(struct tb_vq *t, struct sim_rng *rng, struct blk_req *r,
	       enum blk_shape shape, unsigned max);
/** Expect in_len zeros back. */
void blk_expect_zeros(struct blk_req *r);
/** Expect in_len bytes of src back. */
void blk_expect(struct blk_req *r, const uint8_t *src);
/** Read n sectors at sector into buf (NULL: dropped) in the 3-descriptor
 *  layout: the status. */
uint8_t blk_read(struct tb_vq *t, struct sim_rng *rng, uint64_t sector,
		 uint32_t n, uint8_t *buf);
/** Write n sectors from buf at sector in the 3-descriptor layout: the
 *  status. */
uint8_t blk_write(struct tb_vq *t, struct sim_rng *rng, uint64_t sector,
		  uint32_t n, const uint8_t *buf);
/** Fill n bytes at b from rng. */
void blk_random_bytes(struct sim_rng *rng, uint8_t *b, size_t n);
/** True when all n bytes at b are v. */
bool blk_all_equal(const uint8_t *b, uint8_t v, uint32_t n);
/** The capacity field of the configuration space (5.2.4), in sectors. */
uint64_t blk_capacity(struct tb_vq *t);

#endif /* TB_BLK_H */
