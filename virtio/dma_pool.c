/* SPDX-License-Identifier: MIT */
/*
 * dma_pool.c - first-fit DMA allocator.
 *
 * Free space is a sorted array of disjoint blocks with inclusive last
 * bytes (so the pool may end at the top of the address space). Outstanding
 * allocations are kept in an open-addressing hash table (linear probing,
 * power-of-two size, at most half full, deletion by backward shift) from
 * their start address to their size, so a free needs only the address.
 */
#include "dma_pool.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define DMA_POOL_MIN_SLOTS 64

/* One free block. */
struct dma_free_block {
	uint64_t base; /* first byte */
	uint64_t last; /* last byte (inclusive) */
};

/* One slot of the allocation table; size 0 = empty. */
struct dma_alloc_slot {
	uint64_t addr; /* start of the allocation */
	uint64_t size; /* its size in bytes */
};

struct dma_pool {
	struct mem *mem; /* the memory the addresses refer to */
	uint64_t base;	 /* first byte of the pool */
	uint64_t size;	 /* bytes in the pool */

	struct dma_free_block *free; /* sorted free blocks */
	unsigned nfree;		     /* blocks in use */
	unsigned cap_free;	     /* blocks allocated */
	uint64_t free_bytes;	     /* sum of the free blocks */

	struct dma_alloc_slot *slots; /* allocation table */
	uint64_t nslots;	      /* its size, a power of two */
	uint64_t nallocs;	      /* outstanding allocations */
};

static uint64_t dma_hash(const struct dma_pool *p, uint64_t addr)
{
	/* Fibonacci hashing of the address, folded to the table size */
	return ((addr * 0x9e3779b97f4a7c15ull) >> 17) & (p->nslots - 1);
}

static int dma_table_insert(struct dma_pool *p, uint64_t addr, uint64_t size);

static int dma_table_grow(struct dma_pool *p)
{
	struct dma_alloc_slot *old = p->slots;
	uint64_t n = p->nslots, i;

	p->slots = calloc(n * 2, sizeof(*p->slots));
	if (!p->slots) {
		p->slots = old;
		return -ENOMEM;
	}
	p->nslots = n * 2;
	p->nallocs = 0;
	for (i = 0; i < n; i++)
		if (old[i].size)
			dma_table_insert(p, old[i].addr, old[i].size);
	free(old);
	return 0;
}

static int dma_table_insert(struct dma_pool *p, uint64_t addr, uint64_t size)
{
	uint64_t i;

	if ((p->nallocs + 1) * 2 > p->nslots && dma_table_grow(p))
		return -ENOMEM;
	for (i = dma_hash(p, addr); p->slots[i].size;
	     i = (i + 1) & (p->nslots - 1))
		;
	p->slots[i] = (struct dma_alloc_slot){ addr, size };
	p->nallocs++;
	return 0;
}

/* Slot holding addr, or nslots when there is none. */
static uint64_t dma_table_find(const struct dma_pool *p, uint64_t addr)
{
	uint64_t i;

	for (i = dma_hash(p, addr); p->slots[i].size;
	     i = (i + 1) & (p->nslots - 1))
		if (p->slots[i].addr == addr)
			return i;
	return p->nslots;
}

static void dma_table_remove(struct dma_pool *p, uint64_t i)
{
	uint64_t mask = p->nslots - 1, j = i;

	/* backward-shift deletion keeps every probe sequence unbroken */
	for (;;) {
		uint64_t home;

		j = (j + 1) & mask;
		if (!p->slots[j].size)
			break;
		home = dma_hash(p, p->slots[j].addr);
		/* move j into the hole at i unless home lies in (i, j] */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			p->slots[i] = p->slots[j];
			i = j;
		}
	}
	p->slots[i].size = 0;
	p->nallocs--;
}

static int dma_free_reserve(struct dma_pool *p, unsigned need)
{
	struct dma_free_block *b;
	unsigned cap;

	if (need <= p->cap_free)
		return 0;
	cap = p->cap_free ? p->cap_free * 2 : 16;
	while (cap < need)
		cap *= 2;
	b = realloc(p->free, cap * sizeof(*b));
	if (!b)
		return -ENOMEM;
	p->free = b;
	p->cap_free = cap;
	return 0;
}

struct dma_pool *dma_pool_create(struct mem *mem, uint64_t base, uint64_t size)
{
	struct dma_pool *p;

	if (!size || base + (size - 1) < base)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->mem = mem;
	p->base = base;
	p->size = size;
	p->nslots = DMA_POOL_MIN_SLOTS;
	p->slots = calloc(p->nslots, sizeof(*p->slots));
	if (!p->slots || dma_free_reserve(p, 1)) {
		dma_pool_destroy(p);
		return NULL;
	}
	p->free[0] = (struct dma_free_block){ base, base + (size - 1) };
	p->nfree = 1;
	p->free_bytes = size;
	return p;
}

void dma_pool_destroy(struct dma_pool *pool)
{
	if (!pool)
		return;
	free(pool->free);
	free(pool->slots);
	free(pool);
}

int dma_pool_alloc(struct dma_pool *pool, uint64_t size, uint64_t align,
		   uint64_t *addr)
{
	unsigned i;

	if (!align)
		align = 1;
	if (!size || (align & (align - 1)))
		return -EINVAL;
	for (i = 0; i < pool->nfree; i++) {
		struct dma_free_block *b = &pool->free[i];
		uint64_t a = (b->base + (align - 1)) & ~(align - 1);
		uint64_t last;
		bool head, tail;

		if (a < b->base || a > b->last || b->last - a < size - 1)
			continue; /* alignment wrapped, or too small */
		last = a + (size - 1);
		head = a > b->base;
		tail = last < b->last;
		if (dma_table_insert(pool, a, size))
			return -ENOMEM;
		if (head && tail) {
			if (dma_free_reserve(pool, pool->nfree + 1)) {
				dma_table_remove(pool, dma_table_find(pool, a));
				return -ENOMEM;
			}
			b = &pool->free[i];
			memmove(&pool->free[i + 2], &pool->free[i + 1],
				(pool->nfree - i - 1) * sizeof(*b));
			pool->free[i + 1] =
				(struct dma_free_block){ last + 1, b->last };
			b->last = a - 1;
			pool->nfree++;
		} else if (head) {
			b->last = a - 1;
		} else if (tail) {
			b->base = last + 1;
		} else {
			memmove(&pool->free[i], &pool->free[i + 1],
				(pool->nfree - i - 1) * sizeof(*b));
			pool->nfree--;
		}
		pool->free_bytes -= size;
		*addr = a;
		return 0;
	}
	return -ENOMEM;
}

int dma_pool_free(struct dma_pool *pool, uint64_t addr)
{
	uint64_t slot = dma_table_find(pool, addr), size, last;
	unsigned lo = 0, hi = pool->nfree;
	bool join_prev, join_next;

	if (slot == pool->nslots)
		return -EINVAL;
	size = pool->slots[slot].size;
	last = addr + (size - 1);
	/* lo = first free block after the allocation */
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (pool->free[mid].base < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	join_prev = lo > 0 && pool->free[lo - 1].last + 1 == addr;
	join_next = lo < pool->nfree && last + 1 == pool->free[lo].base;
	if (!join_prev && !join_next) {
		if (dma_free_reserve(pool, pool->nfree + 1))
			return -ENOMEM;
		memmove(&pool->free[lo + 1], &pool->free[lo],
			(pool->nfree - lo) * sizeof(*pool->free));
		pool->free[lo] = (struct dma_free_block){ addr, last };
		pool->nfree++;
	} else if (join_prev && join_next) {
		pool->free[lo - 1].last = pool->free[lo].last;
		memmove(&pool->free[lo], &pool->free[lo + 1],
			(pool->nfree - lo - 1) * sizeof(*pool->free));
		pool->nfree--;
	} else if (join_prev) {
		pool->free[lo - 1].last = last;
	} else {
		pool->free[lo].base = addr;
	}
	dma_table_remove(pool, slot);
	pool->free_bytes += size;
	return 0;
}

uint64_t dma_pool_size_of(const struct dma_pool *pool, uint64_t addr)
{
	uint64_t slot = dma_table_find(pool, addr);

	return slot == pool->nslots ? 0 : pool->slots[slot].size;
}

uint64_t dma_pool_free_bytes(const struct dma_pool *pool)
{
	return pool->free_bytes;
}

uint64_t dma_pool_allocations(const struct dma_pool *pool)
{
	return pool->nallocs;
}

unsigned dma_pool_free_blocks(const struct dma_pool *pool)
{
	return pool->nfree;
}
