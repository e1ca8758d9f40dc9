// SPDX-License-Identifier: MIT
// AXI4 port lists (docs/dut.md), written once: a module's ports, the wires
// between modules, an instance's connections. Every list macro expands to
// items separated by commas (wire macros: by semicolons) with none after
// the last, so it stands anywhere in a list. P is a port-name prefix
// (m_axi_, s_axi_), S the prefix of the wires it connects to, X a channel
// (aw or ar), IDW the ID width, DW the data width; addresses are 64 bits.
// Names are pasted with `` (the one preprocessor feature here beyond
// Verilog-2005; Verilator, Icarus and Yosys accept it).
//
// The core of a port is every signal but AxLOCK, AxCACHE and AxPROT (the
// attributes, which the project's DMAs and arbiter leave to the top); the
// body is the core without the four IDs.
`ifndef VIO_AXI_PORTS_VH
`define VIO_AXI_PORTS_VH

// -----------------------------------------------------------------------------
// Port declarations
// -----------------------------------------------------------------------------

/// An AXI4 address channel X (aw or ar) with prefix P. REQ is the direction
/// of what the master drives, RSP of what the slave drives (a master:
/// output, input; a slave: input, output). Every channel is a valid/ready
/// handshake whose payload is held while valid is high and ready low.
///   P``X``id     REQ  IDW  transaction ID (responses return with it)
///   P``X``addr   REQ  64   byte address of the first beat
///   P``X``len    REQ  8    beats - 1
///   P``X``size   REQ  3    log2 of the bytes per beat
///   P``X``burst  REQ  2    FIXED 0, INCR 1, WRAP 2
///   P``X``lock   REQ  1    0: normal access
///   P``X``cache  REQ  4    memory attributes (4'b0011: normal, non-cacheable,
///                          bufferable)
///   P``X``prot   REQ  3    protection (bit 0 privileged, 1 non-secure,
///                          2 instruction)
///   P``X``valid  REQ  1    address valid
///   P``X``ready  RSP  1    address ready
`define VIO_AXI_AX_PORTS(P, X, REQ, RSP, IDW) \
  REQ wire [(IDW)-1:0]  P``X``id, \
  REQ wire [63:0]       P``X``addr, \
  REQ wire [7:0]        P``X``len, \
  REQ wire [2:0]        P``X``size, \
  REQ wire [1:0]        P``X``burst, \
  REQ wire              P``X``lock, \
  REQ wire [3:0]        P``X``cache, \
  REQ wire [2:0]        P``X``prot, \
  REQ wire              P``X``valid, \
  RSP wire              P``X``ready

/// The write half of an AXI4 port: the aw channel (above), then
///   P``wdata   REQ  DW    write data
///   P``wstrb   REQ  DW/8  byte strobes (bit b: bits 8b+7:8b)
///   P``wlast   REQ  1     last beat of the burst
///   P``wvalid  REQ  1     write data valid
///   P``wready  RSP  1     write data ready
///   P``bid     RSP  IDW   ID of the burst answered
///   P``bresp   RSP  2     OKAY 0, EXOKAY 1, SLVERR 2, DECERR 3
///   P``bvalid  RSP  1     write response valid
///   P``bready  REQ  1     write response ready
`define VIO_AXI_WR_PORTS(P, REQ, RSP, IDW, DW) \
  `VIO_AXI_AX_PORTS(P, aw, REQ, RSP, IDW), \
  REQ wire [(DW)-1:0]   P``wdata, \
  REQ wire [(DW)/8-1:0] P``wstrb, \
  REQ wire              P``wlast, \
  REQ wire              P``wvalid, \
  RSP wire              P``wready, \
  RSP wire [(IDW)-1:0]  P``bid, \
  RSP wire [1:0]        P``bresp, \
  RSP wire              P``bvalid, \
  REQ wire              P``bready

/// The read half of an AXI4 port: the ar channel (above), then
///   P``rid     RSP  IDW  ID of the burst answered
///   P``rdata   RSP  DW   read data
///   P``rresp   RSP  2    as bresp, per beat
///   P``rlast   RSP  1    last beat of the burst
///   P``rvalid  RSP  1    read data valid
///   P``rready  REQ  1    read data ready
`define VIO_AXI_RD_PORTS(P, REQ, RSP, IDW, DW) \
  `VIO_AXI_AX_PORTS(P, ar, REQ, RSP, IDW), \
  RSP wire [(IDW)-1:0]  P``rid, \
  RSP wire [(DW)-1:0]   P``rdata, \
  RSP wire [1:0]        P``rresp, \
  RSP wire              P``rlast, \
  RSP wire              P``rvalid, \
  REQ wire              P``rready

/// A whole AXI4 port: the write half, then the read half.
`define VIO_AXI_PORTS(P, REQ, RSP, IDW, DW) \
  `VIO_AXI_WR_PORTS(P, REQ, RSP, IDW, DW), \
  `VIO_AXI_RD_PORTS(P, REQ, RSP, IDW, DW)

/// The AXI4 master port of the DUT contract: m_axi_*.
`define VIO_AXI_MASTER_PORTS(IDW, DW) `VIO_AXI_PORTS(m_axi_, output, input, IDW, DW)

// -----------------------------------------------------------------------------
// Wires
// -----------------------------------------------------------------------------

/// The core of N AXI4 ports flattened into vectors, as vio_axi_arb takes
/// them: port i's field of width W is bits [i*W +: W] (N = 1: one port).
`define VIO_AXI_VEC_WIRES(S, N, IDW, DW) \
  wire [(N)*(IDW)-1:0]  S``awid, S``bid, S``arid, S``rid; \
  wire [(N)*64-1:0]     S``awaddr, S``araddr; \
  wire [(N)*8-1:0]      S``awlen, S``arlen; \
  wire [(N)*3-1:0]      S``awsize, S``arsize; \
  wire [(N)*2-1:0]      S``awburst, S``arburst, S``bresp, S``rresp; \
  wire [(N)*(DW)-1:0]   S``wdata, S``rdata; \
  wire [(N)*(DW)/8-1:0] S``wstrb; \
  wire [(N)-1:0]        S``awvalid, S``awready, S``wlast, S``wvalid, \
                        S``wready, S``bvalid, S``bready, S``arvalid, \
                        S``arready, S``rlast, S``rvalid, S``rready

/// The attributes of N AXI4 ports, flattened as above.
`define VIO_AXI_ATTR_VEC_WIRES(S, N) \
  wire [(N)-1:0]        S``awlock, S``arlock; \
  wire [(N)*4-1:0]      S``awcache, S``arcache; \
  wire [(N)*3-1:0]      S``awprot, S``arprot

// -----------------------------------------------------------------------------
// Connections of whole ports
// -----------------------------------------------------------------------------

/// Channel X's address, length, size, burst and handshake.
`define VIO_AXI_AX_BODY_CONN(P, S, X) \
  .P``X``addr(S``X``addr), .P``X``len(S``X``len), .P``X``size(S``X``size), \
  .P``X``burst(S``X``burst), .P``X``valid(S``X``valid), \
  .P``X``ready(S``X``ready)

/// Channel X's attributes.
`define VIO_AXI_AX_ATTR_CONN(P, S, X) \
  .P``X``lock(S``X``lock), .P``X``cache(S``X``cache), .P``X``prot(S``X``prot)

/// The body of the write half.
`define VIO_AXI_WR_BODY_CONN(P, S) \
  `VIO_AXI_AX_BODY_CONN(P, S, aw), \
  .P``wdata(S``wdata), .P``wstrb(S``wstrb), .P``wlast(S``wlast), \
  .P``wvalid(S``wvalid), .P``wready(S``wready), \
  .P``bresp(S``bresp), .P``bvalid(S``bvalid), .P``bready(S``bready)

/// The body of the read half.
`define VIO_AXI_RD_BODY_CONN(P, S) \
  `VIO_AXI_AX_BODY_CONN(P, S, ar), \
  .P``rdata(S``rdata), .P``rresp(S``rresp), .P``rlast(S``rlast), \
  .P``rvalid(S``rvalid), .P``rready(S``rready)

/// The body of a port: every signal but the IDs and the attributes.
`define VIO_AXI_BODY_CONN(P, S) \
  `VIO_AXI_WR_BODY_CONN(P, S), `VIO_AXI_RD_BODY_CONN(P, S)

/// The core of a port: every signal but the attributes.
`define VIO_AXI_CORE_CONN(P, S) \
  .P``awid(S``awid), .P``bid(S``bid), .P``arid(S``arid), .P``rid(S``rid), \
  `VIO_AXI_BODY_CONN(P, S)

/// The whole write half.
`define VIO_AXI_WR_CONN(P, S) \
  .P``awid(S``awid), .P``bid(S``bid), `VIO_AXI_WR_BODY_CONN(P, S), \
  `VIO_AXI_AX_ATTR_CONN(P, S, aw)

/// The whole read half.
`define VIO_AXI_RD_CONN(P, S) \
  .P``arid(S``arid), .P``rid(S``rid), `VIO_AXI_RD_BODY_CONN(P, S), \
  `VIO_AXI_AX_ATTR_CONN(P, S, ar)

/// A whole port.
`define VIO_AXI_CONN(P, S) `VIO_AXI_WR_CONN(P, S), `VIO_AXI_RD_CONN(P, S)

// -----------------------------------------------------------------------------
// Connections of port I of flattened vectors (VIO_AXI_VEC_WIRES)
// -----------------------------------------------------------------------------

/// Channel X's address, length, size, burst and handshake of port I.
`define VIO_AXI_AX_BODY_SLICE(P, S, X, I) \
  .P``X``addr(S``X``addr[64*(I) +: 64]), .P``X``len(S``X``len[8*(I) +: 8]), \
  .P``X``size(S``X``size[3*(I) +: 3]), \
  .P``X``burst(S``X``burst[2*(I) +: 2]), \
  .P``X``valid(S``X``valid[I]), .P``X``ready(S``X``ready[I])

/// Channel X's attributes of port I.
`define VIO_AXI_AX_ATTR_SLICE(P, S, X, I) \
  .P``X``lock(S``X``lock[I]), .P``X``cache(S``X``cache[4*(I) +: 4]), \
  .P``X``prot(S``X``prot[3*(I) +: 3])

/// The core of port I's write half.
`define VIO_AXI_WR_SLICE(P, S, I, IDW, DW) \
  .P``awid(S``awid[(IDW)*(I) +: (IDW)]), `VIO_AXI_AX_BODY_SLICE(P, S, aw, I), \
  .P``wdata(S``wdata[(DW)*(I) +: (DW)]), \
  .P``wstrb(S``wstrb[(DW)/8*(I) +: (DW)/8]), .P``wlast(S``wlast[I]), \
  .P``wvalid(S``wvalid[I]), .P``wready(S``wready[I]), \
  .P``bid(S``bid[(IDW)*(I) +: (IDW)]), .P``bresp(S``bresp[2*(I) +: 2]), \
  .P``bvalid(S``bvalid[I]), .P``bready(S``bready[I])

/// The core of port I's read half.
`define VIO_AXI_RD_SLICE(P, S, I, IDW, DW) \
  .P``arid(S``arid[(IDW)*(I) +: (IDW)]), `VIO_AXI_AX_BODY_SLICE(P, S, ar, I), \
  .P``rid(S``rid[(IDW)*(I) +: (IDW)]), \
  .P``rdata(S``rdata[(DW)*(I) +: (DW)]), .P``rresp(S``rresp[2*(I) +: 2]), \
  .P``rlast(S``rlast[I]), .P``rvalid(S``rvalid[I]), .P``rready(S``rready[I])

/// All of port I (attributes from VIO_AXI_ATTR_VEC_WIRES).
`define VIO_AXI_SLICE(P, S, I, IDW, DW) \
  `VIO_AXI_WR_SLICE(P, S, I, IDW, DW), `VIO_AXI_RD_SLICE(P, S, I, IDW, DW), \
  `VIO_AXI_AX_ATTR_SLICE(P, S, aw, I), `VIO_AXI_AX_ATTR_SLICE(P, S, ar, I)

`endif
