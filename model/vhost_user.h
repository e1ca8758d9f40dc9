/* SPDX-License-Identifier: MIT */
/*
 * vhost_user.h - the wire level of a vhost-user back-end (QEMU's
 * docs/interop/vhost-user.rst; the front-end this is written for is
 * Linux's arch/um/drivers/virtio_uml.c): messages on a UNIX stream socket,
 * file descriptors passed with them, replies, and the front-end's memory
 * table mapped into the simulated memory.
 *
 * A message is a 12-byte header (request, flags, payload size, all
 * little-endian u32) and a payload of at most VHOST_USER_MAX_PAYLOAD bytes;
 * file descriptors travel as SCM_RIGHTS with the header. Flags: bits 1:0
 * the protocol version (1), bit 2 a reply, bit 3 the front-end wants a
 * reply (REPLY_ACK). A reply carries flags exactly version | reply (0x5):
 * Linux refuses any other value with -EPROTO.
 *
 * Memory: SET_MEM_TABLE names up to VHOST_USER_MAX_REGIONS regions, each
 * an fd with its guest address, size and offset; vhost_user_map_table()
 * maps them and backs the simulated memory at the guest addresses with
 * them (mem_map_host()), so the device's DMA reads and writes the
 * front-end's memory, and ring addresses are guest addresses. Sending the
 * table again replaces the mapping.
 */
#ifndef VHOST_USER_H
#define VHOST_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mem;

/* Front-end requests (the spec's message numbers). */
enum vhost_user_request {
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_SET_FEATURES = 2,
	VHOST_USER_SET_OWNER = 3,
	VHOST_USER_RESET_OWNER = 4,
	VHOST_USER_SET_MEM_TABLE = 5,
	VHOST_USER_SET_LOG_BASE = 6,
	VHOST_USER_SET_LOG_FD = 7,
	VHOST_USER_SET_VRING_NUM = 8,
	VHOST_USER_SET_VRING_ADDR = 9,
	VHOST_USER_SET_VRING_BASE = 10,
	VHOST_USER_GET_VRING_BASE = 11,
	VHOST_USER_SET_VRING_KICK = 12,
	VHOST_USER_SET_VRING_CALL = 13,
	VHOST_USER_SET_VRING_ERR = 14,
	VHOST_USER_GET_PROTOCOL_FEATURES = 15,
	VHOST_USER_SET_PROTOCOL_FEATURES = 16,
	VHOST_USER_GET_QUEUE_NUM = 17,
	VHOST_USER_SET_VRING_ENABLE = 18,
	VHOST_USER_SET_BACKEND_REQ_FD = 21,
	VHOST_USER_GET_CONFIG = 24,
	VHOST_USER_SET_CONFIG = 25,
};

/* Back-end requests, on the channel SET_BACKEND_REQ_FD gives. */
enum vhost_user_backend_request {
	VHOST_USER_BACKEND_CONFIG_CHANGE_MSG = 2,
	VHOST_USER_BACKEND_VRING_CALL = 4,
};

#define VHOST_USER_VERSION 1u
#define VHOST_USER_FLAG_REPLY (1u << 2)
#define VHOST_USER_FLAG_NEED_REPLY (1u << 3)
/* Feature bit 30: the front-end speaks GET/SET_PROTOCOL_FEATURES. */
#define VHOST_USER_F_PROTOCOL_FEATURES 30
/* Protocol feature bits. */
#define VHOST_USER_PROTOCOL_F_MQ 0
#define VHOST_USER_PROTOCOL_F_REPLY_ACK 3
#define VHOST_USER_PROTOCOL_F_BACKEND_REQ 5
#define VHOST_USER_PROTOCOL_F_CONFIG 9
/* In a u64 payload naming a ring: the index, and "no fd comes with it". */
#define VHOST_USER_VRING_INDEX_MASK 0xffu
#define VHOST_USER_VRING_NOFD (1u << 8)

#define VHOST_USER_HDR_SIZE 12u
#define VHOST_USER_MAX_REGIONS 8u
#define VHOST_USER_MAX_FDS 8u
#define VHOST_USER_MAX_CONFIG 256u
/* The largest payload: a memory table (8 + 32 per region). */
#define VHOST_USER_MAX_PAYLOAD (8u + 32u * VHOST_USER_MAX_REGIONS)

/** SET_VRING_NUM, SET_VRING_BASE, GET_VRING_BASE, SET_VRING_ENABLE. */
struct vhost_user_vring_state {
	uint32_t index; /* ring */
	uint32_t num;	/* size, base index, or enable */
};

/** SET_VRING_ADDR: ring addresses (guest addresses with virtio_uml). */
struct vhost_user_vring_addr {
	uint32_t index, flags;
	uint64_t desc, used, avail, log;
};

/** One region of SET_MEM_TABLE; its fd comes in the same order. */
struct vhost_user_region {
	uint64_t guest_addr;  /* where the front-end's device sees it */
	uint64_t size;	      /* bytes */
	uint64_t user_addr;   /* the front-end's own virtual address */
	uint64_t mmap_offset; /* offset of guest_addr in the fd */
};

/** GET_CONFIG / SET_CONFIG: a window of the device configuration space. */
struct vhost_user_config {
	uint32_t offset, size, flags;
	uint8_t data[VHOST_USER_MAX_CONFIG];
};

/** A message as received or to send. */
struct vhost_user_msg {
	uint32_t request; /* enum vhost_user_request */
	uint32_t flags;	  /* VHOST_USER_FLAG_* | version */
	uint32_t size;	  /* payload bytes */
	uint8_t payload[VHOST_USER_MAX_PAYLOAD + VHOST_USER_MAX_CONFIG];
	int fds[VHOST_USER_MAX_FDS]; /* received descriptors */
	unsigned nfds;
};

/** Listen on a UNIX socket at path (an old socket file there is replaced):
 *  the listening fd, or a negative errno. */
int vhost_user_listen(const char *path);
/** Accept the front-end's connection: its fd, or a negative errno. */
int vhost_user_accept(int lfd);

/** Receive one message with its fds (the caller closes them): 0, -EPROTO
 *  (wrong version, payload too big: the connection is then unusable),
 *  -ECONNRESET when the peer closed, or another negative errno. */
int vhost_user_recv(int fd, struct vhost_user_msg *msg);
/** Send msg (header and msg->size payload bytes) with nfds fds: 0 or a
 *  negative errno. */
int vhost_user_send(int fd, const struct vhost_user_msg *msg, const int *fds,
		    unsigned nfds);
/** Close the fds that came with msg. */
void vhost_user_close_fds(struct vhost_user_msg *msg);

/** True when the front-end asked for a reply (REPLY_ACK) on msg. */
bool vhost_user_need_reply(const struct vhost_user_msg *msg);
/** Send the reply to req carrying a u64 (GET_FEATURES ..., or the REPLY_ACK
 *  status: 0 success, non-zero failure): 0 or a negative errno. */
int vhost_user_reply_u64(int fd, const struct vhost_user_msg *req,
			 uint64_t value);
/** Send the reply to req carrying len payload bytes: 0 or a negative
 *  errno. */
int vhost_user_reply(int fd, const struct vhost_user_msg *req,
		     const void *payload, uint32_t len);

/** The u64 payload of msg into *v: 0, or -EPROTO when it has none. */
int vhost_user_get_u64(const struct vhost_user_msg *msg, uint64_t *v);
/** The vring state payload: 0 or -EPROTO. */
int vhost_user_get_state(const struct vhost_user_msg *msg,
			 struct vhost_user_vring_state *s);
/** The vring address payload: 0 or -EPROTO. */
int vhost_user_get_addr(const struct vhost_user_msg *msg,
			struct vhost_user_vring_addr *a);
/** The config window (offset, size, flags and, for SET_CONFIG, the bytes):
 *  0 or -EPROTO (size past VHOST_USER_MAX_CONFIG or the payload). */
int vhost_user_get_config(const struct vhost_user_msg *msg,
			  struct vhost_user_config *c);

/** The front-end's memory, as mapped by vhost_user_map_table(). */
struct vhost_user_memory {
	unsigned n;					    /* regions */
	struct vhost_user_region r[VHOST_USER_MAX_REGIONS]; /* as sent */
	void *map[VHOST_USER_MAX_REGIONS];	  /* mmap of each fd */
	uint64_t map_len[VHOST_USER_MAX_REGIONS]; /* its length */
};

/** Map the regions of a SET_MEM_TABLE message (and its fds, which are
 *  closed) and back mem at each guest address with them, replacing what vm
 *  held before (unmapped first): 0, -EPROTO (the table and the fds do not
 *  match, a region is not whole pages), or another negative errno. */
int vhost_user_map_table(struct vhost_user_memory *vm, struct mem *mem,
			 struct vhost_user_msg *msg);
/** Unback mem and unmap every region of vm. */
void vhost_user_unmap_table(struct vhost_user_memory *vm, struct mem *mem);

#endif /* VHOST_USER_H */
