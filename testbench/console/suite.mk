# SPDX-License-Identifier: MIT
# virtio-console, port 0 looped back (rtl/vio_top.v, DEVICE_ID 3).
SUITES += console
suite_top_console    := vio_top
suite_f_console      := rtl/vio.f
suite_params_console := -GDEVICE_ID=3
suite_view_console   := waves/vio_top.gtkw
suite_tests_console  := $(storm_harness) testbench/console/test_console.c \
	testbench/console/test_console_storm.c
