// SPDX-License-Identifier: MIT
`default_nettype none

/// Test-control block of tb_vio_mmio: stands in for the ring engine and the
/// device function around vio_mmio_regs, and lets the co-simulation tests
/// provoke device events and observe what the register block exports. Not
/// synthesizable product RTL (a test fixture), but written in the same style.
///
/// Register side: one-cycle write strobe (answered OKAY by the parent) and a
/// one-cycle read strobe whose data is presented exactly one cycle later. No
/// valid/ready interface here; the AXI4-Lite slave in front of it holds its
/// payload while stalled and never drops a beat.
///
/// Register map (byte offsets inside the block; all 32-bit; RO writes are
/// ignored, reads of WO registers and unmapped offsets return 0):
///   0x00 IDLE_DELAY    RW  cycles from a rising dev_reset_req to dev_idle
///                          (0: dev_idle in the first cycle of the request);
///                          also the delay from a rising q_reset_req[i] to
///                          q_reset_done[i]. dev_idle is high outside the
///                          delay window; q_reset_done[i] is a level, high
///                          while q_reset_req[i] is high after the delay.
///   0x04 EVENT         WO  write-1 strobes, each a one-cycle pulse in the
///                          next cycle: bit 0 needs_reset, bit 1 used_irq,
///                          bit 2 cfg_change.
///   0x08 NOTIFY_COUNT  RO  number of q_notify pulses, all queues (wraps).
///   0x0C NOTIFY_LAST   RO  queue index of the last q_notify pulse.
///   0x10 NOTIFY_DATA   RO  notify_data as exported now (the value of the last
///                          QueueNotify write, spurious ones included).
///   0x14 RESETS        RO  number of completed device resets (cycles with
///                          dev_reset_req and dev_idle high).
///   0x18 STATE         RO  [31] dev_reset_req, [30] driver_ok, [29] dev_idle,
///                          [28] irq, [15:0] q_ready of queues 0..15.
///   0x1C Q_RESETS      RO  q_reset_req of queues 0..31.
///   0x20 DRV_FEAT_LO   RO  driver_features[31:0].
///   0x24 DRV_FEAT_HI   RO  driver_features[63:32].
///   0x28 Q_SEL         RW  queue index for the views 0x2C..0x48 (a
///                          non-existent queue reads 0 in every view).
///   0x2C Q_SIZE        RO  q_size of the queue Q_SEL picks.
///   0x30 Q_DESC_LO     RO  q_desc[31:0]    0x34 Q_DESC_HI  RO q_desc[63:32]
///   0x38 Q_AVAIL_LO    RO  q_avail[31:0]   0x3C Q_AVAIL_HI RO q_avail[63:32]
///   0x40 Q_USED_LO     RO  q_used[31:0]    0x44 Q_USED_HI  RO q_used[63:32]
///   0x48 Q_FLAGS       RO  [0] q_ready, [1] q_reset_req of that queue.
///   0x80 .. 0x80+CFG_SIZE-1  CFG_RAM  RW, byte strobes: the device
///                          configuration space (the fake device function).
///                          vio_mmio_regs reads and writes the same RAM through
///                          its config port. Writing it here does not pulse
///                          cfg_change (tests pulse it with EVENT bit 2).
module tb_vio_ctrl #(
  /// Number of virtqueues of the register block (1..64).
  parameter integer NUM_QUEUES = 2,
  /// Bytes of configuration RAM (a multiple of 4, 4..3840).
  parameter integer CFG_SIZE   = 64
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                     clk,
  /// Synchronous active-low reset.
  input  wire                     rst_n,

  // ---------------------------------------------------------------------------
  // Register side (test access): byte offsets in the 4 KiB window
  // ---------------------------------------------------------------------------
  /// Write strobe.
  input  wire                     reg_wr_en,
  /// Write byte offset.
  input  wire [11:0]              reg_wr_addr,
  /// Write data.
  input  wire [31:0]              reg_wr_data,
  /// Write byte strobes.
  input  wire [3:0]               reg_wr_strb,
  /// Read strobe.
  input  wire                     reg_rd_en,
  /// Read byte offset.
  input  wire [11:0]              reg_rd_addr,
  /// Read data, one cycle after reg_rd_en.
  output wire [31:0]              reg_rd_data,

  // ---------------------------------------------------------------------------
  // Queues and device state (vio_vq_ports.vh): the fake ring engine's end;
  // q_reset_done and dev_idle follow IDLE_DELAY, needs_reset and used_irq
  // are EVENT pulses
  // ---------------------------------------------------------------------------
  `define VIO_VQ_ENGINE
  `include "vio_vq_ports.vh"
  `undef VIO_VQ_ENGINE

  // ---------------------------------------------------------------------------
  // Configuration space (vio_cfg_ports.vh): the fake device function's end,
  // CFG_RAM; cfg_change is an EVENT pulse
  // ---------------------------------------------------------------------------
  `include "vio_cfg_ports.vh"

  // ---------------------------------------------------------------------------
  // Interrupt
  // ---------------------------------------------------------------------------
  /// The DUT's interrupt line (observed only: STATE bit 28).
  input  wire                     irq
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_num_queues
      tb_vio_ctrl_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (CFG_SIZE < 4 || CFG_SIZE > 3840 || (CFG_SIZE % 4) != 0) begin : g_bad_cfg_size
      tb_vio_ctrl_error_CFG_SIZE_must_be_a_multiple_of_4_from_4_to_3840 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam [11:0] OFS_IDLE_DELAY   = 12'h000;
  localparam [11:0] OFS_EVENT        = 12'h004;
  localparam [11:0] OFS_NOTIFY_COUNT = 12'h008;
  localparam [11:0] OFS_NOTIFY_LAST  = 12'h00C;
  localparam [11:0] OFS_NOTIFY_DATA  = 12'h010;
  localparam [11:0] OFS_RESETS       = 12'h014;
  localparam [11:0] OFS_STATE        = 12'h018;
  localparam [11:0] OFS_Q_RESETS     = 12'h01C;
  localparam [11:0] OFS_DRV_FEAT_LO  = 12'h020;
  localparam [11:0] OFS_DRV_FEAT_HI  = 12'h024;
  localparam [11:0] OFS_Q_SEL        = 12'h028;
  localparam [11:0] OFS_Q_SIZE       = 12'h02C;
  localparam [11:0] OFS_Q_DESC_LO    = 12'h030;
  localparam [11:0] OFS_Q_DESC_HI    = 12'h034;
  localparam [11:0] OFS_Q_AVAIL_LO   = 12'h038;
  localparam [11:0] OFS_Q_AVAIL_HI   = 12'h03C;
  localparam [11:0] OFS_Q_USED_LO    = 12'h040;
  localparam [11:0] OFS_Q_USED_HI    = 12'h044;
  localparam [11:0] OFS_Q_FLAGS      = 12'h048;
  localparam [11:0] OFS_CFG_RAM      = 12'h080;
  localparam integer CFG_RAM_END     = {20'd0, OFS_CFG_RAM} + CFG_SIZE;

  localparam integer EV_NEEDS_RESET = 0;  // EVENT bits
  localparam integer EV_USED_IRQ    = 1;
  localparam integer EV_CFG_CHANGE  = 2;

  localparam integer STATE_RESET_REQ = 31;  // STATE bits
  localparam integer STATE_DRIVER_OK = 30;
  localparam integer STATE_DEV_IDLE  = 29;
  localparam integer STATE_IRQ       = 28;
  localparam integer STATE_READY_N   = (NUM_QUEUES < 16) ? NUM_QUEUES : 16;
  localparam integer QRESET_N        = (NUM_QUEUES < 32) ? NUM_QUEUES : 32;

  // ---------------------------------------------------------------------------
  // Helper functions
  // ---------------------------------------------------------------------------
  /// Merges new write data into an old word under byte strobes.
  function [31:0] apply_strb(input [31:0] old_value, input [31:0] data,
                             input [3:0] strb);
    integer b;
    begin
      apply_strb = old_value;
      for (b = 0; b < 4; b = b + 1) begin
        if (strb[b]) apply_strb[8*b +: 8] = data[8*b +: 8];
      end
    end
  endfunction

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg [31:0]              delay_q,        delay_d;         // IDLE_DELAY
  reg                     needs_reset_q,  needs_reset_d;   // event pulses
  reg                     used_irq_q,     used_irq_d;
  reg                     cfg_change_q,   cfg_change_d;
  reg [31:0]              notify_cnt_q,   notify_cnt_d;    // NOTIFY_COUNT
  reg [31:0]              notify_last_q,  notify_last_d;   // NOTIFY_LAST
  reg [31:0]              resets_q,       resets_d;        // RESETS
  reg                     dev_req_prev_q, dev_req_prev_d;  // dev_reset_req, last cycle
  reg [31:0]              dev_cnt_q,      dev_cnt_d;       // cycles left to dev_idle
  reg [NUM_QUEUES-1:0]    q_req_prev_q,   q_req_prev_d;    // q_reset_req, last cycle
  reg [NUM_QUEUES*32-1:0] q_cnt_q,        q_cnt_d;         // cycles left to done
  reg [31:0]              qsel_q,         qsel_d;          // Q_SEL
  reg [CFG_SIZE*8-1:0]    cfg_ram_q,      cfg_ram_d;       // CFG_RAM
  reg [31:0]              rd_data_q,      rd_data_d;       // test read data
  reg [31:0]              cfg_rdata_q,    cfg_rdata_d;     // config read data

  // ---------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------
  integer     i;
  reg [31:0]  dev_left;            // cycles left to dev_idle, this cycle
  reg [31:0]  q_left;              // cycles left to q_reset_done[i], this cycle
  reg         dev_idle_c;          // dev_idle, this cycle
  reg [NUM_QUEUES-1:0] q_done_c;   // q_reset_done, this cycle
  reg [15:0]  v_size;              // views of the queue Q_SEL picks
  reg [63:0]  v_desc, v_avail, v_used;
  reg [1:0]   v_flags;
  reg [31:0]  rd_value;
  integer     w_ofs;               // byte offset of a config RAM word

  always @* begin
    delay_d        = delay_q;
    needs_reset_d  = 1'b0;
    used_irq_d     = 1'b0;
    cfg_change_d   = 1'b0;
    notify_cnt_d   = notify_cnt_q;
    notify_last_d  = notify_last_q;
    resets_d       = resets_q;
    dev_req_prev_d = dev_reset_req;
    dev_cnt_d      = dev_cnt_q;
    q_req_prev_d   = q_reset_req;
    q_cnt_d        = q_cnt_q;
    qsel_d         = qsel_q;
    cfg_ram_d      = cfg_ram_q;
    rd_data_d      = rd_data_q;
    cfg_rdata_d    = cfg_rdata_q;
    w_ofs          = 0;

    // ---- fake engine: device reset ----
    dev_left   = (dev_reset_req && !dev_req_prev_q) ? delay_q : dev_cnt_q;
    dev_idle_c = !dev_reset_req || (dev_left == 32'd0);
    if (dev_reset_req && dev_left != 32'd0) dev_cnt_d = dev_left - 32'd1;
    // counted in the completing cycle, so an access the register block
    // held off until the reset completed already sees it
    if (dev_reset_req && dev_idle_c) resets_d = resets_q + 32'd1;

    // ---- fake engine: queue resets ----
    for (i = 0; i < NUM_QUEUES; i = i + 1) begin
      q_left      = (q_reset_req[i] && !q_req_prev_q[i]) ? delay_q : q_cnt_q[32*i +: 32];
      q_done_c[i] = q_reset_req[i] && (q_left == 32'd0);
      if (q_reset_req[i] && q_left != 32'd0) q_cnt_d[32*i +: 32] = q_left - 32'd1;
    end

    // ---- notifications ----
    for (i = 0; i < NUM_QUEUES; i = i + 1) begin
      if (q_notify[i]) begin
        notify_cnt_d  = notify_cnt_d + 32'd1;
        notify_last_d = i;
      end
    end

    // ---- views of the selected queue ----
    v_size  = 16'd0;
    v_desc  = 64'd0;
    v_avail = 64'd0;
    v_used  = 64'd0;
    v_flags = 2'd0;
    for (i = 0; i < NUM_QUEUES; i = i + 1) begin
      if (qsel_q == i) begin
        v_size  = q_size[16*i +: 16];
        v_desc  = q_desc[64*i +: 64];
        v_avail = q_avail[64*i +: 64];
        v_used  = q_used[64*i +: 64];
        v_flags = {q_reset_req[i], q_ready[i]};
      end
    end

    // ---- test-side writes ----
    if (reg_wr_en) begin
      case ({reg_wr_addr[11:2], 2'b00})
        OFS_IDLE_DELAY: delay_d = apply_strb(delay_q, reg_wr_data, reg_wr_strb);
        OFS_EVENT: begin
          if (reg_wr_strb[0]) begin
            needs_reset_d = reg_wr_data[EV_NEEDS_RESET];
            used_irq_d    = reg_wr_data[EV_USED_IRQ];
            cfg_change_d  = reg_wr_data[EV_CFG_CHANGE];
          end
        end
        OFS_Q_SEL: qsel_d = apply_strb(qsel_q, reg_wr_data, reg_wr_strb);
        default: begin
          if ({20'd0, reg_wr_addr} >= OFS_CFG_RAM && {20'd0, reg_wr_addr} < CFG_RAM_END) begin
            w_ofs = {20'd0, reg_wr_addr[11:2], 2'b00} - {20'd0, OFS_CFG_RAM};
            cfg_ram_d[8*w_ofs +: 32] = apply_strb(cfg_ram_q[8*w_ofs +: 32],
                                                  reg_wr_data, reg_wr_strb);
          end
        end
      endcase
    end

    // ---- device-side config writes (after the test side: they win) ----
    if (cfg_wr_en) begin
      w_ofs = {20'd0, cfg_wr_addr};
      if (w_ofs < CFG_SIZE) begin
        cfg_ram_d[8*w_ofs +: 32] = apply_strb(cfg_ram_d[8*w_ofs +: 32],
                                              cfg_wdata, cfg_wstrb);
      end
    end

    // ---- device-side config reads ----
    if (cfg_rd_en) begin
      w_ofs = {20'd0, cfg_rd_addr};
      cfg_rdata_d = (w_ofs < CFG_SIZE) ? cfg_ram_q[8*w_ofs +: 32] : 32'd0;
    end

    // ---- test-side reads ----
    rd_value = 32'd0;
    case ({reg_rd_addr[11:2], 2'b00})
      OFS_IDLE_DELAY:   rd_value = delay_q;
      OFS_NOTIFY_COUNT: rd_value = notify_cnt_q;
      OFS_NOTIFY_LAST:  rd_value = notify_last_q;
      OFS_NOTIFY_DATA:  rd_value = notify_data;
      OFS_RESETS:       rd_value = resets_q;
      OFS_STATE: begin
        rd_value[STATE_RESET_REQ] = dev_reset_req;
        rd_value[STATE_DRIVER_OK] = driver_ok;
        rd_value[STATE_DEV_IDLE]  = dev_idle_c;
        rd_value[STATE_IRQ]       = irq;
        rd_value[STATE_READY_N-1:0] = q_ready[STATE_READY_N-1:0];
      end
      OFS_Q_RESETS:     rd_value[QRESET_N-1:0] = q_reset_req[QRESET_N-1:0];
      OFS_DRV_FEAT_LO:  rd_value = driver_features[31:0];
      OFS_DRV_FEAT_HI:  rd_value = driver_features[63:32];
      OFS_Q_SEL:        rd_value = qsel_q;
      OFS_Q_SIZE:       rd_value = {16'd0, v_size};
      OFS_Q_DESC_LO:    rd_value = v_desc[31:0];
      OFS_Q_DESC_HI:    rd_value = v_desc[63:32];
      OFS_Q_AVAIL_LO:   rd_value = v_avail[31:0];
      OFS_Q_AVAIL_HI:   rd_value = v_avail[63:32];
      OFS_Q_USED_LO:    rd_value = v_used[31:0];
      OFS_Q_USED_HI:    rd_value = v_used[63:32];
      OFS_Q_FLAGS:      rd_value = {30'd0, v_flags};
      default: begin
        if ({20'd0, reg_rd_addr} >= OFS_CFG_RAM && {20'd0, reg_rd_addr} < CFG_RAM_END) begin
          w_ofs    = {20'd0, reg_rd_addr[11:2], 2'b00} - {20'd0, OFS_CFG_RAM};
          rd_value = cfg_ram_q[8*w_ofs +: 32];
        end
      end
    endcase
    if (reg_rd_en) rd_data_d = rd_value;
  end

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin
    if (!rst_n) begin
      delay_q        <= 32'd0;
      needs_reset_q  <= 1'b0;
      used_irq_q     <= 1'b0;
      cfg_change_q   <= 1'b0;
      notify_cnt_q   <= 32'd0;
      notify_last_q  <= 32'd0;
      resets_q       <= 32'd0;
      dev_req_prev_q <= 1'b0;
      dev_cnt_q      <= 32'd0;
      q_req_prev_q   <= {NUM_QUEUES{1'b0}};
      q_cnt_q        <= {NUM_QUEUES*32{1'b0}};
      qsel_q         <= 32'd0;
      cfg_ram_q      <= {CFG_SIZE*8{1'b0}};
      rd_data_q      <= 32'd0;
      cfg_rdata_q    <= 32'd0;
    end else begin
      delay_q        <= delay_d;
      needs_reset_q  <= needs_reset_d;
      used_irq_q     <= used_irq_d;
      cfg_change_q   <= cfg_change_d;
      notify_cnt_q   <= notify_cnt_d;
      notify_last_q  <= notify_last_d;
      resets_q       <= resets_d;
      dev_req_prev_q <= dev_req_prev_d;
      dev_cnt_q      <= dev_cnt_d;
      q_req_prev_q   <= q_req_prev_d;
      q_cnt_q        <= q_cnt_d;
      qsel_q         <= qsel_d;
      cfg_ram_q      <= cfg_ram_d;
      rd_data_q      <= rd_data_d;
      cfg_rdata_q    <= cfg_rdata_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign reg_rd_data  = rd_data_q;
  assign q_reset_done = q_done_c;
  assign dev_idle     = dev_idle_c;
  assign needs_reset  = needs_reset_q;
  assign used_irq     = used_irq_q;
  assign cfg_change   = cfg_change_q;
  assign cfg_rdata    = cfg_rdata_q;

endmodule

`default_nettype wire
