// SPDX-License-Identifier: MIT
`default_nettype none

/// Avail ring reader of the chain walker (vio_vq_walk; virtio v1.2 sections
/// 2.7.6, 2.7.10, 2.7.13): finds the head of the next available chain of the
/// served queue and hands it to the descriptor walker. Owns the per-queue
/// driver-side state: last_avail (the next avail entry to take), the avail
/// index last read and up to 4 avail ring entries read ahead.
///
/// Started on a queue by the scheduler (start), it takes the first way that
/// applies:
/// - an entry read ahead is at last_avail: its head is handed out the next
///   cycle, no read;
/// - the known avail index covers new entries: up to 4 of them are read at
///   once (never past the ring's end nor past the index) and kept;
/// - else the avail header (flags and idx, 4 bytes at avail + 0) is read,
///   and the entry at last_avail right behind it on the same read port: the
///   memory answers them in order, so the entry is never older than the
///   index (2.7.13). The entry's answer is dropped when the index shows
///   nothing new.
/// Reads are packets on the walker's control read port, one command each,
/// at most 8 bytes: every answer is one beat.
///
/// When the header shows nothing new the queue is drained (no longer
/// pending). With VIRTIO_F_EVENT_IDX the reader first writes avail_event =
/// last_avail (2 bytes at used + 4 + 8 * size, 2.7.10: the driver notifies
/// again when it makes that entry available) and reads the header once more
/// after the write completed, so a chain made available in between is not
/// missed.
///
/// Checks (CONFORMANCE table E; a failure pulses err and the reader stops
/// until srst): avail idx more than size past last_avail; head index out of
/// range; an error response on a header or entry read or on the avail_event
/// write. A chain put in line (taken) moves last_avail past its entry; one
/// handed back (c1_back) moves it back and empties the entry cache. A queue
/// that stops (not ready, queue reset) loses its state: indices back to 0.
module vio_vq_avail #(
  /// Number of virtqueues (1..64).
  parameter integer NUM_QUEUES = 2,
  /// Data bus width of the control read and write streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64
) (
  // ---------------------------------------------------------------------------
  // Clock and reset
  // ---------------------------------------------------------------------------
  /// Clock; everything is sampled on the rising edge.
  input  wire                  clk,
  /// Synchronous active-low reset.
  input  wire                  rst_n,
  /// Soft reset (device reset completing): back to the reset state.
  input  wire                  srst,

  // ---------------------------------------------------------------------------
  // Queues
  // ---------------------------------------------------------------------------
  /// Queue enabled (QueueReady).
  input  wire [NUM_QUEUES-1:0] q_ready,
  /// Queue reset in progress (level).
  input  wire [NUM_QUEUES-1:0] q_reset_req,
  /// VIRTIO_F_EVENT_IDX negotiated.
  input  wire                  feat_event_idx,

  // ---------------------------------------------------------------------------
  // Served queue (from vio_vq_sched)
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: start on queue start_queue (only while idle).
  input  wire                  start,
  /// The queue to start on, with start.
  input  wire [5:0]            start_queue,
  /// The served queue (start_queue from the cycle after start).
  input  wire [5:0]            wq,
  /// Its size in descriptors (a power of 2).
  input  wire [15:0]           wq_size,
  /// Its driver area (avail ring) address.
  input  wire [63:0]           wq_avail,
  /// Its device area (used ring) address.
  input  wire [63:0]           wq_used,
  /// Abandon the walk on wq now (no new read; an issued read is awaited).
  input  wire                  wq_stop,
  /// One-cycle pulse: wq's avail index shows nothing new (not pending).
  output reg                   drained,

  // ---------------------------------------------------------------------------
  // Chain heads, to vio_vq_desc
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: the chain at last_avail of wq starts at head; the
  /// descriptor walker takes it in the same cycle.
  output reg                   head_valid,
  /// Its head descriptor index (< wq_size), with head_valid.
  output wire [15:0]           head,

  // ---------------------------------------------------------------------------
  // Chain line (vio_vq_desc, vio_vq_seg)
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: the chain walked from wq is put in line: last_avail
  /// moves past its entry.
  input  wire                  taken,
  /// One-cycle pulse: the second chain in line is handed back to queue
  /// c1_queue: its last_avail moves back one.
  input  wire                  c1_back,
  /// Queue of the chain handed back, with c1_back.
  input  wire [5:0]            c1_queue,

  // ---------------------------------------------------------------------------
  // Control read port (shared with vio_vq_desc: zeros while not reading)
  // ---------------------------------------------------------------------------
  /// Read command: rd_cmd_len bytes at rd_cmd_addr, one packet.
  output reg                   rd_cmd_valid,
  /// The read DMA takes the command.
  input  wire                  rd_cmd_ready,
  /// Byte address of the read.
  output reg  [63:0]           rd_cmd_addr,
  /// Bytes to read (2..8).
  output reg  [4:0]            rd_cmd_len,
  /// A beat of the answer (always taken).
  input  wire                  rd_valid,
  /// The answer, packed from lane 0.
  input  wire [DATA_WIDTH-1:0] rd_data,
  /// Last beat of the answer.
  input  wire                  rd_last,
  /// With rd_last: some bus response of the read was an error.
  input  wire                  rd_err,

  // ---------------------------------------------------------------------------
  // Control write port for avail_event (to a vio_dma_wr)
  // ---------------------------------------------------------------------------
  /// Write command: 2 bytes at wr_cmd_addr (length set by the engine).
  output reg                   wr_cmd_valid,
  /// The write DMA takes the command.
  input  wire                  wr_cmd_ready,
  /// avail_event's address: used + 4 + 8 * size of wq.
  output wire [63:0]           wr_cmd_addr,
  /// The data beat, given with the command.
  output reg                   wr_valid,
  /// The write DMA takes the data beat.
  input  wire                  wr_ready,
  /// avail_event = last_avail of wq, in the low 16 bits.
  output wire [DATA_WIDTH-1:0] wr_data,
  /// One-cycle pulse: the write has its response.
  input  wire                  wr_done,
  /// With wr_done: the response was an error.
  input  wire                  wr_done_err,

  // ---------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------
  /// One-cycle pulse: malformed avail ring or a DMA error (table E).
  output reg                   err,
  /// Idle: neither reading nor stopped by an error.
  output wire                  idle,
  /// Reading for queue wq.
  output wire                  busy
);

  localparam integer QW = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;

  // States.
  localparam [3:0] A_IDLE     = 4'd0;
  localparam [3:0] A_HDR_RD   = 4'd1;  // issue the header read
  localparam [3:0] A_HDR_ENT  = 4'd2;  // issue the entry read behind it
  localparam [3:0] A_HDR_WAIT = 4'd3;  // the header's answer
  localparam [3:0] A_DRAIN    = 4'd4;  // drop the entry read's answer
  localparam [3:0] A_EV_WR    = 4'd5;  // write avail_event
  localparam [3:0] A_EV_WAIT  = 4'd6;  // its response
  localparam [3:0] A_ENT_RD   = 4'd7;  // issue the entries read
  localparam [3:0] A_ENT_WAIT = 4'd8;  // their answer
  localparam [3:0] A_ENT_HIT  = 4'd9;  // the head was read ahead
  localparam [3:0] A_ERR      = 4'd10; // stopped until srst

  // Parameters outside these ranges fail elaboration in every tool: the
  // module named after the rule does not exist.
  generate
    if (NUM_QUEUES < 1 || NUM_QUEUES > 64) begin : g_bad_queues
      vio_vq_avail_error_NUM_QUEUES_must_be_1_to_64 u_param_error ();
    end
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_vq_avail_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Per-queue state (written through enables in the clocked block)
  // ---------------------------------------------------------------------------
  reg [15:0] last_avail_q [0:NUM_QUEUES-1]; // next avail entry to take
  reg [15:0] avail_idx_q  [0:NUM_QUEUES-1]; // avail idx last read
  // Avail ring entries already read: ent_c_q[q] holds ent_n_q[q] heads, the
  // one at last_avail in the low 16 bits.
  reg [63:0] ent_c_q [0:NUM_QUEUES-1];
  reg [2:0]  ent_n_q [0:NUM_QUEUES-1];

  reg [3:0]  st_q;
  reg        armed_q;     // avail_event written, header re-read due
  reg        ev_pend_q;   // avail_event data beat still to send
  reg        ent_pend_q;  // entry read issued behind the header
  reg [3:0]  after_q;     // state after A_DRAIN
  reg [2:0]  en_q;        // entries asked by the entry read

  wire [QW-1:0] wqi = wq[QW-1:0];
  wire [QW-1:0] sqi = start_queue[QW-1:0];
  wire [15:0] size_mask = wq_size - 16'd1;
  wire [15:0] la        = last_avail_q[wqi];
  wire [63:0] ent_addr  = wq_avail + 64'd4 + {47'd0, la & size_mask, 1'b0};
  // Entries to read at once when the index is known: up to 4, never past
  // the ring's end nor past the index.
  wire [15:0] to_end    = wq_size - (la & size_mask);
  wire [15:0] ahead     = avail_idx_q[wqi] - la;
  wire [2:0]  en_spec   = (to_end < 16'd4) ? to_end[2:0] : 3'd4;
  wire [2:0]  en_known  = (ahead < {13'd0, en_spec}) ? ahead[2:0] : en_spec;
  // The answers are one beat: avail idx in bits 31:16 of the header, the
  // entries from bit 0.
  wire [15:0] idx_in    = rd_data[31:16];
  assign head = (st_q == A_ENT_HIT) ? ent_c_q[wqi][15:0] : rd_data[15:0];

  // ---------------------------------------------------------------------------
  // Answers and decisions (from registers and the read stream, which the
  // DMA drives from registers)
  // ---------------------------------------------------------------------------
  // An answer's last beat.
  wire rsp      = rd_valid && rd_last;
  wire hdr_rsp  = (st_q == A_HDR_WAIT) && rsp;
  wire ent_rsp  = (st_q == A_ENT_WAIT) && rsp;
  // The header's answer: table E, idx more than size past last_avail.
  // The index is kept (avail_idx_q of wq) unless the read failed or the
  // queue stopped.
  wire hdr_bad  = (idx_in - la) > wq_size;
  wire hdr_in   = hdr_rsp && !rd_err && !wq_stop;
  wire hdr_ok   = hdr_in && !hdr_bad;
  // ... and nothing new: avail_event is written first with EVENT_IDX.
  wire hdr_none = idx_in == la;
  wire hdr_ev   = feat_event_idx && !armed_q;
  // A head handed out: read now, or read ahead (table E: head in range).
  wire head_ok  = head < wq_size;
  wire ent_ok   = ent_rsp && !rd_err && !wq_stop;
  wire hit_ok   = (st_q == A_ENT_HIT) && !wq_stop;

  // ---------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------
  always @* begin
    rd_cmd_valid = 1'b0; rd_cmd_addr = 64'd0; rd_cmd_len = 5'd0;
    if (!wq_stop) begin
      case (st_q)
        A_HDR_RD: begin
          rd_cmd_valid = 1'b1; rd_cmd_addr = wq_avail; rd_cmd_len = 5'd4;
        end
        // one entry: a wider read would cost the first chain time
        A_HDR_ENT: begin
          rd_cmd_valid = 1'b1; rd_cmd_addr = ent_addr; rd_cmd_len = 5'd2;
        end
        A_ENT_RD: begin
          rd_cmd_valid = 1'b1; rd_cmd_addr = ent_addr;
          rd_cmd_len = {1'b0, en_known, 1'b0};
        end
        default: begin
        end
      endcase
    end
    // avail_event: the command and its data beat together
    wr_cmd_valid = (st_q == A_EV_WR) && ev_pend_q;
    wr_valid     = wr_cmd_valid;
    head_valid   = (ent_ok || hit_ok) && head_ok;
    drained      = hdr_ok && hdr_none && !hdr_ev;
    err          = (hdr_rsp && (rd_err || (!wq_stop && hdr_bad))) ||
                   ((st_q == A_EV_WAIT) && wr_done && wr_done_err) ||
                   (ent_rsp && rd_err) ||
                   ((ent_ok || hit_ok) && !head_ok);
  end

  // ---------------------------------------------------------------------------
  // Registers: the next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge.
  // ---------------------------------------------------------------------------
  integer i;
  always @(posedge clk) begin : p_seq
    reg [3:0] nxt;   // the state after A_HDR_WAIT's answer
    reg       ec_we; // the entry cache of wq takes the answer,
    reg [2:0] ec_wn; // ec_wn entries
    nxt = A_IDLE;
    if (rd_err)
      nxt = A_ERR;
    else if (wq_stop)
      nxt = A_IDLE;
    else if (hdr_bad)
      nxt = A_ERR;
    else if (!hdr_none)
      nxt = ent_pend_q ? A_ENT_WAIT : A_ENT_RD;
    else if (hdr_ev)
      nxt = A_EV_WR;
    // keep the entries the index covers for the next walks
    ec_we = ent_ok && head_ok;
    ec_wn = (ahead < {13'd0, en_q}) ? ahead[2:0] : en_q;
    if (!rst_n || srst) begin
      st_q <= A_IDLE; armed_q <= 1'b0; ev_pend_q <= 1'b0;
      ent_pend_q <= 1'b0; after_q <= A_IDLE; en_q <= 3'd0;
      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        last_avail_q[i] <= 16'd0;
        avail_idx_q[i] <= 16'd0;
        ent_c_q[i] <= 64'd0;
        ent_n_q[i] <= 3'd0;
      end
    end else begin
      case (st_q)
        A_IDLE: begin
          armed_q <= 1'b0;
          if (start) begin
            if (ent_n_q[sqi] != 3'd0)
              st_q <= A_ENT_HIT;
            else if (avail_idx_q[sqi] != last_avail_q[sqi])
              st_q <= A_ENT_RD;
            else
              st_q <= A_HDR_RD;
          end
        end

        A_HDR_RD: begin
          if (wq_stop)
            st_q <= A_IDLE;
          else if (rd_cmd_ready)
            st_q <= A_HDR_ENT;
        end

        A_HDR_ENT: begin
          // The entry at last_avail, read right behind the index on the
          // same AXI ID: the memory answers them in order, so the entry is
          // never older than the index (2.7.13), and a batch's first chain
          // costs one round trip less. Dropped when the index shows nothing
          // new.
          if (wq_stop) begin
            st_q <= A_HDR_WAIT;
          end else begin
            en_q <= 3'd1;
            if (rd_cmd_ready) begin
              st_q <= A_HDR_WAIT;
              ent_pend_q <= 1'b1;
            end
          end
        end

        A_DRAIN: begin
          // the speculative entry read's answer, not needed
          if (rsp) begin
            ent_pend_q <= 1'b0;
            st_q <= after_q;
          end
        end

        A_HDR_WAIT: begin
          if (rsp) begin
            // drop the entry read's answer first when it is not needed
            if (ent_pend_q && nxt != A_ENT_WAIT && nxt != A_ERR) begin
              after_q <= nxt;
              st_q <= A_DRAIN;
            end else begin
              st_q <= nxt;
            end
            if (nxt == A_EV_WR)
              ev_pend_q <= 1'b1;
          end
        end

        A_EV_WR: begin
          // avail_event = last_avail (2.7.10), then read the header again
          if (wq_stop && !ev_pend_q) begin
            st_q <= A_IDLE;
          end else if (wr_cmd_ready && wr_ready) begin
            ev_pend_q <= 1'b0;
            st_q <= A_EV_WAIT;
          end
        end

        A_EV_WAIT: begin
          if (wr_done) begin
            if (wr_done_err) begin
              st_q <= A_ERR;
            end else begin
              armed_q <= 1'b1;
              st_q <= A_HDR_RD;
            end
          end
        end

        A_ENT_RD: begin
          if (wq_stop) begin
            st_q <= A_IDLE;
          end else begin
            en_q <= en_known;
            if (rd_cmd_ready)
              st_q <= A_ENT_WAIT;
          end
        end

        A_ENT_WAIT: begin
          if (rsp) begin
            ent_pend_q <= 1'b0;
            st_q <= (rd_err || (!wq_stop && !head_ok)) ? A_ERR : A_IDLE;
          end
        end

        A_ENT_HIT: begin
          // the head was read with an earlier entry
          if (wq_stop)
            st_q <= A_IDLE;
          else
            st_q <= head_ok ? A_IDLE : A_ERR;
        end

        A_ERR: begin
          // stopped until srst
        end

        default: st_q <= A_IDLE;
      endcase

      for (i = 0; i < NUM_QUEUES; i = i + 1) begin
        if (!q_ready[i] || q_reset_req[i]) begin
          // the queue stopped: its state back to zero
          last_avail_q[i] <= 16'd0;
          avail_idx_q[i] <= 16'd0;
          ent_n_q[i] <= 3'd0;
        end else begin
          if (c1_back && c1_queue == i[5:0])
            last_avail_q[i] <= last_avail_q[i] - 16'd1;
          else if (taken && wq == i[5:0])
            last_avail_q[i] <= last_avail_q[i] + 16'd1;
          if (c1_back && c1_queue == i[5:0]) begin
            ent_n_q[i] <= 3'd0;  // the cache starts past the entry
          end else if (ec_we && wq == i[5:0]) begin
            ent_c_q[i] <= rd_data[63:0];
            ent_n_q[i] <= ec_wn;
          end else if (taken && wq == i[5:0] && ent_n_q[i] != 3'd0) begin
            ent_c_q[i] <= {16'd0, ent_c_q[i][63:16]};
            ent_n_q[i] <= ent_n_q[i] - 3'd1;
          end
          if (hdr_in && wq == i[5:0])
            avail_idx_q[i] <= idx_in;
        end
      end
    end
  end

  assign wr_cmd_addr = wq_used + 64'd4 + {45'd0, wq_size, 3'd0};
  assign wr_data = {{(DATA_WIDTH-16){1'b0}}, la};
  assign idle = (st_q == A_IDLE);
  assign busy = (st_q != A_IDLE) && (st_q != A_ERR);

  // Unused: the answer past its first 8 bytes, the queue number's high
  // bits.
  wire unused_ok = &{1'b0, rd_data, start_queue};
endmodule

`default_nettype wire
