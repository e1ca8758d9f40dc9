// SPDX-License-Identifier: MIT
/*
 * test_mem_host.c - host-backed ranges of the memory model
 * (mem_map_host()): another program's memory, seen by the device as its
 * own, with permissions, error windows and taps as anywhere else.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mem.h"
#include "sim.h"
#include "tb.h"

#define PG MEM_PAGE_SIZE
#define BASE 0x240000000ull /* above 4 GiB, page aligned */

static sim_t *quiet_sim(void)
{
	struct sim_config cfg = { .name = "test_mem_host",
				  .seed = 1,
				  .has_seed = true,
				  .quiet = true };
	sim_t *sim = sim_create(&cfg);

	ck_assert_ptr_nonnull(sim);
	return sim;
}

/* A page-aligned host buffer of n pages, shared like an mmap'd fd is. */
static uint8_t *host_pages(unsigned n)
{
	void *p = mmap(NULL, (size_t)n * PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(p, MAP_FAILED);
	return p;
}

static uint8_t pat(uint64_t i, unsigned salt)
{
	return (uint8_t)((i * 13 + salt * 101) ^ (i >> 9) ^ 0xa5);
}

/* Backdoor and bus accesses both see the host's bytes, and both write
 * them, across page boundaries, with strobes; the host sees the device's
 * writes at once. */
START_TEST(test_mem_host_backed_range_is_the_host_bytes)
{
	sim_t *sim = quiet_sim();
	struct mem *m = mem_create(sim, "host");
	uint8_t *h = host_pages(3), buf[64], want[64];
	const uint8_t strb[8] = { 1, 0, 1, 0, 1, 1, 0, 1 };
	uint64_t pages;

	for (unsigned i = 0; i < 3 * PG; i++)
		h[i] = pat(i, 1);
	pages = mem_pages(m);
	ck_assert_int_eq(mem_map_host(m, BASE, h, 3 * PG), 0);
	ck_assert_uint_eq(mem_pages(m), pages + 3);
	/* reads, backdoor and bus, across the first page boundary */
	ck_assert_int_eq(mem_read(m, BASE + PG - 20, buf, 40), 0);
	ck_assert_mem_eq(buf, h + PG - 20, 40);
	ck_assert_uint_eq(mem_bus_read(m, BASE + 2 * PG - 8, buf, 16, 0),
			  AXI_OKAY);
	ck_assert_mem_eq(buf, h + 2 * PG - 8, 16);
	/* the host changes a byte: the device reads the new one */
	h[5] = 0x3c;
	ck_assert_uint_eq(mem_bus_read(m, BASE + 5, buf, 1, 0), AXI_OKAY);
	ck_assert_uint_eq(buf[0], 0x3c);
	/* a backdoor write and a strobed bus write land in the host buffer */
	memset(want, 0x77, sizeof(want));
	ck_assert_int_eq(mem_write(m, BASE + PG - 32, want, 64), 0);
	ck_assert_mem_eq(h + PG - 32, want, 64);
	memcpy(want, h + 2 * PG + 100, 8);
	memset(buf, 0xc3, 8);
	ck_assert_uint_eq(mem_bus_write(m, BASE + 2 * PG + 100, buf, strb, 8,
					0),
			  AXI_OKAY);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(h[2 * PG + 100 + i],
				  strb[i] ? 0xc3 : want[i]);
	/* mem_set_fill() never touches the host's bytes */
	memcpy(want, h, 64);
	mem_set_fill(m, 0xee);
	ck_assert_mem_eq(h, want, 64);
	mem_destroy(m);
	sim_destroy(sim);
	munmap(h, 3 * PG);
}
END_TEST

/* Permissions, error windows and taps work on a host-backed range: a
 * forbidden write changes nothing in the host buffer, an error window
 * answers, a tap sees the host's bytes. */
static unsigned tap_calls;
static uint8_t tap_first;

static void host_tap(void *ctx, const struct mem_access *a)
{
	(void)ctx;
	tap_calls++;
	tap_first = a->len ? a->data[0] : 0;
}

START_TEST(test_mem_host_backed_range_keeps_permissions_errors_and_taps)
{
	sim_t *sim = quiet_sim();
	struct mem *m = mem_create(sim, "host");
	uint8_t *h = host_pages(2), buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	memset(h, 0x11, 2 * PG);
	ck_assert_int_eq(mem_map_host(m, BASE, h, 2 * PG), 0);
	sim_report_expect(sim, "mem.perm");
	ck_assert_int_eq(mem_region_set(m, BASE, PG, MEM_R, "ring"), 0);
	ck_assert_uint_eq(mem_bus_write(m, BASE + 8, buf, NULL, 8, 0),
			  AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 1);
	ck_assert_uint_eq(h[8], 0x11); /* nothing written */
	ck_assert_int_eq(mem_error_add(m, BASE + PG, 16, MEM_W, AXI_SLVERR), 0);
	ck_assert_uint_eq(mem_bus_write(m, BASE + PG, buf, NULL, 8, 0),
			  AXI_SLVERR);
	ck_assert_uint_eq(h[PG], 0x11);
	ck_assert_int_eq(mem_tap_add(m, host_tap, NULL), 0);
	h[PG + 64] = 0x9a;
	ck_assert_uint_eq(mem_bus_read(m, BASE + PG + 64, buf, 4, 0), AXI_OKAY);
	ck_assert_uint_eq(tap_calls, 1);
	ck_assert_uint_eq(tap_first, 0x9a);
	mem_destroy(m);
	sim_destroy(sim);
	munmap(h, 2 * PG);
}
END_TEST

/* A remap (vhost-user re-sends its memory table) points the range at the
 * new buffer; unmapping keeps a copy of the bytes and cuts the link; the
 * memory's own bytes outside the range are untouched, and own pages under
 * a new mapping take the host's bytes. */
START_TEST(test_mem_host_remap_and_unmap)
{
	sim_t *sim = quiet_sim();
	struct mem *m = mem_create(sim, "host");
	uint8_t *a = host_pages(2), *b = host_pages(2), buf[16];
	const uint8_t own[4] = { 0xde, 0xad, 0xbe, 0xef };

	memset(a, 0xaa, 2 * PG);
	memset(b, 0xbb, 2 * PG);
	ck_assert_int_eq(mem_write(m, BASE + 2 * PG, own, 4), 0);
	ck_assert_int_eq(mem_write(m, BASE + 16, own, 4), 0); /* own page */
	ck_assert_int_eq(mem_map_host(m, BASE, a, 2 * PG), 0);
	ck_assert_int_eq(mem_read(m, BASE + 16, buf, 4), 0);
	ck_assert_uint_eq(buf[0], 0xaa); /* the host's bytes replace it */
	ck_assert_int_eq(mem_map_host(m, BASE, b, 2 * PG), 0);
	ck_assert_int_eq(mem_read(m, BASE + PG + 3, buf, 1), 0);
	ck_assert_uint_eq(buf[0], 0xbb);
	ck_assert_int_eq(mem_write(m, BASE, "x", 1), 0);
	ck_assert_uint_eq(b[0], 'x');
	ck_assert_uint_eq(a[0], 0xaa); /* the old buffer is left alone */
	ck_assert_int_eq(mem_unmap_host(m, BASE, 2 * PG), 0);
	b[1] = 0x01;
	ck_assert_int_eq(mem_read(m, BASE, buf, 2), 0);
	ck_assert_uint_eq(buf[0], 'x');
	ck_assert_uint_eq(buf[1], 0xbb); /* the copy, not the host any more */
	ck_assert_int_eq(mem_write(m, BASE + 1, "y", 1), 0);
	ck_assert_uint_eq(b[1], 0x01);
	ck_assert_int_eq(mem_read(m, BASE + 2 * PG, buf, 4), 0);
	ck_assert_mem_eq(buf, own, 4);
	mem_destroy(m);
	sim_destroy(sim);
	munmap(a, 2 * PG);
	munmap(b, 2 * PG);
}
END_TEST

/* A real fd, as vhost-user hands over: bytes written through the fd are
 * what the device reads, and the device's writes are what the fd reads. */
START_TEST(test_mem_host_memfd_shared_both_ways)
{
	sim_t *sim = quiet_sim();
	struct mem *m = mem_create(sim, "host");
	int fd = memfd_create("guest", 0);
	uint8_t *h, buf[8];

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 4 * PG), 0);
	h = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne(h, MAP_FAILED);
	ck_assert_int_eq(mem_map_host(m, BASE, h, 4 * PG), 0);
	ck_assert_int_eq(pwrite(fd, "ring", 4, 3 * PG + 10), 4);
	ck_assert_uint_eq(mem_bus_read(m, BASE + 3 * PG + 10, buf, 4, 0),
			  AXI_OKAY);
	ck_assert_mem_eq(buf, "ring", 4);
	ck_assert_uint_eq(mem_bus_write(m, BASE + 77, "used", NULL, 4, 0),
			  AXI_OKAY);
	ck_assert_int_eq(pread(fd, buf, 4, 77), 4);
	ck_assert_mem_eq(buf, "used", 4);
	mem_destroy(m);
	sim_destroy(sim);
	munmap(h, 4 * PG);
	close(fd);
}
END_TEST

/* Ranges that are not whole pages, empty, or past the top are refused with
 * a report and change nothing. */
START_TEST(test_mem_host_bad_ranges_refused)
{
	sim_t *sim = quiet_sim();
	struct mem *m = mem_create(sim, "host");
	uint8_t *h = host_pages(1);

	sim_report_expect(sim, "mem.arg");
	ck_assert_int_eq(mem_map_host(m, BASE + 8, h, PG), -EINVAL);
	ck_assert_int_eq(mem_map_host(m, BASE, h, PG - 1), -EINVAL);
	ck_assert_int_eq(mem_map_host(m, BASE, h, 0), -EINVAL);
	ck_assert_int_eq(mem_map_host(m, 0xfffffffffffff000ull, h, 2 * PG),
			 -EINVAL);
	ck_assert_int_eq(mem_unmap_host(m, BASE + 1, PG), -EINVAL);
	ck_assert_uint_eq(mem_pages(m), 0);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.arg"), 5);
	mem_destroy(m);
	sim_destroy(sim);
	munmap(h, PG);
}
END_TEST

static void test_mem_host_register(struct tb_registry *r)
{
	tb_add(r, test_mem_host_backed_range_is_the_host_bytes, 0);
	tb_add(r, test_mem_host_backed_range_keeps_permissions_errors_and_taps,
	       0);
	tb_add(r, test_mem_host_remap_and_unmap, 0);
	tb_add(r, test_mem_host_memfd_shared_both_ways, 0);
	tb_add(r, test_mem_host_bad_ranges_refused, 0);
}

TB_TESTS(test_mem_host_register)
