`default_nettype none

/// Split-virtqueue data mover: serves the device function's commands on the
/// open chain by turning them into data DMA commands over the chain's
/// segments (from vio_vq_walk's segment FIFO), and hands the finished chain
/// to the publisher.
///
/// The device function opens one chain at a time (df_chain_*). On it, it may
/// issue read commands (df_rd_cmd: the next len bytes of the chain's readable
/// part, delivered as one packed packet on the read stream), then write
/// commands (df_wr_cmd: len bytes taken from the write stream, one packed
/// packet each, stored at the next bytes of the writable part), and finally
/// completes it (df_done: the used length). Commands continue where the
/// previous one of the same direction stopped; the first write command
/// skips whatever is left of the readable part; completion drops the rest.
///
/// Every command becomes one DMA packet of exactly len bytes, so the streams
/// always carry what was asked: pieces inside buffers are real transfers;
/// bytes past the end of the chain's part, and everything once the device
/// stops (no DRIVER_OK, reset, error, queue stopped), are padding (reads give
/// zeros, writes are dropped; no bus access). A command that has started real
/// transfers keeps them inside the chain's buffers.
///
/// Used length: the device function's value, clamped to the chain's writable
/// bytes (2.7.8.2: used.len never exceeds the writable part).
module vio_vq_mover #(
  /// Number of virtqueues.
  parameter integer NUM_QUEUES = 2,
  /// Segment FIFO entries (as in vio_vq_walk).
  parameter integer SEGS       = 16
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  input  wire                  clk,
  input  wire                  rst_n,
  /// Soft reset (device reset completing).
  input  wire                  srst,
  /// The device may move data (DRIVER_OK, no reset request, no error).
  input  wire                  run,
  /// Queue enabled.
  input  wire [NUM_QUEUES-1:0] q_ready,
  /// Queue reset in progress.
  input  wire [NUM_QUEUES-1:0] q_reset_req,

  // ---------------------------------------------------------------------------
  // Chains and segments from the walker
  // ---------------------------------------------------------------------------
  input  wire                  ch_valid,
  output wire                  ch_ready,
  input  wire [5:0]            ch_queue,
  input  wire [15:0]           ch_head,
  input  wire [31:0]           ch_rd_bytes,
  input  wire [31:0]           ch_wr_bytes,
  input  wire [31:0]           ch_nseg,
  input  wire                  ch_ovf,
  /// One-cycle pulse: the open chain is finished.
  output reg                   chain_closed,
  input  wire                  seg_valid,
  output reg                   seg_ready,
  input  wire [63:0]           seg_addr,
  input  wire [31:0]           seg_len,
  input  wire                  seg_write,
  /// Ask the walker for the open chain's segments past the first SEGS.
  output reg                   replay_req,
  input  wire                  replay_started,
  /// Drop every queued segment (the open overflowed chain died mid-replay).
  output reg                   seg_flush,

  // ---------------------------------------------------------------------------
  // Device function: chains and commands
  // ---------------------------------------------------------------------------
  output wire                  df_chain_valid,
  input  wire                  df_chain_ready,
  output wire [5:0]            df_chain_queue,
  output wire [15:0]           df_chain_head,
  output wire [31:0]           df_chain_rd_bytes,
  output wire [31:0]           df_chain_wr_bytes,
  input  wire                  df_rd_cmd_valid,
  output wire                  df_rd_cmd_ready,
  input  wire [31:0]           df_rd_cmd_len,
  input  wire                  df_wr_cmd_valid,
  output wire                  df_wr_cmd_ready,
  input  wire [31:0]           df_wr_cmd_len,
  input  wire                  df_done_valid,
  output wire                  df_done_ready,
  input  wire [31:0]           df_done_len,

  // ---------------------------------------------------------------------------
  // Data DMA commands (streams go straight between the DMA and the device
  // function)
  // ---------------------------------------------------------------------------
  output reg                   drd_cmd_valid,
  input  wire                  drd_cmd_ready,
  output reg  [63:0]           drd_cmd_addr,
  output reg  [31:0]           drd_cmd_len,
  output reg                   drd_cmd_last,
  output reg                   drd_cmd_pad,
  output reg                   dwr_cmd_valid,
  input  wire                  dwr_cmd_ready,
  output reg  [63:0]           dwr_cmd_addr,
  output reg  [31:0]           dwr_cmd_len,
  output reg                   dwr_cmd_last,
  output reg                   dwr_cmd_pad,

  // ---------------------------------------------------------------------------
  // Completions, to the publisher
  // ---------------------------------------------------------------------------
  output wire                  cpl_valid,
  input  wire                  cpl_ready,
  output wire [5:0]            cpl_queue,
  output wire [15:0]           cpl_head,
  output wire [31:0]           cpl_len,
  /// Write-DMA packets of this chain (their done pulses precede its used
  /// index update).
  output wire [15:0]           cpl_npkts,
  /// Do not publish (the queue stopped or the device is not running).
  output wire                  cpl_drop,
  /// The open chain's queue (valid while open).
  output wire [5:0]            open_queue,
  /// A chain is open.
  output wire                  open
);

  localparam integer QW = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;

  localparam [2:0] M_IDLE = 3'd0; // no chain open
  localparam [2:0] M_OPEN = 3'd1; // waiting for a command
  localparam [2:0] M_RD   = 3'd2; // read command in progress
  localparam [2:0] M_SKIP = 3'd3; // write command: drop the readable rest
  localparam [2:0] M_WR   = 3'd4; // write command in progress
  localparam [2:0] M_DONE = 3'd5; // completion: drop the remaining segments
  localparam [2:0] M_CPL  = 3'd6; // completion record to the publisher

  reg [2:0]  st_q, st_d;
  reg [5:0]  q_q, q_d;
  reg [15:0] head_q, head_d;
  reg [31:0] rrem_q, rrem_d;   // readable bytes not yet consumed
  reg [31:0] wrem_q, wrem_d;   // writable bytes not yet consumed
  reg [31:0] wtot_q, wtot_d;   // writable bytes of the chain
  reg [31:0] nseg_q, nseg_d;
  reg        ovf_q, ovf_d;
  reg [31:0] popped_q, popped_d;
  reg        cur_v_q, cur_v_d; // current segment
  reg [63:0] cur_a_q, cur_a_d;
  reg [31:0] cur_l_q, cur_l_d;
  reg        cur_w_q, cur_w_d;
  reg [31:0] left_q, left_d;   // bytes of the command still to issue
  reg [15:0] npk_q, npk_d;
  reg [31:0] ulen_q, ulen_d;
  reg        drop_q, drop_d;

  wire [QW-1:0] qi   = q_q[QW-1:0];
  wire          dead = !run || !q_ready[qi] || q_reset_req[qi];
  // Segments of the open chain that are (or will be) in the FIFO.
  wire [31:0]   lim  = !ovf_q ? nseg_q : (replay_started ? nseg_q : SEGS);
  wire          can_pop = seg_valid && (popped_q < lim);
  wire [31:0]   piece = (cur_l_q < left_q) ? cur_l_q : left_q;

  always @* begin
    st_d = st_q; q_d = q_q; head_d = head_q; rrem_d = rrem_q;
    wrem_d = wrem_q; wtot_d = wtot_q; nseg_d = nseg_q; ovf_d = ovf_q;
    popped_d = popped_q; cur_v_d = cur_v_q; cur_a_d = cur_a_q;
    cur_l_d = cur_l_q; cur_w_d = cur_w_q; left_d = left_q; npk_d = npk_q;
    ulen_d = ulen_q; drop_d = drop_q;
    seg_ready = 1'b0; replay_req = 1'b0; seg_flush = 1'b0;
    chain_closed = 1'b0;
    drd_cmd_valid = 1'b0; drd_cmd_addr = cur_a_q; drd_cmd_len = piece;
    drd_cmd_last = 1'b0; drd_cmd_pad = 1'b0;
    dwr_cmd_valid = 1'b0; dwr_cmd_addr = cur_a_q; dwr_cmd_len = piece;
    dwr_cmd_last = 1'b0; dwr_cmd_pad = 1'b0;

    case (st_q)
      M_IDLE: begin
        if (ch_valid && df_chain_ready) begin
          q_d = ch_queue; head_d = ch_head;
          rrem_d = ch_rd_bytes; wrem_d = ch_wr_bytes; wtot_d = ch_wr_bytes;
          nseg_d = ch_nseg; ovf_d = ch_ovf; popped_d = 32'd0;
          cur_v_d = 1'b0; npk_d = 16'd0;
          st_d = M_OPEN;
        end
      end

      M_OPEN: begin
        if (df_done_valid) begin
          ulen_d = (df_done_len < wtot_q) ? df_done_len : wtot_q;
          st_d = M_DONE;
        end else if (df_wr_cmd_valid) begin
          left_d = df_wr_cmd_len;
          npk_d = npk_q + 16'd1;
          st_d = (df_wr_cmd_len == 32'd0) ? M_OPEN : M_SKIP;
          if (df_wr_cmd_len == 32'd0) npk_d = npk_q;
        end else if (df_rd_cmd_valid) begin
          left_d = df_rd_cmd_len;
          st_d = (df_rd_cmd_len == 32'd0) ? M_OPEN : M_RD;
        end
      end

      M_RD: begin
        if (dead || (rrem_q == 32'd0 && !(cur_v_q && !cur_w_q))) begin
          // padding: the device stopped, or past the readable part
          drd_cmd_valid = 1'b1; drd_cmd_pad = 1'b1;
          drd_cmd_len = left_q; drd_cmd_last = 1'b1;
          if (drd_cmd_ready) st_d = M_OPEN;
        end else if (cur_v_q) begin
          drd_cmd_valid = 1'b1;
          drd_cmd_last = (piece == left_q);
          if (drd_cmd_ready) begin
            cur_a_d = cur_a_q + {32'd0, piece};
            cur_l_d = cur_l_q - piece;
            cur_v_d = (cur_l_q != piece);
            left_d = left_q - piece;
            rrem_d = rrem_q - piece;
            if (piece == left_q) st_d = M_OPEN;
          end
        end else begin
          fetch_seg();
        end
      end

      M_SKIP: begin
        // drop the readable part's rest before the first write
        if (dead) begin
          st_d = M_WR;
        end else if (cur_v_q && !cur_w_q) begin
          cur_v_d = 1'b0;
          rrem_d = rrem_q - cur_l_q;
        end else if (rrem_q == 32'd0) begin
          st_d = M_WR;
        end else begin
          fetch_seg();
        end
      end

      M_WR: begin
        if (dead || (wrem_q == 32'd0 && !cur_v_q)) begin
          dwr_cmd_valid = 1'b1; dwr_cmd_pad = 1'b1;
          dwr_cmd_len = left_q; dwr_cmd_last = 1'b1;
          if (dwr_cmd_ready) st_d = M_OPEN;
        end else if (cur_v_q) begin
          dwr_cmd_valid = 1'b1;
          dwr_cmd_last = (piece == left_q);
          if (dwr_cmd_ready) begin
            cur_a_d = cur_a_q + {32'd0, piece};
            cur_l_d = cur_l_q - piece;
            cur_v_d = (cur_l_q != piece);
            left_d = left_q - piece;
            wrem_d = wrem_q - piece;
            if (piece == left_q) st_d = M_OPEN;
          end
        end else begin
          fetch_seg();
        end
      end

      M_DONE: begin
        // drop what is left of the chain's segments
        if (popped_q == lim) begin
          st_d = M_CPL;
          drop_d = dead;
        end else if (dead && ovf_q) begin
          seg_flush = 1'b1; // the replay stopped half-way
          st_d = M_CPL;
          drop_d = 1'b1;
        end else if (can_pop) begin
          seg_ready = 1'b1;
          popped_d = popped_q + 32'd1;
        end else if (ovf_q && !replay_started && popped_q == SEGS) begin
          // nothing more to drop: the rest was never queued
          st_d = M_CPL;
          drop_d = dead;
        end
      end

      M_CPL: begin
        if (cpl_ready) begin
          chain_closed = 1'b1;
          st_d = M_IDLE;
        end
      end

      default: st_d = M_IDLE;
    endcase
  end

  // Take the next segment of the open chain, or ask for the replay.
  task fetch_seg;
    begin
      if (can_pop) begin
        seg_ready = 1'b1;
        popped_d = popped_q + 32'd1;
        cur_v_d = 1'b1;
        cur_a_d = seg_addr;
        cur_l_d = seg_len;
        cur_w_d = seg_write;
      end else if (ovf_q && !replay_started && popped_q == SEGS) begin
        replay_req = 1'b1;
      end
    end
  endtask

  always @(posedge clk) begin
    if (!rst_n || srst) begin
      st_q <= M_IDLE; q_q <= 6'd0; head_q <= 16'd0; rrem_q <= 32'd0;
      wrem_q <= 32'd0; wtot_q <= 32'd0; nseg_q <= 32'd0; ovf_q <= 1'b0;
      popped_q <= 32'd0; cur_v_q <= 1'b0; cur_a_q <= 64'd0;
      cur_l_q <= 32'd0; cur_w_q <= 1'b0; left_q <= 32'd0; npk_q <= 16'd0;
      ulen_q <= 32'd0; drop_q <= 1'b0;
    end else begin
      st_q <= st_d; q_q <= q_d; head_q <= head_d; rrem_q <= rrem_d;
      wrem_q <= wrem_d; wtot_q <= wtot_d; nseg_q <= nseg_d; ovf_q <= ovf_d;
      popped_q <= popped_d; cur_v_q <= cur_v_d; cur_a_q <= cur_a_d;
      cur_l_q <= cur_l_d; cur_w_q <= cur_w_d; left_q <= left_d;
      npk_q <= npk_d; ulen_q <= ulen_d; drop_q <= drop_d;
    end
  end

  assign ch_ready          = (st_q == M_IDLE) && df_chain_ready;
  assign df_chain_valid    = (st_q == M_IDLE) && ch_valid;
  assign df_chain_queue    = ch_queue;
  assign df_chain_head     = ch_head;
  assign df_chain_rd_bytes = ch_rd_bytes;
  assign df_chain_wr_bytes = ch_wr_bytes;
  assign df_done_ready     = (st_q == M_OPEN);
  assign df_wr_cmd_ready   = (st_q == M_OPEN) && !df_done_valid;
  assign df_rd_cmd_ready   = (st_q == M_OPEN) && !df_done_valid &&
                             !df_wr_cmd_valid;
  assign cpl_valid         = (st_q == M_CPL);
  assign cpl_queue         = q_q;
  assign cpl_head          = head_q;
  assign cpl_len           = ulen_q;
  assign cpl_npkts         = npk_q;
  assign cpl_drop          = drop_q;
  assign open_queue        = q_q;
  assign open              = (st_q != M_IDLE);
endmodule

`default_nettype wire
