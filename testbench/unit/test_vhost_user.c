// SPDX-License-Identifier: MIT
/*
 * test_vhost_user.c - the wire level of the vhost-user back-end
 * (model/vhost_user.c), against a front-end played by the test over a
 * socketpair or a listening socket: headers, replies, descriptors passed
 * with messages, payload parsing, the memory table mapped into the
 * simulated memory, and malformed input.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "mem.h"
#include "tb.h"
#include "vhost_user.h"

#define PG MEM_PAGE_SIZE

/* sv[0]: the back-end's end, sv[1]: the front-end's. */
static void pair(int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

static void put32(uint8_t *b, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b + 4, (uint32_t)(v >> 32));
}

/* A front-end request with size payload bytes from p. */
static void request(struct vhost_user_msg *m, uint32_t req, uint32_t flags,
		    const void *p, uint32_t size)
{
	memset(m, 0, sizeof(*m));
	m->request = req;
	m->flags = VHOST_USER_VERSION | flags;
	m->size = size;
	if (size)
		memcpy(m->payload, p, size);
}

/* GET_FEATURES with NEED_REPLY: the back-end gets the header as sent, and
 * its reply carries flags exactly 0x5, the request number and the u64. */
START_TEST(test_vhost_user_request_and_reply_round_trip)
{
	struct vhost_user_msg q, got, rep;
	int sv[2];
	uint64_t v = 0;

	pair(sv);
	request(&q, VHOST_USER_GET_FEATURES, VHOST_USER_FLAG_NEED_REPLY, NULL,
		0);
	ck_assert_int_eq(vhost_user_send(sv[1], &q, NULL, 0), 0);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), 0);
	ck_assert_uint_eq(got.request, VHOST_USER_GET_FEATURES);
	ck_assert(vhost_user_need_reply(&got));
	ck_assert_uint_eq(got.size, 0);
	ck_assert_uint_eq(got.nfds, 0);
	ck_assert_int_eq(
		vhost_user_reply_u64(
			sv[0], &got,
			0x140000000ull |
				(1ull << VHOST_USER_F_PROTOCOL_FEATURES)),
		0);
	ck_assert_int_eq(vhost_user_recv(sv[1], &rep), 0);
	ck_assert_uint_eq(rep.request, VHOST_USER_GET_FEATURES);
	ck_assert_uint_eq(rep.flags, 0x5);
	ck_assert_int_eq(vhost_user_get_u64(&rep, &v), 0);
	ck_assert_uint_eq(v, 0x140000000ull | (1ull << 30));
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* SET_VRING_KICK carries an eventfd: the back-end's copy is the same
 * object (a kick written by the front-end is read by the back-end). */
START_TEST(test_vhost_user_fd_travels_with_its_message)
{
	struct vhost_user_msg q, got;
	uint8_t idx[8];
	int sv[2], efd = eventfd(0, 0);
	uint64_t one = 1, n = 0, v;

	ck_assert_int_ge(efd, 0);
	pair(sv);
	put64(idx, 1); /* ring 1, an fd comes */
	request(&q, VHOST_USER_SET_VRING_KICK, 0, idx, 8);
	ck_assert_int_eq(vhost_user_send(sv[1], &q, &efd, 1), 0);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), 0);
	ck_assert_uint_eq(got.nfds, 1);
	ck_assert_int_ne(got.fds[0], efd);
	ck_assert_int_eq(vhost_user_get_u64(&got, &v), 0);
	ck_assert_uint_eq(v & VHOST_USER_VRING_INDEX_MASK, 1);
	ck_assert_int_eq(write(efd, &one, 8), 8);
	ck_assert_int_eq(read(got.fds[0], &n, 8), 8);
	ck_assert_uint_eq(n, 1);
	vhost_user_close_fds(&got);
	ck_assert_uint_eq(got.nfds, 0);
	close(efd);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* Ring state, ring addresses and config windows read as the spec lays
 * them out; short payloads and oversized config windows are refused. */
START_TEST(test_vhost_user_payloads_parse_and_short_ones_are_refused)
{
	struct vhost_user_msg m;
	struct vhost_user_vring_state s;
	struct vhost_user_vring_addr a;
	struct vhost_user_config c;
	uint8_t p[64] = { 0 };
	uint64_t v;

	put32(p, 1);
	put32(p + 4, 256);
	request(&m, VHOST_USER_SET_VRING_NUM, 0, p, 8);
	ck_assert_int_eq(vhost_user_get_state(&m, &s), 0);
	ck_assert_uint_eq(s.index, 1);
	ck_assert_uint_eq(s.num, 256);
	put32(p, 0);
	put32(p + 4, 0);
	put64(p + 8, 0x1000);  /* descriptor */
	put64(p + 16, 0x3000); /* used */
	put64(p + 24, 0x2000); /* available */
	put64(p + 32, 0);
	request(&m, VHOST_USER_SET_VRING_ADDR, 0, p, 40);
	ck_assert_int_eq(vhost_user_get_addr(&m, &a), 0);
	ck_assert_uint_eq(a.desc, 0x1000);
	ck_assert_uint_eq(a.used, 0x3000);
	ck_assert_uint_eq(a.avail, 0x2000);
	put32(p, 0);
	put32(p + 4, 8); /* Linux asks from 0 to the end of the field */
	put32(p + 8, 0);
	memcpy(p + 12, "\x52\x54\x00\x12\x34\x56\x01\x00", 8);
	request(&m, VHOST_USER_SET_CONFIG, 0, p, 20);
	ck_assert_int_eq(vhost_user_get_config(&m, &c), 0);
	ck_assert_uint_eq(c.size, 8);
	ck_assert_mem_eq(c.data, "\x52\x54\x00\x12\x34\x56\x01\x00", 8);
	/* short, or a window past what the payload or the limit holds */
	request(&m, VHOST_USER_SET_FEATURES, 0, p, 4);
	ck_assert_int_eq(vhost_user_get_u64(&m, &v), -EPROTO);
	request(&m, VHOST_USER_SET_VRING_ADDR, 0, p, 39);
	ck_assert_int_eq(vhost_user_get_addr(&m, &a), -EPROTO);
	put32(p + 4, 9);
	request(&m, VHOST_USER_SET_CONFIG, 0, p, 20);
	ck_assert_int_eq(vhost_user_get_config(&m, &c), -EPROTO);
	put32(p + 4, VHOST_USER_MAX_CONFIG + 1);
	request(&m, VHOST_USER_GET_CONFIG, 0, p, 12);
	ck_assert_int_eq(vhost_user_get_config(&m, &c), -EPROTO);
}
END_TEST

/* A memory table message: two regions of a memfd (the second one a page
 * into it) back the simulated memory at their guest addresses, so the
 * device reads what the front-end writes and the other way round; sent
 * again with another fd, the new memory replaces the old. */
static void table_msg(struct vhost_user_msg *m, unsigned n, const uint64_t *ga,
		      const uint64_t *sz, const uint64_t *off)
{
	uint8_t p[VHOST_USER_MAX_PAYLOAD] = { 0 };

	put32(p, n);
	for (unsigned i = 0; i < n; i++) {
		put64(p + 8 + 32 * i, ga[i]);
		put64(p + 16 + 32 * i, sz[i]);
		put64(p + 24 + 32 * i, 0x7f0000000000ull + ga[i]);
		put64(p + 32 + 32 * i, off[i]);
	}
	request(m, VHOST_USER_SET_MEM_TABLE, 0, p, 8 + 32 * n);
}

static int memfd_of(unsigned pages, uint8_t fill)
{
	int fd = memfd_create("guest", 0);
	uint8_t *b = malloc((size_t)pages * PG);

	ck_assert_int_ge(fd, 0);
	memset(b, fill, (size_t)pages * PG);
	ck_assert_int_eq(write(fd, b, (size_t)pages * PG), (ssize_t)pages * PG);
	free(b);
	return fd;
}

START_TEST(test_vhost_user_memory_table_backs_the_simulated_memory)
{
	struct mem *mem = mem_create(NULL, "dma");
	struct vhost_user_memory vm = { 0 };
	struct vhost_user_msg q, got;
	const uint64_t ga[2] = { 0x0, 0x40000000 }, sz[2] = { 2 * PG, PG },
		       off[2] = { 0, 2 * PG };
	int sv[2], fd = memfd_of(3, 0x11), fds[2], fd2;
	uint8_t b[8];

	pair(sv);
	fds[0] = fd;
	fds[1] = fd;
	table_msg(&q, 2, ga, sz, off);
	ck_assert_int_eq(vhost_user_send(sv[1], &q, fds, 2), 0);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), 0);
	ck_assert_int_eq(vhost_user_map_table(&vm, mem, &got), 0);
	ck_assert_uint_eq(got.nfds, 0); /* taken and closed */
	ck_assert_uint_eq(vm.n, 2);
	/* the front-end writes its ring; the device reads it */
	ck_assert_int_eq(pwrite(fd, "avail", 5, PG + 8), 5);
	ck_assert_uint_eq(mem_bus_read(mem, PG + 8, b, 5, 0), AXI_OKAY);
	ck_assert_mem_eq(b, "avail", 5);
	/* the second region starts two pages into the fd */
	ck_assert_uint_eq(mem_bus_write(mem, 0x40000010, "used", NULL, 4, 0),
			  AXI_OKAY);
	ck_assert_int_eq(pread(fd, b, 4, 2 * PG + 0x10), 4);
	ck_assert_mem_eq(b, "used", 4);
	/* the table again, now one region of another fd */
	fd2 = memfd_of(2, 0x22);
	table_msg(&q, 1, ga, sz, off);
	ck_assert_int_eq(vhost_user_send(sv[1], &q, &fd2, 1), 0);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), 0);
	ck_assert_int_eq(vhost_user_map_table(&vm, mem, &got), 0);
	ck_assert_uint_eq(mem_bus_read(mem, 8, b, 1, 0), AXI_OKAY);
	ck_assert_uint_eq(b[0], 0x22);
	/* the region that went away keeps its last bytes, unlinked */
	ck_assert_int_eq(pwrite(fd, "x", 1, 2 * PG + 0x10), 1);
	ck_assert_uint_eq(mem_bus_read(mem, 0x40000010, b, 4, 0), AXI_OKAY);
	ck_assert_mem_eq(b, "used", 4);
	vhost_user_unmap_table(&vm, mem);
	ck_assert_uint_eq(vm.n, 0);
	mem_destroy(mem);
	close(fd);
	close(fd2);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* A table that does not match its fds, or with a region that is not whole
 * pages, is refused; its fds are closed; the memory is left alone. */
START_TEST(test_vhost_user_bad_memory_tables_are_refused)
{
	struct mem *mem = mem_create(NULL, "dma");
	struct vhost_user_memory vm = { 0 };
	struct vhost_user_msg q;
	const uint64_t ga[1] = { 0 }, sz[1] = { PG + 1 }, off[1] = { 0 };
	const uint64_t sz_ok[1] = { PG };
	int fd = memfd_of(2, 0x33);

	table_msg(&q, 1, ga, sz_ok, off);
	q.nfds = 0; /* no fd came */
	ck_assert_int_eq(vhost_user_map_table(&vm, mem, &q), -EPROTO);
	table_msg(&q, 1, ga, sz, off);
	q.fds[0] = dup(fd);
	q.nfds = 1;
	ck_assert_int_eq(vhost_user_map_table(&vm, mem, &q), -EPROTO);
	ck_assert_uint_eq(q.nfds, 0);
	ck_assert_uint_eq(vm.n, 0);
	ck_assert_uint_eq(mem_pages(mem), 0);
	mem_destroy(mem);
	close(fd);
}
END_TEST

/* Malformed input on the socket: a wrong protocol version or a payload
 * bigger than any message is -EPROTO; a closed peer is -ECONNRESET; a
 * header split across writes is still read whole. */
START_TEST(test_vhost_user_malformed_stream_and_closed_peer)
{
	struct vhost_user_msg got;
	uint8_t hdr[12];
	int sv[2];

	pair(sv);
	put32(hdr, VHOST_USER_GET_FEATURES);
	put32(hdr + 4, 2); /* version 2 */
	put32(hdr + 8, 0);
	ck_assert_int_eq(write(sv[1], hdr, 12), 12);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), -EPROTO);
	put32(hdr + 4, VHOST_USER_VERSION);
	put32(hdr + 8, 1u << 20);
	ck_assert_int_eq(write(sv[1], hdr, 12), 12);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), -EPROTO);
	close(sv[0]);
	close(sv[1]);
	pair(sv);
	put32(hdr, VHOST_USER_SET_OWNER);
	put32(hdr + 8, 0);
	ck_assert_int_eq(write(sv[1], hdr, 5), 5);
	ck_assert_int_eq(write(sv[1], hdr + 5, 7), 7);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), 0);
	ck_assert_uint_eq(got.request, VHOST_USER_SET_OWNER);
	close(sv[1]);
	ck_assert_int_eq(vhost_user_recv(sv[0], &got), -ECONNRESET);
	close(sv[0]);
}
END_TEST

/* The back-end listens on a path before the front-end starts (Linux drops
 * a device whose socket is not there at boot), and accepts it. */
START_TEST(test_vhost_user_listen_then_accept)
{
	char dir[] = "/tmp/vhuXXXXXX", path[64];
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct vhost_user_msg q, got;
	int l, c, s;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/blk.sock", dir);
	l = vhost_user_listen(path);
	ck_assert_int_ge(l, 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	ck_assert_int_eq(connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	s = vhost_user_accept(l);
	ck_assert_int_ge(s, 0);
	request(&q, VHOST_USER_SET_OWNER, 0, NULL, 0);
	ck_assert_int_eq(vhost_user_send(c, &q, NULL, 0), 0);
	ck_assert_int_eq(vhost_user_recv(s, &got), 0);
	ck_assert_uint_eq(got.request, VHOST_USER_SET_OWNER);
	/* listening again on the same path replaces the stale socket */
	close(l);
	l = vhost_user_listen(path);
	ck_assert_int_ge(l, 0);
	close(l);
	close(c);
	close(s);
	unlink(path);
	rmdir(dir);
}
END_TEST

static void test_vhost_user_register(struct tb_registry *r)
{
	tb_add(r, test_vhost_user_request_and_reply_round_trip, 0);
	tb_add(r, test_vhost_user_fd_travels_with_its_message, 0);
	tb_add(r, test_vhost_user_payloads_parse_and_short_ones_are_refused, 0);
	tb_add(r, test_vhost_user_memory_table_backs_the_simulated_memory, 0);
	tb_add(r, test_vhost_user_bad_memory_tables_are_refused, 0);
	tb_add(r, test_vhost_user_malformed_stream_and_closed_peer, 0);
	tb_add(r, test_vhost_user_listen_then_accept, 0);
}

TB_TESTS(test_vhost_user_register)
