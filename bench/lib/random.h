/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * splitmix64: a small, fast generator whose sequence for a given seed is the
 * same on every machine, so resamples and permutations are reproducible.
 */
#ifndef BB_RANDOM_H
#define BB_RANDOM_H

#include <stdint.h>

static inline uint64_t bb_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif /* BB_RANDOM_H */
