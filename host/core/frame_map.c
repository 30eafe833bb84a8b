// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest RAM ranges and the bitmap of frames locked in the balloon.
 */
#include "frame_map.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WORD_BITS 64

static uint64_t words_for(uint64_t frames)
{
	/* Not (frames + WORD_BITS - 1) / WORD_BITS: that wraps near 2^64. */
	return frames / WORD_BITS + (frames % WORD_BITS != 0);
}

/**
 * frame_map_add_ram() - declare a range of guest frames as RAM
 * @map: the map; zero-initialised before the first call
 * @first: first PFN of the range
 * @frames: number of frames
 *
 * Return: 0, -EINVAL for an empty, overflowing or overlapping range or too
 * many ranges, -ENOMEM when the bitmap cannot grow.
 */
int frame_map_add_ram(struct frame_map *map, uint64_t first, uint64_t frames)
{
	uint64_t end = first + frames;
	uint64_t *bits;
	unsigned int i;

	if (!frames || end < first || map->nr_ranges == FRAME_MAP_MAX_RANGES)
		return -EINVAL;
	for (i = 0; i < map->nr_ranges; i++)
		if (first < map->ram_first[i] + map->ram_frames[i] &&
		    map->ram_first[i] < end)
			return -EINVAL;
	if (end > map->limit) {
		bits = calloc(words_for(end), sizeof(*bits));
		if (!bits)
			return -ENOMEM;
		if (map->bits)
			memcpy(bits, map->bits,
			       words_for(map->limit) * sizeof(*bits));
		free(map->bits);
		map->bits = bits;
		map->limit = end;
	}
	map->ram_first[map->nr_ranges] = first;
	map->ram_frames[map->nr_ranges] = frames;
	map->nr_ranges++;
	return 0;
}

/**
 * frame_map_free() - release the bitmap and forget the RAM layout
 * @map: the map
 */
void frame_map_free(struct frame_map *map)
{
	free(map->bits);
	memset(map, 0, sizeof(*map));
}

/**
 * frame_map_is_ram() - whether [@pfn, @pfn + @frames) lies inside one RAM range
 * @map: the map
 * @pfn: first frame
 * @frames: number of frames, at least one
 *
 * Return: true when every frame is guest RAM.
 */
bool frame_map_is_ram(const struct frame_map *map, uint64_t pfn,
		      uint64_t frames)
{
	unsigned int i;

	if (!frames || pfn + frames < pfn)
		return false;
	for (i = 0; i < map->nr_ranges; i++)
		if (pfn >= map->ram_first[i] &&
		    pfn + frames <= map->ram_first[i] + map->ram_frames[i])
			return true;
	return false;
}

static bool test_bit64(const uint64_t *bits, uint64_t nr)
{
	return bits[nr / WORD_BITS] >> (nr % WORD_BITS) & 1;
}

/**
 * frame_map_any_locked() - whether any frame of a RAM range is locked
 * @map: the map
 * @pfn: first frame; the range must satisfy frame_map_is_ram()
 * @frames: number of frames
 *
 * Return: true when at least one frame is locked.
 */
bool frame_map_any_locked(const struct frame_map *map, uint64_t pfn,
			  uint64_t frames)
{
	uint64_t i;

	for (i = 0; i < frames; i++)
		if (test_bit64(map->bits, pfn + i))
			return true;
	return false;
}

/**
 * frame_map_all_locked() - whether every frame of a RAM range is locked
 * @map: the map
 * @pfn: first frame; the range must satisfy frame_map_is_ram()
 * @frames: number of frames
 *
 * Return: true when all frames are locked.
 */
bool frame_map_all_locked(const struct frame_map *map, uint64_t pfn,
			  uint64_t frames)
{
	uint64_t i;

	for (i = 0; i < frames; i++)
		if (!test_bit64(map->bits, pfn + i))
			return false;
	return true;
}

/**
 * frame_map_set() - mark a RAM range locked or unlocked
 * @map: the map
 * @pfn: first frame; the range must satisfy frame_map_is_ram()
 * @frames: number of frames
 * @locked: the new state
 */
void frame_map_set(struct frame_map *map, uint64_t pfn, uint64_t frames,
		   bool locked)
{
	uint64_t i, mask;

	for (i = pfn; i < pfn + frames; i++) {
		mask = (uint64_t)1 << (i % WORD_BITS);
		if (locked)
			map->bits[i / WORD_BITS] |= mask;
		else
			map->bits[i / WORD_BITS] &= ~mask;
	}
}

/**
 * frame_map_clear_all() - mark every frame unlocked
 * @map: the map
 */
void frame_map_clear_all(struct frame_map *map)
{
	if (map->bits)
		memset(map->bits, 0, words_for(map->limit) * sizeof(*map->bits));
}

/**
 * frame_map_ram_frames() - how many frames are RAM
 * @map: the map
 *
 * Return: the sum of the RAM ranges' lengths.
 */
uint64_t frame_map_ram_frames(const struct frame_map *map)
{
	uint64_t frames = 0;
	unsigned int i;

	for (i = 0; i < map->nr_ranges; i++)
		frames += map->ram_frames[i];
	return frames;
}
