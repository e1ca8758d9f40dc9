// SPDX-License-Identifier: MIT
`default_nettype none

/// virtio-console device function, port 0 looped back (virtio v1.2 section
/// 5.3): every byte the driver transmits on transmitq(port0) (queue 1) comes
/// back, in order, on receiveq(port0) (queue 0). The console is a byte
/// stream (5.3.6): a transmit chain's bytes may be spread over several
/// receive chains and a receive chain may take the bytes of several transmit
/// chains; no byte is lost or reordered (but the unread tail of a transmit
/// chain the ring engine holds alone, below). Transmit chains complete with
/// used length 0 (nothing written), receive chains with the bytes written
/// (2.7.8.2). Offered with VIRTIO_CONSOLE_F_SIZE and F_EMERG_WRITE, not
/// MULTIPORT (no control queues).
///
/// Loopback buffer: a byte FIFO of BUF_BYTES (one byte RAM per lane, so a
/// beat goes in or out at any byte offset). A transmit chain's readable part
/// is read into it, in pieces as room frees, while write commands move the
/// bytes already in into receive chains; the transmit chain completes once
/// its last byte is in. A transmit chain of any length is carried whole: it
/// stays open while its bytes go out through as many receive chains as they
/// need (but for one the ring engine can not serve alongside a receive
/// chain: below). With no receive buffer posted the bytes wait in the FIFO,
/// the open transmit chain waits with them and the next one waits in its
/// ring (back-pressure: nothing is dropped). Each lane RAM has one write port and
/// one synchronous read port (registered read data with a read enable),
/// which synthesis maps to block RAM: the read side runs one beat ahead of
/// the write stream, fetching a write command's first beat while the
/// command is offered and the next beat as each one is taken, so the stream
/// still moves a beat per cycle.
///
/// Chains (a tagged device function, df_tagged high: each command names its
/// chain's tag, chains complete in any order; docs/device-function.md). At
/// most one transmit chain T and two receive chains R, R' are open:
///   - T       read T, one read command at a time, as room frees; complete
///             it (used length 0) once its last packet is in
///   - R, R'   the older one, R, takes write commands of the committed
///             bytes (then emergency characters) until it is full, or until
///             nothing is left to give and no transmit chain is open (while
///             T is open, R waits for T's bytes); then it completes (used
///             length: the bytes written) and R' becomes R
/// df_want names receiveq while fewer than two receive chains are open and
/// the bytes still to go (in the FIFO, arriving, left in T, emergency
/// characters) are more than their room; transmitq while no transmit chain
/// is open and every byte in the FIFO has been handed to a write command,
/// so a transmit chain of up to BUF_BYTES always fits without another chain
/// (so also: the device takes no new transmit chain while looped-back bytes
/// wait for a receive buffer, and a driver that waits for a transmit buffer
/// to be used without keeping receive buffers posted, as Linux's console
/// output path spins for its transmit buffer, waits until it posts one).
/// Each names a chain that is taken once the open ones have gone on on
/// their own; df_want_next is 0. With T open, the FIFO full and no receive
/// chain open, df_want names receiveq: the next receive chain is all T
/// needs.
///
/// A transmit chain the engine holds alone. The engine offers the next
/// chain only once the newest open chain has all of its buffers in its
/// slot (all but its last four used up), and no other chain while one of
/// more than SEGS buffers is open (or in line): df_chain_held says so. A
/// transmit chain longer than BUF_BYTES whose buffers before its last four
/// hold more than the FIFO and the open receive chains can take, or one of
/// more than SEGS buffers, can then go no further: T open and reading, the
/// FIFO full, no receive chain open (a full one completes on its own) and
/// df_chain_held high. The console never waits there (a device must not
/// hang on legal driver input): it reads what room is left, then completes
/// T with what it read and drops the rest of T's readable part, unread
/// (counted in drops_q), so the engine goes on and offers the receive
/// chains. Everything T read is committed by then (it is longer than
/// BUF_BYTES, so each uncut packet commits on its own, and a cut ends its
/// reads before this), and goes out in order: the receivers get an exact
/// prefix of T, at least BUF_BYTES long, then the next transmit chain's
/// bytes. A transmit chain of up to BUF_BYTES never gets there (it opens
/// only once every byte before it is given, so it fits the FIFO whole) and
/// keeps the whole-or-none rule. So the loop-back is lossless whenever the
/// engine can serve a receive chain alongside T: every chain of up to
/// BUF_BYTES, of up to four buffers whatever its length, or whose buffers
/// before its last four fit the FIFO and the receive chains open with it
/// (Linux's console writes one buffer of at most a page); otherwise it is
/// a counted drop of T's tail, never a hang.
///
/// Commit point (virtio 2.7.5: a buffer cut short by a stop holds bytes
/// the driver never wrote; docs/device-function.md, "When a chain stops
/// under you"). A read packet cut short by a stop (df_rd_cut) carries
/// padding, so bytes pass to write commands only below a commit pointer
/// that moves over a read packet once its last beat came uncut. A transmit
/// chain of up to BUF_BYTES commits with its last packet: whole or none of
/// it is looped. A longer one commits packet by packet (its bytes must go
/// out before it is read whole): a stop leaves the prefix of it read in
/// uncut packets, never a gap, never padding. A cut ends the chain's reads;
/// it completes as usual.
///
/// Emergency write (5.3.4, 5.3.5.1, F_EMERG_WRITE): a driver write with byte
/// strobe 0 to emerg_wr (offset 8) queues its low byte, at any time, even on
/// an unconfigured device. Queued characters join the looped stream at the
/// first boundary between transmit chains: when no transmit chain is open
/// and every transmit byte before has been handed to a write command (so
/// never inside a long transmit chain either); each is written as a 1-byte
/// command. While characters wait and a receive chain is open, no transmit
/// chain is taken. The queue holds EMERG_DEPTH characters; a character
/// written while it is full is dropped (counted in edrops_q). A device reset
/// empties it. The queue is a RAM read synchronously too: the character is
/// fetched while its write command is offered.
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
  /// longest transmit chain looped whole or not at all when a stop cuts it.
  parameter integer BUF_BYTES   = 4096,
  /// Emergency characters queued (a power of two >= 2).
  parameter integer EMERG_DEPTH = 16
) (
  // ---------------------------------------------------------------------------
  // Device-function port (vio_df_ports.vh), as this function uses it:
  // df_rst returns it to the reset state (FIFO and emergency queue emptied,
  // statistics cleared); df_want bit 0 is receiveq, bit 1 transmitq;
  // df_want_next is always 0 (the next chain is not known in advance);
  // df_chain_head is not needed (commands and completions name the tag);
  // df_chain_held ends a long transmit chain the engine holds alone; the
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
  localparam [31:0]   BUF_32 = BUF_BYTES;

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

  // FIFO pointers (bytes, one wrap bit): read beats land at wp; vp is the
  // commit point (the bytes below it may be passed on); cp marks the bytes
  // handed to write commands; write beats leave from rp.
  // rp <= cp <= vp <= wp; rsv is the room promised to the read command in
  // flight.
  reg [PW-1:0] wp_q;
  reg [PW-1:0] vp_q;
  reg [PW-1:0] cp_q;
  reg [PW-1:0] rp_q;
  reg [PW-1:0] rsv_q;

  reg [2:0]    rd_st_q;
  reg [1:0]    ttag_q;             // T's tag
  reg [31:0]   trem_q;             // bytes of T still to ask for
  reg          tbig_q;             // T is longer than the FIFO: each uncut
                                   // packet commits on its own
  reg [PW-1:0] rlen_cmd_q;         // bytes of the read command
  reg [PW-1:0] rleft_q;            // bytes of its packet still to come
  reg          owe_q;              // receiveq was named and no receive
                                   // chain taken since: it is still named

  reg [2:0]    wr_st_q;
  reg [1:0]    nr_q;               // receive chains open (0..2)
  reg [1:0]    rtag_q [0:1];       // their tags, oldest first
  reg [31:0]   rroom_q [0:1];      // their writable bytes not yet given
                                   // (0 past nr)
  reg [31:0]   rlen_q;             // the oldest: bytes written (used length)
  reg [PW-1:0] wlen_q;             // bytes of the write command
  reg [PW-1:0] wleft_q;            // bytes of its packet still to send
  reg          rv_q;               // the lane registers hold the beat at rp

  reg [EW:0]   ewp_q;              // emergency queue
  reg [EW:0]   erp_q;

  reg [31:0]   bytes_q;
  reg [31:0]   emerg_q;
  reg [31:0]   cuts_q;             // transmit bytes a stop kept from passing
  reg [31:0]   drops_q;            // transmit bytes dropped: T completed
                                   // while the engine held the next chain
  reg [31:0]   edrops_q;           // emergency characters dropped (full)

  reg [7:0]    emem [0:EMERG_DEPTH-1];
  reg [7:0]    ech_q;              // the character at erp, for WR_EDATA

  // ---------------------------------------------------------------------------
  // Derived state
  // ---------------------------------------------------------------------------
  wire          t_open = (rd_st_q != RD_IDLE);
  wire [PW-1:0] unc    = wp_q - cp_q;                // bytes not yet given
  wire [PW-1:0] vis    = vp_q - cp_q;                // ... of them committed
  wire [PW-1:0] fill   = wp_q - rp_q;
  wire [PW-1:0] room   = BUF_P - fill - rsv_q;       // FIFO bytes free
  wire [EW:0]   ecnt   = ewp_q - erp_q;
  wire [31:0]   vis32  = {{(32-PW){1'b0}}, vis};
  wire          efull  = (ecnt == EMERG_DEPTH[EW:0]);
  wire          ch_tx  = (df_chain_queue == 6'd1);
  wire          r_any  = (nr_q != 2'd0);
  wire [31:0]   room0  = rroom_q[0];

  // Bytes still to go into receive chains (in the FIFO not given, arriving,
  // still in T, emergency characters not given) against the room of the
  // open ones. Both shrink in the same cycle as bytes are given.
  wire          egiven = (wr_st_q == WR_ECMD) || (wr_st_q == WR_EDATA);
  wire [EW:0]   epend  = ecnt - {{EW{1'b0}}, egiven};
  wire [33:0]   need   = {{(34-PW){1'b0}}, unc} + {{(34-PW){1'b0}}, rsv_q} +
                         {2'b00, trem_q} + {{(33-EW){1'b0}}, epend};
  wire [33:0]   ropen  = {2'b00, rroom_q[0]} + {2'b00, rroom_q[1]};

  // The chains taken. The engine may walk a chain of any queue named in
  // df_want at any cycle, so each queue is named only when its chain will
  // be accepted (ch_ready below) once the open chains have gone on on their
  // own, without another chain first (docs/device-function.md).
  // - receiveq: while fewer than two receive chains are open and the bytes
  //   to go (need) are more than their room. That stays so until one is
  //   taken (the two shrink together as bytes are given; a receive chain
  //   completes with room left only when nothing is to go), except when a
  //   stop cuts T short and its bytes go: owe_q then keeps receiveq named
  //   until the chain the engine may have walked is taken (it may complete
  //   with used length 0).
  // - transmitq: while no transmit chain is open and every byte in the
  //   FIFO is given to a write command (unc 0: a transmit chain of up to
  //   BUF_BYTES then fits whole without another chain), and no emergency
  //   character waits for an open receive chain (it goes first, at this
  //   boundary). unc stays 0 while no transmit chain is open; emergency
  //   characters that arrive meanwhile are written into the open receive
  //   chains, which then complete, so the transmit chain is taken in the
  //   end either way.
  wire          want_rx = (nr_q != 2'd2) && (need > ropen || owe_q);
  wire          t_ok    = !t_open && unc == {PW{1'b0}} &&
                          (ecnt == {(EW+1){1'b0}} || !r_any);
  wire [1:0]    want    = (t_ok ? Q_TX : 2'b00) | (want_rx ? Q_RX : 2'b00);
  wire          ch_ready = ch_tx ? t_ok : want_rx;
  wire          take    = df_chain_valid && ch_ready;

  // Read beats: bytes in this beat; write beats likewise.
  wire [PW-1:0] rd_n    = (rleft_q < BPB_P) ? rleft_q : BPB_P;
  wire [PW-1:0] wr_n    = (wleft_q < BPB_P) ? wleft_q : BPB_P;
  wire          rd_beat = (rd_st_q == RD_DATA) && df_rd_valid;
  wire          rd_end  = rd_beat && (rleft_q <= BPB_P);
  wire          rd_cut  = rd_end && df_rd_last && df_rd_cut;
  wire [PW-1:0] rd_ask  = (trem_q < {{(32-PW){1'b0}}, room}) ?
                          trem_q[PW-1:0] : room;
  wire [PW-1:0] rd_min  = (trem_q < {{(32-PW){1'b0}}, HALF_P}) ?
                          trem_q[PW-1:0] : HALF_P;
  wire [31:0]   wr_give = (vis32 < room0) ? vis32 : room0;
  // T can not go on: the engine offers no receive chain until T moves on
  // (df_chain_held) and none is open to take the FIFO's bytes (an open
  // one that is full completes on its own first; with none open, every
  // byte given to a write command is gone, so fill is T's own bytes).
  // Only a T longer than the FIFO gets here (one of up to BUF_BYTES fits
  // it whole, as it opens with every byte before it given): T reads what
  // room is left, then completes, its unread rest dropped.
  wire          t_held  = tbig_q && !r_any && df_chain_held;
  wire          epush   = cfg_wr_en && cfg_wr_addr == CFG_EMERG_OFS &&
                          cfg_wstrb[0];
  wire          wfire   = (wr_st_q == WR_DATA) && rv_q && df_wr_ready;
  // Completions, one offered at a time (each holds its payload until
  // taken): T goes to RD_DONE only while the receive side offers none, and
  // the receive side to WR_DONE only while T neither offers nor starts one.
  wire          t_fin   = (rd_st_q == RD_WAIT) && trem_q == 32'd0 &&
                          (wr_st_q != WR_DONE);
  wire          r_fin_ok = (rd_st_q != RD_DONE) && !t_fin;
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
    if (!rst_n || df_rst) begin
      wp_q <= {PW{1'b0}}; vp_q <= {PW{1'b0}}; cp_q <= {PW{1'b0}};
      rp_q <= {PW{1'b0}}; rsv_q <= {PW{1'b0}};
      rd_st_q <= RD_IDLE; ttag_q <= 2'd0; trem_q <= 32'd0; tbig_q <= 1'b0;
      rlen_cmd_q <= {PW{1'b0}}; rleft_q <= {PW{1'b0}}; owe_q <= 1'b0;
      wr_st_q <= WR_IDLE; nr_q <= 2'd0;
      rtag_q[0] <= 2'd0; rtag_q[1] <= 2'd0;
      rroom_q[0] <= 32'd0; rroom_q[1] <= 32'd0; rlen_q <= 32'd0;
      wlen_q <= {PW{1'b0}}; wleft_q <= {PW{1'b0}}; rv_q <= 1'b0;
      ewp_q <= {(EW+1){1'b0}}; erp_q <= {(EW+1){1'b0}};
      bytes_q <= 32'd0; emerg_q <= 32'd0; cuts_q <= 32'd0;
      drops_q <= 32'd0; edrops_q <= 32'd0;
    end else begin
      owe_q <= want_rx && !(take && !ch_tx);

      // A chain opens. In a cycle where one is taken the engine takes no
      // command and no completion, so nr_q moves by one at most.
      if (take && ch_tx) begin
        rd_st_q <= RD_WAIT;
        ttag_q <= df_chain_tag;
        trem_q <= df_chain_rd_bytes;
        tbig_q <= (df_chain_rd_bytes > BUF_32);
      end
      if (take && !ch_tx) begin
        nr_q <= nr_q + 2'd1;
        rtag_q[nr_q[0]] <= df_chain_tag;
        rroom_q[nr_q[0]] <= df_chain_wr_bytes;
        if (!r_any) begin
          wr_st_q <= WR_WAIT;
          rlen_q <= 32'd0;
        end
      end

      // Transmit side: one read command at a time.
      case (rd_st_q)
        RD_IDLE: ;
        RD_WAIT: begin
          if (trem_q != 32'd0) begin
            // read as much as has room, once the room is worth a command
            // (held: any room)
            if (room >= rd_min || (t_held && room != {PW{1'b0}})) begin
              rlen_cmd_q <= rd_ask;
              trem_q <= trem_q - {{(32-PW){1'b0}}, rd_ask};
              rsv_q <= rsv_q + rd_ask;
              rd_st_q <= RD_CMD;
            end else if (t_held) begin
              // the FIFO full, no receive chain open and none to come
              // while T is open: complete T with what it read (all of it
              // committed, packet by packet) and drop its unread rest, so
              // the engine goes on to the receive chains. Nothing to read
              // is left to promise: need shrinks by trem_q, and owe_q
              // (set from this cycle's want_rx) keeps receiveq named for
              // a receive chain the engine may have walked meanwhile.
              drops_q <= drops_q + trem_q;
              trem_q <= 32'd0;
            end
          end else if (t_fin) begin
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
          wp_q <= wp_q + rd_n;
          if (rd_end) begin
            rd_st_q <= RD_WAIT;
            // The commit point (virtio 2.7.5 leaves a stopped buffer's
            // bytes undefined; docs/device-function.md): a packet's bytes
            // pass on only once its last beat came uncut. A transmit
            // chain of up to BUF_BYTES commits with its last packet (whole
            // or none), a longer one with each packet (a prefix).
            if ((tbig_q || trem_q == 32'd0) && !rd_cut)
              vp_q <= wp_q + rd_n;
          end
          if (rd_cut) begin
            // T was cut short by a stop: the bytes past the commit point
            // go, and it reads no more (this was its last packet)
            wp_q <= vp_q;
            trem_q <= 32'd0;
            cuts_q <= cuts_q + {{(32-PW){1'b0}}, wp_q + rd_n - vp_q};
          end
        end
        RD_DONE: if (df_done_ready) rd_st_q <= RD_IDLE;
        default: rd_st_q <= RD_IDLE;
      endcase

      // Receive side: the oldest open receive chain.
      case (wr_st_q)
        WR_IDLE: ;
        WR_WAIT: begin
          if (vis != {PW{1'b0}} && room0 != 32'd0) begin
            // the committed bytes, as many as fit
            wlen_q <= wr_give[PW-1:0];
            wleft_q <= wr_give[PW-1:0];
            cp_q <= cp_q + wr_give[PW-1:0];
            rroom_q[0] <= room0 - wr_give;
            rlen_q <= rlen_q + wr_give;
            bytes_q <= bytes_q + wr_give;
            wr_st_q <= WR_CMD;
          end else if (!t_open && ecnt != {(EW+1){1'b0}} &&
                       room0 != 32'd0) begin
            // at a boundary between transmit chains (none open, every
            // byte of the last one given): an emergency character
            rroom_q[0] <= room0 - 32'd1;
            rlen_q <= rlen_q + 32'd1;
            emerg_q <= emerg_q + 32'd1;
            wr_st_q <= WR_ECMD;
          end else if ((room0 == 32'd0 || !t_open) && r_fin_ok) begin
            // full, or nothing to give and no transmit chain to bring
            // more: complete it. While T is open it waits for T's bytes.
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
          // the newer receive chain, if any, is now the oldest
          nr_q <= nr_q - 2'd1;
          rtag_q[0] <= rtag_q[1];
          rroom_q[0] <= rroom_q[1];
          rroom_q[1] <= 32'd0;
          rlen_q <= 32'd0;
          wr_st_q <= (nr_q == 2'd2) ? WR_WAIT : WR_IDLE;
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
  // Tagged: every command names its chain; chains complete in any order.
  assign df_tagged       = 1'b1;
  assign df_rd_cmd_tag   = ttag_q;
  assign df_wr_cmd_tag   = rtag_q[0];
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
  // One completion at a time: T (used length 0) or the oldest receive
  // chain (bytes written).
  assign df_done_valid   = (rd_st_q == RD_DONE) || (wr_st_q == WR_DONE);
  assign df_done_tag     = (rd_st_q == RD_DONE) ? ttag_q : rtag_q[0];
  assign df_done_len     = (wr_st_q == WR_DONE) ? rlen_q : 32'd0;
  assign cfg_rdata       = cfg_q;
  assign cfg_change      = 1'b0;
  assign bytes           = bytes_q;
  assign emerg           = emerg_q;

  // The upper halves of the rotations are their wrapped copies.
  wire unused_ok = &{1'b0, df_chain_head, cfg_wdata[31:8],
                     cfg_wstrb[3:1], cuts_q, drops_q, edrops_q,
                     wdbl[2*DATA_WIDTH-1:DATA_WIDTH],
                     rdbl[2*DATA_WIDTH-1:DATA_WIDTH]};
endmodule

`default_nettype wire
