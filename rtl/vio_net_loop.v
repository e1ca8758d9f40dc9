// SPDX-License-Identifier: MIT
`default_nettype none

/// virtio-net device function, loopback (virtio v1.2 section 5.1): every
/// frame sent on the transmit queue (queue 1, transmitq1) comes back on the
/// receive queue (queue 0, receiveq1).
///
/// A transmit chain's readable part is one virtio_net_hdr (12 bytes with
/// VERSION_1, 5.1.6; 10 bytes for a LEGACY device, which has no
/// num_buffers without MRG_RXBUF) followed by the frame. It is read whole into one of two
/// frame buffers of BUF_BYTES each and completed with used length 0; then
/// the next receive chain is opened and the buffer is written into it with a
/// fresh header: flags 0, gso_type NONE, num_buffers 1 (5.1.6.4: without
/// MRG_RXBUF one buffer per packet; absent in the legacy header); the receive chain is completed with the
/// bytes written. Frames keep their order. A transmit chain shorter than the
/// header or longer than BUF_BYTES is dropped without reading it (completed,
/// used length 0); a receive chain too small for the frame gets used length 0
/// and the frame is dropped (Linux counts it as a length error). A frame
/// whose transmit read was cut short by a stop (a queue reset of the
/// transmit queue, a device reset, NEEDS_RESET: df_rd_cut) is dropped the
/// same way: its receive chain gets used length 0, never the padding as a
/// frame. All are counted.
///
/// Two stages overlap: while the receive stage writes frame k from one
/// buffer, the transmit stage reads frame k+1 into the other. Chains are
/// opened in the order T1 R1 T2 R2 ...: transmit chain k+1 is opened while
/// receive chain k is open (the engine's newest chain takes the read
/// commands, the oldest the write commands and completions), and it is
/// completed after receive chain k.
///
/// Configuration space (5.1.4): mac[6] at 0 (MAC, offered with F_MAC), status
/// at 6 (LINK_UP, offered with F_STATUS). Writes are ignored (read-only in
/// virtio 1.x). cfg_rdata follows cfg_rd_en by one cycle.
///
/// Device-function contract (docs/device-function.md): df_want names the
/// queue of the chain opened next, as soon as the previous chain is opened,
/// so the engine walks it while the data of the open chains moves; that
/// chain is accepted once its stage is free, which needs no other chain.
module vio_net_loop #(
  /// Data width of the engine's streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// MAC address, first byte in bits 47:40.
  parameter [47:0]  MAC        = 48'h52_54_00_12_34_56,
  /// Bytes of each of the two frame buffers (header included; a power of
  /// two >= 2 * DATA_WIDTH/8).
  parameter integer BUF_BYTES  = 2048,
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

  localparam [1:0] T_WAIT = 2'd0; // transmit stage: waiting for a chain
  localparam [1:0] T_CMD  = 2'd1;
  localparam [1:0] T_RD   = 2'd2;
  localparam [1:0] T_DONE = 2'd3;
  localparam [2:0] R_IDLE = 3'd0; // receive stage: no frame
  localparam [2:0] R_WAIT = 3'd1; // a frame waits for a receive chain
  localparam [2:0] R_CMD  = 3'd2;
  localparam [2:0] R_WR   = 3'd3;
  localparam [2:0] R_DONE = 3'd4;

  generate
    if (BUF_BYTES < 2 * BPB || (BUF_BYTES & (BUF_BYTES - 1)) != 0) begin : g_bad_buf
      vio_net_loop_error_BUF_BYTES_must_be_a_power_of_2_of_at_least_2_beats u_param_error ();
    end
  endgenerate

  reg          nxt_q;    // the next chain opened: 0 transmit, 1 receive
  reg [1:0]    ts_q;     // transmit stage
  reg [31:0]   tlen_q;   // its frame bytes (header included)
  reg          tkeep_q;  // its frame is kept
  reg          tcut_q;   // its read was cut short by a stop
  reg          tb_q;     // its buffer
  reg [AW:0]   tptr_q;   // its buffer beat
  reg [2:0]    rs_q;     // receive stage
  reg [31:0]   rlen_q;
  reg          rkeep_q;
  reg          rcut_q;   // the frame for it was cut short
  reg          rb_q;
  reg [AW:0]   rptr_q;
  reg [31:0]   frames_q;
  reg [31:0]   drops_q;
  reg [DATA_WIDTH-1:0] mem [0:2*BEATS-1];

  wire [31:0] rlen_up = rlen_q + BPB - 1;
  wire [31:0] nbeats  = rlen_up >> $clog2(BPB);
  wire        len_ok  = (df_chain_rd_bytes >= HDR) &&
                        (df_chain_rd_bytes <= BUF_BYTES);
  // The receive stage holds no chain: a transmit chain is the oldest.
  wire        t_done_ok = (rs_q == R_IDLE);

  // Receive header: every header byte 0 but num_buffers = 1.
  reg [DATA_WIDTH-1:0] out_beat;
  integer b;
  always @* begin
    out_beat = mem[{rb_q, rptr_q[AW-1:0]}];
    for (b = 0; b < BPB; b = b + 1)
      if (rptr_q * BPB + b < HDR)
        out_beat[8*b +: 8] = (rptr_q * BPB + b == NUMBUF_OFS && LEGACY == 0) ?
                             8'd1 : 8'd0;
  end

  // The next state is computed in the clocked process, so that a simulator
  // evaluates it once per clock edge rather than with every input change.
  always @(posedge clk) begin
    if (!rst_n || df_rst) begin
      nxt_q <= 1'b0; ts_q <= T_WAIT; tlen_q <= 32'd0; tkeep_q <= 1'b0;
      tcut_q <= 1'b0; rcut_q <= 1'b0;
      tb_q <= 1'b0; tptr_q <= {(AW+1){1'b0}}; rs_q <= R_IDLE;
      rlen_q <= 32'd0; rkeep_q <= 1'b0; rb_q <= 1'b0;
      rptr_q <= {(AW+1){1'b0}}; frames_q <= 32'd0; drops_q <= 32'd0;
    end else begin
      case (ts_q)
        T_WAIT: if (!nxt_q && df_chain_valid) begin
          tlen_q <= df_chain_rd_bytes;
          tptr_q <= {(AW+1){1'b0}};
          tkeep_q <= len_ok;
          tcut_q <= 1'b0;
          ts_q <= len_ok ? T_CMD : T_DONE;
          nxt_q <= len_ok; // a kept frame needs a receive chain next
        end
        T_CMD:  if (df_rd_cmd_ready) ts_q <= T_RD;
        T_RD:   if (df_rd_valid) begin
          tptr_q <= tptr_q + 1'b1;
          if (df_rd_last) begin
            ts_q <= T_DONE;
            tcut_q <= df_rd_cut;
          end
        end
        T_DONE: if (t_done_ok && df_done_ready) begin
          ts_q <= T_WAIT;
          if (tkeep_q) begin
            rs_q <= R_WAIT; rlen_q <= tlen_q; rb_q <= tb_q; rcut_q <= tcut_q;
            tb_q <= !tb_q;
          end else begin
            drops_q <= drops_q + 32'd1;
          end
        end
      endcase

      case (rs_q)
        R_IDLE: ; // a frame arrives from the transmit stage
        R_WAIT: if (nxt_q && df_chain_valid) begin
          rptr_q <= {(AW+1){1'b0}};
          // a frame cut short is dropped like one too big for the buffer
          rkeep_q <= (df_chain_wr_bytes >= rlen_q) && !rcut_q;
          rs_q <= (df_chain_wr_bytes >= rlen_q && !rcut_q) ? R_CMD : R_DONE;
          nxt_q <= 1'b0;
        end
        R_CMD:  if (df_wr_cmd_ready) rs_q <= R_WR;
        R_WR:   if (df_wr_ready) begin
          rptr_q <= rptr_q + 1'b1;
          if ({{(31-AW){1'b0}}, rptr_q} + 32'd1 == nbeats) rs_q <= R_DONE;
        end
        R_DONE: if (df_done_ready) begin
          rs_q <= R_IDLE;
          if (rkeep_q) frames_q <= frames_q + 32'd1;
          else drops_q <= drops_q + 32'd1;
        end
        default: rs_q <= R_IDLE;
      endcase
    end
  end

  always @(posedge clk)
    if (ts_q == T_RD && df_rd_valid)
      mem[{tb_q, tptr_q[AW-1:0]}] <= df_rd_data;

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

  // After a kept frame's transmit chain come its receive chain and then the
  // next transmit chain; after a receive chain, the next transmit chain (the
  // one after it depends on that frame's length).
  assign df_want      = nxt_q ? 2'b01 : 2'b10;
  assign df_want_next = nxt_q ? 2'b10 : 2'b00;
  // In order: reads to the newest chain, writes and completion to the
  // oldest; no tags.
  assign df_tagged       = 1'b0;
  assign df_rd_cmd_tag   = 2'd0;
  assign df_wr_cmd_tag   = 2'd0;
  assign df_done_tag     = 2'd0;
  assign df_chain_ready  = nxt_q ? (rs_q == R_WAIT) : (ts_q == T_WAIT);
  assign df_rd_cmd_valid = (ts_q == T_CMD);
  assign df_rd_cmd_len   = tlen_q;
  assign df_rd_ready     = (ts_q == T_RD);
  assign df_wr_cmd_valid = (rs_q == R_CMD);
  assign df_wr_cmd_len   = rlen_q;
  assign df_wr_valid     = (rs_q == R_WR);
  assign df_wr_data      = out_beat;
  // The receive chain is older than an open transmit chain: it completes
  // first.
  assign df_done_valid   = (rs_q == R_DONE) || (ts_q == T_DONE && t_done_ok);
  assign df_done_len     = (rs_q == R_DONE && rkeep_q) ? rlen_q : 32'd0;
  assign cfg_rdata       = cfg_q;
  assign cfg_change      = 1'b0;
  assign frames          = frames_q;
  assign drops           = drops_q;

  wire unused_ok = &{1'b0, df_chain_tag, df_chain_queue, df_chain_head, cfg_wr_en,
                     cfg_wr_addr, cfg_wdata, cfg_wstrb};
endmodule

`default_nettype wire
