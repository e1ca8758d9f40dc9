`default_nettype none

/// Read half of the DMA copier: splits the source range into INCR bursts and
/// pushes every returned R beat into the copier's data FIFO.
///
/// - Bursts are at most max_burst_m1_i+1 beats, never cross a 4 KiB boundary,
///   use full-width beats and ARID 0.
/// - Up to max_outstanding_i bursts are in flight (counted from the cycle
///   ARVALID is raised until RLAST is received).
/// - Flow control by credits: an AR is only issued when the FIFO has room for
///   the whole burst that has not been promised to an earlier burst, so every
///   R beat can be accepted. RREADY is therefore tied high. R beats that arrive
///   while no read is outstanding are not expected and are discarded.
/// - ARVALID and the AR payload come from registers and stay stable until
///   ARREADY; no beat is ever dropped.
module tb_dma_copy_rd #(
  /// AXI4 data width in bits (32, 64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// AXI4 ID width in bits.
  parameter integer ID_WIDTH   = 4,
  /// Depth of the copier's data FIFO in beats (initial number of credits).
  parameter integer FIFO_DEPTH = 512
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock.
  input  wire                  clk,
  /// Synchronous active-low reset.
  input  wire                  rst_n,

  // ---------------------------------------------------------------------------
  // Control
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: start reading (only while idle_o; beats_i > 0).
  input  wire                  start_i,
  /// Source byte address, aligned to DATA_WIDTH/8.
  input  wire [63:0]           src_i,
  /// Number of beats to read.
  input  wire [31:0]           beats_i,
  /// Maximum burst length minus one, in beats.
  input  wire [7:0]            max_burst_m1_i,
  /// Maximum number of read bursts in flight (1..15).
  input  wire [3:0]            max_outstanding_i,
  /// No read is in progress.
  output wire                  idle_o,
  /// Some R beat of the current copy had RRESP != OKAY (cleared by start_i).
  output wire                  error_o,

  // ---------------------------------------------------------------------------
  // Data FIFO
  // ---------------------------------------------------------------------------
  /// Write one beat into the FIFO.
  output wire                  push_o,
  /// Beat to write.
  output wire [DATA_WIDTH-1:0] push_data_o,
  /// One beat has been read from the FIFO (returns one credit).
  input  wire                  pop_i,

  // ---------------------------------------------------------------------------
  // AXI4 master read address channel
  // ---------------------------------------------------------------------------
  /// Read address ID (always 0).
  output wire [ID_WIDTH-1:0]   m_axi_arid,
  /// Read address.
  output wire [63:0]           m_axi_araddr,
  /// Burst length minus one.
  output wire [7:0]            m_axi_arlen,
  /// Beat size, log2(DATA_WIDTH/8).
  output wire [2:0]            m_axi_arsize,
  /// Burst type, always INCR.
  output wire [1:0]            m_axi_arburst,
  /// Lock, always 0.
  output wire                  m_axi_arlock,
  /// Cache, always 4'b0011 (normal, non-cacheable, bufferable).
  output wire [3:0]            m_axi_arcache,
  /// Protection, always 0.
  output wire [2:0]            m_axi_arprot,
  /// Read address valid.
  output wire                  m_axi_arvalid,
  /// Read address ready.
  input  wire                  m_axi_arready,

  // ---------------------------------------------------------------------------
  // AXI4 master read data channel
  // ---------------------------------------------------------------------------
  /// Read data.
  input  wire [DATA_WIDTH-1:0] m_axi_rdata,
  /// Read response.
  input  wire [1:0]            m_axi_rresp,
  /// Last beat of a burst.
  input  wire                  m_axi_rlast,
  /// Read data valid.
  input  wire                  m_axi_rvalid,
  /// Read data ready (tied high, see above).
  output wire                  m_axi_rready
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
    begin : g_bad_data_width
      tb_dma_copy_rd_error_DATA_WIDTH_must_be_32_64_128_or_256 u_param_error ();
    end
    if (FIFO_DEPTH < 512 || FIFO_DEPTH > 65536 || (FIFO_DEPTH & (FIFO_DEPTH - 1)) != 0)
    begin : g_bad_fifo_depth
      tb_dma_copy_rd_error_FIFO_DEPTH_must_be_power_of_2_512_to_65536 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer   SIZE_LOG2 = (DATA_WIDTH == 32)  ? 2 :
                                   (DATA_WIDTH == 64)  ? 3 :
                                   (DATA_WIDTH == 128) ? 4 : 5;
  localparam [2:0]     AXSIZE    = SIZE_LOG2 == 2 ? 3'd2 : SIZE_LOG2 == 3 ? 3'd3 :
                                 SIZE_LOG2 == 4 ? 3'd4 : 3'd5;
  localparam integer   CW        = $clog2(FIFO_DEPTH + 1);  // credit counter bits
  localparam [31:0]    DEPTH32   = FIFO_DEPTH;
  localparam [CW-1:0]  CREDITS   = DEPTH32[CW-1:0];
  localparam [1:0]     BURST_INCR = 2'b01;

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
  reg          active_q,    active_d;     // a read is in progress
  reg [63:0]   next_addr_q, next_addr_d;  // address of the next burst
  reg [31:0]   left_q,      left_d;       // beats not yet requested
  reg [7:0]    max_m1_q,    max_m1_d;     // latched at start
  reg [3:0]    max_outst_q, max_outst_d;  // latched at start
  reg [4:0]    outst_q,     outst_d;      // bursts issued, RLAST not seen
  reg [CW-1:0] credits_q,   credits_d;    // FIFO slots not promised yet
  reg          error_q,     error_d;
  reg          arvalid_q,   arvalid_d;
  reg [63:0]   araddr_q,    araddr_d;
  reg [7:0]    arlen_q,     arlen_d;

  // ---------------------------------------------------------------------------
  // Burst issue and beat accounting
  // ---------------------------------------------------------------------------
  wire [8:0] beats     = burst_beats(next_addr_q[11:0], left_q, max_m1_q);
  wire       ar_free   = ~arvalid_q | m_axi_arready;
  wire       issue     = active_q & (left_q != 32'd0) & ar_free
                         & (credits_q >= {{(CW-9){1'b0}}, beats})
                         & (outst_q < {1'b0, max_outst_q});
  wire       r_beat    = m_axi_rvalid & (outst_q != 5'd0);
  wire       r_done    = r_beat & m_axi_rlast;

  always @* begin
    active_d    = active_q;
    next_addr_d = next_addr_q;
    left_d      = left_q;
    max_m1_d    = max_m1_q;
    max_outst_d = max_outst_q;
    outst_d     = outst_q;
    credits_d   = credits_q;
    error_d     = error_q;
    arvalid_d   = arvalid_q;
    araddr_d    = araddr_q;
    arlen_d     = arlen_q;

    // ---- start / finish ----
    if (start_i && !active_q) begin
      active_d    = 1'b1;
      next_addr_d = src_i;
      left_d      = beats_i;
      max_m1_d    = max_burst_m1_i;
      max_outst_d = max_outstanding_i;
      error_d     = 1'b0;
    end else if (active_q && left_q == 32'd0 && !arvalid_q && outst_q == 5'd0) begin
      active_d = 1'b0;
    end

    // ---- AR channel ----
    if (m_axi_arready) arvalid_d = 1'b0;
    if (issue) begin
      arvalid_d   = 1'b1;
      araddr_d    = next_addr_q;
      arlen_d     = beats[7:0] - 8'd1;
      next_addr_d = next_addr_q + ({55'd0, beats} << SIZE_LOG2);
      left_d      = left_q - {23'd0, beats};
    end

    // ---- outstanding bursts, credits, errors ----
    outst_d   = outst_q + {4'd0, issue} - {4'd0, r_done};
    credits_d = credits_q + {{(CW-1){1'b0}}, pop_i}
                - (issue ? {{(CW-9){1'b0}}, beats} : {CW{1'b0}});
    if (r_beat && m_axi_rresp != 2'b00) error_d = 1'b1;
  end

  always @(posedge clk) begin
    if (!rst_n) begin
      active_q    <= 1'b0;
      next_addr_q <= 64'd0;
      left_q      <= 32'd0;
      max_m1_q    <= 8'd0;
      max_outst_q <= 4'd1;
      outst_q     <= 5'd0;
      credits_q   <= CREDITS;
      error_q     <= 1'b0;
      arvalid_q   <= 1'b0;
      araddr_q    <= 64'd0;
      arlen_q     <= 8'd0;
    end else begin
      active_q    <= active_d;
      next_addr_q <= next_addr_d;
      left_q      <= left_d;
      max_m1_q    <= max_m1_d;
      max_outst_q <= max_outst_d;
      outst_q     <= outst_d;
      credits_q   <= credits_d;
      error_q     <= error_d;
      arvalid_q   <= arvalid_d;
      araddr_q    <= araddr_d;
      arlen_q     <= arlen_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign idle_o        = ~active_q;
  assign error_o       = error_q;
  assign push_o        = r_beat;
  assign push_data_o   = m_axi_rdata;

  assign m_axi_arid    = {ID_WIDTH{1'b0}};
  assign m_axi_araddr  = araddr_q;
  assign m_axi_arlen   = arlen_q;
  assign m_axi_arsize  = AXSIZE;
  assign m_axi_arburst = BURST_INCR;
  assign m_axi_arlock  = 1'b0;
  assign m_axi_arcache = 4'b0011;
  assign m_axi_arprot  = 3'b000;
  assign m_axi_arvalid = arvalid_q;
  assign m_axi_rready  = 1'b1;

endmodule

`default_nettype wire
