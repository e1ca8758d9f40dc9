# The virtio-mmio register block alone (rtl/tb_vio_mmio.v: the block and a
# test-control block standing in for the ring engine), version 2 and
# legacy.
SUITES += mmio mmio_legacy
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
