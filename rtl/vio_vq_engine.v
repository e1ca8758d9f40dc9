// SPDX-License-Identifier: MIT
`default_nettype none

`include "vio_axi_ports.vh"

/// Split-virtqueue ring engine: the DMA side of a virtio device. Sits between
/// the register block (vio_mmio_regs), a device function and the memory.
///
///   q_notify ─► vio_vq_walk ──segments──► vio_vq_mover ──► vio_vq_pub
///                 │  chains ─────────────► df_chain_*        │
///                 │ (ctrl rd/wr)     (data rd/wr)     (ctrl rd/wr)
///                 └──────────► 3 read + 3 write DMA ◄────────┘
///                              └─ vio_axi_arb ─► m_axi_*
///
/// Each of the three users has its own read and write DMA (vio_dma_rd /
/// vio_dma_wr) and AXI ID, so a data burst never waits behind a ring access
/// of another user and responses return in order per user. The data read
/// DMA's packed output is the device function's read stream; the device
/// function's write stream feeds the data write DMA directly.
///
/// Device-function interface (docs/device-function.md): open a chain
/// (df_chain_*, from the queues in df_want; up to four open, named by tag
/// and completed in any order by a tagged function, or two open, reads to
/// the newest, writes and completion to the oldest), read its readable part
/// (df_rd_cmd_* then the packed stream df_rd_*), write its writable part
/// (df_wr_cmd_* then df_wr_*), complete it (df_done_*). df_rst pulses when a
/// device reset completes.
///
/// Errors (CONFORMANCE table E, S6): malformed rings, DMA error responses or
/// a replay that disagrees with the scan set a sticky error: needs_reset
/// pulses once, no new bus request is issued from the next cycle on (bursts
/// already requested complete; the rest of every command becomes padding,
/// reads of it are flagged cut, df_rd_cut), and the state stays until the
/// device is reset.
///
/// Reset (2.4, S2): while dev_reset_req is high nothing new starts, in the
/// DMAs either, so the drain is bounded by the bursts in flight; dev_idle
/// rises once every DMA is idle, and in that cycle (srst) the engine, its
/// queues and the device function return to the reset state. Queue reset
/// (M7): q_reset_done rises once nothing of that queue is in flight, and the
/// queue's indices return to zero. A queue that is not ready is never read or
/// written (M4).
module vio_vq_engine #(
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES     = 2,
  /// AXI data width (64, 128 or 256).
  parameter integer DATA_WIDTH     = 64,
  /// AXI ID width at m_axi (>= 3).
  parameter integer ID_WIDTH       = 4,
  /// Segment FIFO entries (a power of two, 4..1024).
  parameter integer SEGS           = 16,
  /// Largest data burst in beats (a power of two, 1..256). Short bursts let
  /// the walker's ring reads pass between them when the memory answers in
  /// order: 16 beats with 4 in flight cover 32 cycles of latency.
  parameter integer MAX_BURST      = 16,
  /// Data bursts in flight per direction (a power of two).
  parameter integer MAX_OUTSTANDING = 4,
  /// Data DMA commands queued per direction between the mover and its DMA
  /// (1..16). The DMA holds a command until its last burst is requested
  /// (a 4 KiB buffer: most of its transfer), and the mover serves one
  /// command at a time; the queue lets the mover hand over a write's last
  /// pieces and go on to the next read (or the other way round) meanwhile.
  parameter integer CMD_QUEUE      = 4
) (
  // ---------------------------------------------------------------------------
  // Clock, reset and the device function (vio_df_ports.vh, engine's end)
  // ---------------------------------------------------------------------------
  `define VIO_DF_QUEUES NUM_QUEUES
  `define VIO_DF_ENGINE
  `include "vio_df_ports.vh"
  `undef VIO_DF_ENGINE
  `undef VIO_DF_QUEUES

  // ---------------------------------------------------------------------------
  // Register block (vio_vq_ports.vh, engine's end)
  // ---------------------------------------------------------------------------
  `define VIO_VQ_ENGINE
  `include "vio_vq_ports.vh"
  `undef VIO_VQ_ENGINE

  // ---------------------------------------------------------------------------
  // AXI4 master: ring and buffer DMA
  // ---------------------------------------------------------------------------
  /// The DMA port (vio_axi_ports.vh), bursts of the three users merged by
  /// vio_axi_arb. IDs: 2 * user (0 data, 1 walker, 2 publisher), the bits
  /// above bit 2 zero; each user's responses return in order. INCR bursts
  /// of bus-wide beats (partial writes by strobes) that never cross 4 KiB;
  /// AxLOCK 0, AxCACHE 4'b0011 (normal non-cacheable bufferable), AxPROT
  /// 3'b010 (unprivileged, non-secure, data).
  `VIO_AXI_MASTER_PORTS(ID_WIDTH, DATA_WIDTH)
);

  localparam integer DW  = DATA_WIDTH;
  localparam integer NP  = 3;     // DMA users: data, walker, publisher
  localparam integer AIW = 3;     // arbiter output ID width (1 + 2 port bits)

  // 2.2, 6: feature bits the engine acts on
  localparam integer F_INDIRECT_DESC = 28;
  localparam integer F_EVENT_IDX     = 29;

  generate
    if (ID_WIDTH < AIW) begin : g_bad_id
      vio_vq_engine_error_ID_WIDTH_must_be_at_least_3 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Run control and errors
  // ---------------------------------------------------------------------------
  wire walk_err, pub_err, drd_err;
  reg  err_q;
  wire err_now = walk_err || pub_err || drd_err;
  wire run     = driver_ok && !dev_reset_req && !err_q;
  wire pub_run = !dev_reset_req && !err_q;
  wire any_busy;
  wire srst    = dev_reset_req && !any_busy;

  always @(posedge clk) begin
    if (!rst_n || srst)
      err_q <= 1'b0;
    else if (err_now)
      err_q <= 1'b1;
  end

  assign needs_reset = err_now && !err_q && !dev_reset_req;
  // After an error (table E: "no further DMA") no DMA issues a new AR or AW:
  // what the DMAs still hold becomes padding, so the streams stay exact and
  // NEEDS_RESET is never followed by a new request on the bus. Once a device
  // reset is requested the DMAs flush: no new request, what they hold and
  // whatever is still given to them is dropped, W beats still owed go out
  // without strobes. So the reset waits only for the bursts already on the
  // bus, never for a walker, publisher or device function that stopped
  // feeding or draining a stream (a long command in flight, a stream beat
  // given without its command, or the other way round). The flush lasts
  // through the cycle everything resets (srst), so nothing given to a DMA
  // then stays in it: the publisher and the walker offer a write's command
  // and its beat before they count as busy, and a beat kept without its
  // command would hold the DMA busy with no bus activity, and the next
  // reset would never complete.
  wire dma_stop = err_q;
  assign dev_idle    = !any_busy;
  assign df_rst      = srst;

  // ---------------------------------------------------------------------------
  // Walker, mover, publisher
  // ---------------------------------------------------------------------------
  wire        ch_valid, ch_ready, ch_ovf, chain_closed;
  wire [5:0]  ch_queue;
  wire [15:0] ch_head;
  wire [31:0] ch_rd_bytes, ch_wr_bytes, ch_nseg;
  wire        seg_valid, seg_ready, seg_write, seg_flush;
  wire [63:0] seg_addr;
  wire [31:0] seg_len;
  wire        replay_req, replay_started;
  wire [NUM_QUEUES-1:0] walk_qbusy, pub_qbusy;

  // DMA command/stream wires per user (index 0 data, 1 walker, 2 publisher)
  wire        rc_valid [0:NP-1];
  wire        rc_ready [0:NP-1];
  wire [63:0] rc_addr  [0:NP-1];
  wire [31:0] rc_len   [0:NP-1];
  wire        rc_last  [0:NP-1];
  wire        rc_pad   [0:NP-1];
  wire        rs_valid [0:NP-1];
  wire        rs_ready [0:NP-1];
  wire [DW-1:0] rs_data [0:NP-1];
  wire        rs_last  [0:NP-1];
  wire        rs_err   [0:NP-1];

  wire        wc_valid [0:NP-1];
  wire        wc_ready [0:NP-1];
  wire [63:0] wc_addr  [0:NP-1];
  wire [31:0] wc_len   [0:NP-1];
  wire        wc_last  [0:NP-1];
  wire        wc_pad   [0:NP-1];
  wire        ws_valid [0:NP-1];
  wire        ws_ready [0:NP-1];
  wire [DW-1:0] ws_data [0:NP-1];
  wire        w_done   [0:NP-1];
  wire        w_derr   [0:NP-1];

  wire [4:0]  walk_rd_len;
  wire        drd_ready, cut_full, drd_cmd_cut;
  wire [NUM_QUEUES-1:0] mv_q_open;
  wire        cpl_valid, cpl_ready, cpl_drop;
  wire [5:0]  cpl_queue;
  wire [15:0] cpl_head, cpl_wmark;
  wire [31:0] cpl_len;
  wire [3:0]  pub_wr_len;

  vio_vq_walk #(
    .NUM_QUEUES(NUM_QUEUES), .DATA_WIDTH(DW), .SEGS(SEGS)
  ) u_walk (
    .clk(clk), .rst_n(rst_n), .srst(srst),
    .q_ready(q_ready), .q_size(q_size), .q_desc(q_desc), .q_avail(q_avail),
    .q_used(q_used), .q_notify(q_notify), .q_reset_req(q_reset_req),
    .feat_indirect(driver_features[F_INDIRECT_DESC]),
    .feat_event_idx(driver_features[F_EVENT_IDX]),
    .run(run), .want(df_want), .want_next(df_want_next),
    .rd_cmd_valid(rc_valid[1]), .rd_cmd_ready(rc_ready[1]),
    .rd_cmd_addr(rc_addr[1]), .rd_cmd_len(walk_rd_len),
    .rd_valid(rs_valid[1]), .rd_data(rs_data[1]), .rd_last(rs_last[1]),
    .rd_err(rs_err[1]),
    .wr_cmd_valid(wc_valid[1]), .wr_cmd_ready(wc_ready[1]),
    .wr_cmd_addr(wc_addr[1]), .wr_valid(ws_valid[1]),
    .wr_ready(ws_ready[1]), .wr_data(ws_data[1]), .wr_done(w_done[1]),
    .wr_done_err(w_derr[1]),
    .ch_valid(ch_valid), .ch_ready(ch_ready), .ch_queue(ch_queue),
    .ch_head(ch_head), .ch_rd_bytes(ch_rd_bytes), .ch_wr_bytes(ch_wr_bytes),
    .ch_nseg(ch_nseg), .ch_ovf(ch_ovf), .chain_closed(chain_closed),
    .seg_valid(seg_valid), .seg_ready(seg_ready), .seg_addr(seg_addr),
    .seg_len(seg_len), .seg_write(seg_write), .seg_flush(seg_flush),
    .replay_req(replay_req), .replay_started(replay_started),
    .err(walk_err), .q_busy(walk_qbusy)
  );
  assign rc_len[1]  = {27'd0, walk_rd_len};
  assign rc_last[1] = 1'b1;
  assign rc_pad[1]  = 1'b0;
  assign rs_ready[1] = 1'b1;
  assign wc_len[1]  = 32'd2;
  assign wc_last[1] = 1'b1;
  assign wc_pad[1]  = 1'b0;

  // The mover's data DMA commands, queued on their way to the DMAs.
  wire        mrc_valid, mrc_last, mrc_pad, mwc_valid, mwc_ready, mwc_last;
  wire        mwc_pad, rq_ready;
  wire [63:0] mrc_addr, mwc_addr;
  wire [31:0] mrc_len, mwc_len;

  vio_vq_mover #(
    .NUM_QUEUES(NUM_QUEUES), .SEGS(SEGS)
  ) u_mover (
    .clk(clk), .rst_n(rst_n), .srst(srst), .run(run),
    .q_ready(q_ready), .q_reset_req(q_reset_req),
    .ch_valid(ch_valid), .ch_ready(ch_ready), .ch_queue(ch_queue),
    .ch_head(ch_head), .ch_rd_bytes(ch_rd_bytes), .ch_wr_bytes(ch_wr_bytes),
    .ch_nseg(ch_nseg), .ch_ovf(ch_ovf), .chain_closed(chain_closed),
    .seg_valid(seg_valid), .seg_ready(seg_ready), .seg_addr(seg_addr),
    .seg_len(seg_len), .seg_write(seg_write), .replay_req(replay_req),
    .replay_started(replay_started), .seg_flush(seg_flush),
    .df_tagged(df_tagged), .df_chain_tag(df_chain_tag),
    .df_chain_valid(df_chain_valid), .df_chain_ready(df_chain_ready),
    .df_chain_queue(df_chain_queue), .df_chain_head(df_chain_head),
    .df_chain_rd_bytes(df_chain_rd_bytes),
    .df_chain_wr_bytes(df_chain_wr_bytes), .df_chain_held(df_chain_held),
    .df_rd_cmd_valid(df_rd_cmd_valid), .df_rd_cmd_ready(df_rd_cmd_ready),
    .df_rd_cmd_len(df_rd_cmd_len), .df_rd_cmd_tag(df_rd_cmd_tag),
    .df_wr_cmd_valid(df_wr_cmd_valid), .df_wr_cmd_ready(df_wr_cmd_ready),
    .df_wr_cmd_len(df_wr_cmd_len), .df_wr_cmd_tag(df_wr_cmd_tag),
    .df_done_valid(df_done_valid), .df_done_ready(df_done_ready),
    .df_done_len(df_done_len), .df_done_tag(df_done_tag),
    .drd_cmd_valid(mrc_valid), .drd_cmd_ready(drd_ready),
    .drd_cmd_addr(mrc_addr), .drd_cmd_len(mrc_len),
    .drd_cmd_last(mrc_last), .drd_cmd_pad(mrc_pad),
    .drd_cmd_cut(drd_cmd_cut),
    .dwr_cmd_valid(mwc_valid), .dwr_cmd_ready(mwc_ready),
    .dwr_cmd_addr(mwc_addr), .dwr_cmd_len(mwc_len),
    .dwr_cmd_last(mwc_last), .dwr_cmd_pad(mwc_pad),
    .cpl_valid(cpl_valid), .cpl_ready(cpl_ready), .cpl_queue(cpl_queue),
    .cpl_head(cpl_head), .cpl_len(cpl_len), .cpl_wmark(cpl_wmark),
    .cpl_drop(cpl_drop), .q_open(mv_q_open)
  );
  assign df_rd_valid = rs_valid[0];
  assign rs_ready[0] = df_rd_ready;
  assign df_rd_data  = rs_data[0];
  assign df_rd_last  = rs_last[0];

  // Cut-short reads: one flag per read packet, in packet order (the data
  // read DMA delivers packets in command order). A packet is cut when any
  // of its commands is padding made because its chain stopped. The mover
  // waits while the FIFO is full, so no flag is ever lost.
  localparam integer CUTS = 16;  // more than the packets the DMA can hold
  reg         cut_acc_q;                     // the open packet is cut so far
  wire        cut_ready, cut_v, cut_h;
  wire [$clog2(CUTS+1)-1:0] cut_count;
  assign      cut_full  = !cut_ready;
  assign      drd_ready = rq_ready && !cut_full;
  wire        drd_take  = mrc_valid && drd_ready;
  wire        cut_pop  = rs_valid[0] && rs_ready[0] && rs_last[0];
  always @(posedge clk) begin
    if (!rst_n || srst)
      cut_acc_q <= 1'b0;
    else if (drd_take)
      cut_acc_q <= mrc_last ? 1'b0 : (cut_acc_q || drd_cmd_cut);
  end
  vio_fifo #(
    .WIDTH (1),
    .DEPTH (CUTS)
  ) u_cut (
    .clk     (clk),
    .rst_n   (rst_n && !srst),
    .s_valid (drd_take && mrc_last),
    .s_ready (cut_ready),
    .s_data  (cut_acc_q || drd_cmd_cut),
    .m_valid (cut_v),
    .m_ready (cut_pop),
    .m_data  (cut_h),
    .count   (cut_count)
  );

  // The command queues empty on a device reset request, with the DMAs'
  // flush (what they hold is dropped then anyway); after an error the DMAs
  // turn what they take from them into padding. An empty queue passes a
  // command straight on when the DMA takes it in that cycle (no cycle
  // added); one not taken waits at the queue's head, unchanged.
  localparam integer CQW = $clog2(CMD_QUEUE + 1);
  wire [CQW-1:0] rq_count, wq_count;
  wire        rq_v, wq_v;
  wire [97:0] rq_d, wq_d;
  wire        rq_by = !rq_v && rc_ready[0];   // a command passes straight on
  wire        wq_by = !wq_v && wc_ready[0];
  vio_fifo #(
    .WIDTH (98),
    .DEPTH (CMD_QUEUE)
  ) u_rq (
    .clk     (clk),
    .rst_n   (rst_n && !srst && !dev_reset_req),
    .s_valid (drd_take && !rq_by),
    .s_ready (rq_ready),
    .s_data  ({mrc_addr, mrc_len, mrc_last, mrc_pad}),
    .m_valid (rq_v),
    .m_ready (rc_ready[0]),
    .m_data  (rq_d),
    .count   (rq_count)
  );
  assign rc_valid[0] = rq_v || drd_take;
  assign {rc_addr[0], rc_len[0], rc_last[0], rc_pad[0]} =
    rq_v ? rq_d : {mrc_addr, mrc_len, mrc_last, mrc_pad};
  wire        mwc_take = mwc_valid && mwc_ready;
  vio_fifo #(
    .WIDTH (98),
    .DEPTH (CMD_QUEUE)
  ) u_wq (
    .clk     (clk),
    .rst_n   (rst_n && !srst && !dev_reset_req),
    .s_valid (mwc_take && !wq_by),
    .s_ready (mwc_ready),
    .s_data  ({mwc_addr, mwc_len, mwc_last, mwc_pad}),
    .m_valid (wq_v),
    .m_ready (wc_ready[0]),
    .m_data  (wq_d),
    .count   (wq_count)
  );
  assign wc_valid[0] = wq_v || mwc_take;
  assign {wc_addr[0], wc_len[0], wc_last[0], wc_pad[0]} =
    wq_v ? wq_d : {mwc_addr, mwc_len, mwc_last, mwc_pad};
  wire unused_cut = &{1'b0, cut_count, rq_count, wq_count};
  assign df_rd_cut = cut_v && cut_h;
  assign drd_err     = rs_valid[0] && df_rd_ready && rs_last[0] && rs_err[0];
  assign ws_valid[0] = df_wr_valid;
  assign df_wr_ready = ws_ready[0];
  assign ws_data[0]  = df_wr_data;

  vio_vq_pub #(
    .NUM_QUEUES(NUM_QUEUES), .DATA_WIDTH(DW)
  ) u_pub (
    .clk(clk), .rst_n(rst_n), .srst(srst), .run(pub_run),
    .q_ready(q_ready), .q_reset_req(q_reset_req), .q_size(q_size),
    .q_avail(q_avail), .q_used(q_used),
    .feat_event_idx(driver_features[F_EVENT_IDX]),
    .cpl_valid(cpl_valid), .cpl_ready(cpl_ready), .cpl_queue(cpl_queue),
    .cpl_head(cpl_head), .cpl_len(cpl_len), .cpl_wmark(cpl_wmark),
    .cpl_drop(cpl_drop), .dwr_done(w_done[0]), .dwr_done_err(w_derr[0]),
    .wr_cmd_valid(wc_valid[2]), .wr_cmd_ready(wc_ready[2]),
    .wr_cmd_addr(wc_addr[2]), .wr_cmd_len(pub_wr_len),
    .wr_valid(ws_valid[2]), .wr_ready(ws_ready[2]), .wr_data(ws_data[2]),
    .wr_done(w_done[2]), .wr_done_err(w_derr[2]),
    .rd_cmd_valid(rc_valid[2]), .rd_cmd_ready(rc_ready[2]),
    .rd_cmd_addr(rc_addr[2]), .rd_valid(rs_valid[2]), .rd_data(rs_data[2]),
    .rd_last(rs_last[2]), .rd_err(rs_err[2]),
    .used_irq(used_irq), .err(pub_err), .q_busy(pub_qbusy)
  );
  assign wc_len[2]  = {28'd0, pub_wr_len};
  assign wc_last[2] = 1'b1;
  assign wc_pad[2]  = 1'b0;
  assign rc_len[2]  = 32'd2;
  assign rc_last[2] = 1'b1;
  assign rc_pad[2]  = 1'b0;
  assign rs_ready[2] = 1'b1;

  // ---------------------------------------------------------------------------
  // Queue reset handshake (M7)
  // ---------------------------------------------------------------------------
  genvar g;
  generate
    for (g = 0; g < NUM_QUEUES; g = g + 1) begin : g_qreset
      assign q_reset_done[g] = q_reset_req[g] && !walk_qbusy[g] &&
                               !pub_qbusy[g] && !mv_q_open[g];
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // DMA engines and arbiters
  // ---------------------------------------------------------------------------
  // DMA port of each user, flattened for the arbiter (vio_axi_ports.vh)
  `VIO_AXI_VEC_WIRES(a_, NP, 1, DW);
  wire [NP-1:0]      rd_busy_v, wr_busy_v;

  generate
    for (g = 0; g < NP; g = g + 1) begin : g_dma
      vio_dma_rd #(
        .DATA_WIDTH(DW), .ADDR_WIDTH(64), .ID_WIDTH(1), .AXI_ID(0),
        .LEN_WIDTH(32), .MAX_BURST(g == 0 ? MAX_BURST : 2),
        .MAX_OUTSTANDING(g == 0 ? MAX_OUTSTANDING : 2)
      ) u_rd (
        .clk(clk), .rst_n(rst_n), .stop(dma_stop), .flush(dev_reset_req),
        .s_cmd_valid(rc_valid[g]),
        .s_cmd_ready(rc_ready[g]),
        .s_cmd_addr(rc_addr[g]), .s_cmd_len(rc_len[g]),
        .s_cmd_last(rc_last[g]), .s_cmd_pad(rc_pad[g]),
        .m_valid(rs_valid[g]), .m_ready(rs_ready[g]), .m_data(rs_data[g]),
        .m_last(rs_last[g]), .m_err(rs_err[g]),
        `VIO_AXI_RD_SLICE(m_axi_, a_, g, 1, DW),
        .busy(rd_busy_v[g])
      );
      vio_dma_wr #(
        .DATA_WIDTH(DW), .ADDR_WIDTH(64), .ID_WIDTH(1), .AXI_ID(0),
        .LEN_WIDTH(32), .MAX_BURST(g == 0 ? MAX_BURST : 2),
        .MAX_OUTSTANDING(g == 0 ? MAX_OUTSTANDING : 4)
      ) u_wr (
        .clk(clk), .rst_n(rst_n), .stop(dma_stop), .flush(dev_reset_req),
        .s_cmd_valid(wc_valid[g]), .s_cmd_ready(wc_ready[g]),
        .s_cmd_addr(wc_addr[g]), .s_cmd_len(wc_len[g]),
        .s_cmd_last(wc_last[g]), .s_cmd_pad(wc_pad[g]),
        .s_valid(ws_valid[g]), .s_ready(ws_ready[g]),
        .s_data(ws_data[g]),
        .m_done(w_done[g]), .m_done_err(w_derr[g]),
        `VIO_AXI_WR_SLICE(m_axi_, a_, g, 1, DW),
        .busy(wr_busy_v[g])
      );
    end
  endgenerate

  // The device reset completes when no burst is left on the bus: the
  // walker and the publisher are reset with it, whatever they waited for
  // (what they have on the bus, the DMAs count).
  assign any_busy = (|rd_busy_v) || (|wr_busy_v);

  wire [AIW-1:0] m_arid_i, m_awid_i;

  vio_axi_arb #(
    .PORTS(NP), .ID_WIDTH(1), .DATA_WIDTH(DW), .ADDR_WIDTH(64)
  ) u_arb (
    .clk(clk), .rst_n(rst_n),
    `VIO_AXI_CORE_CONN(s_axi_, a_),
    // the arbiter's IDs are AIW bits: the port's upper ID bits are 0
    .m_axi_awid(m_awid_i), .m_axi_bid(m_axi_bid[AIW-1:0]),
    .m_axi_arid(m_arid_i), .m_axi_rid(m_axi_rid[AIW-1:0]),
    `VIO_AXI_BODY_CONN(m_axi_, m_axi_)
  );
  assign m_axi_awid = {{(ID_WIDTH-AIW){1'b0}}, m_awid_i};
  assign m_axi_arid = {{(ID_WIDTH-AIW){1'b0}}, m_arid_i};

  // Memory attributes of every burst: a normal access, normal
  // non-cacheable bufferable, unprivileged non-secure data.
  assign m_axi_awlock  = 1'b0;
  assign m_axi_awcache = 4'b0011;
  assign m_axi_awprot  = 3'b010;
  assign m_axi_arlock  = 1'b0;
  assign m_axi_arcache = 4'b0011;
  assign m_axi_arprot  = 3'b010;

  // IDs above the arbiter's bits never come back (only ours are issued);
  // the notification data is not used (NOTIFICATION_DATA is not offered).
  wire unused_ok = &{1'b0, m_axi_bid, m_axi_rid, notify_data};
endmodule

`default_nettype wire
