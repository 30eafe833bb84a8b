// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the comparison statistics (bench/stats.c), on worked
 * examples whose answers are known: exact Mann-Whitney p-values from the
 * counting distribution, medians, bootstrap intervals, and the verdicts the
 * gate will print.
 */
#include <math.h>
#include <stdlib.h>

#include "stats.h"
#include "tap.h"

static void test_median(void)
{
	const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };

	CHECK_NEAR(bb_median(odd, N(odd)), 2, 0);
	CHECK_NEAR(bb_median(even, N(even)), 2.5, 0);
	CHECK_NEAR(bb_median(one, 1), 7, 0);
	/* The input is left alone. */
	CHECK_NEAR(odd[0], 3, 0);
}

/* All of a below all of b: U = 0, p = 2 / C(na + nb, na). */
static void test_mwu_exact_separated(void)
{
	const double a3[] = { 1, 2, 3 }, b3[] = { 4, 5, 6 };
	const double a5[] = { 1, 2, 3, 4, 5 }, b5[] = { 6, 7, 8, 9, 10 };

	CHECK_NEAR(bb_mann_whitney_p(a3, 3, b3, 3), 2.0 / 20, 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(b3, 3, a3, 3), 2.0 / 20, 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(a5, 5, b5, 5), 2.0 / 252, 1e-12);
}

/*
 * a = {1, 3, 5}, b = {2, 4, 6}: U_a = 3.  Of the 20 arrangements, U <= 3
 * in 1 + 1 + 2 + 3 = 7, so p = 2 * 7 / 20 = 0.7.
 */
static void test_mwu_exact_interleaved(void)
{
	const double a[] = { 1, 3, 5 }, b[] = { 2, 4, 6 };

	CHECK_NEAR(bb_mann_whitney_p(a, 3, b, 3), 0.7, 1e-12);
}

/*
 * With ties: a = {1, 2, 2}, b = {2, 3, 4}: ranks 1, 3, 3 | 3, 5, 6, so
 * U_a = 7 - 6 = 1, mu = 4.5, the tie correction gives sigma^2 =
 * 9 / 12 * (7 - 24 / 30) = 4.65, z = (3.5 - 0.5) / sqrt(4.65) and
 * p = erfc(z / sqrt 2) = 0.16416.
 */
static void test_mwu_normal_ties(void)
{
	const double a[] = { 1, 2, 2 }, b[] = { 2, 3, 4 };

	CHECK_NEAR(bb_mann_whitney_p(a, 3, b, 3),
		   erfc(3 / sqrt(4.65) / sqrt(2)), 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(a, 3, b, 3), 0.16416, 1e-4);
}

static void test_mwu_large(void)
{
	double a[40], b[40];
	size_t i;

	for (i = 0; i < 40; i++) {
		a[i] = 100 + (double)(i % 7);
		b[i] = 200 + (double)(i % 5);
	}
	CHECK(bb_mann_whitney_p(a, 40, b, 40) < 1e-9);
	CHECK_NEAR(bb_mann_whitney_p(a, 40, a, 40), 1, 1e-9);
	CHECK_NEAR(bb_mann_whitney_p(a, 0, b, 40), 1, 0);
}

static void test_bootstrap(void)
{
	const double base[] = { 100, 100, 100, 100 };
	const double cand[] = { 110, 110, 110, 110 };
	const double noisy_b[] = { 95, 100, 105, 98, 102, 101, 99 };
	const double noisy_c[] = { 96, 99, 104, 100, 103, 97, 101 };
	struct bb_interval ci, again;

	ci = bb_bootstrap_ratio(base, 4, cand, 4, 1000, 0.95, 1);
	CHECK_NEAR(ci.low, 1.1, 1e-12);
	CHECK_NEAR(ci.high, 1.1, 1e-12);
	ci = bb_bootstrap_ratio(noisy_b, 7, noisy_c, 7, 2000, 0.95, 1);
	CHECK(ci.low < 1 && ci.high > 1);
	again = bb_bootstrap_ratio(noisy_b, 7, noisy_c, 7, 2000, 0.95, 1);
	CHECK(ci.low == again.low && ci.high == again.high);
}

static void test_verdicts(void)
{
	const double base[] = { 1000, 1010, 990, 1005, 995 };
	const double slower[] = { 1200, 1210, 1190, 1205, 1195 };
	const double same[] = { 1002, 1008, 993, 1001, 997 };
	const double tiny[] = { 1000, 1001 };
	struct bb_comparison c;

	/* Time, lower is better: 20% slower is a regression. */
	c = bb_compare(base, 5, slower, 5, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK_EQ(c.verdict, BB_VERDICT_WORSE);
	CHECK_NEAR(c.ratio, 1.2, 1e-12);
	CHECK_NEAR(c.change, -0.2, 1e-12);
	CHECK(c.interval.low > 1);
	CHECK_NEAR(c.p, 2.0 / 252, 1e-12);
	/* The same numbers as a throughput are an improvement. */
	c = bb_compare(base, 5, slower, 5, BB_BETTER_HIGHER, BB_KIND_WALL, 0.05);
	CHECK_EQ(c.verdict, BB_VERDICT_BETTER);
	/* Within the noise and the threshold: the same. */
	c = bb_compare(base, 5, same, 5, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK_EQ(c.verdict, BB_VERDICT_SAME);
	/* Virtual clock: 2% beyond a 1% tolerance decides, noise or not. */
	{
		const double v0[] = { 100, 100, 100 }, v2[] = { 102, 102, 102 };

		c = bb_compare(v0, 3, v2, 3, BB_BETTER_LOWER, BB_KIND_VIRTUAL,
			       0.01);
		CHECK_EQ(c.verdict, BB_VERDICT_WORSE);
		c = bb_compare(v0, 3, v0, 3, BB_BETTER_LOWER, BB_KIND_VIRTUAL,
			       0.01);
		CHECK_EQ(c.verdict, BB_VERDICT_SAME);
	}
	/* Counts are exact with a zero tolerance. */
	{
		const double k0[] = { 514, 514, 514 }, k1[] = { 515, 515, 515 };

		c = bb_compare(k0, 3, k1, 3, BB_BETTER_LOWER, BB_KIND_COUNT, 0);
		CHECK_EQ(c.verdict, BB_VERDICT_WORSE);
	}
	/* Too few repetitions is unreliable, never a pass. */
	c = bb_compare(base, 5, tiny, 2, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK_EQ(c.verdict, BB_VERDICT_UNRELIABLE);
	c = bb_compare(base, 0, tiny, 2, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK_EQ(c.verdict, BB_VERDICT_UNRELIABLE);
}

/* Holm on a worked example: p = .01 .04 .03 .005 over four tests. */
static void test_holm(void)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005 };
	const double base[] = { 1000, 1010, 990 }, cand[] = { 1500, 1510, 1490 };
	struct bb_comparison c;

	CHECK_EQ(bb_holm(p, 4), 0);
	/* Sorted: .005 x4 = .02, .01 x3 = .03, .03 x2 = .06, .04 x1 -> .06. */
	CHECK_NEAR(p[3], 0.02, 1e-12);
	CHECK_NEAR(p[0], 0.03, 1e-12);
	CHECK_NEAR(p[2], 0.06, 1e-12);
	CHECK_NEAR(p[1], 0.06, 1e-12);
	/* Three repetitions a side can never reach p < 0.05 (exact p = 0.1):
	 * a wall metric cannot be called worse on so little. */
	c = bb_compare(base, 3, cand, 3, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK_NEAR(c.p, 0.1, 1e-12);
	CHECK_EQ(c.verdict, BB_VERDICT_SAME);
}

/* Student's t at the textbook 5% and 1% critical values. */
static void test_student_t(void)
{
	CHECK_NEAR(bb_student_t_p(0, 7), 1, 1e-12);
	CHECK_NEAR(bb_student_t_p(1, 1), 0.5, 1e-12);
	CHECK_NEAR(bb_student_t_p(12.7062047, 1), 0.05, 1e-8);
	CHECK_NEAR(bb_student_t_p(-4.30265273, 2), 0.05, 1e-8);
	CHECK_NEAR(bb_student_t_p(2.36462425, 7), 0.05, 1e-8);
	CHECK_NEAR(bb_student_t_p(3.49948329, 7), 0.01, 1e-8);
	CHECK_NEAR(bb_student_t_p(2.22813885, 10), 0.05, 1e-8);
	CHECK_NEAR(bb_student_t_p(2.04227246, 30), 0.05, 1e-8);
}

/*
 * Pairs that share their round's drift: every candidate is 10% slower than
 * its partner, give or take 3%, while the rounds themselves spread by 40%.
 * The U test, blind to the pairs, sees overlap; the paired test does not.
 */
static void test_paired(void)
{
	const double four_base[] = { 100, 100, 100, 100 };
	const double four_cand[] = { 110, 105, 112, 108 };
	const double base[] = { 100, 120, 90, 110, 95, 130, 105, 115 };
	const double cand[] = { 112.2, 130.68, 99.99, 118.58,
				104.5, 147.29, 112.035, 126.5 };
	struct bb_comparison c;

	/* Log ratios with mean 0.0835975 and SD 0.0275483: t = 6.069, df 3. */
	CHECK_NEAR(bb_paired_log_t_p(four_base, four_cand, 4), 0.00897816,
		   1e-7);
	CHECK_NEAR(bb_paired_log_t_p(base, cand, 8), 2.94655e-6, 1e-10);
	CHECK_NEAR(bb_paired_log_t_p(base, base, 8), 1, 0);
	CHECK_NEAR(bb_paired_log_t_p(base, cand, 1), 1, 0);
	c = bb_compare(base, 8, cand, 8, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK(c.p > 0.05);
	CHECK_EQ(c.verdict, BB_VERDICT_SAME);
	c = bb_compare_paired(base, cand, 8, BB_BETTER_LOWER, BB_KIND_WALL,
			      0.05);
	CHECK_NEAR(c.p, 2.94655e-6, 1e-10);
	CHECK_EQ(c.verdict, BB_VERDICT_WORSE);
}

static const struct tap_case cases[] = {
	{ "median of odd, even and single samples", test_median },
	{ "Mann-Whitney exact: separated samples", test_mwu_exact_separated },
	{ "Mann-Whitney exact: interleaved samples", test_mwu_exact_interleaved },
	{ "Mann-Whitney normal approximation with ties", test_mwu_normal_ties },
	{ "Mann-Whitney on large samples", test_mwu_large },
	{ "bootstrap interval of the ratio of medians", test_bootstrap },
	{ "verdicts for wall, virtual and count metrics", test_verdicts },
	{ "Holm adjustment; too few repetitions never decide", test_holm },
	{ "Student's t at its critical values", test_student_t },
	{ "paired t test on log ratios; pairs beat the U test", test_paired },
};

int main(void)
{
	return tap_run(cases, N(cases));
}
