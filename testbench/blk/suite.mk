# SPDX-License-Identifier: MIT
# virtio-blk, the RAM disk (rtl/vio_top.v, DEVICE_ID 2), and the same disk
# read-only.
SUITES += blk blk_ro
blk_harness := testbench/vq/tb_vq.c testbench/blk/tb_blk.c

suite_top_blk    := vio_top
suite_f_blk      := rtl/vio.f
suite_params_blk := -GDEVICE_ID=2
suite_view_blk   := waves/vio_top.gtkw
suite_tests_blk  := $(blk_harness) testbench/vq/tb_storm.c \
	testbench/blk/test_blk.c testbench/blk/test_blk_storm.c

suite_top_blk_ro    := vio_top
suite_f_blk_ro      := rtl/vio.f
suite_params_blk_ro := -GDEVICE_ID=2 -GBLK_READ_ONLY=1
suite_view_blk_ro   := waves/vio_top.gtkw
suite_tests_blk_ro  := $(blk_harness) testbench/blk/test_blk_ro.c
