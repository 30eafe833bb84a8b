// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench/lib: number parsing (one contract with the workloads': 0,
 * -EINVAL or -ERANGE), the median, and the project's PRNG.
 */
#include <errno.h>
#include <stdint.h>

#include "bb_prng.h"
#include "sample.h"
#include "tap.h"
#include "util.h"

static void test_parse_u64(void)
{
	uint64_t v = 7;

	CHECK_EQ(bb_parse_u64("0", &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(bb_parse_u64("18446744073709551615", &v), 0);
	CHECK_EQ(v, UINT64_MAX);
	CHECK_EQ(bb_parse_u64("0x26", &v), 0);
	CHECK_EQ(v, 0x26);
	/* A leading zero is decimal, not octal (strtoull's base 0 said 8). */
	CHECK_EQ(bb_parse_u64("010", &v), 0);
	CHECK_EQ(v, 10);
	v = 7;
	CHECK_EQ(bb_parse_u64("18446744073709551616", &v), -ERANGE);
	CHECK_EQ(bb_parse_u64("-1", &v), -EINVAL);
	CHECK_EQ(bb_parse_u64("+1", &v), -EINVAL);
	CHECK_EQ(bb_parse_u64(" 1", &v), -EINVAL);
	CHECK_EQ(bb_parse_u64("", &v), -EINVAL);
	CHECK_EQ(bb_parse_u64("0x", &v), -EINVAL);
	CHECK_EQ(bb_parse_u64("12k", &v), -EINVAL);
	CHECK_EQ(v, 7);
}

static void test_median(void)
{
	const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };

	CHECK(bb_median(odd, 3) == 2);
	CHECK(bb_median(even, 4) == 2.5);
	CHECK(bb_median(odd, 1) == 3);
}

/*
 * splitmix64's published first outputs for seed 0, and the workloads'
 * xorshift64 seeded from it: the host's policies, the bootstrap and the
 * workloads draw the same sequences as before they shared one header.
 */
static void test_prng(void)
{
	uint64_t s = 0, x = bb_prng_seed(0);

	CHECK_EQ(bb_splitmix64(&s), 0xe220a8397b1dcdafULL);
	CHECK_EQ(bb_splitmix64(&s), 0x6e789e6aa1b965f4ULL);
	CHECK_EQ(x, 0xe220a8397b1dcdafULL);
	CHECK(bb_xorshift64(&x) != 0);
	CHECK_EQ(bb_rand_below(UINT64_MAX, 7), 6);
}

int main(void)
{
	static const struct tap_case cases[] = {
		{ "bb_parse_u64: decimal or 0x-hex, 0/-EINVAL/-ERANGE",
		  test_parse_u64 },
		{ "the median of odd and even samples", test_median },
		{ "splitmix64 and xorshift64 sequences", test_prng },
	};

	return tap_run(cases, N(cases));
}
