/* SPDX-License-Identifier: MIT */
/*
 * test_platform.c - the virtio-mmio platform (rtl/vio_platform.v) under the
 * driver model as Linux would drive it: the bus probes every slot and
 * binds the four device drivers, each driver does its job (net frames,
 * blk sectors, console bytes, random bytes), all of them at once, and
 * every device is removed cleanly. Every run: random memory latency and
 * back-pressure, protocol checkers, DMA memory no-access except the rings
 * and the buffers the drivers posted (Q4).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb.h"
#include "tb_platform.h"
#include "virtio_mmio_regs.h"

#define NSLOTS TB_PLATFORM_SLOTS
#define NDEV 4 /* slots with a device */
#define BLK_SECTORS 2048u
#define BLK_SECT VIRTIO_BLK_SECTOR_SIZE
#define LONG 2000000 /* cycles to wait for one thing */

static const uint8_t net_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const char blk_id[VIRTIO_BLK_ID_BYTES] = "vio-blk-ramdisk";

static struct tb_env_cfg platform_cfg(int i)
{
	return (struct tb_env_cfg){ .name = tb_run_name(i),
				    .seed = tb_seed(i),
				    .random = true };
}

/* Build, run body, assert a clean run; the caller asserts more, then
 * calls tb_platform_destroy(). */
static struct tb_platform *
platform_run(int i, bool devices_first,
	     void (*body)(struct tb_platform *, void *), void *arg)
{
	struct tb_env_cfg cfg = platform_cfg(i);
	struct tb_platform *p = tb_platform_create(&cfg);

	ck_assert_ptr_nonnull(p);
	p->devices_first = devices_first;
	tb_platform_run(p, body, arg, 0);
	tb_env_assert_clean(p->e);
	return p;
}

static void fill_random(struct sim_rng *r, uint8_t *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		b[k] = (uint8_t)sim_rng_u64(r);
}

/* ------------------------------------------------------------- probe */

struct probe_ctx {
	char name[NDEV][24]; /* vdev->name */
	const struct virtio_driver *drv[NDEV];
	char attr[NDEV][5][80];		      /* device, vendor, status, ... */
	uint32_t vendor_reg[NDEV];	      /* VendorID as read */
	uint64_t offered[NDEV];		      /* DeviceFeatures as read */
	uint64_t features[NDEV];	      /* negotiated */
	uint32_t ph_magic, ph_version, ph_id; /* the placeholder */
	int decerr[8];			      /* responses outside slots */
	unsigned ndevs;			      /* on the bus */
	char list[4096];		      /* tb_platform_list() */
};

static const char *const attr_names[5] = { "device", "vendor", "status",
					   "modalias", "features" };

/* Unchecked register reads of slot s at offset off. */
static uint32_t slot_rd(struct tb_platform *p, unsigned s, unsigned off)
{
	uint32_t v = 0;

	tb_platform_read(p, p->slot[s].base + off, &v);
	return v;
}

static void slot_wr(struct tb_platform *p, unsigned s, unsigned off, uint32_t v)
{
	axil_master_write(p->e->axil, p->slot[s].base + off, v, 0xf);
}

static void probe_body(struct tb_platform *p, void *arg)
{
	static const uint64_t outside[] = { 0x00000000, 0x10000000, 0x10000ffc,
					    0x10006000, 0x10006ffc, 0x20001000 };
	struct probe_ctx *c = arg;
	FILE *f;
	uint32_t v;

	c->ndevs = virtio_bus_num_devices(p->bus);
	for (unsigned i = 0; i < NDEV; i++) {
		struct virtio_device *vdev = tb_platform_vdev(p, i);

		if (!tb_platform_check(p, vdev, "slot %u has no device", i))
			return;
		snprintf(c->name[i], sizeof(c->name[i]), "%s", vdev->name);
		c->drv[i] = vdev->driver;
		c->features[i] = vdev->features;
		for (unsigned a = 0; a < 5; a++)
			if (virtio_dev_attr(vdev, attr_names[a], c->attr[i][a],
					    sizeof(c->attr[i][a])))
				tb_platform_fail(p, "%s: no attribute %s",
						 vdev->name, attr_names[a]);
		c->vendor_reg[i] = slot_rd(p, i, VIRTIO_MMIO_VENDOR_ID);
		slot_wr(p, i, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
		c->offered[i] =
			(uint64_t)slot_rd(p, i, VIRTIO_MMIO_DEVICE_FEATURES)
			<< 32;
		slot_wr(p, i, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
		c->offered[i] |= slot_rd(p, i, VIRTIO_MMIO_DEVICE_FEATURES);
	}
	c->ph_magic = slot_rd(p, TB_SLOT_EMPTY, VIRTIO_MMIO_MAGIC_VALUE);
	c->ph_version = slot_rd(p, TB_SLOT_EMPTY, VIRTIO_MMIO_VERSION);
	c->ph_id = slot_rd(p, TB_SLOT_EMPTY, VIRTIO_MMIO_DEVICE_ID);
	for (unsigned k = 0; k < 6; k++)
		c->decerr[k] = tb_platform_read(p, outside[k], &v);
	c->decerr[6] = axil_master_write(p->e->axil, 0x10006000, 1, 0xf);
	c->decerr[7] = axil_master_write(p->e->axil, 0x0fffff00, 1, 0xf);
	f = fmemopen(c->list, sizeof(c->list), "w");
	if (f) {
		tb_platform_list(p, f);
		fclose(f);
	}
}

/* What each driver knows, written out here rather than taken from its
 * feature table or the bus's formula: net MAC and STATUS (5.1.3), blk RO,
 * FLUSH, DISCARD and WRITE_ZEROES (5.2.3), console SIZE and EMERG_WRITE
 * (5.3.3), rng nothing (5.4.3); and the ring and transport bits the model
 * implements (6): INDIRECT_DESC 28, EVENT_IDX 29, VERSION_1 32,
 * ACCESS_PLATFORM 33, ORDER_PLATFORM 36, NOTIFICATION_DATA 38,
 * RING_RESET 40 (not RING_PACKED 34 nor IN_ORDER 35). */
static const uint64_t driver_knows[NDEV] = {
	1ull << 5 | 1ull << 16,
	1ull << 5 | 1ull << 9 | 1ull << 13 | 1ull << 14,
	1ull << 0 | 1ull << 2,
	0,
};
static const uint64_t transport_knows = 1ull << 28 | 1ull << 29 | 1ull << 32 |
					1ull << 33 | 1ull << 36 | 1ull << 38 |
					1ull << 40;

START_TEST(test_platform_probe_binds_each_slot_to_its_driver)
{
	static struct virtio_driver *const want[NDEV] = {
		&virtio_net_driver, &virtio_blk_driver, &virtio_console_driver,
		&virtio_rng_driver
	};
	/* device feature bits each driver must end up with (5.1.3, 5.2.3,
	 * 5.3.3), and the ring and transport ones (6) */
	static const uint64_t dev_bits[NDEV] = {
		1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS,
		1ull << VIRTIO_BLK_F_FLUSH | 1ull << VIRTIO_BLK_F_DISCARD |
			1ull << VIRTIO_BLK_F_WRITE_ZEROES,
		1ull << VIRTIO_CONSOLE_F_SIZE |
			1ull << VIRTIO_CONSOLE_F_EMERG_WRITE,
		0
	};
	const uint64_t ring = 1ull << VIRTIO_F_VERSION_1 |
			      1ull << VIRTIO_F_INDIRECT_DESC |
			      1ull << VIRTIO_F_EVENT_IDX;
	struct probe_ctx c = { 0 };
	/* odd iterations register the devices before the drivers */
	struct tb_platform *p = platform_run(_i, _i & 1, probe_body, &c);
	char want_s[80];

	/* the placeholder is skipped with no message and no error */
	ck_assert_uint_eq(sim_report_count(p->e->sim, SIM_WARNING), 0);
	ck_assert_int_eq(p->slot[TB_SLOT_EMPTY].probe_err, -ENODEV);
	ck_assert_ptr_null(p->slot[TB_SLOT_EMPTY].vm);
	ck_assert_uint_eq(c.ph_magic, VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(c.ph_version, 2);
	ck_assert_uint_eq(c.ph_id, 0);
	ck_assert_uint_eq(c.ndevs, NDEV);
	for (unsigned i = 0; i < NDEV; i++) {
		/* what the device offers (DeviceFeatures as read) of what
		 * both sides know */
		uint64_t neg = c.offered[i] &
			       (driver_knows[i] | transport_knows);

		snprintf(want_s, sizeof(want_s), "virtio%u", i);
		ck_assert_str_eq(c.name[i], want_s);
		ck_assert_ptr_eq(c.drv[i], want[i]);
		ck_assert_uint_eq(c.features[i], neg);
		ck_assert_uint_eq(c.features[i] & dev_bits[i], dev_bits[i]);
		ck_assert_uint_eq(c.features[i] & ring, ring);
		/* sysfs formats (Linux drivers/virtio/virtio.c) */
		snprintf(want_s, sizeof(want_s), "0x%04x\n", i + 1);
		ck_assert_str_eq(c.attr[i][0], want_s);
		snprintf(want_s, sizeof(want_s), "0x%04x\n", c.vendor_reg[i]);
		ck_assert_str_eq(c.attr[i][1], want_s);
		ck_assert_str_eq(c.attr[i][2], "0x0000000f\n");
		snprintf(want_s, sizeof(want_s), "virtio:d%08Xv%08X\n", i + 1,
			 c.vendor_reg[i]);
		ck_assert_str_eq(c.attr[i][3], want_s);
		for (unsigned b = 0; b < 64; b++)
			want_s[b] = (neg >> b) & 1 ? '1' : '0';
		want_s[64] = '\n';
		want_s[65] = '\0';
		ck_assert_str_eq(c.attr[i][4], want_s);
	}
	/* outside the five windows: DECERR, reads and writes */
	for (unsigned k = 0; k < 8; k++)
		ck_assert_int_eq(c.decerr[k], AXI_DECERR);
	ck_assert_ptr_nonnull(strstr(c.list, "virtio0  net"));
	ck_assert_ptr_nonnull(strstr(c.list, "virtio3  rng"));
	ck_assert_ptr_nonnull(strstr(c.list, "driver virtio_console"));
	ck_assert_ptr_nonnull(strstr(c.list, "no device (placeholder)"));
	tb_platform_destroy(p);
}
END_TEST

/* --------------------------------------------------------------- net */

struct net_ctx {
	unsigned frames; /* to loop */
	unsigned good;	 /* came back intact, in order */
	uint8_t mac[6];	 /* virtnet_mac */
	bool link;	 /* virtnet_link_up */
	struct virtio_drv_stats st;
	uint64_t bytes; /* frame bytes sent */
	int err;	/* first error */
};

/* Loop c->frames frames of random length and content through the device,
 * up to four in flight: each must come back whole and in order. */
static void net_traffic(struct tb_platform *p, struct virtio_device *vdev,
			struct net_ctx *c, const char *stream)
{
	struct sim_rng r = sim_rng(p->e->sim, stream);
	uint8_t sent[4][VIRTNET_MAX_FRAME], got[VIRTNET_MAX_FRAME];
	uint32_t len[4], glen;
	unsigned done = 0;

	while (done < c->frames) {
		unsigned w = (unsigned)sim_rng_range(&r, 1, 4), k;

		if (w > c->frames - done)
			w = c->frames - done;
		for (k = 0; k < w; k++) {
			unsigned n = done + k;

			len[k] = n == 0	  ? 1
				 : n == 1 ? VIRTNET_MAX_FRAME
					  : (uint32_t)sim_rng_range(
						    &r, 1, VIRTNET_MAX_FRAME);
			fill_random(&r, sent[k], len[k]);
			c->err = virtnet_send(vdev, sent[k], len[k]);
			if (!tb_platform_check(p, !c->err, "net: send %u: %d",
					       n, c->err))
				return;
			c->bytes += len[k];
		}
		for (k = 0; k < w; k++) {
			c->err = virtnet_recv(vdev, got, sizeof(got), &glen,
					      LONG);
			if (!tb_platform_check(p, !c->err, "net: frame %u: %d",
					       done, c->err) ||
			    !tb_platform_check(
				    p,
				    glen == len[k] &&
					    !memcmp(got, sent[k], glen),
				    "net: frame %u: %u bytes back of %u, or not the same",
				    done, glen, len[k]))
				return;
			done++;
			c->good++;
		}
	}
}

static void net_body(struct tb_platform *p, void *arg)
{
	struct net_ctx *c = arg;
	struct virtio_device *vdev = tb_platform_vdev(p, TB_SLOT_NET);

	virtnet_mac(vdev, c->mac);
	c->link = virtnet_link_up(vdev);
	net_traffic(p, vdev, c, "net");
	/* the last transmit buffers may come back after their frames */
	sim_wait_cycles(p->e->sim, 500);
	c->st = *virtio_drv_stats(vdev);
}

START_TEST(test_platform_net_frames_loop_back_whole_and_in_order)
{
	struct net_ctx c = { .frames = 24 };
	struct tb_platform *p = platform_run(_i, false, net_body, &c);

	ck_assert_uint_eq(c.good, c.frames);
	ck_assert_mem_eq(c.mac, net_mac, 6);
	ck_assert(c.link);
	/* each frame counted sent and received */
	ck_assert_uint_eq(c.st.ops, 2ull * c.frames);
	ck_assert_uint_eq(c.st.bytes_out, c.bytes);
	ck_assert_uint_eq(c.st.bytes_in, c.bytes);
	ck_assert_uint_eq(c.st.errors, 0);
	tb_platform_destroy(p);
}
END_TEST

/* --------------------------------------------------------------- blk */

struct blk_ctx {
	uint8_t *disk;		   /* what the disk should hold */
	unsigned writes;	   /* requests to make */
	unsigned good;		   /* read back right */
	uint64_t cap;		   /* capacity at probe */
	char id[21];		   /* GET_ID */
	int get_id_ret;		   /* what GET_ID returned */
	int flush_ret;		   /* ... FLUSH */
	int fill_ret;		   /* ... the write WRITE_ZEROES then clears */
	int write_zeroes_ret;	   /* ... WRITE_ZEROES */
	int zeroed_read_ret;	   /* ... the read of the cleared sectors */
	bool zeroed_reads_zero;	   /* they read as zeros */
	int discard_ret;	   /* ... DISCARD of 8 of 16 written sectors */
	int discarded_read_ret;	   /* ... the read of the 16 */
	bool discarded_reads_zero; /* the 8 discarded read as zeros */
	bool undiscarded_kept;	   /* the other 8 kept their bytes */
	int past_end_read_ret;	   /* ... a read across the end */
	struct virtio_drv_stats st;
};

static uint32_t fnv1a(const uint8_t *b, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t k = 0; k < n; k++)
		h = (h ^ b[k]) * 16777619u;
	return h;
}

/* Random writes, each read back (and compared by checksum and bytes)
 * together with an untouched neighbour range. */
static void blk_traffic(struct tb_platform *p, struct virtio_device *vdev,
			struct blk_ctx *c, const char *stream)
{
	struct sim_rng r = sim_rng(p->e->sim, stream);
	uint8_t *buf = malloc(64 * BLK_SECT), *back = malloc(64 * BLK_SECT);

	for (unsigned k = 0; k < c->writes; k++) {
		uint32_t n = (uint32_t)sim_rng_range(&r, 1, 64);
		uint64_t s = sim_rng_range(&r, 0, BLK_SECTORS - n);
		int err;

		fill_random(&r, buf, n * BLK_SECT);
		err = virtblk_write(vdev, s, buf, n);
		if (!tb_platform_check(p, !err, "blk: write %u at %llu: %d", n,
				       (unsigned long long)s, err))
			break;
		memcpy(c->disk + s * BLK_SECT, buf, n * BLK_SECT);
		/* read back a range around it: earlier writes, or zeros */
		if (s)
			s--;
		if (s + n < BLK_SECTORS && n < 64)
			n++;
		err = virtblk_read(vdev, s, back, n);
		if (!tb_platform_check(p, !err, "blk: read %u at %llu: %d", n,
				       (unsigned long long)s, err) ||
		    !tb_platform_check(
			    p,
			    fnv1a(back, n * BLK_SECT) ==
					    fnv1a(c->disk + s * BLK_SECT,
						  n * BLK_SECT) &&
				    !memcmp(back, c->disk + s * BLK_SECT,
					    n * BLK_SECT),
			    "blk: %u sectors at %llu read back wrong", n,
			    (unsigned long long)s))
			break;
		c->good++;
	}
	free(buf);
	free(back);
}

static void blk_body(struct tb_platform *p, void *arg)
{
	struct blk_ctx *c = arg;
	struct virtio_device *vdev = tb_platform_vdev(p, TB_SLOT_BLK);
	uint8_t *z = calloc(16, BLK_SECT), *b = malloc(16 * BLK_SECT);

	c->cap = virtblk_capacity(vdev);
	c->get_id_ret = virtblk_get_id(vdev, c->id);
	blk_traffic(p, vdev, c, "blk");
	c->flush_ret = virtblk_flush(vdev);
	/* write zeroes: 16 sectors read back as zeros */
	memset(b, 0x5a, 16 * BLK_SECT);
	c->fill_ret = virtblk_write(vdev, 100, b, 16);
	c->write_zeroes_ret = virtblk_write_zeroes(vdev, 100, 16);
	memset(b, 0x5a, 16 * BLK_SECT);
	c->zeroed_read_ret = virtblk_read(vdev, 100, b, 16);
	c->zeroed_reads_zero = !memcmp(b, z, 16 * BLK_SECT);
	/* discard: the RAM disk reads zeros afterwards */
	memset(b, 0xa5, 16 * BLK_SECT);
	virtblk_write(vdev, 300, b, 16);
	c->discard_ret = virtblk_discard(vdev, 300, 8);
	c->discarded_read_ret = virtblk_read(vdev, 300, b, 16);
	c->discarded_reads_zero = !memcmp(b, z, 8 * BLK_SECT);
	c->undiscarded_kept = b[8 * BLK_SECT] == 0xa5 &&
			      b[16 * BLK_SECT - 1] == 0xa5;
	/* past the capacity: IOERR */
	c->past_end_read_ret = virtblk_read(vdev, BLK_SECTORS - 1, b, 2);
	c->st = *virtio_drv_stats(vdev);
	free(z);
	free(b);
}

START_TEST(test_platform_blk_reads_back_writes_flushes_and_gives_its_id)
{
	struct blk_ctx c = { .writes = 12,
			     .disk = calloc(BLK_SECTORS, BLK_SECT) };
	struct tb_platform *p = platform_run(_i, false, blk_body, &c);

	ck_assert_uint_eq(c.cap, BLK_SECTORS);
	ck_assert_int_eq(c.get_id_ret, 0);
	ck_assert_mem_eq(c.id, blk_id, VIRTIO_BLK_ID_BYTES); /* NUL padded */
	ck_assert_uint_eq(c.good, c.writes);
	ck_assert_int_eq(c.flush_ret, 0);
	ck_assert_int_eq(c.fill_ret, 0);
	ck_assert_int_eq(c.write_zeroes_ret, 0);
	ck_assert_int_eq(c.zeroed_read_ret, 0);
	ck_assert(c.zeroed_reads_zero);
	ck_assert_int_eq(c.discard_ret, 0);
	ck_assert_int_eq(c.discarded_read_ret, 0);
	ck_assert(c.discarded_reads_zero);
	ck_assert(c.undiscarded_kept);
	ck_assert_int_eq(c.past_end_read_ret, -EIO);
	ck_assert_uint_eq(c.st.errors, 1); /* the read past the end */
	free(c.disk);
	tb_platform_destroy(p);
}
END_TEST

/* Resize through the platform port: a configuration-change interrupt, the
 * driver re-reads the capacity (clamped to the RAM disk), and the range
 * check follows it. */
struct resize_ctx {
	uint64_t capacity_at_probe;	  /* the driver's capacity at probe */
	int shrink_ret;			  /* resize to 1024 sectors */
	int shrink_wait_ret;		  /* the driver's wait for it */
	uint64_t capacity_after_shrink;	  /* the driver's capacity then */
	int last_read_ret;		  /* read of sector 1023 */
	int past_end_read_ret;		  /* read of sector 1024 */
	int grow_ret;			  /* resize to 4096 sectors */
	int grow_wait_ret;		  /* the driver's wait for it */
	uint64_t capacity_after_grow;	  /* the driver's capacity then */
	int old_last_read_ret;		  /* read of sector 2047 */
	unsigned resizes;		  /* resizes the driver saw */
	uint64_t config_interrupts;	  /* configuration changes on blk */
	uint64_t other_config_interrupts; /* ... on the other devices */
};

static void resize_body(struct tb_platform *p, void *arg)
{
	struct resize_ctx *c = arg;
	struct virtio_device *vdev = tb_platform_vdev(p, TB_SLOT_BLK);
	struct virtio_mmio_device *vm = p->slot[TB_SLOT_BLK].vm;
	uint8_t b[BLK_SECT];
	unsigned seen = virtblk_resizes(vdev);
	uint64_t ci = vm->config_interrupts;

	c->capacity_at_probe = virtblk_capacity(vdev);
	c->shrink_ret = tb_platform_blk_resize(p, 1024);
	c->shrink_wait_ret = virtblk_wait_resize(vdev, seen, LONG);
	c->capacity_after_shrink = virtblk_capacity(vdev);
	c->last_read_ret = virtblk_read(vdev, 1023, b, 1);
	c->past_end_read_ret = virtblk_read(vdev, 1024, b, 1);
	seen = virtblk_resizes(vdev);
	c->grow_ret = tb_platform_blk_resize(p, 4096);
	c->grow_wait_ret = virtblk_wait_resize(vdev, seen, LONG);
	c->capacity_after_grow = virtblk_capacity(vdev);
	c->old_last_read_ret = virtblk_read(vdev, 2047, b, 1);
	c->resizes = virtblk_resizes(vdev);
	c->config_interrupts = vm->config_interrupts - ci;
	/* no other device saw a configuration change */
	for (unsigned i = 0; i < NDEV; i++)
		if (i != TB_SLOT_BLK)
			c->other_config_interrupts +=
				p->slot[i].vm->config_interrupts;
}

START_TEST(test_platform_blk_resize_raises_config_change_and_new_capacity)
{
	struct resize_ctx c = { 0 };
	struct tb_platform *p = platform_run(_i, false, resize_body, &c);

	ck_assert_uint_eq(c.capacity_at_probe, BLK_SECTORS);
	ck_assert_int_eq(c.shrink_ret, 0);
	ck_assert_int_eq(c.shrink_wait_ret, 0);
	ck_assert_uint_eq(c.capacity_after_shrink, 1024);
	ck_assert_int_eq(c.last_read_ret, 0);
	ck_assert_int_eq(c.past_end_read_ret, -EIO); /* now past the end */
	ck_assert_int_eq(c.grow_ret, 0);
	ck_assert_int_eq(c.grow_wait_ret, 0);
	/* min(4096, 2048) */
	ck_assert_uint_eq(c.capacity_after_grow, BLK_SECTORS);
	ck_assert_int_eq(c.old_last_read_ret, 0);
	ck_assert_uint_eq(c.resizes, 2);
	ck_assert_uint_eq(c.config_interrupts, 2);
	ck_assert_uint_eq(c.other_config_interrupts, 0);
	tb_platform_destroy(p);
}
END_TEST

/* ----------------------------------------------------------- console */

struct cons_ctx {
	unsigned writes; /* random writes to make */
	unsigned good;	 /* echoed right */
	uint16_t cols, rows;
	int emerg_write_ret;	   /* what the emergency write returned */
	int emerg_read_ret;	   /* ... the read of its character */
	uint32_t emerg_read_bytes; /* bytes that read gave */
	uint8_t emerg;		   /* the emergency character back */
	uint64_t pending_after;	   /* bytes received but unread then */
	struct virtio_drv_stats st;
};

/* Write len bytes, read until len bytes are back: 0 when they are the
 * same, in order. */
static bool cons_echo(struct tb_platform *p, struct virtio_device *vdev,
		      struct sim_rng *r, uint32_t len)
{
	uint8_t *out = malloc(len), *in = malloc(len);
	uint32_t got = 0, n;
	bool ok;
	int err;

	fill_random(r, out, len);
	err = virtcons_write(vdev, out, len);
	ok = tb_platform_check(p, !err, "console: write of %u: %d", len, err);
	while (ok && got < len) {
		/* ask for a random amount: reads stop inside buffers too */
		uint32_t cap = (uint32_t)sim_rng_range(r, 1, len - got);

		err = virtcons_read(vdev, in + got, cap, &n, LONG);
		ok = tb_platform_check(p, !err && n >= 1 && n <= cap,
				       "console: %u of %u bytes back, then %d",
				       got, len, err);
		got += n;
	}
	if (ok)
		ok = tb_platform_check(p, !memcmp(in, out, len),
				       "console: %u bytes came back changed",
				       len);
	free(out);
	free(in);
	return ok;
}

static void cons_traffic(struct tb_platform *p, struct virtio_device *vdev,
			 struct cons_ctx *c, const char *stream)
{
	struct sim_rng r = sim_rng(p->e->sim, stream);

	for (unsigned k = 0; k < c->writes; k++) {
		/* one byte, a whole receive buffer, more than one */
		uint32_t len = k == 0	? 1
			       : k == 1 ? VIRTCONS_BUF_SIZE
			       : k == 2 ? 2 * VIRTCONS_BUF_SIZE + 1808
					: (uint32_t)sim_rng_range(&r, 1, 3000);

		if (!cons_echo(p, vdev, &r, len))
			return;
		c->good++;
	}
}

static void cons_body(struct tb_platform *p, void *arg)
{
	struct cons_ctx *c = arg;
	struct virtio_device *vdev = tb_platform_vdev(p, TB_SLOT_CONSOLE);
	uint32_t n = 0;

	virtcons_size(vdev, &c->cols, &c->rows);
	cons_traffic(p, vdev, c, "console");
	/* 5.3.6.1: an emergency character joins the stream */
	c->emerg_write_ret = virtcons_emerg_write(vdev, '!');
	c->emerg_read_ret = virtcons_read(vdev, &c->emerg, 1, &n, LONG);
	c->emerg_read_bytes = n;
	c->pending_after = virtcons_rx_pending(vdev);
	c->st = *virtio_drv_stats(vdev);
}

START_TEST(test_platform_console_echoes_bytes_in_order)
{
	struct cons_ctx c = { .writes = 8 };
	struct tb_platform *p = platform_run(_i, false, cons_body, &c);

	ck_assert_uint_eq(c.cols, 80);
	ck_assert_uint_eq(c.rows, 25);
	ck_assert_uint_eq(c.good, c.writes);
	ck_assert_int_eq(c.emerg_write_ret, 0);
	ck_assert_int_eq(c.emerg_read_ret, 0);
	ck_assert_uint_eq(c.emerg_read_bytes, 1);
	ck_assert_uint_eq(c.emerg, '!');
	ck_assert_uint_eq(c.pending_after, 0); /* nothing more came */
	ck_assert_uint_eq(c.st.errors, 0);
	ck_assert_uint_eq(c.st.bytes_in, c.st.bytes_out + 1);
	tb_platform_destroy(p);
}
END_TEST

/* --------------------------------------------------------------- rng */

struct rng_ctx {
	unsigned reads;		  /* random reads to make */
	unsigned good;		  /* 1..len bytes, not constant */
	int read_4k_ret;	  /* what a read of 4 KiB returned */
	uint32_t read_4k_bytes;	  /* ... the bytes it gave */
	int first_64_ret;	  /* the first of two 64-byte reads */
	uint32_t first_64_bytes;  /* ... the bytes it gave */
	int second_64_ret;	  /* the second one */
	uint32_t second_64_bytes; /* ... the bytes it gave */
	int long_read_ret;	  /* a read of VIRTRNG_MAX_READ bytes */
	uint32_t long_read_bytes; /* ... the bytes it gave (capped) */
	unsigned distinct;	  /* byte values in a 4 KiB read */
	bool differ;		  /* two 64-byte reads differ */
	struct virtio_drv_stats st;
};

static void rng_traffic(struct tb_platform *p, struct virtio_device *vdev,
			struct rng_ctx *c, const char *stream)
{
	struct sim_rng r = sim_rng(p->e->sim, stream);
	uint8_t *b = malloc(4096);

	for (unsigned k = 0; k < c->reads; k++) {
		uint32_t len = (uint32_t)sim_rng_range(&r, 1, 4096), got;
		int err = virtrng_read(vdev, b, len, &got, LONG);

		if (!tb_platform_check(p, !err && got >= 1 && got <= len,
				       "rng: read of %u: %d, %u bytes", len,
				       err, got))
			break;
		c->good++;
	}
	free(b);
}

static void rng_body(struct tb_platform *p, void *arg)
{
	struct rng_ctx *c = arg;
	struct virtio_device *vdev = tb_platform_vdev(p, TB_SLOT_RNG);
	uint8_t *b = malloc(VIRTRNG_MAX_READ), a[64], d[64];
	bool seen[256] = { false };

	rng_traffic(p, vdev, c, "rng");
	c->read_4k_ret = virtrng_read(vdev, b, 4096, &c->read_4k_bytes, LONG);
	for (uint32_t k = 0; k < c->read_4k_bytes; k++)
		seen[b[k]] = true;
	for (unsigned v = 0; v < 256; v++)
		c->distinct += seen[v];
	c->first_64_ret =
		virtrng_read(vdev, a, sizeof(a), &c->first_64_bytes, LONG);
	c->second_64_ret =
		virtrng_read(vdev, d, sizeof(d), &c->second_64_bytes, LONG);
	/* only the bytes both reads wrote */
	c->differ = memcmp(a, d,
			   c->first_64_bytes < c->second_64_bytes
				   ? c->first_64_bytes
				   : c->second_64_bytes) != 0;
	/* longer than one read posts: capped */
	c->long_read_ret = virtrng_read(vdev, b, VIRTRNG_MAX_READ,
					&c->long_read_bytes, LONG);
	c->st = *virtio_drv_stats(vdev);
	free(b);
}

START_TEST(test_platform_rng_gives_1_to_len_random_bytes)
{
	struct rng_ctx c = { .reads = 16 };
	struct tb_platform *p = platform_run(_i, false, rng_body, &c);

	ck_assert_uint_eq(c.good, c.reads);
	ck_assert_int_eq(c.read_4k_ret, 0);
	ck_assert_int_eq(c.first_64_ret, 0);
	ck_assert_int_eq(c.second_64_ret, 0);
	ck_assert_int_eq(c.long_read_ret, 0);
	ck_assert_uint_eq(c.read_4k_bytes, 4096);
	ck_assert_uint_gt(c.distinct, 230); /* 4096 random bytes: ~256 */
	ck_assert_uint_eq(c.first_64_bytes, 64);
	ck_assert_uint_eq(c.second_64_bytes, 64);
	ck_assert(c.differ);
	ck_assert_uint_ge(c.long_read_bytes, 1);
	ck_assert_uint_le(c.long_read_bytes, VIRTRNG_MAX_READ);
	ck_assert_uint_eq(c.st.ops, c.reads + 4);
	ck_assert_uint_eq(c.st.errors, 0);
	tb_platform_destroy(p);
}
END_TEST

/* ------------------------------------------------------ all at once */

struct all_ctx {
	struct tb_platform *p;
	struct net_ctx net;
	struct blk_ctx blk;
	struct cons_ctx cons;
	struct rng_ctx rng;
	uint64_t edges0[NDEV], edges[NDEV]; /* irq rising edges */
	uint64_t irqs0[NDEV], irqs[NDEV];   /* handler runs with a cause */
	uint64_t none[NDEV];		    /* handler runs without one */
	bool high[NDEV];		    /* line high at the end */
	uint64_t cycles;		    /* from start to all done */
};

static void all_net(void *arg)
{
	struct all_ctx *c = arg;

	net_traffic(c->p, tb_platform_vdev(c->p, TB_SLOT_NET), &c->net,
		    "all.net");
}

static void all_blk(void *arg)
{
	struct all_ctx *c = arg;
	struct virtio_device *vdev = tb_platform_vdev(c->p, TB_SLOT_BLK);

	blk_traffic(c->p, vdev, &c->blk, "all.blk");
	c->blk.flush_ret = virtblk_flush(vdev);
	c->blk.get_id_ret = virtblk_get_id(vdev, c->blk.id);
}

static void all_cons(void *arg)
{
	struct all_ctx *c = arg;

	cons_traffic(c->p, tb_platform_vdev(c->p, TB_SLOT_CONSOLE), &c->cons,
		     "all.console");
}

static void all_rng(void *arg)
{
	struct all_ctx *c = arg;

	rng_traffic(c->p, tb_platform_vdev(c->p, TB_SLOT_RNG), &c->rng,
		    "all.rng");
}

static void all_body(struct tb_platform *p, void *arg)
{
	static void (*const fn[NDEV])(void *) = { all_net, all_blk, all_cons,
						  all_rng };
	static const char *const names[NDEV] = { "net", "blk", "console",
						 "rng" };
	struct all_ctx *c = arg;
	sim_thread_t *t[NDEV];
	uint64_t start = sim_clock_cycles(p->e->clk);

	c->p = p;
	for (unsigned i = 0; i < NDEV; i++) {
		c->edges0[i] = irq_mon_edges(p->slot[i].irq);
		c->irqs0[i] = p->slot[i].vm->interrupts;
	}
	for (unsigned i = 0; i < NDEV; i++)
		t[i] = sim_spawn(p->e->sim, names[i], fn[i], c, 0);
	for (unsigned i = 0; i < NDEV; i++)
		sim_thread_join(p->e->sim, t[i], 0);
	c->cycles = sim_clock_cycles(p->e->clk) - start;
	/* let the last interrupts be served */
	sim_wait_cycles(p->e->sim, 200);
	for (unsigned i = 0; i < NDEV; i++) {
		c->edges[i] = irq_mon_edges(p->slot[i].irq) - c->edges0[i];
		c->irqs[i] = p->slot[i].vm->interrupts - c->irqs0[i];
		c->none[i] = p->slot[i].vm->irq_none;
		c->high[i] = irq_mon_level(p->slot[i].irq);
	}
}

START_TEST(test_platform_all_devices_at_once_with_interleaved_interrupts)
{
	struct all_ctx c = {
		.net = { .frames = 32 },
		.blk = { .writes = 16, .disk = calloc(BLK_SECTORS, BLK_SECT) },
		.cons = { .writes = 8 },
		.rng = { .reads = 24 },
	};
	struct tb_platform *p = platform_run(_i, false, all_body, &c);

	ck_assert_uint_eq(c.net.good, c.net.frames);
	ck_assert_uint_eq(c.blk.good, c.blk.writes);
	ck_assert_int_eq(c.blk.flush_ret, 0);
	ck_assert_int_eq(c.blk.get_id_ret, 0);
	ck_assert_mem_eq(c.blk.id, blk_id, VIRTIO_BLK_ID_BYTES);
	ck_assert_uint_eq(c.cons.good, c.cons.writes);
	ck_assert_uint_eq(c.rng.good, c.rng.reads);
	/* the environment watches every line of the irq port, each slot's
	 * monitor is its line's */
	ck_assert_uint_ge(p->e->nirq, TB_PLATFORM_SLOTS);
	for (unsigned i = 0; i < TB_PLATFORM_SLOTS; i++)
		ck_assert_ptr_eq(p->slot[i].irq, p->e->irqs[i]);
	for (unsigned i = 0; i < NDEV; i++) {
		/* every device interrupted, on its own line only: no
		 * handler found its device idle, and each rising edge of
		 * a line was served by that device's handler */
		ck_assert_uint_gt(c.edges[i], 0);
		ck_assert_uint_eq(c.none[i], 0);
		ck_assert_uint_ge(c.irqs[i] + (c.high[i] ? 1 : 0), c.edges[i]);
		ck_assert(!c.high[i]);
	}
	/* the placeholder's line never rose */
	ck_assert_uint_eq(irq_mon_edges(p->slot[TB_SLOT_EMPTY].irq), 0);
	printf("platform: all devices at once: %llu cycles (seed 0x%llx)\n",
	       (unsigned long long)c.cycles,
	       (unsigned long long)sim_seed(p->e->sim));
	free(c.blk.disk);
	tb_platform_destroy(p);
}
END_TEST

/* ------------------------------------------------------------ remove */

struct remove_ctx {
	uint32_t status[NDEV];	 /* Status after remove */
	uint32_t ready[NDEV][2]; /* QueueReady of queues 0 and 1 */
	uint32_t isr[NDEV];	 /* InterruptStatus */
	uint64_t dma_before;	 /* DMA transactions at the end of remove */
	uint64_t dma_after;	 /* 5000 cycles and notifications later */
	uint64_t edges_before, edges_after; /* irq edges, every line */
	unsigned ndevs;			    /* left on the bus */
	uint64_t allocations;		    /* DMA pool blocks left */
	int net_send_ret;		    /* the three sends, or-ed */
	int blk_write_ret;		    /* what the blk write returned */
	int cons_write_ret;		    /* ... the console write */
	int rng_read_ret;		    /* ... the rng read */
};

static uint64_t all_edges(struct tb_platform *p)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < NSLOTS; i++)
		n += irq_mon_edges(p->slot[i].irq);
	return n;
}

static void remove_body(struct tb_platform *p, void *arg)
{
	struct remove_ctx *c = arg;
	uint8_t b[BLK_SECT] = { 1 };
	uint32_t got;

	/* leave work behind: frames back but unread, bytes echoed but
	 * unread, receive buffers posted everywhere */
	for (unsigned k = 0; k < 3; k++)
		c->net_send_ret |=
			virtnet_send(tb_platform_vdev(p, TB_SLOT_NET), b, 100);
	c->blk_write_ret =
		virtblk_write(tb_platform_vdev(p, TB_SLOT_BLK), 7, b, 1);
	c->cons_write_ret =
		virtcons_write(tb_platform_vdev(p, TB_SLOT_CONSOLE), b, 50);
	c->rng_read_ret = virtrng_read(tb_platform_vdev(p, TB_SLOT_RNG), b, 16,
				       &got, LONG);
	sim_wait_cycles(p->e->sim, 2000);
	tb_platform_remove(p);
	c->ndevs = virtio_bus_num_devices(p->bus);
	c->allocations = dma_pool_allocations(p->pool);
	for (unsigned i = 0; i < NDEV; i++) {
		c->status[i] = slot_rd(p, i, VIRTIO_MMIO_STATUS);
		c->isr[i] = slot_rd(p, i, VIRTIO_MMIO_INTERRUPT_STATUS);
		for (unsigned q = 0; q < 2; q++) {
			slot_wr(p, i, VIRTIO_MMIO_QUEUE_SEL, q);
			c->ready[i][q] = slot_rd(p, i, VIRTIO_MMIO_QUEUE_READY);
		}
	}
	c->dma_before = tb_platform_dma_count(p);
	c->edges_before = all_edges(p);
	/* 2.4.1: a reset device ignores notifications to every queue */
	for (unsigned i = 0; i < NDEV; i++)
		for (unsigned q = 0; q < 2; q++)
			slot_wr(p, i, VIRTIO_MMIO_QUEUE_NOTIFY, q);
	sim_wait_cycles(p->e->sim, 5000);
	c->dma_after = tb_platform_dma_count(p);
	c->edges_after = all_edges(p);
}

START_TEST(test_platform_remove_resets_every_device_and_stops_its_dma)
{
	struct remove_ctx c = { 0 };
	struct tb_platform *p = platform_run(_i, false, remove_body, &c);

	ck_assert_int_eq(c.net_send_ret, 0);
	ck_assert_int_eq(c.blk_write_ret, 0);
	ck_assert_int_eq(c.cons_write_ret, 0);
	ck_assert_int_eq(c.rng_read_ret, 0);
	ck_assert_uint_eq(c.ndevs, 0);
	/* rings, receive buffers and requests all given back */
	ck_assert_uint_eq(c.allocations, 0);
	for (unsigned i = 0; i < NDEV; i++) {
		ck_assert_uint_eq(c.status[i], 0);
		ck_assert_uint_eq(c.isr[i], 0);
		ck_assert_uint_eq(c.ready[i][0], 0);
		ck_assert_uint_eq(c.ready[i][1], 0);
		ck_assert(!irq_mon_level(p->slot[i].irq));
	}
	ck_assert_uint_eq(c.dma_after, c.dma_before);
	ck_assert_uint_eq(c.edges_after, c.edges_before);
	tb_platform_destroy(p);
}
END_TEST

/* -------------------------------------------- remove under a caller */

#define GONE_SECTORS 256u /* a blk write of 128 KiB: long in flight */

/* A caller inside a driver when its device is unregistered. */
struct gone_call {
	struct tb_platform *p;
	unsigned slot; /* TB_SLOT_* */
	uint8_t *buf;  /* its data */
	int r;	       /* what the call returned */
	uint32_t n;    /* bytes it reported */
	bool back;     /* it has returned */
	uint64_t at;   /* cycle it returned */
};

struct gone_ctx {
	struct gone_call call[NDEV];
	unsigned early;		 /* calls back before the unregister */
	uint64_t start, end;	 /* the unregister's cycles */
	int joined[NDEV];	 /* sim_thread_join() results */
	uint32_t status[NDEV];	 /* Status afterwards */
	uint32_t ready[NDEV][2]; /* QueueReady of queues 0 and 1 */
	uint64_t dma_before;	 /* DMA transactions after the unregister */
	uint64_t dma_after;	 /* 5000 cycles later */
	uint64_t allocations;	 /* DMA pool blocks left */
	unsigned ndevs;		 /* left on the bus */
};

/* Each driver's blocking call, on something that does not come soon: 64
 * KiB of random bytes and 128 KiB written to the disk (DMA under way),
 * console bytes and a frame that nobody sends. */
static void gone_caller(void *arg)
{
	struct gone_call *g = arg;
	struct virtio_device *vdev = tb_platform_vdev(g->p, g->slot);

	switch (g->slot) {
	case TB_SLOT_NET:
		g->r = virtnet_recv(vdev, g->buf, VIRTNET_MAX_FRAME, &g->n,
				    LONG);
		break;
	case TB_SLOT_BLK:
		g->r = virtblk_write(vdev, 0, g->buf, GONE_SECTORS);
		break;
	case TB_SLOT_CONSOLE:
		g->r = virtcons_read(vdev, g->buf, 64, &g->n, LONG);
		break;
	default:
		g->r = virtrng_read(vdev, g->buf, VIRTRNG_MAX_READ, &g->n,
				    LONG);
		break;
	}
	g->back = true;
	g->at = sim_cycles(g->p->e->sim);
}

static void gone_unregister(void *arg)
{
	struct gone_call *g = arg;

	tb_platform_unregister(g->p, g->slot);
}

static void gone_body(struct tb_platform *p, void *arg)
{
	struct gone_ctx *c = arg;
	sim_thread_t *t[NDEV], *u[NDEV];

	for (unsigned i = 0; i < NDEV; i++) {
		c->call[i].p = p;
		c->call[i].slot = i;
		t[i] = sim_spawn(p->e->sim, "caller", gone_caller, &c->call[i],
				 0);
	}
	/* everyone inside a driver, waiting or with DMA running */
	sim_wait_cycles(p->e->sim, 300);
	for (unsigned i = 0; i < NDEV; i++)
		c->early += c->call[i].back;
	/* every device at once, as the callers wait */
	c->start = sim_cycles(p->e->sim);
	for (unsigned i = 0; i < NDEV; i++)
		u[i] = sim_spawn(p->e->sim, "unregister", gone_unregister,
				 &c->call[i], 0);
	for (unsigned i = 0; i < NDEV; i++)
		sim_thread_join(p->e->sim, u[i], 0);
	c->end = sim_cycles(p->e->sim);
	for (unsigned i = 0; i < NDEV; i++)
		c->joined[i] = sim_thread_join(p->e->sim, t[i], 1000);
	c->ndevs = virtio_bus_num_devices(p->bus);
	c->allocations = dma_pool_allocations(p->pool);
	for (unsigned i = 0; i < NDEV; i++) {
		c->status[i] = slot_rd(p, i, VIRTIO_MMIO_STATUS);
		for (unsigned q = 0; q < 2; q++) {
			slot_wr(p, i, VIRTIO_MMIO_QUEUE_SEL, q);
			c->ready[i][q] = slot_rd(p, i, VIRTIO_MMIO_QUEUE_READY);
		}
	}
	c->dma_before = tb_platform_dma_count(p);
	sim_wait_cycles(p->e->sim, 5000);
	c->dma_after = tb_platform_dma_count(p);
}

START_TEST(test_platform_unregister_wakes_callers_with_enodev_then_resets)
{
	struct gone_ctx c = { 0 };
	struct tb_platform *p;

	for (unsigned i = 0; i < NDEV; i++)
		c.call[i].buf = calloc(GONE_SECTORS, BLK_SECT);
	p = platform_run(_i, false, gone_body, &c);
	ck_assert_uint_eq(c.early, 0);
	for (unsigned i = 0; i < NDEV; i++) {
		/* woken by the removal, long before their deadline, with
		 * nothing delivered */
		ck_assert_int_eq(c.joined[i], 0);
		ck_assert(c.call[i].back);
		ck_assert_msg(
			c.call[i].r == -ENODEV,
			"slot %u: %d, want -ENODEV (back at %llu, unregister %llu..%llu)",
			i, c.call[i].r, (unsigned long long)c.call[i].at,
			(unsigned long long)c.start, (unsigned long long)c.end);
		ck_assert_uint_eq(c.call[i].n, 0);
		ck_assert_uint_ge(c.call[i].at, c.start);
		ck_assert_uint_le(c.call[i].at, c.end);
		/* then reset, queues stopped */
		ck_assert_uint_eq(c.status[i], 0);
		ck_assert_uint_eq(c.ready[i][0], 0);
		ck_assert_uint_eq(c.ready[i][1], 0);
		free(c.call[i].buf);
	}
	ck_assert_uint_lt(c.end - c.start, LONG / 10);
	ck_assert_uint_eq(c.ndevs, 0);
	/* the buffers the callers left to the devices were given back */
	ck_assert_uint_eq(c.allocations, 0);
	ck_assert_uint_eq(c.dma_after, c.dma_before);
	tb_platform_destroy(p);
}
END_TEST

/* ------------------------------------- S1: drivers that never poll */

/* Linux (vm_reset) and U-Boot write Status = 0 and go straight on. Under
 * slow memory (latency 50 to 90 cycles) with a request in flight on every
 * device, remove every device (its driver resets it and deletes its
 * queues) and probe it again at once, several rounds: every probe must see
 * VERSION_1 and reach DRIVER_OK, and every device must work afterwards.
 * The second half of the rounds resets the spec's way (polling Status). */
#define S1_ROUNDS 4

struct s1_ctx {
	struct gone_call call[NDEV];
	unsigned probed[2];    /* devices probed to DRIVER_OK: no poll, poll */
	unsigned version_1[2]; /* ... with VERSION_1 negotiated */
	unsigned working[2];   /* ... that then served a request */
	unsigned rounds;       /* rounds completed */
};

static void s1_body(struct tb_platform *p, void *arg)
{
	struct s1_ctx *c = arg;
	struct sim_rng rng = sim_rng(p->e->sim, "test");
	uint8_t b[BLK_SECT];

	for (unsigned round = 0; round < S1_ROUNDS; round++) {
		unsigned poll = round >= S1_ROUNDS / 2;
		sim_thread_t *t[NDEV];

		for (unsigned i = 0; i < NSLOTS; i++)
			p->slot[i].hw.reset_poll = poll;
		for (unsigned i = 0; i < NDEV; i++) {
			c->call[i].p = p;
			c->call[i].slot = i;
			c->call[i].back = false;
			t[i] = sim_spawn(p->e->sim, "caller", gone_caller,
					 &c->call[i], 0);
		}
		/* DMA under way on blk and rng, buffers posted on net and
		 * console */
		sim_wait_cycles(p->e->sim, sim_rng_range(&rng, 100, 1500));
		tb_platform_remove(p);
		for (unsigned i = 0; i < NDEV; i++)
			sim_thread_join(p->e->sim, t[i], 0);
		for (unsigned i = 0; i < NDEV; i++) {
			struct tb_platform_slot *s = &p->slot[i];
			struct virtio_device *vdev;
			uint32_t got = 0;
			int r;

			s->probe_err = virtio_mmio_register(p->bus, &s->hw,
							    s->base, &s->vm);
			vdev = tb_platform_vdev(p, i);
			if (!tb_platform_check(p, !s->probe_err && vdev,
					       "round %u: slot %u probe after "
					       "remove failed: %d",
					       round, i, s->probe_err))
				return;
			c->probed[poll] += slot_rd(p, i, VIRTIO_MMIO_STATUS) ==
					   0x0f;
			c->version_1[poll] += !!(vdev->features &
						 (1ull << VIRTIO_F_VERSION_1));
			switch (i) {
			case TB_SLOT_NET: r = virtnet_send(vdev, b, 100); break;
			case TB_SLOT_BLK:
				r = virtblk_read(vdev, 3, b, 1);
				break;
			case TB_SLOT_CONSOLE:
				r = virtcons_write(vdev, b, 10);
				break;
			default:
				r = virtrng_read(vdev, b, 16, &got, LONG);
				break;
			}
			c->working[poll] += r == 0;
		}
		c->rounds++;
	}
}

START_TEST(test_s1_remove_and_probe_without_polling_under_slow_memory)
{
	struct s1_ctx c = { 0 };
	struct tb_env_cfg cfg = platform_cfg(_i);
	struct tb_platform *p;
	unsigned want = NDEV * S1_ROUNDS / 2;

	for (unsigned i = 0; i < NDEV; i++)
		c.call[i].buf = calloc(GONE_SECTORS, BLK_SECT);
	cfg.mem.rd_lat_min = cfg.mem.wr_lat_min = 50;
	cfg.mem.rd_lat_max = cfg.mem.wr_lat_max = 90;
	p = tb_platform_create(&cfg);
	ck_assert_ptr_nonnull(p);
	tb_platform_run(p, s1_body, &c, 0);
	tb_env_assert_clean(p->e);
	ck_assert_msg(c.rounds == S1_ROUNDS, "%u of %u rounds completed",
		      c.rounds, S1_ROUNDS);
	for (unsigned poll = 0; poll < 2; poll++) {
		ck_assert_msg(c.probed[poll] == want &&
				      c.version_1[poll] == want &&
				      c.working[poll] == want,
			      "%s reset: %u probes reached DRIVER_OK, %u with "
			      "VERSION_1, %u devices worked; want %u each",
			      poll ? "polling" : "no-poll", c.probed[poll],
			      c.version_1[poll], c.working[poll], want);
	}
	for (unsigned i = 0; i < NDEV; i++)
		free(c.call[i].buf);
	tb_platform_destroy(p);
}
END_TEST

static void test_platform_register(struct tb_registry *r)
{
	tb_add_seeded(
		r, test_s1_remove_and_probe_without_polling_under_slow_memory,
		300);
	tb_add_seeded(r, test_platform_probe_binds_each_slot_to_its_driver,
		      120);
	tb_add_seeded(r, test_platform_net_frames_loop_back_whole_and_in_order,
		      120);
	tb_add_seeded(
		r, test_platform_blk_reads_back_writes_flushes_and_gives_its_id,
		120);
	tb_add_seeded(
		r,
		test_platform_blk_resize_raises_config_change_and_new_capacity,
		120);
	tb_add_seeded(r, test_platform_console_echoes_bytes_in_order, 120);
	tb_add_seeded(r, test_platform_rng_gives_1_to_len_random_bytes, 120);
	tb_add_seeded(
		r,
		test_platform_all_devices_at_once_with_interleaved_interrupts,
		300);
	tb_add_seeded(
		r, test_platform_remove_resets_every_device_and_stops_its_dma,
		120);
	tb_add_seeded(
		r,
		test_platform_unregister_wakes_callers_with_enodev_then_resets,
		120);
}

TB_TESTS(test_platform_register)
