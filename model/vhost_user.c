/* SPDX-License-Identifier: MIT */
/*
 * vhost_user.c - the wire level of a vhost-user back-end.
 */
#include "vhost_user.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "mem.h"

#define VHOST_USER_VERSION_MASK 3u

int vhost_user_listen(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, err;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int vhost_user_accept(int lfd)
{
	int fd;

	do
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : fd;
}

/* Read exactly len bytes: 0, -ECONNRESET at end of stream, -errno. */
static int vhost_user_read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ECONNRESET;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static uint32_t le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static uint64_t le64(const uint8_t *b)
{
	return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
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

void vhost_user_close_fds(struct vhost_user_msg *msg)
{
	for (unsigned i = 0; i < msg->nfds; i++)
		close(msg->fds[i]);
	msg->nfds = 0;
}

int vhost_user_recv(int fd, struct vhost_user_msg *msg)
{
	uint8_t hdr[VHOST_USER_HDR_SIZE];
	union {
		char buf[CMSG_SPACE(sizeof(int) * VHOST_USER_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { hdr, sizeof(hdr) };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c;
	ssize_t n;
	int r;

	msg->nfds = 0;
	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ECONNRESET;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t k = 0;
		     k < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); k++) {
			int f;

			memcpy(&f, CMSG_DATA(c) + k * sizeof(int), sizeof(int));
			if (msg->nfds < VHOST_USER_MAX_FDS)
				msg->fds[msg->nfds++] = f;
			else
				close(f);
		}
	}
	/* the rest of the header, if the stream split it */
	if ((size_t)n < sizeof(hdr)) {
		r = vhost_user_read_all(fd, hdr + n, sizeof(hdr) - (size_t)n);
		if (r)
			goto fail;
	}
	msg->request = le32(hdr);
	msg->flags = le32(hdr + 4);
	msg->size = le32(hdr + 8);
	r = -EPROTO;
	if ((msg->flags & VHOST_USER_VERSION_MASK) != VHOST_USER_VERSION ||
	    msg->size > sizeof(msg->payload))
		goto fail;
	r = vhost_user_read_all(fd, msg->payload, msg->size);
	if (r)
		goto fail;
	return 0;
fail:
	vhost_user_close_fds(msg);
	return r;
}

int vhost_user_send(int fd, const struct vhost_user_msg *msg, const int *fds,
		    unsigned nfds)
{
	uint8_t hdr[VHOST_USER_HDR_SIZE];
	union {
		char buf[CMSG_SPACE(sizeof(int) * VHOST_USER_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2] = { { hdr, sizeof(hdr) },
				{ (void *)msg->payload, msg->size } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	size_t want = sizeof(hdr) + msg->size;
	ssize_t n;

	if (msg->size > sizeof(msg->payload) || nfds > VHOST_USER_MAX_FDS)
		return -EINVAL;
	put32(hdr, msg->request);
	put32(hdr + 4, msg->flags);
	put32(hdr + 8, msg->size);
	if (nfds) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	do
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	/* a stream socket takes a message this small whole, or fails */
	return (size_t)n == want ? 0 : -EIO;
}

bool vhost_user_need_reply(const struct vhost_user_msg *msg)
{
	return msg->flags & VHOST_USER_FLAG_NEED_REPLY;
}

int vhost_user_reply(int fd, const struct vhost_user_msg *req,
		     const void *payload, uint32_t len)
{
	struct vhost_user_msg r;

	if (len > sizeof(r.payload))
		return -EINVAL;
	r.request = req->request;
	/* exactly version | reply: Linux answers anything else with -EPROTO */
	r.flags = VHOST_USER_VERSION | VHOST_USER_FLAG_REPLY;
	r.size = len;
	memcpy(r.payload, payload, len);
	r.nfds = 0;
	return vhost_user_send(fd, &r, NULL, 0);
}

int vhost_user_reply_u64(int fd, const struct vhost_user_msg *req,
			 uint64_t value)
{
	uint8_t b[8];

	put64(b, value);
	return vhost_user_reply(fd, req, b, sizeof(b));
}

int vhost_user_get_u64(const struct vhost_user_msg *msg, uint64_t *v)
{
	if (msg->size < 8)
		return -EPROTO;
	*v = le64(msg->payload);
	return 0;
}

int vhost_user_get_state(const struct vhost_user_msg *msg,
			 struct vhost_user_vring_state *s)
{
	if (msg->size < 8)
		return -EPROTO;
	s->index = le32(msg->payload);
	s->num = le32(msg->payload + 4);
	return 0;
}

int vhost_user_get_addr(const struct vhost_user_msg *msg,
			struct vhost_user_vring_addr *a)
{
	const uint8_t *p = msg->payload;

	if (msg->size < 40)
		return -EPROTO;
	/* 2.x layout: index, flags, then descriptor, used, available, log */
	a->index = le32(p);
	a->flags = le32(p + 4);
	a->desc = le64(p + 8);
	a->used = le64(p + 16);
	a->avail = le64(p + 24);
	a->log = le64(p + 32);
	return 0;
}

int vhost_user_get_config(const struct vhost_user_msg *msg,
			  struct vhost_user_config *c)
{
	if (msg->size < 12)
		return -EPROTO;
	c->offset = le32(msg->payload);
	c->size = le32(msg->payload + 4);
	c->flags = le32(msg->payload + 8);
	if (c->size > VHOST_USER_MAX_CONFIG || msg->size < 12 + c->size)
		return -EPROTO;
	memcpy(c->data, msg->payload + 12, c->size);
	return 0;
}

/* True when old region i of a is the same range as some region of b. */
static bool vhost_user_kept(const struct vhost_user_memory *a, unsigned i,
			    const struct vhost_user_memory *b)
{
	for (unsigned k = 0; k < b->n; k++)
		if (b->r[k].guest_addr == a->r[i].guest_addr &&
		    b->r[k].size == a->r[i].size)
			return true;
	return false;
}

void vhost_user_unmap_table(struct vhost_user_memory *vm, struct mem *mem)
{
	for (unsigned i = 0; i < vm->n; i++) {
		mem_unmap_host(mem, vm->r[i].guest_addr, vm->r[i].size);
		munmap(vm->map[i], vm->map_len[i]);
	}
	vm->n = 0;
}

int vhost_user_map_table(struct vhost_user_memory *vm, struct mem *mem,
			 struct vhost_user_msg *msg)
{
	struct vhost_user_memory nw = { 0 };
	const uint8_t *p = msg->payload;
	unsigned i;
	int r = -EPROTO;

	if (msg->size < 8)
		goto out;
	nw.n = le32(p);
	if (nw.n > VHOST_USER_MAX_REGIONS || nw.n != msg->nfds ||
	    msg->size < 8 + 32 * nw.n)
		goto out;
	for (i = 0; i < nw.n; i++) {
		struct vhost_user_region *g = &nw.r[i];

		g->guest_addr = le64(p + 8 + 32 * i);
		g->size = le64(p + 16 + 32 * i);
		g->user_addr = le64(p + 24 + 32 * i);
		g->mmap_offset = le64(p + 32 + 32 * i);
		if (!g->size || (g->guest_addr | g->size) % MEM_PAGE_SIZE ||
		    g->mmap_offset % MEM_PAGE_SIZE)
			goto unmap;
		nw.map_len[i] = g->mmap_offset + g->size;
		nw.map[i] = mmap(NULL, nw.map_len[i], PROT_READ | PROT_WRITE,
				 MAP_SHARED, msg->fds[i], 0);
		if (nw.map[i] == MAP_FAILED) {
			r = -errno;
			goto unmap;
		}
	}
	/* old ranges that go away keep a copy; kept ones are repointed */
	for (i = 0; i < vm->n; i++)
		if (!vhost_user_kept(vm, i, &nw))
			mem_unmap_host(mem, vm->r[i].guest_addr, vm->r[i].size);
	for (i = 0; i < nw.n; i++) {
		r = mem_map_host(mem, nw.r[i].guest_addr,
				 (uint8_t *)nw.map[i] + nw.r[i].mmap_offset,
				 nw.r[i].size);
		if (r)
			break;
	}
	for (i = 0; i < vm->n; i++)
		munmap(vm->map[i], vm->map_len[i]);
	*vm = nw;
	goto out;
unmap:
	while (i--)
		munmap(nw.map[i], nw.map_len[i]);
out:
	vhost_user_close_fds(msg);
	return r;
}
