/* SPDX-License-Identifier: MIT */
/*
 * tb_platform.h - harness of the platform suite and of the demonstration:
 * rtl/vio_platform.v (five virtio-mmio slots at 0x10001000 + 0x1000 * i,
 * QEMU's RISC-V "virt" layout: net, blk, console, rng and a placeholder)
 * under random memory latency and back-pressure with protocol checkers,
 * DMA memory that is no-access except what the driver model allows, one
 * struct virtio_hw per slot whose interrupt is that slot's irq line, and
 * the driver model on top: a virtio bus with the four device drivers and
 * virtio_mmio_register() on every slot, as Linux boots such a machine.
 *
 * tb_platform_run() probes the platform in a thread, runs the body, then
 * asks every interrupt service thread to stop so the run ends. Nothing here
 * calls Check (the demonstration links it too): tests assert after the run
 * (failures in the simulation are reported with id "tb.check").
 */
#ifndef TB_PLATFORM_H
#define TB_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dma_pool.h"
#include "tb_env.h"
#include "virtio_blk.h"
#include "virtio_bus.h"
#include "virtio_console.h"
#include "virtio_mmio.h"
#include "virtio_net.h"
#include "virtio_rng.h"

#define TB_PLATFORM_SLOTS 5
#define TB_PLATFORM_BASE 0x10001000ull	    /* slot 0 */
#define TB_PLATFORM_STRIDE 0x1000ull	    /* one window per slot */
#define TB_PLATFORM_POOL_BASE 0x80000000ull /* DMA memory */
#define TB_PLATFORM_POOL_SIZE (64ull << 20)

/* What sits in each slot. */
enum tb_platform_slot_id {
	TB_SLOT_NET,	 /* DeviceID 1 */
	TB_SLOT_BLK,	 /* DeviceID 2 */
	TB_SLOT_CONSOLE, /* DeviceID 3 */
	TB_SLOT_RNG,	 /* DeviceID 4 */
	TB_SLOT_EMPTY,	 /* placeholder, DeviceID 0 */
};

struct tb_platform;

/** One slot: its window, interrupt line and driver-model device. */
struct tb_platform_slot {
	struct tb_platform *p;	       /* the platform */
	unsigned index;		       /* slot number = irq bit */
	uint64_t base;		       /* register window */
	struct virtio_hw hw;	       /* registers, DMA, this irq line */
	struct irq_mon *irq;	       /* monitor of irq bit index */
	struct virtio_mmio_device *vm; /* registered device, or NULL */
	int probe_err; /* virtio_mmio_register(): 0, -ENODEV (placeholder) */
};

/** The platform under test. */
struct tb_platform {
	struct tb_env *e;	/* environment */
	struct dma_pool *pool;	/* DMA memory of every device */
	struct virtio_bus *bus; /* the four drivers are registered on it */
	struct tb_platform_slot slot[TB_PLATFORM_SLOTS];
	bool devices_first; /* knob: register the devices, then the drivers */
	bool no_probe;	    /* knob: the body calls tb_platform_probe() */
	void (*body)(struct tb_platform *p, void *arg); /* the sequence */
	void *arg;					/* its argument */
};

/** Build the environment, the DMA pool (no-access default), the bus and
 *  the per-slot hardware; NULL with a message on failure. */
struct tb_platform *tb_platform_create(const struct tb_env_cfg *cfg);
/** Reset, probe (unless p->no_probe), run body(p, arg) in a thread, stop
 *  the interrupt service threads; at most max_cycles (0: 50 M). */
enum sim_run_result tb_platform_run(struct tb_platform *p,
				    void (*body)(struct tb_platform *p,
						 void *arg),
				    void *arg, uint64_t max_cycles);
/** Free everything without touching the DUT (after the run). */
void tb_platform_destroy(struct tb_platform *p);

/** In a thread: register the four drivers and virtio_mmio_register()
 *  every slot (in the order p->devices_first says): 0, or the first error
 *  other than a placeholder's -ENODEV. */
int tb_platform_probe(struct tb_platform *p);
/** In a thread: virtio_mmio_unregister() every registered device. */
void tb_platform_remove(struct tb_platform *p);
/** In a thread: virtio_mmio_unregister() the device of one slot (callers
 *  in its driver return -ENODEV first) and forget it; nothing when the
 *  slot has none. */
void tb_platform_unregister(struct tb_platform *p, unsigned slot);
/** The driver-model device of a slot, or NULL. */
struct virtio_device *tb_platform_vdev(struct tb_platform *p, unsigned slot);
/** In a thread: print the bus's devices with their attributes and driver,
 *  then the empty slots. */
void tb_platform_list(struct tb_platform *p, FILE *out);
/** In a thread: pulse blk_resize_valid for one cycle with the new
 *  capacity: 0, or -ENODEV when the DUT has no such port. */
int tb_platform_blk_resize(struct tb_platform *p, uint64_t sectors);
/** AXI4 transactions (reads + writes) the DUT has started. */
uint64_t tb_platform_dma_count(struct tb_platform *p);
/** Read a slot's register without the driver model's checks: the AXI
 *  response (or a negative errno), the value in *val. */
int tb_platform_read(struct tb_platform *p, uint64_t addr, uint32_t *val);

/** Report a failed check (id "tb.check") with the location. */
#define tb_platform_fail(p, ...) \
	sim_report((p)->e->sim, SIM_ERROR, "tb.check", __VA_ARGS__)
/** Check cond in the sequence; report and return false when it fails. */
#define tb_platform_check(p, cond, ...) \
	((cond) ? true : (tb_platform_fail(p, __VA_ARGS__), false))

#endif /* TB_PLATFORM_H */
