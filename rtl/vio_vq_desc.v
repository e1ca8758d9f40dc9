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

  reg [2:0]    st_q, st_d;
  reg [15:0]   head_q, head_d;
  reg [31:0]   idx_q, idx_d;       // descriptor index in the current table
  reg          ind_q, ind_d;       // inside an indirect table
  reg [63:0]   tbl_q, tbl_d;       // indirect table address
  reg [31:0]   tbl_n_q, tbl_n_d;   // indirect table entries
  reg [31:0]   cnt_q, cnt_d;       // descriptors visited in the current table
  reg [16:0]   tot_q, tot_d;       // buffer descriptors in the chain so far
  reg          wseen_q, wseen_d;   // a writable descriptor was seen
  reg [31:0]   rdb_q, rdb_d;       // readable bytes
  reg [31:0]   wrb_q, wrb_d;       // writable bytes
  reg [31:0]   nseg_q, nseg_d;     // non-empty segments
  reg          replay_q, replay_d; // replay walk (not a scan)
  reg [31:0]   skip_q, skip_d;     // replay: segments still to skip
  reg [127:0]  resp_q, resp_d;     // the descriptor read, packed
  reg [1:0]    beat_q, beat_d;     // beats received of it
  reg          rerr_q, rerr_d;     // error response in it
  reg          end_chain;          // the chain's last descriptor is done

  // Descriptor fields (2.7.5: le64 addr, le32 len, le16 flags, le16 next).
  wire [63:0] d_addr  = resp_q[63:0];
  wire [31:0] d_len   = resp_q[95:64];
  wire [15:0] d_flags = resp_q[111:96];
  wire [15:0] d_next  = resp_q[127:112];

  wire [31:0] limit     = ind_q ? tbl_n_q : {16'd0, wq_size};
  wire [32:0] rdb_sum   = {1'b0, rdb_q} + {1'b0, d_len};
  wire [32:0] wrb_sum   = {1'b0, wrb_q} + {1'b0, d_len};
  wire [32:0] tot_sum   = {1'b0, rdb_q} + {1'b0, wrb_q} + {1'b0, d_len};
  // The descriptor's last byte is past 2^64 - 1 (table E: address wrap).
  wire [64:0] end_sum   = {1'b0, d_addr} + {33'd0, d_len};
  wire        wraps     = end_sum[64] && (end_sum[63:0] != 64'd0);

  // The read data assembled into resp (packed stream, low bytes first).
  reg [127:0] resp_in;
  generate
    if (DATA_WIDTH >= 128) begin : g_resp_wide
      always @* resp_in = rd_data[127:0];
    end else begin : g_resp_64
      always @* begin
        resp_in = resp_q;
        if (beat_q == 2'd0)
          resp_in[63:0] = rd_data;
        else
          resp_in[127:64] = rd_data;
      end
    end
  endgenerate

  always @* begin
    st_d = st_q; head_d = head_q; idx_d = idx_q; ind_d = ind_q;
    tbl_d = tbl_q; tbl_n_d = tbl_n_q; cnt_d = cnt_q; tot_d = tot_q;
    wseen_d = wseen_q; rdb_d = rdb_q; wrb_d = wrb_q; nseg_d = nseg_q;
    replay_d = replay_q; skip_d = skip_q; resp_d = resp_q; beat_d = beat_q;
    rerr_d = rerr_q;
    rd_cmd_valid = 1'b0; rd_cmd_addr = 64'd0; rd_cmd_len = 5'd0;
    seg_push = 1'b0; seg_undo = 1'b0; chain_done = 1'b0; err = 1'b0;
    end_chain = 1'b0;

    case (st_q)
      D_IDLE: begin
        if (head_valid || start_replay) begin
          // a scan from the head the avail reader found, or the replay of
          // the open chain: its segments past the first SEGS
          replay_d = start_replay;
          skip_d = SEGS;
          head_d = start_replay ? replay_rec[`VIO_CH_HEAD] : head;
          idx_d = {16'd0, head_d};
          ind_d = 1'b0; cnt_d = 32'd0; tot_d = 17'd0; wseen_d = 1'b0;
          rdb_d = 32'd0; wrb_d = 32'd0; nseg_d = 32'd0;
          st_d = D_RD;
        end
      end

      D_RD: begin
        if (wq_stop) begin
          seg_undo = 1'b1;
          st_d = D_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_cmd_addr = (ind_q ? tbl_q : wq_desc) + {28'd0, idx_q, 4'd0};
          rd_cmd_len = 5'd16;
          beat_d = 2'd0; rerr_d = 1'b0;
          if (rd_cmd_ready)
            st_d = D_WAIT;
        end
      end

      D_WAIT: begin
        if (rd_valid) begin
          resp_d = resp_in;
          beat_d = beat_q + 2'd1;
          if (rd_err) rerr_d = 1'b1;
          if (rd_last) begin
            if (rd_err || rerr_q) begin
              st_d = D_ERR; err = 1'b1;
            end else if (wq_stop) begin
              seg_undo = 1'b1;
              st_d = D_IDLE;
            end else begin
              st_d = D_EVAL;
            end
          end
        end
      end

      D_EVAL: begin
        cnt_d = cnt_q + 32'd1;
        if (cnt_q >= limit) begin
          st_d = D_ERR; err = 1'b1; // table E: loop / chain too long
        end else if (wraps) begin
          st_d = D_ERR; err = 1'b1; // table E: address + length past 2^64
        end else if (d_flags[DESC_F_INDIRECT]) begin
          // 2.7.5.3.1: WRITE and NEXT are ignored on this descriptor
          if (ind_q || !feat_indirect || d_len == 32'd0 ||
              d_len[3:0] != 4'd0) begin
            st_d = D_ERR; err = 1'b1;
          end else begin
            ind_d = 1'b1;
            tbl_d = d_addr;
            tbl_n_d = {4'd0, d_len[31:4]};
            idx_d = 32'd0;
            cnt_d = 32'd0;
            st_d = D_RD;
          end
        end else if (tot_q >= {1'b0, wq_size}) begin
          // table E: more buffer descriptors than the queue size, ring and
          // indirect parts together (2.7.5.3.1)
          st_d = D_ERR; err = 1'b1;
        end else if (!d_flags[DESC_F_WRITE] && wseen_q) begin
          st_d = D_ERR; err = 1'b1; // table E: readable after writable
        end else if (tot_sum[32]) begin
          st_d = D_ERR; err = 1'b1; // chain of 2^32 bytes or more
        end else if (d_flags[DESC_F_NEXT] &&
                     {16'd0, d_next} >= limit) begin
          st_d = D_ERR; err = 1'b1; // table E: next out of range
        end else begin
          tot_d = tot_q + 17'd1;
          if (d_flags[DESC_F_WRITE]) begin
            wseen_d = 1'b1;
            wrb_d = wrb_sum[31:0];
          end else begin
            rdb_d = rdb_sum[31:0];
          end
          if (d_len != 32'd0) begin
            nseg_d = nseg_q + 32'd1;
            if (replay_q ? (skip_q == 32'd0) : (nseg_q < SEGS))
              st_d = D_PUSH;
            else if (replay_q)
              skip_d = skip_q - 32'd1;
          end
          if (st_d != D_PUSH)
            follow_next();
        end
      end

      D_PUSH: begin
        // resp_q still holds the descriptor
        if (wq_stop) begin
          // a replay's segments stay: the mover drops them
          seg_undo = !replay_q;
          st_d = D_IDLE;
        end else if (!seg_full) begin
          seg_push = 1'b1;
          follow_next();
        end
      end

      D_ERR: begin
        // stopped until srst
      end

      default: st_d = D_IDLE;
    endcase

    // End of the chain: totals are in the _d registers. A scan puts the
    // chain in line; a replay must find the chain the scan found, or the
    // driver changed descriptors it had made available (treated as
    // malformed).
    if (end_chain) begin
      st_d = D_IDLE;
      if (replay_q) begin
        if (nseg_d != replay_rec[`VIO_CH_NSEG] ||
            rdb_d != replay_rec[`VIO_CH_RD_BYTES] ||
            wrb_d != replay_rec[`VIO_CH_WR_BYTES]) begin
          st_d = D_ERR; err = 1'b1;
        end
      end else if (orphan) begin
        seg_undo = 1'b1;  // behind a dropped chain: walked again later
      end else begin
        chain_done = 1'b1;
      end
    end
  end

  // The descriptor in resp_q is done: on to its NEXT, or the chain ends.
  task follow_next;
    begin
      if (d_flags[DESC_F_NEXT]) begin
        idx_d = {16'd0, d_next};
        st_d = D_RD;
      end else begin
        end_chain = 1'b1;
      end
    end
  endtask

  always @(posedge clk) begin
    if (!rst_n || srst) begin
      st_q <= D_IDLE; head_q <= 16'd0; idx_q <= 32'd0; ind_q <= 1'b0;
      tbl_q <= 64'd0; tbl_n_q <= 32'd0; cnt_q <= 32'd0; tot_q <= 17'd0;
      wseen_q <= 1'b0; rdb_q <= 32'd0; wrb_q <= 32'd0; nseg_q <= 32'd0;
      replay_q <= 1'b0; skip_q <= 32'd0; resp_q <= 128'd0; beat_q <= 2'd0;
      rerr_q <= 1'b0;
    end else begin
      st_q <= st_d; head_q <= head_d; idx_q <= idx_d; ind_q <= ind_d;
      tbl_q <= tbl_d; tbl_n_q <= tbl_n_d; cnt_q <= cnt_d; tot_q <= tot_d;
      wseen_q <= wseen_d; rdb_q <= rdb_d; wrb_q <= wrb_d; nseg_q <= nseg_d;
      replay_q <= replay_d; skip_q <= skip_d; resp_q <= resp_d;
      beat_q <= beat_d; rerr_q <= rerr_d;
    end
  end

  assign seg_rec[`VIO_SEG_ADDR]  = d_addr;
  assign seg_rec[`VIO_SEG_LEN]   = d_len;
  assign seg_rec[`VIO_SEG_WRITE] = d_flags[DESC_F_WRITE];

  assign chain_rec[`VIO_CH_QUEUE]    = wq;
  assign chain_rec[`VIO_CH_HEAD]     = head_q;
  assign chain_rec[`VIO_CH_RD_BYTES] = rdb_d;
  assign chain_rec[`VIO_CH_WR_BYTES] = wrb_d;
  assign chain_rec[`VIO_CH_NSEG]     = nseg_d;
  assign chain_rec[`VIO_CH_OVF]      = (nseg_d > SEGS);

  assign idle = (st_q == D_IDLE);
  assign busy = (st_q != D_IDLE) && (st_q != D_ERR);

  // Unused: the carries kept only for the checks, the answer past 16 bytes,
  // the replayed chain's queue and overflow flag.
  wire unused_ok = &{1'b0, rdb_sum[32], wrb_sum[32], tot_sum[31:0], rd_data,
                     replay_rec};
endmodule

`default_nettype wire
