/* SPDX-License-Identifier: MIT */
/* suite_fixture.c - the bus models against the test fixture (tb_fixture). */
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

	return tb_main("fixture", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
