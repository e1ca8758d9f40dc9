/* SPDX-License-Identifier: MIT */
/*
 * test_virtio_bus_unit.c - the driver model's virtio bus on a fake
 * transport (no simulation time needed): matching by ID table with the
 * vendor wildcard, both registration orders, numbering virtio0, virtio1
 * and the lowest free number, the probe sequence and the negotiated
 * features, probe failure (unbound, FAILED, as Linux; also when the
 * transport refuses the features, and for a version 2 virtio-mmio device
 * without VERSION_1), remove (reset, queues deleted), removal against
 * callers waiting in the driver and against a probe or another removal
 * running in another thread, configuration changes held back during
 * probe, the sysfs attributes in Linux's formats, every device ID's name,
 * and the net driver's header and buffers with and without VERSION_1.
 *
 * The fake transport is a struct virtio_config_ops over a small register
 * model: a status register that logs every value written, 64-bit feature
 * words, a configuration space, and queues made with the real split ring
 * in a memory whose default permission is no access. Its status accesses
 * can take simulation time (delay), for the tests where threads overlap.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dma_pool.h"
#include "tb.h"
#include "virtio_bus.h"
#include "virtio_ids.h"
#include "virtio_mmio.h"
#include "virtio_mmio_regs.h"
#include "virtio_net.h"
#include "virtio_ring.h"
#include "vring_soft_dev.h"

#define FAKE_QUEUES 4
#define FAKE_QUEUE_SIZE 8

/* A device behind the fake transport. */
struct fake {
	struct virtio_device vdev; /* first: the ops cast back */
	uint8_t status;		   /* the status register */
	uint8_t log[32];	   /* every value written to it, resets as 0 */
	unsigned nlog;
	uint64_t offered;   /* device features */
	uint64_t accepted;  /* driver features written */
	bool refuse;	    /* FEATURES_OK does not stick (2.2.2) */
	int finalize_ret;   /* what finalize_features returns */
	unsigned delay;	    /* cycles each status access takes (0: none,
			     * and no thread needed) */
	uint8_t config[16]; /* configuration space */
	unsigned resets;    /* resets done */
	unsigned queues;    /* queues the device has */
	struct virtqueue *vqs[FAKE_QUEUES]; /* by queue index */
	unsigned del_vqs;		    /* del_vqs calls */
};

/* Everything one test uses. */
struct bt {
	sim_t *sim;
	struct mem *mem;
	struct dma_pool *pool;
	struct virtio_hw hw;
	struct virtio_bus *bus;
	struct fake dev[6];
};

static struct fake *fake_of(struct virtio_device *vdev)
{
	return (struct fake *)vdev;
}

static void fake_log(struct fake *f, uint8_t v)
{
	if (f->nlog < sizeof(f->log))
		f->log[f->nlog++] = v;
}

static void fake_get(struct virtio_device *vdev, unsigned offset, void *buf,
		     unsigned len)
{
	memcpy(buf, fake_of(vdev)->config + offset, len);
}

static void fake_set(struct virtio_device *vdev, unsigned offset,
		     const void *buf, unsigned len)
{
	memcpy(fake_of(vdev)->config + offset, buf, len);
}

static uint32_t fake_generation(struct virtio_device *vdev)
{
	(void)vdev;
	return 0;
}

/* A register access on a slow bus: other threads run meanwhile. */
static void fake_wait(struct fake *f)
{
	if (f->delay)
		sim_wait_cycles(f->vdev.hw->sim, f->delay);
}

static uint8_t fake_get_status(struct virtio_device *vdev)
{
	fake_wait(fake_of(vdev));
	return fake_of(vdev)->status;
}

static void fake_set_status(struct virtio_device *vdev, uint8_t status)
{
	struct fake *f = fake_of(vdev);

	fake_wait(f);
	vdev->status = status;
	fake_log(f, status);
	if (f->refuse)
		status &= (uint8_t)~VIRTIO_CONFIG_S_FEATURES_OK;
	f->status = status;
}

static int fake_reset(struct virtio_device *vdev)
{
	struct fake *f = fake_of(vdev);

	fake_wait(f);
	f->status = 0;
	f->resets++;
	fake_log(f, 0);
	vdev->status = 0;
	vdev->features_read = false;
	return 0;
}

static uint64_t fake_get_features(struct virtio_device *vdev)
{
	return fake_of(vdev)->offered;
}

static int fake_finalize_features(struct virtio_device *vdev)
{
	struct fake *f = fake_of(vdev);

	if (f->finalize_ret)
		return f->finalize_ret;
	f->accepted = vdev->features;
	return 0;
}

static const char *fake_bus_name(struct virtio_device *vdev)
{
	(void)vdev;
	return "fake";
}

static void fake_notify(struct virtqueue *vq)
{
	(void)vq;
}

static void fake_del_vqs(struct virtio_device *vdev)
{
	struct fake *f = fake_of(vdev);

	f->del_vqs++;
	for (unsigned q = 0; q < FAKE_QUEUES; q++) {
		vring_del_virtqueue(f->vqs[q]);
		f->vqs[q] = NULL;
	}
}

static int fake_find_vqs(struct virtio_device *vdev, unsigned nvqs,
			 struct virtqueue *vqs[], vq_callback_t *callbacks[],
			 const char *const names[])
{
	struct fake *f = fake_of(vdev);
	unsigned q = 0;

	for (unsigned i = 0; i < nvqs; i++) {
		vqs[i] = NULL;
		if (!names[i])
			continue;
		if (q >= f->queues) {
			fake_del_vqs(vdev);
			return -ENOENT;
		}
		f->vqs[q] = vring_create_virtqueue(vdev, q, FAKE_QUEUE_SIZE,
						   vdev->hw->pool, NULL,
						   fake_notify, callbacks[i],
						   names[i]);
		vqs[i] = f->vqs[q++];
	}
	return 0;
}

static const struct virtio_config_ops fake_ops = {
	.get = fake_get,
	.set = fake_set,
	.generation = fake_generation,
	.get_status = fake_get_status,
	.set_status = fake_set_status,
	.reset = fake_reset,
	.get_features = fake_get_features,
	.finalize_features = fake_finalize_features,
	.bus_name = fake_bus_name,
	.find_vqs = fake_find_vqs,
	.del_vqs = fake_del_vqs,
};

static void bt_init(struct bt *t)
{
	memset(t, 0, sizeof(*t));
	t->sim = sim_create(&(struct sim_config){
		.name = "bus", .has_seed = true, .quiet = true });
	t->mem = mem_create(t->sim, "dma");
	mem_set_default_perm(t->mem, MEM_NONE);
	t->pool = dma_pool_create(t->mem, 0x80000000ull, 1u << 20);
	t->hw = (struct virtio_hw){ .sim = t->sim,
				    .mem = t->mem,
				    .pool = t->pool };
	t->bus = virtio_bus_create(t->sim);
	ck_assert_ptr_nonnull(t->bus);
}

/* Device i of the test: ID, vendor, features offered (VERSION_1 always). */
static struct virtio_device *bt_dev(struct bt *t, unsigned i, uint32_t id,
				    uint32_t vendor, uint64_t features)
{
	struct fake *f = &t->dev[i];

	memset(f, 0, sizeof(*f));
	f->vdev.config = &fake_ops;
	f->vdev.hw = &t->hw;
	f->vdev.id.device = id;
	f->vdev.id.vendor = vendor;
	f->offered = features | 1ull << VIRTIO_F_VERSION_1;
	f->queues = 2;
	return &f->vdev;
}

static void bt_fini(struct bt *t)
{
	virtio_bus_destroy(t->bus);
	for (unsigned i = 0; i < 6; i++)
		for (unsigned q = 0; q < FAKE_QUEUES; q++)
			vring_del_virtqueue(t->dev[i].vqs[q]);
	dma_pool_destroy(t->pool);
	mem_destroy(t->mem);
	sim_destroy(t->sim);
}

static unsigned bt_errors(const struct bt *t)
{
	return sim_report_count(t->sim, SIM_ERROR);
}

/* ------------------------------------------------------ test drivers */

/* What a test driver saw. */
struct drv_rec {
	unsigned probes, removes, config_changes;
	struct virtio_device *last; /* device of the last probe */
	int probe_ret;		    /* what probe returns (after its queues) */
	bool no_reset;		    /* remove forgets to reset (a bug) */
	bool change_in_probe;	    /* probe sees a config change arrive */
	unsigned changes_in_probe;  /* config_changed calls during probe */
	unsigned remove_unprobed;   /* removes of a device without its data
				     * (probe not finished) */
	unsigned calls_at_remove;   /* callers inside when remove ran */
	struct virtio_drv_stats stats;
};

static struct drv_rec rec_a, rec_b, rec_c;
static struct virtio_driver drv_a, drv_b, drv_c;

static struct drv_rec *rec_of(struct virtio_driver *d)
{
	return d == &drv_a ? &rec_a : d == &drv_b ? &rec_b : &rec_c;
}

static void cb_noop(struct virtqueue *vq)
{
	(void)vq;
}

/* Linux's skeleton: find the queues, fail if told to (cleaning up). */
static int drv_probe(struct virtio_device *vdev)
{
	struct drv_rec *r = rec_of(vdev->driver);
	static const char *const names[] = { "rx", "tx" };
	vq_callback_t *cbs[] = { cb_noop, cb_noop };
	struct virtqueue *vqs[2];
	int err;

	r->probes++;
	r->last = vdev;
	err = virtio_find_vqs(vdev, 2, vqs, cbs, names);
	if (err)
		return err;
	if (r->change_in_probe) {
		unsigned before = r->config_changes;

		vdev->config_changed(vdev);
		r->changes_in_probe = r->config_changes - before;
	}
	if (r->probe_ret) {
		virtio_del_vqs(vdev);
		return r->probe_ret;
	}
	vdev->priv = r; /* the driver's data */
	vdev->drv_stats = &r->stats;
	return 0;
}

static void drv_remove(struct virtio_device *vdev)
{
	struct drv_rec *r = rec_of(vdev->driver);

	r->removes++;
	r->remove_unprobed += vdev->priv != r;
	r->calls_at_remove += vdev->drv_calls;
	if (!r->no_reset)
		virtio_reset_device(vdev);
	virtio_del_vqs(vdev);
	vdev->priv = NULL; /* freed, as a real driver does */
}

/* A blocking call of the test drivers, shaped like the real ones: in
 * through the bus, wait for an event nobody notifies, and read the
 * driver's data afterwards (which remove takes away). */
struct drv_call {
	struct virtio_device *vdev;
	struct virtio_driver *drv;
	sim_event_t *ev;      /* what it waits for */
	uint64_t wait_at;     /* cycle to call at */
	int r;		      /* the call's result */
	bool data_after_wait; /* the driver's data was still there */
	uint64_t at;	      /* cycle it returned */
};

static int drv_blocking_call(struct drv_call *c)
{
	struct virtio_device *vdev = c->vdev;
	int err = virtio_drv_enter(vdev, c->drv);

	if (err)
		return err;
	err = virtio_drv_wait(vdev, c->ev, virtio_drv_deadline(vdev, 1000000));
	c->data_after_wait = vdev->priv == rec_of(c->drv);
	virtio_drv_leave(vdev);
	return err;
}

static void drv_call_thread(void *arg)
{
	struct drv_call *c = arg;
	sim_t *sim = c->vdev->hw->sim;

	if (c->wait_at > sim_cycles(sim))
		sim_wait_cycles(sim, c->wait_at - sim_cycles(sim));
	c->r = drv_blocking_call(c);
	c->at = sim_cycles(sim);
}

static void drv_config_changed(struct virtio_device *vdev)
{
	rec_of(vdev->driver)->config_changes++;
}

static const struct virtio_device_id ids_a[] = {
	{ VIRTIO_ID_NET, VIRTIO_DEV_ANY_ID },
	{ VIRTIO_ID_CONSOLE, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};
static const struct virtio_device_id ids_b[] = {
	{ VIRTIO_ID_BLOCK, 0x1234 },
	{ 0, 0 },
};
static const struct virtio_device_id ids_c[] = {
	{ VIRTIO_DEV_ANY_ID, 0x5678 },
	{ 0, 0 },
};
static const unsigned feats_a[] = { 5, 16 };

static void drivers_init(void)
{
	memset(&rec_a, 0, sizeof(rec_a));
	memset(&rec_b, 0, sizeof(rec_b));
	memset(&rec_c, 0, sizeof(rec_c));
	drv_a = (struct virtio_driver){ .name = "drv_a",
					.id_table = ids_a,
					.feature_table = feats_a,
					.feature_table_size = 2,
					.probe = drv_probe,
					.remove = drv_remove,
					.config_changed = drv_config_changed };
	drv_b = drv_a;
	drv_b.name = "drv_b";
	drv_b.id_table = ids_b;
	drv_c = drv_a;
	drv_c.name = "drv_c";
	drv_c.id_table = ids_c;
}

/* ------------------------------------------------------------- tests */

START_TEST(test_bus_match_uses_id_table_and_vendor_wildcard)
{
	struct bt t;
	struct virtio_device *net, *blk_ok, *blk_other, *rng, *odd;

	bt_init(&t);
	drivers_init();
	net = bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	blk_ok = bt_dev(&t, 1, VIRTIO_ID_BLOCK, 0x1234, 0);
	blk_other = bt_dev(&t, 2, VIRTIO_ID_BLOCK, 0x1af4, 0);
	rng = bt_dev(&t, 3, VIRTIO_ID_RNG, 0x1af4, 0);
	odd = bt_dev(&t, 4, VIRTIO_ID_GPIO, 0x5678, 0);
	/* the table alone */
	ck_assert(virtio_dev_match(net, ids_a));
	ck_assert(!virtio_dev_match(net, ids_b));
	ck_assert(virtio_dev_match(blk_ok, ids_b));
	ck_assert(!virtio_dev_match(blk_other, ids_b));
	ck_assert(virtio_dev_match(odd, ids_c)); /* any device of a vendor */
	ck_assert(!virtio_dev_match(rng, ids_c));
	/* on the bus */
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_b), 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_c), 0);
	for (unsigned i = 0; i < 5; i++)
		ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[i].vdev),
				 0);
	ck_assert_ptr_eq(net->driver, &drv_a);
	ck_assert_ptr_eq(blk_ok->driver, &drv_b);
	ck_assert_ptr_null(blk_other->driver); /* wrong vendor */
	ck_assert_ptr_null(rng->driver);       /* nobody's */
	ck_assert_ptr_eq(odd->driver, &drv_c);
	/* unbound devices stay acknowledged only */
	ck_assert_uint_eq(t.dev[2].status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_uint_eq(t.dev[3].status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_uint_eq(rec_a.probes, 1);
	ck_assert_uint_eq(rec_b.probes, 1);
	ck_assert_uint_eq(rec_c.probes, 1);
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

/* The result of registering drivers before devices, or after. */
static void order_run(bool drivers_first, uint8_t status[3], const void *drv[3])
{
	struct bt t;

	bt_init(&t);
	drivers_init();
	bt_dev(&t, 0, VIRTIO_ID_BLOCK, 0x1234, 0);
	bt_dev(&t, 1, VIRTIO_ID_NET, 0x1af4, 0);
	bt_dev(&t, 2, VIRTIO_ID_RNG, 0x1af4, 0);
	if (drivers_first) {
		ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
		ck_assert_int_eq(register_virtio_driver(t.bus, &drv_b), 0);
	}
	for (unsigned i = 0; i < 3; i++)
		ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[i].vdev),
				 0);
	if (!drivers_first) {
		ck_assert_ptr_null(t.dev[0].vdev.driver);
		ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
		ck_assert_int_eq(register_virtio_driver(t.bus, &drv_b), 0);
	}
	for (unsigned i = 0; i < 3; i++) {
		status[i] = t.dev[i].status;
		drv[i] = t.dev[i].vdev.driver;
		ck_assert_int_eq(t.dev[i].vdev.index, (int)i);
	}
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}

START_TEST(test_bus_binds_the_same_in_either_registration_order)
{
	const uint8_t ok =
		VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
		VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK;
	uint8_t s1[3], s2[3];
	const void *d1[3], *d2[3];

	order_run(true, s1, d1);
	order_run(false, s2, d2);
	for (unsigned i = 0; i < 3; i++) {
		ck_assert_uint_eq(s1[i], s2[i]);
		ck_assert_ptr_eq(d1[i], d2[i]);
	}
	ck_assert_uint_eq(s1[0], ok);
	ck_assert_uint_eq(s1[1], ok);
	ck_assert_uint_eq(s1[2], VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_ptr_eq(d1[0], &drv_b);
	ck_assert_ptr_eq(d1[1], &drv_a);
	ck_assert_ptr_null(d1[2]);
}
END_TEST

START_TEST(test_bus_numbers_devices_from_virtio0_reusing_the_lowest_free)
{
	struct bt t;

	bt_init(&t);
	drivers_init();
	for (unsigned i = 0; i < 3; i++) {
		bt_dev(&t, i, VIRTIO_ID_NET, 0x1af4, 0);
		ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[i].vdev),
				 0);
	}
	ck_assert_str_eq(t.dev[0].vdev.name, "virtio0");
	ck_assert_str_eq(t.dev[1].vdev.name, "virtio1");
	ck_assert_str_eq(t.dev[2].vdev.name, "virtio2");
	ck_assert_uint_eq(virtio_bus_num_devices(t.bus), 3);
	/* a second registration of the same device is refused */
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[1].vdev), -EBUSY);
	/* virtio1 goes; the next device takes its number (Linux's IDA) */
	unregister_virtio_device(&t.dev[1].vdev);
	ck_assert_uint_eq(virtio_bus_num_devices(t.bus), 2);
	ck_assert_ptr_eq(virtio_bus_device(t.bus, 0), &t.dev[0].vdev);
	ck_assert_ptr_eq(virtio_bus_device(t.bus, 1), &t.dev[2].vdev);
	bt_dev(&t, 3, VIRTIO_ID_RNG, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[3].vdev), 0);
	ck_assert_str_eq(t.dev[3].vdev.name, "virtio1");
	bt_dev(&t, 4, VIRTIO_ID_RNG, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[4].vdev), 0);
	ck_assert_str_eq(t.dev[4].vdev.name, "virtio3");
	/* registration order, not number order */
	ck_assert_ptr_eq(virtio_bus_device(t.bus, 2), &t.dev[3].vdev);
	ck_assert_ptr_eq(virtio_bus_device(t.bus, 3), &t.dev[4].vdev);
	ck_assert_ptr_null(virtio_bus_device(t.bus, 4));
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

START_TEST(test_bus_probe_follows_linux_order_and_keeps_known_features)
{
	struct bt t;
	/* driver table: 5, 16; device also offers 17 (unknown to the
	 * driver), ring and transport bits the model implements (28, 29,
	 * 33, 36, 40) and two it does not (34 packed, 35 in order) */
	const uint64_t offered =
		1ull << 5 | 1ull << 16 | 1ull << 17 | 1ull << 28 | 1ull << 29 |
		1ull << 33 | 1ull << 34 | 1ull << 35 | 1ull << 36 | 1ull << 40;
	const uint64_t want = 1ull << 5 | 1ull << 16 | 1ull << 28 | 1ull << 29 |
			      1ull << 32 | 1ull << 33 | 1ull << 36 | 1ull << 40;
	const uint8_t seq[] = { 0, 0x01, 0x03, 0x0b, 0x0f };

	bt_init(&t);
	drivers_init();
	bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, offered);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[0].vdev), 0);
	/* reset, ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK (3.1.1) */
	ck_assert_uint_eq(t.dev[0].nlog, sizeof(seq));
	ck_assert_mem_eq(t.dev[0].log, seq, sizeof(seq));
	ck_assert_uint_eq(t.dev[0].accepted, want);
	ck_assert_uint_eq(t.dev[0].vdev.features, want);
	/* the driver's queues exist */
	ck_assert_ptr_nonnull(t.dev[0].vqs[0]);
	ck_assert_ptr_nonnull(t.dev[0].vqs[1]);
	ck_assert_ptr_eq(virtio_drv_stats(&t.dev[0].vdev), &rec_a.stats);
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

START_TEST(test_bus_probe_failure_leaves_device_unbound_and_failed)
{
	struct bt t;
	const uint8_t failed =
		VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
		VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_FAILED;

	bt_init(&t);
	sim_report_expect(t.sim, "virtio.bus"); /* the bus says why */
	drivers_init();
	rec_a.probe_ret = -EIO;
	bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	/* the device registers; the probe fails: unbound, FAILED */
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[0].vdev), 0);
	ck_assert_uint_eq(rec_a.probes, 1);
	ck_assert_ptr_null(t.dev[0].vdev.driver);
	ck_assert_uint_eq(t.dev[0].status, failed);
	ck_assert_ptr_null(t.dev[0].vqs[0]); /* it cleaned up */
	ck_assert_uint_eq(virtio_drv_stats(&t.dev[0].vdev)->ops, 0);
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.bus"), 1);
	/* a second driver for it: the bus resets the FAILED device first
	 * (3.1.1), then the probe goes through */
	drv_c.id_table = ids_a;
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_c), 0);
	ck_assert_ptr_eq(t.dev[0].vdev.driver, &drv_c);
	ck_assert_uint_eq(t.dev[0].resets, 2);
	ck_assert_uint_eq(t.dev[0].status, 0x0f);
	/* features the device refuses: FEATURES_OK reads back clear, the
	 * driver's probe never runs */
	bt_dev(&t, 1, VIRTIO_ID_NET, 0x1af4, 0);
	t.dev[1].refuse = true;
	rec_c.probes = 0;
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[1].vdev), 0);
	ck_assert_uint_eq(rec_a.probes, 1); /* drv_a fails only later */
	ck_assert_uint_eq(rec_c.probes, 0);
	ck_assert_ptr_null(t.dev[1].vdev.driver);
	ck_assert(t.dev[1].status & VIRTIO_CONFIG_S_FAILED);
	ck_assert(!(t.dev[1].status & VIRTIO_CONFIG_S_FEATURES_OK));
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

START_TEST(test_bus_remove_resets_and_deletes_queues)
{
	struct bt t;

	bt_init(&t);
	drivers_init();
	bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	bt_dev(&t, 1, VIRTIO_ID_CONSOLE, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[0].vdev), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[1].vdev), 0);
	ck_assert_ptr_nonnull(t.dev[0].vqs[1]);
	/* the device goes: remove, status 0, queues deleted */
	unregister_virtio_device(&t.dev[0].vdev);
	ck_assert_uint_eq(rec_a.removes, 1);
	ck_assert_uint_eq(t.dev[0].status, 0);
	ck_assert_uint_eq(t.dev[0].del_vqs, 1);
	ck_assert_ptr_null(t.dev[0].vqs[0]);
	ck_assert_ptr_null(t.dev[0].vqs[1]);
	ck_assert_ptr_null(t.dev[0].vdev.driver);
	ck_assert_ptr_null(t.dev[0].vdev.bus);
	ck_assert_uint_eq(virtio_bus_num_devices(t.bus), 1);
	/* the driver goes: its device is reset, then acknowledged again
	 * (Linux), unbound */
	unregister_virtio_driver(&drv_a);
	ck_assert_uint_eq(rec_a.removes, 2);
	ck_assert_uint_eq(t.dev[1].del_vqs, 1);
	ck_assert_uint_eq(t.dev[1].status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_ptr_null(t.dev[1].vdev.driver);
	ck_assert_ptr_null(drv_a.bus);
	/* and it can come back */
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_ptr_eq(t.dev[1].vdev.driver, &drv_a);
	ck_assert_uint_eq(t.dev[1].status, 0x0f);
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

START_TEST(test_bus_remove_without_reset_is_a_driver_bug)
{
	struct bt t;

	bt_init(&t);
	sim_report_expect(t.sim, "virtio.driver");
	drivers_init();
	rec_a.no_reset = true;
	bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[0].vdev), 0);
	unregister_virtio_device(&t.dev[0].vdev);
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.driver"), 1);
	ck_assert_uint_eq(t.dev[0].status, 0); /* the bus reset it */
	bt_fini(&t);
}
END_TEST

START_TEST(test_bus_config_change_reaches_driver_only_while_bound)
{
	struct bt t;

	bt_init(&t);
	drivers_init();
	rec_a.change_in_probe = true;
	bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[0].vdev), 0);
	/* held back during probe, delivered once it returned */
	ck_assert_uint_eq(rec_a.changes_in_probe, 0);
	ck_assert_uint_eq(rec_a.config_changes, 1);
	t.dev[0].vdev.config_changed(&t.dev[0].vdev);
	ck_assert_uint_eq(rec_a.config_changes, 2);
	/* after the driver is gone nothing reaches it */
	unregister_virtio_driver(&drv_a);
	t.dev[0].vdev.config_changed(&t.dev[0].vdev);
	ck_assert_uint_eq(rec_a.config_changes, 2);
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

START_TEST(test_bus_find_vqs_skips_unnamed_queues)
{
	struct bt t;
	static const char *const names[] = { "a", NULL, "b" };
	vq_callback_t *cbs[] = { cb_noop, cb_noop, NULL };
	struct virtqueue *vqs[3];
	struct virtio_device *vdev;

	bt_init(&t);
	vdev = bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_device(t.bus, vdev), 0);
	ck_assert_int_eq(virtio_find_vqs(vdev, 3, vqs, cbs, names), 0);
	ck_assert_ptr_nonnull(vqs[0]);
	ck_assert_ptr_null(vqs[1]);
	ck_assert_ptr_nonnull(vqs[2]);
	ck_assert_uint_eq(vqs[0]->index, 0);
	ck_assert_uint_eq(vqs[2]->index, 1);
	ck_assert_str_eq(vqs[2]->label, "virtio0.b");
	virtio_del_vqs(vdev);
	/* more queues than the device has: none is left */
	{
		static const char *const three[] = { "a", "b", "c" };
		vq_callback_t *cb3[] = { cb_noop, cb_noop, cb_noop };

		ck_assert_int_eq(virtio_find_vqs(vdev, 3, vqs, cb3, three),
				 -ENOENT);
		ck_assert_ptr_null(t.dev[0].vqs[0]);
	}
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

START_TEST(test_bus_attributes_use_linux_sysfs_formats)
{
	struct bt t;
	struct virtio_device *vdev;
	char buf[80], want[80];

	bt_init(&t);
	drivers_init();
	vdev = bt_dev(&t, 0, VIRTIO_ID_NET, 0x004f4956, 1ull << 5 | 1ull << 29);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, vdev), 0);
	ck_assert_int_eq(virtio_dev_attr(vdev, "device", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "0x0001\n");
	ck_assert_int_eq(virtio_dev_attr(vdev, "vendor", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "0x4f4956\n");
	ck_assert_int_eq(virtio_dev_attr(vdev, "status", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "0x0000000f\n");
	ck_assert_int_eq(virtio_dev_attr(vdev, "modalias", buf, sizeof(buf)),
			 0);
	ck_assert_str_eq(buf, "virtio:d00000001v004F4956\n");
	/* one character per bit, bit 0 first: 5, 29 and 32 negotiated */
	memset(want, '0', 64);
	want[5] = want[29] = want[32] = '1';
	want[64] = '\n';
	want[65] = '\0';
	ck_assert_int_eq(virtio_dev_attr(vdev, "features", buf, sizeof(buf)),
			 0);
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(virtio_dev_attr(vdev, "driver_override", buf,
					 sizeof(buf)),
			 -ENOENT);
	ck_assert_int_eq(virtio_dev_attr(vdev, "features", buf, 65), -ENOSPC);
	ck_assert_int_eq(virtio_dev_attr(vdev, "device", buf, 7), -ENOSPC);
	/* the status is read from the device, not remembered */
	t.dev[0].status = 0x4f;
	ck_assert_int_eq(virtio_dev_attr(vdev, "status", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "0x0000004f\n");
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

START_TEST(test_virtio_id_name_knows_every_linux_id)
{
	static const struct {
		uint32_t id;
		const char *name;
	} ids[] = {
		{ VIRTIO_ID_NET, "net" },
		{ VIRTIO_ID_BLOCK, "block" },
		{ VIRTIO_ID_CONSOLE, "console" },
		{ VIRTIO_ID_RNG, "rng" },
		{ VIRTIO_ID_BALLOON, "balloon" },
		{ VIRTIO_ID_IOMEM, "iomem" },
		{ VIRTIO_ID_RPMSG, "rpmsg" },
		{ VIRTIO_ID_SCSI, "scsi" },
		{ VIRTIO_ID_9P, "9p" },
		{ VIRTIO_ID_MAC80211_WLAN, "mac80211-wlan" },
		{ VIRTIO_ID_RPROC_SERIAL, "rproc-serial" },
		{ VIRTIO_ID_CAIF, "caif" },
		{ VIRTIO_ID_MEMORY_BALLOON, "memory-balloon" },
		{ VIRTIO_ID_GPU, "gpu" },
		{ VIRTIO_ID_CLOCK, "clock" },
		{ VIRTIO_ID_INPUT, "input" },
		{ VIRTIO_ID_VSOCK, "vsock" },
		{ VIRTIO_ID_CRYPTO, "crypto" },
		{ VIRTIO_ID_SIGNAL_DIST, "signal-dist" },
		{ VIRTIO_ID_PSTORE, "pstore" },
		{ VIRTIO_ID_IOMMU, "iommu" },
		{ VIRTIO_ID_MEM, "mem" },
		{ VIRTIO_ID_SOUND, "sound" },
		{ VIRTIO_ID_FS, "fs" },
		{ VIRTIO_ID_PMEM, "pmem" },
		{ VIRTIO_ID_RPMB, "rpmb" },
		{ VIRTIO_ID_MAC80211_HWSIM, "mac80211-hwsim" },
		{ VIRTIO_ID_VIDEO_ENCODER, "video-encoder" },
		{ VIRTIO_ID_VIDEO_DECODER, "video-decoder" },
		{ VIRTIO_ID_SCMI, "scmi" },
		{ VIRTIO_ID_NITRO_SEC_MOD, "nitro-sec-mod" },
		{ VIRTIO_ID_I2C_ADAPTER, "i2c-adapter" },
		{ VIRTIO_ID_WATCHDOG, "watchdog" },
		{ VIRTIO_ID_CAN, "can" },
		{ VIRTIO_ID_DMABUF, "dmabuf" },
		{ VIRTIO_ID_PARAM_SERV, "param-serv" },
		{ VIRTIO_ID_AUDIO_POLICY, "audio-policy" },
		{ VIRTIO_ID_BT, "bt" },
		{ VIRTIO_ID_GPIO, "gpio" },
	};
	unsigned named = 0;

	/* the numbers of Linux's virtio_ids.h */
	ck_assert_uint_eq(VIRTIO_ID_MEMORY_BALLOON, 13);
	ck_assert_uint_eq(VIRTIO_ID_GPU, 16);
	ck_assert_uint_eq(VIRTIO_ID_DMABUF, 37);
	ck_assert_uint_eq(VIRTIO_ID_GPIO, 41);
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		ck_assert_str_eq(virtio_id_name(ids[i].id), ids[i].name);
	/* every other number is unknown */
	for (uint32_t id = 0; id < 100; id++)
		named += strcmp(virtio_id_name(id), "unknown") != 0;
	ck_assert_uint_eq(named, sizeof(ids) / sizeof(ids[0]));
	ck_assert_str_eq(virtio_id_name(0), "unknown");
	ck_assert_str_eq(virtio_id_name(14), "unknown");
	ck_assert_str_eq(virtio_id_name(15), "unknown");
	ck_assert_str_eq(virtio_id_name(42), "unknown");
	ck_assert_str_eq(virtio_id_name(VIRTIO_DEV_ANY_ID), "unknown");
}
END_TEST

/* ------------------------------------------- features the transport
 * refuses */

START_TEST(test_bus_probe_fails_when_the_transport_refuses_the_features)
{
	const uint8_t failed = VIRTIO_CONFIG_S_ACKNOWLEDGE |
			       VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FAILED;
	struct virtio_device *vdev;
	struct bt t;

	bt_init(&t);
	sim_report_expect(t.sim, "virtio.bus"); /* the bus says why */
	drivers_init();
	/* virtio_features_ok() returns the transport's error and sets no
	 * FEATURES_OK */
	vdev = bt_dev(&t, 1, VIRTIO_ID_NET, 0x1af4, 0);
	t.dev[1].finalize_ret = -EINVAL;
	vdev->features = 1ull << VIRTIO_F_VERSION_1;
	ck_assert_int_eq(virtio_features_ok(vdev), -EINVAL);
	ck_assert_uint_eq(t.dev[1].nlog, 0);
	/* on the bus: the probe fails with FAILED, as Linux's
	 * virtio_dev_probe; the driver never runs */
	vdev = bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 1ull << 5);
	t.dev[0].finalize_ret = -EINVAL;
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, vdev), 0);
	ck_assert_uint_eq(rec_a.probes, 0);
	ck_assert_ptr_null(vdev->driver);
	ck_assert_uint_eq(t.dev[0].status, failed);
	ck_assert_uint_eq(t.dev[0].accepted, 0);
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.bus"), 1);
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

/* A virtio-mmio register file of version 2: the IDs, DeviceFeatures and
 * DriverFeatures by selector, Status as written (0 resets), and queues of
 * 8 entries whose QueueReady reads back as written. */
struct mmio_regs {
	uint32_t id;	    /* DeviceID */
	uint64_t offered;   /* DeviceFeatures */
	uint64_t accepted;  /* DriverFeatures written */
	uint32_t dev_sel;   /* DeviceFeaturesSel */
	uint32_t drv_sel;   /* DriverFeaturesSel */
	uint32_t status;    /* Status */
	uint32_t queue_sel; /* QueueSel */
	uint32_t ready[4];  /* QueueReady per queue */
};

static int mmio_rd(void *ctx, uint64_t addr, uint32_t *val)
{
	struct mmio_regs *m = ctx;

	switch (addr & 0xfff) {
	case VIRTIO_MMIO_MAGIC_VALUE: *val = VIRTIO_MMIO_MAGIC; break;
	case VIRTIO_MMIO_VERSION: *val = VIRTIO_MMIO_VERSION_MODERN; break;
	case VIRTIO_MMIO_DEVICE_ID: *val = m->id; break;
	case VIRTIO_MMIO_VENDOR_ID: *val = 0x1af4; break;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		*val = m->dev_sel < 2
			       ? (uint32_t)(m->offered >> 32 * m->dev_sel)
			       : 0;
		break;
	case VIRTIO_MMIO_STATUS: *val = m->status; break;
	case VIRTIO_MMIO_QUEUE_NUM_MAX: *val = m->queue_sel < 4 ? 8 : 0; break;
	case VIRTIO_MMIO_QUEUE_READY:
		*val = m->queue_sel < 4 ? m->ready[m->queue_sel] : 0;
		break;
	default: *val = 0; break;
	}
	return 0;
}

static int mmio_wr(void *ctx, uint64_t addr, uint32_t val, unsigned strb)
{
	struct mmio_regs *m = ctx;

	(void)strb;
	switch (addr & 0xfff) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL: m->dev_sel = val; break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL: m->drv_sel = val; break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (m->drv_sel < 2)
			m->accepted = (m->accepted &
				       ~(0xffffffffull << 32 * m->drv_sel)) |
				      (uint64_t)val << 32 * m->drv_sel;
		break;
	case VIRTIO_MMIO_STATUS:
		m->status = val;
		if (!val)
			memset(m->ready, 0, sizeof(m->ready));
		break;
	case VIRTIO_MMIO_QUEUE_SEL: m->queue_sel = val; break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (m->queue_sel < 4)
			m->ready[m->queue_sel] = val;
		break;
	default: break;
	}
	return 0;
}

START_TEST(test_bus_mmio_version_2_device_without_version_1_fails_probe)
{
	/* the first offers no VERSION_1 (6.2 wants it), the second does */
	struct mmio_regs m[2] = {
		{ .id = VIRTIO_ID_NET, .offered = 1ull << 5 },
		{ .id = VIRTIO_ID_NET,
		  .offered = 1ull << 5 | 1ull << VIRTIO_F_VERSION_1 },
	};
	struct virtio_mmio_device *vm[2];
	struct virtio_hw hw[2];
	struct bt t;

	bt_init(&t);
	sim_report_expect(t.sim, "virtio.device"); /* the faulty device */
	sim_report_expect(t.sim, "virtio.bus");	   /* the probe failed */
	drivers_init();
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	for (unsigned i = 0; i < 2; i++) {
		hw[i] = t.hw;
		hw[i].ctx = &m[i];
		hw[i].read32 = mmio_rd;
		hw[i].write32 = mmio_wr;
		ck_assert_int_eq(virtio_mmio_probe(&hw[i],
						   0x10001000 + 0x1000 * i,
						   &vm[i]),
				 0);
		ck_assert_int_eq(register_virtio_device(t.bus, &vm[i]->vdev),
				 0);
	}
	/* unbound and FAILED, never FEATURES_OK; the device's fault, not
	 * the driver's */
	ck_assert_ptr_null(vm[0]->vdev.driver);
	ck_assert_uint_eq(m[0].status, VIRTIO_CONFIG_S_ACKNOWLEDGE |
					       VIRTIO_CONFIG_S_DRIVER |
					       VIRTIO_CONFIG_S_FAILED);
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.device"), 1);
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.driver"), 0);
	ck_assert_uint_eq(sim_report_count_id(t.sim, "virtio.bus"), 1);
	/* the driver ran only for the device with VERSION_1, which binds */
	ck_assert_uint_eq(rec_a.probes, 1);
	ck_assert_ptr_eq(rec_a.last, &vm[1]->vdev);
	ck_assert_ptr_eq(vm[1]->vdev.driver, &drv_a);
	ck_assert_uint_eq(m[1].status, 0x0f);
	ck_assert_uint_eq(m[1].accepted,
			  1ull << 5 | 1ull << VIRTIO_F_VERSION_1);
	for (unsigned i = 0; i < 2; i++) {
		unregister_virtio_device(&vm[i]->vdev);
		free(vm[i]);
	}
	ck_assert_uint_eq(m[1].status, 0);
	bt_fini(&t);
}
END_TEST

/* ------------------------------------------- removal against threads */

/* Run the bus in simulation threads: a clock for their waits. */
static void bt_threads(struct bt *t)
{
	ck_assert_ptr_nonnull(sim_clock(t->sim, "clk", 10000));
}

struct unreg_ctx {
	struct virtio_device *vdev; /* the device to unregister */
	struct virtio_driver *drv;  /* or, when set, this driver */
	uint64_t wait_at;	    /* cycle to start at */
	bool wait_state;	    /* then wait until vdev is in state */
	enum virtio_dev_state state;
	bool saw_state;	     /* it was */
	uint64_t start, end; /* the unregister's cycles */
};

static void unregister_thread(void *arg)
{
	struct unreg_ctx *c = arg;
	sim_t *sim = c->vdev->hw->sim;

	if (c->wait_at > sim_cycles(sim))
		sim_wait_cycles(sim, c->wait_at - sim_cycles(sim));
	for (unsigned k = 0; c->wait_state && k < 1000; k++) {
		c->saw_state = c->vdev->state == c->state;
		if (c->saw_state)
			break;
		sim_wait_cycles(sim, 1);
	}
	c->start = sim_cycles(sim);
	if (c->drv)
		unregister_virtio_driver(c->drv);
	else
		unregister_virtio_device(c->vdev);
	c->end = sim_cycles(sim);
}

START_TEST(test_bus_unregister_wakes_waiting_callers_and_removes_after_they_left)
{
	struct virtio_device *vdev;
	struct drv_call waiting, late;
	struct unreg_ctx u = { 0 };
	struct bt t;

	bt_init(&t);
	bt_threads(&t);
	drivers_init();
	vdev = bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	ck_assert_int_eq(register_virtio_device(t.bus, vdev), 0);
	ck_assert_ptr_eq(vdev->driver, &drv_a);
	/* from now on the removal's register accesses take time */
	t.dev[0].delay = 5;
	waiting = (struct drv_call){ .vdev = vdev,
				     .drv = &drv_a,
				     .ev = sim_event(t.sim, "never") };
	late = waiting;
	late.wait_at = 12;
	u.vdev = vdev;
	u.wait_at = 10;
	sim_spawn(t.sim, "waiting", drv_call_thread, &waiting, 0);
	sim_spawn(t.sim, "late", drv_call_thread, &late, 0);
	sim_spawn(t.sim, "unregister", unregister_thread, &u, 0);
	ck_assert_int_eq(sim_run_until_idle(t.sim, 100000), SIM_RUN_DONE);
	/* the waiting caller: woken as the removal began, its driver's
	 * data still there */
	ck_assert_int_eq(waiting.r, -ENODEV);
	ck_assert_uint_eq(waiting.at, u.start);
	ck_assert(waiting.data_after_wait);
	/* a call while the removal runs: refused at once */
	ck_assert_int_eq(late.r, -ENODEV);
	ck_assert_uint_eq(late.at, late.wait_at);
	ck_assert_uint_lt(late.at, u.end);
	/* remove ran once, with nobody inside, and reset the device */
	ck_assert_uint_eq(rec_a.removes, 1);
	ck_assert_uint_eq(rec_a.calls_at_remove, 0);
	ck_assert_uint_eq(rec_a.remove_unprobed, 0);
	ck_assert_uint_eq(t.dev[0].status, 0);
	ck_assert_ptr_null(vdev->driver);
	ck_assert_uint_eq(virtio_bus_num_devices(t.bus), 0);
	ck_assert_int_eq(virtio_drv_enter(vdev, &drv_a), -ENODEV);
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

struct reg_ctx {
	struct virtio_bus *bus;
	struct virtio_device *vdev;
	int r; /* register_virtio_device() */
};

static void register_thread(void *arg)
{
	struct reg_ctx *c = arg;

	c->r = register_virtio_device(c->bus, c->vdev);
}

START_TEST(test_bus_unregister_waits_for_a_probe_running_in_another_thread)
{
	/* k 0: the device is unregistered, k 1: its driver */
	for (unsigned k = 0; k < 2; k++) {
		struct virtio_device *vdev;
		struct reg_ctx reg;
		struct unreg_ctx u = { 0 };
		struct bt t;

		bt_init(&t);
		bt_threads(&t);
		drivers_init();
		vdev = bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
		t.dev[0].delay = 5; /* the probe's status accesses wait */
		ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
		reg = (struct reg_ctx){ .bus = t.bus, .vdev = vdev };
		u.vdev = vdev;
		u.drv = k ? &drv_a : NULL;
		u.wait_state = true;
		u.state = VIRTIO_DEV_PROBING;
		sim_spawn(t.sim, "register", register_thread, &reg, 0);
		sim_spawn(t.sim, "unregister", unregister_thread, &u, 0);
		ck_assert_int_eq(sim_run_until_idle(t.sim, 100000),
				 SIM_RUN_DONE);
		/* it came while the probe ran, and waited for it: remove
		 * saw the driver's data */
		ck_assert(u.saw_state);
		ck_assert_int_eq(reg.r, 0);
		ck_assert_uint_eq(rec_a.probes, 1);
		ck_assert_uint_eq(rec_a.removes, 1);
		ck_assert_uint_eq(rec_a.remove_unprobed, 0);
		ck_assert_uint_eq(t.dev[0].del_vqs, 1);
		ck_assert_ptr_null(vdev->driver);
		/* probed to DRIVER_OK, then reset; the driver's unregister
		 * acknowledges it again and leaves it on the bus */
		ck_assert_uint_ge(t.dev[0].nlog, 6);
		ck_assert_uint_eq(t.dev[0].log[4], 0x0f);
		ck_assert_uint_eq(t.dev[0].status,
				  k ? VIRTIO_CONFIG_S_ACKNOWLEDGE : 0);
		ck_assert_uint_eq(virtio_bus_num_devices(t.bus), k);
		ck_assert_uint_eq(bt_errors(&t), 0);
		bt_fini(&t);
	}
}
END_TEST

START_TEST(test_bus_driver_unregister_unbinds_all_despite_device_unregister)
{
	struct unreg_ctx ud = { 0 }, uv = { 0 };
	struct bt t;

	bt_init(&t);
	bt_threads(&t);
	drivers_init();
	bt_dev(&t, 0, VIRTIO_ID_NET, 0x1af4, 0);
	bt_dev(&t, 1, VIRTIO_ID_CONSOLE, 0x1af4, 0);
	bt_dev(&t, 2, VIRTIO_ID_NET, 0x1af4, 0);
	ck_assert_int_eq(register_virtio_driver(t.bus, &drv_a), 0);
	for (unsigned i = 0; i < 3; i++) {
		ck_assert_int_eq(register_virtio_device(t.bus, &t.dev[i].vdev),
				 0);
		t.dev[i].delay = 5;
	}
	/* the driver goes; while its first device is being removed, that
	 * device is unregistered too */
	ud.vdev = &t.dev[0].vdev;
	ud.drv = &drv_a;
	uv.vdev = &t.dev[0].vdev;
	uv.wait_state = true;
	uv.state = VIRTIO_DEV_REMOVING;
	sim_spawn(t.sim, "driver", unregister_thread, &ud, 0);
	sim_spawn(t.sim, "device", unregister_thread, &uv, 0);
	ck_assert_int_eq(sim_run_until_idle(t.sim, 100000), SIM_RUN_DONE);
	ck_assert(uv.saw_state);
	/* each device removed once; the two left are unbound and
	 * acknowledged again */
	ck_assert_uint_eq(rec_a.removes, 3);
	for (unsigned i = 0; i < 3; i++) {
		ck_assert_uint_eq(t.dev[i].del_vqs, 1);
		ck_assert_ptr_null(t.dev[i].vdev.driver);
	}
	ck_assert_uint_eq(t.dev[1].status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_uint_eq(t.dev[2].status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_uint_eq(virtio_bus_num_devices(t.bus), 2);
	ck_assert_ptr_eq(virtio_bus_device(t.bus, 0), &t.dev[1].vdev);
	ck_assert_ptr_eq(virtio_bus_device(t.bus, 1), &t.dev[2].vdev);
	ck_assert_ptr_null(drv_a.bus);
	ck_assert_uint_eq(bt_errors(&t), 0);
	bt_fini(&t);
}
END_TEST

/* ------------------------------------------------ the net driver */

static const uint8_t net_unit_mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };

/* A net device on the fake transport with the real net driver bound:
 * VERSION_1 offered or a legacy device. */
static struct virtio_device *net_dev(struct bt *t, bool version_1)
{
	struct virtio_device *vdev =
		bt_dev(t, 0, VIRTIO_ID_NET, 0x1af4, 1ull << VIRTIO_NET_F_MAC);

	if (!version_1) {
		/* legacy: no VERSION_1, no FEATURES_OK step (L3) */
		t->dev[0].offered &= ~(1ull << VIRTIO_F_VERSION_1);
		vdev->legacy = true;
	}
	memcpy(t->dev[0].config, net_unit_mac, 6);
	ck_assert_int_eq(register_virtio_driver(t->bus, &virtio_net_driver), 0);
	ck_assert_int_eq(register_virtio_device(t->bus, vdev), 0);
	ck_assert_ptr_eq(vdev->driver, &virtio_net_driver);
	ck_assert_uint_eq(virtio_has_feature(vdev, VIRTIO_F_VERSION_1),
			  version_1);
	return vdev;
}

/* The device uses the next receive buffer: len bytes written, the first
 * hdr of them a clean header (num_buffers 1 where it exists). Returns the
 * buffer's head; its descriptor length in *desc_len. */
static uint16_t net_rx(struct bt *t, struct vring_soft_dev *rx, uint32_t len,
		       uint32_t hdr, uint32_t *desc_len)
{
	uint8_t h[12] = { 0 };
	uint64_t addr;

	rx->write_limit = len;
	ck_assert_uint_eq(vring_soft_dev_process(rx, 1), 1);
	mem_read(t->mem, rx->desc + 16ull * rx->head, &addr, 8);
	mem_read(t->mem, rx->desc + 16ull * rx->head + 8, desc_len, 4);
	h[10] = 1;
	if (len >= hdr)
		mem_write(t->mem, addr, h, hdr);
	return rx->head;
}

START_TEST(test_net_header_is_10_bytes_without_version_1_and_12_with_it)
{
	for (unsigned v1 = 0; v1 < 2; v1++) {
		const uint32_t hdr = v1 ? 12 : 10;
		uint8_t frame[60], got[VIRTNET_MAX_FRAME], zero[12] = { 0 };
		struct vring_soft_dev rx, tx;
		struct virtio_device *vdev;
		uint32_t len, desc_len;
		uint16_t head;
		struct bt t;

		bt_init(&t);
		vdev = net_dev(&t, v1);
		/* receive buffers: the header and the longest frame */
		vring_soft_dev_attach(&rx, t.dev[0].vqs[VIRTIO_NET_VQ_RX]);
		head = net_rx(&t, &rx, hdr + 60, hdr, &desc_len);
		ck_assert_uint_eq(desc_len, hdr + VIRTNET_MAX_FRAME);
		vring_interrupt(t.dev[0].vqs[VIRTIO_NET_VQ_RX]);
		/* the frame starts right after the header */
		ck_assert_int_eq(virtnet_recv(vdev, got, sizeof(got), &len, 1),
				 0);
		ck_assert_uint_eq(len, 60);
		for (unsigned k = 0; k < 60; k++)
			ck_assert_uint_eq(
				got[k], vring_soft_dev_pattern(head, hdr + k));
		/* transmit: a zero header, then the frame; without VERSION_1
		 * (nor ANY_LAYOUT) the header has a descriptor of its own */
		for (unsigned k = 0; k < 60; k++)
			frame[k] = (uint8_t)(3 * k + 1);
		ck_assert_int_eq(virtnet_send(vdev, frame, 60), 0);
		vring_soft_dev_attach(&tx, t.dev[0].vqs[VIRTIO_NET_VQ_TX]);
		ck_assert_uint_eq(vring_soft_dev_process(&tx, 1), 1);
		ck_assert_uint_eq(tx.out_total, hdr + 60);
		ck_assert_uint_eq(tx.ndescs, v1 ? 1 : 2);
		ck_assert_mem_eq(tx.out, zero, hdr);
		ck_assert_mem_eq(tx.out + hdr, frame, 60);
		vring_interrupt(t.dev[0].vqs[VIRTIO_NET_VQ_TX]);
		ck_assert_uint_eq(virtio_drv_stats(vdev)->ops, 2);
		ck_assert_uint_eq(virtio_drv_stats(vdev)->errors, 0);
		unregister_virtio_device(vdev);
		ck_assert_uint_eq(dma_pool_allocations(t.pool), 0);
		ck_assert_uint_eq(bt_errors(&t), 0);
		vring_soft_dev_free(&rx);
		vring_soft_dev_free(&tx);
		bt_fini(&t);
	}
}
END_TEST

START_TEST(test_net_recv_frees_buffers_it_cannot_post_again)
{
	uint8_t got[VIRTNET_MAX_FRAME];
	struct vring_soft_dev rx;
	struct virtio_device *vdev;
	struct virtqueue *rvq;
	uint32_t len, desc_len;
	uint64_t before;
	struct bt t;

	bt_init(&t);
	vdev = net_dev(&t, true);
	rvq = t.dev[0].vqs[VIRTIO_NET_VQ_RX];
	vring_soft_dev_attach(&rx, rvq);
	/* a frame shorter than the header (dropped), then a good one */
	net_rx(&t, &rx, 4, 12, &desc_len);
	net_rx(&t, &rx, 12 + 20, 12, &desc_len);
	vring_interrupt(rvq);
	ck_assert_uint_eq(virtnet_rx_pending(vdev), 2);
	/* nothing can be posted again, as once the ring has caught the
	 * device misbehaving */
	rvq->broken = true;
	before = dma_pool_allocations(t.pool);
	ck_assert_int_eq(virtnet_recv(vdev, got, sizeof(got), &len, 1), 0);
	ck_assert_uint_eq(len, 20);
	ck_assert_uint_eq(virtio_drv_stats(vdev)->errors, 1);
	/* both buffers freed: the dropped one and the one read */
	ck_assert_uint_eq(dma_pool_allocations(t.pool), before - 2);
	unregister_virtio_device(vdev);
	ck_assert_uint_eq(dma_pool_allocations(t.pool), 0);
	ck_assert_uint_eq(bt_errors(&t), 0);
	vring_soft_dev_free(&rx);
	bt_fini(&t);
}
END_TEST

static void test_virtio_bus_unit_register(struct tb_registry *r)
{
	tb_add(r, test_bus_match_uses_id_table_and_vendor_wildcard, 0);
	tb_add(r, test_bus_binds_the_same_in_either_registration_order, 0);
	tb_add(r, test_bus_numbers_devices_from_virtio0_reusing_the_lowest_free,
	       0);
	tb_add(r, test_bus_probe_follows_linux_order_and_keeps_known_features,
	       0);
	tb_add(r, test_bus_probe_failure_leaves_device_unbound_and_failed, 0);
	tb_add(r, test_bus_remove_resets_and_deletes_queues, 0);
	tb_add(r, test_bus_remove_without_reset_is_a_driver_bug, 0);
	tb_add(r, test_bus_config_change_reaches_driver_only_while_bound, 0);
	tb_add(r, test_bus_find_vqs_skips_unnamed_queues, 0);
	tb_add(r, test_bus_attributes_use_linux_sysfs_formats, 0);
	tb_add(r, test_virtio_id_name_knows_every_linux_id, 0);
	tb_add(r, test_bus_probe_fails_when_the_transport_refuses_the_features,
	       0);
	tb_add(r, test_bus_mmio_version_2_device_without_version_1_fails_probe,
	       0);
	tb_add(r,
	       test_bus_unregister_wakes_waiting_callers_and_removes_after_they_left,
	       0);
	tb_add(r,
	       test_bus_unregister_waits_for_a_probe_running_in_another_thread,
	       0);
	tb_add(r,
	       test_bus_driver_unregister_unbinds_all_despite_device_unregister,
	       0);
	tb_add(r, test_net_header_is_10_bytes_without_version_1_and_12_with_it,
	       0);
	tb_add(r, test_net_recv_frees_buffers_it_cannot_post_again, 0);
}

TB_TESTS(test_virtio_bus_unit_register)
