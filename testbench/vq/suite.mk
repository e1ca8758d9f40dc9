# SPDX-License-Identifier: MIT
# The ring engine on the virtio-net loopback (rtl/vio_top.v), version 2 and
# legacy, and the campaigns on the same model: fuzz of every ring input the
# driver controls (R2), storms of resets and register accesses (R3).
# tb_vq.c is the vio_top harness the device suites use too; tb_storm.c,
# the reset storm on it, runs in the device suites' storms as well.
SUITES += vq vq_legacy fuzz storm
vq_harness := testbench/vq/tb_vq.c
storm_harness := $(vq_harness) testbench/vq/tb_storm.c

suite_top_vq    := vio_top
suite_f_vq      := rtl/vio.f
suite_params_vq := -GQUEUE_SIZE_MAX=32768
suite_view_vq   := waves/vio_top.gtkw
suite_tests_vq  := $(vq_harness) testbench/vq/test_vq.c \
	testbench/vq/test_vq_malformed.c

suite_top_vq_legacy    := vio_top
suite_f_vq_legacy      := rtl/vio.f
suite_params_vq_legacy := -GLEGACY=1
suite_view_vq_legacy   := waves/vio_top.gtkw
suite_tests_vq_legacy  := $(vq_harness) testbench/vq/test_vq_legacy.c

suite_top_fuzz    := vio_top
suite_f_fuzz      := rtl/vio.f
suite_params_fuzz := $(suite_params_vq)
suite_view_fuzz   := waves/vio_top.gtkw
suite_tests_fuzz  := $(vq_harness) testbench/vq/test_fuzz.c

suite_top_storm    := vio_top
suite_f_storm      := rtl/vio.f
suite_params_storm := $(suite_params_vq)
suite_view_storm   := waves/vio_top.gtkw
suite_tests_storm  := $(storm_harness) testbench/vq/test_reset_storm.c \
	testbench/vq/test_reg_storm.c
