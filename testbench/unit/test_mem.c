// SPDX-License-Identifier: MIT
/*
 * test_mem.c - tests of the sparse memory model (model/mem.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "sim.h"
#include "tb.h"

#define TOP_PAGE 0xfffffffffffff000ull

/* A quiet kernel for tests that look at reports. */
static sim_t *new_sim(void)
{
	struct sim_config cfg = { 0 };
	sim_t *sim;

	cfg.name = "test_mem";
	cfg.seed = 1;
	cfg.has_seed = true;
	cfg.quiet = true;
	sim = sim_create(&cfg);
	ck_assert_ptr_nonnull(sim);
	return sim;
}

static struct mem *new_mem(sim_t *sim, const char *name)
{
	struct mem *m = mem_create(sim, name);

	ck_assert_ptr_nonnull(m);
	return m;
}

/* Byte i of a recognisable pattern. */
static uint8_t pat(uint64_t i, unsigned salt)
{
	return (uint8_t)((i * 31 + salt * 7 + (i >> 8)) ^ 0x5a);
}

static void fill_pat(uint8_t *buf, size_t len, unsigned salt)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = pat(i, salt);
}

static void assert_bytes(const uint8_t *buf, size_t len, uint8_t v)
{
	size_t i;

	for (i = 0; i < len; i++)
		ck_assert_msg(buf[i] == v,
			      "byte %zu is 0x%02x, expected 0x%02x", i, buf[i],
			      v);
}

/* ------------------------------------------------------------ storage */

START_TEST(test_mem_unwritten_reads_fill_value)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t buf[8192];

	memset(buf, 0x55, sizeof(buf));
	ck_assert_int_eq(mem_read(m, 0x1000, buf, 64), 0);
	assert_bytes(buf, 64, 0);
	ck_assert_uint_eq(mem_get_fill(m), 0);

	mem_set_fill(m, 0xa5);
	ck_assert_uint_eq(mem_get_fill(m), 0xa5);
	ck_assert_int_eq(mem_read(m, 0xdeadbeef0ff0ull, buf, sizeof(buf)), 0);
	assert_bytes(buf, sizeof(buf), 0xa5);
	ck_assert_int_eq(mem_read(m, TOP_PAGE, buf, 4096), 0);
	assert_bytes(buf, 4096, 0xa5);
	ck_assert_uint_eq(mem_bus_read(m, 0x7000, buf, 32, 0), AXI_OKAY);
	assert_bytes(buf, 32, 0xa5);
	ck_assert_int_eq(mem_read(m, 0x1234, NULL, 0), 0);
	ck_assert_uint_eq(mem_pages(m), 0);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_set_fill_changes_only_never_written_bytes)
{
	struct mem *m = new_mem(NULL, "mem0");
	static const uint8_t strb[4] = { 1, 0, 1, 0 };
	static const uint8_t w[4] = { 0x10, 0x20, 0x30, 0x40 };
	uint8_t buf[16];

	ck_assert_int_eq(mem_write(m, 0x2001, w, 3), 0);
	ck_assert_int_eq(mem_fill(m, 0x2008, 0x99, 2), 0);
	ck_assert_uint_eq(mem_bus_write(m, 0x200c, w, strb, 4, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_pages(m), 1);

	mem_set_fill(m, 0xcc);
	mem_read(m, 0x2000, buf, 16);
	ck_assert_uint_eq(buf[0], 0xcc);
	ck_assert_mem_eq(buf + 1, w, 3);
	ck_assert_uint_eq(buf[4], 0xcc);
	ck_assert_uint_eq(buf[7], 0xcc);
	ck_assert_uint_eq(buf[8], 0x99);
	ck_assert_uint_eq(buf[9], 0x99);
	ck_assert_uint_eq(buf[10], 0xcc);
	ck_assert_uint_eq(buf[12], 0x10);
	ck_assert_uint_eq(buf[13], 0xcc); /* strobe clear: never written */
	ck_assert_uint_eq(buf[14], 0x30);
	ck_assert_uint_eq(buf[15], 0xcc);
	mem_read(m, 0x2fff, buf, 1);
	ck_assert_uint_eq(buf[0], 0xcc);

	mem_set_fill(m, 0);
	mem_read(m, 0x2000, buf, 16);
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_mem_eq(buf + 1, w, 3);
	ck_assert_uint_eq(buf[13], 0);
	ck_assert_uint_eq(mem_pages(m), 1);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_write_read_round_trip_within_page)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t w[64], r[64];
	unsigned len, off;

	for (len = 1; len <= 64; len++) {
		for (off = 0; off < 8; off++) {
			uint64_t a = 0x40000 + off + len * 64;

			fill_pat(w, len, len + off);
			ck_assert_int_eq(mem_write(m, a, w, len), 0);
			memset(r, 0xee, sizeof(r));
			ck_assert_int_eq(mem_read(m, a, r, len), 0);
			ck_assert_mem_eq(r, w, len);
		}
	}
	ck_assert_uint_eq(mem_pages(m), 2); /* 0x40000 .. 0x41047 */
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_cross_page_access)
{
	struct mem *m = new_mem(NULL, "mem0");
	static uint8_t w[10000], r[10016];
	uint8_t b8[8];

	fill_pat(w, sizeof(w), 1);
	/* 0x3ff8 .. 0x6707: pages 3, 4, 5 and 6 */
	ck_assert_int_eq(mem_write(m, 0x3ff8, w, sizeof(w)), 0);
	ck_assert_uint_eq(mem_pages(m), 4);
	ck_assert_int_eq(mem_read(m, 0x3ff0, r, sizeof(r)), 0);
	assert_bytes(r, 8, 0);
	ck_assert_mem_eq(r + 8, w, sizeof(w));
	assert_bytes(r + 8 + sizeof(w), 8, 0);

	/* a beat straddling a page boundary, on the bus path */
	fill_pat(b8, 8, 2);
	ck_assert_uint_eq(mem_bus_write(m, 0x8ffc, b8, NULL, 8, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_pages(m), 6);
	memset(r, 0, 8);
	ck_assert_uint_eq(mem_bus_read(m, 0x8ffc, r, 8, 0), AXI_OKAY);
	ck_assert_mem_eq(r, b8, 8);
	mem_read(m, 0x9000, r, 4);
	ck_assert_mem_eq(r, b8 + 4, 4);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_addresses_above_4gib_and_at_top)
{
	struct mem *m = new_mem(NULL, "mem0");
	static uint8_t w[4096], r[4096];
	uint8_t b[8], one = 0x7e;

	fill_pat(b, 8, 3);
	ck_assert_int_eq(mem_write(m, 0xfffffffcull, b, 8), 0);
	ck_assert_int_eq(mem_read(m, 0xfffffffcull, r, 8), 0);
	ck_assert_mem_eq(r, b, 8);
	mem_read(m, 0x100000000ull, r, 4);
	ck_assert_mem_eq(r, b + 4, 4);
	mem_read(m, 0x1fffffffcull, r, 8);
	assert_bytes(r, 8, 0);

	ck_assert_int_eq(mem_write(m, 0x123456789abcd000ull, b, 8), 0);
	mem_read(m, 0x123456789abcd000ull, r, 8);
	ck_assert_mem_eq(r, b, 8);
	mem_read(m, 0x000456789abcd000ull, r, 8);
	assert_bytes(r, 8, 0);

	fill_pat(w, sizeof(w), 4);
	ck_assert_int_eq(mem_write(m, TOP_PAGE, w, 4096), 0);
	ck_assert_int_eq(mem_read(m, TOP_PAGE, r, 4096), 0);
	ck_assert_mem_eq(r, w, 4096);
	ck_assert_int_eq(mem_write(m, UINT64_MAX, &one, 1), 0);
	ck_assert_int_eq(mem_read(m, UINT64_MAX, r, 1), 0);
	ck_assert_uint_eq(r[0], 0x7e);
	ck_assert_int_eq(mem_fill(m, UINT64_MAX - 15, 0x42, 16), 0);
	mem_read(m, UINT64_MAX - 15, r, 16);
	assert_bytes(r, 16, 0x42);

	ck_assert_uint_eq(mem_bus_write(m, UINT64_MAX - 7, b, NULL, 8, 0),
			  AXI_OKAY);
	memset(r, 0, 8);
	ck_assert_uint_eq(mem_bus_read(m, UINT64_MAX - 7, r, 8, 0), AXI_OKAY);
	ck_assert_mem_eq(r, b, 8);
	/* 0xfffff, 0x100000, 0x123456789abcd and the top page */
	ck_assert_uint_eq(mem_pages(m), 4);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_wrap_around_rejected)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t b[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t r[16];

	sim_report_expect(sim, "mem.range");
	sim_report_expect(sim, "mem.arg");
	mem_set_fill(m, 0x3c);
	ck_assert_int_eq(mem_write(m, UINT64_MAX - 3, b, 8), -EINVAL);
	ck_assert_int_eq(mem_fill(m, UINT64_MAX, 0xff, 2), -EINVAL);
	ck_assert_int_eq(mem_write(m, 2, b, SIZE_MAX), -EINVAL);
	ck_assert_uint_eq(mem_pages(m), 0);
	memset(r, 0, sizeof(r));
	ck_assert_int_eq(mem_read(m, UINT64_MAX - 3, r, 8), -EINVAL);
	assert_bytes(r, 8, 0x3c);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.range"), 4);

	ck_assert_uint_eq(mem_bus_write(m, UINT64_MAX - 3, b, NULL, 8, 1),
			  AXI_DECERR);
	ck_assert_uint_eq(mem_pages(m), 0);
	memset(r, 0, sizeof(r));
	ck_assert_uint_eq(mem_bus_read(m, UINT64_MAX - 3, r, 8, 1), AXI_DECERR);
	assert_bytes(r, 8, 0x3c);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.range"), 6);

	ck_assert_int_eq(mem_region_set(m, TOP_PAGE, 0x1001, MEM_R, "x"),
			 -EINVAL);
	ck_assert_int_eq(mem_region_clear(m, UINT64_MAX, 2), -EINVAL);
	ck_assert_int_eq(mem_error_add(m, UINT64_MAX, 2, MEM_RW, AXI_SLVERR),
			 -EINVAL);
	ck_assert_uint_eq(mem_region_count(m), 0);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.arg"), 3);

	/* ending exactly at the top is not a wrap */
	ck_assert_int_eq(mem_write(m, UINT64_MAX - 7, b, 8), 0);
	ck_assert_int_eq(mem_region_set(m, TOP_PAGE, 0x1000, MEM_R, "x"), 0);
	ck_assert_int_eq(mem_error_add(m, UINT64_MAX, 1, MEM_RW, AXI_SLVERR),
			 0);
	ck_assert_uint_eq(sim_report_count(sim, SIM_ERROR), 0);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_mem_fill_sets_bytes_across_pages)
{
	struct mem *m = new_mem(NULL, "mem0");
	static uint8_t r[4110];

	/* 0x4ffd .. 0x6000: pages 4, 5 and 6 */
	ck_assert_int_eq(mem_fill(m, 0x4ffd, 0xab, 4100), 0);
	ck_assert_uint_eq(mem_pages(m), 3);
	mem_read(m, 0x4ffc, r, 4102);
	ck_assert_uint_eq(r[0], 0);
	assert_bytes(r + 1, 4100, 0xab);
	ck_assert_uint_eq(r[4101], 0);
	ck_assert_int_eq(mem_fill(m, 0x5000, 0x11, 0), 0);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_many_pages_survive_table_growth)
{
	struct mem *m = new_mem(NULL, "mem0");
	const unsigned n = 5000;
	uint64_t v, r;
	unsigned i;

	/* scattered page numbers, written twice to revisit existing pages */
	for (i = 0; i < n; i++) {
		uint64_t a = ((uint64_t)i * 0x9e3779b97f4a7c15ull) & ~0xfffull;

		v = a ^ i;
		ck_assert_int_eq(mem_write(m, a + 8, &v, 8), 0);
		ck_assert_int_eq(mem_write(m, a + 8, &v, 8), 0);
	}
	ck_assert_uint_eq(mem_pages(m), n);
	for (i = n; i-- > 0;) {
		uint64_t a = ((uint64_t)i * 0x9e3779b97f4a7c15ull) & ~0xfffull;

		mem_read(m, a + 8, &r, 8);
		ck_assert_uint_eq(r, a ^ i);
		mem_read(m, a, &r, 8);
		ck_assert_uint_eq(r, 0);
	}
	ck_assert_uint_eq(mem_pages(m), n);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_bus_write_strobes)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t w[16], r[16];
	uint8_t strb[16] = { 0 };
	unsigned i;

	mem_fill(m, 0x1000, 0x11, 16);
	for (i = 0; i < 16; i++) {
		w[i] = 0xa0 + i;
		strb[i] = (i % 3 == 0) ? 0xff : 0;
	}
	strb[5] = 1; /* any non-zero value counts */
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, strb, 16, 3), AXI_OKAY);
	mem_read(m, 0x1000, r, 16);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(r[i], strb[i] ? w[i] : 0x11);

	/* no strobe set: nothing written, no page allocated */
	memset(strb, 0, sizeof(strb));
	ck_assert_uint_eq(mem_bus_write(m, 0x9000, w, strb, 16, 3), AXI_OKAY);
	ck_assert_uint_eq(mem_pages(m), 1);

	/* NULL strobes: every byte */
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, NULL, 16, 3), AXI_OKAY);
	mem_read(m, 0x1000, r, 16);
	ck_assert_mem_eq(r, w, 16);
	mem_destroy(m);
}
END_TEST

/* ------------------------------------------------------------ regions */

static void assert_region(const struct mem *m, unsigned i, uint64_t base,
			  uint64_t last, enum mem_perm perm, const char *name)
{
	struct mem_region_info ri;

	ck_assert_int_eq(mem_region_get(m, i, &ri), 0);
	ck_assert_msg(
		ri.base == base && ri.last == last,
		"interval %u is [0x%llx, 0x%llx], expected [0x%llx, 0x%llx]", i,
		(unsigned long long)ri.base, (unsigned long long)ri.last,
		(unsigned long long)base, (unsigned long long)last);
	ck_assert_int_eq(ri.perm, perm);
	ck_assert_str_eq(ri.name, name);
}

static void assert_perm(const struct mem *m, uint64_t addr, enum mem_perm perm,
			const char *name)
{
	const char *got = "sentinel";

	ck_assert_msg(mem_perm_at(m, addr, &got) == perm,
		      "perm at 0x%llx is %d, expected %d",
		      (unsigned long long)addr, mem_perm_at(m, addr, NULL),
		      perm);
	if (name)
		ck_assert_str_eq(got, name);
	else
		ck_assert_ptr_null(got);
}

START_TEST(test_mem_region_overlap_replaces)
{
	struct mem *m = new_mem(NULL, "mem0");
	struct mem_region_info ri;

	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x1000, MEM_R, "a"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x1800, 0x1000, MEM_W, "b"), 0);
	ck_assert_uint_eq(mem_region_count(m), 2);
	assert_region(m, 0, 0x1000, 0x17ff, MEM_R, "a");
	assert_region(m, 1, 0x1800, 0x27ff, MEM_W, "b");

	/* overlapping the front of a */
	ck_assert_int_eq(mem_region_set(m, 0x800, 0x900, MEM_NONE, "c"), 0);
	ck_assert_uint_eq(mem_region_count(m), 3);
	assert_region(m, 0, 0x800, 0x10ff, MEM_NONE, "c");
	assert_region(m, 1, 0x1100, 0x17ff, MEM_R, "a");
	assert_region(m, 2, 0x1800, 0x27ff, MEM_W, "b");

	/* covering everything */
	ck_assert_int_eq(mem_region_set(m, 0, 0x3000, MEM_RW, "d"), 0);
	ck_assert_uint_eq(mem_region_count(m), 1);
	assert_region(m, 0, 0, 0x2fff, MEM_RW, "d");
	ck_assert_int_eq(mem_region_get(m, 1, &ri), -ENOENT);

	/* exactly the same range: replaced in place */
	ck_assert_int_eq(mem_region_set(m, 0, 0x3000, MEM_R, "e"), 0);
	ck_assert_uint_eq(mem_region_count(m), 1);
	assert_region(m, 0, 0, 0x2fff, MEM_R, "e");
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_region_split_in_middle)
{
	struct mem *m = new_mem(NULL, "mem0");
	char name[16];

	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x3000, MEM_RW, "big"), 0);
	strcpy(name, "hole");
	ck_assert_int_eq(mem_region_set(m, 0x2000, 0x100, MEM_R, name), 0);
	strcpy(name, "XXXX"); /* the name was copied */
	ck_assert_uint_eq(mem_region_count(m), 3);
	assert_region(m, 0, 0x1000, 0x1fff, MEM_RW, "big");
	assert_region(m, 1, 0x2000, 0x20ff, MEM_R, "hole");
	assert_region(m, 2, 0x2100, 0x3fff, MEM_RW, "big");
	assert_perm(m, 0x1fff, MEM_RW, "big");
	assert_perm(m, 0x2000, MEM_R, "hole");
	assert_perm(m, 0x20ff, MEM_R, "hole");
	assert_perm(m, 0x2100, MEM_RW, "big");

	/* a region spanning several intervals, ending inside the last */
	ck_assert_int_eq(mem_region_set(m, 0x1800, 0x1000, MEM_W, "w"), 0);
	ck_assert_uint_eq(mem_region_count(m), 3);
	assert_region(m, 0, 0x1000, 0x17ff, MEM_RW, "big");
	assert_region(m, 1, 0x1800, 0x27ff, MEM_W, "w");
	assert_region(m, 2, 0x2800, 0x3fff, MEM_RW, "big");
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_region_clear_restores_default)
{
	struct mem *m = new_mem(NULL, "mem0");

	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x3000, MEM_R, "ro"), 0);
	ck_assert_int_eq(mem_region_clear(m, 0x2000, 0x1000), 0);
	ck_assert_uint_eq(mem_region_count(m), 2);
	assert_region(m, 0, 0x1000, 0x1fff, MEM_R, "ro");
	assert_region(m, 1, 0x3000, 0x3fff, MEM_R, "ro");
	assert_perm(m, 0x1fff, MEM_R, "ro");
	assert_perm(m, 0x2000, MEM_RW, NULL);
	assert_perm(m, 0x2fff, MEM_RW, NULL);
	assert_perm(m, 0x3000, MEM_R, "ro");

	mem_set_default_perm(m, MEM_NONE);
	assert_perm(m, 0x2800, MEM_NONE, NULL);
	assert_perm(m, 0x3000, MEM_R, "ro");

	/* clearing where nothing is, and over a boundary */
	ck_assert_int_eq(mem_region_clear(m, 0x100000, 0x10), 0);
	ck_assert_int_eq(mem_region_clear(m, 0x3800, 0x1000), 0);
	ck_assert_uint_eq(mem_region_count(m), 2);
	assert_region(m, 1, 0x3000, 0x37ff, MEM_R, "ro");

	mem_region_clear_all(m);
	ck_assert_uint_eq(mem_region_count(m), 0);
	assert_perm(m, 0x1000, MEM_NONE, NULL);
	mem_set_default_perm(m, MEM_RW);
	assert_perm(m, 0x1000, MEM_RW, NULL);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_region_adjacent_same_perm_and_name_merge)
{
	struct mem *m = new_mem(NULL, "mem0");

	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x1000, MEM_R, "x"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x2000, 0x1000, MEM_R, "x"), 0);
	ck_assert_uint_eq(mem_region_count(m), 1);
	assert_region(m, 0, 0x1000, 0x2fff, MEM_R, "x");
	/* to the left too */
	ck_assert_int_eq(mem_region_set(m, 0x0, 0x1000, MEM_R, "x"), 0);
	ck_assert_uint_eq(mem_region_count(m), 1);
	assert_region(m, 0, 0, 0x2fff, MEM_R, "x");

	/* different name or different perm: no merge */
	ck_assert_int_eq(mem_region_set(m, 0x3000, 0x1000, MEM_R, "y"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x4000, 0x1000, MEM_W, "y"), 0);
	ck_assert_uint_eq(mem_region_count(m), 3);

	/* not adjacent: no merge */
	ck_assert_int_eq(mem_region_set(m, 0x5001, 0x1000, MEM_W, "y"), 0);
	ck_assert_uint_eq(mem_region_count(m), 4);

	/* filling a hole with what surrounds it joins all three */
	mem_region_clear_all(m);
	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x3000, MEM_RW, "z"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x1800, 0x100, MEM_R, "w"), 0);
	ck_assert_uint_eq(mem_region_count(m), 3);
	ck_assert_int_eq(mem_region_set(m, 0x1800, 0x100, MEM_RW, "z"), 0);
	ck_assert_uint_eq(mem_region_count(m), 1);
	assert_region(m, 0, 0x1000, 0x3fff, MEM_RW, "z");
	/* painting inside a region with its own attributes changes nothing */
	ck_assert_int_eq(mem_region_set(m, 0x2000, 0x10, MEM_RW, "z"), 0);
	ck_assert_uint_eq(mem_region_count(m), 1);
	assert_region(m, 0, 0x1000, 0x3fff, MEM_RW, "z");
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_perm_at_region_boundaries)
{
	struct mem *m = new_mem(NULL, "mem0");
	const uint64_t base = 0x100001000ull;

	assert_perm(m, 0, MEM_RW, NULL);
	assert_perm(m, UINT64_MAX, MEM_RW, NULL);
	ck_assert_int_eq(mem_region_set(m, base, 0x400, MEM_R, "desc q0"), 0);
	ck_assert_int_eq(
		mem_region_set(m, base + 0x400, 0x400, MEM_NONE, "guard"), 0);
	assert_perm(m, base - 1, MEM_RW, NULL);
	assert_perm(m, base, MEM_R, "desc q0");
	assert_perm(m, base + 0x3ff, MEM_R, "desc q0");
	assert_perm(m, base + 0x400, MEM_NONE, "guard");
	assert_perm(m, base + 0x7ff, MEM_NONE, "guard");
	assert_perm(m, base + 0x800, MEM_RW, NULL);
	assert_perm(m, 0, MEM_RW, NULL);
	assert_perm(m, UINT64_MAX, MEM_RW, NULL);
	ck_assert_int_eq(mem_perm_at(m, base, NULL), MEM_R);

	/* a region at address 0 */
	ck_assert_int_eq(mem_region_set(m, 0, 1, MEM_W, "zero"), 0);
	assert_perm(m, 0, MEM_W, "zero");
	assert_perm(m, 1, MEM_RW, NULL);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_region_at_top_of_space)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t b[8] = { 0 }, r[8];

	sim_report_expect(sim, "mem.perm");
	ck_assert_int_eq(mem_region_set(m, TOP_PAGE, 0x1000, MEM_R, "top"), 0);
	assert_perm(m, TOP_PAGE - 1, MEM_RW, NULL);
	assert_perm(m, TOP_PAGE, MEM_R, "top");
	assert_perm(m, UINT64_MAX, MEM_R, "top");
	ck_assert_int_eq(
		mem_region_set(m, UINT64_MAX - 0xff, 0x100, MEM_W, "top2"), 0);
	ck_assert_uint_eq(mem_region_count(m), 2);
	assert_region(m, 0, TOP_PAGE, UINT64_MAX - 0x100, MEM_R, "top");
	assert_region(m, 1, UINT64_MAX - 0xff, UINT64_MAX, MEM_W, "top2");
	assert_perm(m, UINT64_MAX, MEM_W, "top2");

	ck_assert_uint_eq(mem_bus_read(m, UINT64_MAX - 7, r, 8, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 1);
	ck_assert_uint_eq(mem_bus_write(m, UINT64_MAX - 7, b, NULL, 8, 0),
			  AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 1);

	ck_assert_int_eq(mem_region_clear(m, UINT64_MAX - 0xf, 0x10), 0);
	assert_region(m, 1, UINT64_MAX - 0xff, UINT64_MAX - 0x10, MEM_W,
		      "top2");
	assert_perm(m, UINT64_MAX, MEM_RW, NULL);

	/* the whole address space, as two regions that merge */
	ck_assert_int_eq(mem_region_set(m, 0, UINT64_MAX, MEM_R, "all"), 0);
	ck_assert_int_eq(mem_region_set(m, UINT64_MAX, 1, MEM_R, "all"), 0);
	ck_assert_uint_eq(mem_region_count(m), 1);
	assert_region(m, 0, 0, UINT64_MAX, MEM_R, "all");
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, b, NULL, 8, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 2);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

static void dummy_tap(void *ctx, const struct mem_access *a)
{
	(void)ctx;
	(void)a;
}

START_TEST(test_mem_bad_arguments_rejected)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");

	sim_report_expect(sim, "mem.arg");
	ck_assert_int_eq(mem_region_set(m, 0x1000, 0, MEM_R, "a"), -EINVAL);
	ck_assert_int_eq(mem_region_set(m, 0x1000, 1, (enum mem_perm)4, "a"),
			 -EINVAL);
	ck_assert_int_eq(mem_region_clear(m, 0x1000, 0), -EINVAL);
	ck_assert_int_eq(mem_error_add(m, 0x1000, 0, MEM_R, AXI_SLVERR),
			 -EINVAL);
	ck_assert_int_eq(mem_error_add(m, 0x1000, 1, MEM_NONE, AXI_SLVERR),
			 -EINVAL);
	ck_assert_int_eq(mem_error_add(m, 0x1000, 1, MEM_R, AXI_OKAY), -EINVAL);
	ck_assert_int_eq(mem_error_add(m, 0x1000, 1, MEM_R, AXI_EXOKAY),
			 -EINVAL);
	ck_assert_int_eq(mem_tap_add(m, NULL, NULL), -EINVAL);
	ck_assert_int_eq(mem_tap_remove(m, dummy_tap, NULL), -ENOENT);
	mem_set_default_perm(m, (enum mem_perm)7);
	ck_assert_int_eq(mem_perm_at(m, 0, NULL), MEM_RW);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.arg"), 9);
	ck_assert_uint_eq(mem_region_count(m), 0);

	/* a NULL region name is allowed */
	ck_assert_int_eq(mem_region_set(m, 0x1000, 1, MEM_R, NULL), 0);
	assert_perm(m, 0x1000, MEM_R, "unnamed");
	ck_assert_str_eq(mem_name(m), "mem0");
	mem_destroy(m);
	m = new_mem(NULL, NULL);
	ck_assert_str_eq(mem_name(m), "mem");
	mem_destroy(m);
	mem_destroy(NULL);
	sim_destroy(sim);
}
END_TEST

/* -------------------------------------------------------- violations */

START_TEST(test_mem_bus_read_violation_counted_data_returned)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t w[64], r[16];

	sim_report_expect(sim, "mem.perm");
	fill_pat(w, 64, 5);
	mem_write(m, 0x1000, w, 64);
	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x20, MEM_W, "wo"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x1020, 0x10, MEM_NONE, "no"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x1030, 0x10, MEM_R, "ro"), 0);

	ck_assert_uint_eq(mem_bus_read(m, 0x1000, r, 16, 0), AXI_OKAY);
	ck_assert_mem_eq(r, w, 16);
	ck_assert_uint_eq(mem_violations(m), 1);
	ck_assert_uint_eq(mem_bus_read(m, 0x1020, r, 16, 0), AXI_OKAY);
	ck_assert_mem_eq(r, w + 0x20, 16);
	ck_assert_uint_eq(mem_violations(m), 2);
	ck_assert_uint_eq(mem_bus_read(m, 0x1030, r, 16, 0), AXI_OKAY);
	ck_assert_mem_eq(r, w + 0x30, 16);
	ck_assert_uint_eq(mem_bus_read(m, 0x1040, r, 16, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 2);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.perm"), 2);
	ck_assert_uint_eq(sim_report_count(sim, SIM_ERROR), 0);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_mem_bus_write_violation_writes_nothing)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t w[16], orig[16], r[16];

	sim_report_expect(sim, "mem.perm");
	fill_pat(orig, 16, 6);
	fill_pat(w, 16, 7);
	mem_write(m, 0x1000, orig, 16);
	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x10, MEM_R, "ro"), 0);
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, NULL, 16, 0), AXI_OKAY);
	mem_read(m, 0x1000, r, 16);
	ck_assert_mem_eq(r, orig, 16);
	ck_assert_uint_eq(mem_violations(m), 1);

	/* outside every region with default permission none */
	mem_set_default_perm(m, MEM_NONE);
	ck_assert_uint_eq(mem_bus_write(m, 0x80000, w, NULL, 16, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 2);
	ck_assert_uint_eq(mem_pages(m), 1);
	/* default read-only */
	mem_set_default_perm(m, MEM_R);
	ck_assert_uint_eq(mem_bus_write(m, 0x80000, w, NULL, 16, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_bus_read(m, 0x80000, r, 16, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 3);
	ck_assert_uint_eq(mem_pages(m), 1);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.perm"), 3);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_mem_bus_write_violation_only_for_strobed_bytes)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t w[16], r[16], strb[16];

	sim_report_expect(sim, "mem.perm");
	fill_pat(w, 16, 8);
	ck_assert_int_eq(mem_region_set(m, 0x1008, 8, MEM_R, "ro"), 0);
	memset(strb, 0, 16);
	memset(strb, 1, 8);
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, strb, 16, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 0);
	mem_read(m, 0x1000, r, 16);
	ck_assert_mem_eq(r, w, 8);
	assert_bytes(r + 8, 8, 0);

	/* one strobe into the read-only part: the whole beat is dropped */
	fill_pat(w, 16, 9);
	strb[15] = 1;
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, strb, 16, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 1);
	fill_pat(w, 16, 8);
	mem_read(m, 0x1000, r, 16);
	ck_assert_mem_eq(r, w, 8);
	assert_bytes(r + 8, 8, 0);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_mem_access_spanning_intervals_checks_each)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t w[32], r[32];

	sim_report_expect(sim, "mem.perm");
	fill_pat(w, 32, 10);
	mem_set_default_perm(m, MEM_NONE);
	ck_assert_int_eq(mem_region_set(m, 0x1000, 8, MEM_RW, "a"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x1008, 8, MEM_RW, "b"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x1010, 8, MEM_R, "c"), 0);
	ck_assert_int_eq(mem_region_set(m, 0x1020, 8, MEM_RW, "d"), 0);

	/* a, b: fine */
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, NULL, 16, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 0);
	/* a, b, c: c is read-only */
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, NULL, 24, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 1);
	/* a, b, c read: fine */
	ck_assert_uint_eq(mem_bus_read(m, 0x1000, r, 24, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 1);
	/* c, gap (default none), d */
	ck_assert_uint_eq(mem_bus_read(m, 0x1010, r, 24, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 2);
	/* the gap only, before any region and after all of them */
	ck_assert_uint_eq(mem_bus_read(m, 0x0ffc, r, 8, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_bus_read(m, 0x1026, r, 4, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 4);
	/* one report per access */
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.perm"), 4);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_mem_violation_message_names_region)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t w[8] = { 0 };
	const uint8_t strb[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	const char *e;

	ck_assert_int_eq(
		mem_region_set(m, 0x100001000ull, 0x400, MEM_R, "desc q0"), 0);
	mem_bus_write(m, 0x100001000ull, w, strb, 8, 0);
	e = sim_first_error(sim);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(strstr(e, "mem.perm"));
	ck_assert_msg(
		strstr(e,
		       "mem0: device write of 8 bytes at 0x0000000100001000 (strobes 0xff) hits region 'desc q0' [0x100001000, +0x400) which is read-only"),
		"unexpected message: %s", e);
	mem_destroy(m);
	sim_destroy(sim);

	sim = new_sim();
	m = new_mem(sim, "mem1");
	mem_set_default_perm(m, MEM_NONE);
	mem_bus_read(m, 0x2000, w, 4, 0);
	e = sim_first_error(sim);
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(
		strstr(e,
		       "mem1: device read of 4 bytes at 0x0000000000002000 hits no region (default permission none)"),
		"unexpected message: %s", e);
	mem_destroy(m);
	sim_destroy(sim);

	sim = new_sim();
	m = new_mem(sim, "mem2");
	ck_assert_int_eq(mem_region_set(m, 0x3000, 0x100, MEM_W, "wo"), 0);
	mem_bus_read(m, 0x30f8, w, 8, 0);
	e = sim_first_error(sim);
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(
		strstr(e,
		       "mem2: device read of 8 bytes at 0x00000000000030f8 hits region 'wo' [0x3000, +0x100) which is write-only"),
		"unexpected message: %s", e);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_mem_without_sim_reports_to_stderr)
{
	struct mem *m = new_mem(NULL, "memx");
	FILE *f = tmpfile();
	char text[1024];
	uint8_t w[4] = { 0 };
	size_t n;
	int saved;

	ck_assert_ptr_nonnull(f);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fileno(f), STDERR_FILENO), 0);
	mem_region_set(m, 0x4000, 0x10, MEM_NONE, "guard");
	mem_bus_write(m, 0x4004, w, NULL, 4, 0);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);

	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = 0;
	fclose(f);
	ck_assert_uint_eq(mem_violations(m), 1);
	ck_assert_msg(
		strstr(text, "mem.perm") &&
			strstr(text,
			       "memx: device write of 4 bytes at 0x0000000000004004 hits region 'guard' [0x4000, +0x10) which has no access"),
		"unexpected stderr: %s", text);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_report_limit_still_counts)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t r[4];
	int i;

	sim_report_expect(sim, "mem.perm");
	mem_set_default_perm(m, MEM_NONE);
	mem_set_report_limit(m, 2);
	for (i = 0; i < 5; i++)
		mem_bus_read(m, 0x1000 + 4 * i, r, 4, 0);
	ck_assert_uint_eq(mem_violations(m), 5);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.perm"), 2);
	mem_set_report_limit(m, UINT64_MAX);
	mem_bus_read(m, 0x1000, r, 4, 0);
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.perm"), 3);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

/* ------------------------------------------------------ error windows */

START_TEST(test_mem_error_window_read_gets_resp_and_data)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t w[64], r[8];

	fill_pat(w, 64, 11);
	mem_write(m, 0x1fe0, w, 64);
	ck_assert_int_eq(mem_error_add(m, 0x2000, 0x10, MEM_R, AXI_SLVERR), 0);
	memset(r, 0, 8);
	ck_assert_uint_eq(mem_bus_read(m, 0x1ffc, r, 8, 0), AXI_SLVERR);
	ck_assert_mem_eq(r, w + 0x1c, 8);
	/* only the last byte of the access, or the last byte of the window */
	ck_assert_uint_eq(mem_bus_read(m, 0x1ff9, r, 8, 0), AXI_SLVERR);
	ck_assert_uint_eq(mem_bus_read(m, 0x200f, r, 8, 0), AXI_SLVERR);
	/* just outside on either side */
	ck_assert_uint_eq(mem_bus_read(m, 0x1ff8, r, 8, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_bus_read(m, 0x2010, r, 8, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_violations(m), 0);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_error_window_write_not_performed)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t w[8], orig[8], r[8];

	fill_pat(orig, 8, 12);
	fill_pat(w, 8, 13);
	mem_write(m, 0x3000, orig, 8);
	ck_assert_int_eq(mem_error_add(m, 0x3004, 1, MEM_W, AXI_DECERR), 0);
	ck_assert_int_eq(mem_error_add(m, 0x9000, 0x1000, MEM_W, AXI_SLVERR),
			 0);
	ck_assert_uint_eq(mem_bus_write(m, 0x3000, w, NULL, 8, 0), AXI_DECERR);
	mem_read(m, 0x3000, r, 8);
	ck_assert_mem_eq(r, orig, 8);
	ck_assert_uint_eq(mem_bus_write(m, 0x9ff8, w, NULL, 8, 0), AXI_SLVERR);
	ck_assert_uint_eq(mem_pages(m), 1);
	/* the window is matched by address, whatever the strobes */
	ck_assert_uint_eq(mem_bus_write(m, 0x3000, w,
					(const uint8_t[8]){ 1, 1 }, 8, 0),
			  AXI_DECERR);
	mem_read(m, 0x3000, r, 8);
	ck_assert_mem_eq(r, orig, 8);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_error_window_directions)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t w[4] = { 1, 2, 3, 4 }, r[4];

	ck_assert_int_eq(mem_error_add(m, 0x1000, 0x10, MEM_R, AXI_SLVERR), 0);
	ck_assert_int_eq(mem_error_add(m, 0x2000, 0x10, MEM_W, AXI_SLVERR), 0);
	ck_assert_int_eq(mem_error_add(m, 0x3000, 0x10, MEM_RW, AXI_DECERR), 0);
	/* read-only window: writes go through */
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, NULL, 4, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_bus_read(m, 0x1000, r, 4, 0), AXI_SLVERR);
	ck_assert_mem_eq(r, w, 4);
	/* write-only window: reads are fine */
	ck_assert_uint_eq(mem_bus_write(m, 0x2000, w, NULL, 4, 0), AXI_SLVERR);
	ck_assert_uint_eq(mem_bus_read(m, 0x2000, r, 4, 0), AXI_OKAY);
	assert_bytes(r, 4, 0);
	/* both */
	ck_assert_uint_eq(mem_bus_write(m, 0x3000, w, NULL, 4, 0), AXI_DECERR);
	ck_assert_uint_eq(mem_bus_read(m, 0x3000, r, 4, 0), AXI_DECERR);
	assert_bytes(r, 4, 0);
	/* backdoor access ignores windows */
	ck_assert_int_eq(mem_write(m, 0x3000, w, 4), 0);
	ck_assert_int_eq(mem_read(m, 0x3000, r, 4), 0);
	ck_assert_mem_eq(r, w, 4);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_error_window_first_match_wins)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t w[4] = { 0 }, r[4];

	ck_assert_int_eq(mem_error_add(m, 0x1000, 0x100, MEM_RW, AXI_SLVERR),
			 0);
	ck_assert_int_eq(mem_error_add(m, 0x1000, 0x1000, MEM_RW, AXI_DECERR),
			 0);
	ck_assert_uint_eq(mem_bus_read(m, 0x1000, r, 4, 0), AXI_SLVERR);
	ck_assert_uint_eq(mem_bus_read(m, 0x10fe, r, 4, 0), AXI_SLVERR);
	ck_assert_uint_eq(mem_bus_read(m, 0x1800, r, 4, 0), AXI_DECERR);

	/* a first window for the other direction does not match */
	ck_assert_int_eq(mem_error_add(m, 0x5000, 0x10, MEM_W, AXI_SLVERR), 0);
	ck_assert_int_eq(mem_error_add(m, 0x5000, 0x10, MEM_RW, AXI_DECERR), 0);
	ck_assert_uint_eq(mem_bus_read(m, 0x5000, r, 4, 0), AXI_DECERR);
	ck_assert_uint_eq(mem_bus_write(m, 0x5000, w, NULL, 4, 0), AXI_SLVERR);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_error_clear_removes_windows)
{
	struct mem *m = new_mem(NULL, "mem0");
	uint8_t w[4] = { 9, 8, 7, 6 }, r[4];

	ck_assert_int_eq(mem_error_add(m, 0x1000, 0x10, MEM_RW, AXI_SLVERR), 0);
	ck_assert_int_eq(
		mem_error_add(m, UINT64_MAX - 0xf, 0x10, MEM_R, AXI_DECERR), 0);
	ck_assert_uint_eq(mem_bus_read(m, UINT64_MAX - 3, r, 4, 0), AXI_DECERR);
	ck_assert_uint_eq(mem_bus_read(m, UINT64_MAX - 0x13, r, 4, 0),
			  AXI_OKAY);
	mem_error_clear(m);
	ck_assert_uint_eq(mem_bus_read(m, UINT64_MAX - 3, r, 4, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, NULL, 4, 0), AXI_OKAY);
	ck_assert_uint_eq(mem_bus_read(m, 0x1000, r, 4, 0), AXI_OKAY);
	ck_assert_mem_eq(r, w, 4);
	mem_destroy(m);
}
END_TEST

START_TEST(test_mem_error_window_and_violation_both_apply)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t w[4] = { 1, 2, 3, 4 }, r[4];

	sim_report_expect(sim, "mem.perm");
	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x10, MEM_R, "ro"), 0);
	ck_assert_int_eq(mem_error_add(m, 0x1000, 0x10, MEM_W, AXI_SLVERR), 0);
	ck_assert_uint_eq(mem_bus_write(m, 0x1000, w, NULL, 4, 0), AXI_SLVERR);
	ck_assert_uint_eq(mem_violations(m), 1);
	mem_read(m, 0x1000, r, 4);
	assert_bytes(r, 4, 0);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

/* --------------------------------------------------------------- taps */

#define TAP_MAX 16

struct tap_entry {
	int which;	     /* which tap saw it */
	struct mem_access a; /* the access (pointers not kept) */
	uint8_t data[64];    /* copy of a.data */
	uint8_t strb[64];    /* copy of a.strb */
	bool has_strb;	     /* a.strb was not NULL */
};

struct tap_log {
	int n; /* entries used */
	struct tap_entry e[TAP_MAX];
};

struct tap_ctx {
	struct tap_log *log; /* shared log */
	int which;	     /* tap number */
};

static void record_tap(void *ctx, const struct mem_access *a)
{
	struct tap_ctx *t = ctx;
	struct tap_entry *e;

	ck_assert_int_lt(t->log->n, TAP_MAX);
	ck_assert_uint_le(a->len, 64);
	e = &t->log->e[t->log->n++];
	e->which = t->which;
	e->a = *a;
	memcpy(e->data, a->data, a->len);
	e->has_strb = a->strb != NULL;
	if (a->strb)
		memcpy(e->strb, a->strb, a->len);
}

START_TEST(test_mem_taps_see_each_bus_access_in_order)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	struct tap_log log = { 0 };
	struct tap_ctx t1 = { &log, 1 }, t2 = { &log, 2 };
	uint8_t w[8], r[8], orig[8];
	const uint8_t strb[8] = { 1, 1, 0, 0, 1, 1, 1, 1 };
	struct tap_entry *e;

	sim_report_expect(sim, "mem.perm");
	ck_assert_int_eq(mem_tap_add(m, record_tap, &t1), 0);
	ck_assert_int_eq(mem_tap_add(m, record_tap, &t2), 0);
	fill_pat(w, 8, 14);

	ck_assert_uint_eq(mem_bus_write(m, 0x100000040ull, w, strb, 8, 5),
			  AXI_OKAY);
	ck_assert_int_eq(log.n, 2);
	ck_assert_int_eq(log.e[0].which, 1);
	ck_assert_int_eq(log.e[1].which, 2);
	e = &log.e[0];
	ck_assert_uint_eq(e->a.addr, 0x100000040ull);
	ck_assert_uint_eq(e->a.len, 8);
	ck_assert(e->a.write);
	ck_assert_uint_eq(e->a.resp, AXI_OKAY);
	ck_assert(!e->a.violation);
	ck_assert_uint_eq(e->a.id, 5);
	ck_assert_mem_eq(e->data, w, 8);
	ck_assert(e->has_strb);
	ck_assert_mem_eq(e->strb, strb, 8);

	/* a read sees the bytes returned */
	log.n = 0;
	ck_assert_uint_eq(mem_bus_read(m, 0x100000040ull, r, 8, 6), AXI_OKAY);
	mem_read(m, 0x100000040ull, orig, 8);
	ck_assert_int_eq(log.n, 2);
	e = &log.e[1];
	ck_assert(!e->a.write);
	ck_assert_uint_eq(e->a.id, 6);
	ck_assert_mem_eq(e->data, orig, 8);
	ck_assert(!e->has_strb);

	/* the final response and the violation flag */
	ck_assert_int_eq(mem_error_add(m, 0x2000, 4, MEM_R, AXI_DECERR), 0);
	ck_assert_int_eq(mem_region_set(m, 0x3000, 0x10, MEM_R, "ro"), 0);
	log.n = 0;
	mem_bus_read(m, 0x2000, r, 4, 7);
	mem_bus_write(m, 0x3008, w, NULL, 4, 8);
	ck_assert_int_eq(log.n, 4);
	ck_assert_uint_eq(log.e[0].a.resp, AXI_DECERR);
	ck_assert(!log.e[0].a.violation);
	ck_assert_uint_eq(log.e[2].a.resp, AXI_OKAY);
	ck_assert(log.e[2].a.violation);
	ck_assert_uint_eq(log.e[2].a.addr, 0x3008);
	ck_assert_uint_eq(log.e[2].a.len, 4);

	/* backdoor accesses are not tapped; removed taps are not called */
	log.n = 0;
	mem_write(m, 0x5000, w, 8);
	mem_read(m, 0x5000, r, 8);
	mem_fill(m, 0x5000, 0, 8);
	ck_assert_int_eq(log.n, 0);
	ck_assert_int_eq(mem_tap_remove(m, record_tap, &t1), 0);
	mem_bus_read(m, 0x5000, r, 8, 0);
	ck_assert_int_eq(log.n, 1);
	ck_assert_int_eq(log.e[0].which, 2);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_mem_backdoor_ignores_permissions_and_errors)
{
	sim_t *sim = new_sim();
	struct mem *m = new_mem(sim, "mem0");
	uint8_t w[8], r[8];

	fill_pat(w, 8, 15);
	mem_set_default_perm(m, MEM_NONE);
	ck_assert_int_eq(mem_region_set(m, 0x1000, 0x100, MEM_NONE, "g"), 0);
	ck_assert_int_eq(mem_error_add(m, 0, 0x10000, MEM_RW, AXI_SLVERR), 0);
	ck_assert_int_eq(mem_write(m, 0x1000, w, 8), 0);
	ck_assert_int_eq(mem_read(m, 0x1000, r, 8), 0);
	ck_assert_mem_eq(r, w, 8);
	ck_assert_int_eq(mem_fill(m, 0x1000, 3, 4), 0);
	ck_assert_uint_eq(mem_violations(m), 0);
	ck_assert_ptr_null(sim_first_error(sim));
	ck_assert_uint_eq(sim_report_count_id(sim, "mem.perm"), 0);
	mem_destroy(m);
	sim_destroy(sim);
}
END_TEST

/* ------------------------------------------------ differential, random */

#define NWIN 4
#define WSZ 0x6000u

/* Reference model: a flat copy of each window. */
struct ref {
	uint64_t base[NWIN];	    /* window base addresses */
	uint8_t data[NWIN][WSZ];    /* expected contents */
	uint8_t written[NWIN][WSZ]; /* byte has been written */
	int8_t perm[NWIN][WSZ];	    /* permission, -1: no region */
	int8_t name[NWIN][WSZ];	    /* index into ref_names, -1: no region */
	uint8_t fill;		    /* fill value */
	enum mem_perm def;	    /* default permission */
	struct {
		int w;		   /* window */
		uint32_t off, len; /* range in the window */
		enum mem_perm dirs;
		enum axi_resp resp;
	} err[8];	     /* error windows, in order added */
	int nerr;	     /* error windows used */
	uint64_t violations; /* expected mem_violations() */
};

static const char *const ref_names[] = { "a", "b", "c" };

static enum mem_perm ref_perm(const struct ref *f, int w, uint32_t off)
{
	return f->perm[w][off] < 0 ? f->def : (enum mem_perm)f->perm[w][off];
}

static enum axi_resp ref_err(const struct ref *f, int w, uint32_t off,
			     uint32_t len, enum mem_perm dir)
{
	int i;

	for (i = 0; i < f->nerr; i++)
		if (f->err[i].w == w && (f->err[i].dirs & dir) &&
		    f->err[i].off < off + len &&
		    off < f->err[i].off + f->err[i].len)
			return f->err[i].resp;
	return AXI_OKAY;
}

static void ref_check_intervals(const struct mem *m)
{
	struct mem_region_info a, b;
	unsigned i, n = mem_region_count(m);

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(mem_region_get(m, i, &a), 0);
		ck_assert_uint_le(a.base, a.last);
		if (i + 1 == n)
			break;
		ck_assert_int_eq(mem_region_get(m, i + 1, &b), 0);
		ck_assert_uint_lt(a.last, b.base);
		ck_assert_msg(a.last + 1 != b.base || a.perm != b.perm ||
				      strcmp(a.name, b.name),
			      "intervals %u and %u should have merged", i,
			      i + 1);
	}
}

static void ref_check_perm(const struct ref *f, const struct mem *m, int w,
			   uint32_t off, uint64_t op)
{
	unsigned long long a = f->base[w] + off;
	const char *name, *exp;
	enum mem_perm p = mem_perm_at(m, f->base[w] + off, &name);

	ck_assert_msg(p == ref_perm(f, w, off),
		      "op %llu: perm at 0x%llx is %d, expected %d",
		      (unsigned long long)op, a, p, ref_perm(f, w, off));
	if (f->name[w][off] < 0) {
		ck_assert_msg(!name, "op %llu: 0x%llx has region '%s'",
			      (unsigned long long)op, a, name);
		return;
	}
	exp = ref_names[(int)f->name[w][off]];
	ck_assert_msg(name && !strcmp(name, exp),
		      "op %llu: 0x%llx is in region '%s', expected '%s'",
		      (unsigned long long)op, a, name ? name : "(none)", exp);
}

START_TEST(test_mem_random_accesses_match_flat_reference)
{
	uint64_t seed = tb_seed(_i);
	struct sim_rng rng = sim_rng_seed(seed, "test_mem_random");
	struct ref *f = calloc(1, sizeof(*f));
	struct mem *m = new_mem(NULL, "rnd");
	static uint8_t buf[9000], got[9000], strb[64];
	const uint64_t nops = 20000;
	uint64_t op;
	int w;

	printf("%s: seed 0x%llx\n", tb_test_name(), (unsigned long long)seed);
	ck_assert_ptr_nonnull(f);
	f->base[0] = 0;			      /* address 0 */
	f->base[1] = 0x100000000ull - 0x3000; /* straddles 4 GiB */
	f->base[2] = 0x7654321000ull;	      /* somewhere high */
	f->base[3] = 0 - (uint64_t)WSZ;	      /* ends at the top */
	f->def = MEM_RW;
	memset(f->perm, -1, sizeof(f->perm));
	memset(f->name, -1, sizeof(f->name));
	mem_set_report_limit(m, 0);

	for (op = 0; op < nops; op++) {
		unsigned kind = (unsigned)sim_rng_range(&rng, 0, 99);
		uint32_t off, len, maxlen, i;
		uint64_t addr;

		w = (int)sim_rng_range(&rng, 0, NWIN - 1);
		off = (uint32_t)sim_rng_range(&rng, 0, WSZ - 1);
		maxlen = sim_rng_chance(&rng, 100) ? sizeof(buf) : 64;
		if (maxlen > WSZ - off)
			maxlen = WSZ - off;
		len = (uint32_t)sim_rng_range(&rng, 1, maxlen);
		addr = f->base[w] + off;

		if (kind < 20) { /* backdoor write */
			for (i = 0; i < len; i++)
				buf[i] = (uint8_t)sim_rng_u64(&rng);
			ck_assert_int_eq(mem_write(m, addr, buf, len), 0);
			memcpy(&f->data[w][off], buf, len);
			memset(&f->written[w][off], 1, len);
		} else if (kind < 35) { /* backdoor read */
			ck_assert_int_eq(mem_read(m, addr, got, len), 0);
			ck_assert_msg(
				!memcmp(got, &f->data[w][off], len),
				"op %llu: read of %u bytes at 0x%llx differs",
				(unsigned long long)op, len,
				(unsigned long long)addr);
		} else if (kind < 38) { /* fill */
			uint8_t v = (uint8_t)sim_rng_u64(&rng);

			ck_assert_int_eq(mem_fill(m, addr, v, len), 0);
			memset(&f->data[w][off], v, len);
			memset(&f->written[w][off], 1, len);
		} else if (kind < 39) { /* change the fill value */
			uint8_t v = (uint8_t)sim_rng_u64(&rng);
			int k;

			mem_set_fill(m, v);
			f->fill = v;
			for (k = 0; k < NWIN; k++)
				for (i = 0; i < WSZ; i++)
					if (!f->written[k][i])
						f->data[k][i] = v;
		} else if (kind < 57) { /* bus write */
			bool use_strb = sim_rng_chance(&rng, 700);
			bool viol = false;
			enum axi_resp exp, resp;

			if (len > 64)
				len = 64;
			for (i = 0; i < len; i++) {
				buf[i] = (uint8_t)sim_rng_u64(&rng);
				strb[i] = sim_rng_chance(&rng, 750);
				if ((!use_strb || strb[i]) &&
				    !(ref_perm(f, w, off + i) & MEM_W))
					viol = true;
			}
			exp = ref_err(f, w, off, len, MEM_W);
			resp = mem_bus_write(m, addr, buf,
					     use_strb ? strb : NULL, len,
					     (unsigned)op);
			ck_assert_msg(
				resp == exp,
				"op %llu: write at 0x%llx got %s, expected %s",
				(unsigned long long)op,
				(unsigned long long)addr, axi_resp_name(resp),
				axi_resp_name(exp));
			f->violations += viol;
			ck_assert_msg(
				mem_violations(m) == f->violations,
				"op %llu: write of %u at 0x%llx: %llu violations, expected %llu",
				(unsigned long long)op, len,
				(unsigned long long)addr,
				(unsigned long long)mem_violations(m),
				(unsigned long long)f->violations);
			if (exp != AXI_OKAY || viol)
				continue;
			for (i = 0; i < len; i++) {
				if (use_strb && !strb[i])
					continue;
				f->data[w][off + i] = buf[i];
				f->written[w][off + i] = 1;
			}
		} else if (kind < 75) { /* bus read */
			bool viol = false;
			enum axi_resp exp, resp;

			if (len > 64)
				len = 64;
			for (i = 0; i < len; i++)
				if (!(ref_perm(f, w, off + i) & MEM_R))
					viol = true;
			exp = ref_err(f, w, off, len, MEM_R);
			resp = mem_bus_read(m, addr, got, len, 0);
			ck_assert_msg(
				resp == exp,
				"op %llu: read at 0x%llx got %s, expected %s",
				(unsigned long long)op,
				(unsigned long long)addr, axi_resp_name(resp),
				axi_resp_name(exp));
			ck_assert_msg(
				!memcmp(got, &f->data[w][off], len),
				"op %llu: bus read of %u bytes at 0x%llx differs",
				(unsigned long long)op, len,
				(unsigned long long)addr);
			f->violations += viol;
			ck_assert_uint_eq(mem_violations(m), f->violations);
		} else if (kind < 84) { /* paint a region */
			int p = (int)sim_rng_range(&rng, 0, 3);
			int n = (int)sim_rng_range(&rng, 0, 2);

			len = (uint32_t)sim_rng_range(&rng, 1, WSZ - off);
			ck_assert_int_eq(mem_region_set(m, addr, len,
							(enum mem_perm)p,
							ref_names[n]),
					 0);
			memset(&f->perm[w][off], p, len);
			memset(&f->name[w][off], n, len);
			ref_check_intervals(m);
			ref_check_perm(f, m, w, off, op);
			ref_check_perm(f, m, w, off + len - 1, op);
			if (off)
				ref_check_perm(f, m, w, off - 1, op);
			if (off + len < WSZ)
				ref_check_perm(f, m, w, off + len, op);
		} else if (kind < 88) { /* clear regions */
			len = (uint32_t)sim_rng_range(&rng, 1, WSZ - off);
			ck_assert_int_eq(mem_region_clear(m, addr, len), 0);
			memset(&f->perm[w][off], -1, len);
			memset(&f->name[w][off], -1, len);
			ref_check_intervals(m);
			if (off)
				ref_check_perm(f, m, w, off - 1, op);
			if (off + len < WSZ)
				ref_check_perm(f, m, w, off + len, op);
		} else if (kind < 97) { /* look up a permission */
			ref_check_perm(f, m, w, off, op);
		} else if (kind < 98) { /* default permission */
			f->def = (enum mem_perm)sim_rng_range(&rng, 0, 3);
			mem_set_default_perm(m, f->def);
		} else if (kind < 99) { /* add an error window */
			if (f->nerr == 8) {
				mem_error_clear(m);
				f->nerr = 0;
			}
			len = (uint32_t)sim_rng_range(
				&rng, 1, WSZ - off < 256 ? WSZ - off : 256);
			f->err[f->nerr].w = w;
			f->err[f->nerr].off = off;
			f->err[f->nerr].len = len;
			f->err[f->nerr].dirs =
				(enum mem_perm)sim_rng_range(&rng, 1, 3);
			f->err[f->nerr].resp = sim_rng_chance(&rng, 500)
						       ? AXI_SLVERR
						       : AXI_DECERR;
			ck_assert_int_eq(mem_error_add(m, addr, len,
						       f->err[f->nerr].dirs,
						       f->err[f->nerr].resp),
					 0);
			f->nerr++;
		} else { /* drop the error windows */
			mem_error_clear(m);
			f->nerr = 0;
		}
	}

	/* final sweep: every byte and every permission of every window */
	for (w = 0; w < NWIN; w++) {
		uint32_t i;

		for (i = 0; i < WSZ; i += sizeof(got) / 2) {
			uint32_t n = WSZ - i < sizeof(got) / 2
					     ? WSZ - i
					     : sizeof(got) / 2;

			ck_assert_int_eq(mem_read(m, f->base[w] + i, got, n),
					 0);
			ck_assert_msg(!memcmp(got, &f->data[w][i], n),
				      "final sweep: window %d differs", w);
		}
		for (i = 0; i < WSZ; i++)
			ref_check_perm(f, m, w, i, nops);
	}
	ck_assert_uint_le(mem_pages(m), NWIN * (WSZ / MEM_PAGE_SIZE) + 1);
	mem_destroy(m);
	free(f);
}
END_TEST

static void test_mem_register(struct tb_registry *r)
{
	tb_add(r, test_mem_unwritten_reads_fill_value, 0);
	tb_add(r, test_mem_set_fill_changes_only_never_written_bytes, 0);
	tb_add(r, test_mem_write_read_round_trip_within_page, 0);
	tb_add(r, test_mem_cross_page_access, 0);
	tb_add(r, test_mem_addresses_above_4gib_and_at_top, 0);
	tb_add(r, test_mem_wrap_around_rejected, 0);
	tb_add(r, test_mem_fill_sets_bytes_across_pages, 0);
	tb_add(r, test_mem_many_pages_survive_table_growth, 0);
	tb_add(r, test_mem_bus_write_strobes, 0);
	tb_add(r, test_mem_region_overlap_replaces, 0);
	tb_add(r, test_mem_region_split_in_middle, 0);
	tb_add(r, test_mem_region_clear_restores_default, 0);
	tb_add(r, test_mem_region_adjacent_same_perm_and_name_merge, 0);
	tb_add(r, test_mem_perm_at_region_boundaries, 0);
	tb_add(r, test_mem_region_at_top_of_space, 0);
	tb_add(r, test_mem_bad_arguments_rejected, 0);
	tb_add(r, test_mem_bus_read_violation_counted_data_returned, 0);
	tb_add(r, test_mem_bus_write_violation_writes_nothing, 0);
	tb_add(r, test_mem_bus_write_violation_only_for_strobed_bytes, 0);
	tb_add(r, test_mem_access_spanning_intervals_checks_each, 0);
	tb_add(r, test_mem_violation_message_names_region, 0);
	tb_add(r, test_mem_without_sim_reports_to_stderr, 0);
	tb_add(r, test_mem_report_limit_still_counts, 0);
	tb_add(r, test_mem_error_window_read_gets_resp_and_data, 0);
	tb_add(r, test_mem_error_window_write_not_performed, 0);
	tb_add(r, test_mem_error_window_directions, 0);
	tb_add(r, test_mem_error_window_first_match_wins, 0);
	tb_add(r, test_mem_error_clear_removes_windows, 0);
	tb_add(r, test_mem_error_window_and_violation_both_apply, 0);
	tb_add(r, test_mem_taps_see_each_bus_access_in_order, 0);
	tb_add(r, test_mem_backdoor_ignores_permissions_and_errors, 0);
	tb_add_seeded(r, test_mem_random_accesses_match_flat_reference, 0);
}

TB_TESTS(test_mem_register)
