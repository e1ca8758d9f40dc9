# SPDX-License-Identifier: MIT
# The virtio-mmio register block. Contract tests (test_mmio.c,
# test_mmio_legacy.c: any virtio-mmio design under the DUT contract passes
# them) run on the block's test bench (testbench/mmio/rtl/tb_vio_mmio.v:
# the block and a test-control block standing in for the ring engine) and,
# as proof that they ask nothing more of a design, on the whole device
# (vio_top, sharing the vq suites' builds). White-box tests (the *_wb.c
# files) need the test bench's control block and parameters.
SUITES += mmio mmio_legacy mmio_wb mmio_legacy_wb mmio_top mmio_legacy_top
mmio_harness := testbench/mmio/tb_vio_mmio.c

suite_top_mmio    := tb_vio_mmio
suite_f_mmio      := testbench/mmio/rtl/tb_vio_mmio.f
suite_params_mmio :=
suite_view_mmio   := waves/vio_mmio.gtkw
suite_tests_mmio  := $(mmio_harness) testbench/mmio/test_mmio.c

suite_top_mmio_legacy    := tb_vio_mmio
suite_f_mmio_legacy      := testbench/mmio/rtl/tb_vio_mmio.f
suite_params_mmio_legacy := -GLEGACY=1
suite_view_mmio_legacy   := waves/vio_mmio.gtkw
suite_tests_mmio_legacy  := $(mmio_harness) testbench/mmio/test_mmio_legacy.c

suite_top_mmio_wb    := tb_vio_mmio
suite_f_mmio_wb      := testbench/mmio/rtl/tb_vio_mmio.f
suite_params_mmio_wb :=
suite_view_mmio_wb   := waves/vio_mmio.gtkw
suite_tests_mmio_wb  := $(mmio_harness) testbench/mmio/test_mmio_wb.c

suite_top_mmio_legacy_wb    := tb_vio_mmio
suite_f_mmio_legacy_wb      := testbench/mmio/rtl/tb_vio_mmio.f
suite_params_mmio_legacy_wb := -GLEGACY=1
suite_view_mmio_legacy_wb   := waves/vio_mmio.gtkw
suite_tests_mmio_legacy_wb  := $(mmio_harness) \
	testbench/mmio/test_mmio_legacy_wb.c

# the contract tests on vio_top: the vq and vq_legacy configurations
suite_top_mmio_top    := vio_top
suite_f_mmio_top      := rtl/vio.f
suite_params_mmio_top  = $(suite_params_vq)
suite_view_mmio_top   := waves/vio_top.gtkw
suite_tests_mmio_top  := $(suite_tests_mmio)

suite_top_mmio_legacy_top    := vio_top
suite_f_mmio_legacy_top      := rtl/vio.f
suite_params_mmio_legacy_top  = $(suite_params_vq_legacy)
suite_view_mmio_legacy_top   := waves/vio_top.gtkw
suite_tests_mmio_legacy_top  := $(suite_tests_mmio_legacy)
