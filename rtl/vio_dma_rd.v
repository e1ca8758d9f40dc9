// SPDX-License-Identifier: MIT
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
/// Bursts (vio_burst_split with NARROW = 1):
/// - Each command is split into INCR bursts of at most MAX_BURST beats that
///   never cross a 4 KiB boundary, byte-exact: full-width bursts (ARSIZE =
///   log2(BPB), ARADDR aligned to the beat) over the whole beats of the
///   range, and single narrow transfers (ARLEN = 0) of a naturally aligned
///   power-of-two size, ARADDR aligned to that size, for an unaligned head
///   or a tail shorter than a beat, so no byte outside the command's range
///   is read. The lanes of each R beat are extracted, rotated into place and
///   packed behind the bytes already held.
/// - Padding makes no AR: its bytes are zeros made here, cut by whole beats
///   of its span, in their place in the packet.
/// - One burst can be issued per cycle, so AR requests go out back to back.
///   Up to MAX_OUTSTANDING bursts are in flight: counted from the cycle the
///   burst is loaded into the AR register until its last R beat is accepted.
///   Their descriptors wait in a FIFO (vio_fifo); all use ARID = AXI_ID, so
///   R beats come back in order. The burst length is counted here; RLAST and
///   RID are not looked at.
///
/// Flow control and throughput:
/// - The output is a 3-entry queue whose head drives m_* from registers. An R
///   beat turns into 0, 1 or 2 output beats (2 when it ends a packet and the
///   bytes held plus its own are more than one beat). RREADY is high when a
///   burst is outstanding and the queue has room for the beats the next R
///   beat turns into, whatever m_ready does; it depends only on registers
///   and flush.
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
  `include "vio_dma_cmd_ports.vh"
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
  /// Read address: aligned to DATA_WIDTH/8, or to the transfer size for a
  /// narrow transfer.
  output wire [ADDR_WIDTH-1:0] m_axi_araddr,
  /// Burst length minus one (0 for a narrow transfer).
  output wire [7:0]            m_axi_arlen,
  /// Beat size: log2(DATA_WIDTH/8), smaller for a narrow transfer.
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
  /// Read data ready (depends only on registers and flush).
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
  localparam integer CW    = $clog2(MAX_OUTSTANDING + 1);  // burst counter
  localparam integer MW    = 2 * SL + 10;               // descriptor width

  localparam [1:0]            BURST_INCR = 2'b01;
  localparam [1:0]            RESP_OKAY  = 2'b00;
  localparam [ID_WIDTH-1:0]   ARID       = AXI_ID[ID_WIDTH-1:0];
  localparam [31:0]           BPB_32     = BPB;
  localparam [SL-1:0]         LANE_MAX   = {SL{1'b1}};
  localparam [SL:0]           BPB_W      = BPB_32[SL:0];

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg [7:0]             beat_q;                     // R beats taken of the head
  // Packer: bytes held for the next output beat (lanes >= fill are 0)
  reg [DATA_WIDTH-1:0]  acc_q;
  reg [SL-1:0]          fill_q;
  reg                   err_q;         // error seen in the packet
  // Output queue, entry 0 drives m_*
  reg [1:0]             occ_q;         // entries used (0..3)
  reg [DATA_WIDTH-1:0]  q0_data_q;
  reg                   q0_last_q;
  reg                   q0_err_q;
  reg [DATA_WIDTH-1:0]  q1_data_q;
  reg                   q1_last_q;
  reg                   q1_err_q;
  reg [DATA_WIDTH-1:0]  q2_data_q;
  reg                   q2_last_q;
  reg                   q2_err_q;

  // ---------------------------------------------------------------------------
  // Burst splitter and AR register: the held command cut into bursts
  // ---------------------------------------------------------------------------
  // Reads are byte-precise (NARROW), so the memory sees no byte outside the
  // command. Each burst's descriptor goes to the FIFO below.
  wire                  desc_room;
  wire                  desc_push;
  wire [MW-1:0]         desc;
  wire                  split_busy;

  vio_burst_split #(
    .DATA_WIDTH (DATA_WIDTH),
    .ADDR_WIDTH (ADDR_WIDTH),
    .LEN_WIDTH  (LEN_WIDTH),
    .MAX_BURST  (MAX_BURST),
    .NARROW     (1)
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
    .m_ax_addr     (m_axi_araddr),
    .m_ax_len      (m_axi_arlen),
    .m_ax_size     (m_axi_arsize),
    .m_ax_valid    (m_axi_arvalid),
    .m_ax_ready    (m_axi_arready),
    .busy          (split_busy)
  );

  // ---------------------------------------------------------------------------
  // Descriptors of the bursts in flight, {pad, pkt_last, len_m1, hi_m1, lo}:
  // written at issue, read by the R side; count = bursts in flight
  // ---------------------------------------------------------------------------
  wire                  head_valid;                 // a burst is in flight
  wire                  head_done;                  // its last R beat is taken
  wire [MW-1:0]         head;
  wire [CW-1:0]         outst;
`ifdef FORMAL_VIO_DMA_RD
  wire [MAX_OUTSTANDING*MW-1:0] f_desc_entries;   // the FIFO's entries, head first
`endif

  vio_fifo #(
    .WIDTH (MW),
    .DEPTH (MAX_OUTSTANDING)
  ) u_desc (
    .clk     (clk),
    .rst_n   (rst_n),
    .s_valid (desc_push),
    .s_ready (desc_room),
    .s_data  (desc),
    .m_valid (head_valid),
    .m_ready (head_done),
    .m_data  (head),
    .count   (outst)
`ifdef FORMAL_VIO_DMA_RD
    ,
    .f_entries (f_desc_entries)
`endif
  );

  // ---------------------------------------------------------------------------
  // R side: the head descriptor and the current beat's byte range
  // ---------------------------------------------------------------------------
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
  wire                 rready      = head_valid & (flush | (occ_after <= 3'd3));
  wire                 r_take      = (m_axi_rvalid | head_pad) & rready;

  assign head_done = r_take & beat_last;

  // Packer (in the clocked process below, only when an R beat is taken): the
  // R beat is rotated so that lane lo lands on lane fill; output beat A = the
  // held bytes plus lanes fill..total-1, beat B (residual) = lanes
  // 0..total-BPB-1 when the bytes spill past one beat.

  // ---------------------------------------------------------------------------
  // Output queue
  // ---------------------------------------------------------------------------
  wire       q_pop  = (occ_q != 2'd0) & m_ready;
  wire [1:0] q_base = occ_q - {1'b0, q_pop};  // first free entry after the pop

  // ---------------------------------------------------------------------------
  // Registers. The R data path is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge rather than with every
  // change of the bus inputs, and only when an R beat is taken.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    reg [DATA_WIDTH-1:0]   r_data;
    reg [SL-1:0]           rot_amt;
    reg [DATA_WIDTH-1:0]   rot;
    // The rotation is the low half of a double-width shift; its upper half
    // is not used.
    /* verilator lint_off UNUSEDSIGNAL */
    reg [2*DATA_WIDTH-1:0] rot_dbl;
    /* verilator lint_on UNUSEDSIGNAL */
    reg [2*BPB-1:0]        lane_lt;
    reg [BPB-1:0]          lane_a;
    reg [BPB-1:0]          lane_b;
    reg [DATA_WIDTH-1:0]   mask_a;
    reg [DATA_WIDTH-1:0]   mask_b;
    integer                l;
    reg [DATA_WIDTH-1:0]   beat_a;
    reg [DATA_WIDTH-1:0]   beat_b;
    reg                    err_all;
    if (!rst_n) begin
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
      // ---- output queue: shift out the head ----
      if (q_pop) begin
        q0_data_q <= q1_data_q;
        q0_last_q <= q1_last_q;
        q0_err_q  <= q1_err_q;
        q1_data_q <= q2_data_q;
        q1_last_q <= q2_last_q;
        q1_err_q  <= q2_err_q;
      end

      if (r_take) begin
        // ---- R channel: beat counting ----
        beat_q <= beat_last ? 8'd0 : beat_q + 8'd1;

        // ---- packer: rotate the beat, cut it into beats A and B ----
        r_data  = head_pad ? {DATA_WIDTH{1'b0}} : m_axi_rdata;
        rot_amt = lo - fill_q;
        rot_dbl = {r_data, r_data} >> {rot_amt, 3'b000};
        rot     = rot_dbl[DATA_WIDTH-1:0];
        // Lanes fill..total-1 of beat A, lanes below total - BPB of beat B.
        lane_lt = ~({2*BPB{1'b1}} << total);
        lane_a  = ({BPB{1'b1}} << fill_q) & lane_lt[BPB-1:0];
        lane_b  = lane_lt[2*BPB-1:BPB];
        for (l = 0; l < BPB; l = l + 1) begin
          mask_a[8*l +: 8] = {8{lane_a[l]}};
          mask_b[8*l +: 8] = {8{lane_b[l]}};
        end
        beat_a  = acc_q | (rot & mask_a);
        beat_b  = rot & mask_b;
        err_all = err_q | (~head_pad & (m_axi_rresp != RESP_OKAY));
        if (plast) begin
          acc_q  <= {DATA_WIDTH{1'b0}};
          fill_q <= {SL{1'b0}};
          err_q  <= 1'b0;
        end else begin
          acc_q  <= total_full ? beat_b : beat_a;
          fill_q <= total[SL-1:0];
          err_q  <= err_all;
        end

        // ---- output queue: append beat A and B ----
        case (produce == 2'd0 ? 2'd3 : q_base)
          2'd0: begin
            q0_data_q <= beat_a;
            q0_last_q <= plast & ~total_over;
            q0_err_q  <= plast & ~total_over & err_all;
            q1_data_q <= beat_b;
            q1_last_q <= 1'b1;
            q1_err_q  <= err_all;
          end
          2'd1: begin
            q1_data_q <= beat_a;
            q1_last_q <= plast & ~total_over;
            q1_err_q  <= plast & ~total_over & err_all;
            q2_data_q <= beat_b;
            q2_last_q <= 1'b1;
            q2_err_q  <= err_all;
          end
          2'd2: begin
            q2_data_q <= beat_a;
            q2_last_q <= plast & ~total_over;
            q2_err_q  <= plast & ~total_over & err_all;
          end
          default: begin
            // Nothing to append, or not reached: rready keeps
            // occ_q + produce <= 3.
          end
        endcase
      end

      // ---- flush: the packer is emptied ----
      if (flush) begin
        acc_q  <= {DATA_WIDTH{1'b0}};
        fill_q <= {SL{1'b0}};
        err_q  <= 1'b0;
      end
      occ_q <= flush ? 2'd0 : q_base + (r_take ? produce : 2'd0);
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign m_valid       = (occ_q != 2'd0) & ~flush;
  assign m_data        = q0_data_q;
  assign m_last        = q0_last_q;
  assign m_err         = q0_err_q;
  assign m_axi_arid    = ARID;
  assign m_axi_arburst = BURST_INCR;
  assign m_axi_rready  = rready & ~head_pad;
  assign busy          = split_busy | head_valid |
                         (~flush & ((fill_q != {SL{1'b0}}) | (occ_q != 2'd0)));

  // Inputs that are part of the AXI4 interface but not needed here; the
  // burst count (only full / empty matter).
  wire unused_ok = &{1'b0, m_axi_rid, m_axi_rlast, outst, 1'b0};

  // ---------------------------------------------------------------------------
  // Formal properties (docs/formal.md), read only by formal/vio_dma_rd.sby,
  // which defines FORMAL_VIO_DMA_RD (and, for its prove task,
  // FORMAL_VIO_BURST_SPLIT: the splitter's own proof, that the bursts cover
  // each command exactly and read no byte outside it, runs inside this one).
  // The AXI4 property module is bound to the master port (this module is
  // the master; the write channels, unused here, are driven by a free master
  // that keeps the rules, so that the property module's covers can be
  // reached). The invariants tie each descriptor in the FIFO (its
  // entries, f_desc_entries) to the property module's read queue of ARID
  // or to the AR register.
  // ---------------------------------------------------------------------------
`ifdef FORMAL_VIO_DMA_RD
`include "vio_axi_props.vh"
  localparam integer F_RCW = $clog2(MAX_OUTSTANDING + 2);
  localparam integer F_NID = 1 << ID_WIDTH;

  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;
  reg f_rst_n_q = 1'b0;
  always @(posedge clk) f_rst_n_q <= rst_n;
  wire f_run = f_past_valid && f_rst_n_q && rst_n;

  // ---- environment: a command has at least one byte ----
  always @(*) if (s_cmd_valid) assume (s_cmd_len != {LEN_WIDTH{1'b0}});

  // ---- the unused write channels: a free master that keeps the rules
  // (two-beat bursts at address 0) ----
  (* anyseq *) reg       f_awvalid, f_wvalid, f_awready, f_wready;
  (* anyseq *) reg       f_bvalid, f_bready;
  (* anyseq *) reg [1:0] f_bresp;
  wire [1:0]             fm_awo, fm_aqn, fm_eqn;
  wire [7:0]             fm_wb;
  always @(posedge clk) begin
    if (f_past_valid && !$past(rst_n)) assume (!f_awvalid && !f_wvalid);
    if (f_past_valid && $past(rst_n) && $past(f_awvalid && !f_awready)) assume (f_awvalid);
    if (f_past_valid && $past(rst_n) && $past(f_wvalid && !f_wready)) assume (f_wvalid);
  end

  // ---- the AXI4 master rules on the port ----
  wire [F_RCW-1:0]               fm_aro;
  wire [15:0]                    fm_aql, fm_eql;
  wire [2*ID_WIDTH-1:0]          fm_aqi;
  wire [F_NID*2-1:0]             fm_bo;
  wire [F_NID*F_RCW-1:0]         fm_rn;
  wire [F_NID*MAX_OUTSTANDING*8-1:0] fm_rl;
  wire [F_NID*8-1:0]             fm_rb;

  vio_axi_props #(
    .ID_WIDTH (ID_WIDTH), .ADDR_WIDTH (ADDR_WIDTH), .DATA_WIDTH (DATA_WIDTH),
    .MASTER_SIDE (1), .MAX_WRITES (2), .MAX_READS (MAX_OUTSTANDING),
    .INCR_ONLY (1), .COVER_W_EARLY (1)
  ) f_m (
    .clk (clk), .rst_n (rst_n),
    .awid ({ID_WIDTH{1'b0}}), .awaddr ({ADDR_WIDTH{1'b0}}), .awlen (8'd1),
    .awsize (3'd0), .awburst (BURST_INCR),
    .awvalid (f_awvalid), .awready (f_awready),
    .wdata ({DATA_WIDTH{1'b0}}), .wstrb ({BPB{1'b0}}), .wlast (fm_wb == 8'd1),
    .wvalid (f_wvalid), .wready (f_wready),
    .bid ({ID_WIDTH{1'b0}}), .bresp (f_bresp), .bvalid (f_bvalid),
    .bready (f_bready),
    .arid (m_axi_arid), .rid (m_axi_rid), `VIO_AXI_RD_BODY_CONN(, m_axi_),
    `VIO_AXI_PROPS_TRACK_CONN(fm_)
  );
  wire [F_RCW-1:0] f_rn_mine = fm_rn[AXI_ID*F_RCW +: F_RCW];
  wire [MAX_OUTSTANDING*8-1:0] f_rl_q = fm_rl[AXI_ID*MAX_OUTSTANDING*8 +: MAX_OUTSTANDING*8];
  wire [7:0]       f_rb_mine = fm_rb[AXI_ID*8 +: 8];

  // ---- the burst last issued: the FIFO's newest entry ----
  reg  [MW-1:0] f_rd;
  always @(posedge clk) if (desc_push) f_rd <= desc;

  // ---- the bursts in flight, oldest first: each descriptor names at least
  // one byte in at most MAX_BURST beats (as the splitter's proof shows of
  // every descriptor pushed); the bursts that are not padding are, in order,
  // the property module's read bursts of ARID (ARLEN = len_m1), then the one
  // in the AR register, if any (the newest; padding may follow it) ----
  reg              f_dq_ok;       // every entry as above
  reg              f_ar_found;    // the AR register's burst is in the FIFO
  reg  [F_RCW-1:0] f_np;          // entries that are not padding
  reg  [MW-1:0]    f_de;
  integer          f_k;
  always @(*) begin
    f_dq_ok    = 1'b1;
    f_ar_found = 1'b0;
    f_np       = {F_RCW{1'b0}};
    f_de       = {MW{1'b0}};
    for (f_k = 0; f_k < MAX_OUTSTANDING; f_k = f_k + 1) begin
      if (f_k < outst) begin
        f_de = f_desc_entries[f_k*MW +: MW];
        if ({24'd0, f_de[2*SL+7:2*SL]} >= MAX_BURST) f_dq_ok = 1'b0;
        if (f_de[2*SL+7:2*SL] == 8'd0 && f_de[2*SL-1:SL] < f_de[SL-1:0]) f_dq_ok = 1'b0;
        if (f_k == outst - 1 && f_de != f_rd) f_dq_ok = 1'b0;
        if (!f_de[2*SL+9]) begin
          if (f_np < f_rn_mine) begin
            if (f_de[2*SL+7:2*SL] != f_rl_q[f_np*8 +: 8]) f_dq_ok = 1'b0;
          end else if (f_np == f_rn_mine && m_axi_arvalid
                       && f_de[2*SL+7:2*SL] == m_axi_arlen) begin
            f_ar_found = 1'b1;
          end else begin
            f_dq_ok = 1'b0;
          end
          f_np = f_np + {{F_RCW-1{1'b0}}, 1'b1};
        end
      end
    end
  end

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // ---- R: taken only for a burst requested ----
      if (m_axi_rready) assert (head_valid && !head_pad);
      // the AR is a burst's in flight (the newest not padding), never for
      // padding
      if (m_axi_arvalid) assert (head_valid && f_ar_found);
      // flush: the R beats owed are taken (and dropped)
      if (flush && head_valid && !head_pad) assert (m_axi_rready);
      // ---- output: m_err only with m_last ----
      if (m_valid && !m_last) assert (!m_err);

      // ---- invariants ----
      // the free write master's bursts all have two beats
      assert (fm_wb <= 8'd1);
      if (fm_aqn != 2'd0) assert (fm_aql[7:0] == 8'd1);
      if (fm_aqn == 2'd2) assert (fm_aql[15:8] == 8'd1);
      if (fm_eqn != 2'd0) assert (fm_eql[7:0] == 8'd1);
      if (fm_eqn == 2'd2) assert (fm_eql[15:8] == 8'd1);
      // reads of ARID only
      assert ((fm_rn & ~({{F_NID*F_RCW-F_RCW{1'b0}}, {F_RCW{1'b1}}} << (AXI_ID*F_RCW)))
              == {F_NID*F_RCW{1'b0}});
      if (!head_valid) assert (beat_q == 8'd0);
      else assert (beat_q <= head_len_m1);
      // the head descriptor names at least one byte (as the splitter's
      // proof shows of every descriptor pushed)
      if (head_valid && head_len_m1 == 8'd0) assert (head_hi_m1 >= head_lo);
      if (head_valid) assert ({24'd0, head_len_m1} < MAX_BURST);
      // the bursts in flight against the read queue of ARID and the AR
      assert (f_dq_ok);
      assert (f_np == f_rn_mine + {{F_RCW-1{1'b0}}, m_axi_arvalid});
      // the head's beats taken: its R beats returned, none while padding
      // heads the FIFO, none before its AR is accepted
      if (head_valid && head_pad) assert (f_rb_mine == 8'd0);
      if (head_valid && !head_pad) begin
        if (f_rn_mine != {F_RCW{1'b0}}) assert (f_rb_mine == beat_q);
        else assert (beat_q == 8'd0);
      end
    end
  end

  // ---- reference model of the packer: positions in the output stream ----
  // f_out: output beats delivered; f_emit: beats appended to the output
  // queue (both counted from reset, modulo 2**16); f_fill: bytes of the
  // packet beyond its last whole beat; f_perr: a RRESP not OKAY in the
  // packet so far. Each beat taken (an R beat, or a padding beat) brings the
  // bytes lo..hi of the head burst's beat, which go to the packet's next
  // positions.
  reg  [15:0]   f_out = 16'd0;
  reg  [15:0]   f_emit = 16'd0;
  reg  [SL-1:0] f_fill = {SL{1'b0}};
  reg           f_perr = 1'b0;
  wire          f_k_first = (beat_q == 8'd0);
  wire          f_k_final = (beat_q == head[2*SL+7:2*SL]);
  wire [SL:0]   f_k_lo    = f_k_first ? {1'b0, head[SL-1:0]} : {(SL+1){1'b0}};
  wire [SL:0]   f_k_hi    = f_k_final ? {1'b0, head[2*SL-1:SL]} : {1'b0, LANE_MAX};
  wire [SL:0]   f_k_n     = f_k_hi - f_k_lo + 1'b1;      // bytes it brings
  wire [SL+1:0] f_k_tot   = {2'b00, f_fill} + {1'b0, f_k_n};
  wire          f_k_plast = f_k_final && head[2*SL+8];
  wire          f_k_bad   = !head[2*SL+9] && m_axi_rresp != RESP_OKAY;
  // output beats it completes: at the packet's end every byte held
  wire [1:0]    f_k_beats = f_k_plast ? ((f_k_tot > BPB) ? 2'd2 : 2'd1)
                                      : ((f_k_tot >= BPB) ? 2'd1 : 2'd0);
  wire          f_o_hs    = m_valid && m_ready;
  always @(posedge clk) begin
    if (!rst_n) begin
      f_out  <= 16'd0;
      f_emit <= 16'd0;
      f_fill <= {SL{1'b0}};
      f_perr <= 1'b0;
    end else if (flush) begin
      f_emit <= f_out;
      f_fill <= {SL{1'b0}};
      f_perr <= 1'b0;
    end else begin
      f_out <= f_out + {15'd0, f_o_hs};
      if (r_take) begin
        f_emit <= f_emit + {14'd0, f_k_beats};
        f_fill <= f_k_plast ? {SL{1'b0}} : f_k_tot[SL-1:0];
        f_perr <= !f_k_plast && (f_perr || f_k_bad);
      end
    end
  end

  // One byte, picked freely as it is taken, followed to the output: its
  // output beat (f_tb_g, counted as f_out) and lane, and its value (0 for
  // padding).
  (* anyseq *) reg          f_pick;
  (* anyseq *) reg [SL-1:0] f_pick_j;          // which of the beat's bytes
  reg                       f_tb = 1'b0;
  reg  [15:0]               f_tb_g;
  reg  [SL-1:0]             f_tb_l;
  reg  [7:0]                f_tb_v;
  wire [SL:0]               f_pj  = {1'b0, f_pick_j};
  wire [SL+1:0]             f_pq  = {2'b00, f_fill} + {1'b0, f_pj};   // packet lane
  wire [SL:0]               f_pr  = f_k_lo + f_pj;                      // R lane
  wire [DATA_WIDTH-1:0]     f_rd_data = head[2*SL+9] ? {DATA_WIDTH{1'b0}} : m_axi_rdata;
  // One output beat, picked freely as it is completed, followed to the
  // output: its beat (f_tq_g), whether it ends the packet, its bytes
  // (the lanes above are 0) and its error flag.
  (* anyseq *) reg          f_pick2, f_pick2_b;
  reg                       f_tq = 1'b0;
  reg  [15:0]               f_tq_g;
  reg                       f_tq_last, f_tq_err;
  reg  [SL:0]               f_tq_n;
  always @(posedge clk) begin
    if (!rst_n || flush) begin
      f_tb <= 1'b0;
      f_tq <= 1'b0;
    end else begin
      if (f_tb && f_o_hs && f_out == f_tb_g) f_tb <= 1'b0;
      if (f_tq && f_o_hs && f_out == f_tq_g) f_tq <= 1'b0;
      if (!f_tb && r_take && f_pick && f_pj < f_k_n) begin
        f_tb   <= 1'b1;
        f_tb_g <= f_emit + {15'd0, f_pq >= BPB};
        f_tb_l <= f_pq[SL-1:0];
        f_tb_v <= f_rd_data[{f_pr[SL-1:0], 3'b000} +: 8];
      end
      if (!f_tq && r_take && f_pick2 && f_k_beats != 2'd0
          && (!f_pick2_b || f_k_beats == 2'd2)) begin
        f_tq      <= 1'b1;
        f_tq_g    <= f_emit + {15'd0, f_pick2_b};
        // beat A: the packet's last when it holds every byte left; beat B
        // (only at the packet's end): its last
        f_tq_last <= f_k_plast && (f_pick2_b || f_k_beats == 2'd1);
        f_tq_err  <= f_k_plast && (f_pick2_b || f_k_beats == 2'd1) && (f_perr || f_k_bad);
        f_tq_n    <= (f_k_plast && f_pick2_b) ? f_k_tot[SL:0] - BPB_W
                   : (f_k_plast && f_k_beats == 2'd1) ? f_k_tot[SL:0] : BPB_W;
      end
    end
  end

  // the queue entries, by their distance from the head
  wire [15:0] f_tb_d = f_tb_g - f_out;
  wire [15:0] f_tq_d = f_tq_g - f_out;
  function automatic [7:0] f_lane(input [DATA_WIDTH-1:0] d, input [SL-1:0] l);
    f_lane = d[{l, 3'b000} +: 8];
  endfunction
  function automatic f_hi_zero(input [DATA_WIDTH-1:0] d, input [SL:0] n);
    f_hi_zero = (d >> {n, 3'b000}) == {DATA_WIDTH{1'b0}};
  endfunction
  wire [DATA_WIDTH-1:0] f_tq_data = (f_tq_d == 16'd0) ? q0_data_q
                                  : (f_tq_d == 16'd1) ? q1_data_q : q2_data_q;
  wire                  f_tq_qlast = (f_tq_d == 16'd0) ? q0_last_q
                                   : (f_tq_d == 16'd1) ? q1_last_q : q2_last_q;
  wire                  f_tq_qerr = (f_tq_d == 16'd0) ? q0_err_q
                                  : (f_tq_d == 16'd1) ? q1_err_q : q2_err_q;
  wire [DATA_WIDTH-1:0] f_tb_data = (f_tb_d == {14'd0, occ_q}) ? acc_q
                                  : (f_tb_d == 16'd0) ? q0_data_q
                                  : (f_tb_d == 16'd1) ? q1_data_q
                                  : q2_data_q;

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // ---- the output stream: every byte in its place, in order ----
      if (m_valid && f_tb && f_tb_d == 16'd0) assert (f_lane(m_data, f_tb_l) == f_tb_v);
      if (m_valid && f_tq && f_tq_d == 16'd0) begin
        assert (m_last == f_tq_last);
        assert (m_err == f_tq_err);
        assert (f_hi_zero(m_data, f_tq_n));
      end
      // ---- busy low: nothing held, nothing owed on the bus ----
      if (!busy) begin
        assert (s_cmd_ready && !m_valid && !m_axi_arvalid);
        assert (f_rn_mine == {F_RCW{1'b0}});
        if (!flush) assert (f_fill == {SL{1'b0}} && f_emit == f_out);
      end
      // ---- invariants: the packer and the queue against the model ----
      assert (f_emit - f_out == {14'd0, occ_q});
      assert (fill_q == f_fill && err_q == f_perr);
      assert (f_hi_zero(acc_q, {1'b0, fill_q}));
      assert (!q0_err_q || q0_last_q);
      assert (!q1_err_q || q1_last_q);
      assert (!q2_err_q || q2_last_q);
      if (f_tb) begin
        assert (f_tb_d <= {14'd0, occ_q});
        assert (f_lane(f_tb_data, f_tb_l) == f_tb_v);
        if (f_tb_d == {14'd0, occ_q}) assert (f_tb_l < fill_q);
      end
      if (f_tq) begin
        assert (f_tq_d < {14'd0, occ_q});
        assert (f_tq_qlast == f_tq_last && f_tq_qerr == f_tq_err);
        assert (f_hi_zero(f_tq_data, f_tq_n));
        assert (f_tq_n != {(SL+1){1'b0}} && f_tq_n <= BPB_W);
        if (!f_tq_last) assert (f_tq_n == BPB_W);
      end
    end
  end

  always @(posedge clk) begin
    if (f_run) begin
      // output held until accepted (flush drops it)
      if ($past(m_valid && !m_ready) && !flush)
        assert (m_valid && $stable(m_data) && $stable(m_last) && $stable(m_err));
      if (f_past_valid && !$past(rst_n)) assert (!m_valid);
    end
  end

  // ---- covers ----
  always @(posedge clk) begin
    if (f_run) begin
      // a packet delivered
      cover (m_valid && m_ready && m_last);
      // a packet's last R beat turned into two output beats
      cover (r_take && f_k_beats == 2'd2);
      // back-to-back R beats delivered under output back-pressure
      cover ($past(m_valid && !m_ready) && m_valid && m_ready && occ_q == 2'd3);
      // a packet's last beat delivered with an error flag
      cover (m_valid && m_ready && m_last && m_err);
      // a narrow head (an unaligned single R beat) packed behind bytes held
      cover (m_axi_rvalid && m_axi_rready && head_len_m1 == 8'd0
             && head_lo != {SL{1'b0}} && fill_q != {SL{1'b0}});
      // a narrow tail (a single R beat short of a beat) ends a packet
      cover (m_axi_rvalid && m_axi_rready && head_len_m1 == 8'd0
             && head_lo == {SL{1'b0}} && head_hi_m1 != LANE_MAX && f_k_plast);
      // a multi-beat burst's last R beat taken
      cover (m_axi_rvalid && m_axi_rready && beat_q != 8'd0 && f_k_final);
      // padding bytes (stop or padding command) delivered as zeros
      cover (r_take && head_pad && f_k_plast);
      // a flush while R beats are owed: they are taken and dropped
      cover (flush && m_axi_rvalid && m_axi_rready);
    end
  end
`endif

endmodule

`default_nettype wire
