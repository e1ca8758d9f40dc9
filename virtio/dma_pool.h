/* SPDX-License-Identifier: MIT */
/*
 * dma_pool.h - a DMA memory allocator over one address range of a struct
 * mem: first fit, any power-of-two alignment, freed blocks coalesce with
 * their free neighbours. It hands out addresses only: it neither reads nor
 * writes the memory, and it sets no permissions.
 *
 * Used for virtqueue rings, indirect descriptor tables and test buffers.
 *
 * An allocation scans the free blocks in address order, so its cost grows
 * with their number: sizes that are multiples of the alignment asked for
 * leave no small gaps behind to scan.
 */
#ifndef DMA_POOL_H
#define DMA_POOL_H

#include <stdint.h>

#include "mem.h"

struct dma_pool;

/** A pool over [base, base + size) of mem; NULL if size is 0, the range
 *  wraps around the top of the address space, or out of host memory. */
struct dma_pool *dma_pool_create(struct mem *mem, uint64_t base, uint64_t size);
/** Free the pool (outstanding allocations are forgotten). */
void dma_pool_destroy(struct dma_pool *pool);
/** Allocate size bytes aligned to align (a power of two; 0 means 1) at the
 *  lowest address that fits: 0 with *addr set, -EINVAL for size 0 or a bad
 *  alignment, -ENOMEM when no free block fits. */
int dma_pool_alloc(struct dma_pool *pool, uint64_t size, uint64_t align,
		   uint64_t *addr);
/** Free the allocation starting at addr: 0, or -EINVAL when addr is not
 *  the start of an outstanding allocation. */
int dma_pool_free(struct dma_pool *pool, uint64_t addr);
/** Size of the allocation starting at addr, or 0 when there is none. */
uint64_t dma_pool_size_of(const struct dma_pool *pool, uint64_t addr);
/** Bytes not allocated. */
uint64_t dma_pool_free_bytes(const struct dma_pool *pool);
/** Outstanding allocations. */
uint64_t dma_pool_allocations(const struct dma_pool *pool);
/** Number of separate free blocks (1 for an empty pool: it coalesces). */
unsigned dma_pool_free_blocks(const struct dma_pool *pool);

#endif /* DMA_POOL_H */
