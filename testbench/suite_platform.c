/* SPDX-License-Identifier: MIT */
/* suite_platform.c - the virtio-mmio platform (rtl/vio_platform.v: net,
 * blk, console, rng and a placeholder) under the driver model's bus and
 * device drivers. */
#include "tb.h"

void test_platform_register(struct tb_registry *r);
void test_vhost_bridge_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_platform_register,
		test_vhost_bridge_register,
	};

	return tb_main("platform", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
