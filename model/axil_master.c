/* SPDX-License-Identifier: MIT */
/*
 * axil_master.c - AXI4-Lite master bus-functional model.
 */
#include "axil_master.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct axil_req {
	struct axil_req *next; /* queue link */
	bool write;	       /* write or read */
	uint64_t addr;	       /* byte address */
	uint32_t data;	       /* write data, or read data once done */
	unsigned strb;	       /* write strobes */
	bool aw_done, w_done;  /* write: address / data handshakes done */
	bool done;	       /* response received */
	bool timed_out;	       /* reported as unanswered */
	bool abandoned;	       /* nobody waits for it (posted, or the caller
				* got -ETIMEDOUT): freed on completion */
	bool posted;	       /* posted write: the model checks the response */
	int resp;	       /* response code, or -ECONNRESET */
	uint64_t start;	       /* cycle of the request */
	uint64_t seq;	       /* writes: issue order, from 1 */
};

struct axil_queue {
	struct axil_req *head, *tail; /* FIFO */
	unsigned len;		      /* entries */
};

struct axil_master {
	sim_t *sim;		    /* kernel */
	struct axil_if bus;	    /* the interface */
	struct vport rst_n;	    /* reset (p NULL: none) */
	struct axil_master_cfg cfg; /* options with defaults applied */
	struct sim_rng rng;	    /* idle and stall decisions */
	sim_event_t *done_ev;	    /* notified at every completion */

	struct axil_queue wq;  /* writes not yet fully handed over */
	struct axil_queue bq;  /* writes waiting for B */
	struct axil_queue rq;  /* reads not yet handed over */
	struct axil_queue rdq; /* reads waiting for R */
	unsigned live[2];      /* [write]: requests started, neither answered
				* nor timed out */
	uint64_t wr_seq;       /* seq of the last write started */
	uint64_t posted_seq;   /* seq of the last posted write started */

	/* values driven now (the pins hold these after the update phase) */
	uint8_t awvalid, wvalid, bready, arvalid, rready;
	uint64_t awaddr, araddr;
	uint32_t wdata;
	uint8_t wstrb;

	enum axil_master_fault fault; /* pending fault */
	int fault_step;		      /* progress of the fault being made */

	struct axil_master_stats stats; /* counters */
};

static void axil_q_push(struct axil_queue *q, struct axil_req *r)
{
	r->next = NULL;
	if (q->tail)
		q->tail->next = r;
	else
		q->head = r;
	q->tail = r;
	q->len++;
}

static struct axil_req *axil_q_pop(struct axil_queue *q)
{
	struct axil_req *r = q->head;

	if (r) {
		q->head = r->next;
		if (!q->head)
			q->tail = NULL;
		q->len--;
	}
	return r;
}

static void axil_complete(struct axil_master *m, struct axil_req *r, int resp)
{
	r->resp = resp;
	r->done = true;
	if (resp > 0)
		m->stats.errors++;
	if (r->write)
		m->stats.writes++;
	else
		m->stats.reads++;
	if (!r->timed_out) {
		m->live[r->write]--;
		if (r->posted && resp > 0)
			sim_report(m->sim, SIM_ERROR, "axil.resp",
				   "%s: posted write 0x%08" PRIx32
				   " to 0x%" PRIx64
				   " (strobes 0x%x) issued at cycle %" PRIu64
				   " got %s",
				   m->cfg.name, r->data, r->addr, r->strb,
				   r->start,
				   resp == AXI_SLVERR	? "SLVERR"
				   : resp == AXI_DECERR ? "DECERR"
							: "EXOKAY");
		else if (r->posted && resp < 0)
			sim_report(m->sim, SIM_WARNING, "axil.reset",
				   "%s: posted write 0x%08" PRIx32
				   " to 0x%" PRIx64 " issued at cycle %" PRIu64
				   " dropped by a reset",
				   m->cfg.name, r->data, r->addr, r->start);
	}
	if (r->abandoned)
		free(r);
	sim_event_notify(m->done_ev);
}

/* r got no response within the timeout: report it; its waiter, if any, gets
 * -ETIMEDOUT, and a late response still completes it (queues stay aligned). */
static void axil_time_out(struct axil_master *m, struct axil_req *r)
{
	r->timed_out = true;
	m->live[r->write]--;
	m->stats.timeouts++;
	if (r->write)
		sim_report(
			m->sim, SIM_ERROR, "axil.timeout",
			"%s: %swrite 0x%08" PRIx32 " to 0x%" PRIx64
			" (strobes 0x%x) issued at cycle %" PRIu64
			" unanswered after %u cycles (AW %s, W %s, B not received)",
			m->cfg.name, r->posted ? "posted " : "", r->data,
			r->addr, r->strb, r->start, m->cfg.timeout,
			r->aw_done ? "accepted" : "not accepted",
			r->w_done ? "accepted" : "not accepted");
	else
		sim_report(m->sim, SIM_ERROR, "axil.timeout",
			   "%s: read of 0x%" PRIx64 " issued at cycle %" PRIu64
			   " unanswered after %u cycles",
			   m->cfg.name, r->addr, r->start, m->cfg.timeout);
	sim_event_notify(m->done_ev);
}

/* Time out the requests of `older` then `newer` (issue order) that are past
 * their deadline; the first one within it ends the walk. */
static void axil_deadlines(struct axil_master *m, struct axil_queue *older,
			   struct axil_queue *newer)
{
	uint64_t now = sim_cycles(m->sim);
	struct axil_queue *qs[2] = { older, newer };
	struct axil_req *r;
	unsigned i;

	for (i = 0; i < 2; i++) {
		for (r = qs[i]->head; r; r = r->next) {
			if (r->timed_out)
				continue;
			if (now - r->start < m->cfg.timeout)
				return;
			axil_time_out(m, r);
		}
	}
}

static void axil_abort_all(struct axil_master *m)
{
	struct axil_queue *qs[] = { &m->wq, &m->bq, &m->rq, &m->rdq };
	struct axil_req *r;
	unsigned i;

	for (i = 0; i < 4; i++)
		while ((r = axil_q_pop(qs[i])))
			axil_complete(m, r, -ECONNRESET);
}

/* Drive a one-byte port only when its value changes. */
static inline void axil_drive1(struct axil_master *m, const struct vport *p,
			       uint8_t *cur, uint8_t v)
{
	if (*cur != v) {
		*cur = v;
		vport_drive(m->sim, p, v);
	}
}

static bool axil_idle(struct axil_master *m)
{
	return sim_rng_chance(&m->rng, m->cfg.idle_permille);
}

static void axil_write_issue(struct axil_master *m, struct axil_req *w)
{
	if (m->fault != AXIL_MASTER_FAULT_NONE && w->aw_done) {
		/*
		 * The slave holds this write's AW and waits for its W, which
		 * is held back: it cannot take another AW now. Offer a bogus
		 * second AW and break the rules on it, then let W go.
		 */
		switch (m->fault_step++) {
		case 0:
			m->awaddr = w->addr ^ 0x100;
			vport_drive(m->sim, &m->bus.awaddr, m->awaddr);
			axil_drive1(m, &m->bus.awvalid, &m->awvalid, 1);
			return;
		case 1:
			if (m->fault == AXIL_MASTER_FAULT_AW_ADDR_CHANGE) {
				m->awaddr ^=
					4; /* payload moves while stalled */
				vport_drive(m->sim, &m->bus.awaddr, m->awaddr);
			} else {
				/* VALID drops without a handshake */
				axil_drive1(m, &m->bus.awvalid, &m->awvalid, 0);
			}
			return;
		default:
			axil_drive1(m, &m->bus.awvalid, &m->awvalid, 0);
			m->fault = AXIL_MASTER_FAULT_NONE;
			return;
		}
	}
	if (m->fault != AXIL_MASTER_FAULT_NONE) {
		/* before the fault: AW alone, W held back */
		if (!m->awvalid && !w->aw_done) {
			m->awaddr = w->addr;
			vport_drive(m->sim, &m->bus.awaddr, w->addr);
			vport_drive(m->sim, &m->bus.awprot, 0);
			axil_drive1(m, &m->bus.awvalid, &m->awvalid, 1);
		}
		return;
	}

	if (!w->aw_done && !m->awvalid && !axil_idle(m)) {
		m->awaddr = w->addr;
		vport_drive(m->sim, &m->bus.awaddr, w->addr);
		if (m->bus.awprot.p)
			vport_drive(m->sim, &m->bus.awprot, 0);
		axil_drive1(m, &m->bus.awvalid, &m->awvalid, 1);
	}
	if (!w->w_done && !m->wvalid && !axil_idle(m)) {
		m->wdata = w->data;
		m->wstrb = (uint8_t)w->strb;
		vport_drive(m->sim, &m->bus.wdata, w->data);
		vport_drive(m->sim, &m->bus.wstrb, w->strb);
		axil_drive1(m, &m->bus.wvalid, &m->wvalid, 1);
	}
}

static void axil_method(void *ctx)
{
	struct axil_master *m = ctx;
	const struct axil_if *b = &m->bus;
	struct axil_req *r;
	bool bvalid, rvalid;

	if (m->rst_n.p && !vport_bit(&m->rst_n)) {
		axil_drive1(m, &b->awvalid, &m->awvalid, 0);
		axil_drive1(m, &b->wvalid, &m->wvalid, 0);
		axil_drive1(m, &b->arvalid, &m->arvalid, 0);
		axil_drive1(m, &b->bready, &m->bready, 0);
		axil_drive1(m, &b->rready, &m->rready, 0);
		m->fault = AXIL_MASTER_FAULT_NONE;
		if (m->wq.len || m->bq.len || m->rq.len || m->rdq.len)
			axil_abort_all(m);
		return;
	}

	/* Responses, sampled as the slave presents them before the edge. */
	bvalid = vport_bit(&b->bvalid);
	rvalid = vport_bit(&b->rvalid);
	m->stats.b_stall_cycles += bvalid && !m->bready;
	m->stats.r_stall_cycles += rvalid && !m->rready;
	m->stats.split_stall_cycles += bvalid && rvalid &&
				       m->bready != m->rready;
	if (m->bready && bvalid) {
		r = axil_q_pop(&m->bq);
		if (r)
			axil_complete(m, r, (int)vport_get(&b->bresp));
		else
			sim_report(m->sim, SIM_ERROR, "axil.unexpected",
				   "%s: B response with no write outstanding",
				   m->cfg.name);
	}
	if (m->rready && rvalid) {
		r = axil_q_pop(&m->rdq);
		if (r) {
			r->data = (uint32_t)vport_get(&b->rdata);
			axil_complete(m, r, (int)vport_get(&b->rresp));
		} else {
			sim_report(m->sim, SIM_ERROR, "axil.unexpected",
				   "%s: R response with no read outstanding",
				   m->cfg.name);
		}
	}

	/* Write pipeline: the head request owns AW and W. */
	r = m->wq.head;
	if (r) {
		if (m->awvalid && vport_bit(&b->awready)) {
			if (r->aw_done)
				sim_report(
					m->sim, SIM_ERROR, "axil.fault",
					"%s: the slave accepted a second AW while holding one: the AW fault needs a slave that waits for W",
					m->cfg.name);
			r->aw_done = true;
			axil_drive1(m, &b->awvalid, &m->awvalid, 0);
		}
		if (m->wvalid && vport_bit(&b->wready)) {
			r->w_done = true;
			axil_drive1(m, &b->wvalid, &m->wvalid, 0);
		}
		if (r->aw_done && r->w_done) {
			axil_q_push(&m->bq, axil_q_pop(&m->wq));
			if (m->bq.len > m->stats.max_writes_at_slave)
				m->stats.max_writes_at_slave = m->bq.len;
		}
	}
	r = m->wq.head;
	if (r && m->bq.len < m->cfg.max_outstanding)
		axil_write_issue(m, r);

	/* Read pipeline. */
	if (m->arvalid && vport_bit(&b->arready)) {
		axil_q_push(&m->rdq, axil_q_pop(&m->rq));
		axil_drive1(m, &b->arvalid, &m->arvalid, 0);
		if (m->rdq.len > m->stats.max_reads_at_slave)
			m->stats.max_reads_at_slave = m->rdq.len;
	}
	r = m->rq.head;
	if (r && !m->arvalid && m->rdq.len < m->cfg.max_outstanding &&
	    !axil_idle(m)) {
		m->araddr = r->addr;
		vport_drive(m->sim, &b->araddr, r->addr);
		if (b->arprot.p)
			vport_drive(m->sim, &b->arprot, 0);
		axil_drive1(m, &b->arvalid, &m->arvalid, 1);
	}

	/* Two draws: BREADY and RREADY stall independently. */
	axil_drive1(m, &b->bready, &m->bready,
		    !sim_rng_chance(&m->rng, m->cfg.stall_permille));
	axil_drive1(m, &b->rready, &m->rready,
		    !sim_rng_chance(&m->rng, m->cfg.stall_permille));

	if (m->live[1])
		axil_deadlines(m, &m->bq, &m->wq);
	if (m->live[0])
		axil_deadlines(m, &m->rdq, &m->rq);
}

struct axil_master *axil_master_create(sim_t *sim, sim_clock_t *clk,
				       const struct axil_if *bus,
				       const struct vport *rst_n,
				       const struct axil_master_cfg *cfg)
{
	struct axil_master *m = calloc(1, sizeof(*m));
	char buf[96];

	if (!m)
		return NULL;
	m->sim = sim;
	m->bus = *bus;
	if (rst_n)
		m->rst_n = *rst_n;
	if (cfg)
		m->cfg = *cfg;
	if (!m->cfg.name)
		m->cfg.name = "axil";
	if (!m->cfg.timeout)
		m->cfg.timeout = 10000;
	if (!m->cfg.max_outstanding)
		m->cfg.max_outstanding = 4;
	snprintf(buf, sizeof(buf), "%s.bfm", m->cfg.name);
	m->rng = sim_rng(sim, buf);
	snprintf(buf, sizeof(buf), "%s.done", m->cfg.name);
	m->done_ev = sim_event(sim, buf);
	/* start with everything low; the first method call sets READYs */
	vport_drive(sim, &bus->awvalid, 0);
	vport_drive(sim, &bus->wvalid, 0);
	vport_drive(sim, &bus->arvalid, 0);
	vport_drive(sim, &bus->bready, 0);
	vport_drive(sim, &bus->rready, 0);
	sim_method(clk, m->cfg.name, axil_method, m);
	return m;
}

void axil_master_destroy(struct axil_master *m)
{
	struct axil_queue *qs[4];
	struct axil_req *r;
	unsigned i;

	if (!m)
		return;
	qs[0] = &m->wq;
	qs[1] = &m->bq;
	qs[2] = &m->rq;
	qs[3] = &m->rdq;
	for (i = 0; i < 4; i++)
		while ((r = axil_q_pop(qs[i])))
			free(r);
	free(m);
}

static bool axil_in_thread(struct axil_master *m, const char *what,
			   uint64_t addr)
{
	if (sim_current_thread(m->sim))
		return true;
	sim_report(
		m->sim, SIM_FATAL, "axil.thread",
		"%s: %s of 0x%llx from outside a simulation thread: call it from a thread (sim_spawn)",
		m->cfg.name, what, (unsigned long long)addr);
	return false;
}

/* True while a posted write with seq <= upto is neither answered nor timed
 * out (writes sit in bq then wq in issue order). */
static bool axil_posted_pending(const struct axil_master *m, uint64_t upto)
{
	const struct axil_queue *qs[2] = { &m->bq, &m->wq };
	const struct axil_req *r;
	unsigned i;

	for (i = 0; i < 2; i++)
		for (r = qs[i]->head; r; r = r->next)
			if (r->posted && !r->timed_out)
				return r->seq <= upto;
	return false;
}

/* Queue a request (thread only). Reads first wait for the posted writes
 * queued before them; with `bounded`, wait while max_outstanding requests
 * of this direction are in flight. */
static int axil_start(struct axil_master *m, bool write, uint64_t addr,
		      uint32_t data, unsigned strb, bool bounded,
		      struct axil_req **out)
{
	unsigned *live = &m->live[write];
	struct axil_req *r;

	if (!axil_in_thread(m, write ? "write" : "read", addr))
		return -EPERM;
	if (!write) {
		uint64_t upto = m->posted_seq;

		while (axil_posted_pending(m, upto))
			sim_wait_event(m->sim, m->done_ev, 0);
	}
	while (bounded && *live >= m->cfg.max_outstanding)
		sim_wait_event(m->sim, m->done_ev, 0);
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->write = write;
	r->addr = addr;
	r->start = sim_cycles(m->sim);
	if (write) {
		r->data = data;
		r->strb = strb & 0xf;
		r->seq = ++m->wr_seq;
		axil_q_push(&m->wq, r);
		if (++*live > m->stats.max_writes_in_flight)
			m->stats.max_writes_in_flight = *live;
	} else {
		axil_q_push(&m->rq, r);
		if (++*live > m->stats.max_reads_in_flight)
			m->stats.max_reads_in_flight = *live;
	}
	*out = r;
	return 0;
}

int axil_master_read_start(struct axil_master *m, uint64_t addr,
			   struct axil_req **req)
{
	return axil_start(m, false, addr, 0, 0, true, req);
}

int axil_master_write_start(struct axil_master *m, uint64_t addr, uint32_t data,
			    unsigned strb, struct axil_req **req)
{
	return axil_start(m, true, addr, data, strb, true, req);
}

int axil_master_wait(struct axil_master *m, struct axil_req *r, uint32_t *data)
{
	int resp;

	if (!r)
		return -EINVAL;
	if (!r->done && !r->timed_out &&
	    !axil_in_thread(m,
			    r->write ? "wait for a write" : "wait for a read",
			    r->addr))
		return -EPERM;
	while (!r->done && !r->timed_out)
		sim_wait_event(m->sim, m->done_ev, 0);
	if (r->timed_out) {
		if (r->done)
			free(r);
		else
			r->abandoned = true; /* the model frees it */
		return -ETIMEDOUT;
	}
	resp = r->resp;
	if (data && !r->write)
		*data = r->data;
	free(r);
	return resp;
}

int axil_master_drain(struct axil_master *m)
{
	if (m->live[0] + m->live[1] && !axil_in_thread(m, "drain", 0))
		return -EPERM;
	while (m->live[0] + m->live[1])
		sim_wait_event(m->sim, m->done_ev, 0);
	/* what is left timed out and is still unanswered */
	if (m->wq.len || m->bq.len || m->rq.len || m->rdq.len)
		return -ETIMEDOUT;
	return 0;
}

int axil_master_write(struct axil_master *m, uint64_t addr, uint32_t data,
		      unsigned strb)
{
	bool posted = m->cfg.posted_writes;
	struct axil_req *r;
	int ret;

	/* blocking writes are bounded only by the bus (as before) */
	ret = axil_start(m, true, addr, data, strb, posted, &r);
	if (ret)
		return ret;
	if (!posted)
		return axil_master_wait(m, r, NULL);
	r->posted = true;
	r->abandoned = true;
	m->posted_seq = r->seq;
	return 0;
}

int axil_master_read(struct axil_master *m, uint64_t addr, uint32_t *data)
{
	struct axil_req *r;
	int ret;

	ret = axil_start(m, false, addr, 0, 0, false, &r);
	if (ret)
		return ret;
	return axil_master_wait(m, r, data);
}

struct axil_master_cfg *axil_master_cfg(struct axil_master *m)
{
	return &m->cfg;
}

void axil_master_inject(struct axil_master *m, enum axil_master_fault f)
{
	m->fault = f;
	m->fault_step = 0;
}

void axil_master_stats(const struct axil_master *m,
		       struct axil_master_stats *out)
{
	*out = m->stats;
}
