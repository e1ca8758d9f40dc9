/* SPDX-License-Identifier: MIT */
/* dut_main.c - tests that run the bus models against a Verilated DUT. */
#include "tb.h"

void test_axil_register(struct tb_registry *r);
void test_axi_mem_register(struct tb_registry *r);
void test_axi_check_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_axil_register,
		test_axi_mem_register,
		test_axi_check_register,
	};

	return tb_main("dut", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
