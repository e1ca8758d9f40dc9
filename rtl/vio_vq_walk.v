// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_vq_chain.vh"

/// Split-virtqueue chain walker (virtio v1.2 section 2.7): finds the next
/// available chain of a queue, walks it through NEXT, WRITE and INDIRECT,
/// checks it, and hands its buffer segments to the mover through a segment
/// FIFO and its summary (head, readable and writable bytes) to the device
/// function. One job per module:
///
///   vio_vq_sched  which queue is served next: pending flags, round-robin
///                 pick among the queues the device function wants, the
///                 replay first; the served queue's registers
///   vio_vq_avail  the avail ring: last_avail, avail idx and up to 4 entries
///                 read ahead per queue; header and entry reads; avail_event
///                 with EVENT_IDX; hands out a chain's head
///   vio_vq_desc   the descriptor walk from a head (scan) or of the open
///                 overflowed chain (replay), with the table E checks;
///                 pushes segments, puts the chain's record in line
///   vio_vq_seg    the segment FIFO and the chain line to the mover: two
///                 walked chains in order, the open overflowed chain's
///                 record for its replay
///
///   q_notify ─► sched ─► avail ─head─► desc ─segments, chains─► seg ─► mover
///
/// A walk is the avail reader, then the descriptor walker (one of them
/// works at a time, and they take turns on the one control read port); the
/// chain record and segment record layouts are in vio_vq_chain.vh.
///
/// Control reads, one at a time (a packet on the walker's read DMA port):
/// - avail header: flags and idx together, 4 bytes at avail + 0;
/// - avail ring entries: 2 bytes each at avail + 4 + 2 * (last_avail mod
///   size), up to 4;
/// - descriptor: 16 bytes at desc + 16 * i, or inside an indirect table.
/// The avail header is read only when the entries the cached idx covers
/// have been used up, so a batch of chains costs one header read (2.7.13:
/// the idx is read before the entries it covers).
///
/// Any malformed input (CONFORMANCE table E) or DMA error response pulses
/// err, and the walker stops until srst. A queue that stops (not ready,
/// queue reset) loses its state (indices back to zero); a walk in progress
/// on it is abandoned and its segments are taken back out of the FIFO. A
/// chain of it already walked stays in line: the mover discards it. The
/// chain walked behind it is handed back and walked again once the device
/// function names its queue (vio_vq_seg).
/// Every valid/ready output holds its payload while stalled.
module vio_vq_walk #(
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES = 2,
  /// Data bus width of the control read and write streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// Segment FIFO entries (a power of two, 4..1024).
  parameter integer SEGS       = 16
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
  /// Device area (used ring) address: avail_event lives at its end.
  input  wire [NUM_QUEUES*64-1:0] q_used,
  /// One-cycle pulses: available buffer notification.
  input  wire [NUM_QUEUES-1:0]    q_notify,
  /// Queue reset in progress (level).
  input  wire [NUM_QUEUES-1:0]    q_reset_req,
  /// VIRTIO_F_INDIRECT_DESC negotiated.
  input  wire                     feat_indirect,
  /// VIRTIO_F_EVENT_IDX negotiated.
  input  wire                     feat_event_idx,
  /// The device may process queues (DRIVER_OK, no reset request, no error).
  input  wire                     run,
  /// Queues the device function takes its next chain from.
  input  wire [NUM_QUEUES-1:0]    want,
  /// Queues it takes the chain after that from (0: not known yet).
  input  wire [NUM_QUEUES-1:0]    want_next,

  // ---------------------------------------------------------------------------
  // Control read port (to a vio_dma_rd; one packet per command)
  // ---------------------------------------------------------------------------
  /// Read command: rd_cmd_len bytes at rd_cmd_addr, one packet; held until
  /// taken.
  output wire                     rd_cmd_valid,
  /// The read DMA takes the command.
  input  wire                     rd_cmd_ready,
  /// Byte address of the read.
  output wire [63:0]              rd_cmd_addr,
  /// Bytes to read (2..16).
  output wire [4:0]               rd_cmd_len,
  /// A beat of the answer (always taken: the engine holds rd_ready high).
  input  wire                     rd_valid,
  /// The answer, packed from lane 0.
  input  wire [DATA_WIDTH-1:0]    rd_data,
  /// Last beat of the answer.
  input  wire                     rd_last,
  /// With rd_last: some bus response of the read was an error.
  input  wire                     rd_err,

  // ---------------------------------------------------------------------------
  // Control write port for avail_event (to a vio_dma_wr)
  // ---------------------------------------------------------------------------
  /// Write command: avail_event, 2 bytes at wr_cmd_addr (the engine sets
  /// the length); given with its data beat, both held until taken.
  output wire                     wr_cmd_valid,
  /// The write DMA takes the command.
  input  wire                     wr_cmd_ready,
  /// avail_event's address: used + 4 + 8 * size.
  output wire [63:0]              wr_cmd_addr,
  /// The data beat.
  output wire                     wr_valid,
  /// The write DMA takes the data beat.
  input  wire                     wr_ready,
  /// avail_event (the queue's last_avail) in the low 16 bits.
  output wire [DATA_WIDTH-1:0]    wr_data,
  /// One-cycle pulse: the write has its response.
  input  wire                     wr_done,
  /// With wr_done: the response was an error.
  input  wire                     wr_done_err,

  // Chain line and segment FIFO, to the mover (vio_vq_line_ports.vh)
  `include "vio_vq_line_ports.vh"


  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: malformed input or a DMA error (table E).
  output wire                     err,
  /// Queues the walker still references (walking, or an unclaimed chain).
  output wire [NUM_QUEUES-1:0]    q_busy
);

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_queues
      vio_vq_walk_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_vq_walk_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
    if (SEGS < 4 || SEGS > 1024 || (SEGS & (SEGS - 1)) != 0) begin : g_bad_segs
      vio_vq_walk_error_SEGS_must_be_a_power_of_2_4_to_1024 u_param_error ();
    end
  endgenerate

  wire                  start_walk, start_replay;
  wire [5:0]            start_queue;
  wire [5:0]            wq;
  wire [15:0]           wq_size;
  wire [63:0]           wq_desc, wq_avail, wq_used;
  wire                  wq_stop, orphan;
  wire                  walk_idle, walk_busy;
  wire                  drained, head_valid;
  wire [15:0]           head;
  wire                  seg_push, seg_undo, seg_full, chain_done;
  wire [`VIO_SEG_W-1:0] seg_rec;
  wire [`VIO_CH_W-1:0]  chain_rec, replay_rec;
  wire                  room, ch_q_stopped, c1_back, replay_go;
  wire [5:0]            c1_queue;
  wire [NUM_QUEUES-1:0] line_busy;
  wire                  av_rd_cmd_valid, ds_rd_cmd_valid;
  wire [63:0]           av_rd_cmd_addr, ds_rd_cmd_addr;
  wire [4:0]            av_rd_cmd_len, ds_rd_cmd_len;
  wire                  av_err, ds_err, av_idle, ds_idle, av_busy, ds_busy;

  vio_vq_sched #(
    .NUM_QUEUES(NUM_QUEUES)
  ) u_sched (
    .clk(clk), .rst_n(rst_n), .srst(srst),
    .q_ready(q_ready), .q_size(q_size), .q_desc(q_desc), .q_avail(q_avail),
    .q_used(q_used), .q_notify(q_notify), .q_reset_req(q_reset_req),
    .run(run), .want(want), .want_next(want_next),
    .walk_idle(walk_idle), .walk_busy(walk_busy), .drained(drained),
    .ch_valid(ch_valid), .room(room), .ch_q_stopped(ch_q_stopped),
    .c1_back(c1_back), .c1_queue(c1_queue), .replay_go(replay_go),
    .replay_queue(replay_rec[`VIO_CH_QUEUE]), .line_busy(line_busy),
    .start_walk(start_walk), .start_queue(start_queue),
    .start_replay(start_replay), .wq(wq), .wq_size(wq_size),
    .wq_desc(wq_desc), .wq_avail(wq_avail), .wq_used(wq_used),
    .wq_stop(wq_stop), .orphan(orphan), .q_busy(q_busy)
  );

  vio_vq_avail #(
    .NUM_QUEUES(NUM_QUEUES), .DATA_WIDTH(DATA_WIDTH)
  ) u_avail (
    .clk(clk), .rst_n(rst_n), .srst(srst),
    .q_ready(q_ready), .q_reset_req(q_reset_req),
    .feat_event_idx(feat_event_idx),
    .start(start_walk), .start_queue(start_queue), .wq(wq),
    .wq_size(wq_size), .wq_avail(wq_avail), .wq_used(wq_used),
    .wq_stop(wq_stop), .drained(drained),
    .head_valid(head_valid), .head(head),
    .taken(chain_done), .c1_back(c1_back), .c1_queue(c1_queue),
    .rd_cmd_valid(av_rd_cmd_valid), .rd_cmd_ready(rd_cmd_ready),
    .rd_cmd_addr(av_rd_cmd_addr), .rd_cmd_len(av_rd_cmd_len),
    .rd_valid(rd_valid), .rd_data(rd_data), .rd_last(rd_last),
    .rd_err(rd_err),
    .wr_cmd_valid(wr_cmd_valid), .wr_cmd_ready(wr_cmd_ready),
    .wr_cmd_addr(wr_cmd_addr), .wr_valid(wr_valid), .wr_ready(wr_ready),
    .wr_data(wr_data), .wr_done(wr_done), .wr_done_err(wr_done_err),
    .err(av_err), .idle(av_idle), .busy(av_busy)
  );

  vio_vq_desc #(
    .DATA_WIDTH(DATA_WIDTH), .SEGS(SEGS)
  ) u_desc (
    .clk(clk), .rst_n(rst_n), .srst(srst),
    .feat_indirect(feat_indirect),
    .wq(wq), .wq_size(wq_size), .wq_desc(wq_desc), .wq_stop(wq_stop),
    .orphan(orphan),
    .head_valid(head_valid), .head(head),
    .start_replay(start_replay), .replay_rec(replay_rec),
    .rd_cmd_valid(ds_rd_cmd_valid), .rd_cmd_ready(rd_cmd_ready),
    .rd_cmd_addr(ds_rd_cmd_addr), .rd_cmd_len(ds_rd_cmd_len),
    .rd_valid(rd_valid), .rd_data(rd_data), .rd_last(rd_last),
    .rd_err(rd_err),
    .seg_full(seg_full), .seg_push(seg_push), .seg_rec(seg_rec),
    .seg_undo(seg_undo), .chain_done(chain_done), .chain_rec(chain_rec),
    .err(ds_err), .idle(ds_idle), .busy(ds_busy)
  );

  vio_vq_seg #(
    .NUM_QUEUES(NUM_QUEUES), .SEGS(SEGS)
  ) u_seg (
    .clk(clk), .rst_n(rst_n), .srst(srst),
    .q_ready(q_ready), .q_reset_req(q_reset_req),
    .start_walk(start_walk), .start_replay(start_replay),
    .seg_push(seg_push), .seg_rec(seg_rec), .seg_undo(seg_undo),
    .seg_full(seg_full), .chain_done(chain_done), .chain_rec(chain_rec),
    .room(room), .ch_q_stopped(ch_q_stopped), .c1_back(c1_back),
    .c1_queue(c1_queue), .replay_go(replay_go), .replay_rec(replay_rec),
    .line_busy(line_busy),
    .ch_valid(ch_valid), .ch_ready(ch_ready), .ch_queue(ch_queue),
    .ch_head(ch_head), .ch_rd_bytes(ch_rd_bytes), .ch_wr_bytes(ch_wr_bytes),
    .ch_nseg(ch_nseg), .ch_ovf(ch_ovf), .chain_closed(chain_closed),
    .seg_valid(seg_valid), .seg_ready(seg_ready), .seg_addr(seg_addr),
    .seg_len(seg_len), .seg_write(seg_write), .replay_req(replay_req),
    .replay_started(replay_started), .seg_flush(seg_flush)
  );

  // One walk at a time: the avail reader finds a head, then the descriptor
  // walker walks from it. They take turns on the control read port (the one
  // not reading drives zeros), and the walker is idle when both are.
  assign rd_cmd_valid = av_rd_cmd_valid | ds_rd_cmd_valid;
  assign rd_cmd_addr  = av_rd_cmd_addr | ds_rd_cmd_addr;
  assign rd_cmd_len   = av_rd_cmd_len | ds_rd_cmd_len;
  assign err          = av_err | ds_err;
  assign walk_idle    = av_idle && ds_idle;
  assign walk_busy    = av_busy || ds_busy;
endmodule

`default_nettype wire
