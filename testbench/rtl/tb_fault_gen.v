`default_nettype none

/// Protocol-fault generator of the test fixture: deliberate AXI violations for
/// exercising a protocol checker.
///
/// This module sits between the fixture ports and the two protocol-clean
/// blocks (tb_axil_regs on the AXI4-Lite side, tb_dma_copy on the AXI4 master
/// side). While no fault is active every signal passes straight through, so
/// the fixture then inherits the guarantees of those blocks: every valid holds
/// its payload stable while stalled and no beat or response is ever dropped.
/// The violations listed below are the only exceptions.
///
/// A fault is armed by writing a non-zero code to the FAULT register
/// (fault_arm_i); ADDR is fault_addr_i. Codes 1-7 and 13 run once, right after
/// arming, with the DMA copier idle: during that time this module owns the
/// AR/AW/W channels and the R/B ready signals, and hides R/B beats from the
/// copier. Re-arming while such a fault is still running is ignored.
///
///   1  AR_VALID_DROP     ARVALID (ADDR, len 0) for exactly one cycle, then
///                        dropped; if it was accepted the R beat is consumed.
///   2  AR_ADDR_CHANGE    ARVALID (ADDR, len 0) until accepted, ARADDR +=
///                        DATA_WIDTH/8 every stalled cycle; R beat consumed.
///   3  W_LAST_EARLY      AW (ADDR, len 1), then two W beats with WLAST=1 on
///                        beat 0 and WLAST=0 on beat 1; B consumed.
///   4  AR_CROSS_4K       AR (ADDR, len 3, INCR) whatever ADDR is; R consumed.
///   5  AR_WRAP_BAD_LEN   AR (ADDR, len 2, WRAP); R consumed up to RLAST.
///   6  AR_BAD_SIZE       AR (ADDR, len 0, size one above the bus width).
///   7  AR_BAD_BURST      AR (ADDR, len 0, burst 2'b11).
///   8  VALID_IN_RESET    while FAULT==8 and rst_n is low: ARVALID=1 (ADDR,
///                        len 0). No effect while rst_n is high.
///   9  LITE_NO_RRESP     the next AXI-Lite read is accepted but never answered;
///                        the slave stays stuck (no further reads) until rst_n.
///   10 LITE_SPURIOUS_B   8 cycles after the B of the arming write is accepted,
///                        BVALID (OKAY) with no write outstanding, held until
///                        BREADY; once. AXI-Lite writes are stalled (AWREADY/
///                        WREADY low) from arming until that B is accepted.
///   11 LITE_RVALID_DROP  the response of the next AXI-Lite read is shown for
///                        exactly one cycle and then dropped even if RREADY
///                        was low.
///   12 LITE_RDATA_CHANGE the response of the next AXI-Lite read inverts RDATA
///                        every cycle while RVALID && !RREADY.
///   13 R_NOT_READY       one single-beat read at ADDR is issued, and RREADY
///                        is held low for as long as FAULT==13 (copier reads
///                        stall as well).
///
/// Codes 9, 11 and 12 wait for the next read whose AR handshake happens after
/// arming; writing another FAULT value before that disarms them. FAULT=0 plus
/// rst_n brings every fault state machine back to idle.
module tb_fault_gen #(
  /// AXI4 data width in bits (32, 64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// AXI4 ID width in bits.
  parameter integer ID_WIDTH   = 4
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock.
  input  wire                    clk,
  /// Synchronous active-low reset (also used combinationally by fault 8).
  input  wire                    rst_n,

  // ---------------------------------------------------------------------------
  // Fault control (from tb_axil_regs)
  // ---------------------------------------------------------------------------
  /// Current FAULT register value.
  input  wire [31:0]             fault_code_i,
  /// One-cycle pulse: FAULT was written with a non-zero value.
  input  wire                    fault_arm_i,
  /// Fault address ADDR = {FAULT_ARG_HI, FAULT_ARG_LO}.
  input  wire [63:0]             fault_addr_i,

  // ---------------------------------------------------------------------------
  // AXI4-Lite, fixture side (only the signals that faults touch or observe)
  // ---------------------------------------------------------------------------
  /// Write address valid from the fixture port.
  input  wire                    s_axil_awvalid,
  /// Write address ready to the fixture port.
  output wire                    s_axil_awready,
  /// Write data valid from the fixture port.
  input  wire                    s_axil_wvalid,
  /// Write data ready to the fixture port.
  output wire                    s_axil_wready,
  /// Write response to the fixture port.
  output wire [1:0]              s_axil_bresp,
  /// Write response valid to the fixture port.
  output wire                    s_axil_bvalid,
  /// Write response ready from the fixture port.
  input  wire                    s_axil_bready,
  /// Read address valid from the fixture port (observed only).
  input  wire                    s_axil_arvalid,
  /// Read data to the fixture port.
  output wire [31:0]             s_axil_rdata,
  /// Read data valid to the fixture port.
  output wire                    s_axil_rvalid,
  /// Read data ready from the fixture port.
  input  wire                    s_axil_rready,

  // ---------------------------------------------------------------------------
  // AXI4-Lite, register-file side
  // ---------------------------------------------------------------------------
  /// Write address valid to tb_axil_regs.
  output wire                    regs_awvalid,
  /// Write address ready from tb_axil_regs.
  input  wire                    regs_awready,
  /// Write data valid to tb_axil_regs.
  output wire                    regs_wvalid,
  /// Write data ready from tb_axil_regs.
  input  wire                    regs_wready,
  /// Write response from tb_axil_regs.
  input  wire [1:0]              regs_bresp,
  /// Write response valid from tb_axil_regs.
  input  wire                    regs_bvalid,
  /// Write response ready to tb_axil_regs.
  output wire                    regs_bready,
  /// Read address ready from tb_axil_regs (observed; drives the port directly).
  input  wire                    regs_arready,
  /// Read data from tb_axil_regs.
  input  wire [31:0]             regs_rdata,
  /// Read data valid from tb_axil_regs.
  input  wire                    regs_rvalid,
  /// Read data ready to tb_axil_regs.
  output wire                    regs_rready,

  // ---------------------------------------------------------------------------
  // AXI4 master, DMA side: read address channel
  // ---------------------------------------------------------------------------
  /// Read address ID from the copier.
  input  wire [ID_WIDTH-1:0]     dma_arid,
  /// Read address from the copier.
  input  wire [63:0]             dma_araddr,
  /// Burst length minus one from the copier.
  input  wire [7:0]              dma_arlen,
  /// Beat size from the copier.
  input  wire [2:0]              dma_arsize,
  /// Burst type from the copier.
  input  wire [1:0]              dma_arburst,
  /// Lock from the copier.
  input  wire                    dma_arlock,
  /// Cache from the copier.
  input  wire [3:0]              dma_arcache,
  /// Protection from the copier.
  input  wire [2:0]              dma_arprot,
  /// Read address valid from the copier.
  input  wire                    dma_arvalid,
  /// Read address ready to the copier.
  output wire                    dma_arready,

  // ---------------------------------------------------------------------------
  // AXI4 master, DMA side: write address channel
  // ---------------------------------------------------------------------------
  /// Write address ID from the copier.
  input  wire [ID_WIDTH-1:0]     dma_awid,
  /// Write address from the copier.
  input  wire [63:0]             dma_awaddr,
  /// Burst length minus one from the copier.
  input  wire [7:0]              dma_awlen,
  /// Beat size from the copier.
  input  wire [2:0]              dma_awsize,
  /// Burst type from the copier.
  input  wire [1:0]              dma_awburst,
  /// Lock from the copier.
  input  wire                    dma_awlock,
  /// Cache from the copier.
  input  wire [3:0]              dma_awcache,
  /// Protection from the copier.
  input  wire [2:0]              dma_awprot,
  /// Write address valid from the copier.
  input  wire                    dma_awvalid,
  /// Write address ready to the copier.
  output wire                    dma_awready,

  // ---------------------------------------------------------------------------
  // AXI4 master, DMA side: write data, write response and read data
  // ---------------------------------------------------------------------------
  /// Write data from the copier.
  input  wire [DATA_WIDTH-1:0]   dma_wdata,
  /// Write strobes from the copier.
  input  wire [DATA_WIDTH/8-1:0] dma_wstrb,
  /// Last write beat from the copier.
  input  wire                    dma_wlast,
  /// Write data valid from the copier.
  input  wire                    dma_wvalid,
  /// Write data ready to the copier.
  output wire                    dma_wready,
  /// Write response valid to the copier.
  output wire                    dma_bvalid,
  /// Write response ready from the copier.
  input  wire                    dma_bready,
  /// Read data valid to the copier.
  output wire                    dma_rvalid,
  /// Read data ready from the copier.
  input  wire                    dma_rready,

  // ---------------------------------------------------------------------------
  // AXI4 master, fixture side: read address channel
  // ---------------------------------------------------------------------------
  /// Read address ID.
  output wire [ID_WIDTH-1:0]     m_axi_arid,
  /// Read address.
  output wire [63:0]             m_axi_araddr,
  /// Burst length minus one.
  output wire [7:0]              m_axi_arlen,
  /// Beat size.
  output wire [2:0]              m_axi_arsize,
  /// Burst type.
  output wire [1:0]              m_axi_arburst,
  /// Lock.
  output wire                    m_axi_arlock,
  /// Cache.
  output wire [3:0]              m_axi_arcache,
  /// Protection.
  output wire [2:0]              m_axi_arprot,
  /// Read address valid.
  output wire                    m_axi_arvalid,
  /// Read address ready.
  input  wire                    m_axi_arready,

  // ---------------------------------------------------------------------------
  // AXI4 master, fixture side: write address channel
  // ---------------------------------------------------------------------------
  /// Write address ID.
  output wire [ID_WIDTH-1:0]     m_axi_awid,
  /// Write address.
  output wire [63:0]             m_axi_awaddr,
  /// Burst length minus one.
  output wire [7:0]              m_axi_awlen,
  /// Beat size.
  output wire [2:0]              m_axi_awsize,
  /// Burst type.
  output wire [1:0]              m_axi_awburst,
  /// Lock.
  output wire                    m_axi_awlock,
  /// Cache.
  output wire [3:0]              m_axi_awcache,
  /// Protection.
  output wire [2:0]              m_axi_awprot,
  /// Write address valid.
  output wire                    m_axi_awvalid,
  /// Write address ready.
  input  wire                    m_axi_awready,

  // ---------------------------------------------------------------------------
  // AXI4 master, fixture side: write data, write response and read data
  // ---------------------------------------------------------------------------
  /// Write data.
  output wire [DATA_WIDTH-1:0]   m_axi_wdata,
  /// Write strobes.
  output wire [DATA_WIDTH/8-1:0] m_axi_wstrb,
  /// Last write beat.
  output wire                    m_axi_wlast,
  /// Write data valid.
  output wire                    m_axi_wvalid,
  /// Write data ready.
  input  wire                    m_axi_wready,
  /// Write response valid.
  input  wire                    m_axi_bvalid,
  /// Write response ready.
  output wire                    m_axi_bready,
  /// Last read beat (the fault reads consume beats up to RLAST).
  input  wire                    m_axi_rlast,
  /// Read data valid.
  input  wire                    m_axi_rvalid,
  /// Read data ready.
  output wire                    m_axi_rready
);

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
    begin : g_bad_data_width
      tb_fault_gen_error_DATA_WIDTH_must_be_32_64_128_or_256 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  // Fault codes (FAULT register values)
  localparam [3:0] F_AR_VALID_DROP     = 4'd1;
  localparam [3:0] F_AR_ADDR_CHANGE    = 4'd2;
  localparam [3:0] F_W_LAST_EARLY      = 4'd3;
  localparam [3:0] F_AR_CROSS_4K       = 4'd4;
  localparam [3:0] F_AR_WRAP_BAD_LEN   = 4'd5;
  localparam [3:0] F_AR_BAD_SIZE       = 4'd6;
  localparam [3:0] F_AR_BAD_BURST      = 4'd7;
  localparam [3:0] F_VALID_IN_RESET    = 4'd8;
  localparam [3:0] F_LITE_NO_RRESP     = 4'd9;
  localparam [3:0] F_LITE_SPURIOUS_B   = 4'd10;
  localparam [3:0] F_LITE_RVALID_DROP  = 4'd11;
  localparam [3:0] F_LITE_RDATA_CHANGE = 4'd12;
  localparam [3:0] F_R_NOT_READY       = 4'd13;

  localparam integer SIZE_LOG2  = (DATA_WIDTH == 32)  ? 2 :
                                  (DATA_WIDTH == 64)  ? 3 :
                                  (DATA_WIDTH == 128) ? 4 : 5;
  localparam [2:0]   SIZE_FULL  = SIZE_LOG2 == 2 ? 3'd2 : SIZE_LOG2 == 3 ? 3'd3 :
                                  SIZE_LOG2 == 4 ? 3'd4 : 3'd5;  // full width
  localparam [2:0]   SIZE_BIG   = SIZE_FULL + 3'd1;  // wider than the bus
  localparam [63:0]  BEAT_BYTES = 64'd1 << SIZE_LOG2;
  localparam [1:0]   BURST_INCR = 2'b01;
  localparam [1:0]   BURST_WRAP = 2'b10;
  localparam [1:0]   BURST_RSVD = 2'b11;
  localparam [3:0]   CACHE      = 4'b0011;
  localparam [31:0]  W_PATTERN  = 32'hFA01_7000;    // fault 3 write data
  localparam [3:0]   SPUR_DELAY = 4'd8;             // fault 10: cycles after B

  // Master-side fault state machine
  localparam [2:0] MF_IDLE = 3'd0;  // pass the copier through
  localparam [2:0] MF_AR   = 3'd1;  // drive ARVALID
  localparam [2:0] MF_R    = 3'd2;  // consume R beats up to RLAST
  localparam [2:0] MF_AW   = 3'd3;  // drive AWVALID
  localparam [2:0] MF_W    = 3'd4;  // drive the two W beats
  localparam [2:0] MF_B    = 3'd5;  // consume the B response

  // AXI-Lite read fault state machine
  localparam [2:0] LR_IDLE   = 3'd0;  // pass through
  localparam [2:0] LR_ARMED  = 3'd1;  // waiting for the next AR handshake
  localparam [2:0] LR_HIDE   = 3'd2;  // fault 9: response hidden forever
  localparam [2:0] LR_DROP   = 3'd3;  // fault 11: show the response one cycle
  localparam [2:0] LR_CHANGE = 3'd4;  // fault 12: flip RDATA while stalled

  // AXI-Lite write fault state machine
  localparam [1:0] LW_IDLE   = 2'd0;  // pass through
  localparam [1:0] LW_WAIT_B = 2'd1;  // waiting for the arming write's B
  localparam [1:0] LW_COUNT  = 2'd2;  // counting SPUR_DELAY cycles
  localparam [1:0] LW_SPUR   = 2'd3;  // spurious BVALID until BREADY

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  reg [2:0]  mf_state_q, mf_state_d;
  reg [3:0]  mf_code_q,  mf_code_d;   // code being executed
  reg [63:0] araddr_q,   araddr_d;
  reg [7:0]  arlen_q,    arlen_d;
  reg [2:0]  arsize_q,   arsize_d;
  reg [1:0]  arburst_q,  arburst_d;
  reg [63:0] awaddr_q,   awaddr_d;
  reg        wbeat_q,    wbeat_d;     // W beat index of fault 3
  reg [2:0]  lr_state_q, lr_state_d;
  reg [3:0]  lr_code_q,  lr_code_d;   // armed AXI-Lite read fault
  reg        lr_flip_q,  lr_flip_d;   // fault 12: RDATA currently inverted
  reg [1:0]  lw_state_q, lw_state_d;
  reg [3:0]  lw_cnt_q,   lw_cnt_d;

  // ---------------------------------------------------------------------------
  // Decoded fault code
  // ---------------------------------------------------------------------------
  wire       code_ok     = (fault_code_i[31:4] == 28'd0);
  wire [3:0] code        = fault_code_i[3:0];
  wire       arm         = fault_arm_i & code_ok;
  wire       arm_master  = arm & ((code >= F_AR_VALID_DROP && code <= F_AR_BAD_BURST)
                                  || code == F_R_NOT_READY);
  wire       arm_lite_rd = arm & (code == F_LITE_NO_RRESP || code == F_LITE_RVALID_DROP
                                  || code == F_LITE_RDATA_CHANGE);
  wire       arm_lite_wr = arm & (code == F_LITE_SPURIOUS_B);

  wire       owns        = (mf_state_q != MF_IDLE);  // fault drives the master
  wire       in_reset_ar = ~rst_n & code_ok & (code == F_VALID_IN_RESET);
  wire       r_block     = code_ok & (code == F_R_NOT_READY);
  wire       lite_ar_hs  = s_axil_arvalid & regs_arready;
  wire       lite_b_hs   = regs_bvalid & s_axil_bready;
  wire       lite_wr_block = (lw_state_q != LW_IDLE) | arm_lite_wr;

  // ---------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------
  always @* begin
    mf_state_d = mf_state_q;
    mf_code_d  = mf_code_q;
    araddr_d   = araddr_q;
    arlen_d    = arlen_q;
    arsize_d   = arsize_q;
    arburst_d  = arburst_q;
    awaddr_d   = awaddr_q;
    wbeat_d    = wbeat_q;
    lr_state_d = lr_state_q;
    lr_code_d  = lr_code_q;
    lr_flip_d  = lr_flip_q;
    lw_state_d = lw_state_q;
    lw_cnt_d   = lw_cnt_q;

    // ---- master-side faults (1-7, 13) ----
    case (mf_state_q)
      MF_IDLE: begin
        if (arm_master) begin
          mf_code_d = code;
          araddr_d  = fault_addr_i;
          arlen_d   = 8'd0;
          arsize_d  = SIZE_FULL;
          arburst_d = BURST_INCR;
          awaddr_d  = fault_addr_i;
          wbeat_d   = 1'b0;
          case (code)
            F_W_LAST_EARLY:    mf_state_d = MF_AW;
            F_AR_CROSS_4K:     begin mf_state_d = MF_AR; arlen_d = 8'd3; end
            F_AR_WRAP_BAD_LEN: begin mf_state_d = MF_AR; arlen_d = 8'd2;
                                     arburst_d = BURST_WRAP; end
            F_AR_BAD_SIZE:     begin mf_state_d = MF_AR; arsize_d = SIZE_BIG; end
            F_AR_BAD_BURST:    begin mf_state_d = MF_AR; arburst_d = BURST_RSVD; end
            default:           mf_state_d = MF_AR;  // 1, 2, 13
          endcase
        end
      end
      MF_AR: begin
        if (m_axi_arready) begin
          // Fault 13 leaves its R beat on the bus: RREADY is blocked.
          mf_state_d = (mf_code_q == F_R_NOT_READY) ? MF_IDLE : MF_R;
        end else if (mf_code_q == F_AR_VALID_DROP) begin
          mf_state_d = MF_IDLE;  // dropped after one cycle, never accepted
        end else if (mf_code_q == F_AR_ADDR_CHANGE) begin
          araddr_d = araddr_q + BEAT_BYTES;  // payload changes while stalled
        end
      end
      MF_R: begin
        if (m_axi_rvalid && m_axi_rlast) mf_state_d = MF_IDLE;
      end
      MF_AW: begin
        if (m_axi_awready) mf_state_d = MF_W;
      end
      MF_W: begin
        if (m_axi_wready) begin
          wbeat_d = 1'b1;
          if (wbeat_q) mf_state_d = MF_B;
        end
      end
      MF_B: begin
        if (m_axi_bvalid) mf_state_d = MF_IDLE;
      end
      default: begin
        mf_state_d = MF_IDLE;
      end
    endcase

    // ---- AXI-Lite read faults (9, 11, 12) ----
    case (lr_state_q)
      LR_IDLE, LR_ARMED: begin
        if (arm_lite_rd) begin
          lr_state_d = LR_ARMED;
          lr_code_d  = code;
        end else if (lr_state_q == LR_ARMED) begin
          if (!code_ok || code != lr_code_q) begin
            lr_state_d = LR_IDLE;  // FAULT rewritten: disarmed
          end else if (lite_ar_hs) begin
            // The slave presents this read's response from the next cycle on.
            case (lr_code_q)
              F_LITE_NO_RRESP:    lr_state_d = LR_HIDE;
              F_LITE_RVALID_DROP: lr_state_d = LR_DROP;
              default:            lr_state_d = LR_CHANGE;
            endcase
          end
        end
      end
      LR_HIDE: begin
        // Stuck until rst_n.
      end
      LR_DROP: begin
        if (regs_rvalid) lr_state_d = LR_IDLE;
      end
      LR_CHANGE: begin
        if (regs_rvalid) begin
          if (s_axil_rready) begin
            lr_state_d = LR_IDLE;
            lr_flip_d  = 1'b0;
          end else begin
            lr_flip_d = ~lr_flip_q;
          end
        end
      end
      default: begin
        lr_state_d = LR_IDLE;
      end
    endcase

    // ---- AXI-Lite write fault (10) ----
    case (lw_state_q)
      LW_IDLE: begin
        if (arm_lite_wr) begin
          // The arming write's B is being presented right now.
          lw_state_d = lite_b_hs ? LW_COUNT : LW_WAIT_B;
          lw_cnt_d   = SPUR_DELAY - 4'd1;
        end
      end
      LW_WAIT_B: begin
        if (lite_b_hs) lw_state_d = LW_COUNT;
      end
      LW_COUNT: begin
        lw_cnt_d = lw_cnt_q - 4'd1;
        if (lw_cnt_q == 4'd1) lw_state_d = LW_SPUR;
      end
      LW_SPUR: begin
        if (s_axil_bready) lw_state_d = LW_IDLE;
      end
      default: begin
        lw_state_d = LW_IDLE;
      end
    endcase
  end

  always @(posedge clk) begin
    if (!rst_n) begin
      mf_state_q <= MF_IDLE;
      mf_code_q  <= 4'd0;
      araddr_q   <= 64'd0;
      arlen_q    <= 8'd0;
      arsize_q   <= SIZE_FULL;
      arburst_q  <= BURST_INCR;
      awaddr_q   <= 64'd0;
      wbeat_q    <= 1'b0;
      lr_state_q <= LR_IDLE;
      lr_code_q  <= 4'd0;
      lr_flip_q  <= 1'b0;
      lw_state_q <= LW_IDLE;
      lw_cnt_q   <= 4'd0;
    end else begin
      mf_state_q <= mf_state_d;
      mf_code_q  <= mf_code_d;
      araddr_q   <= araddr_d;
      arlen_q    <= arlen_d;
      arsize_q   <= arsize_d;
      arburst_q  <= arburst_d;
      awaddr_q   <= awaddr_d;
      wbeat_q    <= wbeat_d;
      lr_state_q <= lr_state_d;
      lr_code_q  <= lr_code_d;
      lr_flip_q  <= lr_flip_d;
      lw_state_q <= lw_state_d;
      lw_cnt_q   <= lw_cnt_d;
    end
  end

  // ---------------------------------------------------------------------------
  // AXI4 master outputs: copier, or fault state machine, or fault 8
  // ---------------------------------------------------------------------------
  wire ar_fault = owns | in_reset_ar;

  assign m_axi_arid    = ar_fault ? {ID_WIDTH{1'b0}} : dma_arid;
  assign m_axi_araddr  = in_reset_ar ? fault_addr_i : owns ? araddr_q : dma_araddr;
  assign m_axi_arlen   = in_reset_ar ? 8'd0 : owns ? arlen_q : dma_arlen;
  assign m_axi_arsize  = in_reset_ar ? SIZE_FULL : owns ? arsize_q : dma_arsize;
  assign m_axi_arburst = in_reset_ar ? BURST_INCR : owns ? arburst_q : dma_arburst;
  assign m_axi_arlock  = ar_fault ? 1'b0 : dma_arlock;
  assign m_axi_arcache = ar_fault ? CACHE : dma_arcache;
  assign m_axi_arprot  = ar_fault ? 3'b000 : dma_arprot;
  assign m_axi_arvalid = in_reset_ar | (owns ? (mf_state_q == MF_AR) : dma_arvalid);
  assign dma_arready   = m_axi_arready & ~ar_fault;

  assign m_axi_awid    = owns ? {ID_WIDTH{1'b0}} : dma_awid;
  assign m_axi_awaddr  = owns ? awaddr_q : dma_awaddr;
  assign m_axi_awlen   = owns ? 8'd1 : dma_awlen;
  assign m_axi_awsize  = owns ? SIZE_FULL : dma_awsize;
  assign m_axi_awburst = owns ? BURST_INCR : dma_awburst;
  assign m_axi_awlock  = owns ? 1'b0 : dma_awlock;
  assign m_axi_awcache = owns ? CACHE : dma_awcache;
  assign m_axi_awprot  = owns ? 3'b000 : dma_awprot;
  assign m_axi_awvalid = owns ? (mf_state_q == MF_AW) : dma_awvalid;
  assign dma_awready   = m_axi_awready & ~owns;

  assign m_axi_wdata   = owns ? {(DATA_WIDTH/32){W_PATTERN[31:1], wbeat_q}} : dma_wdata;
  assign m_axi_wstrb   = owns ? {(DATA_WIDTH/8){1'b1}} : dma_wstrb;
  assign m_axi_wlast   = owns ? ~wbeat_q : dma_wlast;  // fault 3: last on beat 0
  assign m_axi_wvalid  = owns ? (mf_state_q == MF_W) : dma_wvalid;
  assign dma_wready    = m_axi_wready & ~owns;

  assign m_axi_bready  = owns ? (mf_state_q == MF_B) : dma_bready;
  assign dma_bvalid    = m_axi_bvalid & ~owns;

  assign m_axi_rready  = ~r_block & (owns ? (mf_state_q == MF_R) : dma_rready);
  assign dma_rvalid    = m_axi_rvalid & ~owns & ~r_block;

  // ---------------------------------------------------------------------------
  // AXI4-Lite outputs
  // ---------------------------------------------------------------------------
  assign regs_awvalid   = s_axil_awvalid & ~lite_wr_block;
  assign s_axil_awready = regs_awready & ~lite_wr_block;
  assign regs_wvalid    = s_axil_wvalid & ~lite_wr_block;
  assign s_axil_wready  = regs_wready & ~lite_wr_block;
  assign s_axil_bvalid  = (lw_state_q == LW_SPUR) | regs_bvalid;
  assign s_axil_bresp   = (lw_state_q == LW_SPUR) ? 2'b00 : regs_bresp;
  assign regs_bready    = (lw_state_q != LW_SPUR) & s_axil_bready;

  assign s_axil_rvalid  = (lr_state_q != LR_HIDE) & regs_rvalid;
  assign s_axil_rdata   = regs_rdata ^ {32{lr_flip_q}};
  assign regs_rready    = (lr_state_q == LR_DROP) | ((lr_state_q != LR_HIDE) & s_axil_rready);

endmodule

`default_nettype wire
