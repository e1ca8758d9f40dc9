# SPDX-License-Identifier: MIT
# The platform (rtl/vio_platform.v: net, blk, console, rng, an empty slot)
# under the driver model's virtio bus and drivers; the vhost-user bridge on
# its blk slot.
SUITES += platform
suite_top_platform    := vio_platform
suite_f_platform      := rtl/vio.f
suite_params_platform :=
suite_view_platform   := waves/vio_platform.gtkw
suite_tests_platform  := testbench/platform/tb_platform.c \
	testbench/platform/test_platform.c testbench/platform/test_vhost_bridge.c \
	$(BRIDGE_SRCS)
