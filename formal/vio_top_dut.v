// SPDX-License-Identifier: MIT
`default_nettype none
`include "vio_axil_ports.vh"
`include "vio_axi_ports.vh"

/// vio_top under the DUT contract's bus rules (formal/vio_dut_props.v): the
/// example of binding them to a whole design without touching it, by a
/// wrapper with the design's ports (free inputs in a proof) that
/// instantiates the design and the property module side by side.
/// formal/vio_top_dut.sby runs it; docs/formal.md.
module vio_top_dut #(
  parameter [31:0]  DEVICE_ID  = 32'd4,
  parameter integer DATA_WIDTH = 64,
  parameter integer ID_WIDTH   = 4
) (
  input  wire clk,
  input  wire rst_n,
  `VIO_AXIL_SLAVE_PORTS(12),
  `VIO_AXI_MASTER_PORTS(ID_WIDTH, DATA_WIDTH),
  output wire irq,
  input  wire blk_resize_valid,
  input  wire [63:0] blk_resize_sectors
);

  vio_top #(
    .DEVICE_ID (DEVICE_ID), .DATA_WIDTH (DATA_WIDTH), .ID_WIDTH (ID_WIDTH)
  ) dut (
    .clk (clk), .rst_n (rst_n),
    `VIO_AXIL_CONN(s_axil_, s_axil_),
    `VIO_AXI_CONN(m_axi_, m_axi_),
    .irq (irq),
    .blk_resize_valid (blk_resize_valid),
    .blk_resize_sectors (blk_resize_sectors)
  );

  vio_dut_props #(
    .ID_WIDTH (ID_WIDTH), .DATA_WIDTH (DATA_WIDTH)
  ) f_dut (
    .clk (clk), .rst_n (rst_n),
    `VIO_AXIL_CONN(s_axil_, s_axil_),
    `VIO_AXI_CONN(m_axi_, m_axi_),
    .f_reg_writes (), .f_reg_reads (), .f_dma_writes (), .f_dma_reads ()
  );

endmodule

`default_nettype wire
