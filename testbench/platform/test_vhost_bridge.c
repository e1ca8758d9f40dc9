/* SPDX-License-Identifier: MIT */
/*
 * test_vhost_bridge.c - the vhost-user bridge (model/vhost_bridge.h) on the
 * platform's blk slot, driven by a front-end written here that does what
 * Linux's virtio_uml does (the same messages, in the same order, with the
 * same fds): the features offered and stripped, the protocol features, the
 * NACKs, the config window echoed, the rings set up from messages, a kick
 * turned into a request and a call, the config-change message on the
 * back-end channel, the reset when every ring is disabled, a reconnect.
 * The Linux run (test_linux.c) covers the same with the real kernel; this
 * suite needs no kernel, and pins each rule on its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tb.h"
#include "tb_platform.h"
#include "vhost_bridge.h"
#include "vhost_user.h"
#include "virtio_mmio_regs.h"

#define FE_GUEST 0x40000000ull /* where the front-end's memory is */
#define FE_MEM (1u << 20)
#define FE_Q 256		    /* Linux's queue size */
#define FE_DESC (FE_GUEST + 0x0000) /* 16 * 256 */
#define FE_AVAIL (FE_GUEST + 0x1000)
#define FE_USED (FE_GUEST + 0x2000)
#define FE_BUF (FE_GUEST + 0x10000) /* request headers and data */
#define BLK_SLOT 1
#define LONG 3000000 /* cycles to wait for a request */

struct fe {
	struct tb_platform *p;
	struct vhost_bridge *b;
	char path[108];
	int sock, kick, call[2], req[2], memfd;
	uint8_t *mem;
	uint16_t avail_idx, used_seen;
	bool done;
	jmp_buf jb; /* a failed check ends the sequence here */
};

/* Checks inside the simulation thread: report (the test asserts a clean
 * run afterwards) and leave the sequence. */
#define FE_CHECK(f, cond, ...)                                 \
	do {                                                   \
		if (!(cond)) {                                 \
			tb_platform_fail((f)->p, __VA_ARGS__); \
			longjmp((f)->jb, 1);                   \
		}                                              \
	} while (0)
#define FE_EQ(f, a, b)                                                      \
	do {                                                                \
		unsigned long long a_ = (unsigned long long)(a);            \
		unsigned long long b_ = (unsigned long long)(b);            \
		FE_CHECK(f, a_ == b_, "%s is 0x%llx, want %s = 0x%llx", #a, \
			 a_, #b, b_);                                       \
	} while (0)

static uint8_t *fe_ptr(struct fe *f, uint64_t guest)
{
	return f->mem + (guest - FE_GUEST);
}

/* Let the bridge handle what was sent, then receive its reply. */
static void fe_pump(struct fe *f)
{
	for (int i = 0; i < 4; i++)
		vhost_bridge_service(f->b);
}

static void fe_send(struct fe *f, uint32_t req, const void *pl, uint32_t len,
		    const int *fds, unsigned nfds, bool need_reply)
{
	static struct vhost_user_msg m;

	m.request = req;
	m.flags = VHOST_USER_VERSION |
		  (need_reply ? VHOST_USER_FLAG_NEED_REPLY : 0);
	m.size = len;
	memcpy(m.payload, pl, len);
	FE_EQ(f, vhost_user_send(f->sock, &m, fds, nfds), 0);
	fe_pump(f);
}

/* The reply to req: flags exactly 0x5 (Linux refuses anything else). */
static struct vhost_user_msg *fe_reply(struct fe *f, uint32_t req)
{
	static struct vhost_user_msg m;
	struct pollfd pf = { .fd = f->sock, .events = POLLIN };

	FE_CHECK(f, poll(&pf, 1, 0) == 1, "no reply to request %u", req);
	FE_EQ(f, vhost_user_recv(f->sock, &m), 0);
	FE_EQ(f, m.request, req);
	FE_EQ(f, m.flags, VHOST_USER_VERSION | VHOST_USER_FLAG_REPLY);
	return &m;
}

static uint64_t fe_u64(struct fe *f, uint32_t req)
{
	struct vhost_user_msg *m = fe_reply(f, req);
	uint64_t v;

	FE_EQ(f, vhost_user_get_u64(m, &v), 0);
	return v;
}

/* A request with REPLY_ACK: the status the bridge answered (0 = ok). */
static uint64_t fe_ack(struct fe *f, uint32_t req, const void *pl, uint32_t len,
		       const int *fds, unsigned nfds)
{
	fe_send(f, req, pl, len, fds, nfds, true);
	return fe_u64(f, req);
}

static uint64_t fe_state(struct fe *f, uint32_t req, uint32_t idx, uint32_t num)
{
	uint32_t s[2] = { idx, num };

	return fe_ack(f, req, s, sizeof(s), NULL, 0);
}

static uint32_t fe_reg(struct fe *f, uint32_t off)
{
	uint32_t v = 0;

	FE_EQ(f,
	      tb_platform_read(f->p,
			       TB_PLATFORM_BASE +
				       TB_PLATFORM_STRIDE * BLK_SLOT + off,
			       &v),
	      AXI_OKAY);
	return v;
}

static void fe_connect(struct fe *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	f->sock = socket(AF_UNIX, SOCK_STREAM, 0);
	FE_CHECK(f, f->sock >= 0, "socket: %s", strerror(errno));
	FE_EQ(f, connect(f->sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	fe_pump(f);
	FE_CHECK(f, vhost_bridge_connected(f->b), "%s",
		 "vhost_bridge_connected(f->b)");
}

/* ----------------------------------------------------------- requests */

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void fe_desc(struct fe *f, unsigned i, uint64_t addr, uint32_t len,
		    uint16_t flags, uint16_t next)
{
	uint8_t *d = fe_ptr(f, FE_DESC + 16ull * i);

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}

/* A blk request (5.2.6) as one chain: header, data (if any), status; made
 * available and kicked through the eventfd. Returns the status buffer. */
static uint64_t fe_blk(struct fe *f, uint32_t type, uint64_t sector,
		       uint64_t data, uint32_t len, bool dev_writes)
{
	uint64_t hdr = FE_BUF, st = FE_BUF + 0x20;
	uint8_t *h = fe_ptr(f, hdr);
	uint64_t one = 1;
	unsigned n = 0;

	memset(h, 0, 16);
	memcpy(h, &type, 4);
	put16(h + 4, 0x4004); /* Linux puts the I/O priority here */
	memcpy(h + 8, &sector, 8);
	*fe_ptr(f, st) = 0xee;
	fe_desc(f, n, hdr, 16, 1, (uint16_t)(n + 1));
	n++;
	if (len) {
		fe_desc(f, n, data, len, (uint16_t)(1 | (dev_writes ? 2 : 0)),
			(uint16_t)(n + 1));
		n++;
	}
	fe_desc(f, n, st, 1, 2, 0);
	put16(fe_ptr(f, FE_AVAIL + 4 + 2 * (f->avail_idx % FE_Q)), 0);
	f->avail_idx++;
	put16(fe_ptr(f, FE_AVAIL + 2), f->avail_idx);
	FE_EQ(f, write(f->kick, &one, 8), 8);
	return st;
}

/* Serve until the call fd says the device used the chain; the used idx
 * must then have moved by one. busy_seen: the bridge said busy at least
 * once while the request was pending. */
static void fe_wait_used(struct fe *f, bool *busy_seen)
{
	uint64_t n, c;
	uint16_t idx;

	for (c = 0; c < LONG; c += 64) {
		struct pollfd pf = { .fd = f->call[0], .events = POLLIN };

		vhost_bridge_service(f->b);
		if (busy_seen && vhost_bridge_busy(f->b))
			*busy_seen = true;
		if (poll(&pf, 1, 0) == 1)
			break;
		sim_wait_cycles(f->p->e->sim, 64);
	}
	FE_CHECK(f, c < LONG, "no call within %d cycles", LONG);
	FE_EQ(f, read(f->call[0], &n, 8), 8);
	memcpy(&idx, fe_ptr(f, FE_USED + 2), 2);
	FE_EQ(f, idx, (uint16_t)(f->used_seen + 1));
	f->used_seen = idx;
	FE_CHECK(f, !vhost_bridge_busy(f->b), "%s", "!vhost_bridge_busy(f->b)");
}

/* ---------------------------------------------------------------- body */

static void bridge_body(struct tb_platform *p, void *arg)
{
	struct fe *f = arg;
	struct vhost_user_msg *m;
	uint64_t v, st;
	uint8_t *data;
	bool busy = false;
	struct vhost_bridge_cfg bc = {
		.name = "blk",
		.path = f->path,
		.sim = p->e->sim,
		.axil = p->e->axil,
		.base = TB_PLATFORM_BASE + TB_PLATFORM_STRIDE * BLK_SLOT,
		.irq = p->slot[BLK_SLOT].irq,
		.mem = p->e->mem,
	};

	if (setjmp(f->jb)) {
		vhost_bridge_destroy(f->b);
		f->b = NULL;
		return;
	}
	f->b = vhost_bridge_create(&bc);
	FE_CHECK(f, f->b != NULL, "the bridge could not listen on %s", f->path);
	fe_connect(f);

	/* virtio_uml's vhost_user_init(): features, protocol features */
	fe_send(f, VHOST_USER_SET_OWNER, NULL, 0, NULL, 0, false);
	fe_send(f, VHOST_USER_GET_FEATURES, NULL, 0, NULL, 0, false);
	v = fe_u64(f, VHOST_USER_GET_FEATURES);
	FE_CHECK(f, v >> VHOST_USER_F_PROTOCOL_FEATURES & 1,
		 "bit 30 (PROTOCOL_FEATURES) not offered: 0x%llx",
		 (unsigned long long)v);
	FE_CHECK(f, v >> VIRTIO_F_VERSION_1 & 1, "VERSION_1 not offered");
	FE_CHECK(f, !(v & ((1ull << 33) | (1ull << 38) | (1ull << 40))),
		 "ACCESS_PLATFORM, NOTIFICATION_DATA or RING_RESET "
		 "offered: 0x%llx",
		 (unsigned long long)v);
	fe_send(f, VHOST_USER_GET_PROTOCOL_FEATURES, NULL, 0, NULL, 0, false);
	FE_EQ(f, fe_u64(f, VHOST_USER_GET_PROTOCOL_FEATURES),
	      (1u << VHOST_USER_PROTOCOL_F_REPLY_ACK) |
		      (1u << VHOST_USER_PROTOCOL_F_BACKEND_REQ) |
		      (1u << VHOST_USER_PROTOCOL_F_CONFIG));
	v = (1u << VHOST_USER_PROTOCOL_F_REPLY_ACK) |
	    (1u << VHOST_USER_PROTOCOL_F_BACKEND_REQ) |
	    (1u << VHOST_USER_PROTOCOL_F_CONFIG);
	FE_EQ(f, fe_ack(f, VHOST_USER_SET_PROTOCOL_FEATURES, &v, 8, NULL, 0),
	      0);
	FE_EQ(f,
	      fe_ack(f, VHOST_USER_SET_BACKEND_REQ_FD, NULL, 0, &f->req[1], 1),
	      0);

	/* features the device does not offer: FEATURES_OK refused, the
	 * request NACKed (Linux's probe then fails with -EIO) */
	v = (1ull << VIRTIO_F_VERSION_1) | (1ull << 50);
	FE_CHECK(f, fe_ack(f, VHOST_USER_SET_FEATURES, &v, 8, NULL, 0) != 0,
		 "features with bit 50 (not offered) were acknowledged");
	FE_EQ(f, fe_reg(f, VIRTIO_MMIO_STATUS) & VIRTIO_MMIO_STATUS_FEATURES_OK,
	      0);

	/* finalize_features(): bit 30 echoed back, stripped before the
	 * device; FEATURES_OK synthesised */
	v = (1ull << VIRTIO_F_VERSION_1) |
	    (1ull << VHOST_USER_F_PROTOCOL_FEATURES);
	FE_EQ(f, fe_ack(f, VHOST_USER_SET_FEATURES, &v, 8, NULL, 0), 0);
	FE_EQ(f, fe_reg(f, VIRTIO_MMIO_STATUS),
	      VIRTIO_MMIO_STATUS_ACKNOWLEDGE | VIRTIO_MMIO_STATUS_DRIVER |
		      VIRTIO_MMIO_STATUS_FEATURES_OK);

	/* GET_CONFIG: offset 0, size to the end of the field; echoed */
	{
		uint32_t c[3] = { 0, 8, 0 };

		fe_send(f, VHOST_USER_GET_CONFIG, c, sizeof(c), NULL, 0, false);
		m = fe_reply(f, VHOST_USER_GET_CONFIG);
		FE_EQ(f, m->size, 12 + 8);
		memcpy(c, m->payload, 12);
		FE_EQ(f, c[0], 0);
		FE_EQ(f, c[1], 8);
		memcpy(&v, m->payload + 12, 8);
		FE_EQ(f, v, 2048); /* capacity of the 1 MiB disk */
		/* the same window asked with the header alone: answered
		 * the same (the front-end's data bytes do not matter) */
		fe_send(f, VHOST_USER_GET_CONFIG, c, 12, NULL, 0, false);
		m = fe_reply(f, VHOST_USER_GET_CONFIG);
		FE_EQ(f, m->size, 12 + 8);
		memcpy(&v, m->payload + 12, 8);
		FE_EQ(f, v, 2048);
		/* a window past the config space: answered, never a hang */
		c[1] = 4096;
		sim_report_expect(p->e->sim, "bridge.request");
		fe_send(f, VHOST_USER_GET_CONFIG, c, 12, NULL, 0, false);
		m = fe_reply(f, VHOST_USER_GET_CONFIG);
		FE_EQ(f, m->size, 12);
	}

	/* find_vqs(): memory, call, num, base, addr, kick, enable */
	FE_EQ(f,
	      fe_ack(f, VHOST_USER_SET_MEM_TABLE,
		     (uint64_t[]){ 1, FE_GUEST, FE_MEM, FE_GUEST, 0 }, 40,
		     &f->memfd, 1),
	      0);
	v = 0;
	FE_EQ(f, fe_ack(f, VHOST_USER_SET_VRING_CALL, &v, 8, &f->call[1], 1),
	      0);
	FE_CHECK(f, fe_state(f, VHOST_USER_SET_VRING_NUM, 0, 512) != 0,
		 "a ring of 512 (QueueNumMax 256) was accepted");
	FE_EQ(f, fe_state(f, VHOST_USER_SET_VRING_NUM, 0, FE_Q), 0);
	FE_CHECK(f, fe_state(f, VHOST_USER_SET_VRING_BASE, 0, 5) != 0,
		 "a ring base of 5 was accepted (virtio-mmio starts "
		 "at 0)");
	FE_EQ(f, fe_state(f, VHOST_USER_SET_VRING_BASE, 0, 0), 0);
	{
		uint64_t a[5] = { 0, FE_DESC, FE_USED, FE_AVAIL, ~0ull };

		FE_EQ(f,
		      fe_ack(f, VHOST_USER_SET_VRING_ADDR, a, sizeof(a), NULL,
			     0),
		      0);
	}
	v = 0;
	FE_EQ(f, fe_ack(f, VHOST_USER_SET_VRING_KICK, &v, 8, &f->kick, 1), 0);
	FE_EQ(f, fe_reg(f, VIRTIO_MMIO_STATUS) & VIRTIO_MMIO_STATUS_DRIVER_OK,
	      0);
	FE_EQ(f, fe_state(f, VHOST_USER_SET_VRING_ENABLE, 0, 1), 0);
	/* the device's only ring is ready: DRIVER_OK */
	FE_EQ(f, fe_reg(f, VIRTIO_MMIO_STATUS),
	      VIRTIO_MMIO_STATUS_ACKNOWLEDGE | VIRTIO_MMIO_STATUS_DRIVER |
		      VIRTIO_MMIO_STATUS_FEATURES_OK |
		      VIRTIO_MMIO_STATUS_DRIVER_OK);

	/* a write, then a DISCARD of the whole disk (zeroed inside the
	 * device, no DMA for ~130,000 cycles: the bridge must say busy),
	 * then a read that sees zeros */
	data = fe_ptr(f, FE_BUF + 0x1000);
	for (unsigned i = 0; i < 4096; i++)
		data[i] = (uint8_t)(i * 7 + 1);
	st = fe_blk(f, 1, 0, FE_BUF + 0x1000, 4096, false);
	fe_wait_used(f, NULL);
	FE_EQ(f, *fe_ptr(f, st), 0);
	{
		uint8_t *seg = fe_ptr(f, FE_BUF + 0x3000);
		uint64_t sec = 0;
		uint32_t num = 2048, flags = 0;

		memcpy(seg, &sec, 8);
		memcpy(seg + 8, &num, 4);
		memcpy(seg + 12, &flags, 4);
	}
	st = fe_blk(f, 11, 0, FE_BUF + 0x3000, 16, false);
	fe_wait_used(f, &busy);
	FE_EQ(f, *fe_ptr(f, st), 0);
	FE_CHECK(f, busy,
		 "the bridge never said busy while the DISCARD "
		 "was pending");
	memset(data, 0xaa, 4096);
	st = fe_blk(f, 0, 0, FE_BUF + 0x1000, 4096, true);
	fe_wait_used(f, NULL);
	FE_EQ(f, *fe_ptr(f, st), 0);
	for (unsigned i = 0; i < 4096; i++)
		FE_CHECK(f, data[i] == 0, "byte %u after the DISCARD: 0x%02x",
			 i, data[i]);

	/* a capacity change: the config-change message on the back-end
	 * channel (flags: version only, no payload) */
	FE_EQ(f, tb_platform_blk_resize(p, 1000), 0);
	for (unsigned c = 0; c < 1000; c++) {
		struct pollfd pf = { .fd = f->req[0], .events = POLLIN };

		vhost_bridge_service(f->b);
		if (poll(&pf, 1, 0) == 1)
			break;
		sim_wait_cycles(p->e->sim, 16);
	}
	{
		static struct vhost_user_msg cm;
		struct pollfd pf = { .fd = f->req[0], .events = POLLIN };

		FE_CHECK(f, poll(&pf, 1, 0) == 1,
			 "no config-change message after a resize");
		FE_EQ(f, vhost_user_recv(f->req[0], &cm), 0);
		FE_EQ(f, cm.request, VHOST_USER_BACKEND_CONFIG_CHANGE_MSG);
		FE_EQ(f, cm.flags, VHOST_USER_VERSION);
		FE_EQ(f, cm.size, 0);
	}

	/* a malformed ring (a head past the queue size, table E): the
	 * device sets DEVICE_NEEDS_RESET, the bridge names it as an error
	 * (the Linux run stops on it) */
	sim_report_expect(p->e->sim, "bridge.needs_reset");
	{
		uint64_t one = 1;

		put16(fe_ptr(f, FE_AVAIL + 4 + 2 * (f->avail_idx % FE_Q)),
		      FE_Q + 44);
		f->avail_idx++;
		put16(fe_ptr(f, FE_AVAIL + 2), f->avail_idx);
		FE_EQ(f, write(f->kick, &one, 8), 8);
		for (unsigned c = 0;
		     c < 2000 &&
		     !sim_report_count_id(p->e->sim, "bridge.needs_reset");
		     c++) {
			vhost_bridge_service(f->b);
			sim_wait_cycles(p->e->sim, 16);
		}
		FE_CHECK(f,
			 sim_report_count_id(p->e->sim, "bridge.needs_reset"),
			 "no bridge.needs_reset report after a head index "
			 "past the queue size");
		FE_CHECK(f,
			 fe_reg(f, VIRTIO_MMIO_STATUS) &
				 VIRTIO_MMIO_STATUS_NEEDS_RESET,
			 "Status lacks DEVICE_NEEDS_RESET");
	}

	/* del_vqs(): every ring disabled, GET_FEATURES to sync: the device
	 * is reset */
	FE_EQ(f, fe_state(f, VHOST_USER_SET_VRING_ENABLE, 0, 0), 0);
	FE_EQ(f, fe_reg(f, VIRTIO_MMIO_STATUS), 0);
	fe_send(f, VHOST_USER_GET_FEATURES, NULL, 0, NULL, 0, false);
	fe_u64(f, VHOST_USER_GET_FEATURES);

	/* an unknown request with REPLY_ACK: refused, not ignored */
	sim_report_expect(p->e->sim, "bridge.request");
	FE_CHECK(f, fe_ack(f, 99, NULL, 0, NULL, 0) != 0,
		 "request 99 was acknowledged as done");

	/* the front-end goes away and comes back */
	close(f->sock);
	fe_pump(f);
	FE_CHECK(f, !vhost_bridge_connected(f->b), "%s",
		 "!vhost_bridge_connected(f->b)");
	fe_connect(f);
	fe_send(f, VHOST_USER_GET_FEATURES, NULL, 0, NULL, 0, false);
	FE_CHECK(
		f, fe_u64(f, VHOST_USER_GET_FEATURES) >> VIRTIO_F_VERSION_1 & 1,
		"%s",
		"fe_u64(f, VHOST_USER_GET_FEATURES) >> VIRTIO_F_VERSION_1 & 1");
	close(f->sock);
	fe_pump(f);
	{
		struct vhost_bridge_stats s;

		vhost_bridge_stats(f->b, &s);
		FE_EQ(f, s.used, 3);
		FE_EQ(f, s.kicks, 4);
		FE_EQ(f, s.connects, 2);
		FE_EQ(f, s.config_changes, 2);
		FE_CHECK(f, s.resets >= 1, "no device reset counted");
		FE_EQ(f, s.nacks, 4);
	}
	vhost_bridge_destroy(f->b);
	f->b = NULL;
	f->done = true;
}

START_TEST(test_vhost_bridge_serves_virtio_uml_messages_on_the_blk_slot)
{
	struct tb_env_cfg cfg = { .name = tb_run_name(_i),
				  .seed = tb_seed(_i),
				  .random = true };
	struct tb_platform *p = tb_platform_create(&cfg);
	struct fe f = { .p = p };

	ck_assert_ptr_nonnull(p);
	p->no_probe = true;
	snprintf(f.path, sizeof(f.path), "/tmp/vio-bridge-%d-%d.sock",
		 (int)getpid(), _i);
	f.memfd = memfd_create("fe-mem", MFD_CLOEXEC);
	ck_assert_int_ge(f.memfd, 0);
	ck_assert_int_eq(ftruncate(f.memfd, FE_MEM), 0);
	f.mem = mmap(NULL, FE_MEM, PROT_READ | PROT_WRITE, MAP_SHARED, f.memfd,
		     0);
	ck_assert(f.mem != MAP_FAILED);
	f.kick = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, f.call), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, f.req), 0);
	tb_platform_run(p, bridge_body, &f, 0);
	tb_env_assert_clean(p->e);
	ck_assert_msg(f.done, "the sequence did not finish");
	tb_platform_destroy(p);
	munmap(f.mem, FE_MEM);
}
END_TEST

static void test_vhost_bridge_register(struct tb_registry *r)
{
	tb_add_seeded(
		r, test_vhost_bridge_serves_virtio_uml_messages_on_the_blk_slot,
		0);
}

TB_TESTS(test_vhost_bridge_register)
