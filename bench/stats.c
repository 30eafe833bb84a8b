// SPDX-License-Identifier: GPL-2.0-only
/*
 * Comparison statistics that hold on noisy machines: medians rather than
 * means, a percentile bootstrap of the ratio of medians, and the
 * Mann-Whitney U test (exact for small samples without ties, normal with
 * tie and continuity corrections otherwise).
 */
#include "stats.h"
#include "random.h"

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

static int bb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of @n values sorted in place. */
static double bb_median_sorted(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bb_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/**
 * bb_median() - median of a sample
 * @v: values (not changed)
 * @n: how many, at least one
 *
 * Return: the median (the mean of the middle two for an even count).
 */
double bb_median(const double *v, size_t n)
{
	double *copy = malloc(n * sizeof(*copy)), m;

	if (!copy)
		abort();
	memcpy(copy, v, n * sizeof(*copy));
	m = bb_median_sorted(copy, n);
	free(copy);
	return m;
}

static double bb_resampled_median(const double *v, size_t n, double *scratch,
				  uint64_t *state)
{
	size_t i;

	for (i = 0; i < n; i++)
		scratch[i] = v[bb_splitmix64(state) % n];
	return bb_median_sorted(scratch, n);
}

static double bb_ratio(double cand, double base)
{
	if (base == 0)
		return cand == 0 ? 1 : INFINITY;
	return cand / base;
}

/*
 * One resample of median(cand)/median(base).  Paired samples are drawn
 * pair by pair, so that each keeps the drift it shared with its partner.
 */
static double bb_resampled_ratio(const double *base, size_t nb,
				 const double *cand, size_t nc, bool paired,
				 double *scratch, uint64_t *state)
{
	double *other = scratch + nb, mb;
	size_t i, k;

	if (!paired) {
		mb = bb_resampled_median(base, nb, scratch, state);
		return bb_ratio(bb_resampled_median(cand, nc, scratch, state),
				mb);
	}
	for (i = 0; i < nb; i++) {
		k = bb_splitmix64(state) % nb;
		scratch[i] = base[k];
		other[i] = cand[k];
	}
	mb = bb_median_sorted(scratch, nb);
	return bb_ratio(bb_median_sorted(other, nb), mb);
}

static struct bb_interval bb_bootstrap(const double *base, size_t nb,
				       const double *cand, size_t nc,
				       bool paired, unsigned int resamples,
				       double confidence, uint64_t seed)
{
	double *ratios = malloc(resamples * sizeof(*ratios));
	double *scratch = malloc((nb + nc) * sizeof(*scratch));
	double tail = (1 - confidence) / 2;
	struct bb_interval ci;
	uint64_t state = seed;
	unsigned int i;

	if (!ratios || !scratch)
		abort();
	for (i = 0; i < resamples; i++)
		ratios[i] = bb_resampled_ratio(base, nb, cand, nc, paired,
					       scratch, &state);
	qsort(ratios, resamples, sizeof(*ratios), bb_cmp_double);
	ci.low = ratios[(size_t)(tail * (resamples - 1) + 0.5)];
	ci.high = ratios[(size_t)((1 - tail) * (resamples - 1) + 0.5)];
	free(ratios);
	free(scratch);
	return ci;
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
	return bb_bootstrap(base, nb, cand, nc, false, resamples, confidence,
			    seed);
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

/*
 * P(U <= u) under the null hypothesis, by counting the arrangements of m
 * and n items with each U: N(m, n, u) = N(m - 1, n, u - n) + N(m, n - 1, u).
 */
static double bb_u_cdf_exact(size_t m, size_t n, double u)
{
	size_t max = m * n, i, j, k;
	double *prev = calloc((n + 1) * (max + 1), sizeof(double));
	double *cur = calloc((n + 1) * (max + 1), sizeof(double));
	double total = 0, below = 0, *swap;

#define N(t, jj, uu) ((t)[(jj) * (max + 1) + (uu)])
	if (!prev || !cur)
		abort();
	/* m = 0: one arrangement with U = 0 for every n. */
	for (j = 0; j <= n; j++)
		N(prev, j, 0) = 1;
	for (i = 1; i <= m; i++) {
		memset(cur, 0, (n + 1) * (max + 1) * sizeof(double));
		N(cur, 0, 0) = 1;
		for (j = 1; j <= n; j++)
			for (k = 0; k <= i * j; k++)
				N(cur, j, k) = (k >= j ? N(prev, j, k - j) : 0) +
					       N(cur, j - 1, k);
		swap = prev;
		prev = cur;
		cur = swap;
	}
	for (k = 0; k <= max; k++) {
		total += N(prev, n, k);
		if (k <= u + 1e-9)
			below += N(prev, n, k);
	}
#undef N
	free(prev);
	free(cur);
	return below / total;
}

/**
 * bb_mann_whitney_p() - two-sided p-value of the Mann-Whitney U test
 * @a: one sample
 * @na: its size
 * @b: the other
 * @nb: its size
 *
 * Exact when there are no ties and the samples are small (na * nb <= 400);
 * otherwise the normal approximation with tie and continuity corrections.
 *
 * Return: the p-value in [0, 1]; 1 when a side is empty.
 */
double bb_mann_whitney_p(const double *a, size_t na, const double *b,
			 size_t nb)
{
	size_t n = na + nb, i, j;
	struct bb_ranked *all;
	double rank_a = 0, ties = 0, u, mu, sigma, p;
	bool tied = false;

	if (!na || !nb)
		return 1;
	all = malloc(n * sizeof(*all));
	if (!all)
		abort();
	for (i = 0; i < na; i++)
		all[i] = (struct bb_ranked){ a[i], 0 };
	for (i = 0; i < nb; i++)
		all[na + i] = (struct bb_ranked){ b[i], 1 };
	qsort(all, n, sizeof(*all), bb_cmp_ranked);
	/* Average ranks over runs of equal values. */
	for (i = 0; i < n; i = j) {
		double t, rank;

		for (j = i + 1; j < n && all[j].value == all[i].value; j++)
			;
		t = (double)(j - i);
		rank = (double)(i + j + 1) / 2;
		if (t > 1) {
			tied = true;
			ties += t * t * t - t;
		}
		for (size_t k = i; k < j; k++)
			if (all[k].group == 0)
				rank_a += rank;
	}
	free(all);
	u = rank_a - (double)na * (na + 1) / 2;
	if (!tied && na * nb <= 400) {
		double low = bb_u_cdf_exact(na, nb, u);
		double high = 1 - bb_u_cdf_exact(na, nb, u - 1);

		p = 2 * (low < high ? low : high);
		return p > 1 ? 1 : p;
	}
	mu = (double)na * nb / 2;
	sigma = sqrt((double)na * nb / 12 *
		     ((n + 1) - ties / ((double)n * (n - 1))));
	if (sigma == 0)
		return 1;
	p = erfc(fmax(fabs(u - mu) - 0.5, 0) / sigma / sqrt(2));
	return p > 1 ? 1 : p;
}

/**
 * bb_student_t_p() - two-sided p-value of Student's t statistic
 * @t: the statistic
 * @df: degrees of freedom, at least 1
 *
 * Exact for whole degrees of freedom: with theta = atan(|t| / sqrt(df)),
 * P(|T| <= t) is a finite series in cos(theta) (Abramowitz and Stegun,
 * 26.7.3 for odd and 26.7.4 for even df).
 *
 * Return: P(|T| >= |t|).
 */
double bb_student_t_p(double t, unsigned int df)
{
	double theta = atan(fabs(t) / sqrt(df));
	double s = sin(theta), c = cos(theta), term, sum, inside;
	unsigned int j;

	if (df % 2) {
		/* theta + sin cos (1 + 2/3 cos^2 + 2*4/(3*5) cos^4 + ...) */
		term = c;
		sum = df > 1 ? term : 0;
		for (j = 1; 2 * j + 3 <= df; j++) {
			term *= c * c * (2.0 * j) / (2.0 * j + 1);
			sum += term;
		}
		inside = 2 / M_PI * (theta + s * sum);
	} else {
		/* sin (1 + 1/2 cos^2 + 1*3/(2*4) cos^4 + ...) */
		term = 1;
		sum = 1;
		for (j = 1; 2 * j + 2 <= df; j++) {
			term *= c * c * (2.0 * j - 1) / (2.0 * j);
			sum += term;
		}
		inside = s * sum;
	}
	return fmin(fmax(1 - inside, 0), 1);
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
 * pair agrees exactly, 0 when every pair moved by the same ratio).
 */
double bb_paired_log_t_p(const double *base, const double *cand, size_t n)
{
	double mean = 0, ss = 0, d;
	size_t i;

	if (n < 2)
		return 1;
	for (i = 0; i < n; i++) {
		if (base[i] <= 0 || cand[i] <= 0)
			return 1;
		mean += log(cand[i] / base[i]);
	}
	mean /= n;
	for (i = 0; i < n; i++) {
		d = log(cand[i] / base[i]) - mean;
		ss += d * d;
	}
	if (ss == 0)
		return mean == 0 ? 1 : 0;
	return bb_student_t_p(mean / sqrt(ss / (n - 1) / n), n - 1);
}

/* bb_compare() and bb_compare_paired(): @paired picks the test. */
static struct bb_comparison bb_judge(const double *base, size_t nb,
				     const double *cand, size_t nc,
				     enum bb_better better,
				     enum bb_metric_kind kind, double tolerance,
				     bool paired)
{
	struct bb_comparison c = { .n_base = nb, .n_cand = nc, .p = 1 };
	bool worse_ci, better_ci;

	if (!nb || !nc) {
		c.verdict = BB_VERDICT_UNRELIABLE;
		return c;
	}
	c.base_median = bb_median(base, nb);
	c.cand_median = bb_median(cand, nc);
	c.ratio = bb_ratio(c.cand_median, c.base_median);
	c.change = better == BB_BETTER_HIGHER ? c.ratio - 1 : 1 - c.ratio;
	c.interval.low = c.interval.high = c.ratio;
	if (kind == BB_KIND_WALL) {
		c.interval = bb_bootstrap(base, nb, cand, nc, paired, 2000, 0.95,
					  1);
		c.p = paired ? bb_paired_log_t_p(base, cand, nb) :
				 bb_mann_whitney_p(base, nb, cand, nc);
	}
	if (nb < BB_MIN_REPETITIONS || nc < BB_MIN_REPETITIONS) {
		c.verdict = BB_VERDICT_UNRELIABLE;
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
	 * repetitions, so the test of p (rank, or paired t) must agree too.
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
 * Virtual and count metrics: a change beyond @tolerance decides.  Wall
 * metrics: a change beyond @tolerance whose bootstrap 95% interval of the
 * ratio excludes 1 (no change) and whose U test gives p < BB_ALPHA decides.
 * Fewer than BB_MIN_REPETITIONS on a side is unreliable, never a pass.
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
 * As bb_compare(), with the paired t test on log ratios in place of the U
 * test: host drift that both members of a pair shared drops out.
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

static int bb_cmp_by_p(const void *a, const void *b)
{
	double x = bb_holm_p[*(const size_t *)a], y = bb_holm_p[*(const size_t *)b];

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
		double adjusted = fmin(1, (double)(n - i) * p[order[i]]);

		running = fmax(running, adjusted);
		p[order[i]] = running;
	}
	free(order);
	return 0;
}
