/* SPDX-License-Identifier: MIT */
/* suite_blk.c - the ring engine with the virtio-blk device function:
 * vio_top with DEVICE_ID=2. */
#include "tb.h"

void test_blk_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_blk_register,
	};

	return tb_main("blk", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
