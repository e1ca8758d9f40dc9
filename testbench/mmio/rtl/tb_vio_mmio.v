// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_axil_ports.vh"
`include "vio_axi_ports.vh"
`include "vio_vq_conn.vh"
`include "vio_cfg_conn.vh"

/// Test top for the virtio-mmio register block, obeying the project's DUT
/// contract (docs/dut.md): clk, rst_n, an AXI4-Lite slave, an AXI4 master and
/// irq. The register block is tested alone: the AXI4 master is idle (every
/// output 0, BREADY and RREADY 1), and tb_vio_ctrl stands in for the ring
/// engine and the device function.
///
///   s_axil_* --> vio_axil_slave --+-- 0x0000-0x0FFF --> vio_mmio_regs
///                                 +-- 0x1000-0x1FFF --> tb_vio_ctrl
///                                 +-- anything else: reads 0, writes ignored
///                                     (OKAY)
///   vio_mmio_regs <--> tb_vio_ctrl: queues, device state, events, config RAM
///
/// Every valid/ready output holds its payload stable while stalled and never
/// drops a beat or a response (see vio_axil_slave).
///
/// Test-control map (base 0x1000; details in tb_vio_ctrl):
///   0x1000 IDLE_DELAY    RW  cycles from dev_reset_req / q_reset_req rising
///                            to dev_idle / q_reset_done (0: at once)
///   0x1004 EVENT         WO  pulses: [0] needs_reset [1] used_irq
///                            [2] cfg_change
///   0x1008 NOTIFY_COUNT  RO  q_notify pulses, all queues
///   0x100C NOTIFY_LAST   RO  queue index of the last q_notify pulse
///   0x1010 NOTIFY_DATA   RO  notify_data (last QueueNotify write)
///   0x1014 RESETS        RO  completed device resets
///   0x1018 STATE         RO  [31] dev_reset_req [30] driver_ok [29] dev_idle
///                            [28] irq [15:0] q_ready of queues 0..15
///   0x101C Q_RESETS      RO  q_reset_req of queues 0..31
///   0x1020 DRV_FEAT_LO   RO  driver_features[31:0]
///   0x1024 DRV_FEAT_HI   RO  driver_features[63:32]
///   0x1028 Q_SEL         RW  queue for the views below
///   0x102C Q_SIZE        RO  q_size
///   0x1030/0x1034 Q_DESC_LO/HI, 0x1038/0x103C Q_AVAIL_LO/HI,
///   0x1040/0x1044 Q_USED_LO/HI   RO  the queue's exported addresses
///   0x1048 Q_FLAGS       RO  [0] q_ready [1] q_reset_req
///   0x1080 .. 0x1080+CFG_SIZE-1  CFG_RAM  RW (byte strobes): the
///                            configuration space the device function
///                            serves at 0x100; writing here does not pulse
///                            cfg_change.
module tb_vio_mmio #(
  /// 0: virtio-mmio version 2; 1: legacy version 1.
  parameter integer LEGACY           = 0,
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES       = 2,
  /// Largest queue size (a power of two, 1..32768).
  parameter integer QUEUE_SIZE_MAX   = 1024,
  /// Virtio device ID.
  parameter [31:0]  DEVICE_ID        = 32'd1,
  /// 1: offer RING_RESET and QueueReset (version 2).
  parameter integer OFFER_RING_RESET = 1,
  /// 1: offer EVENT_IDX.
  parameter integer OFFER_EVENT_IDX  = 1,
  /// 1: offer INDIRECT_DESC.
  parameter integer OFFER_INDIRECT   = 1,
  /// Device-type features offered (bits 0 and 5: S7/S9 tests have device bits).
  parameter [63:0]  DEVICE_FEATURES  = 64'h0000_0000_0000_0021,
  /// Feature dependencies (entry 0: valid, feature 5 requires feature 0).
  parameter [127:0] FEATURE_DEPS     = 128'h8500,
  /// Bytes of configuration space (a multiple of 4, 4..3840).
  parameter integer CFG_SIZE         = 64
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire        clk,
  /// Synchronous active-low reset.
  input  wire        rst_n,

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave
  // ---------------------------------------------------------------------------
  /// The register port (vio_axil_ports.vh): byte addresses, the windows in
  /// bits 15:12 (map above); AxPROT is ignored and every response is OKAY.
  `VIO_AXIL_SLAVE_PORTS(16),

  // ---------------------------------------------------------------------------
  // AXI4 master (DMA): idle
  // ---------------------------------------------------------------------------
  /// The DMA port of the contract (vio_axi_ports.vh), 4-bit IDs, 64-bit
  /// data: nothing is requested (every output 0 but BREADY and RREADY, 1)
  /// and every input is ignored.
  `VIO_AXI_MASTER_PORTS(4, 64),

  // ---------------------------------------------------------------------------
  // Interrupt
  // ---------------------------------------------------------------------------
  /// Level interrupt: high while InterruptStatus != 0.
  output wire        irq
);

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam [1:0] RESP_OKAY = 2'b00;
  // Address windows (bits 15:12 of the AXI-Lite address).
  localparam [3:0] WIN_REGS  = 4'h0;  // vio_mmio_regs
  localparam [3:0] WIN_CTRL  = 4'h1;  // tb_vio_ctrl
  // Target of the read in flight.
  localparam [1:0] RD_NONE   = 2'd0;
  localparam [1:0] RD_REGS   = 2'd1;
  localparam [1:0] RD_CTRL   = 2'd2;

  // ---------------------------------------------------------------------------
  // Register side of the AXI4-Lite slave
  // ---------------------------------------------------------------------------
  wire        reg_wr_en;
  wire [15:0] reg_wr_addr;
  wire [31:0] reg_wr_data;
  wire [3:0]  reg_wr_strb;
  wire [1:0]  reg_wr_resp;
  wire        reg_rd_en;
  wire [15:0] reg_rd_addr;
  wire [31:0] reg_rd_data;
  wire [1:0]  reg_rd_resp;

  // vio_mmio_regs
  wire        regs_wr_en = reg_wr_en && (reg_wr_addr[15:12] == WIN_REGS);
  wire        regs_rd_en = reg_rd_en && (reg_rd_addr[15:12] == WIN_REGS);
  wire [1:0]  regs_wr_resp;
  wire [31:0] regs_rd_data;
  wire [1:0]  regs_rd_resp;
  wire        regs_stall;  // a device reset holds every access off
  // tb_vio_ctrl
  wire        ctrl_wr_en = reg_wr_en && (reg_wr_addr[15:12] == WIN_CTRL);
  wire        ctrl_rd_en = reg_rd_en && (reg_rd_addr[15:12] == WIN_CTRL);
  wire [31:0] ctrl_rd_data;

  // ---------------------------------------------------------------------------
  // vio_mmio_regs <-> tb_vio_ctrl
  // ---------------------------------------------------------------------------
  `VIO_VQ_WIRES(NUM_QUEUES);
  `VIO_CFG_WIRES;

  // ---------------------------------------------------------------------------
  // Read data return: the target of the read strobed last cycle
  // ---------------------------------------------------------------------------
  reg [1:0] rd_tgt_q, rd_tgt_d;

  always @* begin
    rd_tgt_d = RD_NONE;
    if (regs_rd_en)      rd_tgt_d = RD_REGS;
    else if (ctrl_rd_en) rd_tgt_d = RD_CTRL;
  end

  always @(posedge clk) begin
    if (!rst_n) rd_tgt_q <= RD_NONE;
    else        rd_tgt_q <= rd_tgt_d;
  end

  assign reg_wr_resp = regs_wr_en ? regs_wr_resp : RESP_OKAY;
  assign reg_rd_data = (rd_tgt_q == RD_REGS) ? regs_rd_data
                     : (rd_tgt_q == RD_CTRL) ? ctrl_rd_data : 32'd0;
  assign reg_rd_resp = (rd_tgt_q == RD_REGS) ? regs_rd_resp : RESP_OKAY;

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave
  // ---------------------------------------------------------------------------
  vio_axil_slave #(
    .ADDR_WIDTH (16)
  ) u_axil (
    .clk            (clk),
    .rst_n          (rst_n),
    `VIO_AXIL_CONN(s_axil_, s_axil_),
    .reg_wr_en      (reg_wr_en),
    .reg_wr_addr    (reg_wr_addr),
    .reg_wr_data    (reg_wr_data),
    .reg_wr_strb    (reg_wr_strb),
    .reg_wr_resp    (reg_wr_resp),
    .reg_rd_en      (reg_rd_en),
    .reg_rd_addr    (reg_rd_addr),
    .reg_rd_data    (reg_rd_data),
    .reg_rd_resp    (reg_rd_resp),
    .reg_stall      (regs_stall)
  );

  // ---------------------------------------------------------------------------
  // virtio-mmio register block
  // ---------------------------------------------------------------------------
  vio_mmio_regs #(
    .LEGACY           (LEGACY),
    .DEVICE_ID        (DEVICE_ID),
    .NUM_QUEUES       (NUM_QUEUES),
    .QUEUE_SIZE_MAX   (QUEUE_SIZE_MAX),
    .DEVICE_FEATURES  (DEVICE_FEATURES),
    .OFFER_INDIRECT   (OFFER_INDIRECT),
    .OFFER_EVENT_IDX  (OFFER_EVENT_IDX),
    .OFFER_RING_RESET (OFFER_RING_RESET),
    .FEATURE_DEPS     (FEATURE_DEPS),
    .CFG_SIZE         (CFG_SIZE)
  ) u_regs (
    .clk             (clk),
    .rst_n           (rst_n),
    .reg_wr_en       (regs_wr_en),
    .reg_wr_addr     (reg_wr_addr[11:0]),
    .reg_wr_data     (reg_wr_data),
    .reg_wr_strb     (reg_wr_strb),
    .reg_wr_resp     (regs_wr_resp),
    .reg_rd_en       (regs_rd_en),
    .reg_rd_addr     (reg_rd_addr[11:0]),
    .reg_rd_data     (regs_rd_data),
    .reg_rd_resp     (regs_rd_resp),
    .reg_stall       (regs_stall),
    `VIO_VQ_CONN,
    `VIO_CFG_CONN,
    .irq             (irq)
  );

  // ---------------------------------------------------------------------------
  // Test control: fake ring engine and device function
  // ---------------------------------------------------------------------------
  tb_vio_ctrl #(
    .NUM_QUEUES (NUM_QUEUES),
    .CFG_SIZE   (CFG_SIZE)
  ) u_ctrl (
    .clk             (clk),
    .rst_n           (rst_n),
    .reg_wr_en       (ctrl_wr_en),
    .reg_wr_addr     (reg_wr_addr[11:0]),
    .reg_wr_data     (reg_wr_data),
    .reg_wr_strb     (reg_wr_strb),
    .reg_rd_en       (ctrl_rd_en),
    .reg_rd_addr     (reg_rd_addr[11:0]),
    .reg_rd_data     (ctrl_rd_data),
    `VIO_VQ_CONN,
    `VIO_CFG_CONN,
    .irq             (irq)
  );

  // ---------------------------------------------------------------------------
  // AXI4 master: idle
  // ---------------------------------------------------------------------------
  assign m_axi_awid    = 4'd0;
  assign m_axi_awaddr  = 64'd0;
  assign m_axi_awlen   = 8'd0;
  assign m_axi_awsize  = 3'd0;
  assign m_axi_awburst = 2'd0;
  assign m_axi_awlock  = 1'b0;
  assign m_axi_awcache = 4'd0;
  assign m_axi_awprot  = 3'd0;
  assign m_axi_awvalid = 1'b0;
  assign m_axi_wdata   = 64'd0;
  assign m_axi_wstrb   = 8'd0;
  assign m_axi_wlast   = 1'b0;
  assign m_axi_wvalid  = 1'b0;
  assign m_axi_bready  = 1'b1;
  assign m_axi_arid    = 4'd0;
  assign m_axi_araddr  = 64'd0;
  assign m_axi_arlen   = 8'd0;
  assign m_axi_arsize  = 3'd0;
  assign m_axi_arburst = 2'd0;
  assign m_axi_arlock  = 1'b0;
  assign m_axi_arcache = 4'd0;
  assign m_axi_arprot  = 3'd0;
  assign m_axi_arvalid = 1'b0;
  assign m_axi_rready  = 1'b1;

  // Contract inputs with no meaning here.
  wire unused_ok = &{1'b0, m_axi_awready, m_axi_wready, m_axi_bid, m_axi_bresp,
                     m_axi_bvalid, m_axi_arready, m_axi_rid, m_axi_rdata,
                     m_axi_rresp, m_axi_rlast, m_axi_rvalid, 1'b0};

endmodule

`default_nettype wire
