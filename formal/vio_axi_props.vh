// SPDX-License-Identifier: MIT
// The tracking-state connections of formal/vio_axi_props.v (docs/formal.md),
// written once for the proofs that bind it. Its interface ports are named
// as the AXI4 signals without a prefix, so rtl/vio_axi_ports.vh connects
// them: `VIO_AXI_CORE_CONN(, m_axi_) for a whole port.
`ifndef VIO_AXI_PROPS_VH
`define VIO_AXI_PROPS_VH
`include "vio_axi_ports.vh"

/// The tracking state into wires F``awo .. F``rb (F: their prefix, e.g.
/// fm_ for fm_awo, fm_aro, fm_aqn, fm_aql, fm_aqi, fm_eqn, fm_eql, fm_wb,
/// fm_bo, fm_rn, fm_rl, fm_rb).
`define VIO_AXI_PROPS_TRACK_CONN(F) \
  .f_aw_outstanding (F``awo), .f_ar_outstanding (F``aro), \
  .f_aw_wait (F``aqn), .f_aw_wait_len (F``aql), .f_aw_wait_id (F``aqi), \
  .f_w_early (F``eqn), .f_w_early_len (F``eql), .f_w_beat (F``wb), \
  .f_b_owed (F``bo), .f_r_bursts (F``rn), .f_r_len (F``rl), \
  .f_r_beat (F``rb)

`endif
