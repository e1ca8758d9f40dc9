/* SPDX-License-Identifier: MIT */
/* suite_mmio.c - the virtio-mmio register block, version 2 (tb_vio_mmio). */
#include "tb.h"

void test_mmio_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_mmio_register,
	};

	return tb_main("mmio", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
