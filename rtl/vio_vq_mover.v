// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_vq_chain.vh"

/// Split-virtqueue data mover: serves the device function's commands on its
/// open chains by turning them into data DMA commands over the chains'
/// segments (from the walker's segment FIFO, vio_vq_seg), and hands finished
/// chains to the publisher.
///
/// Up to two chains are open, oldest first. Read commands (df_rd_cmd: the
/// next len bytes of the readable part, delivered as one packed packet on
/// the read stream) apply to the newest open chain; write commands
/// (df_wr_cmd: len bytes taken from the write stream, one packed packet
/// each, stored at the next bytes of the writable part) and completion
/// (df_done: the used length) apply to the oldest. So a device function can
/// read the next chain while it still writes the previous one, and chains
/// complete in the order they were opened. Commands continue where the
/// previous one of the same direction on that chain stopped; the first write
/// command skips whatever is left of the readable part; completion drops the
/// rest.
///
/// A second chain is offered only when the open one has taken all of its
/// segments from the FIFO (its remaining bytes are in the current segment)
/// and neither chain has more segments than the FIFO holds (ch_ovf); so the
/// FIFO head always belongs to the newest chain, and only the newest chain
/// takes segments. Otherwise chains are served one at a time.
///
/// A walked chain whose queue stopped (or offered while the device is not
/// running) never reaches the device function: once no chain is open the
/// mover opens it itself, drops its segments and hands it to the publisher
/// as not published.
///
/// Every command becomes one DMA packet of exactly len bytes, so the streams
/// always carry what was asked: pieces inside buffers are real transfers;
/// bytes past the end of the chain's part, and everything once the device
/// stops (no DRIVER_OK, reset, error, queue stopped), are padding (reads give
/// zeros, writes are dropped; no bus access). A command that has started real
/// transfers keeps them inside the chain's buffers. Read padding made because
/// the chain stopped is flagged (drd_cmd_cut), so the device function learns
/// that its read was cut short and never passes the zeros on as data.
///
/// Used length: the device function's value, clamped to the chain's writable
/// bytes (2.7.8.2: used.len never exceeds the writable part).
module vio_vq_mover #(
  /// Number of virtqueues.
  parameter integer NUM_QUEUES = 2,
  /// Segment FIFO entries (as in vio_vq_walk; a power of two, 4..1024).
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
  /// The device may move data (DRIVER_OK, no reset request, no error).
  input  wire                  run,
  /// Queue enabled (QueueReady).
  input  wire [NUM_QUEUES-1:0] q_ready,
  /// Queue reset in progress (level).
  input  wire [NUM_QUEUES-1:0] q_reset_req,

  // Chain line and segment FIFO, from the walker (vio_vq_line_ports.vh,
  // the mover's end)
  `define VIO_VQ_LINE_MOVER
  `include "vio_vq_line_ports.vh"
  `undef VIO_VQ_LINE_MOVER


  // ---------------------------------------------------------------------------
  // Device function: chains and commands
  // ---------------------------------------------------------------------------
  /// A walked chain is offered (the first in line, when it may be opened
  /// and its queue runs).
  output wire                  df_chain_valid,
  /// The device function opens it.
  input  wire                  df_chain_ready,
  /// The chain's queue.
  output wire [5:0]            df_chain_queue,
  /// Its head descriptor index.
  output wire [15:0]           df_chain_head,
  /// Bytes the device may read.
  output wire [31:0]           df_chain_rd_bytes,
  /// Bytes the device may write.
  output wire [31:0]           df_chain_wr_bytes,
  /// Read the next df_rd_cmd_len readable bytes of the newest open chain.
  input  wire                  df_rd_cmd_valid,
  /// The read command is taken (one data DMA packet follows).
  output wire                  df_rd_cmd_ready,
  /// Bytes to read (0: nothing is read, no packet).
  input  wire [31:0]           df_rd_cmd_len,
  /// Write df_wr_cmd_len bytes into the next writable bytes of the oldest
  /// open chain.
  input  wire                  df_wr_cmd_valid,
  /// The write command is taken.
  output wire                  df_wr_cmd_ready,
  /// Bytes to write (0: nothing is written, no packet).
  input  wire [31:0]           df_wr_cmd_len,
  /// The oldest open chain is finished.
  input  wire                  df_done_valid,
  /// The completion is taken.
  output wire                  df_done_ready,
  /// Used length in bytes (clamped to the chain's writable bytes).
  input  wire [31:0]           df_done_len,

  // ---------------------------------------------------------------------------
  // Data DMA commands (streams go straight between the DMA and the device
  // function)
  // ---------------------------------------------------------------------------
  /// Data read command (to the data vio_dma_rd): held until taken.
  output reg                   drd_cmd_valid,
  /// The read DMA takes the command.
  input  wire                  drd_cmd_ready,
  /// Byte address (unused with drd_cmd_pad).
  output reg  [63:0]           drd_cmd_addr,
  /// Bytes (>= 1).
  output reg  [31:0]           drd_cmd_len,
  /// Last command of the device function's read command (ends the packet).
  output reg                   drd_cmd_last,
  /// Padding: zeros, no bus access.
  output reg                   drd_cmd_pad,
  /// With drd_cmd_valid: the command is padding because the chain stopped
  /// (its read is cut short), not because it asked past the readable part.
  output reg                   drd_cmd_cut,
  /// Data write command (to the data vio_dma_wr): held until taken.
  output reg                   dwr_cmd_valid,
  /// The write DMA takes the command.
  input  wire                  dwr_cmd_ready,
  /// Byte address (unused with dwr_cmd_pad).
  output reg  [63:0]           dwr_cmd_addr,
  /// Bytes (>= 1).
  output reg  [31:0]           dwr_cmd_len,
  /// Last command of the device function's write command (ends the packet).
  output reg                   dwr_cmd_last,
  /// Padding: the bytes are dropped, no bus access.
  output reg                   dwr_cmd_pad,

  // ---------------------------------------------------------------------------
  // Completions, to the publisher
  // ---------------------------------------------------------------------------
  /// A finished chain's completion, oldest first: held until taken.
  output wire                  cpl_valid,
  /// The publisher takes it.
  input  wire                  cpl_ready,
  /// The chain's queue.
  output wire [5:0]            cpl_queue,
  /// Its head descriptor index (the used element's id).
  output wire [15:0]           cpl_head,
  /// Used length in bytes.
  output wire [31:0]           cpl_len,
  /// Write-DMA packets issued so far, this chain's included (mod 2^16): its
  /// used index update waits for the done pulses up to this mark (packets
  /// finish in the order they were issued).
  output wire [15:0]           cpl_wmark,
  /// Do not publish (the queue stopped or the device is not running).
  output wire                  cpl_drop,
  /// Queues with a chain open (or accepted and about to open).
  output wire [NUM_QUEUES-1:0] q_open
);

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_queues
      vio_vq_mover_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (SEGS < 4 || SEGS > 1024 || (SEGS & (SEGS - 1)) != 0) begin : g_bad_segs
      vio_vq_mover_error_SEGS_must_be_a_power_of_2_4_to_1024 u_param_error ();
    end
  endgenerate

  localparam integer QW = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;

  localparam [2:0] M_OPEN = 3'd1; // waiting for a command or a chain
  localparam [2:0] M_RD   = 3'd2; // read command in progress
  localparam [2:0] M_SKIP = 3'd3; // write command: drop the readable rest
  localparam [2:0] M_WR   = 3'd4; // write command in progress
  localparam [2:0] M_DONE = 3'd5; // completion: drop the remaining segments
  localparam [2:0] M_CPL  = 3'd6; // completion record to the publisher

  // The working chain: the one commands are served on. A second open chain
  // waits in the parked copy (pk_q) and is swapped in when a command needs
  // it (one cycle).
  reg [2:0]  st_q;
  reg        w_v_q;     // the working chain is open
  reg [5:0]  q_q;
  reg [15:0] head_q;
  reg [31:0] rrem_q;    // readable bytes not yet consumed
  reg [31:0] wrem_q;    // writable bytes not yet consumed
  reg [31:0] wtot_q;    // writable bytes of the chain
  reg [31:0] nseg_q;
  reg        ovf_q;
  reg [31:0] popped_q;
  reg        cur_v_q;   // current segment
  reg [63:0] cur_a_q;
  reg [31:0] cur_l_q;
  reg        cur_w_q;
  reg [31:0] left_q;    // bytes of the command still to issue
  reg [31:0] ulen_q;
  reg        drop_q;
  reg [15:0] wpk_q;     // write packets issued (mod 2^16), every chain

  // The parked copy holds the working chain's registers, in this order:
  // {q, head, rrem, wrem, wtot, nseg, ovf, popped, cur_v, cur_a, cur_l,
  // cur_w}.
  localparam integer SLW = 6 + 16 + 32 * 4 + 1 + 32 + 1 + 64 + 32 + 1;
  reg  [SLW-1:0] pk_q;
  reg            pk_v_q;   // a second chain is parked
  reg            w_old_q;  // with pk_v_q: the working chain is older

  // Accepted chain, opened on the next M_OPEN cycle: its record. The one
  // being opened is the accepted one, else the walker's.
  reg                 np_v_q;
  reg [`VIO_CH_W-1:0] np_rec_q;
  reg                 np_dead_q; // discarded, not offered

  wire [QW-1:0] qi    = q_q[QW-1:0];
  wire          dead  = !run || !q_ready[qi] || q_reset_req[qi];
  wire          w_old = !pk_v_q || w_old_q;  // commands for the oldest chain
  wire          w_new = !pk_v_q || !w_old_q; // commands for the newest chain
  // Segments of the working chain that are (or will be) in the FIFO; only
  // the newest chain takes segments (the older one has all of its own).
  wire [31:0]   lim   = !ovf_q ? nseg_q : (replay_started ? nseg_q : SEGS);
  wire          can_pop = seg_valid && (popped_q < lim) && w_new;
  wire [31:0]   piece = (cur_l_q < left_q) ? cur_l_q : left_q;
  // The piece of the FIFO's head segment, issued in the cycle it is taken.
  wire [31:0]   spiece = (seg_len < left_q) ? seg_len : left_q;
  // A chain may be offered: none is open, or the open one holds no more
  // segments in the FIFO and neither overflows it.
  wire          can_open = !np_v_q &&
                           (!w_v_q || (!pk_v_q && !ovf_q && !ch_ovf &&
                                       popped_q == nseg_q));
  wire [QW-1:0] cqi   = ch_queue[QW-1:0];
  wire          ch_dead = !run || !q_ready[cqi] || q_reset_req[cqi];
  wire          take_dead = ch_valid && ch_dead && !np_v_q && !w_v_q;
  wire          take  = (ch_valid && can_open && !ch_dead && df_chain_ready) ||
                        take_dead;
  // A chain taken while the FSM waits opens in the same cycle; otherwise it
  // waits in np_rec_q for the next M_OPEN cycle.
  wire          open_now = take && (st_q == M_OPEN) && !np_v_q;
  wire          base  = (st_q == M_OPEN) && !np_v_q && w_v_q && !take;
  // M_OPEN: a chain opens; else a command for the parked chain swaps it in.
  // Either way an open working chain is parked.
  wire          opening = (st_q == M_OPEN) && (np_v_q || open_now);
  wire          swap    = (st_q == M_OPEN) && !opening && w_v_q && pk_v_q &&
                          (w_old_q ? (!df_done_valid && !df_wr_cmd_valid &&
                                      df_rd_cmd_valid)
                                   : (df_done_valid || df_wr_cmd_valid));

  // The data DMA command being issued (M_RD, M_WR): padding (the device
  // stopped, or past the chain's part), the rest of the current segment,
  // or the FIFO's head segment, issued in the cycle it is taken.
  wire          xwr     = (st_q == M_WR);
  wire          x_st    = (st_q == M_RD) || xwr;
  wire          x_ready = xwr ? dwr_cmd_ready : drd_cmd_ready;
  wire          x_padc  = dead || (xwr ? (wrem_q == 32'd0 && !cur_v_q)
                                       : (rrem_q == 32'd0 &&
                                          !(cur_v_q && !cur_w_q)));
  wire          x_seg   = x_st && !x_padc && !cur_v_q && can_pop;
  reg           x_valid, x_last, x_pad;
  reg  [63:0]   x_addr;
  reg  [31:0]   x_len;

  // The next segment of the working chain is fetched (made current), or
  // the replay is asked for: in M_RD / M_WR when there is no current
  // segment and the head segment is not issued, in M_SKIP when the
  // readable part has bytes left that no current segment holds.
  wire          skip_go = (st_q == M_SKIP) && !dead &&
                          !(cur_v_q && !cur_w_q) && rrem_q != 32'd0;
  wire          fetch   = (x_st && !x_padc && !cur_v_q && !can_pop) ||
                          skip_go;
  wire          rp_due  = ovf_q && !replay_started && popped_q == SEGS;
  // M_DONE: segments left to drop (lim not reached).
  wire          dn_left = (st_q == M_DONE) && popped_q != lim;

  always @* begin
    x_valid = 1'b0; x_addr = cur_a_q; x_len = piece; x_last = 1'b0;
    x_pad = 1'b0;
    if (x_st) begin
      if (x_padc) begin
        x_valid = 1'b1; x_pad = 1'b1; x_len = left_q; x_last = 1'b1;
      end else if (cur_v_q) begin
        x_valid = 1'b1;
        x_last = (piece == left_q);
      end else if (can_pop) begin
        x_valid = 1'b1; x_addr = seg_addr; x_len = spiece;
        x_last = (spiece == left_q);
      end
    end

    // The command goes to the data DMA of its direction.
    drd_cmd_valid = x_valid && !xwr; drd_cmd_addr = x_addr;
    drd_cmd_len = x_len; drd_cmd_last = x_last; drd_cmd_pad = x_pad;
    drd_cmd_cut = x_pad && dead;
    dwr_cmd_valid = x_valid && xwr; dwr_cmd_addr = x_addr;
    dwr_cmd_len = x_len; dwr_cmd_last = x_last; dwr_cmd_pad = x_pad;
  end

  // The walker-side handshakes (vio_vq_line_ports.vh): the head segment is
  // taken as its piece is issued, fetched, or dropped (M_DONE); the replay
  // stopped half-way is flushed; the chain is closed with its completion.
  assign seg_ready    = (x_seg && x_ready) || (fetch && can_pop) ||
                        (dn_left && !(dead && ovf_q) && can_pop);
  assign replay_req   = fetch && !can_pop && rp_due;
  assign seg_flush    = dn_left && dead && ovf_q;
  assign chain_closed = (st_q == M_CPL) && cpl_ready;

  // ---------------------------------------------------------------------------
  // Registers: the next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    reg        drop_n; // the chain being opened is discarded
    reg [31:0] n;      // bytes of the command's part used up
    drop_n = np_v_q ? np_dead_q : take_dead;
    n = cur_v_q ? piece : spiece;
    if (!rst_n || srst) begin
      st_q <= M_OPEN; w_v_q <= 1'b0; q_q <= 6'd0; head_q <= 16'd0;
      rrem_q <= 32'd0; wrem_q <= 32'd0; wtot_q <= 32'd0; nseg_q <= 32'd0;
      ovf_q <= 1'b0; popped_q <= 32'd0; cur_v_q <= 1'b0; cur_a_q <= 64'd0;
      cur_l_q <= 32'd0; cur_w_q <= 1'b0; left_q <= 32'd0; wpk_q <= 16'd0;
      ulen_q <= 32'd0; drop_q <= 1'b0; pk_q <= {SLW{1'b0}}; pk_v_q <= 1'b0;
      w_old_q <= 1'b0; np_v_q <= 1'b0; np_rec_q <= {`VIO_CH_W{1'b0}};
      np_dead_q <= 1'b0;
    end else begin
      if (take && !open_now) begin
        np_v_q <= 1'b1; np_dead_q <= take_dead;
        np_rec_q[`VIO_CH_QUEUE]    <= ch_queue;
        np_rec_q[`VIO_CH_HEAD]     <= ch_head;
        np_rec_q[`VIO_CH_RD_BYTES] <= ch_rd_bytes;
        np_rec_q[`VIO_CH_WR_BYTES] <= ch_wr_bytes;
        np_rec_q[`VIO_CH_NSEG]     <= ch_nseg;
        np_rec_q[`VIO_CH_OVF]      <= ch_ovf;
      end

      case (st_q)
        M_OPEN: begin
          if (opening) begin
            // open the chain; an open one is parked as the older
            if (w_v_q) begin
              pk_v_q <= 1'b1; w_old_q <= 1'b0;
            end
            np_v_q <= 1'b0; w_v_q <= 1'b1;
            popped_q <= 32'd0; cur_v_q <= 1'b0;
            if (np_v_q) begin
              q_q <= np_rec_q[`VIO_CH_QUEUE]; head_q <= np_rec_q[`VIO_CH_HEAD];
              rrem_q <= np_rec_q[`VIO_CH_RD_BYTES];
              wrem_q <= np_rec_q[`VIO_CH_WR_BYTES];
              wtot_q <= np_rec_q[`VIO_CH_WR_BYTES];
              nseg_q <= np_rec_q[`VIO_CH_NSEG]; ovf_q <= np_rec_q[`VIO_CH_OVF];
            end else begin
              q_q <= ch_queue; head_q <= ch_head;
              rrem_q <= ch_rd_bytes; wrem_q <= ch_wr_bytes;
              wtot_q <= ch_wr_bytes;
              nseg_q <= ch_nseg; ovf_q <= ch_ovf;
            end
            drop_q <= drop_n;
            if (drop_n) begin
              ulen_q <= 32'd0;
              st_q <= M_DONE; // discard: drop its segments, publish nothing
            end
          end else if (!w_v_q) begin
            // nothing open
          end else if (swap) begin
            // the command is for the parked chain: swap it in
            {q_q, head_q, rrem_q, wrem_q, wtot_q, nseg_q, ovf_q, popped_q,
             cur_v_q, cur_a_q, cur_l_q, cur_w_q} <= pk_q;
            w_old_q <= !w_old_q;
          end else if (df_done_valid && w_old) begin
            ulen_q <= (df_done_len < wtot_q) ? df_done_len : wtot_q;
            if (popped_q == lim) begin
              // no segment left to drop
              st_q <= M_CPL;
              drop_q <= dead || drop_q;
            end else begin
              st_q <= M_DONE;
            end
          end else if (df_wr_cmd_valid && w_old) begin
            left_q <= df_wr_cmd_len;
            if (df_wr_cmd_len != 32'd0) wpk_q <= wpk_q + 16'd1;
            // nothing readable left to drop: straight to the write
            st_q <= (df_wr_cmd_len == 32'd0) ? M_OPEN :
                    (rrem_q == 32'd0) ? M_WR : M_SKIP;
          end else if (df_rd_cmd_valid && w_new) begin
            left_q <= df_rd_cmd_len;
            st_q <= (df_rd_cmd_len == 32'd0) ? M_OPEN : M_RD;
          end
        end

        M_RD, M_WR: begin
          // a read command over the readable part, a write command over
          // the writable part
          if (x_padc) begin
            if (x_ready) st_q <= M_OPEN;
          end else if ((cur_v_q || can_pop) && x_ready) begin
            // a piece of the current segment, or the head segment taken
            // with its first piece
            if (cur_v_q) begin
              cur_a_q <= cur_a_q + {32'd0, piece};
              cur_l_q <= cur_l_q - piece;
              cur_v_q <= (cur_l_q != piece);
            end else begin
              popped_q <= popped_q + 32'd1;
              cur_v_q <= (seg_len != spiece);
              cur_a_q <= seg_addr + {32'd0, spiece};
              cur_l_q <= seg_len - spiece;
              cur_w_q <= seg_write;
            end
            left_q <= left_q - n;
            if (xwr) wrem_q <= wrem_q - n;
            else rrem_q <= rrem_q - n;
            if (n == left_q) st_q <= M_OPEN;
          end
        end

        M_SKIP: begin
          // drop the readable part's rest before the first write
          if (dead) begin
            st_q <= M_WR;
          end else if (cur_v_q && !cur_w_q) begin
            cur_v_q <= 1'b0;
            rrem_q <= rrem_q - cur_l_q;
          end else if (rrem_q == 32'd0) begin
            st_q <= M_WR;
          end
        end

        M_DONE: begin
          // drop what is left of the chain's segments
          if (popped_q == lim) begin
            st_q <= M_CPL;
            drop_q <= dead || drop_q;
          end else if (dead && ovf_q) begin
            st_q <= M_CPL; // the replay stopped half-way
            drop_q <= 1'b1;
          end else if (can_pop) begin
            popped_q <= popped_q + 32'd1;
          end else if (rp_due) begin
            // nothing more to drop: the rest was never queued
            st_q <= M_CPL;
            drop_q <= dead || drop_q;
          end
        end

        M_CPL: begin
          if (cpl_ready) begin
            st_q <= M_OPEN;
            drop_q <= 1'b0;
            if (pk_v_q) begin
              // the parked chain is now the only one
              {q_q, head_q, rrem_q, wrem_q, wtot_q, nseg_q, ovf_q, popped_q,
               cur_v_q, cur_a_q, cur_l_q, cur_w_q} <= pk_q;
              pk_v_q <= 1'b0;
            end else begin
              w_v_q <= 1'b0;
            end
          end
        end

        default: st_q <= M_OPEN;
      endcase

      // Park the working chain.
      if ((opening && w_v_q) || swap)
        pk_q <= {q_q, head_q, rrem_q, wrem_q, wtot_q, nseg_q, ovf_q,
                 popped_q, cur_v_q, cur_a_q, cur_l_q, cur_w_q};

      // Take the next segment of the working chain (fetch).
      if (fetch && can_pop) begin
        popped_q <= popped_q + 32'd1;
        cur_v_q <= 1'b1;
        cur_a_q <= seg_addr;
        cur_l_q <= seg_len;
        cur_w_q <= seg_write;
      end
    end
  end

  assign ch_ready          = take;
  assign df_chain_valid    = ch_valid && can_open && !ch_dead;
  assign df_chain_queue    = ch_queue;
  assign df_chain_head     = ch_head;
  assign df_chain_rd_bytes = ch_rd_bytes;
  assign df_chain_wr_bytes = ch_wr_bytes;
  assign df_done_ready     = base && w_old;
  assign df_wr_cmd_ready   = base && w_old && !df_done_valid;
  assign df_rd_cmd_ready   = base && w_new && !df_done_valid &&
                             !df_wr_cmd_valid;
  assign cpl_valid         = (st_q == M_CPL);
  assign cpl_queue         = q_q;
  assign cpl_head          = head_q;
  assign cpl_len           = ulen_q;
  assign cpl_wmark         = wpk_q;
  assign cpl_drop          = drop_q;

  wire [5:0] pk_queue = pk_q[SLW-1 -: 6];
  wire [5:0] np_queue = np_rec_q[`VIO_CH_QUEUE];
  genvar g;
  generate
    for (g = 0; g < NUM_QUEUES; g = g + 1) begin : g_open
      assign q_open[g] = (w_v_q && q_q == g) || (pk_v_q && pk_queue == g) ||
                         (np_v_q && np_queue == g);
    end
  endgenerate
endmodule

`default_nettype wire
