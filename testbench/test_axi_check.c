/* SPDX-License-Identifier: MIT */
/*
 * test_axi_check.c - every protocol-checker rule provoked on a live bus:
 * DUT-side violations by the fixture's fault generator, master- and
 * slave-side ones by the bus models' fault injection.
 */
#include <errno.h>

#include "fixture.h"
#include "tb.h"
#include "tb_env.h"

struct fault {
	struct tb_env *e;
	unsigned code;	     /* fixture fault code, or 0 */
	uint64_t arg;	     /* fault address */
	bool reset_after;    /* pulse reset after arming (VALID_IN_RESET) */
	bool lite_read;	     /* make one AXI-Lite read after arming */
	unsigned axil_stall; /* RREADY stall (permille) during that read */
	unsigned stall_for;  /* cycles to keep that stall */
	enum axil_master_fault axil_fault; /* BFM fault on the next write */
	enum axi_mem_fault mem_fault;	   /* memory fault */
	bool dma;			   /* run a short DMA copy afterwards */
	unsigned wait;			   /* cycles to let things happen */
};

static void fault_stall_release(void *arg)
{
	struct fault *f = arg;

	sim_wait_cycles(f->e->sim, f->stall_for);
	axil_master_cfg(f->e->axil)->stall_permille = 0;
}

static void fault_body(void *arg)
{
	struct fault *f = arg;
	struct axil_master *a = f->e->axil;
	uint32_t d;

	if (f->axil_fault) {
		axil_master_inject(a, f->axil_fault);
		axil_master_write(a, FIX_SCRATCH(1), 0x1234, 0xf);
	}
	if (f->mem_fault)
		axi_mem_inject(f->e->axim, f->mem_fault);
	if (f->code) {
		axil_master_write(a, FIX_FAULT_ARG_LO, (uint32_t)f->arg, 0xf);
		axil_master_write(a, FIX_FAULT_ARG_HI, (uint32_t)(f->arg >> 32),
				  0xf);
		axil_master_write(a, FIX_FAULT, f->code, 0xf);
	}
	if (f->reset_after) {
		sim_wait_cycles(f->e->sim, 4);
		tb_env_reset(f->e, 6);
		axil_master_write(a, FIX_FAULT, 0, 0xf);
	}
	if (f->lite_read) {
		axil_master_cfg(a)->stall_permille = f->axil_stall;
		if (f->stall_for)
			sim_spawn(f->e->sim, "release", fault_stall_release, f,
				  0);
		axil_master_read(a, FIX_SCRATCH(0), &d);
	}
	if (f->dma) {
		axil_master_write(a, FIX_DMA_SRC_LO, 0x1000, 0xf);
		axil_master_write(a, FIX_DMA_DST_LO, 0x8000, 0xf);
		axil_master_write(a, FIX_DMA_LEN, 256, 0xf);
		axil_master_write(a, FIX_DMA_CTRL,
				  FIX_CTRL_START | FIX_CTRL_BURST(8), 0xf);
	}
	sim_wait_cycles(f->e->sim, f->wait ? f->wait : 200);
}

/*
 * Run one fault scenario and check that rule `id` fired; `also` lists
 * other ids the scenario is allowed to raise (consequences of the fault,
 * like a master's timeout after a lost response).
 */
static void expect_rule(int i, struct fault *f, const char *id,
			const char *const *also)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(i),
				  .seed = tb_seed(i),
				  .hang_cycles = 100,
				  .axil = { .timeout = 400 } };

	f->e = tb_env_create(&cfg);
	ck_assert_ptr_nonnull(f->e);
	if (f->code == FIX_FAULT_AR_VALID_DROP ||
	    f->code == FIX_FAULT_AR_ADDR_CHANGE)
		axi_mem_cfg(f->e->axim)->ar_stall = 1000; /* AR must wait */
	sim_report_expect(f->e->sim, id);
	for (; also && *also; also++)
		sim_report_expect(f->e->sim, *also);
	tb_env_run(f->e, fault_body, f, 20000);
	tb_env_assert_clean(f->e);
	ck_assert_msg(sim_report_count_id(f->e->sim, id) >= 1,
		      "rule %s was not reported (seed 0x%llx)", id,
		      (unsigned long long)sim_seed(f->e->sim));
	tb_env_destroy(f->e);
}

static const char *const hang_too[] = { "axi.hang", NULL };
static const char *const lost_resp[] = { "axil.timeout", "axi.hang", NULL };
static const char *const spurious_b[] = { "axil.unexpected", NULL };

START_TEST(test_axi_check_dut_arvalid_drop)
{
	struct fault f = { .code = FIX_FAULT_AR_VALID_DROP, .arg = 0x1000 };

	expect_rule(_i, &f, "axi.valid_drop", hang_too);
}
END_TEST

START_TEST(test_axi_check_dut_araddr_change_while_stalled)
{
	struct fault f = { .code = FIX_FAULT_AR_ADDR_CHANGE, .arg = 0x1000 };

	expect_rule(_i, &f, "axi.payload_change", hang_too);
}
END_TEST

START_TEST(test_axi_check_dut_wlast_early)
{
	struct fault f = { .code = FIX_FAULT_W_LAST_EARLY, .arg = 0x2000 };

	expect_rule(_i, &f, "axi.wlast", NULL);
}
END_TEST

START_TEST(test_axi_check_dut_burst_crosses_4k)
{
	struct fault f = { .code = FIX_FAULT_AR_CROSS_4K, .arg = 0x1ff0 };

	expect_rule(_i, &f, "axi.4k", NULL);
}
END_TEST

START_TEST(test_axi_check_dut_wrap_with_three_beats)
{
	struct fault f = { .code = FIX_FAULT_AR_WRAP_BAD_LEN, .arg = 0x3000 };

	expect_rule(_i, &f, "axi.burst_len", NULL);
}
END_TEST

START_TEST(test_axi_check_dut_size_wider_than_bus)
{
	struct fault f = { .code = FIX_FAULT_AR_BAD_SIZE, .arg = 0x3000 };

	expect_rule(_i, &f, "axi.burst_size", NULL);
}
END_TEST

START_TEST(test_axi_check_dut_reserved_burst_type)
{
	struct fault f = { .code = FIX_FAULT_AR_BAD_BURST, .arg = 0x3000 };

	expect_rule(_i, &f, "axi.burst_type", NULL);
}
END_TEST

START_TEST(test_axi_check_dut_valid_during_reset)
{
	struct fault f = { .code = FIX_FAULT_VALID_IN_RESET,
			   .arg = 0x3000,
			   .reset_after = true };

	expect_rule(_i, &f, "axi.reset_valid", NULL);
}
END_TEST

START_TEST(test_axi_check_dut_lite_read_never_answered)
{
	struct fault f = { .code = FIX_FAULT_LITE_NO_RRESP,
			   .lite_read = true,
			   .wait = 600 };

	expect_rule(_i, &f, "axi.hang", lost_resp);
}
END_TEST

START_TEST(test_axi_check_dut_lite_b_without_write)
{
	struct fault f = { .code = FIX_FAULT_LITE_SPURIOUS_B };

	expect_rule(_i, &f, "axi.resp_no_req", spurious_b);
}
END_TEST

START_TEST(test_axi_check_dut_lite_rvalid_drop)
{
	struct fault f = { .code = FIX_FAULT_LITE_RVALID_DROP,
			   .lite_read = true,
			   .axil_stall = 1000,
			   .stall_for = 6,
			   .wait = 600 };

	expect_rule(_i, &f, "axi.valid_drop", lost_resp);
}
END_TEST

START_TEST(test_axi_check_dut_lite_rdata_change)
{
	struct fault f = { .code = FIX_FAULT_LITE_RDATA_CHANGE,
			   .lite_read = true,
			   .axil_stall = 1000,
			   .stall_for = 6 };

	expect_rule(_i, &f, "axi.payload_change", NULL);
}
END_TEST

START_TEST(test_axi_check_dut_rready_stuck_low_hangs)
{
	struct fault f = { .code = FIX_FAULT_R_NOT_READY,
			   .arg = 0x4000,
			   .wait = 400 };

	expect_rule(_i, &f, "axi.hang", NULL);
}
END_TEST

START_TEST(test_axi_check_master_awvalid_drop)
{
	struct fault f = { .axil_fault = AXIL_MASTER_FAULT_AW_VALID_DROP };

	expect_rule(_i, &f, "axi.valid_drop", NULL);
}
END_TEST

START_TEST(test_axi_check_master_awaddr_change)
{
	static const char *const then_dropped[] = { "axi.valid_drop", NULL };
	struct fault f = { .axil_fault = AXIL_MASTER_FAULT_AW_ADDR_CHANGE };

	expect_rule(_i, &f, "axi.payload_change", then_dropped);
}
END_TEST

START_TEST(test_axi_check_slave_r_without_read)
{
	struct fault f = { .mem_fault = AXI_MEM_FAULT_SPURIOUS_R };

	expect_rule(_i, &f, "axi.resp_no_req", NULL);
}
END_TEST

START_TEST(test_axi_check_slave_rlast_early)
{
	struct fault f = { .mem_fault = AXI_MEM_FAULT_RLAST_EARLY,
			   .dma = true,
			   .wait = 600 };

	expect_rule(_i, &f, "axi.rlast", NULL);
}
END_TEST

START_TEST(test_axi_check_slave_b_without_write)
{
	struct fault f = { .mem_fault = AXI_MEM_FAULT_SPURIOUS_B };

	expect_rule(_i, &f, "axi.resp_no_req", NULL);
}
END_TEST

START_TEST(test_axi_check_slave_read_never_answered)
{
	struct fault f = { .mem_fault = AXI_MEM_FAULT_NO_RRESP,
			   .dma = true,
			   .wait = 600 };

	expect_rule(_i, &f, "axi.hang", NULL);
}
END_TEST

void test_axi_check_register(struct tb_registry *r)
{
	tb_add_seeded(r, test_axi_check_dut_arvalid_drop, 0);
	tb_add_seeded(r, test_axi_check_dut_araddr_change_while_stalled, 0);
	tb_add_seeded(r, test_axi_check_dut_wlast_early, 0);
	tb_add_seeded(r, test_axi_check_dut_burst_crosses_4k, 0);
	tb_add_seeded(r, test_axi_check_dut_wrap_with_three_beats, 0);
	tb_add_seeded(r, test_axi_check_dut_size_wider_than_bus, 0);
	tb_add_seeded(r, test_axi_check_dut_reserved_burst_type, 0);
	tb_add_seeded(r, test_axi_check_dut_valid_during_reset, 0);
	tb_add_seeded(r, test_axi_check_dut_lite_read_never_answered, 0);
	tb_add_seeded(r, test_axi_check_dut_lite_b_without_write, 0);
	tb_add_seeded(r, test_axi_check_dut_lite_rvalid_drop, 0);
	tb_add_seeded(r, test_axi_check_dut_lite_rdata_change, 0);
	tb_add_seeded(r, test_axi_check_dut_rready_stuck_low_hangs, 0);
	tb_add_seeded(r, test_axi_check_master_awvalid_drop, 0);
	tb_add_seeded(r, test_axi_check_master_awaddr_change, 0);
	tb_add_seeded(r, test_axi_check_slave_r_without_read, 0);
	tb_add_seeded(r, test_axi_check_slave_rlast_early, 0);
	tb_add_seeded(r, test_axi_check_slave_b_without_write, 0);
	tb_add_seeded(r, test_axi_check_slave_read_never_answered, 0);
}
