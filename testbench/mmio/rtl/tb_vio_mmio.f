// SPDX-License-Identifier: MIT
+incdir+rtl
rtl/vio_fifo.v
rtl/vio_axil_slave.v
rtl/vio_mmio_regs.v
testbench/mmio/rtl/tb_vio_ctrl.v
testbench/mmio/rtl/tb_vio_mmio.v
