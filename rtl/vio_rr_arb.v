// SPDX-License-Identifier: MIT
`default_nettype none

/// Round-robin picker of one requester among N, for a valid/ready channel.
///
/// - The pick is the first requester with req high after the one presented
///   last, wrapping around (the one presented last comes last). After reset
///   the one presented last counts as requester RESET_LAST.
/// - valid is high when en is high and the granted requester asks. A grant
///   that was presented (valid) without ack is held in the next cycle, so a
///   requester that keeps req high and its payload stable (as AXI demands)
///   keeps the output stable until ack. Without a request the grant is the
///   one presented last (its payload is then don't care).
/// - gnt, gnt_oh and valid are combinational from req and the registers; ack
///   and en reach nothing but the registers. The only state is the index of
///   the one presented last and the hold flag.
module vio_rr_arb #(
  /// Number of requesters (1..256).
  parameter integer N  = 2,
  /// Requester counted as presented last after reset (0..N-1): the first
  /// pick goes to the first one asking after it (N-1: requester 0 first).
  parameter integer RESET_LAST = 0,
  /// Bits of a requester index (derived; do not set).
  parameter integer IW = (N > 1) ? $clog2(N) : 1
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire          clk,
  /// Synchronous active-low reset.
  input  wire          rst_n,

  // ---------------------------------------------------------------------------
  // Requests and grant
  // ---------------------------------------------------------------------------
  /// Requests, one bit per requester (VALID of each).
  input  wire [N-1:0]  req,
  /// The output may be presented (low: valid stays low, nothing changes).
  input  wire          en,
  /// The presented request is accepted this cycle (the output's READY).
  input  wire          ack,
  /// A request is presented: en and req of the granted requester.
  output wire          valid,
  /// Granted requester's index.
  output wire [IW-1:0] gnt,
  /// Granted requester, one-hot (also without a request).
  output wire [N-1:0]  gnt_oh
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (N < 1 || N > 256) begin : g_bad_n
      vio_rr_arb_error_N_must_be_1_to_256 u_param_error ();
    end
    if (RESET_LAST < 0 || RESET_LAST >= N) begin : g_bad_reset_last
      vio_rr_arb_error_RESET_LAST_must_be_0_to_N_minus_1 u_param_error ();
    end
    if (IW != ((N > 1) ? $clog2(N) : 1)) begin : g_bad_iw
      vio_rr_arb_error_IW_must_not_be_set u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg [IW-1:0] ptr_q;           // requester presented last
  reg          hold_q;          // presented, not accepted

  // ---------------------------------------------------------------------------
  // Pick: the lowest requester above the pointer, else the lowest one (the
  // pointer's own comes last); the pointer when none asks.
  // ---------------------------------------------------------------------------
  wire [IW:0]  ptr_p1 = {1'b0, ptr_q} + {{IW{1'b0}}, 1'b1};
  wire [N-1:0] above  = req & ({N{1'b1}} << ptr_p1);
  reg [IW-1:0] pick;
  integer      k;

  always @* begin
    pick = ptr_q;
    for (k = N - 1; k >= 0; k = k - 1)
      if (req[k]) pick = k[IW-1:0];
    for (k = N - 1; k >= 0; k = k - 1)
      if (above[k]) pick = k[IW-1:0];
  end

  assign gnt = hold_q ? ptr_q : pick;

  genvar gi;
  generate
    for (gi = 0; gi < N; gi = gi + 1) begin : g_oh
      localparam [31:0]   IDX32 = gi;
      localparam [IW-1:0] IDX   = IDX32[IW-1:0];
      assign gnt_oh[gi] = (gnt == IDX);
    end
  endgenerate

  assign valid = |(req & gnt_oh) & en;

  // ---------------------------------------------------------------------------
  // Registers: remember the requester presented; hold it until accepted. The
  // next state is computed here, in the clocked process, so that a simulator
  // evaluates it once per clock edge rather than with every change of ack.
  // ---------------------------------------------------------------------------
  localparam [31:0]   RESET_LAST32 = RESET_LAST;
  localparam [IW-1:0] PTR_RESET    = RESET_LAST32[IW-1:0];
  always @(posedge clk) begin
    if (!rst_n) begin
      ptr_q  <= PTR_RESET;
      hold_q <= 1'b0;
    end else begin
      if (valid) ptr_q <= gnt;
      hold_q <= valid & ~ack;
    end
  end

endmodule

`default_nettype wire
