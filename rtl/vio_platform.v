`default_nettype none

/// A virtio-mmio platform: several virtio devices behind one AXI4-Lite
/// register port and one AXI4 DMA port, with one interrupt line each, laid
/// out as QEMU's RISC-V `virt` board lays out its virtio-mmio transports
/// (4 KiB windows from 0x1000_1000). Obeys the DUT contract (docs/dut.md)
/// with `irq` a vector, plus the blk medium event ports; see
/// docs/platform.md.
///
///   slot  base         device                     irq
///   0     0x1000_1000  virtio-net loopback (1)    irq[0]
///   1     0x1000_2000  virtio-blk RAM disk (2)    irq[1]
///   2     0x1000_3000  virtio-console (3)         irq[2]
///   3     0x1000_4000  virtio-rng (4)             irq[3]
///   4     0x1000_5000  empty slot (DeviceID 0)    irq[4], always 0
///
///   s_axil_* ─► vio_axil_dec ─┬─► vio_top (net)     ─┐
///                              ├─► vio_top (blk)     ─┤
///                              ├─► vio_top (console) ─┼─► vio_axi_arb ─► m_axi_*
///                              ├─► vio_top (rng)     ─┘
///                              └─► vio_mmio_placeholder
///
/// An address outside the five windows gets DECERR. DMA IDs are {slot,
/// device ID}: the arbiter returns each response to its device. Every
/// device's DMA carries the same AxCACHE/AxPROT as a single vio_top.
module vio_platform #(
  /// AXI4 data width of the DMA port (64, 128 or 256).
  parameter integer DATA_WIDTH     = 64,
  /// Largest queue size of every device (a power of two, 1..32768).
  parameter integer QUEUE_SIZE_MAX = 256,
  /// blk: bytes of the RAM disk.
  parameter integer BLK_DISK_BYTES = 1048576,
  /// Address of slot 0 (4 KiB aligned); slot i is at BASE + i * 4 KiB.
  parameter [31:0]  BASE           = 32'h1000_1000
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                    clk,
  /// Synchronous active-low reset.
  input  wire                    rst_n,

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave: every device's registers
  // ---------------------------------------------------------------------------
  /// Write address (byte address).
  input  wire [31:0]             s_axil_awaddr,
  /// Write protection type (forwarded, ignored by the devices).
  input  wire [2:0]              s_axil_awprot,
  input  wire                    s_axil_awvalid,
  output wire                    s_axil_awready,
  input  wire [31:0]             s_axil_wdata,
  input  wire [3:0]              s_axil_wstrb,
  input  wire                    s_axil_wvalid,
  output wire                    s_axil_wready,
  /// Write response: OKAY, or DECERR outside the slots.
  output wire [1:0]              s_axil_bresp,
  output wire                    s_axil_bvalid,
  input  wire                    s_axil_bready,
  /// Read address (byte address).
  input  wire [31:0]             s_axil_araddr,
  /// Read protection type (forwarded, ignored by the devices).
  input  wire [2:0]              s_axil_arprot,
  input  wire                    s_axil_arvalid,
  output wire                    s_axil_arready,
  output wire [31:0]             s_axil_rdata,
  /// Read response: OKAY, or DECERR outside the slots.
  output wire [1:0]              s_axil_rresp,
  output wire                    s_axil_rvalid,
  input  wire                    s_axil_rready,

  // ---------------------------------------------------------------------------
  // AXI4 master: every device's DMA, merged
  // ---------------------------------------------------------------------------
  /// Write ID: {slot, the device's AWID}.
  output wire [5:0]              m_axi_awid,
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
  input  wire [5:0]              m_axi_bid,
  input  wire [1:0]              m_axi_bresp,
  input  wire                    m_axi_bvalid,
  output wire                    m_axi_bready,
  /// Read ID: {slot, the device's ARID}.
  output wire [5:0]              m_axi_arid,
  output wire [63:0]             m_axi_araddr,
  output wire [7:0]              m_axi_arlen,
  output wire [2:0]              m_axi_arsize,
  output wire [1:0]              m_axi_arburst,
  output wire                    m_axi_arlock,
  output wire [3:0]              m_axi_arcache,
  output wire [2:0]              m_axi_arprot,
  output wire                    m_axi_arvalid,
  input  wire                    m_axi_arready,
  input  wire [5:0]              m_axi_rid,
  input  wire [DATA_WIDTH-1:0]   m_axi_rdata,
  input  wire [1:0]              m_axi_rresp,
  input  wire                    m_axi_rlast,
  input  wire                    m_axi_rvalid,
  output wire                    m_axi_rready,

  // ---------------------------------------------------------------------------
  // Interrupts and medium events
  // ---------------------------------------------------------------------------
  /// One level interrupt per slot: irq[i] is high while slot i's
  /// InterruptStatus != 0.
  output wire [4:0]              irq,
  /// blk: a pulse sets the capacity to blk_resize_sectors (clamped to the
  /// RAM disk) and raises blk's configuration-change interrupt.
  input  wire                    blk_resize_valid,
  /// blk: the new capacity in 512-byte sectors.
  input  wire [63:0]             blk_resize_sectors
);

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_platform_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
  endgenerate

  localparam integer SLOTS    = 5;  // irq[4:0]
  localparam integer DEVS     = 4;  // slots with a device and DMA
  localparam integer DEV_ID_W = 4;  // each vio_top's AXI ID width; the
                                    // port IDs are {slot (2), that} = 6 bits
  localparam integer DW       = DATA_WIDTH;
  localparam integer SW       = DATA_WIDTH / 8;

  // ---------------------------------------------------------------------------
  // Register port: decoder
  // ---------------------------------------------------------------------------
  wire [11:0]         r_awaddr, r_araddr;
  wire [2:0]          r_awprot, r_arprot;
  wire [31:0]         r_wdata;
  wire [3:0]          r_wstrb;
  wire [SLOTS-1:0]    r_awvalid, r_awready, r_wvalid, r_wready;
  wire [SLOTS-1:0]    r_bvalid, r_bready, r_arvalid, r_arready;
  wire [SLOTS-1:0]    r_rvalid, r_rready;
  wire [SLOTS*2-1:0]  r_bresp, r_rresp;
  wire [SLOTS*32-1:0] r_rdata;

  vio_axil_dec #(
    .SLOTS(SLOTS), .ADDR_WIDTH(32), .BASE({32'd0, BASE})
  ) u_dec (
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
    .m_axil_awaddr(r_awaddr), .m_axil_awprot(r_awprot),
    .m_axil_awvalid(r_awvalid), .m_axil_awready(r_awready),
    .m_axil_wdata(r_wdata), .m_axil_wstrb(r_wstrb),
    .m_axil_wvalid(r_wvalid), .m_axil_wready(r_wready),
    .m_axil_bresp(r_bresp), .m_axil_bvalid(r_bvalid),
    .m_axil_bready(r_bready),
    .m_axil_araddr(r_araddr), .m_axil_arprot(r_arprot),
    .m_axil_arvalid(r_arvalid), .m_axil_arready(r_arready),
    .m_axil_rdata(r_rdata), .m_axil_rresp(r_rresp),
    .m_axil_rvalid(r_rvalid), .m_axil_rready(r_rready)
  );

  // ---------------------------------------------------------------------------
  // Devices
  // ---------------------------------------------------------------------------
  // DMA of each device, flattened for the arbiter: device i's field of
  // width W is bits [i*W +: W].
  wire [DEVS*DEV_ID_W-1:0] d_awid, d_arid, d_bid, d_rid;
  wire [DEVS*64-1:0]       d_awaddr, d_araddr;
  wire [DEVS*8-1:0]        d_awlen, d_arlen;
  wire [DEVS*3-1:0]        d_awsize, d_arsize;
  wire [DEVS*2-1:0]        d_awburst, d_arburst, d_bresp, d_rresp;
  wire [DEVS-1:0]          d_awvalid, d_awready, d_wlast, d_wvalid, d_wready;
  wire [DEVS-1:0]          d_bvalid, d_bready, d_arvalid, d_arready;
  wire [DEVS-1:0]          d_rlast, d_rvalid, d_rready;
  wire [DEVS*DW-1:0]       d_wdata, d_rdata;
  wire [DEVS*SW-1:0]       d_wstrb;
  // AxLOCK/AxCACHE/AxPROT are constants of vio_top, the same for every
  // device: the platform drives the same values.
  wire [DEVS-1:0]          d_awlock, d_arlock;
  wire [DEVS*4-1:0]        d_awcache, d_arcache;
  wire [DEVS*3-1:0]        d_awprot, d_arprot;

  genvar i;
  generate
    for (i = 0; i < DEVS; i = i + 1) begin : g_dev
      vio_top #(
        .DEVICE_ID(i + 1), .QUEUE_SIZE_MAX(QUEUE_SIZE_MAX),
        .DATA_WIDTH(DATA_WIDTH), .ID_WIDTH(DEV_ID_W),
        .BLK_DISK_BYTES(BLK_DISK_BYTES)
      ) u_dev (
        .clk(clk), .rst_n(rst_n),
        .s_axil_awaddr(r_awaddr), .s_axil_awprot(r_awprot),
        .s_axil_awvalid(r_awvalid[i]), .s_axil_awready(r_awready[i]),
        .s_axil_wdata(r_wdata), .s_axil_wstrb(r_wstrb),
        .s_axil_wvalid(r_wvalid[i]), .s_axil_wready(r_wready[i]),
        .s_axil_bresp(r_bresp[2*i +: 2]), .s_axil_bvalid(r_bvalid[i]),
        .s_axil_bready(r_bready[i]),
        .s_axil_araddr(r_araddr), .s_axil_arprot(r_arprot),
        .s_axil_arvalid(r_arvalid[i]), .s_axil_arready(r_arready[i]),
        .s_axil_rdata(r_rdata[32*i +: 32]), .s_axil_rresp(r_rresp[2*i +: 2]),
        .s_axil_rvalid(r_rvalid[i]), .s_axil_rready(r_rready[i]),
        .m_axi_awid(d_awid[DEV_ID_W*i +: DEV_ID_W]),
        .m_axi_awaddr(d_awaddr[64*i +: 64]), .m_axi_awlen(d_awlen[8*i +: 8]),
        .m_axi_awsize(d_awsize[3*i +: 3]), .m_axi_awburst(d_awburst[2*i +: 2]),
        .m_axi_awlock(d_awlock[i]), .m_axi_awcache(d_awcache[4*i +: 4]),
        .m_axi_awprot(d_awprot[3*i +: 3]),
        .m_axi_awvalid(d_awvalid[i]), .m_axi_awready(d_awready[i]),
        .m_axi_wdata(d_wdata[DW*i +: DW]), .m_axi_wstrb(d_wstrb[SW*i +: SW]),
        .m_axi_wlast(d_wlast[i]), .m_axi_wvalid(d_wvalid[i]),
        .m_axi_wready(d_wready[i]),
        .m_axi_bid(d_bid[DEV_ID_W*i +: DEV_ID_W]), .m_axi_bresp(d_bresp[2*i +: 2]),
        .m_axi_bvalid(d_bvalid[i]), .m_axi_bready(d_bready[i]),
        .m_axi_arid(d_arid[DEV_ID_W*i +: DEV_ID_W]),
        .m_axi_araddr(d_araddr[64*i +: 64]), .m_axi_arlen(d_arlen[8*i +: 8]),
        .m_axi_arsize(d_arsize[3*i +: 3]), .m_axi_arburst(d_arburst[2*i +: 2]),
        .m_axi_arlock(d_arlock[i]), .m_axi_arcache(d_arcache[4*i +: 4]),
        .m_axi_arprot(d_arprot[3*i +: 3]),
        .m_axi_arvalid(d_arvalid[i]), .m_axi_arready(d_arready[i]),
        .m_axi_rid(d_rid[DEV_ID_W*i +: DEV_ID_W]), .m_axi_rdata(d_rdata[DW*i +: DW]),
        .m_axi_rresp(d_rresp[2*i +: 2]), .m_axi_rlast(d_rlast[i]),
        .m_axi_rvalid(d_rvalid[i]), .m_axi_rready(d_rready[i]),
        .irq(irq[i]),
        .blk_resize_valid(i == 1 ? blk_resize_valid : 1'b0),
        .blk_resize_sectors(i == 1 ? blk_resize_sectors : 64'd0)
      );
    end
  endgenerate

  vio_mmio_placeholder u_empty (
    .clk(clk), .rst_n(rst_n),
    .s_axil_awaddr(r_awaddr), .s_axil_awprot(r_awprot),
    .s_axil_awvalid(r_awvalid[4]), .s_axil_awready(r_awready[4]),
    .s_axil_wdata(r_wdata), .s_axil_wstrb(r_wstrb),
    .s_axil_wvalid(r_wvalid[4]), .s_axil_wready(r_wready[4]),
    .s_axil_bresp(r_bresp[9:8]), .s_axil_bvalid(r_bvalid[4]),
    .s_axil_bready(r_bready[4]),
    .s_axil_araddr(r_araddr), .s_axil_arprot(r_arprot),
    .s_axil_arvalid(r_arvalid[4]), .s_axil_arready(r_arready[4]),
    .s_axil_rdata(r_rdata[159:128]), .s_axil_rresp(r_rresp[9:8]),
    .s_axil_rvalid(r_rvalid[4]), .s_axil_rready(r_rready[4])
  );
  assign irq[4] = 1'b0;

  // ---------------------------------------------------------------------------
  // DMA port: arbiter
  // ---------------------------------------------------------------------------
  vio_axi_arb #(
    .PORTS(DEVS), .ID_WIDTH(DEV_ID_W), .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(64)
  ) u_arb (
    .clk(clk), .rst_n(rst_n),
    .s_axi_awid(d_awid), .s_axi_awaddr(d_awaddr), .s_axi_awlen(d_awlen),
    .s_axi_awsize(d_awsize), .s_axi_awburst(d_awburst),
    .s_axi_awvalid(d_awvalid), .s_axi_awready(d_awready),
    .s_axi_wdata(d_wdata), .s_axi_wstrb(d_wstrb), .s_axi_wlast(d_wlast),
    .s_axi_wvalid(d_wvalid), .s_axi_wready(d_wready),
    .s_axi_bid(d_bid), .s_axi_bresp(d_bresp), .s_axi_bvalid(d_bvalid),
    .s_axi_bready(d_bready),
    .s_axi_arid(d_arid), .s_axi_araddr(d_araddr), .s_axi_arlen(d_arlen),
    .s_axi_arsize(d_arsize), .s_axi_arburst(d_arburst),
    .s_axi_arvalid(d_arvalid), .s_axi_arready(d_arready),
    .s_axi_rid(d_rid), .s_axi_rdata(d_rdata), .s_axi_rresp(d_rresp),
    .s_axi_rlast(d_rlast), .s_axi_rvalid(d_rvalid), .s_axi_rready(d_rready),
    .m_axi_awid(m_axi_awid), .m_axi_awaddr(m_axi_awaddr),
    .m_axi_awlen(m_axi_awlen), .m_axi_awsize(m_axi_awsize),
    .m_axi_awburst(m_axi_awburst), .m_axi_awvalid(m_axi_awvalid),
    .m_axi_awready(m_axi_awready),
    .m_axi_wdata(m_axi_wdata), .m_axi_wstrb(m_axi_wstrb),
    .m_axi_wlast(m_axi_wlast), .m_axi_wvalid(m_axi_wvalid),
    .m_axi_wready(m_axi_wready),
    .m_axi_bid(m_axi_bid), .m_axi_bresp(m_axi_bresp),
    .m_axi_bvalid(m_axi_bvalid), .m_axi_bready(m_axi_bready),
    .m_axi_arid(m_axi_arid), .m_axi_araddr(m_axi_araddr),
    .m_axi_arlen(m_axi_arlen), .m_axi_arsize(m_axi_arsize),
    .m_axi_arburst(m_axi_arburst), .m_axi_arvalid(m_axi_arvalid),
    .m_axi_arready(m_axi_arready),
    .m_axi_rid(m_axi_rid), .m_axi_rdata(m_axi_rdata),
    .m_axi_rresp(m_axi_rresp), .m_axi_rlast(m_axi_rlast),
    .m_axi_rvalid(m_axi_rvalid), .m_axi_rready(m_axi_rready)
  );

  assign m_axi_awlock  = d_awlock[0];
  assign m_axi_awcache = d_awcache[3:0];
  assign m_axi_awprot  = d_awprot[2:0];
  assign m_axi_arlock  = d_arlock[0];
  assign m_axi_arcache = d_arcache[3:0];
  assign m_axi_arprot  = d_arprot[2:0];

  wire unused_ok = &{1'b0, d_awlock[DEVS-1:1], d_awcache[DEVS*4-1:4],
                     d_awprot[DEVS*3-1:3], d_arlock[DEVS-1:1],
                     d_arcache[DEVS*4-1:4], d_arprot[DEVS*3-1:3]};
endmodule

`default_nettype wire
