/* SPDX-License-Identifier: MIT */
/*
 * irq_mon.c - interrupt monitor.
 */
#include "irq_mon.h"

#include <stdlib.h>

struct irq_mon {
	sim_t *sim;	   /* kernel */
	struct vport irq;  /* the interrupt port */
	unsigned bit;	   /* bit of the port watched */
	bool level;	   /* level at the last edge */
	uint64_t edges;	   /* rising edges */
	uint64_t high;	   /* cycles high */
	sim_event_t *rise; /* notified on each rising edge */
};

static void irq_mon_method(void *ctx)
{
	struct irq_mon *m = ctx;
	bool level = (vport_get(&m->irq) >> m->bit) & 1;

	if (level) {
		m->high++;
		if (!m->level) {
			m->edges++;
			sim_event_notify(m->rise);
		}
	}
	m->level = level;
}

struct irq_mon *irq_mon_create(sim_t *sim, sim_clock_t *clk,
			       const struct vport *irq, unsigned bit,
			       const char *name)
{
	struct irq_mon *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->sim = sim;
	m->irq = *irq;
	m->bit = bit;
	m->rise = sim_event(sim, name ? name : "irq");
	sim_method(clk, name ? name : "irq", irq_mon_method, m);
	return m;
}

void irq_mon_destroy(struct irq_mon *m)
{
	free(m);
}

bool irq_mon_level(const struct irq_mon *m)
{
	return m->level;
}

uint64_t irq_mon_edges(const struct irq_mon *m)
{
	return m->edges;
}

uint64_t irq_mon_high_cycles(const struct irq_mon *m)
{
	return m->high;
}

sim_event_t *irq_mon_event(const struct irq_mon *m)
{
	return m->rise;
}

int irq_mon_wait(struct irq_mon *m, uint64_t timeout)
{
	if (m->level)
		return 0;
	return sim_wait_event(m->sim, m->rise, timeout);
}
