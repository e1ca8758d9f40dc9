/* SPDX-License-Identifier: MIT */
/* suite_console.c - the ring engine with the virtio-console device function:
 * vio_top with DEVICE_ID=3. */
#include "tb.h"

void test_console_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_console_register,
	};

	return tb_main("console", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
