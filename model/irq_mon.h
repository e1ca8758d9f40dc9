/* SPDX-License-Identifier: MIT */
/*
 * irq_mon.h - interrupt monitor: samples a level interrupt every cycle,
 * counts rising edges and notifies an event on each one.
 */
#ifndef IRQ_MON_H
#define IRQ_MON_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"
#include "vport.h"

struct irq_mon;

/** Watch bit `bit` of port irq on clk's rising edges. */
struct irq_mon *irq_mon_create(sim_t *sim, sim_clock_t *clk,
			       const struct vport *irq, unsigned bit,
			       const char *name);
/** Free the monitor. */
void irq_mon_destroy(struct irq_mon *m);
/** The level seen at the last rising edge. */
bool irq_mon_level(const struct irq_mon *m);
/** Rising edges seen so far. */
uint64_t irq_mon_edges(const struct irq_mon *m);
/** Cycles the line has been high in total. */
uint64_t irq_mon_high_cycles(const struct irq_mon *m);
/** Event notified at every rising edge of the interrupt. */
sim_event_t *irq_mon_event(const struct irq_mon *m);
/** In a thread: return at once if the line is high, else wait for a
 *  rising edge; 0, or -ETIMEDOUT after timeout cycles (0 = forever). */
int irq_mon_wait(struct irq_mon *m, uint64_t timeout);

#endif /* IRQ_MON_H */
