`default_nettype none

/// virtio-net device function, loopback (virtio v1.2 section 5.1): every
/// frame sent on the transmit queue (queue 1, transmitq1) comes back on the
/// receive queue (queue 0, receiveq1).
///
/// A transmit chain's readable part is one virtio_net_hdr (12 bytes with
/// VERSION_1, 5.1.6) followed by the frame. It is read whole into a frame
/// buffer of BUF_BYTES, the chain is completed with used length 0, then the
/// next receive chain is opened and the buffer is written into it with a
/// fresh header: flags 0, gso_type NONE, num_buffers 1 (5.1.6.4: without
/// MRG_RXBUF one buffer per packet); the receive chain is completed with the
/// bytes written. Frames keep their order. A transmit chain shorter than the
/// header or longer than BUF_BYTES is dropped without reading it (completed,
/// used length 0); a receive chain too small for the frame gets used length 0
/// and the frame is dropped (Linux counts it as a length error). Both are
/// counted.
///
/// Configuration space (5.1.4): mac[6] at 0 (MAC, offered with F_MAC), status
/// at 6 (LINK_UP, offered with F_STATUS). Writes are ignored (read-only in
/// virtio 1.x). cfg_rdata follows cfg_rd_en by one cycle.
///
/// Device-function contract (docs/device-function.md): df_want names only the
/// queue this function can take a chain from in its current state, so any
/// chain the engine presents is accepted.
module vio_net_loop #(
  /// Data width of the engine's streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// MAC address, first byte in bits 47:40.
  parameter [47:0]  MAC        = 48'h52_54_00_12_34_56,
  /// Frame buffer bytes (header included; a power of two >= 2 * DATA_WIDTH/8).
  parameter integer BUF_BYTES  = 2048
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  input  wire                  clk,
  input  wire                  rst_n,
  /// Device reset completing: back to the reset state.
  input  wire                  df_rst,

  // ---------------------------------------------------------------------------
  // Ring engine (vio_vq_engine device-function port)
  // ---------------------------------------------------------------------------
  output wire [1:0]            df_want,
  input  wire                  df_chain_valid,
  output wire                  df_chain_ready,
  input  wire [5:0]            df_chain_queue,
  input  wire [15:0]           df_chain_head,
  input  wire [31:0]           df_chain_rd_bytes,
  input  wire [31:0]           df_chain_wr_bytes,
  output wire                  df_rd_cmd_valid,
  input  wire                  df_rd_cmd_ready,
  output wire [31:0]           df_rd_cmd_len,
  input  wire                  df_rd_valid,
  output wire                  df_rd_ready,
  input  wire [DATA_WIDTH-1:0] df_rd_data,
  input  wire                  df_rd_last,
  output wire                  df_wr_cmd_valid,
  input  wire                  df_wr_cmd_ready,
  output wire [31:0]           df_wr_cmd_len,
  output wire                  df_wr_valid,
  input  wire                  df_wr_ready,
  output wire [DATA_WIDTH-1:0] df_wr_data,
  output wire                  df_done_valid,
  input  wire                  df_done_ready,
  output wire [31:0]           df_done_len,

  // ---------------------------------------------------------------------------
  // Configuration space (from vio_mmio_regs)
  // ---------------------------------------------------------------------------
  input  wire                  cfg_rd_en,
  input  wire [11:0]           cfg_rd_addr,
  output wire [31:0]           cfg_rdata,

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
  localparam integer HDR   = 12; // virtio_net_hdr with VERSION_1 (5.1.6)
  localparam integer NUMBUF_OFS = 10; // num_buffers (le16)
  localparam [15:0] S_LINK_UP = 16'd1; // 5.1.4 VIRTIO_NET_S_LINK_UP

  localparam [2:0] N_TX_WAIT = 3'd0;
  localparam [2:0] N_TX_CMD  = 3'd1;
  localparam [2:0] N_TX_RD   = 3'd2;
  localparam [2:0] N_TX_DONE = 3'd3;
  localparam [2:0] N_RX_WAIT = 3'd4;
  localparam [2:0] N_RX_CMD  = 3'd5;
  localparam [2:0] N_RX_WR   = 3'd6;
  localparam [2:0] N_RX_DONE = 3'd7;

  initial begin
    if (BUF_BYTES < 2 * BPB || (BUF_BYTES & (BUF_BYTES - 1)) != 0) begin
      $display("vio_net_loop: BUF_BYTES must be a power of two >= 2 beats");
      $finish;
    end
  end

  reg [2:0]    st_q, st_d;
  reg [31:0]   len_q, len_d;     // frame bytes (header included)
  reg          keep_q, keep_d;   // the frame is kept (not dropped)
  reg [AW:0]   ptr_q, ptr_d;     // buffer beat
  reg [31:0]   frames_q, frames_d;
  reg [31:0]   drops_q, drops_d;
  reg [DATA_WIDTH-1:0] mem [0:BEATS-1];

  wire [31:0] len_up = len_q + BPB - 1;
  wire [31:0] nbeats = len_up >> $clog2(BPB);

  // Receive header: every header byte 0 but num_buffers = 1.
  reg [DATA_WIDTH-1:0] out_beat;
  integer b;
  always @* begin
    out_beat = mem[ptr_q[AW-1:0]];
    for (b = 0; b < BPB; b = b + 1)
      if (ptr_q * BPB + b < HDR)
        out_beat[8*b +: 8] = (ptr_q * BPB + b == NUMBUF_OFS) ? 8'd1 : 8'd0;
  end

  always @* begin
    st_d = st_q; len_d = len_q; keep_d = keep_q; ptr_d = ptr_q;
    frames_d = frames_q; drops_d = drops_q;
    case (st_q)
      N_TX_WAIT: if (df_chain_valid) begin
        len_d = df_chain_rd_bytes;
        ptr_d = {(AW+1){1'b0}};
        keep_d = (df_chain_rd_bytes >= HDR) &&
                 (df_chain_rd_bytes <= BUF_BYTES);
        st_d = ((df_chain_rd_bytes >= HDR) &&
                (df_chain_rd_bytes <= BUF_BYTES)) ? N_TX_CMD : N_TX_DONE;
      end
      N_TX_CMD:  if (df_rd_cmd_ready) st_d = N_TX_RD;
      N_TX_RD:   if (df_rd_valid) begin
        ptr_d = ptr_q + 1'b1;
        if (df_rd_last) st_d = N_TX_DONE;
      end
      N_TX_DONE: if (df_done_ready) begin
        st_d = keep_q ? N_RX_WAIT : N_TX_WAIT;
        if (!keep_q) drops_d = drops_q + 32'd1;
      end
      N_RX_WAIT: if (df_chain_valid) begin
        ptr_d = {(AW+1){1'b0}};
        keep_d = (df_chain_wr_bytes >= len_q);
        st_d = (df_chain_wr_bytes >= len_q) ? N_RX_CMD : N_RX_DONE;
      end
      N_RX_CMD:  if (df_wr_cmd_ready) st_d = N_RX_WR;
      N_RX_WR:   if (df_wr_ready) begin
        ptr_d = ptr_q + 1'b1;
        if ({{(31-AW){1'b0}}, ptr_q} + 32'd1 == nbeats) st_d = N_RX_DONE;
      end
      N_RX_DONE: if (df_done_ready) begin
        st_d = N_TX_WAIT;
        if (keep_q) frames_d = frames_q + 32'd1;
        else drops_d = drops_q + 32'd1;
      end
      default: st_d = N_TX_WAIT;
    endcase
  end

  always @(posedge clk) begin
    if (!rst_n || df_rst) begin
      st_q <= N_TX_WAIT; len_q <= 32'd0; keep_q <= 1'b0;
      ptr_q <= {(AW+1){1'b0}}; frames_q <= 32'd0; drops_q <= 32'd0;
    end else begin
      st_q <= st_d; len_q <= len_d; keep_q <= keep_d; ptr_q <= ptr_d;
      frames_q <= frames_d; drops_q <= drops_d;
    end
  end

  always @(posedge clk)
    if (st_q == N_TX_RD && df_rd_valid)
      mem[ptr_q[AW-1:0]] <= df_rd_data;

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

  assign df_want         = (st_q == N_TX_WAIT) ? 2'b10 :
                           (st_q == N_RX_WAIT) ? 2'b01 : 2'b00;
  assign df_chain_ready  = (st_q == N_TX_WAIT) || (st_q == N_RX_WAIT);
  assign df_rd_cmd_valid = (st_q == N_TX_CMD);
  assign df_rd_cmd_len   = len_q;
  assign df_rd_ready     = (st_q == N_TX_RD);
  assign df_wr_cmd_valid = (st_q == N_RX_CMD);
  assign df_wr_cmd_len   = len_q;
  assign df_wr_valid     = (st_q == N_RX_WR);
  assign df_wr_data      = out_beat;
  assign df_done_valid   = (st_q == N_TX_DONE) || (st_q == N_RX_DONE);
  assign df_done_len     = (st_q == N_RX_DONE && keep_q) ? len_q : 32'd0;
  assign cfg_rdata       = cfg_q;
  assign frames          = frames_q;
  assign drops           = drops_q;

  wire unused_ok = &{1'b0, df_chain_queue, df_chain_head};
endmodule

`default_nettype wire
