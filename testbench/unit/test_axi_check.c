/* SPDX-License-Identifier: MIT */
/*
 * test_axi_check_unit.c - unit tests of the AXI4 and AXI4-Lite protocol
 * checkers (no Verilator): the ports point at plain variables of the sizes
 * Verilator would use, and a test calls the sample function once per rising
 * edge. A test that breaks a rule marks its id expected first, then counts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "axi_check.h"
#include "sim.h"
#include "tb.h"

static void test_axi_check_unit_register(struct tb_registry *r);

static const char *const all_ids[] = {
	AXI_CHECK_VALID_DROP,  AXI_CHECK_PAYLOAD_CHANGE,
	AXI_CHECK_WLAST,       AXI_CHECK_RLAST,
	AXI_CHECK_4K,	       AXI_CHECK_BURST_LEN,
	AXI_CHECK_BURST_SIZE,  AXI_CHECK_BURST_TYPE,
	AXI_CHECK_RESP_NO_REQ, AXI_CHECK_HANG,
	AXI_CHECK_RESET_VALID, AXI_CHECK_OVERFLOW,
};

#define NIDS (sizeof(all_ids) / sizeof(all_ids[0]))

static sim_t *new_sim(void)
{
	struct sim_config cfg = {
		.name = "t", .seed = 1, .has_seed = true, .quiet = true
	};
	sim_t *sim = sim_create(&cfg);

	ck_assert_ptr_nonnull(sim);
	return sim;
}

/*
 * Exactly n1 reports of id1 and n2 of id2 (NULL: none), none of any other
 * id, none counted as an error, and the checker's violation counter agrees.
 */
static void expect_reports(sim_t *sim, uint64_t violations, const char *id1,
			   unsigned n1, const char *id2, unsigned n2)
{
	uint64_t errs = 0;
	unsigned i, want, got;

	for (i = 0; i < NIDS; i++) {
		want = id1 && !strcmp(id1, all_ids[i])	 ? n1
		       : id2 && !strcmp(id2, all_ids[i]) ? n2
							 : 0;
		got = sim_report_count_id(sim, all_ids[i]);
		ck_assert_msg(got == want, "%s: %u report(s), expected %u",
			      all_ids[i], got, want);
		if (strcmp(all_ids[i], AXI_CHECK_OVERFLOW))
			errs += want;
	}
	ck_assert_uint_eq(sim_report_count(sim, SIM_ERROR), 0);
	ck_assert_uint_eq(sim_report_count(sim, SIM_FATAL), 0);
	ck_assert_uint_eq(violations, errs);
	if (!id1 && !id2)
		ck_assert_uint_eq(sim_report_count(sim, SIM_WARNING), 0);
}

/* ------------------------------------------------------ AXI4 harness */

/* An AXI4 interface as plain variables, sized as Verilator stores them. */
struct tb_axi {
	uint8_t awid, awlen, awsize, awburst, awlock, awcache, awprot;
	uint64_t awaddr;
	uint8_t awvalid, awready;
	uint8_t wdata[16]; /* 8 bytes used on a 64-bit bus */
	uint16_t wstrb;	   /* 1 byte used on a 64-bit bus */
	uint8_t wlast, wvalid, wready;
	uint8_t bid, bresp, bvalid, bready;
	uint8_t arid, arlen, arsize, arburst, arlock, arcache, arprot;
	uint64_t araddr;
	uint8_t arvalid, arready;
	uint8_t rid;
	uint8_t rdata[16];
	uint8_t rresp, rlast, rvalid, rready;
	uint8_t rst_n;
	unsigned dbytes;   /* data bus width in bytes */
	unsigned beat;	   /* data pattern counter */
	struct axi_if bus; /* ports pointing at the variables above */
	struct vport rst;  /* rst_n */
	sim_t *sim;
	struct axi_check *chk;
};

#define TB_PORT(t, f) ((struct vport){ &(t)->f, sizeof((t)->f) })

/* The interface with every port present; no checker yet. */
static struct tb_axi *tb_axi_alloc(unsigned dbytes)
{
	struct tb_axi *t = calloc(1, sizeof(*t));
	struct axi_if *b;

	ck_assert_ptr_nonnull(t);
	b = &t->bus;
	t->dbytes = dbytes;
	b->awid = TB_PORT(t, awid);
	b->awaddr = TB_PORT(t, awaddr);
	b->awlen = TB_PORT(t, awlen);
	b->awsize = TB_PORT(t, awsize);
	b->awburst = TB_PORT(t, awburst);
	b->awlock = TB_PORT(t, awlock);
	b->awcache = TB_PORT(t, awcache);
	b->awprot = TB_PORT(t, awprot);
	b->awvalid = TB_PORT(t, awvalid);
	b->awready = TB_PORT(t, awready);
	b->wdata = (struct vport){ t->wdata, (uint16_t)dbytes };
	b->wstrb = (struct vport){ &t->wstrb, dbytes > 8 ? 2 : 1 };
	b->wlast = TB_PORT(t, wlast);
	b->wvalid = TB_PORT(t, wvalid);
	b->wready = TB_PORT(t, wready);
	b->bid = TB_PORT(t, bid);
	b->bresp = TB_PORT(t, bresp);
	b->bvalid = TB_PORT(t, bvalid);
	b->bready = TB_PORT(t, bready);
	b->arid = TB_PORT(t, arid);
	b->araddr = TB_PORT(t, araddr);
	b->arlen = TB_PORT(t, arlen);
	b->arsize = TB_PORT(t, arsize);
	b->arburst = TB_PORT(t, arburst);
	b->arlock = TB_PORT(t, arlock);
	b->arcache = TB_PORT(t, arcache);
	b->arprot = TB_PORT(t, arprot);
	b->arvalid = TB_PORT(t, arvalid);
	b->arready = TB_PORT(t, arready);
	b->rid = TB_PORT(t, rid);
	b->rdata = (struct vport){ t->rdata, (uint16_t)dbytes };
	b->rresp = TB_PORT(t, rresp);
	b->rlast = TB_PORT(t, rlast);
	b->rvalid = TB_PORT(t, rvalid);
	b->rready = TB_PORT(t, rready);
	t->rst = TB_PORT(t, rst_n);
	t->rst_n = 1;
	t->awready = t->wready = t->bready = t->arready = t->rready = 1;
	t->sim = new_sim();
	return t;
}

static void tb_axi_start(struct tb_axi *t, unsigned hang, unsigned maxout)
{
	struct axi_check_cfg cfg = { .name = "m_axi",
				     .hang_cycles = hang,
				     .max_outstanding = maxout };

	t->chk = axi_check_create(t->sim, NULL, &t->bus, &t->rst, &cfg);
	ck_assert_ptr_nonnull(t->chk);
}

static struct tb_axi *tb_axi_new(unsigned dbytes, unsigned hang,
				 unsigned maxout)
{
	struct tb_axi *t = tb_axi_alloc(dbytes);

	tb_axi_start(t, hang, maxout);
	return t;
}

static void tb_axi_free(struct tb_axi *t)
{
	axi_check_destroy(t->chk);
	sim_destroy(t->sim);
	free(t);
}

static void expect_axi(struct tb_axi *t, const char *id1, unsigned n1,
		       const char *id2, unsigned n2)
{
	struct axi_check_stats st;

	axi_check_stats(t->chk, &st);
	expect_reports(t->sim, st.violations, id1, n1, id2, n2);
}

static unsigned count(struct tb_axi *t, const char *id)
{
	return sim_report_count_id(t->sim, id);
}

static void tick(struct tb_axi *t)
{
	axi_check_sample(t->chk);
}

static void ticks(struct tb_axi *t, unsigned n)
{
	while (n--)
		tick(t);
}

static void idle(struct tb_axi *t)
{
	t->awvalid = t->wvalid = t->bvalid = t->arvalid = t->rvalid = 0;
}

static void set_aw(struct tb_axi *t, unsigned id, uint64_t addr, unsigned len,
		   unsigned size, unsigned burst)
{
	t->awid = (uint8_t)id;
	t->awaddr = addr;
	t->awlen = (uint8_t)len;
	t->awsize = (uint8_t)size;
	t->awburst = (uint8_t)burst;
	t->awvalid = 1;
}

static void set_ar(struct tb_axi *t, unsigned id, uint64_t addr, unsigned len,
		   unsigned size, unsigned burst)
{
	t->arid = (uint8_t)id;
	t->araddr = addr;
	t->arlen = (uint8_t)len;
	t->arsize = (uint8_t)size;
	t->arburst = (uint8_t)burst;
	t->arvalid = 1;
}

static void pattern(struct tb_axi *t, uint8_t *data)
{
	unsigned i;

	t->beat++;
	for (i = 0; i < t->dbytes; i++)
		data[i] = (uint8_t)(t->beat * 7 + i * 13);
}

static void set_w(struct tb_axi *t, unsigned last)
{
	pattern(t, t->wdata);
	t->wstrb = t->dbytes > 8 ? 0xffff : 0xff;
	t->wlast = (uint8_t)last;
	t->wvalid = 1;
}

static void set_r(struct tb_axi *t, unsigned id, unsigned last)
{
	pattern(t, t->rdata);
	t->rid = (uint8_t)id;
	t->rresp = AXI_OKAY;
	t->rlast = (uint8_t)last;
	t->rvalid = 1;
}

static void set_b(struct tb_axi *t, unsigned id)
{
	t->bid = (uint8_t)id;
	t->bresp = AXI_OKAY;
	t->bvalid = 1;
}

/* One-cycle transfers (the READYs are 1 unless a test clears them). */
static void do_aw(struct tb_axi *t, unsigned id, uint64_t addr, unsigned len,
		  unsigned size, unsigned burst)
{
	set_aw(t, id, addr, len, size, burst);
	tick(t);
	t->awvalid = 0;
}

static void do_ar(struct tb_axi *t, unsigned id, uint64_t addr, unsigned len,
		  unsigned size, unsigned burst)
{
	set_ar(t, id, addr, len, size, burst);
	tick(t);
	t->arvalid = 0;
}

static void do_w_burst(struct tb_axi *t, unsigned beats)
{
	unsigned i;

	for (i = 0; i < beats; i++) {
		set_w(t, i + 1 == beats);
		tick(t);
	}
	t->wvalid = 0;
}

static void do_r_burst(struct tb_axi *t, unsigned id, unsigned beats)
{
	unsigned i;

	for (i = 0; i < beats; i++) {
		set_r(t, id, i + 1 == beats);
		tick(t);
	}
	t->rvalid = 0;
}

static void do_b(struct tb_axi *t, unsigned id)
{
	set_b(t, id);
	tick(t);
	t->bvalid = 0;
}

/* A whole single-ID write: AW, then its W beats, then the B. */
static void do_write(struct tb_axi *t, unsigned id, uint64_t addr, unsigned len,
		     unsigned size, unsigned burst)
{
	do_aw(t, id, addr, len, size, burst);
	do_w_burst(t, len + 1);
	do_b(t, id);
}

static void do_read(struct tb_axi *t, unsigned id, uint64_t addr, unsigned len,
		    unsigned size, unsigned burst)
{
	do_ar(t, id, addr, len, size, burst);
	do_r_burst(t, id, len + 1);
}

/* ------------------------------------------------- AXI4 rule violations */

START_TEST(test_axi_check_valid_drop_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);
	uint8_t *valid[] = { &t->awvalid, &t->wvalid, &t->bvalid, &t->arvalid,
			     &t->rvalid };
	uint8_t *ready[] = { &t->awready, &t->wready, &t->bready, &t->arready,
			     &t->rready };
	unsigned i;

	sim_report_expect(t->sim, AXI_CHECK_VALID_DROP);
	set_aw(t, 1, 0x1000, 0, 3, AXI_INCR);
	set_w(t, 1);
	set_b(t, 1);
	set_ar(t, 2, 0x2000, 0, 3, AXI_INCR);
	set_r(t, 2, 1);
	idle(t);
	for (i = 0; i < 5; i++) {
		*ready[i] = 0;
		*valid[i] = 1;
		ticks(t, 3);
		ck_assert_uint_eq(count(t, AXI_CHECK_VALID_DROP), i);
		*valid[i] = 0;
		tick(t);
		ck_assert_uint_eq(count(t, AXI_CHECK_VALID_DROP), i + 1);
		*ready[i] = 1;
		ticks(t, 2);
	}
	expect_axi(t, AXI_CHECK_VALID_DROP, 5, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_payload_change_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_PAYLOAD_CHANGE);
	/* AR: the address moves during the stall */
	t->arready = 0;
	set_ar(t, 1, 0x1000, 2, 3, AXI_INCR);
	ticks(t, 2);
	t->araddr = 0x2000;
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_PAYLOAD_CHANGE), 1);
	tick(t); /* stable again: no new report */
	t->arready = 1;
	tick(t);
	t->arvalid = 0;
	/* R: the response code changes */
	t->rready = 0;
	set_r(t, 1, 0);
	tick(t);
	t->rresp = AXI_SLVERR;
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_PAYLOAD_CHANGE), 2);
	t->rready = 1;
	tick(t);
	do_r_burst(t, 1, 2);
	/* W: the strobes change (W before its AW) */
	t->wready = 0;
	set_w(t, 1);
	tick(t);
	t->wstrb = 0x0f;
	tick(t);
	t->wready = 1;
	tick(t);
	t->wvalid = 0;
	/* AW: the cache attributes change */
	t->awready = 0;
	set_aw(t, 4, 0x3000, 0, 3, AXI_INCR);
	tick(t);
	t->awcache = 3;
	tick(t);
	t->awready = 1;
	tick(t);
	t->awvalid = 0;
	/* B: the response code changes */
	t->bready = 0;
	set_b(t, 4);
	tick(t);
	t->bresp = AXI_DECERR;
	tick(t);
	t->bready = 1;
	tick(t);
	t->bvalid = 0;
	tick(t);
	expect_axi(t, AXI_CHECK_PAYLOAD_CHANGE, 5, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_payload_change_wide_reported)
{
	struct tb_axi *t = tb_axi_new(16, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_PAYLOAD_CHANGE);
	/* a byte in the upper 64 bits of a 128-bit WDATA */
	t->wready = 0;
	set_w(t, 1);
	tick(t);
	t->wdata[13] ^= 0x5a;
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_PAYLOAD_CHANGE), 1);
	t->wready = 1;
	tick(t);
	t->wvalid = 0;
	do_aw(t, 0, 0x1000, 0, 4, AXI_INCR);
	do_b(t, 0);
	/* and in the top byte of RDATA */
	do_ar(t, 2, 0x2000, 0, 4, AXI_INCR);
	t->rready = 0;
	set_r(t, 2, 1);
	tick(t);
	t->rdata[15] ^= 0x80;
	tick(t);
	t->rready = 1;
	tick(t);
	t->rvalid = 0;
	expect_axi(t, AXI_CHECK_PAYLOAD_CHANGE, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_wlast_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_WLAST);
	do_aw(t, 1, 0x1000, 3, 3, AXI_INCR);
	set_w(t, 0);
	tick(t);
	set_w(t, 1); /* beat 2 of 4 */
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_WLAST), 1);
	set_w(t, 0);
	tick(t);
	set_w(t, 1);
	tick(t);
	t->wvalid = 0;
	do_b(t, 1);
	do_write(t, 2, 0x2000, 1, 3, AXI_INCR); /* bookkeeping still in step */
	expect_axi(t, AXI_CHECK_WLAST, 1, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_wlast_missing_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_WLAST);
	do_aw(t, 1, 0x1000, 1, 3, AXI_INCR);
	set_w(t, 0);
	tick(t);
	set_w(t, 0); /* the last beat without WLAST */
	tick(t);
	t->wvalid = 0;
	ck_assert_uint_eq(count(t, AXI_CHECK_WLAST), 1);
	do_b(t, 1);
	do_write(t, 2, 0x2000, 0, 3, AXI_INCR);
	expect_axi(t, AXI_CHECK_WLAST, 1, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_wlast_w_before_aw_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_WLAST);
	/* four beats before any AW, WLAST on the 3rd and the 4th */
	set_w(t, 0);
	tick(t);
	set_w(t, 0);
	tick(t);
	set_w(t, 1);
	tick(t);
	set_w(t, 1);
	tick(t);
	t->wvalid = 0;
	ck_assert_uint_eq(count(t, AXI_CHECK_WLAST), 0);
	/* 2 beats: its 2nd beat lacked WLAST */
	do_aw(t, 1, 0x1000, 1, 3, AXI_INCR);
	ck_assert_uint_eq(count(t, AXI_CHECK_WLAST), 1);
	/* 2 beats: its 1st beat had WLAST */
	do_aw(t, 2, 0x2000, 1, 3, AXI_INCR);
	ck_assert_uint_eq(count(t, AXI_CHECK_WLAST), 2);
	do_b(t, 1);
	do_b(t, 2);
	do_write(t, 3, 0x3000, 2, 3, AXI_INCR);
	expect_axi(t, AXI_CHECK_WLAST, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_rlast_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_RLAST);
	do_ar(t, 1, 0x1000, 2, 3, AXI_INCR);
	set_r(t, 1, 0);
	tick(t);
	set_r(t, 1, 1); /* beat 2 of 3 */
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_RLAST), 1);
	set_r(t, 1, 1);
	tick(t);
	t->rvalid = 0;
	do_ar(t, 2, 0x2000, 1, 3, AXI_INCR);
	set_r(t, 2, 0);
	tick(t);
	set_r(t, 2, 0); /* the last beat without RLAST */
	tick(t);
	t->rvalid = 0;
	ck_assert_uint_eq(count(t, AXI_CHECK_RLAST), 2);
	do_read(t, 2, 0x3000, 3, 3, AXI_INCR);
	expect_axi(t, AXI_CHECK_RLAST, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_4k_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_4K);
	do_write(t, 1, 0xfc0, 15, 3, AXI_INCR); /* 0xfc0..0x103f */
	ck_assert_uint_eq(count(t, AXI_CHECK_4K), 1);
	do_read(t, 2, 0x1ff8, 1, 3, AXI_INCR); /* 0x1ff8..0x2007 */
	ck_assert_uint_eq(count(t, AXI_CHECK_4K), 2);
	do_read(t, 2, 0x2ffc, 1, 3, AXI_INCR); /* unaligned: ..0x3007 */
	expect_axi(t, AXI_CHECK_4K, 3, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_burst_len_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_BURST_LEN);
	do_read(t, 1, 0x1000, 2, 3, AXI_WRAP); /* 3 beats */
	ck_assert_uint_eq(count(t, AXI_CHECK_BURST_LEN), 1);
	do_read(t, 1, 0x1000, 16, 2, AXI_FIXED); /* 17 beats */
	ck_assert_uint_eq(count(t, AXI_CHECK_BURST_LEN), 2);
	do_write(t, 1, 0x1004, 3, 3, AXI_WRAP); /* unaligned start */
	expect_axi(t, AXI_CHECK_BURST_LEN, 3, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_burst_size_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_BURST_SIZE);
	do_read(t, 1, 0x1000, 0, 4, AXI_INCR); /* 16 bytes on 8 */
	ck_assert_uint_eq(count(t, AXI_CHECK_BURST_SIZE), 1);
	do_write(t, 2, 0x2000, 0, 6, AXI_INCR); /* 64 bytes on 8 */
	do_read(t, 1, 0x1000, 0, 3, AXI_INCR);	/* 8: fine */
	expect_axi(t, AXI_CHECK_BURST_SIZE, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_burst_type_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_BURST_TYPE);
	do_write(t, 1, 0x1000, 3, 3, 3);
	ck_assert_uint_eq(count(t, AXI_CHECK_BURST_TYPE), 1);
	do_read(t, 1, 0x1000, 0, 3, 3);
	expect_axi(t, AXI_CHECK_BURST_TYPE, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_resp_no_req_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_RESP_NO_REQ);
	do_b(t, 0); /* nothing outstanding */
	ck_assert_uint_eq(count(t, AXI_CHECK_RESP_NO_REQ), 1);
	do_r_burst(t, 0, 1);
	ck_assert_uint_eq(count(t, AXI_CHECK_RESP_NO_REQ), 2);
	/* a B before the last W beat */
	do_aw(t, 2, 0x1000, 1, 3, AXI_INCR);
	set_w(t, 0);
	tick(t);
	t->wvalid = 0;
	do_b(t, 2);
	ck_assert_uint_eq(count(t, AXI_CHECK_RESP_NO_REQ), 3);
	set_w(t, 1);
	tick(t);
	t->wvalid = 0;
	do_b(t, 2); /* now fine */
	/* an R beat in the same cycle as its AR handshake */
	set_ar(t, 1, 0x100, 0, 3, AXI_INCR);
	set_r(t, 1, 1);
	tick(t);
	idle(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_RESP_NO_REQ), 4);
	do_r_burst(t, 3, 1); /* wrong RID */
	ck_assert_uint_eq(count(t, AXI_CHECK_RESP_NO_REQ), 5);
	do_r_burst(t, 1, 1); /* fine */
	/* a B in the same cycle as the AW and W handshakes */
	set_aw(t, 5, 0x2000, 0, 3, AXI_INCR);
	set_w(t, 1);
	set_b(t, 5);
	tick(t);
	idle(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_RESP_NO_REQ), 6);
	do_b(t, 5); /* fine */
	/* a wrong BID */
	do_aw(t, 7, 0x3000, 0, 3, AXI_INCR);
	do_w_burst(t, 1);
	do_b(t, 8);
	do_b(t, 7);
	expect_axi(t, AXI_CHECK_RESP_NO_REQ, 7, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_hang_valid_reported)
{
	struct tb_axi *t = tb_axi_new(8, 50, 0);

	sim_report_expect(t->sim, AXI_CHECK_HANG);
	t->arready = 0;
	set_ar(t, 1, 0x1000, 0, 3, AXI_INCR);
	ticks(t, 49);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 0);
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 1);
	ticks(t, 100); /* once per stall */
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 1);
	t->arready = 1;
	tick(t);
	t->arvalid = 0;
	do_r_burst(t, 1, 1);
	/* W held without WREADY */
	t->wready = 0;
	set_w(t, 1);
	ticks(t, 50);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 2);
	t->wready = 1;
	tick(t);
	t->wvalid = 0;
	do_aw(t, 2, 0x2000, 0, 3, AXI_INCR);
	do_b(t, 2);
	expect_axi(t, AXI_CHECK_HANG, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_hang_read_reported)
{
	struct tb_axi *t = tb_axi_new(8, 50, 0);

	sim_report_expect(t->sim, AXI_CHECK_HANG);
	do_ar(t, 1, 0x1000, 3, 3, AXI_INCR); /* sample 1 */
	do_ar(t, 1, 0x2000, 0, 3, AXI_INCR); /* queued behind it */
	ticks(t, 48);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 0);
	tick(t); /* 50 samples after the first AR */
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 1);
	ticks(t, 200);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 1);
	/* the first completes; the second waits from now on */
	do_r_burst(t, 1, 4);
	ticks(t, 49);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 1);
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 2);
	do_r_burst(t, 1, 1);
	ticks(t, 200);
	expect_axi(t, AXI_CHECK_HANG, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_hang_write_reported)
{
	struct tb_axi *t = tb_axi_new(8, 50, 0);

	sim_report_expect(t->sim, AXI_CHECK_HANG);
	do_aw(t, 3, 0x1000, 1, 3, AXI_INCR);
	do_w_burst(t, 2); /* complete at sample 3 */
	ticks(t, 49);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 0);
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 1);
	ticks(t, 100);
	do_b(t, 3);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 1);
	/* a B on offer but not taken: only the channel hang is reported */
	do_aw(t, 4, 0x2000, 0, 3, AXI_INCR);
	do_w_burst(t, 1);
	ticks(t, 10);
	t->bready = 0;
	set_b(t, 4);
	ticks(t, 120);
	ck_assert_uint_eq(count(t, AXI_CHECK_HANG), 2);
	t->bready = 1;
	tick(t);
	t->bvalid = 0;
	ticks(t, 200);
	expect_axi(t, AXI_CHECK_HANG, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_reset_valid_reported)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	sim_report_expect(t->sim, AXI_CHECK_RESET_VALID);
	t->rst_n = 0;
	set_ar(t, 1, 0x1000, 0, 3, AXI_INCR);
	set_r(t, 1, 1);
	ticks(t, 3); /* once per channel per reset */
	ck_assert_uint_eq(count(t, AXI_CHECK_RESET_VALID), 2);
	idle(t);
	ticks(t, 2);
	t->rst_n = 1;
	ticks(t, 2);
	/* a second reset after idle cycles: reported afresh */
	t->rst_n = 0;
	set_b(t, 0);
	set_ar(t, 1, 0x1000, 0, 3, AXI_INCR);
	tick(t);
	ck_assert_uint_eq(count(t, AXI_CHECK_RESET_VALID), 4);
	idle(t);
	tick(t);
	t->rst_n = 1;
	ticks(t, 2);
	expect_axi(t, AXI_CHECK_RESET_VALID, 4, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_reset_forgets_outstanding)
{
	struct tb_axi *t = tb_axi_new(8, 50, 0);

	sim_report_expect(t->sim, AXI_CHECK_RESP_NO_REQ);
	do_ar(t, 1, 0x1000, 0, 3, AXI_INCR);
	do_aw(t, 2, 0x2000, 0, 3, AXI_INCR);
	t->wready = 0;
	set_w(t, 1);
	tick(t);
	/* reset: the pending W goes away with it, which is legal */
	t->rst_n = 0;
	idle(t);
	ticks(t, 3);
	t->rst_n = 1;
	t->wready = 1;
	ticks(t, 100); /* no hang: the AR and the AW were forgotten */
	do_r_burst(t, 1, 1);
	ck_assert_uint_eq(count(t, AXI_CHECK_RESP_NO_REQ), 1);
	do_write(t, 3, 0x3000, 1, 3, AXI_INCR);
	/* a second reset forgets as well */
	do_ar(t, 4, 0x4000, 0, 3, AXI_INCR);
	t->rst_n = 0;
	tick(t);
	t->rst_n = 1;
	ticks(t, 100);
	do_r_burst(t, 4, 1);
	expect_axi(t, AXI_CHECK_RESP_NO_REQ, 2, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_overflow_warned)
{
	struct tb_axi *t = tb_axi_new(8, 50, 4);
	unsigned i;

	sim_report_expect(t->sim, AXI_CHECK_OVERFLOW);
	sim_report_expect(t->sim, AXI_CHECK_RESP_NO_REQ);
	for (i = 0; i < 5; i++)
		do_ar(t, i, 0x1000 * i, 0, 3, AXI_INCR);
	ck_assert_uint_eq(count(t, AXI_CHECK_OVERFLOW), 1);
	for (i = 0; i < 10; i++)
		do_ar(t, i, 0x1000 * i, 0, 3, AXI_INCR);
	for (i = 0; i < 10; i++)
		do_write(t, i, 0x1000 * i, 0, 3, AXI_INCR);
	do_r_burst(t, 9, 1); /* not tracked: not reported */
	ticks(t, 200);	     /* nor hangs */
	ck_assert_uint_eq(count(t, AXI_CHECK_OVERFLOW), 1);
	/* a reset restarts the bookkeeping */
	t->rst_n = 0;
	tick(t);
	t->rst_n = 1;
	tick(t);
	do_r_burst(t, 9, 1);
	expect_axi(t, AXI_CHECK_OVERFLOW, 1, AXI_CHECK_RESP_NO_REQ, 1);
	tb_axi_free(t);
}
END_TEST

/* ------------------------------------------------- AXI4 legal traffic */

START_TEST(test_axi_check_back_to_back_clean)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);
	struct axi_check_stats st;
	unsigned cyc;

	for (cyc = 0; cyc < 24; cyc++) {
		idle(t);
		/* 4 AWs in cycles 0-3, IDs 0 1 0 1, 4 beats each */
		if (cyc < 4)
			set_aw(t, cyc & 1, 0x1000 + cyc * 0x100, 3, 3,
			       AXI_INCR);
		/* their 16 W beats in cycles 0-15 */
		if (cyc < 16)
			set_w(t, cyc % 4 == 3);
		/* burst k's last W is in cycle 4k+3: its B in 4k+4 */
		if (cyc >= 4 && cyc <= 16 && cyc % 4 == 0)
			set_b(t, (cyc / 4 - 1) & 1);
		/* 4 ARs in cycles 0-3, IDs 0-3; their R beats in 1-16 */
		if (cyc < 4)
			set_ar(t, cyc, 0x8000 + cyc * 0x40, 3, 3, AXI_INCR);
		if (cyc >= 1 && cyc <= 16)
			set_r(t, (cyc - 1) / 4, (cyc - 1) % 4 == 3);
		tick(t);
	}
	axi_check_stats(t->chk, &st);
	ck_assert_uint_eq(st.aw, 4);
	ck_assert_uint_eq(st.w, 16);
	ck_assert_uint_eq(st.b, 4);
	ck_assert_uint_eq(st.ar, 4);
	ck_assert_uint_eq(st.r, 16);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_w_before_aw_clean)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	/* the W beats of two bursts (2 + 3 beats) before their AWs */
	set_w(t, 0);
	tick(t);
	set_w(t, 1);
	tick(t);
	set_w(t, 0);
	tick(t);
	set_w(t, 0);
	tick(t);
	set_w(t, 1);
	tick(t);
	idle(t);
	do_aw(t, 1, 0x1000, 1, 3, AXI_INCR);
	do_b(t, 1);
	do_aw(t, 2, 0x2000, 2, 3, AXI_INCR);
	/* a burst whose AW comes between its beats */
	set_w(t, 0);
	tick(t);
	idle(t);
	do_aw(t, 3, 0x3000, 2, 3, AXI_INCR);
	set_w(t, 0);
	tick(t);
	set_w(t, 1);
	tick(t);
	idle(t);
	do_b(t, 2);
	do_b(t, 3);
	/* an AW and its single beat in the same cycle, the B next */
	set_aw(t, 4, 0x4000, 0, 3, AXI_INCR);
	set_w(t, 1);
	tick(t);
	idle(t);
	do_b(t, 4);
	/* W one burst ahead of AW, continuously */
	set_w(t, 0);
	tick(t);
	set_w(t, 1);
	tick(t);
	set_aw(t, 5, 0x5000, 1, 3, AXI_INCR);
	set_w(t, 0);
	tick(t);
	set_aw(t, 6, 0x6000, 1, 3, AXI_INCR);
	set_w(t, 1);
	tick(t);
	idle(t);
	set_b(t, 5);
	tick(t);
	set_b(t, 6);
	tick(t);
	idle(t);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_interleaved_ids_clean)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);
	static const struct {
		uint8_t id, last;
	} beats[] = {
		{ 3, 1 }, { 2, 0 }, { 1, 0 }, { 2, 1 },
		{ 1, 0 }, { 1, 0 }, { 1, 1 }, { 1, 1 },
	};
	unsigned i;

	do_ar(t, 1, 0x1000, 3, 3, AXI_INCR);
	do_ar(t, 2, 0x2000, 1, 3, AXI_INCR);
	do_ar(t, 1, 0x3000, 0, 3, AXI_INCR);
	/* an AR in the same cycle as an R beat of another ID */
	set_ar(t, 3, 0x4000, 0, 3, AXI_INCR);
	set_r(t, 2, 0);
	tick(t);
	idle(t);
	set_r(t, 2, 1);
	tick(t);
	idle(t);
	do_ar(t, 2, 0x5000, 1, 3, AXI_INCR);
	/* out of order across IDs, interleaved, in order within an ID */
	for (i = 0; i < sizeof(beats) / sizeof(beats[0]); i++) {
		set_r(t, beats[i].id, beats[i].last);
		tick(t);
	}
	idle(t);
	/* writes answered out of order across IDs */
	do_aw(t, 5, 0x5000, 0, 3, AXI_INCR);
	do_aw(t, 6, 0x6000, 1, 3, AXI_INCR);
	do_aw(t, 5, 0x7000, 0, 3, AXI_INCR);
	do_w_burst(t, 1);
	do_w_burst(t, 2);
	do_b(t, 6);
	do_w_burst(t, 1);
	do_b(t, 5);
	do_b(t, 5);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_4k_end_clean)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	do_write(t, 1, 0xf80, 15, 3, AXI_INCR);	 /* ends at 0xfff */
	do_read(t, 1, 0x1ffc, 0, 3, AXI_INCR);	 /* unaligned, one beat */
	do_read(t, 1, 0x2f89, 14, 3, AXI_INCR);	 /* unaligned, to 0x2fff */
	do_read(t, 1, 0x3800, 255, 3, AXI_INCR); /* 2 KiB, to 0x3fff */
	do_read(t, 1, 0x4f00, 255, 0, AXI_INCR); /* bytes, to 0x4fff */
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_wrap16_clean)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	do_read(t, 1, 0x1040, 15, 3, AXI_WRAP);
	do_write(t, 1, 0x1ff8, 15, 3, AXI_WRAP);
	do_read(t, 1, 0x2004, 1, 2, AXI_WRAP);
	do_read(t, 1, 0x3008, 7, 3, AXI_WRAP);
	do_read(t, 1, 0x4003, 3, 0, AXI_WRAP);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_fixed16_clean)
{
	struct tb_axi *t = tb_axi_new(8, 0, 0);

	do_read(t, 1, 0x1000, 15, 3, AXI_FIXED);
	do_write(t, 2, 0x2000, 15, 2, AXI_FIXED);
	do_read(t, 1, 0xffc, 15, 2, AXI_FIXED);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_reset_valids_low_clean)
{
	struct tb_axi *t = tb_axi_new(8, 50, 0);

	t->rst_n = 0;
	ticks(t, 5);
	t->rst_n = 1;
	do_read(t, 1, 0x1000, 3, 3, AXI_INCR);
	do_write(t, 1, 0x1000, 3, 3, AXI_INCR);
	/* reset in the middle of traffic: valids fall with it */
	do_ar(t, 2, 0x2000, 3, 3, AXI_INCR);
	set_r(t, 2, 0);
	tick(t);
	t->arready = 0;
	set_ar(t, 3, 0x3000, 0, 3, AXI_INCR);
	set_w(t, 0);
	tick(t);
	t->rst_n = 0;
	idle(t);
	ticks(t, 4);
	t->rst_n = 1;
	t->arready = 1;
	ticks(t, 200); /* nothing left to hang */
	do_read(t, 2, 0x2000, 3, 3, AXI_INCR);
	do_write(t, 1, 0x1000, 3, 3, AXI_INCR);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_long_stall_clean)
{
	struct tb_axi *t = tb_axi_new(8, 100, 0);

	/* ARVALID held 99 cycles, the R 98 cycles later, RVALID held 99 */
	t->arready = 0;
	set_ar(t, 1, 0x1000, 1, 3, AXI_INCR);
	ticks(t, 99);
	t->arready = 1;
	tick(t);
	idle(t);
	ticks(t, 98);
	t->rready = 0;
	set_r(t, 1, 0);
	ticks(t, 99);
	t->rready = 1;
	tick(t);
	idle(t);
	ticks(t, 98);
	set_r(t, 1, 1);
	tick(t);
	idle(t);
	/* the same for a write and its B, and a WVALID held 99 cycles */
	do_aw(t, 2, 0x2000, 0, 3, AXI_INCR);
	t->wready = 0;
	set_w(t, 1);
	ticks(t, 99);
	t->wready = 1;
	tick(t);
	idle(t);
	ticks(t, 98);
	t->bready = 0;
	set_b(t, 2);
	ticks(t, 99);
	t->bready = 1;
	tick(t);
	idle(t);
	ticks(t, 300);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_128bit_clean)
{
	struct tb_axi *t = tb_axi_new(16, 0, 0);
	struct axi_check_stats st;

	do_read(t, 1, 0x1000, 3, 4, AXI_INCR);
	do_read(t, 1, 0x2040, 3, 4, AXI_WRAP);
	/* a W stall in the middle of a burst: 128-bit data held */
	do_aw(t, 2, 0x3000, 3, 4, AXI_INCR);
	set_w(t, 0);
	tick(t);
	t->wready = 0;
	set_w(t, 0);
	ticks(t, 5);
	t->wready = 1;
	tick(t);
	set_w(t, 0);
	tick(t);
	set_w(t, 1);
	tick(t);
	idle(t);
	do_b(t, 2);
	/* and an R stall */
	do_ar(t, 3, 0x4000, 1, 4, AXI_INCR);
	t->rready = 0;
	set_r(t, 3, 0);
	ticks(t, 4);
	t->rready = 1;
	tick(t);
	set_r(t, 3, 1);
	tick(t);
	idle(t);
	axi_check_stats(t->chk, &st);
	ck_assert_uint_eq(st.r, 10);
	ck_assert_uint_eq(st.w, 4);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_absent_ports_clean)
{
	struct tb_axi *t = tb_axi_alloc(8);

	/* no lock, cache, prot, IDs, WLAST, RLAST, SIZE or BURST */
	t->bus.awlock.p = t->bus.awcache.p = t->bus.awprot.p = NULL;
	t->bus.arlock.p = t->bus.arcache.p = t->bus.arprot.p = NULL;
	t->bus.awid.p = t->bus.bid.p = t->bus.arid.p = t->bus.rid.p = NULL;
	t->bus.wlast.p = t->bus.rlast.p = NULL;
	t->bus.awsize.p = t->bus.awburst.p = NULL;
	t->bus.arsize.p = t->bus.arburst.p = NULL;
	tb_axi_start(t, 0, 0);
	/* burst boundaries follow AxLEN alone; ports left at random values */
	t->awsize = 7;
	t->awburst = 3;
	do_aw(t, 5, 0x1000, 3, 0, 0);
	set_w(t, 1);
	tick(t);
	set_w(t, 0);
	ticks(t, 3);
	idle(t);
	do_b(t, 9);
	do_ar(t, 5, 0x2000, 1, 7, 3);
	set_r(t, 7, 1);
	tick(t);
	set_r(t, 6, 0);
	tick(t);
	idle(t);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

START_TEST(test_axi_check_create_rejects_bad_ports)
{
	struct tb_axi *t = tb_axi_alloc(8);
	struct axi_check_cfg cfg = { .max_outstanding = 1u << 30 };
	struct vport bad_rst = { &t->awaddr, 8 };
	struct axi_if b = t->bus;

	errno = 0;
	ck_assert_ptr_null(axi_check_create(t->sim, NULL, &b, NULL, &cfg));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(axi_check_create(t->sim, NULL, &b, &bad_rst, NULL));
	ck_assert_ptr_null(axi_check_create(NULL, NULL, &b, NULL, NULL));
	ck_assert_ptr_null(axi_check_create(t->sim, NULL, NULL, NULL, NULL));
	b.wdata.bytes = 12; /* not a power of two */
	ck_assert_ptr_null(axi_check_create(t->sim, NULL, &b, NULL, NULL));
	b = t->bus;
	b.wdata.p = b.rdata.p = NULL; /* no data bus at all */
	ck_assert_ptr_null(axi_check_create(t->sim, NULL, &b, NULL, NULL));
	b = t->bus;
	b.arvalid.bytes = 2;
	ck_assert_ptr_null(axi_check_create(t->sim, NULL, &b, NULL, NULL));
	b = t->bus;
	b.awaddr.bytes = 3;
	ck_assert_ptr_null(axi_check_create(t->sim, NULL, &b, NULL, NULL));
	ck_assert_int_eq(errno, EINVAL);
	/* no reset port is fine */
	t->chk = axi_check_create(t->sim, NULL, &t->bus, NULL, NULL);
	ck_assert_ptr_nonnull(t->chk);
	do_read(t, 0, 0x1000, 0, 3, AXI_INCR);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

/* ---------------------------------------- random legal AXI4 traffic */

static uint64_t rnd(uint64_t *s)
{
	uint64_t x = (*s += 0x9e3779b97f4a7c15ull);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static unsigned rnd_range(uint64_t *s, unsigned lo, unsigned hi)
{
	return lo + (unsigned)(rnd(s) % (hi - lo + 1));
}

static bool rnd_pct(uint64_t *s, unsigned pct)
{
	return rnd(s) % 100 < pct;
}

/* A burst request (also the model's write burst record). */
struct tb_req {
	unsigned id, len, size, burst, sent; /* sent: R beats */
	uint64_t addr;
	bool aw_done, w_done; /* writes only */
};

/* A legal burst: WRAP 2-16 beats aligned, FIXED <= 16, INCR in 4 KiB. */
static void rnd_req(uint64_t *s, unsigned dbytes, struct tb_req *q)
{
	static const unsigned wrap_len[] = { 1, 3, 7, 15 };
	unsigned maxsize = dbytes > 8 ? 4 : 3, bytes, off, total;
	uint64_t page = (uint64_t)rnd_range(s, 0, 1023) << 12;

	memset(q, 0, sizeof(*q));
	q->id = rnd_range(s, 0, 3);
	q->size = rnd_range(s, 0, maxsize);
	bytes = 1u << q->size;
	q->burst = rnd_range(s, 0, 2);
	switch (q->burst) {
	case AXI_FIXED:
		q->len = rnd_range(s, 0, 15);
		q->addr = page + rnd_range(s, 0, 4095);
		break;
	case AXI_WRAP:
		q->len = wrap_len[rnd_range(s, 0, 3)];
		q->addr = page + rnd_range(s, 0, 4096 / bytes - 1) * bytes;
		break;
	default:
		q->len = rnd_pct(s, 10) ? rnd_range(s, 0, 255)
					: rnd_range(s, 0, 15);
		if ((q->len + 1) * bytes > 4096)
			q->len = 4096 / bytes - 1;
		total = (q->len + 1) * bytes;
		off = rnd_range(s, 0, (4096 - total) / bytes) * bytes;
		if (rnd_pct(s, 30))
			off += rnd_range(s, 0, bytes - 1);
		q->addr = page + off;
		break;
	}
}

#define TB_MAXQ 12

static void rnd_remove(struct tb_req *q, unsigned *n, unsigned i)
{
	memmove(&q[i], &q[i + 1], (*n - i - 1) * sizeof(*q));
	(*n)--;
}

/* The oldest entry with the ID of a random entry (per-ID order). */
static unsigned rnd_head(uint64_t *s, const struct tb_req *q, unsigned n)
{
	unsigned id = q[rnd_range(s, 0, n - 1)].id, i;

	for (i = 0; q[i].id != id; i++)
		;
	return i;
}

START_TEST(test_axi_check_random_legal_clean)
{
	uint64_t s = tb_seed(_i);
	struct tb_axi *t = tb_axi_new(_i & 1 ? 16 : 8, 0, 0);
	struct tb_req rq[TB_MAXQ], wq[TB_MAXQ], ar = { 0 };
	unsigned nrq = 0, nwq = 0, aw_i = 0, w_i = 0, w_beat = 0;
	unsigned r_sel = 0, b_sel = 0, rst_left = 0, cyc, ready_pct;
	struct axi_check_stats st;

	for (cyc = 0; cyc < 20000; cyc++) {
		if (!rst_left && rnd_pct(&s, 1) && rnd_pct(&s, 5))
			rst_left = rnd_range(&s, 1, 4);
		if (rst_left) {
			/* reset: valids low, both sides forget everything */
			rst_left--;
			t->rst_n = 0;
			idle(t);
			nrq = nwq = aw_i = w_i = w_beat = 0;
			tick(t);
			t->rst_n = 1;
			continue;
		}
		/* master: AR, new write bursts, AW and W in burst order */
		if (!t->arvalid && nrq < TB_MAXQ - 1 && rnd_pct(&s, 40)) {
			rnd_req(&s, t->dbytes, &ar);
			set_ar(t, ar.id, ar.addr, ar.len, ar.size, ar.burst);
		}
		if (nwq < TB_MAXQ && rnd_pct(&s, 30))
			rnd_req(&s, t->dbytes, &wq[nwq++]);
		if (!t->awvalid && aw_i < nwq && rnd_pct(&s, 60))
			set_aw(t, wq[aw_i].id, wq[aw_i].addr, wq[aw_i].len,
			       wq[aw_i].size, wq[aw_i].burst);
		if (!t->wvalid && w_i < nwq && rnd_pct(&s, 70))
			set_w(t, w_beat == wq[w_i].len);
		/* slave: an R beat of any ID, a B of a completed write */
		if (!t->rvalid && nrq && rnd_pct(&s, 60)) {
			r_sel = rnd_head(&s, rq, nrq);
			set_r(t, rq[r_sel].id, rq[r_sel].sent == rq[r_sel].len);
		}
		if (!t->bvalid && nwq && rnd_pct(&s, 60)) {
			b_sel = rnd_head(&s, wq, nwq);
			if (wq[b_sel].aw_done && wq[b_sel].w_done)
				set_b(t, wq[b_sel].id);
		}
		ready_pct = cyc & 1024 ? 90 : 50;
		t->awready = rnd_pct(&s, ready_pct);
		t->wready = rnd_pct(&s, ready_pct);
		t->bready = rnd_pct(&s, ready_pct);
		t->arready = rnd_pct(&s, ready_pct);
		t->rready = rnd_pct(&s, ready_pct);
		tick(t);
		/* what the handshakes of this edge changed */
		if (t->arvalid && t->arready) {
			rq[nrq++] = ar;
			t->arvalid = 0;
		}
		if (t->rvalid && t->rready) {
			if (rq[r_sel].sent++ == rq[r_sel].len)
				rnd_remove(rq, &nrq, r_sel);
			t->rvalid = 0;
		}
		if (t->awvalid && t->awready) {
			wq[aw_i++].aw_done = true;
			t->awvalid = 0;
		}
		if (t->wvalid && t->wready) {
			if (w_beat++ == wq[w_i].len) {
				wq[w_i++].w_done = true;
				w_beat = 0;
			}
			t->wvalid = 0;
		}
		if (t->bvalid && t->bready) {
			rnd_remove(wq, &nwq, b_sel);
			aw_i--;
			w_i--;
			t->bvalid = 0;
		}
	}
	axi_check_stats(t->chk, &st);
	ck_assert_uint_gt(st.ar, 500);
	ck_assert_uint_gt(st.r, 2000);
	ck_assert_uint_gt(st.aw, 500);
	ck_assert_uint_gt(st.w, 2000);
	ck_assert_uint_gt(st.b, 500);
	expect_axi(t, NULL, 0, NULL, 0);
	tb_axi_free(t);
}
END_TEST

/* ------------------------------------------------ AXI4-Lite harness */

/* An AXI4-Lite interface (32-bit address and data) as plain variables. */
struct tb_axil {
	uint32_t awaddr;
	uint8_t awprot, awvalid, awready;
	uint32_t wdata;
	uint8_t wstrb, wvalid, wready;
	uint8_t bresp, bvalid, bready;
	uint32_t araddr;
	uint8_t arprot, arvalid, arready;
	uint32_t rdata;
	uint8_t rresp, rvalid, rready;
	uint8_t rst_n;
	struct axil_if bus; /* ports pointing at the variables above */
	struct vport rst;   /* rst_n */
	sim_t *sim;
	struct axil_check *chk;
};

static struct tb_axil *tb_axil_new(unsigned hang)
{
	struct axi_check_cfg cfg = { .name = "s_axil", .hang_cycles = hang };
	struct tb_axil *t = calloc(1, sizeof(*t));
	struct axil_if *b;

	ck_assert_ptr_nonnull(t);
	b = &t->bus;
	b->awaddr = TB_PORT(t, awaddr);
	b->awprot = TB_PORT(t, awprot);
	b->awvalid = TB_PORT(t, awvalid);
	b->awready = TB_PORT(t, awready);
	b->wdata = TB_PORT(t, wdata);
	b->wstrb = TB_PORT(t, wstrb);
	b->wvalid = TB_PORT(t, wvalid);
	b->wready = TB_PORT(t, wready);
	b->bresp = TB_PORT(t, bresp);
	b->bvalid = TB_PORT(t, bvalid);
	b->bready = TB_PORT(t, bready);
	b->araddr = TB_PORT(t, araddr);
	b->arprot = TB_PORT(t, arprot);
	b->arvalid = TB_PORT(t, arvalid);
	b->arready = TB_PORT(t, arready);
	b->rdata = TB_PORT(t, rdata);
	b->rresp = TB_PORT(t, rresp);
	b->rvalid = TB_PORT(t, rvalid);
	b->rready = TB_PORT(t, rready);
	t->rst = TB_PORT(t, rst_n);
	t->rst_n = 1;
	t->awready = t->wready = t->bready = t->arready = t->rready = 1;
	t->sim = new_sim();
	t->chk = axil_check_create(t->sim, NULL, b, &t->rst, &cfg);
	ck_assert_ptr_nonnull(t->chk);
	return t;
}

static void tb_axil_free(struct tb_axil *t)
{
	axil_check_destroy(t->chk);
	sim_destroy(t->sim);
	free(t);
}

static void expect_axil(struct tb_axil *t, const char *id, unsigned n)
{
	struct axil_check_stats st;

	axil_check_stats(t->chk, &st);
	expect_reports(t->sim, st.violations, id, n, NULL, 0);
}

static void ltick(struct tb_axil *t)
{
	axil_check_sample(t->chk);
}

static void lticks(struct tb_axil *t, unsigned n)
{
	while (n--)
		ltick(t);
}

static void lidle(struct tb_axil *t)
{
	t->awvalid = t->wvalid = t->bvalid = t->arvalid = t->rvalid = 0;
}

/* One-cycle transfers on each channel. */
static void l_aw(struct tb_axil *t, uint32_t addr)
{
	t->awaddr = addr;
	t->awvalid = 1;
	ltick(t);
	t->awvalid = 0;
}

static void l_w(struct tb_axil *t, uint32_t data)
{
	t->wdata = data;
	t->wstrb = 0xf;
	t->wvalid = 1;
	ltick(t);
	t->wvalid = 0;
}

static void l_b(struct tb_axil *t)
{
	t->bresp = AXI_OKAY;
	t->bvalid = 1;
	ltick(t);
	t->bvalid = 0;
}

static void l_ar(struct tb_axil *t, uint32_t addr)
{
	t->araddr = addr;
	t->arvalid = 1;
	ltick(t);
	t->arvalid = 0;
}

static void l_r(struct tb_axil *t, uint32_t data)
{
	t->rdata = data;
	t->rresp = AXI_OKAY;
	t->rvalid = 1;
	ltick(t);
	t->rvalid = 0;
}

START_TEST(test_axil_check_valid_drop_reported)
{
	struct tb_axil *t = tb_axil_new(0);
	uint8_t *valid[] = { &t->awvalid, &t->wvalid, &t->bvalid, &t->arvalid,
			     &t->rvalid };
	uint8_t *ready[] = { &t->awready, &t->wready, &t->bready, &t->arready,
			     &t->rready };
	unsigned i;

	sim_report_expect(t->sim, AXI_CHECK_VALID_DROP);
	for (i = 0; i < 5; i++) {
		*ready[i] = 0;
		*valid[i] = 1;
		lticks(t, 2);
		*valid[i] = 0;
		ltick(t);
		ck_assert_uint_eq(sim_report_count_id(t->sim,
						      AXI_CHECK_VALID_DROP),
				  i + 1);
		*ready[i] = 1;
	}
	expect_axil(t, AXI_CHECK_VALID_DROP, 5);
	tb_axil_free(t);
}
END_TEST

START_TEST(test_axil_check_payload_change_reported)
{
	struct tb_axil *t = tb_axil_new(0);

	sim_report_expect(t->sim, AXI_CHECK_PAYLOAD_CHANGE);
	t->awready = t->wready = t->arready = 0;
	t->awaddr = 0x10;
	t->wdata = 0x1234;
	t->araddr = 0x20;
	t->awvalid = t->wvalid = t->arvalid = 1;
	ltick(t);
	t->awaddr = 0x14;
	t->wstrb = 0x3;
	t->arprot = 2;
	ltick(t);
	ck_assert_uint_eq(sim_report_count_id(t->sim, AXI_CHECK_PAYLOAD_CHANGE),
			  3);
	t->awready = t->wready = t->arready = 1;
	ltick(t);
	lidle(t);
	t->bready = t->rready = 0;
	t->bvalid = t->rvalid = 1;
	ltick(t);
	t->bresp = AXI_SLVERR;
	t->rdata = 0xdead;
	ltick(t);
	t->bready = t->rready = 1;
	ltick(t);
	lidle(t);
	expect_axil(t, AXI_CHECK_PAYLOAD_CHANGE, 5);
	tb_axil_free(t);
}
END_TEST

START_TEST(test_axil_check_resp_no_req_reported)
{
	struct tb_axil *t = tb_axil_new(0);

	sim_report_expect(t->sim, AXI_CHECK_RESP_NO_REQ);
	l_b(t);	   /* nothing */
	l_r(t, 0); /* nothing */
	l_aw(t, 0x10);
	l_b(t); /* AW without W */
	l_w(t, 1);
	l_b(t); /* fine */
	l_w(t, 2);
	l_b(t); /* W without AW */
	l_aw(t, 0x14);
	l_b(t);		  /* fine */
	t->araddr = 0x20; /* R in the same cycle as the AR */
	t->arvalid = t->rvalid = 1;
	ltick(t);
	lidle(t);
	l_r(t, 3); /* fine */
	expect_axil(t, AXI_CHECK_RESP_NO_REQ, 5);
	tb_axil_free(t);
}
END_TEST

START_TEST(test_axil_check_hang_reported)
{
	struct tb_axil *t = tb_axil_new(40);

	sim_report_expect(t->sim, AXI_CHECK_HANG);
	/* AWVALID without AWREADY */
	t->awready = 0;
	t->awvalid = 1;
	lticks(t, 40);
	ck_assert_uint_eq(sim_report_count_id(t->sim, AXI_CHECK_HANG), 1);
	t->awready = 1;
	ltick(t);
	lidle(t);
	/* its W, then no B */
	l_w(t, 5);
	lticks(t, 40);
	ck_assert_uint_eq(sim_report_count_id(t->sim, AXI_CHECK_HANG), 2);
	l_b(t);
	/* an AR without R */
	l_ar(t, 0x40);
	lticks(t, 100);
	ck_assert_uint_eq(sim_report_count_id(t->sim, AXI_CHECK_HANG), 3);
	l_r(t, 0);
	expect_axil(t, AXI_CHECK_HANG, 3);
	tb_axil_free(t);
}
END_TEST

START_TEST(test_axil_check_reset_valid_reported)
{
	struct tb_axil *t = tb_axil_new(0);

	sim_report_expect(t->sim, AXI_CHECK_RESET_VALID);
	t->rst_n = 0;
	t->awvalid = 1;
	lticks(t, 3);
	lidle(t);
	t->bvalid = 1;
	ltick(t);
	lidle(t);
	ltick(t);
	t->rst_n = 1;
	ltick(t);
	expect_axil(t, AXI_CHECK_RESET_VALID, 2);
	tb_axil_free(t);
}
END_TEST

START_TEST(test_axil_check_clean)
{
	struct tb_axil *t = tb_axil_new(100);
	struct axil_check_stats st;
	unsigned i;

	t->rst_n = 0;
	lticks(t, 3);
	t->rst_n = 1;
	/* AW and W together, B next; back to back */
	for (i = 0; i < 4; i++) {
		t->awaddr = 0x10 * i;
		t->wdata = i;
		t->wstrb = 0xf;
		t->awvalid = t->wvalid = 1;
		t->bvalid = i > 0;
		ltick(t);
	}
	lidle(t);
	l_b(t);
	/* W before AW, AW before W */
	l_w(t, 7);
	l_aw(t, 0x40);
	l_aw(t, 0x44);
	l_b(t);
	l_w(t, 8);
	l_b(t);
	/* reads: pipelined, with stalls shorter than the hang limit */
	l_ar(t, 0x80);
	l_ar(t, 0x84);
	t->rready = 0;
	t->rdata = 0x55;
	t->rvalid = 1;
	lticks(t, 99);
	t->rready = 1;
	ltick(t);
	t->arready = 0;
	t->araddr = 0x88;
	t->arvalid = 1;
	t->rdata = 0x66;
	ltick(t);
	t->rvalid = 0;
	lticks(t, 98);
	t->arready = 1;
	ltick(t);
	lidle(t);
	l_r(t, 0x77);
	lticks(t, 200);
	axil_check_stats(t->chk, &st);
	ck_assert_uint_eq(st.aw, 6);
	ck_assert_uint_eq(st.w, 6);
	ck_assert_uint_eq(st.b, 6);
	ck_assert_uint_eq(st.ar, 3);
	ck_assert_uint_eq(st.r, 3);
	expect_axil(t, NULL, 0);
	tb_axil_free(t);
}
END_TEST

static void test_axi_check_unit_register(struct tb_registry *r)
{
	tb_add(r, test_axi_check_valid_drop_reported, 0);
	tb_add(r, test_axi_check_payload_change_reported, 0);
	tb_add(r, test_axi_check_payload_change_wide_reported, 0);
	tb_add(r, test_axi_check_wlast_reported, 0);
	tb_add(r, test_axi_check_wlast_missing_reported, 0);
	tb_add(r, test_axi_check_wlast_w_before_aw_reported, 0);
	tb_add(r, test_axi_check_rlast_reported, 0);
	tb_add(r, test_axi_check_4k_reported, 0);
	tb_add(r, test_axi_check_burst_len_reported, 0);
	tb_add(r, test_axi_check_burst_size_reported, 0);
	tb_add(r, test_axi_check_burst_type_reported, 0);
	tb_add(r, test_axi_check_resp_no_req_reported, 0);
	tb_add(r, test_axi_check_hang_valid_reported, 0);
	tb_add(r, test_axi_check_hang_read_reported, 0);
	tb_add(r, test_axi_check_hang_write_reported, 0);
	tb_add(r, test_axi_check_reset_valid_reported, 0);
	tb_add(r, test_axi_check_reset_forgets_outstanding, 0);
	tb_add(r, test_axi_check_overflow_warned, 0);
	tb_add(r, test_axi_check_back_to_back_clean, 0);
	tb_add(r, test_axi_check_w_before_aw_clean, 0);
	tb_add(r, test_axi_check_interleaved_ids_clean, 0);
	tb_add(r, test_axi_check_4k_end_clean, 0);
	tb_add(r, test_axi_check_wrap16_clean, 0);
	tb_add(r, test_axi_check_fixed16_clean, 0);
	tb_add(r, test_axi_check_reset_valids_low_clean, 0);
	tb_add(r, test_axi_check_long_stall_clean, 0);
	tb_add(r, test_axi_check_128bit_clean, 0);
	tb_add(r, test_axi_check_absent_ports_clean, 0);
	tb_add(r, test_axi_check_create_rejects_bad_ports, 0);
	tb_add_seeded(r, test_axi_check_random_legal_clean, 0);
	tb_add(r, test_axil_check_valid_drop_reported, 0);
	tb_add(r, test_axil_check_payload_change_reported, 0);
	tb_add(r, test_axil_check_resp_no_req_reported, 0);
	tb_add(r, test_axil_check_hang_reported, 0);
	tb_add(r, test_axil_check_reset_valid_reported, 0);
	tb_add(r, test_axil_check_clean, 0);
}

TB_TESTS(test_axi_check_unit_register)
