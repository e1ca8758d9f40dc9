// SPDX-License-Identifier: MIT
`default_nettype none
`include "vio_axil_ports.vh"

/// AXI4-Lite slave adapter: turns AXI4-Lite transactions into one-cycle
/// register read and write strobes. Protocol only: it gives no meaning to
/// addresses or data (that is vio_mmio_regs' job).
///
/// Handshake rules:
/// - AW and W may arrive in either order or in the same cycle. Each has a
///   one-entry holding register (AWREADY = AW holding register empty, WREADY
///   likewise). The write is performed (reg_wr_en) in the first cycle in which
///   both are present - from the holding registers or straight from the bus -
///   and the write-response slot is free or being drained in that cycle.
///   reg_wr_resp is sampled in that same cycle and becomes BRESP.
/// - A read is accepted (ARREADY) when the read-response path has room for it
///   one cycle later, when the register side delivers the data (fixed latency
///   of one cycle: reg_rd_data/reg_rd_resp are sampled in the cycle after
///   reg_rd_en). The response path is a two-entry FIFO (vio_fifo) whose head
///   drives R, which is what full throughput needs with a one-cycle read
///   latency: with RREADY high, one read is accepted every cycle.
/// - Full throughput: with BREADY and RREADY high, one write and one read
///   complete per cycle. A read and a write are independent and may be strobed
///   in the same cycle.
/// - BVALID and RVALID come from registers. Every valid/ready output holds its
///   payload stable while stalled and never drops a beat: once raised, BVALID
///   (RVALID) stays high with a stable BRESP (RDATA/RRESP) until BREADY
///   (RREADY); no response is lost or duplicated under any back-pressure, and
///   responses come back in request order on each channel.
/// - reg_wr_en and reg_rd_en (and their address/data) are combinational from
///   the handshake: there is no added latency, and the register side must not
///   feed them back combinationally into AXI inputs (it cannot: it only sees
///   this module's outputs).
/// - reg_stall holds every access off: while it is high no write is performed
///   and no read is accepted (AW and W wait in their holding registers,
///   ARREADY is low), and the write response slot is not shown (BVALID low).
///   The register block raises it in the cycle after a write that starts a
///   device reset and keeps it up until the reset is done, so that write's
///   B response arrives only then (a master that waits for B knows the reset
///   is complete), and a master that does not wait (posted writes, Linux's
///   writel) finds its next access held until then: nothing is lost, nothing
///   sees pre-reset state. Read responses already owed are still delivered.
///   BVALID, once shown, stays up until BREADY (reg_stall can only rise right
///   after a write is performed, before its response was ever shown).
/// - AWPROT/ARPROT are ignored.
module vio_axil_slave #(
  /// AXI4-Lite address width in bits (2..64); the full address is passed on.
  parameter integer ADDR_WIDTH = 12
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                  clk,
  /// Synchronous active-low reset.
  input  wire                  rst_n,

  // ---------------------------------------------------------------------------
  // AXI4-Lite slave
  // ---------------------------------------------------------------------------
  /// The AXI4-Lite slave port (vio_axil_ports.vh), the full address passed
  /// on. AWREADY and WREADY are high while their holding registers are
  /// empty; BRESP is reg_wr_resp of the write, RRESP and RDATA the register
  /// block's answer; AxPROT is ignored.
  `VIO_AXIL_SLAVE_PORTS(ADDR_WIDTH),

  // ---------------------------------------------------------------------------
  // Register side: writes
  // ---------------------------------------------------------------------------
  /// Write strobe: one cycle per AXI write.
  output wire                  reg_wr_en,
  /// Write byte address (valid with reg_wr_en).
  output wire [ADDR_WIDTH-1:0] reg_wr_addr,
  /// Write data (valid with reg_wr_en).
  output wire [31:0]           reg_wr_data,
  /// Write byte strobes (valid with reg_wr_en).
  output wire [3:0]            reg_wr_strb,
  /// Write response, sampled in the reg_wr_en cycle.
  input  wire [1:0]            reg_wr_resp,
  /// Hold every new access off (no reg_wr_en, no reg_rd_en) while high.
  input  wire                  reg_stall,

  // ---------------------------------------------------------------------------
  // Register side: reads
  // ---------------------------------------------------------------------------
  /// Read strobe: one cycle per AXI read.
  output wire                  reg_rd_en,
  /// Read byte address (valid with reg_rd_en).
  output wire [ADDR_WIDTH-1:0] reg_rd_addr,
  /// Read data, sampled exactly one cycle after reg_rd_en.
  input  wire [31:0]           reg_rd_data,
  /// Read response, sampled exactly one cycle after reg_rd_en.
  input  wire [1:0]            reg_rd_resp
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (ADDR_WIDTH < 2 || ADDR_WIDTH > 64) begin : g_bad_addr_width
      vio_axil_slave_error_ADDR_WIDTH_must_be_2_to_64 u_param_error ();
    end
  endgenerate

  localparam [1:0] RESP_OKAY = 2'b00;

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  // Write channel holding registers and response slot
  reg                  aw_held_q;  // AW holding register full
  reg [ADDR_WIDTH-1:0] aw_addr_q;  // held AWADDR
  reg                  w_held_q;   // W holding register full
  reg [31:0]           w_data_q;   // held WDATA
  reg [3:0]            w_strb_q;   // held WSTRB
  reg                  bvalid_q;   // BVALID
  reg [1:0]            bresp_q;    // BRESP
  // Read path: one read in flight, then a two-entry response queue
  reg                  rd_pend_q;  // reg_rd_data is valid now

  // ---------------------------------------------------------------------------
  // Write channel: effective AW/W (held or on the bus) and the write condition
  // ---------------------------------------------------------------------------
  wire aw_have = aw_held_q | s_axil_awvalid;
  wire w_have  = w_held_q | s_axil_wvalid;
  wire b_show  = bvalid_q & ~reg_stall;   // BVALID
  wire b_free  = ~bvalid_q | (b_show & s_axil_bready);
  wire wr_go   = aw_have & w_have & b_free & ~reg_stall;

  // ---------------------------------------------------------------------------
  // Read response queue: {RRESP, RDATA} of the reads done, in order; its head
  // drives R. The read data arrives one cycle after reg_rd_en and is queued
  // then.
  // ---------------------------------------------------------------------------
  wire        rvalid;
  wire [31:0] rdata;
  wire [1:0]  rresp;
  wire [1:0]  r_queued;                          // entries in the queue
  wire        r_room;

  vio_fifo #(
    .WIDTH (34),
    .DEPTH (2)
  ) u_rq (
    .clk     (clk),
    .rst_n   (rst_n),
    .s_valid (rd_pend_q),
    .s_ready (r_room),
    .s_data  ({reg_rd_resp, reg_rd_data}),
    .m_valid (rvalid),
    .m_ready (s_axil_rready),
    .m_data  ({rresp, rdata}),
    .count   (r_queued)
  );

  // ---------------------------------------------------------------------------
  // Read channel: accept when the response queue still has room after this
  // cycle for the read accepted now (it lands in the queue next cycle, when
  // RREADY may be low). Entries after this cycle: queued + in-flight read
  // - head drained now; at most 2 are ever in use, so a read's data always
  // finds room.
  // ---------------------------------------------------------------------------
  wire       r_drain = rvalid & s_axil_rready;
  wire [1:0] r_used  = r_queued + {1'b0, rd_pend_q} - {1'b0, r_drain};
  wire       ar_room = (r_used <= 2'd1) & ~reg_stall;
  wire       rd_go   = s_axil_arvalid & ar_room;

  // ---------------------------------------------------------------------------
  // Registers. The next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge rather than with every
  // change of the bus inputs.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin
    if (!rst_n) begin
      aw_held_q    <= 1'b0;
      aw_addr_q    <= {ADDR_WIDTH{1'b0}};
      w_held_q     <= 1'b0;
      w_data_q     <= 32'd0;
      w_strb_q     <= 4'd0;
      bvalid_q     <= 1'b0;
      bresp_q      <= RESP_OKAY;
      rd_pend_q    <= 1'b0;
    end else begin
      rd_pend_q    <= rd_go;

      // ---- write channel: hold AW / W until both are there ----
      if (wr_go) begin
        aw_held_q <= 1'b0;
        w_held_q  <= 1'b0;
      end else begin
        if (s_axil_awvalid && !aw_held_q) begin
          aw_held_q <= 1'b1;
          aw_addr_q <= s_axil_awaddr;
        end
        if (s_axil_wvalid && !w_held_q) begin
          w_held_q <= 1'b1;
          w_data_q <= s_axil_wdata;
          w_strb_q <= s_axil_wstrb;
        end
      end

      // ---- write response slot ----
      if (wr_go) begin
        bvalid_q <= 1'b1;
        bresp_q  <= reg_wr_resp;
      end else if (b_show && s_axil_bready) begin
        bvalid_q <= 1'b0;
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign s_axil_awready = ~aw_held_q;
  assign s_axil_wready  = ~w_held_q;
  assign s_axil_bvalid  = b_show;
  assign s_axil_bresp   = bresp_q;
  assign s_axil_arready = ar_room;
  assign s_axil_rvalid  = rvalid;
  assign s_axil_rdata   = rdata;
  assign s_axil_rresp   = rresp;

  assign reg_wr_en   = wr_go;
  assign reg_wr_addr = aw_held_q ? aw_addr_q : s_axil_awaddr;
  assign reg_wr_data = w_held_q ? w_data_q : s_axil_wdata;
  assign reg_wr_strb = w_held_q ? w_strb_q : s_axil_wstrb;
  assign reg_rd_en   = rd_go;
  assign reg_rd_addr = s_axil_araddr;

  // Inputs that are part of the AXI-Lite interface but carry no meaning here;
  // the queue's room (a read is accepted only when its data will find room).
  wire unused_ok = &{1'b0, s_axil_awprot, s_axil_arprot, r_room, 1'b0};

  // ---------------------------------------------------------------------------
  // Formal properties (formal/vio_axil_slave.sby, docs/formal.md): read only
  // by a proof of this module alone, which defines FORMAL_VIO_AXIL_SLAVE.
  // The AXI4-Lite rules come from formal/vio_axil_props.v; here are the
  // register side's rules, the environment's (assumed) and this module's
  // (asserted), and the invariants that tie the rule counters to the state.
  // ---------------------------------------------------------------------------
`ifdef FORMAL_VIO_AXIL_SLAVE
  /// Cycles reg_stall may stay high in a row in the proof (a device reset
  /// ends; the bound lets "no response dropped" be checked).
  localparam integer F_STALL_MAX = 3;

  // outstanding counts (vio_axil_props' CW: $clog2(MAX_OUTSTANDING + 2))
  wire [1:0] f_aw_out;
  wire [1:0] f_w_out;
  wire [1:0] f_ar_out;

  vio_axil_props #(
    .ADDR_WIDTH      (ADDR_WIDTH),
    .SLAVE_SIDE      (1),
    .MAX_OUTSTANDING (2),
    .MAX_DELAY       (F_STALL_MAX + 1)
  ) f_axil (
    .clk     (clk),             .rst_n   (rst_n),
    `VIO_AXIL_CONN(, s_axil_),
    .f_aw_outstanding (f_aw_out),
    .f_w_outstanding  (f_w_out),
    .f_ar_outstanding (f_ar_out)
  );

  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;

  // ---- environment: reg_stall as documented, and bounded ----
  reg [2:0] f_stall_run = 3'd0;
  always @(posedge clk) f_stall_run <= (rst_n && reg_stall) ? f_stall_run + 3'd1 : 3'd0;
  always @(*) assume (f_stall_run < F_STALL_MAX);
  always @(posedge clk) begin
    if (f_past_valid && !$past(rst_n)) assume (!reg_stall);
    if (f_past_valid && reg_stall && !$past(reg_stall)) assume ($past(reg_wr_en));
  end

  // ---- reference of what each register access must carry ----
  // The last AW, W accepted and the response of the last write performed.
  reg [ADDR_WIDTH-1:0] f_awaddr;
  reg [31:0]           f_wdata;
  reg [3:0]            f_wstrb;
  reg [1:0]            f_bresp;
  always @(posedge clk) begin
    if (s_axil_awvalid && s_axil_awready) f_awaddr <= s_axil_awaddr;
    if (s_axil_wvalid && s_axil_wready) begin
      f_wdata <= s_axil_wdata;
      f_wstrb <= s_axil_wstrb;
    end
    if (reg_wr_en) f_bresp <= reg_wr_resp;
  end

  always @(*) begin
    if (f_past_valid && rst_n) begin
      // no access while stalled
      if (reg_stall) assert (!reg_wr_en && !reg_rd_en);
      // a read strobe is exactly an AR handshake, with its address
      assert (reg_rd_en == (s_axil_arvalid && s_axil_arready));
      if (reg_rd_en) assert (reg_rd_addr == s_axil_araddr);
      // a write strobe carries the AW and W accepted for it
      if (reg_wr_en) begin
        assert ({1'b0, f_aw_out} + {2'd0, s_axil_awvalid && s_axil_awready}
                > {2'd0, s_axil_bvalid && s_axil_bready});
        assert (reg_wr_addr == ((s_axil_awvalid && s_axil_awready)
                                ? s_axil_awaddr : f_awaddr));
        assert (reg_wr_data == ((s_axil_wvalid && s_axil_wready)
                                ? s_axil_wdata : f_wdata));
        assert (reg_wr_strb == ((s_axil_wvalid && s_axil_wready)
                                ? s_axil_wstrb : f_wstrb));
      end
      // BRESP is the register side's answer to that write
      if (s_axil_bvalid) assert (s_axil_bresp == f_bresp);

      // invariants: the rule counters against the state
      assert (f_aw_out == {1'b0, aw_held_q} + {1'b0, bvalid_q});
      assert (f_w_out == {1'b0, w_held_q} + {1'b0, bvalid_q});
      assert ({1'b0, f_ar_out} == {1'b0, r_queued} + {2'd0, rd_pend_q});
      if (aw_held_q) assert (aw_addr_q == f_awaddr);
      if (w_held_q) assert (w_data_q == f_wdata && w_strb_q == f_wstrb);
      if (bvalid_q) assert (bresp_q == f_bresp);
    end
  end

  // ---- covers of the register side ----
  always @(posedge clk) begin
    if (f_past_valid && rst_n) begin
      // a write during a stall is held, then performed after it
      cover ($past(reg_stall && s_axil_awvalid && s_axil_wvalid) && reg_wr_en);
      // a write and a read strobed in the same cycle
      cover (reg_wr_en && reg_rd_en);
    end
  end
`endif

endmodule

`default_nettype wire
