// SPDX-License-Identifier: MIT
`default_nettype none
`include "vio_axil_ports.vh"
`include "vio_axi_ports.vh"
`include "vio_axi_props.vh"

/// The bus rules of the DUT contract (docs/dut.md, docs/formal.md) in one
/// instance: the AXI4-Lite slave rules on s_axil_* (formal/vio_axil_props.v,
/// the register block's port) and the AXI4 master rules on m_axi_*
/// (formal/vio_axi_props.v, the DMA port). Bind it to any design with the
/// contract's ports: every port is an input, so an instance next to the
/// design (in a wrapper, or under `ifdef FORMAL in the design) connects
/// with the contract's connection macros:
///
///   vio_dut_props #(.ID_WIDTH(4), .DATA_WIDTH(64)) f_dut (
///     .clk(clk), .rst_n(rst_n),
///     `VIO_AXIL_CONN(s_axil_, s_axil_), `VIO_AXI_CONN(m_axi_, m_axi_));
///
/// The design's rules are asserted: the slave rules on s_axil_*, the master
/// rules on m_axi_*; the other side's are assumed: a master that keeps the
/// AXI4-Lite master rules with at most AXIL_MAX_OUTSTANDING accesses of each
/// kind in flight, a memory that keeps the AXI4 slave rules with at most
/// MAX_WRITES writes and MAX_READS read bursts outstanding (more are held
/// back by the assumption: a design that issues more is not checked beyond
/// that point, see docs/formal.md). Reset is low in the first cycle. The
/// outstanding counts are outputs, for the design's invariants.
module vio_dut_props #(
  /// s_axil_* address width (the contract's is 12: one 4 KiB window).
  parameter integer AXIL_ADDR_WIDTH      = 12,
  /// Most AXI4-Lite accesses of each kind in flight (S4 of vio_axil_props).
  parameter integer AXIL_MAX_OUTSTANDING = 4,
  /// 0, or the most cycles an access may wait for its response (S5).
  parameter integer AXIL_MAX_DELAY       = 0,
  /// m_axi_* ID width (1..8).
  parameter integer ID_WIDTH             = 4,
  /// m_axi_* data width (32..1024).
  parameter integer DATA_WIDTH           = 64,
  /// Most writes and read bursts outstanding on m_axi_*.
  parameter integer MAX_WRITES           = 2,
  parameter integer MAX_READS            = 2,
  /// 1: the design issues INCR bursts only (asserted).
  parameter integer INCR_ONLY            = 1,
  /// Derived; do not set.
  parameter integer LCW = $clog2(AXIL_MAX_OUTSTANDING + 2),
  parameter integer WCW = $clog2(MAX_WRITES + 2),
  parameter integer RCW = $clog2(MAX_READS + 2)
) (
  input  wire           clk,
  input  wire           rst_n,
  `VIO_AXIL_PORTS(s_axil_, input, input, AXIL_ADDR_WIDTH),
  `VIO_AXI_PORTS(m_axi_, input, input, ID_WIDTH, DATA_WIDTH),
  /// s_axil_*: writes (AW) and reads accepted and not yet answered.
  output wire [LCW-1:0] f_reg_writes,
  output wire [LCW-1:0] f_reg_reads,
  /// m_axi_*: writes and read bursts accepted and not yet answered.
  output wire [WCW-1:0] f_dma_writes,
  output wire [RCW-1:0] f_dma_reads
);

  localparam integer NID = 1 << ID_WIDTH;

  wire [LCW-1:0] f_w_unused;

  vio_axil_props #(
    .ADDR_WIDTH (AXIL_ADDR_WIDTH), .SLAVE_SIDE (1),
    .MAX_OUTSTANDING (AXIL_MAX_OUTSTANDING), .MAX_DELAY (AXIL_MAX_DELAY)
  ) f_axil (
    .clk (clk), .rst_n (rst_n),
    `VIO_AXIL_CONN(, s_axil_),
    .f_aw_outstanding (f_reg_writes), .f_w_outstanding (f_w_unused),
    .f_ar_outstanding (f_reg_reads)
  );

  wire [WCW-1:0]                 fm_awo, fm_aqn, fm_eqn;
  wire [RCW-1:0]                 fm_aro;
  wire [MAX_WRITES*8-1:0]        fm_aql, fm_eql;
  wire [MAX_WRITES*ID_WIDTH-1:0] fm_aqi;
  wire [7:0]                     fm_wb;
  wire [NID*WCW-1:0]             fm_bo;
  wire [NID*RCW-1:0]             fm_rn;
  wire [NID*MAX_READS*8-1:0]     fm_rl;
  wire [NID*8-1:0]               fm_rb;

  vio_axi_props #(
    .ID_WIDTH (ID_WIDTH), .ADDR_WIDTH (64), .DATA_WIDTH (DATA_WIDTH),
    .MASTER_SIDE (1), .MAX_WRITES (MAX_WRITES), .MAX_READS (MAX_READS),
    .INCR_ONLY (INCR_ONLY), .COVER_W_EARLY (0)
  ) f_axi (
    .clk (clk), .rst_n (rst_n),
    `VIO_AXI_CORE_CONN(, m_axi_),
    `VIO_AXI_PROPS_TRACK_CONN(fm_)
  );

  assign f_dma_writes = fm_awo;
  assign f_dma_reads  = fm_aro;

  // The attributes are not checked; the tracking state beyond the counts
  // is for vio_axi_props' own invariants.
  wire unused_ok = &{1'b0, m_axi_awlock, m_axi_awcache, m_axi_awprot,
                     m_axi_arlock, m_axi_arcache, m_axi_arprot, f_w_unused,
                     fm_aqn, fm_eqn, fm_aql, fm_eql, fm_aqi, fm_wb, fm_bo,
                     fm_rn, fm_rl, fm_rb, 1'b0};

endmodule

`default_nettype wire
