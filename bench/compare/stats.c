// SPDX-License-Identifier: GPL-2.0-only
/*
 * Comparison statistics that hold on noisy machines: medians rather than
 * means, a percentile bootstrap of the ratio of medians, and the
 * Mann-Whitney U test (exact for small samples, ties included, from the
 * permutation distribution of the mid-ranks; normal with tie and
 * continuity corrections otherwise).  Pairs are judged by the paired t
 * test on log ratios, and the effect is their geometric mean ratio.
 */
#include "stats.h"
#include "bb_prng.h"
#include "sample.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const bb_verdict_names[] = {
	[BB_VERDICT_SAME] = "same",
	[BB_VERDICT_BETTER] = "better",
	[BB_VERDICT_WORSE] = "worse",
	[BB_VERDICT_UNRELIABLE] = "unreliable",
};

const char *const bb_metric_kind_names[] = {
	[BB_KIND_WALL] = "wall",
	[BB_KIND_VIRTUAL] = "virtual",
	[BB_KIND_COUNT] = "count",
};

static double bb_resampled_median(const double *v, size_t n, double *scratch,
				  uint64_t *state)
{
	size_t i;

	for (i = 0; i < n; i++)
		scratch[i] = v[bb_splitmix64(state) % n];
	return bb_sort_median(scratch, n);
}

static double bb_ratio(double cand, double base)
{
	if (base == 0)
		return cand == 0 ? 1 : INFINITY;
	return cand / base;
}
/**
 * bb_bootstrap_ratio() - confidence interval of median(cand)/median(base)
 * @base: base sample
 * @nb: its size, at least one
 * @cand: candidate sample
 * @nc: its size, at least one
 * @resamples: bootstrap resamples
 * @confidence: e.g. 0.95
 * @seed: PRNG seed, so the interval is reproducible
 *
 * Resamples each side with replacement and takes the percentile interval
 * of the ratio of the resampled medians.
 *
 * Return: the interval.
 */
struct bb_interval bb_bootstrap_ratio(const double *base, size_t nb,
				      const double *cand, size_t nc,
				      unsigned int resamples,
				      double confidence, uint64_t seed)
{
	double *ratios = malloc(resamples * sizeof(*ratios));
	double *scratch = malloc((nb > nc ? nb : nc) * sizeof(*scratch));
	double tail = (1 - confidence) / 2, mb;
	struct bb_interval ci;
	uint64_t state = seed;
	unsigned int i;

	if (!ratios || !scratch)
		abort();
	for (i = 0; i < resamples; i++) {
		mb = bb_resampled_median(base, nb, scratch, &state);
		ratios[i] = bb_ratio(bb_resampled_median(cand, nc, scratch,
							 &state), mb);
	}
	qsort(ratios, resamples, sizeof(*ratios), bb_cmp_double);
	ci.low = ratios[(size_t)(tail * (resamples - 1) + 0.5)];
	ci.high = ratios[(size_t)((1 - tail) * (resamples - 1) + 0.5)];
	free(ratios);
	free(scratch);
	return ci;
}

struct bb_ranked {
	double value;
	int group;
};

static int bb_cmp_ranked(const void *a, const void *b)
{
	return bb_cmp_double(&((const struct bb_ranked *)a)->value,
			     &((const struct bb_ranked *)b)->value);
}

/* C(n, k) as a double: exact while it stays below 2^53. */
static double bb_choose(size_t n, size_t k)
{
	double c = 1;
	size_t i;

	if (k > n - k)
		k = n - k;
	for (i = 1; i <= k; i++)
		c = c * (double)(n - k + i) / (double)i;
	return c;
}

/*
 * The exact null distribution of a rank sum, ties included: every choice
 * of @k of the @n pooled items is equally likely, each item keeping its
 * doubled mid-rank @rank2[i] (an integer, halves and all).  Counts the
 * choices whose doubled rank sum is at most and at least @sum2 with the
 * recursion W(i, k, s) = W(i - 1, k, s) + W(i - 1, k - 1, s - rank2[i]).
 */
static void bb_rank_sum_tails(const unsigned long *rank2, size_t n, size_t k,
			      unsigned long sum2, double *below, double *above)
{
	unsigned long top = 0, s;
	double *ways, all = 0;
	size_t i, j;

	for (i = 0; i < n; i++)
		top += rank2[i];
	ways = calloc((k + 1) * (top + 1), sizeof(*ways));
	if (!ways)
		abort();
#define W(jj, ss) ways[(jj) * (top + 1) + (ss)]
	W(0, 0) = 1;
	for (i = 0; i < n; i++)
		for (j = i + 1 < k ? i + 1 : k; j > 0; j--)
			for (s = top; s >= rank2[i]; s--)
				W(j, s) += W(j - 1, s - rank2[i]);
	*below = *above = 0;
	for (s = 0; s <= top; s++) {
		all += W(k, s);
		if (s <= sum2)
			*below += W(k, s);
		if (s >= sum2)
			*above += W(k, s);
	}
#undef W
	free(ways);
	*below /= all;
	*above /= all;
}

/*
 * The exact distribution's cost, in table updates: every item, for every
 * count up to the smaller side, for every doubled rank sum up to
 * n (n + 1).  Up to this many (a fraction of a second) the test is exact.
 */
#define BB_MWU_EXACT_COST 1e8

/* Whether samples of these sizes get the exact distribution. */
static bool bb_mwu_exact(size_t na, size_t nb)
{
	double n = (double)(na + nb), k = (double)(na < nb ? na : nb);

	return n * k * n * (n + 1) <= BB_MWU_EXACT_COST;
}

/**
 * bb_mann_whitney_p() - two-sided p-value of the Mann-Whitney U test
 * @a: one sample
 * @na: its size
 * @b: the other
 * @nb: its size
 *
 * Exact whenever its cost allows (bb_mwu_exact(): 3 against 134 as well
 * as 30 against 30), ties or not: the permutation distribution of the
 * mid-rank sum.  On tied samples the normal approximation can be far too
 * small (3 x 110 against 84 x 100 and 50 x 110: 0.0287 where the exact p
 * is 0.1118), so it is left for samples too large to count exactly, with
 * tie and continuity corrections.
 *
 * Return: the p-value in [0, 1]; 1 when a side is empty.
 */
double bb_mann_whitney_p(const double *a, size_t na, const double *b,
			 size_t nb)
{
	size_t n = na + nb, i, j, k;
	struct bb_ranked *all;
	unsigned long *rank2, sum2 = 0;
	double ties = 0, u, mu, sigma, below, above, p;

	if (!na || !nb)
		return 1;
	all = malloc(n * sizeof(*all));
	rank2 = malloc(n * sizeof(*rank2));
	if (!all || !rank2)
		abort();
	for (i = 0; i < na; i++)
		all[i] = (struct bb_ranked){ a[i], 0 };
	for (i = 0; i < nb; i++)
		all[na + i] = (struct bb_ranked){ b[i], 1 };
	qsort(all, n, sizeof(*all), bb_cmp_ranked);
	/* Runs of equal values share the mean of their ranks. */
	for (i = 0; i < n; i = j) {
		double t;

		for (j = i + 1; j < n && all[j].value == all[i].value; j++)
			;
		t = (double)(j - i);
		if (t > 1)
			ties += t * t * t - t;
		for (k = i; k < j; k++) {
			rank2[k] = i + j + 1;
			if (all[k].group == 0)
				sum2 += rank2[k];
		}
	}
	free(all);
	if (bb_mwu_exact(na, nb)) {
		/* The smaller side's sum needs the smaller table. */
		if (na > nb)
			sum2 = (unsigned long)n * (n + 1) - sum2;
		bb_rank_sum_tails(rank2, n, na < nb ? na : nb, sum2, &below,
				  &above);
		free(rank2);
		p = 2 * fmin(below, above);
		return p > 1 ? 1 : p;
	}
	free(rank2);
	u = (double)sum2 / 2 - (double)na * (na + 1) / 2;
	mu = (double)na * nb / 2;
	sigma = sqrt((double)na * nb / 12 *
		     ((n + 1) - ties / ((double)n * (n - 1))));
	if (sigma == 0)
		return 1;
	p = erfc(fmax(fabs(u - mu) - 0.5, 0) / sigma / sqrt(2));
	return p > 1 ? 1 : p;
}

/**
 * bb_mann_whitney_min_p() - the smallest p the U test can give
 * @na: one sample's size
 * @nb: the other's
 *
 * Where the test is exact, reached when the samples do not overlap and
 * nothing ties: one arrangement of C(na + nb, na) in each tail; ties can
 * only raise it.  Beyond, the normal approximation's tie correction can
 * make p as small as it likes, so no bound is claimed.
 *
 * Return: the smallest attainable two-sided p-value; 0 where the test is
 * not exact.
 */
double bb_mann_whitney_min_p(size_t na, size_t nb)
{
	if (!na || !nb)
		return 1;
	if (bb_mwu_exact(na, nb))
		return fmin(1, 2 / bb_choose(na + nb, na));
	return 0;
}

/**
 * bb_student_t_p() - two-sided p-value of Student's t statistic
 * @t: the statistic
 * @df: degrees of freedom, at least 1
 *
 * Exact for whole degrees of freedom: with theta = atan(|t| / sqrt(df)),
 * P(|T| <= t) is a finite series in cos(theta) (Abramowitz and Stegun,
 * 26.7.3 for odd and 26.7.4 for even df).  The series with every term
 * continues to 1, so far in the tail P(|T| >= t) is summed as the terms
 * the finite series leaves out: subtracting from 1 would lose every digit
 * below 1e-16.
 *
 * Return: P(|T| >= |t|): 0 for an infinite @t, 1 for a NaN.
 */
double bb_student_t_p(double t, unsigned int df)
{
	/* sin and cos of theta without rounding theta near pi/2 first. */
	double r = hypot(t, sqrt(df)), s = fabs(t) / r, c = sqrt(df) / r;
	double odd = df % 2, c2 = c * c, term = 1, sum = 0, inside, scale;
	unsigned int j, k = df / 2;

	if (isnan(t))
		return 1;
	if (isinf(t))
		return 0;

	/*
	 * P = scale sum_{j<k} a_j c^2j (+ 2 theta / pi for odd df), and the
	 * whole series sums to 1: 1 - P = scale sum_{j>=k} a_j c^2j.  Odd df:
	 * scale = 2/pi s c, a_j = (2j)!! / (2j+1)!!; even: scale = s,
	 * a_j = (2j-1)!! / (2j)!!.
	 */
	scale = odd ? 2 / M_PI * s * c : s;
	for (j = 0; j < k; j++) {
		sum += term;
		term *= c2 * (2.0 * j + 1 + odd) / (2.0 * j + 2 + odd);
	}
	inside = scale * sum +
		 (odd ? 2 / M_PI * atan(fabs(t) / sqrt(df)) : 0);
	if (inside < 0.9)
		return fmin(fmax(1 - inside, 0), 1);
	/*
	 * Past the smallest normal double a term stops shrinking (times a
	 * ratio above 1/2 the smallest subnormal rounds back to itself) and
	 * adds nothing that survives the scale.
	 */
	for (sum = 0; term > 1e-17 * sum && term > DBL_MIN; j++) {
		sum += term;
		term *= c2 * (2.0 * j + 1 + odd) / (2.0 * j + 2 + odd);
	}
	return scale * sum;
}

/**
 * bb_student_t_quantile() - the t beyond which a two-sided tail holds @p
 * @p: the two-sided tail probability, in (0, 1)
 * @df: degrees of freedom, at least 1
 *
 * Return: t >= 0 with bb_student_t_p(t, df) = @p (to 1e-12 relative).
 */
double bb_student_t_quantile(double p, unsigned int df)
{
	double low = 0, high = 1, mid;
	int i;

	while (bb_student_t_p(high, df) > p)
		high *= 2;
	for (i = 0; i < 200 && high - low > 1e-12 * high; i++) {
		mid = (low + high) / 2;
		if (bb_student_t_p(mid, df) > p)
			low = mid;
		else
			high = mid;
	}
	return (low + high) / 2;
}

/*
 * The two-sided t test of a mean log ratio @mean with standard error @se
 * over @n pairs.  When every pair moved by the same ratio the t
 * statistic is 0/0 or infinite, and on a wall clock such agreement is a
 * metric's quantization (a percentage, a count), not certainty: it gets
 * the p of the exact sign test (and signed-rank test), every pair the
 * same way, 2 / 2^n (3 pairs 0.25, 8 pairs 0.0078).  Virtual-clock
 * metrics are never paired: their tolerance decides.
 */
/* Ratios that agree this closely differ by the logs' rounding alone. */
#define BB_SAME_RATIO_SE 1e-12

static double bb_log_ratio_p(double mean, double se, size_t n)
{
	if (se <= BB_SAME_RATIO_SE)
		return mean == 0 ? 1 : fmin(1, ldexp(1, 1 - (int)fmin(n, 1100)));
	return bb_student_t_p(mean / se, n - 1);
}

/*
 * Mean and standard error of log(cand/base) over @n pairs; false when a
 * value is not above 0, where a ratio says nothing.
 */
static bool bb_log_ratios(const double *base, const double *cand, size_t n,
			  double *mean, double *se)
{
	double ss = 0, d;
	size_t i;

	/* Differences of logs: a ratio of 1e300 to 1e-300 overflows. */
	*mean = 0;
	for (i = 0; i < n; i++) {
		if (!(base[i] > 0 && cand[i] > 0) || isinf(base[i]) ||
		    isinf(cand[i]))
			return false;
		*mean += log(cand[i]) - log(base[i]);
	}
	*mean /= n;
	for (i = 0; i < n; i++) {
		d = log(cand[i]) - log(base[i]) - *mean;
		ss += d * d;
	}
	*se = sqrt(ss / (n - 1) / n);
	return true;
}

/**
 * bb_paired_log_t_p() - paired t test on the log of candidate/base
 * @base: base samples, one per pair
 * @cand: candidate samples, @cand[i] paired with @base[i]
 * @n: pairs, at least 2
 *
 * When both members of a pair ran side by side, whatever slowed the host
 * at that moment slowed both; the test sees only the change within pairs.
 * Logs make the change a ratio, as the rest of the comparison is.
 *
 * Return: the two-sided p-value of "the mean log ratio is 0" (1 when every
 * pair agrees exactly, 0 when every pair moved by the same ratio), or NAN
 * when a value is not above 0 or there are fewer than 2 pairs.
 */
double bb_paired_log_t_p(const double *base, const double *cand, size_t n)
{
	double mean, se;

	if (n < 2 || !bb_log_ratios(base, cand, n, &mean, &se))
		return NAN;
	return bb_log_ratio_p(mean, se, n);
}

/*
 * The paired test and its effect: the geometric mean of the pairs'
 * ratios with its t interval, which excludes 1 exactly when p < 5%.
 * False when the pairs cannot be judged on ratios.
 */
static bool bb_judge_pairs(const double *base, const double *cand, size_t n,
			   struct bb_comparison *c)
{
	double mean, se, half;

	if (n < 2 || !bb_log_ratios(base, cand, n, &mean, &se))
		return false;
	c->paired = true;
	c->ratio = exp(mean);
	c->p = bb_log_ratio_p(mean, se, n);
	/* One ratio throughout: the sign test's p is also its smallest. */
	c->min_p = se <= BB_SAME_RATIO_SE ? c->p : 0;
	half = se * bb_student_t_quantile(BB_ALPHA, n - 1);
	c->interval.low = exp(mean - half);
	c->interval.high = exp(mean + half);
	return true;
}

/**
 * bb_best() - the best of some values
 * @v: the values
 * @n: how many (at least 1)
 * @better: which direction is good
 *
 * A side's figure for a virtual-clock metric is its best repetition.  The
 * guest's own instructions repeat from run to run; what varies is other
 * guest work that lands in the window (a timer's work item on the tick
 * the driver's cycle starts on), and that only ever adds time, in steps
 * larger than the tolerance.  The best repetition is the one it spared.
 * A micro-benchmark process's sample is its best repetition for the same
 * reason (struct bb_metric's @unit_best).
 *
 * Return: the smallest value, or the largest when higher is better.
 */
double bb_best(const double *v, size_t n, enum bb_better better)
{
	double best = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		best = better == BB_BETTER_HIGHER ? fmax(best, v[i]) :
						    fmin(best, v[i]);
	return best;
}

/* The relative change from @from to @to, positive when @to is better. */
static double bb_change(double to, double from, enum bb_better better)
{
	double ratio = bb_ratio(to, from);

	return better == BB_BETTER_HIGHER ? ratio - 1 : 1 - ratio;
}

/*
 * A virtual-clock verdict: worse only when the candidate's best
 * repetition is worse than the base's worst by more than @tolerance
 * (better, the other way round), so that one repetition on either side
 * that other guest work happened to hit or to spare decides nothing.
 * Such work mostly adds time, but not only: in one A/A trial a single
 * page deflate took 100.58 ms of guest work in five repetitions of six
 * and 96.89 ms in the sixth, and comparing the sides' best called the
 * other side 3.8% slower.
 */
static enum bb_verdict bb_virtual_verdict(const double *base, size_t nb,
					  const double *cand, size_t nc,
					  enum bb_better better,
					  double tolerance)
{
	enum bb_better worse = better == BB_BETTER_HIGHER ? BB_BETTER_LOWER :
							    BB_BETTER_HIGHER;

	if (bb_change(bb_best(cand, nc, better), bb_best(base, nb, worse),
		      better) < -tolerance)
		return BB_VERDICT_WORSE;
	if (bb_change(bb_best(cand, nc, worse), bb_best(base, nb, better),
		      better) > tolerance)
		return BB_VERDICT_BETTER;
	return BB_VERDICT_SAME;
}

/* bb_compare() and bb_compare_paired(): @paired asks for the paired test. */
static struct bb_comparison bb_judge(const double *base, size_t nb,
				     const double *cand, size_t nc,
				     enum bb_better better,
				     enum bb_metric_kind kind, double tolerance,
				     bool paired)
{
	struct bb_comparison c = { .n_base = nb, .n_cand = nc, .p = 1,
				   .min_p = 1 };
	bool worse_ci, better_ci;

	if (!nb || !nc) {
		c.verdict = BB_VERDICT_UNRELIABLE;
		return c;
	}
	if (kind == BB_KIND_VIRTUAL) {
		c.base_median = bb_best(base, nb, better);
		c.cand_median = bb_best(cand, nc, better);
	} else {
		c.base_median = bb_median(base, nb);
		c.cand_median = bb_median(cand, nc);
	}
	c.ratio = bb_ratio(c.cand_median, c.base_median);
	c.interval.low = c.interval.high = c.ratio;
	if (kind == BB_KIND_WALL &&
	    !(paired && bb_judge_pairs(base, cand, nb, &c))) {
		c.interval = bb_bootstrap_ratio(base, nb, cand, nc, 2000, 0.95,
						1);
		c.p = bb_mann_whitney_p(base, nb, cand, nc);
		c.min_p = bb_mann_whitney_min_p(nb, nc);
	}
	c.change = better == BB_BETTER_HIGHER ? c.ratio - 1 : 1 - c.ratio;
	if (nb < BB_MIN_REPETITIONS || nc < BB_MIN_REPETITIONS) {
		c.verdict = BB_VERDICT_UNRELIABLE;
		return c;
	}
	if (kind == BB_KIND_VIRTUAL) {
		c.verdict = bb_virtual_verdict(base, nb, cand, nc, better,
					       tolerance);
		return c;
	}
	if (kind != BB_KIND_WALL) {
		c.verdict = c.change < -tolerance ? BB_VERDICT_WORSE :
			    c.change > tolerance ? BB_VERDICT_BETTER :
						   BB_VERDICT_SAME;
		return c;
	}
	if (better == BB_BETTER_HIGHER) {
		worse_ci = c.interval.high < 1;
		better_ci = c.interval.low > 1;
	} else {
		worse_ci = c.interval.low > 1;
		better_ci = c.interval.high < 1;
	}
	/*
	 * The percentile bootstrap covers too little on a handful of
	 * repetitions, so the U test must agree too.  (The paired interval
	 * and the paired test agree by construction.)
	 */
	if (c.p >= BB_ALPHA)
		worse_ci = better_ci = false;
	c.verdict = c.change < -tolerance && worse_ci ? BB_VERDICT_WORSE :
		    c.change > tolerance && better_ci ? BB_VERDICT_BETTER :
							BB_VERDICT_SAME;
	return c;
}

/**
 * bb_compare() - judge one metric, base against candidate
 * @base: base repetitions
 * @nb: how many
 * @cand: candidate repetitions
 * @nc: how many
 * @better: which direction is good
 * @kind: wall (noisy), virtual (near-deterministic) or count
 * @tolerance: relative change that matters, e.g. 0.05
 *
 * Count metrics: a change of the ratio of medians beyond @tolerance
 * decides; virtual metrics: the ratio shown is of each side's best
 * repetition (bb_best()), and the verdict needs the candidate's best
 * beyond the base's worst (bb_virtual_verdict()).  Wall metrics: a change beyond @tolerance whose
 * bootstrap 95% interval of the ratio excludes 1 (no change) and whose U
 * test gives p < BB_ALPHA decides.  Fewer than BB_MIN_REPETITIONS on a
 * side is unreliable, never a pass.
 *
 * Return: the comparison.
 */
struct bb_comparison bb_compare(const double *base, size_t nb,
				const double *cand, size_t nc,
				enum bb_better better, enum bb_metric_kind kind,
				double tolerance)
{
	return bb_judge(base, nb, cand, nc, better, kind, tolerance, false);
}

/**
 * bb_compare_paired() - judge one metric on pairs that ran side by side
 * @base: base samples
 * @cand: candidate samples, @cand[i] the partner of @base[i]
 * @n: pairs
 * @better: which direction is good
 * @kind: wall (noisy), virtual (near-deterministic) or count
 * @tolerance: relative change that matters, e.g. 0.05
 *
 * For wall metrics one effect is judged throughout: the geometric mean of
 * the pairs' ratios, its t interval, and the paired t test on log ratios.
 * Host drift that both members of a pair shared drops out.  When a value
 * is not above 0 the pairs cannot be judged on ratios; the comparison is
 * then bb_compare()'s, and @paired in the result says so.  Virtual and
 * count metrics are judged as by bb_compare().
 *
 * Return: the comparison.
 */
struct bb_comparison bb_compare_paired(const double *base,
				       const double *cand, size_t n,
				       enum bb_better better,
				       enum bb_metric_kind kind,
				       double tolerance)
{
	return bb_judge(base, n, cand, n, better, kind, tolerance, true);
}

static const double *bb_holm_p;

/* By p, a NaN (a test that could not be computed) last, as a 1. */
static int bb_cmp_by_p(const void *a, const void *b)
{
	double x = bb_holm_p[*(const size_t *)a], y = bb_holm_p[*(const size_t *)b];

	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return (x > y) - (x < y);
}

/**
 * bb_holm() - Holm's step-down adjustment of a family of p-values
 * @p: the p-values, replaced by the adjusted ones
 * @n: how many
 *
 * A gate judges many metrics at once; each at 5% would cry wolf on one of
 * them far more often than 5% of the time.  After the adjustment, any
 * adjusted p-value below 5% keeps the family's false-alarm rate at 5%.
 * The i-th smallest p-value (from 0) is multiplied by n - i, and the
 * results are made non-decreasing in that order.
 *
 * Return: 0, or -1 when out of memory (@p unchanged).
 */
int bb_holm(double *p, size_t n)
{
	size_t *order = malloc(n * sizeof(*order)), i;
	double running = 0;

	if (!order)
		return -1;
	for (i = 0; i < n; i++)
		order[i] = i;
	bb_holm_p = p;
	qsort(order, n, sizeof(*order), bb_cmp_by_p);
	for (i = 0; i < n; i++) {
		double raw = isnan(p[order[i]]) ? 1 : p[order[i]];
		double adjusted = fmin(1, (double)(n - i) * raw);

		running = fmax(running, adjusted);
		p[order[i]] = running;
	}
	free(order);
	return 0;
}

/**
 * bb_holm_in_place() - Holm-adjusted p of a test that stands in for another
 * @p: the family's raw p-values
 * @n: how many
 * @slot: the family member the test restates
 * @p_other: the restating test's raw p-value
 *
 * A metric that restates another (throughput of a fixed amount is its
 * time) is not a test of its own, so it does not enlarge the family; it
 * takes its source's place in the step-down instead, as if its p had been
 * the one tested.
 *
 * Return: the adjusted p-value, or -1 when out of memory.
 */
double bb_holm_in_place(const double *p, size_t n, size_t slot,
			double p_other)
{
	double *copy = malloc(n * sizeof(*copy)), adjusted = -1;

	if (!copy)
		return -1;
	memcpy(copy, p, n * sizeof(*copy));
	copy[slot] = p_other;
	if (!bb_holm(copy, n))
		adjusted = copy[slot];
	free(copy);
	return adjusted;
}

/**
 * bb_can_reject() - whether a test can stand after Holm's adjustment
 * @min_p: the smallest p-value each test of the family can give at its
 *	sample sizes
 * @family: tests in the family
 * @self: the test asked about
 *
 * Holm multiplies the i-th smallest p (from 0) by family - i and keeps
 * the running maximum, so a test can be called when, at best, the tests
 * that can rank before it do so with adjusted p below BB_ALPHA and its own
 * smallest p times what is left of the family is below BB_ALPHA too.  The
 * best case takes the others in order of their smallest p: each one that
 * can rank first (its smallest p not above @self's) and stays below
 * BB_ALPHA at its place lowers @self's factor by one.  In a family of one
 * size this is the smallest p times the family size; in a mixed family a
 * 6-a-side test behind an 8-a-side one can be called among 24 tests.
 *
 * Return: true when @self can be called in some outcome.
 */
bool bb_can_reject(const double *min_p, size_t family, size_t self)
{
	double *others = malloc(family * sizeof(*others)), worst = 0;
	size_t i, n = 0, place = 0;

	if (!others)
		abort();
	for (i = 0; i < family; i++)
		if (i != self && min_p[i] <= min_p[self])
			others[n++] = min_p[i];
	qsort(others, n, sizeof(*others), bb_cmp_double);
	for (i = 0; i < n; i++) {
		double adjusted = (double)(family - place) * others[i];

		if (adjusted >= BB_ALPHA)
			break;
		worst = fmax(worst, adjusted);
		place++;
	}
	free(others);
	return fmax(worst, (double)(family - place) * min_p[self]) < BB_ALPHA;
}
