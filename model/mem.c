// SPDX-License-Identifier: MIT
/*
 * mem.c - sparse byte-addressable memory with permissions, error injection
 * and taps.
 *
 * Pages live in an open-addressing hash table (linear probing, power-of-two
 * size, at most half full) keyed by page number, with a one-entry cache of
 * the last page looked up, including "no such page". Pages are never freed
 * before mem_destroy(), so page pointers stay valid across table growth.
 *
 * Every page carries a bitmap of the bytes written to it, so that
 * mem_set_fill() can change the never-written bytes of allocated pages too.
 *
 * A page's bytes are its own storage, or a page of a host buffer mapped
 * with mem_map_host(): then every access, backdoor or bus, reads and writes
 * the host's bytes, and every byte counts as written (the host owns them).
 * Unmapping copies the host's bytes into the page's own storage.
 *
 * Permissions are a sorted array of disjoint intervals with inclusive last
 * bytes (so an interval may end at the top of the address space). Region
 * names are interned: intervals that come from the same region share a
 * pointer, which is what merging compares.
 */
#include "mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEM_PAGE_MASK ((uint64_t)MEM_PAGE_SIZE - 1)
#define MEM_MAP_WORDS (MEM_PAGE_SIZE / 64)
#define MEM_MIN_SLOTS 64
#define MEM_NO_PAGE UINT64_MAX /* never a page number: those are < 2^52 */

/* One allocated page. */
struct mem_page {
	uint8_t *data;			 /* contents: own[] or a host page */
	uint64_t written[MEM_MAP_WORDS]; /* bit set: byte has been written */
	uint8_t own[];			 /* own storage (host pages: none) */
};

/* One slot of the page table. */
struct mem_slot {
	uint64_t pn;	       /* page number (address >> 12) */
	struct mem_page *page; /* the page; NULL: slot is empty */
};

/* One permission interval. */
struct mem_interval {
	uint64_t base;	    /* first byte */
	uint64_t last;	    /* last byte (inclusive) */
	enum mem_perm perm; /* permission of [base, last] */
	const char *name;   /* interned region name */
};

/* One error-injection window. */
struct mem_errwin {
	uint64_t base;	    /* first byte */
	uint64_t last;	    /* last byte (inclusive) */
	enum mem_perm dirs; /* MEM_R, MEM_W or MEM_RW */
	enum axi_resp resp; /* response given to accesses */
};

/* One tap. */
struct mem_tap {
	mem_tap_fn fn; /* callback */
	void *ctx;     /* its first argument */
};

struct mem {
	sim_t *sim;   /* kernel for reports, or NULL */
	char *name;   /* name used in messages */
	uint8_t fill; /* value of never-written bytes */

	struct mem_slot *slots;	     /* page table */
	uint64_t nslots;	     /* its size, a power of two */
	unsigned shift;		     /* 64 - log2(nslots), for hashing */
	uint64_t npages;	     /* pages allocated */
	uint64_t cache_pn;	     /* page number last looked up */
	struct mem_page *cache_page; /* its page, NULL if none */

	struct mem_interval *iv;    /* sorted disjoint intervals */
	unsigned niv;		    /* intervals in use */
	unsigned cap_iv;	    /* intervals allocated */
	enum mem_perm default_perm; /* outside every interval */
	char **names;		    /* interned region names */
	unsigned nnames;	    /* names in use */
	unsigned cap_names;	    /* names allocated */

	struct mem_errwin *err; /* error windows, in order added */
	unsigned nerr;		/* windows in use */
	unsigned cap_err;	/* windows allocated */

	struct mem_tap *taps; /* taps, in order added */
	unsigned ntaps;	      /* taps in use */
	unsigned cap_taps;    /* taps allocated */

	uint64_t violations;   /* bus accesses that violated */
	uint64_t report_limit; /* violations still to report */
};

/* ------------------------------------------------------------ reports */

static void mem_report_at(const struct mem *m, enum sim_severity sev,
			  const char *id, const char *file, int line,
			  const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void mem_report_at(const struct mem *m, enum sim_severity sev,
			  const char *id, const char *file, int line,
			  const char *fmt, ...)
{
	static const char *const sev_name[] = { "info", "warning", "error",
						"fatal" };
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (m->sim)
		sim_report_at(m->sim, sev, id, file, line, "%s: %s", m->name,
			      buf);
	else
		fprintf(stderr, "%s:%d: %s: %s: %s: %s\n", file, line,
			sev_name[sev & 3], id, m->name, buf);
}

#define mem_report(m, sev, id, ...) \
	mem_report_at((m), (sev), (id), __FILE__, __LINE__, __VA_ARGS__)

typedef unsigned long long ull;

/* True when [addr, addr + len) runs past the top of the address space. */
static inline bool mem_wraps(uint64_t addr, uint64_t len)
{
	return len && len - 1 > UINT64_MAX - addr;
}

/* ------------------------------------------------------------- pages */

static inline uint64_t mem_hash(const struct mem *m, uint64_t pn)
{
	return (pn * 0x9e3779b97f4a7c15ull) >> m->shift;
}

/* The page of page number pn, or NULL if it was never written. */
static struct mem_page *mem_page_find(struct mem *m, uint64_t pn)
{
	uint64_t mask = m->nslots - 1;
	uint64_t i;

	if (pn == m->cache_pn)
		return m->cache_page;
	for (i = mem_hash(m, pn);; i = (i + 1) & mask) {
		const struct mem_slot *s = &m->slots[i];

		if (!s->page || s->pn == pn) {
			m->cache_pn = pn;
			m->cache_page = s->page;
			return s->page;
		}
	}
}

static void mem_slot_put(struct mem_slot *slots, uint64_t nslots,
			 unsigned shift, uint64_t pn, struct mem_page *page)
{
	uint64_t i = (pn * 0x9e3779b97f4a7c15ull) >> shift;

	while (slots[i].page)
		i = (i + 1) & (nslots - 1);
	slots[i].pn = pn;
	slots[i].page = page;
}

static int mem_table_grow(struct mem *m)
{
	uint64_t n = m->nslots * 2, i;
	struct mem_slot *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < m->nslots; i++)
		if (m->slots[i].page)
			mem_slot_put(slots, n, m->shift - 1, m->slots[i].pn,
				     m->slots[i].page);
	free(m->slots);
	m->slots = slots;
	m->nslots = n;
	m->shift--;
	return 0;
}

/* The page of page number pn, allocated if needed; NULL when out of memory
 * (reported, naming addr). */
static struct mem_page *mem_page_get(struct mem *m, uint64_t pn, uint64_t addr)
{
	struct mem_page *p = mem_page_find(m, pn);

	if (p)
		return p;
	if ((m->npages + 1) * 2 > m->nslots && mem_table_grow(m))
		goto nomem;
	p = malloc(sizeof(*p) + MEM_PAGE_SIZE);
	if (!p)
		goto nomem;
	p->data = p->own;
	memset(p->data, m->fill, MEM_PAGE_SIZE);
	memset(p->written, 0, sizeof(p->written));
	mem_slot_put(m->slots, m->nslots, m->shift, pn, p);
	m->npages++;
	m->cache_pn = pn;
	m->cache_page = p;
	return p;
nomem:
	mem_report(
		m, SIM_FATAL, "mem.nomem",
		"out of host memory allocating the page of 0x%016llx (%llu pages allocated)",
		(ull)addr, (ull)m->npages);
	return NULL;
}

/* Mark n bytes from offset off of p as written. */
static void mem_mark(struct mem_page *p, unsigned off, unsigned n)
{
	while (n) {
		unsigned bit = off & 63;
		unsigned k = 64 - bit < n ? 64 - bit : n;
		uint64_t mask = k == 64 ? ~0ull : ((1ull << k) - 1) << bit;

		p->written[off >> 6] |= mask;
		off += k;
		n -= k;
	}
}

/* Bytes of a len-byte access from page offset off that lie in this page. */
static inline size_t mem_chunk(unsigned off, size_t len)
{
	return MEM_PAGE_SIZE - off < len ? MEM_PAGE_SIZE - off : len;
}

/* Copy out a range known not to wrap. */
static void mem_copy_out(struct mem *m, uint64_t addr, uint8_t *d, size_t len)
{
	while (len) {
		unsigned off = addr & MEM_PAGE_MASK;
		size_t n = mem_chunk(off, len);
		const struct mem_page *p;

		p = mem_page_find(m, addr >> MEM_PAGE_SHIFT);

		if (p)
			memcpy(d, p->data + off, n);
		else
			memset(d, m->fill, n);
		d += n;
		addr += n;
		len -= n;
	}
}

/* Write a range known not to wrap: copy src, or set value if src is NULL. */
static int mem_copy_in(struct mem *m, uint64_t addr, const uint8_t *s,
		       uint8_t value, size_t len)
{
	while (len) {
		unsigned off = addr & MEM_PAGE_MASK;
		size_t n = mem_chunk(off, len);
		struct mem_page *p =
			mem_page_get(m, addr >> MEM_PAGE_SHIFT, addr);

		if (!p)
			return -ENOMEM;
		if (s) {
			memcpy(p->data + off, s, n);
			s += n;
		} else {
			memset(p->data + off, value, n);
		}
		mem_mark(p, off, n);
		addr += n;
		len -= n;
	}
	return 0;
}

/* Write the strobed bytes of a range known not to wrap. */
static int mem_copy_in_strobed(struct mem *m, uint64_t addr, const uint8_t *s,
			       const uint8_t *strb, size_t len)
{
	while (len) {
		unsigned off = addr & MEM_PAGE_MASK;
		size_t n = mem_chunk(off, len);
		struct mem_page *p = NULL;
		size_t i;

		for (i = 0; i < n; i++) {
			unsigned o = off + (unsigned)i;

			if (!strb[i])
				continue;
			if (!p) {
				p = mem_page_get(m, addr >> MEM_PAGE_SHIFT,
						 addr + i);
				if (!p)
					return -ENOMEM;
			}
			p->data[o] = s[i];
			p->written[o >> 6] |= 1ull << (o & 63);
		}
		s += n;
		strb += n;
		addr += n;
		len -= n;
	}
	return 0;
}

/* ----------------------------------------------------------- lifetime */

static char *mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

struct mem *mem_create(sim_t *sim, const char *name)
{
	struct mem *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->sim = sim;
	m->name = mem_strdup(name ? name : "mem");
	m->nslots = MEM_MIN_SLOTS;
	m->shift = 64 - 6;
	m->slots = calloc(m->nslots, sizeof(*m->slots));
	if (!m->name || !m->slots) {
		free(m->name);
		free(m->slots);
		free(m);
		return NULL;
	}
	m->cache_pn = MEM_NO_PAGE;
	m->default_perm = MEM_RW;
	m->report_limit = UINT64_MAX;
	return m;
}

void mem_destroy(struct mem *m)
{
	uint64_t i;

	if (!m)
		return;
	for (i = 0; i < m->nslots; i++)
		free(m->slots[i].page);
	free(m->slots);
	for (i = 0; i < m->nnames; i++)
		free(m->names[i]);
	free(m->names);
	free(m->iv);
	free(m->err);
	free(m->taps);
	free(m->name);
	free(m);
}

const char *mem_name(const struct mem *m)
{
	return m->name;
}

/* ----------------------------------------------------------- backdoor */

int mem_read(struct mem *m, uint64_t addr, void *dst, size_t len)
{
	if (mem_wraps(addr, len)) {
		mem_report(
			m, SIM_ERROR, "mem.range",
			"read of %llu bytes at 0x%016llx wraps around the top of the address space",
			(ull)len, (ull)addr);
		memset(dst, m->fill, len);
		return -EINVAL;
	}
	mem_copy_out(m, addr, dst, len);
	return 0;
}

int mem_write(struct mem *m, uint64_t addr, const void *src, size_t len)
{
	if (mem_wraps(addr, len)) {
		mem_report(
			m, SIM_ERROR, "mem.range",
			"write of %llu bytes at 0x%016llx wraps around the top of the address space",
			(ull)len, (ull)addr);
		return -EINVAL;
	}
	return mem_copy_in(m, addr, src, 0, len);
}

int mem_fill(struct mem *m, uint64_t addr, uint8_t value, size_t len)
{
	if (mem_wraps(addr, len)) {
		mem_report(
			m, SIM_ERROR, "mem.range",
			"fill of %llu bytes at 0x%016llx wraps around the top of the address space",
			(ull)len, (ull)addr);
		return -EINVAL;
	}
	return mem_copy_in(m, addr, NULL, value, len);
}

void mem_set_fill(struct mem *m, uint8_t value)
{
	uint64_t i;
	unsigned w, b;

	if (value == m->fill)
		return;
	m->fill = value;
	for (i = 0; i < m->nslots; i++) {
		struct mem_page *p = m->slots[i].page;

		if (!p)
			continue;
		for (w = 0; w < MEM_MAP_WORDS; w++) {
			uint64_t bits = p->written[w];
			uint8_t *d = p->data + w * 64;

			if (bits == ~0ull)
				continue;
			if (!bits) {
				memset(d, value, 64);
				continue;
			}
			for (b = 0; b < 64; b++)
				if (!(bits & (1ull << b)))
					d[b] = value;
		}
	}
}

uint8_t mem_get_fill(const struct mem *m)
{
	return m->fill;
}

uint64_t mem_pages(const struct mem *m)
{
	return m->npages;
}

/* ---------------------------------------------------------- host pages */

/* Put page p in the slot of page number pn (which holds old, or nothing). */
static void mem_page_replace(struct mem *m, uint64_t pn, struct mem_page *old,
			     struct mem_page *p)
{
	uint64_t i;

	if (!old) {
		mem_slot_put(m->slots, m->nslots, m->shift, pn, p);
		m->npages++;
	} else {
		for (i = mem_hash(m, pn); m->slots[i].page != old;
		     i = (i + 1) & (m->nslots - 1))
			;
		m->slots[i].page = p;
		free(old);
	}
	m->cache_pn = MEM_NO_PAGE;
}

/* Check a host mapping's range: 0, or -EINVAL (reported). */
static int mem_host_range(struct mem *m, const char *what, uint64_t base,
			  uint64_t len)
{
	if (!len || (base | len) & MEM_PAGE_MASK || mem_wraps(base, len)) {
		mem_report(
			m, SIM_ERROR, "mem.arg",
			"%s of %llu bytes at 0x%016llx: base and length must be whole %u-byte pages, inside the address space",
			what, (ull)len, (ull)base, MEM_PAGE_SIZE);
		return -EINVAL;
	}
	return 0;
}

int mem_map_host(struct mem *m, uint64_t base, void *host, uint64_t len)
{
	uint64_t off;

	if (mem_host_range(m, "host mapping", base, len))
		return -EINVAL;
	for (off = 0; off < len; off += MEM_PAGE_SIZE) {
		uint64_t pn = (base + off) >> MEM_PAGE_SHIFT;
		struct mem_page *old = mem_page_find(m, pn), *p;

		if (!old && (m->npages + 1) * 2 > m->nslots &&
		    mem_table_grow(m))
			return -ENOMEM;
		if (old && old->data != old->own) {
			old->data = (uint8_t *)host + off; /* a remap */
			continue;
		}
		p = malloc(sizeof(*p));
		if (!p)
			return -ENOMEM;
		p->data = (uint8_t *)host + off;
		memset(p->written, 0xff, sizeof(p->written));
		mem_page_replace(m, pn, old, p);
	}
	return 0;
}

int mem_unmap_host(struct mem *m, uint64_t base, uint64_t len)
{
	uint64_t off;

	if (mem_host_range(m, "host unmapping", base, len))
		return -EINVAL;
	for (off = 0; off < len; off += MEM_PAGE_SIZE) {
		uint64_t pn = (base + off) >> MEM_PAGE_SHIFT;
		struct mem_page *old = mem_page_find(m, pn), *p;

		if (!old || old->data == old->own)
			continue;
		p = malloc(sizeof(*p) + MEM_PAGE_SIZE);
		if (!p)
			return -ENOMEM;
		p->data = p->own;
		memcpy(p->own, old->data, MEM_PAGE_SIZE);
		memset(p->written, 0xff, sizeof(p->written));
		mem_page_replace(m, pn, old, p);
	}
	return 0;
}

/* -------------------------------------------------------- permissions */

static const char *mem_perm_word(enum mem_perm perm)
{
	static const char *const w[] = { "none", "read-only", "write-only",
					 "read-write" };
	return w[perm & 3];
}

/* Index of the first interval whose last byte is >= addr. */
static unsigned mem_iv_lower(const struct mem *m, uint64_t addr)
{
	unsigned lo = 0, hi = m->niv;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (m->iv[mid].last < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the first interval whose base is > last. */
static unsigned mem_iv_upper(const struct mem *m, uint64_t last)
{
	unsigned lo = 0, hi = m->niv;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (m->iv[mid].base <= last)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The interned copy of name, or NULL when out of memory. */
static const char *mem_intern(struct mem *m, const char *name)
{
	unsigned i;
	char *copy;

	for (i = 0; i < m->nnames; i++)
		if (!strcmp(m->names[i], name))
			return m->names[i];
	if (m->nnames == m->cap_names) {
		unsigned cap = m->cap_names ? m->cap_names * 2 : 8;
		char **names = realloc(m->names, cap * sizeof(*names));

		if (!names)
			return NULL;
		m->names = names;
		m->cap_names = cap;
	}
	copy = mem_strdup(name);
	if (!copy)
		return NULL;
	m->names[m->nnames++] = copy;
	return copy;
}

static void mem_iv_remove(struct mem *m, unsigned k)
{
	memmove(&m->iv[k], &m->iv[k + 1], (m->niv - k - 1) * sizeof(*m->iv));
	m->niv--;
}

static inline bool mem_iv_joins(const struct mem_interval *a,
				const struct mem_interval *b)
{
	/* a precedes b, so a->last < b->base and a->last + 1 cannot wrap */
	return a->last + 1 == b->base && a->perm == b->perm &&
	       a->name == b->name;
}

/* Merge interval k with its neighbours where they join. */
static void mem_iv_merge(struct mem *m, unsigned k)
{
	if (k + 1 < m->niv && mem_iv_joins(&m->iv[k], &m->iv[k + 1])) {
		m->iv[k].last = m->iv[k + 1].last;
		mem_iv_remove(m, k + 1);
	}
	if (k > 0 && mem_iv_joins(&m->iv[k - 1], &m->iv[k])) {
		m->iv[k - 1].last = m->iv[k].last;
		mem_iv_remove(m, k);
	}
}

/* Replace whatever overlaps [base, last] by one interval (set) or by
 * nothing (!set). */
static int mem_paint(struct mem *m, uint64_t base, uint64_t last, bool set,
		     enum mem_perm perm, const char *name)
{
	unsigned lo = mem_iv_lower(m, base);
	unsigned hi = mem_iv_upper(m, last);
	struct mem_interval repl[3];
	unsigned nr = 0, knew = 0, need;

	if (lo < hi && m->iv[lo].base < base) {
		repl[nr] = m->iv[lo];
		repl[nr++].last = base - 1;
	}
	if (set) {
		knew = nr;
		repl[nr++] = (struct mem_interval){ base, last, perm, name };
	}
	if (lo < hi && m->iv[hi - 1].last > last) {
		repl[nr] = m->iv[hi - 1];
		repl[nr++].base = last + 1;
	}
	need = m->niv - (hi - lo) + nr;
	if (need > m->cap_iv) {
		unsigned cap = m->cap_iv ? m->cap_iv * 2 : 16;
		struct mem_interval *iv;

		while (cap < need)
			cap *= 2;
		iv = realloc(m->iv, cap * sizeof(*iv));
		if (!iv)
			return -ENOMEM;
		m->iv = iv;
		m->cap_iv = cap;
	}
	memmove(&m->iv[lo + nr], &m->iv[hi], (m->niv - hi) * sizeof(*m->iv));
	memcpy(&m->iv[lo], repl, nr * sizeof(*repl));
	m->niv = need;
	if (set)
		mem_iv_merge(m, lo + knew);
	return 0;
}

/* Check a range argument; reports what was wrong for what. */
static int mem_check_range(struct mem *m, const char *what, uint64_t base,
			   uint64_t len)
{
	if (!len) {
		mem_report(m, SIM_ERROR, "mem.arg",
			   "%s at 0x%016llx has length 0", what, (ull)base);
		return -EINVAL;
	}
	if (mem_wraps(base, len)) {
		mem_report(
			m, SIM_ERROR, "mem.arg",
			"%s [0x%llx, +0x%llx) wraps around the top of the address space",
			what, (ull)base, (ull)len);
		return -EINVAL;
	}
	return 0;
}

int mem_region_set(struct mem *m, uint64_t base, uint64_t len,
		   enum mem_perm perm, const char *name)
{
	const char *iname;
	char what[96];
	int ret;

	if (!name)
		name = "unnamed";
	snprintf(what, sizeof(what), "region '%s'", name);
	ret = mem_check_range(m, what, base, len);
	if (ret)
		return ret;
	if ((unsigned)perm > MEM_RW) {
		mem_report(
			m, SIM_ERROR, "mem.arg",
			"region '%s' [0x%llx, +0x%llx): permission %u is not one of MEM_NONE, MEM_R, MEM_W, MEM_RW",
			name, (ull)base, (ull)len, (unsigned)perm);
		return -EINVAL;
	}
	iname = mem_intern(m, name);
	if (iname)
		ret = mem_paint(m, base, base + (len - 1), true, perm, iname);
	if (!iname || ret) {
		mem_report(
			m, SIM_ERROR, "mem.nomem",
			"out of host memory setting region '%s' [0x%llx, +0x%llx)",
			name, (ull)base, (ull)len);
		return -ENOMEM;
	}
	return 0;
}

int mem_region_clear(struct mem *m, uint64_t base, uint64_t len)
{
	int ret = mem_check_range(m, "region clear", base, len);

	if (ret)
		return ret;
	ret = mem_paint(m, base, base + (len - 1), false, MEM_NONE, NULL);
	if (ret)
		mem_report(
			m, SIM_ERROR, "mem.nomem",
			"out of host memory clearing regions in [0x%llx, +0x%llx)",
			(ull)base, (ull)len);
	return ret;
}

void mem_region_clear_all(struct mem *m)
{
	m->niv = 0;
}

void mem_set_default_perm(struct mem *m, enum mem_perm perm)
{
	if ((unsigned)perm > MEM_RW) {
		mem_report(
			m, SIM_ERROR, "mem.arg",
			"default permission %u is not one of MEM_NONE, MEM_R, MEM_W, MEM_RW",
			(unsigned)perm);
		return;
	}
	m->default_perm = perm;
}

enum mem_perm mem_perm_at(const struct mem *m, uint64_t addr, const char **name)
{
	unsigned i = mem_iv_lower(m, addr);

	if (i < m->niv && m->iv[i].base <= addr) {
		if (name)
			*name = m->iv[i].name;
		return m->iv[i].perm;
	}
	if (name)
		*name = NULL;
	return m->default_perm;
}

unsigned mem_region_count(const struct mem *m)
{
	return m->niv;
}

int mem_region_get(const struct mem *m, unsigned i, struct mem_region_info *out)
{
	if (i >= m->niv)
		return -ENOENT;
	out->base = m->iv[i].base;
	out->last = m->iv[i].last;
	out->perm = m->iv[i].perm;
	out->name = m->iv[i].name;
	return 0;
}

/* ----------------------------------------------------- error injection */

int mem_error_add(struct mem *m, uint64_t base, uint64_t len,
		  enum mem_perm dirs, enum axi_resp resp)
{
	int ret = mem_check_range(m, "error window", base, len);

	if (ret)
		return ret;
	if (dirs != MEM_R && dirs != MEM_W && dirs != MEM_RW) {
		mem_report(
			m, SIM_ERROR, "mem.arg",
			"error window [0x%llx, +0x%llx): directions %u are not MEM_R, MEM_W or MEM_RW",
			(ull)base, (ull)len, (unsigned)dirs);
		return -EINVAL;
	}
	if (resp != AXI_SLVERR && resp != AXI_DECERR) {
		mem_report(
			m, SIM_ERROR, "mem.arg",
			"error window [0x%llx, +0x%llx): response %u is not AXI_SLVERR or AXI_DECERR",
			(ull)base, (ull)len, (unsigned)resp);
		return -EINVAL;
	}
	if (m->nerr == m->cap_err) {
		unsigned cap = m->cap_err ? m->cap_err * 2 : 8;
		struct mem_errwin *err = realloc(m->err, cap * sizeof(*err));

		if (!err) {
			mem_report(
				m, SIM_ERROR, "mem.nomem",
				"out of host memory adding error window [0x%llx, +0x%llx)",
				(ull)base, (ull)len);
			return -ENOMEM;
		}
		m->err = err;
		m->cap_err = cap;
	}
	m->err[m->nerr++] =
		(struct mem_errwin){ base, base + (len - 1), dirs, resp };
	return 0;
}

void mem_error_clear(struct mem *m)
{
	m->nerr = 0;
}

/* --------------------------------------------------------- bus access */

int mem_tap_add(struct mem *m, mem_tap_fn fn, void *ctx)
{
	if (!fn) {
		mem_report(m, SIM_ERROR, "mem.arg", "tap function is NULL");
		return -EINVAL;
	}
	if (m->ntaps == m->cap_taps) {
		unsigned cap = m->cap_taps ? m->cap_taps * 2 : 4;
		struct mem_tap *taps = realloc(m->taps, cap * sizeof(*taps));

		if (!taps) {
			mem_report(m, SIM_ERROR, "mem.nomem",
				   "out of host memory adding a tap");
			return -ENOMEM;
		}
		m->taps = taps;
		m->cap_taps = cap;
	}
	m->taps[m->ntaps++] = (struct mem_tap){ fn, ctx };
	return 0;
}

int mem_tap_remove(struct mem *m, mem_tap_fn fn, void *ctx)
{
	unsigned i;

	for (i = 0; i < m->ntaps; i++) {
		if (m->taps[i].fn == fn && m->taps[i].ctx == ctx) {
			memmove(&m->taps[i], &m->taps[i + 1],
				(m->ntaps - i - 1) * sizeof(*m->taps));
			m->ntaps--;
			return 0;
		}
	}
	return -ENOENT;
}

/* Response of the first error window for dir touching [addr, last]. */
static enum axi_resp mem_error_resp(const struct mem *m, uint64_t addr,
				    uint64_t last, enum mem_perm dir)
{
	unsigned i;

	for (i = 0; i < m->nerr; i++) {
		const struct mem_errwin *w = &m->err[i];

		if ((w->dirs & dir) && w->base <= last && addr <= w->last)
			return w->resp;
	}
	return AXI_OKAY;
}

static void mem_report_violation(struct mem *m, uint64_t addr, uint32_t len,
				 bool write, const uint8_t *strb,
				 const struct mem_interval *iv)
{
	char strobes[40] = "";
	char where[256];

	if (write && strb && len <= 64) {
		uint64_t mask = 0;
		uint32_t i;

		for (i = 0; i < len; i++)
			if (strb[i])
				mask |= 1ull << i;
		snprintf(strobes, sizeof(strobes), " (strobes 0x%llx)",
			 (ull)mask);
	}
	if (!iv) {
		snprintf(where, sizeof(where),
			 "no region (default permission %s)",
			 mem_perm_word(m->default_perm));
	} else {
		static const char *const which[] = { "has no access",
						     "is read-only",
						     "is write-only",
						     "is read-write" };
		uint64_t size = iv->last - iv->base + 1;
		char sz[24];

		if (size)
			snprintf(sz, sizeof(sz), "0x%llx", (ull)size);
		else /* the whole address space */
			snprintf(sz, sizeof(sz), "0x10000000000000000");
		snprintf(where, sizeof(where),
			 "region '%s' [0x%llx, +%s) which %s", iv->name,
			 (ull)iv->base, sz, which[iv->perm & 3]);
	}
	mem_report(m, SIM_ERROR, "mem.perm",
		   "device %s of %u bytes at 0x%016llx%s hits %s",
		   write ? "write" : "read", len, (ull)addr, strobes, where);
}

/* True if an access touches a byte of [p, seg_last] (for writes: one whose
 * strobe is set). */
static bool mem_seg_touched(uint64_t addr, uint64_t p, uint64_t seg_last,
			    bool write, const uint8_t *strb)
{
	uint64_t i;

	if (!write || !strb)
		return true;
	for (i = p - addr; i <= seg_last - addr; i++)
		if (strb[i])
			return true;
	return false;
}

/* Check [addr, addr + len) (len >= 1, no wrap) against the permissions;
 * report the first violation and return true if there is one. */
static bool mem_check_perm(struct mem *m, uint64_t addr, uint32_t len,
			   bool write, const uint8_t *strb)
{
	enum mem_perm need = write ? MEM_W : MEM_R;
	uint64_t last = addr + (len - 1), p = addr;
	unsigned i;

	if (!m->niv && (m->default_perm & need))
		return false;
	i = mem_iv_lower(m, addr);
	for (;;) {
		const struct mem_interval *iv = NULL;
		enum mem_perm perm = m->default_perm;
		uint64_t seg_last = last;

		if (i < m->niv && m->iv[i].base <= p) {
			iv = &m->iv[i++];
			perm = iv->perm;
			if (iv->last < last)
				seg_last = iv->last;
		} else if (i < m->niv && m->iv[i].base - 1 < last) {
			/* a gap before interval i, whose base is > p >= 0 */
			seg_last = m->iv[i].base - 1;
		}
		if (!(perm & need) &&
		    mem_seg_touched(addr, p, seg_last, write, strb)) {
			m->violations++;
			if (m->report_limit) {
				if (m->report_limit != UINT64_MAX)
					m->report_limit--;
				mem_report_violation(m, addr, len, write, strb,
						     iv);
			}
			return true;
		}
		if (seg_last == last)
			return false;
		p = seg_last + 1;
	}
}

static void mem_run_taps(struct mem *m, uint64_t addr, uint32_t len, bool write,
			 enum axi_resp resp, bool violation, const void *data,
			 const uint8_t *strb, unsigned id)
{
	struct mem_access a;
	unsigned i;

	if (!m->ntaps)
		return;
	a.addr = addr;
	a.len = len;
	a.write = write;
	a.resp = resp;
	a.violation = violation;
	a.data = data;
	a.strb = write ? strb : NULL;
	a.id = id;
	for (i = 0; i < m->ntaps; i++)
		m->taps[i].fn(m->taps[i].ctx, &a);
}

enum axi_resp mem_bus_read(struct mem *m, uint64_t addr, void *dst,
			   uint32_t len, unsigned id)
{
	enum axi_resp resp = AXI_OKAY;
	bool violation = false;

	if (mem_wraps(addr, len)) {
		mem_report(
			m, SIM_ERROR, "mem.range",
			"device read of %u bytes at 0x%016llx wraps around the top of the address space",
			len, (ull)addr);
		memset(dst, m->fill, len);
		resp = AXI_DECERR;
	} else if (len) {
		uint64_t last = addr + (len - 1);

		if (m->nerr)
			resp = mem_error_resp(m, addr, last, MEM_R);
		violation = mem_check_perm(m, addr, len, false, NULL);
		mem_copy_out(m, addr, dst, len);
	}
	mem_run_taps(m, addr, len, false, resp, violation, dst, NULL, id);
	return resp;
}

enum axi_resp mem_bus_write(struct mem *m, uint64_t addr, const void *src,
			    const uint8_t *strb, uint32_t len, unsigned id)
{
	enum axi_resp resp = AXI_OKAY;
	bool violation = false;

	if (mem_wraps(addr, len)) {
		mem_report(
			m, SIM_ERROR, "mem.range",
			"device write of %u bytes at 0x%016llx wraps around the top of the address space",
			len, (ull)addr);
		resp = AXI_DECERR;
	} else if (len) {
		uint64_t last = addr + (len - 1);
		int ret;

		if (m->nerr)
			resp = mem_error_resp(m, addr, last, MEM_W);
		violation = mem_check_perm(m, addr, len, true, strb);
		if (resp == AXI_OKAY && !violation) {
			if (strb)
				ret = mem_copy_in_strobed(m, addr, src, strb,
							  len);
			else
				ret = mem_copy_in(m, addr, src, 0, len);
			if (ret)
				resp = AXI_SLVERR;
		}
	}
	mem_run_taps(m, addr, len, true, resp, violation, src, strb, id);
	return resp;
}

uint64_t mem_violations(const struct mem *m)
{
	return m->violations;
}

void mem_set_report_limit(struct mem *m, uint64_t n)
{
	m->report_limit = n;
}
