/* SPDX-License-Identifier: MIT */
/*
 * test_virtio_probe.c - the transport's probe against a fake register
 * file (no simulation time needed): wrong magic, unsupported version,
 * placeholder, and what the legacy probe writes.
 */
#include <errno.h>
#include <stdlib.h>

#include "tb.h"
#include "virtio_mmio.h"
#include "virtio_mmio_regs.h"

struct fake {
	uint32_t regs[64]; /* 32-bit registers below 0x100 */
	unsigned writes;   /* writes seen */
	uint32_t last_off; /* offset of the last write */
	uint32_t last_val; /* and its value */
};

static int fake_read(void *ctx, uint64_t addr, uint32_t *val)
{
	struct fake *f = ctx;

	addr &= 0xfff; /* offset in the device's window */
	*val = addr < 0x100 ? f->regs[addr / 4] : 0;
	return 0;
}

static int fake_write(void *ctx, uint64_t addr, uint32_t val, unsigned strb)
{
	struct fake *f = ctx;

	(void)strb;
	f->writes++;
	f->last_off = (uint32_t)addr;
	f->last_val = val;
	return 0;
}

static int probe(struct fake *f, uint32_t magic, uint32_t version, uint32_t id,
		 sim_t **simp, struct virtio_mmio_device **vm)
{
	static struct virtio_hw hw;
	sim_t *sim = sim_create(&(struct sim_config){
		.name = "probe", .has_seed = true, .quiet = true });

	f->regs[VIRTIO_MMIO_MAGIC_VALUE / 4] = magic;
	f->regs[VIRTIO_MMIO_VERSION / 4] = version;
	f->regs[VIRTIO_MMIO_DEVICE_ID / 4] = id;
	f->regs[VIRTIO_MMIO_VENDOR_ID / 4] = 0x1af4;
	hw = (struct virtio_hw){
		.sim = sim, .ctx = f, .read32 = fake_read, .write32 = fake_write
	};
	*simp = sim;
	return virtio_mmio_probe(&hw, 0x10000000, vm);
}

START_TEST(test_probe_wrong_magic_is_no_device_with_a_message)
{
	struct fake f = { 0 };
	struct virtio_mmio_device *vm = (void *)1;
	sim_t *sim;

	ck_assert_int_eq(probe(&f, 0x12345678, 2, 1, &sim, &vm), -ENODEV);
	ck_assert_ptr_null(vm);
	ck_assert_uint_eq(sim_report_count_id(sim, "virtio.probe"), 1);
	ck_assert_uint_eq(f.writes, 0);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_probe_unsupported_version_is_an_error)
{
	struct fake f = { 0 };
	struct virtio_mmio_device *vm;
	sim_t *sim;

	ck_assert_int_eq(probe(&f, VIRTIO_MMIO_MAGIC, 3, 1, &sim, &vm), -ENXIO);
	ck_assert_uint_eq(sim_report_count_id(sim, "virtio.probe"), 1);
	sim_destroy(sim);
	ck_assert_int_eq(probe(&f, VIRTIO_MMIO_MAGIC, 0, 1, &sim, &vm), -ENXIO);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_probe_placeholder_is_no_device_and_no_error)
{
	struct fake f = { 0 };
	struct virtio_mmio_device *vm;
	sim_t *sim;

	ck_assert_int_eq(probe(&f, VIRTIO_MMIO_MAGIC, 2, 0, &sim, &vm),
			 -ENODEV);
	ck_assert_ptr_null(vm);
	ck_assert_uint_eq(sim_report_count(sim, SIM_WARNING), 0);
	ck_assert_uint_eq(sim_report_count(sim, SIM_ERROR), 0);
	ck_assert_uint_eq(f.writes, 0); /* touched nothing else */
	sim_destroy(sim);
}
END_TEST

START_TEST(test_probe_finds_modern_and_legacy_devices)
{
	struct fake f = { 0 };
	struct virtio_mmio_device *vm;
	sim_t *sim;

	ck_assert_int_eq(probe(&f, VIRTIO_MMIO_MAGIC, 2, 4, &sim, &vm), 0);
	ck_assert_uint_eq(vm->version, 2);
	ck_assert_uint_eq(vm->vdev.id.device, 4);
	ck_assert_uint_eq(vm->vdev.id.vendor, 0x1af4);
	ck_assert(!vm->vdev.legacy);
	ck_assert_uint_eq(f.writes, 0);
	free(vm);
	sim_destroy(sim);
	/* legacy: the probe tells the device the guest page size */
	ck_assert_int_eq(probe(&f, VIRTIO_MMIO_MAGIC, 1, 2, &sim, &vm), 0);
	ck_assert(vm->vdev.legacy);
	ck_assert_uint_eq(f.last_off, 0x10000000 + VIRTIO_MMIO_GUEST_PAGE_SIZE);
	ck_assert_uint_eq(f.last_val, VIRTIO_MMIO_PAGE_SIZE);
	ck_assert_str_eq(virtio_id_name(vm->vdev.id.device), "block");
	free(vm);
	sim_destroy(sim);
}
END_TEST

static void test_virtio_probe_register(struct tb_registry *r)
{
	tb_add(r, test_probe_wrong_magic_is_no_device_with_a_message, 0);
	tb_add(r, test_probe_unsupported_version_is_an_error, 0);
	tb_add(r, test_probe_placeholder_is_no_device_and_no_error, 0);
	tb_add(r, test_probe_finds_modern_and_legacy_devices, 0);
}

TB_TESTS(test_virtio_probe_register)
