/* SPDX-License-Identifier: MIT */
/*
 * mem.h - sparse byte-addressable memory over the whole 64-bit address space.
 *
 * Used as the DMA memory behind the AXI4 slave bus-functional model and as
 * the driver model's view of RAM. Storage is allocated in 4 KiB pages on the
 * first write to them; bytes never written read as the fill value (0 unless
 * changed with mem_set_fill()) and reading them allocates nothing. Ranges
 * may instead be backed by a host buffer (mem_map_host()): another
 * program's memory seen by the device as its own.
 *
 * Two kinds of access:
 *   - backdoor (mem_read/mem_write/mem_fill): what the driver model and the
 *     tests use; no permission checks, no error windows, no taps;
 *   - bus (mem_bus_read/mem_bus_write): what the AXI slave model does per
 *     beat; checked against the error windows and the permission regions,
 *     then shown to every tap.
 *
 * Permission regions paint address ranges like mmap(MAP_FIXED): setting a
 * range replaces whatever it overlaps. Bytes outside every region have the
 * default permission (MEM_RW unless changed). A violation is reported as
 * SIM_ERROR with message id "mem.perm" and counted, but the bus response
 * stays OKAY: the checker reports, the bus does not fail. A write that
 * violates a permission writes nothing.
 *
 * No access may wrap around the top of the address space: an access or range
 * whose last byte would lie beyond 0xffffffffffffffff is rejected with
 * -EINVAL (bus accesses: DECERR) and reported with id "mem.range". Ranges
 * ending exactly at the top (base + len == 2^64) are fine.
 *
 * Reports go to the kernel given to mem_create(), or to stderr when none.
 * Ids: "mem.perm" (permission violation), "mem.range" (wrapping access),
 * "mem.arg" (bad argument), "mem.nomem" (out of host memory).
 */
#ifndef MEM_H
#define MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "vport.h"

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE (1u << MEM_PAGE_SHIFT)

struct mem;

/** Access permissions; MEM_RW == (MEM_R | MEM_W). */
enum mem_perm { MEM_NONE = 0, MEM_R = 1, MEM_W = 2, MEM_RW = 3 };

/** One bus access, as shown to taps. */
struct mem_access {
	uint64_t addr;	     /* address of the first byte */
	uint32_t len;	     /* bytes accessed */
	bool write;	     /* true: write, false: read */
	enum axi_resp resp;  /* response that was given */
	bool violation;	     /* a permission was violated */
	const uint8_t *data; /* bytes read or written (len bytes) */
	const uint8_t *strb; /* writes: non-zero = byte written; NULL = all */
	unsigned id;	     /* AXI ID, passed through */
};

/** A tap: called after each bus access with what happened. */
typedef void (*mem_tap_fn)(void *ctx, const struct mem_access *a);

/** One permission interval, as returned by mem_region_get(). */
struct mem_region_info {
	uint64_t base;	    /* first byte */
	uint64_t last;	    /* last byte (inclusive) */
	enum mem_perm perm; /* permission of every byte in [base, last] */
	const char *name;   /* region name; valid until mem_destroy() */
};

/* ----------------------------------------------------------- lifetime */

/** Create an empty memory named name (copied; NULL: "mem"); sim may be NULL
 *  (reports then go to stderr). Returns NULL when out of memory. */
struct mem *mem_create(sim_t *sim, const char *name);
/** Free the memory, its pages, regions, error windows and taps. */
void mem_destroy(struct mem *m);
/** The name given to mem_create(). */
const char *mem_name(const struct mem *m);

/* ----------------------------------------------------------- backdoor */

/** Copy len bytes at addr into dst; 0, or -EINVAL if the range wraps (dst
 *  is then filled with the fill value). */
int mem_read(struct mem *m, uint64_t addr, void *dst, size_t len);
/** Copy len bytes from src to addr; 0, -EINVAL if the range wraps (nothing
 *  written), or -ENOMEM. */
int mem_write(struct mem *m, uint64_t addr, const void *src, size_t len);
/** Set len bytes at addr to value (they count as written: pages are
 *  allocated); 0, -EINVAL if the range wraps, or -ENOMEM. */
int mem_fill(struct mem *m, uint64_t addr, uint8_t value, size_t len);
/** Set the value every never-written byte reads as, from now on (also the
 *  never-written bytes of pages already allocated). */
void mem_set_fill(struct mem *m, uint8_t value);
/** The value never-written bytes read as. */
uint8_t mem_get_fill(const struct mem *m);
/** Number of 4 KiB pages allocated. */
uint64_t mem_pages(const struct mem *m);

/* --------------------------------------------------------- host memory */

/** Back [base, base + len) with the host buffer host (len bytes, e.g. an
 *  mmap'd fd shared with another process): from now on every access,
 *  backdoor or bus, reads and writes the host's bytes, with permissions,
 *  error windows and taps as anywhere else. base and len are whole pages.
 *  Mapping over a range already backed replaces the buffer (a remap);
 *  over the memory's own pages, the host's bytes replace theirs. 0,
 *  -EINVAL (reported) or -ENOMEM. The buffer must outlive the mapping. */
int mem_map_host(struct mem *m, uint64_t base, void *host, uint64_t len);
/** End the host backing of [base, base + len) (whole pages): the memory
 *  keeps a copy of the host's bytes as they are now; pages not backed are
 *  left alone. 0, -EINVAL (reported) or -ENOMEM. */
int mem_unmap_host(struct mem *m, uint64_t base, uint64_t len);

/* -------------------------------------------------------- permissions */

/** Give [base, base + len) permission perm under name (copied; NULL:
 *  "unnamed"), replacing what it overlaps; 0, -EINVAL or -ENOMEM. */
int mem_region_set(struct mem *m, uint64_t base, uint64_t len,
		   enum mem_perm perm, const char *name);
/** Return [base, base + len) to the default permission; 0, -EINVAL or
 *  -ENOMEM. */
int mem_region_clear(struct mem *m, uint64_t base, uint64_t len);
/** Remove every region. */
void mem_region_clear_all(struct mem *m);
/** Permission of bytes outside every region (initially MEM_RW). */
void mem_set_default_perm(struct mem *m, enum mem_perm perm);
/** Permission at addr; *name (if name is not NULL) gets its region's name,
 *  or NULL outside every region. */
enum mem_perm mem_perm_at(const struct mem *m, uint64_t addr,
			  const char **name);
/** Number of disjoint intervals the regions currently form. */
unsigned mem_region_count(const struct mem *m);
/** Interval i (0 = lowest address) into *out; 0, or -ENOENT past the end. */
int mem_region_get(const struct mem *m, unsigned i,
		   struct mem_region_info *out);

/* ----------------------------------------------------- error injection */

/** Bus accesses in direction dirs (MEM_R, MEM_W or MEM_RW) touching
 *  [base, base + len) get resp (AXI_SLVERR or AXI_DECERR); 0 or -EINVAL. */
int mem_error_add(struct mem *m, uint64_t base, uint64_t len,
		  enum mem_perm dirs, enum axi_resp resp);
/** Remove every error window. */
void mem_error_clear(struct mem *m);

/* --------------------------------------------------------- bus access */

/** Add a tap, called after every bus access in the order added; 0,
 *  -EINVAL (fn NULL) or -ENOMEM. */
int mem_tap_add(struct mem *m, mem_tap_fn fn, void *ctx);
/** Remove the first tap added with fn and ctx; 0, or -ENOENT. */
int mem_tap_remove(struct mem *m, mem_tap_fn fn, void *ctx);
/** Device read of len bytes at addr into dst: dst always gets the memory
 *  contents; returns the error window's response, DECERR if it wraps. */
enum axi_resp mem_bus_read(struct mem *m, uint64_t addr, void *dst,
			   uint32_t len, unsigned id);
/** Device write of the bytes of src whose strobe is set (strb NULL: all);
 *  nothing is written on an error response or a permission violation. */
enum axi_resp mem_bus_write(struct mem *m, uint64_t addr, const void *src,
			    const uint8_t *strb, uint32_t len, unsigned id);
/** Bus accesses that violated a permission so far (one per access). */
uint64_t mem_violations(const struct mem *m);
/** Report at most n violations from now on (all are still counted);
 *  UINT64_MAX (the default) reports every one. */
void mem_set_report_limit(struct mem *m, uint64_t n);

#endif /* MEM_H */
