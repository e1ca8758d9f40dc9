/* SPDX-License-Identifier: MIT */
/* suite_vq_legacy.c - the ring engine and the virtio-net loopback behind a
 * legacy (version 1) register block: vio_top with LEGACY=1. */
#include "tb.h"

void test_vq_legacy_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_vq_legacy_register,
	};

	return tb_main("vq_legacy", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
