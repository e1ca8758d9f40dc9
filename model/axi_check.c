/* SPDX-License-Identifier: MIT */
/*
 * axi_check.c - passive AXI4 and AXI4-Lite protocol checkers.
 *
 * Every sample has two parts. The channel part follows each of the five
 * channels on its own: a channel whose VALID was 1 without READY at the
 * previous sample is "pending"; its payload was copied then (the snapshot)
 * and is compared now. A channel neither valid nor pending costs nothing
 * beyond reading its VALID byte. The bookkeeping part runs on handshakes
 * only, in the order B, R, AW, W, AR, so that a response is matched against
 * the requests completed before this edge (A3.3.1: a response follows its
 * request's handshakes, never accompanies them).
 *
 * Bookkeeping, all allocated at create:
 *  - a tracker per direction: transactions waiting for a response, in a
 *    FIFO per ID (responses are in order per ID, in any order across IDs,
 *    A5 "Read ordering" / "Normal write ordering"); a hash of the IDs with a
 *    queue finds the FIFO of an RID or BID;
 *  - the write bursts whose AW handshook but whose W beats are not all in,
 *    in AW order (AXI4 has no WID: W beats follow the AW order);
 *  - W beats that came before their AW (A3.3.1 allows it), kept run-length
 *    coded as the beat counts between WLASTs, and checked when the AW comes.
 *
 * Transaction hangs are found by a scan of the ID FIFO heads that runs only
 * when the earliest possible deadline has passed; the deadline is a lower
 * bound kept up to date as FIFO heads change, so a cycle scans only when
 * a hang may be due.
 */
#include "axi_check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHK_NIL UINT32_MAX
#define CHK_NEVER UINT64_MAX
#define CHK_DEFAULT_HANG 10000u
#define CHK_DEFAULT_OUTSTANDING 256u
#define CHK_MAX_OUTSTANDING (1u << 20)
#define CHK_MAX_DATA_BYTES 128u /* 1024-bit bus, the widest AXI allows */
#define CHK_MAX_FIELDS 8
#define CHK_MSG_LEN 320

#define chk_likely(x) __builtin_expect(!!(x), 1)

/* Channel indices; also the bit of a channel in a mask. */
enum chk_ch { CH_AW, CH_W, CH_B, CH_AR, CH_R, CH_N };

/* In axi_check.pend: in reset (keeps the sample off the fast path). */
#define CHK_IN_RESET (1u << CH_N)

/* How a field is printed when naming a stalled transfer. */
enum chk_show { SHOW_NO, SHOW_HEX, SHOW_DEC, SHOW_RESP };

/* One payload signal of a channel. */
struct chk_field {
	const uint8_t *p; /* model storage */
	const char *name; /* signal name in messages ("araddr") */
	uint16_t bytes;	  /* storage size */
	uint16_t off;	  /* offset of its copy in the channel snapshot */
	uint8_t show;	  /* enum chk_show */
};

/* One channel's handshake and payload-stability state. */
struct chk_chan {
	const uint8_t *valid; /* VALID storage (a constant 0 when absent) */
	const uint8_t *ready; /* READY storage (a constant 1 when absent) */
	const char *name;     /* "AW", "W", "B", "AR", "R" */
	struct chk_field f[CHK_MAX_FIELDS]; /* payload signals present */
	unsigned nf;			    /* entries of f in use */
	uint8_t *snap;	      /* payload seen at the previous pending sample */
	uint64_t stall_start; /* sample at which the current stall began */
	bool hung;	      /* hang already reported for this stall */
	bool rst_seen;	      /* reset_valid already reported in this reset */
};

/* A transaction waiting for its response (R beats or one B). */
struct chk_txn {
	uint64_t addr;	/* AxADDR, for messages */
	uint64_t since; /* sample of its issue or of its last progress */
	uint32_t next;	/* next of the same ID, or next free */
	uint16_t len;	/* AxLEN, for messages */
	uint16_t need;	/* response beats expected */
	uint16_t done;	/* response beats seen */
	bool hung;	/* hang already reported */
	bool bad;	/* RLAST error already reported */
};

/* The FIFO of one ID that has transactions waiting. */
struct chk_idq {
	uint64_t id;	/* the ID */
	uint32_t head;	/* oldest transaction, CHK_NIL when the slot is free */
	uint32_t tail;	/* newest transaction */
	uint32_t hnext; /* next in the hash bucket, or next free slot */
};

/* Transactions of one direction waiting for a response. */
struct chk_trk {
	struct chk_txn *txn; /* cap transaction slots */
	struct chk_idq *idq; /* cap ID FIFO slots */
	uint32_t *bucket;    /* hash buckets: first idq index or CHK_NIL */
	uint32_t mask;	     /* buckets - 1 (a power of two minus one) */
	uint32_t cap;	     /* slots of txn and of idq */
	uint32_t txn_free;   /* free transaction list */
	uint32_t idq_free;   /* free ID FIFO list */
	uint32_t n;	     /* transactions waiting */
	uint64_t deadline;   /* no FIFO head can hang before this sample */
};

/* A write burst whose AW handshook but whose W beats are not all in. */
struct chk_wb {
	uint64_t id;	/* AWID */
	uint64_t addr;	/* AWADDR */
	uint16_t len;	/* AWLEN */
	uint16_t wdone; /* W beats seen */
	bool bad;	/* WLAST error already reported */
};

struct axi_check {
	/* Read on every sample: kept together. */
	const uint8_t *valid[CH_N]; /* the channels' VALID storage */
	const uint8_t *rst;	    /* rst_n storage (a constant 1 if absent) */
	unsigned pend;		    /* pending channels, and CHK_IN_RESET */
	uint64_t now;		    /* samples taken */
	uint64_t deadline;	    /* earliest sample a transaction may hang */

	sim_t *sim;		   /* kernel for reports */
	sim_method_t *method;	   /* our method, or NULL */
	char *name;		   /* instance name (own copy) */
	bool lite;		   /* AXI4-Lite: no burst rules */
	bool has_wlast;		   /* WLAST present */
	bool has_rlast;		   /* RLAST present */
	bool tracking;		   /* bookkeeping on (off after an overflow) */
	uint64_t hang;		   /* hang_cycles */
	uint32_t cap;		   /* slots of each bookkeeping array */
	unsigned data_bytes;	   /* data bus width in bytes */
	unsigned size_dflt;	   /* AxSIZE used when the port is absent */
	struct axi_if bus;	   /* the ports (absent ones zeroed) */
	struct chk_chan ch[CH_N];  /* per-channel state */
	struct chk_trk rd;	   /* reads waiting for R beats */
	struct chk_trk wr;	   /* writes (AW + all W) waiting for a B */
	struct chk_wb *wb;	   /* ring of bursts waiting for W beats */
	uint32_t wb_head;	   /* oldest entry of wb */
	uint32_t wb_n;		   /* entries in wb */
	uint32_t *seg;		   /* ring of early W runs (beats to WLAST) */
	uint32_t seg_head;	   /* oldest entry of seg */
	uint32_t seg_n;		   /* entries in seg */
	uint32_t early_part;	   /* early W beats after the last WLAST */
	struct axi_check_stats st; /* counters */
};

/* The AXI4-Lite checker is the AXI4 one with the burst signals absent. */
struct axil_check {
	struct axi_check core; /* must stay the first member */
};

static const uint8_t chk_zero;	  /* stands for an absent VALID */
static const uint8_t chk_one = 1; /* stands for an absent READY or rst_n */

/* ------------------------------------------------------------ reports */

/* Report under the caller's file:line, so each rule is told apart. */
#define chk_msg(c, sev, id, chan, ...) \
	chk_msg_at(c, sev, id, chan, __FILE__, __LINE__, __VA_ARGS__)

static void chk_msg_at(struct axi_check *c, enum sim_severity sev,
		       const char *id, const char *chan, const char *file,
		       int line, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void chk_msg_at(struct axi_check *c, enum sim_severity sev,
		       const char *id, const char *chan, const char *file,
		       int line, const char *fmt, ...)
{
	char buf[CHK_MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (sev >= SIM_ERROR)
		c->st.violations++;
	/* the kernel's report line already carries the cycle */
	sim_report_at(c->sim, sev, id, file, line, "%s %s: %s", c->name, chan,
		      buf);
}

static uint64_t chk_get(const struct vport *v, uint64_t dflt)
{
	return v->p ? vport_get(v) : dflt;
}

static uint64_t chk_le(const uint8_t *p, unsigned bytes)
{
	uint64_t x = 0;

	memcpy(&x, p, bytes < 8 ? bytes : 8); /* little-endian host */
	return x;
}

/* "arid 0x1 araddr 0x1000 arlen 3" from the snapshot's shown fields. */
static void chk_describe(const struct chk_chan *ch, char *buf, size_t n)
{
	size_t at = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < ch->nf && at < n; i++) {
		const struct chk_field *f = &ch->f[i];
		unsigned long long x;
		const char *sep = at ? " " : "";
		int k;

		if (f->show == SHOW_NO || f->bytes > 8)
			continue;
		x = chk_le(ch->snap + f->off, f->bytes);
		if (f->show == SHOW_DEC)
			k = snprintf(buf + at, n - at, "%s%s %llu", sep,
				     f->name, x);
		else if (f->show == SHOW_RESP)
			k = snprintf(buf + at, n - at, "%s%s %s", sep, f->name,
				     axi_resp_name((unsigned)x));
		else
			k = snprintf(buf + at, n - at, "%s%s 0x%llx", sep,
				     f->name, x);
		if (k < 0)
			break;
		at += (size_t)k;
	}
}

static void chk_snap(struct chk_chan *ch)
{
	unsigned i;

	for (i = 0; i < ch->nf; i++)
		memcpy(ch->snap + ch->f[i].off, ch->f[i].p, ch->f[i].bytes);
}

/* ----------------------------------------------------- per-ID tracker */

static uint32_t trk_hash(const struct chk_trk *t, uint64_t id)
{
	return (uint32_t)((id * 0x9e3779b97f4a7c15ull) >> 40) & t->mask;
}

static void trk_clear(struct chk_trk *t)
{
	uint32_t i;

	for (i = 0; i <= t->mask; i++)
		t->bucket[i] = CHK_NIL;
	for (i = 0; i < t->cap; i++) {
		t->txn[i].next = i + 1 < t->cap ? i + 1 : CHK_NIL;
		t->idq[i].head = CHK_NIL;
		t->idq[i].hnext = i + 1 < t->cap ? i + 1 : CHK_NIL;
	}
	t->txn_free = 0;
	t->idq_free = 0;
	t->n = 0;
	t->deadline = CHK_NEVER;
}

static int trk_init(struct chk_trk *t, uint32_t cap)
{
	uint32_t nb = 1;

	while (nb < cap)
		nb <<= 1;
	t->cap = cap;
	t->mask = nb - 1;
	t->txn = calloc(cap, sizeof(*t->txn));
	t->idq = calloc(cap, sizeof(*t->idq));
	t->bucket = calloc(nb, sizeof(*t->bucket));
	if (!t->txn || !t->idq || !t->bucket)
		return -ENOMEM;
	trk_clear(t);
	return 0;
}

static void trk_free(struct chk_trk *t)
{
	free(t->txn);
	free(t->idq);
	free(t->bucket);
}

/* The FIFO of id, or CHK_NIL when nothing with that ID is waiting. */
static uint32_t trk_find(const struct chk_trk *t, uint64_t id)
{
	uint32_t q;

	for (q = t->bucket[trk_hash(t, id)]; q != CHK_NIL; q = t->idq[q].hnext)
		if (t->idq[q].id == id)
			return q;
	return CHK_NIL;
}

/* Queue a transaction behind the others of its ID; -ENOSPC when full. */
static int trk_push(struct chk_trk *t, uint64_t id, uint64_t addr, unsigned len,
		    unsigned need, uint64_t now, uint64_t hang)
{
	struct chk_txn *x;
	struct chk_idq *q;
	uint32_t qi, xi, h;

	if (t->txn_free == CHK_NIL)
		return -ENOSPC;
	qi = trk_find(t, id);
	if (qi == CHK_NIL) {
		/* Never empty here: a busy ID slot holds a busy txn slot. */
		qi = t->idq_free;
		q = &t->idq[qi];
		t->idq_free = q->hnext;
		h = trk_hash(t, id);
		q->id = id;
		q->hnext = t->bucket[h];
		t->bucket[h] = qi;
	}
	q = &t->idq[qi];
	xi = t->txn_free;
	x = &t->txn[xi];
	t->txn_free = x->next;
	x->addr = addr;
	x->since = now;
	x->next = CHK_NIL;
	x->len = (uint16_t)len;
	x->need = (uint16_t)need;
	x->done = 0;
	x->hung = false;
	x->bad = false;
	if (q->head == CHK_NIL) {
		q->head = xi;
		if (now + hang < t->deadline)
			t->deadline = now + hang;
	} else {
		t->txn[q->tail].next = xi;
	}
	q->tail = xi;
	t->n++;
	return 0;
}

/* Retire the oldest transaction of FIFO qi; the next one starts waiting. */
static void trk_pop(struct chk_trk *t, uint32_t qi, uint64_t now, uint64_t hang)
{
	struct chk_idq *q = &t->idq[qi];
	uint32_t xi = q->head, *pp;

	q->head = t->txn[xi].next;
	t->txn[xi].next = t->txn_free;
	t->txn_free = xi;
	t->n--;
	if (q->head != CHK_NIL) {
		t->txn[q->head].since = now;
		if (now + hang < t->deadline)
			t->deadline = now + hang;
	} else {
		pp = &t->bucket[trk_hash(t, q->id)];
		while (*pp != qi)
			pp = &t->idq[*pp].hnext;
		*pp = q->hnext;
		q->hnext = t->idq_free;
		t->idq_free = qi;
	}
	if (!t->n)
		t->deadline = CHK_NEVER;
}

/* ---------------------------------------------------------- bookkeeping */

static void chk_forget(struct axi_check *c)
{
	trk_clear(&c->rd);
	trk_clear(&c->wr);
	c->wb_head = 0;
	c->wb_n = 0;
	c->seg_head = 0;
	c->seg_n = 0;
	c->early_part = 0;
}

/* A3.1.2 Reset: the bookkeeping restarts, and so does tracking. */
static void chk_reset_enter(struct axi_check *c)
{
	unsigned i;

	c->pend = CHK_IN_RESET;
	c->deadline = CHK_NEVER;
	c->tracking = true;
	for (i = 0; i < CH_N; i++)
		c->ch[i].rst_seen = false;
	chk_forget(c);
}

static void chk_overflow(struct axi_check *c, const char *chan)
{
	chk_msg(c, SIM_WARNING, AXI_CHECK_OVERFLOW, chan,
		"more than %u outstanding bursts per direction: burst bookkeeping (wlast, rlast, resp_no_req, transaction hang) off until the next reset",
		c->cap);
	c->tracking = false;
	chk_forget(c);
}

/* Hand a write whose AW and W beats are all in over to the B tracker. */
static void chk_write_done(struct axi_check *c, const struct chk_wb *e)
{
	if (trk_push(&c->wr, e->id, e->addr, e->len, 1, c->now, c->hang))
		chk_overflow(c, "W");
}

static void chk_wlast_err(struct axi_check *c, struct chk_wb *e, unsigned beat,
			  bool high, const char *how)
{
	if (e->bad || !c->has_wlast)
		return;
	e->bad = true;
	/* A3.2.2: WLAST is asserted on the final write transfer of a burst */
	if (high)
		chk_msg(c, SIM_ERROR, AXI_CHECK_WLAST, "W",
			"WLAST high on beat %u of %u of the burst awid 0x%llx awaddr 0x%llx awlen %u%s",
			beat, e->len + 1u, (unsigned long long)e->id,
			(unsigned long long)e->addr, e->len, how);
	else
		chk_msg(c, SIM_ERROR, AXI_CHECK_WLAST, "W",
			"WLAST low on the last beat (%u of %u) of the burst awid 0x%llx awaddr 0x%llx awlen %u%s",
			beat, e->len + 1u, (unsigned long long)e->id,
			(unsigned long long)e->addr, e->len, how);
}

/*
 * A new AW while W beats wait for it: the oldest early beats are its first
 * beats, counted against its AWLEN (burst boundaries follow AWLEN, WLAST is
 * only checked).
 */
static void chk_w_early(struct axi_check *c, struct chk_wb *e)
{
	static const char how[] = " (W beats before the AW)";
	unsigned beats = e->len + 1u, need, k;
	uint32_t run;

	while (e->wdone < beats && c->seg_n) {
		need = beats - e->wdone;
		run = c->seg[c->seg_head];
		if (run <= need) {
			e->wdone += (uint16_t)run;
			c->seg_head = (c->seg_head + 1) % c->cap;
			c->seg_n--;
			if (run < need)
				chk_wlast_err(c, e, e->wdone, true, how);
		} else {
			c->seg[c->seg_head] = run - need;
			e->wdone = (uint16_t)beats;
			chk_wlast_err(c, e, beats, false, how);
		}
	}
	if (e->wdone < beats && c->early_part) {
		need = beats - e->wdone;
		k = c->early_part < need ? c->early_part : need;
		e->wdone += (uint16_t)k;
		c->early_part -= k;
		if (e->wdone == beats)
			chk_wlast_err(c, e, beats, false, how);
	}
}

/* A3.4.1 Address structure: size, length, type and 4 KiB rules. */
static void chk_burst(struct axi_check *c, const char *chan, const char *px,
		      uint64_t addr, unsigned len, unsigned size,
		      unsigned burst)
{
	uint64_t bytes = 1ull << size, end;
	unsigned beats = len + 1;

	if (bytes > c->data_bytes)
		chk_msg(c, SIM_ERROR, AXI_CHECK_BURST_SIZE, chan,
			"transfer size %llu bytes exceeds the %u-byte data bus (%saddr 0x%llx %ssize %u)",
			(unsigned long long)bytes, c->data_bytes, px,
			(unsigned long long)addr, px, size);
	switch (burst) {
	case AXI_FIXED:
		if (beats > 16)
			chk_msg(c, SIM_ERROR, AXI_CHECK_BURST_LEN, chan,
				"FIXED burst of %u beats, at most 16 allowed (%saddr 0x%llx %slen %u)",
				beats, px, (unsigned long long)addr, px, len);
		break;
	case AXI_INCR:
		/* the first beat may be unaligned, the others are aligned */
		end = (addr & ~(bytes - 1)) + (uint64_t)beats * bytes - 1;
		if ((addr ^ end) >> 12)
			chk_msg(c, SIM_ERROR, AXI_CHECK_4K, chan,
				"INCR burst crosses a 4 KiB boundary (%saddr 0x%llx %slen %u %ssize %u: last byte 0x%llx)",
				px, (unsigned long long)addr, px, len, px, size,
				(unsigned long long)end);
		break;
	case AXI_WRAP:
		if (beats != 2 && beats != 4 && beats != 8 && beats != 16)
			chk_msg(c, SIM_ERROR, AXI_CHECK_BURST_LEN, chan,
				"WRAP burst of %u beats, must be 2, 4, 8 or 16 (%saddr 0x%llx %slen %u)",
				beats, px, (unsigned long long)addr, px, len);
		if (addr & (bytes - 1))
			chk_msg(c, SIM_ERROR, AXI_CHECK_BURST_LEN, chan,
				"WRAP start address not aligned to the transfer size (%saddr 0x%llx %ssize %u)",
				px, (unsigned long long)addr, px, size);
		break;
	default:
		chk_msg(c, SIM_ERROR, AXI_CHECK_BURST_TYPE, chan,
			"reserved burst type 2'b11 (%saddr 0x%llx %slen %u)",
			px, (unsigned long long)addr, px, len);
		break;
	}
}

static void chk_on_b(struct axi_check *c)
{
	uint64_t id;
	uint32_t q;

	c->st.b++;
	if (!c->tracking)
		return;
	id = chk_get(&c->bus.bid, 0);
	q = trk_find(&c->wr, id);
	if (q != CHK_NIL) {
		trk_pop(&c->wr, q, c->now, c->hang);
		return;
	}
	/* A3.3.1: BVALID only after the AW and the last W handshakes */
	if (c->lite)
		chk_msg(c, SIM_ERROR, AXI_CHECK_RESP_NO_REQ, "B",
			"B handshake (bresp %s) with no write whose AW and W both handshook",
			axi_resp_name((unsigned)chk_get(&c->bus.bresp, 0)));
	else
		chk_msg(c, SIM_ERROR, AXI_CHECK_RESP_NO_REQ, "B",
			"B handshake (bid 0x%llx bresp %s) with no completed write (AW and all W beats) outstanding for that BID",
			(unsigned long long)id,
			axi_resp_name((unsigned)chk_get(&c->bus.bresp, 0)));
}

static void chk_on_r(struct axi_check *c)
{
	struct chk_txn *x;
	uint64_t id;
	uint32_t q;
	bool last, rlast;

	c->st.r++;
	if (!c->tracking)
		return;
	id = chk_get(&c->bus.rid, 0);
	q = trk_find(&c->rd, id);
	if (q == CHK_NIL) {
		/* A3.3.1: RVALID only after the AR handshake; A5 RID = ARID */
		if (c->lite)
			chk_msg(c, SIM_ERROR, AXI_CHECK_RESP_NO_REQ, "R",
				"R handshake (rresp %s) with no outstanding AR",
				axi_resp_name(
					(unsigned)chk_get(&c->bus.rresp, 0)));
		else
			chk_msg(c, SIM_ERROR, AXI_CHECK_RESP_NO_REQ, "R",
				"R beat (rid 0x%llx rresp %s) with no outstanding AR for that RID",
				(unsigned long long)id,
				axi_resp_name(
					(unsigned)chk_get(&c->bus.rresp, 0)));
		return;
	}
	x = &c->rd.txn[c->rd.idq[q].head];
	x->done++;
	x->since = c->now;
	last = x->done == x->need;
	rlast = c->has_rlast && (*(const uint8_t *)c->bus.rlast.p & 1);
	if (c->has_rlast && rlast != last && !x->bad) {
		x->bad = true;
		/* A3.2.2: RLAST is asserted on the final read transfer */
		chk_msg(c, SIM_ERROR, AXI_CHECK_RLAST, "R",
			"RLAST %s on beat %u of %u of the read rid 0x%llx araddr 0x%llx arlen %u",
			rlast ? "high" : "low", x->done, x->need,
			(unsigned long long)id, (unsigned long long)x->addr,
			x->len);
	}
	if (last)
		trk_pop(&c->rd, q, c->now, c->hang);
}

static void chk_on_ar(struct axi_check *c)
{
	const struct axi_if *b = &c->bus;
	uint64_t id = chk_get(&b->arid, 0), addr = chk_get(&b->araddr, 0);
	unsigned len = (unsigned)chk_get(&b->arlen, 0) & 0xff;

	c->st.ar++;
	if (!c->lite)
		chk_burst(c, "AR", "ar", addr, len,
			  (unsigned)chk_get(&b->arsize, c->size_dflt) & 7,
			  (unsigned)chk_get(&b->arburst, AXI_INCR) & 3);
	if (c->tracking &&
	    trk_push(&c->rd, id, addr, len, len + 1, c->now, c->hang))
		chk_overflow(c, "AR");
}

static void chk_on_aw(struct axi_check *c)
{
	const struct axi_if *b = &c->bus;
	struct chk_wb e = { 0 };

	c->st.aw++;
	e.id = chk_get(&b->awid, 0);
	e.addr = chk_get(&b->awaddr, 0);
	e.len = (uint16_t)(chk_get(&b->awlen, 0) & 0xff);
	if (!c->lite)
		chk_burst(c, "AW", "aw", e.addr, e.len,
			  (unsigned)chk_get(&b->awsize, c->size_dflt) & 7,
			  (unsigned)chk_get(&b->awburst, AXI_INCR) & 3);
	if (!c->tracking)
		return;
	/* Early W beats exist only while no AW waits for W beats. */
	if (!c->wb_n && (c->seg_n || c->early_part)) {
		chk_w_early(c, &e);
		if (e.wdone == e.len + 1u) {
			chk_write_done(c, &e);
			return;
		}
	}
	if (c->wb_n == c->cap) {
		chk_overflow(c, "AW");
		return;
	}
	c->wb[(c->wb_head + c->wb_n) % c->cap] = e;
	c->wb_n++;
}

static void chk_on_w(struct axi_check *c)
{
	bool wlast, last;
	struct chk_wb *e;

	c->st.w++;
	if (!c->tracking)
		return;
	wlast = c->has_wlast && (*(const uint8_t *)c->bus.wlast.p & 1);
	if (!c->wb_n) {
		/* A3.3.1: write data may come before its address */
		if (!wlast) {
			c->early_part++;
			return;
		}
		if (c->seg_n == c->cap) {
			chk_overflow(c, "W");
			return;
		}
		c->seg[(c->seg_head + c->seg_n) % c->cap] = c->early_part + 1;
		c->seg_n++;
		c->early_part = 0;
		return;
	}
	e = &c->wb[c->wb_head];
	e->wdone++;
	last = e->wdone == e->len + 1u;
	if (wlast != last)
		chk_wlast_err(c, e, e->wdone, wlast, "");
	if (!last)
		return;
	c->wb_head = (c->wb_head + 1) % c->cap;
	c->wb_n--;
	chk_write_done(c, e);
}

/* Report the FIFO heads of t that made no progress for hang cycles. */
static void chk_scan(struct axi_check *c, struct chk_trk *t, bool rd)
{
	const struct chk_chan *rch = &c->ch[rd ? CH_R : CH_B];
	bool offer = *rch->valid & 1;
	uint64_t dl = CHK_NEVER, rid = 0;
	uint32_t i;

	if (offer)
		rid = chk_get(rd ? &c->bus.rid : &c->bus.bid, 0);
	for (i = 0; i < t->cap && t->n; i++) {
		const struct chk_idq *q = &t->idq[i];
		struct chk_txn *x;

		if (q->head == CHK_NIL)
			continue;
		x = &t->txn[q->head];
		if (x->hung)
			continue;
		/* A response on offer is progress; a stall of it is the
		 * channel's own hang. */
		if (offer && rid == q->id)
			x->since = c->now;
		if (c->now - x->since < c->hang) {
			if (x->since + c->hang < dl)
				dl = x->since + c->hang;
			continue;
		}
		x->hung = true;
		if (c->lite)
			chk_msg(c, SIM_ERROR, AXI_CHECK_HANG, rd ? "R" : "B",
				"%s %saddr 0x%llx stuck: no %s for %llu cycles",
				rd ? "read" : "write", rd ? "ar" : "aw",
				(unsigned long long)x->addr,
				rd ? "R" : "B after its AW and W",
				(unsigned long long)(c->now - x->since));
		else if (rd)
			chk_msg(c, SIM_ERROR, AXI_CHECK_HANG, "R",
				"read arid 0x%llx araddr 0x%llx arlen %u stuck: no R beat for %llu cycles (%u of %u beats done)",
				(unsigned long long)q->id,
				(unsigned long long)x->addr, x->len,
				(unsigned long long)(c->now - x->since),
				x->done, x->need);
		else
			chk_msg(c, SIM_ERROR, AXI_CHECK_HANG, "B",
				"write awid 0x%llx awaddr 0x%llx awlen %u stuck: no B for %llu cycles after its AW and W",
				(unsigned long long)q->id,
				(unsigned long long)x->addr, x->len,
				(unsigned long long)(c->now - x->since));
	}
	t->deadline = dl;
}

/* ------------------------------------------------------------ channels */

/* A3.2.1: VALID and the payload hold from assertion to the handshake. */
static void chk_payload(struct axi_check *c, struct chk_chan *ch)
{
	const struct chk_field *bad = NULL;
	unsigned i, more = 0, j = 0;
	const uint8_t *old;
	char vals[96], also[40] = "";

	for (i = 0; i < ch->nf; i++) {
		const struct chk_field *f = &ch->f[i];

		if (!memcmp(f->p, ch->snap + f->off, f->bytes))
			continue;
		if (bad)
			more++;
		else
			bad = f;
	}
	if (!bad)
		return;
	old = ch->snap + bad->off;
	if (bad->bytes <= 8) {
		snprintf(vals, sizeof(vals), "0x%llx -> 0x%llx",
			 (unsigned long long)chk_le(old, bad->bytes),
			 (unsigned long long)chk_le(bad->p, bad->bytes));
	} else {
		while (old[j] == bad->p[j])
			j++;
		snprintf(vals, sizeof(vals), "byte %u: 0x%02x -> 0x%02x", j,
			 old[j], bad->p[j]);
	}
	if (more)
		snprintf(also, sizeof(also), ", and %u more field(s)", more);
	chk_msg(c, SIM_ERROR, AXI_CHECK_PAYLOAD_CHANGE, ch->name,
		"%s changed while %sVALID && !%sREADY (%s)%s", bad->name,
		ch->name, ch->name, vals, also);
	chk_snap(ch);
}

/* Follow one channel for one sample; true on a handshake. */
static bool chk_chan_step(struct axi_check *c, unsigned i, bool valid)
{
	struct chk_chan *ch = &c->ch[i];
	unsigned bit = 1u << i;
	bool was = c->pend & bit;
	char what[160];

	if (!valid) {
		if (was) {
			chk_describe(ch, what, sizeof(what));
			chk_msg(c, SIM_ERROR, AXI_CHECK_VALID_DROP, ch->name,
				"%sVALID dropped before %sREADY (%s held %llu cycles)",
				ch->name, ch->name, what,
				(unsigned long long)(c->now - ch->stall_start));
			c->pend &= ~bit;
		}
		return false;
	}
	if (was)
		chk_payload(c, ch);
	if (*ch->ready & 1) {
		c->pend &= ~bit;
		return true;
	}
	if (!was) {
		chk_snap(ch);
		ch->stall_start = c->now;
		ch->hung = false;
		c->pend |= bit;
	}
	if (!ch->hung && c->now - ch->stall_start + 1 >= c->hang) {
		ch->hung = true;
		chk_describe(ch, what, sizeof(what));
		chk_msg(c, SIM_ERROR, AXI_CHECK_HANG, ch->name,
			"%sVALID held without %sREADY for %llu cycles (%s)",
			ch->name, ch->name,
			(unsigned long long)(c->now - ch->stall_start + 1),
			what);
	}
	return false;
}

static void chk_in_reset(struct axi_check *c, unsigned v)
{
	unsigned i;

	if (!(c->pend & CHK_IN_RESET))
		chk_reset_enter(c);
	for (i = 0; i < CH_N; i++) {
		if (!(v >> i & 1) || c->ch[i].rst_seen)
			continue;
		c->ch[i].rst_seen = true;
		/* A3.1.2: VALIDs are driven LOW while ARESETn is LOW */
		chk_msg(c, SIM_ERROR, AXI_CHECK_RESET_VALID, c->ch[i].name,
			"%sVALID high while rst_n is low", c->ch[i].name);
	}
}

static void chk_slow(struct axi_check *c, unsigned v)
{
	unsigned i, act, hs = 0;

	if (!(*c->rst & 1)) {
		chk_in_reset(c, v);
		return;
	}
	c->pend &= ~CHK_IN_RESET;
	act = v | c->pend;
	for (i = 0; i < CH_N; i++)
		if ((act >> i & 1) && chk_chan_step(c, i, v >> i & 1))
			hs |= 1u << i;
	if (hs) {
		if (hs & 1u << CH_B)
			chk_on_b(c);
		if (hs & 1u << CH_R)
			chk_on_r(c);
		if (hs & 1u << CH_AW)
			chk_on_aw(c);
		if (hs & 1u << CH_W)
			chk_on_w(c);
		if (hs & 1u << CH_AR)
			chk_on_ar(c);
	}
	if (c->now >= c->rd.deadline)
		chk_scan(c, &c->rd, true);
	if (c->now >= c->wr.deadline)
		chk_scan(c, &c->wr, false);
	c->deadline = c->rd.deadline < c->wr.deadline ? c->rd.deadline
						      : c->wr.deadline;
}

void axi_check_sample(struct axi_check *c)
{
	unsigned v;

	c->now++;
	v = (*c->valid[CH_AW] & 1u) | (*c->valid[CH_W] & 1u) << CH_W |
	    (*c->valid[CH_B] & 1u) << CH_B | (*c->valid[CH_AR] & 1u) << CH_AR |
	    (*c->valid[CH_R] & 1u) << CH_R;
	if (chk_likely((*c->rst & 1) && !(v | c->pend) && c->now < c->deadline))
		return;
	chk_slow(c, v);
}

static void chk_method(void *ctx)
{
	axi_check_sample(ctx);
}

/* --------------------------------------------------------------- setup */

/* The payload signals of each channel, in message order. */
struct chk_sig {
	uint8_t ch;	  /* channel */
	uint8_t show;	  /* enum chk_show */
	bool value;	  /* read as a number: 1, 2, 4 or 8 bytes */
	uint16_t off;	  /* offsetof(struct axi_if, port) */
	const char *name; /* signal name */
};

#define CHK_SIG(c, port, show, v)                                     \
	{                                                             \
		CH_##c, show, v, offsetof(struct axi_if, port), #port \
	}

static const struct chk_sig chk_sigs[] = {
	CHK_SIG(AW, awid, SHOW_HEX, 1),	  CHK_SIG(AW, awaddr, SHOW_HEX, 1),
	CHK_SIG(AW, awlen, SHOW_DEC, 1),  CHK_SIG(AW, awsize, SHOW_NO, 1),
	CHK_SIG(AW, awburst, SHOW_NO, 1), CHK_SIG(AW, awlock, SHOW_NO, 0),
	CHK_SIG(AW, awcache, SHOW_NO, 0), CHK_SIG(AW, awprot, SHOW_NO, 0),
	CHK_SIG(W, wdata, SHOW_NO, 0),	  CHK_SIG(W, wstrb, SHOW_HEX, 0),
	CHK_SIG(W, wlast, SHOW_DEC, 1),	  CHK_SIG(B, bid, SHOW_HEX, 1),
	CHK_SIG(B, bresp, SHOW_RESP, 1),  CHK_SIG(AR, arid, SHOW_HEX, 1),
	CHK_SIG(AR, araddr, SHOW_HEX, 1), CHK_SIG(AR, arlen, SHOW_DEC, 1),
	CHK_SIG(AR, arsize, SHOW_NO, 1),  CHK_SIG(AR, arburst, SHOW_NO, 1),
	CHK_SIG(AR, arlock, SHOW_NO, 0),  CHK_SIG(AR, arcache, SHOW_NO, 0),
	CHK_SIG(AR, arprot, SHOW_NO, 0),  CHK_SIG(R, rid, SHOW_HEX, 1),
	CHK_SIG(R, rdata, SHOW_NO, 0),	  CHK_SIG(R, rresp, SHOW_RESP, 1),
	CHK_SIG(R, rlast, SHOW_DEC, 1),
};

/* The handshake signals of each channel, indexed by channel. */
static const struct {
	const char *name; /* channel name */
	uint16_t valid;	  /* offsetof(struct axi_if, xVALID) */
	uint16_t ready;	  /* offsetof(struct axi_if, xREADY) */
} chk_hs[CH_N] = {
	[CH_AW] = { "AW", offsetof(struct axi_if, awvalid),
		    offsetof(struct axi_if, awready) },
	[CH_W] = { "W", offsetof(struct axi_if, wvalid),
		   offsetof(struct axi_if, wready) },
	[CH_B] = { "B", offsetof(struct axi_if, bvalid),
		   offsetof(struct axi_if, bready) },
	[CH_AR] = { "AR", offsetof(struct axi_if, arvalid),
		    offsetof(struct axi_if, arready) },
	[CH_R] = { "R", offsetof(struct axi_if, rvalid),
		   offsetof(struct axi_if, rready) },
};

static const struct vport *chk_port(const struct axi_if *b, uint16_t off)
{
	return (const struct vport *)((const char *)b + off);
}

/* Check the port sizes and build the channels' field tables. */
static int chk_fields(struct axi_check *c)
{
	unsigned off[CH_N] = { 0 }, i;

	for (i = 0; i < CH_N; i++) {
		const struct vport *v = chk_port(&c->bus, chk_hs[i].valid);
		const struct vport *r = chk_port(&c->bus, chk_hs[i].ready);
		struct chk_chan *ch = &c->ch[i];

		if ((v->p && v->bytes != 1) || (r->p && r->bytes != 1))
			return -EINVAL;
		ch->name = chk_hs[i].name;
		ch->valid = v->p ? v->p : &chk_zero;
		ch->ready = r->p ? r->p : &chk_one;
		c->valid[i] = ch->valid;
	}
	for (i = 0; i < sizeof(chk_sigs) / sizeof(chk_sigs[0]); i++) {
		const struct chk_sig *s = &chk_sigs[i];
		const struct vport *v = chk_port(&c->bus, s->off);
		struct chk_chan *ch = &c->ch[s->ch];
		struct chk_field *f;

		if (!v->p)
			continue; /* absent: not checked */
		if (s->value ? v->bytes != 1 && v->bytes != 2 &&
				       v->bytes != 4 && v->bytes != 8
			     : !v->bytes || v->bytes > CHK_MAX_DATA_BYTES)
			return -EINVAL;
		f = &ch->f[ch->nf++];
		f->p = v->p;
		f->name = s->name;
		f->bytes = v->bytes;
		f->off = (uint16_t)off[s->ch];
		f->show = s->show;
		off[s->ch] += v->bytes;
	}
	for (i = 0; i < CH_N; i++) {
		c->ch[i].snap = calloc(1, off[i] ? off[i] : 1);
		if (!c->ch[i].snap)
			return -ENOMEM;
	}
	return 0;
}

static void chk_free(struct axi_check *c)
{
	unsigned i;

	if (!c)
		return;
	for (i = 0; i < CH_N; i++)
		free(c->ch[i].snap);
	trk_free(&c->rd);
	trk_free(&c->wr);
	free(c->wb);
	free(c->seg);
	free(c->name);
	free(c);
}

static struct axi_check *chk_create(sim_t *sim, sim_clock_t *clk,
				    const struct axi_if *bus,
				    const struct vport *rst_n,
				    const struct axi_check_cfg *cfg, bool lite)
{
	const char *name = cfg && cfg->name ? cfg->name : lite ? "axil" : "axi";
	unsigned cap = cfg && cfg->max_outstanding ? cfg->max_outstanding
						   : CHK_DEFAULT_OUTSTANDING;
	const struct vport *data;
	struct axi_check *c;
	size_t nlen;
	int err;

	if (!sim || !bus || cap > CHK_MAX_OUTSTANDING ||
	    (rst_n && rst_n->p && rst_n->bytes != 1)) {
		errno = EINVAL;
		return NULL;
	}
	data = bus->wdata.p ? &bus->wdata : &bus->rdata;
	if (!data->p || !data->bytes || data->bytes > CHK_MAX_DATA_BYTES ||
	    (data->bytes & (data->bytes - 1))) {
		errno = EINVAL;
		return NULL;
	}
	/* an axil_check is an axi_check (first member): allocate the larger */
	c = calloc(1, sizeof(struct axil_check));
	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	c->sim = sim;
	c->bus = *bus;
	c->lite = lite;
	c->hang = cfg && cfg->hang_cycles ? cfg->hang_cycles : CHK_DEFAULT_HANG;
	c->cap = cap;
	c->data_bytes = data->bytes;
	while (1u << c->size_dflt < c->data_bytes)
		c->size_dflt++;
	c->has_wlast = bus->wlast.p != NULL;
	c->has_rlast = bus->rlast.p != NULL;
	c->rst = rst_n && rst_n->p ? rst_n->p : &chk_one;
	c->tracking = true;
	c->deadline = CHK_NEVER;
	nlen = strlen(name) + 1;
	c->name = malloc(nlen);
	err = c->name ? 0 : -ENOMEM;
	if (!err) {
		memcpy(c->name, name, nlen);
		err = chk_fields(c);
	}
	if (!err) {
		c->wb = calloc(cap, sizeof(*c->wb));
		c->seg = calloc(cap, sizeof(*c->seg));
		err = c->wb && c->seg ? 0 : -ENOMEM;
	}
	if (!err)
		err = trk_init(&c->rd, cap);
	if (!err)
		err = trk_init(&c->wr, cap);
	if (!err && clk) {
		c->method = sim_method(clk, c->name, chk_method, c);
		if (!c->method)
			err = -ENOMEM;
	}
	if (err) {
		chk_free(c);
		errno = -err;
		return NULL;
	}
	return c;
}

struct axi_check *axi_check_create(sim_t *sim, sim_clock_t *clk,
				   const struct axi_if *bus,
				   const struct vport *rst_n,
				   const struct axi_check_cfg *cfg)
{
	return chk_create(sim, clk, bus, rst_n, cfg, false);
}

void axi_check_destroy(struct axi_check *c)
{
	if (c && c->method)
		sim_method_enable(c->method, false);
	chk_free(c);
}

void axi_check_stats(const struct axi_check *c, struct axi_check_stats *out)
{
	*out = c->st;
}

struct axil_check *axil_check_create(sim_t *sim, sim_clock_t *clk,
				     const struct axil_if *bus,
				     const struct vport *rst_n,
				     const struct axi_check_cfg *cfg)
{
	struct axi_if b = { 0 };

	if (!bus) {
		errno = EINVAL;
		return NULL;
	}
	b.awaddr = bus->awaddr;
	b.awprot = bus->awprot;
	b.awvalid = bus->awvalid;
	b.awready = bus->awready;
	b.wdata = bus->wdata;
	b.wstrb = bus->wstrb;
	b.wvalid = bus->wvalid;
	b.wready = bus->wready;
	b.bresp = bus->bresp;
	b.bvalid = bus->bvalid;
	b.bready = bus->bready;
	b.araddr = bus->araddr;
	b.arprot = bus->arprot;
	b.arvalid = bus->arvalid;
	b.arready = bus->arready;
	b.rdata = bus->rdata;
	b.rresp = bus->rresp;
	b.rvalid = bus->rvalid;
	b.rready = bus->rready;
	return (struct axil_check *)chk_create(sim, clk, &b, rst_n, cfg, true);
}

void axil_check_destroy(struct axil_check *c)
{
	axi_check_destroy(c ? &c->core : NULL);
}

void axil_check_sample(struct axil_check *c)
{
	axi_check_sample(&c->core);
}

void axil_check_stats(const struct axil_check *c, struct axil_check_stats *out)
{
	const struct axi_check_stats *s = &c->core.st;

	out->ar = s->ar;
	out->r = s->r;
	out->aw = s->aw;
	out->w = s->w;
	out->b = s->b;
	out->violations = s->violations;
}
