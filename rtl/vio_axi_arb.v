// SPDX-License-Identifier: MIT
`default_nettype none

/// AXI4 interconnect of PORTS masters onto one master port (N:1).
///
/// - IDs: the output ID is {port index, input ID}: ID_WIDTH + PORT_BITS bits,
///   PORT_BITS = max(1, clog2(PORTS)). R beats (by RID) and B responses (by
///   BID) go back to the port named in the high ID bits, with the low
///   ID_WIDTH bits as RID/BID. A response naming a port that does not exist
///   is never accepted (RREADY/BREADY stay low for it).
/// - AR and AW are arbitrated independently, round robin (one vio_rr_arb
///   each): the first port with VALID after the last one presented wins.
///   Once a port's request is on the output and not accepted, the grant is
///   held until it is (the port must keep VALID and the payload stable, so
///   the output does too).
/// - W routing: each AW handshake pushes the port index into a FIFO of
///   W_QUEUE entries (vio_fifo); W beats are taken from the port at the FIFO head until its
///   WLAST. AW is stalled (AWVALID low) while the FIFO is full. A port's W
///   beats are only taken once its AW has been accepted (allowed by AXI: a
///   master must not wait for WREADY before AWVALID).
/// - All paths are combinational: no added latency, one AR, one AW and one
///   R, W and B beat per cycle. The only state is the two round-robin
///   pointers, their hold flags and the W-routing FIFO. A master's VALID
///   reaches the output VALID through the grant logic; the output READY
///   reaches the masters' READY; nothing depends on a READY through a VALID.
/// - Input slices are flattened: port i's field of width W is bits
///   [i*W +: W]. R and B payloads are broadcast to every port; only VALID is
///   per port.
module vio_axi_arb #(
  /// Number of masters (1..256).
  parameter integer PORTS      = 2,
  /// ID width of each input port in bits (1..32).
  parameter integer ID_WIDTH   = 4,
  /// Data width in bits (8 .. 1024, a power of two).
  parameter integer DATA_WIDTH = 64,
  /// Address width in bits (1..64).
  parameter integer ADDR_WIDTH = 64,
  /// AWs whose W bursts are not all passed yet, queued in order (1..4096):
  /// more wait with AWREADY low.
  parameter integer W_QUEUE    = 8,
  /// Bits of the port index in the output IDs (derived; do not set).
  parameter integer PORT_BITS  = (PORTS > 1) ? $clog2(PORTS) : 1
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                                   clk,
  /// Synchronous active-low reset.
  input  wire                                   rst_n,

  // ---------------------------------------------------------------------------
  // AXI4 slave ports: write address
  // ---------------------------------------------------------------------------
  /// Write address ID, per port.
  input  wire [PORTS*ID_WIDTH-1:0]              s_axi_awid,
  /// Write address, per port.
  input  wire [PORTS*ADDR_WIDTH-1:0]            s_axi_awaddr,
  /// Burst length minus one, per port.
  input  wire [PORTS*8-1:0]                     s_axi_awlen,
  /// Beat size, per port.
  input  wire [PORTS*3-1:0]                     s_axi_awsize,
  /// Burst type, per port.
  input  wire [PORTS*2-1:0]                     s_axi_awburst,
  /// Write address valid, per port.
  input  wire [PORTS-1:0]                       s_axi_awvalid,
  /// Write address ready, per port.
  output wire [PORTS-1:0]                       s_axi_awready,

  // ---------------------------------------------------------------------------
  // AXI4 slave ports: write data
  // ---------------------------------------------------------------------------
  /// Write data, per port.
  input  wire [PORTS*DATA_WIDTH-1:0]            s_axi_wdata,
  /// Write strobes, per port.
  input  wire [PORTS*DATA_WIDTH/8-1:0]          s_axi_wstrb,
  /// Last beat of a burst, per port.
  input  wire [PORTS-1:0]                       s_axi_wlast,
  /// Write data valid, per port.
  input  wire [PORTS-1:0]                       s_axi_wvalid,
  /// Write data ready, per port.
  output wire [PORTS-1:0]                       s_axi_wready,

  // ---------------------------------------------------------------------------
  // AXI4 slave ports: write response
  // ---------------------------------------------------------------------------
  /// Response ID (same for every port).
  output wire [PORTS*ID_WIDTH-1:0]              s_axi_bid,
  /// Write response (same for every port).
  output wire [PORTS*2-1:0]                     s_axi_bresp,
  /// Write response valid, per port.
  output wire [PORTS-1:0]                       s_axi_bvalid,
  /// Write response ready, per port.
  input  wire [PORTS-1:0]                       s_axi_bready,

  // ---------------------------------------------------------------------------
  // AXI4 slave ports: read address
  // ---------------------------------------------------------------------------
  /// Read address ID, per port.
  input  wire [PORTS*ID_WIDTH-1:0]              s_axi_arid,
  /// Read address, per port.
  input  wire [PORTS*ADDR_WIDTH-1:0]            s_axi_araddr,
  /// Burst length minus one, per port.
  input  wire [PORTS*8-1:0]                     s_axi_arlen,
  /// Beat size, per port.
  input  wire [PORTS*3-1:0]                     s_axi_arsize,
  /// Burst type, per port.
  input  wire [PORTS*2-1:0]                     s_axi_arburst,
  /// Read address valid, per port.
  input  wire [PORTS-1:0]                       s_axi_arvalid,
  /// Read address ready, per port.
  output wire [PORTS-1:0]                       s_axi_arready,

  // ---------------------------------------------------------------------------
  // AXI4 slave ports: read data
  // ---------------------------------------------------------------------------
  /// Read ID (same for every port).
  output wire [PORTS*ID_WIDTH-1:0]              s_axi_rid,
  /// Read data (same for every port).
  output wire [PORTS*DATA_WIDTH-1:0]            s_axi_rdata,
  /// Read response (same for every port).
  output wire [PORTS*2-1:0]                     s_axi_rresp,
  /// Last beat of a burst (same for every port).
  output wire [PORTS-1:0]                       s_axi_rlast,
  /// Read data valid, per port.
  output wire [PORTS-1:0]                       s_axi_rvalid,
  /// Read data ready, per port.
  input  wire [PORTS-1:0]                       s_axi_rready,

  // ---------------------------------------------------------------------------
  // AXI4 master port: write address
  // ---------------------------------------------------------------------------
  /// Write address ID: {port, input AWID}.
  output wire [ID_WIDTH+PORT_BITS-1:0]          m_axi_awid,
  /// Write address.
  output wire [ADDR_WIDTH-1:0]                  m_axi_awaddr,
  /// Burst length minus one.
  output wire [7:0]                             m_axi_awlen,
  /// Beat size.
  output wire [2:0]                             m_axi_awsize,
  /// Burst type.
  output wire [1:0]                             m_axi_awburst,
  /// Write address valid.
  output wire                                   m_axi_awvalid,
  /// Write address ready.
  input  wire                                   m_axi_awready,

  // ---------------------------------------------------------------------------
  // AXI4 master port: write data
  // ---------------------------------------------------------------------------
  /// Write data.
  output wire [DATA_WIDTH-1:0]                  m_axi_wdata,
  /// Write strobes.
  output wire [DATA_WIDTH/8-1:0]                m_axi_wstrb,
  /// Last beat of a burst.
  output wire                                   m_axi_wlast,
  /// Write data valid.
  output wire                                   m_axi_wvalid,
  /// Write data ready.
  input  wire                                   m_axi_wready,

  // ---------------------------------------------------------------------------
  // AXI4 master port: write response
  // ---------------------------------------------------------------------------
  /// Response ID: {port, AWID}.
  input  wire [ID_WIDTH+PORT_BITS-1:0]          m_axi_bid,
  /// Write response.
  input  wire [1:0]                             m_axi_bresp,
  /// Write response valid.
  input  wire                                   m_axi_bvalid,
  /// Write response ready (the named port's BREADY).
  output wire                                   m_axi_bready,

  // ---------------------------------------------------------------------------
  // AXI4 master port: read address
  // ---------------------------------------------------------------------------
  /// Read address ID: {port, input ARID}.
  output wire [ID_WIDTH+PORT_BITS-1:0]          m_axi_arid,
  /// Read address.
  output wire [ADDR_WIDTH-1:0]                  m_axi_araddr,
  /// Burst length minus one.
  output wire [7:0]                             m_axi_arlen,
  /// Beat size.
  output wire [2:0]                             m_axi_arsize,
  /// Burst type.
  output wire [1:0]                             m_axi_arburst,
  /// Read address valid.
  output wire                                   m_axi_arvalid,
  /// Read address ready.
  input  wire                                   m_axi_arready,

  // ---------------------------------------------------------------------------
  // AXI4 master port: read data
  // ---------------------------------------------------------------------------
  /// Read ID: {port, ARID}.
  input  wire [ID_WIDTH+PORT_BITS-1:0]          m_axi_rid,
  /// Read data.
  input  wire [DATA_WIDTH-1:0]                  m_axi_rdata,
  /// Read response.
  input  wire [1:0]                             m_axi_rresp,
  /// Last beat of a burst.
  input  wire                                   m_axi_rlast,
  /// Read data valid.
  input  wire                                   m_axi_rvalid,
  /// Read data ready (the named port's RREADY).
  output wire                                   m_axi_rready
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (PORTS < 1 || PORTS > 256) begin : g_bad_ports
      vio_axi_arb_error_PORTS_must_be_1_to_256 u_param_error ();
    end
    if (PORT_BITS != ((PORTS > 1) ? $clog2(PORTS) : 1)) begin : g_bad_port_bits
      vio_axi_arb_error_PORT_BITS_must_not_be_set u_param_error ();
    end
    if (ID_WIDTH < 1 || ID_WIDTH > 32) begin : g_bad_id_width
      vio_axi_arb_error_ID_WIDTH_must_be_1_to_32 u_param_error ();
    end
    if (DATA_WIDTH < 8 || DATA_WIDTH > 1024 || (DATA_WIDTH & (DATA_WIDTH - 1)) != 0)
    begin : g_bad_data_width
      vio_axi_arb_error_DATA_WIDTH_must_be_power_of_2_8_to_1024 u_param_error ();
    end
    if (ADDR_WIDTH < 1 || ADDR_WIDTH > 64) begin : g_bad_addr_width
      vio_axi_arb_error_ADDR_WIDTH_must_be_1_to_64 u_param_error ();
    end
    if (W_QUEUE < 1 || W_QUEUE > 4096) begin : g_bad_w_queue
      vio_axi_arb_error_W_QUEUE_must_be_1_to_4096 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam integer SW       = DATA_WIDTH / 8;   // strobe width
  localparam integer WF_DEPTH = W_QUEUE;          // W-routing FIFO entries
  localparam integer OW       = ID_WIDTH + PORT_BITS;

  // ---------------------------------------------------------------------------
  // AR and AW: round-robin grant, held until accepted
  // ---------------------------------------------------------------------------
  wire [PORT_BITS-1:0] ar_gnt;
  wire [PORTS-1:0]     ar_oh;
  wire                 ar_valid;
  wire [PORT_BITS-1:0] aw_gnt;
  wire [PORTS-1:0]     aw_oh;
  wire                 aw_valid;
  wire                 wf_room;                   // W-routing FIFO not full

  vio_rr_arb #(
    .N (PORTS)
  ) u_ar_arb (
    .clk    (clk),
    .rst_n  (rst_n),
    .req    (s_axi_arvalid),
    .en     (1'b1),
    .ack    (m_axi_arready),
    .valid  (ar_valid),
    .gnt    (ar_gnt),
    .gnt_oh (ar_oh)
  );

  vio_rr_arb #(
    .N (PORTS)
  ) u_aw_arb (
    .clk    (clk),
    .rst_n  (rst_n),
    .req    (s_axi_awvalid),
    .en     (wf_room),
    .ack    (m_axi_awready),
    .valid  (aw_valid),
    .gnt    (aw_gnt),
    .gnt_oh (aw_oh)
  );

  wire                 aw_fire  = aw_valid & m_axi_awready;

  // ---------------------------------------------------------------------------
  // W routing: each AW handshake queues its port; W beats come from the port
  // at the head until its WLAST
  // ---------------------------------------------------------------------------
  wire                 wf_any;                    // W-routing FIFO not empty
  wire [PORT_BITS-1:0] w_port;
  wire [PORTS-1:0]     w_oh;
  wire                 w_valid  = wf_any & |(s_axi_wvalid & w_oh);
  wire                 w_last   = |(s_axi_wlast & w_oh);
  wire                 w_done   = w_valid & m_axi_wready & w_last;
  wire [$clog2(WF_DEPTH+1)-1:0] wf_cnt;
`ifdef FORMAL_VIO_AXI_ARB
  wire [WF_DEPTH*PORT_BITS-1:0] f_wf_entries;     // the FIFO's entries, head first
`endif

  vio_fifo #(
    .WIDTH (PORT_BITS),
    .DEPTH (WF_DEPTH)
  ) u_wf (
    .clk     (clk),
    .rst_n   (rst_n),
    .s_valid (aw_fire),
    .s_ready (wf_room),
    .s_data  (aw_gnt),
    .m_valid (wf_any),
    .m_ready (w_done),
    .m_data  (w_port),
    .count   (wf_cnt)
`ifdef FORMAL_VIO_AXI_ARB
    ,
    .f_entries (f_wf_entries)
`endif
  );

  // ---------------------------------------------------------------------------
  // Response routing: the port in the high ID bits
  // ---------------------------------------------------------------------------
  wire [PORT_BITS-1:0] r_port   = m_axi_rid[OW-1:ID_WIDTH];
  wire [PORT_BITS-1:0] b_port   = m_axi_bid[OW-1:ID_WIDTH];
  wire [PORTS-1:0]     r_sel;
  wire [PORTS-1:0]     b_sel;

  genvar gp;
  generate
    for (gp = 0; gp < PORTS; gp = gp + 1) begin : g_port
      localparam [31:0]          IDX32 = gp;
      localparam [PORT_BITS-1:0] IDX   = IDX32[PORT_BITS-1:0];
      assign r_sel[gp]         = (r_port == IDX);
      assign b_sel[gp]         = (b_port == IDX);
      assign w_oh[gp]          = (w_port == IDX);
      assign s_axi_arready[gp] = ar_oh[gp] & m_axi_arready;
      assign s_axi_awready[gp] = aw_oh[gp] & m_axi_awready & wf_room;
      assign s_axi_wready[gp]  = wf_any & w_oh[gp] & m_axi_wready;
      assign s_axi_rvalid[gp]  = m_axi_rvalid & r_sel[gp];
      assign s_axi_bvalid[gp]  = m_axi_bvalid & b_sel[gp];
      assign s_axi_rid[gp*ID_WIDTH +: ID_WIDTH]       = m_axi_rid[ID_WIDTH-1:0];
      assign s_axi_rdata[gp*DATA_WIDTH +: DATA_WIDTH] = m_axi_rdata;
      assign s_axi_rresp[gp*2 +: 2]                   = m_axi_rresp;
      assign s_axi_rlast[gp]                          = m_axi_rlast;
      assign s_axi_bid[gp*ID_WIDTH +: ID_WIDTH]       = m_axi_bid[ID_WIDTH-1:0];
      assign s_axi_bresp[gp*2 +: 2]                   = m_axi_bresp;
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Payload muxes: port 0 unless another port is selected (PORTS-1 2:1 muxes
  // per bit)
  // ---------------------------------------------------------------------------
  reg [ID_WIDTH-1:0]   ar_id_mux,   aw_id_mux;
  reg [ADDR_WIDTH-1:0] ar_addr_mux, aw_addr_mux;
  reg [7:0]            ar_len_mux,  aw_len_mux;
  reg [2:0]            ar_size_mux, aw_size_mux;
  reg [1:0]            ar_brst_mux, aw_brst_mux;
  reg [DATA_WIDTH-1:0] w_data_mux;
  reg [SW-1:0]         w_strb_mux;
  integer m;

  always @* begin
    ar_id_mux   = s_axi_arid[ID_WIDTH-1:0];
    ar_addr_mux = s_axi_araddr[ADDR_WIDTH-1:0];
    ar_len_mux  = s_axi_arlen[7:0];
    ar_size_mux = s_axi_arsize[2:0];
    ar_brst_mux = s_axi_arburst[1:0];
    aw_id_mux   = s_axi_awid[ID_WIDTH-1:0];
    aw_addr_mux = s_axi_awaddr[ADDR_WIDTH-1:0];
    aw_len_mux  = s_axi_awlen[7:0];
    aw_size_mux = s_axi_awsize[2:0];
    aw_brst_mux = s_axi_awburst[1:0];
    w_data_mux  = s_axi_wdata[DATA_WIDTH-1:0];
    w_strb_mux  = s_axi_wstrb[SW-1:0];
    for (m = 1; m < PORTS; m = m + 1) begin
      if (ar_oh[m]) begin
        ar_id_mux   = s_axi_arid[m*ID_WIDTH +: ID_WIDTH];
        ar_addr_mux = s_axi_araddr[m*ADDR_WIDTH +: ADDR_WIDTH];
        ar_len_mux  = s_axi_arlen[m*8 +: 8];
        ar_size_mux = s_axi_arsize[m*3 +: 3];
        ar_brst_mux = s_axi_arburst[m*2 +: 2];
      end
      if (aw_oh[m]) begin
        aw_id_mux   = s_axi_awid[m*ID_WIDTH +: ID_WIDTH];
        aw_addr_mux = s_axi_awaddr[m*ADDR_WIDTH +: ADDR_WIDTH];
        aw_len_mux  = s_axi_awlen[m*8 +: 8];
        aw_size_mux = s_axi_awsize[m*3 +: 3];
        aw_brst_mux = s_axi_awburst[m*2 +: 2];
      end
      if (w_oh[m]) begin
        w_data_mux = s_axi_wdata[m*DATA_WIDTH +: DATA_WIDTH];
        w_strb_mux = s_axi_wstrb[m*SW +: SW];
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign m_axi_arid    = {ar_gnt, ar_id_mux};
  assign m_axi_araddr  = ar_addr_mux;
  assign m_axi_arlen   = ar_len_mux;
  assign m_axi_arsize  = ar_size_mux;
  assign m_axi_arburst = ar_brst_mux;
  assign m_axi_arvalid = ar_valid;

  assign m_axi_awid    = {aw_gnt, aw_id_mux};
  assign m_axi_awaddr  = aw_addr_mux;
  assign m_axi_awlen   = aw_len_mux;
  assign m_axi_awsize  = aw_size_mux;
  assign m_axi_awburst = aw_brst_mux;
  assign m_axi_awvalid = aw_valid;

  assign m_axi_wdata   = w_data_mux;
  assign m_axi_wstrb   = w_strb_mux;
  assign m_axi_wlast   = w_last;
  assign m_axi_wvalid  = w_valid;

  assign m_axi_rready  = |(r_sel & s_axi_rready);
  assign m_axi_bready  = |(b_sel & s_axi_bready);

  // The W-routing FIFO's fill (only full / empty matter).
  wire unused_ok = &{1'b0, wf_cnt, 1'b0};

  // ---------------------------------------------------------------------------
  // Formal properties (formal/vio_axi_arb.sby, docs/formal.md): read only by
  // a proof of this module alone, which defines FORMAL_VIO_AXI_ARB. Each
  // slave port is checked against the AXI4 slave rules (its master assumed
  // to obey the master rules), the master port against the master rules (the
  // slave assumed to obey the slave rules), with formal/vio_axi_props.v; the
  // proof allows three writes and two read bursts outstanding on the master
  // port, and formal/vio_axi_arb.sby sets W_QUEUE to 2, so that the
  // W-routing FIFO fills. Here are the routing rules and the invariants that tie the
  // property modules' tracking state together.
  // ---------------------------------------------------------------------------
`ifdef FORMAL_VIO_AXI_ARB
`include "vio_axi_props.vh"
  localparam integer F_MAXW = 3;                  // writes outstanding
  // the W-routing FIFO's entries that can hold a waiting AW
  localparam integer F_NQ   = (F_MAXW < WF_DEPTH) ? F_MAXW : WF_DEPTH;
  localparam integer F_MAXR = 2;                  // read bursts outstanding
  localparam integer F_WCW  = $clog2(F_MAXW + 2);
  localparam integer F_RCW  = $clog2(F_MAXR + 2);
  localparam integer F_NIDS = 1 << ID_WIDTH;      // IDs of a slave port
  localparam integer F_NIDM = 1 << OW;            // IDs of the master port

  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;

  wire [F_WCW-1:0]          fm_awo, fm_aqn, fm_eqn;
  wire [F_RCW-1:0]          fm_aro;
  wire [F_MAXW*8-1:0]       fm_aql, fm_eql;
  wire [F_MAXW*OW-1:0]      fm_aqi;
  wire [7:0]                fm_wb;
  wire [F_NIDM*F_WCW-1:0]   fm_bo;
  wire [F_NIDM*F_RCW-1:0]   fm_rn;
  wire [F_NIDM*F_MAXR*8-1:0] fm_rl;
  wire [F_NIDM*8-1:0]       fm_rb;

  vio_axi_props #(
    .ID_WIDTH (OW), .ADDR_WIDTH (ADDR_WIDTH), .DATA_WIDTH (DATA_WIDTH),
    .MASTER_SIDE (1), .MAX_WRITES (F_MAXW), .MAX_READS (F_MAXR),
    .INCR_ONLY (0), .COVER_W_EARLY (0)
  ) f_m (
    .clk (clk), .rst_n (rst_n),
    `VIO_AXI_CORE_CONN(, m_axi_),
    `VIO_AXI_PROPS_TRACK_CONN(fm_)
  );

  // the port whose W burst is next, by the master port's AW order
  wire [PORT_BITS-1:0] f_wport = fm_aqi[OW-1:ID_WIDTH];
  wire [PORT_BITS-1:0] f_arport = m_axi_arid[OW-1:ID_WIDTH];
  wire [PORT_BITS-1:0] f_awport = m_axi_awid[OW-1:ID_WIDTH];

  // the W-routing FIFO's entries are the ports of the master port's waiting
  // AWs, in order
  reg     f_wf_match;
  integer f_q;
  always @(*) begin
    f_wf_match = 1'b1;
    for (f_q = 0; f_q < F_NQ; f_q = f_q + 1)
      if (f_q < fm_aqn
          && f_wf_entries[f_q*PORT_BITS +: PORT_BITS] != fm_aqi[f_q*OW + ID_WIDTH +: PORT_BITS])
        f_wf_match = 1'b0;
  end

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // W routing: the W-routing FIFO holds the ports of the waiting AWs
      assert (fm_eqn == {F_WCW{1'b0}});
      assert ({{32-$clog2(WF_DEPTH+1){1'b0}}, wf_cnt} == {{32-F_WCW{1'b0}}, fm_aqn});
      if (fm_aqn != {F_WCW{1'b0}}) assert (w_port == f_wport && f_wport < PORTS);
      else assert (fm_wb == 8'd0);  // no W beat taken ahead of its AW
      assert (f_wf_match);
      if (m_axi_wvalid) assert (fm_aqn != {F_WCW{1'b0}});
      if (m_axi_arvalid) assert (f_arport < PORTS);
      if (m_axi_awvalid) assert (f_awport < PORTS);
      if (m_axi_rvalid && m_axi_rready) assert (m_axi_rid[OW-1:ID_WIDTH] < PORTS);
      if (m_axi_bvalid && m_axi_bready) assert (m_axi_bid[OW-1:ID_WIDTH] < PORTS);
    end
  end

  wire [PORTS-1:0] f_reads;  // a port with a read outstanding

  genvar f_p, f_i;
  generate
    // master-port IDs naming no port: nothing outstanding
    for (f_i = PORTS * F_NIDS; f_i < F_NIDM; f_i = f_i + 1) begin : g_f_noport
      always @(*) if (f_past_valid && rst_n) begin
        assert (fm_bo[f_i*F_WCW +: F_WCW] == {F_WCW{1'b0}});
        assert (fm_rn[f_i*F_RCW +: F_RCW] == {F_RCW{1'b0}});
      end
    end
    for (f_p = 0; f_p < PORTS; f_p = f_p + 1) begin : g_f_port
      wire [F_WCW-1:0]           fp_awo, fp_aqn, fp_eqn;
      wire [F_RCW-1:0]           fp_aro;
      wire [F_MAXW*8-1:0]        fp_aql, fp_eql;
      wire [F_MAXW*ID_WIDTH-1:0] fp_aqi;
      wire [7:0]                 fp_wb;
      wire [F_NIDS*F_WCW-1:0]    fp_bo;
      wire [F_NIDS*F_RCW-1:0]    fp_rn;
      wire [F_NIDS*F_MAXR*8-1:0] fp_rl;
      wire [F_NIDS*8-1:0]        fp_rb;

      vio_axi_props #(
        .ID_WIDTH (ID_WIDTH), .ADDR_WIDTH (ADDR_WIDTH), .DATA_WIDTH (DATA_WIDTH),
        .MASTER_SIDE (0), .MAX_WRITES (F_MAXW), .MAX_READS (F_MAXR),
        .INCR_ONLY (0), .COVER_W_EARLY (0)
      ) f_s (
        .clk (clk), .rst_n (rst_n),
        .awid (s_axi_awid[f_p*ID_WIDTH +: ID_WIDTH]),
        .awaddr (s_axi_awaddr[f_p*ADDR_WIDTH +: ADDR_WIDTH]),
        .awlen (s_axi_awlen[f_p*8 +: 8]), .awsize (s_axi_awsize[f_p*3 +: 3]),
        .awburst (s_axi_awburst[f_p*2 +: 2]),
        .awvalid (s_axi_awvalid[f_p]), .awready (s_axi_awready[f_p]),
        .wdata (s_axi_wdata[f_p*DATA_WIDTH +: DATA_WIDTH]),
        .wstrb (s_axi_wstrb[f_p*SW +: SW]), .wlast (s_axi_wlast[f_p]),
        .wvalid (s_axi_wvalid[f_p]), .wready (s_axi_wready[f_p]),
        .bid (s_axi_bid[f_p*ID_WIDTH +: ID_WIDTH]),
        .bresp (s_axi_bresp[f_p*2 +: 2]), .bvalid (s_axi_bvalid[f_p]),
        .bready (s_axi_bready[f_p]),
        .arid (s_axi_arid[f_p*ID_WIDTH +: ID_WIDTH]),
        .araddr (s_axi_araddr[f_p*ADDR_WIDTH +: ADDR_WIDTH]),
        .arlen (s_axi_arlen[f_p*8 +: 8]), .arsize (s_axi_arsize[f_p*3 +: 3]),
        .arburst (s_axi_arburst[f_p*2 +: 2]),
        .arvalid (s_axi_arvalid[f_p]), .arready (s_axi_arready[f_p]),
        .rid (s_axi_rid[f_p*ID_WIDTH +: ID_WIDTH]),
        .rdata (s_axi_rdata[f_p*DATA_WIDTH +: DATA_WIDTH]),
        .rresp (s_axi_rresp[f_p*2 +: 2]), .rlast (s_axi_rlast[f_p]),
        .rvalid (s_axi_rvalid[f_p]), .rready (s_axi_rready[f_p]),
        `VIO_AXI_PROPS_TRACK_CONN(fp_)
      );

      assign f_reads[f_p] = (fp_aro != {F_RCW{1'b0}});
      wire f_wmine = (fm_aqn != {F_WCW{1'b0}}) && (f_wport == f_p);
      // the port's waiting AWs are the master port's waiting AWs from this
      // port, in the same order: count, lengths and IDs
      reg [F_WCW-1:0] fx_n;
      reg             fx_match;
      integer         fx_k;
      always @(*) begin
        fx_n = {F_WCW{1'b0}};
        fx_match = 1'b1;
        for (fx_k = 0; fx_k < F_MAXW; fx_k = fx_k + 1)
          if (fx_k < fm_aqn && fm_aqi[fx_k*OW + ID_WIDTH +: PORT_BITS] == f_p) begin
            if (fp_aql[fx_n*8 +: 8] != fm_aql[fx_k*8 +: 8]
                || fp_aqi[fx_n*ID_WIDTH +: ID_WIDTH] != fm_aqi[fx_k*OW +: ID_WIDTH])
              fx_match = 1'b0;
            fx_n = fx_n + {{F_WCW-1{1'b0}}, 1'b1};
          end
      end
      always @(*) begin
        if (f_past_valid && rst_n) begin
          // requests come from the port in the ID's high bits, as presented
          if (m_axi_arvalid && f_arport == f_p)
            assert (s_axi_arvalid[f_p]
                    && m_axi_arid[ID_WIDTH-1:0] == s_axi_arid[f_p*ID_WIDTH +: ID_WIDTH]
                    && m_axi_araddr == s_axi_araddr[f_p*ADDR_WIDTH +: ADDR_WIDTH]
                    && m_axi_arlen == s_axi_arlen[f_p*8 +: 8]
                    && m_axi_arsize == s_axi_arsize[f_p*3 +: 3]
                    && m_axi_arburst == s_axi_arburst[f_p*2 +: 2]);
          if (m_axi_awvalid && f_awport == f_p)
            assert (s_axi_awvalid[f_p]
                    && m_axi_awid[ID_WIDTH-1:0] == s_axi_awid[f_p*ID_WIDTH +: ID_WIDTH]
                    && m_axi_awaddr == s_axi_awaddr[f_p*ADDR_WIDTH +: ADDR_WIDTH]
                    && m_axi_awlen == s_axi_awlen[f_p*8 +: 8]
                    && m_axi_awsize == s_axi_awsize[f_p*3 +: 3]
                    && m_axi_awburst == s_axi_awburst[f_p*2 +: 2]);
          if (m_axi_wvalid && f_wmine)
            assert (s_axi_wvalid[f_p]
                    && m_axi_wdata == s_axi_wdata[f_p*DATA_WIDTH +: DATA_WIDTH]
                    && m_axi_wstrb == s_axi_wstrb[f_p*SW +: SW]
                    && m_axi_wlast == s_axi_wlast[f_p]);
          // a response is taken only when the port it names takes it
          if (m_axi_rvalid && m_axi_rready && m_axi_rid[OW-1:ID_WIDTH] == f_p)
            assert (s_axi_rready[f_p]);
          if (m_axi_bvalid && m_axi_bready && m_axi_bid[OW-1:ID_WIDTH] == f_p)
            assert (s_axi_bready[f_p]);
          // responses reach the port named in the ID's high bits, with the
          // ID's low bits and the payload unchanged
          assert (s_axi_rvalid[f_p] == (m_axi_rvalid && m_axi_rid[OW-1:ID_WIDTH] == f_p));
          assert (s_axi_bvalid[f_p] == (m_axi_bvalid && m_axi_bid[OW-1:ID_WIDTH] == f_p));
          if (s_axi_rvalid[f_p])
            assert (s_axi_rid[f_p*ID_WIDTH +: ID_WIDTH] == m_axi_rid[ID_WIDTH-1:0]
                    && s_axi_rdata[f_p*DATA_WIDTH +: DATA_WIDTH] == m_axi_rdata
                    && s_axi_rresp[f_p*2 +: 2] == m_axi_rresp
                    && s_axi_rlast[f_p] == m_axi_rlast);
          if (s_axi_bvalid[f_p])
            assert (s_axi_bid[f_p*ID_WIDTH +: ID_WIDTH] == m_axi_bid[ID_WIDTH-1:0]
                    && s_axi_bresp[f_p*2 +: 2] == m_axi_bresp);
          // a port's request is accepted exactly when the master port
          // accepts it, W beats only of the port whose AW is oldest
          assert ((s_axi_arvalid[f_p] && s_axi_arready[f_p])
                  == (m_axi_arvalid && m_axi_arready && f_arport == f_p));
          assert ((s_axi_awvalid[f_p] && s_axi_awready[f_p])
                  == (m_axi_awvalid && m_axi_awready && f_awport == f_p));
          assert ((s_axi_wvalid[f_p] && s_axi_wready[f_p])
                  == (m_axi_wvalid && m_axi_wready && f_wmine));
          // invariants: the port's writes are the master port's of its ID
          assert (fp_eqn == {F_WCW{1'b0}});
          assert (fp_aqn == fx_n && fx_match);
          // the beats of the burst in progress are the port's
          assert (fp_wb == (f_wmine ? fm_wb : 8'd0));
        end
      end

      for (f_i = 0; f_i < F_NIDS; f_i = f_i + 1) begin : g_f_id
        localparam integer MI = f_p * F_NIDS + f_i;
        wire [F_RCW-1:0] rn = fp_rn[f_i*F_RCW +: F_RCW];
        always @(*) begin
          if (f_past_valid && rst_n) begin
            // invariants: per ID, the port's reads and owed B are those of
            // the master port's ID {port, ID}
            assert (fp_bo[f_i*F_WCW +: F_WCW] == fm_bo[MI*F_WCW +: F_WCW]);
            assert (rn == fm_rn[MI*F_RCW +: F_RCW]);
            assert (fp_rb[f_i*8 +: 8] == fm_rb[MI*8 +: 8]);
            if (rn >= 1)
              assert (fp_rl[f_i*F_MAXR*8 +: 8] == fm_rl[MI*F_MAXR*8 +: 8]);
            if (rn >= 2)
              assert (fp_rl[f_i*F_MAXR*8 + 8 +: 8] == fm_rl[MI*F_MAXR*8 + 8 +: 8]);
          end
        end
      end
    end
  endgenerate

  // covers: both ports' writes and reads answered, a read answered while a
  // read of the other port is outstanding, both ports' ARs at once, an AW
  // held back by a full W-routing FIFO, a W burst of one port with the
  // other's AW queued behind it
  always @(posedge clk) begin
    if (f_past_valid && rst_n) begin
      cover (s_axi_bvalid[0] && s_axi_bready[0]);
      cover (s_axi_bvalid[PORTS-1] && s_axi_bready[PORTS-1]);
      cover (s_axi_rvalid[PORTS-1] && s_axi_rready[PORTS-1] && s_axi_rlast[PORTS-1]
             && f_reads[0]);
      cover (s_axi_arvalid[0] && s_axi_arvalid[PORTS-1] && m_axi_arready);
      // an AW held back while the W-routing FIFO is full
      cover (|s_axi_awvalid && !wf_room);
      // a W beat routed while the other port's AW waits behind it
      cover (m_axi_wvalid && m_axi_wready && fm_aqn == 2
             && fm_aqi[OW + ID_WIDTH +: PORT_BITS] != f_wport);
    end
  end
`endif

endmodule

`default_nettype wire
