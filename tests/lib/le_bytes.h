/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Little-endian stores, for tests that build what a guest would write
 * (datagrams, batch pages, the attack guest's table) byte by byte.
 */
#ifndef BB_TESTS_LE_BYTES_H
#define BB_TESTS_LE_BYTES_H

#include <stdint.h>

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

#endif /* BB_TESTS_LE_BYTES_H */
