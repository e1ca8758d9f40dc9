// SPDX-License-Identifier: MIT
`default_nettype none
`include "vio_axil_ports.vh"

/// AXI4-Lite address decoder, one master onto SLOTS register windows of 4 KiB
/// (1:N). Window i covers [BASE + i * 4 KiB, BASE + (i + 1) * 4 KiB); its slave
/// port sees the 12-bit offset inside the window. An address outside every
/// window gets a DECERR response (read data 0) from the decoder itself and
/// reaches no slave (AXI4 A3.4.4: DECERR is the interconnect's answer to an
/// address with no slave).
///
/// - One write and one read in flight, independently: AW is taken, then W,
///   then the pair goes to the decoded slave (AWVALID and WVALID from
///   registers, each dropped after its handshake) and its B response is
///   passed back. A read: AR is taken, forwarded (ARVALID from a register),
///   and the slave's R beat is passed back. Register traffic needs no more.
/// - Every valid/ready output holds its payload stable while stalled and
///   never drops a beat: the forwarded address and data come from
///   registers that change only in the idle state, BVALID/RVALID of a slave
///   are passed through unchanged with their payload until BREADY/RREADY,
///   and the decoder's own DECERR response is held in a register until it
///   is taken.
/// - AWPROT/ARPROT are forwarded unchanged.
module vio_axil_dec #(
  /// Number of 4 KiB windows (1..16).
  parameter integer SLOTS      = 5,
  /// Address width of the master side in bits (13..64).
  parameter integer ADDR_WIDTH = 32,
  /// Address of window 0 (4 KiB aligned).
  parameter [63:0]  BASE       = 64'h1000_1000
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                    clk,
  /// Synchronous active-low reset.
  input  wire                    rst_n,

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave port (from the master)
  // ---------------------------------------------------------------------------
  /// The AXI4-Lite slave port (vio_axil_ports.vh). AWREADY is high while
  /// no write is in flight, WREADY once the write's address was taken,
  /// ARREADY while no read is in flight; responses and read data are the
  /// window's, or DECERR (read data 0) outside every window; AxPROT is
  /// forwarded.
  `VIO_AXIL_SLAVE_PORTS(ADDR_WIDTH),

  // ---------------------------------------------------------------------------
  // AXI4-Lite master ports (to the windows; payloads shared, valids per slot)
  // ---------------------------------------------------------------------------
  /// Write address: offset inside the window.
  output wire [11:0]             m_axil_awaddr,
  /// Write protection type.
  output wire [2:0]              m_axil_awprot,
  /// Write address valid, per slot.
  output wire [SLOTS-1:0]        m_axil_awvalid,
  /// Write address ready, per slot.
  input  wire [SLOTS-1:0]        m_axil_awready,
  /// Write data.
  output wire [31:0]             m_axil_wdata,
  /// Write byte strobes.
  output wire [3:0]              m_axil_wstrb,
  /// Write data valid, per slot.
  output wire [SLOTS-1:0]        m_axil_wvalid,
  /// Write data ready, per slot.
  input  wire [SLOTS-1:0]        m_axil_wready,
  /// Write response, per slot (2 bits each).
  input  wire [SLOTS*2-1:0]      m_axil_bresp,
  /// Write response valid, per slot.
  input  wire [SLOTS-1:0]        m_axil_bvalid,
  /// Write response ready, per slot.
  output wire [SLOTS-1:0]        m_axil_bready,
  /// Read address: offset inside the window.
  output wire [11:0]             m_axil_araddr,
  /// Read protection type.
  output wire [2:0]              m_axil_arprot,
  /// Read address valid, per slot.
  output wire [SLOTS-1:0]        m_axil_arvalid,
  /// Read address ready, per slot.
  input  wire [SLOTS-1:0]        m_axil_arready,
  /// Read data, per slot (32 bits each).
  input  wire [SLOTS*32-1:0]     m_axil_rdata,
  /// Read response, per slot (2 bits each).
  input  wire [SLOTS*2-1:0]      m_axil_rresp,
  /// Read data valid, per slot.
  input  wire [SLOTS-1:0]        m_axil_rvalid,
  /// Read data ready, per slot.
  output wire [SLOTS-1:0]        m_axil_rready
);

  // Slot index bits; an index is always < SLOTS.
  localparam integer SB = (SLOTS > 1) ? $clog2(SLOTS) : 1;
  localparam [1:0] RESP_DECERR = 2'b11;

  // Write states
  localparam [2:0] W_IDLE = 3'd0; // waiting for AW
  localparam [2:0] W_DATA = 3'd1; // waiting for W
  localparam [2:0] W_FWD  = 3'd2; // AW and W to the slot
  localparam [2:0] W_RESP = 3'd3; // the slot's B passed back
  localparam [2:0] W_DERR = 3'd4; // DECERR from here

  // Read states
  localparam [1:0] R_IDLE = 2'd0; // waiting for AR
  localparam [1:0] R_FWD  = 2'd1; // AR to the slot
  localparam [1:0] R_RESP = 2'd2; // the slot's R passed back
  localparam [1:0] R_DERR = 2'd3; // DECERR from here

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (SLOTS < 1 || SLOTS > 16) begin : g_bad_slots
      vio_axil_dec_error_SLOTS_must_be_1_to_16 u_param_error ();
    end
    if (ADDR_WIDTH < 13 || ADDR_WIDTH > 64) begin : g_bad_addr_width
      vio_axil_dec_error_ADDR_WIDTH_must_be_13_to_64 u_param_error ();
    end
    if (BASE[11:0] != 12'd0) begin : g_bad_base
      vio_axil_dec_error_BASE_must_be_4_KiB_aligned u_param_error ();
    end
  endgenerate

  // Decode the 4 KiB page of an address: the window index, and whether it
  // has one.
  function automatic [SB:0] decode(input [ADDR_WIDTH-13:0] page);
    reg [51:0] p64, off;
    begin
      p64 = 52'd0;
      p64[ADDR_WIDTH-13:0] = page;
      off = p64 - BASE[63:12];
      if (p64 >= BASE[63:12] && off[51:SB] == {(52 - SB){1'b0}} &&
          {1'b0, off[SB-1:0]} < SLOTS[SB:0])
        decode = {1'b1, off[SB-1:0]};
      else
        decode = {1'b0, {SB{1'b0}}};
    end
  endfunction

  // ---------------------------------------------------------------------------
  // Write path
  // ---------------------------------------------------------------------------
  reg [2:0]    ws_q;
  reg [SB-1:0] wslot_q;
  reg [11:0]   waddr_q;
  reg [2:0]    wprot_q;
  reg [31:0]   wdata_q;
  reg [3:0]    wstrb_q;
  reg          wmiss_q;   // no window: DECERR
  reg          aw_pend_q;
  reg          w_pend_q;

  wire         slot_awr = m_axil_awready[wslot_q];
  wire         slot_wr  = m_axil_wready[wslot_q];
  wire         slot_bv  = m_axil_bvalid[wslot_q];

  // The next state is computed in the clocked process, so that a simulator
  // evaluates it once per clock edge rather than with every change of the
  // bus inputs.
  always @(posedge clk) begin : p_write
    reg [SB:0] aw_dec;  // the window of an address taken now (W_IDLE)
    case (ws_q)
      W_IDLE: if (s_axil_awvalid) begin
        aw_dec   = decode(s_axil_awaddr[ADDR_WIDTH-1:12]);
        wslot_q <= aw_dec[SB-1:0];
        wmiss_q <= !aw_dec[SB];
        waddr_q <= s_axil_awaddr[11:0];
        wprot_q <= s_axil_awprot;
      end
      W_DATA: if (s_axil_wvalid) begin
        wdata_q <= s_axil_wdata;
        wstrb_q <= s_axil_wstrb;
      end
      default: ;
    endcase
    if (!rst_n) begin
      ws_q <= W_IDLE; aw_pend_q <= 1'b0; w_pend_q <= 1'b0;
    end else begin
      case (ws_q)
        W_IDLE: if (s_axil_awvalid) ws_q <= W_DATA;
        W_DATA: if (s_axil_wvalid) begin
          aw_pend_q <= !wmiss_q;
          w_pend_q  <= !wmiss_q;
          ws_q      <= wmiss_q ? W_DERR : W_FWD;
        end
        W_FWD: begin
          if (slot_awr) aw_pend_q <= 1'b0;
          if (slot_wr)  w_pend_q  <= 1'b0;
          if ((!aw_pend_q || slot_awr) && (!w_pend_q || slot_wr))
            ws_q <= W_RESP;
        end
        W_RESP: if (slot_bv && s_axil_bready) ws_q <= W_IDLE;
        W_DERR: if (s_axil_bready) ws_q <= W_IDLE;
        default: ws_q <= W_IDLE;
      endcase
    end
  end

  // ---------------------------------------------------------------------------
  // Read path
  // ---------------------------------------------------------------------------
  reg [1:0]    rs_q;
  reg [SB-1:0] rslot_q;
  reg [11:0]   raddr_q;
  reg [2:0]    rprot_q;

  wire         slot_arr = m_axil_arready[rslot_q];
  wire         slot_rv  = m_axil_rvalid[rslot_q];

  always @(posedge clk) begin : p_read
    reg [SB:0] ar_dec;  // the window of a read taken now (R_IDLE)
    ar_dec = {(SB+1){1'b0}};  // set every cycle: no register in synthesis
    if (rs_q == R_IDLE && s_axil_arvalid) begin
      ar_dec   = decode(s_axil_araddr[ADDR_WIDTH-1:12]);
      rslot_q <= ar_dec[SB-1:0];
      raddr_q <= s_axil_araddr[11:0];
      rprot_q <= s_axil_arprot;
    end
    if (!rst_n)
      rs_q <= R_IDLE;
    else
      case (rs_q)
        R_IDLE: if (s_axil_arvalid) rs_q <= ar_dec[SB] ? R_FWD : R_DERR;
        R_FWD:  if (slot_arr) rs_q <= R_RESP;
        R_RESP: if (slot_rv && s_axil_rready) rs_q <= R_IDLE;
        R_DERR: if (s_axil_rready) rs_q <= R_IDLE;
        default: rs_q <= R_IDLE;
      endcase
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  genvar i;
  generate
    for (i = 0; i < SLOTS; i = i + 1) begin : g_slot
      wire wsel = (wslot_q == i[SB-1:0]);
      wire rsel = (rslot_q == i[SB-1:0]);
      assign m_axil_awvalid[i] = (ws_q == W_FWD) && wsel && aw_pend_q;
      assign m_axil_wvalid[i]  = (ws_q == W_FWD) && wsel && w_pend_q;
      assign m_axil_bready[i]  = (ws_q == W_RESP) && wsel && s_axil_bready;
      assign m_axil_arvalid[i] = (rs_q == R_FWD) && rsel;
      assign m_axil_rready[i]  = (rs_q == R_RESP) && rsel && s_axil_rready;
    end
  endgenerate

  assign m_axil_awaddr  = waddr_q;
  assign m_axil_awprot  = wprot_q;
  assign m_axil_wdata   = wdata_q;
  assign m_axil_wstrb   = wstrb_q;
  assign m_axil_araddr  = raddr_q;
  assign m_axil_arprot  = rprot_q;

  assign s_axil_awready = (ws_q == W_IDLE);
  assign s_axil_wready  = (ws_q == W_DATA);
  assign s_axil_bvalid  = (ws_q == W_DERR) || (ws_q == W_RESP && slot_bv);
  assign s_axil_bresp   = (ws_q == W_DERR) ? RESP_DECERR
                                           : m_axil_bresp[2*wslot_q +: 2];
  assign s_axil_arready = (rs_q == R_IDLE);
  assign s_axil_rvalid  = (rs_q == R_DERR) || (rs_q == R_RESP && slot_rv);
  assign s_axil_rresp   = (rs_q == R_DERR) ? RESP_DECERR
                                           : m_axil_rresp[2*rslot_q +: 2];
  assign s_axil_rdata   = (rs_q == R_DERR) ? 32'd0
                                           : m_axil_rdata[32*rslot_q +: 32];
  // ---------------------------------------------------------------------------
  // Formal properties (formal/vio_axil_dec.sby, docs/formal.md): read only by
  // a proof of this module alone, which defines FORMAL_VIO_AXIL_DEC. The
  // slave port is checked against the AXI4-Lite slave rules, each slot's
  // port against the master rules (formal/vio_axil_props.v, its slave
  // assumed to obey the slave rules); here are the routing rules and the
  // invariants that tie the rule counters to the state.
  // ---------------------------------------------------------------------------
`ifdef FORMAL_VIO_AXIL_DEC
  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;

  wire [1:0] f_aw_out, f_w_out, f_ar_out;

  vio_axil_props #(
    .ADDR_WIDTH      (ADDR_WIDTH),
    .SLAVE_SIDE      (1),
    .MAX_OUTSTANDING (1),
    .COVER_OVERLAP   (0)
  ) f_s (
    .clk     (clk),             .rst_n   (rst_n),
    `VIO_AXIL_CONN(, s_axil_),
    .f_aw_outstanding (f_aw_out),
    .f_w_outstanding  (f_w_out),
    .f_ar_outstanding (f_ar_out)
  );

  // The window an address decodes to, computed apart from decode().
  function automatic [SB:0] f_window(input [ADDR_WIDTH-1:0] a);
    reg [64:0] off;
    begin
      off = {{(65 - ADDR_WIDTH){1'b0}}, a} - {1'b0, BASE};
      if (off[64] || (off[63:12] >= SLOTS)) f_window = {1'b0, {SB{1'b0}}};
      else f_window = {1'b1, off[SB+11:12]};
    end
  endfunction

  // The AW, W and AR of the access in flight, as accepted.
  reg [ADDR_WIDTH-1:0] f_awaddr, f_araddr;
  reg [2:0]            f_awprot, f_arprot;
  reg [31:0]           f_wdata;
  reg [3:0]            f_wstrb;
  always @(posedge clk) begin
    if (s_axil_awvalid && s_axil_awready) begin
      f_awaddr <= s_axil_awaddr;
      f_awprot <= s_axil_awprot;
    end
    if (s_axil_wvalid && s_axil_wready) begin
      f_wdata <= s_axil_wdata;
      f_wstrb <= s_axil_wstrb;
    end
    if (s_axil_arvalid && s_axil_arready) begin
      f_araddr <= s_axil_araddr;
      f_arprot <= s_axil_arprot;
    end
  end
  wire [SB:0] f_wwin = f_window(f_awaddr);
  wire [SB:0] f_rwin = f_window(f_araddr);

  genvar f_i;
  generate
    for (f_i = 0; f_i < SLOTS; f_i = f_i + 1) begin : g_f_slot
      wire [1:0] f_saw, f_sw, f_sar;
      vio_axil_props #(
        .ADDR_WIDTH      (12),
        .SLAVE_SIDE      (0),
        .MAX_OUTSTANDING (1),
        .COVER_OVERLAP   (0)
      ) f_m (
        .clk     (clk),                           .rst_n   (rst_n),
        `VIO_AXIL_SLOT_CONN(, m_axil_, f_i),
        .f_aw_outstanding (f_saw),
        .f_w_outstanding  (f_sw),
        .f_ar_outstanding (f_sar)
      );

      wire f_wsel = (ws_q == W_FWD || ws_q == W_RESP) && wslot_q == f_i;
      wire f_rsel = (rs_q == R_RESP) && rslot_q == f_i;
      always @(*) begin
        if (f_past_valid && rst_n) begin
          // only the decoded window is addressed, with the offset and
          // payload accepted
          if (m_axil_awvalid[f_i])
            assert (f_wwin == {1'b1, f_i[SB-1:0]}
                    && m_axil_awaddr == f_awaddr[11:0]
                    && m_axil_awprot == f_awprot);
          if (m_axil_wvalid[f_i])
            assert (f_wwin == {1'b1, f_i[SB-1:0]}
                    && m_axil_wdata == f_wdata && m_axil_wstrb == f_wstrb);
          if (m_axil_arvalid[f_i])
            assert (f_rwin == {1'b1, f_i[SB-1:0]}
                    && m_axil_araddr == f_araddr[11:0]
                    && m_axil_arprot == f_arprot);
          // invariants: the slot's counters against the state
          assert (f_saw == {1'b0, f_wsel && !(ws_q == W_FWD && aw_pend_q)});
          assert (f_sw == {1'b0, f_wsel && !(ws_q == W_FWD && w_pend_q)});
          assert (f_sar == {1'b0, f_rsel});
        end
      end
    end
  endgenerate

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // an address outside every window: DECERR, read data 0
      if (s_axil_bvalid && !f_wwin[SB]) assert (s_axil_bresp == RESP_DECERR);
      if (s_axil_rvalid && !f_rwin[SB])
        assert (s_axil_rresp == RESP_DECERR && s_axil_rdata == 32'd0);
      // a window's answer is passed back unchanged
      if (s_axil_bvalid && f_wwin[SB])
        assert (s_axil_bresp == m_axil_bresp[2*f_wwin[SB-1:0] +: 2]);
      if (s_axil_rvalid && f_rwin[SB])
        assert (s_axil_rresp == m_axil_rresp[2*f_rwin[SB-1:0] +: 2]
                && s_axil_rdata == m_axil_rdata[32*f_rwin[SB-1:0] +: 32]);
      // invariants: the state against the counters and the accepted access
      assert (ws_q <= W_DERR);
      assert (f_aw_out == {1'b0, ws_q != W_IDLE});
      assert (f_w_out == {1'b0, ws_q != W_IDLE && ws_q != W_DATA});
      assert (f_ar_out == {1'b0, rs_q != R_IDLE});
      if (ws_q != W_IDLE) begin
        assert (wmiss_q == !f_wwin[SB]);
        if (!wmiss_q) assert (wslot_q == f_wwin[SB-1:0]);
        assert (waddr_q == f_awaddr[11:0] && wprot_q == f_awprot);
      end
      if (ws_q == W_FWD || ws_q == W_RESP) begin
        assert (!wmiss_q);
        assert (wdata_q == f_wdata && wstrb_q == f_wstrb);
      end
      if (ws_q == W_FWD) assert (aw_pend_q || w_pend_q);
      if (ws_q == W_DERR) assert (wmiss_q);
      if (rs_q == R_FWD || rs_q == R_RESP) begin
        assert (f_rwin == {1'b1, rslot_q});
        assert (raddr_q == f_araddr[11:0] && rprot_q == f_arprot);
      end
      if (rs_q == R_DERR) assert (!f_rwin[SB]);
    end
  end

  always @(posedge clk) begin
    if (f_past_valid && rst_n) begin
      cover (s_axil_bvalid && s_axil_bready && s_axil_bresp == RESP_DECERR);
      cover (s_axil_rvalid && s_axil_rready && s_axil_rresp == RESP_DECERR);
      cover (s_axil_bvalid && s_axil_bready && f_wwin == {1'b1, {SB{1'b1}}});
      cover (s_axil_rvalid && s_axil_rready && f_rwin == {1'b1, {SB{1'b1}}});
    end
  end
`endif

endmodule

`default_nettype wire
