/* SPDX-License-Identifier: MIT */
/* suite_vq.c - the split-virtqueue ring engine on the virtio-net loopback
 * device (vio_top). */
#include "tb.h"

void test_vq_register(struct tb_registry *r);
void test_vq_malformed_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_vq_register,
		test_vq_malformed_register,
	};

	return tb_main("vq", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
