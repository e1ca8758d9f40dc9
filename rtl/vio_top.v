// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_axil_ports.vh"
`include "vio_axi_ports.vh"
`include "vio_df_conn.vh"
`include "vio_vq_conn.vh"
`include "vio_cfg_conn.vh"

/// One virtio-mmio device: AXI4-Lite register window, split-virtqueue ring
/// engine with an AXI4 DMA master, and a device function chosen by
/// DEVICE_ID. Obeys the DUT contract (docs/dut.md).
///
///   s_axil_* ─► vio_axil_slave ─► vio_mmio_regs ◄─► vio_vq_engine ─► m_axi_*
///                                      │ cfg            │ df_*
///                                      └──────► device function
///
/// Device functions, one generate entry each (below): 1 = virtio-net
/// loopback (vio_net_loop), 2 = virtio-blk RAM disk (vio_blk), 3 =
/// virtio-console with port 0 looped back (vio_console), 4 = virtio-rng
/// (vio_rng); an entry names the queues and the device feature bits. Ring
/// features offered: INDIRECT_DESC, EVENT_IDX and RING_RESET (each can be
/// turned off), plus what the register block always offers (VERSION_1,
/// ACCESS_PLATFORM, ORDER_PLATFORM).
module vio_top #(
  /// Virtio device ID, one with a device-function entry below (1: net,
  /// 2: blk, 3: console, 4: rng).
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
  /// net: bytes of each frame buffer, header included (a power of two);
  /// longer frames are dropped.
  parameter integer NET_BUF_BYTES    = 2048,
  /// net: frame buffers (2..4): frames read ahead while earlier ones wait
  /// for their receive chains.
  parameter integer NET_NBUF         = 3,
  /// blk: bytes of the RAM disk (a multiple of 512 and of DATA_WIDTH/8).
  parameter integer BLK_DISK_BYTES   = 1048576,
  /// blk: 1 offers VIRTIO_BLK_F_RO; writes then fail with IOERR.
  parameter integer BLK_READ_ONLY    = 0,
  /// blk: GET_ID serial, a Verilog string of at most 20 characters (sent
  /// first character first, NUL padded to 20 bytes).
  parameter [159:0] BLK_ID           = "vio-blk-ramdisk",
  /// console: columns in the configuration space (cols).
  parameter [15:0]  CON_COLS         = 16'd80,
  /// console: rows in the configuration space (rows).
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
  /// The register window (vio_axil_ports.vh): byte offsets in 4 KiB
  /// (registers at 0x000-0x0FF, the configuration space from 0x100);
  /// AxPROT is ignored and every response is OKAY (misuse is ignored, see
  /// vio_mmio_regs). One write and one read per cycle; during a device
  /// reset the Status = 0 write's B response and every later access wait
  /// until the reset completes.
  `VIO_AXIL_SLAVE_PORTS(12),

  // ---------------------------------------------------------------------------
  // AXI4 master: ring and buffer DMA
  // ---------------------------------------------------------------------------
  /// The ring engine's DMA (vio_axi_ports.vh, vio_vq_engine): IDs below 8,
  /// INCR bursts of bus-wide beats that never cross 4 KiB, AxLOCK 0,
  /// AxCACHE 4'b0011 (normal non-cacheable bufferable), AxPROT 3'b010
  /// (unprivileged, non-secure, data).
  `VIO_AXI_MASTER_PORTS(ID_WIDTH, DATA_WIDTH),

  // ---------------------------------------------------------------------------
  // Interrupt
  // ---------------------------------------------------------------------------
  /// Level interrupt: high while InterruptStatus != 0.
  output wire                    irq,

  // ---------------------------------------------------------------------------
  // Medium events (blk only; tie low elsewhere)
  // ---------------------------------------------------------------------------
  /// blk: a one-cycle pulse sets the capacity to blk_resize_sectors
  /// (clamped to the RAM disk) and raises the configuration-change
  /// interrupt (5.2.4).
  input  wire                    blk_resize_valid,
  /// blk: the new capacity in 512-byte sectors, with blk_resize_valid.
  input  wire [63:0]             blk_resize_sectors
);

  // ---------------------------------------------------------------------------
  // Device functions: one entry per DEVICE_ID. A new function is a new
  // entry here (and its file in rtl/vio.f), nothing else. An entry (a
  // branch named g_dev) sets NUM_QUEUES and DEV_FEATURES (the
  // device-type feature bits offered), includes vio_top_core.vh (the
  // AXI4-Lite adapter, the register block and the ring engine sized by
  // them, and the df_* and cfg_* wires), instantiates its function on the
  // device-function and configuration ports (`VIO_DF_CONN, `VIO_CFG_CONN)
  // and marks what of the function's statistics and of the medium events it
  // leaves unused. A DEVICE_ID without an entry fails elaboration.
  // ---------------------------------------------------------------------------
  generate
    if (DEVICE_ID == 32'd1) begin : g_dev
      // virtio-net loopback: receiveq1 0, transmitq1 1; VIRTIO_NET_F_MAC (5),
      // VIRTIO_NET_F_STATUS (16) (5.1.3)
      localparam integer NUM_QUEUES   = 2;
      localparam [63:0]  DEV_FEATURES = (64'd1 << 5) | (64'd1 << 16);
      `include "vio_top_core.vh"

      wire [31:0] frames, drops;  // statistics, visible in waves
      vio_net_loop #(
        .DATA_WIDTH(DATA_WIDTH), .MAC(NET_MAC), .BUF_BYTES(NET_BUF_BYTES),
        .NBUF(NET_NBUF), .LEGACY(LEGACY)
      ) u_net (
        `VIO_DF_CONN, `VIO_CFG_CONN, .frames(frames), .drops(drops)
      );
      wire unused_df = &{1'b0, frames, drops, blk_resize_valid,
                         blk_resize_sectors};

    end else if (DEVICE_ID == 32'd2) begin : g_dev
      // virtio-blk RAM disk: requestq 0; VIRTIO_BLK_F_RO (5, with
      // BLK_READ_ONLY), FLUSH (9), DISCARD (13), WRITE_ZEROES (14) (5.2.3)
      localparam integer NUM_QUEUES   = 1;
      localparam [63:0]  DEV_FEATURES = (BLK_READ_ONLY != 0 ? (64'd1 << 5) : 64'd0) |
                                        (64'd1 << 9) | (64'd1 << 13) | (64'd1 << 14);
      `include "vio_top_core.vh"

      wire [31:0] requests, errors;  // statistics, visible in waves
      vio_blk #(
        .DATA_WIDTH(DATA_WIDTH), .DISK_BYTES(BLK_DISK_BYTES),
        .READ_ONLY(BLK_READ_ONLY), .DISK_ID(BLK_ID)
      ) u_blk (
        `VIO_DF_CONN, `VIO_CFG_CONN,
        .stop(dev_reset_req || needs_reset || q_reset_req[0] || !q_ready[0]),
        .resize_valid(blk_resize_valid), .resize_sectors(blk_resize_sectors),
        .requests(requests), .errors(errors)
      );
      wire unused_df = &{1'b0, requests, errors};

    end else if (DEVICE_ID == 32'd3) begin : g_dev
      // virtio-console, port 0 looped back: receiveq 0, transmitq 1;
      // VIRTIO_CONSOLE_F_SIZE (0), EMERG_WRITE (2) (5.3.3)
      localparam integer NUM_QUEUES   = 2;
      localparam [63:0]  DEV_FEATURES = (64'd1 << 0) | (64'd1 << 2);
      `include "vio_top_core.vh"

      wire [31:0] bytes, emerg;  // statistics, visible in waves
      vio_console #(
        .DATA_WIDTH(DATA_WIDTH), .COLS(CON_COLS), .ROWS(CON_ROWS)
      ) u_console (
        `VIO_DF_CONN, `VIO_CFG_CONN, .bytes(bytes), .emerg(emerg)
      );
      wire unused_df = &{1'b0, bytes, emerg, blk_resize_valid,
                         blk_resize_sectors};

    end else if (DEVICE_ID == 32'd4) begin : g_dev
      // virtio-rng: requestq 0; no feature bits, no configuration space
      // (5.4)
      localparam integer NUM_QUEUES   = 1;
      localparam [63:0]  DEV_FEATURES = 64'd0;
      `include "vio_top_core.vh"

      wire [31:0] bytes;  // statistics, visible in waves
      vio_rng #(
        .DATA_WIDTH(DATA_WIDTH)
      ) u_rng (
        `VIO_DF_CONN, `VIO_CFG_CONN, .bytes(bytes)
      );
      wire unused_df = &{1'b0, bytes, blk_resize_valid, blk_resize_sectors};

    end else begin : g_dev
      vio_top_error_DEVICE_ID_names_no_device_function u_param_error ();
    end
  endgenerate
endmodule

`default_nettype wire
