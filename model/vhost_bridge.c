/* SPDX-License-Identifier: MIT */
/*
 * vhost_bridge.c - vhost-user messages turned into virtio-mmio register
 * accesses (see vhost_bridge.h for the mapping).
 *
 * The protocol facts this follows, from QEMU's docs/interop/vhost-user.rst
 * and Linux's arch/um/drivers/virtio_uml.c (6.1): replies carry flags
 * exactly version | reply; a message with NEED_REPLY (REPLY_ACK) gets a u64
 * status, 0 for success; GET_CONFIG asks offset 0 and the size up to the end
 * of the field wanted, and the reply echoes offset, size and payload size;
 * call fds are one end of a socketpair the front-end reads 8 bytes at a
 * time; kick fds are eventfds, so kicks merge; the front-end disables every
 * ring (in reverse order) when it deletes its queues, then sends
 * GET_FEATURES to know the back-end has caught up.
 */
#include "vhost_bridge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vhost_user.h"
#include "virtio_mmio_regs.h"

#define VHOST_BRIDGE_PROTOCOL                          \
	((1ull << VHOST_USER_PROTOCOL_F_REPLY_ACK) |   \
	 (1ull << VHOST_USER_PROTOCOL_F_BACKEND_REQ) | \
	 (1ull << VHOST_USER_PROTOCOL_F_CONFIG))
#define VHOST_BRIDGE_F_PROTOCOL (1ull << VHOST_USER_F_PROTOCOL_FEATURES)
/* GET_CONFIG: tries before a changing generation is an error (4.2.2.2) */
#define VHOST_BRIDGE_GEN_TRIES 16
/* reads of Status after Status = 0 before the reset counts as stuck */
#define VHOST_BRIDGE_RESET_POLLS 10000

struct vhost_bridge_q {
	uint32_t num;		    /* SET_VRING_NUM */
	uint64_t desc, avail, used; /* SET_VRING_ADDR (guest addresses) */
	int kick, call, err;	    /* fds, or -1 */
	bool enabled;		    /* the front-end enabled the ring */
	bool ready;		    /* QueueReady = 1 was written */
	uint16_t last_used;	    /* used->idx at the last look */
};

struct vhost_bridge {
	struct vhost_bridge_cfg cfg;
	char *name, *path;
	int lfd, cfd, req_fd;
	struct vhost_user_memory vm;
	uint64_t proto;		/* protocol features the front-end set */
	uint32_t status;	/* the last Status written */
	unsigned nq;		/* queues the device has */
	bool driver_ok_pending; /* rings enabled, DRIVER_OK not yet */
	struct vhost_bridge_q q[VHOST_BRIDGE_MAX_QUEUES];
	struct vhost_bridge_stats st;
	struct vhost_user_msg msg;
};

#define bridge_err(b, id, ...) \
	sim_report((b)->cfg.sim, SIM_ERROR, id, __VA_ARGS__)
#define bridge_info(b, id, ...) \
	sim_report((b)->cfg.sim, SIM_INFO, id, __VA_ARGS__)

/* ------------------------------------------------------------ registers */

static uint32_t rd(struct vhost_bridge *b, uint32_t off)
{
	uint32_t v = 0;
	int r = axil_master_read(b->cfg.axil, b->cfg.base + off, &v);

	if (r != AXI_OKAY)
		bridge_err(b, "bridge.bus", "%s: read of 0x%03x: response %d",
			   b->name, off, r);
	return v;
}

static void wr(struct vhost_bridge *b, uint32_t off, uint32_t v)
{
	int r = axil_master_write(b->cfg.axil, b->cfg.base + off, v, 0xf);

	if (r != AXI_OKAY)
		bridge_err(b, "bridge.bus",
			   "%s: write of 0x%x to 0x%03x: response %d", b->name,
			   v, off, r);
}

static void set_status(struct vhost_bridge *b, uint32_t v)
{
	wr(b, VIRTIO_MMIO_STATUS, v);
	b->status = v;
}

static uint64_t rd64(struct vhost_bridge *b, uint32_t sel, uint32_t reg)
{
	uint64_t v;

	wr(b, sel, 1);
	v = (uint64_t)rd(b, reg) << 32;
	wr(b, sel, 0);
	return v | rd(b, reg);
}

/* Device reset (2.4): Status = 0, then wait until it reads 0. A register
 * block that holds the write's response until the reset is done answers
 * the first read with 0; one that does not is polled, as the spec's
 * driver does (4.2.2.1). */
static void dev_reset(struct vhost_bridge *b)
{
	unsigned i;

	set_status(b, 0);
	for (i = 0; i < VHOST_BRIDGE_RESET_POLLS; i++) {
		if (rd(b, VIRTIO_MMIO_STATUS) == 0)
			break;
		sim_wait_cycles(b->cfg.sim, 16);
	}
	if (i == VHOST_BRIDGE_RESET_POLLS)
		bridge_err(b, "bridge.reset",
			   "%s: Status still not 0 after %u reads following "
			   "the reset",
			   b->name, i);
	for (i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++) {
		b->q[i].ready = false;
		b->q[i].last_used = 0;
	}
	b->driver_ok_pending = false;
	b->st.resets++;
}

static unsigned count_queues(struct vhost_bridge *b)
{
	unsigned i;

	for (i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++) {
		wr(b, VIRTIO_MMIO_QUEUE_SEL, i);
		if (!rd(b, VIRTIO_MMIO_QUEUE_NUM_MAX))
			break;
	}
	return i;
}

static void driver_ok(struct vhost_bridge *b)
{
	uint32_t st;

	if (!b->driver_ok_pending)
		return;
	b->driver_ok_pending = false;
	set_status(b, b->status | VIRTIO_MMIO_STATUS_DRIVER_OK);
	st = rd(b, VIRTIO_MMIO_STATUS);
	if (!(st & VIRTIO_MMIO_STATUS_DRIVER_OK))
		bridge_err(b, "bridge.status",
			   "%s: DRIVER_OK written, Status reads 0x%02x",
			   b->name, st);
}

/* -------------------------------------------------------------- queues */

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* A little-endian u16 of a ring, read behind the bus (2.7.6, 2.7.8). */
static uint16_t ring16(const struct vhost_bridge *b, uint64_t addr)
{
	uint8_t v[2] = { 0, 0 };

	mem_read(b->cfg.mem, addr, v, 2);
	return (uint16_t)(v[0] | v[1] << 8);
}

static uint16_t used_idx(const struct vhost_bridge *b,
			 const struct vhost_bridge_q *q)
{
	return ring16(b, q->used + 2);
}

static void call(struct vhost_bridge *b, struct vhost_bridge_q *q)
{
	uint64_t one = 1;

	if (q->call < 0)
		return;
	/* a full socket means calls are pending already: the front-end
	 * reads them all in one go, so this one is not lost */
	ssize_t n = send(q->call, &one, sizeof(one), MSG_NOSIGNAL);

	if (n < 0 && errno == ENOTSOCK) /* a pipe or an eventfd */
		n = write(q->call, &one, sizeof(one));
	if (n == (ssize_t)sizeof(one))
		b->st.calls++;
}

/* New used entries since the last look, per queue, into the counter;
 * true when the queue had some. */
static bool used_moved(struct vhost_bridge *b, struct vhost_bridge_q *q)
{
	uint16_t idx = used_idx(b, q);

	if (idx == q->last_used)
		return false;
	b->st.used += (uint16_t)(idx - q->last_used);
	q->last_used = idx;
	return true;
}

/* ------------------------------------------------------------- messages */

static void disconnect(struct vhost_bridge *b)
{
	unsigned i;

	if (b->status)
		dev_reset(b);
	for (i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++) {
		struct vhost_bridge_q *q = &b->q[i];

		close_fd(&q->kick);
		close_fd(&q->call);
		close_fd(&q->err);
		q->enabled = false;
	}
	for (i = 0; i < b->vm.n; i++)
		mem_region_clear(b->cfg.mem, b->vm.r[i].guest_addr,
				 b->vm.r[i].size);
	vhost_user_unmap_table(&b->vm, b->cfg.mem);
	close_fd(&b->req_fd);
	close_fd(&b->cfd);
	b->proto = 0;
	bridge_info(b, "bridge.connect", "%s: front-end disconnected", b->name);
}

static struct vhost_bridge_q *msg_queue(struct vhost_bridge *b, uint32_t idx)
{
	if (idx >= VHOST_BRIDGE_MAX_QUEUES || (b->nq && idx >= b->nq)) {
		bridge_err(b, "bridge.request", "%s: ring %u does not exist",
			   b->name, idx);
		return NULL;
	}
	return &b->q[idx];
}

/* The fd of SET_VRING_KICK/CALL/ERR into *slot (closing the old one). */
static int take_fd(struct vhost_bridge *b, int *slot)
{
	struct vhost_user_msg *m = &b->msg;
	uint64_t v;

	if (vhost_user_get_u64(m, &v))
		return -EPROTO;
	close_fd(slot);
	if (!(v & VHOST_USER_VRING_NOFD)) {
		if (!m->nfds)
			return -EPROTO;
		*slot = m->fds[0];
		m->fds[0] = -1;
		nonblock(*slot);
	}
	return 0;
}

static int ring_index(struct vhost_bridge *b)
{
	uint64_t v;

	if (vhost_user_get_u64(&b->msg, &v))
		return -1;
	return (int)(v & VHOST_USER_VRING_INDEX_MASK);
}

static int get_config(struct vhost_bridge *b, struct vhost_user_config *c)
{
	uint32_t end = c->offset + c->size, g1, g2, w;
	uint8_t buf[VHOST_USER_MAX_CONFIG + 4];
	unsigned tries = 0;

	if (end > VHOST_USER_MAX_CONFIG)
		return -EINVAL;
	do {
		g1 = rd(b, VIRTIO_MMIO_CONFIG_GENERATION);
		for (w = 0; w < end; w += 4) {
			uint32_t v = rd(b, VIRTIO_MMIO_CONFIG + w);

			memcpy(buf + w, &v, 4);
		}
		g2 = rd(b, VIRTIO_MMIO_CONFIG_GENERATION);
	} while (g1 != g2 && ++tries < VHOST_BRIDGE_GEN_TRIES);
	if (g1 != g2) {
		bridge_err(b, "bridge.config",
			   "%s: ConfigGeneration changed on %u reads in a row",
			   b->name, tries);
		return -EIO;
	}
	memcpy(c->data, buf + c->offset, c->size);
	return 0;
}

static void set_config(struct vhost_bridge *b,
		       const struct vhost_user_config *c)
{
	for (uint32_t i = 0; i < c->size; i++) {
		uint32_t a = c->offset + i;
		int r = axil_master_write(
			b->cfg.axil,
			b->cfg.base + VIRTIO_MMIO_CONFIG + (a & ~3u),
			(uint32_t)c->data[i] << 8 * (a & 3), 1u << (a & 3));

		if (r != AXI_OKAY)
			bridge_err(b, "bridge.bus",
				   "%s: config write at 0x%x: response %d",
				   b->name, a, r);
	}
}

static int set_features(struct vhost_bridge *b, uint64_t f)
{
	uint32_t st;

	f &= ~VHOST_BRIDGE_F_PROTOCOL;
	/* a new negotiation: 3.1.1 steps 1 to 5 */
	if (b->status)
		dev_reset(b);
	set_status(b, VIRTIO_MMIO_STATUS_ACKNOWLEDGE);
	set_status(b, b->status | VIRTIO_MMIO_STATUS_DRIVER);
	wr(b, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(b, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	wr(b, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(b, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	set_status(b, b->status | VIRTIO_MMIO_STATUS_FEATURES_OK);
	st = rd(b, VIRTIO_MMIO_STATUS);
	b->st.driver_features = f;
	b->nq = count_queues(b);
	if (!(st & VIRTIO_MMIO_STATUS_FEATURES_OK)) {
		bridge_info(b, "bridge.features",
			    "%s: the device refused features 0x%llx", b->name,
			    (unsigned long long)f);
		return -EINVAL;
	}
	return 0;
}

static int enable_ring(struct vhost_bridge *b, struct vhost_bridge_q *q,
		       uint32_t idx, bool on)
{
	unsigned i, n_en = 0, n_ready = 0;

	if (!on) {
		q->enabled = false;
		for (i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++)
			n_en += b->q[i].enabled;
		/* the device stops a ring only by a reset (no RING_RESET
		 * here): reset once the front-end stopped them all */
		if (!n_en && b->status)
			dev_reset(b);
		return 0;
	}
	if (!(b->status & VIRTIO_MMIO_STATUS_FEATURES_OK) || !q->num)
		return -EINVAL;
	q->enabled = true;
	if (!q->ready) {
		wr(b, VIRTIO_MMIO_QUEUE_SEL, idx);
		wr(b, VIRTIO_MMIO_QUEUE_READY, 1);
		if (rd(b, VIRTIO_MMIO_QUEUE_READY) != 1)
			return -EIO;
		q->ready = true;
		q->last_used = used_idx(b, q);
	}
	if (!(b->status & VIRTIO_MMIO_STATUS_DRIVER_OK))
		b->driver_ok_pending = true;
	for (i = 0; i < b->nq; i++)
		n_ready += b->q[i].ready;
	if (n_ready == b->nq)
		driver_ok(b);
	return 0;
}

/* Handle b->msg: 0, a negative errno (NACKed when a reply was asked), or
 * 1 when a reply with data was sent already. */
static int handle(struct vhost_bridge *b)
{
	struct vhost_user_msg *m = &b->msg;
	struct vhost_user_vring_state s;
	struct vhost_user_vring_addr a;
	struct vhost_user_config c;
	struct vhost_bridge_q *q;
	uint64_t v;
	int r;

	switch (m->request) {
	case VHOST_USER_SET_VRING_NUM:
	case VHOST_USER_SET_VRING_ADDR:
	case VHOST_USER_SET_VRING_BASE:
	case VHOST_USER_SET_VRING_KICK:
	case VHOST_USER_SET_VRING_CALL:
	case VHOST_USER_SET_VRING_ERR:
	case VHOST_USER_SET_VRING_ENABLE:
	case VHOST_USER_SET_MEM_TABLE: break;
	default:
		/* the ring set-up is over: the device may go */
		driver_ok(b);
	}
	switch (m->request) {
	case VHOST_USER_GET_FEATURES:
		v = rd64(b, VIRTIO_MMIO_DEVICE_FEATURES_SEL,
			 VIRTIO_MMIO_DEVICE_FEATURES);
		v = (v & ~VHOST_BRIDGE_HIDDEN_FEATURES) |
		    VHOST_BRIDGE_F_PROTOCOL;
		return vhost_user_reply_u64(b->cfd, m, v) ? -EIO : 1;
	case VHOST_USER_SET_FEATURES:
		if (vhost_user_get_u64(m, &v))
			return -EPROTO;
		return set_features(b, v);
	case VHOST_USER_GET_PROTOCOL_FEATURES:
		return vhost_user_reply_u64(b->cfd, m, VHOST_BRIDGE_PROTOCOL)
			       ? -EIO
			       : 1;
	case VHOST_USER_SET_PROTOCOL_FEATURES:
		if (vhost_user_get_u64(m, &v))
			return -EPROTO;
		b->proto = v & VHOST_BRIDGE_PROTOCOL;
		return 0;
	case VHOST_USER_SET_OWNER: return 0;
	case VHOST_USER_RESET_OWNER:
		if (b->status)
			dev_reset(b);
		return 0;
	case VHOST_USER_GET_QUEUE_NUM:
		if (!b->nq)
			b->nq = count_queues(b);
		return vhost_user_reply_u64(b->cfd, m, b->nq) ? -EIO : 1;
	case VHOST_USER_SET_MEM_TABLE:
		for (unsigned i = 0; i < b->vm.n; i++)
			mem_region_clear(b->cfg.mem, b->vm.r[i].guest_addr,
					 b->vm.r[i].size);
		r = vhost_user_map_table(&b->vm, b->cfg.mem, m);
		for (unsigned i = 0; i < b->vm.n; i++)
			mem_region_set(b->cfg.mem, b->vm.r[i].guest_addr,
				       b->vm.r[i].size, MEM_RW,
				       "front-end memory");
		return r;
	case VHOST_USER_SET_VRING_NUM:
		if (vhost_user_get_state(m, &s) || !(q = msg_queue(b, s.index)))
			return -EPROTO;
		wr(b, VIRTIO_MMIO_QUEUE_SEL, s.index);
		v = rd(b, VIRTIO_MMIO_QUEUE_NUM_MAX);
		if (!s.num || s.num > v || (s.num & (s.num - 1))) {
			bridge_info(b, "bridge.ring",
				    "%s: ring %u: size %u refused (QueueNumMax "
				    "%u)",
				    b->name, s.index, s.num, (unsigned)v);
			return -EINVAL;
		}
		wr(b, VIRTIO_MMIO_QUEUE_NUM, s.num);
		q->num = s.num;
		return 0;
	case VHOST_USER_SET_VRING_ADDR:
		if (vhost_user_get_addr(m, &a) || !(q = msg_queue(b, a.index)))
			return -EPROTO;
		q->desc = a.desc;
		q->avail = a.avail;
		q->used = a.used;
		wr(b, VIRTIO_MMIO_QUEUE_SEL, a.index);
		wr(b, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)a.desc);
		wr(b, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(a.desc >> 32));
		wr(b, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)a.avail);
		wr(b, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, (uint32_t)(a.avail >> 32));
		wr(b, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)a.used);
		wr(b, VIRTIO_MMIO_QUEUE_USED_HIGH, (uint32_t)(a.used >> 32));
		return 0;
	case VHOST_USER_SET_VRING_BASE:
		if (vhost_user_get_state(m, &s) || !msg_queue(b, s.index))
			return -EPROTO;
		/* a virtio-mmio device starts a ring at 0 (2.7.6) */
		return s.num ? -EINVAL : 0;
	case VHOST_USER_GET_VRING_BASE:
		if (vhost_user_get_state(m, &s) || !(q = msg_queue(b, s.index)))
			return -EPROTO;
		enable_ring(b, q, s.index, false);
		s.num = q->used ? used_idx(b, q) : 0;
		{
			uint8_t p[8];

			memcpy(p, &s.index, 4);
			memcpy(p + 4, &s.num, 4);
			return vhost_user_reply(b->cfd, m, p, 8) ? -EIO : 1;
		}
	case VHOST_USER_SET_VRING_KICK:
	case VHOST_USER_SET_VRING_CALL:
	case VHOST_USER_SET_VRING_ERR:
		r = ring_index(b);
		if (r < 0 || !(q = msg_queue(b, (uint32_t)r)))
			return -EPROTO;
		return take_fd(
			b, m->request == VHOST_USER_SET_VRING_KICK   ? &q->kick
			   : m->request == VHOST_USER_SET_VRING_CALL ? &q->call
								     : &q->err);
	case VHOST_USER_SET_VRING_ENABLE:
		if (vhost_user_get_state(m, &s) || !(q = msg_queue(b, s.index)))
			return -EPROTO;
		return enable_ring(b, q, s.index, s.num != 0);
	case VHOST_USER_SET_BACKEND_REQ_FD:
		if (!m->nfds)
			return -EPROTO;
		close_fd(&b->req_fd);
		b->req_fd = m->fds[0];
		m->fds[0] = -1;
		return 0;
	case VHOST_USER_GET_CONFIG: {
		/* the front-end's data bytes do not matter here: a short
		 * payload still gets its window */
		uint8_t p[12 + VHOST_USER_MAX_CONFIG];

		memset(&c, 0, sizeof(c));
		if (m->size >= 12) {
			memcpy(&c.offset, m->payload, 4);
			memcpy(&c.size, m->payload + 4, 4);
			memcpy(&c.flags, m->payload + 8, 4);
		}
		if (m->size < 12 || c.size > VHOST_USER_MAX_CONFIG ||
		    c.offset > VHOST_USER_MAX_CONFIG - c.size) {
			sim_report(b->cfg.sim, SIM_WARNING, "bridge.request",
				   "%s: GET_CONFIG of %u bytes at %u is past "
				   "the %u-byte window: answered with none",
				   b->name, c.size, c.offset,
				   VHOST_USER_MAX_CONFIG);
			c.size = 0;
		} else if (get_config(b, &c)) {
			memset(c.data, 0, c.size);
		}
		memcpy(p, &c.offset, 4);
		memcpy(p + 4, &c.size, 4);
		memcpy(p + 8, &c.flags, 4);
		memcpy(p + 12, c.data, c.size);
		return vhost_user_reply(b->cfd, m, p, 12 + c.size) ? -EIO : 1;
	}
	case VHOST_USER_SET_CONFIG:
		if (vhost_user_get_config(m, &c))
			return -EPROTO;
		set_config(b, &c);
		return 0;
	default:
		sim_report(b->cfg.sim, SIM_WARNING, "bridge.request",
			   "%s: request %u is not supported", b->name,
			   m->request);
		return -ENOTSUP;
	}
}

/* Requests whose front-end waits for a reply with data. */
static bool wants_data(uint32_t req)
{
	return req == VHOST_USER_GET_FEATURES ||
	       req == VHOST_USER_GET_PROTOCOL_FEATURES ||
	       req == VHOST_USER_GET_VRING_BASE ||
	       req == VHOST_USER_GET_QUEUE_NUM || req == VHOST_USER_GET_CONFIG;
}

static int service_messages(struct vhost_bridge *b)
{
	struct pollfd p = { .fd = b->cfd, .events = POLLIN };
	int done = 0, r;

	while (b->cfd >= 0 && poll(&p, 1, 0) > 0) {
		r = vhost_user_recv(b->cfd, &b->msg);
		if (r) {
			if (r != -ECONNRESET)
				bridge_err(b, "bridge.protocol",
					   "%s: bad message from the front-end "
					   "(%s): connection closed",
					   b->name, strerror(-r));
			disconnect(b);
			return done + 1;
		}
		b->st.messages++;
		r = handle(b);
		if (r < 0)
			b->st.nacks++;
		/* a request that waits for data is answered even when it
		 * failed (Linux waits with interrupts off): a u64 0, which
		 * it rejects if it wanted another size */
		if (r <= 0 && (vhost_user_need_reply(&b->msg) ||
			       wants_data(b->msg.request)))
			vhost_user_reply_u64(b->cfd, &b->msg, r ? 1 : 0);
		for (unsigned i = 0; i < b->msg.nfds; i++)
			if (b->msg.fds[i] >= 0)
				close(b->msg.fds[i]);
		b->msg.nfds = 0;
		done++;
	}
	return done;
}

static int service_kicks(struct vhost_bridge *b)
{
	int done = 0;

	for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++) {
		struct vhost_bridge_q *q = &b->q[i];
		uint64_t n;

		if (q->kick < 0 ||
		    read(q->kick, &n, sizeof(n)) != (ssize_t)sizeof(n))
			continue;
		done++;
		if (!q->ready)
			continue;
		driver_ok(b);
		wr(b, VIRTIO_MMIO_QUEUE_NOTIFY, i);
		b->st.kicks++;
	}
	return done;
}

static int service_irq(struct vhost_bridge *b)
{
	uint32_t isr;
	bool any = false;

	if (!irq_mon_level(b->cfg.irq))
		return 0;
	isr = rd(b, VIRTIO_MMIO_INTERRUPT_STATUS);
	if (!isr)
		return 0;
	wr(b, VIRTIO_MMIO_INTERRUPT_ACK, isr);
	b->st.irqs++;
	if (isr & VIRTIO_MMIO_INTERRUPT_STATUS_VRING) {
		/* the queues with new used entries get the call; none moved
		 * (a notification for an older entry): every ready queue */
		for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++)
			if (b->q[i].ready && used_moved(b, &b->q[i])) {
				call(b, &b->q[i]);
				any = true;
			}
		for (unsigned i = 0; !any && i < VHOST_BRIDGE_MAX_QUEUES; i++)
			if (b->q[i].ready)
				call(b, &b->q[i]);
	}
	if (isr & VIRTIO_MMIO_INTERRUPT_STATUS_CONFIG) {
		uint32_t st = rd(b, VIRTIO_MMIO_STATUS);

		if (st & VIRTIO_MMIO_STATUS_NEEDS_RESET)
			bridge_err(b, "bridge.needs_reset",
				   "%s: the device set DEVICE_NEEDS_RESET "
				   "(Status 0x%02x)",
				   b->name, st);
		if (b->req_fd >= 0 &&
		    (b->proto & (1ull << VHOST_USER_PROTOCOL_F_BACKEND_REQ))) {
			struct vhost_user_msg *m = &b->msg;

			m->request = VHOST_USER_BACKEND_CONFIG_CHANGE_MSG;
			m->flags = VHOST_USER_VERSION;
			m->size = 0;
			m->nfds = 0;
			if (!vhost_user_send(b->req_fd, m, NULL, 0))
				b->st.config_changes++;
		}
	}
	return 1;
}

/* -------------------------------------------------------------- public */

struct vhost_bridge *vhost_bridge_create(const struct vhost_bridge_cfg *cfg)
{
	struct vhost_bridge *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->cfg = *cfg;
	b->name = strdup(cfg->name ? cfg->name : "bridge");
	b->path = strdup(cfg->path);
	b->cfd = b->req_fd = -1;
	for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++)
		b->q[i].kick = b->q[i].call = b->q[i].err = -1;
	b->lfd = vhost_user_listen(cfg->path);
	if (b->lfd < 0) {
		bridge_err(b, "bridge.listen", "%s: cannot listen on %s: %s",
			   b->name, cfg->path, strerror(-b->lfd));
		vhost_bridge_destroy(b);
		return NULL;
	}
	return b;
}

void vhost_bridge_destroy(struct vhost_bridge *b)
{
	if (!b)
		return;
	for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++) {
		close_fd(&b->q[i].kick);
		close_fd(&b->q[i].call);
		close_fd(&b->q[i].err);
	}
	vhost_user_unmap_table(&b->vm, b->cfg.mem);
	close_fd(&b->req_fd);
	close_fd(&b->cfd);
	close_fd(&b->lfd);
	if (b->path)
		unlink(b->path);
	free(b->name);
	free(b->path);
	free(b);
}

int vhost_bridge_pollfds(const struct vhost_bridge *b, struct pollfd *pfd,
			 int max)
{
	int n = 0;

	if (n < max)
		pfd[n++] = (struct pollfd){ .fd = b->cfd >= 0 ? b->cfd : b->lfd,
					    .events = POLLIN };
	for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES && n < max; i++)
		if (b->q[i].kick >= 0)
			pfd[n++] = (struct pollfd){ .fd = b->q[i].kick,
						    .events = POLLIN };
	return n;
}

int vhost_bridge_service(struct vhost_bridge *b)
{
	int done = 0;

	if (b->cfd < 0) {
		struct pollfd p = { .fd = b->lfd, .events = POLLIN };

		if (poll(&p, 1, 0) <= 0)
			return 0;
		b->cfd = vhost_user_accept(b->lfd);
		if (b->cfd < 0) {
			b->cfd = -1;
			return 0;
		}
		b->st.connects++;
		bridge_info(b, "bridge.connect", "%s: front-end connected",
			    b->name);
		done++;
	}
	done += service_messages(b);
	done += service_kicks(b);
	done += service_irq(b);
	return done;
}

bool vhost_bridge_busy(const struct vhost_bridge *b)
{
	if (b->cfd < 0 || !(b->status & VIRTIO_MMIO_STATUS_DRIVER_OK))
		return false;
	for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++) {
		const struct vhost_bridge_q *q = &b->q[i];
		if (!q->ready || (b->cfg.input_queues >> i & 1))
			continue;
		if (ring16(b, q->avail + 2) != used_idx(b, q))
			return true;
	}
	return false;
}

bool vhost_bridge_connected(const struct vhost_bridge *b)
{
	return b->cfd >= 0;
}

void vhost_bridge_stats(struct vhost_bridge *b, struct vhost_bridge_stats *out)
{
	/* entries published since the last interrupt (suppressed ones) */
	for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++)
		if (b->q[i].ready)
			used_moved(b, &b->q[i]);
	*out = b->st;
}

/* A descriptor chain (2.7.5, 2.7.5.3.1): address, length, flags of each
 * descriptor, an indirect table's descriptors inside [ ], and the first
 * bytes of the first readable buffer. */
static void dump_chain(const struct vhost_bridge *b,
		       const struct vhost_bridge_q *q, uint16_t head, FILE *out)
{
	uint64_t table = q->desc, size = q->num;
	uint16_t id = head;
	bool first = true;

	for (unsigned n = 0; n < 64 && id < size; n++) {
		uint8_t d[16];
		uint64_t addr;
		uint32_t len;
		uint16_t flags, next;

		mem_read(b->cfg.mem, table + 16ull * id, d, 16);
		memcpy(&addr, d, 8);
		memcpy(&len, d + 8, 4);
		memcpy(&flags, d + 12, 2);
		memcpy(&next, d + 14, 2);
		fprintf(out, " 0x%llx+%u%s%s", (unsigned long long)addr, len,
			flags & 2 ? " W" : "", flags & 4 ? " INDIRECT [" : "");
		if (first && !(flags & 6)) {
			uint8_t h[16] = { 0 };

			mem_read(b->cfg.mem, addr, h, len < 16 ? len : 16);
			fprintf(out, " (");
			for (unsigned k = 0; k < 16 && k < len; k++)
				fprintf(out, "%02x", h[k]);
			fprintf(out, ")");
			first = false;
		}
		if (flags & 4) {
			table = addr;
			size = len / 16;
			id = 0;
			continue;
		}
		if (!(flags & 1))
			break;
		id = next;
	}
	fprintf(out, "%s\n", table != q->desc ? " ]" : "");
}

void vhost_bridge_dump(const struct vhost_bridge *b, FILE *out)
{
	fprintf(out, "%s: %s, Status written 0x%02x, %u queue(s)\n", b->name,
		b->cfd >= 0 ? "connected" : "not connected", b->status, b->nq);
	for (unsigned i = 0; i < VHOST_BRIDGE_MAX_QUEUES; i++) {
		const struct vhost_bridge_q *q = &b->q[i];

		if (!q->ready)
			continue;
		/* 2.7.6 and 2.7.8: flags, idx, then used_event / avail_event
		 * after the num ring entries */
		fprintf(out,
			"%s: ring %u size %u: avail flags 0x%x idx %u "
			"used_event %u; used flags 0x%x idx %u avail_event %u\n",
			b->name, i, q->num, ring16(b, q->avail),
			ring16(b, q->avail + 2),
			ring16(b, q->avail + 4 + 2 * q->num),
			ring16(b, q->used), ring16(b, q->used + 2),
			ring16(b, q->used + 4 + 8 * q->num));
		/* the chains made available and not used yet (2.7.5) */
		for (uint16_t k = ring16(b, q->used + 2), n = 0;
		     k != ring16(b, q->avail + 2) && n < 4; k++, n++) {
			uint16_t head =
				ring16(b, q->avail + 4 + 2 * (k % q->num));

			fprintf(out,
				"%s: ring %u avail[%u] = chain %u:", b->name, i,
				k, head);
			dump_chain(b, q, head, out);
		}
	}
}
