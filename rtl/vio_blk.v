// SPDX-License-Identifier: MIT
`default_nettype none

/// virtio-blk device function, a RAM disk (virtio v1.2 section 5.2): one
/// request queue (queue 0, requestq1), DISK_BYTES of storage inside the
/// device, two requests in flight (the next one read and decoded while the
/// one before is written), data streamed one beat per cycle in both
/// directions.
///
/// Request (5.2.6): a readable header {le32 type, le32 reserved, le64
/// sector}, then the data (readable for OUT, writable for IN), then the u8
/// status as the last writable byte. How the driver split it across
/// descriptors is invisible here (2.7.4.1: the engine packs the streams).
/// The device writes its writable part in order, so to reach the status
/// byte it writes every writable byte: the disk data for a good IN, the id
/// then NUL padding for GET_ID, zeros otherwise. The used length is always
/// the whole writable part (2.7.8.2: a 512-byte read gives 513, a write 1).
///
/// | type             | done                                                |
/// |------------------|-----------------------------------------------------|
/// | IN 0             | data = the writable part less the status byte       |
/// | OUT 1            | data = the readable part past the header            |
/// | FLUSH 4          | OK (the RAM disk has no cache to write back)        |
/// | GET_ID 8         | DISK_ID, first character first, NUL padded to 20    |
/// |                  | bytes, then zeros; a shorter data part gets the     |
/// |                  | first bytes of the id; OK                           |
/// | DISCARD 11       | one segment {le64 sector, le32 num_sectors, le32    |
/// |                  | flags}: the sectors read back as zeros afterwards   |
/// | WRITE_ZEROES 13  | the same segment: the sectors become zeros          |
/// | anything else    | UNSUPP                                              |
///
/// Status (5.2.6, CONFORMANCE D), first rule that applies:
/// - no writable byte: no status can be written; the chain completes with
///   used length 0 and changes nothing (counted as an error);
/// - header shorter than 16 bytes: IOERR;
/// - DISCARD / WRITE_ZEROES whose readable data part is not exactly one
///   16-byte segment (max_discard_seg = max_write_zeroes_seg = 1): UNSUPP,
///   as QEMU; a reserved flag bit set, or the unmap flag on DISCARD:
///   UNSUPP (5.2.6.2);
/// - READ_ONLY: OUT, DISCARD and WRITE_ZEROES get IOERR and change nothing
///   (5.2.6.2);
/// - IN / OUT whose data length is not a multiple of 512, and any range
///   past the current capacity (sector + sectors > capacity, without
///   overflow): IOERR, nothing moved to or from the disk (an IN then gets
///   zeros before the status).
/// A range check passes for sector + sectors == capacity exactly; a request
/// of 0 sectors at sector <= capacity is OK.
///
/// Medium: the disk is a DATA_WIDTH-wide synchronous-read RAM (one access
/// port: registered read data with a read enable, written in the same
/// clocked block), which synthesis maps to block RAM. It starts zeroed
/// (initial contents) and keeps its content across device resets (df_rst)
/// and rst_n: it is the medium, not device state. The capacity survives
/// df_rst; rst_n restores the full size. A request cut short by a device
/// reset, a queue reset or DEVICE_NEEDS_RESET (stop) never completes; the
/// sectors it was writing keep what it wrote before the stop, and the
/// zeros the engine pads the rest of its data with are not written.
///
/// Resize (5.2.4, S13): a resize_valid pulse sets the capacity to
/// min(resize_sectors, DISK_BYTES / 512) and pulses cfg_change one cycle
/// later (the register block raises the configuration-change interrupt and
/// moves ConfigGeneration). A request already past its range check is not
/// affected.
///
/// Configuration space (5.2.4, struct virtio_blk_config), read-only:
/// capacity (le64 at 0), max_discard_sectors (36) and
/// max_write_zeroes_sectors (48) = the disk's sectors, max_discard_seg (40)
/// and max_write_zeroes_seg (52) = 1, discard_sector_alignment (44) = 1,
/// write_zeroes_may_unmap (56) = 0 (5.2.6.2: the RAM disk never deallocates
/// a sector); everything else 0. cfg_rdata follows cfg_rd_en by one cycle.
///
/// Device-function contract (docs/device-function.md): in order, two chains
/// open. df_want and df_want_next always name queue 0 (every chain is
/// taken). Three parts work at once:
/// - the front stage takes the newest chain: a header read (16 bytes) and,
///   right behind it, a read of the rest of the readable part (an OUT's
///   data, a DISCARD / WRITE_ZEROES segment, or bytes not needed), issued
///   before the header is decoded, so an OUT's data follows its header
///   without a round trip; it decodes the header, and hands the request to
///   the back stage once every read of its chain is issued;
/// - the sink takes that second packet: OUT data into the disk, the
///   segment for the front stage, anything else dropped;
/// - the back stage takes the oldest chain: one write command of the whole
///   writable part, then completion once the sink has its data.
/// So the next request's header read and an OUT's data move while the
/// previous request's data is written. The disk has one port: the front
/// stage issues the read past a header only once the back stage has
/// fetched all of its IN data (and its write command is taken), so the
/// requests reach the disk in the order they were made available; the RAM
/// disk completes them in that order too (2.7.8 would allow any).
/// Every valid/ready output holds its payload while stalled: the disk read
/// data sits in the RAM's output register until taken.
module vio_blk #(
  /// Data width of the engine's streams (64, 128 or 256).
  parameter integer DATA_WIDTH = 64,
  /// Bytes of the RAM disk (a multiple of 512 and of DATA_WIDTH/8, at
  /// least 512).
  parameter integer DISK_BYTES = 1048576,
  /// 1: the disk is read-only (VIRTIO_BLK_F_RO offered by vio_top); writes
  /// fail with IOERR.
  parameter integer READ_ONLY  = 0,
  /// GET_ID serial: a Verilog string of at most 20 characters.
  parameter [159:0] DISK_ID    = "vio-blk-ramdisk"
) (
  // ---------------------------------------------------------------------------
  // Device-function port (vio_df_ports.vh): df_want bit 0 is requestq;
  // df_rst returns it to waiting for a chain (the disk and the capacity
  // stay)
  // ---------------------------------------------------------------------------
  `define VIO_DF_QUEUES 1
  `include "vio_df_ports.vh"
  `undef VIO_DF_QUEUES

  // ---------------------------------------------------------------------------
  // Configuration space (vio_cfg_ports.vh, from vio_mmio_regs): read-only
  // (writes are ignored); cfg_change pulses one cycle after a resize
  // ---------------------------------------------------------------------------
  `include "vio_cfg_ports.vh"

  // ---------------------------------------------------------------------------
  // Medium events
  // ---------------------------------------------------------------------------
  /// The device is stopping (device reset requested, DEVICE_NEEDS_RESET,
  /// the queue reset or not ready): the engine pads every read from now on
  /// (docs/device-function.md), so nothing more is written to the disk.
  input  wire                  stop,
  /// One-cycle pulse: the capacity becomes resize_sectors (clamped).
  input  wire                  resize_valid,
  /// The new capacity in 512-byte sectors.
  input  wire [63:0]           resize_sectors,

  // ---------------------------------------------------------------------------
  // Statistics
  // ---------------------------------------------------------------------------
  /// Requests completed.
  output wire [31:0]           requests,
  /// Requests completed with a status other than OK (or without one).
  output wire [31:0]           errors
);

  localparam integer BPB     = DATA_WIDTH / 8;
  localparam integer LOG_BPB = $clog2(BPB);
  localparam integer WORDS   = DISK_BYTES / BPB;
  localparam integer AW      = $clog2(WORDS);
  localparam integer SH      = 9 - LOG_BPB;  // log2(beats per sector)
  localparam [31:0]  SECT32  = DISK_BYTES / 512;
  localparam [63:0]  SECTORS = {32'd0, SECT32};
  localparam integer IDB     = (20 + BPB - 1) / BPB; // beats of the id

  // Request types and status values (5.2.6).
  localparam [31:0] T_IN     = 32'd0;
  localparam [31:0] T_OUT    = 32'd1;
  localparam [31:0] T_FLUSH  = 32'd4;
  localparam [31:0] T_GET_ID = 32'd8;
  localparam [31:0] T_DISC   = 32'd11;
  localparam [31:0] T_WZ     = 32'd13;
  localparam [1:0]  S_OK     = 2'd0;
  localparam [1:0]  S_IOERR  = 2'd1;
  localparam [1:0]  S_UNSUPP = 2'd2;

  // Source of the writable bytes before the status.
  localparam [1:0] SRC_ZERO = 2'd0;
  localparam [1:0] SRC_DISK = 2'd1;
  localparam [1:0] SRC_ID   = 2'd2;

  // Front stage: the newest chain's readable part.
  localparam [3:0] F_IDLE = 4'd0;  // waiting for a chain
  localparam [3:0] F_HCMD = 4'd1;  // header read command
  localparam [3:0] F_HDR  = 4'd2;  // header beats
  localparam [3:0] F_DEC  = 4'd3;  // decode the header
  localparam [3:0] F_SEGW = 4'd4;  // wait for the segment (the sink)
  localparam [3:0] F_SDEC = 4'd5;  // decode the segment
  localparam [3:0] F_ZERO = 4'd6;  // zero the segment's sectors
  localparam [3:0] F_JOB  = 4'd7;  // decoded: wait for the back stage
  // Back stage: the oldest chain's writable part and completion.
  localparam [1:0] K_IDLE = 2'd0;  // no request
  localparam [1:0] K_WCMD = 2'd1;  // write command: the writable part
  localparam [1:0] K_WR   = 2'd2;  // its beats
  localparam [1:0] K_DONE = 2'd3;  // completion
  // What the sink does with the readable part past the header.
  localparam [1:0] D_DRAIN = 2'd0; // nothing (not needed, or refused)
  localparam [1:0] D_DISK  = 2'd1; // OUT data into the disk
  localparam [1:0] D_SEG   = 2'd2; // the DISCARD / WRITE_ZEROES segment

  generate
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
      vio_blk_error_DATA_WIDTH_must_be_64_128_or_256 u_param_error ();
    end
    if (DISK_BYTES < 512 || (DISK_BYTES % 512) != 0) begin : g_bad_disk
      vio_blk_error_DISK_BYTES_must_be_a_multiple_of_512 u_param_error ();
    end
    if (READ_ONLY != 0 && READ_ONLY != 1) begin : g_bad_ro
      vio_blk_error_READ_ONLY_must_be_0_or_1 u_param_error ();
    end
  endgenerate

  // DISK_ID as bytes, first character in byte 0: a Verilog string keeps its
  // last character in the low byte, so count its length first.
  function automatic [159:0] id_bytes(input [159:0] s);
    integer i, n;
    begin
      n = 0;
      for (i = 0; i < 20; i = i + 1)
        if (s[8*i +: 8] != 8'd0) n = i + 1;
      id_bytes = 160'd0;
      for (i = 0; i < 20; i = i + 1)
        if (i < n) id_bytes[8*i +: 8] = s[8*(n-1-i) +: 8];
    end
  endfunction

  localparam [159:0] ID_LE = id_bytes(DISK_ID);
  localparam [IDB*DATA_WIDTH-1:0] ID_PAD =
    {{(IDB*DATA_WIDTH-160){1'b0}}, ID_LE};

  // Front stage: the request being read and decoded, then held as a job
  // (status, what precedes it, the disk range of an IN) until the back
  // stage takes it.
  reg [3:0]   fst_q;
  reg [31:0]  rd_q;             // readable bytes of the chain
  reg [31:0]  fwr_q;            // writable bytes (status included)
  reg [127:0] pkt_q;            // header
  reg [127:0] seg_q;            // segment
  reg         hb_q;             // beat of the header
  reg         dpend_q;          // the read past the header is not issued
  reg [31:0]  typ_q;            // request type
  reg [1:0]   fstat_q;          // status to write
  reg [1:0]   fsrc_q;           // what precedes the status
  reg [AW-1:0] faptr_q;         // disk word: zeroing / the IN range
  reg [31:0]  fleft_q;          // disk beats: to zero / of the IN range

  // Sink: the packet of the readable part past a header (a request's
  // data, segment or bytes not needed), taken while the front stage
  // already waits for the next request's header behind it.
  reg         skv_q;            // the next packet is the sink's
  reg [1:0]   skm_q;            // what it is for (D_*)
  reg         shb_q;            // beat of the segment
  reg [AW-1:0] saddr_q;         // disk word of OUT data

  // Back stage: the request whose writable part is written.
  reg [1:0]   bst_q;
  reg [31:0]  wr_q;             // writable bytes (status included)
  reg [1:0]   stat_q;           // status to write
  reg [1:0]   src_q;            // what precedes the status
  reg [AW-1:0] aptr_q;          // disk word to fetch next
  reg [31:0]  left_q;           // disk beats still to fetch
  reg [31:0]  dbeats_q;         // disk beats of the IN
  reg [31:0]  wbeat_q;          // write beat
  reg [31:0]  wlast_q;          // last write beat (the status beat)
  reg [LOG_BPB-1:0] slane_q;    // status lane in it
  reg         rv_q;             // ram_q holds the beat of wbeat_q
  reg         bwait_q;          // the sink still takes the request's data

  reg [63:0]  cap_q;            // capacity in sectors
  reg         chg_q;            // configuration changed
  reg [31:0]  req_q;
  reg [31:0]  err_q;
  reg [31:0]  cfg_q;

  reg [DATA_WIDTH-1:0] disk [0:WORDS-1];
  reg [DATA_WIDTH-1:0] ram_q;

  integer k;
  initial begin
    for (k = 0; k < WORDS; k = k + 1)
      disk[k] = {DATA_WIDTH{1'b0}};
  end

  // ---- range check: the header's (IN, OUT; in F_DEC) or the segment's
  // (in F_SDEC) ----
  wire [31:0] dlen   = (pkt_q[31:0] == T_OUT) ? rd_q - 32'd16 : fwr_q - 32'd1;
  wire [63:0] rsec   = (fst_q == F_SDEC) ? seg_q[63:0] : pkt_q[127:64];
  wire [63:0] rnum   = (fst_q == F_SDEC) ? {32'd0, seg_q[95:64]} :
                                           {41'd0, dlen[31:9]};
  wire        rng_ok = (rsec <= cap_q) && (rnum <= cap_q - rsec);
  wire [63:0] rword  = rsec << SH;
  wire [31:0] nbeats = rnum[31:0] << SH;  // <= the disk's beats
  wire        len_ok = (dlen[8:0] == 9'd0);
  wire [31:0] flags  = seg_q[127:96];

  // ---- the disk's one port: the back stage fetches an IN's data; the sink
  // writes OUT data and the front stage zeros. The front issues the read
  // past a header only once the back stage has fetched everything and its
  // write command is taken, so the two never meet, the disk sees the
  // requests' accesses in order, and the read stream is never held waiting
  // for the engine (docs/device-function.md) ----
  wire ram_free  = (bst_q != K_WCMD) && (left_q == 32'd0);

  // ---- write stream ----
  wire disk_beat = (src_q == SRC_DISK) && (wbeat_q < dbeats_q);
  assign df_wr_valid = (bst_q == K_WR) && (!disk_beat || rv_q);
  wire wfire = df_wr_valid && df_wr_ready;
  // The RAM runs one beat ahead of the stream: fetch when its output
  // register is empty or being taken.
  wire ram_re = (bst_q == K_WCMD || bst_q == K_WR) && (left_q != 32'd0) &&
                (!rv_q || (wfire && disk_beat));
  // A request cut short by a stop leaves the disk as far as it got: the
  // padding that replaces the rest of its data is never written.
  wire ram_we = !stop &&
                ((fst_q == F_ZERO) ||
                 (skv_q && skm_q == D_DISK && df_rd_valid));
  wire [DATA_WIDTH-1:0] ram_wdata = (fst_q == F_ZERO) ? {DATA_WIDTH{1'b0}}
                                                      : df_rd_data;
  wire [AW-1:0] ram_addr = ram_re ? aptr_q :
                           (fst_q == F_ZERO) ? faptr_q : saddr_q;

  // The read past the header (OUT data, the segment, or bytes drained).
  wire dcmd = dpend_q && ram_free &&
              (fst_q == F_HDR || fst_q == F_DEC || fst_q == F_SEGW ||
               fst_q == F_JOB);
  wire sk_end = skv_q && df_rd_valid && df_rd_last;
  // The job goes to the back stage once every read of its chain is
  // issued: the next chain's reads then go to the next chain.
  wire hand = (fst_q == F_JOB) && !dpend_q && (bst_q == K_IDLE);

  reg [DATA_WIDTH-1:0] fill;    // beat wbeat_q when it is not disk data
  integer i;
  always @* begin
    fill = {DATA_WIDTH{1'b0}};
    if (src_q == SRC_ID)
      for (i = 0; i < IDB; i = i + 1)
        if (wbeat_q == i) fill = ID_PAD[i*DATA_WIDTH +: DATA_WIDTH];
    if (wbeat_q == wlast_q)
      for (i = 0; i < BPB; i = i + 1)
        if (slane_q == i[LOG_BPB-1:0]) fill[8*i +: 8] = {6'd0, stat_q};
  end
  assign df_wr_data = disk_beat ? ram_q : fill;

  // The next state is computed in the clocked processes, so that a
  // simulator evaluates it once per clock edge rather than with every input
  // change.

  // Front stage. A chain is taken while the back stage still writes the
  // one before (in-order mode: reads go to the newest chain, writes and
  // completion to the oldest), so the next request's header, and an OUT's
  // data, move while the previous request's data is written.
  always @(posedge clk) begin : p_front
    integer b;
    if (!rst_n || df_rst) begin
      fst_q <= F_IDLE; rd_q <= 32'd0; fwr_q <= 32'd0; pkt_q <= 128'd0;
      seg_q <= 128'd0; hb_q <= 1'b0; dpend_q <= 1'b0;
      typ_q <= 32'd0; fstat_q <= S_OK; fsrc_q <= SRC_ZERO;
      faptr_q <= {AW{1'b0}}; fleft_q <= 32'd0;
      skv_q <= 1'b0; skm_q <= D_DRAIN; shb_q <= 1'b0;
      saddr_q <= {AW{1'b0}};
    end else begin
      case (fst_q)
        F_IDLE: if (df_chain_valid) begin
          rd_q <= df_chain_rd_bytes;
          fwr_q <= df_chain_wr_bytes;
          fstat_q <= S_IOERR;
          fsrc_q <= SRC_ZERO;
          fleft_q <= 32'd0;
          hb_q <= 1'b0;
          if (df_chain_wr_bytes == 32'd0) fst_q <= F_JOB;      // no status
          else if (df_chain_rd_bytes < 32'd16) fst_q <= F_JOB; // IOERR
          else fst_q <= F_HCMD;
        end
        // The rest of the readable part is asked for as soon as the disk
        // allows, before the header is decoded: an OUT's data then follows
        // its header without a round trip; what is not needed is drained.
        F_HCMD: if (df_rd_cmd_ready) begin
          dpend_q <= (rd_q != 32'd16);
          fst_q <= F_HDR;
        end
        // The header is the packet after the sink's, if it has one.
        F_HDR: if (df_rd_valid && !skv_q) begin
          for (b = 0; b < 16; b = b + 1)
            if ((b / BPB) == {31'd0, hb_q})
              pkt_q[8*b +: 8] <= df_rd_data[8*(b % BPB) +: 8];
          hb_q <= 1'b1;
          if (df_rd_last) fst_q <= F_DEC;
        end
        F_DEC: begin
          typ_q <= pkt_q[31:0];
          fst_q <= F_JOB;
          fstat_q <= S_OK;
          // the next packet, if any, is the sink's: drained unless needed
          skv_q <= (rd_q != 32'd16);
          skm_q <= D_DRAIN;
          shb_q <= 1'b0;
          case (pkt_q[31:0])
            T_IN: if (!len_ok || !rng_ok) begin
              fstat_q <= S_IOERR;
            end else begin
              fsrc_q <= SRC_DISK;
              faptr_q <= rword[AW-1:0];
              fleft_q <= dlen >> LOG_BPB;
            end
            T_OUT: if (READ_ONLY != 0 || !len_ok || !rng_ok) begin
              fstat_q <= S_IOERR;
            end else begin
              saddr_q <= rword[AW-1:0];
              skm_q <= D_DISK;
            end
            T_FLUSH: ;
            T_GET_ID: fsrc_q <= SRC_ID;
            T_DISC, T_WZ: if (rd_q != 32'd32) begin
              fstat_q <= S_UNSUPP;
            end else begin
              skm_q <= D_SEG;
              fst_q <= F_SEGW;
            end
            default: fstat_q <= S_UNSUPP;
          endcase
        end
        F_SEGW: if (!skv_q) fst_q <= F_SDEC;
        F_SDEC: begin
          fst_q <= F_JOB;
          if (flags[31:1] != 31'd0 || (typ_q == T_DISC && flags[0])) begin
            fstat_q <= S_UNSUPP;
          end else if (READ_ONLY != 0 || !rng_ok) begin
            fstat_q <= S_IOERR;
          end else if (rnum != 64'd0) begin
            faptr_q <= rword[AW-1:0];
            fleft_q <= nbeats;
            fst_q <= F_ZERO;
          end
        end
        F_ZERO: begin
          faptr_q <= faptr_q + 1'b1;
          fleft_q <= fleft_q - 32'd1;
          if (fleft_q == 32'd1) fst_q <= F_JOB;
        end
        F_JOB: if (hand) fst_q <= F_IDLE;
        default: fst_q <= F_IDLE;
      endcase
      if (dcmd && df_rd_cmd_ready) dpend_q <= 1'b0;

      // The sink: OUT data into the disk, the segment kept, the rest
      // dropped.
      if (skv_q && df_rd_valid) begin
        if (skm_q == D_SEG)
          for (b = 0; b < 16; b = b + 1)
            if ((b / BPB) == {31'd0, shb_q})
              seg_q[8*b +: 8] <= df_rd_data[8*(b % BPB) +: 8];
        shb_q <= 1'b1;
        saddr_q <= saddr_q + 1'b1;
        if (df_rd_last) skv_q <= 1'b0;
      end
    end
  end

  // Back stage: the job's writable part (IN data from the disk, the id or
  // zeros, then the status byte), then completion.
  always @(posedge clk) begin : p_back
    if (!rst_n || df_rst) begin
      bst_q <= K_IDLE; wr_q <= 32'd0; stat_q <= S_OK; src_q <= SRC_ZERO;
      aptr_q <= {AW{1'b0}}; left_q <= 32'd0; dbeats_q <= 32'd0;
      wbeat_q <= 32'd0; wlast_q <= 32'd0; slane_q <= {LOG_BPB{1'b0}};
      rv_q <= 1'b0; bwait_q <= 1'b0; req_q <= 32'd0; err_q <= 32'd0;
    end else begin
      // the sink takes the data of at most the back stage's request
      bwait_q <= (hand ? skv_q : bwait_q) && !sk_end;
      case (bst_q)
        K_IDLE: if (hand) begin
          wr_q <= fwr_q;
          stat_q <= fstat_q;
          src_q <= fsrc_q;
          aptr_q <= faptr_q;
          left_q <= (fsrc_q == SRC_DISK) ? fleft_q : 32'd0;
          dbeats_q <= (fsrc_q == SRC_DISK) ? fleft_q : 32'd0;
          wbeat_q <= 32'd0;
          wlast_q <= (fwr_q - 32'd1) >> LOG_BPB;
          slane_q <= fwr_q[LOG_BPB-1:0] - 1'b1;
          bst_q <= (fwr_q == 32'd0) ? K_DONE : K_WCMD;
        end
        K_WCMD: if (df_wr_cmd_ready) bst_q <= K_WR;
        K_WR: if (wfire) begin
          wbeat_q <= wbeat_q + 32'd1;
          if (wbeat_q == wlast_q) bst_q <= K_DONE;
        end
        K_DONE: if (df_done_ready && !bwait_q) begin
          bst_q <= K_IDLE;
          req_q <= req_q + 32'd1;
          if (wr_q == 32'd0 || stat_q != S_OK) err_q <= err_q + 32'd1;
        end
        default: bst_q <= K_IDLE;
      endcase

      if (ram_re) begin
        aptr_q <= aptr_q + 1'b1;
        left_q <= left_q - 32'd1;
      end
      rv_q <= ram_re || (rv_q && !(wfire && disk_beat));
    end
  end

  // The disk: one port, synchronous read with enable (block RAM).
  always @(posedge clk) begin
    if (ram_we) disk[ram_addr] <= ram_wdata;
    if (ram_re) ram_q <= disk[ram_addr];
  end

  // ---- capacity, resize and configuration space ----
  always @(posedge clk) begin
    if (!rst_n) begin
      cap_q <= SECTORS;
      chg_q <= 1'b0;
    end else begin
      chg_q <= resize_valid;
      if (resize_valid)
        cap_q <= (resize_sectors > SECTORS) ? SECTORS : resize_sectors;
    end
  end

  always @(posedge clk) begin
    if (!rst_n)
      cfg_q <= 32'd0;
    else if (cfg_rd_en)
      case (cfg_rd_addr[11:2])
        10'd0:  cfg_q <= cap_q[31:0];   // capacity
        10'd1:  cfg_q <= cap_q[63:32];
        10'd9:  cfg_q <= SECT32;        // max_discard_sectors
        10'd10: cfg_q <= 32'd1;         // max_discard_seg
        10'd11: cfg_q <= 32'd1;         // discard_sector_alignment
        10'd12: cfg_q <= SECT32;        // max_write_zeroes_sectors
        10'd13: cfg_q <= 32'd1;         // max_write_zeroes_seg
        default: cfg_q <= 32'd0;        // write_zeroes_may_unmap (56) 0
      endcase
  end

  assign df_want         = 1'b1;
  assign df_want_next    = 1'b1;
  // In order: reads to the newest chain (the front stage's), writes and
  // completion to the oldest (the back stage's); no tags.
  assign df_tagged       = 1'b0;
  assign df_rd_cmd_tag   = 2'd0;
  assign df_wr_cmd_tag   = 2'd0;
  assign df_done_tag     = 2'd0;
  assign df_chain_ready  = (fst_q == F_IDLE);
  assign df_rd_cmd_valid = (fst_q == F_HCMD) || dcmd;
  assign df_rd_cmd_len   = (fst_q == F_HCMD) ? 32'd16 : rd_q - 32'd16;
  assign df_rd_ready     = skv_q || (fst_q == F_HDR);
  assign df_wr_cmd_valid = (bst_q == K_WCMD);
  assign df_wr_cmd_len   = wr_q;
  assign df_done_valid   = (bst_q == K_DONE) && !bwait_q;
  assign df_done_len     = wr_q;
  assign cfg_rdata       = cfg_q;
  assign cfg_change      = chg_q;
  assign requests        = req_q;
  assign errors          = err_q;

  // df_rd_cut: a cut-short read comes only with stop high, which already
  // keeps its padding off the disk and its chain from completing.
  wire unused_ok = &{1'b0, pkt_q[63:32], df_chain_tag, df_rd_cut, df_chain_queue, df_chain_head,
                     df_chain_held, rword[63:AW],
                     rnum[63:32], cfg_rd_addr[1:0], cfg_wr_en, cfg_wr_addr,
                     cfg_wdata, cfg_wstrb};
endmodule

`default_nettype wire
