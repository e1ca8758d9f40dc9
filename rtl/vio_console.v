// SPDX-License-Identifier: MIT
`default_nettype none

/// virtio-console device function, port 0 looped back (virtio v1.2 section
/// 5.3): every byte the driver transmits on transmitq(port0) (queue 1) comes
/// back, in order, on receiveq(port0) (queue 0). The console is a byte
/// stream (5.3.6): a transmit chain's bytes may be spread over several
/// receive chains and a receive chain may take the bytes of several transmit
/// chains; no byte is lost or reordered. Transmit chains complete with used
/// length 0 (nothing written), receive chains with the bytes written
/// (2.7.8.2). Offered with VIRTIO_CONSOLE_F_SIZE and F_EMERG_WRITE, not
/// MULTIPORT (no control queues).
///
/// Loopback buffer: a byte FIFO of BUF_BYTES (one byte RAM per lane, so a
/// beat goes in or out at any byte offset). A transmit chain's readable part
/// is read into it, in pieces as room frees, and completed once its last
/// byte is in; write commands then move the bytes into receive chains. With
/// no receive buffer posted the bytes wait in the FIFO and the next transmit
/// chain waits in its ring (back-pressure: nothing is dropped). Each lane
/// RAM has one write port and one synchronous read port (registered read
/// data with a read enable), which synthesis maps to block RAM: the read
/// side runs one beat ahead of the write stream, fetching a write
/// command's first beat while the command is offered and the next beat as
/// each one is taken, so the stream still moves a beat per cycle.
///
/// Chain order (an in-order device function, df_tagged low). The engine
/// keeps at most two chains open; reads go to the
/// newest, writes and completion to the oldest. So a transmit chain T can
/// only be read while it is the newest, and a receive chain R only written
/// while it is the oldest: while T is open, only a receive chain opened
/// before it could take bytes, and only one such chain exists. A transmit
/// chain is therefore opened only when every byte already in the FIFO has
/// been handed to a write command; its bytes then always fit: the FIFO
/// drains to empty without another chain. The open chains go through:
///   -         nothing open: transmit when no byte is pending, receive
///             when one is; either when only emergency characters wait
///   - T       read T; receive chain R opened behind it once all its read
///             commands are issued; T completes, then R is written
///   - R       write pending bytes (then emergency characters) into R;
///             a transmit chain may open behind it once no byte is pending,
///             a second receive chain when the bytes overflow R
///   - R T     R finishes its write beats and completes (it takes no new
///             bytes), T is read meanwhile
///   - T R     T's last beats arrive, T completes; then R is written
///   - R R'    R is filled and completes; R' is written next
/// df_want names only a chain that the state after the current one accepts
/// without another chain (docs/device-function.md); df_want_next is 0.
///
/// Limit: a transmit chain's readable part of up to BUF_BYTES is carried
/// whole. A longer one can not be: while it is open, only the receive chain
/// opened before it (if any; none when the FIFO was empty) can be written,
/// so its bytes past BUF_BYTES and that chain's room have nowhere to go
/// until it completes. Its first BUF_BYTES bytes are looped and the rest is
/// dropped when it completes (counted in drops_q).
///
/// Limit: the device takes no new transmit chain while looped-back bytes
/// wait for a receive buffer, so a driver that waits for a transmit buffer
/// to be used without keeping receive buffers posted (as Linux's console
/// output path spins for its transmit buffer) waits until it posts one.
///
/// Emergency write (5.3.4, 5.3.5.1, F_EMERG_WRITE): a driver write with byte
/// strobe 0 to emerg_wr (offset 8) queues its low byte, at any time, even on
/// an unconfigured device. Queued characters join the looped stream at the
/// first boundary between transmit chains: when no transmit chain is open
/// and every transmit byte before has been handed to a write command; each
/// is written as a 1-byte command. The queue holds EMERG_DEPTH characters; a
/// character written while it is full is dropped (counted in edrops_q). A
/// device reset empties it. The queue is a RAM read synchronously too: the
/// character is fetched while its write command is offered.
///
/// Configuration space (5.3.4, virtio_console_config): cols le16 at 0, rows
/// le16 at 2, max_nr_ports le32 at 4 (1; valid with MULTIPORT only), emerg_wr
/// le32 at 8 (reads 0). cfg_rdata follows cfg_rd_en by one cycle.
///
/// Every valid/ready output holds its payload while stalled: commands and
/// completions come from registers; a write beat's bytes sit in the lane
/// RAMs' output registers (or the emergency queue's) until the beat is
/// taken, and its lanes past the packet are 0.
module vio_console #(
  /// Data width of the engine's streams (64, 128 or 256).
  parameter integer DATA_WIDTH  = 64,
  /// Console columns (cols, VIRTIO_CONSOLE_F_SIZE).
  parameter [15:0]  COLS        = 16'd80,
  /// Console rows (rows, VIRTIO_CONSOLE_F_SIZE).
  parameter [15:0]  ROWS        = 16'd25,
  /// Bytes of the loopback FIFO (a power of two >= 2 * DATA_WIDTH/8): the
  /// longest transmit chain carried whole.
  parameter integer BUF_BYTES   = 4096,
  /// Emergency characters queued (a power of two >= 2).
  parameter integer EMERG_DEPTH = 16
) (
  // ---------------------------------------------------------------------------
  // Device-function port (vio_df_ports.vh), as this function uses it:
  // df_rst returns it to the reset state (FIFO and emergency queue emptied,
  // statistics cleared); df_want bit 0 is receiveq, bit 1 transmitq;
  // df_want_next is always 0 (the next chain is not known in advance);
  // df_chain_head is not needed (the engine completes chains in order); the
  // readable bytes are transmit data, the writable bytes receive room
  // ---------------------------------------------------------------------------
  `define VIO_DF_QUEUES 2
  `include "vio_df_ports.vh"
  `undef VIO_DF_QUEUES

  // ---------------------------------------------------------------------------
  // Configuration space (vio_cfg_ports.vh, from vio_mmio_regs): cols, rows
  // and max_nr_ports are read; a write to emerg_wr queues its low byte;
  // cfg_change stays low
  // ---------------------------------------------------------------------------
  `include "vio_cfg_ports.vh"

  // ---------------------------------------------------------------------------
  // Statistics
  // ---------------------------------------------------------------------------
  /// Transmitted bytes handed to receive chains.
  output wire [31:0]           bytes,
  /// Emergency characters handed to receive chains.
  output wire [31:0]           emerg
);

  localparam integer BPB   = DATA_WIDTH / 8;
  localparam integer OW    = $clog2(BPB);          // byte offset in a beat
  localparam integer DEPTH = BUF_BYTES / BPB;      // beats of the FIFO
  localparam integer RW    = $clog2(DEPTH);        // beat index
  localparam integer PW    = $clog2(BUF_BYTES) + 1; // byte pointer + wrap
  localparam integer EW    = $clog2(EMERG_DEPTH);
  localparam integer SW    = OW + 4;               // bit shifts, 0..8 * BPB

  localparam integer  HALF   = BUF_BYTES / 2;
  localparam [PW-1:0] BUF_P  = BUF_BYTES[PW-1:0];
  localparam [PW-1:0] HALF_P = HALF[PW-1:0];
  localparam [PW-1:0] BPB_P  = BPB[PW-1:0];
  localparam [SW-1:0] BPB_S  = BPB[SW-1:0];

  localparam [1:0]  Q_RX = 2'b01;   // receiveq(port0), queue 0 (5.3.2)
  localparam [1:0]  Q_TX = 2'b10;   // transmitq(port0), queue 1
  localparam [11:0] CFG_SIZE_OFS  = 12'h000; // cols, rows
  localparam [11:0] CFG_PORTS_OFS = 12'h004; // max_nr_ports
  localparam [11:0] CFG_EMERG_OFS = 12'h008; // emerg_wr

  // Transmit side: the open transmit chain, read into the FIFO.
  localparam [2:0] RD_IDLE = 3'd0; // no transmit chain open
  localparam [2:0] RD_WAIT = 3'd1; // open: next read command, or completion
  localparam [2:0] RD_CMD  = 3'd2; // read command
  localparam [2:0] RD_DATA = 3'd3; // its beats into the FIFO
  localparam [2:0] RD_DONE = 3'd4; // completion (used length 0)
  // Receive side: the oldest open receive chain, written from the FIFO.
  localparam [2:0] WR_IDLE  = 3'd0; // no receive chain open
  localparam [2:0] WR_WAIT  = 3'd1; // open: next write command, or completion
  localparam [2:0] WR_CMD   = 3'd2; // write command of FIFO bytes
  localparam [2:0] WR_DATA  = 3'd3; // its beats
  localparam [2:0] WR_ECMD  = 3'd4; // write command of one emergency character
  localparam [2:0] WR_EDATA = 3'd5; // its beat
  localparam [2:0] WR_DONE  = 3'd6; // completion (used length: bytes written)

  // ---------------------------------------------------------------------------
  // Parameter checks (elaboration fails on the non-existent module)
  // ---------------------------------------------------------------------------
  generate
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_console_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
    if (BUF_BYTES < 2 * BPB || (BUF_BYTES & (BUF_BYTES - 1)) != 0) begin : g_bad_buf
      vio_console_error_BUF_BYTES_must_be_a_power_of_2_of_at_least_2_beats u_param_error ();
    end
    if (EMERG_DEPTH < 2 || (EMERG_DEPTH & (EMERG_DEPTH - 1)) != 0) begin : g_bad_emerg
      vio_console_error_EMERG_DEPTH_must_be_a_power_of_2_of_at_least_2 u_param_error ();
    end
  endgenerate

  // FIFO pointers (bytes, one wrap bit): read beats land at wp; cp marks
  // the bytes handed to write commands; write beats leave from rp.
  // rp <= cp <= wp; rsv is the room promised to read commands in flight.
  reg [PW-1:0] wp_q;
  reg [PW-1:0] cp_q;
  reg [PW-1:0] rp_q;
  reg [PW-1:0] rsv_q;

  reg [2:0]    rd_st_q;
  reg [PW-1:0] trem_q;             // bytes of T still to ask for
  reg          thas_q;             // T brings at least one byte
  reg          owe_q;              // a receive chain named for a cut T
                                   // is still owed: named and taken next
  reg [PW-1:0] rlen_cmd_q;         // bytes of the read command
  reg [PW-1:0] rleft_q;            // bytes of its packet still to come
  reg          told_q;             // with both open: T is the oldest

  reg [2:0]    wr_st_q;
  reg [31:0]   rroom_q;            // R: writable bytes not yet given
  reg [31:0]   rlen_q;             // R: bytes written (used length)
  reg          r2_q;               // a second receive chain is open
  reg [31:0]   r2room_q;           // its writable bytes
  reg [PW-1:0] wlen_q;             // bytes of the write command
  reg [PW-1:0] wleft_q;            // bytes of its packet still to send
  reg          rv_q;               // the lane registers hold the beat at rp

  reg [EW:0]   ewp_q;              // emergency queue
  reg [EW:0]   erp_q;

  reg [31:0]   bytes_q;
  reg [31:0]   emerg_q;
  reg [31:0]   drops_q;            // transmit bytes past BUF_BYTES dropped
  reg [31:0]   edrops_q;           // emergency characters dropped (full)

  reg [7:0]    emem [0:EMERG_DEPTH-1];
  reg [7:0]    ech_q;              // the character at erp, for WR_EDATA

  // ---------------------------------------------------------------------------
  // Derived state
  // ---------------------------------------------------------------------------
  wire          t_open = (rd_st_q != RD_IDLE);
  wire          r_open = (wr_st_q != WR_IDLE);
  wire          t_old  = t_open && (!r_open || told_q); // T takes completion
  wire          t_new  = t_open && (!r_open || !told_q); // T takes reads
  wire          r_old  = r_open && (!t_open || !told_q); // R takes writes
  wire [PW-1:0] unc    = wp_q - cp_q;                // bytes not yet given
  wire [PW-1:0] fill   = wp_q - rp_q;
  wire [PW-1:0] room   = BUF_P - fill - rsv_q;       // FIFO bytes free
  wire [PW-1:0] pend   = unc + rsv_q;                // ... and arriving
  wire [EW:0]   ecnt   = ewp_q - erp_q;
  wire [31:0]   unc32  = {{(32-PW){1'b0}}, unc};
  wire [31:0]   pend32 = {{(32-PW){1'b0}}, pend};
  wire [32:0]   room2  = {1'b0, rroom_q} + {1'b0, r2room_q};
  wire          efull  = (ecnt == EMERG_DEPTH[EW:0]);
  wire          ch_tx  = (df_chain_queue == 6'd1);

  // The chain opened next. The engine may walk a chain of any queue named
  // here at any cycle, so each value must name a chain that will be
  // accepted (ch_ready below) once the open chains have finished on their
  // own. A transmit chain needs no pending byte (unc 0); a receive chain
  // needs a byte (or emergency character) for it.
  // - nothing open: pending bytes need a receive chain; with none, a
  //   transmit chain; emergency characters alone take either.
  // - T, or R then T: T brings bytes, so a receive chain follows T.
  // - T then R: R takes T's bytes (pending or still arriving, pend) after
  //   T completes; a receive chain after R when they overflow it, else a
  //   transmit chain (nothing pending once R took them).
  // - R then R': the bytes fill R (they overflowed it); the same rule on
  //   R' with what R leaves.
  // - R: a second receive chain when the pending bytes overflow R, else a
  //   transmit chain. As R takes bytes, they and its room shrink together
  //   and emergency characters do not count, so the choice stays right.
  reg [1:0] want;
  always @* begin
    if (!t_open && !r_open)
      want = (unc != {PW{1'b0}} || owe_q) ? Q_RX :
             (ecnt != {(EW+1){1'b0}}) ? (Q_RX | Q_TX) : Q_TX;
    else if (t_open && (!r_open || !told_q))
      want = thas_q ? Q_RX : 2'b00;
    else if (t_open)
      want = (pend32 > rroom_q || owe_q) ? Q_RX : Q_TX;
    else if (r2_q)
      want = ({1'b0, unc32} > room2) ? Q_RX : Q_TX;
    else
      want = (unc32 > rroom_q || owe_q) ? Q_RX : Q_TX;
  end

  // Accepting the offered chain depends on the open ones only: a transmit
  // chain when no byte is pending (its bytes then fit the FIFO), behind
  // nothing or behind a receive chain; a receive chain behind nothing when
  // there is something for it, behind T once T's read commands are all
  // issued (a later read would go to the newest chain), behind R when the
  // pending bytes overflow R.
  reg ch_ready;
  always @* begin
    if (!t_open && !r_open)
      ch_ready = ch_tx ? (unc == {PW{1'b0}} && !owe_q) :
                 (unc != {PW{1'b0}} || ecnt != {(EW+1){1'b0}} || owe_q);
    else if (t_open && !r_open)
      ch_ready = !ch_tx && thas_q && trem_q == {PW{1'b0}} &&
                 rd_st_q != RD_CMD;
    else if (r_open && !t_open && !r2_q)
      ch_ready = ch_tx ? (unc == {PW{1'b0}} && !owe_q) :
                 (unc32 > rroom_q || owe_q);
    else
      ch_ready = 1'b0;
  end
  wire take = df_chain_valid && ch_ready;

  // Read beats: bytes in this beat; write beats likewise.
  wire [PW-1:0] rd_n   = (rleft_q < BPB_P) ? rleft_q : BPB_P;
  wire [PW-1:0] wr_n   = (wleft_q < BPB_P) ? wleft_q : BPB_P;
  wire          rd_beat = (rd_st_q == RD_DATA) && df_rd_valid;
  wire [PW-1:0] rd_ask  = (trem_q < room) ? trem_q : room;
  wire [PW-1:0] rd_min  = (trem_q < HALF_P) ? trem_q : HALF_P;
  wire [31:0]   wr_give = (unc32 < rroom_q) ? unc32 : rroom_q;
  wire          epush   = cfg_wr_en && cfg_wr_addr == CFG_EMERG_OFS &&
                          cfg_wstrb[0];
  wire          wfire   = (wr_st_q == WR_DATA) && rv_q && df_wr_ready;
  // The write stream's pointer and bytes left after this cycle (rp_q and
  // wleft_q next, while a write command is offered or streamed). The FIFO
  // fetches the beat starting at rp_nx (below: one beat ahead).
  wire [PW-1:0] rp_nx    = wfire ? rp_q + wr_n : rp_q;
  wire [PW-1:0] wleft_nx = wfire ? wleft_q - wr_n : wleft_q;
  wire          fetch   = (wr_st_q == WR_CMD || wr_st_q == WR_DATA) &&
                          (wleft_nx != {PW{1'b0}}) && (!rv_q || wfire);

  // ---------------------------------------------------------------------------
  // Registers. The next state is computed here, in the clocked process, so
  // that a simulator evaluates it once per clock edge rather than with every
  // input change. Later assignments win.
  // ---------------------------------------------------------------------------
  always @(posedge clk) begin : p_seq
    reg [31:0] tcap;  // bytes of a new transmit chain carried
    tcap = (df_chain_rd_bytes > {{(32-PW){1'b0}}, BUF_P}) ?
           {{(32-PW){1'b0}}, BUF_P} : df_chain_rd_bytes;
    if (!rst_n || df_rst) begin
      wp_q <= {PW{1'b0}}; cp_q <= {PW{1'b0}}; rp_q <= {PW{1'b0}};
      rsv_q <= {PW{1'b0}};
      rd_st_q <= RD_IDLE; trem_q <= {PW{1'b0}}; thas_q <= 1'b0;
      owe_q <= 1'b0;
      rlen_cmd_q <= {PW{1'b0}}; rleft_q <= {PW{1'b0}}; told_q <= 1'b0;
      wr_st_q <= WR_IDLE; rroom_q <= 32'd0; rlen_q <= 32'd0; r2_q <= 1'b0;
      r2room_q <= 32'd0; wlen_q <= {PW{1'b0}}; wleft_q <= {PW{1'b0}};
      rv_q <= 1'b0;
      ewp_q <= {(EW+1){1'b0}}; erp_q <= {(EW+1){1'b0}};
      bytes_q <= 32'd0; emerg_q <= 32'd0; drops_q <= 32'd0;
      edrops_q <= 32'd0;
    end else begin
      // A chain opens.
      if (take && ch_tx) begin
        rd_st_q <= RD_WAIT;
        trem_q <= tcap[PW-1:0];
        thas_q <= (tcap != 32'd0);
        drops_q <= drops_q + (df_chain_rd_bytes - tcap);
        told_q <= 1'b0;                // a receive chain open is older
      end
      if (take && !ch_tx) begin
        owe_q <= 1'b0;
        if (r_open) begin
          r2_q <= 1'b1;
          r2room_q <= df_chain_wr_bytes;
        end else begin
          wr_st_q <= WR_WAIT;
          rroom_q <= df_chain_wr_bytes;
          rlen_q <= 32'd0;
          told_q <= t_open;            // an open transmit chain is older
        end
      end

      // Transmit side.
      case (rd_st_q)
        RD_IDLE: ;
        RD_WAIT: begin
          if (trem_q != {PW{1'b0}}) begin
            // read as much as has room, once the room is worth a command
            if (t_new && room >= rd_min) begin
              rlen_cmd_q <= rd_ask;
              trem_q <= trem_q - rd_ask;
              rsv_q <= rsv_q + rd_ask;
              rd_st_q <= RD_CMD;
            end
          end else if (t_old) begin
            rd_st_q <= RD_DONE;
          end
        end
        RD_CMD: if (df_rd_cmd_ready) begin
          rleft_q <= rlen_cmd_q;
          rd_st_q <= RD_DATA;
        end
        RD_DATA: if (df_rd_valid) begin
          rsv_q <= rsv_q - rd_n;
          rleft_q <= rleft_q - rd_n;
          if (rleft_q <= BPB_P) rd_st_q <= RD_WAIT;
          if (df_rd_last && df_rd_cut) begin
            // T was cut short by a stop: none of its bytes is passed on
            // (they are all still pending: T opened with none pending, and
            // pending bytes go out only once T is closed), and it reads no
            // more (one read command at a time: this was its last packet).
            wp_q <= cp_q;
            trem_q <= {PW{1'b0}};
            // a receive chain named for T's bytes (df_want says so now:
            // behind T, or behind the receive chain open before T whose
            // room T's bytes overflow) may already be walked: it is still
            // named until taken, then taken (and completed with what it
            // gets, maybe nothing), as the engine expects of a named queue
            owe_q <= want[0];
            drops_q <= drops_q + {{(32-PW){1'b0}}, unc + rd_n};
          end else begin
            wp_q <= wp_q + rd_n;
          end
        end
        RD_DONE: if (df_done_ready) rd_st_q <= RD_IDLE;
        default: rd_st_q <= RD_IDLE;
      endcase

      // Receive side.
      case (wr_st_q)
        WR_IDLE: ;
        WR_WAIT: if (r_old) begin
          if (!t_open && unc != {PW{1'b0}} && rroom_q != 32'd0) begin
            // the pending bytes, as many as fit
            wlen_q <= wr_give[PW-1:0];
            wleft_q <= wr_give[PW-1:0];
            cp_q <= cp_q + wr_give[PW-1:0];
            rroom_q <= rroom_q - wr_give;
            rlen_q <= rlen_q + wr_give;
            bytes_q <= bytes_q + wr_give;
            wr_st_q <= WR_CMD;
          end else if (!t_open && ecnt != {(EW+1){1'b0}} &&
                       rroom_q != 32'd0) begin
            // at a boundary between transmit chains: an emergency character
            rroom_q <= rroom_q - 32'd1;
            rlen_q <= rlen_q + 32'd1;
            emerg_q <= emerg_q + 32'd1;
            wr_st_q <= WR_ECMD;
          end else begin
            // full, nothing pending, or a transmit chain opened behind it
            wr_st_q <= WR_DONE;
          end
        end
        WR_CMD:   if (df_wr_cmd_ready) wr_st_q <= WR_DATA;
        WR_DATA:  if (wfire) begin
          rp_q <= rp_nx;
          wleft_q <= wleft_nx;
          if (wleft_q <= BPB_P) wr_st_q <= WR_WAIT;
        end
        WR_ECMD:  if (df_wr_cmd_ready) wr_st_q <= WR_EDATA;
        WR_EDATA: if (df_wr_ready) begin
          erp_q <= erp_q + 1'b1;
          wr_st_q <= WR_WAIT;
        end
        WR_DONE:  if (df_done_ready) begin
          if (r2_q) begin
            // the second receive chain is now the oldest
            r2_q <= 1'b0;
            rroom_q <= r2room_q;
            rlen_q <= 32'd0;
            wr_st_q <= WR_WAIT;
          end else begin
            wr_st_q <= WR_IDLE;
          end
        end
        default: wr_st_q <= WR_IDLE;
      endcase
      rv_q <= fetch || (rv_q && !wfire);

      // Emergency writes queue at any time.
      if (epush) begin
        if (!efull) ewp_q <= ewp_q + 1'b1;
        else edrops_q <= edrops_q + 32'd1;
      end
    end
  end

  // The emergency queue: one write port, a synchronous read port. The
  // character at erp is fetched while its write command is offered
  // (WR_ECMD always precedes WR_EDATA) and held until its beat is taken;
  // the entry can not be rewritten meanwhile (a push goes to ewp, which
  // meets erp only when the queue is empty or full).
  wire ech_re = (wr_st_q == WR_ECMD);
  always @(posedge clk) begin
    if (epush && !efull) emem[ewp_q[EW-1:0]] <= cfg_wdata[7:0];
    if (ech_re) ech_q <= emem[erp_q[EW-1:0]];
  end

  // ---------------------------------------------------------------------------
  // FIFO: one byte RAM per lane. Byte p of the stream lives in lane p mod BPB,
  // row p / BPB. A read beat is rotated to wp's lane; a write beat is
  // gathered from rp's lane on and rotated back to lane 0.
  //
  // The lane RAMs read synchronously, one beat ahead of the write stream
  // (as vio_blk's disk): the beat starting at rp_nx is fetched into the lane
  // registers when they are empty or their beat is being taken, so they
  // hold the beat at rp_q while it is offered. Its bytes are below cp, so
  // they were in the RAMs when its write command was decided; a read beat
  // lands only at wp and on, so it never rewrites them (a lane past the
  // beat may read a row being written: its byte is masked to 0).
  // ---------------------------------------------------------------------------
  wire [OW-1:0]           woff = wp_q[OW-1:0];
  wire [OW-1:0]           roff = rp_q[OW-1:0];
  wire [OW-1:0]           foff = rp_nx[OW-1:0];
  wire [SW-1:0]           wsh  = (BPB_S - {{(SW-OW){1'b0}}, woff}) << 3;
  wire [SW-1:0]           rsh  = {{(SW-OW){1'b0}}, roff} << 3;
  wire [2*DATA_WIDTH-1:0] wdbl = {df_rd_data, df_rd_data} >> wsh;
  wire [DATA_WIDTH-1:0]   wrot = wdbl[DATA_WIDTH-1:0];
  wire [DATA_WIDTH-1:0]   bank;
  wire [2*DATA_WIDTH-1:0] rdbl = {bank, bank} >> rsh;
  wire [DATA_WIDTH-1:0]   out_beat;

  genvar l;
  generate
    for (l = 0; l < BPB; l = l + 1) begin : g_lane
      localparam [OW-1:0] LANE = l;
      reg  [7:0]    mem [0:DEPTH-1];
      reg  [7:0]    out_q;           // read data: this lane's byte of the beat
      // the beat byte this lane takes (widx, ridx) and its row: the next
      // row for the lanes below the pointer's (carry out of offset + idx)
      wire [OW-1:0] widx = LANE - woff;
      wire [OW-1:0] ridx = LANE - foff;
      wire [OW:0]   wsum = {1'b0, woff} + {1'b0, widx};
      wire [OW:0]   rsum = {1'b0, foff} + {1'b0, ridx};
      wire [RW-1:0] wrow = wp_q[OW +: RW] + {{(RW-1){1'b0}}, wsum[OW]};
      wire [RW-1:0] rrow = rp_nx[OW +: RW] + {{(RW-1){1'b0}}, rsum[OW]};
      wire          wen  = rd_beat && ({{(PW-OW){1'b0}}, widx} < rd_n);
      always @(posedge clk) begin
        if (wen) mem[wrow] <= wrot[8*l +: 8];
        if (fetch) out_q <= mem[rrow];
      end
      assign bank[8*l +: 8] = out_q;
      assign out_beat[8*l +: 8] = ({{(PW-OW){1'b0}}, LANE} < wr_n) ?
                                  rdbl[8*l +: 8] : 8'd0;
    end
  endgenerate

  // ---------------------------------------------------------------------------
  // Configuration space
  // ---------------------------------------------------------------------------
  reg [31:0] cfg_q;
  always @(posedge clk) begin
    if (!rst_n)
      cfg_q <= 32'd0;
    else if (cfg_rd_en)
      case (cfg_rd_addr)
        CFG_SIZE_OFS:  cfg_q <= {ROWS, COLS};
        CFG_PORTS_OFS: cfg_q <= 32'd1;
        default:       cfg_q <= 32'd0; // emerg_wr reads 0; the rest is 0
      endcase
  end

  assign df_want         = want;
  assign df_want_next    = 2'b00;
  // In order: reads to the newest chain, writes and completion to the
  // oldest; no tags.
  assign df_tagged       = 1'b0;
  assign df_rd_cmd_tag   = 2'd0;
  assign df_wr_cmd_tag   = 2'd0;
  assign df_done_tag     = 2'd0;
  assign df_chain_ready  = ch_ready;
  assign df_rd_cmd_valid = (rd_st_q == RD_CMD);
  assign df_rd_cmd_len   = {{(32-PW){1'b0}}, rlen_cmd_q};
  assign df_rd_ready     = (rd_st_q == RD_DATA);
  assign df_wr_cmd_valid = (wr_st_q == WR_CMD) || (wr_st_q == WR_ECMD);
  assign df_wr_cmd_len   = (wr_st_q == WR_ECMD) ? 32'd1 :
                           {{(32-PW){1'b0}}, wlen_q};
  assign df_wr_valid     = ((wr_st_q == WR_DATA) && rv_q) ||
                           (wr_st_q == WR_EDATA);
  assign df_wr_data      = (wr_st_q == WR_EDATA) ?
                           {{(DATA_WIDTH-8){1'b0}}, ech_q} : out_beat;
  // Only the oldest chain completes: T (used length 0) or R (bytes written).
  assign df_done_valid   = (rd_st_q == RD_DONE) || (wr_st_q == WR_DONE);
  assign df_done_len     = (wr_st_q == WR_DONE) ? rlen_q : 32'd0;
  assign cfg_rdata       = cfg_q;
  assign cfg_change      = 1'b0;
  assign bytes           = bytes_q;
  assign emerg           = emerg_q;

  // The upper halves of the rotations are their wrapped copies.
  wire unused_ok = &{1'b0, df_chain_tag, df_chain_head, cfg_wdata[31:8],
                     cfg_wstrb[3:1], drops_q, edrops_q,
                     wdbl[2*DATA_WIDTH-1:DATA_WIDTH],
                     rdbl[2*DATA_WIDTH-1:DATA_WIDTH]};
endmodule

`default_nettype wire
