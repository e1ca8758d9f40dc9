// SPDX-License-Identifier: MIT
`default_nettype none

/// AXI4 (full) interface properties (SymbiYosys, `read -formal`), written
/// from the AMBA AXI4 rules. Bind it to one AXI4 interface: every port is an
/// input (the interface's signals without the attributes AxLOCK, AxCACHE,
/// AxPROT, AxQOS, plus clock and reset), and it drives nothing but its
/// tracking state (outputs, for invariants of the design).
///
/// Roles (MASTER_SIDE): with MASTER_SIDE = 1 (the design under proof is the
/// master, e.g. a DMA) the master's rules are asserted and the slave's
/// assumed; with MASTER_SIDE = 0 (the design is the slave, e.g. an
/// interconnect's slave port) the reverse.
///
/// Master rules:
/// - M1 reset: in the cycle after a reset cycle AWVALID, WVALID, ARVALID low.
/// - M2 handshake: AWVALID (WVALID, ARVALID) without its READY stays high in
///   the next cycle with its whole payload (ID, address, length, size, burst;
///   data, strobes, WLAST) unchanged.
/// - M3 legal bursts (on AWVALID, ARVALID): AxBURST not reserved (3), INCR
///   only when INCR_ONLY = 1; AxSIZE at most log2(DATA_WIDTH/8); an INCR
///   burst does not cross a 4 KiB boundary; a WRAP burst has 2, 4, 8 or 16
///   beats and an address aligned to the size; a FIXED burst at most 16 beats.
/// - M4 write data: W bursts follow the AW order (AXI4 has no WID); the
///   burst of an accepted AW has exactly AWLEN + 1 beats, WLAST on the last
///   one only. A W burst may be accepted before its AW (AXI allows it): its
///   beats are counted and the AW that comes for it must have AWLEN + 1
///   equal to their number (never fewer beats than already sent); no burst
///   beyond 256 beats.
/// Slave rules:
/// - S1 reset: in the cycle after a reset cycle BVALID, RVALID low.
/// - S2 handshake: BVALID (RVALID) without BREADY (RREADY) stays high with
///   BID/BRESP (RID/RDATA/RRESP/RLAST) unchanged.
/// - S3 write responses: BVALID with BID = i only while a write of ID i has
///   its AW and all its W beats accepted in earlier cycles and is unanswered.
/// - S4 read data: RVALID with RID = i only while a read burst of ID i is
///   outstanding (its AR accepted in an earlier cycle); the bursts of one ID
///   are answered in AR order, RLAST exactly on the last beat (ARLEN + 1) of
///   the oldest; different IDs may interleave.
/// - S5 bounds: at most MAX_WRITES writes (AW accepted, B not yet) and at
///   most MAX_READS read bursts outstanding, at most MAX_WRITES W bursts
///   accepted ahead of their AW.
///
/// Tracking state (outputs, cleared by reset), for invariants of the design:
/// f_aw_outstanding (AW - B handshakes), f_ar_outstanding (AR handshakes -
/// R handshakes with RLAST), f_aw_wait (AWs whose W bursts are not yet all
/// accepted, oldest first: f_aw_wait_len / f_aw_wait_id, entry k at
/// [k*8 +: 8] / [k*ID_WIDTH +: ID_WIDTH]), f_w_early (W bursts accepted
/// ahead of their AW, lengths f_w_early_len), f_w_beat (beats accepted of
/// the W burst in progress), per ID i: f_b_owed (writes of ID i with AW and
/// every W beat accepted, unanswered; [i*WCW +: WCW]), f_r_bursts (read
/// bursts outstanding; [i*RCW +: RCW]), f_r_len (their ARLEN, oldest first;
/// [(i*MAX_READS + k)*8 +: 8]), f_r_beat (beats returned of the oldest;
/// [i*8 +: 8]). The module asserts how they hang together (f_aw_outstanding
/// = f_aw_wait + every f_b_owed, and so on).
///
/// Covers: a multi-beat write answered; a multi-beat read burst completed;
/// two reads outstanding while RREADY is low; a W burst stalled mid-burst
/// (WVALID low or WREADY low after a beat, before WLAST); with COVER_W_EARLY
/// also a W beat accepted before its AW.
module vio_axi_props #(
  /// ID width of AW/AR/B/R (1..8; the tracking state grows with 2**ID_WIDTH).
  parameter integer ID_WIDTH      = 1,
  /// Address width (13..64: the 4 KiB check needs 12 offset bits).
  parameter integer ADDR_WIDTH    = 32,
  /// Data width (8..1024, a power of two).
  parameter integer DATA_WIDTH    = 32,
  /// 1: the design is the master (master rules asserted, slave rules
  /// assumed); 0: the design is the slave (the reverse).
  parameter integer MASTER_SIDE   = 1,
  /// S5: the most writes outstanding (1..).
  parameter integer MAX_WRITES    = 2,
  /// S5: the most read bursts outstanding (1..), also per ID.
  parameter integer MAX_READS     = 2,
  /// 1: INCR bursts only (M3).
  parameter integer INCR_ONLY     = 0,
  /// 1: also cover a W beat accepted before its AW (a slave that never
  /// accepts W ahead of AW: 0).
  parameter integer COVER_W_EARLY = 1,
  /// Derived; do not set.
  parameter integer WCW = $clog2(MAX_WRITES + 2),
  parameter integer RCW = $clog2(MAX_READS + 2),
  parameter integer NID = 1 << ID_WIDTH
) (
  input  wire                             clk,
  input  wire                             rst_n,
  input  wire [ID_WIDTH-1:0]              awid,
  input  wire [ADDR_WIDTH-1:0]            awaddr,
  input  wire [7:0]                       awlen,
  input  wire [2:0]                       awsize,
  input  wire [1:0]                       awburst,
  input  wire                             awvalid,
  input  wire                             awready,
  input  wire [DATA_WIDTH-1:0]            wdata,
  input  wire [DATA_WIDTH/8-1:0]          wstrb,
  input  wire                             wlast,
  input  wire                             wvalid,
  input  wire                             wready,
  input  wire [ID_WIDTH-1:0]              bid,
  input  wire [1:0]                       bresp,
  input  wire                             bvalid,
  input  wire                             bready,
  input  wire [ID_WIDTH-1:0]              arid,
  input  wire [ADDR_WIDTH-1:0]            araddr,
  input  wire [7:0]                       arlen,
  input  wire [2:0]                       arsize,
  input  wire [1:0]                       arburst,
  input  wire                             arvalid,
  input  wire                             arready,
  input  wire [ID_WIDTH-1:0]              rid,
  input  wire [DATA_WIDTH-1:0]            rdata,
  input  wire [1:0]                       rresp,
  input  wire                             rlast,
  input  wire                             rvalid,
  input  wire                             rready,
  output reg  [WCW-1:0]                   f_aw_outstanding,
  output reg  [RCW-1:0]                   f_ar_outstanding,
  output reg  [WCW-1:0]                   f_aw_wait,
  output reg  [MAX_WRITES*8-1:0]          f_aw_wait_len,
  output reg  [MAX_WRITES*ID_WIDTH-1:0]   f_aw_wait_id,
  output reg  [WCW-1:0]                   f_w_early,
  output reg  [MAX_WRITES*8-1:0]          f_w_early_len,
  output reg  [7:0]                       f_w_beat,
  output reg  [NID*WCW-1:0]               f_b_owed,
  output reg  [NID*RCW-1:0]               f_r_bursts,
  output reg  [NID*MAX_READS*8-1:0]       f_r_len,
  output reg  [NID*8-1:0]                 f_r_beat
);

`define VIO_AXI_M_RULE(c) if (MASTER_SIDE != 0) assert (c); else assume (c);
`define VIO_AXI_S_RULE(c) if (MASTER_SIDE != 0) assume (c); else assert (c);

  localparam integer MAXW = MAX_WRITES;
  localparam integer MAXR = MAX_READS;
  localparam [2:0]   MAX_SIZE = $clog2(DATA_WIDTH / 8);

  // ---------------------------------------------------------------------------
  // Reset: low in the first cycle; f_run once out of reset for a cycle
  // ---------------------------------------------------------------------------
  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;
  always @(*) if (!f_past_valid) assume (!rst_n);
  reg f_rst_n_q = 1'b0;
  always @(posedge clk) f_rst_n_q <= rst_n;
  wire f_run = f_past_valid && f_rst_n_q && rst_n;

  wire aw_hs = awvalid && awready;
  wire w_hs  = wvalid && wready;
  wire b_hs  = bvalid && bready;
  wire ar_hs = arvalid && arready;
  wire r_hs  = rvalid && rready;

  // ---------------------------------------------------------------------------
  // M1, S1: reset; M2, S2: VALID held with its payload until READY
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin
    if (f_past_valid && !$past(rst_n)) begin
      `VIO_AXI_M_RULE(!awvalid)
      `VIO_AXI_M_RULE(!wvalid)
      `VIO_AXI_M_RULE(!arvalid)
      `VIO_AXI_S_RULE(!bvalid)
      `VIO_AXI_S_RULE(!rvalid)
    end
    if (f_run) begin
      if ($past(awvalid && !awready)) begin
        `VIO_AXI_M_RULE(awvalid)
        `VIO_AXI_M_RULE($stable(awid) && $stable(awaddr) && $stable(awlen)
                        && $stable(awsize) && $stable(awburst))
      end
      if ($past(wvalid && !wready)) begin
        `VIO_AXI_M_RULE(wvalid)
        `VIO_AXI_M_RULE($stable(wdata) && $stable(wstrb) && $stable(wlast))
      end
      if ($past(arvalid && !arready)) begin
        `VIO_AXI_M_RULE(arvalid)
        `VIO_AXI_M_RULE($stable(arid) && $stable(araddr) && $stable(arlen)
                        && $stable(arsize) && $stable(arburst))
      end
      if ($past(bvalid && !bready)) begin
        `VIO_AXI_S_RULE(bvalid)
        `VIO_AXI_S_RULE($stable(bid) && $stable(bresp))
      end
      if ($past(rvalid && !rready)) begin
        `VIO_AXI_S_RULE(rvalid)
        `VIO_AXI_S_RULE($stable(rid) && $stable(rdata) && $stable(rresp)
                        && $stable(rlast))
      end
    end
  end

  // ---------------------------------------------------------------------------
  // M3: legal bursts
  // ---------------------------------------------------------------------------
  function automatic legal_burst(input [ADDR_WIDTH-1:0] a, input [7:0] len,
                                 input [2:0] size, input [1:0] burst);
    reg [23:0] first, bytes;
    begin
      first = {12'd0, a[11:0]} >> size << size;
      bytes = {16'd0, len} + 24'd1 << size;
      legal_burst = (size <= MAX_SIZE) && (burst != 2'd3)
                    && (INCR_ONLY == 0 || burst == 2'd1);
      if (burst == 2'd1 && first + bytes > 24'd4096) legal_burst = 1'b0;
      if (burst == 2'd2 && !(len == 8'd1 || len == 8'd3 || len == 8'd7
                             || len == 8'd15)) legal_burst = 1'b0;
      if (burst == 2'd2 && first != {12'd0, a[11:0]}) legal_burst = 1'b0;
      if (burst == 2'd0 && len > 8'd15) legal_burst = 1'b0;
    end
  endfunction

  always @(*) begin
    if (f_past_valid && rst_n) begin
      if (awvalid) `VIO_AXI_M_RULE(legal_burst(awaddr, awlen, awsize, awburst))
      if (arvalid) `VIO_AXI_M_RULE(legal_burst(araddr, arlen, arsize, arburst))
    end
  end

  // ---------------------------------------------------------------------------
  // Tracking: writes (AW queue, early W bursts, beats, B owed per ID) and
  // reads (bursts per ID with their lengths, beats of the oldest)
  // ---------------------------------------------------------------------------
  initial begin
    f_aw_outstanding = {WCW{1'b0}};
    f_ar_outstanding = {RCW{1'b0}};
    f_aw_wait        = {WCW{1'b0}};
    f_w_early        = {WCW{1'b0}};
    f_w_beat         = 8'd0;
    f_b_owed         = {NID*WCW{1'b0}};
    f_r_bursts       = {NID*RCW{1'b0}};
    f_r_beat         = {NID*8{1'b0}};
  end

  // The AW this cycle's W beat belongs to, if known: the oldest waiting,
  // else an AW accepted now that has no early W burst to match.
  wire       w_head_known = (f_aw_wait != {WCW{1'b0}})
                            || (aw_hs && f_w_early == {WCW{1'b0}});
  wire [7:0] w_head_len   = (f_aw_wait != {WCW{1'b0}}) ? f_aw_wait_len[7:0] : awlen;

  // Each register's next value is computed from the registers directly,
  // per ID in a generate loop (no chains of blocking updates: they blow up
  // the solver's formula).
  wire aw_to_early = aw_hs && (f_w_early != {WCW{1'b0}});   // matches an early W
  wire aw_push     = aw_hs && !aw_to_early && (f_aw_wait < MAXW);
  wire aq_any      = (f_aw_wait != {WCW{1'b0}}) || aw_push;
  wire w_done      = w_hs && wlast;
  wire aq_pop      = w_done && aq_any;
  wire eq_push     = w_done && !aq_any && (f_w_early < MAXW);
  // the ID whose write gets all its beats now
  wire [ID_WIDTH-1:0] w_done_id = (f_aw_wait != {WCW{1'b0}})
                                  ? f_aw_wait_id[ID_WIDTH-1:0] : awid;

  // the AW queue after this cycle's push, before the pop
  reg [MAXW*8-1:0]        aql_p;
  reg [MAXW*ID_WIDTH-1:0] aqi_p;
  reg [MAXW*8-1:0]        eql_p;
  integer                 qk;
  always @(*) begin
    aql_p = f_aw_wait_len;
    aqi_p = f_aw_wait_id;
    eql_p = f_w_early_len;
    for (qk = 0; qk < MAXW; qk = qk + 1) begin
      if (aw_push && f_aw_wait == qk) begin
        aql_p[qk*8 +: 8] = awlen;
        aqi_p[qk*ID_WIDTH +: ID_WIDTH] = awid;
      end
      if (eq_push && f_w_early == qk) eql_p[qk*8 +: 8] = f_w_beat;
    end
  end

  always @(posedge clk) begin
    if (!rst_n) begin
      f_aw_outstanding <= {WCW{1'b0}};
      f_ar_outstanding <= {RCW{1'b0}};
      f_aw_wait        <= {WCW{1'b0}};
      f_w_early        <= {WCW{1'b0}};
      f_w_beat         <= 8'd0;
    end else begin
      f_aw_outstanding <= f_aw_outstanding + {{WCW-1{1'b0}}, aw_hs}
                                           - {{WCW-1{1'b0}}, b_hs};
      f_ar_outstanding <= f_ar_outstanding + {{RCW-1{1'b0}}, ar_hs}
                                           - {{RCW-1{1'b0}}, r_hs && rlast};
      f_aw_wait <= f_aw_wait + {{WCW-1{1'b0}}, aw_push} - {{WCW-1{1'b0}}, aq_pop};
      f_w_early <= f_w_early + {{WCW-1{1'b0}}, eq_push}
                             - {{WCW-1{1'b0}}, aw_to_early};
      if (w_hs) f_w_beat <= wlast ? 8'd0 : f_w_beat + 8'd1;
    end
    f_aw_wait_len <= aq_pop ? (aql_p >> 8) : aql_p;
    f_aw_wait_id  <= aq_pop ? (aqi_p >> ID_WIDTH) : aqi_p;
    f_w_early_len <= aw_to_early ? (eql_p >> 8) : eql_p;
  end

  genvar gt, gk;
  generate
    for (gt = 0; gt < NID; gt = gt + 1) begin : g_track
      wire b_inc = (aw_to_early && awid == gt) || (aq_pop && w_done_id == gt);
      wire b_dec = b_hs && bid == gt;
      wire r_push = ar_hs && arid == gt;
      wire r_beat = r_hs && rid == gt;
      wire r_pop  = r_beat && rlast;
      wire [RCW-1:0] rn = f_r_bursts[gt*RCW +: RCW];
      always @(posedge clk) begin
        if (!rst_n) begin
          f_b_owed[gt*WCW +: WCW] <= {WCW{1'b0}};
          f_r_bursts[gt*RCW +: RCW] <= {RCW{1'b0}};
          f_r_beat[gt*8 +: 8] <= 8'd0;
        end else begin
          f_b_owed[gt*WCW +: WCW] <= f_b_owed[gt*WCW +: WCW]
                                     + {{WCW-1{1'b0}}, b_inc} - {{WCW-1{1'b0}}, b_dec};
          f_r_bursts[gt*RCW +: RCW] <= rn + {{RCW-1{1'b0}}, r_push}
                                       - {{RCW-1{1'b0}}, r_pop};
          if (r_beat) f_r_beat[gt*8 +: 8] <= r_pop ? 8'd0 : f_r_beat[gt*8 +: 8] + 8'd1;
        end
      end
      // the read lengths: entry k takes the AR pushed at k (or k + 1 when
      // the oldest leaves in the same cycle), or shifts down
      for (gk = 0; gk < MAXR; gk = gk + 1) begin : g_rq
        wire [7:0] nxt = (gk + 1 < MAXR) ? f_r_len[(gt*MAXR + gk + 1)*8 +: 8] : 8'd0;
        always @(posedge clk) begin
          if (r_pop) begin
            if (r_push && rn == gk + 1) f_r_len[(gt*MAXR + gk)*8 +: 8] <= arlen;
            else f_r_len[(gt*MAXR + gk)*8 +: 8] <= nxt;
          end else if (r_push && rn == gk) begin
            f_r_len[(gt*MAXR + gk)*8 +: 8] <= arlen;
          end
        end
      end
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // M4: W beats against the AW lengths, in AW order; S3, S4: responses;
  // S5: bounds; and how the tracking state hangs together
  // ---------------------------------------------------------------------------
  reg [WCW-1:0] f_bo_bid;    // f_b_owed of BID
  reg [RCW-1:0] f_rn_rid;    // f_r_bursts of RID
  reg [7:0]     f_rlen_rid;  // ARLEN of RID's oldest burst
  reg [7:0]     f_rb_rid;    // beats returned of it
  reg [7:0]     f_sum_b, f_sum_r;
  integer f_k;
  always @(*) begin
    f_sum_b = 8'd0;
    f_sum_r = 8'd0;
    f_bo_bid = {WCW{1'b0}};
    f_rn_rid = {RCW{1'b0}};
    f_rlen_rid = 8'd0;
    f_rb_rid = 8'd0;
    for (f_k = 0; f_k < NID; f_k = f_k + 1) begin
      f_sum_b = f_sum_b + {{8-WCW{1'b0}}, f_b_owed[f_k*WCW +: WCW]};
      f_sum_r = f_sum_r + {{8-RCW{1'b0}}, f_r_bursts[f_k*RCW +: RCW]};
      if (bid == f_k) f_bo_bid = f_b_owed[f_k*WCW +: WCW];
      if (rid == f_k) begin
        f_rn_rid = f_r_bursts[f_k*RCW +: RCW];
        f_rlen_rid = f_r_len[f_k*MAXR*8 +: 8];
        f_rb_rid = f_r_beat[f_k*8 +: 8];
      end
    end
  end

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // M4: never more beats than the burst's AWLEN + 1, WLAST on the last
      if (w_head_known) `VIO_AXI_M_RULE(f_w_beat <= w_head_len)
      if (w_hs && w_head_known) `VIO_AXI_M_RULE(wlast == (f_w_beat == w_head_len))
      if (w_hs && !w_head_known && !wlast) `VIO_AXI_M_RULE(f_w_beat != 8'd255)
      if (aw_hs && f_w_early != {WCW{1'b0}})
        `VIO_AXI_M_RULE(awlen == f_w_early_len[7:0])
      // S3: B only for a write with every beat accepted, unanswered
      if (bvalid) `VIO_AXI_S_RULE(f_bo_bid != {WCW{1'b0}})
      // S4: R only for an outstanding burst of its ID, RLAST on its last beat
      if (rvalid) begin
        `VIO_AXI_S_RULE(f_rn_rid != {RCW{1'b0}})
        `VIO_AXI_S_RULE(rlast == (f_rb_rid == f_rlen_rid))
      end
      // S5: bounds
      `VIO_AXI_S_RULE(f_aw_outstanding <= MAXW)
      `VIO_AXI_S_RULE(f_ar_outstanding <= MAXR)
      `VIO_AXI_S_RULE(f_w_early <= MAXW)
    end
  end

  // The tracking state's own invariants: true whenever both sides keep their
  // rules (asserted: an induction step may not start outside them).
  genvar gi;
  generate
    for (gi = 0; gi < NID; gi = gi + 1) begin : g_id
      wire [RCW-1:0] rn_g = f_r_bursts[gi*RCW +: RCW];
      wire [7:0]     rb_g = f_r_beat[gi*8 +: 8];
      wire [7:0]     rl_g = f_r_len[gi*MAXR*8 +: 8];
      always @(*) begin
        if (f_past_valid && rst_n) begin
          assert (rn_g <= MAXR);
          if (rn_g == {RCW{1'b0}}) assert (rb_g == 8'd0);
          else assert (rb_g <= rl_g);
        end
      end
    end
  endgenerate

  always @(*) begin
    if (f_past_valid && rst_n) begin
      assert ({{8-WCW{1'b0}}, f_aw_outstanding} == {{8-WCW{1'b0}}, f_aw_wait} + f_sum_b);
      assert ({{8-RCW{1'b0}}, f_ar_outstanding} == f_sum_r);
      assert (f_aw_wait <= MAXW);
      assert (f_aw_wait == {WCW{1'b0}} || f_w_early == {WCW{1'b0}});
    end
  end

  // ---------------------------------------------------------------------------
  // Covers
  // ---------------------------------------------------------------------------
  reg f_long_w = 1'b0;  // a write of more than one beat waits for its B
  always @(posedge clk) begin
    if (!rst_n) f_long_w <= 1'b0;
    else if (w_hs && wlast && f_w_beat != 8'd0) f_long_w <= 1'b1;
  end

  always @(posedge clk) begin
    if (f_run) begin
      cover (f_long_w && b_hs);
      cover (r_hs && rlast && f_rb_rid != 8'd0);
      cover (f_ar_outstanding >= 2 && rvalid && !rready);
      cover (f_w_beat != 8'd0 && (!wvalid || !wready));
      if (COVER_W_EARLY != 0) cover (w_hs && !w_head_known);
    end
  end

`undef VIO_AXI_M_RULE
`undef VIO_AXI_S_RULE

endmodule

`default_nettype wire
