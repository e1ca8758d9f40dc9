// SPDX-License-Identifier: MIT
// The records the ring engine passes between the walker and the mover,
// laid out once: the chain record (a walked chain, as it waits in line and
// as the mover takes it) and the segment record (one non-empty buffer of a
// chain, as the segment FIFO holds it). Each field is a part-select:
// rec[`VIO_CH_HEAD] is the head of chain record rec. Included at the top of
// a file (outside any module); not compiled on its own.
`ifndef VIO_VQ_CHAIN_VH
`define VIO_VQ_CHAIN_VH

// ---------------------------------------------------------------------------
// Chain record: VIO_CH_W bits
// ---------------------------------------------------------------------------
// Its queue, 0..63 (the index zero-extended).
`define VIO_CH_QUEUE    113 +: 6
// Its head descriptor index (the used element's id).
`define VIO_CH_HEAD     97 +: 16
// Device-readable bytes of the chain.
`define VIO_CH_RD_BYTES 65 +: 32
// Device-writable bytes of the chain.
`define VIO_CH_WR_BYTES 33 +: 32
// Non-empty descriptors (segments) of the chain.
`define VIO_CH_NSEG     1 +: 32
// More segments than the segment FIFO holds: the rest comes by replay.
`define VIO_CH_OVF      0
`define VIO_CH_W        119

// ---------------------------------------------------------------------------
// Segment record: VIO_SEG_W bits
// ---------------------------------------------------------------------------
// Buffer address.
`define VIO_SEG_ADDR    33 +: 64
// Buffer length in bytes (never 0).
`define VIO_SEG_LEN     1 +: 32
// Device-writable (VIRTQ_DESC_F_WRITE).
`define VIO_SEG_WRITE   0
`define VIO_SEG_W       97

`endif
