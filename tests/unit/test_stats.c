// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the comparison statistics (bench/compare/stats.c), on worked
 * examples whose answers are known: exact Mann-Whitney p-values from the
 * counting distribution, medians, bootstrap intervals, and the verdicts the
 * gate will print.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "bb_prng.h"
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
 * With ties, small samples get the exact permutation distribution of the
 * mid-ranks.  a = {1, 2, 2}, b = {2, 3, 4}: mid-ranks 1, 3, 3 | 3, 5, 6, so
 * a's rank sum is 7.  Of the C(6, 3) = 20 equally likely choices of three
 * of the six ranks, a sum of 7 or less needs the 1 and two of the three
 * 3s: 3 choices, so P(R <= 7) = 3/20 and p = 2 * 3/20 = 0.3.  (The normal
 * approximation said 0.164.)
 */
static void test_mwu_exact_ties(void)
{
	const double a[] = { 1, 2, 2 }, b[] = { 2, 3, 4 };
	const double c100[] = { 100, 100, 100, 100, 100, 100 };
	const double c110[] = { 110, 110, 110, 110, 110, 110 };

	CHECK_NEAR(bb_mann_whitney_p(a, 3, b, 3), 0.3, 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(b, 3, a, 3), 0.3, 1e-12);
	/*
	 * Constant sides: only the one arrangement seen is as extreme, in
	 * each tail, so p = 2 / C(2k, k): 0.1, 2/70, 2/252 and 2/924 for
	 * k = 3, 4, 5, 6 (the normal approximation: 0.047, 0.013, 0.004 and
	 * 0.0013).
	 */
	CHECK_NEAR(bb_mann_whitney_p(c100, 3, c110, 3), 2.0 / 20, 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(c100, 4, c110, 4), 2.0 / 70, 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(c100, 5, c110, 5), 2.0 / 252, 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(c100, 6, c110, 6), 2.0 / 924, 1e-12);
	CHECK_NEAR(bb_mann_whitney_p(c100, 3, c100, 3), 1, 1e-12);
	/* Unequal sizes: a 2 beside the constant side's ranks 1 to 4. */
	{
		const double two[] = { 2, 2 };
		const double ones[] = { 1, 1, 1, 1 };

		/* Ranks 5, 6 are the largest pair: 1 of C(6, 2) = 15. */
		CHECK_NEAR(bb_mann_whitney_p(two, 2, ones, 4), 2.0 / 15, 1e-12);
	}
}

/*
 * The reference: every one of the C(n, na) ways to split the pooled
 * values, enumerated, each with its mid-rank sum; p is twice the smaller
 * tail at the observed sum.  Independent of the recursion under test.
 */
static double enumerated_mwu_p(const double *a, size_t na, const double *b,
			       size_t nb)
{
	double pooled[16], rank2[16], sum = 0, below = 0, above = 0, all = 0;
	size_t n = na + nb, i, j;
	unsigned int mask;

	for (i = 0; i < na; i++)
		pooled[i] = a[i];
	for (i = 0; i < nb; i++)
		pooled[na + i] = b[i];
	/* Doubled mid-rank: 2 * (values below) + (equal values) + 1. */
	for (i = 0; i < n; i++) {
		rank2[i] = 1;
		for (j = 0; j < n; j++)
			rank2[i] += pooled[j] < pooled[i] ? 2 :
				    pooled[j] == pooled[i] ? 1 : 0;
	}
	for (i = 0; i < na; i++)
		sum += rank2[i];
	for (mask = 0; mask < 1u << n; mask++) {
		double s = 0;

		if ((size_t)__builtin_popcount(mask) != na)
			continue;
		for (i = 0; i < n; i++)
			if (mask & 1u << i)
				s += rank2[i];
		all++;
		below += s <= sum;
		above += s >= sum;
	}
	return fmin(1, 2 * fmin(below, above) / all);
}

/* 300 small samples drawn from few values, so that most of them tie. */
static void test_mwu_exact_enumerated(void)
{
	uint64_t state = 20261201;
	double a[8], b[8];
	unsigned int trial, worst = 0;
	double worst_diff = 0;
	size_t na, nb, i;

	for (trial = 0; trial < 300; trial++) {
		double diff;

		na = 1 + bb_splitmix64(&state) % 8;
		nb = 1 + bb_splitmix64(&state) % 8;
		for (i = 0; i < na; i++)
			a[i] = (double)(bb_splitmix64(&state) % 4);
		for (i = 0; i < nb; i++)
			b[i] = (double)(bb_splitmix64(&state) % 5);
		diff = fabs(bb_mann_whitney_p(a, na, b, nb) -
			    enumerated_mwu_p(a, na, b, nb));
		if (diff > worst_diff) {
			worst_diff = diff;
			worst = trial;
		}
	}
	if (worst_diff > 1e-12)
		note("# trial %u differs from the enumeration by %g\n", worst,
		     worst_diff);
	CHECK(worst_diff <= 1e-12);
}

/*
 * Beyond na * nb = 400 the normal approximation with the tie correction:
 * a = 21 x 1, b = 20 x 2 with a 1 among them.  Ranks: the 22 ones share
 * 11.5, the 19 twos 32; U_a = 21 * 11.5 - 231 = 10.5, mu = 210, the
 * correction gives sigma^2 = 420 / 12 * (42 - (22^3 - 22 + 19^3 - 19) /
 * 1640) and p = erfc((199.5 - 0.5) / sigma / sqrt 2).
 */
/*
 * Tied samples beyond 400 pairs are counted exactly while the count is
 * cheap.  References (stats-2 review, exact enumeration; a hypergeometric
 * tail here): 21 x 0 against 4 x 1 and 16 x 0 is 2 C(37,21)/C(41,21) =
 * 0.095685 (the normal approximation said 0.03525); 3 x 110 against
 * 84 x 100 and 50 x 110 is 2 C(53,3)/C(137,3) = 0.111760 (it said 0.0287,
 * a false "worse").  The smallest p there is 2/C(137,3), below both.
 */
static void test_mwu_exact_large_ties(void)
{
	double a[21] = { 0 }, b[20] = { 1, 1, 1, 1 }, base[134], cand[3];
	size_t i;

	CHECK_NEAR(bb_mann_whitney_p(a, 21, b, 20),
		   2 * (20.0 * 19 * 18 * 17) / (41.0 * 40 * 39 * 38), 1e-12);
	for (i = 0; i < 134; i++)
		base[i] = i < 84 ? 100 : 110;
	for (i = 0; i < 3; i++)
		cand[i] = 110;
	CHECK_NEAR(bb_mann_whitney_p(base, 134, cand, 3),
		   2 * 23426.0 / 419220.0, 1e-12);
	CHECK_NEAR(bb_mann_whitney_min_p(134, 3), 2 / 419220.0, 1e-15);
	for (i = 0; i < 134; i++)
		base[i] = i < 104 ? 100 : 110;
	CHECK(bb_mann_whitney_p(base, 134, cand, 3) >=
	      bb_mann_whitney_min_p(134, 3));
}

/*
 * Too large to count (300 a side): the normal approximation, with tie and
 * continuity corrections; no smallest p is claimed there.
 */
static void test_mwu_normal_ties(void)
{
	static double a[300], b[300];
	double ties = 290.0 * 290 * 290 - 290 + 310.0 * 310 * 310 - 310;
	double sigma = sqrt(90000.0 / 12 * (601 - ties / (600.0 * 599)));
	size_t i;

	for (i = 0; i < 300; i++) {
		a[i] = i < 150 ? 1 : 2;
		b[i] = i < 140 ? 1 : 2;
	}
	CHECK_NEAR(bb_mann_whitney_p(a, 300, b, 300),
		   erfc(1499.5 / sigma / sqrt(2)), 1e-15);
	CHECK_EQ(bb_mann_whitney_min_p(300, 300), 0);
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

/*
 * On the virtual clock other guest work that lands in a phase (a timer's
 * work item on the tick the driver's cycle starts on) only adds time, in
 * steps: an A/A trial of the 4 KiB deflate gave 121.358, 120.744, 120.739
 * ms against 121.355, 122.583, 122.588, medians 1.5% apart.  Each side's
 * best repetition is its figure: 120.739 against 121.355, within 1%.
 */
static void test_virtual_best_repetition(void)
{
	const double base[] = { 121.358, 120.744, 120.739 };
	const double twin[] = { 121.355, 122.583, 122.588 };
	const double slower[] = { 123.2, 123.3, 123.4 };
	struct bb_comparison c;

	c = bb_compare(base, 3, twin, 3, BB_BETTER_LOWER, BB_KIND_VIRTUAL, 0.01);
	CHECK_EQ(c.verdict, BB_VERDICT_SAME);
	CHECK_NEAR(c.base_median, 120.739, 1e-9);
	CHECK_NEAR(c.cand_median, 121.355, 1e-9);
	/* 2% slower in every repetition is still a regression. */
	c = bb_compare(base, 3, slower, 3, BB_BETTER_LOWER, BB_KIND_VIRTUAL,
		       0.01);
	CHECK_EQ(c.verdict, BB_VERDICT_WORSE);
	/*
	 * An A/A trial: one repetition of six spared 3.7 ms of other guest
	 * work.  Its side's best is 3.8% better; nothing changed.
	 */
	{
		const double aa_base[] = { 100.580409, 96.88653, 100.57947 };
		const double aa_twin[] = { 100.580235, 100.579465, 100.591285 };

		c = bb_compare(aa_base, 3, aa_twin, 3, BB_BETTER_LOWER,
			       BB_KIND_VIRTUAL, 0.01);
		CHECK_EQ(c.verdict, BB_VERDICT_SAME);
		c = bb_compare(aa_twin, 3, aa_base, 3, BB_BETTER_LOWER,
			       BB_KIND_VIRTUAL, 0.01);
		CHECK_EQ(c.verdict, BB_VERDICT_SAME);
	}
	/* 2% faster in every repetition is better. */
	c = bb_compare(slower, 3, base, 3, BB_BETTER_LOWER, BB_KIND_VIRTUAL,
		       0.01);
	CHECK_EQ(c.verdict, BB_VERDICT_BETTER);
	/* Throughput: the best is the highest. */
	{
		const double mb[] = { 4240, 4262, 4262 }, mc[] = { 4262, 4200, 4190 };

		c = bb_compare(mb, 3, mc, 3, BB_BETTER_HIGHER, BB_KIND_VIRTUAL,
			       0.01);
		CHECK_EQ(c.verdict, BB_VERDICT_SAME);
		CHECK_NEAR(c.ratio, 1, 1e-12);
	}
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
	/* The quantile inverts it, back to the tables' critical values. */
	CHECK_NEAR(bb_student_t_quantile(0.05, 1), 12.7062047, 1e-7);
	CHECK_NEAR(bb_student_t_quantile(0.05, 7), 2.36462425, 1e-8);
	CHECK_NEAR(bb_student_t_quantile(0.01, 7), 3.49948329, 1e-8);
	CHECK_NEAR(bb_student_t_quantile(0.05, 30), 2.04227246, 1e-8);
}

/*
 * Far in the tail, to 1e-9 relative.  df 1 and 2 have closed forms:
 * P = (2/pi) atan(1/t), and 2 / (r (r + t)) with r = sqrt(2 + t^2).  The
 * others are 1 minus A&S 26.7.3-4's finite series, evaluated with bc at 80
 * digits (df 30, t 30: SciPy 1.10 gives 6.25e-24 too).
 */
static void test_student_t_tail(void)
{
	double r = sqrt(2 + 1e12);

	CHECK_NEAR(bb_student_t_p(1e8, 1), 2 / M_PI * atan(1e-8), 1e-9 * 6.4e-9);
	CHECK_NEAR(bb_student_t_p(1e6, 2), 2 / (r * (r + 1e6)), 1e-9 * 1e-12);
	CHECK_NEAR(bb_student_t_p(1000, 7), 2.6409838375211876e-19,
		   1e-9 * 2.6e-19);
	CHECK_NEAR(bb_student_t_p(30, 30), 6.2517916306088880e-24,
		   1e-9 * 6.3e-24);
	CHECK_NEAR(bb_student_t_p(1e200, 1), 2 / M_PI * 1e-200, 1e-12 * 6.4e-201);
	CHECK_NEAR(bb_student_t_p(-1e100, 2), 1e-200, 1e-12 * 1e-200);
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
	CHECK(isnan(bb_paired_log_t_p(base, cand, 1)));
	c = bb_compare(base, 8, cand, 8, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK(c.p > 0.05);
	CHECK_EQ(c.verdict, BB_VERDICT_SAME);
	c = bb_compare_paired(base, cand, 8, BB_BETTER_LOWER, BB_KIND_WALL,
			      0.05);
	CHECK(c.paired);
	CHECK_NEAR(c.p, 2.94655e-6, 1e-10);
	CHECK_EQ(c.verdict, BB_VERDICT_WORSE);
}

/*
 * Pairs judge one effect: the geometric mean ratio, its t interval and the
 * t test.  Eight pairs, the candidate 1, 2, 3 and five times 6% slower:
 * the ratio of medians is 1.06, beyond a 5% tolerance, and every ratio is
 * above 1, so a bootstrap of it excludes 1 too; but the change the test
 * measured is the mean log ratio, exp of which is 1.0448.  The interval is
 * exp(mean -+ 2.36462425 se), with the 5% critical value of t on 7 df from
 * the tables.  Significant, and within the tolerance: same.
 */
static void test_paired_effect(void)
{
	const double base[] = { 100, 100, 100, 100, 100, 100, 100, 100 };
	const double cand[] = { 101, 102, 103, 106, 106, 106, 106, 106 };
	double mean = 0, ss = 0, se;
	struct bb_comparison c;
	size_t i;

	for (i = 0; i < 8; i++)
		mean += log(cand[i] / base[i]) / 8;
	for (i = 0; i < 8; i++)
		ss += pow(log(cand[i] / base[i]) - mean, 2);
	se = sqrt(ss / 7 / 8);
	c = bb_compare_paired(base, cand, 8, BB_BETTER_LOWER, BB_KIND_WALL,
			      0.05);
	CHECK(c.paired);
	CHECK_NEAR(c.cand_median / c.base_median, 1.06, 1e-12);
	CHECK_NEAR(c.ratio, exp(mean), 1e-12);
	CHECK_NEAR(c.ratio, 1.0448, 1e-4);
	CHECK_NEAR(c.p, bb_student_t_p(mean / se, 7), 1e-15);
	CHECK(c.p < 0.05);
	CHECK_NEAR(c.interval.low, exp(mean - 2.36462425 * se), 1e-8);
	CHECK_NEAR(c.interval.high, exp(mean + 2.36462425 * se), 1e-8);
	CHECK_NEAR(c.min_p, 0, 0);
	CHECK_EQ(c.verdict, BB_VERDICT_SAME);
	/* Twice the slowdown on the same footing: exp(2 mean) = 1.0916. */
	{
		double slow[8];

		for (i = 0; i < 8; i++)
			slow[i] = 100 * pow(cand[i] / 100, 2);
		c = bb_compare_paired(base, slow, 8, BB_BETTER_LOWER,
				      BB_KIND_WALL, 0.05);
		CHECK_NEAR(c.ratio, exp(2 * mean), 1e-12);
		CHECK_EQ(c.verdict, BB_VERDICT_WORSE);
	}
}

/*
 * A value of 0 leaves no ratio to test: the pairs are judged by the U test
 * instead, and the comparison says so (no silent p = 1).
 */
static void test_paired_zero(void)
{
	const double base[] = { 0, 100, 100, 100 }, cand[] = { 0, 110, 112, 108 };
	struct bb_comparison c;

	CHECK(isnan(bb_paired_log_t_p(base, cand, 4)));
	c = bb_compare_paired(base, cand, 4, BB_BETTER_LOWER, BB_KIND_WALL,
			      0.05);
	CHECK(!c.paired);
	CHECK_NEAR(c.p, bb_mann_whitney_p(base, 4, cand, 4), 0);
	CHECK_NEAR(c.min_p, 2.0 / 70, 1e-15);
}

/*
 * The case: {100, 100, 100} vs {110, 110, 110} is 10% slower in
 * every repetition, but three a side cannot reach p < 0.05: exact p = 0.1.
 */
static void test_few_tied_never_decide(void)
{
	const double base[] = { 100, 100, 100 }, cand[] = { 110, 110, 110 };
	struct bb_comparison c;

	c = bb_compare(base, 3, cand, 3, BB_BETTER_LOWER, BB_KIND_WALL, 0.05);
	CHECK_NEAR(c.p, 0.1, 1e-12);
	CHECK_NEAR(c.min_p, 0.1, 1e-12);
	CHECK_EQ(c.verdict, BB_VERDICT_SAME);
}

/*
 * Whether a test can stand after Holm's adjustment follows from its
 * smallest attainable p and the family's size: 6 a side can give at least
 * 2 / C(12, 6) = 2/924, and 23 x 2/924 = 0.0498 < 0.05 <= 24 x 2/924.
 */
static void test_can_reject(void)
{
	CHECK_NEAR(bb_mann_whitney_min_p(6, 6), 2.0 / 924, 1e-15);
	CHECK_NEAR(bb_mann_whitney_min_p(3, 3), 0.1, 1e-15);
	CHECK_NEAR(bb_mann_whitney_min_p(8, 8), 2.0 / 12870, 1e-15);
	CHECK_NEAR(bb_mann_whitney_min_p(0, 8), 1, 0);
	{
		double six[24], mixed[24], tenth = 0.1, none = 0;
		size_t i;

		for (i = 0; i < 24; i++)
			six[i] = mixed[i] = 2.0 / 924;
		CHECK(bb_can_reject(six, 23, 0));
		CHECK(!bb_can_reject(six, 24, 0));
		CHECK(!bb_can_reject(&tenth, 1, 0));
		CHECK(bb_can_reject(&none, 1, 0));
		/*
		 * The stats-2 review's family: one 8-a-side test (2/12870)
		 * among 24; a 6-a-side one behind it is multiplied by 23, not
		 * 24, and bbcompare called it worse at p(Holm) 0.0498 while
		 * the note said it could not.
		 */
		mixed[1] = 2.0 / 12870;
		CHECK(bb_can_reject(mixed, 24, 0));
		CHECK(bb_can_reject(mixed, 24, 1));
		mixed[1] = 0.5;
		CHECK(!bb_can_reject(mixed, 24, 0));
	}
	/* 21 against 20 is counted exactly now: 2 / C(41, 20). */
	CHECK(bb_mann_whitney_min_p(21, 20) < 1e-10);
}

/*
 * The paired test where every pair moved by the same ratio (stats-2 D2):
 * on a wall clock that is quantization, judged by the exact sign test,
 * 2 / 2^n: 3 pairs 100 -> 110 give 0.25 (they gave 0, "worse").
 */
static void test_paired_constant_ratio(void)
{
	const double base[] = { 100, 100, 100 }, cand[] = { 110, 110, 110 };
	const double base8[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	const double cand8[] = { 2, 4, 6, 8, 10, 12, 14, 16 };
	struct bb_comparison c;

	CHECK_NEAR(bb_paired_log_t_p(base, cand, 3), 0.25, 0);
	CHECK_NEAR(bb_paired_log_t_p(base8, cand8, 8), 2.0 / 256, 0);
	CHECK_NEAR(bb_paired_log_t_p(base, base, 3), 1, 0);
	c = bb_compare_paired(base, cand, 3, BB_BETTER_LOWER, BB_KIND_WALL,
			      0.05);
	CHECK(c.verdict != BB_VERDICT_WORSE);
}

/*
 * Values whose ratio overflows a double (stats-2 D3): the paired test on
 * differences of logs gives 0.422534 (the review's 60-digit reference)
 * where log(cand / base) gave NaN; and a NaN p in Holm's family counts as
 * 1, last, so it cannot raise the others: {0.01, NaN, 0.02, 0.03, 0.001}
 * adjusts to {0.04, 1, 0.06, 0.06, 0.005}.
 */
static void test_non_finite(void)
{
	const double base[] = { 1e-300, 1, 1 }, cand[] = { 1e300, 1.1, 1.2 };
	double p[] = { 0.01, NAN, 0.02, 0.03, 0.001 };

	CHECK_NEAR(bb_paired_log_t_p(base, cand, 3), 0.422534, 1e-6);
	CHECK_NEAR(bb_paired_log_t_p(cand, base, 3), 0.422534, 1e-6);
	CHECK_EQ(bb_holm(p, 5), 0);
	CHECK_NEAR(p[0], 0.04, 1e-15);
	CHECK_NEAR(p[1], 1, 0);
	CHECK_NEAR(p[2], 0.06, 1e-15);
	CHECK_NEAR(p[3], 0.06, 1e-15);
	CHECK_NEAR(p[4], 0.005, 1e-15);
	/* A t beyond doubles, and df past 2030 near t 45, return (D4). */
	CHECK_NEAR(bb_student_t_p(INFINITY, 5), 0, 0);
	CHECK_NEAR(bb_student_t_p(-INFINITY, 5), 0, 0);
	CHECK(bb_student_t_p(45.02, 2030) < 1e-200);
	CHECK(bb_student_t_p(62.2, 5000) < 1e-200);
	CHECK(bb_student_t_p(45, 2147) >= 0);
	/* The median of two values near DBL_MAX (D5): 1.0286e308, not inf. */
	{
		const double big[] = { 1.0948e308, 9.624e307 };

		CHECK_NEAR(bb_median(big, 2) / 1e308, 1.0286, 1e-12);
	}
}

/*
 * A restated test takes its source's place in Holm's step-down.  Nine
 * tests at p = 0.5: Holm caps the source's adjusted p at 1, a factor of 2
 * on its raw p, yet a restated p of 0.02 put in its place is the smallest
 * of nine: 9 x 0.02 = 0.18 (the factor 2 would have said 0.04).
 */
static void test_holm_in_place(void)
{
	double nine[9] = { 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5 };
	const double three[] = { 0.004, 0.01, 0.3 };

	CHECK_NEAR(bb_holm_in_place(nine, 9, 0, 0.02), 0.18, 1e-15);
	nine[0] = 0.001;
	CHECK_NEAR(bb_holm_in_place(nine, 9, 0, 0.02), 0.18, 1e-15);
	/* {.004, .01, .006}: .004 x 3 = .012, .006 x 2 = .012, .01 x 1. */
	CHECK_NEAR(bb_holm_in_place(three, 3, 2, 0.006), 0.012, 1e-15);
	CHECK_NEAR(three[2], 0.3, 0);
}

/*
 * Which clock a metric is judged on: guest-time metrics of a virtual-clock
 * run by tolerance alone, the rest by their wall-clock test.
 */
static void test_metric_kinds(void)
{
	const struct bb_metric *m;

	m = bb_metric_find("latprobe_timer_inflating_p99_ns", true);
	CHECK(m && m->kind == BB_KIND_VIRTUAL && m->tolerance == 0.10);
	m = bb_metric_find("latprobe_timer_inflating_p99_ns", false);
	CHECK(m && m->kind == BB_KIND_WALL);
	m = bb_metric_find("latprobe_touch_inflating_p99_ns", true);
	CHECK(m && m->kind == BB_KIND_WALL);
	m = bb_metric_find("real_time", true);
	CHECK(m && m->kind == BB_KIND_VIRTUAL && m->tolerance == 0.01);
	m = bb_metric_find("calls", true);
	CHECK(m && m->kind == BB_KIND_COUNT && m->tolerance == 0);
	CHECK(!bb_metric_find("no_such_metric", true));
}

/*
 * The registry: a declared counter that is only reported is known and
 * never judged; a family's members are known by prefix alone; headings
 * come from the declaration.
 */
static void test_metric_registry(void)
{
	const struct bb_metric *m = bb_metric_declared("target_mib");

	CHECK(m && m->better == BB_BETTER_NONE);
	CHECK(!bb_metric_find("target_mib", false));
	CHECK(bb_metric_known("target_mib"));
	CHECK(bb_metric_known("calls_batchLock"));
	CHECK(bb_metric_known("latprobe_touch_quiet_p50_ns"));
	CHECK(!bb_metric_known("freed_mib"));
	CHECK(!bb_metric_declared("calls_batchLock"));
	CHECK(!strcmp(bb_metric_heading("reclaim_mib_per_s"), "reclaim MiB/s"));
	CHECK(!strcmp(bb_metric_heading("calls_batchLock"), "calls_batchLock"));
	m = bb_metric_find("retake_ms", true);
	CHECK(m && m->kind == BB_KIND_VIRTUAL &&
	      m->better == BB_BETTER_HIGHER && m->tolerance == 0.25);
}

static const struct tap_case cases[] = {
	{ "median of odd, even and single samples", test_median },
	{ "Mann-Whitney exact: separated samples", test_mwu_exact_separated },
	{ "Mann-Whitney exact: interleaved samples", test_mwu_exact_interleaved },
	{ "Mann-Whitney exact with ties: worked examples", test_mwu_exact_ties },
	{ "Mann-Whitney exact with ties: against enumeration", test_mwu_exact_enumerated },
	{ "Mann-Whitney exact beyond 400 pairs while cheap, ties included",
	  test_mwu_exact_large_ties },
	{ "Mann-Whitney normal approximation with ties", test_mwu_normal_ties },
	{ "Mann-Whitney on large samples", test_mwu_large },
	{ "bootstrap interval of the ratio of medians", test_bootstrap },
	{ "verdicts for wall, virtual and count metrics", test_verdicts },
	{ "virtual clock: best repetitions, and a verdict only past the other side's worst",
	  test_virtual_best_repetition },
	{ "Holm adjustment; too few repetitions never decide", test_holm },
	{ "pairs that all moved by one ratio: the sign test's p",
	  test_paired_constant_ratio },
	{ "overflowing ratios, NaN in Holm, t at large df, the median near DBL_MAX",
	  test_non_finite },
	{ "Student's t at its critical values", test_student_t },
	{ "Student's t far in the tail", test_student_t_tail },
	{ "paired t test on log ratios; pairs beat the U test", test_paired },
	{ "pairs judge the geometric mean ratio and its t interval", test_paired_effect },
	{ "a zero in a pair: the U test judges, and says so", test_paired_zero },
	{ "three tied samples a side never decide", test_few_tied_never_decide },
	{ "whether a test can stand after Holm, from its smallest p", test_can_reject },
	{ "a restated test takes its source's place in Holm", test_holm_in_place },
	{ "metric kinds per clock", test_metric_kinds },
	{ "the metric registry: reported, judged, families, headings",
	  test_metric_registry },
};

int main(void)
{
	return tap_run(cases, N(cases));
}
