// SPDX-License-Identifier: MIT
// A design of this project's own under vio's DUT contract (docs/dut.md in
// vio): an empty virtio-mmio slot (vio_mmio_placeholder, from vio's RTL)
// on s_axil, no DMA on m_axi, no interrupt. Its port lists come from
// vio's installed port macros (vio_axil_ports.vh, vio_axi_ports.vh).
`default_nettype none

`include "vio_axil_ports.vh"
`include "vio_axi_ports.vh"

module my_slot (
  input  wire clk,
  input  wire rst_n,
  // AXI4-Lite slave: the 4 KiB register window
  `VIO_AXIL_SLAVE_PORTS(12),
  // AXI4 master: DMA, unused (1-bit IDs, 64-bit data)
  `VIO_AXI_MASTER_PORTS(1, 64),
  output wire irq
);

  vio_mmio_placeholder u_slot (
    .clk   (clk),
    .rst_n (rst_n),
    `VIO_AXIL_CONN(s_axil_, s_axil_)
  );

  // no DMA: every request idle, every response taken
  assign {m_axi_awid, m_axi_awaddr, m_axi_awlen, m_axi_awlock,
          m_axi_awcache, m_axi_awprot, m_axi_awvalid} = 82'd0;
  assign m_axi_awsize  = 3'd3;
  assign m_axi_awburst = 2'b01;
  assign {m_axi_wdata, m_axi_wstrb, m_axi_wlast, m_axi_wvalid} = 74'd0;
  assign m_axi_bready  = 1'b1;
  assign {m_axi_arid, m_axi_araddr, m_axi_arlen, m_axi_arlock,
          m_axi_arcache, m_axi_arprot, m_axi_arvalid} = 82'd0;
  assign m_axi_arsize  = 3'd3;
  assign m_axi_arburst = 2'b01;
  assign m_axi_rready  = 1'b1;
  assign irq           = 1'b0;

  // inputs a design without DMA does not look at
  wire unused = &{1'b0, m_axi_awready, m_axi_wready, m_axi_bid, m_axi_bresp,
                  m_axi_bvalid, m_axi_arready, m_axi_rid, m_axi_rdata,
                  m_axi_rresp, m_axi_rlast, m_axi_rvalid};

endmodule

`default_nettype wire
