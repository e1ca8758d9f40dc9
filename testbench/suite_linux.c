/* SPDX-License-Identifier: MIT */
/* suite_linux.c - the real Linux kernel (User-Mode Linux) drives the
 * platform (rtl/vio_platform.v) through the vhost-user bridges: Linux's
 * virtio_blk, virtio_net and virtio_console on the RTL (docs/linux.md). */
#include "tb.h"

void test_linux_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_linux_register,
	};

	return tb_main("linux", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
