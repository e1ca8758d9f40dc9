/* SPDX-License-Identifier: MIT */
/* suite_storm.c - R3 and the register storm: device and queue resets at random
 * cycles during traffic, random register accesses, then recovery, on the
 * net loopback (vio_top, the vq suite's model). */
#include "tb.h"

void test_reset_storm_register(struct tb_registry *r);
void test_reg_storm_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_reset_storm_register,
		test_reg_storm_register,
	};

	return tb_main("storm", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
