// Connections of a device function's ring-engine port (docs/device-function.md)
// inside an instantiation in vio_top: clock, resets and every df_* signal
// except df_done_len, which the instantiation names itself. Included, not
// compiled on its own.
.clk(clk), .rst_n(rst_n), .df_rst(df_rst),
.df_want(df_want), .df_want_next(df_want_next),
.df_chain_valid(df_chain_valid),
.df_chain_ready(df_chain_ready), .df_chain_queue(df_chain_queue),
.df_chain_head(df_chain_head), .df_chain_rd_bytes(df_chain_rd_bytes),
.df_chain_wr_bytes(df_chain_wr_bytes),
.df_rd_cmd_valid(df_rd_cmd_valid), .df_rd_cmd_ready(df_rd_cmd_ready),
.df_rd_cmd_len(df_rd_cmd_len), .df_rd_valid(df_rd_valid),
.df_rd_ready(df_rd_ready), .df_rd_data(df_rd_data),
.df_rd_last(df_rd_last), .df_rd_cut(df_rd_cut),
.df_wr_cmd_valid(df_wr_cmd_valid), .df_wr_cmd_ready(df_wr_cmd_ready),
.df_wr_cmd_len(df_wr_cmd_len), .df_wr_valid(df_wr_valid),
.df_wr_ready(df_wr_ready), .df_wr_data(df_wr_data),
.df_done_valid(df_done_valid), .df_done_ready(df_done_ready),
