/* SPDX-License-Identifier: MIT */
/*
 * test_console.c - virtio-console (DeviceID 3, virtio 1.2 section 5.3) on
 * the ring engine: port 0 looped back (rtl/vio_console.v). receiveq(port0)
 * is queue 0 and transmitq(port0) queue 1, as the harness's rx and tx
 * (CONFORMANCE D). The console is a byte stream: every transmitted byte
 * comes back once, in order, whatever the sizes of the transmit and
 * receive buffers. Every run (but the rate test's fixed latency): random
 * memory latency and back-pressure, protocol checkers, DMA memory
 * no-access except the rings and the posted buffers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_vq.h"
#include "virtio_mmio_regs.h"

#define LONG 400000	  /* cycles to wait for one buffer */
#define POISON 0xee	  /* receive buffers before the device writes */
#define CON_BUF 4096u	  /* vio_console BUF_BYTES (vio_top default) */
#define CON_EMERG 16u	  /* vio_console EMERG_DEPTH */
#define CON_COLS 80	  /* vio_top CON_COLS */
#define CON_ROWS 25	  /* vio_top CON_ROWS */
#define CON_PIECES 8u	  /* most pieces a test splits a buffer into */
#define CON_MAX_SG 24u	  /* most descriptors of one transmit buffer */
#define CON_MAX_RX 6000u  /* largest receive buffer the tests post */
#define CON_MAX_LOG 1024u /* transmit chains a test remembers */

/* 5.3.3 feature bits, 5.3.4 configuration layout (v1.2: cols first) */
#define CON_F_SIZE 0
#define CON_F_MULTIPORT 1
#define CON_F_EMERG_WRITE 2
#define CON_CFG_COLS 0
#define CON_CFG_ROWS 2
#define CON_CFG_MAX_NR_PORTS 4
#define CON_CFG_EMERG_WR 8

/* The stream of one run: what the driver sent and what came back. */
struct con {
	struct tb_vq *t;
	struct sim_rng rng;
	uint8_t *out; /* every transmitted byte, in order */
	uint8_t *in;  /* every received byte, in order */
	size_t nout, nin, cap;
	size_t ends[CON_MAX_LOG]; /* stream offset after each transmit chain */
	unsigned ntx;		  /* transmit chains sent */
	unsigned tx_back;	  /* ... and given back */
	size_t tx_back_bytes;	  /* their bytes */
	unsigned rx_posted;	  /* receive buffers posted */
	unsigned rx_back;	  /* ... and used */
	unsigned emerg_sent;	  /* emergency characters written */
	bool check_in;		  /* compare each receive buffer with out */
	uint8_t lo, span;	  /* transmit bytes: lo .. lo + span - 1 */
};

static void con_open(struct con *c, struct tb_vq *t, size_t cap)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->rng = sim_rng(t->e->sim, "test");
	c->cap = cap;
	c->out = malloc(cap);
	c->in = malloc(cap);
	c->check_in = true; /* span 0: any byte value */
}

static void con_close(struct con *c)
{
	free(c->out);
	free(c->in);
}

/* Transmit len bytes (data, or random bytes in lo..lo+span-1) in n
 * descriptors and notify: 0, or -1 after a report. The first `lead`
 * descriptors hold 1 to CON_LEAD bytes each, the others the rest, split at
 * random, or (equal) into pieces of the same size but the last, which takes
 * the remainder too. */
#define CON_LEAD 256u
static int con_send_shape(struct con *c, const uint8_t *data, uint32_t len,
			  unsigned n, unsigned lead, bool equal)
{
	struct tb_vq *t = c->t;
	struct tb_frame *f;
	struct scatterlist sg[CON_MAX_SG];
	uint32_t head = 0;
	int r;

	if (!tb_vq_check(t,
			 c->nout + len <= c->cap && c->ntx < CON_MAX_LOG &&
				 n <= CON_MAX_SG && lead < n &&
				 len >= n + lead * CON_LEAD,
			 "test stream full, or a bad split"))
		return -1;
	f = calloc(1, sizeof(*f));
	f->len = len;
	f->seq = c->ntx;
	f->addr = tb_vq_alloc(t, len, 1);
	if (!f->addr) {
		free(f);
		return -1;
	}
	for (uint32_t k = 0; k < len; k++)
		c->out[c->nout + k] =
			data ? data[k]
			: c->span
				? (uint8_t)(c->lo + sim_rng_range(&c->rng, 0,
								  c->span - 1u))
				: (uint8_t)sim_rng_u64(&c->rng);
	mem_write(t->e->mem, f->addr, c->out + c->nout, len);
	memset(sg, 0, sizeof(sg));
	for (unsigned i = 0; i < lead; i++) {
		uint32_t piece = (uint32_t)sim_rng_range(&c->rng, 1, CON_LEAD);

		sg_set_buf(&sg[i], f->addr + head, piece);
		head += piece;
	}
	/* tb_vq_split() marks the end of its part: the list's end too */
	if (equal) {
		uint32_t piece = (len - head) / (n - lead);

		sg_init_table(sg + lead, n - lead);
		for (unsigned i = lead; i < n; i++) {
			uint32_t l = i == n - 1 ? len - head : piece;

			sg_set_buf(&sg[i], f->addr + head, l);
			head += l;
		}
	} else {
		tb_vq_split(t, &c->rng, f->addr + head, len - head, n - lead,
			    sg + lead);
	}
	r = virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, n, f);
	if (!tb_vq_check(t, r == 0, "transmit add: %d", r)) {
		tb_vq_free_frame(t, f);
		return -1;
	}
	c->nout += len;
	c->ends[c->ntx++] = c->nout;
	virtqueue_kick(t->vq[TB_VQ_TX]);
	return 0;
}

static int con_send_lead(struct con *c, const uint8_t *data, uint32_t len,
			 unsigned n, unsigned lead)
{
	return con_send_shape(c, data, len, n, lead, false);
}

static int con_send(struct con *c, const uint8_t *data, uint32_t len,
		    unsigned n)
{
	return con_send_lead(c, data, len, n, 0);
}

/* A random size: mostly small, some up to max. */
static uint32_t con_size(struct con *c, uint32_t max)
{
	unsigned k = (unsigned)sim_rng_range(&c->rng, 0, 9);

	if (k < 3)
		return (uint32_t)sim_rng_range(&c->rng, 1, 16);
	if (k < 7)
		return (uint32_t)sim_rng_range(&c->rng, 1, max / 6);
	return (uint32_t)sim_rng_range(&c->rng, max / 6, max);
}

static unsigned con_pieces(struct con *c, uint32_t len)
{
	return (unsigned)sim_rng_range(&c->rng, 1,
				       len < CON_PIECES ? len : CON_PIECES);
}

/* Post a receive buffer of len bytes in n pieces: 0 or -1. */
static int con_post(struct con *c, uint32_t len, unsigned n)
{
	int r = tb_vq_post_rx(c->t, &c->rng, len, n);

	if (!tb_vq_check(c->t, r == 0, "receive add: %d", r))
		return -1;
	c->rx_posted++;
	return 0;
}

/* Take back the transmit buffers the device used: used.len must be 0
 * (nothing written into a device-readable buffer, 2.7.8.2). */
static void con_take_tx(struct con *c)
{
	struct tb_frame *f;
	uint32_t len;

	while ((f = virtqueue_get_buf(c->t->vq[TB_VQ_TX], &len))) {
		tb_vq_check(c->t, len == 0, "transmit chain %u: used.len %u",
			    f->seq, len);
		tb_vq_check(c->t, f->seq == c->tx_back,
			    "transmit chain %u back before %u", f->seq,
			    c->tx_back);
		c->tx_back++;
		c->tx_back_bytes += f->len;
		tb_vq_free_frame(c->t, f);
	}
}

/* Wait for the next used receive buffer and check it: 1 to its size bytes
 * written, the bytes after them untouched, and (check_in) the bytes the
 * stream expects next. Returns the used length, 0 after a report. */
static uint32_t con_take_rx(struct con *c, uint64_t timeout)
{
	struct tb_vq *t = c->t;
	struct tb_frame *f;
	uint8_t *b;
	uint32_t len = 0;
	bool ok;

	f = tb_vq_wait_buf(t, t->vq[TB_VQ_RX], &len, timeout);
	con_take_tx(c);
	if (!tb_vq_check(t, f,
			 "receive buffer %u not used within %llu cycles "
			 "(%zu of %zu bytes back)",
			 c->rx_back, (unsigned long long)timeout, c->nin,
			 c->nout))
		return 0;
	c->rx_back++;
	ok = tb_vq_check(t, len >= 1 && len <= f->len,
			 "receive buffer %u: used.len %u of %u", c->rx_back - 1,
			 len, f->len);
	ok = ok && tb_vq_check(t, c->nin + len <= c->cap,
			       "more bytes back than the test holds");
	if (!ok) {
		tb_vq_free_frame(t, f);
		return 0;
	}
	b = malloc(f->len);
	mem_read(t->e->mem, f->addr, b, f->len);
	for (uint32_t k = len; k < f->len; k++)
		if (!tb_vq_check(t, b[k] == POISON,
				 "receive buffer %u: byte %u past used.len %u "
				 "written",
				 c->rx_back - 1, k, len)) {
			ok = false;
			break;
		}
	for (uint32_t k = 0; c->check_in && ok && k < len; k++)
		ok = tb_vq_check(
			t, c->nin + k < c->nout && b[k] == c->out[c->nin + k],
			"stream byte %zu (buffer %u byte %u): 0x%02x, sent "
			"0x%02x",
			c->nin + k, c->rx_back - 1, k, b[k],
			c->nin + k < c->nout ? c->out[c->nin + k] : 0);
	memcpy(c->in + c->nin, b, len);
	c->nin += len;
	free(b);
	tb_vq_free_frame(t, f);
	return ok ? len : 0;
}

/* Receive until want bytes are back (posting buffers of random sizes as
 * they are used, keeping `keep` posted): true when all came back. */
static bool con_drain(struct con *c, size_t want, unsigned keep)
{
	while (c->nin < want) {
		while (c->rx_posted - c->rx_back < keep) {
			uint32_t len = con_size(c, CON_MAX_RX);

			if (con_post(c, len, con_pieces(c, len)))
				return false;
		}
		if (!con_take_rx(c, LONG))
			return false;
	}
	return true;
}

/* Wait until every transmit buffer is back. */
static bool con_wait_tx(struct con *c, uint64_t timeout)
{
	uint64_t end = sim_clock_cycles(c->t->e->clk) + timeout;

	while (c->tx_back < c->ntx && sim_clock_cycles(c->t->e->clk) < end) {
		sim_wait_cycles(c->t->e->sim, 64);
		con_take_tx(c);
	}
	return tb_vq_check(c->t, c->tx_back == c->ntx,
			   "%u of %u transmit buffers back", c->tx_back,
			   c->ntx);
}

/* A receive buffer used when none should be. */
static bool con_rx_idle(struct con *c, unsigned cycles)
{
	uint32_t len;
	struct tb_frame *f;

	sim_wait_cycles(c->t->e->sim, cycles);
	f = virtqueue_get_buf(c->t->vq[TB_VQ_RX], &len);
	if (!f)
		return true;
	tb_vq_fail(c->t,
		   "a receive buffer was used (%u bytes) with nothing "
		   "to send",
		   len);
	tb_vq_free_frame(c->t, f);
	return false;
}

/* --------------------------------------------------------------- echo */

/* QEMU-like: a line out in one descriptor, the same line back in one
 * receive buffer; the transmit token back with used.len 0 (2.7.8.2), the
 * receive token with the line's length, nothing past it written. */
static const char con_line[] = "Hello, virtio-console! 0123456789\r\n";

struct echo_res {
	struct tb_vq t;	      /* the harness */
	uint32_t rx_len;      /* used.len of the receive buffer */
	bool tx_back;	      /* the transmit buffer came back */
	bool line_intact;     /* the bytes received are the line */
	size_t tx_back_bytes; /* bytes of the transmit buffers back */
};

static void echo_body(struct tb_vq *t)
{
	struct echo_res *r = tb_container_of(t, struct echo_res, t);
	struct con c;
	size_t n = sizeof(con_line) - 1;

	if (tb_vq_init(t))
		return;
	con_open(&c, t, 4096);
	if (!con_post(&c, 256, 1) &&
	    !con_send(&c, (const uint8_t *)con_line, (uint32_t)n, 1)) {
		r->rx_len = con_take_rx(&c, LONG);
		r->tx_back = con_wait_tx(&c, LONG);
		r->line_intact = c.nin == n && !memcmp(c.in, con_line, n);
		r->tx_back_bytes = c.tx_back_bytes;
	}
	con_close(&c);
}

START_TEST(test_console_echo_a_line_comes_back_whole)
{
	struct echo_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, echo_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_eq(r.rx_len, sizeof(con_line) - 1);
	ck_assert(r.tx_back);
	ck_assert(r.line_intact);
	ck_assert_uint_eq(r.tx_back_bytes, sizeof(con_line) - 1);
	tb_vq_done(&r.t);
}
END_TEST

/* ------------------------------------------------------------ streams */

/* Transmit buffers of 1 byte to CON_BUF against receive buffers of 1 byte
 * to CON_MAX_RX, each split into up to 8 pieces (down to 1-byte
 * descriptors), several of each in flight: every byte back once and in
 * order, bytes past used.len untouched, every transmit buffer back with
 * used.len 0 and in order. */
#define STREAM_BYTES (96u * 1024)
struct stream_res {
	struct tb_vq t;	  /* the harness */
	size_t bytes_in;  /* bytes received */
	size_t bytes_out; /* bytes transmitted */
	unsigned tx_sent; /* transmit buffers sent */
	unsigned tx_back; /* ... and given back */
};

static void stream_body(struct tb_vq *t)
{
	struct stream_res *r = tb_container_of(t, struct stream_res, t);
	struct con c;
	unsigned rx_keep, tx_keep;

	if (tb_vq_init(t))
		return;
	con_open(&c, t, STREAM_BYTES + 2 * CON_BUF);
	rx_keep = (unsigned)sim_rng_range(&c.rng, 1, 6);
	tx_keep = (unsigned)sim_rng_range(&c.rng, 1, 4);
	while (c.nout < STREAM_BYTES) {
		while (c.ntx - c.tx_back < tx_keep && c.nout < STREAM_BYTES) {
			uint32_t len = con_size(&c, CON_BUF);

			if (con_send(&c, NULL, len, con_pieces(&c, len)))
				goto out;
		}
		while (c.rx_posted - c.rx_back < rx_keep) {
			uint32_t len = con_size(&c, CON_MAX_RX);

			if (con_post(&c, len, con_pieces(&c, len)))
				goto out;
		}
		/* everything sent is back: the transmit buffers are too */
		if (c.nin == c.nout) {
			if (!con_wait_tx(&c, LONG))
				goto out;
			continue;
		}
		if (!con_take_rx(&c, LONG))
			goto out;
	}
	if (con_drain(&c, c.nout, rx_keep) && con_wait_tx(&c, LONG)) {
		r->bytes_in = c.nin;
		r->bytes_out = c.nout;
		r->tx_sent = c.ntx;
		r->tx_back = c.tx_back;
	}
out:
	con_close(&c);
}

START_TEST(test_console_random_streams_keep_every_byte_in_order)
{
	struct stream_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, stream_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_ge(r.bytes_out, STREAM_BYTES);
	ck_assert_uint_eq(r.bytes_in, r.bytes_out);
	ck_assert_uint_eq(r.tx_back, r.tx_sent);
	tb_vq_done(&r.t);
}
END_TEST

/* ------------------------------------------------------- back-pressure */

/* Transmit buffers posted before any receive buffer: the first one comes
 * back once its bytes are in the device, no more than the device can hold
 * comes back, nothing is received; then receive buffers arrive and the
 * whole stream follows, in order. */
struct pressure_res {
	struct tb_vq t;		    /* the harness */
	unsigned tx_back_early;	    /* transmit buffers back before any
				     * receive buffer was posted */
	size_t tx_back_bytes_early; /* ... their bytes */
	bool rx_used_early;	    /* a receive buffer was used then */
	size_t bytes_in;	    /* bytes received in the end */
	size_t bytes_out;	    /* bytes transmitted */
};

static void pressure_body(struct tb_vq *t)
{
	static const uint32_t lens[] = { 1000, 3000, 2500, 7, CON_BUF };
	struct pressure_res *r = tb_container_of(t, struct pressure_res, t);
	struct con c;

	if (tb_vq_init(t))
		return;
	con_open(&c, t, 4 * CON_BUF);
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		if (con_send(&c, NULL, lens[i], con_pieces(&c, lens[i])))
			goto out;
	sim_wait_cycles(t->e->sim, 30000);
	con_take_tx(&c);
	r->tx_back_early = c.tx_back;
	r->tx_back_bytes_early = c.tx_back_bytes;
	r->rx_used_early = virtqueue_get_buf(t->vq[TB_VQ_RX], NULL) != NULL;
	if (con_drain(&c, c.nout, 3) && con_wait_tx(&c, LONG)) {
		r->bytes_in = c.nin;
		r->bytes_out = c.nout;
	}
out:
	con_close(&c);
}

START_TEST(test_console_transmit_waits_for_receive_buffers)
{
	struct pressure_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, pressure_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_ge(r.tx_back_early, 1); /* the first buffer is back */
	/* no more than the device can hold */
	ck_assert_uint_le(r.tx_back_bytes_early, CON_BUF);
	ck_assert(!r.rx_used_early); /* nothing to receive into */
	ck_assert_uint_eq(r.bytes_out, 1000 + 3000 + 2500 + 7 + CON_BUF);
	/* then all of it, in order */
	ck_assert_uint_eq(r.bytes_in, r.bytes_out);
	tb_vq_done(&r.t);
}
END_TEST

/* Transmit buffers far longer than the device's CON_BUF-byte FIFO (16 KiB,
 * 64 KiB, odd sizes; in 1 to 4 descriptors, or in 12 whose first 8 are
 * small) against receive buffers of 1 byte to 5 times the FIFO in 1 to 4
 * pieces, two transmit buffers in flight: every byte comes back once and
 * in order, every transmit buffer back with used.len 0. The device keeps
 * such a buffer open, reads it as its FIFO drains into receive chains
 * and completes it after its last byte. (The ring engine offers the next
 * chain only once the open one's last buffers are loaded, all but its last
 * four: here the ones before them fit the FIFO. Shapes that do not are
 * test_console_transmit_buffers_the_engine_holds_alone_never_hang.) */
#define BIG_N 8u
static const struct {
	uint32_t len;  /* bytes */
	unsigned n;    /* descriptors; 0: 1 to 4 */
	unsigned lead; /* of them small, first */
} big_bufs[BIG_N] = {
	{ 16384, 3, 0 }, { 65536, 12, 8 }, { 40001, 0, 0 }, { 12345, 0, 0 },
	{ 65536, 1, 0 }, { 4097, 2, 0 },   { 777, 0, 0 },   { 30011, 16, 12 },
};

struct big_res {
	struct tb_vq t;	  /* the harness */
	size_t bytes_in;  /* bytes received */
	size_t bytes_out; /* bytes transmitted */
	unsigned tx_sent; /* transmit buffers sent */
	unsigned tx_back; /* ... and given back */
};

static uint32_t big_rx_size(struct con *c)
{
	switch (sim_rng_range(&c->rng, 0, 3)) {
	case 0: return (uint32_t)sim_rng_range(&c->rng, 1, 64);
	case 1: return (uint32_t)sim_rng_range(&c->rng, 65, CON_BUF);
	default:
		return (uint32_t)sim_rng_range(&c->rng, CON_BUF + 1,
					       5 * CON_BUF);
	}
}

static void big_body(struct tb_vq *t)
{
	struct big_res *r = tb_container_of(t, struct big_res, t);
	struct con c;
	size_t total = 0;
	unsigned next = 0, rx_keep;

	if (tb_vq_init(t))
		return;
	for (unsigned i = 0; i < BIG_N; i++)
		total += big_bufs[i].len;
	con_open(&c, t, total);
	rx_keep = (unsigned)sim_rng_range(&c.rng, 1, 4);
	while (c.nin < total) {
		while (next < BIG_N && c.ntx - c.tx_back < 2) {
			uint32_t len = big_bufs[next].len;
			unsigned n = big_bufs[next].n;

			if (!n)
				n = (unsigned)sim_rng_range(&c.rng, 1, 4);
			if (con_send_lead(&c, NULL, len, n,
					  big_bufs[next].lead))
				goto out;
			next++;
		}
		while (c.rx_posted - c.rx_back < rx_keep) {
			uint32_t len = big_rx_size(&c);
			unsigned n = (unsigned)sim_rng_range(&c.rng, 1, 4);

			if (con_post(&c, len, len < n ? len : n))
				goto out;
		}
		if (!con_take_rx(&c, LONG))
			goto out;
	}
	if (con_wait_tx(&c, LONG) && con_rx_idle(&c, 5000)) {
		r->bytes_in = c.nin;
		r->bytes_out = c.nout;
		r->tx_sent = c.ntx;
		r->tx_back = c.tx_back;
	}
out:
	con_close(&c);
}

START_TEST(test_console_transmit_buffers_past_the_fifo_loop_whole)
{
	struct big_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, big_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_eq(r.tx_sent, BIG_N);
	ck_assert_uint_eq(r.tx_back, BIG_N);
	ck_assert_uint_gt(r.bytes_out, 0);
	ck_assert_uint_eq(r.bytes_in, r.bytes_out); /* each byte checked */
	tb_vq_done(&r.t);
}
END_TEST

/* Transmit buffers far longer than the FIFO that the ring engine can not
 * serve alongside a receive chain: 64 KiB in 12 or in 20 equal descriptors
 * (the engine offers the next chain once the buffer's descriptors past its
 * first four are loaded, after some 43 or 52 KiB of it are read), 40 KiB
 * in 24 (more than the walker's 16-segment FIFO: it opens alone and no
 * other chain opens until it completes), and 64 KiB in 2, which meets the
 * same wait when a receive buffer of more than 16 descriptors is next in
 * line (a quarter of them are). In random order, each followed at random
 * by a buffer of 1 to CON_BUF bytes and the last always, against receive
 * buffers of 1 byte to 5 times the FIFO. The device never stops:
 * every receive buffer is used within LONG cycles and every transmit
 * buffer comes back. Of each transmit buffer an exact prefix comes back,
 * followed by the next one's bytes: all of it, or at least CON_BUF bytes
 * of a longer one (the device completes a buffer it can read no further,
 * its unread rest dropped); a buffer of up to CON_BUF bytes comes back
 * whole. Buffers alternate between bytes 0x00..0x7f and 0x80..0xff, so
 * each one's bytes end where the next one's begin. */
#define HELD_LONG 4u
static const struct {
	uint32_t len; /* bytes */
	unsigned n;   /* descriptors */
	bool equal;   /* of equal size; else split at random */
} held_bufs[HELD_LONG] = {
	{ 65536, 12, true },
	{ 65536, 20, true },
	{ 40960, 24, false },
	{ 65536, 2, false },
};

struct held_res {
	struct tb_vq t;	  /* the harness */
	unsigned tx_sent; /* transmit buffers sent */
	unsigned tx_back; /* ... and given back */
	unsigned cut;	  /* ... back as a proper prefix */
	size_t cut_bytes; /* bytes of those that came back */
	size_t cut_of;	  /* ... of their bytes */
	bool stream_ok;	  /* what came back is a run of such prefixes */
	bool finished;	  /* every buffer sent and back */
};

/* The last buffer sent came back whole, at the end of the stream. */
static bool held_tail(const struct con *c)
{
	size_t len = c->nout - (c->ntx > 1 ? c->ends[c->ntx - 2] : 0);

	return c->ntx && c->nin >= len &&
	       !memcmp(c->in + c->nin - len, c->out + c->nout - len, len);
}

/* Split the received stream into the transmit buffers' prefixes. */
static bool held_check(struct con *c, struct held_res *r)
{
	size_t pos = 0;

	for (unsigned i = 0; i < c->ntx; i++) {
		size_t s = i ? c->ends[i - 1] : 0, len = c->ends[i] - s, p = 0;

		while (pos + p < c->nin && p < len &&
		       c->in[pos + p] == c->out[s + p])
			p++;
		if (!tb_vq_check(c->t,
				 p == len || (len > CON_BUF && p >= CON_BUF),
				 "transmit buffer %u (%zu bytes): %zu bytes "
				 "of it back at stream byte %zu, then 0x%02x",
				 i, len, p, pos,
				 pos + p < c->nin ? c->in[pos + p] : 0))
			return false;
		if (p < len) {
			r->cut++;
			r->cut_bytes += p;
			r->cut_of += len;
		}
		pos += p;
	}
	return tb_vq_check(c->t, pos == c->nin,
			   "%zu bytes back past the transmit buffers' %zu",
			   c->nin - pos, pos);
}

static void held_body(struct tb_vq *t)
{
	struct held_res *r = tb_container_of(t, struct held_res, t);
	struct con c;
	uint32_t plan_len[2 * HELD_LONG + 1];
	unsigned plan_n[2 * HELD_LONG + 1], order[HELD_LONG];
	bool plan_eq[2 * HELD_LONG + 1];
	unsigned nplan = 0, next = 0, rx_keep, tx_keep;

	if (tb_vq_init(t))
		return;
	con_open(&c, t, 4 * 65536 + (HELD_LONG + 1) * CON_BUF);
	c.check_in = false; /* the whole stream is checked at the end */
	c.span = 0x80;
	for (unsigned i = 0; i < HELD_LONG; i++)
		order[i] = i;
	for (unsigned i = HELD_LONG - 1; i > 0; i--) {
		unsigned j = (unsigned)sim_rng_range(&c.rng, 0, i),
			 k = order[i];

		order[i] = order[j];
		order[j] = k;
	}
	for (unsigned i = 0; i <= HELD_LONG; i++) {
		if (i < HELD_LONG) {
			plan_len[nplan] = held_bufs[order[i]].len;
			plan_n[nplan] = held_bufs[order[i]].n;
			plan_eq[nplan++] = held_bufs[order[i]].equal;
		}
		if (i == HELD_LONG || sim_rng_chance(&c.rng, 500)) {
			plan_len[nplan] =
				(uint32_t)sim_rng_range(&c.rng, 1, CON_BUF);
			plan_n[nplan] = (unsigned)sim_rng_range(
				&c.rng, 1,
				plan_len[nplan] < 4 ? plan_len[nplan] : 4);
			plan_eq[nplan++] = false;
		}
	}
	rx_keep = (unsigned)sim_rng_range(&c.rng, 1, 3);
	tx_keep = (unsigned)sim_rng_range(&c.rng, 1, 2);
	while (next < nplan || !held_tail(&c)) {
		while (next < nplan && c.ntx - c.tx_back < tx_keep) {
			c.lo = (c.ntx & 1) ? 0x80 : 0x00;
			if (con_send_shape(&c, NULL, plan_len[next],
					   plan_n[next], 0, plan_eq[next]))
				goto out;
			next++;
		}
		while (c.rx_posted - c.rx_back < rx_keep) {
			uint32_t len = big_rx_size(&c);
			unsigned n = (unsigned)sim_rng_range(&c.rng, 1, 4);

			if (sim_rng_chance(&c.rng, 250)) {
				len = (uint32_t)sim_rng_range(
					&c.rng, CON_BUF / 2, 3 * CON_BUF);
				n = (unsigned)sim_rng_range(&c.rng, 17, 24);
			}
			if (con_post(&c, len, len < n ? len : n))
				goto out;
		}
		if (!con_take_rx(&c, LONG))
			goto out;
	}
	if (!con_wait_tx(&c, LONG) || !con_rx_idle(&c, 5000))
		goto out;
	r->tx_sent = c.ntx;
	r->tx_back = c.tx_back;
	r->finished = true;
	r->stream_ok = held_check(&c, r);
out:
	con_close(&c);
}

START_TEST(test_console_transmit_buffers_the_engine_holds_alone_never_hang)
{
	struct held_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, held_body, NULL);
	printf("%u of %u transmit buffers back as a proper prefix: %zu of "
	       "their %zu bytes\n",
	       r.cut, r.tx_sent, r.cut_bytes, r.cut_of);
	tb_env_assert_clean(r.t.e);
	ck_assert_msg(r.finished, "the device stopped (see the report)");
	ck_assert_uint_eq(r.tx_back, r.tx_sent);
	ck_assert(r.stream_ok);
	/* the 24-descriptor buffer opens alone: at most CON_BUF of it fits */
	ck_assert_uint_ge(r.cut, 1);
	tb_vq_done(&r.t);
}
END_TEST

/* A long stream on a memory without stalls: 48 transmit buffers of 4 KiB
 * against 48 receive buffers of 4 KiB, all posted at once. Every byte is
 * read once and written once; the rate (hundredths of a byte per
 * cycle) is about 5.1 on a 64-bit data path (4.6 with 32 cycles of memory
 * latency) and 9.8 on 128 bits. The floor, 2, fails only when the reads of
 * one transmit buffer stop overlapping the writes of the one before. */
#define RATE_BUFS 48u
struct rate_res {
	struct tb_vq t;	 /* the harness */
	uint64_t bytes;	 /* bytes received */
	uint64_t cycles; /* from the first transmit to the last byte back */
	uint64_t rate;	 /* hundredths of a byte per cycle */
};

static void rate_body(struct tb_vq *t)
{
	struct rate_res *r = tb_container_of(t, struct rate_res, t);
	struct con c;
	uint64_t c0;

	if (tb_vq_init(t))
		return;
	con_open(&c, t, RATE_BUFS * CON_BUF);
	for (unsigned i = 0; i < RATE_BUFS; i++)
		if (con_post(&c, CON_BUF, 1))
			goto out;
	c0 = sim_clock_cycles(t->e->clk);
	for (unsigned i = 0; i < RATE_BUFS; i++)
		if (con_send(&c, NULL, CON_BUF, 1))
			goto out;
	while (c.nin < c.nout)
		if (!con_take_rx(&c, LONG))
			goto out;
	r->cycles = sim_clock_cycles(t->e->clk) - c0;
	r->bytes = c.nin;
	r->rate = r->bytes * 100 / (r->cycles ? r->cycles : 1);
	con_wait_tx(&c, LONG);
out:
	con_close(&c);
}

START_TEST(test_console_long_stream_overlaps_reads_and_writes)
{
	struct rate_res r = { 0 };

	tb_vq_cfg(0, &r.t);
	r.t.cfg.random = false;
	r.t.num[0] = r.t.num[1] = 64;
	tb_vq_run(&r.t, rate_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_eq(r.bytes, RATE_BUFS * CON_BUF);
	ck_assert_uint_ge(r.rate, 200); /* 2 bytes per cycle */
	tb_vq_done(&r.t);
}
END_TEST

/* -------------------------------------------------------------- config */

/* 5.3.4: cols, rows (le16, v1.2 order), max_nr_ports 1 (le32; MULTIPORT
 * not offered), emerg_wr reads 0, also after a write; 5.3.3: SIZE and
 * EMERG_WRITE offered, MULTIPORT not; DeviceID 3. */
struct config_res {
	struct tb_vq t;		    /* the harness */
	uint32_t device_id;	    /* DeviceID */
	uint64_t features;	    /* negotiated */
	uint16_t cols, rows;	    /* cols, rows (le16 reads) */
	uint32_t max_nr_ports;	    /* max_nr_ports */
	uint32_t emerg_wr;	    /* emerg_wr as first read */
	uint32_t emerg_wr_after_wr; /* ... after a write */
	uint32_t cols_bytewise;	    /* cols from two byte reads */
	uint8_t rows_low;	    /* low byte of rows */
	uint32_t past_config;	    /* the word after the structure */
};

static void config_body(struct tb_vq *t)
{
	struct config_res *r = tb_container_of(t, struct config_res, t);
	struct virtio_device *vdev = &t->vm->vdev;

	if (tb_vq_init(t))
		return;
	r->device_id = vdev->id.device;
	r->features = vdev->features;
	r->cols = virtio_cread16(vdev, CON_CFG_COLS);
	r->rows = virtio_cread16(vdev, CON_CFG_ROWS);
	r->max_nr_ports = virtio_cread32(vdev, CON_CFG_MAX_NR_PORTS);
	r->emerg_wr = virtio_cread32(vdev, CON_CFG_EMERG_WR);
	virtio_cwrite32(vdev, CON_CFG_EMERG_WR, 'x');
	r->emerg_wr_after_wr = virtio_cread32(vdev, CON_CFG_EMERG_WR);
	/* byte by byte: little endian */
	r->cols_bytewise = virtio_cread8(vdev, CON_CFG_COLS) |
			   virtio_cread8(vdev, CON_CFG_COLS + 1) << 8;
	r->rows_low = virtio_cread8(vdev, CON_CFG_ROWS);
	r->past_config = virtio_cread32(vdev, 12);
}

START_TEST(test_console_config_size_ports_and_features)
{
	struct config_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, config_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_eq(r.device_id, 3);
	ck_assert(r.features & (1ull << CON_F_SIZE));
	ck_assert(r.features & (1ull << CON_F_EMERG_WRITE));
	ck_assert(!(r.features & (1ull << CON_F_MULTIPORT)));
	ck_assert(r.features & (1ull << TB_VQ_F_VERSION_1));
	ck_assert_uint_eq(r.cols, CON_COLS);
	ck_assert_uint_eq(r.rows, CON_ROWS);
	ck_assert_uint_eq(r.max_nr_ports, 1);
	ck_assert_uint_eq(r.emerg_wr, 0);
	ck_assert_uint_eq(r.emerg_wr_after_wr, 0);
	ck_assert_uint_eq(r.cols_bytewise, CON_COLS);
	ck_assert_uint_eq(r.rows_low, CON_ROWS);
	ck_assert_uint_eq(r.past_config, 0);
	tb_vq_done(&r.t);
}
END_TEST

/* ----------------------------------------------------------- emergency */

/* 5.3.5.1: emerg_wr takes writes before the device is running (after
 * FEATURES_OK, before DRIVER_OK); the characters come back on the
 * receive queue in order once it runs. The device queues CON_EMERG of
 * them; the ones written while the queue is full are dropped. Bytes 1..3
 * of the register are not emergency writes. */
#define EMERG_EARLY (CON_EMERG + 5)
struct emerg_early_res {
	struct tb_vq t;	     /* the harness */
	uint32_t emerg_wr;   /* emerg_wr read after the writes */
	size_t queued_back;  /* characters back once the device ran */
	bool in_order;	     /* ... and they are the first ones, in order */
	uint8_t after_drain; /* the character written once drained */
	size_t bytes_in;     /* characters back in all */
};

static void emerg_early_body(struct tb_vq *t)
{
	struct emerg_early_res *r =
		tb_container_of(t, struct emerg_early_res, t);
	struct virtio_device *vdev = &t->vm->vdev;
	struct con c;

	t->no_driver_ok = true;
	if (tb_vq_init(t))
		return;
	con_open(&c, t, 4096);
	c.check_in = false;
	/* not byte 0: no character */
	virtio_cwrite8(vdev, CON_CFG_EMERG_WR + 1, '#');
	virtio_cwrite16(vdev, CON_CFG_EMERG_WR + 2, 0x2323);
	for (unsigned i = 0; i < EMERG_EARLY; i++)
		virtio_cwrite8(vdev, CON_CFG_EMERG_WR, (uint8_t)('A' + i));
	r->emerg_wr = virtio_cread32(vdev, CON_CFG_EMERG_WR);
	sim_wait_cycles(t->e->sim, 2000);
	virtio_device_ready(vdev);
	/* room for more than was queued */
	for (unsigned i = 0; i < 3; i++)
		if (con_post(&c, 2 * CON_EMERG, 1 + i))
			goto out;
	while (c.nin < CON_EMERG)
		if (!con_take_rx(&c, LONG))
			goto out;
	r->queued_back = c.nin;
	r->in_order = true;
	for (unsigned i = 0; i < c.nin; i++)
		r->in_order &= c.in[i] == 'A' + i;
	if (!con_rx_idle(&c, 5000))
		goto out;
	/* the queue takes characters again once drained */
	virtio_cwrite32(vdev, CON_CFG_EMERG_WR, 0x3130 | 'z');
	while (c.nin < CON_EMERG + 1)
		if (!con_take_rx(&c, LONG))
			goto out;
	r->after_drain = c.in[CON_EMERG];
	r->bytes_in = c.nin;
out:
	con_close(&c);
}

START_TEST(test_console_emergency_writes_before_driver_ok_arrive)
{
	struct emerg_early_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, emerg_early_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_eq(r.emerg_wr, 0);
	ck_assert_uint_eq(r.queued_back, CON_EMERG); /* the queue's worth */
	ck_assert(r.in_order);
	ck_assert_uint_eq(r.after_drain, 'z'); /* the low byte */
	ck_assert_uint_eq(r.bytes_in, CON_EMERG + 1);
	tb_vq_done(&r.t);
}
END_TEST

/* Emergency characters (0x80..0xff) written at random times while a
 * transmit stream (0x00..0x7f) runs: all of them come back in order, the
 * stream without them is exactly what was transmitted, and each one sits
 * at a boundary between two transmit buffers (the device's ordering
 * rule), never inside one. */
#define MIX_BYTES (24u * 1024)
struct emerg_mix_res {
	struct tb_vq t;		 /* the harness */
	bool emerg_placed_right; /* every emergency character back in
				  * order, between two transmit buffers */
	unsigned emerg_back;	 /* emergency characters received */
	unsigned emerg_sent;	 /* ... and written */
	bool stream_intact;	 /* the rest is the transmitted stream */
};

static void emerg_mix_body(struct tb_vq *t)
{
	struct emerg_mix_res *r = tb_container_of(t, struct emerg_mix_res, t);
	struct virtio_device *vdev = &t->vm->vdev;
	uint8_t *tx = NULL;
	struct con c;
	unsigned nb = 0, ne = 0;
	size_t ntx = 0, e0;
	bool ok = true;

	if (tb_vq_init(t))
		return;
	con_open(&c, t, MIX_BYTES + 2 * CON_BUF + 1024);
	c.check_in = false;
	c.lo = 0x00;
	c.span = 0x80;
	while (c.nout < MIX_BYTES) {
		if (c.ntx - c.tx_back < 3) {
			uint32_t len = con_size(&c, 2048);

			if (con_send(&c, NULL, len, con_pieces(&c, len)))
				goto out;
		}
		/* never more in the device's queue than it holds */
		e0 = 0;
		for (size_t k = 0; k < c.nin; k++)
			e0 += c.in[k] >= 0x80;
		while (c.emerg_sent - e0 < CON_EMERG &&
		       sim_rng_chance(&c.rng, 300)) {
			virtio_cwrite8(vdev, CON_CFG_EMERG_WR,
				       (uint8_t)(0x80 + c.emerg_sent % 0x80));
			c.emerg_sent++;
		}
		while (c.rx_posted - c.rx_back < 3) {
			uint32_t len = con_size(&c, 3000);

			if (con_post(&c, len, con_pieces(&c, len)))
				goto out;
		}
		if (!con_take_rx(&c, LONG))
			goto out;
	}
	if (!con_drain(&c, c.nout + c.emerg_sent, 2) ||
	    !con_wait_tx(&c, LONG) || !con_rx_idle(&c, 5000))
		goto out;
	/* split the received stream */
	tx = malloc(c.nin);
	for (size_t k = 0; k < c.nin && ok; k++) {
		if (c.in[k] < 0x80) {
			tx[ntx++] = c.in[k];
			continue;
		}
		ok = tb_vq_check(t, c.in[k] == 0x80 + ne % 0x80,
				 "emergency character %u: 0x%02x", ne, c.in[k]);
		ne++;
		/* ntx transmitted bytes before it: a buffer boundary */
		while (nb < c.ntx && c.ends[nb] < ntx)
			nb++;
		ok = ok &&
		     tb_vq_check(t,
				 ntx == 0 || (nb < c.ntx && c.ends[nb] == ntx),
				 "emergency character %u inside a "
				 "transmit buffer (stream byte %zu)",
				 ne - 1, ntx);
	}
	r->emerg_placed_right = ok;
	r->emerg_back = ne;
	r->emerg_sent = c.emerg_sent;
	r->stream_intact = ntx == c.nout && !memcmp(tx, c.out, ntx);
out:
	free(tx);
	con_close(&c);
}

START_TEST(test_console_emergency_writes_join_between_transmit_buffers)
{
	struct emerg_mix_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, emerg_mix_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert(r.emerg_placed_right);
	ck_assert_uint_gt(r.emerg_sent, 0);
	ck_assert_uint_eq(r.emerg_back, r.emerg_sent); /* every one, once */
	ck_assert(r.stream_intact);
	tb_vq_done(&r.t);
}
END_TEST

/* --------------------------------------------------------------- reset */

static uint16_t con_used_idx(struct tb_vq *t, unsigned q)
{
	uint16_t u = 0;

	mem_read(t->e->mem, t->vq[q]->used + VRING_USED_IDX, &u, 2);
	return u;
}

/* S2 on the console: a device reset while transmit data sits in the
 * device (more sent than the receive buffers take) and emergency
 * characters wait. Once Status reads 0: no DMA, no interrupt. After
 * re-initialisation, receive buffers posted with nothing sent stay unused
 * (no stale byte comes back as new data), and a new stream (0x80..0xff,
 * the old one 0x00..0x7f) comes back exactly. */
struct reset_res {
	struct tb_vq t;		/* the harness */
	unsigned used_at_reset; /* used.idx of both queues, summed, just
				 * before the reset */
	uint64_t dma_after;	/* DMA transactions once Status reads 0 */
	bool irq_after;		/* the interrupt line then */
	uint32_t isr_after;	/* InterruptStatus then */
	bool nothing_stale;	/* no receive buffer used after it */
	bool works_again;	/* a new stream came back whole */
};

static void reset_body(struct tb_vq *t)
{
	struct reset_res *r = tb_container_of(t, struct reset_res, t);
	struct virtio_device *vdev = &t->vm->vdev;
	uint32_t isr = 1;
	uint64_t dma0;
	struct con c, d;

	if (tb_vq_init(t))
		return;
	con_open(&c, t, 8 * CON_BUF);
	c.lo = 0x00;
	c.span = 0x80;
	for (unsigned i = 0; i < 6; i++) {
		uint32_t len = (uint32_t)sim_rng_range(&c.rng, 1, CON_BUF);

		if (con_send(&c, NULL, len, con_pieces(&c, len)))
			goto out_c;
	}
	for (unsigned i = 0; i < 3; i++)
		virtio_cwrite8(vdev, CON_CFG_EMERG_WR, '!');
	for (unsigned i = 0; i < 2; i++)
		if (con_post(&c, (uint32_t)sim_rng_range(&c.rng, 1, 3000), 2))
			goto out_c;
	sim_wait_cycles(t->e->sim, (unsigned)sim_rng_range(&c.rng, 100, 8000));
	r->used_at_reset =
		con_used_idx(t, TB_VQ_RX) + con_used_idx(t, TB_VQ_TX);
	if (virtio_reset_device(vdev))
		goto out_c;
	/* Linux does not poll: its next access completes once the reset
	 * has (S1); from then on nothing may move */
	if (vdev->config->get_status(vdev) != 0)
		goto out_c;
	dma0 = tb_vq_dma_count(t);
	sim_wait_cycles(t->e->sim, 4000);
	r->dma_after = tb_vq_dma_count(t) - dma0;
	r->irq_after = irq_mon_level(t->e->irq);
	t->hw.read32(t->hw.ctx, VIRTIO_MMIO_INTERRUPT_STATUS, &isr);
	r->isr_after = isr;
	/* the model's books of the old rings go with tb_vq_init() */
	if (tb_vq_init(t))
		goto out_c;
	con_open(&d, t, 4 * CON_BUF);
	d.lo = 0x80;
	d.span = 0x80;
	for (unsigned i = 0; i < 3; i++)
		if (con_post(&d, (uint32_t)sim_rng_range(&d.rng, 1, 2000), 2))
			goto out_d;
	if (!con_rx_idle(&d, 8000))
		goto out_d;
	r->nothing_stale = true;
	for (unsigned i = 0; i < 4; i++) {
		uint32_t len = (uint32_t)sim_rng_range(&d.rng, 1, 2500);

		if (con_send(&d, NULL, len, con_pieces(&d, len)))
			goto out_d;
	}
	if (con_drain(&d, d.nout, 3) && con_wait_tx(&d, LONG) &&
	    con_rx_idle(&d, 5000))
		r->works_again = d.nin == d.nout;
out_d:
	con_close(&d);
out_c:
	con_close(&c);
}

START_TEST(test_s2_console_reset_mid_stream_no_dma_no_stale_bytes)
{
	struct reset_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	tb_vq_run(&r.t, reset_body, NULL);
	tb_env_assert_clean(r.t.e);
	ck_assert_uint_eq(r.dma_after, 0);
	ck_assert(!r.irq_after);
	ck_assert_uint_eq(r.isr_after, 0);
	ck_assert(r.nothing_stale);
	ck_assert(r.works_again);
	tb_vq_done(&r.t);
}
END_TEST

/* M7 on the console: a QueueReset of the transmit queue while a transmit
 * buffer is being read (slow memory) turns the rest of the read into
 * padding. The console must drop that buffer's bytes: none of them, and
 * never a padding zero, reaches a receive buffer. Transmit bytes are
 * 0x80..0xff, so a zero is padding. A buffer read whole before the reset
 * comes back whole; a buffer sent after the reset always comes back. */
#define CUT_ITERS 16 /* resets at least */
#define CUT_MAX 160  /* and on until two buffers were cut, at most */

static uint32_t cut_collect(struct tb_vq *t, uint8_t *got, uint32_t cap)
{
	struct tb_frame *f;
	uint32_t len, n = 0;

	while ((f = virtqueue_get_buf(t->vq[TB_VQ_RX], &len))) {
		if (n + len <= cap)
			mem_read(t->e->mem, f->addr, got + n, len);
		n += len;
		tb_vq_free_frame(t, f);
	}
	return n;
}

struct cut_res {
	struct tb_vq t;	     /* the harness */
	unsigned back_whole; /* transmit buffers back whole after a reset */
	unsigned cut_short;  /* ... dropped: the reset cut them short */
	unsigned resets;     /* transmit queue resets made */
	bool finished;	     /* every iteration ran */
};

static void cut_body(struct tb_vq *t)
{
	struct cut_res *r = tb_container_of(t, struct cut_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	struct virtio_mmio_device *vm = t->vm;
	static uint8_t sent[CON_BUF], got[4 * CON_BUF];

	t->num[0] = t->num[1] = 64;
	if (tb_vq_init(t))
		return;
	for (unsigned it = 0;
	     it < CUT_MAX && (it < CUT_ITERS || r->cut_short < 2); it++) {
		uint32_t len = (uint32_t)sim_rng_range(&rng, 1500, CON_BUF);
		struct scatterlist sg[2];
		struct tb_frame *f;
		uint32_t n, k, ulen;

		r->resets = it + 1;
		for (k = 0; k < 4; k++)
			tb_vq_post_rx(t, &rng, CON_BUF, 1);
		f = calloc(1, sizeof(*f));
		f->len = len;
		f->addr = tb_vq_alloc(t, len, 1);
		for (k = 0; k < len; k++)
			sent[k] = (uint8_t)(0x80 | sim_rng_range(&rng, 0, 127));
		mem_write(t->e->mem, f->addr, sent, len);
		tb_vq_split(t, &rng, f->addr, len, 2, sg);
		if (!tb_vq_check(t,
				 virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, 2,
						      f) == 0,
				 "transmit add failed"))
			return;
		virtqueue_kick(t->vq[TB_VQ_TX]);
		sim_wait_cycles(t->e->sim, sim_rng_range(&rng, 100, 1500));
		if (!tb_vq_check(t, virtio_mmio_reset_queue(vm, TB_VQ_TX) == 0,
				 "iteration %u: transmit queue reset failed",
				 it))
			return;
		if (tb_vq_ring_replace(t, TB_VQ_TX, 64))
			return;
		sim_wait_cycles(t->e->sim, 6000);
		n = cut_collect(t, got, sizeof(got));
		if (!tb_vq_check(
			    t, n == 0 || (n == len && !memcmp(got, sent, n)),
			    "iteration %u: %u bytes of a %u-byte transmit "
			    "buffer came back after a transmit queue reset "
			    "(first byte 0x%02x): want all or none",
			    it, n, len, n ? got[0] : 0))
			return;
		if (n)
			r->back_whole++;
		else
			r->cut_short++;
		/* a marker buffer sent now always comes back */
		f = calloc(1, sizeof(*f));
		f->len = 16;
		f->addr = tb_vq_alloc(t, 16, 1);
		mem_fill(t->e->mem, f->addr, 0xa5, 16);
		sg_init_one(sg, f->addr, 16);
		virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, 1, f);
		virtqueue_kick(t->vq[TB_VQ_TX]);
		sim_wait_cycles(t->e->sim, 4000);
		n = cut_collect(t, got, sizeof(got));
		if (!tb_vq_check(
			    t, n == 16 && got[0] == 0xa5 && got[15] == 0xa5,
			    "iteration %u: the marker after the reset came "
			    "back as %u bytes",
			    it, n))
			return;
		while ((f = virtqueue_get_buf(t->vq[TB_VQ_TX], &ulen)))
			tb_vq_free_frame(t, f);
		/* the receive buffers left over go on being used next time */
	}
	r->finished = true;
}

START_TEST(test_m7_console_transmit_reset_mid_buffer_passes_no_padding)
{
	struct cut_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	r.t.cfg.mem.rd_lat_min = 60;
	r.t.cfg.mem.rd_lat_max = 100;
	tb_vq_run(&r.t, cut_body, NULL);
	ck_assert_msg(r.finished, "the run stopped early (see the report)");
	ck_assert_msg(r.cut_short > 0,
		      "no transmit buffer was cut short in %u resets (%u "
		      "came back whole): the test missed its case",
		      r.resets, r.back_whole);
	tb_vq_done(&r.t);
}
END_TEST

/* M7 on a transmit buffer longer than the FIFO: its bytes go out before
 * it is read whole, so a QueueReset of the transmit queue in its middle
 * (slow memory) leaves a prefix. What comes back is exactly the first n
 * bytes sent, 0 <= n <= len: no padding zero (transmit bytes are
 * 0x80..0xff), no gap, nothing reordered; receive buffers may come back
 * empty. Then a long buffer sent on the new ring comes back whole, right
 * after the prefix. */
#define PREFIX_ITERS 8	   /* resets at least */
#define PREFIX_MAX 40	   /* and on until two buffers were cut inside */
#define PREFIX_NEXT 20000u /* the buffer sent after each reset */

struct prefix_res {
	struct tb_vq t;	     /* the harness */
	unsigned resets;     /* transmit queue resets made */
	unsigned cut_inside; /* buffers that came back as a proper prefix */
	unsigned back_whole; /* ... whole */
	unsigned back_none;  /* ... not at all */
	unsigned rx_empty;   /* receive buffers back empty */
	bool finished;	     /* every iteration ran and checked */
};

/* Take the used receive buffers into got (n bytes so far) and post new
 * ones, keeping 4 posted: false after a report. */
static bool prefix_collect(struct tb_vq *t, struct sim_rng *rng,
			   struct prefix_res *r, uint8_t *got, uint32_t *n,
			   uint32_t cap, unsigned *posted)
{
	struct tb_frame *f;
	uint32_t len;

	while ((f = virtqueue_get_buf(t->vq[TB_VQ_RX], &len))) {
		(*posted)--;
		if (!tb_vq_check(t, *n + len <= cap,
				 "more bytes back than were sent")) {
			tb_vq_free_frame(t, f);
			return false;
		}
		mem_read(t->e->mem, f->addr, got + *n, len);
		*n += len;
		r->rx_empty += len == 0;
		tb_vq_free_frame(t, f);
	}
	while (*posted < 4) {
		uint32_t len = (uint32_t)sim_rng_range(rng, 1, 3 * CON_BUF);

		if (!tb_vq_check(t, tb_vq_post_rx(t, rng, len, 2) == 0,
				 "receive add failed"))
			return false;
		(*posted)++;
	}
	return true;
}

/* Wait until no receive buffer was used for `quiet` cycles. */
static bool prefix_settle(struct tb_vq *t, struct sim_rng *rng,
			  struct prefix_res *r, uint8_t *got, uint32_t *n,
			  uint32_t cap, unsigned *posted, unsigned quiet)
{
	uint32_t last;
	unsigned still = 0;

	do {
		last = *n;
		sim_wait_cycles(t->e->sim, 256);
		if (!prefix_collect(t, rng, r, got, n, cap, posted))
			return false;
		still = *n == last ? still + 256 : 0;
	} while (still < quiet);
	return true;
}

/* A transmit buffer of len bytes 0x80..0xff (kept in sent) in n pieces. */
static bool prefix_send(struct tb_vq *t, struct sim_rng *rng, uint8_t *sent,
			uint32_t len, unsigned n)
{
	struct scatterlist sg[4];
	struct tb_frame *f = calloc(1, sizeof(*f));

	f->len = len;
	f->addr = tb_vq_alloc(t, len, 1);
	for (uint32_t k = 0; k < len; k++)
		sent[k] = (uint8_t)(0x80 | sim_rng_range(rng, 0, 127));
	mem_write(t->e->mem, f->addr, sent, len);
	tb_vq_split(t, rng, f->addr, len, n, sg);
	if (!tb_vq_check(t,
			 virtqueue_add_outbuf(t->vq[TB_VQ_TX], sg, n, f) == 0,
			 "transmit add failed")) {
		tb_vq_free_frame(t, f);
		return false;
	}
	virtqueue_kick(t->vq[TB_VQ_TX]);
	return true;
}

static void prefix_body(struct tb_vq *t)
{
	struct prefix_res *r = tb_container_of(t, struct prefix_res, t);
	struct sim_rng rng = sim_rng(t->e->sim, "test");
	struct virtio_mmio_device *vm = t->vm;
	static uint8_t sent[65536], got[65536 + PREFIX_NEXT];
	static uint8_t next[PREFIX_NEXT];
	unsigned posted = 0;

	t->num[0] = t->num[1] = 64;
	if (tb_vq_init(t))
		return;
	for (unsigned it = 0;
	     it < PREFIX_MAX && (it < PREFIX_ITERS || r->cut_inside < 2);
	     it++) {
		uint32_t len =
			(uint32_t)sim_rng_range(&rng, 2 * CON_BUF, 65536);
		uint32_t n = 0, n0, wait;
		struct tb_frame *f;
		uint32_t ulen;

		r->resets = it + 1;
		if (!prefix_collect(t, &rng, r, got, &n, sizeof(got),
				    &posted) ||
		    !prefix_send(t, &rng, sent, len,
				 (unsigned)sim_rng_range(&rng, 1, 4)))
			return;
		/* the reset somewhere in the buffer's reads */
		wait = (uint32_t)sim_rng_range(&rng, 100, len / 2);
		for (uint32_t w = 0; w < wait; w += 256) {
			sim_wait_cycles(t->e->sim, 256);
			if (!prefix_collect(t, &rng, r, got, &n, sizeof(got),
					    &posted))
				return;
		}
		if (!tb_vq_check(t, virtio_mmio_reset_queue(vm, TB_VQ_TX) == 0,
				 "iteration %u: transmit queue reset failed",
				 it) ||
		    tb_vq_ring_replace(t, TB_VQ_TX, 64) ||
		    !prefix_settle(t, &rng, r, got, &n, sizeof(got), &posted,
				   6000))
			return;
		if (!tb_vq_check(t, n <= len && !memcmp(got, sent, n),
				 "iteration %u: %u bytes back of a %u-byte "
				 "transmit buffer reset in its middle: not a "
				 "prefix of it",
				 it, n, len))
			return;
		r->cut_inside += n > 0 && n < len;
		r->back_whole += n == len;
		r->back_none += n == 0;
		/* the next buffer comes back whole, right after the prefix */
		n0 = n;
		if (!prefix_send(t, &rng, next, PREFIX_NEXT,
				 (unsigned)sim_rng_range(&rng, 1, 4)))
			return;
		for (unsigned w = 0; n < n0 + PREFIX_NEXT && w < 2000; w++) {
			sim_wait_cycles(t->e->sim, 256);
			if (!prefix_collect(t, &rng, r, got, &n, sizeof(got),
					    &posted))
				return;
		}
		if (!tb_vq_check(t,
				 n == n0 + PREFIX_NEXT &&
					 !memcmp(got + n0, next, PREFIX_NEXT),
				 "iteration %u: the buffer sent after the reset "
				 "came back as %u of %u bytes",
				 it, n - n0, PREFIX_NEXT))
			return;
		while ((f = virtqueue_get_buf(t->vq[TB_VQ_TX], &ulen)))
			tb_vq_free_frame(t, f);
	}
	r->finished = true;
}

START_TEST(test_m7_console_transmit_reset_mid_long_buffer_leaves_a_prefix)
{
	struct prefix_res r = { 0 };

	tb_vq_cfg(_i, &r.t);
	r.t.cfg.mem.rd_lat_min = 60;
	r.t.cfg.mem.rd_lat_max = 100;
	tb_vq_run(&r.t, prefix_body, NULL);
	printf("%u transmit queue resets in a long buffer: %u left a proper "
	       "prefix, %u the whole buffer, %u nothing; %u receive buffers "
	       "back empty\n",
	       r.resets, r.cut_inside, r.back_whole, r.back_none, r.rx_empty);
	ck_assert_msg(r.finished, "the run stopped early (see the report)");
	ck_assert_msg(r.cut_inside > 0,
		      "no buffer was cut inside in %u resets (%u whole, %u "
		      "none): the test missed its case",
		      r.resets, r.back_whole, r.back_none);
	tb_vq_done(&r.t);
}
END_TEST

static void test_console_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_console_echo_a_line_comes_back_whole, 60);
	tb_add_seeded(r, test_console_random_streams_keep_every_byte_in_order,
		      300);
	tb_add_seeded(r, test_console_transmit_waits_for_receive_buffers, 120);
	tb_add_seeded(r, test_console_transmit_buffers_past_the_fifo_loop_whole,
		      300);
	tb_add_seeded(
		r,
		test_console_transmit_buffers_the_engine_holds_alone_never_hang,
		300);
	tb_add(r, test_console_long_stream_overlaps_reads_and_writes, 120);
	tb_add_seeded(r, test_console_config_size_ports_and_features, 60);
	tb_add_seeded(r, test_console_emergency_writes_before_driver_ok_arrive,
		      120);
	tb_add_seeded(
		r, test_console_emergency_writes_join_between_transmit_buffers,
		300);
	tb_add_seeded(
		r, test_m7_console_transmit_reset_mid_buffer_passes_no_padding,
		120);
	tb_add_seeded(
		r,
		test_m7_console_transmit_reset_mid_long_buffer_leaves_a_prefix,
		300);
	tb_add_seeded(r, test_s2_console_reset_mid_stream_no_dma_no_stale_bytes,
		      120);
}

TB_TESTS(test_console_register)
