/* SPDX-License-Identifier: MIT */
/* suite_rng.c - the ring engine with the virtio-rng device function:
 * vio_top with DEVICE_ID=4. */
#include "tb.h"

void test_rng_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_rng_register,
	};

	return tb_main("rng", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
