// SPDX-License-Identifier: MIT
// Wires and connections of the register block's port to the ring engine
// (vio_vq_ports.vh). Each macro is a list without a separator after its
// last item, so it stands anywhere in a list.
`ifndef VIO_VQ_CONN_VH
`define VIO_VQ_CONN_VH

/// The wires between a register block and a ring engine with NQ queues.
`define VIO_VQ_WIRES(NQ) \
  wire [(NQ)-1:0]    q_ready, q_notify, q_reset_req, q_reset_done; \
  wire [(NQ)*16-1:0] q_size; \
  wire [(NQ)*64-1:0] q_desc, q_avail, q_used; \
  wire [31:0]        notify_data; \
  wire [63:0]        driver_features; \
  wire               driver_ok, dev_reset_req, dev_idle, needs_reset, used_irq

/// Connects an instance's port (either end) to the wires of the same names.
`define VIO_VQ_CONN \
  .q_ready(q_ready), .q_size(q_size), .q_desc(q_desc), .q_avail(q_avail), \
  .q_used(q_used), .q_notify(q_notify), .notify_data(notify_data), \
  .q_reset_req(q_reset_req), .q_reset_done(q_reset_done), \
  .driver_features(driver_features), .driver_ok(driver_ok), \
  .dev_reset_req(dev_reset_req), .dev_idle(dev_idle), \
  .needs_reset(needs_reset), .used_irq(used_irq)

`endif
