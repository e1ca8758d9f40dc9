/* SPDX-License-Identifier: MIT */
/*
 * virtio_console.h - the console device driver of the driver model (virtio
 * 1.2 section 5.3), in the spirit of Linux's drivers/char/virtio_console.c
 * without MULTIPORT: port 0 on receiveq0 and transmitq0, the console size
 * from the configuration space (re-read on a configuration change), and
 * emergency writes.
 *
 * Page-sized receive buffers fill the receive queue at probe; used ones
 * wait in arrival order and virtcons_read() takes bytes from them as they
 * came, posting each buffer again once it is empty (Linux's port->inbuf).
 * A write goes out in buffers of at most a page and waits until the device
 * has used each, as Linux's put_chars does.
 */
#ifndef VIRTIO_CONSOLE_H
#define VIRTIO_CONSOLE_H

#include <stdint.h>

#include "virtio_bus.h"

/* 5.3.2 virtqueues (without MULTIPORT) */
#define VIRTIO_CONSOLE_VQ_RX 0 /* receiveq0 */
#define VIRTIO_CONSOLE_VQ_TX 1 /* transmitq0 */

/* 5.3.3 feature bits */
#define VIRTIO_CONSOLE_F_SIZE 0	       /* cols and rows are valid */
#define VIRTIO_CONSOLE_F_MULTIPORT 1   /* several ports, control queues */
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2 /* emerg_wr is valid */

/* 5.3.4 configuration layout: struct virtio_console_config offsets */
#define VIRTIO_CONSOLE_CFG_COLS 0	  /* le16 */
#define VIRTIO_CONSOLE_CFG_ROWS 2	  /* le16 */
#define VIRTIO_CONSOLE_CFG_MAX_NR_PORTS 4 /* le32 */
#define VIRTIO_CONSOLE_CFG_EMERG_WR 8	  /* le32, write only */

/* Bytes of each receive buffer and the most one transmit buffer holds
 * (Linux: PAGE_SIZE). */
#define VIRTCONS_BUF_SIZE 4096u

/** The driver: register it with register_virtio_driver(). */
extern struct virtio_driver virtio_console_driver;

/** Send len bytes (len 0: nothing) and wait until the device has used
 *  them (VIRTIO_DRV_TIMEOUT per buffer): 0, -ENODEV (not a bound console,
 *  or it went away while the write waited), -ENOMEM, -ETIMEDOUT. In a
 *  thread. */
int virtcons_write(struct virtio_device *vdev, const void *buf, uint32_t len);
/** Wait (timeout in cycles, 0: VIRTIO_DRV_TIMEOUT) until bytes have
 *  arrived and copy what has, in order, up to cap (>= 1) bytes into buf,
 *  the count into *len: 0, -EINVAL, -ENODEV (also when the console went
 *  away while the read waited), -ETIMEDOUT. In a thread. */
int virtcons_read(struct virtio_device *vdev, void *buf, uint32_t cap,
		  uint32_t *len, uint64_t timeout);
/** The console size: cols and rows with VIRTIO_CONSOLE_F_SIZE, else 0. */
void virtcons_size(struct virtio_device *vdev, uint16_t *cols, uint16_t *rows);
/** Write one character to emerg_wr (5.3.4, VIRTIO_CONSOLE_F_EMERG_WRITE):
 *  0, -EOPNOTSUPP (not negotiated), -ENODEV. In a thread. */
int virtcons_emerg_write(struct virtio_device *vdev, uint8_t c);
/** Bytes received and not read yet. */
uint64_t virtcons_rx_pending(struct virtio_device *vdev);

#endif /* VIRTIO_CONSOLE_H */
