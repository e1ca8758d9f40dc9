// SPDX-License-Identifier: MIT
`default_nettype none

/// Synchronous FIFO of DEPTH entries of WIDTH bits, first word fall-through.
///
/// - An entry is written when s_valid and s_ready are both high (s_ready is
///   low only while the FIFO is full) and read when m_valid and m_ready are
///   both high. A write and a read can happen in the same cycle; when the
///   FIFO is full only the read does (s_ready looks only at the registers,
///   so the room a read makes is taken from the next cycle on).
/// - A written entry shows at the head (m_valid, m_data) in the next cycle.
///   m_valid, s_ready and count depend only on registers; m_data is the
///   entry at the read pointer, held stable until it is read, and never
///   dropped. While the FIFO is empty m_data is a stale entry (don't care).
/// - The entries live in a memory without reset; only the pointers and the
///   count are reset.
module vio_fifo #(
  /// Bits per entry (1..4096).
  parameter integer WIDTH = 8,
  /// Number of entries (1..4096; any value, a power of two is cheapest).
  parameter integer DEPTH = 4,
  /// Width of count (derived; do not set).
  parameter integer CW    = $clog2(DEPTH + 1)
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire             clk,
  /// Synchronous active-low reset: the FIFO becomes empty.
  input  wire             rst_n,

  // ---------------------------------------------------------------------------
  // Write side
  // ---------------------------------------------------------------------------
  /// Write request.
  input  wire             s_valid,
  /// Not full: a write is taken.
  output wire             s_ready,
  /// Entry to write.
  input  wire [WIDTH-1:0] s_data,

  // ---------------------------------------------------------------------------
  // Read side
  // ---------------------------------------------------------------------------
  /// Not empty: m_data is the oldest entry.
  output wire             m_valid,
  /// Read request: the head entry is removed.
  input  wire             m_ready,
  /// The oldest entry.
  output wire [WIDTH-1:0] m_data,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// Entries held (0..DEPTH).
  output wire [CW-1:0]    count
`ifdef FORMAL
  ,
  /// Formal proofs only: the entry k places behind the head at
  /// [k*WIDTH +: WIDTH] (meaningful for k < count), for the invariants of
  /// a module that keeps its own account of what it queued.
  output wire [DEPTH*WIDTH-1:0] f_entries
`endif
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (WIDTH < 1 || WIDTH > 4096) begin : g_bad_width
      vio_fifo_error_WIDTH_must_be_1_to_4096 u_param_error ();
    end
    if (DEPTH < 1 || DEPTH > 4096) begin : g_bad_depth
      vio_fifo_error_DEPTH_must_be_1_to_4096 u_param_error ();
    end
    if (CW != $clog2(DEPTH + 1)) begin : g_bad_cw
      vio_fifo_error_CW_must_not_be_set u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer PW = (DEPTH > 1) ? $clog2(DEPTH) : 1;  // pointer width

  localparam [31:0]   DEPTH_32    = DEPTH;
  localparam [31:0]   PTR_LAST_32 = DEPTH - 1;
  localparam [CW-1:0] FULL        = DEPTH_32[CW-1:0];
  localparam [PW-1:0] PTR_LAST    = PTR_LAST_32[PW-1:0];

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg [WIDTH-1:0] mem_q [0:DEPTH-1];
  reg [PW-1:0]    wr_ptr_q;
  reg [PW-1:0]    rd_ptr_q;
  reg [CW-1:0]    cnt_q;

  // ---------------------------------------------------------------------------
  // Registers. The next state (push: a write, pop: a read) is computed here,
  // in the clocked process, so that a simulator evaluates it once per clock
  // edge rather than with every change of s_valid or m_ready.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    reg push;
    reg pop;
    push = s_valid & s_ready;
    pop  = m_valid & m_ready;
    if (!rst_n) begin
      wr_ptr_q <= {PW{1'b0}};
      rd_ptr_q <= {PW{1'b0}};
      cnt_q    <= {CW{1'b0}};
    end else begin
      if (push)
        wr_ptr_q <= (wr_ptr_q == PTR_LAST) ? {PW{1'b0}} : wr_ptr_q + {{PW-1{1'b0}}, 1'b1};
      if (pop)
        rd_ptr_q <= (rd_ptr_q == PTR_LAST) ? {PW{1'b0}} : rd_ptr_q + {{PW-1{1'b0}}, 1'b1};
      cnt_q <= cnt_q + {{CW-1{1'b0}}, push} - {{CW-1{1'b0}}, pop};
    end
  end

  always @(posedge clk) begin
    if (s_valid && s_ready) mem_q[wr_ptr_q] <= s_data;
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign s_ready = (cnt_q != FULL);
  assign m_valid = (cnt_q != {CW{1'b0}});
  assign m_data  = mem_q[rd_ptr_q];
  assign count   = cnt_q;

  // ---------------------------------------------------------------------------
  // Formal properties (docs/formal.md), read by the proofs of the modules
  // that use a FIFO; every one is an assertion, true in any surroundings
  // that hold reset low in the first cycle. The count and the pointers
  // agree, and entries leave in order, unchanged: one entry, picked freely
  // by the solver when it is written, is followed to the head (f_ahead:
  // the entries in front of it) and must leave as it was written.
  // ---------------------------------------------------------------------------
`ifdef FORMAL
  reg f_past_valid = 1'b0;  // a clock edge has passed
  always @(posedge clk) f_past_valid <= 1'b1;

  (* anyseq *) reg f_pick;      // follow the entry written now
  reg              f_track = 1'b0;
  reg [CW-1:0]     f_ahead;
  reg [WIDTH-1:0]  f_data;
  wire             f_push = s_valid & s_ready;
  wire             f_pop  = m_valid & m_ready;
  always @(posedge clk) begin
    if (!rst_n) begin
      f_track <= 1'b0;
    end else if (!f_track) begin
      if (f_push && f_pick) begin
        f_track <= 1'b1;
        f_data  <= s_data;
        f_ahead <= cnt_q - {{CW-1{1'b0}}, f_pop};
      end
    end else if (f_pop) begin
      if (f_ahead == {CW{1'b0}}) f_track <= 1'b0;
      else f_ahead <= f_ahead - {{CW-1{1'b0}}, 1'b1};
    end
  end

  always @(*) if (f_past_valid) begin
    assert (cnt_q <= FULL);
    assert ({{32-PW{1'b0}}, wr_ptr_q} ==
            ({{32-PW{1'b0}}, rd_ptr_q} + {{32-CW{1'b0}}, cnt_q}) % DEPTH_32);
    if (rst_n && f_track) begin
      // the followed entry is in the FIFO, f_ahead entries from the head
      assert (f_ahead < cnt_q);
      assert (mem_q[({{32-PW{1'b0}}, rd_ptr_q} + {{32-CW{1'b0}}, f_ahead})
                    % DEPTH_32] == f_data);
      // and leaves unchanged
      if (f_ahead == {CW{1'b0}}) assert (m_data == f_data);
    end
  end

  genvar f_k;
  generate
    for (f_k = 0; f_k < DEPTH; f_k = f_k + 1) begin : g_f_entry
      localparam [31:0] K32 = f_k;
      assign f_entries[f_k*WIDTH +: WIDTH] =
        mem_q[({{32-PW{1'b0}}, rd_ptr_q} + K32) % DEPTH_32];
    end
  endgenerate

  always @(posedge clk) if (f_past_valid && rst_n) begin
    // a followed entry leaves behind another
    cover (f_track && f_ahead != {CW{1'b0}} && f_pop);
  end
`endif

endmodule

`default_nettype wire
