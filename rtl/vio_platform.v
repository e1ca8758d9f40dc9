// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_axil_ports.vh"
`include "vio_axi_ports.vh"

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
  /// The register port (vio_axil_ports.vh): byte addresses; slot i's 4 KiB
  /// window at BASE + i * 4 KiB. AxPROT is forwarded and ignored by the
  /// devices; responses are OKAY, or DECERR outside the slots. Each slot
  /// behaves as a single vio_top (or the empty slot) behind the decoder.
  `VIO_AXIL_SLAVE_PORTS(32),

  // ---------------------------------------------------------------------------
  // AXI4 master: every device's DMA, merged
  // ---------------------------------------------------------------------------
  /// The DMA port (vio_axi_ports.vh), the devices' bursts merged by
  /// vio_axi_arb: IDs {slot (2 bits), the device's ID (4 bits)}, responses
  /// returned to the device the ID names. Bursts, AxLOCK, AxCACHE and
  /// AxPROT as a single vio_top's.
  `VIO_AXI_MASTER_PORTS(6, DATA_WIDTH),

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

  // ---------------------------------------------------------------------------
  // Register port: decoder
  // ---------------------------------------------------------------------------
  // The decoder's master side: address, protection, data and strobes
  // shared by the slots, the rest slot i at bit i or slice i.
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
    `VIO_AXIL_CONN(s_axil_, s_axil_), `VIO_AXIL_CONN(m_axil_, r_)
  );

  // ---------------------------------------------------------------------------
  // Devices
  // ---------------------------------------------------------------------------
  // DMA of each device, flattened for the arbiter: device i's field of
  // width W is bits [i*W +: W].
  `VIO_AXI_VEC_WIRES(d_, DEVS, DEV_ID_W, DW);
  // AxLOCK/AxCACHE/AxPROT are constants of vio_top, the same for every
  // device: the platform drives device 0's.
  `VIO_AXI_ATTR_VEC_WIRES(d_, DEVS);

  genvar i;
  generate
    for (i = 0; i < DEVS; i = i + 1) begin : g_dev
      vio_top #(
        .DEVICE_ID(i + 1), .QUEUE_SIZE_MAX(QUEUE_SIZE_MAX),
        .DATA_WIDTH(DATA_WIDTH), .ID_WIDTH(DEV_ID_W),
        .BLK_DISK_BYTES(BLK_DISK_BYTES)
      ) u_dev (
        .clk(clk), .rst_n(rst_n),
        `VIO_AXIL_SLOT_CONN(s_axil_, r_, i),
        `VIO_AXI_SLICE(m_axi_, d_, i, DEV_ID_W, DW),
        .irq(irq[i]),
        .blk_resize_valid(i == 1 ? blk_resize_valid : 1'b0),
        .blk_resize_sectors(i == 1 ? blk_resize_sectors : 64'd0)
      );
    end
  endgenerate

  vio_mmio_placeholder u_empty (
    .clk(clk), .rst_n(rst_n),
    `VIO_AXIL_SLOT_CONN(s_axil_, r_, 4)
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
    `VIO_AXI_CORE_CONN(s_axi_, d_), `VIO_AXI_CORE_CONN(m_axi_, m_axi_)
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
