/* SPDX-License-Identifier: MIT */
/* unit_main.c - pure-C unit tests: no Verilator needed. */
#include "tb.h"

void test_sim_register(struct tb_registry *r);
void test_mem_register(struct tb_registry *r);
void test_mem_host_register(struct tb_registry *r);
void test_vhost_user_register(struct tb_registry *r);
void test_axi_check_unit_register(struct tb_registry *r);
void test_axi_mem_unit_register(struct tb_registry *r);
void test_virtio_probe_register(struct tb_registry *r);
void test_virtio_ring_unit_register(struct tb_registry *r);
void test_virtio_bus_unit_register(struct tb_registry *r);

int main(void)
{
	static const tb_register_fn fns[] = {
		test_sim_register,
		test_mem_register,
		test_mem_host_register,
		test_vhost_user_register,
		test_axi_check_unit_register,
		test_axi_mem_unit_register,
		test_virtio_probe_register,
		test_virtio_ring_unit_register,
		test_virtio_bus_unit_register,
	};

	return tb_main("unit", fns, (int)(sizeof(fns) / sizeof(fns[0])));
}
