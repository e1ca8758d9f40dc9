// The device-function port (docs/device-function.md): clock, resets and
// the ring engine's streams, declared once for every device function.
// Included inside a module's port list, after its own ports and before
// its device-specific ones; the includer defines VIO_DF_QUEUES (its number
// of queues, the width of df_want) and DATA_WIDTH is its parameter. Not
// compiled on its own.
  /// Clock; everything is sampled on the rising edge.
  input  wire                       clk,
  /// Synchronous active-low reset.
  input  wire                       rst_n,
  /// Device reset completing: return to the reset state.
  input  wire                       df_rst,

  // ---------------------------------------------------------------------------
  // Ring engine (vio_vq_engine device-function port)
  // ---------------------------------------------------------------------------
  /// Queues the function takes its next chain from (one bit per queue).
  output wire [`VIO_DF_QUEUES-1:0]  df_want,
  /// Queues it takes the chain after that from, when already known; else 0.
  output wire [`VIO_DF_QUEUES-1:0]  df_want_next,
  /// A walked chain is offered.
  input  wire                       df_chain_valid,
  /// The function opens the offered chain.
  output wire                       df_chain_ready,
  /// The chain's queue.
  input  wire [5:0]                 df_chain_queue,
  /// Its head descriptor index (the used element's id).
  input  wire [15:0]                df_chain_head,
  /// Bytes the device may read (the device-readable part).
  input  wire [31:0]                df_chain_rd_bytes,
  /// Bytes the device may write (the device-writable part).
  input  wire [31:0]                df_chain_wr_bytes,
  /// Read the next df_rd_cmd_len readable bytes of the newest open chain.
  output wire                       df_rd_cmd_valid,
  input  wire                       df_rd_cmd_ready,
  output wire [31:0]                df_rd_cmd_len,
  /// The bytes read, packed: byte k in beat k / BPB, lane k % BPB.
  input  wire                       df_rd_valid,
  output wire                       df_rd_ready,
  input  wire [DATA_WIDTH-1:0]      df_rd_data,
  /// Last beat of the read command's packet.
  input  wire                       df_rd_last,
  /// With df_rd_last: the packet was cut short by a stop (padding, not data).
  input  wire                       df_rd_cut,
  /// Write df_wr_cmd_len bytes into the next writable bytes of the oldest
  /// open chain.
  output wire                       df_wr_cmd_valid,
  input  wire                       df_wr_cmd_ready,
  output wire [31:0]                df_wr_cmd_len,
  /// The bytes to write, packed as df_rd_data.
  output wire                       df_wr_valid,
  input  wire                       df_wr_ready,
  output wire [DATA_WIDTH-1:0]      df_wr_data,
  /// The oldest open chain is finished, with used length df_done_len.
  output wire                       df_done_valid,
  input  wire                       df_done_ready,
  output wire [31:0]                df_done_len,
