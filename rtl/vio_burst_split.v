// SPDX-License-Identifier: MIT
`default_nettype none

/// Burst splitter of the DMA masters: holds one byte-range command, cuts it
/// into AXI4 INCR bursts of at most MAX_BURST beats that never cross a 4 KiB
/// boundary, presents each on an address channel (AR or AW) from registers,
/// and hands a descriptor of each burst to the data side.
///
/// Commands:
/// - A command names a byte range [s_cmd_addr, s_cmd_addr + s_cmd_len) with
///   any alignment and s_cmd_len >= 1; s_cmd_last marks the end of a packet
///   and s_cmd_pad a command that makes no bus access (its bursts are only
///   descriptors; stop makes every command padding from then on).
/// - s_cmd_ready is high when the command register is empty or its last
///   burst is issued this cycle (that depends on m_ax_ready), so one command
///   per cycle can be taken.
///
/// Bursts:
/// - NARROW = 0: full-width bursts (size log2(DATA_WIDTH/8), address aligned
///   down to the beat) over every beat the range touches; the descriptor
///   names the bytes of the first and the last beat.
/// - NARROW = 1: no byte outside the range is accessed. An unaligned head,
///   and a tail shorter than a beat, go as single narrow transfers of a
///   naturally aligned power-of-two size (at most log2(DATA_WIDTH/8) of
///   each); the whole beats in between go as full-width bursts.
/// - Padding is cut by whole beats of its span, as with NARROW = 0.
/// - A burst is issued when the command register holds one, the address
///   register is free or being emptied (or the burst is padding, which makes
///   no address request), m_desc_room is high and flush is low. Then
///   m_desc_push pulses with the burst's descriptor (m_desc) and, unless it is
///   padding, the address register loads it. One burst per cycle.
/// - The address channel comes from registers and is held stable until
///   m_ax_ready; no request is dropped.
module vio_burst_split #(
  /// Data width of the bus in bits: 32, 64, 128 or 256.
  parameter integer DATA_WIDTH = 64,
  /// Address width in bits (12..64).
  parameter integer ADDR_WIDTH = 64,
  /// Width of s_cmd_len in bits (12..ADDR_WIDTH).
  parameter integer LEN_WIDTH  = 32,
  /// Maximum burst length in beats: a power of two, 1..256.
  parameter integer MAX_BURST  = 64,
  /// 1: unaligned heads and short tails as narrow transfers (reads that
  /// touch no byte outside the command); 0: full-width bursts only (writes,
  /// whose strobes mark the bytes).
  parameter integer NARROW     = 0
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                            clk,
  /// Synchronous active-low reset.
  input  wire                            rst_n,
  /// Stop: what is left of the held command and every later command become
  /// padding (no new address request). A request already in the address
  /// register stays until accepted.
  input  wire                            stop,
  /// Flush: no burst is issued and no command taken; the held command is
  /// dropped (s_cmd_ready high). A request already in the address register
  /// stays until accepted.
  input  wire                            flush,

  // ---------------------------------------------------------------------------
  // Command
  // ---------------------------------------------------------------------------
  `include "vio_dma_cmd_ports.vh"
  /// Padding: bursts without an address request.
  input  wire                            s_cmd_pad,

  // ---------------------------------------------------------------------------
  // Burst descriptors (to the data side)
  // ---------------------------------------------------------------------------
  /// The data side can take a descriptor (a burst may be issued).
  input  wire                            m_desc_room,
  /// A burst is issued this cycle; the m_desc_* fields describe it.
  output wire                            m_desc_push,
  /// The burst's descriptor, {pad, last, len_m1[7:0], hi_m1, lo}: pad, it is
  /// padding (no address request was made for it); last, it ends the
  /// packet; len_m1, beats minus one; hi_m1, the last byte lane of its last
  /// beat; lo, the first byte lane of its first beat (its address offset).
  /// hi_m1 and lo are log2(DATA_WIDTH/8) bits each.
  output wire [2*$clog2(DATA_WIDTH/8)+9:0] m_desc,

  // ---------------------------------------------------------------------------
  // Address channel (AXI4 AR or AW)
  // ---------------------------------------------------------------------------
  /// Burst address (aligned to the beat, or to the size of a narrow transfer).
  output wire [ADDR_WIDTH-1:0]           m_ax_addr,
  /// Burst length minus one.
  output wire [7:0]                      m_ax_len,
  /// Beat size: log2(DATA_WIDTH/8), smaller for a narrow transfer.
  output wire [2:0]                      m_ax_size,
  /// Address valid.
  output wire                            m_ax_valid,
  /// Address ready.
  input  wire                            m_ax_ready,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// A command is held (flush low) or an address request waits.
  output wire                            busy
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
    begin : g_bad_data_width
      vio_burst_split_error_DATA_WIDTH_must_be_32_64_128_or_256 u_param_error ();
    end
    if (ADDR_WIDTH < 12 || ADDR_WIDTH > 64) begin : g_bad_addr_width
      vio_burst_split_error_ADDR_WIDTH_must_be_12_to_64 u_param_error ();
    end
    if (LEN_WIDTH < 12 || LEN_WIDTH > ADDR_WIDTH) begin : g_bad_len_width
      vio_burst_split_error_LEN_WIDTH_must_be_12_to_ADDR_WIDTH u_param_error ();
    end
    if (MAX_BURST < 1 || MAX_BURST > 256 || (MAX_BURST & (MAX_BURST - 1)) != 0)
    begin : g_bad_max_burst
      vio_burst_split_error_MAX_BURST_must_be_power_of_2_1_to_256 u_param_error ();
    end
    if (NARROW != 0 && NARROW != 1) begin : g_bad_narrow
      vio_burst_split_error_NARROW_must_be_0_or_1 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer BPB = DATA_WIDTH / 8;             // bytes per beat
  localparam integer SL  = $clog2(BPB);                // log2(BPB): 2..5
  localparam integer BW  = 12 - SL;                    // beat index in 4 KiB
  localparam integer SW  = LEN_WIDTH + 1;              // span arithmetic

  localparam [2:0]    AXSIZE    = SL[2:0];
  localparam [31:0]   MAX_M1_32 = MAX_BURST - 1;
  localparam [7:0]    MAX_M1    = MAX_M1_32[7:0];
  localparam [SL-1:0] LANE_MAX  = {SL{1'b1}};
  localparam [0:0]    NARROW_EN = (NARROW != 0);

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  // Command register (the part of the command not yet issued as bursts)
  reg                  cmd_valid_q;
  reg [ADDR_WIDTH-1:0] cmd_addr_q;                // next byte
  reg [LEN_WIDTH-1:0]  cmd_rem_q;                 // bytes left (>= 1)
  reg                  cmd_last_q;                // command ends a packet
  reg                  cmd_pad_q;                 // padding: no address request
  // Address register
  reg                  axvalid_q;
  reg [ADDR_WIDTH-1:0] axaddr_q;
  reg [7:0]            axlen_q;
  reg [2:0]            axsize_q;

  // The held command is padding: given so, or everything once stopped (the
  // bursts of a command not yet issued when stop rises make no request).
  wire                 cmd_pad     = cmd_pad_q | stop;

  // ---------------------------------------------------------------------------
  // The next burst of the held command
  // ---------------------------------------------------------------------------
  // span_m1: bytes from the beat-aligned address to the end of the command,
  // minus one; cut by whole beats, the command needs span_m1 / BPB + 1 more
  // beats.
  wire [SL-1:0]        cmd_off     = cmd_addr_q[SL-1:0];
  wire [SW-1:0]        span_m1     = {1'b0, cmd_rem_q} - {{SW-1{1'b0}}, 1'b1}
                                     + {{SW-SL{1'b0}}, cmd_off};
  wire [SW-SL-1:0]     need_m1     = span_m1[SW-1:SL];
  wire [10:0]          to_4k_m1    = {{11-BW{1'b0}}, ~cmd_addr_q[11:SL]};  // beats to 4 KiB - 1
  wire [7:0]           cap_m1      = (to_4k_m1 > {3'b000, MAX_M1}) ? MAX_M1 : to_4k_m1[7:0];
  wire                 span_final  = {1'b0, need_m1} <= {{SW-SL-7{1'b0}}, cap_m1};
  // Cut by whole beats of the span: padding, and everything without NARROW.
  wire                 span_cut    = cmd_pad | ~NARROW_EN;
  // NARROW: whole beats left, and the narrow transfer size.
  wire [LEN_WIDTH-SL-1:0] full     = cmd_rem_q[LEN_WIDTH-1:SL];
  wire                 narrow      = ~span_cut & ((cmd_off != {SL{1'b0}}) |
                                                    (full == {LEN_WIDTH-SL{1'b0}}));
  wire [SL-1:0]        rem_small   = (full != {LEN_WIDTH-SL{1'b0}}) ? LANE_MAX
                                                                    : cmd_rem_q[SL-1:0];
  reg  [2:0]           nlog;       // log2 of the narrow size
  reg  [2:0]           tz, ms;
  integer              nb;
  always @* begin
    // the address's alignment (lowest set bit of the offset) ...
    tz = SL[2:0];
    for (nb = SL - 1; nb >= 0; nb = nb - 1)
      if (cmd_off[nb]) tz = nb[2:0];
    // ... and no more than the bytes left (highest set bit)
    ms = 3'd0;
    for (nb = 0; nb < SL; nb = nb + 1)
      if (rem_small[nb]) ms = nb[2:0];
    nlog = (tz < ms) ? tz : ms;
  end
  wire [SL:0]          nbytes_n    = {{SL{1'b0}}, 1'b1} << nlog;
  wire                 full_fit    = {1'b0, full} <=
                                     {{SW-SL-8{1'b0}}, cap_m1} + 1'b1;
  wire                 full_final  = full_fit & (cmd_rem_q[SL-1:0] == {SL{1'b0}});
  wire [7:0]           full_len_m1 = full_fit ? full[7:0] - 8'd1 : cap_m1;
  wire                 cmd_final   = span_cut ? span_final
                                   : narrow ? (cmd_rem_q == {{LEN_WIDTH-SL-1{1'b0}}, nbytes_n})
                                   : full_final;
  wire [7:0]           len_m1      = span_cut ? (span_final ? need_m1[7:0] : cap_m1)
                                   : narrow ? 8'd0 : full_len_m1;
  wire [SL-1:0]        hi_m1       = span_cut ? (span_final ? span_m1[SL-1:0] : LANE_MAX)
                                   : narrow ? cmd_off + nbytes_n[SL-1:0] - 1'b1
                                   : LANE_MAX;
  // The burst's address and size, and the address and bytes left after it,
  // are computed in the clocked process below.

  wire                 ax_free     = ~axvalid_q | m_ax_ready;
  wire                 issue       = cmd_valid_q & (ax_free | cmd_pad) & m_desc_room & ~flush;
  wire                 cmd_take    = s_cmd_valid & (~cmd_valid_q | (issue & cmd_final)) &
                                     ~flush;

  // ---------------------------------------------------------------------------
  // Registers. The next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge rather than with every
  // change of m_ax_ready or the command inputs.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    reg [8:0]            len;
    reg [ADDR_WIDTH-1:0] cmd_beat;
    reg [ADDR_WIDTH-1:0] addr_next;
    reg [LEN_WIDTH-1:0]  rem_next;
    if (!rst_n) begin
      cmd_valid_q <= 1'b0;
      cmd_addr_q  <= {ADDR_WIDTH{1'b0}};
      cmd_rem_q   <= {LEN_WIDTH{1'b0}};
      cmd_last_q  <= 1'b0;
      cmd_pad_q   <= 1'b0;
      axvalid_q   <= 1'b0;
      axaddr_q    <= {ADDR_WIDTH{1'b0}};
      axlen_q     <= 8'd0;
      axsize_q    <= AXSIZE;
    end else begin
      if (m_ax_ready) axvalid_q <= 1'b0;
      if (issue) begin
        len      = {1'b0, len_m1} + 9'd1;
        cmd_beat = {cmd_addr_q[ADDR_WIDTH-1:SL], {SL{1'b0}}};
        if (!cmd_pad) begin
          axvalid_q <= 1'b1;
          axaddr_q  <= narrow ? cmd_addr_q : cmd_beat;
          axlen_q   <= len_m1;
          axsize_q  <= narrow ? nlog : AXSIZE;
        end
        if (cmd_final) begin
          cmd_valid_q <= 1'b0;
        end else begin
          // Address and bytes left after this (non-final) burst:
          // len * BPB <= 4096 (bytes left: modulo 2**LEN_WIDTH, exact).
          addr_next  = narrow ? cmd_addr_q + {{ADDR_WIDTH-SL-1{1'b0}}, nbytes_n}
                     : cmd_beat + ({{ADDR_WIDTH-9{1'b0}}, len} << SL);
          rem_next   = narrow ? cmd_rem_q - {{LEN_WIDTH-SL-1{1'b0}}, nbytes_n}
                     : span_m1[LEN_WIDTH-1:0] + {{LEN_WIDTH-1{1'b0}}, 1'b1}
                       - ({{LEN_WIDTH-9{1'b0}}, len} << SL);
          cmd_addr_q <= addr_next;
          cmd_rem_q  <= rem_next;
        end
      end
      if (cmd_take) begin
        cmd_valid_q <= 1'b1;
        cmd_addr_q  <= s_cmd_addr;
        cmd_rem_q   <= s_cmd_len;
        cmd_last_q  <= s_cmd_last;
        cmd_pad_q   <= s_cmd_pad;
      end
      if (flush) cmd_valid_q <= 1'b0;
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign s_cmd_ready   = ~cmd_valid_q | (issue & cmd_final) | flush;
  assign m_desc_push   = issue;
  assign m_desc        = {cmd_pad, cmd_final & cmd_last_q, len_m1, hi_m1, cmd_off};
  assign m_ax_addr     = axaddr_q;
  assign m_ax_len      = axlen_q;
  assign m_ax_size     = axsize_q;
  assign m_ax_valid    = axvalid_q;
  assign busy          = axvalid_q | (cmd_valid_q & ~flush);

  // ---------------------------------------------------------------------------
  // Formal properties (docs/formal.md), read only by formal/vio_burst_split.sby,
  // which defines FORMAL_VIO_BURST_SPLIT. A ghost copy of the held command
  // (f_next: its next byte, f_rem: its bytes not yet issued) is advanced by
  // the bytes each descriptor names, so the bursts of every command are
  // checked to cover its range exactly, in order; the address channel is
  // checked against the AXI4 rules and against the descriptor.
  // ---------------------------------------------------------------------------
`ifdef FORMAL_VIO_BURST_SPLIT
  localparam integer F_BEATS_4K = 4096 / BPB;     // beats in a 4 KiB page

  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;
  reg f_rst_n_q = 1'b0;
  always @(posedge clk) f_rst_n_q <= rst_n;
  wire f_run = f_past_valid && f_rst_n_q && rst_n;

  // ---- environment: reset first; a command has at least one byte ----
  always @(*) if (!f_past_valid) assume (!rst_n);
  always @(*) if (s_cmd_valid) assume (s_cmd_len != {LEN_WIDTH{1'b0}});

  // ---- the descriptor ----
  wire          f_d_pad  = m_desc[2*SL+9];
  wire          f_d_last = m_desc[2*SL+8];
  wire [7:0]    f_d_len  = m_desc[2*SL+7:2*SL];
  wire [SL-1:0] f_d_hi   = m_desc[2*SL-1:SL];
  wire [SL-1:0] f_d_lo   = m_desc[SL-1:0];
  // bytes it names: its beats less the lanes below lo and above hi
  wire [31:0]   f_d_bytes = (({24'd0, f_d_len} + 32'd1) << SL)
                            - {{32-SL{1'b0}}, f_d_lo}
                            - {{32-SL{1'b0}}, LANE_MAX - f_d_hi};

  // ---- ghost of the held command ----
  reg                  f_held = 1'b0;
  reg [ADDR_WIDTH-1:0] f_next;          // next byte not yet issued
  reg [LEN_WIDTH-1:0]  f_rem;           // bytes not yet issued
  reg                  f_last, f_pad;
  reg                  f_req;           // an address request made for it
  reg                  f_head;          // NARROW: it began with a narrow head
  reg                  f_full;          // NARROW: a full-width burst of it
  wire                 f_take  = s_cmd_valid && s_cmd_ready && !flush;
  wire [31:0]          f_rem32 = {{32-LEN_WIDTH{1'b0}}, f_rem};
  wire                 f_final = m_desc_push && (f_d_bytes == f_rem32);
  // beat index of f_next in its 4 KiB page, and of the burst's last beat
  wire [31:0]          f_beat0 = {{32-(12-SL){1'b0}}, f_next[11:SL]};
  wire [31:0]          f_beatn = f_beat0 + {24'd0, f_d_len};
  wire                 f_span  = f_d_pad || NARROW == 0;   // cut by whole beats

  always @(posedge clk) begin
    if (!rst_n || flush) begin
      f_held <= 1'b0;
    end else begin
      if (m_desc_push) begin
        f_next <= f_next + f_d_bytes[ADDR_WIDTH-1:0];
        f_rem  <= f_rem - f_d_bytes[LEN_WIDTH-1:0];
        if (!f_d_pad) f_req <= 1'b1;
        if (!f_d_pad && f_d_len == 8'd0 && f_d_lo != {SL{1'b0}}) f_head <= 1'b1;
        if (!f_d_pad && f_d_lo == {SL{1'b0}} && f_d_hi == LANE_MAX) f_full <= 1'b1;
        if (f_final) f_held <= 1'b0;
      end
      if (f_take) begin
        f_held <= 1'b1;
        f_next <= s_cmd_addr;
        f_rem  <= s_cmd_len;
        f_last <= s_cmd_last;
        f_pad  <= s_cmd_pad;
        f_req  <= 1'b0;
        f_head <= 1'b0;
        f_full <= 1'b0;
      end
    end
  end

  // ---- the burst issued, as expected on the address channel next cycle ----
  reg                  f_iss = 1'b0;    // a request was loaded last cycle
  reg [ADDR_WIDTH-1:0] f_iss_addr;
  reg [7:0]            f_iss_len;
  reg [31:0]           f_iss_bytes;
  reg [31:0]           f_iss_rem;
  always @(posedge clk) begin
    f_iss       <= rst_n && m_desc_push && !f_d_pad;
    f_iss_addr  <= f_next;
    f_iss_len   <= f_d_len;
    f_iss_bytes <= f_d_bytes;
    f_iss_rem   <= f_rem32;
  end

  // bytes of the request on the address channel, and its first byte's
  // offset in its 4 KiB page aligned down to the size
  wire [31:0] f_ax_bytes = ({24'd0, m_ax_len} + 32'd1) << m_ax_size;
  wire [31:0] f_ax_first = {20'd0, m_ax_addr[11:0]} >> m_ax_size << m_ax_size;
  wire [31:0] f_ax_step  = 32'd2 << m_ax_size;   // the next size up
  wire [31:0] f_ax_lowb  = {{32-ADDR_WIDTH{1'b0}}, m_ax_addr} & (f_ax_step - 32'd1);

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // ---- bursts: one per held command, exactly its bytes, in order ----
      if (m_desc_push) begin
        assert (f_held && !flush);
        assert (f_d_lo == f_next[SL-1:0]);              // starts at the next byte
        assert ({24'd0, f_d_len} < MAX_BURST);
        if (f_d_len == 8'd0) assert (f_d_hi >= f_d_lo);
        assert (f_d_bytes <= f_rem32);                  // no byte past the end
        assert (f_beatn < F_BEATS_4K);                  // never crosses 4 KiB
        assert (f_d_last == (f_final && f_last));
        assert (f_d_pad == (f_pad || stop));
        if (f_span && !f_final) begin
          // a burst ends at a beat's end; only the final one is shorter
          // than MAX_BURST beats and the 4 KiB page allow
          assert (f_d_hi == LANE_MAX);
          assert (f_d_len == MAX_M1 || f_beatn == F_BEATS_4K - 1);
        end
        if (!f_span) begin
          if (f_d_len != 8'd0 || (f_d_lo == {SL{1'b0}} && f_d_hi == LANE_MAX)) begin
            // full-width: whole beats; only the last before a tail is shorter
            assert (f_d_lo == {SL{1'b0}} && f_d_hi == LANE_MAX);
            if (!f_final)
              assert (f_d_len == MAX_M1 || f_beatn == F_BEATS_4K - 1
                      || f_rem32 - f_d_bytes < BPB);
          end else begin
            // a narrow transfer: only for an unaligned head or a short tail
            assert (f_next[SL-1:0] != {SL{1'b0}} || f_rem32 < BPB);
          end
        end
      end
      assert (s_cmd_ready == (!f_held || flush || f_final));
      assert (busy == (m_ax_valid || (f_held && !flush)));

      // ---- the address channel: legal AXI4 INCR bursts ----
      if (m_ax_valid) begin
        assert (m_ax_size <= AXSIZE);
        assert ({24'd0, m_ax_len} < MAX_BURST);
        assert (f_ax_first + f_ax_bytes <= 32'd4096);
        assert (({{32-ADDR_WIDTH{1'b0}}, m_ax_addr} & ((32'd1 << m_ax_size) - 32'd1))
                == 32'd0);
        if (NARROW == 0 || m_ax_len != 8'd0) assert (m_ax_size == AXSIZE);
      end

      // ---- invariants: the command register against the ghost ----
      assert (cmd_valid_q == f_held);
      if (f_held) begin
        assert (cmd_addr_q == f_next && cmd_rem_q == f_rem);
        assert (cmd_last_q == f_last && cmd_pad_q == f_pad);
        assert (f_rem != {LEN_WIDTH{1'b0}});
      end
    end
  end

  always @(posedge clk) begin
    if (f_past_valid && !$past(rst_n)) assert (!m_ax_valid);
    if (f_run) begin
      // held stable until accepted, whatever flush and stop do
      if ($past(m_ax_valid && !m_ax_ready))
        assert (m_ax_valid && $stable(m_ax_addr) && $stable(m_ax_len)
                && $stable(m_ax_size));
      // a new request only for a burst that is not padding
      if (m_ax_valid && !$past(m_ax_valid && !m_ax_ready)) assert (f_iss);
      // the request is the burst issued: its bytes exactly
      if (f_iss) begin
        assert (m_ax_valid && m_ax_len == f_iss_len);
        if (NARROW == 0) begin
          assert (m_ax_addr == {f_iss_addr[ADDR_WIDTH-1:SL], {SL{1'b0}}});
        end else begin
          assert (m_ax_addr == f_iss_addr);
          assert (f_ax_bytes == f_iss_bytes);
          // a narrow transfer is as large as its alignment and bytes allow
          if (m_ax_size < AXSIZE)
            assert (f_ax_lowb != 32'd0 || f_ax_step > f_iss_rem);
        end
      end
      // flush: nothing issued, in that cycle or the next
      if ($past(flush)) assert (!m_desc_push);
    end
  end

  // ---- covers ----
  always @(posedge clk) begin
    if (f_run) begin
      // a command split at a 4 KiB boundary before MAX_BURST beats
      cover (m_desc_push && !f_final && !f_d_pad && f_beatn == F_BEATS_4K - 1
             && f_d_len != MAX_M1);
      // a multi-beat burst accepted after back-pressure
      cover ($past(m_ax_valid && !m_ax_ready) && m_ax_valid && m_ax_ready
             && m_ax_len != 8'd0);
      // the next burst issued as the last one is accepted
      cover (m_desc_push && !f_d_pad && m_ax_valid && m_ax_ready);
      // stop in the middle of a command: the rest is padding
      cover (m_desc_push && stop && f_req && !f_pad);
      // a padding command of more than one burst
      cover (m_desc_push && f_pad && f_final && f_next[SL-1:0] == {SL{1'b0}}
             && $past(m_desc_push && f_pad));
      // a command taken with the previous one's final burst
      cover (f_final && s_cmd_valid && f_d_last);
      // flush drops a held command while a request waits
      cover (flush && f_held && m_ax_valid && !m_ax_ready);
      if (NARROW != 0) begin
        // narrow head, full-width bursts, narrow tail: all of one command
        cover (m_desc_push && f_final && f_head && f_full && !f_d_pad
               && f_d_len == 8'd0 && f_d_lo == {SL{1'b0}} && f_d_hi != LANE_MAX);
      end else begin
        // an unaligned head and tail in one multi-beat burst
        cover (m_desc_push && f_final && !f_d_pad && f_d_len != 8'd0
               && f_d_lo != {SL{1'b0}} && f_d_hi != LANE_MAX);
      end
    end
  end
`endif

endmodule

`default_nettype wire
