/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every libFuzzer target here shares: a trap for a broken invariant,
 * and the input read as little-endian fields that are zero once it runs
 * out, so that any input, empty included, is a valid one.
 */
#ifndef BB_FUZZ_INPUT_H
#define BB_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ASSERT(cond)				\
	do {					\
		if (!(cond))			\
			__builtin_trap();	\
	} while (0)

struct input {
	const uint8_t *data;
	size_t size;
	size_t pos;
};

static inline uint64_t take(struct input *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->pos < in->size; i++)
		v |= (uint64_t)in->data[in->pos++] << (8 * i);
	return v;
}

static inline bool input_left(const struct input *in)
{
	return in->pos < in->size;
}

#endif /* BB_FUZZ_INPUT_H */
