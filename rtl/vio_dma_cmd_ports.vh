// SPDX-License-Identifier: MIT
// The DMA command port (vio_dma_rd, vio_dma_wr, vio_burst_split): a byte
// range per command, in order, valid/ready with the payload held while
// valid is high and ready low. Included inside a port list before the
// includer's s_cmd_pad (whose meaning each module states); the includer
// has ADDR_WIDTH and LEN_WIDTH parameters. Not compiled on its own.
  /// Command valid.
  input  wire                  s_cmd_valid,
  /// Command ready (command register empty or being emptied this cycle).
  output wire                  s_cmd_ready,
  /// First byte address (any alignment).
  input  wire [ADDR_WIDTH-1:0] s_cmd_addr,
  /// Number of bytes, >= 1.
  input  wire [LEN_WIDTH-1:0]  s_cmd_len,
  /// This command ends a packet.
  input  wire                  s_cmd_last,
