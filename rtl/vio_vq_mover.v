// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_vq_chain.vh"

/// Split-virtqueue data mover: serves the device function's commands on its
/// open chains by turning them into data DMA commands over the chains'
/// segments, and hands finished chains to the publisher.
///
/// Slots. Up to SLOTS chains are open at once, each in a slot with its own
/// queue of SLOT_SEGS segments. A loader moves a newly opened chain's
/// segments from the walker's segment FIFO (vio_vq_seg) into its slot, one
/// a cycle, while the function already works on it; a chain with more
/// segments than its slot holds is refilled as its segments are used up
/// (and an overflowed one, with more than the FIFO holds, through the
/// walker's replay). The next chain is offered once the newest open chain
/// has all of its segments in its slot: the FIFO's head then belongs to the
/// chain in line, and the open chains never need it again. An overflowed
/// chain opens only when no other is open (its replay state in the walker
/// lasts until the next chain closes, and the walker walks nothing behind
/// it). df_chain_held tells the device function when the next chain waits
/// on it: the loader waits for room in the newest chain's slot, or an
/// overflowed chain is open or in line.
///
/// Commands. Read commands (df_rd_cmd: the next len bytes of the readable
/// part, delivered as one packed packet on the read stream), write commands
/// (df_wr_cmd: len bytes taken from the write stream, one packed packet each,
/// stored at the next bytes of the writable part) and completion (df_done:
/// the used length) name the chain they apply to:
/// - a tagged function (df_tagged high) names the slot, the tag it was given
///   with the chain (df_chain_tag); its chains complete in any order (the
///   publisher writes used elements in completion order, 2.7.8);
/// - an in-order function (df_tagged low) keeps at most two chains open; its
///   read commands go to the newest, write commands and completion to the
///   oldest, so chains complete in the order they were opened.
/// Commands continue where the previous one of the same direction on that
/// chain stopped; the first write command skips whatever is left of the
/// readable part; completion drops the rest. Commands are served one at a
/// time: completion first, then writes, then reads.
///
/// A walked chain whose queue stopped (or offered while the device is not
/// running) never reaches the device function: the mover opens it itself in
/// a free slot, drops its segments and hands it to the publisher as not
/// published.
///
/// Every command becomes one DMA packet of exactly len bytes, so the streams
/// always carry what was asked: pieces inside buffers are real transfers;
/// bytes past the end of the chain's part, everything once the device stops
/// (no DRIVER_OK, reset, error, queue stopped) and commands naming no open
/// chain are padding (reads give zeros, writes are dropped; no bus access).
/// A command that has started real transfers keeps them inside the chain's
/// buffers. Read padding made because the chain stopped is flagged
/// (drd_cmd_cut), so the device function learns that its read was cut short
/// and never passes the zeros on as data.
///
/// Used length: the device function's value, clamped to the chain's writable
/// bytes (2.7.8.2: used.len never exceeds the writable part).
module vio_vq_mover #(
  /// Number of virtqueues.
  parameter integer NUM_QUEUES = 2,
  /// Segment FIFO entries (as in vio_vq_walk; a power of two, 4..1024).
  parameter integer SEGS       = 16,
  /// Chains open at once, at most (2..4; the tags are two bits).
  parameter integer SLOTS      = 4,
  /// Segments each slot holds (a power of two, 2..16).
  parameter integer SLOT_SEGS  = 4
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
  /// The function names its chains by tag (slot) and completes them in any
  /// order; low: in order, at most two open (constant).
  input  wire                  df_tagged,
  /// A walked chain is offered (the first in line, when it may be opened
  /// and its queue runs).
  output wire                  df_chain_valid,
  /// The device function opens it.
  input  wire                  df_chain_ready,
  /// The slot it opens in: the tag its commands name (df_tagged).
  output wire [1:0]            df_chain_tag,
  /// The chain's queue.
  output wire [5:0]            df_chain_queue,
  /// Its head descriptor index.
  output wire [15:0]           df_chain_head,
  /// Bytes the device may read.
  output wire [31:0]           df_chain_rd_bytes,
  /// Bytes the device may write.
  output wire [31:0]           df_chain_wr_bytes,
  /// No other chain is offered until the function moves on an open chain:
  /// the loader waits for room in its slot, an overflowed chain is open,
  /// or the chain in line is overflowed (opens once none is open).
  output wire                  df_chain_held,
  /// Read the next df_rd_cmd_len readable bytes of a chain (df_tagged: the
  /// one tagged df_rd_cmd_tag; else the newest open).
  input  wire                  df_rd_cmd_valid,
  /// The read command is taken (one data DMA packet follows).
  output wire                  df_rd_cmd_ready,
  /// Its chain's tag (df_tagged).
  input  wire [1:0]            df_rd_cmd_tag,
  /// Bytes to read (0: nothing is read, no packet).
  input  wire [31:0]           df_rd_cmd_len,
  /// Write df_wr_cmd_len bytes into the next writable bytes of a chain
  /// (df_tagged: tagged df_wr_cmd_tag; else the oldest open).
  input  wire                  df_wr_cmd_valid,
  /// The write command is taken.
  output wire                  df_wr_cmd_ready,
  /// Its chain's tag (df_tagged).
  input  wire [1:0]            df_wr_cmd_tag,
  /// Bytes to write (0: nothing is written, no packet).
  input  wire [31:0]           df_wr_cmd_len,
  /// A chain is finished (df_tagged: tagged df_done_tag; else the oldest).
  input  wire                  df_done_valid,
  /// The completion is taken.
  output wire                  df_done_ready,
  /// Its chain's tag (df_tagged).
  input  wire [1:0]            df_done_tag,
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
  /// A finished chain's completion, in the order chains finish: held until
  /// taken.
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
  /// Queues with a chain open.
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
    if (SLOTS < 2 || SLOTS > 4) begin : g_bad_slots
      vio_vq_mover_error_SLOTS_must_be_2_to_4 u_param_error ();
    end
    if (SLOT_SEGS < 2 || SLOT_SEGS > 16 ||
        (SLOT_SEGS & (SLOT_SEGS - 1)) != 0) begin : g_bad_slot_segs
      vio_vq_mover_error_SLOT_SEGS_must_be_a_power_of_2_2_to_16 u_param_error ();
    end
  endgenerate

  localparam integer QW = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;
  localparam integer GW = $clog2(SLOT_SEGS);   // slot queue index bits
  localparam integer GN = 4 * SLOT_SEGS;       // segment store (4 tags)

  localparam [2:0] M_OPEN = 3'd1; // waiting for a command
  localparam [2:0] M_RD   = 3'd2; // read command in progress
  localparam [2:0] M_SKIP = 3'd3; // write command: drop the readable rest
  localparam [2:0] M_WR   = 3'd4; // write command in progress
  localparam [2:0] M_DONE = 3'd5; // completion: the loader drops the rest
  localparam [2:0] M_CPL  = 3'd6; // completion record to the publisher

  // ---------------------------------------------------------------------------
  // Slots (indexed by tag; slots past SLOTS stay closed)
  // ---------------------------------------------------------------------------
  reg [3:0]    s_v_q;               // open
  reg [3:0]    s_int_q;             // opened by the mover to be dropped
  reg [5:0]    s_q_q    [0:3];      // queue
  reg [15:0]   s_head_q [0:3];      // head descriptor index
  reg [31:0]   s_rrem_q [0:3];      // readable bytes not yet consumed
  reg [31:0]   s_wrem_q [0:3];      // writable bytes not yet consumed
  reg [31:0]   s_wtot_q [0:3];      // writable bytes of the chain
  reg [GW-1:0] s_rp_q   [0:3];      // its queue: head entry
  reg [GW:0]   s_cnt_q  [0:3];      //   and segments held
  // Segment store: slot t's queue is entries t*SLOT_SEGS.., the head entry
  // shrinking as its bytes are used.
  reg [63:0]   g_a_q [0:GN-1];
  reg [31:0]   g_l_q [0:GN-1];
  reg [GN-1:0] g_w_q;

  // The loader: the newest chain while its segments are still in the FIFO.
  reg          ld_v_q;
  reg [1:0]    ld_s_q;
  reg [31:0]   ld_nseg_q;           // its segments
  reg [31:0]   ld_pop_q;            // taken from the FIFO so far
  reg          ld_ovf_q;            // more than the FIFO holds
  reg          ld_drop_q;           // drop them (completed, or never the
                                    // function's)

  // In-order functions: the open chains' order (at most two).
  reg [2:0]    n_df_q;              // chains the function holds open
  reg [1:0]    old_s_q, new_s_q;

  // Commands.
  reg [2:0]    st_q;
  reg [1:0]    cs_q;                // the slot the command works on
  reg [31:0]   left_q;              // bytes of the command still to issue
  reg [31:0]   ulen_q;
  reg          drop_q;
  reg [15:0]   wpk_q;               // write packets issued (mod 2^16)

  // A slot is dead when its queue stopped or the device does not run;
  // a tag naming no open slot is treated the same (padding, no bus access).
  // (Each process has its own loop variable.)
  reg [3:0] s_dead;
  always @* begin : p_dead
    integer k;
    for (k = 0; k < 4; k = k + 1)
      s_dead[k] = !s_v_q[k] || !run || !q_ready[s_q_q[k][QW-1:0]] ||
                  q_reset_req[s_q_q[k][QW-1:0]];
  end

  // The lowest free slot, for the chain in line.
  reg       free_v;
  reg [1:0] free_s;
  always @* begin : p_free
    integer k;
    free_v = 1'b0; free_s = 2'd0;
    for (k = SLOTS - 1; k >= 0; k = k - 1)
      if (!s_v_q[k]) begin
        free_v = 1'b1; free_s = k[1:0];
      end
  end

  // ---------------------------------------------------------------------------
  // Opening: the chain in line is offered once a slot is free, the newest
  // open chain has all of its segments (the loader is idle), and an
  // in-order function holds fewer than two.
  // ---------------------------------------------------------------------------
  wire [QW-1:0] cqi      = ch_queue[QW-1:0];
  wire          ch_dead  = !run || !q_ready[cqi] || q_reset_req[cqi];
  // A chain with more segments than the FIFO holds opens alone (the walker
  // walks nothing behind it either): its replay state lives until the
  // next chain_closed.
  wire          ovf_ok   = !ch_ovf || s_v_q == 4'd0;
  wire          can_open = free_v && !ld_v_q && ovf_ok &&
                           (df_tagged || n_df_q < 3'd2);
  wire          take_df  = ch_valid && can_open && !ch_dead && df_chain_ready;
  wire          take_dead = ch_valid && ch_dead && free_v && !ld_v_q && ovf_ok;
  wire          take     = take_df || take_dead;

  // Held: the next chain waits on an open chain of the function's that only
  // the function can move on (from registered state). The loader's chain
  // (the newest opened; ld_* stay until the next take) is the function's
  // while open and not being dropped. Its segments wait for room in its
  // slot, which frees only as the function's commands use up its head
  // segments (a loader waiting for the walker goes on by itself); an
  // overflowed chain holds every other back until it closes; an
  // overflowed chain in line opens only once no chain is open.
  wire          ld_fn     = !ld_drop_q && s_v_q[ld_s_q] && !s_int_q[ld_s_q];
  wire          held_ld   = ld_fn && ld_v_q &&
                            (s_cnt_q[ld_s_q] == SLOT_SEGS[GW:0]);
  wire          held_ovf  = ld_fn && ld_ovf_q;
  wire          held_line = ch_valid && ch_ovf && ((s_v_q & ~s_int_q) != 4'd0);

  // ---------------------------------------------------------------------------
  // The loader: one segment a cycle from the FIFO into the loading slot
  // (dropped instead once that chain is done or dead on arrival). An
  // overflowed chain's first SEGS segments are queued; the rest needs the
  // replay walk, asked for once those are taken.
  // ---------------------------------------------------------------------------
  wire [31:0] ld_lim  = (!ld_ovf_q || replay_started) ? ld_nseg_q : SEGS;
  wire        rp_due  = ld_ovf_q && !replay_started && ld_pop_q == SEGS;
  wire        ld_dead = s_dead[ld_s_q];
  wire        ld_room = ld_drop_q || (s_cnt_q[ld_s_q] != SLOT_SEGS[GW:0]);
  // The replay of a dead chain's segments stopped half-way: flush them.
  wire        ld_flush = ld_v_q && ld_drop_q && ld_ovf_q && ld_dead;
  wire        ld_pop  = ld_v_q && !ld_flush && seg_valid &&
                        ld_pop_q < ld_lim && ld_room;
  // Nothing more to take: all taken, or (dropping) the rest never queued.
  wire        ld_end  = ld_v_q && (ld_flush ||
                        (ld_pop_q + {31'd0, ld_pop} == ld_nseg_q) ||
                        (ld_drop_q && rp_due));

  // ---------------------------------------------------------------------------
  // Commands
  // ---------------------------------------------------------------------------
  wire       base  = (st_q == M_OPEN) && !take;
  wire [1:0] rd_s  = df_tagged ? df_rd_cmd_tag : new_s_q;
  wire [1:0] wr_s  = df_tagged ? df_wr_cmd_tag : old_s_q;
  wire [1:0] dn_s  = df_tagged ? df_done_tag   : old_s_q;
  // A chain the mover opened to drop, all of its segments gone.
  reg        int_v;
  reg [1:0]  int_s;
  always @* begin : p_int
    integer k;
    int_v = 1'b0; int_s = 2'd0;
    for (k = 3; k >= 0; k = k - 1)
      if (s_int_q[k] && !(ld_v_q && ld_s_q == k[1:0])) begin
        int_v = 1'b1; int_s = k[1:0];
      end
  end

  // The working slot's state and its queue's head segment.
  wire          dead    = s_dead[cs_q];
  wire [31:0]   rrem    = s_rrem_q[cs_q];
  wire [31:0]   wrem    = s_wrem_q[cs_q];
  wire [GW-1:0] hrp     = s_rp_q[cs_q];
  wire          h_v     = (s_cnt_q[cs_q] != {(GW+1){1'b0}});
  wire [GW+1:0] h_i     = {cs_q, hrp};
  wire [63:0]   h_a     = g_a_q[h_i];
  wire [31:0]   h_l     = g_l_q[h_i];
  wire          h_w     = g_w_q[h_i];
  wire [31:0]   piece   = (h_l < left_q) ? h_l : left_q;

  // The data DMA command being issued (M_RD, M_WR): padding (the device
  // stopped, or past the chain's part), or a piece of the head segment.
  wire          xwr     = (st_q == M_WR);
  wire          x_st    = (st_q == M_RD) || xwr;
  wire          x_ready = xwr ? dwr_cmd_ready : drd_cmd_ready;
  wire          x_padc  = dead || (xwr ? (wrem == 32'd0) : (rrem == 32'd0));
  wire          x_go    = x_st && (x_padc || h_v) && x_ready;
  // The head segment is used up (issued whole, or skipped).
  wire          h_pop   = (x_go && !x_padc && piece == h_l) ||
                          ((st_q == M_SKIP) && !dead && h_v && !h_w &&
                           rrem != 32'd0);

  always @* begin
    drd_cmd_valid = 1'b0; dwr_cmd_valid = 1'b0;
    drd_cmd_addr = h_a; dwr_cmd_addr = h_a;
    drd_cmd_len = x_padc ? left_q : piece; dwr_cmd_len = drd_cmd_len;
    drd_cmd_last = x_padc || (piece == left_q); dwr_cmd_last = drd_cmd_last;
    drd_cmd_pad = x_padc; dwr_cmd_pad = x_padc;
    drd_cmd_cut = x_padc && dead;
    if (x_st && (x_padc || h_v)) begin
      drd_cmd_valid = !xwr;
      dwr_cmd_valid = xwr;
    end
  end

  // The walker-side handshakes (vio_vq_line_ports.vh).
  assign seg_ready    = ld_pop;
  assign replay_req   = ld_v_q && !ld_drop_q && rp_due;
  assign seg_flush    = ld_flush;
  assign chain_closed = (st_q == M_CPL) && cpl_ready;

  // ---------------------------------------------------------------------------
  // Registers: the next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge.
  // ---------------------------------------------------------------------------
  wire [GW+1:0] ld_i = {ld_s_q, s_rp_q[ld_s_q] + s_cnt_q[ld_s_q][GW-1:0]};
  always @(posedge clk) begin : p_seq
    reg [31:0] n;    // bytes of the command's part used up
    reg        close; // the working slot is handed to the publisher
    integer    k;
    n = x_padc ? left_q : piece;
    close = (st_q == M_CPL) && cpl_ready;
    if (!rst_n || srst) begin
      s_v_q <= 4'd0; s_int_q <= 4'd0;
      for (k = 0; k < 4; k = k + 1) begin
        s_q_q[k] <= 6'd0; s_head_q[k] <= 16'd0; s_rrem_q[k] <= 32'd0;
        s_wrem_q[k] <= 32'd0; s_wtot_q[k] <= 32'd0;
        s_rp_q[k] <= {GW{1'b0}}; s_cnt_q[k] <= {(GW+1){1'b0}};
      end
      ld_v_q <= 1'b0; ld_s_q <= 2'd0; ld_nseg_q <= 32'd0; ld_pop_q <= 32'd0;
      ld_ovf_q <= 1'b0; ld_drop_q <= 1'b0;
      n_df_q <= 3'd0; old_s_q <= 2'd0; new_s_q <= 2'd0;
      st_q <= M_OPEN; cs_q <= 2'd0; left_q <= 32'd0; ulen_q <= 32'd0;
      drop_q <= 1'b0; wpk_q <= 16'd0;
    end else begin
      // Segment counts: the loader adds at the tail, commands take the head.
      for (k = 0; k < 4; k = k + 1)
        s_cnt_q[k] <= s_cnt_q[k] +
                      {{GW{1'b0}}, ld_pop && !ld_drop_q && ld_s_q == k[1:0]} -
                      {{GW{1'b0}}, h_pop && cs_q == k[1:0]};
      if (h_pop)
        s_rp_q[cs_q] <= hrp + 1'b1;

      // The loader.
      if (ld_end) begin
        ld_v_q <= 1'b0;
      end else if (ld_pop) begin
        ld_pop_q <= ld_pop_q + 32'd1;
      end

      // A chain opens in the free slot.
      if (take) begin
        s_v_q[free_s] <= 1'b1;
        s_int_q[free_s] <= take_dead;
        s_q_q[free_s] <= ch_queue;
        s_head_q[free_s] <= ch_head;
        s_rrem_q[free_s] <= ch_rd_bytes;
        s_wrem_q[free_s] <= ch_wr_bytes;
        s_wtot_q[free_s] <= ch_wr_bytes;
        s_rp_q[free_s] <= {GW{1'b0}};
        s_cnt_q[free_s] <= {(GW+1){1'b0}};
        ld_v_q <= (ch_nseg != 32'd0);
        ld_s_q <= free_s; ld_nseg_q <= ch_nseg; ld_pop_q <= 32'd0;
        ld_ovf_q <= ch_ovf; ld_drop_q <= take_dead;
        if (take_df) begin
          n_df_q <= n_df_q + 3'd1 - {2'b0, close && !s_int_q[cs_q]};
          new_s_q <= free_s;
          if (n_df_q == 3'd0 || (close && !s_int_q[cs_q] && n_df_q == 3'd1))
            old_s_q <= free_s;
          else if (close && !s_int_q[cs_q])
            old_s_q <= new_s_q;
        end
      end

      case (st_q)
        M_OPEN: begin
          if (!base) begin
            // a chain is taken: commands wait a cycle
          end else if (df_done_valid) begin
            cs_q <= dn_s;
            ulen_q <= (df_done_len < s_wtot_q[dn_s]) ? df_done_len
                                                      : s_wtot_q[dn_s];
            drop_q <= s_dead[dn_s];
            if (!s_v_q[dn_s] || s_int_q[dn_s]) begin
              // names no chain of the function's: nothing to complete
            end else if (ld_v_q && ld_s_q == dn_s && !ld_end) begin
              ld_drop_q <= 1'b1;
              st_q <= M_DONE;   // its segments still in the FIFO: drop them
            end else begin
              st_q <= M_CPL;
            end
          end else if (df_wr_cmd_valid) begin
            cs_q <= wr_s;
            left_q <= df_wr_cmd_len;
            if (df_wr_cmd_len != 32'd0) wpk_q <= wpk_q + 16'd1;
            // nothing readable left to drop: straight to the write
            st_q <= (df_wr_cmd_len == 32'd0) ? M_OPEN :
                    (s_rrem_q[wr_s] == 32'd0) ? M_WR : M_SKIP;
          end else if (df_rd_cmd_valid) begin
            cs_q <= rd_s;
            left_q <= df_rd_cmd_len;
            st_q <= (df_rd_cmd_len == 32'd0) ? M_OPEN : M_RD;
          end else if (int_v) begin
            // a chain opened to be dropped, its segments gone
            cs_q <= int_s; ulen_q <= 32'd0; drop_q <= 1'b1;
            st_q <= M_CPL;
          end
        end

        M_RD, M_WR: begin
          // a read command over the readable part, a write command over
          // the writable part: the head segment's next piece, or padding
          if (x_go) begin
            if (!x_padc) begin
              g_a_q[h_i] <= h_a + {32'd0, piece};
              g_l_q[h_i] <= h_l - piece;
              if (xwr) s_wrem_q[cs_q] <= wrem - piece;
              else s_rrem_q[cs_q] <= rrem - piece;
            end
            left_q <= left_q - n;
            if (n == left_q) st_q <= M_OPEN;
          end
        end

        M_SKIP: begin
          // drop the readable part's rest before the first write
          if (dead || rrem == 32'd0) begin
            st_q <= M_WR;
          end else if (h_pop) begin
            s_rrem_q[cs_q] <= rrem - h_l;
          end
        end

        M_DONE: begin
          // wait until the loader dropped the chain's last segments
          if (!ld_v_q) begin
            st_q <= M_CPL;
            drop_q <= dead || drop_q;
          end
        end

        M_CPL: begin
          if (cpl_ready) begin
            st_q <= M_OPEN;
            drop_q <= 1'b0;
            s_v_q[cs_q] <= 1'b0;
            s_int_q[cs_q] <= 1'b0;
            s_cnt_q[cs_q] <= {(GW+1){1'b0}};
            if (!take_df && !s_int_q[cs_q]) begin
              n_df_q <= n_df_q - 3'd1;
              old_s_q <= new_s_q;   // in order: the newer one is left
            end
          end
        end

        default: st_q <= M_OPEN;
      endcase

      // The loader's segment goes to the tail of its slot's queue.
      if (ld_pop && !ld_drop_q) begin
        g_a_q[ld_i] <= seg_addr;
        g_l_q[ld_i] <= seg_len;
        g_w_q[ld_i] <= seg_write;
      end
    end
  end

  assign ch_ready          = take;
  assign df_chain_valid    = ch_valid && can_open && !ch_dead;
  assign df_chain_tag      = free_s;
  assign df_chain_queue    = ch_queue;
  assign df_chain_head     = ch_head;
  assign df_chain_rd_bytes = ch_rd_bytes;
  assign df_chain_wr_bytes = ch_wr_bytes;
  assign df_chain_held     = held_ld || held_ovf || held_line;
  assign df_done_ready     = base;
  assign df_wr_cmd_ready   = base && !df_done_valid;
  assign df_rd_cmd_ready   = base && !df_done_valid && !df_wr_cmd_valid;
  assign cpl_valid         = (st_q == M_CPL);
  assign cpl_queue         = s_q_q[cs_q];
  assign cpl_head          = s_head_q[cs_q];
  assign cpl_len           = ulen_q;
  assign cpl_wmark         = wpk_q;
  assign cpl_drop          = drop_q;

  genvar g;
  generate
    for (g = 0; g < NUM_QUEUES; g = g + 1) begin : g_open
      assign q_open[g] = (s_v_q[0] && s_q_q[0] == g) ||
                         (s_v_q[1] && s_q_q[1] == g) ||
                         (s_v_q[2] && s_q_q[2] == g) ||
                         (s_v_q[3] && s_q_q[3] == g);
    end
  endgenerate
endmodule

`default_nettype wire
