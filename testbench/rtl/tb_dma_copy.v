`default_nettype none

/// AXI4 DMA copier: copies len_i bytes from src_i to dst_i.
///
/// Structure: tb_dma_copy_rd issues the read bursts and fills a data FIFO,
/// tb_dma_copy_wr drains it with write bursts; this module holds the FIFO and
/// the copy-level state machine (start, parameter check, done/error).
///
/// - src_i, dst_i and len_i must be multiples of DATA_WIDTH/8; otherwise the
///   copy finishes at once with error_o and without any bus traffic.
///   len_i == 0 finishes at once without error and without traffic.
/// - INCR bursts of at most max_burst_m1_i+1 beats, never crossing 4 KiB,
///   full-width beats, all strobes, ID 0, cache 4'b0011, prot 0, lock 0.
/// - Up to max_outstanding_i read bursts in flight, bounded by FIFO space that
///   is reserved before each AR, so RREADY stays high. An AW is issued only
///   when its data is in the FIFO, so W never stalls for data. With a
///   zero-latency, always-ready memory a long copy runs at close to one beat
///   per cycle on R and on W at the same time.
/// - Any RRESP or BRESP other than OKAY sets error_o for this copy; the copy
///   still runs to the end (the data written is whatever was read).
/// - All valid outputs hold their payload stable until the handshake and no
///   beat is ever dropped.
///
/// The FIFO reads asynchronously (the W data is the FIFO head); it maps to
/// distributed RAM or flops, which is fine for a test fixture.
module tb_dma_copy #(
  /// AXI4 data width in bits (32, 64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// AXI4 ID width in bits.
  parameter integer ID_WIDTH   = 4,
  /// Data FIFO depth in beats (power of two, 512..65536).
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
  // Control and status
  // ---------------------------------------------------------------------------
  /// One-cycle start pulse; ignored while busy_o.
  input  wire                    start_i,
  /// Source byte address (sampled with start_i).
  input  wire [63:0]             src_i,
  /// Destination byte address (sampled with start_i).
  input  wire [63:0]             dst_i,
  /// Length in bytes (sampled with start_i).
  input  wire [31:0]             len_i,
  /// Maximum burst length minus one, in beats (sampled with start_i).
  input  wire [7:0]              max_burst_m1_i,
  /// Maximum read bursts in flight, 1..15 (sampled with start_i).
  input  wire [3:0]              max_outstanding_i,
  /// High from the cycle after start_i up to and including the done_o cycle.
  output wire                    busy_o,
  /// One-cycle pulse: the copy has finished.
  output wire                    done_o,
  /// Qualifies done_o: misaligned request, or an RRESP/BRESP was not OKAY.
  output wire                    error_o,

  // ---------------------------------------------------------------------------
  // AXI4 master write address channel
  // ---------------------------------------------------------------------------
  /// Write address ID (always 0).
  output wire [ID_WIDTH-1:0]     m_axi_awid,
  /// Write address.
  output wire [63:0]             m_axi_awaddr,
  /// Burst length minus one.
  output wire [7:0]              m_axi_awlen,
  /// Beat size.
  output wire [2:0]              m_axi_awsize,
  /// Burst type (INCR).
  output wire [1:0]              m_axi_awburst,
  /// Lock (0).
  output wire                    m_axi_awlock,
  /// Cache (4'b0011).
  output wire [3:0]              m_axi_awcache,
  /// Protection (0).
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
  /// Write strobes.
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
  /// Write response ID (ignored, only ID 0 is used).
  input  wire [ID_WIDTH-1:0]     m_axi_bid,
  /// Write response.
  input  wire [1:0]              m_axi_bresp,
  /// Write response valid.
  input  wire                    m_axi_bvalid,
  /// Write response ready.
  output wire                    m_axi_bready,

  // ---------------------------------------------------------------------------
  // AXI4 master read address channel
  // ---------------------------------------------------------------------------
  /// Read address ID (always 0).
  output wire [ID_WIDTH-1:0]     m_axi_arid,
  /// Read address.
  output wire [63:0]             m_axi_araddr,
  /// Burst length minus one.
  output wire [7:0]              m_axi_arlen,
  /// Beat size.
  output wire [2:0]              m_axi_arsize,
  /// Burst type (INCR).
  output wire [1:0]              m_axi_arburst,
  /// Lock (0).
  output wire                    m_axi_arlock,
  /// Cache (4'b0011).
  output wire [3:0]              m_axi_arcache,
  /// Protection (0).
  output wire [2:0]              m_axi_arprot,
  /// Read address valid.
  output wire                    m_axi_arvalid,
  /// Read address ready.
  input  wire                    m_axi_arready,

  // ---------------------------------------------------------------------------
  // AXI4 master read data channel
  // ---------------------------------------------------------------------------
  /// Read data ID (ignored, only ID 0 is used).
  input  wire [ID_WIDTH-1:0]     m_axi_rid,
  /// Read data.
  input  wire [DATA_WIDTH-1:0]   m_axi_rdata,
  /// Read response.
  input  wire [1:0]              m_axi_rresp,
  /// Last beat of a burst.
  input  wire                    m_axi_rlast,
  /// Read data valid.
  input  wire                    m_axi_rvalid,
  /// Read data ready.
  output wire                    m_axi_rready
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
    begin : g_bad_data_width
      tb_dma_copy_error_DATA_WIDTH_must_be_32_64_128_or_256 u_param_error ();
    end
    if (FIFO_DEPTH < 512 || FIFO_DEPTH > 65536 || (FIFO_DEPTH & (FIFO_DEPTH - 1)) != 0)
    begin : g_bad_fifo_depth
      tb_dma_copy_error_FIFO_DEPTH_must_be_power_of_2_512_to_65536 u_param_error ();
    end
    if (ID_WIDTH < 1 || ID_WIDTH > 32) begin : g_bad_id_width
      tb_dma_copy_error_ID_WIDTH_must_be_1_to_32 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer SIZE_LOG2 = (DATA_WIDTH == 32)  ? 2 :
                                 (DATA_WIDTH == 64)  ? 3 :
                                 (DATA_WIDTH == 128) ? 4 : 5;
  localparam integer PW        = $clog2(FIFO_DEPTH);  // FIFO pointer bits

  // Copy state machine
  localparam [1:0] S_IDLE   = 2'd0;  // waiting for start_i
  localparam [1:0] S_RUN    = 2'd1;  // read and write halves busy
  localparam [1:0] S_FINISH = 2'd2;  // done_o pulse

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg [1:0]            state_q,  state_d;
  reg                  err_q,    err_d;     // error of the copy (valid in S_FINISH)
  reg [PW-1:0]         wr_ptr_q, wr_ptr_d;  // FIFO write pointer
  reg [PW-1:0]         rd_ptr_q, rd_ptr_d;  // FIFO read pointer
  reg [DATA_WIDTH-1:0] fifo_mem [0:FIFO_DEPTH-1];  // FIFO storage, not reset

  // ---------------------------------------------------------------------------
  // Interconnect between the halves and the FIFO
  // ---------------------------------------------------------------------------
  wire                  rd_idle, rd_error;
  wire                  wr_idle, wr_error;
  wire                  fifo_push, fifo_pop;
  wire [DATA_WIDTH-1:0] fifo_push_data;
  wire [DATA_WIDTH-1:0] fifo_head = fifo_mem[rd_ptr_q];

  // ---------------------------------------------------------------------------
  // Start decode
  // ---------------------------------------------------------------------------
  wire [SIZE_LOG2-1:0] misalign_bits = src_i[SIZE_LOG2-1:0] | dst_i[SIZE_LOG2-1:0]
                                       | len_i[SIZE_LOG2-1:0];
  wire                 aligned       = (misalign_bits == {SIZE_LOG2{1'b0}});
  wire                 start         = start_i & (state_q == S_IDLE);
  wire                 start_halves  = start & aligned & (len_i != 32'd0);
  wire [31:0]          beats         = len_i >> SIZE_LOG2;

  always @* begin
    state_d  = state_q;
    err_d    = err_q;
    wr_ptr_d = wr_ptr_q + {{(PW-1){1'b0}}, fifo_push};
    rd_ptr_d = rd_ptr_q + {{(PW-1){1'b0}}, fifo_pop};

    case (state_q)
      S_IDLE: begin
        if (start) begin
          err_d = ~aligned;
          // Misaligned or empty copies finish without any bus traffic.
          state_d = start_halves ? S_RUN : S_FINISH;
        end
      end
      S_RUN: begin
        if (rd_idle && wr_idle) begin
          err_d   = rd_error | wr_error;
          state_d = S_FINISH;
        end
      end
      S_FINISH: begin
        state_d = S_IDLE;
      end
      default: begin
        state_d = S_IDLE;
      end
    endcase
  end

  always @(posedge clk) begin
    if (!rst_n) begin
      state_q  <= S_IDLE;
      err_q    <= 1'b0;
      wr_ptr_q <= {PW{1'b0}};
      rd_ptr_q <= {PW{1'b0}};
    end else begin
      state_q  <= state_d;
      err_q    <= err_d;
      wr_ptr_q <= wr_ptr_d;
      rd_ptr_q <= rd_ptr_d;
    end
    // FIFO storage needs no reset: the pointers say what is valid.
    if (fifo_push) fifo_mem[wr_ptr_q] <= fifo_push_data;
  end

  // ---------------------------------------------------------------------------
  // Read half
  // ---------------------------------------------------------------------------
  tb_dma_copy_rd #(
    .DATA_WIDTH (DATA_WIDTH),
    .ID_WIDTH   (ID_WIDTH),
    .FIFO_DEPTH (FIFO_DEPTH)
  ) u_rd (
    .clk               (clk),
    .rst_n             (rst_n),
    .start_i           (start_halves),
    .src_i             (src_i),
    .beats_i           (beats),
    .max_burst_m1_i    (max_burst_m1_i),
    .max_outstanding_i (max_outstanding_i),
    .idle_o            (rd_idle),
    .error_o           (rd_error),
    .push_o            (fifo_push),
    .push_data_o       (fifo_push_data),
    .pop_i             (fifo_pop),
    .m_axi_arid        (m_axi_arid),
    .m_axi_araddr      (m_axi_araddr),
    .m_axi_arlen       (m_axi_arlen),
    .m_axi_arsize      (m_axi_arsize),
    .m_axi_arburst     (m_axi_arburst),
    .m_axi_arlock      (m_axi_arlock),
    .m_axi_arcache     (m_axi_arcache),
    .m_axi_arprot      (m_axi_arprot),
    .m_axi_arvalid     (m_axi_arvalid),
    .m_axi_arready     (m_axi_arready),
    .m_axi_rdata       (m_axi_rdata),
    .m_axi_rresp       (m_axi_rresp),
    .m_axi_rlast       (m_axi_rlast),
    .m_axi_rvalid      (m_axi_rvalid),
    .m_axi_rready      (m_axi_rready)
  );

  // ---------------------------------------------------------------------------
  // Write half
  // ---------------------------------------------------------------------------
  tb_dma_copy_wr #(
    .DATA_WIDTH (DATA_WIDTH),
    .ID_WIDTH   (ID_WIDTH),
    .FIFO_DEPTH (FIFO_DEPTH)
  ) u_wr (
    .clk            (clk),
    .rst_n          (rst_n),
    .start_i        (start_halves),
    .dst_i          (dst_i),
    .beats_i        (beats),
    .max_burst_m1_i (max_burst_m1_i),
    .idle_o         (wr_idle),
    .error_o        (wr_error),
    .push_i         (fifo_push),
    .pop_o          (fifo_pop),
    .pop_data_i     (fifo_head),
    .m_axi_awid     (m_axi_awid),
    .m_axi_awaddr   (m_axi_awaddr),
    .m_axi_awlen    (m_axi_awlen),
    .m_axi_awsize   (m_axi_awsize),
    .m_axi_awburst  (m_axi_awburst),
    .m_axi_awlock   (m_axi_awlock),
    .m_axi_awcache  (m_axi_awcache),
    .m_axi_awprot   (m_axi_awprot),
    .m_axi_awvalid  (m_axi_awvalid),
    .m_axi_awready  (m_axi_awready),
    .m_axi_wdata    (m_axi_wdata),
    .m_axi_wstrb    (m_axi_wstrb),
    .m_axi_wlast    (m_axi_wlast),
    .m_axi_wvalid   (m_axi_wvalid),
    .m_axi_wready   (m_axi_wready),
    .m_axi_bresp    (m_axi_bresp),
    .m_axi_bvalid   (m_axi_bvalid),
    .m_axi_bready   (m_axi_bready)
  );

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign busy_o  = (state_q != S_IDLE);
  assign done_o  = (state_q == S_FINISH);
  assign error_o = err_q;

  // Response IDs carry no information: only ID 0 is ever issued.
  wire unused_ok = &{1'b0, m_axi_bid, m_axi_rid, 1'b0};

endmodule

`default_nettype wire
