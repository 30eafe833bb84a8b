/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which guest frames are RAM, and which of those sit in the balloon.
 */
#ifndef BH_FRAME_MAP_H
#define BH_FRAME_MAP_H

#include <stdbool.h>
#include <stdint.h>

#define FRAME_MAP_MAX_RANGES 8

/**
 * struct frame_map - guest RAM layout and one "locked" bit per 4 KiB frame
 * @ram_first: first PFN of each RAM range
 * @ram_frames: length of each RAM range, in frames
 * @nr_ranges: how many RAM ranges are in use
 * @limit: one past the highest RAM PFN; the bitmap covers [0, limit)
 * @bits: the locked bitmap
 */
struct frame_map {
	uint64_t ram_first[FRAME_MAP_MAX_RANGES];
	uint64_t ram_frames[FRAME_MAP_MAX_RANGES];
	unsigned int nr_ranges;
	uint64_t limit;
	uint64_t *bits;
};

int frame_map_add_ram(struct frame_map *map, uint64_t first, uint64_t frames);
void frame_map_free(struct frame_map *map);
bool frame_map_is_ram(const struct frame_map *map, uint64_t pfn,
		      uint64_t frames);
bool frame_map_any_locked(const struct frame_map *map, uint64_t pfn,
			  uint64_t frames);
bool frame_map_all_locked(const struct frame_map *map, uint64_t pfn,
			  uint64_t frames);
void frame_map_set(struct frame_map *map, uint64_t pfn, uint64_t frames,
		   bool locked);
void frame_map_clear_all(struct frame_map *map);
uint64_t frame_map_ram_frames(const struct frame_map *map);

#endif /* BH_FRAME_MAP_H */
