// SPDX-License-Identifier: MIT
`default_nettype none

/// virtio-net device function, loopback (virtio v1.2 section 5.1): every
/// frame sent on the transmit queue (queue 1, transmitq1) comes back on the
/// receive queue (queue 0, receiveq1).
///
/// A transmit chain's readable part is one virtio_net_hdr (12 bytes with
/// VERSION_1, 5.1.6; 10 bytes for a LEGACY device, which has no num_buffers
/// without MRG_RXBUF) followed by the frame. It is read whole into one of
/// NBUF frame buffers of BUF_BYTES each and completed with used length 0 as
/// soon as its last byte is in; the frame is then written into the next
/// receive chain with a fresh header: flags 0, gso_type NONE, num_buffers 1
/// (5.1.6.4: without MRG_RXBUF one buffer per packet; absent in the legacy
/// header); the receive chain is completed with the bytes written. Frames
/// keep their order. A transmit chain shorter than the header or longer
/// than BUF_BYTES is dropped without reading it (completed, used length 0);
/// a receive chain too small for the frame gets used length 0 and the frame
/// is dropped (Linux counts it as a length error). A frame whose transmit
/// read was cut short by a stop (a queue reset of the transmit queue, a
/// device reset, NEEDS_RESET: df_rd_cut) is dropped the same way: its
/// receive chain gets used length 0, never the padding as a frame. All are
/// counted.
///
/// Three stages overlap, each on its own chains (a tagged device function:
/// chains complete in any order, docs/device-function.md):
///   - open: takes a transmit chain once a frame buffer is free, claims the
///     buffer and issues the read of the whole frame; up to two reads are
///     in flight, so the next frame's read is on the bus while the previous
///     one's data still arrives (the memory's latency is hidden);
///   - fill: takes the read packets in order into their buffers and
///     completes each transmit chain when its last beat is in;
///   - drain: receive chains, up to two open, one per frame in order; the
///     oldest is written once its frame is in and completed.
/// So up to four chains are open: two transmit chains reading and two
/// receive chains.
///
/// Configuration space (5.1.4): mac[6] at 0 (MAC, offered with F_MAC), status
/// at 6 (LINK_UP, offered with F_STATUS). Writes are ignored (read-only in
/// virtio 1.x). cfg_rdata follows cfg_rd_en by one cycle.
///
/// Device-function contract: df_want names the transmit queue while a
/// frame buffer is free or will be freed by an open receive chain, the
/// receive queue while a frame holds a buffer without a receive chain: in
/// both cases the chain the engine walks is taken once the open chains
/// have finished on their own.
module vio_net_loop #(
  /// Data width of the engine's streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// MAC address, first byte in bits 47:40.
  parameter [47:0]  MAC        = 48'h52_54_00_12_34_56,
  /// Bytes of each frame buffer (header included; a power of two >=
  /// 2 * DATA_WIDTH/8).
  parameter integer BUF_BYTES  = 2048,
  /// Frame buffers (2..4).
  parameter integer NBUF       = 3,
  /// Legacy device (virtio-mmio Version 1): 10-byte header.
  parameter integer LEGACY     = 0
) (
  // ---------------------------------------------------------------------------
  // Device-function port (vio_df_ports.vh): df_want bit 0 is receiveq1,
  // bit 1 transmitq1; df_rst returns it to the reset state
  // ---------------------------------------------------------------------------
  `define VIO_DF_QUEUES 2
  `include "vio_df_ports.vh"
  `undef VIO_DF_QUEUES

  // ---------------------------------------------------------------------------
  // Configuration space (vio_cfg_ports.vh, from vio_mmio_regs): mac and
  // status, read-only (writes are ignored); cfg_change stays low
  // ---------------------------------------------------------------------------
  `include "vio_cfg_ports.vh"

  // ---------------------------------------------------------------------------
  // Statistics
  // ---------------------------------------------------------------------------
  /// Frames looped back.
  output wire [31:0]           frames,
  /// Frames dropped (bad transmit length, receive buffer too small).
  output wire [31:0]           drops
);

  localparam integer BPB   = DATA_WIDTH / 8;
  localparam integer BEATS = BUF_BYTES / BPB;
  localparam integer AW    = $clog2(BEATS);
  // virtio_net_hdr (5.1.6): 12 bytes with VERSION_1; a legacy device
  // without MRG_RXBUF has no num_buffers field and 10 bytes.
  localparam integer HDR   = (LEGACY != 0) ? 10 : 12;
  localparam integer NUMBUF_OFS = 10; // num_buffers (le16), VERSION_1 only
  localparam [15:0] S_LINK_UP = 16'd1; // 5.1.4 VIRTIO_NET_S_LINK_UP
  localparam [2:0]  NB = NBUF[2:0];
  localparam [1:0]  Q_RX = 2'b01, Q_TX = 2'b10;

  localparam [1:0] O_WAIT = 2'd0; // open stage: waiting for a chain
  localparam [1:0] O_CMD  = 2'd1; //   the frame's read command
  localparam [1:0] O_DROP = 2'd2; //   a chain it can not carry: complete it
  localparam [1:0] D_WAIT = 2'd0; // drain stage: waiting for the frame
  localparam [1:0] D_CMD  = 2'd1; //   the write command
  localparam [1:0] D_WR   = 2'd2; //   its beats
  localparam [1:0] D_DONE = 2'd3; //   completion

  generate
    if (BUF_BYTES < 2 * BPB || (BUF_BYTES & (BUF_BYTES - 1)) != 0) begin : g_bad_buf
      vio_net_loop_error_BUF_BYTES_must_be_a_power_of_2_of_at_least_2_beats u_param_error ();
    end
    if (NBUF < 2 || NBUF > 4) begin : g_bad_nbuf
      vio_net_loop_error_NBUF_must_be_2_to_4 u_param_error ();
    end
  endgenerate

  // Frame buffers, claimed and freed in frame order.
  reg [1:0]    bw_q;          // the next one claimed
  reg [1:0]    br_q;          // the oldest claimed (drained next)
  reg [2:0]    used_q;        // claimed
  reg [2:0]    asg_q;         // of those, with a receive chain
  reg [31:0]   blen_q [0:3];  // frame bytes (header included)
  reg [3:0]    bfull_q;       // the frame is in
  reg [3:0]    bcut_q;        // its read was cut short by a stop
  // Open stage.
  reg [1:0]    os_q;
  reg [1:0]    otag_q;
  reg [31:0]   olen_q;
  reg [1:0]    obuf_q;
  // Fill stage: the transmit chains whose reads were issued, in order (tag,
  // buffer); the oldest tq_nf of them are read whole and wait to complete.
  // The read stream never waits for a completion to be taken.
  reg [1:0]    tq_tag_q [0:1];
  reg [1:0]    tq_buf_q [0:1];
  reg          tq_rp_q;
  reg [1:0]    tq_n_q;
  reg [1:0]    tq_nf_q;
  reg [AW:0]   fptr_q;
  // Drain stage: receive chains, oldest first.
  reg [1:0]    rn_q;          // open (0..2)
  reg [1:0]    rtag_q  [0:1];
  reg [31:0]   rroom_q [0:1]; // writable bytes
  reg [1:0]    ds_q;
  reg          rkeep_q;
  reg [AW:0]   rptr_q;
  reg [31:0]   frames_q;
  reg [31:0]   drops_q;
  reg [DATA_WIDTH-1:0] mem [0:NBUF*BEATS-1];

  wire [31:0] rlen    = blen_q[br_q];
  wire [31:0] rlen_up = rlen + BPB - 1;
  wire [31:0] nbeats  = rlen_up >> $clog2(BPB);
  wire        len_ok  = (df_chain_rd_bytes >= HDR) &&
                        (df_chain_rd_bytes <= BUF_BYTES);
  wire        ch_tx   = (df_chain_queue == 6'd1);
  wire        tq_fi   = tq_rp_q ^ tq_nf_q[0];   // the one being read
  // Taking chains: a transmit chain with a buffer free and room for its
  // read packet; a receive chain for a frame without one.
  wire        o_take  = (os_q == O_WAIT) && (used_q != NB) &&
                        (tq_n_q != 2'd2);
  wire        r_take  = (asg_q != used_q) && (rn_q != 2'd2);
  wire        take    = df_chain_valid && (ch_tx ? o_take : r_take);
  wire        o_tk    = take && ch_tx;
  wire        r_tk    = take && !ch_tx;
  wire        keep_n  = o_tk && len_ok;

  // Completions, one a cycle: the fill stage's first, then the drain
  // stage's, then a dropped transmit chain.
  wire        dn_f    = (tq_nf_q != 2'd0);
  wire        dn_r    = !dn_f && (ds_q == D_DONE);
  wire        dn_o    = !dn_f && !dn_r && (os_q == O_DROP);
  wire        f_fire  = dn_f && df_done_ready;
  wire        r_fire  = dn_r && df_done_ready;
  wire        o_fire  = dn_o && df_done_ready;
  // A read packet's beat, and the open stage's command taken.
  wire        f_rdy   = (tq_n_q != tq_nf_q);
  wire        f_beat  = f_rdy && df_rd_valid;
  wire        f_end   = f_beat && df_rd_last;
  wire        o_push  = (os_q == O_CMD) && df_rd_cmd_ready;

  // Receive header: every header byte 0 but num_buffers = 1.
  reg [DATA_WIDTH-1:0] out_beat;
  integer b;
  always @* begin
    out_beat = mem[{br_q, rptr_q[AW-1:0]}];
    for (b = 0; b < BPB; b = b + 1)
      if (rptr_q * BPB + b < HDR)
        out_beat[8*b +: 8] = (rptr_q * BPB + b == NUMBUF_OFS && LEGACY == 0) ?
                             8'd1 : 8'd0;
  end

  // The next state is computed in the clocked process, so that a simulator
  // evaluates it once per clock edge rather than with every input change.
  integer i;
  always @(posedge clk) begin
    if (!rst_n || df_rst) begin
      bw_q <= 2'd0; br_q <= 2'd0; used_q <= 3'd0; asg_q <= 3'd0;
      for (i = 0; i < 4; i = i + 1) blen_q[i] <= 32'd0;
      bfull_q <= 4'd0; bcut_q <= 4'd0;
      os_q <= O_WAIT; otag_q <= 2'd0; olen_q <= 32'd0; obuf_q <= 2'd0;
      for (i = 0; i < 2; i = i + 1) begin
        tq_tag_q[i] <= 2'd0; tq_buf_q[i] <= 2'd0;
        rtag_q[i] <= 2'd0; rroom_q[i] <= 32'd0;
      end
      tq_rp_q <= 1'b0; tq_n_q <= 2'd0; tq_nf_q <= 2'd0;
      fptr_q <= {(AW+1){1'b0}};
      rn_q <= 2'd0; ds_q <= D_WAIT; rkeep_q <= 1'b0;
      rptr_q <= {(AW+1){1'b0}}; frames_q <= 32'd0; drops_q <= 32'd0;
    end else begin
      // Buffers: claimed by the open stage, freed by the drain stage.
      used_q <= used_q + {2'd0, keep_n} - {2'd0, r_fire};
      asg_q  <= asg_q + {2'd0, r_tk} - {2'd0, r_fire};
      if (keep_n) begin
        bw_q <= (bw_q == NB[1:0] - 2'd1) ? 2'd0 : bw_q + 2'd1;
        blen_q[bw_q] <= df_chain_rd_bytes;
        bfull_q[bw_q] <= 1'b0;
        bcut_q[bw_q] <= 1'b0;
      end

      // Open stage.
      case (os_q)
        O_WAIT: if (o_tk) begin
          otag_q <= df_chain_tag;
          olen_q <= df_chain_rd_bytes;
          obuf_q <= bw_q;
          os_q <= len_ok ? O_CMD : O_DROP;
        end
        O_CMD:  if (o_push) os_q <= O_WAIT;
        O_DROP: if (o_fire) begin
          os_q <= O_WAIT;
          drops_q <= drops_q + 32'd1;
        end
        default: os_q <= O_WAIT;
      endcase

      // Fill stage: read packets in the order their commands were taken.
      if (o_push) begin
        tq_tag_q[tq_rp_q ^ tq_n_q[0]] <= otag_q;
        tq_buf_q[tq_rp_q ^ tq_n_q[0]] <= obuf_q;
      end
      tq_n_q <= tq_n_q + {1'b0, o_push} - {1'b0, f_fire};
      tq_nf_q <= tq_nf_q + {1'b0, f_end} - {1'b0, f_fire};
      if (f_fire)
        tq_rp_q <= !tq_rp_q;
      if (f_beat) begin
        fptr_q <= fptr_q + 1'b1;
        if (df_rd_last) begin
          fptr_q <= {(AW+1){1'b0}};
          bfull_q[tq_buf_q[tq_fi]] <= 1'b1;
          bcut_q[tq_buf_q[tq_fi]] <= df_rd_cut;
        end
      end

      // Drain stage: receive chains in frame order.
      if (r_tk) begin
        rtag_q[rn_q[0]] <= df_chain_tag;
        rroom_q[rn_q[0]] <= df_chain_wr_bytes;
      end
      rn_q <= rn_q + {1'b0, r_tk} - {1'b0, r_fire};
      if (r_fire) begin
        // the newer receive chain is now the oldest
        rtag_q[0] <= rtag_q[1];
        rroom_q[0] <= rroom_q[1];
        if (r_tk) begin
          rtag_q[0] <= (rn_q == 2'd1) ? df_chain_tag : rtag_q[1];
          rroom_q[0] <= (rn_q == 2'd1) ? df_chain_wr_bytes : rroom_q[1];
          rtag_q[1] <= df_chain_tag;
          rroom_q[1] <= df_chain_wr_bytes;
        end
      end
      case (ds_q)
        D_WAIT: if (rn_q != 2'd0 && bfull_q[br_q]) begin
          rptr_q <= {(AW+1){1'b0}};
          // a frame cut short is dropped like one too big for the buffer
          rkeep_q <= (rroom_q[0] >= rlen) && !bcut_q[br_q];
          ds_q <= (rroom_q[0] >= rlen && !bcut_q[br_q]) ? D_CMD : D_DONE;
        end
        D_CMD:  if (df_wr_cmd_ready) ds_q <= D_WR;
        D_WR:   if (df_wr_ready) begin
          rptr_q <= rptr_q + 1'b1;
          if ({{(31-AW){1'b0}}, rptr_q} + 32'd1 == nbeats) ds_q <= D_DONE;
        end
        D_DONE: if (r_fire) begin
          ds_q <= D_WAIT;
          bfull_q[br_q] <= 1'b0;
          br_q <= (br_q == NB[1:0] - 2'd1) ? 2'd0 : br_q + 2'd1;
          if (rkeep_q) frames_q <= frames_q + 32'd1;
          else drops_q <= drops_q + 32'd1;
        end
        default: ds_q <= D_WAIT;
      endcase
    end
  end

  always @(posedge clk)
    if (f_beat)
      mem[{tq_buf_q[tq_fi], fptr_q[AW-1:0]}] <= df_rd_data;

  // Configuration space: mac at 0..5, status at 6..7.
  reg [31:0] cfg_q;
  always @(posedge clk) begin
    if (!rst_n)
      cfg_q <= 32'd0;
    else if (cfg_rd_en)
      case (cfg_rd_addr)
        12'h000: cfg_q <= {MAC[23:16], MAC[31:24], MAC[39:32], MAC[47:40]};
        12'h004: cfg_q <= {S_LINK_UP, MAC[7:0], MAC[15:8]};
        default: cfg_q <= 32'd0;
      endcase
  end

  // The transmit queue while a buffer is free or an open receive chain
  // will free one; the receive queue while a frame has no receive chain.
  assign df_want         = ((used_q != NB || rn_q != 2'd0) ? Q_TX : 2'b00) |
                           ((asg_q != used_q) ? Q_RX : 2'b00);
  assign df_want_next    = 2'b00;
  assign df_tagged       = 1'b1;
  assign df_chain_ready  = ch_tx ? o_take : r_take;
  assign df_rd_cmd_valid = (os_q == O_CMD);
  assign df_rd_cmd_tag   = otag_q;
  assign df_rd_cmd_len   = olen_q;
  assign df_rd_ready     = f_rdy;
  assign df_wr_cmd_valid = (ds_q == D_CMD);
  assign df_wr_cmd_tag   = rtag_q[0];
  assign df_wr_cmd_len   = rlen;
  assign df_wr_valid     = (ds_q == D_WR);
  assign df_wr_data      = out_beat;
  assign df_done_valid   = dn_f || dn_r || dn_o;
  assign df_done_tag     = dn_f ? tq_tag_q[tq_rp_q] : dn_r ? rtag_q[0] : otag_q;
  assign df_done_len     = (dn_r && rkeep_q) ? rlen : 32'd0;
  assign cfg_rdata       = cfg_q;
  assign cfg_change      = 1'b0;
  assign frames          = frames_q;
  assign drops           = drops_q;

  wire unused_ok = &{1'b0, df_chain_head, df_chain_held, cfg_wr_en,
                     cfg_wr_addr, cfg_wdata, cfg_wstrb};
endmodule

`default_nettype wire
