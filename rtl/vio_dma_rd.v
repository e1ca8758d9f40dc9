`default_nettype none

/// DMA read master: turns byte-range read commands into AXI4 INCR read bursts
/// and delivers the bytes as a packed stream.
///
/// Commands and packets:
/// - A command names a byte range [s_cmd_addr, s_cmd_addr + s_cmd_len) with any
///   alignment and s_cmd_len >= 1 (0 is not allowed). The bytes of consecutive
///   commands up to and including one with s_cmd_last form one packet: they
///   are concatenated and packed into the output stream.
/// - Output stream (m_*): byte k of a packet is in beat k / BPB at lane
///   k % BPB (BPB = DATA_WIDTH/8, lane b = bits 8b+7:8b). Every beat carries
///   BPB bytes except the last of the packet (m_last), which carries the
///   remaining 1..BPB bytes in the low lanes; its upper lanes are 0. m_err is
///   valid with m_last: some R beat of the packet had RRESP != OKAY (the data
///   of such beats is delivered anyway). m_err is 0 on other beats.
///
/// Bursts:
/// - Each command is split into INCR bursts of at most MAX_BURST beats that
///   never cross a 4 KiB boundary: full-width bursts (ARSIZE = log2(BPB))
///   over the whole beats of the range, and narrow single transfers of a
///   naturally aligned power-of-two size for an unaligned head or a short
///   tail, so no byte outside the command's range is read. The lanes of each
///   R beat are extracted, rotated into place and packed behind the bytes
///   already held.
/// - One burst can be issued per cycle, so AR requests go out back to back.
///   Up to MAX_OUTSTANDING bursts are in flight: counted from the cycle the
///   burst is loaded into the AR register until its last R beat is accepted.
///   Their descriptors wait in a FIFO; all use ARID = AXI_ID, so R beats come
///   back in order. The burst length is counted here; RLAST and RID are not
///   looked at.
///
/// Flow control and throughput:
/// - The output is a 3-entry queue whose head drives m_* from registers. An R
///   beat turns into 0, 1 or 2 output beats (2 when it ends a packet and the
///   bytes held plus its own are more than one beat). RREADY is high when a
///   burst is outstanding and the queue has room for the beats the next R
///   beat turns into, whatever m_ready does; it depends only on registers.
/// - With RVALID and m_ready high, one R beat is accepted every cycle: the
///   output carries one beat per cycle whenever the R channel brings BPB new
///   bytes per cycle (any long command), with no bubble between bursts,
///   commands or packets. A packet can never have more output beats than R
///   beats, so the queue never fills up when m_ready stays high.
/// - s_cmd_ready is high when the command register is empty or its last
///   burst is being issued this cycle (which depends on m_axi_arready), so one
///   command per cycle can be taken.
/// - m_valid, m_data, m_last, m_err and the AR channel come from registers and
///   are held stable until accepted; no beat is dropped.
///
/// busy is high while a command is held, a burst is outstanding, or bytes of a
/// packet are held (in the packer or the output queue): bytes of a packet
/// whose final command has not been given yet count as not delivered (during
/// a flush: only while a burst is outstanding).
module vio_dma_rd #(
  /// AXI4 data width and stream width in bits: 32, 64, 128 or 256.
  parameter integer DATA_WIDTH      = 64,
  /// AXI4 address width in bits (12..64).
  parameter integer ADDR_WIDTH      = 64,
  /// AXI4 ID width in bits (1..32).
  parameter integer ID_WIDTH        = 4,
  /// ARID of every burst (0 .. 2**ID_WIDTH-1).
  parameter integer AXI_ID          = 0,
  /// Width of s_cmd_len in bits (12..ADDR_WIDTH).
  parameter integer LEN_WIDTH       = 32,
  /// Maximum burst length in beats: a power of two, 1..256.
  parameter integer MAX_BURST       = 64,
  /// Maximum number of bursts in flight: a power of two, 1..256.
  parameter integer MAX_OUTSTANDING = 4
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                  clk,
  /// Synchronous active-low reset.
  input  wire                  rst_n,
  /// Stop: no new AR request from now on; what is left of the held command
  /// and every later command become padding (the stream stays exact).
  /// Bursts already requested complete.
  input  wire                  stop,
  /// Flush (level): no new AR request; the held command and every command
  /// given are dropped, R beats of the bursts already requested are taken
  /// and dropped, and the packer and the output queue are emptied (m_valid
  /// low). busy falls once the last of those bursts is done; the module is
  /// then back in its reset state. For a reset of what feeds and drains it:
  /// the drain takes only the bursts in flight, whoever stopped listening.
  input  wire                  flush,

  // ---------------------------------------------------------------------------
  // Command
  // ---------------------------------------------------------------------------
  /// Command valid.
  input  wire                  s_cmd_valid,
  /// Command ready (command register empty or being emptied this cycle).
  output wire                  s_cmd_ready,
  /// First byte address (any alignment).
  input  wire [ADDR_WIDTH-1:0] s_cmd_addr,
  /// Number of bytes, >= 1.
  input  wire [LEN_WIDTH-1:0]  s_cmd_len,
  /// This command ends a packet.
  input  wire                  s_cmd_last,
  /// Padding: the command's bytes are zeros, made here without any bus
  /// access (they still take their place in the packet, in order).
  input  wire                  s_cmd_pad,

  // ---------------------------------------------------------------------------
  // Output packed stream
  // ---------------------------------------------------------------------------
  /// Output beat valid.
  output wire                  m_valid,
  /// Output beat ready.
  input  wire                  m_ready,
  /// Packed packet bytes; upper lanes of the last beat are 0.
  output wire [DATA_WIDTH-1:0] m_data,
  /// Last beat of the packet.
  output wire                  m_last,
  /// With m_last: some R beat of the packet had RRESP != OKAY.
  output wire                  m_err,

  // ---------------------------------------------------------------------------
  // AXI4 master read address channel
  // ---------------------------------------------------------------------------
  /// Read address ID (always AXI_ID).
  output wire [ID_WIDTH-1:0]   m_axi_arid,
  /// Read address, aligned to DATA_WIDTH/8.
  output wire [ADDR_WIDTH-1:0] m_axi_araddr,
  /// Burst length minus one.
  output wire [7:0]            m_axi_arlen,
  /// Beat size, log2(DATA_WIDTH/8).
  output wire [2:0]            m_axi_arsize,
  /// Burst type, always INCR.
  output wire [1:0]            m_axi_arburst,
  /// Read address valid.
  output wire                  m_axi_arvalid,
  /// Read address ready.
  input  wire                  m_axi_arready,

  // ---------------------------------------------------------------------------
  // AXI4 master read data channel
  // ---------------------------------------------------------------------------
  /// Read ID (not looked at: every burst has ARID = AXI_ID).
  input  wire [ID_WIDTH-1:0]   m_axi_rid,
  /// Read data.
  input  wire [DATA_WIDTH-1:0] m_axi_rdata,
  /// Read response; anything but OKAY sets m_err of the packet.
  input  wire [1:0]            m_axi_rresp,
  /// Last beat of a burst (not looked at: burst lengths are counted).
  input  wire                  m_axi_rlast,
  /// Read data valid.
  input  wire                  m_axi_rvalid,
  /// Read data ready (depends only on registers).
  output wire                  m_axi_rready,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// A command, a burst or undelivered bytes are in progress.
  output wire                  busy
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
    begin : g_bad_data_width
      vio_dma_rd_error_DATA_WIDTH_must_be_32_64_128_or_256 u_param_error ();
    end
    if (ADDR_WIDTH < 12 || ADDR_WIDTH > 64) begin : g_bad_addr_width
      vio_dma_rd_error_ADDR_WIDTH_must_be_12_to_64 u_param_error ();
    end
    if (ID_WIDTH < 1 || ID_WIDTH > 32) begin : g_bad_id_width
      vio_dma_rd_error_ID_WIDTH_must_be_1_to_32 u_param_error ();
    end
    if (AXI_ID < 0 || (ID_WIDTH < 31 && AXI_ID >= (1 << ID_WIDTH))) begin : g_bad_axi_id
      vio_dma_rd_error_AXI_ID_must_fit_in_ID_WIDTH u_param_error ();
    end
    if (LEN_WIDTH < 12 || LEN_WIDTH > ADDR_WIDTH) begin : g_bad_len_width
      vio_dma_rd_error_LEN_WIDTH_must_be_12_to_ADDR_WIDTH u_param_error ();
    end
    if (MAX_BURST < 1 || MAX_BURST > 256 || (MAX_BURST & (MAX_BURST - 1)) != 0)
    begin : g_bad_max_burst
      vio_dma_rd_error_MAX_BURST_must_be_power_of_2_1_to_256 u_param_error ();
    end
    if (MAX_OUTSTANDING < 1 || MAX_OUTSTANDING > 256
        || (MAX_OUTSTANDING & (MAX_OUTSTANDING - 1)) != 0)
    begin : g_bad_max_outstanding
      vio_dma_rd_error_MAX_OUTSTANDING_must_be_power_of_2_1_to_256 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer BPB   = DATA_WIDTH / 8;            // bytes per beat
  localparam integer SL    = $clog2(BPB);               // log2(BPB): 2..5
  localparam integer PW    = (MAX_OUTSTANDING > 1) ? $clog2(MAX_OUTSTANDING) : 1;
  localparam integer CW    = $clog2(MAX_OUTSTANDING + 1);  // burst counter
  localparam integer MW    = 2 * SL + 10;               // descriptor width
  localparam integer BW    = 12 - SL;                   // beat index in 4 KiB
  localparam integer SW    = LEN_WIDTH + 1;             // span arithmetic

  localparam [2:0]            AXSIZE     = SL[2:0];
  localparam [1:0]            BURST_INCR = 2'b01;
  localparam [1:0]            RESP_OKAY  = 2'b00;
  localparam [ID_WIDTH-1:0]   ARID       = AXI_ID[ID_WIDTH-1:0];
  localparam [31:0]           MAX_M1_32  = MAX_BURST - 1;
  localparam [31:0]           BPB_32     = BPB;
  localparam [31:0]           OUTST_32   = MAX_OUTSTANDING;
  localparam [31:0]           PTR_LAST_32 = MAX_OUTSTANDING - 1;
  localparam [7:0]            MAX_M1     = MAX_M1_32[7:0];
  localparam [SL-1:0]         LANE_MAX   = {SL{1'b1}};
  localparam [SL:0]           BPB_W      = BPB_32[SL:0];
  localparam [CW-1:0]         OUTST_MAX  = OUTST_32[CW-1:0];
  localparam [PW-1:0]         PTR_LAST   = PTR_LAST_32[PW-1:0];

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  // Command register (the part of the command not yet issued as bursts)
  reg                   cmd_valid_q, cmd_valid_d;
  reg [ADDR_WIDTH-1:0]  cmd_addr_q,  cmd_addr_d;    // next byte to request
  reg [LEN_WIDTH-1:0]   cmd_rem_q,   cmd_rem_d;     // bytes left (>= 1)
  reg                   cmd_last_q,  cmd_last_d;    // command ends a packet
  reg                   cmd_pad_q,   cmd_pad_d;     // padding: no AR
  // AR register
  reg                   arvalid_q,   arvalid_d;
  reg [ADDR_WIDTH-1:0]  araddr_q,    araddr_d;
  reg [7:0]             arlen_q,     arlen_d;
  reg [2:0]             arsize_q,    arsize_d;
  // Burst descriptor FIFO: {pad, pkt_last, len_m1[7:0], hi_m1[SL-1:0], lo[SL-1:0]}
  reg [MAX_OUTSTANDING*MW-1:0] fifo_q, fifo_d;
  reg [PW-1:0]          wr_ptr_q,    wr_ptr_d;
  reg [PW-1:0]          rd_ptr_q,    rd_ptr_d;
  reg [CW-1:0]          outst_q,     outst_d;       // descriptors in the FIFO
  reg [7:0]             beat_q,      beat_d;        // R beats taken of the head
  // Packer: bytes held for the next output beat (lanes >= fill are 0)
  reg [DATA_WIDTH-1:0]  acc_q,       acc_d;
  reg [SL-1:0]          fill_q,      fill_d;
  reg                   err_q,       err_d;         // error seen in the packet
  // Output queue, entry 0 drives m_*
  reg [1:0]             occ_q,       occ_d;         // entries used (0..3)
  reg [DATA_WIDTH-1:0]  q0_data_q,   q0_data_d;
  reg                   q0_last_q,   q0_last_d;
  reg                   q0_err_q,    q0_err_d;
  reg [DATA_WIDTH-1:0]  q1_data_q,   q1_data_d;
  reg                   q1_last_q,   q1_last_d;
  reg                   q1_err_q,    q1_err_d;
  reg [DATA_WIDTH-1:0]  q2_data_q,   q2_data_d;
  reg                   q2_last_q,   q2_last_d;
  reg                   q2_err_q,    q2_err_d;

  // The held command is padding: given so, or everything once stopped (the
  // bursts of a command not yet issued when stop rises make no AR).
  wire                  cmd_pad    = cmd_pad_q | stop;

  // ---------------------------------------------------------------------------
  // Burst splitter: the next burst of the held command
  // ---------------------------------------------------------------------------
  // Reads are byte-precise, so the memory sees no byte outside the command:
  // an unaligned head, and a tail shorter than a beat, go as single-beat
  // narrow transfers of a naturally aligned power-of-two size (at most
  // log2(BPB) of each); the aligned middle goes as full-width bursts.
  // Padding makes no bus access, so it is cut by whole beats of its span.
  //
  // span_m1: bytes from the beat-aligned address to the end of the command,
  // minus one (padding: it needs span_m1 / BPB + 1 more beats).
  wire [SL-1:0]        cmd_off     = cmd_addr_q[SL-1:0];
  wire [SW-1:0]        span_m1     = {1'b0, cmd_rem_q} - {{SW-1{1'b0}}, 1'b1}
                                     + {{SW-SL{1'b0}}, cmd_off};
  wire [SW-SL-1:0]     need_m1     = span_m1[SW-1:SL];
  wire [10:0]          to_4k_m1    = {{11-BW{1'b0}}, ~cmd_addr_q[11:SL]};  // beats to 4 KiB - 1
  wire [7:0]           cap_m1      = (to_4k_m1 > {3'b000, MAX_M1}) ? MAX_M1 : to_4k_m1[7:0];
  wire                 pad_final   = {1'b0, need_m1} <= {{SW-SL-7{1'b0}}, cap_m1};
  // Real commands: whole beats left, and the narrow transfer size.
  wire [LEN_WIDTH-SL-1:0] full     = cmd_rem_q[LEN_WIDTH-1:SL];
  wire                 narrow      = ~cmd_pad & ((cmd_off != {SL{1'b0}}) |
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
  wire                 cmd_final   = cmd_pad ? pad_final
                                   : narrow ? (cmd_rem_q == {{LEN_WIDTH-SL-1{1'b0}}, nbytes_n})
                                   : full_final;
  wire [7:0]           len_m1      = cmd_pad ? (pad_final ? need_m1[7:0] : cap_m1)
                                   : narrow ? 8'd0 : full_len_m1;
  wire [SL-1:0]        hi_m1       = cmd_pad ? (pad_final ? span_m1[SL-1:0] : LANE_MAX)
                                   : narrow ? cmd_off + nbytes_n[SL-1:0] - 1'b1
                                   : LANE_MAX;
  wire [2:0]           ar_size     = narrow ? nlog : AXSIZE;
  wire [8:0]           len         = {1'b0, len_m1} + 9'd1;
  wire [ADDR_WIDTH-1:0] cmd_beat   = {cmd_addr_q[ADDR_WIDTH-1:SL], {SL{1'b0}}};
  // Address and bytes left after this (non-final) burst: len * BPB <= 4096.
  wire [ADDR_WIDTH-1:0] addr_next  = narrow ? cmd_addr_q + {{ADDR_WIDTH-SL-1{1'b0}}, nbytes_n}
                                   : cmd_beat + ({{ADDR_WIDTH-9{1'b0}}, len} << SL);
  wire [SW-1:0]        rem_next    = narrow ? {1'b0, cmd_rem_q} - {{SW-SL-1{1'b0}}, nbytes_n}
                                   : span_m1 + {{SW-1{1'b0}}, 1'b1}
                                     - ({{SW-9{1'b0}}, len} << SL);

  wire                 ar_free     = ~arvalid_q | m_axi_arready;
  wire                 issue       = cmd_valid_q & (ar_free | cmd_pad) &
                                     (outst_q != OUTST_MAX) & ~flush;
  wire                 cmd_take    = s_cmd_valid & (~cmd_valid_q | (issue & cmd_final)) &
                                     ~flush;
  wire [MW-1:0]        desc_new    = {cmd_pad, cmd_final & cmd_last_q, len_m1, hi_m1,
                                      cmd_off};

  // ---------------------------------------------------------------------------
  // R side: the head descriptor and the current beat's byte range
  // ---------------------------------------------------------------------------
  wire [MW-1:0]        head        = fifo_q[rd_ptr_q*MW +: MW];
  wire [SL-1:0]        head_lo     = head[SL-1:0];
  wire [SL-1:0]        head_hi_m1  = head[2*SL-1:SL];
  wire [7:0]           head_len_m1 = head[2*SL+7:2*SL];
  wire                 head_plast  = head[2*SL+8];
  wire                 head_pad    = head[2*SL+9];  // beats made here, zeros
  wire                 beat_first  = (beat_q == 8'd0);
  wire                 beat_last   = (beat_q == head_len_m1);
  wire [SL-1:0]        lo          = beat_first ? head_lo : {SL{1'b0}};
  wire [SL-1:0]        hi_m1_b     = beat_last ? head_hi_m1 : LANE_MAX;
  // Bytes in this beat (1..BPB) and bytes held once it is added (< 2 * BPB).
  wire [SL:0]          nbytes      = {1'b0, hi_m1_b} - {1'b0, lo} + {{SL{1'b0}}, 1'b1};
  wire [SL:0]          total       = {1'b0, fill_q} + nbytes;
  wire                 plast       = beat_last & head_plast;  // ends the packet
  wire                 total_full  = total[SL];               // total >= BPB
  wire                 total_over  = total > BPB_W;           // total > BPB
  // Output beats this R beat turns into.
  wire [1:0]           produce     = plast ? (total_over ? 2'd2 : 2'd1)
                                           : {1'b0, total_full};
  wire [2:0]           occ_after   = {1'b0, occ_q} + {1'b0, produce};
  wire                 rready      = (outst_q != {CW{1'b0}}) &
                                     (flush | (occ_after <= 3'd3));
  wire                 r_take      = (m_axi_rvalid | head_pad) & rready;
  wire                 r_bad       = ~head_pad & (m_axi_rresp != RESP_OKAY);
  wire [DATA_WIDTH-1:0] r_data     = head_pad ? {DATA_WIDTH{1'b0}} : m_axi_rdata;

  // Packer data path: rotate the R beat so that lane lo lands on lane fill.
  // Output beat A = held bytes plus lanes fill..total-1; beat B (residual) =
  // lanes 0..total-BPB-1 when the bytes spill past one beat.
  wire [SL-1:0]           rot_amt  = lo - fill_q;
  wire [2*DATA_WIDTH-1:0] rot_dbl  = {r_data, r_data} >> {rot_amt, 3'b000};
  wire [DATA_WIDTH-1:0]   rot      = rot_dbl[DATA_WIDTH-1:0];
  // Lanes fill..BPB-1, and lanes below total over two beats.
  wire [BPB-1:0]          lane_ge_fill = {BPB{1'b1}} << fill_q;
  wire [2*BPB-1:0]        lane_lt_total = ~({2*BPB{1'b1}} << total);
  wire [BPB-1:0]          lane_a   = lane_ge_fill & lane_lt_total[BPB-1:0];
  wire [BPB-1:0]          lane_b   = lane_lt_total[2*BPB-1:BPB];
  wire [DATA_WIDTH-1:0]   mask_a;
  wire [DATA_WIDTH-1:0]   mask_b;

  genvar gl;
  generate
    for (gl = 0; gl < BPB; gl = gl + 1) begin : g_lane
      assign mask_a[8*gl +: 8] = {8{lane_a[gl]}};
      assign mask_b[8*gl +: 8] = {8{lane_b[gl]}};
    end
  endgenerate

  wire [DATA_WIDTH-1:0] beat_a = acc_q | (rot & mask_a);
  wire [DATA_WIDTH-1:0] beat_b = rot & mask_b;
  wire                  err_all = err_q | r_bad;

  // ---------------------------------------------------------------------------
  // Output queue
  // ---------------------------------------------------------------------------
  wire       q_pop  = (occ_q != 2'd0) & m_ready;
  wire [1:0] q_base = occ_q - {1'b0, q_pop};  // first free entry after the pop

  // ---------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------
  always @* begin
    // Defaults: hold everything.
    cmd_valid_d = cmd_valid_q;
    cmd_addr_d  = cmd_addr_q;
    cmd_rem_d   = cmd_rem_q;
    cmd_last_d  = cmd_last_q;
    cmd_pad_d   = cmd_pad_q;
    arvalid_d   = arvalid_q;
    araddr_d    = araddr_q;
    arlen_d     = arlen_q;
    arsize_d    = arsize_q;
    fifo_d      = fifo_q;
    wr_ptr_d    = wr_ptr_q;
    rd_ptr_d    = rd_ptr_q;
    outst_d     = outst_q;
    beat_d      = beat_q;
    acc_d       = acc_q;
    fill_d      = fill_q;
    err_d       = err_q;
    occ_d       = occ_q;
    q0_data_d   = q0_data_q;
    q0_last_d   = q0_last_q;
    q0_err_d    = q0_err_q;
    q1_data_d   = q1_data_q;
    q1_last_d   = q1_last_q;
    q1_err_d    = q1_err_q;
    q2_data_d   = q2_data_q;
    q2_last_d   = q2_last_q;
    q2_err_d    = q2_err_q;

    // ---- AR channel and burst splitter ----
    if (m_axi_arready) arvalid_d = 1'b0;
    if (issue) begin
      if (!cmd_pad) begin
        arvalid_d = 1'b1;
        araddr_d  = narrow ? cmd_addr_q : cmd_beat;
        arlen_d   = len_m1;
        arsize_d  = ar_size;
      end
      fifo_d[wr_ptr_q*MW +: MW] = desc_new;
      wr_ptr_d  = (wr_ptr_q == PTR_LAST) ? {PW{1'b0}} : wr_ptr_q + {{PW-1{1'b0}}, 1'b1};
      if (cmd_final) begin
        cmd_valid_d = 1'b0;
      end else begin
        cmd_addr_d = addr_next;
        cmd_rem_d  = rem_next[LEN_WIDTH-1:0];
      end
    end
    if (cmd_take) begin
      cmd_valid_d = 1'b1;
      cmd_addr_d  = s_cmd_addr;
      cmd_rem_d   = s_cmd_len;
      cmd_last_d  = s_cmd_last;
      cmd_pad_d   = s_cmd_pad;
    end

    // ---- R channel: beat counting ----
    if (r_take) begin
      if (beat_last) begin
        beat_d   = 8'd0;
        rd_ptr_d = (rd_ptr_q == PTR_LAST) ? {PW{1'b0}} : rd_ptr_q + {{PW-1{1'b0}}, 1'b1};
      end else begin
        beat_d = beat_q + 8'd1;
      end
    end
    outst_d = outst_q + {{CW-1{1'b0}}, issue} - {{CW-1{1'b0}}, r_take & beat_last};

    // ---- packer ----
    if (r_take) begin
      if (plast) begin
        acc_d  = {DATA_WIDTH{1'b0}};
        fill_d = {SL{1'b0}};
        err_d  = 1'b0;
      end else begin
        acc_d  = total_full ? beat_b : beat_a;
        fill_d = total[SL-1:0];
        err_d  = err_all;
      end
    end

    // ---- output queue: shift out the head, then append beat A and beat B ----
    if (q_pop) begin
      q0_data_d = q1_data_q;
      q0_last_d = q1_last_q;
      q0_err_d  = q1_err_q;
      q1_data_d = q2_data_q;
      q1_last_d = q2_last_q;
      q1_err_d  = q2_err_q;
    end
    if (r_take && produce != 2'd0) begin
      case (q_base)
        2'd0: begin
          q0_data_d = beat_a;
          q0_last_d = plast & ~total_over;
          q0_err_d  = plast & ~total_over & err_all;
          q1_data_d = beat_b;
          q1_last_d = 1'b1;
          q1_err_d  = err_all;
        end
        2'd1: begin
          q1_data_d = beat_a;
          q1_last_d = plast & ~total_over;
          q1_err_d  = plast & ~total_over & err_all;
          q2_data_d = beat_b;
          q2_last_d = 1'b1;
          q2_err_d  = err_all;
        end
        2'd2: begin
          q2_data_d = beat_a;
          q2_last_d = plast & ~total_over;
          q2_err_d  = plast & ~total_over & err_all;
        end
        default: begin
          // Not reached: rready keeps occ_q + produce <= 3.
        end
      endcase
    end
    occ_d = q_base + (r_take ? produce : 2'd0);

    // ---- flush: drop the command, the held bytes and the queue ----
    if (flush) begin
      cmd_valid_d = 1'b0;
      acc_d       = {DATA_WIDTH{1'b0}};
      fill_d      = {SL{1'b0}};
      err_d       = 1'b0;
      occ_d       = 2'd0;
    end
  end

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin
    if (!rst_n) begin
      cmd_valid_q <= 1'b0;
      cmd_addr_q  <= {ADDR_WIDTH{1'b0}};
      cmd_rem_q   <= {LEN_WIDTH{1'b0}};
      cmd_last_q  <= 1'b0;
      cmd_pad_q   <= 1'b0;
      arvalid_q   <= 1'b0;
      araddr_q    <= {ADDR_WIDTH{1'b0}};
      arlen_q     <= 8'd0;
      arsize_q    <= AXSIZE;
      fifo_q      <= {MAX_OUTSTANDING*MW{1'b0}};
      wr_ptr_q    <= {PW{1'b0}};
      rd_ptr_q    <= {PW{1'b0}};
      outst_q     <= {CW{1'b0}};
      beat_q      <= 8'd0;
      acc_q       <= {DATA_WIDTH{1'b0}};
      fill_q      <= {SL{1'b0}};
      err_q       <= 1'b0;
      occ_q       <= 2'd0;
      q0_data_q   <= {DATA_WIDTH{1'b0}};
      q0_last_q   <= 1'b0;
      q0_err_q    <= 1'b0;
      q1_data_q   <= {DATA_WIDTH{1'b0}};
      q1_last_q   <= 1'b0;
      q1_err_q    <= 1'b0;
      q2_data_q   <= {DATA_WIDTH{1'b0}};
      q2_last_q   <= 1'b0;
      q2_err_q    <= 1'b0;
    end else begin
      cmd_valid_q <= cmd_valid_d;
      cmd_addr_q  <= cmd_addr_d;
      cmd_rem_q   <= cmd_rem_d;
      cmd_last_q  <= cmd_last_d;
      cmd_pad_q   <= cmd_pad_d;
      arvalid_q   <= arvalid_d;
      araddr_q    <= araddr_d;
      arlen_q     <= arlen_d;
      arsize_q    <= arsize_d;
      fifo_q      <= fifo_d;
      wr_ptr_q    <= wr_ptr_d;
      rd_ptr_q    <= rd_ptr_d;
      outst_q     <= outst_d;
      beat_q      <= beat_d;
      acc_q       <= acc_d;
      fill_q      <= fill_d;
      err_q       <= err_d;
      occ_q       <= occ_d;
      q0_data_q   <= q0_data_d;
      q0_last_q   <= q0_last_d;
      q0_err_q    <= q0_err_d;
      q1_data_q   <= q1_data_d;
      q1_last_q   <= q1_last_d;
      q1_err_q    <= q1_err_d;
      q2_data_q   <= q2_data_d;
      q2_last_q   <= q2_last_d;
      q2_err_q    <= q2_err_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign s_cmd_ready   = ~cmd_valid_q | (issue & cmd_final) | flush;
  assign m_valid       = (occ_q != 2'd0) & ~flush;
  assign m_data        = q0_data_q;
  assign m_last        = q0_last_q;
  assign m_err         = q0_err_q;
  assign m_axi_arid    = ARID;
  assign m_axi_araddr  = araddr_q;
  assign m_axi_arlen   = arlen_q;
  assign m_axi_arsize  = arsize_q;
  assign m_axi_arburst = BURST_INCR;
  assign m_axi_arvalid = arvalid_q;
  assign m_axi_rready  = rready & ~head_pad;
  assign busy          = arvalid_q | (outst_q != {CW{1'b0}}) |
                         (~flush & (cmd_valid_q | (fill_q != {SL{1'b0}}) |
                                    (occ_q != 2'd0)));

  // Inputs that are part of the AXI4 interface but not needed here.
  // The upper half of the rotator and the top bit of the remaining-bytes
  // arithmetic (never set for a non-final burst) are not needed.
  wire unused_ok = &{1'b0, m_axi_rid, m_axi_rlast, rot_dbl[2*DATA_WIDTH-1:DATA_WIDTH],
                     rem_next[SW-1], 1'b0};

endmodule

`default_nettype wire
