// SPDX-License-Identifier: MIT
`default_nettype none

/// virtio-mmio register block (virtio v1.2 section 4.2.2; the legacy version 1
/// interface of section 4.2.4 with LEGACY=1). Gives the registers their
/// meaning; the AXI4-Lite protocol is vio_axil_slave's job. Register offsets,
/// bit numbers and feature bits come from vio_mmio_defs.vh, generated from
/// rtl/vio_mmio_regs.tbl.
///
/// Register side: a write is a one-cycle strobe (reg_wr_en) and is answered in
/// the same cycle (reg_wr_resp, always OKAY); a read is a one-cycle strobe
/// (reg_rd_en) whose data is presented exactly one cycle later (reg_rd_data,
/// reg_rd_resp, always OKAY). A read and a write may come in the same cycle; a
/// read returns the state before a write of the same cycle. There is no
/// valid/ready interface here; the one upstream (vio_axil_slave) holds its
/// payload while stalled and never drops a beat.
///
/// Misuse is ignored (CONFORMANCE "Register misuse"): below 0x100 only aligned
/// 32-bit writes (wstrb 4'hf) are performed and only aligned reads return
/// data; a write to a read-only register, a read of a write-only register, an
/// unknown offset, a register the current version lacks, or a config offset at
/// or past CFG_SIZE is answered OKAY, reads 0 and changes nothing.
///
/// Choices worth knowing (spec sections in brackets):
/// - Status [2.1, 4.2.2]: a write stores bits 7:0, except NEEDS_RESET, which
///   only the device sets. Setting FEATURES_OK (version 2) validates the driver
///   features [2.2.2, 3.1.1]: no bit outside the offered set, VERSION_1
///   accepted, every FEATURE_DEPS entry honoured; otherwise the write leaves
///   FEATURES_OK clear. DriverFeatures writes are ignored while FEATURES_OK is
///   set (version 2), so driver_features cannot change under the engine.
///   DRIVER_OK without FEATURES_OK (version 2) is refused: the bit reads back
///   clear and the device serves no queue [3.1.1: features are negotiated
///   before the device goes live; nothing was negotiated].
/// - Device reset [2.4, 4.2.2.1]: a Status write with bits 7:0 zero raises
///   dev_reset_req, also when Status already reads 0. Until the reset
///   completes reg_stall is high: the AXI4-Lite slave holds that write's B
///   response, performs no further write and accepts no further read, so the
///   access that follows the Status = 0 write waits and then sees the reset
///   state. Linux (virtio_mmio.c vm_reset) and U-Boot write 0 and go on
///   without polling Status; nothing they do is lost or sees pre-reset state
///   (S1), and a driver that waits for the write's response knows the device
///   has stopped its DMA. The wait is bounded by the engine's DMA drain.
///   The reset completes
///   in the first cycle with dev_idle high: Status, InterruptStatus, the
///   selectors, driver features, notify_data and every queue (ready, reset,
///   size = QUEUE_SIZE_MAX, addresses, legacy QueuePFN and QueueAlign) return
///   to their reset values and dev_reset_req drops. ConfigGeneration keeps
///   counting, and the legacy GuestPageSize is kept (Linux writes it once at
///   probe, before its first reset). needs_reset and used_irq events, and the
///   interrupt part of cfg_change, are dropped while a reset is in progress.
/// - QueueReady [4.2.2]: writing 1 (bit 0) enables the selected queue only
///   when its size is a power of two, non-zero and at most QUEUE_SIZE_MAX;
///   otherwise the queue stays disabled and QueueReady reads 0, which tells
///   the driver the setup was refused. QueueNum and the queue addresses are
///   ignored while the queue is ready or being reset [4.2.2.2: the driver must
///   not write them then; the device protects its state]. A QueueNum value
///   above 65535 is stored as 0 (an invalid size).
/// - QueueReset [2.6.1, 4.2.2.1] exists only with OFFER_RING_RESET (version 2).
///   Writing 1 starts the reset of the selected queue: q_reset_req rises,
///   QueueReady reads 0 at once, QueueReset reads 1 until q_reset_done, then
///   the queue's size (QUEUE_SIZE_MAX) and addresses return to their reset
///   values and QueueReset reads 0.
/// - QueueNotify [4.2.3.3]: every write updates notify_data; q_notify pulses
///   only for an existing, ready queue named in bits 15:0 (spurious
///   notifications are harmless).
/// - InterruptStatus [4.2.2.1]: an event sets its bit, InterruptACK clears the
///   bits written 1; an event in the same cycle as its ACK wins (a spurious
///   interrupt is harmless, a lost one is not). irq = |InterruptStatus.
///   used_irq sets VRING only while DRIVER_OK is set (version 2): the device
///   sends no used buffer notification before DRIVER_OK [2.1.2], so none
///   after a reset until the driver has re-initialised the device (S2, S4).
///   cfg_change and needs_reset set CONFIG only while DRIVER_OK is set.
/// - Legacy [4.2.4, 2.7.2]: a non-zero QueuePFN write to a queue that is not
///   in use makes it ready with desc = PFN * GuestPageSize, avail = desc +
///   16 * size, used = align_up(avail + 6 + 2 * size, QueueAlign); it is
///   refused (the queue stays off and QueuePFN keeps reading 0) when
///   GuestPageSize or the queue's QueueAlign is not a power of two or the size
///   is not valid (as for QueueReady). A non-zero write to a queue in use is
///   ignored, as are QueueNum and QueueAlign writes; 0 stops the queue. No
///   FEATURES_OK validation in legacy: Status is stored as written.
/// - Config space [4.2.2, M9]: 0x100 .. 0x100+CFG_SIZE-1 is forwarded to the
///   device function with the AXI byte strobes; writes and reads have separate
///   address ports because the slave may strobe both in the same cycle.
///
/// Timing: cfg_wr_en/cfg_rd_en are combinational from reg_wr_en/reg_rd_en
/// (same cycle; cfg_rdata is expected one cycle later and passed straight to
/// reg_rd_data). Every other output comes from a register: a write takes
/// effect in the next cycle (q_notify pulses, dev_reset_req rises, ...).
module vio_mmio_regs #(
  /// 0: virtio-mmio version 2 (virtio 1.x); 1: legacy version 1 interface.
  parameter integer        LEGACY           = 0,
  /// Virtio device ID (DeviceID register; 1 net, 2 blk, 3 console, 4 rng).
  parameter [31:0]         DEVICE_ID        = 32'd1,
  /// Virtio vendor ID (VendorID register).
  parameter [31:0]         VENDOR_ID        = 32'h004f4956,
  /// Number of virtqueues (1..64).
  parameter integer        NUM_QUEUES       = 2,
  /// Largest queue size (QueueNumMax; a power of two, 1..32768).
  parameter integer        QUEUE_SIZE_MAX   = 1024,
  /// Device-type feature bits offered (bits 0..23 and 50..63 only).
  parameter [63:0]         DEVICE_FEATURES  = 64'd0,
  /// 1: offer INDIRECT_DESC (the ring engine walks indirect tables).
  parameter integer        OFFER_INDIRECT   = 0,
  /// 1: offer EVENT_IDX (the ring engine keeps avail_event / used_event).
  parameter integer        OFFER_EVENT_IDX  = 0,
  /// 1: offer RING_RESET and provide QueueReset (version 2 only).
  parameter integer        OFFER_RING_RESET = 0,
  /// Up to 8 feature dependencies, 16 bits each; entry i = bits
  /// [16*i+15:16*i]: bit 15 valid, bits 13:8 feature A, bits 5:0 feature B,
  /// meaning "a driver that accepts A must accept B". Bits 14, 7 and 6 must be
  /// 0. An entry whose A is offered must have its B offered too (S7).
  parameter [127:0]        FEATURE_DEPS     = 128'd0,
  /// Bytes of device configuration space (a multiple of 4, 0..3840).
  parameter integer        CFG_SIZE         = 256
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                     clk,
  /// Synchronous active-low reset.
  input  wire                     rst_n,

  // ---------------------------------------------------------------------------
  // Register side (from vio_axil_slave): byte offsets in the 4 KiB window
  // ---------------------------------------------------------------------------
  /// Write strobe (one cycle per write).
  input  wire                     reg_wr_en,
  /// Write byte offset.
  input  wire [11:0]              reg_wr_addr,
  /// Write data.
  input  wire [31:0]              reg_wr_data,
  /// Write byte strobes.
  input  wire [3:0]               reg_wr_strb,
  /// Write response in the reg_wr_en cycle (always OKAY).
  output wire [1:0]               reg_wr_resp,
  /// Read strobe (one cycle per read).
  input  wire                     reg_rd_en,
  /// Read byte offset.
  input  wire [11:0]              reg_rd_addr,
  /// Read data, one cycle after reg_rd_en.
  output wire [31:0]              reg_rd_data,
  /// Read response, one cycle after reg_rd_en (always OKAY).
  output wire [1:0]               reg_rd_resp,
  /// Hold further accesses off (a device reset is in progress).
  output wire                     reg_stall,

  // ---------------------------------------------------------------------------
  // Queues and device state, to the ring engine (vio_vq_ports.vh)
  // ---------------------------------------------------------------------------
  `include "vio_vq_ports.vh"

  // ---------------------------------------------------------------------------
  // Configuration space, to the device function (vio_cfg_ports.vh)
  // ---------------------------------------------------------------------------
  `define VIO_CFG_REGS
  `include "vio_cfg_ports.vh"
  `undef VIO_CFG_REGS

  // ---------------------------------------------------------------------------
  // Interrupt
  // ---------------------------------------------------------------------------
  /// Level interrupt: high while InterruptStatus != 0.
  output wire                     irq
);

  // The generated map holds every register and bit; not all are used here.
  /* verilator lint_off UNUSEDPARAM */
  `include "vio_mmio_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam [1:0]  RESP_OKAY = 2'b00;
  localparam [63:0] ONE64     = 64'd1;

  // Device-type feature bits are 0..23 and 50..127; 24..49 belong to the
  // transport and the queues (spec 6, "Reserved Feature Bits").
  localparam integer DEV_FEAT_LOW_END   = 24;
  localparam integer DEV_FEAT_HIGH_BASE = 50;
  localparam [63:0]  DEV_FEAT_ALLOWED   = ((ONE64 << DEV_FEAT_LOW_END) - ONE64)
                                          | ~((ONE64 << DEV_FEAT_HIGH_BASE) - ONE64);

  localparam         IS_LEGACY = (LEGACY != 0);
  localparam         HAS_QRESET = (LEGACY == 0) && (OFFER_RING_RESET != 0);

  // Offered features. Version 2: VERSION_1 (S10), ACCESS_PLATFORM and
  // ORDER_PLATFORM (6.1: a hardware device should offer them). Legacy:
  // ANY_LAYOUT (L3). Never SR_IOV, NOTIF_CONFIG_DATA, ADMIN_VQ (PCI only) or
  // RING_PACKED (S8): DEVICE_FEATURES cannot name bits 24..49.
  localparam [63:0] TRANSPORT_FEATURES =
      IS_LEGACY ? (ONE64 << F_ANY_LAYOUT)
                : ((ONE64 << F_VERSION_1) | (ONE64 << F_ACCESS_PLATFORM)
                   | (ONE64 << F_ORDER_PLATFORM));
  localparam [63:0] OFFERED =
      DEVICE_FEATURES | TRANSPORT_FEATURES
      | ((OFFER_INDIRECT != 0)  ? (ONE64 << F_INDIRECT_DESC) : 64'd0)
      | ((OFFER_EVENT_IDX != 0) ? (ONE64 << F_EVENT_IDX)     : 64'd0)
      | (HAS_QRESET             ? (ONE64 << F_RING_RESET)    : 64'd0);

  // Feature dependency entries (FEATURE_DEPS).
  localparam integer NUM_DEPS      = 8;
  localparam integer DEP_VALID     = 15;  // entry bit: entry in use
  localparam integer DEP_A_LSB     = 8;   // entry bits 13:8: feature A
  localparam integer DEP_B_LSB     = 0;   // entry bits 5:0: feature B
  localparam [15:0]  DEP_RSVD_MASK = 16'h40c0;

  // Reset values.
  localparam [31:0] QUEUE_SIZE_MAX32  = QUEUE_SIZE_MAX;
  localparam [15:0] QUEUE_SIZE_RESET = QUEUE_SIZE_MAX32[15:0];  // like QEMU
  localparam [4:0]  LOG2_4096        = 5'd12;  // legacy GuestPageSize, QueueAlign
  localparam [31:0] ALL_ONES         = 32'hffff_ffff;   // SHM: no region (M8)

  // First offset past the configuration space.
  localparam integer CFG_END = {20'd0, REG_CONFIG} + CFG_SIZE;

  // DeviceFeaturesSel / DriverFeaturesSel, stored as the word they pick.
  localparam [1:0] FSEL_LOW  = 2'd0;  // bits 31:0
  localparam [1:0] FSEL_HIGH = 2'd1;  // bits 63:32
  localparam [1:0] FSEL_NONE = 2'd2;  // any other selector: reads 0

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  genvar gi;
  generate
    if (LEGACY != 0 && LEGACY != 1) begin : g_bad_legacy
      vio_mmio_regs_error_LEGACY_must_be_0_or_1 u_param_error ();
    end
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_num_queues
      vio_mmio_regs_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (QUEUE_SIZE_MAX < 1 || QUEUE_SIZE_MAX > QUEUE_NUM_LIMIT
        || (QUEUE_SIZE_MAX & (QUEUE_SIZE_MAX - 1)) != 0) begin : g_bad_queue_size
      vio_mmio_regs_error_QUEUE_SIZE_MAX_must_be_a_power_of_2_up_to_32768 u_param_error ();
    end
    if ((DEVICE_FEATURES & ~DEV_FEAT_ALLOWED) != 64'd0) begin : g_bad_dev_features
      vio_mmio_regs_error_DEVICE_FEATURES_only_bits_0_to_23_and_50_to_63 u_param_error ();
    end
    if ((OFFER_INDIRECT != 0 && OFFER_INDIRECT != 1)
        || (OFFER_EVENT_IDX != 0 && OFFER_EVENT_IDX != 1)
        || (OFFER_RING_RESET != 0 && OFFER_RING_RESET != 1)) begin : g_bad_offer
      vio_mmio_regs_error_OFFER_params_must_be_0_or_1 u_param_error ();
    end
    if (CFG_SIZE < 0 || CFG_SIZE > 3840 || (CFG_SIZE % 4) != 0) begin : g_bad_cfg_size
      vio_mmio_regs_error_CFG_SIZE_must_be_a_multiple_of_4_up_to_3840 u_param_error ();
    end
    for (gi = 0; gi < NUM_DEPS; gi = gi + 1) begin : g_dep_check
      if (FEATURE_DEPS[16*gi+DEP_VALID]
          && (FEATURE_DEPS[16*gi +: 16] & DEP_RSVD_MASK) != 16'd0) begin : g_bad_dep_bits
        vio_mmio_regs_error_FEATURE_DEPS_entry_has_reserved_bits_set u_param_error ();
      end
      // S7 (2.2.2): never offer a feature without the features it depends on.
      if (FEATURE_DEPS[16*gi+DEP_VALID]
          && OFFERED[FEATURE_DEPS[16*gi+DEP_A_LSB +: 6]]
          && !OFFERED[FEATURE_DEPS[16*gi+DEP_B_LSB +: 6]]) begin : g_bad_dep_offer
        vio_mmio_regs_error_FEATURE_DEPS_offered_feature_lacks_its_dependency u_param_error ();
      end
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Helper functions
  // ---------------------------------------------------------------------------
  /// True for a usable queue size: a power of two, non-zero, <= QUEUE_SIZE_MAX.
  function size_ok(input [15:0] size);
    begin
      size_ok = (size != 16'd0) && ((size & (size - 16'd1)) == 16'd0)
                && ({16'd0, size} <= QUEUE_SIZE_MAX);
    end
  endfunction

  /// True for a power of two (legacy GuestPageSize, QueueAlign).
  function is_pow2(input [31:0] v);
    begin
      is_pow2 = (v != 32'd0) && ((v & (v - 32'd1)) == 32'd0);
    end
  endfunction

  /// Index of the highest set bit (log2 of a power of two).
  function [4:0] log2_32(input [31:0] v);
    reg [5:0] b;
    begin
      log2_32 = 5'd0;
      for (b = 6'd0; b < 6'd32; b = b + 6'd1) begin
        if (v[b[4:0]]) log2_32 = b[4:0];
      end
    end
  endfunction

  /// The 32-bit word of a 64-bit value a features selector picks.
  function [31:0] feat_word(input [63:0] feat, input [1:0] sel);
    begin
      case (sel)
        FSEL_LOW:  feat_word = feat[31:0];
        FSEL_HIGH: feat_word = feat[63:32];
        default:   feat_word = 32'd0;
      endcase
    end
  endfunction

  /// Stored form of a features selector write.
  function [1:0] feat_sel(input [31:0] v);
    begin
      if (v == 32'd0)      feat_sel = FSEL_LOW;
      else if (v == 32'd1) feat_sel = FSEL_HIGH;
      else                 feat_sel = FSEL_NONE;
    end
  endfunction

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  // Device
  reg [7:0]               status_q;       // Status
  reg                     dev_reset_q;    // device reset pending
  reg [1:0]               int_q;          // InterruptStatus
  reg [31:0]              gen_q;          // ConfigGeneration
  reg [1:0]               dfsel_q;        // DeviceFeaturesSel
  reg [1:0]               drsel_q;        // DriverFeaturesSel
  reg [63:0]              drv_feat_q;     // DriverFeatures
  reg [NUM_QUEUES-1:0]    qsel_q;         // QueueSel, one-hot
  reg [31:0]              notify_data_q;  // last QueueNotify
  reg [NUM_QUEUES-1:0]    notify_q;       // q_notify pulses
  reg [4:0]               page_log2_q;    // legacy GuestPageSize
  reg                     page_ok_q;      // ... is a power of 2
  // Queues
  reg [NUM_QUEUES-1:0]    q_ready_q;
  reg [NUM_QUEUES-1:0]    q_reset_q;
  reg [NUM_QUEUES*16-1:0] q_size_q;
  reg [NUM_QUEUES*64-1:0] q_desc_q;
  reg [NUM_QUEUES*64-1:0] q_avail_q;
  reg [NUM_QUEUES*64-1:0] q_used_q;
  reg [NUM_QUEUES*32-1:0] q_pfn_q;        // legacy QueuePFN
  reg [NUM_QUEUES*5-1:0]  q_align_q;      // legacy log2 QueueAlign
  reg [NUM_QUEUES-1:0]    q_align_ok_q;   // ... is a power of 2
  // Read data
  reg [31:0]              rd_data_q;      // register read data
  reg                     rd_cfg_q;       // last read was config

  // ---------------------------------------------------------------------------
  // Decode
  // ---------------------------------------------------------------------------
  // Writes below 0x100 must be aligned 32-bit accesses (M11); the case labels
  // are aligned, so an unaligned address matches none.
  wire        wr_reg   = reg_wr_en && (reg_wr_strb == 4'hf)
                         && (reg_wr_addr < REG_CONFIG);
  wire        wr_cfg   = reg_wr_en && (reg_wr_addr >= REG_CONFIG)
                         && ({20'd0, reg_wr_addr} < CFG_END);
  wire        rd_cfg   = reg_rd_en && (reg_rd_addr >= REG_CONFIG)
                         && ({20'd0, reg_rd_addr} < CFG_END);
  wire [11:0] wr_cfg_ofs = reg_wr_addr - REG_CONFIG;
  wire [11:0] rd_cfg_ofs = reg_rd_addr - REG_CONFIG;
  wire [31:0] wdata      = reg_wr_data;

  // ---------------------------------------------------------------------------
  // Registers. The next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge rather than with every
  // change of the bus inputs that reach the strobes. Later assignments win:
  // the sections below are in priority order.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    integer     i;
    integer     e;
    reg         sel_any;         // QueueSel names an existing queue
    reg         sel_ready;       // ... which is ready
    reg         sel_reset;       // ... which is being reset
    reg [15:0]  sel_size;        // ... its size
    reg [31:0]  sel_pfn;         // ... its legacy QueuePFN
    reg [4:0]   sel_align;       // ... its legacy log2 QueueAlign
    reg         sel_align_ok;    // ... which is valid
    reg         feat_valid;      // driver features pass the FEATURES_OK checks
    reg [7:0]   status_new;      // Status after a write
    reg [63:0]  leg_desc;        // legacy addresses computed from a PFN write
    reg [63:0]  leg_avail;
    reg [63:0]  leg_used_end;    // avail ring end (before alignment)
    reg [63:0]  leg_align_m1;    // QueueAlign - 1
    reg         leg_start;       // a legacy PFN write starts the queue
    reg [31:0]  rd_value;        // register read value

    if (!rst_n) begin
      status_q      <= 8'd0;
      dev_reset_q   <= 1'b0;
      int_q         <= 2'd0;
      gen_q         <= 32'd0;
      dfsel_q       <= FSEL_LOW;
      drsel_q       <= FSEL_LOW;
      drv_feat_q    <= 64'd0;
      qsel_q        <= {{(NUM_QUEUES-1){1'b0}}, 1'b1};
      notify_data_q <= 32'd0;
      notify_q      <= {NUM_QUEUES{1'b0}};
      page_log2_q   <= LOG2_4096;
      page_ok_q     <= 1'b1;
      q_ready_q     <= {NUM_QUEUES{1'b0}};
      q_reset_q     <= {NUM_QUEUES{1'b0}};
      q_size_q      <= {NUM_QUEUES{QUEUE_SIZE_RESET}};
      q_desc_q      <= {NUM_QUEUES*64{1'b0}};
      q_avail_q     <= {NUM_QUEUES*64{1'b0}};
      q_used_q      <= {NUM_QUEUES*64{1'b0}};
      q_pfn_q       <= {NUM_QUEUES*32{1'b0}};
      q_align_q     <= {NUM_QUEUES{LOG2_4096}};
      q_align_ok_q  <= {NUM_QUEUES{1'b1}};
      rd_data_q     <= 32'd0;
      rd_cfg_q      <= 1'b0;
    end else begin
      // Pulses are low unless set below; everything else holds.
      notify_q      <= {NUM_QUEUES{1'b0}};
      rd_cfg_q      <= 1'b0;

      // ---- the selected queue (every cycle: a value kept from an earlier
      // cycle would be a register in synthesis) ----
      sel_any      = |qsel_q;
      sel_ready    = |(qsel_q & q_ready_q);
      sel_reset    = |(qsel_q & q_reset_q);
      sel_size     = 16'd0;
      sel_pfn      = 32'd0;
      sel_align    = 5'd0;
      sel_align_ok = 1'b0;
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        if (qsel_q[i]) begin
          sel_size     = q_size_q[16*i +: 16];
          sel_pfn      = q_pfn_q[32*i +: 32];
          sel_align    = q_align_q[5*i +: 5];
          sel_align_ok = q_align_ok_q[i];
        end
      end

      // ---- register writes ----
      if (wr_reg) begin
        // ---- FEATURES_OK checks (S9, 2.2.2; 3.1.1 step 5) ----
        feat_valid = ((drv_feat_q & ~OFFERED) == 64'd0)
                     && drv_feat_q[F_VERSION_1];
        for (e = 0; e < NUM_DEPS; e = e + 1) begin
          if (FEATURE_DEPS[16*e+DEP_VALID]
              && drv_feat_q[FEATURE_DEPS[16*e+DEP_A_LSB +: 6]]
              && !drv_feat_q[FEATURE_DEPS[16*e+DEP_B_LSB +: 6]]) begin
            feat_valid = 1'b0;
          end
        end

        // ---- Status write value ----
        status_new = wdata[7:0];
        status_new[STATUS_NEEDS_RESET] = status_q[STATUS_NEEDS_RESET];
        if (!IS_LEGACY && status_new[STATUS_FEATURES_OK]
            && !status_q[STATUS_FEATURES_OK] && !feat_valid) begin
          status_new[STATUS_FEATURES_OK] = 1'b0;
        end
        // 3.1.1: DRIVER_OK comes after FEATURES_OK; a version-2 device runs
        // only with features negotiated, so DRIVER_OK without FEATURES_OK is
        // refused (reads back clear, no queue is served).
        if (!IS_LEGACY && !status_new[STATUS_FEATURES_OK]) begin
          status_new[STATUS_DRIVER_OK] = 1'b0;
        end

        // ---- legacy queue layout (2.7.2): desc | avail | pad | used ----
        leg_desc     = {32'd0, wdata} << page_log2_q;
        leg_avail    = leg_desc + ({48'd0, sel_size} << 4);
        leg_used_end = leg_avail + 64'd6 + ({48'd0, sel_size} << 1);
        leg_align_m1 = (ONE64 << sel_align) - ONE64;
        leg_start    = (wdata != 32'd0) && !sel_ready && page_ok_q
                       && sel_align_ok && size_ok(sel_size);

        case (reg_wr_addr)
          REG_DEVICE_FEATURES_SEL: dfsel_q <= feat_sel(wdata);
          REG_DRIVER_FEATURES: begin
            if (IS_LEGACY || !status_q[STATUS_FEATURES_OK]) begin
              if (drsel_q == FSEL_LOW)  drv_feat_q[31:0]  <= wdata;
              if (drsel_q == FSEL_HIGH) drv_feat_q[63:32] <= wdata;
            end
          end
          REG_DRIVER_FEATURES_SEL: drsel_q <= feat_sel(wdata);
          REG_GUEST_PAGE_SIZE: begin
            if (IS_LEGACY) begin
              page_log2_q <= log2_32(wdata);
              page_ok_q   <= is_pow2(wdata);
            end
          end
          REG_QUEUE_SEL: begin
            for (i = 0; i < NUM_QUEUES; i = i + 1) qsel_q[i] <= (wdata == i);
          end
          REG_QUEUE_NUM: begin
            if (!sel_ready && !sel_reset) begin
              for (i = 0; i < NUM_QUEUES; i = i + 1) begin
                if (qsel_q[i]) q_size_q[16*i +: 16] <= (wdata[31:16] == 16'd0)
                                                       ? wdata[15:0] : 16'd0;
              end
            end
          end
          REG_QUEUE_ALIGN: begin
            if (IS_LEGACY && !sel_ready) begin
              for (i = 0; i < NUM_QUEUES; i = i + 1) begin
                if (qsel_q[i]) begin
                  q_align_q[5*i +: 5] <= log2_32(wdata);
                  q_align_ok_q[i]     <= is_pow2(wdata);
                end
              end
            end
          end
          REG_QUEUE_PFN: begin
            if (IS_LEGACY) begin
              for (i = 0; i < NUM_QUEUES; i = i + 1) begin
                if (qsel_q[i]) begin
                  if (wdata == 32'd0) begin
                    q_ready_q[i]          <= 1'b0;
                    q_pfn_q[32*i +: 32]   <= 32'd0;
                  end else if (leg_start) begin
                    q_ready_q[i]          <= 1'b1;
                    q_pfn_q[32*i +: 32]   <= wdata;
                    q_desc_q[64*i +: 64]  <= leg_desc;
                    q_avail_q[64*i +: 64] <= leg_avail;
                    q_used_q[64*i +: 64]  <= (leg_used_end + leg_align_m1)
                                             & ~leg_align_m1;
                  end
                end
              end
            end
          end
          REG_QUEUE_READY: begin
            if (!IS_LEGACY && !sel_reset) begin
              for (i = 0; i < NUM_QUEUES; i = i + 1) begin
                if (qsel_q[i]) q_ready_q[i] <= wdata[0] && size_ok(sel_size);
              end
            end
          end
          REG_QUEUE_NOTIFY: begin
            notify_data_q <= wdata;
            for (i = 0; i < NUM_QUEUES; i = i + 1) begin
              notify_q[i] <= ({16'd0, wdata[15:0]} == i) && q_ready_q[i];
            end
          end
          REG_INTERRUPT_ACK: int_q <= int_q & ~wdata[1:0];
          REG_STATUS: begin
            if (wdata[7:0] == 8'd0) dev_reset_q <= 1'b1;  // 2.4: writing 0 resets
            else                    status_q    <= status_new;
          end
          REG_QUEUE_DESC_LOW, REG_QUEUE_DESC_HIGH,
          REG_QUEUE_AVAIL_LOW, REG_QUEUE_AVAIL_HIGH,
          REG_QUEUE_USED_LOW, REG_QUEUE_USED_HIGH: begin
            if (!IS_LEGACY && !sel_ready && !sel_reset) begin
              for (i = 0; i < NUM_QUEUES; i = i + 1) begin
                if (qsel_q[i]) begin
                  case (reg_wr_addr)
                    REG_QUEUE_DESC_LOW:   q_desc_q[64*i +: 32]       <= wdata;
                    REG_QUEUE_DESC_HIGH:  q_desc_q[64*i + 32 +: 32]  <= wdata;
                    REG_QUEUE_AVAIL_LOW:  q_avail_q[64*i +: 32]      <= wdata;
                    REG_QUEUE_AVAIL_HIGH: q_avail_q[64*i + 32 +: 32] <= wdata;
                    REG_QUEUE_USED_LOW:   q_used_q[64*i +: 32]       <= wdata;
                    default:              q_used_q[64*i + 32 +: 32]  <= wdata;
                  endcase
                end
              end
            end
          end
          REG_QUEUE_RESET: begin
            if (HAS_QRESET && wdata[0]) begin
              for (i = 0; i < NUM_QUEUES; i = i + 1) begin
                if (qsel_q[i]) begin
                  q_reset_q[i] <= 1'b1;
                  q_ready_q[i] <= 1'b0;
                end
              end
            end
          end
          default: begin
            // Read-only, unknown or absent register (SHMSel has no state:
            // there are no shared memory regions): ignored.
          end
        endcase
      end

      // ---- queue reset completion (2.6.1) ----
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        if (q_reset_q[i] && q_reset_done[i]) begin
          q_reset_q[i]          <= 1'b0;
          q_ready_q[i]          <= 1'b0;
          q_size_q[16*i +: 16]  <= QUEUE_SIZE_RESET;
          q_desc_q[64*i +: 64]  <= 64'd0;
          q_avail_q[64*i +: 64] <= 64'd0;
          q_used_q[64*i +: 64]  <= 64'd0;
        end
      end

      // ---- events ----
      if (!dev_reset_q) begin
        if (needs_reset) begin
          status_q[STATUS_NEEDS_RESET] <= 1'b1;  // S6 (2.1.2)
          if (status_q[STATUS_DRIVER_OK]) int_q[INTERRUPT_STATUS_CONFIG] <= 1'b1;
        end
        // 2.1.2: no used buffer notification before DRIVER_OK (S2, S4).
        // Legacy drivers may use the device before DRIVER_OK (3.1.2): not
        // gated.
        if (used_irq && (IS_LEGACY || status_q[STATUS_DRIVER_OK])) begin
          int_q[INTERRUPT_STATUS_VRING] <= 1'b1;
        end
        if (cfg_change && status_q[STATUS_DRIVER_OK]) begin
          int_q[INTERRUPT_STATUS_CONFIG] <= 1'b1;  // S13 (3.2.1)
        end
      end
      if (cfg_change) gen_q <= gen_q + 32'd1;    // S12 (4.2.2.1, 2.5.1)

      // ---- device reset completion (2.4, 4.2.2.1) ----
      if (dev_reset_q && dev_idle) begin
        status_q      <= 8'd0;
        dev_reset_q   <= 1'b0;
        int_q         <= 2'd0;
        dfsel_q       <= FSEL_LOW;
        drsel_q       <= FSEL_LOW;
        drv_feat_q    <= 64'd0;
        qsel_q        <= {{(NUM_QUEUES-1){1'b0}}, 1'b1};
        notify_data_q <= 32'd0;
        notify_q      <= {NUM_QUEUES{1'b0}};
        q_ready_q     <= {NUM_QUEUES{1'b0}};
        q_reset_q     <= {NUM_QUEUES{1'b0}};
        q_size_q      <= {NUM_QUEUES{QUEUE_SIZE_RESET}};
        q_desc_q      <= {NUM_QUEUES*64{1'b0}};
        q_avail_q     <= {NUM_QUEUES*64{1'b0}};
        q_used_q      <= {NUM_QUEUES*64{1'b0}};
        q_pfn_q       <= {NUM_QUEUES*32{1'b0}};
        q_align_q     <= {NUM_QUEUES{LOG2_4096}};
        q_align_ok_q  <= {NUM_QUEUES{1'b1}};
      end

      // ---- register reads: a read returns the state before this cycle ----
      if (reg_rd_en) begin
        rd_value = 32'd0;
        case (reg_rd_addr)
          REG_MAGIC_VALUE:      rd_value = MAGIC;
          REG_VERSION:          rd_value = IS_LEGACY ? VERSION_LEGACY : VERSION_MODERN;
          REG_DEVICE_ID:        rd_value = DEVICE_ID;
          REG_VENDOR_ID:        rd_value = VENDOR_ID;
          REG_DEVICE_FEATURES:  rd_value = feat_word(OFFERED, dfsel_q);
          REG_QUEUE_NUM_MAX:    rd_value = sel_any ? QUEUE_SIZE_MAX : 32'd0;  // M5
          REG_QUEUE_PFN:        rd_value = IS_LEGACY ? sel_pfn : 32'd0;
          REG_QUEUE_READY:      rd_value = {31'd0, !IS_LEGACY && sel_ready};
          REG_INTERRUPT_STATUS: rd_value = {30'd0, int_q};
          REG_STATUS:           rd_value = {24'd0, status_q};
          REG_SHM_LEN_LOW, REG_SHM_LEN_HIGH,
          REG_SHM_BASE_LOW, REG_SHM_BASE_HIGH:
                                rd_value = IS_LEGACY ? 32'd0 : ALL_ONES;      // M8
          REG_QUEUE_RESET:      rd_value = {31'd0, HAS_QRESET && sel_reset};
          REG_CONFIG_GENERATION: rd_value = IS_LEGACY ? 32'd0 : gen_q;
          default:              rd_value = 32'd0;  // W-only, unknown, or config
        endcase
        rd_data_q <= rd_value;
        rd_cfg_q  <= rd_cfg;
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign reg_wr_resp = RESP_OKAY;
  assign reg_rd_data = rd_cfg_q ? cfg_rdata : rd_data_q;
  assign reg_rd_resp = RESP_OKAY;
  assign reg_stall   = dev_reset_q;

  assign q_ready     = q_ready_q;
  assign q_size      = q_size_q;
  assign q_desc      = q_desc_q;
  assign q_avail     = q_avail_q;
  assign q_used      = q_used_q;
  assign q_notify    = notify_q;
  assign notify_data = notify_data_q;
  assign q_reset_req = q_reset_q;

  assign driver_features = drv_feat_q;
  assign driver_ok       = status_q[STATUS_DRIVER_OK];
  assign dev_reset_req   = dev_reset_q;

  assign cfg_wr_en   = wr_cfg;
  assign cfg_wr_addr = {wr_cfg_ofs[11:2], 2'b00};
  assign cfg_wdata   = reg_wr_data;
  assign cfg_wstrb   = reg_wr_strb;
  assign cfg_rd_en   = rd_cfg;
  assign cfg_rd_addr = {rd_cfg_ofs[11:2], 2'b00};

  assign irq = |int_q;

  // The low address bits of config accesses are carried by the strobes.
  wire unused_ok = &{1'b0, wr_cfg_ofs[1:0], rd_cfg_ofs[1:0], 1'b0};

  // ---------------------------------------------------------------------------
  // Formal properties (formal/vio_mmio_regs.sby, docs/formal.md): read only
  // by a proof of this module alone, which defines FORMAL_VIO_MMIO_REGS.
  // Version 2 and legacy (LEGACY). The register side and the engine /
  // device-function inputs
  // are free, except that no access is strobed while reg_stall is high (the
  // front end's contract, asserted in vio_axil_slave's proof). Each register
  // is checked against its documented next value: a write takes effect, or
  // is one of the ignored cases (module header, CONFORMANCE "Register
  // misuse"), and nothing else changes it. Ghost registers hold the last
  // value written to each selector; reads are checked against them.
  // ---------------------------------------------------------------------------
`ifdef FORMAL_VIO_MMIO_REGS
  localparam [15:0] F_QSM  = QUEUE_SIZE_MAX32[15:0];
  localparam        F_LEG  = (LEGACY != 0);                          // version 1
  localparam        F_QRST = (LEGACY == 0) && (OFFER_RING_RESET != 0); // QueueReset
  // the offered set, from the parameters (S8, S10; legacy: ANY_LAYOUT)
  localparam [63:0] F_OFFERED = DEVICE_FEATURES
      | (F_LEG ? (ONE64 << 27) : ((ONE64 << 32) | (ONE64 << 33) | (ONE64 << 36)))
      | ((OFFER_INDIRECT != 0)  ? (ONE64 << 28) : 64'd0)
      | ((OFFER_EVENT_IDX != 0) ? (ONE64 << 29) : 64'd0)
      | (F_QRST                 ? (ONE64 << 40) : 64'd0);

  /// A power of two (legacy GuestPageSize, QueueAlign).
  function f_pow2(input [31:0] v);
    begin
      f_pow2 = (v != 32'd0) && ((v & (v - 32'd1)) == 32'd0);
    end
  endfunction

  /// A usable queue size: a power of two, 1 .. QUEUE_SIZE_MAX.
  function f_size_ok(input [15:0] s);
    begin
      f_size_ok = (s != 16'd0) && ((s & (s - 16'd1)) == 16'd0) && (s <= F_QSM);
    end
  endfunction

  /// A valid driver feature set (S9, 3.1.1): offered bits only, VERSION_1,
  /// every FEATURE_DEPS entry honoured.
  function f_feat_ok(input [63:0] d);
    integer k;
    begin
      f_feat_ok = ((d & ~F_OFFERED) == 64'd0) && d[32];
      for (k = 0; k < 8; k = k + 1)
        if (FEATURE_DEPS[16*k+15] && d[FEATURE_DEPS[16*k+8 +: 6]]
            && !d[FEATURE_DEPS[16*k +: 6]])
          f_feat_ok = 1'b0;
    end
  endfunction

  reg f_past_valid = 1'b0;
  always @(posedge clk) f_past_valid <= 1'b1;

  // ---- environment ----
  always @(*) begin
    if (!f_past_valid) assume (!rst_n);
    // the front end strobes nothing while reg_stall is high
    if (rst_n && reg_stall) assume (!reg_wr_en && !reg_rd_en);
  end

  // ---- this cycle's access and events ----
  wire        f_wr   = rst_n && reg_wr_en && (reg_wr_strb == 4'hf);
  wire [11:0] f_wa   = reg_wr_addr;
  wire [31:0] f_wd   = reg_wr_data;
  wire        f_done = rst_n && dev_reset_q && dev_idle;   // device reset completes
  wire        f_ev   = rst_n && !dev_reset_q;              // events taken
  wire        f_cfg_w = reg_wr_en && (reg_wr_addr >= 12'h100)
                        && ({20'd0, reg_wr_addr} < 32'h100 + CFG_SIZE);
  wire        f_cfg_r = reg_rd_en && (reg_rd_addr >= 12'h100)
                        && ({20'd0, reg_rd_addr} < 32'h100 + CFG_SIZE);

  // ---- ghosts: the last value written to each selector ----
  reg [31:0] f_dfsel, f_drsel, f_qsel;
  always @(posedge clk) begin
    if (!rst_n || f_done) begin
      f_dfsel <= 32'd0;
      f_drsel <= 32'd0;
      f_qsel  <= 32'd0;
    end else if (f_wr) begin
      if (f_wa == 12'h014) f_dfsel <= f_wd;
      if (f_wa == 12'h024) f_drsel <= f_wd;
      if (f_wa == 12'h030) f_qsel  <= f_wd;
    end
  end
  wire f_qsel_any = (f_qsel < NUM_QUEUES);
  // legacy: the last GuestPageSize (kept over a device reset) and each
  // queue's last QueueAlign (ignored while the queue is in use)
  reg [31:0]              f_page;
  reg [NUM_QUEUES*32-1:0] f_align;
  always @(posedge clk) begin : p_f_legacy
    integer i;
    if (!rst_n) f_page <= 32'd4096;
    else if (F_LEG && f_wr && f_wa == 12'h028) f_page <= f_wd;
    for (i = 0; i < NUM_QUEUES; i = i + 1) begin
      if (!rst_n || f_done) f_align[32*i +: 32] <= 32'd4096;
      else if (F_LEG && f_wr && f_wa == 12'h03c && f_qsel == i && !q_ready[i])
        f_align[32*i +: 32] <= f_wd;
    end
  end

  // ---- the documented next value of every register ----
  reg [7:0]  f_x_status;
  reg        f_x_reset;
  reg [1:0]  f_x_int;
  reg [31:0] f_x_gen;
  reg [63:0] f_x_drv;
  reg [31:0] f_x_ndata;
  reg [NUM_QUEUES-1:0]    f_x_notify, f_x_ready, f_x_qreset;
  reg [NUM_QUEUES*16-1:0] f_x_size;
  reg [NUM_QUEUES*64-1:0] f_x_desc, f_x_avail, f_x_used;
  reg [NUM_QUEUES*32-1:0] f_x_pfn;
  reg [31:0] f_x_rd;                // the value a read strobed now must return
  reg        f_x_rd_cfg;            // ... or the config space's answer
  reg        f_x_rd_en;

  always @(posedge clk) begin : p_f_next
    integer i;
    reg [7:0]  st;
    reg [31:0] rv;
    reg [31:0] pfn;
    reg [63:0] desc, avail, am1;
    // Status [2.1]: a write of bits 7:0 != 0 stores them, except NEEDS_RESET
    // (device only), FEATURES_OK only for a valid feature set unless already
    // set (S9), DRIVER_OK only with FEATURES_OK (version 2; legacy: as
    // written); writing 0 starts a reset.
    st = status_q;
    if (f_wr && f_wa == 12'h070 && f_wd[7:0] != 8'd0) begin
      st = f_wd[7:0];
      st[6] = status_q[6];
      if (!F_LEG) begin
        st[3] = f_wd[3] && (status_q[3] || f_feat_ok(drv_feat_q));
        st[2] = f_wd[2] && st[3];
      end
    end
    if (f_ev && needs_reset) st[6] = 1'b1;    // S6
    f_x_status <= f_done ? 8'd0 : st;
    f_x_reset  <= !f_done && (dev_reset_q || (f_wr && f_wa == 12'h070
                                              && f_wd[7:0] == 8'd0));
    // InterruptStatus [4.2.2.1]: ACK clears the bits written 1, an event
    // (taken outside a reset, with DRIVER_OK; legacy used_irq without) sets
    // its bit and wins.
    f_x_int[0] <= !f_done && ((int_q[0] && !(f_wr && f_wa == 12'h064 && f_wd[0]))
                              || (f_ev && used_irq && (F_LEG || status_q[2])));
    f_x_int[1] <= !f_done && ((int_q[1] && !(f_wr && f_wa == 12'h064 && f_wd[1]))
                              || (f_ev && (needs_reset || cfg_change) && status_q[2]));
    // ConfigGeneration counts configuration changes (S12), never reset.
    f_x_gen <= gen_q + {31'd0, cfg_change};
    // DriverFeatures: the word DriverFeaturesSel names, ignored while
    // FEATURES_OK is set (version 2).
    f_x_drv <= driver_features;
    if (f_wr && f_wa == 12'h020 && (F_LEG || !status_q[3])) begin
      if (f_drsel == 32'd0) f_x_drv[31:0]  <= f_wd;
      if (f_drsel == 32'd1) f_x_drv[63:32] <= f_wd;
    end
    if (f_done) f_x_drv <= 64'd0;
    // QueueNotify [4.2.3.3]
    f_x_ndata <= f_done ? 32'd0 : (f_wr && f_wa == 12'h050) ? f_wd : notify_data;
    for (i = 0; i < NUM_QUEUES; i = i + 1) begin
      f_x_notify[i] <= f_wr && f_wa == 12'h050 && f_wd[15:0] == i && q_ready[i];
      // the queue registers of queue i
      f_x_ready[i]  <= q_ready[i];
      f_x_qreset[i] <= q_reset_req[i];
      f_x_size[16*i +: 16]  <= q_size[16*i +: 16];
      f_x_desc[64*i +: 64]  <= q_desc[64*i +: 64];
      f_x_avail[64*i +: 64] <= q_avail[64*i +: 64];
      f_x_used[64*i +: 64]  <= q_used[64*i +: 64];
      f_x_pfn[32*i +: 32]   <= q_pfn_q[32*i +: 32];
      if (f_wr && f_qsel == i) begin
        // QueueReady: 1 enables only with a valid QueueNum; ignored while
        // the queue is being reset (version 2)
        if (!F_LEG && f_wa == 12'h044 && !q_reset_req[i])
          f_x_ready[i] <= f_wd[0] && f_size_ok(q_size[16*i +: 16]);
        // QueueReset (RING_RESET): 1 starts the queue's reset, QueueReady 0
        if (F_QRST && f_wa == 12'h0c0 && f_wd[0]) begin
          f_x_ready[i]  <= 1'b0;
          f_x_qreset[i] <= 1'b1;
        end
        // QueueNum: ignored while ready or being reset
        if (f_wa == 12'h038 && !q_ready[i] && !q_reset_req[i])
          f_x_size[16*i +: 16] <= (f_wd[31:16] == 16'd0) ? f_wd[15:0] : 16'd0;
        // legacy QueuePFN [4.2.4, 2.7.2]: 0 stops the queue; a non-zero
        // value starts a queue not in use, with the split-ring layout, when
        // GuestPageSize, QueueAlign and QueueNum are valid
        if (F_LEG && f_wa == 12'h040) begin
          // PFN * GuestPageSize (a power of two: 1 << page_log2_q, as the
          // ghost invariant below checks)
          desc  = {32'd0, f_wd} << page_log2_q;
          avail = desc + ({48'd0, q_size[16*i +: 16]} << 4);
          am1   = {32'd0, f_align[32*i +: 32]} - 64'd1;
          if (f_wd == 32'd0) begin
            f_x_ready[i]        <= 1'b0;
            f_x_pfn[32*i +: 32] <= 32'd0;
          end else if (!q_ready[i] && f_pow2(f_page) && f_pow2(f_align[32*i +: 32])
                       && f_size_ok(q_size[16*i +: 16])) begin
            f_x_ready[i]          <= 1'b1;
            f_x_pfn[32*i +: 32]   <= f_wd;
            f_x_desc[64*i +: 64]  <= desc;
            f_x_avail[64*i +: 64] <= avail;
            f_x_used[64*i +: 64]  <= (avail + 64'd6 + ({48'd0, q_size[16*i +: 16]} << 1)
                                      + am1) & ~am1;
          end
        end
        // the addresses (version 2): ignored while ready or being reset
        if (!F_LEG && !q_ready[i] && !q_reset_req[i]) begin
          case (f_wa)
            12'h080: f_x_desc[64*i +: 32]       <= f_wd;
            12'h084: f_x_desc[64*i + 32 +: 32]  <= f_wd;
            12'h090: f_x_avail[64*i +: 32]      <= f_wd;
            12'h094: f_x_avail[64*i + 32 +: 32] <= f_wd;
            12'h0a0: f_x_used[64*i +: 32]       <= f_wd;
            12'h0a4: f_x_used[64*i + 32 +: 32]  <= f_wd;
            default: ;
          endcase
        end
      end
      // a queue reset completes when the engine reports it done [2.6.1],
      // a device reset resets every queue [4.2.2.1]
      if ((q_reset_req[i] && q_reset_done[i]) || f_done) begin
        f_x_ready[i]  <= 1'b0;
        f_x_qreset[i] <= 1'b0;
        f_x_size[16*i +: 16]  <= F_QSM;
        f_x_desc[64*i +: 64]  <= 64'd0;
        f_x_avail[64*i +: 64] <= 64'd0;
        f_x_used[64*i +: 64]  <= 64'd0;
      end
      if (f_done) f_x_pfn[32*i +: 32] <= 32'd0;
    end
    // reads [4.2.2]: the state before this cycle; write-only, unknown and
    // misaligned offsets read 0
    pfn = 32'd0;
    for (i = 0; i < NUM_QUEUES; i = i + 1)
      if (f_qsel == i) pfn = q_pfn_q[32*i +: 32];
    case (reg_rd_addr)
      12'h000: rv = 32'h7472_6976;
      12'h004: rv = F_LEG ? 32'd1 : 32'd2;
      12'h008: rv = DEVICE_ID;
      12'h00c: rv = VENDOR_ID;
      12'h010: rv = (f_dfsel == 32'd0) ? F_OFFERED[31:0]
                  : (f_dfsel == 32'd1) ? F_OFFERED[63:32] : 32'd0;
      12'h034: rv = f_qsel_any ? QUEUE_SIZE_MAX32 : 32'd0;
      12'h040: rv = F_LEG ? pfn : 32'd0;
      12'h044: rv = {31'd0, !F_LEG && f_qsel_any && q_ready[f_qsel[5:0]]};
      12'h060: rv = {30'd0, int_q};
      12'h070: rv = {24'd0, status_q};
      12'h0b0, 12'h0b4, 12'h0b8, 12'h0bc: rv = F_LEG ? 32'd0 : 32'hffff_ffff;
      12'h0c0: rv = {31'd0, F_QRST && f_qsel_any && q_reset_req[f_qsel[5:0]]};
      12'h0fc: rv = F_LEG ? 32'd0 : gen_q;
      default: rv = 32'd0;
    endcase
    f_x_rd     <= rv;
    f_x_rd_cfg <= f_cfg_r;
    f_x_rd_en  <= rst_n && reg_rd_en;
    // rst_n: the reset values
    if (!rst_n) begin
      f_x_status <= 8'd0;
      f_x_reset  <= 1'b0;
      f_x_int    <= 2'd0;
      f_x_gen    <= 32'd0;
      f_x_drv    <= 64'd0;
      f_x_ndata  <= 32'd0;
      f_x_ready  <= {NUM_QUEUES{1'b0}};
      f_x_qreset <= {NUM_QUEUES{1'b0}};
      f_x_size   <= {NUM_QUEUES{F_QSM}};
      f_x_desc   <= {NUM_QUEUES*64{1'b0}};
      f_x_avail  <= {NUM_QUEUES*64{1'b0}};
      f_x_used   <= {NUM_QUEUES*64{1'b0}};
      f_x_pfn    <= {NUM_QUEUES*32{1'b0}};
    end
  end

  // ---- stall bookkeeping: a device reset in progress ----
  reg       f_stall_prev = 1'b0;  // reg_stall in the last cycle (out of reset)
  reg       f_wr_prev = 1'b0;     // reg_wr_en in the last cycle
  reg       f_done_prev = 1'b0;   // a device reset completed in the last cycle
  reg [2:0] f_stall_run = 3'd0;   // cycles reg_stall was high before this one
  reg [2:0] f_busy_run = 3'd0;    // ... with dev_idle low (both saturate at 7)
  always @(posedge clk) begin
    f_stall_prev <= rst_n && reg_stall;
    f_wr_prev    <= rst_n && reg_wr_en;
    f_done_prev  <= f_done;
    f_stall_run  <= !(rst_n && reg_stall) ? 3'd0
                    : (f_stall_run == 3'd7) ? 3'd7 : f_stall_run + 3'd1;
    f_busy_run   <= !(rst_n && reg_stall && !dev_idle) ? 3'd0
                    : (f_busy_run == 3'd7) ? 3'd7 : f_busy_run + 3'd1;
  end

  always @(*) begin
    if (f_past_valid) begin
      // ---- responses: always OKAY ----
      assert (reg_wr_resp == 2'b00);
      assert (reg_rd_resp == 2'b00);

      // ---- device reset [2.4, 4.2.2.1] (S1) ----
      // reg_stall is exactly a device reset in progress
      assert (reg_stall == dev_reset_req);
      // a Status write of 0 starts a reset (also when Status reads 0); it
      // ends in the first cycle the engine is idle, and only then; rst_n
      // ends it too
      assert (dev_reset_req == f_x_reset);
      // reg_stall rises only in the cycle after a write (vio_axil_slave's
      // assumption about the register side)
      if (reg_stall && !f_stall_prev) assert (f_wr_prev);
      // the reset waits for the engine alone: every stall cycle before
      // this one had dev_idle low (an engine idle within N cycles of
      // dev_reset_req gives a stall of at most N + 1 cycles; N = 2 is
      // vio_axil_slave's assumed bound of 3)
      if (reg_stall) assert (f_stall_run == f_busy_run);
      // no access sees pre-reset state: in the first cycle after a device
      // reset everything is at its reset value (and no access came during
      // it, the front end's contract); events of the reset cycle are dropped
      if (f_done_prev) begin
        assert (!reg_stall && status_q == 8'd0 && int_q == 2'd0 && !irq);
        assert (driver_features == 64'd0 && notify_data == 32'd0);
        assert (f_dfsel == 32'd0 && f_drsel == 32'd0 && f_qsel == 32'd0);
        assert (q_ready == {NUM_QUEUES{1'b0}} && q_reset_req == {NUM_QUEUES{1'b0}}
                && q_notify == {NUM_QUEUES{1'b0}});
        assert (q_size == {NUM_QUEUES{F_QSM}} && q_desc == {NUM_QUEUES*64{1'b0}}
                && q_avail == {NUM_QUEUES*64{1'b0}} && q_used == {NUM_QUEUES*64{1'b0}});
      end

      // ---- the documented next value of each register: every write takes
      // effect or is an ignored case, and nothing else changes it (rst_n:
      // the reset values) ----
      begin
        // Status [2.1, 3.1.1]: see f_x_status (S6, S9; NEEDS_RESET kept
        // until a device reset, FEATURES_OK only for a valid set)
        assert (status_q == f_x_status);
        // InterruptStatus [4.2.2.1] (M3): set by events, cleared by ACK
        assert (int_q == f_x_int);
        // ConfigGeneration (S12)
        assert (gen_q == f_x_gen);
        // DriverFeatures [3.1.1]: frozen while FEATURES_OK is set
        assert (driver_features == f_x_drv);
        // QueueNotify [4.2.3.3]: the value written, a pulse for a ready queue
        assert (notify_data == f_x_ndata);
        assert (q_notify == f_x_notify);
        // QueueReady, QueueReset, QueueNum, the queue addresses [4.2.2]
        assert (q_ready == f_x_ready);
        assert (q_reset_req == f_x_qreset);
        assert (q_size == f_x_size);
        assert (q_desc == f_x_desc);
        assert (q_avail == f_x_avail);
        assert (q_used == f_x_used);
        // legacy QueuePFN
        if (F_LEG) assert (q_pfn_q == f_x_pfn);
        // a read returns the register's value before its cycle (M1, M2, M5,
        // M6, M8, M3, ...); a config read the device function's answer
        if (f_x_rd_en) assert (reg_rd_data == (f_x_rd_cfg ? cfg_rdata : f_x_rd));
      end

      // ---- invariants: the issue's properties as they hold in any state ----
      // FEATURES_OK only with a valid driver feature set (S9; version 2)
      if (!F_LEG && status_q[3]) assert (f_feat_ok(driver_features));
      // DRIVER_OK only with FEATURES_OK (3.1.1; version 2)
      if (!F_LEG) assert (!driver_ok || status_q[3]);
      assert (driver_ok == status_q[2]);
      // irq = (InterruptStatus != 0)
      assert (irq == (int_q != 2'd0));
      // no QueueReset without RING_RESET (never in legacy)
      if (!F_QRST) assert (q_reset_req == {NUM_QUEUES{1'b0}});
      // legacy: the GuestPageSize ghost against the state
      if (F_LEG) begin
        assert (page_ok_q == f_pow2(f_page));
        if (page_ok_q) assert ((32'd1 << page_log2_q) == f_page);
      end

      // ---- configuration space (M9): forwarded in the access's cycle ----
      assert (cfg_wr_en == f_cfg_w);
      if (cfg_wr_en)
        assert (cfg_wr_addr == ((reg_wr_addr - 12'h100) & 12'hffc)
                && cfg_wdata == reg_wr_data && cfg_wstrb == reg_wr_strb);
      assert (cfg_rd_en == f_cfg_r);
      if (cfg_rd_en) assert (cfg_rd_addr == ((reg_rd_addr - 12'h100) & 12'hffc));

      // ---- the ghosts against the state (what induction needs) ----
      assert (dfsel_q == ((f_dfsel == 32'd0) ? FSEL_LOW
                          : (f_dfsel == 32'd1) ? FSEL_HIGH : FSEL_NONE));
      assert (drsel_q == ((f_drsel == 32'd0) ? FSEL_LOW
                          : (f_drsel == 32'd1) ? FSEL_HIGH : FSEL_NONE));
    end
  end

  for (gi = 0; gi < NUM_QUEUES; gi = gi + 1) begin : g_f_queue
    always @(*) begin
      if (f_past_valid) begin
        // QueueReady only with a valid QueueNum [4.2.2]; a queue being
        // reset is not ready [2.6.1]
        if (q_ready[gi]) assert (f_size_ok(q_size[16*gi +: 16]));
        if (q_reset_req[gi]) assert (!q_ready[gi]);
        // ghost: QueueSel one-hot of the value written
        assert (qsel_q[gi] == (f_qsel == gi));
        if (F_LEG) begin
          // legacy: a queue is in use exactly while its QueuePFN is not 0
          assert (q_ready[gi] == (q_pfn_q[32*gi +: 32] != 32'd0));
          // the QueueAlign ghost against the state
          assert (q_align_ok_q[gi] == f_pow2(f_align[32*gi +: 32]));
          if (q_align_ok_q[gi])
            assert ((32'd1 << q_align_q[5*gi +: 5]) == f_align[32*gi +: 32]);
        end
      end
    end
  end

  // ---- covers ----
  reg f_nr_seen = 1'b0;      // NEEDS_RESET was set since rst_n
  reg f_int_seen = 1'b0;     // an interrupt was raised since rst_n
  always @(posedge clk) begin
    f_nr_seen  <= rst_n && (f_nr_seen || status_q[6]);
    f_int_seen <= rst_n && (f_int_seen || irq);
  end
  always @(posedge clk) begin
    if (f_past_valid && rst_n && $past(rst_n)) begin
      // a write in the first cycle after a device reset (one held meanwhile)
      cover ($past(reg_stall) && !reg_stall && reg_wr_en);
      // a device reset started while Status reads 0
      cover ($past(reg_wr_en && reg_wr_addr == 12'h070 && reg_wr_data == 0
                   && status_q == 0) && reg_stall);
      // a device reset that waited 2 cycles for the engine
      cover ($past(reg_stall, 3) && $past(reg_stall, 2) && $past(reg_stall) && !reg_stall);
      // DRIVER_OK set
      cover (driver_ok);
      // NEEDS_RESET raised, then cleared by a device reset
      cover (f_nr_seen && !status_q[6]);
      // queue 1 enabled (QueueReady; legacy QueuePFN)
      cover (q_ready[1]);
      // a notification pulse
      cover (q_notify[1]);
      // an interrupt raised and acknowledged
      cover (f_int_seen && !irq && !$past(f_done) && $past(f_wr && f_wa == 12'h064));
      if (!F_LEG) begin
        // FEATURES_OK accepted, with a device feature and its dependency
        cover (status_q[3] && driver_features[0] && driver_features[1]);
        // FEATURES_OK refused: a dependency broken (nothing else wrong), and
        // VERSION_1 missing
        cover ($past(f_wr && f_wa == 12'h070 && f_wd[3]
                     && (driver_features & ~F_OFFERED) == 64'd0 && driver_features[32]
                     && driver_features[1] && !driver_features[0]) && !status_q[3]);
        cover ($past(f_wr && f_wa == 12'h070 && f_wd[3] && !driver_features[32])
               && !status_q[3]);
        // QueueReady refused (an invalid QueueNum)
        cover ($past(f_wr && f_wa == 12'h044 && f_wd[0] && f_qsel == 32'd0)
               && !q_ready[0]);
        // a queue reset completed
        cover ($past(q_reset_req[0]) && !q_reset_req[0] && !$past(dev_reset_q));
      end else begin
        // a queue started by QueuePFN with GuestPageSize and QueueAlign
        // other than 4096
        cover (q_ready[0] && f_page != 32'd4096 && f_align[31:0] != 32'd4096);
        // a QueuePFN write refused (an invalid size or alignment)
        cover ($past(f_wr && f_wa == 12'h040 && f_wd != 32'd0 && f_qsel == 32'd0
                     && !q_ready[0]) && !q_ready[0]);
        // a queue stopped by QueuePFN 0
        cover ($past(q_ready[0]) && !q_ready[0] && !$past(f_done));
      end
      // a read and a write in the same cycle; a config write and read
      cover (reg_wr_en && reg_rd_en);
      cover (cfg_wr_en && cfg_rd_en);
      // a misaligned or narrow write below 0x100 (ignored)
      cover (reg_wr_en && reg_wr_addr == 12'h070 && reg_wr_strb == 4'h1);
    end
  end
`endif

endmodule

`default_nettype wire
