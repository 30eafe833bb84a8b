/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The project's pseudo-random numbers, the same sequence for a seed on
 * every machine: splitmix64 (the host's seeded policies, the bootstrap,
 * the change-point permutations, and the seeding of the workloads'
 * xorshift64, Marsaglia's (13, 7, 17), so that every seed, 0 included,
 * works).
 */
#ifndef BB_PRNG_H
#define BB_PRNG_H

#include <stdint.h>

/**
 * bb_splitmix64() - the next number of a splitmix64 sequence
 * @state: the sequence's state, any value; advanced
 *
 * Return: a value in [0, 2^64).
 */
static inline uint64_t bb_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * bb_prng_seed() - the xorshift64 state for a seed
 * @seed: any value
 *
 * Return: a non-zero state.
 */
static inline uint64_t bb_prng_seed(uint64_t seed)
{
	uint64_t z = bb_splitmix64(&seed);

	return z ? z : 0x9e3779b97f4a7c15ULL;
}

/**
 * bb_xorshift64() - the next pseudo-random number
 * @state: the state, from bb_prng_seed(); never 0
 *
 * Return: a value in [1, 2^64).
 */
static inline uint64_t bb_xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/**
 * bb_rand_below() - map a random 64-bit value onto [0, @n)
 * @r: the value, e.g. from bb_xorshift64()
 * @n: the bound, at least 1
 *
 * Multiplies and keeps the high half: no division, a negligible bias.
 *
 * Return: a value below @n.
 */
static inline uint64_t bb_rand_below(uint64_t r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)r * n) >> 64);
}

#endif /* BB_PRNG_H */
