# SPDX-License-Identifier: MIT
# virtio-rng on the ring engine (rtl/vio_top.v, DEVICE_ID 4).
SUITES += rng
suite_top_rng    := vio_top
suite_f_rng      := rtl/vio.f
suite_params_rng := -GDEVICE_ID=4
suite_view_rng   := waves/vio_top.gtkw
suite_tests_rng  := $(storm_harness) testbench/rng/test_rng.c \
	testbench/rng/test_rng_storm.c
