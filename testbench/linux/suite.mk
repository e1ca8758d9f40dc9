# SPDX-License-Identifier: MIT
# Linux's own drivers on the platform (docs/linux.md): User-Mode Linux
# through the vhost-user bridges, the scenario at its quick sizes.
SUITES += linux
LINUX_SRCS := $(BRIDGE_SRCS) testbench/linux/linux_run.c
suite_top_linux    := vio_platform
suite_f_linux      := rtl/vio.f
suite_params_linux :=
suite_view_linux   := waves/vio_platform.gtkw
suite_tests_linux  := testbench/linux/test_linux.c $(LINUX_SRCS)
