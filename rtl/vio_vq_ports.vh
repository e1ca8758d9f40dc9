// SPDX-License-Identifier: MIT
// The register block's port to the ring engine (docs/register-block.md):
// the queues, the device state and the engine's events, declared once for
// both ends. Included inside a port list, with at least one more port after
// it (it ends with a comma); the includer has a NUM_QUEUES parameter (queue
// i at slice i of every per-queue vector). Written from vio_mmio_regs'
// side; the ring engine (or what stands in for it) defines VIO_VQ_ENGINE
// before including it, which turns every direction round. Every output of
// the register block comes from a register. Not compiled on its own;
// vio_vq_conn.vh holds the wires and connections.
`ifdef VIO_VQ_ENGINE
`define VIO_VQ_OUT input
`define VIO_VQ_IN  output
`else
`define VIO_VQ_OUT output
`define VIO_VQ_IN  input
`endif
  // ---------------------------------------------------------------------------
  // Queues (virtio-mmio QueueSel'd registers)
  // ---------------------------------------------------------------------------
  /// Queue enabled (QueueReady, or legacy QueuePFN non-zero): the engine
  /// reads and writes only a ready queue.
  `VIO_VQ_OUT wire [NUM_QUEUES-1:0]    q_ready,
  /// Queue size in entries (QueueNum; QUEUE_SIZE_MAX after reset), a power
  /// of two while the queue is ready.
  `VIO_VQ_OUT wire [NUM_QUEUES*16-1:0] q_size,
  /// Descriptor area (descriptor table) byte address.
  `VIO_VQ_OUT wire [NUM_QUEUES*64-1:0] q_desc,
  /// Driver area (avail ring) byte address.
  `VIO_VQ_OUT wire [NUM_QUEUES*64-1:0] q_avail,
  /// Device area (used ring) byte address.
  `VIO_VQ_OUT wire [NUM_QUEUES*64-1:0] q_used,
  /// One-cycle pulse: a QueueNotify write named this ready queue.
  `VIO_VQ_OUT wire [NUM_QUEUES-1:0]    q_notify,
  /// Value of the last QueueNotify write (queue index in 15:0; with
  /// NOTIFICATION_DATA the next avail index and wrap bit in 31:16).
  `VIO_VQ_OUT wire [31:0]              notify_data,
  /// High while the queue's reset (QueueReset) is in progress: the engine
  /// stops the queue.
  `VIO_VQ_OUT wire [NUM_QUEUES-1:0]    q_reset_req,
  /// The engine has nothing of the queue in flight (level or pulse, sampled
  /// while q_reset_req is high); the queue's reset then completes.
  `VIO_VQ_IN  wire [NUM_QUEUES-1:0]    q_reset_done,

  // ---------------------------------------------------------------------------
  // Device state and the engine's events
  // ---------------------------------------------------------------------------
  /// Driver features: the accepted set once FEATURES_OK is set (legacy: what
  /// the driver wrote); constant while FEATURES_OK is set.
  `VIO_VQ_OUT wire [63:0]              driver_features,
  /// Status DRIVER_OK: the device may serve its queues.
  `VIO_VQ_OUT wire                     driver_ok,
  /// High from a Status write of 0 until the device reset completes: the
  /// engine starts nothing new and drains.
  `VIO_VQ_OUT wire                     dev_reset_req,
  /// The engine has no DMA outstanding and starts none; the device reset
  /// completes in a cycle where this and dev_reset_req are high.
  `VIO_VQ_IN  wire                     dev_idle,
  /// One-cycle pulse: an unrecoverable error (Status NEEDS_RESET, and
  /// InterruptStatus CONFIG if DRIVER_OK is set).
  `VIO_VQ_IN  wire                     needs_reset,
  /// One-cycle pulse: used buffer notification (InterruptStatus VRING;
  /// version 2: only while DRIVER_OK is set).
  `VIO_VQ_IN  wire                     used_irq,
`undef VIO_VQ_OUT
`undef VIO_VQ_IN
