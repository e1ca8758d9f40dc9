// SPDX-License-Identifier: MIT
// The configuration-space port between the register block and a device
// function (docs/register-block.md), declared once for both ends. Included
// inside a port list, with at least one more port after it (it ends with a
// comma). Written from the device function's side; vio_mmio_regs defines
// VIO_CFG_REGS before including it, which turns every direction round.
// There is no handshake: a write is a one-cycle strobe, a read a one-cycle
// strobe answered in the next cycle. Not compiled on its own;
// vio_cfg_conn.vh holds the wires and connections.
`ifdef VIO_CFG_REGS
`define VIO_CFG_IN  output
`define VIO_CFG_OUT input
`else
`define VIO_CFG_IN  input
`define VIO_CFG_OUT output
`endif
  /// One-cycle write strobe: a driver write to the configuration space
  /// (register offset 0x100 + cfg_wr_addr), in the cycle of the AXI write.
  `VIO_CFG_IN  wire        cfg_wr_en,
  /// Byte offset of the word written in the configuration space (bits 1:0
  /// are 0).
  `VIO_CFG_IN  wire [11:0] cfg_wr_addr,
  /// Write data, AXI lanes: byte b of the word at bits 8b+7:8b.
  `VIO_CFG_IN  wire [31:0] cfg_wdata,
  /// Write byte strobes (8-, 16- and 32-bit accesses).
  `VIO_CFG_IN  wire [3:0]  cfg_wstrb,
  /// One-cycle read strobe: a driver read of the configuration space.
  `VIO_CFG_IN  wire        cfg_rd_en,
  /// Byte offset of the word read (bits 1:0 are 0).
  `VIO_CFG_IN  wire [11:0] cfg_rd_addr,
  /// Read data, valid in the cycle after cfg_rd_en (0 past the space).
  `VIO_CFG_OUT wire [31:0] cfg_rdata,
  /// One-cycle pulse: the device changed its configuration
  /// (ConfigGeneration + 1, and InterruptStatus CONFIG if DRIVER_OK is set).
  `VIO_CFG_OUT wire        cfg_change,
`undef VIO_CFG_IN
`undef VIO_CFG_OUT
