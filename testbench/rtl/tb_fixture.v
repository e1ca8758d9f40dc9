`default_nettype none

/// Co-simulation test fixture ("DUT contract"): an AXI4-Lite register slave
/// controlling an AXI4 DMA copier, plus a fault generator that can inject
/// deliberate protocol violations on either interface.
///
///   s_axil_* --> tb_fault_gen (Lite side) --> tb_axil_regs --> tb_dma_copy
///   m_axi_*  <-- tb_fault_gen (master side) <------------------ tb_dma_copy
///
/// Outside of the deliberate fault modes (see tb_fault_gen, FAULT register)
/// every valid/ready output holds its payload stable while stalled and never
/// drops or duplicates a beat or a response. See tb_axil_regs for the register
/// map and tb_dma_copy for the copy behaviour.
module tb_fixture #(
  /// AXI4-Lite address width in bits (8..64).
  parameter integer ADDR_WIDTH = 16,
  /// AXI4 data width in bits (32, 64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// AXI4 ID width in bits (1..32).
  parameter integer ID_WIDTH   = 4
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                    clk,
  /// Synchronous active-low reset (the FAULT register survives it).
  input  wire                    rst_n,

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave
  // ---------------------------------------------------------------------------
  /// Write address.
  input  wire [ADDR_WIDTH-1:0]   s_axil_awaddr,
  /// Write protection type (ignored).
  input  wire [2:0]              s_axil_awprot,
  /// Write address valid.
  input  wire                    s_axil_awvalid,
  /// Write address ready.
  output wire                    s_axil_awready,
  /// Write data.
  input  wire [31:0]             s_axil_wdata,
  /// Write byte strobes.
  input  wire [3:0]              s_axil_wstrb,
  /// Write data valid.
  input  wire                    s_axil_wvalid,
  /// Write data ready.
  output wire                    s_axil_wready,
  /// Write response (OKAY or DECERR).
  output wire [1:0]              s_axil_bresp,
  /// Write response valid.
  output wire                    s_axil_bvalid,
  /// Write response ready.
  input  wire                    s_axil_bready,
  /// Read address.
  input  wire [ADDR_WIDTH-1:0]   s_axil_araddr,
  /// Read protection type (ignored).
  input  wire [2:0]              s_axil_arprot,
  /// Read address valid.
  input  wire                    s_axil_arvalid,
  /// Read address ready.
  output wire                    s_axil_arready,
  /// Read data.
  output wire [31:0]             s_axil_rdata,
  /// Read response (OKAY or DECERR).
  output wire [1:0]              s_axil_rresp,
  /// Read data valid.
  output wire                    s_axil_rvalid,
  /// Read data ready.
  input  wire                    s_axil_rready,

  // ---------------------------------------------------------------------------
  // AXI4 master
  // ---------------------------------------------------------------------------
  /// Write address ID (always 0).
  output wire [ID_WIDTH-1:0]     m_axi_awid,
  /// Write address.
  output wire [63:0]             m_axi_awaddr,
  /// Write burst length minus one.
  output wire [7:0]              m_axi_awlen,
  /// Write beat size.
  output wire [2:0]              m_axi_awsize,
  /// Write burst type.
  output wire [1:0]              m_axi_awburst,
  /// Write lock (0).
  output wire                    m_axi_awlock,
  /// Write cache (4'b0011).
  output wire [3:0]              m_axi_awcache,
  /// Write protection (0).
  output wire [2:0]              m_axi_awprot,
  /// Write address valid.
  output wire                    m_axi_awvalid,
  /// Write address ready.
  input  wire                    m_axi_awready,
  /// Write data.
  output wire [DATA_WIDTH-1:0]   m_axi_wdata,
  /// Write strobes.
  output wire [DATA_WIDTH/8-1:0] m_axi_wstrb,
  /// Last write beat of a burst.
  output wire                    m_axi_wlast,
  /// Write data valid.
  output wire                    m_axi_wvalid,
  /// Write data ready.
  input  wire                    m_axi_wready,
  /// Write response ID (ignored).
  input  wire [ID_WIDTH-1:0]     m_axi_bid,
  /// Write response.
  input  wire [1:0]              m_axi_bresp,
  /// Write response valid.
  input  wire                    m_axi_bvalid,
  /// Write response ready.
  output wire                    m_axi_bready,
  /// Read address ID (always 0).
  output wire [ID_WIDTH-1:0]     m_axi_arid,
  /// Read address.
  output wire [63:0]             m_axi_araddr,
  /// Read burst length minus one.
  output wire [7:0]              m_axi_arlen,
  /// Read beat size.
  output wire [2:0]              m_axi_arsize,
  /// Read burst type.
  output wire [1:0]              m_axi_arburst,
  /// Read lock (0).
  output wire                    m_axi_arlock,
  /// Read cache (4'b0011).
  output wire [3:0]              m_axi_arcache,
  /// Read protection (0).
  output wire [2:0]              m_axi_arprot,
  /// Read address valid.
  output wire                    m_axi_arvalid,
  /// Read address ready.
  input  wire                    m_axi_arready,
  /// Read data ID (ignored).
  input  wire [ID_WIDTH-1:0]     m_axi_rid,
  /// Read data.
  input  wire [DATA_WIDTH-1:0]   m_axi_rdata,
  /// Read response.
  input  wire [1:0]              m_axi_rresp,
  /// Last read beat of a burst.
  input  wire                    m_axi_rlast,
  /// Read data valid.
  input  wire                    m_axi_rvalid,
  /// Read data ready.
  output wire                    m_axi_rready,

  // ---------------------------------------------------------------------------
  // Interrupt
  // ---------------------------------------------------------------------------
  /// Level interrupt, high while DMA_STATUS.DONE && IRQ_EN[0].
  output wire                    irq
);

  // ---------------------------------------------------------------------------
  // AXI4-Lite between tb_fault_gen and tb_axil_regs
  // ---------------------------------------------------------------------------
  wire        regs_awvalid, regs_awready;
  wire        regs_wvalid,  regs_wready;
  wire [1:0]  regs_bresp;
  wire        regs_bvalid,  regs_bready;
  wire        regs_arready;
  wire [31:0] regs_rdata;
  wire        regs_rvalid,  regs_rready;

  // ---------------------------------------------------------------------------
  // Register file <-> copier / fault generator
  // ---------------------------------------------------------------------------
  wire [63:0] dma_src, dma_dst;
  wire [31:0] dma_len;
  wire        dma_start;
  wire [7:0]  dma_max_burst_m1;
  wire [3:0]  dma_max_outstanding;
  wire        dma_busy, dma_done, dma_error;
  wire [31:0] fault_code;
  wire        fault_arm;
  wire [63:0] fault_addr;

  // ---------------------------------------------------------------------------
  // AXI4 master between tb_dma_copy and tb_fault_gen
  // ---------------------------------------------------------------------------
  wire [ID_WIDTH-1:0]     dma_arid, dma_awid;
  wire [63:0]             dma_araddr, dma_awaddr;
  wire [7:0]              dma_arlen, dma_awlen;
  wire [2:0]              dma_arsize, dma_awsize;
  wire [1:0]              dma_arburst, dma_awburst;
  wire                    dma_arlock, dma_awlock;
  wire [3:0]              dma_arcache, dma_awcache;
  wire [2:0]              dma_arprot, dma_awprot;
  wire                    dma_arvalid, dma_arready;
  wire                    dma_awvalid, dma_awready;
  wire [DATA_WIDTH-1:0]   dma_wdata;
  wire [DATA_WIDTH/8-1:0] dma_wstrb;
  wire                    dma_wlast, dma_wvalid, dma_wready;
  wire                    dma_bvalid, dma_bready;
  wire                    dma_rvalid, dma_rready;

  // ---------------------------------------------------------------------------
  // AXI4-Lite register file
  // ---------------------------------------------------------------------------
  tb_axil_regs #(
    .ADDR_WIDTH (ADDR_WIDTH),
    .DATA_WIDTH (DATA_WIDTH),
    .ID_WIDTH   (ID_WIDTH)
  ) u_regs (
    .clk                   (clk),
    .rst_n                 (rst_n),
    .s_axil_awaddr         (s_axil_awaddr),
    .s_axil_awprot         (s_axil_awprot),
    .s_axil_awvalid        (regs_awvalid),
    .s_axil_awready        (regs_awready),
    .s_axil_wdata          (s_axil_wdata),
    .s_axil_wstrb          (s_axil_wstrb),
    .s_axil_wvalid         (regs_wvalid),
    .s_axil_wready         (regs_wready),
    .s_axil_bresp          (regs_bresp),
    .s_axil_bvalid         (regs_bvalid),
    .s_axil_bready         (regs_bready),
    .s_axil_araddr         (s_axil_araddr),
    .s_axil_arprot         (s_axil_arprot),
    .s_axil_arvalid        (s_axil_arvalid),
    .s_axil_arready        (regs_arready),
    .s_axil_rdata          (regs_rdata),
    .s_axil_rresp          (s_axil_rresp),
    .s_axil_rvalid         (regs_rvalid),
    .s_axil_rready         (regs_rready),
    .dma_src_o             (dma_src),
    .dma_dst_o             (dma_dst),
    .dma_len_o             (dma_len),
    .dma_start_o           (dma_start),
    .dma_max_burst_m1_o    (dma_max_burst_m1),
    .dma_max_outstanding_o (dma_max_outstanding),
    .dma_busy_i            (dma_busy),
    .dma_done_i            (dma_done),
    .dma_error_i           (dma_error),
    .fault_code_o          (fault_code),
    .fault_arm_o           (fault_arm),
    .fault_addr_o          (fault_addr),
    .irq_o                 (irq)
  );

  assign s_axil_arready = regs_arready;

  // ---------------------------------------------------------------------------
  // DMA copier
  // ---------------------------------------------------------------------------
  tb_dma_copy #(
    .DATA_WIDTH (DATA_WIDTH),
    .ID_WIDTH   (ID_WIDTH)
  ) u_dma (
    .clk               (clk),
    .rst_n             (rst_n),
    .start_i           (dma_start),
    .src_i             (dma_src),
    .dst_i             (dma_dst),
    .len_i             (dma_len),
    .max_burst_m1_i    (dma_max_burst_m1),
    .max_outstanding_i (dma_max_outstanding),
    .busy_o            (dma_busy),
    .done_o            (dma_done),
    .error_o           (dma_error),
    .m_axi_awid        (dma_awid),
    .m_axi_awaddr      (dma_awaddr),
    .m_axi_awlen       (dma_awlen),
    .m_axi_awsize      (dma_awsize),
    .m_axi_awburst     (dma_awburst),
    .m_axi_awlock      (dma_awlock),
    .m_axi_awcache     (dma_awcache),
    .m_axi_awprot      (dma_awprot),
    .m_axi_awvalid     (dma_awvalid),
    .m_axi_awready     (dma_awready),
    .m_axi_wdata       (dma_wdata),
    .m_axi_wstrb       (dma_wstrb),
    .m_axi_wlast       (dma_wlast),
    .m_axi_wvalid      (dma_wvalid),
    .m_axi_wready      (dma_wready),
    .m_axi_bid         (m_axi_bid),
    .m_axi_bresp       (m_axi_bresp),
    .m_axi_bvalid      (dma_bvalid),
    .m_axi_bready      (dma_bready),
    .m_axi_arid        (dma_arid),
    .m_axi_araddr      (dma_araddr),
    .m_axi_arlen       (dma_arlen),
    .m_axi_arsize      (dma_arsize),
    .m_axi_arburst     (dma_arburst),
    .m_axi_arlock      (dma_arlock),
    .m_axi_arcache     (dma_arcache),
    .m_axi_arprot      (dma_arprot),
    .m_axi_arvalid     (dma_arvalid),
    .m_axi_arready     (dma_arready),
    .m_axi_rid         (m_axi_rid),
    .m_axi_rdata       (m_axi_rdata),
    .m_axi_rresp       (m_axi_rresp),
    .m_axi_rlast       (m_axi_rlast),
    .m_axi_rvalid      (dma_rvalid),
    .m_axi_rready      (dma_rready)
  );

  // ---------------------------------------------------------------------------
  // Fault generator (pass-through unless a fault is active)
  // ---------------------------------------------------------------------------
  tb_fault_gen #(
    .DATA_WIDTH (DATA_WIDTH),
    .ID_WIDTH   (ID_WIDTH)
  ) u_fault (
    .clk            (clk),
    .rst_n          (rst_n),
    .fault_code_i   (fault_code),
    .fault_arm_i    (fault_arm),
    .fault_addr_i   (fault_addr),
    .s_axil_awvalid (s_axil_awvalid),
    .s_axil_awready (s_axil_awready),
    .s_axil_wvalid  (s_axil_wvalid),
    .s_axil_wready  (s_axil_wready),
    .s_axil_bresp   (s_axil_bresp),
    .s_axil_bvalid  (s_axil_bvalid),
    .s_axil_bready  (s_axil_bready),
    .s_axil_arvalid (s_axil_arvalid),
    .s_axil_rdata   (s_axil_rdata),
    .s_axil_rvalid  (s_axil_rvalid),
    .s_axil_rready  (s_axil_rready),
    .regs_awvalid   (regs_awvalid),
    .regs_awready   (regs_awready),
    .regs_wvalid    (regs_wvalid),
    .regs_wready    (regs_wready),
    .regs_bresp     (regs_bresp),
    .regs_bvalid    (regs_bvalid),
    .regs_bready    (regs_bready),
    .regs_arready   (regs_arready),
    .regs_rdata     (regs_rdata),
    .regs_rvalid    (regs_rvalid),
    .regs_rready    (regs_rready),
    .dma_arid       (dma_arid),
    .dma_araddr     (dma_araddr),
    .dma_arlen      (dma_arlen),
    .dma_arsize     (dma_arsize),
    .dma_arburst    (dma_arburst),
    .dma_arlock     (dma_arlock),
    .dma_arcache    (dma_arcache),
    .dma_arprot     (dma_arprot),
    .dma_arvalid    (dma_arvalid),
    .dma_arready    (dma_arready),
    .dma_awid       (dma_awid),
    .dma_awaddr     (dma_awaddr),
    .dma_awlen      (dma_awlen),
    .dma_awsize     (dma_awsize),
    .dma_awburst    (dma_awburst),
    .dma_awlock     (dma_awlock),
    .dma_awcache    (dma_awcache),
    .dma_awprot     (dma_awprot),
    .dma_awvalid    (dma_awvalid),
    .dma_awready    (dma_awready),
    .dma_wdata      (dma_wdata),
    .dma_wstrb      (dma_wstrb),
    .dma_wlast      (dma_wlast),
    .dma_wvalid     (dma_wvalid),
    .dma_wready     (dma_wready),
    .dma_bvalid     (dma_bvalid),
    .dma_bready     (dma_bready),
    .dma_rvalid     (dma_rvalid),
    .dma_rready     (dma_rready),
    .m_axi_arid     (m_axi_arid),
    .m_axi_araddr   (m_axi_araddr),
    .m_axi_arlen    (m_axi_arlen),
    .m_axi_arsize   (m_axi_arsize),
    .m_axi_arburst  (m_axi_arburst),
    .m_axi_arlock   (m_axi_arlock),
    .m_axi_arcache  (m_axi_arcache),
    .m_axi_arprot   (m_axi_arprot),
    .m_axi_arvalid  (m_axi_arvalid),
    .m_axi_arready  (m_axi_arready),
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
    .m_axi_bvalid   (m_axi_bvalid),
    .m_axi_bready   (m_axi_bready),
    .m_axi_rlast    (m_axi_rlast),
    .m_axi_rvalid   (m_axi_rvalid),
    .m_axi_rready   (m_axi_rready)
  );

endmodule

`default_nettype wire
