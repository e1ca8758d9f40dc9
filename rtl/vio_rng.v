// SPDX-License-Identifier: MIT
`default_nettype none

/// virtio-rng device function (virtio v1.2 section 5.4): queue 0
/// (requestq). Every chain's writable part is filled with random bytes: the
/// used length is the writable size, capped at MAX_BYTES, so it is at least
/// 1 for any chain with a writable byte (5.4.6) and never more than the
/// buffer. A chain with no writable byte completes with used length 0.
///
/// Generator: xoshiro256** (Blackman and Vigna), one 64-bit generator per
/// 64 bits of the data path, each seeded by splitmix64 from SEED + lane:
/// 256 bits of state, period 2^256 - 1, output that passes BigCrush and
/// PractRand; in hardware one step is XORs, shifts and two constant
/// multiplications (x5, x9: an add each). The state survives device resets,
/// so a driver never sees the same bytes twice in a run; rst_n returns it
/// to SEED, so a test replays exactly.
///
/// No configuration space (5.4.4).
///
/// Device-function contract (docs/device-function.md): one chain at a time;
/// df_want and df_want_next always name queue 0 (every chain is taken).
module vio_rng #(
  /// Data width of the engine's streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// Generator seed (lane i starts from splitmix64 of SEED + i).
  parameter [63:0]  SEED       = 64'h5eed_0f_a11_5eed,
  /// Most bytes written into one chain.
  parameter integer MAX_BYTES  = 65536
) (
  // ---------------------------------------------------------------------------
  // Device-function port (vio_df_ports.vh): df_want bit 0 is requestq;
  // df_rst returns it to waiting for a chain (the generator state stays)
  // ---------------------------------------------------------------------------
  `define VIO_DF_QUEUES 1
  `include "vio_df_ports.vh"
  `undef VIO_DF_QUEUES

  // ---------------------------------------------------------------------------
  // Configuration space (vio_cfg_ports.vh): none (5.4.4); reads return 0,
  // writes are ignored, cfg_change stays low
  // ---------------------------------------------------------------------------
  `include "vio_cfg_ports.vh"

  // ---------------------------------------------------------------------------
  // Statistics
  // ---------------------------------------------------------------------------
  /// Random bytes delivered (statistics).
  output wire [31:0]           bytes
);

  localparam integer BPB   = DATA_WIDTH / 8;
  localparam integer LANES = DATA_WIDTH / 64;

  localparam [1:0] G_WAIT = 2'd0; // waiting for a chain
  localparam [1:0] G_CMD  = 2'd1; // write command
  localparam [1:0] G_WR   = 2'd2; // random beats
  localparam [1:0] G_DONE = 2'd3; // completion

  generate
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_rng_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
    if (MAX_BYTES < 1) begin : g_bad_max
      vio_rng_error_MAX_BYTES_must_be_at_least_1 u_param_error ();
    end
  endgenerate

  // splitmix64 (Steele, Lea, Flood): the seeding recommended for xoshiro.
  function automatic [63:0] splitmix64(input [63:0] x);
    reg [63:0] z;
    begin
      z = x + 64'h9e37_79b9_7f4a_7c15;
      z = (z ^ (z >> 30)) * 64'hbf58_476d_1ce4_e5b9;
      z = (z ^ (z >> 27)) * 64'h94d0_49bb_1331_11eb;
      splitmix64 = z ^ (z >> 31);
    end
  endfunction

  // Initial state of a lane: four successive splitmix64 outputs.
  function automatic [255:0] seed_state(input [63:0] s);
    begin
      seed_state = {splitmix64(s + 64'h9e37_79b9_7f4a_7c15 * 3),
                    splitmix64(s + 64'h9e37_79b9_7f4a_7c15 * 2),
                    splitmix64(s + 64'h9e37_79b9_7f4a_7c15),
                    splitmix64(s)};
    end
  endfunction

  function automatic [63:0] rotl(input [63:0] x, input integer k);
    begin
      rotl = (x << k) | (x >> (64 - k));
    end
  endfunction

  reg [1:0]  st_q;
  reg [31:0] len_q;    // bytes of the open chain
  reg [31:0] left_q;   // beats still to send
  reg [31:0] bytes_q;

  wire        step     = (st_q == G_WR) && df_wr_ready;

  // The next state is computed in the clocked process, so that a simulator
  // evaluates it once per clock edge rather than with every input change.
  always @(posedge clk) begin : p_seq
    reg [31:0] want_len;
    want_len = (df_chain_wr_bytes > MAX_BYTES) ? MAX_BYTES : df_chain_wr_bytes;
    if (!rst_n || df_rst) begin
      st_q <= G_WAIT; len_q <= 32'd0; left_q <= 32'd0; bytes_q <= 32'd0;
    end else begin
      case (st_q)
        G_WAIT: if (df_chain_valid) begin
          len_q <= want_len;
          left_q <= (want_len + BPB - 1) / BPB;
          st_q <= (want_len == 32'd0) ? G_DONE : G_CMD;
        end
        G_CMD: if (df_wr_cmd_ready) st_q <= G_WR;
        G_WR: if (df_wr_ready) begin
          left_q <= left_q - 32'd1;
          if (left_q == 32'd1) st_q <= G_DONE;
        end
        G_DONE: if (df_done_ready) begin
          st_q <= G_WAIT;
          bytes_q <= bytes_q + len_q;
        end
      endcase
    end
  end

  // xoshiro256**: out = rotl(s1 * 5, 7) * 9, then the state step.
  genvar g;
  generate
    for (g = 0; g < LANES; g = g + 1) begin : g_lane
      reg  [63:0] s0, s1, s2, s3;
      wire [63:0] s1x5 = (s1 << 2) + s1;
      wire [63:0] r7   = rotl(s1x5, 7);
      assign df_wr_data[64*g +: 64] = (r7 << 3) + r7;
      wire [63:0] t    = s1 << 17;
      wire [63:0] n2   = s2 ^ s0;
      wire [63:0] n3   = s3 ^ s1;
      always @(posedge clk) begin
        if (!rst_n) begin
          {s3, s2, s1, s0} <= seed_state(SEED + g);
        end else if (step) begin
          s0 <= s0 ^ n3;
          s1 <= s1 ^ n2;
          s2 <= n2 ^ t;
          s3 <= rotl(n3, 45);
        end
      end
    end
  endgenerate

  assign df_want         = 1'b1;
  assign df_want_next    = 1'b1;
  // In order: reads to the newest chain, writes and completion to the
  // oldest; no tags.
  assign df_tagged       = 1'b0;
  assign df_rd_cmd_tag   = 2'd0;
  assign df_wr_cmd_tag   = 2'd0;
  assign df_done_tag     = 2'd0;
  assign df_chain_ready  = (st_q == G_WAIT);
  assign df_rd_cmd_valid = 1'b0;
  assign df_rd_cmd_len   = 32'd0;
  assign df_rd_ready     = 1'b1;
  assign df_wr_cmd_valid = (st_q == G_CMD);
  assign df_wr_cmd_len   = len_q;
  assign df_wr_valid     = (st_q == G_WR);
  assign df_done_valid   = (st_q == G_DONE);
  assign df_done_len     = len_q;
  assign cfg_rdata       = 32'd0;
  assign cfg_change      = 1'b0;
  assign bytes           = bytes_q;

  wire unused_ok = &{1'b0, df_chain_tag, df_chain_queue, df_chain_head, df_chain_rd_bytes,
                     df_chain_held,
                     df_rd_cmd_ready, df_rd_valid, df_rd_data, df_rd_last,
                     df_rd_cut, cfg_wr_en, cfg_wr_addr, cfg_wdata, cfg_wstrb,
                     cfg_rd_en, cfg_rd_addr};
endmodule

`default_nettype wire
