`default_nettype none

/// Split-virtqueue chain walker (virtio v1.2 section 2.7). Finds the next
/// available chain of a queue, walks it through NEXT, WRITE and INDIRECT,
/// checks it, and hands its buffer segments to the mover through a segment
/// FIFO and its summary (head, readable and writable bytes) to the device
/// function. Owns the per-queue driver-side state: last seen avail index,
/// the cached avail index and the pending flag.
///
/// One control read at a time (a packet on the walker's read DMA port):
/// - avail header: flags and idx together, 4 bytes at avail + 0;
/// - avail ring entry: 2 bytes at avail + 4 + 2 * (last_avail mod size);
/// - descriptor: 16 bytes at desc + 16 * i, or inside an indirect table.
/// The avail header is read only when the cached idx has been used up, so a
/// batch of chains costs one header read (2.7.13: the idx is read before
/// the entries it covers).
///
/// Queue selection: a queue is eligible when it is ready, not being reset,
/// pending (a notification arrived, or chains are known to be available),
/// wanted by the device function, and the device is running (DRIVER_OK, no
/// reset request, no error). Eligible queues are served round-robin. Two
/// walked chains wait to be opened, in order: the first is walked from the
/// queues in want (the device function's next chain), the second, once the
/// first is walked, from want_next (the chain after it, when the device
/// function already knows its queue). A queue
/// whose header shows nothing new stops being pending; with EVENT_IDX the
/// walker first writes avail_event = last_avail (2.7.10: the driver notifies
/// again when it makes entry last_avail available) and reads the header once
/// more after the write completed, so a chain made available in between is
/// not missed.
///
/// Checks (CONFORMANCE table E; any failure pulses err and the walker stops
/// until srst): avail idx more than size past last_avail; head or next index
/// out of range; more descriptors than the table holds (a loop); a chain of
/// more buffer descriptors than the queue size, ring part and indirect part
/// together, however long the indirect table claims to be (2.7.4.2,
/// 2.7.5.3.1: so a loop inside a huge table ends within size + 1 reads); a
/// buffer or indirect table whose address + length passes 2^64; an indirect
/// table of length 0 or not a multiple of 16; INDIRECT inside an indirect
/// table; INDIRECT without the feature; a readable descriptor after a
/// writable one; a chain of 2^32 bytes or more; an error response on any
/// control read or write. Legal and accepted: zero-length descriptors
/// (skipped: no segment), INDIRECT with NEXT (NEXT ignored, 2.7.5.3.1), plain
/// descriptors followed by one indirect descriptor, and any order of `next`
/// inside an indirect table (2.7.5.3.2).
///
/// Segment FIFO: SEGS entries of {addr, len, write}, shared in order by the
/// open chains and the walked ones (the walker prefetches while the device
/// function works on the open ones). A chain with more than SEGS non-empty
/// descriptors is still walked to the end for its checks and totals
/// (ch_ovf = 1, the first SEGS segments queued); its remaining segments are
/// queued by a replay walk when the mover asks (replay_req), which reads the
/// descriptors again, skips the first SEGS and pushes the rest as room
/// frees. No new chain is prefetched while such a chain is open or waits
/// first in line.
///
/// A queue that stops (not ready, queue reset) loses its state (indices back
/// to zero); a walk in progress on it is abandoned and its segments are taken
/// back out of the FIFO. A chain of it already walked stays in line: the
/// mover discards it (its segments are dropped and nothing is published).
/// The chain walked behind it from want_next (the one the device function
/// takes after it) is then out of the order the device function named: it
/// is handed back (segments taken out, its queue's last_avail moved back),
/// or its walk abandoned, and it is walked again once the device function
/// names its queue (M7: a receive queue reset never hands the loopback the
/// next transmit chain in place of a receive chain). No chain is walked
/// behind a dropped one.
/// Every valid/ready output holds its payload while stalled.
module vio_vq_walk #(
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES = 2,
  /// Data bus width of the read DMA stream (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// Segment FIFO entries (a power of two, 4..1024).
  parameter integer SEGS       = 16
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock.
  input  wire                     clk,
  /// Synchronous active-low reset.
  input  wire                     rst_n,
  /// Soft reset (device reset completing): back to the reset state.
  input  wire                     srst,

  // ---------------------------------------------------------------------------
  // Queues (from the register block; queue i at slice i)
  // ---------------------------------------------------------------------------
  /// Queue enabled.
  input  wire [NUM_QUEUES-1:0]    q_ready,
  /// Queue size.
  input  wire [NUM_QUEUES*16-1:0] q_size,
  /// Descriptor area.
  input  wire [NUM_QUEUES*64-1:0] q_desc,
  /// Driver area (avail ring).
  input  wire [NUM_QUEUES*64-1:0] q_avail,
  /// Device area (used ring): avail_event lives at its end.
  input  wire [NUM_QUEUES*64-1:0] q_used,
  /// Notification pulses.
  input  wire [NUM_QUEUES-1:0]    q_notify,
  /// Queue reset in progress.
  input  wire [NUM_QUEUES-1:0]    q_reset_req,
  /// VIRTIO_F_INDIRECT_DESC negotiated.
  input  wire                     feat_indirect,
  /// VIRTIO_F_EVENT_IDX negotiated.
  input  wire                     feat_event_idx,
  /// The device may process queues (DRIVER_OK, no reset request, no error).
  input  wire                     run,
  /// Queues the device function takes its next chain from.
  input  wire [NUM_QUEUES-1:0]    want,
  /// Queues it takes the chain after that from (0: not known yet).
  input  wire [NUM_QUEUES-1:0]    want_next,

  // ---------------------------------------------------------------------------
  // Control read port (to a vio_dma_rd; one packet per command)
  // ---------------------------------------------------------------------------
  output reg                      rd_cmd_valid,
  input  wire                     rd_cmd_ready,
  output reg  [63:0]              rd_cmd_addr,
  output reg  [4:0]               rd_cmd_len,
  input  wire                     rd_valid,
  input  wire [DATA_WIDTH-1:0]    rd_data,
  input  wire                     rd_last,
  input  wire                     rd_err,

  // ---------------------------------------------------------------------------
  // Control write port for avail_event (to a vio_dma_wr)
  // ---------------------------------------------------------------------------
  output reg                      wr_cmd_valid,
  input  wire                     wr_cmd_ready,
  output wire [63:0]              wr_cmd_addr,
  output reg                      wr_valid,
  input  wire                     wr_ready,
  output wire [DATA_WIDTH-1:0]    wr_data,
  input  wire                     wr_done,
  input  wire                     wr_done_err,

  // ---------------------------------------------------------------------------
  // Chains, to the mover and the device function
  // ---------------------------------------------------------------------------
  /// A walked chain is waiting to be opened.
  output wire                     ch_valid,
  /// The chain is opened (by the device function, through the mover).
  input  wire                     ch_ready,
  /// Its queue.
  output wire [5:0]               ch_queue,
  /// Its head descriptor index (the used element's id).
  output wire [15:0]              ch_head,
  /// Device-readable bytes.
  output wire [31:0]              ch_rd_bytes,
  /// Device-writable bytes.
  output wire [31:0]              ch_wr_bytes,
  /// Non-empty segments in the chain.
  output wire [31:0]              ch_nseg,
  /// More segments than SEGS: the rest comes by replay.
  output wire                     ch_ovf,
  /// The open chain is finished (completed or dropped).
  input  wire                     chain_closed,

  // ---------------------------------------------------------------------------
  // Segment FIFO read side
  // ---------------------------------------------------------------------------
  output wire                     seg_valid,
  input  wire                     seg_ready,
  output wire [63:0]              seg_addr,
  output wire [31:0]              seg_len,
  output wire                     seg_write,
  /// The mover needs the open (overflowed) chain's remaining segments.
  input  wire                     replay_req,
  /// A replay walk is in progress or done for the open chain.
  output wire                     replay_started,
  /// Drop every queued segment (only while no other chain is queued).
  input  wire                     seg_flush,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: malformed input or a DMA error (table E).
  output reg                      err,
  /// Queues the walker still references (walking, or an unclaimed chain).
  output wire [NUM_QUEUES-1:0]    q_busy
);

  // ---------------------------------------------------------------------------
  // Parameters and constants
  // ---------------------------------------------------------------------------
  localparam integer SW  = $clog2(SEGS);
  localparam integer QW  = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;

  // Descriptor flags (2.7.5).
  localparam integer DESC_F_NEXT     = 0;
  localparam integer DESC_F_WRITE    = 1;
  localparam integer DESC_F_INDIRECT = 2;

  // States.
  localparam [3:0] S_IDLE     = 4'd0;
  localparam [3:0] S_HDR_RD   = 4'd1;
  localparam [3:0] S_HDR_WAIT = 4'd2;
  localparam [3:0] S_EV_WR    = 4'd3;
  localparam [3:0] S_EV_WAIT  = 4'd4;
  localparam [3:0] S_ENT_RD   = 4'd5;
  localparam [3:0] S_ENT_WAIT = 4'd6;
  localparam [3:0] S_DESC_RD  = 4'd7;
  localparam [3:0] S_DESC_WT  = 4'd8;
  localparam [3:0] S_EVAL     = 4'd9;
  localparam [3:0] S_PUSH     = 4'd10;
  localparam [3:0] S_ERR      = 4'd11;
  localparam [3:0] S_HDR_ENT  = 4'd12;
  localparam [3:0] S_DRAIN    = 4'd13;
  localparam [3:0] S_ENT_HIT  = 4'd14;

  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_queues
      vio_vq_walk_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_vq_walk_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
    if (SEGS < 4 || SEGS > 1024 || (SEGS & (SEGS - 1)) != 0) begin : g_bad_segs
      vio_vq_walk_error_SEGS_must_be_a_power_of_2_4_to_1024 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Per-queue state (written through enables in the clocked block)
  // ---------------------------------------------------------------------------
  reg [15:0] last_avail_q [0:NUM_QUEUES-1]; // next avail entry to take
  reg [15:0] avail_idx_q  [0:NUM_QUEUES-1]; // avail idx last read
  reg [NUM_QUEUES-1:0] pend_q;              // may have work
  // Avail ring entries already read: ent_c_q[q] holds ent_n_q[q] heads, the
  // one at last_avail in the low 16 bits.
  reg [63:0] ent_c_q [0:NUM_QUEUES-1];
  reg [2:0]  ent_n_q [0:NUM_QUEUES-1];

  // ---------------------------------------------------------------------------
  // Walk state
  // ---------------------------------------------------------------------------
  reg [3:0]    st_q, st_d;
  reg [QW-1:0] wq_q, wq_d;         // queue being walked
  reg [QW-1:0] rr_q, rr_d;         // round-robin start
  reg          armed_q, armed_d;   // avail_event written, header re-read due
  reg [15:0]   head_q, head_d;
  reg [31:0]   idx_q, idx_d;       // descriptor index in the current table
  reg          ind_q, ind_d;       // inside an indirect table
  reg [63:0]   tbl_q, tbl_d;       // indirect table address
  reg [31:0]   tbl_n_q, tbl_n_d;   // indirect table entries
  reg [31:0]   cnt_q, cnt_d;       // descriptors visited in the current table
  reg [16:0]   tot_q, tot_d;       // buffer descriptors in the chain so far
  reg          wseen_q, wseen_d;   // a writable descriptor was seen
  reg [31:0]   rdb_q, rdb_d;       // readable bytes
  reg [31:0]   wrb_q, wrb_d;       // writable bytes
  reg [31:0]   nseg_q, nseg_d;     // non-empty segments
  reg          replay_q, replay_d; // replay walk (not a scan)
  reg [31:0]   skip_q, skip_d;     // replay: segments still to skip
  reg [127:0]  resp_q, resp_d;     // control read data, packed
  reg [1:0]    beat_q, beat_d;     // beats received of the current read
  reg          rerr_q, rerr_d;     // error response in the current read
  reg          ev_pend_q, ev_pend_d; // avail_event data beat still to send
  reg          ent_pend_q, ent_pend_d; // entry read issued behind the header
  reg [3:0]    after_q, after_d;   // state after S_DRAIN
  reg [2:0]    en_q, en_d;         // entries asked by the entry read

  // Chain handed out, waiting to be opened.
  reg          ch_v_q, ch_v_d;
  reg [QW-1:0] ch_q_q, ch_q_d;
  reg [15:0]   ch_h_q, ch_h_d;
  reg [31:0]   ch_rb_q, ch_rb_d;
  reg [31:0]   ch_wb_q, ch_wb_d;
  reg [31:0]   ch_ns_q, ch_ns_d;
  reg          ch_ovf_q, ch_ovf_d;
  // The chain walked after it.
  reg          c1_v_q, c1_v_d;
  reg [QW-1:0] c1_q_q, c1_q_d;
  reg [15:0]   c1_h_q, c1_h_d;
  reg [31:0]   c1_rb_q, c1_rb_d;
  reg [31:0]   c1_wb_q, c1_wb_d;
  reg [31:0]   c1_ns_q, c1_ns_d;
  reg          c1_ovf_q, c1_ovf_d;
  // The walk in progress was picked from want_next (behind chain ch), and
  // that chain's queue has stopped since.
  reg          nextw_q, nextw_d;
  reg          orphan_q;
  wire         q_zero_ch = !q_ready[ch_q_q] || q_reset_req[ch_q_q];

  // Open chain overflowed: no prefetch; replay state for it.
  reg          ovf_open_q, ovf_open_d;
  reg [QW-1:0] ovf_qn_q, ovf_qn_d;
  reg [15:0]   ovf_h_q, ovf_h_d;
  reg [31:0]   ovf_ns_q, ovf_ns_d;  // its totals, checked again by the replay
  reg [31:0]   ovf_rb_q, ovf_rb_d;
  reg [31:0]   ovf_wb_q, ovf_wb_d;
  reg          rp_started_q, rp_started_d;

  // Segment FIFO.
  reg [96:0]   seg_mem [0:SEGS-1];
  reg [SW:0]   wp_q, wp_d;
  reg [SW:0]   rp_q;
  reg [SW:0]   wp_start_q, wp_start_d; // write pointer at the walk's start
  reg          push;
  reg [96:0]   push_data;

  // ---------------------------------------------------------------------------
  // The walked queue's parameters
  // ---------------------------------------------------------------------------
  wire [15:0] size      = q_size[wq_q*16 +: 16];
  wire [15:0] size_mask = size - 16'd1;
  wire [63:0] desc_base = q_desc[wq_q*64 +: 64];
  wire [63:0] avail_base = q_avail[wq_q*64 +: 64];
  wire [63:0] used_base = q_used[wq_q*64 +: 64];
  // A walk picked from want_next belongs behind the first chain in line;
  // when that chain's queue stops (it is dropped, never opened), the walk
  // is abandoned like one of a stopped queue and done again later.
  wire        orphan    = nextw_q && (orphan_q || (ch_v_q && q_zero_ch));
  wire        q_dead    = !run || !q_ready[wq_q] || q_reset_req[wq_q] ||
                          orphan;
  wire [15:0] la        = last_avail_q[wq_q];
  // Entries to read at once when the index is known: up to 4, never past
  // the ring's end nor past the index.
  wire [15:0] to_end    = size - (la & size_mask);
  wire [15:0] ahead     = avail_idx_q[wq_q] - la;
  wire [2:0]  en_spec   = (to_end < 16'd4) ? to_end[2:0] : 3'd4;
  wire [2:0]  en_known  = (ahead < {13'd0, en_spec}) ? ahead[2:0] : en_spec;
  reg         ec_we;     // the entry cache of wq_q takes resp_in, ec_wn entries
  reg  [2:0]  ec_wn;

  // Descriptor fields (2.7.5: le64 addr, le32 len, le16 flags, le16 next).
  wire [63:0] d_addr  = resp_q[63:0];
  wire [31:0] d_len   = resp_q[95:64];
  wire [15:0] d_flags = resp_q[111:96];
  wire [15:0] d_next  = resp_q[127:112];

  wire [31:0] limit     = ind_q ? tbl_n_q : {16'd0, size};
  wire [32:0] rdb_sum   = {1'b0, rdb_q} + {1'b0, d_len};
  wire [32:0] wrb_sum   = {1'b0, wrb_q} + {1'b0, d_len};
  wire [32:0] tot_sum   = {1'b0, rdb_q} + {1'b0, wrb_q} + {1'b0, d_len};
  // The descriptor's last byte is past 2^64 - 1 (table E: address wrap).
  wire [64:0] end_sum   = {1'b0, d_addr} + {33'd0, d_len};
  wire        wraps     = end_sum[64] && (end_sum[63:0] != 64'd0);
  wire [SW:0] fill      = wp_q - rp_q;
  wire        fifo_full = fill[SW];

  // Round-robin pick among eligible queues.
  wire [NUM_QUEUES-1:0] elig = pend_q & (ch_v_q ? want_next : want) &
                               q_ready & ~q_reset_req &
                               {NUM_QUEUES{run}};
  reg          pick_v;
  reg [QW-1:0] pick_q;
  reg [6:0]    cand;
  reg [NUM_QUEUES-1:0] elig_sh;
  integer      k;
  always @* begin
    pick_v = 1'b0;
    pick_q = {QW{1'b0}};
    for (k = NUM_QUEUES - 1; k >= 0; k = k - 1) begin
      cand = {{(7-QW){1'b0}}, rr_q} + k[6:0];
      if (cand >= NUM_QUEUES[6:0])
        cand = cand - NUM_QUEUES[6:0];
      elig_sh = elig >> cand;
      if (elig_sh[0]) begin
        pick_v = 1'b1;
        pick_q = cand[QW-1:0];
      end
    end
  end

  // Control read data assembled into resp (packed stream, low bytes first).
  reg [127:0] resp_in;
  generate
    if (DATA_WIDTH >= 128) begin : g_resp_wide
      always @* resp_in = rd_data[127:0];
    end else begin : g_resp_64
      always @* begin
        resp_in = resp_q;
        if (beat_q == 2'd0)
          resp_in[63:0] = rd_data;
        else
          resp_in[127:64] = rd_data;
      end
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------
  reg [NUM_QUEUES-1:0] la_inc;      // last_avail + 1
  reg                  ai_we;       // avail_idx_q[wq_q] <= resp idx
  reg [NUM_QUEUES-1:0] pend_clr;
  reg [NUM_QUEUES-1:0] q_zero;      // queue stopped: state to zero
  reg                  end_chain;   // the chain's last descriptor is done
  reg                  c1_back;     // the second chain in line is handed back
  integer i;

  always @* begin
    st_d = st_q; wq_d = wq_q; rr_d = rr_q; armed_d = armed_q;
    head_d = head_q; idx_d = idx_q; ind_d = ind_q; tbl_d = tbl_q;
    tbl_n_d = tbl_n_q; cnt_d = cnt_q; tot_d = tot_q; wseen_d = wseen_q;
    rdb_d = rdb_q;
    wrb_d = wrb_q; nseg_d = nseg_q; replay_d = replay_q; skip_d = skip_q;
    resp_d = resp_q; beat_d = beat_q; rerr_d = rerr_q; ev_pend_d = ev_pend_q;
    ent_pend_d = ent_pend_q; after_d = after_q;
    ch_v_d = ch_v_q; ch_q_d = ch_q_q; ch_h_d = ch_h_q; ch_rb_d = ch_rb_q;
    ch_wb_d = ch_wb_q; ch_ns_d = ch_ns_q; ch_ovf_d = ch_ovf_q;
    c1_v_d = c1_v_q; c1_q_d = c1_q_q; c1_h_d = c1_h_q; c1_rb_d = c1_rb_q;
    nextw_d = nextw_q;
    c1_wb_d = c1_wb_q; c1_ns_d = c1_ns_q; c1_ovf_d = c1_ovf_q;
    ovf_open_d = ovf_open_q; ovf_qn_d = ovf_qn_q;
    ovf_h_d = ovf_h_q; ovf_ns_d = ovf_ns_q; ovf_rb_d = ovf_rb_q;
    ovf_wb_d = ovf_wb_q; rp_started_d = rp_started_q; wp_d = wp_q;
    wp_start_d = wp_start_q;
    rd_cmd_valid = 1'b0; rd_cmd_addr = 64'd0; rd_cmd_len = 5'd0;
    wr_cmd_valid = 1'b0; wr_valid = 1'b0;
    push = 1'b0; push_data = {d_addr, d_len, d_flags[DESC_F_WRITE]};
    err = 1'b0; la_inc = {NUM_QUEUES{1'b0}}; ai_we = 1'b0;
    ec_we = 1'b0; ec_wn = 3'd0; en_d = en_q;
    pend_clr = {NUM_QUEUES{1'b0}}; q_zero = {NUM_QUEUES{1'b0}};
    end_chain = 1'b0; c1_back = 1'b0;

    // Queues that stop lose their state.
    for (i = 0; i < NUM_QUEUES; i = i + 1)
      if (!q_ready[i] || q_reset_req[i])
        q_zero[i] = 1'b1;

    // The open chain finished.
    if (chain_closed) begin
      ovf_open_d = 1'b0;
      rp_started_d = 1'b0;
    end
    // The second chain in line was walked from want_next: the chain after
    // the first one. When the first one's queue stops, it will be dropped,
    // not opened, and the device function still wants a chain of that
    // queue first: the second is handed back (its segments taken out of
    // the FIFO, its queue's last_avail moved back one, walked again later),
    // so the device function never gets a chain out of the order it named.
    c1_back = c1_v_q && ch_v_q && q_zero_ch;
    if (c1_back) begin
      c1_v_d = 1'b0;
      wp_d = wp_start_q;
    end
    // The first chain in line is taken; the second moves up.
    if (ch_v_q && ch_ready) begin
      ch_v_d = c1_v_q && !c1_back; ch_q_d = c1_q_q; ch_h_d = c1_h_q;
      ch_rb_d = c1_rb_q;
      ch_wb_d = c1_wb_q; ch_ns_d = c1_ns_q; ch_ovf_d = c1_ovf_q;
      c1_v_d = 1'b0;
      if (ch_ovf_q) begin
        ovf_open_d = 1'b1;
        ovf_qn_d = ch_q_q;
        ovf_h_d = ch_h_q;
        ovf_ns_d = ch_ns_q;
        ovf_rb_d = ch_rb_q;
        ovf_wb_d = ch_wb_q;
        rp_started_d = 1'b0;
      end
    end

    case (st_q)
      S_IDLE: begin
        armed_d = 1'b0;
        if (!run) begin
          // stay
        end else if (ovf_open_q && replay_req && !rp_started_q &&
                     q_ready[ovf_qn_q] && !q_reset_req[ovf_qn_q]) begin
          // Replay the open chain: queue its segments past the first SEGS.
          rp_started_d = 1'b1;
          replay_d = 1'b1;
          nextw_d = 1'b0;
          skip_d = SEGS;
          wq_d = ovf_qn_q;
          head_d = ovf_h_q;
          idx_d = {16'd0, ovf_h_q};
          ind_d = 1'b0; cnt_d = 32'd0; tot_d = 17'd0; wseen_d = 1'b0;
          rdb_d = 32'd0; wrb_d = 32'd0; nseg_d = 32'd0;
          wp_start_d = wp_q;
          st_d = S_DESC_RD;
        end else if ((!ch_v_q || (!c1_v_q && !ch_ovf_q && !q_zero_ch)) &&
                     !ovf_open_q && pick_v) begin
          wq_d = pick_q;
          nextw_d = ch_v_q;
          rr_d = ({{(7-QW){1'b0}}, pick_q} == NUM_QUEUES[6:0] - 7'd1) ?
                 {QW{1'b0}} : pick_q + 1'b1;
          replay_d = 1'b0;
          wp_start_d = wp_q;
          if (ent_n_q[pick_q] != 3'd0)
            st_d = S_ENT_HIT;
          else if (avail_idx_q[pick_q] != last_avail_q[pick_q])
            st_d = S_ENT_RD;
          else
            st_d = S_HDR_RD;
        end
      end

      S_HDR_RD: begin
        if (q_dead) begin
          st_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_cmd_addr = avail_base;
          rd_cmd_len = 5'd4;
          beat_d = 2'd0; rerr_d = 1'b0;
          if (rd_cmd_ready)
            st_d = S_HDR_ENT;
        end
      end

      S_HDR_ENT: begin
        // The entry at last_avail, read right behind the index on the same
        // AXI ID: the memory answers them in order, so the entry is never
        // older than the index (2.7.13), and a batch's first chain costs
        // one round trip less. Dropped when the index shows nothing new.
        if (q_dead) begin
          st_d = S_HDR_WAIT;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_cmd_addr = avail_base + 64'd4 + {47'd0, la & size_mask, 1'b0};
          // one entry: a wider read would cost the first chain time
          rd_cmd_len = 5'd2;
          en_d = 3'd1;
          if (rd_cmd_ready) begin
            ent_pend_d = 1'b1;
            st_d = S_HDR_WAIT;
          end
        end
      end

      S_DRAIN: begin
        // the speculative entry read's answer, not needed
        if (rd_valid && rd_last) begin
          ent_pend_d = 1'b0;
          beat_d = 2'd0; rerr_d = 1'b0;
          st_d = after_q;
        end
      end

      S_HDR_WAIT: begin
        if (rd_valid) begin
          resp_d = resp_in;
          beat_d = beat_q + 2'd1;
          if (rd_err) rerr_d = 1'b1;
          if (rd_last) begin
            beat_d = 2'd0; rerr_d = 1'b0; // the entry's packet is next
            if (rd_err || rerr_q) begin
              st_d = S_ERR; err = 1'b1;
            end else if (q_dead) begin
              st_d = S_IDLE;
            end else begin
              ai_we = 1'b1;
              // table E: idx more than size past last_avail
              if ((resp_in[31:16] - la) > size) begin
                st_d = S_ERR; err = 1'b1;
              end else if (resp_in[31:16] != la) begin
                st_d = ent_pend_q ? S_ENT_WAIT : S_ENT_RD;
              end else if (feat_event_idx && !armed_q) begin
                st_d = S_EV_WR; ev_pend_d = 1'b1;
              end else begin
                pend_clr[wq_q] = 1'b1;
                st_d = S_IDLE;
              end
            end
            // drop the entry read's answer first when it is not needed
            if (ent_pend_q && st_d != S_ENT_WAIT && st_d != S_ERR) begin
              after_d = st_d;
              st_d = S_DRAIN;
            end
          end
        end
      end

      S_EV_WR: begin
        // avail_event = last_avail (2.7.10), then read the header again
        if (q_dead && !ev_pend_q) begin
          st_d = S_IDLE;
        end else begin
          wr_cmd_valid = ev_pend_q;
          wr_valid = ev_pend_q;
          if (wr_cmd_ready && wr_ready) begin
            ev_pend_d = 1'b0;
            st_d = S_EV_WAIT;
          end
        end
      end

      S_EV_WAIT: begin
        if (wr_done) begin
          if (wr_done_err) begin
            st_d = S_ERR; err = 1'b1;
          end else begin
            armed_d = 1'b1;
            st_d = S_HDR_RD;
          end
        end
      end

      S_ENT_RD: begin
        if (q_dead) begin
          st_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_cmd_addr = avail_base + 64'd4 + {47'd0, la & size_mask, 1'b0};
          rd_cmd_len = {1'b0, en_known, 1'b0};
          en_d = en_known;
          beat_d = 2'd0; rerr_d = 1'b0;
          if (rd_cmd_ready)
            st_d = S_ENT_WAIT;
        end
      end

      S_ENT_WAIT: begin
        if (rd_valid) begin
          resp_d = resp_in;
          beat_d = beat_q + 2'd1;
          if (rd_last) begin
            ent_pend_d = 1'b0;
            if (rd_err || rerr_q) begin
              st_d = S_ERR; err = 1'b1;
            end else if (q_dead) begin
              st_d = S_IDLE;
            end else if (resp_in[15:0] >= size) begin
              st_d = S_ERR; err = 1'b1; // table E: head out of range
            end else begin
              // keep the entries the index covers for the next walks
              ec_we = 1'b1;
              ec_wn = (ahead < {13'd0, en_q}) ? ahead[2:0] : en_q;
              head_d = resp_in[15:0];
              idx_d = {16'd0, resp_in[15:0]};
              ind_d = 1'b0; cnt_d = 32'd0; tot_d = 17'd0; wseen_d = 1'b0;
              rdb_d = 32'd0; wrb_d = 32'd0; nseg_d = 32'd0;
              st_d = S_DESC_RD;
            end
          end
        end
      end

      S_ENT_HIT: begin
        // the head was read with an earlier entry
        if (q_dead) begin
          st_d = S_IDLE;
        end else if (ent_c_q[wq_q][15:0] >= size) begin
          st_d = S_ERR; err = 1'b1; // table E: head out of range
        end else begin
          head_d = ent_c_q[wq_q][15:0];
          idx_d = {16'd0, ent_c_q[wq_q][15:0]};
          ind_d = 1'b0; cnt_d = 32'd0; tot_d = 17'd0; wseen_d = 1'b0;
          rdb_d = 32'd0; wrb_d = 32'd0; nseg_d = 32'd0;
          st_d = S_DESC_RD;
        end
      end

      S_DESC_RD: begin
        if (q_dead) begin
          wp_d = wp_start_q;
          st_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_cmd_addr = (ind_q ? tbl_q : desc_base) + {28'd0, idx_q, 4'd0};
          rd_cmd_len = 5'd16;
          beat_d = 2'd0; rerr_d = 1'b0;
          if (rd_cmd_ready)
            st_d = S_DESC_WT;
        end
      end

      S_DESC_WT: begin
        if (rd_valid) begin
          resp_d = resp_in;
          beat_d = beat_q + 2'd1;
          if (rd_err) rerr_d = 1'b1;
          if (rd_last) begin
            if (rd_err || rerr_q) begin
              st_d = S_ERR; err = 1'b1;
            end else if (q_dead) begin
              wp_d = wp_start_q;
              st_d = S_IDLE;
            end else begin
              st_d = S_EVAL;
            end
          end
        end
      end

      S_EVAL: begin
        cnt_d = cnt_q + 32'd1;
        if (cnt_q >= limit) begin
          st_d = S_ERR; err = 1'b1; // table E: loop / chain too long
        end else if (wraps) begin
          st_d = S_ERR; err = 1'b1; // table E: address + length past 2^64
        end else if (d_flags[DESC_F_INDIRECT]) begin
          // 2.7.5.3.1: WRITE and NEXT are ignored on this descriptor
          if (ind_q || !feat_indirect || d_len == 32'd0 ||
              d_len[3:0] != 4'd0) begin
            st_d = S_ERR; err = 1'b1;
          end else begin
            ind_d = 1'b1;
            tbl_d = d_addr;
            tbl_n_d = {4'd0, d_len[31:4]};
            idx_d = 32'd0;
            cnt_d = 32'd0;
            st_d = S_DESC_RD;
          end
        end else if (tot_q >= {1'b0, size}) begin
          // table E: more buffer descriptors than the queue size, ring and
          // indirect parts together (2.7.5.3.1)
          st_d = S_ERR; err = 1'b1;
        end else if (!d_flags[DESC_F_WRITE] && wseen_q) begin
          st_d = S_ERR; err = 1'b1; // table E: readable after writable
        end else if (tot_sum[32]) begin
          st_d = S_ERR; err = 1'b1; // chain of 2^32 bytes or more
        end else if (d_flags[DESC_F_NEXT] &&
                     {16'd0, d_next} >= limit) begin
          st_d = S_ERR; err = 1'b1; // table E: next out of range
        end else begin
          tot_d = tot_q + 17'd1;
          if (d_flags[DESC_F_WRITE]) begin
            wseen_d = 1'b1;
            wrb_d = wrb_sum[31:0];
          end else begin
            rdb_d = rdb_sum[31:0];
          end
          if (d_len != 32'd0) begin
            nseg_d = nseg_q + 32'd1;
            if (replay_q ? (skip_q == 32'd0) : (nseg_q < SEGS))
              st_d = S_PUSH;
            else if (replay_q)
              skip_d = skip_q - 32'd1;
          end
          if (st_d != S_PUSH) begin
            if (d_flags[DESC_F_NEXT]) begin
              idx_d = {16'd0, d_next};
              st_d = S_DESC_RD;
            end else begin
              end_chain = 1'b1;
            end
          end
        end
      end

      S_PUSH: begin
        // resp_q still holds the descriptor
        if (q_dead) begin
          wp_d = replay_q ? wp_q : wp_start_q;
          st_d = S_IDLE;
        end else if (!fifo_full) begin
          push = 1'b1;
          wp_d = wp_q + 1'b1;
          if (d_flags[DESC_F_NEXT]) begin
            idx_d = {16'd0, d_next};
            st_d = S_DESC_RD;
          end else begin
            end_chain = 1'b1;
          end
        end
      end

      S_ERR: begin
        // stopped until srst
      end

      default: st_d = S_IDLE;
    endcase

    // End of the chain: totals are in the _d registers. A scan hands the
    // chain out; a replay must find the chain the scan found, or the driver
    // changed descriptors it had made available (treated as malformed).
    if (end_chain) begin
      st_d = S_IDLE;
      if (replay_q) begin
        if (nseg_d != ovf_ns_q || rdb_d != ovf_rb_q || wrb_d != ovf_wb_q) begin
          st_d = S_ERR; err = 1'b1;
        end
      end else if (orphan) begin
        wp_d = wp_start_q;  // behind a dropped chain: walked again later
      end else begin
        la_inc[wq_q] = 1'b1;
        if (!ch_v_d) begin
          ch_v_d = 1'b1; ch_q_d = wq_q; ch_h_d = head_q;
          ch_rb_d = rdb_d; ch_wb_d = wrb_d; ch_ns_d = nseg_d;
          ch_ovf_d = (nseg_d > SEGS);
        end else begin
          c1_v_d = 1'b1; c1_q_d = wq_q; c1_h_d = head_q;
          c1_rb_d = rdb_d; c1_wb_d = wrb_d; c1_ns_d = nseg_d;
          c1_ovf_d = (nseg_d > SEGS);
        end
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin
    if (!rst_n || srst) begin
      st_q <= S_IDLE; wq_q <= {QW{1'b0}}; rr_q <= {QW{1'b0}};
      armed_q <= 1'b0; head_q <= 16'd0; idx_q <= 32'd0; ind_q <= 1'b0;
      tbl_q <= 64'd0; tbl_n_q <= 32'd0; cnt_q <= 32'd0; tot_q <= 17'd0;
      wseen_q <= 1'b0;
      rdb_q <= 32'd0; wrb_q <= 32'd0; nseg_q <= 32'd0; replay_q <= 1'b0;
      skip_q <= 32'd0; resp_q <= 128'd0; beat_q <= 2'd0; rerr_q <= 1'b0;
      ev_pend_q <= 1'b0; ent_pend_q <= 1'b0; after_q <= S_IDLE;
      en_q <= 3'd0;
      ch_v_q <= 1'b0; ch_q_q <= {QW{1'b0}}; ch_h_q <= 16'd0;
      ch_rb_q <= 32'd0; ch_wb_q <= 32'd0; ch_ns_q <= 32'd0; ch_ovf_q <= 1'b0;
      c1_v_q <= 1'b0; c1_q_q <= {QW{1'b0}}; c1_h_q <= 16'd0;
      c1_rb_q <= 32'd0; c1_wb_q <= 32'd0; c1_ns_q <= 32'd0; c1_ovf_q <= 1'b0;
      nextw_q <= 1'b0; orphan_q <= 1'b0;
      ovf_open_q <= 1'b0; ovf_qn_q <= {QW{1'b0}}; ovf_h_q <= 16'd0;
      ovf_ns_q <= 32'd0; ovf_rb_q <= 32'd0; ovf_wb_q <= 32'd0;
      rp_started_q <= 1'b0;
      wp_q <= {(SW+1){1'b0}}; rp_q <= {(SW+1){1'b0}};
      wp_start_q <= {(SW+1){1'b0}};
      pend_q <= {NUM_QUEUES{1'b0}};
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        last_avail_q[i] <= 16'd0;
        avail_idx_q[i] <= 16'd0;
        ent_c_q[i] <= 64'd0;
        ent_n_q[i] <= 3'd0;
      end
    end else begin
      st_q <= st_d; wq_q <= wq_d; rr_q <= rr_d; armed_q <= armed_d;
      head_q <= head_d; idx_q <= idx_d; ind_q <= ind_d; tbl_q <= tbl_d;
      tbl_n_q <= tbl_n_d; cnt_q <= cnt_d; tot_q <= tot_d; wseen_q <= wseen_d;
      rdb_q <= rdb_d; wrb_q <= wrb_d; nseg_q <= nseg_d;
      replay_q <= replay_d; skip_q <= skip_d; resp_q <= resp_d;
      beat_q <= beat_d; rerr_q <= rerr_d; ev_pend_q <= ev_pend_d;
      ent_pend_q <= ent_pend_d; after_q <= after_d; en_q <= en_d;
      ch_v_q <= ch_v_d; ch_q_q <= ch_q_d; ch_h_q <= ch_h_d;
      ch_rb_q <= ch_rb_d; ch_wb_q <= ch_wb_d; ch_ns_q <= ch_ns_d;
      ch_ovf_q <= ch_ovf_d;
      c1_v_q <= c1_v_d; c1_q_q <= c1_q_d; c1_h_q <= c1_h_d;
      c1_rb_q <= c1_rb_d; c1_wb_q <= c1_wb_d; c1_ns_q <= c1_ns_d;
      c1_ovf_q <= c1_ovf_d;
      nextw_q <= nextw_d; orphan_q <= orphan && (st_d != S_IDLE);
      ovf_open_q <= ovf_open_d; ovf_qn_q <= ovf_qn_d; ovf_h_q <= ovf_h_d;
      ovf_ns_q <= ovf_ns_d; ovf_rb_q <= ovf_rb_d; ovf_wb_q <= ovf_wb_d;
      rp_started_q <= rp_started_d;
      wp_q <= wp_d; wp_start_q <= wp_start_d;
      if (seg_flush)
        rp_q <= wp_d;
      else if (seg_valid && seg_ready)
        rp_q <= rp_q + 1'b1;
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        if (q_zero[i]) begin
          last_avail_q[i] <= 16'd0;
          avail_idx_q[i] <= 16'd0;
          pend_q[i] <= 1'b0;
          ent_n_q[i] <= 3'd0;
        end else begin
          if (c1_back && {{(7-QW){1'b0}}, c1_q_q} == i[6:0])
            last_avail_q[i] <= last_avail_q[i] - 16'd1;
          else if (la_inc[i])
            last_avail_q[i] <= last_avail_q[i] + 16'd1;
          if (c1_back && {{(7-QW){1'b0}}, c1_q_q} == i[6:0]) begin
            ent_n_q[i] <= 3'd0;  // the cache starts past the entry
          end else if (ec_we && {{(7-QW){1'b0}}, wq_q} == i[6:0]) begin
            ent_c_q[i] <= resp_in[63:0];
            ent_n_q[i] <= ec_wn;
          end else if (la_inc[i] && ent_n_q[i] != 3'd0) begin
            ent_c_q[i] <= {16'd0, ent_c_q[i][63:16]};
            ent_n_q[i] <= ent_n_q[i] - 3'd1;
          end
          if (ai_we && {{(7-QW){1'b0}}, wq_q} == i[6:0])
            avail_idx_q[i] <= resp_d[31:16];
          // a notification wins over a clear in the same cycle
          if (q_notify[i] || (c1_back && {{(7-QW){1'b0}}, c1_q_q} == i[6:0]))
            pend_q[i] <= 1'b1;
          else if (pend_clr[i])
            pend_q[i] <= 1'b0;
        end
      end
    end
  end

  always @(posedge clk)
    if (push)
      seg_mem[wp_q[SW-1:0]] <= push_data;

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  assign wr_cmd_addr = used_base + 64'd4 + {45'd0, size, 3'd0};
  assign wr_data = {{(DATA_WIDTH-16){1'b0}}, la};

  assign ch_valid    = ch_v_q;
  assign ch_queue    = {{(6-QW){1'b0}}, ch_q_q};
  assign ch_head     = ch_h_q;
  assign ch_rd_bytes = ch_rb_q;
  assign ch_wr_bytes = ch_wb_q;
  assign ch_nseg     = ch_ns_q;
  assign ch_ovf      = ch_ovf_q;

  wire [96:0] seg_out = seg_mem[rp_q[SW-1:0]];
  assign seg_valid = (wp_q != rp_q);
  assign seg_addr  = seg_out[96:33];
  assign seg_len   = seg_out[32:1];
  assign seg_write = seg_out[0];
  assign replay_started = rp_started_q;

  genvar g;
  generate
    for (g = 0; g < NUM_QUEUES; g = g + 1) begin : g_qbusy
      assign q_busy[g] = (st_q != S_IDLE && st_q != S_ERR && wq_q == g) ||
                         (ch_v_q && ch_q_q == g) || (c1_v_q && c1_q_q == g);
    end
  endgenerate

  // Unused: the high beats of a wide read, bits of a narrow resp.
  wire unused_ok = &{1'b0, rdb_sum[32], wrb_sum[32], tot_sum[31:0], elig_sh};
endmodule

`default_nettype wire
