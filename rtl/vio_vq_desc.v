// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_vq_chain.vh"

/// Descriptor walker of the chain walker (vio_vq_walk; virtio v1.2 sections
/// 2.7.5, 2.7.5.3): walks a chain from its head through NEXT, WRITE and
/// INDIRECT, checks it, pushes its non-empty buffers into the segment FIFO
/// and puts its record (head, readable and writable bytes, segments) in
/// line.
///
/// A walk is a scan (from a head found by the avail reader) or a replay
/// (of the open overflowed chain). Each descriptor is one 16-byte read on
/// the walker's control read port: at desc + 16 * i, or inside an indirect
/// table. A scan pushes the first SEGS segments and walks on to the end for
/// the checks and totals (ovf in the record when there were more); a replay
/// skips the first SEGS segments and pushes the rest, waiting while the FIFO
/// is full, and must find the totals the scan found (or the driver changed
/// a chain it had made available: malformed).
///
/// Checks (CONFORMANCE table E; any failure pulses err and the walker stops
/// until srst): next index out of range; more descriptors than the table
/// holds (a loop); a chain of more buffer descriptors than the queue size,
/// ring part and indirect part together, however long the indirect table
/// claims to be (2.7.4.2, 2.7.5.3.1: so a loop inside a huge table ends
/// within size + 1 reads); a buffer or indirect table whose address + length
/// passes 2^64; an indirect table of length 0 or not a multiple of 16;
/// INDIRECT inside an indirect table; INDIRECT without the feature; a
/// readable descriptor after a writable one; a chain of 2^32 bytes or more
/// (each length added in 33 bits); an error response on a descriptor read.
/// Legal and accepted: zero-length descriptors (skipped: no segment),
/// INDIRECT with NEXT (NEXT ignored, 2.7.5.3.1), plain descriptors followed
/// by one indirect descriptor, and any order of `next` inside an indirect
/// table (2.7.5.3.2).
///
/// A walk whose queue stops (or that is orphaned) is abandoned: no new read,
/// an issued one is awaited, and the segments a scan pushed are taken back
/// out of the FIFO (undo).
module vio_vq_desc #(
  /// Data bus width of the control read stream (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// Segment FIFO entries (a power of two, 4..1024).
  parameter integer SEGS       = 16
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                   clk,
  /// Synchronous active-low reset.
  input  wire                   rst_n,
  /// Soft reset (device reset completing): back to the reset state.
  input  wire                   srst,
  /// VIRTIO_F_INDIRECT_DESC negotiated.
  input  wire                   feat_indirect,

  // ---------------------------------------------------------------------------
  // Served queue (from vio_vq_sched)
  // ---------------------------------------------------------------------------
  /// The served queue: the walked chain's queue.
  input  wire [5:0]             wq,
  /// Its size in descriptors (a power of 2).
  input  wire [15:0]            wq_size,
  /// Its descriptor area address.
  input  wire [63:0]            wq_desc,
  /// Abandon the walk now (no new read; an issued read is awaited).
  input  wire                   wq_stop,
  /// The walk is behind a chain that will be dropped: a scan that ends is
  /// not put in line but taken back (walked again later).
  input  wire                   orphan,

  // ---------------------------------------------------------------------------
  // Starts
  // ---------------------------------------------------------------------------
  /// One-cycle pulse from vio_vq_avail: scan the chain at head (only while
  /// idle).
  input  wire                   head_valid,
  /// Its head descriptor index (< wq_size).
  input  wire [15:0]            head,
  /// One-cycle pulse from vio_vq_sched: replay the open overflowed chain
  /// (only while idle).
  input  wire                   start_replay,
  /// That chain's record (from vio_vq_seg): its head, and the totals the
  /// replay must find again.
  input  wire [`VIO_CH_W-1:0]   replay_rec,

  // ---------------------------------------------------------------------------
  // Control read port (shared with vio_vq_avail: zeros while not reading)
  // ---------------------------------------------------------------------------
  /// Read command: one descriptor, 16 bytes at rd_cmd_addr, one packet.
  output reg                    rd_cmd_valid,
  /// The read DMA takes the command.
  input  wire                   rd_cmd_ready,
  /// Byte address of the descriptor.
  output reg  [63:0]            rd_cmd_addr,
  /// Bytes to read (16).
  output reg  [4:0]             rd_cmd_len,
  /// A beat of the answer (always taken).
  input  wire                   rd_valid,
  /// The answer, packed from lane 0 (two beats at 64 bits, else one).
  input  wire [DATA_WIDTH-1:0]  rd_data,
  /// Last beat of the answer.
  input  wire                   rd_last,
  /// A bus response of the read was an error (checked at rd_last).
  input  wire                   rd_err,

  // ---------------------------------------------------------------------------
  // Segment FIFO and chain line (vio_vq_seg)
  // ---------------------------------------------------------------------------
  /// The segment FIFO is full.
  input  wire                   seg_full,
  /// One-cycle pulse: push seg_rec (never while seg_full).
  output reg                    seg_push,
  /// The segment pushed.
  output wire [`VIO_SEG_W-1:0]  seg_rec,
  /// One-cycle pulse: the walk is abandoned; the FIFO's write pointer goes
  /// back to where it was at the walk's start.
  output reg                    seg_undo,
  /// One-cycle pulse: a scan ended; chain_rec goes in line and last_avail
  /// of wq moves past its entry.
  output reg                    chain_done,
  /// The chain's record, with chain_done.
  output wire [`VIO_CH_W-1:0]   chain_rec,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: malformed chain or a DMA error (table E).
  output reg                    err,
  /// Idle: neither walking nor stopped by an error.
  output wire                   idle,
  /// Walking a chain of queue wq.
  output wire                   busy
);

  // Descriptor flags (2.7.5).
  localparam integer DESC_F_NEXT     = 0;
  localparam integer DESC_F_WRITE    = 1;
  localparam integer DESC_F_INDIRECT = 2;

  // States.
  localparam [2:0] D_IDLE = 3'd0;
  localparam [2:0] D_RD   = 3'd1; // issue the descriptor read
  localparam [2:0] D_WAIT = 3'd2; // its answer
  localparam [2:0] D_EVAL = 3'd3; // check it, add it up
  localparam [2:0] D_PUSH = 3'd4; // push its segment
  localparam [2:0] D_ERR  = 3'd5; // stopped until srst

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_vq_desc_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
    if (SEGS < 4 || SEGS > 1024 || (SEGS & (SEGS - 1)) != 0) begin : g_bad_segs
      vio_vq_desc_error_SEGS_must_be_a_power_of_2_4_to_1024 u_param_error ();
    end
  endgenerate

  reg [2:0]    st_q;
  reg [15:0]   head_q;
  reg [31:0]   idx_q;       // descriptor index in the current table
  reg          ind_q;       // inside an indirect table
  reg [63:0]   tbl_q;       // indirect table address
  reg [31:0]   tbl_n_q;     // indirect table entries
  reg [31:0]   cnt_q;       // descriptors visited in the current table
  reg [16:0]   tot_q;       // buffer descriptors in the chain so far
  reg          wseen_q;     // a writable descriptor was seen
  reg [31:0]   rdb_q;       // readable bytes
  reg [31:0]   wrb_q;       // writable bytes
  reg [31:0]   nseg_q;      // non-empty segments
  reg          replay_q;    // replay walk (not a scan)
  reg [31:0]   skip_q;      // replay: segments still to skip
  reg [127:0]  resp_q;      // the descriptor read, packed
  reg [1:0]    beat_q;      // beats received of it
  reg          rerr_q;      // error response in it

  // Descriptor fields (2.7.5: le64 addr, le32 len, le16 flags, le16 next).
  wire [63:0] d_addr  = resp_q[63:0];
  wire [31:0] d_len   = resp_q[95:64];
  wire [15:0] d_flags = resp_q[111:96];
  wire [15:0] d_next  = resp_q[127:112];
  wire        d_ind   = d_flags[DESC_F_INDIRECT];
  wire        d_wr    = d_flags[DESC_F_WRITE];
  wire        d_nx    = d_flags[DESC_F_NEXT];

  wire [31:0] limit     = ind_q ? tbl_n_q : {16'd0, wq_size};
  wire [32:0] rdb_sum   = {1'b0, rdb_q} + {1'b0, d_len};
  wire [32:0] wrb_sum   = {1'b0, wrb_q} + {1'b0, d_len};
  wire [32:0] tot_sum   = {1'b0, rdb_q} + {1'b0, wrb_q} + {1'b0, d_len};
  // The descriptor's last byte is past 2^64 - 1 (table E: address wrap).
  wire [64:0] end_sum   = {1'b0, d_addr} + {33'd0, d_len};
  wire        wraps     = end_sum[64] && (end_sum[63:0] != 64'd0);

  // The read data, the first 16 bytes (at 64 bits a beat fills one half).
  wire [127:0] rd_lo;
  generate
    if (DATA_WIDTH >= 128) begin : g_resp_wide
      assign rd_lo = rd_data[127:0];
    end else begin : g_resp_64
      assign rd_lo = {64'd0, rd_data};
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // The descriptor in resp_q (D_EVAL), checked and added up. From registers
  // only: evaluated once per clock edge.
  // ---------------------------------------------------------------------------
  wire in_eval = (st_q == D_EVAL);
  // Checks, in this order: loop / chain too long; address + length past
  // 2^64; INDIRECT: inside a table, without the feature, length 0 or not a
  // multiple of 16 (2.7.5.3.1: WRITE and NEXT are ignored on it); else more
  // buffer descriptors than the queue size, ring and indirect parts
  // together (2.7.5.3.1), readable after writable, a chain of 2^32 bytes or
  // more, next out of range (table E).
  wire ev_bad = (cnt_q >= limit) || wraps ||
                (d_ind ? (ind_q || !feat_indirect || d_len == 32'd0 ||
                          d_len[3:0] != 4'd0)
                       : (tot_q >= {1'b0, wq_size} || (!d_wr && wseen_q) ||
                          tot_sum[32] ||
                          (d_nx && {16'd0, d_next} >= limit)));
  // A buffer descriptor that passed: its bytes count.
  wire ev_buf  = !ev_bad && !d_ind;
  // ... and its segment is pushed: a scan's first SEGS, a replay's past
  // them.
  wire ev_push = ev_buf && d_len != 32'd0 &&
                 (replay_q ? (skip_q == 32'd0) : (nseg_q < SEGS));
  // The totals with this cycle's descriptor (what a chain that ends now
  // has).
  wire [31:0] rdb_n  = (in_eval && ev_buf && !d_wr) ? rdb_sum[31:0] : rdb_q;
  wire [31:0] wrb_n  = (in_eval && ev_buf && d_wr) ? wrb_sum[31:0] : wrb_q;
  wire [31:0] nseg_n = (in_eval && ev_buf && d_len != 32'd0) ?
                       nseg_q + 32'd1 : nseg_q;

  // The descriptor in resp_q is done (evaluated without a push, or pushed)
  // and has no NEXT: the chain ends. A scan puts the chain in line; a
  // replay must find the chain the scan found, or the driver changed
  // descriptors it had made available (treated as malformed).
  wire seg_go    = (st_q == D_PUSH) && !wq_stop && !seg_full;
  wire desc_done = (in_eval && ev_buf && !ev_push) || seg_go;
  wire end_chain = desc_done && !d_nx;
  wire mismatch  = nseg_n != replay_rec[`VIO_CH_NSEG] ||
                   rdb_n != replay_rec[`VIO_CH_RD_BYTES] ||
                   wrb_n != replay_rec[`VIO_CH_WR_BYTES];
  // The answer's last beat.
  wire rsp_end = (st_q == D_WAIT) && rd_valid && rd_last;
  wire rsp_bad = rsp_end && (rd_err || rerr_q);

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  always @* begin
    rd_cmd_valid = (st_q == D_RD) && !wq_stop;
    rd_cmd_addr  = rd_cmd_valid ?
                   (ind_q ? tbl_q : wq_desc) + {28'd0, idx_q, 4'd0} : 64'd0;
    rd_cmd_len   = rd_cmd_valid ? 5'd16 : 5'd0;
    seg_push     = seg_go;
    // A scan that stops takes its segments back out of the FIFO. A
    // replay's stay: the mover is already loading them (the undo point is
    // behind its read pointer), and drops them, with the rest, itself.
    seg_undo     = !replay_q &&
                   (((st_q == D_RD) && wq_stop) ||
                    (rsp_end && !rsp_bad && wq_stop) ||
                    ((st_q == D_PUSH) && wq_stop) ||
                    (end_chain && orphan));
    chain_done   = end_chain && !replay_q && !orphan;
    err          = rsp_bad || (in_eval && ev_bad) ||
                   (end_chain && replay_q && mismatch);
  end

  // ---------------------------------------------------------------------------
  // Registers: the next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    reg [15:0] hd;
    hd = start_replay ? replay_rec[`VIO_CH_HEAD] : head;
    if (!rst_n || srst) begin
      st_q <= D_IDLE; head_q <= 16'd0; idx_q <= 32'd0; ind_q <= 1'b0;
      tbl_q <= 64'd0; tbl_n_q <= 32'd0; cnt_q <= 32'd0; tot_q <= 17'd0;
      wseen_q <= 1'b0; rdb_q <= 32'd0; wrb_q <= 32'd0; nseg_q <= 32'd0;
      replay_q <= 1'b0; skip_q <= 32'd0; resp_q <= 128'd0; beat_q <= 2'd0;
      rerr_q <= 1'b0;
    end else begin
      case (st_q)
        D_IDLE: begin
          if (head_valid || start_replay) begin
            // a scan from the head the avail reader found, or the replay of
            // the open chain: its segments past the first SEGS
            replay_q <= start_replay;
            skip_q <= SEGS;
            head_q <= hd;
            idx_q <= {16'd0, hd};
            ind_q <= 1'b0; cnt_q <= 32'd0; tot_q <= 17'd0; wseen_q <= 1'b0;
            rdb_q <= 32'd0; wrb_q <= 32'd0; nseg_q <= 32'd0;
            st_q <= D_RD;
          end
        end

        D_RD: begin
          if (wq_stop) begin
            st_q <= D_IDLE;
          end else begin
            beat_q <= 2'd0; rerr_q <= 1'b0;
            if (rd_cmd_ready)
              st_q <= D_WAIT;
          end
        end

        D_WAIT: begin
          if (rd_valid) begin
            if (DATA_WIDTH >= 128)
              resp_q <= rd_lo;
            else if (beat_q == 2'd0)
              resp_q[63:0] <= rd_lo[63:0];
            else
              resp_q[127:64] <= rd_lo[63:0];
            beat_q <= beat_q + 2'd1;
            if (rd_err) rerr_q <= 1'b1;
            if (rd_last) begin
              if (rd_err || rerr_q)
                st_q <= D_ERR;
              else if (wq_stop)
                st_q <= D_IDLE;
              else
                st_q <= D_EVAL;
            end
          end
        end

        D_EVAL: begin
          cnt_q <= cnt_q + 32'd1;
          if (ev_bad) begin
            st_q <= D_ERR;
          end else if (d_ind) begin
            ind_q <= 1'b1;
            tbl_q <= d_addr;
            tbl_n_q <= {4'd0, d_len[31:4]};
            idx_q <= 32'd0;
            cnt_q <= 32'd0;
            st_q <= D_RD;
          end else begin
            tot_q <= tot_q + 17'd1;
            if (d_wr) wseen_q <= 1'b1;
            rdb_q <= rdb_n;
            wrb_q <= wrb_n;
            nseg_q <= nseg_n;
            if (ev_push)
              st_q <= D_PUSH;
            else if (replay_q && d_len != 32'd0)
              skip_q <= skip_q - 32'd1;
          end
        end

        D_PUSH: begin
          // resp_q still holds the descriptor
          if (wq_stop)
            st_q <= D_IDLE;
        end

        D_ERR: begin
          // stopped until srst
        end

        default: st_q <= D_IDLE;
      endcase

      // The descriptor is done: on to its NEXT, or the chain ends.
      if (desc_done) begin
        if (d_nx) begin
          idx_q <= {16'd0, d_next};
          st_q <= D_RD;
        end else begin
          st_q <= (replay_q && mismatch) ? D_ERR : D_IDLE;
        end
      end
    end
  end

  assign seg_rec[`VIO_SEG_ADDR]  = d_addr;
  assign seg_rec[`VIO_SEG_LEN]   = d_len;
  assign seg_rec[`VIO_SEG_WRITE] = d_flags[DESC_F_WRITE];

  assign chain_rec[`VIO_CH_QUEUE]    = wq;
  assign chain_rec[`VIO_CH_HEAD]     = head_q;
  assign chain_rec[`VIO_CH_RD_BYTES] = rdb_n;
  assign chain_rec[`VIO_CH_WR_BYTES] = wrb_n;
  assign chain_rec[`VIO_CH_NSEG]     = nseg_n;
  assign chain_rec[`VIO_CH_OVF]      = (nseg_n > SEGS);

  assign idle = (st_q == D_IDLE);
  assign busy = (st_q != D_IDLE) && (st_q != D_ERR);

  // Unused: the carries kept only for the checks, the answer past 16 bytes,
  // the replayed chain's queue and overflow flag.
  wire unused_ok = &{1'b0, rdb_sum[32], wrb_sum[32], tot_sum[31:0], rd_data,
                     replay_rec};
endmodule

`default_nettype wire
