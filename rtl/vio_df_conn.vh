// SPDX-License-Identifier: MIT
// Wires and connections of the device-function port (vio_df_ports.vh).
// Each macro is a list without a separator after its last item, so it
// stands anywhere in a list.
`ifndef VIO_DF_CONN_VH
`define VIO_DF_CONN_VH

/// The df_* wires between the ring engine and a device function with NQ
/// queues and DW-bit streams (df_rst included; clk and rst_n are the
/// module's own).
`define VIO_DF_WIRES(NQ, DW) \
  wire [(NQ)-1:0] df_want, df_want_next; \
  wire            df_rst, df_chain_valid, df_chain_ready, df_chain_held; \
  wire [5:0]      df_chain_queue; \
  wire [15:0]     df_chain_head; \
  wire [31:0]     df_chain_rd_bytes, df_chain_wr_bytes; \
  wire            df_rd_cmd_valid, df_rd_cmd_ready, df_rd_valid, df_rd_ready, \
                  df_rd_last, df_rd_cut; \
  wire [(DW)-1:0] df_rd_data, df_wr_data; \
  wire            df_wr_cmd_valid, df_wr_cmd_ready, df_wr_valid, df_wr_ready; \
  wire            df_done_valid, df_done_ready, df_tagged; \
  wire [1:0]      df_chain_tag, df_rd_cmd_tag, df_wr_cmd_tag, df_done_tag; \
  wire [31:0]     df_rd_cmd_len, df_wr_cmd_len, df_done_len

/// Connects an instance's device-function port (either end) to the wires of
/// the same names, the clock and rst_n.
`define VIO_DF_CONN \
  .clk(clk), .rst_n(rst_n), .df_rst(df_rst), \
  .df_want(df_want), .df_want_next(df_want_next), \
  .df_tagged(df_tagged), .df_chain_tag(df_chain_tag), \
  .df_chain_valid(df_chain_valid), .df_chain_ready(df_chain_ready), \
  .df_chain_queue(df_chain_queue), .df_chain_head(df_chain_head), \
  .df_chain_rd_bytes(df_chain_rd_bytes), \
  .df_chain_wr_bytes(df_chain_wr_bytes), .df_chain_held(df_chain_held), \
  .df_rd_cmd_valid(df_rd_cmd_valid), .df_rd_cmd_ready(df_rd_cmd_ready), \
  .df_rd_cmd_len(df_rd_cmd_len), .df_rd_cmd_tag(df_rd_cmd_tag), \
  .df_rd_valid(df_rd_valid), \
  .df_rd_ready(df_rd_ready), .df_rd_data(df_rd_data), \
  .df_rd_last(df_rd_last), .df_rd_cut(df_rd_cut), \
  .df_wr_cmd_valid(df_wr_cmd_valid), .df_wr_cmd_ready(df_wr_cmd_ready), \
  .df_wr_cmd_len(df_wr_cmd_len), .df_wr_cmd_tag(df_wr_cmd_tag), \
  .df_wr_valid(df_wr_valid), \
  .df_wr_ready(df_wr_ready), .df_wr_data(df_wr_data), \
  .df_done_valid(df_done_valid), .df_done_ready(df_done_ready), \
  .df_done_len(df_done_len), .df_done_tag(df_done_tag)

`endif
