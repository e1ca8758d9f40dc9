`default_nettype none

/// Write half of the DMA copier: splits the destination range into INCR
/// bursts and streams the data FIFO out on the W channel.
///
/// - Bursts are at most max_burst_m1_i+1 beats, never cross a 4 KiB boundary,
///   use full-width beats, all strobes set and AWID 0.
/// - An AW is issued only when all beats of its burst are already in the FIFO
///   and not claimed by an earlier AW, so W never has to wait for data.
/// - W beats of a burst are driven as soon as its AW has been raised (they do
///   not wait for AWREADY, as AXI requires). The W side recomputes the same
///   burst split as the AW side to place WLAST, so no command queue is needed.
/// - At most WR_OUTSTANDING bursts are waiting for their B response. BREADY is
///   tied high; B responses arriving while none is outstanding are discarded.
/// - AWVALID/WVALID and their payloads are stable until the handshake; no beat
///   is ever dropped.
module tb_dma_copy_wr #(
  /// AXI4 data width in bits (32, 64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// AXI4 ID width in bits.
  parameter integer ID_WIDTH   = 4,
  /// Depth of the copier's data FIFO in beats (sizes the availability counter).
  parameter integer FIFO_DEPTH = 512
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock.
  input  wire                    clk,
  /// Synchronous active-low reset.
  input  wire                    rst_n,

  // ---------------------------------------------------------------------------
  // Control
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: start writing (only while idle_o; beats_i > 0).
  input  wire                    start_i,
  /// Destination byte address, aligned to DATA_WIDTH/8.
  input  wire [63:0]             dst_i,
  /// Number of beats to write.
  input  wire [31:0]             beats_i,
  /// Maximum burst length minus one, in beats.
  input  wire [7:0]              max_burst_m1_i,
  /// No write is in progress (every B response has been received).
  output wire                    idle_o,
  /// Some B response of the current copy had BRESP != OKAY (cleared by start_i).
  output wire                    error_o,

  // ---------------------------------------------------------------------------
  // Data FIFO
  // ---------------------------------------------------------------------------
  /// One beat has been written into the FIFO.
  input  wire                    push_i,
  /// Read one beat from the FIFO.
  output wire                    pop_o,
  /// FIFO head (valid whenever a claimed beat is waiting).
  input  wire [DATA_WIDTH-1:0]   pop_data_i,

  // ---------------------------------------------------------------------------
  // AXI4 master write address channel
  // ---------------------------------------------------------------------------
  /// Write address ID (always 0).
  output wire [ID_WIDTH-1:0]     m_axi_awid,
  /// Write address.
  output wire [63:0]             m_axi_awaddr,
  /// Burst length minus one.
  output wire [7:0]              m_axi_awlen,
  /// Beat size, log2(DATA_WIDTH/8).
  output wire [2:0]              m_axi_awsize,
  /// Burst type, always INCR.
  output wire [1:0]              m_axi_awburst,
  /// Lock, always 0.
  output wire                    m_axi_awlock,
  /// Cache, always 4'b0011 (normal, non-cacheable, bufferable).
  output wire [3:0]              m_axi_awcache,
  /// Protection, always 0.
  output wire [2:0]              m_axi_awprot,
  /// Write address valid.
  output wire                    m_axi_awvalid,
  /// Write address ready.
  input  wire                    m_axi_awready,

  // ---------------------------------------------------------------------------
  // AXI4 master write data channel
  // ---------------------------------------------------------------------------
  /// Write data.
  output wire [DATA_WIDTH-1:0]   m_axi_wdata,
  /// Write strobes (all set).
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
  /// Write response.
  input  wire [1:0]              m_axi_bresp,
  /// Write response valid.
  input  wire                    m_axi_bvalid,
  /// Write response ready (tied high).
  output wire                    m_axi_bready
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
    begin : g_bad_data_width
      tb_dma_copy_wr_error_DATA_WIDTH_must_be_32_64_128_or_256 u_param_error ();
    end
    if (FIFO_DEPTH < 512 || FIFO_DEPTH > 65536 || (FIFO_DEPTH & (FIFO_DEPTH - 1)) != 0)
    begin : g_bad_fifo_depth
      tb_dma_copy_wr_error_FIFO_DEPTH_must_be_power_of_2_512_to_65536 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer  SIZE_LOG2  = (DATA_WIDTH == 32)  ? 2 :
                                   (DATA_WIDTH == 64)  ? 3 :
                                   (DATA_WIDTH == 128) ? 4 : 5;
  localparam [2:0]    AXSIZE     = SIZE_LOG2 == 2 ? 3'd2 : SIZE_LOG2 == 3 ? 3'd3 :
                                 SIZE_LOG2 == 4 ? 3'd4 : 3'd5;
  localparam integer  CW         = $clog2(FIFO_DEPTH + 1);  // beat counter bits
  localparam [4:0]    WR_OUTSTANDING = 5'd16;  // bursts waiting for B, max
  localparam [1:0]    BURST_INCR = 2'b01;

  // ---------------------------------------------------------------------------
  // Helper functions
  // ---------------------------------------------------------------------------
  /// Length in beats of the next burst starting at byte address offset
  /// addr_lo (low 12 bits, beat aligned) with `left` beats still to do.
  function [8:0] burst_beats(input [11:0] addr_lo, input [31:0] left,
                             input [7:0] max_m1);
    reg [12:0] to_4k;  // beats up to the next 4 KiB boundary
    begin
      to_4k       = (13'd4096 - {1'b0, addr_lo}) >> SIZE_LOG2;
      burst_beats = {1'b0, max_m1} + 9'd1;
      if ({4'd0, burst_beats} > to_4k) burst_beats = to_4k[8:0];
      if ({23'd0, burst_beats} > left) burst_beats = left[8:0];
    end
  endfunction

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg          active_q,    active_d;     // a write is in progress
  reg [7:0]    max_m1_q,    max_m1_d;     // latched at start
  reg [CW-1:0] avail_q,     avail_d;      // beats in the FIFO not claimed by an AW
  // AW side
  reg [63:0]   aw_next_q,   aw_next_d;    // address of the next AW burst
  reg [31:0]   aw_left_q,   aw_left_d;    // beats not covered by an AW yet
  reg          awvalid_q,   awvalid_d;
  reg [63:0]   awaddr_q,    awaddr_d;
  reg [7:0]    awlen_q,     awlen_d;
  reg [4:0]    aw_ahead_q,  aw_ahead_d;   // AWs raised whose W burst has not started
  reg [4:0]    b_outst_q,   b_outst_d;    // AWs raised whose B has not arrived
  // W side
  reg [63:0]   w_next_q,    w_next_d;     // address of the next W burst
  reg [31:0]   w_left_q,    w_left_d;     // beats whose W burst has not started
  reg [8:0]    w_beats_q,   w_beats_d;    // beats left in the current W burst
  reg          error_q,     error_d;

  // ---------------------------------------------------------------------------
  // AW issue, W sequencing and B accounting
  // ---------------------------------------------------------------------------
  wire [8:0] aw_beats = burst_beats(aw_next_q[11:0], aw_left_q, max_m1_q);
  wire       aw_free  = ~awvalid_q | m_axi_awready;
  wire       issue    = active_q & (aw_left_q != 32'd0) & aw_free
                        & (avail_q >= {{(CW-9){1'b0}}, aw_beats})
                        & (b_outst_q < WR_OUTSTANDING);

  wire       wvalid   = (w_beats_q != 9'd0);
  wire       w_hs     = wvalid & m_axi_wready;
  wire [8:0] w_after  = w_beats_q - {8'd0, w_hs};  // beats left after this cycle
  wire [8:0] w_beats  = burst_beats(w_next_q[11:0], w_left_q, max_m1_q);
  wire       w_load   = (w_after == 9'd0) & (aw_ahead_q != 5'd0);

  wire       b_hs     = m_axi_bvalid & (b_outst_q != 5'd0);

  always @* begin
    active_d   = active_q;
    max_m1_d   = max_m1_q;
    avail_d    = avail_q;
    aw_next_d  = aw_next_q;
    aw_left_d  = aw_left_q;
    awvalid_d  = awvalid_q;
    awaddr_d   = awaddr_q;
    awlen_d    = awlen_q;
    aw_ahead_d = aw_ahead_q;
    b_outst_d  = b_outst_q;
    w_next_d   = w_next_q;
    w_left_d   = w_left_q;
    w_beats_d  = w_beats_q;
    error_d    = error_q;

    // ---- start / finish ----
    if (start_i && !active_q) begin
      active_d  = 1'b1;
      max_m1_d  = max_burst_m1_i;
      aw_next_d = dst_i;
      aw_left_d = beats_i;
      w_next_d  = dst_i;
      w_left_d  = beats_i;
      error_d   = 1'b0;
    end else if (active_q && aw_left_q == 32'd0 && !awvalid_q && aw_ahead_q == 5'd0
                 && w_beats_q == 9'd0 && b_outst_q == 5'd0) begin
      active_d = 1'b0;
    end

    // ---- AW channel ----
    if (m_axi_awready) awvalid_d = 1'b0;
    if (issue) begin
      awvalid_d = 1'b1;
      awaddr_d  = aw_next_q;
      awlen_d   = aw_beats[7:0] - 8'd1;
      aw_next_d = aw_next_q + ({55'd0, aw_beats} << SIZE_LOG2);
      aw_left_d = aw_left_q - {23'd0, aw_beats};
    end

    // ---- W channel: start the next burst right after the last beat ----
    w_beats_d = w_after;
    if (w_load) begin
      w_beats_d = w_beats;
      w_next_d  = w_next_q + ({55'd0, w_beats} << SIZE_LOG2);
      w_left_d  = w_left_q - {23'd0, w_beats};
    end

    // ---- counters and errors ----
    avail_d    = avail_q + {{(CW-1){1'b0}}, push_i}
                 - (issue ? {{(CW-9){1'b0}}, aw_beats} : {CW{1'b0}});
    aw_ahead_d = aw_ahead_q + {4'd0, issue} - {4'd0, w_load};
    b_outst_d  = b_outst_q + {4'd0, issue} - {4'd0, b_hs};
    if (b_hs && m_axi_bresp != 2'b00) error_d = 1'b1;
  end

  always @(posedge clk) begin
    if (!rst_n) begin
      active_q   <= 1'b0;
      max_m1_q   <= 8'd0;
      avail_q    <= {CW{1'b0}};
      aw_next_q  <= 64'd0;
      aw_left_q  <= 32'd0;
      awvalid_q  <= 1'b0;
      awaddr_q   <= 64'd0;
      awlen_q    <= 8'd0;
      aw_ahead_q <= 5'd0;
      b_outst_q  <= 5'd0;
      w_next_q   <= 64'd0;
      w_left_q   <= 32'd0;
      w_beats_q  <= 9'd0;
      error_q    <= 1'b0;
    end else begin
      active_q   <= active_d;
      max_m1_q   <= max_m1_d;
      avail_q    <= avail_d;
      aw_next_q  <= aw_next_d;
      aw_left_q  <= aw_left_d;
      awvalid_q  <= awvalid_d;
      awaddr_q   <= awaddr_d;
      awlen_q    <= awlen_d;
      aw_ahead_q <= aw_ahead_d;
      b_outst_q  <= b_outst_d;
      w_next_q   <= w_next_d;
      w_left_q   <= w_left_d;
      w_beats_q  <= w_beats_d;
      error_q    <= error_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign idle_o        = ~active_q;
  assign error_o       = error_q;
  assign pop_o         = w_hs;

  assign m_axi_awid    = {ID_WIDTH{1'b0}};
  assign m_axi_awaddr  = awaddr_q;
  assign m_axi_awlen   = awlen_q;
  assign m_axi_awsize  = AXSIZE;
  assign m_axi_awburst = BURST_INCR;
  assign m_axi_awlock  = 1'b0;
  assign m_axi_awcache = 4'b0011;
  assign m_axi_awprot  = 3'b000;
  assign m_axi_awvalid = awvalid_q;

  assign m_axi_wdata   = pop_data_i;
  assign m_axi_wstrb   = {(DATA_WIDTH/8){1'b1}};
  assign m_axi_wlast   = (w_beats_q == 9'd1);
  assign m_axi_wvalid  = wvalid;

  assign m_axi_bready  = 1'b1;

endmodule

`default_nettype wire
