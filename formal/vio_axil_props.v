// SPDX-License-Identifier: MIT
`default_nettype none

/// AXI4-Lite interface properties (SymbiYosys, `read -formal`), written from
/// the AMBA AXI4-Lite rules. Bind it to one AXI4-Lite interface: every port
/// is an input, the interface's nineteen signals plus clock and reset, and it
/// drives nothing but its counters (outputs, for invariants of the design).
///
/// Roles (SLAVE_SIDE): the rules split into what the master must do and what
/// the slave must do. With SLAVE_SIDE = 1 (the design under proof is the
/// slave) the master's rules are assumed and the slave's asserted; with
/// SLAVE_SIDE = 0 (the design is the master) the master's rules are asserted
/// and the slave's assumed.
///
/// Master rules (assumed when SLAVE_SIDE = 1):
/// - M1 reset: in the cycle after a cycle with rst_n low, AWVALID, WVALID and
///   ARVALID are low.
/// - M2 handshake: once AWVALID (WVALID, ARVALID) is high without its READY,
///   it stays high in the next cycle with AWADDR/AWPROT (WDATA/WSTRB,
///   ARADDR/ARPROT) unchanged.
/// Slave rules (asserted when SLAVE_SIDE = 1):
/// - S1 reset: in the cycle after a cycle with rst_n low, BVALID and RVALID
///   are low.
/// - S2 handshake: once BVALID (RVALID) is high without BREADY (RREADY), it
///   stays high in the next cycle with BRESP (RDATA/RRESP) unchanged.
/// - S3 no response without a request: BVALID only while a write address
///   and a write data beat have both been accepted in earlier cycles and not
///   yet answered (f_aw_outstanding > 0, f_w_outstanding > 0); RVALID only
///   while an accepted read is unanswered (f_ar_outstanding > 0). With the
///   counters this makes every response answer exactly one request, in order
///   (AXI4-Lite has no IDs: a channel answers in order by definition), and
///   never a response twice.
/// - S4 bounded outstanding count: each counter stays at most MAX_OUTSTANDING.
/// - S5 no dropped response (when MAX_DELAY > 0): while a write (AW and W
///   accepted) or a read is unanswered, the matching VALID rises within
///   MAX_DELAY cycles. Back-pressure does not count: the wait is counted only
///   while the response VALID is low.
///
/// Counters (outputs): f_aw_outstanding = AW handshakes - B handshakes,
/// f_w_outstanding = W handshakes - B handshakes, f_ar_outstanding = AR
/// handshakes - R handshakes, all cleared by reset. A proof by induction
/// usually needs assertions that tie them to the design's state (e.g. "the
/// read counter equals the reads in the response queue"): write those beside
/// the design, from these outputs.
///
/// Covers (reached by a cover run when the design can do them): a write and
/// a read completed; two reads outstanding while RREADY is low; a write
/// response held under back-pressure (BVALID && !BREADY for two cycles); an
/// AW and its W accepted in different cycles; back-to-back reads (an R in
/// each of two consecutive cycles); the two that need reads to overlap only
/// with COVER_OVERLAP = 1.
///
/// Binding: instantiate it beside (or, under `ifdef FORMAL`, inside) the
/// design with every port connected to the interface of the same name, e.g.
///   vio_axil_props #(.ADDR_WIDTH(12), .SLAVE_SIDE(1), .MAX_OUTSTANDING(2))
///   f_axil (.clk(clk), .rst_n(rst_n), .awaddr(s_axil_awaddr), ...,
///           .f_aw_outstanding(f_aw), .f_w_outstanding(f_w),
///           .f_ar_outstanding(f_ar));
/// read it with `read -formal`, and assume rst_n low in the first cycle (this
/// module does: reset is assumed low while no clock edge has passed). See
/// docs/formal.md.
module vio_axil_props #(
  /// AXI4-Lite address width in bits.
  parameter integer ADDR_WIDTH      = 12,
  /// 1: the design is the slave (master rules assumed, slave rules
  /// asserted); 0: the design is the master (the reverse).
  parameter integer SLAVE_SIDE      = 1,
  /// S4: the most requests of one kind the slave may hold unanswered (1..).
  parameter integer MAX_OUTSTANDING = 4,
  /// S5: the most cycles an unanswered request may wait with its response
  /// VALID low; 0 turns S5 off.
  parameter integer MAX_DELAY       = 0,
  /// 1: also the covers that need overlapping reads (two outstanding,
  /// back-to-back responses); 0 for a slave with one read at a time.
  parameter integer COVER_OVERLAP   = 1,
  /// Width of the counters (derived; do not set).
  parameter integer CW              = $clog2(MAX_OUTSTANDING + 2)
) (
  /// Clock of the interface.
  input  wire                  clk,
  /// Synchronous active-low reset of the interface.
  input  wire                  rst_n,
  // The AXI4-Lite signals, named as in the specification (lower case,
  // without a prefix); every one is an input here.
  input  wire [ADDR_WIDTH-1:0] awaddr,
  input  wire [2:0]            awprot,
  input  wire                  awvalid,
  input  wire                  awready,
  input  wire [31:0]           wdata,
  input  wire [3:0]            wstrb,
  input  wire                  wvalid,
  input  wire                  wready,
  input  wire [1:0]            bresp,
  input  wire                  bvalid,
  input  wire                  bready,
  input  wire [ADDR_WIDTH-1:0] araddr,
  input  wire [2:0]            arprot,
  input  wire                  arvalid,
  input  wire                  arready,
  input  wire [31:0]           rdata,
  input  wire [1:0]            rresp,
  input  wire                  rvalid,
  input  wire                  rready,
  /// AW handshakes not yet answered by a B handshake.
  output reg  [CW-1:0]         f_aw_outstanding,
  /// W handshakes not yet answered by a B handshake.
  output reg  [CW-1:0]         f_w_outstanding,
  /// AR handshakes not yet answered by an R handshake.
  output reg  [CW-1:0]         f_ar_outstanding
);

  // A rule of the master (M_RULE) or of the slave (S_RULE): asserted on the
  // design's side, assumed on its environment's.
`define VIO_AXIL_M_RULE(c) if (SLAVE_SIDE != 0) assume (c); else assert (c);
`define VIO_AXIL_S_RULE(c) if (SLAVE_SIDE != 0) assert (c); else assume (c);

  localparam [CW-1:0] MAX_OUT = MAX_OUTSTANDING;

  // ---------------------------------------------------------------------------
  // Reset: low in the first cycle; f_past_valid once a clock edge has passed.
  // ---------------------------------------------------------------------------
  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;

  always @(*) if (!f_past_valid) assume (!rst_n);

  // The cycle follows a cycle out of reset: the handshake rules apply.
  reg f_rst_n_q = 1'b0;
  always @(posedge clk) f_rst_n_q <= rst_n;
  wire f_run = f_past_valid && f_rst_n_q && rst_n;

  wire aw_hs = awvalid && awready;
  wire w_hs  = wvalid && wready;
  wire b_hs  = bvalid && bready;
  wire ar_hs = arvalid && arready;
  wire r_hs  = rvalid && rready;

  // ---------------------------------------------------------------------------
  // M1, S1: reset
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin
    if (f_past_valid && !$past(rst_n)) begin
      `VIO_AXIL_M_RULE(!awvalid)
      `VIO_AXIL_M_RULE(!wvalid)
      `VIO_AXIL_M_RULE(!arvalid)
      `VIO_AXIL_S_RULE(!bvalid)
      `VIO_AXIL_S_RULE(!rvalid)
    end
  end

  // ---------------------------------------------------------------------------
  // M2, S2: a VALID without its READY holds, payload unchanged
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin
    if (f_run) begin
      if ($past(awvalid && !awready)) begin
        `VIO_AXIL_M_RULE(awvalid)
        `VIO_AXIL_M_RULE($stable(awaddr) && $stable(awprot))
      end
      if ($past(wvalid && !wready)) begin
        `VIO_AXIL_M_RULE(wvalid)
        `VIO_AXIL_M_RULE($stable(wdata) && $stable(wstrb))
      end
      if ($past(arvalid && !arready)) begin
        `VIO_AXIL_M_RULE(arvalid)
        `VIO_AXIL_M_RULE($stable(araddr) && $stable(arprot))
      end
      if ($past(bvalid && !bready)) begin
        `VIO_AXIL_S_RULE(bvalid)
        `VIO_AXIL_S_RULE($stable(bresp))
      end
      if ($past(rvalid && !rready)) begin
        `VIO_AXIL_S_RULE(rvalid)
        `VIO_AXIL_S_RULE($stable(rdata) && $stable(rresp))
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Outstanding counters
  // ---------------------------------------------------------------------------
  initial f_aw_outstanding = {CW{1'b0}};
  initial f_w_outstanding  = {CW{1'b0}};
  initial f_ar_outstanding = {CW{1'b0}};

  always @(posedge clk) begin
    if (!rst_n) begin
      f_aw_outstanding <= {CW{1'b0}};
      f_w_outstanding  <= {CW{1'b0}};
      f_ar_outstanding <= {CW{1'b0}};
    end else begin
      f_aw_outstanding <= f_aw_outstanding + {{CW-1{1'b0}}, aw_hs}
                                           - {{CW-1{1'b0}}, b_hs};
      f_w_outstanding  <= f_w_outstanding + {{CW-1{1'b0}}, w_hs}
                                          - {{CW-1{1'b0}}, b_hs};
      f_ar_outstanding <= f_ar_outstanding + {{CW-1{1'b0}}, ar_hs}
                                           - {{CW-1{1'b0}}, r_hs};
    end
  end

  // ---------------------------------------------------------------------------
  // S3: no response without a request; S4: bounded outstanding count
  // ---------------------------------------------------------------------------
  always @(*) begin
    if (f_past_valid && rst_n) begin
      if (bvalid) begin
        `VIO_AXIL_S_RULE(f_aw_outstanding != {CW{1'b0}})
        `VIO_AXIL_S_RULE(f_w_outstanding != {CW{1'b0}})
      end
      if (rvalid) begin
        `VIO_AXIL_S_RULE(f_ar_outstanding != {CW{1'b0}})
      end
      `VIO_AXIL_S_RULE(f_aw_outstanding <= MAX_OUT)
      `VIO_AXIL_S_RULE(f_w_outstanding <= MAX_OUT)
      `VIO_AXIL_S_RULE(f_ar_outstanding <= MAX_OUT)
    end
  end

  // ---------------------------------------------------------------------------
  // S5: an unanswered request sees its response VALID within MAX_DELAY
  // cycles (counted while VALID is low)
  // ---------------------------------------------------------------------------
  generate
    if (MAX_DELAY > 0) begin : g_delay
      localparam integer DW = $clog2(MAX_DELAY + 2);
      localparam [DW-1:0] MAX_D = MAX_DELAY;
      reg [DW-1:0] f_b_wait = {DW{1'b0}};
      reg [DW-1:0] f_r_wait = {DW{1'b0}};
      always @(posedge clk) begin
        if (!rst_n || bvalid || f_aw_outstanding == {CW{1'b0}}
            || f_w_outstanding == {CW{1'b0}})
          f_b_wait <= {DW{1'b0}};
        else if (f_b_wait <= MAX_D)
          f_b_wait <= f_b_wait + {{DW-1{1'b0}}, 1'b1};
        if (!rst_n || rvalid || f_ar_outstanding == {CW{1'b0}})
          f_r_wait <= {DW{1'b0}};
        else if (f_r_wait <= MAX_D)
          f_r_wait <= f_r_wait + {{DW-1{1'b0}}, 1'b1};
      end
      always @(*) begin
        if (rst_n) begin
          `VIO_AXIL_S_RULE(f_b_wait <= MAX_D)
          `VIO_AXIL_S_RULE(f_r_wait <= MAX_D)
        end
      end
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Covers (only where the design is under proof: the slave's side)
  // ---------------------------------------------------------------------------
  reg f_aw_early = 1'b0;  // an AW accepted before its W
  always @(posedge clk) begin
    if (!rst_n) f_aw_early <= 1'b0;
    else if (aw_hs && !w_hs && f_w_outstanding <= f_aw_outstanding)
      f_aw_early <= 1'b1;
  end

  always @(posedge clk) begin
    if (f_run) begin
      // a write and a read completed
      cover (b_hs);
      cover (r_hs);
      // two reads outstanding while RREADY is low
      if (COVER_OVERLAP != 0) cover (f_ar_outstanding >= 2 && rvalid && !rready);
      // a write response held under back-pressure for two cycles
      cover ($past(bvalid && !bready) && bvalid && !bready);
      // an AW accepted in an earlier cycle than its W, then answered
      cover (f_aw_early && b_hs);
      // back-to-back read responses
      if (COVER_OVERLAP != 0) cover ($past(r_hs) && r_hs);
    end
  end

`undef VIO_AXIL_M_RULE
`undef VIO_AXIL_S_RULE

endmodule

`default_nettype wire
