rtl/vio_axil_slave.v
rtl/vio_mmio_regs.v
