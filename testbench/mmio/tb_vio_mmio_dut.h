/* SPDX-License-Identifier: MIT */
/*
 * tb_vio_mmio_dut.h - what the register-block suites know about their DUT,
 * testbench/mmio/rtl/tb_vio_mmio.v: the virtio-mmio block at 0x0000 and a
 * test-control block at 0x1000 standing in for the ring engine and the
 * device function.
 */
#ifndef TB_VIO_MMIO_DUT_H
#define TB_VIO_MMIO_DUT_H

#include <stdint.h>

/* tb_vio_mmio's default parameters */
#define TB_DEVICE_ID 1u
#define TB_VENDOR_ID 0x004f4956u
#define TB_NUM_QUEUES 2u
#define TB_QUEUE_SIZE_MAX 1024u
#define TB_CFG_SIZE 64u
#define TB_DEV_FEATURES ((1ull << 0) | (1ull << 5)) /* bit 5 needs bit 0 */

/* test-control block */
#define CTRL_BASE 0x1000u
#define CTRL_IDLE_DELAY (CTRL_BASE + 0x00) /* engine idle/queue reset delay */
#define CTRL_EVENT (CTRL_BASE + 0x04)	   /* write-only strobes: */
#define CTRL_EV_NEEDS_RESET 0x1u
#define CTRL_EV_USED_IRQ 0x2u
#define CTRL_EV_CFG_CHANGE 0x4u
#define CTRL_NOTIFY_COUNT (CTRL_BASE + 0x08) /* q_notify pulses */
#define CTRL_NOTIFY_QUEUE (CTRL_BASE + 0x0c) /* queue of the last pulse */
#define CTRL_NOTIFY_DATA (CTRL_BASE + 0x10)  /* notify_data */
#define CTRL_RESETS (CTRL_BASE + 0x14)	     /* completed device resets */
#define CTRL_STATE (CTRL_BASE + 0x18)
#define CTRL_DRV_FEAT_LO (CTRL_BASE + 0x20)
#define CTRL_DRV_FEAT_HI (CTRL_BASE + 0x24)
#define CTRL_Q_SEL (CTRL_BASE + 0x28) /* queue for the views below */
#define CTRL_Q_SIZE (CTRL_BASE + 0x2c)
#define CTRL_Q_DESC_LO (CTRL_BASE + 0x30)
#define CTRL_Q_DESC_HI (CTRL_BASE + 0x34)
#define CTRL_Q_AVAIL_LO (CTRL_BASE + 0x38)
#define CTRL_Q_AVAIL_HI (CTRL_BASE + 0x3c)
#define CTRL_Q_USED_LO (CTRL_BASE + 0x40)
#define CTRL_Q_USED_HI (CTRL_BASE + 0x44)
#define CTRL_CFG_RAM (CTRL_BASE + 0x80) /* the configuration space */

#endif /* TB_VIO_MMIO_DUT_H */
