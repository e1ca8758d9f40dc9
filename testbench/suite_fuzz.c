/* SPDX-License-Identifier: MIT */
/* suite_fuzz.c - R2: fuzz of every ring input the driver controls, on the net loopback
 * (vio_top, the vq suite's model). */
#include "tb.h"

void test_fuzz_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_fuzz_register,
	};

	return tb_main("fuzz", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
