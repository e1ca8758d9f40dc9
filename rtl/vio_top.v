`default_nettype none

/// One virtio-mmio device: AXI4-Lite register window, split-virtqueue ring
/// engine with an AXI4 DMA master, and a device function chosen by
/// DEVICE_ID. Obeys the DUT contract (docs/dut.md).
///
///   s_axil_* ─► vio_axil_slave ─► vio_mmio_regs ◄─► vio_vq_engine ─► m_axi_*
///                                      │ cfg            │ df_*
///                                      └──────► device function
///
/// Device functions: 1 = virtio-net loopback (vio_net_loop; queues rx 0,
/// tx 1; features MAC and STATUS); 2 = virtio-blk RAM disk (vio_blk;
/// requestq 0; features FLUSH, DISCARD, WRITE_ZEROES, and RO when
/// BLK_READ_ONLY); 3 = virtio-console, port 0 looped back (vio_console; rx 0,
/// tx 1; features SIZE and EMERG_WRITE); 4 = virtio-rng (vio_rng; requestq
/// 0). Ring features offered: INDIRECT_DESC,
/// EVENT_IDX and RING_RESET (each can be turned off), plus what the register
/// block always offers (VERSION_1, ACCESS_PLATFORM, ORDER_PLATFORM).
module vio_top #(
  /// Virtio device ID (1: net, 2: blk, 3: console, 4: rng).
  parameter [31:0]  DEVICE_ID        = 32'd1,
  /// 0: virtio-mmio version 2; 1: legacy version 1.
  parameter integer LEGACY           = 0,
  /// Largest queue size (a power of two, 1..32768).
  parameter integer QUEUE_SIZE_MAX   = 256,
  /// AXI4 data width (64, 128 or 256).
  parameter integer DATA_WIDTH       = 64,
  /// AXI4 ID width (>= 3).
  parameter integer ID_WIDTH         = 4,
  /// 1: offer INDIRECT_DESC.
  parameter integer OFFER_INDIRECT   = 1,
  /// 1: offer EVENT_IDX.
  parameter integer OFFER_EVENT_IDX  = 1,
  /// 1: offer RING_RESET (version 2).
  parameter integer OFFER_RING_RESET = 1,
  /// Segment FIFO entries of the ring engine.
  parameter integer SEGS             = 16,
  /// Largest data burst in beats (see vio_vq_engine).
  parameter integer MAX_BURST        = 16,
  /// net: MAC address (first byte in bits 47:40).
  parameter [47:0]  NET_MAC          = 48'h52_54_00_12_34_56,
  /// net: bytes of each of the two frame buffers, header included (a power
  /// of two); longer frames are dropped.
  parameter integer NET_BUF_BYTES    = 2048,
  /// blk: bytes of the RAM disk (a multiple of 512 and of DATA_WIDTH/8).
  parameter integer BLK_DISK_BYTES   = 1048576,
  /// blk: 1 offers VIRTIO_BLK_F_RO; writes then fail with IOERR.
  parameter integer BLK_READ_ONLY    = 0,
  /// blk: GET_ID serial, a Verilog string of at most 20 characters (sent
  /// first character first, NUL padded to 20 bytes).
  parameter [159:0] BLK_ID           = "vio-blk-ramdisk",
  /// console: cols and rows in the configuration space.
  parameter [15:0]  CON_COLS         = 16'd80,
  parameter [15:0]  CON_ROWS         = 16'd25
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                    clk,
  /// Synchronous active-low reset.
  input  wire                    rst_n,

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave: the virtio-mmio registers
  // ---------------------------------------------------------------------------
  /// Write address (byte offset in the 4 KiB register window).
  input  wire [11:0]             s_axil_awaddr,
  /// Write protection type (ignored).
  input  wire [2:0]              s_axil_awprot,
  input  wire                    s_axil_awvalid,
  output wire                    s_axil_awready,
  input  wire [31:0]             s_axil_wdata,
  input  wire [3:0]              s_axil_wstrb,
  input  wire                    s_axil_wvalid,
  output wire                    s_axil_wready,
  /// Write response (always OKAY).
  output wire [1:0]              s_axil_bresp,
  output wire                    s_axil_bvalid,
  input  wire                    s_axil_bready,
  /// Read address.
  input  wire [11:0]             s_axil_araddr,
  /// Read protection type (ignored).
  input  wire [2:0]              s_axil_arprot,
  input  wire                    s_axil_arvalid,
  output wire                    s_axil_arready,
  output wire [31:0]             s_axil_rdata,
  /// Read response (always OKAY).
  output wire [1:0]              s_axil_rresp,
  output wire                    s_axil_rvalid,
  input  wire                    s_axil_rready,

  // ---------------------------------------------------------------------------
  // AXI4 master: ring and buffer DMA
  // ---------------------------------------------------------------------------
  output wire [ID_WIDTH-1:0]     m_axi_awid,
  output wire [63:0]             m_axi_awaddr,
  output wire [7:0]              m_axi_awlen,
  output wire [2:0]              m_axi_awsize,
  output wire [1:0]              m_axi_awburst,
  /// Normal access (0).
  output wire                    m_axi_awlock,
  /// Normal non-cacheable bufferable (4'b0011).
  output wire [3:0]              m_axi_awcache,
  /// Unprivileged, non-secure, data (3'b010).
  output wire [2:0]              m_axi_awprot,
  output wire                    m_axi_awvalid,
  input  wire                    m_axi_awready,
  output wire [DATA_WIDTH-1:0]   m_axi_wdata,
  output wire [DATA_WIDTH/8-1:0] m_axi_wstrb,
  output wire                    m_axi_wlast,
  output wire                    m_axi_wvalid,
  input  wire                    m_axi_wready,
  input  wire [ID_WIDTH-1:0]     m_axi_bid,
  input  wire [1:0]              m_axi_bresp,
  input  wire                    m_axi_bvalid,
  output wire                    m_axi_bready,
  output wire [ID_WIDTH-1:0]     m_axi_arid,
  output wire [63:0]             m_axi_araddr,
  output wire [7:0]              m_axi_arlen,
  output wire [2:0]              m_axi_arsize,
  output wire [1:0]              m_axi_arburst,
  output wire                    m_axi_arlock,
  output wire [3:0]              m_axi_arcache,
  output wire [2:0]              m_axi_arprot,
  output wire                    m_axi_arvalid,
  input  wire                    m_axi_arready,
  input  wire [ID_WIDTH-1:0]     m_axi_rid,
  input  wire [DATA_WIDTH-1:0]   m_axi_rdata,
  input  wire [1:0]              m_axi_rresp,
  input  wire                    m_axi_rlast,
  input  wire                    m_axi_rvalid,
  output wire                    m_axi_rready,

  // ---------------------------------------------------------------------------
  // Interrupt
  // ---------------------------------------------------------------------------
  /// Level interrupt: high while InterruptStatus != 0.
  output wire                    irq,

  // ---------------------------------------------------------------------------
  // Medium events (blk only; tie low elsewhere)
  // ---------------------------------------------------------------------------
  /// blk: a pulse sets the capacity to blk_resize_sectors (clamped to the
  /// RAM disk) and raises the configuration-change interrupt (5.2.4).
  input  wire                    blk_resize_valid,
  /// blk: the new capacity in 512-byte sectors.
  input  wire [63:0]             blk_resize_sectors
);

  // Device-function parameters by device ID.
  localparam integer NUM_QUEUES = (DEVICE_ID == 32'd1 || DEVICE_ID == 32'd3) ?
                                  2 : 1;
  // net (5.1.3): VIRTIO_NET_F_MAC (5), VIRTIO_NET_F_STATUS (16)
  // blk (5.2.3): VIRTIO_BLK_F_RO (5), FLUSH (9), DISCARD (13),
  //              WRITE_ZEROES (14)
  // console (5.3.3): VIRTIO_CONSOLE_F_SIZE (0), EMERG_WRITE (2)
  localparam [63:0]  DEV_FEATURES =
    (DEVICE_ID == 32'd1) ? ((64'd1 << 5) | (64'd1 << 16)) :
    (DEVICE_ID == 32'd2) ? ((BLK_READ_ONLY != 0 ? (64'd1 << 5) : 64'd0) |
                            (64'd1 << 9) | (64'd1 << 13) | (64'd1 << 14)) :
    (DEVICE_ID == 32'd3) ? ((64'd1 << 0) | (64'd1 << 2)) : 64'd0;
  localparam integer CFG_SIZE = 64;

  generate
    if (DEVICE_ID < 32'd1 || DEVICE_ID > 32'd4) begin : g_bad_device
      vio_top_error_DEVICE_ID_must_be_1_to_4 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave and register block
  // ---------------------------------------------------------------------------
  wire        reg_wr_en, reg_rd_en;
  wire [11:0] reg_wr_addr, reg_rd_addr;
  wire [31:0] reg_wr_data, reg_rd_data;
  wire [3:0]  reg_wr_strb;
  wire [1:0]  reg_wr_resp, reg_rd_resp;
  wire        reg_stall;

  vio_axil_slave #(
    .ADDR_WIDTH (12)
  ) u_axil (
    .clk(clk), .rst_n(rst_n),
    .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(s_axil_awprot),
    .s_axil_awvalid(s_axil_awvalid), .s_axil_awready(s_axil_awready),
    .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb),
    .s_axil_wvalid(s_axil_wvalid), .s_axil_wready(s_axil_wready),
    .s_axil_bresp(s_axil_bresp), .s_axil_bvalid(s_axil_bvalid),
    .s_axil_bready(s_axil_bready),
    .s_axil_araddr(s_axil_araddr), .s_axil_arprot(s_axil_arprot),
    .s_axil_arvalid(s_axil_arvalid), .s_axil_arready(s_axil_arready),
    .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp),
    .s_axil_rvalid(s_axil_rvalid), .s_axil_rready(s_axil_rready),
    .reg_wr_en(reg_wr_en), .reg_wr_addr(reg_wr_addr),
    .reg_wr_data(reg_wr_data), .reg_wr_strb(reg_wr_strb),
    .reg_wr_resp(reg_wr_resp), .reg_rd_en(reg_rd_en),
    .reg_rd_addr(reg_rd_addr), .reg_rd_data(reg_rd_data),
    .reg_rd_resp(reg_rd_resp), .reg_stall(reg_stall)
  );

  wire [NUM_QUEUES-1:0]    q_ready, q_notify, q_reset_req, q_reset_done;
  wire [NUM_QUEUES*16-1:0] q_size;
  wire [NUM_QUEUES*64-1:0] q_desc, q_avail, q_used;
  wire [31:0]              notify_data;
  wire [63:0]              driver_features;
  wire                     driver_ok, dev_reset_req, dev_idle;
  wire                     needs_reset, used_irq, cfg_change;
  wire                     cfg_wr_en, cfg_rd_en;
  wire [11:0]              cfg_wr_addr, cfg_rd_addr;
  wire [31:0]              cfg_wdata, cfg_rdata;
  wire [3:0]               cfg_wstrb;

  vio_mmio_regs #(
    .LEGACY(LEGACY), .DEVICE_ID(DEVICE_ID), .NUM_QUEUES(NUM_QUEUES),
    .QUEUE_SIZE_MAX(QUEUE_SIZE_MAX), .DEVICE_FEATURES(DEV_FEATURES),
    .OFFER_INDIRECT(OFFER_INDIRECT), .OFFER_EVENT_IDX(OFFER_EVENT_IDX),
    .OFFER_RING_RESET(OFFER_RING_RESET), .CFG_SIZE(CFG_SIZE)
  ) u_regs (
    .clk(clk), .rst_n(rst_n),
    .reg_wr_en(reg_wr_en), .reg_wr_addr(reg_wr_addr),
    .reg_wr_data(reg_wr_data), .reg_wr_strb(reg_wr_strb),
    .reg_wr_resp(reg_wr_resp), .reg_rd_en(reg_rd_en),
    .reg_rd_addr(reg_rd_addr), .reg_rd_data(reg_rd_data),
    .reg_rd_resp(reg_rd_resp), .reg_stall(reg_stall),
    .q_ready(q_ready), .q_size(q_size), .q_desc(q_desc), .q_avail(q_avail),
    .q_used(q_used), .q_notify(q_notify), .notify_data(notify_data),
    .q_reset_req(q_reset_req), .q_reset_done(q_reset_done),
    .driver_features(driver_features), .driver_ok(driver_ok),
    .dev_reset_req(dev_reset_req), .dev_idle(dev_idle),
    .needs_reset(needs_reset), .used_irq(used_irq), .cfg_change(cfg_change),
    .cfg_wr_en(cfg_wr_en), .cfg_wr_addr(cfg_wr_addr), .cfg_wdata(cfg_wdata),
    .cfg_wstrb(cfg_wstrb), .cfg_rd_en(cfg_rd_en), .cfg_rd_addr(cfg_rd_addr),
    .cfg_rdata(cfg_rdata), .irq(irq)
  );

  // ---------------------------------------------------------------------------
  // Ring engine
  // ---------------------------------------------------------------------------
  wire [NUM_QUEUES-1:0] df_want, df_want_next;
  wire        df_chain_valid, df_chain_ready;
  wire [5:0]  df_chain_queue;
  wire [15:0] df_chain_head;
  wire [31:0] df_chain_rd_bytes, df_chain_wr_bytes;
  wire        df_rd_cmd_valid, df_rd_cmd_ready;
  wire [31:0] df_rd_cmd_len;
  wire        df_rd_valid, df_rd_ready, df_rd_last, df_rd_cut;
  wire [DATA_WIDTH-1:0] df_rd_data, df_wr_data;
  wire        df_wr_cmd_valid, df_wr_cmd_ready;
  wire [31:0] df_wr_cmd_len;
  wire        df_wr_valid, df_wr_ready;
  wire        df_done_valid, df_done_ready;
  wire [31:0] df_done_len;
  wire        df_rst;

  vio_vq_engine #(
    .NUM_QUEUES(NUM_QUEUES), .DATA_WIDTH(DATA_WIDTH), .ID_WIDTH(ID_WIDTH),
    .SEGS(SEGS), .MAX_BURST(MAX_BURST)
  ) u_engine (
    .clk(clk), .rst_n(rst_n),
    .q_ready(q_ready), .q_size(q_size), .q_desc(q_desc), .q_avail(q_avail),
    .q_used(q_used), .q_notify(q_notify), .q_reset_req(q_reset_req),
    .q_reset_done(q_reset_done), .driver_features(driver_features),
    .driver_ok(driver_ok), .dev_reset_req(dev_reset_req),
    .dev_idle(dev_idle), .needs_reset(needs_reset), .used_irq(used_irq),
    .df_want(df_want), .df_want_next(df_want_next),
    .df_chain_valid(df_chain_valid),
    .df_chain_ready(df_chain_ready), .df_chain_queue(df_chain_queue),
    .df_chain_head(df_chain_head), .df_chain_rd_bytes(df_chain_rd_bytes),
    .df_chain_wr_bytes(df_chain_wr_bytes),
    .df_rd_cmd_valid(df_rd_cmd_valid), .df_rd_cmd_ready(df_rd_cmd_ready),
    .df_rd_cmd_len(df_rd_cmd_len), .df_rd_valid(df_rd_valid),
    .df_rd_ready(df_rd_ready), .df_rd_data(df_rd_data),
    .df_rd_last(df_rd_last), .df_rd_cut(df_rd_cut),
    .df_wr_cmd_valid(df_wr_cmd_valid), .df_wr_cmd_ready(df_wr_cmd_ready),
    .df_wr_cmd_len(df_wr_cmd_len), .df_wr_valid(df_wr_valid),
    .df_wr_ready(df_wr_ready), .df_wr_data(df_wr_data),
    .df_done_valid(df_done_valid), .df_done_ready(df_done_ready),
    .df_done_len(df_done_len), .df_rst(df_rst),
    .m_axi_awid(m_axi_awid), .m_axi_awaddr(m_axi_awaddr),
    .m_axi_awlen(m_axi_awlen), .m_axi_awsize(m_axi_awsize),
    .m_axi_awburst(m_axi_awburst), .m_axi_awvalid(m_axi_awvalid),
    .m_axi_awready(m_axi_awready), .m_axi_wdata(m_axi_wdata),
    .m_axi_wstrb(m_axi_wstrb), .m_axi_wlast(m_axi_wlast),
    .m_axi_wvalid(m_axi_wvalid), .m_axi_wready(m_axi_wready),
    .m_axi_bid(m_axi_bid), .m_axi_bresp(m_axi_bresp),
    .m_axi_bvalid(m_axi_bvalid), .m_axi_bready(m_axi_bready),
    .m_axi_arid(m_axi_arid), .m_axi_araddr(m_axi_araddr),
    .m_axi_arlen(m_axi_arlen), .m_axi_arsize(m_axi_arsize),
    .m_axi_arburst(m_axi_arburst), .m_axi_arvalid(m_axi_arvalid),
    .m_axi_arready(m_axi_arready), .m_axi_rid(m_axi_rid),
    .m_axi_rdata(m_axi_rdata), .m_axi_rresp(m_axi_rresp),
    .m_axi_rlast(m_axi_rlast), .m_axi_rvalid(m_axi_rvalid),
    .m_axi_rready(m_axi_rready)
  );

  assign m_axi_awlock  = 1'b0;
  assign m_axi_awcache = 4'b0011;
  assign m_axi_awprot  = 3'b010;
  assign m_axi_arlock  = 1'b0;
  assign m_axi_arcache = 4'b0011;
  assign m_axi_arprot  = 3'b010;

  // ---------------------------------------------------------------------------
  // Device function: every one takes the ring engine's df_* port and the
  // clock and resets through vio_df_conn.vh (one list for all of them)
  // ---------------------------------------------------------------------------
  generate
    if (DEVICE_ID == 32'd1) begin : g_net
      wire [31:0] frames, drops;
      vio_net_loop #(
        .DATA_WIDTH(DATA_WIDTH), .MAC(NET_MAC), .BUF_BYTES(NET_BUF_BYTES),
        .LEGACY(LEGACY)
      ) u_net (
        `include "vio_df_conn.vh"
        .df_done_len(df_done_len),
        .cfg_rd_en(cfg_rd_en), .cfg_rd_addr(cfg_rd_addr), .cfg_rdata(cfg_rdata),
        .frames(frames), .drops(drops)
      );
      assign cfg_change = 1'b0;
      // statistics are visible in waves; net config is read-only
      wire unused_df = &{1'b0, frames, drops, cfg_wr_en, cfg_wr_addr,
                         cfg_wdata, cfg_wstrb, blk_resize_valid,
                         blk_resize_sectors};
    end else if (DEVICE_ID == 32'd2) begin : g_blk
      wire [31:0] requests, errors;
      vio_blk #(
        .DATA_WIDTH(DATA_WIDTH), .DISK_BYTES(BLK_DISK_BYTES),
        .READ_ONLY(BLK_READ_ONLY), .DISK_ID(BLK_ID)
      ) u_blk (
        `include "vio_df_conn.vh"
        .df_done_len(df_done_len),
        .cfg_rd_en(cfg_rd_en), .cfg_rd_addr(cfg_rd_addr), .cfg_rdata(cfg_rdata),
        .stop(dev_reset_req || needs_reset || q_reset_req[0] || !q_ready[0]),
        .resize_valid(blk_resize_valid), .resize_sectors(blk_resize_sectors),
        .cfg_change(cfg_change),
        .requests(requests), .errors(errors)
      );
      // statistics are visible in waves; blk config is read-only here
      wire unused_df = &{1'b0, requests, errors, cfg_wr_en, cfg_wr_addr,
                         cfg_wdata, cfg_wstrb};
    end else if (DEVICE_ID == 32'd3) begin : g_console
      wire [31:0] bytes, emerg;
      vio_console #(
        .DATA_WIDTH(DATA_WIDTH), .COLS(CON_COLS), .ROWS(CON_ROWS)
      ) u_console (
        `include "vio_df_conn.vh"
        .df_done_len(df_done_len),
        .cfg_rd_en(cfg_rd_en), .cfg_rd_addr(cfg_rd_addr), .cfg_rdata(cfg_rdata),
        .cfg_wr_en(cfg_wr_en), .cfg_wr_addr(cfg_wr_addr), .cfg_wdata(cfg_wdata),
        .cfg_wstrb(cfg_wstrb),
        .bytes(bytes), .emerg(emerg)
      );
      assign cfg_change = 1'b0;
      wire unused_df = &{1'b0, bytes, emerg, blk_resize_valid,
                         blk_resize_sectors};
    end else begin : g_rng
      wire [31:0] bytes;
      vio_rng #(
        .DATA_WIDTH(DATA_WIDTH)
      ) u_rng (
        `include "vio_df_conn.vh"
        .df_done_len(df_done_len), .bytes(bytes)
      );
      // no configuration space (5.4.4)
      assign cfg_rdata = 32'd0;
      assign cfg_change = 1'b0;
      wire unused_df = &{1'b0, bytes, cfg_rd_en, cfg_rd_addr, cfg_wr_en,
                         cfg_wr_addr, cfg_wdata, cfg_wstrb, blk_resize_valid,
                         blk_resize_sectors};
    end
  endgenerate

  // Unused here: notification data (NOTIFICATION_DATA is not offered).
  wire unused_ok = &{1'b0, notify_data};
endmodule

`default_nettype wire
