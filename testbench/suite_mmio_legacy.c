/* SPDX-License-Identifier: MIT */
/* suite_mmio_legacy.c - the register block as a legacy (version 1)
 * device: tb_vio_mmio with LEGACY=1. */
#include "tb.h"

void test_mmio_legacy_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_mmio_legacy_register,
	};

	return tb_main("mmio_legacy", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
