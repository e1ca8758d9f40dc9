// SPDX-License-Identifier: MIT
// The walker's port to the mover (docs/ring-engine.md): the chain line
// (walked chains in order, the chain record's fields of vio_vq_chain.vh)
// and the segment FIFO's read side, declared once for both ends. Included
// inside a port list, with at least one more port after it (it ends with a
// comma). Written from the walker's side (vio_vq_walk, vio_vq_seg); the
// mover defines VIO_VQ_LINE_MOVER before including it, which turns every
// direction round. Not compiled on its own.
`ifdef VIO_VQ_LINE_MOVER
`define VIO_LN_OUT input
`define VIO_LN_IN  output
`else
`define VIO_LN_OUT output
`define VIO_LN_IN  input
`endif
  // ---------------------------------------------------------------------------
  // Chains, walker to mover
  // ---------------------------------------------------------------------------
  /// The first walked chain in line waits to be opened (held until taken).
  `VIO_LN_OUT wire        ch_valid,
  /// The mover takes it: offered to the device function and opened, or
  /// (its queue stopped) opened to be dropped. Combinational from ch_valid
  /// and the device function's df_chain_ready.
  `VIO_LN_IN  wire        ch_ready,
  /// Its queue.
  `VIO_LN_OUT wire [5:0]  ch_queue,
  /// Its head descriptor index (the used element's id).
  `VIO_LN_OUT wire [15:0] ch_head,
  /// Device-readable bytes.
  `VIO_LN_OUT wire [31:0] ch_rd_bytes,
  /// Device-writable bytes.
  `VIO_LN_OUT wire [31:0] ch_wr_bytes,
  /// Non-empty segments of the chain.
  `VIO_LN_OUT wire [31:0] ch_nseg,
  /// More segments than SEGS: the first SEGS are queued, the rest comes by
  /// replay.
  `VIO_LN_OUT wire        ch_ovf,
  /// One-cycle pulse: an open chain is finished (completed or dropped; its
  /// completion is taken by the publisher). An overflowed chain is open
  /// alone, so a pulse while it is open is its own.
  `VIO_LN_IN  wire        chain_closed,

  // ---------------------------------------------------------------------------
  // Segment FIFO read side, walker to mover
  // ---------------------------------------------------------------------------
  /// A segment is at the FIFO's head (held until taken).
  `VIO_LN_OUT wire        seg_valid,
  /// The mover takes it (for the newest open chain).
  `VIO_LN_IN  wire        seg_ready,
  /// Its buffer address.
  `VIO_LN_OUT wire [63:0] seg_addr,
  /// Its length in bytes (never 0).
  `VIO_LN_OUT wire [31:0] seg_len,
  /// Device-writable.
  `VIO_LN_OUT wire        seg_write,
  /// The mover needs the open overflowed chain's segments past the first
  /// SEGS (level, until replay_started).
  `VIO_LN_IN  wire        replay_req,
  /// The replay walk started (or is done) for the open chain; low again
  /// when the chain closes.
  `VIO_LN_OUT wire        replay_started,
  /// One-cycle pulse: drop every queued segment (the open overflowed chain
  /// died mid-replay; only while no other chain's segments are queued).
  `VIO_LN_IN  wire        seg_flush,
`undef VIO_LN_OUT
`undef VIO_LN_IN
