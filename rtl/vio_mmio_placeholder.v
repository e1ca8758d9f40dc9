// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_axil_ports.vh"

/// An empty virtio-mmio slot: a register window with no device behind it
/// (DeviceID 0). MagicValue, Version 2 and VendorID read as a device's
/// would; DeviceID and every other register read 0 and writes are ignored,
/// so a driver stops at DeviceID 0 without an error (4.2.3.1.1: "the
/// driver MUST ignore a device with DeviceID 0x0"). Every access gets an
/// OKAY response from the AXI4-Lite adapter; there is no DMA and no
/// interrupt.
module vio_mmio_placeholder #(
  /// VendorID value (the same as the real devices').
  parameter [31:0] VENDOR_ID = 32'h004f4956
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire        clk,
  /// Synchronous active-low reset.
  input  wire        rst_n,

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave: the register window
  // ---------------------------------------------------------------------------
  /// The register window (vio_axil_ports.vh): byte offsets in 4 KiB,
  /// AxPROT, write data and strobes ignored, every response OKAY; one write
  /// and one read per cycle (vio_axil_slave).
  `VIO_AXIL_SLAVE_PORTS(12)
);

  // The generated map holds every register and bit; few are used here.
  /* verilator lint_off UNUSEDPARAM */
  `include "vio_mmio_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  wire        reg_wr_en, reg_rd_en;
  wire [11:0] reg_wr_addr, reg_rd_addr;
  wire [31:0] reg_wr_data;
  wire [3:0]  reg_wr_strb;
  reg  [31:0] rdata_q;

  vio_axil_slave #(
    .ADDR_WIDTH (12)
  ) u_axil (
    .clk(clk), .rst_n(rst_n),
    `VIO_AXIL_CONN(s_axil_, s_axil_),
    .reg_wr_en(reg_wr_en), .reg_wr_addr(reg_wr_addr),
    .reg_wr_data(reg_wr_data), .reg_wr_strb(reg_wr_strb),
    .reg_wr_resp(2'b00), .reg_rd_en(reg_rd_en),
    .reg_rd_addr(reg_rd_addr), .reg_rd_data(rdata_q),
    .reg_rd_resp(2'b00), .reg_stall(1'b0)
  );

  // Read data one cycle after reg_rd_en, as the adapter samples it.
  always @(posedge clk) begin
    if (!rst_n)
      rdata_q <= 32'd0;
    else if (reg_rd_en)
      case (reg_rd_addr)
        REG_MAGIC_VALUE: rdata_q <= MAGIC;      // 'virt' (4.2.2)
        REG_VERSION:     rdata_q <= 32'd2;
        REG_VENDOR_ID:   rdata_q <= VENDOR_ID;
        default:         rdata_q <= 32'd0;
      endcase
  end

  wire unused_ok = &{1'b0, reg_wr_en, reg_wr_addr, reg_wr_data, reg_wr_strb};
endmodule

`default_nettype wire
