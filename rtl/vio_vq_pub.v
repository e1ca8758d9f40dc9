// SPDX-License-Identifier: MIT
`default_nettype none

/// Split-virtqueue publisher: writes used elements, moves the used index and
/// decides the used buffer notification (virtio v1.2 sections 2.7.8, 2.7.7,
/// 2.7.10).
///
/// For each finished chain (cpl_*), in order:
/// 1. the used element {id = head, len} goes to used->ring[used_next mod
///    size] at once (control write port);
/// 2. the chain retires when that write and every data write packet issued
///    up to its completion (done pulses of the data write DMA up to
///    cpl_wmark; packets finish in the order they were issued) have their
///    write responses: the data and the element are in memory;
/// 3. a queue with retired chains not yet published gets used->idx written
///    (one write covers every chain retired so far: batching), and only after
///    that write's response
/// 4. the notification decision reads what the driver asked for, after the
///    index is visible (so a driver that re-enables callbacks and then checks
///    the used index cannot miss both): without EVENT_IDX avail->flags
///    (notify unless NO_INTERRUPT, 2.7.7.2); with EVENT_IDX used_event
///    (notify when (u16)(new - used_event - 1) < (u16)(new - old), where old
///    is the index published before). A notification is a used_irq pulse.
/// Element writes (1) go on while an index publication (3, 4) waits for its
/// write response and its read, so finished chains are taken at once.
///
/// Completions of a queue that stopped, or while the device is not running,
/// are not published (their data packets are still counted). A DMA error on
/// any of these accesses pulses err and the publisher stops until srst.
module vio_vq_pub #(
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES = 2,
  /// Data bus width of the control streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                     clk,
  /// Synchronous active-low reset.
  input  wire                     rst_n,
  /// Soft reset (device reset completing): one cycle, acts as rst_n.
  input  wire                     srst,
  /// The device may write its rings (no reset request, no error); low:
  /// completions taken are not published and no index publication starts.
  input  wire                     run,

  // ---------------------------------------------------------------------------
  // Queues (from the register block; queue i at slice i)
  // ---------------------------------------------------------------------------
  /// Queue enabled; a queue not ready forgets its indices.
  input  wire [NUM_QUEUES-1:0]    q_ready,
  /// Queue reset in progress: as not ready.
  input  wire [NUM_QUEUES-1:0]    q_reset_req,
  /// Queue size in entries (a power of two).
  input  wire [NUM_QUEUES*16-1:0] q_size,
  /// Driver area (avail ring) byte address: flags and used_event are read.
  input  wire [NUM_QUEUES*64-1:0] q_avail,
  /// Device area (used ring) byte address: elements and idx are written.
  input  wire [NUM_QUEUES*64-1:0] q_used,
  /// VIRTIO_F_EVENT_IDX negotiated: used_event decides the notification.
  input  wire                     feat_event_idx,

  // ---------------------------------------------------------------------------
  // Finished chains (from the mover) and data write responses
  // ---------------------------------------------------------------------------
  /// A chain is finished, in completion order (valid/ready; the payload is
  /// held while valid and not ready).
  input  wire                     cpl_valid,
  /// The completion is taken: its used element write has gone to the
  /// control write port (or the chain is dropped).
  output reg                      cpl_ready,
  /// The chain's queue.
  input  wire [5:0]               cpl_queue,
  /// Its head descriptor index: the used element's id.
  input  wire [15:0]              cpl_head,
  /// Its used length in bytes: the used element's len.
  input  wire [31:0]              cpl_len,
  /// Data write packets issued up to and with this chain (mod 2^16): it
  /// retires once that many dwr_done pulses have come (mod 2^16).
  input  wire [15:0]              cpl_wmark,
  /// Do not publish the chain (its queue stopped or the device is not
  /// running); its data packets are still counted.
  input  wire                     cpl_drop,
  /// Data write DMA: one-cycle pulse per packet, in order, once every
  /// burst of it has its write response.
  input  wire                     dwr_done,
  /// With dwr_done: some response of the packet was not OKAY (err).
  input  wire                     dwr_done_err,

  // ---------------------------------------------------------------------------
  // Control write port (used elements and used->idx)
  // ---------------------------------------------------------------------------
  /// Write command: wr_cmd_len bytes at wr_cmd_addr (valid/ready; its data
  /// beat goes on wr_* independently).
  output reg                      wr_cmd_valid,
  /// The write DMA takes the command.
  input  wire                     wr_cmd_ready,
  /// Byte address: used->ring[slot] or used->idx.
  output reg  [63:0]              wr_cmd_addr,
  /// Bytes: 8 (a used element) or 2 (used->idx).
  output reg  [3:0]               wr_cmd_len,
  /// The command's one data beat (valid/ready).
  output reg                      wr_valid,
  /// The write DMA takes the beat.
  input  wire                     wr_ready,
  /// The bytes, in the low lanes: {len, id} (le32 each) or idx (le16).
  output reg  [DATA_WIDTH-1:0]    wr_data,
  /// One-cycle pulse per control write, in order, once it has its write
  /// response.
  input  wire                     wr_done,
  /// With wr_done: the response was not OKAY (err).
  input  wire                     wr_done_err,

  // ---------------------------------------------------------------------------
  // Control read port (avail->flags or used_event)
  // ---------------------------------------------------------------------------
  /// Read command: 2 bytes at rd_cmd_addr (valid/ready).
  output reg                      rd_cmd_valid,
  /// The read DMA takes the command.
  input  wire                     rd_cmd_ready,
  /// Byte address: avail->flags, or used_event (avail->ring[size]) with
  /// EVENT_IDX.
  output reg  [63:0]              rd_cmd_addr,
  /// A beat of the answer; always taken (no ready).
  input  wire                     rd_valid,
  /// The bytes, in the low lanes (le16 in bits 15:0).
  input  wire [DATA_WIDTH-1:0]    rd_data,
  /// The answer's last beat.
  input  wire                     rd_last,
  /// With rd_last: a response was not OKAY (err).
  input  wire                     rd_err,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: used buffer notification.
  output reg                      used_irq,
  /// One-cycle pulse: a DMA error; the publisher then stops until srst.
  output reg                      err,
  /// Queues with unfinished work here (a queue reset waits for it to fall).
  output wire [NUM_QUEUES-1:0]    q_busy
);

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_queues
      vio_vq_pub_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_vq_pub_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
  endgenerate

  localparam integer QW = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;
  localparam integer RD = 8;  // in-flight chains (records)
  localparam integer KD = 8;  // control write packets in flight

  localparam [2:0] P_IDLE = 3'd0;
  localparam [2:0] P_IDX  = 3'd2;
  localparam [2:0] P_IDXW = 3'd3;
  localparam [2:0] P_IRQ  = 3'd4;
  localparam [2:0] P_IRQW = 3'd5;
  localparam [2:0] P_ERR  = 3'd6;

  // 2.7.7.2 (VRING_AVAIL_F_NO_INTERRUPT)
  localparam integer AVAIL_F_NO_INTERRUPT = 0;

  // Per-queue indices.
  reg [15:0] next_q [0:NUM_QUEUES-1]; // slot of the next used element
  reg [15:0] ret_q  [0:NUM_QUEUES-1]; // chains retired (idx to publish)
  reg [15:0] pub_q  [0:NUM_QUEUES-1]; // idx last published

  // In-flight records {drop, write-packet mark, queue}.
  reg [22:0] rec_mem [0:RD-1];
  reg [3:0]  rec_wp_q, rec_rp_q;

  reg [15:0] edone_q;       // element writes answered, not yet retired
  reg [15:0] ddone_q;       // data packets answered (mod 2^16)
  reg        idx_done_q;    // the used->idx write was answered

  reg [2:0]  st_q;          // index publication (and error stop)
  reg        el_q;          // a used element write is being issued
  reg        ecmd_q;        // its command / data beat went out
  reg        edat_q;
  reg [QW-1:0] pq_q;        // queue being published
  reg [15:0] pv_q;          // value published
  reg        cmd_sent_q;
  reg        dat_sent_q;

  wire [QW-1:0] cq      = cpl_queue[QW-1:0];
  wire [15:0]   c_size  = q_size[cq*16 +: 16];
  wire [15:0]   p_size  = q_size[pq_q*16 +: 16];
  wire [63:0]   c_used  = q_used[cq*64 +: 64];
  wire [63:0]   p_used  = q_used[pq_q*64 +: 64];
  wire [63:0]   p_avail = q_avail[pq_q*64 +: 64];
  wire [15:0]   c_slot  = next_q[cq] & (c_size - 16'd1);
  wire          c_dead  = cpl_drop || !run || !q_ready[cq] || q_reset_req[cq];

  wire [3:0] rec_fill  = rec_wp_q - rec_rp_q;
  wire       rec_full  = rec_fill == RD[3:0];
  wire       kind_full;

  // Head record and its retirement.
  wire [22:0]   rec_h     = rec_mem[rec_rp_q[2:0]];
  wire          rec_v     = rec_fill != 4'd0;
  wire          rec_drop  = rec_h[22];
  wire [15:0]   rec_mark  = rec_h[21:6];
  wire [QW-1:0] rec_q     = rec_h[QW-1:0];
  // Data packets done minus the head's mark, mod 2^16: not negative once
  // every packet up to the mark is done (far fewer than 2^15 in flight).
  wire [15:0]   rec_gap   = ddone_q - rec_mark;
  wire          retire    = rec_v && (rec_drop || edone_q != 16'd0) &&
                            !rec_gap[15];
  wire          ret_alive = q_ready[rec_q] && !q_reset_req[rec_q];
  wire          unused_ok = &{1'b0, rec_h[5:0], rec_gap[14:0]};

  // A queue with retired chains to publish, round-robin (queue 0 first
  // after a reset); taken when an index publication starts.
  reg [NUM_QUEUES-1:0] dirty;
  wire                 dirty_v;
  wire [QW-1:0]        dirty_q;
  wire [NUM_QUEUES-1:0] dirty_oh;
  wire                 idx_en = (st_q == P_IDLE) && run && !kind_full && !el_q;
  integer              k, i;
  always @* begin
    for (k = 0; k < NUM_QUEUES; k = k + 1)
      dirty[k] = ret_q[k] != pub_q[k] && q_ready[k] && !q_reset_req[k];
  end

  vio_rr_arb #(
    .N          (NUM_QUEUES),
    .RESET_LAST (NUM_QUEUES - 1)
  ) u_rr (
    .clk    (clk),
    .rst_n  (rst_n && !srst),
    .req    (dirty),
    .en     (idx_en),
    .ack    (1'b1),
    .valid  (dirty_v),
    .gnt    (dirty_q),
    .gnt_oh (dirty_oh)
  );
  wire unused_rr = &{1'b0, dirty_oh}; // the pick is used by its index

  // Notification decision (2.7.7.2, 2.7.10).
  wire [15:0] ev       = rd_data[15:0];
  wire [15:0] old_idx  = pub_q[pq_q];
  wire [15:0] ev_a     = pv_q - ev - 16'd1;
  wire [15:0] ev_b     = pv_q - old_idx;
  wire        want_irq = feat_event_idx ? (ev_a < ev_b)
                                        : !rd_data[AVAIL_F_NO_INTERRUPT];

  // Index publication starts when the element writer is idle; elements
  // are accepted while it waits for its write response and the flags
  // read, so completions keep flowing during those round trips.
  wire start_idx = dirty_v;

  // Element writer: one used element at a time on the write port, which
  // the index publication holds only in P_IDX. A completion not to be
  // published is taken at once (its data packets still count); one to be
  // published starts the element write, and is taken once the write's
  // command and data beat have gone out.
  wire el_drop  = !el_q && cpl_valid && !rec_full && c_dead && st_q != P_ERR;
  wire el_start = !el_q && !el_drop && cpl_valid && !rec_full &&
                  !kind_full && st_q != P_ERR && st_q != P_IDX && !start_idx;
  wire el_fin   = el_q && (ecmd_q || wr_cmd_ready) && (edat_q || wr_ready);
  // used->idx: its command and data beat have gone out.
  wire idx_fin  = (st_q == P_IDX) && (cmd_sent_q || wr_cmd_ready) &&
                  (dat_sent_q || wr_ready);
  // The flags / used_event answer.
  wire irq_rsp  = (st_q == P_IRQW) && rd_valid && rd_last;
  // A DMA error on a write: the publisher stops.
  wire wr_bad   = (wr_done && wr_done_err) || (dwr_done && dwr_done_err);

  wire rec_push  = cpl_ready;
  wire kind_push = el_fin || idx_fin;
  wire kind_val  = idx_fin;
  wire pub_we    = irq_rsp && !rd_err;
  wire next_inc  = el_fin;

  always @* begin
    cpl_ready = el_drop || el_fin;
    used_irq  = pub_we && want_irq && q_ready[pq_q] && !q_reset_req[pq_q];
    err       = (irq_rsp && rd_err) || (wr_bad && st_q != P_ERR);

    wr_cmd_valid = 1'b0; wr_cmd_addr = 64'd0; wr_cmd_len = 4'd8;
    wr_valid = 1'b0; wr_data = {DATA_WIDTH{1'b0}};
    rd_cmd_valid = 1'b0; rd_cmd_addr = 64'd0;
    if (el_q) begin
      // used->ring[slot] = {id, len} (2.7.8: le32 id, le32 len)
      wr_cmd_valid = !ecmd_q;
      wr_cmd_addr = c_used + 64'd4 + {45'd0, c_slot, 3'd0};
      wr_cmd_len = 4'd8;
      wr_valid = !edat_q;
      wr_data[63:0] = {cpl_len, 16'd0, cpl_head};
    end
    case (st_q)
      P_IDX: begin
        // used->idx (2.7.8), after every element and data write it covers
        wr_cmd_valid = !cmd_sent_q;
        wr_cmd_addr = p_used + 64'd2;
        wr_cmd_len = 4'd2;
        wr_valid = !dat_sent_q;
        wr_data[15:0] = pv_q;
      end
      P_IRQ: begin
        // avail->flags, or used_event = avail->ring[size]
        rd_cmd_valid = 1'b1;
        rd_cmd_addr = feat_event_idx ?
                      p_avail + 64'd4 + {47'd0, p_size, 1'b0} : p_avail;
      end
      default: begin
      end
    endcase
  end

  // Control write packets in flight, answered in order: 1 = used->idx,
  // 0 = used element.
  wire                kind_h, kind_ready, kind_v;
  wire [$clog2(KD+1)-1:0] kind_count;
  assign kind_full = !kind_ready;
  vio_fifo #(
    .WIDTH (1),
    .DEPTH (KD)
  ) u_kind (
    .clk     (clk),
    .rst_n   (rst_n && !srst),
    .s_valid (kind_push),
    .s_ready (kind_ready),
    .s_data  (kind_val),
    .m_valid (kind_v),
    .m_ready (wr_done),
    .m_data  (kind_h),
    .count   (kind_count)
  );
  wire unused_kind = &{1'b0, kind_v, kind_count};

  always @(posedge clk) begin
    if (!rst_n || srst) begin
      st_q <= P_IDLE; pq_q <= {QW{1'b0}}; pv_q <= 16'd0;
      el_q <= 1'b0; ecmd_q <= 1'b0; edat_q <= 1'b0;
      cmd_sent_q <= 1'b0; dat_sent_q <= 1'b0;
      rec_wp_q <= 4'd0; rec_rp_q <= 4'd0; edone_q <= 16'd0; ddone_q <= 16'd0;
      idx_done_q <= 1'b0;
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        next_q[i] <= 16'd0; ret_q[i] <= 16'd0; pub_q[i] <= 16'd0;
      end
    end else begin
      // ---- element writer ----
      if (!el_q) begin
        ecmd_q <= 1'b0; edat_q <= 1'b0;
        if (el_start) el_q <= 1'b1;
      end else begin
        if (wr_cmd_ready) ecmd_q <= 1'b1;
        if (wr_ready) edat_q <= 1'b1;
        if (el_fin) el_q <= 1'b0;
      end

      // ---- index publication ----
      case (st_q)
        P_IDLE: begin
          cmd_sent_q <= 1'b0; dat_sent_q <= 1'b0;
          if (start_idx) begin
            pq_q <= dirty_q;
            pv_q <= ret_q[dirty_q];
            st_q <= P_IDX;
          end
        end

        P_IDX: begin
          if (wr_cmd_ready) cmd_sent_q <= 1'b1;
          if (wr_ready) dat_sent_q <= 1'b1;
          if (idx_fin) st_q <= P_IDXW;
        end

        P_IDXW: begin
          if (idx_done_q)
            st_q <= P_IRQ;
        end

        P_IRQ: begin
          if (rd_cmd_ready)
            st_q <= P_IRQW;
        end

        P_IRQW: begin
          if (irq_rsp)
            st_q <= rd_err ? P_ERR : P_IDLE;
        end

        P_ERR: begin
        end

        default: st_q <= P_IDLE;
      endcase
      if (wr_bad)
        st_q <= P_ERR;

      if (rec_push) begin
        // drop: no used element was written for it. A completion whose
        // queue stops while its element write is under way keeps the
        // write: it retires (and the queue's reset completes) only after
        // that write's response.
        rec_mem[rec_wp_q[2:0]] <= {c_dead && !el_q, cpl_wmark, cpl_queue};
        rec_wp_q <= rec_wp_q + 4'd1;
      end
      edone_q <= edone_q + {15'd0, wr_done && !kind_h} -
                 {15'd0, retire && !rec_drop};
      ddone_q <= ddone_q + {15'd0, dwr_done};
      if (wr_done && kind_h)
        idx_done_q <= 1'b1;
      else if (st_q == P_IRQ)
        idx_done_q <= 1'b0;
      if (retire)
        rec_rp_q <= rec_rp_q + 4'd1;
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        if (!q_ready[i] || q_reset_req[i]) begin
          next_q[i] <= 16'd0; ret_q[i] <= 16'd0; pub_q[i] <= 16'd0;
        end else begin
          if (next_inc && {{(7-QW){1'b0}}, cq} == i[6:0])
            next_q[i] <= next_q[i] + 16'd1;
          if (retire && !rec_drop && ret_alive &&
              {{(7-QW){1'b0}}, rec_q} == i[6:0])
            ret_q[i] <= ret_q[i] + 16'd1;
          if (pub_we && {{(7-QW){1'b0}}, pq_q} == i[6:0])
            pub_q[i] <= pv_q;
        end
      end
    end
  end

  genvar g;
  generate
    for (g = 0; g < NUM_QUEUES; g = g + 1) begin : g_qbusy
      reg     hit;
      reg [2:0] off;
      integer j;
      always @* begin
        hit = 1'b0;
        for (j = 0; j < RD; j = j + 1) begin
          off = j[2:0] - rec_rp_q[2:0];
          if ({1'b0, off} < rec_fill &&
              {{(7-QW){1'b0}}, rec_mem[j][QW-1:0]} == g)
            hit = 1'b1;
        end
      end
      assign q_busy[g] = hit ||
                         ((st_q == P_IDX || st_q == P_IDXW || st_q == P_IRQ ||
                           st_q == P_IRQW) &&
                          {{(7-QW){1'b0}}, pq_q} == g) ||
                         (el_q && {{(7-QW){1'b0}}, cq} == g);
    end
  endgenerate
endmodule

`default_nettype wire
