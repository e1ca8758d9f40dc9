/* SPDX-License-Identifier: MIT */
/*
 * test_axi_mem_unit.c - the AXI4 memory model's data path without
 * Verilator: a scripted master thread drives plain variables standing in
 * for DUT ports, with bursts the fixture never makes (narrow, unaligned,
 * WRAP, FIXED, W before AW, partial strobes, several IDs).
 */
#include <string.h>

#include "axi_check.h"
#include "axi_mem.h"
#include "tb.h"

/* Port storage of a 64-bit AXI4 interface, sized as Verilator sizes it. */
struct pins {
	uint8_t awid, awlen, awsize, awburst, awvalid, awready;
	uint64_t awaddr;
	uint64_t wdata;
	uint8_t wstrb, wlast, wvalid, wready;
	uint8_t bid, bresp, bvalid, bready;
	uint8_t arid, arlen, arsize, arburst, arvalid, arready;
	uint64_t araddr;
	uint64_t rdata;
	uint8_t rid, rresp, rlast, rvalid, rready;
};

struct rig {
	sim_t *sim;
	struct pins p;
	struct axi_if bus;
	struct mem *mem;
	struct axi_mem *am;
	struct axi_check *chk;
	uint64_t rbeats[64]; /* read data collected */
	uint8_t rids[64];    /* and the ID of each beat */
	int nr;
	uint8_t bresps[8]; /* write responses collected */
	uint8_t bids[8];
	int nb;
};

#define PIN(f) ((struct vport){ &r->p.f, sizeof(r->p.f) })

static void rig_init(struct rig *r, int i, bool random)
{
	struct axi_mem_cfg mc = { .name = "mem" };
	struct axi_check_cfg kc = { .name = "bus", .hang_cycles = 500 };
	sim_clock_t *clk;

	memset(r, 0, sizeof(*r));
	r->sim = sim_create(&(struct sim_config){
		.name = tb_run_name(i), .seed = tb_seed(i), .has_seed = true });
	clk = sim_clock(r->sim, "clk", 10000);
	r->bus = (struct axi_if){
		.awid = PIN(awid),
		.awaddr = PIN(awaddr),
		.awlen = PIN(awlen),
		.awsize = PIN(awsize),
		.awburst = PIN(awburst),
		.awvalid = PIN(awvalid),
		.awready = PIN(awready),
		.wdata = PIN(wdata),
		.wstrb = PIN(wstrb),
		.wlast = PIN(wlast),
		.wvalid = PIN(wvalid),
		.wready = PIN(wready),
		.bid = PIN(bid),
		.bresp = PIN(bresp),
		.bvalid = PIN(bvalid),
		.bready = PIN(bready),
		.arid = PIN(arid),
		.araddr = PIN(araddr),
		.arlen = PIN(arlen),
		.arsize = PIN(arsize),
		.arburst = PIN(arburst),
		.arvalid = PIN(arvalid),
		.arready = PIN(arready),
		.rid = PIN(rid),
		.rdata = PIN(rdata),
		.rresp = PIN(rresp),
		.rlast = PIN(rlast),
		.rvalid = PIN(rvalid),
		.rready = PIN(rready),
	};
	if (random) {
		mc.rd_lat_max = 6;
		mc.wr_lat_max = 6;
		mc.ar_stall = mc.aw_stall = mc.w_stall = 300;
		mc.r_idle = mc.b_idle = 300;
		mc.reorder = true;
	}
	r->mem = mem_create(r->sim, "mem");
	r->am = axi_mem_create(r->sim, clk, &r->bus, NULL, r->mem, &mc);
	r->chk = axi_check_create(r->sim, clk, &r->bus, NULL, &kc);
	ck_assert_ptr_nonnull(r->am);
	ck_assert_ptr_nonnull(r->chk);
}

static void rig_free(struct rig *r)
{
	axi_check_destroy(r->chk);
	axi_mem_destroy(r->am);
	mem_destroy(r->mem);
	sim_destroy(r->sim);
}

/*
 * In the thread phase after an edge the pins still hold what they held
 * before it (drives land after the thread phase): exactly what the edge
 * sampled. So "valid && ready as seen now" is "a handshake just happened".
 */
static void handshake(struct rig *r, uint8_t *valid, const uint8_t *ready)
{
	sim_drive(r->sim, valid, 1, 1);
	do
		sim_wait_cycles(r->sim, 1);
	while (!*ready);
	sim_drive(r->sim, valid, 0, 1);
}

static void send_aw(struct rig *r, unsigned id, uint64_t addr, unsigned beats,
		    unsigned size, unsigned burst)
{
	sim_drive(r->sim, &r->p.awid, id, 1);
	sim_drive(r->sim, &r->p.awaddr, addr, 8);
	sim_drive(r->sim, &r->p.awlen, beats - 1, 1);
	sim_drive(r->sim, &r->p.awsize, size, 1);
	sim_drive(r->sim, &r->p.awburst, burst, 1);
	handshake(r, &r->p.awvalid, &r->p.awready);
}

static void send_w(struct rig *r, uint64_t data, unsigned strb, bool last)
{
	sim_drive(r->sim, &r->p.wdata, data, 8);
	sim_drive(r->sim, &r->p.wstrb, strb, 1);
	sim_drive(r->sim, &r->p.wlast, last, 1);
	handshake(r, &r->p.wvalid, &r->p.wready);
}

static void send_ar(struct rig *r, unsigned id, uint64_t addr, unsigned beats,
		    unsigned size, unsigned burst)
{
	sim_drive(r->sim, &r->p.arid, id, 1);
	sim_drive(r->sim, &r->p.araddr, addr, 8);
	sim_drive(r->sim, &r->p.arlen, beats - 1, 1);
	sim_drive(r->sim, &r->p.arsize, size, 1);
	sim_drive(r->sim, &r->p.arburst, burst, 1);
	handshake(r, &r->p.arvalid, &r->p.arready);
}

/* Collect n R beats, then n B responses is separate: see take_b. */
static void take_r(struct rig *r, int n)
{
	sim_drive(r->sim, &r->p.rready, 1, 1);
	while (n) {
		sim_wait_cycles(r->sim, 1);
		if (r->p.rvalid && r->p.rready) {
			r->rids[r->nr] = r->p.rid;
			r->rbeats[r->nr++] = r->p.rdata;
			n--;
		}
	}
	sim_drive(r->sim, &r->p.rready, 0, 1);
}

static void take_b(struct rig *r, int n)
{
	sim_drive(r->sim, &r->p.bready, 1, 1);
	while (n) {
		sim_wait_cycles(r->sim, 1);
		if (r->p.bvalid && r->p.bready) {
			r->bids[r->nb] = r->p.bid;
			r->bresps[r->nb++] = r->p.bresp;
			n--;
		}
	}
	sim_drive(r->sim, &r->p.bready, 0, 1);
}

static void run(struct rig *r, sim_thread_fn body)
{
	sim_spawn(r->sim, "master", body, r, 0);
	ck_assert_int_eq(sim_run_until_idle(r->sim, 100000), SIM_RUN_DONE);
	ck_assert_msg(sim_first_error(r->sim) == NULL, "%s",
		      sim_first_error(r->sim));
}

/* Narrow INCR write: 4-byte beats from 0x1004 use lanes 4-7, 0-3, 4-7. */
static void narrow_body(void *arg)
{
	struct rig *r = arg;

	send_aw(r, 1, 0x1004, 3, 2, AXI_INCR);
	send_w(r, 0x44434241ull << 32, 0xf0, false);
	send_w(r, 0x48474645ull, 0x0f, false);
	send_w(r, 0x4c4b4a49ull << 32, 0xf0, true);
	take_b(r, 1);
}

START_TEST(test_axi_mem_unit_narrow_incr_write_uses_the_right_lanes)
{
	struct rig r;
	uint8_t got[16];

	rig_init(&r, _i, true);
	mem_fill(r.mem, 0x1000, 0xee, 16);
	run(&r, narrow_body);
	mem_read(r.mem, 0x1000, got, 16);
	ck_assert_mem_eq(got,
			 "\xee\xee\xee\xee"
			 "ABCDEFGHIJKL",
			 16);
	ck_assert_uint_eq(r.bresps[0], AXI_OKAY);
	ck_assert_uint_eq(r.bids[0], 1);
	rig_free(&r);
}
END_TEST

/* Unaligned INCR write: the first beat only covers 0x1003..0x1007. */
static void unaligned_body(void *arg)
{
	struct rig *r = arg;

	send_aw(r, 0, 0x1003, 2, 3, AXI_INCR);
	send_w(r, 0x0706050403020100ull, 0xff, false); /* lanes 0-2 ignored */
	send_w(r, 0x0f0e0d0c0b0a0908ull, 0x0f, true);  /* partial strobes */
	take_b(r, 1);
}

START_TEST(test_axi_mem_unit_unaligned_start_and_partial_strobes)
{
	struct rig r;
	uint8_t got[16];

	rig_init(&r, _i, true);
	mem_fill(r.mem, 0x1000, 0xee, 16);
	run(&r, unaligned_body);
	mem_read(r.mem, 0x1000, got, 16);
	ck_assert_mem_eq(got,
			 "\xee\xee\xee\x03\x04\x05\x06\x07"
			 "\x08\x09\x0a\x0b\xee\xee\xee\xee",
			 16);
	rig_free(&r);
}
END_TEST

/* WRAP read of 4 x 8 bytes from 0x2010: 0x2010 0x2018 0x2000 0x2008. */
static void wrap_body(void *arg)
{
	struct rig *r = arg;

	send_ar(r, 2, 0x2010, 4, 3, AXI_WRAP);
	take_r(r, 4);
}

START_TEST(test_axi_mem_unit_wrap_read_returns_beats_in_wrap_order)
{
	struct rig r;
	uint64_t v[4] = { 0x1111111111111111ull, 0x2222222222222222ull,
			  0x3333333333333333ull, 0x4444444444444444ull };

	rig_init(&r, _i, true);
	mem_write(r.mem, 0x2000, v, sizeof(v));
	run(&r, wrap_body);
	ck_assert_int_eq(r.nr, 4);
	ck_assert_uint_eq(r.rbeats[0], v[2]);
	ck_assert_uint_eq(r.rbeats[1], v[3]);
	ck_assert_uint_eq(r.rbeats[2], v[0]);
	ck_assert_uint_eq(r.rbeats[3], v[1]);
	ck_assert_uint_eq(r.rids[3], 2);
	rig_free(&r);
}
END_TEST

/* FIXED write: every beat to the same address; W sent before AW. */
static void fixed_body(void *arg)
{
	struct rig *r = arg;

	send_w(r, 0xaaaaaaaaaaaaaaaaull, 0xff, false);
	send_w(r, 0xbbbbbbbbbbbbbbbbull, 0xff, false);
	send_w(r, 0x00000000cccccccc, 0x0f, true);
	send_aw(r, 3, 0x3000, 3, 3, AXI_FIXED);
	take_b(r, 1);
}

START_TEST(test_axi_mem_unit_fixed_write_after_its_data)
{
	struct rig r;
	uint64_t got = 0, next = 1;

	rig_init(&r, _i, true);
	run(&r, fixed_body);
	mem_read(r.mem, 0x3000, &got, 8);
	mem_read(r.mem, 0x3008, &next, 8);
	/* the last beat wins where it strobes, the one before elsewhere */
	ck_assert_uint_eq(got, 0xbbbbbbbbccccccccull);
	ck_assert_uint_eq(next, 0); /* nothing beyond the fixed address */
	ck_assert_uint_eq(r.bids[0], 3);
	rig_free(&r);
}
END_TEST

/* Reads on two IDs: order is kept within each ID, whatever the memory
 * does across them. */
static void ids_body(void *arg)
{
	struct rig *r = arg;
	int k;

	for (k = 0; k < 8; k++)
		send_ar(r, (unsigned)(k & 1), 0x4000 + 8u * (unsigned)k, 1, 3,
			AXI_INCR);
	take_r(r, 8);
}

START_TEST(test_axi_mem_unit_order_kept_within_each_id)
{
	struct rig r;
	uint64_t v[8], last[2] = { 0, 0 };
	int k;

	rig_init(&r, _i, true);
	for (k = 0; k < 8; k++)
		v[k] = 0x100 + (uint64_t)k;
	mem_write(r.mem, 0x4000, v, sizeof(v));
	run(&r, ids_body);
	ck_assert_int_eq(r.nr, 8);
	for (k = 0; k < 8; k++) {
		unsigned id = r.rids[k];

		/* beat of ID id carries 0x100 + k with k & 1 == id, rising */
		ck_assert_uint_eq(r.rbeats[k] & 1, id);
		ck_assert_uint_gt(r.rbeats[k], last[id]);
		last[id] = r.rbeats[k];
	}
	rig_free(&r);
}
END_TEST

static void test_axi_mem_unit_register(struct tb_registry *r)
{
	tb_add_seeded(
		r, test_axi_mem_unit_narrow_incr_write_uses_the_right_lanes, 0);
	tb_add_seeded(r, test_axi_mem_unit_unaligned_start_and_partial_strobes,
		      0);
	tb_add_seeded(
		r, test_axi_mem_unit_wrap_read_returns_beats_in_wrap_order, 0);
	tb_add_seeded(r, test_axi_mem_unit_fixed_write_after_its_data, 0);
	tb_add_seeded(r, test_axi_mem_unit_order_kept_within_each_id, 0);
}

TB_TESTS(test_axi_mem_unit_register)
