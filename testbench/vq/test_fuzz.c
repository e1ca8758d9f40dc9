/* SPDX-License-Identifier: MIT */
/*
 * test_fuzz.c - R2: fuzz of everything the driver controls in the rings,
 * on the net loopback (vio_top).
 *
 * Every case is independent and replayable alone: it builds its own
 * environment from its case seed (random memory latency, back-pressure and
 * reordering drawn from it), brings the device up with a random transmit
 * queue size, writes one chain straight into the transmit queue's rings
 * and notifies. Chains are legal (random pieces, indirect tables, zero
 * lengths, writable tails, 4 KiB / 4 GiB / 2^64 edges), malformed (one row
 * of CONFORMANCE table E with random parameters, a DMA error response on
 * any ring, table or buffer access included) or chaotic (random descriptor
 * fields inside bounds, buffers overlapping the descriptor table or the
 * avail ring, tables shared by several descriptors; the reference walk
 * below decides).
 *
 * The verdict comes from a reference walk of the same memory that
 * follows the spec (2.7.4 to 2.7.5.3, table E). Invariants of every case:
 * - no hang: the case ends within a bounded number of cycles;
 * - no protocol checker report, no access outside what the case posted
 *   (DMA memory is no-access elsewhere);
 * - legal: no NEEDS_RESET; the transmit chain is used with its head and
 *   length 0; a frame the loopback carries (12..BUF bytes) comes back on
 *   the receive queue byte for byte, with a fresh header;
 * - malformed: NEEDS_RESET and the configuration interrupt, then no new
 *   bus request; after a reset the device carries frames again.
 *
 * FUZZ_CASES=n sets the cases per seed (make fuzz, make regress);
 * FUZZ_SEED=0x... runs the one case with that seed (the replay command a
 * failure prints); FUZZ_PROGRESS=1 prints a line every 1,000 cases.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define NR 0x40u	       /* VIRTIO_CONFIG_S_NEEDS_RESET */
#define HDR TB_VQ_NET_HDR      /* transmit / receive header */
#define NET_BUF 2048u	       /* the loopback's frame buffer (NET_BUF_BYTES) */
#define ARENA (64u << 10)      /* buffer bytes */
#define TARENA (64u << 10)     /* indirect table bytes */
#define RX_LEN 2200u	       /* receive buffers: any frame fits */
#define MAX_DESC 40u	       /* descriptors a generated chain uses */
#define CASE_CYCLES 60000u     /* a case's verdict is due within this */
#define EDGE_4G 0x200000000ull /* a 4 GiB boundary outside the pool */
#define EDGE_TOP 0xfffffffffffff000ull /* the last page below 2^64 */
#define FUZZ_CASES_DEFAULT 340u	       /* per seed: 3 seeds >= 1,000 */

enum fuzz_kind { K_LEGAL, K_MALFORMED, K_CHAOTIC, K_KINDS };
static const char *const kind_name[K_KINDS] = { "legal", "malformed",
						"chaotic" };

/* What a case found, for the summary and the assertions. */
struct fuzz_case {
	uint64_t seed;	     /* the case seed (replay with FUZZ_SEED) */
	enum fuzz_kind kind; /* how it was generated */
	char what[96];	     /* the generator's choice */
	unsigned row;	     /* malformed: the table E row (row_name) */
	/* verdict of the reference walk */
	bool malformed;
	char why[96];
	uint64_t rd_bytes;  /* readable bytes of a legal chain */
	bool carried;	    /* the loopback carries it */
	unsigned size;	    /* transmit queue size */
	bool done;	    /* the body ran to its end */
	uint64_t cycles;    /* simulated cycles of the case */
	uint64_t dma_after; /* bus requests after NEEDS_RESET was seen */
};

/* The memory a case writes its chain into. */
struct fuzz_mem {
	uint64_t arena, tarena;	   /* buffers, indirect tables */
	uint64_t desc, desc_len;   /* the transmit descriptor table */
	uint64_t avail, avail_len; /* and its avail ring */
	uint8_t *frame;		   /* the readable bytes, in chain order */
	uint32_t frame_len;
};

/* ------------------------------------------------- reference walk */

/* Walk the chain at head as the spec says a device must (2.7.5, table E),
 * over the case's memory: the verdict, and for a legal chain its
 * readable bytes in order (up to NET_BUF + 1 of them are kept). */
static void reference_walk(struct tb_vq *t, struct fuzz_case *c,
			   struct fuzz_mem *m, uint64_t desc, unsigned size,
			   unsigned head, bool indirect_ok)
{
	uint64_t tbl = 0, rd = 0, wr = 0;
	uint32_t n = size, idx = head, cnt = 0, tot = 0;
	bool in_tbl = false, wseen = false;

	m->frame_len = 0;
#define BAD(...)                                               \
	do {                                                   \
		c->malformed = true;                           \
		snprintf(c->why, sizeof(c->why), __VA_ARGS__); \
		return;                                        \
	} while (0)
	if (head >= size)
		BAD("head %u >= queue size %u", head, size);
	for (;;) {
		uint8_t d[16];
		uint64_t addr, end;
		uint32_t len;
		uint16_t flags, next;

		if (cnt >= n)
			BAD("loop: more than %u descriptors in a table", n);
		cnt++;
		mem_read(t->e->mem, (in_tbl ? tbl : desc) + 16ull * idx, d, 16);
		memcpy(&addr, d, 8);
		memcpy(&len, d + 8, 4);
		memcpy(&flags, d + 12, 2);
		memcpy(&next, d + 14, 2);
		end = addr + len;
		if (len && end != 0 && end < addr)
			BAD("addr 0x%" PRIx64 " + len %u passes 2^64", addr,
			    len);
		if (flags & VRING_DESC_F_INDIRECT) {
			if (in_tbl)
				BAD("INDIRECT inside an indirect table");
			if (!indirect_ok)
				BAD("INDIRECT not negotiated");
			if (len == 0 || len % 16)
				BAD("indirect table of %u bytes", len);
			in_tbl = true;
			tbl = addr;
			n = len / 16;
			idx = 0;
			cnt = 0;
			continue;
		}
		if (tot >= size)
			BAD("more than %u buffer descriptors (2.7.5.3.1)",
			    size);
		if (!(flags & VRING_DESC_F_WRITE) && wseen)
			BAD("readable after writable");
		if (rd + wr + len >= (1ull << 32))
			BAD("chain of 2^32 bytes or more");
		if ((flags & VRING_DESC_F_NEXT) && next >= n)
			BAD("next %u >= %u", next, n);
		tot++;
		if (flags & VRING_DESC_F_WRITE) {
			wseen = true;
			wr += len;
		} else {
			if (rd + len <= NET_BUF + 1) {
				mem_read(t->e->mem, addr, m->frame + rd, len);
				m->frame_len = (uint32_t)(rd + len);
			}
			rd += len;
		}
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		idx = next;
	}
#undef BAD
	c->rd_bytes = rd;
	c->carried = rd >= HDR && rd <= NET_BUF;
}

/* ------------------------------------------------------- generator */

/* A buffer address for len readable bytes: inside the arena (crossing
 * 4 KiB pages at random), or at the 4 GiB or 2^64 edge. */
static uint64_t gen_addr(struct sim_rng *r, struct fuzz_mem *m, uint32_t len)
{
	switch (sim_rng_range(r, 0, 15)) {
	case 0: /* crossing a 4 GiB boundary */
		return EDGE_4G - sim_rng_range(r, 1, 64);
	case 1: /* up to the last byte below 2^64, never past it */
		if (len <= 4096)
			return 0 -
			       (uint64_t)sim_rng_range(r, len ? len : 1, 4096);
		return m->arena + sim_rng_range(r, 0, ARENA - NET_BUF);
	case 2: /* overlapping the ring: the descriptor table read as data */
		if (len <= m->desc_len)
			return m->desc + sim_rng_range(r, 0, m->desc_len - len);
		/* fall through */
	case 3: /* the avail ring read as data */
		if (len <= m->avail_len)
			return m->avail +
			       sim_rng_range(r, 0, m->avail_len - len);
		/* fall through */
	default: return m->arena + sim_rng_range(r, 0, ARENA - NET_BUF);
	}
}

/* A random descriptor length: mostly small, sometimes 0 or huge. */
static uint32_t gen_len(struct sim_rng *r)
{
	switch (sim_rng_range(r, 0, 19)) {
	case 0: return 0;
	case 1: return (uint32_t)sim_rng_range(r, 0x7fffffffu, 0xffffffffu);
	case 2: return (uint32_t)sim_rng_range(r, NET_BUF, 8192);
	default: return (uint32_t)sim_rng_range(r, 1, 300);
	}
}

/* A legal chain of np pieces (readable, then optionally writable) from
 * head, in the ring or, when negotiated, partly in one indirect table after
 * plain descriptors (2.7.5.3.2). */
static void gen_legal(struct tb_vq *t, struct sim_rng *r, struct fuzz_case *c,
		      struct fuzz_mem *m, uint64_t desc, unsigned size,
		      unsigned head, bool ind_ok)
{
	unsigned np = (unsigned)sim_rng_range(r, 1, size < 8 ? size : 8);
	unsigned nw = sim_rng_range(r, 0, 3)
			      ? 0
			      : (unsigned)sim_rng_range(r, 0, np - 1);
	bool ind = ind_ok && sim_rng_range(r, 0, 2) == 0;
	unsigned plain = ind ? (unsigned)sim_rng_range(r, 0, np - 1) : np;
	uint32_t frame = (uint32_t)sim_rng_range(r, HDR, NET_BUF + 40);
	uint64_t tb = m->tarena + 16 * sim_rng_range(r, 0, TARENA / 32);
	uint16_t slot[MAX_DESC];
	unsigned i;

	if (sim_rng_range(r, 0, 9) == 0) /* too short or too long to carry */
		frame = gen_len(r) & 0xfffff000u;
	/* ring slots: the head, then the ones after it */
	for (i = 0; i <= plain; i++)
		slot[i] = (uint16_t)((head + i) % size);
	snprintf(c->what, sizeof(c->what),
		 "%u pieces (%u writable), %u in an indirect table, %u bytes",
		 np, nw, np - plain, frame);
	for (i = 0; i < np; i++) {
		bool w = i >= np - nw, last = i == np - 1;
		uint32_t len = w ? (uint32_t)sim_rng_range(r, 0, 64)
			       : i == np - nw - 1
				       ? frame
				       : (uint32_t)sim_rng_range(r, 0, frame);
		uint16_t fl = (w ? VRING_DESC_F_WRITE : 0) |
			      (last ? 0 : VRING_DESC_F_NEXT);
		uint64_t addr = w ? m->arena : gen_addr(r, m, len);

		if (!w)
			frame -= len;
		if (i < plain) /* the last plain one leads to the indirect */
			vring_raw_desc(t->e->mem, desc + 16ull * slot[i], addr,
				       len, fl, slot[i + 1]);
		else
			vring_raw_desc(t->e->mem, tb + 16ull * (i - plain),
				       addr, len, fl,
				       (uint16_t)(i - plain + 1));
	}
	if (plain < np)
		vring_raw_desc(t->e->mem, desc + 16ull * slot[plain], tb,
			       16 * (np - plain), VRING_DESC_F_INDIRECT, 0);
}

/* The malformed rows the generator makes (the summary counts each). */
#define ROWS 20 /* by the generator's switch; 11 draws a DMA error too */
static const char *const row_name[ROWS] = {
	"avail idx too far",
	"head out of range",
	"next out of range",
	"loop",
	"indirect length bad",
	"nested indirect",
	"readable after writable",
	"chain of 2^32 bytes",
	"address wrap",
	"indirect chain > size",
	"4 GiB table looping",
	NULL,
	"INDIRECT not negotiated",
	"next out of range in a table",
	"ring + table > size",
	"DMA error: descriptor",
	"DMA error: buffer",
	"DMA error: indirect table",
	"DMA error: avail ring",
	"DMA error: used ring",
};

/* One table E row with random parameters, from head. */
static void gen_malformed(struct tb_vq *t, struct sim_rng *r,
			  struct fuzz_case *c, struct fuzz_mem *m,
			  struct virtqueue *vq, bool ind_ok, unsigned *head,
			  uint16_t *idx_step)
{
	uint64_t desc = vq->desc;
	unsigned size = vq->num;
	uint64_t tb = m->tarena + 16 * sim_rng_range(r, 0, TARENA / 32);
	uint64_t a = m->arena + sim_rng_range(r, 0, ARENA - NET_BUF);
	unsigned h = *head, k, n, row = (unsigned)sim_rng_range(r, 0, 15);

	/* rows that need what this case lacks become another row */
	if ((row == 12 && ind_ok) || (row == 14 && size < 2))
		row = 2;
	if ((row == 13 || row == 14) && !ind_ok)
		row = 12;
	c->row = row;
	switch (row) {
	case 0:
		snprintf(c->what, sizeof(c->what), "avail idx too far");
		vring_raw_desc(t->e->mem, desc + 16ull * h, a, 64, 0, 0);
		*idx_step = (uint16_t)(size + sim_rng_range(r, 1, 1000));
		break;
	case 1:
		snprintf(c->what, sizeof(c->what), "head out of range");
		*head = (unsigned)sim_rng_range(r, size, 65535);
		break;
	case 2:
		snprintf(c->what, sizeof(c->what), "next out of range");
		vring_raw_desc(t->e->mem, desc + 16ull * h, a, 32,
			       VRING_DESC_F_NEXT,
			       (uint16_t)sim_rng_range(r, size, 65535));
		break;
	case 3:
		n = (unsigned)sim_rng_range(r, 1, size < 16 ? size : 16);
		snprintf(c->what, sizeof(c->what), "loop of %u", n);
		for (k = 0; k < n; k++)
			vring_raw_desc(t->e->mem,
				       desc + 16ull * ((h + k) % size), a + k,
				       1, VRING_DESC_F_NEXT,
				       (uint16_t)((h + (k + 1) % n) % size));
		break;
	case 4:
		snprintf(c->what, sizeof(c->what), "indirect length bad");
		vring_raw_desc(
			t->e->mem, desc + 16ull * h, tb,
			sim_rng_range(r, 0, 1)
				? 0
				: (uint32_t)(16 * sim_rng_range(r, 0, 8) +
					     sim_rng_range(r, 1, 15)),
			VRING_DESC_F_INDIRECT, 0);
		vring_raw_desc(t->e->mem, tb, a, 16, 0, 0);
		break;
	case 5:
		snprintf(c->what, sizeof(c->what), "nested indirect");
		vring_raw_desc(t->e->mem, desc + 16ull * h, tb, 32,
			       VRING_DESC_F_INDIRECT, 0);
		vring_raw_desc(t->e->mem, tb, tb + 32, 16,
			       VRING_DESC_F_INDIRECT, 0);
		break;
	case 6:
		snprintf(c->what, sizeof(c->what), "readable after writable");
		vring_raw_desc(t->e->mem, desc + 16ull * h, a, 8,
			       VRING_DESC_F_WRITE | VRING_DESC_F_NEXT,
			       (uint16_t)((h + 1) % size));
		vring_raw_desc(t->e->mem, desc + 16ull * ((h + 1) % size),
			       a + 8, 8, 0, 0);
		if (size == 1)
			vring_raw_desc(t->e->mem, desc + 16ull * h, a, 8,
				       VRING_DESC_F_WRITE | VRING_DESC_F_NEXT,
				       1);
		break;
	case 7:
		snprintf(c->what, sizeof(c->what), "chain of 2^32 bytes");
		n = size < 4 ? size : 4;
		for (k = 0; k < n; k++)
			vring_raw_desc(
				t->e->mem, desc + 16ull * ((h + k) % size), a,
				k == n - 1 ? 0xffffffffu
					   : (uint32_t)sim_rng_range(r, 1, 64),
				k == n - 1 ? 0 : VRING_DESC_F_NEXT,
				(uint16_t)((h + k + 1) % size));
		if (n == 1)
			vring_raw_desc(t->e->mem, desc + 16ull * h, a,
				       0xffffffffu, VRING_DESC_F_NEXT,
				       0); /* loops on itself */
		break;
	case 8:
		snprintf(c->what, sizeof(c->what), "address wrap");
		vring_raw_desc(t->e->mem, desc + 16ull * h,
			       0 - (uint64_t)sim_rng_range(r, 1, 4096),
			       (uint32_t)sim_rng_range(r, 4097, 1u << 20), 0,
			       0);
		break;
	case 9:
		n = size + (unsigned)sim_rng_range(r, 1, 4);
		snprintf(c->what, sizeof(c->what),
			 "indirect chain of %u > size", n);
		for (k = 0; k < n; k++)
			vring_raw_desc(t->e->mem, tb + 16ull * k, a + k, 1,
				       k + 1 < n ? VRING_DESC_F_NEXT : 0,
				       (uint16_t)(k + 1));
		vring_raw_desc(t->e->mem, desc + 16ull * h, tb, 16 * n,
			       VRING_DESC_F_INDIRECT, 0);
		break;
	case 10:
		snprintf(c->what, sizeof(c->what),
			 "indirect table of 4 GiB looping");
		vring_raw_desc(t->e->mem, tb, a, 16, VRING_DESC_F_NEXT,
			       (uint16_t)sim_rng_range(r, 0, 1));
		vring_raw_desc(t->e->mem, tb + 16, a, 16, VRING_DESC_F_NEXT, 0);
		vring_raw_desc(t->e->mem, desc + 16ull * h, tb, 0xfffffff0u,
			       VRING_DESC_F_INDIRECT, 0);
		break;
	case 12:
		snprintf(c->what, sizeof(c->what), "INDIRECT not negotiated");
		vring_raw_desc(t->e->mem, tb, a, 64, 0, 0);
		vring_raw_desc(t->e->mem, desc + 16ull * h, tb, 16,
			       VRING_DESC_F_INDIRECT, 0);
		break;
	case 13:
		n = (unsigned)sim_rng_range(r, 1, 8);
		snprintf(c->what, sizeof(c->what),
			 "next out of range in a table of %u", n);
		for (k = 0; k < n; k++)
			vring_raw_desc(
				t->e->mem, tb + 16ull * k, a + k, 1,
				VRING_DESC_F_NEXT,
				(uint16_t)(k + 1 < n ? k + 1
						     : sim_rng_range(r, n,
								     65535)));
		vring_raw_desc(t->e->mem, desc + 16ull * h, tb, 16 * n,
			       VRING_DESC_F_INDIRECT, 0);
		break;
	case 14: {
		/* ring and indirect parts together one or more too long,
		 * each fitting alone (2.7.4.2) */
		unsigned p = (unsigned)sim_rng_range(r, 1, size - 1);

		n = size - p + (unsigned)sim_rng_range(r, 1, 3);
		snprintf(c->what, sizeof(c->what),
			 "%u in the ring + %u in a table > size", p, n);
		for (k = 0; k < p; k++)
			vring_raw_desc(t->e->mem,
				       desc + 16ull * ((h + k) % size), a + k,
				       1, VRING_DESC_F_NEXT,
				       (uint16_t)((h + k + 1) % size));
		vring_raw_desc(t->e->mem, desc + 16ull * ((h + p) % size), tb,
			       16 * n, VRING_DESC_F_INDIRECT, 0);
		for (k = 0; k < n; k++)
			vring_raw_desc(t->e->mem, tb + 16ull * k, a + p + k, 1,
				       k + 1 < n ? VRING_DESC_F_NEXT : 0,
				       (uint16_t)(k + 1));
		break;
	}
	default: {
		/* a DMA error response on one access of a legal chain */
		enum axi_resp e = sim_rng_range(r, 0, 1) ? AXI_SLVERR
							 : AXI_DECERR;
		static const char *const where[] = { "a descriptor", "a buffer",
						     "an indirect table",
						     "the avail ring",
						     "the used ring" };
		unsigned w = (unsigned)sim_rng_range(r, 0, ind_ok ? 4 : 3);

		if (!ind_ok && w == 2)
			w = 4;
		snprintf(c->what, sizeof(c->what), "DMA error on %s", where[w]);
		c->row = 15 + w;
		if (w == 2) {
			vring_raw_desc(t->e->mem, tb, a, 32, VRING_DESC_F_NEXT,
				       1);
			vring_raw_desc(t->e->mem, tb + 16, a + 32, 32, 0, 0);
			vring_raw_desc(t->e->mem, desc + 16ull * h, tb, 32,
				       VRING_DESC_F_INDIRECT, 0);
		} else {
			vring_raw_desc(t->e->mem, desc + 16ull * h, a, 64, 0,
				       0);
		}
		switch (w) {
		case 0:
			mem_error_add(t->e->mem, desc + 16ull * h, 16, MEM_R,
				      e);
			break;
		case 1:
			mem_error_add(t->e->mem, a + 8 * sim_rng_range(r, 0, 7),
				      8, MEM_R, e);
			break;
		case 2:
			mem_error_add(t->e->mem,
				      tb + 16 * sim_rng_range(r, 0, 1), 16,
				      MEM_R, e);
			break;
		case 3:
			mem_error_add(t->e->mem, vq->avail, 4 + 2ull * size,
				      MEM_R, e);
			break;
		default:
			mem_error_add(t->e->mem, vq->used, 4 + 8ull * size,
				      MEM_W, e);
			break;
		}
		break;
	}
	}
}

/* Random descriptor fields inside bounds, from head: the reference walk
 * decides what it is. */
static void gen_chaotic(struct tb_vq *t, struct sim_rng *r, struct fuzz_case *c,
			struct fuzz_mem *m, uint64_t desc, unsigned size)
{
	unsigned nd = (unsigned)sim_rng_range(r, 1, size < 24 ? size : 24);
	uint64_t tb = m->tarena + 16 * sim_rng_range(r, 0, TARENA / 32);

	snprintf(c->what, sizeof(c->what), "%u random descriptors", nd);
	for (unsigned k = 0; k < nd + 8; k++) {
		bool in_tbl = k >= nd;
		uint32_t len = gen_len(r);
		uint16_t fl = 0;
		uint64_t addr;

		if (sim_rng_range(r, 0, 2))
			fl |= VRING_DESC_F_NEXT;
		if (!sim_rng_range(r, 0, 5))
			fl |= VRING_DESC_F_WRITE;
		addr = gen_addr(r, m, len);
		if (!sim_rng_range(r, 0, 7)) {
			fl |= VRING_DESC_F_INDIRECT;
			addr = tb;
			len = (uint32_t)(16 * sim_rng_range(r, 0, 8) +
					 (sim_rng_range(r, 0, 5) ? 0 : 8));
		}
		vring_raw_desc(
			t->e->mem,
			in_tbl ? tb + 16ull * (k - nd)
			       : desc + 16ull * sim_rng_range(r, 0, size - 1),
			addr, len, fl,
			(uint16_t)sim_rng_range(r, 0, in_tbl ? 9 : size));
	}
}

/* --------------------------------------------------------- one case */

static uint16_t used_idx(struct tb_vq *t, struct virtqueue *vq)
{
	uint16_t v = 0;

	mem_read(t->e->mem, vq->used + VRING_USED_IDX, &v, 2);
	return v;
}

/* Random notifications of queues that do not exist (harmless, Q11). */
static void stray_notifies(struct tb_vq *t, struct sim_rng *r)
{
	unsigned n = (unsigned)sim_rng_range(r, 0, 2);

	for (unsigned k = 0; k < n; k++)
		virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_NOTIFY,
				      (uint32_t)sim_rng_range(r, 2, 0xffff),
				      0xf);
}

static struct fuzz_case *cur;

static void case_body(struct tb_vq *t)
{
	struct fuzz_case *c = cur;
	struct sim_rng r = sim_rng_seed(c->seed, "fuzz");
	static const unsigned sizes[] = { 1, 2, 4, 8, 16, 64, 256 };
	struct fuzz_mem m = { 0 };
	struct vring_raw raw;
	struct virtqueue *vq;
	uint64_t desc, dma0, c0 = sim_cycles(t->e->sim);
	unsigned head, i;
	uint16_t idx0, step = 1;
	struct tb_frame *f;
	uint32_t len, isr = 0;
	bool ind_ok;

	c->size = sizes[sim_rng_range(&r, 0, 6)];
	t->num[TB_VQ_TX] = c->size;
	t->num[TB_VQ_RX] = 16;
	if (sim_rng_range(&r, 0, 4) == 0)
		t->features = ~(1ull << VIRTIO_RING_F_INDIRECT_DESC);
	if (tb_vq_init(t))
		return;
	vq = t->vq[TB_VQ_TX];
	/* the case writes this ring itself, outside the model's books: the
	 * model's used-ring checks stand aside and the case checks the used
	 * ring (memory permissions still hold) */
	vring_raw_take(&raw, t->e->mem, vq);
	desc = vq->desc;
	m.frame = calloc(1, NET_BUF + 2);
	m.desc = desc;
	m.desc_len = 16ull * c->size;
	m.avail = vq->avail;
	m.avail_len = 4 + 2ull * c->size;
	m.arena = tb_vq_alloc(t, ARENA, 16);
	m.tarena = tb_vq_alloc(t, TARENA, 16);
	if (!m.frame || !m.arena || !m.tarena)
		goto out;
	/* the case's readable memory: arena, tables, the edges */
	for (i = 0; i < ARENA; i += 8) {
		uint64_t x = sim_rng_u64(&r);

		mem_write(t->e->mem, m.arena + i, &x, 8);
	}
	mem_region_set(t->e->mem, m.arena, ARENA, MEM_R, "fuzz arena");
	mem_fill(t->e->mem, m.tarena, 0, TARENA);
	mem_region_set(t->e->mem, m.tarena, TARENA, MEM_R, "fuzz tables");
	mem_fill(t->e->mem, EDGE_4G - 4096, 0x4e, 8192);
	mem_region_set(t->e->mem, EDGE_4G - 4096, 8192, MEM_R, "4 GiB edge");
	mem_fill(t->e->mem, EDGE_TOP, 0x7f, 4096);
	mem_region_set(t->e->mem, EDGE_TOP, 4096, MEM_R, "2^64 edge");
	/* every slot starts as a harmless 1-byte buffer */
	for (i = 0; i < c->size; i++)
		vring_raw_desc(t->e->mem, desc + 16ull * i, m.arena, 1, 0, 0);
	for (i = 0; i < 2; i++)
		tb_vq_post_rx(t, &r, RX_LEN, 1);

	head = (unsigned)sim_rng_range(&r, 0, c->size - 1);
	c->kind = (enum fuzz_kind)sim_rng_range(&r, 0, K_KINDS - 1);
	ind_ok = (t->vm->vdev.features >> VIRTIO_RING_F_INDIRECT_DESC) & 1;
	switch (c->kind) {
	case K_LEGAL:
		gen_legal(t, &r, c, &m, desc, c->size, head, ind_ok);
		break;
	case K_MALFORMED:
		gen_malformed(t, &r, c, &m, vq, ind_ok, &head, &step);
		break;
	default: gen_chaotic(t, &r, c, &m, desc, c->size); break;
	}
	/* publish (2.7.13: the entry, then the index) */
	idx0 = used_idx(t, vq);
	vring_raw_add(&raw, (uint16_t)head);
	vring_raw_publish(&raw, (uint16_t)(raw.avail_idx - 1 + step));
	/* the verdict, on the memory the device will read (a buffer may
	 * overlap the avail ring just written) */
	if (step > c->size) {
		c->malformed = true;
		snprintf(c->why, sizeof(c->why), "avail idx %u ahead", step);
	} else if (c->kind == K_MALFORMED &&
		   !strncmp(c->what, "DMA error", 9)) {
		c->malformed = true;
		snprintf(c->why, sizeof(c->why), "DMA error response");
	} else {
		reference_walk(t, c, &m, desc, c->size, head, ind_ok);
	}
	/* and notify */
	stray_notifies(t, &r);
	virtio_mmio_raw_write(t->vm, VIRTIO_MMIO_QUEUE_NOTIFY, TB_VQ_TX, 0xf);
	stray_notifies(t, &r);

	if (c->malformed) {
		for (i = 0; i < CASE_CYCLES / 20 && !(tb_vq_status(t) & NR);
		     i++)
			sim_wait_cycles(t->e->sim, 20);
		if (!tb_vq_check(t, tb_vq_status(t) & NR,
				 "malformed chain (%s) gave no NEEDS_RESET "
				 "within %u cycles",
				 c->why, CASE_CYCLES))
			goto out;
		t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &isr);
		if (!tb_vq_check(t, isr & 2,
				 "NEEDS_RESET without the configuration "
				 "interrupt: InterruptStatus 0x%x",
				 isr))
			goto out;
		/* nothing new on the bus: bursts already requested finish
		 * within the memory's latency */
		sim_wait_cycles(t->e->sim, 400);
		dma0 = tb_vq_dma_count(t);
		sim_wait_cycles(t->e->sim, 3000);
		c->dma_after = tb_vq_dma_count(t) - dma0;
		if (!tb_vq_check(t, c->dma_after == 0,
				 "%" PRIu64 " bus requests after NEEDS_RESET",
				 c->dma_after))
			goto out;
		/* recovery: reset and carry a frame */
		mem_error_clear(t->e->mem);
		t->features = 0;
		t->num[TB_VQ_TX] = 16;
		if (tb_vq_init(t))
			goto out;
		if (!tb_vq_check(t, tb_vq_loop(t, &r, 2, HDR, 600, 2, 2) == 2,
				 "no recovery after the reset"))
			goto out;
	} else {
		uint8_t el[8];
		uint32_t id;

		for (i = 0; i < CASE_CYCLES / 20 && used_idx(t, vq) == idx0 &&
			    !(tb_vq_status(t) & NR);
		     i++)
			sim_wait_cycles(t->e->sim, 20);
		if (!tb_vq_check(t, !(tb_vq_status(t) & NR),
				 "legal chain set NEEDS_RESET") ||
		    !tb_vq_check(t, used_idx(t, vq) == (uint16_t)(idx0 + 1),
				 "legal chain not used within %u cycles "
				 "(used idx %u, was %u)",
				 CASE_CYCLES, used_idx(t, vq), idx0))
			goto out;
		mem_read(t->e->mem,
			 vq->used + VRING_USED_RING + 8ull * (idx0 % vq->num),
			 el, 8);
		memcpy(&id, el, 4);
		memcpy(&len, el + 4, 4);
		if (!tb_vq_check(t, id == head && len == 0,
				 "used element {id %u, len %u}, want {%u, 0}",
				 id, len, head))
			goto out;
		if (c->carried) {
			uint8_t *got = malloc(c->rd_bytes);

			f = tb_vq_wait_buf(t, t->vq[TB_VQ_RX], &len,
					   CASE_CYCLES);
			if (!tb_vq_check(t, f && got && len == c->rd_bytes,
					 "frame of %" PRIu64 " bytes: receive "
					 "used.len %u",
					 c->rd_bytes, f ? len : 0)) {
				free(got);
				goto out;
			}
			mem_read(t->e->mem, f->addr, got, len);
			/* a fresh header: num_buffers 1, the rest 0 */
			memset(m.frame, 0, HDR);
			m.frame[10] = 1;
			for (i = 0; i < len && got[i] == m.frame[i]; i++)
				;
			free(got);
			tb_vq_free_frame(t, f);
			if (!tb_vq_check(t, i == len, "frame byte %u differs",
					 i))
				goto out;
		}
	}
	c->done = true;
out:
	c->cycles = sim_cycles(t->e->sim) - c0;
	free(m.frame);
}

/* Run the case with this seed: true when it held every invariant. */
static bool run_case(uint64_t seed, struct fuzz_case *c, char *msg, size_t msz)
{
	struct tb_vq t = { 0 };
	const char *err;

	memset(c, 0, sizeof(*c));
	c->seed = seed;
	cur = c;
	t.cfg = (struct tb_env_cfg){ .name = tb_run_name(0),
				     .seed = seed,
				     .random = true,
				     .quiet = true };
	t.max_cycles = 4ull * CASE_CYCLES + 100000;
	tb_vq_run(&t, case_body, NULL);
	err = sim_first_error(t.e->sim);
	if (err || !c->done)
		snprintf(msg, msz,
			 "case seed 0x%016" PRIx64 " (%s: %s; %s%s): %s\n"
			 "  replay: make test-suite SUITE=fuzz "
			 "TEST=test_r2_fuzz_rings FUZZ_SEED=0x%" PRIx64,
			 seed, kind_name[c->kind], c->what,
			 c->malformed ? "malformed: " : "legal",
			 c->malformed ? c->why : "",
			 err ? err : "did not finish", seed);
	/* the environment is freed whatever happened */
	if (t.vm) {
		for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
			if (t.vm->vqs[q])
				vring_del_virtqueue(t.vm->vqs[q]);
		free(t.vm);
	}
	dma_pool_destroy(t.pool);
	tb_env_destroy(t.e);
	return !err && c->done;
}

static double wall_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9 + 1e-9;
}

static unsigned env_unsigned(const char *name, unsigned def)
{
	const char *s = getenv(name);

	return s && *s ? (unsigned)strtoul(s, NULL, 0) : def;
}

START_TEST(test_r2_fuzz_rings)
{
	const char *one = getenv("FUZZ_SEED");
	unsigned n = one && *one
			     ? 1
			     : env_unsigned("FUZZ_CASES", FUZZ_CASES_DEFAULT);
	struct sim_rng r = sim_rng_seed(tb_seed(_i), "fuzz cases");
	unsigned count[K_KINDS][2] = { { 0 } }, fails = 0, rows[ROWS] = { 0 };
	uint64_t cycles = 0;
	int at;
	char msg[512], first[512] = "";
	struct fuzz_case c;
	bool progress = env_unsigned("FUZZ_PROGRESS", 0);
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);

	for (unsigned k = 0; k < n; k++) {
		uint64_t seed = one && *one ? strtoull(one, NULL, 0)
					    : sim_rng_u64(&r);

		if (progress && k && k % 1000 == 0)
			fprintf(stderr,
				"fuzz: %u / %u cases, %u failed, %.0f cases/s\n",
				k, n, fails, k / wall_since(&t0));

		if (!run_case(seed, &c, msg, sizeof(msg))) {
			fprintf(stderr, "fuzz: FAIL %s\n", msg);
			if (!fails++)
				snprintf(first, sizeof(first), "%s", msg);
		}
		count[c.kind][c.malformed]++;
		if (c.kind == K_MALFORMED)
			rows[c.row]++;
		if ((c.kind == K_LEGAL && c.malformed) ||
		    (c.kind == K_MALFORMED && !c.malformed))
			fprintf(stderr,
				"fuzz: generator: case seed 0x%016" PRIx64
				" made as %s (%s) is %s (%s)\n",
				c.seed, kind_name[c.kind], c.what,
				c.malformed ? "malformed" : "legal", c.why);
		cycles += c.cycles;
	}
	printf("fuzz: %u cases (legal %u, malformed %u, chaotic %u legal + %u "
	       "malformed), %" PRIu64 " cycles, %.1f s, %.0f cases/s, %u "
	       "failed\n",
	       n, count[K_LEGAL][0], count[K_MALFORMED][1], count[K_CHAOTIC][0],
	       count[K_CHAOTIC][1], cycles, wall_since(&t0),
	       n / wall_since(&t0), fails);
	/* every table E row the generator makes, and how often */
	at = printf("fuzz: malformed rows:");
	for (unsigned k = 0; k < ROWS; k++) {
		if (!row_name[k])
			continue;
		if (at > 64)
			at = printf("\n ");
		at += printf(" %s %u%s", row_name[k], rows[k],
			     k + 1 < ROWS ? "," : "");
	}
	printf("\n");
	fflush(stdout);
	ck_assert_msg(fails == 0, "%u of %u fuzz cases failed; first: %s",
		      fails, n, first);
	/* the generator's kinds came out as meant */
	ck_assert_msg(count[K_LEGAL][1] == 0,
		      "%u generated legal chains judged malformed",
		      count[K_LEGAL][1]);
	ck_assert_msg(count[K_MALFORMED][0] == 0,
		      "%u generated malformed chains judged legal",
		      count[K_MALFORMED][0]);
}
END_TEST

static void test_fuzz_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_r2_fuzz_rings, 600);
}

TB_TESTS(test_fuzz_register)
