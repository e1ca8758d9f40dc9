`default_nettype none

/// DMA write master: takes the bytes of a packed input stream and writes them
/// to byte ranges named by commands, with AXI4 INCR write bursts.
///
/// Commands and packets:
/// - A command names a byte range [s_cmd_addr, s_cmd_addr + s_cmd_len) with any
///   alignment and s_cmd_len >= 1 (0 is not allowed). Consecutive commands up
///   to and including one with s_cmd_last form a packet. The packet's bytes
///   are taken from the input stream in order: the first command takes the
///   first s_cmd_len bytes, the next continues at the next byte, and so on.
///   After the packet's last command the rest of the current stream beat is
///   discarded; the next packet starts at a new beat.
/// - Input stream (s_*): byte k of a packet is in beat k / BPB at lane k % BPB
///   (BPB = DATA_WIDTH/8, lane b = bits 8b+7:8b); the last beat of a packet
///   carries 1..BPB bytes in its low lanes (the upper lanes are ignored).
///   The stream has no last flag: packet ends are known from the commands.
///
/// Bursts:
/// - Each command is split into full-width INCR bursts (AWSIZE = log2(BPB),
///   AWADDR aligned down to the beat) of at most MAX_BURST beats that never
///   cross a 4 KiB boundary. WSTRB marks exactly the command's bytes in each
///   beat: never a byte outside [s_cmd_addr, s_cmd_addr + s_cmd_len). WDATA
///   lanes without a strobe carry don't-care bytes.
/// - The stream is realigned to each destination's byte offset from a window
///   of two stream beats (one shifter), so a W beat may take bytes from the
///   end of one stream beat and the start of the next.
/// - One burst can be issued per cycle, AW running ahead of the data (AW may
///   be issued before its data has arrived). Up to MAX_OUTSTANDING bursts are
///   in flight: counted from the cycle the burst is loaded into the AW
///   register until its B response. Their descriptors wait in one FIFO read
///   by the W side and, later, by the B side. All use AWID = AXI_ID, so B
///   responses come back in order. BID is not looked at; BREADY is low only
///   while a padding burst heads the B side.
///
/// Done:
/// - m_done pulses for one cycle per packet, in packet order, in the cycle
///   after the B response of the packet's last burst (every earlier burst has
///   had its B by then). m_done_err comes with it: some BRESP of the packet
///   was not OKAY. There is no back-pressure.
///
/// Flow control and throughput:
/// - The input side is a 3-entry stream buffer; s_ready = buffer not full
///   (depends only on registers). With s_valid and WREADY high, one W beat goes
///   out every cycle for long commands, aligned or not.
/// - s_cmd_ready is high when the command register is empty or its last
///   burst is being issued this cycle (which depends on m_axi_awready).
/// - AW and W come from registers and are held stable until accepted.
///
/// busy is high while a command is held, a burst has not had its B response,
/// a done pulse is being given, or stream beats wait in the input buffer
/// (during a flush: only while a burst has not had its B response).
module vio_dma_wr #(
  /// AXI4 data width and stream width in bits: 32, 64, 128 or 256.
  parameter integer DATA_WIDTH      = 64,
  /// AXI4 address width in bits (12..64).
  parameter integer ADDR_WIDTH      = 64,
  /// AXI4 ID width in bits (1..32).
  parameter integer ID_WIDTH        = 4,
  /// AWID of every burst (0 .. 2**ID_WIDTH-1).
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
  input  wire                    clk,
  /// Synchronous active-low reset.
  input  wire                    rst_n,
  /// Stop: no new AW request from now on; what is left of the held command
  /// and every later command become padding (the stream stays exact).
  /// Bursts already requested complete.
  input  wire                    stop,
  /// Flush (level): no new AW request; the held command, every command
  /// given and every stream beat are dropped; the W beats still owed to
  /// bursts already requested go out with no byte strobe (nothing written),
  /// their B responses are taken, and no done pulse is given. busy falls
  /// once the last of those bursts has its B; the module is then back in its
  /// reset state. For a reset of what feeds it: the drain never waits for a
  /// stream that stopped.
  input  wire                    flush,

  // ---------------------------------------------------------------------------
  // Command
  // ---------------------------------------------------------------------------
  /// Command valid.
  input  wire                    s_cmd_valid,
  /// Command ready (command register empty or being emptied this cycle).
  output wire                    s_cmd_ready,
  /// First byte address (any alignment).
  input  wire [ADDR_WIDTH-1:0]   s_cmd_addr,
  /// Number of bytes, >= 1.
  input  wire [LEN_WIDTH-1:0]    s_cmd_len,
  /// This command ends a packet.
  input  wire                    s_cmd_last,
  /// Padding: the command's bytes are taken from the stream and dropped,
  /// without any bus access (done still pulses for its packet, in order).
  input  wire                    s_cmd_pad,

  // ---------------------------------------------------------------------------
  // Input packed stream
  // ---------------------------------------------------------------------------
  /// Input beat valid.
  input  wire                    s_valid,
  /// Input beat ready (stream buffer not full).
  output wire                    s_ready,
  /// Packed packet bytes.
  input  wire [DATA_WIDTH-1:0]   s_data,

  // ---------------------------------------------------------------------------
  // Done
  // ---------------------------------------------------------------------------
  /// One-cycle pulse per packet, in order: every burst of it has had its B.
  output wire                    m_done,
  /// With m_done: some BRESP of the packet was not OKAY.
  output wire                    m_done_err,

  // ---------------------------------------------------------------------------
  // AXI4 master write address channel
  // ---------------------------------------------------------------------------
  /// Write address ID (always AXI_ID).
  output wire [ID_WIDTH-1:0]     m_axi_awid,
  /// Write address, aligned to DATA_WIDTH/8.
  output wire [ADDR_WIDTH-1:0]   m_axi_awaddr,
  /// Burst length minus one.
  output wire [7:0]              m_axi_awlen,
  /// Beat size, log2(DATA_WIDTH/8).
  output wire [2:0]              m_axi_awsize,
  /// Burst type, always INCR.
  output wire [1:0]              m_axi_awburst,
  /// Write address valid.
  output wire                    m_axi_awvalid,
  /// Write address ready.
  input  wire                    m_axi_awready,

  // ---------------------------------------------------------------------------
  // AXI4 master write data channel
  // ---------------------------------------------------------------------------
  /// Write data (lanes without a strobe are don't-care).
  output wire [DATA_WIDTH-1:0]   m_axi_wdata,
  /// Write strobes: exactly the commanded bytes of the beat.
  output wire [DATA_WIDTH/8-1:0] m_axi_wstrb,
  /// Last beat of a burst.
  output wire                    m_axi_wlast,
  /// Write data valid.
  output wire                    m_axi_wvalid,
  /// Write data ready.
  input  wire                    m_axi_wready,

  // ---------------------------------------------------------------------------
  // AXI4 master write response channel
  // ---------------------------------------------------------------------------
  /// Response ID (not looked at: every burst has AWID = AXI_ID).
  input  wire [ID_WIDTH-1:0]     m_axi_bid,
  /// Write response; anything but OKAY sets m_done_err of the packet.
  input  wire [1:0]              m_axi_bresp,
  /// Write response valid.
  input  wire                    m_axi_bvalid,
  /// Write response ready (always 1).
  output wire                    m_axi_bready,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// A command, a burst or a done pulse is in progress.
  output wire                    busy
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
    begin : g_bad_data_width
      vio_dma_wr_error_DATA_WIDTH_must_be_32_64_128_or_256 u_param_error ();
    end
    if (ADDR_WIDTH < 12 || ADDR_WIDTH > 64) begin : g_bad_addr_width
      vio_dma_wr_error_ADDR_WIDTH_must_be_12_to_64 u_param_error ();
    end
    if (ID_WIDTH < 1 || ID_WIDTH > 32) begin : g_bad_id_width
      vio_dma_wr_error_ID_WIDTH_must_be_1_to_32 u_param_error ();
    end
    if (AXI_ID < 0 || (ID_WIDTH < 31 && AXI_ID >= (1 << ID_WIDTH))) begin : g_bad_axi_id
      vio_dma_wr_error_AXI_ID_must_fit_in_ID_WIDTH u_param_error ();
    end
    if (LEN_WIDTH < 12 || LEN_WIDTH > ADDR_WIDTH) begin : g_bad_len_width
      vio_dma_wr_error_LEN_WIDTH_must_be_12_to_ADDR_WIDTH u_param_error ();
    end
    if (MAX_BURST < 1 || MAX_BURST > 256 || (MAX_BURST & (MAX_BURST - 1)) != 0)
    begin : g_bad_max_burst
      vio_dma_wr_error_MAX_BURST_must_be_power_of_2_1_to_256 u_param_error ();
    end
    if (MAX_OUTSTANDING < 1 || MAX_OUTSTANDING > 256
        || (MAX_OUTSTANDING & (MAX_OUTSTANDING - 1)) != 0)
    begin : g_bad_max_outstanding
      vio_dma_wr_error_MAX_OUTSTANDING_must_be_power_of_2_1_to_256 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer BPB   = DATA_WIDTH / 8;            // bytes per beat
  localparam integer SL    = $clog2(BPB);               // log2(BPB): 2..5
  localparam integer PW    = (MAX_OUTSTANDING > 1) ? $clog2(MAX_OUTSTANDING) : 1;
  localparam integer CW    = $clog2(MAX_OUTSTANDING + 1);  // burst counters
  localparam integer MW    = 2 * SL + 10;               // descriptor width
  localparam integer BW    = 12 - SL;                   // beat index in 4 KiB
  localparam integer SW    = LEN_WIDTH + 1;             // span arithmetic

  localparam [2:0]            AXSIZE      = SL[2:0];
  localparam [1:0]            BURST_INCR  = 2'b01;
  localparam [1:0]            RESP_OKAY   = 2'b00;
  localparam [ID_WIDTH-1:0]   AWID        = AXI_ID[ID_WIDTH-1:0];
  localparam [31:0]           MAX_M1_32   = MAX_BURST - 1;
  localparam [31:0]           BPB_32      = BPB;
  localparam [31:0]           OUTST_32    = MAX_OUTSTANDING;
  localparam [31:0]           PTR_LAST_32 = MAX_OUTSTANDING - 1;
  localparam [7:0]            MAX_M1      = MAX_M1_32[7:0];
  localparam [SL-1:0]         LANE_MAX    = {SL{1'b1}};
  localparam [SL:0]           BPB_W       = BPB_32[SL:0];
  localparam [CW-1:0]         OUTST_MAX   = OUTST_32[CW-1:0];
  localparam [PW-1:0]         PTR_LAST    = PTR_LAST_32[PW-1:0];

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  // Command register (the part of the command not yet issued as bursts)
  reg                   cmd_valid_q, cmd_valid_d;
  reg [ADDR_WIDTH-1:0]  cmd_addr_q,  cmd_addr_d;    // next byte to write
  reg [LEN_WIDTH-1:0]   cmd_rem_q,   cmd_rem_d;     // bytes left (>= 1)
  reg                   cmd_last_q,  cmd_last_d;    // command ends a packet
  reg                   cmd_pad_q,   cmd_pad_d;     // padding: no AW, W, B
  // AW register
  reg                   awvalid_q,   awvalid_d;
  reg [ADDR_WIDTH-1:0]  awaddr_q,    awaddr_d;
  reg [7:0]             awlen_q,     awlen_d;
  // Burst descriptor FIFO: {pad, pkt_last, len_m1[7:0], hi_m1[SL-1:0], lo[SL-1:0]},
  // written at issue, read by the W side (w_ptr) and then the B side (b_ptr).
  reg [MAX_OUTSTANDING*MW-1:0] fifo_q, fifo_d;
  reg [PW-1:0]          wr_ptr_q,    wr_ptr_d;
  reg [PW-1:0]          w_ptr_q,     w_ptr_d;
  reg [PW-1:0]          b_ptr_q,     b_ptr_d;
  reg [CW-1:0]          outst_q,     outst_d;       // bursts without B
  reg [CW-1:0]          wpend_q,     wpend_d;       // bursts without WLAST
  reg [7:0]             beat_q,      beat_d;        // W beats sent of the head
  // Stream buffer: up to three beats, sb0 oldest; rd_off = next byte in sb0
  reg [1:0]             sb_cnt_q,    sb_cnt_d;
  reg [DATA_WIDTH-1:0]  sb0_q,       sb0_d;
  reg [DATA_WIDTH-1:0]  sb1_q,       sb1_d;
  reg [DATA_WIDTH-1:0]  sb2_q,       sb2_d;
  reg [SL-1:0]          rd_off_q,    rd_off_d;
  // W register
  reg                   wvalid_q,    wvalid_d;
  reg [DATA_WIDTH-1:0]  wdata_q,     wdata_d;
  reg [BPB-1:0]         wstrb_q,     wstrb_d;
  reg                   wlast_q,     wlast_d;
  // B side
  reg                   berr_q,      berr_d;        // error seen in the packet
  reg                   done_q,      done_d;
  reg                   done_err_q,  done_err_d;

  // The held command is padding: given so, or everything once stopped (the
  // bursts of a command not yet issued when stop rises make no AW).
  wire                  cmd_pad    = cmd_pad_q | stop;

  // ---------------------------------------------------------------------------
  // Burst splitter: the next burst of the held command
  // ---------------------------------------------------------------------------
  // span_m1: bytes from the beat-aligned address to the end of the command,
  // minus one. The command needs span_m1 / BPB + 1 more beats.
  wire [SL-1:0]         cmd_off    = cmd_addr_q[SL-1:0];
  wire [SW-1:0]         span_m1    = {1'b0, cmd_rem_q} - {{SW-1{1'b0}}, 1'b1}
                                     + {{SW-SL{1'b0}}, cmd_off};
  wire [SW-SL-1:0]      need_m1    = span_m1[SW-1:SL];
  wire [10:0]           to_4k_m1   = {{11-BW{1'b0}}, ~cmd_addr_q[11:SL]};  // beats to 4 KiB - 1
  wire [7:0]            cap_m1     = (to_4k_m1 > {3'b000, MAX_M1}) ? MAX_M1 : to_4k_m1[7:0];
  wire                  cmd_final  = {1'b0, need_m1} <= {{SW-SL-7{1'b0}}, cap_m1};
  wire [7:0]            len_m1     = cmd_final ? need_m1[7:0] : cap_m1;
  wire [SL-1:0]         hi_m1      = cmd_final ? span_m1[SL-1:0] : LANE_MAX;
  wire [8:0]            len        = {1'b0, len_m1} + 9'd1;
  wire [ADDR_WIDTH-1:0] cmd_beat   = {cmd_addr_q[ADDR_WIDTH-1:SL], {SL{1'b0}}};
  // Address and bytes left after this (non-final) burst: len * BPB <= 4096.
  wire [ADDR_WIDTH-1:0] addr_next  = cmd_beat + ({{ADDR_WIDTH-9{1'b0}}, len} << SL);
  wire [SW-1:0]         rem_next   = span_m1 + {{SW-1{1'b0}}, 1'b1}
                                     - ({{SW-9{1'b0}}, len} << SL);

  wire                  aw_free    = ~awvalid_q | m_axi_awready;
  wire                  issue      = cmd_valid_q & (aw_free | cmd_pad) &
                                     (outst_q != OUTST_MAX) & ~flush;
  wire                  cmd_take   = s_cmd_valid & (~cmd_valid_q | (issue & cmd_final)) &
                                     ~flush;
  wire [MW-1:0]         desc_new   = {cmd_pad, cmd_final & cmd_last_q, len_m1, hi_m1,
                                     cmd_off};

  // ---------------------------------------------------------------------------
  // W side: the head descriptor, the current beat's byte range and the stream
  // bytes it needs
  // ---------------------------------------------------------------------------
  wire [MW-1:0]         whead        = fifo_q[w_ptr_q*MW +: MW];
  wire [SL-1:0]         whead_lo     = whead[SL-1:0];
  wire [SL-1:0]         whead_hi_m1  = whead[2*SL-1:SL];
  wire [7:0]            whead_len_m1 = whead[2*SL+7:2*SL];
  wire                  whead_plast  = whead[2*SL+8];
  wire                  whead_pad    = whead[2*SL+9];  // no W beat
  wire                  beat_first   = (beat_q == 8'd0);
  wire                  beat_last    = (beat_q == whead_len_m1);
  wire [SL-1:0]         lo           = beat_first ? whead_lo : {SL{1'b0}};
  wire [SL-1:0]         hi_m1_b      = beat_last ? whead_hi_m1 : LANE_MAX;
  wire [SL:0]           nbytes       = {1'b0, hi_m1_b} - {1'b0, lo} + {{SL{1'b0}}, 1'b1};
  // Stream bytes rd_off .. end_pos-1 of {sb1, sb0} go into lanes lo .. hi.
  wire [SL:0]           end_pos      = {1'b0, rd_off_q} + nbytes;
  wire                  plast        = beat_last & whead_plast;  // ends the packet
  wire                  need_two     = end_pos > BPB_W;         // spills into sb1
  wire [1:0]            sb_need      = need_two ? 2'd2 : 2'd1;
  wire                  w_have       = (wpend_q != {CW{1'b0}}) &
                                       (flush | (sb_cnt_q >= sb_need));
  wire                  w_free       = ~wvalid_q | m_axi_wready;
  wire                  w_go         = w_have & (w_free | whead_pad);
  // Stream beats used up: at a packet's end the rest of the beat is dropped.
  wire [1:0]            sb_used      = plast ? sb_need : {1'b0, end_pos[SL]};

  // Realignment: lane j of the W beat is byte j + rd_off - lo of {sb1, sb0};
  // with DATA_WIDTH zero bits below, that is a right shift by BPB + rd_off - lo
  // (1 .. 2*BPB-1 bytes).
  wire [SL:0]             shamt  = BPB_W + {1'b0, rd_off_q} - {1'b0, lo};
  wire [3*DATA_WIDTH-1:0] win    = {sb1_q, sb0_q, {DATA_WIDTH{1'b0}}} >> {shamt, 3'b000};
  // Strobes: lanes lo..hi_m1_b.
  wire [BPB-1:0]          strb   = ({BPB{1'b1}} << lo) & ~(({BPB{1'b1}} << hi_m1_b) << 1);

  // Stream buffer: beats left after this cycle's use, then the new one.
  wire                    s_take  = s_valid & (sb_cnt_q != 2'd3);
  wire [1:0]              sb_pop  = w_go ? sb_used : 2'd0;
  wire [1:0]              sb_base = sb_cnt_q - sb_pop;

  // ---------------------------------------------------------------------------
  // B side
  // ---------------------------------------------------------------------------
  wire [MW-1:0]         bhead       = fifo_q[b_ptr_q*MW +: MW];
  wire                  bhead_plast = bhead[2*SL+8];
  wire                  bhead_pad   = bhead[2*SL+9];
  // A padding burst needs no B: it retires once its W side is done (the
  // bursts between b_ptr and w_ptr have had their W side).
  wire                  bready      = ~bhead_pad;
  wire                  b_take      = (bhead_pad ? (outst_q != wpend_q) : m_axi_bvalid)
                                      & (outst_q != {CW{1'b0}});
  wire                  b_bad       = ~bhead_pad & (m_axi_bresp != RESP_OKAY);

  // ---------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------
  always @* begin
    // Defaults: hold everything; done is a pulse.
    cmd_valid_d = cmd_valid_q;
    cmd_addr_d  = cmd_addr_q;
    cmd_rem_d   = cmd_rem_q;
    cmd_last_d  = cmd_last_q;
    cmd_pad_d   = cmd_pad_q;
    awvalid_d   = awvalid_q;
    awaddr_d    = awaddr_q;
    awlen_d     = awlen_q;
    fifo_d      = fifo_q;
    wr_ptr_d    = wr_ptr_q;
    w_ptr_d     = w_ptr_q;
    b_ptr_d     = b_ptr_q;
    outst_d     = outst_q;
    wpend_d     = wpend_q;
    beat_d      = beat_q;
    sb_cnt_d    = sb_cnt_q;
    sb0_d       = sb0_q;
    sb1_d       = sb1_q;
    sb2_d       = sb2_q;
    rd_off_d    = rd_off_q;
    wvalid_d    = wvalid_q;
    wdata_d     = wdata_q;
    wstrb_d     = wstrb_q;
    wlast_d     = wlast_q;
    berr_d      = berr_q;
    done_d      = 1'b0;
    done_err_d  = 1'b0;

    // ---- AW channel and burst splitter ----
    if (m_axi_awready) awvalid_d = 1'b0;
    if (issue) begin
      if (!cmd_pad) begin
        awvalid_d = 1'b1;
        awaddr_d  = cmd_beat;
        awlen_d   = len_m1;
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

    // ---- W channel ----
    if (m_axi_wready) wvalid_d = 1'b0;
    if (w_go) begin
      if (!whead_pad) begin
        wvalid_d = 1'b1;
        wdata_d  = win[DATA_WIDTH-1:0];
        wstrb_d  = flush ? {BPB{1'b0}} : strb;
        wlast_d  = beat_last;
      end
      rd_off_d = plast ? {SL{1'b0}} : end_pos[SL-1:0];
      if (beat_last) begin
        beat_d  = 8'd0;
        w_ptr_d = (w_ptr_q == PTR_LAST) ? {PW{1'b0}} : w_ptr_q + {{PW-1{1'b0}}, 1'b1};
      end else begin
        beat_d = beat_q + 8'd1;
      end
    end

    // ---- stream buffer: drop the used beats, then append the new one ----
    case (sb_pop)
      2'd1: begin
        sb0_d = sb1_q;
        sb1_d = sb2_q;
      end
      2'd2: begin
        sb0_d = sb2_q;
      end
      default: begin
      end
    endcase
    if (s_take) begin
      case (sb_base)
        2'd0:    sb0_d = s_data;
        2'd1:    sb1_d = s_data;
        default: sb2_d = s_data;
      endcase
    end
    sb_cnt_d = sb_base + {1'b0, s_take};

    // ---- B channel and done ----
    if (b_take) begin
      b_ptr_d = (b_ptr_q == PTR_LAST) ? {PW{1'b0}} : b_ptr_q + {{PW-1{1'b0}}, 1'b1};
      if (bhead_plast) begin
        done_d     = 1'b1;
        done_err_d = berr_q | b_bad;
        berr_d     = 1'b0;
      end else begin
        berr_d = berr_q | b_bad;
      end
    end

    // ---- flush: drop the command and the stream; no done pulse ----
    if (flush) begin
      cmd_valid_d = 1'b0;
      sb_cnt_d    = 2'd0;
      rd_off_d    = {SL{1'b0}};
      berr_d      = 1'b0;
      done_d      = 1'b0;
      done_err_d  = 1'b0;
    end

    // ---- burst counters ----
    outst_d = outst_q + {{CW-1{1'b0}}, issue} - {{CW-1{1'b0}}, b_take};
    wpend_d = wpend_q + {{CW-1{1'b0}}, issue} - {{CW-1{1'b0}}, w_go & beat_last};
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
      awvalid_q   <= 1'b0;
      awaddr_q    <= {ADDR_WIDTH{1'b0}};
      awlen_q     <= 8'd0;
      fifo_q      <= {MAX_OUTSTANDING*MW{1'b0}};
      wr_ptr_q    <= {PW{1'b0}};
      w_ptr_q     <= {PW{1'b0}};
      b_ptr_q     <= {PW{1'b0}};
      outst_q     <= {CW{1'b0}};
      wpend_q     <= {CW{1'b0}};
      beat_q      <= 8'd0;
      sb_cnt_q    <= 2'd0;
      sb0_q       <= {DATA_WIDTH{1'b0}};
      sb1_q       <= {DATA_WIDTH{1'b0}};
      sb2_q       <= {DATA_WIDTH{1'b0}};
      rd_off_q    <= {SL{1'b0}};
      wvalid_q    <= 1'b0;
      wdata_q     <= {DATA_WIDTH{1'b0}};
      wstrb_q     <= {BPB{1'b0}};
      wlast_q     <= 1'b0;
      berr_q      <= 1'b0;
      done_q      <= 1'b0;
      done_err_q  <= 1'b0;
    end else begin
      cmd_valid_q <= cmd_valid_d;
      cmd_addr_q  <= cmd_addr_d;
      cmd_rem_q   <= cmd_rem_d;
      cmd_last_q  <= cmd_last_d;
      cmd_pad_q   <= cmd_pad_d;
      awvalid_q   <= awvalid_d;
      awaddr_q    <= awaddr_d;
      awlen_q     <= awlen_d;
      fifo_q      <= fifo_d;
      wr_ptr_q    <= wr_ptr_d;
      w_ptr_q     <= w_ptr_d;
      b_ptr_q     <= b_ptr_d;
      outst_q     <= outst_d;
      wpend_q     <= wpend_d;
      beat_q      <= beat_d;
      sb_cnt_q    <= sb_cnt_d;
      sb0_q       <= sb0_d;
      sb1_q       <= sb1_d;
      sb2_q       <= sb2_d;
      rd_off_q    <= rd_off_d;
      wvalid_q    <= wvalid_d;
      wdata_q     <= wdata_d;
      wstrb_q     <= wstrb_d;
      wlast_q     <= wlast_d;
      berr_q      <= berr_d;
      done_q      <= done_d;
      done_err_q  <= done_err_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign s_cmd_ready   = ~cmd_valid_q | (issue & cmd_final) | flush;
  assign s_ready       = (sb_cnt_q != 2'd3) | flush;
  assign m_done        = done_q;
  assign m_done_err    = done_err_q;
  assign m_axi_awid    = AWID;
  assign m_axi_awaddr  = awaddr_q;
  assign m_axi_awlen   = awlen_q;
  assign m_axi_awsize  = AXSIZE;
  assign m_axi_awburst = BURST_INCR;
  assign m_axi_awvalid = awvalid_q;
  assign m_axi_wdata   = wdata_q;
  assign m_axi_wstrb   = wstrb_q;
  assign m_axi_wlast   = wlast_q;
  assign m_axi_wvalid  = wvalid_q;
  assign m_axi_bready  = bready;
  assign busy          = awvalid_q | wvalid_q | (outst_q != {CW{1'b0}}) | done_q |
                         (~flush & (cmd_valid_q | (sb_cnt_q != 2'd0)));

  // Inputs that are part of the AXI4 interface but not needed here; the
  // upper two thirds of the realignment shifter; the top bit of the
  // remaining-bytes arithmetic (never set for a non-final burst); the other
  // descriptor fields at the B side.
  wire unused_ok = &{1'b0, m_axi_bid, win[3*DATA_WIDTH-1:DATA_WIDTH], rem_next[SW-1],
                     bhead[2*SL+7:0], 1'b0};

endmodule

`default_nettype wire
