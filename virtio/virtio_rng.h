/* SPDX-License-Identifier: MIT */
/*
 * virtio_rng.h - the entropy device driver of the driver model (virtio 1.2
 * section 5.4), in the spirit of Linux's drivers/char/hw_random/virtio-rng.c:
 * one request queue, no feature bits, no configuration space; each read
 * posts one device-writable buffer and waits for the device to fill 1 to
 * its size bytes (5.4.6).
 */
#ifndef VIRTIO_RNG_H
#define VIRTIO_RNG_H

#include <stdint.h>

#include "virtio_bus.h"

/* 5.4.2 virtqueues */
#define VIRTIO_RNG_VQ_REQUEST 0 /* requestq */

/* Largest buffer one read posts (bytes); a longer read gets at most
 * this many. */
#define VIRTRNG_MAX_READ 65536u

/** The driver: register it with register_virtio_driver(). */
extern struct virtio_driver virtio_rng_driver;

/** In a thread: post a len-byte buffer, wait for it, copy what the device
 *  wrote (1..len bytes, at most VIRTRNG_MAX_READ) into buf and its count
 *  into *got. timeout in cycles (0: VIRTIO_DRV_TIMEOUT). 0, -EINVAL (len
 *  0), -ENODEV (not a bound rng device, or it went away while the read
 *  waited), -ENOMEM, -ETIMEDOUT. */
int virtrng_read(struct virtio_device *vdev, void *buf, uint32_t len,
		 uint32_t *got, uint64_t timeout);

#endif /* VIRTIO_RNG_H */
