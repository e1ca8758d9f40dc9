// SPDX-License-Identifier: MIT
// The device-function port (docs/device-function.md): the clock, the resets
// and the ring engine's streams, declared once for both ends. Included
// inside a port list, with at least one more port after it (it ends with a
// comma); the includer defines VIO_DF_QUEUES (its number of queues: the
// width of df_want) and has a DATA_WIDTH parameter (the streams' width, DW;
// BPB = DW/8 bytes per beat). Written from the device function's side; the
// ring engine defines VIO_DF_ENGINE before including it, which turns every
// direction but the clock's and rst_n's round. Every handshake is
// valid/ready: the payload is held while valid is high and ready low, and a
// transfer happens in a cycle where both are high. Not compiled on its own;
// vio_df_conn.vh holds the wires and connections.
`ifdef VIO_DF_ENGINE
`define VIO_DF_IN  output
`define VIO_DF_OUT input
`else
`define VIO_DF_IN  input
`define VIO_DF_OUT output
`endif
  /// Clock; everything is sampled on the rising edge.
  input  wire                       clk,
  /// Synchronous active-low reset.
  input  wire                       rst_n,
  /// One-cycle pulse in the cycle a device reset completes: the function
  /// returns to its reset state, as on rst_n, dropping what it was reading
  /// or writing.
  `VIO_DF_IN  wire                  df_rst,

  // ---------------------------------------------------------------------------
  // Chains
  // ---------------------------------------------------------------------------
  /// Queues the function takes its next chain from (bit q: queue q), from
  /// registered state. Name a queue only when its chain will be accepted.
  `VIO_DF_OUT wire [`VIO_DF_QUEUES-1:0] df_want,
  /// Queues it takes the chain after that from, when already certain; else
  /// 0 (always correct).
  `VIO_DF_OUT wire [`VIO_DF_QUEUES-1:0] df_want_next,
  /// The function names its chains by tag and completes them in any
  /// order (constant). Low: at most two open, reads go to the newest,
  /// writes and completion to the oldest, chains complete in order.
  `VIO_DF_OUT wire                  df_tagged,
  /// A walked and checked chain is offered (df_chain_*).
  `VIO_DF_IN  wire                  df_chain_valid,
  /// The function opens the offered chain; independent of the engine's
  /// command readys.
  `VIO_DF_OUT wire                  df_chain_ready,
  /// The offered chain's tag, 0..3: with df_tagged, the commands naming it
  /// carry it, until it completes (then it is free for another chain).
  `VIO_DF_IN  wire [1:0]            df_chain_tag,
  /// The offered chain's queue.
  `VIO_DF_IN  wire [5:0]            df_chain_queue,
  /// Its head descriptor index (the used element's id).
  `VIO_DF_IN  wire [15:0]           df_chain_head,
  /// Bytes the device may read: the sum of its device-readable buffers.
  `VIO_DF_IN  wire [31:0]           df_chain_rd_bytes,
  /// Bytes the device may write: the sum of its device-writable buffers.
  `VIO_DF_IN  wire [31:0]           df_chain_wr_bytes,
  /// No other chain is offered until the function moves on an open chain
  /// of its own, whatever it does with the others (from registered state):
  /// the newest open chain's buffers past the first SLOT_SEGS (4) wait for
  /// it to use up earlier ones, an open chain has more buffers than the
  /// walker's segment FIFO (SEGS) and no other is offered until it
  /// completes, or the chain in line has that many and is offered only once
  /// none is open. A function waiting for another chain to make progress on
  /// an open one must read, write or complete a chain instead.
  `VIO_DF_IN  wire                  df_chain_held,

  // ---------------------------------------------------------------------------
  // Read stream (a chain's readable part: tagged df_rd_cmd_tag, or the
  // newest open)
  // ---------------------------------------------------------------------------
  /// Read the next df_rd_cmd_len readable bytes of the chain, returned as
  /// one packet on df_rd_* (packets in command order).
  `VIO_DF_OUT wire                  df_rd_cmd_valid,
  /// The read command is taken (low in a cycle where a chain is taken).
  `VIO_DF_IN  wire                  df_rd_cmd_ready,
  /// The chain's tag (with df_tagged; else ignored).
  `VIO_DF_OUT wire [1:0]            df_rd_cmd_tag,
  /// Bytes to read; past the readable part the packet holds zeros.
  `VIO_DF_OUT wire [31:0]           df_rd_cmd_len,
  /// A beat of the packet is offered.
  `VIO_DF_IN  wire                  df_rd_valid,
  /// The function takes the beat.
  `VIO_DF_OUT wire                  df_rd_ready,
  /// The bytes, packed: byte k of the packet in beat k / BPB, lane k % BPB
  /// (bits 8*lane+7:8*lane); the last beat holds the rest in its low lanes.
  `VIO_DF_IN  wire [DATA_WIDTH-1:0] df_rd_data,
  /// The packet's last beat.
  `VIO_DF_IN  wire                  df_rd_last,
  /// With df_rd_last: the packet was cut short by a stop (queue stopped or
  /// reset, NEEDS_RESET, DRIVER_OK gone): some bytes are padding, not data.
  `VIO_DF_IN  wire                  df_rd_cut,

  // ---------------------------------------------------------------------------
  // Write stream (a chain's writable part: tagged df_wr_cmd_tag, or the
  // oldest open)
  // ---------------------------------------------------------------------------
  /// Write df_wr_cmd_len bytes into the next writable bytes of the chain;
  /// the first write command skips what was not read.
  `VIO_DF_OUT wire                  df_wr_cmd_valid,
  /// The write command is taken (low in a cycle where a chain is taken).
  `VIO_DF_IN  wire                  df_wr_cmd_ready,
  /// The chain's tag (with df_tagged; else ignored).
  `VIO_DF_OUT wire [1:0]            df_wr_cmd_tag,
  /// Bytes to write; past the writable part they are dropped.
  `VIO_DF_OUT wire [31:0]           df_wr_cmd_len,
  /// A beat of the command's ceil(len / BPB) beats is offered; once the
  /// command is taken, the beats follow without waiting for the engine.
  `VIO_DF_OUT wire                  df_wr_valid,
  /// The engine takes the beat.
  `VIO_DF_IN  wire                  df_wr_ready,
  /// The bytes, packed as df_rd_data.
  `VIO_DF_OUT wire [DATA_WIDTH-1:0] df_wr_data,

  // ---------------------------------------------------------------------------
  // Completion (a chain: tagged df_done_tag, or the oldest open)
  // ---------------------------------------------------------------------------
  /// The chain is finished, after every beat of its reads was taken.
  `VIO_DF_OUT wire                  df_done_valid,
  /// The completion is taken (low in a cycle where a chain is taken).
  `VIO_DF_IN  wire                  df_done_ready,
  /// The chain's tag (with df_tagged; else ignored).
  `VIO_DF_OUT wire [1:0]            df_done_tag,
  /// Used length: the bytes written (virtio 2.7.8.2), clamped by the engine
  /// to df_chain_wr_bytes.
  `VIO_DF_OUT wire [31:0]           df_done_len,
`undef VIO_DF_IN
`undef VIO_DF_OUT
