// SPDX-License-Identifier: MIT
// Wires and connections of the configuration-space port (vio_cfg_ports.vh).
// Each macro is a list without a separator after its last item, so it
// stands anywhere in a list.
`ifndef VIO_CFG_CONN_VH
`define VIO_CFG_CONN_VH

/// The wires between a register block and a device function.
`define VIO_CFG_WIRES \
  wire        cfg_wr_en, cfg_rd_en, cfg_change; \
  wire [11:0] cfg_wr_addr, cfg_rd_addr; \
  wire [31:0] cfg_wdata, cfg_rdata; \
  wire [3:0]  cfg_wstrb

/// Connects an instance's port (either end) to the wires of the same names.
`define VIO_CFG_CONN \
  .cfg_wr_en(cfg_wr_en), .cfg_wr_addr(cfg_wr_addr), .cfg_wdata(cfg_wdata), \
  .cfg_wstrb(cfg_wstrb), .cfg_rd_en(cfg_rd_en), .cfg_rd_addr(cfg_rd_addr), \
  .cfg_rdata(cfg_rdata), .cfg_change(cfg_change)

`endif
