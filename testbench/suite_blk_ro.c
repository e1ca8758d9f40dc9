/* SPDX-License-Identifier: MIT */
/* suite_blk_ro.c - the virtio-blk device function built read-only:
 * vio_top with DEVICE_ID=2 BLK_READ_ONLY=1. */
#include "tb.h"

void test_blk_ro_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_blk_ro_register,
	};

	return tb_main("blk_ro", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
