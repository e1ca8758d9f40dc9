// SPDX-License-Identifier: MIT
// AXI4-Lite port lists (docs/dut.md), written once: a module's ports, the
// wires between two modules, an instance's connections. Every list macro
// expands to items separated by commas (wire macros: by semicolons) with
// none after the last, so it stands anywhere in a list. P is a port-name
// prefix (s_axil_, m_axil_), S the prefix of the wires it connects to, AW
// the address width. Names are pasted with `` (the one preprocessor feature
// here beyond Verilog-2005; Verilator, Icarus and Yosys accept it).
`ifndef VIO_AXIL_PORTS_VH
`define VIO_AXIL_PORTS_VH

/// An AXI4-Lite port with prefix P. REQ is the direction of what the master
/// drives, RSP of what the slave drives (a slave: input, output; a master:
/// output, input). Data is 32 bits; every channel is a valid/ready
/// handshake whose payload is held while valid is high and ready low.
///   P``awaddr   REQ  AW  write address (byte address)
///   P``awprot   REQ  3   write protection type
///   P``awvalid  REQ  1   write address valid
///   P``awready  RSP  1   write address ready
///   P``wdata    REQ  32  write data
///   P``wstrb    REQ  4   write byte strobes (bit b: bits 8b+7:8b)
///   P``wvalid   REQ  1   write data valid
///   P``wready   RSP  1   write data ready
///   P``bresp    RSP  2   write response: OKAY 0, SLVERR 2, DECERR 3
///   P``bvalid   RSP  1   write response valid
///   P``bready   REQ  1   write response ready
///   P``araddr   REQ  AW  read address (byte address)
///   P``arprot   REQ  3   read protection type
///   P``arvalid  REQ  1   read address valid
///   P``arready  RSP  1   read address ready
///   P``rdata    RSP  32  read data
///   P``rresp    RSP  2   read response, as bresp
///   P``rvalid   RSP  1   read data valid
///   P``rready   REQ  1   read data ready
`define VIO_AXIL_PORTS(P, REQ, RSP, AW) \
  REQ wire [(AW)-1:0] P``awaddr, \
  REQ wire [2:0]      P``awprot, \
  REQ wire            P``awvalid, \
  RSP wire            P``awready, \
  REQ wire [31:0]     P``wdata, \
  REQ wire [3:0]      P``wstrb, \
  REQ wire            P``wvalid, \
  RSP wire            P``wready, \
  RSP wire [1:0]      P``bresp, \
  RSP wire            P``bvalid, \
  REQ wire            P``bready, \
  REQ wire [(AW)-1:0] P``araddr, \
  REQ wire [2:0]      P``arprot, \
  REQ wire            P``arvalid, \
  RSP wire            P``arready, \
  RSP wire [31:0]     P``rdata, \
  RSP wire [1:0]      P``rresp, \
  RSP wire            P``rvalid, \
  REQ wire            P``rready

/// The AXI4-Lite slave port of the DUT contract: s_axil_*.
`define VIO_AXIL_SLAVE_PORTS(AW) `VIO_AXIL_PORTS(s_axil_, input, output, AW)

/// Wires S``awaddr .. S``rready between an AXI4-Lite master and slave.
`define VIO_AXIL_WIRES(S, AW) \
  wire [(AW)-1:0] S``awaddr, S``araddr; \
  wire [2:0]      S``awprot, S``arprot; \
  wire [31:0]     S``wdata, S``rdata; \
  wire [3:0]      S``wstrb; \
  wire [1:0]      S``bresp, S``rresp; \
  wire            S``awvalid, S``awready, S``wvalid, S``wready, S``bvalid, \
                  S``bready, S``arvalid, S``arready, S``rvalid, S``rready

/// Connects an instance's AXI4-Lite port P to the wires S.
`define VIO_AXIL_CONN(P, S) \
  .P``awaddr(S``awaddr), .P``awprot(S``awprot), .P``awvalid(S``awvalid), \
  .P``awready(S``awready), .P``wdata(S``wdata), .P``wstrb(S``wstrb), \
  .P``wvalid(S``wvalid), .P``wready(S``wready), .P``bresp(S``bresp), \
  .P``bvalid(S``bvalid), .P``bready(S``bready), .P``araddr(S``araddr), \
  .P``arprot(S``arprot), .P``arvalid(S``arvalid), .P``arready(S``arready), \
  .P``rdata(S``rdata), .P``rresp(S``rresp), .P``rvalid(S``rvalid), \
  .P``rready(S``rready)

/// Connects an instance's AXI4-Lite port P to slot I of vio_axil_dec's
/// master side, wired as S: the address, protection, data and strobes are
/// shared by every slot, the handshakes are bit I, the responses and the
/// read data slice I.
`define VIO_AXIL_SLOT_CONN(P, S, I) \
  .P``awaddr(S``awaddr), .P``awprot(S``awprot), \
  .P``awvalid(S``awvalid[I]), .P``awready(S``awready[I]), \
  .P``wdata(S``wdata), .P``wstrb(S``wstrb), \
  .P``wvalid(S``wvalid[I]), .P``wready(S``wready[I]), \
  .P``bresp(S``bresp[2*(I) +: 2]), .P``bvalid(S``bvalid[I]), \
  .P``bready(S``bready[I]), .P``araddr(S``araddr), .P``arprot(S``arprot), \
  .P``arvalid(S``arvalid[I]), .P``arready(S``arready[I]), \
  .P``rdata(S``rdata[32*(I) +: 32]), .P``rresp(S``rresp[2*(I) +: 2]), \
  .P``rvalid(S``rvalid[I]), .P``rready(S``rready[I])

`endif
