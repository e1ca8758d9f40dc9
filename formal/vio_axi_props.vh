// SPDX-License-Identifier: MIT
// Connections of formal/vio_axi_props.v (docs/formal.md), written once for
// the proofs that bind it: P is the prefix of the interface's signals
// (m_axi_), F the prefix of the wires that take its tracking state (fm_:
// fm_awo, fm_aro, fm_aqn, fm_aql, fm_aqi, fm_eqn, fm_eql, fm_wb, fm_bo,
// fm_rn, fm_rl, fm_rb). Every macro expands to a comma-separated list with
// none after the last item.
`ifndef VIO_AXI_PROPS_VH
`define VIO_AXI_PROPS_VH

/// The write channels (AW, W, B) from signals P``awid .. P``bready.
`define VIO_AXI_PROPS_WR_CONN(P) \
  .awid (P``awid), .awaddr (P``awaddr), .awlen (P``awlen), \
  .awsize (P``awsize), .awburst (P``awburst), \
  .awvalid (P``awvalid), .awready (P``awready), \
  .wdata (P``wdata), .wstrb (P``wstrb), .wlast (P``wlast), \
  .wvalid (P``wvalid), .wready (P``wready), \
  .bid (P``bid), .bresp (P``bresp), .bvalid (P``bvalid), \
  .bready (P``bready)

/// The read channels (AR, R) from signals P``arid .. P``rready.
`define VIO_AXI_PROPS_RD_CONN(P) \
  .arid (P``arid), .araddr (P``araddr), .arlen (P``arlen), \
  .arsize (P``arsize), .arburst (P``arburst), \
  .arvalid (P``arvalid), .arready (P``arready), \
  .rid (P``rid), .rdata (P``rdata), .rresp (P``rresp), \
  .rlast (P``rlast), .rvalid (P``rvalid), .rready (P``rready)

/// The tracking state into wires F``awo .. F``rb.
`define VIO_AXI_PROPS_TRACK_CONN(F) \
  .f_aw_outstanding (F``awo), .f_ar_outstanding (F``aro), \
  .f_aw_wait (F``aqn), .f_aw_wait_len (F``aql), .f_aw_wait_id (F``aqi), \
  .f_w_early (F``eqn), .f_w_early_len (F``eql), .f_w_beat (F``wb), \
  .f_b_owed (F``bo), .f_r_bursts (F``rn), .f_r_len (F``rl), \
  .f_r_beat (F``rb)

`endif
