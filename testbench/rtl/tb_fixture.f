testbench/rtl/tb_axil_regs.v
testbench/rtl/tb_dma_copy_rd.v
testbench/rtl/tb_dma_copy_wr.v
testbench/rtl/tb_dma_copy.v
testbench/rtl/tb_fault_gen.v
testbench/rtl/tb_fixture.v
