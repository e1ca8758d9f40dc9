// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_vq_chain.vh"

/// Segment FIFO and chain line of the chain walker (vio_vq_walk): holds the
/// walked chains until the mover opens them, and their segments until the
/// mover takes them.
///
/// Chain line: two places. The first (ch_*) is offered to the mover; the
/// second (c1) holds the chain walked behind it, from the device function's
/// want_next, and moves up when the first is taken. A chain whose record
/// has ovf set (more segments than SEGS) stays alone: no chain is walked
/// behind it while it waits or is open (room). Once open, its record is kept
/// as the open overflowed chain, for its replay walk (replay_go, when the
/// mover asks for the rest and its queue is up) and the replay's check.
///
/// When the first chain's queue stops (it will be dropped, never opened),
/// the second is out of the order the device function named: it is handed
/// back (c1_back: its segments taken out of the FIFO, its queue's
/// last_avail moved back one and the queue pending again), and walked again
/// once the device function names its queue (M7: a receive queue reset
/// never hands the loopback the next transmit chain in place of a receive
/// chain).
///
/// Segment FIFO: SEGS entries of the segment record (vio_vq_chain.vh),
/// shared in order by the open chains and the walked ones. The walk's start
/// remembers the write pointer, so an abandoned walk (seg_undo) or a chain
/// handed back takes its segments back out. ch_* and seg_* come from
/// registers and the FIFO's memory, and hold their payload while stalled.
module vio_vq_seg #(
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES = 2,
  /// Segment FIFO entries (a power of two, 4..1024).
  parameter integer SEGS       = 16
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                  clk,
  /// Synchronous active-low reset.
  input  wire                  rst_n,
  /// Soft reset (device reset completing): back to the reset state.
  input  wire                  srst,
  /// Queue enabled (QueueReady).
  input  wire [NUM_QUEUES-1:0] q_ready,
  /// Queue reset in progress (level).
  input  wire [NUM_QUEUES-1:0] q_reset_req,

  // ---------------------------------------------------------------------------
  // Walker side (vio_vq_sched, vio_vq_desc)
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: a scan walk starts (the write pointer is remembered).
  input  wire                  start_walk,
  /// One-cycle pulse: the replay walk starts (likewise; the replay counts
  /// as started for the mover).
  input  wire                  start_replay,
  /// One-cycle pulse: push seg_rec (only while not full).
  input  wire                  seg_push,
  /// The segment pushed.
  input  wire [`VIO_SEG_W-1:0] seg_rec,
  /// One-cycle pulse: the walk is abandoned: the write pointer goes back to
  /// the walk's start.
  input  wire                  seg_undo,
  /// The FIFO holds SEGS segments.
  output wire                  seg_full,
  /// One-cycle pulse: a scanned chain goes in line, in the first free
  /// place (after this cycle's move up).
  input  wire                  chain_done,
  /// Its record.
  input  wire [`VIO_CH_W-1:0]  chain_rec,
  /// The line takes another chain: it is empty, or the first chain's queue
  /// runs, no second chain waits, no chain in it or open overflows the
  /// FIFO.
  output wire                  room,
  /// The first chain's queue stopped: it will be dropped.
  output wire                  ch_q_stopped,
  /// One-cycle pulse: the second chain is handed back (the first one's
  /// queue stopped).
  output wire                  c1_back,
  /// Its queue.
  output wire [5:0]            c1_queue,
  /// The open overflowed chain needs its replay walk now (asked by the
  /// mover, not started yet, its queue up).
  output wire                  replay_go,
  /// That chain's record.
  output wire [`VIO_CH_W-1:0]  replay_rec,

  // Chain line and segment FIFO read side, to the mover
  // (vio_vq_line_ports.vh)
  `include "vio_vq_line_ports.vh"

  /// Queues with a chain in line.
  output wire [NUM_QUEUES-1:0] line_busy
);

  localparam integer SW = $clog2(SEGS);
  localparam integer QW = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_queues
      vio_vq_seg_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (SEGS < 4 || SEGS > 1024 || (SEGS & (SEGS - 1)) != 0) begin : g_bad_segs
      vio_vq_seg_error_SEGS_must_be_a_power_of_2_4_to_1024 u_param_error ();
    end
  endgenerate

  // The first chain in line, and the one walked behind it.
  reg                 ch_v_q;
  reg [`VIO_CH_W-1:0] ch_rec_q;
  reg                 c1_v_q;
  reg [`VIO_CH_W-1:0] c1_rec_q;
  // The open chain overflowed: no chain walked behind it; its record for
  // the replay.
  reg                 ovf_open_q;
  reg [`VIO_CH_W-1:0] ovf_rec_q;
  reg                 rp_started_q;

  // Segment FIFO.
  reg [`VIO_SEG_W-1:0] seg_mem [0:SEGS-1];
  reg [SW:0]           wp_q;
  reg [SW:0]           rp_q;
  reg [SW:0]           wp_start_q; // write pointer at the walk's start

  wire [5:0]    chq  = ch_rec_q[`VIO_CH_QUEUE];
  wire [5:0]    ovq  = ovf_rec_q[`VIO_CH_QUEUE];
  wire [QW-1:0] chqi = chq[QW-1:0];
  wire [QW-1:0] ovqi = ovq[QW-1:0];
  wire          q_zero_ch = !q_ready[chqi] || q_reset_req[chqi];
  wire [SW:0]   fill = wp_q - rp_q;

  assign seg_full     = fill[SW];
  assign room         = (!ch_v_q || (!c1_v_q && !ch_rec_q[`VIO_CH_OVF] &&
                                     !q_zero_ch)) && !ovf_open_q;
  assign ch_q_stopped = ch_v_q && q_zero_ch;
  assign c1_back      = c1_v_q && ch_q_stopped;
  assign c1_queue     = c1_rec_q[`VIO_CH_QUEUE];
  assign replay_go    = ovf_open_q && replay_req && !rp_started_q &&
                        q_ready[ovqi] && !q_reset_req[ovqi];
  assign replay_rec   = ovf_rec_q;

  // Registers: the next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge.
  always @(posedge clk) begin : p_seq
    reg          ch_v_n;  // the first place is taken after the move up
    reg [SW:0]   wp_n;
    ch_v_n = ch_v_q;
    if (ch_v_q && ch_ready)
      ch_v_n = c1_v_q && !c1_back;
    wp_n = wp_q;
    if (c1_back || seg_undo)
      wp_n = wp_start_q;
    if (seg_push)
      wp_n = wp_q + 1'b1;
    if (!rst_n || srst) begin
      ch_v_q <= 1'b0; ch_rec_q <= {`VIO_CH_W{1'b0}};
      c1_v_q <= 1'b0; c1_rec_q <= {`VIO_CH_W{1'b0}};
      ovf_open_q <= 1'b0; ovf_rec_q <= {`VIO_CH_W{1'b0}};
      rp_started_q <= 1'b0;
      wp_q <= {(SW+1){1'b0}}; rp_q <= {(SW+1){1'b0}};
      wp_start_q <= {(SW+1){1'b0}};
    end else begin
      // The open chain finished.
      if (chain_closed) begin
        ovf_open_q <= 1'b0;
        rp_started_q <= 1'b0;
      end
      // The second chain is handed back: its segments out of the FIFO.
      if (c1_back)
        c1_v_q <= 1'b0;
      // The first chain in line is taken; the second moves up.
      if (ch_v_q && ch_ready) begin
        ch_v_q <= ch_v_n;
        ch_rec_q <= c1_rec_q;
        c1_v_q <= 1'b0;
        if (ch_rec_q[`VIO_CH_OVF]) begin
          ovf_open_q <= 1'b1;
          ovf_rec_q <= ch_rec_q;
          rp_started_q <= 1'b0;
        end
      end
      if (start_replay)
        rp_started_q <= 1'b1;
      if (start_walk || start_replay)
        wp_start_q <= wp_q;
      wp_q <= wp_n;
      // A scanned chain takes the first free place.
      if (chain_done) begin
        if (!ch_v_n) begin
          ch_v_q <= 1'b1; ch_rec_q <= chain_rec;
        end else begin
          c1_v_q <= 1'b1; c1_rec_q <= chain_rec;
        end
      end
      if (seg_flush)
        rp_q <= wp_n;
      else if (seg_valid && seg_ready)
        rp_q <= rp_q + 1'b1;
    end
  end

  always @(posedge clk)
    if (seg_push)
      seg_mem[wp_q[SW-1:0]] <= seg_rec;

  wire [`VIO_SEG_W-1:0] seg_out = seg_mem[rp_q[SW-1:0]];
  assign seg_valid      = (wp_q != rp_q);
  assign seg_addr       = seg_out[`VIO_SEG_ADDR];
  assign seg_len        = seg_out[`VIO_SEG_LEN];
  assign seg_write      = seg_out[`VIO_SEG_WRITE];
  assign replay_started = rp_started_q;

  assign ch_valid    = ch_v_q;
  assign ch_queue    = chq;
  assign ch_head     = ch_rec_q[`VIO_CH_HEAD];
  assign ch_rd_bytes = ch_rec_q[`VIO_CH_RD_BYTES];
  assign ch_wr_bytes = ch_rec_q[`VIO_CH_WR_BYTES];
  assign ch_nseg     = ch_rec_q[`VIO_CH_NSEG];
  assign ch_ovf      = ch_rec_q[`VIO_CH_OVF];

  genvar g;
  generate
    for (g = 0; g < NUM_QUEUES; g = g + 1) begin : g_line_busy
      assign line_busy[g] = (ch_v_q && chq == g) || (c1_v_q && c1_queue == g);
    end
  endgenerate

  // Unused: the high bits of the open overflowed chain's queue number.
  wire unused_ok = &{1'b0, ovq};
endmodule

`default_nettype wire
