// SPDX-License-Identifier: MIT
`default_nettype none

/// Queue scheduler of the chain walker (vio_vq_walk): decides what the
/// walker does next and which queue it serves, and keeps the per-queue
/// pending flags.
///
/// A queue is pending from a notification (or from a chain handed back to
/// it) until the avail reader finds its avail index shows nothing new
/// (drained). It is eligible when it is pending, ready, not being reset,
/// wanted by the device function and the device runs: for the first chain
/// in line the queues in want, for the place behind it (a chain already
/// waits, ch_valid) the queues in want_next. Eligible queues are served
/// round-robin, starting past the one picked last.
///
/// When the walker is idle, in this order: a replay of the open overflowed
/// chain (replay_go) starts the descriptor walker on that chain's queue
/// (start_replay); else, when the chain line has room, the picked queue
/// starts the avail reader (start_walk). Either way the queue becomes the
/// served queue (wq) until the next start; its registers are given out
/// (wq_*), selected once here for the other walker modules.
///
/// A walk for the place behind the first chain is abandoned when that
/// chain's queue stops (the chain is dropped, never opened): orphan rises
/// and stays for the rest of the walk, and wq_stop with it.
module vio_vq_sched #(
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES = 2
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                     clk,
  /// Synchronous active-low reset.
  input  wire                     rst_n,
  /// Soft reset (device reset completing): back to the reset state.
  input  wire                     srst,

  // ---------------------------------------------------------------------------
  // Queues (from the register block; queue i at slice i)
  // ---------------------------------------------------------------------------
  /// Queue enabled (QueueReady).
  input  wire [NUM_QUEUES-1:0]    q_ready,
  /// Queue size in descriptors (a power of 2).
  input  wire [NUM_QUEUES*16-1:0] q_size,
  /// Descriptor area address.
  input  wire [NUM_QUEUES*64-1:0] q_desc,
  /// Driver area (avail ring) address.
  input  wire [NUM_QUEUES*64-1:0] q_avail,
  /// Device area (used ring) address.
  input  wire [NUM_QUEUES*64-1:0] q_used,
  /// One-cycle pulses: available buffer notification.
  input  wire [NUM_QUEUES-1:0]    q_notify,
  /// Queue reset in progress (level).
  input  wire [NUM_QUEUES-1:0]    q_reset_req,
  /// The device may process queues (DRIVER_OK, no reset request, no error).
  input  wire                     run,
  /// Queues the device function takes its next chain from.
  input  wire [NUM_QUEUES-1:0]    want,
  /// Queues it takes the chain after that from (0: not known yet).
  input  wire [NUM_QUEUES-1:0]    want_next,

  // ---------------------------------------------------------------------------
  // Walker state (from vio_vq_avail and vio_vq_desc)
  // ---------------------------------------------------------------------------
  /// Neither the avail reader nor the descriptor walker is walking or
  /// stopped by an error: a walk may start this cycle.
  input  wire                     walk_idle,
  /// A walk is in progress (on queue wq).
  input  wire                     walk_busy,
  /// One-cycle pulse: the avail index of queue wq shows nothing new; the
  /// queue stops being pending.
  input  wire                     drained,

  // ---------------------------------------------------------------------------
  // Chain line (from vio_vq_seg)
  // ---------------------------------------------------------------------------
  /// A walked chain waits first in line: the next walk is for the place
  /// behind it.
  input  wire                     ch_valid,
  /// The line takes another chain (it has a free place, no chain in it or
  /// open overflows the segment FIFO).
  input  wire                     room,
  /// The first chain in line belongs to a queue that stopped: it will be
  /// dropped, and a walk behind it is out of order.
  input  wire                     ch_q_stopped,
  /// One-cycle pulse: the second chain in line is handed back to queue
  /// c1_queue, which is pending again.
  input  wire                     c1_back,
  /// Queue of the chain handed back, with c1_back.
  input  wire [5:0]               c1_queue,
  /// The open overflowed chain needs its replay walk now.
  input  wire                     replay_go,
  /// Queue of that chain.
  input  wire [5:0]               replay_queue,
  /// Queues with a chain in line.
  input  wire [NUM_QUEUES-1:0]    line_busy,

  // ---------------------------------------------------------------------------
  // Starts and the served queue
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: the avail reader starts on queue start_queue.
  output reg                      start_walk,
  /// The queue picked (valid with start_walk).
  output wire [5:0]               start_queue,
  /// One-cycle pulse: the descriptor walker starts the replay walk.
  output reg                      start_replay,
  /// The served queue: the one picked or replayed last (from the cycle
  /// after the start).
  output wire [5:0]               wq,
  /// Its size in descriptors.
  output wire [15:0]              wq_size,
  /// Its descriptor area address.
  output wire [63:0]              wq_desc,
  /// Its driver area (avail ring) address.
  output wire [63:0]              wq_avail,
  /// Its device area (used ring) address.
  output wire [63:0]              wq_used,
  /// The walk on wq must be abandoned now: the device stopped running, the
  /// queue stopped, or orphan.
  output wire                     wq_stop,
  /// The walk is behind a chain that will be dropped: abandoned, and walked
  /// again once the device function names its queue.
  output wire                     orphan,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// Queues the walker still references (walking, or a chain in line).
  output wire [NUM_QUEUES-1:0]    q_busy
);

  localparam integer QW = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_queues
      vio_vq_sched_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
  endgenerate

  reg [NUM_QUEUES-1:0] pend_q;              // may have work
  reg [5:0]            wq_q;                // served queue
  // The walk was picked from want_next (behind the first chain in line).
  reg                  nextw_q;
  // ... and that chain's queue has stopped since.
  reg                  orphan_q;

  wire [QW-1:0] wqi = wq_q[QW-1:0];
  assign orphan   = nextw_q && (orphan_q || ch_q_stopped);
  assign wq_stop  = !run || !q_ready[wqi] || q_reset_req[wqi] || orphan;
  assign wq       = wq_q;
  assign wq_size  = q_size[wqi*16 +: 16];
  assign wq_desc  = q_desc[wqi*64 +: 64];
  assign wq_avail = q_avail[wqi*64 +: 64];
  assign wq_used  = q_used[wqi*64 +: 64];

  // Round-robin pick among eligible queues, starting past the one picked
  // last (queue 0 first after a reset); taken when a walk starts.
  wire [NUM_QUEUES-1:0] elig = pend_q & (ch_valid ? want_next : want) &
                               q_ready & ~q_reset_req &
                               {NUM_QUEUES{run}};
  wire          pick_en = walk_idle && run && !replay_go && room;
  wire          pick_v;
  wire [QW-1:0] pick_idx;
  wire [NUM_QUEUES-1:0] pick_oh;
  reg  [5:0]    pick_q;
  always @* begin
    pick_q = 6'd0;
    pick_q[QW-1:0] = pick_idx;
  end
  assign start_queue = pick_q;

  vio_rr_arb #(
    .N          (NUM_QUEUES),
    .RESET_LAST (NUM_QUEUES - 1)
  ) u_rr (
    .clk    (clk),
    .rst_n  (rst_n && !srst),
    .req    (elig),
    .en     (pick_en),
    .ack    (1'b1),
    .valid  (pick_v),
    .gnt    (pick_idx),
    .gnt_oh (pick_oh)
  );

  // When the walker is idle: the replay first, else the picked queue.
  always @* begin
    start_replay = walk_idle && run && replay_go;
    start_walk   = walk_idle && run && !replay_go && pick_v;
  end

  // Registers: the next state is computed here, in the clocked process.
  integer i;
  always @(posedge clk) begin
    if (!rst_n || srst) begin
      pend_q <= {NUM_QUEUES{1'b0}};
      wq_q <= 6'd0; nextw_q <= 1'b0; orphan_q <= 1'b0;
    end else begin
      orphan_q <= orphan;
      if (start_replay) begin
        // the open chain's segments past the first SEGS; the index in the
        // low QW bits: the rest of wq stays 0
        wq_q <= 6'd0;
        wq_q[QW-1:0] <= replay_queue[QW-1:0];
        nextw_q <= 1'b0; orphan_q <= 1'b0;
      end else if (start_walk) begin
        wq_q <= pick_q;
        nextw_q <= ch_valid; orphan_q <= 1'b0;
      end
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        // a queue that stops loses its flag; a notification wins over a
        // clear in the same cycle
        if (!q_ready[i] || q_reset_req[i])
          pend_q[i] <= 1'b0;
        else if (q_notify[i] || (c1_back && c1_queue == i[5:0]))
          pend_q[i] <= 1'b1;
        else if (drained && wq_q == i[5:0])
          pend_q[i] <= 1'b0;
      end
    end
  end

  genvar g;
  generate
    for (g = 0; g < NUM_QUEUES; g = g + 1) begin : g_qbusy
      assign q_busy[g] = (walk_busy && wq_q == g) || line_busy[g];
    end
  endgenerate

  // Unused: the one-hot form of the pick, the high bits of a queue number.
  wire unused_ok = &{1'b0, pick_oh, replay_queue};
endmodule

`default_nettype wire
