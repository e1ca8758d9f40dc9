// SPDX-License-Identifier: MIT
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
/// Bursts (vio_burst_split with NARROW = 0):
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
///   register until its B response. Their descriptors wait in two FIFOs
///   (vio_fifo), one read by the W side, one by the B side. All use AWID =
///   AXI_ID, so B responses come back in order. BID is not looked at; BREADY
///   is low only while a padding burst heads the B side.
/// - Padding makes no AW, no W beat and has no B: its bytes are taken from
///   the stream and dropped, and it retires once that is done and every
///   burst before it has had its B.
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
  `include "vio_dma_cmd_ports.vh"
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
  /// Write response ready (low only while a padding burst heads the B side).
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
  localparam integer CW    = $clog2(MAX_OUTSTANDING + 1);  // burst counters
  localparam integer MW    = 2 * SL + 10;               // descriptor width

  localparam [1:0]            BURST_INCR  = 2'b01;
  localparam [1:0]            RESP_OKAY   = 2'b00;
  localparam [ID_WIDTH-1:0]   AWID        = AXI_ID[ID_WIDTH-1:0];
  localparam [31:0]           BPB_32      = BPB;
  localparam [SL-1:0]         LANE_MAX    = {SL{1'b1}};
  localparam [SL:0]           BPB_W       = BPB_32[SL:0];

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg [7:0]             beat_q;                     // W beats sent of the head
  // Stream buffer: up to three beats, sb0 oldest; rd_off = next byte in sb0
  reg [1:0]             sb_cnt_q;
  reg [DATA_WIDTH-1:0]  sb0_q;
  reg [DATA_WIDTH-1:0]  sb1_q;
  reg [DATA_WIDTH-1:0]  sb2_q;
  reg [SL-1:0]          rd_off_q;
  // W register
  reg                   wvalid_q;
  reg [DATA_WIDTH-1:0]  wdata_q;
  reg [BPB-1:0]         wstrb_q;
  reg                   wlast_q;
  // B side
  reg                   berr_q;                     // error seen in the packet
  reg                   done_q;
  reg                   done_err_q;

  // ---------------------------------------------------------------------------
  // Burst splitter and AW register: the held command cut into full-width
  // bursts; each burst's descriptor goes to both FIFOs below
  // ---------------------------------------------------------------------------
  wire                  desc_room;
  wire                  desc_push;
  wire [MW-1:0]         desc;
  wire                  split_busy;

  vio_burst_split #(
    .DATA_WIDTH (DATA_WIDTH),
    .ADDR_WIDTH (ADDR_WIDTH),
    .LEN_WIDTH  (LEN_WIDTH),
    .MAX_BURST  (MAX_BURST),
    .NARROW     (0)
  ) u_split (
    .clk           (clk),
    .rst_n         (rst_n),
    .stop          (stop),
    .flush         (flush),
    .s_cmd_valid   (s_cmd_valid),
    .s_cmd_ready   (s_cmd_ready),
    .s_cmd_addr    (s_cmd_addr),
    .s_cmd_len     (s_cmd_len),
    .s_cmd_last    (s_cmd_last),
    .s_cmd_pad     (s_cmd_pad),
    .m_desc_room   (desc_room),
    .m_desc_push   (desc_push),
    .m_desc        (desc),
    .m_ax_addr     (m_axi_awaddr),
    .m_ax_len      (m_axi_awlen),
    .m_ax_size     (m_axi_awsize),
    .m_ax_valid    (m_axi_awvalid),
    .m_ax_ready    (m_axi_awready),
    .busy          (split_busy)
  );

  // ---------------------------------------------------------------------------
  // Descriptors: the W side reads {pad, pkt_last, len_m1, hi_m1, lo} of the
  // bursts without WLAST; the B side reads {pad, pkt_last} of the bursts
  // without B. Both are written at issue; the B side's count (bursts in
  // flight) is never below the W side's, so only it limits the issue.
  // ---------------------------------------------------------------------------
  wire                  whead_valid;                // a burst owes W beats
  wire                  whead_done;                 // its last W beat goes out
  wire [MW-1:0]         whead;
  wire [CW-1:0]         wpend;                      // bursts without WLAST
  wire                  wfifo_room;
  wire                  bhead_valid;                // a burst has not retired
  wire                  b_take;                     // its B is taken
  wire [1:0]            bhead;
  wire [CW-1:0]         outst;                      // bursts without B
`ifdef FORMAL_VIO_DMA_WR
  wire [MAX_OUTSTANDING*MW-1:0] f_wdesc_entries;  // the FIFOs' entries, head first
  wire [MAX_OUTSTANDING*2-1:0]  f_bdesc_entries;
`endif

  vio_fifo #(
    .WIDTH (MW),
    .DEPTH (MAX_OUTSTANDING)
  ) u_wdesc (
    .clk     (clk),
    .rst_n   (rst_n),
    .s_valid (desc_push),
    .s_ready (wfifo_room),
    .s_data  (desc),
    .m_valid (whead_valid),
    .m_ready (whead_done),
    .m_data  (whead),
    .count   (wpend)
`ifdef FORMAL_VIO_DMA_WR
    ,
    .f_entries (f_wdesc_entries)
`endif
  );

  vio_fifo #(
    .WIDTH (2),
    .DEPTH (MAX_OUTSTANDING)
  ) u_bdesc (
    .clk     (clk),
    .rst_n   (rst_n),
    .s_valid (desc_push),
    .s_ready (desc_room),
    .s_data  (desc[MW-1:MW-2]),
    .m_valid (bhead_valid),
    .m_ready (b_take),
    .m_data  (bhead),
    .count   (outst)
`ifdef FORMAL_VIO_DMA_WR
    ,
    .f_entries (f_bdesc_entries)
`endif
  );

  // ---------------------------------------------------------------------------
  // W side: the head descriptor, the current beat's byte range and the stream
  // bytes it needs
  // ---------------------------------------------------------------------------
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
  wire                  w_have       = whead_valid & (flush | (sb_cnt_q >= sb_need));
  wire                  w_free       = ~wvalid_q | m_axi_wready;
  wire                  w_go         = w_have & (w_free | whead_pad);
  // Stream beats used up: at a packet's end the rest of the beat is dropped.
  wire [1:0]            sb_used      = plast ? sb_need : {1'b0, end_pos[SL]};

  assign whead_done = w_go & beat_last;

  // Realignment (in the clocked process below): lane j of the W beat is byte
  // j + rd_off - lo of {sb1, sb0}; with DATA_WIDTH zero bits below, that is a
  // right shift by shamt = BPB + rd_off - lo (1 .. 2*BPB-1 bytes). Done as a
  // funnel shift of two beats by shamt mod BPB: {sb1, sb0} when rd_off >= lo
  // (the top bit of shamt), else {sb0, zero bits}.

  // ---------------------------------------------------------------------------
  // B side
  // ---------------------------------------------------------------------------
  wire                  bhead_plast = bhead[0];
  wire                  bhead_pad   = bhead[1];
  // A padding burst needs no B: it retires once its W side is done (fewer
  // bursts owe W beats than owe a B).
  wire                  bready      = ~(bhead_pad & bhead_valid);

  assign b_take = (bhead_pad ? (outst != wpend) : m_axi_bvalid) & bhead_valid;

  // ---------------------------------------------------------------------------
  // Registers. The next state, the realignment shifter included, is computed
  // here, in the clocked process, so that a simulator evaluates it once per
  // clock edge rather than with every change of the bus inputs.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    reg [SL:0]             shamt;
    reg [DATA_WIDTH-1:0]   fs_hi;
    reg [DATA_WIDTH-1:0]   fs_lo;
    // The funnel shift is the low half of a double-width shift; its upper
    // half is not used.
    /* verilator lint_off UNUSEDSIGNAL */
    reg [2*DATA_WIDTH-1:0] fs;
    /* verilator lint_on UNUSEDSIGNAL */
    reg [DATA_WIDTH-1:0]   win;
    reg [BPB-1:0]          strb;
    reg                    s_take;
    reg [1:0]              sb_pop;
    reg [1:0]              sb_base;
    reg                    b_bad;
    if (!rst_n) begin
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
      // ---- W channel ----
      if (m_axi_wready) wvalid_q <= 1'b0;
      if (w_go) begin
        if (!whead_pad) begin
          shamt = BPB_W + {1'b0, rd_off_q} - {1'b0, lo};
          fs_hi = shamt[SL] ? sb1_q : sb0_q;
          fs_lo = shamt[SL] ? sb0_q : {DATA_WIDTH{1'b0}};
          fs    = {fs_hi, fs_lo} >> {shamt[SL-1:0], 3'b000};
          win   = fs[DATA_WIDTH-1:0];
          // Strobes: lanes lo..hi_m1_b.
          strb  = ({BPB{1'b1}} << lo) & ~(({BPB{1'b1}} << hi_m1_b) << 1);
          wvalid_q <= 1'b1;
          wdata_q  <= win;
          wstrb_q  <= flush ? {BPB{1'b0}} : strb;
          wlast_q  <= beat_last;
        end
        rd_off_q <= plast ? {SL{1'b0}} : end_pos[SL-1:0];
        beat_q   <= beat_last ? 8'd0 : beat_q + 8'd1;
      end

      // ---- stream buffer: drop the used beats, then append the new one ----
      s_take  = s_valid & (sb_cnt_q != 2'd3);
      sb_pop  = w_go ? sb_used : 2'd0;
      sb_base = sb_cnt_q - sb_pop;
      case (sb_pop)
        2'd1: begin
          sb0_q <= sb1_q;
          sb1_q <= sb2_q;
        end
        2'd2: begin
          sb0_q <= sb2_q;
        end
        default: begin
        end
      endcase
      if (s_take) begin
        case (sb_base)
          2'd0:    sb0_q <= s_data;
          2'd1:    sb1_q <= s_data;
          default: sb2_q <= s_data;
        endcase
      end
      sb_cnt_q <= sb_base + {1'b0, s_take};

      // ---- B channel and done (a pulse) ----
      b_bad      = ~bhead_pad & (m_axi_bresp != RESP_OKAY);
      done_q     <= 1'b0;
      done_err_q <= 1'b0;
      if (b_take) begin
        if (bhead_plast) begin
          done_q     <= 1'b1;
          done_err_q <= berr_q | b_bad;
          berr_q     <= 1'b0;
        end else begin
          berr_q <= berr_q | b_bad;
        end
      end

      // ---- flush: drop the stream; no done pulse ----
      if (flush) begin
        sb_cnt_q    <= 2'd0;
        rd_off_q    <= {SL{1'b0}};
        berr_q      <= 1'b0;
        done_q      <= 1'b0;
        done_err_q  <= 1'b0;
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign s_ready       = (sb_cnt_q != 2'd3) | flush;
  assign m_done        = done_q;
  assign m_done_err    = done_err_q;
  assign m_axi_awid    = AWID;
  assign m_axi_awburst = BURST_INCR;
  assign m_axi_wdata   = wdata_q;
  assign m_axi_wstrb   = wstrb_q;
  assign m_axi_wlast   = wlast_q;
  assign m_axi_wvalid  = wvalid_q;
  assign m_axi_bready  = bready;
  assign busy          = split_busy | wvalid_q | bhead_valid | done_q |
                         (~flush & (sb_cnt_q != 2'd0));

  // Inputs that are part of the AXI4 interface but not needed here; the W
  // side's room (the B side's is the same or less).
  wire unused_ok = &{1'b0, m_axi_bid, wfifo_room, 1'b0};

  // ---------------------------------------------------------------------------
  // Formal properties (docs/formal.md), read only by formal/vio_dma_wr.sby,
  // which defines FORMAL_VIO_DMA_WR (and, for its prove task,
  // FORMAL_VIO_BURST_SPLIT: the splitter's own proof, that the descriptors
  // cover each command exactly, runs inside this one). The AXI4 property
  // module is bound to the master port (this module is the master; the read
  // channels, unused here, are driven by a free master that keeps the rules,
  // so that the property module's covers can be reached). The invariants
  // tie each descriptor in the two FIFOs (their entries, f_wdesc_entries
  // and f_bdesc_entries) to the property module's write queues or to the
  // AW and W registers.
  // ---------------------------------------------------------------------------
`ifdef FORMAL_VIO_DMA_WR
`include "vio_axi_props.vh"
  localparam integer F_WCW = $clog2(MAX_OUTSTANDING + 2);

  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;
  reg f_rst_n_q = 1'b0;
  always @(posedge clk) f_rst_n_q <= rst_n;
  wire f_run = f_past_valid && f_rst_n_q && rst_n;

  // ---- environment: a command has at least one byte ----
  always @(*) if (s_cmd_valid) assume (s_cmd_len != {LEN_WIDTH{1'b0}});

  // ---- the unused read channels: a free master that keeps the rules ----
  (* anyseq *) reg       f_arvalid;
  (* anyseq *) reg [7:0] f_arlen;
  (* anyseq *) reg       f_arready, f_rvalid, f_rlast, f_rready;
  (* anyseq *) reg [1:0] f_rresp;
  always @(posedge clk) begin
    if (f_past_valid && !$past(rst_n)) assume (!f_arvalid);
    if (f_past_valid && $past(rst_n) && $past(f_arvalid && !f_arready))
      assume (f_arvalid && $stable(f_arlen));
  end

  // ---- the AXI4 master rules on the port ----
  wire [F_WCW-1:0]              fm_awo, fm_aqn, fm_eqn;
  wire [1:0]                    fm_aro;   // (the free read master's)
  wire [MAX_OUTSTANDING*8-1:0]  fm_aql, fm_eql;
  wire [MAX_OUTSTANDING*ID_WIDTH-1:0] fm_aqi;
  wire [7:0]                    fm_wb;
  wire [(1<<ID_WIDTH)*F_WCW-1:0] fm_bo;
  wire [(1<<ID_WIDTH)*2-1:0]    fm_rn;
  wire [(1<<ID_WIDTH)*16-1:0]   fm_rl;
  wire [(1<<ID_WIDTH)*8-1:0]    fm_rb;

  vio_axi_props #(
    .ID_WIDTH (ID_WIDTH), .ADDR_WIDTH (ADDR_WIDTH), .DATA_WIDTH (DATA_WIDTH),
    .MASTER_SIDE (1), .MAX_WRITES (MAX_OUTSTANDING), .MAX_READS (2),
    .INCR_ONLY (1), .COVER_W_EARLY (1)
  ) f_m (
    .clk (clk), .rst_n (rst_n),
    .awid (m_axi_awid), .bid (m_axi_bid), `VIO_AXI_WR_BODY_CONN(, m_axi_),
    .arid ({ID_WIDTH{1'b0}}), .araddr ({ADDR_WIDTH{1'b0}}), .arlen (f_arlen),
    .arsize (3'd0), .arburst (BURST_INCR),
    .arvalid (f_arvalid), .arready (f_arready),
    .rid ({ID_WIDTH{1'b0}}), .rdata ({DATA_WIDTH{1'b0}}), .rresp (f_rresp),
    .rlast (f_rlast), .rvalid (f_rvalid), .rready (f_rready),
    `VIO_AXI_PROPS_TRACK_CONN(fm_)
  );

  // ---- the burst last issued, the W register's burst, what they have seen
  reg [MW-1:0] f_wd;             // the burst last issued: its descriptor
  reg [MW-1:0] f_wr;             // the W register's burst: its descriptor
  reg          f_flushed = 1'b0; // flush since the oldest in flight was issued
  reg          f_perr = 1'b0;    // a BRESP not OKAY in the packet so far
  wire         f_wr_pad  = f_wr[2*SL+9];
  wire [7:0]   f_wr_len  = f_wr[2*SL+7:2*SL];
  wire [SL-1:0] f_wr_hi  = f_wr[2*SL-1:SL];
  wire [SL-1:0] f_wr_lo  = f_wr[SL-1:0];
  wire         f_b_hs    = m_axi_bvalid && m_axi_bready;
  wire         f_retire  = b_take;   // the oldest: its B taken, or the padding retires
  always @(posedge clk) begin
    if (desc_push) f_wd <= desc;
    if (w_go && !whead_pad) f_wr <= whead;
    if (!rst_n) f_flushed <= 1'b0;
    else if (flush) f_flushed <= 1'b1;
    else if (desc_push && !bhead_valid) f_flushed <= 1'b0;
    if (!rst_n || flush || (f_retire && bhead_plast)) f_perr <= 1'b0;
    else if (f_b_hs && m_axi_bresp != RESP_OKAY) f_perr <= 1'b1;
  end

  // the strobes of W beat k of the W register's burst: lanes lo (first
  // beat) or 0, to hi (last beat) or BPB - 1
  wire [SL-1:0]  f_k_lo   = (fm_wb == 8'd0) ? f_wr_lo : {SL{1'b0}};
  wire [SL-1:0]  f_k_hi   = (fm_wb == f_wr_len) ? f_wr_hi : LANE_MAX;
  reg  [BPB-1:0] f_k_strb;
  integer        f_l;
  always @(*) begin
    for (f_l = 0; f_l < BPB; f_l = f_l + 1)
      f_k_strb[f_l] = (f_l >= f_k_lo) && (f_l <= f_k_hi);
  end
  wire [F_WCW-1:0] f_bo_mine = fm_bo[AXI_ID*F_WCW +: F_WCW];

  // ---- the bursts in flight, oldest first: the B FIFO's entries; the
  // newest wpend of them are also in the W FIFO (f_wq: the W FIFO's index
  // of B FIFO entry k is k - f_wq). Those that are not padding, in order
  // (their ordinal o): the first f_a have their AW accepted (the next, if
  // any, is in the AW register: the newest not padding); the first f_c have
  // every W beat accepted: those that left the W FIFO, but the W register's
  // burst when it holds that burst's last beat (f_wr_tail). Against the
  // property module: f_b_owed = min(f_a, f_c); the AW wait queue holds
  // bursts min(f_a, f_c) .. f_a-1, the early W queue bursts f_a .. f_c-1
  // (one at most); burst f_c is the W burst in progress (f_w_beat). ----
  localparam integer F_OW = F_WCW + 1;
  wire             f_wr_tail = wvalid_q && wlast_q;
  wire [CW-1:0]    f_wq = outst - wpend;
  reg  [F_OW-1:0]  f_n, f_left, f_a, f_c, f_mn, f_o;
  reg              f_bq_ok;     // every entry as above
  reg              f_aw_found;  // the AW register's burst is in flight
  reg  [1:0]       f_be;
  reg  [MW-1:0]    f_we;
  reg              f_inw;
  reg  [7:0]       f_len;       // its length, when not every W beat is accepted
  reg  [8:0]       f_acc;       // W beats accepted of the burst in progress
  integer          f_k;
  always @(*) begin
    f_n      = {F_OW{1'b0}};
    f_left   = {F_OW{1'b0}};
    f_be     = 2'b00;
    f_inw    = 1'b0;
    f_len    = 8'd0;
    for (f_k = 0; f_k < MAX_OUTSTANDING; f_k = f_k + 1) begin
      f_be = f_bdesc_entries[f_k*2 +: 2];
      if (f_k < outst && !f_be[1]) begin
        f_n = f_n + {{F_OW-1{1'b0}}, 1'b1};
        if (f_k < f_wq) f_left = f_left + {{F_OW-1{1'b0}}, 1'b1};
      end
    end
    f_a = f_n - {{F_OW-1{1'b0}}, m_axi_awvalid};
    f_c = f_left - {{F_OW-1{1'b0}}, f_wr_tail};
    f_mn = (f_a < f_c) ? f_a : f_c;
    f_bq_ok    = 1'b1;
    f_aw_found = 1'b0;
    f_o        = {F_OW{1'b0}};
    f_we       = {MW{1'b0}};
    f_acc      = 9'd0;
    for (f_k = 0; f_k < MAX_OUTSTANDING; f_k = f_k + 1) begin
      f_be  = f_bdesc_entries[f_k*2 +: 2];
      f_inw = (f_k >= f_wq);
      f_we  = f_wdesc_entries[(f_k - f_wq)*MW +: MW];
      if (f_k < outst) begin
        if (f_inw) begin
          // the W FIFO's entries: the newest of the B FIFO's, each naming
          // at least one byte in at most MAX_BURST beats
          if (f_we[MW-1:MW-2] != f_be) f_bq_ok = 1'b0;
          if ({24'd0, f_we[2*SL+7:2*SL]} >= MAX_BURST) f_bq_ok = 1'b0;
          if (f_we[2*SL+7:2*SL] == 8'd0 && f_we[2*SL-1:SL] < f_we[SL-1:0]) f_bq_ok = 1'b0;
          if (f_k == outst - 1 && f_we != f_wd) f_bq_ok = 1'b0;
        end
        if (f_k == outst - 1 && f_be != f_wd[MW-1:MW-2]) f_bq_ok = 1'b0;
        if (!f_be[1]) begin
          f_len = f_inw ? f_we[2*SL+7:2*SL] : f_wr_len;
          // the AW wait queue
          if (f_o >= f_mn && f_o < f_a && fm_aql[(f_o - f_mn)*8 +: 8] != f_len) f_bq_ok = 1'b0;
          // the AW register
          if (f_o == f_a && m_axi_awvalid) begin
            f_aw_found = 1'b1;
            if (f_o < f_c) begin
              if (fm_eql[7:0] != m_axi_awlen) f_bq_ok = 1'b0;
            end else if (f_len != m_axi_awlen) begin
              f_bq_ok = 1'b0;
            end
          end
          // the W burst in progress: the W register's (its last beat in
          // the W register), the W FIFO's head (its beats loaded, but the
          // one in the W register), or one not started
          if (f_o == f_c) begin
            f_acc = f_wr_tail ? {1'b0, f_wr_len}
                  : (f_inw && f_k == f_wq) ? {1'b0, beat_q} - {8'd0, wvalid_q}
                  : 9'd0;
            if ({1'b0, fm_wb} != f_acc) f_bq_ok = 1'b0;
          end
          f_o = f_o + {{F_OW-1{1'b0}}, 1'b1};
        end
      end
    end
  end

  // the AW wait queue's IDs
  reg f_aqi_ok;
  integer f_q;
  always @(*) begin
    f_aqi_ok = 1'b1;
    for (f_q = 0; f_q < MAX_OUTSTANDING; f_q = f_q + 1)
      if (f_q < fm_aqn && fm_aqi[f_q*ID_WIDTH +: ID_WIDTH] != AWID) f_aqi_ok = 1'b0;
  end

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // ---- W: exactly the commanded bytes strobed (none after a flush) ----
      if (m_axi_wvalid) begin
        assert (bhead_valid && !f_wr_pad);
        assert (m_axi_wstrb == f_k_strb || (m_axi_wstrb == {BPB{1'b0}} && f_flushed));
        assert (m_axi_wlast == (fm_wb == f_wr_len));
      end
      // no AW for padding: the AW is a burst's in flight (the newest not
      // padding)
      if (m_axi_awvalid) assert (bhead_valid && f_aw_found);
      // BREADY low only while a padding burst heads the B side
      assert (m_axi_bready == !(bhead_valid && bhead_pad));
      // done: with the retirement of a packet's last burst (below); with
      // one burst in flight nothing is left
      if (m_done && MAX_OUTSTANDING == 1) assert (!bhead_valid);

      // ---- invariants ----
      // writes of AWID only
      assert ((fm_bo & ~({{(1<<ID_WIDTH)*F_WCW-F_WCW{1'b0}}, {F_WCW{1'b1}}} << (AXI_ID*F_WCW)))
              == {(1<<ID_WIDTH)*F_WCW{1'b0}});
      assert (f_aqi_ok);
      assert (wpend <= outst);
      assert (berr_q == f_perr);
      // the bursts in flight against the property module
      assert (f_bq_ok);
      assert (f_n >= {{F_OW-1{1'b0}}, m_axi_awvalid});
      assert (f_left >= {{F_OW-1{1'b0}}, f_wr_tail});
      assert (f_c <= f_a + {{F_OW-1{1'b0}}, 1'b1});
      assert ({1'b0, f_bo_mine} == f_mn);
      assert ({1'b0, fm_aqn} == f_a - f_mn);
      assert ({1'b0, fm_eqn} == f_c - f_mn);
      if (f_c == f_n) assert (fm_wb == 8'd0);
      // the W side's head
      if (!whead_valid) assert (beat_q == 8'd0);
      else assert (beat_q <= whead_len_m1);
      // the W register: the last beat of a burst that left the W FIFO, or
      // a beat of the W FIFO's head (not padding)
      if (wvalid_q) begin
        assert ({24'd0, f_wr_len} < MAX_BURST);
        if (f_wr_len == 8'd0) assert (f_wr_hi >= f_wr_lo);
      end
      if (wvalid_q && !wlast_q)
        assert (whead_valid && !whead_pad && whead == f_wr && beat_q != 8'd0);
      if (wvalid_q && wlast_q && whead_valid && !whead_pad) assert (beat_q == 8'd0);
    end
  end

  // ---- reference model of the stream: which bytes each W beat carries ----
  // f_sin: stream beats taken (modulo 2**16, restarted by a flush); f_cb,
  // f_co: the next stream byte to be used (beat, lane). Each W beat (or
  // padding beat) of the head burst uses the bytes lo..hi of its beat, in
  // order; after a packet's last beat the rest of the stream beat is
  // dropped.
  reg  [15:0]   f_sin = 16'd0;
  reg  [15:0]   f_cb = 16'd0;
  reg  [SL-1:0] f_co = {SL{1'b0}};
  wire          f_s_hs    = s_valid && s_ready;
  wire          f_u_first = (beat_q == 8'd0);
  wire          f_u_final = (beat_q == whead[2*SL+7:2*SL]);
  wire [SL:0]   f_u_lo    = f_u_first ? {1'b0, whead[SL-1:0]} : {(SL+1){1'b0}};
  wire [SL:0]   f_u_hi    = f_u_final ? {1'b0, whead[2*SL-1:SL]} : {1'b0, LANE_MAX};
  wire [SL:0]   f_u_n     = f_u_hi - f_u_lo + 1'b1;     // bytes it uses
  wire [SL+1:0] f_u_end   = {2'b00, f_co} + {1'b0, f_u_n};
  wire          f_u_plast = f_u_final && whead[2*SL+8];
  // stream beats it uses up
  wire [1:0]    f_u_used  = f_u_plast ? ((f_u_end > BPB) ? 2'd2 : 2'd1)
                                      : ((f_u_end >= BPB) ? 2'd1 : 2'd0);
  always @(posedge clk) begin
    if (!rst_n) begin
      f_sin <= 16'd0;
      f_cb  <= 16'd0;
      f_co  <= {SL{1'b0}};
    end else if (flush) begin
      f_sin <= f_sin + {15'd0, f_s_hs};
      f_cb  <= f_sin + {15'd0, f_s_hs};
      f_co  <= {SL{1'b0}};
    end else begin
      f_sin <= f_sin + {15'd0, f_s_hs};
      if (w_go) begin
        f_cb <= f_cb + {14'd0, f_u_used};
        f_co <= f_u_plast ? {SL{1'b0}} : f_u_end[SL-1:0];
      end
    end
  end

  // One stream byte, picked freely as it is taken, followed into the W
  // beat that carries it: f_tb_b, f_tb_l its beat and lane, f_tb_v its
  // value; f_tw: it is in the W register, at lane f_tw_l.
  (* anyseq *) reg          f_pick;
  (* anyseq *) reg [SL-1:0] f_pick_l;
  reg                       f_tb = 1'b0;
  reg  [15:0]               f_tb_b;
  reg  [SL-1:0]             f_tb_l;
  reg  [7:0]                f_tb_v;
  reg                       f_tw = 1'b0;
  reg  [SL-1:0]             f_tw_l;
  wire [15:0]               f_tb_d = f_tb_b - f_cb;   // beats ahead of it
  // its offset from the next byte used (when in the next two beats), and
  // whether this W beat uses it
  wire [SL+1:0]             f_tb_o = {1'b0, f_tb_d[0], f_tb_l} - {2'b00, f_co};
  wire                      f_tb_use = (f_tb_d <= 16'd1) && f_tb_o < {1'b0, f_u_n};
  wire [SL+1:0]             f_tb_wl = {1'b0, f_u_lo} + f_tb_o;    // its W lane
  always @(posedge clk) begin
    if (!rst_n || flush) begin
      f_tb <= 1'b0;
      f_tw <= 1'b0;
    end else begin
      if (m_axi_wready) f_tw <= 1'b0;
      if (!f_tb && !f_tw && f_s_hs && f_pick) begin
        f_tb   <= 1'b1;
        f_tb_b <= f_sin;
        f_tb_l <= f_pick_l;
        f_tb_v <= s_data[{f_pick_l, 3'b000} +: 8];
      end
      if (f_tb && w_go) begin
        if (f_tb_use) begin
          f_tb <= 1'b0;
          if (!whead_pad) begin
            f_tw   <= 1'b1;
            f_tw_l <= f_tb_wl[SL-1:0];
          end
        end else if (f_tb_d < {14'd0, f_u_used}) begin
          f_tb <= 1'b0;     // dropped at the packet's end
        end
      end
    end
  end
  wire [DATA_WIDTH-1:0] f_tb_sb = (f_tb_d == 16'd0) ? sb0_q
                                : (f_tb_d == 16'd1) ? sb1_q : sb2_q;

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // ---- WDATA: the stream's bytes, in order, in their lanes ----
      if (f_tw) begin
        assert (m_axi_wvalid && m_axi_wstrb[f_tw_l]);
        assert (m_axi_wdata[{f_tw_l, 3'b000} +: 8] == f_tb_v);
      end
      // ---- busy low: nothing held, nothing owed on the bus ----
      if (!busy) begin
        assert (s_cmd_ready && !m_axi_awvalid && !m_axi_wvalid && !m_done);
        assert (fm_awo == {F_WCW{1'b0}} && fm_eqn == {F_WCW{1'b0}});
        if (!flush) assert (f_sin == f_cb);
      end
      // ---- invariants: the stream buffer against the model ----
      assert (f_sin - f_cb == {14'd0, sb_cnt_q});
      assert (rd_off_q == f_co);
      if (sb_cnt_q == 2'd0) assert (rd_off_q == {SL{1'b0}});
      // the head descriptor names at least one byte (as the splitter's
      // proof shows of every descriptor pushed)
      if (whead_valid && whead_len_m1 == 8'd0) assert (whead_hi_m1 >= whead_lo);
      if (whead_valid) assert ({24'd0, whead_len_m1} < MAX_BURST);
      if (f_tb) begin
        assert (f_tb_d < {14'd0, sb_cnt_q});
        if (f_tb_d == 16'd0) assert (f_tb_l >= f_co);
        assert (f_tb_sb[{f_tb_l, 3'b000} +: 8] == f_tb_v);
      end
    end
  end

  always @(posedge clk) begin
    if (f_run) begin
      // flush: the W beats owed go out without waiting for the stream
      if ($past(flush && whead_valid && !whead_pad && (!m_axi_wvalid || m_axi_wready)))
        assert (m_axi_wvalid);
      // a W beat loaded during a flush strobes nothing
      if ($past(flush) && m_axi_wvalid && !$past(m_axi_wvalid && !m_axi_wready))
        assert (m_axi_wstrb == {BPB{1'b0}});
      // m_done: exactly in the cycle after a packet's last burst retired
      // (its B, or a padding burst), no flush; m_done_err: a BRESP of the
      // packet not OKAY
      assert (m_done == $past(f_retire && bhead_plast && !flush));
      if (m_done)
        assert (m_done_err == $past(f_perr || (f_b_hs && m_axi_bresp != RESP_OKAY)));
      else
        assert (!m_done_err);
    end
  end

  // ---- covers ----
  always @(posedge clk) begin
    if (f_run) begin
      // an unaligned head and tail in one multi-beat burst, strobed and done
      cover (m_axi_wvalid && m_axi_wready && m_axi_wlast && f_wr_len != 8'd0
             && f_wr_lo != {SL{1'b0}} && f_wr_hi != LANE_MAX);
      // a packet written and done
      cover (m_done);
      // W back-pressure mid-burst, then the burst completed
      cover ($past(m_axi_wvalid && !m_axi_wready) && m_axi_wvalid && m_axi_wready
             && m_axi_wlast && fm_wb != 8'd0);
      // AW back-pressure while the W beats go ahead
      cover (m_axi_awvalid && !m_axi_awready && fm_eqn != 0);
      // a padding burst retired (stop or padding): done with no AW
      cover (m_done && $past(bhead_pad));
      // a stream byte written by a W beat that takes bytes from two stream
      // beats
      cover (f_tw && m_axi_wvalid && m_axi_wready && f_wr_lo != {SL{1'b0}} && fm_wb != 8'd0);
      // W beats drained with no strobe after a flush
      cover (m_axi_wvalid && m_axi_wready && f_flushed && m_axi_wstrb == {BPB{1'b0}});
    end
  end
`endif

endmodule

`default_nettype wire
